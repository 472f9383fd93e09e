// SPDX-License-Identifier: GPL-2.0
/*
 * test_slab_geometry.c - SLUB's geometry against Linux 6.12.
 *
 * The kmalloc caches of a 2-CPU machine must show the objsize, objperslab
 * and pagesperslab columns of the real 6.12 kernel's /proc/slabinfo
 * (../shared/reference/proc-linux-6.12-qemu/slabinfo.txt, a 2-CPU QEMU
 * guest), in the same order.  Custom caches are checked for 1, 2, 4, 8
 * and 16 CPUs against values worked out from the kernel's formulas
 * (calculate_alignment, calculate_sizes, calculate_order with
 * min_objects = 4 * (fls(cpus) + 1)); the 2-CPU ones are also the
 * sample's "gold-*" caches.  Then the boot parameters that change the
 * order, and the kmalloc class set per arch.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include "helpers/slab_test.h"
#include "mm/slab.h"

struct geom {
	const char *name;
	unsigned int objsize, perslab, pages;
};

/* The 6.12 sample, 2 CPUs, one node: the tail of /proc/slabinfo. */
static const struct geom kmalloc_612[] = {
	{"kmalloc_buckets", 112, 36, 1}, {"kmalloc-cg-8k", 8192, 4, 8},
	{"kmalloc-cg-4k", 4096, 8, 8},	 {"kmalloc-cg-2k", 2048, 16, 8},
	{"kmalloc-cg-1k", 1024, 16, 4},	 {"kmalloc-cg-512", 512, 16, 2},
	{"kmalloc-cg-256", 256, 16, 1},	 {"kmalloc-cg-128", 128, 32, 1},
	{"kmalloc-cg-64", 64, 64, 1},	 {"kmalloc-cg-32", 32, 128, 1},
	{"kmalloc-cg-16", 16, 256, 1},	 {"kmalloc-cg-8", 8, 512, 1},
	{"kmalloc-cg-192", 192, 21, 1},	 {"kmalloc-cg-96", 96, 42, 1},
	{"dma-kmalloc-8k", 8192, 4, 8},	 {"dma-kmalloc-4k", 4096, 8, 8},
	{"dma-kmalloc-2k", 2048, 16, 8}, {"dma-kmalloc-1k", 1024, 16, 4},
	{"dma-kmalloc-512", 512, 16, 2}, {"dma-kmalloc-256", 256, 16, 1},
	{"dma-kmalloc-128", 128, 32, 1}, {"dma-kmalloc-64", 64, 64, 1},
	{"dma-kmalloc-32", 32, 128, 1},	 {"dma-kmalloc-16", 16, 256, 1},
	{"dma-kmalloc-8", 8, 512, 1},	 {"dma-kmalloc-192", 192, 21, 1},
	{"dma-kmalloc-96", 96, 42, 1},	 {"kmalloc-rcl-8k", 8192, 4, 8},
	{"kmalloc-rcl-4k", 4096, 8, 8},	 {"kmalloc-rcl-2k", 2048, 16, 8},
	{"kmalloc-rcl-1k", 1024, 16, 4}, {"kmalloc-rcl-512", 512, 16, 2},
	{"kmalloc-rcl-256", 256, 16, 1}, {"kmalloc-rcl-128", 128, 32, 1},
	{"kmalloc-rcl-64", 64, 64, 1},	 {"kmalloc-rcl-32", 32, 128, 1},
	{"kmalloc-rcl-16", 16, 256, 1},	 {"kmalloc-rcl-8", 8, 512, 1},
	{"kmalloc-rcl-192", 192, 21, 1}, {"kmalloc-rcl-96", 96, 42, 1},
	{"kmalloc-8k", 8192, 4, 8},	 {"kmalloc-4k", 4096, 8, 8},
	{"kmalloc-2k", 2048, 16, 8},	 {"kmalloc-1k", 1024, 16, 4},
	{"kmalloc-512", 512, 16, 2},	 {"kmalloc-256", 256, 16, 1},
	{"kmalloc-128", 128, 32, 1},	 {"kmalloc-64", 64, 64, 1},
	{"kmalloc-32", 32, 128, 1},	 {"kmalloc-16", 16, 256, 1},
	{"kmalloc-8", 8, 512, 1},	 {"kmalloc-192", 192, 21, 1},
	{"kmalloc-96", 96, 42, 1},	 {"kmem_cache_node", 64, 64, 1},
	{"kmem_cache", 256, 16, 1},
};

