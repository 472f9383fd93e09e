// SPDX-License-Identifier: GPL-2.0
/*
 * platform/stop_threads.c - what kmemleak needs from the host: the threads
 * that use ukmem, stopped for a scan, and the writable segments of the
 * loaded objects.
 *
 * What it owns.  A table of the threads that recorded themselves
 * (plat_thread_register, called by mm/kmemleak.c when a thread first uses
 * the allocator with kmemleak on): for each, its pthread, its stack bounds
 * (pthread_getattr_np), the thread-local blocks of every object that has
 * one (dl_iterate_phdr's dlpi_tls_data, read by the thread itself, since
 * it is the calling thread's block), and what its stop handler saved: the
 * interrupted registers (the ucontext's mcontext) and the stack pointer.
 * A pthread key's destructor removes the record when the thread exits.
 * The table is static storage: nothing here allocates from the machine or
 * with malloc, and nothing the stopped threads may hold (malloc's locks,
 * the loader's lock, ukmem's locks) is taken while they are stopped.
 *
 * Stopping.  plat_stop_threads() takes the table lock, publishes a new
 * stop generation and sends each recorded thread SIGRTMIN+6.  The handler
 * (async-signal-safe: atomics, nanosleep) saves the registers and its own
 * frame address, which lies below the kernel's signal frame and so below
 * everything the interrupted code had on its stack, acknowledges the
 * generation and polls until the generation is withdrawn.  A thread that
 * blocked the signal when it was recorded is never signalled; one that
 * does not acknowledge within five seconds (it blocked the signal later)
 * is reported as missed.  Of both, only the thread-local blocks are
 * scanned.  A late signal finds no generation, or a newer one, and
 * returns at once.  Resuming withdraws the generation and waits until
 * every handler has left.
 *
 * Lock order: the table lock is taken after any ukmem lock (kmemleak holds
 * its own lock around a stop) and is the innermost; it is held from stop
 * to resume, so no thread records itself or exits meanwhile.
 *
 * fork(): the child keeps only the record of the thread that forked.
 *
 * Not Linux: the kernel scans every task's stack without stopping it.
 * Threads that never called ukmem are unknown here and never scanned;
 * thread-local blocks of objects dlopen()ed after a thread recorded itself
 * are missed (docs/DEBUGGING.md, "kmemleak").
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

#include "plat.h"

#define MAX_THREADS 256
#define MAX_TLS 16
#define STOP_TIMEOUT_NS 5000000000ULL

/*
 * One recorded thread.  Invariants: used == (this slot is in the table);
 * stack_lo < stack_hi; while stopped, stack_lo <= sp < stack_hi unless
 * the handler ran on an alternate stack (then sp == 0).
 */
struct thread_slot {
	bool used;
	pthread_t thread;
	uintptr_t stack_lo, stack_hi;
	struct plat_range tls[MAX_TLS];
	int nr_tls;
	/* written by the thread's stop handler */
	mcontext_t regs;
	uintptr_t sp;
	unsigned long ack_gen;
	/* it blocks the stop signal: never signalled */
	bool unstoppable;
	/* written by the stopping thread */
	bool stopped;
};

static struct thread_slot slots[MAX_THREADS];
static int nr_slots_used;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;
static int stop_signal;
static __thread struct thread_slot *self_slot __attribute__((tls_model("initial-exec")));
/* the stop in progress (0: none) and how many handlers are running */
static unsigned long stop_state;
static unsigned long stop_gen;
static int nr_in_handler;

static void stop_handler(int sig, siginfo_t *si, void *ctx)
{
	int saved_errno = errno;
	unsigned long g = __atomic_load_n(&stop_state, __ATOMIC_ACQUIRE);
	struct thread_slot *s = self_slot;

	(void)sig;
	(void)si;
	if (!g || !s)
		return;
	__atomic_add_fetch(&nr_in_handler, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&stop_state, __ATOMIC_SEQ_CST) == g) {
		uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

		s->regs = ((ucontext_t *)ctx)->uc_mcontext;
		s->sp = (sp >= s->stack_lo && sp < s->stack_hi) ? sp : 0;
		__atomic_store_n(&s->ack_gen, g, __ATOMIC_RELEASE);
		while (__atomic_load_n(&stop_state, __ATOMIC_ACQUIRE) == g) {
			struct timespec ts = {0, 20000};

			nanosleep(&ts, NULL);
		}
	}
	__atomic_sub_fetch(&nr_in_handler, 1, __ATOMIC_RELEASE);
	errno = saved_errno;
}

