// SPDX-License-Identifier: GPL-2.0
/*
 * mm/fail_alloc.c - the allocators' two fault-injection users: failslab
 * (6.12's mm/failslab.c) and fail_page_alloc (mm/fail_page_alloc.c), their
 * boot parameters and debugfs knobs, and the boot and shutdown of the whole
 * facility.
 *
 * What it owns: the two fault attributes with their own filters, and the
 * "can anything fire" words the allocator hooks test
 * (ukmem_failslab_active, ukmem_fail_page_alloc_active).
 *
 * failslab is asked by slab_alloc_node() for every slab object (kmalloc up
 * to 8 KiB included) before anything else happens, and by vmalloc for the
 * metadata 6.12 takes from slab (ukmem_failslab_kmalloc()).  It lets pass,
 * before the core sees the call: the boot cache kmem_cache (6.12 never
 * fails it), __GFP_NOFAIL, __GFP_DIRECT_RECLAIM while ignore-gfp-wait is Y
 * (the default), and with cache-filter Y any cache without SLAB_FAILSLAB.
 * The space it charges is the cache's object size.  An injected failure
 * returns NULL at once: no new slab is tried and SLUB's "Unable to
 * allocate memory" report is not printed.
 *
 * fail_page_alloc is asked by __alloc_pages_noprof() where 6.12's
 * prepare_alloc_pages() asks it, before any free list is looked at, so an
 * injected failure returns NULL without the slow path, warn_alloc() or the
 * OOM report.  It lets pass orders below min-order (1), __GFP_NOFAIL,
 * __GFP_HIGHMEM while ignore-gfp-highmem is Y, __GFP_DIRECT_RECLAIM while
 * ignore-gfp-wait is Y.  The space it charges is 1 << order pages.  The bulk
 * allocator asks once per request of more than one page, with order 0.
 *
 * Both pass FAULT_NOWARN for __GFP_NOWARN, so such a failure prints
 * nothing.  Callers see exactly what a real failure gives them, and their
 * own reports follow as in 6.12 (vmalloc's "vmalloc error: ..." lines,
 * kmem_cache_create's "failed with error -12", SLUB's report when a new
 * slab's pages were refused).
 *
 * SLAB_FAILSLAB: a cache is a cache-filter target when its flags carry
 * the bit (kmem_cache_create() accepts it; slub_debug=A sets it on the
 * caches it names once slub_debug exists; /sys/kernel/slab/<cache>/failslab
 * shows it).
 *
 * Boot: failslab= and fail_page_alloc= ("<interval>,<probability>,
 * <space>,<times>") are applied while the command line is reported, as
 * 6.12's __setup handlers run; a value that does not parse prints
 * "FAULT_INJECTION: failed to parse arguments" and is then listed among the
 * unknown parameters.  The knobs appear, and injection starts, when the
 * boot has finished (6.12's late_initcall), so the boot's own allocations
 * never fail; shutdown stops it before anything is torn down.
 *
 * Locking: none of its own; see lib/fault-inject.c.
 *
 * Where it differs from Linux: boot-time allocations are never failed
 * (6.12 applies failslab= from the moment the parameter is parsed); the
 * /sys/kernel/slab/<cache>/failslab file is read-only.
 */
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <kernel/kinternal.h>
#include "slab.h"

int ukmem_failslab_active;
int ukmem_fail_page_alloc_active;

static struct {
	struct fault_attr attr;
	bool ignore_gfp_reclaim;
	bool cache_filter;
} failslab;

static struct {
	struct fault_attr attr;
	bool ignore_gfp_highmem;
	bool ignore_gfp_reclaim;
	u32 min_order;
} fail_page_alloc;

/* Set while alloc_pages_bulk() takes its pages one by one. */
static _Thread_local unsigned int fail_page_alloc_suppressed;

/* ---- failslab ------------------------------------------------------------ */

/**
 * should_failslab - failslab's decision for one slab allocation
 * @s: the cache
 * @gfpflags: the allocation's flags
 *
 * Return: -ENOMEM when the allocation must fail, else 0.
 */
int should_failslab(struct kmem_cache *s, gfp_t gfpflags)
{
	int flags = 0;
	ssize_t size;

	if (unlikely(s == kmem_cache))
		return 0;
	if (gfpflags & __GFP_NOFAIL)
		return 0;
	if (READ_ONCE(failslab.ignore_gfp_reclaim) && (gfpflags & __GFP_DIRECT_RECLAIM))
		return 0;
	if (READ_ONCE(failslab.cache_filter) && !(READ_ONCE(s->flags) & SLAB_FAILSLAB))
		return 0;
	if (gfpflags & __GFP_NOWARN)
		flags |= FAULT_NOWARN;
	/* a merge into the cache may grow object_size meanwhile */
	size = (ssize_t)READ_ONCE(s->object_size);
	return should_fail_ex(&failslab.attr, size, flags) ? -ENOMEM : 0;
}

