// SPDX-License-Identifier: GPL-2.0
/*
 * mm/page_poison.c - page poisoning (page_poison=1), and the boot-time
 * choice between it and init_on_alloc/init_on_free.
 *
 * What it owns: the poisoned bitmap (one bit per pfn from ARCH_PFN_OFFSET,
 * host memory), the page_poison= parameter, and the umbrella boot hooks of
 * the page debugging facilities (ukmem_page_debug_*), which mm_init.c
 * calls.
 *
 * The algorithm, as 6.12: every page that goes back to the allocator is
 * filled with PAGE_POISON (0xaa) in free_pages_prepare(); every page
 * handed out is checked in post_alloc_hook() (ukmem's prep_new_page())
 * before anything writes to it.  A difference is reported as "pagealloc:
 * single bit error" when exactly one byte differs in exactly one bit,
 * otherwise "pagealloc: memory corruption", followed by print_hex_dump()
 * of the first to the last differing byte, the stack and dump_page().
 * Rate-limited as 6.12 (10 reports per 5 seconds).  The page is then
 * handed out anyway and nothing is tainted: 6.12 does neither (the
 * page-poison.txt sample shows the taint still "G" after two reports).
 *
 * Laziness.  6.12 poisons every page when memblock hands RAM to the buddy
 * allocator.  ukmem's RAM is a memfd that reads zero and costs the host
 * nothing until touched, so boot does not poison.  Instead a page counts
 * as poisoned until first use: its bit in the poisoned bitmap is set only
 * when free_pages_prepare() really wrote the poison, and the check at
 * allocation reads only pages whose bit is set (test and clear).  A page
 * whose bit is clear (never freed since boot, or freed while poisoning
 * was off: debug_pagealloc's fallback turns it on late) is not read; it
 * is filled with the poison instead, so callers see 0xaa exactly as on
 * 6.12.  Invariant: bit set => the page is free and held the poison when
 * it was freed.  The bitmap is written with atomic bit operations: pages
 * sharing a word belong to different owners.
 *
 * Precedence (6.12's mem_debugging_and_hardening_init()): page_poison=1
 * turns init_on_alloc and init_on_free off, with the kernel's
 * "mem auto-init: CONFIG_PAGE_POISONING is on, ..." line before the
 * "mem auto-init: stack:..." line.  __GFP_ZERO still zeroes, after the
 * check.
 *
 * Lock order: none of its own.  The hooks run with no allocator lock held.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/poison.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/string.h>
#include "internal.h"
#include "page_debug.h"

bool _page_poisoning_enabled;
static bool page_poison_param;
static bool poison_precedence; /* init_on_alloc/free were asked for and turned off */
static unsigned long *poisoned; /* one bit per pfn - min_pfn */
static size_t poisoned_bytes;

#define BITS_PER_UL (8 * sizeof(unsigned long))

static inline unsigned long poison_idx(const struct page *page)
{
	return page_to_pfn(page) - ukmem_m.min_pfn;
}

static inline void poisoned_set(unsigned long i)
{
	__atomic_fetch_or(&poisoned[i / BITS_PER_UL], 1UL << (i % BITS_PER_UL), __ATOMIC_RELAXED);
}

static inline bool poisoned_test_and_clear(unsigned long i)
{
	unsigned long bit = 1UL << (i % BITS_PER_UL);

	return __atomic_fetch_and(&poisoned[i / BITS_PER_UL], ~bit, __ATOMIC_RELAXED) & bit;
}

static void poison_page(struct page *page)
{
	void *addr = kmap_local_page(page);

	memset(addr, PAGE_POISON, PAGE_SIZE);
	kunmap_local(addr);
}

/**
 * __kernel_poison_pages - fill freed pages with PAGE_POISON
 * @page: the first page
 * @n: how many
 */
void __kernel_poison_pages(struct page *page, int n)
{
	for (int i = 0; i < n; i++) {
		poison_page(page + i);
		poisoned_set(poison_idx(page + i));
	}
}

static bool single_bit_flip(unsigned char a, unsigned char b)
{
	unsigned char error = a ^ b;

	return error && !(error & (error - 1));
}

