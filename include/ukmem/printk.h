/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ukmem/printk.h - ukmem's own controls over the kernel log.
 *
 * The log is a ring in static storage (1 MiB; the oldest records go first)
 * holding every printk() of the process since the last boot.  The console
 * is stderr unless a hook is installed.
 */
#ifndef UKMEM_UKMEM_PRINTK_H
#define UKMEM_UKMEM_PRINTK_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The console sink: called once per console line, with the timestamp
 * prefix and the trailing newline included ("[    0.000123] text\n"),
 * under the printk lock (a console must not call printk itself; a nested
 * call is logged but not sent to the console).  @fn NULL restores stderr.
 */
typedef void (*ukmem_console_fn)(const char *line, size_t len, void *arg);
void ukmem_set_console(ukmem_console_fn fn, void *arg);

/* The log as `dmesg` prints it, snprintf semantics (full length returned). */
ssize_t ukmem_dmesg(char *buf, size_t size);
/* Empty the log ring (`dmesg -C`). */
void ukmem_dmesg_clear(void);

/* The console loglevel: messages with a level below it reach the console. */
int ukmem_console_loglevel(void);
void ukmem_set_console_loglevel(int level);

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_UKMEM_PRINTK_H */
