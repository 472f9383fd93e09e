/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/helpers/slab_test.h - what the slab tests share.
 *
 * st_boot() boots a machine and its slab layer (ukmem_slab_init() is
 * idempotent, so this works whether or not boot already calls it);
 * st_end() checks the slab layer and the page allocator, tears the slab
 * layer down, and then requires the machine to be leak-free: no slab
 * object and no page left with a caller.
 *
 * st_slabinfo_row() finds one cache's row of /proc/slabinfo.
 */
#ifndef UKMEM_SLAB_TEST_HELPERS_H
#define UKMEM_SLAB_TEST_HELPERS_H

#include "helpers/ukmem_test.h"
#include <linux/slab.h>
#include <kernel/kinternal.h>

static inline void st_boot(const char *cmdline)
{
	ut_boot(cmdline);
	ukmem_slab_init();
}

static inline void st_end_expect(unsigned long objects)
{
	cr_assert_eq(ukmem_slab_check(), 0, "ukmem_slab_check() found errors");
	cr_assert_eq(ukmem_check(), 0, "ukmem_check() found errors");
	ukmem_slab_exit();
	cr_assert_eq(ukmem_slab_leaked_objects(), objects, "slab objects held: %lu, expected %lu",
		     ukmem_slab_leaked_objects(), objects);
	ut_end();
}

static inline void st_end(void)
{
	st_end_expect(0);
}

/*
 * Free @x again, through kmem_cache_free(@s) or, with @s NULL, kfree():
 * the naive double free, which under ukmem.bug=warn prints the freelist
 * hardening BUG and is refused.
 */
static inline void st_assert_double_free_refused(struct kmem_cache *s, void *x)
{
	char *log;

	ut_mark();
	if (s)
		kmem_cache_free(s, x);
	else
		kfree(x);
	log = ut_log_since();
	ut_assert_log_has(log, "kernel BUG at mm/slub.c:");
	free(log);
}

struct st_row {
	unsigned long active, num;
	unsigned int objsize, perslab, pages;
	unsigned long active_slabs, num_slabs;
};

/* The row of cache @name in @text; false if it is not listed. */
static inline bool st_slabinfo_row(const char *text, const char *name, struct st_row *r)
{
	size_t len = strlen(name);
	const char *p = text;

	while ((p = strstr(p, name))) {
		if ((p == text || p[-1] == '\n') && p[len] == ' ') {
			int n = sscanf(p + len,
				       " %lu %lu %u %u %u : tunables %*u %*u %*u : "
				       "slabdata %lu %lu",
				       &r->active, &r->num, &r->objsize, &r->perslab, &r->pages,
				       &r->active_slabs, &r->num_slabs);

			cr_assert_eq(n, 7, "bad slabinfo row for %s", name);
			return true;
		}
		p += len;
	}
	return false;
}

#endif /* UKMEM_SLAB_TEST_HELPERS_H */
