/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/slab.h - what slub.c and slab_common.c share: struct slab (the slab
 * fields overlaid on a struct page), struct kmem_cache and its per-CPU and
 * per-node parts, the kmalloc cache table, and the internal entry points.
 *
 * struct slab occupies the storage of the head struct page of the slab's
 * (compound) page, word for word as in 6.12:
 *
 *   0 flags | 8 slab_cache | 16 slab_list / (next, slabs) | 32 freelist |
 *   40 counters (inuse:16 objects:15 frozen:1) | 48 page_type |
 *   52 _refcount | 56 obj_exts
 *
 * so that PageSlab(), page_type and _refcount stay where the page
 * allocator and dump_page() look for them.  slab_cache overlays
 * compound_head; a kmem_cache pointer is aligned, so bit 0 stays clear
 * and the head page never looks like a tail.
 *
 * Invariants (ukmem_slab_check() verifies them with the caches quiet):
 *   - a slab page is the head of a block the page allocator handed out,
 *     PageSlab, slab_cache set; objects == oo_objects(s->oo) or
 *     oo_objects(s->min) for the order it has; inuse <= objects
 *   - objects - inuse == length of slab->freelist, for every slab
 *     (a frozen CPU slab counts the objects on its CPU's lockless freelist
 *     as in use, as 6.12 does)
 *   - a slab is in exactly one state: frozen (some CPU's current slab),
 *     on one CPU's partial chain, on its node's partial list (SL_partial
 *     set, counted in nr_partial), or full and on no list
 *   - n->nr_slabs / n->total_objects count every slab of the node, except
 *     a SLAB_TYPESAFE_BY_RCU slab already discarded and waiting for its
 *     grace period (objects == 0, on no list, still PageSlab)
 */
#ifndef UKMEM_MM_SLAB_H
#define UKMEM_MM_SLAB_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct kmem_cache;

struct slab {
	unsigned long __page_flags;
	struct kmem_cache *slab_cache;
	union {
		struct list_head slab_list; /* node partial list */
		struct { /* a CPU's partial chain */
			struct slab *next;
			int slabs; /* slabs on the chain from here */
		};
		struct rcu_head rcu_head; /* SLAB_TYPESAFE_BY_RCU: freed after a GP */
	};
	void *freelist; /* first free object (encoded links) */
	union {
		unsigned long counters;
		struct {
			unsigned inuse : 16;
			unsigned objects : 15;
			unsigned frozen : 1;
		};
	};
	unsigned int __page_type;
	atomic_t __page_refcount;
	unsigned long obj_exts;
};

#define SLAB_MATCH(pg, sl)                                                     \
	_Static_assert(offsetof(struct page, pg) == offsetof(struct slab, sl), \
		       "struct slab: " #sl " does not overlay page->" #pg)
SLAB_MATCH(flags, __page_flags);
SLAB_MATCH(compound_head, slab_cache);
SLAB_MATCH(page_type, __page_type);
SLAB_MATCH(_refcount, __page_refcount);
SLAB_MATCH(memcg_data, obj_exts);
#undef SLAB_MATCH
_Static_assert(sizeof(struct slab) <= sizeof(struct page), "struct slab must fit in struct page");

/* A slab on its node's partial list: 6.12 keeps this in PG_workingset. */
#define SL_partial PG_workingset

static inline struct slab *page_slab(const struct page *page)
{
	return (struct slab *)page;
}

static inline struct page *slab_page(const struct slab *slab)
{
	return (struct page *)slab;
}

static inline struct slab *virt_to_slab(const void *addr)
{
	struct page *page = virt_to_head_page(addr);

	return PageSlab(page) ? page_slab(page) : NULL;
}

static inline void *slab_address(const struct slab *slab)
{
	return page_address(slab_page(slab));
}

static inline int slab_nid(const struct slab *slab)
{
	return page_to_nid(slab_page(slab));
}

static inline unsigned int slab_order(const struct slab *slab)
{
	return compound_order(slab_page(slab));
}

static inline size_t slab_size(const struct slab *slab)
{
	return PAGE_SIZE << slab_order(slab);
}

static inline bool slab_test_node_partial(const struct slab *slab)
{
	return (slab->__page_flags >> SL_partial) & 1;
}

/* order in the high 16 bits, objects in the low 16, as 6.12 packs them */
struct kmem_cache_order_objects {
	unsigned int x;
};
#define OO_SHIFT 16
#define OO_MASK ((1U << OO_SHIFT) - 1)
#define MAX_OBJS_PER_PAGE 32767

static inline unsigned int oo_order(struct kmem_cache_order_objects x)
{
	return x.x >> OO_SHIFT;
}

static inline unsigned int oo_objects(struct kmem_cache_order_objects x)
{
	return x.x & OO_MASK;
}

/*
 * Per CPU: the current (frozen) slab with the objects taken from it
 * (freelist), and a chain of partial slabs.  ukmem guards each with a
 * lock because several host threads may be bound to one modelled CPU;
 * the lock is uncontended when they are not.
 */
struct kmem_cache_cpu {
	spinlock_t lock;
	void *freelist; /* objects of @slab this CPU owns */
	struct slab *slab; /* current slab, frozen */
	struct slab *partial; /* partial slabs, not frozen */
	unsigned long tid; /* bumped on every change (for a later lockless path) */
};

/* Exactly 6.12's kmem_cache_node with SLUB_DEBUG (64 bytes on x86_64). */
struct kmem_cache_node {
	spinlock_t list_lock;
	unsigned long nr_partial;
	struct list_head partial;
	atomic_long_t nr_slabs;
	atomic_long_t total_objects;
	struct list_head full; /* debug caches only (later) */
};

struct kmem_cache {
	struct kmem_cache_cpu *cpu_slab; /* [nr_cpu_ids], host memory */
	slab_flags_t flags;
	unsigned int size; /* slot size: object + metadata + alignment */
	unsigned long min_partial;
	unsigned int object_size; /* what the caller asked for */
	unsigned int offset; /* free pointer offset in the slot */
	unsigned int cpu_partial; /* objects kept on CPU partial lists */
	unsigned int cpu_partial_slabs; /* ... expressed in slabs */
	struct kmem_cache_order_objects oo; /* preferred order and objects */
	struct kmem_cache_order_objects min; /* fallback */
	gfp_t allocflags;
	int refcount; /* aliases + 1; -1 while a boot cache */
	void (*ctor)(void *object);
	unsigned int inuse; /* offset of the metadata after the object */
	unsigned int align;
	unsigned int red_left_pad;
	const char *name;
	struct list_head list; /* slab_caches, newest first */
	unsigned long random; /* free pointer hardening key */
	unsigned int *random_seq; /* freelist shuffle (offsets) */
	unsigned int useroffset;
	unsigned int usersize;
	unsigned int kmalloc_type; /* for a kmalloc cache: its type */
	u64 divisor_magic; /* U64_MAX / size + 1, 0 for a power of two <= PAGE_SIZE: slab_obj_start() */
	unsigned int tcache_idx; /* its bin in every thread cache, 0 = none (slub_tcache.c) */
	struct kmem_cache_node *node[]; /* [nr_node_ids] */
};

/*
 * The object of the "kmem_cache" cache has 6.12's size for the modelled
 * configuration: offsetof(struct kmem_cache, node) is 216 there (with
 * sysfs kobject, hardened usercopy, freelist hardening and random
 * sequences), plus one pointer per node.  ukmem's own struct must fit.
 */
#define KMEM_CACHE_MODEL_BASE 216
_Static_assert(offsetof(struct kmem_cache, node) <= KMEM_CACHE_MODEL_BASE,
	       "struct kmem_cache must fit in the modelled kmem_cache object");

static inline struct kmem_cache_node *get_node(struct kmem_cache *s, int node)
{
	return s->node[node];
}

#define for_each_kmem_cache_node(s, nid, n)               \
	for ((nid) = 0; (nid) < nr_online_nodes; (nid)++) \
		if (((n) = get_node(s, nid)) == NULL) {   \
		} else

enum slab_state {
	DOWN, /* no slab functionality yet */
	PARTIAL, /* kmem_cache_node works */
	UP, /* kmalloc caches are usable */
	FULL /* everything is working */
};
extern enum slab_state slab_state;

/* slab_caches: every root cache, newest first; guarded by slab_mutex */
extern struct list_head slab_caches;
extern struct mutex slab_mutex;
extern struct kmem_cache *kmem_cache;

/* ---- kmalloc (slab_common.c) ---- */
/*
 * 6.12's order with CONFIG_RANDOM_KMALLOC_CACHES: the normal caches are
 * copy 0 of 16; copies 1..15 ("kmalloc-rnd-01-N" ..) exist only with
 * ukmem.random_kmalloc_caches=1 (their slots stay NULL otherwise).
 */
#define RANDOM_KMALLOC_CACHES_NR 15
enum kmalloc_cache_type {
	KMALLOC_NORMAL = 0,
	KMALLOC_RANDOM_START = KMALLOC_NORMAL,
	KMALLOC_RANDOM_END = KMALLOC_RANDOM_START + RANDOM_KMALLOC_CACHES_NR,
	KMALLOC_RECLAIM,
	KMALLOC_DMA,
	KMALLOC_CGROUP,
	NR_KMALLOC_TYPES
};
#define KMALLOC_SHIFT_LOW_MAX 6
extern struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
extern struct kmem_cache *kmem_buckets_cache;
extern u8 kmalloc_size_index[24];
unsigned int ukmem_kmalloc_shift_low(void);
void setup_kmalloc_cache_index_table(void);
void create_kmalloc_caches(void);
void ukmem_kmalloc_reset(void);
struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags);
const char *ukmem_kmalloc_name(unsigned int index, enum kmalloc_cache_type type);

/* ---- slub.c ---- */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size);
int do_kmem_cache_create(struct kmem_cache *s, const char *name, unsigned int size,
			 struct kmem_cache_args *args, slab_flags_t flags);
