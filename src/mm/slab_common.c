// SPDX-License-Identifier: GPL-2.0
/*
 * mm/slab_common.c - what sits on top of SLUB: the kmalloc family, the
 * kmalloc size classes and their caches, creating, merging and destroying
 * caches, and /proc/slabinfo.
 *
 * kmalloc size classes.  A request of 1..192 bytes is looked up in
 * kmalloc_size_index[] by (size - 1) / 8 (that is what puts 65..96 in
 * kmalloc-96 and 129..192 in kmalloc-192); larger requests use
 * fls(size - 1), up to 8 KiB (KMALLOC_MAX_CACHE_SIZE).  Beyond that,
 * kmalloc is a compound page straight from the page allocator, counted in
 * the node's NR_SLAB_UNRECLAIMABLE_B (SUnreclaim in /proc/meminfo), and
 * beyond KMALLOC_MAX_SIZE the page allocator refuses the order with its
 * once-per-boot warning, which 6.12 shares.  On the arm model the DMA
 * alignment is 64, so the classes start at 64 and 65..96 go to
 * kmalloc-128.  One set of caches per type: kmalloc-N, kmalloc-rcl-N
 * (__GFP_RECLAIMABLE), dma-kmalloc-N (__GFP_DMA, where the arch has a DMA
 * zone), kmalloc-cg-N (__GFP_ACCOUNT); created in 6.12's order (per type
 * 96 and 192 first, then 8 up to 8k), then the kmalloc_buckets cache.
 *
 * Merging: a new cache without ctor, usercopy region or never-merge flags
 * becomes an alias of the oldest compatible cache (same accounting and
 * DMA flags, slot at most one word bigger, alignment compatible), which
 * then serves both; the alias is a reference, not a new cache, so
 * /proc/slabinfo never lists it.  kmalloc caches carry a usercopy region
 * (their whole object), which with hardened usercopy keeps them out of
 * merging, as in the reference kernel.
 *
 * Locking: slab_mutex (mm/slub.c) serialises creating, destroying and
 * listing caches; the allocation paths never take it.
 *
 * Where it differs from Linux: a cache named in kmem_cache_create is
 * always copied (kstrdup_const has no .rodata to recognise here); a zero
 * object size is refused with -EINVAL rather than dividing by zero; the
 * sanity checks of CONFIG_DEBUG_VM are on (as for the page allocator).
 * sysfs aliases come with later work (kfree_rcu is in kernel/rcupdate.c); slub_debug flags are
 * applied before merging (mm/slub_debug.c).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/panic.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/rcupdate.h>
#include <linux/kmemleak.h>
#include <linux/sprintf.h>
#include <linux/kfence.h>
#include <kernel/kinternal.h>
#include <kernel/proc.h>
#include "internal.h"
#include "slab.h"
#include "kasan.h"

unsigned int ukmem_kmalloc_minalign = 8;
struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
struct kmem_cache *kmem_buckets_cache;
static bool slab_nomerge;
/* ukmem.random_kmalloc_caches= (CONFIG_RANDOM_KMALLOC_CACHES, off in the reference) */
static bool random_kmalloc;
static u64 random_kmalloc_seed;

/* what the allocator proper shares with this file (mm/slub.c) */
struct kmem_cache *ukmem_alloc_kmem_cache(void);
void ukmem_free_kmem_cache(struct kmem_cache *s);
void ukmem_slab_internal_objects_add(long n);
gfp_t ukmem_slab_fix_gfp(gfp_t flags);

/* The size class of each (size - 1) / 8 for sizes up to 192. */
u8 kmalloc_size_index[24];

static const u8 kmalloc_size_index_x86[24] = {3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1,
					      7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2};

#define KMALLOC_RND(n, sz) "kmalloc-rnd-" #n "-" sz
#define KMALLOC_NAMES(sz)                                                                     \
	{                                                                                     \
		"kmalloc-" sz, KMALLOC_RND(01, sz), KMALLOC_RND(02, sz), KMALLOC_RND(03, sz), \
			KMALLOC_RND(04, sz), KMALLOC_RND(05, sz), KMALLOC_RND(06, sz),        \
			KMALLOC_RND(07, sz), KMALLOC_RND(08, sz), KMALLOC_RND(09, sz),        \
			KMALLOC_RND(10, sz), KMALLOC_RND(11, sz), KMALLOC_RND(12, sz),        \
			KMALLOC_RND(13, sz), KMALLOC_RND(14, sz), KMALLOC_RND(15, sz),        \
			"kmalloc-rcl-" sz, "dma-kmalloc-" sz, "kmalloc-cg-" sz                \
	}

