// SPDX-License-Identifier: GPL-2.0
/*
 * pair_model.c - the smallest alloc+free pair that does what ukmem's slab
 * fast path has to do, built up one step at a time, in a shared library of
 * its own so that every call crosses into another DSO as a call into
 * libukmem does (issue 3, section 3; docs/PERFORMANCE.md).
 *
 * bench_slab_pairs calls these next to kmalloc/kfree and the kmem_cache
 * pair.  Each step adds one piece of work to the free side; the alloc side
 * is the thread-cache pop with the handshake from step 2 on:
 *
 *   0. pm_empty_*: functions that return at once: the price of two calls
 *      and two returns through the GOT (or the PLT) in the caller's loop.
 *   1. pm_pop / pm_push: a per-thread stack of object pointers reached
 *      through an initial-exec TLS pointer, as slab_tc is; no checks.
 *   2. + the busy/remote handshake around each side (slab_tc_enter() and
 *      slab_tc_leave()): two plain stores and a load.
 *   3. + the lookup kfree and kmem_cache_free make: the address's offset
 *      in an arena, bounds-checked, indexes a table with one 64-bit entry
 *      per 4 KiB page, whose low byte must name the bin.
 *   4. + the object-start test: the offset in the page plus the page's
 *      phase (0 here, as in an order-0 slab), times the size's Lemire
 *      constant, compared with the entry's bound.
 *   5. + the naive double-free test: the object must not be the one on
 *      top of the bin.
 *
 * Step 5 is everything ukmem's kmem_cache_free does on its fast path; kfree
 * does the same and takes the bin from the entry instead of comparing it.
 * Nothing here is used by libukmem; the model only tells what the checks
 * cost on the machine at hand, with no allocator around them.
 *
 * One thread only: pm_setup() builds the arena and fills the calling
 * thread's bin.  The arena is 4 pages of 64-byte objects, every one of them
 * in the bin at the start.
 */
#include "pair_model.h"

#include <stdint.h>
#include <stdlib.h>

#define PM_PAGE_SHIFT 12
#define PM_PAGES 4
#define PM_BIN 3 /* an arbitrary bin, as a kmalloc index would be */
#define PM_OBJECTS ((PM_PAGES << PM_PAGE_SHIFT) / 64)

struct pm_bin {
	void **top; /* one past the last pointer; top[-1] is NULL when empty */
	void **end;
};

/* The thread cache: bins[b].top - slots of bin b == objects it holds. */
struct pm_tcache {
	int busy;
	int remote;
	struct pm_bin bins[8];
	void *slots[PM_OBJECTS + 1]; /* slots[0] is the NULL sentinel */
};

/* The cache: objects of @size bytes in bin @bin; @magic = U64_MAX / size + 1. */
struct pm_cache {
	unsigned int bin;
	unsigned int size;
	uint64_t magic;
};

static struct pm_cache pm_cache64;
static struct pm_tcache pm_tc;
static uintptr_t pm_base, pm_span;
static uint64_t pm_entry[PM_PAGES]; /* bin | phase << 8 | bound << 32, as pfn_bin's entry */
static __thread struct pm_tcache *pm_tcp __attribute__((tls_model("initial-exec")));

struct pm_cache *pm_setup(void)
{
	struct pm_cache *s = &pm_cache64;
	char *arena = aligned_alloc(1UL << PM_PAGE_SHIFT, PM_PAGES << PM_PAGE_SHIFT);
	struct pm_bin *b = &pm_tc.bins[PM_BIN];
	uint64_t last;

	if (!arena)
		return NULL;
	s->bin = PM_BIN;
	s->size = 64;
	s->magic = UINT64_MAX / s->size + 1;
	pm_base = (uintptr_t)arena;
	pm_span = PM_PAGES << PM_PAGE_SHIFT;
	/* The bound is n * magic for the page's last object start n. */
	last = ((1U << PM_PAGE_SHIFT) - s->size) / s->size * s->size;
	for (int i = 0; i < PM_PAGES; i++)
		pm_entry[i] = PM_BIN | (last * s->magic) << 32;
	b->top = &pm_tc.slots[1];
	b->end = &pm_tc.slots[PM_OBJECTS + 1];
	for (int i = 0; i < PM_OBJECTS; i++)
		*b->top++ = arena + i * s->size;
	pm_tcp = &pm_tc;
	return s;
}

