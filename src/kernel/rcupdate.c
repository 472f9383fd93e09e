// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/rcupdate.c - RCU for ukmem: the kernel's API (linux/rcupdate.h)
 * on top of Debian's liburcu, userspace RCU.  No grace-period machinery of
 * our own: liburcu's is well tested, ours would not be.
 *
 * Flavour: liburcu-bp ("bulletproof").  Its read side costs the same as
 * the membarrier flavour's when the host has membarrier(2) (a call into
 * liburcu and a compiler barrier; the heavy fence is on the grace-period
 * side); without membarrier both fall back to a full fence.  It is chosen
 * because it does what ukmem needs and the other flavours leave to the
 * caller: a thread is registered
 * on its first rcu_read_lock() (a thread-local check in liburcu's read
 * lock) and unregistered by a pthread key destructor when it exits, so a
 * host thread needs no set-up; and it is safe across fork(), pruning the
 * child's registry of the threads that did not survive (with the memb
 * flavour a thread caught inside a read-side section by fork() would
 * block every grace period of the child forever).
 *
 * call_rcu(): the kernel's struct rcu_head and liburcu's have the same
 * layout (a link pointer, then the function), checked below at compile
 * time, so the caller's rcu_head is handed to liburcu as it is and the
 * callback, cast to liburcu's callback type, is called with the caller's
 * pointer (liburcu is not built with sanitizers, so no -fsanitize=function
 * check sees the cast).  Callbacks run on
 * liburcu's call_rcu worker thread, in queueing order, not in softirq
 * context on the CPU that queued them (docs/DIVERGENCES.md).
 *
 * kfree_rcu(): liburcu overwrites both words of the rcu_head, so the
 * object's address cannot ride in its own head as in the kernel's
 * fallback path.  Instead each object joins a pending list with its head's
 * offset in the func word (the kernel's old encoding: an offset below
 * 4096 is not a function), and a few static batch descriptors each carry
 * one list through one liburcu grace period; when a batch's callback has
 * freed its objects it takes the next pending list.  Nothing is allocated,
 * so kfree_rcu() never fails and never waits for a grace period, as in the
 * kernel (it takes a short mutex).  Batches
 * run on the one worker in the order they were queued, so "freed" counts
 * whole batches in queueing order and kvfree_rcu_barrier() waits until it
 * reaches the count queued when it was called.  kfree_rcu_mightsleep()
 * (no rcu_head) waits for a grace period in the caller, then frees.
 *
 * Locking: krb_lock guards the pending list, the batch descriptors and the
 * counters; it is a leaf lock except that liburcu's call_rcu() is called
 * under it (which takes only liburcu's own read lock).  Objects are freed
 * with no lock held.
 *
 * Boot and shutdown: liburcu's state is process-wide and outlives
 * machines.  ukmem_rcu_shutdown() runs every pending callback and frees
 * every kfree_rcu() object before the machine's memory goes away.  The
 * fork hooks pause the worker, hold liburcu's and our locks across fork()
 * and restart the worker in the child, where queued callbacks then run
 * against the child's copy of the machine.
 *
 * ThreadSanitizer build: liburcu is not instrumented, so rcu_barrier() is
 * a callback of its own and a condition variable there (see it below).
 *
 * Differences from Linux: synchronize_rcu() inside a read-side critical
 * section warns once and then never returns, as a preemptible kernel
 * would hang (its lockdep splat is only with PROVE_RCU); an unbalanced
 * rcu_read_unlock() warns and is ignored instead of corrupting the
 * nesting count.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

/* First: glibc's <sys/cdefs.h> also defines __always_inline. */
#include <linux/compiler.h>

/*
 * liburcu's out-of-line read side, not its inline one (_LGPL_SOURCE): the
 * inline code would be compiled with ukmem's sanitizers, and liburcu-bp
 * places its cache-line-aligned reader records in its registry arena at a
 * smaller stride, which UBSan reports as misaligned on every access.
 */
#include <urcu/urcu-bp.h>
#include <pthread.h>

/*
 * Both libraries name their callback head "struct rcu_head".  Keep a name
 * for liburcu's, then let the kernel's be "struct ukmem_rcu_head" in this
 * file only (a struct tag is not part of any symbol), and drop liburcu's
 * pointer macros, which the kernel header defines its own way.
 */
typedef struct rcu_head urcu_head_t;
#define rcu_head ukmem_rcu_head
#undef rcu_dereference
#undef rcu_cmpxchg_pointer
#undef rcu_xchg_pointer
#undef rcu_set_pointer
#undef rcu_assign_pointer

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "kernel/kinternal.h"

/*
 * kvfree() comes with vmalloc's slab wiring; until it is linked in, every
 * kfree_rcu() object is a kmalloc one and goes to kfree().
 */
#pragma weak kvfree

_Static_assert(sizeof(struct rcu_head) == sizeof(urcu_head_t), "rcu_head size");
_Static_assert(_Alignof(struct rcu_head) == _Alignof(urcu_head_t), "rcu_head alignment");
_Static_assert(offsetof(struct rcu_head, func) == offsetof(urcu_head_t, func), "rcu_head layout");

/* ---- readers ---------------------------------------------------------- */

/**
 * rcu_read_lock - enter an RCU read-side critical section
 *
 * Nests.  Objects reached through rcu_dereference() stay valid until the
 * matching rcu_read_unlock().  The calling thread is registered with
 * liburcu on its first call.
 */
void rcu_read_lock(void)
{
	urcu_bp_read_lock();
}

/**
 * rcu_read_unlock - leave an RCU read-side critical section
 */
void rcu_read_unlock(void)
{
	/* An unmatched unlock would flip liburcu's grace-period phase bit. */
	if (WARN_ON_ONCE(!urcu_bp_read_ongoing()))
		return;
	urcu_bp_read_unlock();
}

/**
 * rcu_read_lock_held - is the calling thread inside rcu_read_lock()?
 *
 * Return: nonzero inside a read-side critical section.
 */
int rcu_read_lock_held(void)
{
	return urcu_bp_read_ongoing() != 0;
}

/* ---- grace periods and callbacks -------------------------------------- */

/**
 * synchronize_rcu - wait until every read-side critical section that was
 * running when it was called has ended
 *
 * Sleeps; must not be called inside a read-side critical section.
 */
void synchronize_rcu(void)
{
	WARN_ONCE(
		urcu_bp_read_ongoing(),
		"synchronize_rcu() called inside an RCU read-side critical section: it never returns\n");
	urcu_bp_synchronize_rcu();
}

/**
 * call_rcu - run @func(@head) after a grace period
 * @head: the rcu_head inside the object, untouched by the caller until then
 * @func: the callback; it runs on liburcu's call_rcu thread
 *
 * Never sleeps.  Callbacks run in the order they were queued.
 */
void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	/*
	 * The layouts match (checked above); the function is called with
	 * the pointer it was given, through liburcu's type.  The detour via
	 * void (*)(void) tells the compiler the cast is meant.
	 */
	urcu_bp_call_rcu((urcu_head_t *)head, (void (*)(urcu_head_t *))(void (*)(void))func);
}

