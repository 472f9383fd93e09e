// SPDX-License-Identifier: GPL-2.0
/*
 * test_slub_debug.c - slub_debug: the parameter, the debug layout of an
 * object, user tracking and tracing, every report with its exact text and
 * its error count, what happens after a report, and validation.
 *
 * The KUnit cases of 6.12's lib/slub_kunit.c are here as ukmem_check()
 * cases: the same cache, the same corruption, the same error count (one
 * per report, one per FIX line).  Reports printed by an allocation or a
 * free are counted with ukmem_slab_debug_errors().  Every test ends with
 * ukmem_check() == 0 (the expected errors were consumed by then) and a
 * leak check; objects a report kept from being freed are counted as held
 * back, not leaked.
 *
 * Tests that look at addresses boot with no_hash_pointers (slub_debug=
 * implies it; debug flags given to kmem_cache_create do not, as in 6.12).
 */
/* the cases overrun objects on purpose; the compiler sees through __always_inline kmalloc */
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wunknown-warning-option"
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
#include <criterion/criterion.h>
#include <stdio.h>
#include <pthread.h>
#include <unistd.h>
#include "helpers/slab_test.h"
#include <linux/panic.h>
#include <linux/poison.h>
#include <linux/rcupdate.h>
#include "mm/slab.h"

#define FZPU (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

static unsigned long errs_before;

static void errs_mark(void)
{
	errs_before = ukmem_slab_debug_errors();
}

static long errs_since(void)
{
	return (long)(ukmem_slab_debug_errors() - errs_before);
}

/* An address as the reports print it with hashing off. */
static const char *px(const void *p)
{
	static char buf[4][24];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "0x%016lx", (unsigned long)p);
	return buf[i];
}