Test(slab_geometry, kmalloc_caches_match_612_sample)
{
	const char *p;
	char *text;

	st_boot("mem=64M nr_cpus=2");
	text = ut_read("/proc/slabinfo");
	cr_assert_not_null(text);
	cr_assert(!strncmp(text,
			   "slabinfo - version: 2.1\n# name            <active_objs> "
			   "<num_objs> <objsize> <objperslab> <pagesperslab> : tunables "
			   "<limit> <batchcount> <sharedfactor> : slabdata <active_slabs> "
			   "<num_slabs> <sharedavail>\n",
			   199),
		  "slabinfo header:\n%s", text);
	/* the caches, newest first, exactly the sample's tail */
	p = strchr(strchr(text, '\n') + 1, '\n') + 1;
	for (size_t i = 0; i < sizeof(kmalloc_612) / sizeof(kmalloc_612[0]); i++) {
		struct st_row r;
		char name[64];

		cr_assert_eq(sscanf(p, "%63s", name), 1);
		cr_assert_str_eq(name, kmalloc_612[i].name, "row %zu", i);
		cr_assert(st_slabinfo_row(text, name, &r));
		cr_assert_eq(r.objsize, kmalloc_612[i].objsize, "%s objsize", name);
		cr_assert_eq(r.perslab, kmalloc_612[i].perslab, "%s objperslab", name);
		cr_assert_eq(r.pages, kmalloc_612[i].pages, "%s pagesperslab", name);
		cr_assert_geq(r.num, r.active, "%s", name);
		cr_assert_eq(r.active_slabs, r.num_slabs);
		p = strchr(p, '\n') + 1;
	}
	cr_assert_eq(*p, '\0', "rows after kmem_cache:\n%s", p);
	free(text);
	st_end();
}

Test(slab_geometry, kmalloc_align_and_ksize)
{
	st_boot("mem=64M");
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][1]->align, 32, "kmalloc-96 align");
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][2]->align, 64, "kmalloc-192 align");
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][13]->align, 8192);
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][3]->align, 8);
	/* free pointer in the middle of the object */
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][1]->offset, 48);
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][3]->offset, 0);
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][2]->min_partial, 5);
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][13]->min_partial, 6);
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][13]->cpu_partial, 6);
	cr_assert_eq(kmalloc_caches[KMALLOC_NORMAL][2]->cpu_partial, 120);
	st_end();
}

/* {object size, SLAB_HWCACHE_ALIGN, slot size, objects per slab, pages per slab} */
struct custom {
	unsigned int obj, hw, size, perslab, pages;
};

