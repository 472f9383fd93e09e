// SPDX-License-Identifier: GPL-2.0
/*
 * test_page_stress.c - many threads allocating and freeing at random, a
 * million operations, then the machine must be exactly as booted.
 *
 * Each thread keeps a bounded set of live allocations and, at random,
 * allocates (orders 0..10 weighted to the small ones, flags drawn from
 * GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, plus __GFP_ZERO and
 * __GFP_COMP) or frees one of them.  Every page of a block gets a tag (the
 * thread, the allocation's serial number and the page's index) in its
 * first and last word when it is handed out, and the tags are verified
 * before the block is freed: a page handed out twice, or one that the
 * allocator wrote into while it was allocated, breaks a tag.  A __GFP_ZERO
 * block is checked to be zero where the tags will go, and a __GFP_COMP
 * block to be a compound page of its order.  Some blocks change hands
 * through a shared pool and are freed by another thread (another modelled
 * CPU, another pcp list); compound blocks are sometimes released through a
 * tail page with put_page().  One run has a third thread calling
 * drain_all_pages() all along, emptying the workers' pcp lists under them.
 *
 * The threads never call Criterion's asserts (they count errors, which
 * the main thread asserts on).  At the end: ukmem_check() == 0 with the
 * pcp lists still full, then everything freed, the pcp lists drained, and
 * /proc/buddyinfo equal to the freshly booted one.
 *
 * The machine (256M) is large enough that the fast path never fails, so
 * no high-order atomic request reserves a HighAtomic pageblock (6.12 keeps
 * such a reserve until memory runs short, and its blocks would not merge
 * back across pageblocks).  init_on_alloc=0 for the million-operation run
 * (__GFP_ZERO still clears); another run keeps the default init_on_alloc=1,
 * where every block is cleared.
 *
 * Timing on 2 cores: each million-operation run takes 0.5-1.5 s.
 */
#include "helpers/ukmem_test.h"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <linux/gfp.h>
#include <linux/mm.h>

#define LIVE_MAX 64
#define POOL_MAX 64

struct block {
	struct page *page;
	unsigned int order;
	bool comp;
	unsigned long tag;
};

struct worker {
	pthread_t thread;
	int id;
	unsigned long ops;
	u64 rng;
	/* results */
	unsigned long allocs, frees, failures, errors;
	unsigned long handed_over, taken_over;
	char first_error[160];
};

static struct {
	pthread_mutex_t lock;
	struct block v[POOL_MAX];
	int n;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER};

static u64 next_rand(struct worker *w)
{
	/* xorshift64* */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545F4914F6CDD1DULL;
}

/* Orders 0..10, weighted to the small ones (per mille). */
static unsigned int pick_order(struct worker *w)
{
	static const unsigned int cumul[NR_PAGE_ORDERS] = {
		450, 600, 720, 820, 880, 920, 950, 970, 985, 995, 1000,
	};
	unsigned int r = (unsigned int)(next_rand(w) % 1000);

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		if (r < cumul[o])
			return o;
	return 0;
}

static gfp_t pick_gfp(struct worker *w)
{
	static const gfp_t base[] = {GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE};
	u64 r = next_rand(w);
	gfp_t gfp = base[r % 3];

	if ((r >> 8) % 8 == 0)
		gfp |= __GFP_ZERO;
	if ((r >> 16) % 3 == 0)
		gfp |= __GFP_COMP;
	return gfp | __GFP_NOWARN;
}

static void error(struct worker *w, const char *what, const struct block *b, unsigned long i)
{
	if (!w->errors++)
		snprintf(w->first_error, sizeof(w->first_error),
			 "thread %d: %s: pfn %#lx order %u page %lu", w->id, what,
			 page_to_pfn(b->page), b->order, i);
}

static unsigned long *page_words(const struct block *b, unsigned long i)
{
	return (unsigned long *)page_address(b->page + i);
}

#define LAST_WORD (PAGE_SIZE / sizeof(unsigned long) - 1)

