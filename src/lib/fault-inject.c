// SPDX-License-Identifier: GPL-2.0
/*
 * lib/fault-inject.c - the fault-injection core: the decision of
 * should_fail_ex(), the boot syntax of setup_fault_attr(), the
 * "FAULT_INJECTION: forcing a failure." notice, the per-attribute debugfs
 * knobs, and each thread's /proc/thread-self/fail-nth and make-it-fail.
 *
 * What it owns: the calling thread's fail-nth countdown and make-it-fail
 * flag (thread-local), a small table of knob files (which variable each
 * debugfs file reads and writes, and how), the table of fault attributes
 * in use (with the "anything can fire" word of each, see below), and one
 * random stream per boot.
 *
 * The decision, in 6.12's order, for a call that already passed its user's
 * own filters (failslab's, fail_page_alloc's):
 *   1. the thread's fail-nth: when armed it counts this call down, and the
 *      call that brings it to 0 fails; every other call of that thread
 *      passes without looking at the attribute at all;
 *   2. probability 0: pass;
 *   3. task-filter on and the thread's make-it-fail is 0: pass;
 *   4. times == 0: pass;
 *   5. space > size: space -= size, pass;
 *   6. interval > 1: count++, pass unless count is a multiple of interval;
 *   7. a random number below 100 not below probability: pass;
 *   then fail: print the notice (unless FAULT_NOWARN) and take one off
 *   times unless it is -1 or already 0.  A fail-nth failure takes one off
 *   times too, as in 6.12, so "times" in the notice may read 0 afterwards.
 *
 * The notice is one KERN_NOTICE record of two lines, "FAULT_INJECTION:
 * forcing a failure." and "name <dir>, interval N, probability N, space N,
 * times N" (the values before the failure), followed by dump_stack() when
 * verbose is 2 or more; nothing with verbose 0.  The attribute's own rate
 * limit (off by default: interval 0) gates both.
 *
 * Cheap when off: the allocator hooks test one word per user (see
 * linux/fault-inject.h) that is nonzero only when the boot has finished and
 * either the probability is nonzero or some thread armed fail-nth during
 * this boot (that second reason is sticky until the next boot, since other
 * threads' countdowns are invisible here).  Every knob and fail-nth write
 * recomputes the words.
 *
 * Knob formats are debugfs's: probability, interval and verbose are
 * unsigned longs ("%llu\n", written with kstrtoull base 0), times and space
 * atomic_t ("%lld\n", kstrtoll, the value truncated to int as debugfs
 * does), the two verbose_ratelimit_* files u32 ("%llu\n", truncated to 32
 * bits), the boolean files "Y\n"/"N\n" (kstrtobool on the first three
 * bytes).  A write takes at most the first 23 bytes, as simple_attr does.
 *
 * Invariants: for every user, *active == (armed && (probability != 0 ||
 * fail-nth used in this boot)) after each write; the first fi_nr_files
 * slots of the file table are exactly the files registered in this boot
 * (the view table is emptied at shutdown and both start again at boot); a
 * thread's fail-nth belongs to the boot and the fork generation it was
 * written in (a forked child starts at 0, as 6.12's new task does, and keeps
 * make-it-fail).
 *
 * Locking: knob writes are serialised by the view layer's write lock; the
 * allocation paths read the knobs with plain loads (the kernel does the
 * same), and times/space/count are atomics.  fail-nth is thread-local, so
 * it needs none.  No lock is taken on the decision path.
 *
 * Where it differs from Linux: the stack-trace filter
 * (require-start/-end, reject-start/-end, stacktrace-depth) is not
 * modelled, so those files do not exist; a bad boolean is refused with
 * -EINVAL (6.12's debugfs silently ignores it and reports success); the
 * knobs live in ukmem's view table, so there is no directory listing;
 * /proc/self/fail-nth and make-it-fail act on the calling thread (ukmem
 * gives every thread the process's pid), and /proc/self/task/<tid>/ does
 * not exist; "verbose_ratelimit_interval_ms" holds jiffies (HZ=250), as
 * the file does in 6.12 despite its name.
 */
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <kernel/kinternal.h>
#include <kernel/proc.h>

/* ---- the calling thread ----------------------------------------------- */

