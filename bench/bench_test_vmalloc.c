// SPDX-License-Identifier: GPL-2.0
/*
 * bench_test_vmalloc.c - the kernel's vmalloc test module (lib/test_vmalloc.c)
 * run on ukmem: its cases by name (tests/helpers/vmalloc_cases.h), on
 * nr_threads workers, each case timed, with the floor of issue 4,
 * section 6 beside them in the same run.
 *
 * As the module, every worker runs every case (in the same order here,
 * the module's sequential_test_order=1) test_loop_count times, and the
 * module's per-case line is printed for each worker:
 *   Summary: fix_size_alloc_test passed: 1 failed: 0 repeat: 1 loops: N avg: U usec
 * (avg is the case's whole time, as the module's).  Beside it, ukmem's
 * table in microseconds per loop, and the floor: the same mmap calls on
 * a memfd issued directly for 1 and 3 pages, contiguous (one call) and
 * scattered (one call per page), with an inaccessible mapping put back.
 * Setups the host's mapping budget cannot hold (full_fit_alloc_test's
 * fls(CPUs) * 8192 pairs, long_busy_list_alloc_test's 15 000 areas) are
 * scaled down and the output says so.
 *
 * Machine: ukmem_boot("mem=1G nr_cpus=<threads> quiet init_on_alloc=0
 * ukmem.seed=1"); each worker thread is a modelled CPU.
 *
 * Usage: bench_test_vmalloc [--loops N] [--threads N] [--nr-pages N]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/compiler.h>

#include <ukmem/ukmem.h>

#include "../tests/helpers/vmalloc_cases.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16
#define PG 4096UL

static unsigned long loops = 2000;
static int nr_threads = 1;
static unsigned int nr_pages = 1;

enum {
	C_FIX1,
	C_FIX3,
	C_FULL_FIT,
	C_LONG_BUSY,
	C_RANDOM,
	C_FIX_ALIGN,
	C_RANDOM_ALIGN,
	C_ALIGN_SHIFT,
	C_VM_MAP_RAM,
	NR_CASES
};

static const char *const case_names[NR_CASES] = {
	"fix_size_alloc_test",		"fix_size_alloc_test",	  "full_fit_alloc_test",
	"long_busy_list_alloc_test",	"random_size_alloc_test", "fix_align_alloc_test",
	"random_size_align_alloc_test", "align_shift_alloc_test", "vm_map_ram_test",
};
static const char *const case_notes[NR_CASES] = {
	"1 page", "3 pages", "", "", "", "", "", "expected to fail", "",
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int run_case(int c, unsigned long n, unsigned int *seed)
{
	switch (c) {
	case C_FIX1:
		return fix_size_alloc_test(n, nr_pages, seed);
	case C_FIX3:
		return fix_size_alloc_test(n, 3, seed);
	case C_FULL_FIT:
		return full_fit_alloc_test(n, nr_threads, seed);
	case C_LONG_BUSY:
		return long_busy_list_alloc_test(n, seed);
	case C_RANDOM:
		return random_size_alloc_test(n, seed);
	case C_FIX_ALIGN:
		return fix_align_alloc_test(n, seed);
	case C_RANDOM_ALIGN:
		return random_size_align_alloc_test(n, seed);
	case C_ALIGN_SHIFT:
		return align_shift_alloc_test(n, seed);
	default:
		return vm_map_ram_test(n, nr_pages, seed);
	}
}

struct worker {
	pthread_t thread;
	int id;
	double us[NR_CASES];
	int failed[NR_CASES];
};

static pthread_barrier_t barrier;

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	unsigned int seed = 1234u + (unsigned int)w->id;

	for (int c = 0; c < NR_CASES; c++) {
		double t;

		pthread_barrier_wait(&barrier);
		t = now_us();
		w->failed[c] = run_case(c, loops, &seed) != 0;
		w->us[c] = now_us() - t;
	}
	return NULL;
}

/* The floor: @pages pages of a memfd mapped and made inaccessible again, directly. */
static double floor_us(unsigned int pages, bool scattered, unsigned long n)
{
	const size_t area = 64UL << 20;
	int fd = memfd_create("bench-floor", MFD_CLOEXEC);
	char *base;
	double t;

	if (fd < 0 || ftruncate(fd, 64 << 20) < 0)
		exit(1);
	base = mmap(NULL, area, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		exit(1);
	t = now_us();
	for (unsigned long i = 0; i < n; i++) {
		char *p = base + (i % (area / ((pages + 1) * PG))) * (pages + 1) * PG;

		if (scattered) {
			for (unsigned int k = 0; k < pages; k++)
				if (mmap(p + k * PG, PG, PROT_READ | PROT_WRITE,
					 MAP_SHARED | MAP_FIXED, fd,
					 (off_t)((2 * k + 1) << 20)) == MAP_FAILED)
					exit(1);
		} else if (mmap(p, pages * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
				1 << 20) == MAP_FAILED) {
			exit(1);
		}
		*(volatile char *)p = 1;
		if (mmap(p, pages * PG, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
			 0) == MAP_FAILED)
			exit(1);
	}
	t = (now_us() - t) / (double)n;
	munmap(base, area);
	close(fd);
	return t;
}

int main(int argc, char **argv)
{
	static struct worker workers[MAX_THREADS];
	char cmdline[128];
	double floors[2][2];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--loops") && i + 1 < argc)
			loops = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			nr_threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--nr-pages") && i + 1 < argc)
			nr_pages = (unsigned int)atoi(argv[++i]);
		else {
			fprintf(stderr,
				"usage: bench_test_vmalloc [--loops N] [--threads N] [--nr-pages N]\n");
			return 2;
		}
	}
	if (nr_threads < 1 || nr_threads > MAX_THREADS)
		nr_threads = 1;
	if (!nr_pages)
		nr_pages = 1;
	snprintf(cmdline, sizeof(cmdline), "mem=1G nr_cpus=%d quiet init_on_alloc=0 ukmem.seed=1",
		 nr_threads);
	if (ukmem_boot(cmdline)) {
		fprintf(stderr, "bench_test_vmalloc: boot failed\n");
		return 1;
	}
	floors[0][0] = floor_us(1, false, loops);
	floors[0][1] = floor_us(1, true, loops);
	floors[1][0] = floor_us(3, false, loops);
	floors[1][1] = floor_us(3, true, loops);

	pthread_barrier_init(&barrier, NULL, (unsigned int)nr_threads);
	for (int i = 0; i < nr_threads; i++) {
		workers[i].id = i;
		pthread_create(&workers[i].thread, NULL, worker_fn, &workers[i]);
	}
	for (int i = 0; i < nr_threads; i++)
		pthread_join(workers[i].thread, NULL);

	printf("# bench_test_vmalloc: %s, %d worker(s), test_loop_count=%lu, nr_pages=%u\n\n",
	       cmdline, nr_threads, loops, nr_pages);
	for (int i = 0; i < nr_threads; i++)
		for (int c = 0; c < NR_CASES; c++)
			printf("Summary: %s passed: %d failed: %d repeat: 1 loops: %lu avg: %llu usec\n",
			       case_names[c], !workers[i].failed[c], workers[i].failed[c], loops,
			       (unsigned long long)workers[i].us[c]);
	printf("\n| case | | us per loop (worker 0) | passed |\n|---|---|---:|---|\n");
	for (int c = 0; c < NR_CASES; c++) {
		int passed = 0;

		for (int i = 0; i < nr_threads; i++)
			passed += !workers[i].failed[c];
		printf("| %s | %s | %.2f | %d/%d |\n", case_names[c], case_notes[c],
		       workers[0].us[c] / (double)loops, passed, nr_threads);
	}
	printf("| floor, 1 page | 1 mmap | %.2f | |\n", floors[0][0]);
	printf("| floor, 3 pages | contiguous, 1 mmap | %.2f | |\n", floors[1][0]);
	printf("| floor, 3 pages | scattered, 3 mmaps | %.2f | |\n", floors[1][1]);
	printf("\nfix_size_alloc_test (%u page(s)) / floor: %.2f; (3 pages) / contiguous floor: %.2f, "
	       "/ scattered floor: %.2f\n",
	       nr_pages, workers[0].us[C_FIX1] / (double)loops / floors[0][0],
	       workers[0].us[C_FIX3] / (double)loops / floors[1][0],
	       workers[0].us[C_FIX3] / (double)loops / floors[1][1]);
	if (vc_scaled)
		printf("(scaled down: the host's vm.max_map_count leaves room for %lu live areas or pairs in a setup)\n",
		       vc_scaled);
	ukmem_shutdown();
	return 0;
}
