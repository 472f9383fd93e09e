// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/boot.c - booting and shutting down a ukmem machine (the part of
 * init/main.c that matters here), and ukmem_check().
 *
 * Boot order, as start_kernel() prints it: the banner and "Command line",
 * the physical memory map, zones and nodes (setup_arch), "Kernel command
 * line" and the unknown parameters, "Built N zonelists", "mem auto-init",
 * "Memory: ...".  A failed boot undoes everything it did: no mapping, no
 * file descriptor is left.
 *
 * Locking: boot and shutdown run under the platform's once lock, which
 * also guards the implicit boot of the first allocator call, so two
 * threads cannot boot twice.  Calls racing with ukmem_shutdown() are
 * undefined (docs/ARCHITECTURE.md).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/kfence.h>
#include <linux/kmemleak.h>
#include <ukmem/ukmem.h>
#include <kernel/kinternal.h>
#include <kernel/proc.h>
#include <ukmem/module.h>
#include <platform/plat.h>
#include <mm/internal.h>
#include <mm/vmalloc_internal.h>
#include <mm/page_debug.h>
#include <mm/kasan.h>

bool ukmem_booted;
unsigned long ukmem_boot_generation;
u64 ukmem_boot_ns;

static unsigned long last_leaked, last_held_back, last_leaked_objects;

unsigned long ukmem_report_leaks(unsigned long *held_back);

/*
 * fork(): the child must not inherit a lock held by another thread, so the
 * prepare hook takes the boot lock and every allocator lock (pcp, then
 * zone: the allocator's order); both sides release them after.  The
 * platform layer copies physical memory between these hooks.
 */
static void fork_prepare(void)
{
	struct zone *zone;

	/* a thread may sit in kmap(): highmem's locks come before everything */
	ukmem_highmem_fork_prepare();
	/* RCU's worker may be inside kfree(): pause it before any allocator lock */
	ukmem_rcu_fork_prepare();
	plat_once_lock();
	if (!ukmem_booted)
		return;
	ukmem_slab_fork_prepare();
	ukmem_vmalloc_fork_prepare();
	for_each_populated_zone(zone) {
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			spin_lock(&zone->per_cpu_pageset[cpu].lock);
		spin_lock(&zone->lock);
	}
	ukmem_debug_pagealloc_fork_prepare();
	ukmem_kasan_fork_prepare();
	ukmem_kmemleak_fork_prepare();
	/* a hook's switch holds it inside kmemleak_lock: after that one */
	ukmem_slab_hooks_fork_prepare();
}

static void fork_unlock_allocator(void)
{
	struct zone *zone;

	if (!ukmem_booted)
		return;
	ukmem_slab_hooks_fork_release();
	ukmem_debug_pagealloc_fork_release();
	ukmem_kasan_fork_release();
	ukmem_kmemleak_fork_release();
	for_each_populated_zone(zone) {
		spin_unlock(&zone->lock);
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			spin_unlock(&zone->per_cpu_pageset[cpu].lock);
	}
	ukmem_slab_fork_release();
}

static void fork_parent(void)
{
	if (ukmem_booted)
		ukmem_vmalloc_fork_parent();
	fork_unlock_allocator();
	plat_once_unlock();
	ukmem_rcu_fork_parent();
	ukmem_highmem_fork_parent();
}

/* The platform gives the child a fresh (unlocked) once lock. */
static void fork_child(void)
{
	if (ukmem_booted)
		ukmem_vmalloc_fork_child();
	fork_unlock_allocator();
	ukmem_rcu_fork_child();
	ukmem_highmem_fork_child();
}

static void apply_sysctl_arg(const char *key, const char *val)
{
	ukmem_proc_sysctl_arg(key, val);
}

