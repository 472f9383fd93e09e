// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_vmalloc_cases.c - the kernel's vmalloc test module's cases
 * (bench/vmalloc_cases.h) as pass/fail tests at small counts.
 *
 * The benchmark (bench/vmalloc_test.c) times these cases; here each one
 * runs a few hundred loops on a small machine and must succeed (the
 * module's pass criterion), with two threads where the module would run
 * nr_threads, and the machine must be exactly as it was afterwards:
 * ukmem_check() is 0, no page is left handed out, and no vmap area is
 * left busy.  align_shift_alloc_test is the module's expected failure:
 * every alignment up to the size of the vmalloc space is met, larger ones
 * fail cleanly with NULL.
 */
#include <criterion/criterion.h>
#include <pthread.h>

#include <linux/vmalloc.h>

#include "helpers/ukmem_test.h"
#include "../bench/vmalloc_cases.h"

static void run_case(int (*fn)(struct vmc *c), unsigned long loops, unsigned int nr_pages,
		     unsigned long busy)
{
	struct vmc c = {
		.loops = loops,
		.nr_pages = nr_pages,
		.max_busy = busy,
		.cpus = 2,
		.rnd = 12345,
	};

	cr_assert_eq(fn(&c), 0);
}

Test(vmalloc_cases, fix_size_alloc_test_1_and_3_pages)
{
	ut_boot("mem=64M");
	run_case(fix_size_alloc_test, 300, 1, 0);
	run_case(fix_size_alloc_test, 300, 3, 0);
	ut_end();
}

Test(vmalloc_cases, full_fit_alloc_test)
{
	ut_boot("mem=64M");
	run_case(full_fit_alloc_test, 300, 1, 2000);
	ut_end();
}

Test(vmalloc_cases, long_busy_list_alloc_test)
{
	ut_boot("mem=64M");
	run_case(long_busy_list_alloc_test, 100, 0, 1500);
	ut_end();
}

Test(vmalloc_cases, random_size_alloc_test)
{
	ut_boot("mem=64M");
	run_case(random_size_alloc_test, 200, 0, 0);
	ut_end();
}

Test(vmalloc_cases, fix_align_alloc_test)
{
	ut_boot("mem=64M");
	run_case(fix_align_alloc_test, 200, 0, 0);
	ut_end();
}

Test(vmalloc_cases, random_size_align_alloc_test)
{
	ut_boot("mem=64M");
	run_case(random_size_align_alloc_test, 300, 0, 0);
	ut_end();
}

Test(vmalloc_cases, align_shift_alloc_test_fails_cleanly_past_the_space)
{
	struct vmc c = {.loops = 1};
	unsigned long start, last;
	int met, want = 0;

	ut_boot("mem=64M");
	/* x86_64's VMALLOC_END is the last byte of the space */
	start = ukmem_vmalloc_start;
	last = ukmem_vmalloc_end;
	/* An alignment is met when an aligned page plus its guard page fits. */
	for (int i = 0; i < BITS_PER_LONG; i++) {
		unsigned long a = 1UL << i, first = (start + a - 1) & ~(a - 1);

		if (first >= start && first <= last - 2 * PAGE_SIZE + 1)
			want++;
	}
	met = align_shift_alloc_test(&c);
	cr_assert_eq(met, want, "met %d alignments, want %d (space %#lx-%#lx)", met, want, start,
		     last);
	cr_assert_lt(met, BITS_PER_LONG);
	ut_end();
}

static void *case_thread(void *arg)
{
	struct vmc c = {.loops = 200, .nr_pages = 3, .max_busy = 500, .cpus = 2};

	c.rnd = (uintptr_t)arg;
	if (fix_size_alloc_test(&c) || random_size_alloc_test(&c) ||
	    random_size_align_alloc_test(&c) || full_fit_alloc_test(&c))
		return (void *)1;
	return NULL;
}

/* nr_threads=2: every case in two threads at once. */
Test(vmalloc_cases, two_threads)
{
	pthread_t t[2];
	void *ret;

	ut_boot("mem=64M");
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, case_thread, (void *)(uintptr_t)(i + 7)),
			     0);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(pthread_join(t[i], &ret), 0);
		cr_assert_null(ret);
	}
	ut_end();
}
