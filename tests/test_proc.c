// SPDX-License-Identifier: GPL-2.0
/*
 * test_proc.c - the page allocator's /proc views against Linux 6.12's.
 *
 * Each test boots the reference machine's shape ("mem=1G nr_cpus=2", as
 * the QEMU guest of ../shared/reference/proc-linux-6.12-qemu/) and checks
 * a view's structure against the 6.12 sample: the same lines in the same
 * order with the same column layout, numbers aside (the sample's zoneinfo
 * and meminfo key lists are embedded below, digits replaced by '#').  The
 * numbers are then checked against each other (buddyinfo against
 * pagetypeinfo and nr_free_pages, MemTotal against the zones' managed
 * pages), and the knobs are written and read back.  Every test ends with
 * ukmem_check() == 0 and nothing leaked at shutdown.
 */
#include <criterion/criterion.h>

/*
 * <regex.h> before the kernel headers: glibc names a regex_t field
 * "__used", which the kernel's <linux/compiler.h> defines as a macro.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>

#include "kernel/proc.h"

#define BUFSZ (1 << 20)
static char buf[BUFSZ], buf2[BUFSZ];

/* The 6.12 sample's /proc/zoneinfo (mem=1G, 2 CPUs), digits as '#'. */
static const char zoneinfo_skeleton[] = "Node #, zone      DMA\n"
					"  per-node stats\n"
					"      nr_inactive_anon #\n"
					"      nr_active_anon #\n"
					"      nr_inactive_file #\n"
					"      nr_active_file #\n"
					"      nr_unevictable #\n"
					"      nr_slab_reclaimable #\n"
					"      nr_slab_unreclaimable #\n"
					"      nr_isolated_anon #\n"
					"      nr_isolated_file #\n"
					"      workingset_nodes #\n"
					"      workingset_refault_anon #\n"
					"      workingset_refault_file #\n"
					"      workingset_activate_anon #\n"
					"      workingset_activate_file #\n"
					"      workingset_restore_anon #\n"
					"      workingset_restore_file #\n"
					"      workingset_nodereclaim #\n"
					"      nr_anon_pages #\n"
					"      nr_mapped    #\n"
					"      nr_file_pages #\n"
					"      nr_dirty     #\n"
					"      nr_writeback #\n"
					"      nr_writeback_temp #\n"
					"      nr_shmem     #\n"
					"      nr_shmem_hugepages #\n"
					"      nr_shmem_pmdmapped #\n"
					"      nr_file_hugepages #\n"
					"      nr_file_pmdmapped #\n"
					"      nr_anon_transparent_hugepages #\n"
					"      nr_vmscan_write #\n"
					"      nr_vmscan_immediate_reclaim #\n"
					"      nr_dirtied   #\n"
					"      nr_written   #\n"
					"      nr_throttled_written #\n"
					"      nr_kernel_misc_reclaimable #\n"
					"      nr_foll_pin_acquired #\n"
					"      nr_foll_pin_released #\n"
					"      nr_kernel_stack #\n"
					"      nr_page_table_pages #\n"
					"      nr_sec_page_table_pages #\n"
					"      nr_iommu_pages #\n"
					"      nr_swapcached #\n"
					"      pgpromote_success #\n"
					"      pgpromote_candidate #\n"
					"      pgdemote_kswapd #\n"
					"      pgdemote_direct #\n"
					"      pgdemote_khugepaged #\n"
					"  pages free     #\n"
					"        boost    #\n"
					"        min      #\n"
					"        low      #\n"
					"        high     #\n"
					"        promo    #\n"
					"        spanned  #\n"
					"        present  #\n"
					"        managed  #\n"
					"        cma      #\n"
					"        protection: (#, #, #, #, #)\n"
					"      nr_free_pages #\n"
					"      nr_zone_inactive_anon #\n"
					"      nr_zone_active_anon #\n"
					"      nr_zone_inactive_file #\n"
					"      nr_zone_active_file #\n"
					"      nr_zone_unevictable #\n"
					"      nr_zone_write_pending #\n"
					"      nr_mlock     #\n"
					"      nr_bounce    #\n"
					"      nr_zspages   #\n"
					"      nr_free_cma  #\n"
					"      nr_unaccepted #\n"
					"      numa_hit     #\n"
					"      numa_miss    #\n"
					"      numa_foreign #\n"
					"      numa_interleave #\n"
					"      numa_local   #\n"
					"      numa_other   #\n"
					"  pagesets\n"
					"    cpu: #\n"
					"              count: #\n"
					"              high:  #\n"
					"              batch: #\n"
					"  vm stats threshold: #\n"
					"    cpu: #\n"
					"              count: #\n"
					"              high:  #\n"
					"              batch: #\n"
					"  vm stats threshold: #\n"
					"  node_unreclaimable:  #\n"
					"  start_pfn:           #\n"
					"Node #, zone    DMA#\n"
					"  pages free     #\n"
					"        boost    #\n"
					"        min      #\n"
					"        low      #\n"
					"        high     #\n"
					"        promo    #\n"
					"        spanned  #\n"
					"        present  #\n"
					"        managed  #\n"
					"        cma      #\n"
					"        protection: (#, #, #, #, #)\n"
					"      nr_free_pages #\n"
					"      nr_zone_inactive_anon #\n"
					"      nr_zone_active_anon #\n"
					"      nr_zone_inactive_file #\n"
					"      nr_zone_active_file #\n"
					"      nr_zone_unevictable #\n"
					"      nr_zone_write_pending #\n"
					"      nr_mlock     #\n"
					"      nr_bounce    #\n"
					"      nr_zspages   #\n"
					"      nr_free_cma  #\n"
					"      nr_unaccepted #\n"
					"      numa_hit     #\n"
					"      numa_miss    #\n"
					"      numa_foreign #\n"
					"      numa_interleave #\n"
					"      numa_local   #\n"
					"      numa_other   #\n"
					"  pagesets\n"
					"    cpu: #\n"
					"              count: #\n"
					"              high:  #\n"
					"              batch: #\n"
					"  vm stats threshold: #\n"
					"    cpu: #\n"
					"              count: #\n"
					"              high:  #\n"
					"              batch: #\n"
					"  vm stats threshold: #\n"
					"  node_unreclaimable:  #\n"
					"  start_pfn:           #\n"
					"Node #, zone   Normal\n"
					"  pages free     #\n"
					"        boost    #\n"
					"        min      #\n"
					"        low      #\n"
					"        high     #\n"
					"        promo    #\n"
					"        spanned  #\n"
					"        present  #\n"
					"        managed  #\n"
					"        cma      #\n"
					"        protection: (#, #, #, #, #)\n"
					"Node #, zone  Movable\n"
					"  pages free     #\n"
					"        boost    #\n"
					"        min      #\n"
					"        low      #\n"
					"        high     #\n"
					"        promo    #\n"
					"        spanned  #\n"
					"        present  #\n"
					"        managed  #\n"
					"        cma      #\n"
					"        protection: (#, #, #, #, #)\n"
					"Node #, zone   Device\n"
					"  pages free     #\n"
					"        boost    #\n"
					"        min      #\n"
					"        low      #\n"
					"        high     #\n"
					"        promo    #\n"
					"        spanned  #\n"
					"        present  #\n"
					"        managed  #\n"
					"        cma      #\n"
					"        protection: (#, #, #, #, #)\n";

