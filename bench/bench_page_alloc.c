// SPDX-License-Identifier: GPL-2.0
/*
 * bench_page_alloc.c - what one alloc_pages() + __free_pages() pair costs.
 *
 * What it measures (issue 2, section 9): nanoseconds per alloc+free pair of
 *
 *   order0 pcp          order 0 through the per-CPU lists (the common case);
 *   order0 no-pcp       order 0 with the per-CPU lists switched off, so that
 *                       every page comes from and goes back to the buddy
 *                       lists under zone->lock;
 *   order3 pcp          order 3 (32 KiB), the highest order below the
 *                       pageblock order that the pcp lists keep;
 *   order4 buddy        order 4 (64 KiB), which always takes zone->lock and
 *                       the buddy lists;
 *
 * each with one thread and with two threads (each thread its own loop on
 * its own modelled CPU), next to an mmap()+munmap() of the same size done
 * in the same run: untouched (the system-call cost alone) and with every
 * 4 KiB page written once (faulting in zeroed pages, the host's
 * counterpart of init_on_alloc).  The first and the last row, an ALU loop
 * with no memory traffic, show how well the host runs two threads at
 * the time: on a shared virtual machine that ceiling moves, and a 2T/1T
 * figure means little without it.  The whole set runs twice: on a machine booted with
 * init_on_alloc=0 (the configuration the targets are stated for) and on
 * one with the default init_on_alloc=1, which zeroes every page handed
 * out.
 *
 * The free lists' state matters to the buddy cases, so every case starts
 * from drained pcp lists and a known state; case_setup() explains the
 * "anchored" cases and their "deep" variants.
 *
 * Method.  Each case is calibrated so that one repetition runs about
 * --ms milliseconds (default 40), warmed up once, then timed --reps times
 * (default 9) with clock_gettime(CLOCK_MONOTONIC) around the whole loop,
 * one-thread and two-thread repetitions alternating so that a noisy host
 * hurts both alike; the median repetition is reported, with the fastest.
 * With two threads, both wait on a barrier, each times its own loop, and
 * the repetition's wall time runs from the earlier start to the later
 * end; the aggregate throughput is 2N pairs over that wall time and
 * "2T/1T" (median over repetitions) divides it by the one-thread
 * throughput of the same repetition: 2.0 is perfect scaling.  The booting
 * thread is modelled CPU 0 and the helper thread, created after the boot,
 * binds to CPU 1 (kernel/sched.c's round-robin), so the two threads use
 * different pcp lists, as two CPUs of the kernel do.  Nothing is touched
 * between alloc and free: what is timed is the allocator.
 *
 * Bypassing the pcp lists for order 0.  Linux 6.12 has no GFP flag for
 * it: rmqueue() always tries the pcp list first for orders 0-3, and the
 * buddy lists serve an order-0 request directly only when the pcp
 * trylock fails.  The kernel's own way of switching the lists off is
 * zone_pcp_disable() (memory offlining and alloc_contig_range use it):
 * it sets every CPU's pcp high and high_min/high_max to 0 and batch to 1
 * and drains the lists, after which every order-0 allocation refills one
 * page under zone->lock and every free drains it straight back.  ukmem
 * does not export zone_pcp_disable(), so this benchmark does exactly
 * what it does through the public struct zone/struct per_cpu_pages
 * (linux/mmzone.h), under each pcp's lock with no other thread inside
 * ukmem, and zone_pcp_enable()'s restore afterwards (bench_pcp_disable()
 * and bench_pcp_enable() below).  Should page_alloc.c export the two
 * kernel functions, these become calls to them.
 *
 * Output: a table per machine configuration, the three targets with
 * PASS/MISS, and one machine-readable line per case and thread count:
 *   BENCH page_alloc init_on_alloc=0 case=order0_pcp order=0 bytes=4096
 *         threads=1 pairs=... reps=9 ns_per_pair=... ns_min=... ns_max=...
 *         mpairs_per_s=... [scaling=...]
 * (one line; wrapped here).  docs/BENCHMARKS.md records results.
 *
 * Usage: bench_page_alloc [--reps N] [--ms MS] [--mem SIZE] [--only0|--only1]
 *                         [--case NAME [--threads T]]
 * --case with --threads runs one case for a long while and prints one line,
 * for `perf record` or `valgrind --tool=callgrind` (bench/README.md).
 */
