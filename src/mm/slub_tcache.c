// SPDX-License-Identifier: GPL-2.0
/*
 * mm/slub_tcache.c - per-thread object caches in front of SLUB's per-CPU
 * slabs: ukmem's lock-free fast path.
 *
 * What it owns: one struct slab_tcache per host thread that has used the
 * slab layer (host memory, found through an initial-exec thread-local
 * pointer, slab_tc), the registry of them (tcache_threads), and the table
 * of bins: each cache without debug flags gets a bin number
 * (s->tcache_idx, 1..SLAB_TCACHE_SLOTS-1) at creation, the same in every
 * thread's cache.  The fast paths themselves are inline in mm/slab.h and
 * are called first by kmalloc/kfree (slab_common.c) and kmem_cache_alloc/
 * kmem_cache_free/slab_alloc_node/slab_free (slub.c), which keep their
 * slow parts in separate functions so the pop and the push run without a
 * stack frame.  Also here: slab_fast, the library-local copy of what those
 * paths read on every call (direct map, init_on_alloc/init_on_free,
 * hardening, kmalloc's normal caches with their bins by size), filled at
 * the slab layer's boot (slab_tcache_init, slab_tcache_boot_done) and
 * cleared when it goes away, so a kfree with no slab layer takes the full
 * checks.
 *
 * Algorithm.  A bin is a stack of free objects of one cache: an array of
 * pointers (the thread's area, SLAB_TCACHE_CAP slots per bin, host memory
 * reserved once and touched as it fills) with a top and an end.
 * kmalloc/kmem_cache_alloc pop the top, kfree/kmem_cache_free push, with
 * plain loads and stores, and without init_on_alloc/init_on_free neither
 * touches the object (with them the object is zeroed or wiped, never
 * linked): no free pointer is written into a cached object, so a pop
 * does not wait for the object's cache line and a use-after-free write
 * cannot steer an allocation (what SLAB_FREELIST_HARDENED guards against on the slabs'
 * own lists).  Below each array is a NULL sentinel, so an empty bin's pop
 * and the naive double-free test (the object already on top) need no
 * bounds check.  An empty bin is refilled with up to a batch of objects
 * taken off the CPU's freelist in one CPU-lock round trip
 * (slab_alloc_array, which runs SLUB's slow path when that freelist is
 * empty).  A free that finds the bin at its limit first hands the top
 * batch back (slab_free_array: one locked SLUB free per run of objects of
 * one slab) and raises the limit by a batch, up to a per-cache maximum,
 * so a thread that frees in long runs ends up caching a whole run
 * (tcmalloc's slow start).  batch = objects per slab / 2 clamped to
 * 2..32; the limit starts at 2 * batch; the maximum is 128 KiB of objects
 * clamped to 2 * batch..SLAB_TCACHE_CAP - 1 objects.
 *
 * The free fast path (kfree, kmem_cache_free and their bulk forms, inline
 * in mm/slab.h) needs the object's bin and proof that the address is an
 * object start, and reads no struct page for them (kfree no struct
 * kmem_cache either; kmem_cache_free reads its own cache's constant): slab_fast.pfn_bin, owned here, has one 8-byte entry per
 * direct-mapped page, written when a slab is made (slab_tcache_map_slab)
 * and cleared when it goes back (or is discarded to wait for RCU), with
 * the page's bin, the page's phase in the object size and the Lemire
 * value of the page's last object start, so one multiplication tells an
 * object start from an inner address or the slab's tail (the derivation
 * is above slab_fast_obj_bin()).  The table is closed (bin_map_size 0)
 * while hooks are on or with init_on_free: every free then takes its
 * slow side.  With init_on_free (and no hooks) that side opens the table
 * again behind its own bound (wipe_map_size): an object start of a cache
 * with a bin is pushed and, once in the bin, wiped as slab_free() wipes it
 * (the cache's precomputed tcache_wipe_size and tail); anything else takes
 * slab_free(), which runs the hooks, the wipe (all but the link, which a
 * refused naive double free still needs) and every check.
 *
 * Accounting.  An object in a bin is allocated as far as its slab knows
 * (counted in inuse), exactly as an object on a CPU's lockless freelist is
 * in 6.12, so /proc/slabinfo's active_objs and the sysfs counts include
 * them and need no change.  What must see them as free does so:
 * kmem_cache_shrink and kmem_cache_destroy first empty that cache's bin in
 * every thread (slab_tcache_flush_cache), shutdown empties every bin
 * before it counts leaked objects, and the validator checks every object
 * in every bin (an object start of a slab of the bin's cache, on no free
 * list, in no other bin slot; each bin's count within its limit), and
 * every page's pfn_bin entry against its slab (slab_tcache_check_pfn).
 *
 * Other threads' bins.  The owner brackets each bin update with
 * tc->busy = 1 ... busy = 0 and reads tc->remote (acquire) in between,
 * before it reads anything of a bin: a bin load issued earlier could
 * return what a holder is about to flush, with remote then reading the 0
 * that holder released (slab_tc_enter()).  Another
 * thread that must empty or read the bins (under tcache_lock) sets
 * tc->remote on every registered cache, runs one membarrier
 * (plat_membarrier: a full barrier on every running thread), then waits
 * for each busy to be 0.  Either the owner sees remote and leaves its
 * bins alone for this call (it takes SLUB's locked path), or the remote
 * side sees busy and waits for the few instructions of the update: the
 * classic store-load handshake with the owner's fence supplied by
 * membarrier, so the owner executes no fence and no atomic read-modify-
 * write.  A host without membarrier gets no thread caches (every cache
 * takes the locked path); so does ukmem.slab_tcache=0.
 *
 * Bulk calls: kmem_cache_alloc_bulk copies a run off the top of the bin
 * and kmem_cache_free_bulk pushes a run, each in one bin update.  A refill
 * that finds no memory gives all of the calling thread's bins back before
 * SLUB's locked path retries (and reports).
 *
 * Thread exit: the first cache a thread makes registers a thread-exit
 * callback (plat_thread_at_exit), which gives every bin back to its
 * slabs, unregisters the cache and keeps the thread off thread caches
 * from then on.  fork: the prepare hook holds tcache_lock and every cache
 * (remote set); the child gives back the bins of the threads it does not
 * have once the slab locks are released.
 *
 * Lock order: slab_mutex > tcache_lock > kmem_cache_cpu.lock >
 * kmem_cache_node.list_lock (the flushes free objects with tcache_lock
 * held); slab_hooks_lock comes after tcache_lock (taken inside it to
 * change a bin's owner), with only printk's lock under it.  tcache_lock is never taken on the fast path.
 *
 * The bare pops.  kmalloc's and kmem_cache_alloc's fronts test neither
 * slab_fast.hooks nor zeroing: they pop a bin that is 0, always empty,
 * while either applies (slab_fast.size_bin for kmalloc, the cache's
 * tcache_alloc_idx for kmem_cache_alloc and its bulk form), and everything
 * else happens on their slow side.  kmalloc's front serves the plain
 * normal caches only; its slow side pops the other types' caches and the
 * random copies (picked by call site, so kmalloc_bin is all 0 with them
 * on) through their tcache_alloc_idx.  tcache_update_open_bins() rewrites
 * both under slab_hooks_lock whenever hooks change, and a new cache's
 * value is set under it too, so a hooks change cannot miss a cache that
 * is being given a bin; the validator checks both against their sources.  A remote side
 * waits for busy == 0 only; the owner never waits while busy.
 *
 * Signal handlers that allocate while their thread is inside a bin update
 * are not supported (the nested call would clear busy early).
 *
 * Where it differs from Linux: 6.12's fast path is this_cpu_cmpxchg on
 * the CPU's freelist and transaction id; there is no per-thread layer in
 * the kernel.  Here a thread's freed objects are reused by that thread
 * first, and live threads' bins are emptied only by shrink, destroy,
 * shutdown and (in the child) fork: between those, up to a bin's limit of
 * objects per thread and cache stay allocated from their slabs' point of
 * view, as a CPU's freelist does in the kernel.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/slab.h>
#include <stdarg.h>
#include <kernel/kinternal.h>
#include <platform/plat.h>
#include "internal.h"
#include "slab.h"

struct slab_tcache slab_tcache_none = {.remote = 1};
_Thread_local struct slab_tcache *slab_tc = &slab_tcache_none;
struct slab_fast_state slab_fast;
/* This thread's cache was given back at its exit: no new one. */
static _Thread_local bool tc_gone;