static const struct {
	const char *name[NR_KMALLOC_TYPES];
	unsigned int size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	{{NULL}, 0},
	{KMALLOC_NAMES("96"), 96},
	{KMALLOC_NAMES("192"), 192},
	{KMALLOC_NAMES("8"), 8},
	{KMALLOC_NAMES("16"), 16},
	{KMALLOC_NAMES("32"), 32},
	{KMALLOC_NAMES("64"), 64},
	{KMALLOC_NAMES("128"), 128},
	{KMALLOC_NAMES("256"), 256},
	{KMALLOC_NAMES("512"), 512},
	{KMALLOC_NAMES("1k"), 1024},
	{KMALLOC_NAMES("2k"), 2048},
	{KMALLOC_NAMES("4k"), 4096},
	{KMALLOC_NAMES("8k"), 8192},
};

const char *ukmem_kmalloc_name(unsigned int index, enum kmalloc_cache_type type)
{
	if (index > KMALLOC_SHIFT_HIGH || type >= NR_KMALLOC_TYPES)
		return NULL;
	return kmalloc_info[index].name[type];
}

static bool arch_has_zone_dma(void)
{
	return ukmem_kp.arch != UKMEM_ARCH_ARM;
}

/* log2 of the smallest class: 3, or 6 where the DMA alignment is 64 (arm) */
unsigned int ukmem_kmalloc_shift_low(void)
{
	return (unsigned int)ilog2(ukmem_kmalloc_minalign);
}

/* setup_slab_nomerge() and setup_slab_merge(), either spelling */
static void merge_param(const char *key, const char *val)
{
	(void)val;
	if (!strcmp(key, "slab_nomerge") || !strcmp(key, "slub_nomerge"))
		slab_nomerge = true;
	else if (!strcmp(key, "slab_merge") || !strcmp(key, "slub_merge"))
		slab_nomerge = false;
}

/* Boot: the arch's kmalloc alignment and the merge switches. */
void ukmem_kmalloc_params(void);
void ukmem_kmalloc_params(void)
{
	ukmem_kmalloc_minalign = ukmem_kp.arch == UKMEM_ARCH_ARM ? 64 : 8;
	slab_nomerge = false;
	/* as the kernel's __setup handlers, in command-line order: the later switch wins */
	ukmem_cmdline_for_each("sl", merge_param);
	random_kmalloc = false;
	if (ukmem_cmdline_get("ukmem.random_kmalloc_caches") &&
	    kstrtobool(ukmem_cmdline_get("ukmem.random_kmalloc_caches"), &random_kmalloc))
		random_kmalloc = false;
	/* 6.12 draws it from get_random_u64(); here the seed keeps runs reproducible */
	random_kmalloc_seed = ukmem_kp.seed * 0x9e3779b97f4a7c15ULL ^ 0x726e646b6d616c6cULL;
}

/* Whether the random kmalloc caches are on (kmalloc's slow side picks the copy). */
bool ukmem_random_kmalloc_caches(void)
{
	return random_kmalloc;
}

void ukmem_kmalloc_reset(void)
{
	memset(kmalloc_caches, 0, sizeof(kmalloc_caches));
	kmem_buckets_cache = NULL;
}

static inline unsigned int size_index_elem(unsigned int bytes)
{
	return (bytes - 1) / 8;
}

/**
 * setup_kmalloc_cache_index_table - adjust the small-size table to the arch
 *
 * With a 64-byte minimum (arm) every size up to 64 uses the 64-byte
 * class, and 65..96 uses kmalloc-128 (there is no kmalloc-96).
 */
void setup_kmalloc_cache_index_table(void)
{
	unsigned int i;

	memcpy(kmalloc_size_index, kmalloc_size_index_x86, sizeof(kmalloc_size_index));
	for (i = 8; i < KMALLOC_MIN_SIZE; i += 8) {
		unsigned int elem = size_index_elem(i);

		if (elem >= ARRAY_SIZE(kmalloc_size_index))
			break;
		kmalloc_size_index[elem] = (u8)ukmem_kmalloc_shift_low();
	}
	if (KMALLOC_MIN_SIZE >= 64) {
		for (i = 64 + 8; i <= 96; i += 8)
			kmalloc_size_index[size_index_elem(i)] = 7;
	}
	if (KMALLOC_MIN_SIZE >= 128) {
		for (i = 128 + 8; i <= 192; i += 8)
			kmalloc_size_index[size_index_elem(i)] = 8;
	}
}

/*
 * The copy of the normal caches a call site uses: its return address
 * hashed with the boot's seed into 16 buckets, bucket 0 being the plain
 * kmalloc-N caches (6.12's hash_64 with GOLDEN_RATIO_64).
 */
static inline enum kmalloc_cache_type random_kmalloc_type(unsigned long caller)
{
	u64 h = ((u64)caller ^ random_kmalloc_seed) * 0x61c8864680b583ebULL;

	return (enum kmalloc_cache_type)(
		KMALLOC_RANDOM_START +
		(unsigned int)(h >> (64 - ilog2(RANDOM_KMALLOC_CACHES_NR + 1))));
}

