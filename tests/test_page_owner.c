// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_page_owner.c - page_owner=on (mm/page_owner.c).
 *
 * /sys/kernel/debug/page_owner lists every block allocated now in 6.12's
 * print_page_owner() format, the stack included, and nothing for freed
 * blocks; dump_page() ends with __dump_page_owner()'s lines;
 * page_owner_stacks/show_stacks counts base pages per stack above
 * count_threshold.  Off by default: no views, no lines.
 */
#include <criterion/criterion.h>
#include <unistd.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <ukmem/ukmem.h>

#include "helpers/ukmem_test.h"
#include <mm/internal.h>

static noinline struct page *owner_test_alloc(gfp_t gfp, unsigned int order)
{
	return alloc_pages(gfp, order);
}

static noinline void owner_test_free(struct page *page, unsigned int order)
{
	__free_pages(page, order);
}

Test(page_owner, off_by_default)
{
	ut_boot("mem=64M");
	cr_assert_null(ut_read("/sys/kernel/debug/page_owner"));
	cr_assert_null(ut_read("/sys/kernel/debug/page_owner_stacks/show_stacks"));
	ut_end();
}

Test(page_owner, boot_lines)
{
	char *log;

	ut_boot("mem=64M page_owner=on");
	log = ut_dmesg();
	cr_assert(ut_match(log, "^\\[ *[0-9.]+\\] Node 0, zone      DMA: page owner found early "
				"allocated [0-9]+ pages$"),
		  "%s", log);
	cr_assert(ut_match(log, "^\\[ *[0-9.]+\\] Node 0, zone    DMA32: page owner found early "
				"allocated [0-9]+ pages$"),
		  "%s", log);
	free(log);
	ut_end();
}

Test(page_owner, view_lists_allocated_blocks)
{
	struct page *p;
	char *text, want[256], *rec;
	unsigned long pfn;

	ut_boot("mem=64M page_owner=on");
	p = owner_test_alloc(GFP_KERNEL, 2);
	cr_assert_not_null(p);
	pfn = page_to_pfn(p);
	text = ut_read("/sys/kernel/debug/page_owner");
	cr_assert_not_null(text);
	snprintf(want, sizeof(want), "PFN %#lx type Unmovable Block %lu type Unmovable Flags ", pfn,
		 pfn >> pageblock_order);
	rec = strstr(text, want);
	cr_assert_not_null(rec, "no record for pfn %#lx:\n%s", pfn, text);
	/* the line before: order, mask, pid, tgid, comm, ts */
	snprintf(want, sizeof(want),
		 "Page allocated via order 2, mask 0xcc0(GFP_KERNEL), pid %d, tgid %d (%s), ts ",
		 current->pid, current->tgid, current->comm);
	cr_assert_not_null(strstr(text, want), "%s\n%s", want, text);
	cr_assert(ut_match(text, "^Page allocated via order 2, mask 0xcc0\\(GFP_KERNEL\\), pid "
				 "[0-9]+, tgid [0-9]+ \\([^)]*\\), ts [0-9]+ ns$"));
	cr_assert(ut_match(text,
			   "^PFN 0x[0-9a-f]+ type Unmovable Block [0-9]+ type Unmovable "
			   "Flags 0x[0-9a-f]+\\(node=0\\|zone=[0-9]\\|lastcpupid=0x1fffff\\)$"),
		  "%s", text);
	/* the stack, one " %pS" line each, the record ending with a blank line */
	rec = strchr(rec, '\n') + 1;
	cr_assert(strncmp(rec, " ", 1) == 0);
	{
		char *end = strstr(rec, "\n\n");

		cr_assert_not_null(end);
		*end = '\0';
		cr_assert_not_null(strstr(rec, " owner_test_alloc+0x"), "%s", rec);
		cr_assert_not_null(strstr(rec, " __alloc_pages_noprof+0x"), "%s", rec);
	}
	free(text);

	/* freed: gone from the view */
	owner_test_free(p, 2);
	drain_all_pages(NULL);
	text = ut_read("/sys/kernel/debug/page_owner");
	snprintf(want, sizeof(want), "PFN %#lx type", pfn);
	cr_assert_null(strstr(text, want), "%s", text);
	free(text);
	ut_end();
}

