// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/panic.c - the failure vocabulary: taint, dump_stack(), WARN,
 * BUG and panic(), in the shape Linux 6.12 prints them on x86_64.
 *
 * What it owns: the taint mask and its two renderings (the one-column-per-
 * flag "Tainted: G    B      OE     " of the CPU line, and the verbose
 * "Tainted: [B]=BAD_PAGE, ..." line), the "CPU: ... Comm: ..." header with
 * "Hardware name:", the call trace, and the report blocks built from them:
 *
 *   dump_stack():  CPU line, [Tainted: line], Hardware name, Call Trace,
 *                  <TASK>, frames starting at dump_stack_lvl+off/size, </TASK>
 *   WARN:          cut here, [message], WARNING: CPU: n PID: n at file:line
 *                  func+off/size, Modules linked in, CPU block, trace from the
 *                  caller of the warning function, end trace; then taint W
 *   BUG:           cut here, kernel BUG at file:line!, Oops: invalid opcode,
 *                  CPU block, trace from the caller of the function that hit
 *                  BUG(), Modules linked in, end trace; taint D; then the
 *                  process ends (abort) unless ukmem.bug=warn
 *   panic():       Kernel panic - not syncing: msg, the stack, Kernel Offset,
 *                  end Kernel panic; then abort
 *
 * These are the blocks of the reference samples (bad-page.txt,
 * failure-warning.txt, slub-debug.txt, oops-vfree.txt) without the RIP,
 * Code and register lines: ukmem has no trapped register state to show
 * (docs/DIVERGENCES.md).  Because the kernel shows the faulting function in
 * the RIP line and starts the trace at its caller, the WARN and BUG traces
 * here also start at the caller of the function that contains the WARN or
 * BUG; the WARNING line still names that function.
 *
 * Frames come from plat_backtrace() (return addresses) and print with %pB,
 * i.e. " func+0xoff/0xsize [module]", or " 0x..." where no symbol covers the
 * address.  The kernel marks unreliable frames with "? "; an unwinder that
 * follows the CFI has none, so ukmem never prints one.
 *
 * Locking: report_lock, a recursive mutex, keeps one thread's report block
 * together (lock order: report_lock, then printk's lock).  The taint mask
 * is updated atomically.  A boot clears the taint, the oops counter and
 * the lock-debugging state (taint_boot_reset()).
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* recursive mutex initialisers */
#endif

/* First: glibc's <sys/cdefs.h> also defines __always_inline. */
#include <linux/compiler.h>

#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include <linux/types.h>
#include <linux/bug.h>
#include <linux/kern_levels.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/sprintf.h>

#include "kernel/kinternal.h"
#include "platform/plat.h"

#define MAX_TRACE_FRAMES 64

const struct taint_flag taint_flags[TAINT_FLAGS_COUNT] = {
	[TAINT_PROPRIETARY_MODULE] = {'P', 'G', true, "PROPRIETARY_MODULE"},
	[TAINT_FORCED_MODULE] = {'F', ' ', true, "FORCED_MODULE"},
	[TAINT_CPU_OUT_OF_SPEC] = {'S', ' ', false, "CPU_OUT_OF_SPEC"},
	[TAINT_FORCED_RMMOD] = {'R', ' ', false, "FORCED_RMMOD"},
	[TAINT_MACHINE_CHECK] = {'M', ' ', false, "MACHINE_CHECK"},
	[TAINT_BAD_PAGE] = {'B', ' ', false, "BAD_PAGE"},
	[TAINT_USER] = {'U', ' ', false, "USER"},
	[TAINT_DIE] = {'D', ' ', false, "DIE"},
	[TAINT_OVERRIDDEN_ACPI_TABLE] = {'A', ' ', false, "OVERRIDDEN_ACPI_TABLE"},
	[TAINT_WARN] = {'W', ' ', false, "WARN"},
	[TAINT_CRAP] = {'C', ' ', true, "CRAP"},
	[TAINT_FIRMWARE_WORKAROUND] = {'I', ' ', false, "FIRMWARE_WORKAROUND"},
	[TAINT_OOT_MODULE] = {'O', ' ', true, "OOT_MODULE"},
	[TAINT_UNSIGNED_MODULE] = {'E', ' ', true, "UNSIGNED_MODULE"},
	[TAINT_SOFTLOCKUP] = {'L', ' ', false, "SOFTLOCKUP"},
	[TAINT_LIVEPATCH] = {'K', ' ', true, "LIVEPATCH"},
	[TAINT_AUX] = {'X', ' ', true, "AUX"},
	[TAINT_RANDSTRUCT] = {'T', ' ', true, "RANDSTRUCT"},
	[TAINT_TEST] = {'N', ' ', true, "TEST"},
};

static unsigned long tainted_mask;
static int debug_locks = 1;
static int die_counter;
static int in_panic;

static pthread_mutex_t report_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

static void report_atfork_prepare(void)
{
	pthread_mutex_lock(&report_lock);
}

static void report_atfork_parent(void)
{
	pthread_mutex_unlock(&report_lock);
}

static void report_atfork_child(void)
{
	/* The child's thread is not the recorded owner: start the lock over. */
	static const pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

	memcpy(&report_lock, &fresh, sizeof(fresh));
}

__attribute__((constructor)) static void panic_init(void)
{
	pthread_atfork(report_atfork_prepare, report_atfork_parent, report_atfork_child);
}

static void report_begin(void)
{
	pthread_mutex_lock(&report_lock);
}

static void report_end(void)
{
	pthread_mutex_unlock(&report_lock);
}

/* ---- taint ---- */

/* Turns lock debugging off; true the first time (the kernel's __debug_locks_off). */
static bool debug_locks_off(void)
{
	return __atomic_exchange_n(&debug_locks, 0, __ATOMIC_RELAXED) != 0;
}

/**
 * add_taint - taint the machine
 * @flag: one of the TAINT_* flags
 * @lockdep_ok: LOCKDEP_NOW_UNRELIABLE when lock debugging can no longer be
 *              trusted (bad page, oops); the first such taint prints
 *              "Disabling lock debugging due to kernel taint"
 */
void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok)
{
	if (lockdep_ok == LOCKDEP_NOW_UNRELIABLE && debug_locks_off())
		pr_warn("Disabling lock debugging due to kernel taint\n");
	if (flag < TAINT_FLAGS_COUNT)
		__atomic_or_fetch(&tainted_mask, 1UL << flag, __ATOMIC_RELAXED);
}