static inline enum kmalloc_cache_type kmalloc_type(gfp_t flags, unsigned long caller)
{
	gfp_t not_normal = __GFP_RECLAIMABLE | __GFP_ACCOUNT |
			   (arch_has_zone_dma() ? __GFP_DMA : 0);

	if (likely((flags & not_normal) == 0))
		return unlikely(random_kmalloc) ? random_kmalloc_type(caller) : KMALLOC_NORMAL;
	if (arch_has_zone_dma() && (flags & __GFP_DMA))
		return KMALLOC_DMA;
	if (flags & __GFP_RECLAIMABLE)
		return KMALLOC_RECLAIM;
	return KMALLOC_CGROUP;
}

static inline unsigned int kmalloc_index(size_t size)
{
	if (size <= 192)
		return kmalloc_size_index[size_index_elem((unsigned int)size)];
	return (unsigned int)fls((unsigned int)size - 1);
}

/**
 * kmalloc_slab - the cache that serves a kmalloc request
 * @size: 1 .. KMALLOC_MAX_CACHE_SIZE
 * @flags: GFP flags; they choose the type (DMA > reclaimable > accounted)
 *
 * Return: the cache.
 */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags)
{
	return kmalloc_caches[kmalloc_type(flags, _RET_IP_)][kmalloc_index(size)];
}

/* A bucket set ignores the type flags: its caches serve every request. */
static inline struct kmem_cache *kmalloc_bucket_slab(size_t size, kmem_buckets *b, gfp_t flags,
						     unsigned long caller)
{
	if (!b)
		return kmalloc_caches[kmalloc_type(flags, caller)][kmalloc_index(size)];
	return (*b)[kmalloc_index(size)];
}

static void new_kmalloc_cache(unsigned int idx, enum kmalloc_cache_type type)
{
	slab_flags_t flags = 0;

	if (type == KMALLOC_RECLAIM)
		flags |= SLAB_RECLAIM_ACCOUNT;
	else if (type == KMALLOC_CGROUP)
		flags |= SLAB_ACCOUNT;
	else if (type == KMALLOC_DMA)
		flags |= SLAB_CACHE_DMA;
	/* memcg is on in the reference kernel: the normal caches never merge, nor their copies */
	if (type <= KMALLOC_RANDOM_END)
		flags |= SLAB_NO_MERGE;
	if (!kmalloc_caches[type][idx])
		kmalloc_caches[type][idx] = create_kmalloc_cache(kmalloc_info[idx].name[type],
								 kmalloc_info[idx].size, flags);
}

/**
 * create_kmalloc_caches - every kmalloc cache, in 6.12's order
 *
 * Per type (normal, with ukmem.random_kmalloc_caches=1 its 15 copies
 * kmalloc-rnd-01-N .. kmalloc-rnd-15-N, reclaimable, DMA where the arch
 * has the zone, cgroup): 96 and 192 first, then the powers of two; then
 * the kmalloc_buckets cache.
 */
void create_kmalloc_caches(void)
{
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++) {
		if (type == KMALLOC_DMA && !arch_has_zone_dma())
			continue;
		if (type > KMALLOC_RANDOM_START && type <= KMALLOC_RANDOM_END && !random_kmalloc)
			continue;
		if (KMALLOC_MIN_SIZE <= 32)
			new_kmalloc_cache(1, type);
		if (KMALLOC_MIN_SIZE <= 64)
			new_kmalloc_cache(2, type);
		for (unsigned int i = ukmem_kmalloc_shift_low(); i <= KMALLOC_SHIFT_HIGH; i++)
			new_kmalloc_cache(i, type);
	}
	slab_state = UP;
	kmem_buckets_cache =
		kmem_cache_create("kmalloc_buckets", sizeof(kmem_buckets), 0, SLAB_NO_MERGE, NULL);
}

/* ---- creating, merging, destroying caches ----------------------------------- */

#define SLAB_NEVER_MERGE                                                                     \
	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | SLAB_TYPESAFE_BY_RCU | \
	 SLAB_NOLEAKTRACE | SLAB_FAILSLAB | SLAB_NO_MERGE)
#define SLAB_MERGE_SAME (SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_ACCOUNT)

static bool slab_unmergeable(const struct kmem_cache *s)
{
	if (slab_nomerge || (s->flags & SLAB_NEVER_MERGE))
		return true;
	if (s->ctor)
		return true;
	if (s->usersize) /* hardened usercopy */
		return true;
	if (s->refcount < 0)
		return true;
	return false;
}