static char pm_dummy[64];

void *pm_empty_alloc(struct pm_cache *s)
{
	(void)s;
	return pm_dummy;
}

void pm_empty_free(struct pm_cache *s, void *x)
{
	(void)s;
	(void)x;
}

/* step 1 */
void *pm_pop(struct pm_cache *s)
{
	struct pm_bin *b = &pm_tcp->bins[s->bin];
	void *x = b->top[-1];

	if (x)
		b->top--;
	return x;
}

void pm_push(struct pm_cache *s, void *x)
{
	struct pm_bin *b = &pm_tcp->bins[s->bin];

	if (b->top != b->end)
		*b->top++ = x;
}

/* step 2: the alloc side of steps 2 to 5 */
void *pm_pop_hs(struct pm_cache *s)
{
	struct pm_tcache *tc = pm_tcp;
	struct pm_bin *b;
	void *x = NULL;

	__atomic_store_n(&tc->busy, 1, __ATOMIC_RELAXED);
	if (!tc->remote) {
		b = &tc->bins[s->bin];
		x = b->top[-1];
		if (x)
			b->top--;
	}
	__atomic_store_n(&tc->busy, 0, __ATOMIC_RELAXED);
	return x;
}

/* The push with the handshake; @dfree adds step 5's test. */
static inline __attribute__((always_inline)) void pm_push_in(struct pm_cache *s, void *x, int dfree)
{
	struct pm_tcache *tc = pm_tcp;
	struct pm_bin *b;

	__atomic_store_n(&tc->busy, 1, __ATOMIC_RELAXED);
	if (!tc->remote) {
		b = &tc->bins[s->bin];
		if (b->top != b->end && !(dfree && b->top[-1] == x))
			*b->top++ = x;
	}
	__atomic_store_n(&tc->busy, 0, __ATOMIC_RELAXED);
}

void pm_push_hs(struct pm_cache *s, void *x)
{
	pm_push_in(s, x, 0);
}

/* step 3: the page's entry, which must name the cache's bin */
static inline __attribute__((always_inline)) int pm_lookup(struct pm_cache *s, void *x, uint64_t *e,
							   uintptr_t *v)
{
	*v = (uintptr_t)x - pm_base;
	if (*v >= pm_span)
		return 0;
	*e = pm_entry[*v >> PM_PAGE_SHIFT];
	return (uint8_t)*e == (uint8_t)s->bin;
}

void pm_push_lookup(struct pm_cache *s, void *x)
{
	uint64_t e;
	uintptr_t v;

	if (pm_lookup(s, x, &e, &v))
		pm_push_in(s, x, 0);
}

/* step 4: an object start, not past the page's last one */
static inline __attribute__((always_inline)) int pm_start_ok(struct pm_cache *s, uint64_t e,
							     uintptr_t v)
{
	uint64_t n = (v & ((1U << PM_PAGE_SHIFT) - 1)) + ((uint32_t)e >> 8);

	return n * s->magic <= (e >> 32);
}

void pm_push_start(struct pm_cache *s, void *x)
{
	uint64_t e;
	uintptr_t v;

	if (pm_lookup(s, x, &e, &v) && pm_start_ok(s, e, v))
		pm_push_in(s, x, 0);
}

/* step 5 */
void pm_push_checked(struct pm_cache *s, void *x)
{
	uint64_t e;
	uintptr_t v;

	if (pm_lookup(s, x, &e, &v) && pm_start_ok(s, e, v))
		pm_push_in(s, x, 1);
}

/* The number of objects in the bin, for the caller's check that nothing was refused. */
unsigned int pm_count(struct pm_cache *s)
{
	struct pm_bin *b = &pm_tc.bins[s->bin];

	return (unsigned int)(b->top - &pm_tc.slots[1]);
}
