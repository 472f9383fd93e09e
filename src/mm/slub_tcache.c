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
 * Algorithm.  A bin is a chain of free objects of one cache, linked the
 * way a slab's free list is (hardened encoding at s->offset), with its
 * length.  kmalloc/kmem_cache_alloc pop the head, kfree/kmem_cache_free
 * push, with plain loads and stores.  An empty bin is refilled with up to
 * a batch of objects taken off the CPU's freelist in one CPU-lock round
 * trip (slab_alloc_chain, which runs SLUB's slow path when that freelist
 * is empty).  A free that finds the bin at its limit first hands a batch
 * back (slab_free_chain: one locked SLUB free per run of objects of one
 * slab) and raises the limit by a batch, up to a per-cache maximum, so a
 * thread that frees in long runs ends up caching a whole run (tcmalloc's
 * slow start).  batch = objects per slab / 2 clamped to 2..32; the
 * limit starts at 2 * batch; the maximum is 128 KiB of objects clamped to
 * 2 * batch..4096 objects.
 *
 * Accounting.  An object in a bin is allocated as far as its slab knows
 * (counted in inuse), exactly as an object on a CPU's lockless freelist is
 * in 6.12, so /proc/slabinfo's active_objs and the sysfs counts include
 * them and need no change.  What must see them as free does so:
 * kmem_cache_shrink and kmem_cache_destroy first empty that cache's bin in
 * every thread (slab_tcache_flush_cache), shutdown empties every bin
 * before it counts leaked objects, and the validator checks every object
 * in every bin (an object start of a slab of the bin's cache, on no free
 * list, in no other bin; each bin's count equal to its chain).
 *
 * Other threads' bins.  The owner brackets each bin update with
 * tc->busy = 1 ... busy = 0 and reads tc->remote in between; another
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
 * Bulk calls: kmem_cache_alloc_bulk pops a run off the bin and
 * kmem_cache_free_bulk pushes a run, each in one bin update.  A refill
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
 * held).  tcache_lock is never taken on the fast path.  A remote side
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

_Thread_local struct slab_tcache *slab_tc;
struct slab_fast_state slab_fast;
/* This thread's cache was given back at its exit: no new one. */
static _Thread_local bool tc_gone;

static DEFINE_MUTEX(tcache_lock);
static LIST_HEAD(tcache_threads); /* registered caches (tcache_lock) */
static LIST_HEAD(tcache_pool); /* given back, reused by new threads */
static LIST_HEAD(tcache_orphans); /* fork child: caches of threads it does not have */
static int tcache_fork_pid;
static bool tcache_enabled; /* this boot: ukmem.slab_tcache= and membarrier */

/* Per bin number: its cache, batch and maximum limit (tcache_lock to change). */
static struct kmem_cache *tcache_slot[SLAB_TCACHE_SLOTS];
static unsigned int tcache_batch[SLAB_TCACHE_SLOTS];
static unsigned int tcache_max[SLAB_TCACHE_SLOTS];

#define TCACHE_BYTES PAGE_ALIGN(sizeof(struct slab_tcache))
#define TCACHE_MAX_BYTES (128U * 1024)

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

/* Give one bin's objects back to their slabs and empty it. */
static void tcache_flush_bin(struct slab_tcache *tc, unsigned int idx, bool reset_limit)
{
	struct slab_tcache_bin *b = &tc->bin[idx];
	void *head = b->head;
	unsigned int nr = b->count;

	b->head = NULL;
	b->count = 0;
	if (reset_limit)
		b->limit = 0;
	if (head)
		slab_free_chain(tcache_slot[idx], head, nr);
}

static void tcache_flush_tc(struct slab_tcache *tc)
{
	for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++)
		if (tc->bin[i].head)
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
		memset(tc, 0, sizeof(*tc));
		list_add(&tc->list, &tcache_pool);
	}
	mutex_unlock(&tcache_lock);
	slab_tc = NULL;
	tc_gone = true;
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
		tc = plat_map_anon(TCACHE_BYTES);
	}
	if (tc) {
		memset(tc, 0, sizeof(*tc));
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
		void *head;
		unsigned int nr;
	} out[SLAB_TCACHE_SLOTS];
	unsigned int n = 0;

	slab_tc_enter(tc);
	if (!READ_ONCE(tc->remote)) {
		for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++) {
			struct slab_tcache_bin *b = &tc->bin[i];

			out[i].head = b->head;
			out[i].nr = b->count;
			b->head = NULL;
			b->count = 0;
			if (out[i].head)
				n++;
		}
	}
	slab_tc_leave(tc);
	if (!n)
		return;
	for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++)
		if (out[i].head)
			slab_free_chain(tcache_slot[i], out[i].head, out[i].nr);
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
	struct slab_tcache_bin *b;
	void *object, *rest;

	if (!tc) {
		tc = tcache_create();
		if (!tc)
			return NULL;
	}
	object = slab_alloc_chain(s, gfpflags | __GFP_NOWARN, tcache_batch[idx], &nr);
	if (unlikely(!object)) {
		tcache_drain_self(tc);
		return NULL;
	}
	if (nr == 1)
		return object;
	rest = slab_tc_get_next(s, object);
	nr--;
	b = &tc->bin[idx];
	slab_tc_enter(tc);
	if (likely(!READ_ONCE(tc->remote) && !b->head)) {
		b->head = rest;
		b->count = nr;
		if (!b->limit)
			b->limit = 2 * tcache_batch[idx];
		rest = NULL;
	}
	slab_tc_leave(tc);
	if (unlikely(rest))
		slab_free_chain(s, rest, nr);
	return object;
}

