/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/smp.h - which modelled CPU the caller runs on.
 *
 * Each host thread is bound, on its first call after a boot, to one of the
 * machine's nr_cpus modelled CPUs, round-robin, and stays there until the
 * next boot.  There is no preemption to disable: get_cpu()/put_cpu() only
 * read the binding.
 */
#ifndef UKMEM_LINUX_SMP_H
#define UKMEM_LINUX_SMP_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The calling thread's modelled CPU (kernel/sched.c). */
int ukmem_this_cpu(void);

#define raw_smp_processor_id() ukmem_this_cpu()
#define smp_processor_id() ukmem_this_cpu()
#define get_cpu() ukmem_this_cpu()
#define put_cpu() \
	do {      \
	} while (0)

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_LINUX_SMP_H */