#define NCASES 16
static const struct {
	int cpus;
	struct custom c[NCASES];
} customs[] = {
	{1,
	 {{1, 0, 8, 512, 1},
	  {24, 1, 32, 128, 1},
	  {100, 0, 104, 39, 1},
	  {300, 0, 304, 13, 1},
	  {500, 0, 504, 8, 1},
	  {700, 0, 704, 11, 2},
	  {1000, 0, 1000, 8, 2},
	  {1500, 0, 1504, 21, 8},
	  {1500, 1, 1536, 10, 4},
	  {2000, 0, 2000, 8, 4},
	  {3000, 0, 3000, 10, 8},
	  {3000, 1, 3008, 10, 8},
	  {5000, 0, 5000, 6, 8},
	  {5000, 1, 5056, 6, 8},
	  {10000, 0, 10000, 3, 8},
	  {12000, 0, 12000, 2, 8}}},
	{2,
	 {{1, 0, 8, 512, 1},
	  {24, 1, 32, 128, 1},
	  {100, 0, 104, 39, 1},
	  {300, 0, 304, 13, 1},
	  {500, 0, 504, 16, 2},
	  {700, 0, 704, 23, 4},
	  {1000, 0, 1000, 16, 4},
	  {1500, 0, 1504, 21, 8},
	  {1500, 1, 1536, 21, 8},
	  {2000, 0, 2000, 16, 8},
	  {3000, 0, 3000, 10, 8},
	  {3000, 1, 3008, 10, 8},
	  {5000, 0, 5000, 6, 8},
	  {5000, 1, 5056, 6, 8},
	  {10000, 0, 10000, 3, 8},
	  {12000, 0, 12000, 2, 8}}},
	{4,
	 {{1, 0, 8, 512, 1},
	  {24, 1, 32, 128, 1},
	  {100, 0, 104, 39, 1},
	  {300, 0, 304, 26, 2},
	  {500, 0, 504, 16, 2},
	  {700, 0, 704, 23, 4},
	  {1000, 0, 1000, 16, 4},
	  {1500, 0, 1504, 21, 8},
	  {1500, 1, 1536, 21, 8},
	  {2000, 0, 2000, 16, 8},
	  {3000, 0, 3000, 10, 8},
	  {3000, 1, 3008, 10, 8},
	  {5000, 0, 5000, 6, 8},
	  {5000, 1, 5056, 6, 8},
	  {10000, 0, 10000, 3, 8},
	  {12000, 0, 12000, 2, 8}}},
	{8,
	 {{1, 0, 8, 512, 1},
	  {24, 1, 32, 128, 1},
	  {100, 0, 104, 39, 1},
	  {300, 0, 304, 26, 2},
	  {500, 0, 504, 32, 4},
	  {700, 0, 704, 23, 4},
	  {1000, 0, 1000, 32, 8},
	  {1500, 0, 1504, 21, 8},
	  {1500, 1, 1536, 21, 8},
	  {2000, 0, 2000, 16, 8},
	  {3000, 0, 3000, 10, 8},
	  {3000, 1, 3008, 10, 8},
	  {5000, 0, 5000, 6, 8},
	  {5000, 1, 5056, 6, 8},
	  {10000, 0, 10000, 3, 8},
	  {12000, 0, 12000, 2, 8}}},
	{16,
	 {{1, 0, 8, 512, 1},
	  {24, 1, 32, 128, 1},
	  {100, 0, 104, 39, 1},
	  {300, 0, 304, 26, 2},
	  {500, 0, 504, 32, 4},
	  {700, 0, 704, 46, 8},
	  {1000, 0, 1000, 32, 8},
	  {1500, 0, 1504, 21, 8},
	  {1500, 1, 1536, 21, 8},
	  {2000, 0, 2000, 16, 8},
	  {3000, 0, 3000, 10, 8},
	  {3000, 1, 3008, 10, 8},
	  {5000, 0, 5000, 6, 8},
	  {5000, 1, 5056, 6, 8},
	  {10000, 0, 10000, 3, 8},
	  {12000, 0, 12000, 2, 8}}},
};

/* kmalloc-N: {perslab, pages} for 8 .. 8k (96 and 192 in size order) per CPU count */
static const unsigned int kmalloc_sizes[13] = {8,   16,	 32,   64,   96,   128, 192,
					       256, 512, 1024, 2048, 4096, 8192};
static const unsigned int kmalloc_idx[13] = {3, 4, 5, 6, 1, 7, 2, 8, 9, 10, 11, 12, 13};
static const struct {
	int cpus;
	unsigned int g[13][2];
} kgeom[] = {
	{1,
	 {{512, 1},
	  {256, 1},
	  {128, 1},
	  {64, 1},
	  {42, 1},
	  {32, 1},
	  {21, 1},
	  {16, 1},
	  {8, 1},
	  {8, 2},
	  {8, 4},
	  {8, 8},
	  {4, 8}}},
	{2,
	 {{512, 1},
	  {256, 1},
	  {128, 1},
	  {64, 1},
	  {42, 1},
	  {32, 1},
	  {21, 1},
	  {16, 1},
	  {16, 2},
	  {16, 4},
	  {16, 8},
	  {8, 8},
	  {4, 8}}},
	{4,
	 {{512, 1},
	  {256, 1},
	  {128, 1},
	  {64, 1},
	  {42, 1},
	  {32, 1},
	  {21, 1},
	  {16, 1},
	  {16, 2},
	  {16, 4},
	  {16, 8},
	  {8, 8},
	  {4, 8}}},
	{8,
	 {{512, 1},
	  {256, 1},
	  {128, 1},
	  {64, 1},
	  {42, 1},
	  {32, 1},
	  {21, 1},
	  {32, 2},
	  {32, 4},
	  {32, 8},
	  {16, 8},
	  {8, 8},
	  {4, 8}}},
	{16,
	 {{512, 1},
	  {256, 1},
	  {128, 1},
	  {64, 1},
	  {42, 1},
	  {32, 1},
	  {42, 2},
	  {32, 2},
	  {32, 4},
	  {32, 8},
	  {16, 8},
	  {8, 8},
	  {4, 8}}},
};

