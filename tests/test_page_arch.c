// SPDX-License-Identifier: GPL-2.0
/*
 * test_page_arch.c - the modelled architectures: zone layout (spanned,
 * present, managed, start_pfn) against the real kernels' samples, the
 * direct map (PAGE_OFFSET, __pa/__va and friends) and physical addresses.
 *
 * The numbers are those of ../shared/reference: the 6.12 x86_64 QEMU
 * guest with 1 GiB (proc-linux-6.12-qemu/zoneinfo.txt) and the 6.1
 * 686-pae guest with 2 GiB (proc-linux-6.1-i386-qemu/i386-zoneinfo.txt).
 * spanned and present come from the e820-like memory map alone, so they
 * must be equal to the samples; managed of DMA too (only the first MiB is
 * reserved there).  Managed of the bigger zones is larger in ukmem (no
 * kernel image, initrd or firmware tables: docs/DIVERGENCES.md) and is
 * checked against present less the memory map instead.
 *
 * The direct map may be relocated when its preferred address is taken (it
 * always is for the 32-bit models under ASan); the tests then accept the
 * address the log's "ukmem: direct map relocated to" line names.
 */
#include "helpers/ukmem_test.h"

#include <asm/io.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "mm/internal.h"

/* A numeric field of one zone's block in /proc/zoneinfo; -1 if absent. */
static long zoneinfo_field(const char *text, const char *zone, const char *field)
{
	char head[64], key[64];
	const char *start, *end, *p;

	snprintf(head, sizeof(head), "Node 0, zone %8s\n", zone);
	start = strstr(text, head);
	if (!start)
		return -1;
	start += strlen(head);
	end = strstr(start, "\nNode ");
	if (!end)
		end = start + strlen(start);
	snprintf(key, sizeof(key), "\n%s", field);
	for (p = start - 1; (p = strstr(p, key)) && p < end; p++) {
		const char *v = p + strlen(key);

		if (*v != ' ' && *v != ':')
			continue;
		while (*v == ' ' || *v == ':')
			v++;
		return strtol(v, NULL, 10);
	}
	return -1;
}

struct zone_expect {
	const char *name;
	long start_pfn, spanned, present, managed; /* -1: not checked */
};

static void check_zones(const struct zone_expect *e, int n)
{
	char *zi = ut_read("/proc/zoneinfo");

	cr_assert_not_null(zi);
	for (int i = 0; i < n; i++) {
		struct zone *z = NULL, *it;

		for_each_zone(it)
			if (!strcmp(it->name, e[i].name))
				z = it;
		cr_assert_not_null(z, "no zone %s", e[i].name);
		cr_assert_eq(zoneinfo_field(zi, e[i].name, "        spanned"),
			     (long)z->spanned_pages);
		cr_assert_eq(zoneinfo_field(zi, e[i].name, "        present"),
			     (long)z->present_pages);
		cr_assert_eq(zoneinfo_field(zi, e[i].name, "        managed"),
			     (long)zone_managed_pages(z));
		if (e[i].start_pfn >= 0) {
			cr_assert_eq((long)z->zone_start_pfn, e[i].start_pfn,
				     "%s start_pfn %lu, expected %ld", e[i].name, z->zone_start_pfn,
				     e[i].start_pfn);
			cr_assert_eq(zoneinfo_field(zi, e[i].name, "  start_pfn"), e[i].start_pfn);
		}
		cr_assert_eq((long)z->spanned_pages, e[i].spanned, "%s spanned %lu, expected %ld",
			     e[i].name, z->spanned_pages, e[i].spanned);
		cr_assert_eq((long)z->present_pages, e[i].present, "%s present %lu, expected %ld",
			     e[i].name, z->present_pages, e[i].present);
		if (e[i].managed >= 0)
			cr_assert_eq((long)zone_managed_pages(z), e[i].managed,
				     "%s managed %lu, expected %ld", e[i].name,
				     zone_managed_pages(z), e[i].managed);
		cr_assert_leq(zone_managed_pages(z), z->present_pages);
	}
	free(zi);
}

/* Where the direct map is: the preferred address, or the one the log names. */
static unsigned long expected_page_offset(unsigned long preferred)
{
	char *log = ut_dmesg(), *p = strstr(log, "ukmem: direct map relocated to ");
	unsigned long at = preferred;

	if (p)
		at = strtoul(p + strlen("ukmem: direct map relocated to "), NULL, 16);
	free(log);
	return at;
}

