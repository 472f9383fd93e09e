/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kinternal.h - what the kernel-side pieces of ukmem (printk, panic,
 * params, module, boot) share with each other and with mm/.
 *
 * Ownership: params.c owns struct ukmem_kparams and fills it at boot from
 * the command line; everything else only reads it.  A new boot bumps
 * ukmem_boot_generation, which resets every _ONCE site and rate limit
 * (they compare their own saved generation with it).
 */
#ifndef UKMEM_KINTERNAL_H
#define UKMEM_KINTERNAL_H

#include <linux/types.h>

/* Kernel version ukmem models, used in "CPU: ... Tainted: ..." lines. */
#define UKMEM_UTS_RELEASE "6.12.0-ukmem"
#define UKMEM_UTS_VERSION "#1 SMP PREEMPT_DYNAMIC ukmem"
#define UKMEM_HARDWARE_NAME "ukmem userspace machine"

enum ukmem_arch {
	UKMEM_ARCH_X86_64,
	UKMEM_ARCH_I386,
	UKMEM_ARCH_ARM
};

struct ukmem_kparams {
	/* machine */
	enum ukmem_arch arch;
	u64 mem_bytes; /* mem= */
	int nr_cpus; /* nr_cpus= */
	int nr_nodes; /* numa=fake= */
	u64 seed; /* ukmem.seed= */
	/* kernel */
	int console_loglevel; /* loglevel=, quiet */
	bool no_hash_pointers; /* no_hash_pointers (slub_debug implies it) */
	bool panic_on_warn; /* panic_on_warn=1 */
	bool oops_panic; /* oops=panic */
	bool bug_warn; /* ukmem.bug=warn: BUG refuses instead of ending the process */
	bool oops_handler; /* ukmem.oops_handler=1 */
	int init_on_alloc; /* init_on_alloc= (default 1) */
	int init_on_free; /* init_on_free= (default 0) */
};

extern struct ukmem_kparams ukmem_kp;
extern unsigned long ukmem_boot_generation; /* bumped by every boot */
extern u64 ukmem_boot_ns; /* plat_clock_ns() at boot */
extern bool ukmem_booted;

/* mm/slub.c: recompute whether the slab fast paths must give way to hooks */
void ukmem_slab_hooks_update(void);
void ukmem_slab_hooks_fork_prepare(void);
void ukmem_slab_hooks_fork_release(void);

/* params.c */
int ukmem_parse_cmdline(const char *cmdline); /* fills ukmem_kp; -EINVAL on a bad machine param */
const char *ukmem_saved_command_line(void);
void ukmem_report_early_params(void);
void ukmem_print_cmdline(void); /* "Kernel command line:" and the unknown words */
/* Look up a raw "key=value" of the command line; NULL if absent ("" for a bare key). */
const char *ukmem_cmdline_get(const char *key);
void ukmem_cmdline_for_each(const char *prefix, void (*fn)(const char *key, const char *val));
/* Run a __setup-style handler (1 = taken) on each "key=" occurrence; refused ones are unknown. */
void ukmem_cmdline_for_each_setup(const char *key, int (*setup)(char *val));

/* printk.c */
void printk_boot_reset(void); /* empties the ring, restarts timestamps, at boot */
void printk_set_console_loglevel(int level);

/* panic.c */
void taint_boot_reset(void);
/*
 * The oops of a BUG()/BUG_ON(): "kernel BUG at mm/x.c:N!", the Oops line,
 * modules, CPU line, call trace.  Returns only under ukmem.bug=warn (the
 * caller then refuses the operation); otherwise ends the process.
 */
void ukmem_bug(const char *file, int line);

/* sched.c: bind the calling thread to a modelled CPU (round-robin). */
int ukmem_this_cpu(void);
void ukmem_sched_boot_reset(int nr_cpus);

/* module.c */
void print_modules(void); /* "Modules linked in: a(OE) b(OE+)" */