/**
 * test_taint - whether a taint flag is set
 * @flag: one of the TAINT_* flags
 *
 * Return: nonzero if set.
 */
int test_taint(unsigned int flag)
{
	return flag < TAINT_FLAGS_COUNT &&
	       (__atomic_load_n(&tainted_mask, __ATOMIC_RELAXED) >> flag) & 1;
}

/**
 * get_taint - the taint mask, bit n for TAINT_* flag n
 *
 * Return: the mask.
 */
unsigned long get_taint(void)
{
	return __atomic_load_n(&tainted_mask, __ATOMIC_RELAXED);
}

static const char *format_tainted(char *buf, size_t size, bool verbose)
{
	unsigned long mask = get_taint();
	const char *sep = "";
	size_t pos;

	if (!mask) {
		scnprintf(buf, size, "Not tainted");
		return buf;
	}
	pos = (size_t)scnprintf(buf, size, "Tainted: ");
	for (int i = 0; i < TAINT_FLAGS_COUNT; i++) {
		const struct taint_flag *t = &taint_flags[i];
		bool is_set = (mask >> i) & 1;
		char c = is_set ? t->c_true : t->c_false;

		if (verbose) {
			if (is_set) {
				pos += (size_t)scnprintf(buf + pos, size - pos, "%s[%c]=%s", sep, c,
							 t->desc);
				sep = ", ";
			}
		} else if (pos + 1 < size) {
			buf[pos++] = c;
			buf[pos] = '\0';
		}
	}
	return buf;
}

/**
 * print_tainted - the taint field of the CPU line
 *
 * Return: "Not tainted", or "Tainted: " and one column per flag (its
 * letter when set, else a space; the first column shows P or G), in a
 * per-thread buffer.
 */
const char *print_tainted(void)
{
	static _Thread_local char buf[16 + TAINT_FLAGS_COUNT];

	return format_tainted(buf, sizeof(buf), false);
}

/**
 * print_tainted_verbose - the "Tainted: [B]=BAD_PAGE, ..." line
 *
 * Return: the text, in a per-thread buffer ("Not tainted" if clean).
 */
const char *print_tainted_verbose(void)
{
	static _Thread_local char buf[16 + TAINT_FLAGS_COUNT * 28];

	return format_tainted(buf, sizeof(buf), true);
}

/**
 * taint_boot_reset - a new boot starts untainted
 */
void taint_boot_reset(void)
{
	__atomic_store_n(&tainted_mask, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&debug_locks, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&die_counter, 0, __ATOMIC_RELAXED);
}

