// SPDX-License-Identifier: GPL-2.0
/*
 * test_plat_registry.c - the platform's mapping registry (a red-black tree
 * of the ranges plat_map_phys() mapped), against a page-by-page model.
 *
 * Random maps and unmaps of page ranges of a reservation (each map at a
 * random offset of a small physical object, read-only or writable, over
 * whatever was there), with every page checked after each step through
 * plat_mapping_lookup(): what it says is mapped where, and writable or
 * not, must be what the model says.  Maps that continue each other merge
 * in the registry, unmaps split records: both are exercised by the small
 * ranges.  Then a fork: the child must read, through the same addresses,
 * what the parent wrote, from its own copy (the registry is what the child
 * maps again).
 */
#include <linux/compiler.h>

#include <criterion/criterion.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/plat.h"

#define NPAGES 256
#define PHYS_PAGES 64
#define PG 4096UL

struct model {
	int off; /* physical page index, -1: not mapped */
	bool writable;
};

static void check_all(char *base, const struct model *m)
{
	for (int i = 0; i < NPAGES; i++) {
		uint64_t off = 0;
		bool w = false;
		bool found = plat_mapping_lookup((unsigned long)(base + i * PG + 123), &off, &w);

		if (m[i].off < 0) {
			cr_assert_not(found, "page %d: the registry has a mapping, the model none",
				      i);
			continue;
		}
		cr_assert(found, "page %d: mapped at %d in the model, not in the registry", i,
			  m[i].off);
		cr_assert_eq(off, (uint64_t)m[i].off * PG + 123,
			     "page %d: offset %#llx, expected %#lx", i, (unsigned long long)off,
			     (unsigned long)m[i].off * PG + 123);
		cr_assert_eq(w, m[i].writable, "page %d: writable %d, expected %d", i, w,
			     m[i].writable);
	}
}

Test(plat_registry, random_maps_and_unmaps_match_the_model)
{
	struct model m[NPAGES];
	unsigned int seed = 12345;
	bool at_hint;
	int fd = plat_phys_create(PHYS_PAGES * PG);
	char *base = plat_reserve(NULL, NPAGES * PG, &at_hint);

	cr_assert_geq(fd, 0);
	cr_assert_not_null(base);
	for (int i = 0; i < NPAGES; i++)
		m[i].off = -1;
	for (int step = 0; step < 3000; step++) {
		int start = rand_r(&seed) % NPAGES;
		int len = 1 + rand_r(&seed) % 8;

		if (start + len > NPAGES)
			len = NPAGES - start;
		if (rand_r(&seed) % 3) {
			int off = rand_r(&seed) % (PHYS_PAGES - len + 1);
			bool w = rand_r(&seed) % 4 != 0;

			/* sometimes continue the mapping before it, so records merge */
			if (start > 0 && m[start - 1].off >= 0 &&
			    m[start - 1].off + len < PHYS_PAGES && rand_r(&seed) % 2) {
				off = m[start - 1].off + 1;
				w = m[start - 1].writable;
			}
			cr_assert_eq(plat_map_phys(fd, base + start * PG, (uint64_t)off * PG,
						   (size_t)len * PG, w),
				     0);
			for (int i = 0; i < len; i++)
				m[start + i] = (struct model){off + i, w};
		} else {
			cr_assert_eq(plat_unmap_phys(base + start * PG, (size_t)len * PG), 0);
			for (int i = 0; i < len; i++)
				m[start + i].off = -1;
		}
		check_all(base, m);
	}
	plat_unreserve(base, NPAGES * PG);
	for (int i = 0; i < NPAGES; i++)
		m[i].off = -1;
	check_all(base, m);
	plat_phys_destroy(fd);
}

Test(plat_registry, fork_child_maps_its_own_copy)
{
	bool at_hint;
	int fd = plat_phys_create(PHYS_PAGES * PG);
	char *base = plat_reserve(NULL, NPAGES * PG, &at_hint);
	int status;
	pid_t pid;

	cr_assert(fd >= 0 && base);
	/* pages 0..9 -> phys 20..29, then 3..5 unmapped (a split), 7 remapped to phys 1 */
	cr_assert_eq(plat_map_phys(fd, base, 20 * PG, 10 * PG, true), 0);
	cr_assert_eq(plat_unmap_phys(base + 3 * PG, 3 * PG), 0);
	cr_assert_eq(plat_map_phys(fd, base + 7 * PG, 1 * PG, PG, true), 0);
	for (int i = 0; i < 10; i++)
		if (i < 3 || i > 5)
			base[i * PG] = (char)(i + 1);
	/* the registry is needed by fork's child handler: the atfork hook is installed lazily */
	plat_atfork(NULL, NULL, NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		for (int i = 0; i < 10; i++)
			if ((i < 3 || i > 5) && base[i * PG] != (char)(i + 1))
				_exit(10 + i);
		base[0] = 99; /* the child's own copy */
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	cr_assert_eq(base[0], 1, "the child wrote into the parent's memory");
	plat_unreserve(base, NPAGES * PG);
	plat_phys_destroy(fd);
}