Test(slab_geometry, custom_caches_per_cpu_count)
{
	for (size_t k = 0; k < sizeof(customs) / sizeof(customs[0]); k++) {
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "mem=64M nr_cpus=%d slab_nomerge", customs[k].cpus);
		st_boot(cmd);
		for (int i = 0; i < NCASES; i++) {
			const struct custom *c = &customs[k].c[i];
			struct kmem_cache *s;
			char name[32];

			snprintf(name, sizeof(name), "gold-%u%s", c->obj, c->hw ? "-hw" : "");
			s = kmem_cache_create(name, c->obj, 0, c->hw ? SLAB_HWCACHE_ALIGN : 0,
					      NULL);
			cr_assert_not_null(s, "%s", name);
			cr_assert_eq(s->size, c->size, "cpus %d %s size %u", customs[k].cpus, name,
				     s->size);
			cr_assert_eq(oo_objects(s->oo), c->perslab, "cpus %d %s objects %u",
				     customs[k].cpus, name, oo_objects(s->oo));
			cr_assert_eq(1U << oo_order(s->oo), c->pages, "cpus %d %s order %u",
				     customs[k].cpus, name, oo_order(s->oo));
			kmem_cache_destroy(s);
		}
		for (int i = 0; i < 13; i++) {
			struct kmem_cache *s = kmalloc_caches[KMALLOC_NORMAL][kmalloc_idx[i]];

			cr_assert_eq(s->size, kmalloc_sizes[i]);
			cr_assert_eq(oo_objects(s->oo), kgeom[k].g[i][0], "cpus %d kmalloc-%u",
				     kgeom[k].cpus, kmalloc_sizes[i]);
			cr_assert_eq(1U << oo_order(s->oo), kgeom[k].g[i][1], "cpus %d kmalloc-%u",
				     kgeom[k].cpus, kmalloc_sizes[i]);
		}
		st_end();
	}
}

