// SPDX-License-Identifier: GPL-2.0
/*
 * mm/slub.c - the SLUB slab allocator: caches of equal-sized objects
 * carved out of pages from the page allocator.
 *
 * What it owns: struct kmem_cache and its per-CPU and per-node parts, the
 * slabs (pages overlaid with struct slab, see mm/slab.h), the geometry of
 * every cache (slot size, free pointer offset, order, objects per slab),
 * the allocation and free paths, shrinking and shutting caches down, the
 * boot of the slab layer (kmem_cache and kmem_cache_node bootstrapped from
 * static storage, as 6.12 does), /proc/slabinfo's numbers and the
 * validator behind ukmem_check().
 *
 * Geometry is 6.12's, computed by the same rules so that objsize,
 * objperslab and pagesperslab equal a real kernel's with the same CPU
 * count: calculate_alignment() (cache-line halving for
 * SLAB_HWCACHE_ALIGN), calculate_sizes() (free pointer in the middle of
 * the object unless a ctor, poisoning or RCU forces it behind the object),
 * calculate_order() (min_objects = 4 * (fls(cpus) + 1), slub_max_order 3,
 * the waste fractions 16, 8, 4, 2, then the smallest order that holds one
 * object).
 *
 * Algorithm.  Each slab keeps a singly linked free list threaded through
 * the free objects; the link is stored hardened (pointer ^ s->random ^
 * byte-swapped address of the link), and a new slab's list is shuffled by
 * a per-cache random permutation (SLAB_FREELIST_RANDOM), both keyed from
 * ukmem.seed=.  A CPU allocates from its current slab, which is frozen:
 * the slab's whole free list has moved to the CPU (c->freelist) and the
 * slab counts those objects as in use.  When it runs dry the CPU takes a
 * slab from its partial chain, then from its node's partial list (filling
 * its partial chain on the way, as 6.12 does), then a new slab.  A free to
 * the current slab goes on c->freelist; any other free goes on the
 * slab's own list (__slab_free): a full slab that gains a free object goes
 * to the freeing CPU's partial chain, a slab on the node list that becomes
 * empty is given back to the page allocator once the node keeps
 * min_partial slabs, and a CPU's partial chain that grows past
 * cpu_partial_slabs is moved to the node lists.  A SLAB_TYPESAFE_BY_RCU
 * cache's objects are reused at once, but its slab pages go back only
 * after a grace period (call_rcu), so an RCU reader always finds an
 * object of the cache's type there.
 *
 * Lock order (outermost first):
 *   slab_mutex (cache creation, destruction, shrink, views)
 *   > tcache_lock (slub_tcache.c: the registry of thread caches)
 *   > kmem_cache_cpu.lock (one modelled CPU of one cache)
 *   > kmem_cache_node.list_lock (the node's partial list and the free
 *     list and counters of every slab of that node)
 *   > the page allocator's pcp and zone locks
 * A thread holds at most one CPU lock and one node lock at a time, except
 * that flushing another CPU takes that CPU's lock (any thread may).  The
 * page allocator is called for a new slab with no slab lock held.
 * slab_hooks_lock (slab_fast.hooks, the bare pops' bins, the bins' owners)
 * is taken inside tcache_lock or a hook's own lock (kmemleak_lock), and
 * only printk's lock under it (the validator's reports).
 *
 * Where it differs from Linux:
 *   - 6.12's fast path is lockless (this_cpu_cmpxchg on freelist+tid) and
 *     its slab updates are cmpxchg_double on freelist+counters.  Here the
 *     fast path is a per-thread object cache in front of the CPU slabs
 *     (slub_tcache.c: plain loads and stores, no lock, no atomic), and
 *     behind it a per-CPU spinlock guards the CPU's slab and lists, and
 *     the node lock guards every slab's free list and counters; a thread
 *     cache refills and flushes in batches through them
 *     (slab_alloc_array, slab_free_array).  Objects in thread caches count
 *     as in use, as a CPU freelist's do.  The decisions (which list a slab
 *     goes to, when it is freed) are 6.12's.
 *   - Host threads are bound to modelled CPUs (kernel/sched.c), so more
 *     than one thread may use a CPU's structures; hence the CPU lock.
 *   - kmem_cache_cpu lives in host memory from a small per-CPU-area pool
 *     (the kernel's percpu allocator), not in the machine's RAM.
 *   - The "kmem_cache" cache's object has 6.12's modelled size (216 bytes
 *     plus a pointer per node), not sizeof ukmem's struct.
 *   - slub_debug (mm/slub_debug.c): a debug cache has no CPU slabs; its
 *     allocations and frees go straight to 6.12's single-object paths
 *     (the slub_debug sections below), which call the checks under the
 *     node's list_lock.  /sys/kernel/slab: see its section at the end of
 *     this file.
 *   - a free of an address that is not an object start is refused with
 *     6.12's "Invalid object pointer" report on every cache (6.12: only
 *     under slub_debug=F).
 *   - Boot drains the pcp lists after the boot caches are made, so a fresh
 *     machine's buddyinfo shows every page that is not a slab.
 *   - ukmem_slab_exit() (shutdown) reports slab objects callers still hold
 *     and gives every slab page back, caches included.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/panic.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/poison.h>
#include <linux/rcupdate.h>
#include <linux/kfence.h>
#include <linux/kmemleak.h>
#include <stdarg.h>
#include <kernel/kinternal.h>
#include <kernel/proc.h>
#include <platform/plat.h>
#include "internal.h"
#include "slab.h"
#include "kasan.h"

/* ---- parameters and global state --------------------------------------- */

unsigned int slub_min_order;
unsigned int slub_max_order = PAGE_ALLOC_COSTLY_ORDER;
unsigned int slub_min_objects;

bool freelist_hardened = true; /* ukmem.slab_freelist_hardened=; slab.h reads it */
static bool freelist_random = true; /* ukmem.slab_freelist_random= */

enum slab_state slab_state;
LIST_HEAD(slab_caches);
DEFINE_MUTEX(slab_mutex);
struct kmem_cache *kmem_cache;
static struct kmem_cache *kmem_cache_node;

/* The boot caches' storage, with room for every node pointer. */
#define BOOT_CACHE_BYTES (sizeof(struct kmem_cache) + MAX_NUMNODES * sizeof(void *))
static _Alignas(64) unsigned char boot_kmem_cache_buf[BOOT_CACHE_BYTES];
static _Alignas(64) unsigned char boot_kmem_cache_node_buf[BOOT_CACHE_BYTES];

/* Objects the slab layer holds for itself (caches, nodes, names, sequences). */
static atomic_long_t slab_internal_objects;
/* The boot whose slab layer is set up (ukmem_boot_generation), 0 = none. */
unsigned long slab_generation;
static DEFINE_MUTEX(slab_init_lock);
/* Set while this thread boots the slab layer (which kmallocs for itself). */
static _Thread_local bool slab_initializing;
static unsigned long last_leaked_objects;

#define GFP_RECLAIM_MASK                                                                         \
	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | __GFP_RETRY_MAYFAIL | \
	 __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)
#define GFP_SLAB_BUG_MASK (__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)

#define MIN_PARTIAL 5
#define MAX_PARTIAL 10
#define CACHE_LINE_SIZE 64

static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

static inline bool kmem_cache_has_cpu_partial(const struct kmem_cache *s)
{
	return !kmem_cache_debug(s);
}

/* ---- randomness: one seeded stream per boot (splitmix64) ---------------- */

static u64 rnd_state;

static u64 slab_random_u64(void)
{
	u64 z = __atomic_add_fetch(&rnd_state, 0x9e3779b97f4a7c15ULL, __ATOMIC_RELAXED);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int slab_random_below(unsigned int ceil)
{
	return (unsigned int)(((u64)(u32)slab_random_u64() * ceil) >> 32);
}

/* ---- per-CPU areas: host memory, fixed-size blocks ---------------------- */

#define PCPU_CHUNK_BYTES (256UL * 1024)
#define PCPU_MAX_CHUNKS 256

static struct {
	spinlock_t lock;
	void *chunks[PCPU_MAX_CHUNKS];
	unsigned int nr_chunks;
	size_t used; /* bytes used in the newest chunk */
	void *free_blocks; /* released blocks, linked through their first word */
	size_t block; /* size of a block this boot */
} pcpu;

static struct kmem_cache_cpu *pcpu_alloc_cpus(void)
{
	size_t block = ALIGN(nr_cpu_ids * sizeof(struct kmem_cache_cpu), 64);
	void *p = NULL;

	spin_lock(&pcpu.lock);
	pcpu.block = block;
	if (pcpu.free_blocks) {
		p = pcpu.free_blocks;
		pcpu.free_blocks = *(void **)p;
	} else {
		if (!pcpu.nr_chunks || pcpu.used + block > PCPU_CHUNK_BYTES) {
			void *chunk = NULL;

			if (pcpu.nr_chunks < PCPU_MAX_CHUNKS)
				chunk = plat_map_anon(PCPU_CHUNK_BYTES);
			if (!chunk) {
				spin_unlock(&pcpu.lock);
				return NULL;
			}
			pcpu.chunks[pcpu.nr_chunks++] = chunk;
			pcpu.used = 0;
		}
		p = (char *)pcpu.chunks[pcpu.nr_chunks - 1] + pcpu.used;
		pcpu.used += block;
	}
	spin_unlock(&pcpu.lock);
	memset(p, 0, block);
	return p;
}

static void pcpu_free_cpus(struct kmem_cache_cpu *c)
{
	if (!c)
		return;
	spin_lock(&pcpu.lock);
	*(void **)c = pcpu.free_blocks;
	pcpu.free_blocks = c;
	spin_unlock(&pcpu.lock);
}

static void pcpu_reset(void)
{
	for (unsigned int i = 0; i < pcpu.nr_chunks; i++)
		plat_unmap_anon(pcpu.chunks[i], PCPU_CHUNK_BYTES);
	memset(&pcpu, 0, sizeof(pcpu));
}

static inline struct kmem_cache_cpu *cpu_slab(struct kmem_cache *s, int cpu)
{
	return &s->cpu_slab[cpu];
}

/* Where @cpu's free list of @s starts, for a thread cache's bin to watch. */
void *const *slab_cpu_freelist_head(struct kmem_cache *s, int cpu)
{
	return &cpu_slab(s, cpu)->freelist;
}

/* ---- free pointers ------------------------------------------------------ */

static inline unsigned long swab_long(unsigned long x)
{
	if (sizeof(long) == 8)
		return (unsigned long)__builtin_bswap64((u64)x);
	return (unsigned long)__builtin_bswap32((u32)x);
}

static inline unsigned long freelist_ptr_encode(const struct kmem_cache *s, void *ptr,
						unsigned long ptr_addr)
{
	if (!freelist_hardened)
		return (unsigned long)ptr;
	return (unsigned long)ptr ^ s->random ^ swab_long(ptr_addr);
}

static inline void *freelist_ptr_decode(const struct kmem_cache *s, unsigned long stored,
					unsigned long ptr_addr)
{
	if (!freelist_hardened)
		return (void *)stored;
	return (void *)(stored ^ s->random ^ swab_long(ptr_addr));
}

static inline void *get_freepointer(const struct kmem_cache *s, void *object)
{
	unsigned long ptr_addr = (unsigned long)object + s->offset;

	return freelist_ptr_decode(s, *(unsigned long *)ptr_addr, ptr_addr);
}

static inline void __set_freepointer(const struct kmem_cache *s, void *object, void *fp)
{
	unsigned long ptr_addr = (unsigned long)object + s->offset;

	*(unsigned long *)ptr_addr = freelist_ptr_encode(s, fp, ptr_addr);
}

/*
 * Link @object in front of @fp.  With freelist hardening, freeing the
 * object that already heads the list (the naive double free) is 6.12's
 * BUG_ON(object == fp); under ukmem.bug=warn the oops is printed and the
 * caller refuses the free (false).
 */
static bool set_freepointer(const struct kmem_cache *s, void *object, void *fp)
{
	if (freelist_hardened && unlikely(object == fp)) {
		BUG();
		return false;
	}
	__set_freepointer(s, object, fp);
	return true;
}

/**
 * ukmem_slab_hooks_update - whether every slab call must take the full path
 *
 * The per-thread caches' inline pop and push skip slab_alloc_node() and
 * slab_free(), where failslab, KFENCE, KASAN/Valgrind and kmemleak act;
 * while any of them is on, slab_fast.hooks sends every call there.  (The
 * random kmalloc caches need no hook: kmalloc's front leaves them to its
 * slow side, which picks the copy by call site and then pops its bin.)  Each
 * of them calls this when it turns on or off.
 */
DEFINE_SPINLOCK(slab_hooks_lock);

void ukmem_slab_hooks_update(void)
{
	int on;

	/*
	 * Read the switches under the lock: of two racing updates, the one
	 * that locks last sees what the other's caller had switched, so the
	 * last word is never stale.
	 */
	spin_lock(&slab_hooks_lock);
	on = __atomic_load_n(&ukmem_failslab_active, __ATOMIC_RELAXED) ||
	     __atomic_load_n(&__kfence_sampling, __ATOMIC_RELAXED) ||
	     READ_ONCE(ukmem_kasan_active) ||
	     __atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED) ||
	     __atomic_load_n(&ukmem_kmemleak_free_on, __ATOMIC_RELAXED);
	__atomic_store_n(&slab_fast.hooks, on, __ATOMIC_RELAXED);
	slab_tcache_hooks_changed(on);
	spin_unlock(&slab_hooks_lock);
}

/* fork(): no other thread is inside a hooks update when memory is copied. */
void ukmem_slab_hooks_fork_prepare(void)
{
	spin_lock(&slab_hooks_lock);
}

void ukmem_slab_hooks_fork_release(void)
{
	spin_unlock(&slab_hooks_lock);
}

/* The free pointer accessors and the metadata offset, for slub_debug.c. */
void *slub_get_freepointer(const struct kmem_cache *s, void *object)
{
	return get_freepointer(s, object);
}

void slub_set_freepointer(const struct kmem_cache *s, void *object, void *fp)
{
	__set_freepointer(s, object, fp);
}

/* set_freepointer() for the thread caches (slub_tcache.c): the same BUG. */
bool slab_link_object(const struct kmem_cache *s, void *object, void *fp)
{
	return set_freepointer(s, object, fp);
}

/* ---- geometry ----------------------------------------------------------- */

/**
 * calculate_alignment - the alignment of a cache's objects, as 6.12 computes it
 * @flags: the cache's flags (SLAB_HWCACHE_ALIGN halves the cache line
 *	while the object fits in half of it)
 * @align: the alignment the caller asked for
 * @size: the object size
 *
 * Return: at least ARCH_SLAB_MINALIGN, a multiple of the pointer size.
 */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE_SIZE;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	return ALIGN(align, (unsigned int)sizeof(void *));
}

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static inline struct kmem_cache_order_objects oo_make(unsigned int order, unsigned int size)
{
	struct kmem_cache_order_objects x = {(order << OO_SHIFT) + order_objects(order, size)};

	return x;
}

static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)PAGE_SIZE << order;
		unsigned int rem = slab_size % size;

		if (rem <= slab_size / fract_leftover)
			break;
	}
	return order;
}

