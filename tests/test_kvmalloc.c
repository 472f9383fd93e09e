// SPDX-License-Identifier: GPL-2.0
/*
 * test_kvmalloc.c - the kvmalloc family and 6.12's decision rule: up to a
 * page only kmalloc; above, a quiet kmalloc attempt and then vmalloc with
 * the caller's flags (huge mappings allowed), never for a caller that
 * cannot sleep, never above INT_MAX (a once-per-boot warning unless
 * __GFP_NOWARN).  kvfree of both kinds, kvrealloc across the
 * kmalloc/vmalloc boundary, kvfree_sensitive's clearing, and the array
 * helpers' overflow checks.
 *
 * A fragmented machine (every other page taken) makes the kmalloc attempt
 * fail for sizes above a page while vmalloc still finds order-0 pages;
 * sizes beyond KMALLOC_MAX_SIZE fail kmalloc on any machine.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/page-flags.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "helpers/slab_test.h"
#include "mm/vmalloc_internal.h"

static void kv_boot(const char *cmdline)
{
	st_boot(cmdline);
	cr_assert_eq(ukmem_vmalloc_init(), 0);
}

static void kv_end(void)
{
	cr_assert_eq(ukmem_vmalloc_check(), 0, "ukmem_vmalloc_check() found errors");
	cr_assert_eq(ukmem_slab_check(), 0, "ukmem_slab_check() found errors");
	ukmem_vmalloc_exit();
	cr_assert_eq(ukmem_vmalloc_leaked_areas(), 0);
	st_end();
}

static bool from_slab(const void *p)
{
	return !is_vmalloc_addr(p) && virt_addr_valid(p) &&
	       PageSlab(compound_head(virt_to_page(p)));
}

static bool from_page_allocator(const void *p)
{
	return !is_vmalloc_addr(p) && virt_addr_valid(p) &&
	       !PageSlab(compound_head(virt_to_page(p)));
}

/*
 * Every other page of the machine taken: no free block above order 0, not
 * even below the watermarks (__GFP_MEMALLOC takes the reserves too).
 */
static struct page *frag_held[40000];
static int frag_n;

static void fragment(void)
{
	frag_n = 0;
	while (frag_n < (int)ARRAY_SIZE(frag_held) &&
	       (frag_held[frag_n] = alloc_page(GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOWARN)))
		frag_n++;
	for (int i = 0; i < frag_n; i += 2)
		__free_page(frag_held[i]);
	drain_all_pages(NULL);
}

static void unfragment(void)
{
	for (int i = 1; i < frag_n; i += 2)
		__free_page(frag_held[i]);
	frag_n = 0;
}

Test(kvmalloc, small_sizes_come_from_kmalloc)
{
	static const size_t sizes[] = {1, 8, 100, 192, 2048, PAGE_SIZE, PAGE_SIZE + 1, 8192};
	void *p;

	kv_boot("mem=64M");
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned char *z;

		p = kvmalloc(sizes[i], GFP_KERNEL);
		cr_assert(from_slab(p), "kvmalloc(%zu) not from a slab", sizes[i]);
		memset(p, 0xa5, sizes[i]);
		kvfree(p);
		z = kvzalloc(sizes[i], GFP_KERNEL);
		cr_assert(from_slab(z));
		for (size_t j = 0; j < sizes[i]; j++)
			cr_assert_eq(z[j], 0);
		kvfree(z);
		p = kvmalloc_node(sizes[i], GFP_KERNEL, 0);
		cr_assert(from_slab(p));
		kvfree(p);
		p = kvzalloc_node(sizes[i], GFP_KERNEL, NUMA_NO_NODE);
		cr_assert(from_slab(p));
		kvfree(p);
	}
	/* above KMALLOC_MAX_CACHE_SIZE: kmalloc's compound pages, still not vmalloc */
	p = kvmalloc(64 * 1024, GFP_KERNEL);
	cr_assert(from_page_allocator(p));
	kvfree(p);
	p = kvmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
	cr_assert(from_page_allocator(p));
	kvfree(p);
	/* zero bytes: kmalloc's ZERO_SIZE_PTR; kvfree of it and of NULL do nothing */
	p = kvmalloc(0, GFP_KERNEL);
	cr_assert_eq(p, ZERO_SIZE_PTR);
	kvfree(p);
	kvfree(NULL);
	kvfree_sensitive(NULL, 100);
	kvfree_sensitive(ZERO_SIZE_PTR, 100);
	kv_end();
}

