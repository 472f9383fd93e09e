// SPDX-License-Identifier: GPL-2.0
/*
 * test_fault_inject.c - failslab, fail_page_alloc and fail-nth.
 *
 * The knobs under /sys/kernel/debug/{failslab,fail_page_alloc}/ with 6.12's
 * names, defaults and formats; bad values refused and nothing changed; the
 * failslab= and fail_page_alloc= boot parameters; probability, times,
 * interval, space, task-filter, cache-filter and the GFP filters; the
 * "FAULT_INJECTION: forcing a failure." notice by verbose level, and
 * silence with __GFP_NOWARN; an injected failure prints neither the
 * page-allocation-failure report nor SLUB's; fail-nth per thread; the
 * documented fallbacks (kvmalloc to vmalloc, vmalloc's bulk pages to single
 * pages).
 *
 * And the sweep, as syzkaller does it: the filters lifted (ignore-gfp-wait
 * N, ignore-gfp-highmem N, min-order 0), then for n = 1, 2, ... a scenario
 * that uses every family runs with fail-nth = n on a fresh machine until a
 * run completes without the fault firing.  At every n the scenario either
 * fails cleanly or succeeds through a fallback; the machine passes
 * ukmem_check() and shuts down with no page, slab object or vmalloc area
 * left held.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <string.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "mm/vmalloc_internal.h"

#define FS "/sys/kernel/debug/failslab/"
#define FPA "/sys/kernel/debug/fail_page_alloc/"
#define NTH "/proc/thread-self/fail-nth"

static void fi_write(const char *path, const char *val)
{
	ssize_t ret = ukmem_proc_write(path, val, strlen(val));

	cr_assert_eq(ret, (ssize_t)strlen(val), "write \"%s\" to %s: %zd", val, path, ret);
}

static void fi_expect(const char *path, const char *want)
{
	char *text = ut_read(path);

	cr_assert_not_null(text, "%s does not exist", path);
	cr_assert_str_eq(text, want, "%s reads \"%s\", expected \"%s\"", path, text, want);
	free(text);
}

static unsigned long fi_read_ul(const char *path)
{
	char *text = ut_read(path);
	unsigned long v;

	cr_assert_not_null(text);
	v = strtoul(text, NULL, 10);
	free(text);
	return v;
}

/* Every object freed, nothing held: the strict end of every test. */
static void fi_end(void)
{
	cr_assert_eq(ukmem_check(), 0, "ukmem_check() found errors");
	drain_all_pages(NULL);
	cr_assert_eq(ukmem_pages_in_use(), 0, "pages in use: %lu", ukmem_pages_in_use());
	ukmem_shutdown();
	cr_assert_eq(ukmem_shutdown_leaked(), 0, "pages leaked: %lu", ukmem_shutdown_leaked());
	cr_assert_eq(ukmem_shutdown_leaked_objects(), 0, "slab objects leaked: %lu",
		     ukmem_shutdown_leaked_objects());
	cr_assert_eq(ukmem_vmalloc_leaked_areas(), 0, "vmalloc areas leaked: %lu",
		     ukmem_vmalloc_leaked_areas());
}

/* ---- knobs ------------------------------------------------------------------ */

Test(fault_inject, knob_defaults)
{
	static const char *const common[][2] = {
		{"probability", "0\n"},
		{"interval", "1\n"},
		{"times", "1\n"},
		{"space", "0\n"},
		{"verbose", "2\n"},
		{"verbose_ratelimit_interval_ms", "0\n"},
		{"verbose_ratelimit_burst", "10\n"},
		{"task-filter", "N\n"},
		{"ignore-gfp-wait", "Y\n"},
	};
	char path[128];

	ut_boot("mem=64M");
	for (size_t i = 0; i < ARRAY_SIZE(common); i++) {
		snprintf(path, sizeof(path), FS "%s", common[i][0]);
		fi_expect(path, common[i][1]);
		snprintf(path, sizeof(path), FPA "%s", common[i][0]);
		fi_expect(path, common[i][1]);
	}
	fi_expect(FS "cache-filter", "N\n");
	fi_expect(FPA "ignore-gfp-highmem", "Y\n");
	fi_expect(FPA "min-order", "1\n");
	cr_assert_eq(ukmem_proc_read(FPA "cache-filter", NULL, 0), -ENOENT);
	cr_assert_eq(ukmem_proc_read(FS "min-order", NULL, 0), -ENOENT);
	/* 6.12 without CONFIG_FAULT_INJECTION_STACKTRACE_FILTER */
	cr_assert_eq(ukmem_proc_read(FS "stacktrace-depth", NULL, 0), -ENOENT);
	fi_expect("/proc/thread-self/fail-nth", "0\n");
	fi_expect("/proc/thread-self/make-it-fail", "0\n");
	fi_expect("/proc/self/fail-nth", "0\n");
	fi_expect("/proc/self/make-it-fail", "0\n");
	fi_end();
}