Test(slab_geometry, order_parameters)
{
	struct kmem_cache *s;

	/* slub_max_order=0: everything in one page unless an object does not fit */
	st_boot("mem=64M slub_max_order=0");
	cr_assert_eq(oo_order(kmalloc_caches[KMALLOC_NORMAL][10]->oo), 0);
	cr_assert_eq(oo_objects(kmalloc_caches[KMALLOC_NORMAL][10]->oo), 4);
	cr_assert_eq(oo_order(kmalloc_caches[KMALLOC_NORMAL][13]->oo), 1, "8k needs order 1");
	st_end();

	/* the slab_ spelling, and min_order raising max_order */
	st_boot("mem=64M slab_min_order=2");
	cr_assert_eq(oo_order(kmalloc_caches[KMALLOC_NORMAL][3]->oo), 2);
	cr_assert_eq(oo_objects(kmalloc_caches[KMALLOC_NORMAL][3]->oo), 2048);
	st_end();

	st_boot("mem=64M slub_min_order=5");
	cr_assert_eq(slub_max_order, 5);
	cr_assert_eq(oo_order(kmalloc_caches[KMALLOC_NORMAL][13]->oo), 5);
	st_end();

	/* max_order is clamped to MAX_PAGE_ORDER */
	st_boot("mem=64M slub_max_order=20");
	cr_assert_eq(slub_max_order, MAX_PAGE_ORDER);
	st_end();

	/* command-line order, as 6.12's __setup handlers: each adjusts the other bound */
	st_boot("mem=64M slab_max_order=2 slub_min_order=4");
	cr_assert_eq(slub_min_order, 4);
	cr_assert_eq(slub_max_order, 4, "the later min_order raised max_order");
	st_end();
	st_boot("mem=64M slub_min_order=4 slab_max_order=2");
	cr_assert_eq(slub_min_order, 2, "the later max_order lowered min_order");
	cr_assert_eq(slub_max_order, 2);
	st_end();
	st_boot("mem=64M slab_min_order=2 slub_min_order=1");
	cr_assert_eq(slub_min_order, 1, "the later spelling wins");
	st_end();

	/* min_objects: 4 objects of 1000 bytes fit in order 0 */
	st_boot("mem=64M slub_min_objects=4 slab_nomerge");
	s = kmem_cache_create("g1000", 1000, 0, 0, NULL);
	cr_assert_eq(oo_order(s->oo), 0);
	cr_assert_eq(oo_objects(s->oo), 4);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_geometry, free_pointer_placement)
{
	struct kmem_cache_args args = {.freeptr_offset = 16, .use_freeptr_offset = true};
	struct kmem_cache *s;

	st_boot("mem=64M slab_nomerge");
	s = kmem_cache_create("mid", 100, 0, 0, NULL);
	cr_assert_eq(s->offset, 48);
	cr_assert_eq(s->size, 104);
	kmem_cache_destroy(s);
	s = kmem_cache_create("rcu", 100, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	cr_assert_eq(s->offset, 104, "after the object");
	cr_assert_eq(s->size, 112);
	kmem_cache_destroy(s);
	s = kmem_cache_create("rcu-off", 100, &args, SLAB_TYPESAFE_BY_RCU);
	cr_assert_not_null(s);
	cr_assert_eq(s->offset, 16);
	cr_assert_eq(s->size, 104);
	kmem_cache_destroy(s);
	st_end();
}

static void noop_ctor(void *p)
{
	(void)p;
}

Test(slab_geometry, ctor_moves_free_pointer_out)
{
	struct kmem_cache *s;

	st_boot("mem=64M");
	s = kmem_cache_create("ctor", 64, 0, SLAB_HWCACHE_ALIGN, noop_ctor);
	cr_assert_eq(s->offset, 64);
	cr_assert_eq(s->size, 128);
	kmem_cache_destroy(s);
	st_end();
}

static bool listed(const char *text, const char *name)
{
	struct st_row r;

	return st_slabinfo_row(text, name, &r);
}

Test(slab_geometry, class_sets_per_arch)
{
	char *text;

	st_boot("mem=64M arch=i386");
	text = ut_read("/proc/slabinfo");
	cr_assert(listed(text, "kmalloc-8"));
	cr_assert(listed(text, "kmalloc-96"));
	cr_assert(listed(text, "dma-kmalloc-8k"));
	free(text);
	cr_assert_eq(kmalloc_slab(70, GFP_KERNEL), kmalloc_caches[KMALLOC_NORMAL][1]);
	st_end();

	st_boot("mem=64M arch=arm");
	text = ut_read("/proc/slabinfo");
	cr_assert(!listed(text, "kmalloc-8"));
	cr_assert(!listed(text, "kmalloc-32"));
	cr_assert(!listed(text, "kmalloc-96"));
	cr_assert(listed(text, "kmalloc-64"));
	cr_assert(listed(text, "kmalloc-192"));
	cr_assert(!listed(text, "dma-kmalloc-64"), "arm has no DMA zone");
	free(text);
	cr_assert_eq(kmalloc_slab(1, GFP_KERNEL), kmalloc_caches[KMALLOC_NORMAL][6]);
	cr_assert_eq(kmalloc_slab(70, GFP_KERNEL), kmalloc_caches[KMALLOC_NORMAL][7]);
	cr_assert_eq(kmalloc_slab(150, GFP_KERNEL), kmalloc_caches[KMALLOC_NORMAL][2]);
	cr_assert_eq(kmalloc_slab(64, GFP_DMA), kmalloc_caches[KMALLOC_NORMAL][6]);
	st_end();
}

Test(slab_geometry, size_classes_x86)
{
	static const struct {
		size_t size;
		unsigned int objsize;
	} t[] = {{1, 8},     {8, 8},	 {9, 16},      {33, 64},     {64, 64},
		 {65, 96},   {96, 96},	 {97, 128},    {128, 128},   {129, 192},
		 {192, 192}, {193, 256}, {4096, 4096}, {4097, 8192}, {8192, 8192}};

	st_boot("mem=64M");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cr_assert_eq(kmalloc_slab(t[i].size, GFP_KERNEL)->object_size, t[i].objsize,
			     "size %zu", t[i].size);
		cr_assert_eq(kmalloc_size_roundup(t[i].size), t[i].objsize);
	}
	cr_assert_str_eq(kmalloc_slab(100, GFP_KERNEL | __GFP_RECLAIMABLE)->name,
			 "kmalloc-rcl-128");
	cr_assert_str_eq(kmalloc_slab(100, GFP_KERNEL_ACCOUNT)->name, "kmalloc-cg-128");
	cr_assert_str_eq(kmalloc_slab(100, GFP_DMA | __GFP_RECLAIMABLE)->name, "dma-kmalloc-128");
	cr_assert_str_eq(kmalloc_slab(100, __GFP_RECLAIMABLE | __GFP_ACCOUNT)->name,
			 "kmalloc-rcl-128");
	cr_assert_eq(kmalloc_size_roundup(0), 0);
	cr_assert_eq(kmalloc_size_roundup(8193), 16384);
	cr_assert_eq(kmalloc_size_roundup(KMALLOC_MAX_SIZE), KMALLOC_MAX_SIZE);
	cr_assert_eq(kmalloc_size_roundup(KMALLOC_MAX_SIZE + 1), KMALLOC_MAX_SIZE + 1);
	cr_assert_eq(kmalloc_size_roundup(SIZE_MAX), SIZE_MAX);
	st_end();
}

