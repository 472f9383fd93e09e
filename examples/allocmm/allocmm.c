// SPDX-License-Identifier: GPL-2.0
/*
 * allocmm.c - the seed notes' lab module: where does a page come from?
 *
 * The notes' exercise: allocate one physical page with alloc_page(), print
 * its physical address and the kernel virtual address it is mapped at,
 * fill it with 0x55 and check, then do the same with __get_free_page(),
 * which hands back the virtual address directly; then kmalloc() and
 * vmalloc(), the byte allocators, to see the difference the notes draw:
 * kmalloc memory is physically contiguous and lives in the linear map
 * (virt_to_phys() works on it), vmalloc memory is only virtually
 * contiguous, a run of unrelated pages mapped side by side in the vmalloc
 * space, each of which is also reachable through its linear-map alias.
 * The output follows the lines a Debian 6.12 kernel printed for this
 * module (../shared/reference/proc-linux-6.12-qemu/allocmm.txt), so the
 * two can be compared line by line; the lines the kernel's run does not
 * have (kzalloc, and the check that the vmalloc address and the linear
 * alias are the same memory) come after them.
 *
 * Both page-allocator pages are freed as soon as they are printed, as the
 * notes do, so on a quiet machine __get_free_page() gets the alloc_page()
 * page back from the per-CPU list, and so does the first vmalloc() (the
 * kernel's run shows the same pfn three times).  The kmalloc and vmalloc
 * memory is kept until module_exit.
 *
 * kmalloc(PAGE_SIZE) comes from the kmalloc-4k cache, whose slabs are
 * order-3 blocks: the object is page aligned but its page is usually a
 * tail page, so slab_page asks the head page (a real 6.12 PageSlab()
 * looks through to the folio; ukmem's PageSlab() reads the page it is
 * given).
 *
 * The same file builds three ways: as a ukmem module (CMake:
 * ukmem_add_module(allocmm ...), or one gcc line with pkg-config, see
 * docs/MODULES.md), and as a real kernel module with the Kbuild file
 * beside it.  It uses only the kernel's API.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

/* What module_exit gives back. */
static void *kbuf, *zbuf;
static void *vbuf[3];
static const unsigned long vsize[3] = {PAGE_SIZE, PAGE_SIZE, 3 * PAGE_SIZE + 1};
static const char *const vname[3] = {
	"vmalloc(PAGE_SIZE) #1",
	"vmalloc(PAGE_SIZE) #2",
	"vmalloc(3*PAGE_SIZE+1)",
};

/* Bytes of [p, p + len) that differ from @c. */
static unsigned long count_not(const unsigned char *p, size_t len, unsigned char c)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += p[i] != c;
	return n;
}

/* kmalloc(PAGE_SIZE): a slab object in the linear map. */
static int show_kmalloc(void)
{
	kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!kbuf) {
		pr_err("kmalloc(PAGE_SIZE) failed\n");
		return -ENOMEM;
	}
	pr_info("kmalloc(PAGE_SIZE) = %px virt_to_phys=0x%llx ksize=%zu page_aligned=%d slab_page=%d\n",
		kbuf, (unsigned long long)virt_to_phys(kbuf), ksize(kbuf), PAGE_ALIGNED(kbuf),
		!!PageSlab(virt_to_head_page(kbuf)));
	return 0;
}

/* Three vmalloc areas and, page by page, the physical page behind each. */
static int show_vmalloc(void)
{
	unsigned long off;
	struct page *pg;
	int i;

	pr_info("VMALLOC_START=0x%lx VMALLOC_END=0x%lx\n", (unsigned long)VMALLOC_START,
		(unsigned long)VMALLOC_END);
	for (i = 0; i < 3; i++) {
		vbuf[i] = vmalloc(vsize[i]);
		if (!vbuf[i]) {
			pr_err("%s failed\n", vname[i]);
			return -ENOMEM;
		}
		pr_info("%s = %px is_vmalloc_addr=%d\n", vname[i], vbuf[i],
			is_vmalloc_addr(vbuf[i]));
		for (off = 0; off < vsize[i]; off += PAGE_SIZE) {
			pg = vmalloc_to_page((char *)vbuf[i] + off);
			pr_info("  +0x%lx: vmalloc_to_pfn=0x%lx page_to_pfn=0x%lx phys=0x%llx linear-alias=%px\n",
				off, vmalloc_to_pfn((char *)vbuf[i] + off), page_to_pfn(pg),
				(unsigned long long)page_to_phys(pg), page_address(pg));
		}
	}
	pr_info("v2-v1=%ld v3-v2=%ld bytes (see /proc/vmallocinfo for each area's size incl. guard page)\n",
		(long)((unsigned long)vbuf[1] - (unsigned long)vbuf[0]),
		(long)((unsigned long)vbuf[2] - (unsigned long)vbuf[1]));
	return 0;
}

