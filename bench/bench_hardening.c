// SPDX-License-Identifier: GPL-2.0
/*
 * bench_hardening.c - what each slab hardening switch costs on the kmalloc
 * fast path (issue 5, section 7).
 *
 * One process boots one machine per configuration, in turn, and times the
 * kmalloc(64)+kfree pair, the kmalloc(64) x 1000 then kfree x 1000
 * pattern, and the pair with GFP_KERNEL_ACCOUNT (kmalloc-cg-64, which
 * kmalloc's front leaves to its slow side) on each: the baseline (init_on_alloc=0, everything else at its
 * default: SLAB_FREELIST_HARDENED and SLAB_FREELIST_RANDOM on, random
 * kmalloc caches off), then one switch changed at a time.  The
 * configurations are interleaved round by round (--rounds, default 7) and
 * the median round is printed with its ratio to the baseline, so a noisy
 * host hurts all of them alike.
 *
 * Output: a Markdown table and one "BENCH hardening ..." line per
 * configuration.  Usage: bench_hardening [--rounds N] [--n PAIRS]
 */
#include <linux/gfp.h>
#include <linux/slab.h>
#include <ukmem/ukmem.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ROUNDS 31

static const struct {
	const char *name, *cmdline;
} configs[] = {
	{"baseline (hardened, random free lists)", "mem=256M nr_cpus=2 quiet init_on_alloc=0"},
	{"ukmem.slab_freelist_hardened=0",
	 "mem=256M nr_cpus=2 quiet init_on_alloc=0 ukmem.slab_freelist_hardened=0"},
	{"ukmem.slab_freelist_random=0",
	 "mem=256M nr_cpus=2 quiet init_on_alloc=0 ukmem.slab_freelist_random=0"},
	{"ukmem.random_kmalloc_caches=1",
	 "mem=256M nr_cpus=2 quiet init_on_alloc=0 ukmem.random_kmalloc_caches=1"},
	{"init_on_free=1", "mem=256M nr_cpus=2 quiet init_on_alloc=0 init_on_free=1"},
	{"init_on_alloc=1 (the default)", "mem=256M nr_cpus=2 quiet"},
};
#define NR_CONFIGS (sizeof(configs) / sizeof(configs[0]))

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double pair_ns(unsigned long n, gfp_t gfp)
{
	double t = now_ns();

	for (unsigned long i = 0; i < n; i++) {
		void *p = kmalloc(64, gfp);

		__asm__ volatile("" : : "r"(p) : "memory");
		kfree(p);
	}
	return (now_ns() - t) / (double)n;
}

static double window_ns(unsigned long n)
{
	static void *p[1000];
	unsigned long loops = n / 1000 + 1;
	double t = now_ns();

	for (unsigned long l = 0; l < loops; l++) {
		for (int i = 0; i < 1000; i++)
			p[i] = kmalloc(64, GFP_KERNEL);
		for (int i = 0; i < 1000; i++)
			kfree(p[i]);
	}
	return (now_ns() - t) / (double)(loops * 1000);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static double pair[NR_CONFIGS][MAX_ROUNDS], win[NR_CONFIGS][MAX_ROUNDS],
		acct[NR_CONFIGS][MAX_ROUNDS];
	unsigned long n = 2000000;
	int rounds = 7;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--n") && i + 1 < argc)
			n = strtoul(argv[++i], NULL, 0);
		else {
			fprintf(stderr, "usage: %s [--rounds N] [--n PAIRS]\n", argv[0]);
			return 2;
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || !n) {
		fprintf(stderr, "bad arguments\n");
		return 2;
	}
	for (int r = 0; r < rounds; r++) {
		for (size_t c = 0; c < NR_CONFIGS; c++) {
			if (ukmem_boot(configs[c].cmdline)) {
				fprintf(stderr, "ukmem_boot(\"%s\") failed\n", configs[c].cmdline);
				return 1;
			}
			pair_ns(n / 10, GFP_KERNEL); /* warm-up: the thread cache fills */
			pair[c][r] = pair_ns(n, GFP_KERNEL);
			win[c][r] = window_ns(n);
			pair_ns(n / 10, GFP_KERNEL_ACCOUNT);
			acct[c][r] = pair_ns(n, GFP_KERNEL_ACCOUNT);
			ukmem_shutdown();
		}
	}
	for (size_t c = 0; c < NR_CONFIGS; c++) {
		qsort(pair[c], (size_t)rounds, sizeof(double), cmp_double);
		qsort(win[c], (size_t)rounds, sizeof(double), cmp_double);
		qsort(acct[c], (size_t)rounds, sizeof(double), cmp_double);
	}
	printf("| configuration | kmalloc(64)+kfree ns | vs baseline | 1000 x kmalloc(64), then 1000 kfree, ns per object | vs baseline | GFP_KERNEL_ACCOUNT pair ns | vs baseline |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|\n");
	for (size_t c = 0; c < NR_CONFIGS; c++) {
		double p = pair[c][rounds / 2], w = win[c][rounds / 2], a = acct[c][rounds / 2];

		printf("| %s | %.1f | %.2fx | %.1f | %.2fx | %.1f | %.2fx |\n", configs[c].name, p,
		       p / pair[0][rounds / 2], w, w / win[0][rounds / 2], a,
		       a / acct[0][rounds / 2]);
	}
	for (size_t c = 0; c < NR_CONFIGS; c++)
		printf("BENCH hardening config=\"%s\" pair_ns=%.2f window_ns=%.2f acct_pair_ns=%.2f rounds=%d\n",
		       configs[c].name, pair[c][rounds / 2], win[c][rounds / 2],
		       acct[c][rounds / 2], rounds);
	return 0;
}