Test(fault_inject, knob_formats)
{
	ut_boot("mem=64M");
	fi_write(FS "probability", "0x10\n"); /* base 0, as debugfs */
	fi_expect(FS "probability", "16\n");
	fi_write(FS "times", "-1");
	fi_expect(FS "times", "-1\n");
	fi_write(FS "times", "4294967295"); /* atomic_t: truncated to int */
	fi_expect(FS "times", "-1\n");
	fi_write(FS "space", "-5\n");
	fi_expect(FS "space", "-5\n");
	fi_write(FPA "min-order", "4294967297"); /* u32: truncated */
	fi_expect(FPA "min-order", "1\n");
	fi_write(FPA "verbose_ratelimit_burst", "3");
	fi_expect(FPA "verbose_ratelimit_burst", "3\n");
	fi_write(FS "task-filter", "on");
	fi_expect(FS "task-filter", "Y\n");
	fi_write(FS "task-filter", "0\n");
	fi_expect(FS "task-filter", "N\n");
	fi_write(FPA "ignore-gfp-highmem", "no");
	fi_expect(FPA "ignore-gfp-highmem", "N\n");
	fi_write(FS "cache-filter", "yes please"); /* only the first bytes count */
	fi_expect(FS "cache-filter", "Y\n");
	fi_write(FS "probability", "0");
	fi_end();
}

Test(fault_inject, bad_values_refused)
{
	static const char *const bad[][2] = {
		{FS "probability", "abc"},
		{FS "probability", "-1"},
		{FS "probability", "12abc"},
		{FS "probability", ""},
		{FS "interval", "1 2"},
		{FS "times", "x"},
		{FS "space", "--1"},
		{FS "verbose", "two"},
		{FPA "min-order", "-1"},
		{FPA "verbose_ratelimit_interval_ms", "1s"},
		{FS "task-filter", "maybe"},
		{FS "ignore-gfp-wait", "2"},
		{FPA "ignore-gfp-highmem", "x"},
		{NTH, "-1"},
		{NTH, "abc"},
		{NTH, "4294967296"},
		{"/proc/thread-self/make-it-fail", "2"},
		{"/proc/thread-self/make-it-fail", "-1"},
		{"/proc/thread-self/make-it-fail", "yes"},
	};

	ut_boot("mem=64M");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *path = bad[i][0], *val = bad[i][1];
		char *before = ut_read(path), *after;
		ssize_t ret;

		if (!*val) /* an empty write changes nothing and succeeds */
			continue;
		ret = ukmem_proc_write(path, val, strlen(val));
		cr_assert(ret == -EINVAL || ret == -ERANGE, "write \"%s\" to %s returned %zd", val,
			  path, ret);
		after = ut_read(path);
		cr_assert_str_eq(before, after, "%s changed from \"%s\" to \"%s\"", path, before,
				 after);
		free(before);
		free(after);
	}
	/* nothing was armed by the refused writes */
	{
		void *p = kmalloc(8, GFP_ATOMIC);

		cr_assert_not_null(p);
		kfree(p);
	}
	fi_end();
}

/* ---- boot parameters ------------------------------------------------------------ */

Test(fault_inject, boot_params)
{
	char *log;

	ut_boot("mem=64M failslab=3,25,100,-1 fail_page_alloc=1,100,0,2");
	fi_expect(FS "interval", "3\n");
	fi_expect(FS "probability", "25\n");
	fi_expect(FS "space", "100\n");
	fi_expect(FS "times", "-1\n");
	fi_expect(FPA "probability", "100\n");
	fi_expect(FPA "times", "2\n");
	log = ut_dmesg();
	ut_assert_log_lacks(log, "FAULT_INJECTION: failed to parse arguments");
	ut_assert_log_lacks(log, "Unknown kernel command line parameters");
	free(log);
	/* armed from the end of boot: an order-1 atomic allocation fails twice */
	cr_assert_null(alloc_pages(GFP_ATOMIC, 1));
	cr_assert_null(alloc_pages(GFP_ATOMIC, 1));
	{
		struct page *p = alloc_pages(GFP_ATOMIC, 1);

		cr_assert_not_null(p);
		__free_pages(p, 1);
	}
	fi_write(FS "probability", "0");
	fi_end();
}

