/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/slab.h - the slab allocator's API (SLUB and the kmalloc family),
 * with Linux 6.12's names and signatures.
 *
 * The allocating entry points are macros over *_noprof functions, as in
 * 6.12 (the allocation-profiling wrappers), so call traces show the same
 * names as the kernel's.  kmem_cache_create() takes either of 6.12's two
 * forms, chosen by _Generic on the third argument: the classic (name,
 * size, align, flags, ctor) or (name, size, struct kmem_cache_args *,
 * flags).
 *
 * The SLAB_* flag values follow 6.12's bit enumeration for the modelled
 * configuration (memcg, KFENCE, no KASAN, no DEBUG_OBJECTS; the failslab
 * bit is kept because ukmem models fault injection).
 */
#ifndef UKMEM_LINUX_SLAB_H
#define UKMEM_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/compiler.h>
#include <linux/stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kmem_cache;
struct list_lru;

enum _slab_flag_bits {
	_SLAB_CONSISTENCY_CHECKS,
	_SLAB_RED_ZONE,
	_SLAB_POISON,
	_SLAB_KMALLOC,
	_SLAB_HWCACHE_ALIGN,
	_SLAB_CACHE_DMA,
	_SLAB_CACHE_DMA32,
	_SLAB_STORE_USER,
	_SLAB_PANIC,
	_SLAB_TYPESAFE_BY_RCU,
	_SLAB_TRACE,
	_SLAB_NOLEAKTRACE,
	_SLAB_NO_MERGE,
	_SLAB_FAILSLAB,
	_SLAB_ACCOUNT,
	_SLAB_NO_USER_FLAGS,
	_SLAB_SKIP_KFENCE,
	_SLAB_RECLAIM_ACCOUNT,
	_SLAB_OBJECT_POISON,
	_SLAB_CMPXCHG_DOUBLE,
	_SLAB_NO_OBJ_EXT,
	_SLAB_FLAGS_LAST_BIT
};

#define __SLAB_FLAG_BIT(nr) ((slab_flags_t __force)(1U << (nr)))

#define SLAB_CONSISTENCY_CHECKS __SLAB_FLAG_BIT(_SLAB_CONSISTENCY_CHECKS)
#define SLAB_RED_ZONE __SLAB_FLAG_BIT(_SLAB_RED_ZONE)
#define SLAB_POISON __SLAB_FLAG_BIT(_SLAB_POISON)
#define SLAB_KMALLOC __SLAB_FLAG_BIT(_SLAB_KMALLOC)
#define SLAB_HWCACHE_ALIGN __SLAB_FLAG_BIT(_SLAB_HWCACHE_ALIGN)
#define SLAB_CACHE_DMA __SLAB_FLAG_BIT(_SLAB_CACHE_DMA)
#define SLAB_CACHE_DMA32 __SLAB_FLAG_BIT(_SLAB_CACHE_DMA32)
#define SLAB_STORE_USER __SLAB_FLAG_BIT(_SLAB_STORE_USER)
#define SLAB_PANIC __SLAB_FLAG_BIT(_SLAB_PANIC)
#define SLAB_TYPESAFE_BY_RCU __SLAB_FLAG_BIT(_SLAB_TYPESAFE_BY_RCU)
#define SLAB_TRACE __SLAB_FLAG_BIT(_SLAB_TRACE)
#define SLAB_DEBUG_OBJECTS ((slab_flags_t __force)0U)
#define SLAB_NOLEAKTRACE __SLAB_FLAG_BIT(_SLAB_NOLEAKTRACE)
#define SLAB_NO_MERGE __SLAB_FLAG_BIT(_SLAB_NO_MERGE)
#define SLAB_FAILSLAB __SLAB_FLAG_BIT(_SLAB_FAILSLAB)
#define SLAB_ACCOUNT __SLAB_FLAG_BIT(_SLAB_ACCOUNT)
#define SLAB_KASAN ((slab_flags_t __force)0U)
#define SLAB_NO_USER_FLAGS __SLAB_FLAG_BIT(_SLAB_NO_USER_FLAGS)
#define SLAB_SKIP_KFENCE __SLAB_FLAG_BIT(_SLAB_SKIP_KFENCE)
#define SLAB_RECLAIM_ACCOUNT __SLAB_FLAG_BIT(_SLAB_RECLAIM_ACCOUNT)
#define SLAB_TEMPORARY SLAB_RECLAIM_ACCOUNT
#define SLAB_NO_OBJ_EXT __SLAB_FLAG_BIT(_SLAB_NO_OBJ_EXT)
/* SLUB-internal bits, never passed by callers */
#define __OBJECT_POISON __SLAB_FLAG_BIT(_SLAB_OBJECT_POISON)
#define __CMPXCHG_DOUBLE __SLAB_FLAG_BIT(_SLAB_CMPXCHG_DOUBLE)

