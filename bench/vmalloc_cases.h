/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/vmalloc_cases.h - the cases of the kernel's vmalloc test module
 * (lib/test_vmalloc.c), by name, for ukmem.
 *
 * The kernel's module runs each case test_loop_count times per thread and
 * reports the time; its cases are the standard way to measure vmalloc, so
 * ukmem runs the same ones: the benchmark (bench/vmalloc_test.c) times
 * them, and tests/test_vmalloc_cases.c runs them at small counts as
 * pass/fail tests.  Each case is written from the module's description of
 * what it does (sizes, alignments, how many areas are kept busy), not
 * from its code.
 *
 * A case returns 0 when every allocation it expects to succeed did, -1
 * otherwise; align_shift_alloc_test is the module's "expected to fail"
 * case (alignments up to 1 << 63 cannot all be met) and returns the
 * number of alignments that were met instead.
 *
 * Setup.  Two cases build a busy vmalloc space before their loop; they
 * call c->loop_starts (when set) at the start of the loop, so that the
 * benchmark can time the loop alone (the module's figure includes the
 * setup; ukmem's per-operation figure does not).
 *
 * Scaling.  full_fit_alloc_test keeps 2 * fls(cpus) * 8192 one-page areas
 * alive in the kernel (32 MiB of junk per CPU bit, twice).  Each live area
 * costs ukmem one or two host mappings, and the host allows
 * vm.max_map_count of them (ukmem keeps a budget below it), so the number
 * of junk areas is capped by vmc->max_busy; the benchmark prints the cap
 * it used.
 */
#ifndef UKMEM_BENCH_VMALLOC_CASES_H
#define UKMEM_BENCH_VMALLOC_CASES_H

#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <stdint.h>
#include <stdlib.h>

struct vmc {
	unsigned long loops; /* test_loop_count */
	unsigned int nr_pages; /* fix_size_alloc_test's nr_pages (0 = 1) */
	unsigned long max_busy; /* cap on areas kept alive (mapping budget) */
	unsigned int cpus; /* for full_fit_alloc_test's junk length */
	uint64_t rnd; /* xorshift state, per thread */
	/* called when a case's setup is done and its timed loop starts */
	void (*loop_starts)(struct vmc *c);
	double t_loop; /* for loop_starts' use */
};

static inline void vmc_loop_starts(struct vmc *c)
{
	if (c->loop_starts)
		c->loop_starts(c);
}

static inline uint32_t vmc_rand(struct vmc *c)
{
	c->rnd ^= c->rnd << 13;
	c->rnd ^= c->rnd >> 7;
	c->rnd ^= c->rnd << 17;
	return (uint32_t)(c->rnd >> 16);
}

/* The module passes its caller; any address in the program will do. */
#define VMC_CALLER ((const void *)__builtin_return_address(0))

/* vmalloc(nr_pages pages), touch one byte, vfree. */
static inline int fix_size_alloc_test(struct vmc *c)
{
	unsigned long size = (c->nr_pages ? c->nr_pages : 1) * PAGE_SIZE;

	for (unsigned long i = 0; i < c->loops; i++) {
		unsigned char *p = vmalloc(size);

		if (!p)
			return -1;
		*p = 0;
		vfree(p);
	}
	return 0;
}

/*
 * Fill the space with pairs of one-page areas, free every second one so
 * the free space is all one-page holes that exactly fit, then allocate
 * and free one page at a time into those holes.
 */
static inline int full_fit_alloc_test(struct vmc *c)
{
	unsigned long junk = (unsigned long)fls(c->cpus) * (32UL * 1024 * 1024 / PAGE_SIZE);
	void **ptr, **junk_ptr;
	int ret = -1;

	if (junk > c->max_busy / 2)
		junk = c->max_busy / 2;
	ptr = vzalloc(sizeof(void *) * junk);
	junk_ptr = vzalloc(sizeof(void *) * junk);
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
	vmc_loop_starts(c);
	for (unsigned long i = 0; i < c->loops; i++) {
		unsigned char *p = vmalloc(PAGE_SIZE);

		if (!p)
			goto out;
		*p = 1;
		vfree(p);
	}
	ret = 0;
out:
	for (unsigned long i = 0; ptr && i < junk; i++)
		vfree(ptr[i]);
	for (unsigned long i = 0; junk_ptr && i < junk; i++)
		vfree(junk_ptr[i]);
	vfree(ptr);
	vfree(junk_ptr);
	return ret;
}

/* 15000 one-page areas stay busy while 100-page and one-page areas come and go. */
static inline int long_busy_list_alloc_test(struct vmc *c)
{
	unsigned long busy = c->max_busy < 15000 ? c->max_busy : 15000;
	void **ptr = vzalloc(sizeof(void *) * busy);
	int ret = -1;

	if (!ptr)
		return -1;
	for (unsigned long i = 0; i < busy; i++)
		if (!(ptr[i] = vmalloc(PAGE_SIZE)))
			goto out;
	vmc_loop_starts(c);
	for (unsigned long i = 0; i < c->loops; i++) {
		unsigned char *p1 = vmalloc(100 * PAGE_SIZE), *p2 = vmalloc(PAGE_SIZE);

		if (!p1 || !p2) {
			vfree(p1);
			vfree(p2);
			goto out;
		}
		*p1 = 0;
		*p2 = 1;
		vfree(p1);
		vfree(p2);
	}
	ret = 0;
out:
	for (unsigned long i = 0; i < busy; i++)
		vfree(ptr[i]);
	vfree(ptr);
	return ret;
}

/* 1 to 100 pages, at random. */
static inline int random_size_alloc_test(struct vmc *c)
{
	for (unsigned long i = 0; i < c->loops; i++) {
		unsigned char *p = vmalloc((vmc_rand(c) % 100 + 1) * PAGE_SIZE);

		if (!p)
			return -1;
		*p = 'a';
		vfree(p);
	}
	return 0;
}

/* Five zeroed pages aligned to twice the x86_64 thread stack (2 * 16 KiB). */
static inline int fix_align_alloc_test(struct vmc *c)
{
	for (unsigned long i = 0; i < c->loops; i++) {
		void *p = __vmalloc_node(5 * PAGE_SIZE, 2 * 16384, GFP_KERNEL | __GFP_ZERO, 0,
					 VMC_CALLER);

		if (!p || ((uintptr_t)p & (2 * 16384 - 1)))
			return -1;
		vfree(p);
	}
	return 0;
}

/* 1 to 10 pages at an alignment of 1 << (0..22), both from one random byte. */
static inline int random_size_align_alloc_test(struct vmc *c)
{
	for (unsigned long i = 0; i < c->loops; i++) {
		unsigned int rnd = vmc_rand(c) & 0xff;
		unsigned long align = 1UL << (rnd % 23);
		unsigned long size = (rnd % 10 + 1) * PAGE_SIZE;
		void *p = __vmalloc_node(size, align, GFP_KERNEL | __GFP_ZERO, 0, VMC_CALLER);

		if (!p || ((uintptr_t)p & (align - 1)))
			return -1;
		vfree(p);
	}
	return 0;
}

/*
 * One page at every power-of-two alignment up to 1 << (BITS_PER_LONG - 1).
 * The module expects this one to fail; the count of alignments met is
 * returned (__GFP_NOWARN keeps the expected failures quiet here).
 */
static inline int align_shift_alloc_test(struct vmc *c)
{
	int met = 0;

	for (unsigned long n = 0; n < c->loops; n++) {
		met = 0;
		for (unsigned int i = 0; i < BITS_PER_LONG; i++) {
			unsigned long align = 1UL << i;
			void *p = __vmalloc_node(PAGE_SIZE, align,
						 GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, 0,
						 VMC_CALLER);

			if (!p)
				continue;
			if ((uintptr_t)p & (align - 1))
				met = -1000;
			met++;
			vfree(p);
		}
	}
	return met;
}

#endif /* UKMEM_BENCH_VMALLOC_CASES_H */