Test(fault_inject, boot_params_bad)
{
	char *log;

	ut_boot("mem=64M fail_page_alloc=1,2 failslab=x failslab=5,6,7,8junk");
	log = ut_dmesg();
	cr_assert_eq(ut_count(log, "FAULT_INJECTION: failed to parse arguments\n"), 2, "%s", log);
	ut_assert_log_has(log, "Unknown kernel command line parameters \""
			       "fail_page_alloc=1,2 failslab=x\", will be passed to user space.");
	free(log);
	/* the refused ones changed nothing; the good one (trailing junk ignored) applied */
	fi_expect(FPA "interval", "1\n");
	fi_expect(FPA "probability", "0\n");
	fi_expect(FS "interval", "5\n");
	fi_expect(FS "probability", "6\n");
	fi_expect(FS "space", "7\n");
	fi_expect(FS "times", "8\n");
	fi_write(FS "probability", "0");
	fi_end();
}

/* ---- probability, times, interval, space ----------------------------------------- */

Test(fault_inject, probability_times_exact)
{
	void *p[10];
	int failed = 0;
	char *log;

	ut_boot("mem=64M");
	fi_write(FS "verbose", "1");
	fi_write(FS "times", "3");
	ut_mark();
	fi_write(FS "probability", "100");
	for (int i = 0; i < 10; i++) {
		p[i] = kmalloc(64, GFP_ATOMIC);
		failed += !p[i];
	}
	cr_assert_eq(failed, 3);
	cr_assert_null(p[0]);
	cr_assert_null(p[2]);
	cr_assert_not_null(p[3]);
	fi_expect(FS "times", "0\n");
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "FAULT_INJECTION: forcing a failure.\n"), 3, "%s", log);
	ut_assert_log_has(log, "name failslab, interval 1, probability 100, space 0, times 3\n");
	ut_assert_log_has(log, "name failslab, interval 1, probability 100, space 0, times 1\n");
	/* verbose 1: the notice without a stack; never SLUB's own report */
	ut_assert_log_lacks(log, "Call Trace:");
	ut_assert_log_lacks(log, "SLUB: Unable to allocate memory");
	ut_assert_log_lacks(log, "page allocation failure");
	free(log);
	for (int i = 0; i < 10; i++)
		kfree(p[i]);
	fi_write(FS "probability", "0");
	fi_end();
}

Test(fault_inject, interval)
{
	bool failed[9];

	ut_boot("mem=64M");
	fi_write(FS "verbose", "0");
	fi_write(FS "times", "-1");
	fi_write(FS "interval", "3");
	fi_write(FS "probability", "100");
	for (int i = 0; i < 9; i++) {
		void *p = kmalloc(32, GFP_ATOMIC);

		failed[i] = !p;
		kfree(p);
	}
	fi_write(FS "probability", "0");
	for (int i = 0; i < 9; i++)
		cr_assert_eq(failed[i], (i + 1) % 3 == 0, "call %d", i + 1);
	fi_expect(FS "times", "-1\n");
	fi_end();
}

Test(fault_inject, space)
{
	void *p[5];

	ut_boot("mem=64M");
	fi_write(FS "verbose", "0");
	fi_write(FS "times", "-1");
	fi_write(FS "space", "200");
	fi_write(FS "probability", "100");
	/* kmalloc-64 charges 64: 200 -> 136 -> 72 -> 8, then failures */
	for (int i = 0; i < 5; i++)
		p[i] = kmalloc(64, GFP_ATOMIC);
	fi_write(FS "probability", "0");
	cr_assert_not_null(p[0]);
	cr_assert_not_null(p[1]);
	cr_assert_not_null(p[2]);
	cr_assert_null(p[3]);
	cr_assert_null(p[4]);
	fi_expect(FS "space", "8\n");
	for (int i = 0; i < 5; i++)
		kfree(p[i]);
	fi_end();
}

