// SPDX-License-Identifier: GPL-2.0
/*
 * mm/debug_page_alloc.c - debug_pagealloc=on: free pages leave the direct map.
 *
 * What it owns: the debug_pagealloc= parameter, the unmapped bitmap (one
 * bit per page of the direct map, host memory), the count of unmapped
 * runs and their share of the host's mapping budget.
 *
 * The algorithm, as 6.12 on x86: free_pages_prepare() makes every block
 * that goes back to the allocator inaccessible in the direct map, after
 * it was poisoned or cleared and before it reaches a pcp list or the
 * buddy lists (so pages on pcp lists are unmapped too: 6.12 unmaps in
 * free_pages_prepare, which both paths run); post_alloc_hook() (ukmem's
 * prep_new_page()) maps the block back before anything reads it.  A stale
 * pointer into a free page therefore faults (SIGSEGV; with
 * ukmem.oops_handler=1 the oops handler reports it).  At boot the blocks
 * already on the free lists are unmapped in one pass, coalesced into
 * runs, as 6.12's memblock hand-over unmaps them one by one.  Highmem
 * pages are not in the direct map and are left alone, as 6.12 does.
 *
 * Host mappings.  Unmapping uses plat_unmap_phys() (an inaccessible
 * anonymous mapping over the range), mapping back plat_map_phys() of the
 * same memfd range.  The host merges neighbours, so the direct map costs
 * about 2 * runs + 1 mappings, runs being the maximal runs of unmapped
 * pages.  debug_pagealloc takes a share of the host's vm.max_map_count
 * out of vmalloc's budget at boot (an eighth of it, in runs: a
 * sixteenth).  When a change would leave more runs than that, it falls
 * back to what 6.12 does on an arch without debug_pagealloc support:
 * page poisoning.  The whole direct map is mapped again with one call,
 * unmapping stops, poisoning starts (pages freed before that count as
 * never poisoned, see page_poison.c), and one line says so.
 *
 * Invariants (checked by ukmem_page_debug_check(), page_poison.c): while enabled,
 * nr_runs equals the number of maximal runs of set bits, and a page is
 * unmapped exactly when it is free (in a buddy block or on a pcp list)
 * or was taken out of service while free.  ukmem's own code reads free
 * pages nowhere (the validators read struct pages only; slab never reads
 * a page it gave back), so nothing of ukmem needs 6.12's
 * copy_from_kernel_nofault(); ukmem_debug_pagealloc_mapped() is there for
 * a reader that would.
 *
 * Lock order: dpa_lock (a host mutex: it is held across a system call)
 * is taken with no allocator lock held on the allocation and free paths,
 * and nests outside the platform's registry lock.  Its holder never takes
 * an allocator lock, so the validator and fork() take it inside the pcp
 * and zone locks.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include "internal.h"
#include "page_debug.h"
#include "vmalloc_internal.h"

bool _debug_pagealloc_enabled;

static struct plat_mutex dpa_lock;
static bool dpa_lock_ready;
static unsigned long *unmapped; /* bit i: direct-map page i is inaccessible */
static size_t unmapped_bytes;
static unsigned long dm_pages; /* pages of the direct map */
static unsigned long dm_first_pfn; /* pfn of the first one */
static unsigned long nr_runs;
static unsigned long run_budget;
static unsigned long vmalloc_share; /* host mappings taken from vmalloc's budget */
static bool dpa_param;

#define BITS_PER_UL (8 * sizeof(unsigned long))

static inline bool bit_get(unsigned long i)
{
	return (unmapped[i / BITS_PER_UL] >> (i % BITS_PER_UL)) & 1;
}

static inline void bit_assign(unsigned long i, bool v)
{
	if (v)
		unmapped[i / BITS_PER_UL] |= 1UL << (i % BITS_PER_UL);
	else
		unmapped[i / BITS_PER_UL] &= ~(1UL << (i % BITS_PER_UL));
}

/* Runs starting in [a, b]: positions whose bit is set and whose left neighbour's is not. */
static unsigned long run_starts(unsigned long a, unsigned long b)
{
	unsigned long n = 0;

	for (unsigned long i = a; i <= b && i < dm_pages; i++)
		if (bit_get(i) && (i == 0 || !bit_get(i - 1)))
			n++;
	return n;
}

/* Map everything back and go on with poisoning only.  Caller holds dpa_lock. */
static void dpa_fall_back(void)
{
	int err = plat_map_phys(ukmem_m.phys_handle, ukmem_m.direct_map,
				(u64)dm_first_pfn * PAGE_SIZE - (u64)PHYS_OFFSET,
				ukmem_m.direct_map_len, true);

	if (err) {
		/* Nothing else can restore the direct map: this machine cannot go on. */
		pr_emerg("ukmem: debug_pagealloc: cannot map the direct map back (%d)\n", err);
		plat_abort();
	}
	memset(unmapped, 0, unmapped_bytes);
	nr_runs = 0;
	__atomic_store_n(&_debug_pagealloc_enabled, false, __ATOMIC_RELAXED);
	ukmem_page_poison_enable();
	pr_warn("ukmem: debug_pagealloc: out of host mappings (vm.max_map_count); falling back to page poisoning\n");
}

