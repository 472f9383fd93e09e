// SPDX-License-Identifier: GPL-2.0
/*
 * mm/vmalloc.c - virtually contiguous memory: the vmalloc space, its
 * bookkeeping, and vmalloc/vfree on top of the page allocator.
 *
 * What it owns: one reserved, inaccessible range of the process's
 * address space (VMALLOC_START..VMALLOC_END), the trees that say which
 * part of it is free, busy or waiting to be purged, the host mappings of
 * physical pages into it, /proc/vmallocinfo, and VmallocTotal/VmallocUsed
 * of /proc/meminfo.
 *
 * The space.  32 TiB on the x86_64 model (VMALLOC_END is the last byte,
 * as x86_64 defines it, so VmallocTotal reads 34359738367 kB; vmalloc=
 * sets another size), reserved with plat_reserve() and never touched
 * until mapped.  On the 32-bit models it sits where 6.12 puts it, 8 MiB
 * above the end of the direct map, up to 0xfeffe000 on i386 and
 * 0xff800000 on arm (120 and 240 MiB when the RAM reaches the lowmem
 * limit, which vmalloc= moves; see vmalloc_layout()).  A host that refuses the
 * reservation (ASan, TSan, Valgrind, RLIMIT_AS) gets half, then half of
 * that, down to 16 MiB; the log says so and VmallocTotal shows what was
 * reserved.
 *
 * The bookkeeping, as 6.12 keeps it: every byte of the space belongs to
 * exactly one struct vmap_area, which is in one of three trees ordered
 * by address, each with a list in the same order:
 *   - the free tree, augmented with the largest free block of each
 *     subtree (subtree_max_size).  The lowest-address fit for size+align
 *     is found in O(log n): go left while the left subtree holds a block
 *     big enough, else take this node if it fits, else go right; climb
 *     back when a right subtree disappoints.  Taking a block leaves 0, 1
 *     or 2 pieces (whole block, left edge, right edge, middle); the middle
 *     case needs a second vmap_area, allocated before the lock is taken.
 *   - the busy trees: live areas, each with its vm_struct.  Every area gets
 *     one guard page after it (its size and vm->size include it).  As in
 *     6.12 there is one busy tree per vmap node: nr_vmap_nodes is the CPU
 *     count (up to 128) on x86_64 and 1 on the 32-bit models, and an area
 *     belongs to node (start / 64 KiB) % nr_vmap_nodes, so /proc/vmallocinfo
 *     lists node 0's areas, then node 1's, each in address order.
 *   - the lazy trees (per node likewise): areas vfree()d and already
 *     unmapped, whose range is not yet back in the free tree.  When the lazy pages exceed 6.12's
 *     lazy_max_pages() (fls(CPUs) * 32 MiB of pages), or an allocation
 *     finds no room, they are purged: merged into the free tree with their
 *     free neighbours.  /proc/vmallocinfo lists them as "unpurged vm_area".
 *
 * Pages and mappings: order-0 pages from the bulk allocator in batches of
 * up to 100, then one by one, from any zone (HighMem included) unless
 * GFP_DMA/GFP_DMA32 asks otherwise.  Each physically contiguous run is
 * mapped with one plat_map_phys() of the physical-memory object at the
 * pages' physical offset, so a byte written through the vmalloc address
 * is the byte page_address() (or a kmap) of the page reads.  vfree()
 * makes the whole range inaccessible with one plat_unmap_phys() before
 * any page goes back, so a freed vmalloc address can never reach a page
 * that was handed out again.  vmalloc_huge() on x86_64 uses order-9
 * blocks (split into order-0 pages) for areas of 2 MiB or more per node,
 * 2 MiB aligned and rounded up, and falls back to order 0 silently.
 * vmap() maps the caller's pages the same way and keeps a copy of the
 * list, since there are no page tables to walk for vmalloc_to_page().
 *
 * The host limits mappings (vm.max_map_count).  An area of k physical
 * runs costs at most k + 1 host mappings (the runs and the piece of the
 * reservation split off after them); vmalloc keeps a budget of
 * max_map_count less headroom for the rest of the program, and an area
 * that would exceed it fails as a kernel mapping failure does
 * ("vmalloc error: size N, failed to map pages").
 *
 * Metadata: vmap_area, vm_struct and page arrays of up to a page come
 * from a small internal pool of host memory (plat_map_anon), not from the
 * machine, because kmalloc does not exist yet.  The one place to switch
 * to kmalloc/kzalloc_node is vpool_alloc()/vpool_free().  Larger page
 * arrays are vmalloc'd (nested), as in the kernel (" vpages").  Where 6.12
 * takes a vmap_area, a vm_struct or a small page array from slab, ukmem
 * asks failslab first (ukmem_failslab_meta()), so fault injection fails
 * them at the same points.
 *
 * Lock order (outermost first):
 *   plat once lock (init)  >  vmap block queue locks (vm_map_ram; they
 *     nest with nothing else but fork's lock-all)  >  vmap_purge_lock  >  each node's busy_lock
 *     >  each node's lazy_lock  >  each node's pool_lock  >  free_vmap_area_lock
 *     >  vpool_lock
 * Only the validator and fork take more than one node's lock (all of them,
 * in node order).
 * The page allocator's locks and the platform's mapping registry are
 * never taken with a vmalloc lock held (pages are allocated, mapped,
 * unmapped and freed outside them), except that vpool_lock may call
 * plat_map_anon().  /proc/vmallocinfo prints under one node lock at a
 * time.
 *
 * Invariants (ukmem_vmalloc_check): the free, busy and lazy ranges tile
 * [VMALLOC_START, VMALLOC_END) exactly; no two free blocks touch; every
 * subtree_max_size is right; each tree is a valid red-black tree in the
 * order of its list; busy areas have their pages (in use) and are mapped;
 * the counters (VmallocUsed, lazy pages, host mappings) match the trees.
 *
 * vm_map_ram's per-CPU vmap blocks and the oops handler's lookups are at
 * the end of the file, each with its own comment.
 *
 * Pools (6.12's vmap node pools, with more than one node): an area
 * remembers the node of the CPU that allocated it (vn_id); a purge first
 * decays every node's pools (a quarter of each, all of a pool of fewer
 * than four, everything for an allocation failure or ukmem_vmalloc_purge),
 * then parks each purged range of up to 1 MiB in its node's pool of its
 * size instead of the free tree; an allocation tries the calling CPU's
 * pool of its size first.  pool_lock comes before free_vmap_area_lock.
 *
 * Differs from Linux 6.12: a lazily freed range waits in the lazy tree of
 * its address's node rather than of its vn_id node (only the order of
 * "unpurged vm_area" lines and of pool entries can differ); the purge runs in the vfree() that crosses the threshold rather than
 * in a workqueue; there are no page
 * tables: host mappings stand for PTEs, and vmalloc_to_page() looks the
 * page up in the list of what was mapped; only [VMALLOC_START,
 * VMALLOC_END) ranges and PAGE_KERNEL are modelled.  docs/DIVERGENCES.md
 * has the list.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/spinlock.h>
#include <linux/rbtree.h>
#include <linux/rbtree_augmented.h>
#include <linux/seq_file.h>
#include <linux/kmemleak.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/fault-inject.h>
#include <linux/smp.h>
#include <kernel/proc.h>
#include "internal.h"
#include "vmalloc_internal.h"
#include "kasan.h"

unsigned long ukmem_vmalloc_start;
unsigned long ukmem_vmalloc_end;

#define VM_MIB (1UL << 20)
#define VMALLOC_MIN_RESERVE (16 * VM_MIB)
/* VMALLOC_END - PAGE_OFFSET of the 32-bit models (see vmalloc_layout) [vmoops] */
#define I386_VMALLOC_END_OFF 0x3effe000UL
#define ARM_VMALLOC_END_OFF 0x3f800000UL
static unsigned long vmalloc_param_size(void);

/* 6.12's reclaim mask: the flags a nested (metadata) allocation inherits. */
#define VM_GFP_RECLAIM_MASK                                                                        \
	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
	 __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)

static struct {
	bool ready;
	unsigned long generation; /* ukmem_boot_generation of the reservation */
	void *base; /* the reservation */
	size_t len;
	unsigned long lazy_max; /* pages */
	unsigned long leaked_areas; /* at the last exit */
	bool allow_huge; /* x86_64 without nohugevmalloc */
} vm_state;

/* x86_64's PMD: huge vmalloc areas are made of 2 MiB blocks */
#define VM_PMD_SHIFT 21
#define VM_PMD_SIZE (1UL << VM_PMD_SHIFT)

static DEFINE_SPINLOCK(vmap_purge_lock);
static DEFINE_SPINLOCK(free_vmap_area_lock);

static struct rb_root free_root = RB_ROOT;
static LIST_HEAD(free_list);
/*
 * 6.12's vmap nodes: busy and lazily freed areas are spread over
 * nr_vmap_nodes trees by the 64 KiB zone their start lies in, so that
 * CPUs working on different areas take different locks.  One node on the
 * 32-bit models, one per CPU (up to 128) on x86_64.
 */
#define VMAP_MAX_NODES 128
/* 6.12's size-segregated pools of freed areas up to 1 MiB, per node [vmoops] */
#define MAX_VA_SIZE_PAGES 256
struct vmap_pool {
	struct list_head head; /* newest first */
	unsigned long len;
};
struct vmap_node {
	spinlock_t busy_lock;
	struct rb_root busy_root;
	struct list_head busy_list;
	spinlock_t lazy_lock;
	struct rb_root lazy_root;
	struct list_head lazy_list;
	/* pools: pool[i] holds areas of i + 1 pages; pool_root all of them by address */
	spinlock_t pool_lock;
	bool skip_populate;
	struct rb_root pool_root;
	struct vmap_pool pool[MAX_VA_SIZE_PAGES];
};
static struct vmap_node vmap_nodes[VMAP_MAX_NODES];
static unsigned int nr_vmap_nodes = 1;
static unsigned long vmap_zone_size = 16 * PAGE_SIZE;

/* vm_map_ram's vmap blocks (at the end of the file) [vmoops] */
struct vmap_block;
static void vmap_blocks_reset(void);
static void vmap_blocks_lock_all(void);
static void vmap_blocks_unlock_all(void);
static bool vmap_ram_area_held(struct vmap_area *va);
static struct vmap_block *va_to_vb(struct vmap_area *va);

static atomic_long_t nr_lazy_pages;
static atomic_long_t nr_vmalloc_pages; /* VmallocUsed */

static unsigned long map_budget;
static atomic_long_t maps_used;

/* ====================================================================== */
/* metadata pool                                                          */
/* ====================================================================== */

/*
 * Fixed size classes of 32..4096 bytes carved from 64 KiB chunks of host
 * memory; a free object holds the next free one.  Chunks are kept until
 * exit (the peak is what a machine needs anyway).  This is the stand-in
 * for kmalloc: swap vpool_alloc/vpool_free for kzalloc_node/kfree when
 * the slab layer exists.
 */
#define VPOOL_CHUNK (64UL << 10)
#define VPOOL_CLASSES 8 /* 32 << 0 .. 32 << 7 = 4096 */

struct vpool_chunk {
	struct vpool_chunk *next;
};

static DEFINE_SPINLOCK(vpool_lock);
static void *vpool_free_objs[VPOOL_CLASSES];
static struct vpool_chunk *vpool_chunks;

static int vpool_class(size_t size)
{
	int c = 0;

	while (c < VPOOL_CLASSES && (32UL << c) < size)
		c++;
	return c < VPOOL_CLASSES ? c : -1;
}

/* Zeroed memory of @size bytes (at most a page), or NULL. */
static void *vpool_alloc(size_t size)
{
	int c = vpool_class(size);
	size_t osize;
	void *obj;

	if (c < 0)
		return NULL;
	osize = 32UL << c;
	spin_lock(&vpool_lock);
	if (!vpool_free_objs[c]) {
		/* the chunk's first object slot holds its header */
		struct vpool_chunk *ch = plat_map_anon(VPOOL_CHUNK);

		if (!ch) {
			spin_unlock(&vpool_lock);
			return NULL;
		}
		ch->next = vpool_chunks;
		vpool_chunks = ch;
		for (size_t off = VPOOL_CHUNK - osize; off >= max(osize, (size_t)64);
		     off -= osize) {
			void **o = (void **)((char *)ch + off);

			*o = vpool_free_objs[c];
			vpool_free_objs[c] = o;
		}
	}
	obj = vpool_free_objs[c];
	vpool_free_objs[c] = *(void **)obj;
	spin_unlock(&vpool_lock);
	ukmem_memset(obj, 0, osize);
	return obj;
}

static void vpool_free(void *obj, size_t size)
{
	int c = vpool_class(size);

	if (!obj || c < 0)
		return;
	spin_lock(&vpool_lock);
	*(void **)obj = vpool_free_objs[c];
	vpool_free_objs[c] = obj;
	spin_unlock(&vpool_lock);
}

static void vpool_destroy(void)
{
	while (vpool_chunks) {
		struct vpool_chunk *ch = vpool_chunks;

		vpool_chunks = ch->next;
		plat_unmap_anon(ch, VPOOL_CHUNK);
	}
	for (int c = 0; c < VPOOL_CLASSES; c++)
		vpool_free_objs[c] = NULL;
}

static struct vmap_area *va_alloc(void)
{
	return vpool_alloc(sizeof(struct vmap_area));
}

static void va_free(struct vmap_area *va)
{
	vpool_free(va, sizeof(*va));
}