Test(kvmalloc, beyond_kmalloc_max_is_vmalloc_with_huge_pages)
{
	unsigned char *p;
	char *log;

	kv_boot("mem=128M");
	ut_mark();
	p = kvmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL);
	log = ut_log_since();
	cr_assert(is_vmalloc_addr(p));
	/* the kmalloc attempt was quiet */
	ut_assert_log_lacks(log, "WARNING");
	ut_assert_log_lacks(log, "page allocation failure");
	free(log);
	cr_assert_not_null(find_vm_area(p));
	cr_assert(find_vm_area(p)->flags & VM_ALLOW_HUGE_VMAP);
	/* x86_64: 2 MiB and more per node get order-9 blocks */
	cr_assert_eq(find_vm_area(p)->page_order, 9);
	memset(p, 0x3c, KMALLOC_MAX_SIZE + 1);
	cr_assert_eq(*(unsigned char *)page_address(vmalloc_to_page(p + KMALLOC_MAX_SIZE)), 0x3c);
	kvfree(p);
	/* a smaller vmalloc fallback uses order-0 pages */
	p = kvzalloc_node(KMALLOC_MAX_SIZE * 2, GFP_KERNEL, 0);
	cr_assert(is_vmalloc_addr(p));
	for (size_t i = 0; i < KMALLOC_MAX_SIZE * 2; i += 4096)
		cr_assert_eq(p[i], 0);
	kvfree(p);
	kv_end();
}

Test(kvmalloc, nohugevmalloc_means_order0)
{
	void *p;

	kv_boot("mem=128M nohugevmalloc");
	p = kvmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL);
	cr_assert(is_vmalloc_addr(p));
	cr_assert_eq(find_vm_area(p)->page_order, 0);
	kvfree(p);
	kv_end();
}

Test(kvmalloc, fragmented_machine_falls_back_to_vmalloc)
{
	unsigned char *p;
	struct page *probe;
	char *log;

	kv_boot("mem=64M");
	fragment();
	probe = alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 4);
	cr_assert_null(probe, "the machine is not fragmented");

	ut_mark();
	p = kvmalloc(64 * 1024, GFP_KERNEL);
	log = ut_log_since();
	cr_assert(is_vmalloc_addr(p), "64 KiB on a fragmented machine did not fall back");
	ut_assert_log_lacks(log, "page allocation failure");
	free(log);
	/* plain order-0 pages below 2 MiB, mapped for real */
	cr_assert_eq(find_vm_area(p)->page_order, 0);
	for (int i = 0; i < 16; i++) {
		p[i * PAGE_SIZE + 7] = (unsigned char)(i + 1);
		cr_assert_eq(((unsigned char *)page_address(vmalloc_to_page(p + i * PAGE_SIZE)))[7],
			     i + 1);
	}
	kvfree(p);

	/* __GFP_NOFAIL: not passed to kmalloc (no endless loop), honoured by vmalloc */
	p = kvmalloc(64 * 1024, GFP_KERNEL | __GFP_NOFAIL);
	cr_assert(is_vmalloc_addr(p));
	kvfree(p);
	p = kvmalloc(64 * 1024, GFP_KERNEL | __GFP_RETRY_MAYFAIL);
	cr_assert_not_null(p);
	kvfree(p);
	p = kvcalloc(16, PAGE_SIZE, GFP_KERNEL);
	cr_assert(is_vmalloc_addr(p));
	for (size_t i = 0; i < 16 * PAGE_SIZE; i++)
		cr_assert_eq(p[i], 0);
	kvfree(p);

	/* callers that cannot sleep never get vmalloc, and hear nothing */
	ut_mark();
	cr_assert_null(kvmalloc(64 * 1024, GFP_ATOMIC));
	cr_assert_null(kvmalloc(64 * 1024, GFP_NOWAIT));
	cr_assert_null(kvmalloc_array(16, PAGE_SIZE, GFP_ATOMIC));
	log = ut_log_since();
	ut_assert_log_lacks(log, "page allocation failure");
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	/* ... while a page or less still comes from kmalloc */
	p = kvmalloc(PAGE_SIZE, GFP_ATOMIC);
	cr_assert(from_slab(p));
	kvfree(p);

	unfragment();
	kv_end();
}

