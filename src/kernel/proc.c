// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/proc.c - the view dispatcher: ukmem_proc_read() and
 * ukmem_proc_write() find a registered /proc, /sys or debugfs file by its
 * path and run its show or write handler.
 *
 * What it owns: a static table of (path, show, write, data) entries, filled
 * by each subsystem at boot (mm/vmstat.c's ukmem_proc_mm_init(), later the
 * slab, vmalloc and debug layers) and emptied by ukmem_proc_reset() at
 * shutdown.  The table is an array in registration order (so views list in
 * a stable order) with an open-addressing hash index of path -> slot beside
 * it: every slab cache registers some 40 /sys/kernel/slab files, so a
 * machine has thousands of paths and a linear strcmp() search made cache
 * creation and destruction O(paths).  Both are static: nothing may be
 * allocated from the machine to look at a view.  Invariant: for every used
 * slot i, the index holds i + 1 at the first free-or-matching position of
 * hash(path) under linear probing, and nothing else is in the index:
 * unregister closes the gap (backward shift) instead of leaving tombstones
 * and renumbers the entries that moved down.
 *
 * Reading: the show handler writes into the caller's buffer through a
 * seq_file with snprintf semantics (lib/seq_file.c), so the return value is
 * the view's full length even when the buffer was too small, and the
 * buffer always ends with a NUL.
 *
 * Locking: the table changes only at boot and shutdown, which must not
 * race with other calls (ukmem.h documents that), so lookups take no lock.
 * Writes are serialised by proc_write_lock, so two threads setting knobs
 * cannot interleave a parse with another's recomputation; reads run
 * concurrently with everything, as /proc reads do in the kernel (a view
 * takes the zone locks it needs itself).  Lock order: proc_write_lock >
 * whatever the write handler takes (pcp, zone locks).
 *
 * Errors, chosen to match what a root shell sees on 6.12:
 *   - no machine booted: -ENODEV.  Views are not allocator calls, so a read
 *     does not boot the default machine; there is nothing to describe.
 *   - unknown path: -ENOENT (open(2) fails so).
 *   - a /proc/sys entry without the needed permission: -EACCES (sysctl's
 *     permission check refuses even root: `echo 1 > /proc/sys/vm/x` on a
 *     0444 entry prints "Permission denied").
 *   - any other view without a read or write handler: -EIO (root may open
 *     a 0444 /proc file for writing, and proc_reg_write() then fails with
 *     EIO, "write error: Input/output error").
 *   - a zero-length write succeeds and changes nothing, returning 0.
 *
 * Where it differs from Linux: no directories, no readdir, no offsets;
 * a write is one whole buffer (as a shell's echo is), and its return is
 * @len on success.
 */
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <ukmem/ukmem.h>
#include <kernel/kinternal.h>
#include <kernel/proc.h>

struct proc_entry {
	char path[UKMEM_PROC_PATH_MAX];
	ukmem_proc_show_t show;
	ukmem_proc_write_t write;
	void *data;
};

static struct proc_entry proc_table[UKMEM_PROC_MAX_ENTRIES];
static int proc_nr_entries;
static DEFINE_SPINLOCK(proc_write_lock);

/* The hash index: slot + 1, 0 = empty; twice the table, a power of two. */
#define PROC_INDEX_SIZE (2 * UKMEM_PROC_MAX_ENTRIES)
_Static_assert((PROC_INDEX_SIZE & (PROC_INDEX_SIZE - 1)) == 0, "a power of two");
static unsigned short proc_index[PROC_INDEX_SIZE];

static unsigned int proc_hash(const char *path)
{
	unsigned int h = 2166136261u;

	while (*path)
		h = (h ^ (unsigned char)*path++) * 16777619u;
	return h & (PROC_INDEX_SIZE - 1);
}

/* The index position of @path: its entry's, or the empty one it would take. */
static unsigned int proc_index_pos(const char *path)
{
	unsigned int pos = proc_hash(path);

	while (proc_index[pos] && strcmp(proc_table[proc_index[pos] - 1].path, path))
		pos = (pos + 1) & (PROC_INDEX_SIZE - 1);
	return pos;
}

/* Take the entry at index position @pos out, closing the gap (backward shift). */
static void proc_index_remove(unsigned int pos)
{
	unsigned int i = pos, j = pos;

	proc_index[i] = 0;
	for (;;) {
		unsigned int k;

		j = (j + 1) & (PROC_INDEX_SIZE - 1);
		if (!proc_index[j])
			return;
		k = proc_hash(proc_table[proc_index[j] - 1].path);
		/* an entry whose home lies cyclically in (i, j] stays where it is */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		proc_index[i] = proc_index[j];
		proc_index[j] = 0;
		i = j;
	}
}

/* Table slot @slot took the entry of slot @slot + 1: say so in the index. */
static void proc_index_moved_down(int slot)
{
	unsigned int pos = proc_hash(proc_table[slot].path);

	while (proc_index[pos] != slot + 2)
		pos = (pos + 1) & (PROC_INDEX_SIZE - 1);
	proc_index[pos] = (unsigned short)(slot + 1);
}

static struct proc_entry *proc_lookup(const char *path)
{
	unsigned short slot = proc_index[proc_index_pos(path)];

	return slot ? &proc_table[slot - 1] : NULL;
}

static bool proc_is_sysctl(const char *path)
{
	return !strncmp(path, "/proc/sys/", 10);
}

/**
 * ukmem_proc_register_data - add a view to the table
 * @path: its absolute path ("/proc/meminfo"); copied
 * @show: writes the view's text, or NULL for a write-only file
 * @write: parses a write, or NULL for a read-only file
 * @data: handed to @show as m->private
 *
 * Called at boot, never concurrently with reads or writes of the table.
 *
 * Return: 0; -EINVAL for a path that is not absolute or has neither
 * handler; -ENAMETOOLONG; -EEXIST if the path is taken; -ENOSPC if the
 * table is full.
 */
int ukmem_proc_register_data(const char *path, ukmem_proc_show_t show, ukmem_proc_write_t write,
			     void *data)
{
	struct proc_entry *e;
	size_t len;

	if (!path || path[0] != '/' || (!show && !write))
		return -EINVAL;
	len = strlen(path);
	if (len >= UKMEM_PROC_PATH_MAX)
		return -ENAMETOOLONG;
	if (proc_lookup(path))
		return -EEXIST;
	if (proc_nr_entries >= UKMEM_PROC_MAX_ENTRIES)
		return -ENOSPC;
	e = &proc_table[proc_nr_entries];
	memcpy(e->path, path, len + 1);
	e->show = show;
	e->write = write;
	e->data = data;
	proc_nr_entries++;
	proc_index[proc_index_pos(e->path)] = (unsigned short)proc_nr_entries;
	return 0;
}

/**
 * ukmem_proc_register - add a view to the table
 * @path: its absolute path; copied
 * @show: writes the view's text, or NULL for a write-only file
 * @write: parses a write, or NULL for a read-only file
 *
 * Return: as ukmem_proc_register_data().
 */
int ukmem_proc_register(const char *path, ukmem_proc_show_t show, ukmem_proc_write_t write)
{
	return ukmem_proc_register_data(path, show, write, NULL);
}

/**
 * ukmem_proc_unregister - remove a view (a module's, at unload)
 * @path: the path it was registered with
 *
 * Return: 0, or -ENOENT.
 */
int ukmem_proc_unregister(const char *path)
{
	unsigned int pos;
	struct proc_entry *e;
	int slot;

	if (!path)
		return -ENOENT;
	pos = proc_index_pos(path);
	if (!proc_index[pos])
		return -ENOENT;
	slot = proc_index[pos] - 1;
	e = &proc_table[slot];
	proc_index_remove(pos);
	/* keep registration order for the rest: views list in a stable order */
	memmove(e, e + 1, (size_t)(&proc_table[proc_nr_entries] - (e + 1)) * sizeof(*e));
	proc_nr_entries--;
	memset(&proc_table[proc_nr_entries], 0, sizeof(proc_table[0]));
	/* the entries after it moved down one slot (usually few: the newest) */
	for (int i = slot; i < proc_nr_entries; i++)
		proc_index_moved_down(i);
	return 0;
}

/**
 * ukmem_proc_reset - forget every view; called by ukmem_shutdown()
 */
void ukmem_proc_reset(void)
{
	memset(proc_table, 0, sizeof(proc_table));
	memset(proc_index, 0, sizeof(proc_index));
	proc_nr_entries = 0;
}

/**
 * ukmem_proc_read - read a /proc, /sys or debugfs view
 * @path: e.g. "/proc/buddyinfo"
 * @buf: where the text goes (NUL-terminated); may be NULL when @size is 0
 * @size: bytes of @buf
 *
 * Reading allocates nothing from the machine and changes no counter.
 *
 * Return: the view's full length (snprintf semantics: it may exceed
 * @size - 1, and the text is then cut); -ENODEV if no machine is booted;
 * -ENOENT for an unknown path; -EACCES/-EIO for a write-only file;
 * -EFAULT for a NULL @path, or a NULL @buf with a nonzero @size.
 */
ssize_t ukmem_proc_read(const char *path, char *buf, size_t size)
{
	struct proc_entry *e;
	struct seq_file m;
	int ret;

	if (!path || (!buf && size))
		return -EFAULT;
	if (!ukmem_booted)
		return -ENODEV;
	e = proc_lookup(path);
	if (!e)
		return -ENOENT;
	if (!e->show)
		return proc_is_sysctl(path) ? -EACCES : -EIO;
	ukmem_seq_init(&m, buf, size, e->data);
	ret = e->show(&m);
	ukmem_seq_finish(&m);
	if (ret < 0)
		return ret;
	return (ssize_t)m.count;
}

static ssize_t proc_do_write(struct proc_entry *e, const char *buf, size_t len)
{
	ssize_t ret;

	if (!e->write)
		return proc_is_sysctl(e->path) ? -EACCES : -EIO;
	if (!len)
		return 0;
	spin_lock(&proc_write_lock);
	ret = e->write(buf, len);
	spin_unlock(&proc_write_lock);
	return ret;
}

/**
 * ukmem_proc_write - write a knob
 * @path: e.g. "/proc/sys/vm/min_free_kbytes"
 * @buf: the text, as `echo VALUE >` would write it (a trailing newline is fine)
 * @len: its length
 *
 * Return: @len; 0 for an empty write; -EINVAL for a bad value (nothing
 * changed); -ENODEV, -ENOENT, -EACCES, -EIO, -EFAULT as ukmem_proc_read().
 */
ssize_t ukmem_proc_write(const char *path, const char *buf, size_t len)
{
	struct proc_entry *e;

	if (!path || (!buf && len))
		return -EFAULT;
	if (!ukmem_booted)
		return -ENODEV;
	e = proc_lookup(path);
	if (!e)
		return -ENOENT;
	return proc_do_write(e, buf, len);
}

/**
 * ukmem_proc_sysctl_arg - apply a "sysctl.KEY=VALUE" boot parameter
 * @param: the parameter's name, "sysctl.vm.min_free_kbytes" (or with '/')
 * @val: its value
 *
 * As 6.12's do_sysctl_args(): called once the views are registered, late
 * in boot, so a knob written here overrides what boot computed and the
 * kernel's own recomputation runs.  The messages are the kernel's.
 *
 * Return: 0, or the negative errno of the failure (already reported);
 * -EINVAL without a message when @param is not a sysctl parameter.
 */
int ukmem_proc_sysctl_arg(const char *param, const char *val)
{
	char path[UKMEM_PROC_PATH_MAX];
	const char *key;
	size_t klen, vlen;
	ssize_t wret;
	struct proc_entry *e;

	if (!param || strncmp(param, "sysctl", 6) || (param[6] != '.' && param[6] != '/'))
		return -EINVAL;
	key = param + 7;
	if (!val)
		val = "";
	klen = strlen(key);
	if (klen + sizeof("/proc/sys/") > sizeof(path)) {
		pr_err("Failed to set sysctl parameter '%s=%s': parameter not found\n", key, val);
		return -ENOENT;
	}
	memcpy(path, "/proc/sys/", 10);
	for (size_t i = 0; i <= klen; i++)
		path[10 + i] = key[i] == '.' ? '/' : key[i];

	e = proc_lookup(path);
	if (!e) {
		pr_err("Failed to set sysctl parameter '%s=%s': parameter not found\n", key, val);
		return -ENOENT;
	}
	if (!e->write) {
		pr_err("Failed to set sysctl parameter '%s=%s': permission denied (read-only?)\n",
		       key, val);
		return -EACCES;
	}
	vlen = strlen(val);
	/* not ukmem_proc_write(): boot may not have marked the machine up yet */
	wret = proc_do_write(e, val, vlen);
	if (wret == -EINVAL) {
		pr_err("Failed to set sysctl parameter '%s=%s': invalid value\n", key, val);
		return -EINVAL;
	}
	if (wret < 0) {
		pr_err("Error %d writing to proc file to set sysctl parameter '%s=%s'\n", (int)wret,
		       key, val);
		return (int)wret;
	}
	if ((size_t)wret != vlen)
		pr_err("Wrote only %zd bytes of %zu writing to proc file %s "
		       "to set sysctl parameter '%s=%s'\n",
		       wret, vlen, path + 6, key, val);
	return 0;
}
