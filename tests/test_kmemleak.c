// SPDX-License-Identifier: GPL-2.0
/*
 * test_kmemleak.c - kmemleak=on: one leaked object among referenced ones
 * is found, and only it, in 6.12's report format; kmemleak_not_leak and
 * kmemleak_ignore; the minimum age; clear; off; stack=off; the scanning
 * thread; and the bad values of the file and the parameters.
 *
 * Leaked pointers are kept XORed with a mask so that no copy of the
 * address stays where the scan searches, and the stack below the test is
 * overwritten after the leaking call (scrub_stack) so no dead frame holds
 * one either.  Every test frees what it leaked before the end, which
 * requires the machine to be consistent and leak-free.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/rcupdate.h>
#include <linux/gfp.h>
#include <linux/kmemleak.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "kernel/kinternal.h"

#define MASK ((uintptr_t)0x5a5a5a5a5a5a5a5aULL)
#define KL "/sys/kernel/debug/kmemleak"

static void km_end(void)
{
	cr_assert_eq(ukmem_check(), 0, "ukmem_check() found errors");
	ukmem_shutdown();
	cr_assert_eq(ukmem_shutdown_leaked(), 0, "pages still held at shutdown");
	cr_assert_eq(ukmem_shutdown_leaked_objects(), 0, "slab objects still held at shutdown");
}

static ssize_t km_write(const char *cmd)
{
	return ukmem_proc_write(KL, cmd, strlen(cmd));
}

/*
 * Overwrite the dead stack below the caller, where freed frames held
 * pointers.  Not instrumented: ASan would put red zones around the
 * buffer, which stay unwritten.
 */
