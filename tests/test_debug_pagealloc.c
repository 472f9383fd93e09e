// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_debug_pagealloc.c - debug_pagealloc=on (mm/debug_page_alloc.c).
 *
 * A freed page leaves the direct map, pcp lists included, so touching it
 * through a stale pointer kills the process with SIGSEGV (checked in a
 * forked child); an allocation maps it back.  The validator checks that
 * every free page is unmapped and that the count of unmapped runs is
 * right.  When the host-mapping budget runs out, the direct map comes
 * back whole and page poisoning takes over, said once in the log.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/poison.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <mm/page_debug.h>

#include "helpers/ukmem_test.h"

/* Does touching @addr in a child kill it with SIGSEGV? */
static bool touch_faults(volatile unsigned char *addr, bool write)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		if (write)
			addr[0] = 1;
		else
			(void)addr[0];
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status))
		return false;
	cr_assert(WIFSIGNALED(status));
	cr_assert_eq(WTERMSIG(status), SIGSEGV, "the child died of signal %d", WTERMSIG(status));
	return true;
}

Test(debug_pagealloc, freed_page_faults_allocated_page_does_not)
{
	struct page *p, *q;
	unsigned char *addr;

	ut_boot("mem=64M debug_pagealloc=on");
	cr_assert(debug_pagealloc_enabled_static());
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	addr = page_address(p);
	addr[0] = 7;
	cr_assert_not(touch_faults(addr, true));
	cr_assert(ukmem_debug_pagealloc_mapped(addr, PAGE_SIZE));
	__free_page(p);
	/* the page sits on the pcp list, and it is unmapped there too */
	cr_assert_not(ukmem_debug_pagealloc_mapped(addr, PAGE_SIZE));
	cr_assert(touch_faults(addr, false), "reading a freed page did not fault");
	cr_assert(touch_faults(addr + 100, true), "writing a freed page did not fault");
	cr_assert_eq(ukmem_check(), 0);
	q = alloc_page(GFP_KERNEL);
	cr_assert_eq(q, p);
	cr_assert_eq(addr[0], 0, "init_on_alloc zeroes the page mapped back");
	cr_assert_not(touch_faults(addr, true));
	__free_page(q);
	ut_end();
}

Test(debug_pagealloc, never_allocated_memory_is_unmapped_from_boot)
{
	struct page *p;
	unsigned char *addr;

	ut_boot("mem=64M debug_pagealloc=1");
	p = alloc_pages(GFP_KERNEL, 3);
	cr_assert_not_null(p);
	/* the block after it is free, and has been since boot */
	addr = page_address(p + 8);
	if (PageBuddy(p + 8))
		cr_assert(touch_faults(addr, false));
	cr_assert_not(ukmem_debug_pagealloc_mapped(page_address(p + 8), PAGE_SIZE) &&
		      PageBuddy(p + 8));
	cr_assert_eq(ukmem_check(), 0);
	__free_pages(p, 3);
	ut_end();
}

Test(debug_pagealloc, off_by_default_and_bare_word)
{
	ut_boot("mem=64M");
	cr_assert_not(debug_pagealloc_enabled_static());
	ut_end();
	/* early_param() with no value: kstrtobool(NULL) fails, so it stays off */
	ut_boot("mem=64M debug_pagealloc");
	cr_assert_not(debug_pagealloc_enabled_static());
	ut_end();
}

Test(debug_pagealloc, every_family_works_and_validates)
{
	struct kmem_cache *c;
	void *objs[300];

	ut_boot("mem=128M debug_pagealloc=on");
	c = kmem_cache_create("dpa_test", 200, 0, 0, NULL);
	cr_assert_not_null(c);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 300; i++) {
			switch (i % 4) {
			case 0:
				objs[i] = kmalloc((size_t)(i + 1) * 40, GFP_KERNEL);
				break;
			case 1:
				objs[i] = vmalloc((unsigned long)(i + 1) * 512);
				break;
			case 2:
				objs[i] = (void *)__get_free_pages(GFP_KERNEL, i % 5);
				break;
			default:
				objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
				break;
			}
			cr_assert_not_null(objs[i]);
			memset(objs[i], 0x5c, 32);
		}
		cr_assert_eq(ukmem_check(), 0);
		for (int i = 0; i < 300; i++) {
			switch (i % 4) {
			case 0:
				kfree(objs[i]);
				break;
			case 1:
				vfree(objs[i]);
				break;
			case 2:
				free_pages((unsigned long)objs[i], i % 5);
				break;
			default:
				kmem_cache_free(c, objs[i]);
				break;
			}
		}
		cr_assert_eq(ukmem_check(), 0);
	}
	kmem_cache_destroy(c);
	cr_assert_gt(ukmem_debug_pagealloc_runs(), 0);
	ut_end();
}

