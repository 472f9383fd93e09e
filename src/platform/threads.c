// SPDX-License-Identifier: GPL-2.0
/*
 * platform/threads.c - how many threads the process has, for the
 * __GFP_NOFAIL wait: a request that can only be satisfied by another
 * thread freeing memory warns when there is no other thread.
 *
 * Also the two thread services of the slab layer's per-thread caches:
 * membarrier (registered once, on first use) and a thread-exit callback
 * (one pthread key; the destructor runs when a thread that registered
 * exits).
 */
#define _GNU_SOURCE
#include <linux/membarrier.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include "plat.h"

int plat_nr_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 2; /* unknown: assume someone else may free */
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static pthread_once_t membarrier_once = PTHREAD_ONCE_INIT;
static bool membarrier_ok;

static void membarrier_setup(void)
{
#ifdef __NR_membarrier
	long mask = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

	if (mask > 0 && (mask & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
	    syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0)
		membarrier_ok = true;
#endif
}

bool plat_membarrier(void)
{
#ifdef UKMEM_PLAT_TSAN
	/*
	 * ThreadSanitizer cannot see the fence membarrier puts in the other
	 * threads, so it would take the slab thread caches' busy/remote
	 * handshake for a race.  Its build says "no membarrier": no thread
	 * caches, SLUB's locked per-CPU path instead (docs/ROBUSTNESS.md).
	 */
	return false;
#endif
	pthread_once(&membarrier_once, membarrier_setup);
	if (!membarrier_ok)
		return false;
#ifdef __NR_membarrier
	return syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0;
#else
	return false;
#endif
}

static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;
static bool exit_key_ok;
static void (*exit_fn)(void *);

static void exit_key_destructor(void *arg)
{
	if (exit_fn)
		exit_fn(arg);
}

static void exit_key_setup(void)
{
	exit_key_ok = pthread_key_create(&exit_key, exit_key_destructor) == 0;
}

bool plat_thread_at_exit(void (*fn)(void *), void *arg)
{
	pthread_once(&exit_key_once, exit_key_setup);
	if (!exit_key_ok || !arg)
		return false;
	exit_fn = fn;
	return pthread_setspecific(exit_key, arg) == 0;
}
