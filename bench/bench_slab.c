// SPDX-License-Identifier: GPL-2.0
/*
 * bench_slab.c - kmalloc/kfree and kmem_cache_alloc/free against the
 * host's malloc family (issue 3, section 3).
 *
 * One driver, several processes.  The parent re-executes itself
 * (/proc/self/exe) once per allocator and round, with BENCH_SLAB_CHILD
 * naming the allocator and, for a malloc peer, LD_PRELOAD naming Debian's
 * shared library (libjemalloc.so.2, libmimalloc.so.2,
 * libtcmalloc_minimal.so.4, looked up at run time; a missing one is
 * skipped with a note).  Each child runs every workload once after a
 * warm-up and prints one line per result; the parent runs --rounds rounds
 * (default 7), each with the allocators in a rotated order so that a noisy
 * stretch of the host does not land on one allocator only, and reports the
 * median round.  Within a child each workload runs once to warm up and
 * then three times (--timed N: N times); the fastest is the child's
 * figure.
 * BENCH_SLAB_LIBDIR names a directory searched first for the libraries.  Every allocator thus runs in a fresh process: one
 * allocator's heap state never leaks into another's figures.
 *
 * The children:
 *   glibc, jemalloc, mimalloc, tcmalloc  malloc()/free() (the preloaded one)
 *   ukmem0  ukmem_boot("mem=256M nr_cpus=2 quiet init_on_alloc=0"):
 *           kmalloc()/kfree() and kmem_cache_alloc()/kmem_cache_free(),
 *           and the bulk API; the ratios and targets are taken from this
 *   ukmem1  the same on the default init_on_alloc=1 (objects zeroed)
 *
 * The workloads (fixed seeds; nothing is touched between alloc and free,
 * so what is timed is the allocator):
 *   a<size>  alloc+free of one object, repeated, for 16..8192 bytes
 *   b        1000 allocations of 64 bytes, then the 1000 frees in the same
 *            order, repeated
 *   c        a window of 1024 live objects of random size 16..1024: each
 *            step frees a random slot and refills it (xorshift, fixed seed)
 *   d        two threads: the producer allocates 64 bytes and pushes the
 *            pointer into a bounded single-producer single-consumer ring
 *            of 256 slots (published in batches of 32, see below), the
 *            consumer pops and frees.  Under ukmem the
 *            consumer is modelled CPU 1 and the producer CPU 0, so every
 *            free is a remote free, as two CPUs of the kernel would do it
 *   e<n>     (ukmem only) kmem_cache_alloc_bulk() + kmem_cache_free_bulk()
 *            of n objects of a 64-byte cache, n = 1..128
 * Every figure is ns per object allocated and freed (one alloc + one
 * free); for d it is the wall time of the pair of threads over the
 * number of objects.  The loops are generated from one template per
 * allocator (direct calls, no function pointers), and each pointer is
 * passed to an empty asm so that the compiler cannot drop a malloc/free
 * pair it can see through.
 *
 * kmem_cache variants: a cache of each size of (a), and of 64 bytes for
 * (b), (d) and (e), created after the boot.  They may merge with the
 * kmalloc cache of their size, as in the kernel; the call path
 * (no size-to-cache lookup) is what differs.
 *
 * Memory: the ukmem children read Slab: from /proc/meminfo
 * (ukmem_proc_read) right after the boot, and again after everything was
 * freed, the benchmark's own caches destroyed and kmem_cache_shrink() run
 * on every cache on slab_caches (walked under slab_mutex, shrunk after it
 * is dropped).  The target is the second figure within 1% of the first.
 *
 * Output: the Markdown tables (ns per object and the ratio to mimalloc),
 * the targets with PASS/MISS, and one line per result for scripts:
 *   BENCH slab alloc=mimalloc api=malloc workload=a64 ns=... rounds=7
 * docs/PERFORMANCE.md records results.
 *
 * Usage: bench_slab [--rounds N] [--n OBJECTS] [--timed N] [--only NAME[,NAME...]]
 *                   [--workloads W[,W...]]
 * --only keeps those allocators (glibc, jemalloc, mimalloc, tcmalloc,
 * ukmem0, ukmem1), --workloads those workloads (a16 ... a8192, b, c, d,
 * e1 ... e128); the tables show "-" or 0 for what was left out.
 *        bench_slab --child NAME   (run one child here and print its lines)
 * bench_slab is built with -fno-plt and -falign-loops=64: every allocator,
 * the peers included, is called through the GOT, from loops that start on
 * a 64-byte boundary.  Through PLT stubs a pair's figure jumped between
 * about 2.6 and 3.5 ns from one process to the next on the project's VM,
 * for any allocator (bench_slab_pairs_plt shows it); bench_slab_plt is
 * this driver with the default calls, for comparison.
 * For a profile, BENCH_SLAB_LOOP=<workload> makes a child run only that
 * workload, 20 times, and BENCH_SLAB_API=kmalloc|cache only that API:
 *   BENCH_SLAB_LOOP=a64 BENCH_SLAB_API=kmalloc perf record -g \
 *       build/bench/bench_slab --child ukmem0
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/compiler.h>

#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <ukmem/ukmem.h>

#include "mm/slab.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_ROUNDS 31
#define CHILD_ENV "BENCH_SLAB_CHILD"

/* ---- allocators and workloads -------------------------------------------- */

