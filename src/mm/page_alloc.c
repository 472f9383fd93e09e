// SPDX-License-Identifier: GPL-2.0
/*
 * mm/page_alloc.c - the buddy page allocator, as Linux 6.12 runs it.
 *
 * What it owns: every zone's free_area[] lists, the per-CPU page lists,
 * watermarks and lowmem_reserve, and the path from a GFP mask to a page.
 *
 * The algorithm.  Free memory of a zone is kept in blocks of 2^order
 * pages, naturally aligned, on free_area[order].free_list[migratetype].
 * Allocating order o takes the first block of the smallest order >= o
 * (__rmqueue_smallest) and splits it, putting the upper halves back
 * (expand).  Freeing merges a block with its buddy (pfn ^ (1 << order))
 * for as long as the buddy is a free block of the same order
 * (__free_one_page).  When the requested migratetype's lists are empty,
 * __rmqueue_fallback steals from another type, whole pageblocks where
 * that keeps mobility grouping intact.  Orders 0-3 and the pageblock
 * order go through per-CPU lists first (pcp), refilled and drained in
 * batches whose size and high mark auto-tune as in 6.12.
 *
 * From a request to a page: fail_page_alloc may refuse it first
 * (mm/fail_alloc.c, as 6.12's prepare_alloc_pages asks it); gfp_zone()
 * gives the highest zone allowed;
 * the zonelist of the preferred node is walked from that zone downwards
 * (never upwards) and across nodes by distance; each zone must pass its
 * watermark plus the lowmem_reserve protecting it from the requested
 * zone; the slow path lowers the watermark to min and grants reserves
 * (ALLOC_MIN_RESERVE for __GFP_HIGH, ALLOC_NON_BLOCK for callers that
 * cannot sleep, ALLOC_HIGHATOMIC), then decides between failure, the OOM
 * report and, for __GFP_NOFAIL, waiting.
 *
 * Lock order: pcp->lock, then zone->lock.  The pcp lock is a trylock on
 * the allocation path as in 6.12 (on failure the buddy lists serve the
 * request directly).  Stat counters of a pcp are written under its lock.
 *
 * Invariants (struct zone in linux/mmzone.h states them; check.c checks):
 * a page is in exactly one of: a free block on one free list (PageBuddy
 * on its head, refcount 0), a pcp list (refcount 0, no type), allocated
 * (refcount >= 1), reserved, or out of service after bad_page().
 *
 * Where ukmem differs from Linux (docs/DIVERGENCES.md): no kswapd, no
 * reclaim or compaction, so watermark boosting stays 0 and the slow path
 * goes from the watermarks straight to the reserves and the OOM decision;
 * the OOM "killer" prints its report and fails the request; page checks
 * follow CONFIG_DEBUG_VM (reported at the offending call); ukmem also
 * catches a free with the wrong order.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/fault-inject.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include "internal.h"
#include "page_debug.h"
#include "kasan.h"

int min_free_kbytes = 1024;
int user_min_free_kbytes = -1;
int watermark_scale_factor = 10;
int percpu_pagelist_high_fraction;
int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES];

struct ukmem_vm_events ukmem_vm_events;

#define PCP_BATCH_SCALE_MAX 5
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8
#define PCPF_PREV_FREE_HIGH_ORDER 0x01
#define PCPF_FREE_HIGH_BATCH 0x02
#define ZONE_BELOW_HIGH 0 /* bit in zone->flags */

/* FPI flags of __free_one_page */
#define FPI_NONE 0
#define FPI_TO_TAIL 0x2

static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
	[MIGRATE_MOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
	[MIGRATE_RECLAIMABLE] = {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
};

/* __GFP_NOFAIL waiters: woken by frees */
static struct plat_mutex nofail_lock;
static struct plat_cond nofail_cond;
static int nofail_waiters;
static unsigned long nofail_warned_gen;

static int zone_type_to_idx(enum zone_type t);

static inline bool is_migrate_highatomic(int mt)
{
	return mt == MIGRATE_HIGHATOMIC;
}

static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* Orders 0-3, and the THP order where the arch has THP (the x86 models). */
static inline bool pcp_allowed_order(unsigned int order)
{
	if (order <= PAGE_ALLOC_COSTLY_ORDER)
		return true;
	return order == pageblock_order && ukmem_m.arch != UKMEM_ARCH_ARM;
}

static inline unsigned int order_to_pindex(int migratetype, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS + (migratetype == MIGRATE_MOVABLE);
	return (MIGRATE_PCPTYPES * order) + (unsigned int)migratetype;
}

static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex >= NR_LOWORDER_PCP_LISTS ? pageblock_order : pindex / MIGRATE_PCPTYPES;
}

static inline bool want_init_on_alloc(gfp_t flags)
{
	return ukmem_kp.init_on_alloc || (flags & __GFP_ZERO);
}

/* ---------------------------------------------------------------- */
/* free lists                                                        */
/* ---------------------------------------------------------------- */

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	__SetPageBuddy(page);
}

/* Caller holds zone->lock: the only writer of NR_FREE_PAGES. */
static inline void account_freepages(struct zone *zone, long nr_pages, int migratetype)
{
	if (migratetype == MIGRATE_ISOLATE)
		return;
	ukmem_stat_add(zone->vm_stat[NR_FREE_PAGES].counter, nr_pages);
	if (migratetype == MIGRATE_HIGHATOMIC)
		ukmem_stat_add(zone->nr_free_highatomic, nr_pages);
}

/* The block leaves the allocator: done under the lock that hands it over. */
static inline void set_page_allocated(struct page *page, unsigned int order)
{
	set_page_count(page, 1);
	set_page_ukstate(page, (u8)(order + 1));
}

static inline void __add_to_free_list(struct page *page, struct zone *zone, unsigned int order,
				      int migratetype, bool tail)
{
	struct free_area *area = &zone->free_area[order];

	if (tail)
		list_add_tail(&page->buddy_list, &area->free_list[migratetype]);
	else
		list_add(&page->buddy_list, &area->free_list[migratetype]);
	/* read without zone->lock by __zone_watermark_ok(): a marked store */
	__atomic_store_n(&area->nr_free, area->nr_free + 1, __ATOMIC_RELAXED);
}

static inline void move_to_free_list(struct page *page, struct zone *zone, unsigned int order,
				     int old_mt, int new_mt)
{
	struct free_area *area = &zone->free_area[order];

	list_move_tail(&page->buddy_list, &area->free_list[new_mt]);
	account_freepages(zone, -(1L << order), old_mt);
	account_freepages(zone, 1L << order, new_mt);
}

static inline void __del_page_from_free_list(struct page *page, struct zone *zone,
					     unsigned int order)
{
	list_del(&page->buddy_list);
	__ClearPageBuddy(page);
	page->private = 0;
	__atomic_store_n(&zone->free_area[order].nr_free, zone->free_area[order].nr_free - 1,
			 __ATOMIC_RELAXED);
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order,
					   int migratetype)
{
	__del_page_from_free_list(page, zone, order);
	account_freepages(zone, -(1L << order), migratetype);
}

static inline struct page *get_page_from_free_area(struct free_area *area, int migratetype)
{
	return list_first_entry_or_null(&area->free_list[migratetype], struct page, buddy_list);
}

static inline bool free_area_empty(struct free_area *area, int migratetype)
{
	return list_empty(&area->free_list[migratetype]);
}

/*
 * The buddy code's looks at pages this CPU may not own: a neighbour that
 * another CPU is allocating, freeing or making a slab of right now.
 * Marked loads, as 6.12's data_race() and test_bit() are (the owners'
 * stores are marked in page-flags.h and set_page_ukstate()).  A stale
 * answer is harmless: PageBuddy is set and cleared only under zone->lock,
 * which the caller holds, so once it reads true the page is the caller's.
 */
static inline bool page_buddy_peek(const struct page *page)
{
	return (READ_ONCE(page->page_type) >> 24) == PGTY_buddy;
}

static inline unsigned long page_flags_peek(const struct page *page)
{
	return READ_ONCE(page->flags);
}

/* Is @buddy a free block of @order in the same zone, so @page may merge with it? */
static inline bool page_is_buddy(struct page *page, struct page *buddy, unsigned int order)
{
	if (!page_buddy_peek(buddy) || buddy_order(buddy) != order)
		return false;
	/* same node and zone: the bits from ZONES_PGSHIFT up (6.12's page_zone_id) */
	return ((page_flags_peek(page) ^ page_flags_peek(buddy)) >> ZONES_PGSHIFT) == 0;
}

static inline struct page *find_buddy_page_pfn(struct page *page, unsigned long pfn,
					       unsigned int order, unsigned long *buddy_pfn)
{
	unsigned long bpfn = pfn ^ (1UL << order);
	struct page *buddy = page + ((long)bpfn - (long)pfn);

	if (!pfn_valid(bpfn) || !page_is_buddy(page, buddy, order))
		return NULL;
	*buddy_pfn = bpfn;
	return buddy;
}

/*
 * Would the block at @pfn of @order merge further if freed?  Then it goes
 * to the tail of its list, to stay free long enough for that to happen.
 */