/* ====================================================================== */
/* trees                                                                  */
/* ====================================================================== */

static inline unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

static inline unsigned long subtree_max(const struct rb_node *n)
{
	return n ? rb_entry(n, struct vmap_area, rb_node)->subtree_max_size : 0;
}

static inline unsigned long compute_subtree_max(const struct vmap_area *va)
{
	return max(va_size(va),
		   max(subtree_max(va->rb_node.rb_left), subtree_max(va->rb_node.rb_right)));
}

static void aug_propagate(struct rb_node *n, struct rb_node *stop)
{
	while (n != stop) {
		struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		va->subtree_max_size = compute_subtree_max(va);
		n = rb_parent(n);
	}
}

static void aug_copy(struct rb_node *old, struct rb_node *new)
{
	rb_entry(new, struct vmap_area, rb_node)->subtree_max_size =
		rb_entry(old, struct vmap_area, rb_node)->subtree_max_size;
}

static void aug_rotate(struct rb_node *old, struct rb_node *new)
{
	struct vmap_area *o = rb_entry(old, struct vmap_area, rb_node);

	rb_entry(new, struct vmap_area, rb_node)->subtree_max_size = o->subtree_max_size;
	o->subtree_max_size = compute_subtree_max(o);
}

static const struct rb_augment_callbacks free_aug = {
	.propagate = aug_propagate,
	.copy = aug_copy,
	.rotate = aug_rotate,
};

/*
 * Find where a range [start, end) goes in @root.  Returns the link to fill
 * and sets *@parent, or NULL if the range overlaps a node.
 */
static struct rb_node **find_va_links(const struct rb_root *root, unsigned long start,
				      unsigned long end, struct rb_node **parent)
{
	struct rb_node **link = (struct rb_node **)&root->rb_node;

	*parent = NULL;
	while (*link) {
		struct vmap_area *tmp = rb_entry(*link, struct vmap_area, rb_node);

		*parent = *link;
		if (end <= tmp->va_start)
			link = &(*link)->rb_left;
		else if (start >= tmp->va_end)
			link = &(*link)->rb_right;
		else
			return NULL;
	}
	return link;
}

/* Link @va at the place found; keep @head in address order. */
static void link_va(struct vmap_area *va, struct rb_node *parent, struct rb_node **link,
		    struct list_head *head)
{
	rb_link_node(&va->rb_node, parent, link);
	if (!parent) {
		list_add(&va->list, head);
	} else {
		struct vmap_area *p = rb_entry(parent, struct vmap_area, rb_node);

		if (link == &parent->rb_left)
			list_add_tail(&va->list, &p->list); /* just before the parent */
		else
			list_add(&va->list, &p->list); /* just after it */
	}
}

/* Insert into a plain (busy or lazy) tree; false if it overlaps. */
static bool insert_va(struct vmap_area *va, struct rb_root *root, struct list_head *head)
{
	struct rb_node *parent, **link = find_va_links(root, va->va_start, va->va_end, &parent);

	if (WARN_ON(!link))
		return false;
	link_va(va, parent, link, head);
	rb_insert_color(&va->rb_node, root);
	return true;
}

static void unlink_va(struct vmap_area *va, struct rb_root *root)
{
	rb_erase(&va->rb_node, root);
	list_del_init(&va->list);
}

/* The area of @root containing @addr, or NULL. */
static struct vmap_area *find_va(const struct rb_root *root, unsigned long addr)
{
	struct rb_node *n = root->rb_node;

	while (n) {
		struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		if (addr < va->va_start)
			n = n->rb_left;
		else if (addr >= va->va_end)
			n = n->rb_right;
		else
			return va;
	}
	return NULL;
}

static inline unsigned int addr_to_node_id(unsigned long addr)
{
	return (unsigned int)((addr / vmap_zone_size) % nr_vmap_nodes);
}

static inline struct vmap_node *addr_to_node(unsigned long addr)
{
	return &vmap_nodes[addr_to_node_id(addr)];
}

/*
 * The busy area containing @addr.  An area lives in the node of its start,
 * which need not be @addr's: start there and go round.  Returns with the
 * node's busy lock held (*@vnp), or NULL with no lock held.
 */
static struct vmap_area *find_busy_va_lock(unsigned long addr, struct vmap_node **vnp)
{
	unsigned int i, j;

	i = j = addr_to_node_id(addr);
	do {
		struct vmap_node *vn = &vmap_nodes[i];
		struct vmap_area *va;

		spin_lock(&vn->busy_lock);
		va = find_va(&vn->busy_root, addr);
		if (va) {
			*vnp = vn;
			return va;
		}
		spin_unlock(&vn->busy_lock);
	} while ((i = (i + 1) % nr_vmap_nodes) != j);
	return NULL;
}

static void free_tree_erase(struct vmap_area *va)
{
	rb_erase_augmented(&va->rb_node, &free_root, &free_aug);
	list_del_init(&va->list);
}

static void free_tree_link(struct vmap_area *va, struct rb_node *parent, struct rb_node **link)
{
	link_va(va, parent, link, &free_list);
	va->subtree_max_size = va_size(va);
	aug_propagate(&va->rb_node, NULL);
	rb_insert_augmented(&va->rb_node, &free_root, &free_aug);
}

/*
 * Give [va_start, va_end) back to the free tree, merging with the free
 * blocks on either side.  @va is used as the node or freed.  Called with
 * free_vmap_area_lock held.
 */
static void merge_or_add_free(struct vmap_area *va)
{
	struct rb_node *parent, **link;
	struct vmap_area *prev = NULL, *next = NULL;
	struct list_head *before, *after;
	bool merged = false;

	link = find_va_links(&free_root, va->va_start, va->va_end, &parent);
	if (WARN_ON(!link)) {
		/* already free: a bookkeeping bug; drop the node, keep the tree */
		va_free(va);
		return;
	}
	if (!parent) {
		before = &free_list;
		after = &free_list;
	} else {
		struct vmap_area *p = rb_entry(parent, struct vmap_area, rb_node);

		if (link == &parent->rb_left) {
			after = &p->list;
			before = p->list.prev;
		} else {
			before = &p->list;
			after = p->list.next;
		}
	}
	if (before != &free_list)
		prev = list_entry(before, struct vmap_area, list);
	if (after != &free_list)
		next = list_entry(after, struct vmap_area, list);

	if (next && next->va_start == va->va_end) {
		next->va_start = va->va_start;
		va_free(va);
		va = next;
		merged = true;
	}
	if (prev && prev->va_end == va->va_start) {
		prev->va_end = va->va_end;
		if (merged)
			free_tree_erase(va);
		va_free(va);
		va = prev;
		merged = true;
	}
	if (merged)
		aug_propagate(&va->rb_node, NULL);
	else
		free_tree_link(va, parent, link);
}

static inline bool va_fits(const struct vmap_area *va, unsigned long size, unsigned long align)
{
	unsigned long start = ALIGN(va->va_start, align);

	if (start < va->va_start || start + size < start)
		return false;
	return start + size <= va->va_end;
}

/*
 * The lowest-addressed free block that holds @size bytes at @align.  A
 * subtree is entered only if its largest block could hold size + align - 1
 * (then some block in it fits whatever the alignment); a node itself is
 * tested exactly.
 */
static struct vmap_area *find_lowest_fit(unsigned long size, unsigned long align)
{
	unsigned long length = size + align - 1;
	struct rb_node *n = free_root.rb_node;

	if (length < size)
		return NULL;
	while (n) {
		struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		if (subtree_max(n->rb_left) >= length) {
			n = n->rb_left;
			continue;
		}
		if (va_fits(va, size, align))
			return va;
		if (subtree_max(n->rb_right) >= length) {
			n = n->rb_right;
			continue;
		}
		/*
		 * Nothing here: climb to the nearest ancestor we reached from
		 * its left, test it, then try its right subtree.
		 */
		for (;;) {
			struct rb_node *p = rb_parent(n);

			if (!p)
				return NULL;
			if (n == p->rb_left) {
				va = rb_entry(p, struct vmap_area, rb_node);
				if (va_fits(va, size, align))
					return va;
				if (subtree_max(p->rb_right) >= length) {
					n = p->rb_right;
					break;
				}
			}
			n = p;
		}
	}
	return NULL;
}

/*
 * Take [addr, addr + size) out of free block @va: whole block, left edge,
 * right edge, or the middle (which uses *@spare for the left piece).
 * Returns false only when the middle case has no spare node.
 */
static bool clip_free_va(struct vmap_area *va, unsigned long addr, unsigned long size,
			 struct vmap_area **spare)
{
	unsigned long end = addr + size;

	if (va->va_start == addr && va->va_end == end) {
		free_tree_erase(va);
		va_free(va);
	} else if (va->va_start == addr) {
		va->va_start = end;
		aug_propagate(&va->rb_node, NULL);
	} else if (va->va_end == end) {
		va->va_end = addr;
		aug_propagate(&va->rb_node, NULL);
	} else {
		struct vmap_area *left = *spare;
		struct rb_node *parent, **link;

		if (!left)
			return false;
		*spare = NULL;
		left->va_start = va->va_start;
		left->va_end = addr;
		va->va_start = end;
		aug_propagate(&va->rb_node, NULL);
		link = find_va_links(&free_root, left->va_start, left->va_end, &parent);
		free_tree_link(left, parent, link);
	}
	return true;
}

/* ====================================================================== */
/* lazy purge                                                             */
/* ====================================================================== */

static unsigned long lazy_max_pages(void)
{
	return (unsigned long)fls((unsigned int)ukmem_kp.nr_cpus) * (32 * VM_MIB / PAGE_SIZE);
}

/* ---- 6.12's vmap node pools [vmoops] ---- */

static struct vmap_pool *size_to_va_pool(struct vmap_node *vn, unsigned long size)
{
	unsigned long idx = (size - 1) / PAGE_SIZE;

	return idx < MAX_VA_SIZE_PAGES ? &vn->pool[idx] : NULL;
}

/* Park a purged range in @vn's pool of its size; false if it is too big. */
static bool node_pool_add_va(struct vmap_node *vn, struct vmap_area *va)
{
	struct vmap_pool *vp = size_to_va_pool(vn, va_size(va));
	struct rb_node *parent, **link;

	if (!vp)
		return false;
	spin_lock(&vn->pool_lock);
	list_add(&va->list, &vp->head);
	vp->len++;
	link = find_va_links(&vn->pool_root, va->va_start, va->va_end, &parent);
	rb_link_node(&va->rb_node, parent, link);
	rb_insert_color(&va->rb_node, &vn->pool_root);
	spin_unlock(&vn->pool_lock);
	return true;
}

/*
 * The newest pooled range of @size if it is @align-aligned; otherwise that
 * range goes to the back of its pool and the caller uses the free tree.
 */
static struct vmap_area *node_pool_del_va(struct vmap_node *vn, unsigned long size,
					  unsigned long align)
{
	struct vmap_pool *vp = size_to_va_pool(vn, size);
	struct vmap_area *va = NULL;

	if (!vp || list_empty(&vp->head))
		return NULL;
	spin_lock(&vn->pool_lock);
	if (!list_empty(&vp->head)) {
		va = list_first_entry(&vp->head, struct vmap_area, list);
		if (IS_ALIGNED(va->va_start, align) && !WARN_ON_ONCE(va_size(va) != size)) {
			list_del_init(&va->list);
			vp->len--;
			rb_erase(&va->rb_node, &vn->pool_root);
		} else {
			list_move_tail(&va->list, &vp->head);
			va = NULL;
		}
	}
	spin_unlock(&vn->pool_lock);
	return va;
}

/* The calling CPU's node (as 1 + id) and a pooled range for the request, if any. */
static struct vmap_area *node_alloc(unsigned long size, unsigned long align, unsigned int *vn_id)
{
	unsigned int id;

	*vn_id = 0;
	if (nr_vmap_nodes == 1)
		return NULL; /* 6.12: one node means the global heap only */
	id = (unsigned int)raw_smp_processor_id() % nr_vmap_nodes;
	*vn_id = id + 1;
	return node_pool_del_va(&vmap_nodes[id], size, align);
}

/*
 * Give a quarter of each pool back to the free tree (all of a pool of
 * fewer than four: 6.12's count runs out below zero there), or every pool
 * entirely when @full.  Called with vmap_purge_lock held.
 */
static void decay_va_pool_node(struct vmap_node *vn, bool full)
{
	for (unsigned int i = 0; i < MAX_VA_SIZE_PAGES; i++) {
		struct vmap_pool *vp = &vn->pool[i];
		struct vmap_area *va, *n;
		unsigned long n_decay;
		LIST_HEAD(tmp);

		if (list_empty(&vp->head))
			continue;
		spin_lock(&vn->pool_lock);
		list_splice_init(&vp->head, &tmp);
		if (full)
			vp->len = 0;
		n_decay = vp->len >> 2;
		list_for_each_entry_safe(va, n, &tmp, list) {
			list_del_init(&va->list);
			rb_erase(&va->rb_node, &vn->pool_root);
			spin_lock(&free_vmap_area_lock);
			merge_or_add_free(va);
			spin_unlock(&free_vmap_area_lock);
			if (!full) {
				vp->len--;
				if (!--n_decay)
					break;
			}
		}
		if (!full && !list_empty(&tmp))
			list_splice_init(&tmp, &vp->head);
		spin_unlock(&vn->pool_lock);
	}
}