struct allocator {
	const char *name;
	const char *lib; /* soname to preload, NULL for none */
	const char *probe; /* a symbol only that library defines */
	const char *path; /* found at run time */
	bool present;
};

static struct allocator allocators[] = {
	{"glibc", NULL, NULL, NULL, true},
	{"jemalloc", "libjemalloc.so.2", "mallctl", NULL, false},
	{"mimalloc", "libmimalloc.so.2", "mi_malloc", NULL, false},
	{"tcmalloc", "libtcmalloc_minimal.so.4", "tc_malloc", NULL, false},
	{"ukmem0", NULL, NULL, NULL, true},
	{"ukmem1", NULL, NULL, NULL, true},
};
#define NR_ALLOCATORS ARRAY_SIZE(allocators)

/* Table columns: an allocator and the API it was called through. */
struct column {
	const char *alloc, *api, *label;
};

static const struct column columns[] = {
	{"glibc", "malloc", "glibc"},		{"jemalloc", "malloc", "jemalloc"},
	{"mimalloc", "malloc", "mimalloc"},	{"tcmalloc", "malloc", "tcmalloc"},
	{"ukmem0", "kmalloc", "kmalloc ioa=0"}, {"ukmem0", "cache", "kmem_cache ioa=0"},
	{"ukmem1", "kmalloc", "kmalloc ioa=1"}, {"ukmem1", "cache", "kmem_cache ioa=1"},
};
#define NR_COLUMNS ARRAY_SIZE(columns)

/* a<size>: the pair at that size; e<n>: bulk of n (ukmem's kmem_cache only) */
static const char *const workloads[] = {
	"a16", "a64", "a256", "a1024", "a4096", "a8192", "b",	"c",	"d",
	"e1",  "e2",  "e4",   "e8",    "e16",	"e32",	 "e64", "e128",
};
#define NR_WORKLOADS ARRAY_SIZE(workloads)

static const char *const workload_label[] = {
	"(a) alloc+free 16 B",
	"(a) alloc+free 64 B",
	"(a) alloc+free 256 B",
	"(a) alloc+free 1024 B",
	"(a) alloc+free 4096 B",
	"(a) alloc+free 8192 B",
	"(b) 1000 x 64 B, then 1000 frees",
	"(c) random 16..1024 B, 1024 live",
	"(d) 2 threads, producer -> consumer, 64 B",
	"(e) bulk 1",
	"(e) bulk 2",
	"(e) bulk 4",
	"(e) bulk 8",
	"(e) bulk 16",
	"(e) bulk 32",
	"(e) bulk 64",
	"(e) bulk 128",
};

static long opt_n = 500000; /* objects per timed run */
static int opt_rounds = 7;

/* ---- timing --------------------------------------------------------------- */

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

/* Keeps @p alive: the compiler must assume the empty asm reads it. */
#define escape(p) __asm__ volatile("" : : "r"(p) : "memory")

static inline uint64_t xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

/* ---- the two-thread ring (d) ----------------------------------------------- */

/*
 * A bounded single-producer single-consumer ring.  Each side publishes its
 * index only every RING_BATCH objects (and the producer once more at the
 * end), and re-reads the other side's index only when it has run out: the
 * ring's own cache-line traffic is then a few transfers per 32 objects,
 * small next to what is measured, the allocators' cross-thread free.
 * With every object published at once, the figure was dominated by the
 * ring (two line transfers per object) and moved by 3x from run to run.
 */
#define RING_SLOTS 256
#define RING_BATCH 32

static struct {
	_Alignas(64) void *slot[RING_SLOTS];
	_Alignas(64) atomic_ulong head; /* published by the producer */
	_Alignas(64) atomic_ulong tail; /* published by the consumer */
	_Alignas(64) unsigned long p_head, p_tail_seen; /* the producer's own */
	_Alignas(64) unsigned long c_tail, c_head_seen; /* the consumer's own */
} ring;