static void assert_has(const char *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void assert_has(const char *log, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ut_assert_log_has(log, line);
}

static struct kmem_cache *flags_of_kmalloc(size_t size)
{
	return kmalloc_slab(size, GFP_KERNEL);
}

/* End: consistent, nothing leaked, @held objects held back by reports. */
static void end_held(unsigned long held)
{
	st_end();
	cr_assert_eq(ukmem_shutdown_held_back_objects(), held, "held back %lu, expected %lu",
		     ukmem_shutdown_held_back_objects(), held);
}

/* ---- the parameter ------------------------------------------------------- */

Test(slub_debug_param, bare_word_is_fzpu_on_every_cache)
{
	char *log;

	st_boot("mem=64M slub_debug");
	cr_assert_eq(flags_of_kmalloc(64)->flags & SLAB_DEBUG_FLAGS, FZPU);
	cr_assert_eq(flags_of_kmalloc(4096)->flags & SLAB_DEBUG_FLAGS, FZPU);
	cr_assert_eq(kmem_cache->flags & SLAB_DEBUG_FLAGS, FZPU);
	log = ut_dmesg();
	ut_assert_log_has(log, "** This system shows unhashed kernel memory addresses   **");
	ut_assert_log_has(log, "mem auto-init: SLAB_POISON will take precedence over "
			       "init_on_alloc/init_on_free\n");
	free(log);
	end_held(0);
}

Test(slub_debug_param, cache_list_and_the_sample_geometry)
{
	struct kmem_cache *s;

	st_boot("mem=64M nr_cpus=2 slub_debug=FZPU,kmalloc-64");
	s = flags_of_kmalloc(64);
	cr_assert_eq(s->flags & SLAB_DEBUG_FLAGS, FZPU);
	cr_assert_eq(flags_of_kmalloc(128)->flags & SLAB_DEBUG_FLAGS, 0);
	cr_assert_eq(kmem_cache->flags & SLAB_DEBUG_FLAGS, 0);
	/* kgeom's line in slub-debug.txt */
	cr_assert_eq(s->object_size, 64);
	cr_assert_eq(s->size, 256);
	cr_assert_eq(s->align, 64);
	cr_assert_eq(s->offset, 72);
	cr_assert_eq(s->inuse, 72);
	cr_assert_eq(oo_objects(s->oo), 16);
	cr_assert_eq(s->red_left_pad, 64);
	cr_assert_eq(s->cpu_partial, 0);
	end_held(0);
}

Test(slub_debug_param, globs_blocks_and_letters)
{
	struct kmem_cache *foo, *bar, *nouser;
	char *log;

	st_boot("mem=64M slub_debug=Zx;U,foo*;P,kmalloc-*");
	log = ut_dmesg();
	ut_assert_log_has(log, "slab_debug option 'x' unknown. skipped\n");
	free(log);
	/* the listed blocks replace, not add to, the global flags */
	cr_assert_eq(flags_of_kmalloc(64)->flags & SLAB_DEBUG_FLAGS, SLAB_POISON);
	cr_assert_eq(kmalloc_caches[KMALLOC_RECLAIM][6]->flags & SLAB_DEBUG_FLAGS, SLAB_POISON);
	cr_assert_eq(kmem_cache->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE);
	foo = kmem_cache_create("foobar", 40, 0, 0, NULL);
	bar = kmem_cache_create("bar", 40, 0, 0, NULL);
	nouser = kmem_cache_create("foo_nouser", 40, 0, SLAB_NO_USER_FLAGS, NULL);
	cr_assert_eq(foo->flags & SLAB_DEBUG_FLAGS, SLAB_STORE_USER);
	cr_assert_eq(bar->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE);
	cr_assert_eq(nouser->flags & SLAB_DEBUG_FLAGS, 0);
	kmem_cache_destroy(foo);
	kmem_cache_destroy(bar);
	kmem_cache_destroy(nouser);
	end_held(0);
}

Test(slub_debug_param, dash_turns_everything_off_and_slab_spelling)
{
	st_boot("mem=64M slab_debug=FZ-");
	cr_assert_eq(flags_of_kmalloc(64)->flags & SLAB_DEBUG_FLAGS, 0);
	ukmem_shutdown();
	st_boot("mem=64M slab_debug=t,kmalloc-8");
	cr_assert_eq(flags_of_kmalloc(8)->flags & SLAB_DEBUG_FLAGS, SLAB_TRACE);
	end_held(0);
}

Test(slub_debug_param, o_keeps_metadata_off_when_the_order_would_rise)
{
	st_boot("mem=64M slub_debug=FZPUO");
	/* 8 KiB objects: order 1 without metadata, order 2 with it */
	cr_assert_eq(flags_of_kmalloc(8192)->flags & SLAB_DEBUG_FLAGS, SLAB_CONSISTENCY_CHECKS);
	cr_assert_eq(flags_of_kmalloc(64)->flags & SLAB_DEBUG_FLAGS, FZPU);
	end_held(0);
}

Test(slub_debug_param, debug_caches_do_not_merge)
{
	struct kmem_cache *a, *b;

	st_boot("mem=64M slub_debug=P,dbg*");
	a = kmem_cache_create("plain", 64, 0, 0, NULL);
	b = kmem_cache_create("dbg-a", 64, 0, 0, NULL);
	cr_assert_neq(a, b);
	cr_assert(b->flags & SLAB_POISON);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	end_held(0);
}

/* ---- object layout -------------------------------------------------------------- */

Test(slub_debug_layout, red_zones_poison_padding_and_tracks)
{
	struct kmem_cache *s;
	u8 *p, *slot;
	struct track *t;

	st_boot("mem=64M no_hash_pointers");
	s = kmem_cache_create("lay", 64, 0, FZPU, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	slot = p - s->red_left_pad;
	/* allocated: left and right red zones active, body still poison */
	for (unsigned int i = 0; i < s->red_left_pad; i++)
		cr_assert_eq(slot[i], SLUB_RED_ACTIVE);
	for (unsigned int i = s->object_size; i < s->inuse; i++)
		cr_assert_eq(p[i], SLUB_RED_ACTIVE);
	cr_assert_eq(p[0], POISON_FREE);
	cr_assert_eq(p[63], POISON_END);
	t = (struct track *)(p + s->inuse + sizeof(void *));
	cr_assert_eq(t[TRACK_ALLOC].pid, getpid());
	cr_assert_neq(t[TRACK_ALLOC].addr, 0);
	cr_assert_neq(t[TRACK_ALLOC].handle, 0);
	cr_assert_eq(t[TRACK_FREE].addr, 0);
	/* padding after the tracks */
	cr_assert_eq(p[s->size - s->red_left_pad - 1], POISON_INUSE);
	kmem_cache_free(s, p);
	/* free: red zones inactive, poisoned again, free track set */
	cr_assert_eq(slot[0], SLUB_RED_INACTIVE);
	cr_assert_eq(p[s->object_size], SLUB_RED_INACTIVE);
	cr_assert_eq(p[0], POISON_FREE);
	cr_assert_neq(t[TRACK_FREE].addr, 0);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_debug_layout, kmalloc_red_zone_beyond_the_request)
{
	u8 *p;

	st_boot("mem=64M slub_debug=ZU,kmalloc-32");
	p = kmalloc(18, GFP_KERNEL);
	/* init_on_alloc zeroes only what was asked for */
	for (int i = 0; i < 18; i++)
		cr_assert_eq(p[i], 0);
	for (int i = 18; i < 32; i++)
		cr_assert_eq(p[i], SLUB_RED_ACTIVE, "byte %d", i);
	/* ksize() gives the whole object: no kmalloc red zone any more */
	cr_assert_eq(ksize(p), 32);
	p[31] = 1;
	errs_mark();
	cr_assert_eq(ukmem_check(), 0);
	kfree(p);
	cr_assert_eq(errs_since(), 0);
	end_held(0);
}

/* ---- the reports of slub-debug.txt, on kmalloc-64 ---------------------------------- */

static noinline void *alloc_site(size_t size)
{
	return kmalloc(size, GFP_KERNEL);
}

Test(slub_debug_report, right_redzone_overwritten_on_kfree)
{
	struct slab *slab;
	u8 *p;
	char *log;

	st_boot("mem=64M slub_debug=FZPU,kmalloc-64");
	p = alloc_site(64);
	slab = virt_to_slab(p);
	p[64] = 0x42;
	errs_mark();
	ut_mark();
	kfree(p);
	log = ut_log_since();
	assert_has(log,
		   "] [Right Redzone overwritten] %s-%s @offset=%lu. First byte 0x42 instead of "
		   "0xcc\n",
		   px(p + 64), px(p + 64), (unsigned long)(p + 64 - (u8 *)slab_address(slab)));
	assert_has(
		log,
		"] =============================================================================\n");
	assert_has(log, "] BUG kmalloc-64 (Not tainted): Object corrupt\n");
	assert_has(
		log,
		"] -----------------------------------------------------------------------------\n");
	cr_assert(ut_match(log,
			   "\\] Allocated in [a-z_]+\\+0x[0-9a-f]+/0x[0-9a-f]+ age=[0-9]+ cpu=0 "
			   "pid=[0-9]+$"));
	cr_assert(ut_match(log, "\\]  alloc_site\\+0x[0-9a-f]+/0x[0-9a-f]+$"), "%s", log);
	assert_has(log, "] Slab %s objects=16 used=", px(slab));
	assert_has(log, "] Object %s @offset=%lu fp=0x", px(p),
		   (unsigned long)(p - (u8 *)slab_address(slab)));
	assert_has(log,
		   "] Redzone  %016lx: cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc  "
		   "................\n",
		   (unsigned long)(p - 64));
	assert_has(log,
		   "] Object   %016lx: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b a5  "
		   "kkkkkkkkkkkkkkk.\n",
		   (unsigned long)(p + 48));
	assert_has(log,
		   "] Redzone  %016lx: 42 cc cc cc cc cc cc cc                          "
		   "B.......\n",
		   (unsigned long)(p + 64));
	assert_has(log,
		   "] Padding  %016lx: 5a 5a 5a 5a 5a 5a 5a 5a                          "
		   "ZZZZZZZZ\n",
		   (unsigned long)(p + 184));
	assert_has(log, "] Disabling lock debugging due to kernel taint\n");
	cr_assert(ut_match(log, "\\] WARNING: CPU: 0 PID: [0-9]+ at mm/slub.c:1127 object_err\\+"));
	assert_has(log, "] FIX kmalloc-64: Restoring Right Redzone %s-%s=0xcc\n", px(p + 64),
		   px(p + 64));
	assert_has(log, "] FIX kmalloc-64: Object at %s not freed\n", px(p));
	free(log);
	cr_assert_eq(errs_since(), 3);
	cr_assert(test_taint(TAINT_BAD_PAGE));
	/* restored, and the object was not freed */
	cr_assert_eq(p[64], SLUB_RED_ACTIVE);
	cr_assert_eq(ukmem_check(), 0);
	end_held(1);
}

Test(slub_debug_report, poison_overwritten_disables_the_slab)
{
	struct kmem_cache *s;
	struct slab *slab;
	u8 *p, *q, *guard;
	char *log;

	st_boot("mem=64M no_hash_pointers ukmem.bug=warn");
	s = kmem_cache_create("gold", 64, 0, FZPU, NULL);
	guard = kmem_cache_alloc(s, GFP_KERNEL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(p);
	kmem_cache_free(s, p);
	p[0] = 0x42; /* write after free */
	errs_mark();
	ut_mark();
	q = kmem_cache_alloc(s, GFP_KERNEL);
	log = ut_log_since();
	assert_has(log,
		   "] [Poison overwritten] %s-%s @offset=%lu. First byte 0x42 instead of 0x6b\n",
		   px(p), px(p), (unsigned long)(p - (u8 *)slab_address(slab)));
	assert_has(log, "] BUG gold (Not tainted): Object corrupt\n");
	cr_assert(ut_match(log, "\\] Freed in [a-z_]+\\+0x[0-9a-f]+/0x[0-9a-f]+ age=[0-9]+ cpu=0 "
				"pid=[0-9]+$"));
	assert_has(log, "] Object   %016lx: 42 6b 6b 6b", (unsigned long)p);
	assert_has(log, "] FIX gold: Restoring Poison %s-%s=0x6b\n", px(p), px(p));
	assert_has(log, "] FIX gold: Marking all objects used\n");
	free(log);
	cr_assert_eq(errs_since(), 3);
	cr_assert_not_null(q);
	cr_assert_neq(virt_to_slab(q), slab, "the disabled slab handed an object out");
	cr_assert_eq(slab->inuse, slab->objects);
	cr_assert_null(slab->freelist);

	/* a later free into it is refused */
	errs_mark();
	ut_mark();
	kmem_cache_free(s, guard);
	log = ut_log_since();
	assert_has(log, "] BUG gold (Tainted: G    B   W         ): Slab disabled since SLUB "
			"metadata consistency check failed\n");
	assert_has(log, "] Slab %s objects=%u used=%u fp=0x0000000000000000 flags=", px(slab),
		   slab->objects, slab->objects);
	cr_assert(ut_match(log, "\\] WARNING: CPU: 0 PID: [0-9]+ at mm/slub.c:1152 __slab_err\\+"));
	assert_has(log, "] FIX gold: Object at %s not freed\n", px(guard));
	free(log);
	cr_assert_eq(errs_since(), 2);
	kmem_cache_free(s, q);
	cr_assert_eq(ukmem_check(), 0);
	/* the cache keeps its disabled slab: destroy warns and keeps it */
	kmem_cache_destroy(s);
	end_held(oo_objects(s->oo));
}

Test(slub_debug_report, double_free_is_object_already_free)
{
	struct kmem_cache *s;
	struct slab *slab;
	unsigned int inuse;
	u8 *p, *guard;
	char *log;

	st_boot("mem=64M no_hash_pointers ukmem.bug=warn");
	s = kmem_cache_create("df", 64, 0, FZPU, NULL);
	guard = kmem_cache_alloc(s, GFP_KERNEL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(p);
	kmem_cache_free(s, p);
	inuse = slab->inuse;
	errs_mark();
	ut_mark();
	kmem_cache_free(s, p);
	log = ut_log_since();
	assert_has(log, "] BUG df (Not tainted): Object already free\n");
	cr_assert(ut_match(log, "\\] Freed in "));
	assert_has(log, "] Object %s @offset=", px(p));
	assert_has(log, "] Redzone  %016lx: bb bb bb bb", (unsigned long)(p - s->red_left_pad));
	assert_has(log, "] FIX df: Object at %s not freed\n", px(p));
	ut_assert_log_lacks(log, "kernel BUG at");
	free(log);
	cr_assert_eq(errs_since(), 2);
	cr_assert_eq(slab->inuse, inuse, "the double free freed something");
	cr_assert_eq(ukmem_check(), 0);

	/* the slab's last object freed twice: 6.12's count check catches it first */
	kmem_cache_free(s, guard);
	errs_mark();
	ut_mark();
	kmem_cache_free(s, guard);
	log = ut_log_since();
	assert_has(log,
		   "] BUG df (Tainted: G    B   W         ): Slab has 0 allocated objects but 1 "
		   "are to be freed\n");
	assert_has(log, "] FIX df: Object at %s not freed\n", px(guard));
	free(log);
	cr_assert_eq(errs_since(), 2);
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_debug_report, invalid_object_pointer)
{
	struct kmem_cache *s;
	u8 *p;
	char *log;

	st_boot("mem=64M no_hash_pointers ukmem.bug=warn");
	s = kmem_cache_create("inv", 64, 0, FZPU, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	errs_mark();
	ut_mark();
	kmem_cache_free(s, p + 8);
	log = ut_log_since();
	assert_has(log, "] BUG inv (Not tainted): Invalid object pointer %s\n", px(p + 8));
	cr_assert(ut_match(log, "\\] WARNING: CPU: 0 PID: [0-9]+ at mm/slub.c:1152 __slab_err\\+"));
	assert_has(log, "] FIX inv: Object at %s not freed\n", px(p + 8));
	free(log);
	cr_assert_eq(errs_since(), 2);
	kmem_cache_free(s, p);
	cr_assert_eq(errs_since(), 2);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_debug_report, left_redzone_and_object_padding)
{
	struct kmem_cache *s;
	u8 *p, *q;
	unsigned int pad;
	char *log;

	st_boot("mem=64M no_hash_pointers");
	s = kmem_cache_create("lr", 64, 0, FZPU, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	p[-1] = 0x11;
	errs_mark();
	ut_mark();
	kmem_cache_free(s, p);
	log = ut_log_since();
	assert_has(log, "] [Left Redzone overwritten] %s-%s @offset=", px(p - 1), px(p - 1));
	assert_has(log, ". First byte 0x11 instead of 0xcc\n");
	assert_has(log, "] FIX lr: Restoring Left Redzone %s-%s=0xcc\n", px(p - 1), px(p - 1));
	free(log);
	cr_assert_eq(errs_since(), 3);

	/* the padding after the tracks */
	pad = s->inuse + sizeof(void *) + 2 * sizeof(struct track);
	cr_assert_lt(pad, s->size - s->red_left_pad);
	q[pad] = 0x33;
	errs_mark();
	ut_mark();
	kmem_cache_free(s, q);
	log = ut_log_since();
	assert_has(log, "] [Object padding overwritten] %s-%s @offset=", px(q + pad), px(q + pad));
	assert_has(log, "] FIX lr: Restoring Object padding %s-%s=0x5a\n", px(q + pad),
		   px(q + pad));
	free(log);
	cr_assert_eq(errs_since(), 3);
	/* both were kept: free them again, now intact */
	kmem_cache_free(s, p);
	kmem_cache_free(s, q);
	cr_assert_eq(errs_since(), 3);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_debug_report, kmalloc_redzone_overwritten)
{
	u8 *p;
	char *log;

	st_boot("mem=64M slub_debug=FZPU,kmalloc-32");
	p = kmalloc(18, GFP_KERNEL);
	p[18] = 0xab;
	p[19] = 0xab;
	errs_mark();
	ut_mark();
	kfree(p);
	log = ut_log_since();
	assert_has(log, "] [kmalloc Redzone overwritten] %s-%s @offset=", px(p + 18), px(p + 19));
	assert_has(log, ". First byte 0xab instead of 0xcc\n");
	assert_has(log, "] FIX kmalloc-32: Restoring kmalloc Redzone %s-%s=0xcc\n", px(p + 18),
		   px(p + 19));
	free(log);
	cr_assert_eq(errs_since(), 3);
	kfree(p);
	cr_assert_eq(errs_since(), 3);
	end_held(0);
}

Test(slub_debug_report, destroy_with_a_tracked_live_object)
{
	struct kmem_cache *s;
	void *p;
	char *log;

	st_boot("mem=64M no_hash_pointers");
	s = kmem_cache_create("gold-leak-u", 64, 0, SLAB_STORE_USER, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	errs_mark();
	ut_mark();
	kmem_cache_destroy(s);
	log = ut_log_since();
	assert_has(log, "] BUG gold-leak-u (Not tainted): Objects remaining on "
			"__kmem_cache_shutdown()\n");
	assert_has(log, "] Object %s @offset=%lu\n", px(p),
		   (unsigned long)((char *)p - (char *)slab_address(virt_to_slab(p))));
	cr_assert(ut_match(log, "\\] Allocated in [a-z_0-9]+\\+0x[0-9a-f]+/0x[0-9a-f]+ age=[0-9]+ "
				"cpu=0 pid=[0-9]+$"));
	cr_assert(ut_match(log, "\\] WARNING: CPU: 0 PID: [0-9]+ at mm/slub.c:1152 "));
	assert_has(log, "kmem_cache_destroy gold-leak-u: Slab cache still has objects when called "
			"from ");
	free(log);
	/* test_leak_destroy: the report and the one object */
	cr_assert_eq(errs_since(), 2);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_debug_report, wrong_cache_prints_the_tracks_and_frees_into_the_real_one)
{
	struct kmem_cache *a, *b;
	void *p;
	char *log;

	st_boot("mem=64M no_hash_pointers");
	a = kmem_cache_create("wc-a", 64, 0, FZPU, NULL);
	b = kmem_cache_create("wc-b", 64, 0, FZPU, NULL);
	p = kmem_cache_alloc(b, GFP_KERNEL);
	ut_mark();
	kmem_cache_free(a, p);
	log = ut_log_since();
	assert_has(log, "cache_from_obj: Wrong slab cache. wc-a but object is from wc-b\n");
	cr_assert(ut_match(log, "\\] Allocated in "));
	free(log);
	cr_assert_eq(virt_to_slab(p)->inuse, 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	end_held(0);
}

Test(slub_debug_report, trace_lines)
{
	struct kmem_cache *s;
	void *p;
	char *log;

	st_boot("mem=64M slub_debug=T,trc");
	s = kmem_cache_create("trc", 32, 0, 0, NULL);
	ut_mark();
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	log = ut_log_since();
	assert_has(log, "] TRACE trc alloc %s inuse=1 fp=0x", px(p));
	assert_has(log, "] TRACE trc free %s inuse=1 fp=0x", px(p));
	assert_has(log, "] Object %016lx: ", (unsigned long)p);
	cr_assert_geq(ut_count(log, "Call Trace:"), 2);
	free(log);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_debug_report, sysfs_validate)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot("mem=64M");
	s = kmem_cache_create("val", 64, 0, SLAB_RED_ZONE, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[64] = 0x12;
	errs_mark();
	cr_assert_eq(ukmem_proc_write("/sys/kernel/slab/val/validate", "1", 1), 1);
	cr_assert_eq(errs_since(), 2);
	cr_assert_eq(p[64], SLUB_RED_ACTIVE);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	end_held(0);
}

/* ---- 6.12's lib/slub_kunit.c, counted by ukmem_check() ------------------------------ */

static struct kmem_cache *kunit_cache(const char *name, unsigned int size, slab_flags_t flags)
{
	return kmem_cache_create(name, size, 0, flags | SLAB_NO_USER_FLAGS, NULL);
}

Test(slub_kunit, test_clobber_zone)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot("mem=64M");
	s = kunit_cache("TestSlub_RZ_alloc", 64, SLAB_RED_ZONE);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[64] = 0x12;
	cr_assert_eq(ukmem_check(), 2);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_kunit, test_next_pointer)
{
	struct kmem_cache *s;
	unsigned long tmp, *ptr_addr;
	u8 *p;

	st_boot("mem=64M");
	s = kunit_cache("TestSlub_next_ptr_free", 64, SLAB_POISON);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	ptr_addr = (unsigned long *)(p + s->offset);
	tmp = *ptr_addr;
	p[s->offset] = ~p[s->offset];
	/* Freechain corrupt, Wrong object count, Object count adjusted */
	cr_assert_eq(ukmem_check(), 3);
	*ptr_addr = tmp;
	/* the count is wrong again, and adjusted */
	cr_assert_eq(ukmem_check(), 2);
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_kunit, test_first_word)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot("mem=64M");
	s = kunit_cache("TestSlub_1th_word_free", 64, SLAB_POISON);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	*p = 0x78;
	cr_assert_eq(ukmem_check(), 2);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_kunit, test_clobber_50th_byte)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot("mem=64M");
	s = kunit_cache("TestSlub_50th_word_free", 64, SLAB_POISON);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	p[50] = 0x9a;
	cr_assert_eq(ukmem_check(), 2);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_kunit, test_clobber_redzone_free)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot("mem=64M");
	s = kunit_cache("TestSlub_RZ_free", 64, SLAB_RED_ZONE);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	p[64] = 0xab;
	cr_assert_eq(ukmem_check(), 2);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_kunit, test_kmalloc_redzone_access)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot("mem=64M");
	s = kunit_cache("TestSlub_RZ_kmalloc", 32, SLAB_KMALLOC | SLAB_STORE_USER | SLAB_RED_ZONE);
	p = slab_alloc_node(s, GFP_KERNEL, NUMA_NO_NODE, _RET_IP_, 18);
	p[18] = 0xab;
	p[19] = 0xab;
	cr_assert_eq(ukmem_check(), 2);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_kunit, test_leak_destroy)
{
	struct kmem_cache *s;
	void *p;

	st_boot("mem=64M");
	s = kunit_cache("TestSlub_leak_destroy", 64, SLAB_NO_MERGE);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	errs_mark();
	kmem_cache_destroy(s);
	cr_assert_eq(errs_since(), 2);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	end_held(0);
}

struct test_kfree_rcu_struct {
	struct rcu_head rcu;
};

Test(slub_kunit, test_kfree_rcu)
{
	struct test_kfree_rcu_struct *p;
	struct kmem_cache *s;

	st_boot("mem=64M");
	s = kunit_cache("TestSlub_kfree_rcu", sizeof(struct test_kfree_rcu_struct), SLAB_NO_MERGE);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	errs_mark();
	kfree_rcu(p, rcu);
	kmem_cache_destroy(s);
	cr_assert_eq(errs_since(), 0);
	end_held(0);
}

/* ---- under load --------------------------------------------------------------- */

Test(slub_debug_load, many_objects_every_flag)
{
	void *p[600];

	st_boot("mem=64M slub_debug ukmem.bug=warn");
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 600; i++) {
			p[i] = kmalloc((size_t)(i % 300) + 1, GFP_KERNEL);
			cr_assert_not_null(p[i]);
			memset(p[i], 0x77, (size_t)(i % 300) + 1);
		}
		errs_mark();
		cr_assert_eq(ukmem_check(), 0);
		for (int i = 0; i < 600; i += 2)
			kfree(p[i]);
		for (int i = 1; i < 600; i += 2)
			kfree(p[i]);
		cr_assert_eq(errs_since(), 0);
	}
	/* caches come and go, krealloc moves and shrinks */
	for (int i = 0; i < 20; i++) {
		struct kmem_cache *s =
			kmem_cache_create("churn", 24 + (unsigned int)i * 8, 0, 0, NULL);
		char *q = kmem_cache_alloc(s, GFP_KERNEL);
		char *r = kmalloc(10, GFP_KERNEL);

		memset(r, 1, 10);
		r = krealloc(r, 100, GFP_KERNEL);
		cr_assert_eq(r[9], 1);
		r = krealloc(r, 20, GFP_KERNEL);
		kmem_cache_free(s, q);
		kmem_cache_destroy(s);
		kfree(r);
	}
	cr_assert_eq(errs_since(), 0);
	cr_assert_eq(ukmem_check(), 0);
	end_held(0);
}

static struct kmem_cache *thr_cache;

static void *thr_work(void *arg)
{
	void *p[200];

	(void)arg;
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 200; i++)
			p[i] = round & 1 ? kmalloc(64, GFP_KERNEL)
					 : kmem_cache_alloc(thr_cache, GFP_KERNEL);
		for (int i = 0; i < 200; i++) {
			if (round & 1)
				kfree(p[i]);
			else
				kmem_cache_free(thr_cache, p[i]);
		}
	}
	return NULL;
}