#ifdef UKMEM_TSAN
/*
 * ThreadSanitizer build: liburcu is not instrumented, so TSan sees neither
 * the hand-off inside urcu_bp_barrier() (a completion record calloc()ed by
 * the caller and freed by the worker: reported as a race) nor that the
 * callbacks ran before the barrier returned.  Here rcu_barrier() queues a
 * callback of its own and waits for it on a pthread condition variable,
 * which TSan follows.  The same guarantee: the one call_rcu worker runs
 * callbacks one at a time in queueing order, so when this one has run,
 * every callback queued before it has run.  (ukmem queues everything on
 * liburcu's default worker; it creates no per-thread or per-CPU ones.)
 */
struct tsan_rcu_barrier {
	urcu_head_t urcu;
	bool done; /* tsan_barrier_lock */
};

static pthread_mutex_t tsan_barrier_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tsan_barrier_cond = PTHREAD_COND_INITIALIZER;

static void tsan_rcu_barrier_done(urcu_head_t *urcu)
{
	struct tsan_rcu_barrier *b = container_of(urcu, struct tsan_rcu_barrier, urcu);

	pthread_mutex_lock(&tsan_barrier_lock);
	b->done = true;
	pthread_cond_broadcast(&tsan_barrier_cond);
	pthread_mutex_unlock(&tsan_barrier_lock);
}