Test(page_owner, tail_pages_are_not_listed)
{
	struct page *p;
	char *text, want[64];

	ut_boot("mem=64M page_owner=on");
	p = owner_test_alloc(GFP_KERNEL | __GFP_COMP, 3);
	text = ut_read("/sys/kernel/debug/page_owner");
	snprintf(want, sizeof(want), "PFN %#lx type", page_to_pfn(p));
	cr_assert_not_null(strstr(text, want));
	snprintf(want, sizeof(want), "PFN %#lx type", page_to_pfn(p) + 1);
	cr_assert_null(strstr(text, want));
	cr_assert(ut_match(text, "^Page allocated via order 3, mask "
				 "0x40cc0\\(GFP_KERNEL\\|__GFP_COMP\\), pid"));
	free(text);
	owner_test_free(p, 3);
	ut_end();
}

Test(page_owner, dump_page_shows_owner)
{
	struct page *p;
	char *log, want[200];

	ut_boot("mem=64M page_owner=on");
	p = owner_test_alloc(GFP_KERNEL, 1);
	ut_mark();
	dump_page(p, "test");
	log = ut_log_since();
	ut_assert_log_has(log, "page dumped because: test\n");
	ut_assert_log_has(log, "page_owner tracks the page as allocated\n");
	snprintf(want, sizeof(want),
		 "page last allocated via order 1, migratetype Unmovable, gfp_mask "
		 "0xcc0(GFP_KERNEL), pid %d, tgid %d (%s), ts ",
		 current->pid, current->tgid, current->comm);
	ut_assert_log_has(log, want);
	cr_assert(ut_match(log, "free_ts 0$"), "%s", log);
	ut_assert_log_has(log, " owner_test_alloc+0x");
	ut_assert_log_has(log, "page_owner free stack trace missing\n");
	/* the owner lines follow the "page dumped because" line */
	cr_assert_lt(strstr(log, "page dumped because"), strstr(log, "page_owner tracks"));
	free(log);

	owner_test_free(p, 1);
	ut_mark();
	dump_page(p, NULL);
	log = ut_log_since();
	ut_assert_log_has(log, "page_owner tracks the page as freed\n");
	snprintf(want, sizeof(want), "page last free pid %d tgid %d stack trace:\n", current->pid,
		 current->tgid);
	ut_assert_log_has(log, want);
	ut_assert_log_has(log, " owner_test_free+0x");
	free(log);

	/* a page never allocated since boot */
	ut_mark();
	dump_page(pfn_to_page(page_to_pfn(p) + 1024), NULL);
	log = ut_log_since();
	ut_assert_log_has(log, "page_owner info is not present (never set?)\n");
	free(log);
	ut_end();
}

Test(page_owner, bad_page_report_carries_owner)
{
	struct page *p;
	char *log;

	ut_boot("mem=64M page_owner=on");
	p = owner_test_alloc(GFP_KERNEL, 0);
	p->mapping = (void *)0x10;
	ut_mark();
	owner_test_free(p, 0);
	log = ut_log_since();
	ut_assert_log_has(log, "BUG: Bad page state in process ");
	ut_assert_log_has(log, "page dumped because: non-NULL mapping\n");
	ut_assert_log_has(log, "page_owner tracks the page as allocated\n");
	free(log);
	ut_end_expect(0, 1);
}