#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/*
 * kmalloc geometry.  The x86 models (x86_64, i386) have 8-byte
 * ARCH_KMALLOC_MINALIGN; the arm model's is its DMA alignment (64), which
 * ukmem chooses at boot, so KMALLOC_MIN_SIZE is a run-time value there.
 */
#define ARCH_SLAB_MINALIGN 8
#define KMALLOC_SHIFT_HIGH (PAGE_SHIFT + 1)
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_SHIFT_MAX (MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MAX_SIZE (1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_ORDER (KMALLOC_SHIFT_MAX - PAGE_SHIFT)
extern unsigned int ukmem_kmalloc_minalign; /* 8, or 64 on arm */
#define ARCH_KMALLOC_MINALIGN ukmem_kmalloc_minalign
#define KMALLOC_MIN_SIZE ukmem_kmalloc_minalign

/**
 * struct kmem_cache_args - the optional arguments of kmem_cache_create()
 * @align: required alignment of the objects (0: none beyond the minimum)
 * @useroffset: start of the region user copies may touch
 * @usersize: its length (0: none)
 * @freeptr_offset: where a SLAB_TYPESAFE_BY_RCU cache keeps its free
 *	pointer inside the object, when @use_freeptr_offset is set
 * @use_freeptr_offset: whether @freeptr_offset is valid
 * @ctor: called on every object when a new slab is set up
 */
struct kmem_cache_args {
	unsigned int align;
	unsigned int useroffset;
	unsigned int usersize;
	unsigned int freeptr_offset;
	bool use_freeptr_offset;
	void (*ctor)(void *);
};

struct kmem_cache *__kmem_cache_create_args(const char *name, unsigned int object_size,
					    struct kmem_cache_args *args, slab_flags_t flags);

static inline struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size,
						     unsigned int align, slab_flags_t flags,
						     void (*ctor)(void *))
{
	struct kmem_cache_args kmem_args = {
		.align = align,
		.ctor = ctor,
	};

	return __kmem_cache_create_args(name, size, &kmem_args, flags);
}

static inline struct kmem_cache *__kmem_cache_default_args(const char *name, unsigned int size,
							   struct kmem_cache_args *args,
							   slab_flags_t flags)
{
	struct kmem_cache_args kmem_default_args = {0};

	/* Make sure we don't get passed garbage. */
	if (args)
		return NULL;
	return __kmem_cache_create_args(name, size, &kmem_default_args, flags);
}

static inline struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
							    unsigned int align, slab_flags_t flags,
							    unsigned int useroffset,
							    unsigned int usersize,
							    void (*ctor)(void *))
{
	struct kmem_cache_args kmem_args = {
		.align = align,
		.ctor = ctor,
		.useroffset = useroffset,
		.usersize = usersize,
	};

	return __kmem_cache_create_args(name, size, &kmem_args, flags);
}

#define kmem_cache_create(__name, __object_size, __args, ...) \
	_Generic((__args),								\
		 struct kmem_cache_args *: __kmem_cache_create_args,			\
		 void *: __kmem_cache_default_args,					\
		 default: __kmem_cache_create)(__name, __object_size, __args, __VA_ARGS__)

#define KMEM_CACHE(__struct, __flags)                                           \
	__kmem_cache_create_args(#__struct, sizeof(struct __struct),            \
				 &(struct kmem_cache_args){                     \
					 .align = __alignof__(struct __struct), \
				 },                                             \
				 (__flags))

#define KMEM_CACHE_USERCOPY(__struct, __flags, __field)                                      \
	__kmem_cache_create_args(#__struct, sizeof(struct __struct),                         \
				 &(struct kmem_cache_args){                                  \
					 .align = __alignof__(struct __struct),              \
					 .useroffset = offsetof(struct __struct, __field),   \
					 .usersize = sizeof_field(struct __struct, __field), \
				 },                                                          \
				 (__flags))

