// SPDX-License-Identifier: GPL-2.0
/*
 * test_page_alloc.c - the buddy page allocator's behaviour, each test one
 * feature that would be visibly wrong without it.
 *
 * What is covered, and how each is observed:
 *  - split and merge: an order-4 GFP_HIGHUSER_MOVABLE request on a fresh
 *    machine takes the first block of the smallest non-empty Movable list
 *    of order >= 4 and splits it as __rmqueue_smallest()/expand() do; the
 *    /proc/pagetypeinfo row moves by exactly that, and freeing restores
 *    pagetypeinfo and buddyinfo byte for byte.  Order 4 never touches the
 *    pcp lists (only orders 0-3 and the pageblock order do), so the views
 *    show the buddy lists directly.
 *  - zone choice: GFP_DMA only from DMA, GFP_DMA32 never from Normal,
 *    lowmem_reserve keeping DMA for DMA requests, i386 HighMem for
 *    GFP_HIGHUSER and never for GFP_KERNEL.
 *  - reserves: near the min watermark GFP_ATOMIC still gets pages where
 *    GFP_NOWAIT does not, exactly as many as the lowered watermark allows.
 *  - __GFP_ZERO and init_on_alloc, compound pages and folios, split_page,
 *    alloc_pages_exact, refcounting (__free_pages with another reference).
 *  - the HighAtomic reserve: taken by a high-order atomic request near
 *    exhaustion, given back before an OOM.
 *  - __GFP_NOFAIL: a blocking request waits for another thread's free; a
 *    non-blocking one warns.
 *  - the allocation-failure and OOM reports, __GFP_NOWARN, and the
 *    requests that fail without the OOM killer.
 *
 * The watermark tests need exact free counts: the pcp lists refill in
 * batches without a watermark check (as in Linux), so those tests drain
 * the pcp lists after every allocation (ut_exhaust(..., true)); the zones
 * then stop exactly where their watermark check refuses the request.
 *
 * Every test boots its own machine and ends with ut_end(): ukmem_check()
 * == 0, nothing left allocated, nothing leaked at shutdown.
 */
#include "helpers/ukmem_test.h"

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/smp.h>

#include <pthread.h>
#include <time.h>

#include "mm/internal.h"

#define EXHAUST_GFP (GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)

/* ---------------------------------------------------------------- */
/* exact split and merge                                             */
/* ---------------------------------------------------------------- */

static struct page *first_free_block(struct zone *z, unsigned int order, int mt)
{
	struct list_head *head = &z->free_area[order].free_list[mt];

	if (list_empty(head))
		return NULL;
	return list_first_entry(head, struct page, buddy_list);
}

static unsigned long lowest_free_pfn(struct zone *z, unsigned int order, int mt)
{
	unsigned long lowest = ~0UL;
	struct page *p;

	list_for_each_entry(p, &z->free_area[order].free_list[mt], buddy_list)
		if (page_to_pfn(p) < lowest)
			lowest = page_to_pfn(p);
	return lowest;
}

/* Compare every pagetypeinfo row of every zone except @skip's Movable row. */
static void assert_other_rows_equal(const char *before, const char *after, const char *skip)
{
	static const char *const types[] = {"Unmovable", "Movable", "Reclaimable", "HighAtomic",
					    "Isolate"};
	struct zone *z;

	for_each_populated_zone(z) {
		for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
			unsigned long a[NR_PAGE_ORDERS], b[NR_PAGE_ORDERS];

			if (!strcmp(z->name, skip) && !strcmp(types[t], "Movable"))
				continue;
			cr_assert(ut_pagetype_row(before, 0, z->name, types[t], a));
			cr_assert(ut_pagetype_row(after, 0, z->name, types[t], b));
			cr_assert_arr_eq(a, b, sizeof(a), "zone %s type %s changed", z->name,
					 types[t]);
		}
	}
}

/*
 * Allocate @n order-4 GFP_HIGHUSER_MOVABLE blocks on a fresh machine, each
 * time checking the pagetypeinfo row against __rmqueue_smallest(), then
 * free them and require the boot views back byte for byte.
 */
static void order4_split_and_merge(const char *cmdline, enum zone_type want_zone, int n)
{
	struct page *pages[32];
	char *boot_pti, *boot_bi, *pti, *bi;

	cr_assert_leq(n, 32);
	ut_boot(cmdline);
	boot_pti = ut_read("/proc/pagetypeinfo");
	boot_bi = ut_read("/proc/buddyinfo");
	cr_assert_not_null(boot_pti);
	cr_assert_not_null(boot_bi);

	for (int i = 0; i < n; i++) {
		struct zone *z = ut_zone(want_zone);
		unsigned long before[NR_PAGE_ORDERS], after[NR_PAGE_ORDERS];
		char *pre = ut_read("/proc/pagetypeinfo"), *post;
		struct page *expect;
		unsigned int k;

		cr_assert(ut_pagetype_row(pre, 0, z->name, "Movable", before));
		for (k = 4; k < NR_PAGE_ORDERS && !before[k]; k++)
			;
		cr_assert_lt(k, NR_PAGE_ORDERS, "no Movable block of order >= 4 left in %s",
			     z->name);
		expect = first_free_block(z, k, MIGRATE_MOVABLE);
		cr_assert_not_null(expect, "pagetypeinfo shows an order-%u block the list lacks",
				   k);
		if (i == 0)
			cr_assert_eq(page_to_pfn(expect), lowest_free_pfn(z, k, MIGRATE_MOVABLE),
				     "a fresh machine's order-%u list is not in address order", k);

		pages[i] = alloc_pages(GFP_HIGHUSER_MOVABLE, 4);
		cr_assert_not_null(pages[i]);
		cr_assert_eq(page_zone(pages[i]), z, "order-4 movable block from zone %s, not %s",
			     page_zone(pages[i])->name, z->name);
		cr_assert_eq(pages[i], expect,
			     "allocation %d: got pfn %#lx, the first order-%u block is pfn %#lx", i,
			     page_to_pfn(pages[i]), k, page_to_pfn(expect));

		post = ut_read("/proc/pagetypeinfo");
		cr_assert(ut_pagetype_row(post, 0, z->name, "Movable", after));
		before[k]--;
		for (unsigned int o = 4; o < k; o++)
			before[o]++;
		cr_assert_arr_eq(before, after, sizeof(before),
				 "allocation %d (split of order %u): Movable row of %s is wrong", i,
				 k, z->name);
		assert_other_rows_equal(pre, post, z->name);
		free(pre);
		free(post);
	}
	cr_assert_eq(ukmem_check(), 0);
	cr_assert_eq(ukmem_pages_in_use(), 16UL * (unsigned long)n);

	/* free in an order different from allocation, so merges cross */
	for (int i = 0; i < n; i += 2)
		__free_pages(pages[i], 4);
	for (int i = n - 1; i >= 0; i--)
		if (i % 2)
			__free_pages(pages[i], 4);
	cr_assert_eq(ukmem_pages_in_use(), 0);

	/* no drain: order 4 never went through a pcp list */
	pti = ut_read("/proc/pagetypeinfo");
	bi = ut_read("/proc/buddyinfo");
	cr_assert_str_eq(pti, boot_pti, "pagetypeinfo after freeing differs from boot");
	cr_assert_str_eq(bi, boot_bi, "buddyinfo after freeing differs from boot");
	free(pti);
	free(bi);
	free(boot_pti);
	free(boot_bi);
	ut_end();
}

