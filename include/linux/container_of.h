/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UKMEM_LINUX_CONTAINER_OF_H
#define UKMEM_LINUX_CONTAINER_OF_H

#include <linux/stddef.h>

#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

#endif