/* The 6.12 sample's /proc/meminfo keys, in order. */
static const char *const meminfo_keys[] = {
	"MemTotal",	 "MemFree",	    "MemAvailable",   "Buffers",	"Cached",
	"SwapCached",	 "Active",	    "Inactive",	      "Active(anon)",	"Inactive(anon)",
	"Active(file)",	 "Inactive(file)",  "Unevictable",    "Mlocked",	"SwapTotal",
	"SwapFree",	 "Zswap",	    "Zswapped",	      "Dirty",		"Writeback",
	"AnonPages",	 "Mapped",	    "Shmem",	      "KReclaimable",	"Slab",
	"SReclaimable",	 "SUnreclaim",	    "KernelStack",    "PageTables",	"SecPageTables",
	"NFS_Unstable",	 "Bounce",	    "WritebackTmp",   "CommitLimit",	"Committed_AS",
	"VmallocTotal",	 "VmallocUsed",	    "VmallocChunk",   "Percpu",		"HardwareCorrupted",
	"AnonHugePages", "ShmemHugePages",  "ShmemPmdMapped", "FileHugePages",	"FilePmdMapped",
	"Unaccepted",	 "HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp",
	"Hugepagesize",	 "Hugetlb",	    "DirectMap4k",    "DirectMap2M",
};

static void boot(const char *cmdline)
{
	cr_assert_eq(ukmem_boot(cmdline), 0, "boot \"%s\"", cmdline);
}

static void finish(void)
{
	cr_assert_eq(ukmem_check(), 0);
	ukmem_shutdown();
	cr_assert_eq(ukmem_shutdown_leaked(), 0);
}

/* Read a view into @b (whole, NUL-terminated); returns its length. */
static size_t view_read_into(const char *path, char *b)
{
	ssize_t n = ukmem_proc_read(path, b, BUFSZ);

	cr_assert_geq(n, 0, "%s: %zd", path, n);
	cr_assert_lt((size_t)n, (size_t)BUFSZ);
	cr_assert_eq(strlen(b), (size_t)n);
	return (size_t)n;
}