#include <linux/compiler.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <ukmem/ukmem.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPS 101

enum case_kind {
	CASE_PAGES,
	CASE_MMAP,
	CASE_MMAP_TOUCH,
	CASE_CONTROL
};

struct bench_case {
	const char *name; /* machine-readable */
	const char *label; /* for the table */
	enum case_kind kind;
	unsigned int order;
	bool no_pcp;
	bool anchored; /* hold buddies so that the pair never splits or merges */
};

static const struct bench_case cases[] = {
	{"control_start", "control (ALU loop)", CASE_CONTROL, 0, false, false},
	{"order0_pcp", "order0 pcp", CASE_PAGES, 0, false, false},
	{"order0_nopcp", "order0 no-pcp", CASE_PAGES, 0, true, true},
	{"order0_nopcp_deep", "order0 no-pcp deep", CASE_PAGES, 0, true, false},
	{"order3_pcp", "order3 pcp", CASE_PAGES, 3, false, false},
	{"order4_buddy", "order4 buddy", CASE_PAGES, 4, false, true},
	{"order4_buddy_deep", "order4 buddy deep", CASE_PAGES, 4, false, false},
	{"mmap", "mmap+munmap", CASE_MMAP, 0, false, false},
	{"mmap", "mmap+munmap", CASE_MMAP, 3, false, false},
	{"mmap", "mmap+munmap", CASE_MMAP, 4, false, false},
	{"mmap_touch", "mmap+touch+munmap", CASE_MMAP_TOUCH, 0, false, false},
	{"mmap_touch", "mmap+touch+munmap", CASE_MMAP_TOUCH, 3, false, false},
	{"mmap_touch", "mmap+touch+munmap", CASE_MMAP_TOUCH, 4, false, false},
	{"control_end", "control (ALU loop)", CASE_CONTROL, 0, false, false},
};
#define NR_CASES (sizeof(cases) / sizeof(cases[0]))

struct result {
	double ns[2]; /* median ns per pair, 1 and 2 threads */
	double ns_min[2], ns_max[2];
	double mpairs[2]; /* aggregate million pairs per second */
	double scaling; /* median over repetitions of 2T/1T throughput */
	double scaling_max; /* the best repetition's */
	long pairs; /* per thread per repetition */
};

static int opt_reps = 9;
static int opt_ms = 40;
static const char *opt_mem = "256M";
static const char *opt_case; /* --case: only this one (for profiling) */
static int opt_threads; /* --threads 1|2: that count only, no table */

/* ---- timing ------------------------------------------------------------ */

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n & 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- the loops ------------------------------------------------------- */

static volatile int loop_failed;

static noinline void loop_pages(unsigned int order, long n)
{
	for (long i = 0; i < n; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		if (unlikely(!page)) {
			loop_failed = 1;
			return;
		}
		__free_pages(page, order);
	}
}

static noinline void loop_mmap(size_t size, long n, bool touch)
{
	for (long i = 0; i < n; i++) {
		char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			       0);

		if (unlikely(p == MAP_FAILED)) {
			loop_failed = 1;
			return;
		}
		if (touch)
			for (size_t off = 0; off < size; off += 4096)
				((volatile char *)p)[off] = 1;
		munmap(p, size);
	}
}