/* ---- printk helper: lib/vsprintf.c, kernel/printk.c, kernel/panic.c ---- */
/* lib/vsprintf.c: %p hash key from ukmem.seed=, no_hash_pointers (printk_boot_reset calls it). */
void ukmem_vsprintf_boot(u64 seed, bool no_hash_pointers);
/* printk.c: the NOTICE banner the kernel prints when pointer hashing is off. */
void ukmem_print_no_hash_pointers_notice(void);
/* panic.c: "CPU: 0 UID: 0 PID: ... Comm: ... Tainted: ..." + "Tainted: [..]" + "Hardware name:". */
void dump_stack_print_info(const char *log_lvl);
/* panic.c: "---[ end trace 0000000000000000 ]---" */
void print_oops_end_marker(void);
/* ---- end printk helper ---- */

/* ---- kernel/rcupdate.c (RCU helper) ---- */
/* Boot: start the call_rcu worker.  Shutdown: every pending call_rcu()
 * callback and kfree_rcu() object has run/been freed when it returns. */
void ukmem_rcu_boot(void);
void ukmem_rcu_shutdown(void);
/* fork(): prepare before the allocator's locks are taken, parent and child
 * after they are released. */
void ukmem_rcu_fork_prepare(void);
void ukmem_rcu_fork_parent(void);
void ukmem_rcu_fork_child(void);
/* ---- end kernel/rcupdate.c ---- */

/* ---- slab helper: mm/slub.c ---- */
/* Boot the slab layer (kmem_cache_init, kmalloc caches, /proc/slabinfo);
 * idempotent per boot.  boot.c calls it after ukmem_proc_mm_init(). */
void ukmem_slab_init(void);
/* Shutdown: report slab objects callers hold, give every slab page back. */
void ukmem_slab_exit(void);
/* Validate every cache; the number of errors (ukmem_check adds it). */
int ukmem_slab_check(void);
/* Slab objects callers still held at the last ukmem_slab_exit(). */
unsigned long ukmem_slab_leaked_objects(void);
/* fork(): every slab lock, taken after the boot lock and before the page
 * allocator's; released in parent and child. */
void ukmem_slab_fork_prepare(void);
void ukmem_slab_fork_release(void);
/* ---- end slab helper ---- */

/* ---- highmem helper: mm/highmem.c ---- */
struct page;
/* Reserve the pkmap window and the kmap_local area (32-bit models; nothing
 * on x86_64); idempotent per boot, and run by the first kmap of a boot if
 * boot did not.  Exit gives both back; call it before mm is torn down. */
int ukmem_highmem_init(void);
void ukmem_highmem_exit(void);
/* page_address() of a highmem page: its pkmap address while kmapped, else NULL. */
void *ukmem_highmem_page_address(const struct page *page);
/* Cross-check pkmap counts, slots and the page_address table; errors found. */
int ukmem_highmem_check(void);
/* fork(): prepare first of all the hooks (before RCU's), parent and child last. */
void ukmem_highmem_fork_prepare(void);
void ukmem_highmem_fork_parent(void);
void ukmem_highmem_fork_child(void);
/* ---- end highmem helper ---- */

/* ---- oops handler [vmoops]: kernel/traps.c, with helpers in panic.c and module.c ---- */
/* Install/remove the SIGSEGV/SIGBUS oops handler (ukmem.oops_handler=1); boot.c calls them. */
void ukmem_oops_handler_install(void);
void ukmem_oops_handler_remove(void);
/* panic.c: the next oops's [#N]. */
int ukmem_oops_counter_next(void);
/* module.c: " a(OE) b(OE+)" for "Modules linked in:", never waiting; false if busy. */
bool ukmem_format_modules(char *buf, size_t size);
/* printk.c: a record into the log ring only, never waiting; false if not stored. */
bool ukmem_printk_store_nowait(int level, u64 ts_nsec, const char *text, size_t len);
/* ---- end oops handler ---- */
/* ---- kmemleak helper: mm/kmemleak.c ---- */
/* kmemleak_init() (linux/kmemleak.h) runs after ukmem_slab_init(); exit
 * stops the scanning thread and forgets every record, first thing at
 * shutdown; check validates the record tree (ukmem_check adds it). */
void ukmem_kmemleak_exit(void);
int ukmem_kmemleak_check(void);
/* fork(): kmemleak's lock, taken last of all (no allocator lock is ever
 * taken under it), released in parent and child first. */
void ukmem_kmemleak_fork_prepare(void);
void ukmem_kmemleak_fork_release(void);
/* ---- end kmemleak helper ---- */

#endif /* UKMEM_KINTERNAL_H */