void create_boot_cache(struct kmem_cache *s, const char *name, unsigned int size,
		       slab_flags_t flags, unsigned int useroffset, unsigned int usersize);
struct kmem_cache *create_kmalloc_cache(const char *name, unsigned int size, slab_flags_t flags);
int __kmem_cache_shutdown(struct kmem_cache *s);
void __kmem_cache_release(struct kmem_cache *s);
int __kmem_cache_shrink(struct kmem_cache *s);
void kmem_cache_init(void);
int init_cache_random_seq(struct kmem_cache *s);
void init_freelist_randomization(void);
void *slab_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr,
		      size_t orig_size);
void slab_free(struct kmem_cache *s, struct slab *slab, void *object, unsigned long addr);
size_t slab_ksize(const struct kmem_cache *s);
bool slab_want_init_on_alloc(gfp_t flags, struct kmem_cache *c);
bool ukmem_slab_ensure(void);
void ukmem_slab_reset(void);

struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned long shared_avail;
	unsigned int limit;
	unsigned int batchcount;
	unsigned int shared;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo);

/* SLUB's boot parameters, as 6.12 names them */
extern unsigned int slub_min_order;
extern unsigned int slub_max_order;
extern unsigned int slub_min_objects;

static inline bool is_kmalloc_cache(const struct kmem_cache *s)
{
	return s->flags & SLAB_KMALLOC;
}