/* ---- the CPU block and the call trace ---- */

/**
 * dump_stack_print_info - the header of every stack dump
 * @log_lvl: KERN_* level of the lines
 *
 * "CPU: n UID: 0 PID: n Comm: name Tainted: ... release #1  ukmem", the
 * verbose taint line when tainted, and "Hardware name: ...".
 */
void dump_stack_print_info(const char *log_lvl)
{
	static const char version[] = UKMEM_UTS_VERSION;
	const char *distro = strstr(version, "PREEMPT_DYNAMIC ");
	struct task_struct *tsk = current;

	/*
	 * The kernel prints the version's first word ("#1"); Debian's adds
	 * its package version after it, as the reference samples show.
	 */
	distro = distro ? distro + strlen("PREEMPT_DYNAMIC ") : "";
	printk("%sCPU: %d UID: %u PID: %d Comm: %.20s %s %s %.*s %s%s\n", log_lvl,
	       raw_smp_processor_id(), 0u, tsk->pid, tsk->comm, print_tainted(), UKMEM_UTS_RELEASE,
	       (int)strcspn(version, " "), version, *distro ? " " : "", distro);
	if (get_taint())
		printk("%s%s\n", log_lvl, print_tainted_verbose());
	printk("%sHardware name: %s\n", log_lvl, UKMEM_HARDWARE_NAME);
}

static void show_trace(const char *log_lvl, void *const *frames, int n)
{
	printk("%sCall Trace:\n", log_lvl);
	printk("%s <TASK>\n", log_lvl);
	for (int i = 0; i < n; i++)
		printk("%s %pB\n", log_lvl, frames[i]);
	printk("%s </TASK>\n", log_lvl);
}

/* Index of the frame after the one that returns to @caller, or -1. */
static int frames_after(void *const *frames, int n, void *caller)
{
	for (int i = 0; i < n; i++)
		if (frames[i] == caller)
			return i + 1;
	return -1;
}

static bool frame_is(void *frame, const char *name)
{
	struct plat_symbol sym;

	return plat_symbolize((unsigned long)frame - 1, &sym) && sym.name &&
	       strcmp(sym.name, name) == 0;
}

/**
 * dump_stack_lvl - print the caller's stack with the CPU header
 * @log_lvl: KERN_* level of the lines
 *
 * The trace starts with dump_stack_lvl itself, as the kernel's does.
 */
noinline void dump_stack_lvl(const char *log_lvl)
{
	void *frames[MAX_TRACE_FRAMES];
	int n = plat_backtrace(frames, MAX_TRACE_FRAMES, 0);
	int start = 0;

	/* dump_stack() is a tail call in the kernel: it never shows. */
	if (n > 1 && frame_is(frames[1], "dump_stack")) {
		frames[1] = frames[0];
		start = 1;
	}
	report_begin();
	dump_stack_print_info(log_lvl);
	show_trace(log_lvl, frames + start, n - start);
	report_end();
}

/**
 * dump_stack - print the caller's stack at the default level
 */
void dump_stack(void)
{
	dump_stack_lvl(KERN_DEFAULT);
}

/**
 * print_oops_end_marker - "---[ end trace 0000000000000000 ]---"
 */
void print_oops_end_marker(void)
{
	pr_warn("---[ end trace %016llx ]---\n", 0ULL);
}

/* ---- WARN ---- */

/**
 * check_panic_on_warn - panic if panic_on_warn=1
 * @origin: who warned ("kernel")
 */
void check_panic_on_warn(const char *origin)
{
	if (ukmem_kp.panic_on_warn)
		panic("%s: panic_on_warn set ...\n", origin);
}

static void __warn(const char *file, int line, void *caller, unsigned int taint,
		   void *const *frames, int n)
{
	int first;

	if (file)
		pr_warn("WARNING: CPU: %d PID: %d at %s:%d %pS\n", raw_smp_processor_id(),
			current->pid, file, line, caller);
	else
		pr_warn("WARNING: CPU: %d PID: %d at %pS\n", raw_smp_processor_id(), current->pid,
			caller);
	print_modules();
	dump_stack_print_info(KERN_DEFAULT);
	first = frames_after(frames, n, caller);
	if (first < 0)
		first = 0;
	show_trace(KERN_DEFAULT, frames + first, n - first);
	check_panic_on_warn("kernel");
	print_oops_end_marker();
	/* Just a warning: lock debugging stays trustworthy. */
	add_taint(taint, LOCKDEP_STILL_OK);
}

