// SPDX-License-Identifier: GPL-2.0
/*
 * test_rcu.c - RCU (linux/rcupdate.h on liburcu) with real grace periods
 * across host threads: a reader inside rcu_read_lock() holds up
 * synchronize_rcu() and call_rcu() callbacks; an object replaced with
 * rcu_assign_pointer() and poisoned after the grace period is never seen
 * poisoned by a reader; callbacks run in queueing order and rcu_barrier()
 * waits for all of them, from many threads; threads register and
 * unregister by themselves; kfree_rcu() frees kmalloc objects after a
 * grace period, never before (init_on_free zeroes them at the free).
 *
 * The "freed" objects of the pointer tests are host memory, poisoned
 * rather than returned, so that a reader that saw one too late is counted
 * instead of crashing; they are freed when the threads have joined.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <ukmem/ukmem.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "helpers/slab_test.h"
#include "kernel/kinternal.h"

static unsigned long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000 + (unsigned long)ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts))
		;
}

/* ---- a reader holds up the grace period --------------------------------- */

static atomic_int reader_in, reader_release, reader_done;

static void *holding_reader(void *arg)
{
	(void)arg;
	rcu_read_lock();
	atomic_store(&reader_in, 1);
	while (!atomic_load(&reader_release))
		sleep_ms(1);
	atomic_store(&reader_done, 1);
	rcu_read_unlock();
	return NULL;
}

static atomic_int gp_returned;

static void *synchronizer(void *arg)
{
	(void)arg;
	synchronize_rcu();
	atomic_store(&gp_returned, 1);
	return NULL;
}

Test(rcu, reader_delays_synchronize_rcu)
{
	pthread_t r, s;
	unsigned long t0;

	atomic_store(&reader_in, 0);
	atomic_store(&reader_release, 0);
	atomic_store(&reader_done, 0);
	atomic_store(&gp_returned, 0);
	cr_assert_eq(pthread_create(&r, NULL, holding_reader, NULL), 0);
	while (!atomic_load(&reader_in))
		sleep_ms(1);
	t0 = now_ms();
	cr_assert_eq(pthread_create(&s, NULL, synchronizer, NULL), 0);
	sleep_ms(150);
	cr_assert_eq(atomic_load(&gp_returned), 0,
		     "synchronize_rcu() returned while a reader was inside rcu_read_lock()");
	atomic_store(&reader_release, 1);
	pthread_join(s, NULL);
	cr_assert_eq(atomic_load(&reader_done), 1, "grace period ended before the reader left");
	cr_assert_geq(now_ms() - t0, 150);
	pthread_join(r, NULL);
	/* No reader: a grace period is short. */
	t0 = now_ms();
	synchronize_rcu();
	cr_assert_lt(now_ms() - t0, 1000);
}

/* A reader that began after synchronize_rcu() started does not hold it up. */
Test(rcu, later_reader_does_not_delay)
{
	rcu_read_lock();
	cr_assert(rcu_read_lock_held());
	rcu_read_unlock();
	cr_assert_not(rcu_read_lock_held());
	synchronize_rcu();
}

static atomic_int cb_ran;

static void mark_cb(struct rcu_head *head)
{
	(void)head;
	atomic_store(&cb_ran, 1);
}

Test(rcu, reader_delays_call_rcu)
{
	static struct rcu_head head;
	pthread_t r;

	atomic_store(&reader_in, 0);
	atomic_store(&reader_release, 0);
	atomic_store(&cb_ran, 0);
	cr_assert_eq(pthread_create(&r, NULL, holding_reader, NULL), 0);
	while (!atomic_load(&reader_in))
		sleep_ms(1);
	call_rcu(&head, mark_cb);
	sleep_ms(150);
	cr_assert_eq(atomic_load(&cb_ran), 0, "call_rcu() callback ran inside a grace period");
	atomic_store(&reader_release, 1);
	pthread_join(r, NULL);
	rcu_barrier();
	cr_assert_eq(atomic_load(&cb_ran), 1, "rcu_barrier() returned before the callback ran");
}