static bool buddy_merge_likely(unsigned long pfn, unsigned long buddy_pfn, struct page *page,
			       unsigned int order)
{
	unsigned long higher_page_pfn, higher_buddy_pfn;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher_page_pfn = buddy_pfn & pfn;
	higher_buddy_pfn = higher_page_pfn ^ (1UL << (order + 1));
	if (!pfn_valid(higher_buddy_pfn))
		return false;
	return page_is_buddy(page + ((long)higher_page_pfn - (long)pfn),
			     page + ((long)higher_buddy_pfn - (long)pfn), order + 1);
}

/**
 * __free_one_page - put a block back and merge it with its buddies
 *
 * Caller holds zone->lock.  The block's pages are clean (checked by
 * free_pages_prepare) and refcount 0.
 */
static void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
			    unsigned int order, int migratetype, int fpi_flags)
{
	unsigned long buddy_pfn = 0;
	struct page *buddy;
	bool to_tail;

	account_freepages(zone, 1L << order, migratetype);
	while (order < MAX_PAGE_ORDER) {
		unsigned long combined_pfn;
		int buddy_mt = migratetype;

		buddy = find_buddy_page_pfn(page, pfn, order, &buddy_pfn);
		if (!buddy)
			break;
		if (unlikely(order >= pageblock_order)) {
			/* never merge isolate/highatomic blocks with others */
			buddy_mt = ukmem_get_pfnblock_migratetype(zone, buddy_pfn);
			if (migratetype != buddy_mt && (!migratetype_is_mergeable(migratetype) ||
							!migratetype_is_mergeable(buddy_mt)))
				break;
		}
		/* the buddy's pages move with the merged block */
		__del_page_from_free_list(buddy, zone, order);
		if (unlikely(buddy_mt != migratetype))
			ukmem_set_pfnblock_migratetype(zone, buddy_pfn, migratetype);
		combined_pfn = buddy_pfn & pfn;
		page = page + ((long)combined_pfn - (long)pfn);
		pfn = combined_pfn;
		order++;
	}
	set_buddy_order(page, order);
	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(pfn, pfn ^ (1UL << order), page, order);
	__add_to_free_list(page, zone, order, migratetype, to_tail);
}

/*
 * expand - split a block of @high down to @low, giving the upper halves
 * back to the free lists.  Returns the pages given back.
 */
static unsigned int expand(struct zone *zone, struct page *page, unsigned int low,
			   unsigned int high, int migratetype)
{
	unsigned int size = 1U << high, nr_added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		__add_to_free_list(&page[size], zone, high, migratetype, false);
		set_buddy_order(&page[size], high);
		nr_added += size;
	}
	return nr_added;
}

static void page_del_and_expand(struct zone *zone, struct page *page, unsigned int low,
				unsigned int high, int migratetype)
{
	unsigned int nr_pages = 1U << high;

	__del_page_from_free_list(page, zone, high);
	nr_pages -= expand(zone, page, low, high, migratetype);
	account_freepages(zone, -(long)nr_pages, migratetype);
}

/* Take the first block of the smallest order >= @order of @migratetype. */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct page *page = get_page_from_free_area(&zone->free_area[o], migratetype);

		if (!page)
			continue;
		page_del_and_expand(zone, page, order, o, migratetype);
		return page;
	}
	return NULL;
}

static void change_pageblock_range(struct page *page, unsigned int order, int mt)
{
	unsigned long pfn = page_to_pfn(page);
	int nr = order >= pageblock_order ? 1 << (order - pageblock_order) : 1;

	while (nr--) {
		ukmem_set_pfnblock_migratetype(page_zone(page), pfn, mt);
		pfn += pageblock_nr_pages;
	}
}

/*
 * Count the free and movable pages of the pageblock holding @page; false
 * when the block crosses the zone's edge.
 */
static bool prep_move_freepages_block(struct zone *zone, struct page *page,
				      unsigned long *start_pfn, int *num_free, int *num_movable)
{
	unsigned long pfn = page_to_pfn(page), start, end;

	start = pfn & ~(pageblock_nr_pages - 1);
	end = start + pageblock_nr_pages;
	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return false;
	*start_pfn = start;
	*num_free = 0;
	*num_movable = 0;
	for (pfn = start; pfn < end;) {
		struct page *p = pfn_to_page(pfn);

		if (page_buddy_peek(p)) {
			unsigned int o = buddy_order(p);

			*num_free += 1 << o;
			pfn += 1UL << o;
			continue;
		}
		if ((page_flags_peek(p) >> PG_lru) & 1)
			(*num_movable)++;
		pfn++;
	}
	return true;
}

static int __move_freepages_block(struct zone *zone, unsigned long start_pfn, int old_mt,
				  int new_mt)
{
	unsigned long pfn = start_pfn, end = start_pfn + pageblock_nr_pages;
	int pages_moved = 0;

	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!page_buddy_peek(page)) {
			pfn++;
			continue;
		}
		order = buddy_order(page);
		move_to_free_list(page, zone, order, old_mt, new_mt);
		pfn += 1UL << order;
		pages_moved += 1 << order;
	}
	ukmem_set_pfnblock_migratetype(zone, start_pfn, new_mt);
	return pages_moved;
}

static int move_freepages_block(struct zone *zone, struct page *page, int old_mt, int new_mt)
{
	unsigned long start_pfn;
	int nf, nm;

	if (!prep_move_freepages_block(zone, page, &start_pfn, &nf, &nm))
		return -1;
	return __move_freepages_block(zone, start_pfn, old_mt, new_mt);
}

static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE;
}

static int find_suitable_fallback(struct free_area *area, unsigned int order, int migratetype,
				  bool only_stealable, bool *can_steal)
{
	if (area->nr_free == 0)
		return -1;
	*can_steal = false;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (free_area_empty(area, fallback_mt))
			continue;
		if (can_steal_fallback(order, migratetype))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return fallback_mt;
	}
	return -1;
}

/* Take @page (order @current_order, from another type), claiming its block if it may. */
static struct page *steal_suitable_fallback(struct zone *zone, struct page *page,
					    unsigned int current_order, unsigned int order,
					    int start_type, bool whole_block)
{
	int block_type = get_pageblock_migratetype(page);
	int free_pages, movable_pages, alike_pages;
	unsigned long start_pfn;

	if (is_migrate_highatomic(block_type))
		goto single_page;
	if (current_order >= pageblock_order) {
		unsigned int nr_added;

		del_page_from_free_list(page, zone, current_order, block_type);
		change_pageblock_range(page, current_order, start_type);
		nr_added = expand(zone, page, order, current_order, start_type);
		account_freepages(zone, nr_added, start_type);
		return page;
	}
	/* No kswapd: watermark boosting is not modelled (stays 0). */
	if (!whole_block)
		goto single_page;
	if (!prep_move_freepages_block(zone, page, &start_pfn, &free_pages, &movable_pages))
		goto single_page;
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (block_type == MIGRATE_MOVABLE)
		alike_pages = (int)pageblock_nr_pages - (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (free_pages + alike_pages >= (1 << (pageblock_order - 1))) {
		__move_freepages_block(zone, start_pfn, block_type, start_type);
		return __rmqueue_smallest(zone, order, start_type);
	}
single_page:
	page_del_and_expand(zone, page, order, current_order, block_type);
	return page;
}

static struct page *__rmqueue_fallback(struct zone *zone, unsigned int order, int start_mt,
				       unsigned int alloc_flags)
{
	unsigned int min_order = order;
	struct free_area *area;
	bool can_steal;
	int fallback_mt, current_order;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;
	for (current_order = MAX_PAGE_ORDER; current_order >= (int)min_order; --current_order) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order, start_mt,
						     false, &can_steal);
		if (fallback_mt == -1)
			continue;
		if (!can_steal && start_mt == MIGRATE_MOVABLE && current_order > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return NULL;

find_smallest:
	for (current_order = (int)order; current_order < NR_PAGE_ORDERS; current_order++) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order, start_mt,
						     false, &can_steal);
		if (fallback_mt != -1)
			break;
	}
do_steal:
	return steal_suitable_fallback(zone, get_page_from_free_area(area, fallback_mt),
				       (unsigned int)current_order, order, start_mt, can_steal);
}

static struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
			      unsigned int alloc_flags)
{
	struct page *page = __rmqueue_smallest(zone, order, migratetype);

	if (unlikely(!page))
		page = __rmqueue_fallback(zone, order, migratetype, alloc_flags);
	return page;
}

/* Fill @list with up to @count blocks for a pcp; returns how many. */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count, struct list_head *list,
			int migratetype, unsigned int alloc_flags)
{
	int i;

	spin_lock(&zone->lock);
	for (i = 0; i < count; ++i) {
		struct page *page = __rmqueue(zone, order, migratetype, alloc_flags);

		if (unlikely(page == NULL))
			break;
		list_add_tail(&page->pcp_list, list);
	}
	spin_unlock(&zone->lock);
	return i;
}

/* ---------------------------------------------------------------- */
/* page state checks                                                  */
/* ---------------------------------------------------------------- */