static DEFINE_MUTEX(tcache_lock);
static LIST_HEAD(tcache_threads); /* registered caches (tcache_lock) */
static LIST_HEAD(tcache_pool); /* given back, reused by new threads */
static LIST_HEAD(tcache_orphans); /* fork child: caches of threads it does not have */
static int tcache_fork_pid;
static bool tcache_enabled; /* this boot: ukmem.slab_tcache= and membarrier */

/* Per bin number: its batch and maximum limit (tcache_lock to change);
 * its cache is slab_fast.bin_cache[]. */
static unsigned int tcache_batch[SLAB_TCACHE_SLOTS];
static unsigned int tcache_max[SLAB_TCACHE_SLOTS];
#define TCACHE_BATCH_MAX 32U

#define TCACHE_BYTES PAGE_ALIGN(sizeof(struct slab_tcache))
#define TCACHE_AREA_BYTES ((size_t)SLAB_TCACHE_SLOTS * SLAB_TCACHE_CAP * sizeof(void *))
#define TCACHE_MAX_BYTES (128U * 1024)

/*
 * The stack of every bin that is not set up: its sentinel, then nothing.
 * top == end == slots here, so a pop reads NULL and a push finds it full;
 * nothing is ever written to it.
 */
static void *tcache_empty[1];
#define TCACHE_EMPTY (&tcache_empty[1])
/* What a bin that is not set up watches: never an object. */
static void *const tcache_no_watch;

static void tcache_bin_init(struct slab_tcache_bin *b)
{
	b->slots = b->top = b->end = TCACHE_EMPTY;
	b->watch = &tcache_no_watch;
}

static void tcache_init_bins(struct slab_tcache *tc)
{
	for (unsigned int i = 0; i < SLAB_TCACHE_SLOTS; i++)
		tcache_bin_init(&tc->bin[i]);
}

/*
 * Give bin @idx of @tc, for @s, its array, empty, with the starting limit,
 * and the head of this thread's CPU's free list of @s to watch (owner,
 * busy).  A bin goes back to tcache_bin_init() when its cache goes
 * (slab_tcache_release_cache) and at a reset, before the per-CPU memory.
 */
static void tcache_bin_setup(struct slab_tcache *tc, struct kmem_cache *s, unsigned int idx)
{
	struct slab_tcache_bin *b = &tc->bin[idx];

	b->slots = tc->area + (size_t)idx * SLAB_TCACHE_CAP + 1; /* area[idx * CAP] is NULL */
	b->top = b->slots;
	b->end = b->slots + 2 * tcache_batch[idx];
	b->watch = slab_cpu_freelist_head(s, ukmem_this_cpu());
}

static inline unsigned int tcache_bin_count(const struct slab_tcache_bin *b)
{
	return (unsigned int)(b->top - b->slots);
}

/* ---- holding other threads' caches ------------------------------------- */

/* Make every registered cache's bins ours (tcache_lock held). */
static void tcache_hold_all(void)
{
	struct slab_tcache *tc;
	bool others = false;

	if (list_empty(&tcache_threads))
		return;
	list_for_each_entry(tc, &tcache_threads, list) {
		WRITE_ONCE(tc->remote, 1);
		others |= tc != slab_tc;
	}
	/*
	 * Only another thread can be inside a bin update.  When the only
	 * cache registered is the caller's own (a thread registers under
	 * tcache_lock, held here), there is nothing for the membarrier to
	 * order: a single-threaded program shrinks, destroys and validates
	 * without one syscall per call.
	 */
	if (!others)
		return;
	if (!plat_membarrier())
		__atomic_thread_fence(__ATOMIC_SEQ_CST); /* no caches exist then */
	list_for_each_entry(tc, &tcache_threads, list)
		while (__atomic_load_n(&tc->busy, __ATOMIC_ACQUIRE))
			plat_cpu_relax();
}