static struct kmem_cache *find_mergeable(unsigned int size, unsigned int align, slab_flags_t flags,
					 void (*ctor)(void *))
{
	struct kmem_cache *s;

	if (slab_nomerge || ctor)
		return NULL;
	if (flags & SLAB_NEVER_MERGE)
		return NULL;
	size = ALIGN(size, (unsigned int)sizeof(void *));
	align = calculate_alignment(flags, align, size);
	size = ALIGN(size, align);

	/* oldest first */
	list_for_each_entry_reverse(s, &slab_caches, list) {
		if (slab_unmergeable(s))
			continue;
		if (size > s->size)
			continue;
		if ((flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if ((s->size & ~(align - 1)) != s->size)
			continue;
		if (s->size - size >= sizeof(void *))
			continue;
		return s;
	}
	return NULL;
}

static struct kmem_cache *__kmem_cache_alias(unsigned int size, unsigned int align,
					     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = find_mergeable(size, align, flags, ctor);

	if (s) {
		s->refcount++;
		/* kzalloc through the alias must clear the larger object */
		/* allocations of the cache read these without slab_mutex */
		WRITE_ONCE(s->object_size, max(s->object_size, size));
		WRITE_ONCE(s->inuse, max(s->inuse, ALIGN(size, (unsigned int)sizeof(void *))));
		slab_tcache_object_size_changed(s);
	}
	return s;
}

static char *slab_strdup(const char *name)
{
	size_t len = strlen(name) + 1;
	char *p = kmalloc(len, GFP_KERNEL);

	if (p) {
		memcpy(p, name, len);
		ukmem_slab_internal_objects_add(1);
	}
	return p;
}

static void slab_strfree(const char *name)
{
	kfree(name);
	ukmem_slab_internal_objects_add(-1);
}

static struct kmem_cache *create_cache(const char *name, unsigned int object_size,
				       struct kmem_cache_args *args, slab_flags_t flags, int *errp)
{
	struct kmem_cache *s;
	int err = -EINVAL;

	if (args->use_freeptr_offset &&
	    (args->freeptr_offset >= object_size || !(flags & SLAB_TYPESAFE_BY_RCU) ||
	     !IS_ALIGNED(args->freeptr_offset, sizeof(void *))))
		goto out;
	err = -ENOMEM;
	s = ukmem_alloc_kmem_cache();
	if (!s)
		goto out;
	err = do_kmem_cache_create(s, name, object_size, args, flags);
	if (err) {
		ukmem_free_kmem_cache(s);
		goto out;
	}
	s->refcount = 1;
	list_add(&s->list, &slab_caches);
	return s;
out:
	*errp = err;
	return NULL;
}

/**
 * __kmem_cache_create_args - create a cache (the body of kmem_cache_create)
 * @name: the name /proc/slabinfo shows (copied)
 * @object_size: object size
 * @args: alignment, ctor, usercopy region, free pointer offset
 * @flags: SLAB_* flags
 *
 * A compatible existing cache is returned instead when merging allows.
 * Failure prints 6.12's "kmem_cache_create(...) failed with error N" and a
 * stack dump, or panics with SLAB_PANIC.
 *
 * Return: the cache, or NULL.
 */
struct kmem_cache *__kmem_cache_create_args(const char *name, unsigned int object_size,
					    struct kmem_cache_args *args, slab_flags_t flags)
{
	struct kmem_cache *s = NULL;
	const char *cache_name;
	int err = 0;

	if (!ukmem_slab_ensure())
		return NULL;
	mutex_lock(&slab_mutex);
	/* CONFIG_DEBUG_VM's kmem_cache_sanity_check() */
	if (!name || in_interrupt() || object_size > KMALLOC_MAX_SIZE) {
		pr_err("kmem_cache_create(%s) integrity check failed\n", name);
		err = -EINVAL;
		goto out_unlock;
	}
	WARN_ON(strchr(name, ' '));
	if (!object_size) {
		err = -EINVAL;
		goto out_unlock;
	}
	if (flags & ~CACHE_CREATE_MASK) {
		err = -EINVAL;
		goto out_unlock;
	}
	flags &= CACHE_CREATE_MASK;

	/* a bad usercopy region fails closed: no region */
	if (WARN_ON(!args->usersize && args->useroffset) ||
	    WARN_ON(object_size < args->usersize ||
		    object_size - args->usersize < args->useroffset))
		args->usersize = args->useroffset = 0;

	/* slub_debug flags keep a cache out of merging, as find_mergeable() applies them */
	if (!args->usersize)
		s = __kmem_cache_alias(object_size, args->align, kmem_cache_flags(flags, name),
				       args->ctor);
	if (s)
		goto out_unlock;

	cache_name = slab_strdup(name);
	if (!cache_name) {
		err = -ENOMEM;
		goto out_unlock;
	}
	args->align = calculate_alignment(flags, args->align, object_size);
	s = create_cache(cache_name, object_size, args, flags, &err);
	if (!s)
		slab_strfree(cache_name);
out_unlock:
	mutex_unlock(&slab_mutex);
	if (err) {
		if (flags & SLAB_PANIC)
			panic("%s: Failed to create slab '%s'. Error %d\n", __func__, name, err);
		pr_warn("%s(%s) failed with error %d\n", "kmem_cache_create", name, err);
		dump_stack();
		return NULL;
	}
	return s;
}

static void kmem_cache_release(struct kmem_cache *s)
{
	kfence_shutdown_cache(s);
	__kmem_cache_release(s);
	if (!is_kmalloc_cache(s))
		slab_strfree(s->name);
	ukmem_free_kmem_cache(s);
}

/**
 * kmem_cache_destroy - drop a reference to a cache; the last one frees it
 * @s: the cache (NULL is a no-op)
 *
 * Pending kfree_rcu()s are waited for first; a SLAB_TYPESAFE_BY_RCU cache
 * is released only after rcu_barrier(), once its last slabs have passed
 * their grace period.  A cache that still has objects is reported as 6.12
 * reports it (the "Objects remaining" BUG per slab, then "Slab cache still
 * has objects") and stays alive and listed.
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	int err = -EBUSY;
	bool rcu_set;

	if (unlikely(!s))
		return;
	/* in-flight kfree_rcu()s may hold objects of this cache */
	kvfree_rcu_barrier();
	kasan_quarantine_drain(s);
	mutex_lock(&slab_mutex);
	rcu_set = s->flags & SLAB_TYPESAFE_BY_RCU;
	s->refcount--;
	if (s->refcount)
		goto out_unlock;
	err = __kmem_cache_shutdown(s) ? -EBUSY : 0;
	if (!err)
		list_del(&s->list);
	WARN(err, "%s %s: Slab cache still has objects when called from %pS", "kmem_cache_destroy",
	     s->name, (void *)_RET_IP_);
out_unlock:
	mutex_unlock(&slab_mutex);
	if (!err) {
		/* slabs discarded by the shutdown are still waiting for a grace period */
		if (rcu_set)
			rcu_barrier();
		kmem_cache_release(s);
	}
}

/**
 * kmem_cache_shrink - give every empty slab of a cache back
 * @s: the cache
 *
 * Return: 0 when no slab is left, 1 when slabs with objects remain.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	kasan_quarantine_drain(s);
	return __kmem_cache_shrink(s);
}

/**
 * kmem_cache_size - the object size of a cache
 * @s: the cache
 *
 * Return: the size asked for at creation (or the largest alias's).
 */
unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return READ_ONCE(s->object_size); /* a merge may grow it */
}