static int calculate_order(unsigned int size)
{
	unsigned int order, min_objects, max_objects, min_order;

	min_objects = slub_min_objects;
	if (!min_objects) {
		/* every modelled CPU is present */
		unsigned int nr_cpus = nr_cpu_ids;

		min_objects = 4 * (unsigned int)(fls(nr_cpus) + 1);
	}
	max_objects = max(order_objects(slub_max_order, size), 1U);
	min_objects = min(min_objects, max_objects);

	min_order = max((unsigned int)slub_min_order,
			(unsigned int)get_order((unsigned long)min_objects * size));
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;

	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, slub_max_order, fraction);
		if (order <= slub_max_order)
			return (int)order;
	}

	order = (unsigned int)get_order(size);
	if (order <= MAX_PAGE_ORDER)
		return (int)order;
	return -ENOSYS;
}

/* Bytes of SLUB's alloc/free tracking (struct track with a stack depot handle). */
#define TRACK_SIZE 32

static bool calculate_sizes(struct kmem_cache_args *args, struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = s->object_size;
	int order;

	size = ALIGN(size, (unsigned int)sizeof(void *));

	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;

	/* room for a right red zone when the object fills its words exactly */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);

	s->inuse = size;

	if (((flags & SLAB_TYPESAFE_BY_RCU) && !args->use_freeptr_offset) ||
	    (flags & SLAB_POISON) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) && (s->object_size < sizeof(void *) ||
					 ((flags & SLAB_STORE_USER) && (flags & SLAB_KMALLOC))))) {
		/* the object's contents must survive a free: link behind it */
		s->offset = size;
		size += sizeof(void *);
	} else if ((flags & SLAB_TYPESAFE_BY_RCU) && args->use_freeptr_offset) {
		s->offset = args->freeptr_offset;
	} else {
		/* mid-object, so a small overflow does not hit the link */
		s->offset = ALIGN_DOWN(s->object_size / 2, (unsigned int)sizeof(void *));
	}

	if (flags & SLAB_STORE_USER) {
		size += 2 * TRACK_SIZE;
		if (flags & SLAB_KMALLOC)
			size += sizeof(unsigned long); /* the requested size */
	}

	if (flags & SLAB_RED_ZONE) {
		size += sizeof(void *);
		s->red_left_pad = sizeof(void *);
		s->red_left_pad = ALIGN(s->red_left_pad, s->align);
		size += s->red_left_pad;
	}

	size = ALIGN(size, s->align);
	s->size = size;
	order = calculate_order(size);
	if (order < 0)
		return false;

	s->allocflags = __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;

	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make((unsigned int)get_order(size), size);
	return oo_objects(s->oo) != 0;
}

static void set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (!kmem_cache_has_cpu_partial(s))
		nr_objects = 0;
	else if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	s->cpu_partial = nr_objects;
	s->cpu_partial_slabs = DIV_ROUND_UP(nr_objects * 2, oo_objects(s->oo));
}

/* ---- freelist randomization -------------------------------------------- */

int init_cache_random_seq(struct kmem_cache *s)
{
	unsigned int count = oo_objects(s->oo);
	unsigned int *seq;

	if (s->random_seq || !freelist_random || count < 2)
		return 0;
	seq = kcalloc(count, sizeof(unsigned int), GFP_KERNEL);
	if (!seq) {
		pr_err("SLUB: Unable to initialize free list for %s\n", s->name);
		return -ENOMEM;
	}
	atomic_long_inc(&slab_internal_objects);
	for (unsigned int i = 0; i < count; i++)
		seq[i] = i;
	/* Fisher-Yates, then turned into offsets within the slab */
	for (unsigned int i = count - 1; i > 0; i--) {
		unsigned int j = slab_random_below(i + 1);
		unsigned int t = seq[i];

		seq[i] = seq[j];
		seq[j] = t;
	}
	for (unsigned int i = 0; i < count; i++)
		seq[i] *= s->size;
	s->random_seq = seq;
	return 0;
}

static void free_cache_random_seq(struct kmem_cache *s)
{
	if (!s->random_seq)
		return;
	/* slub_debug: an object of a disabled slab stays there, held back */
	if (!slub_debug_in_disabled_slab(s->random_seq))
		kfree(s->random_seq);
	atomic_long_dec(&slab_internal_objects);
	s->random_seq = NULL;
}

void init_freelist_randomization(void)
{
	struct kmem_cache *s;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list)
		init_cache_random_seq(s);
	mutex_unlock(&slab_mutex);
}

static void *next_freelist_entry(struct kmem_cache *s, unsigned int *pos, void *start,
				 unsigned long page_limit, unsigned int count)
{
	unsigned int idx;

	do {
		idx = s->random_seq[*pos];
		*pos += 1;
		if (*pos >= count)
			*pos = 0;
	} while (unlikely(idx >= page_limit));
	return (char *)start + idx;
}

static inline void *fixup_red_left(const struct kmem_cache *s, void *p)
{
	if (s->flags & SLAB_RED_ZONE)
		p = (char *)p + s->red_left_pad;
	return p;
}

static void *setup_object(struct kmem_cache *s, void *object)
{
	if (unlikely(kmem_cache_debug(s)))
		setup_object_debug(s, object);
	if (unlikely(s->ctor))
		s->ctor(object);
	return object;
}

static bool shuffle_freelist(struct kmem_cache *s, struct slab *slab)
{
	unsigned int count = oo_objects(s->oo), pos;
	unsigned long page_limit;
	void *start, *cur, *next;

	if (slab->objects < 2 || !s->random_seq)
		return false;
	pos = slab_random_below(count);
	page_limit = (unsigned long)slab->objects * s->size;
	start = fixup_red_left(s, slab_address(slab));
	cur = setup_object(s, next_freelist_entry(s, &pos, start, page_limit, count));
	slab->freelist = cur;
	for (unsigned int idx = 1; idx < slab->objects; idx++) {
		next = setup_object(s, next_freelist_entry(s, &pos, start, page_limit, count));
		__set_freepointer(s, cur, next);
		cur = next;
	}
	__set_freepointer(s, cur, NULL);
	return true;
}

/* ---- slab pages ---------------------------------------------------------- */

static inline enum node_stat_item cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B : NR_SLAB_UNRECLAIMABLE_B;
}

/* The NR_SLAB_* node counters are kept in pages here (see mm/vmstat.c). */
static void account_slab(struct slab *slab, unsigned int order, struct kmem_cache *s, int sign)
{
	__mod_node_page_state(page_pgdat(slab_page(slab)), cache_vmstat_idx(s),
			      sign * (1L << order));
}

static gfp_t kmalloc_fix_flags(gfp_t flags)
{
	gfp_t invalid_mask = flags & GFP_SLAB_BUG_MASK;

	flags &= ~GFP_SLAB_BUG_MASK;
	pr_warn("Unexpected gfp: %#x (%pGg). Fixing up to gfp: %#x (%pGg). Fix your code!\n",
		invalid_mask, &invalid_mask, flags, &flags);
	dump_stack();
	return flags;
}

gfp_t ukmem_slab_fix_gfp(gfp_t flags);
gfp_t ukmem_slab_fix_gfp(gfp_t flags)
{
	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = kmalloc_fix_flags(flags);
	return flags;
}

static struct slab *alloc_slab_page(gfp_t flags, int node, struct kmem_cache_order_objects oo)
{
	struct page *page = alloc_pages_node(node, flags, oo_order(oo));

	if (!page)
		return NULL;
	__SetPageSlab(page);
	return page_slab(page);
}

static struct slab *allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	gfp_t alloc_gfp;
	struct slab *slab;

	flags |= s->allocflags;
	/* the preferred order may fail quietly: the minimum order is the fallback */
	alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;

	slab = alloc_slab_page(alloc_gfp, node, oo);
	if (unlikely(!slab)) {
		oo = s->min;
		slab = alloc_slab_page(flags, node, oo);
		if (unlikely(!slab))
			return NULL;
	}

	slab->objects = oo_objects(oo);
	slab->inuse = 0;
	slab->frozen = 0;
	account_slab(slab, oo_order(oo), s, 1);
	slab->slab_cache = s;
	slab_tcache_map_slab(s, slab, oo_order(oo));
	if (unlikely(kmem_cache_debug(s)))
		setup_slab_debug(s, slab, slab_address(slab));

	if (!shuffle_freelist(s, slab)) {
		void *start = setup_object(s, fixup_red_left(s, slab_address(slab)));
		void *p = start, *next;

		slab->freelist = start;
		for (unsigned int idx = 0; idx + 1 < slab->objects; idx++) {
			next = setup_object(s, (char *)p + s->size);
			__set_freepointer(s, p, next);
			p = next;
		}
		__set_freepointer(s, p, NULL);
	}
	kasan_poison_slab(slab);
	return slab;
}

static struct slab *new_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	flags = ukmem_slab_fix_gfp(flags);
	WARN_ON_ONCE(s->ctor && (flags & __GFP_ZERO));
	return allocate_slab(s, flags & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK), node);
}

static void free_slab(struct kmem_cache *s, struct slab *slab)
{
	struct page *page = slab_page(slab);
	unsigned int order = slab_order(slab);

	account_slab(slab, order, s, -1);
	slab_tcache_unmap_slab(slab, order);
	/* give the page allocator its fields back: mapping (slab_list.prev) NULL */
	slab->slab_cache = NULL;
	slab->slab_list.next = NULL;
	slab->slab_list.prev = NULL;
	slab->freelist = NULL;
	slab->counters = 0;
	slab->obj_exts = 0;
	/* marked, as every store to page->flags: page_alloc.c may peek at it */
	WRITE_ONCE(page->flags, page->flags & ~(1UL << SL_partial));
	__ClearPageSlab(page);
	__free_pages(page, order);
}

static inline void inc_slabs_node(struct kmem_cache *s, int node, int objects)
{
	struct kmem_cache_node *n = get_node(s, node);

	atomic_long_inc(&n->nr_slabs);
	atomic_long_add(objects, &n->total_objects);
}

static inline void dec_slabs_node(struct kmem_cache *s, int node, int objects)
{
	struct kmem_cache_node *n = get_node(s, node);

	atomic_long_dec(&n->nr_slabs);
	atomic_long_sub(objects, &n->total_objects);
}

static void rcu_free_slab(struct rcu_head *h)
{
	struct slab *slab = container_of(h, struct slab, rcu_head);

	free_slab(slab->slab_cache, slab);
}

/*
 * A slab of a SLAB_TYPESAFE_BY_RCU cache stays a slab of its objects
 * until a grace period has passed, so readers that found an object under
 * rcu_read_lock() still see one of the same type.
 */
static void discard_slab(struct kmem_cache *s, struct slab *slab)
{
	dec_slabs_node(s, slab_nid(slab), slab->objects);
	if (unlikely(s->flags & SLAB_TYPESAFE_BY_RCU)) {
		slab->counters = 0; /* no objects: the validator skips it */
		slab_tcache_unmap_slab(slab, slab_order(slab)); /* frees of it are checked */
		call_rcu(&slab->rcu_head, rcu_free_slab);
		return;
	}
	free_slab(s, slab);
}

/* ---- node partial lists (list_lock held) -------------------------------- */

enum {
	DEACTIVATE_TO_HEAD,
	DEACTIVATE_TO_TAIL
};

static inline void add_partial(struct kmem_cache_node *n, struct slab *slab, int tail)
{
	n->nr_partial++;
	if (tail == DEACTIVATE_TO_TAIL)
		list_add_tail(&slab->slab_list, &n->partial);
	else
		list_add(&slab->slab_list, &n->partial);
	WRITE_ONCE(slab->__page_flags, slab->__page_flags | (1UL << SL_partial));
}

static inline void remove_partial(struct kmem_cache_node *n, struct slab *slab)
{
	list_del(&slab->slab_list);
	WRITE_ONCE(slab->__page_flags, slab->__page_flags & ~(1UL << SL_partial));
	n->nr_partial--;
}

static void init_kmem_cache_node(struct kmem_cache_node *n)
{
	spin_lock_init(&n->list_lock);
	n->nr_partial = 0;
	INIT_LIST_HEAD(&n->partial);
	atomic_long_set(&n->nr_slabs, 0);
	atomic_long_set(&n->total_objects, 0);
	INIT_LIST_HEAD(&n->full);
}

/* The kmem_cache_node cache's own node structures, before it can allocate. */
static void early_kmem_cache_node_alloc(int node)
{
	struct kmem_cache_node *n;
	struct slab *slab;

	slab = new_slab(kmem_cache_node, GFP_NOWAIT, node);
	BUG_ON(!slab);
	if (slab_nid(slab) != node) {
		pr_err("SLUB: Unable to allocate memory from node %d\n", node);
		pr_err("SLUB: Allocating a useless per node structure in order to be able to continue\n");
	}
	n = slab->freelist;
	slab->freelist = get_freepointer(kmem_cache_node, n);
	kasan_slab_alloc(kmem_cache_node, n);
	slab->inuse = 1;
	if (kmem_cache_debug(kmem_cache_node))
		init_object(kmem_cache_node, n, SLUB_RED_ACTIVE);
	atomic_long_inc(&slab_internal_objects);
	kmem_cache_node->node[node] = n;
	init_kmem_cache_node(n);
	inc_slabs_node(kmem_cache_node, node, slab->objects);
	add_partial(n, slab, DEACTIVATE_TO_HEAD);
}

static void free_kmem_cache_nodes(struct kmem_cache *s)
{
	int node;
	struct kmem_cache_node *n;

	for_each_kmem_cache_node(s, node, n) {
		s->node[node] = NULL;
		kmem_cache_free(kmem_cache_node, n);
		atomic_long_dec(&slab_internal_objects);
	}
}

static bool init_kmem_cache_nodes(struct kmem_cache *s)
{
	int node;

	for_each_online_node(node) {
		struct kmem_cache_node *n;

		if (slab_state == DOWN) {
			early_kmem_cache_node_alloc(node);
			continue;
		}
		n = kmem_cache_alloc_node(kmem_cache_node, GFP_KERNEL, node);
		if (!n) {
			free_kmem_cache_nodes(s);
			return false;
		}
		atomic_long_inc(&slab_internal_objects);
		init_kmem_cache_node(n);
		s->node[node] = n;
	}
	return true;
}

static bool alloc_kmem_cache_cpus(struct kmem_cache *s)
{
	s->cpu_slab = pcpu_alloc_cpus();
	if (!s->cpu_slab)
		return false;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		spin_lock_init(&cpu_slab(s, (int)cpu)->lock);
	return true;
}

/* ---- CPU slabs ------------------------------------------------------------ */

/*
 * Give a CPU's current slab back: the objects the CPU still owns
 * (@freelist) rejoin the slab's list, the slab is unfrozen and goes to the
 * node's partial list, is freed (empty, and the node has min_partial
 * slabs), or stays on no list (full).
 */
static void deactivate_slab(struct kmem_cache *s, struct slab *slab, void *freelist)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	int tail = DEACTIVATE_TO_HEAD;
	bool discard = false;

	spin_lock(&n->list_lock);
	if (slab->freelist)
		tail = DEACTIVATE_TO_TAIL; /* remote frees meanwhile */
	if (freelist) {
		void *last = freelist, *next;
		unsigned int count = 1;

		while ((next = get_freepointer(s, last)) != NULL) {
			last = next;
			count++;
		}
		__set_freepointer(s, last, slab->freelist);
		slab->freelist = freelist;
		slab->inuse -= count;
	}
	slab->frozen = 0;
	if (!slab->inuse && n->nr_partial >= s->min_partial)
		discard = true;
	else if (slab->freelist)
		add_partial(n, slab, tail);
	spin_unlock(&n->list_lock);
	if (discard)
		discard_slab(s, slab);
}

