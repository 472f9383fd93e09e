/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/gfp.h - the page allocator's API.  As in 6.12, the allocating
 * entry points are macros over *_noprof functions (the allocation
 * profiling wrappers), so call traces show __alloc_pages_noprof and
 * friends exactly as the kernel's do.
 */
#ifndef UKMEM_LINUX_GFP_H
#define UKMEM_LINUX_GFP_H

#include <linux/types.h>
#include <linux/gfp_types.h>
#include <linux/mmzone.h>

struct page;
struct folio;

static inline int gfp_migratetype(const gfp_t gfp_flags)
{
	return (int)((gfp_flags & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) >> 3);
}

static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

/* The highest zone type the flags allow (superset enum). */
enum zone_type gfp_zone(gfp_t flags);

struct page *__alloc_pages_noprof(gfp_t gfp, unsigned int order, int preferred_nid,
				  nodemask_t *nodemask);
struct page *alloc_pages_noprof(gfp_t gfp, unsigned int order);
struct page *alloc_pages_node_noprof(int nid, gfp_t gfp, unsigned int order);
struct folio *folio_alloc_noprof(gfp_t gfp, unsigned int order);
unsigned long get_free_pages_noprof(gfp_t gfp_mask, unsigned int order);
unsigned long get_zeroed_page_noprof(gfp_t gfp_mask);
void *alloc_pages_exact_noprof(size_t size, gfp_t gfp_mask);
void *alloc_pages_exact_nid_noprof(int nid, size_t size, gfp_t gfp_mask);
unsigned long alloc_pages_bulk_noprof(gfp_t gfp, int preferred_nid, nodemask_t *nodemask,
				      int nr_pages, struct list_head *page_list,
				      struct page **page_array);

#define __alloc_pages(...) __alloc_pages_noprof(__VA_ARGS__)
#define alloc_pages(...) alloc_pages_noprof(__VA_ARGS__)
#define alloc_pages_node(...) alloc_pages_node_noprof(__VA_ARGS__)
#define folio_alloc(...) folio_alloc_noprof(__VA_ARGS__)
#define __get_free_pages(...) get_free_pages_noprof(__VA_ARGS__)
#define get_zeroed_page(...) get_zeroed_page_noprof(__VA_ARGS__)
#define alloc_pages_exact(...) alloc_pages_exact_noprof(__VA_ARGS__)
#define alloc_pages_exact_nid(...) alloc_pages_exact_nid_noprof(__VA_ARGS__)
#define alloc_pages_bulk_array(gfp, nr, arr) \
	alloc_pages_bulk_noprof(gfp, numa_mem_id(), NULL, nr, NULL, arr)
#define alloc_pages_bulk_list(gfp, nr, list) \
	alloc_pages_bulk_noprof(gfp, numa_mem_id(), NULL, nr, list, NULL)
#define alloc_page(gfp) alloc_pages(gfp, 0)
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
#define __get_dma_pages(gfp, order) __get_free_pages((gfp) | GFP_DMA, order)

void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
void free_pages_exact(void *virt, size_t size);
void free_unref_page(struct page *page, unsigned int order);
#define __free_page(page) __free_pages((page), 0)
#define free_page(addr) free_pages((addr), 0)

void split_page(struct page *page, unsigned int order);
void drain_all_pages(struct zone *zone);
void drain_local_pages(struct zone *zone);

int numa_node_id(void);
int cpu_to_node(int cpu);
int numa_mem_id(void);

#endif /* UKMEM_LINUX_GFP_H */
