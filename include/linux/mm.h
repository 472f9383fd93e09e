/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/mm.h - struct page helpers: compound pages, folios, refcounts,
 * zones and nodes of a page, page_address, memory totals.
 */
#ifndef UKMEM_LINUX_MM_H
#define UKMEM_LINUX_MM_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/page_ref.h>
#include <linux/page-flags.h>
#include <linux/string.h>
#include <asm/page.h>

#define PAGE_ALIGN(addr) ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGN_DOWN(addr) ALIGN_DOWN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr) IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
#define lm_alias(x) __va(__pa_symbol(x))

static inline struct page *compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	if (unlikely(head & 1))
		return (struct page *)(head - 1);
	return (struct page *)page;
}
#define compound_head(p) compound_head((const struct page *)(p))

static inline unsigned int folio_order(const struct folio *folio)
{
	if (!PageHead(&folio->page))
		return 0;
	return (unsigned int)((&folio->page)[1].flags & 0xff);
}

static inline unsigned int compound_order(const struct page *page)
{
	if (!PageHead(page))
		return 0;
	return (unsigned int)(page[1].flags & 0xff);
}

static inline unsigned long compound_nr(const struct page *page)
{
	return 1UL << compound_order(page);
}

static inline unsigned long folio_nr_pages(const struct folio *folio)
{
	return 1UL << folio_order(folio);
}

static inline size_t folio_size(const struct folio *folio)
{
	return PAGE_SIZE << folio_order(folio);
}

static inline int folio_test_large(const struct folio *folio)
{
	return PageHead(&folio->page) ? 1 : 0;
}

/* The zone of a page: the local zone index stored in page->flags. */
static inline int ukmem_page_zone_idx(const struct page *page)
{
	return (int)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

static inline int page_to_nid(const struct page *page)
{
	return (int)((page->flags >> NODES_PGSHIFT) & NODES_MASK);
}
#define folio_nid(folio) page_to_nid(&(folio)->page)

static inline enum zone_type page_zonenum(const struct page *page)
{
	return ukmem_zone_type[ukmem_page_zone_idx(page)];
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[ukmem_page_zone_idx(page)];
}
#define folio_zone(folio) page_zone(&(folio)->page)
#define page_pgdat(page) NODE_DATA(page_to_nid(page))

static inline bool PageHighMem(const struct page *page)
{
	return page_zonenum(page) == ZONE_HIGHMEM;
}

static inline int page_count(const struct page *page)
{
	return page_ref_count(compound_head(page));
}
#define folio_ref_count(folio) page_ref_count(&(folio)->page)

static inline int page_mapcount(const struct page *page)
{
	if (page_has_type(page))
		return 0;
	return atomic_read(&page->_mapcount) + 1;
}

#define page_private(page) ((page)->private)
#define set_page_private(page, v) ((page)->private = (v))

void get_page(struct page *page);
void put_page(struct page *page);
void folio_get(struct folio *folio);
void folio_put(struct folio *folio);

void *page_address(const struct page *page);
#define lowmem_page_address(page) page_to_virt(page)
#define folio_address(folio) page_address(&(folio)->page)

static inline struct page *virt_to_head_page(const void *x)
{
	return compound_head(virt_to_page(x));
}

static inline struct folio *virt_to_folio(const void *x)
{
	return page_folio(virt_to_page(x));
}

void dump_page(const struct page *page, const char *reason);

unsigned long totalram_pages(void);
unsigned long totalhigh_pages(void);
unsigned long nr_free_buffer_pages(void);
unsigned long global_zone_page_state(enum zone_stat_item item);
unsigned long global_node_page_state(enum node_stat_item item);
#define nr_free_pages() global_zone_page_state(NR_FREE_PAGES)
struct sysinfo;
void si_meminfo(struct sysinfo *val);
void si_meminfo_node(struct sysinfo *val, int nid);
void show_mem(void);
void ukmem_show_mem_upto(int max_zone_idx);
#define __show_mem(flags, nodemask, idx) ukmem_show_mem_upto(idx)

#endif /* UKMEM_LINUX_MM_H */