static pthread_barrier_t start_barrier, end_barrier;
static void (*consumer_fn)(long n); /* NULL: exit */
static long consumer_n;

static inline void spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ volatile("" ::: "memory");
#endif
}

/*
 * Spin a while, then yield: with two threads on a 2-CPU host that also runs
 * other work, a thread spinning on a descheduled partner would otherwise
 * burn its whole time slice.
 */
static inline void ring_wait(unsigned int *spins)
{
	if (++*spins < 4096) {
		spin_pause();
	} else {
		*spins = 0;
		sched_yield();
	}
}

/* Called by each side at the start of a run; the ring is empty then. */
static void ring_producer_start(void)
{
	ring.p_head = atomic_load_explicit(&ring.head, memory_order_relaxed);
	ring.p_tail_seen = atomic_load_explicit(&ring.tail, memory_order_acquire);
}

static void ring_consumer_start(void)
{
	ring.c_tail = atomic_load_explicit(&ring.tail, memory_order_relaxed);
	ring.c_head_seen = atomic_load_explicit(&ring.head, memory_order_acquire);
}

static inline void ring_push(void *p)
{
	unsigned int spins = 0;

	while (ring.p_head - ring.p_tail_seen >= RING_SLOTS) {
		ring.p_tail_seen = atomic_load_explicit(&ring.tail, memory_order_acquire);
		if (ring.p_head - ring.p_tail_seen >= RING_SLOTS)
			ring_wait(&spins);
	}
	ring.slot[ring.p_head % RING_SLOTS] = p;
	if (++ring.p_head % RING_BATCH == 0)
		atomic_store_explicit(&ring.head, ring.p_head, memory_order_release);
}

static void ring_producer_flush(void)
{
	atomic_store_explicit(&ring.head, ring.p_head, memory_order_release);
}

static inline void *ring_pop(void)
{
	unsigned int spins = 0;
	void *p;

	while (ring.c_tail == ring.c_head_seen) {
		ring.c_head_seen = atomic_load_explicit(&ring.head, memory_order_acquire);
		if (ring.c_tail == ring.c_head_seen)
			ring_wait(&spins);
	}
	p = ring.slot[ring.c_tail % RING_SLOTS];
	if (++ring.c_tail % RING_BATCH == 0)
		atomic_store_explicit(&ring.tail, ring.c_tail, memory_order_release);
	return p;
}

static void ring_consumer_flush(void)
{
	atomic_store_explicit(&ring.tail, ring.c_tail, memory_order_release);
}

static bool child_is_ukmem;

static void *consumer_main(void *arg)
{
	(void)arg;
	/* Under ukmem, bind now: the next modelled CPU round-robin is CPU 1. */
	if (child_is_ukmem)
		(void)smp_processor_id();
	for (;;) {
		pthread_barrier_wait(&start_barrier);
		if (!consumer_fn)
			return NULL;
		consumer_fn(consumer_n);
		pthread_barrier_wait(&end_barrier);
	}
}

/* ---- the loops, one set per allocation API ---------------------------------- */

static struct kmem_cache *cur_cache; /* the cache of the "cache" loops */
static volatile int loop_failed;

#define B_BATCH 1000
#define C_WINDOW 1024
#define SEED 0x9e3779b97f4a7c15ULL

/*
 * DEFINE_LOOPS(api, ALLOC(size), FREE(p)) - the workloads for one API.
 * Each returns ns per object.
 */