/**
 * slab_tcache_free_slow - a free the inline push did not take
 * @s: a cache with a bin
 * @object: the object
 *
 * The bin is full (a batch goes back to the slabs first), not set up yet,
 * or @object already heads it: the naive double free, which is 6.12's
 * freelist-hardening BUG (refused under ukmem.bug=warn).
 *
 * Return: true when the free is done (or refused), false when the caller
 * must take SLUB's locked path.
 */
bool slab_tcache_free_slow(struct kmem_cache *s, void *object)
{
	struct slab_tcache *tc = slab_tc;
	unsigned int idx = s->tcache_idx, batch, n = 0;
	struct slab_tcache_bin *b;
	void *flush = NULL;

	if (!tc) {
		tc = tcache_create();
		if (!tc)
			return false;
	}
	b = &tc->bin[idx];
	batch = tcache_batch[idx];
	slab_tc_enter(tc);
	if (unlikely(READ_ONCE(tc->remote))) {
		slab_tc_leave(tc);
		return false;
	}
	if (unlikely(object == b->head)) {
		slab_tc_leave(tc);
		if (!freelist_hardened)
			return false; /* undetected, as in 6.12 without hardening */
		slab_link_object(s, object, object); /* BUG(); refused if it returns */
		return true;
	}
	if (!b->limit)
		b->limit = 2 * batch;
	if (b->count >= b->limit) {
		void *last = b->head;

		flush = last;
		n = 1;
		while (n < batch && n < b->count) {
			last = slab_tc_get_next(s, last);
			n++;
		}
		b->head = slab_tc_get_next(s, last);
		b->count -= n;
		if (b->limit < tcache_max[idx])
			b->limit = min(b->limit + batch, tcache_max[idx]);
	}
	slab_tc_set_next(s, object, b->head);
	b->head = object;
	b->count++;
	slab_tc_leave(tc);
	if (flush)
		slab_free_chain(s, flush, n);
	return true;
}

/**
 * slab_tcache_alloc_bulk - pop up to @size objects of @s off this thread's bin
 * @s: a cache with a bin
 * @size: how many are wanted
 * @p: where they go
 *
 * Return: how many were popped (0 when the bin is empty or held); the
 * caller initialises them and gets the rest through slab_alloc_node().
 */
int slab_tcache_alloc_bulk(struct kmem_cache *s, size_t size, void **p)
{
	struct slab_tcache *tc = slab_tc;
	struct slab_tcache_bin *b;
	size_t i = 0;

	/* hooks (failslab, KFENCE, KASAN, kmemleak) see each object: slab_alloc_node() */
	if (unlikely(!tc || slab_fast.hooks))
		return 0;
	b = &tc->bin[s->tcache_idx];
	slab_tc_enter(tc);
	if (likely(!READ_ONCE(tc->remote))) {
		void *object = b->head;

		while (i < size && object) {
			p[i++] = object;
			object = slab_tc_get_next(s, object);
		}
		b->head = object;
		b->count -= (unsigned int)i;
	}
	slab_tc_leave(tc);
	return (int)i;
}

/**
 * slab_tcache_free_bulk - push objects of @s on this thread's bin
 * @s: their cache
 * @size: how many are offered
 * @p: the objects
 *
 * Stops at the first object it does not take: not a slab object of @s
 * (kmem_cache_free() reports it), the naive double free, a full bin, or
 * init_on_free (which wipes on the way).
 *
 * Return: how many were pushed, from the start of @p.
 */
size_t slab_tcache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	struct slab_tcache *tc = slab_tc;
	struct slab_tcache_bin *b;
	size_t i = 0;

	if (unlikely(!tc || !s->tcache_idx || !slab_fast.no_wipe || slab_fast.hooks))
		return 0;
	b = &tc->bin[s->tcache_idx];
	slab_tc_enter(tc);
	if (likely(!READ_ONCE(tc->remote))) {
		void *head = b->head;
		unsigned int count = b->count;

		for (; i < size && count < b->limit; i++) {
			struct slab *slab = slab_lookup_fast(p[i]);

			if (unlikely(!slab || slab->slab_cache != s || p[i] == head ||
				     !slab_obj_start(s, slab, p[i])))
				break;
			slab_tc_set_next(s, p[i], head);
			head = p[i];
			count++;
		}
		b->head = head;
		b->count = count;
	}
	slab_tc_leave(tc);
	return i;
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
	slab_fast.hardened = freelist_hardened;
	slab_fast.dmap_size = ukmem_mem_map ? ukmem_high_memory - PAGE_OFFSET : 0;
	ukmem_slab_hooks_update();
}