struct fi_task {
	unsigned int fail_nth; /* 0 = not armed */
	int make_it_fail;
	unsigned long gen; /* ukmem_boot_generation the two belong to */
	unsigned long fork_gen; /* current's fork generation fail_nth belongs to */
};

static _Thread_local struct fi_task fi_task;

/*
 * The thread's state.  A new boot starts every thread at 0; a forked
 * child's thread is a new task, whose fail-nth 6.12 clears
 * (dup_task_struct) while make-it-fail is inherited.
 */
static inline struct fi_task *fi_current(void)
{
	unsigned long fork_gen = get_current()->__ukmem_fork_gen;

	if (unlikely(fi_task.gen != ukmem_boot_generation)) {
		fi_task.make_it_fail = 0;
		fi_task.fail_nth = 0;
		fi_task.gen = ukmem_boot_generation;
	}
	if (unlikely(fi_task.fork_gen != fork_gen)) {
		fi_task.fail_nth = 0;
		fi_task.fork_gen = fork_gen;
	}
	return &fi_task;
}

/* ---- users and the "can anything fire" words ---------------------------- */

#define FI_MAX_USERS 4

static struct {
	struct fault_attr *attr;
	int *active;
} fi_users[FI_MAX_USERS];
static int fi_nr_users;
static bool fi_armed; /* the boot has finished */
static bool fi_nth_used; /* some thread armed fail-nth in this boot */

static void fi_update_active(void)
{
	for (int i = 0; i < fi_nr_users; i++) {
		bool on = fi_armed && (READ_ONCE(fi_users[i].attr->probability) || fi_nth_used);

		__atomic_store_n(fi_users[i].active, on ? 1 : 0, __ATOMIC_RELAXED);
	}
	ukmem_slab_hooks_update();
}

/* ---- randomness: one splitmix64 stream per boot --------------------------- */

static u64 fi_random_state;

static u32 fi_random_below(u32 ceil)
{
	u64 z = __atomic_add_fetch(&fi_random_state, 0x9e3779b97f4a7c15ULL, __ATOMIC_RELAXED);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (u32)(((u64)(u32)z * ceil) >> 32);
}

/* ---- the decision ------------------------------------------------------- */

static void fail_dump(struct fault_attr *attr)
{
	if (READ_ONCE(attr->verbose) > 0 && __ratelimit(&attr->ratelimit_state)) {
		printk(KERN_NOTICE "FAULT_INJECTION: forcing a failure.\n"
				   "name %s, interval %lu, probability %lu, space %d, times %d\n",
		       attr->dname, READ_ONCE(attr->interval), READ_ONCE(attr->probability),
		       atomic_read(&attr->space), atomic_read(&attr->times));
		if (READ_ONCE(attr->verbose) > 1)
			dump_stack();
	}
}

/**
 * should_fail_ex - decide whether this call fails
 * @attr: the fault attribute
 * @size: what the call would consume of @attr's space (bytes, pages)
 * @flags: FAULT_NOWARN to fail without the notice
 *
 * The caller has already applied its own filters.  See the file comment
 * for the order of the tests.
 *
 * Return: true when the call must fail.
 */
bool should_fail_ex(struct fault_attr *attr, ssize_t size, int flags)
{
	struct fi_task *t = fi_current();

	if (in_task() && t->fail_nth) {
		if (--t->fail_nth)
			return false;
		goto fail;
	}
	if (READ_ONCE(attr->probability) == 0)
		return false;
	if (READ_ONCE(attr->task_filter) && !(in_task() && t->make_it_fail))
		return false;
	if (atomic_read(&attr->times) == 0)
		return false;
	if (atomic_read(&attr->space) > size) {
		atomic_sub((int)size, &attr->space);
		return false;
	}
	if (READ_ONCE(attr->interval) > 1) {
		unsigned long c = __atomic_add_fetch(&attr->count, 1, __ATOMIC_RELAXED);

		if (c % READ_ONCE(attr->interval))
			return false;
	}
	if (READ_ONCE(attr->probability) <= fi_random_below(100))
		return false;
fail:
	if (!(flags & FAULT_NOWARN))
		fail_dump(attr);
	if (atomic_read(&attr->times) != -1)
		atomic_add_unless(&attr->times, -1, 0);
	return true;
}