/* Move a chain of CPU partial slabs to their nodes (no CPU lock needed). */
static void __put_partials(struct kmem_cache *s, struct slab *partial_slab)
{
	struct kmem_cache_node *n = NULL, *n2;
	struct slab *slab, *slab_to_discard = NULL;

	while (partial_slab) {
		slab = partial_slab;
		partial_slab = slab->next;
		n2 = get_node(s, slab_nid(slab));
		if (n != n2) {
			if (n)
				spin_unlock(&n->list_lock);
			n = n2;
			spin_lock(&n->list_lock);
		}
		if (unlikely(!slab->inuse && n->nr_partial >= s->min_partial)) {
			slab->next = slab_to_discard;
			slab_to_discard = slab;
		} else {
			add_partial(n, slab, DEACTIVATE_TO_TAIL);
		}
	}
	if (n)
		spin_unlock(&n->list_lock);
	while (slab_to_discard) {
		slab = slab_to_discard;
		slab_to_discard = slab_to_discard->next;
		discard_slab(s, slab);
	}
}

/* A slab that was full gained a free object: onto this CPU's partial chain. */
static void put_cpu_partial(struct kmem_cache *s, struct slab *slab, int drain)
{
	struct kmem_cache_cpu *c = cpu_slab(s, ukmem_this_cpu());
	struct slab *oldslab, *slab_to_put = NULL;
	int slabs = 0;

	spin_lock(&c->lock);
	oldslab = c->partial;
	if (oldslab) {
		if (drain && oldslab->slabs >= (int)s->cpu_partial_slabs) {
			/* the chain is full: it all goes to the node lists */
			slab_to_put = oldslab;
			oldslab = NULL;
		} else {
			slabs = oldslab->slabs;
		}
	}
	slabs++;
	slab->slabs = slabs;
	slab->next = oldslab;
	c->partial = slab;
	c->tid++;
	spin_unlock(&c->lock);
	if (slab_to_put)
		__put_partials(s, slab_to_put);
}

/* Flush one CPU's current slab and partial chain (c->lock held). */
static struct slab *flush_cpu_locked(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct slab *slab = c->slab, *partial = c->partial;
	void *freelist = c->freelist;

	c->slab = NULL;
	c->freelist = NULL;
	c->partial = NULL;
	c->tid++;
	if (slab)
		deactivate_slab(s, slab, freelist);
	return partial;
}

static void flush_all_cpus(struct kmem_cache *s)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct kmem_cache_cpu *c = cpu_slab(s, (int)cpu);
		struct slab *partial;

		spin_lock(&c->lock);
		partial = flush_cpu_locked(s, c);
		spin_unlock(&c->lock);
		if (partial)
			__put_partials(s, partial);
	}
}

/* ---- allocation ----------------------------------------------------------- */

static inline bool node_match(const struct slab *slab, int node)
{
	return node == NUMA_NO_NODE || slab_nid(slab) == node;
}

/* Take a frozen slab's remote frees for the CPU; unfreeze it if none. */
static void *get_freelist(struct kmem_cache *s, struct slab *slab)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	void *freelist;

	spin_lock(&n->list_lock);
	freelist = slab->freelist;
	slab->freelist = NULL;
	slab->inuse = slab->objects;
	if (!freelist)
		slab->frozen = 0; /* full: on no list */
	spin_unlock(&n->list_lock);
	return freelist;
}

/* Make a partial slab (already off every list) this CPU's slab. */
static void *freeze_slab(struct kmem_cache *s, struct slab *slab)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	void *freelist;

	spin_lock(&n->list_lock);
	freelist = slab->freelist;
	slab->freelist = NULL;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	spin_unlock(&n->list_lock);
	return freelist;
}

/*
 * Take slabs off a node's partial list: the first for the CPU, more for
 * its partial chain (up to half of cpu_partial, counted in slabs, as 6.12
 * counts them).  c->lock is held.
 */
static struct slab *get_partial_node(struct kmem_cache *s, struct kmem_cache_node *n,
				     struct kmem_cache_cpu *c)
{
	struct slab *slab, *slab2, *partial = NULL;
	unsigned int partial_slabs = 0;

	if (!n || !READ_ONCE(n->nr_partial))
		return NULL;
	spin_lock(&n->list_lock);
	list_for_each_entry_safe(slab, slab2, &n->partial, slab_list) {
		remove_partial(n, slab);
		if (!partial) {
			partial = slab;
			if (s->cpu_partial == 0)
				break;
		} else {
			int slabs = c->partial ? c->partial->slabs : 0;

			slab->slabs = slabs + 1;
			slab->next = c->partial;
			c->partial = slab;
			if (++partial_slabs > s->cpu_partial / 2)
				break;
		}
	}
	spin_unlock(&n->list_lock);
	return partial;
}

static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfpflags, int nid)
{
	int node;
	struct kmem_cache_node *n;

	static DEFINE_RATELIMIT_STATE(slub_oom_rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);

	if ((gfpflags & __GFP_NOWARN) || !__ratelimit(&slub_oom_rs))
		return;
	pr_warn("SLUB: Unable to allocate memory on node %d, gfp=%#x(%pGg)\n", nid, gfpflags,
		&gfpflags);
	pr_warn("  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n",
		s->name, s->object_size, s->size, oo_order(s->oo), oo_order(s->min));
	for_each_kmem_cache_node(s, node, n) {
		unsigned long nr_free = 0;
		struct slab *slab;

		spin_lock(&n->list_lock);
		list_for_each_entry(slab, &n->partial, slab_list)
			nr_free += slab->objects - slab->inuse;
		spin_unlock(&n->list_lock);
		pr_warn("  node %d: slabs: %ld, objs: %ld, free: %lu\n", node,
			atomic_long_read(&n->nr_slabs), atomic_long_read(&n->total_objects),
			nr_free);
	}
}

/*
 * The slow path, entered with c->lock held; returns with it released.
 * A thread stays bound to one modelled CPU for the whole boot, so @c is
 * still its CPU after the lock is dropped around the page allocator.
 */
static void *___slab_alloc(struct kmem_cache *s, gfp_t gfpflags, int node, struct kmem_cache_cpu *c)
{
	struct slab *slab;
	void *freelist;
	int searchnode;

	slab = c->slab;
	if (!slab)
		goto new_slab;
	if (unlikely(!node_match(slab, node))) {
		freelist = c->freelist;
		c->slab = NULL;
		c->freelist = NULL;
		deactivate_slab(s, slab, freelist);
		goto new_slab;
	}
	freelist = c->freelist;
	if (freelist)
		goto load_freelist;
	freelist = get_freelist(s, slab);
	if (!freelist) {
		c->slab = NULL;
		goto new_slab;
	}

load_freelist:
	c->freelist = get_freepointer(s, freelist);
	c->tid++;
	spin_unlock(&c->lock);
	return freelist;

new_slab:
	while (c->partial) {
		slab = c->partial;
		c->partial = slab->next;
		if (unlikely(!node_match(slab, node))) {
			slab->next = NULL;
			__put_partials(s, slab);
			continue;
		}
		freelist = freeze_slab(s, slab);
		c->slab = slab;
		goto load_freelist;
	}

	searchnode = node == NUMA_NO_NODE ? numa_mem_id() : node;
	slab = get_partial_node(s, get_node(s, searchnode), c);
	if (slab) {
		freelist = freeze_slab(s, slab);
		c->slab = slab;
		goto load_freelist;
	}

	spin_unlock(&c->lock);
	slab = new_slab(s, gfpflags, node);
	if (unlikely(!slab)) {
		slab_out_of_memory(s, gfpflags, node);
		return NULL;
	}
	freelist = slab->freelist;
	slab->freelist = NULL;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	inc_slabs_node(s, slab_nid(slab), slab->objects);

	spin_lock(&c->lock);
	if (unlikely(c->slab)) {
		/* another thread on this CPU installed a slab meanwhile */
		struct slab *old = c->slab;
		void *oldfree = c->freelist;

		c->slab = NULL;
		c->freelist = NULL;
		deactivate_slab(s, old, oldfree);
	}
	c->slab = slab;
	goto load_freelist;
}

/* init_on_free wipes every object except a ctor, RCU or poisoned cache's, as 6.12. */
bool slab_want_init_on_free(const struct kmem_cache *c)
{
	if (ukmem_kp.init_on_free)
		return !(c->ctor || (c->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)));
	return false;
}

/**
 * slab_want_init_on_alloc - whether an allocation must return zeroed memory
 * @flags: the request's GFP flags
 * @c: the cache
 *
 * init_on_alloc zeroes every object except a ctor cache's; RCU and
 * poisoned caches are zeroed only with __GFP_ZERO, as in 6.12.
 */
bool slab_want_init_on_alloc(gfp_t flags, struct kmem_cache *c)
{
	if (ukmem_kp.init_on_alloc) {
		if (c->ctor)
			return false;
		if (c->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
			return flags & __GFP_ZERO;
		return true;
	}
	return flags & __GFP_ZERO;
}

/*
 * init_on_free: the link left in a newly allocated object is cleared, so
 * the object is all zero - when the link is inside it.  A link outside
 * the object is not the caller's memory, and validation still decodes it
 * while the object is allocated (check_object()): left alone, as in 6.12.
 */
static inline void maybe_wipe_obj_freeptr(struct kmem_cache *s, void *obj)
{
	if (unlikely(slab_want_init_on_free(s)) && obj && !freeptr_outside_object(s))
		memset((char *)obj + s->offset, 0, sizeof(void *));
}

/* ---- slub_debug: the debug caches' allocation path ------------------------- */
/*
 * A debug cache has no CPU slab and no CPU partial slabs: every object is
 * taken from a node's partial list, or a new slab, one at a time under the
 * node's list_lock, through alloc_debug_processing() (6.12's
 * alloc_single_from_partial/alloc_single_from_new_slab).  With user
 * tracking, full slabs are kept on the node's full list.
 */
static void add_full(struct kmem_cache *s, struct kmem_cache_node *n, struct slab *slab)
{
	if (s->flags & SLAB_STORE_USER)
		list_add(&slab->slab_list, &n->full);
}

static void remove_full(struct kmem_cache *s, struct slab *slab)
{
	if (s->flags & SLAB_STORE_USER)
		list_del(&slab->slab_list);
}

static void *alloc_single_from_partial(struct kmem_cache *s, struct kmem_cache_node *n,
				       struct slab *slab, int orig_size)
{
	void *object = slab->freelist;

	slab->freelist = check_valid_pointer(s, slab, object) ? get_freepointer(s, object) : NULL;
	slab->inuse++;
	if (!alloc_debug_processing(s, slab, object, orig_size)) {
		if (PageSlab(slab_page(slab)))
			remove_partial(n, slab);
		return NULL;
	}
	if (slab->inuse == slab->objects) {
		remove_partial(n, slab);
		add_full(s, n, slab);
	}
	return object;
}

static void *alloc_single_from_new_slab(struct kmem_cache *s, struct slab *slab, int orig_size)
{
	int nid = slab_nid(slab);
	struct kmem_cache_node *n = get_node(s, nid);
	void *object = slab->freelist;
	bool ok;

	slab->freelist = get_freepointer(s, object);
	slab->inuse = 1;
	ok = alloc_debug_processing(s, slab, object, orig_size);
	spin_lock(&n->list_lock);
	if (ok) {
		if (slab->inuse == slab->objects)
			add_full(s, n, slab);
		else
			add_partial(n, slab, DEACTIVATE_TO_HEAD);
	}
	/* ukmem: a slab disabled at once is still counted (6.12 loses it) */
	inc_slabs_node(s, nid, slab->objects);
	spin_unlock(&n->list_lock);
	return ok ? object : NULL;
}

static void *get_partial_node_debug(struct kmem_cache *s, struct kmem_cache_node *n, int orig_size)
{
	struct slab *slab, *slab2;
	void *object = NULL;

	if (!n || !READ_ONCE(n->nr_partial))
		return NULL;
	spin_lock(&n->list_lock);
	list_for_each_entry_safe(slab, slab2, &n->partial, slab_list) {
		object = alloc_single_from_partial(s, n, slab, orig_size);
		if (object)
			break;
	}
	spin_unlock(&n->list_lock);
	return object;
}

static noinline void *slab_alloc_debug(struct kmem_cache *s, gfp_t gfpflags, int node,
				       unsigned long addr, size_t orig_size)
{
	int searchnode = node == NUMA_NO_NODE ? numa_mem_id() : node;
	unsigned int zero_size = s->object_size;
	struct slab *slab;
	void *object;

	for (;;) {
		object = get_partial_node_debug(s, get_node(s, searchnode), (int)orig_size);
		for (int nid = 0; !object && node == NUMA_NO_NODE && nid < nr_online_nodes; nid++)
			if (nid != searchnode)
				object =
					get_partial_node_debug(s, get_node(s, nid), (int)orig_size);
		if (object)
			break;
		slab = new_slab(s, gfpflags, node);
		if (unlikely(!slab)) {
			slab_out_of_memory(s, gfpflags, node);
			return NULL;
		}
		object = alloc_single_from_new_slab(s, slab, (int)orig_size);
		if (object)
			break;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_ALLOC, addr);
	/* a tracked request size ends where the kmalloc red zone starts */
	if ((s->flags & SLAB_STORE_USER) && (s->flags & SLAB_KMALLOC))
		zero_size = (unsigned int)orig_size;
	maybe_wipe_obj_freeptr(s, object);
	if (slab_want_init_on_alloc(gfpflags, s))
		slab_zero_object(object, zero_size);
	return object;
}

/*
 * slab_alloc_node - allocate one object (the common path of every slab
 * allocation); @orig_size is the size the caller asked for (kmalloc) or
 * the object size.
 */
void *slab_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr,
		      size_t orig_size)
{
	struct kmem_cache_cpu *c;
	struct slab *slab;
	void *object;

	(void)addr;
	if (unlikely(!s))
		return NULL;
	/* slab_pre_alloc_hook(): failslab fails the call before anything is touched */
	if (ukmem_failslab(s, gfpflags))
		return NULL;
	object = kfence_alloc(s, orig_size, gfpflags);
	if (unlikely(object))
		goto hooks;
	/* ukmem: the thread cache first (slub_tcache.c); node requests bypass it */
	if (likely(node == NUMA_NO_NODE)) {
		object = slab_tcache_alloc(s);
		if (likely(object)) {
			if (likely(slab_fast.no_init && !(gfpflags & __GFP_ZERO)))
				return object;
			goto out;
		}
		if (s->tcache_idx && !slab_fast.hooks) {
			object = slab_tcache_alloc_slow(s, gfpflags);
			if (likely(object))
				goto out;
		}
	}
	/* a node without memory (or no node at all): any node, as 6.12 does */
	if (unlikely(node != NUMA_NO_NODE && (node < 0 || node >= nr_online_nodes)))
		node = NUMA_NO_NODE;
	/* slub_debug: debug caches never take a fast path */
	if (unlikely(kmem_cache_debug(s))) {
		/* it sets the object up itself; KASAN and Valgrind leave debug caches alone */
		object = slab_alloc_debug(s, gfpflags, node, addr, orig_size);
		if (object)
			kmemleak_alloc_recursive(object, s->object_size, 1, s->flags, gfpflags);
		return object;
	}
	c = cpu_slab(s, ukmem_this_cpu());
	spin_lock(&c->lock);
	object = c->freelist;
	slab = c->slab;
	if (likely(object && slab && node_match(slab, node))) {
		c->freelist = get_freepointer(s, object);
		c->tid++;
		spin_unlock(&c->lock);
	} else {
		object = ___slab_alloc(s, gfpflags, node, c);
	}
	if (unlikely(!object))
		return NULL;
out:
	/* slab_post_alloc_hook(): accessible first (KASAN, Valgrind), then zeroed, then tracked */
	kasan_slab_alloc(s, object);
	maybe_wipe_obj_freeptr(s, object);
	if (slab_want_init_on_alloc(gfpflags, s))
		memset(object, 0, READ_ONCE(s->object_size)); /* a merge may grow it */
	kmemleak_alloc_recursive(object, READ_ONCE(s->object_size), 1, s->flags, gfpflags);
	return object;
hooks:
	/* a KFENCE object, set up by KFENCE */
	kasan_slab_alloc(s, object);
	kmemleak_alloc_recursive(object, READ_ONCE(s->object_size), 1, s->flags, gfpflags);
	return object;
}