#define DEFINE_LOOPS(api, ALLOC, FREE)                                       \
	static noinline double api##_pair(size_t size, long n)               \
	{                                                                    \
		uint64_t t0 = now_ns();                                      \
                                                                             \
		for (long i = 0; i < n; i++) {                               \
			void *p = ALLOC(size);                               \
                                                                             \
			if (unlikely(!p)) {                                  \
				loop_failed = 1;                             \
				break;                                       \
			}                                                    \
			escape(p);                                           \
			FREE(p);                                             \
		}                                                            \
		return (double)(now_ns() - t0) / (double)n;                  \
	}                                                                    \
                                                                             \
	static noinline double api##_batch(long n)                           \
	{                                                                    \
		static void *v[B_BATCH];                                     \
		long rounds = n / B_BATCH;                                   \
		uint64_t t0 = now_ns();                                      \
                                                                             \
		for (long r = 0; r < rounds; r++) {                          \
			for (int i = 0; i < B_BATCH; i++) {                  \
				v[i] = ALLOC(64);                            \
				escape(v[i]);                                \
			}                                                    \
			for (int i = 0; i < B_BATCH; i++)                    \
				FREE(v[i]);                                  \
		}                                                            \
		return (double)(now_ns() - t0) / (double)(rounds * B_BATCH); \
	}                                                                    \
                                                                             \
	static noinline double api##_random(long n)                          \
	{                                                                    \
		static void *w[C_WINDOW];                                    \
		uint64_t s = SEED, t0;                                       \
		double ns;                                                   \
                                                                             \
		for (int i = 0; i < C_WINDOW; i++) {                         \
			w[i] = ALLOC(16 + xorshift64(&s) % 1009);            \
			escape(w[i]);                                        \
		}                                                            \
		t0 = now_ns();                                               \
		for (long i = 0; i < n; i++) {                               \
			uint64_t r = xorshift64(&s);                         \
			unsigned int k = (unsigned int)(r % C_WINDOW);       \
                                                                             \
			FREE(w[k]);                                          \
			w[k] = ALLOC(16 + (r >> 32) % 1009);                 \
			escape(w[k]);                                        \
		}                                                            \
		ns = (double)(now_ns() - t0) / (double)n;                    \
		for (int i = 0; i < C_WINDOW; i++)                           \
			FREE(w[i]);                                          \
		return ns;                                                   \
	}                                                                    \
                                                                             \
	static noinline void api##_consume(long n)                           \
	{                                                                    \
		ring_consumer_start();                                       \
		for (long i = 0; i < n; i++)                                 \
			FREE(ring_pop());                                    \
		ring_consumer_flush();                                       \
	}                                                                    \
                                                                             \
	static noinline double api##_spsc(long n)                            \
	{                                                                    \
		uint64_t t0;                                                 \
                                                                             \
		consumer_fn = api##_consume;                                 \
		consumer_n = n;                                              \
		pthread_barrier_wait(&start_barrier);                        \
		ring_producer_start();                                       \
		t0 = now_ns();                                               \
		for (long i = 0; i < n; i++) {                               \
			void *p = ALLOC(64);                                 \
                                                                             \
			escape(p);                                           \
			ring_push(p);                                        \
		}                                                            \
		ring_producer_flush();                                       \
		pthread_barrier_wait(&end_barrier);                          \
		return (double)(now_ns() - t0) / (double)n;                  \
	}

#define M_ALLOC(size) malloc(size)
#define M_FREE(p) free(p)
DEFINE_LOOPS(malloc, M_ALLOC, M_FREE)

#define K_ALLOC(size) kmalloc(size, GFP_KERNEL)
#define K_FREE(p) kfree(p)
DEFINE_LOOPS(kmalloc, K_ALLOC, K_FREE)

#define C_ALLOC(size) ((void)(size), kmem_cache_alloc(cur_cache, GFP_KERNEL))
#define C_FREE(p) kmem_cache_free(cur_cache, p)
DEFINE_LOOPS(cache, C_ALLOC, C_FREE)

static noinline double bulk_loop(unsigned int bulk, long n)
{
	void *v[128];
	long rounds = n / bulk;
	uint64_t t0 = now_ns();

	for (long r = 0; r < rounds; r++) {
		if (unlikely(kmem_cache_alloc_bulk(cur_cache, GFP_KERNEL, bulk, v) != (int)bulk)) {
			loop_failed = 1;
			break;
		}
		escape(v);
		kmem_cache_free_bulk(cur_cache, bulk, v);
	}
	return (double)(now_ns() - t0) / (double)(rounds * bulk);
}

/* ---- the child ----------------------------------------------------------- */

enum api {
	API_MALLOC,
	API_KMALLOC,
	API_CACHE
};
static const char *const api_name[] = {"malloc", "kmalloc", "cache"};

/* One run of one workload with @api; a warm-up run is a quarter long. */
static double run_workload_once(enum api api, const char *w, bool warm_up)
{
	double (*pair)(size_t, long) = api == API_MALLOC    ? malloc_pair
				       : api == API_KMALLOC ? kmalloc_pair
							    : cache_pair;
	double (*batch)(long) = api == API_MALLOC    ? malloc_batch
				: api == API_KMALLOC ? kmalloc_batch
						     : cache_batch;
	double (*rnd)(long) = api == API_MALLOC	   ? malloc_random
			      : api == API_KMALLOC ? kmalloc_random
						   : cache_random;
	double (*spsc)(long) = api == API_MALLOC    ? malloc_spsc
			       : api == API_KMALLOC ? kmalloc_spsc
						    : cache_spsc;
	long n = warm_up ? opt_n / 4 : opt_n;

	switch (w[0]) {
	case 'a':
		return pair((size_t)atoi(w + 1), n);
	case 'b':
		return batch(n);
	case 'c':
		return rnd(n);
	case 'd':
		return spsc(n);
	case 'e':
		return bulk_loop((unsigned int)atoi(w + 1), n);
	}
	return 0;
}