/**
 * should_fail - should_fail_ex() with the notice
 * @attr: the fault attribute
 * @size: what the call would consume of @attr's space
 *
 * Return: true when the call must fail.
 */
bool should_fail(struct fault_attr *attr, ssize_t size)
{
	return should_fail_ex(attr, size, 0);
}

/* ---- the boot syntax ------------------------------------------------------ */

/*
 * One sscanf() conversion of the kernel's: leading white space skipped, an
 * optional '-' when @is_signed, at least one decimal digit; digits wrap as
 * the kernel's simple_strtoull does not check overflow either.
 */
static bool fi_scan_number(const char **sp, bool is_signed, unsigned long long *val)
{
	const char *s = skip_spaces(*sp);
	bool neg = false;
	unsigned long long v = 0;

	if (is_signed && *s == '-') {
		neg = true;
		s++;
	}
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long long)(*s++ - '0');
	*val = neg ? 0 - v : v;
	*sp = s;
	return true;
}

/**
 * setup_fault_attr - apply a "<interval>,<probability>,<space>,<times>" boot value
 * @attr: the attribute
 * @str: the value (after "failslab=" or "fail_page_alloc=")
 *
 * As sscanf("%lu,%lu,%d,%d"): anything after the fourth number is ignored.
 * A value with fewer than four numbers prints "FAULT_INJECTION: failed to
 * parse arguments" and changes nothing.
 *
 * Return: 1 when applied, 0 when not (a __setup handler's convention).
 */
int setup_fault_attr(struct fault_attr *attr, char *str)
{
	unsigned long long v[4];
	const char *s = str ? str : "";
	int i;

	for (i = 0; i < 4; i++) {
		if (i && *s++ != ',')
			break;
		if (!fi_scan_number(&s, i >= 2, &v[i]))
			break;
	}
	if (i < 4) {
		printk(KERN_WARNING "FAULT_INJECTION: failed to parse arguments\n");
		return 0;
	}
	attr->probability = (unsigned long)v[1];
	attr->interval = (unsigned long)v[0];
	atomic_set(&attr->times, (int)v[3]);
	atomic_set(&attr->space, (int)v[2]);
	return 1;
}

/* ---- knob files ------------------------------------------------------------ */

enum fi_type {
	FT_UL, /* unsigned long */
	FT_ATOMIC, /* atomic_t, signed */
	FT_U32, /* 32 bits (u32 or int) */
	FT_BOOL,
	FT_FAIL_NTH, /* the calling thread's fail-nth */
	FT_MAKE_IT_FAIL, /* the calling thread's make-it-fail */
};

struct fi_file {
	enum fi_type type;
	void *ptr;
};

#define FI_MAX_FILES 40
static struct fi_file fi_files[FI_MAX_FILES];
static int fi_nr_files;

static int fi_show(struct seq_file *m)
{
	const struct fi_file *f = m->private;

	switch (f->type) {
	case FT_UL:
		seq_printf(m, "%llu\n", (unsigned long long)READ_ONCE(*(unsigned long *)f->ptr));
		break;
	case FT_ATOMIC:
		seq_printf(m, "%lld\n", (long long)atomic_read((atomic_t *)f->ptr));
		break;
	case FT_U32:
		seq_printf(m, "%llu\n", (unsigned long long)READ_ONCE(*(u32 *)f->ptr));
		break;
	case FT_BOOL:
		seq_puts(m, READ_ONCE(*(bool *)f->ptr) ? "Y\n" : "N\n");
		break;
	case FT_FAIL_NTH:
		seq_printf(m, "%u\n", fi_current()->fail_nth);
		break;
	case FT_MAKE_IT_FAIL:
		seq_printf(m, "%i\n", fi_current()->make_it_fail);
		break;
	}
	return 0;
}

/* Copy at most @max bytes of the write, NUL-terminated, as copy_from_user would. */
static void fi_copy(char *dst, size_t max, const char *buf, size_t len)
{
	size_t n = min(len, max);

	memcpy(dst, buf, n);
	dst[n] = '\0';
}

/* strstrip(): white space off both ends. */
static char *fi_strstrip(char *s)
{
	size_t n;

	s = skip_spaces(s);
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
		     s[n - 1] == '\v' || s[n - 1] == '\f'))
		s[--n] = '\0';
	return s;
}

