// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_test.c - the kernel's vmalloc test module's cases, timed, beside
 * the floor that ukmem's vmalloc cannot go below (issue 4, section 6).
 *
 * What it measures.  Each case of lib/test_vmalloc.c (bench/vmalloc_cases.h:
 * fix_size_alloc_test with 1 and 3 pages, full_fit_alloc_test,
 * long_busy_list_alloc_test, random_size_alloc_test, fix_align_alloc_test,
 * random_size_align_alloc_test, align_shift_alloc_test) runs in
 * --threads threads at once (the module's nr_threads), each thread on its
 * own modelled CPU, and reports microseconds per loop iteration: the
 * median of --reps repetitions, with the fastest.
 *
 * The floor.  vmalloc in ukmem is, at bottom, host mmap calls: each
 * physically contiguous run of the area's pages is mapped from the
 * physical-memory object (a memfd) with one MAP_FIXED mmap, and vfree
 * makes the range inaccessible with one more.  The floor issues exactly
 * those calls directly, with no allocator around them: for n pages,
 * "scattered" maps n separate one-page runs (pages that are not
 * physically adjacent, as on a fragmented machine), "contiguous" maps one
 * n-page run; then one byte is touched and the range is made inaccessible
 * again.  The ratio ukmem / floor is the cost of everything vmalloc adds:
 * the page allocator, the vmap_area trees, the lazy purge and vfree's
 * bookkeeping.  Which floor applies depends on where the pages came from;
 * on a quiet machine the pcp lists hand pages out in LIFO order, which is
 * usually not ascending, so "scattered" is the fair floor (both printed).
 *
 * The busy-list scaling.  fix_size_alloc_test with 3 pages is also timed
 * with 1 000 and with 30 000 one-page areas kept alive (more if
 * max_map_count allows, fewer if it does not: the count used is printed),
 * to show that the trees keep the cost flat: the target is at most 2x.
 *
 * Output: one table per configuration (init_on_alloc=0, for the targets,
 * and the default init_on_alloc=1), the target lines with PASS/MISS, and a
 * machine-readable line per case:
 *   BENCH vmalloc case=fix_size_alloc_test pages=3 threads=1 loops=N
 *         us_per_op=... us_min=... floor_scattered=... floor_contiguous=...
 *
 * Usage: bench_vmalloc_test [--threads N] [--reps N] [--scale F]
 * --scale multiplies every loop count (default 1).
 */
#define _GNU_SOURCE
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "vmalloc_cases.h"

unsigned long ukmem_vmalloc_map_budget(void);

static unsigned int opt_threads = 1, opt_reps = 5;
static double opt_scale = 1.0;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ---- the floor: the host calls alone ----------------------------------- */

#define FLOOR_FILE_PAGES 4096

static int floor_fd = -1;
static char *floor_va;

static void floor_init(void)
{
	floor_fd = memfd_create("vmalloc-floor", 0);
	if (floor_fd < 0 || ftruncate(floor_fd, (off_t)FLOOR_FILE_PAGES * PAGE_SIZE)) {
		perror("memfd");
		exit(1);
	}
	/* Populate the file once, as the machine's RAM is after use. */
	void *all = mmap(NULL, FLOOR_FILE_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			 floor_fd, 0);
	if (all == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	memset(all, 1, FLOOR_FILE_PAGES * PAGE_SIZE);
	munmap(all, FLOOR_FILE_PAGES * PAGE_SIZE);
	floor_va = mmap(NULL, 256 * PAGE_SIZE, PROT_NONE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (floor_va == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
}

/* One vmalloc's worth of host calls: map n pages in @runs runs, touch, unmap. */
static double floor_us(unsigned int n, bool scattered, unsigned long loops)
{
	double t0 = now_us();

	for (unsigned long i = 0; i < loops; i++) {
		/* 2-page stride: no two pages adjacent in the file */
		off_t base = (off_t)((i * 7) % (FLOOR_FILE_PAGES / 2 - 2 * n)) * 2 * PAGE_SIZE;

		if (scattered) {
			for (unsigned int p = 0; p < n; p++)
				mmap(floor_va + p * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_SHARED | MAP_FIXED, floor_fd,
				     base + (off_t)p * 2 * PAGE_SIZE);
		} else {
			mmap(floor_va, n * PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_FIXED, floor_fd, base);
		}
		*(volatile char *)floor_va = 0;
		mmap(floor_va, n * PAGE_SIZE, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
	}
	return (now_us() - t0) / (double)loops;
}

/* ---- running a case in N threads --------------------------------------- */

struct bcase {
	const char *name;
	int (*fn)(struct vmc *c);
	unsigned long loops; /* the kernel's test_loop_count is 1 000 000; scaled down */
	unsigned int nr_pages;
	bool expect_fail; /* align_shift_alloc_test */
};

static const struct bcase cases[] = {
	{"fix_size_alloc_test", fix_size_alloc_test, 20000, 1, false},
	{"fix_size_alloc_test", fix_size_alloc_test, 20000, 3, false},
	{"full_fit_alloc_test", full_fit_alloc_test, 20000, 1, false},
	{"long_busy_list_alloc_test", long_busy_list_alloc_test, 2000, 0, false},
	{"random_size_alloc_test", random_size_alloc_test, 2000, 0, false},
	{"fix_align_alloc_test", fix_align_alloc_test, 10000, 0, false},
	{"random_size_align_alloc_test", random_size_align_alloc_test, 10000, 0, false},
	{"align_shift_alloc_test", align_shift_alloc_test, 200, 0, true},
};

struct worker {
	pthread_t tid;
	const struct bcase *bc;
	struct vmc c;
	int ret;
	double us;
	pthread_barrier_t *bar;
};

static void loop_starts(struct vmc *c)
{
	c->t_loop = now_us();
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	pthread_barrier_wait(w->bar);
	w->c.t_loop = now_us();
	w->ret = w->bc->fn(&w->c);
	w->us = now_us() - w->c.t_loop;
	return NULL;
}

static unsigned long max_busy(void)
{
	/* A one-page area costs two host mappings; keep room for the case's own. */
	unsigned long b = ukmem_vmalloc_map_budget();

	return b > 4000 ? (b - 2000) / (2 * opt_threads) : 1000;
}

/* Microseconds per loop of one repetition, all threads together. */
static double run_once(const struct bcase *bc, unsigned long loops, int *ret)
{
	struct worker w[64];
	pthread_barrier_t bar;
	double worst = 0;

	pthread_barrier_init(&bar, NULL, opt_threads);
	*ret = 0;
	for (unsigned int t = 0; t < opt_threads; t++) {
		w[t] = (struct worker){
			.bc = bc,
			.c = {.loops = loops,
			      .nr_pages = bc->nr_pages,
			      .max_busy = max_busy(),
			      .cpus = 2,
			      .rnd = 0x9e3779b97f4a7c15ULL + t,
			      .loop_starts = loop_starts},
			.bar = &bar,
		};
		pthread_create(&w[t].tid, NULL, worker_main, &w[t]);
	}
	for (unsigned int t = 0; t < opt_threads; t++) {
		pthread_join(w[t].tid, NULL);
		if (w[t].ret && !bc->expect_fail)
			*ret = w[t].ret;
		if (bc->expect_fail)
			*ret = w[t].ret;
		if (w[t].us > worst)
			worst = w[t].us;
	}
	pthread_barrier_destroy(&bar);
	return worst / (double)loops;
}

static void run_case(const struct bcase *bc, const char *conf)
{
	unsigned long loops = (unsigned long)(bc->loops * opt_scale);
	double us[32], fsv[32], fcv[32], fs = 0, fc = 0;
	bool floor = bc->fn == fix_size_alloc_test;
	unsigned int n = bc->nr_pages ? bc->nr_pages : 1;
	int ret = 0;

	if (loops < 1)
		loops = 1;
	run_once(bc, loops / 10 + 1, &ret); /* warm up */
	/* The floors run between the repetitions, so host noise hits all alike. */
	for (unsigned int r = 0; r < opt_reps; r++) {
		us[r] = run_once(bc, loops, &ret);
		if (floor) {
			fsv[r] = floor_us(n, true, loops);
			fcv[r] = floor_us(n, false, loops);
		}
	}
	qsort(us, opt_reps, sizeof(us[0]), cmp_double);
	if (floor) {
		qsort(fsv, opt_reps, sizeof(fsv[0]), cmp_double);
		qsort(fcv, opt_reps, sizeof(fcv[0]), cmp_double);
		fs = fsv[opt_reps / 2];
		fc = fcv[opt_reps / 2];
	}
	printf("| %-28s | %5u | %7lu | %9.3f | %9.3f |", bc->name, bc->nr_pages, loops,
	       us[opt_reps / 2], us[0]);
	if (fs > 0)
		printf(" %8.3f | %8.3f | %5.2f |\n", fs, fc, us[opt_reps / 2] / fs);
	else if (bc->expect_fail)
		printf(" %d of %d alignments met (expected to fail) |||\n", ret, BITS_PER_LONG);
	else
		printf(" %s |||\n", ret ? "FAILED" : "");
	printf("BENCH vmalloc %s case=%s pages=%u threads=%u loops=%lu us_per_op=%.3f us_min=%.3f "
	       "floor_scattered=%.3f floor_contiguous=%.3f ret=%d\n",
	       conf, bc->name, bc->nr_pages, opt_threads, loops, us[opt_reps / 2], us[0], fs, fc,
	       ret);
}

/* fix_size_alloc_test(3) with @busy one-page areas alive around it. */
static double busy_us(unsigned long busy, unsigned long loops)
{
	void **keep = calloc(busy, sizeof(void *));
	struct vmc c = {.loops = loops, .nr_pages = 3};
	double us[32];
	unsigned long got = 0;

	for (; got < busy; got++)
		if (!(keep[got] = vmalloc(PAGE_SIZE)))
			break;
	fix_size_alloc_test(&c);
	for (unsigned int r = 0; r < opt_reps; r++) {
		double t0 = now_us();

		fix_size_alloc_test(&c);
		us[r] = (now_us() - t0) / (double)loops;
	}
	for (unsigned long i = 0; i < got; i++)
		vfree(keep[i]);
	free(keep);
	if (got < busy)
		printf("(only %lu of %lu areas could be kept alive)\n", got, busy);
	qsort(us, opt_reps, sizeof(us[0]), cmp_double);
	return us[opt_reps / 2];
}

static void run_config(const char *cmdline, const char *conf, bool targets)
{
	unsigned long busy_hi;

	if (ukmem_boot(cmdline)) {
		fprintf(stderr, "bench_vmalloc_test: ukmem_boot(\"%s\") failed\n", cmdline);
		exit(1);
	}
	busy_hi = max_busy() * opt_threads;
	printf("\n== ukmem_boot(\"%s\"): %u thread(s), median of %u reps, mapping budget %lu ==\n\n",
	       cmdline, opt_threads, opt_reps, ukmem_vmalloc_map_budget());
	printf("full_fit_alloc_test keeps at most %lu one-page areas per thread (the kernel: 2 * "
	       "fls(cpus) * 8192), long_busy_list_alloc_test %lu (the kernel: 15000)\n\n",
	       max_busy() / 2 * 2, max_busy() < 15000 ? max_busy() : 15000UL);
	printf("| case | pages | loops | us/op | us/op min | floor scattered | floor contiguous "
	       "| ratio to scattered |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i], conf);
	if (targets) {
		unsigned long loops = (unsigned long)(20000 * opt_scale) + 1;
		double lo, hi, fl, one;
		struct vmc c = {.loops = loops, .nr_pages = 3};
		double t0;

		if (busy_hi > 30000)
			busy_hi = 30000;
		double onev[32], flv[32];

		lo = busy_us(1000, loops);
		hi = busy_us(busy_hi, loops);
		fix_size_alloc_test(&c);
		for (unsigned int r = 0; r < opt_reps; r++) {
			t0 = now_us();
			fix_size_alloc_test(&c);
			onev[r] = (now_us() - t0) / (double)loops;
			flv[r] = floor_us(3, true, loops);
		}
		qsort(onev, opt_reps, sizeof(onev[0]), cmp_double);
		qsort(flv, opt_reps, sizeof(flv[0]), cmp_double);
		one = onev[opt_reps / 2];
		fl = flv[opt_reps / 2];
		printf("\nvmalloc(3 pages)+touch+vfree: %.3f us, floor %.3f us: %.2fx (target <= "
		       "1.2x): %s\n",
		       one, fl, one / fl, one / fl <= 1.2 ? "PASS" : "MISS");
		printf("with %lu live areas %.3f us, with 1000 %.3f us: %.2fx (target <= 2x): %s\n",
		       busy_hi, hi, lo, hi / lo, hi / lo <= 2.0 ? "PASS" : "MISS");
		printf("BENCH vmalloc %s busy_lo=1000 us_lo=%.3f busy_hi=%lu us_hi=%.3f floor3=%.3f "
		       "fix3=%.3f\n",
		       conf, lo, busy_hi, hi, fl, one);
	}
	ukmem_shutdown();
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			opt_threads = (unsigned int)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			opt_reps = (unsigned int)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--scale") && i + 1 < argc)
			opt_scale = atof(argv[++i]);
		else {
			fprintf(stderr, "usage: %s [--threads N] [--reps N] [--scale F]\n",
				argv[0]);
			return 2;
		}
	}
	if (opt_threads < 1 || opt_threads > 64 || opt_reps < 1 || opt_reps > 32 ||
	    opt_scale <= 0) {
		fprintf(stderr, "bad arguments\n");
		return 2;
	}
	floor_init();
	run_config("mem=1G nr_cpus=2 quiet init_on_alloc=0", "init_on_alloc=0", true);
	run_config("mem=1G nr_cpus=2 quiet", "init_on_alloc=1", false);
	return 0;
}