/*
 * A warm-up run, then CHILD_TIMED timed runs of which the fastest counts:
 * on a shared host, a run that lost the CPU for a while is slower, never
 * faster, so the minimum filters that out; the parent then takes the
 * median over processes (rounds).
 */
static int opt_timed = 3; /* --timed: timed runs per workload and process */
static double run_workload(enum api api, const char *w)
{
	double best = 0;

	run_workload_once(api, w, true);
	for (int i = 0; i < opt_timed; i++) {
		double ns = run_workload_once(api, w, false);

		if (!i || ns < best)
			best = ns;
	}
	return best;
}

static struct kmem_cache *make_cache(unsigned int size)
{
	char name[32];
	struct kmem_cache *s;

	snprintf(name, sizeof(name), "bench-%u", size);
	s = kmem_cache_create(name, size, 0, 0, NULL);
	if (!s) {
		fprintf(stderr, "bench_slab: kmem_cache_create(%s) failed\n", name);
		exit(1);
	}
	return s;
}

/* Slab: of /proc/meminfo in kB, or -1. */
static long slab_kb(void)
{
	static char buf[8192];
	char *p;

	if (ukmem_proc_read("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "\nSlab:");
	return p ? strtol(p + 6, NULL, 10) : -1;
}

/* kmem_cache_shrink() on every cache; returns how many. */
static int shrink_all(void)
{
	struct kmem_cache *s, **v;
	int n = 0, i = 0;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list)
		n++;
	v = calloc((size_t)n, sizeof(*v));
	if (v)
		list_for_each_entry(s, &slab_caches, list)
			v[i++] = s;
	mutex_unlock(&slab_mutex);
	for (int k = 0; k < i; k++)
		kmem_cache_shrink(v[k]);
	free(v);
	return i;
}

/* Whether BENCH_SLAB_WORKLOADS (comma-separated, set by --workloads) names @w. */
static bool workload_selected(const char *w)
{
	const char *list = getenv("BENCH_SLAB_WORKLOADS");
	size_t len = strlen(w);

	if (!list || !*list)
		return true;
	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, w, len) && (p[len] == ',' || !p[len]))
			return true;
	return false;
}

/* One workload of one API, or the whole set when @only is NULL. */
static void child_run(const char *who, enum api api, bool bulk, const char *only)
{
	for (unsigned int w = 0; w < NR_WORKLOADS; w++) {
		const char *wl = workloads[w];
		double ns;

		if (only && strcmp(only, wl))
			continue;
		if (!only && !workload_selected(wl))
			continue;
		if ((wl[0] == 'e') != bulk)
			continue;
		if (api == API_CACHE && wl[0] == 'c')
			continue; /* random sizes: no one cache */
		if (api == API_CACHE) {
			unsigned int size = wl[0] == 'a' ? (unsigned int)atoi(wl + 1) : 64;

			cur_cache = make_cache(size);
		}
		ns = run_workload(api, wl);
		if (api == API_CACHE) {
			kmem_cache_destroy(cur_cache);
			cur_cache = NULL;
		}
		printf("R %s %s %s %.3f\n", who, bulk ? "cache" : api_name[api], wl, ns);
	}
}

static int child_main(const char *who)
{
	const char *loop = getenv("BENCH_SLAB_LOOP");
	const char *api_only = getenv("BENCH_SLAB_API");
	int repeat = loop ? 20 : 1;
	pthread_t consumer;
	long boot_kb = 0;

	child_is_ukmem = !strncmp(who, "ukmem", 5);
	if (child_is_ukmem) {
		char cmdline[128];

		snprintf(cmdline, sizeof(cmdline), "mem=256M nr_cpus=2 quiet init_on_alloc=%d",
			 who[5] == '1');
		if (ukmem_boot(cmdline)) {
			fprintf(stderr, "bench_slab: ukmem_boot(\"%s\") failed\n", cmdline);
			return 1;
		}
		(void)smp_processor_id(); /* the main thread is CPU 0 */
		boot_kb = slab_kb();
	} else {
		for (unsigned int i = 0; i < NR_ALLOCATORS; i++)
			if (!strcmp(allocators[i].name, who) && allocators[i].probe &&
			    !dlsym(RTLD_DEFAULT, allocators[i].probe)) {
				fprintf(stderr, "bench_slab: %s is not loaded (LD_PRELOAD=%s)\n",
					who, getenv("LD_PRELOAD") ?: "");
				return 1;
			}
	}
	pthread_barrier_init(&start_barrier, NULL, 2);
	pthread_barrier_init(&end_barrier, NULL, 2);
	if (pthread_create(&consumer, NULL, consumer_main, NULL))
		return 1;

	for (int rep = 0; rep < repeat; rep++) {
		if (child_is_ukmem) {
			if (!api_only || !strcmp(api_only, "kmalloc"))
				child_run(who, API_KMALLOC, false, loop);
			if (!api_only || !strcmp(api_only, "cache")) {
				child_run(who, API_CACHE, false, loop);
				child_run(who, API_CACHE, true, loop);
			}
		} else {
			child_run(who, API_MALLOC, false, loop);
		}
	}

	consumer_fn = NULL;
	pthread_barrier_wait(&start_barrier);
	pthread_join(consumer, NULL);
	if (loop_failed) {
		fprintf(stderr, "bench_slab: %s: an allocation failed\n", who);
		return 1;
	}
	if (child_is_ukmem) {
		int caches = shrink_all();
		long after_kb = slab_kb();

		printf("M %s %ld %ld %d\n", who, boot_kb, after_kb, caches);
		ukmem_shutdown();
	}
	return 0;
}