Test(slub_debug_load, threads_share_debug_caches)
{
	pthread_t t[4];

	st_boot("mem=64M nr_cpus=2 slub_debug=FZPU,kmalloc-64,thr ukmem.bug=warn");
	thr_cache = kmem_cache_create("thr", 100, 0, 0, NULL);
	errs_mark();
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, thr_work, NULL), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(errs_since(), 0);
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(thr_cache);
	end_held(0);
}

/* ---- the texts of validation's reports ------------------------------------------- */

Test(slub_debug_validate, freechain_corrupt_and_wrong_object_count)
{
	struct kmem_cache *s;
	struct slab *slab;
	unsigned long tmp, *ptr_addr;
	u8 *p;
	char *log;

	st_boot("mem=64M no_hash_pointers");
	s = kunit_cache("nextptr", 64, SLAB_POISON);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(p);
	kmem_cache_free(s, p);
	ptr_addr = (unsigned long *)(p + s->offset);
	tmp = *ptr_addr;
	p[s->offset] = ~p[s->offset];
	ut_mark();
	cr_assert_eq(ukmem_check(), 3);
	log = ut_log_since();
	assert_has(log, "] BUG nextptr (Not tainted): Freechain corrupt\n");
	assert_has(log, "] Object %s @offset=", px(p));
	assert_has(log, "): Wrong object count. Counter is 0 but counted were %u\n",
		   slab->objects - 1);
	assert_has(log, "] FIX nextptr: Object count adjusted\n");
	cr_assert(ut_match(log, "\\] ukmem_check: 3 error\\(s\\) found$"));
	free(log);
	*ptr_addr = tmp;
	cr_assert_eq(ukmem_check(), 2);
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(s);
	end_held(0);
}