/*
 * 6.12's __purge_vmap_area_lazy(): first every node's pools decay (all of
 * them when @full_pool_decay), then every lazily freed range goes to the
 * pool of the node that allocated it (its vn_id), or to the free tree when
 * the pools are being emptied, the range is above 1 MiB or there is only
 * one node.  The purge lock makes a racing purger (an allocation that
 * found no room) wait until the ranges taken off the lazy trees are
 * really free.
 */
static void __purge_vmap_area_lazy(bool full_pool_decay)
{
	spin_lock(&vmap_purge_lock);
	for (unsigned int i = 0; i < nr_vmap_nodes; i++) {
		vmap_nodes[i].skip_populate = full_pool_decay;
		decay_va_pool_node(&vmap_nodes[i], full_pool_decay);
	}
	for (unsigned int i = 0; i < nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vmap_nodes[i];
		struct vmap_area *va, *n;
		unsigned long pages = 0;
		LIST_HEAD(local);

		spin_lock(&vn->lazy_lock);
		list_splice_init(&vn->lazy_list, &local);
		vn->lazy_root = RB_ROOT;
		spin_unlock(&vn->lazy_lock);
		if (list_empty(&local))
			continue;
		list_for_each_entry_safe(va, n, &local, list) {
			struct vmap_node *owner = va->vn_id ? &vmap_nodes[va->vn_id - 1] : NULL;

			list_del_init(&va->list);
			pages += va_size(va) >> PAGE_SHIFT;
			if (owner && !owner->skip_populate && node_pool_add_va(owner, va))
				continue;
			spin_lock(&free_vmap_area_lock);
			merge_or_add_free(va);
			spin_unlock(&free_vmap_area_lock);
		}
		atomic_long_sub((long)pages, &nr_lazy_pages);
	}
	spin_unlock(&vmap_purge_lock);
}

/* The purge of a vfree() past the lazy threshold: the pools are kept. */
static void purge_vmap_area_lazy(void)
{
	__purge_vmap_area_lazy(false);
}

/**
 * ukmem_vmalloc_purge - return every lazily freed range to the free tree
 */
void ukmem_vmalloc_purge(void)
{
	if (vm_state.ready)
		__purge_vmap_area_lazy(true);
}

unsigned long ukmem_vmalloc_lazy_pages(void)
{
	return (unsigned long)atomic_long_read(&nr_lazy_pages);
}

/* ====================================================================== */
/* host mappings and their budget                                         */
/* ====================================================================== */

static bool charge_maps(unsigned long n)
{
	long used = atomic_long_add_return((long)n, &maps_used);

	if ((unsigned long)used > __atomic_load_n(&map_budget, __ATOMIC_RELAXED)) {
		atomic_long_sub((long)n, &maps_used);
		return false;
	}
	return true;
}

static void uncharge_maps(unsigned long n)
{
	atomic_long_sub((long)n, &maps_used);
}

unsigned long ukmem_vmalloc_set_map_budget(unsigned long budget)
{
	return __atomic_exchange_n(&map_budget, budget, __ATOMIC_RELAXED);
}

unsigned long ukmem_vmalloc_map_budget(void)
{
	return __atomic_load_n(&map_budget, __ATOMIC_RELAXED);
}

unsigned long ukmem_vmalloc_maps_used(void)
{
	return (unsigned long)atomic_long_read(&maps_used);
}

static inline u64 page_phys_off(const struct page *page)
{
	return (u64)page_to_phys(page) - (u64)PHYS_OFFSET;
}

static inline bool pages_contiguous(const struct page *a, const struct page *b)
{
	return page_to_pfn(a) + 1 == page_to_pfn(b);
}

/*
 * Map @nr pages at @addr, one host mapping per physically contiguous run,
 * after charging the runs (and the piece of reservation split off after
 * them) to the budget.  On failure nothing stays mapped or charged.
 */
static int vmap_pages_range(unsigned long addr, struct page **pages, unsigned int nr,
			    unsigned int *nr_maps)
{
	unsigned int runs = 0, i, j;
	int ret = 0;

	*nr_maps = 0;
	if (!nr)
		return 0;
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && pages_contiguous(pages[j - 1], pages[j]); j++)
			;
		runs++;
	}
	if (!charge_maps(runs + 1UL))
		return -ENOMEM;
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && pages_contiguous(pages[j - 1], pages[j]); j++)
			;
		ret = plat_map_phys(ukmem_m.phys_handle, (void *)(addr + i * PAGE_SIZE),
				    page_phys_off(pages[i]), (size_t)(j - i) * PAGE_SIZE, true);
		if (ret) {
			if (i)
				plat_unmap_phys((void *)addr, (size_t)i * PAGE_SIZE);
			uncharge_maps(runs + 1UL);
			return ret;
		}
	}
	*nr_maps = runs + 1;
	return 0;
}

/* Make an area inaccessible at once; the reservation keeps the range. */
static void unmap_va(struct vmap_area *va)
{
	if (!va->nr_maps)
		return;
	plat_unmap_phys((void *)va->va_start, va_size(va));
	uncharge_maps(va->nr_maps);
	va->nr_maps = 0;
}

/* ====================================================================== */
/* areas                                                                  */
/* ====================================================================== */

/* Implicit first use: a process that calls vmalloc before anything else. */
static bool vmalloc_ensure_ready(void)
{
	if (likely(__atomic_load_n(&vm_state.ready, __ATOMIC_ACQUIRE) &&
		   vm_state.generation == ukmem_boot_generation))
		return true;
	if (!ukmem_booted && ukmem_boot_default())
		return false;
	plat_once_lock();
	ukmem_vmalloc_init();
	plat_once_unlock();
	return __atomic_load_n(&vm_state.ready, __ATOMIC_ACQUIRE);
}

/*
 * Reserve @size bytes (guard page included) of the space at @align and
 * enter it in the busy tree for @vm.  On exhaustion purge the lazy ranges
 * and retry once, then print 6.12's hint.
 */
static struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align, gfp_t gfp,
					 struct vm_struct *vm)
{
	struct vmap_area *va, *spare, *fit;
	struct vmap_node *vn;
	unsigned long addr = 0;
	bool purged = false, ok;
	unsigned int vn_id;

	/* 6.12: the calling CPU's node pool first, then the free tree */
	va = node_alloc(size, align, &vn_id);
	if (va) {
		addr = va->va_start;
		goto found;
	}
	/* 6.12 takes it from the vmap_area cache: a failslab point */
	if (ukmem_failslab_meta(sizeof(*va), gfp & VM_GFP_RECLAIM_MASK))
		return NULL;
	va = va_alloc();
	if (!va)
		return NULL;
retry:
	spare = va_alloc();
	spin_lock(&free_vmap_area_lock);
	fit = find_lowest_fit(size, align);
	ok = false;
	if (fit) {
		addr = ALIGN(fit->va_start, align);
		ok = clip_free_va(fit, addr, size, &spare);
	}
	spin_unlock(&free_vmap_area_lock);
	va_free(spare);
	if (!ok) {
		if (!purged) {
			/* reclaim_and_purge_vmap_areas(): the pools too */
			__purge_vmap_area_lazy(true);
			purged = true;
			goto retry;
		}
		if (!(gfp & __GFP_NOWARN) && printk_ratelimit())
			pr_warn("vmap allocation for size %lu failed: use vmalloc=<size> to increase size\n",
				size);
		va_free(va);
		return NULL;
	}
found:
	va->va_start = addr;
	va->va_end = addr + size;
	va->vn_id = vn_id;
	va->vm = vm;
	if (vm) {
		vm->addr = (void *)addr;
		vm->size = size;
	}
	vn = addr_to_node(addr);
	spin_lock(&vn->busy_lock);
	insert_va(va, &vn->busy_root, &vn->busy_list);
	spin_unlock(&vn->busy_lock);
	return va;
}

/* vmap()'s private copy of the caller's page list: pool, or host memory when large. */
static struct page **alloc_map_copy(unsigned int nr)
{
	size_t bytes = (size_t)nr * sizeof(struct page *);

	if (bytes <= PAGE_SIZE)
		return vpool_alloc(bytes);
	return plat_map_anon(PAGE_ALIGN(bytes));
}

static void free_map_copy(struct page **pages, unsigned int nr)
{
	size_t bytes = (size_t)nr * sizeof(struct page *);

	if (bytes <= PAGE_SIZE)
		vpool_free(pages, bytes);
	else
		plat_unmap_anon(pages, PAGE_ALIGN(bytes));
}

/* Record what was mapped for vmalloc_to_page(), and its budget charge. */
static void set_va_mapping(unsigned long addr, struct page **pages, unsigned int nr,
			   unsigned int nr_maps, bool copy)
{
	struct vmap_node *vn;
	struct vmap_area *va = find_busy_va_lock(addr, &vn);

	if (va) {
		va->map_pages = pages;
		va->nr_map_pages = nr;
		va->nr_maps = nr_maps;
		if (copy)
			va->flags |= VA_MAP_COPY;
		spin_unlock(&vn->busy_lock);
	}
}

/*
 * Unmap a busy area now and park its range on the lazy tree; purge when
 * the lazy pages pass the threshold.  @va is already out of the busy tree.
 */
static void free_unmap_vmap_area(struct vmap_area *va)
{
	struct vmap_node *vn = addr_to_node(va->va_start);
	long lazy;

	unmap_va(va);
	if (va->flags & VA_MAP_COPY)
		free_map_copy(va->map_pages, va->nr_map_pages);
	va->map_pages = NULL;
	va->nr_map_pages = 0;
	va->flags = 0;
	va->caller = va->vm ? va->vm->caller : NULL;
	va->vm = NULL;
	spin_lock(&vn->lazy_lock);
	insert_va(va, &vn->lazy_root, &vn->lazy_list);
	lazy = atomic_long_add_return((long)(va_size(va) >> PAGE_SHIFT), &nr_lazy_pages);
	spin_unlock(&vn->lazy_lock);
	if ((unsigned long)lazy > vm_state.lazy_max)
		purge_vmap_area_lazy();
}

static noinline struct vm_struct *__get_vm_area_node(unsigned long size, unsigned long align,
						     unsigned int shift, unsigned long flags,
						     int node, gfp_t gfp_mask, const void *caller)
{
	struct vm_struct *area;

	(void)node;
	size = ALIGN(size, 1UL << shift);
	if (unlikely(!size))
		return NULL;
	if (!(flags & VM_NO_GUARD))
		size += PAGE_SIZE;
	if (unlikely(size < PAGE_SIZE))
		return NULL;
	/* 6.12 kzalloc()s it: a failslab point */
	if (ukmem_failslab_meta(sizeof(*area), gfp_mask & VM_GFP_RECLAIM_MASK))
		return NULL;
	area = vpool_alloc(sizeof(*area));
	if (unlikely(!area))
		return NULL;
	area->flags = flags;
	area->caller = caller;
	if (!alloc_vmap_area(size, align, gfp_mask, area)) {
		vpool_free(area, sizeof(*area));
		return NULL;
	}
	return area;
}

/* Take the busy area starting in @addr's range out of the busy tree. */
static struct vmap_area *find_unlink_vmap_area(unsigned long addr)
{
	struct vmap_node *vn;
	struct vmap_area *va = find_busy_va_lock(addr, &vn);

	if (!va)
		return NULL;
	/* vm_map_ram ranges (no vm) are not vfree()'s to take */
	if (va->vm)
		unlink_va(va, &vn->busy_root);
	else
		va = NULL;
	spin_unlock(&vn->busy_lock);
	return va;
}

/**
 * remove_vm_area - take an area out of the vmalloc space
 * @addr: an address of the area (6.12 accepts any page-aligned one)
 *
 * The range is unmapped at once and goes to the lazy tree; the pages and
 * the vm_struct are the caller's to free.
 *
 * Return: the area, or NULL (with a warning for an unaligned address).
 */
struct vm_struct *remove_vm_area(const void *addr)
{
	struct vmap_area *va;
	struct vm_struct *vm;

	if (WARN(!PAGE_ALIGNED(addr), "Trying to vfree() bad address (%p)\n", addr))
		return NULL;
	if (!vm_state.ready)
		return NULL;
	va = find_unlink_vmap_area((unsigned long)addr);
	if (!va)
		return NULL;
	vm = va->vm;
	free_unmap_vmap_area(va);
	kasan_poison_vmalloc(vm->addr, vm->size);
	return vm;
}

static void free_pages_array(struct vm_struct *area)
{
	if (!area->pages)
		return;
	if (is_vmalloc_addr(area->pages))
		vfree(area->pages);
	else if (!(area->flags & VM_MAP_PUT_PAGES))
		vpool_free(area->pages,
			   (size_t)(get_vm_area_size(area) >> PAGE_SHIFT) * sizeof(struct page *));
	else
		kfree(area->pages); /* vmap(VM_MAP_PUT_PAGES): the caller's kmalloc'd array */
	area->pages = NULL;
}

/**
 * vfree - release memory from vmalloc()
 * @addr: what vmalloc() returned; NULL does nothing
 *
 * The range becomes inaccessible before its pages go back to the page
 * allocator.  Any thread may call it.
 */