Test(page_owner, show_stacks_counts_base_pages)
{
	struct page *p[3];
	char *text, *t;

	ut_boot("mem=64M page_owner=on");
	for (int i = 0; i < 3; i++)
		p[i] = owner_test_alloc(GFP_KERNEL, 2); /* one call site: one stack */
	text = ut_read("/sys/kernel/debug/page_owner_stacks/show_stacks");
	cr_assert_not_null(text);
	t = strstr(text, " owner_test_alloc+0x");
	cr_assert_not_null(t, "%s", text);
	cr_assert_not_null(strstr(t, "nr_base_pages: 12\n\n"), "%s", text);
	free(text);

	cr_assert_eq(
		ukmem_proc_write("/sys/kernel/debug/page_owner_stacks/count_threshold", "13", 2),
		2);
	text = ut_read("/sys/kernel/debug/page_owner_stacks/count_threshold");
	cr_assert_str_eq(text, "13\n");
	free(text);
	text = ut_read("/sys/kernel/debug/page_owner_stacks/show_stacks");
	cr_assert_null(strstr(text, " owner_test_alloc+0x"), "%s", text);
	free(text);
	cr_assert_lt(
		ukmem_proc_write("/sys/kernel/debug/page_owner_stacks/count_threshold", "x", 1), 0);

	for (int i = 0; i < 3; i++)
		owner_test_free(p[i], 2);
	ukmem_proc_write("/sys/kernel/debug/page_owner_stacks/count_threshold", "0", 1);
	text = ut_read("/sys/kernel/debug/page_owner_stacks/show_stacks");
	/* no page from that stack now: 6.12 skips a stack with nothing allocated */
	cr_assert_null(strstr(text, " owner_test_alloc+0x"), "%s", text);
	free(text);
	ut_end();
}

Test(page_owner, slab_pages_are_tracked)
{
	void *obj;
	char *text;

	ut_boot("mem=64M page_owner=on");
	obj = kmalloc(5000, GFP_KERNEL);
	cr_assert_not_null(obj);
	text = ut_read("/sys/kernel/debug/page_owner");
	cr_assert_not_null(strstr(text, " allocate_slab+0x") ?: strstr(text, " new_slab+0x"), "%s",
			   text);
	free(text);
	kfree(obj);
	ut_end();
}

Test(page_owner, pagetypeinfo_mixed_blocks)
{
	struct page *p;
	struct zone *zone;
	unsigned long pfn;
	int old_mt;
	char *text;

	ut_boot("mem=64M");
	text = ut_read("/proc/pagetypeinfo");
	cr_assert_null(strstr(text, "Number of mixed blocks"));
	free(text);
	ut_end();

	ut_boot("mem=64M page_owner=on");
	text = ut_read("/proc/pagetypeinfo");
	cr_assert(ut_match(text, "^Number of mixed blocks    Unmovable      Movable  Reclaimable  "
				 " HighAtomic      Isolate $"),
		  "%s", text);
	cr_assert(ut_match(text, "^Node 0, zone    DMA32 +[0-9]+ +0 +[0-9]+ +0 +0 $"), "%s", text);
	free(text);
	/* an unmovable page in a block marked movable makes that block mixed */
	p = owner_test_alloc(GFP_KERNEL, 0);
	pfn = page_to_pfn(p);
	zone = page_zone(p);
	old_mt = ukmem_get_pfnblock_migratetype(zone, pfn);
	cr_assert_eq(old_mt, MIGRATE_UNMOVABLE);
	ukmem_set_pfnblock_migratetype(zone, pfn, MIGRATE_MOVABLE);
	text = ut_read("/proc/pagetypeinfo");
	cr_assert_not_null(strstr(text, "Number of mixed blocks"));
	cr_assert(ut_match(strstr(text, "Number of mixed blocks"),
			   "^Node 0, zone +(DMA|DMA32) +[0-9]+ +1 +[0-9]+ +0 +0 $"),
		  "%s", text);
	free(text);
	ukmem_set_pfnblock_migratetype(zone, pfn, old_mt);
	owner_test_free(p, 0);
	ut_end();
}