/* No memory traffic at all: how well this host runs two threads right now. */
static noinline void loop_control(long n)
{
	unsigned long x = 1;

	for (long i = 0; i < n; i++) {
		for (int k = 0; k < 32; k++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		__asm__ volatile("" : "+r"(x));
	}
}

static void run_case(const struct bench_case *c, long n)
{
	switch (c->kind) {
	case CASE_CONTROL:
		loop_control(n);
		break;
	case CASE_PAGES:
		loop_pages(c->order, n);
		break;
	case CASE_MMAP:
		loop_mmap(PAGE_SIZE << c->order, n, false);
		break;
	case CASE_MMAP_TOUCH:
		loop_mmap(PAGE_SIZE << c->order, n, true);
		break;
	}
}

/* ---- the second thread ----------------------------------------------- */

static pthread_barrier_t start_barrier, end_barrier;
static const struct bench_case *helper_case; /* NULL: exit */
static long helper_n;
static uint64_t helper_t0, helper_t1;
static int helper_cpu = -1;

/*
 * The second thread: binds to the next modelled CPU, then runs whatever
 * case the main thread posts, between the two barriers, until it posts
 * NULL.  Between repetitions it sleeps in the barrier, so a one-thread
 * repetition has the host CPU to itself.
 */
static void *helper_main(void *arg)
{
	(void)arg;
	/* Bind now, before any timed loop: the next CPU round-robin is 1. */
	helper_cpu = smp_processor_id();
	pthread_barrier_wait(&end_barrier);
	for (;;) {
		pthread_barrier_wait(&start_barrier);
		if (!helper_case)
			return NULL;
		helper_t0 = now_ns();
		run_case(helper_case, helper_n);
		helper_t1 = now_ns();
		pthread_barrier_wait(&end_barrier);
	}
}

/* One repetition with @threads threads; returns ns per pair (per thread) and the wall time. */
static double timed_rep(const struct bench_case *c, long n, int threads, double *wall_ns)
{
	uint64_t t0, t1;

	if (threads == 1) {
		t0 = now_ns();
		run_case(c, n);
		t1 = now_ns();
		*wall_ns = (double)(t1 - t0);
		return (double)(t1 - t0) / (double)n;
	}
	helper_case = c;
	helper_n = n;
	pthread_barrier_wait(&start_barrier);
	t0 = now_ns();
	run_case(c, n);
	t1 = now_ns();
	pthread_barrier_wait(&end_barrier);
	*wall_ns = (double)(max(t1, helper_t1) - min(t0, helper_t0));
	return ((double)(t1 - t0) + (double)(helper_t1 - helper_t0)) / 2.0 / (double)n;
}

/* ---- switching the pcp lists off, as zone_pcp_disable() does ------------ */

struct pcp_saved {
	int high_min, high_max, batch;
};
static struct pcp_saved pcp_saved[MAX_NUMNODES * MAX_NR_ZONES];

static void set_pcp_high_and_batch(struct zone *zone, int high_min, int high_max, int batch)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		spin_lock(&pcp->lock);
		pcp->high_min = high_min;
		pcp->high_max = high_max;
		pcp->high = clamp(pcp->high, high_min, high_max);
		pcp->batch = batch;
		spin_unlock(&pcp->lock);
	}
}

static void bench_pcp_disable(void)
{
	struct zone *zone;
	int i = 0;

	for_each_populated_zone(zone) {
		pcp_saved[i].high_min = zone->pageset_high_min;
		pcp_saved[i].high_max = zone->pageset_high_max;
		pcp_saved[i].batch = zone->pageset_batch;
		i++;
		set_pcp_high_and_batch(zone, 0, 0, 1);
	}
	drain_all_pages(NULL);
}

static void bench_pcp_enable(void)
{
	struct zone *zone;
	int i = 0;

	for_each_populated_zone(zone) {
		set_pcp_high_and_batch(zone, pcp_saved[i].high_min, pcp_saved[i].high_max,
				       pcp_saved[i].batch);
		i++;
	}
}

/* ---- the free lists' state at the start of a case ------------------------ */

static struct page *anchor[2];

/*
 * Every case starts from drained pcp lists, i.e. a zone whose free memory
 * is merged back into MAX_PAGE_ORDER blocks.  On such a pristine zone an
 * order-k pair splits a block all the way down from MAX_PAGE_ORDER and
 * merges it all the way back up ("deep" cases: 10 levels for order 0, 6
 * for order 4).  A running kernel's zone is not like that: its buddyinfo
 * has free blocks of every order.  So an "anchored" case first takes
 * three blocks of its order, a1 a2 a3, and frees a2: now two free blocks
 * of the order sit on the list with their buddies (a1, a3) held, and the
 * timed pairs (up to two at a time, one per thread) take and give back
 * those without splitting or merging.
 */
