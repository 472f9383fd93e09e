// SPDX-License-Identifier: GPL-2.0
/*
 * tests/valgrind/valgrind_cases.c - programs for memcheck (test_valgrind.sh).
 *
 * One case per run, named by argv[1]; each boots a small machine and makes
 * one mistake that memcheck must report on ukmem memory:
 *   uaf     read a kmalloc'd byte after kfree()      -> "Invalid read of size 1"
 *   oob     write one byte past a kmalloc(20) object -> "Invalid write of size 1"
 *   uninit  branch on a kmalloc'd byte never written
 *           (init_on_alloc=0)                        -> "uninitialised value"
 *   leak    lose the only pointer to a kmalloc'd
 *           object                                   -> "definitely lost"
 *   clean   every family used properly               -> no error at all
 */
/* the cases overrun on purpose; the compiler sees through __always_inline kmalloc */
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wunknown-warning-option"
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>

#include <stdio.h>
#include <string.h>

static volatile char sink;

static void uaf(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	p[0] = 1;
	kfree(p);
	sink = ((volatile char *)p)[0];
}

static void oob(void)
{
	char *p = kmalloc(20, GFP_KERNEL);

	((volatile char *)p)[20] = 1;
	kfree(p);
}

static void uninit(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (p[5] == 42)
		printf("forty-two\n");
	kfree(p);
}

static noinline void lose(void)
{
	char *volatile p = kmalloc(100, GFP_KERNEL);

	memset(p, 7, 100);
	p = NULL;
}

static noinline void scrub_stack(void)
{
	volatile char buf[4096];

	memset((char *)buf, 0, sizeof(buf));
}

static void leak(void)
{
	lose();
	scrub_stack();
}

static void clean(void)
{
	struct kmem_cache *c = kmem_cache_create("vg_cache", 72, 0, 0, NULL);
	void *objs[100];
	char *v;

	for (size_t sz = 1; sz <= 20000; sz = sz * 2 + 3) {
		char *p = kmalloc(sz, GFP_KERNEL);

		memset(p, 1, sz);
		p = krealloc(p, sz + 10, GFP_KERNEL);
		p[sz + 9] = 2;
		kfree(p);
	}
	for (int i = 0; i < 100; i++)
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
	for (int i = 0; i < 100; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
	v = vmalloc(3 * PAGE_SIZE + 5);
	memset(v, 3, 3 * PAGE_SIZE + 5);
	v = vrealloc(v, 100, GFP_KERNEL);
	v = vrealloc(v, 3000, GFP_KERNEL);
	memset(v, 3, 3000);
	v = vrealloc(v, 9000, GFP_KERNEL);
	memset(v, 3, 9000);
	vfree(v);
	if (ukmem_check())
		printf("ukmem_check failed\n");
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "clean";

	if (ukmem_boot(!strcmp(c, "uninit") ? "mem=32M init_on_alloc=0" : "mem=32M"))
		return 2;
	if (!strcmp(c, "uaf"))
		uaf();
	else if (!strcmp(c, "oob"))
		oob();
	else if (!strcmp(c, "uninit"))
		uninit();
	else if (!strcmp(c, "leak"))
		leak();
	else
		clean();
	if (strcmp(c, "leak"))
		ukmem_shutdown();
	return 0;
}