static void thread_exit(void *arg)
{
	struct thread_slot *s = arg;

	pthread_mutex_lock(&table_lock);
	self_slot = NULL;
	if (s->used) {
		s->used = false;
		nr_slots_used--;
	}
	pthread_mutex_unlock(&table_lock);
}

static void atfork_child(void)
{
	pthread_mutex_init(&table_lock, NULL);
	for (int i = 0; i < MAX_THREADS; i++) {
		if (slots[i].used && &slots[i] != self_slot) {
			slots[i].used = false;
			nr_slots_used--;
		}
	}
	if (self_slot)
		self_slot->thread = pthread_self();
	stop_state = 0;
	nr_in_handler = 0;
}

static void setup(void)
{
	struct sigaction sa;

	stop_signal = SIGRTMIN + 6;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = stop_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	sigaction(stop_signal, &sa, NULL);
	pthread_key_create(&exit_key, thread_exit);
	pthread_atfork(NULL, NULL, atfork_child);
}

struct tls_walk {
	struct thread_slot *slot;
	uintptr_t self;
};

static bool object_contains(const struct dl_phdr_info *info, uintptr_t addr)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && addr >= start && addr < start + ph->p_memsz)
			return true;
	}
	return false;
}

static int tls_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct tls_walk *w = arg;

	(void)size;
	if (!info->dlpi_tls_data || object_contains(info, w->self))
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = (uintptr_t)info->dlpi_tls_data;

		if (ph->p_type != PT_TLS || w->slot->nr_tls >= MAX_TLS)
			continue;
		w->slot->tls[w->slot->nr_tls].start = start;
		w->slot->tls[w->slot->nr_tls].end = start + ph->p_memsz;
		w->slot->nr_tls++;
	}
	return 0;
}

/**
 * plat_thread_register - record the calling thread for kmemleak's scans
 *
 * Return: true when the thread is recorded (now or before).
 */
bool plat_thread_register(void)
{
	struct thread_slot *s = NULL;
	pthread_attr_t attr;
	sigset_t blocked;
	void *addr;
	size_t size;

	if (self_slot)
		return true;
	pthread_once(&setup_once, setup);
	if (pthread_sigmask(SIG_BLOCK, NULL, &blocked))
		sigemptyset(&blocked);
	if (pthread_getattr_np(pthread_self(), &attr))
		return false;
	if (pthread_attr_getstack(&attr, &addr, &size)) {
		pthread_attr_destroy(&attr);
		return false;
	}
	pthread_attr_destroy(&attr);

	pthread_mutex_lock(&table_lock);
	for (int i = 0; i < MAX_THREADS; i++) {
		if (!slots[i].used) {
			s = &slots[i];
			break;
		}
	}
	if (s) {
		memset(s, 0, sizeof(*s));
		s->used = true;
		s->thread = pthread_self();
		s->stack_lo = (uintptr_t)addr;
		s->stack_hi = (uintptr_t)addr + size;
		s->unstoppable = sigismember(&blocked, stop_signal) == 1;
		nr_slots_used++;
	}
	pthread_mutex_unlock(&table_lock);
	if (!s)
		return false;
	{
		struct tls_walk w = {s, (uintptr_t)(void *)plat_thread_register};

		dl_iterate_phdr(tls_cb, &w);
	}
	pthread_setspecific(exit_key, s);
	self_slot = s;
	return true;
}

int plat_nr_registered_threads(void)
{
	return __atomic_load_n(&nr_slots_used, __ATOMIC_RELAXED);
}

struct seg_walk {
	uintptr_t self;
	struct plat_range *out;
	int max, n;
};

static int seg_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct seg_walk *w = arg;

	(void)size;
	if (object_contains(info, w->self))
		return 0;
	for (int i = 0; i < info->dlpi_phnum && w->n < w->max; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || !ph->p_memsz)
			continue;
		w->out[w->n].start = start;
		w->out[w->n].end = start + ph->p_memsz;
		w->n++;
	}
	return 0;
}

/**
 * plat_data_segments - the writable segments of every object but one
 * @self: an address inside the object to leave out (libukmem)
 * @out: where to put the ranges
 * @max: room in @out
 *
 * Return: the number of ranges stored.
 */