Test(fault_inject, gfp_filters)
{
	struct page *pg;
	void *p;

	ut_boot("mem=64M");
	fi_write(FS "times", "-1");
	fi_write(FPA "times", "-1");
	fi_write(FS "verbose", "0");
	fi_write(FPA "verbose", "0");
	fi_write(FS "probability", "100");
	fi_write(FPA "probability", "100");
	/* ignore-gfp-wait Y: GFP_KERNEL passes; __GFP_NOFAIL always passes */
	p = kmalloc(100, GFP_KERNEL);
	cr_assert_not_null(p);
	kfree(p);
	cr_assert_null(kmalloc(100, GFP_ATOMIC));
	p = kmalloc(100, GFP_ATOMIC | __GFP_NOFAIL);
	cr_assert_not_null(p);
	kfree(p);
	/* min-order 1: order 0 passes; ignore-gfp-highmem Y */
	pg = alloc_pages(GFP_ATOMIC, 0);
	cr_assert_not_null(pg);
	__free_pages(pg, 0);
	cr_assert_null(alloc_pages(GFP_ATOMIC, 1));
	pg = alloc_pages(GFP_ATOMIC | __GFP_HIGHMEM, 1);
	cr_assert_not_null(pg);
	__free_pages(pg, 1);
	pg = alloc_pages(GFP_KERNEL, 2);
	cr_assert_not_null(pg);
	__free_pages(pg, 2);
	/* large kmalloc goes to the page allocator */
	cr_assert_null(kmalloc(5 * PAGE_SIZE, GFP_ATOMIC));
	/* lifted */
	fi_write(FS "ignore-gfp-wait", "N");
	fi_write(FPA "ignore-gfp-wait", "N");
	fi_write(FPA "ignore-gfp-highmem", "N");
	fi_write(FPA "min-order", "0");
	cr_assert_null(kmalloc(100, GFP_KERNEL));
	cr_assert_null(alloc_pages(GFP_KERNEL, 0));
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_HIGHMEM, 1));
	pg = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0);
	cr_assert_not_null(pg);
	__free_pages(pg, 0);
	fi_write(FS "probability", "0");
	fi_write(FPA "probability", "0");
	fi_end();
}

Test(fault_inject, cache_filter)
{
	struct kmem_cache *marked, *plain;
	void *a, *b;

	ut_boot("mem=64M");
	marked = kmem_cache_create("fi_marked", 100, 0, SLAB_FAILSLAB, NULL);
	plain = kmem_cache_create("fi_plain", 100, 0, SLAB_NO_MERGE, NULL);
	cr_assert_not_null(marked);
	cr_assert_not_null(plain);
	fi_expect("/sys/kernel/slab/fi_marked/failslab", "1\n");
	fi_expect("/sys/kernel/slab/fi_plain/failslab", "0\n");
	fi_write(FS "verbose", "0");
	fi_write(FS "times", "-1");
	fi_write(FS "cache-filter", "Y");
	fi_write(FS "probability", "100");
	cr_assert_null(kmem_cache_alloc(marked, GFP_ATOMIC));
	b = kmem_cache_alloc(plain, GFP_ATOMIC);
	cr_assert_not_null(b);
	a = kmalloc(64, GFP_ATOMIC);
	cr_assert_not_null(a);
	fi_write(FS "cache-filter", "N");
	cr_assert_null(kmalloc(64, GFP_ATOMIC));
	fi_write(FS "probability", "0");
	kfree(a);
	kmem_cache_free(plain, b);
	kmem_cache_destroy(marked);
	kmem_cache_destroy(plain);
	fi_end();
}

Test(fault_inject, task_filter)
{
	void *p;

	ut_boot("mem=64M");
	fi_write(FS "verbose", "0");
	fi_write(FS "times", "-1");
	fi_write(FS "task-filter", "Y");
	fi_write(FS "probability", "100");
	p = kmalloc(64, GFP_ATOMIC);
	cr_assert_not_null(p, "a thread without make-it-fail failed");
	kfree(p);
	fi_write("/proc/thread-self/make-it-fail", "1");
	fi_expect("/proc/thread-self/make-it-fail", "1\n");
	cr_assert_null(kmalloc(64, GFP_ATOMIC));
	fi_write("/proc/thread-self/make-it-fail", " 0 \n");
	p = kmalloc(64, GFP_ATOMIC);
	cr_assert_not_null(p);
	kfree(p);
	fi_write(FS "probability", "0");
	fi_end();
}