Test(split_merge, order4_x86_64_64M)
{
	order4_split_and_merge("mem=64M", ZONE_DMA32, 12);
}

Test(split_merge, order4_x86_64_1G)
{
	order4_split_and_merge("mem=1G init_on_alloc=0", ZONE_DMA32, 12);
}

Test(split_merge, order4_i386_highmem)
{
	/* GFP_HIGHUSER_MOVABLE prefers HighMem; init_on_alloc zeroes it unmapped */
	order4_split_and_merge("mem=2G arch=i386", ZONE_HIGHMEM, 8);
}

Test(split_merge, order4_arm)
{
	order4_split_and_merge("mem=256M arch=arm", ZONE_NORMAL, 8);
}

/* Order 0..3 go through the pcp lists: drained, everything merges back. */
Test(split_merge, low_orders_merge_back_after_drain)
{
	struct page *p[4][8];
	char *boot_bi, *bi;

	ut_boot("mem=64M");
	boot_bi = ut_read("/proc/buddyinfo");
	for (unsigned int o = 0; o < 4; o++)
		for (int i = 0; i < 8; i++) {
			p[o][i] = alloc_pages(GFP_KERNEL, o);
			cr_assert_not_null(p[o][i]);
		}
	cr_assert_eq(ukmem_pages_in_use(), 8UL * (1 + 2 + 4 + 8));
	for (unsigned int o = 0; o < 4; o++)
		for (int i = 0; i < 8; i++)
			__free_pages(p[o][i], o);
	drain_all_pages(NULL);
	bi = ut_read("/proc/buddyinfo");
	cr_assert_str_eq(bi, boot_bi);
	free(bi);
	free(boot_bi);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* zone selection and fallback limits                               */
/* ---------------------------------------------------------------- */

Test(zones, gfp_dma_only_from_dma)
{
	struct ut_blocks b = {0};
	struct zone *dma32;
	unsigned long dma32_free, pages;

	ut_boot("mem=64M init_on_alloc=0");
	drain_all_pages(NULL);
	dma32 = ut_zone(ZONE_DMA32);
	dma32_free = ut_zone_free_and_pcp(dma32);

	pages = ut_exhaust(&b, GFP_DMA | __GFP_NOWARN, 3, false);
	cr_assert_gt(pages, 3000, "GFP_DMA got only %lu pages of a 16M DMA zone", pages);
	for (size_t i = 0; i < b.n; i++)
		cr_assert_eq(page_zonenum(b.v[i].page), ZONE_DMA, "GFP_DMA got pfn %#lx of zone %s",
			     page_to_pfn(b.v[i].page), page_zone(b.v[i].page)->name);
	cr_assert_eq(ut_zone_free_and_pcp(dma32), dma32_free, "GFP_DMA took pages of DMA32");
	/* GFP_KERNEL | GFP_DMA: the same limit */
	cr_assert_null(alloc_pages(GFP_KERNEL | GFP_DMA | __GFP_NOWARN, 0));
	cr_assert_null(alloc_pages(GFP_DMA | __GFP_NOWARN, 0));
	/* and DMA32 still has plenty for GFP_KERNEL */
	{
		struct page *p = alloc_page(GFP_KERNEL);

		cr_assert_not_null(p);
		cr_assert_eq(page_zonenum(p), ZONE_DMA32);
		__free_page(p);
	}
	ut_blocks_free_all(&b);
	ut_end();
}

Test(zones, gfp_dma32_never_normal)
{
	struct ut_blocks b = {0};
	struct zone *normal;
	unsigned long normal_free, pages;
	struct page *p;

	/* 2G below 4G (DMA + DMA32), 512M from 4G up (Normal) */
	ut_boot("mem=2560M init_on_alloc=0");
	normal = ut_zone(ZONE_NORMAL);
	cr_assert_gt(zone_managed_pages(normal), 0);
	normal_free = ut_zone_free_and_pcp(normal);

	pages = ut_exhaust(&b, GFP_KERNEL | GFP_DMA32 | __GFP_NORETRY | __GFP_NOWARN, 10, false);
	cr_assert_gt(pages, 500000UL);
	for (size_t i = 0; i < b.n; i++) {
		enum zone_type t = page_zonenum(b.v[i].page);

		cr_assert(t == ZONE_DMA32 || t == ZONE_DMA, "GFP_DMA32 got pfn %#lx of zone %s",
			  page_to_pfn(b.v[i].page), page_zone(b.v[i].page)->name);
		cr_assert_lt(page_to_phys(b.v[i].page), 4ULL << 30);
	}
	cr_assert_eq(ut_zone_free_and_pcp(normal), normal_free, "GFP_DMA32 took Normal pages");
	/* Normal is untouched and serves GFP_KERNEL */
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_eq(page_zonenum(p), ZONE_NORMAL);
	cr_assert_geq(page_to_phys(p), 4ULL << 30);
	__free_page(p);
	ut_blocks_free_all(&b);
	ut_end();
}

/*
 * Exhaust the machine for GFP_KERNEL with the pcp lists drained after each
 * allocation: every zone then stops exactly where its watermark check
 * refuses order 0, free <= min + lowmem_reserve[Normal]; the last success
 * left free == that + 0.
 */
static void exhaust_exactly(struct ut_blocks *b)
{
	ut_exhaust(b, EXHAUST_GFP, 10, false);
	drain_all_pages(NULL);
	ut_exhaust(b, EXHAUST_GFP, 0, true);
	drain_all_pages(NULL);
}

Test(zones, lowmem_reserve_keeps_dma_for_dma)
{
	struct ut_blocks b = {0}, dma = {0};
	struct zone *zdma, *zdma32;
	int kernel_idx;
	long prot;
	unsigned long got;

	ut_boot("mem=64M init_on_alloc=0");
	zdma = ut_zone(ZONE_DMA);
	zdma32 = ut_zone(ZONE_DMA32);
	/* GFP_KERNEL's highest zone is Normal (empty here, but configured) */
	kernel_idx = ut_zone(ZONE_NORMAL)->zone_idx;
	prot = zdma->lowmem_reserve[kernel_idx];
	cr_assert_eq(
		prot, (long)(zone_managed_pages(zdma32) / 256),
		"DMA's protection from Normal requests is %ld, expected managed(DMA32)/256 = %lu",
		prot, zone_managed_pages(zdma32) / 256);
	cr_assert_gt(prot, 0);

	exhaust_exactly(&b);
	cr_assert_eq(zone_page_state(zdma, NR_FREE_PAGES),
		     min_wmark_pages(zdma) + (unsigned long)prot,
		     "GFP_KERNEL left DMA with %lu free; min %lu + protection %ld",
		     zone_page_state(zdma, NR_FREE_PAGES), min_wmark_pages(zdma), prot);
	cr_assert_eq(zone_page_state(zdma32, NR_FREE_PAGES),
		     min_wmark_pages(zdma32) + (unsigned long)zdma32->lowmem_reserve[kernel_idx]);
	cr_assert_null(alloc_page(EXHAUST_GFP));

	/* the protected part is there for DMA requests: exactly @prot pages */
	got = ut_exhaust(&dma, GFP_DMA | __GFP_NOWARN, 0, true);
	cr_assert_eq(got, (unsigned long)prot,
		     "GFP_DMA got %lu pages past GFP_KERNEL's limit, expected %ld", got, prot);
	for (size_t i = 0; i < dma.n; i++)
		cr_assert_eq(page_zonenum(dma.v[i].page), ZONE_DMA);
	cr_assert_eq(zone_page_state(zdma, NR_FREE_PAGES), min_wmark_pages(zdma));

	ut_blocks_free_all(&dma);
	ut_blocks_free_all(&b);
	ut_end();
}

Test(zones, i386_highuser_prefers_highmem)
{
	struct ut_blocks b = {0};
	struct page *p;
	unsigned long addr;

	ut_boot("mem=2G arch=i386 init_on_alloc=0");
	p = alloc_page(GFP_HIGHUSER);
	cr_assert_not_null(p);
	cr_assert_eq(page_zonenum(p), ZONE_HIGHMEM);
	cr_assert(PageHighMem(p));
	cr_assert_null(page_address(p), "a HighMem page has no permanent kernel mapping");
	cr_assert_geq(page_to_pfn(p), max_low_pfn);
	__free_page(p);

	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 2);
	cr_assert_not_null(p);
	cr_assert_eq(page_zonenum(p), ZONE_HIGHMEM);
	__free_pages(p, 2);

	/* __get_free_pages drops __GFP_HIGHMEM: a lowmem address */
	addr = __get_free_pages(GFP_HIGHUSER, 0);
	cr_assert_neq(addr, 0);
	cr_assert(virt_addr_valid(addr));
	cr_assert_neq(page_zonenum(virt_to_page(addr)), ZONE_HIGHMEM);
	free_pages(addr, 0);

	/* GFP_KERNEL never takes HighMem, even with lowmem exhausted */
	ut_exhaust(&b, EXHAUST_GFP, 10, false);
	cr_assert_gt(b.n, 0);
	for (size_t i = 0; i < b.n; i++) {
		cr_assert_neq(page_zonenum(b.v[i].page), ZONE_HIGHMEM,
			      "GFP_KERNEL got HighMem pfn %#lx", page_to_pfn(b.v[i].page));
		cr_assert_not_null(page_address(b.v[i].page));
	}
	cr_assert_null(alloc_page(EXHAUST_GFP));
	/* HighMem is untouched */
	p = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
	cr_assert_not_null(p);
	cr_assert_eq(page_zonenum(p), ZONE_HIGHMEM);
	__free_page(p);
	ut_blocks_free_all(&b);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* reserves                                                          */
/* ---------------------------------------------------------------- */

/* The min watermark as ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK lowers it. */
static unsigned long atomic_min(unsigned long min)
{
	min -= min / 2;
	min -= min / 4;
	return min;
}

Test(reserves, atomic_succeeds_where_nowait_fails)
{
	struct ut_blocks b = {0}, atomic = {0};
	unsigned long expect = 0, got;
	int kernel_idx;
	struct zone *z;
	struct page *p;

	ut_boot("mem=64M init_on_alloc=0");
	kernel_idx = ut_zone(ZONE_NORMAL)->zone_idx;
	exhaust_exactly(&b);

	cr_assert_null(alloc_page(GFP_NOWAIT), "GFP_NOWAIT got a page below the min watermark");
	cr_assert_null(alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
	p = alloc_page(GFP_ATOMIC);
	cr_assert_not_null(p, "GFP_ATOMIC failed where its reserve should let it through");
	ut_blocks_push(&atomic, p, 0);
	drain_all_pages(NULL);

	/* exactly as far as the lowered watermark lets it go */
	for_each_populated_zone(z) {
		unsigned long floor = atomic_min(min_wmark_pages(z)) +
				      (unsigned long)z->lowmem_reserve[kernel_idx];
		unsigned long free = zone_page_state(z, NR_FREE_PAGES);

		if (free > floor)
			expect += free - floor;
	}
	got = ut_exhaust(&atomic, GFP_ATOMIC | __GFP_NOWARN, 0, true);
	cr_assert_eq(got, expect, "GFP_ATOMIC took %lu more pages, the reserve allows %lu", got,
		     expect);
	cr_assert_null(alloc_page(GFP_NOWAIT));

	ut_blocks_free_all(&atomic);
	ut_blocks_free_all(&b);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* __GFP_ZERO and init_on_alloc                                      */
/* ---------------------------------------------------------------- */

static bool all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return false;
	return true;
}

Test(zeroing, init_on_alloc_off_keeps_old_contents)
{
	struct page *p, *q;

	ut_boot("mem=64M init_on_alloc=0");
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	memset(page_address(p), 0x55, PAGE_SIZE);
	__free_page(p);

	/* the pcp list is LIFO: the same page comes back */
	q = alloc_page(GFP_KERNEL);
	cr_assert_eq(q, p);
	cr_assert(all_bytes(page_address(q), 0x55, PAGE_SIZE),
		  "init_on_alloc=0 and no __GFP_ZERO, yet the page was cleared");
	__free_page(q);

	q = alloc_page(GFP_KERNEL | __GFP_ZERO);
	cr_assert_eq(q, p);
	cr_assert(all_bytes(page_address(q), 0, PAGE_SIZE), "__GFP_ZERO page is not zero");
	memset(page_address(q), 0x55, PAGE_SIZE);
	__free_page(q);

	/* get_zeroed_page is __GFP_ZERO too */
	{
		unsigned long a = get_zeroed_page(GFP_KERNEL);

		cr_assert_eq(a, (unsigned long)page_address(p));
		cr_assert(all_bytes((void *)a, 0, PAGE_SIZE));
		free_page(a);
	}

	/*
	 * A high order: every page of the block.  Consecutive high-order
	 * frees flush the pcp list (6.12's free_high), so the same block is
	 * not guaranteed back; dirty a set of blocks and look at what returns.
	 */
	{
		struct page *dirty[16], *got[16];
		int reused = 0, kept = 0;

		for (int i = 0; i < 16; i++) {
			dirty[i] = alloc_pages(GFP_KERNEL, 3);
			cr_assert_not_null(dirty[i]);
			memset(page_address(dirty[i]), 0x55, 8 * PAGE_SIZE);
		}
		for (int i = 0; i < 16; i++)
			__free_pages(dirty[i], 3);
		for (int i = 0; i < 16; i++) {
			got[i] = alloc_pages(GFP_KERNEL, 3);
			cr_assert_not_null(got[i]);
			kept += all_bytes(page_address(got[i]), 0x55, 8 * PAGE_SIZE);
		}
		cr_assert_gt(kept, 0, "init_on_alloc=0: no reused order-3 block kept its data");
		for (int i = 0; i < 16; i++) {
			memset(page_address(got[i]), 0x55, 8 * PAGE_SIZE);
			__free_pages(got[i], 3);
		}
		for (int i = 0; i < 16; i++) {
			got[i] = alloc_pages(GFP_KERNEL | __GFP_ZERO, 3);
			cr_assert_not_null(got[i]);
			cr_assert(all_bytes(page_address(got[i]), 0, 8 * PAGE_SIZE),
				  "__GFP_ZERO order-3 block is not zero in every page");
			for (int j = 0; j < 16; j++)
				reused += got[i] == dirty[j];
		}
		cr_assert_gt(reused, 0);
		for (int i = 0; i < 16; i++)
			__free_pages(got[i], 3);
	}
	ut_end();
}

Test(zeroing, init_on_alloc_default_clears)
{
	struct page *p, *q;
	char *log;

	ut_boot("mem=64M");
	log = ut_dmesg();
	ut_assert_log_has(log, "mem auto-init: stack:all(zero), heap alloc:on, heap free:off");
	free(log);
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	memset(page_address(p), 0x55, PAGE_SIZE);
	__free_page(p);
	q = alloc_page(GFP_KERNEL);
	cr_assert_eq(q, p);
	cr_assert(all_bytes(page_address(q), 0, PAGE_SIZE), "init_on_alloc=1 left old data");
	__free_page(q);

	/* order 4 (the buddy lists, not pcp) */
	p = alloc_pages(GFP_KERNEL, 4);
	cr_assert_not_null(p);
	memset(page_address(p), 0x55, 16 * PAGE_SIZE);
	__free_pages(p, 4);
	q = alloc_pages(GFP_KERNEL, 4);
	cr_assert_not_null(q);
	cr_assert(all_bytes(page_address(q), 0, 16 * PAGE_SIZE));
	__free_pages(q, 4);
	ut_end();
}

Test(zeroing, init_on_free_clears_at_free)
{
	struct page *p;
	unsigned char *v;

	ut_boot("mem=64M init_on_alloc=0 init_on_free=1");
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	v = page_address(p);
	memset(v, 0x55, PAGE_SIZE);
	__free_page(p);
	/* the direct map still shows the (now free) page */
	cr_assert(all_bytes(v, 0, PAGE_SIZE), "init_on_free=1 did not clear the freed page");
	ut_end();
}

/* ---------------------------------------------------------------- */
/* compound pages and folios                                         */
/* ---------------------------------------------------------------- */

Test(compound, gfp_comp_order3)
{
	struct page *p;

	ut_boot("mem=64M");
	p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	cr_assert_not_null(p);
	cr_assert(PageHead(p));
	cr_assert(PageCompound(p));
	cr_assert_not(PageTail(p));
	cr_assert_eq(compound_order(p), 3);
	cr_assert_eq(compound_nr(p), 8);
	cr_assert_eq(compound_head(p), p);
	for (int i = 1; i < 8; i++) {
		cr_assert(PageTail(p + i), "page %d of the compound is not a tail", i);
		cr_assert_not(PageHead(p + i));
		cr_assert_eq(compound_head(p + i), p);
		cr_assert_eq(compound_order(p + i), 0);
		cr_assert_eq(page_count(p + i), 1);
		cr_assert_eq(virt_to_head_page((char *)page_address(p) + i * PAGE_SIZE + 17), p);
	}
	cr_assert_eq(page_ref_count(p), 1);

	/* a reference taken and dropped through a tail acts on the head */
	get_page(p + 5);
	cr_assert_eq(page_ref_count(p), 2);
	cr_assert_eq(page_ref_count(p + 5), 0, "a tail's own _refcount must stay 0");
	cr_assert_eq(page_count(p + 7), 2);
	put_page(p + 5);
	cr_assert_eq(page_ref_count(p), 1);
	cr_assert_eq(ukmem_pages_in_use(), 8);

	/* the last reference dropped through a tail frees the whole block */
	put_page(p + 3);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	cr_assert_not(PageHead(p));
	cr_assert_not(PageTail(p + 1));

	/* and __free_pages of a compound block with its order */
	p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	cr_assert_not_null(p);
	__free_pages(p, 3);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	ut_end();
}

Test(compound, folio_basics)
{
	struct folio *f, *f0;
	char *addr;

	ut_boot("mem=64M");
	f = folio_alloc(GFP_KERNEL, 2);
	cr_assert_not_null(f);
	cr_assert_eq(folio_order(f), 2);
	cr_assert_eq(folio_nr_pages(f), 4);
	cr_assert_eq(folio_size(f), 4 * PAGE_SIZE);
	cr_assert(folio_test_large(f));
	addr = folio_address(f);
	cr_assert_eq(addr, page_address(&f->page));
	cr_assert_eq(virt_to_folio(addr), f);
	cr_assert_eq(virt_to_folio(addr + 3 * PAGE_SIZE + 100), f);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(page_folio(folio_page(f, i)), f);
	memset(addr, 0xaa, folio_size(f));
	cr_assert_eq(folio_ref_count(f), 1);
	folio_get(f);
	cr_assert_eq(folio_ref_count(f), 2);
	folio_put(f);
	cr_assert_eq(ukmem_pages_in_use(), 4);
	folio_put(f);
	cr_assert_eq(ukmem_pages_in_use(), 0);

	f0 = folio_alloc(GFP_KERNEL, 0);
	cr_assert_not_null(f0);
	cr_assert_eq(folio_order(f0), 0);
	cr_assert_eq(folio_nr_pages(f0), 1);
	cr_assert_eq(folio_size(f0), PAGE_SIZE);
	cr_assert_not(folio_test_large(f0));
	folio_put(f0);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* split_page, alloc_pages_exact                                     */
/* ---------------------------------------------------------------- */

Test(split, split_page_order2)
{
	static const int free_order[] = {2, 0, 3, 1};
	struct page *p;
	char *boot_bi, *bi;

	ut_boot("mem=64M");
	boot_bi = ut_read("/proc/buddyinfo");
	p = alloc_pages(GFP_KERNEL, 2);
	cr_assert_not_null(p);
	split_page(p, 2);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(page_count(p + i), 1, "page %d of the split block has count %d", i,
			     page_count(p + i));
		cr_assert_not(PageCompound(p + i));
	}
	cr_assert_eq(ukmem_pages_in_use(), 4);
	cr_assert_eq(ukmem_check(), 0);
	for (int i = 0; i < 4; i++) {
		__free_page(p + free_order[i]);
		cr_assert_eq(ukmem_pages_in_use(), 3UL - (unsigned long)i);
		cr_assert_eq(ukmem_check(), 0);
	}
	drain_all_pages(NULL);
	bi = ut_read("/proc/buddyinfo");
	cr_assert_str_eq(bi, boot_bi);
	free(bi);
	free(boot_bi);
	ut_end();
}

Test(split, alloc_pages_exact_returns_the_tail)
{
	char *boot_bi, *bi;
	unsigned long before;
	struct page *first;
	void *v;

	ut_boot("mem=64M");
	boot_bi = ut_read("/proc/buddyinfo");
	before = ut_free_and_pcp();

	v = alloc_pages_exact(5 * PAGE_SIZE, GFP_KERNEL);
	cr_assert_not_null(v);
	cr_assert(PAGE_ALIGNED(v));
	first = virt_to_page(v);
	cr_assert_eq(page_to_pfn(first) & 7, 0, "the block of order 3 is aligned");
	cr_assert_eq(before - ut_free_and_pcp(), 5,
		     "alloc_pages_exact(5 pages) holds %lu pages, expected 5",
		     before - ut_free_and_pcp());
	cr_assert_eq(ukmem_pages_in_use(), 5);
	for (int i = 0; i < 5; i++)
		cr_assert_eq(page_count(first + i), 1);
	for (int i = 5; i < 8; i++)
		cr_assert_eq(page_count(first + i), 0, "tail page %d was not given back", i);
	memset(v, 0x5a, 5 * PAGE_SIZE);
	cr_assert_eq(ukmem_check(), 0);

	free_pages_exact(v, 5 * PAGE_SIZE);
	cr_assert_eq(ut_free_and_pcp(), before);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	drain_all_pages(NULL);
	bi = ut_read("/proc/buddyinfo");
	cr_assert_str_eq(bi, boot_bi);
	free(bi);
	free(boot_bi);

	/* a size that is not a whole number of pages */
	v = alloc_pages_exact(3 * PAGE_SIZE + 1, GFP_KERNEL);
	cr_assert_not_null(v);
	cr_assert_eq(ukmem_pages_in_use(), 4);
	free_pages_exact(v, 3 * PAGE_SIZE + 1);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* refcounting                                                        */
/* ---------------------------------------------------------------- */

Test(refcount, get_page_keeps_it_allocated)
{
	struct page *p;

	ut_boot("mem=64M");
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_eq(page_ref_count(p), 1);
	get_page(p);
	cr_assert_eq(page_ref_count(p), 2);
	__free_page(p);
	cr_assert_eq(page_ref_count(p), 1);
	cr_assert_eq(ukmem_pages_in_use(), 1, "a page with another reference was freed");
	cr_assert_eq(ukmem_check(), 0);
	put_page(p);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	ut_end();
}

/* lib/test_free_pages.c's case: the tail parts go at once, page 0 stays. */
Test(refcount, free_pages_with_extra_reference)
{
	unsigned long before;
	struct page *p;

	ut_boot("mem=64M");
	drain_all_pages(NULL);
	before = ut_free_and_pcp();
	p = alloc_pages(GFP_KERNEL, 3);
	cr_assert_not_null(p);
	get_page(p);
	__free_pages(p, 3);
	cr_assert_eq(page_ref_count(p), 1);
	cr_assert_eq(ukmem_pages_in_use(), 1, "%lu pages still held, expected page 0 only",
		     ukmem_pages_in_use());
	cr_assert_eq(before - ut_free_and_pcp(), 1);
	cr_assert_eq(ukmem_check(), 0);
	put_page(p);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	cr_assert_eq(ut_free_and_pcp(), before);

	/* a compound block stays whole until the last reference */
	p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	cr_assert_not_null(p);
	get_page(p);
	__free_pages(p, 3);
	cr_assert_eq(ukmem_pages_in_use(), 8);
	cr_assert(PageHead(p));
	put_page(p);
	cr_assert_eq(ukmem_pages_in_use(), 0);

	/* many holders */
	p = alloc_pages(GFP_KERNEL, 2);
	for (int i = 0; i < 10; i++)
		get_page(p);
	for (int i = 0; i < 10; i++)
		put_page(p);
	cr_assert_eq(ukmem_pages_in_use(), 4);
	__free_pages(p, 2);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* allocation failure reports                                        */
/* ---------------------------------------------------------------- */

Test(failure, costly_order_failure_report)
{
	struct ut_blocks b = {0};
	char *log;

	ut_boot("mem=64M init_on_alloc=0");
	ut_mark();
	for (struct page *p; (p = alloc_pages(GFP_KERNEL | __GFP_COMP, 4));)
		ut_blocks_push(&b, p, 4);
	cr_assert_gt(b.n, 100);
	log = ut_log_since();
	cr_assert(ut_match(log,
			   "^\\[ *[0-9]+\\.[0-9]{6}\\] [^ ]+: page allocation failure: order:4, "
			   "mode:0x40cc0\\(GFP_KERNEL\\|__GFP_COMP\\), nodemask=\\(null\\),"
			   "cpuset=/,mems_allowed=0$"),
		  "no 6.12 allocation failure line:\n%s", log);
	ut_assert_log_has(log, "Call Trace:");
	ut_assert_log_has(log, "warn_alloc");
	ut_assert_log_has(log, "Mem-Info:\n");
	ut_assert_log_has(log, "lowmem_reserve[]:");
	cr_assert(ut_match(log,
			   "\\] Node 0 DMA: ([0-9]+\\*[0-9]+kB (\\([UMEHI]+\\) )?){11}= [0-9]+kB$"),
		  "no per-order line for DMA:\n%s", log);
	cr_assert(
		ut_match(log,
			 "\\] Node 0 DMA32: ([0-9]+\\*[0-9]+kB (\\([UMEHI]+\\) )?){11}= [0-9]+kB$"),
		"no per-order line for DMA32:\n%s", log);
	cr_assert(ut_match(
		log,
		"\\] Node 0 DMA32 free:[0-9]+kB boost:0kB min:[0-9]+kB low:[0-9]+kB high:[0-9]+kB "));
	/* rate-limited: one report for the whole loop */
	cr_assert_eq(ut_count(log, "page allocation failure"), 1);
	ut_assert_log_lacks(log, "invoked oom-killer");
	free(log);
	ut_blocks_free_all(&b);
	ut_end();
}

Test(failure, order0_oom_report)
{
	struct ut_blocks b = {0};
	char *log;

	ut_boot("mem=64M init_on_alloc=0");
	ut_mark();
	ut_exhaust(&b, EXHAUST_GFP, 10, false);
	log = ut_log_since();
	ut_assert_log_lacks(log, "page allocation failure");
	ut_assert_log_lacks(log, "oom-killer");
	free(log);

	ut_mark();
	cr_assert_null(alloc_page(GFP_KERNEL));
	log = ut_log_since();
	cr_assert(
		ut_match(
			log,
			"\\] [^ ]+ invoked oom-killer: gfp_mask=0xcc0\\(GFP_KERNEL\\), order=0, oom_score_adj=0$"),
		"no OOM line:\n%s", log);
	ut_assert_log_has(log, "Mem-Info:\n");
	ut_assert_log_has(log, "Out of memory and no killable processes...\n");
	free(log);
	ut_blocks_free_all(&b);
	ut_end();
}

Test(failure, nowarn_is_silent)
{
	struct ut_blocks b = {0};
	char *log;

	ut_boot("mem=64M init_on_alloc=0");
	ut_mark();
	for (struct page *p; (p = alloc_pages(GFP_KERNEL | __GFP_COMP | __GFP_NOWARN, 4));)
		ut_blocks_push(&b, p, 4);
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 4));
	cr_assert_null(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 10));
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	log = ut_log_since();
	ut_assert_log_lacks(log, "page allocation failure");
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	/* the same without __GFP_NOWARN reports (the rate limit is fresh) */
	ut_mark();
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_COMP, 4));
	log = ut_log_since();
	ut_assert_log_has(log, "page allocation failure: order:4");
	free(log);
	ut_blocks_free_all(&b);
	ut_end();
}

