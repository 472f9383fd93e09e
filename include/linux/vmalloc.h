/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/vmalloc.h - the vmalloc family's API, with Linux 6.12's names.
 *
 * ukmem status: implemented in src/mm/vmalloc.c, vm_map_ram and
 * vm_unmap_ram included (per-CPU vmap blocks as in 6.12).
 */
#ifndef UKMEM_LINUX_VMALLOC_H
#define UKMEM_LINUX_VMALLOC_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <asm/page.h>

#define VM_IOREMAP 0x00000001
#define VM_ALLOC 0x00000002
#define VM_MAP 0x00000004
#define VM_USERMAP 0x00000008
#define VM_DMA_COHERENT 0x00000010
#define VM_UNINITIALIZED 0x00000020
#define VM_NO_GUARD 0x00000040
#define VM_KASAN 0x00000080
#define VM_FLUSH_RESET_PERMS 0x00000100
#define VM_MAP_PUT_PAGES 0x00000200
#define VM_ALLOW_HUGE_VMAP 0x00000400
#define VM_DEFER_KMEMLEAK 0x00000800
#define VM_SPARSE 0x00001000

struct vm_struct {
	struct vm_struct *next;
	void *addr;
	unsigned long size;
	unsigned long flags;
	struct page **pages;
	unsigned int page_order;
	unsigned int nr_pages;
	phys_addr_t phys_addr;
	const void *caller;
};

/* The size of an area without its guard page. */
static inline size_t get_vm_area_size(const struct vm_struct *area)
{
	if (!(area->flags & VM_NO_GUARD))
		return area->size - PAGE_SIZE;
	return area->size;
}

void *__vmalloc_node_range_noprof(unsigned long size, unsigned long align, unsigned long start,
				  unsigned long end, gfp_t gfp_mask, pgprot_t prot,
				  unsigned long vm_flags, int node, const void *caller)
	__alloc_size(1);
void *__vmalloc_node_noprof(unsigned long size, unsigned long align, gfp_t gfp_mask, int node,
			    const void *caller) __alloc_size(1);
void *vmalloc_noprof(unsigned long size) __alloc_size(1);
void *vzalloc_noprof(unsigned long size) __alloc_size(1);
void *vmalloc_user_noprof(unsigned long size) __alloc_size(1);
void *vmalloc_node_noprof(unsigned long size, int node) __alloc_size(1);
void *vzalloc_node_noprof(unsigned long size, int node) __alloc_size(1);
void *vmalloc_32_noprof(unsigned long size) __alloc_size(1);
void *vmalloc_32_user_noprof(unsigned long size) __alloc_size(1);
void *vmalloc_huge_noprof(unsigned long size, gfp_t gfp_mask) __alloc_size(1);
void *__vmalloc_noprof(unsigned long size, gfp_t gfp_mask) __alloc_size(1);
void *vrealloc_noprof(const void *p, size_t size, gfp_t flags) __alloc_size(2);
void vfree(const void *addr);
void vfree_atomic(const void *addr);
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
void vunmap(const void *addr);
void *vm_map_ram(struct page **pages, unsigned int count, int node);
void vm_unmap_ram(const void *mem, unsigned int count);
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);
bool is_vmalloc_addr(const void *x);
int is_vmalloc_or_module_addr(const void *x);
struct vm_struct *find_vm_area(const void *addr);
struct vm_struct *get_vm_area(unsigned long size, unsigned long flags);
void free_vm_area(struct vm_struct *area);
struct vm_struct *remove_vm_area(const void *addr);
unsigned long vmalloc_nr_pages(void);

#define vmalloc(...) vmalloc_noprof(__VA_ARGS__)
#define vzalloc(...) vzalloc_noprof(__VA_ARGS__)
#define vmalloc_user(...) vmalloc_user_noprof(__VA_ARGS__)
#define vmalloc_node(...) vmalloc_node_noprof(__VA_ARGS__)
#define vzalloc_node(...) vzalloc_node_noprof(__VA_ARGS__)
#define vmalloc_32(...) vmalloc_32_noprof(__VA_ARGS__)
#define vmalloc_32_user(...) vmalloc_32_user_noprof(__VA_ARGS__)
#define vmalloc_huge(...) vmalloc_huge_noprof(__VA_ARGS__)
#define __vmalloc(...) __vmalloc_noprof(__VA_ARGS__)
#define vrealloc(...) vrealloc_noprof(__VA_ARGS__)
#define __vmalloc_node_range(...) __vmalloc_node_range_noprof(__VA_ARGS__)
#define __vmalloc_node(...) __vmalloc_node_noprof(__VA_ARGS__)

/*
 * The vmalloc space, set at boot: a reservation in the host's address
 * space (not the kernel's 0xffffc90000000000).  On x86_64 VMALLOC_END is
 * the last byte, as in the kernel; on the 32-bit models it is exclusive.
 */
extern unsigned long ukmem_vmalloc_start;
extern unsigned long ukmem_vmalloc_end;
#define VMALLOC_START ((unsigned long)ukmem_vmalloc_start)
#define VMALLOC_END ((unsigned long)ukmem_vmalloc_end)

#endif /* UKMEM_LINUX_VMALLOC_H */