Test(slub_debug_validate, end_poison_alignment_and_slab_padding)
{
	struct kmem_cache *s;
	struct slab *slab;
	u8 *p, *tail;
	unsigned int rem;
	char *log;

	st_boot("mem=64M no_hash_pointers");
	/* 100 bytes: 4 bytes of alignment padding, and 64 bytes after the last slot */
	s = kunit_cache("pads", 100, SLAB_POISON);
	cr_assert_eq(s->inuse, 104);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(p);
	kmem_cache_free(s, p);
	p[99] = 0x00;
	ut_mark();
	cr_assert_eq(ukmem_check(), 2);
	log = ut_log_since();
	assert_has(log, "] [End Poison overwritten] %s-%s @offset=", px(p + 99), px(p + 99));
	assert_has(log, ". First byte 0x0 instead of 0xa5\n");
	assert_has(log, "] FIX pads: Restoring End Poison %s-%s=0xa5\n", px(p + 99), px(p + 99));
	free(log);

	p[101] = 0x01;
	ut_mark();
	cr_assert_eq(ukmem_check(), 2);
	log = ut_log_since();
	assert_has(log, "] [Alignment padding overwritten] %s-%s @offset=", px(p + 101),
		   px(p + 101));
	assert_has(log, "] FIX pads: Restoring Alignment padding %s-%s=0x5a\n", px(p + 101),
		   px(p + 101));
	free(log);

	rem = (unsigned int)(slab_size(slab) % s->size);
	cr_assert_gt(rem, 0);
	tail = (u8 *)slab_address(slab) + slab_size(slab) - rem;
	tail[3] = 0x77;
	ut_mark();
	cr_assert_eq(ukmem_check(), 1); /* the padding report counts only its FIX line */
	log = ut_log_since();
	assert_has(log,
		   "] BUG pads (Tainted: G    B   W         ): Padding overwritten. %s-%s "
		   "@offset=%lu\n",
		   px(tail + 3), px(tail + 3),
		   (unsigned long)(tail + 3 - (u8 *)slab_address(slab)));
	assert_has(log, "] Padding %016lx: 5a 5a 5a 77", (unsigned long)tail);
	assert_has(log, "] FIX pads: Restoring slab padding %s-%s=0x5a\n", px(tail + 3),
		   px(tail + 3));
	free(log);
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(s);
	end_held(0);
}

