// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/time.c - jiffies at HZ=250 from the host's monotonic clock.
 * jiffies start at INITIAL_JIFFIES at each boot (five minutes before the
 * 32-bit wrap, as in the kernel), so wraparound bugs show up early.
 */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <kernel/kinternal.h>
#include <platform/plat.h>

#define NSEC_PER_JIFFY (1000000000ULL / HZ)

unsigned long ukmem_jiffies(void)
{
	u64 since = plat_clock_ns() - ukmem_boot_ns;

	return INITIAL_JIFFIES + (unsigned long)(since / NSEC_PER_JIFFY);
}

unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * (1000 / HZ));
}

unsigned int jiffies_to_usecs(unsigned long j)
{
	return (unsigned int)(j * (1000000 / HZ));
}

unsigned long msecs_to_jiffies(unsigned int m)
{
	return (m + (1000 / HZ) - 1) / (1000 / HZ);
}

unsigned long usecs_to_jiffies(unsigned int u)
{
	return (u + (1000000 / HZ) - 1) / (1000000 / HZ);
}