static size_t view_read(const char *path)
{
	return view_read_into(path, buf);
}

static ssize_t view_write(const char *path, const char *val)
{
	return ukmem_proc_write(path, val, strlen(val));
}

static bool matches(const char *re, const char *line)
{
	regex_t r;
	bool ok;

	cr_assert_eq(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0, "%s", re);
	ok = regexec(&r, line, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

/* The lines of @text, each NUL-terminated in place; returns the count. */
static int split_lines(char *text, char **lines, int max)
{
	int n = 0;

	for (char *p = text; *p && n < max; n++) {
		char *nl = strchr(p, '\n');

		cr_assert_not_null(nl, "line %d not newline-terminated", n);
		*nl = '\0';
		lines[n] = p;
		p = nl + 1;
	}
	return n;
}

/* A value from /proc/vmstat, or -1 if the counter is missing. */
static long vmstat_value(const char *name)
{
	static char vb[BUFSZ];
	size_t len = strlen(name);

	view_read_into("/proc/vmstat", vb);
	for (char *p = vb; *p; p = strchr(p, '\n') + 1) {
		if (!strncmp(p, name, len) && p[len] == ' ')
			return atol(p + len + 1);
	}
	return -1;
}

/* A value of /proc/meminfo in kB (or the plain number), -1 if missing. */
static long meminfo_value(const char *key)
{
	static char mb[BUFSZ];
	size_t len = strlen(key);

	view_read_into("/proc/meminfo", mb);
	for (char *p = mb; *p; p = strchr(p, '\n') + 1) {
		if (!strncmp(p, key, len) && p[len] == ':')
			return atol(p + len + 1);
	}
	return -1;
}

/* Replace every run of digits by '#', as the skeleton was made. */
static void skeletonise(const char *in, char *out)
{
	while (*in) {
		if (*in >= '0' && *in <= '9') {
			while (*in >= '0' && *in <= '9')
				in++;
			*out++ = '#';
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
}

/* The first line of @text starting with @prefix, or NULL. */
static const char *find_line(const char *text, const char *prefix)
{
	size_t len = strlen(prefix);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, prefix, len))
			return p;
	return NULL;
}

/* ------------------------------------------------------------------ */

Test(proc, buddyinfo_format)
{
	char *lines[64];
	int n;
	unsigned long total = 0;

	boot("mem=1G nr_cpus=2");
	view_read("/proc/buddyinfo");
	n = split_lines(buf, lines, 64);
	/* as the sample: DMA and DMA32 populated, nothing else listed */
	cr_assert_eq(n, 2);
	for (int i = 0; i < n; i++) {
		const char *p;

		cr_assert(matches("^Node 0, zone +(DMA|DMA32) ( {0,5}[0-9]+ ){11}$", lines[i]),
			  "line %d: \"%s\"", i, lines[i]);
		cr_assert_eq(strlen(lines[i]), strlen("Node 0, zone      DMA ") + 11 * 7,
			     "line %d width: \"%s\"", i, lines[i]);
		/* the trailing space is the kernel's */
		cr_assert_eq(lines[i][strlen(lines[i]) - 1], ' ');
		p = lines[i] + strlen("Node 0, zone      DMA ");
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			total += strtoul(p, (char **)&p, 10) << order;
		}
	}
	cr_assert(!strncmp(lines[0], "Node 0, zone      DMA ", 22));
	cr_assert(!strncmp(lines[1], "Node 0, zone    DMA32 ", 22));
	/* every free page sits in a free_area: buddyinfo is MemFree */
	cr_assert_eq((long)total, vmstat_value("nr_free_pages"));
	finish();
}

Test(proc, pagetypeinfo_format)
{
	char *lines[128];
	static char copy[BUFSZ];
	int n, l = 0;

	boot("mem=1G nr_cpus=2");
	view_read("/proc/pagetypeinfo");
	n = split_lines(buf, lines, 128);
	cr_assert_eq(n, 3 + 1 + 2 * 5 + 1 + 1 + 2);
	cr_assert_str_eq(lines[l++], "Page block order: 9");
	cr_assert_str_eq(lines[l++], "Pages per block:  512");
	cr_assert_str_eq(lines[l++], "");
	cr_assert_str_eq(lines[l++],
			 "Free pages count per migrate type at order       0      1"
			 "      2      3      4      5      6      7      8      9     10 ");
	for (int z = 0; z < 2; z++) {
		static const char *const types[] = {
			"   Unmovable", "     Movable", " Reclaimable",
			"  HighAtomic", "     Isolate",
		};
		for (int t = 0; t < 5; t++) {
			char head[64];

			snprintf(head, sizeof(head), "Node    0, zone %8s, type %s ",
				 z ? "DMA32" : "DMA", types[t]);
			cr_assert(!strncmp(lines[l], head, strlen(head)), "\"%s\"", lines[l]);
			cr_assert(matches("^Node    0, zone +[A-Za-z0-9]+, type +[A-Za-z]+ "
					  "(>? {0,5}[0-9]+ ){11}$",
					  lines[l]),
				  "\"%s\"", lines[l]);
			l++;
		}
	}
	cr_assert_str_eq(lines[l++], "");
	cr_assert_str_eq(lines[l++], "Number of blocks type     Unmovable      Movable  "
				     "Reclaimable   HighAtomic      Isolate ");
	cr_assert(matches("^Node 0, zone      DMA ( {0,11}[0-9]+ ){5}$", lines[l++]));
	cr_assert(matches("^Node 0, zone    DMA32 ( {0,11}[0-9]+ ){5}$", lines[l++]));

	/* per order, the types add up to buddyinfo's count */
	view_read_into("/proc/buddyinfo", copy);
	for (int z = 0; z < 2; z++) {
		const char *b = copy;
		unsigned long sum[NR_PAGE_ORDERS] = {0};

		for (int i = 0; i < z; i++)
			b = strchr(b, '\n') + 1;
		b += strlen("Node 0, zone      DMA ");
		for (int t = 0; t < 5; t++) {
			const char *p = lines[4 + z * 5 + t] +
					strlen("Node    0, zone      DMA, type    Unmovable ");

			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				sum[o] += strtoul(p, (char **)&p, 10);
		}
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			cr_assert_eq(sum[o], strtoul(b, (char **)&b, 10), "zone %d order %d", z, o);
	}
	/* a fresh machine: every block Movable, as 6.12 marks them at boot */
	cr_assert(matches("^Node 0, zone    DMA32 +0 +[0-9]+ +0 +0 +0 $", lines[n - 1]) ||
		  matches("^Node 0, zone    DMA32 +[0-9]+ +[0-9]+ +[0-9]+ +0 +0 $", lines[n - 1]));
	finish();
}

Test(proc, zoneinfo_structure_matches_sample)
{
	static char skel[BUFSZ];
	char *got[512], *want[512];
	static char want_copy[sizeof(zoneinfo_skeleton)];
	int ng, nw;

	boot("mem=1G nr_cpus=2");
	view_read("/proc/zoneinfo");
	skeletonise(buf, skel);
	memcpy(want_copy, zoneinfo_skeleton, sizeof(zoneinfo_skeleton));
	ng = split_lines(skel, got, 512);
	nw = split_lines(want_copy, want, 512);
	for (int i = 0; i < ng && i < nw; i++)
		cr_assert_str_eq(got[i], want[i], "zoneinfo line %d", i + 1);
	cr_assert_eq(ng, nw);
	finish();
}

/* Whether the line at @p is exactly @want. */
static bool line_is(const char *p, const char *want)
{
	size_t len = strlen(want);

	return p && !strncmp(p, want, len) && (p[len] == '\n' || p[len] == '\0');
}

/* calculate_normal_threshold(), as the zoneinfo line must show it. */
static int expected_threshold(unsigned long managed, int cpus)
{
	unsigned long mem = managed >> 15;
	int fls_cpus = 32 - __builtin_clz((unsigned)cpus);
	int fls_mem = mem ? 64 - __builtin_clzl(mem) : 0;
	int t = 2 * fls_cpus * (1 + fls_mem);

	return t < 125 ? t : 125;
}

Test(proc, zoneinfo_numbers)
{
	const char *dma, *dma32, *p;
	unsigned long managed, free_dma, free_dma32;

	boot("mem=1G nr_cpus=2");
	view_read("/proc/zoneinfo");
	dma = find_line(buf, "Node 0, zone      DMA\n");
	dma32 = find_line(buf, "Node 0, zone    DMA32\n");
	cr_assert(dma && dma32);
	/* the DMA zone starts at pfn 1 (pfn 0 is reserved), as on the real machine */
	cr_assert(line_is(find_line(dma, "  start_pfn:"), "  start_pfn:           1"));
	cr_assert(line_is(find_line(dma32, "  start_pfn:"), "  start_pfn:           4096"));

	p = find_line(dma32, "        managed  ");
	managed = strtoul(p + 17, NULL, 10);
	p = find_line(dma32, "  vm stats threshold: ");
	cr_assert_eq(atoi(p + 22), expected_threshold(managed, 2));
	p = find_line(dma, "        managed  ");
	managed = strtoul(p + 17, NULL, 10);
	p = find_line(dma, "  vm stats threshold: ");
	cr_assert_eq(atoi(p + 22), expected_threshold(managed, 2));

	p = find_line(dma, "  pages free     ");
	free_dma = strtoul(p + 17, NULL, 10);
	p = find_line(dma32, "  pages free     ");
	free_dma32 = strtoul(p + 17, NULL, 10);
	cr_assert_eq((long)(free_dma + free_dma32), vmstat_value("nr_free_pages"));
	/* zone stat and "pages free" are the same counter */
	p = find_line(dma32, "      nr_free_pages ");
	cr_assert_eq(strtoul(p + 20, NULL, 10), free_dma32);
	finish();
}

Test(proc, meminfo_keys_and_columns)
{
	char *lines[128];
	int n;
	long total_managed = 0;
	static char zi[BUFSZ];

	boot("mem=1G nr_cpus=2");
	view_read("/proc/meminfo");
	n = split_lines(buf, lines, 128);
	cr_assert_eq(n, (int)(sizeof(meminfo_keys) / sizeof(meminfo_keys[0])));
	for (int i = 0; i < n; i++) {
		size_t klen = strlen(meminfo_keys[i]);
		const char *line = lines[i];

		cr_assert(!strncmp(line, meminfo_keys[i], klen) && line[klen] == ':',
			  "line %d: \"%s\", want key %s", i, line, meminfo_keys[i]);
		if (!strncmp(line, "HugePages_", 10)) {
			/* plain counts: "%5lu" after 19 columns */
			cr_assert(matches("^HugePages_[A-Za-z]+: +[0-9]+$", line), "\"%s\"", line);
			cr_assert_eq(strlen(line), 24, "\"%s\"", line);
		} else {
			cr_assert(matches("^[A-Za-z0-9_()]+: +[0-9]+ kB$", line), "\"%s\"", line);
			/* label and value end at column 24, unless the value is wider */
			if (strlen(line) != 27)
				cr_assert(!strncmp(line, "VmallocTotal:   ", 16), "\"%s\"", line);
		}
	}
	{
		/*
		 * 32 TiB on x86_64 ("34359738367 kB"), unless the host refused that
		 * much address space (ASan, RLIMIT_AS) and ukmem halved it: then
		 * the real size, as the issue asks.
		 */
		char want[64];

		snprintf(want, sizeof(want), "VmallocTotal:   %8lu kB",
			 (VMALLOC_END - VMALLOC_START) >> 10);
		cr_assert_str_eq(lines[35], want);
		if (VMALLOC_END - VMALLOC_START == (32UL << 40) - 1)
			cr_assert_str_eq(lines[35], "VmallocTotal:   34359738367 kB");
	}
	cr_assert_str_eq(lines[37], "VmallocChunk:          0 kB");
	cr_assert_str_eq(lines[50], "Hugepagesize:       2048 kB");

	/* MemTotal is the zones' managed pages, MemFree their free pages */
	view_read_into("/proc/zoneinfo", zi);
	for (const char *p = zi; (p = strstr(p, "\n        managed  ")); p++)
		total_managed += atol(p + 18);
	cr_assert_eq(meminfo_value("MemTotal"), total_managed * 4);
	cr_assert_eq(meminfo_value("MemFree"), vmstat_value("nr_free_pages") * 4);
	cr_assert_leq(meminfo_value("MemAvailable"), meminfo_value("MemFree"));
	/* vm_commit_limit(): half of RAM (overcommit_ratio 50), no swap */
	cr_assert_eq(meminfo_value("CommitLimit"), total_managed / 2 * 4);
	finish();
}

Test(proc, vmstat_format)
{
	char *lines[512];
	int n;
	static const char *const head[] = {
		"nr_free_pages",
		"nr_zone_inactive_anon",
		"nr_zone_active_anon",
		"nr_zone_inactive_file",
		"nr_zone_active_file",
		"nr_zone_unevictable",
		"nr_zone_write_pending",
		"nr_mlock",
		"nr_bounce",
		"nr_zspages",
		"nr_free_cma",
		"nr_unaccepted",
		"numa_hit",
		"numa_miss",
		"numa_foreign",
		"numa_interleave",
		"numa_local",
		"numa_other",
		"nr_inactive_anon",
	};
	static const char *const zones[] = {
		"pgalloc_dma",	   "pgalloc_dma32",  "pgalloc_normal",
		"pgalloc_movable", "pgalloc_device", "allocstall_dma",
	};
	int at = -1;

	boot("mem=1G nr_cpus=2");
	view_read("/proc/vmstat");
	n = split_lines(buf, lines, 512);
	for (int i = 0; i < n; i++)
		cr_assert(matches("^[a-z0-9_]+ [0-9]+$", lines[i]), "\"%s\"", lines[i]);
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		cr_assert(!strncmp(lines[i], head[i], strlen(head[i])) &&
				  lines[i][strlen(head[i])] == ' ',
			  "line %zu: \"%s\"", i, lines[i]);
	for (int i = 0; i < n; i++)
		if (!strncmp(lines[i], "pgalloc_dma ", 12))
			at = i;
	cr_assert_geq(at, 0);
	cr_assert(!strncmp(lines[at - 1], "pswpout ", 8));
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		cr_assert(!strncmp(lines[at + i], zones[i], strlen(zones[i])), "\"%s\"",
			  lines[at + i]);
	cr_assert_str_eq(lines[n - 1], "nr_unstable 0");
	cr_assert_geq(vmstat_value("pgfree"), 0);
	cr_assert_geq(vmstat_value("nr_dirty_threshold"), 1);
	finish();
}

Test(proc, vmstat_counts_allocations)
{
	long alloc0, free0, alloc1, free1;
	struct page *pages[64];

	boot("mem=1G nr_cpus=2");
	alloc0 = vmstat_value("pgalloc_dma32") + vmstat_value("pgalloc_normal");
	free0 = vmstat_value("pgfree");
	for (int i = 0; i < 64; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, i % 4);
		cr_assert_not_null(pages[i]);
	}
	alloc1 = vmstat_value("pgalloc_dma32") + vmstat_value("pgalloc_normal");
	cr_assert_geq(alloc1 - alloc0, 16 * (1 + 2 + 4 + 8), "pgalloc %ld -> %ld", alloc0, alloc1);
	for (int i = 0; i < 64; i++)
		__free_pages(pages[i], i % 4);
	free1 = vmstat_value("pgfree");
	cr_assert_geq(free1 - free0, 16 * (1 + 2 + 4 + 8), "pgfree %ld -> %ld", free0, free1);
	finish();
}