static int __ukmem_boot(const char *cmdline)
{
	int ret;

	if (ukmem_booted)
		return -EBUSY;
	if (!cmdline)
		cmdline = plat_getenv("UKMEM_CMDLINE");
	ukmem_boot_generation++;
	ukmem_boot_ns = plat_clock_ns();
	printk_boot_reset();
	taint_boot_reset();
	ret = ukmem_parse_cmdline(cmdline);
	if (ret)
		return ret;
	printk_set_console_loglevel(ukmem_kp.console_loglevel);
	ukmem_vsprintf_boot(ukmem_kp.seed, ukmem_kp.no_hash_pointers);
	ukmem_sched_boot_reset(ukmem_kp.nr_cpus);
	pr_notice("Linux version %s (ukmem) %s\n", UKMEM_UTS_RELEASE, UKMEM_UTS_VERSION);
	pr_info("Command line: %s\n", ukmem_saved_command_line());
	ukmem_report_early_params();
	/* an early parameter: its banner follows the command line */
	if (ukmem_kp.no_hash_pointers)
		ukmem_print_no_hash_pointers_notice();
	ret = ukmem_mm_init();
	if (ret) {
		pr_err("ukmem: the host refused memory for the machine\n");
		return ret;
	}
	ukmem_kasan_init();
	ukmem_print_cmdline();
	/* the vmalloc space and the pkmap/kmap_local areas: reserved, nothing allocated */
	ret = ukmem_vmalloc_init();
	if (!ret)
		ret = ukmem_highmem_init();
	if (ret) {
		ukmem_vmalloc_exit();
		ukmem_kasan_exit();
		ukmem_mm_exit();
		return ret;
	}
	ukmem_mm_report();
	ukmem_proc_mm_init();
	ukmem_rcu_boot();
	/* sysctl.* boot parameters are applied last, as do_sysctl_args() does */
	ukmem_cmdline_for_each("sysctl", apply_sysctl_arg);
	plat_atfork(fork_prepare, fork_parent, fork_child);
	/* faults on the machine become oopses, if asked (never by default) */
	if (ukmem_kp.oops_handler)
		ukmem_oops_handler_install();
	__atomic_store_n(&ukmem_booted, true, __ATOMIC_RELEASE);
	/*
	 * The slab layer allocates its first slabs from the running page
	 * allocator, so it comes up once the machine counts as booted:
	 * kmem_cache_init, the kmalloc caches, /proc/slabinfo.
	 */
	ukmem_slab_init();
	kmemleak_init(); /* tracks from here on when kmemleak=on */
	/* KFENCE's pool, when kfence.sample_interval asks for sampling */
	ukmem_kfence_init();
	/* late_initcall: the fault-injection knobs, and injection may start */
	ukmem_fault_inject_boot();
	return 0;
}

/**
 * ukmem_boot - boot a machine described by a kernel command line
 * @cmdline: the command line; NULL means the defaults plus $UKMEM_CMDLINE
 *
 * Return: 0, -EINVAL (bad machine parameter), -EBUSY (already booted) or
 * -ENOMEM.
 */
int ukmem_boot(const char *cmdline)
{
	int ret;

	plat_once_lock();
	ret = __ukmem_boot(cmdline);
	plat_once_unlock();
	return ret;
}

/* The first allocator call of a process with no machine boots the default one. */
int ukmem_boot_default(void)
{
	int ret = 0;

	plat_once_lock();
	if (!ukmem_booted)
		ret = __ukmem_boot(NULL);
	plat_once_unlock();
	return ret;
}

bool ukmem_is_booted(void)
{
	return __atomic_load_n(&ukmem_booted, __ATOMIC_ACQUIRE);
}

/**
 * ukmem_shutdown - report what callers still hold, then release everything
 */
void ukmem_shutdown(void)
{
	plat_once_lock();
	if (!ukmem_booted) {
		plat_once_unlock();
		return;
	}
	/* nothing the shutdown does may be made to fail */
	ukmem_fault_inject_shutdown();
	/* the scanning thread stops before anything goes away */
	ukmem_kmemleak_exit();
	/* callbacks queued by modules run while their code is still loaded */
	rcu_barrier();
	/* a program that forgot to unload still gets its modules' exit run */
	ukmem_module_unload_all();
	/* every call_rcu()/kfree_rcu() has run before memory goes away */
	ukmem_rcu_shutdown();
	/* the ranges go away: their faults are no longer the machine's */
	ukmem_oops_handler_remove();
	/* vmalloc areas callers still hold are reported; their pages stay held */
	ukmem_vmalloc_exit();
	/* slab objects callers still hold are reported; slab pages go back */
	ukmem_slab_exit();
	last_leaked_objects = ukmem_slab_leaked_objects();
	drain_all_pages(NULL);
	last_leaked = ukmem_report_leaks(&last_held_back);
	if (last_leaked)
		pr_warn("ukmem: shutdown: %lu pages still held by callers\n", last_leaked);
	if (last_held_back)
		pr_warn("ukmem: shutdown: %lu pages held back by bad page reports\n",
			last_held_back);
	__atomic_store_n(&ukmem_booted, false, __ATOMIC_RELEASE);
	ukmem_proc_reset();
	ukmem_highmem_exit();
	ukmem_kasan_exit();
	ukmem_mm_exit();
	plat_once_unlock();
}

unsigned long ukmem_shutdown_leaked(void)
{
	return last_leaked;
}

unsigned long ukmem_shutdown_leaked_objects(void)
{
	return last_leaked_objects;
}

unsigned long ukmem_shutdown_held_back(void)
{
	return last_held_back;
}

/**
 * ukmem_check - walk every invariant; return the number of errors found
 */
int ukmem_check(void)
{
	int errors;

	if (!ukmem_is_booted())
		return 0;
	kasan_quarantine_drain(NULL);
	errors = ukmem_mm_check();
	errors += ukmem_slab_check();
	errors += ukmem_vmalloc_check();
	errors += ukmem_highmem_check();
	errors += ukmem_page_debug_check();
	errors += ukmem_kmemleak_check();
	if (errors)
		pr_err("ukmem_check: %d error(s) found\n", errors);
	return errors;
}
