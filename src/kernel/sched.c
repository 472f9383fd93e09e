// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/sched.c - "current" and the modelled CPU of each host thread.
 *
 * What it owns: a task_struct per host thread (thread-local storage, made
 * on first use: comm = the thread's name, pid = the process id, as the
 * issue's model has it) and the binding of host threads to the machine's
 * modelled CPUs.
 *
 * CPU binding: the first call of ukmem_this_cpu() on a thread after a boot
 * takes the next CPU round-robin (an atomic counter modulo nr_cpus), and
 * the thread stays on it until the next boot; a boot bumps the binding
 * generation (ukmem_sched_boot_reset()), which makes every thread draw
 * again.  So the booting thread is CPU 0, the next thread to allocate
 * CPU 1, and so on.  The fast path is a thread-local compare.
 *
 * fork(): the child's tasks would still carry the parent's pid, so a fork
 * handler bumps a fork generation and get_current() re-reads the pid when
 * its task's generation is stale.  The thread name (comm) is kept.
 *
 * Locking: none; the counters are atomics.  A boot must not race with
 * allocations on other threads (documented in ukmem.h), so the pair
 * (nr_cpus, generation) is published with release/acquire only.
 *
 * Differences from Linux: no scheduler, no migration, no preemption; a
 * thread's pid is the process id (there is one "process" per host
 * process), and UID is always 0.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

/* First: glibc's <sys/cdefs.h> also defines __always_inline. */
#include <linux/compiler.h>

#include <pthread.h>
#include <string.h>

#include <linux/types.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/kmemleak.h>

#include "kernel/kinternal.h"
#include "platform/plat.h"

static _Thread_local struct task_struct task;
static _Thread_local bool task_named;
static unsigned long fork_generation = 1;

static int sched_nr_cpus = 1;
static unsigned int sched_next_cpu;
static unsigned long sched_generation = 1;
static _Thread_local int this_cpu;
static _Thread_local unsigned long this_cpu_generation;

static void sched_atfork_child(void)
{
	__atomic_add_fetch(&fork_generation, 1, __ATOMIC_RELAXED);
}

__attribute__((constructor)) static void sched_init(void)
{
	pthread_atfork(NULL, NULL, sched_atfork_child);
}

static noinline void task_refresh(unsigned long gen)
{
	if (!task_named) {
		plat_thread_name(task.comm, sizeof(task.comm));
		task_named = true;
	}
	task.pid = plat_getpid();
	task.tgid = task.pid;
	task.prio = 120;
	task.__ukmem_fork_gen = gen;
}

/**
 * get_current - the task_struct of the calling thread (the "current" macro)
 *
 * Return: the thread's task, valid for the thread's lifetime.
 */
struct task_struct *get_current(void)
{
	unsigned long gen = __atomic_load_n(&fork_generation, __ATOMIC_RELAXED);

	if (unlikely(task.__ukmem_fork_gen != gen))
		task_refresh(gen);
	return &task;
}

/**
 * __set_task_comm - rename a task (set_task_comm())
 * @tsk: the task
 * @from: the new name, truncated to TASK_COMM_LEN - 1 characters
 * @exec: unused (the kernel's exec flag)
 */
void __set_task_comm(struct task_struct *tsk, const char *from, bool exec)
{
	(void)exec;
	if (tsk == &task)
		task_named = true;
	strncpy(tsk->comm, from, sizeof(tsk->comm) - 1);
	tsk->comm[sizeof(tsk->comm) - 1] = '\0';
}

/**
 * __get_task_comm - copy a task's name (get_task_comm())
 * @to: the buffer
 * @len: its size
 * @tsk: the task
 *
 * Return: @to.
 */
char *__get_task_comm(char *to, size_t len, struct task_struct *tsk)
{
	if (len) {
		strncpy(to, tsk->comm, len - 1);
		to[len - 1] = '\0';
	}
	return to;
}

/**
 * ukmem_this_cpu - the modelled CPU the calling thread is bound to
 *
 * Return: 0 .. nr_cpus-1; binds the thread round-robin on its first call
 * after a boot.  Before the first boot every thread is CPU 0.
 */
int ukmem_this_cpu(void)
{
	unsigned long gen = __atomic_load_n(&sched_generation, __ATOMIC_ACQUIRE);
	unsigned int n;
	int nr;

	if (likely(this_cpu_generation == gen))
		return this_cpu;
	nr = __atomic_load_n(&sched_nr_cpus, __ATOMIC_RELAXED);
	n = __atomic_fetch_add(&sched_next_cpu, 1, __ATOMIC_RELAXED);
	this_cpu = nr > 1 ? (int)(n % (unsigned int)nr) : 0;
	this_cpu_generation = gen;
	ukmem_kmemleak_thread_seen(); /* a thread that uses ukmem: scanned by kmemleak */
	return this_cpu;
}

/**
 * ukmem_sched_boot_reset - start the CPU bindings of a new boot
 * @nr_cpus: the machine's CPUs; the calling (booting) thread becomes CPU 0
 */
void ukmem_sched_boot_reset(int nr_cpus)
{
	__atomic_store_n(&sched_nr_cpus, nr_cpus > 0 ? nr_cpus : 1, __ATOMIC_RELAXED);
	__atomic_store_n(&sched_next_cpu, 0, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sched_generation, 1, __ATOMIC_RELEASE);
	(void)ukmem_this_cpu();
}
