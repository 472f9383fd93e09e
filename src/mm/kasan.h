/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/kasan.h - the KASAN hooks the allocators call (src/mm/kasan.c).
 *
 * The names and places are 6.12's (include/linux/kasan.h): each hook is an
 * inline that tests one global flag and calls the out-of-line __kasan_*
 * only when a checker is on, so with kasan off a hook costs one load and
 * one branch.  The flag is set at boot when kasan=on finds the ASan
 * runtime, or when the program runs under Valgrind's memcheck, and never
 * changes while the machine runs.
 */
#ifndef UKMEM_MM_KASAN_H
#define UKMEM_MM_KASAN_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/gfp_types.h>

struct kmem_cache;
struct slab;
struct page;

/* true while a checker (ASan backend, Valgrind backend, or both) is on */
extern bool ukmem_kasan_active;

void ukmem_kasan_init(void);
void ukmem_kasan_exit(void);
/* fork(): KASAN's leaf locks, taken last and released first */
void ukmem_kasan_fork_prepare(void);
void ukmem_kasan_fork_release(void);
/* Which checker runs: "asan", "valgrind", "asan+valgrind" or "off". */
const char *ukmem_kasan_mode(void);

void __kasan_unpoison_pages(struct page *page, unsigned int order);
void __kasan_poison_pages(struct page *page, unsigned int order);
void __kasan_poison_slab(struct slab *slab);
void __kasan_slab_alloc(struct kmem_cache *s, void *object);
void *__kasan_kmalloc(struct kmem_cache *s, const void *object, size_t size);
void *__kasan_kmalloc_large(const void *ptr, size_t size);
void *__kasan_krealloc(const void *object, size_t new_size);
bool __kasan_slab_free(struct kmem_cache *s, struct slab *slab, void *object, unsigned long ip);
void __kasan_slab_free_done(struct kmem_cache *s, void *object);
void __kasan_kfree_large(const void *ptr, unsigned long ip);
bool __kasan_check_byte(const void *addr);
void __kasan_unpoison_range(const void *addr, size_t size);
void __kasan_unpoison_vmalloc(const void *addr, unsigned long size);
void __kasan_poison_vmalloc(const void *addr, unsigned long size);
void __kasan_quarantine_drain(struct kmem_cache *s);
void __kasan_disable_current(bool disable);

static __always_inline void kasan_unpoison_pages(struct page *page, unsigned int order)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_unpoison_pages(page, order);
}

static __always_inline void kasan_poison_pages(struct page *page, unsigned int order)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_poison_pages(page, order);
}

/* A new slab: every object starts free (poisoned). */
static __always_inline void kasan_poison_slab(struct slab *slab)
{
	if (unlikely(ukmem_kasan_active) && slab)
		__kasan_poison_slab(slab);
}

/* An object handed to the caller: its whole object_size is addressable. */
static __always_inline void kasan_slab_alloc(struct kmem_cache *s, void *object)
{
	if (unlikely(ukmem_kasan_active) && object)
		__kasan_slab_alloc(s, object);
}

/* kmalloc: only the requested @size stays addressable. */
static __always_inline void *kasan_kmalloc(struct kmem_cache *s, const void *object, size_t size)
{
	if (unlikely(ukmem_kasan_active))
		return __kasan_kmalloc(s, object, size);
	return (void *)object;
}

static __always_inline void *kasan_kmalloc_large(const void *ptr, size_t size)
{
	if (unlikely(ukmem_kasan_active))
		return __kasan_kmalloc_large(ptr, size);
	return (void *)ptr;
}

static __always_inline void *kasan_krealloc(const void *object, size_t new_size)
{
	if (unlikely(ukmem_kasan_active))
		return __kasan_krealloc(object, new_size);
	return (void *)object;
}

/*
 * The first thing slab_free() does: true when KASAN keeps the object (the
 * quarantine, a pending RCU grace period, or a refused double or invalid
 * free) and slab_free() must not free it now.
 */
static __always_inline bool kasan_slab_free(struct kmem_cache *s, struct slab *slab, void *object,
					    unsigned long ip)
{
	if (unlikely(ukmem_kasan_active))
		return __kasan_slab_free(s, slab, object, ip);
	return false;
}

/* The last thing before an object goes on a free list: poison it. */
static __always_inline void kasan_slab_free_done(struct kmem_cache *s, void *object)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_slab_free_done(s, object);
}

static __always_inline void kasan_kfree_large(const void *ptr, unsigned long ip)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_kfree_large(ptr, ip);
}

/* false (after a report "in" the caller) when the byte at @addr is not addressable. */
static __always_inline bool kasan_check_byte(const void *addr)
{
	if (unlikely(ukmem_kasan_active))
		return __kasan_check_byte(addr);
	return true;
}

static __always_inline void kasan_unpoison_range(const void *addr, size_t size)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_unpoison_range(addr, size);
}

static __always_inline void kasan_unpoison_vmalloc(const void *addr, unsigned long size)
{
	if (unlikely(ukmem_kasan_active) && addr)
		__kasan_unpoison_vmalloc(addr, size);
}

static __always_inline void kasan_poison_vmalloc(const void *addr, unsigned long size)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_poison_vmalloc(addr, size);
}

/* kmem_cache_shrink/destroy, ukmem_check, shutdown: empty the quarantine. */
static __always_inline void kasan_quarantine_drain(struct kmem_cache *s)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_quarantine_drain(s);
}

/* Around ukmem's own reads of memory a checker sees as inaccessible. */
static __always_inline void kasan_disable_current(void)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_disable_current(true);
}

static __always_inline void kasan_enable_current(void)
{
	if (unlikely(ukmem_kasan_active))
		__kasan_disable_current(false);
}

#endif /* UKMEM_MM_KASAN_H */
