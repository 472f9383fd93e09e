// SPDX-License-Identifier: GPL-2.0
/*
 * test_slab_bad_input.c - misuse of kfree() and kmem_cache_free() without
 * slub_debug: each case is reported at the offending call, in the kernel's
 * words, and refused; nothing is corrupted or lost.
 *
 * Under ukmem.bug=warn the naive double free (the object already at the
 * head of its free list) prints 6.12's freelist-hardening BUG and is
 * refused; under the default policy it ends the process.  A pointer ukmem
 * never handed out (a stack address, a libc heap block, a vmalloc
 * address) is refused with ukmem's "not in the kernel's direct map"
 * report; an address inside an object, or past a slab's last object, gets
 * 6.12's "Invalid object pointer" report (which 6.12 prints only with
 * slub_debug=F: without it the kernel would corrupt its free list); the
 * wrong cache warns and frees into the right one; a direct-map page that
 * is no slab warns once ("virt_to_cache: Object is not a Slab page!").
 * Every test ends with ukmem_check() == 0 and no leak.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include "helpers/slab_test.h"
#include <linux/panic.h>
#include <linux/vmalloc.h>
#include "mm/slab.h"

#define WARN_CMDLINE "mem=64M no_hash_pointers ukmem.bug=warn"

static const char *px(const void *p)
{
	static char buf[4][24];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "0x%016lx", (unsigned long)p);
	return buf[i];
}

/* @fn(@p) is refused with the direct-map report naming @who. */
static void assert_not_direct_map(const char *who, void (*fn)(void *), void *p)
{
	char line[128];
	char *log;

	ut_mark();
	fn(p);
	log = ut_log_since();
	snprintf(line, sizeof(line), "%s: %s is not in the kernel's direct map, not freed\n", who,
		 px(p));
	ut_assert_log_has(log, line);
	ut_assert_log_has(log, "Call Trace:");
	free(log);
}

static void do_kfree(void *p)
{
	kfree(p);
}

static struct kmem_cache *free_cache;

static void do_cache_free(void *p)
{
	kmem_cache_free(free_cache, p);
}

Test(slab_bad_input, pointers_never_handed_out)
{
	char on_stack[64];
	void *heap = malloc(64), *vm;

	st_boot(WARN_CMDLINE);
	free_cache = kmem_cache_create("bad-in", 64, 0, 0, NULL);
	vm = vmalloc(8192);
	cr_assert_not_null(vm);
	assert_not_direct_map("kfree", do_kfree, on_stack);
	assert_not_direct_map("kfree", do_kfree, heap);
	assert_not_direct_map("kfree", do_kfree, vm);
	assert_not_direct_map("kmem_cache_free", do_cache_free, on_stack);
	assert_not_direct_map("kmem_cache_free", do_cache_free, heap);
	assert_not_direct_map("kmem_cache_free", do_cache_free, vm);
	free(heap);
	vfree(vm);
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(free_cache);
	st_end();
}

static void assert_invalid_pointer(const char *cache, void *bad, void (*fn)(void *))
{
	char line[160];
	unsigned long before = ukmem_slab_debug_errors();
	char *log;

	ut_mark();
	fn(bad);
	log = ut_log_since();
	snprintf(line, sizeof(line), "] BUG %s (", cache);
	ut_assert_log_has(log, line);
	snprintf(line, sizeof(line), "): Invalid object pointer %s\n", px(bad));
	ut_assert_log_has(log, line);
	cr_assert(ut_match(log, "\\] WARNING: CPU: [0-9]+ PID: [0-9]+ at mm/slub.c:1152 "));
	snprintf(line, sizeof(line), "] FIX %s: Object at %s not freed\n", cache, px(bad));
	ut_assert_log_has(log, line);
	free(log);
	cr_assert_eq(ukmem_slab_debug_errors() - before, 2);
	cr_assert(test_taint(TAINT_BAD_PAGE));
}

Test(slab_bad_input, address_inside_an_object)
{
	struct slab *slab;
	unsigned int inuse;
	char *p, *q;

	st_boot(WARN_CMDLINE);
	p = kmalloc(64, GFP_KERNEL);
	q = kmalloc(96, GFP_KERNEL);
	slab = virt_to_slab(p);
	inuse = slab->inuse;
	assert_invalid_pointer("kmalloc-64", p + 8, do_kfree);
	assert_invalid_pointer("kmalloc-64", p + 63, do_kfree);
	assert_invalid_pointer("kmalloc-96", q + 1, do_kfree);
	free_cache = kmalloc_slab(64, GFP_KERNEL);
	assert_invalid_pointer("kmalloc-64", p + 32, do_cache_free);
	cr_assert_eq(slab->inuse, inuse, "a refused free changed the slab");
	cr_assert_eq(ukmem_check(), 0);
	/* the objects are intact and free normally */
	kfree(p);
	kfree(q);
	cr_assert_eq(ukmem_check(), 0);
	st_end();
}

