// SPDX-License-Identifier: GPL-2.0
/*
 * test_page_bad_input.c - misuse of the page API: each case is reported at
 * the offending call, in the kernel's words, and nothing is lost.
 *
 * Most tests boot with ukmem.bug=warn, so that a BUG prints its report and
 * refuses the operation instead of ending the process.  For each case the
 * test checks the report text in the log, that the operation was refused
 * (the page is in the state it was in before), that ukmem_check() finds
 * the allocator consistent, and that once everything is freed correctly
 * and the pcp lists are drained, /proc/buddyinfo is the boot one again.
 * A page in a bad state (nonzero mapcount, a mapping) is taken out of
 * service: never handed out again, counted by ukmem_shutdown_held_back().
 *
 * The last tests run under the default policy, where a BUG ends the
 * process with SIGABRT (Criterion's .signal).
 *
 * The texts are those of a 6.12 kernel with CONFIG_DEBUG_VM (the
 * VM_BUG_ON_PAGE dump and "kernel BUG at", bad_page()'s "BUG: Bad page
 * state in process"), and ukmem's own for what Linux cannot detect
 * (docs/DIAGNOSTICS.md): "freeing order N, allocated with order M".
 */
#include "helpers/ukmem_test.h"

#include <signal.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/panic.h>

#include "mm/internal.h"

#define WARN_CMDLINE "mem=64M ukmem.bug=warn"

static char *boot_buddyinfo;

static void boot_warn(void)
{
	ut_boot(WARN_CMDLINE);
	boot_buddyinfo = ut_read("/proc/buddyinfo");
	cr_assert_not_null(boot_buddyinfo);
}

/* Everything freed correctly: the machine is as it was at boot. */
static void assert_as_booted(void)
{
	char *bi;

	cr_assert_eq(ukmem_check(), 0);
	drain_all_pages(NULL);
	bi = ut_read("/proc/buddyinfo");
	cr_assert_str_eq(bi, boot_buddyinfo, "buddyinfo is not the boot one:\n%s\nboot:\n%s", bi,
			 boot_buddyinfo);
	free(bi);
	free(boot_buddyinfo);
	boot_buddyinfo = NULL;
}

/* The VM_BUG_ON_PAGE report of a refcount underflow, refused under bug=warn. */
static void assert_vm_bug_report(const char *log, unsigned long pfn)
{
	char line[96];

	snprintf(line, sizeof(line),
		 "page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#lx\n", pfn);
	ut_assert_log_has(log, line);
	/* __free_pages: VM_BUG_ON_PAGE(page_ref_count(page) == 0); put_page: the folio's */
	cr_assert(
		strstr(log, "page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)\n") ||
			strstr(log,
			       "page dumped because: VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0)\n"),
		"no VM_BUG_ON_PAGE/FOLIO reason:\n%s", log);
	ut_assert_log_has(log, "------------[ cut here ]------------\n");
	cr_assert(ut_match(log, "\\] kernel BUG at mm/[a-z_]+\\.c:[0-9]+!$"), "no BUG line:\n%s",
		  log);
	cr_assert(ut_match(log, "\\] Oops: invalid opcode: 0000 \\[#[0-9]+\\] PREEMPT SMP NOPTI$"));
	ut_assert_log_has(log, "---[ end trace 0000000000000000 ]---");
	cr_assert(test_taint(TAINT_DIE));
}

/* ---------------------------------------------------------------- */
/* double free                                                        */
/* ---------------------------------------------------------------- */

