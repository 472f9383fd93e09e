// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_slab_hardening.c - the slab layer's hardening switches
 * (issue 5, section 7): ukmem.random_kmalloc_caches= (6.12's
 * CONFIG_RANDOM_KMALLOC_CACHES, off by default as in the reference
 * configuration), ukmem.slab_freelist_random= and
 * ukmem.slab_freelist_hardened=, each off and on.
 *
 * With random kmalloc caches each normal kmalloc size class has 15 copies,
 * "kmalloc-rnd-01-64" to "kmalloc-rnd-15-64", beside "kmalloc-64" (copy
 * 0); a call site's return address, hashed with the boot's seed, picks the
 * copy, so one site always gets the same cache and different sites are
 * spread over all 16.  Only normal kmalloc is randomised: __GFP_ACCOUNT,
 * __GFP_RECLAIMABLE and GFP_DMA requests keep their own caches.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <linux/slab.h>
#include <linux/mm.h>

#include "helpers/ukmem_test.h"
#include "helpers/slab_test.h"
#include "mm/slab.h"

/* 32 call sites of kmalloc(64), each its own return address. */
#define SITE(n)                              \
	case n:                              \
		p = kmalloc(64, GFP_KERNEL); \
		break;
static noinline void *alloc_at(int site)
{
	void *p = NULL;

	switch (site) {
		// clang-format off
		SITE(0)
		SITE(1)
		SITE(2)
		SITE(3)
		SITE(4)
		SITE(5)
		SITE(6)
		SITE(7)
		SITE(8)
		SITE(9)
		SITE(10)
		SITE(11)
		SITE(12)
		SITE(13)
		SITE(14)
		SITE(15)
		SITE(16)
		SITE(17)
		SITE(18)
		SITE(19)
		SITE(20)
		SITE(21)
		SITE(22)
		SITE(23)
		SITE(24)
		SITE(25)
		SITE(26)
		SITE(27)
		SITE(28)
		SITE(29)
		SITE(30)
		SITE(31)
		// clang-format on
	}
	return p;
}

static const char *cache_of(const void *p)
{
	return virt_to_slab(p)->slab_cache->name;
}

Test(slab_hardening, random_kmalloc_caches_off_by_default)
{
	char *info;

	st_boot("mem=64M");
	info = ut_read("/proc/slabinfo");
	cr_assert_eq(ut_count(info, "kmalloc-rnd-"), 0);
	free(info);
	for (int i = 0; i < 32; i++) {
		void *p = alloc_at(i);

		cr_assert_str_eq(cache_of(p), "kmalloc-64");
		kfree(p);
	}
	st_end();
}

Test(slab_hardening, random_kmalloc_caches_spread_call_sites)
{
	const char *first[32];
	char *info;
	int rnd = 0, plain = 0, distinct = 0;

	st_boot("mem=128M ukmem.random_kmalloc_caches=1");
	info = ut_read("/proc/slabinfo");
	/* 15 copies of each of the 13 normal classes, listed as 6.12 names them */
	cr_assert_eq(ut_count(info, "\nkmalloc-rnd-"), 15 * 13, "%s", info);
	cr_assert(ut_match(info, "^kmalloc-rnd-01-96 "));
	cr_assert(ut_match(info, "^kmalloc-rnd-15-8k "));
	free(info);
	for (int i = 0; i < 32; i++) {
		void *p = alloc_at(i), *q = alloc_at(i);

		first[i] = cache_of(p);
		/* the same site always lands in the same cache */
		cr_assert_str_eq(cache_of(q), first[i]);
		if (!strncmp(first[i], "kmalloc-rnd-", 12))
			rnd++;
		else if (!strcmp(first[i], "kmalloc-64"))
			plain++;
		else
			cr_assert_fail("site %d got %s", i, first[i]);
		kfree(p);
		kfree(q);
	}
	for (int i = 0; i < 32; i++) {
		bool seen = false;

		for (int j = 0; j < i; j++)
			seen |= !strcmp(first[i], first[j]);
		distinct += !seen;
	}
	cr_assert_gt(rnd, 0);
	cr_assert_geq(distinct, 6, "32 sites over 16 caches: only %d distinct", distinct);
	/* accounted and reclaimable requests are not randomised */
	{
		void *a = kmalloc(64, GFP_KERNEL_ACCOUNT),
		     *r = kmalloc(64, __GFP_RECLAIMABLE | GFP_KERNEL);

		cr_assert_str_eq(cache_of(a), "kmalloc-cg-64");
		cr_assert_str_eq(cache_of(r), "kmalloc-rcl-64");
		kfree(a);
		kfree(r);
	}
	(void)plain;
	st_end();
}

/* The free-list switches: off gives plain pointers and address order. */
Test(slab_hardening, freelist_switches_off_and_on)
{
	static const char *const lines[] = {
		"mem=64M ukmem.slab_tcache=0 ukmem.slab_freelist_random=0 ukmem.slab_freelist_hardened=0",
		"mem=64M ukmem.slab_tcache=0",
	};

	for (int l = 0; l < 2; l++) {
		struct kmem_cache *c;
		char *a, *b;
		bool ascending = true;
		void *prev = NULL;

		st_boot(lines[l]);
		c = kmem_cache_create("hard-test", 64, 0, SLAB_NO_MERGE, NULL);
		for (int i = 0; i < 32; i++) {
			void *p = kmem_cache_alloc(c, GFP_KERNEL);

			if (prev && p < prev)
				ascending = false;
			prev = p;
		}
		a = kmem_cache_alloc(c, GFP_KERNEL);
		b = kmem_cache_alloc(c, GFP_KERNEL);
		kmem_cache_free(c, b);
		kmem_cache_free(c, a);
		/* a's free pointer (at the middle of the object) names b: raw or encoded */
		if (l == 0) {
			cr_assert(ascending, "without SLAB_FREELIST_RANDOM a new slab is in order");
			cr_assert_eq(*(void **)(a + c->offset), b);
		} else {
			cr_assert(!ascending, "with SLAB_FREELIST_RANDOM a new slab is shuffled");
			cr_assert_neq(*(void **)(a + c->offset), b);
		}
		kmem_cache_destroy(c);
		/* the 34 objects of the test cache went with it: not leaked */
		cr_assert_eq(ukmem_check(), 0);
		ukmem_shutdown();
	}
}