/* ---- the parent ------------------------------------------------------------ */

static double res[NR_COLUMNS][NR_WORKLOADS][MAX_ROUNDS];
static int nres[NR_COLUMNS][NR_WORKLOADS];
static double med[NR_COLUMNS][NR_WORKLOADS]; /* 0: none */
static long mem_boot[2], mem_after[2];
static int mem_caches[2];

static const char *find_lib(const char *soname)
{
	static const char *const dirs[] = {
		"/usr/lib/x86_64-linux-gnu",
		"/usr/lib/aarch64-linux-gnu",
		"/usr/lib/i386-linux-gnu",
		"/usr/lib64",
		"/usr/lib",
		"/usr/local/lib",
		"/lib64",
	};
	static char path[4096];
	const char *dir = getenv("BENCH_SLAB_LIBDIR");

	if (dir) {
		snprintf(path, sizeof(path), "%s/%s", dir, soname);
		if (!access(path, R_OK))
			return strdup(path);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], soname);
		if (!access(path, R_OK))
			return strdup(path);
	}
	return NULL;
}

static int column_of(const char *alloc, const char *api)
{
	for (unsigned int c = 0; c < NR_COLUMNS; c++)
		if (!strcmp(columns[c].alloc, alloc) && !strcmp(columns[c].api, api))
			return (int)c;
	return -1;
}

static int workload_of(const char *w)
{
	for (unsigned int i = 0; i < NR_WORKLOADS; i++)
		if (!strcmp(workloads[i], w))
			return (int)i;
	return -1;
}

/* Runs one child to the end and files its lines. */
static int run_child(struct allocator *a, char *self)
{
	char env_child[64], env_preload[4200];
	char *argv[] = {self, NULL};
	char **envp;
	int n = 0, fds[2], status;
	char line[256];
	FILE *f;
	pid_t pid;

	for (char **e = environ; *e; e++)
		n++;
	envp = calloc((size_t)n + 3, sizeof(*envp));
	if (!envp)
		return -1;
	n = 0;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "LD_PRELOAD=", 11) && strncmp(*e, CHILD_ENV "=", sizeof(CHILD_ENV)))
			envp[n++] = *e;
	snprintf(env_child, sizeof(env_child), CHILD_ENV "=%s", a->name);
	envp[n++] = env_child;
	if (a->path) {
		snprintf(env_preload, sizeof(env_preload), "LD_PRELOAD=%s", a->path);
		envp[n++] = env_preload;
	}
	if (pipe(fds))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execve("/proc/self/exe", argv, envp);
		_exit(127);
	}
	free(envp);
	close(fds[1]);
	f = fdopen(fds[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		char who[32], api[16], w[16];
		double ns;
		long b, af;
		int caches;

		if (sscanf(line, "R %31s %15s %15s %lf", who, api, w, &ns) == 4) {
			int c = column_of(who, api), k = workload_of(w);

			if (c >= 0 && k >= 0 && nres[c][k] < MAX_ROUNDS)
				res[c][k][nres[c][k]++] = ns;
		} else if (sscanf(line, "M %31s %ld %ld %d", who, &b, &af, &caches) == 4) {
			int i = who[5] == '1';

			mem_boot[i] = b;
			mem_after[i] = af;
			mem_caches[i] = caches;
		}
	}
	if (f)
		fclose(f);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "bench_slab: the %s child failed (status %d)\n", a->name, status);
		return -1;
	}
	return 0;
}