Test(slab_bad_input, address_past_the_last_object)
{
	struct slab *slab;
	char *p, *tail;

	st_boot(WARN_CMDLINE);
	/* kmalloc-96: 42 objects in a page, 64 bytes left over */
	p = kmalloc(96, GFP_KERNEL);
	slab = virt_to_slab(p);
	tail = (char *)slab_address(slab) + (size_t)slab->objects * 96;
	cr_assert_lt(tail, (char *)slab_address(slab) + PAGE_SIZE);
	assert_invalid_pointer("kmalloc-96", tail, do_kfree);
	kfree(p);
	cr_assert_eq(ukmem_check(), 0);
	st_end();
}

Test(slab_bad_input, naive_double_free_under_warn)
{
	struct kmem_cache *s;
	void *a, *b;
	char *log;

	st_boot(WARN_CMDLINE);
	a = kmalloc(64, GFP_KERNEL);
	kfree(a);
	ut_mark();
	kfree(a);
	log = ut_log_since();
	cr_assert(ut_match(log, "\\] kernel BUG at mm/slub.c:[0-9]+!$"));
	cr_assert(ut_match(log, "\\] Oops: invalid opcode: 0000 \\[#1\\] PREEMPT SMP NOPTI$"));
	free(log);
	cr_assert_eq(ukmem_check(), 0);

	/* the same on a slab that is not this CPU's: the slab's own list */
	s = kmem_cache_create("dfree2", 256, 0, 0, NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, a);
	ut_mark();
	kmem_cache_free(s, a);
	log = ut_log_since();
	cr_assert(ut_match(log, "\\] kernel BUG at mm/slub.c:[0-9]+!$"));
	free(log);
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_bad_input, naive_double_free_ends_the_process, .signal = SIGABRT)
{
	void *a;

	st_boot("mem=64M");
	a = kmalloc(32, GFP_KERNEL);
	kfree(a);
	kfree(a);
}

Test(slab_bad_input, wrong_cache)
{
	struct kmem_cache *a, *b;
	struct slab *slab;
	void *p;
	char *log;

	st_boot(WARN_CMDLINE);
	a = kmem_cache_create("wrong-a", 64, 0, 0, NULL);
	b = kmem_cache_create("wrong-b", 128, 0, 0, NULL);
	p = kmem_cache_alloc(b, GFP_KERNEL);
	slab = virt_to_slab(p);
	ut_mark();
	kmem_cache_free(a, p);
	log = ut_log_since();
	ut_assert_log_has(log, "cache_from_obj: Wrong slab cache. wrong-a but object is from "
			       "wrong-b\n");
	free(log);
	cr_assert_eq(slab->slab_cache, b);
	kmem_cache_shrink(b);
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	st_end();
}

Test(slab_bad_input, page_that_is_no_slab)
{
	struct kmem_cache *s;
	struct page *page;
	char *log;

	st_boot(WARN_CMDLINE);
	s = kmem_cache_create("notslab", 64, 0, 0, NULL);
	page = alloc_page(GFP_KERNEL);
	ut_mark();
	kmem_cache_free(s, page_address(page));
	log = ut_log_since();
	ut_assert_log_has(log, "virt_to_cache: Object is not a Slab page!\n");
	free(log);
	cr_assert_eq(page_ref_count(page), 1, "the page was freed");
	__free_page(page);
	kmem_cache_destroy(s);
	cr_assert_eq(ukmem_check(), 0);
	st_end();
}

Test(slab_bad_input, inside_a_large_kmalloc)
{
	char line[128];
	char *p, *log;

	st_boot(WARN_CMDLINE);
	p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	cr_assert_not_null(p);
	ut_mark();
	kfree(p + PAGE_SIZE + 16);
	log = ut_log_since();
	snprintf(line, sizeof(line), "kfree: %s is inside the block at %s, not freed\n",
		 px(p + PAGE_SIZE + 16), px(p));
	ut_assert_log_has(log, line);
	free(log);
	p[3 * PAGE_SIZE - 1] = 1; /* still the caller's */
	kfree(p);
	cr_assert_eq(ukmem_check(), 0);
	st_end();
}
