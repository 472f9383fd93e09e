// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_kfence.c - KFENCE (mm/kfence.c): the pool, sampling, the
 * canaries checked at free, invalid frees, the debugfs views, and the
 * reports in 6.12's format (../shared/reference/proc-linux-6.12-qemu/
 * kfence.txt).
 *
 * With kfence.sample_interval=1 the first slab allocation after each
 * millisecond is a KFENCE object; a test allocates until it gets one (at
 * the page start or the page end, as it needs) and keeps the others to
 * free at the end.  Faults on guard pages and freed objects need the oops
 * handler and are tested in test_kfence_faults (children with
 * ukmem.oops_handler=1).
 */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include <linux/kfence.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "helpers/ukmem_test.h"
#include "helpers/slab_test.h"

#define BOOT "mem=64M kfence.sample_interval=1"

/* kmalloc(@size) until KFENCE serves it at the wanted place; 1 page start, 2 end, 0 any. */
static void *kfence_kmalloc(size_t size, int where)
{
	for (int tries = 0; tries < 20000; tries++) {
		struct timespec ts = {0, 100000};
		char *p = kmalloc(size, GFP_KERNEL);

		cr_assert_not_null(p);
		if (is_kfence_address(p)) {
			bool start = !((unsigned long)p & (PAGE_SIZE - 1));

			if (!where || (where == 1) == start)
				return p;
		}
		kfree(p);
		nanosleep(&ts, NULL);
	}
	cr_assert_fail("no KFENCE object in 20000 tries");
	return NULL;
}

static long stat(const char *name)
{
	char *text = ut_read("/sys/kernel/debug/kfence/stats");
	const char *p;
	long v = -1;

	cr_assert_not_null(text);
	p = strstr(text, name);
	if (p)
		v = strtol(p + strlen(name) + 2, NULL, 10);
	free(text);
	return v;
}

Test(kfence, off_by_default)
{
	ut_boot("mem=64M");
	cr_assert_null(ut_read("/sys/kernel/debug/kfence/stats"));
	for (int i = 0; i < 1000; i++) {
		void *p = kmalloc(32, GFP_KERNEL);

		cr_assert(!is_kfence_address(p));
		kfree(p);
	}
	st_end();
}

Test(kfence, boot_line_and_stats)
{
	char *log;
	void *p;

	ut_boot(BOOT);
	log = ut_dmesg();
	cr_assert(ut_match(log, "kfence: initialized - using 2097152 bytes for 255 objects at "
				"0x[0-9a-f]+-0x[0-9a-f]+$"),
		  "%s", log);
	free(log);
	cr_assert_eq(stat("enabled"), 1);
	p = kfence_kmalloc(32, 0);
	cr_assert_eq(stat("currently allocated"), 1);
	cr_assert_eq(ksize(p), 32);
	cr_assert(PageSlab(virt_to_page(p)));
	kfree(p);
	cr_assert_eq(stat("currently allocated"), 0);
	cr_assert_geq(stat("total allocations"), 1);
	cr_assert_eq(stat("total frees"), stat("total allocations"));
	cr_assert_eq(stat("total bugs"), 0);
	/* larger than a page: incompatible */
	for (int i = 0; i < 50; i++)
		kfree(kmalloc(8000, GFP_KERNEL));
	cr_assert_gt(stat("skipped allocations (incompatible)"), 0);
	st_end();
}

Test(kfence, object_layout_and_ksize)
{
	char *l, *r;

	ut_boot(BOOT);
	l = kfence_kmalloc(20, 1);
	r = kfence_kmalloc(20, 2);
	/* at the page end, aligned down to kmalloc-32's alignment (32, its size) */
	cr_assert_eq(((unsigned long)r & (PAGE_SIZE - 1)), PAGE_SIZE - 32);
	cr_assert_eq(ksize(l), 20);
	cr_assert_eq(ksize(r), 20);
	memset(l, 1, 20);
	memset(r, 2, 20);
	kfree(l);
	kfree(r);
	cr_assert_eq(stat("total bugs"), 0);
	st_end();
}

Test(kfence, canary_corruption_reported_at_free)
{
	unsigned long bugs;
	char *p, *log;

	ut_boot(BOOT);
	p = kfence_kmalloc(32, 1);
	ut_mark();
	p[32] = 0x42; /* one past the end: a canary byte of the page */
	kfree(p);
	log = ut_log_since();
	cr_assert(ut_match(log, "\\] =+$"), "%s", log);
	cr_assert(
		ut_match(
			log,
			"\\] BUG: KFENCE: memory corruption in "
			"kfence_canary_corruption_reported_at_free_impl\\+0x[0-9a-f]+/0x[0-9a-f]+$"),
		"%s", log);
	cr_assert(ut_match(log,
			   "\\] Corrupted memory at 0x[0-9a-f]+ \\[ ! \\. \\. \\. \\. \\. \\. "
			   "\\. \\. \\. \\. \\. \\. \\. \\. \\. \\] \\(in kfence-#[0-9]+\\):$"),
		  "%s", log);
	cr_assert(ut_match(log, "\\] kfence-#[0-9]+: 0x[0-9a-f]+-0x[0-9a-f]+, size=32, "
				"cache=kmalloc-32$"),
		  "%s", log);
	cr_assert(ut_match(log, "\\] allocated by task [0-9]+ on cpu [0-9]+ at [0-9]+\\.[0-9]{6}s "
				"\\([0-9]+\\.[0-9]{6}s ago\\):$"),
		  "%s", log);
	cr_assert(ut_match(log, "\\] freed by task [0-9]+ on cpu [0-9]+ at "), "%s", log);
	cr_assert(ut_match(log, "\\] CPU: [0-9]+ UID: 0 PID: "), "%s", log);
	free(log);
	bugs = (unsigned long)stat("total bugs");
	cr_assert_eq(bugs, 1);
	cr_assert(test_taint(TAINT_BAD_PAGE));
	st_end();
}