/*
 * The reason a page may not be handed out or freed, or NULL.  As in 6.12
 * every check runs and the last one that matches names the page.
 */
static const char *page_bad_reason(const struct page *page, unsigned long flags)
{
	const char *reason = NULL;

	if (unlikely(atomic_read(&page->_mapcount) != -1))
		reason = "nonzero mapcount";
	if (unlikely(page->mapping != NULL))
		reason = "non-NULL mapping";
	if (unlikely(page_ref_count(page) != 0))
		reason = "nonzero _refcount";
	if (unlikely(page->flags & flags))
		reason = flags == PAGE_FLAGS_CHECK_AT_FREE ? "PAGE_FLAGS_CHECK_AT_FREE flag(s) set"
							   : "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
	if (unlikely(page->memcg_data))
		reason = "page still charged to cgroup";
	return reason;
}

static inline bool page_expected_state(const struct page *page, unsigned long flags)
{
	return atomic_read(&page->_mapcount) == -1 && !page->mapping && !page_ref_count(page) &&
	       !(page->flags & flags) && !page->memcg_data;
}

/* Check a block about to be handed out; false = bad page reported and leaked. */
static bool check_new_pages(struct page *page, unsigned int order)
{
	for (unsigned int i = 0; i < (1U << order); i++) {
		struct page *p = page + i;

		if (unlikely(!page_expected_state(p, PAGE_FLAGS_CHECK_AT_PREP))) {
			bad_page(p, page_bad_reason(p, PAGE_FLAGS_CHECK_AT_PREP));
			ukmem_take_out_of_service(page, order);
			return true;
		}
	}
	return false;
}

static void prep_compound_page(struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order;

	__SetPageHead(page);
	for (unsigned long i = 1; i < nr; i++)
		WRITE_ONCE(page[i].compound_head, (unsigned long)page + 1);
	/* folio order lives in the first tail page's flags, as _flags_1 */
	WRITE_ONCE(page[1].flags, (page[1].flags & ~0xffUL) | order);
}

static void clear_highpages(struct page *page, unsigned int order)
{
	for (unsigned int i = 0; i < (1U << order); i++) {
		void *addr = page_address(page + i);

		if (addr)
			__builtin_memset(addr, 0, PAGE_SIZE);
		else
			ukmem_clear_highpage_slow(page + i);
	}
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp_flags)
{
	/* post_alloc_hook(): map, check the poison, then initialise (page_debug.h) */
	debug_pagealloc_map_pages(page, 1 << order);
	kernel_unpoison_pages(page, 1 << order);
	kasan_unpoison_pages(page, order);
	/* init_on_free already cleared it, as 6.12's post_alloc_hook() assumes */
	if (!ukmem_kp.init_on_free && want_init_on_alloc(gfp_flags))
		clear_highpages(page, order);
	set_page_owner(page, order, gfp_flags);
	if (order && (gfp_flags & __GFP_COMP))
		prep_compound_page(page, order);
}

/*
 * free_pages_prepare - check a block being freed and clear its state
 *
 * Return: true when the block may go to the free lists; false when a bad
 * page was reported (the block is then out of service, or, for a reserved
 * page, left exactly as it was).
 */
static bool free_pages_prepare(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	bool compound = PageHead(page);
	u8 state = page_ukstate(pfn_to_page(pfn));

	if (unlikely(PageReserved(page))) {
		/* never handed out: refuse, and leave it exactly as it was */
		bad_page(page, page_bad_reason(page, PAGE_FLAGS_CHECK_AT_FREE));
		set_page_count(page, 1);
		return false;
	}
	if (compound && VM_BUG_ON_PAGE_REFUSE(compound_order(page) != order, page)) {
		set_page_count(page, 1);
		return false;
	}
	if (unlikely((state & PFN_STATE_ORDER_MASK) != order + 1))
		return ukmem_free_wrong_order(page, order, state, true);
	if (compound) {
		for (unsigned long i = 1; i < (1UL << order); i++) {
			if (unlikely(page[i].compound_head != (unsigned long)page + 1)) {
				bad_page(page + i, "compound_head not consistent");
				ukmem_take_out_of_service(page, order);
				return false;
			}
			page[i].compound_head = 0;
			page[i].mapping = NULL;
		}
		WRITE_ONCE(page[1].flags, page[1].flags & ~0xffUL);
		__ClearPageHead(page);
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		if (unlikely(!page_expected_state(p, PAGE_FLAGS_CHECK_AT_FREE))) {
			bad_page(p, page_bad_reason(p, PAGE_FLAGS_CHECK_AT_FREE));
			ukmem_take_out_of_service(page, order);
			return false;
		}
		WRITE_ONCE(p->flags, p->flags & ~PAGE_FLAGS_CHECK_AT_PREP);
	}
	reset_page_owner(page, order);
	kernel_poison_pages(page, 1 << order);
	if (ukmem_kp.init_on_free)
		clear_highpages(page, order);
	kasan_poison_pages(page, order);
	/* nothing may touch the contents after this (6.12's order) */
	debug_pagealloc_unmap_pages(page, 1 << order);
	return true;
}

/* ---------------------------------------------------------------- */
/* per-CPU page lists                                                 */
/* ---------------------------------------------------------------- */

static inline struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	return &zone->per_cpu_pageset[ukmem_this_cpu()];
}

static int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone, unsigned int order)
{
	int high, base_batch, batch, max_nr_alloc;
	int high_max = pcp->high_max, high_min = pcp->high_min;

	base_batch = pcp->batch;
	high = pcp->high = clamp(pcp->high, high_min, high_max);
	if (unlikely(high < base_batch))
		return 1;
	batch = order ? base_batch : (base_batch << pcp->alloc_factor);
	if (high_min != high_max && !(READ_ONCE(zone->flags) & (1UL << ZONE_BELOW_HIGH)))
		high = pcp->high = min(high + batch, high_max);
	if (!order) {
		max_nr_alloc = max(high - pcp->count - base_batch, base_batch);
		if (batch <= max_nr_alloc && pcp->alloc_factor < PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = min(batch, max_nr_alloc);
	}
	/* a batch of 1 (small zone) never stores pages; others scale by order */
	if (batch > 1)
		batch = max(batch >> order, 2);
	return batch;
}

static int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone, int batch, bool free_high)
{
	int high, high_min = pcp->high_min, high_max = pcp->high_max;

	high = pcp->high = clamp(pcp->high, high_min, high_max);
	if (unlikely(!high))
		return 0;
	if (unlikely(free_high)) {
		pcp->high = max(high - (batch << PCP_BATCH_SCALE_MAX), high_min);
		return 0;
	}
	/* (no kswapd: ZONE_RECLAIM_ACTIVE is never set) */
	if (high_min == high_max)
		return high;
	/* set and cleared by other CPUs' atomics */
	if (READ_ONCE(zone->flags) & (1UL << ZONE_BELOW_HIGH)) {
		int free_count = max(pcp->free_count, (short)batch);

		pcp->high = max(high - free_count, high_min);
		high = max(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		/* room for a batch of freed pages */
		if (pcp->high < need_high)
			pcp->high = clamp(need_high, high_min, high_max);
	}
	return high;
}

static int nr_pcp_free(struct per_cpu_pages *pcp, int batch, int high, bool free_high)
{
	int v = pcp->free_count;

	if (unlikely(free_high))
		return min(pcp->count, batch << PCP_BATCH_SCALE_MAX);
	/* clamp(free_count, batch, high - batch), the upper bound winning */
	return min(max(v, batch), high - batch);
}

/* Return @count pages of @pcp to the buddy lists, round-robin from @pindex. */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp, int pindex)
{
	count = min(pcp->count, count);
	if (count <= 0)
		return;
	pindex = pindex - 1;
	spin_lock(&zone->lock);
	while (count > 0) {
		struct list_head *list;
		unsigned int order;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));
		order = pindex_to_order((unsigned int)pindex);
		do {
			struct page *page = list_last_entry(list, struct page, pcp_list);
			unsigned long pfn = page_to_pfn(page);

			list_del(&page->pcp_list);
			count -= 1 << order;
			/* read without pcp->lock by ukmem_zone_pcp_pages(): marked */
			WRITE_ONCE(pcp->count, pcp->count - (1 << order));
			__free_one_page(page, pfn, zone, order,
					ukmem_get_pfnblock_migratetype(zone, pfn), FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
	spin_unlock(&zone->lock);
}

static struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order, int migratetype,
				      unsigned int alloc_flags, struct per_cpu_pages *pcp,
				      struct list_head *list)
{
	struct page *page;

	do {
		if (list_empty(list)) {
			int batch = nr_pcp_alloc(pcp, zone, order);
			int alloced =
				rmqueue_bulk(zone, order, batch, list, migratetype, alloc_flags);

			WRITE_ONCE(pcp->count, pcp->count + (alloced << order));
			if (unlikely(list_empty(list)))
				return NULL;
		}
		page = list_first_entry(list, struct page, pcp_list);
		list_del(&page->pcp_list);
		WRITE_ONCE(pcp->count, pcp->count - (1 << order));
	} while (check_new_pages(page, order));
	set_page_allocated(page, order);
	return page;
}