static void tcache_release_all(void)
{
	struct slab_tcache *tc;

	list_for_each_entry(tc, &tcache_threads, list)
		__atomic_store_n(&tc->remote, 0, __ATOMIC_RELEASE);
}

/* Give one bin's objects back to their slabs and empty it (@tc held). */
static void tcache_flush_bin(struct slab_tcache *tc, unsigned int idx, bool reset_limit)
{
	struct slab_tcache_bin *b = &tc->bin[idx];
	unsigned int nr = tcache_bin_count(b);

	if (nr)
		slab_free_array(slab_fast.bin_cache[idx], b->slots, nr);
	b->top = b->slots;
	if (reset_limit)
		tcache_bin_init(b);
}

static void tcache_flush_tc(struct slab_tcache *tc)
{
	for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++)
		if (tc->bin[i].top != tc->bin[i].slots)
			tcache_flush_bin(tc, i, true);
}

/* ---- a thread's own cache ------------------------------------------------ */

static void tcache_thread_exit(void *arg)
{
	struct slab_tcache *tc = arg, *pos;
	bool found = false;

	mutex_lock(&tcache_lock);
	list_for_each_entry(pos, &tcache_threads, list)
		if (pos == tc)
			found = true;
	if (found) {
		list_del(&tc->list);
		tcache_flush_tc(tc);
		tcache_init_bins(tc);
		list_add(&tc->list, &tcache_pool);
	}
	mutex_unlock(&tcache_lock);
	slab_tc = &slab_tcache_none;
	tc_gone = true;
}

static struct slab_tcache *tcache_map(void)
{
	struct slab_tcache *tc = plat_map_anon(TCACHE_BYTES);

	if (!tc)
		return NULL;
	/* reserved once; only the slots a bin fills are ever touched */
	tc->area = plat_map_anon(TCACHE_AREA_BYTES);
	if (!tc->area) {
		plat_unmap_anon(tc, TCACHE_BYTES);
		return NULL;
	}
	return tc;
}

static noinline struct slab_tcache *tcache_create(void)
{
	struct slab_tcache *tc;

	if (tc_gone || !READ_ONCE(tcache_enabled))
		return NULL;
	mutex_lock(&tcache_lock);
	if (!list_empty(&tcache_pool)) {
		tc = list_first_entry(&tcache_pool, struct slab_tcache, list);
		list_del(&tc->list);
	} else {
		tc = tcache_map();
	}
	if (tc) {
		tc->busy = 0;
		tc->remote = 0;
		tcache_init_bins(tc);
		list_add(&tc->list, &tcache_threads);
	}
	mutex_unlock(&tcache_lock);
	if (!tc)
		return NULL;
	if (!plat_thread_at_exit(tcache_thread_exit, tc)) {
		mutex_lock(&tcache_lock);
		list_move(&tc->list, &tcache_pool);
		mutex_unlock(&tcache_lock);
		tc_gone = true;
		return NULL;
	}
	slab_tc = tc;
	return tc;
}

/* Give all of this thread's bins back (an allocation failed: memory is short). */
static void tcache_drain_self(struct slab_tcache *tc)
{
	struct {
		struct kmem_cache *s;
		void **slots;
		unsigned int nr;
	} out[SLAB_TCACHE_SLOTS];
	unsigned int n = 0;

	if (slab_tc_enter(tc)) {
		for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++) {
			struct slab_tcache_bin *b = &tc->bin[i];

			/* emptied now: a holder that comes later finds nothing to read */
			out[n].s = slab_fast.bin_cache[i];
			out[n].slots = b->slots;
			out[n].nr = tcache_bin_count(b);
			b->top = b->slots;
			if (out[n].nr)
				n++;
		}
	}
	slab_tc_leave(tc);
	for (unsigned int i = 0; i < n; i++)
		slab_free_array(out[i].s, out[i].slots, out[i].nr);
}

/**
 * slab_tcache_alloc_slow - refill this thread's bin of @s and take one object
 * @s: a cache with a bin
 * @gfpflags: for a new slab
 *
 * Return: an object, or NULL: the caller takes SLUB's locked path (no
 * thread cache, another thread holds this one, or no memory: then this
 * thread's bins have been given back first, and the locked path retries
 * and reports).
 */
void *slab_tcache_alloc_slow(struct kmem_cache *s, gfp_t gfpflags)
{
	struct slab_tcache *tc = slab_tc;
	unsigned int idx = s->tcache_idx, nr;
	void *p[TCACHE_BATCH_MAX];
	struct slab_tcache_bin *b;

	if (tc == &slab_tcache_none) {
		tc = tcache_create();
		if (!tc)
			return NULL;
	}
	nr = slab_alloc_array(s, gfpflags | __GFP_NOWARN, p, tcache_batch[idx]);
	if (unlikely(!nr)) {
		tcache_drain_self(tc);
		return NULL;
	}
	b = &tc->bin[idx];
	if (slab_tc_enter(tc) && nr > 1) {
		if (b->slots == TCACHE_EMPTY)
			tcache_bin_setup(tc, s, idx);
		if (b->top == b->slots) {
			/* reversed: the pops that follow take the freelist's order */
			for (unsigned int i = 1; i < nr; i++)
				b->slots[nr - 1 - i] = p[i];
			b->top = b->slots + nr - 1;
			nr = 1;
		}
	}
	slab_tc_leave(tc);
	if (unlikely(nr > 1))
		slab_free_array(s, p + 1, nr - 1);
	return p[0];
}

/*
 * A free the inline push did not take: the bin is full (its top batch goes
 * back to the slabs first), not set up yet, or @object is already on top
 * of it: the naive double free, which is 6.12's freelist-hardening BUG
 * (refused under ukmem.bug=warn).  @link: clear the object's (inside)
 * link once it is in the bin.  true when the free is done (or refused),
 * false when the caller must take SLUB's locked path.
 */