Test(proc, reading_changes_nothing)
{
	static const char *const views[] = {
		"/proc/buddyinfo", "/proc/pagetypeinfo", "/proc/zoneinfo",
		"/proc/vmstat",	   "/proc/meminfo",	 "/proc/sys/vm/min_free_kbytes",
	};

	boot("mem=1G nr_cpus=2");
	for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++) {
		size_t a = view_read_into(views[v], buf);
		size_t b;

		for (size_t w = 0; w < sizeof(views) / sizeof(views[0]); w++)
			view_read_into(views[w], buf2);
		b = view_read_into(views[v], buf2);
		cr_assert_eq(a, b, "%s", views[v]);
		cr_assert_str_eq(buf, buf2, "%s changed by reading", views[v]);
	}
	finish();
}

Test(proc, snprintf_semantics)
{
	char small[16];
	ssize_t full, n;

	boot("mem=1G nr_cpus=2");
	full = ukmem_proc_read("/proc/zoneinfo", NULL, 0);
	cr_assert_gt(full, 1000);
	view_read("/proc/zoneinfo");
	cr_assert_eq((size_t)full, strlen(buf));
	memset(small, 'x', sizeof(small));
	n = ukmem_proc_read("/proc/zoneinfo", small, sizeof(small));
	cr_assert_eq(n, full);
	cr_assert_eq(small[15], '\0');
	cr_assert(!strncmp(small, buf, 15));
	n = ukmem_proc_read("/proc/meminfo", small, 1);
	cr_assert_gt(n, 0);
	cr_assert_eq(small[0], '\0');
	finish();
}