static noinline __attribute__((no_sanitize("address"))) void scrub_stack(void)
{
	volatile char buf[65536];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = 0;
#ifdef __x86_64__
	/* and the caller-saved registers, which a later call may spill */
	__asm__ __volatile__("xor %%eax, %%eax\n\txor %%ecx, %%ecx\n\txor %%edx, %%edx\n\t"
			     "xor %%esi, %%esi\n\txor %%edi, %%edi\n\txor %%r8d, %%r8d\n\t"
			     "xor %%r9d, %%r9d\n\txor %%r10d, %%r10d\n\txor %%r11d, %%r11d\n\t"
			     "pxor %%xmm0, %%xmm0\n\tpxor %%xmm1, %%xmm1\n\tpxor %%xmm2, %%xmm2\n\t"
			     "pxor %%xmm3, %%xmm3\n\tpxor %%xmm4, %%xmm4\n\tpxor %%xmm5, %%xmm5\n\t"
			     "pxor %%xmm6, %%xmm6\n\tpxor %%xmm7, %%xmm7"
			     :
			     :
			     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "xmm0",
			       "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "memory");
#endif
}

/*
 * A scan from a clean stack: dead frames of earlier calls (the report's
 * printing, an allocation) would otherwise still hold the addresses.
 */
static noinline void km_scan(void)
{
	scrub_stack();
	cr_assert_eq(km_write("scan"), 4);
}

/*
 * The masked address of @p, opaque to the optimiser: it cannot keep @p
 * itself alive in a register and undo the mask later.
 */
static noinline uintptr_t hide(void *p)
{
	uintptr_t v = (uintptr_t)p ^ MASK;

	__asm__ __volatile__("" : "+r"(v));
	return v;
}

/* A kmalloc'd object whose only trace is its masked address. */
static noinline uintptr_t leak_one(size_t size, char fill)
{
	char *p = kmalloc(size, GFP_KERNEL);

	cr_assert_not_null(p);
	memset(p, fill, size);
	memcpy(p, "leak-me!", 8);
	return hide(p);
}

static void *unmask(uintptr_t v)
{
	__asm__ __volatile__("" : "+r"(v));
	return (void *)(v ^ MASK);
}

static u32 test_crc32(const void *p, size_t len)
{
	const unsigned char *b = p;
	u32 crc = 0;

	for (size_t i = 0; i < len; i++) {
		crc ^= b[i];
		for (int k = 0; k < 8; k++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320U : crc >> 1;
	}
	return crc;
}

/* A large kmalloc (0), a vmalloc area (1) or a kvmalloc block (2), hidden. */
static noinline uintptr_t alloc_hidden(int kind, size_t size)
{
	void *p = kind == 0   ? kmalloc(size, GFP_KERNEL)
		  : kind == 1 ? vmalloc(size)
			      : kvmalloc(size, GFP_KERNEL);

	cr_assert_not_null(p);
	memset(p, 'k', size);
	return hide(p);
}

/* ---- the scenario: one leak among referenced objects ----------------- */

struct chain {
	struct chain *next;
	char payload[56];
};

static void *global_ref; /* a kmalloc object referenced from the data segment */
static void *global_vm; /* a vmalloc area that points into a kmalloc object */
static void *global_big_vm;
static struct kmem_cache *global_cache; /* ukmem's cache structures: never reported */
static void *global_cache_obj;

struct other_thread {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool ready, done;
	uintptr_t masked; /* what the thread holds on its stack, masked */
};

static void *other_thread_fn(void *arg)
{
	struct other_thread *t = arg;
	void *volatile on_stack = kmalloc(100, GFP_KERNEL);

	memset(on_stack, 'S', 100);
	pthread_mutex_lock(&t->lock);
	t->masked = (uintptr_t)on_stack ^ MASK;
	t->ready = true;
	pthread_cond_broadcast(&t->cond);
	while (!t->done)
		pthread_cond_wait(&t->cond, &t->lock);
	pthread_mutex_unlock(&t->lock);
	kfree(on_stack);
	return NULL;
}

/* A kmalloc'd chain of three at table[1]: no other copy of its addresses. */
static noinline void make_chain(void **table)
{
	struct chain *c = kzalloc(sizeof(*c), GFP_KERNEL);

	c->next = kzalloc(sizeof(*c), GFP_KERNEL);
	c->next->next = kzalloc(sizeof(*c), GFP_KERNEL);
	strcpy(c->payload, "chain");
	table[1] = c;
}

Test(kmemleak, finds_exactly_the_leak)
{
	struct other_thread t = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false,
				 0};
	void **table = calloc(4, sizeof(void *)); /* host heap: a root */
	uintptr_t leaked, inner;
	char *log, *report, want[160];
	struct chain *c;
	pthread_t th;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	log = ut_dmesg();
	ut_assert_log_has(log, "kmemleak: Kernel memory leak detector initialized (mem pool "
			       "available: 16000)\n");
	ut_assert_log_lacks(log, "Automatic memory scanning thread started");
	free(log);

	global_ref = kmalloc(40, GFP_KERNEL);
	memset(global_ref, 'G', 40);
	global_cache = kmem_cache_create("kmemleak_test", 72, 0, 0, NULL);
	cr_assert_not_null(global_cache);
	global_cache_obj = kmem_cache_alloc(global_cache, GFP_KERNEL);
	cr_assert_not_null(table);
	/* a chain of three, reachable only from the host-heap root */
	make_chain(table);
	cr_assert_eq(ukmem_kmemleak_add_root(table, 4 * sizeof(void *)), 0);
	/* a vmalloc area big enough for its page array to be vmalloc'd too (ukmem's own) */
	global_big_vm = vmalloc(8 << 20);
	cr_assert_not_null(global_big_vm);
	/* a vmalloc area holding a pointer into the middle of a kmalloc object */
	global_vm = vzalloc(3 * PAGE_SIZE);
	inner = leak_one(256, 'V');
	((uintptr_t *)global_vm)[700] = (uintptr_t)unmask(inner) + 100;
	/* an object held only on another thread's stack */
	cr_assert_eq(pthread_create(&th, NULL, other_thread_fn, &t), 0);
	pthread_mutex_lock(&t.lock);
	while (!t.ready)
		pthread_cond_wait(&t.cond, &t.lock);
	pthread_mutex_unlock(&t.lock);

	leaked = leak_one(32, 'L');
	scrub_stack();

	ut_mark();
	km_scan(); /* every object is new: its checksum changes, so it waits */
	km_scan();
	log = ut_log_since();
	ut_assert_log_has(log, "kmemleak: 1 new suspected memory leaks (see "
			       "/sys/kernel/debug/kmemleak)\n");
	free(log);

	report = ut_read(KL);
	cr_assert_not_null(report);
	cr_assert_eq(ut_count(report, "unreferenced object"), 1, "report:\n%s", report);
	snprintf(want, sizeof(want), "unreferenced object 0x%08lx (size 32):\n",
		 (unsigned long)unmask(leaked));
	cr_assert_not_null(strstr(report, want), "want %s in:\n%s", want, report);
	snprintf(want, sizeof(want), "\n  comm \"[^\"]+\", pid %d, jiffies [0-9]+$", getpid());
	cr_assert(ut_match(report, want + 1), "comm line in:\n%s", report);
	ut_assert_log_has(
		report, "\n  hex dump (first 32 bytes):\n"
			"    6c 65 61 6b 2d 6d 65 21 4c 4c 4c 4c 4c 4c 4c 4c  leak-me!LLLLLLLL\n"
			"    4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c 4c  LLLLLLLLLLLLLLLL\n");
	snprintf(want, sizeof(want), "\n  backtrace (crc %x):\n", test_crc32(unmask(leaked), 32));
	ut_assert_log_has(report, want);
	cr_assert(ut_match(report, "^    leak_one\\+0x[0-9a-f]+/0x[0-9a-f]+"), "frames in:\n%s",
		  report);
	cr_assert(ut_match(report, "^    [a-z_]*kmalloc[a-z_]*\\+0x[0-9a-f]+/0x[0-9a-f]+"),
		  "frames in:\n%s", report);
	free(report);

	/* a third scan finds nothing new; the report stays */
	ut_mark();
	km_scan();
	log = ut_log_since();
	ut_assert_log_lacks(log, "new suspected memory leaks");
	free(log);
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 1);
	free(report);

	/* without its root the chain leaks: the root was what kept it */
	cr_assert_eq(km_write("clear"), 5);
	cr_assert_eq(ukmem_kmemleak_del_root(table), 0);
	ut_mark();
	km_scan();
	km_scan();
	log = ut_log_since();
	ut_assert_log_has(log, "kmemleak: 3 new suspected memory leaks");
	free(log);
	/* and the object the vmalloc area pointed into leaks without that pointer */
	cr_assert_eq(km_write("clear"), 5);
	((uintptr_t *)global_vm)[700] = 0;
	ut_mark();
	km_scan();
	km_scan();
	log = ut_log_since();
	ut_assert_log_has(log, "kmemleak: 1 new suspected memory leaks");
	free(log);
	report = ut_read(KL);
	snprintf(want, sizeof(want), "unreferenced object 0x%08lx (size 256):\n",
		 (unsigned long)unmask(inner));
	ut_assert_log_has(report, want);
	free(report);

	/* everything back */
	kfree(unmask(leaked));
	pthread_mutex_lock(&t.lock);
	t.done = true;
	pthread_cond_broadcast(&t.cond);
	pthread_mutex_unlock(&t.lock);
	pthread_join(th, NULL);
	kfree(unmask(inner));
	vfree(global_vm);
	vfree(global_big_vm);
	c = table[1];
	kfree(c->next->next);
	kfree(c->next);
	kfree(c);
	cr_assert_eq(ukmem_kmemleak_del_root(table), -ENOENT);
	free(table);
	kmem_cache_free(global_cache, global_cache_obj);
	kmem_cache_destroy(global_cache);
	kfree(global_ref);

	/* a freed leak is no longer listed */
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 0, "report:\n%s", report);
	free(report);
	km_end();
}