/* ---- the notice --------------------------------------------------------------------- */

Test(fault_inject, notice_verbose_levels)
{
	char *log;

	ut_boot("mem=64M");
	fi_write(FPA "times", "-1");
	fi_write(FPA "probability", "100");

	/* verbose 2 (default): the notice, then dump_stack() */
	ut_mark();
	cr_assert_null(alloc_pages(GFP_ATOMIC, 2));
	log = ut_log_since();
	cr_assert(
		ut_match(log, "^\\[ *[0-9]+\\.[0-9]{6}\\] FAULT_INJECTION: forcing a failure\\.$"),
		"%s", log);
	cr_assert(ut_match(log, "^\\[ *[0-9]+\\.[0-9]{6}\\] name fail_page_alloc, interval 1, "
				"probability 100, space 0, times -1$"),
		  "%s", log);
	ut_assert_log_has(log, "Call Trace:");
	ut_assert_log_lacks(log, "page allocation failure");
	ut_assert_log_lacks(log, "Mem-Info");
	free(log);

	/* verbose 1: the notice only */
	fi_write(FPA "verbose", "1");
	ut_mark();
	cr_assert_null(alloc_pages(GFP_ATOMIC, 2));
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "FAULT_INJECTION: forcing a failure.\n"), 1, "%s", log);
	ut_assert_log_lacks(log, "Call Trace:");
	free(log);

	/* verbose 0: nothing */
	fi_write(FPA "verbose", "0");
	ut_mark();
	cr_assert_null(alloc_pages(GFP_ATOMIC, 2));
	log = ut_log_since();
	ut_assert_log_lacks(log, "FAULT_INJECTION");
	free(log);

	/* __GFP_NOWARN: nothing, whatever verbose says */
	fi_write(FPA "verbose", "2");
	ut_mark();
	cr_assert_null(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 2));
	cr_assert_null(kmalloc(3 * PAGE_SIZE, GFP_ATOMIC | __GFP_NOWARN));
	log = ut_log_since();
	ut_assert_log_lacks(log, "FAULT_INJECTION");
	ut_assert_log_lacks(log, "Call Trace:");
	free(log);
	fi_write(FPA "probability", "0");
	fi_end();
}

Test(fault_inject, notice_ratelimit)
{
	char *log;

	ut_boot("mem=64M");
	fi_write(FS "verbose", "1");
	fi_write(FS "times", "-1");
	fi_write(FS "verbose_ratelimit_interval_ms", "100000");
	fi_write(FS "verbose_ratelimit_burst", "2");
	fi_write(FS "probability", "100");
	ut_mark();
	for (int i = 0; i < 5; i++)
		cr_assert_null(kmalloc(16, GFP_ATOMIC));
	fi_write(FS "probability", "0");
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "FAULT_INJECTION: forcing a failure.\n"), 2, "%s", log);
	free(log);
	fi_end();
}

/* ---- fail-nth ----------------------------------------------------------------------- */

Test(fault_inject, fail_nth_countdown)
{
	void *p[4];
	char *log;

	ut_boot("mem=64M");
	fi_write(NTH, "3");
	fi_expect(NTH, "3\n");
	fi_expect("/proc/self/fail-nth", "3\n");
	/* filtered calls (GFP_KERNEL under ignore-gfp-wait) do not count */
	p[0] = kmalloc(64, GFP_KERNEL);
	cr_assert_not_null(p[0]);
	fi_expect(NTH, "3\n");
	p[1] = kmalloc(64, GFP_ATOMIC);
	cr_assert_not_null(p[1]);
	fi_expect(NTH, "2\n");
	p[2] = kmalloc(64, GFP_ATOMIC);
	cr_assert_not_null(p[2]);
	fi_expect(NTH, "1\n");
	ut_mark();
	p[3] = kmalloc(64, GFP_ATOMIC);
	cr_assert_null(p[3]);
	fi_expect(NTH, "0\n");
	log = ut_log_since();
	/* probability 0, and times was 1: it reads 0 after the failure */
	ut_assert_log_has(log, "FAULT_INJECTION: forcing a failure.\n");
	ut_assert_log_has(log, "name failslab, interval 1, probability 0, space 0, times 1\n");
	free(log);
	fi_expect(FS "times", "0\n");
	/* fired once only */
	p[3] = kmalloc(64, GFP_ATOMIC);
	cr_assert_not_null(p[3]);
	/* writing 0 disarms */
	fi_write(NTH, "1");
	fi_write(NTH, "0");
	fi_expect(NTH, "0\n");
	cr_assert_not_null(p[0] = krealloc(p[0], 64, GFP_ATOMIC));
	for (int i = 0; i < 4; i++)
		kfree(p[i]);
	fi_end();
}