/* The flags kmem_cache_create() accepts from callers (6.12's CACHE_CREATE_MASK). */
#define SLAB_CORE_FLAGS                                                        \
	(SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_PANIC | \
	 SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT | SLAB_NO_MERGE)
#define SLAB_DEBUG_FLAGS \
	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | SLAB_CONSISTENCY_CHECKS)
#define SLAB_CACHE_FLAGS                                                                          \
	(SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT | SLAB_TEMPORARY | SLAB_ACCOUNT |                \
	 SLAB_NO_USER_FLAGS | SLAB_KMALLOC | SLAB_NO_MERGE | SLAB_SKIP_KFENCE | SLAB_NO_OBJ_EXT | \
	 SLAB_FAILSLAB)
#define CACHE_CREATE_MASK (SLAB_CORE_FLAGS | SLAB_DEBUG_FLAGS | SLAB_CACHE_FLAGS)

/* ==== slub_debug (slub_debug.c; stack depot in stackdepot.c) ==== */
#include <linux/stackdepot.h>

#ifndef BITS_TO_LONGS
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#endif

enum track_item {
	TRACK_ALLOC,
	TRACK_FREE
};

/* Who allocated or freed an object (SLAB_STORE_USER): 32 bytes, as 6.12's. */
struct track {
	unsigned long addr; /* the caller of the slab API */
	depot_stack_handle_t handle; /* its stack, in the stack depot */
	int cpu;
	int pid;
	unsigned long when; /* jiffies */
};

/* slub.c, for slub_debug.c */
void *slub_get_freepointer(const struct kmem_cache *s, void *object);
void slub_set_freepointer(const struct kmem_cache *s, void *object, void *fp);
unsigned int slub_info_end(const struct kmem_cache *s);