static ssize_t fi_write(struct fi_file *f, const char *buf, size_t len)
{
	char tmp[40];
	unsigned long long u;
	long long s;
	unsigned int n;
	int ret = 0, i;
	bool b;

	switch (f->type) {
	case FT_UL:
	case FT_U32:
		fi_copy(tmp, 23, buf, len); /* simple_attr's set_buf */
		ret = kstrtoull(tmp, 0, &u);
		if (ret)
			return ret;
		if (f->type == FT_UL)
			WRITE_ONCE(*(unsigned long *)f->ptr, (unsigned long)u);
		else
			WRITE_ONCE(*(u32 *)f->ptr, (u32)u);
		break;
	case FT_ATOMIC:
		fi_copy(tmp, 23, buf, len);
		ret = kstrtoll(tmp, 0, &s);
		if (ret)
			return ret;
		atomic_set((atomic_t *)f->ptr, (int)s);
		break;
	case FT_BOOL:
		fi_copy(tmp, 3, buf, len); /* kstrtobool_from_user's buffer */
		if (kstrtobool(tmp, &b))
			return -EINVAL;
		WRITE_ONCE(*(bool *)f->ptr, b);
		break;
	case FT_FAIL_NTH:
		fi_copy(tmp, 34, buf, len); /* kstrtouint_from_user's buffer */
		ret = kstrtouint(tmp, 0, &n);
		if (ret)
			return ret;
		fi_current()->fail_nth = n;
		if (n)
			fi_nth_used = true;
		break;
	case FT_MAKE_IT_FAIL:
		fi_copy(tmp, 12, buf, len); /* PROC_NUMBUF - 1 */
		ret = kstrtoint(fi_strstrip(tmp), 0, &i);
		if (ret)
			return ret;
		if (i < 0 || i > 1)
			return -EINVAL;
		fi_current()->make_it_fail = i;
		break;
	}
	fi_update_active();
	return (ssize_t)len;
}

/*
 * The view table hands a write only the text, so each file slot has its
 * own small entry point.
 */
#define FI_W(a, b)                                                  \
	static ssize_t fi_write_##a##b(const char *buf, size_t len) \
	{                                                           \
		return fi_write(&fi_files[(a)*8 + (b)], buf, len);  \
	}
#define FI_W8(a) \
	FI_W(a, 0) FI_W(a, 1) FI_W(a, 2) FI_W(a, 3) FI_W(a, 4) FI_W(a, 5) FI_W(a, 6) FI_W(a, 7)
// clang-format off
FI_W8(0) FI_W8(1) FI_W8(2) FI_W8(3) FI_W8(4)
#define FI_R8(a) fi_write_##a##0, fi_write_##a##1, fi_write_##a##2, fi_write_##a##3, \
	fi_write_##a##4, fi_write_##a##5, fi_write_##a##6, fi_write_##a##7
static const ukmem_proc_write_t fi_writers[FI_MAX_FILES] = {
	FI_R8(0), FI_R8(1), FI_R8(2), FI_R8(3), FI_R8(4),
};
// clang-format on

static int fi_create_file(const char *path, enum fi_type type, void *ptr)
{
	struct fi_file *f;
	int ret;

	if (fi_nr_files >= FI_MAX_FILES)
		return -ENOSPC;
	f = &fi_files[fi_nr_files];
	f->type = type;
	f->ptr = ptr;
	ret = ukmem_proc_register_data(path, fi_show, fi_writers[fi_nr_files], f);
	if (!ret)
		fi_nr_files++;
	return ret;
}

/**
 * ukmem_fault_create_file - add one knob to a fault attribute's directory
 * @dir: the directory's name under /sys/kernel/debug ("failslab")
 * @name: the file's name ("ignore-gfp-wait")
 * @value: a bool (@is_bool) or a u32 the file reads and writes
 * @is_bool: the debugfs_create_bool() format, else debugfs_create_u32()'s
 *
 * Return: 0 or a negative errno.
 */