Test(kmemleak, large_kmalloc_vmalloc_and_kvmalloc_are_tracked)
{
	uintptr_t big, vm, kv;
	char *report, want[96];

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	big = alloc_hidden(0, 20000);
	vm = alloc_hidden(1, 10000);
	kv = alloc_hidden(2, 50000);
	scrub_stack();
	ut_mark();
	km_scan();
	km_scan();
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 3, "report:\n%s", report);
	snprintf(want, sizeof(want), "unreferenced object 0x%08lx (size 20000):\n",
		 (unsigned long)unmask(big));
	ut_assert_log_has(report, want);
	snprintf(want, sizeof(want), "unreferenced object 0x%08lx (size 10000):\n",
		 (unsigned long)unmask(vm));
	ut_assert_log_has(report, want);
	snprintf(want, sizeof(want), "unreferenced object 0x%08lx (size 50000):\n",
		 (unsigned long)unmask(kv));
	ut_assert_log_has(report, want);
	free(report);
	kfree(unmask(big));
	vfree(unmask(vm));
	kvfree(unmask(kv));
	km_end();
}

Test(kmemleak, page_allocator_and_vmap_are_not_tracked)
{
	struct page *pages[2];
	uintptr_t pg, vm;
	char *report;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	pg = hide(page_address(pages[0]));
	vm = hide(vmap(pages, 2, VM_MAP, PAGE_KERNEL));
	cr_assert_neq(vm, MASK);
	scrub_stack();
	km_scan();
	km_scan();
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 0, "report:\n%s", report);
	free(report);
	vunmap(unmask(vm));
	(void)pg;
	__free_page(pages[0]);
	__free_page(pages[1]);
	km_end();
}