Test(proc, errors)
{
	cr_assert_eq(ukmem_proc_read("/proc/meminfo", buf, BUFSZ), -ENODEV);
	boot("mem=64M nr_cpus=2");
	cr_assert_eq(ukmem_proc_read("/proc/nonexistent", buf, BUFSZ), -ENOENT);
	cr_assert_eq(ukmem_proc_read("/proc/sys/vm/nonexistent", buf, BUFSZ), -ENOENT);
	cr_assert_eq(view_write("/proc/nonexistent", "1"), -ENOENT);
	cr_assert_eq(view_write("/proc/meminfo", "1"), -EIO);
	cr_assert_eq(ukmem_proc_read("/proc/meminfo", NULL, 10), -EFAULT);
	cr_assert_eq(ukmem_proc_register("/proc/meminfo", NULL, NULL), -EINVAL);
	finish();
}

Test(proc, min_free_kbytes_roundtrip)
{
	static char before[BUFSZ];

	boot("mem=1G nr_cpus=2");
	view_read_into("/proc/zoneinfo", before);
	cr_assert_eq(view_write("/proc/sys/vm/min_free_kbytes", "20000\n"), 6);
	view_read("/proc/sys/vm/min_free_kbytes");
	cr_assert_str_eq(buf, "20000\n");
	/* the watermarks were recomputed from the new value */
	view_read("/proc/zoneinfo");
	cr_assert_str_neq(buf, before);
	view_read_into("/proc/zoneinfo", before);

	cr_assert_eq(view_write("/proc/sys/vm/min_free_kbytes", "abc"), -EINVAL);
	cr_assert_eq(view_write("/proc/sys/vm/min_free_kbytes", "-1"), -EINVAL);
	cr_assert_eq(view_write("/proc/sys/vm/min_free_kbytes", "12x"), -EINVAL);
	cr_assert_eq(view_write("/proc/sys/vm/min_free_kbytes", "\n"), -EINVAL);
	view_read("/proc/sys/vm/min_free_kbytes");
	cr_assert_str_eq(buf, "20000\n");
	view_read("/proc/zoneinfo");
	cr_assert_str_eq(buf, before, "a refused write changed the watermarks");
	finish();
}