/* kmem_cache_alloc() past the bare pop: a tail call, so the pop needs no frame. */
static noinline void *kmem_cache_alloc_slow(struct kmem_cache *s, gfp_t gfpflags,
					    unsigned long caller)
{
	void *object = likely(s) ? slab_tcache_alloc(s) : NULL;

	if (likely(object)) {
		if (likely(slab_fast.no_init && !(gfpflags & __GFP_ZERO)))
			return object;
		return slab_tcache_init_object(s, gfpflags, object);
	}
	return slab_alloc_node(s, gfpflags, NUMA_NO_NODE, caller,
			       s ? READ_ONCE(s->object_size) : 0);
}

/**
 * kmem_cache_alloc_noprof - allocate an object from a cache
 * @s: the cache
 * @gfpflags: how to get memory for a new slab; __GFP_ZERO zeroes the object
 *
 * Return: the object, or NULL.
 */
__slab_fast_entry void *kmem_cache_alloc_noprof(struct kmem_cache *s, gfp_t gfpflags)
{
	void *object = NULL;

	/*
	 * ukmem: the thread cache's bare pop (slub_tcache.c); the cache's
	 * tcache_alloc_idx is 0 (the always-empty bin) while hooks are on or
	 * objects must be zeroed, so neither costs a test here
	 */
	if (likely(s && !(gfpflags & __GFP_ZERO)))
		object = slab_tcache_pop(READ_ONCE(s->tcache_alloc_idx));
	if (likely(object))
		return object;
	return kmem_cache_alloc_slow(s, gfpflags, _RET_IP_);
}

/**
 * kmem_cache_alloc_node_noprof - allocate an object on a given node
 * @s: the cache
 * @gfpflags: GFP flags
 * @node: the node, or NUMA_NO_NODE
 *
 * Return: the object, or NULL.
 */
void *kmem_cache_alloc_node_noprof(struct kmem_cache *s, gfp_t gfpflags, int node)
{
	return slab_alloc_node(s, gfpflags, node, _RET_IP_, s ? READ_ONCE(s->object_size) : 0);
}

/* kmem_cache_alloc_bulk() past the whole-run pop: runs from the bin, then SLUB. */
static noinline int kmem_cache_alloc_bulk_slow(struct kmem_cache *s, gfp_t flags, size_t size,
					       void **p, unsigned long caller)
{
	size_t i;

	if (!size)
		return 0;
	for (i = 0; i < size;) {
		/* ukmem: whatever this thread's cache holds, in one go */
		if (s->tcache_idx) {
			size_t got = (size_t)slab_tcache_alloc_bulk(s, size - i, p + i);

			if (unlikely(!slab_fast.no_init || (flags & __GFP_ZERO)))
				for (size_t j = i; j < i + got; j++)
					slab_tcache_init_object(s, flags, p[j]);
			i += got;
			if (i == size)
				break;
		}
		p[i] = slab_alloc_node(s, flags, NUMA_NO_NODE, caller, READ_ONCE(s->object_size));
		if (unlikely(!p[i])) {
			kmem_cache_free_bulk(s, i, p);
			return 0;
		}
		i++;
	}
	return (int)i;
}

/**
 * kmem_cache_alloc_bulk_noprof - allocate @size objects at once
 * @s: the cache
 * @flags: GFP flags
 * @size: how many
 * @p: where to put them
 *
 * All or nothing, as 6.12: on failure the objects already taken are freed.
 *
 * Return: @size, or 0.
 */
int kmem_cache_alloc_bulk_noprof(struct kmem_cache *s, gfp_t flags, size_t size, void **p)
{
	/*
	 * ukmem: the whole run off this thread's cache when it holds that
	 * many (tcache_alloc_idx: bin 0 while hooks are on or objects must be
	 * zeroed, as kmem_cache_alloc()), else a run at a time
	 */
	if (likely(size && !(flags & __GFP_ZERO)) &&
	    likely(slab_tcache_pop_bulk(READ_ONCE(s->tcache_alloc_idx), size, p)))
		return (int)size;
	return kmem_cache_alloc_bulk_slow(s, flags, size, p, _RET_IP_);
}

/* ---- free ------------------------------------------------------------------ */

/*
 * Free to a slab that is not this CPU's current one: 6.12's __slab_free
 * decisions, with the node lock in place of the cmpxchg loop.
 */
static void __slab_free(struct kmem_cache *s, struct slab *slab, void *head, void *tail, int cnt)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	bool was_frozen, discard = false;
	void *prior;

	spin_lock(&n->list_lock);
	prior = slab->freelist;
	if (!set_freepointer(s, tail, prior)) {
		spin_unlock(&n->list_lock);
		return;
	}
	slab->freelist = head;
	slab->inuse -= cnt;
	was_frozen = slab->frozen;

	if (was_frozen) {
		spin_unlock(&n->list_lock);
		return;
	}
	if (!prior && kmem_cache_has_cpu_partial(s)) {
		/* it was full: now a partial slab of the freeing CPU */
		spin_unlock(&n->list_lock);
		put_cpu_partial(s, slab, 1);
		return;
	}
	if (prior && !slab_test_node_partial(slab)) {
		/* on some CPU's partial chain: that CPU owns its list state */
		spin_unlock(&n->list_lock);
		return;
	}
	if (unlikely(!slab->inuse && n->nr_partial >= s->min_partial)) {
		if (prior)
			remove_partial(n, slab);
		discard = true;
	} else if (!kmem_cache_has_cpu_partial(s) && unlikely(!prior)) {
		add_partial(n, slab, DEACTIVATE_TO_TAIL);
	}
	spin_unlock(&n->list_lock);
	if (discard)
		discard_slab(s, slab);
}

static void __do_slab_free(struct kmem_cache *s, struct slab *slab, void *head, void *tail, int cnt)
{
	struct kmem_cache_cpu *c = cpu_slab(s, ukmem_this_cpu());

	spin_lock(&c->lock);
	if (likely(slab == c->slab)) {
		if (set_freepointer(s, tail, c->freelist)) {
			c->freelist = head;
			c->tid++;
		}
		spin_unlock(&c->lock);
		return;
	}
	spin_unlock(&c->lock);
	__slab_free(s, slab, head, tail, cnt);
}

static inline void do_slab_free(struct kmem_cache *s, struct slab *slab, void *head, void *tail,
				int cnt)
{
	/* ukmem: one object goes to the thread cache (slub_tcache.c) */
	if (likely(cnt == 1 && s->tcache_idx && !slab_fast.hooks) &&
	    (likely(slab_tcache_free(s, head)) || slab_tcache_free_slow(s, head)))
		return;
	__do_slab_free(s, slab, head, tail, cnt);
}

/*
 * ukmem's thread caches (slub_tcache.c): up to @max objects for this
 * thread, stored in @p, taken from its CPU's freelist (refilled by the
 * slow path when empty), so one CPU lock round trip serves a batch.
 * Returns how many (0: no memory).
 */
unsigned int slab_alloc_array(struct kmem_cache *s, gfp_t gfpflags, void **p, unsigned int max)
{
	struct kmem_cache_cpu *c = cpu_slab(s, ukmem_this_cpu());
	unsigned int n = 0;
	void *object;

	spin_lock(&c->lock);
	if (unlikely(!c->freelist || !c->slab)) {
		p[0] = ___slab_alloc(s, gfpflags, NUMA_NO_NODE, c); /* drops c->lock */
		if (!p[0])
			return 0;
		n = 1;
		spin_lock(&c->lock);
	}
	object = c->freelist;
	if (object && c->slab && n < max) {
		do {
			p[n++] = object;
			object = get_freepointer(s, object);
		} while (n < max && object);
		c->freelist = object;
		c->tid++;
	}
	spin_unlock(&c->lock);
	return n;
}

/* Give back @nr objects of @s: one do_slab_free per run of objects of one slab. */
void slab_free_array(struct kmem_cache *s, void **p, unsigned int nr)
{
	unsigned int i = 0;

	while (i < nr) {
		struct slab *slab = virt_to_slab(p[i]);
		void *head = p[i], *tail = head;
		int cnt = 1;

		/* link the run as a detached freelist, as 6.12's bulk free does */
		while (++i < nr && virt_to_slab(p[i]) == slab) {
			__set_freepointer(s, tail, p[i]);
			tail = p[i];
			cnt++;
		}
		__do_slab_free(s, slab, head, tail, cnt);
	}
}

static inline unsigned int get_info_end(const struct kmem_cache *s)
{
	if (freeptr_outside_object(s))
		return s->inuse + sizeof(void *);
	return s->inuse;
}

unsigned int slub_info_end(const struct kmem_cache *s)
{
	return get_info_end(s);
}

/* ---- slub_debug: the debug caches' free path ------------------------------- */

/* 6.12's free_to_partial_list(): checks, then the free, under list_lock. */
static noinline void free_to_partial_list(struct kmem_cache *s, struct slab *slab, void *head,
					  void *tail, int bulk_cnt, unsigned long addr)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	depot_stack_handle_t handle = 0;
	bool discard = false;
	int cnt = bulk_cnt;

	if (s->flags & SLAB_STORE_USER)
		handle = set_track_prepare(addr);
	spin_lock(&n->list_lock);
	if (free_debug_processing(s, slab, head, tail, &cnt, addr, handle)) {
		void *prior = slab->freelist;

		if (!set_freepointer(s, tail, prior)) {
			/* the naive double free under ukmem.bug=warn: refused */
			spin_unlock(&n->list_lock);
			return;
		}
		slab->inuse -= cnt;
		slab->freelist = head;
		if (slab->inuse == 0 && n->nr_partial >= s->min_partial)
			discard = true;
		if (!prior) {
			remove_full(s, slab);
			if (!discard)
				add_partial(n, slab, DEACTIVATE_TO_TAIL);
		} else if (discard) {
			remove_partial(n, slab);
		}
	}
	spin_unlock(&n->list_lock);
	if (discard)
		discard_slab(s, slab);
}