Test(kmemleak, not_leak_and_ignore)
{
	uintptr_t a, b, c;
	char *report, *log, want[96];

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	a = leak_one(48, 'a');
	b = leak_one(48, 'b');
	c = leak_one(48, 'c');
	kmemleak_not_leak(unmask(a));
	kmemleak_ignore(unmask(b));
	scrub_stack();
	km_scan();
	km_scan();
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 1, "report:\n%s", report);
	/* a slab object's size is its cache's object size, as 6.12 */
	snprintf(want, sizeof(want), "unreferenced object 0x%08lx (size 64):\n",
		 (unsigned long)unmask(c));
	ut_assert_log_has(report, want);
	free(report);

	/* marking an address kmemleak does not know warns with the stack */
	ut_mark();
	kmemleak_not_leak((char *)unmask(a) + 8);
	kmemleak_ignore(&a);
	log = ut_log_since();
	snprintf(want, sizeof(want),
		 "kmemleak: Trying to color unknown object at 0x%08lx as Grey\n",
		 (unsigned long)unmask(a) + 8);
	ut_assert_log_has(log, want);
	snprintf(want, sizeof(want),
		 "kmemleak: Trying to color unknown object at 0x%08lx as Black\n",
		 (unsigned long)&a);
	ut_assert_log_has(log, want);
	ut_assert_log_has(log, "Call Trace:");
	free(log);

	kfree(unmask(a));
	kfree(unmask(b));
	kfree(unmask(c));
	km_end();
}

Test(kmemleak, minimum_age)
{
	uintptr_t a;
	char *report;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=3600000");
	a = leak_one(64, 'm');
	scrub_stack();
	km_scan();
	km_scan();
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 0, "report:\n%s", report);
	free(report);
	kfree(unmask(a));
	km_end();
}

Test(kmemleak, clear_forgets_the_reported)
{
	uintptr_t a, b;
	char *report, *log, want[96];

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	a = leak_one(64, 'x');
	scrub_stack();
	km_scan();
	km_scan();
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 1);
	free(report);
	cr_assert_eq(km_write("clear"), 5);
	report = ut_read(KL);
	cr_assert_str_empty(report);
	free(report);
	/* the cleared object is grey now; a new leak is still found */
	b = leak_one(64, 'y');
	scrub_stack();
	ut_mark();
	km_scan();
	km_scan();
	log = ut_log_since();
	ut_assert_log_has(log, "kmemleak: 1 new suspected memory leaks");
	free(log);
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 1, "report:\n%s", report);
	snprintf(want, sizeof(want), "unreferenced object 0x%08lx (size 64):\n",
		 (unsigned long)unmask(b));
	ut_assert_log_has(report, want);
	free(report);
	kfree(unmask(a));
	kfree(unmask(b));
	km_end();
}