Test(kvmalloc, atomic_beyond_kmalloc_max_is_null)
{
	char *log;

	kv_boot("mem=128M");
	ut_mark();
	cr_assert_null(kvmalloc(KMALLOC_MAX_SIZE + 1, GFP_ATOMIC));
	cr_assert_null(kvzalloc(KMALLOC_MAX_SIZE * 2, GFP_NOWAIT));
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	cr_assert_eq(vmalloc_nr_pages(), 0);
	kv_end();
}

Test(kvmalloc, above_int_max_warns_once_and_fails)
{
	size_t big = (size_t)INT_MAX + 1;
	char *log;

	kv_boot("mem=64M");
	/* __GFP_NOWARN silences it */
	ut_mark();
	cr_assert_null(kvmalloc(big, GFP_KERNEL | __GFP_NOWARN));
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	ut_assert_log_lacks(log, "vmalloc error");
	free(log);
	/* a caller that cannot sleep is refused before the size check */
	ut_mark();
	cr_assert_null(kvmalloc(big, GFP_ATOMIC));
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	free(log);

	ut_mark();
	cr_assert_null(kvmalloc(big, GFP_KERNEL));
	log = ut_log_since();
	cr_assert(ut_match(log, "WARNING: CPU: [0-9]+ PID: [0-9]+ at mm/util\\.c:[0-9]+ "
				"__kvmalloc_node_noprof\\+0x[0-9a-f]+/0x[0-9a-f]+"),
		  "%s", log);
	ut_assert_log_lacks(log, "vmalloc error");
	ut_assert_log_lacks(log, "page allocation failure");
	free(log);
	/* once per boot */
	ut_mark();
	cr_assert_null(kvmalloc(big, GFP_KERNEL));
	cr_assert_null(kvmalloc_node(SIZE_MAX / 2, GFP_KERNEL, 0));
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	/* INT_MAX itself is not refused by the size check (it fails in vmalloc) */
	cr_assert_null(kvmalloc((size_t)INT_MAX, GFP_KERNEL | __GFP_NOWARN));
	kv_end();
}

Test(kvmalloc, array_helpers_check_overflow)
{
	unsigned int *a;
	char *log;

	kv_boot("mem=64M");
	ut_mark();
	cr_assert_null(kvmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));
	cr_assert_null(kvcalloc(SIZE_MAX / 8 + 1, 8, GFP_KERNEL));
	cr_assert_null(kvcalloc_node(SIZE_MAX, 2, GFP_KERNEL, 0));
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING");
	free(log);
	a = kvmalloc_array(100, sizeof(*a), GFP_KERNEL);
	cr_assert(from_slab(a));
	kvfree(a);
	a = kvcalloc(3000, sizeof(*a), GFP_KERNEL);
	cr_assert_not_null(a);
	for (int i = 0; i < 3000; i++)
		cr_assert_eq(a[i], 0);
	kvfree(a);
	a = kvcalloc(2UL << 20, sizeof(*a), GFP_KERNEL);
	cr_assert(is_vmalloc_addr(a));
	for (size_t i = 0; i < (2UL << 20); i += 1000)
		cr_assert_eq(a[i], 0);
	kvfree(a);
	kv_end();
}

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + seed);
}

static void check_fill(const unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(p[i], (unsigned char)(i * 31 + seed), "byte %zu", i);
}

