// SPDX-License-Identifier: GPL-2.0
/*
 * mm/util.c - the kvmalloc family: memory that is physically contiguous
 * when the page allocator can cheaply give it, and only virtually
 * contiguous (vmalloc) otherwise.  kvmalloc, kvzalloc, kvmalloc_node,
 * kvzalloc_node, kvmalloc_array and kvcalloc are macros in linux/slab.h
 * over __kvmalloc_node_noprof(); kvrealloc, kvfree and kvfree_sensitive
 * live here too.
 *
 * The rule is Linux 6.12's, step for step, because callers rely on it:
 *  - every request tries kmalloc first.  Up to a page that is the whole
 *    story: its result, NULL included, is returned, since a vmalloc area
 *    of one page costs a guard page, a vmap_area and a page table entry
 *    to save nothing.
 *  - above a page the kmalloc attempt is made cheap and quiet: no warning
 *    (there is a fallback), no retrying unless the caller asked for
 *    __GFP_RETRY_MAYFAIL, and never __GFP_NOFAIL, which would make the
 *    page allocator loop on a high order instead of falling back.
 *  - a caller that may not sleep (no __GFP_DIRECT_RECLAIM) never reaches
 *    vmalloc: mapping pages takes sleeping locks in the kernel.
 *  - sizes above INT_MAX are refused with a WARN_ON_ONCE unless the
 *    caller said __GFP_NOWARN: such sizes are almost always an overflow.
 *  - the vmalloc fallback gets the caller's own flags (so __GFP_NOFAIL is
 *    honoured there) and VM_ALLOW_HUGE_VMAP: kvmalloc's callers cannot
 *    assume anything about the mapping, so PMD-sized blocks are allowed
 *    for areas of 2 MiB and more per node where the arch supports it.
 *
 * kvfree() tells the two kinds apart by address alone (is_vmalloc_addr),
 * so it is as cheap as kfree for slab memory.  kvrealloc() reallocates a
 * vmalloc'd object with vrealloc and a kmalloc'd one with krealloc under
 * the same flag adjustment, falling back to kvmalloc + copy + kfree.
 *
 * Locking: none of its own; kmalloc and vmalloc take theirs.
 *
 * Where it differs from Linux: nothing in behaviour.  The kernel's
 * mm/util.c also holds kstrdup and friends; ukmem keeps those with the
 * kmalloc caches in mm/slab_common.c.
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "kasan.h"

/*
 * The flags for the kmalloc attempt of a request of @size bytes: above a
 * page, quiet, cheap and never looping, as the vmalloc fallback exists.
 */
static gfp_t kmalloc_gfp_adjust(gfp_t flags, size_t size)
{
	if (size <= PAGE_SIZE)
		return flags;
	flags |= __GFP_NOWARN;
	if (!(flags & __GFP_RETRY_MAYFAIL))
		flags |= __GFP_NORETRY;
	/* __GFP_NOFAIL is kept for the vmalloc fallback, which honours it */
	return flags & ~__GFP_NOFAIL;
}

/**
 * __kvmalloc_node_noprof - kmalloc, or vmalloc if that fails
 * @size: bytes
 * @b: kmalloc buckets to use instead of the shared kmalloc caches, or NULL
 * @flags: GFP flags; must allow what kmalloc allows (GFP_KERNEL-like flags
 *	   to get the vmalloc fallback)
 * @node: preferred node, or NUMA_NO_NODE
 *
 * Up to a page this is kmalloc.  Larger requests try kmalloc without
 * warning or retrying, then vmalloc with @flags, unless @flags cannot
 * sleep (NULL) or @size exceeds INT_MAX (NULL, with a warning unless
 * __GFP_NOWARN).  Free the result with kvfree().
 *
 * Return: the memory, or NULL.
 */
noinline void *__kvmalloc_node_noprof(DECL_BUCKET_PARAMS(size, b), gfp_t flags, int node)
{
	void *ret;

	ret = __kmalloc_node_noprof(PASS_BUCKET_PARAMS(size, b), kmalloc_gfp_adjust(flags, size),
				    node);
	if (ret || size <= PAGE_SIZE)
		return ret;

	/* vmalloc sleeps to map pages */
	if (!gfpflags_allow_blocking(flags))
		return NULL;

	/* more than INT_MAX bytes is almost certainly a size that overflowed */
	if (unlikely(size > INT_MAX)) {
		WARN_ON_ONCE(!(flags & __GFP_NOWARN));
		return NULL;
	}

	return __vmalloc_node_range_noprof(size, 1, VMALLOC_START, VMALLOC_END, flags, PAGE_KERNEL,
					   VM_ALLOW_HUGE_VMAP, node, __builtin_return_address(0));
}
EXPORT_SYMBOL(__kvmalloc_node_noprof);

/**
 * kvfree - free memory from kvmalloc() (or kmalloc() or vmalloc())
 * @addr: the memory; NULL and ZERO_SIZE_PTR do nothing
 *
 * vmalloc'd memory is recognised by its address.  Like vfree(), it must
 * not be called where sleeping is not allowed for vmalloc'd memory.
 */
void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}
EXPORT_SYMBOL(kvfree);

/**
 * kvfree_sensitive - zero and free memory that held secrets
 * @addr: the memory from kvmalloc(); NULL and ZERO_SIZE_PTR do nothing
 * @len: how many bytes from @addr to clear
 *
 * The bytes are cleared with memzero_explicit() so that the compiler
 * cannot drop the clearing as a store to memory about to be freed.
 */
void kvfree_sensitive(const void *addr, size_t len)
{
	if (likely(!ZERO_OR_NULL_PTR(addr))) {
		memzero_explicit((void *)addr, len);
		kvfree(addr);
	}
}
EXPORT_SYMBOL(kvfree_sensitive);

/**
 * kvrealloc_noprof - resize memory from kvmalloc()
 * @p: the memory, or NULL (then this is kvmalloc)
 * @size: the new size; 0 frees @p
 * @flags: GFP flags, as for kvmalloc()
 *
 * vmalloc'd memory is resized by vrealloc().  kmalloc'd memory is resized
 * by krealloc() with kvmalloc's flag adjustment; when that fails, a new
 * object comes from kvmalloc() (possibly vmalloc'd), the whole old object
 * (ksize() bytes) is copied and the old one freed.  The contents up to the
 * smaller of the two sizes are kept; with __GFP_ZERO the new memory past
 * the old object is zero.
 *
 * Return: the memory, or NULL (@p is then untouched).
 */
void *kvrealloc_noprof(const void *p, size_t size, gfp_t flags)
{
	void *n;

	if (is_vmalloc_addr(p))
		return vrealloc_noprof(p, size, flags);

	n = krealloc_noprof(p, size, kmalloc_gfp_adjust(flags, size));
	if (n)
		return n;

	/* krealloc only fails when growing, so ksize(p) bytes fit in @size */
	n = kvmalloc_noprof(size, flags);
	if (!n)
		return NULL;
	if (p) {
		kasan_unpoison_range(p, ksize(p));
		memcpy(n, p, ksize(p));
		kfree(p);
	}
	return n;
}
EXPORT_SYMBOL(kvrealloc_noprof);