Test(kmemleak, stack_off_ignores_thread_stacks)
{
	void *volatile held;
	char *report;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	held = kmalloc(24, GFP_KERNEL);
	memset(held, 's', 24);
	cr_assert_eq(km_write("stack=off"), 9);
	km_scan();
	km_scan();
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 1, "report:\n%s", report);
	free(report);
	cr_assert_eq(km_write("clear"), 5);
	cr_assert_eq(km_write("stack=on"), 8);
	km_scan();
	report = ut_read(KL);
	cr_assert_str_empty(report);
	free(report);
	kfree(held);
	km_end();
}

Test(kmemleak, off_with_and_without_leaks)
{
	uintptr_t a;
	char *report, *log;

	/* no leak found yet: off frees everything at once */
	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	ut_mark();
	cr_assert_eq(km_write("off"), 3);
	log = ut_log_since();
	ut_assert_log_has(log, "kmemleak: Kernel memory leak detector disabled\n");
	ut_assert_log_lacks(log, "without freeing internal data");
	free(log);
	cr_assert_eq(km_write("scan"), -EPERM);
	cr_assert_eq(km_write("off"), -EPERM);
	cr_assert_eq(km_write("clear"), 5);
	a = (uintptr_t)kmalloc(16, GFP_KERNEL); /* not tracked any more */
	kfree((void *)a);
	km_end();

	/* with leaks: their report stays until "clear" */
	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	a = leak_one(64, 'o');
	scrub_stack();
	km_scan();
	km_scan();
	ut_mark();
	cr_assert_eq(km_write("off"), 3);
	log = ut_log_since();
	ut_assert_log_has(log, "kmemleak: Kernel memory leak detector disabled\n");
	ut_assert_log_has(log, "kmemleak: Kmemleak disabled without freeing internal data. Reclaim "
			       "the memory with \"echo clear > /sys/kernel/debug/kmemleak\".\n");
	free(log);
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 1, "report:\n%s", report);
	free(report);
	cr_assert_eq(km_write("clear"), 5);
	report = ut_read(KL);
	cr_assert_str_empty(report);
	free(report);
	kfree(unmask(a));
	km_end();
}

Test(kmemleak, dump_and_bad_writes)
{
	uintptr_t a;
	char *log, cmd[64], want[96];

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	a = leak_one(32, 'd');
	ut_mark();
	snprintf(cmd, sizeof(cmd), "dump=0x%lx", (unsigned long)unmask(a));
	cr_assert_eq(km_write(cmd), (ssize_t)strlen(cmd));
	log = ut_log_since();
	snprintf(want, sizeof(want), "kmemleak: Object 0x%08lx (size 32):\n",
		 (unsigned long)unmask(a));
	ut_assert_log_has(log, want);
	ut_assert_log_has(log, "kmemleak:   min_count = 1\n");
	ut_assert_log_has(log, "kmemleak:   backtrace:\n");
	cr_assert(ut_match(log, "\\]  leak_one\\+0x[0-9a-f]+/0x[0-9a-f]+$"), "log:\n%s", log);
	free(log);

	ut_mark();
	cr_assert_eq(km_write("dump=0x1234"), -EINVAL);
	log = ut_log_since();
	ut_assert_log_has(log, "kmemleak: Unknown object at 0x00001234\n");
	free(log);
	cr_assert_eq(km_write("dump=banana"), -EINVAL);
	cr_assert_eq(km_write("bogus"), -EINVAL);
	cr_assert_eq(km_write("scan=abc"), -EINVAL);
	cr_assert_eq(km_write("scan=-1"), -EINVAL);
	cr_assert_eq(ukmem_kmemleak_add_root(NULL, 8), -EINVAL);
	cr_assert_eq(ukmem_kmemleak_add_root(&a, 0), -EINVAL);
	cr_assert_eq(ukmem_kmemleak_del_root(&a), -ENOENT);
	kfree(unmask(a));
	km_end();
}