/* slub_debug.c */
extern slab_flags_t slub_debug;
void slub_debug_setup(void);
void slub_debug_reset(void);
bool slub_debug_higher_order_disabled(void);
slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name);
void setup_slab_debug(struct kmem_cache *s, struct slab *slab, void *addr);
void setup_object_debug(struct kmem_cache *s, void *object);
void init_object(struct kmem_cache *s, void *object, u8 val);
void set_orig_size(struct kmem_cache *s, void *object, unsigned long orig_size);
unsigned long get_orig_size(struct kmem_cache *s, void *object);
void skip_orig_size_check(struct kmem_cache *s, const void *object);
int check_valid_pointer(struct kmem_cache *s, struct slab *slab, void *object);
int check_object(struct kmem_cache *s, struct slab *slab, void *object, u8 val);
int check_slab(struct kmem_cache *s, struct slab *slab);
int on_freelist(struct kmem_cache *s, struct slab *slab, void *search);
bool slab_object_on_freelist_quiet(struct kmem_cache *s, struct slab *slab, void *object);
depot_stack_handle_t set_track_prepare(unsigned long addr);
void set_track(struct kmem_cache *s, void *object, enum track_item alloc, unsigned long addr);
void print_tracking(struct kmem_cache *s, void *object);
bool alloc_debug_processing(struct kmem_cache *s, struct slab *slab, void *object, int orig_size);
bool free_debug_processing(struct kmem_cache *s, struct slab *slab, void *head, void *tail,
			   int *bulk_cnt, unsigned long addr, depot_stack_handle_t handle);
void object_err(struct kmem_cache *s, struct slab *slab, u8 *object, const char *reason);
__printf(3, 4) void slab_err(struct kmem_cache *s, struct slab *slab, const char *fmt, ...);
__printf(2, 3) void slab_fix(struct kmem_cache *s, const char *fmt, ...);
void slab_debug_count_errors(long n);
void slab_invalid_free(struct kmem_cache *s, struct slab *slab, void *object);
long validate_slab_cache_locked(struct kmem_cache *s, const unsigned long *disabled);
unsigned long slub_debug_held_back(void);
bool slub_debug_in_disabled_slab(const void *object);
void slab_debugfs_add(struct kmem_cache *s);
void slab_debugfs_remove(struct kmem_cache *s);
void slub_debug_fork_prepare(void);
void slub_debug_fork_release(void);
unsigned long ukmem_slab_debug_errors(void);
unsigned long ukmem_shutdown_held_back_objects(void);

/* ==== end slub_debug ==== */
/* ==== per-thread object caches (slub_tcache.c) ============================ */
/*
 * The fast path: each host thread has a struct slab_tcache with one bin
 * per cache (s->tcache_idx), a chain of free objects linked exactly as a
 * slab's free list is (the hardened encoding at s->offset).  Alloc pops,
 * free pushes, with plain loads and stores: no lock, no atomic
 * read-modify-write.  The objects in a bin are "in use" for their slabs,
 * as the objects on a CPU's lockless freelist are in 6.12.
 *
 * busy/remote is the handshake with a thread that empties other threads'
 * bins (shrink, destroy, the validator, shutdown, fork): the owner sets
 * busy, then reads remote; the remote side sets remote, runs a process-
 * wide membarrier (plat_membarrier) and waits for busy == 0.  The
 * membarrier stands in for the owner's store-load fence, so the owner
 * needs only compiler barriers.  Bin 0 is always empty with limit 0: a
 * cache with no bin takes the slow path without a test of its own.
 *
 * Invariants (ukmem_slab_check with every thread cache held):
 *   - bin[i].count == length of the chain at bin[i].head, for every i
 *   - every object on a chain is an object start of a slab of the cache
 *     tcache_slot[i], is counted in that slab's inuse and is on no free
 *     list and no other chain
 *   - bin[0].head == NULL, bin[0].limit == 0
 */
#define SLAB_TCACHE_SLOTS 128

struct slab_tcache_bin {
	void *head; /* free objects of the bin's cache, linked as a slab free list */
	unsigned int count; /* == chain length */
	unsigned int limit; /* a free that finds count >= limit flushes first */
};

struct slab_tcache {
	int busy; /* written by the owner only: inside a bin update */
	int remote; /* written under tcache_lock: another thread holds the bins */
	struct list_head list; /* tcache_threads */
	struct slab_tcache_bin bin[SLAB_TCACHE_SLOTS];
};

extern _Thread_local struct slab_tcache *slab_tc;
extern bool freelist_hardened;

/*
 * What the fast paths read on every call, copied at the slab layer's boot
 * into one library-local struct (no GOT load per field): the direct map
 * (dmap_size 0 while there is no slab layer), whether objects must be
 * zeroed (init_on_alloc, init_on_free), freelist hardening, and kmalloc's
 * normal caches.
 */