static inline void zone_statistics_pcp(struct per_cpu_pages *pcp, struct zone *preferred,
				       struct zone *z, long nr)
{
	if (likely(z->node == preferred->node))
		ukmem_stat_add(pcp->numa_hit, nr);
	else {
		ukmem_stat_add(pcp->numa_miss, nr);
		atomic_long_add(nr, &preferred->vm_numa_event[NUMA_FOREIGN]);
	}
	if (likely(z->node == numa_node_id()))
		ukmem_stat_add(pcp->numa_local, nr);
	else
		ukmem_stat_add(pcp->numa_other, nr);
}

/* Caller holds z->lock; only NUMA_FOREIGN lands in another zone. */
static void zone_statistics(struct zone *preferred, struct zone *z, long nr)
{
	if (z->node == preferred->node)
		ukmem_stat_add(z->vm_numa_event[NUMA_HIT].counter, nr);
	else {
		ukmem_stat_add(z->vm_numa_event[NUMA_MISS].counter, nr);
		atomic_long_add(nr, &preferred->vm_numa_event[NUMA_FOREIGN]);
	}
	if (z->node == numa_node_id())
		ukmem_stat_add(z->vm_numa_event[NUMA_LOCAL].counter, nr);
	else
		ukmem_stat_add(z->vm_numa_event[NUMA_OTHER].counter, nr);
}

static struct page *rmqueue_pcplist(struct zone *preferred_zone, struct zone *zone,
				    unsigned int order, int migratetype, unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = this_cpu_pcp(zone);
	struct page *page;

	if (unlikely(!spin_trylock(&pcp->lock)))
		return NULL;
	pcp->free_count >>= 1;
	page = __rmqueue_pcplist(zone, order, migratetype, alloc_flags, pcp,
				 &pcp->lists[order_to_pindex(migratetype, order)]);
	if (likely(page)) {
		ukmem_stat_add(pcp->pgalloc, 1L << order);
		zone_statistics_pcp(pcp, preferred_zone, zone, 1);
	}
	spin_unlock(&pcp->lock);
	return page;
}

static struct page *rmqueue_buddy(struct zone *preferred_zone, struct zone *zone,
				  unsigned int order, unsigned int alloc_flags, int migratetype)
{
	struct page *page;

	spin_lock(&zone->lock);
	do {
		page = NULL;
		if (alloc_flags & ALLOC_HIGHATOMIC)
			page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
		if (!page) {
			page = __rmqueue(zone, order, migratetype, alloc_flags);
			if (!page && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
				page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
			if (!page) {
				spin_unlock(&zone->lock);
				return NULL;
			}
		}
	} while (check_new_pages(page, order));
	set_page_allocated(page, order);
	ukmem_stat_add(zone->pgalloc_buddy, 1L << order);
	zone_statistics(preferred_zone, zone, 1);
	spin_unlock(&zone->lock);
	return page;
}

static inline struct page *rmqueue(struct zone *preferred_zone, struct zone *zone,
				   unsigned int order, unsigned int alloc_flags, int migratetype)
{
	struct page *page;

	if (likely(pcp_allowed_order(order))) {
		page = rmqueue_pcplist(preferred_zone, zone, order, migratetype, alloc_flags);
		if (likely(page))
			return page;
	}
	return rmqueue_buddy(preferred_zone, zone, order, alloc_flags, migratetype);
}

static void free_unref_page_commit(struct zone *zone, struct per_cpu_pages *pcp, struct page *page,
				   int migratetype, unsigned int order)
{
	int high, batch, pindex;
	bool free_high = false;

	pcp->alloc_factor >>= 1;
	set_page_ukstate(page, 0);
	ukmem_stat_add(pcp->pgfree, 1L << order);
	pindex = (int)order_to_pindex(migratetype, order);
	list_add(&page->pcp_list, &pcp->lists[pindex]);
	WRITE_ONCE(pcp->count, pcp->count + (1 << order));
	batch = pcp->batch;
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = (pcp->free_count >= batch && (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			     (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= batch));
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << PCP_BATCH_SCALE_MAX))
		pcp->free_count = (short)(pcp->free_count + (1 << order));
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (pcp->count >= high) {
		free_pcppages_bulk(zone, nr_pcp_free(pcp, batch, high, free_high), pcp, pindex);
		if ((READ_ONCE(zone->flags) & (1UL << ZONE_BELOW_HIGH)) &&
		    zone_watermark_ok(zone, 0, high_wmark_pages(zone),
				      zone_type_to_idx(ZONE_MOVABLE), 0))
			__atomic_fetch_and(&zone->flags, ~(1UL << ZONE_BELOW_HIGH),
					   __ATOMIC_RELAXED);
	}
}

static void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
			  unsigned int order, int fpi_flags)
{
	unsigned long end = pfn + (1UL << order);
	unsigned int step = min(order, pageblock_order);

	spin_lock(&zone->lock);
	set_page_ukstate(page, 0);
	/*
	 * A block larger than a pageblock goes back one pageblock at a time,
	 * each with its own migratetype, as 6.12's split_large_buddy(); the
	 * merge then rejoins the pieces whose types allow it.
	 */
	for (; pfn < end; pfn += 1UL << step, page += 1UL << step)
		__free_one_page(page, pfn, zone, step, ukmem_get_pfnblock_migratetype(zone, pfn),
				fpi_flags);
	ukmem_stat_add(zone->pgfree_buddy, 1L << order);
	spin_unlock(&zone->lock);
}

static inline void nofail_wake(void)
{
	if (unlikely(__atomic_load_n(&nofail_waiters, __ATOMIC_RELAXED))) {
		plat_mutex_lock(&nofail_lock);
		plat_cond_broadcast(&nofail_cond);
		plat_mutex_unlock(&nofail_lock);
	}
}

/* A checked, refcount-0 block goes to this CPU's pcp list or the buddy lists. */
static void free_unref_page_checked(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	struct zone *zone = page_zone(page);
	int migratetype = ukmem_get_pfnblock_migratetype(zone, pfn);
	struct per_cpu_pages *pcp;

	if (!pcp_allowed_order(order) || unlikely(migratetype == MIGRATE_ISOLATE)) {
		free_one_page(zone, page, pfn, order, FPI_NONE);
		nofail_wake();
		return;
	}
	/* a HighAtomic page rides the movable pcp list, as in 6.12 */
	if (unlikely(migratetype >= MIGRATE_PCPTYPES))
		migratetype = MIGRATE_MOVABLE;
	pcp = this_cpu_pcp(zone);
	if (likely(spin_trylock(&pcp->lock))) {
		free_unref_page_commit(zone, pcp, page, migratetype, order);
		spin_unlock(&pcp->lock);
	} else {
		free_one_page(zone, page, pfn, order, FPI_NONE);
	}
	nofail_wake();
}

/**
 * free_unref_page - free a block whose refcount already dropped to zero
 * @page: the first page
 * @order: its order
 */
void free_unref_page(struct page *page, unsigned int order)
{
	if (!free_pages_prepare(page, order))
		return;
	free_unref_page_checked(page, order);
}

/* Boot: hand a block of RAM to the buddy lists, in address order. */
void __free_pages_core(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	struct zone *zone = page_zone(page);

	for (unsigned long i = 0; i < (1UL << order); i++)
		set_page_count(page + i, 0);
	spin_lock(&zone->lock);
	__free_one_page(page, pfn, zone, order, ukmem_get_pfnblock_migratetype(zone, pfn),
			FPI_TO_TAIL);
	spin_unlock(&zone->lock);
}

/* ---------------------------------------------------------------- */
/* watermarks                                                         */
/* ---------------------------------------------------------------- */

static inline long __zone_watermark_unusable_free(struct zone *z, unsigned int order,
						  unsigned int alloc_flags)
{
	long unusable_free = (1L << order) - 1;

	if (likely(!(alloc_flags & ALLOC_RESERVES)))
		unusable_free += (long)READ_ONCE(z->nr_free_highatomic);
	return unusable_free;
}

static bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
				int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);
	if (unlikely(alloc_flags & ALLOC_RESERVES)) {
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		if (!__atomic_load_n(&area->nr_free, __ATOMIC_RELAXED))
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

bool zone_watermark_ok_safe(struct zone *z, unsigned int order, unsigned long mark,
			    int highest_zoneidx)
{
	return zone_watermark_ok(z, order, mark, highest_zoneidx, 0);
}

static inline bool zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
				       int highest_zoneidx, unsigned int alloc_flags)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);

	if (!order) {
		long usable_free = free_pages;
		long reserved = __zone_watermark_unusable_free(z, 0, alloc_flags);

		usable_free -= min(usable_free, reserved);
		if (usable_free > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages);
}

/* ---------------------------------------------------------------- */
/* from a request to a page                                          */
/* ---------------------------------------------------------------- */