/* ---- /sys/kernel/debug/slab/<cache>/ ------------------------------------------- */

static noinline void *trace_site_a(struct kmem_cache *s)
{
	return kmem_cache_alloc(s, GFP_KERNEL);
}

static noinline void *trace_site_b(struct kmem_cache *s)
{
	return kmem_cache_alloc(s, GFP_KERNEL);
}

Test(slub_debug_debugfs, alloc_and_free_traces)
{
	struct kmem_cache *s, *plain;
	void *a[3], *b;
	char *text;

	st_boot("mem=64M nr_cpus=2");
	s = kmem_cache_create("traced", 48, 0, SLAB_STORE_USER, NULL);
	plain = kmem_cache_create("untraced", 48, 0, SLAB_RED_ZONE, NULL);
	cr_assert_null(ut_read("/sys/kernel/debug/slab/untraced/alloc_traces"));
	text = ut_read("/sys/kernel/debug/slab/traced/alloc_traces");
	cr_assert_str_eq(text, "No data\n");
	free(text);
	for (int i = 0; i < 3; i++)
		a[i] = trace_site_a(s);
	b = trace_site_b(s);
	text = ut_read("/sys/kernel/debug/slab/traced/alloc_traces");
	/* the site with most objects first, then its stack, 8 spaces deep */
	cr_assert(ut_match(text,
			   "^      3 trace_site_a\\+0x[0-9a-f]+/0x[0-9a-f]+ age=[0-9/]+ pid=[0-9]+ "
			   "cpus=0$"),
		  "%s", text);
	cr_assert(ut_match(text, "^        trace_site_a\\+0x[0-9a-f]+/0x[0-9a-f]+$"), "%s", text);
	cr_assert(ut_match(text, "^      1 trace_site_b\\+"), "%s", text);
	cr_assert_lt(strstr(text, "trace_site_a"), strstr(text, "trace_site_b"));
	free(text);
	/* free tracks of objects in use: never freed, so not available */
	text = ut_read("/sys/kernel/debug/slab/traced/free_traces");
	cr_assert(ut_match(text, "^      4 <not-available> age=[0-9/]+ pid=0 cpus=0$"), "%s", text);
	free(text);
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, a[i]);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
	kmem_cache_destroy(plain);
	cr_assert_null(ut_read("/sys/kernel/debug/slab/traced/alloc_traces"));
	end_held(0);
}