static void double_free(unsigned int order, gfp_t extra, bool drain_between)
{
	struct page *p;
	unsigned long in_use;
	char *log;

	boot_warn();
	p = alloc_pages(GFP_KERNEL | extra, order);
	cr_assert_not_null(p);
	__free_pages(p, order);
	if (drain_between)
		drain_all_pages(NULL);
	in_use = ukmem_pages_in_use();
	cr_assert_eq(in_use, 0);

	ut_mark();
	__free_pages(p, order);
	log = ut_log_since();
	assert_vm_bug_report(log, page_to_pfn(p));
	free(log);

	/* refused: nothing was freed twice, nothing became allocated */
	cr_assert_eq(page_ref_count(p), 0);
	cr_assert_eq(ukmem_pages_in_use(), 0, "after a refused double free %lu pages are in use",
		     ukmem_pages_in_use());
	cr_assert_eq(ukmem_check(), 0, "a refused double free left the allocator inconsistent");
	assert_as_booted();
	ut_end();
}

Test(double_free, order0_on_pcp_list)
{
	double_free(0, 0, false);
}

Test(double_free, order0_merged_into_buddy)
{
	double_free(0, 0, true);
}

Test(double_free, order2_non_compound)
{
	/* __free_pages' "other reference" path must not free the tail parts */
	double_free(2, 0, false);
}

Test(double_free, order4_buddy)
{
	double_free(4, 0, false);
}

Test(double_free, order3_compound)
{
	double_free(3, __GFP_COMP, false);
}

Test(double_free, twice_more)
{
	struct page *p;

	boot_warn();
	p = alloc_pages(GFP_KERNEL, 1);
	cr_assert_not_null(p);
	__free_pages(p, 1);
	for (int i = 0; i < 3; i++) {
		__free_pages(p, 1);
		__free_page(p);
		cr_assert_eq(ukmem_check(), 0);
	}
	cr_assert_eq(ukmem_pages_in_use(), 0);
	assert_as_booted();
	ut_end();
}

/* A page of a live allocation that is not its first page (refcount 0). */
Test(double_free, tail_of_a_live_block)
{
	struct page *p;
	char *log;

	boot_warn();
	p = alloc_pages(GFP_KERNEL, 2);
	cr_assert_not_null(p);
	ut_mark();
	__free_page(p + 1);
	log = ut_log_since();
	assert_vm_bug_report(log, page_to_pfn(p + 1));
	free(log);
	cr_assert_eq(ukmem_pages_in_use(), 4);
	cr_assert_eq(page_ref_count(p), 1);
	cr_assert_eq(ukmem_check(), 0);
	__free_pages(p, 2);
	assert_as_booted();
	ut_end();
}

/* ---------------------------------------------------------------- */
/* refcount underflow through put_page / get_page                     */
/* ---------------------------------------------------------------- */

Test(refcount, put_page_on_zero_refcount)
{
	struct page *p;
	char *log;

	boot_warn();
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	__free_page(p);
	ut_mark();
	put_page(p);
	log = ut_log_since();
	assert_vm_bug_report(log, page_to_pfn(p));
	free(log);
	cr_assert_eq(page_ref_count(p), 0);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	cr_assert_eq(ukmem_check(), 0);
	assert_as_booted();
	ut_end();
}

Test(refcount, get_page_on_free_page)
{
	struct page *p;
	char *log;

	boot_warn();
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	__free_page(p);
	ut_mark();
	get_page(p);
	log = ut_log_since();
	ut_assert_log_has(log, "page dumped because: VM_BUG_ON_");
	cr_assert(ut_match(log, "\\] kernel BUG at mm/[a-z_]+\\.c:[0-9]+!$"));
	free(log);
	cr_assert_eq(page_ref_count(p), 0, "get_page on a free page took a reference");
	cr_assert_eq(ukmem_check(), 0);
	assert_as_booted();
	ut_end();
}

/* ---------------------------------------------------------------- */
/* pages in a bad state: bad_page(), taint B, out of service          */
/* ---------------------------------------------------------------- */

