// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/traps.c - the page-fault oops: what ukmem prints when a program
 * touches a guard page, a freed vmalloc area, unmapped vmalloc space, a
 * free kmap slot, or anything else of ukmem's machine that is not mapped
 * (ukmem.oops_handler=1).
 *
 * What it owns: the callback of plat_fault_handler_install().  boot.c
 * installs it at boot when the parameter asks (never by default: a library
 * must not take a program's signals unasked) and removes it at shutdown.
 *
 * The fault: mm/fault.c says whether the address is the machine's.  If not,
 * the callback says so and the platform hands the signal to the handler
 * that was there before (a debugger's, ASan's, libFuzzer's, or the default
 * action).  If it is, the callback prints 6.12's x86 page-fault oops, as
 * the reference samples oops-vmalloc-guard.txt and oops-vfree.txt show it:
 *
 *   BUG: unable to handle page fault for address: <address>
 *   #PF: supervisor write|read access in kernel mode
 *   #PF: error_code(0x0002) - not-present page | permissions violation
 *   PGD .. P4D .. PUD .. PMD .. PTE ..
 *   Oops: Oops: 0002 [#N] PREEMPT SMP NOPTI
 *   CPU line, Tainted line, Hardware name
 *   RIP: 0010:func+0xoff/0xsize, Code: (<> marks the faulting byte),
 *   RSP/EFLAGS, RAX .. R15 (from the signal's ucontext)
 *   Call Trace from the faulting function's caller
 *   Modules linked in:, CR2: <address>, end trace, RIP..R15 again
 *   ukmem: The buggy address belongs to ...   (ukmem's own line)
 *
 * then taints D and returns "claimed": the platform puts the previous
 * handlers back and returns, the instruction faults again, and the process
 * dies of the original signal (where the kernel would kill the task), with
 * a core dump or ASan's report if those are set up.  Under oops=panic the
 * panic block for "Fatal exception" follows and the process aborts.
 * ukmem.bug=warn cannot apply: there is no way past a faulting access.
 *
 * Signal safety: the handler runs on the alternate stack the platform set
 * up for the booting thread (others use their own stack).  It takes no
 * lock it would wait for: the lookups try their locks and say "busy", the
 * module list likewise, and symbols come from tables loaded at install.
 * The text is formatted with lib/vsprintf.c into a static buffer, with
 * printk's "[%5lu.%06lu] " prefix on every line, and written to stderr
 * with one write(2) loop; it does not go through printk (whose lock the
 * faulting thread may hold) and so is not sent to a console hook.  The
 * same lines then go into the dmesg ring if printk's lock is free at that
 * moment (ukmem_printk_store_nowait()), as the kernel's dmesg holds them.  A second thread that faults while one is printing
 * waits for the first, whose return ends the process.  The call trace
 * comes from plat_backtrace() (libgcc's unwinder, loaded at process start),
 * which follows the signal frame into the faulting code.
 *
 * Differs from Linux 6.12: there are no page tables, so the PGD line
 * shows each upper level as a present table at physical address 0 ("67")
 * and the PTE as 0 or as the physical page the host maps there; the
 * registers are the host's user-mode ones, printed with the kernel's
 * segment selectors (0010, 0018); FS/GS/CS/CR0/CR3/CR4 lines and "note:
 * comm[pid] exited with irqs disabled" are left out; every model prints
 * the x86_64 format (i386 and arm would differ).  docs/DIVERGENCES.md.
 */

/* First: glibc's <sys/cdefs.h> also defines __always_inline. */
#include <linux/compiler.h>

#include <stdarg.h>
#include <string.h>

#include <linux/types.h>
#include <linux/kern_levels.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <asm/ptrace.h>
#include <linux/kfence.h>
#include <linux/sprintf.h>

#include "kernel/kinternal.h"
#include "mm/vmalloc_internal.h"
#include "platform/plat.h"

#define OOPS_BUF_SIZE (64u << 10)
#define OOPS_FRAMES 64

/* x86's page-fault error code bits */
#define X86_PF_PROT 0x1
#define X86_PF_WRITE 0x2
#define X86_PF_USER 0x4
#define X86_PF_INSTR 0x10

/* x86_64's PAGE_KERNEL pte bits: present, rw, accessed, dirty, global, NX */
#define PTE_KERNEL 0x8000000000000163ULL
#define PTE_KERNEL_RO 0x8000000000000161ULL
#define PAGE_TABLE_ENTRY 0x67UL /* _PAGE_TABLE of a table at physical 0 */

static char oops_buf[OOPS_BUF_SIZE];
static size_t oops_len;
/* each line's timestamp and text in oops_buf, for the log ring */
#define OOPS_MAX_LINES 256
static struct {
	u64 ts;
	size_t off, len;
} oops_lines[OOPS_MAX_LINES];
static int oops_nr_lines;
static int oops_owner; /* tid of the thread printing, 0 when none */

/* One console line, with printk's timestamp prefix. */
static __printf(1, 2) void oops_line(const char *fmt, ...)
{
	u64 now = plat_clock_ns();
	u64 ts = ukmem_boot_ns && now >= ukmem_boot_ns ? now - ukmem_boot_ns : 0;
	va_list args;

	if (oops_len >= OOPS_BUF_SIZE - 2)
		return;
	oops_len += (size_t)scnprintf(oops_buf + oops_len, OOPS_BUF_SIZE - oops_len,
				      "[%5lu.%06lu] ", (unsigned long)(ts / 1000000000ULL),
				      (unsigned long)((ts % 1000000000ULL) / 1000ULL));
	if (oops_nr_lines < OOPS_MAX_LINES) {
		oops_lines[oops_nr_lines].ts = ts;
		oops_lines[oops_nr_lines].off = oops_len;
	}
	va_start(args, fmt);
	oops_len += (size_t)vscnprintf(oops_buf + oops_len, OOPS_BUF_SIZE - oops_len, fmt, args);
	va_end(args);
	if (oops_nr_lines < OOPS_MAX_LINES) {
		oops_lines[oops_nr_lines].len = oops_len - oops_lines[oops_nr_lines].off;
		oops_nr_lines++;
	}
	if (oops_len < OOPS_BUF_SIZE - 1 && (!oops_len || oops_buf[oops_len - 1] != '\n'))
		oops_buf[oops_len++] = '\n';
}

/* The console first (stderr, whatever happens next), then the log ring if it is free. */
static void oops_flush(void)
{
	plat_console_write(oops_buf, oops_len);
	for (int i = 0; i < oops_nr_lines; i++)
		if (!ukmem_printk_store_nowait(4, oops_lines[i].ts, oops_buf + oops_lines[i].off,
					       oops_lines[i].len))
			break;
	oops_len = 0;
	oops_nr_lines = 0;
}

/* dump_stack_print_info()'s lines, built here because printk is off limits. */
static void oops_cpu_info(void)
{
	static const char version[] = UKMEM_UTS_VERSION;
	const char *distro = strstr(version, "PREEMPT_DYNAMIC ");
	struct task_struct *tsk = current;

	distro = distro ? distro + strlen("PREEMPT_DYNAMIC ") : "";
	oops_line("CPU: %d UID: %u PID: %d Comm: %.20s %s %s %.*s %s%s", raw_smp_processor_id(), 0u,
		  tsk->pid, tsk->comm, print_tainted(), UKMEM_UTS_RELEASE,
		  (int)strcspn(version, " "), version, *distro ? " " : "", distro);
	if (get_taint())
		oops_line("%s", print_tainted_verbose());
	oops_line("Hardware name: %s", UKMEM_HARDWARE_NAME);
}

/* "RIP:", "Code:" and the register lines (6.12's __show_regs, short form). */
static void oops_regs(const struct plat_fault *f)
{
	unsigned char code[64];
	unsigned long prologue = f->ip - 42;
	char hex[64 * 3 + 8];
	size_t got, n = 0;

	if (!f->have_regs)
		return;
	oops_line("RIP: 0010:%pS", (void *)f->ip);
	got = plat_read_nofault(code, (const void *)prologue, sizeof(code));
	if (got < sizeof(code)) {
		oops_line("Code: Unable to access opcode bytes at 0x%lx.", prologue);
	} else {
		for (size_t i = 0; i < sizeof(code); i++)
			n += (size_t)scnprintf(hex + n, sizeof(hex) - n,
					       i == 42 ? "%s<%02x>" : "%s%02x", i ? " " : "",
					       code[i]);
		oops_line("Code: %s", hex);
	}
	oops_line("RSP: 0018:%016lx EFLAGS: %08lx", f->sp, f->flags);
	oops_line("RAX: %016lx RBX: %016lx RCX: %016lx", f->regs[0], f->regs[1], f->regs[2]);
	oops_line("RDX: %016lx RSI: %016lx RDI: %016lx", f->regs[3], f->regs[4], f->regs[5]);
	oops_line("RBP: %016lx R08: %016lx R09: %016lx", f->regs[6], f->regs[7], f->regs[8]);
	oops_line("R10: %016lx R11: %016lx R12: %016lx", f->regs[9], f->regs[10], f->regs[11]);
	oops_line("R13: %016lx R14: %016lx R15: %016lx", f->regs[12], f->regs[13], f->regs[14]);
}

/* The trace from the faulting function's caller, as the kernel's starts. */
static void oops_trace(const struct plat_fault *f)
{
	void *frames[OOPS_FRAMES];
	int n = plat_backtrace(frames, OOPS_FRAMES, 0);
	int first = n;

	for (int i = 0; i < n; i++) {
		if ((unsigned long)frames[i] == f->ip) {
			first = i + 1;
			break;
		}
	}
	oops_line("Call Trace:");
	oops_line(" <TASK>");
	for (int i = first; i < n; i++)
		oops_line(" %pB", frames[i]);
	oops_line(" </TASK>");
}

/* "PGD .. P4D .. PUD .. PMD .. PTE ..": ukmem has no page-table pages. */
static void oops_pagetable(unsigned long addr)
{
	unsigned long long pte = 0;
	uint64_t off;
	bool writable;

	if (plat_mapping_lookup(addr, &off, &writable))
		pte = ((unsigned long long)(PHYS_OFFSET + (off & ~(uint64_t)(PAGE_SIZE - 1)))) |
		      (writable ? PTE_KERNEL : PTE_KERNEL_RO);
	oops_line("PGD %lx P4D %lx PUD %lx PMD %lx PTE %llx", PAGE_TABLE_ENTRY, PAGE_TABLE_ENTRY,
		  PAGE_TABLE_ENTRY, PAGE_TABLE_ENTRY, pte);
}

static bool cmdline_on(const char *key)
{
	const char *v = ukmem_cmdline_get(key);

	return v && (!*v || v[0] == '1' || v[0] == 'y' || v[0] == 'Y' ||
		     ((v[0] == 'o' || v[0] == 'O') && (v[1] == 'n' || v[1] == 'N')));
}

/* The callback: claim and report a fault on the machine, or pass it on. */
static bool ukmem_page_fault(struct plat_fault *f)
{
	static char what[512];
	static char modules[512];
	unsigned long err;
	int tid = plat_gettid(), none = 0;

	/* KFENCE's guard and freed pages: its own report, then the access goes on */
	if (is_kfence_address((void *)f->addr)) {
		struct pt_regs regs = {.ip = f->have_regs ? f->ip : 0, .sp = f->sp};
		bool write = f->have_error_code && (f->error_code & X86_PF_WRITE);

		if (kfence_handle_page_fault(f->addr, write, &regs)) {
			f->retry = true;
			return true;
		}
	}
	/* Another thread is printing its oops, after which the process ends. */
	while (!__atomic_compare_exchange_n(&oops_owner, &none, tid, false, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		none = 0;
		plat_sleep_ns(1000000);
	}
	if (!ukmem_booted || !ukmem_describe_fault(f->addr, what, sizeof(what))) {
		__atomic_store_n(&oops_owner, 0, __ATOMIC_RELEASE);
		return false;
	}

	/* As the kernel's, less the user bit: ukmem's accesses are "kernel mode". */
	err = f->have_error_code ? f->error_code & (X86_PF_PROT | X86_PF_WRITE | X86_PF_INSTR) : 0;
	console_verbose();
	oops_len = 0;
	oops_nr_lines = 0;
	/* %px: as wide as a pointer of the modelled machine */
	if (ukmem_kp.arch != UKMEM_ARCH_X86_64 && f->addr <= 0xffffffffUL)
		oops_line("BUG: unable to handle page fault for address: %08lx", f->addr);
	else
		oops_line("BUG: unable to handle page fault for address: %016lx", f->addr);
	oops_line("#PF: supervisor %s in kernel mode", (err & X86_PF_INSTR)   ? "instruction fetch"
						       : (err & X86_PF_WRITE) ? "write access"
									      : "read access");
	oops_line("#PF: error_code(0x%04lx) - %s", err,
		  (err & X86_PF_PROT) ? "permissions violation" : "not-present page");
	oops_pagetable(f->addr);
	oops_line("Oops: Oops: %04lx [#%d]%s%s%s%s", err, ukmem_oops_counter_next(), " PREEMPT",
		  " SMP", cmdline_on("debug_pagealloc") ? " DEBUG_PAGEALLOC" : "",
		  ukmem_kp.arch == UKMEM_ARCH_ARM ? "" : " NOPTI");
	oops_cpu_info();
	oops_regs(f);
	oops_trace(f);
	ukmem_format_modules(modules, sizeof(modules));
	oops_line("Modules linked in:%s", modules);
	oops_line("CR2: %016lx", f->addr);
	/* oops_end(): lock debugging was turned off silently at the start */
	add_taint(TAINT_DIE, LOCKDEP_STILL_OK);
	oops_line("---[ end trace %016llx ]---", 0ULL);
	oops_regs(f);
	oops_line("ukmem: %s", what);
	if (ukmem_kp.oops_panic) {
		oops_line("Kernel panic - not syncing: Fatal exception");
		if (ukmem_kp.arch != UKMEM_ARCH_ARM)
			oops_line("Kernel Offset: disabled");
		oops_line("---[ end Kernel panic - not syncing: Fatal exception ]---");
		oops_flush();
		plat_abort();
	}
	oops_flush();
	/* The owner stays set: the fault repeats and the process ends. */
	return true;
}

/**
 * ukmem_oops_handler_install - catch faults on the machine (ukmem.oops_handler=1)
 *
 * Called by the boot; a failure to install is logged and the boot goes on.
 */
void ukmem_oops_handler_install(void)
{
	int err;

	__atomic_store_n(&oops_owner, 0, __ATOMIC_RELAXED);
	err = plat_fault_handler_install(ukmem_page_fault);
	if (err)
		pr_warn("ukmem: oops handler not installed (%d)\n", err);
}

/**
 * ukmem_oops_handler_remove - give the signals back (shutdown)
 */
void ukmem_oops_handler_remove(void)
{
	plat_fault_handler_remove();
}