/* The translations of a lowmem page, both ways. */
static void check_lowmem_page(struct page *p)
{
	void *v = page_address(p);
	phys_addr_t pa = page_to_phys(p);

	cr_assert_not_null(v);
	cr_assert_eq(__pa(v), pa);
	cr_assert_eq(virt_to_phys(v), pa);
	cr_assert_eq(__va(pa), v);
	cr_assert_eq(phys_to_virt(pa), v);
	cr_assert_eq(virt_to_page(v), p);
	cr_assert_eq(virt_to_page((char *)v + PAGE_SIZE - 1), p);
	cr_assert_eq(pfn_to_page(page_to_pfn(p)), p);
	cr_assert_eq(PFN_PHYS(page_to_pfn(p)), pa);
	cr_assert_eq(PHYS_PFN(pa), page_to_pfn(p));
	cr_assert_eq(virt_to_pfn(v), page_to_pfn(p));
	cr_assert(virt_addr_valid(v));
	cr_assert(pfn_valid(page_to_pfn(p)));
	cr_assert_eq((unsigned long)v, PAGE_OFFSET + (unsigned long)(pa - PHYS_OFFSET));
	/* the direct map is the memory: a write shows through every translation */
	*(volatile unsigned long *)v = 0x1234567890abcdefUL;
	cr_assert_eq(*(unsigned long *)__va(pa), 0x1234567890abcdefUL);
}

/* ---------------------------------------------------------------- */
/* x86_64                                                             */
/* ---------------------------------------------------------------- */

Test(x86_64, zones_1G_as_the_6_12_sample)
{
	static const struct zone_expect e[] = {
		{"DMA", 1, 4095, 3998, 3840},
		{"DMA32", 4096, 258015, 258015, -1},
		{"Normal", -1, 0, 0, 0},
		{"Movable", -1, 0, 0, 0},
	};
	struct zone *dma32;

	ut_boot("mem=1G");
	check_zones(e, ARRAY_SIZE(e));
	/* DMA32 loses exactly its share of the memory map (64-byte struct page) */
	dma32 = ut_zone(ZONE_DMA32);
	cr_assert_eq(dma32->present_pages - zone_managed_pages(dma32), 4096,
		     "DMA32 reserves %lu pages, expected 8 sections x 512 pages of mem_map",
		     dma32->present_pages - zone_managed_pages(dma32));
	cr_assert_eq(ukmem_nr_zones, 5);
	cr_assert_eq(pageblock_order, 9);
	ut_end();
}

Test(x86_64, zones_above_4G)
{
	struct zone *normal;
	struct page *p;

	/* 2 GiB below 4G (less the firmware's tail), the rest from 4 GiB */
	ut_boot("mem=3G init_on_alloc=0");
	normal = ut_zone(ZONE_NORMAL);
	cr_assert_eq(normal->zone_start_pfn, 0x100000);
	cr_assert_eq(normal->spanned_pages, (1UL << 30) >> PAGE_SHIFT);
	cr_assert_eq(normal->present_pages, normal->spanned_pages);
	cr_assert_eq(ut_zone(ZONE_DMA32)->zone_start_pfn, 4096);
	cr_assert_eq(ut_zone(ZONE_DMA32)->present_pages,
		     (0x80000000UL - 0x21000 - 0x1000000) >> PAGE_SHIFT);
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_eq(page_zonenum(p), ZONE_NORMAL);
	cr_assert_geq(page_to_phys(p), 4ULL << 30);
	check_lowmem_page(p);
	__free_page(p);
	/* the hole between 2G and 4G is not RAM and no page of it is valid */
	cr_assert_not(ukmem_pfn_is_ram(0x90000));
	cr_assert_not(virt_addr_valid(PAGE_OFFSET + 0x90000000UL));
	ut_end();
}

Test(x86_64, direct_map_and_physical_addresses)
{
	struct page *p, *first;
	struct zone *dma;

	ut_boot("mem=64M");
	cr_assert_eq(PAGE_OFFSET, expected_page_offset(0x200000000000UL));
	cr_assert_eq(PHYS_OFFSET, 0);
	cr_assert_eq(ARCH_PFN_OFFSET, 0);
	cr_assert_eq(max_pfn, max_low_pfn, "every x86_64 page is in the direct map");
	cr_assert_eq((unsigned long)high_memory, PAGE_OFFSET + (max_low_pfn << PAGE_SHIFT));

	dma = ut_zone(ZONE_DMA);
	first = pfn_to_page(dma->zone_start_pfn);
	cr_assert_eq(page_to_phys(first), 0x1000, "the first DMA page is at %#llx",
		     (unsigned long long)page_to_phys(first));
	cr_assert_eq(page_address(first), (void *)(PAGE_OFFSET + 0x1000));
	cr_assert_eq(page_to_pfn(first), 1);
	cr_assert_eq(page_zonenum(first), ZONE_DMA);
	cr_assert_eq(page_to_nid(first), 0);

	for (gfp_t gfp = 0; gfp < 3; gfp++) {
		static const gfp_t flags[] = {GFP_KERNEL, GFP_DMA, GFP_DMA32};

		p = alloc_page(flags[gfp]);
		cr_assert_not_null(p);
		check_lowmem_page(p);
		__free_page(p);
	}
	p = alloc_pages(GFP_KERNEL, 5);
	cr_assert_not_null(p);
	for (int i = 0; i < 32; i++)
		check_lowmem_page(p + i);
	cr_assert_eq(page_address(p + 31), (char *)page_address(p) + 31 * PAGE_SIZE);
	__free_pages(p, 5);

	/* what is not in the direct map */
	cr_assert_not(virt_addr_valid(PAGE_OFFSET - 1));
	cr_assert_not(virt_addr_valid(high_memory));
	cr_assert_not(virt_addr_valid(&first));
	cr_assert_not(pfn_valid(max_pfn + (1UL << 20)));
	ut_end();
}

