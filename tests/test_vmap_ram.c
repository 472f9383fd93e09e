// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmap_ram.c - vm_map_ram()/vm_unmap_ram() with 6.12's per-CPU vmap
 * blocks, and vfree_atomic().
 *
 * What is observable of the blocks: small mappings (up to BITS_PER_LONG
 * pages of the model) come from one block of 256 pages (1 MiB; 64 pages
 * on i386) in address order, each run rounded up to a power of two of
 * pages, with no guard page; /proc/vmallocinfo shows the block whole as
 * "vm_map_ram"; a block goes back (as an unpurged range) once all of it
 * has been handed out and freed.  Larger mappings get an area of their own
 * of exactly their size.  The pages read through the mapping as through
 * their own address; vmalloc_to_page() finds them; bad input warns or
 * BUGs as 6.12 does, and nothing leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "mm/vmalloc_internal.h"

#define X86 "mem=256M"
#define I386 "arch=i386 mem=1G"

static struct page **get_pages(unsigned int n, gfp_t gfp)
{
	struct page **pages = calloc(n, sizeof(*pages));

	cr_assert_not_null(pages);
	for (unsigned int i = 0; i < n; i++) {
		pages[i] = alloc_page(gfp);
		cr_assert_not_null(pages[i]);
	}
	return pages;
}

static void put_pages(struct page **pages, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		__free_page(pages[i]);
	free(pages);
}

static void assert_mapped(void *mem, struct page **pages, unsigned int n)
{
	cr_assert(is_vmalloc_addr(mem));
	for (unsigned int i = 0; i < n; i++) {
		char *v = (char *)mem + (size_t)i * PAGE_SIZE;
		char *d = kmap_local_page(pages[i]);

		cr_assert_eq(vmalloc_to_page(v), pages[i], "page %u", i);
		v[0] = (char)(i + 1);
		v[PAGE_SIZE - 1] = (char)(i + 2);
		cr_assert_eq(d[0], (char)(i + 1));
		cr_assert_eq(d[PAGE_SIZE - 1], (char)(i + 2));
		kunmap_local(d);
	}
}

static int count_lines(const char *text, const char *re)
{
	int n = 0;
	char *copy = strdup(text), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		n += ut_match(line, re);
	free(copy);
	return n;
}

Test(vmap_ram, small_runs_share_one_block)
{
	struct page **pages;
	char *a, *b, *c, *info;

	ut_boot(X86);
	pages = get_pages(7, GFP_KERNEL);
	a = vm_map_ram(pages, 1, NUMA_NO_NODE);
	b = vm_map_ram(pages + 1, 2, NUMA_NO_NODE);
	c = vm_map_ram(pages + 3, 3, NUMA_NO_NODE);
	cr_assert(a && b && c);
	/* a bump pointer in a 1 MiB block: runs of 1, 2 and 4 pages, no guard */
	cr_assert_eq((unsigned long)a % (256 * PAGE_SIZE), 0);
	cr_assert_eq(b, a + PAGE_SIZE);
	cr_assert_eq(c, a + 3 * PAGE_SIZE);
	assert_mapped(a, pages, 1);
	assert_mapped(b, pages + 1, 2);
	assert_mapped(c, pages + 3, 3);
	cr_assert_null(vmalloc_to_page(c + 3 * PAGE_SIZE), "the rounding page is not mapped");
	cr_assert_null(find_vm_area(a), "a vm_map_ram area has no vm_struct");

	info = ut_read("/proc/vmallocinfo");
	cr_assert(ut_match(info, "^0x[0-9a-f]{16}-0x[0-9a-f]{16} 1048576 vm_map_ram$"), "%s", info);
	cr_assert_eq(count_lines(info, "vm_map_ram$"), 1, "%s", info);
	free(info);
	cr_assert_eq(ukmem_check(), 0);

	vm_unmap_ram(b, 2);
	cr_assert_null(vmalloc_to_page(b));
	cr_assert_eq(vmalloc_to_page(a), pages[0]);
	vm_unmap_ram(a, 1);
	vm_unmap_ram(c, 3);
	cr_assert_eq(ukmem_check(), 0);
	/* runs are never reused: the next one follows the last */
	a = vm_map_ram(pages, 1, NUMA_NO_NODE);
	cr_assert_eq(a, c + 4 * PAGE_SIZE);
	vm_unmap_ram(a, 1);
	put_pages(pages, 7);
	ut_end();
}

Test(vmap_ram, a_used_up_block_goes_back)
{
	struct page **pages;
	char *runs[4], *info;
	unsigned long lazy;

	ut_boot(X86);
	pages = get_pages(64, GFP_KERNEL);
	for (int i = 0; i < 4; i++) {
		runs[i] = vm_map_ram(pages, 64, NUMA_NO_NODE);
		cr_assert_not_null(runs[i]);
		if (i)
			cr_assert_eq(runs[i], runs[i - 1] + 64 * PAGE_SIZE);
	}
	assert_mapped(runs[3], pages, 64);
	lazy = ukmem_vmalloc_lazy_pages();
	for (int i = 0; i < 4; i++)
		vm_unmap_ram(runs[i], 64);
	/* the whole block, dirty, is now an unpurged range */
	cr_assert_eq(ukmem_vmalloc_lazy_pages(), lazy + 256);
	info = ut_read("/proc/vmallocinfo");
	cr_assert_eq(count_lines(info, "vm_map_ram$"), 0, "%s", info);
	cr_assert(ut_match(info, "^0x[0-9a-f]{16}-0x[0-9a-f]{16} 1048576 unpurged vm_area$"), "%s",
		  info);
	free(info);
	cr_assert_eq(ukmem_check(), 0);
	put_pages(pages, 64);
	ut_end();
}

