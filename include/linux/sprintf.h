/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/sprintf.h - the kernel's formatted-output functions.
 *
 * The format language is the kernel's (lib/vsprintf.c): the %p extensions
 * (%pS %ps %pB %px %pK %pa %pGg %pGp %*ph %pV), "%#x" of 0 printing "0x0",
 * "(null)" for a NULL %s, and no floating point.  glibc owns the names
 * snprintf/vsnprintf/sprintf, so ukmem's versions are ukmem_snprintf and
 * ukmem_vsnprintf; scnprintf and vscnprintf, which glibc lacks, keep the
 * kernel's names.  printk() always uses this formatter.
 */
#ifndef UKMEM_LINUX_SPRINTF_H
#define UKMEM_LINUX_SPRINTF_H

#include <stdarg.h>
#include <linux/types.h>
#include <linux/compiler.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Like vsnprintf(3): returns the length the full output would have. */
__printf(3, 0) int ukmem_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int ukmem_snprintf(char *buf, size_t size, const char *fmt, ...);
/* Return the number of characters actually written (not counting the NUL). */
__printf(3, 0) int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_LINUX_SPRINTF_H */