static noinline void slab_free_debug(struct kmem_cache *s, struct slab *slab, void *object,
				     unsigned long addr)
{
	if (unlikely(!check_valid_pointer(s, slab, object))) {
		/* ukmem: refused with or without F (6.12 checks only with F) */
		slab_invalid_free(s, slab, object);
		return;
	}
	if (slab_want_init_on_free(s)) {
		struct kmem_cache_node *n = get_node(s, slab_nid(slab));
		unsigned int inuse = get_info_end(s);
		unsigned int rsize = (s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0;
		bool already_free;

		/* clearing a free object would clear its link: leave that to the checks */
		spin_lock(&n->list_lock);
		already_free = slab_object_on_freelist_quiet(s, slab, object);
		spin_unlock(&n->list_lock);
		if (!already_free) {
			unsigned long orig_size = get_orig_size(s, object);

			memset(object, 0, orig_size);
			memset((char *)object + inuse, 0, s->size - inuse - rsize);
			set_orig_size(s, object, orig_size);
		}
	}
	free_to_partial_list(s, slab, object, object, 1, addr);
}

/*
 * init_on_free's wipe in slab_free(): the object and the metadata after it,
 * all but an inside link.  The naive double free is found only later, by
 * set_freepointer() under the list's lock, when the object already heads
 * that list and its link is live: wiped, the refused free (ukmem.bug=warn)
 * would still break the list.  A free that goes on writes the link there,
 * or clears it once the object is in a thread cache's bin, so the freed
 * object ends as 6.12's does: zeros and the link.
 */
static void slab_free_wipe(struct kmem_cache *s, void *object)
{
	unsigned int size = READ_ONCE(s->object_size), inuse = get_info_end(s);
	unsigned int rsize = (s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0;
	unsigned int link = s->offset, end = link + sizeof(void *);

	if (freeptr_outside_object(s)) {
		memset(object, 0, size);
	} else {
		/* the link may run past an object smaller than a pointer */
		memset(object, 0, min(link, size));
		if (end < size)
			memset((char *)object + end, 0, size - end);
	}
	memset((char *)object + inuse, 0, s->size - inuse - rsize);
}

/* Free one object of @slab (the object's own slab, whatever cache was named). */
void slab_free(struct kmem_cache *s, struct slab *slab, void *object, unsigned long addr)
{
	kmemleak_free_recursive(object, s->flags);
	if (kfence_free(object))
		return;
	/* slab_free_hook(): KASAN checks (invalid and double frees) and quarantines first */
	if (kasan_slab_free(s, slab, object, addr))
		return;
	/* slub_debug: debug caches never take a fast path */
	if (unlikely(kmem_cache_debug(s))) {
		slab_free_debug(s, slab, object, addr);
		return;
	}
	/* ukmem: an address inside an object is refused, never linked (DIVERGENCES.md) */
	if (unlikely(!slab_obj_start(s, slab, object))) {
		slab_invalid_free(s, slab, object);
		return;
	}
	/* ukmem: the thread cache's push first, when nothing is to be wiped */
	if (likely(!ukmem_kp.init_on_free) && likely(slab_tcache_free(s, object)))
		return;
	if (slab_want_init_on_free(s)) {
		/* the link the wipe left: cleared in a bin, written on a slab's list */
		slab_free_wipe(s, object);
		kasan_slab_free_done(s, object);
		if (likely(s->tcache_idx && !slab_fast.hooks) &&
		    slab_tcache_free_wiped_slow(s, object))
			return;
		__do_slab_free(s, slab, object, object, 1);
		return;
	}
	kasan_slab_free_done(s, object);
	do_slab_free(s, slab, object, object, 1);
}

/*
 * The cache an object really belongs to.  With freelist hardening 6.12
 * checks the cache named by the caller against the object's slab, warns
 * on a mismatch and frees into the real one.
 */
static struct kmem_cache *cache_from_obj(struct kmem_cache *s, void *x, struct slab **slabp)
{
	struct slab *slab = slab_lookup_fast(x);

	if (likely(slab))
		goto found;
	if (unlikely(!virt_addr_valid(x))) {
		/* ukmem: the kernel would fault; refuse it with a report (as kfree) */
		pr_err("kmem_cache_free: 0x%px is not in the kernel's direct map, not freed\n", x);
		dump_stack();
		return NULL;
	}
	slab = virt_to_slab(x);
	if (unlikely(!slab)) {
		WARN_ONCE(1, "%s: Object is not a Slab page!\n", "virt_to_cache");
		return NULL;
	}
found:
	*slabp = slab;
	if (s && (freelist_hardened || (s->flags & SLAB_CONSISTENCY_CHECKS)) &&
	    WARN(slab->slab_cache != s, "%s: Wrong slab cache. %s but object is from %s\n",
		 __func__, s->name, slab->slab_cache->name))
		print_tracking(slab->slab_cache, x);
	return slab->slab_cache;
}

static noinline void kmem_cache_free_slow(struct kmem_cache *s, void *x, unsigned long caller)
{
	struct slab *slab = NULL;
	struct kmem_cache *real;

	/* init_on_free: wiped and pushed, when nothing else is in the way */
	if (s && s->tcache_idx && slab_tcache_free_wiped(x, s->tcache_idx))
		return;
	if (unlikely(!x))
		return;
	real = cache_from_obj(s, x, &slab);
	if (!real)
		return;
	slab_free(real, slab, x, caller);
}

/**
 * kmem_cache_free - give an object back to its cache
 * @s: the cache it was allocated from
 * @x: the object (NULL is a no-op)
 */
__slab_fast_entry void kmem_cache_free(struct kmem_cache *s, void *x)
{
	/* ukmem: an object of @s, checked inline, pushed on the thread cache */
	unsigned int idx;

	/* ukmem: an object of @s, checked inline, pushed on the thread cache */
	if (likely(s)) {
		idx = READ_ONCE(s->tcache_idx);
		if (likely(slab_fast_obj_of(s, x, idx) && slab_tcache_push(idx, x)))
			return; /* (hooks, init_on_free: bin_map_size is 0) */
	}
	kmem_cache_free_slow(s, x, _RET_IP_);
}

/**
 * kmem_cache_free_bulk - free @size objects
 * @s: their cache, or NULL for kmalloc'ed objects (kfree_bulk)
 * @size: how many
 * @p: the objects
 */
static noinline void kmem_cache_free_bulk_rest(struct kmem_cache *s, size_t size, void **p,
					       size_t i)
{
	for (; i < size; i++) {
		if (!s) {
			kfree(p[i]);
			continue;
		}
		/* ukmem: as many as this thread's cache takes in one go */
		i += slab_tcache_free_bulk(s, size - i, p + i);
		if (i < size)
			kmem_cache_free(s, p[i]);
	}
}

void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	/* ukmem: the whole run onto this thread's cache, with nothing else live */
	size_t i = likely(s) ? slab_tcache_free_bulk(s, size, p) : 0;

	if (unlikely(i < size))
		kmem_cache_free_bulk_rest(s, size, p, i);
}

/* ---- shrink, shutdown, release -------------------------------------------- */

/**
 * __kmem_cache_shrink - flush every CPU's slabs, free every empty slab
 * @s: the cache
 *
 * The partial lists are left sorted fullest first, as 6.12 leaves them.
 *
 * Return: 0 if no slab with objects is left on a partial list... as the
 * kernel, 1 when something could not be freed (objects still in use).
 */
int __kmem_cache_shrink(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	int node, ret = 0;

	slab_tcache_flush_cache(s);
	flush_all_cpus(s);
	slab_tcache_bin_follows(s);
	for_each_kmem_cache_node(s, node, n) {
		LIST_HEAD(discard);
		struct slab *slab, *t;

		spin_lock(&n->list_lock);
		/* insertion sort by free objects: fewest free first */
		{
			LIST_HEAD(sorted);

			list_for_each_entry_safe(slab, t, &n->partial, slab_list) {
				struct slab *pos;

				list_del(&slab->slab_list);
				if (!slab->inuse) {
					n->nr_partial--;
					WRITE_ONCE(slab->__page_flags,
						   slab->__page_flags & ~(1UL << SL_partial));
					list_add(&slab->slab_list, &discard);
					continue;
				}
				list_for_each_entry(pos, &sorted, slab_list)
					if (pos->inuse < slab->inuse)
						break;
				list_add_tail(&slab->slab_list, &pos->slab_list);
			}
			list_splice_init(&sorted, &n->partial);
		}
		spin_unlock(&n->list_lock);
		list_for_each_entry_safe(slab, t, &discard, slab_list)
			discard_slab(s, slab);
		if (atomic_long_read(&n->nr_slabs))
			ret = 1;
	}
	return ret;
}

static void print_slab_objects(struct kmem_cache *s, struct slab *slab, const char *text)
{
	static unsigned long map[(MAX_OBJS_PER_PAGE + 1) / BITS_PER_LONG + 1];
	void *addr = slab_address(slab);

	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s->name, print_tainted(), text);
	pr_err("-----------------------------------------------------------------------------\n\n");
	memset(map, 0, sizeof(map));
	slab_debug_count_errors(1);
	for (void *p = slab->freelist; p; p = get_freepointer(s, p)) {
		unsigned long idx =
			(unsigned long)((char *)p - (char *)fixup_red_left(s, addr)) / s->size;

		if (idx < slab->objects)
			map[idx / BITS_PER_LONG] |= 1UL << (idx % BITS_PER_LONG);
	}
	for (unsigned int i = 0; i < slab->objects; i++) {
		char *p = (char *)fixup_red_left(s, addr) + (size_t)i * s->size;

		if (!(map[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG)))) {
			slab_debug_count_errors(1);
			pr_err("Object 0x%p @offset=%tu\n", p, p - (char *)addr);
			print_tracking(s, p);
		}
	}
	pr_err("Slab 0x%p objects=%u used=%u fp=0x%p flags=%pGp\n", slab, slab->objects,
	       slab->inuse, slab->freelist, &slab->__page_flags);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	warn_slowpath_fmt("mm/slub.c", 1152, TAINT_WARN, NULL); /* 6.12's __slab_err() */
}

/*
 * __kmem_cache_shutdown - free every slab; 1 if objects remain
 * @s: the cache (slab_mutex held)
 *
 * Each partial slab that still holds objects is reported as 6.12 reports
 * it ("Objects remaining on __kmem_cache_shutdown()").
 */
int __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	int node;

	slab_tcache_flush_cache(s);
	flush_all_cpus(s);
	slab_tcache_bin_follows(s);
	for_each_kmem_cache_node(s, node, n) {
		LIST_HEAD(discard);
		struct slab *slab, *t;

		spin_lock(&n->list_lock);
		list_for_each_entry_safe(slab, t, &n->partial, slab_list) {
			if (!slab->inuse) {
				remove_partial(n, slab);
				list_add(&slab->slab_list, &discard);
			} else {
				print_slab_objects(s, slab,
						   "Objects remaining on __kmem_cache_shutdown()");
			}
		}
		spin_unlock(&n->list_lock);
		list_for_each_entry_safe(slab, t, &discard, slab_list)
			discard_slab(s, slab);
		if (n->nr_partial || atomic_long_read(&n->nr_slabs))
			return 1;
	}
	return 0;
}

/* /sys/kernel/slab/<cache>/ (the section at the end of this file) */
static void slab_sysfs_add(struct kmem_cache *s);
static void slab_sysfs_remove(struct kmem_cache *s);
static void slab_sysfs_init(void);

/* Free what do_kmem_cache_create() set up (not the kmem_cache itself). */
void __kmem_cache_release(struct kmem_cache *s)
{
	slab_sysfs_remove(s);
	slab_tcache_release_cache(s);
	free_cache_random_seq(s);
	pcpu_free_cpus(s->cpu_slab);
	s->cpu_slab = NULL;
	if (slab_state >= PARTIAL)
		free_kmem_cache_nodes(s);
}

/* ---- creating caches -------------------------------------------------------- */

/**
 * do_kmem_cache_create - set up a cache's geometry, nodes and CPU parts
 * @s: zeroed storage for the cache
 * @name: its name (kept, not copied)
 * @size: object size
 * @args: alignment (already through calculate_alignment), ctor, usercopy,
 *	free pointer offset
 * @flags: SLAB_* flags
 *
 * Return: 0 or a negative errno (nothing left allocated).
 */
int do_kmem_cache_create(struct kmem_cache *s, const char *name, unsigned int size,
			 struct kmem_cache_args *args, slab_flags_t flags)
{
	int err = -EINVAL;

	s->name = name;
	s->size = s->object_size = size;
	s->flags = kmem_cache_flags(flags, name);
	s->random = freelist_hardened ? (unsigned long)slab_random_u64() : 0;
	s->align = args->align;
	s->ctor = args->ctor;
	s->useroffset = args->useroffset;
	s->usersize = args->usersize;
	INIT_LIST_HEAD(&s->list);

	if (!calculate_sizes(args, s))
		goto out;
	/* slub_debug=O: no debug metadata where it would raise the minimum order */
	if (slub_debug_higher_order_disabled() && get_order(s->size) > get_order(s->object_size)) {
		s->flags &= ~(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER);
		s->offset = 0;
		if (!calculate_sizes(args, s))
			goto out;
	}
	s->divisor_magic = U64_MAX / s->size + 1;

	s->min_partial = min((unsigned long)MAX_PARTIAL, (unsigned long)ilog2(s->size) / 2);
	s->min_partial = max((unsigned long)MIN_PARTIAL, s->min_partial);
	set_cpu_partial(s);

	err = -ENOMEM;
	if (slab_state >= UP && init_cache_random_seq(s))
		goto out;
	if (!init_kmem_cache_nodes(s))
		goto out;
	if (!alloc_kmem_cache_cpus(s))
		goto out;
	if (slab_state == FULL) /* boot's caches: slab_sysfs_init() */
		slab_sysfs_add(s);
	/* the two boot caches in static storage never get a thread-cache bin */
	if ((void *)s != boot_kmem_cache_buf && (void *)s != boot_kmem_cache_node_buf)
		slab_tcache_init_cache(s);
	return 0;
out:
	__kmem_cache_release(s);
	return err;
}

/**
 * create_boot_cache - set up a cache during boot, in caller-provided storage
 * @s: the storage (static for the two boot caches)
 * @name: the cache's name
 * @size: object size
 * @flags: SLAB_* flags
 * @useroffset: usercopy region start
 * @usersize: usercopy region length
 *
 * kmalloc caches are aligned to the largest power of two dividing their
 * size (96 -> 32, 192 -> 64), as in 6.12.  Panics on failure.
 */
void create_boot_cache(struct kmem_cache *s, const char *name, unsigned int size,
		       slab_flags_t flags, unsigned int useroffset, unsigned int usersize)
{
	unsigned int align = ARCH_KMALLOC_MINALIGN;
	struct kmem_cache_args kmem_args = {0};
	int err;

	if (flags & SLAB_KMALLOC)
		align = max(align, 1U << (__builtin_ffs((int)size) - 1));
	kmem_args.align = calculate_alignment(flags, align, size);
	kmem_args.useroffset = useroffset;
	kmem_args.usersize = usersize;
	err = do_kmem_cache_create(s, name, size, &kmem_args, flags);
	if (err)
		panic("Creation of kmalloc slab %s size=%u failed. Reason %d\n", name, size, err);
	s->refcount = -1; /* not a merge target yet */
}

/**
 * create_kmalloc_cache - create one kmalloc cache at boot
 * @name: e.g. "kmalloc-96"
 * @size: its object size
 * @flags: the type's flags (SLAB_KMALLOC is added)
 *
 * Return: the cache (boot panics if it cannot be made).
 */
struct kmem_cache *create_kmalloc_cache(const char *name, unsigned int size, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_NOWAIT);

	if (!s)
		panic("Out of memory when creating slab %s\n", name);
	atomic_long_inc(&slab_internal_objects);
	create_boot_cache(s, name, size, flags | SLAB_KMALLOC, 0, size);
	list_add(&s->list, &slab_caches);
	s->refcount = 1;
	return s;
}

/* Size of the "kmem_cache" cache's objects: 6.12's, per node count. */
static unsigned int kmem_cache_model_size(void)
{
	return KMEM_CACHE_MODEL_BASE + (unsigned int)nr_online_nodes * sizeof(void *);
}

/*
 * Move a boot cache out of static storage into an object of the
 * kmem_cache cache, and point its slabs at the new copy.
 */
static struct kmem_cache *bootstrap(struct kmem_cache *static_cache)
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_NOWAIT);
	struct kmem_cache_node *n;
	struct slab *p;
	int node;

	BUG_ON(!s);
	atomic_long_inc(&slab_internal_objects);
	memcpy(s, static_cache,
	       offsetof(struct kmem_cache, node) +
		       (size_t)nr_online_nodes * sizeof(struct kmem_cache_node *));
	flush_all_cpus(s);
	slab_tcache_bin_follows(s);
	for_each_kmem_cache_node(s, node, n) {
		list_for_each_entry(p, &n->partial, slab_list)
			p->slab_cache = s;
		list_for_each_entry(p, &n->full, slab_list)
			p->slab_cache = s;
	}
	list_add(&s->list, &slab_caches);
	return s;
}