struct slab_fast_state {
	unsigned long page_offset; /* PAGE_OFFSET */
	unsigned long dmap_size; /* high_memory - PAGE_OFFSET */
	struct page *mem_map;
	/*
	 * nonzero while something must see every allocation and free (failslab
	 * or fail-nth armed, KFENCE sampling, random kmalloc caches): the thread
	 * caches are bypassed and every call takes slab_alloc_node()/slab_free()
	 * (ukmem_slab_hooks_update() keeps it)
	 */
	int hooks;
	bool no_init; /* !init_on_alloc && !init_on_free: an alloc zeroes nothing */
	bool no_wipe; /* !init_on_free: a free wipes nothing */
	bool hardened; /* == freelist_hardened */
	/* kmalloc's normal caches, all NULL while there is no slab layer: */
	struct kmem_cache *small[24]; /* by (size - 1) / 8 for 1..192 bytes */
	struct kmem_cache *kmalloc[KMALLOC_SHIFT_HIGH + 1]; /* by index */
	unsigned short small_bin[24], kmalloc_bin[KMALLOC_SHIFT_HIGH + 1]; /* their tcache_idx */
};
extern struct slab_fast_state slab_fast __attribute__((visibility("hidden")));

static __always_inline void *slab_tc_get_next(const struct kmem_cache *s, void *object)
{
	unsigned long addr = (unsigned long)object + s->offset;
	unsigned long v = *(unsigned long *)addr;

	if (slab_fast.hardened)
		v ^= s->random ^ (sizeof(long) == 8 ? (unsigned long)__builtin_bswap64((u64)addr)
						    : (unsigned long)__builtin_bswap32((u32)addr));
	return (void *)v;
}

static __always_inline void slab_tc_set_next(const struct kmem_cache *s, void *object, void *fp)
{
	unsigned long addr = (unsigned long)object + s->offset;
	unsigned long v = (unsigned long)fp;

	if (slab_fast.hardened)
		v ^= s->random ^ (sizeof(long) == 8 ? (unsigned long)__builtin_bswap64((u64)addr)
						    : (unsigned long)__builtin_bswap32((u32)addr));
	*(unsigned long *)addr = v;
}

static __always_inline void slab_tc_enter(struct slab_tcache *tc)
{
	WRITE_ONCE(tc->busy, 1);
	barrier(); /* the remote side's membarrier orders it before the load of remote */
}

static __always_inline void slab_tc_leave(struct slab_tcache *tc)
{
	__atomic_store_n(&tc->busy, 0, __ATOMIC_RELEASE);
}

/* Pop one object of @s (whose bin is @idx) from this thread's cache, or NULL. */
static __always_inline void *slab_tcache_alloc_idx(struct kmem_cache *s, unsigned int idx)
{
	struct slab_tcache *tc = slab_tc;
	struct slab_tcache_bin *b;
	void *object;

	if (unlikely(!tc || slab_fast.hooks))
		return NULL;
	b = &tc->bin[idx];
	slab_tc_enter(tc);
	object = b->head;
	if (likely(object && !READ_ONCE(tc->remote))) {
		void *next = slab_tc_get_next(s, object);

		b->head = next;
		b->count--;
		/* the next pop reads its link: start that load now (6.12's prefetch_freepointer) */
		__builtin_prefetch(
			(void *)((uintptr_t)next + s->offset)); /* integer sum: next may be NULL */
	} else {
		object = NULL;
	}
	slab_tc_leave(tc);
	return object;
}

/* Pop one object of @s from this thread's cache, or NULL (then the slow path). */
static __always_inline void *slab_tcache_alloc(struct kmem_cache *s)
{
	return slab_tcache_alloc_idx(s, s->tcache_idx);
}

/* Push @object of @s; false: the slow path (slab_tcache_free_slow) decides. */
static __always_inline bool slab_tcache_free(struct kmem_cache *s, void *object)
{
	struct slab_tcache *tc = slab_tc;
	struct slab_tcache_bin *b;
	bool done = false;

	if (unlikely(!tc || slab_fast.hooks))
		return false;
	b = &tc->bin[s->tcache_idx];
	slab_tc_enter(tc);
	if (likely(b->count < b->limit && object != b->head && !READ_ONCE(tc->remote))) {
		slab_tc_set_next(s, object, b->head);
		b->head = object;
		b->count++;
		done = true;
	}
	slab_tc_leave(tc);
	return done;
}

