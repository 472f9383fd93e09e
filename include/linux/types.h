/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/types.h - the kernel's basic types.
 *
 * glibc's own headers include the UAPI <linux/types.h> (for __u32 and
 * friends); this header shadows that name, so it pulls the UAPI one in with
 * #include_next where the host has it and adds the kernel-internal types on
 * top.  Everything here is also valid in the freestanding allocator core.
 */
#ifndef UKMEM_LINUX_TYPES_H
#define UKMEM_LINUX_TYPES_H

#if defined(__has_include_next)
#if __has_include_next(<linux/types.h>)
#include_next <linux/types.h>
#define UKMEM_HAVE_UAPI_TYPES 1
#endif
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef UKMEM_HAVE_UAPI_TYPES
typedef int8_t __s8;
typedef uint8_t __u8;
typedef int16_t __s16;
typedef uint16_t __u16;
typedef int32_t __s32;
typedef uint32_t __u32;
typedef long long __s64;
typedef unsigned long long __u64;
#endif

typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;

/* The same underlying types glibc uses, so both may be declared. */
#ifndef __ssize_t_defined
typedef long ssize_t;
#define __ssize_t_defined
#endif
#ifndef __off_t_defined
typedef long off_t;
#define __off_t_defined
#endif
#ifndef __pid_t_defined
typedef int pid_t;
#define __pid_t_defined
#endif
#ifndef __uid_t_defined
typedef unsigned int uid_t;
#define __uid_t_defined
#endif
#ifndef __loff_t_defined
typedef long loff_t;
#define __loff_t_defined
#endif

typedef unsigned int gfp_t;
typedef unsigned int slab_flags_t;
typedef unsigned int fmode_t;
typedef u64 phys_addr_t;
typedef phys_addr_t resource_size_t;
typedef u64 dma_addr_t;
typedef unsigned long pgoff_t;
typedef struct {
	unsigned long bits[1];
} nodemask_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

typedef struct {
	s64 counter;
} atomic64_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

#ifndef __cplusplus
#ifndef UKMEM_NO_KERNEL_BOOL
/* kernel code writes "bool", "true" and "false" as in C99 */
#endif
#endif

#define DECLARE_BITMAP(name, bits) \
	unsigned long name[((bits) + (8 * sizeof(long)) - 1) / (8 * sizeof(long))]

#endif /* UKMEM_LINUX_TYPES_H */