Test(kvmalloc, kvrealloc_as_6_12)
{
	unsigned char *p, *q;
	size_t ks;

	kv_boot("mem=128M");
	/* NULL: kvmalloc */
	p = kvrealloc(NULL, 100, GFP_KERNEL);
	cr_assert(from_slab(p));
	fill(p, 100, 1);
	/* within the kmalloc rule: krealloc */
	q = kvrealloc(p, 3000, GFP_KERNEL);
	cr_assert(from_slab(q));
	check_fill(q, 100, 1);
	fill(q, 3000, 2);
	/* across the boundary: a new vmalloc'd object, the whole old one copied */
	ks = ksize(q);
	p = kvrealloc(q, KMALLOC_MAX_SIZE + 100, GFP_KERNEL | __GFP_ZERO);
	cr_assert(is_vmalloc_addr(p));
	check_fill(p, 3000, 2);
	for (size_t i = ks; i < KMALLOC_MAX_SIZE + 100; i++)
		cr_assert_eq(p[i], 0, "byte %zu past the old object", i);
	fill(p, KMALLOC_MAX_SIZE + 100, 3);
	/* vmalloc'd memory: vrealloc (shrinking stays in place) */
	q = kvrealloc(p, 5000, GFP_KERNEL);
	cr_assert_eq(q, p);
	check_fill(q, 5000, 3);
	/* and growing moves, keeping the data */
	p = kvrealloc(q, 3 * KMALLOC_MAX_SIZE, GFP_KERNEL);
	cr_assert(is_vmalloc_addr(p));
	check_fill(p, 5000, 3);
	/* size 0 frees a vmalloc'd object and returns NULL */
	cr_assert_null(kvrealloc(p, 0, GFP_KERNEL));

	/* a kmalloc'd object growing past a page on a fragmented machine */
	p = kvmalloc(2000, GFP_KERNEL);
	fill(p, 2000, 4);
	fragment();
	q = kvrealloc(p, 64 * 1024, GFP_KERNEL);
	cr_assert(is_vmalloc_addr(q));
	check_fill(q, 2000, 4);
	/* ... but never for a caller that cannot sleep: NULL, @p untouched */
	p = kvmalloc(3000, GFP_KERNEL);
	fill(p, 3000, 5);
	cr_assert_null(kvrealloc(p, 64 * 1024, GFP_ATOMIC));
	check_fill(p, 3000, 5);
	cr_assert(from_slab(p));
	kvfree(q);
	/* size 0 frees a kmalloc'd object and returns ZERO_SIZE_PTR */
	cr_assert_eq(kvrealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	unfragment();
	kv_end();
}

Test(kvmalloc, kvfree_sensitive_zeroes_first)
{
	unsigned char *p, *lin;
	struct page *pages[4];
	int nonzero = 0;

	kv_boot("mem=128M");
	/* a vmalloc'd object: read the freed pages through their linear map */
	p = kvmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN);
	cr_assert(is_vmalloc_addr(p));
	memset(p, 0xaa, KMALLOC_MAX_SIZE + 1);
	for (int i = 0; i < 4; i++)
		pages[i] = vmalloc_to_page(p + (size_t)i * (KMALLOC_MAX_SIZE / 4));
	kvfree_sensitive(p, KMALLOC_MAX_SIZE + 1);
	cr_assert_null(find_vm_area(p));
	for (int i = 0; i < 4; i++) {
		lin = page_address(pages[i]);
		for (size_t j = 0; j < PAGE_SIZE; j++)
			cr_assert_eq(lin[j], 0, "page %d byte %zu not cleared", i, j);
	}

	/* a slab object: only the free pointer SLUB writes may be non-zero */
	p = kvmalloc(100, GFP_KERNEL);
	cr_assert(from_slab(p));
	memset(p, 0xaa, 100);
	kvfree_sensitive(p, 100);
	for (int j = 0; j < 100; j++)
		nonzero += p[j] != 0;
	cr_assert_leq(nonzero, (int)sizeof(void *), "%d bytes not cleared", nonzero);
	kv_end();
}