/* ---- nesting and rcu_read_lock_held --------------------------------------- */

Test(rcu, nesting_and_lock_held)
{
	cr_assert_not(rcu_read_lock_held());
	rcu_read_lock();
	rcu_read_lock_bh();
	rcu_read_lock_sched();
	cr_assert(rcu_read_lock_held());
	cr_assert(rcu_read_lock_bh_held());
	cr_assert(rcu_read_lock_any_held());
	rcu_read_unlock_sched();
	rcu_read_unlock_bh();
	cr_assert(rcu_read_lock_held(), "still inside the outer critical section");
	rcu_read_unlock();
	cr_assert_not(rcu_read_lock_held());
	synchronize_rcu(); /* would hang if the nesting count were off */
}

/* ---- pointer publication: a poisoned object is never seen -------------- */

struct obj {
	int a;
	int b; /* always a + 1 when published */
	atomic_int poisoned;
	struct rcu_head rcu;
	struct obj *retired; /* the writer's list of poisoned objects */
};

static struct obj *gp;
static atomic_int stop_readers;
static atomic_long seen_poisoned, seen_torn, reads;

static void *poison_reader(void *arg)
{
	long n = 0;

	(void)arg;
	while (!atomic_load(&stop_readers)) {
		struct obj *p;

		rcu_read_lock();
		p = rcu_dereference(gp);
		for (int i = 0; i < 8; i++) {
			if (atomic_load_explicit(&p->poisoned, memory_order_relaxed))
				atomic_fetch_add(&seen_poisoned, 1);
			if (p->b != p->a + 1)
				atomic_fetch_add(&seen_torn, 1);
		}
		rcu_read_unlock();
		n++;
	}
	atomic_fetch_add(&reads, n);
	return NULL;
}

static struct obj *new_obj(int a)
{
	struct obj *o = calloc(1, sizeof(*o));

	cr_assert_not_null(o);
	o->a = a;
	o->b = a + 1;
	return o;
}

static void run_poison_test(int nr_readers, int swaps, bool use_call_rcu);

static void poison_cb(struct rcu_head *head)
{
	struct obj *o = container_of(head, struct obj, rcu);

	atomic_store_explicit(&o->poisoned, 1, memory_order_relaxed);
}

static void run_poison_test(int nr_readers, int swaps, bool use_call_rcu)
{
	pthread_t th[16];
	struct obj *retired = NULL, *o;

	cr_assert_leq(nr_readers, 16);
	atomic_store(&stop_readers, 0);
	atomic_store(&seen_poisoned, 0);
	atomic_store(&seen_torn, 0);
	atomic_store(&reads, 0);
	RCU_INIT_POINTER(gp, new_obj(0));
	for (int i = 0; i < nr_readers; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, poison_reader, NULL), 0);
	for (int i = 1; i <= swaps; i++) {
		struct obj *old = rcu_dereference_protected(gp, 1);

		rcu_assign_pointer(gp, new_obj(i));
		if (use_call_rcu) {
			call_rcu(&old->rcu, poison_cb);
		} else {
			synchronize_rcu();
			atomic_store_explicit(&old->poisoned, 1, memory_order_relaxed);
		}
		old->retired = retired;
		retired = old;
	}
	/* The readers ran alongside the swaps; give them a last look. */
	sleep_ms(20);
	atomic_store(&stop_readers, 1);
	for (int i = 0; i < nr_readers; i++)
		pthread_join(th[i], NULL);
	rcu_barrier();
	cr_assert_eq(atomic_load(&seen_poisoned), 0, "a reader saw %ld poisoned objects",
		     atomic_load(&seen_poisoned));
	cr_assert_eq(atomic_load(&seen_torn), 0, "a reader saw %ld half-initialised objects",
		     atomic_load(&seen_torn));
	cr_assert_gt(atomic_load(&reads), 0);
	for (o = retired; o; o = retired) {
		cr_assert(atomic_load(&o->poisoned), "object %d was never poisoned", o->a);
		retired = o->retired;
		free(o);
	}
	o = rcu_access_pointer(gp);
	cr_assert_eq(o->a, swaps);
	free(o);
	RCU_INIT_POINTER(gp, NULL);
	cr_assert_null(rcu_access_pointer(gp));
}

