/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/helpers/ukmem_test.h - what the page allocator's tests share.
 *
 * Every test boots a fresh small machine with ut_boot() and ends with
 * ut_end() (or ut_end_expect() when it deliberately leaves pages held or
 * taken out of service): the allocator must be consistent (ukmem_check()
 * == 0), after drain_all_pages() exactly the expected pages are still
 * handed out, and the shutdown must report exactly them as held.
 *
 * The log helpers work on markers: ut_mark() prints a unique line, and
 * ut_log_since() returns the log text after the last marker, so a test
 * looks only at what its own operation printed.  Views and the log are
 * read into host memory (malloc), never the machine's, so that reading
 * them changes nothing the test observes.
 *
 * Everything here is static inline so that each test executable gets its
 * own copy and no helper .c file is linked into other people's tests.
 */
#ifndef UKMEM_TEST_HELPERS_H
#define UKMEM_TEST_HELPERS_H

#include <criterion/criterion.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <ukmem/ukmem.h>

#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- boot and teardown ---------------------------------------------- */

static inline void ut_boot(const char *cmdline)
{
	int ret = ukmem_boot(cmdline);

	cr_assert_eq(ret, 0, "ukmem_boot(\"%s\") returned %d", cmdline ? cmdline : "(null)", ret);
}

/*
 * The end of every test: consistent, exactly @in_use pages still handed
 * out (after the pcp lists are drained), and shutdown reports exactly
 * @in_use pages held by callers and @held_back pages taken out of service.
 */
static inline void ut_end_expect(unsigned long in_use, unsigned long held_back)
{
	cr_assert_eq(ukmem_check(), 0, "ukmem_check() found errors at the end of the test");
	drain_all_pages(NULL);
	cr_assert_eq(ukmem_check(), 0, "ukmem_check() found errors after drain_all_pages()");
	cr_assert_eq(ukmem_pages_in_use(), in_use, "pages in use at the end: %lu, expected %lu",
		     ukmem_pages_in_use(), in_use);
	ukmem_shutdown();
	cr_assert_not(ukmem_is_booted());
	cr_assert_eq(ukmem_shutdown_leaked(), in_use, "shutdown found %lu pages held, expected %lu",
		     ukmem_shutdown_leaked(), in_use);
	cr_assert_eq(ukmem_shutdown_held_back(), held_back,
		     "shutdown found %lu pages held back, expected %lu", ukmem_shutdown_held_back(),
		     held_back);
}

static inline void ut_end(void)
{
	ut_end_expect(0, 0);
}

/* ---- views and the log ------------------------------------------------ */

/* A view's whole text, malloc'd; NULL if the view does not exist. */
static inline char *ut_read(const char *path)
{
	char small[1];
	ssize_t len = ukmem_proc_read(path, small, sizeof(small)), got;
	char *buf;

	if (len < 0)
		return NULL;
	/* a view with ages or counts may change length between two reads: read again */
	for (int tries = 0;; tries++) {
		buf = malloc((size_t)len + 1);
		cr_assert_not_null(buf);
		got = ukmem_proc_read(path, buf, (size_t)len + 1);
		if (got == len || tries == 4)
			break;
		free(buf);
		len = ukmem_proc_read(path, small, sizeof(small));
	}
	cr_assert_eq(got, len);
	return buf;
}

/* The whole log as dmesg prints it, malloc'd. */
static inline char *ut_dmesg(void)
{
	char small[1];
	ssize_t len = ukmem_dmesg(small, sizeof(small));
	char *buf;

	cr_assert_geq(len, 0);
	buf = malloc((size_t)len + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(ukmem_dmesg(buf, (size_t)len + 1), len);
	return buf;
}

static unsigned int ut_mark_seq;

/* Print a marker line; ut_log_since() returns what was printed after it. */
static inline void ut_mark(void)
{
	pr_info("ut-mark %u\n", ++ut_mark_seq);
}

/* The log after the last ut_mark(), malloc'd (the whole log if none). */
static inline char *ut_log_since(void)
{
	char *all = ut_dmesg(), *from = all, *out;
	char needle[32];

	snprintf(needle, sizeof(needle), "ut-mark %u\n", ut_mark_seq);
	if (ut_mark_seq) {
		char *p = strstr(all, needle);

		cr_assert_not_null(p, "marker %u not in the log", ut_mark_seq);
		from = p + strlen(needle);
	}
	out = strdup(from);
	cr_assert_not_null(out);
	free(all);
	return out;
}

static inline int ut_count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Does @text contain a line matching the extended regex @re (anchors per line)? */
static inline bool ut_match(const char *text, const char *re)
{
	regex_t rx;
	int ret;

	cr_assert_eq(regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE | REG_NOSUB), 0, "bad regex %s",
		     re);
	ret = regexec(&rx, text, 0, NULL, 0);
	regfree(&rx);
	return ret == 0;
}