Test(kmemleak, scanning_thread)
{
	char *log;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	ut_mark();
	cr_assert_eq(km_write("scan=on"), 7);
	cr_assert_eq(km_write("scan=on"), 7); /* already running: nothing */
	cr_assert_eq(km_write("scan=off"), 8);
	cr_assert_eq(km_write("scan=5"), 6);
	cr_assert_eq(km_write("scan=0"), 6); /* stops it */
	cr_assert_eq(km_write("scan=off"), 8);
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "kmemleak: Automatic memory scanning thread started\n"), 2,
		     "log:\n%s", log);
	cr_assert_eq(ut_count(log, "kmemleak: Automatic memory scanning thread ended\n"), 2,
		     "log:\n%s", log);
	free(log);
	/* shutdown stops a running thread */
	cr_assert_eq(km_write("scan=on"), 7);
	km_end();
}

Test(kmemleak, off_by_default_and_bad_parameters)
{
	char *log, *report;

	ut_boot("mem=64M");
	log = ut_dmesg();
	ut_assert_log_lacks(log, "kmemleak");
	free(log);
	report = ut_read(KL);
	cr_assert_not_null(report);
	cr_assert_str_empty(report);
	free(report);
	cr_assert_eq(km_write("scan"), -EPERM);
	cr_assert_eq(km_write("scan=on"), -EPERM);
	cr_assert_eq(km_write("clear"), 5);
	cr_assert_eq(ukmem_kmemleak_add_root(&log, sizeof(log)), 0); /* nothing to do */
	km_end();

	ut_boot("kmemleak=maybe");
	log = ut_dmesg();
	ut_assert_log_has(log, "Malformed early option 'kmemleak'\n");
	ut_assert_log_lacks(log, "memory leak detector initialized");
	free(log);
	cr_assert_eq(km_write("scan"), -EPERM);
	km_end();

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=soon");
	log = ut_dmesg();
	ut_assert_log_has(log, "Booting kernel: `soon' invalid for parameter "
			       "`ukmem.kmemleak_min_age_ms'\n");
	ut_assert_log_has(log, "kmemleak: Kernel memory leak detector initialized");
	free(log);
	km_end();
}

/* ---- more sources and users of tracked memory -------------------------- */

struct rcu_obj {
	struct rcu_head rcu;
	char data[40];
};

static noinline void queue_rcu_frees(void)
{
	struct rcu_obj *a = kmalloc(sizeof(*a), GFP_KERNEL);
	struct rcu_obj *b = kmalloc(sizeof(*b), GFP_KERNEL);

	memset(a->data, 'r', sizeof(a->data));
	memset(b->data, 'R', sizeof(b->data));
	kfree_rcu(a, rcu);
	kvfree_rcu(b, rcu);
}

Test(kmemleak, objects_waiting_for_rcu_are_not_leaks)
{
	char *report;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	queue_rcu_frees();
	km_scan(); /* waits for the grace period and the frees first */
	km_scan();
	report = ut_read(KL);
	cr_assert_str_empty(report);
	free(report);
	km_end();
}