Test(failure, order_past_max_warns_once)
{
	char *log;

	ut_boot("mem=64M");
	ut_mark();
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	ut_mark();
	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 2));
	log = ut_log_since();
	cr_assert(
		ut_match(
			log,
			"\\] WARNING: CPU: [0-9]+ PID: [0-9]+ at mm/page_alloc.c:[0-9]+ __alloc_pages_noprof\\+0x[0-9a-f]+/0x[0-9a-f]+$"),
		"no WARN_ON_ONCE report:\n%s", log);
	cr_assert_eq(ut_count(log, "WARNING:"), 1, "WARN_ON_ONCE fired more than once");
	free(log);
	ut_end();
}

Test(failure, retry_mayfail_and_noretry_fail_without_oom)
{
	struct ut_blocks b = {0};
	char *log;

	ut_boot("mem=64M init_on_alloc=0");
	ut_exhaust(&b, EXHAUST_GFP, 10, false);
	ut_mark();
	cr_assert_null(alloc_page(GFP_KERNEL | __GFP_RETRY_MAYFAIL));
	log = ut_log_since();
	ut_assert_log_has(
		log,
		"page allocation failure: order:0, mode:0x4cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL), nodemask=(null)");
	ut_assert_log_lacks(log, "oom-killer");
	free(log);
	/* DMA-only requests never invoke the OOM killer either */
	ut_exhaust(&b, GFP_KERNEL | GFP_DMA | __GFP_NORETRY | __GFP_NOWARN, 0, true);
	ut_mark();
	cr_assert_null(alloc_page(GFP_KERNEL | GFP_DMA));
	log = ut_log_since();
	ut_assert_log_lacks(log, "oom-killer");
	free(log);
	ut_blocks_free_all(&b);
	ut_end();
}