static void tsan_rcu_barrier(void)
{
	struct tsan_rcu_barrier b;

	/* liburcu's own check: it reports and returns before any hand-off */
	if (urcu_bp_read_ongoing()) {
		urcu_bp_barrier();
		return;
	}
	/* under the lock: the worker's store to b.done follows it for TSan */
	pthread_mutex_lock(&tsan_barrier_lock);
	b.done = false;
	pthread_mutex_unlock(&tsan_barrier_lock);
	urcu_bp_call_rcu(&b.urcu, tsan_rcu_barrier_done);
	pthread_mutex_lock(&tsan_barrier_lock);
	while (!b.done)
		pthread_cond_wait(&tsan_barrier_cond, &tsan_barrier_lock);
	pthread_mutex_unlock(&tsan_barrier_lock);
}
#endif

/**
 * rcu_barrier - wait until every callback queued by call_rcu() so far has run
 *
 * Must not be called inside a read-side critical section (liburcu
 * reports that and returns at once) or from a callback (it would wait
 * for itself forever, liburcu's barrier as well).
 */
void rcu_barrier(void)
{
#ifdef UKMEM_TSAN
	tsan_rcu_barrier();
#else
	urcu_bp_barrier();
#endif
}

/* ---- kfree_rcu -------------------------------------------------------- */

#define KFREE_RCU_BATCHES 4

struct kfree_rcu_batch {
	urcu_head_t urcu; /* this batch's pass through liburcu */
	struct rcu_head *objs; /* its objects, linked by ->next */
	unsigned long nr;
	bool busy;
};

static pthread_mutex_t krb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t krb_done = PTHREAD_COND_INITIALIZER;
static struct kfree_rcu_batch krb[KFREE_RCU_BATCHES];
static struct rcu_head *krb_pending;
static unsigned long krb_nr_pending;
static unsigned long krb_queued, krb_freed; /* objects, ever */

static void kfree_rcu_free(void *ptr)
{
	if (kvfree)
		kvfree(ptr);
	else
		kfree(ptr);
}

static void kfree_rcu_batch_done(urcu_head_t *urcu);

/* Hand the pending objects to a free batch, if there is one. */
static void kfree_rcu_submit_locked(void)
{
	if (!krb_pending)
		return;
	for (int i = 0; i < KFREE_RCU_BATCHES; i++) {
		struct kfree_rcu_batch *b = &krb[i];

		if (b->busy)
			continue;
		b->objs = krb_pending;
		b->nr = krb_nr_pending;
		b->busy = true;
		krb_pending = NULL;
		krb_nr_pending = 0;
		urcu_bp_call_rcu(&b->urcu, kfree_rcu_batch_done);
		return;
	}
	/* All in flight: the first to finish takes the pending list. */
}

static void kfree_rcu_batch_done(urcu_head_t *urcu)
{
	struct kfree_rcu_batch *b = container_of(urcu, struct kfree_rcu_batch, urcu);
	struct rcu_head *head = b->objs, *next;
	unsigned long nr = b->nr;

	for (; head; head = next) {
		unsigned long offset = (unsigned long)(uintptr_t)(void (*)(void))head->func;

		next = head->next;
		kfree_rcu_free((char *)head - offset);
	}
	pthread_mutex_lock(&krb_lock);
	b->objs = NULL;
	b->nr = 0;
	b->busy = false;
	krb_freed += nr;
	kfree_rcu_submit_locked();
	pthread_cond_broadcast(&krb_done);
	pthread_mutex_unlock(&krb_lock);
}