/*
 * The vmalloc address and the linear alias are two names for one page:
 * bytes written through one are read through the other, both ways.  Only
 * the bytes each area was asked for are touched (the tail of the last
 * page is not the caller's, and KASAN's vmalloc mode poisons it).
 */
static int check_alias(void)
{
	unsigned long total = 0, bad_v2l = 0, bad_l2v = 0, off, n;
	unsigned char *v, *l;
	int i;

	for (i = 0; i < 3; i++) {
		v = vbuf[i];
		memset(v, 0xa5, vsize[i]);
		for (off = 0; off < vsize[i]; off += PAGE_SIZE) {
			n = min(PAGE_SIZE, vsize[i] - off);
			l = page_address(vmalloc_to_page(v + off));
			bad_v2l += count_not(l, n, 0xa5);
			memset(l, 0x5a, n);
		}
		bad_l2v += count_not(v, vsize[i], 0x5a);
		total += vsize[i];
	}
	pr_info("vmalloc write 0xa5 -> linear-alias read: %lu of %lu bytes differ\n", bad_v2l,
		total);
	pr_info("linear-alias write 0x5a -> vmalloc read: %lu of %lu bytes differ\n", bad_l2v,
		total);
	return bad_v2l || bad_l2v ? -EIO : 0;
}

/* kzalloc() is kmalloc() with __GFP_ZERO: every byte asked for reads 0. */
static int show_kzalloc(void)
{
	zbuf = kzalloc(100, GFP_KERNEL);
	if (!zbuf) {
		pr_err("kzalloc(100) failed\n");
		return -ENOMEM;
	}
	pr_info("kzalloc(100) = %px virt_to_phys=0x%llx ksize=%zu bytes !=0: %lu\n", zbuf,
		(unsigned long long)virt_to_phys(zbuf), ksize(zbuf), count_not(zbuf, 100, 0));
	return 0;
}

/* kfree() and vfree() take NULL, so a half-done init can use this too. */
static void free_all(void)
{
	int i;

	for (i = 2; i >= 0; i--) {
		vfree(vbuf[i]);
		vbuf[i] = NULL;
	}
	kfree(zbuf);
	zbuf = NULL;
	kfree(kbuf);
	kbuf = NULL;
}

static int __init allocmm_init(void)
{
	struct page *page;
	unsigned char *va;
	unsigned long nonzero, differ, gfp_addr;
	int ret;

	pr_info("PAGE_SIZE=%lu PAGE_SHIFT=%d PAGE_OFFSET=0x%lx\n", (unsigned long)PAGE_SIZE,
		PAGE_SHIFT, (unsigned long)PAGE_OFFSET);

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
	pr_info("  memset 0x55: %lu bytes differ after verify; first=0x%02x last=0x%02x\n", differ,
		va[0], va[PAGE_SIZE - 1]);
	__free_page(page);

	gfp_addr = __get_free_page(GFP_KERNEL);
	if (!gfp_addr) {
		pr_err("__get_free_page(GFP_KERNEL) failed\n");
		return -ENOMEM;
	}
	pr_info("__get_free_page(GFP_KERNEL) = 0x%lx virt_to_phys=0x%llx pfn=0x%lx\n", gfp_addr,
		(unsigned long long)virt_to_phys((void *)gfp_addr),
		page_to_pfn(virt_to_page((void *)gfp_addr)));
	free_page(gfp_addr);

	ret = show_kmalloc();
	if (!ret)
		ret = show_vmalloc();
	if (!ret)
		ret = check_alias();
	if (!ret)
		ret = show_kzalloc();
	if (ret)
		free_all();
	return ret;
}

static void __exit allocmm_exit(void)
{
	free_all();
	pr_info("freed everything\n");
}

module_init(allocmm_init);
module_exit(allocmm_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukmem");
MODULE_DESCRIPTION(
	"alloc_page, __get_free_page, kmalloc and vmalloc: physical and virtual addresses");