static void print_machine(void)
{
	char model[256] = "?", line[512];
	struct utsname u;
	time_t t = time(NULL);
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "model name", 10)) {
			char *p = strchr(line, ':');

			if (p) {
				snprintf(model, sizeof(model), "%s", p + 2);
				model[strcspn(model, "\n")] = 0;
			}
			break;
		}
	}
	if (f)
		fclose(f);
	uname(&u);
	printf("Machine: %s, %ld CPUs, %s %s; %s", model, sysconf(_SC_NPROCESSORS_ONLN), u.sysname,
	       u.release, asctime(gmtime(&t)));
	printf("Rounds: %d processes per allocator (median reported); in each, a warm-up of %ld\n"
	       "objects, then the fastest of %d timed runs of %ld objects\n\n",
	       opt_rounds, opt_n / 4, opt_timed, opt_n);
}

static double cell(unsigned int c, unsigned int w)
{
	return med[c][w];
}

static void print_tables(void)
{
	int mi = column_of("mimalloc", "malloc");

	printf("| workload (ns per object) |");
	for (unsigned int c = 0; c < NR_COLUMNS; c++)
		printf(" %s |", columns[c].label);
	printf("\n|---|");
	for (unsigned int c = 0; c < NR_COLUMNS; c++)
		printf("---:|");
	printf("\n");
	for (unsigned int w = 0; w < NR_WORKLOADS; w++) {
		if (workloads[w][0] == 'e')
			continue;
		printf("| %s |", workload_label[w]);
		for (unsigned int c = 0; c < NR_COLUMNS; c++) {
			double ns = cell(c, w), m = cell((unsigned int)mi, w);

			if (!ns)
				printf(" - |");
			else if (m)
				printf(" %.1f (%.2fx) |", ns, ns / m);
			else
				printf(" %.1f |", ns);
		}
		printf("\n");
	}
	printf("\nRatios in brackets: to mimalloc's malloc+free in the same workload.\n\n");

	{
		int a64 = workload_of("a64");
		double single0 =
			cell((unsigned int)column_of("ukmem0", "cache"), (unsigned int)a64);
		double single1 =
			cell((unsigned int)column_of("ukmem1", "cache"), (unsigned int)a64);

		printf("| (e) kmem_cache 64 B, ns per object | ioa=0 | vs single pair | ioa=1 | vs single pair |\n");
		printf("|---|---:|---:|---:|---:|\n");
		printf("| single kmem_cache_alloc+free | %.1f | 1.00x | %.1f | 1.00x |\n", single0,
		       single1);
		for (unsigned int w = 0; w < NR_WORKLOADS; w++) {
			double e0, e1;

			if (workloads[w][0] != 'e')
				continue;
			e0 = cell((unsigned int)column_of("ukmem0", "cache"), w);
			e1 = cell((unsigned int)column_of("ukmem1", "cache"), w);
			printf("| bulk %s | %.1f | %.2fx | %.1f | %.2fx |\n", workloads[w] + 1, e0,
			       single0 ? e0 / single0 : 0, e1, single1 ? e1 / single1 : 0);
		}
		printf("\n");
	}
}

static void target(const char *what, double ratio, double limit, const char *detail)
{
	if (!ratio) {
		printf("| %s | <= %.1fx | - | not measured |\n", what, limit);
		return;
	}
	printf("| %s | <= %.1fx | %.3fx (%s) | %s |\n", what, limit, ratio, detail,
	       ratio <= limit ? "PASS" : "MISS");
}

