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
#include <kernel/kinternal.h>

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
	/* the free fast path's fields, in the first cache line with size: */
	u64 divisor_magic; /* U64_MAX / size + 1: slab_obj_start() */
	unsigned int tcache_idx; /* its bin in every thread cache, 0 = none (slub_tcache.c) */
	/*
	 * kmem_cache_alloc()'s bare pop's bin: tcache_idx while nothing has to
	 * see or zero an allocation, else 0 (the always-empty bin), so that
	 * the pop tests neither (slab_hooks_lock to change)
	 *   tcache_alloc_idx == (slab_fast.hooks || !slab_fast.no_init ? 0 : tcache_idx)
	 */
	unsigned int tcache_alloc_idx;
	/*
	 * what init_on_alloc zeroes of an object the thread cache gives:
	 * object_size, or 0 (init_on_alloc off, a ctor, RCU or poisoned cache)
	 *   tcache_zero_size == (slab_want_init_on_alloc(0, s) ? object_size : 0)
	 */
	unsigned int tcache_zero_size;
	/*
	 * the same for a __GFP_ZERO request (a ctor cache keeps its contents
	 * under init_on_alloc, as 6.12's slab_want_init_on_alloc() says)
	 *   tcache_gfp_zero_size ==
	 *	(slab_want_init_on_alloc(__GFP_ZERO, s) ? object_size : 0)
	 */
	unsigned int tcache_gfp_zero_size;
	/*
	 * what init_on_free wipes of an object on its way into the thread
	 * cache: object_size, or 0 (init_on_free off, a ctor, RCU or poisoned
	 * cache); the bytes from tcache_wipe_tail to size are wiped too
	 *   tcache_wipe_size == (slab_want_init_on_free(s) ? object_size : 0)
	 */
	unsigned int tcache_wipe_size;
	unsigned int tcache_wipe_tail;
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
bool slab_want_init_on_free(const struct kmem_cache *c);
bool ukmem_slab_ensure(void);
void ukmem_slab_reset(void);