/* Near exhaustion a high-order atomic request reserves a HighAtomic pageblock. */
Test(reserves, highatomic_reserve_and_its_release)
{
	struct ut_blocks b = {0};
	struct page *p;
	struct zone *z;
	unsigned long reserved = 0;
	char *pti;

	/* 6.12 keeps no HighAtomic reserve in a zone under 100 pageblocks */
	ut_boot("mem=256M init_on_alloc=0");
	/* every zone below its low mark: order 1 goes to the slow path */
	exhaust_exactly(&b);
	p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 1);
	cr_assert_not_null(p, "GFP_ATOMIC order 1 failed with free order-1 blocks");
	for_each_populated_zone(z)
		reserved += z->nr_reserved_highatomic;
	cr_assert_eq(reserved, pageblock_nr_pages, "HighAtomic reserve is %lu pages", reserved);
	cr_assert_eq(get_pageblock_migratetype(p), MIGRATE_HIGHATOMIC);
	pti = ut_read("/proc/pagetypeinfo");
	cr_assert(ut_match(pti, "^Node 0, zone +[A-Za-z0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +1 +0 *$"),
		  "no HighAtomic block in pagetypeinfo:\n%s", pti);
	free(pti);
	cr_assert_eq(ukmem_check(), 0);
	__free_pages(p, 1);

	/* an order-0 GFP_KERNEL request that would OOM first takes the reserve back */
	ut_exhaust(&b, GFP_KERNEL | __GFP_NOWARN, 0, true);
	reserved = 0;
	for_each_populated_zone(z)
		reserved += z->nr_reserved_highatomic;
	cr_assert_eq(reserved, 0, "the HighAtomic reserve was not released before OOM");
	ut_blocks_free_all(&b);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* __GFP_NOFAIL                                                      */