static __always_inline void check_poison_mem(struct page *page, unsigned char *mem, size_t bytes)
{
	static DEFINE_RATELIMIT_STATE(ratelimit, 5 * HZ, 10);
	unsigned char *start, *end;
	int ref;

	start = memchr_inv(mem, PAGE_POISON, bytes);
	if (!start)
		return;
	for (end = mem + bytes - 1; end > start; end--)
		if (*end != PAGE_POISON)
			break;
	if (!__ratelimit(&ratelimit))
		return;
	if (start == end && single_bit_flip(*start, PAGE_POISON))
		pr_err("pagealloc: single bit error\n");
	else
		pr_err("pagealloc: memory corruption\n");
	print_hex_dump(KERN_ERR, "", DUMP_PREFIX_ADDRESS, 16, 1, start, (size_t)(end - start + 1),
		       true);
	dump_stack();
	/*
	 * 6.12 checks before the page is refcounted; ukmem hands the block
	 * over (refcount 1) under the list lock first.  Show the kernel's view.
	 */
	ref = page_ref_count(page);
	set_page_count(page, 0);
	dump_page(page, "pagealloc: corrupted page details");
	set_page_count(page, ref);
}

static __always_inline void unpoison_page(struct page *page)
{
	void *addr = kmap_local_page(page);

	if (poisoned_test_and_clear(poison_idx(page)))
		check_poison_mem(page, addr, PAGE_SIZE);
	else
		memset(addr, PAGE_POISON, PAGE_SIZE); /* untouched since boot: as 6.12 left it */
	kunmap_local(addr);
}

/**
 * __kernel_unpoison_pages - check pages being handed out for writes since their free
 * @page: the first page
 * @n: how many
 */
noinline void __kernel_unpoison_pages(struct page *page, int n)
{
	for (int i = 0; i < n; i++)
		unpoison_page(page + i);
}

/**
 * ukmem_page_poison_enable - start poisoning now (debug_pagealloc's fallback)
 *
 * Pages freed before this hold no poison; their bits are clear, so they
 * are not checked.  Nothing happens without the bitmap.
 */
void ukmem_page_poison_enable(void)
{
	if (poisoned)
		__atomic_store_n(&_page_poisoning_enabled, true, __ATOMIC_RELAXED);
}

/* ---- the validator ---- */

/* Poisoned bits set in [@pfn, @pfn + @nr). */
static unsigned long poisoned_in(unsigned long pfn, unsigned long nr)
{
	unsigned long n = 0, i = pfn - ukmem_m.min_pfn;

	for (unsigned long k = 0; k < nr; k++, i++)
		n += (__atomic_load_n(&poisoned[i / BITS_PER_UL], __ATOMIC_RELAXED) >>
		      (i % BITS_PER_UL)) &
		     1;
	return n;
}

/* Free blocks (buddy and pcp) of @zone: their poisoned bits and their pages. Locks held. */
static unsigned long zone_free_poisoned(struct zone *zone, int *errors)
{
	unsigned long n = 0, end = zone_end_pfn(zone);

	for (unsigned long pfn = zone->zone_start_pfn; pfn < end;) {
		struct page *page;

		if (!pfn_valid(pfn) || !ukmem_pfn_is_ram(pfn)) {
			pfn++;
			continue;
		}
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			unsigned long nr = 1UL << buddy_order(page);

			n += poisoned_in(pfn, nr);
			*errors += ukmem_debug_pagealloc_check_block(page, nr, "free");
			pfn += nr;
			continue;
		}
		pfn++;
	}
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
			/* page_alloc.c's pindex_to_order() */
			unsigned int order = i >= NR_LOWORDER_PCP_LISTS ? pageblock_order
									: i / MIGRATE_PCPTYPES;
			struct page *page;

			list_for_each_entry(page, &pcp->lists[i], pcp_list) {
				n += poisoned_in(page_to_pfn(page), 1UL << order);
				*errors += ukmem_debug_pagealloc_check_block(page, 1UL << order,
									     "pcp");
			}
		}
	}
	return n;
}