Test(vmap_ram, large_count_gets_its_own_area)
{
	struct page **pages;
	char *mem, *info, line[128];

	ut_boot(X86);
	pages = get_pages(65, GFP_KERNEL);
	mem = vm_map_ram(pages, 65, NUMA_NO_NODE);
	cr_assert_not_null(mem);
	assert_mapped(mem, pages, 65);
	info = ut_read("/proc/vmallocinfo");
	snprintf(line, sizeof(line), "0x%016lx-0x%016lx  266240 vm_map_ram", (unsigned long)mem,
		 (unsigned long)mem + 65 * PAGE_SIZE);
	cr_assert(strstr(info, line), "no \"%s\" in:\n%s", line, info);
	free(info);
	cr_assert_eq(ukmem_check(), 0);
	vm_unmap_ram(mem, 65);
	cr_assert_null(vmalloc_to_page(mem));
	cr_assert_eq(ukmem_check(), 0);
	put_pages(pages, 65);
	ut_end();
}

Test(vmap_ram, i386_blocks_and_highmem)
{
	struct page **pages;
	char *small, *big, *info;

	ut_boot(I386);
	pages = get_pages(33, GFP_HIGHUSER);
	cr_assert(PageHighMem(pages[0]));
	small = vm_map_ram(pages, 32, NUMA_NO_NODE);
	big = vm_map_ram(pages, 33, NUMA_NO_NODE);
	cr_assert(small && big);
	cr_assert_eq((unsigned long)small % (64 * PAGE_SIZE), 0);
	assert_mapped(small, pages, 32);
	assert_mapped(big, pages, 33);
	info = ut_read("/proc/vmallocinfo");
	cr_assert(ut_match(info, "^0x[0-9a-f]{8,}-0x[0-9a-f]{8,}  262144 vm_map_ram$"), "%s", info);
	cr_assert(ut_match(info, "^0x[0-9a-f]{8,}-0x[0-9a-f]{8,}  135168 vm_map_ram$"), "%s", info);
	free(info);
	cr_assert_eq(ukmem_check(), 0);
	vm_unmap_ram(small, 32);
	vm_unmap_ram(big, 33);
	put_pages(pages, 33);
	ut_end();
}

Test(vmap_ram, bad_input)
{
	struct page **pages;
	char *mem, *log;

	ut_boot(X86 " ukmem.bug=warn");
	pages = get_pages(2, GFP_KERNEL);
	ut_mark();
	cr_assert_null(vm_map_ram(pages, 0, NUMA_NO_NODE));
	log = ut_log_since();
	ut_assert_log_has(log, "WARNING: CPU:");
	free(log);

	mem = vm_map_ram(pages, 2, NUMA_NO_NODE);
	cr_assert_not_null(mem);
	ut_mark();
	vfree(mem);
	log = ut_log_since();
	ut_assert_log_has(log, "Trying to vfree() nonexistent vm area");
	free(log);
	cr_assert_eq(vmalloc_to_page(mem), pages[0], "vfree() left the mapping alone");

	ut_mark();
	vm_unmap_ram(mem + 1, 2);
	log = ut_log_since();
	ut_assert_log_has(log, "kernel BUG at mm/vmalloc.c:");
	free(log);
	ut_mark();
	vm_unmap_ram(NULL, 2);
	log = ut_log_since();
	ut_assert_log_has(log, "kernel BUG at mm/vmalloc.c:");
	free(log);
	/* a large count for a block run: no such area */
	ut_mark();
	vm_unmap_ram(mem, 100);
	log = ut_log_since();
	ut_assert_log_has(log, "WARNING: CPU:");
	free(log);
	cr_assert_eq(vmalloc_to_page(mem), pages[0]);

	vm_unmap_ram(mem, 2);
	cr_assert_eq(ukmem_check(), 0);
	put_pages(pages, 2);
	ut_end();
}

Test(vmap_ram, held_at_shutdown_is_reported)
{
	struct page **pages;
	char *mem, *log;

	ut_boot(X86);
	pages = get_pages(1, GFP_KERNEL);
	mem = vm_map_ram(pages, 1, NUMA_NO_NODE);
	cr_assert_not_null(mem);
	ut_mark();
	ukmem_vmalloc_exit();
	log = ut_log_since();
	ut_assert_log_has(log, "ukmem: shutdown: 1 vmalloc areas still held");
	free(log);
	cr_assert_eq(ukmem_vmalloc_leaked_areas(), 1);
	put_pages(pages, 1);
	ut_end();
}

Test(vmap_ram, empty_block_is_not_held)
{
	struct page **pages;
	char *mem;

	ut_boot(X86);
	pages = get_pages(1, GFP_KERNEL);
	mem = vm_map_ram(pages, 1, NUMA_NO_NODE);
	cr_assert_not_null(mem);
	vm_unmap_ram(mem, 1);
	ukmem_vmalloc_exit();
	cr_assert_eq(ukmem_vmalloc_leaked_areas(), 0);
	put_pages(pages, 1);
	ut_end();
}

Test(vmap_ram, vfree_atomic_frees)
{
	void *p;

	ut_boot(X86);
	p = vmalloc(3 * PAGE_SIZE);
	cr_assert_not_null(p);
	vfree_atomic(p);
	cr_assert_null(find_vm_area(p));
	ut_end();
}