/* ---------------------------------------------------------------- */

struct delayed_free {
	struct ut_blocks *b;
	int ms;
};

static void *free_later(void *arg)
{
	struct delayed_free *d = arg;
	struct timespec ts = {.tv_sec = 0, .tv_nsec = d->ms * 1000000L};

	nanosleep(&ts, NULL);
	ut_blocks_free_all(d->b);
	/* the pages went to this thread's pcp list; the waiter needs them free */
	drain_local_pages(NULL);
	return NULL;
}

Test(nofail, blocking_nofail_waits_for_a_free)
{
	struct ut_blocks b = {0}, held = {0};
	struct delayed_free d = {.b = &held, .ms = 200};
	struct timespec t0, t1;
	pthread_t t;
	struct page *p;
	double waited;
	char *log;

	ut_boot("mem=64M init_on_alloc=0");
	ut_exhaust(&b, EXHAUST_GFP, 10, false);
	/* hand 64 of them to a thread that frees them a little later */
	for (int i = 0; i < 64 && b.n; i++) {
		b.n--;
		ut_blocks_push(&held, b.v[b.n].page, b.v[b.n].order);
	}
	drain_all_pages(NULL);
	/* down past the reserve a __GFP_NOFAIL request may dip into */
	ut_exhaust(&b, EXHAUST_GFP, 0, true);
	ut_exhaust(&b, GFP_ATOMIC | __GFP_NOWARN, 0, true);
	cr_assert_null(alloc_page(GFP_ATOMIC | __GFP_NOWARN));

	ut_mark();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(pthread_create(&t, NULL, free_later, &d), 0);
	p = alloc_page(GFP_KERNEL | __GFP_NOFAIL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pthread_join(t, NULL);
	cr_assert_not_null(p, "__GFP_NOFAIL returned NULL");
	waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert_geq(waited, 0.15, "__GFP_NOFAIL returned after %.3f s, before the free", waited);
	log = ut_log_since();
	/* another thread was inside ukmem: no warning about waiting alone */
	ut_assert_log_lacks(log, "no other thread is inside ukmem");
	ut_assert_log_lacks(log, "page allocation failure");
	free(log);
	__free_page(p);
	ut_blocks_free_all(&b);
	ut_end();
}

Test(nofail, non_blocking_nofail_warns)
{
	struct ut_blocks b = {0};
	struct page *p;
	char *log;

	ut_boot("mem=64M init_on_alloc=0");
	exhaust_exactly(&b);
	ut_exhaust(&b, GFP_ATOMIC | __GFP_NOWARN, 0, true);
	ut_mark();
	p = alloc_page(GFP_ATOMIC | __GFP_NOFAIL);
	log = ut_log_since();
	ut_assert_log_has(log, "WARNING: CPU:");
	ut_assert_log_has(log, "mm/page_alloc.c");
	free(log);
	if (p)
		__free_page(p);
	ut_blocks_free_all(&b);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* the rest of the API                                               */
/* ---------------------------------------------------------------- */

Test(api, totals_and_sysinfo)
{
	struct sysinfo si;
	unsigned long managed = 0, free_before;
	struct zone *z;
	struct page *p;

	ut_boot("mem=2G arch=i386 init_on_alloc=0");
	for_each_populated_zone(z)
		managed += zone_managed_pages(z);
	cr_assert_eq(totalram_pages(), managed);
	cr_assert_eq(totalhigh_pages(), zone_managed_pages(ut_zone(ZONE_HIGHMEM)));
	drain_all_pages(NULL);
	si_meminfo(&si);
	cr_assert_eq(si.mem_unit, PAGE_SIZE);
	cr_assert_eq(si.totalram, totalram_pages());
	cr_assert_eq(si.freeram, nr_free_pages());
	cr_assert_eq(si.totalhigh, totalhigh_pages());
	cr_assert_eq(si.freehigh, zone_page_state(ut_zone(ZONE_HIGHMEM), NR_FREE_PAGES));

	free_before = nr_free_pages();
	p = alloc_pages(GFP_KERNEL, 4); /* order 4: straight from the buddy lists */
	cr_assert_not_null(p);
	cr_assert_eq(nr_free_pages(), free_before - 16);
	__free_pages(p, 4);
	cr_assert_eq(nr_free_pages(), free_before);
	ut_end();
}

struct cpu_probe {
	int cpu;
};

static void *probe_cpu(void *arg)
{
	struct cpu_probe *c = arg;
	struct page *p = alloc_page(GFP_KERNEL);

	c->cpu = smp_processor_id();
	if (p)
		__free_page(p);
	return NULL;
}

Test(api, threads_are_bound_to_modelled_cpus)
{
	struct cpu_probe c[4];
	pthread_t t[4];
	int seen[4] = {0};

	ut_boot("mem=64M nr_cpus=4");
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(pthread_create(&t[i], NULL, probe_cpu, &c[i]), 0);
		pthread_join(t[i], NULL); /* one after the other: round-robin order */
	}
	cr_assert_geq(smp_processor_id(), 0);
	cr_assert_lt(smp_processor_id(), 4);
	cr_assert_eq(smp_processor_id(), smp_processor_id(), "a thread's CPU is stable");
	for (int i = 0; i < 4; i++) {
		cr_assert_geq(c[i].cpu, 0);
		cr_assert_lt(c[i].cpu, 4);
		seen[c[i].cpu]++;
	}
	/* five threads on four CPUs, handed out round-robin: at most two share one */
	for (int i = 0; i < 4; i++)
		cr_assert_leq(seen[i] + (smp_processor_id() == i), 2);
	cr_assert_eq(numa_node_id(), 0);
	ut_end();
}

Test(api, small_entry_points)
{
	struct page *p;
	unsigned long a;

	ut_boot("mem=64M");
	/* freeing address 0 is a no-op, as in the kernel */
	free_pages(0, 3);
	free_page(0);
	a = __get_dma_pages(GFP_KERNEL, 1);
	cr_assert_neq(a, 0);
	cr_assert_eq(page_zonenum(virt_to_page(a)), ZONE_DMA);
	free_pages(a, 1);
	p = alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL, 2);
	cr_assert_not_null(p);
	cr_assert_eq(page_to_nid(p), 0);
	cr_assert_eq(page_zone(p), ut_zone(ZONE_DMA32));
	__free_pages(p, 2);
	cr_assert_eq(get_order(1), 0);
	cr_assert_eq(get_order(PAGE_SIZE), 0);
	cr_assert_eq(get_order(PAGE_SIZE + 1), 1);
	cr_assert_eq(get_order(5 * PAGE_SIZE), 3);
	cr_assert_eq(get_order(4UL << 20), 10);
	cr_assert_eq(PAGE_ALIGN(1UL), PAGE_SIZE);
	cr_assert(PAGE_ALIGNED(2 * PAGE_SIZE));
	ut_end();
}