/**
 * kvfree_call_rcu - kvfree an object after a grace period
 * @head: the rcu_head inside the object, or NULL
 * @ptr: the object
 *
 * With @head (kfree_rcu), never sleeps.  Without (kfree_rcu_mightsleep),
 * waits for a grace period in the caller, then frees.
 */
void kvfree_call_rcu(struct rcu_head *head, void *ptr)
{
	if (!head) {
		synchronize_rcu();
		kfree_rcu_free(ptr);
		return;
	}
	/* The offset in the function slot, as the kernel once encoded it. */
	head->func = (rcu_callback_t)(void (*)(void))(uintptr_t)((char *)head - (char *)ptr);
	pthread_mutex_lock(&krb_lock);
	head->next = krb_pending;
	krb_pending = head;
	krb_nr_pending++;
	krb_queued++;
	kfree_rcu_submit_locked();
	pthread_mutex_unlock(&krb_lock);
}

/**
 * kvfree_rcu_barrier - wait until every object queued by kfree_rcu() so far
 * has been freed
 *
 * Sleeps.  kmem_cache_destroy() calls it first, as in 6.12.
 */
void kvfree_rcu_barrier(void)
{
	unsigned long target;

	pthread_mutex_lock(&krb_lock);
	target = krb_queued;
	while ((long)(krb_freed - target) < 0)
		pthread_cond_wait(&krb_done, &krb_lock);
	pthread_mutex_unlock(&krb_lock);
}

/* ---- boot, shutdown, fork --------------------------------------------- */

/**
 * ukmem_rcu_boot - get RCU ready for a machine
 *
 * Starts liburcu's call_rcu worker now rather than at the first
 * call_rcu(), so that its thread exists before any test counts threads.
 */
void ukmem_rcu_boot(void)
{
	(void)urcu_bp_get_default_call_rcu_data();
}

/**
 * ukmem_rcu_shutdown - run every pending RCU callback and kfree_rcu()
 *
 * Called before the machine's memory goes away.  A callback may queue
 * kfree_rcu() work, so the callbacks run first and again at the end.
 */
void ukmem_rcu_shutdown(void)
{
	rcu_barrier();
	kvfree_rcu_barrier();
	rcu_barrier();
}

/*
 * Around fork(): the worker is paused first (a callback may be freeing
 * into the machine, whose locks the allocator's prepare hook takes next),
 * then our lock and liburcu's grace-period and registry locks are held.
 */
void ukmem_rcu_fork_prepare(void)
{
	urcu_bp_call_rcu_before_fork();
	pthread_mutex_lock(&krb_lock);
#ifdef UKMEM_TSAN
	pthread_mutex_lock(&tsan_barrier_lock);
#endif
	urcu_bp_before_fork();
}

void ukmem_rcu_fork_parent(void)
{
	urcu_bp_after_fork_parent();
#ifdef UKMEM_TSAN
	pthread_mutex_unlock(&tsan_barrier_lock);
#endif
	pthread_mutex_unlock(&krb_lock);
	urcu_bp_call_rcu_after_fork_parent();
}

/*
 * The child has only the forking thread: liburcu forgets the others and
 * starts a new worker, which inherits every queued callback.
 */
void ukmem_rcu_fork_child(void)
{
	urcu_bp_after_fork_child();
#ifdef UKMEM_TSAN
	pthread_mutex_unlock(&tsan_barrier_lock);
	pthread_cond_init(&tsan_barrier_cond, NULL);
#endif
	pthread_mutex_unlock(&krb_lock);
	pthread_cond_init(&krb_done, NULL);
	urcu_bp_call_rcu_after_fork_child();
}