#define ut_assert_log_has(text, needle) \
	cr_assert_not_null(strstr((text), (needle)), "the log lacks \"%s\":\n%s", (needle), (text))
#define ut_assert_log_lacks(text, needle) \
	cr_assert_null(strstr((text), (needle)), "the log has \"%s\":\n%s", (needle), (text))

/* ---- /proc/pagetypeinfo and /proc/buddyinfo -------------------------- */

/*
 * The free counts of one "Node N, zone Z, type T" row of pagetypeinfo.
 * Returns false when the row is not there.
 */
static inline bool ut_pagetype_row(const char *text, int nid, const char *zone, const char *type,
				   unsigned long counts[NR_PAGE_ORDERS])
{
	char head[128];
	const char *p;

	snprintf(head, sizeof(head), "Node %4d, zone %8s, type %12s ", nid, zone, type);
	p = strstr(text, head);
	if (!p)
		return false;
	p += strlen(head);
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		char *end;

		counts[o] = strtoul(p, &end, 10);
		cr_assert_neq(p, end, "short pagetypeinfo row %s", head);
		p = end;
	}
	return true;
}

/* The free counts of one zone's buddyinfo row. */
static inline bool ut_buddyinfo_row(const char *text, int nid, const char *zone,
				    unsigned long counts[NR_PAGE_ORDERS])
{
	char head[64];
	const char *p;

	snprintf(head, sizeof(head), "Node %d, zone %8s ", nid, zone);
	p = strstr(text, head);
	if (!p)
		return false;
	p += strlen(head);
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		char *end;

		counts[o] = strtoul(p, &end, 10);
		cr_assert_neq(p, end, "short buddyinfo row %s", head);
		p = end;
	}
	return true;
}

/* ---- the machine ------------------------------------------------------ */

static inline struct zone *ut_zone(enum zone_type t)
{
	struct zone *z = ukmem_zone_by_type(0, t);

	cr_assert_not_null(z, "this arch has no zone type %d", (int)t);
	return z;
}

/* Free pages of a zone on its buddy lists plus those on its pcp lists. */
static inline unsigned long ut_zone_free_and_pcp(const struct zone *z)
{
	unsigned long n = zone_page_state(z, NR_FREE_PAGES);

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += (unsigned long)z->per_cpu_pageset[cpu].count;
	return n;
}

/* All free pages of the machine, buddy lists and pcp lists together. */
static inline unsigned long ut_free_and_pcp(void)
{
	unsigned long n = 0;
	struct zone *z;

	for_each_populated_zone(z)
		n += ut_zone_free_and_pcp(z);
	return n;
}

/* Open file descriptors of this process. */
static inline int ut_fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory stream's own descriptor */
}

/* A set of live allocations kept in host memory. */
struct ut_block {
	struct page *page;
	unsigned int order;
};

struct ut_blocks {
	struct ut_block *v;
	size_t n, cap;
};

static inline void ut_blocks_push(struct ut_blocks *b, struct page *page, unsigned int order)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->v = realloc(b->v, b->cap * sizeof(*b->v));
		cr_assert_not_null(b->v);
	}
	b->v[b->n].page = page;
	b->v[b->n].order = order;
	b->n++;
}

static inline void ut_blocks_free_all(struct ut_blocks *b)
{
	while (b->n) {
		b->n--;
		__free_pages(b->v[b->n].page, b->v[b->n].order);
	}
	free(b->v);
	b->v = NULL;
	b->cap = 0;
}

/*
 * Allocate with @gfp from @max_order down to order 0, each order until it
 * fails, keeping every block in @b.  With @drain_each the pcp lists are
 * drained after every allocation, so that no page a pcp refill took past a
 * watermark stays hidden there: the zones then end exactly at the point
 * where their watermark check refuses @gfp.  Returns the pages taken.
 */
static inline unsigned long ut_exhaust(struct ut_blocks *b, gfp_t gfp, int max_order,
				       bool drain_each)
{
	unsigned long pages = 0;

	for (int o = max_order; o >= 0; o--) {
		struct page *p;

		while ((p = alloc_pages(gfp, (unsigned int)o))) {
			ut_blocks_push(b, p, (unsigned int)o);
			pages += 1UL << o;
			if (drain_each)
				drain_all_pages(NULL);
		}
	}
	return pages;
}

#endif /* UKMEM_TEST_HELPERS_H */
