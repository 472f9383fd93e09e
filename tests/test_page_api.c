// SPDX-License-Identifier: GPL-2.0
/*
 * test_page_api.c - the smaller parts of the page API: si_meminfo,
 * the bulk allocator, get_zeroed_page, __get_free_pages never handing out
 * highmem, numa_node_id with fake nodes, alloc_pages_node's node choice,
 * and __GFP_NOFAIL waiting for another thread's free.
 */
#include <regex.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <ukmem/ukmem.h>
#include <sys/sysinfo.h>
#include <pthread.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"

Test(page_api, si_meminfo_matches_meminfo)
{
	struct sysinfo si;
	struct zone *z;
	unsigned long managed = 0;

	ut_boot("mem=64M");
	drain_all_pages(NULL);
	si_meminfo(&si);
	for_each_populated_zone(z)
		managed += zone_managed_pages(z);
	cr_assert_eq(si.mem_unit, PAGE_SIZE);
	cr_assert_eq(si.totalram, managed);
	cr_assert_eq(si.totalram, totalram_pages());
	cr_assert_eq(si.freeram, nr_free_pages());
	cr_assert_eq(si.totalhigh, 0);
	ut_end();
}

Test(page_api, si_meminfo_highmem_on_i386)
{
	struct sysinfo si;
	struct zone *hz;

	ut_boot("arch=i386 mem=1G");
	drain_all_pages(NULL);
	si_meminfo(&si);
	hz = ut_zone(ZONE_HIGHMEM);
	cr_assert_not_null(hz);
	cr_assert_eq(si.totalhigh, zone_managed_pages(hz));
	cr_assert_eq(si.freehigh, zone_page_state(hz, NR_FREE_PAGES));
	cr_assert_eq(si.totalhigh, totalhigh_pages());
	ut_end();
}

Test(page_api, bulk_array_fills_holes)
{
	struct page *pages[16] = {0};
	struct page *keep;
	unsigned long n;

	ut_boot("mem=64M");
	keep = alloc_page(GFP_KERNEL);
	pages[3] = keep;
	n = alloc_pages_bulk_array(GFP_KERNEL, 16, pages);
	cr_assert_eq(n, 16);
	cr_assert_eq(pages[3], keep, "an occupied slot was overwritten");
	for (int i = 0; i < 16; i++) {
		cr_assert_not_null(pages[i]);
		cr_assert_eq(page_ref_count(pages[i]), 1);
		for (int j = 0; j < i; j++)
			cr_assert_neq(pages[i], pages[j]);
	}
	for (int i = 0; i < 16; i++)
		__free_page(pages[i]);
	ut_end();
}

Test(page_api, get_zeroed_page_and_no_highmem)
{
	unsigned long a;

	ut_boot("arch=i386 mem=1G init_on_alloc=0");
	a = get_zeroed_page(GFP_KERNEL);
	cr_assert(a);
	for (int i = 0; i < (int)PAGE_SIZE; i++)
		cr_assert_eq(((unsigned char *)a)[i], 0);
	free_page(a);
	/* __GFP_HIGHMEM is stripped: the address is always direct-mapped */
	for (int i = 0; i < 64; i++) {
		a = __get_free_pages(GFP_HIGHUSER, 0);
		cr_assert(a);
		cr_assert(virt_addr_valid(a));
		cr_assert_neq(page_zonenum(virt_to_page(a)), ZONE_HIGHMEM);
		free_page(a);
	}
	ut_end();
}

Test(page_api, alloc_pages_node_prefers_its_node)
{
	struct page *p0, *p1;

	ut_boot("mem=1G numa=fake=2 nr_cpus=2");
	p0 = alloc_pages_node(0, GFP_KERNEL, 0);
	p1 = alloc_pages_node(1, GFP_KERNEL, 0);
	cr_assert_not_null(p0);
	cr_assert_not_null(p1);
	cr_assert_eq(page_to_nid(p0), 0);
	cr_assert_eq(page_to_nid(p1), 1);
	cr_assert_eq(numa_node_id(), 0, "the booting thread is CPU 0, on node 0");
	__free_page(p0);
	__free_page(p1);
	ut_end();
}

static struct page *nofail_hog[4096];
static int nofail_hogged;

static void *free_later(void *arg)
{
	(void)arg;
	usleep(200 * 1000);
	for (int i = 0; i < nofail_hogged; i++)
		__free_page(nofail_hog[i]);
	return NULL;
}

/* A blocking __GFP_NOFAIL request waits for another thread's free. */
Test(page_api, nofail_waits_for_a_free)
{
	struct page *p;
	pthread_t t;
	char *log;

	ut_boot("mem=16M");
	nofail_hogged = 0;
	while (nofail_hogged < 4096 &&
	       (p = alloc_page(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY)) != NULL)
		nofail_hog[nofail_hogged++] = p;
	cr_assert_lt(nofail_hogged, 4096, "the machine never ran out");
	for (int i = 0; i < 4; i++) { /* the reserves too */
		p = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
		if (p)
			nofail_hog[nofail_hogged++] = p;
	}
	ut_mark();
	pthread_create(&t, NULL, free_later, NULL);
	p = alloc_page(GFP_KERNEL | __GFP_NOFAIL);
	cr_assert_not_null(p, "__GFP_NOFAIL returned NULL");
	pthread_join(t, NULL);
	log = ut_log_since();
	ut_assert_log_lacks(log, "no other thread");
	free(log);
	__free_page(p);
	ut_end();
}

/* mm/mm_init.c: the pageblock migratetype of @pfn (ukmem-internal) */
void ukmem_set_pfnblock_migratetype(struct zone *zone, unsigned long pfn, int mt);
int ukmem_get_pfnblock_migratetype(const struct zone *zone, unsigned long pfn);

/*
 * A block larger than a pageblock is freed one pageblock at a time, each
 * with its own migratetype (6.12's split_large_buddy): a HighAtomic half
 * must not merge into a Movable order-10 block.
 */
Test(page_api, large_free_keeps_each_pageblock_type)
{
	struct page *p;
	struct zone *z;
	unsigned long pfn;

	ut_boot("mem=64M");
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER);
	cr_assert_not_null(p);
	z = page_zone(p);
	pfn = page_to_pfn(p);
	ukmem_set_pfnblock_migratetype(z, pfn + pageblock_nr_pages, MIGRATE_HIGHATOMIC);
	__free_pages(p, MAX_PAGE_ORDER);
	cr_assert(PageBuddy(p));
	cr_assert_eq(page_private(p), pageblock_order, "the halves merged across types");
	cr_assert(PageBuddy(p + pageblock_nr_pages));
	cr_assert_eq(ukmem_get_pfnblock_migratetype(z, pfn + pageblock_nr_pages),
		     MIGRATE_HIGHATOMIC);
	ut_end();
}