void vfree(const void *addr)
{
	struct vm_struct *vm;

	if (!addr)
		return;
	kmemleak_free(addr);
	vm = remove_vm_area(addr);
	if (unlikely(!vm)) {
		WARN(1, KERN_ERR "Trying to vfree() nonexistent vm area (%p)\n", addr);
		return;
	}
	/*
	 * Last page first (6.12 goes first to last): the per-CPU lists are
	 * LIFO, so the next vmalloc gets these pages in ascending pfn order
	 * again, in few physically contiguous runs, i.e. few host mappings.
	 */
	for (unsigned int i = vm->nr_pages; i-- > 0;) {
		struct page *page = vm->pages[i];

		BUG_ON(!page);
		__free_page(page);
	}
	if (!(vm->flags & VM_MAP_PUT_PAGES))
		atomic_long_sub(vm->nr_pages, &nr_vmalloc_pages);
	free_pages_array(vm);
	vpool_free(vm, sizeof(*vm));
}

/**
 * vfree_atomic - vfree() from a context that cannot sleep
 * @addr: what vmalloc() returned
 *
 * ukmem has no such contexts: the same as vfree().
 */
void vfree_atomic(const void *addr)
{
	vfree(addr);
}

/*
 * Order-0 pages for @nr slots of @pages: bulk batches of up to 100, then
 * one by one when a batch comes back short.  Returns the pages obtained;
 * they fill a prefix of @pages.
 */
static unsigned int vm_area_alloc_pages(gfp_t gfp, int nid, unsigned int order, unsigned int nr,
					struct page **pages)
{
	unsigned int done = 0;

	if (nid == NUMA_NO_NODE)
		nid = numa_mem_id();
	while (!order && done < nr) {
		unsigned int want = min(100U, nr - done);
		unsigned long got = alloc_pages_bulk_noprof(gfp & ~__GFP_NOFAIL, nid, NULL,
							    (int)want, NULL, pages + done);

		done += (unsigned int)got;
		if (got != want)
			break;
	}
	/* high orders (huge vmalloc), or the one-by-one fallback */
	while (done < nr) {
		struct page *page = alloc_pages_node_noprof(nid, gfp, order);

		if (!page)
			break;
		/* callers treat the pages of a huge area as independent small pages */
		if (order)
			split_page(page, order);
		for (unsigned int i = 0; i < (1U << order); i++)
			pages[done + i] = page + i;
		done += 1U << order;
	}
	return done;
}

static void *__vmalloc_area_node(struct vm_struct *area, gfp_t gfp_mask, unsigned int page_shift,
				 int node)
{
	const gfp_t nested_gfp = (gfp_mask & VM_GFP_RECLAIM_MASK) | __GFP_ZERO;
	unsigned long size = get_vm_area_size(area);
	unsigned int nr_small_pages = (unsigned int)(size >> PAGE_SHIFT);
	unsigned long array_size = (unsigned long)nr_small_pages * sizeof(struct page *);
	unsigned int nr_maps = 0;
	int ret;

	if (!(gfp_mask & (GFP_DMA | GFP_DMA32)))
		gfp_mask |= __GFP_HIGHMEM;

	/* the recursion is bounded: each level's array is 512 times smaller */
	if (array_size > PAGE_SIZE) {
		area->pages = __vmalloc_node_noprof(array_size, 1, nested_gfp, node, area->caller);
		kmemleak_ignore(area->pages); /* ukmem's bookkeeping: never reported */
	} else if (!ukmem_failslab_meta(array_size, nested_gfp)) { /* 6.12 kmalloc()s it */
		area->pages = vpool_alloc(array_size);
	}
	if (!area->pages) {
		warn_alloc(gfp_mask, NULL,
			   "vmalloc error: size %lu, failed to allocated page array size %lu",
			   nr_small_pages * PAGE_SIZE, array_size);
		free_vm_area(area);
		return NULL;
	}

	area->page_order = page_shift - PAGE_SHIFT;
	/* high-order __GFP_NOFAIL is too dangerous: a huge area falls back to order 0 */
	area->nr_pages = vm_area_alloc_pages(
		(area->page_order ? gfp_mask & ~__GFP_NOFAIL : gfp_mask) | __GFP_NOWARN, node,
		area->page_order, nr_small_pages, area->pages);
	atomic_long_add(area->nr_pages, &nr_vmalloc_pages);
	if (area->nr_pages != nr_small_pages) {
		/* a huge area retries with small pages: no warning for it */
		if (!area->page_order)
			warn_alloc(gfp_mask, NULL,
				   "vmalloc error: size %lu, failed to allocate pages",
				   area->nr_pages * PAGE_SIZE);
		goto fail;
	}

	ret = vmap_pages_range((unsigned long)area->addr, area->pages, area->nr_pages, &nr_maps);
	if (ret < 0) {
		warn_alloc(gfp_mask, NULL, "vmalloc error: size %lu, failed to map pages",
			   area->nr_pages * PAGE_SIZE);
		goto fail;
	}
	set_va_mapping((unsigned long)area->addr, area->pages, area->nr_pages, nr_maps, false);
	return area->addr;

fail:
	vfree(area->addr);
	return NULL;
}

/**
 * __vmalloc_node_range_noprof - allocate virtually contiguous memory
 * @size: bytes
 * @align: alignment of the area (a power of two)
 * @start: lowest address (only VMALLOC_START is supported)
 * @end: end of the range (only VMALLOC_END is supported)
 * @gfp_mask: flags for the pages
 * @prot: protection (only PAGE_KERNEL is modelled)
 * @vm_flags: VM_* flags added to VM_ALLOC
 * @node: preferred node, or NUMA_NO_NODE
 * @caller: shown in /proc/vmallocinfo
 *
 * Return: the address, or NULL.
 */
noinline void *__vmalloc_node_range_noprof(unsigned long size, unsigned long align,
					   unsigned long start, unsigned long end, gfp_t gfp_mask,
					   pgprot_t prot, unsigned long vm_flags, int node,
					   const void *caller)
{
	struct vm_struct *area;
	unsigned long real_size = size, real_align = align;
	unsigned int shift = PAGE_SHIFT;
	void *ret;

	(void)start;
	(void)end;
	(void)prot;
	/* a first call in a process without a machine boots the default one */
	if (!vmalloc_ensure_ready())
		return NULL;
	if (WARN_ON_ONCE(!size))
		return NULL;
	if ((size >> PAGE_SHIFT) > totalram_pages()) {
		warn_alloc(gfp_mask, NULL, "vmalloc error: size %lu, exceeds total pages",
			   real_size);
		return NULL;
	}
	if (vm_state.allow_huge && (vm_flags & VM_ALLOW_HUGE_VMAP)) {
		/* PMD mappings when each node's share is at least 2 MiB */
		unsigned long size_per_node = size;

		if (node == NUMA_NO_NODE)
			size_per_node /= (unsigned long)nr_online_nodes;
		if (size_per_node >= VM_PMD_SIZE)
			shift = VM_PMD_SHIFT;
		align = max(real_align, 1UL << shift);
	}
again:
	area = __get_vm_area_node(real_size, align, shift, VM_ALLOC | VM_UNINITIALIZED | vm_flags,
				  node, gfp_mask, caller);
	if (!area) {
		bool nofail = gfp_mask & __GFP_NOFAIL;

		warn_alloc(gfp_mask, NULL, "vmalloc error: size %lu, vm_struct allocation failed%s",
			   real_size, nofail ? ". Retrying." : "");
		if (nofail) {
			plat_sleep_ns(1000000);
			goto again;
		}
		goto fail;
	}
	ret = __vmalloc_area_node(area, gfp_mask, shift, node);
	if (!ret)
		goto fail;
	/* the area is complete: /proc/vmallocinfo may count its pages */
	__atomic_and_fetch(&area->flags, ~(unsigned long)VM_UNINITIALIZED, __ATOMIC_RELEASE);
	kasan_unpoison_vmalloc(ret, real_size);
	kmemleak_vmalloc(area, real_size, gfp_mask);
	return ret;

fail:
	/* a huge area that could not be had is tried again with small pages */
	if (shift > PAGE_SHIFT) {
		shift = PAGE_SHIFT;
		align = real_align;
		goto again;
	}
	return NULL;
}

/**
 * __vmalloc_node_noprof - vmalloc with alignment, flags and node
 * @size: bytes
 * @align: alignment
 * @gfp_mask: flags for the pages
 * @node: preferred node, or NUMA_NO_NODE
 * @caller: shown in /proc/vmallocinfo
 *
 * Return: the address, or NULL.
 */
noinline void *__vmalloc_node_noprof(unsigned long size, unsigned long align, gfp_t gfp_mask,
				     int node, const void *caller)
{
	return __vmalloc_node_range_noprof(size, align, VMALLOC_START, VMALLOC_END, gfp_mask,
					   PAGE_KERNEL, 0, node, caller);
}

/**
 * __vmalloc_noprof - vmalloc with the caller's GFP flags
 * @size: bytes
 * @gfp_mask: flags for the pages
 *
 * Return: the address, or NULL.
 */
noinline void *__vmalloc_noprof(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node_noprof(size, 1, gfp_mask, NUMA_NO_NODE, __builtin_return_address(0));
}

/**
 * vmalloc_noprof - allocate virtually contiguous memory
 * @size: bytes
 *
 * Return: the address, or NULL.
 */
void *vmalloc_noprof(unsigned long size)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL, NUMA_NO_NODE,
				     __builtin_return_address(0));
}

/**
 * vzalloc_noprof - allocate zeroed virtually contiguous memory
 * @size: bytes
 *
 * Return: the address, or NULL.
 */
void *vzalloc_noprof(unsigned long size)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
				     __builtin_return_address(0));
}

/**
 * vmalloc_node_noprof - vmalloc preferring pages of @node
 * @size: bytes
 * @node: the node
 *
 * Return: the address, or NULL.
 */
void *vmalloc_node_noprof(unsigned long size, int node)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL, node, __builtin_return_address(0));
}

/**
 * vzalloc_node_noprof - vzalloc preferring pages of @node
 * @size: bytes
 * @node: the node
 *
 * Return: the address, or NULL.
 */
void *vzalloc_node_noprof(unsigned long size, int node)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL | __GFP_ZERO, node,
				     __builtin_return_address(0));
}

/* SHMLBA: the alignment of areas that user space may map (arm's cache colouring) */
static unsigned long vm_shmlba(void)
{
	return ukmem_m.arch == UKMEM_ARCH_ARM ? 4 * PAGE_SIZE : PAGE_SIZE;
}

/* GFP_VMALLOC32: pages a 32-bit device can address */
static gfp_t gfp_vmalloc32(void)
{
	return ukmem_m.arch == UKMEM_ARCH_X86_64 ? GFP_DMA32 | GFP_KERNEL : GFP_KERNEL;
}

/**
 * vmalloc_user_noprof - zeroed vmalloc memory that user space may map
 * @size: bytes
 *
 * Return: the address, or NULL.
 */
void *vmalloc_user_noprof(unsigned long size)
{
	if (!vmalloc_ensure_ready())
		return NULL;
	return __vmalloc_node_range_noprof(size, vm_shmlba(), VMALLOC_START, VMALLOC_END,
					   GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL, VM_USERMAP,
					   NUMA_NO_NODE, __builtin_return_address(0));
}

/**
 * vmalloc_32_noprof - vmalloc from pages a 32-bit device can address
 * @size: bytes
 *
 * Return: the address, or NULL.
 */
void *vmalloc_32_noprof(unsigned long size)
{
	if (!vmalloc_ensure_ready())
		return NULL;
	return __vmalloc_node_noprof(size, 1, gfp_vmalloc32(), NUMA_NO_NODE,
				     __builtin_return_address(0));
}

/**
 * vmalloc_32_user_noprof - vmalloc_32 that user space may map, zeroed
 * @size: bytes
 *
 * Return: the address, or NULL.
 */
void *vmalloc_32_user_noprof(unsigned long size)
{
	if (!vmalloc_ensure_ready())
		return NULL;
	return __vmalloc_node_range_noprof(size, vm_shmlba(), VMALLOC_START, VMALLOC_END,
					   gfp_vmalloc32() | __GFP_ZERO, PAGE_KERNEL, VM_USERMAP,
					   NUMA_NO_NODE, __builtin_return_address(0));
}

/**
 * vmalloc_huge_noprof - vmalloc that may use 2 MiB blocks
 * @size: bytes
 * @gfp_mask: flags for the pages
 *
 * On x86_64, an area of 2 MiB or more (per node) is made of order-9
 * blocks, 2 MiB aligned and rounded up, unless nohugevmalloc; otherwise,
 * or when such blocks cannot be had, order-0 pages as vmalloc().
 *
 * Return: the address, or NULL.
 */
void *vmalloc_huge_noprof(unsigned long size, gfp_t gfp_mask)
{
	if (!vmalloc_ensure_ready())
		return NULL;
	return __vmalloc_node_range_noprof(size, 1, VMALLOC_START, VMALLOC_END, gfp_mask,
					   PAGE_KERNEL, VM_ALLOW_HUGE_VMAP, NUMA_NO_NODE,
					   __builtin_return_address(0));
}

/* want_init_on_alloc(): init_on_alloc, or the caller asked for zeroes */
static bool vm_want_init_on_alloc(gfp_t flags)
{
	return ukmem_kp.init_on_alloc || (flags & __GFP_ZERO);
}

/**
 * vrealloc_noprof - resize vmalloc memory, as 6.12 does
 * @p: from vmalloc(), or NULL
 * @size: the new size; 0 frees @p
 * @flags: GFP flags for a new area
 *
 * Shrinking (or any size within the area's pages) stays in place and
 * zeroes the tail when init_on_alloc or __GFP_ZERO asks; growing past
 * the area's pages allocates a new area, copies and frees the old one.
 *
 * Return: the (possibly moved) address, or NULL.
 */
