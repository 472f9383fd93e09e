// SPDX-License-Identifier: GPL-2.0
/*
 * mm/check.c - ukmem_check(): walk every invariant of the page allocator
 * and report each violation.
 *
 * For each populated zone, with its pcp locks and then its zone lock held
 * (the allocator's own order), it checks exactly the equations stated
 * above struct zone and struct per_cpu_pages:
 *
 *   1. each block on free_area[o].free_list[mt]: PageBuddy, private == o,
 *      refcount 0, pfn aligned to 1 << o, inside the zone
 *   2. free_area[o].nr_free == the number of blocks on its lists
 *   3. sum of nr_free[o] << o == NR_FREE_PAGES (isolated blocks excepted)
 *   4. no free block has a free buddy of the same order it could merge
 *      with (below pageblock order, or both of mergeable types)
 *   5. pcp: every page on a list has refcount 0 and no type, the list's
 *      order matches its index, and count == pages on the lists
 *   6. every present page is covered exactly once: by a free block, a pcp
 *      block, an allocation (ukmem's allocation state in page->flags), a reserved page, or a
 *      block taken out of service; nothing overlaps and nothing is lost
 *   7. managed == present - reserved
 *
 * The coverage map is host memory (plat_map_anon), never the machine's,
 * kept from one check to the next under cover_lock.  The walks go by
 * runs of RAM pfns (not ukmem_pfn_is_ram() per pfn) and mark a block's
 * frames with one memset once its range is seen to be empty.
 * ukmem_check() expects no allocator call to run concurrently
 * (documented); it takes the locks so that a racing call cannot corrupt
 * anything, but may then report a block in flight.  Lock order:
 * cover_lock, then the pcp locks, then the zone lock.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/kfence.h>
#include "internal.h"

static int nr_errors;

#define check_err(fmt, ...)                                 \
	do {                                                \
		nr_errors++;                                \
		pr_err("ukmem_check: " fmt, ##__VA_ARGS__); \
	} while (0)

struct cover {
	u8 *map; /* 1 per page of the zone span */
	size_t len;
	unsigned long base;
};

static void cover(struct cover *c, struct zone *zone, unsigned long pfn, unsigned long nr,
		  const char *what)
{
	/* the common case at once: inside the zone and nothing there yet */
	if (zone_spans_pfn(zone, pfn) && zone_spans_pfn(zone, pfn + nr - 1) &&
	    !memchr_inv(c->map + (pfn - c->base), 0, nr)) {
		memset(c->map + (pfn - c->base), 1, nr);
		return;
	}
	for (unsigned long i = 0; i < nr; i++) {
		unsigned long p = pfn + i;

		if (!zone_spans_pfn(zone, p)) {
			check_err("%s: %s block at pfn %#lx runs past the zone\n", zone->name, what,
				  pfn);
			return;
		}
		if (c->map[p - c->base]) {
			check_err("%s: pfn %#lx is in two places (again as %s)\n", zone->name, p,
				  what);
			return;
		}
		c->map[p - c->base] = 1;
	}
}

static bool mergeable_types(int a, int b)
{
	return a == b || (a < MIGRATE_PCPTYPES && b < MIGRATE_PCPTYPES);
}