Test(slab_geometry, kmem_buckets_as_msg_msg)
{
	static const char *const order[] = {
		"msg_msg-8k",  "msg_msg-4k",  "msg_msg-2k", "msg_msg-1k", "msg_msg-512",
		"msg_msg-256", "msg_msg-128", "msg_msg-64", "msg_msg-32", "msg_msg-16",
		"msg_msg-8",   "msg_msg-192", "msg_msg-96"};
	kmem_buckets *b;
	struct st_row r;
	const char *p;
	char *text;
	void *o;

	st_boot("mem=64M nr_cpus=2");
	b = kmem_buckets_create("msg_msg", SLAB_ACCOUNT, 0, 0, NULL);
	cr_assert_not_null(b);
	text = ut_read("/proc/slabinfo");
	p = strchr(strchr(text, '\n') + 1, '\n') + 1;
	for (int i = 0; i < 13; i++) {
		char name[64];

		cr_assert_eq(sscanf(p, "%63s", name), 1);
		cr_assert_str_eq(name, order[i]);
		p = strchr(p, '\n') + 1;
	}
	cr_assert(st_slabinfo_row(text, "msg_msg-96", &r));
	cr_assert_eq(r.objsize, 96);
	cr_assert_eq(r.perslab, 42);
	cr_assert(st_slabinfo_row(text, "msg_msg-8k", &r));
	cr_assert_eq(r.perslab, 4);
	cr_assert_eq(r.pages, 8);
	/* as in the sample: the CPU slab's free objects count as active */
	cr_assert(st_slabinfo_row(text, "kmalloc_buckets", &r));
	cr_assert_eq(r.active, 36);
	cr_assert_eq(r.num, 36);
	free(text);
	o = kmem_buckets_alloc(b, 100, GFP_KERNEL_ACCOUNT);
	cr_assert_str_eq(virt_to_slab(o)->slab_cache->name, "msg_msg-128");
	kfree(o);
	o = kmem_buckets_alloc(b, 20000, GFP_KERNEL);
	cr_assert_eq(ksize(o), 32768, "large requests are pages as for kmalloc");
	kfree(o);
	for (unsigned int i = 0; i <= KMALLOC_SHIFT_HIGH; i++)
		kmem_cache_destroy((*b)[i]);
	kmem_cache_free(kmem_buckets_cache, b);
	st_end();
}