static bool __tcache_free_slow(struct kmem_cache *s, void *object, bool link)
{
	struct slab_tcache *tc = slab_tc;
	unsigned int idx = s->tcache_idx, batch, n = 0;
	void *flush[TCACHE_BATCH_MAX];
	struct slab_tcache_bin *b;

	if (tc == &slab_tcache_none) {
		tc = tcache_create();
		if (!tc)
			return false;
	}
	b = &tc->bin[idx];
	batch = tcache_batch[idx];
	if (unlikely(!slab_tc_enter(tc))) {
		slab_tc_leave(tc);
		return false;
	}
	if (b->slots == TCACHE_EMPTY)
		tcache_bin_setup(tc, s, idx);
	/* heading the CPU's list: SLUB's path finds the naive double free */
	if (unlikely(READ_ONCE(*b->watch) == object)) {
		slab_tc_leave(tc);
		return false;
	}
	if (unlikely(b->top[-1] == object)) {
		slab_tc_leave(tc);
		if (!freelist_hardened)
			return false; /* undetected, as in 6.12 without hardening */
		slab_link_object(s, object, object); /* BUG(); refused if it returns */
		return true;
	}
	if (b->top == b->end) {
		unsigned int limit = (unsigned int)(b->end - b->slots);

		n = min(batch, limit);
		b->top -= n;
		memcpy(flush, b->top, n * sizeof(void *));
		if (limit < tcache_max[idx])
			b->end = b->slots + min(limit + batch, tcache_max[idx]);
	}
	*b->top++ = object;
	if (link)
		*(void **)((char *)object + s->offset) = NULL;
	slab_tc_leave(tc);
	if (n)
		slab_free_array(s, flush, n);
	return true;
}

/**
 * slab_tcache_free_slow - a free the inline push did not take
 * @s: a cache with a bin
 * @object: the object
 *
 * Return: true when the free is done (or refused as the naive double
 * free), false when the caller must take SLUB's locked path.
 */
bool slab_tcache_free_slow(struct kmem_cache *s, void *object)
{
	return __tcache_free_slow(s, object, false);
}

/**
 * slab_tcache_free_wiped_slow - slab_tcache_free_slow() for an object wiped
 *	for init_on_free, all but its link, which is cleared once it is in the bin
 * @s: a cache with a bin
 * @object: the object
 *
 * Return: as slab_tcache_free_slow().
 */
bool slab_tcache_free_wiped_slow(struct kmem_cache *s, void *object)
{
	return __tcache_free_slow(s, object, !freeptr_outside_object(s));
}

/* ---- the free fast path's page table (slab_fast.pfn_bin) ----------------- */

__printf(1, 2) static void tc_err(const char *fmt, ...);

static size_t pfn_bin_bytes;

/* Whether the bare pops may serve: nothing to see, nothing to zero. */
static bool tcache_pops_open(int hooks)
{
	return !hooks && slab_fast.no_init;
}

/*
 * The bare pops' bins, kmalloc's table (a copy of kmalloc_bin) and every
 * cache's tcache_alloc_idx: the real bins, or all 0 while hooks are on or
 * objects must be zeroed (their invariants).  A thread may read a bin as
 * it changes; either is right for the moment it reads.  slab_hooks_lock
 * is held: a bin's owner does not change under the walk.
 */
static void tcache_update_open_bins(int hooks)
{
	bool open = tcache_pops_open(hooks);

	for (unsigned int k = 0; k < ARRAY_SIZE(slab_fast.size_bin); k++)
		WRITE_ONCE(slab_fast.size_bin[k], open ? slab_fast.kmalloc_bin[k] : 0);
	for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++) {
		struct kmem_cache *s = slab_fast.bin_cache[i];

		if (s)
			WRITE_ONCE(s->tcache_alloc_idx, open ? i : 0);
	}
}

/* One u64 per direct-mapped page, host memory touched where slabs are. */
static void tcache_map_pfn_bin(void)
{
	size_t bytes = PAGE_ALIGN((slab_fast.dmap_size >> PAGE_SHIFT) * sizeof(u64));

	slab_fast.bin_map_size = 0;
	slab_fast.wipe_map_size = 0;
	slab_fast.pfn_bin = NULL;
	pfn_bin_bytes = 0;
	if (!bytes || !READ_ONCE(tcache_enabled))
		return;
	slab_fast.pfn_bin = plat_map_anon(bytes);
	if (!slab_fast.pfn_bin)
		return; /* every free takes the checked path */
	pfn_bin_bytes = bytes; /* opened by the ukmem_slab_hooks_update() after this */
}

/**
 * slab_tcache_hooks_changed - open or close the free fast path
 * @hooks: slab_fast.hooks as just set
 *
 * While hooks are on, with init_on_free, or without a table, every free
 * must take the checked path (slab_free()'s hooks, its wipe): the free
 * fast path's bound is 0 then.  The bare pops close with hooks and
 * zeroing.  slab_hooks_lock is held.
 */
void slab_tcache_hooks_changed(int hooks)
{
	unsigned long map = slab_fast.pfn_bin && !hooks ? slab_fast.dmap_size : 0;

	__atomic_store_n(&slab_fast.bin_map_size, slab_fast.no_wipe ? map : 0, __ATOMIC_RELAXED);
	__atomic_store_n(&slab_fast.wipe_map_size, slab_fast.no_wipe ? 0 : map, __ATOMIC_RELAXED);
	tcache_update_open_bins(hooks);
}

static void tcache_unmap_pfn_bin(void)
{
	slab_fast.bin_map_size = 0;
	slab_fast.wipe_map_size = 0;
	if (slab_fast.pfn_bin)
		plat_unmap_anon(slab_fast.pfn_bin, pfn_bin_bytes);
	slab_fast.pfn_bin = NULL;
	pfn_bin_bytes = 0;
}

/*
 * The pfn_bin entry of page @j of a slab of @objects objects of @d bytes
 * whose cache has bin @idx (slab_fast_obj_bin() says what it means): 0
 * when no object starts in the page, or when the page's numbers do not
 * fit (then its frees take the checked path).
 */
