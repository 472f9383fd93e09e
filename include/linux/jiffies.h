/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/jiffies.h - jiffies at the reference config's HZ=250, read from
 * the monotonic clock since boot (INITIAL_JIFFIES as the kernel, so that
 * wraparound bugs show up early).  jiffies is an rvalue here.
 */
#ifndef UKMEM_LINUX_JIFFIES_H
#define UKMEM_LINUX_JIFFIES_H

#include <linux/types.h>

#define HZ 250
#define USER_HZ 100
#define INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * HZ))

unsigned long ukmem_jiffies(void);
#define jiffies (ukmem_jiffies())
#define jiffies_64 ((u64)ukmem_jiffies())

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)

unsigned int jiffies_to_msecs(unsigned long j);
unsigned int jiffies_to_usecs(unsigned long j);
unsigned long msecs_to_jiffies(unsigned int m);
unsigned long usecs_to_jiffies(unsigned int u);

#endif
