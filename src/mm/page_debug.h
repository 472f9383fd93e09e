/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/page_debug.h - the page allocator's debugging hooks: page poisoning
 * (page_poison.c), debug_pagealloc (debug_page_alloc.c) and page_owner
 * (page_owner.c).
 *
 * page_alloc.c calls the inline wrappers below at the two points 6.12
 * calls them: free_pages_prepare() (page owner reset, poison, unmap) and
 * post_alloc_hook(), ukmem's prep_new_page() (map, poison check, owner).
 * Each wrapper costs one predicted branch on a boot flag when its
 * facility is off.  mm_init.c calls ukmem_page_debug_init() before RAM is
 * handed to the buddy lists, ukmem_page_debug_late_init() once the
 * vmalloc space exists (the host-mapping budget is split then) and
 * ukmem_page_debug_exit() at shutdown.
 */
#ifndef UKMEM_MM_PAGE_DEBUG_H
#define UKMEM_MM_PAGE_DEBUG_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/compiler.h>

struct page;

/* ---- page_poison.c ---- */
extern bool _page_poisoning_enabled; /* page_poison=1, or debug_pagealloc's fallback */
void __kernel_poison_pages(struct page *page, int n);
void __kernel_unpoison_pages(struct page *page, int n);
void ukmem_page_poison_enable(void);

static inline bool page_poisoning_enabled_static(void)
{
	return __atomic_load_n(&_page_poisoning_enabled, __ATOMIC_RELAXED);
}

static __always_inline void kernel_poison_pages(struct page *page, int n)
{
	if (unlikely(page_poisoning_enabled_static()))
		__kernel_poison_pages(page, n);
}

static __always_inline void kernel_unpoison_pages(struct page *page, int n)
{
	if (unlikely(page_poisoning_enabled_static()))
		__kernel_unpoison_pages(page, n);
}

/* ---- debug_page_alloc.c ---- */
extern bool _debug_pagealloc_enabled;
void __debug_pagealloc_map_pages(struct page *page, int n);
void __debug_pagealloc_unmap_pages(struct page *page, int n);

static inline bool debug_pagealloc_enabled_static(void)
{
	return __atomic_load_n(&_debug_pagealloc_enabled, __ATOMIC_RELAXED);
}

static __always_inline void debug_pagealloc_map_pages(struct page *page, int n)
{
	if (unlikely(debug_pagealloc_enabled_static()))
		__debug_pagealloc_map_pages(page, n);
}

static __always_inline void debug_pagealloc_unmap_pages(struct page *page, int n)
{
	if (unlikely(debug_pagealloc_enabled_static()))
		__debug_pagealloc_unmap_pages(page, n);
}

/*
 * Is [@addr, @addr+@len) of the direct map mapped now?  For ukmem's own
 * readers of memory that may be free (6.12's copy_from_kernel_nofault).
 */
bool ukmem_debug_pagealloc_mapped(const void *addr, size_t len);
/* Host-mapping budget of debug_pagealloc, in unmapped runs (tests lower it). */
unsigned long ukmem_debug_pagealloc_set_budget(unsigned long runs);
/* Unmapped runs now (each costs the host up to two mappings). */
unsigned long ukmem_debug_pagealloc_runs(void);
int ukmem_debug_pagealloc_check_runs(void);
int ukmem_debug_pagealloc_check_block(struct page *page, unsigned long nr, const char *where);
/* ukmem_check()'s part: poisoned bits only on free pages, free pages unmapped. */
int ukmem_page_debug_check(void);
void ukmem_debug_pagealloc_fork_prepare(void);
void ukmem_debug_pagealloc_fork_release(void);

/* ---- page_owner.c ---- */
extern bool _page_owner_inited;
void __set_page_owner(struct page *page, unsigned short order, gfp_t gfp_mask);
void __reset_page_owner(struct page *page, unsigned short order);
void __split_page_owner(struct page *page, int old_order, int new_order);
struct seq_file;
struct pglist_data;
/* /proc/pagetypeinfo's "Number of mixed blocks" table (nothing unless page_owner=on). */
void pagetypeinfo_showmixedcount(struct seq_file *m, struct pglist_data *pgdat);

static __always_inline void set_page_owner(struct page *page, unsigned int order, gfp_t gfp_mask)
{
	if (unlikely(__atomic_load_n(&_page_owner_inited, __ATOMIC_RELAXED)))
		__set_page_owner(page, (unsigned short)order, gfp_mask);
}

static __always_inline void reset_page_owner(struct page *page, unsigned int order)
{
	if (unlikely(__atomic_load_n(&_page_owner_inited, __ATOMIC_RELAXED)))
		__reset_page_owner(page, (unsigned short)order);
}

static __always_inline void split_page_owner(struct page *page, int old_order, int new_order)
{
	if (unlikely(__atomic_load_n(&_page_owner_inited, __ATOMIC_RELAXED)))
		__split_page_owner(page, old_order, new_order);
}

/* ---- boot (mm_init.c) ---- */
void ukmem_page_debug_init(void); /* parse, allocate the per-pfn state */
void ukmem_page_debug_report(void); /* the "mem auto-init: CONFIG_PAGE_POISONING" line */
void ukmem_page_debug_late_init(void); /* unmap free pages, page_owner views */
void ukmem_page_debug_exit(void);
/* each facility's part of them */
int ukmem_debug_pagealloc_init(void); /* whether debug_pagealloc=on */
void ukmem_debug_pagealloc_late_init(void);
void ukmem_debug_pagealloc_exit(void);
int ukmem_page_owner_init(void);
void ukmem_page_owner_late_init(void);
void ukmem_page_owner_exit(void);

#endif /* UKMEM_MM_PAGE_DEBUG_H */