Test(kmemleak, noleaktrace_caches_and_registered_memory)
{
	struct kmem_cache *quiet;
	static char region[4096];
	char *report, *log, want[96];
	uintptr_t q, host;
	void *h;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	quiet = kmem_cache_create("kmemleak_quiet", 48, 0, SLAB_NOLEAKTRACE, NULL);
	cr_assert_not_null(quiet);
	q = hide(kmem_cache_alloc(quiet, GFP_KERNEL));
	/*
	 * Host memory registered by hand, then lost.  An anonymous mapping:
	 * malloc's own bookkeeping (its top chunk) may point into a malloc'd
	 * block, and libc's data is searched.  The block starts 256 bytes
	 * into the page: the page's own address may well be in a root, as
	 * the end of the mapping below it (ld.so's data holds such an end,
	 * and the kernel put this page right above that mapping in some
	 * runs), and a scan rightly counts that as a reference.
	 */
	h = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(h, MAP_FAILED);
	h = (char *)h + 256;
	memset(h, 'h', 200);
	kmemleak_alloc(h, 200, 1, GFP_KERNEL);
	host = hide(h);
	h = NULL;
	/* a registered region whose middle is given back */
	kmemleak_alloc(region, sizeof(region), 0, GFP_KERNEL);
	kmemleak_free_part(region + 1024, 1024);
	cr_assert_eq(ukmem_check(), 0);
	ut_mark();
	cr_assert_eq(km_write("dump=0x0"), -EINVAL);
	snprintf(want, sizeof(want), "dump=0x%lx", (unsigned long)(region + 2048));
	cr_assert_eq(km_write(want), (ssize_t)strlen(want));
	log = ut_log_since();
	snprintf(want, sizeof(want), "kmemleak: Object 0x%08lx (size 2048):\n",
		 (unsigned long)(region + 2048));
	ut_assert_log_has(log, want);
	free(log);

	km_scan();
	km_scan();
	report = ut_read(KL);
	cr_assert_eq(ut_count(report, "unreferenced object"), 1, "report:\n%s", report);
	snprintf(want, sizeof(want), "unreferenced object 0x%08lx (size 200):\n",
		 (unsigned long)unmask(host));
	ut_assert_log_has(report, want);
	free(report);

	kmemleak_free(region);
	kmemleak_free(region + 2048);
	kmemleak_free(unmask(host));
	munmap((char *)unmask(host) - 256, 4096);
	kmem_cache_free(quiet, unmask(q));
	kmem_cache_destroy(quiet);
	km_end();
}

#define STRESS_THREADS 4
#define STRESS_ROUNDS 3000

static void *stress_fn(void *arg)
{
	void *held[16] = {0};
	unsigned int seed = (unsigned int)(uintptr_t)arg;

	for (int i = 0; i < STRESS_ROUNDS; i++) {
		unsigned int slot = (seed = seed * 1103515245u + 12345u) >> 28;
		unsigned int kind = (seed >> 8) % 8;

		kvfree(held[slot]);
		held[slot] = kind == 0	 ? vmalloc(5000)
			     : kind == 1 ? kvmalloc(20000, GFP_KERNEL)
					 : kmalloc(16 + (seed >> 12) % 600, GFP_KERNEL);
	}
	for (int i = 0; i < 16; i++)
		kvfree(held[i]);
	return NULL;
}

Test(kmemleak, scans_while_threads_allocate)
{
	pthread_t th[STRESS_THREADS];
	char *report;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0 nr_cpus=4");
	for (int i = 0; i < STRESS_THREADS; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, stress_fn, (void *)(uintptr_t)(i + 1)),
			     0);
	for (int i = 0; i < 20; i++) {
		km_scan();
		/* the records only: the other validators need a quiet machine */
		cr_assert_eq(ukmem_kmemleak_check(), 0);
	}
	for (int i = 0; i < STRESS_THREADS; i++)
		pthread_join(th[i], NULL);
	/* whatever a scan suspected while they ran has been freed since */
	report = ut_read(KL);
	cr_assert_str_empty(report, "report:\n%s", report);
	free(report);
	km_end();
}

Test(kmemleak, survives_fork)
{
	uintptr_t a;
	pid_t pid;
	int status;

	ut_boot("kmemleak=on ukmem.kmemleak_min_age_ms=0");
	a = leak_one(64, 'f');
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		char *report;
		int ok;

		km_scan();
		km_scan();
		report = ut_read(KL);
		ok = ut_count(report, "unreferenced object") == 1 && ukmem_check() == 0;
		free(report);
		kfree(unmask(a));
		_exit(ok ? 0 : 1);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
	kfree(unmask(a));
	km_end();
}