static void tag_block(struct worker *w, struct block *b, gfp_t gfp)
{
	unsigned long nr = 1UL << b->order;

	if (b->comp && b->order) {
		if (!PageHead(b->page) || compound_order(b->page) != b->order ||
		    compound_head(b->page + nr - 1) != b->page)
			error(w, "__GFP_COMP block is not a compound page of its order", b, 0);
	}
	if (page_ref_count(b->page) != 1)
		error(w, "new block's refcount is not 1", b, 0);
	for (unsigned long i = 0; i < nr; i++) {
		unsigned long *words = page_words(b, i);

		if (!words) {
			error(w, "lowmem page without an address", b, i);
			continue;
		}
		if ((gfp & __GFP_ZERO) && (words[0] || words[LAST_WORD] || words[LAST_WORD / 2]))
			error(w, "__GFP_ZERO page is not zero", b, i);
		words[0] = b->tag ^ i;
		words[LAST_WORD] = ~(b->tag ^ i);
	}
}

static void check_block(struct worker *w, const struct block *b)
{
	for (unsigned long i = 0; i < (1UL << b->order); i++) {
		unsigned long *words = page_words(b, i);

		if (words[0] != (b->tag ^ i) || words[LAST_WORD] != ~(b->tag ^ i)) {
			error(w, "tag overwritten: the page was handed out twice", b, i);
			return;
		}
	}
}

