// SPDX-License-Identifier: GPL-2.0
/*
 * test_slab_core.c - SLUB's allocation and free paths and the kmalloc
 * family: objects inside their slabs and aligned, per-CPU and node lists
 * and min_partial, kmem_cache_shrink, cross-thread frees, slabinfo's
 * counting rule, meminfo's Slab lines, large kmallocs as compound pages,
 * the edge sizes, krealloc, ksize, freelist hardening (the naive double
 * free is a BUG, refused under ukmem.bug=warn), reproducible freelist
 * shuffling, and kmem_cache_destroy with live objects.  Every test ends
 * with the validator clean and nothing left allocated.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include "helpers/slab_test.h"
#include <linux/rcupdate.h>
#include "mm/slab.h"

static unsigned long meminfo_kb(const char *label)
{
	char *text = ut_read("/proc/meminfo");
	char *p = strstr(text, label);
	unsigned long v;

	cr_assert_not_null(p, "%s not in meminfo", label);
	cr_assert_eq(sscanf(p + strlen(label), " %lu", &v), 1);
	free(text);
	return v;
}

Test(slab_core, kmem_cache_alloc_free_basics)
{
	struct kmem_cache *s;
	void *objs[1000];

	st_boot("mem=64M");
	s = kmem_cache_create("basic", 100, 0, 0, NULL);
	cr_assert_not_null(s);
	cr_assert_eq(kmem_cache_size(s), 100);
	for (int i = 0; i < 1000; i++) {
		struct slab *slab;

		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_not_null(objs[i]);
		slab = virt_to_slab(objs[i]);
		cr_assert_not_null(slab);
		cr_assert_eq(slab->slab_cache, s);
		cr_assert_eq(((char *)objs[i] - (char *)slab_address(slab)) % s->size, 0);
		/* init_on_alloc is on by default */
		for (int b = 0; b < 100; b++)
			cr_assert_eq(((unsigned char *)objs[i])[b], 0);
		memset(objs[i], 0xab, 100);
	}
	for (int i = 0; i < 1000; i++)
		for (int j = i + 1; j < 1000 && j < i + 50; j++)
			cr_assert_neq(objs[i], objs[j]);
	cr_assert_eq(ukmem_slab_check(), 0);
	for (int i = 0; i < 1000; i += 2)
		kmem_cache_free(s, objs[i]);
	cr_assert_eq(ukmem_slab_check(), 0);
	for (int i = 1; i < 1000; i += 2)
		kmem_cache_free(s, objs[i]);
	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_core, empty_slabs_beyond_min_partial_go_back)
{
	struct kmem_cache *s;
	struct slabinfo si;
	void **objs;
	int n = 39 * 40; /* 40 slabs of 39 objects */

	/* SLUB's own lists: without the thread cache, which would keep the objects */
	st_boot("mem=64M nr_cpus=1 ukmem.slab_tcache=0");
	s = kmem_cache_create("partial", 100, 0, 0, NULL);
	objs = calloc((size_t)n, sizeof(void *));
	for (int i = 0; i < n; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	get_slabinfo(s, &si);
	cr_assert_eq(si.num_slabs, 40);
	cr_assert_eq(si.num_objs, (unsigned long)n);
	cr_assert_eq(si.active_objs, (unsigned long)n);
	for (int i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	cr_assert_eq(ukmem_slab_check(), 0);
	get_slabinfo(s, &si);
	/*
	 * What stays: the CPU slab, the CPU partial chain (cpu_partial_slabs)
	 * and min_partial slabs on the node.
	 */
	cr_assert_leq(si.num_slabs, 1 + s->cpu_partial_slabs + s->min_partial + 1, "%lu slabs left",
		      si.num_slabs);
	kmem_cache_shrink(s);
	get_slabinfo(s, &si);
	cr_assert_eq(si.num_slabs, 0, "shrink leaves %lu slabs", si.num_slabs);
	cr_assert_eq(ukmem_slab_check(), 0);
	free(objs);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_core, the_later_merge_switch_wins)
{
	static const struct {
		const char *cmdline;
		bool merged;
	} cases[] = {
		{"mem=64M", true},
		{"mem=64M slab_nomerge", false},
		{"mem=64M slab_nomerge slab_merge", true},
		{"mem=64M slub_merge slub_nomerge", false},
		{"mem=64M slab_merge slub_nomerge slub_merge", true},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		struct kmem_cache *a, *b;

		st_boot(cases[i].cmdline);
		a = kmem_cache_create("merge-a", 72, 0, 0, NULL);
		b = kmem_cache_create("merge-b", 72, 0, 0, NULL);
		cr_assert_eq(a == b, cases[i].merged, "%s", cases[i].cmdline);
		kmem_cache_destroy(b);
		kmem_cache_destroy(a);
		st_end();
	}
}

Test(slab_core, slabinfo_counts_partial_free_as_inactive)
{
	struct kmem_cache *s;
	struct st_row r;
	void *objs[39 * 8];
	char *text;

	st_boot("mem=64M nr_cpus=1 slab_nomerge");
	s = kmem_cache_create("counted", 100, 0, 0, NULL);
	for (int i = 0; i < 39 * 8; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	text = ut_read("/proc/slabinfo");
	cr_assert(st_slabinfo_row(text, "counted", &r));
	cr_assert_eq(r.num, 39 * 8);
	cr_assert_eq(r.active, 39 * 8);
	cr_assert_eq(r.num_slabs, 8);
	cr_assert_eq(r.objsize, 104);
	free(text);
	/* newest first: the new cache is the first row */
	text = ut_read("/proc/slabinfo");
	cr_assert(!strncmp(strchr(strchr(text, '\n') + 1, '\n') + 1, "counted ", 8));
	free(text);
	/* free one object in each slab: full slabs go to the CPU partial chain,
	 * whose free objects still count as active */
	for (int i = 0; i < 8; i++)
		kmem_cache_free(s, objs[i * 39]);
	text = ut_read("/proc/slabinfo");
	cr_assert(st_slabinfo_row(text, "counted", &r));
	cr_assert_eq(r.num, 39 * 8);
	free(text);
	/* after a shrink the partial slabs are on the node list: not active */
	kmem_cache_shrink(s);
	text = ut_read("/proc/slabinfo");
	cr_assert(st_slabinfo_row(text, "counted", &r));
	cr_assert_eq(r.num, 39 * 8);
	cr_assert_eq(r.active, 39 * 8 - 8, "active %lu", r.active);
	free(text);
	for (int i = 0; i < 39 * 8; i++)
		if (i % 39)
			kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	text = ut_read("/proc/slabinfo");
	cr_assert(!st_slabinfo_row(text, "counted", &r), "destroyed cache still listed");
	free(text);
	st_end();
}

Test(slab_core, merged_alias_is_not_listed)
{
	struct kmem_cache *a, *b;
	char *text;
	struct st_row r;

	st_boot("mem=64M");
	a = kmem_cache_create("alias-a", 200, 0, 0, NULL);
	b = kmem_cache_create("alias-b", 196, 0, 0, NULL);
	cr_assert_eq(a, b, "compatible caches merge");
	text = ut_read("/proc/slabinfo");
	cr_assert(st_slabinfo_row(text, "alias-a", &r));
	cr_assert(!st_slabinfo_row(text, "alias-b", &r));
	free(text);
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	st_end();
}

Test(slab_core, meminfo_slab_lines)
{
	unsigned long unrecl0, recl0, slab;
	struct kmem_cache *s;
	void *objs[200];
	void *big;

	st_boot("mem=64M");
	unrecl0 = meminfo_kb("SUnreclaim:");
	recl0 = meminfo_kb("SReclaimable:");
	slab = meminfo_kb("Slab:");
	cr_assert_gt(unrecl0, 0, "boot caches are unreclaimable slab memory");
	cr_assert_eq(slab, unrecl0 + recl0);

	s = kmem_cache_create("recl", 1000, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	for (int i = 0; i < 200; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_geq(meminfo_kb("SReclaimable:"), recl0 + 200 * 1000 / 1024);
	for (int i = 0; i < 200; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	cr_assert_eq(meminfo_kb("SReclaimable:"), recl0);

	/* a large kmalloc is a compound page counted as SUnreclaim */
	unrecl0 = meminfo_kb("SUnreclaim:");
	big = kmalloc(20000, GFP_KERNEL);
	cr_assert_not_null(big);
	cr_assert_eq(meminfo_kb("SUnreclaim:"), unrecl0 + 32);
	cr_assert(PageHead(virt_to_page(big)));
	cr_assert_eq(compound_order(virt_to_page(big)), 3);
	cr_assert_eq(ksize(big), 32768);
	kfree(big);
	cr_assert_eq(meminfo_kb("SUnreclaim:"), unrecl0);
	st_end();
}

Test(slab_core, kmalloc_edge_sizes)
{
	static const size_t sizes[] = {
		1, 8, 9, 96, 97, 192, 193, 4096, 8192, 8193, KMALLOC_MAX_SIZE};
	volatile size_t huge = SIZE_MAX; /* hidden from -Walloc-size-larger-than */
	char *log;

	st_boot("mem=64M");
	cr_assert_eq(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	cr_assert_eq(ksize(ZERO_SIZE_PTR), 0);
	cr_assert_eq(ksize(NULL), 0);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = kmalloc(sizes[i], GFP_KERNEL);

		cr_assert_not_null(p, "kmalloc(%zu)", sizes[i]);
		cr_assert_geq(ksize(p), sizes[i]);
		cr_assert_eq(ksize(p), kmalloc_size_roundup(sizes[i]));
		/* power-of-two sizes are naturally aligned, others to 8 */
		if (!(sizes[i] & (sizes[i] - 1)))
			cr_assert_eq((uintptr_t)p % sizes[i], 0, "kmalloc(%zu) at %p", sizes[i],
				     (void *)p);
		cr_assert_eq((uintptr_t)p % 8, 0);
		p[0] = 1;
		p[sizes[i] - 1] = 2;
		kfree(p);
	}
	ut_mark();
	cr_assert_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	ut_mark();
	cr_assert_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	cr_assert_null(kmalloc(huge, GFP_KERNEL));
	log = ut_log_since();
	cr_assert_eq(ut_count(log, "WARNING: CPU:"), 1, "one shared once-only warning:\n%s", log);
	free(log);
	cr_assert_null(kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	cr_assert_null(kcalloc(SIZE_MAX / 8 + 1, 8, GFP_KERNEL));
	st_end();
}

Test(slab_core, kzalloc_kcalloc_zero)
{
	st_boot("mem=64M init_on_alloc=0");
	for (int round = 0; round < 3; round++) {
		unsigned char *a = kmalloc(64, GFP_KERNEL);

		memset(a, 0x5a, 64);
		kfree(a);
		a = kzalloc(64, GFP_KERNEL);
		for (int i = 0; i < 64; i++)
			cr_assert_eq(a[i], 0);
		kfree(a);
		a = kcalloc(8, 8, GFP_KERNEL);
		for (int i = 0; i < 64; i++)
			cr_assert_eq(a[i], 0);
		kfree(a);
	}
	st_end();
}

Test(slab_core, krealloc_semantics)
{
	char *p, *q;

	st_boot("mem=64M");
	p = krealloc(NULL, 10, GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_eq(ksize(p), 16);
	strcpy(p, "abcdefghi");
	q = krealloc(p, 16, GFP_KERNEL);
	cr_assert_eq(q, p, "fits: in place");
	q = krealloc(p, 100, GFP_KERNEL);
	cr_assert_neq(q, p);
	cr_assert_str_eq(q, "abcdefghi");
	cr_assert_eq(ksize(q), 128);
	p = krealloc(q, 20000, GFP_KERNEL);
	cr_assert_str_eq(p, "abcdefghi");
	cr_assert_eq(ksize(p), 32768);
	/* on failure the old block is untouched */
	q = krealloc(p, KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN);
	cr_assert_null(q);
	cr_assert_str_eq(p, "abcdefghi");
	q = krealloc(p, 0, GFP_KERNEL);
	cr_assert_eq(q, ZERO_SIZE_PTR);
	p = krealloc_array(NULL, SIZE_MAX / 2, 4, GFP_KERNEL);
	cr_assert_null(p);
	p = kmalloc(50, GFP_KERNEL);
	memset(p, 0x33, 50);
	kfree_sensitive(p);
	st_end();
}

Test(slab_core, kmalloc_types_and_nodes)
{
	void *a, *b, *c, *d, *e;

	st_boot("mem=128M numa=fake=2");
	a = kmalloc(100, GFP_KERNEL | __GFP_RECLAIMABLE);
	cr_assert_str_eq(virt_to_slab(a)->slab_cache->name, "kmalloc-rcl-128");
	b = kmalloc(100, GFP_KERNEL_ACCOUNT);
	cr_assert_str_eq(virt_to_slab(b)->slab_cache->name, "kmalloc-cg-128");
	c = kmalloc(100, GFP_KERNEL | GFP_DMA);
	cr_assert_str_eq(virt_to_slab(c)->slab_cache->name, "dma-kmalloc-128");
	cr_assert_eq(page_zonenum(virt_to_page(c)), ZONE_DMA);
	d = kmalloc_node(100, GFP_KERNEL, 1);
	cr_assert_eq(page_to_nid(virt_to_page(d)), 1);
	e = kmalloc_node(100, GFP_KERNEL, 0);
	cr_assert_eq(page_to_nid(virt_to_page(e)), 0);
	kfree(a);
	kfree(b);
	kfree(c);
	kfree(d);
	kfree(e);
	st_end();
}

static int ctor_calls;

static void count_ctor(void *p)
{
	__atomic_add_fetch(&ctor_calls, 1, __ATOMIC_RELAXED);
	memset(p, 0x77, 40);
}

Test(slab_core, constructor_runs_per_object_of_new_slab)
{
	struct kmem_cache *s;
	unsigned char *o;

	st_boot("mem=64M");
	ctor_calls = 0;
	s = kmem_cache_create("ctor40", 40, 0, 0, count_ctor);
	o = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(ctor_calls, (int)oo_objects(s->oo));
	/* init_on_alloc leaves ctor caches alone */
	for (int i = 0; i < 40; i++)
		cr_assert_eq(o[i], 0x77);
	kmem_cache_free(s, o);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_core, bulk_alloc_free)
{
	struct kmem_cache *s;
	void *objs[128];

	st_boot("mem=64M");
	s = kmem_cache_create("bulk", 64, 0, 0, NULL);
	cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, 128, objs), 128);
	kmem_cache_free_bulk(s, 128, objs);
	for (int i = 0; i < 16; i++)
		objs[i] = kmalloc(32, GFP_KERNEL);
	kfree_bulk(16, objs);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_core, hardened_free_pointers_are_encoded)
{
	struct kmem_cache *s;
	void *a, *b;

	st_boot("mem=64M init_on_free=0 ukmem.slab_tcache=0"); /* links are in the slabs */
	s = kmem_cache_create("hard", 64, 0, 0, NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b); /* b's link points at a */
	cr_assert_neq(*(void **)((char *)b + s->offset), a, "stored in the clear");
	cr_assert_eq(*(unsigned long *)((char *)b + s->offset),
		     (unsigned long)a ^ s->random ^
			     __builtin_bswap64((unsigned long)b + s->offset));
	kmem_cache_destroy(s);
	st_end();

	st_boot("mem=64M ukmem.slab_freelist_hardened=0 init_on_free=0 ukmem.slab_tcache=0");
	s = kmem_cache_create("hard", 64, 0, 0, NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	cr_assert_eq(*(void **)((char *)b + s->offset), a);
	kmem_cache_destroy(s);
	st_end();
}

/*
 * init_on_free clears the link a new object still holds only when the link
 * is inside the object: a red-zoned cache of objects smaller than a pointer
 * keeps it past the object, where
 * validation decodes it while the object is allocated.  Cleared there, it
 * decoded to garbage: "Freepointer corrupt" on a healthy object (found by
 * the fuzzer with UKMEM_FUZZ_CMDLINE=init_on_free=1).
 */
Test(slab_core, init_on_free_leaves_an_outside_link_alone)
{
	struct kmem_cache *s;
	unsigned char *a, *b;

	st_boot("mem=64M init_on_free=1 slub_debug=Z,iof-rz");
	s = kmem_cache_create("iof-rz", 4, 0, 0, NULL);
	cr_assert(s->offset >= s->inuse, "a red zone around 4 bytes puts the link past them");
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(ukmem_slab_check(), 0, "two allocated objects, nothing corrupt");
	memset(a, 0x77, 4);
	kmem_cache_free(s, a);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(a[i], 0, "init_on_free: byte %d", i);
	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_core, naive_double_free_is_a_bug_refused_under_warn)
{
	struct kmem_cache *s;
	void *a, *b;

	/* also with init_on_free, whose frees wipe on their own path first */
	for (int iof = 0; iof < 2; iof++) {
		st_boot(iof ? "mem=64M ukmem.bug=warn init_on_free=1" : "mem=64M ukmem.bug=warn");
		s = kmem_cache_create("dfree", 64, 0, 0, NULL);
		a = kmem_cache_alloc(s, GFP_KERNEL);
		kmem_cache_free(s, a);
		st_assert_double_free_refused(s, a);
		cr_assert_eq(ukmem_slab_check(), 0, "the refused free changed nothing");
		a = kmem_cache_alloc(s, GFP_KERNEL);
		b = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_neq(a, b);
		/* and through kfree */
		kfree(a);
		st_assert_double_free_refused(NULL, a);
		cr_assert_eq(ukmem_slab_check(), 0, "the refused kfree changed nothing");
		a = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_neq(a, b);
		kmem_cache_free(s, a);
		kmem_cache_free(s, b);
		kmem_cache_destroy(s);
		st_end();
	}
}

/*
 * The same without thread caches (or for a cache without a bin: past 255
 * caches, or with the random kmalloc copies taking the bins): the naive
 * double free is found by set_freepointer() on the CPU free list, after
 * init_on_free's wipe.  The wipe must leave the link alone, or the refused
 * free still breaks the list (found by fuzz_ukmem_hardening).
 */
Test(slab_core, naive_double_free_after_the_wipe_keeps_the_list)
{
	/* 4 bytes: the link runs past the object, into the slot's padding */
	static const unsigned int sizes[] = {64, 4};
	struct kmem_cache *s;
	void *a, *b, *c;

	st_boot("mem=64M ukmem.bug=warn init_on_free=1 ukmem.slab_tcache=0");
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		s = kmem_cache_create("dfree-wipe", sizes[i], 0, 0, NULL);
		b = kmem_cache_alloc(s, GFP_KERNEL);
		a = kmem_cache_alloc(s, GFP_KERNEL);
		memset(a, 0x77, sizes[i]);
		kmem_cache_free(s, b);
		kmem_cache_free(s, a); /* a heads the CPU free list, its link names b */
		st_assert_double_free_refused(s, a);
		cr_assert_eq(ukmem_slab_check(), 0,
			     "%u bytes: the refused free left the list whole", sizes[i]);
		c = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_eq(c, a);
		cr_assert_eq(kmem_cache_alloc(s, GFP_KERNEL), b, "the list still leads to b");
		kmem_cache_free(s, a);
		kmem_cache_free(s, b);
		kmem_cache_destroy(s);
	}
	st_end();
}

Test(slab_core, naive_double_free_ends_the_process, .signal = SIGABRT)
{
	void *a;

	st_boot("mem=64M");
	a = kmalloc(64, GFP_KERNEL);
	kfree(a);
	kfree(a);
}

Test(slab_core, freelist_shuffle_is_seeded)
{
	struct kmem_cache *s;
	unsigned long off1[32], off2[32], off3[32];
	int sequential = 1;

	for (int run = 0; run < 3; run++) {
		unsigned long *off = run == 0 ? off1 : run == 1 ? off2 : off3;
		void *objs[32];

		st_boot(run == 2 ? "mem=64M ukmem.seed=99" : "mem=64M ukmem.seed=7");
		s = kmem_cache_create("shuffle", 64, 0, 0, NULL);
		for (int i = 0; i < 32; i++) {
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
			off[i] = (unsigned long)((char *)objs[i] -
						 (char *)slab_address(virt_to_slab(objs[i])));
		}
		for (int i = 0; i < 32; i++)
			kmem_cache_free(s, objs[i]);
		kmem_cache_destroy(s);
		st_end();
	}
	cr_assert_arr_eq(off1, off2, sizeof(off1), "same seed, same order");
	cr_assert_arr_neq(off1, off3, sizeof(off1), "another seed, another order");
	for (int i = 1; i < 32; i++)
		if (off1[i] != off1[i - 1] + 64)
			sequential = 0;
	cr_assert_not(sequential, "the free list is shuffled");
}

struct xfer {
	void *objs[4096];
	int n;
	struct kmem_cache *s;
};

static void *remote_free(void *arg)
{
	struct xfer *x = arg;

	for (int i = 0; i < x->n; i++)
		kmem_cache_free(x->s, x->objs[i]);
	return NULL;
}

static void *churn(void *arg)
{
	struct kmem_cache *s = arg;
	void *live[64] = {0};

	for (int i = 0; i < 20000; i++) {
		int k = i % 64;

		if (live[k])
			kmem_cache_free(s, live[k]);
		live[k] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_not_null(live[k]);
		memset(live[k], i & 0xff, 48);
	}
	for (int k = 0; k < 64; k++)
		kmem_cache_free(s, live[k]);
	return NULL;
}

Test(slab_core, cross_thread_frees_and_concurrency)
{
	static struct xfer x;
	pthread_t t[4];

	st_boot("mem=64M nr_cpus=2");
	x.s = kmem_cache_create("xthread", 48, 0, 0, NULL);
	x.n = 4096;
	for (int i = 0; i < x.n; i++)
		x.objs[i] = kmem_cache_alloc(x.s, GFP_KERNEL);
	cr_assert_eq(pthread_create(&t[0], NULL, remote_free, &x), 0);
	pthread_join(t[0], NULL);
	cr_assert_eq(ukmem_slab_check(), 0);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, churn, x.s), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_shrink(x.s);
	kmem_cache_destroy(x.s);
	st_end();
}

Test(slab_core, destroy_with_live_objects_keeps_the_cache)
{
	struct kmem_cache *s;
	struct st_row r;
	char *log, *text;
	void *o;

	st_boot("mem=64M");
	s = kmem_cache_create("leaky", 100, 0, 0, NULL);
	o = kmem_cache_alloc(s, GFP_KERNEL);
	ut_mark();
	kmem_cache_destroy(s);
	log = ut_log_since();
	ut_assert_log_has(log, "BUG leaky (");
	ut_assert_log_has(log, "): Objects remaining on __kmem_cache_shutdown()");
	ut_assert_log_has(log, "Object 0x");
	ut_assert_log_has(log, "kmem_cache_destroy leaky: Slab cache still has objects when "
			       "called from ");
	free(log);
	text = ut_read("/proc/slabinfo");
	cr_assert(st_slabinfo_row(text, "leaky", &r), "the cache stays listed");
	cr_assert_eq(r.active, 1);
	free(text);
	kmem_cache_free(s, o);
	st_end_expect(0);
}

Test(slab_core, leaked_objects_reported_at_shutdown)
{
	st_boot("mem=64M");
	cr_assert_not_null(kmalloc(64, GFP_KERNEL));
	cr_assert_not_null(kmalloc(300, GFP_KERNEL));
	st_end_expect(2);
}

Test(slab_core, first_kmalloc_boots_the_machine)
{
	void *p;

	cr_assert_not(ukmem_is_booted());
	p = kmalloc(10, GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert(ukmem_is_booted());
	kfree(p);
	st_end();
}

Test(slab_core, validator_catches_corruption)
{
	struct kmem_cache *s;
	struct slab *slab;
	void *a, *b, *c;
	unsigned long saved;

	st_boot("mem=64M init_on_free=0 ukmem.slab_tcache=0"); /* the CPU free list */
	s = kmem_cache_create("victim", 64, 0, 0, NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	c = kmem_cache_alloc(s, GFP_KERNEL);
	slab = virt_to_slab(a);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b); /* this CPU's free list: b -> a -> ... */
	cr_assert_eq(ukmem_slab_check(), 0);

	/* a counter that disagrees with the free list */
	slab->inuse--;
	cr_assert_eq(ukmem_slab_check(), 1);
	slab->inuse++;

	/* a link that leaves the slab */
	saved = *(unsigned long *)((char *)b + s->offset);
	*(unsigned long *)((char *)b + s->offset) ^= 0x100000;
	cr_assert_geq(ukmem_slab_check(), 1);
	*(unsigned long *)((char *)b + s->offset) = saved;

	/* an object on the list twice: a links back to b */
	saved = *(unsigned long *)((char *)a + s->offset);
	*(unsigned long *)((char *)a + s->offset) = (unsigned long)b ^ s->random ^
						    __builtin_bswap64((unsigned long)a + s->offset);
	cr_assert_geq(ukmem_slab_check(), 1);
	*(unsigned long *)((char *)a + s->offset) = saved;

	/* a node counter off by one */
	atomic_long_inc(&s->node[0]->total_objects);
	cr_assert_eq(ukmem_slab_check(), 1);
	atomic_long_dec(&s->node[0]->total_objects);

	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_free(s, c);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_core, typesafe_by_rcu_slabs_outlive_a_grace_period)
{
	struct kmem_cache *s;
	void *objs[64 * 4];
	struct page *page;
	int n = 0;

	st_boot("mem=64M nr_cpus=1");
	s = kmem_cache_create("rcu-typesafe", 100, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	for (int i = 0; i < (int)(sizeof(objs) / sizeof(objs[0])); i++)
		objs[n++] = kmem_cache_alloc(s, GFP_KERNEL);
	page = virt_to_head_page(objs[0]);
	rcu_read_lock();
	for (int i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_shrink(s);
	/* this reader holds the grace period: the slab is still one of the cache */
	cr_assert(PageSlab(page));
	cr_assert_eq(page_slab(page)->slab_cache, s);
	cr_assert_eq(ukmem_slab_check(), 0);
	rcu_read_unlock();
	rcu_barrier();
	cr_assert_not(PageSlab(page), "freed after the grace period");
	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_core, string_duplicates)
{
	const char *c;
	char *p;
	int *m;
	static const int nums[4] = {1, 2, 3, 4};

	st_boot("mem=64M");
	cr_assert_null(kstrdup(NULL, GFP_KERNEL));
	p = kstrdup("hello", GFP_KERNEL);
	cr_assert_str_eq(p, "hello");
	cr_assert_eq(ksize(p), 8);
	kfree(p);
	p = kstrndup("hello world", 5, GFP_KERNEL);
	cr_assert_str_eq(p, "hello");
	kfree(p);
	p = kmemdup_nul("abcdef", 3, GFP_KERNEL);
	cr_assert_str_eq(p, "abc");
	kfree(p);
	m = kmemdup(nums, sizeof(nums), GFP_KERNEL);
	cr_assert_arr_eq(m, nums, sizeof(nums));
	kfree(m);
	c = kstrdup_const("const", GFP_KERNEL);
	cr_assert_str_eq(c, "const");
	kfree_const(c);
	st_end();
}

Test(slab_core, unexpected_gfp_is_fixed_with_612s_report)
{
	void *p;
	char *log;

	st_boot("mem=64M");
	ut_mark();
	/* a request for 20000 bytes is a large kmalloc: checked at once */
	p = kmalloc(20000, GFP_KERNEL | __GFP_HIGHMEM);
	cr_assert_not_null(p);
	log = ut_log_since();
	ut_assert_log_has(log, "Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 "
			       "(GFP_KERNEL). Fix your code!");
	free(log);
	kfree(p);
	st_end();
}

Test(slab_core, out_of_memory_report_and_recovery)
{
	static void *objs[20000];
	int n = 0;
	char *log;

	st_boot("mem=64M");
	ut_mark();
	while (n < 20000 && (objs[n] = kmalloc(8192, GFP_KERNEL)) != NULL)
		n++;
	cr_assert_lt(n, 20000, "64M cannot hold 20000 8k objects");
	cr_assert_gt(n, 1000);
	log = ut_log_since();
	ut_assert_log_has(log, "SLUB: Unable to allocate memory on node -1, gfp=0xcc0(GFP_KERNEL)");
	ut_assert_log_has(log, "  cache: kmalloc-8k, object size: 8192, buffer size: 8192, "
			       "default order: 3, min order: 1");
	ut_assert_log_has(log, "  node 0: slabs: ");
	free(log);
	cr_assert_eq(ukmem_slab_check(), 0);
	while (n--)
		kfree(objs[n]);
	cr_assert_not_null(kmalloc_node(64, GFP_KERNEL, 7), "a node that does not exist: any node");
	st_end_expect(1);
}

/* The child's half of the fork test; its exit status says what failed. */
static int fork_child_work(struct kmem_cache *s, char *shared, void **held, int nheld)
{
	void *objs[500];

	if (strcmp(shared, "parent"))
		return 11;
	strcpy(shared, "child");
	for (int i = 0; i < nheld; i++)
		kmem_cache_free(s, held[i]);
	for (int i = 0; i < 500; i++) {
		objs[i] = kmalloc((size_t)(i % 300) + 1, GFP_KERNEL);
		if (!objs[i])
			return 12;
	}
	for (int i = 0; i < 500; i++)
		kfree(objs[i]);
	if (ukmem_slab_check() != 0)
		return 13;
	kfree(shared);
	kmem_cache_destroy(s);
	ukmem_slab_exit();
	if (ukmem_slab_leaked_objects() != 0)
		return 14;
	ukmem_shutdown();
	return ukmem_shutdown_leaked() ? 15 : 0;
}

Test(slab_core, fork_gives_the_child_its_own_slabs)
{
	struct kmem_cache *s;
	void *held[100];
	char *shared;
	int status;
	pid_t pid;

	st_boot("mem=64M");
	s = kmem_cache_create("forked", 72, 0, 0, NULL);
	for (int i = 0; i < 100; i++)
		held[i] = kmem_cache_alloc(s, GFP_KERNEL);
	shared = kstrdup("parent", GFP_KERNEL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(fork_child_work(s, shared, held, 100));
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	cr_assert_str_eq(shared, "parent", "the child's write is its own");
	cr_assert_eq(ukmem_slab_check(), 0);
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, held[i]);
	kfree(shared);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_core, free_into_the_wrong_cache_goes_to_the_right_one)
{
	struct kmem_cache *a, *b;
	struct page *page;
	void *o;
	char *log;

	st_boot("mem=64M slab_nomerge");
	a = kmem_cache_create("cache-a", 64, 0, 0, NULL);
	b = kmem_cache_create("cache-b", 64, 0, 0, NULL);
	o = kmem_cache_alloc(b, GFP_KERNEL);
	ut_mark();
	kmem_cache_free(a, o);
	log = ut_log_since();
	ut_assert_log_has(log, "cache_from_obj: Wrong slab cache. cache-a but object is from "
			       "cache-b");
	ut_assert_log_has(log, "WARNING: CPU:");
	free(log);
	cr_assert_eq(ukmem_slab_check(), 0);

	page = alloc_page(GFP_KERNEL);
	ut_mark();
	kmem_cache_free(a, page_address(page));
	log = ut_log_since();
	ut_assert_log_has(log, "virt_to_cache: Object is not a Slab page!");
	free(log);
	__free_page(page);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	st_end();
}

/*
 * Four threads on two modelled CPUs allocate random kmalloc sizes (slab
 * classes and large ones) and hand half their objects to the next thread,
 * which frees them: every free path (own CPU slab, another CPU's slab, a
 * full slab, partial chains overflowing to the node) is taken many times.
 */
#define XT_THREADS 4
#define XT_SLOTS 256

static struct xt_ring {
	pthread_mutex_t lock;
	void *slot[XT_SLOTS];
	int head, tail;
} xt_rings[XT_THREADS];

static void xt_push(struct xt_ring *r, void *p)
{
	pthread_mutex_lock(&r->lock);
	if ((r->head + 1) % XT_SLOTS == r->tail) {
		kfree(r->slot[r->tail]);
		r->tail = (r->tail + 1) % XT_SLOTS;
	}
	r->slot[r->head] = p;
	r->head = (r->head + 1) % XT_SLOTS;
	pthread_mutex_unlock(&r->lock);
}

static void *xt_pop(struct xt_ring *r)
{
	void *p = NULL;

	pthread_mutex_lock(&r->lock);
	if (r->tail != r->head) {
		p = r->slot[r->tail];
		r->tail = (r->tail + 1) % XT_SLOTS;
	}
	pthread_mutex_unlock(&r->lock);
	return p;
}

static void *xt_worker(void *arg)
{
	int me = (int)(long)arg;
	unsigned int seed = 12345u + (unsigned int)me;
	void *mine[64] = {0};

	for (int i = 0; i < 30000; i++) {
		int k = (int)(rand_r(&seed) % 64);
		size_t size = (rand_r(&seed) % 16) ? rand_r(&seed) % 600 + 1
						   : rand_r(&seed) % 12000 + 1;
		void *p;

		if (mine[k]) {
			if (rand_r(&seed) & 1)
				xt_push(&xt_rings[(me + 1) % XT_THREADS], mine[k]);
			else
				kfree(mine[k]);
		}
		p = kmalloc(size, GFP_KERNEL);
		cr_assert_not_null(p);
		memset(p, me, size);
		mine[k] = p;
		p = xt_pop(&xt_rings[me]);
		kfree(p);
	}
	for (int k = 0; k < 64; k++)
		kfree(mine[k]);
	return NULL;
}

Test(slab_core, random_sizes_across_threads)
{
	pthread_t t[XT_THREADS];

	st_boot("mem=128M nr_cpus=2");
	for (int i = 0; i < XT_THREADS; i++) {
		pthread_mutex_init(&xt_rings[i].lock, NULL);
		xt_rings[i].head = xt_rings[i].tail = 0;
	}
	for (long i = 0; i < XT_THREADS; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, xt_worker, (void *)i), 0);
	for (int i = 0; i < XT_THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < XT_THREADS; i++) {
		void *p;

		while ((p = xt_pop(&xt_rings[i])))
			kfree(p);
	}
	cr_assert_eq(ukmem_slab_check(), 0);
	for (int type = 0; type < NR_KMALLOC_TYPES; type++)
		for (int i = 0; i <= KMALLOC_SHIFT_HIGH; i++)
			if (kmalloc_caches[type][i])
				kmem_cache_shrink(kmalloc_caches[type][i]);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}