/* Whether @s's free pointer lives past the object (ctor, RCU, poison, debug). */
static inline bool freeptr_outside_object(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* The boot whose slab layer is set up (ukmem_boot_generation), 0 = none. */
extern unsigned long slab_generation __attribute__((visibility("hidden")));

/* Whether this boot's slab layer is up (ukmem_slab_ensure() without the boot). */
static __always_inline bool slab_ready(void)
{
	return __atomic_load_n(&slab_generation, __ATOMIC_ACQUIRE) ==
		       __atomic_load_n(&ukmem_boot_generation, __ATOMIC_RELAXED) &&
	       __atomic_load_n(&ukmem_booted, __ATOMIC_RELAXED);
}

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
 * per cache (s->tcache_idx), a stack of free objects of that cache held
 * in an array of pointers beside the bins (never inside the objects).
 * Alloc pops, free pushes, with plain loads and stores: no lock, no atomic
 * read-modify-write, and no access to the object's own memory, so neither
 * a pop nor a push waits for the object's cache line and a use-after-free
 * write cannot redirect an allocation.  The objects in a bin are "in use"
 * for their slabs, as the objects on a CPU's lockless freelist are in 6.12.
 *
 * busy/remote is the handshake with a thread that empties other threads'
 * bins (shrink, destroy, the validator, shutdown, fork): the owner sets
 * busy, then reads remote; the remote side sets remote, runs a process-
 * wide membarrier (plat_membarrier) and waits for busy == 0.  The
 * membarrier stands in for the owner's store-load fence, so the owner
 * needs only compiler barriers.
 *
 * Invariants (ukmem_slab_check with every thread cache held), for every
 * bin i, with count = top - slots and limit = end - slots:
 *   - slots[-1] == NULL (the sentinel that ends a pop and the naive
 *     double-free test without a bounds check)
 *   - 0 <= count <= limit <= SLAB_TCACHE_CAP - 1
 *   - slots[0 .. count-1] are object starts of slabs of the cache
 *     tcache_slot[i], counted in their slabs' inuse, on no free list, and
 *     each in one bin slot only
 *   - bin 0 and every bin not set up yet: top == end == the shared empty
 *     stack (a pop finds the sentinel, a push finds the stack full), so a
 *     cache with no bin takes the slow path without a test of its own
 */
#define SLAB_TCACHE_SLOTS 256 /* bin numbers fit pfn_bin's low byte */
#define SLAB_TCACHE_CAP 4096 /* array slots per bin, the sentinel included */

struct slab_tcache_bin {
	void **top; /* the next free slot: slots + count */
	void **end; /* slots + limit: a push that finds top == end flushes first */
	void **slots; /* this bin's array (after its sentinel) */
	/*
	 * The head of this thread's CPU's free list of the bin's cache
	 * (&kmem_cache_cpu.freelist, set with the array; a NULL word while the
	 * bin is not set up).  A push of the object it names is 6.12's naive
	 * double free, as one of the bin's top is.  A bin is 32 bytes: its
	 * address is one shift.
	 */
	void *const *watch;
};

struct slab_tcache {
	int busy; /* written by the owner only: inside a bin update */
	int remote; /* written under tcache_lock: another thread holds the bins */
	struct list_head list; /* tcache_threads */
	void **area; /* SLAB_TCACHE_SLOTS arrays of SLAB_TCACHE_CAP slots (host memory) */
	struct slab_tcache_bin bin[SLAB_TCACHE_SLOTS];
};

/*
 * This thread's cache, or &slab_tcache_none: a shared cache that is held
 * by another thread forever (remote 1, never registered), so that a
 * thread without a cache fails slab_tc_enter() and takes the slow path
 * (which makes its cache) without a NULL test of its own.  Threads write
 * its busy concurrently, harmlessly: no one waits for it.
 */
extern _Thread_local struct slab_tcache *slab_tc;
extern struct slab_tcache slab_tcache_none;
extern bool freelist_hardened;

/*
 * What the fast paths read on every call, copied at the slab layer's boot
 * into one library-local struct (no GOT load per field): the direct map
 * (dmap_size 0 while there is no slab layer), whether objects must be
 * zeroed (init_on_alloc, init_on_free), and kmalloc's normal caches by
 * size.
 */
struct slab_fast_state {
	unsigned long page_offset; /* PAGE_OFFSET */
	/*
	 * The free fast path's view of the slabs, so that a free reads no
	 * struct page (and kfree no struct kmem_cache): pfn_bin[(addr - PAGE_OFFSET) >>
	 * PAGE_SHIFT] says, for a page of a slab whose cache has a bin, which
	 * bin, and how to tell an object start in that page with one
	 * multiplication (slab_fast_obj_bin()); it is 0 for every other page
	 * and for a page in which no object starts (host memory, 8 bytes per
	 * direct-mapped page).  bin_map_size is the bytes of direct map the
	 * free fast path looks up there: 0 when there is no table, with
	 * init_on_free (a free must wipe) and while hooks are on (a free must
	 * be seen): then every free takes the checked path.  kfree's NULL and
	 * ZERO_SIZE_PTR fail its bound test too.
	 *   pfn_bin[page] == slab_tcache_pfn_entry(cache, slab, page)   (ukmem_slab_check)
	 */
	unsigned long bin_map_size;
	/*
	 * init_on_free's free path (slab_tcache_free_wiped, from kfree's and
	 * kmem_cache_free's slow side): the same table, open (dmap_size) only
	 * while init_on_free is set and no hook is on
	 */
	unsigned long wipe_map_size;
	u64 *pfn_bin;
	unsigned long dmap_size; /* high_memory - PAGE_OFFSET */
	struct page *mem_map;
	/*
	 * nonzero while something must see every allocation and free (failslab
	 * or fail-nth armed, KFENCE sampling, KASAN, kmemleak): the thread
	 * caches are bypassed and every call takes slab_alloc_node()/slab_free()
	 * (ukmem_slab_hooks_update() keeps it)
	 */
	int hooks;
	bool no_init; /* !init_on_alloc && !init_on_free: an alloc zeroes nothing */
	bool no_wipe; /* !init_on_free: a free wipes nothing */
	/*
	 * kmalloc's normal caches: kmalloc_bin[k] is the bin of bucket k =
	 * (size - 1) / 8 for 1 .. KMALLOC_MAX_CACHE_SIZE bytes (one table, so
	 * no branch on the size), all 0 while there is no slab layer and with
	 * the random kmalloc caches (the copy depends on the call site, which
	 * kmalloc's front does not hash: the slow side picks the copy and pops
	 * that cache's bin).
	 * size_bin is __kmalloc_noprof()'s bare pop's copy of it, all 0 also
	 * while hooks are on or objects must be zeroed (no_init false), so
	 * that the pop tests neither: bin 0 is always empty.
	 *   size_bin[k] == (hooks || !no_init ? 0 : kmalloc_bin[k])
	 */
	u8 size_bin[KMALLOC_MAX_CACHE_SIZE / 8];
	u8 kmalloc_bin[KMALLOC_MAX_CACHE_SIZE / 8];
	struct kmem_cache *bin_cache[SLAB_TCACHE_SLOTS];
	/*
	 * bin_magic[i]: bin i's Lemire constant, U64_MAX / size + 1 (0 for a
	 * free bin number: every address passes, and the push then fails,
	 * because such a bin is always empty and full)
	 */
	u64 bin_magic[SLAB_TCACHE_SLOTS];
};
extern struct slab_fast_state slab_fast __attribute__((visibility("hidden")));
/*
 * Serializes what decides whether the bare pops are open: slab_fast.hooks
 * and its copies (size_bin, every cache's tcache_alloc_idx), and which
 * cache owns a bin.  A spinlock, taken inside tcache_lock and inside the
 * hooks' own locks (kmemleak_lock); under it only printk's lock is taken
 * (the validator reports while it holds it), never an allocator lock.
 */
extern spinlock_t slab_hooks_lock;

/*
 * The four entry points whose whole work is a thread-cache pop or push
 * (__kmalloc_noprof, kfree, kmem_cache_alloc_noprof, kmem_cache_free)
 * live in one section, each at the start of a 64-byte line, so that
 * their code's placement, which the branch predictor and the op cache
 * see, does not move when unrelated code of the library grows or
 * shrinks (it moved their pairs by up to 25%, docs/PERFORMANCE.md).
 */
#define __slab_fast_entry __section(".text.hot.ukmem_slab_fast") __attribute__((__aligned__(64)))

/*
 * Enter a bin update; true when the bins are this thread's, false when
 * another thread holds them (leave at once, take SLUB's path).  The bins
 * may be read only after remote, with acquire: a load of b->top issued
 * before it can return the value from before a holder's flush, while
 * remote reads the 0 that holder released after it (busy = 1 can sit in
 * this CPU's store buffer past the membarrier, so the holder need not
 * have waited).
 */
static __always_inline bool slab_tc_enter(struct slab_tcache *tc)
{
	/* (relaxed atomic: threads without a cache share slab_tcache_none's busy) */
	__atomic_store_n(&tc->busy, 1, __ATOMIC_RELAXED);
	barrier(); /* the remote side's membarrier orders it before the load of remote */
	return likely(!__atomic_load_n(&tc->remote, __ATOMIC_ACQUIRE));
}

static __always_inline void slab_tc_leave(struct slab_tcache *tc)
{
	__atomic_store_n(&tc->busy, 0, __ATOMIC_RELEASE);
}

/*
 * Pop one object from this thread's bin @idx, or NULL (then the slow
 * path); the caller has seen that hooks are off, or passes a bin that is
 * 0 while they are on (the bare pops).
 */
static __always_inline void *slab_tcache_pop(unsigned int idx)
{
	struct slab_tcache *tc = slab_tc;
	struct slab_tcache_bin *b = &tc->bin[idx];
	void **top, *object;

	object = NULL;
	if (slab_tc_enter(tc)) {
		top = b->top;
		object = top[-1]; /* the sentinel NULL when the bin is empty */
		if (likely(object))
			b->top = top - 1;
	}
	slab_tc_leave(tc);
	return object;
}

/* Pop one object from this thread's bin @idx, or NULL (then the slow path). */
static __always_inline void *slab_tcache_alloc_idx(unsigned int idx)
{
	if (unlikely(slab_fast.hooks))
		return NULL;
	return slab_tcache_pop(idx);
}

/* Pop one object of @s from this thread's cache, or NULL (then the slow path). */
static __always_inline void *slab_tcache_alloc(struct kmem_cache *s)
{
	return slab_tcache_alloc_idx(s->tcache_idx);
}

static __always_inline void slab_tcache_wipe_object(struct kmem_cache *s, void *object);

/*
 * Push @object on this thread's bin @idx; false: full, held, or on top
 * already.  (The callers keep the push away while hooks are on.)  @wipe:
 * the cache whose init_on_free wipe the object gets once it is in the
 * bin, or NULL.  Not before: a push refused as the naive double free (the
 * object on top of the bin, or heading the CPU's free list the bin
 * watches) goes on to slab_free(), which may find it heading a slab's
 * free list, where its link is live.
 */
static __always_inline bool __slab_tcache_push(unsigned int idx, const void *object,
					       struct kmem_cache *wipe)
{
	struct slab_tcache *tc = slab_tc;
	struct slab_tcache_bin *b = &tc->bin[idx];
	bool done = false;
	void **top;

	if (slab_tc_enter(tc)) {
		top = b->top;
		if (likely(top != b->end && top[-1] != object && READ_ONCE(*b->watch) != object)) {
			*top = (void *)object;
			b->top = top + 1;
			if (wipe)
				slab_tcache_wipe_object(wipe, (void *)object);
			done = true;
		}
	}
	slab_tc_leave(tc);
	return done;
}

static __always_inline bool slab_tcache_push(unsigned int idx, const void *object)
{
	return __slab_tcache_push(idx, object, NULL);
}

/*
 * Push @object of @s; false: the slow path (slab_tcache_free_slow) decides
 * (a full bin, a bin not set up, the naive double free of the object on
 * top, another thread holding the bins).
 */
static __always_inline bool slab_tcache_free(struct kmem_cache *s, void *object)
{
	return likely(!slab_fast.hooks) && slab_tcache_push(s->tcache_idx, object);
}

/*
 * kfree()'s and kmem_cache_free()'s whole fast path: if @x is an object
 * start of a slab whose cache has a bin, slab_fast_obj_bin() says which
 * bin (slab_fast_obj_of(): whether it is @s's), and the caller pushes it
 * there.  The page's pfn_bin entry e holds the bin (bits 0-7, one byte
 * load or movzbl), the page's phase psi (bits 8-31: the page's offset in
 * its slab modulo the object size; one 32-bit shift) and a bound T (bits
 * 32-63; one shift).  With n = (offset in the page) + psi, x is an object
 * start exactly when n is a multiple of the size d, and then n * c mod
 * 2^64 (c = U64_MAX / d + 1, Lemire's constant) is (n / d) * (c * d -
 * 2^64), small and growing with n; any other n gives at least c.  So one
 * multiplication and one comparison with T (the value of the page's last
 * object start) say both "an object start" and "not past the slab's last
 * object".  0 / false: the caller's slow path runs every check and
 * reports.  (Bin 0 is never set up: an address that maps to it passes the
 * test and fails the push.)
 */
#define SLAB_PFN_BIN_MASK 0xffU
#define SLAB_PFN_PSI_SHIFT 8
#define SLAB_PFN_PSI_MASK ((1UL << 24) - 1)
#define SLAB_PFN_T_SHIFT 32

/* Whether @v (an offset in the direct map) is an object start, by its page's entry @e. */
static __always_inline bool slab_pfn_start_ok(u64 e, unsigned long v, u64 magic)
{
	u64 n = (v & (PAGE_SIZE - 1)) + ((u32)e >> SLAB_PFN_PSI_SHIFT);

	return n * magic <= e >> SLAB_PFN_T_SHIFT;
}

/*
 * @x's pfn_bin entry in @e and its offset in the direct map in @v; false
 * when the table does not cover @x (or the free fast path is closed).
 */
static __always_inline bool slab_pfn_entry(const void *x, u64 *e, unsigned long *v)
{
	*v = (unsigned long)x - slab_fast.page_offset;
	if (unlikely(*v >= slab_fast.bin_map_size))
		return false;
	*e = READ_ONCE(slab_fast.pfn_bin[*v >> PAGE_SHIFT]);
	return true;
}

/*
 * kfree(): whether @x is an object start of a slab whose cache has a bin
 * (*@idx), or of a page of bin 0 (whose push fails).
 */
static __always_inline bool slab_fast_obj_bin(const void *x, unsigned int *idx)
{
	unsigned long v;
	u64 e;

	if (!slab_pfn_entry(x, &e, &v))
		return false;
	*idx = (u8)e;
	return likely(slab_pfn_start_ok(e, v, slab_fast.bin_magic[*idx]));
}

/*
 * kmem_cache_free(): whether @x is an object start of @s, whose bin is
 * @idx (the cache's own constant, not the table's: no load waits on the
 * entry's bin).  With @idx 0 the answer may be yes for a page of no bin;
 * the push to bin 0 then fails.
 */
static __always_inline bool slab_fast_obj_of(const struct kmem_cache *s, const void *x,
					     unsigned int idx)
{
	unsigned long v;
	u64 e;

	if (unlikely(!slab_pfn_entry(x, &e, &v) || (u8)e != (u8)idx))
		return false;
	return likely(slab_pfn_start_ok(e, v, s->divisor_magic));
}

/*
 * The slab of a direct-map address, or NULL (then the caller runs its full
 * checks: virt_addr_valid() and friends).  A page in a hole of the direct
 * map has a zeroed struct page, so it is never PageSlab.  Head or tail is
 * chosen without a branch: with sizes mixed, which one a free meets is a
 * coin toss the predictor loses.  (A slab's head page has slab_cache where
 * a tail has compound_head, bit 0 clear.)
 */
static __always_inline struct slab *slab_lookup_fast(const void *x)
{
	unsigned long v = (unsigned long)x - slab_fast.page_offset;
	unsigned long page, head, tail;

	if (unlikely(v >= slab_fast.dmap_size))
		return NULL;
	/* virt_to_page(), with RAM's physical start page aligned */
	page = (unsigned long)(slab_fast.mem_map + (v >> PAGE_SHIFT));
	head = READ_ONCE(((struct page *)page)->compound_head);
	tail = -(head & 1); /* all ones for a tail page */
	page ^= (page ^ (head - 1)) & tail;
	return PageSlab((struct page *)page) ? page_slab((struct page *)page) : NULL;
}

/*
 * Whether @x (an address inside @slab) is an object start of @slab, not
 * inside an object nor in the bytes after the last one; for caches without
 * a left red zone (debug caches check on their own path).  Every free of a
 * non-debug cache asks it, the thread caches' inline fronts included:
 * (x - base) % size == 0 by one multiplication (Lemire's divisibility
 * test, exact for 32-bit offsets: a slab is at most 4 MiB), for every
 * size, so that no branch depends on the cache.
 */
static __always_inline bool slab_obj_start(const struct kmem_cache *s, const struct slab *slab,
					   const void *x)
{
	/* page_address() of a slab, which is never highmem: no call */
	unsigned long base = slab_fast.page_offset +
			     ((unsigned long)(slab_page(slab) - slab_fast.mem_map) << PAGE_SHIFT);
	unsigned long off = (unsigned long)x - base;

#ifdef UKMEM_TSAN
	/*
	 * ThreadSanitizer build: slab->objects shares a word with inuse and
	 * frozen, which other threads rewrite under the slab's locks, and TSan
	 * takes no plain word store as atomic.  The same count follows from
	 * the slab's order (its head's flags are stored marked).  KFENCE's
	 * one-object slabs differ, but slab_free() gives them to kfence_free()
	 * first, and the thread caches are off in this build (plat_membarrier()).
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

/**
 * slab_tcache_alloc_bulk - pop up to @size objects of @s off this thread's bin
 * @s: a cache with a bin
 * @size: how many are wanted
 * @p: where they go
 *
 * Return: how many were popped (0 when the bin is empty or held); the
 * caller initialises them and gets the rest through slab_alloc_node().
 */
static __always_inline int slab_tcache_alloc_bulk(struct kmem_cache *s, size_t size, void **p)
{
	struct slab_tcache *tc = slab_tc;
	struct slab_tcache_bin *b;
	size_t n = 0;

	/* hooks (failslab, KFENCE, KASAN, kmemleak) see each object: slab_alloc_node() */
	if (unlikely(slab_fast.hooks))
		return 0;
	b = &tc->bin[s->tcache_idx];
	if (slab_tc_enter(tc)) {
		void **top = b->top;

		n = min(size, (size_t)(top - b->slots));
		/* in pop order, top first */
		for (size_t i = 0; i < n; i++)
			p[i] = top[-1 - (long)i];
		b->top = top - n;
	}
	slab_tc_leave(tc);
	return (int)n;
}

/*
 * Pop @size objects (at least one) of this thread's bin @idx into @p, all
 * or none (then the slow path), the top one last: kmem_cache_alloc_bulk()'s
 * fast path; the caller has seen that nothing is to be zeroed or hooked.
 */
static __always_inline bool slab_tcache_pop_bulk(unsigned int idx, size_t size, void **p)
{
	struct slab_tcache *tc = slab_tc;
	struct slab_tcache_bin *b = &tc->bin[idx];
	bool done = false;

	if (slab_tc_enter(tc)) {
		void **top = b->top;

		if (likely((size_t)(top - b->slots) >= size)) {
			/* the run in the bin's order, a straight copy */
			top -= size;
#pragma GCC unroll 4
			for (size_t i = 0; i < size; i++)
				p[i] = top[i];
			b->top = top;
			done = true;
		}
	}
	slab_tc_leave(tc);
	return done;
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
static __always_inline size_t slab_tcache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	struct slab_tcache *tc = slab_tc;
	unsigned int want = s->tcache_idx;
	struct slab_tcache_bin *b = &tc->bin[want];
	size_t i = 0;

	/*
	 * (hooks, init_on_free: bin_map_size is 0 and the first object stops
	 * the run; bin 0 is always full)
	 */
	if (slab_tc_enter(tc)) {
		/*
		 * slab_fast_obj_of()'s test per object; the naive double free
		 * is the object on top, read back from the bin, or the head of
		 * the CPU's free list as the run starts.  The constants
		 * are memory operands, not registers: with them hoisted, the
		 * loop spilled and reloaded them anyway.
		 */
		void **top = b->top, *head = READ_ONCE(*b->watch);
		size_t n = min(size, (size_t)(b->end - top));

		for (; i < n; i++) {
			void *x = p[i];

			if (unlikely(!slab_fast_obj_of(s, x, want) || x == top[-1] || x == head))
				break;
			*top++ = x;
		}
		b->top = top;
	}
	slab_tc_leave(tc);
	return i;
}

void *slab_tcache_alloc_slow(struct kmem_cache *s, gfp_t gfpflags);
bool slab_tcache_free_slow(struct kmem_cache *s, void *object);
void *const *slab_cpu_freelist_head(struct kmem_cache *s, int cpu);
bool slab_tcache_free_wiped_slow(struct kmem_cache *s, void *object);
void slab_tcache_init(void);
void slab_tcache_hooks_changed(int hooks);
void slab_tcache_bin_follows(struct kmem_cache *s);
void slab_tcache_object_size_changed(struct kmem_cache *s);
void slab_tcache_boot_done(void);
void slab_tcache_init_cache(struct kmem_cache *s);
void slab_tcache_map_slab(struct kmem_cache *s, struct slab *slab, unsigned int order);
void slab_tcache_unmap_slab(struct slab *slab, unsigned int order);
unsigned int slab_tcache_obj_bin(const void *x, unsigned int want);
u64 *slab_tcache_pfn_slot(const void *x);
u8 *slab_tcache_size_bin_slot(size_t size);
u8 *slab_tcache_kmalloc_bin_slot(size_t size);
int slab_tcache_check_pfn(unsigned long pfn_index, struct kmem_cache *s, struct slab *slab,
			  unsigned long j);
void slab_tcache_release_cache(struct kmem_cache *s);
void slab_tcache_flush_cache(struct kmem_cache *s);
void slab_tcache_flush_all(void);
void slab_tcache_forget_caches(void);
unsigned long slab_tcache_count(struct kmem_cache *s);
void slab_tcache_reset(void);
int slab_tcache_check_begin(void);
void slab_tcache_check_end(void);
int slab_tcache_check_slab(struct kmem_cache *s, struct slab *slab, unsigned long *seen);
void slab_tcache_fork_prepare(void);
void slab_tcache_fork_release(void);
void slab_tcache_fork_done(void);
/* slub.c, for the thread caches */
unsigned int slab_alloc_array(struct kmem_cache *s, gfp_t gfpflags, void **p, unsigned int max);
void slab_free_array(struct kmem_cache *s, void **p, unsigned int nr);
bool slab_link_object(const struct kmem_cache *s, void *object, void *fp);

/*
 * Zero the @size bytes at @p: from 16 to 128 bytes with 16-byte
 * stores inline, the last one overlapping the end (init_on_alloc, the
 * default, zeroes every object: a call into the C library's memset for 64
 * bytes cost more than the thread cache's pop itself).
 */
static __always_inline void slab_zero_object(void *p, size_t size)
{
	char *q = p;

	if (size > 128 || size < 16) {
		memset(p, 0, size);
		return;
	}
	for (size_t off = 0; off + 16 < size; off += 16)
		__builtin_memset(q + off, 0, 16);
	__builtin_memset(q + size - 16, 0, 16);
}

/*
 * The zeroing an object popped from the thread cache needs (init_on_alloc,
 * __GFP_ZERO), inline, with the sizes slab_alloc_node() would use
 * precomputed in the cache (the validator checks them); with init_on_free
 * also an inside free pointer left by a refill, as maybe_wipe_obj_freeptr().
 */
static __always_inline void *slab_tcache_init_object(struct kmem_cache *s, gfp_t flags,
						     void *object)
{
	unsigned int n = (flags & __GFP_ZERO) ? READ_ONCE(s->tcache_gfp_zero_size)
					      : READ_ONCE(s->tcache_zero_size);

	/* init_on_free: one refilled from a free list still holds its link (inside it) */
	if (unlikely(!slab_fast.no_wipe) && READ_ONCE(s->tcache_wipe_size) &&
	    !freeptr_outside_object(s))
		*(void **)((char *)object + s->offset) = NULL;
	if (n)
		slab_zero_object(object, n);
	return object;
}

/* init_on_free's wipe, as slab_free() does it, for a cache with a bin. */
static __always_inline void slab_tcache_wipe_object(struct kmem_cache *s, void *object)
{
	unsigned int n = READ_ONCE(s->tcache_wipe_size), tail = READ_ONCE(s->tcache_wipe_tail);

	if (!n)
		return;
	slab_zero_object(object, n);
	if (unlikely(tail < s->size))
		memset((char *)object + tail, 0, s->size - tail);
}

/*
 * init_on_free's free fast path, for kfree's and kmem_cache_free's slow
 * sides: if @x is an object start of a slab whose cache has a bin (@want,
 * unless 0), push it and wipe it as slab_free() would, in the bin.  false:
 * the full path, nothing wiped yet (a hook on, another thread holding the
 * bins, a full bin, the naive double free, which is reported there).
 */
static __always_inline bool slab_tcache_free_wiped(const void *x, unsigned int want)
{
	unsigned long v = (unsigned long)x - slab_fast.page_offset;
	struct kmem_cache *s;
	unsigned int idx;
	u64 e;

	if (v >= READ_ONCE(slab_fast.wipe_map_size))
		return false;
	e = READ_ONCE(slab_fast.pfn_bin[v >> PAGE_SHIFT]);
	idx = (u8)e;
	s = READ_ONCE(slab_fast.bin_cache[idx]);
	if (!s || (want && idx != want) || !slab_pfn_start_ok(e, v, s->divisor_magic))
		return false;
	return __slab_tcache_push(idx, x, s);
}
bool ukmem_random_kmalloc_caches(void);
/* ==== end of the per-thread object caches ================================= */

#endif /* UKMEM_MM_SLAB_H */
