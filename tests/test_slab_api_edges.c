// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_slab_api_edges.c - every kmalloc-family entry point at the
 * edge sizes of issue 3's test list: 0, 1, 8, 9, 96, 97, 192, 193, 4096,
 * 8192, 8193, KMALLOC_MAX_SIZE, KMALLOC_MAX_SIZE + 1 and SIZE_MAX.
 *
 * One table drives the APIs, so each entry point is held to the same
 * rules: size 0 gives ZERO_SIZE_PTR, a size up to KMALLOC_MAX_SIZE gives
 * memory whose ksize() equals kmalloc_size_roundup(size) (the class, or the
 * page-allocator block above KMALLOC_MAX_CACHE_SIZE), the zeroing variants
 * zero every requested byte even when the memory was dirty, and anything
 * larger fails with NULL (silently with __GFP_NOWARN).  kvmalloc differs
 * only where 6.12 says it does: past KMALLOC_MAX_SIZE it falls back to
 * vmalloc, and above INT_MAX it fails.  The machine boots with
 * init_on_alloc=0 so that the zeroing checks test the API and not the
 * default auto-init.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "helpers/ukmem_test.h"
#include "helpers/slab_test.h"

static const size_t edge_sizes[] = {
	0,
	1,
	8,
	9,
	96,
	97,
	192,
	193,
	4096,
	8192,
	8193,
	KMALLOC_MAX_SIZE,
	KMALLOC_MAX_SIZE + 1,
	SIZE_MAX,
};

/* A source for kmemdup as large as the largest size it can succeed with. */
static unsigned char *dup_src;

struct api {
	const char *name;
	void *(*alloc)(size_t size, gfp_t gfp);
	bool zeroes;
	bool vmalloc_fallback; /* kvmalloc's rule beyond KMALLOC_MAX_SIZE */
};

static void *do_kmalloc(size_t n, gfp_t g)
{
	return kmalloc(n, g);
}
static void *do_kzalloc(size_t n, gfp_t g)
{
	return kzalloc(n, g);
}
static void *do_kmalloc_node(size_t n, gfp_t g)
{
	return kmalloc_node(n, g, 0);
}
static void *do_kzalloc_node(size_t n, gfp_t g)
{
	return kzalloc_node(n, g, NUMA_NO_NODE);
}
static void *do_track_caller(size_t n, gfp_t g)
{
	return kmalloc_track_caller(n, g);
}
static void *do_kcalloc(size_t n, gfp_t g)
{
	return kcalloc(1, n, g);
}
static void *do_kmalloc_array(size_t n, gfp_t g)
{
	return kmalloc_array(n, 1, g);
}
static void *do_krealloc_null(size_t n, gfp_t g)
{
	return krealloc(NULL, n, g);
}
static void *do_krealloc_array(size_t n, gfp_t g)
{
	return krealloc_array(NULL, 1, n, g);
}
static void *do_kmemdup(size_t n, gfp_t g)
{
	return kmemdup(dup_src, n, g);
}
static void *do_kvmalloc(size_t n, gfp_t g)
{
	return kvmalloc(n, g);
}
static void *do_kvzalloc(size_t n, gfp_t g)
{
	return kvzalloc(n, g);
}

static const struct api apis[] = {
	{"kmalloc", do_kmalloc, false, false},
	{"kzalloc", do_kzalloc, true, false},
	{"kmalloc_node", do_kmalloc_node, false, false},
	{"kzalloc_node", do_kzalloc_node, true, false},
	{"kmalloc_track_caller", do_track_caller, false, false},
	{"kcalloc", do_kcalloc, true, false},
	{"kmalloc_array", do_kmalloc_array, false, false},
	{"krealloc(NULL)", do_krealloc_null, false, false},
	{"krealloc_array(NULL)", do_krealloc_array, false, false},
	{"kmemdup", do_kmemdup, false, false},
	{"kvmalloc", do_kvmalloc, false, true},
	{"kvzalloc", do_kvzalloc, true, true},
};

/* Bytes of [p, p + n) that are not zero. */
static size_t nonzero(const unsigned char *p, size_t n)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		bad += p[i] != 0;
	return bad;
}

/*
 * Leave dirt where the next allocation of @size will land: allocate it,
 * fill it, free it.  With init_on_alloc=0 a zeroing API must clear it.
 */
static void dirty_class(size_t size)
{
	unsigned char *p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);

	if (!ZERO_OR_NULL_PTR(p)) {
		memset(p, 0xa5, size);
		kfree(p);
	}
}