/*
 * Set the pages [@pfn, @pfn+@n) of the direct map to @unmap, keeping
 * nr_runs right.  Caller holds dpa_lock.
 */
static void dpa_set_range(unsigned long pfn, unsigned long n, bool unmap)
{
	unsigned long a = pfn - dm_first_pfn, b = a + n, before, changed = 0;
	void *addr = pfn_to_virt(pfn);
	int err;

	if (!__atomic_load_n(&_debug_pagealloc_enabled, __ATOMIC_RELAXED) || pfn < dm_first_pfn ||
	    a + n > dm_pages)
		return;
	for (unsigned long i = a; i < b; i++)
		changed += bit_get(i) != unmap;
	if (!changed)
		return;
	before = run_starts(a, b);
	err = unmap ? plat_unmap_phys(addr, n * PAGE_SIZE)
		    : plat_map_phys(ukmem_m.phys_handle, addr,
				    (u64)PFN_PHYS(pfn) - (u64)PHYS_OFFSET, n * PAGE_SIZE, true);
	if (err) {
		/* the host refused a mapping: what is mapped stays mapped */
		dpa_fall_back();
		return;
	}
	for (unsigned long i = a; i < b; i++)
		bit_assign(i, unmap);
	nr_runs = nr_runs - before + run_starts(a, b);
	if (nr_runs > run_budget)
		dpa_fall_back();
}

/**
 * __debug_pagealloc_unmap_pages - take freed pages out of the direct map
 * @page: the first page
 * @n: how many
 */
void __debug_pagealloc_unmap_pages(struct page *page, int n)
{
	if (PageHighMem(page))
		return;
	plat_mutex_lock(&dpa_lock);
	dpa_set_range(page_to_pfn(page), (unsigned long)n, true);
	plat_mutex_unlock(&dpa_lock);
}

/**
 * __debug_pagealloc_map_pages - put pages being handed out back in the direct map
 * @page: the first page
 * @n: how many
 */
void __debug_pagealloc_map_pages(struct page *page, int n)
{
	if (PageHighMem(page))
		return;
	plat_mutex_lock(&dpa_lock);
	dpa_set_range(page_to_pfn(page), (unsigned long)n, false);
	plat_mutex_unlock(&dpa_lock);
}

/**
 * ukmem_debug_pagealloc_mapped - may ukmem read this part of the direct map?
 * @addr: start
 * @len: bytes
 *
 * Return: false when a page of the range is unmapped now (reading it would fault).
 */
bool ukmem_debug_pagealloc_mapped(const void *addr, size_t len)
{
	unsigned long first, last;
	bool ok = true;

	if (!debug_pagealloc_enabled_static() || !len)
		return true;
	first = ((unsigned long)addr - PAGE_OFFSET) >> PAGE_SHIFT;
	last = ((unsigned long)addr + len - 1 - PAGE_OFFSET) >> PAGE_SHIFT;
	plat_mutex_lock(&dpa_lock);
	for (unsigned long i = first; i <= last && i < dm_pages && ok; i++)
		ok = !bit_get(i);
	plat_mutex_unlock(&dpa_lock);
	return ok;
}

/**
 * ukmem_debug_pagealloc_set_budget - how many unmapped runs debug_pagealloc may keep
 * @runs: the new budget (tests lower it to reach the fallback)
 *
 * Past it, the fallback to poisoning happens at once.  Return: the old budget.
 */
unsigned long ukmem_debug_pagealloc_set_budget(unsigned long runs)
{
	unsigned long old;

	plat_mutex_lock(&dpa_lock);
	old = run_budget;
	run_budget = runs;
	if (debug_pagealloc_enabled_static() && nr_runs > run_budget)
		dpa_fall_back();
	plat_mutex_unlock(&dpa_lock);
	return old;
}

/**
 * ukmem_debug_pagealloc_runs - unmapped runs of the direct map now
 */
unsigned long ukmem_debug_pagealloc_runs(void)
{
	unsigned long n;

	plat_mutex_lock(&dpa_lock);
	n = nr_runs;
	plat_mutex_unlock(&dpa_lock);
	return n;
}

/**
 * ukmem_debug_pagealloc_fork_prepare - fork(): hold dpa_lock across the fork
 *
 * Taken after every allocator lock; ukmem_debug_pagealloc_fork_release()
 * drops it in parent and child, so the child never inherits it held.
 */
void ukmem_debug_pagealloc_fork_prepare(void)
{
	if (dpa_lock_ready)
		plat_mutex_lock(&dpa_lock);
}

void ukmem_debug_pagealloc_fork_release(void)
{
	if (dpa_lock_ready)
		plat_mutex_unlock(&dpa_lock);
}

/**
 * ukmem_debug_pagealloc_check_runs - the recorded run count against the bitmap
 *
 * Return: errors found, each reported.
 */
