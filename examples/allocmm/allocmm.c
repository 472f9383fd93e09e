// SPDX-License-Identifier: GPL-2.0
/*
 * allocmm.c - the seed notes' lab module: where does a page come from?
 *
 * The notes' exercise: allocate one physical page with alloc_page(), print
 * its physical address and the kernel virtual address it is mapped at,
 * fill it with 0x55 and check, then do the same with __get_free_page(),
 * which hands back the virtual address directly.  The output follows the
 * lines a Debian 6.12 kernel printed for this module
 * (../shared/reference/proc-linux-6.12-qemu/allocmm.txt), so the two can
 * be compared line by line.
 *
 * The alloc_page() page is freed before __get_free_page() runs, so on a
 * quiet machine the second call gets the same page back from the per-CPU
 * list, as the kernel's run shows.  The __get_free_page() page is kept
 * until module_exit.
 *
 * The same file builds three ways: as a ukmem module (CMake:
 * ukmem_add_module(allocmm ...), or one gcc line with pkg-config, see
 * docs/MODULES.md), and as a real kernel module with the Kbuild file
 * beside it.  It uses only the kernel's API.  The notes' kmalloc and
 * vmalloc steps come with the slab and vmalloc issues (3 and 4).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/string.h>

/* The __get_free_page() page, given back by module_exit. */
static unsigned long gfp_addr;

/* Bytes of [p, p + len) that differ from @c. */
static unsigned long count_not(const unsigned char *p, size_t len, unsigned char c)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += p[i] != c;
	return n;
}

static int __init allocmm_init(void)
{
	struct page *page;
	unsigned char *va;
	unsigned long nonzero, differ;

	pr_info("PAGE_SIZE=%lu PAGE_SHIFT=%d PAGE_OFFSET=0x%lx\n",
		(unsigned long)PAGE_SIZE, PAGE_SHIFT, (unsigned long)PAGE_OFFSET);

	page = alloc_page(GFP_KERNEL);
	if (!page) {
		pr_err("alloc_page(GFP_KERNEL) failed\n");
		return -ENOMEM;
	}
	va = page_address(page);
	pr_info("alloc_page(GFP_KERNEL): page=%px pfn=0x%lx page_to_phys=0x%llx page_address=%px\n",
		page, page_to_pfn(page), (unsigned long long)page_to_phys(page), va);
	pr_info("  va-PAGE_OFFSET=0x%lx virt_to_phys=0x%llx virt_to_page==page:%d zone=%s refcount=%d\n",
		(unsigned long)va - (unsigned long)PAGE_OFFSET,
		(unsigned long long)virt_to_phys(va), virt_to_page(va) == page,
		page_zone(page)->name, page_ref_count(page));

	nonzero = count_not(va, PAGE_SIZE, 0);
	pr_info("  bytes !=0 before memset: %lu (init_on_alloc zeroes pages)\n", nonzero);
	memset(va, 0x55, PAGE_SIZE);
	differ = count_not(va, PAGE_SIZE, 0x55);
	pr_info("  memset 0x55: %lu bytes differ after verify; first=0x%02x last=0x%02x\n",
		differ, va[0], va[PAGE_SIZE - 1]);
	__free_page(page);

	gfp_addr = __get_free_page(GFP_KERNEL);
	if (!gfp_addr) {
		pr_err("__get_free_page(GFP_KERNEL) failed\n");
		return -ENOMEM;
	}
	pr_info("__get_free_page(GFP_KERNEL) = 0x%lx virt_to_phys=0x%llx pfn=0x%lx\n",
		gfp_addr, (unsigned long long)virt_to_phys((void *)gfp_addr),
		page_to_pfn(virt_to_page((void *)gfp_addr)));

	/* kmalloc(PAGE_SIZE) and the vmalloc() areas: issues 3 and 4 add them. */
	return 0;
}

static void __exit allocmm_exit(void)
{
	free_page(gfp_addr);
	pr_info("freed everything\n");
}

module_init(allocmm_init);
module_exit(allocmm_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukmem");
MODULE_DESCRIPTION("alloc_page and __get_free_page: physical and virtual addresses of a page");
