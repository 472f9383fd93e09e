// SPDX-License-Identifier: GPL-2.0
/*
 * contrast.c - the seed notes' central contrast, shown page by page:
 * kmalloc memory is physically contiguous, vmalloc memory is only
 * virtually contiguous, and a highmem page has no kernel address until it
 * is mapped.
 *
 * To make the difference visible the module first fragments the machine:
 * it takes FRAG_PAGES single pages and gives every other one back.  The
 * freed pages sit on the per-CPU list and in the buddy lists as isolated
 * order-0 blocks whose buddies are still held, so nothing can merge.  The
 * pages are GFP_HIGHUSER ones, from the zone vmalloc prefers: HighMem on
 * the 32-bit models, Normal (or DMA32) on x86_64.
 *
 * Then a 64 KiB kmalloc (above KMALLOC_MAX_CACHE_SIZE, so one order-4
 * compound page from the page allocator) shows sixteen consecutive pfns,
 * and a 64 KiB vmalloc (sixteen order-0 pages from the bulk allocator)
 * shows the scattered pfns of the holes the fragmentation left, each page
 * mapped side by side in the vmalloc space.  The summary line counts the
 * breaks in each run of pfns.
 *
 * Last, a GFP_HIGHUSER page: on a machine with highmem (the i386 and arm
 * models: `ukmem run --cmdline "arch=i386 mem=2G" ...`) page_address() is
 * NULL until kmap() maps it into the pkmap window; after kunmap() the
 * mapping stays ("mapped but unused") until the window is recycled, so
 * page_address() still answers, as in Linux.  kmap_local_page() maps it
 * again in the thread's own slots.  On x86_64 the page is ordinary lowmem
 * and every step prints its linear-map address.
 *
 * Like allocmm.c it uses only the kernel's API and builds both as a ukmem
 * module (examples/CMakeLists.txt) and as a real module (Kbuild beside it).
 * Everything is held until module_exit, so /proc/buddyinfo and
 * /proc/vmallocinfo (`ukmem run --cat /proc/vmallocinfo ...`) show the
 * state the lines describe.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define FRAG_PAGES 512
#define BUF_SIZE (64 * 1024)
#define BUF_PAGES (BUF_SIZE / PAGE_SIZE)

static struct page *frag[FRAG_PAGES];
static void *kbuf, *vbuf;
static struct page *hpage;

/* Take FRAG_PAGES pages, give back every other one: holes with no buddy. */
static int fragment(void)
{
	unsigned int i, held = 0;

	for (i = 0; i < FRAG_PAGES; i++) {
		frag[i] = alloc_page(GFP_HIGHUSER);
		if (!frag[i])
			return -ENOMEM;
	}
	for (i = 0; i < FRAG_PAGES; i += 2) {
		__free_page(frag[i]);
		frag[i] = NULL;
	}
	for (i = 0; i < FRAG_PAGES; i++)
		held += frag[i] != NULL;
	pr_info("fragmented: took %u pages, gave back every other one, holding %u\n", FRAG_PAGES,
		held);
	return 0;
}

/* Print each page's pfn behind @buf; return how often a pfn is not last + 1. */
static unsigned int show_pfns(const char *what, const char *buf, bool vmapped)
{
	unsigned long pfn, prev = 0;
	unsigned int i, breaks = 0;

	pr_info("%s = %px\n", what, buf);
	for (i = 0; i < BUF_PAGES; i++) {
		const char *p = buf + i * PAGE_SIZE;

		pfn = vmapped ? vmalloc_to_pfn(p) : page_to_pfn(virt_to_page(p));
		if (i && pfn != prev + 1)
			breaks++;
		pr_info("  +0x%05lx: pfn=0x%lx%s\n", (unsigned long)i * PAGE_SIZE, pfn,
			i && pfn != prev + 1 ? "  <- not contiguous" : "");
		prev = pfn;
	}
	return breaks;
}

static int show_buffers(void)
{
	unsigned int kbreaks, vbreaks;

	kbuf = kmalloc(BUF_SIZE, GFP_KERNEL);
	vbuf = vmalloc(BUF_SIZE);
	if (!kbuf || !vbuf) {
		pr_err("64 KiB kmalloc=%px vmalloc=%px: allocation failed\n", kbuf, vbuf);
		return -ENOMEM;
	}
	kbreaks = show_pfns("kmalloc(64 KiB)", kbuf, false);
	vbreaks = show_pfns("vmalloc(64 KiB)", vbuf, true);
	pr_info("physically contiguous: kmalloc %s (%u breaks), vmalloc %s (%u breaks in %lu pages)\n",
		kbreaks ? "no" : "yes", kbreaks, vbreaks ? "no" : "yes", vbreaks,
		(unsigned long)BUF_PAGES);
	return 0;
}

static int show_highmem(void)
{
	void *addr;

	hpage = alloc_page(GFP_HIGHUSER);
	if (!hpage) {
		pr_err("alloc_page(GFP_HIGHUSER) failed\n");
		return -ENOMEM;
	}
	pr_info("alloc_page(GFP_HIGHUSER): pfn=0x%lx zone=%s PageHighMem=%d\n", page_to_pfn(hpage),
		page_zone(hpage)->name, PageHighMem(hpage));
	pr_info("  before kmap: page_address=%px\n", page_address(hpage));
	addr = kmap(hpage);
	memset(addr, 0x55, PAGE_SIZE);
	pr_info("  during kmap: kmap=%px page_address=%px\n", addr, page_address(hpage));
	kunmap(hpage);
	pr_info("  after kunmap: page_address=%px (%s)\n", page_address(hpage),
		PageHighMem(hpage) ? "the pkmap slot stays until the window is recycled"
				   : "lowmem is always mapped");
	addr = kmap_local_page(hpage);
	pr_info("  kmap_local_page=%px first byte=0x%02x\n", addr, *(unsigned char *)addr);
	kunmap_local(addr);
	return 0;
}

static void free_all(void)
{
	unsigned int i;

	if (hpage)
		__free_page(hpage);
	hpage = NULL;
	vfree(vbuf);
	vbuf = NULL;
	kfree(kbuf);
	kbuf = NULL;
	for (i = 0; i < FRAG_PAGES; i++) {
		if (frag[i])
			__free_page(frag[i]);
		frag[i] = NULL;
	}
}

static int __init contrast_init(void)
{
	int ret = fragment();

	if (!ret)
		ret = show_buffers();
	if (!ret)
		ret = show_highmem();
	if (ret)
		free_all();
	return ret;
}

static void __exit contrast_exit(void)
{
	free_all();
	pr_info("freed everything\n");
}

module_init(contrast_init);
module_exit(contrast_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukmem");
MODULE_DESCRIPTION("kmalloc vs vmalloc pfns on a fragmented machine, and a highmem page's kmap");