Test(x86_64, big_machine_boots_small)
{
	struct timespec t0, t1;
	struct rusage ru0, ru1;
	double secs;
	long grown_kb;

	getrusage(RUSAGE_SELF, &ru0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ut_boot("mem=16G init_on_alloc=0");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	grown_kb = ru1.ru_maxrss - ru0.ru_maxrss;
	/* the time is logged, not asserted: speed is the benchmarks' business */
	cr_log_info("mem=16G booted in %.3f s, max RSS grew %ld kB", secs, grown_kb);
	/* the mem_map (4M struct pages, 256 MiB) and little else */
	cr_expect_lt(grown_kb, 256L * 1024 + 96 * 1024, "max RSS grew %ld kB", grown_kb);
	cr_assert_gt(totalram_pages(), (15UL << 30) >> PAGE_SHIFT);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* i386 (686-pae)                                                     */
/* ---------------------------------------------------------------- */

Test(i386, zones_2G_as_the_686_sample)
{
	static const struct zone_expect e[] = {
		{"DMA", 1, 4095, 3998, 3840},
		{"Normal", 4096, 221182, 221182, -1},
		{"HighMem", 225278, 298977, 298977, 298977},
		{"Movable", -1, 0, 0, 0},
	};

	ut_boot("mem=2G arch=i386");
	check_zones(e, ARRAY_SIZE(e));
	cr_assert_eq(ukmem_nr_zones, 4);
	cr_assert_null(ukmem_zone_by_type(0, ZONE_DMA32));
	cr_assert_eq(max_low_pfn, 225278);
	cr_assert_eq(totalhigh_pages(), 298977);
	ut_end();
}

Test(i386, direct_map_and_highmem)
{
	struct page *p;

	ut_boot("mem=2G arch=i386");
	cr_assert_eq(PAGE_OFFSET, expected_page_offset(0xC0000000UL));
	cr_assert_eq(PHYS_OFFSET, 0);
	cr_assert_eq((unsigned long)high_memory, PAGE_OFFSET + (max_low_pfn << PAGE_SHIFT));
	cr_assert_eq(page_to_phys(pfn_to_page(ut_zone(ZONE_DMA)->zone_start_pfn)), 0x1000);

	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_neq(page_zonenum(p), ZONE_HIGHMEM);
	check_lowmem_page(p);
	__free_page(p);

	p = alloc_page(GFP_HIGHUSER);
	cr_assert_not_null(p);
	cr_assert(PageHighMem(p));
	cr_assert_null(page_address(p));
	cr_assert_geq(page_to_pfn(p), max_low_pfn);
	cr_assert_geq(page_to_phys(p), (phys_addr_t)max_low_pfn << PAGE_SHIFT);
	cr_assert(pfn_valid(page_to_pfn(p)));
	cr_assert_eq(pfn_to_page(page_to_pfn(p)), p);
	__free_page(p);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* arm (vexpress-like)                                                */
/* ---------------------------------------------------------------- */

Test(arm, zones_and_physical_base)
{
	static const struct zone_expect e[] = {
		{"Normal", 0x60000, (768L << 20) >> PAGE_SHIFT, (768L << 20) >> PAGE_SHIFT, -1},
		{"HighMem", 0x60000 + ((768L << 20) >> PAGE_SHIFT), (256L << 20) >> PAGE_SHIFT,
		 (256L << 20) >> PAGE_SHIFT, (256L << 20) >> PAGE_SHIFT},
	};
	char *zi, *pti;

	ut_boot("mem=1G arch=arm");
	check_zones(e, ARRAY_SIZE(e));
	cr_assert_null(ukmem_zone_by_type(0, ZONE_DMA), "arm has no DMA zone");
	cr_assert_null(ukmem_zone_by_type(0, ZONE_DMA32));
	zi = ut_read("/proc/zoneinfo");
	ut_assert_log_lacks(zi, "zone      DMA");
	free(zi);
	cr_assert_eq(pageblock_order, 10);
	pti = ut_read("/proc/pagetypeinfo");
	ut_assert_log_has(pti, "Page block order: 10\nPages per block:  1024\n");
	free(pti);
	ut_end();
}

Test(arm, direct_map_and_physical_addresses)
{
	struct page *p;

	ut_boot("mem=512M arch=arm");
	cr_assert_eq(PAGE_OFFSET, expected_page_offset(0xC0000000UL));
	cr_assert_eq(PHYS_OFFSET, 0x60000000);
	cr_assert_eq(ARCH_PFN_OFFSET, 0x60000);
	cr_assert_eq(pfn_to_page(0x60000), mem_map);
	cr_assert_eq(page_to_phys(mem_map), 0x60000000);
	cr_assert_eq(__pa(PAGE_OFFSET), 0x60000000);
	cr_assert_eq(__va(0x60000000), (void *)PAGE_OFFSET);
	cr_assert_not(pfn_valid(0x5ffff));
	for (unsigned int o = 0; o < 4; o++) {
		p = alloc_pages(GFP_KERNEL, o);
		cr_assert_not_null(p);
		cr_assert_geq(page_to_phys(p), 0x60000000);
		cr_assert_lt(page_to_phys(p), 0x60000000 + (512ULL << 20));
		check_lowmem_page(p);
		__free_pages(p, o);
	}
	/* GFP_DMA folds to Normal: there is no DMA zone */
	p = alloc_page(GFP_DMA);
	cr_assert_not_null(p);
	cr_assert_eq(page_zonenum(p), ZONE_NORMAL);
	__free_page(p);
	ut_end();
}

Test(arm, highmem_above_768M)
{
	struct page *p;

	ut_boot("mem=1G arch=arm");
	p = alloc_page(GFP_HIGHUSER);
	cr_assert_not_null(p);
	cr_assert_eq(page_zonenum(p), ZONE_HIGHMEM);
	cr_assert_null(page_address(p));
	cr_assert_geq(page_to_phys(p), 0x60000000ULL + (768ULL << 20));
	__free_page(p);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* fake NUMA                                                          */
/* ---------------------------------------------------------------- */

Test(numa, fake_nodes_split_memory)
{
	struct page *p0, *p1;

	ut_boot("mem=256M numa=fake=2 nr_cpus=2");
	cr_assert_eq(nr_online_nodes, 2);
	cr_assert_not_null(NODE_DATA(1));
	cr_assert_gt(NODE_DATA(1)->node_start_pfn, NODE_DATA(0)->node_start_pfn);
	p0 = alloc_pages_node(0, GFP_KERNEL, 0);
	p1 = alloc_pages_node(1, GFP_KERNEL, 0);
	cr_assert_not_null(p0);
	cr_assert_not_null(p1);
	cr_assert_eq(page_to_nid(p0), 0);
	cr_assert_eq(page_to_nid(p1), 1);
	cr_assert_geq(page_to_pfn(p1), NODE_DATA(1)->node_start_pfn);
	check_lowmem_page(p0);
	check_lowmem_page(p1);
	__free_page(p0);
	__free_page(p1);
	ut_end();
}

/*
 * A relocated direct map keeps natural alignment: with the preferred
 * 0xC0000000 taken, the i386 machine's direct map moves, and a 4 MiB
 * kmalloc (an order-10 block) must still be 4 MiB aligned (the fuzzer's
 * finding 1, docs/ROBUSTNESS.md).
 */
Test(i386, relocated_direct_map_keeps_natural_alignment)
{
	void *taken = mmap((void *)0xC0000000UL, PAGE_SIZE, PROT_NONE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	void *p;

	/* MAP_FAILED: the address is not ours to take (ASan's shadow): relocated anyway */
	ut_boot("arch=i386 mem=1G");
	cr_assert_neq(PAGE_OFFSET, 0xC0000000UL, "the direct map was not relocated");
	cr_assert_eq(PAGE_OFFSET & ((PAGE_SIZE << MAX_PAGE_ORDER) - 1), 0, "PAGE_OFFSET %#lx",
		     (unsigned long)PAGE_OFFSET);
	p = kmalloc(PAGE_SIZE << MAX_PAGE_ORDER, GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_eq((unsigned long)p & ((PAGE_SIZE << MAX_PAGE_ORDER) - 1), 0, "%p", p);
	kfree(p);
	ut_end();
	if (taken != MAP_FAILED)
		munmap(taken, PAGE_SIZE);
}
