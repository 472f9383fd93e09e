/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/vmalloc_internal.h - what the vmalloc layer shares with the rest of
 * ukmem: its boot and shutdown entry points, the validator, the fork
 * hooks, and (for the oops handler and tests to come) struct vmap_area
 * and the lookups that may fail rather than wait.
 */
#ifndef UKMEM_MM_VMALLOC_INTERNAL_H
#define UKMEM_MM_VMALLOC_INTERNAL_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/vmalloc.h>

/*
 * One range of the vmalloc space.  It is in exactly one of three places:
 * the free tree (augmented with subtree_max_size), the busy tree (a live
 * area, vm set), or the lazy tree (unmapped, waiting to be purged back to
 * the free tree).  @list keeps each tree's nodes in address order.
 */
struct vmap_area {
	unsigned long va_start;
	unsigned long va_end; /* exclusive; a guard page is inside */
	struct rb_node rb_node;
	struct list_head list;
	unsigned long subtree_max_size; /* free tree: largest block below, self included */
	struct vm_struct *vm; /* busy tree: the area it backs */
	struct page **map_pages; /* busy tree: what is mapped, page by page */
	unsigned int nr_map_pages;
	unsigned int nr_maps; /* host mappings charged to the budget */
	unsigned int flags; /* VA_* */
	const void *caller; /* lazy tree: who created it (for the oops handler) */
	unsigned int vn_id; /* 6.12's: 1 + the node whose pool takes it back; 0: none */
};

/* map_pages is vmalloc's own copy (vmap), freed with the mapping */
#define VA_MAP_COPY 0x1
/* a vm_map_ram area (no vm_struct): a vmap block, or a large one on its own */
#define VA_RAM 0x2
#define VA_BLOCK 0x4

/*
 * ukmem_vmalloc_init - reserve the vmalloc space and set up the trees
 *
 * Call once per boot after the page allocator is up (ukmem_mm_init) and
 * before any vmalloc; a second call in the same boot does nothing.  Also
 * registers /proc/vmallocinfo.  Return: 0 or -ENOMEM.
 */
int ukmem_vmalloc_init(void);
/*
 * ukmem_vmalloc_exit - give the vmalloc space back
 *
 * Call at shutdown before the page allocator's leak report and
 * ukmem_mm_exit().  Areas callers still hold are reported and their pages
 * stay allocated (so the page leak report counts them); everything else
 * is released.  Safe to call twice.
 */
void ukmem_vmalloc_exit(void);
/* ukmem_vmalloc_check - validate the trees; returns the number of errors. */
int ukmem_vmalloc_check(void);
/* Areas callers held when ukmem_vmalloc_exit() ran. */
unsigned long ukmem_vmalloc_leaked_areas(void);

/* fork(): prepare takes every vmalloc lock, parent and child release them. */
void ukmem_vmalloc_fork_prepare(void);
void ukmem_vmalloc_fork_parent(void);
void ukmem_vmalloc_fork_child(void);

/*
 * The host mapping budget: how many host mappings (VMAs) vmalloc may
 * create.  Set at init from vm.max_map_count less headroom; tests may
 * lower it.  Returns the previous value.
 */
unsigned long ukmem_vmalloc_set_map_budget(unsigned long budget);
unsigned long ukmem_vmalloc_map_budget(void);
unsigned long ukmem_vmalloc_maps_used(void);

/* Ranges waiting to be purged, in pages (guard pages included). */
unsigned long ukmem_vmalloc_lazy_pages(void);
/*
 * Return every lazily freed range, and every range in the vmap nodes'
 * pools, to the free tree now (6.12's reclaim_and_purge_vmap_areas()).
 */
void ukmem_vmalloc_purge(void);

/*
 * vmalloc= at boot: the physical lowmem limit it leaves on the 32-bit
 * models (@limit, the arch's default, otherwise); mm_init's layout calls
 * it once per boot, and vmalloc's layout then sizes the space. [vmoops]
 */
u64 ukmem_vmalloc_lowmem_limit(u64 limit);

/* ---- the oops handler's view [vmoops] ---- */
/*
 * What a faulting address is, in the words KASAN uses for virtual
 * mappings, written to @buf.  Never waits for a lock (it runs in the fault
 * handler).  Return: true if @addr is in the vmalloc space.
 */
bool ukmem_vmalloc_describe_fault(unsigned long addr, char *buf, size_t size);
/* mm/highmem.c: the same for the pkmap window and the kmap_local area. */
bool ukmem_highmem_describe_fault(unsigned long addr, char *buf, size_t size);
/* mm/fault.c: every range of ukmem's machine (vmalloc, kmap, direct map, mem_map). */
bool ukmem_describe_fault(unsigned long addr, char *buf, size_t size);
/* ---- end oops handler's view ---- */

#endif /* UKMEM_MM_VMALLOC_INTERNAL_H */