void kmem_cache_destroy(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s);
unsigned int kmem_cache_size(struct kmem_cache *s);

void *kmem_cache_alloc_noprof(struct kmem_cache *cachep, gfp_t flags) __malloc;
void *kmem_cache_alloc_node_noprof(struct kmem_cache *s, gfp_t flags, int node) __malloc;
void kmem_cache_free(struct kmem_cache *s, void *objp);
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p);
int kmem_cache_alloc_bulk_noprof(struct kmem_cache *s, gfp_t flags, size_t size, void **p);
#define kmem_cache_alloc(...) kmem_cache_alloc_noprof(__VA_ARGS__)
#define kmem_cache_alloc_node(...) kmem_cache_alloc_node_noprof(__VA_ARGS__)
#define kmem_cache_alloc_bulk(...) kmem_cache_alloc_bulk_noprof(__VA_ARGS__)
#define kmem_cache_zalloc(k, flags) kmem_cache_alloc(k, (flags) | __GFP_ZERO)

static inline void kfree_bulk(size_t size, void **p)
{
	kmem_cache_free_bulk(NULL, size, p);
}

/*
 * SLAB_BUCKETS (on in the reference config): a set of kmalloc-sized caches
 * of its own, one per kmalloc index, that kmem_buckets_alloc() uses
 * instead of the shared kmalloc caches.
 */
typedef struct kmem_cache *kmem_buckets[KMALLOC_SHIFT_HIGH + 1];
#define DECL_BUCKET_PARAMS(_size, _b) size_t(_size), kmem_buckets *(_b)
#define PASS_BUCKET_PARAMS(_size, _b) (_size), (_b)
#define PASS_BUCKET_PARAM(_b) (_b)

kmem_buckets *kmem_buckets_create(const char *name, slab_flags_t flags, unsigned int useroffset,
				  unsigned int usersize, void (*ctor)(void *));

void *__kmalloc_noprof(size_t size, gfp_t flags) __alloc_size(1) __malloc;
void *__kmalloc_node_noprof(DECL_BUCKET_PARAMS(size, b), gfp_t flags, int node)
	__alloc_size(1) __malloc;
void *__kmalloc_node_track_caller_noprof(DECL_BUCKET_PARAMS(size, b), gfp_t flags, int node,
					 unsigned long caller) __alloc_size(1) __malloc;
void *krealloc_noprof(const void *objp, size_t new_size, gfp_t flags) __alloc_size(2);
void kfree(const void *objp);
void kfree_sensitive(const void *objp);
size_t ksize(const void *objp);
size_t kmalloc_size_roundup(size_t size);

static __always_inline void *kmalloc_noprof(size_t size, gfp_t flags)
{
	return __kmalloc_noprof(size, flags);
}

static __always_inline void *kmalloc_node_noprof(size_t size, gfp_t flags, int node)
{
	return __kmalloc_node_noprof(PASS_BUCKET_PARAMS(size, NULL), flags, node);
}

#define kmalloc(...) kmalloc_noprof(__VA_ARGS__)
#define kmalloc_node(...) kmalloc_node_noprof(__VA_ARGS__)
#define krealloc(...) krealloc_noprof(__VA_ARGS__)
#define kzalloc(size, flags) kmalloc(size, (flags) | __GFP_ZERO)
#define kzalloc_node(size, flags, node) kmalloc_node(size, (flags) | __GFP_ZERO, node)
#define kmalloc_track_caller(size, flags)                                                       \
	__kmalloc_node_track_caller_noprof(PASS_BUCKET_PARAMS(size, NULL), flags, NUMA_NO_NODE, \
					   _RET_IP_)
#define kmalloc_node_track_caller(size, flags, node) \
	__kmalloc_node_track_caller_noprof(PASS_BUCKET_PARAMS(size, NULL), flags, node, _RET_IP_)
#define kmem_buckets_alloc(_b, _size, _flags) \
	__kmalloc_node_noprof(PASS_BUCKET_PARAMS(_size, _b), _flags, NUMA_NO_NODE)
