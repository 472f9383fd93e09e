// SPDX-License-Identifier: GPL-2.0
/*
 * libc_first.c - glibc's headers first, then ukmem's kernel headers.
 *
 * The order a userspace program usually has.  By the time ukmem's
 * <linux/errno.h> or <asm/io.h> is reached, glibc has already included the
 * system's UAPI headers of the same names (or ukmem's, via the include path),
 * so include guards and #include_next must agree in both orders.  Built by
 * CTest (compat_*) with -std=gnu11 -Wall -Wextra -Werror, once with
 * KBUILD_MODNAME and once with _GNU_SOURCE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <unistd.h>

#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <asm/io.h>
#include <linux/string.h>

#include "body.h"