/**
 * ukmem_failslab_kmalloc - failslab's decision for metadata kept off slab
 * @size: the size 6.12 would kmalloc
 * @gfp: the flags it would use
 *
 * Asks should_failslab() for the kmalloc cache that serves @size, so the
 * filters (cache-filter included) and the space charge are a kmalloc's.
 *
 * Return: true when the allocation must fail.
 */
bool ukmem_failslab_kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *s;

	if (!size || size > KMALLOC_MAX_CACHE_SIZE || slab_state < UP)
		return false;
	s = kmalloc_slab(size, gfp);
	return s && should_failslab(s, gfp);
}

static int setup_failslab(char *str)
{
	return setup_fault_attr(&failslab.attr, str);
}

/* ---- fail_page_alloc -------------------------------------------------------- */

/**
 * should_fail_alloc_page - fail_page_alloc's decision for one page allocation
 * @gfp_mask: the allocation's flags
 * @order: its order
 *
 * Return: true when the allocation must fail.
 */
bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order)
{
	int flags = 0;

	if (fail_page_alloc_suppressed)
		return false;
	if (order < READ_ONCE(fail_page_alloc.min_order))
		return false;
	if (gfp_mask & __GFP_NOFAIL)
		return false;
	if (READ_ONCE(fail_page_alloc.ignore_gfp_highmem) && (gfp_mask & __GFP_HIGHMEM))
		return false;
	if (READ_ONCE(fail_page_alloc.ignore_gfp_reclaim) && (gfp_mask & __GFP_DIRECT_RECLAIM))
		return false;
	if (gfp_mask & __GFP_NOWARN)
		flags |= FAULT_NOWARN;
	return should_fail_ex(&fail_page_alloc.attr, 1L << order, flags);
}

/**
 * ukmem_fail_page_alloc_suppress - bracket the bulk allocator's per-page calls
 * @on: true before the loop, false after it
 */
void ukmem_fail_page_alloc_suppress(bool on)
{
	if (on)
		fail_page_alloc_suppressed++;
	else if (fail_page_alloc_suppressed)
		fail_page_alloc_suppressed--;
}

static int setup_fail_page_alloc(char *str)
{
	return setup_fault_attr(&fail_page_alloc.attr, str);
}

/* ---- boot and shutdown -------------------------------------------------------- */

/**
 * ukmem_fault_inject_setup_params - defaults, then failslab= and fail_page_alloc=
 *
 * Called by the command-line report, between "Kernel command line:" and
 * the unknown parameters, where 6.12's __setup handlers print.
 */
void ukmem_fault_inject_setup_params(void)
{
	static const struct fault_attr init = FAULT_ATTR_INITIALIZER;

	ukmem_fault_core_reset();
	failslab.attr = init;
	failslab.ignore_gfp_reclaim = true;
	failslab.cache_filter = false;
	fail_page_alloc.attr = init;
	fail_page_alloc.ignore_gfp_reclaim = true;
	fail_page_alloc.ignore_gfp_highmem = true;
	fail_page_alloc.min_order = 1;
	ukmem_cmdline_for_each_setup("failslab", setup_failslab);
	ukmem_cmdline_for_each_setup("fail_page_alloc", setup_fail_page_alloc);
}

/**
 * ukmem_fault_inject_boot - the knobs, and injection on (the end of boot)
 */
void ukmem_fault_inject_boot(void)
{
	int ret;

	ret = ukmem_fault_create_debugfs_attr("failslab", &failslab.attr, &ukmem_failslab_active);
	if (!ret)
		ret = ukmem_fault_create_file("failslab", "ignore-gfp-wait",
					      &failslab.ignore_gfp_reclaim, true);
	if (!ret)
		ret = ukmem_fault_create_file("failslab", "cache-filter", &failslab.cache_filter,
					      true);
	if (!ret)
		ret = ukmem_fault_create_debugfs_attr("fail_page_alloc", &fail_page_alloc.attr,
						      &ukmem_fail_page_alloc_active);
	if (!ret)
		ret = ukmem_fault_create_file("fail_page_alloc", "ignore-gfp-wait",
					      &fail_page_alloc.ignore_gfp_reclaim, true);
	if (!ret)
		ret = ukmem_fault_create_file("fail_page_alloc", "ignore-gfp-highmem",
					      &fail_page_alloc.ignore_gfp_highmem, true);
	if (!ret)
		ret = ukmem_fault_create_file("fail_page_alloc", "min-order",
					      &fail_page_alloc.min_order, false);
	if (ret)
		pr_warn("ukmem: fault injection knobs not registered (%d)\n", ret);
	ukmem_fault_core_arm();
}

/**
 * ukmem_fault_inject_shutdown - injection off, before the machine is taken down
 */
void ukmem_fault_inject_shutdown(void)
{
	ukmem_fault_core_disarm();
}
