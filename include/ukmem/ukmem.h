/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ukmem/ukmem.h - ukmem's own API: boot a machine, read its views, check it.
 *
 * A machine is configured by a kernel command line (see docs/PARAMETERS.md).
 * The first allocator call in a process with no machine boots the default
 * one.  Calls racing with ukmem_shutdown() are undefined.
 */
#ifndef UKMEM_UKMEM_H
#define UKMEM_UKMEM_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * ukmem_boot - boot a machine described by a kernel command line
 * @cmdline: e.g. "mem=64M nr_cpus=4 arch=i386"; NULL means the defaults
 *           plus the environment variable UKMEM_CMDLINE
 *
 * Return: 0; -EINVAL for a bad value of a machine parameter (printk says
 * which); -EBUSY if a machine is already booted; -ENOMEM if the host
 * refused the memory.  A failed boot leaves nothing behind.
 */
int ukmem_boot(const char *cmdline);

/**
 * ukmem_shutdown - report what callers still hold, then release everything
 *
 * A later ukmem_boot() works.  ukmem_shutdown_leaked() tells afterwards how
 * many pages callers still held.
 */
void ukmem_shutdown(void);

/* Pages callers still held at the last ukmem_shutdown() (pcp lists and
 * allocator-internal caches are not counted). */
unsigned long ukmem_shutdown_leaked(void);
/* Slab objects (kmalloc, kmem_cache_alloc) callers still held at the last
 * ukmem_shutdown(); their slab pages were given back and are not counted
 * by ukmem_shutdown_leaked(). */
unsigned long ukmem_shutdown_leaked_objects(void);
/* Pages held back by debug reports (bad pages taken out of service) at the
 * last ukmem_shutdown(). */
unsigned long ukmem_shutdown_held_back(void);
/* Slab objects held back by slub_debug reports at the last ukmem_shutdown()
 * (objects of disabled slabs, corrupt objects "not freed"); not counted by
 * ukmem_shutdown_leaked_objects(). */
unsigned long ukmem_shutdown_held_back_objects(void);
/* slub_debug errors reported since boot, counted as 6.12's slub KUnit tests
 * count them: one per report, one per FIX line. */
unsigned long ukmem_slab_debug_errors(void);

/* /proc, /sys and debugfs views; snprintf semantics: full length, or -ENOENT. */
ssize_t ukmem_proc_read(const char *path, char *buf, size_t size);
/* Writable knobs: len, or a negative errno (-EINVAL on a bad value; nothing changed). */
ssize_t ukmem_proc_write(const char *path, const char *buf, size_t len);
/* The log as `dmesg` prints it, snprintf semantics. */
ssize_t ukmem_dmesg(char *buf, size_t size);

/**
 * ukmem_check - walk every invariant of the machine
 *
 * Return: the number of errors found (0 = consistent); each is reported
 * through printk.
 */
int ukmem_check(void);

/* Whether a machine is booted. */
bool ukmem_is_booted(void);

/* Pages currently handed out to callers (excludes pcp lists, reserved,
 * and pages taken out of service). */
unsigned long ukmem_pages_in_use(void);

/* ---- kmemleak (kmemleak=on; docs/DEBUGGING.md) ---- */
/*
 * Search [start, start + size) in every kmemleak scan, as the data of the
 * loaded objects are searched: for references held in memory ukmem cannot
 * see (a malloc'd table, ...).  0, or -EINVAL / -ENOMEM; a no-op returning
 * 0 when kmemleak is off.  The range must stay readable until removed.
 */
int ukmem_kmemleak_add_root(const void *start, size_t size);
/* Stop searching the root starting at @start: 0 or -ENOENT. */
int ukmem_kmemleak_del_root(const void *start);
/* ---- end kmemleak ---- */

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_UKMEM_H */