static void bad_state_free(void (*spoil)(struct page *), const char *reason)
{
	struct page *p, *q;
	unsigned long pfn;
	char *log, want[128];

	boot_warn();
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	pfn = page_to_pfn(p);
	spoil(p);
	cr_assert_not(test_taint(TAINT_BAD_PAGE));

	ut_mark();
	__free_page(p);
	log = ut_log_since();
	/* the comm is this thread's name (Criterion's worker renames it) */
	snprintf(want, sizeof(want), "\\] BUG: Bad page state in process [^ ]+  pfn:%05lx$", pfn);
	cr_assert(ut_match(log, want), "no bad_page() line for pfn %#lx:\n%s", pfn, log);
	snprintf(want, sizeof(want), "page dumped because: %s\n", reason);
	ut_assert_log_has(log, want);
	cr_assert(ut_match(log, "\\] raw: [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16}$"));
	ut_assert_log_has(log, "Call Trace:");
	ut_assert_log_has(log, "bad_page");
	ut_assert_log_has(log, "Disabling lock debugging due to kernel taint\n");
	free(log);
	cr_assert(test_taint(TAINT_BAD_PAGE), "bad_page() did not taint B");
	{
		char *tainted = ut_read("/proc/sys/kernel/tainted");

		if (tainted) /* where the view exists, it agrees */
			cr_assert(strtoul(tainted, NULL, 10) & (1UL << TAINT_BAD_PAGE),
				  "tainted: %s", tainted);
		free(tainted);
	}

	/* the next report's Tainted: field carries the B */
	ut_mark();
	dump_stack();
	log = ut_log_since();
	cr_assert(ut_match(log, "\\] CPU: [0-9]+ UID: 0 PID: [0-9]+ Comm: [^ ]+ Tainted: G    B "),
		  "no B in the Tainted: field:\n%s", log);
	ut_assert_log_has(log, "Tainted: [B]=BAD_PAGE");
	free(log);

	/* out of service: not free, not in use, never handed out again */
	cr_assert_eq(ukmem_pages_in_use(), 0);
	cr_assert_eq(ukmem_check(), 0);
	drain_all_pages(NULL);
	for (int i = 0; i < 64; i++) {
		q = alloc_page(GFP_KERNEL);
		cr_assert_not_null(q);
		cr_assert_neq(q, p, "a page taken out of service was handed out again");
		__free_page(q);
	}
	cr_assert_eq(ukmem_check(), 0);
	ut_end_expect(0, 1);
}

static void set_mapcount(struct page *p)
{
	atomic_set(&p->_mapcount, 0);
}

static void set_mapping(struct page *p)
{
	p->mapping = (struct address_space *)0x1000;
}

Test(bad_page, nonzero_mapcount)
{
	bad_state_free(set_mapcount, "nonzero mapcount");
}

Test(bad_page, non_null_mapping)
{
	bad_state_free(set_mapping, "non-NULL mapping");
}

/* Freeing a page that bad_page() took out of service again: refused, still out. */
Test(bad_page, free_out_of_service_page_again)
{
	struct page *p;
	char *log;

	boot_warn();
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	p->mapping = (struct address_space *)0x1000;
	__free_page(p);
	cr_assert_eq(ukmem_check(), 0);
	ut_mark();
	__free_page(p);
	log = ut_log_since();
	cr_assert(strstr(log, "kernel BUG at") || strstr(log, "BUG: Bad page state"),
		  "the second free printed nothing:\n%s", log);
	free(log);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	cr_assert_eq(ukmem_check(), 0,
		     "a second free of an out-of-service page broke the allocator");
	ut_end_expect(0, 1);
}

/* The dump of a mapped page shows its mapcount, and no page_type line. */
Test(bad_page, mapcount_dump)
{
	struct page *p;
	char *log;

	boot_warn();
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	atomic_set(&p->_mapcount, 0);
	/* 6.12: a _mapcount of 0 is no page type (page_type_has_type is signed) */
	cr_assert_eq(page_mapcount(p), 1, "a page with _mapcount 0 is mapped once");
	cr_assert_not(page_has_type(p), "a mapped page reads as having a page type");
	ut_mark();
	__free_page(p);
	log = ut_log_since();
	cr_assert(
		ut_match(
			log,
			"\\] page: refcount:0 mapcount:1 mapping:0000000000000000 index:0x0 pfn:0x[0-9a-f]+$"),
		"the dump does not show mapcount:1:\n%s", log);
	ut_assert_log_lacks(log, "page_type:");
	free(log);
	ut_end_expect(0, 1);
}

