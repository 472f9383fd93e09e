/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel/proc.h - the view table behind ukmem_proc_read/ukmem_proc_write.
 *
 * Each subsystem registers its /proc, /sys and debugfs files at boot with
 * ukmem_proc_register(); ukmem_shutdown() empties the table with
 * ukmem_proc_reset().  The table is static (no allocation from the
 * machine).  This header includes only kernel-API headers, so the
 * freestanding core (mm/) may include it.
 *
 * Errors the dispatcher returns (see kernel/proc.c for the why):
 *   -ENODEV  no machine is booted
 *   -ENOENT  no such view
 *   -EACCES  read of a write-only or write of a read-only /proc/sys entry
 *   -EIO     read of a write-only or write of a read-only other view
 *   -EINVAL  (from a write handler) a bad value; nothing changed
 */
#ifndef UKMEM_KERNEL_PROC_H
#define UKMEM_KERNEL_PROC_H

#include <linux/types.h>
#include <linux/seq_file.h>

/* Most views the table holds; registration past it fails with -ENOSPC.
 * Sized for /sys/kernel/slab: about 30 views for each of up to 128 caches. */
#define UKMEM_PROC_MAX_ENTRIES 4096
/* Longest path, NUL included; a longer one fails with -ENAMETOOLONG. */
#define UKMEM_PROC_PATH_MAX 112

/* A view's text: write it with seq_printf(); return 0 or a negative errno. */
typedef int (*ukmem_proc_show_t)(struct seq_file *m);
/* A knob's write: the whole text the caller wrote (not NUL-terminated).
 * Return @len, or a negative errno with nothing changed. */
typedef ssize_t (*ukmem_proc_write_t)(const char *buf, size_t len);

int ukmem_proc_register(const char *path, ukmem_proc_show_t show, ukmem_proc_write_t write);
/* The same, with @data handed to @show as m->private (per-node files). */
int ukmem_proc_register_data(const char *path, ukmem_proc_show_t show, ukmem_proc_write_t write,
			     void *data);
int ukmem_proc_unregister(const char *path);
/* Forget every view (at shutdown). */
void ukmem_proc_reset(void);

/*
 * ukmem_proc_sysctl_arg - apply one "sysctl.KEY=VALUE" boot parameter as
 * 6.12's do_sysctl_args() does: KEY with '.' or '/' separators names
 * /proc/sys/KEY, VALUE is written to it, and failures print the kernel's
 * "Failed to set sysctl parameter ..." lines.  @param is the whole
 * parameter name ("sysctl.vm.min_free_kbytes").  Returns 0 or the errno.
 */
int ukmem_proc_sysctl_arg(const char *param, const char *val);

/* ---- views registered by mm/vmstat.c ---- */

/*
 * Register /proc/{buddyinfo,pagetypeinfo,zoneinfo,vmstat,meminfo}, the
 * /proc/sys/vm/ knobs and the per-node /sys/devices/system/node/nodeN/
 * files; call once per boot after the zones and watermarks exist.
 */
void ukmem_proc_mm_init(void);

/* VmallocTotal of /proc/meminfo in kB; weak, for the vmalloc layer to replace. */
unsigned long ukmem_vmalloc_total_kb(void);
/* VmallocUsed of /proc/meminfo in pages; weak, 0 until vmalloc exists. */
unsigned long ukmem_vmalloc_nr_pages(void);

#endif /* UKMEM_KERNEL_PROC_H */