int ukmem_fault_create_file(const char *dir, const char *name, void *value, bool is_bool)
{
	char path[UKMEM_PROC_PATH_MAX];

	if (ukmem_snprintf(path, sizeof(path), "/sys/kernel/debug/%s/%s", dir, name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	return fi_create_file(path, is_bool ? FT_BOOL : FT_U32, value);
}

/**
 * ukmem_fault_create_debugfs_attr - 6.12's fault_create_debugfs_attr()
 * @name: the directory under /sys/kernel/debug, also the notice's "name"
 * @attr: the attribute
 * @active: the user's "can anything fire" word, kept up to date from now on
 *
 * Registers probability, interval, times, space, verbose,
 * verbose_ratelimit_interval_ms, verbose_ratelimit_burst and task-filter.
 *
 * Return: 0 or a negative errno.
 */
int ukmem_fault_create_debugfs_attr(const char *name, struct fault_attr *attr, int *active)
{
	static const struct {
		const char *name;
		enum fi_type type;
		size_t off;
	} knobs[] = {
		{"probability", FT_UL, offsetof(struct fault_attr, probability)},
		{"interval", FT_UL, offsetof(struct fault_attr, interval)},
		{"times", FT_ATOMIC, offsetof(struct fault_attr, times)},
		{"space", FT_ATOMIC, offsetof(struct fault_attr, space)},
		{"verbose", FT_UL, offsetof(struct fault_attr, verbose)},
		{"verbose_ratelimit_interval_ms", FT_U32,
		 offsetof(struct fault_attr, ratelimit_state.interval)},
		{"verbose_ratelimit_burst", FT_U32,
		 offsetof(struct fault_attr, ratelimit_state.burst)},
		{"task-filter", FT_BOOL, offsetof(struct fault_attr, task_filter)},
	};
	char path[UKMEM_PROC_PATH_MAX];
	int ret;

	if (fi_nr_users >= FI_MAX_USERS)
		return -ENOSPC;
	for (size_t i = 0; i < ARRAY_SIZE(knobs); i++) {
		if (ukmem_snprintf(path, sizeof(path), "/sys/kernel/debug/%s/%s", name,
				   knobs[i].name) >= (int)sizeof(path))
			return -ENAMETOOLONG;
		ret = fi_create_file(path, knobs[i].type, (char *)attr + knobs[i].off);
		if (ret)
			return ret;
	}
	if (strscpy(attr->dname, name, sizeof(attr->dname)) == -E2BIG)
		pr_warn("FAULT_INJECTION: name '%s' truncated to '%s'\n", name, attr->dname);
	fi_users[fi_nr_users].attr = attr;
	fi_users[fi_nr_users].active = active;
	fi_nr_users++;
	fi_update_active();
	return 0;
}

/* ---- boot -------------------------------------------------------------------- */

/**
 * ukmem_fault_core_reset - forget the previous boot's files and users
 *
 * Called first thing at each boot, before the boot parameters are applied.
 */
void ukmem_fault_core_reset(void)
{
	fi_armed = false;
	fi_nth_used = false;
	fi_update_active();
	memset(fi_files, 0, sizeof(fi_files));
	fi_nr_files = 0;
	memset(fi_users, 0, sizeof(fi_users));
	fi_nr_users = 0;
	fi_random_state = ukmem_kp.seed ^ 0x6661756c74696e6aULL; /* "faultinj" */
}

/**
 * ukmem_fault_core_arm - the boot has finished: injection may fire
 *
 * Registers the per-thread files, /proc/{thread-self,self}/fail-nth and
 * make-it-fail, then lets the users' words follow their knobs.
 */
void ukmem_fault_core_arm(void)
{
	static const char *const dirs[] = {"/proc/thread-self/", "/proc/self/"};
	char path[UKMEM_PROC_PATH_MAX];

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		ukmem_snprintf(path, sizeof(path), "%sfail-nth", dirs[i]);
		fi_create_file(path, FT_FAIL_NTH, NULL);
		ukmem_snprintf(path, sizeof(path), "%smake-it-fail", dirs[i]);
		fi_create_file(path, FT_MAKE_IT_FAIL, NULL);
	}
	fi_armed = true;
	fi_update_active();
}

/**
 * ukmem_fault_core_disarm - shutdown: nothing fails any more
 */
void ukmem_fault_core_disarm(void)
{
	fi_armed = false;
	fi_update_active();
}