static u64 tcache_pfn_entry(unsigned int idx, unsigned long d, unsigned long objects,
			    unsigned long j)
{
	unsigned long start = j * PAGE_SIZE, end = start + PAGE_SIZE;
	unsigned long k0 = DIV_ROUND_UP(start, d), k1, psi = start % d;
	u64 c = U64_MAX / d + 1, eps = c * d, bound;

	if (!idx || k0 >= objects || k0 * d >= end)
		return 0;
	k1 = min((end - 1) / d, objects - 1);
	/* with a power-of-two size (eps 0) the bound cannot stop at objects - 1 */
	if (!eps && k1 < (end - 1) / d)
		return 0;
	bound = (u64)(k1 - start / d) * eps;
	BUILD_BUG_ON(SLAB_TCACHE_SLOTS - 1 > SLAB_PFN_BIN_MASK);
	if (psi > SLAB_PFN_PSI_MASK || bound >> (64 - SLAB_PFN_T_SHIFT))
		return 0;
	return idx | (u64)psi << SLAB_PFN_PSI_SHIFT | bound << SLAB_PFN_T_SHIFT;
}

static void tcache_set_pfn_bin(struct kmem_cache *s, struct slab *slab, unsigned int order)
{
	unsigned long first = (unsigned long)(slab_page(slab) - slab_fast.mem_map);

	if (!slab_fast.pfn_bin)
		return;
	for (unsigned long j = 0; j < (1UL << order); j++)
		WRITE_ONCE(slab_fast.pfn_bin[first + j],
			   s ? tcache_pfn_entry(s->tcache_idx, s->size, slab->objects, j) : 0);
}

/**
 * slab_tcache_map_slab - a new slab: its pages lead frees to its cache's bin
 * @s: its cache
 * @slab: the slab (objects set), before any object of it is handed out
 * @order: its order
 */
void slab_tcache_map_slab(struct kmem_cache *s, struct slab *slab, unsigned int order)
{
	if (s->tcache_idx)
		tcache_set_pfn_bin(s, slab, order);
}

/**
 * slab_tcache_unmap_slab - a slab goes back to the page allocator
 * @slab: the slab
 * @order: its order
 */
void slab_tcache_unmap_slab(struct slab *slab, unsigned int order)
{
	tcache_set_pfn_bin(NULL, slab, order);
}

/**
 * slab_tcache_check_pfn - the validator's test of one page's entry
 * @pfn_index: the page's index in the direct map
 * @s: the cache of the slab the page is in, or NULL
 * @slab: that slab
 * @j: the page's index in the slab
 *
 * Return: 1 (reported) if the entry is not what the slab says, else 0.
 */
int slab_tcache_check_pfn(unsigned long pfn_index, struct kmem_cache *s, struct slab *slab,
			  unsigned long j)
{
	u64 want = s ? tcache_pfn_entry(s->tcache_idx, s->size, slab->objects, j) : 0, e;

	if (!slab_fast.pfn_bin || pfn_index >= slab_fast.dmap_size >> PAGE_SHIFT)
		return 0;
	e = READ_ONCE(slab_fast.pfn_bin[pfn_index]);
	if (e == want)
		return 0;
	tc_err("page %#lx of the direct map: free fast path entry %#llx, should be %#llx\n",
	       pfn_index, (unsigned long long)e, (unsigned long long)want);
	return 1;
}

/* For tests, which cannot see slab_fast: the fast test, and one page's entry. */
unsigned int slab_tcache_obj_bin(const void *x, unsigned int want)
{
	struct kmem_cache *s = want < SLAB_TCACHE_SLOTS ? slab_fast.bin_cache[want] : NULL;

	unsigned int idx;

	if (!want)
		return slab_fast_obj_bin(x, &idx) ? idx : 0;
	return s && slab_fast_obj_of(s, x, want) ? want : 0;
}

u8 *slab_tcache_size_bin_slot(size_t size)
{
	return size - 1 < KMALLOC_MAX_CACHE_SIZE ? &slab_fast.size_bin[(size - 1) >> 3] : NULL;
}

u8 *slab_tcache_kmalloc_bin_slot(size_t size)
{
	return size - 1 < KMALLOC_MAX_CACHE_SIZE ? &slab_fast.kmalloc_bin[(size - 1) >> 3] : NULL;
}

u64 *slab_tcache_pfn_slot(const void *x)
{
	unsigned long v = (unsigned long)x - slab_fast.page_offset;

	if (!slab_fast.pfn_bin || v >= slab_fast.dmap_size)
		return NULL;
	return &slab_fast.pfn_bin[v >> PAGE_SHIFT];
}

/* ---- caches and boots ------------------------------------------------------ */

/**
 * slab_tcache_init - this boot's setting (ukmem.slab_tcache=, default on)
 *
 * Called by the slab layer's boot.  Thread caches need membarrier.
 */
void slab_tcache_init(void)
{
	const char *v = ukmem_cmdline_get("ukmem.slab_tcache");
	bool on = true;

	if (v && kstrtobool(v, &on))
		on = true;
	if (on && !plat_membarrier())
		on = false;
	WRITE_ONCE(tcache_enabled, on);
	slab_fast.page_offset = PAGE_OFFSET;
	slab_fast.mem_map = ukmem_mem_map;
	slab_fast.no_init = !ukmem_kp.init_on_alloc && !ukmem_kp.init_on_free;
	slab_fast.no_wipe = !ukmem_kp.init_on_free;
	slab_fast.dmap_size = ukmem_mem_map ? ukmem_high_memory - PAGE_OFFSET : 0;
	tcache_map_pfn_bin();
	ukmem_slab_hooks_update();
}

/*
 * kmalloc_bin[k]'s value: the bin of the normal cache of bucket k (sizes
 * 8k+1 .. 8k+8: kmalloc_size_index[] up to 192 bytes, fls(size - 1)
 * above, which is fls(8k) for all eight, a power of two past 192 being a
 * multiple of 8), or 0 with the random kmalloc caches, whose copy the
 * call site picks on kmalloc's slow side.
 */