static void print_targets(void)
{
	unsigned int mi = (unsigned int)column_of("mimalloc", "malloc");
	unsigned int k0 = (unsigned int)column_of("ukmem0", "kmalloc");
	unsigned int c0 = (unsigned int)column_of("ukmem0", "cache");
	unsigned int a64 = (unsigned int)workload_of("a64");
	char d[128];

#define RATIO(x, y) ((x) && (y) ? (x) / (y) : 0)
	printf("| target (init_on_alloc=0) | limit | measured | |\n|---|---|---|---|\n");
	snprintf(d, sizeof(d), "%.1f vs %.1f ns", med[k0][a64], med[mi][a64]);
	target("kmalloc(64)+kfree vs mimalloc malloc+free", RATIO(med[k0][a64], med[mi][a64]), 1.0,
	       d);
	snprintf(d, sizeof(d), "%.1f vs %.1f ns", med[c0][a64], med[k0][a64]);
	target("kmem_cache_alloc+free vs kmalloc+kfree (64 B)", RATIO(med[c0][a64], med[k0][a64]),
	       0.9, d);
	for (const char *const *w = (const char *const[]){"b", "c", "d", NULL}; *w; w++) {
		unsigned int k = (unsigned int)workload_of(*w);
		char what[96];

		snprintf(what, sizeof(what), "(%s) kmalloc vs mimalloc", *w);
		snprintf(d, sizeof(d), "%.1f vs %.1f ns", med[k0][k], med[mi][k]);
		target(what, RATIO(med[k0][k], med[mi][k]), **w == 'd' ? 1.5 : 1.2, d);
	}
	{
		unsigned int e16 = (unsigned int)workload_of("e16");

		snprintf(d, sizeof(d), "%.1f vs %.1f ns", med[c0][e16], med[c0][a64]);
		target("bulk 16 per object vs single kmem_cache pair",
		       RATIO(med[c0][e16], med[c0][a64]), 0.5, d);
	}
	for (int i = 0; i < 2; i++) {
		double delta;

		if (mem_boot[i] <= 0 || mem_after[i] < 0) {
			printf("| memory, init_on_alloc=%d | within 1%% | - | not measured |\n", i);
			continue;
		}
		delta = 100.0 * (double)labs(mem_after[i] - mem_boot[i]) / (double)mem_boot[i];

		printf("| memory, init_on_alloc=%d: Slab: after free + shrink of %d caches vs boot "
		       "| within 1%% | %ld kB vs %ld kB (%.2f%%) | %s |\n",
		       i, mem_caches[i], mem_after[i], mem_boot[i], delta,
		       delta <= 1.0 ? "PASS" : "MISS");
	}
#undef RATIO
	printf("\n");
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_slab [--rounds N] [--n OBJECTS] [--timed N]\n"
		"                  [--only NAME[,NAME...]] [--workloads a64,b,c,d,e16,...]\n"
		"       bench_slab --child NAME\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *child = getenv(CHILD_ENV);
	const char *only = NULL;
	char self[4096];
	ssize_t len;
	int rc = 0;

	if (getenv("BENCH_SLAB_N"))
		opt_n = atol(getenv("BENCH_SLAB_N"));
	if (getenv("BENCH_SLAB_TIMED"))
		opt_timed = atoi(getenv("BENCH_SLAB_TIMED"));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			opt_rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--n") && i + 1 < argc)
			opt_n = atol(argv[++i]);
		else if (!strcmp(argv[i], "--timed") && i + 1 < argc)
			opt_timed = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--workloads") && i + 1 < argc)
			setenv("BENCH_SLAB_WORKLOADS", argv[++i], 1);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--child") && i + 1 < argc)
			child = argv[++i];
		else
			usage();
	}
	if (opt_rounds < 1 || opt_rounds > MAX_ROUNDS || opt_n < 1000 || opt_timed < 1 ||
	    opt_timed > 100)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (child)
		return child_main(child);

	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0) {
		perror("bench_slab: /proc/self/exe");
		return 1;
	}
	self[len] = 0;
	/* The children get the object count through the environment. */
	{
		char nbuf[32];

		snprintf(nbuf, sizeof(nbuf), "%ld", opt_n);
		setenv("BENCH_SLAB_N", nbuf, 1);
		snprintf(nbuf, sizeof(nbuf), "%d", opt_timed);
		setenv("BENCH_SLAB_TIMED", nbuf, 1);
	}
	print_machine();
	for (unsigned int i = 0; i < NR_ALLOCATORS; i++) {
		struct allocator *a = &allocators[i];

		if (only && !strstr(only, a->name)) {
			a->present = false;
			continue;
		}
		if (a->lib) {
			a->path = find_lib(a->lib);
			a->present = a->path != NULL;
			if (!a->present)
				printf("Note: %s not found; %s skipped\n", a->lib, a->name);
			else
				printf("%s: LD_PRELOAD=%s\n", a->name, a->path);
		}
	}
	printf("\n");
	for (int r = 0; r < opt_rounds; r++) {
		for (unsigned int j = 0; j < NR_ALLOCATORS; j++) {
			struct allocator *a = &allocators[(j + (unsigned int)r) % NR_ALLOCATORS];

			if (a->present && run_child(a, self))
				rc = 1;
		}
		fprintf(stderr, "bench_slab: round %d/%d done\n", r + 1, opt_rounds);
	}
	for (unsigned int c = 0; c < NR_COLUMNS; c++)
		for (unsigned int w = 0; w < NR_WORKLOADS; w++)
			if (nres[c][w])
				med[c][w] = median(res[c][w], nres[c][w]);
	print_tables();
	print_targets();
	for (unsigned int c = 0; c < NR_COLUMNS; c++)
		for (unsigned int w = 0; w < NR_WORKLOADS; w++)
			if (nres[c][w])
				printf("BENCH slab alloc=%s api=%s workload=%s ns=%.2f rounds=%d\n",
				       columns[c].alloc, columns[c].api, workloads[w], med[c][w],
				       nres[c][w]);
	return rc;
}