/* Local zone index of the highest zone type @t folds to on this arch. */
static int zone_type_to_idx(enum zone_type t)
{
	int best = -1;

	for (int i = 0; i < ukmem_nr_zones; i++)
		if (ukmem_zone_type[i] == t)
			return i;
	/* a type this arch lacks folds to Normal (or the highest below) */
	for (int i = 0; i < ukmem_nr_zones; i++)
		if (ukmem_zone_type[i] <= ZONE_NORMAL)
			best = i;
	return best;
}

/**
 * gfp_zone - the highest zone a GFP mask allows
 * @flags: the mask
 *
 * Two of __GFP_DMA, __GFP_DMA32 and __GFP_HIGHMEM at once is a bug (the
 * kernel's VM_BUG_ON); ukmem reports it and uses Normal.
 */
enum zone_type gfp_zone(gfp_t flags)
{
	unsigned int bits = flags & GFP_ZONEMASK;
	enum zone_type z;

	switch (bits) {
	case 0:
		z = ZONE_NORMAL;
		break;
	case ___GFP_DMA:
	case ___GFP_DMA | ___GFP_MOVABLE:
		z = ZONE_DMA;
		break;
	case ___GFP_HIGHMEM:
		z = ZONE_HIGHMEM;
		break;
	case ___GFP_DMA32:
	case ___GFP_DMA32 | ___GFP_MOVABLE:
		z = ZONE_DMA32;
		break;
	case ___GFP_MOVABLE:
		z = ZONE_NORMAL;
		break;
	case ___GFP_MOVABLE | ___GFP_HIGHMEM:
		z = ZONE_MOVABLE;
		break;
	default:
		WARN(1, "ukmem: invalid zone modifiers in gfp %#x(%pGg)\n", flags, &flags);
		z = ZONE_NORMAL;
		break;
	}
	/* zones this arch does not configure fold as OPT_ZONE_* do */
	if (z == ZONE_DMA && !ukmem_zone_by_type(0, ZONE_DMA))
		z = ZONE_NORMAL;
	if (z == ZONE_DMA32 && !ukmem_zone_by_type(0, ZONE_DMA32))
		z = ZONE_NORMAL;
	if (z == ZONE_HIGHMEM && !ukmem_zone_by_type(0, ZONE_HIGHMEM))
		z = ZONE_NORMAL;
	return z;
}

static struct zoneref *first_zones_zonelist(struct zonelist *zl, int highest_zoneidx)
{
	struct zoneref *z = zl->_zonerefs;

	while (z->zone && z->zone_idx > highest_zoneidx)
		z++;
	return z;
}

#define for_next_zone_zonelist(zone, z, highidx)            \
	for (zone = (z)->zone; zone; z++, zone = (z)->zone) \
		if ((z)->zone_idx > (highidx)) {            \
		} else

