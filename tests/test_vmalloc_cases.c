// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmalloc_cases.c - the kernel's vmalloc test module's cases
 * (tests/helpers/vmalloc_cases.h) as pass/fail tests at small counts: one
 * thread, then every case on two threads at once (two modelled CPUs, so
 * two vmap nodes with their pools and vmap blocks), each ending with a
 * consistent machine and nothing held.  align_shift_alloc_test is
 * expected to fail, as in the kernel, and must leave nothing behind.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "helpers/vmalloc_cases.h"

#define CMDLINE "mem=512M nr_cpus=2"
#define LOOPS 200

Test(vmalloc_cases, each_case_alone)
{
	unsigned int seed = 42;

	ut_boot(CMDLINE);
	cr_assert_eq(fix_size_alloc_test(LOOPS, 1, &seed), 0);
	cr_assert_eq(fix_size_alloc_test(LOOPS, 3, &seed), 0);
	cr_assert_eq(full_fit_alloc_test(LOOPS, 2, &seed), 0);
	cr_assert_eq(ukmem_check(), 0);
	cr_assert_eq(long_busy_list_alloc_test(LOOPS, &seed), 0);
	cr_assert_eq(random_size_alloc_test(LOOPS, &seed), 0);
	cr_assert_eq(fix_align_alloc_test(LOOPS, &seed), 0);
	cr_assert_eq(random_size_align_alloc_test(LOOPS, &seed), 0);
	cr_assert_eq(vm_map_ram_test(LOOPS, 1, &seed), 0);
	cr_assert_eq(vm_map_ram_test(LOOPS, 64, &seed), 0);
	cr_assert_eq(vm_map_ram_test(LOOPS, 65, &seed), 0);
	cr_assert_eq(ukmem_check(), 0);
	ut_end();
}

Test(vmalloc_cases, align_shift_fails_cleanly)
{
	unsigned int seed = 1;

	ut_boot(CMDLINE " quiet");
	cr_assert_eq(align_shift_alloc_test(1, &seed), -1, "2^63 alignment was met?");
	cr_assert_eq(ukmem_check(), 0);
	ut_end();
}

static void *worker(void *arg)
{
	unsigned int seed = (unsigned int)(unsigned long)arg;
	long bad = 0;

	bad |= fix_size_alloc_test(LOOPS, 1, &seed);
	bad |= fix_size_alloc_test(LOOPS, 3, &seed);
	bad |= random_size_alloc_test(LOOPS, &seed);
	bad |= fix_align_alloc_test(LOOPS, &seed);
	bad |= random_size_align_alloc_test(LOOPS, &seed);
	bad |= vm_map_ram_test(LOOPS, 1, &seed);
	bad |= vm_map_ram_test(LOOPS, 8, &seed);
	return (void *)bad;
}

Test(vmalloc_cases, two_threads)
{
	pthread_t t[2];
	void *ret;

	ut_boot(CMDLINE);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, worker, (void *)(unsigned long)(i + 7)),
			     0);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(pthread_join(t[i], &ret), 0);
		cr_assert_null(ret, "a case failed on thread %d", i);
	}
	cr_assert_eq(ukmem_check(), 0);
	ut_end();
}