/**
 * warn_slowpath_fmt - the WARNING block of WARN_ON() and friends
 * @file: source file of the WARN, as __FILE__ ("mm/page_alloc.c")
 * @line: its line
 * @taint: the taint to add (TAINT_WARN)
 * @fmt: the WARN() message, or NULL
 *
 * The site is this function's return address: the WARNING line names it
 * and the call trace starts at its caller.
 */
noinline void warn_slowpath_fmt(const char *file, const int line, unsigned int taint,
				const char *fmt, ...)
{
	void *caller = __builtin_return_address(0);
	void *frames[MAX_TRACE_FRAMES];
	int n = plat_backtrace(frames, MAX_TRACE_FRAMES, 0);
	va_list args;

	report_begin();
	pr_warn(CUT_HERE);
	if (fmt) {
		va_start(args, fmt);
		vprintk(fmt, args);
		va_end(args);
	}
	__warn(file, line, caller, taint, frames, n);
	report_end();
}

/**
 * __warn_printk - the "cut here" line and a WARN message
 * @fmt: the message
 */
void __warn_printk(const char *fmt, ...)
{
	va_list args;

	pr_warn(CUT_HERE);
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}

/* ---- BUG ---- */

static bool cmdline_flag_on(const char *key)
{
	const char *v = ukmem_cmdline_get(key);

	if (!v)
		return false;
	return !*v || v[0] == '1' || v[0] == 'y' || v[0] == 'Y' ||
	       ((v[0] == 'o' || v[0] == 'O') && (v[1] == 'n' || v[1] == 'N'));
}

/**
 * ukmem_bug - the oops of BUG() and BUG_ON()
 * @file: source file of the BUG, as __FILE__
 * @line: its line
 *
 * Prints the report, taints D, and ends the process with abort() (or
 * panics under oops=panic).  Under ukmem.bug=warn it returns after the
 * report, and the caller must refuse the operation.
 */
noinline void ukmem_bug(const char *file, int line)
{
	void *caller = __builtin_return_address(0);
	void *frames[MAX_TRACE_FRAMES];
	int n = plat_backtrace(frames, MAX_TRACE_FRAMES, 0);
	int first = frames_after(frames, n, caller);

	report_begin();
	/* oops_enter(): the console shows the oops whatever the loglevel. */
	console_verbose();
	debug_locks_off();

	printk(KERN_DEFAULT CUT_HERE);
	pr_crit("kernel BUG at %s:%d!\n", file, line);
	printk(KERN_DEFAULT "Oops: invalid opcode: 0000 [#%d]%s%s%s%s\n",
	       __atomic_add_fetch(&die_counter, 1, __ATOMIC_RELAXED), " PREEMPT", " SMP",
	       cmdline_flag_on("debug_pagealloc") ? " DEBUG_PAGEALLOC" : "",
	       ukmem_kp.arch == UKMEM_ARCH_ARM ? "" : " NOPTI");
	dump_stack_print_info(KERN_DEFAULT);
	if (first < 0)
		first = 0;
	show_trace(KERN_DEFAULT, frames + first, n - first);
	print_modules();
	add_taint(TAINT_DIE, LOCKDEP_NOW_UNRELIABLE);
	print_oops_end_marker();
	report_end();

	if (ukmem_kp.bug_warn)
		return;
	if (ukmem_kp.oops_panic)
		panic("Fatal exception");
	plat_abort();
}

/**
 * ukmem_oops_counter_next - number the next oops ("[#N]")
 *
 * For the page-fault oops of kernel/traps.c, which shares BUG's counter.
 *
 * Return: N.
 */
int ukmem_oops_counter_next(void)
{
	return __atomic_add_fetch(&die_counter, 1, __ATOMIC_RELAXED);
}

/* ---- panic ---- */

/**
 * panic - halt the machine: report and end the process
 * @fmt: the reason
 *
 * Prints "Kernel panic - not syncing: <reason>", the stack (unless an oops
 * already printed one), and the end marker, then aborts.
 */
void panic(const char *fmt, ...)
{
	static char buf[1024];
	va_list args;
	size_t len;

	/* A panic while panicking: the first one is reporting already. */
	if (__atomic_exchange_n(&in_panic, 1, __ATOMIC_ACQ_REL))
		plat_abort();

	report_begin();
	console_verbose();
	va_start(args, fmt);
	len = (size_t)vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	if (!test_taint(TAINT_DIE))
		dump_stack();
	if (ukmem_kp.arch != UKMEM_ARCH_ARM)
		pr_emerg("Kernel Offset: disabled\n");
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	report_end();
	plat_abort();
}