struct other_thread {
	void *obj;
	char nth[16];
};

static void *other_thread_fn(void *arg)
{
	struct other_thread *o = arg;

	o->obj = kmalloc(64, GFP_ATOMIC);
	ukmem_proc_read(NTH, o->nth, sizeof(o->nth));
	return NULL;
}

Test(fault_inject, fail_nth_per_thread)
{
	struct other_thread o = {0};
	pthread_t t;
	void *p;

	ut_boot("mem=64M");
	fi_write(NTH, "1");
	cr_assert_eq(pthread_create(&t, NULL, other_thread_fn, &o), 0);
	cr_assert_eq(pthread_join(t, NULL), 0);
	cr_assert_not_null(o.obj, "another thread's allocation failed");
	cr_assert_str_eq(o.nth, "0\n");
	fi_expect(NTH, "1\n");
	cr_assert_null(kmalloc(64, GFP_ATOMIC));
	fi_expect(NTH, "0\n");
	kfree(o.obj);
	p = kmalloc(64, GFP_ATOMIC);
	cr_assert_not_null(p);
	kfree(p);
	fi_end();
}

Test(fault_inject, fail_nth_reset_by_boot)
{
	ut_boot("mem=64M");
	fi_write(NTH, "5");
	fi_end();
	ut_boot("mem=64M");
	fi_expect(NTH, "0\n");
	fi_end();
}