Test(kfence, invalid_and_double_free_free_nothing)
{
	char *p, *log;

	ut_boot(BOOT);
	p = kfence_kmalloc(64, 0);
	ut_mark();
	kfree(p + 8);
	log = ut_log_since();
	cr_assert(ut_match(log, "\\] BUG: KFENCE: invalid free in "
				"kfence_invalid_and_double_free_free_nothing_impl\\+"),
		  "%s", log);
	cr_assert(ut_match(log, "\\] Invalid free of 0x[0-9a-f]+ \\(in kfence-#[0-9]+\\):$"), "%s",
		  log);
	free(log);
	cr_assert_eq(stat("currently allocated"), 1, "the object is still allocated");
	kfree(p);
	cr_assert_eq(stat("currently allocated"), 0);
	ut_mark();
	kfree(p);
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "BUG: KFENCE: invalid free in "), 1, "%s", log);
	free(log);
	cr_assert_eq(stat("total bugs"), 2);
	cr_assert_eq(stat("total frees"), stat("total allocations"));
	st_end();
}

Test(kfence, objects_view)
{
	char *p, *text;

	ut_boot(BOOT);
	p = kfence_kmalloc(48, 0);
	text = ut_read("/sys/kernel/debug/kfence/objects");
	cr_assert_not_null(text);
	cr_assert(ut_match(text, "^kfence-#[0-9]+: 0x[0-9a-f]+-0x[0-9a-f]+, size=48, "
				 "cache=kmalloc-64$"),
		  "%s", text);
	cr_assert(ut_match(text, "^kfence-#[0-9]+ unused$"));
	cr_assert_eq(ut_count(text, "---------------------------------\n"), 255);
	free(text);
	kfree(p);
	st_end();
}

Test(kfence, custom_cache_ctor_and_destroy_with_live_object)
{
	struct kmem_cache *c;
	char *p = NULL;
	long before;

	ut_boot(BOOT);
	c = kmem_cache_create("kf-test", 100, 0, 0, NULL);
	before = stat("currently allocated");
	cr_assert_not_null(c);
	for (int i = 0; i < 20000 && !p; i++) {
		struct timespec ts = {0, 100000};
		char *q = kmem_cache_alloc(c, GFP_KERNEL);

		if (is_kfence_address(q))
			p = q;
		else
			kmem_cache_free(c, q);
		nanosleep(&ts, NULL);
	}
	cr_assert_not_null(p);
	cr_assert_eq(stat("currently allocated"), before + 1);
	/* the cache goes; its KFENCE object becomes a zombie, not a leak */
	kmem_cache_destroy(c);
	cr_assert_eq(stat("zombie allocations"), 1);
	st_end();
}

Test(kfence, live_object_at_shutdown_is_a_leaked_object)
{
	ut_boot(BOOT);
	(void)kfence_kmalloc(16, 0);
	cr_assert_eq(ukmem_check(), 0);
	ukmem_shutdown();
	cr_assert_eq(ukmem_shutdown_leaked_objects(), 1);
	cr_assert_eq(ukmem_shutdown_leaked(), 0);
}

/*
 * With the oops handler a guard-page access is reported as 6.12 reports
 * it, the page is opened and the access goes on; so is a read of a freed
 * object.  The process keeps running.
 */
Test(kfence, faults_are_reported_and_the_access_goes_on)
{
	volatile char *p;
	char *log, c;

	ut_boot(BOOT " ukmem.oops_handler=1");
	p = kfence_kmalloc(32, 2);
	ut_mark();
	p[32] = 0x42; /* the guard page after the object */
	log = ut_log_since();
	cr_assert(ut_match(log, "\\] BUG: KFENCE: out-of-bounds write in "
				"kfence_faults_are_reported_and_the_access_goes_on_impl\\+"),
		  "%s", log);
	cr_assert(ut_match(log, "\\] Out-of-bounds write at 0x[0-9a-f]+ \\(32B right of "
				"kfence-#[0-9]+\\):$"),
		  "%s", log);
	cr_assert(ut_match(log, "\\] allocated by task [0-9]+ on cpu "), "%s", log);
	free(log);
	cr_assert_eq(p[32], 0x42, "the access went on");
	kfree((void *)p);
	ut_mark();
	c = p[0]; /* the freed object's page */
	(void)c;
	log = ut_log_since();
	cr_assert(ut_match(log, "\\] BUG: KFENCE: use-after-free read in "), "%s", log);
	cr_assert(ut_match(log, "\\] Use-after-free read at 0x[0-9a-f]+ \\(in kfence-#[0-9]+\\):$"),
		  "%s", log);
	cr_assert(ut_match(log, "\\] freed by task [0-9]+ on cpu "), "%s", log);
	free(log);
	cr_assert_eq(stat("total bugs"), 2);
	st_end();
}