Test(proc, watermark_scale_factor)
{
	const char *p;
	unsigned long low10, low1000;

	boot("mem=1G nr_cpus=2");
	view_read("/proc/sys/vm/watermark_scale_factor");
	cr_assert_str_eq(buf, "10\n");
	view_read("/proc/zoneinfo");
	p = find_line(find_line(buf, "Node 0, zone    DMA32\n"), "        low      ");
	low10 = strtoul(p + 17, NULL, 10);
	cr_assert_eq(view_write("/proc/sys/vm/watermark_scale_factor", "0"), -EINVAL);
	cr_assert_eq(view_write("/proc/sys/vm/watermark_scale_factor", "3001"), -EINVAL);
	/* big enough to beat min/4, which wins at 10 with the khugepaged min */
	cr_assert_eq(view_write("/proc/sys/vm/watermark_scale_factor", "1000"), 4);
	view_read("/proc/sys/vm/watermark_scale_factor");
	cr_assert_str_eq(buf, "1000\n");
	view_read("/proc/zoneinfo");
	p = find_line(find_line(buf, "Node 0, zone    DMA32\n"), "        low      ");
	low1000 = strtoul(p + 17, NULL, 10);
	cr_assert_gt(low1000, low10);
	finish();
}

Test(proc, lowmem_reserve_ratio)
{
	const char *p;

	boot("mem=1G nr_cpus=2");
	view_read("/proc/sys/vm/lowmem_reserve_ratio");
	cr_assert_str_eq(buf, "256\t256\t32\t0\t0\n");
	view_read("/proc/zoneinfo");
	p = find_line(buf, "        protection: ");
	cr_assert(matches("^        protection: \\(0, [1-9][0-9]*, ", p));

	/* fewer values change the first zones only; below 1 means off */
	cr_assert_eq(view_write("/proc/sys/vm/lowmem_reserve_ratio", "-4 128"), 6);
	view_read("/proc/sys/vm/lowmem_reserve_ratio");
	cr_assert_str_eq(buf, "0\t128\t32\t0\t0\n");
	cr_assert_eq(view_write("/proc/sys/vm/lowmem_reserve_ratio", "1 2 x"), -EINVAL);
	view_read("/proc/sys/vm/lowmem_reserve_ratio");
	cr_assert_str_eq(buf, "0\t128\t32\t0\t0\n");
	/* DMA's reserve against DMA32 allocations is off now */
	view_read("/proc/zoneinfo");
	p = find_line(buf, "        protection: ");
	cr_assert(matches("^        protection: \\(0, 0, ", p), "%.60s", p);
	finish();
}

