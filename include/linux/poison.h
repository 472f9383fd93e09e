/* SPDX-License-Identifier: GPL-2.0 */
/* linux/poison.h - poison values with the kernel's x86_64 POISON_POINTER_DELTA. */
#ifndef UKMEM_LINUX_POISON_H
#define UKMEM_LINUX_POISON_H

#define POISON_POINTER_DELTA 0xdead000000000000UL
#define LIST_POISON1 ((void *)(0x100 + POISON_POINTER_DELTA))
#define LIST_POISON2 ((void *)(0x122 + POISON_POINTER_DELTA))
#define PAGE_POISON 0xaa
#define POISON_INUSE 0x5a
#define POISON_FREE 0x6b
#define POISON_END 0xa5
#define SLUB_RED_INACTIVE 0xbb
#define SLUB_RED_ACTIVE 0xcc

#endif