static void check_one(const struct api *a, size_t size)
{
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	unsigned char *p;

	if (a->zeroes && size && size <= KMALLOC_MAX_SIZE)
		dirty_class(size);
	p = a->alloc(size, gfp);
	if (size == 0) {
		cr_expect_eq(p, ZERO_SIZE_PTR, "%s(0) = %p", a->name, (void *)p);
		return;
	}
	if (size > KMALLOC_MAX_SIZE && !(a->vmalloc_fallback && size <= INT_MAX)) {
		cr_expect_null(p, "%s(%zu) = %p", a->name, size, (void *)p);
		return;
	}
	cr_assert_not_null(p, "%s(%zu)", a->name, size);
	if (is_vmalloc_addr(p)) {
		cr_expect(a->vmalloc_fallback, "%s(%zu) gave a vmalloc address", a->name, size);
		cr_expect_gt(size, KMALLOC_MAX_SIZE, "%s(%zu) fell back to vmalloc", a->name, size);
	} else {
		cr_expect_eq(ksize(p), kmalloc_size_roundup(size), "%s(%zu): ksize %zu", a->name,
			     size, ksize(p));
		if (!(size & (size - 1)))
			cr_expect_eq((uintptr_t)p % size, 0, "%s(%zu) at %p", a->name, size,
				     (void *)p);
		cr_expect_eq((uintptr_t)p % ARCH_KMALLOC_MINALIGN, 0);
	}
	if (a->zeroes)
		cr_expect_eq(nonzero(p, size), 0, "%s(%zu) left bytes set", a->name, size);
	if (a->alloc == do_kmemdup)
		cr_expect_eq(memcmp(p, dup_src, size), 0, "kmemdup(%zu) copied wrong", size);
	p[0] = 1;
	p[size - 1] = 2;
	kvfree(p);
}

Test(slab_api_edges, every_api_at_every_edge_size)
{
	char *log;

	st_boot("mem=128M init_on_alloc=0");
	dup_src = vmalloc(KMALLOC_MAX_SIZE);
	cr_assert_not_null(dup_src);
	for (size_t i = 0; i < KMALLOC_MAX_SIZE; i++)
		dup_src[i] = (unsigned char)(i * 7 + 3);
	ut_mark();
	for (size_t a = 0; a < sizeof(apis) / sizeof(apis[0]); a++)
		for (size_t s = 0; s < sizeof(edge_sizes) / sizeof(edge_sizes[0]); s++)
			check_one(&apis[a], edge_sizes[s]);
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	vfree(dup_src);
	st_end();
}

/* kmalloc_size_roundup: the class, the page block, or the size itself. */
Test(slab_api_edges, kmalloc_size_roundup_table)
{
	static const struct {
		size_t size, want;
	} t[] = {
		{0, 0},
		{1, 8},
		{8, 8},
		{9, 16},
		{96, 96},
		{97, 128},
		{192, 192},
		{193, 256},
		{4096, 4096},
		{8192, 8192},
		{8193, 16384},
		{KMALLOC_MAX_SIZE, KMALLOC_MAX_SIZE},
		{KMALLOC_MAX_SIZE + 1, KMALLOC_MAX_SIZE + 1},
		{SIZE_MAX, SIZE_MAX},
	};

	st_boot("mem=64M");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		cr_expect_eq(kmalloc_size_roundup(t[i].size), t[i].want,
			     "kmalloc_size_roundup(%zu) = %zu, want %zu", t[i].size,
			     kmalloc_size_roundup(t[i].size), t[i].want);
	st_end();
}

/*
 * krealloc of a live object across the edges: the contents up to the
 * smaller size survive, size 0 frees and returns ZERO_SIZE_PTR, and a
 * failed grow leaves the old object untouched.
 */
Test(slab_api_edges, krealloc_across_edges)
{
	unsigned char *p, *q;
	size_t prev = 1;

	st_boot("mem=128M");
	p = kmalloc(1, GFP_KERNEL);
	cr_assert_not_null(p);
	p[0] = 0x11;
	for (size_t s = 1; s < sizeof(edge_sizes) / sizeof(edge_sizes[0]); s++) {
		size_t size = edge_sizes[s];

		q = krealloc(p, size, GFP_KERNEL | __GFP_NOWARN);
		if (size > KMALLOC_MAX_SIZE) {
			cr_expect_null(q, "krealloc(%zu)", size);
			cr_expect_eq(p[0], 0x11, "the old object was touched");
			cr_expect_geq(ksize(p), prev);
			continue;
		}
		cr_assert_not_null(q, "krealloc(%zu)", size);
		cr_expect_eq(q[0], 0x11, "krealloc(%zu) lost the contents", size);
		cr_expect_geq(ksize(q), size);
		p = q;
		prev = size;
	}
	cr_expect_eq(krealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	st_end();
}