static unsigned int tcache_kmalloc_bin_want(unsigned int k)
{
	unsigned int index = k < ARRAY_SIZE(kmalloc_size_index) ? kmalloc_size_index[k]
								: (unsigned int)fls(8 * k);
	struct kmem_cache *s = kmalloc_caches[KMALLOC_NORMAL][index];

	return s && !ukmem_random_kmalloc_caches() ? s->tcache_idx : 0;
}

/** slab_tcache_boot_done - the kmalloc caches exist: kmalloc's fast path may use them */
void slab_tcache_boot_done(void)
{
	spin_lock(&slab_hooks_lock);
	for (unsigned int k = 0; k < ARRAY_SIZE(slab_fast.kmalloc_bin); k++)
		slab_fast.kmalloc_bin[k] = (u8)tcache_kmalloc_bin_want(k);
	tcache_update_open_bins(slab_fast.hooks);
	spin_unlock(&slab_hooks_lock);
}

/**
 * slab_tcache_init_cache - give a new cache its bin number
 * @s: the cache, fully set up; debug caches get none (their frees and
 *	allocations must run SLUB's checks), nor does anything past the
 *	table's size.
 */
void slab_tcache_init_cache(struct kmem_cache *s)
{
	unsigned int objs = oo_objects(s->oo), batch;

	s->tcache_idx = 0;
	s->tcache_alloc_idx = 0;
	slab_tcache_object_size_changed(s);
	if (!READ_ONCE(tcache_enabled) || (s->flags & SLAB_DEBUG_FLAGS) || !s->size)
		return;
	batch = clamp(objs / 2, 2U, TCACHE_BATCH_MAX);
	mutex_lock(&tcache_lock);
	for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++) {
		if (slab_fast.bin_cache[i])
			continue;
		tcache_batch[i] = batch;
		tcache_max[i] = clamp(TCACHE_MAX_BYTES / s->size, 2 * batch, SLAB_TCACHE_CAP - 1U);
		slab_fast.bin_magic[i] = s->divisor_magic;
		spin_lock(&slab_hooks_lock);
		slab_fast.bin_cache[i] = s;
		s->tcache_idx = i;
		s->tcache_alloc_idx = tcache_pops_open(slab_fast.hooks) ? i : 0;
		spin_unlock(&slab_hooks_lock);
		break;
	}
	mutex_unlock(&tcache_lock);
}

/**
 * slab_tcache_object_size_changed - what init_on_alloc zeroes follows @s
 * @s: a new cache, or one an alias has just grown (slab_mutex held)
 */
void slab_tcache_object_size_changed(struct kmem_cache *s)
{
	WRITE_ONCE(s->tcache_zero_size, slab_want_init_on_alloc(0, s) ? s->object_size : 0);
	WRITE_ONCE(s->tcache_gfp_zero_size,
		   slab_want_init_on_alloc(__GFP_ZERO, s) ? s->object_size : 0);
	WRITE_ONCE(s->tcache_wipe_tail, slub_info_end(s));
	WRITE_ONCE(s->tcache_wipe_size, slab_want_init_on_free(s) ? s->object_size : 0);
}

/**
 * slab_tcache_bin_follows - @s's bin belongs to @s at this address
 * @s: a cache that was flushed or copied (the bootstrap caches, copied
 *	out of static storage, have no bin: nothing to do for them)
 */
void slab_tcache_bin_follows(struct kmem_cache *s)
{
	if (!s->tcache_idx)
		return;
	spin_lock(&slab_hooks_lock);
	slab_fast.bin_cache[s->tcache_idx] = s;
	spin_unlock(&slab_hooks_lock);
}

/**
 * slab_tcache_release_cache - a cache goes away: its bin number is free again
 * @s: the cache (its bins were emptied by __kmem_cache_shutdown)
 */
void slab_tcache_release_cache(struct kmem_cache *s)
{
	struct slab_tcache *tc;
	unsigned int idx = s->tcache_idx;

	if (!idx)
		return;
	mutex_lock(&tcache_lock);
	tcache_hold_all();
	list_for_each_entry(tc, &tcache_threads, list)
		tcache_flush_bin(tc, idx, true);
	spin_lock(&slab_hooks_lock);
	slab_fast.bin_cache[idx] = NULL;
	s->tcache_idx = 0;
	WRITE_ONCE(s->tcache_alloc_idx, 0);
	spin_unlock(&slab_hooks_lock);
	slab_fast.bin_magic[idx] = 0;
	tcache_release_all();
	mutex_unlock(&tcache_lock);
}

/**
 * slab_tcache_flush_cache - give back every thread's objects of @s
 * @s: the cache (shrink and destroy call this first)
 */
void slab_tcache_flush_cache(struct kmem_cache *s)
{
	struct slab_tcache *tc;
	unsigned int idx = s->tcache_idx;

	if (!idx)
		return;
	mutex_lock(&tcache_lock);
	tcache_hold_all();
	list_for_each_entry(tc, &tcache_threads, list)
		tcache_flush_bin(tc, idx, true);
	tcache_release_all();
	mutex_unlock(&tcache_lock);
}

/**
 * slab_tcache_count - objects of @s in all threads' caches
 * @s: the cache, or NULL for every cache
 *
 * For tests and reports: the count is exact at the moment every cache was
 * held, stale by the time it is returned if threads are running.
 */
unsigned long slab_tcache_count(struct kmem_cache *s)
{
	struct slab_tcache *tc;
	unsigned long n = 0;

	if (s && !s->tcache_idx)
		return 0;
	mutex_lock(&tcache_lock);
	tcache_hold_all();
	list_for_each_entry(tc, &tcache_threads, list)
		for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++)
			if (!s || i == s->tcache_idx)
				n += tcache_bin_count(&tc->bin[i]);
	tcache_release_all();
	mutex_unlock(&tcache_lock);
	return n;
}

