/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/kfence.h - KFENCE, the sampling memory-error detector (mm/kfence.c).
 *
 * With kfence.sample_interval=N (milliseconds; 0, the reference
 * configuration's default, leaves it off) one slab allocation every N ms
 * is served from a pool of guarded pages instead: the object alone on its
 * page, a guard page on each side that faults for real, the rest of the
 * page filled with canary bytes checked at free, and the page made
 * inaccessible once the object is freed.
 */
#ifndef _LINUX_KFENCE_H
#define _LINUX_KFENCE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/gfp_types.h>
#include <asm/page.h>

struct kmem_cache;
struct pt_regs;

#define CONFIG_KFENCE_NUM_OBJECTS 255
/* One page per object, one guard page per object, and two leading guard pages. */
#define KFENCE_POOL_SIZE ((CONFIG_KFENCE_NUM_OBJECTS + 1) * 2 * PAGE_SIZE)

extern char *__kfence_pool;
/* ukmem: set while a sample may be taken (pool ready, sample_interval > 0). */
extern bool __kfence_sampling;

/**
 * is_kfence_address - is @addr inside the KFENCE pool?
 * @addr: any address
 *
 * One subtraction and one compare; false for every address while there
 * is no pool (the pool pointer is then NULL and no real object lies
 * within KFENCE_POOL_SIZE of address 0).
 */
static __always_inline bool is_kfence_address(const void *addr)
{
	return unlikely((unsigned long)((const char *)addr - __kfence_pool) < KFENCE_POOL_SIZE &&
			__kfence_pool);
}

void *__kfence_alloc(struct kmem_cache *s, size_t size, gfp_t flags);

/**
 * kfence_alloc - maybe serve a slab allocation from the KFENCE pool
 * @s: the cache
 * @size: the size asked for
 * @flags: the GFP flags
 *
 * Return: a KFENCE object, or NULL when this allocation is not sampled
 * (the caller then allocates normally).
 */
static __always_inline void *kfence_alloc(struct kmem_cache *s, size_t size, gfp_t flags)
{
	if (likely(!__atomic_load_n(&__kfence_sampling, __ATOMIC_RELAXED)))
		return NULL;
	return __kfence_alloc(s, size, flags);
}

size_t kfence_ksize(const void *addr);
void *kfence_object_start(const void *addr);
void __kfence_free(void *addr);

/**
 * kfence_free - free @addr if it is a KFENCE object
 * @addr: an object
 *
 * Return: true if it was one (and is now freed or reported), false if
 * the caller must free it.
 */
static __always_inline bool kfence_free(void *addr)
{
	if (!is_kfence_address(addr))
		return false;
	__kfence_free(addr);
	return true;
}

void kfence_shutdown_cache(struct kmem_cache *s);
bool kfence_handle_page_fault(unsigned long addr, bool is_write, struct pt_regs *regs);

/* ukmem's boot and shutdown (mm/kfence.c) */
void ukmem_kfence_init(void);
unsigned long ukmem_kfence_exit(void);
/* ukmem: the pool's pages count as reserved, not as pages held by callers. */
bool ukmem_kfence_pfn(unsigned long pfn);

#endif /* _LINUX_KFENCE_H */
