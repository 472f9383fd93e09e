// SPDX-License-Identifier: GPL-2.0
/*
 * test_slab_sysfs.c - /sys/kernel/slab/<cache>/ and `ukmem slabtop`.
 *
 * The sysfs numbers of a cache must be /proc/slabinfo's numbers in 6.12's
 * sysfs formats ("N N0=N" for the slab and object counts, 0/1 for flags);
 * the directories come and go with their caches; min_partial, cpu_partial,
 * shrink and validate are writable as the kernel allows and refuse what it
 * refuses.  `ukmem slabtop` is run as a child, as test_cli.c runs the CLI,
 * and its output checked for slabtop's structure and arithmetic.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/slab_test.h"
#include "mm/slab.h"

#ifndef UKMEM_CLI
#define UKMEM_CLI UKMEM_BINARY_DIR "/ukmem"
#endif

#define DIR "/sys/kernel/slab/"

/* A cache attribute's text, malloc'd; NULL if it does not exist. */
static char *attr(const char *cache, const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), DIR "%s/%s", cache, name);
	return ut_read(path);
}

static void assert_attr(const char *cache, const char *name, const char *want)
{
	char *got = attr(cache, name);

	cr_assert_not_null(got, "%s/%s missing", cache, name);
	cr_assert_str_eq(got, want, "%s/%s", cache, name);
	free(got);
}

static unsigned long attr_ul(const char *cache, const char *name)
{
	char *got = attr(cache, name);
	unsigned long v;

	cr_assert_not_null(got, "%s/%s missing", cache, name);
	cr_assert_eq(sscanf(got, "%lu", &v), 1, "%s/%s: '%s'", cache, name, got);
	free(got);
	return v;
}

static ssize_t attr_write(const char *cache, const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), DIR "%s/%s", cache, name);
	return ukmem_proc_write(path, val, strlen(val));
}

/* "N" or "N N0=N": 6.12's show_slab_objects() on a one-node machine */
static void expect_count(const char *cache, const char *name, unsigned long n)
{
	char want[64];

	if (n)
		snprintf(want, sizeof(want), "%lu N0=%lu\n", n, n);
	else
		snprintf(want, sizeof(want), "0\n");
	assert_attr(cache, name, want);
}

static struct st_row row(const char *name)
{
	char *si = ut_read("/proc/slabinfo");
	struct st_row r;

	cr_assert_not_null(si);
	cr_assert(st_slabinfo_row(si, name, &r), "%s not in /proc/slabinfo", name);
	free(si);
	return r;
}

Test(slab_sysfs, kmalloc_64_matches_slabinfo)
{
	void *p[200];
	struct st_row r;
	char buf[32];

	st_boot("mem=64M nr_cpus=2");
	for (int i = 0; i < 200; i++)
		cr_assert_not_null(p[i] = kmalloc(64, GFP_KERNEL));
	for (int i = 0; i < 200; i += 3)
		kfree(p[i]);
	r = row("kmalloc-64");
	expect_count("kmalloc-64", "objects", r.active);
	expect_count("kmalloc-64", "total_objects", r.num);
	expect_count("kmalloc-64", "slabs", r.num_slabs);
	snprintf(buf, sizeof(buf), "%u\n", r.objsize);
	assert_attr("kmalloc-64", "slab_size", buf);
	assert_attr("kmalloc-64", "object_size", "64\n");
	snprintf(buf, sizeof(buf), "%u\n", r.perslab);
	assert_attr("kmalloc-64", "objs_per_slab", buf);
	cr_assert_eq(1UL << attr_ul("kmalloc-64", "order"), r.pages);
	assert_attr("kmalloc-64", "align", "64\n");
	assert_attr("kmalloc-64", "usersize", "64\n");
	assert_attr("kmalloc-64", "aliases", "0\n");
	assert_attr("kmalloc-64", "ctor", "");
	assert_attr("kmalloc-64", "min_partial", "5\n");
	assert_attr("kmalloc-64", "hwcache_align", "0\n");
	assert_attr("kmalloc-64", "reclaim_account", "0\n");
	assert_attr("kmalloc-64", "destroy_by_rcu", "0\n");
	assert_attr("kmalloc-64", "red_zone", "0\n");
	assert_attr("kmalloc-64", "poison", "0\n");
	assert_attr("kmalloc-64", "store_user", "0\n");
	assert_attr("kmalloc-64", "sanity_checks", "0\n");
	assert_attr("kmalloc-64", "trace", "0\n");
	assert_attr("kmalloc-64", "validate", "");
	assert_attr("kmalloc-64", "shrink", "");
	assert_attr("kmalloc-rcl-64", "reclaim_account", "1\n");
	/* CPU slabs plus the slabs of the CPU partial chains; never more than all slabs */
	cr_assert_leq(attr_ul("kmalloc-64", "cpu_slabs"), r.num_slabs);
	cr_assert_leq(attr_ul("kmalloc-64", "partial"), r.num_slabs);
	/* read-only attributes refuse writes as a 0444 sysfs file does */
	cr_assert_eq(attr_write("kmalloc-64", "objects", "1"), -EIO);
	cr_assert_null(attr("kmalloc-64", "no_such_attribute"));
	for (int i = 0; i < 200; i++)
		if (i % 3)
			kfree(p[i]);
	st_end();
}