/* No bin has a cache, kmalloc's tables are empty (tcache_lock held). */
static void __tcache_forget_caches(void)
{
	spin_lock(&slab_hooks_lock);
	memset(slab_fast.bin_cache, 0, sizeof(slab_fast.bin_cache));
	memset(slab_fast.size_bin, 0, sizeof(slab_fast.size_bin));
	memset(slab_fast.kmalloc_bin, 0, sizeof(slab_fast.kmalloc_bin));
	spin_unlock(&slab_hooks_lock);
}

/**
 * slab_tcache_forget_caches - no bin has a cache any more (shutdown)
 *
 * After slab_tcache_flush_all(), before the slabs that hold the caches
 * themselves go back to the page allocator: a hooks update that follows
 * (KFENCE's exit) must find no cache to write to.
 */
void slab_tcache_forget_caches(void)
{
	mutex_lock(&tcache_lock);
	__tcache_forget_caches();
	mutex_unlock(&tcache_lock);
}

/** slab_tcache_flush_all - give back every object of every thread's cache */
void slab_tcache_flush_all(void)
{
	struct slab_tcache *tc;

	mutex_lock(&tcache_lock);
	tcache_hold_all();
	list_for_each_entry(tc, &tcache_threads, list)
		tcache_flush_tc(tc);
	tcache_release_all();
	mutex_unlock(&tcache_lock);
}

/**
 * slab_tcache_reset - forget the bins of a machine that is gone
 *
 * Called when the slab layer is reset (boot, after shutdown): the bins
 * are emptied without touching their objects, the bin numbers freed.
 */
void slab_tcache_reset(void)
{
	struct slab_tcache *tc;

	mutex_lock(&tcache_lock);
	tcache_hold_all();
	list_for_each_entry(tc, &tcache_threads, list)
		tcache_init_bins(tc);
	__tcache_forget_caches();
	memset(slab_fast.bin_magic, 0, sizeof(slab_fast.bin_magic));
	slab_fast.dmap_size = 0;
	tcache_unmap_pfn_bin();
	tcache_release_all();
	mutex_unlock(&tcache_lock);
}

/* ---- the validator --------------------------------------------------------- */

struct tc_entry {
	void *object;
	unsigned int idx;
};

static struct tc_entry *tc_entries; /* in tc_buf, during a check */
static size_t tc_nr;
static struct plat_scratch tc_buf;

static void tc_sift(struct tc_entry *a, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		struct tc_entry t;

		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1].object > a[child].object)
			child++;
		if (a[root].object >= a[child].object)
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void tc_sort(struct tc_entry *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		tc_sift(a, i, n);
	for (size_t i = n; i-- > 1;) {
		struct tc_entry t = a[0];

		a[0] = a[i];
		a[i] = t;
		tc_sift(a, 0, i);
	}
}

__printf(1, 2) static void tc_err(const char *fmt, ...)
{
	va_list args;
	char buf[256];

	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	pr_err("ukmem_check: slab: %s", buf);
}

/*
 * The bare pops' bins against their sources (the invariants of slab_fast's
 * size_bin and of struct kmem_cache's tcache_alloc_idx).
 */
static int tc_check_open_bins(void)
{
	bool open;
	int errors = 0;

	spin_lock(&slab_hooks_lock);
	open = tcache_pops_open(slab_fast.hooks);
	for (unsigned int k = 0; k < ARRAY_SIZE(slab_fast.size_bin); k++) {
		unsigned int want = open ? slab_fast.kmalloc_bin[k] : 0;
		unsigned int got = READ_ONCE(slab_fast.size_bin[k]);

		if (got != want) {
			tc_err("kmalloc fast table: sizes %u..%u: bin %u, should be %u\n",
			       8 * k + 1, 8 * k + 8, got, want);
			errors++;
		}
		want = tcache_kmalloc_bin_want(k);
		got = slab_fast.kmalloc_bin[k];
		if (got != want) {
			tc_err("kmalloc table: sizes %u..%u: bin %u, should be %u\n", 8 * k + 1,
			       8 * k + 8, got, want);
			errors++;
		}
	}
	for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++) {
		struct kmem_cache *s = slab_fast.bin_cache[i];
		unsigned int want = open ? i : 0;

		if (!s)
			continue;
		if (s->tcache_alloc_idx != want) {
			tc_err("%s: kmem_cache_alloc fast bin %u, should be %u\n", s->name,
			       s->tcache_alloc_idx, want);
			errors++;
		}
		want = slab_want_init_on_alloc(0, s) ? s->object_size : 0;
		if (s->tcache_zero_size != want) {
			tc_err("%s: zeroes %u bytes of an object from the thread cache, should be %u\n",
			       s->name, s->tcache_zero_size, want);
			errors++;
		}
		want = slab_want_init_on_alloc(__GFP_ZERO, s) ? s->object_size : 0;
		if (s->tcache_gfp_zero_size != want) {
			tc_err("%s: zeroes %u bytes for __GFP_ZERO from the thread cache, should be %u\n",
			       s->name, s->tcache_gfp_zero_size, want);
			errors++;
		}
		want = slab_want_init_on_free(s) ? s->object_size : 0;
		if (s->tcache_wipe_size != want || s->tcache_wipe_tail != slub_info_end(s)) {
			tc_err("%s: wipes %u bytes and from %u of an object into the thread cache, should be %u and from %u\n",
			       s->name, s->tcache_wipe_size, s->tcache_wipe_tail, want,
			       slub_info_end(s));
			errors++;
		}
	}
	spin_unlock(&slab_hooks_lock);
	return errors;
}