/**
 * kmem_buckets_create - a private set of kmalloc-sized caches
 * @name: prefix of the caches' names ("<name>-<size>", e.g. "msg_msg-96")
 * @flags: SLAB_* flags (SLAB_NO_MERGE is added)
 * @useroffset: usercopy region start within each object
 * @usersize: its length
 * @ctor: constructor for every object
 *
 * One cache per kmalloc class, created in the kmalloc index order (96,
 * 192, then 8 up), as 6.12 does; the set itself is an object of the
 * kmalloc_buckets cache.
 *
 * Return: the set, or NULL.
 */
kmem_buckets *kmem_buckets_create(const char *name, slab_flags_t flags, unsigned int useroffset,
				  unsigned int usersize, void (*ctor)(void *))
{
	kmem_buckets *b;
	unsigned int idx;

	if (!ukmem_slab_ensure())
		return NULL;
	if (WARN_ON(!kmem_buckets_cache))
		return NULL;
	b = kmem_cache_alloc(kmem_buckets_cache, GFP_KERNEL | __GFP_ZERO);
	if (WARN_ON(!b))
		return NULL;
	flags |= SLAB_NO_MERGE;

	for (idx = 0; idx < ARRAY_SIZE(kmalloc_caches[KMALLOC_NORMAL]); idx++) {
		unsigned int cache_useroffset, cache_usersize, size;
		const char *short_size;
		char cache_name[128];

		if (!kmalloc_caches[KMALLOC_NORMAL][idx])
			continue;
		size = kmalloc_caches[KMALLOC_NORMAL][idx]->object_size;
		if (!size)
			continue;
		short_size = strchr(kmalloc_caches[KMALLOC_NORMAL][idx]->name, '-');
		if (WARN_ON(!short_size))
			goto fail;
		scnprintf(cache_name, sizeof(cache_name), "%s-%s", name, short_size + 1);
		if (useroffset >= size) {
			cache_useroffset = 0;
			cache_usersize = 0;
		} else {
			cache_useroffset = useroffset;
			cache_usersize = min(size - cache_useroffset, usersize);
		}
		(*b)[idx] = kmem_cache_create_usercopy(cache_name, size, 0, flags, cache_useroffset,
						       cache_usersize, ctor);
		if (WARN_ON(!(*b)[idx]))
			goto fail;
	}
	return b;

fail:
	for (idx = 0; idx < ARRAY_SIZE(kmalloc_caches[KMALLOC_NORMAL]); idx++)
		kmem_cache_destroy((*b)[idx]);
	kmem_cache_free(kmem_buckets_cache, b);
	return NULL;
}

/* ---- kmalloc ------------------------------------------------------------------ */

static void *__kmalloc_large_node(size_t size, gfp_t flags, int node)
{
	unsigned int order = (unsigned int)get_order(size);
	struct page *page;

	flags = ukmem_slab_fix_gfp(flags);
	flags |= __GFP_COMP;
	page = alloc_pages_node(node, flags, order);
	if (!page)
		return NULL;
	__mod_node_page_state(page_pgdat(page), NR_SLAB_UNRECLAIMABLE_B, 1L << order);
	kmemleak_alloc(page_address(page), size, 1, flags);
	return kasan_kmalloc_large(page_address(page), size);
}

