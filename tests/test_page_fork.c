// SPDX-License-Identifier: GPL-2.0
/*
 * test_page_fork.c - fork() of a process with a booted machine.
 *
 * The child goes on with its own copy of the machine: the physical memory
 * and every mapping of it, as a process's private memory is copied at
 * fork.  So a page the parent filled reads the same in the child, a write
 * in the child is not seen by the parent (and the other way round), and
 * both allocators keep working and stay consistent on their own.  The
 * child reports through its exit status (it must not run Criterion's
 * asserts, which belong to the parent's test), and leaves with _exit().
 */
#include "helpers/ukmem_test.h"

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/gfp.h>
#include <linux/mm.h>

static bool all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return false;
	return true;
}

/* The child's checks; the exit status says which failed (0 = all passed). */
static int child_work(struct page *shared, struct page *held)
{
	struct page *p, *many[64];

	if (!ukmem_is_booted())
		return 10;
	if (!all_bytes(page_address(shared), 0x55, PAGE_SIZE))
		return 11;
	memset(page_address(shared), 0xAA, PAGE_SIZE);
	if (!all_bytes(page_address(shared), 0xAA, PAGE_SIZE))
		return 12;
	p = alloc_pages(GFP_KERNEL, 2);
	if (!p)
		return 13;
	memset(page_address(p), 0x11, 4 * PAGE_SIZE);
	__free_pages(p, 2);
	for (int i = 0; i < 64; i++) {
		many[i] = alloc_pages(GFP_KERNEL, (unsigned int)(i % 5));
		if (!many[i])
			return 14;
	}
	for (int i = 0; i < 64; i++)
		__free_pages(many[i], (unsigned int)(i % 5));
	/* the child owns its copy of the parent's allocations too */
	__free_pages(held, 3);
	if (ukmem_check() != 0)
		return 15;
	if (ukmem_pages_in_use() != 1) /* @shared */
		return 16;
	__free_page(shared);
	drain_all_pages(NULL);
	if (ukmem_check() != 0 || ukmem_pages_in_use() != 0)
		return 17;
	ukmem_shutdown();
	if (ukmem_shutdown_leaked() != 0)
		return 18;
	return 0;
}

static void wait_child(pid_t pid)
{
	int status;

	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status), "the child died (status %#x)", status);
	cr_assert_eq(WEXITSTATUS(status), 0, "the child's check %d failed", WEXITSTATUS(status));
}

Test(fork, child_gets_a_private_copy)
{
	struct page *shared, *held, *p;
	pid_t pid;

	ut_boot("mem=64M");
	shared = alloc_page(GFP_KERNEL);
	held = alloc_pages(GFP_KERNEL, 3);
	cr_assert_not_null(shared);
	cr_assert_not_null(held);
	memset(page_address(shared), 0x55, PAGE_SIZE);
	memset(page_address(held), 0x33, 8 * PAGE_SIZE);

	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(child_work(shared, held));
	wait_child(pid);

	/* the parent's memory is its own: still 0x55, and its allocator works */
	cr_assert(all_bytes(page_address(shared), 0x55, PAGE_SIZE),
		  "the child's write reached the parent's page");
	cr_assert(all_bytes(page_address(held), 0x33, 8 * PAGE_SIZE));
	cr_assert_eq(ukmem_pages_in_use(), 9, "the child's frees changed the parent's machine");
	cr_assert_eq(ukmem_check(), 0);
	p = alloc_pages(GFP_KERNEL, 4);
	cr_assert_not_null(p);
	memset(page_address(p), 0x44, 16 * PAGE_SIZE);
	__free_pages(p, 4);
	__free_pages(held, 3);
	__free_page(shared);
	ut_end();
}

/* The parent writes after the fork; the child must not see it. */
Test(fork, parent_writes_after_fork)
{
	struct page *page;
	int to_child[2], from_child[2];
	char c = 0;
	pid_t pid;

	ut_boot("mem=64M");
	page = alloc_page(GFP_KERNEL);
	cr_assert_not_null(page);
	memset(page_address(page), 0x55, PAGE_SIZE);
	cr_assert_eq(pipe(to_child), 0);
	cr_assert_eq(pipe(from_child), 0);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int ret;

		if (read(to_child[0], &c, 1) != 1)
			_exit(20);
		ret = all_bytes(page_address(page), 0x55, PAGE_SIZE) ? 0 : 21;
		__free_page(page);
		if (!ret && ukmem_check() != 0)
			ret = 22;
		_exit(ret);
	}
	memset(page_address(page), 0x66, PAGE_SIZE);
	cr_assert_eq(write(to_child[1], "x", 1), 1);
	wait_child(pid);
	cr_assert(all_bytes(page_address(page), 0x66, PAGE_SIZE));
	__free_page(page);
	close(to_child[0]);
	close(to_child[1]);
	close(from_child[0]);
	close(from_child[1]);
	ut_end();
}

/* Fork while another thread is inside the allocator: the child's locks are free. */
static volatile bool stop;

static void *churn(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		struct page *p = alloc_pages(GFP_KERNEL, 1);

		if (p)
			__free_pages(p, 1);
	}
	return NULL;
}

Test(fork, fork_while_another_thread_allocates)
{
	pthread_t t;

	ut_boot("mem=64M");
	cr_assert_eq(pthread_create(&t, NULL, churn, NULL), 0);
	for (int i = 0; i < 20; i++) {
		pid_t pid;

		fflush(NULL);
		pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0) {
			struct page *p = alloc_pages(GFP_KERNEL, 2);

			if (!p)
				_exit(30);
			__free_pages(p, 2);
			drain_all_pages(NULL);
			/* the churning thread does not exist here: its last block may be held */
			_exit(ukmem_check() == 0 ? 0 : 31);
		}
		wait_child(pid);
	}
	__atomic_store_n(&stop, true, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	ut_end();
}

/* A child that never touched ukmem before the fork can boot its own machine. */
Test(fork, child_of_an_unbooted_process_boots)
{
	pid_t pid;

	cr_assert_not(ukmem_is_booted());
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct page *p = alloc_page(GFP_KERNEL);

		if (!p || !ukmem_is_booted())
			_exit(40);
		__free_page(p);
		_exit(ukmem_check() == 0 ? 0 : 41);
	}
	wait_child(pid);
	cr_assert_not(ukmem_is_booted());
}