/** slab_tcache_boot_done - the kmalloc caches exist: kmalloc's fast path may use them */
void slab_tcache_boot_done(void)
{
	for (unsigned int i = 0; i <= KMALLOC_SHIFT_HIGH; i++) {
		struct kmem_cache *s = kmalloc_caches[KMALLOC_NORMAL][i];

		slab_fast.kmalloc[i] = s;
		slab_fast.kmalloc_bin[i] = s ? (unsigned short)s->tcache_idx : 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(slab_fast.small); i++) {
		slab_fast.small[i] = slab_fast.kmalloc[kmalloc_size_index[i]];
		slab_fast.small_bin[i] = slab_fast.kmalloc_bin[kmalloc_size_index[i]];
	}
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
	if (!READ_ONCE(tcache_enabled) || (s->flags & SLAB_DEBUG_FLAGS) || !s->size)
		return;
	batch = clamp(objs / 2, 2U, 32U);
	mutex_lock(&tcache_lock);
	for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++) {
		if (tcache_slot[i])
			continue;
		tcache_slot[i] = s;
		tcache_batch[i] = batch;
		tcache_max[i] = clamp(TCACHE_MAX_BYTES / s->size, 2 * batch, 4096U);
		s->tcache_idx = i;
		break;
	}
	mutex_unlock(&tcache_lock);
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
	tcache_slot[idx] = NULL;
	s->tcache_idx = 0;
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
				n += tc->bin[i].count;
	tcache_release_all();
	mutex_unlock(&tcache_lock);
	return n;
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
		memset(tc->bin, 0, sizeof(tc->bin));
	memset(tcache_slot, 0, sizeof(tcache_slot));
	slab_fast.dmap_size = 0;
	memset(slab_fast.kmalloc, 0, sizeof(slab_fast.kmalloc));
	memset(slab_fast.small, 0, sizeof(slab_fast.small));
	tcache_release_all();
	mutex_unlock(&tcache_lock);
}

/* ---- the validator --------------------------------------------------------- */

struct tc_entry {
	void *object;
	unsigned int idx;
};

static struct tc_entry *tc_entries;
static size_t tc_nr, tc_bytes;
/* host memory kept between checks (grown when needed): a fresh map per check cost more */
static struct tc_entry *tc_buf;
static size_t tc_buf_bytes;

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

/**
 * slab_tcache_check_begin - hold every thread cache for the validator
 *
 * Walks every bin: each object must be an object start of a slab of the
 * bin's cache and each chain as long as its count; the objects are then
 * looked up slab by slab (slab_tcache_check_slab).  slab_mutex is held.
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
		for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++)
			total += tc->bin[i].count + 1;
	tc_nr = 0;
	tc_bytes = PAGE_ALIGN((total + 1) * sizeof(*tc_entries));
	if (tc_bytes > tc_buf_bytes) {
		struct tc_entry *buf = plat_map_anon(tc_bytes); /* checking allocates nothing */

		if (buf) {
			if (tc_buf)
				plat_unmap_anon(tc_buf, tc_buf_bytes);
			tc_buf = buf;
			tc_buf_bytes = tc_bytes;
		}
	}
	tc_entries = tc_bytes <= tc_buf_bytes ? tc_buf : NULL;
	if (!tc_entries) {
		tc_err("no host memory for the thread caches' walk\n");
		return 1;
	}
	list_for_each_entry(tc, &tcache_threads, list) {
		if (tc->bin[0].head || tc->bin[0].count || tc->bin[0].limit) {
			tc_err("thread cache %px: bin 0 is not empty\n", tc);
			errors++;
		}
		for (unsigned int i = 1; i < SLAB_TCACHE_SLOTS; i++) {
			struct slab_tcache_bin *b = &tc->bin[i];
			struct kmem_cache *s = tcache_slot[i];
			unsigned long len = 0;

			if (!b->head && !b->count)
				continue;
			if (!s) {
				tc_err("thread cache %px: bin %u holds %u objects of no cache\n",
				       tc, i, b->count);
				errors++;
				continue;
			}
			for (void *p = b->head; p; p = slab_tc_get_next(s, p)) {
				if (!tc_object_ok(s, p)) {
					tc_err("%s: thread cache %px holds %px, not an object of the cache\n",
					       s->name, tc, p);
					errors++;
					break;
				}
				if (++len > b->count)
					break;
				tc_entries[tc_nr].object = p;
				tc_entries[tc_nr].idx = i;
				tc_nr++;
			}
			if (len != b->count) {
				tc_err("%s: thread cache %px: count %u, chain of %s%lu\n", s->name,
				       tc, b->count, len > b->count ? "more than " : "", len);
				errors++;
			}
		}
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
		memset(tc->bin, 0, sizeof(tc->bin));
		list_move(&tc->list, &tcache_pool);
	}
	mutex_unlock(&tcache_lock);
}