Test(rcu, swap_synchronize_poison)
{
	run_poison_test(4, 1500, false);
}

Test(rcu, swap_call_rcu_poison)
{
	run_poison_test(4, 20000, true);
}

/* ---- callbacks: order, rcu_barrier, many threads ------------------------- */

#define NR_ORDERED 2000

static struct ordered {
	struct rcu_head rcu;
	int idx;
} ordered[NR_ORDERED];
static int order_seen[NR_ORDERED];
static atomic_int order_pos;

static void ordered_cb(struct rcu_head *head)
{
	struct ordered *o = container_of(head, struct ordered, rcu);

	order_seen[atomic_fetch_add(&order_pos, 1)] = o->idx;
}

Test(rcu, call_rcu_runs_in_order_and_barrier_waits)
{
	atomic_store(&order_pos, 0);
	for (int i = 0; i < NR_ORDERED; i++) {
		ordered[i].idx = i;
		call_rcu(&ordered[i].rcu, ordered_cb);
		if (i % 500 == 0)
			sleep_ms(1); /* spread over several grace periods */
	}
	rcu_barrier();
	cr_assert_eq(atomic_load(&order_pos), NR_ORDERED);
	for (int i = 0; i < NR_ORDERED; i++)
		cr_assert_eq(order_seen[i], i, "callback %d ran at position %d", order_seen[i], i);
	/* Nothing pending: a second barrier returns at once. */
	rcu_barrier();
}

#define NR_THREADS 16
#define PER_THREAD 1000

static atomic_long cb_count;

struct counted {
	struct rcu_head rcu;
	long weight;
};

static void counted_cb(struct rcu_head *head)
{
	struct counted *c = container_of(head, struct counted, rcu);

	atomic_fetch_add(&cb_count, c->weight);
	free(c);
}

static void *call_rcu_thread(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < PER_THREAD; i++) {
		struct counted *c = malloc(sizeof(*c));

		cr_assert_not_null(c);
		c->weight = id + 1;
		/* callbacks may be queued from inside a critical section */
		rcu_read_lock();
		call_rcu(&c->rcu, counted_cb);
		rcu_read_unlock();
		if (i % 100 == 0)
			synchronize_rcu();
	}
	return NULL;
}

Test(rcu, many_threads_call_rcu_then_barrier)
{
	pthread_t th[NR_THREADS];
	long expect = 0;

	atomic_store(&cb_count, 0);
	for (long i = 0; i < NR_THREADS; i++) {
		cr_assert_eq(pthread_create(&th[i], NULL, call_rcu_thread, (void *)i), 0);
		expect += (i + 1) * PER_THREAD;
	}
	for (int i = 0; i < NR_THREADS; i++)
		pthread_join(th[i], NULL);
	rcu_barrier();
	cr_assert_eq(atomic_load(&cb_count), expect);
}

/* ---- threads register and unregister by themselves ---------------------- */

static void *short_lived(void *arg)
{
	(void)arg;
	rcu_read_lock();
	rcu_read_unlock();
	return NULL;
}

Test(rcu, short_lived_threads_leave_no_trace)
{
	/* Exited readers must not be waited for by later grace periods. */
	for (int round = 0; round < 10; round++) {
		pthread_t th[20];

		for (int i = 0; i < 20; i++)
			cr_assert_eq(pthread_create(&th[i], NULL, short_lived, NULL), 0);
		for (int i = 0; i < 20; i++)
			pthread_join(th[i], NULL);
		synchronize_rcu();
	}
}