static void release(struct worker *w, struct block *b)
{
	check_block(w, b);
	if (b->comp && b->order && (next_rand(w) & 1))
		put_page(b->page + (next_rand(w) % (1UL << b->order)));
	else
		__free_pages(b->page, b->order);
	w->frees++;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct block live[LIVE_MAX];
	int n = 0;
	unsigned long serial = 0;

	for (unsigned long op = 0; op < w->ops; op++) {
		u64 r = next_rand(w);
		bool alloc = n == 0 || (n < LIVE_MAX && (r & 1));

		if (alloc && (r >> 1) % 32 == 0) {
			/* take a block another thread left in the pool and free it here */
			struct block b;
			bool got = false;

			pthread_mutex_lock(&pool.lock);
			if (pool.n) {
				b = pool.v[--pool.n];
				got = true;
			}
			pthread_mutex_unlock(&pool.lock);
			if (got) {
				release(w, &b);
				w->taken_over++;
				continue;
			}
		}
		if (alloc) {
			gfp_t gfp = pick_gfp(w);
			struct block *b = &live[n];

			b->order = pick_order(w);
			b->comp = gfp & __GFP_COMP;
			b->page = alloc_pages(gfp, b->order);
			if (!b->page) {
				w->failures++;
				continue;
			}
			b->tag = ((unsigned long)w->id << 56) ^ (++serial << 12) ^ 0x5a5a5a5aUL;
			tag_block(w, b, gfp);
			w->allocs++;
			n++;
		} else {
			int i = (int)((r >> 1) % (u64)n);
			struct block b = live[i];

			live[i] = live[--n];
			if ((r >> 20) % 32 == 0) {
				bool kept = false;

				check_block(w, &b);
				pthread_mutex_lock(&pool.lock);
				if (pool.n < POOL_MAX) {
					pool.v[pool.n++] = b;
					kept = true;
				}
				pthread_mutex_unlock(&pool.lock);
				if (kept) {
					w->handed_over++;
					continue;
				}
			}
			release(w, &b);
		}
	}
	while (n)
		release(w, &live[--n]);
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile bool drainer_stop;

/* Drains every CPU's pcp lists while the workers use them. */
static void *drainer_main(void *arg)
{
	unsigned long *rounds = arg;

	while (!__atomic_load_n(&drainer_stop, __ATOMIC_RELAXED)) {
		drain_all_pages(NULL);
		(*rounds)++;
		if (*rounds % 64 == 0)
			sched_yield();
	}
	return NULL;
}

static void stress_drain(const char *cmdline, int nr_threads, unsigned long total_ops, bool drainer)
{
	struct worker w[16];
	unsigned long allocs = 0, frees = 0, failures = 0, over = 0;
	char *boot_bi, *bi;
	double t0, secs;
	pthread_t drain_thread;
	unsigned long drain_rounds = 0;

	cr_assert_leq(nr_threads, 16);
	ut_boot(cmdline);
	boot_bi = ut_read("/proc/buddyinfo");
	pool.n = 0;

	t0 = now();
	drainer_stop = false;
	if (drainer)
		cr_assert_eq(pthread_create(&drain_thread, NULL, drainer_main, &drain_rounds), 0);
	for (int i = 0; i < nr_threads; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].ops = total_ops / (unsigned long)nr_threads;
		w[i].rng = 0x9E3779B97F4A7C15ULL * (u64)(i + 1);
		cr_assert_eq(pthread_create(&w[i].thread, NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < nr_threads; i++)
		pthread_join(w[i].thread, NULL);
	if (drainer) {
		__atomic_store_n(&drainer_stop, true, __ATOMIC_RELAXED);
		pthread_join(drain_thread, NULL);
		cr_log_info("drain_all_pages ran %lu times during the stress", drain_rounds);
	}
	secs = now() - t0;

	for (int i = 0; i < nr_threads; i++) {
		cr_assert_eq(w[i].errors, 0, "%lu errors; first: %s", w[i].errors,
			     w[i].first_error);
		allocs += w[i].allocs;
		frees += w[i].frees;
		failures += w[i].failures;
		over += w[i].taken_over;
	}
	cr_log_info(
		"%s, %d threads: %lu ops in %.2f s (%lu allocs, %lu frees, %lu failed, %lu freed by another thread)",
		cmdline, nr_threads, total_ops, secs, allocs, frees, failures, over);

	/* the pcp lists are full of pages: consistent as they are */
	cr_assert_eq(ukmem_check(), 0, "inconsistent after the stress");
	/* blocks still in the pool */
	{
		struct worker main_w = {.id = 99, .rng = 1};

		while (pool.n)
			release(&main_w, &pool.v[--pool.n]);
		cr_assert_eq(main_w.errors, 0, "%s", main_w.first_error);
		frees += main_w.frees;
	}
	cr_assert_eq(allocs, frees);
	cr_assert_lt(failures, allocs / 1000 + 1, "%lu of %lu allocations failed", failures,
		     allocs);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	cr_assert_eq(ukmem_check(), 0);
	drain_all_pages(NULL);
	bi = ut_read("/proc/buddyinfo");
	cr_assert_str_eq(bi, boot_bi, "buddyinfo after the stress:\n%s\nat boot:\n%s", bi, boot_bi);
	free(bi);
	free(boot_bi);
	ut_end();
}

static void stress(const char *cmdline, int nr_threads, unsigned long total_ops)
{
	stress_drain(cmdline, nr_threads, total_ops, false);
}

Test(stress, million_ops_2_threads, .timeout = 120)
{
	stress("mem=256M nr_cpus=2 init_on_alloc=0", 2, 1000000);
}

/* More threads than modelled CPUs: pcp lists shared, their trylock contended. */
Test(stress, million_ops_4_threads_on_2_cpus, .timeout = 120)
{
	stress("mem=256M nr_cpus=2 init_on_alloc=0", 4, 1000000);
}

/* The default init_on_alloc=1: every block is cleared as it is handed out. */
Test(stress, init_on_alloc_default, .timeout = 120)
{
	stress("mem=256M nr_cpus=2", 2, 1000000);
}

/* Two nodes, four CPUs: the zonelist falls back across nodes. */
Test(stress, numa_2_nodes, .timeout = 120)
{
	stress("mem=256M nr_cpus=4 numa=fake=2 init_on_alloc=0", 4, 400000);
}

/* drain_all_pages() from a third thread empties the workers' pcp lists under them. */
Test(stress, with_concurrent_drain_all_pages, .timeout = 120)
{
	stress_drain("mem=256M nr_cpus=3 init_on_alloc=0", 2, 500000, true);
}