void *vrealloc_noprof(const void *p, size_t size, gfp_t flags)
{
	size_t old_size = 0;
	void *n;

	if (!size) {
		vfree(p);
		return NULL;
	}
	if (p) {
		struct vm_struct *vm = find_vm_area(p);

		if (unlikely(!vm)) {
			WARN(1, "Trying to vrealloc() nonexistent vm area (%p)\n", p);
			return NULL;
		}
		old_size = get_vm_area_size(vm);
	}
	if (size <= old_size) {
		kasan_unpoison_vmalloc(p, old_size);
		if (vm_want_init_on_alloc(flags))
			ukmem_memset((char *)p + size, 0, old_size - size);
		kasan_unpoison_vmalloc(p, size);
		return (void *)p;
	}
	n = __vmalloc_noprof(size, flags);
	if (!n)
		return NULL;
	if (p) {
		kasan_unpoison_vmalloc(p, old_size);
		ukmem_memcpy(n, p, old_size);
		vfree(p);
	}
	return n;
}

/**
 * vmap - map the caller's pages into a virtually contiguous area
 * @pages: the pages
 * @count: how many
 * @flags: VM_* flags (VM_MAP_PUT_PAGES: vfree() releases the pages and
 *	the array)
 * @prot: protection (only PAGE_KERNEL is modelled)
 *
 * VM_NO_GUARD warns once and is cleared, as in 6.12.
 *
 * Return: the address, or NULL.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	struct vm_struct *area;
	struct page **copy;
	unsigned int nr_maps;
	unsigned long size;

	(void)prot;
	if (WARN_ON_ONCE(flags & VM_FLUSH_RESET_PERMS))
		return NULL;
	/* the guard page after an area protects the next one too */
	if (WARN_ON_ONCE(flags & VM_NO_GUARD))
		flags &= ~VM_NO_GUARD;
	if (count > totalram_pages())
		return NULL;
	if (!vmalloc_ensure_ready())
		return NULL;
	size = (unsigned long)count << PAGE_SHIFT;
	area = __get_vm_area_node(size, 1, PAGE_SHIFT, flags, NUMA_NO_NODE, GFP_KERNEL,
				  __builtin_return_address(0));
	if (!area)
		return NULL;
	copy = alloc_map_copy(count);
	if (!copy) {
		vunmap(area->addr);
		return NULL;
	}
	ukmem_memcpy(copy, pages, (size_t)count * sizeof(*pages));
	if (vmap_pages_range((unsigned long)area->addr, copy, count, &nr_maps) < 0) {
		free_map_copy(copy, count);
		vunmap(area->addr);
		return NULL;
	}
	set_va_mapping((unsigned long)area->addr, copy, count, nr_maps, true);
	if (flags & VM_MAP_PUT_PAGES) {
		area->pages = pages;
		area->nr_pages = count;
	}
	kasan_unpoison_vmalloc(area->addr, size);
	return area->addr;
}

/**
 * vunmap - remove a vmap() mapping; the pages stay the caller's
 * @addr: what vmap() returned; NULL does nothing
 */
void vunmap(const void *addr)
{
	struct vm_struct *vm;

	if (!addr)
		return;
	vm = remove_vm_area(addr);
	if (unlikely(!vm)) {
		WARN(1, KERN_ERR "Trying to vunmap() nonexistent vm area (%p)\n", addr);
		return;
	}
	vpool_free(vm, sizeof(*vm));
}

/**
 * get_vm_area - reserve part of the vmalloc space, unmapped
 * @size: bytes (a guard page is added)
 * @flags: VM_* flags
 *
 * Return: the area, or NULL.
 */
struct vm_struct *get_vm_area(unsigned long size, unsigned long flags)
{
	if (!vmalloc_ensure_ready())
		return NULL;
	return __get_vm_area_node(size, 1, PAGE_SHIFT, flags, NUMA_NO_NODE, GFP_KERNEL,
				  __builtin_return_address(0));
}

/**
 * free_vm_area - release an area from get_vm_area()
 * @area: the area
 */
void free_vm_area(struct vm_struct *area)
{
	struct vm_struct *ret;

	if (!area)
		return;
	ret = remove_vm_area(area->addr);
	BUG_ON(ret != area);
	vpool_free(area, sizeof(*area));
}

/* ====================================================================== */
/* lookups                                                                */
/* ====================================================================== */

/**
 * is_vmalloc_addr - whether @x lies in the vmalloc space
 * @x: any address
 */
bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

/**
 * is_vmalloc_or_module_addr - vmalloc space or module space
 * @x: any address
 *
 * ukmem's modules are host shared objects, outside any modelled space.
 */
int is_vmalloc_or_module_addr(const void *x)
{
	return is_vmalloc_addr(x);
}

/**
 * find_vm_area - the live area containing @addr
 * @addr: an address in the vmalloc space
 *
 * Return: the area, or NULL.
 */
struct vm_struct *find_vm_area(const void *addr)
{
	struct vmap_node *vn;
	struct vmap_area *va;
	struct vm_struct *vm = NULL;

	if (!vm_state.ready)
		return NULL;
	va = find_busy_va_lock((unsigned long)addr, &vn);
	if (va) {
		vm = va->vm;
		spin_unlock(&vn->busy_lock);
	}
	return vm;
}

/**
 * vmalloc_to_page - the page mapped at a vmalloc address
 * @vmalloc_addr: the address
 *
 * Return: the page, or NULL where nothing is mapped (guard page, free or
 * freed space).
 */
struct page *vmalloc_to_page(const void *vmalloc_addr)
{
	unsigned long addr = (unsigned long)vmalloc_addr;
	struct vmap_node *vn;
	struct vmap_area *va;
	struct page *page = NULL;

	if (!vm_state.ready || !is_vmalloc_addr(vmalloc_addr))
		return NULL;
	va = find_busy_va_lock(addr, &vn);
	if (!va)
		return NULL;
	if (va->nr_maps && va->map_pages) {
		unsigned long idx = (addr - va->va_start) >> PAGE_SHIFT;

		if (idx < va->nr_map_pages)
			page = va->map_pages[idx];
	}
	spin_unlock(&vn->busy_lock);
	return page;
}

/**
 * vmalloc_to_pfn - the pfn mapped at a vmalloc address
 * @vmalloc_addr: the address
 *
 * Return: the pfn, or 0 where nothing is mapped.
 */
unsigned long vmalloc_to_pfn(const void *vmalloc_addr)
{
	struct page *page = vmalloc_to_page(vmalloc_addr);

	return page ? page_to_pfn(page) : 0;
}

/**
 * vmalloc_nr_pages - pages held by vmalloc areas (VmallocUsed)
 */
unsigned long vmalloc_nr_pages(void)
{
	return (unsigned long)atomic_long_read(&nr_vmalloc_pages);
}

unsigned long ukmem_vmalloc_nr_pages(void)
{
	return vmalloc_nr_pages();
}

static void vmalloc_layout(size_t *size, unsigned long *hint);

/*
 * VmallocTotal: 6.12 prints (VMALLOC_END - VMALLOC_START) >> 10.  Before
 * the space is reserved, the size the arch would reserve.
 */
unsigned long ukmem_vmalloc_total_kb(void)
{
	size_t size;
	unsigned long hint;

	if (vm_state.ready)
		return (VMALLOC_END - VMALLOC_START) >> 10;
	vmalloc_layout(&size, &hint);
	return (size - (ukmem_m.arch == UKMEM_ARCH_X86_64)) >> 10;
}

/* ====================================================================== */
/* /proc/vmallocinfo                                                      */
/* ====================================================================== */

static void show_addr_range(struct seq_file *m, unsigned long start, unsigned long end)
{
	/* raw, as root reads it with kptr_restrict=1; 8 digits on the 32-bit models */
	if (ukmem_m.arch == UKMEM_ARCH_X86_64)
		seq_printf(m, "0x%016lx-0x%016lx", start, end);
	else
		seq_printf(m, "0x%08lx-0x%08lx", start, end);
}

static void show_numa_info(struct seq_file *m, const struct vm_struct *v)
{
	unsigned int counters[MAX_NUMNODES] = {0};
	unsigned int step = 1U << v->page_order;

	if (__atomic_load_n(&v->flags, __ATOMIC_ACQUIRE) & VM_UNINITIALIZED)
		return;
	for (unsigned int nr = 0; nr < v->nr_pages; nr += step)
		counters[page_to_nid(v->pages[nr])] += step;
	for (int nid = 0; nid < nr_online_nodes; nid++)
		if (counters[nid])
			seq_printf(m, " N%d=%u", nid, counters[nid]);
}

static void show_busy_area(struct seq_file *m, struct vmap_area *va);

/* 6.12's order: each node's busy areas, then each node's unpurged ranges. */
static int vmallocinfo_show(struct seq_file *m)
{
	struct vmap_area *va;

	for (unsigned int i = 0; i < nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vmap_nodes[i];

		spin_lock(&vn->busy_lock);
		list_for_each_entry(va, &vn->busy_list, list)
			show_busy_area(m, va);
		spin_unlock(&vn->busy_lock);
	}
	for (unsigned int i = 0; i < nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vmap_nodes[i];

		spin_lock(&vn->lazy_lock);
		list_for_each_entry(va, &vn->lazy_list, list) {
			show_addr_range(m, va->va_start, va->va_end);
			seq_printf(m, " %7ld unpurged vm_area\n", (long)va_size(va));
		}
		spin_unlock(&vn->lazy_lock);
	}
	return 0;
}

static void show_busy_area(struct seq_file *m, struct vmap_area *va)
{
	{
		struct vm_struct *v = va->vm;
		unsigned long flags;

		if (!v) {
			/* 6.12: a vmap block or a large vm_map_ram area, whole */
			if (va->flags & VA_RAM) {
				show_addr_range(m, va->va_start, va->va_end);
				seq_printf(m, " %7ld vm_map_ram\n", (long)va_size(va));
			}
			return;
		}
		/* an area being set up clears VM_UNINITIALIZED without this lock */
		flags = __atomic_load_n(&v->flags, __ATOMIC_ACQUIRE);
		show_addr_range(m, (unsigned long)v->addr, (unsigned long)v->addr + v->size);
		seq_printf(m, " %7ld", (long)v->size);
		if (v->caller)
			seq_printf(m, " %pS", v->caller);
		if (v->nr_pages)
			seq_printf(m, " pages=%d", (int)v->nr_pages);
		if (v->phys_addr)
			seq_printf(m, " phys=%pa", &v->phys_addr);
		if (flags & VM_IOREMAP)
			seq_puts(m, " ioremap");
		if (flags & VM_SPARSE)
			seq_puts(m, " sparse");
		if (flags & VM_ALLOC)
			seq_puts(m, " vmalloc");
		if (flags & VM_MAP)
			seq_puts(m, " vmap");
		if (flags & VM_USERMAP)
			seq_puts(m, " user");
		if (flags & VM_DMA_COHERENT)
			seq_puts(m, " dma-coherent");
		if (is_vmalloc_addr(v->pages))
			seq_puts(m, " vpages");
		show_numa_info(m, v);
		seq_putc(m, '\n');
	}
}

/* ====================================================================== */
/* boot and shutdown                                                      */
/* ====================================================================== */

/*
 * Size the arch's vmalloc space and its preferred place, as 6.12 computes
 * them [vmoops]: on i386 from high_memory + VMALLOC_OFFSET (8 MiB) up to
 * VMALLOC_END = PKMAP_BASE - 2 pages (0xfeffe000 with PAGE_OFFSET
 * 0xc0000000), on arm from high_memory + 8 MiB rounded down to 8 MiB up to
 * 0xff800000; so the space is 120 or 240 MiB when the RAM reaches the
 * lowmem limit (which vmalloc= moves, ukmem_vmalloc_lowmem_limit()) and
 * larger on a smaller machine.  x86_64: 32 TiB, or vmalloc= (a ukmem
 * extension).
 */
static void vmalloc_layout(size_t *size, unsigned long *hint)
{
	unsigned long start, end;

	switch (ukmem_m.arch) {
	case UKMEM_ARCH_I386:
		start = ukmem_high_memory + 8 * VM_MIB;
		end = PAGE_OFFSET + I386_VMALLOC_END_OFF;
		break;
	case UKMEM_ARCH_ARM:
		/* rounded as the kernel's, whose PAGE_OFFSET is 8 MiB aligned */
		start = PAGE_OFFSET +
			((ukmem_high_memory - PAGE_OFFSET + 8 * VM_MIB) & ~(8 * VM_MIB - 1));
		end = PAGE_OFFSET + ARM_VMALLOC_END_OFF;
		break;
	default:
		*size = vmalloc_param_size() ?: 32UL << 40;
		/* 48..80 TiB: above the direct map, below where PIE programs load */
		*hint = 0x300000000000UL;
		return;
	}
	*size = end > start ? end - start : 0;
	*hint = start;
}

static void vmap_init_nodes(int n)
{
	nr_vmap_nodes = (unsigned int)n;
	for (unsigned int i = 0; i < VMAP_MAX_NODES; i++) {
		struct vmap_node *vn = &vmap_nodes[i];

		spin_lock_init(&vn->busy_lock);
		vn->busy_root = RB_ROOT;
		INIT_LIST_HEAD(&vn->busy_list);
		spin_lock_init(&vn->lazy_lock);
		vn->lazy_root = RB_ROOT;
		INIT_LIST_HEAD(&vn->lazy_list);
		spin_lock_init(&vn->pool_lock);
		vn->skip_populate = false;
		vn->pool_root = RB_ROOT;
		for (unsigned int j = 0; j < MAX_VA_SIZE_PAGES; j++) {
			INIT_LIST_HEAD(&vn->pool[j].head);
			vn->pool[j].len = 0;
		}
	}
	atomic_long_set(&nr_lazy_pages, 0);
}

