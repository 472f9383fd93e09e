/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/errno.h - glibc's <errno.h> includes the UAPI <linux/errno.h>; this
 * header shadows it, so it pulls the UAPI one in (E* constants) and adds the
 * kernel-internal codes.
 */
#ifndef UKMEM_LINUX_ERRNO_H
#define UKMEM_LINUX_ERRNO_H

#if defined(__has_include_next)
#if __has_include_next(<linux/errno.h>)
#include_next <linux/errno.h>
#define UKMEM_HAVE_UAPI_ERRNO 1
#endif
#endif

#ifndef UKMEM_HAVE_UAPI_ERRNO
#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define EOVERFLOW 75
#endif

#define ERESTARTSYS 512
#define ENOTSUPP 524
#define MAX_ERRNO 4095

#endif