/* Is @p an object start of a slab of @s?  (Before its link is read.) */
static bool tc_object_ok(struct kmem_cache *s, void *p)
{
	struct slab *slab;
	unsigned long off;

	if (!virt_addr_valid(p))
		return false;
	slab = virt_to_slab(p);
	if (!slab || slab->slab_cache != s)
		return false;
	off = (unsigned long)((char *)p - (char *)slab_address(slab)) -
	      ((s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0);
	return off % s->size == 0 && off / s->size < slab->objects;
}

/* One bin of @tc: its shape, then its objects into tc_entries. */
static int tc_check_bin(struct slab_tcache *tc, unsigned int i)
{
	struct slab_tcache_bin *b = &tc->bin[i];
	struct kmem_cache *s = slab_fast.bin_cache[i];
	void **own = tc->area + (size_t)i * SLAB_TCACHE_CAP + 1;
	long count = b->top - b->slots, limit = b->end - b->slots;
	int errors = 0;

	if (b->slots == TCACHE_EMPTY && b->top == b->slots && b->end == b->slots)
		return 0;
	if (!i || b->slots != own || own[-1]) {
		tc_err("thread cache %px: bin %u: array %px, sentinel lost or not its own\n", tc, i,
		       b->slots);
		return 1;
	}
	/* (a count past the cap was not counted in tc_entries' size) */
	if (count < 0 || count > limit || limit > SLAB_TCACHE_CAP - 1) {
		tc_err("thread cache %px: bin %u: count %ld, limit %ld\n", tc, i, count, limit);
		return 1;
	}
	if (!s) {
		if (count) {
			tc_err("thread cache %px: bin %u holds %ld objects of no cache\n", tc, i,
			       count);
			errors++;
		}
		return errors;
	}
	for (long k = 0; k < count; k++) {
		void *p = b->slots[k];

		if (!tc_object_ok(s, p)) {
			tc_err("%s: thread cache %px holds %px, not an object of the cache\n",
			       s->name, tc, p);
			errors++;
			continue;
		}
		tc_entries[tc_nr].object = p;
		tc_entries[tc_nr].idx = i;
		tc_nr++;
	}
	return errors;
}

/**
 * slab_tcache_check_begin - hold every thread cache for the validator
 *
 * Walks every bin: its array must be its own, with its sentinel, and its
 * count within its limit; each object must be an object start of a slab
 * of the bin's cache; the objects are then looked up slab by slab
 * (slab_tcache_check_slab).  The bare pops' bins (kmalloc's table, each
 * cache's tcache_alloc_idx) must match their sources (tc_check_open_bins).
 * slab_mutex is held.
 *
 * Return: the errors found (each reported).
 */
int slab_tcache_check_begin(void)
{
	struct slab_tcache *tc;
	size_t total = 0;
	int errors = 0;

	mutex_lock(&tcache_lock);
	tcache_hold_all();
	list_for_each_entry(tc, &tcache_threads, list)
		for (unsigned int i = 0; i < SLAB_TCACHE_SLOTS; i++)
			total += clamp_t(long, tc->bin[i].top - tc->bin[i].slots, 0,
					 SLAB_TCACHE_CAP);
	errors += tc_check_open_bins();
	tc_nr = 0;
	/* host memory: checking allocates nothing */
	tc_entries = plat_scratch_get(&tc_buf, PAGE_ALIGN((total + 1) * sizeof(*tc_entries)));
	if (!tc_entries) {
		tc_err("no host memory for the thread caches' walk\n");
		return errors + 1;
	}
	list_for_each_entry(tc, &tcache_threads, list) {
		for (unsigned int i = 0; i < SLAB_TCACHE_SLOTS; i++)
			errors += tc_check_bin(tc, i);
	}
	tc_sort(tc_entries, tc_nr);
	return errors;
}

/**
 * slab_tcache_check_slab - the objects of @slab in thread caches
 * @s: its cache
 * @slab: the slab, whose free lists the validator has marked in @seen
 * @seen: one bit per object of the slab
 *
 * Return: the errors found: an object in a thread cache that is also on a
 * free list, or in two thread caches.
 */
int slab_tcache_check_slab(struct kmem_cache *s, struct slab *slab, unsigned long *seen)
{
	char *base = slab_address(slab), *end = base + slab_size(slab);
	size_t lo = 0, hi = tc_nr;
	int errors = 0;

	if (!tc_entries)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((char *)tc_entries[mid].object < base)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < tc_nr && (char *)tc_entries[lo].object < end; lo++) {
		unsigned long off = (unsigned long)((char *)tc_entries[lo].object - base) -
				    ((s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0);
		unsigned long idx = off / s->size;

		if (seen[idx / BITS_PER_LONG] & (1UL << (idx % BITS_PER_LONG))) {
			tc_err("%s: object %px is in a thread cache and free elsewhere (slab %px)\n",
			       s->name, tc_entries[lo].object, slab);
			errors++;
		}
		seen[idx / BITS_PER_LONG] |= 1UL << (idx % BITS_PER_LONG);
	}
	return errors;
}

/** slab_tcache_check_end - let the threads have their caches back */
void slab_tcache_check_end(void)
{
	tc_entries = NULL;
	tc_nr = 0;
	tcache_release_all();
	mutex_unlock(&tcache_lock);
}

/* ---- fork -------------------------------------------------------------------- */

/** slab_tcache_fork_prepare - hold tcache_lock and every cache across fork() */
void slab_tcache_fork_prepare(void)
{
	mutex_lock(&tcache_lock);
	tcache_hold_all();
	tcache_fork_pid = plat_getpid();
}

/**
 * slab_tcache_fork_release - after fork(), in parent and child
 *
 * The child keeps only its own thread's cache; the others are set aside
 * for slab_tcache_fork_done(), once the slab locks are free.
 */
void slab_tcache_fork_release(void)
{
	if (plat_getpid() != tcache_fork_pid) {
		struct slab_tcache *tc, *t;

		list_for_each_entry_safe(tc, t, &tcache_threads, list)
			if (tc != slab_tc)
				list_move(&tc->list, &tcache_orphans);
	}
	tcache_release_all();
	mutex_unlock(&tcache_lock);
}

/** slab_tcache_fork_done - the child gives back the caches of absent threads */
void slab_tcache_fork_done(void)
{
	struct slab_tcache *tc, *t;

	mutex_lock(&tcache_lock);
	list_for_each_entry_safe(tc, t, &tcache_orphans, list) {
		tcache_flush_tc(tc);
		tcache_init_bins(tc);
		list_move(&tc->list, &tcache_pool);
	}
	mutex_unlock(&tcache_lock);
}