Test(proc, percpu_pagelist_high_fraction)
{
	boot("mem=1G nr_cpus=2");
	view_read("/proc/sys/vm/percpu_pagelist_high_fraction");
	cr_assert_str_eq(buf, "0\n");
	cr_assert_eq(view_write("/proc/sys/vm/percpu_pagelist_high_fraction", "7"), -EINVAL);
	cr_assert_eq(view_write("/proc/sys/vm/percpu_pagelist_high_fraction", "-8"), -EINVAL);
	cr_assert_eq(view_write("/proc/sys/vm/percpu_pagelist_high_fraction", "8"), 1);
	view_read("/proc/sys/vm/percpu_pagelist_high_fraction");
	cr_assert_str_eq(buf, "8\n");
	cr_assert_eq(view_write("/proc/sys/vm/percpu_pagelist_high_fraction", "0"), 1);
	view_read("/proc/sys/vm/percpu_pagelist_high_fraction");
	cr_assert_str_eq(buf, "0\n");
	view_read("/proc/sys/vm/watermark_boost_factor");
	cr_assert_str_eq(buf, "15000\n");
	finish();
}

Test(proc, sysctl_boot_arg_helper)
{
	char log[1 << 16];

	boot("mem=64M nr_cpus=2");
	cr_assert_eq(ukmem_proc_sysctl_arg("sysctl.vm.watermark_scale_factor", "200"), 0);
	view_read("/proc/sys/vm/watermark_scale_factor");
	cr_assert_str_eq(buf, "200\n");
	cr_assert_eq(ukmem_proc_sysctl_arg("sysctl.vm.no_such_knob", "1"), -ENOENT);
	cr_assert_eq(ukmem_proc_sysctl_arg("sysctl/vm/watermark_scale_factor", "0"), -EINVAL);
	ukmem_dmesg(log, sizeof(log));
	cr_assert_not_null(strstr(log, "Failed to set sysctl parameter 'vm.no_such_knob=1': "
				       "parameter not found"));
	cr_assert_not_null(strstr(log, "Failed to set sysctl parameter "
				       "'vm/watermark_scale_factor=0': invalid value"));
	finish();
}

