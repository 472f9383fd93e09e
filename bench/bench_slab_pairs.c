// SPDX-License-Identifier: GPL-2.0
/*
 * bench_slab_pairs.c - the slab pair's parts, and what the caller's code
 * layout does to it (issue 3, section 3; docs/PERFORMANCE.md).
 *
 * bench_slab measures kmalloc(64)+kfree against the malloc family; this
 * one splits the pair to see which half costs what, in one process that
 * boots one machine (init_on_alloc=0):
 *   - kmalloc+kfree, kmalloc+kmem_cache_free, kmem_cache_alloc+kfree and
 *     kmem_cache_alloc+kmem_cache_free on kmalloc-64, and the last on a
 *     cache of its own (SLAB_NO_MERGE): the kmalloc-side and the free-side
 *     costs apart;
 *   - kmem_cache_alloc+kmem_cache_free in two loops that differ only by a
 *     test of the result for NULL: the same calls, another loop layout.
 *     In one build on the project's Zen 5 VM such a pair of loops measured
 *     4.3 and 2.85 ns; in this file's build they measure alike.  Whether
 *     they differ depends on where the code falls, which is the point: a
 *     pair's figure here moves by a few cycles with the layout of code
 *     that has nothing to do with the allocator.
 *
 * Each loop runs --n pairs (default 2,000,000), --reps times (default 7),
 * interleaved; the fastest is printed, in ns per pair.
 * Usage: bench_slab_pairs [--n PAIRS] [--reps N]
 */
#include <linux/gfp.h>
#include <linux/slab.h>
#include <ukmem/ukmem.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags);

#define escape(p) __asm__ volatile("" : : "r"(p) : "memory")

static struct kmem_cache *k64, *own;
static volatile int loop_failed;

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

/* DEFINE_PAIR(name, ALLOC, FREE(p)): n pairs, ns per pair. */
#define DEFINE_PAIR(name, ALLOC, FREE)                      \
	static noinline double name(long n)                 \
	{                                                   \
		uint64_t t0 = now_ns();                     \
                                                            \
		for (long i = 0; i < n; i++) {              \
			void *p = ALLOC;                    \
                                                            \
			escape(p);                          \
			FREE;                               \
		}                                           \
		return (double)(now_ns() - t0) / (double)n; \
	}

DEFINE_PAIR(kmalloc_kfree, kmalloc(64, GFP_KERNEL), kfree(p))
DEFINE_PAIR(kmalloc_cache_free, kmalloc(64, GFP_KERNEL), kmem_cache_free(k64, p))
DEFINE_PAIR(cache_alloc_kfree, kmem_cache_alloc(k64, GFP_KERNEL), kfree(p))
DEFINE_PAIR(cache_pair_k64, kmem_cache_alloc(k64, GFP_KERNEL), kmem_cache_free(k64, p))
DEFINE_PAIR(cache_pair_own, kmem_cache_alloc(own, GFP_KERNEL), kmem_cache_free(own, p))

/* cache_pair_own again, with the NULL test bench_slab's loops have */
static noinline double cache_pair_own_tested(long n)
{
	uint64_t t0 = now_ns();

	for (long i = 0; i < n; i++) {
		void *p = kmem_cache_alloc(own, GFP_KERNEL);

		if (unlikely(!p)) {
			loop_failed = 1;
			break;
		}
		escape(p);
		kmem_cache_free(own, p);
	}
	return (double)(now_ns() - t0) / (double)n;
}

static const struct {
	const char *name;
	double (*run)(long n);
} loops[] = {
	{"kmalloc(64) + kfree", kmalloc_kfree},
	{"kmalloc(64) + kmem_cache_free", kmalloc_cache_free},
	{"kmem_cache_alloc + kfree (kmalloc-64)", cache_alloc_kfree},
	{"kmem_cache pair (kmalloc-64)", cache_pair_k64},
	{"kmem_cache pair (own cache)", cache_pair_own},
	{"kmem_cache pair (own cache), NULL-tested loop", cache_pair_own_tested},
};
#define NR_LOOPS (sizeof(loops) / sizeof(loops[0]))

int main(int argc, char **argv)
{
	long n = 2000000;
	int reps = 7;
	double best[NR_LOOPS];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--n") && i + 1 < argc) {
			n = atol(argv[++i]);
		} else if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
			reps = atoi(argv[++i]);
		} else {
			fprintf(stderr, "usage: %s [--n PAIRS] [--reps N]\n", argv[0]);
			return 2;
		}
	}
	if (n < 1 || reps < 1)
		return 2;
	if (ukmem_boot("mem=256M nr_cpus=2 quiet init_on_alloc=0")) {
		fprintf(stderr, "bench_slab_pairs: ukmem_boot failed\n");
		return 1;
	}
	k64 = kmalloc_slab(64, GFP_KERNEL);
	own = kmem_cache_create("pairs-own", 64, 0, SLAB_NO_MERGE, NULL);
	if (!k64 || !own)
		return 1;
	for (int r = 0; r < reps; r++)
		for (unsigned int l = 0; l < NR_LOOPS; l++) {
			double ns = loops[l].run(n);

			if (!r || ns < best[l])
				best[l] = ns;
		}
	printf("| pair (64 B, init_on_alloc=0) | ns, fastest of %d x %ld |\n|---|---:|\n", reps, n);
	for (unsigned int l = 0; l < NR_LOOPS; l++)
		printf("| %s | %.2f |\n", loops[l].name, best[l]);
	for (unsigned int l = 0; l < NR_LOOPS; l++)
		printf("BENCH slab_pairs loop=%u ns=%.2f\n", l, best[l]);
	kmem_cache_destroy(own);
	ukmem_shutdown();
	return loop_failed;
}