/* ---------------------------------------------------------------- */
/* per-CPU page lists                                                */
/* ---------------------------------------------------------------- */

static unsigned long meminfo_kb(const char *key)
{
	char *mi = ut_read("/proc/meminfo"), *p;
	unsigned long v;

	cr_assert_not_null(mi);
	p = strstr(mi, key);
	cr_assert_not_null(p, "no %s in /proc/meminfo", key);
	v = strtoul(p + strlen(key), NULL, 10);
	free(mi);
	return v;
}

Test(pcp, pcp_pages_are_not_free_pages)
{
	struct page *p[64];
	unsigned long free0, free1, pcp1;
	struct zone *z;

	ut_boot("mem=64M");
	drain_all_pages(NULL);
	z = ut_zone(ZONE_DMA32);
	free0 = nr_free_pages();
	cr_assert_eq(meminfo_kb("MemFree:"), free0 * 4);
	for (int i = 0; i < 64; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		cr_assert_not_null(p[i]);
	}
	for (int i = 0; i < 64; i++)
		__free_page(p[i]);
	free1 = nr_free_pages();
	pcp1 = ut_zone_free_and_pcp(z) - zone_page_state(z, NR_FREE_PAGES);
	cr_assert_gt(pcp1, 0, "no page stayed on a pcp list");
	cr_assert_eq(free1 + pcp1, free0, "free %lu + pcp %lu != %lu", free1, pcp1, free0);
	cr_assert_eq(meminfo_kb("MemFree:"), free1 * 4, "MemFree counts pcp pages");
	cr_assert_eq(ukmem_pages_in_use(), 0);

	/* drain_local_pages empties this CPU's lists */
	drain_local_pages(NULL);
	cr_assert_eq(z->per_cpu_pageset[smp_processor_id()].count, 0);
	cr_assert_eq(nr_free_pages(), free0);
	cr_assert_eq(meminfo_kb("MemFree:"), free0 * 4);
	ut_end();
}