/* get_option(): an integer prefix, 0x for hex, as the kernel's boot parsing. */
static bool slab_get_option(const char *str, unsigned int *val)
{
	char buf[24];
	size_t i = 0;
	unsigned int base = 10;
	const char *p = str;
	int neg = 0;

	if (!str)
		return false;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	while (i + 1 < sizeof(buf) &&
	       ((p[i] >= '0' && p[i] <= '9') ||
		(base == 16 && ((p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F'))))) {
		buf[i] = p[i];
		i++;
	}
	buf[i] = '\0';
	if (!i || kstrtouint(buf, base, val))
		return false;
	if (neg)
		*val = (unsigned int)-(int)*val;
	return true;
}

/*
 * 6.12's setup_slub_min_order(), setup_slub_max_order() and
 * setup_slub_min_objects(), either spelling, called in command-line order:
 * each order adjusts the other bound.
 */
static void slub_order_param(const char *key, const char *val)
{
	unsigned int v;

	if (strncmp(key, "slub_", 5) && strncmp(key, "slab_", 5))
		return;
	key += 5;
	if (strcmp(key, "min_order") && strcmp(key, "max_order") && strcmp(key, "min_objects"))
		return;
	if (!slab_get_option(val, &v))
		return;
	if (!strcmp(key, "min_order")) {
		slub_min_order = v;
		if (slub_min_order > slub_max_order)
			slub_max_order = slub_min_order;
	} else if (!strcmp(key, "max_order")) {
		slub_max_order = min(v, (unsigned int)MAX_PAGE_ORDER);
		if (slub_min_order > slub_max_order)
			slub_min_order = slub_max_order;
	} else {
		slub_min_objects = v;
	}
}

static void slub_parse_params(void)
{
	const char *v;

	slub_min_order = 0;
	slub_max_order = PAGE_ALLOC_COSTLY_ORDER;
	slub_min_objects = 0;
	ukmem_cmdline_for_each("sl", slub_order_param);
	/* ukmem: an order the page allocator cannot give is no order at all */
	slub_min_order = min(slub_min_order, (unsigned int)MAX_PAGE_ORDER);
	slub_max_order = min(slub_max_order, (unsigned int)MAX_PAGE_ORDER);

	slub_debug_setup();

	freelist_hardened = true;
	freelist_random = true;
	v = ukmem_cmdline_get("ukmem.slab_freelist_hardened");
	if (v) {
		bool b;

		if (!kstrtobool(v, &b))
			freelist_hardened = b;
	}
	v = ukmem_cmdline_get("ukmem.slab_freelist_random");
	if (v) {
		bool b;

		if (!kstrtobool(v, &b))
			freelist_random = b;
	}
}

/**
 * kmem_cache_init - boot the slab layer
 *
 * As 6.12: kmem_cache_node and kmem_cache are made in static storage,
 * then moved into objects of kmem_cache itself; then the kmalloc caches
 * and the freelist random sequences.
 */
void kmem_cache_init(void)
{
	struct kmem_cache *boot_kmem_cache = (struct kmem_cache *)boot_kmem_cache_buf;
	struct kmem_cache *boot_kmem_cache_node = (struct kmem_cache *)boot_kmem_cache_node_buf;

	memset(boot_kmem_cache_buf, 0, sizeof(boot_kmem_cache_buf));
	memset(boot_kmem_cache_node_buf, 0, sizeof(boot_kmem_cache_node_buf));
	kmem_cache_node = boot_kmem_cache_node;
	kmem_cache = boot_kmem_cache;

	create_boot_cache(kmem_cache_node, "kmem_cache_node", sizeof(struct kmem_cache_node),
			  SLAB_HWCACHE_ALIGN | SLAB_NO_OBJ_EXT, 0, 0);
	slab_state = PARTIAL;
	create_boot_cache(kmem_cache, "kmem_cache", kmem_cache_model_size(),
			  SLAB_HWCACHE_ALIGN | SLAB_NO_OBJ_EXT, 0, 0);

	kmem_cache = bootstrap(boot_kmem_cache);
	kmem_cache_node = bootstrap(boot_kmem_cache_node);

	setup_kmalloc_cache_index_table();
	create_kmalloc_caches();
	init_freelist_randomization();

	pr_info("SLUB: HWalign=%d, Order=%u-%u, MinObjects=%u, CPUs=%u, Nodes=%u\n",
		CACHE_LINE_SIZE, slub_min_order, slub_max_order, slub_min_objects, nr_cpu_ids,
		(unsigned int)nr_online_nodes);
}

/* The kmem_cache struct of a cache being created or destroyed. */
struct kmem_cache *ukmem_alloc_kmem_cache(void);
struct kmem_cache *ukmem_alloc_kmem_cache(void)
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);

	if (s)
		atomic_long_inc(&slab_internal_objects);
	return s;
}

void ukmem_free_kmem_cache(struct kmem_cache *s);
void ukmem_free_kmem_cache(struct kmem_cache *s)
{
	kmem_cache_free(kmem_cache, s);
	atomic_long_dec(&slab_internal_objects);
}

void ukmem_slab_internal_objects_add(long n);
void ukmem_slab_internal_objects_add(long n)
{
	atomic_long_add(n, &slab_internal_objects);
}

/* ---- numbers for the views ---------------------------------------------------- */

/**
 * get_slabinfo - a cache's /proc/slabinfo numbers, by SLUB's rule
 * @s: the cache
 * @sinfo: filled in
 *
 * num_objs counts every object of every slab; active_objs leaves out only
 * the free objects on the node partial lists (objects free on CPU slabs
 * and CPU partial slabs count as active, as in 6.12).
 */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;
	struct kmem_cache_node *n;
	int node;

	for_each_kmem_cache_node(s, node, n) {
		struct slab *slab;

		nr_slabs += (unsigned long)atomic_long_read(&n->nr_slabs);
		nr_objs += (unsigned long)atomic_long_read(&n->total_objects);
		spin_lock(&n->list_lock);
		list_for_each_entry(slab, &n->partial, slab_list)
			nr_free += slab->objects - slab->inuse;
		spin_unlock(&n->list_lock);
	}
	memset(sinfo, 0, sizeof(*sinfo));
	sinfo->active_objs = nr_objs - nr_free;
	sinfo->num_objs = nr_objs;
	sinfo->active_slabs = nr_slabs;
	sinfo->num_slabs = nr_slabs;
	sinfo->objects_per_slab = oo_objects(s->oo);
	sinfo->cache_order = oo_order(s->oo);
}

/**
 * slab_ksize - the usable size of a cache's objects (ksize())
 * @s: the cache
 *
 * Return: the object size where debug metadata follows it, the metadata
 * offset for RCU or user-tracking caches, else the whole slot.
 */
size_t slab_ksize(const struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;
	return s->size;
}

/* ---- the validator ------------------------------------------------------------- */

static int check_errors;

__printf(1, 2) static void slab_check_err(const char *fmt, ...)
{
	va_list args;
	char buf[256];

	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	pr_err("ukmem_check: slab: %s", buf);
	check_errors++;
}

static unsigned long seen_map[(MAX_OBJS_PER_PAGE + 1) / BITS_PER_LONG + 1];

/* Walk one free list of @slab; marks objects seen; returns its length or -1. */
static long check_chain(struct kmem_cache *s, struct slab *slab, void *head, const char *what)
{
	char *base = slab_address(slab);
	long len = 0;

	for (void *p = head; p; p = get_freepointer(s, p)) {
		unsigned long off, idx;

		if ((char *)p < base || (char *)p >= base + (size_t)slab->objects * s->size) {
			slab_check_err("%s: %s of slab %px holds %px, outside the slab\n", s->name,
				       what, slab, p);
			return -1;
		}
		off = (unsigned long)((char *)p - base) -
		      ((s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0);
		if (off % s->size) {
			slab_check_err("%s: %s of slab %px holds %px, not an object start\n",
				       s->name, what, slab, p);
			return -1;
		}
		idx = off / s->size;
		if (seen_map[idx / BITS_PER_LONG] & (1UL << (idx % BITS_PER_LONG))) {
			slab_check_err("%s: object %px is free twice (%s of slab %px)\n", s->name,
				       p, what, slab);
			return -1;
		}
		seen_map[idx / BITS_PER_LONG] |= 1UL << (idx % BITS_PER_LONG);
		if (++len > slab->objects) {
			slab_check_err("%s: %s of slab %px is longer than the slab\n", s->name,
				       what, slab);
			return -1;
		}
	}
	return len;
}

struct cache_tally {
	struct kmem_cache *s;
	unsigned long slabs[MAX_NUMNODES];
	unsigned long objects[MAX_NUMNODES];
	unsigned long disabled[MAX_NUMNODES]; /* frozen slabs of a debug cache */
};

static void check_one_slab(struct kmem_cache *s, struct slab *slab, struct kmem_cache_cpu *owner)
{
	unsigned int order = slab_order(slab);
	long free_len, cpu_len = 0;

	if (slab->objects != order_objects(order, s->size) ||
	    (order != oo_order(s->oo) && order != oo_order(s->min)))
		slab_check_err("%s: slab %px has %u objects at order %u (cache: %u at %u)\n",
			       s->name, slab, slab->objects, order, oo_objects(s->oo),
			       oo_order(s->oo));
	if (slab->inuse > slab->objects)
		slab_check_err("%s: slab %px inuse %u > objects %u\n", s->name, slab, slab->inuse,
			       slab->objects);
	/* every index marked below is under slab->objects (check_chain, tc_object_ok) */
	memset(seen_map, 0, BITS_TO_LONGS(slab->objects) * sizeof(long));
	free_len = check_chain(s, slab, slab->freelist, "free list");
	if (free_len < 0)
		return;
	if ((long)slab->objects - (long)slab->inuse != free_len)
		slab_check_err("%s: slab %px: %u objects, %u in use, but %ld on its free list\n",
			       s->name, slab, slab->objects, slab->inuse, free_len);
	if (owner) {
		if (!slab->frozen)
			slab_check_err("%s: CPU slab %px is not frozen\n", s->name, slab);
		cpu_len = check_chain(s, slab, owner->freelist, "CPU free list");
		if (cpu_len < 0)
			return;
		if (cpu_len + free_len > slab->objects)
			slab_check_err("%s: slab %px has more free objects than objects\n", s->name,
				       slab);
	} else if (slab->frozen && !kmem_cache_debug(s)) {
		/* (a frozen debug slab is one slub_debug disabled) */
		slab_check_err("%s: slab %px is frozen but no CPU's slab\n", s->name, slab);
	}
	check_errors += slab_tcache_check_slab(s, slab, seen_map);
}

static struct cache_tally *find_tally(struct cache_tally *t, unsigned int nr,
				      const struct kmem_cache *s, unsigned int *hint)
{
	if (*hint < nr && t[*hint].s == s)
		return &t[*hint];
	for (unsigned int i = 0; i < nr; i++)
		if (t[i].s == s) {
			*hint = i;
			return &t[i];
		}
	return NULL;
}

/* The node lists and counters of one cache against what the walk found. */
static void check_cache_nodes(struct kmem_cache *s, struct cache_tally *t)
{
	struct kmem_cache_node *n;
	int node;

	for_each_kmem_cache_node(s, node, n) {
		struct slab *slab;
		unsigned long nr = 0;

		list_for_each_entry(slab, &n->partial, slab_list) {
			nr++;
			if (!PageSlab(slab_page(slab)) || slab->slab_cache != s)
				slab_check_err(
					"%s: node %d partial list holds %px, not a slab of it\n",
					s->name, node, slab);
			else if (slab->frozen || !slab_test_node_partial(slab) ||
				 slab->inuse >= slab->objects)
				slab_check_err(
					"%s: node %d partial slab %px: frozen %u, inuse %u/%u\n",
					s->name, node, slab, slab->frozen, slab->inuse,
					slab->objects);
			if (nr > t->slabs[node] + 1)
				break; /* a cycle or foreign entries: stop */
		}
		if (nr != n->nr_partial)
			slab_check_err("%s: node %d nr_partial %lu, list holds %lu\n", s->name,
				       node, n->nr_partial, nr);
		if ((unsigned long)atomic_long_read(&n->nr_slabs) != t->slabs[node] ||
		    (unsigned long)atomic_long_read(&n->total_objects) != t->objects[node])
			slab_check_err("%s: node %d counts %ld slabs/%ld objects, found %lu/%lu\n",
				       s->name, node, atomic_long_read(&n->nr_slabs),
				       atomic_long_read(&n->total_objects), t->slabs[node],
				       t->objects[node]);
	}
}

static void lock_all_caches(void)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list) {
		struct kmem_cache_node *n;
		int node;

		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			spin_lock(&cpu_slab(s, (int)cpu)->lock);
		for_each_kmem_cache_node(s, node, n)
			spin_lock(&n->list_lock);
	}
}

static void unlock_all_caches(void)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list) {
		struct kmem_cache_node *n;
		int node;

		for_each_kmem_cache_node(s, node, n)
			spin_unlock(&n->list_lock);
		for (unsigned int cpu = nr_cpu_ids; cpu-- > 0;)
			spin_unlock(&cpu_slab(s, (int)cpu)->lock);
	}
}

/*
 * One walk over the machine's pages: every slab head is checked against
 * its cache and counted; a slab whose cache is not on slab_caches is an
 * error of its own (a slab that outlived its cache).
 */
static void check_all_slabs(struct cache_tally *t, unsigned int nr)
{
	unsigned int hint = 0;

	for (unsigned long pfn = ukmem_m.min_pfn, valid_end = 0; pfn < ukmem_max_pfn; pfn++) {
		struct kmem_cache_cpu *owner = NULL;
		struct cache_tally *ct;
		struct kmem_cache *s;
		struct page *page;
		struct slab *slab;

		if (pfn >= valid_end && !ukmem_pfn_valid_run(&pfn, &valid_end))
			break;
		page = pfn_to_page(pfn);
		if (!PageSlab(page) || PageTail(page) || ukmem_kfence_pfn(pfn)) {
			/* in no slab: the free fast path must not know the page */
			check_errors += slab_tcache_check_pfn((unsigned long)(page - ukmem_mem_map),
							      NULL, NULL, 0);
			continue;
		}
		slab = page_slab(page);
		s = slab->slab_cache;
		for (unsigned long i = 0; i < (1UL << slab_order(slab)); i++)
			check_errors += slab_tcache_check_pfn(
				(unsigned long)(page - ukmem_mem_map) + i,
				(s->flags & SLAB_TYPESAFE_BY_RCU) && !slab->objects ? NULL : s,
				slab, i);
		ct = find_tally(t, nr, s, &hint);
		if (ct && (s->flags & SLAB_TYPESAFE_BY_RCU) && !slab->objects) {
			/* discarded, waiting for its grace period */
			pfn += (1UL << slab_order(slab)) - 1;
			continue;
		}
		if (!ct) {
			slab_check_err(
				"slab %px (pfn %#lx) names cache %px, which does not exist\n", slab,
				pfn, s);
			continue;
		}
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			if (cpu_slab(s, (int)cpu)->slab == slab)
				owner = cpu_slab(s, (int)cpu);
		check_one_slab(s, slab, owner);
		ct->slabs[slab_nid(slab)]++;
		ct->objects[slab_nid(slab)] += slab->objects;
		pfn += (1UL << slab_order(slab)) - 1;
	}
}

/*
 * What validate_debug_cache() counts for one cache (its frozen slabs, by
 * node), for every debug cache in one walk instead of one walk each.
 */
static void count_disabled_slabs(struct cache_tally *t, unsigned int nr)
{
	unsigned int hint = 0, debug = 0;

	for (unsigned int i = 0; i < nr; i++)
		debug += kmem_cache_debug(t[i].s) ? 1 : 0;
	if (!debug)
		return;
	for (unsigned long pfn = ukmem_m.min_pfn, valid_end = 0; pfn < ukmem_max_pfn; pfn++) {
		struct cache_tally *ct;
		struct page *page;
		struct slab *slab;

		if (pfn >= valid_end && !ukmem_pfn_valid_run(&pfn, &valid_end))
			break;
		page = pfn_to_page(pfn);
		if (!PageSlab(page) || PageTail(page))
			continue;
		slab = page_slab(page);
		if (slab->frozen && (ct = find_tally(t, nr, slab->slab_cache, &hint)) &&
		    kmem_cache_debug(ct->s))
			ct->disabled[slab_nid(slab)]++;
		pfn += (1UL << slab_order(slab)) - 1;
	}
}

/*
 * slub_debug's validation of one debug cache (6.12's validate_slab_cache),
 * before the structural walk so that what it repairs is not counted twice.
 * Caches locked by the caller.
 */
static int validate_debug_cache(struct kmem_cache *s)
{
	struct cache_tally one = {.s = s};

	if (!kmem_cache_debug(s))
		return 0;
	count_disabled_slabs(&one, 1);
	return (int)validate_slab_cache_locked(s, one.disabled);
}

/* The tally's host memory, kept from one check to the next (slab_mutex). */
static struct plat_scratch check_tally;

/**
 * ukmem_slab_check - validate every cache
 *
 * For each cache and each of its slabs: object counts against the free
 * lists, free objects inside the slab at object boundaries, no object on
 * a free list twice, list membership against frozen and partial state,
 * and the node counters against the slabs found; and no slab of a cache
 * that no longer exists.  Expects no concurrent slab calls.
 *
 * Return: the number of errors found, each reported.
 */
int ukmem_slab_check(void)
{
	struct cache_tally *t;
	struct kmem_cache *s;
	unsigned int nr = 0, i = 0;
	size_t bytes;

	if (!__atomic_load_n(&ukmem_booted, __ATOMIC_ACQUIRE) ||
	    __atomic_load_n(&slab_generation, __ATOMIC_ACQUIRE) != ukmem_boot_generation)
		return 0;
	mutex_lock(&slab_mutex);
	check_errors = 0;
	list_for_each_entry(s, &slab_caches, list)
		nr++;
	bytes = PAGE_ALIGN(nr * sizeof(*t));
	t = plat_scratch_get(&check_tally, bytes); /* host memory: checking allocates nothing */
	if (!t) {
		mutex_unlock(&slab_mutex);
		slab_check_err("no host memory for the walk\n");
		return check_errors;
	}
	list_for_each_entry(s, &slab_caches, list)
		t[i++].s = s;
	check_errors += slab_tcache_check_begin();
	lock_all_caches();
	count_disabled_slabs(t, nr);
	for (i = 0; i < nr; i++)
		if (kmem_cache_debug(t[i].s))
			check_errors += (int)validate_slab_cache_locked(t[i].s, t[i].disabled);
	check_all_slabs(t, nr);
	for (i = 0; i < nr; i++)
		check_cache_nodes(t[i].s, &t[i]);
	unlock_all_caches();
	slab_tcache_check_end();
	mutex_unlock(&slab_mutex);
	return check_errors;
}

