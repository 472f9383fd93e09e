/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/stackdepot.h - deduplicated storage of stack traces, named by a
 * 32-bit handle (mm/stackdepot.c).  SLUB's user tracking keeps a handle per
 * alloc/free track instead of the frames themselves.
 */
#ifndef UKMEM_LINUX_STACKDEPOT_H
#define UKMEM_LINUX_STACKDEPOT_H

#include <linux/types.h>
#include <linux/gfp_types.h>

typedef u32 depot_stack_handle_t;

/* The most frames one saved trace keeps (longer traces are cut). */
#define STACK_DEPOT_MAX_FRAMES 16

depot_stack_handle_t stack_depot_save(unsigned long *entries, unsigned int nr_entries,
				      gfp_t alloc_flags);
unsigned int stack_depot_fetch(depot_stack_handle_t handle, unsigned long **entries);
void stack_depot_print(depot_stack_handle_t handle);

/* ukmem: forget every trace (a new boot; handles of the old one are gone with its memory). */
void ukmem_stack_depot_reset(void);
/* ukmem: fork() with the depot quiet (the slab layer's fork hooks call these). */
void ukmem_stack_depot_fork_prepare(void);
void ukmem_stack_depot_fork_release(void);

#endif /* UKMEM_LINUX_STACKDEPOT_H */