/* Forget the host side of a previous boot that was never shut down here. */
static void vmalloc_drop_host_state(void)
{
	if (vm_state.base)
		plat_unreserve(vm_state.base, vm_state.len);
	vpool_destroy();
	vm_state.base = NULL;
	vm_state.len = 0;
	vm_state.ready = false;
	ukmem_vmalloc_start = 0;
	ukmem_vmalloc_end = 0;
	free_root = RB_ROOT;
	INIT_LIST_HEAD(&free_list);
	vmap_init_nodes(1);
	vmap_blocks_reset();
	atomic_long_set(&nr_vmalloc_pages, 0);
	atomic_long_set(&maps_used, 0);
}

int ukmem_vmalloc_init(void)
{
	size_t want, size;
	unsigned long hint, mc, headroom;
	struct vmap_area *va;
	bool at_hint;
	void *base = NULL;

	if (vm_state.ready && vm_state.generation == ukmem_boot_generation)
		return 0;
	if (vm_state.ready)
		vmalloc_drop_host_state();
	vmalloc_layout(&want, &hint);
	for (size = want; size && size >= min(want, VMALLOC_MIN_RESERVE);
	     size = (size / 2) & PAGE_MASK) {
		base = plat_reserve((void *)hint, size, &at_hint);
		if (base)
			break;
	}
	if (!base) {
		pr_err("ukmem: vmalloc: the host refused even %lu MiB of address space\n",
		       VMALLOC_MIN_RESERVE / VM_MIB);
		return -ENOMEM;
	}
	if (size != want)
		pr_info("ukmem: vmalloc area reduced to %zu MiB (the host refused %zu MiB)\n",
			size / VM_MIB, want / VM_MIB);
	va = va_alloc();
	if (!va) {
		plat_unreserve(base, size);
		return -ENOMEM;
	}
	vm_state.base = base;
	vm_state.len = size;
	ukmem_vmalloc_start = (unsigned long)base;
	/* x86_64's VMALLOC_END is the last byte; the 32-bit ones end exclusive */
	ukmem_vmalloc_end = (unsigned long)base + size - (ukmem_m.arch == UKMEM_ARCH_X86_64);
	va->va_start = VMALLOC_START;
	va->va_end = VMALLOC_END;
	spin_lock(&free_vmap_area_lock);
	free_root = RB_ROOT;
	INIT_LIST_HEAD(&free_list);
	free_tree_link(va, NULL, &free_root.rb_node);
	spin_unlock(&free_vmap_area_lock);
	/* 6.12: one node per possible CPU (up to 128) on 64-bit, one on 32-bit */
	vmap_init_nodes(
		ukmem_m.arch == UKMEM_ARCH_X86_64 ? clamp(ukmem_kp.nr_cpus, 1, VMAP_MAX_NODES) : 1);
	atomic_long_set(&nr_vmalloc_pages, 0);
	atomic_long_set(&maps_used, 0);
	vmap_blocks_reset();
	vm_state.lazy_max = lazy_max_pages();
	/* HAVE_ARCH_HUGE_VMALLOC is x86_64's only; nohugevmalloc turns it off */
	vm_state.allow_huge = ukmem_m.arch == UKMEM_ARCH_X86_64 &&
			      !ukmem_cmdline_get("nohugevmalloc");
	mc = plat_max_map_count();
	headroom = mc > 16384 ? 4096 : mc / 4;
	map_budget = mc - headroom;
	vm_state.generation = ukmem_boot_generation;
	vm_state.leaked_areas = 0;
	ukmem_proc_register("/proc/vmallocinfo", vmallocinfo_show, NULL);
	__atomic_store_n(&vm_state.ready, true, __ATOMIC_RELEASE);
	return 0;
}

void ukmem_vmalloc_exit(void)
{
	struct vmap_area *va;
	unsigned long held = 0;

	if (!vm_state.ready)
		return;
	for (unsigned int i = 0; i < nr_vmap_nodes; i++)
		list_for_each_entry(va, &vmap_nodes[i].busy_list, list)
			held += !(va->flags & VA_RAM) || vmap_ram_area_held(va);
	if (held)
		pr_warn("ukmem: shutdown: %lu vmalloc areas still held\n", held);
	vm_state.leaked_areas = held;
	ukmem_proc_unregister("/proc/vmallocinfo");
	vmalloc_drop_host_state();
}

unsigned long ukmem_vmalloc_leaked_areas(void)
{
	return vm_state.leaked_areas;
}

/* Every vmalloc lock, in the lock order. */
static void vmalloc_lock_all(void)
{
	vmap_blocks_lock_all();
	spin_lock(&vmap_purge_lock);
	for (unsigned int i = 0; i < nr_vmap_nodes; i++)
		spin_lock(&vmap_nodes[i].busy_lock);
	for (unsigned int i = 0; i < nr_vmap_nodes; i++)
		spin_lock(&vmap_nodes[i].lazy_lock);
	for (unsigned int i = 0; i < nr_vmap_nodes; i++)
		spin_lock(&vmap_nodes[i].pool_lock);
	spin_lock(&free_vmap_area_lock);
}

static void vmalloc_unlock_all(void)
{
	spin_unlock(&free_vmap_area_lock);
	for (unsigned int i = nr_vmap_nodes; i-- > 0;)
		spin_unlock(&vmap_nodes[i].pool_lock);
	for (unsigned int i = nr_vmap_nodes; i-- > 0;)
		spin_unlock(&vmap_nodes[i].lazy_lock);
	for (unsigned int i = nr_vmap_nodes; i-- > 0;)
		spin_unlock(&vmap_nodes[i].busy_lock);
	spin_unlock(&vmap_purge_lock);
	vmap_blocks_unlock_all();
}

void ukmem_vmalloc_fork_prepare(void)
{
	vmalloc_lock_all();
	spin_lock(&vpool_lock);
}

void ukmem_vmalloc_fork_parent(void)
{
	spin_unlock(&vpool_lock);
	vmalloc_unlock_all();
}

void ukmem_vmalloc_fork_child(void)
{
	ukmem_vmalloc_fork_parent();
}

/* ====================================================================== */
/* the validator                                                          */
/* ====================================================================== */

#define vcheck(cond, ...)                                             \
	({                                                            \
		bool __bad = !(cond);                                 \
		if (unlikely(__bad)) {                                \
			pr_err("ukmem_check: vmalloc: " __VA_ARGS__); \
			errors++;                                     \
		}                                                     \
		__bad;                                                \
	})

/* Black height of a subtree, or -1 after reporting a broken rule. */
static int check_rb(const struct rb_node *n, const struct rb_node *parent, bool augmented,
		    int *errs)
{
	int errors = 0, lh, rh;

	if (!n)
		return 1;
	if (vcheck(rb_parent(n) == parent, "rb node %px has a wrong parent\n", n))
		goto out;
	if (vcheck(!(!(n->__rb_parent_color & 1) && parent && !(parent->__rb_parent_color & 1)),
		   "red rb node %px has a red parent\n", n))
		goto out;
	if (augmented) {
		const struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		vcheck(va->subtree_max_size == compute_subtree_max(va),
		       "free block [%#lx, %#lx) has subtree_max_size %lu, expected %lu\n",
		       va->va_start, va->va_end, va->subtree_max_size, compute_subtree_max(va));
	}
	lh = check_rb(n->rb_left, n, augmented, errs);
	rh = check_rb(n->rb_right, n, augmented, errs);
	if (lh < 0 || rh < 0)
		goto out;
	if (vcheck(lh == rh, "rb node %px: black heights %d and %d differ\n", n, lh, rh))
		goto out;
	*errs += errors;
	return lh + (int)(n->__rb_parent_color & 1);
out:
	*errs += errors;
	return -1;
}

/* The tree's in-order walk is the list, in strictly increasing order. */
static int check_tree(const char *name, struct rb_root *root, struct list_head *head,
		      bool augmented, unsigned long *count)
{
	int errors = 0;
	struct rb_node *n = rb_first(root);
	struct vmap_area *va, *prev = NULL;

	*count = 0;
	if (root->rb_node)
		vcheck(root->rb_node->__rb_parent_color & 1, "%s tree: red root\n", name);
	check_rb(root->rb_node, NULL, augmented, &errors);
	list_for_each_entry(va, head, list) {
		(*count)++;
		if (vcheck(n == &va->rb_node, "%s tree and list disagree at [%#lx, %#lx)\n", name,
			   va->va_start, va->va_end))
			break;
		n = rb_next(n);
		vcheck(va->va_start < va->va_end, "%s block [%#lx, %#lx) is empty\n", name,
		       va->va_start, va->va_end);
		if (prev)
			vcheck(prev->va_end <= va->va_start,
			       "%s blocks [%#lx, %#lx) and [%#lx, %#lx) overlap\n", name,
			       prev->va_start, prev->va_end, va->va_start, va->va_end);
		if (prev && augmented)
			vcheck(prev->va_end != va->va_start,
			       "free blocks [%#lx, %#lx) and [%#lx, %#lx) were not merged\n",
			       prev->va_start, prev->va_end, va->va_start, va->va_end);
		prev = va;
	}
	vcheck(n == NULL, "%s tree has nodes its list lacks\n", name);
	return errors;
}

static struct vmap_area *list_next_or_null(struct vmap_area *va, struct list_head *head)
{
	return va->list.next == head ? NULL : list_entry(va->list.next, struct vmap_area, list);
}

static struct vmap_area *list_first_or_null(struct list_head *head)
{
	return list_empty(head) ? NULL : list_entry(head->next, struct vmap_area, list);
}

static int check_ram_area(struct vmap_area *va);

/* The pooled range containing @addr in any node, or NULL (pool locks held). */
static struct vmap_area *find_pooled_va(unsigned long addr)
{
	for (unsigned int i = 0; i < nr_vmap_nodes; i++) {
		struct vmap_area *va = find_va(&vmap_nodes[i].pool_root, addr);

		if (va)
			return va;
	}
	return NULL;
}

/*
 * A node's pools: each holds ranges of its size only, unmapped and with
 * no vm_struct, as many as it counts; the address tree holds exactly the
 * pooled ranges, in order, without overlap.
 */
static int check_pools(struct vmap_node *vn, unsigned int id)
{
	unsigned long listed = 0, in_tree = 0, last_end = 0;
	int errors = 0;

	for (unsigned int i = 0; i < MAX_VA_SIZE_PAGES; i++) {
		struct vmap_pool *vp = &vn->pool[i];
		unsigned long n = 0;
		struct vmap_area *va;

		list_for_each_entry(va, &vp->head, list) {
			n++;
			vcheck(va_size(va) == (i + 1UL) * PAGE_SIZE && !va->vm && !va->nr_maps &&
				       find_va(&vn->pool_root, va->va_start) == va,
			       "node %u pool %u: range [%#lx, %#lx) does not belong\n", id, i,
			       va->va_start, va->va_end);
		}
		vcheck(n == vp->len, "node %u pool %u: %lu ranges, counted %lu\n", id, i, n,
		       vp->len);
		listed += n;
	}
	for (struct rb_node *r = rb_first(&vn->pool_root); r; r = rb_next(r)) {
		struct vmap_area *va = rb_entry(r, struct vmap_area, rb_node);

		vcheck(va->va_start >= last_end, "node %u pool ranges overlap at %#lx\n", id,
		       va->va_start);
		last_end = va->va_end;
		in_tree++;
	}
	vcheck(in_tree == listed, "node %u pools list %lu ranges, their tree %lu\n", id, listed,
	       in_tree);
	return errors;
}

static int check_busy_area(struct vmap_area *va)
{
	int errors = 0;
	struct vm_struct *vm = va->vm;

	if (va->flags & VA_RAM)
		return check_ram_area(va);
	if (vcheck(vm, "busy area [%#lx, %#lx) has no vm_struct\n", va->va_start, va->va_end))
		return errors;
	vcheck((unsigned long)vm->addr == va->va_start && vm->size == va_size(va),
	       "busy area [%#lx, %#lx) and its vm_struct disagree\n", va->va_start, va->va_end);
	if (vm->flags & VM_UNINITIALIZED)
		return errors;
	if (vm->flags & VM_ALLOC)
		vcheck(vm->nr_pages == get_vm_area_size(vm) >> PAGE_SHIFT && va->nr_maps &&
			       va->map_pages == vm->pages && va->nr_map_pages == vm->nr_pages,
		       "busy area [%#lx, %#lx) has %u pages, %u mappings\n", va->va_start,
		       va->va_end, vm->nr_pages, va->nr_maps);
	vcheck(!va->nr_maps || va->nr_map_pages == get_vm_area_size(vm) >> PAGE_SHIFT,
	       "busy area [%#lx, %#lx): %u pages mapped\n", va->va_start, va->va_end,
	       va->nr_map_pages);
	for (unsigned int i = 0; i < vm->nr_pages; i++) {
		struct page *page = vm->pages[i];

		if (vcheck(page && page_ref_count(page) > 0 && !PageBuddy(page),
			   "busy area [%#lx, %#lx): page %u is not in use\n", va->va_start,
			   va->va_end, i))
			break;
	}
	if (!va->nr_maps || !va->map_pages)
		return errors;
	/* mapped where it should be: the first and last pages read as the page does */
	kasan_disable_current();
	for (unsigned int i = 0; i < va->nr_map_pages; i += max(va->nr_map_pages - 1, 1U)) {
		struct page *page = va->map_pages[i];
		const volatile unsigned char *v, *d;

		if (PageHighMem(page))
			continue;
		v = (const unsigned char *)va->va_start + (unsigned long)i * PAGE_SIZE;
		d = page_address(page);
		vcheck(v[0] == d[0] && v[PAGE_SIZE - 1] == d[PAGE_SIZE - 1],
		       "busy area [%#lx, %#lx): page %u is not what is mapped\n", va->va_start,
		       va->va_end, i);
	}
	kasan_enable_current();
	return errors;
}