/* ---- boot and shutdown ------------------------------------------------------------ */

void ukmem_slab_proc_init(void);
void ukmem_kmalloc_params(void);

/*
 * Forget the slab layer without touching the machine's memory (it is gone,
 * or about to be): the globals and the per-CPU pool.
 */
void ukmem_slab_reset(void)
{
	slab_state = DOWN;
	INIT_LIST_HEAD(&slab_caches);
	kmem_cache = NULL;
	kmem_cache_node = NULL;
	ukmem_kmalloc_reset();
	slab_tcache_reset();
	pcpu_reset();
	atomic_long_set(&slab_internal_objects, 0);
	__atomic_store_n(&slab_generation, 0, __ATOMIC_RELEASE);
}

/**
 * ukmem_slab_init - boot the slab layer of the booted machine
 *
 * Called by boot once the machine is marked booted (ukmem_booted set: the
 * page allocator treats an allocation before that as "no machine yet");
 * safe to call more than once per boot (later calls do nothing), and
 * called on first use by the slab API when boot did not.  Prints 6.12's
 * "SLUB: HWalign=..." line and registers /proc/slabinfo.
 */
void ukmem_slab_init(void)
{
	unsigned long gen = __atomic_load_n(&ukmem_boot_generation, __ATOMIC_ACQUIRE);

	if (unlikely(!__atomic_load_n(&ukmem_booted, __ATOMIC_ACQUIRE))) {
		/*
		 * Called by boot before the machine is marked up: the page
		 * allocator would take our first page request for "no machine"
		 * and wait for the boot lock this boot holds.  Set up on first
		 * use instead, and say so.
		 */
		pr_warn("ukmem: slab layer deferred to first use: %s\n",
			"ukmem_slab_init() called before the machine is up");
		return;
	}
	mutex_lock(&slab_init_lock);
	if (__atomic_load_n(&slab_generation, __ATOMIC_ACQUIRE) == gen) {
		mutex_unlock(&slab_init_lock);
		return;
	}
	ukmem_slab_reset();
	slub_debug_reset();
	rnd_state = ukmem_kp.seed ^ 0x736c6162u; /* "slab" */
	slub_parse_params();
	ukmem_kmalloc_params();
	slab_tcache_init();
	slab_initializing = true;
	kmem_cache_init();
	slab_tcache_boot_done();
	slab_initializing = false;
	slab_state = FULL;
	/*
	 * ukmem: a freshly booted machine keeps its pcp lists empty (what
	 * /proc/zoneinfo and buddyinfo showed before the slab layer existed);
	 * the pages the boot caches did not use go back to the buddy lists.
	 */
	drain_all_pages(NULL);
	ukmem_slab_proc_init();
	slab_sysfs_init();
	__atomic_store_n(&slab_generation, gen, __ATOMIC_RELEASE);
	mutex_unlock(&slab_init_lock);
}

/* The slab API's entry check: boot the machine and the slab layer on first use. */
bool ukmem_slab_ensure(void)
{
	if (likely(slab_ready()))
		return true;
	if (slab_initializing)
		return slab_state >= UP;
	if (!__atomic_load_n(&ukmem_booted, __ATOMIC_ACQUIRE) && ukmem_boot_default())
		return false;
	ukmem_slab_init();
	return slab_state >= UP;
}

/*
 * Live objects of every cache: objects in use on every slab, less those
 * sitting on CPU free lists (a frozen slab counts them as in use).
 */
static unsigned long count_live_objects(void)
{
	unsigned long live = 0;
	struct kmem_cache *s;

	for (unsigned long pfn = ukmem_m.min_pfn; pfn < ukmem_max_pfn; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (PageSlab(page) && !PageTail(page)) {
			live += page_slab(page)->inuse;
			pfn += (1UL << slab_order(page_slab(page))) - 1;
		}
	}
	list_for_each_entry(s, &slab_caches, list)
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			for (void *p = cpu_slab(s, (int)cpu)->freelist; p;
			     p = get_freepointer(s, p))
				live--;
	return live;
}

/**
 * ukmem_slab_exit - tear the slab layer down at shutdown
 *
 * Reports objects callers still hold (beyond the slab layer's own), then
 * gives every slab page back to the page allocator, so that the
 * page-level leak report that follows sees only what callers hold
 * directly (pages, large kmallocs).
 */
void ukmem_slab_exit(void)
{
	unsigned long live, internal, held;

	mutex_lock(&slab_init_lock);
	if (!slab_generation || slab_generation != ukmem_boot_generation) {
		mutex_unlock(&slab_init_lock);
		return;
	}
	/* RCU callbacks may still free objects and slabs into the machine */
	rcu_barrier();
	kvfree_rcu_barrier();
	rcu_barrier();
	mutex_lock(&slab_mutex);
	/* sequences of big slabs are large kmallocs: pages, not slab objects */
	{
		struct kmem_cache *s;

		list_for_each_entry(s, &slab_caches, list)
			free_cache_random_seq(s);
	}
	/* objects in threads' caches are free: back to their slabs */
	slab_tcache_flush_all();
	kasan_quarantine_drain(NULL);
	live = count_live_objects();
	internal = (unsigned long)atomic_long_read(&slab_internal_objects);
	/* slub_debug: objects its reports kept out of service are not leaks */
	held = slub_debug_held_back();
	internal += held;
	last_leaked_objects = live > internal ? live - internal : 0;
	if (last_leaked_objects)
		pr_warn("ukmem: shutdown: %lu slab objects still held by callers\n",
			last_leaked_objects);
	if (held)
		pr_warn("ukmem: shutdown: %lu slab objects held back by slub_debug reports\n",
			held);
	/* the caches live in slabs, about to go: no bin may point at one */
	slab_tcache_forget_caches();
	/* account every slab away first: the caches live in slabs themselves */
	for (unsigned long pfn = ukmem_m.min_pfn; pfn < ukmem_max_pfn; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (PageSlab(page) && !PageTail(page) && !ukmem_kfence_pfn(pfn)) {
			struct slab *slab = page_slab(page);

			account_slab(slab, slab_order(slab), slab->slab_cache, -1);
		}
	}
	for (unsigned long pfn = ukmem_m.min_pfn; pfn < ukmem_max_pfn; pfn++) {
		struct page *page;
		struct slab *slab;
		unsigned int order;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (!PageSlab(page) || PageTail(page) || ukmem_kfence_pfn(pfn))
			continue;
		slab = page_slab(page);
		order = slab_order(slab);
		slab_tcache_unmap_slab(slab, order);
		slab->slab_cache = NULL;
		slab->slab_list.next = NULL;
		slab->slab_list.prev = NULL;
		slab->freelist = NULL;
		slab->counters = 0;
		page->flags &= ~(1UL << SL_partial);
		__ClearPageSlab(page);
		__free_pages(page, order);
	}
	/* KFENCE's live objects were counted above (inuse); its pool goes last */
	ukmem_kfence_exit();
	mutex_unlock(&slab_mutex);
	ukmem_slab_reset();
	mutex_unlock(&slab_init_lock);
}

/**
 * ukmem_slab_leaked_objects - slab objects callers held at the last shutdown
 *
 * Return: the count ukmem_slab_exit() reported (0 if none).
 */
unsigned long ukmem_slab_leaked_objects(void)
{
	return last_leaked_objects;
}

/**
 * ukmem_slab_fork_prepare - take every slab lock before fork()
 *
 * So the child never inherits a slab, list or CPU structure half-changed
 * by another thread.  Boot's fork hook calls it after the boot lock and
 * before the page allocator's locks (slab locks are outer to those);
 * ukmem_slab_fork_release() undoes it in parent and child.
 */
static struct mutex slab_sysfs_mutex; /* defined with the sysfs views below */

void ukmem_slab_fork_prepare(void)
{
	struct kmem_cache *s;

	mutex_lock(&slab_init_lock);
	if (!slab_generation)
		return;
	mutex_lock(&slab_mutex);
	mutex_lock(&slab_sysfs_mutex);
	slab_tcache_fork_prepare();
	list_for_each_entry(s, &slab_caches, list) {
		struct kmem_cache_node *n;
		int node;

		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			spin_lock(&cpu_slab(s, (int)cpu)->lock);
		for_each_kmem_cache_node(s, node, n)
			spin_lock(&n->list_lock);
	}
	spin_lock(&pcpu.lock);
	slub_debug_fork_prepare();
}

/**
 * ukmem_slab_fork_release - release what ukmem_slab_fork_prepare() took
 */
void ukmem_slab_fork_release(void)
{
	struct kmem_cache *s;

	if (!slab_generation) {
		mutex_unlock(&slab_init_lock);
		return;
	}
	slub_debug_fork_release();
	spin_unlock(&pcpu.lock);
	list_for_each_entry(s, &slab_caches, list) {
		struct kmem_cache_node *n;
		int node;

		for_each_kmem_cache_node(s, node, n)
			spin_unlock(&n->list_lock);
		for (unsigned int cpu = nr_cpu_ids; cpu-- > 0;)
			spin_unlock(&cpu_slab(s, (int)cpu)->lock);
	}
	slab_tcache_fork_release();
	mutex_unlock(&slab_sysfs_mutex);
	mutex_unlock(&slab_mutex);
	/* the child: the caches of threads it does not have go back to their slabs */
	slab_tcache_fork_done();
	mutex_unlock(&slab_init_lock);
}

/* ==== /sys/kernel/slab/<cache>/ ================================================ */
/*
 * The sysfs view of every root cache, registered in the view table
 * (kernel/proc.c) when the cache is created and removed when it is
 * destroyed; the caches boot makes are registered once the slab layer is
 * up, as 6.12's slab_sysfs_init() does at its initcall.  Attribute names
 * and formats are 6.12's: numbers with a newline, the slab and object
 * counts as show_slab_objects() prints them (the total, then " N<node>=<n>"
 * for each node with a nonzero count, CONFIG_NUMA being set), flags as 0
 * or 1, validate and shrink empty when read.
 *
 * Writable as in 6.12: min_partial and cpu_partial (a number), shrink
 * ("1": kmem_cache_shrink), validate ("1": check this cache's slabs with
 * the validator behind ukmem_check(); only for a cache with debug flags,
 * -EINVAL otherwise, as validate_store() refuses).
 *
 * A view's show handler gets its cache as m->private, but a write handler
 * gets only the text, so each registered cache holds one of
 * SLAB_SYSFS_SLOTS slots, and each writable attribute has one small write
 * function per slot (generated below) that names its slot.  A cache
 * created while every slot is taken, or while the view table is full, has
 * no directory (6.12 would fail the creation; ukmem keeps the cache).
 *
 * Locking: slab_mutex > slab_sysfs_mutex.  The slots and the view
 * registrations change under slab_sysfs_mutex (creation holds slab_mutex
 * too, destruction does not).  Show and store take slab_mutex and find
 * their cache on slab_caches before touching it, so a view read while its
 * cache is destroyed answers -ENOENT instead of reading freed memory.
 * The view table's own lookups are lock-free (see kernel/proc.c): reading
 * one view while another thread creates or destroys a cache is the same
 * race a module unload has there.
 *
 * Where it differs from Linux: a mergeable cache's directory is named
 * after the cache, not a ":0000064"-style unique id with the name as a
 * symlink, and merged aliases get no directory of their own (their count
 * is in "aliases"); remote_node_defrag_ratio, skip_kfence and the
 * debug-only views (alloc_calls, free_calls) are not provided.
 */

#define SLAB_SYSFS_SLOTS 128
#define SLAB_SYSFS_DIR "/sys/kernel/slab/"

static DEFINE_MUTEX(slab_sysfs_mutex);
static struct kmem_cache *slab_sysfs_slot[SLAB_SYSFS_SLOTS];

/* Under slab_mutex: is @s still a live root cache? (compares, never dereferences) */
static bool slab_sysfs_alive(const struct kmem_cache *s)
{
	const struct kmem_cache *t;

	list_for_each_entry(t, &slab_caches, list)
		if (t == s)
			return true;
	return false;
}

typedef void (*slab_attr_show_t)(struct seq_file *m, struct kmem_cache *s);

static int slab_attr_show(struct seq_file *m, slab_attr_show_t fn)
{
	struct kmem_cache *s = m->private;
	int ret = 0;

	mutex_lock(&slab_mutex);
	if (slab_sysfs_alive(s))
		fn(m, s);
	else
		ret = -ENOENT;
	mutex_unlock(&slab_mutex);
	return ret;
}

/* show_slab_objects()'s selectors */
#define SO_ALL (1U << 0) /* every slab, from the node counters */
#define SO_PARTIAL (1U << 1) /* node partial slabs */
#define SO_CPU (1U << 2) /* CPU slabs and CPU partial chains */
#define SO_OBJECTS (1U << 3) /* objects in use, not slabs */
#define SO_TOTAL (1U << 4) /* all objects, not slabs */

static void slab_objects_show(struct seq_file *m, struct kmem_cache *s, unsigned int flags)
{
	unsigned long nodes[MAX_NUMNODES] = {0}, total = 0, x;
	struct kmem_cache_node *n;
	int node;

	if (flags & SO_CPU) {
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			struct kmem_cache_cpu *c = cpu_slab(s, (int)cpu);

			spin_lock(&c->lock);
			if (c->slab) {
				x = (flags & SO_TOTAL)	   ? c->slab->objects
				    : (flags & SO_OBJECTS) ? c->slab->inuse
							   : 1;
				total += x;
				nodes[slab_nid(c->slab)] += x;
			}
			if (c->partial) {
				/* the chain's head counts the slabs behind it */
				x = (unsigned long)c->partial->slabs;
				total += x;
				nodes[slab_nid(c->partial)] += x;
			}
			spin_unlock(&c->lock);
		}
	}
	if (flags & SO_ALL) {
		for_each_kmem_cache_node(s, node, n) {
			unsigned long objs = (unsigned long)atomic_long_read(&n->total_objects);

			if (flags & SO_TOTAL) {
				x = objs;
			} else if (flags & SO_OBJECTS) {
				struct slab *slab;

				x = objs;
				spin_lock(&n->list_lock);
				list_for_each_entry(slab, &n->partial, slab_list)
					x -= slab->objects - slab->inuse;
				spin_unlock(&n->list_lock);
			} else {
				x = (unsigned long)atomic_long_read(&n->nr_slabs);
			}
			total += x;
			nodes[node] += x;
		}
	} else if (flags & SO_PARTIAL) {
		for_each_kmem_cache_node(s, node, n) {
			struct slab *slab;

			x = 0;
			spin_lock(&n->list_lock);
			if (flags & (SO_TOTAL | SO_OBJECTS)) {
				list_for_each_entry(slab, &n->partial, slab_list)
					x += (flags & SO_TOTAL) ? slab->objects : slab->inuse;
			} else {
				x = n->nr_partial;
			}
			spin_unlock(&n->list_lock);
			total += x;
			nodes[node] += x;
		}
	}
	seq_printf(m, "%lu", total);
	for (node = 0; node < MAX_NUMNODES; node++)
		if (nodes[node])
			seq_printf(m, " N%d=%lu", node, nodes[node]);
	seq_putc(m, '\n');
}

