/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/helpers/vmalloc_cases.h - the cases of the kernel's vmalloc test
 * module (lib/test_vmalloc.c), by name, as ukmem runs them: as pass/fail
 * tests at small counts (tests/test_vmalloc_cases.c) and timed in
 * bench/bench_test_vmalloc.c.
 *
 * Each case returns 0 for "passed" and -1 for "failed", as the module's
 * do; align_shift_alloc_test is expected to fail (no alignment up to
 * 2^63 can be met).  The sizes of the module's setups are scaled down
 * where the host's mapping budget (max_map_count) cannot hold them; the
 * scaled count is returned through vc_scaled so callers can say so.
 *
 * Written for ukmem from the module's documented behaviour; static inline
 * so that every program that includes it gets its own copy.
 */
#ifndef UKMEM_TEST_VMALLOC_CASES_H
#define UKMEM_TEST_VMALLOC_CASES_H

#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "mm/vmalloc_internal.h"

#include <stdlib.h>

/* Set by a case whose setup had to shrink: the count it used instead. */
static unsigned long vc_scaled;

static inline unsigned int vc_rand(unsigned int *seed)
{
	/* xorshift32: the same sequence for the same seed */
	unsigned int x = *seed ? *seed : 1;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*seed = x;
	return x;
}

/* Live one-page areas the budget still has room for (each costs two mappings). */
static inline unsigned long vc_room(unsigned long want)
{
	unsigned long budget = ukmem_vmalloc_map_budget(), used = ukmem_vmalloc_maps_used();
	unsigned long room = budget > used + 4096 ? (budget - used - 4096) / 2 : 0;

	return want < room ? want : room;
}

static inline int fix_size_alloc_test(unsigned long loops, unsigned int nr_pages,
				      unsigned int *seed)
{
	(void)seed;
	for (unsigned long i = 0; i < loops; i++) {
		char *p = vmalloc((unsigned long)nr_pages * PAGE_SIZE);

		if (!p)
			return -1;
		*(volatile char *)p = 1;
		vfree(p);
	}
	return 0;
}

/* Many one-page holes (pairs, one of each freed), then one-page areas must always fit. */
static inline int full_fit_alloc_test(unsigned long loops, int nr_cpus, unsigned int *seed)
{
	unsigned long junk = (unsigned long)fls(nr_cpus) * (32UL * 1024 * 1024 / PAGE_SIZE);
	void **ptr, **junk_ptr;
	int rv = -1;

	(void)seed;
	if (vc_room(2 * junk) < 2 * junk)
		junk = vc_scaled = vc_room(2 * junk) / 2;
	ptr = calloc(junk, sizeof(*ptr));
	junk_ptr = calloc(junk, sizeof(*junk_ptr));
	if (!ptr || !junk_ptr)
		goto out;
	for (unsigned long i = 0; i < junk; i++) {
		ptr[i] = vmalloc(PAGE_SIZE);
		junk_ptr[i] = vmalloc(PAGE_SIZE);
	}
	for (unsigned long i = 0; i < junk; i++) {
		vfree(junk_ptr[i]);
		junk_ptr[i] = NULL;
	}
	for (unsigned long i = 0; i < loops; i++) {
		char *p = vmalloc(PAGE_SIZE);

		if (!p)
			goto out;
		*(volatile char *)p = 1;
		vfree(p);
	}
	rv = 0;
out:
	for (unsigned long i = 0; ptr && i < junk; i++)
		vfree(ptr[i]);
	free(ptr);
	free(junk_ptr);
	return rv;
}

/* 15 000 live one-page areas, then 100-page and one-page areas on top. */
static inline int long_busy_list_alloc_test(unsigned long loops, unsigned int *seed)
{
	unsigned long n = vc_room(15000);
	void **ptr = calloc(n ? n : 1, sizeof(*ptr));
	int rv = -1;

	(void)seed;
	if (n < 15000)
		vc_scaled = n;
	if (!ptr)
		return -1;
	for (unsigned long i = 0; i < n; i++) {
		ptr[i] = vmalloc(PAGE_SIZE);
		if (!ptr[i])
			goto out;
	}
	for (unsigned long i = 0; i < loops; i++) {
		char *p = vmalloc(100 * PAGE_SIZE);
		char *q = p ? vmalloc(PAGE_SIZE) : NULL;

		if (!q) {
			vfree(p);
			goto out;
		}
		*(volatile char *)q = 1;
		vfree(p);
		vfree(q);
	}
	rv = 0;
out:
	for (unsigned long i = 0; i < n; i++)
		vfree(ptr[i]);
	free(ptr);
	return rv;
}

static inline int random_size_alloc_test(unsigned long loops, unsigned int *seed)
{
	for (unsigned long i = 0; i < loops; i++) {
		unsigned int n = vc_rand(seed) % 100 + 1;
		char *p = vmalloc((unsigned long)n * PAGE_SIZE);

		if (!p)
			return -1;
		*(volatile char *)p = 1;
		vfree(p);
	}
	return 0;
}

/* 5 pages aligned to THREAD_ALIGN << 1 (32 KiB on x86_64), zeroed, node 0. */
static inline int fix_align_alloc_test(unsigned long loops, unsigned int *seed)
{
	(void)seed;
	for (unsigned long i = 0; i < loops; i++) {
		void *p = __vmalloc_node(5 * PAGE_SIZE, 32768, GFP_KERNEL | __GFP_ZERO, 0,
					 __builtin_return_address(0));

		if (!p || (unsigned long)p % 32768)
			return -1;
		vfree(p);
	}
	return 0;
}

static inline int random_size_align_alloc_test(unsigned long loops, unsigned int *seed)
{
	for (unsigned long i = 0; i < loops; i++) {
		unsigned int rnd = vc_rand(seed) & 0xff;
		unsigned long align = 1UL << (rnd % 23);
		unsigned long size = ((rnd % 10) + 1) * PAGE_SIZE;
		void *p = __vmalloc_node(size, align, GFP_KERNEL | __GFP_ZERO, 0,
					 __builtin_return_address(0));

		if (!p)
			return -1;
		vfree(p);
	}
	return 0;
}

/* Alignments 2^0 .. 2^63: expected to fail (the module counts it as failed). */
static inline int align_shift_alloc_test(unsigned long loops, unsigned int *seed)
{
	(void)loops;
	(void)seed;
	for (int i = 0; i < BITS_PER_LONG; i++) {
		void *p = __vmalloc_node(PAGE_SIZE, 1UL << i, GFP_KERNEL | __GFP_ZERO, 0,
					 __builtin_return_address(0));

		if (!p)
			return -1;
		vfree(p);
	}
	return 0;
}

static inline int vm_map_ram_test(unsigned long loops, unsigned int nr_pages, unsigned int *seed)
{
	struct page **pages = calloc(nr_pages, sizeof(*pages));
	unsigned long got;
	int rv = -1;

	(void)seed;
	if (!pages)
		return -1;
	got = alloc_pages_bulk_array(GFP_KERNEL, nr_pages, pages);
	if (got == nr_pages) {
		rv = 0;
		for (unsigned long i = 0; i < loops; i++) {
			unsigned char *v = vm_map_ram(pages, nr_pages, NUMA_NO_NODE);

			if (!v) {
				rv = -1;
				break;
			}
			*v = 'a';
			vm_unmap_ram(v, nr_pages);
		}
	}
	for (unsigned long i = 0; i < got; i++)
		if (pages[i])
			__free_page(pages[i]);
	free(pages);
	return rv;
}

#endif /* UKMEM_TEST_VMALLOC_CASES_H */
