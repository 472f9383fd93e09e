// SPDX-License-Identifier: GPL-2.0
/*
 * test_platform.c - the platform layer (platform/posix.c) on its own:
 * reservations, physical mappings and their registry, the child's private
 * copy of physical memory after fork(), symbols and stacks.
 *
 * These run below the machine (no boot): they call plat_* directly, as
 * mm/ does.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/compiler.h>

#include <criterion/criterion.h>

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/plat.h"

#define PG 4096UL

static int hooks_prepare, hooks_parent, hooks_child;

static void on_prepare(void)
{
	hooks_prepare++;
}

static void on_parent(void)
{
	hooks_parent++;
}

static void on_child(void)
{
	hooks_child++;
}

/* Run @fn in a child; true if it exited 0. */
static bool in_child(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	cr_assert_gt(pid, 0);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct area {
	unsigned char *base;
	size_t pages;
};

static int child_checks_and_scribbles(void *arg)
{
	struct area *a = arg;

	if (hooks_child != 1)
		return 10;
	for (size_t i = 0; i < a->pages; i++) {
		if (i == 1)
			continue; /* unmapped */
		if (a->base[i * PG] != (unsigned char)(0x40 + i))
			return 20 + (int)i;
		a->base[i * PG] = 0xee;
	}
	return 0;
}

Test(platform, fork_gives_the_child_a_private_copy)
{
	struct area a = {.pages = 4};
	bool at_hint;
	int fd = plat_phys_create(64 * PG);

	cr_assert_geq(fd, 0);
	a.base = plat_reserve((void *)0x300000000000UL, 16 * PG, &at_hint);
	cr_assert_not_null(a.base);
	cr_assert(at_hint);
	/* Two records that merge, then a hole punched in the middle. */
	cr_assert_eq(plat_map_phys(fd, a.base, 8 * PG, 2 * PG, true), 0);
	cr_assert_eq(plat_map_phys(fd, a.base + 2 * PG, 10 * PG, 2 * PG, true), 0);
	for (size_t i = 0; i < a.pages; i++)
		a.base[i * PG] = (unsigned char)(0x40 + i);
	cr_assert_eq(plat_unmap_phys(a.base + PG, PG), 0);
	plat_atfork(on_prepare, on_parent, on_child);

	cr_assert(in_child(child_checks_and_scribbles, &a));
	cr_assert_eq(hooks_prepare, 1);
	cr_assert_eq(hooks_parent, 1);
	cr_assert_eq(hooks_child, 0);
	/* The parent's memory is untouched by the child's writes. */
	for (size_t i = 0; i < a.pages; i++)
		if (i != 1)
			cr_assert_eq(a.base[i * PG], 0x40 + i);

	/* The mapping is the memfd's: a second view sees the same bytes. */
	cr_assert_eq(plat_map_phys(fd, a.base + 8 * PG, 8 * PG, PG, false), 0);
	cr_assert_eq(a.base[8 * PG], 0x40);
	plat_unreserve(a.base, 16 * PG);
	plat_phys_destroy(fd);
}

Test(platform, reserve_elsewhere_when_taken)
{
	bool at_hint = true;
	void *a = plat_reserve(NULL, 4 * PG, &at_hint);
	void *b;

	cr_assert_not_null(a);
	cr_assert_not(at_hint);
	b = plat_reserve(a, 4 * PG, &at_hint);
	cr_assert_not_null(b);
	cr_assert_not(at_hint);
	cr_assert_neq(a, b);
	plat_unreserve(a, 4 * PG);
	plat_unreserve(b, 4 * PG);
}

struct many {
	unsigned char *base;
	size_t n;
};

static int child_checks_many(void *arg)
{
	struct many *m = arg;

	for (size_t i = 0; i < m->n; i++)
		if (m->base[2 * i * PG] != (unsigned char)i)
			return 1;
	return 0;
}

Test(platform, thousands_of_mappings_survive_fork)
{
	struct many m = {.n = 3000};
	int fd = plat_phys_create(m.n * PG);

	cr_assert_geq(fd, 0);
	m.base = plat_reserve(NULL, 2 * m.n * PG, NULL);
	cr_assert_not_null(m.base);
	/* Every other page, file pages in reverse: nothing can merge. */
	for (size_t i = 0; i < m.n; i++) {
		cr_assert_eq(plat_map_phys(fd, m.base + 2 * i * PG, (m.n - 1 - i) * PG, PG, true),
			     0);
		m.base[2 * i * PG] = (unsigned char)i;
	}
	plat_atfork(NULL, NULL, NULL);
	cr_assert(in_child(child_checks_many, &m));
	plat_unreserve(m.base, 2 * m.n * PG);
	plat_phys_destroy(fd);
}

static noinline int some_static_function(int x)
{
	return x * 5 + 1;
}

Test(platform, symbols_and_stacks)
{
	struct plat_symbol sym;
	void *frames[16];
	int n;

	cr_assert_eq(some_static_function(1), 6);
	cr_assert(plat_symbolize((unsigned long)some_static_function + 2, &sym));
	cr_assert_str_eq(sym.name, "some_static_function");
	cr_assert_eq(sym.offset, 2);
	cr_assert_gt(sym.size, 2);
	cr_assert_null(sym.module); /* the main executable */
	cr_assert_not(plat_symbolize(16, &sym));
	/* A function of another shared object carries its module name. */
	cr_assert(plat_symbolize((unsigned long)pthread_create, &sym));
	cr_assert_not_null(sym.module);
	cr_assert(strncmp(sym.module, "lib", 3) == 0 && !strchr(sym.module, '.') &&
			  !strchr(sym.module, '/'),
		  "%s", sym.module);
	plat_symbols_invalidate();
	cr_assert(plat_symbolize((unsigned long)some_static_function, &sym));

	n = plat_backtrace(frames, 16, 0);
	cr_assert_gt(n, 1);
	cr_assert(plat_symbolize((unsigned long)frames[0] - 1, &sym));
	cr_assert_str_eq(sym.name, "platform_symbols_and_stacks_impl");
}

Test(platform, identity_time_and_host)
{
	char name[16];
	uint64_t t0 = plat_clock_ns();

	plat_sleep_ns(1000000);
	cr_assert_geq(plat_clock_ns() - t0, 1000000);
	cr_assert_eq(plat_getpid(), getpid());
	cr_assert_gt(plat_gettid(), 0);
	pthread_setname_np(pthread_self(), "plat-test");
	plat_thread_name(name, sizeof(name));
	cr_assert_str_eq(name, "plat-test");
	cr_assert_gt(plat_max_map_count(), 1000);
}

Test(platform, mutex_and_cond)
{
	struct plat_mutex m;
	struct plat_cond c;
	uint64_t t0;

	plat_mutex_init(&m);
	plat_cond_init(&c);
	plat_mutex_lock(&m);
	cr_assert_not(plat_mutex_trylock(&m));
	t0 = plat_clock_ns();
	plat_cond_wait(&c, &m, 2000000);
	cr_assert_geq(plat_clock_ns() - t0, 1000000);
	plat_mutex_unlock(&m);
	cr_assert(plat_mutex_trylock(&m));
	plat_mutex_unlock(&m);
	plat_cond_broadcast(&c);
	plat_cond_destroy(&c);
	plat_mutex_destroy(&m);
	plat_once_lock();
	plat_once_unlock();
}