struct pcp_fill {
	int cpu;
};

static void *fill_own_pcp(void *arg)
{
	struct pcp_fill *f = arg;
	struct page *p[32];

	f->cpu = smp_processor_id();
	for (int i = 0; i < 32; i++)
		p[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < 32; i++)
		if (p[i])
			__free_page(p[i]);
	return NULL;
}

Test(pcp, drain_all_pages_drains_other_cpus)
{
	struct pcp_fill f = {-1};
	struct zone *z;
	pthread_t t;
	unsigned long free0;

	ut_boot("mem=64M nr_cpus=2");
	(void)smp_processor_id(); /* this thread takes CPU 0 */
	drain_all_pages(NULL);
	free0 = nr_free_pages();
	z = ut_zone(ZONE_DMA32);
	cr_assert_eq(pthread_create(&t, NULL, fill_own_pcp, &f), 0);
	pthread_join(t, NULL);
	cr_assert_neq(f.cpu, smp_processor_id());
	cr_assert_gt(z->per_cpu_pageset[f.cpu].count, 0);
	/* this CPU's drain leaves the other CPU's list alone */
	drain_local_pages(NULL);
	cr_assert_gt(z->per_cpu_pageset[f.cpu].count, 0);
	drain_all_pages(NULL);
	cr_assert_eq(z->per_cpu_pageset[f.cpu].count, 0);
	cr_assert_eq(nr_free_pages(), free0);
	ut_end();
}
