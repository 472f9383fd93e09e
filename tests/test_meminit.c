// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_meminit.c - the cases of 6.12's lib/test_meminit.c as an
 * acceptance test of init_on_alloc / init_on_free (spec 7.1).
 *
 * Each case writes a garbage pattern into memory, frees it, allocates
 * again and expects zeroes: pages of every order, kmalloc and vmalloc of
 * 2^0..2^19 bytes, kmem_cache objects with and without a constructor,
 * SLAB_TYPESAFE_BY_RCU and __GFP_ZERO (bulk allocation included), and
 * the rule that an RCU cache's object keeps its contents across free and
 * reuse.  The module's report lines are printed the module's way
 * ("test_meminit: all N tests in FN passed", "all N tests passed!"), and
 * the test checks them, under init_on_alloc=1 (the default),
 * init_on_free=1 alone, both, and with debug_pagealloc=on.
 */
#include <criterion/criterion.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>

#include "helpers/ukmem_test.h"

#define JUNK_WORD 0x09A7BA9Eu
#define JUNK_TAIL 0x9E
#define CTOR_WORD 0x41414141u
#define NR_BULK 100

static size_t nonzero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += b[i] != 0;
	return count;
}

/* The garbage pattern from byte @from on: whole words, then tail bytes. */
static void junk(void *p, size_t n, size_t from)
{
	unsigned char *b = (unsigned char *)p + from;
	size_t left = n - from;

	for (; left >= 4; left -= 4, b += 4)
		memcpy(b, &(unsigned int){JUNK_WORD}, 4);
	memset(b, JUNK_TAIL, left);
}

static void report(const char *fn, int fails, int runs)
{
	if (fails)
		pr_info("test_meminit: %s failed %d out of %d times\n", fn, fails, runs);
	else
		pr_info("test_meminit: all %d tests in %s passed\n", runs, fn);
}

/* Allocate, dirty, free; allocate again: the memory must read zero. */
static int pages_case(unsigned int order)
{
	size_t len = PAGE_SIZE << order;
	struct page *p = alloc_pages(GFP_KERNEL, order);

	if (!p)
		return 1;
	junk(page_address(p), len, 0);
	__free_pages(p, order);
	p = alloc_pages(GFP_KERNEL, order);
	if (!p)
		return 1;
	if (nonzero(page_address(p), len)) {
		junk(page_address(p), len, 0);
		__free_pages(p, order);
		return 1;
	}
	junk(page_address(p), len, 0);
	__free_pages(p, order);
	return 0;
}

static int test_pages(int *fails_total)
{
	int fails = 0, runs = 0;

	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++, runs++)
		fails += pages_case(order);
	report(__func__, fails, runs);
	*fails_total += fails;
	return runs;
}

static int kv_case(size_t size, bool use_vmalloc)
{
	void *p = use_vmalloc ? vmalloc(size) : kmalloc(size, GFP_KERNEL);
	int bad;

	if (!p)
		return 1;
	junk(p, size, 0);
	use_vmalloc ? vfree(p) : kfree(p);
	p = use_vmalloc ? vmalloc(size) : kmalloc(size, GFP_KERNEL);
	if (!p)
		return 1;
	bad = nonzero(p, size) != 0;
	junk(p, size, 0);
	use_vmalloc ? vfree(p) : kfree(p);
	return bad;
}

static int test_kvmalloc(int *fails_total)
{
	int fails = 0, runs = 0;

	for (int shift = 0; shift < 20; shift++) {
		fails += kv_case((size_t)1 << shift, false);
		fails += kv_case((size_t)1 << shift, true);
		runs += 2;
	}
	report(__func__, fails, runs);
	*fails_total += fails;
	return runs;
}

static void word_ctor(void *obj)
{
	memcpy(obj, &(unsigned int){CTOR_WORD}, 4);
}

/* What an object fresh from the cache must look like. */
static bool obj_bad(const void *obj, size_t size, bool ctor, bool rcu, bool zero)
{
	if (zero)
		return nonzero(obj, size) != 0;
	if (ctor)
		return memcmp(obj, &(unsigned int){CTOR_WORD}, 4) != 0;
	/* an RCU cache is never wiped: what it holds is whatever was there */
	return !rcu && nonzero(obj, size) != 0;
}

static int cache_case(size_t size, bool ctor, bool rcu, bool zero)
{
	gfp_t gfp = GFP_KERNEL | (zero ? __GFP_ZERO : 0);
	struct kmem_cache *c = kmem_cache_create("test_cache", (unsigned int)size, 1,
						 rcu ? SLAB_TYPESAFE_BY_RCU : 0,
						 ctor ? word_ctor : NULL);
	static void *bulk[NR_BULK];
	bool bad = false;

	cr_assert_not_null(c);
	for (int round = 0; round < 10; round++) {
		void *obj, *copy;

		if (!ctor && !rcu) {
			int got = kmem_cache_alloc_bulk(c, gfp, NR_BULK, bulk);

			if (!got) {
				bad = true;
			} else {
				for (int i = 0; i < got; i++)
					bad |= obj_bad(bulk[i], size, ctor, rcu, zero);
				kmem_cache_free_bulk(c, (size_t)got, bulk);
			}
		}
		obj = kmem_cache_alloc(c, gfp);
		cr_assert_not_null(obj);
		bad |= obj_bad(obj, size, ctor, rcu, zero);
		junk(obj, size, ctor ? 4 : 0);
		if (!rcu) {
			kmem_cache_free(c, obj);
			continue;
		}
		/* inside a read-side section a freed RCU object stays as it was */
		rcu_read_lock();
		copy = kmalloc(size, GFP_ATOMIC);
		if (copy)
			memcpy(copy, obj, size);
		kmem_cache_free(c, obj);
		bad |= obj_bad(obj, size, ctor, rcu, false);
		if (copy) {
			bad |= memcmp(copy, obj, size) != 0;
			kfree(copy);
		}
		rcu_read_unlock();
	}
	kmem_cache_destroy(c);
	return bad;
}