Test(proc, i386_highmem_views)
{
	char *lines[128];
	int n, high = -1;

	boot("mem=2G nr_cpus=2 arch=i386");
	view_read("/proc/buddyinfo");
	cr_assert(matches("^Node 0, zone      DMA .*\nNode 0, zone   Normal .*\n"
			  "Node 0, zone  HighMem .*\n$",
			  buf),
		  "%s", buf);
	view_read("/proc/zoneinfo");
	cr_assert_not_null(strstr(buf, "Node 0, zone  HighMem\n"));
	cr_assert_not_null(strstr(buf, "Node 0, zone  Movable\n"));
	cr_assert_null(strstr(buf, "DMA32"));
	cr_assert_null(strstr(buf, "nr_unaccepted"));
	view_read("/proc/meminfo");
	n = split_lines(buf, lines, 128);
	for (int i = 0; i < n; i++)
		if (!strncmp(lines[i], "HighTotal:", 10))
			high = i;
	cr_assert_eq(high, 14, "HighTotal follows Mlocked");
	cr_assert(!strncmp(lines[13], "Mlocked:", 8));
	cr_assert(!strncmp(lines[15], "HighFree:", 9));
	cr_assert(!strncmp(lines[16], "LowTotal:", 9));
	cr_assert(!strncmp(lines[17], "LowFree:", 8));
	cr_assert(!strncmp(lines[18], "SwapTotal:", 10));
	cr_assert_eq(meminfo_value("HighTotal") + meminfo_value("LowTotal"),
		     meminfo_value("MemTotal"));
	cr_assert_gt(meminfo_value("HighTotal"), 0);
	cr_assert_eq(meminfo_value("Unaccepted"), -1);
	cr_assert_geq(vmstat_value("pgalloc_high"), 0);
	cr_assert_eq(vmstat_value("pgalloc_dma32"), -1);
	finish();
}

Test(proc, node_views)
{
	long total = 0;
	char path[96];

	boot("mem=256M nr_cpus=2 numa=fake=2");
	for (int nid = 0; nid < 2; nid++) {
		char *lines[64];
		int n;

		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/meminfo", nid);
		view_read(path);
		n = split_lines(buf, lines, 64);
		cr_assert_eq(n, 37, "%s has %d lines", path, n);
		for (int i = 0; i < n; i++) {
			if (i >= 34)
				cr_assert(matches("^Node [0-9] HugePages_[A-Za-z]+: +[0-9]+$",
						  lines[i]),
					  "\"%s\"", lines[i]);
			else
				cr_assert(matches("^Node [0-9] [A-Za-z()_]+: +[0-9]+ kB$",
						  lines[i]) &&
						  strlen(lines[i]) == 34,
					  "\"%s\"", lines[i]);
		}
		total += atol(lines[0] + strlen("Node 0 MemTotal:"));
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/numastat", nid);
		view_read(path);
		cr_assert(matches("^numa_hit [0-9]+\nnuma_miss [0-9]+\nnuma_foreign [0-9]+\n"
				  "interleave_hit [0-9]+\nlocal_node [0-9]+\nother_node [0-9]+\n$",
				  buf),
			  "%s", buf);
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/vmstat", nid);
		view_read(path);
		cr_assert(!strncmp(buf, "nr_free_pages ", 14));
	}
	cr_assert_eq(total, meminfo_value("MemTotal"));
	cr_assert_eq(ukmem_proc_read("/sys/devices/system/node/node2/meminfo", buf, BUFSZ),
		     -ENOENT);
	finish();
}