static void check_free_lists(struct zone *zone, struct cover *c)
{
	unsigned long free_pages = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &zone->free_area[o];
		unsigned long blocks = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct page *page;

			list_for_each_entry(page, &area->free_list[mt], buddy_list) {
				unsigned long pfn = page_to_pfn(page);

				blocks++;
				if (!PageBuddy(page))
					check_err(
						"%s: pfn %#lx on the order-%u %s list is not PageBuddy\n",
						zone->name, pfn, o, migratetype_names[mt]);
				if (buddy_order(page) != o)
					check_err(
						"%s: pfn %#lx on the order-%u list has order %u\n",
						zone->name, pfn, o, buddy_order(page));
				if (page_ref_count(page))
					check_err("%s: free pfn %#lx has refcount %d\n", zone->name,
						  pfn, page_ref_count(page));
				if (pfn & ((1UL << o) - 1))
					check_err("%s: free pfn %#lx is not aligned to order %u\n",
						  zone->name, pfn, o);
				if (mt != MIGRATE_ISOLATE)
					free_pages += 1UL << o;
				cover(c, zone, pfn, 1UL << o, "free");
				if (o < MAX_PAGE_ORDER) {
					unsigned long bpfn = pfn ^ (1UL << o);
					struct page *buddy = pfn_to_page(bpfn);

					if (zone_spans_pfn(zone, bpfn) && pfn_valid(bpfn) &&
					    PageBuddy(buddy) && buddy_order(buddy) == o &&
					    (o < pageblock_order ||
					     mergeable_types(
						     ukmem_get_pfnblock_migratetype(zone, pfn),
						     ukmem_get_pfnblock_migratetype(zone, bpfn))))
						check_err(
							"%s: free buddies pfn %#lx and %#lx of order %u were not merged\n",
							zone->name, pfn, bpfn, o);
				}
			}
		}
		if (blocks != area->nr_free)
			check_err("%s: free_area[%u].nr_free is %lu, the lists hold %lu\n",
				  zone->name, o, area->nr_free, blocks);
	}
	if (free_pages != zone_page_state(zone, NR_FREE_PAGES))
		check_err("%s: NR_FREE_PAGES is %lu, the free lists hold %lu pages\n", zone->name,
			  zone_page_state(zone, NR_FREE_PAGES), free_pages);
}

static void check_pcp(struct zone *zone, struct cover *c, unsigned int cpu)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
	long pages = 0;

	for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
		unsigned int order = i >= NR_LOWORDER_PCP_LISTS ? pageblock_order
								: i / MIGRATE_PCPTYPES;
		struct page *page;

		list_for_each_entry(page, &pcp->lists[i], pcp_list) {
			unsigned long pfn = page_to_pfn(page);

			if (page_ref_count(page) || page_has_type(page))
				check_err(
					"%s: pcp page pfn %#lx (cpu %u) has refcount %d, type %#x\n",
					zone->name, pfn, cpu, page_ref_count(page),
					page->page_type);
			if (page_zone(page) != zone)
				check_err("%s: pcp page pfn %#lx belongs to zone %s\n", zone->name,
					  pfn, page_zone(page)->name);
			pages += 1L << order;
			cover(c, zone, pfn, 1UL << order, "pcp");
		}
	}
	if (pages != pcp->count)
		check_err("%s: pcp count of cpu %u is %d, its lists hold %ld pages\n", zone->name,
			  cpu, pcp->count, pages);
}

/*
 * The next run of RAM pfns at or after @from and below @end, as
 * [*s, *e): the lowest-starting RAM range that reaches past @from, so the
 * runs come in ascending order and each RAM pfn (ukmem_pfn_is_ram()) is
 * in exactly one run even if ranges overlapped.  Walking runs instead of
 * asking ukmem_pfn_is_ram() of every pfn was most of the check's time.
 */
static bool next_ram_run(unsigned long from, unsigned long end, unsigned long *s, unsigned long *e)
{
	unsigned long best = ULONG_MAX;
	bool found = false;

	for (int i = 0; i < ukmem_m.nr_ranges; i++) {
		const struct ukmem_mem_range *r = &ukmem_m.ranges[i];
		unsigned long rs = max((unsigned long)PFN_UP(r->start), from);
		unsigned long re = min((unsigned long)PFN_DOWN(r->end), end);

		if (r->type != UKMEM_E820_RAM || rs >= re || rs >= best)
			continue;
		best = rs;
		*s = rs;
		*e = re;
		found = true;
	}
	return found;
}