/* The next area in address order across the free list and every node's lists. */
struct check_cursor {
	struct vmap_area *va;
	struct list_head *head;
};

int ukmem_vmalloc_check(void)
{
	int errors = 0;
	unsigned long n, lazy_pages = 0, used_pages = 0, maps = 0, pos;
	struct check_cursor cur[1 + 2 * VMAP_MAX_NODES];
	unsigned int ncur = 0;
	struct vmap_area *va;

	if (!vm_state.ready)
		return 0;
	vmalloc_lock_all();
	errors += check_tree("free", &free_root, &free_list, true, &n);
	cur[ncur++] = (struct check_cursor){list_first_or_null(&free_list), &free_list};
	for (unsigned int i = 0; i < nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vmap_nodes[i];

		errors += check_tree("busy", &vn->busy_root, &vn->busy_list, false, &n);
		errors += check_tree("lazy", &vn->lazy_root, &vn->lazy_list, false, &n);
		cur[ncur++] =
			(struct check_cursor){list_first_or_null(&vn->busy_list), &vn->busy_list};
		cur[ncur++] =
			(struct check_cursor){list_first_or_null(&vn->lazy_list), &vn->lazy_list};
		list_for_each_entry(va, &vn->busy_list, list) {
			vcheck(addr_to_node(va->va_start) == vn,
			       "busy area [%#lx, %#lx) is in node %u\n", va->va_start, va->va_end,
			       i);
			errors += check_busy_area(va);
			if (va->vm && !(va->vm->flags & VM_MAP_PUT_PAGES))
				used_pages += va->vm->nr_pages;
			maps += va->nr_maps;
		}
		errors += check_pools(vn, i);
		list_for_each_entry(va, &vn->lazy_list, list) {
			lazy_pages += va_size(va) >> PAGE_SHIFT;
			vcheck(addr_to_node(va->va_start) == vn,
			       "lazy range [%#lx, %#lx) is in node %u\n", va->va_start, va->va_end,
			       i);
			vcheck(!va->nr_maps && !va->vm, "lazy range [%#lx, %#lx) is still mapped\n",
			       va->va_start, va->va_end);
		}
	}

	/* free, busy and lazy ranges tile the space exactly */
	pos = VMALLOC_START;
	for (;;) {
		struct check_cursor *c = NULL;

		for (unsigned int i = 0; i < ncur && !c; i++)
			if (cur[i].va && cur[i].va->va_start == pos)
				c = &cur[i];
		if (!c) {
			/* a pooled range (pools are by size: looked up by address) */
			struct vmap_area *pa = find_pooled_va(pos);

			if (pa && pa->va_start == pos) {
				pos = pa->va_end;
				continue;
			}
			for (unsigned int i = 0; i < ncur; i++)
				vcheck(!cur[i].va, "nothing accounts for the space at %#lx\n", pos);
			break;
		}
		pos = c->va->va_end;
		c->va = list_next_or_null(c->va, c->head);
	}
	if (!errors)
		vcheck(pos == VMALLOC_END, "the areas end at %#lx, not at VMALLOC_END %#lx\n", pos,
		       VMALLOC_END);
	vcheck(lazy_pages == ukmem_vmalloc_lazy_pages(), "lazy pages %lu, counted %lu\n",
	       lazy_pages, ukmem_vmalloc_lazy_pages());
	vcheck(used_pages == vmalloc_nr_pages(), "vmalloc pages %lu, counted %lu\n", used_pages,
	       vmalloc_nr_pages());
	vcheck(maps == ukmem_vmalloc_maps_used(), "host mappings %lu, counted %lu\n", maps,
	       ukmem_vmalloc_maps_used());
	vmalloc_unlock_all();
	return errors;
}

/* ====================================================================== */
/* the oops handler's view [vmoops]                                       */
/* ====================================================================== */

/* The area of one kind containing @addr, looked up in every node without waiting. */
static struct vmap_area *find_va_trylock(unsigned long addr, bool lazy, bool *busy)
{
	for (unsigned int i = 0; i < nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vmap_nodes[i];
		spinlock_t *lock = lazy ? &vn->lazy_lock : &vn->busy_lock;
		struct vmap_area *va;

		if (!spin_trylock(lock)) {
			*busy = true;
			continue;
		}
		va = find_va(lazy ? &vn->lazy_root : &vn->busy_root, addr);
		spin_unlock(lock);
		/*
		 * The area may be freed once the lock is dropped; the handler
		 * only reads a few words of it, from memory that stays mapped
		 * (the metadata pool is never given back while booted).
		 */
		if (va)
			return va;
	}
	return NULL;
}

/* A range in some node's pool (6.12's freed, not yet reusable elsewhere). */
static struct vmap_area *find_pooled_trylock(unsigned long addr, bool *busy)
{
	for (unsigned int i = 0; i < nr_vmap_nodes; i++) {
		struct vmap_node *vn = &vmap_nodes[i];
		struct vmap_area *va;

		if (!spin_trylock(&vn->pool_lock)) {
			*busy = true;
			continue;
		}
		va = find_va(&vn->pool_root, addr);
		spin_unlock(&vn->pool_lock);
		if (va)
			return va;
	}
	return NULL;
}

/**
 * ukmem_vmalloc_describe_fault - name a faulting address in the vmalloc space
 * @addr: the address
 * @buf: where the words go
 * @size: room in @buf
 *
 * Runs in the fault handler: every lock is tried, never waited for.
 *
 * Return: true if @addr lies in [VMALLOC_START, VMALLOC_END).
 */
bool ukmem_vmalloc_describe_fault(unsigned long addr, char *buf, size_t size)
{
	struct vmap_area *va;
	bool busy = false;

	if (!vm_state.ready || addr < VMALLOC_START || addr >= VMALLOC_END)
		return false;
	va = find_va_trylock(addr, false, &busy);
	if (va) {
		const struct vm_struct *vm = va->vm;
		unsigned long start = va->va_start, end = va->va_end;
		bool guard = vm && !(vm->flags & VM_NO_GUARD) && addr >= end - PAGE_SIZE;

		if (!vm) {
			scnprintf(
				buf, size,
				"The buggy address belongs to the vm_map_ram mapping at [%px, %px)",
				(void *)start, (void *)end);
			return true;
		}
		start = (unsigned long)vm->addr;
		end = start + vm->size;
		scnprintf(
			buf, size,
			"The buggy address belongs to %sthe virtual mapping at [%px, %px) created by: %pS",
			guard ? "the guard page of " : "", (void *)start, (void *)end, vm->caller);
		return true;
	}
	va = find_va_trylock(addr, true, &busy);
	if (!va)
		va = find_pooled_trylock(addr, &busy);
	if (va) {
		scnprintf(
			buf, size,
			"The buggy address belongs to a freed virtual mapping at [%px, %px) created by: %pS",
			(void *)va->va_start, (void *)va->va_end, va->caller);
		return true;
	}
	if (busy)
		scnprintf(
			buf, size,
			"The buggy address belongs to the vmalloc space [%px, %px) (its trees were busy: not looked up)",
			(void *)VMALLOC_START, (void *)VMALLOC_END);
	else
		scnprintf(
			buf, size,
			"The buggy address belongs to no virtual mapping: free vmalloc space [%px, %px)",
			(void *)VMALLOC_START, (void *)VMALLOC_END);
	return true;
}

/* ====================================================================== */
/* vm_map_ram: per-CPU vmap blocks [vmoops]                               */
/* ====================================================================== */

/*
 * 6.12's vm_map_ram(): a mapping of at most VMAP_MAX_ALLOC pages (the
 * model's BITS_PER_LONG) is carved from a per-CPU vmap block, a busy area
 * of VMAP_BBMAP_BITS pages aligned to its size, with no guard page and no
 * vm_struct; a larger one gets an area of its own, also without guard page.
 * A block hands out power-of-two runs in address order (a bump pointer:
 * free counts what is left after it) and never reuses a freed run; the
 * runs freed count as dirty, and the block goes back (lazily, like any
 * area) when every page of it is dirty.  /proc/vmallocinfo shows a block
 * or a large area as "vm_map_ram" with its whole size.
 *
 * VMAP_BBMAP_BITS is 6.12's formula over its guess of the vmalloc space
 * (128 GiB, 128 MiB on 32-bit) and Debian's NR_CPUS (8192 on amd64, 32 on
 * 686-pae, 8 on armmp): 256 pages (1 MiB blocks) on x86_64 and arm, 64
 * pages (256 KiB) on i386.
 *
 * Locking: one lock per CPU queue guards the queue's list and the
 * free/dirty counts and bitmap of every block made on that CPU; it never
 * nests with the vmap node locks (a block's page list and mapping count,
 * read by vmalloc_to_page and the validator, change under its node's busy
 * lock).  Fork takes every queue lock first.
 *
 * Differs from 6.12: no fragmented-block purge (a block whose live runs
 * are all freed but that still has room stays until it is full of dirty
 * runs, as in 6.12 until vm_unmap_aliases()); a bad vm_unmap_ram address
 * warns where 6.12 would dereference a NULL block.
 */
#define VMAP_BBMAP_BITS_MAX 256

struct vmap_block {
	struct vmap_area *va;
	unsigned long free; /* pages after the bump pointer */
	unsigned long dirty; /* pages freed; free + dirty + live == bits */
	unsigned long used_map[VMAP_BBMAP_BITS_MAX / BITS_PER_LONG];
	struct list_head free_list; /* on its CPU's queue while free > 0 */
	int cpu;
	struct page *pages[VMAP_BBMAP_BITS_MAX]; /* va->map_pages */
	unsigned short maps_at[VMAP_BBMAP_BITS_MAX]; /* host mappings of the run starting here */
};

struct vmap_block_queue {
	spinlock_t lock;
	struct list_head free;
};

static void vb_bits_set(unsigned long *map, unsigned long start, unsigned long n)
{
	for (unsigned long i = start; i < start + n; i++)
		map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
}