/* a forked child is a new task: fail-nth 0 (6.12's dup_task_struct), make-it-fail kept */
Test(fault_inject, fail_nth_fork)
{
	int status;
	pid_t pid;

	ut_boot("mem=64M");
	fi_write(NTH, "2");
	fi_write("/proc/thread-self/make-it-fail", "1");
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		char nth[16] = "", mif[16] = "";

		ukmem_proc_read(NTH, nth, sizeof(nth));
		ukmem_proc_read("/proc/thread-self/make-it-fail", mif, sizeof(mif));
		_exit(strcmp(nth, "0\n") ? 1 : strcmp(mif, "1\n") ? 2 : 0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	fi_expect(NTH, "2\n");
	fi_write(NTH, "0");
	fi_end();
}

/* ---- fallbacks -------------------------------------------------------------------------- */

static void lift_filters(void)
{
	fi_write(FS "ignore-gfp-wait", "N");
	fi_write(FPA "ignore-gfp-wait", "N");
	fi_write(FPA "ignore-gfp-highmem", "N");
	fi_write(FPA "min-order", "0");
}

Test(fault_inject, kvmalloc_falls_back_to_vmalloc)
{
	char *log;
	void *p;

	ut_boot("mem=64M");
	lift_filters();
	ut_mark();
	/* the first counted call is kmalloc's order-4 page allocation */
	fi_write(NTH, "1");
	p = kvmalloc(64 << 10, GFP_KERNEL);
	fi_expect(NTH, "0\n");
	cr_assert_not_null(p);
	cr_assert(is_vmalloc_addr(p), "kvmalloc did not fall back to vmalloc");
	memset(p, 0x5a, 64 << 10);
	kvfree(p);
	/* kvmalloc's kmalloc attempt is __GFP_NOWARN: nothing printed */
	log = ut_log_since();
	ut_assert_log_lacks(log, "FAULT_INJECTION");
	ut_assert_log_lacks(log, "page allocation failure");
	free(log);
	fi_end();
}

/*
 * vmalloc(8 pages) with fail-nth = @n on a fresh machine (warn_alloc prints
 * once per 10 s); returns what it printed, and the area in *@p.
 */
static char *vmalloc_nth(unsigned int n, void **p)
{
	char val[16];

	ut_boot("mem=64M");
	lift_filters();
	snprintf(val, sizeof(val), "%u", n);
	ut_mark();
	fi_write(NTH, val);
	*p = vmalloc(8 * PAGE_SIZE);
	return ut_log_since();
}

Test(fault_inject, vmalloc_failure_points)
{
	char *log;
	void *p;

	/* 1: vm_struct (6.12's kzalloc): the notice, then vmalloc's own report */
	log = vmalloc_nth(1, &p);
	cr_assert_null(p);
	ut_assert_log_has(log, "name failslab,");
	ut_assert_log_has(log, "vmalloc error: size 32768, vm_struct allocation failed");
	ut_assert_log_lacks(log, "page allocation failure");
	free(log);
	fi_end();

	/* 2: the vmap_area (6.12's vmap_area cache) */
	log = vmalloc_nth(2, &p);
	cr_assert_null(p);
	ut_assert_log_has(log, "name failslab,");
	ut_assert_log_has(log, "vmalloc error: size 32768, vm_struct allocation failed");
	free(log);
	fi_end();

	/* 3: the page array (6.12's kmalloc) */
	log = vmalloc_nth(3, &p);
	cr_assert_null(p);
	ut_assert_log_has(log, "vmalloc error: size 32768, failed to allocated page array size 64");
	free(log);
	fi_end();

	/* 4: the bulk page allocation: single pages instead, quietly (__GFP_NOWARN) */
	log = vmalloc_nth(4, &p);
	fi_expect(NTH, "0\n");
	cr_assert_not_null(p);
	memset(p, 1, 8 * PAGE_SIZE);
	vfree(p);
	ut_assert_log_lacks(log, "FAULT_INJECTION");
	ut_assert_log_lacks(log, "vmalloc error");
	free(log);
	fi_end();

	/* that was all: 6.12's four points (no per-page questions after the bulk one) */
	log = vmalloc_nth(5, &p);
	cr_assert_not_null(p);
	fi_expect(NTH, "1\n");
	fi_write(NTH, "0");
	vfree(p);
	free(log);
	fi_end();
}

/* ---- the sweep ------------------------------------------------------------------------ */

struct sweep_result {
	bool complete; /* every step succeeded */
	bool kv_fallback; /* kvmalloc's memory came from vmalloc */
};

static void fill_check(void *p, size_t len, int c)
{
	memset(p, c, len);
	cr_assert_eq(((unsigned char *)p)[len - 1], (unsigned char)c);
}

/*
 * Every family once; each step handles a NULL as a caller would, and
 * everything is freed before it returns.
 */
static struct sweep_result sweep_scenario(void)
{
	struct sweep_result r = {.complete = true};
	struct page *pg[4], *vm_pages[3] = {NULL, NULL, NULL};
	void *k_small, *k_mid, *k_large, *v, *kv, *vm = NULL, *objs[20];
	struct kmem_cache *c;

	for (unsigned int o = 0; o < 4; o++) {
		pg[o] = alloc_pages(GFP_KERNEL, o);
		if (pg[o])
			fill_check(page_address(pg[o]), PAGE_SIZE << o, 0x11);
		r.complete &= pg[o] != NULL;
	}
	k_small = kmalloc(40, GFP_KERNEL);
	k_mid = kzalloc(3000, GFP_KERNEL);
	k_large = kmalloc(20000, GFP_KERNEL);
	r.complete &= k_small && k_mid && k_large;
	if (k_small)
		fill_check(k_small, 40, 0x22);
	if (k_large)
		fill_check(k_large, 20000, 0x33);

	c = kmem_cache_create("fi_sweep", 200, 0, SLAB_NO_MERGE, NULL);
	r.complete &= c != NULL;
	if (c) {
		for (int i = 0; i < 20; i++) {
			objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
			r.complete &= objs[i] != NULL;
			if (objs[i])
				fill_check(objs[i], 200, i);
		}
		for (int i = 0; i < 20; i++)
			kmem_cache_free(c, objs[i]);
		kmem_cache_destroy(c);
	}

	v = vmalloc(6 * PAGE_SIZE);
	r.complete &= v != NULL;
	if (v)
		fill_check(v, 6 * PAGE_SIZE, 0x44);

	kv = kvmalloc(40 << 10, GFP_KERNEL);
	r.complete &= kv != NULL;
	if (kv) {
		fill_check(kv, 40 << 10, 0x55);
		r.kv_fallback = is_vmalloc_addr(kv);
	}

	for (int i = 0; i < 3; i++) {
		vm_pages[i] = alloc_page(GFP_KERNEL);
		r.complete &= vm_pages[i] != NULL;
	}
	if (vm_pages[0] && vm_pages[1] && vm_pages[2]) {
		vm = vmap(vm_pages, 3, VM_MAP, PAGE_KERNEL);
		r.complete &= vm != NULL;
		if (vm) {
			fill_check(vm, 3 * PAGE_SIZE, 0x66);
			cr_assert_eq(*(unsigned char *)page_address(vm_pages[2]), 0x66);
		}
	}
	cr_assert_eq(ukmem_check(), 0, "ukmem_check() failed with everything held");

	vunmap(vm);
	for (int i = 0; i < 3; i++)
		if (vm_pages[i])
			__free_page(vm_pages[i]);
	kvfree(kv);
	vfree(v);
	kfree(k_large);
	kfree(k_mid);
	kfree(k_small);
	for (unsigned int o = 0; o < 4; o++)
		if (pg[o])
			__free_pages(pg[o], o);
	return r;
}

static void sweep(const char *cmdline)
{
	unsigned int n, failed_runs = 0, kv_fallbacks = 0;

	for (n = 1; n < 1000; n++) {
		struct sweep_result r;
		unsigned long left;

		ut_boot(cmdline);
		lift_filters();
		fi_write(FS "verbose", "1");
		fi_write(FPA "verbose", "1");
		ut_mark();
		{
			char val[16];

			snprintf(val, sizeof(val), "%u", n);
			fi_write(NTH, val);
		}
		r = sweep_scenario();
		left = fi_read_ul(NTH);
		fi_write(NTH, "0");
		{
			/*
			 * One failure at most, and never the page allocator's own
			 * failure or OOM report (vmalloc's warn_alloc, with its
			 * Mem-Info, is the caller's report and may come)
			 */
			char *log = ut_log_since();

			cr_assert_leq(ut_count(log, "FAULT_INJECTION: forcing a failure.\n"),
				      left ? 0 : 1, "fail-nth=%u:\n%s", n, log);
			ut_assert_log_lacks(log, "page allocation failure");
			ut_assert_log_lacks(log, "invoked oom-killer");
			free(log);
		}
		if (r.kv_fallback)
			kv_fallbacks++;
		failed_runs += !r.complete;
		cr_assert_eq(ukmem_check(), 0, "fail-nth=%u: ukmem_check() failed", n);
		fi_end();
		if (left) {
			/* the fault never fired: every point has been tried */
			cr_assert(r.complete, "fail-nth=%u did not fire, yet a step failed", n);
			cr_assert_not(r.kv_fallback);
			break;
		}
	}
	cr_assert_lt(n, 1000, "the sweep did not end");
	cr_assert_gt(n, 20, "only %u failure points: the hooks are missing", n - 1);
	/* some points fail cleanly, and some are absorbed by a fallback */
	cr_assert_gt(failed_runs, 0);
	cr_assert_lt(failed_runs, n - 1);
	cr_assert_gt(kv_fallbacks, 0, "no run went through kvmalloc's vmalloc fallback");
	cr_log_info(
		"fault_inject sweep (%s): %u failure points, %u failed cleanly, %u kvmalloc fallbacks",
		cmdline, n - 1, failed_runs, kv_fallbacks);
}

Test(fault_inject, sweep_fail_nth, .timeout = 600)
{
	sweep("mem=64M");
}

/* a 32-bit machine with highmem: vmalloc's pages come from HighMem */
Test(fault_inject, sweep_fail_nth_highmem, .timeout = 600)
{
	sweep("arch=arm mem=800M");
}

/*
 * Probability instead of fail-nth: many failures per run, in any
 * combination, on one machine; it stays consistent and nothing is lost.
 */
Test(fault_inject, random_failures, .timeout = 600)
{
	unsigned int complete = 0;

	ut_boot("mem=64M ukmem.seed=7");
	lift_filters();
	fi_write(FS "verbose", "0");
	fi_write(FPA "verbose", "0");
	fi_write(FS "times", "-1");
	fi_write(FPA "times", "-1");
	fi_write(FS "probability", "3");
	fi_write(FPA "probability", "3");
	for (int i = 0; i < 200; i++)
		complete += sweep_scenario().complete;
	fi_write(FS "probability", "0");
	fi_write(FPA "probability", "0");
	cr_assert_lt(complete, 200, "no run met a failure");
	cr_assert_gt(complete, 0, "every run met a failure");
	cr_log_info("fault_inject random: %u of 200 runs complete", complete);
	fi_end();
}
