/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/kmemleak.h - the kernel memory leak detector's API, with Linux
 * 6.12's names and signatures.
 *
 * ukmem status: implemented in src/mm/kmemleak.c, off unless the machine
 * booted with kmemleak=on.  The slab allocator (kmalloc included), large
 * kmalloc and vmalloc report their objects themselves; other code
 * registers memory with kmemleak_alloc() and kmemleak_free().  Per-CPU
 * and physical-address objects: ukmem has no percpu allocator and no
 * memblock, so the _percpu forms do nothing and the _phys forms take the
 * direct-map address of the physical one.  docs/DEBUGGING.md, "kmemleak".
 */
#ifndef UKMEM_LINUX_KMEMLEAK_H
#define UKMEM_LINUX_KMEMLEAK_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/slab.h>

struct vm_struct;

void kmemleak_init(void);
void kmemleak_alloc(const void *ptr, size_t size, int min_count, gfp_t gfp);
void kmemleak_alloc_percpu(const void *ptr, size_t size, gfp_t gfp);
void kmemleak_vmalloc(const struct vm_struct *area, size_t size, gfp_t gfp);
void kmemleak_free(const void *ptr);
void kmemleak_free_part(const void *ptr, size_t size);
void kmemleak_free_percpu(const void *ptr);
void kmemleak_update_trace(const void *ptr);
void kmemleak_not_leak(const void *ptr);
void kmemleak_transient_leak(const void *ptr);
void kmemleak_ignore(const void *ptr);
void kmemleak_scan_area(const void *ptr, size_t size, gfp_t gfp);
void kmemleak_no_scan(const void *ptr);
void kmemleak_alloc_phys(phys_addr_t phys, size_t size, gfp_t gfp);
void kmemleak_free_part_phys(phys_addr_t phys, size_t size);
void kmemleak_ignore_phys(phys_addr_t phys);

/*
 * ukmem: true while allocations are tracked / while frees are tracked.
 * Read by the inline hooks below so that a machine without kmemleak pays
 * one predictable branch per allocation and free.
 */
extern bool ukmem_kmemleak_alloc_on;
extern bool ukmem_kmemleak_free_on;

/* The slab allocator's hooks: caches made with SLAB_NOLEAKTRACE are not tracked. */
static inline void kmemleak_alloc_recursive(const void *ptr, size_t size, int min_count,
					    slab_flags_t flags, gfp_t gfp)
{
	if (__builtin_expect(__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED), 0) &&
	    !(flags & SLAB_NOLEAKTRACE))
		kmemleak_alloc(ptr, size, min_count, gfp);
}

static inline void kmemleak_free_recursive(const void *ptr, slab_flags_t flags)
{
	if (__builtin_expect(__atomic_load_n(&ukmem_kmemleak_free_on, __ATOMIC_RELAXED), 0) &&
	    !(flags & SLAB_NOLEAKTRACE))
		kmemleak_free(ptr);
}

static inline void kmemleak_erase(void **ptr)
{
	*ptr = NULL;
}

/*
 * ukmem: a thread that uses the allocator is recorded, so that a scan
 * searches its stack, registers and thread-local storage (kernel/sched.c
 * calls this when a thread is first bound to a CPU).
 */
void ukmem_kmemleak_thread_seen(void);

#endif /* UKMEM_LINUX_KMEMLEAK_H */
