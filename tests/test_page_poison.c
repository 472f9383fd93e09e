// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_page_poison.c - page_poison=1 (mm/page_poison.c).
 *
 * What 6.12 does and the page-poison.txt sample shows: the boot line
 * giving poisoning precedence over init_on_alloc/init_on_free; freed
 * pages hold 0xaa; a write into a free page is reported when the page is
 * handed out again, as "pagealloc: memory corruption" or, for one bit,
 * "pagealloc: single bit error", with the hex dump of the damaged range,
 * the stack and the page dump; no taint.  Pages never used since boot
 * are not checked (ukmem boots lazily) but still read 0xaa.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/poison.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>

#include "helpers/ukmem_test.h"

static bool all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return false;
	return true;
}

Test(page_poison, boot_lines_and_precedence)
{
	char *log;

	ut_boot("mem=64M page_poison=1");
	log = ut_dmesg();
	ut_assert_log_has(log, "mem auto-init: CONFIG_PAGE_POISONING is on, will take precedence "
			       "over init_on_alloc and init_on_free\n");
	/* the precedence line comes right before the summary, which says both are off */
	ut_assert_log_has(log, "will take precedence over init_on_alloc and init_on_free\n");
	cr_assert(ut_match(log, "^\\[ *[0-9.]+\\] mem auto-init: stack:all\\(zero\\), heap "
				"alloc:off, heap free:off$"),
		  "%s", log);
	free(log);
	ut_end();
}

Test(page_poison, no_line_without_page_poison)
{
	char *log;

	ut_boot("mem=64M page_poison=0 init_on_free=1");
	log = ut_dmesg();
	ut_assert_log_lacks(log, "CONFIG_PAGE_POISONING");
	ut_assert_log_has(log, "mem auto-init: stack:all(zero), heap alloc:on, heap free:on\n");
	ut_assert_log_has(log, "mem auto-init: clearing system memory may take some time...\n");
	free(log);
	ut_end();
}

Test(page_poison, no_precedence_line_when_both_off)
{
	char *log;

	ut_boot("mem=64M page_poison=on init_on_alloc=0");
	log = ut_dmesg();
	ut_assert_log_lacks(log, "CONFIG_PAGE_POISONING");
	ut_assert_log_has(log, "heap alloc:off, heap free:off\n");
	free(log);
	ut_end();
}

Test(page_poison, freed_and_fresh_pages_hold_the_poison)
{
	struct page *p, *q;

	ut_boot("mem=64M page_poison=1");
	/* a page never used since boot: not checked, but it reads as 6.12's would */
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert(all_bytes(page_address(p), PAGE_POISON, PAGE_SIZE));
	memset(page_address(p), 0x11, PAGE_SIZE);
	__free_page(p);
	cr_assert(all_bytes(page_address(p), PAGE_POISON, PAGE_SIZE),
		  "a freed page does not hold 0xaa");
	ut_mark();
	q = alloc_page(GFP_KERNEL);
	cr_assert_eq(q, p, "the pcp list is LIFO: the same page comes back");
	cr_assert(all_bytes(page_address(q), PAGE_POISON, PAGE_SIZE));
	__free_page(q);
	/* __GFP_ZERO still zeroes, after the check */
	q = alloc_page(GFP_KERNEL | __GFP_ZERO);
	cr_assert_eq(q, p);
	cr_assert(all_bytes(page_address(q), 0, PAGE_SIZE));
	__free_page(q);
	{
		char *log = ut_log_since();

		ut_assert_log_lacks(log, "pagealloc:");
		free(log);
	}
	ut_end();
}

/* Free a page, scribble on it through the stale pointer, get it back. */
static struct page *corrupt_and_reallocate(unsigned char value, unsigned int offset)
{
	struct page *p = alloc_page(GFP_KERNEL), *q;
	unsigned char *stale;

	cr_assert_not_null(p);
	stale = page_address(p);
	__free_page(p);
	stale[offset] = value;
	ut_mark();
	q = alloc_page(GFP_KERNEL);
	cr_assert_eq(q, p);
	return q;
}