static void case_setup(const struct bench_case *c)
{
	struct page *a2;

	if (c->kind != CASE_PAGES)
		return;
	if (c->no_pcp)
		bench_pcp_disable();
	drain_all_pages(NULL);
	if (!c->anchored)
		return;
	anchor[0] = alloc_pages(GFP_KERNEL, c->order);
	a2 = alloc_pages(GFP_KERNEL, c->order);
	anchor[1] = alloc_pages(GFP_KERNEL, c->order);
	if (!anchor[0] || !a2 || !anchor[1]) {
		fprintf(stderr, "bench_page_alloc: anchor allocation failed\n");
		exit(1);
	}
	__free_pages(a2, c->order);
}

static void case_teardown(const struct bench_case *c)
{
	if (c->kind != CASE_PAGES)
		return;
	if (c->anchored) {
		__free_pages(anchor[0], c->order);
		__free_pages(anchor[1], c->order);
	}
	if (c->no_pcp)
		bench_pcp_enable();
	drain_all_pages(NULL);
}

/* ---- one case -------------------------------------------------------- */

static void measure(const struct bench_case *c, struct result *r)
{
	double ns[2][MAX_REPS], thr[2][MAX_REPS], ratio[MAX_REPS], w;
	long n = 256;
	double trial;

	case_setup(c);
	/* calibrate: grow n until a loop takes a tenth of the target */
	for (;;) {
		uint64_t t0 = now_ns();

		run_case(c, n);
		trial = (double)(now_ns() - t0);
		if (trial * 10 >= opt_ms * 1e6 || n >= (1L << 26))
			break;
		n *= 4;
	}
	n = (long)((double)n * (opt_ms * 1e6) / trial);
	if (n < 100)
		n = 100;
	r->pairs = n;
	/* 1 and 2 threads alternate, so that a noisy host hurts both alike */
	(void)timed_rep(c, n, 1, &w); /* warm-up */
	(void)timed_rep(c, n, 2, &w);
	for (int i = 0; i < opt_reps; i++) {
		for (int t = 1; t <= 2; t++) {
			ns[t - 1][i] = timed_rep(c, n, t, &w);
			thr[t - 1][i] = (double)t * (double)n / w * 1e3; /* Mpairs/s */
		}
		ratio[i] = thr[1][i] / thr[0][i];
	}
	for (int t = 0; t < 2; t++) {
		qsort(ns[t], (size_t)opt_reps, sizeof(ns[t][0]), cmp_double);
		r->ns_min[t] = ns[t][0];
		r->ns_max[t] = ns[t][opt_reps - 1];
		r->ns[t] = median(ns[t], opt_reps);
		r->mpairs[t] = median(thr[t], opt_reps);
	}
	r->scaling = median(ratio, opt_reps);
	qsort(ratio, (size_t)opt_reps, sizeof(ratio[0]), cmp_double);
	r->scaling_max = ratio[opt_reps - 1];
	case_teardown(c);
	if (loop_failed) {
		fprintf(stderr, "bench_page_alloc: %s order %u: allocation failed\n", c->name,
			c->order);
		exit(1);
	}
}

/*
 * --threads: run one case for about --ms x --reps milliseconds with that
 * many threads and print only the mean, for perf record and callgrind.
 */
static void profile_case(const struct bench_case *c)
{
	long n = (long)opt_ms * opt_reps * 1000L; /* pairs if one took 1 us */
	uint64_t t0;
	double w, ns;

	case_setup(c);
	t0 = now_ns();
	run_case(c, 1000);
	n = (long)((double)n * 1e6 / (double)(now_ns() - t0));
	ns = timed_rep(c, n, opt_threads, &w);
	printf("%s order %u, %d thread(s): %ld pairs each, %.2f ns/pair, %.2f Mpairs/s\n", c->name,
	       c->order, opt_threads, n, ns, (double)opt_threads * (double)n / w * 1e3);
	case_teardown(c);
}

/* ---- reporting -------------------------------------------------------- */

static const char *size_str(unsigned int order)
{
	static char buf[4][32];
	static int k;
	char *s = buf[k++ & 3];

	snprintf(s, 32, "%lu KiB", (PAGE_SIZE << order) >> 10);
	return s;
}