static unsigned int alloc_flags_nofragment(struct zone *zone, gfp_t gfp_mask)
{
	unsigned int alloc_flags = gfp_mask & __GFP_KSWAPD_RECLAIM ? ALLOC_KSWAPD : 0;
	struct zone *below;

	if (!zone || zone->type != ZONE_NORMAL || zone->zone_idx == 0)
		return alloc_flags;
	below = zone - 1;
	if (below->type != ZONE_DMA32)
		return alloc_flags;
	if (nr_online_nodes > 1 && !populated_zone(below))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

static void reserve_highatomic_pageblock(struct page *page, unsigned int order, struct zone *zone)
{
	unsigned long max_managed;
	int mt;

	/* a zone too small for a 1% reserve of one pageblock keeps none */
	if (zone_managed_pages(zone) / 100 < pageblock_nr_pages)
		return;
	max_managed = ALIGN(zone_managed_pages(zone) / 100, pageblock_nr_pages);
	if (zone->nr_reserved_highatomic >= max_managed)
		return;
	spin_lock(&zone->lock);
	if (zone->nr_reserved_highatomic >= max_managed)
		goto out;
	mt = get_pageblock_migratetype(page);
	if (!migratetype_is_mergeable(mt))
		goto out;
	if (order < pageblock_order) {
		if (move_freepages_block(zone, page, mt, MIGRATE_HIGHATOMIC) == -1)
			goto out;
		zone->nr_reserved_highatomic += pageblock_nr_pages;
	} else {
		change_pageblock_range(page, order, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += 1UL << order;
	}
out:
	spin_unlock(&zone->lock);
}

/* Give the HighAtomic reserve back before the OOM decision; true if any was. */
static bool unreserve_highatomic_pageblock(const struct alloc_context *ac, bool force)
{
	struct zoneref *z = ac->preferred_zoneref;
	struct zone *zone;
	bool ret = false;

	for_next_zone_zonelist(zone, z, ac->highest_zoneidx)
	{
		/* without force, a zone keeps its last reserved pageblock */
		if (!force && zone->nr_reserved_highatomic <= pageblock_nr_pages)
			continue;
		if (!zone->nr_reserved_highatomic)
			continue;
		spin_lock(&zone->lock);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
			struct page *page =
				get_page_from_free_area(&zone->free_area[o], MIGRATE_HIGHATOMIC);
			unsigned long size;
			int moved;

			if (!page)
				continue;
			size = max(pageblock_nr_pages, 1UL << o);
			size = min(size, zone->nr_reserved_highatomic);
			zone->nr_reserved_highatomic -= size;
			if (o < pageblock_order)
				moved = move_freepages_block(zone, page, MIGRATE_HIGHATOMIC,
							     ac->migratetype);
			else {
				move_to_free_list(page, zone, o, MIGRATE_HIGHATOMIC,
						  ac->migratetype);
				change_pageblock_range(page, o, ac->migratetype);
				moved = 1;
			}
			if (moved > 0) {
				ret = true;
				break;
			}
		}
		spin_unlock(&zone->lock);
		if (ret)
			break;
	}
	return ret;
}

static struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order,
					   unsigned int alloc_flags, const struct alloc_context *ac)
{
	struct zoneref *z;
	struct zone *zone;
	bool no_fallback;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	z = ac->preferred_zoneref;
	for_next_zone_zonelist(zone, z, ac->highest_zoneidx)
	{
		unsigned long mark;
		struct page *page;

		if (no_fallback && nr_online_nodes > 1 && zone != ac->preferred_zoneref->zone &&
		    zone->node != ac->preferred_zoneref->zone->node) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		if (__atomic_load_n(&zone->flags, __ATOMIC_RELAXED) & (1UL << ZONE_BELOW_HIGH))
			goto check_alloc_wmark;
		mark = high_wmark_pages(zone);
		if (zone_watermark_fast(zone, order, mark, ac->highest_zoneidx, alloc_flags))
			goto try_this_zone;
		__atomic_fetch_or(&zone->flags, 1UL << ZONE_BELOW_HIGH, __ATOMIC_RELAXED);
check_alloc_wmark:
		mark = wmark_pages(zone, (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK));
		if (!zone_watermark_fast(zone, order, mark, ac->highest_zoneidx, alloc_flags) &&
		    !(alloc_flags & ALLOC_NO_WATERMARKS))
			continue;
try_this_zone:
		page = rmqueue(ac->preferred_zoneref->zone, zone, order, alloc_flags,
			       ac->migratetype);
		if (page) {
			prep_new_page(page, order, gfp_mask);
			if (unlikely(alloc_flags & ALLOC_HIGHATOMIC))
				reserve_highatomic_pageblock(page, order, zone);
			return page;
		}
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

static unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	alloc_flags |= (gfp_mask & __GFP_HIGH) ? ALLOC_MIN_RESERVE : 0;
	alloc_flags |= (gfp_mask & __GFP_KSWAPD_RECLAIM) ? ALLOC_KSWAPD : 0;
	if (!(gfp_mask & __GFP_DIRECT_RECLAIM)) {
		if (!(gfp_mask & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0 && (alloc_flags & ALLOC_MIN_RESERVE))
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	return alloc_flags;
}

static unsigned int gfp_pfmemalloc_flags(gfp_t gfp_mask)
{
	if (unlikely(gfp_mask & __GFP_NOMEMALLOC))
		return 0;
	if (gfp_mask & __GFP_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	return 0;
}

/* Would 6.12 call the OOM killer for this request? */
static bool oom_would_be_called(gfp_t gfp_mask, unsigned int order, const struct alloc_context *ac)
{
	if (gfp_mask & __GFP_NOFAIL)
		return true;
	/* the killer does nothing for IO-less requests (they would retry forever) */
	if (!(gfp_mask & __GFP_FS))
		return false;
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return false;
	if (gfp_mask & (__GFP_RETRY_MAYFAIL | __GFP_THISNODE))
		return false;
	if (ukmem_zone_type[ac->highest_zoneidx] < ZONE_NORMAL)
		return false;
	return true;
}

/* Only one thread in the process: nobody can free what a NOFAIL waiter needs. */
static void nofail_wait(gfp_t gfp_mask, unsigned int order)
{
	if (plat_nr_threads() <= 1 && nofail_warned_gen != ukmem_boot_generation) {
		nofail_warned_gen = ukmem_boot_generation;
		pr_warn("ukmem: %s: __GFP_NOFAIL allocation order:%u, mode:%#x(%pGg) waits for memory, but no other thread is inside ukmem to free any\n",
			current->comm, order, gfp_mask, &gfp_mask);
		dump_stack();
	}
	plat_mutex_lock(&nofail_lock);
	__atomic_fetch_add(&nofail_waiters, 1, __ATOMIC_SEQ_CST);
	plat_cond_wait(&nofail_cond, &nofail_lock, 100 * 1000 * 1000);
	__atomic_fetch_sub(&nofail_waiters, 1, __ATOMIC_SEQ_CST);
	plat_mutex_unlock(&nofail_lock);
}

static noinline struct page *__alloc_pages_slowpath(gfp_t gfp_mask, unsigned int order,
						    struct alloc_context *ac)
{
	bool can_direct_reclaim = gfp_mask & __GFP_DIRECT_RECLAIM;
	bool costly_order = order > PAGE_ALLOC_COSTLY_ORDER;
	unsigned int alloc_flags, reserve_flags;
	bool drained = false;
	struct page *page;

	/* 6.12 warns of these __GFP_NOFAIL uses up front, __GFP_NOWARN or not */
	if (gfp_mask & __GFP_NOFAIL) {
		WARN_ON_ONCE(order > 1);
		WARN_ON_ONCE(!can_direct_reclaim);
	}
	alloc_flags = gfp_to_alloc_flags(gfp_mask, order);
	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist, ac->highest_zoneidx);
	if (!ac->preferred_zoneref->zone)
		goto nopage;
	page = get_page_from_freelist(gfp_mask, order, alloc_flags, ac);
	if (page)
		return page;
retry:
	reserve_flags = gfp_pfmemalloc_flags(gfp_mask);
	if (reserve_flags)
		alloc_flags = reserve_flags | (alloc_flags & ALLOC_KSWAPD);
	page = get_page_from_freelist(gfp_mask, order, alloc_flags, ac);
	if (page)
		return page;
	if (!can_direct_reclaim)
		goto nopage;
	/*
	 * Direct reclaim would stall here.  There is nothing to reclaim, but
	 * its retry after a failed attempt still happens: give back the
	 * HighAtomic reserve beyond one pageblock and drain every pcp list.
	 */
	atomic_long_inc(&ukmem_vm_events.allocstall);
	if (!drained) {
		unreserve_highatomic_pageblock(ac, false);
		drain_all_pages(NULL);
		drained = true;
		goto retry;
	}
	if (gfp_mask & __GFP_NORETRY)
		goto nopage;
	if (costly_order && !(gfp_mask & __GFP_RETRY_MAYFAIL))
		goto nopage;
	/* Before OOM, exhaust the HighAtomic reserve, as should_reclaim_retry() does. */
	if (unreserve_highatomic_pageblock(ac, true))
		goto retry;
	if (oom_would_be_called(gfp_mask, order, ac) && !(gfp_mask & __GFP_NOFAIL)) {
		ukmem_out_of_memory(gfp_mask, order);
		atomic_long_inc(&ukmem_vm_events.pgalloc_fail);
		return NULL;
	}
nopage:
	if (gfp_mask & __GFP_NOFAIL) {
		if (!can_direct_reclaim)
			goto fail;
		page = get_page_from_freelist(gfp_mask, order, ALLOC_MIN_RESERVE | ALLOC_WMARK_MIN,
					      ac);
		if (page)
			return page;
		nofail_wait(gfp_mask, order);
		goto retry;
	}
fail:
	atomic_long_inc(&ukmem_vm_events.pgalloc_fail);
	warn_alloc(gfp_mask, ac->nodemask, "page allocation failure: order:%u", order);
	return NULL;
}

static void prepare_alloc_pages(gfp_t gfp_mask, unsigned int order, int preferred_nid,
				nodemask_t *nodemask, struct alloc_context *ac)
{
	(void)order;
	ac->highest_zoneidx = zone_type_to_idx(gfp_zone(gfp_mask));
	ac->zonelist = NODE_DATA(preferred_nid)->node_zonelists;
	ac->nodemask = nodemask;
	ac->migratetype = gfp_migratetype(gfp_mask);
	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist, ac->highest_zoneidx);
}

/* The first allocator call in a process with no machine boots the default one. */
static inline bool ukmem_ensure_booted(void)
{
	if (likely(__atomic_load_n(&ukmem_booted, __ATOMIC_ACQUIRE)))
		return true;
	return ukmem_boot_default() == 0;
}

/**
 * __alloc_pages_noprof - allocate a block of 2^@order pages
 * @gfp: the GFP mask
 * @order: the order (0..MAX_PAGE_ORDER)
 * @preferred_nid: the node to start from
 * @nodemask: unused (no cpusets or mempolicies), may be NULL
 *
 * Return: the first page, or NULL.
 */
struct page *__alloc_pages_noprof(gfp_t gfp, unsigned int order, int preferred_nid,
				  nodemask_t *nodemask)
{
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	struct alloc_context ac;
	struct page *page;

	if (unlikely(!ukmem_ensure_booted()))
		return NULL;
	if (unlikely(order > MAX_PAGE_ORDER)) {
		if (!(gfp & __GFP_NOWARN))
			WARN_ON_ONCE(order > MAX_PAGE_ORDER);
		return NULL;
	}
	if (unlikely(preferred_nid < 0 || preferred_nid >= nr_online_nodes))
		preferred_nid = numa_node_id();
	/* prepare_alloc_pages() asks fail_page_alloc: no slow path, no warn_alloc */
	if (ukmem_fail_alloc_page(gfp, order))
		return NULL;
	prepare_alloc_pages(gfp, order, preferred_nid, nodemask, &ac);
	alloc_flags |= alloc_flags_nofragment(ac.preferred_zoneref->zone, gfp);
	page = get_page_from_freelist(gfp, order, alloc_flags, &ac);
	if (likely(page))
		return page;
	return __alloc_pages_slowpath(gfp, order, &ac);
}

struct page *alloc_pages_noprof(gfp_t gfp, unsigned int order)
{
	return __alloc_pages_noprof(gfp, order, numa_node_id(), NULL);
}

struct page *alloc_pages_node_noprof(int nid, gfp_t gfp, unsigned int order)
{
	if (nid == NUMA_NO_NODE)
		nid = numa_mem_id();
	return __alloc_pages_noprof(gfp, order, nid, NULL);
}

struct folio *folio_alloc_noprof(gfp_t gfp, unsigned int order)
{
	return (struct folio *)alloc_pages_noprof(gfp | __GFP_COMP, order);
}

unsigned long get_free_pages_noprof(gfp_t gfp_mask, unsigned int order)
{
	struct page *page = alloc_pages_noprof(gfp_mask & ~__GFP_HIGHMEM, order);

	if (!page)
		return 0;
	return (unsigned long)page_address(page);
}

unsigned long get_zeroed_page_noprof(gfp_t gfp_mask)
{
	return get_free_pages_noprof(gfp_mask | __GFP_ZERO, 0);
}

/**
 * alloc_pages_bulk_noprof - allocate up to @nr_pages order-0 pages
 *
 * Fills the NULL slots of @page_array (or appends to @page_list); returns
 * the number of pages now in the array (or added to the list).
 */
unsigned long alloc_pages_bulk_noprof(gfp_t gfp, int preferred_nid, nodemask_t *nodemask,
				      int nr_pages, struct list_head *page_list,
				      struct page **page_array)
{
	int nr_populated = 0, added = 0;

	bool fi_bulk = false;

	while (page_array && nr_populated < nr_pages && page_array[nr_populated])
		nr_populated++;
	/* 6.12 asks fail_page_alloc once for a bulk of more than one page */
	if (nr_pages - nr_populated > 1) {
		if (ukmem_fail_alloc_page(gfp, 0))
			return page_list ? 0 : (unsigned long)nr_populated;
		fi_bulk = true;
		ukmem_fail_page_alloc_suppress(true);
	}
	for (int i = nr_populated; i < nr_pages; i++) {
		struct page *page;

		if (page_array && page_array[i]) {
			nr_populated++;
			continue;
		}
		page = __alloc_pages_noprof(gfp | (added ? __GFP_NOWARN : 0), 0, preferred_nid,
					    nodemask);
		if (!page)
			break;
		added++;
		nr_populated++;
		if (page_list)
			list_add(&page->lru, page_list);
		else
			page_array[i] = page;
	}
	if (fi_bulk)
		ukmem_fail_page_alloc_suppress(false);
	return page_list ? (unsigned long)added : (unsigned long)nr_populated;
}

/* ---------------------------------------------------------------- */
/* freeing                                                            */
/* ---------------------------------------------------------------- */

/* Drop a reference; true when it was the last.  Refuses an underflow. */
static inline bool put_page_testzero(struct page *page)
{
	if (VM_BUG_ON_FOLIO_REFUSE_AS(page_ref_count(page) <= 0, page,
				      "folio_ref_count(folio) == 0"))
		return false;
	return page_ref_dec_and_test(page);
}

static bool ukmem_page_in_ram(const struct page *page)
{
	unsigned long pfn;

	if (unlikely(!ukmem_mem_map || page < ukmem_mem_map ||
		     page >= ukmem_mem_map + (ukmem_max_pfn - ukmem_m.min_pfn) ||
		     ((unsigned long)page - (unsigned long)ukmem_mem_map) % sizeof(struct page)))
		return false;
	pfn = page_to_pfn(page);
	return pfn_valid(pfn);
}

/**
 * __free_pages - drop a reference to a block of 2^@order pages
 * @page: the first page
 * @order: the order it was allocated with
 *
 * The last reference frees the block.  If another reference remains and
 * the block is not compound, the tail parts are freed now and page 0
 * stays with the other holder (test_free_pages depends on this).
 */
void __free_pages(struct page *page, unsigned int order)
{
	bool shared;
	int head;

	if (unlikely(!ukmem_page_in_ram(page) || order > MAX_PAGE_ORDER)) {
		ukmem_report_bad_free(page, order);
		return;
	}
	if (VM_BUG_ON_PAGE_REFUSE_AS(page_ref_count(page) <= 0, page, "page_ref_count(page) == 0"))
		return;
	if (unlikely(PageReserved(page))) {
		/* never handed out: reported as the kernel reports it, left as it was */
		bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
		return;
	}
	head = PageHead(page);
	if (unlikely(!head && (page_ukstate(page) & PFN_STATE_ORDER_MASK) != order + 1)) {
		ukmem_free_wrong_order(page, order, page_ukstate(page), false);
		return;
	}
	/*
	 * If another holder keeps page 0, it keeps it as an order-0 page:
	 * record that before our reference goes, so its put_page() never
	 * sees the old order.  A sole holder skips this (no window at all).
	 */
	shared = !head && order && page_ref_count(page) > 1;
	if (shared)
		set_page_ukstate(page, 1);
	if (page_ref_dec_and_test(page)) {
		if (shared)
			set_page_ukstate(page, (u8)(order + 1));
		free_unref_page(page, order);
	} else if (!head) {
		while (order-- > 0) {
			struct page *part = page + (1U << order);

			/* each tail part becomes its own allocation of @order */
			set_page_ukstate(part, (u8)(order + 1));
			free_unref_page(part, order);
		}
	}
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr == 0)
		return;
	if (unlikely(!virt_addr_valid(addr) || (addr & ~PAGE_MASK))) {
		ukmem_report_bad_free_addr(addr, order);
		return;
	}
	__free_pages(virt_to_page(addr), order);
}

void get_page(struct page *page)
{
	struct page *head = compound_head(page);

	if (VM_BUG_ON_FOLIO_REFUSE_AS(page_ref_count(head) <= 0, head,
				      "((unsigned int) folio_ref_count(folio) + 127u <= 127u)"))
		return;
	page_ref_inc(head);
}

void folio_get(struct folio *folio)
{
	get_page(&folio->page);
}

void put_page(struct page *page)
{
	struct page *head = compound_head(page);

	if (put_page_testzero(head))
		free_unref_page(head, compound_order(head));
}

void folio_put(struct folio *folio)
{
	put_page(&folio->page);
}

/**
 * split_page - make a non-compound block into 2^@order order-0 pages
 *
 * Each sub-page gets a refcount of 1 and can be freed on its own.
 */
void split_page(struct page *page, unsigned int order)
{
	if (VM_BUG_ON_PAGE_REFUSE(PageCompound(page), page))
		return;
	if (VM_BUG_ON_PAGE_REFUSE(!page_count(page), page))
		return;
	for (unsigned int i = 1; i < (1U << order); i++) {
		set_page_count(page + i, 1);
		set_page_ukstate(page + i, 1);
	}
	set_page_ukstate(page, 1);
	split_page_owner(page, (int)order, 0);
}

static void *make_alloc_exact(unsigned long addr, unsigned int order, size_t size)
{
	if (addr) {
		unsigned long nr = DIV_ROUND_UP(size, PAGE_SIZE);
		struct page *page = virt_to_page((void *)addr);
		struct page *last = page + (1UL << order);

		split_page(page, order);
		/* the unused tail goes straight back, to the tail of its list */
		for (page += nr; page < last; page++) {
			set_page_count(page, 0);
			if (free_pages_prepare(page, 0))
				free_one_page(page_zone(page), page, page_to_pfn(page), 0,
					      FPI_TO_TAIL);
		}
	}
	return (void *)addr;
}

/**
 * alloc_pages_exact_noprof - allocate exactly @size bytes of contiguous pages
 *
 * The block of get_order(@size) is split and the pages past
 * PAGE_ALIGN(@size) go back to the allocator.
 */
void *alloc_pages_exact_noprof(size_t size, gfp_t gfp_mask)
{
	unsigned int order = (unsigned int)get_order(size);
	unsigned long addr;

	if (WARN_ON_ONCE(gfp_mask & (__GFP_COMP | __GFP_HIGHMEM)))
		gfp_mask &= ~(__GFP_COMP | __GFP_HIGHMEM);
	addr = get_free_pages_noprof(gfp_mask, order);
	return make_alloc_exact(addr, order, size);
}

void *alloc_pages_exact_nid_noprof(int nid, size_t size, gfp_t gfp_mask)
{
	unsigned int order = (unsigned int)get_order(size);
	struct page *p;

	if (WARN_ON_ONCE(gfp_mask & (__GFP_COMP | __GFP_HIGHMEM)))
		gfp_mask &= ~(__GFP_COMP | __GFP_HIGHMEM);
	p = alloc_pages_node_noprof(nid, gfp_mask, order);
	if (!p)
		return NULL;
	return make_alloc_exact((unsigned long)page_address(p), order, size);
}

void free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt;
	unsigned long end = addr + PAGE_ALIGN(size);

	while (addr < end) {
		free_page(addr);
		addr += PAGE_SIZE;
	}
}

