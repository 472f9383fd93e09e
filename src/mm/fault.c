// SPDX-License-Identifier: GPL-2.0
/*
 * mm/fault.c - what a faulting address is to ukmem's machine: the words
 * the oops handler (kernel/traps.c) prints after the oops, and the test of
 * whether a fault is ukmem's business at all.
 *
 * What it owns: one question, asked in a signal handler: "is @addr inside
 * a range ukmem made, and which?"  The ranges are the vmalloc space
 * (mm/vmalloc.c answers: a live mapping, its guard page, a freed mapping
 * waiting to be purged, free space), the pkmap window and the kmap_local
 * area of the 32-bit models (mm/highmem.c answers), the direct map
 * [PAGE_OFFSET, high_memory), and mem_map.  Anything else (NULL, the
 * program's own memory) is not ukmem's: the handler passes it on.
 *
 * Algorithm: range tests on boot-time values, then the owner's lookup.
 * Every lookup here runs in the fault handler: no lock is waited for (the
 * owners use trylock and say "busy" instead), nothing is allocated, and a
 * racing free can at worst make the words stale.
 *
 * The words are KASAN's for virtual mappings ("The buggy address belongs
 * to the virtual mapping at [start, end) created by: caller"), on one line
 * that the handler prefixes with "ukmem: ".  Linux prints no such line
 * after a page-fault oops (only KASAN reports carry it); it is ukmem's.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sprintf.h>
#include "internal.h"
#include "vmalloc_internal.h"

/**
 * ukmem_describe_fault - name the range of ukmem's machine holding an address
 * @addr: the faulting address
 * @buf: where the description goes (one line, no newline)
 * @size: room in @buf
 *
 * Return: true if @addr belongs to ukmem's machine (the fault is ukmem's
 * to report), false if it is someone else's.
 */
bool ukmem_describe_fault(unsigned long addr, char *buf, size_t size)
{
	unsigned long map_end;

	if (!ukmem_mem_map)
		return false; /* no machine */
	if (ukmem_vmalloc_describe_fault(addr, buf, size))
		return true;
	if (ukmem_highmem_describe_fault(addr, buf, size))
		return true;
	if (addr >= PAGE_OFFSET && addr < ukmem_high_memory) {
		unsigned long pfn = (unsigned long)(__pa(addr) >> PAGE_SHIFT);

		scnprintf(buf, size,
			  "The buggy address belongs to the direct map at [%px, %px): pfn %#lx",
			  (void *)PAGE_OFFSET, (void *)ukmem_high_memory, pfn);
		return true;
	}
	map_end = (unsigned long)(ukmem_mem_map + (ukmem_max_pfn - ARCH_PFN_OFFSET));
	if (addr >= (unsigned long)ukmem_mem_map && addr < map_end) {
		scnprintf(buf, size, "The buggy address belongs to mem_map at [%px, %px): pfn %#lx",
			  ukmem_mem_map, (void *)map_end,
			  (addr - (unsigned long)ukmem_mem_map) / sizeof(struct page) +
				  ARCH_PFN_OFFSET);
		return true;
	}
	return false;
}