Test(page_poison, memory_corruption_report)
{
	struct page *q;
	char *log, re[160];

	ut_boot("mem=64M page_poison=1");
	q = corrupt_and_reallocate(0x42, 100);
	log = ut_log_since();
	cr_assert(ut_match(log, "^\\[ *[0-9.]+\\] pagealloc: memory corruption$"), "%s", log);
	/* print_hex_dump of the one byte, its ASCII column aligned as 6.12's */
	cr_assert(ut_match(log, "^\\[ *[0-9.]+\\] [0-9a-f(_)ptrval]+: 42 {47}B$"), "%s", log);
	ut_assert_log_has(log, "Call Trace:\n");
	ut_assert_log_has(log, " dump_stack_lvl+");
	ut_assert_log_has(log, " __kernel_unpoison_pages+");
	snprintf(re, sizeof(re),
		 "^\\[ *[0-9.]+\\] page: refcount:0 mapcount:0 mapping:0000000000000000 "
		 "index:0x0 pfn:%#lx$",
		 page_to_pfn(q));
	cr_assert(ut_match(log, re), "%s", log);
	ut_assert_log_has(log, "page dumped because: pagealloc: corrupted page details\n");
	ut_assert_log_lacks(log, "single bit error");
	ut_assert_log_lacks(log, "BUG: Bad page state");
	/* 6.12 does not taint: the sample's next report still reads "Tainted: G" */
	cr_assert_not(test_taint(TAINT_BAD_PAGE));
	cr_assert_eq(page_ref_count(q), 1, "the page is handed out normally");
	free(log);
	__free_page(q);
	ut_end();
}

Test(page_poison, single_bit_error_report)
{
	struct page *q;
	char *log;

	ut_boot("mem=64M page_poison=1");
	q = corrupt_and_reallocate(PAGE_POISON ^ 0x10, 4095);
	log = ut_log_since();
	cr_assert(ut_match(log, "^\\[ *[0-9.]+\\] pagealloc: single bit error$"), "%s", log);
	cr_assert(ut_match(log, "^\\[ *[0-9.]+\\] [0-9a-f(_)ptrval]+: ba {47}\\.$"), "%s", log);
	ut_assert_log_has(log, "page dumped because: pagealloc: corrupted page details\n");
	ut_assert_log_lacks(log, "memory corruption");
	free(log);
	__free_page(q);
	ut_end();
}

Test(page_poison, range_from_first_to_last_damaged_byte)
{
	struct page *p, *q;
	unsigned char *stale;
	char *log;

	ut_boot("mem=64M page_poison=1");
	p = alloc_pages(GFP_KERNEL, 2);
	cr_assert_not_null(p);
	stale = page_address(p + 1);
	__free_pages(p, 2);
	stale[16] = 'A';
	stale[33] = 'Z';
	ut_mark();
	q = alloc_pages(GFP_KERNEL, 2);
	cr_assert_eq(q, p);
	log = ut_log_since();
	/* one report, for the second page; 18 bytes in two hex-dump lines */
	cr_assert_eq(ut_count(log, "pagealloc: memory corruption"), 1, "%s", log);
	cr_assert(ut_match(log, ": 41 aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa  A\\.{15}$"),
		  "%s", log);
	cr_assert(ut_match(log, ": aa 5a {44}\\.Z$"), "%s", log);
	cr_assert(ut_match(log, "page: refcount:0 .* pfn:0x[0-9a-f]+$"));
	{
		char want[64];

		snprintf(want, sizeof(want), "pfn:%#lx\n", page_to_pfn(p + 1));
		ut_assert_log_has(log, want);
	}
	free(log);
	__free_pages(q, 2);
	ut_end();
}

Test(page_poison, highmem_pages_are_poisoned_and_checked)
{
	struct page *p, *q;
	unsigned char *v;
	char *log;

	ut_boot("arch=i386 mem=1G page_poison=1");
	p = alloc_page(GFP_HIGHUSER);
	cr_assert_not_null(p);
	cr_assert(PageHighMem(p));
	v = kmap_local_page(p);
	cr_assert(all_bytes(v, PAGE_POISON, PAGE_SIZE));
	kunmap_local(v);
	__free_page(p);
	/* damage it through a second mapping, as a stale kmap would */
	v = kmap_local_page(p);
	v[7] = 0;
	kunmap_local(v);
	ut_mark();
	q = alloc_page(GFP_HIGHUSER);
	cr_assert_eq(q, p);
	log = ut_log_since();
	ut_assert_log_has(log, "pagealloc: memory corruption\n");
	free(log);
	__free_page(q);
	ut_end();
}

Test(page_poison, busy_machine_reports_nothing)
{
	void *objs[256];
	char *log;

	ut_boot("mem=128M page_poison=1");
	ut_mark();
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 256; i++) {
			objs[i] = i % 3 == 0   ? kmalloc((size_t)(i + 1) * 16, GFP_KERNEL)
				  : i % 3 == 1 ? vmalloc((unsigned long)(i + 1) * 1024)
					       : (void *)__get_free_pages(GFP_KERNEL, i % 4);
			cr_assert_not_null(objs[i]);
		}
		for (int i = 0; i < 256; i++) {
			if (i % 3 == 0)
				kfree(objs[i]);
			else if (i % 3 == 1)
				vfree(objs[i]);
			else
				free_pages((unsigned long)objs[i], i % 4);
		}
	}
	log = ut_log_since();
	ut_assert_log_lacks(log, "pagealloc:");
	free(log);
	ut_end();
}