/* ---------------------------------------------------------------- */
/* pcp draining and sizing                                            */
/* ---------------------------------------------------------------- */

static void drain_pages_zone(unsigned int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

	spin_lock(&pcp->lock);
	while (pcp->count > 0)
		free_pcppages_bulk(zone, max(pcp->batch, 1) << PCP_BATCH_SCALE_MAX, pcp, 0);
	spin_unlock(&pcp->lock);
}

static void drain_cpu_zones(unsigned int cpu, struct zone *zone)
{
	struct zone *z;

	if (zone) {
		drain_pages_zone(cpu, zone);
		return;
	}
	for_each_populated_zone(z)
		drain_pages_zone(cpu, z);
}

void drain_local_pages(struct zone *zone)
{
	if (!ukmem_booted)
		return;
	drain_cpu_zones((unsigned int)ukmem_this_cpu(), zone);
}

void drain_all_pages(struct zone *zone)
{
	if (!ukmem_booted)
		return;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		drain_cpu_zones(cpu, zone);
}

unsigned long ukmem_zone_pcp_pages(const struct zone *zone)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += (unsigned long)READ_ONCE(zone->per_cpu_pageset[cpu].count);
	return n;
}

static int zone_batchsize(struct zone *zone)
{
	int batch = (int)min(zone_managed_pages(zone) >> 10, (unsigned long)(SZ_1M / PAGE_SIZE));

	batch /= 4;
	if (batch < 1)
		batch = 1;
	return (int)rounddown_pow_of_two((unsigned long)(batch + batch / 2)) - 1;
}

static int zone_highsize(struct zone *zone, int batch, int high_fraction)
{
	unsigned long total_pages;
	int high, nr_split_cpus = 0;

	if (!high_fraction)
		total_pages = low_wmark_pages(zone);
	else
		total_pages = zone_managed_pages(zone) / (unsigned long)high_fraction;
	/* the CPUs of the zone's node share it (CPUs sit on nodes in blocks) */
	for (int cpu = 0; cpu < (int)nr_cpu_ids; cpu++)
		if (cpu_to_node(cpu) == zone->node)
			nr_split_cpus++;
	if (!nr_split_cpus)
		nr_split_cpus = (int)nr_cpu_ids;
	high = (int)(total_pages / (unsigned long)nr_split_cpus);
	return max(high, batch << 2);
}

static void zone_pcp_update(struct zone *zone)
{
	int new_batch = max(1, zone_batchsize(zone));
	int new_high_min, new_high_max;

	if (percpu_pagelist_high_fraction) {
		new_high_min = zone_highsize(zone, new_batch, percpu_pagelist_high_fraction);
		new_high_max = new_high_min;
	} else {
		new_high_min = zone_highsize(zone, new_batch, 0);
		new_high_max = zone_highsize(zone, new_batch, MIN_PERCPU_PAGELIST_HIGH_FRACTION);
	}
	zone->pageset_high_min = new_high_min;
	zone->pageset_high_max = new_high_max;
	zone->pageset_batch = new_batch;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		spin_lock(&pcp->lock);
		pcp->high_min = new_high_min;
		pcp->high_max = new_high_max;
		pcp->batch = new_batch;
		spin_unlock(&pcp->lock);
	}
}

void zone_pcp_update_all(void)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		zone_pcp_update(zone);
}

/* ---------------------------------------------------------------- */
/* watermark setup                                                    */
/* ---------------------------------------------------------------- */