#define kmem_buckets_alloc_track_caller(_b, _size, _flags)                                      \
	__kmalloc_node_track_caller_noprof(PASS_BUCKET_PARAMS(_size, _b), _flags, NUMA_NO_NODE, \
					   _RET_IP_)

static __always_inline void *kmalloc_array_noprof(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc_noprof(bytes, flags);
}

static inline void *krealloc_array_noprof(void *p, size_t new_n, size_t new_size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(new_n, new_size, &bytes)))
		return NULL;
	return krealloc_noprof(p, bytes, flags);
}

static __always_inline void *kmalloc_array_node_noprof(size_t n, size_t size, gfp_t flags, int node)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc_node_noprof(bytes, flags, node);
}

#define kmalloc_array(...) kmalloc_array_noprof(__VA_ARGS__)
#define krealloc_array(...) krealloc_array_noprof(__VA_ARGS__)
#define kmalloc_array_node(...) kmalloc_array_node_noprof(__VA_ARGS__)
#define kcalloc(n, size, flags) kmalloc_array(n, size, (flags) | __GFP_ZERO)
#define kcalloc_node(n, size, flags, node) kmalloc_array_node(n, size, (flags) | __GFP_ZERO, node)

/*
 * String and buffer duplicates (6.12 declares them in linux/string.h and
 * implements them in mm/util.c; here they live with kmalloc, whose caches
 * they use).  ukmem cannot tell a string in read-only data from any other,
 * so kstrdup_const() always copies and kfree_const() always frees.
 */
char *kstrdup(const char *s, gfp_t gfp) __malloc;
const char *kstrdup_const(const char *s, gfp_t gfp);
char *kstrndup(const char *s, size_t max, gfp_t gfp);
void *kmemdup_noprof(const void *src, size_t len, gfp_t gfp) __alloc_size(2);
char *kmemdup_nul(const char *s, size_t len, gfp_t gfp);
void kfree_const(const void *x);
#define kmemdup(...) kmemdup_noprof(__VA_ARGS__)

/* kmalloc, or vmalloc when that fails (mm/util.c); free with kvfree(). */
void *__kvmalloc_node_noprof(DECL_BUCKET_PARAMS(size, b), gfp_t flags, int node) __alloc_size(1);
#define kvmalloc_node_noprof(size, flags, node) \
	__kvmalloc_node_noprof(PASS_BUCKET_PARAMS(size, NULL), flags, node)
#define kvmalloc_node(...) kvmalloc_node_noprof(__VA_ARGS__)
#define kvmalloc(_size, _flags) kvmalloc_node(_size, _flags, NUMA_NO_NODE)
#define kvmalloc_noprof(_size, _flags) kvmalloc_node_noprof(_size, _flags, NUMA_NO_NODE)
#define kvzalloc(_size, _flags) kvmalloc(_size, (_flags) | __GFP_ZERO)
#define kvzalloc_node(_size, _flags, _node) kvmalloc_node(_size, (_flags) | __GFP_ZERO, _node)
#define kmem_buckets_valloc(_b, _size, _flags) \
	__kvmalloc_node_noprof(PASS_BUCKET_PARAMS(_size, _b), _flags, NUMA_NO_NODE)

static inline void *kvmalloc_array_node_noprof(size_t n, size_t size, gfp_t flags, int node)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kvmalloc_node_noprof(bytes, flags, node);
}

#define kvmalloc_array_noprof(...) kvmalloc_array_node_noprof(__VA_ARGS__, NUMA_NO_NODE)
#define kvcalloc_node_noprof(_n, _s, _f, _node) \
	kvmalloc_array_node_noprof(_n, _s, (_f) | __GFP_ZERO, _node)
#define kvcalloc_noprof(...) kvcalloc_node_noprof(__VA_ARGS__, NUMA_NO_NODE)
#define kvmalloc_array(...) kvmalloc_array_noprof(__VA_ARGS__)
#define kvcalloc_node(...) kvcalloc_node_noprof(__VA_ARGS__)
#define kvcalloc(...) kvcalloc_noprof(__VA_ARGS__)

void *kvrealloc_noprof(const void *p, size_t size, gfp_t flags) __alloc_size(2);
#define kvrealloc(...) kvrealloc_noprof(__VA_ARGS__)
void kvfree(const void *addr);
void kvfree_sensitive(const void *addr, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_LINUX_SLAB_H */