/**
 * ukmem_page_debug_check - the page debugging state against the free lists
 *
 * A poisoned bit is set only for a free page (buddy or pcp); with
 * debug_pagealloc, every free page is unmapped and the run count is right.
 * Takes each zone's pcp locks, then its zone lock.
 *
 * Return: errors found, each reported.
 */
int ukmem_page_debug_check(void)
{
	unsigned long total = 0, covered = 0;
	struct zone *zone;
	int errors = 0;

	if (!poisoned && !debug_pagealloc_enabled_static())
		return 0;
	errors += ukmem_debug_pagealloc_check_runs();
	for_each_populated_zone(zone) {
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			spin_lock(&zone->per_cpu_pageset[cpu].lock);
		spin_lock(&zone->lock);
		if (poisoned)
			total += poisoned_in(zone->zone_start_pfn,
					     zone_end_pfn(zone) - zone->zone_start_pfn);
		covered += zone_free_poisoned(zone, &errors);
		spin_unlock(&zone->lock);
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			spin_unlock(&zone->per_cpu_pageset[cpu].lock);
	}
	if (poisoned && total != covered) {
		pr_err("ukmem: check: page_poison: %lu poisoned pages are not free\n",
		       total - covered);
		errors++;
	}
	return errors;
}

static bool cmdline_bool(const char *key)
{
	const char *v = ukmem_cmdline_get(key);
	bool on = false;

	/* a bare word is not a value for these early_param()s: kstrtobool("") fails */
	if (v && kstrtobool(v, &on))
		on = false;
	return on;
}

/* ---- the umbrella boot hooks ---- */

/**
 * ukmem_page_debug_init - read the page debugging parameters, allocate their state
 *
 * Runs before RAM reaches the buddy lists.  A host refusal leaves the
 * facility off with a log line; the boot goes on.
 */
void ukmem_page_debug_init(void)
{
	bool want_bitmap;
	int dpa;

	page_poison_param = cmdline_bool("page_poison");
	_page_poisoning_enabled = false;
	dpa = ukmem_debug_pagealloc_init();
	want_bitmap = page_poison_param || dpa;
	poisoned = NULL;
	if (want_bitmap) {
		unsigned long nr = ukmem_max_pfn - ukmem_m.min_pfn;

		poisoned_bytes = PAGE_ALIGN(DIV_ROUND_UP(nr, BITS_PER_UL) * sizeof(unsigned long));
		poisoned = plat_map_anon(poisoned_bytes);
		if (!poisoned)
			pr_err("ukmem: page_poison: no host memory for the poisoned bitmap; off\n");
	}
	if (page_poison_param && poisoned)
		_page_poisoning_enabled = true;
	/* 6.12 decides before any allocation; the line is printed later, in order */
	poison_precedence = page_poison_param && (ukmem_kp.init_on_alloc || ukmem_kp.init_on_free);
	if (poison_precedence) {
		ukmem_kp.init_on_alloc = 0;
		ukmem_kp.init_on_free = 0;
	}
	ukmem_page_owner_init();
}

/**
 * ukmem_page_debug_report - the "mem auto-init: CONFIG_PAGE_POISONING" line
 *
 * Printed where 6.12 prints it: right before the "mem auto-init: stack:" line.
 */
void ukmem_page_debug_report(void)
{
	if (poison_precedence)
		pr_info("mem auto-init: CONFIG_PAGE_POISONING is on, will take precedence over init_on_alloc and init_on_free\n");
}

/**
 * ukmem_page_debug_late_init - the boot steps that need the vmalloc space and the free lists
 *
 * debug_pagealloc takes its host-mapping budget and unmaps the free
 * lists; page_owner marks early pages and registers its views.
 */
void ukmem_page_debug_late_init(void)
{
	ukmem_debug_pagealloc_late_init();
	ukmem_page_owner_late_init();
}

/**
 * ukmem_page_debug_exit - shutdown: every facility off, host memory back
 */
void ukmem_page_debug_exit(void)
{
	ukmem_page_owner_exit();
	ukmem_debug_pagealloc_exit();
	__atomic_store_n(&_page_poisoning_enabled, false, __ATOMIC_RELAXED);
	plat_unmap_anon(poisoned, poisoned_bytes);
	poisoned = NULL;
}
