/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/slab.h - the slab allocator's API (SLUB and the kmalloc family),
 * with Linux 6.12's names and signatures.
 *
 * ukmem status: the declarations are here so that kernel code and the
 * header-compatibility checks compile today; the SLUB implementation is
 * the work of the slab issue (see docs/ARCHITECTURE.md).  Until it lands,
 * a program that calls these functions does not link.
 */
#ifndef UKMEM_LINUX_SLAB_H
#define UKMEM_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

struct kmem_cache;
struct list_lru;

#define SLAB_CONSISTENCY_CHECKS	((slab_flags_t)0x00000100U)
#define SLAB_RED_ZONE		((slab_flags_t)0x00000400U)
#define SLAB_POISON		((slab_flags_t)0x00000800U)
#define SLAB_KMALLOC		((slab_flags_t)0x00001000U)
#define SLAB_HWCACHE_ALIGN	((slab_flags_t)0x00002000U)
#define SLAB_CACHE_DMA		((slab_flags_t)0x00004000U)
#define SLAB_CACHE_DMA32	((slab_flags_t)0x00008000U)
#define SLAB_STORE_USER		((slab_flags_t)0x00010000U)
#define SLAB_PANIC		((slab_flags_t)0x00040000U)
#define SLAB_TYPESAFE_BY_RCU	((slab_flags_t)0x00080000U)
#define SLAB_TRACE		((slab_flags_t)0x00200000U)
#define SLAB_NOLEAKTRACE	((slab_flags_t)0x00800000U)
#define SLAB_NO_MERGE		((slab_flags_t)0x01000000U)
#define SLAB_ACCOUNT		((slab_flags_t)0x04000000U)
#define SLAB_RECLAIM_ACCOUNT	((slab_flags_t)0x20000000U)
#define SLAB_TEMPORARY		SLAB_RECLAIM_ACCOUNT

#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

#define KMALLOC_SHIFT_HIGH (PAGE_SHIFT + 1)
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_SHIFT_MAX (MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MAX_SIZE (1UL << KMALLOC_SHIFT_MAX)

struct kmem_cache_args {
	unsigned int align;
	unsigned int useroffset;
	unsigned int usersize;
	unsigned int freeptr_offset;
	bool use_freeptr_offset;
	void (*ctor)(void *);
};

struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
					      unsigned int align, slab_flags_t flags,
					      unsigned int useroffset, unsigned int usersize,
					      void (*ctor)(void *));
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				       slab_flags_t flags, void (*ctor)(void *));
struct kmem_cache *__kmem_cache_create_args(const char *name, unsigned int object_size,
					    struct kmem_cache_args *args, slab_flags_t flags);
#define kmem_cache_create(name, size, ...) __kmem_cache_create(name, size, __VA_ARGS__)
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

void *__kmalloc_noprof(size_t size, gfp_t flags) __alloc_size(1) __malloc;
void *__kmalloc_node_noprof(size_t size, gfp_t flags, int node) __alloc_size(1) __malloc;
void *krealloc_noprof(const void *objp, size_t new_size, gfp_t flags) __alloc_size(2);
void kfree(const void *objp);
void kfree_sensitive(const void *objp);
size_t ksize(const void *objp);
#define kmalloc(...) __kmalloc_noprof(__VA_ARGS__)
#define kmalloc_node(...) __kmalloc_node_noprof(__VA_ARGS__)
#define krealloc(...) krealloc_noprof(__VA_ARGS__)
#define kzalloc(size, flags) kmalloc(size, (flags) | __GFP_ZERO)
#define kzalloc_node(size, flags, node) kmalloc_node(size, (flags) | __GFP_ZERO, node)
#define kmalloc_array(n, size, flags) \
	((size) != 0 && (n) > (size_t)-1 / (size) ? NULL : kmalloc((n) * (size), flags))
#define kcalloc(n, size, flags) kmalloc_array(n, size, (flags) | __GFP_ZERO)

void *kvmalloc_node_noprof(size_t size, gfp_t flags, int node) __alloc_size(1);
void *kvrealloc_noprof(const void *p, size_t size, gfp_t flags) __alloc_size(2);
void kvfree(const void *addr);
void kvfree_sensitive(const void *addr, size_t len);
#define kvmalloc_node(...) kvmalloc_node_noprof(__VA_ARGS__)
#define kvmalloc(size, flags) kvmalloc_node(size, flags, NUMA_NO_NODE)
#define kvzalloc(size, flags) kvmalloc(size, (flags) | __GFP_ZERO)
#define kvrealloc(...) kvrealloc_noprof(__VA_ARGS__)

#define KMEM_CACHE(__struct, __flags) \
	kmem_cache_create(#__struct, sizeof(struct __struct), __alignof__(struct __struct), \
			  (__flags), NULL)

#endif /* UKMEM_LINUX_SLAB_H */