/*
 * The slab of a direct-map address, or NULL (then the caller runs its full
 * checks: virt_addr_valid() and friends).  A page in a hole of the direct
 * map has a zeroed struct page, so it is never PageSlab.
 */
static __always_inline struct slab *slab_lookup_fast(const void *x)
{
	unsigned long v = (unsigned long)x - slab_fast.page_offset;
	struct page *page;

	if (unlikely(v >= slab_fast.dmap_size))
		return NULL;
	/* virt_to_page(), with RAM's physical start page aligned */
	page = slab_fast.mem_map + (v >> PAGE_SHIFT);
	/* only a slab's head page is PageSlab: test it before compound_head() */
	if (likely(PageSlab(page)))
		return page_slab(page);
	page = compound_head(page);
	return PageSlab(page) ? page_slab(page) : NULL;
}

/*
 * Whether @x (an address inside @slab) is an object start of @slab, not
 * inside an object nor in the bytes after the last one; for caches without
 * a left red zone (debug caches check on their own path).  Every free of a
 * non-debug cache asks it, the thread caches' inline fronts included.  For
 * a power-of-two slot size up to PAGE_SIZE that is the address's alignment
 * (the slab has no tail); otherwise (x - base) % size == 0 by one
 * multiplication (Lemire's divisibility test, exact for 32-bit offsets: a
 * slab is at most 4 MiB).
 */
static __always_inline bool slab_obj_start(const struct kmem_cache *s, const struct slab *slab,
					   const void *x)
{
	unsigned long off;

	if (likely(!s->divisor_magic))
		return !((unsigned long)x & (s->size - 1));
	/* a slab is never highmem: its address is the direct map's, no call */
	off = (unsigned long)x - (unsigned long)lowmem_page_address(slab_page(slab));
#ifdef UKMEM_TSAN
	/*
	 * ThreadSanitizer build: slab->objects shares a word with inuse and
	 * frozen, which other threads rewrite under the slab's locks, and TSan
	 * takes no plain word store as atomic.  The same count follows from
	 * the slab's order (its head's flags are stored marked).  KFENCE's
	 * one-object slabs differ, but slab_free() gives them to kfence_free()
	 * first, and the thread-cache pushes that follow the other callers
	 * are off in this build (plat_membarrier()).
	 */
	const struct page *head = slab_page(slab);
	unsigned int order =
		(READ_ONCE(head->flags) >> PG_head) & 1 ? (unsigned int)(head[1].flags & 0xff) : 0;

	return off < (PAGE_SIZE << order) / s->size * s->size &&
	       (u64)(u32)off * s->divisor_magic <= s->divisor_magic - 1;
#else
	return off < (unsigned long)slab->objects * s->size &&
	       (u64)(u32)off * s->divisor_magic <= s->divisor_magic - 1;
#endif
}

void *slab_tcache_alloc_slow(struct kmem_cache *s, gfp_t gfpflags);
bool slab_tcache_free_slow(struct kmem_cache *s, void *object);
int slab_tcache_alloc_bulk(struct kmem_cache *s, size_t size, void **p);
size_t slab_tcache_free_bulk(struct kmem_cache *s, size_t size, void **p);
void slab_tcache_init(void);
void slab_tcache_boot_done(void);
void slab_tcache_init_cache(struct kmem_cache *s);
void slab_tcache_release_cache(struct kmem_cache *s);
void slab_tcache_flush_cache(struct kmem_cache *s);
void slab_tcache_flush_all(void);
unsigned long slab_tcache_count(struct kmem_cache *s);
void slab_tcache_reset(void);
int slab_tcache_check_begin(void);
void slab_tcache_check_end(void);
int slab_tcache_check_slab(struct kmem_cache *s, struct slab *slab, unsigned long *seen);
void slab_tcache_fork_prepare(void);
void slab_tcache_fork_release(void);
void slab_tcache_fork_done(void);
/* slub.c, for the thread caches */
void *slab_alloc_chain(struct kmem_cache *s, gfp_t gfpflags, unsigned int max, unsigned int *nr);
void slab_free_chain(struct kmem_cache *s, void *head, unsigned int nr);
bool slab_link_object(const struct kmem_cache *s, void *object, void *fp);
void *slab_alloc_init(struct kmem_cache *s, gfp_t gfpflags, void *object);
bool ukmem_random_kmalloc_caches(void);
/* ==== end of the per-thread object caches ================================= */

#endif /* UKMEM_MM_SLAB_H */