static int cache_bulk_case(size_t size)
{
	struct kmem_cache *c =
		kmem_cache_create("test_cache", (unsigned int)size, (unsigned int)size, 0, NULL);
	void *objs[10];
	bool bad = false;

	cr_assert_not_null(c);
	for (int round = 0; round < 1024 && !bad; round++) {
		int got = kmem_cache_alloc_bulk(c, GFP_KERNEL, 10, objs);

		for (int i = 0; i < got; i++) {
			bad |= nonzero(objs[i], size) != 0;
			junk(objs[i], size, 0);
		}
		if (got)
			kmem_cache_free_bulk(c, (size_t)got, objs);
	}
	kmem_cache_destroy(c);
	return bad;
}

static int test_kmemcache(int *fails_total)
{
	int fails = 0, runs = 0;

	for (int i = 0; i < 10; i++) {
		size_t size = (size_t)8 << i;

		for (int variant = 0; variant < 8; variant++) {
			bool ctor = variant & 1, rcu = variant & 2, zero = variant & 4;

			if (ctor && zero)
				continue;
			fails += cache_case(size, ctor, rcu, zero);
			runs++;
		}
		fails += cache_bulk_case(size);
		runs++;
	}
	report(__func__, fails, runs);
	*fails_total += fails;
	return runs;
}

/* An RCU cache's object, freed and handed out again, still holds its data. */
static int rcu_persistent_case(size_t size)
{
	struct kmem_cache *c = kmem_cache_create("test_cache", (unsigned int)size,
						 (unsigned int)size, SLAB_TYPESAFE_BY_RCU, NULL);
	void *obj, *saved, *want, **taken;
	int n, bad = 0;

	cr_assert_not_null(c);
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	cr_assert_not_null(obj);
	junk(obj, size, 0);
	saved = obj;
	want = kmalloc(size, GFP_KERNEL);
	taken = kmalloc_array(1024, sizeof(void *), GFP_KERNEL);
	cr_assert(want && taken);
	memcpy(want, obj, size);
	kmem_cache_free(c, obj);
	for (n = 0; n < 1024; n++) {
		taken[n] = kmem_cache_alloc(c, GFP_KERNEL);
		if (taken[n] == saved) {
			bad = memcmp(want, saved, size) != 0;
			n++;
			break;
		}
	}
	while (n-- > 0)
		kmem_cache_free(c, taken[n]);
	kfree(want);
	kfree(taken);
	kmem_cache_destroy(c);
	return bad;
}

static int test_rcu_persistent(int *fails_total)
{
	int fails = 0, runs = 0;

	for (int i = 0; i < 10; i++, runs++)
		fails += rcu_persistent_case((size_t)8 << i);
	report(__func__, fails, runs);
	*fails_total += fails;
	return runs;
}

static void run_meminit(const char *cmdline)
{
	int fails = 0, runs = 0;
	char *log;

	ut_boot(cmdline);
	ut_mark();
	runs += test_pages(&fails);
	runs += test_kvmalloc(&fails);
	runs += test_kmemcache(&fails);
	runs += test_rcu_persistent(&fails);
	if (fails)
		pr_info("test_meminit: failures: %d out of %d\n", fails, runs);
	else
		pr_info("test_meminit: all %d tests passed!\n", runs);
	log = ut_log_since();
	ut_assert_log_has(log, "test_meminit: all 11 tests in test_pages passed\n");
	ut_assert_log_has(log, "test_meminit: all 40 tests in test_kvmalloc passed\n");
	ut_assert_log_has(log, "test_meminit: all 70 tests in test_kmemcache passed\n");
	ut_assert_log_has(log, "test_meminit: all 10 tests in test_rcu_persistent passed\n");
	ut_assert_log_has(log, "test_meminit: all 131 tests passed!\n");
	/* nothing else: no warning, no report */
	ut_assert_log_lacks(log, "WARNING");
	ut_assert_log_lacks(log, "BUG");
	free(log);
	rcu_barrier();
	ut_end();
}

Test(meminit, init_on_alloc_default, .timeout = 120)
{
	run_meminit("mem=256M");
}

Test(meminit, init_on_free_only, .timeout = 120)
{
	run_meminit("mem=256M init_on_alloc=0 init_on_free=1");
}

Test(meminit, init_on_alloc_and_free, .timeout = 120)
{
	run_meminit("mem=256M init_on_alloc=1 init_on_free=1");
}

Test(meminit, with_debug_pagealloc, .timeout = 120)
{
	run_meminit("mem=256M debug_pagealloc=on");
}

/* Neither: the module's own cases fail, as on 6.12 (it needs one of them). */
Test(meminit, neither_fails_as_on_612, .timeout = 120)
{
	int fails = 0;

	ut_boot("mem=256M init_on_alloc=0");
	test_pages(&fails);
	cr_assert_gt(fails, 0, "with init_on_alloc=0 and init_on_free=0 nothing zeroes");
	ut_end();
}