Test(debug_pagealloc, fork_child_keeps_the_holes)
{
	struct page *p;
	unsigned char *addr;
	int status;
	pid_t pid;

	ut_boot("mem=64M debug_pagealloc=on");
	p = alloc_page(GFP_KERNEL);
	addr = page_address(p);
	__free_page(p);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		/* the child's allocator works, and the page it gets back is mapped */
		struct page *q = alloc_page(GFP_KERNEL);

		if (q != p || ((unsigned char *)page_address(q))[0] != 0)
			_exit(2);
		__free_page(q);
		_exit(ukmem_check() ? 3 : 0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	cr_assert(touch_faults(addr, false));
	ut_end();
}

Test(debug_pagealloc, budget_runs_out_falls_back_to_poisoning)
{
	struct page *pages[64], *p, *q;
	unsigned char *stale;
	char *log;

	ut_boot("mem=64M debug_pagealloc=on");
	ut_mark();
	/* every other page freed: each makes a run of its own */
	for (int i = 0; i < 64; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	ukmem_debug_pagealloc_set_budget(ukmem_debug_pagealloc_runs() + 8);
	for (int i = 0; i < 64; i += 2)
		__free_page(pages[i]);
	cr_assert_not(debug_pagealloc_enabled_static(), "still unmapping past the budget");
	cr_assert(page_poisoning_enabled_static());
	for (int i = 1; i < 64; i += 2)
		__free_page(pages[i]);
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "ukmem: debug_pagealloc: out of host mappings "
				   "(vm.max_map_count); falling back to page poisoning\n"),
		     1, "%s", log);
	free(log);
	cr_assert_eq(ukmem_debug_pagealloc_runs(), 0);
	/* the direct map is whole again: a stale write lands, and poisoning sees it */
	p = alloc_page(GFP_KERNEL);
	stale = page_address(p);
	__free_page(p);
	cr_assert_not(touch_faults(stale, false));
	stale[9] = 0;
	ut_mark();
	q = alloc_page(GFP_KERNEL);
	cr_assert_eq(q, p);
	log = ut_log_since();
	ut_assert_log_has(log, "pagealloc: memory corruption\n");
	free(log);
	__free_page(q);
	ut_end();
}

struct stress_arg {
	unsigned int seed;
	int bad;
};

/* Each thread allocates, fills, checks and frees its own blocks. */
static void *stress_thread(void *p)
{
	struct stress_arg *a = p;
	struct page *held[32] = {NULL};
	unsigned int order[32];
	void *objs[32] = {NULL};

	for (int it = 0; it < 3000; it++) {
		int i = (int)(rand_r(&a->seed) % 32);

		if (held[i]) {
			unsigned char *v = page_address(held[i]);

			if (v[0] != (unsigned char)i ||
			    v[(PAGE_SIZE << order[i]) - 1] != (unsigned char)i)
				a->bad++;
			__free_pages(held[i], order[i]);
			held[i] = NULL;
		} else {
			order[i] = rand_r(&a->seed) % 4;
			held[i] = alloc_pages(GFP_KERNEL, order[i]);
			if (held[i]) {
				unsigned char *v = page_address(held[i]);

				v[0] = (unsigned char)i;
				v[(PAGE_SIZE << order[i]) - 1] = (unsigned char)i;
			}
		}
		kfree(objs[i]);
		objs[i] = kmalloc(rand_r(&a->seed) % 3000 + 1, GFP_KERNEL);
	}
	for (int i = 0; i < 32; i++) {
		if (held[i])
			__free_pages(held[i], order[i]);
		kfree(objs[i]);
	}
	return NULL;
}

Test(debug_pagealloc, threads_with_poison_and_owner, .timeout = 120)
{
	pthread_t t[4];
	struct stress_arg a[4];
	char *log;

	ut_boot("mem=128M nr_cpus=4 debug_pagealloc=on page_poison=1 page_owner=on");
	ut_mark();
	for (int i = 0; i < 4; i++) {
		a[i].seed = 1234u + (unsigned int)i;
		a[i].bad = 0;
		cr_assert_eq(pthread_create(&t[i], NULL, stress_thread, &a[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		cr_assert_eq(a[i].bad, 0, "thread %d saw its data change", i);
	}
	log = ut_log_since();
	ut_assert_log_lacks(log, "pagealloc:");
	ut_assert_log_lacks(log, "BUG");
	ut_assert_log_lacks(log, "falling back");
	free(log);
	cr_assert(debug_pagealloc_enabled_static());
	ut_end();
}

/* The 32-bit models: lowmem leaves the direct map, highmem is not in it. */
static void other_arch(const char *cmdline)
{
	struct page *p, *h;
	unsigned char *addr;

	ut_boot(cmdline);
	p = alloc_page(GFP_KERNEL);
	h = alloc_page(GFP_HIGHUSER);
	cr_assert(p && h);
	cr_assert(PageHighMem(h));
	addr = page_address(p);
	addr[1] = 1;
	__free_page(p);
	__free_page(h);
	cr_assert(touch_faults(addr, false));
	cr_assert_eq(ukmem_check(), 0);
	ut_end();
}

Test(debug_pagealloc, i386)
{
	other_arch("arch=i386 mem=1G debug_pagealloc=on");
}

Test(debug_pagealloc, arm)
{
	other_arch("arch=arm mem=1G debug_pagealloc=on");
}

/* Blocks above the pcp orders go straight to the buddy lists, unmapped all the same. */
Test(debug_pagealloc, large_blocks_and_large_kmalloc)
{
	struct page *p;
	unsigned char *addr, *big;

	ut_boot("mem=64M debug_pagealloc=on");
	p = alloc_pages(GFP_KERNEL, 5);
	cr_assert_not_null(p);
	addr = page_address(p);
	addr[31 * PAGE_SIZE] = 1;
	__free_pages(p, 5);
	cr_assert(touch_faults(addr, false));
	cr_assert(touch_faults(addr + 31 * PAGE_SIZE, true));
	/* a large kmalloc is a compound block from the page allocator */
	big = kmalloc(5 * PAGE_SIZE, GFP_KERNEL);
	cr_assert_not_null(big);
	big[5 * PAGE_SIZE - 1] = 2;
	cr_assert_not(touch_faults(big + 4 * PAGE_SIZE, true));
	kfree(big);
	cr_assert(touch_faults(big + 4 * PAGE_SIZE, false));
	cr_assert_eq(ukmem_check(), 0);
	ut_end();
}
