/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/sched.h - the task that is running: current->comm, current->pid.
 *
 * Every host thread has its own task_struct (thread-local), made on its
 * first use: comm is the thread's name (pthread_getname_np), pid the
 * process id, as the model asks ("insmod" while `ukmem run` loads
 * a module: the loader sets comm with set_task_comm()).  After fork() the
 * child's task sees the child's pid.
 */
#ifndef UKMEM_LINUX_SCHED_H
#define UKMEM_LINUX_SCHED_H

#include <linux/types.h>
#include <linux/compiler.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TASK_COMM_LEN 16

/* current->flags */
#define PF_EXITING 0x00000004
#define PF_MEMALLOC 0x00000800
#define PF_KSWAPD 0x00020000
#define PF_MEMALLOC_NOFS 0x00040000
#define PF_MEMALLOC_NOIO 0x00080000
#define PF_KTHREAD 0x00200000
#define PF_MEMALLOC_PIN 0x10000000

struct task_struct {
	pid_t pid;
	pid_t tgid;
	unsigned int flags;
	int prio;
	char comm[TASK_COMM_LEN];
	/* ukmem: the fork generation this task's pid was read in */
	unsigned long __ukmem_fork_gen;
};

struct task_struct *get_current(void);
#define current get_current()

static inline pid_t task_pid_nr(struct task_struct *tsk)
{
	return tsk->pid;
}

static inline pid_t task_tgid_nr(struct task_struct *tsk)
{
	return tsk->tgid;
}

void __set_task_comm(struct task_struct *tsk, const char *from, bool exec);
#define set_task_comm(tsk, from) __set_task_comm(tsk, from, false)
char *__get_task_comm(char *to, size_t len, struct task_struct *tsk);
#define get_task_comm(buf, tsk) __get_task_comm(buf, sizeof(buf), tsk)

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_LINUX_SCHED_H */