/*
 * ukmem: kmalloc's thread-cache pop (slub_tcache.c), object zeroed when
 * init_on_alloc or __GFP_ZERO say so, or NULL.  A bin that holds an
 * object belongs to a live cache of this boot, so the boot check can
 * wait for the slow path.
 */
static __always_inline void *kmalloc_fast(size_t size, gfp_t flags)
{
	unsigned int idx;
	void *object;

	/* the normal caches only; the other types take the slow path */
	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE ||
		     (flags & (__GFP_RECLAIMABLE | __GFP_ACCOUNT | __GFP_DMA))))
		return NULL;
	/* the size's bin, by one table lookup (0 without a slab layer, or with random copies) */
	idx = slab_fast.kmalloc_bin[(size - 1) >> 3];
	object = slab_tcache_alloc_idx(idx);
	if (likely(object) && unlikely(!slab_fast.no_init || (flags & __GFP_ZERO)))
		return slab_tcache_init_object(slab_fast.bin_cache[idx], flags, object);
	return object;
}

/*
 * ukmem: the same pop for any kmalloc cache @s (another type, a random
 * copy, a bucket set's): what slab_alloc_node() does first when no hook
 * is on, its zeroing included, without its call.
 */
static __always_inline void *kmalloc_cache_fast(struct kmem_cache *s, gfp_t flags)
{
	void *object = slab_tcache_alloc(s);

	if (likely(object) && unlikely(!slab_fast.no_init || (flags & __GFP_ZERO)))
		return slab_tcache_init_object(s, flags, object);
	return object;
}

static __always_inline void *__do_kmalloc_node(size_t size, kmem_buckets *b, gfp_t flags, int node,
					       unsigned long caller)
{
	struct kmem_cache *s;

	if (likely(!b && node == NUMA_NO_NODE)) {
		void *object = kmalloc_fast(size, flags);

		if (likely(object))
			return object;
	}
	if (unlikely(!slab_ready() && !ukmem_slab_ensure()))
		return NULL;
	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return __kmalloc_large_node(size, flags, node);
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	s = kmalloc_bucket_slab(size, b, flags, caller);
	/* a cache kmalloc_fast() does not serve: a random copy, another type, a bucket set */
	if (likely(node == NUMA_NO_NODE)) {
		void *object = kmalloc_cache_fast(s, flags);

		if (likely(object))
			return object;
	}
	return kasan_kmalloc(s, slab_alloc_node(s, flags, node, caller, size), size);
}

/*
 * kmalloc() past the bare pop: a tail call, so the pop needs no frame.
 * Here come the zeroing configurations (init_on_alloc, init_on_free,
 * __GFP_ZERO), the types the front does not serve (reclaimable, DMA,
 * cgroup) and the random copies, which the call site picks: each is one
 * pop from its cache's bin, zeroed as slab_alloc_node() would, before
 * the full path runs (__do_kmalloc_node()).
 */
static noinline void *kmalloc_slow(size_t size, gfp_t flags, unsigned long caller)
{
	return __do_kmalloc_node(size, NULL, flags, NUMA_NO_NODE, caller);
}

/**
 * __kmalloc_noprof - allocate @size bytes (kmalloc)
 * @size: bytes; 0 gives ZERO_SIZE_PTR
 * @flags: GFP flags
 *
 * Return: the memory, ZERO_SIZE_PTR, or NULL.
 */
__slab_fast_entry void *__kmalloc_noprof(size_t size, gfp_t flags)
{
	void *object = NULL;

	/*
	 * ukmem: the bare pop, for a normal cache's size when nothing is to
	 * be zeroed; size_bin is all 0 (bin 0, always empty) while hooks are
	 * on or init_on_alloc, so neither costs a test here
	 */
	if (likely(size - 1 < KMALLOC_MAX_CACHE_SIZE &&
		   !(flags & (__GFP_RECLAIMABLE | __GFP_ACCOUNT | __GFP_DMA | __GFP_ZERO))))
		object = slab_tcache_pop(READ_ONCE(slab_fast.size_bin[(size - 1) >> 3]));
	if (likely(object))
		return object;
	return kmalloc_slow(size, flags, _RET_IP_);
}

/**
 * __kmalloc_node_noprof - kmalloc on a given node, from a bucket set or not
 * @size: bytes
 * @b: a kmem_buckets set, or NULL for the kmalloc caches
 * @flags: GFP flags
 * @node: the node, or NUMA_NO_NODE
 *
 * Return: the memory, ZERO_SIZE_PTR, or NULL.
 */
void *__kmalloc_node_noprof(DECL_BUCKET_PARAMS(size, b), gfp_t flags, int node)
{
	return __do_kmalloc_node(size, b, flags, node, _RET_IP_);
}