/* Every cache: order, objs_per_slab and slab_size agree with each other and slabinfo. */
Test(slab_sysfs, geometry_of_every_cache)
{
	char *si, *line, *save = NULL;
	int caches = 0;

	st_boot("mem=64M nr_cpus=4");
	si = ut_read("/proc/slabinfo");
	cr_assert_not_null(si);
	for (line = strtok_r(si, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		unsigned long size, per, order, pages;

		if (sscanf(line, "%63s %*u %*u %lu %lu %lu", name, &size, &per, &pages) != 4)
			continue;
		order = attr_ul(name, "order");
		cr_assert_eq(1UL << order, pages, "%s", name);
		cr_assert_eq(attr_ul(name, "objs_per_slab"), per, "%s", name);
		cr_assert_eq(attr_ul(name, "slab_size"), size, "%s", name);
		cr_assert_eq(per, (4096UL << order) / size, "%s", name);
		cr_assert_leq(attr_ul(name, "object_size"), size, "%s", name);
		caches++;
	}
	free(si);
	cr_assert_geq(caches, 40);
	assert_attr("dma-kmalloc-64", "cache_dma", "1\n");
	st_end();
}

Test(slab_sysfs, flags_ctor_and_aliases)
{
	struct kmem_cache *rcu, *a, *b, *c;

	st_boot("mem=64M");
	rcu = kmem_cache_create("sysfs_rcu", 100, 0, SLAB_TYPESAFE_BY_RCU | SLAB_HWCACHE_ALIGN,
				NULL);
	cr_assert_not_null(rcu);
	assert_attr("sysfs_rcu", "destroy_by_rcu", "1\n");
	assert_attr("sysfs_rcu", "hwcache_align", "1\n");
	assert_attr("sysfs_rcu", "object_size", "100\n");
	/* two mergeable caches: the second is an alias of the first, with no directory */
	a = kmem_cache_create("sysfs_merge_a", 200, 0, 0, NULL);
	b = kmem_cache_create("sysfs_merge_b", 200, 0, 0, NULL);
	cr_assert_not_null(a);
	cr_assert_eq(a, b);
	assert_attr("sysfs_merge_a", "aliases", "1\n");
	cr_assert_null(attr("sysfs_merge_b", "aliases"));
	c = kmem_cache_create_usercopy("sysfs_user", 96, 8, 0, 16, 32, NULL);
	cr_assert_not_null(c);
	assert_attr("sysfs_user", "usersize", "32\n");
	assert_attr("sysfs_user", "align", "8\n");
	kmem_cache_destroy(c);
	kmem_cache_destroy(b);
	assert_attr("sysfs_merge_a", "aliases", "0\n");
	kmem_cache_destroy(a);
	kmem_cache_destroy(rcu);
	st_end();
}

static void ctor_fill(void *obj)
{
	memset(obj, 0x5a, 32);
}

Test(slab_sysfs, ctor_is_named)
{
	struct kmem_cache *s;
	char *t;

	st_boot("mem=64M");
	s = kmem_cache_create("sysfs_ctor", 32, 0, 0, ctor_fill);
	cr_assert_not_null(s);
	t = attr("sysfs_ctor", "ctor");
	cr_assert_not_null(t);
	cr_assert_gt(strlen(t), 1, "ctor shows '%s'", t);
	cr_assert_eq(t[strlen(t) - 1], '\n');
	free(t);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_sysfs, directory_goes_with_the_cache)
{
	struct kmem_cache *s;

	st_boot("mem=64M");
	s = kmem_cache_create("sysfs_gone", 48, 0, SLAB_NO_MERGE, NULL);
	cr_assert_not_null(s);
	assert_attr("sysfs_gone", "object_size", "48\n");
	cr_assert_eq(attr_write("sysfs_gone", "shrink", "1"), 1);
	kmem_cache_destroy(s);
	cr_assert_null(attr("sysfs_gone", "object_size"));
	cr_assert_eq(ukmem_proc_read(DIR "sysfs_gone/slabs", NULL, 0), -ENOENT);
	cr_assert_eq(attr_write("sysfs_gone", "shrink", "1"), -ENOENT);
	/* the same name again gets a fresh directory */
	s = kmem_cache_create("sysfs_gone", 72, 0, SLAB_NO_MERGE, NULL);
	cr_assert_not_null(s);
	assert_attr("sysfs_gone", "object_size", "72\n");
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_sysfs, shrink_gives_empty_slabs_back)
{
	struct kmem_cache *s;
	void *p[512];
	unsigned long slabs;

	st_boot("mem=64M nr_cpus=2");
	s = kmem_cache_create("sysfs_shrink", 256, 0, SLAB_NO_MERGE, NULL);
	cr_assert_not_null(s);
	for (int i = 0; i < 512; i++)
		cr_assert_not_null(p[i] = kmem_cache_alloc(s, GFP_KERNEL));
	for (int i = 0; i < 512; i++)
		kmem_cache_free(s, p[i]);
	slabs = attr_ul("sysfs_shrink", "slabs");
	cr_assert_gt(slabs, 0, "min_partial keeps empty slabs before a shrink");
	cr_assert_eq(attr_write("sysfs_shrink", "shrink", "0"), -EINVAL);
	cr_assert_eq(attr_ul("sysfs_shrink", "slabs"), slabs);
	cr_assert_eq(attr_write("sysfs_shrink", "shrink", "1\n"), 2);
	expect_count("sysfs_shrink", "slabs", 0);
	expect_count("sysfs_shrink", "objects", 0);
	expect_count("sysfs_shrink", "partial", 0);
	expect_count("sysfs_shrink", "cpu_slabs", 0);
	assert_attr("sysfs_shrink", "slabs_cpu_partial", "0(0)\n");
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_sysfs, min_partial_and_cpu_partial_writes)
{
	st_boot("mem=64M");
	cr_assert_eq(attr_write("kmalloc-128", "min_partial", "9\n"), 2);
	assert_attr("kmalloc-128", "min_partial", "9\n");
	cr_assert_eq(attr_write("kmalloc-128", "min_partial", "x"), -EINVAL);
	cr_assert_eq(attr_write("kmalloc-128", "min_partial", "-1"), -EINVAL);
	assert_attr("kmalloc-128", "min_partial", "9\n");
	cr_assert_eq(attr_write("kmalloc-128", "cpu_partial", "30"), 2);
	assert_attr("kmalloc-128", "cpu_partial", "30\n");
	cr_assert_eq(attr_write("kmalloc-128", "cpu_partial", "0"), 1);
	assert_attr("kmalloc-128", "cpu_partial", "0\n");
	st_end();
}

Test(slab_sysfs, validate)
{
	struct kmem_cache *s;
	void *p[100];
	char *log;

	st_boot("mem=64M");
	/* 6.12 validates only caches with debug flags */
	cr_assert_eq(attr_write("kmalloc-64", "validate", "1"), -EINVAL);
	s = kmem_cache_create("sysfs_debug", 64, 0, SLAB_CONSISTENCY_CHECKS | SLAB_NO_MERGE, NULL);
	cr_assert_not_null(s);
	assert_attr("sysfs_debug", "sanity_checks", "1\n");
	assert_attr("sysfs_debug", "cpu_partial", "0\n");
	cr_assert_eq(attr_write("sysfs_debug", "cpu_partial", "8"), -EINVAL);
	for (int i = 0; i < 100; i++)
		cr_assert_not_null(p[i] = kmem_cache_alloc(s, GFP_KERNEL));
	for (int i = 0; i < 100; i += 2)
		kmem_cache_free(s, p[i]);
	ut_mark();
	cr_assert_eq(attr_write("sysfs_debug", "validate", "1\n"), 2);
	cr_assert_eq(attr_write("sysfs_debug", "validate", "0"), -EINVAL);
	log = ut_log_since();
	ut_assert_log_lacks(log, "ukmem_check");
	free(log);
	assert_attr("sysfs_debug", "validate", "");
	for (int i = 1; i < 100; i += 2)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
	st_end();
}

/* More caches than directory slots: the rest live without a directory. */
Test(slab_sysfs, many_caches)
{
	static struct kmem_cache *s[160];
	char name[32];
	int with_dir = 0;

	st_boot("mem=64M");
	for (int i = 0; i < 160; i++) {
		snprintf(name, sizeof(name), "sysfs_many_%d", i);
		s[i] = kmem_cache_create(name, 32 + 8 * (unsigned int)i, 0, SLAB_NO_MERGE, NULL);
		cr_assert_not_null(s[i]);
		char *t = attr(name, "object_size");

		if (t)
			with_dir++;
		free(t);
	}
	cr_assert_geq(with_dir, 64);
	for (int i = 0; i < 160; i++)
		kmem_cache_destroy(s[i]);
	/* every slot is free again */
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "sysfs_again_%d", i);
		s[i] = kmem_cache_create(name, 40, 0, SLAB_NO_MERGE, NULL);
		assert_attr(name, "object_size", "40\n");
	}
	for (int i = 0; i < 8; i++)
		kmem_cache_destroy(s[i]);
	st_end();
}