static void check_coverage(struct zone *zone, struct cover *c)
{
	unsigned long reserved = 0, s, e;

	for (unsigned long from = zone->zone_start_pfn;
	     next_ram_run(from, zone_end_pfn(zone), &s, &e); from = e) {
		for (unsigned long pfn = s; pfn < e; pfn++) {
			struct page *page = pfn_to_page(pfn);
			u8 st = page_ukstate(page);
			unsigned int order;

			if (PageReserved(page) && page_ref_count(page) > 0 &&
			    !c->map[pfn - c->base]) {
				reserved++;
				c->map[pfn - c->base] = 1;
				continue;
			}
			if (!(st & PFN_STATE_ORDER_MASK))
				continue;
			order = (st & PFN_STATE_ORDER_MASK) - 1U;
			/* refcount 0 here is a free in flight (or a fork snapshot of one) */
			cover(c, zone, pfn, 1UL << order,
			      st & PFN_STATE_OUT_OF_SERVICE ? "out-of-service" : "allocated");
		}
	}
	for (unsigned long from = zone->zone_start_pfn;
	     next_ram_run(from, zone_end_pfn(zone), &s, &e); from = e) {
		const u8 *hole = memchr(c->map + (s - c->base), 0, e - s);

		if (hole) {
			check_err("%s: pfn %#lx is lost: not free, allocated or reserved\n",
				  zone->name, c->base + (unsigned long)(hole - c->map));
			break;
		}
	}
	if (zone->present_pages - reserved != zone_managed_pages(zone))
		check_err("%s: managed is %lu, present %lu less reserved %lu is %lu\n", zone->name,
			  zone_managed_pages(zone), zone->present_pages, reserved,
			  zone->present_pages - reserved);
}

/*
 * The coverage map is host memory kept from one check to the next (and
 * grown for a larger zone): mapping and faulting in a fresh one for every
 * zone of every check cost more than the walk.  cover_lock serialises
 * checks that run at once; it is taken before any allocator lock.
 */
static DEFINE_SPINLOCK(cover_lock);
static struct plat_scratch cover_map;

static void check_zone(struct zone *zone)
{
	struct cover c;

	c.base = zone->zone_start_pfn;
	c.len = PAGE_ALIGN(zone->spanned_pages);
	c.map = plat_scratch_get(&cover_map, c.len);
	if (!c.map) {
		check_err("%s: no host memory for the coverage map\n", zone->name);
		return;
	}
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		spin_lock(&zone->per_cpu_pageset[cpu].lock);
	spin_lock(&zone->lock);
	check_free_lists(zone, &c);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		check_pcp(zone, &c, cpu);
	check_coverage(zone, &c);
	spin_unlock(&zone->lock);
	for (unsigned int cpu = nr_cpu_ids; cpu-- > 0;)
		spin_unlock(&zone->per_cpu_pageset[cpu].lock);
}

/* Returns the number of errors found in the page allocator. */
int ukmem_mm_check(void)
{
	struct zone *zone;
	int errors;

	spin_lock(&cover_lock);
	nr_errors = 0;
	for_each_populated_zone(zone)
		check_zone(zone);
	errors = nr_errors;
	spin_unlock(&cover_lock);
	return errors;
}

/* Pages callers hold now (allocations per page state, not out of service). */
unsigned long ukmem_pages_in_use(void)
{
	unsigned long n = 0;

	if (!ukmem_booted)
		return 0;
	for (unsigned long pfn = ukmem_m.min_pfn; pfn < ukmem_max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);
		u8 st = page_ukstate(page);

		if (!(st & PFN_STATE_ORDER_MASK) || (st & PFN_STATE_OUT_OF_SERVICE))
			continue;
		/* slab pages are the allocator's; their objects are counted by the slab layer */
		if (PageSlab(page) || ukmem_kfence_pfn(pfn))
			continue;
		n += 1UL << ((st & PFN_STATE_ORDER_MASK) - 1);
	}
	return n;
}

/* Print what callers still hold (shutdown); returns pages held, and held back. */
unsigned long ukmem_report_leaks(unsigned long *held_back)
{
	unsigned long held = 0, back = 0, shown = 0;

	for (unsigned long pfn = ukmem_m.min_pfn; pfn < ukmem_max_pfn; pfn++) {
		u8 st = page_ukstate(pfn_to_page(pfn));
		unsigned long nr;

		if (!(st & PFN_STATE_ORDER_MASK))
			continue;
		nr = 1UL << ((st & PFN_STATE_ORDER_MASK) - 1);
		if (st & PFN_STATE_OUT_OF_SERVICE) {
			back += nr;
			continue;
		}
		held += nr;
		if (shown++ < 16)
			pr_warn("ukmem: still held: pfn %#lx order %lu refcount %d\n", pfn,
				(unsigned long)((st & PFN_STATE_ORDER_MASK) - 1),
				page_ref_count(pfn_to_page(pfn)));
	}
	if (shown > 16)
		pr_warn("ukmem: ... and %lu more allocations\n", shown - 16);
	*held_back = back;
	return held;
}