/**
 * __kmalloc_node_track_caller_noprof - kmalloc on behalf of @caller
 * @size: bytes
 * @b: a kmem_buckets set, or NULL for the kmalloc caches
 * @flags: GFP flags
 * @node: the node, or NUMA_NO_NODE
 * @caller: the address user tracking records
 *
 * Return: the memory, ZERO_SIZE_PTR, or NULL.
 */
void *__kmalloc_node_track_caller_noprof(DECL_BUCKET_PARAMS(size, b), gfp_t flags, int node,
					 unsigned long caller)
{
	return __do_kmalloc_node(size, b, flags, node, caller);
}

static void free_large_kmalloc(struct folio *folio, void *object)
{
	unsigned int order = folio_order(folio);

	if (WARN_ON_ONCE(order == 0))
		pr_warn_once("object pointer: 0x%p\n", object);
	kmemleak_free(object);
	__mod_node_page_state(page_pgdat(&folio->page), NR_SLAB_UNRECLAIMABLE_B, -(1L << order));
	folio_put(folio);
}

/* kfree() past the thread cache: every check, every report. */
static noinline void kfree_slow(const void *object, unsigned long caller)
{
	struct slab *slab;
	struct folio *folio;

	/* init_on_free: wiped and pushed, when nothing else is in the way */
	if (slab_tcache_free_wiped(object, 0))
		return;
	if (unlikely(ZERO_OR_NULL_PTR(object)))
		return;
	if (unlikely(!virt_addr_valid(object))) {
		/* ukmem: Linux would fault here; refuse it with a report instead */
		pr_err("kfree: 0x%px is not in the kernel's direct map, not freed\n", object);
		dump_stack();
		return;
	}
	folio = virt_to_folio(object);
	if (unlikely(!PageSlab(&folio->page))) {
		/* KASAN reports an invalid free first, as 6.12's free_large_kmalloc() */
		kasan_kfree_large(object, caller);
		if (unlikely(object != folio_address(folio))) {
			/* ukmem: 6.12 would free the whole block under its owner */
			pr_err("kfree: 0x%px is inside the block at 0x%px, not freed\n", object,
			       folio_address(folio));
			dump_stack();
			return;
		}
		free_large_kmalloc(folio, (void *)object);
		return;
	}
	slab = page_slab(&folio->page);
	slab_free(slab->slab_cache, slab, (void *)object, caller);
}

/**
 * kfree - free memory kmalloc returned
 * @object: the pointer (NULL and ZERO_SIZE_PTR are no-ops)
 *
 * A slab object goes back to its own slab; a large allocation goes back
 * to the page allocator.
 */
__slab_fast_entry void kfree(const void *object)
{
	unsigned int idx;

	/* ukmem: a slab object, checked inline, pushed on the thread cache */
	if (likely(slab_fast_obj_bin(object, &idx) && slab_tcache_push(idx, object)))
		return; /* (hooks, init_on_free: bin_map_size is 0) */
	kfree_slow(object, _RET_IP_);
}

/**
 * kfree_sensitive - clear an allocation, then kfree it
 * @p: the pointer
 */
void kfree_sensitive(const void *p)
{
	void *mem = (void *)p;
	size_t ks = ksize(mem);

	if (ks) {
		kasan_unpoison_range(mem, ks);
		memzero_explicit(mem, ks);
	}
	kfree(mem);
}

static size_t __ksize(const void *object)
{
	struct folio *folio;

	if (unlikely(object == ZERO_SIZE_PTR))
		return 0;
	folio = virt_to_folio(object);
	if (unlikely(!PageSlab(&folio->page))) {
		if (WARN_ON(folio_size(folio) <= KMALLOC_MAX_CACHE_SIZE))
			return 0;
		if (WARN_ON(object != folio_address(folio)))
			return 0;
		return folio_size(folio);
	}
	/* slub_debug: the whole object is the caller's now, no kmalloc red zone */
	skip_orig_size_check(page_slab(&folio->page)->slab_cache, object);
	return slab_ksize(page_slab(&folio->page)->slab_cache);
}

/**
 * ksize - the usable size of a kmalloc'ed block
 * @objp: the pointer
 *
 * Return: the size the block really has (at least what was asked for),
 * 0 for NULL or ZERO_SIZE_PTR.
 */
size_t ksize(const void *objp)
{
	if (unlikely(ZERO_OR_NULL_PTR(objp)))
		return 0;
	if (unlikely(!virt_addr_valid(objp)) || !kasan_check_byte(objp))
		return 0;
	return kfence_ksize(objp) ?: __ksize(objp);
}

/**
 * kmalloc_size_roundup - the size kmalloc would really allocate for @size
 * @size: a request size
 *
 * Return: the class's object size, the page-rounded size of a large
 * request, or @size itself for 0 and for requests kmalloc cannot serve.
 */
size_t kmalloc_size_roundup(size_t size)
{
	if (size && size <= KMALLOC_MAX_CACHE_SIZE) {
		if (!ukmem_slab_ensure())
			return size;
		return READ_ONCE(kmalloc_slab(size, GFP_KERNEL)->object_size);
	}
	if (size && size <= KMALLOC_MAX_SIZE)
		return PAGE_SIZE << get_order(size);
	return size;
}