/* 6.12's __dump_page prints "flags: %pGp": the value once, then the names. */
Test(bad_page, dump_flags_line)
{
	struct page *p;
	char *log;

	boot_warn();
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	p->mapping = (struct address_space *)0x1000;
	ut_mark();
	__free_page(p);
	log = ut_log_since();
	cr_assert(
		ut_match(log, "\\] flags: 0x[0-9a-f]+\\(node=0\\|zone=1\\|lastcpupid=0x1fffff\\)$"),
		"the flags line is not 6.12's:\n%s", log);
	free(log);
	ut_end_expect(0, 1);
}

Test(bad_page, reserved_page)
{
	unsigned long managed, free_before;
	struct page *p;
	struct zone *z;
	char *log;

	boot_warn();
	/* pfn 0x50: RAM in the first MiB, which x86 keeps reserved */
	p = pfn_to_page(0x50);
	z = page_zone(p);
	cr_assert(PageReserved(p));
	cr_assert_eq(page_ref_count(p), 1);
	managed = zone_managed_pages(z);
	free_before = ut_free_and_pcp();

	ut_mark();
	__free_page(p);
	log = ut_log_since();
	ut_assert_log_has(log, "BUG: Bad page state in process ");
	ut_assert_log_has(log, "pfn:00050\n");
	cr_assert(ut_match(log, "\\] flags: .*reserved"), "the dump does not show reserved:\n%s",
		  log);
	ut_assert_log_has(log, "page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set\n");
	free(log);

	/* nothing changed */
	cr_assert(PageReserved(p));
	cr_assert_eq(page_ref_count(p), 1);
	cr_assert_eq(zone_managed_pages(z), managed);
	cr_assert_eq(ut_free_and_pcp(), free_before);
	cr_assert_eq(ukmem_check(), 0);
	assert_as_booted();
	ut_end();
}

/* ---------------------------------------------------------------- */
/* bad addresses                                                      */
/* ---------------------------------------------------------------- */

Test(bad_address, free_pages_unaligned)
{
	unsigned long a;
	char *log;

	boot_warn();
	a = __get_free_pages(GFP_KERNEL, 1);
	cr_assert_neq(a, 0);
	ut_mark();
	free_pages(a + 8, 1);
	log = ut_log_since();
	ut_assert_log_has(log, "------------[ cut here ]------------\n");
	cr_assert(ut_match(log, "\\] WARNING: CPU: [0-9]+ PID: [0-9]+ at mm/[a-z_]+\\.c:[0-9]+ "),
		  "no WARNING line:\n%s", log);
	ut_assert_log_has(log, "not page aligned");
	free(log);
	cr_assert(test_taint(TAINT_WARN));
	cr_assert_eq(ukmem_pages_in_use(), 2, "an unaligned free_pages freed something");
	cr_assert_eq(ukmem_check(), 0);
	free_pages(a, 1);
	assert_as_booted();
	ut_end();
}

Test(bad_address, free_pages_not_in_ram)
{
	static char host_page[8192] __attribute__((aligned(4096)));
	char *log;

	boot_warn();
	ut_mark();
	free_pages((unsigned long)host_page, 0);
	log = ut_log_since();
	ut_assert_log_has(log, "not a direct-mapped address");
	cr_assert(ut_match(log, "\\] kernel BUG at mm/[a-z_]+\\.c:[0-9]+!$"), "no BUG line:\n%s",
		  log);
	free(log);
	cr_assert_eq(ukmem_check(), 0);
	assert_as_booted();
	ut_end();
}

