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
 *   - the pair model of bench/floor/pair_model.c, a shared library of its
 *     own: empty calls, then a bare thread-cache pop and push, then the
 *     same with each of the fast path's checks added in turn.  What the
 *     checks cost on this machine, with no allocator around them.
 *
 * Built twice: bench_slab_pairs calls through the GOT (-fno-plt) with its
 * loops 64-byte aligned, which gives the same figures from one process
 * to the next; bench_slab_pairs_plt calls through PLT stubs, where on the
 * project's Zen 5 VM each pair lands at about 2.6 ns in some processes
 * and 3.5 ns in others, whichever pair it is (docs/PERFORMANCE.md).
 *
 * Each loop runs --n pairs (default 2,000,000), --reps times (default 7),
 * interleaved; the fastest is printed, in ns per pair.
 * Usage: bench_slab_pairs [--n PAIRS] [--reps N]
 */
#include <linux/gfp.h>
#include <linux/slab.h>
#include <ukmem/ukmem.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "floor/pair_model.h"

struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags);

#define escape(p) __asm__ volatile("" : : "r"(p) : "memory")

static struct kmem_cache *k64, *own;
static struct pm_cache *pm;
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

DEFINE_PAIR(model_empty, pm_empty_alloc(pm), pm_empty_free(pm, p))
DEFINE_PAIR(model_bare, pm_pop(pm), pm_push(pm, p))
DEFINE_PAIR(model_hs, pm_pop_hs(pm), pm_push_hs(pm, p))
DEFINE_PAIR(model_lookup, pm_pop_hs(pm), pm_push_lookup(pm, p))
DEFINE_PAIR(model_start, pm_pop_hs(pm), pm_push_start(pm, p))
DEFINE_PAIR(model_checked, pm_pop_hs(pm), pm_push_checked(pm, p))

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

/*
 * Whether the model's checks are real: an interior pointer, a pointer past
 * the arena and the object on top of the bin are refused, the object
 * itself is taken back.
 */
static bool model_refuses(struct pm_cache *m)
{
	char *p = pm_pop_hs(m);
	unsigned int n = pm_count(m);

	if (!p)
		return false;
	pm_push_checked(m, p + 8);
	pm_push_checked(m, p + (1L << 20));
	pm_push_start(m, p + 1);
	pm_push_lookup(m, p + (1L << 20));
	if (pm_count(m) != n)
		return false;
	pm_push_checked(m, p);
	pm_push_checked(m, p);
	return pm_count(m) == n + 1;
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
	{"model 0: two empty calls", model_empty},
	{"model 1: bare thread-cache pop + push", model_bare},
	{"model 2: + busy/remote handshake", model_hs},
	{"model 3: + arena bound, page entry, bin compare", model_lookup},
	{"model 4: + object-start test", model_start},
	{"model 5: + naive double-free test (kmem_cache_free's checks)", model_checked},
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
	pm = pm_setup();
	if (!k64 || !own || !pm)
		return 1;
	unsigned int pm_objects = pm_count(pm);

	if (!model_refuses(pm)) {
		fprintf(stderr, "bench_slab_pairs: the model's checks let a bad pointer through\n");
		return 1;
	}

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
	if (pm_count(pm) != pm_objects) {
		fprintf(stderr, "bench_slab_pairs: the model refused a free (%u objects, was %u)\n",
			pm_count(pm), pm_objects);
		loop_failed = 1;
	}
	kmem_cache_destroy(own);
	ukmem_shutdown();
	return loop_failed;
}