int ukmem_debug_pagealloc_check_runs(void)
{
	unsigned long runs;
	int errors = 0;

	if (!debug_pagealloc_enabled_static())
		return 0;
	plat_mutex_lock(&dpa_lock);
	runs = run_starts(0, dm_pages);
	if (runs != nr_runs) {
		pr_err("ukmem: check: debug_pagealloc: %lu unmapped runs counted, %lu recorded\n",
		       runs, nr_runs);
		errors++;
	}
	plat_mutex_unlock(&dpa_lock);
	return errors;
}

/**
 * ukmem_debug_pagealloc_check_block - a free block must be out of the direct map
 * @page: its first page
 * @nr: its pages
 * @where: "free" or "pcp", for the report
 *
 * Return: 1 (reported) when a lowmem page of it is mapped, else 0.
 */
int ukmem_debug_pagealloc_check_block(struct page *page, unsigned long nr, const char *where)
{
	unsigned long pfn = page_to_pfn(page);
	int bad = 0;

	if (!debug_pagealloc_enabled_static() || PageHighMem(page))
		return 0;
	plat_mutex_lock(&dpa_lock);
	for (unsigned long i = 0; i < nr && !bad; i++)
		if (pfn + i >= dm_first_pfn && pfn + i - dm_first_pfn < dm_pages &&
		    !bit_get(pfn + i - dm_first_pfn))
			bad = 1;
	plat_mutex_unlock(&dpa_lock);
	if (bad)
		pr_err("ukmem: check: debug_pagealloc: %s pfn %#lx is mapped\n", where, pfn);
	return bad;
}

/* ---- boot ---- */

/**
 * ukmem_debug_pagealloc_init - read debug_pagealloc= (kstrtobool; a bare word is off)
 *
 * Return: whether it is on.  Nothing is unmapped before late init.
 */
int ukmem_debug_pagealloc_init(void)
{
	const char *v = ukmem_cmdline_get("debug_pagealloc");
	bool on = false;

	if (!dpa_lock_ready) {
		plat_mutex_init(&dpa_lock);
		dpa_lock_ready = true;
	}
	if (v && kstrtobool(v, &on))
		on = false;
	dpa_param = on;
	_debug_pagealloc_enabled = false;
	nr_runs = 0;
	vmalloc_share = 0;
	return on;
}

/* The pages the boot put on the free lists leave the direct map, by runs. */
static void dpa_unmap_free_lists(void)
{
	unsigned long run_start = 0, run_len = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long pfn, end = zone_end_pfn(zone);

		if (is_highmem(zone))
			continue;
		for (pfn = zone->zone_start_pfn; pfn < end;) {
			struct page *page = pfn_valid(pfn) ? pfn_to_page(pfn) : NULL;
			unsigned long nr = 1;
			bool is_free = page && ukmem_pfn_is_ram(pfn) && PageBuddy(page);

			if (is_free)
				nr = 1UL << buddy_order(page);
			if (is_free && run_len && run_start + run_len == pfn) {
				run_len += nr;
			} else {
				if (run_len)
					dpa_set_range(run_start, run_len, true);
				run_len = 0;
				if (is_free) {
					run_start = pfn;
					run_len = nr;
				}
			}
			pfn += nr;
		}
	}
	if (run_len)
		dpa_set_range(run_start, run_len, true);
}

/**
 * ukmem_debug_pagealloc_late_init - take the budget, unmap the free lists, start
 */
void ukmem_debug_pagealloc_late_init(void)
{
	unsigned long mc, budget;

	if (!dpa_param)
		return;
	dm_first_pfn = (unsigned long)(PHYS_OFFSET >> PAGE_SHIFT);
	dm_pages = ukmem_m.direct_map_len >> PAGE_SHIFT;
	unmapped_bytes = PAGE_ALIGN(DIV_ROUND_UP(dm_pages, BITS_PER_UL) * sizeof(unsigned long));
	unmapped = plat_map_anon(unmapped_bytes);
	if (!unmapped) {
		pr_err("ukmem: debug_pagealloc: no host memory for the unmapped bitmap; using page poisoning\n");
		ukmem_page_poison_enable();
		return;
	}
	mc = plat_max_map_count();
	vmalloc_share = mc / 8;
	budget = ukmem_vmalloc_map_budget();
	if (vmalloc_share > budget / 2)
		vmalloc_share = budget / 2;
	ukmem_vmalloc_set_map_budget(budget - vmalloc_share);
	run_budget = vmalloc_share / 2;
	__atomic_store_n(&_debug_pagealloc_enabled, true, __ATOMIC_RELAXED);
	plat_mutex_lock(&dpa_lock);
	dpa_unmap_free_lists();
	plat_mutex_unlock(&dpa_lock);
}

/**
 * ukmem_debug_pagealloc_exit - shutdown (the direct map goes away whole)
 */
void ukmem_debug_pagealloc_exit(void)
{
	__atomic_store_n(&_debug_pagealloc_enabled, false, __ATOMIC_RELAXED);
	dpa_param = false;
	plat_unmap_anon(unmapped, unmapped_bytes);
	unmapped = NULL;
	nr_runs = 0;
}