/* One show handler per attribute: SLAB_ATTR_SHOW(name) { body using m and s } */
#define SLAB_ATTR_SHOW(name)                                                    \
	static void slab_attr_##name(struct seq_file *m, struct kmem_cache *s); \
	static int slab_show_##name(struct seq_file *m)                         \
	{                                                                       \
		return slab_attr_show(m, slab_attr_##name);                     \
	}                                                                       \
	static void slab_attr_##name(struct seq_file *m, struct kmem_cache *s)

#define SLAB_FLAG_SHOW(name, flag)                            \
	SLAB_ATTR_SHOW(name)                                  \
	{                                                     \
		seq_printf(m, "%d\n", !!(s->flags & (flag))); \
	}

#define SLAB_OBJECTS_SHOW(name, so)            \
	SLAB_ATTR_SHOW(name)                   \
	{                                      \
		slab_objects_show(m, s, (so)); \
	}

SLAB_ATTR_SHOW(object_size)
{
	seq_printf(m, "%u\n", s->object_size);
}
SLAB_ATTR_SHOW(slab_size)
{
	seq_printf(m, "%u\n", s->size);
}
SLAB_ATTR_SHOW(objs_per_slab)
{
	seq_printf(m, "%u\n", oo_objects(s->oo));
}
SLAB_ATTR_SHOW(order)
{
	seq_printf(m, "%u\n", oo_order(s->oo));
}
SLAB_ATTR_SHOW(align)
{
	seq_printf(m, "%u\n", s->align);
}
SLAB_ATTR_SHOW(min_partial)
{
	seq_printf(m, "%lu\n", s->min_partial);
}
SLAB_ATTR_SHOW(cpu_partial)
{
	seq_printf(m, "%u\n", s->cpu_partial);
}
SLAB_ATTR_SHOW(usersize)
{
	seq_printf(m, "%u\n", s->usersize);
}
SLAB_ATTR_SHOW(aliases)
{
	seq_printf(m, "%d\n", s->refcount < 0 ? 0 : s->refcount - 1);
}

SLAB_ATTR_SHOW(ctor)
{
	if (s->ctor)
		seq_printf(m, "%pS\n", (void *)s->ctor);
}

/* Nothing to read: these two are commands. */
SLAB_ATTR_SHOW(validate)
{
	(void)m;
	(void)s;
}
SLAB_ATTR_SHOW(shrink)
{
	(void)m;
	(void)s;
}

SLAB_ATTR_SHOW(slabs_cpu_partial)
{
	unsigned int per = oo_objects(s->oo);
	int slabs = 0;

	/* objects are estimated as half of each slab, as 6.12 estimates them */
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct slab *p = READ_ONCE(cpu_slab(s, (int)cpu)->partial);

		if (p)
			slabs += READ_ONCE(p->slabs);
	}
	seq_printf(m, "%d(%d)", (int)((unsigned int)slabs * per / 2), slabs);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct slab *p = READ_ONCE(cpu_slab(s, (int)cpu)->partial);
		int nr;

		if (!p)
			continue;
		nr = READ_ONCE(p->slabs);
		seq_printf(m, " C%u=%d(%d)", cpu, (int)((unsigned int)nr * per / 2), nr);
	}
	seq_putc(m, '\n');
}

SLAB_OBJECTS_SHOW(objects, SO_ALL | SO_OBJECTS)
SLAB_OBJECTS_SHOW(objects_partial, SO_PARTIAL | SO_OBJECTS)
SLAB_OBJECTS_SHOW(total_objects, SO_ALL | SO_TOTAL)
SLAB_OBJECTS_SHOW(slabs, SO_ALL)
SLAB_OBJECTS_SHOW(partial, SO_PARTIAL)
SLAB_OBJECTS_SHOW(cpu_slabs, SO_CPU)

SLAB_FLAG_SHOW(reclaim_account, SLAB_RECLAIM_ACCOUNT)
SLAB_FLAG_SHOW(hwcache_align, SLAB_HWCACHE_ALIGN)
SLAB_FLAG_SHOW(cache_dma, SLAB_CACHE_DMA)
SLAB_FLAG_SHOW(destroy_by_rcu, SLAB_TYPESAFE_BY_RCU)
SLAB_FLAG_SHOW(red_zone, SLAB_RED_ZONE)
SLAB_FLAG_SHOW(poison, SLAB_POISON)
SLAB_FLAG_SHOW(store_user, SLAB_STORE_USER)
SLAB_FLAG_SHOW(sanity_checks, SLAB_CONSISTENCY_CHECKS)
SLAB_FLAG_SHOW(trace, SLAB_TRACE)
SLAB_FLAG_SHOW(failslab, SLAB_FAILSLAB)

/* ---- writes ---- */

enum slab_wattr {
	SW_validate,
	SW_shrink,
	SW_min_partial,
	SW_cpu_partial,
	SW_NR
};

/*
 * validate_slab_cache() for one cache: the validator's slab and node checks
 * (check_one_slab, check_cache_nodes) on this cache's slabs only, with the
 * cache quiet (its CPU and node locks held).  Errors are reported as
 * ukmem_check() reports them.  Called with slab_mutex held.
 */
static int slab_validate_cache(struct kmem_cache *s)
{
	static struct cache_tally t; /* slab_mutex guards it */
	struct kmem_cache_node *n;
	int node;

	memset(&t, 0, sizeof(t));
	t.s = s;
	check_errors = 0;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		spin_lock(&cpu_slab(s, (int)cpu)->lock);
	for_each_kmem_cache_node(s, node, n)
		spin_lock(&n->list_lock);
	check_errors += validate_debug_cache(s);
	for (unsigned long pfn = ukmem_m.min_pfn; pfn < ukmem_max_pfn; pfn++) {
		struct kmem_cache_cpu *owner = NULL;
		struct page *page;
		struct slab *slab;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (!PageSlab(page) || PageTail(page) || ukmem_kfence_pfn(pfn))
			continue;
		slab = page_slab(page);
		if (slab->slab_cache != s ||
		    ((s->flags & SLAB_TYPESAFE_BY_RCU) && !slab->objects)) {
			pfn += (1UL << slab_order(slab)) - 1;
			continue;
		}
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			if (cpu_slab(s, (int)cpu)->slab == slab)
				owner = cpu_slab(s, (int)cpu);
		check_one_slab(s, slab, owner);
		t.slabs[slab_nid(slab)]++;
		t.objects[slab_nid(slab)] += slab->objects;
		pfn += (1UL << slab_order(slab)) - 1;
	}
	check_cache_nodes(s, &t);
	for_each_kmem_cache_node(s, node, n)
		spin_unlock(&n->list_lock);
	for (unsigned int cpu = nr_cpu_ids; cpu-- > 0;)
		spin_unlock(&cpu_slab(s, (int)cpu)->lock);
	return check_errors;
}

/* Parse a whole write as a decimal number (kstrto*'s rules, newline allowed). */
static int slab_store_number(const char *buf, size_t len, unsigned long *val)
{
	char tmp[32];

	if (len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	return kstrtoul(tmp, 10, val);
}

static ssize_t slab_sysfs_store(unsigned int slot, enum slab_wattr a, const char *buf, size_t len)
{
	struct kmem_cache *s;
	unsigned long val;
	ssize_t ret = (ssize_t)len;
	int err;

	mutex_lock(&slab_mutex);
	mutex_lock(&slab_sysfs_mutex);
	s = slab_sysfs_slot[slot];
	mutex_unlock(&slab_sysfs_mutex);
	if (!s || !slab_sysfs_alive(s)) {
		ret = -ENOENT;
		goto out;
	}
	switch (a) {
	case SW_validate:
		if (buf[0] == '1' && kmem_cache_debug(s))
			slab_validate_cache(s);
		else
			ret = -EINVAL;
		break;
	case SW_shrink:
		if (buf[0] == '1')
			kmem_cache_shrink(s);
		else
			ret = -EINVAL;
		break;
	case SW_min_partial:
		err = slab_store_number(buf, len, &val);
		if (err)
			ret = err;
		else
			s->min_partial = val;
		break;
	case SW_cpu_partial:
		err = slab_store_number(buf, len, &val);
		if (!err && val > UINT_MAX)
			err = -ERANGE;
		if (!err && val && !kmem_cache_has_cpu_partial(s))
			err = -EINVAL;
		if (err) {
			ret = err;
			break;
		}
		s->cpu_partial = (unsigned int)val;
		s->cpu_partial_slabs = DIV_ROUND_UP((unsigned int)val * 2, oo_objects(s->oo));
		flush_all_cpus(s);
		break;
	default:
		ret = -EINVAL;
	}
out:
	mutex_unlock(&slab_mutex);
	return ret;
}

/*
 * One write function per (writable attribute, slot): the view table hands a
 * write handler no context, so the function itself names its slot.
 */
#define SLAB_W_DEF(a, hi, lo)                                                \
	static ssize_t slab_w_##a##_##hi##_##lo(const char *buf, size_t len) \
	{                                                                    \
		return slab_sysfs_store((hi)*16 + (lo), SW_##a, buf, len);   \
	}
#define SLAB_W_REF(a, hi, lo) slab_w_##a##_##hi##_##lo,
// clang-format off
/* these tables read best one row of slots per line */
#define SLAB_W16(F, a, hi)							\
	F(a, hi, 0) F(a, hi, 1) F(a, hi, 2) F(a, hi, 3)				\
	F(a, hi, 4) F(a, hi, 5) F(a, hi, 6) F(a, hi, 7)				\
	F(a, hi, 8) F(a, hi, 9) F(a, hi, 10) F(a, hi, 11)			\
	F(a, hi, 12) F(a, hi, 13) F(a, hi, 14) F(a, hi, 15)
#define SLAB_W_ALL(F, a)							\
	SLAB_W16(F, a, 0) SLAB_W16(F, a, 1) SLAB_W16(F, a, 2) SLAB_W16(F, a, 3)	\
	SLAB_W16(F, a, 4) SLAB_W16(F, a, 5) SLAB_W16(F, a, 6) SLAB_W16(F, a, 7)
// clang-format on
_Static_assert(SLAB_SYSFS_SLOTS == 8 * 16, "SLAB_W_ALL generates 128 slots");

SLAB_W_ALL(SLAB_W_DEF, validate)
SLAB_W_ALL(SLAB_W_DEF, shrink)
SLAB_W_ALL(SLAB_W_DEF, min_partial)
SLAB_W_ALL(SLAB_W_DEF, cpu_partial)

static const ukmem_proc_write_t slab_w_table[SW_NR][SLAB_SYSFS_SLOTS] = {
	[SW_validate] = {SLAB_W_ALL(SLAB_W_REF, validate)},
	[SW_shrink] = {SLAB_W_ALL(SLAB_W_REF, shrink)},
	[SW_min_partial] = {SLAB_W_ALL(SLAB_W_REF, min_partial)},
	[SW_cpu_partial] = {SLAB_W_ALL(SLAB_W_REF, cpu_partial)},
};

/* ---- the directory ---- */

struct slab_sysfs_attr {
	const char *name;
	ukmem_proc_show_t show;
	int wattr; /* enum slab_wattr, or -1: read-only */
};

#define SLAB_RO(n)                    \
	{                             \
#n, slab_show_##n, -1 \
	}
#define SLAB_RW(n)                        \
	{                                 \
#n, slab_show_##n, SW_##n \
	}

static const struct slab_sysfs_attr slab_sysfs_attrs[] = {
	SLAB_RO(slab_size),
	SLAB_RO(object_size),
	SLAB_RO(objs_per_slab),
	SLAB_RO(order),
	SLAB_RW(min_partial),
	SLAB_RW(cpu_partial),
	SLAB_RO(objects),
	SLAB_RO(objects_partial),
	SLAB_RO(partial),
	SLAB_RO(cpu_slabs),
	SLAB_RO(ctor),
	SLAB_RO(aliases),
	SLAB_RO(align),
	SLAB_RO(hwcache_align),
	SLAB_RO(reclaim_account),
	SLAB_RO(destroy_by_rcu),
	SLAB_RO(usersize),
	SLAB_RO(cache_dma),
	SLAB_RO(slabs_cpu_partial),
	SLAB_RO(total_objects),
	SLAB_RO(slabs),
	SLAB_RO(sanity_checks),
	SLAB_RO(trace),
	SLAB_RO(red_zone),
	SLAB_RO(poison),
	SLAB_RO(store_user),
	SLAB_RW(validate),
	SLAB_RW(shrink),
	SLAB_RO(failslab),
};

static int slab_sysfs_path(char *buf, size_t size, const struct kmem_cache *s, const char *attr)
{
	int len = ukmem_snprintf(buf, size, SLAB_SYSFS_DIR "%s/%s", s->name, attr);

	return len < 0 || (size_t)len >= size ? -ENAMETOOLONG : 0;
}

/* Remove the first @nr attributes of @s's directory (slab_sysfs_mutex held). */
static void slab_sysfs_unregister(struct kmem_cache *s, size_t nr)
{
	char path[UKMEM_PROC_PATH_MAX];

	for (size_t i = 0; i < nr; i++)
		if (!slab_sysfs_path(path, sizeof(path), s, slab_sysfs_attrs[i].name))
			ukmem_proc_unregister(path);
}

/* sysfs_slab_add(): give @s a slot and its directory; nothing if either is lacking. */
static void slab_sysfs_add(struct kmem_cache *s)
{
	char path[UKMEM_PROC_PATH_MAX];
	unsigned int slot;
	size_t i;

	mutex_lock(&slab_sysfs_mutex);
	for (slot = 0; slot < SLAB_SYSFS_SLOTS; slot++)
		if (!slab_sysfs_slot[slot])
			break;
	if (slot == SLAB_SYSFS_SLOTS)
		goto out;
	for (i = 0; i < ARRAY_SIZE(slab_sysfs_attrs); i++) {
		const struct slab_sysfs_attr *a = &slab_sysfs_attrs[i];
		ukmem_proc_write_t w = a->wattr < 0 ? NULL : slab_w_table[a->wattr][slot];

		if (slab_sysfs_path(path, sizeof(path), s, a->name) ||
		    ukmem_proc_register_data(path, a->show, w, s)) {
			slab_sysfs_unregister(s, i); /* all or nothing */
			goto out;
		}
	}
	slab_sysfs_slot[slot] = s;
out:
	mutex_unlock(&slab_sysfs_mutex);
	slab_debugfs_add(s); /* slub_debug's alloc_traces/free_traces */
}

/* sysfs_slab_unlink(): the directory goes with the cache. */
static void slab_sysfs_remove(struct kmem_cache *s)
{
	slab_debugfs_remove(s);
	mutex_lock(&slab_sysfs_mutex);
	for (unsigned int slot = 0; slot < SLAB_SYSFS_SLOTS; slot++) {
		if (slab_sysfs_slot[slot] == s) {
			slab_sysfs_unregister(s, ARRAY_SIZE(slab_sysfs_attrs));
			slab_sysfs_slot[slot] = NULL;
			break;
		}
	}
	mutex_unlock(&slab_sysfs_mutex);
}

/*
 * slab_sysfs_init(): at the end of the slab layer's boot, a directory for
 * every cache boot made, oldest first.  The view table was emptied by the
 * last shutdown, so the slots start empty too.
 */
static void slab_sysfs_init(void)
{
	struct kmem_cache *s;

	mutex_lock(&slab_mutex);
	mutex_lock(&slab_sysfs_mutex);
	memset(slab_sysfs_slot, 0, sizeof(slab_sysfs_slot));
	mutex_unlock(&slab_sysfs_mutex);
	list_for_each_entry_reverse(s, &slab_caches, list)
		slab_sysfs_add(s);
	mutex_unlock(&slab_mutex);
}