static void vb_bits_clear(unsigned long *map, unsigned long start, unsigned long n)
{
	for (unsigned long i = start; i < start + n; i++)
		map[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
}

static bool vb_bit(const unsigned long *map, unsigned long i)
{
	return (map[i / BITS_PER_LONG] >> (i % BITS_PER_LONG)) & 1;
}

static struct vmap_block_queue vmap_block_queues[NR_CPUS];
static bool vmap_blocks_ready;

static unsigned long vmap_bbmap_bits(void)
{
	return ukmem_m.arch == UKMEM_ARCH_I386 ? 64 : 256;
}

static unsigned int vmap_max_alloc(void)
{
	return ukmem_m.arch == UKMEM_ARCH_X86_64 ? 64 : 32;
}

static void vmap_blocks_reset(void)
{
	for (int i = 0; i < NR_CPUS; i++) {
		spin_lock_init(&vmap_block_queues[i].lock);
		INIT_LIST_HEAD(&vmap_block_queues[i].free);
	}
	vmap_blocks_ready = true;
}

static void vmap_blocks_lock_all(void)
{
	if (!vmap_blocks_ready)
		vmap_blocks_reset();
	for (int i = 0; i < NR_CPUS; i++)
		spin_lock(&vmap_block_queues[i].lock);
}

static void vmap_blocks_unlock_all(void)
{
	for (int i = NR_CPUS; i-- > 0;)
		spin_unlock(&vmap_block_queues[i].lock);
}

static struct vmap_block *va_to_vb(struct vmap_area *va)
{
	/* a block's area maps its block's page list */
	return container_of(va->map_pages, struct vmap_block, pages[0]);
}

/* Whether a busy vm_map_ram area still has runs mapped (shutdown's count). */
static bool vmap_ram_area_held(struct vmap_area *va)
{
	struct vmap_block *vb;

	if (!(va->flags & VA_BLOCK))
		return true;
	vb = va_to_vb(va);
	return vb->free + vb->dirty != vmap_bbmap_bits();
}

/* Set @va's flags (and page list) under its node's busy lock. */
static void set_ram_area(struct vmap_area *va, unsigned int flags, struct page **pages,
			 unsigned int nr)
{
	struct vmap_node *vn = addr_to_node(va->va_start);

	spin_lock(&vn->busy_lock);
	va->flags |= flags;
	if (pages) {
		va->map_pages = pages;
		va->nr_map_pages = nr;
	}
	spin_unlock(&vn->busy_lock);
}

/* A new block for this CPU, its first 1 << @order pages already taken. */
static unsigned long new_vmap_block(unsigned int order, int cpu)
{
	unsigned long bits = vmap_bbmap_bits();
	struct vmap_block_queue *vbq = &vmap_block_queues[cpu];
	struct vmap_block *vb = vpool_alloc(sizeof(*vb));
	struct vmap_area *va;

	if (!vb)
		return 0;
	va = alloc_vmap_area(bits << PAGE_SHIFT, bits << PAGE_SHIFT, GFP_KERNEL, NULL);
	if (!va) {
		vpool_free(vb, sizeof(*vb));
		return 0;
	}
	vb->va = va;
	vb->free = bits - (1UL << order);
	vb->cpu = cpu;
	vb_bits_set(vb->used_map, 0, 1UL << order);
	set_ram_area(va, VA_RAM | VA_BLOCK, vb->pages, (unsigned int)bits);
	spin_lock(&vbq->lock);
	list_add_tail(&vb->free_list, &vbq->free);
	spin_unlock(&vbq->lock);
	return va->va_start;
}

static unsigned long vb_alloc(unsigned long size)
{
	unsigned long bits = vmap_bbmap_bits(), addr = 0;
	unsigned int order = (unsigned int)get_order(size);
	int cpu = raw_smp_processor_id() % NR_CPUS;
	struct vmap_block_queue *vbq = &vmap_block_queues[cpu];
	struct vmap_block *vb;

	spin_lock(&vbq->lock);
	list_for_each_entry(vb, &vbq->free, free_list) {
		unsigned long off;

		if (vb->free < (1UL << order))
			continue;
		off = bits - vb->free;
		addr = vb->va->va_start + (off << PAGE_SHIFT);
		vb->free -= 1UL << order;
		vb_bits_set(vb->used_map, off, 1UL << order);
		if (!vb->free)
			list_del_init(&vb->free_list);
		break;
	}
	spin_unlock(&vbq->lock);
	if (!addr)
		addr = new_vmap_block(order, cpu);
	return addr;
}

/* The block an address lies in, or NULL; *@vnp's busy lock is then held. */
static struct vmap_block *find_vb_lock(unsigned long addr, struct vmap_node **vnp)
{
	struct vmap_area *va = find_busy_va_lock(addr, vnp);

	if (va && (va->flags & VA_BLOCK))
		return va_to_vb(va);
	if (va)
		spin_unlock(&(*vnp)->busy_lock);
	return NULL;
}

static void free_vmap_block(struct vmap_block *vb)
{
	struct vmap_area *va = vb->va;
	struct vmap_node *vn = addr_to_node(va->va_start);

	spin_lock(&vn->busy_lock);
	unlink_va(va, &vn->busy_root);
	va->map_pages = NULL;
	va->nr_map_pages = 0;
	spin_unlock(&vn->busy_lock);
	free_unmap_vmap_area(va);
	vpool_free(vb, sizeof(*vb));
}

static void vb_free(unsigned long addr, unsigned long size)
{
	unsigned long bits = vmap_bbmap_bits();
	unsigned int order = (unsigned int)get_order(size);
	struct vmap_block_queue *vbq;
	struct vmap_block *vb;
	struct vmap_node *vn;
	unsigned long off;
	unsigned int maps;
	bool dead;

	vb = find_vb_lock(addr, &vn);
	if (WARN_ON_ONCE(!vb))
		return;
	off = (addr - vb->va->va_start) >> PAGE_SHIFT;
	maps = vb->maps_at[off];
	vb->maps_at[off] = 0;
	vb->va->nr_maps -= maps;
	for (unsigned long i = off; i < off + (1UL << order) && i < bits; i++)
		vb->pages[i] = NULL;
	spin_unlock(&vn->busy_lock);
	if (maps) {
		plat_unmap_phys((void *)addr, (size_t)1 << (order + PAGE_SHIFT));
		uncharge_maps(maps);
	}
	vbq = &vmap_block_queues[vb->cpu];
	spin_lock(&vbq->lock);
	vb_bits_clear(vb->used_map, off, 1UL << order);
	vb->dirty += 1UL << order;
	dead = vb->dirty == bits;
	if (dead && !list_empty(&vb->free_list))
		list_del_init(&vb->free_list);
	spin_unlock(&vbq->lock);
	if (dead)
		free_vmap_block(vb);
}

/* Record a block run's pages and host mappings, for vmalloc_to_page and vb_free. */
static void vb_set_run(unsigned long addr, struct page **pages, unsigned int count,
		       unsigned int nr_maps)
{
	struct vmap_node *vn;
	struct vmap_block *vb = find_vb_lock(addr, &vn);
	unsigned long off;

	if (!vb)
		return;
	off = (addr - vb->va->va_start) >> PAGE_SHIFT;
	for (unsigned int i = 0; i < count; i++)
		vb->pages[off + i] = pages[i];
	vb->maps_at[off] = (unsigned short)nr_maps;
	vb->va->nr_maps += nr_maps;
	spin_unlock(&vn->busy_lock);
}

/**
 * vm_map_ram - map pages into the vmalloc space, fast
 * @pages: the pages, the caller's
 * @count: how many
 * @node: preferred node (the area's vmap node follows its address)
 *
 * Up to VMAP_MAX_ALLOC pages come from the calling CPU's vmap blocks (the
 * run is rounded up to a power of two of pages), more from an area of
 * their own.  There is no guard page after either.
 *
 * Return: the address, or NULL.
 */
void *vm_map_ram(struct page **pages, unsigned int count, int node)
{
	unsigned long size = (unsigned long)count << PAGE_SHIFT;
	unsigned long addr;
	unsigned int nr_maps;
	struct vmap_area *va = NULL;
	struct page **copy = NULL;

	(void)node;
	if (!vmalloc_ensure_ready())
		return NULL;
	if (count <= vmap_max_alloc()) {
		if (WARN_ON(!count))
			return NULL;
		addr = vb_alloc(size);
	} else {
		if (count > totalram_pages())
			return NULL;
		va = alloc_vmap_area(size, PAGE_SIZE, GFP_KERNEL, NULL);
		addr = va ? va->va_start : 0;
	}
	if (!addr)
		return NULL;
	if (va) {
		/* a large one: its own area, with vmap()'s private copy of the list */
		set_ram_area(va, VA_RAM, NULL, 0);
		copy = alloc_map_copy(count);
		if (copy)
			ukmem_memcpy(copy, pages, (size_t)count * sizeof(*pages));
		if (!copy || vmap_pages_range(addr, copy, count, &nr_maps) < 0) {
			if (copy)
				free_map_copy(copy, count);
			vm_unmap_ram((void *)addr, count);
			return NULL;
		}
		set_va_mapping(addr, copy, count, nr_maps, true);
		return (void *)addr;
	}
	if (vmap_pages_range(addr, pages, count, &nr_maps) < 0) {
		vm_unmap_ram((void *)addr, count);
		return NULL;
	}
	vb_set_run(addr, pages, count, nr_maps);
	return (void *)addr;
}

/**
 * vm_unmap_ram - undo vm_map_ram()
 * @mem: what vm_map_ram() returned
 * @count: the count it was given
 *
 * The range is unmapped at once; a large area's range goes back lazily, a
 * block's when the whole block has been used and freed.
 */
void vm_unmap_ram(const void *mem, unsigned int count)
{
	unsigned long addr = (unsigned long)mem;
	struct vmap_node *vn;
	struct vmap_area *va;

	BUG_ON(!addr);
	if (!addr)
		return;
	BUG_ON(!vm_state.ready || addr < VMALLOC_START);
	if (!vm_state.ready || addr < VMALLOC_START)
		return;
	BUG_ON(addr > VMALLOC_END);
	if (addr > VMALLOC_END)
		return;
	BUG_ON(!PAGE_ALIGNED(addr));
	if (!PAGE_ALIGNED(addr))
		return;
	if (count <= vmap_max_alloc()) {
		vb_free(addr, (unsigned long)count << PAGE_SHIFT);
		return;
	}
	va = find_busy_va_lock(addr, &vn);
	if (va) {
		if ((va->flags & (VA_RAM | VA_BLOCK)) == VA_RAM && va->va_start == addr)
			unlink_va(va, &vn->busy_root);
		else
			va = NULL;
		spin_unlock(&vn->busy_lock);
	}
	if (WARN_ON_ONCE(!va))
		return;
	free_unmap_vmap_area(va);
}

/*
 * The validator's view of a vm_map_ram area (busy lock held): a block
 * accounts for every page (free + dirty + used == bits), maps only pages
 * of used runs, and its runs' host mappings add up to the area's; a large
 * area maps its whole size from vmalloc's own copy of the page list.
 */
static int check_ram_area(struct vmap_area *va)
{
	unsigned long bits = vmap_bbmap_bits(), used = 0, maps = 0;
	struct vmap_block *vb;
	int errors = 0;

	if (!(va->flags & VA_BLOCK)) {
		vcheck(va->map_pages && (va->flags & VA_MAP_COPY) && va->nr_maps &&
			       va->nr_map_pages == va_size(va) >> PAGE_SHIFT,
		       "vm_map_ram area [%#lx, %#lx) is not mapped whole\n", va->va_start,
		       va->va_end);
		return errors;
	}
	vb = va_to_vb(va);
	if (vcheck(va_size(va) == bits << PAGE_SHIFT && IS_ALIGNED(va->va_start, va_size(va)) &&
			   va->map_pages == vb->pages && va->nr_map_pages == bits && vb->va == va,
		   "vmap block [%#lx, %#lx) is malformed\n", va->va_start, va->va_end))
		return errors;
	for (unsigned long i = 0; i < bits; i++) {
		used += vb_bit(vb->used_map, i);
		maps += vb->maps_at[i];
		if (vb->pages[i])
			vcheck(vb_bit(vb->used_map, i) && page_ref_count(vb->pages[i]) > 0,
			       "vmap block [%#lx, %#lx): page %lu mapped outside a run\n",
			       va->va_start, va->va_end, i);
	}
	vcheck(vb->free + vb->dirty + used == bits && vb->dirty < bits,
	       "vmap block [%#lx, %#lx): free %lu + dirty %lu + used %lu != %lu\n", va->va_start,
	       va->va_end, vb->free, vb->dirty, used, bits);
	vcheck(maps == va->nr_maps, "vmap block [%#lx, %#lx): %lu host mappings, area says %u\n",
	       va->va_start, va->va_end, maps, va->nr_maps);
	return errors;
}

/* ====================================================================== */
/* vmalloc= [vmoops]                                                      */
/* ====================================================================== */

/*
 * The vmalloc= parameter as the modelled arch reads it, set by
 * ukmem_vmalloc_lowmem_limit() at each boot: 0 when absent.
 *   i386 (arch/x86/mm/pgtable_32.c): the space is exactly the size asked
 *     for; the direct map gives way (MAXMEM = VMALLOC_END - PAGE_OFFSET -
 *     (size + 8 MiB)).  The kernel does not bound it; ukmem keeps 16 MiB
 *     of lowmem and says so.
 *   arm (arch/arm/mm/mmu.c): at least 16 MiB and at most what leaves
 *     32 MiB of lowmem, with 6.12's two warnings; the lowmem limit is
 *     VMALLOC_END - size - 8 MiB.
 *   x86_64: a ukmem extension (the kernel has no vmalloc= there): the
 *     size of the space instead of 32 TiB, 16 MiB .. 32 TiB, page aligned.
 */
static unsigned long vmalloc_param;

static unsigned long vmalloc_param_size(void)
{
	return vmalloc_param;
}

/**
 * ukmem_vmalloc_lowmem_limit - apply vmalloc= to the lowmem limit (boot)
 * @limit: the arch's physical lowmem limit with the default vmalloc space
 *
 * Called once per boot by mm_init's layout, before the direct map exists;
 * prints arm's warnings.
 *
 * Return: the physical lowmem limit vmalloc= leaves (@limit without it).
 */
u64 ukmem_vmalloc_lowmem_limit(u64 limit)
{
	const char *v = ukmem_cmdline_get("vmalloc");
	unsigned long long want;
	char *end;

	vmalloc_param = 0;
	if (!v || !*v)
		return limit;
	want = memparse(v, &end);
	if (end == v)
		return limit; /* not a size: ignored */
	switch (ukmem_kp.arch) {
	case UKMEM_ARCH_I386: {
		/* default reserve 128 MiB = 120 MiB of space + the 8 MiB hole */
		unsigned long long max = I386_VMALLOC_END_OFF - 8 * VM_MIB - 16 * VM_MIB;

		want = PAGE_ALIGN(want);
		if (want > max) {
			pr_warn("ukmem: vmalloc=%s leaves no lowmem, limiting to %lluMiB\n", v,
				max >> 20);
			want = max;
		}
		vmalloc_param = (unsigned long)want;
		return limit + 120 * VM_MIB - want;
	}
	case UKMEM_ARCH_ARM: {
		unsigned long long max = ARM_VMALLOC_END_OFF - 32 * VM_MIB - 8 * VM_MIB;

		if (want < 16 * VM_MIB) {
			want = 16 * VM_MIB;
			pr_warn("vmalloc area is too small, limiting to %lluMiB\n", want >> 20);
		}
		if (want > max) {
			want = max;
			pr_warn("vmalloc area is too big, limiting to %lluMiB\n", want >> 20);
		}
		vmalloc_param = (unsigned long)want;
		/* arm's lowmem starts at PHYS_OFFSET = @limit - 768 MiB */
		return limit - 768 * VM_MIB + (ARM_VMALLOC_END_OFF - want - 8 * VM_MIB);
	}
	default:
		want = clamp(PAGE_ALIGN(want), 16ULL * VM_MIB, 32ULL << 40);
		vmalloc_param = (unsigned long)want;
		return limit;
	}
}
