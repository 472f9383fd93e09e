// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmap_pool.c - 6.12's per-node pools of freed vmalloc ranges.
 *
 * With more than one vmap node (x86_64, nr_cpus >= 2), a purge at the lazy
 * threshold parks each freed range of up to 1 MiB in the pool of the node
 * that allocated it, by size, instead of the free tree: the next request
 * of that size on that node gets it back, a request of another size does
 * not see it.  The next purge first decays every pool by a quarter (all of
 * a pool of fewer than four, as 6.12's count underflows), and a purge for
 * an allocation failure or ukmem_vmalloc_purge() empties them.  With one
 * node there are no pools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "mm/vmalloc_internal.h"

/* A vfree() that crosses lazy_max_pages() (fls(2) * 32 MiB): a threshold purge. */
static void threshold_purge(void)
{
	void *big = vmalloc(64UL << 20);

	cr_assert_not_null(big);
	vfree(big);
	/* only the big area's page array (vmalloc'd, freed after it) is left lazy */
	cr_assert_lt(ukmem_vmalloc_lazy_pages(), 64, "no purge ran");
}

Test(vmap_pool, a_purged_range_waits_in_its_size_pool)
{
	char *a, *s, *x, *y;

	ut_boot("mem=256M nr_cpus=2");
	a = vmalloc(3 * PAGE_SIZE); /* 4 pages with its guard */
	s = vmalloc(PAGE_SIZE); /* keeps a's range from merging with free space */
	cr_assert(a && s);
	vfree(a);
	threshold_purge();
	cr_assert_eq(ukmem_check(), 0);
	/* another size: the free tree's lowest fit, which a's range is not in */
	x = vmalloc(PAGE_SIZE);
	cr_assert_neq(x, a, "a's range went back to the free tree");
	/* the same size: a's range, from the pool */
	y = vmalloc(3 * PAGE_SIZE);
	cr_assert_eq(y, a);
	vfree(x);
	vfree(y);
	vfree(s);
	ut_end();
}

Test(vmap_pool, the_next_purge_decays_a_small_pool)
{
	char *a, *s, *x;

	ut_boot("mem=256M nr_cpus=2");
	a = vmalloc(3 * PAGE_SIZE);
	s = vmalloc(PAGE_SIZE);
	vfree(a);
	threshold_purge();
	/* a pool of one: 6.12 decays it whole at the next purge */
	threshold_purge();
	x = vmalloc(PAGE_SIZE);
	cr_assert_eq(x, a, "a's range is back in the free tree");
	cr_assert_eq(ukmem_check(), 0);
	vfree(x);
	vfree(s);
	ut_end();
}

Test(vmap_pool, a_big_pool_keeps_three_quarters)
{
	enum {
		N = 8
	};
	char *a[N], *s[N], *x;
	int reused = 0;

	ut_boot("mem=256M nr_cpus=2");
	for (int i = 0; i < N; i++) {
		a[i] = vmalloc(3 * PAGE_SIZE);
		s[i] = vmalloc(PAGE_SIZE);
	}
	for (int i = 0; i < N; i++)
		vfree(a[i]);
	threshold_purge(); /* 8 ranges pooled */
	threshold_purge(); /* a quarter (2) decay to the free tree */
	cr_assert_eq(ukmem_check(), 0);
	/* one-page requests see only the decayed ones among a's ranges */
	for (int k = 0; k < N; k++) {
		x = vmalloc(PAGE_SIZE);
		for (int i = 0; i < N; i++)
			reused += x == a[i];
		vfree(x);
	}
	/* each freed x is lazy again: the same decayed range is not seen twice */
	cr_assert_eq(reused, 2, "%d of a's ranges came back through the free tree", reused);
	for (int i = 0; i < N; i++)
		vfree(s[i]);
	ut_end();
}

Test(vmap_pool, ukmem_vmalloc_purge_empties_the_pools)
{
	char *a, *s, *x;

	ut_boot("mem=256M nr_cpus=2");
	a = vmalloc(3 * PAGE_SIZE);
	s = vmalloc(PAGE_SIZE);
	vfree(a);
	threshold_purge();
	ukmem_vmalloc_purge();
	x = vmalloc(PAGE_SIZE);
	cr_assert_eq(x, a);
	vfree(x);
	vfree(s);
	ut_end();
}

Test(vmap_pool, one_node_has_no_pools)
{
	char *a, *s, *x;

	ut_boot("mem=256M nr_cpus=1");
	a = vmalloc(3 * PAGE_SIZE);
	s = vmalloc(PAGE_SIZE);
	vfree(a);
	threshold_purge();
	x = vmalloc(PAGE_SIZE);
	cr_assert_eq(x, a, "one node: the purge goes straight to the free tree");
	vfree(x);
	vfree(s);
	ut_end();
}
