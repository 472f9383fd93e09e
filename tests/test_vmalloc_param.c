// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmalloc_param.c - the size and place of the vmalloc space as 6.12
 * computes them, and vmalloc=.
 *
 * i386: VMALLOC_START = high_memory + 8 MiB, VMALLOC_END = PKMAP_BASE - 2
 * pages (0xfeffe000), so 120 MiB once RAM reaches the lowmem limit and
 * more on a smaller machine; vmalloc=S makes the space S and the lowmem
 * S - 120 MiB smaller (HighTotal grows by as much).  arm: start rounded
 * down to 8 MiB, end 0xff800000; vmalloc= clamped to 16 MiB .. 976 MiB
 * with 6.12's warnings.  x86_64: vmalloc= is ukmem's extension for the
 * size of the space.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"

static unsigned long meminfo_kb(const char *key)
{
	char *mi = ut_read("/proc/meminfo");
	char *p;
	unsigned long v;

	cr_assert_not_null(mi);
	p = strstr(mi, key);
	cr_assert_not_null(p, "meminfo lacks %s", key);
	v = strtoul(p + strlen(key), NULL, 10);
	free(mi);
	return v;
}

/* A vmalloc that works, and the space's bounds against the direct map. */
static void use_space(void)
{
	char *p = vmalloc(5 * PAGE_SIZE);

	cr_assert_not_null(p);
	memset(p, 7, 5 * PAGE_SIZE);
	cr_assert(is_vmalloc_addr(p));
	vfree(p);
}

Test(vmalloc_param, i386_default_with_highmem)
{
	ut_boot("arch=i386 mem=2G");
	cr_assert_eq(meminfo_kb("VmallocTotal:"), 122880);
	if (PAGE_OFFSET == 0xc0000000UL) {
		/* where 6.12 puts it (the host gave us the preferred places) */
		cr_assert_eq(VMALLOC_START, (unsigned long)high_memory + (8UL << 20));
		cr_assert_eq(VMALLOC_END, 0xfeffe000UL);
	}
	use_space();
	ut_end();
}

Test(vmalloc_param, i386_small_machine_has_a_larger_space)
{
	ut_boot("arch=i386 mem=512M");
	cr_assert_eq(meminfo_kb("HighTotal:"), 0);
	/* 0xfeffe000 - (high_memory + 8 MiB) */
	cr_assert_eq(meminfo_kb("VmallocTotal:"),
		     (0x3effe000UL - ((unsigned long)high_memory - PAGE_OFFSET) - (8UL << 20)) >>
			     10);
	cr_assert_gt(meminfo_kb("VmallocTotal:"), 122880);
	use_space();
	ut_end();
}

Test(vmalloc_param, i386_vmalloc_moves_the_lowmem_limit)
{
	unsigned long low0, high0;

	ut_boot("arch=i386 mem=2G");
	low0 = meminfo_kb("LowTotal:");
	high0 = meminfo_kb("HighTotal:");
	ut_end();

	ut_boot("arch=i386 mem=2G vmalloc=256M");
	cr_assert_eq(meminfo_kb("VmallocTotal:"), 262144);
	/* 136 MiB of RAM moved from lowmem to highmem */
	cr_assert_eq(low0 - meminfo_kb("LowTotal:"), 136UL << 10, "LowTotal %lu -> %lu", low0,
		     meminfo_kb("LowTotal:"));
	cr_assert_eq(meminfo_kb("HighTotal:") - high0, 136UL << 10);
	use_space();
	ut_end();

	ut_boot("arch=i386 mem=2G vmalloc=64M");
	cr_assert_eq(meminfo_kb("VmallocTotal:"), 65536);
	cr_assert_eq(meminfo_kb("LowTotal:") - low0, 56UL << 10);
	use_space();
	ut_end();
}

Test(vmalloc_param, arm_limits_and_warnings)
{
	char *log;

	ut_boot("arch=arm mem=1G");
	cr_assert_eq(meminfo_kb("VmallocTotal:"), 245760);
	ut_end();

	ut_boot("arch=arm mem=1G vmalloc=8M");
	log = ut_dmesg();
	ut_assert_log_has(log, "vmalloc area is too small, limiting to 16MiB");
	free(log);
	cr_assert_eq(meminfo_kb("VmallocTotal:"), 16384);
	use_space();
	ut_end();

	ut_boot("arch=arm mem=2G vmalloc=2G");
	log = ut_dmesg();
	ut_assert_log_has(log, "vmalloc area is too big, limiting to 976MiB");
	free(log);
	cr_assert_eq(meminfo_kb("VmallocTotal:"), 976UL << 10);
	/* lowmem: VMALLOC_END - 976 MiB - 8 MiB - PAGE_OFFSET = 32 MiB */
	cr_assert_eq(meminfo_kb("LowTotal:") + meminfo_kb("HighTotal:"), meminfo_kb("MemTotal:"));
	cr_assert_leq(meminfo_kb("LowTotal:"), 32UL << 10);
	use_space();
	ut_end();
}

Test(vmalloc_param, x86_64_extension)
{
	ut_boot("mem=64M vmalloc=1G");
	/* x86_64's VMALLOC_END is the last byte, as VmallocTotal shows */
	cr_assert_eq(VMALLOC_END - VMALLOC_START + 1, 1UL << 30);
	cr_assert_eq(meminfo_kb("VmallocTotal:"), (1UL << 20) - 1);
	use_space();
	ut_end();

	/* not a size: ignored (32 TiB, or what the host allowed of it) */
	ut_boot("mem=64M vmalloc=junk");
	cr_assert_gt(VMALLOC_END - VMALLOC_START + 1, 1UL << 30);
	ut_end();
}