static const struct result *find(const struct result *res, const char *name, unsigned int order)
{
	for (size_t i = 0; i < NR_CASES; i++)
		if (!strcmp(cases[i].name, name) && cases[i].order == order)
			return &res[i];
	abort();
}

static const char *verdict(bool ok)
{
	return ok ? "PASS" : "MISS";
}

static int run_config(int init_on_alloc)
{
	struct result res[NR_CASES];
	char cmdline[256];
	int rc;

	snprintf(cmdline, sizeof(cmdline), "mem=%s nr_cpus=2 quiet init_on_alloc=%d", opt_mem,
		 init_on_alloc);
	rc = ukmem_boot(cmdline);
	if (rc) {
		fprintf(stderr, "bench_page_alloc: ukmem_boot(\"%s\") = %d\n", cmdline, rc);
		return 1;
	}
	(void)smp_processor_id(); /* the booting thread is CPU 0 */
	helper_cpu = -1;
	{
		pthread_t th;

		pthread_barrier_init(&start_barrier, NULL, 2);
		pthread_barrier_init(&end_barrier, NULL, 2);
		if (pthread_create(&th, NULL, helper_main, NULL)) {
			fprintf(stderr, "bench_page_alloc: pthread_create failed\n");
			return 1;
		}
		pthread_barrier_wait(&end_barrier);
		if (helper_cpu == smp_processor_id())
			fprintf(stderr, "bench_page_alloc: warning: both threads on CPU %d\n",
				helper_cpu);
		for (size_t i = 0; i < NR_CASES; i++) {
			if (opt_case && strcmp(opt_case, cases[i].name))
				continue;
			if (opt_threads)
				profile_case(&cases[i]);
			else
				measure(&cases[i], &res[i]);
		}
		helper_case = NULL;
		pthread_barrier_wait(&start_barrier);
		pthread_join(th, NULL);
		pthread_barrier_destroy(&start_barrier);
		pthread_barrier_destroy(&end_barrier);
	}

	if (opt_case || opt_threads)
		goto out;
	printf("\n== ukmem_boot(\"%s\"): threads on CPUs %d and %d; median of %d reps ==\n",
	       cmdline, smp_processor_id(), helper_cpu, opt_reps);
	printf("%-18s %7s | %-29s | %-34s\n", "", "", "1 thread", "2 threads (each its own loop)");
	printf("%-18s %7s | %9s %9s %9s | %9s %9s %6s %6s\n", "case", "size", "ns/pair", "min",
	       "Mpairs/s", "ns/pair", "Mpairs/s", "2T/1T", "best");
	for (size_t i = 0; i < NR_CASES; i++) {
		const struct result *r = &res[i];
		const char *size = cases[i].kind == CASE_CONTROL ? "-" : size_str(cases[i].order);

		printf("%-18s %7s | %9.1f %9.1f %9.2f | %9.1f %9.2f %6.2f %6.2f\n", cases[i].label,
		       size, r->ns[0], r->ns_min[0], r->mpairs[0], r->ns[1], r->mpairs[1],
		       r->scaling, r->scaling_max);
	}
	{
		double o0 = find(res, "order0_pcp", 0)->ns[0];
		double o4 = find(res, "order4_buddy", 4)->ns[0];
		double o4d = find(res, "order4_buddy_deep", 4)->ns[0];
		double scale = find(res, "order0_pcp", 0)->scaling;

		printf(init_on_alloc
			       ? "targets (stated for init_on_alloc=0; for reference only here):\n"
			       : "targets:\n");
		printf("  order-0 pcp pair <= 40 ns (1 thread):   %6.1f ns                   %s\n",
		       o0, verdict(o0 <= 40.0));
		printf("  order-4 pair <= 2x order-0 pair:        %6.2fx (%.1f ns)          %s\n",
		       o4 / o0, o4, verdict(o4 <= 2 * o0));
		printf("    same on a pristine zone (deep split): %6.2fx (%.1f ns)          %s\n",
		       o4d / o0, o4d, verdict(o4d <= 2 * o0));
		printf("  2 threads >= 1.6x 1-thread throughput:  %6.2fx (order-0 pcp)      %s"
		       "  [host ceiling: control %.2fx first, %.2fx last]\n",
		       scale, verdict(scale >= 1.6), find(res, "control_start", 0)->scaling,
		       find(res, "control_end", 0)->scaling);
		printf("  versus mmap+munmap of the same size (1 thread): 4 KiB %.0fx, 32 KiB %.0fx,"
		       " 64 KiB %.0fx faster\n",
		       find(res, "mmap", 0)->ns[0] / o0,
		       find(res, "mmap", 3)->ns[0] / find(res, "order3_pcp", 3)->ns[0],
		       find(res, "mmap", 4)->ns[0] / o4);
	}
	for (size_t i = 0; i < NR_CASES; i++) {
		const struct result *r = &res[i];

		for (int t = 0; t < 2; t++) {
			printf("BENCH page_alloc init_on_alloc=%d case=%s order=%u bytes=%lu threads=%d"
			       " pairs=%ld reps=%d ns_per_pair=%.2f ns_min=%.2f ns_max=%.2f"
			       " mpairs_per_s=%.3f",
			       init_on_alloc, cases[i].name, cases[i].order,
			       cases[i].kind == CASE_CONTROL ? 0 : PAGE_SIZE << cases[i].order,
			       t + 1, r->pairs, opt_reps, r->ns[t], r->ns_min[t], r->ns_max[t],
			       r->mpairs[t]);
			if (t)
				printf(" scaling=%.3f scaling_best=%.3f", r->scaling,
				       r->scaling_max);
			printf("\n");
		}
	}

out:
	rc = ukmem_check();
	if (rc || ukmem_pages_in_use()) {
		fprintf(stderr, "bench_page_alloc: ukmem_check() = %d, %lu pages in use\n", rc,
			ukmem_pages_in_use());
		return 1;
	}
	ukmem_shutdown();
	if (ukmem_shutdown_leaked()) {
		fprintf(stderr, "bench_page_alloc: %lu pages leaked\n", ukmem_shutdown_leaked());
		return 1;
	}
	return 0;
}