/* ---- pointer helpers ------------------------------------------------------ */

Test(rcu, pointer_helpers)
{
	static int x = 1, y = 2;
	int *p = NULL;
	int *old;

	RCU_INIT_POINTER(p, &x);
	cr_assert_eq(rcu_access_pointer(p), &x);
	rcu_read_lock();
	cr_assert_eq(*rcu_dereference(p), 1);
	rcu_read_unlock();
	old = rcu_replace_pointer(p, &y, true);
	cr_assert_eq(old, &x);
	cr_assert_eq(rcu_dereference_protected(p, 1), &y);
	rcu_assign_pointer(p, NULL);
	cr_assert_null(rcu_dereference_raw(p));
}

/* ---- kfree_rcu ----------------------------------------------------------- */

struct kobj {
	long magic;
	char pad[40];
	struct rcu_head rh; /* not at offset 0: the offset is what matters */
	long magic2;
};

#define KOBJ_MAGIC 0x5a5a1234L

static struct kobj *kgp;

static void *kobj_reader(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop_readers)) {
		struct kobj *p;

		rcu_read_lock();
		p = rcu_dereference(kgp);
		for (int i = 0; i < 8; i++)
			if (READ_ONCE(p->magic) != KOBJ_MAGIC || READ_ONCE(p->magic2) != KOBJ_MAGIC)
				atomic_fetch_add(&seen_poisoned, 1);
		rcu_read_unlock();
	}
	return NULL;
}

Test(rcu, kfree_rcu_frees_after_grace_period)
{
	pthread_t th[4];
	struct kobj *o;

	/* init_on_free: a freed object is zeroed at once, so a reader would see it */
	st_boot("mem=64M init_on_free=1");
	atomic_store(&stop_readers, 0);
	atomic_store(&seen_poisoned, 0);
	o = kmalloc(sizeof(*o), GFP_KERNEL);
	cr_assert_not_null(o);
	o->magic = o->magic2 = KOBJ_MAGIC;
	RCU_INIT_POINTER(kgp, o);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, kobj_reader, NULL), 0);
	for (int i = 0; i < 5000; i++) {
		struct kobj *old = rcu_dereference_protected(kgp, 1);

		o = kmalloc(sizeof(*o), GFP_KERNEL);
		cr_assert_not_null(o);
		o->magic = o->magic2 = KOBJ_MAGIC;
		rcu_assign_pointer(kgp, o);
		if (i % 2)
			kfree_rcu(old, rh);
		else if (i % 100 == 0)
			kfree_rcu_mightsleep(old);
		else
			kvfree_rcu(old, rh);
	}
	atomic_store(&stop_readers, 1);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	kfree_rcu((struct kobj *)NULL, rh); /* NULL: nothing */
	kvfree_rcu_barrier();
	cr_assert_eq(atomic_load(&seen_poisoned), 0, "a reader saw %ld freed objects",
		     atomic_load(&seen_poisoned));
	kfree(rcu_access_pointer(kgp));
	st_end();
}

/* Shutdown runs the callbacks still pending (kfree_rcu among them). */
Test(rcu, shutdown_runs_pending_callbacks)
{
	static struct rcu_head head;

	struct kobj *o;

	st_boot("mem=64M");
	atomic_store(&cb_ran, 0);
	call_rcu(&head, mark_cb);
	o = kmalloc(sizeof(*o), GFP_KERNEL);
	cr_assert_not_null(o);
	kfree_rcu(o, rh);
	/* ukmem_shutdown() runs it too once kernel/boot.c calls it; twice is harmless */
	ukmem_rcu_shutdown();
	cr_assert_eq(atomic_load(&cb_ran), 1, "a callback was still pending after shutdown");
	st_end(); /* no slab object left: the kfree_rcu() one was freed */
}
