/* SPDX-License-Identifier: GPL-2.0 */
/* asm/io.h - virt_to_phys and friends for the direct map. */
#ifndef UKMEM_ASM_IO_H
#define UKMEM_ASM_IO_H

#include <linux/types.h>
#include <asm/page.h>

static inline phys_addr_t virt_to_phys(volatile void *address)
{
	return __pa((unsigned long)address);
}

static inline void *phys_to_virt(phys_addr_t address)
{
	return __va(address);
}

#define page_to_bus(page) page_to_phys(page)
#define isa_virt_to_bus virt_to_phys
#define virt_to_bus virt_to_phys
#define bus_to_virt phys_to_virt

#endif