Test(bad_address, free_pages_in_the_hole)
{
	unsigned long hole = (unsigned long)__va(0xa0000); /* legacy VGA hole */
	char *log;

	boot_warn();
	cr_assert_not(ukmem_pfn_is_ram(0xa0));
	ut_mark();
	free_pages(hole, 0);
	log = ut_log_since();
	cr_assert(strstr(log, "WARNING:") || strstr(log, "kernel BUG at") ||
			  strstr(log, "BUG: Bad page state"),
		  "freeing a hole page printed nothing:\n%s", log);
	free(log);
	cr_assert_eq(ukmem_check(), 0);
	assert_as_booted();
	ut_end();
}

Test(bad_address, free_pages_of_a_bogus_struct_page)
{
	static struct page fake[4];
	char *log;

	boot_warn();
	ut_mark();
	__free_pages(&fake[1], 0);
	__free_pages(pfn_to_page(0) + 1000000000UL, 0);
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "not a page of this machine"), 2, "%s", log);
	free(log);
	cr_assert_eq(ukmem_check(), 0);
	assert_as_booted();
	ut_end();
}

/* ---------------------------------------------------------------- */
/* wrong order                                                         */
/* ---------------------------------------------------------------- */

static void wrong_order(unsigned int alloc_order, unsigned int free_order, gfp_t extra)
{
	struct page *p;
	char *log, want[96];

	boot_warn();
	p = alloc_pages(GFP_KERNEL | extra, alloc_order);
	cr_assert_not_null(p);
	memset(page_address(p), 0x77, PAGE_SIZE << alloc_order);
	ut_mark();
	__free_pages(p, free_order);
	log = ut_log_since();
	if (extra & __GFP_COMP) {
		/* a compound page knows its order: 6.12's DEBUG_VM check, a BUG */
		ut_assert_log_has(
			log,
			"page dumped because: VM_BUG_ON_PAGE(compound_order(page) != order)\n");
		cr_assert(ut_match(log, "\\] kernel BUG at mm/[a-z_]+\\.c:[0-9]+!$"));
	} else {
		ut_assert_log_has(log, "BUG: Bad page state in process ");
		snprintf(want, sizeof(want), "freeing order %u, allocated with order %u\n",
			 free_order, alloc_order);
		ut_assert_log_has(log, want);
	}
	free(log);

	/* refused: the block is still allocated as it was */
	cr_assert_eq(ukmem_pages_in_use(), 1UL << alloc_order);
	cr_assert_eq(page_ref_count(p), 1);
	cr_assert_eq(((unsigned char *)page_address(p))[(PAGE_SIZE << alloc_order) - 1], 0x77);
	cr_assert_eq(ukmem_check(), 0);
	drain_all_pages(NULL);
	cr_assert_eq(ukmem_check(), 0);

	/* and it can then be freed correctly */
	__free_pages(p, alloc_order);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	assert_as_booted();
	ut_end();
}

Test(wrong_order, alloc2_free1)
{
	wrong_order(2, 1, 0);
}

Test(wrong_order, alloc2_free3)
{
	wrong_order(2, 3, 0);
}

Test(wrong_order, alloc0_free4)
{
	wrong_order(0, 4, 0);
}

Test(wrong_order, alloc5_free0)
{
	wrong_order(5, 0, 0);
}

Test(wrong_order, compound_alloc2_free1)
{
	wrong_order(2, 1, __GFP_COMP);
}

/* ---------------------------------------------------------------- */
/* orders past MAX_PAGE_ORDER                                        */
/* ---------------------------------------------------------------- */

Test(max_order, alloc_past_max_order)
{
	char *log;

	boot_warn();
	ut_mark();
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	ut_mark();
	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	cr_assert_null(alloc_pages(GFP_KERNEL, 31));
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "WARNING: CPU:"), 1, "%s", log);
	ut_assert_log_has(log, "__alloc_pages_noprof");
	free(log);
	cr_assert_not_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER));
	drain_all_pages(NULL);
	cr_assert_eq(ukmem_pages_in_use(), 1UL << MAX_PAGE_ORDER);
	ut_end_expect(1UL << MAX_PAGE_ORDER, 0);
}