unsigned long nr_free_buffer_pages(void)
{
	int high = zone_type_to_idx(gfp_zone(GFP_USER));
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone) {
		unsigned long size, hwm;

		if (zone->zone_idx > high)
			continue;
		size = zone_managed_pages(zone);
		hwm = high_wmark_pages(zone);
		if (size > hwm)
			sum += size - hwm;
	}
	return sum;
}

static void calculate_totalreserve_pages(void)
{
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		pgdat->totalreserve_pages = 0;
		for (int i = 0; i < ukmem_nr_zones; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			long max = 0;
			unsigned long managed = zone_managed_pages(zone);

			for (int j = i; j < ukmem_nr_zones; j++)
				max = max(max, zone->lowmem_reserve[j]);
			max += (long)high_wmark_pages(zone);
			if ((unsigned long)max > managed)
				max = (long)managed;
			pgdat->totalreserve_pages += (unsigned long)max;
		}
	}
}

void setup_per_zone_lowmem_reserve(void)
{
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		for (int i = 0; i < ukmem_nr_zones - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = sysctl_lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone_managed_pages(zone);
			unsigned long managed_pages = 0;

			for (int j = i + 1; j < ukmem_nr_zones; j++) {
				managed_pages += zone_managed_pages(&pgdat->node_zones[j]);
				zone->lowmem_reserve[j] =
					clear ? 0 : (long)(managed_pages / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages();
}

static void __setup_per_zone_wmarks(void)
{
	unsigned long pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for_each_zone(zone)
		if (!is_highmem(zone) && zone->type != ZONE_MOVABLE)
			lowmem_pages += zone_managed_pages(zone);
	for_each_zone(zone) {
		unsigned long managed = zone_managed_pages(zone);
		u64 tmp = lowmem_pages ? (u64)pages_min * managed / lowmem_pages : 0;

		spin_lock(&zone->lock);
		if (is_highmem(zone) || zone->type == ZONE_MOVABLE)
			zone->_watermark[WMARK_MIN] = clamp(managed / 1024, 32UL, 128UL);
		else
			zone->_watermark[WMARK_MIN] = (unsigned long)tmp;
		tmp = max(tmp >> 2, (u64)managed * (u64)watermark_scale_factor / 10000);
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + (unsigned long)tmp;
		zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + (unsigned long)tmp;
		zone->_watermark[WMARK_PROMO] = zone->_watermark[WMARK_HIGH] + (unsigned long)tmp;
		spin_unlock(&zone->lock);
	}
	calculate_totalreserve_pages();
}

void setup_per_zone_wmarks(void)
{
	__setup_per_zone_wmarks();
	zone_pcp_update_all();
}

int calculate_min_free_kbytes(void)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);
	int new_min = (int)int_sqrt(lowmem_kbytes * 16);

	if (new_min > user_min_free_kbytes)
		min_free_kbytes = clamp(new_min, 128, 262144);
	else
		pr_warn("min_free_kbytes is not updated to %d because user defined value %d is preferred\n",
			new_min, user_min_free_kbytes);
	return min_free_kbytes;
}

/* THP "always": khugepaged's recommended minimum (x86 models only; 512 MiB and up). */
int khugepaged_min_free_kbytes(void)
{
	int high = zone_type_to_idx(gfp_zone(GFP_USER));
	unsigned long recommended_min;
	int nr_zones = 0;
	struct zone *zone;

	if (ukmem_m.arch == UKMEM_ARCH_ARM || totalram_pages() < (512UL << (20 - PAGE_SHIFT)))
		return 0;
	for_each_populated_zone(zone)
		if (zone->zone_idx <= high)
			nr_zones++;
	recommended_min = pageblock_nr_pages * (unsigned long)nr_zones * 2;
	recommended_min +=
		pageblock_nr_pages * (unsigned long)nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	recommended_min = min(recommended_min, nr_free_buffer_pages() / 20);
	recommended_min <<= (PAGE_SHIFT - 10);
	if ((long)recommended_min > min_free_kbytes) {
		if (user_min_free_kbytes >= 0)
			pr_info("raising min_free_kbytes from %d to %lu to help transparent hugepage allocations\n",
				min_free_kbytes, recommended_min);
		min_free_kbytes = (int)recommended_min;
	}
	return 1;
}

void init_per_zone_wmark_min(void)
{
	calculate_min_free_kbytes();
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	if (khugepaged_min_free_kbytes())
		setup_per_zone_wmarks();
}

/* ---------------------------------------------------------------- */
/* zonelists, boot and shutdown                                      */
/* ---------------------------------------------------------------- */

void ukmem_build_zonelists(void)
{
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct zoneref *zr = NODE_DATA(nid)->node_zonelists[0]._zonerefs;

		/* local node first, then the next ones up, then those below */
		for (int k = 0; k < nr_online_nodes; k++) {
			int n = (nid + k) % nr_online_nodes;
			struct pglist_data *pgdat = NODE_DATA(n);

			for (int z = ukmem_nr_zones - 1; z >= 0; z--) {
				struct zone *zone = &pgdat->node_zones[z];

				if (!managed_zone(zone))
					continue;
				zr->zone = zone;
				zr->zone_idx = z;
				zr++;
			}
		}
		zr->zone = NULL;
		zr->zone_idx = 0;
	}
}

void ukmem_page_alloc_boot(void)
{
	struct zone *zone;

	plat_mutex_init(&nofail_lock);
	plat_cond_init(&nofail_cond);
	nofail_waiters = 0;
	memset(&ukmem_vm_events, 0, sizeof(ukmem_vm_events));
	min_free_kbytes = 1024;
	user_min_free_kbytes = -1;
	watermark_scale_factor = 10;
	percpu_pagelist_high_fraction = 0;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		enum zone_type t = ukmem_zone_type[i];

		sysctl_lowmem_reserve_ratio[i] = i >= ukmem_nr_zones		    ? 0
						 : t == ZONE_DMA || t == ZONE_DMA32 ? 256
						 : t == ZONE_NORMAL		    ? 32
										    : 0;
	}
	for_each_zone(zone) {
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

			memset(pcp, 0, sizeof(*pcp));
			spin_lock_init(&pcp->lock);
			for (int i = 0; i < NR_PCP_LISTS; i++)
				INIT_LIST_HEAD(&pcp->lists[i]);
			pcp->batch = 1;
		}
	}
}

void ukmem_page_alloc_exit(void)
{
}

/* ---------------------------------------------------------------- */
/* totals                                                             */
/* ---------------------------------------------------------------- */

unsigned long totalram_pages(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_zone(zone)
		n += zone_managed_pages(zone);
	return n;
}

unsigned long totalhigh_pages(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_zone(zone)
		if (is_highmem(zone))
			n += zone_managed_pages(zone);
	return n;
}

unsigned long global_zone_page_state(enum zone_stat_item item)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_zone(zone)
		n += zone_page_state(zone, item);
	return n;
}

unsigned long global_node_page_state(enum node_stat_item item)
{
	unsigned long n = 0;

	for (int nid = 0; nid < nr_online_nodes; nid++)
		n += node_page_state(NODE_DATA(nid), item);
	return n;
}

static void fill_sysinfo(struct sysinfo *val, int nid)
{
	unsigned long managed = 0, free = 0, high = 0, freehigh = 0;
	struct zone *zone;

	for_each_zone(zone) {
		if (nid >= 0 && zone->node != nid)
			continue;
		managed += zone_managed_pages(zone);
		free += zone_page_state(zone, NR_FREE_PAGES);
		if (is_highmem(zone)) {
			high += zone_managed_pages(zone);
			freehigh += zone_page_state(zone, NR_FREE_PAGES);
		}
	}
	val->totalram = managed;
	val->sharedram = 0;
	val->freeram = free;
	val->bufferram = 0;
	val->totalhigh = high;
	val->freehigh = freehigh;
	val->mem_unit = PAGE_SIZE;
}

/**
 * si_meminfo - memory totals in pages (mem_unit is PAGE_SIZE)
 * @val: filled: totalram, freeram, totalhigh, freehigh, sharedram, bufferram
 */
void si_meminfo(struct sysinfo *val)
{
	fill_sysinfo(val, -1);
}

void si_meminfo_node(struct sysinfo *val, int nid)
{
	fill_sysinfo(val, nid);
}

/* CPUs are spread over the fake nodes in blocks. */
int cpu_to_node(int cpu)
{
	if (nr_online_nodes <= 1)
		return 0;
	return cpu * nr_online_nodes / (int)nr_cpu_ids;
}

int numa_node_id(void)
{
	return cpu_to_node(ukmem_this_cpu());
}

int numa_mem_id(void)
{
	return numa_node_id();
}

/**
 * page_address - the kernel virtual address of a page
 *
 * NULL for a highmem page that has no permanent mapping.
 */
void *page_address(const struct page *page)
{
	/* a highmem page has an address only while kmapped (mm/highmem.c) */
	if (PageHighMem(page))
		return ukmem_highmem_page_address(page);
	return page_to_virt(page);
}