/* ---- ukmem slabtop -------------------------------------------------------- */

extern char **environ;

static char *run_slabtop(const char *cmdline, int *status)
{
	char name[] = "/tmp/ukmem-slabtop-XXXXXX";
	const char *argv[] = {UKMEM_CLI, "slabtop", "--cmdline", cmdline, NULL};
	posix_spawn_file_actions_t fa;
	int fd = mkstemp(name), ws;
	struct stat st;
	char *buf;
	pid_t pid;

	cr_assert_geq(fd, 0);
	unlink(name);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, STDOUT_FILENO);
	cr_assert_eq(posix_spawn(&pid, UKMEM_CLI, &fa, NULL, (char **)argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	cr_assert_eq(fstat(fd, &st), 0);
	buf = calloc(1, (size_t)st.st_size + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(pread(fd, buf, (size_t)st.st_size, 0), st.st_size);
	close(fd);
	return buf;
}

Test(slab_sysfs, slabtop_output)
{
	static const char *const labels[] = {
		" Active / Total Objects (% used)    : ", " Active / Total Slabs (% used)      : ",
		" Active / Total Caches (% used)     : ", " Active / Total Size (% used)       : ",
		" Minimum / Average / Maximum Object : ",
	};
	unsigned long objs = 0, active = 0, sum_objs = 0, sum_active = 0, caches = 0, active_caches,
		      total_caches, prev = ~0UL;
	char *out, *line, *save = NULL;
	int status, n = 0;

	out = run_slabtop("mem=64M nr_cpus=2", &status);
	cr_assert_eq(status, 0, "slabtop exit %d: %s", status, out);
	cr_assert(strstr(out, " kmalloc-64 ") != NULL);
	cr_assert(strstr(out, " Minimum / Average / Maximum Object : 0.01K / ") != NULL);
	cr_assert(strstr(out, "\n\n  OBJS ACTIVE") != NULL, "a blank line before the table");
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		if (n < 5) {
			cr_assert_eq(strncmp(line, labels[n], strlen(labels[n])), 0,
				     "line %d: '%s'", n, line);
			if (n == 0)
				cr_assert_eq(sscanf(line + strlen(labels[0]), "%lu / %lu", &active,
						    &objs),
					     2);
			if (n == 2)
				cr_assert_eq(sscanf(line + strlen(labels[2]), "%lu / %lu",
						    &active_caches, &total_caches),
					     2);
			continue;
		}
		if (n == 5) { /* strtok_r skips the empty line */
			cr_assert_str_eq(line, "  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB "
					       "CACHE SIZE NAME                   ");
			continue;
		}
		{
			unsigned long o, a, slabs, per, size;
			unsigned int use;
			double osize;
			char name[64];

			cr_assert_eq(sscanf(line, "%lu %lu %u%% %lfK %lu %lu %luK %63s", &o, &a,
					    &use, &osize, &slabs, &per, &size, name),
				     8, "row '%s'", line);
			cr_assert_eq(strlen(line),
				     6 + 1 + 6 + 1 + 4 + 1 + 8 + 1 + 6 + 1 + 8 + 1 + 10 + 1 +
					     (strlen(name) > 23 ? strlen(name) : 23),
				     "'%s'", line);
			cr_assert_leq(size, prev, "not sorted by cache size at %s", name);
			prev = size;
			/* truncated (procps computes it in float: allow its rounding) */
			cr_assert_leq(use, o ? 100 * a / o + 1 : 0, "%s", name);
			cr_assert_geq(use + 1, o ? 100 * a / o : 0, "%s", name);
			cr_assert_leq(a, o);
			sum_objs += o;
			sum_active += a;
			caches++;
		}
	}
	cr_assert_eq(sum_objs, objs);
	cr_assert_eq(sum_active, active);
	cr_assert_eq(caches, total_caches);
	cr_assert_leq(active_caches, total_caches);
	cr_assert_geq(caches, 40);
	free(out);
}

Test(slab_sysfs, slabtop_rejects_arguments)
{
	int status;
	char *out = run_slabtop("mem=64M", &status);

	free(out);
	cr_assert_eq(status, 0);
	{
		const char *argv[] = {UKMEM_CLI, "slabtop", "extra", NULL};
		pid_t pid;
		int ws;
		posix_spawn_file_actions_t fa;

		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
		cr_assert_eq(posix_spawn(&pid, UKMEM_CLI, &fa, NULL, (char **)argv, environ), 0);
		posix_spawn_file_actions_destroy(&fa);
		cr_assert_eq(waitpid(pid, &ws, 0), pid);
		cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 2);
	}
}
