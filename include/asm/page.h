/* SPDX-License-Identifier: GPL-2.0 */
/*
 * asm/page.h - page size and the direct map.
 *
 * The modelled architecture is chosen at boot (arch=), so the layout
 * constants are run-time variables behind the kernel's macro names; each
 * keeps the kernel's type (PAGE_OFFSET is an unsigned long expression).
 *
 *   virtual = physical - PHYS_OFFSET + PAGE_OFFSET     (lowmem only)
 *   pfn     = physical >> PAGE_SHIFT
 *   page    = mem_map + (pfn - ARCH_PFN_OFFSET)
 *
 * PAGE_SIZE is 4096 on every modelled arch and on the host.
 */
#ifndef UKMEM_ASM_PAGE_H
#define UKMEM_ASM_PAGE_H

#include <linux/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

extern unsigned long ukmem_page_offset; /* where the direct map starts */
extern unsigned long ukmem_phys_offset; /* physical address of RAM's first byte slot */
extern unsigned long ukmem_high_memory; /* end of the direct map (virtual) */
extern struct page *ukmem_mem_map; /* struct page of pfn ARCH_PFN_OFFSET */
extern unsigned long ukmem_max_pfn; /* one past the highest pfn */
extern unsigned long ukmem_max_low_pfn; /* one past the highest direct-mapped pfn */

#define PAGE_OFFSET ((unsigned long)ukmem_page_offset)
#define PHYS_OFFSET ((phys_addr_t)ukmem_phys_offset)
#define ARCH_PFN_OFFSET ((unsigned long)(ukmem_phys_offset >> PAGE_SHIFT))
#define high_memory ((void *)ukmem_high_memory)
#define mem_map ukmem_mem_map
#define vmemmap ukmem_mem_map
#define max_pfn ukmem_max_pfn
#define max_low_pfn ukmem_max_low_pfn

#define __pa(x) ((phys_addr_t)((unsigned long)(x)-PAGE_OFFSET) + PHYS_OFFSET)
#define __va(x) ((void *)((unsigned long)((phys_addr_t)(x)-PHYS_OFFSET) + PAGE_OFFSET))
#define __pa_symbol(x) __pa(x)
#define __phys_to_pfn(p) ((unsigned long)((p) >> PAGE_SHIFT))
#define __pfn_to_phys(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)

#define pfn_to_page(pfn) (ukmem_mem_map + ((unsigned long)(pfn)-ARCH_PFN_OFFSET))
#define page_to_pfn(page) ((unsigned long)((page)-ukmem_mem_map) + ARCH_PFN_OFFSET)
#define virt_to_pfn(kaddr) PHYS_PFN(__pa(kaddr))
#define virt_to_page(kaddr) pfn_to_page(virt_to_pfn(kaddr))
#define page_to_phys(page) PFN_PHYS(page_to_pfn(page))
#define page_to_virt(page) __va(page_to_phys(page))
#define pfn_to_virt(pfn) __va(PFN_PHYS(pfn))

bool pfn_valid(unsigned long pfn);
bool virt_addr_valid(const volatile void *kaddr);
#define virt_addr_valid(kaddr) virt_addr_valid((const volatile void *)(kaddr))

static inline int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return 64 - __builtin_clzl((size - 1) >> PAGE_SHIFT);
}

#define PAGE_KERNEL ((pgprot_t){0x8000000000000163ULL})
#define PAGE_KERNEL_RO ((pgprot_t){0x8000000000000161ULL})
#define PAGE_KERNEL_EXEC ((pgprot_t){0x0000000000000163ULL})
#define PAGE_NONE ((pgprot_t){0})
typedef struct {
	u64 pgprot;
} pgprot_t;
#define pgprot_val(x) ((x).pgprot)
#define __pgprot(x) ((pgprot_t){(x)})

#endif /* UKMEM_ASM_PAGE_H */