static void *__do_krealloc(const void *p, size_t new_size, gfp_t flags, unsigned long caller)
{
	size_t ks = 0;
	void *ret;

	if (likely(!ZERO_OR_NULL_PTR(p))) {
		if (!kasan_check_byte(p))
			return NULL;
		ks = ksize(p);
	}
	if (ks >= new_size) {
		kasan_unpoison_range(p, ks);
		/* it still fits: clear the spare tail when allocations are zeroed */
		if (ukmem_kp.init_on_alloc || (flags & __GFP_ZERO))
			memset((char *)p + new_size, 0, ks - new_size);
		return kasan_krealloc(p, new_size);
	}
	ret = __kmalloc_node_track_caller_noprof(PASS_BUCKET_PARAMS(new_size, NULL), flags,
						 NUMA_NO_NODE, caller);
	if (ret && p) {
		kasan_unpoison_range(p, ks);
		memcpy(ret, p, ks);
	}
	return ret;
}

/**
 * krealloc_noprof - resize a kmalloc'ed block
 * @p: the block (NULL or ZERO_SIZE_PTR: a plain allocation)
 * @new_size: the new size; 0 frees @p and returns ZERO_SIZE_PTR
 * @flags: GFP flags
 *
 * In place while the block is big enough; otherwise a new block with the
 * old contents, and the old one freed.  On failure @p is untouched.
 *
 * Return: the block, ZERO_SIZE_PTR, or NULL.
 */
void *krealloc_noprof(const void *p, size_t new_size, gfp_t flags)
{
	void *ret;

	if (unlikely(!new_size)) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	ret = __do_krealloc(p, new_size, flags, _RET_IP_);
	if (ret && p != ret)
		kfree(p);
	return ret;
}

/* ---- duplicates of strings and buffers (mm/util.c in the kernel) ------------------ */

/**
 * kstrdup - a kmalloc'ed copy of a string
 * @s: the string (NULL gives NULL)
 * @gfp: GFP flags
 *
 * Return: the copy, or NULL.
 */
char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	buf = kmalloc_track_caller(len, gfp);
	if (buf)
		memcpy(buf, s, len);
	return buf;
}

/**
 * kstrdup_const - kstrdup for a string that may be constant
 * @s: the string
 * @gfp: GFP flags
 *
 * The kernel returns @s itself when it lies in .rodata; ukmem cannot tell,
 * so it always copies (kfree_const() then always frees).
 *
 * Return: the copy, or NULL.
 */
const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return kstrdup(s, gfp);
}

/**
 * kstrndup - a kmalloc'ed copy of at most @max bytes of a string, terminated
 * @s: the string (NULL gives NULL)
 * @max: the most bytes to copy
 * @gfp: GFP flags
 *
 * Return: the copy, or NULL.
 */
char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	buf = kmalloc_track_caller(len + 1, gfp);
	if (buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}

/**
 * kmemdup_noprof - a kmalloc'ed copy of a buffer
 * @src: the buffer
 * @len: its length
 * @gfp: GFP flags
 *
 * Return: the copy, or NULL.
 */
void *kmemdup_noprof(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc_track_caller(len, gfp);

	if (p && !ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

/**
 * kmemdup_nul - a buffer copied into a NUL-terminated kmalloc'ed string
 * @s: the buffer (NULL gives NULL)
 * @len: its length
 * @gfp: GFP flags
 *
 * Return: the string, or NULL.
 */
char *kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	char *buf;

	if (!s)
		return NULL;
	buf = kmalloc_track_caller(len + 1, gfp);
	if (buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}

/**
 * kfree_const - free what kstrdup_const() returned
 * @x: the string
 */
void kfree_const(const void *x)
{
	kfree(x);
}

/* ---- /proc/slabinfo --------------------------------------------------------------- */

static int slabinfo_show(struct seq_file *m)
{
	struct kmem_cache *s;

	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		    "<pagesperslab>");
	seq_puts(m, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>");
	seq_putc(m, '\n');
	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		struct slabinfo sinfo;

		get_slabinfo(s, &sinfo);
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d", s->name, sinfo.active_objs,
			   sinfo.num_objs, s->size, sinfo.objects_per_slab, 1 << sinfo.cache_order);
		seq_printf(m, " : tunables %4u %4u %4u", sinfo.limit, sinfo.batchcount,
			   sinfo.shared);
		seq_printf(m, " : slabdata %6lu %6lu %6lu", sinfo.active_slabs, sinfo.num_slabs,
			   sinfo.shared_avail);
		seq_putc(m, '\n');
	}
	mutex_unlock(&slab_mutex);
	return 0;
}

void ukmem_slab_proc_init(void);
void ukmem_slab_proc_init(void)
{
	ukmem_proc_register("/proc/slabinfo", slabinfo_show, NULL);
}