Test(max_order, free_past_max_order)
{
	struct page *p;
	char *log;

	boot_warn();
	p = alloc_pages(GFP_KERNEL, 3);
	cr_assert_not_null(p);
	ut_mark();
	__free_pages(p, MAX_PAGE_ORDER + 1);
	log = ut_log_since();
	ut_assert_log_has(log, "WARNING:");
	free(log);
	cr_assert_eq(ukmem_pages_in_use(), 8);
	cr_assert_eq(ukmem_check(), 0);
	__free_pages(p, 3);
	assert_as_booted();
	ut_end();
}

/* ---------------------------------------------------------------- */
/* the default policy: BUG ends the process                          */
/* ---------------------------------------------------------------- */

Test(default_policy, double_free_aborts, .signal = SIGABRT)
{
	struct page *p;

	ut_boot("mem=64M");
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	__free_page(p);
	__free_page(p);
	cr_assert_fail("a double free under the default policy returned");
}

Test(default_policy, put_page_underflow_aborts, .signal = SIGABRT)
{
	struct page *p;

	ut_boot("mem=64M");
	p = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	cr_assert_not_null(p);
	put_page(p + 1);
	put_page(p + 2);
	cr_assert_fail("put_page on a zero refcount under the default policy returned");
}

Test(default_policy, free_pages_not_in_ram_aborts, .signal = SIGABRT)
{
	static char host_page[4096] __attribute__((aligned(4096)));

	ut_boot("mem=64M");
	free_pages((unsigned long)host_page, 0);
	cr_assert_fail("free_pages of a host address under the default policy returned");
}

/* A bad page state is not a BUG: the process goes on under the default policy too. */
Test(default_policy, bad_page_does_not_abort)
{
	struct page *p;

	ut_boot("mem=64M");
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	atomic_set(&p->_mapcount, 0);
	__free_page(p);
	cr_assert(test_taint(TAINT_BAD_PAGE));
	cr_assert_eq(ukmem_check(), 0);
	ut_end_expect(0, 1);
}

/* ---------------------------------------------------------------- */
/* more of the same, elsewhere                                        */
/* ---------------------------------------------------------------- */

/* A HighMem page (no kernel mapping) is checked the same way. */
Test(double_free, i386_highmem_page)
{
	struct page *p;
	char *log;

	ut_boot("mem=2G arch=i386 ukmem.bug=warn");
	boot_buddyinfo = ut_read("/proc/buddyinfo");
	p = alloc_pages(GFP_HIGHUSER, 1);
	cr_assert_not_null(p);
	cr_assert(PageHighMem(p));
	__free_pages(p, 1);
	ut_mark();
	__free_pages(p, 1);
	log = ut_log_since();
	assert_vm_bug_report(log, page_to_pfn(p));
	free(log);
	cr_assert_eq(ukmem_pages_in_use(), 0);
	cr_assert_eq(ukmem_check(), 0);
	assert_as_booted();
	ut_end();
}

/* bad_page() is rate-limited as 6.12's: 60 reports, then silence for the minute. */
Test(bad_page, sixty_reports_then_quiet)
{
	struct page *p[70];
	char *log;

	boot_warn();
	for (int i = 0; i < 70; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		cr_assert_not_null(p[i]);
		atomic_set(&p[i]->_mapcount, 0);
	}
	ut_mark();
	for (int i = 0; i < 70; i++)
		__free_page(p[i]);
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "BUG: Bad page state in process"), 60, "%d reports",
		     ut_count(log, "BUG: Bad page state in process"));
	free(log);
	/* every one of them is out of service, reported or not */
	cr_assert_eq(ukmem_check(), 0);
	free(boot_buddyinfo);
	ut_end_expect(0, 70);
}
