// SPDX-License-Identifier: GPL-2.0
/*
 * kernel_first.c - ukmem's kernel headers first, then glibc's.
 *
 * glibc's <errno.h>, <sys/ioctl.h> and friends pull in the UAPI headers
 * <linux/errno.h>, <asm/errno.h>, <asm/ioctls.h>; with -I<ukmem>/include on
 * the path they find ukmem's headers of those names first, which must hand
 * over to the system's with #include_next.  Built by CTest (compat_*), with
 * -std=gnu11 -Wall -Wextra -Werror, without KBUILD_MODNAME.
 */
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <unistd.h>

#include "body.h"