static void print_machine(void)
{
	char line[256], model[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");
	time_t t = time(NULL);
	char date[64];

	if (f) {
		while (fgets(line, sizeof(line), f)) {
			if (!strncmp(line, "model name", 10)) {
				char *v = strchr(line, ':');

				if (v) {
					snprintf(model, sizeof(model), "%s", v + 2);
					model[strcspn(model, "\n")] = '\0';
				}
				break;
			}
		}
		fclose(f);
	}
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", gmtime(&t));
	printf("bench_page_alloc: %ld CPUs online, %s, %s\n", sysconf(_SC_NPROCESSORS_ONLN), model,
	       date);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_page_alloc [--reps N] [--ms MS] [--mem SIZE] [--only0|--only1]\n"
		"                        [--case C [--threads T]]\n"
		"  --reps N   timed repetitions per case (odd, 1..%d; default 9)\n"
		"  --ms MS    target milliseconds per repetition (default 40)\n"
		"  --mem SIZE machine size, the mem= boot parameter (default 256M)\n"
		"  --only0    only the init_on_alloc=0 machine; --only1 only the default\n"
		"  --case C   only case C: order0_pcp, order0_nopcp, order0_nopcp_deep, order3_pcp,\n"
		"             order4_buddy, order4_buddy_deep, mmap, mmap_touch, control_start\n"
		"  --threads T  with --case: one long run with T threads (1 or 2) and no table,\n"
		"             for perf record / valgrind --tool=callgrind\n",
		MAX_REPS);
	exit(2);
}

int main(int argc, char **argv)
{
	bool do0 = true, do1 = true;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			opt_reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--ms") && i + 1 < argc)
			opt_ms = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--mem") && i + 1 < argc)
			opt_mem = argv[++i];
		else if (!strcmp(argv[i], "--case") && i + 1 < argc)
			opt_case = argv[++i];
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			opt_threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--only0"))
			do1 = false;
		else if (!strcmp(argv[i], "--only1"))
			do0 = false;
		else
			usage();
	}
	if (opt_reps < 1 || opt_reps > MAX_REPS || opt_ms < 1 || opt_threads < 0 || opt_threads > 2)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	print_machine();
	if (do0)
		rc |= run_config(0);
	if (do1)
		rc |= run_config(1);
	return rc;
}