int plat_data_segments(const void *self, struct plat_range *out, int max)
{
	struct seg_walk w = {(uintptr_t)self, out, max, 0};

	dl_iterate_phdr(seg_cb, &w);
	return w.n;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/**
 * plat_stop_threads - stop every recorded thread but the caller
 * @missed: set to the number that did not stop
 *
 * Return: the number of threads stopped.
 */
int plat_stop_threads(unsigned int *missed)
{
	pthread_t me = pthread_self();
	unsigned int waiting;
	unsigned long g;
	uint64_t deadline;
	int stopped = 0;

	pthread_once(&setup_once, setup);
	pthread_mutex_lock(&table_lock);
	g = ++stop_gen;
	if (!g)
		g = ++stop_gen;
	__atomic_store_n(&stop_state, g, __ATOMIC_SEQ_CST);
	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread_slot *s = &slots[i];

		s->stopped = false;
		if (!s->used || pthread_equal(s->thread, me))
			continue;
		if (!s->unstoppable)
			pthread_kill(s->thread, stop_signal);
	}
	deadline = now_ns() + STOP_TIMEOUT_NS;
	for (;;) {
		waiting = 0;
		for (int i = 0; i < MAX_THREADS; i++) {
			struct thread_slot *s = &slots[i];

			if (!s->used || s->unstoppable || pthread_equal(s->thread, me))
				continue;
			if (__atomic_load_n(&s->ack_gen, __ATOMIC_ACQUIRE) == g) {
				s->stopped = true;
			} else {
				s->stopped = false;
				waiting++;
			}
		}
		if (!waiting || now_ns() >= deadline)
			break;
		nanosleep(&(struct timespec){0, 50000}, NULL);
	}
	for (int i = 0; i < MAX_THREADS; i++)
		stopped += slots[i].used && slots[i].stopped;
	/* a thread that blocks the signal is known not to stop: not "missed" */
	*missed = waiting;
	return stopped;
}

/**
 * plat_for_each_thread_range - the memory of the stopped threads
 * @stacks: include stacks and registers (else thread-local storage only)
 * @self_sp: where the caller's own stack is searched from
 * @fn: called for each range
 * @arg: passed to @fn
 */
void plat_for_each_thread_range(bool stacks, uintptr_t self_sp,
				void (*fn)(const struct plat_range *r, void *arg), void *arg)
{
	pthread_t me = pthread_self();

	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread_slot *s = &slots[i];
		struct plat_range r;

		if (!s->used)
			continue;
		for (int t = 0; t < s->nr_tls; t++)
			fn(&s->tls[t], arg);
		if (!stacks)
			continue;
		if (pthread_equal(s->thread, me)) {
			if (self_sp >= s->stack_lo && self_sp < s->stack_hi) {
				r.start = self_sp;
				r.end = s->stack_hi;
				fn(&r, arg);
			}
			continue;
		}
		if (!s->stopped)
			continue;
		r.start = (uintptr_t)&s->regs;
		r.end = (uintptr_t)(&s->regs + 1);
		fn(&r, arg);
		if (s->sp) {
			r.start = s->sp;
			r.end = s->stack_hi;
			fn(&r, arg);
		}
	}
}

/** plat_resume_threads - let the threads plat_stop_threads() stopped go on */
void plat_resume_threads(void)
{
	uint64_t deadline;

	__atomic_store_n(&stop_state, 0, __ATOMIC_SEQ_CST);
	deadline = now_ns() + STOP_TIMEOUT_NS;
	while (__atomic_load_n(&nr_in_handler, __ATOMIC_ACQUIRE) > 0 && now_ns() < deadline) {
		struct timespec ts = {0, 20000};

		nanosleep(&ts, NULL);
	}
	pthread_mutex_unlock(&table_lock);
}

/**
 * plat_thread_start - run @fn(@arg) on a new host thread
 * @fn: the thread's function
 * @arg: its argument
 * @handle: where the thread's handle goes
 *
 * Return: 0 or -errno.
 */
int plat_thread_start(void *(*fn)(void *), void *arg, unsigned long *handle)
{
	pthread_t t;
	int ret = pthread_create(&t, NULL, fn, arg);

	if (ret)
		return -ret;
	*handle = (unsigned long)t;
	return 0;
}

void plat_thread_join(unsigned long handle)
{
	pthread_join((pthread_t)handle, NULL);
}
