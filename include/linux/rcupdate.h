/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/rcupdate.h - read-copy update with Linux 6.12's API.
 *
 * Readers bracket their accesses with rcu_read_lock()/rcu_read_unlock()
 * and load RCU-protected pointers with rcu_dereference(); updaters publish
 * with rcu_assign_pointer() and free the old version only after a grace
 * period: synchronize_rcu() waits for one, call_rcu() and kfree_rcu() defer
 * the work until one has passed, rcu_barrier() waits for every callback
 * queued so far.
 *
 * ukmem implements this on the host's userspace RCU library (liburcu,
 * src/kernel/rcupdate.c).  The entry points are out-of-line functions so
 * that this header, which the freestanding allocator core includes, needs
 * nothing from liburcu.  A host thread needs no set-up: it is registered
 * with the RCU machinery on first use and unregistered when it exits.
 * Where this differs from the kernel (callbacks run on a helper thread,
 * not in softirq context) is listed in docs/DIVERGENCES.md.
 */
#ifndef UKMEM_LINUX_RCUPDATE_H
#define UKMEM_LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/stddef.h>

/* struct rcu_head (linux/types.h) is the kernel's callback_head. */
#define callback_head rcu_head

typedef void (*rcu_callback_t)(struct rcu_head *head);

/* ---- readers ---------------------------------------------------------- */

void rcu_read_lock(void);
void rcu_read_unlock(void);

/*
 * Nonzero inside a read-side critical section of the calling thread.  The
 * kernel answers exactly only with lockdep; ukmem always asks liburcu.
 */
int rcu_read_lock_held(void);

/*
 * 6.12 has one RCU flavour: a grace period also waits for bh- and
 * sched-disabled regions, so these are the plain read-side markers here.
 */
static inline void rcu_read_lock_bh(void)
{
	rcu_read_lock();
}
static inline void rcu_read_unlock_bh(void)
{
	rcu_read_unlock();
}
static inline void rcu_read_lock_sched(void)
{
	rcu_read_lock();
}
static inline void rcu_read_unlock_sched(void)
{
	rcu_read_unlock();
}
static inline void rcu_read_lock_sched_notrace(void)
{
	rcu_read_lock();
}
static inline void rcu_read_unlock_sched_notrace(void)
{
	rcu_read_unlock();
}
static inline int rcu_read_lock_bh_held(void)
{
	return rcu_read_lock_held();
}
static inline int rcu_read_lock_sched_held(void)
{
	return rcu_read_lock_held();
}
static inline int rcu_read_lock_any_held(void)
{
	return rcu_read_lock_held();
}

/* ---- updaters --------------------------------------------------------- */

void synchronize_rcu(void);
void call_rcu(struct rcu_head *head, rcu_callback_t func);
void rcu_barrier(void);

static inline void synchronize_rcu_expedited(void)
{
	synchronize_rcu();
}
static inline void call_rcu_hurry(struct rcu_head *head, rcu_callback_t func)
{
	call_rcu(head, func);
}

/*
 * kvfree_call_rcu - kvfree @ptr after a grace period
 * @head: the rcu_head inside the object at @ptr, or NULL (kfree_rcu_mightsleep:
 *	  may wait for the grace period in the caller)
 *
 * The engine of kfree_rcu()/kvfree_rcu(); kvfree_rcu_barrier() waits until
 * every object queued so far has been freed.
 */
void kvfree_call_rcu(struct rcu_head *head, void *ptr);
void kvfree_rcu_barrier(void);

/* ---- pointers --------------------------------------------------------- */

/* The lockdep conditions are compiled but never evaluated, as without PROVE_RCU. */
#define __rcu_lockdep_cond(c) ((void)(0 && (c)))

#define RCU_INITIALIZER(v) (v)
#define unrcu_pointer(p) (p)
#define rcu_pointer_handoff(p) (p)

/* Address dependencies order the reader's later loads (no Alpha here). */
#define rcu_dereference_check(p, c)    \
	({                             \
		__rcu_lockdep_cond(c); \
		READ_ONCE(p);          \
	})
#define rcu_dereference_bh_check(p, c) rcu_dereference_check(p, c)
#define rcu_dereference_sched_check(p, c) rcu_dereference_check(p, c)
#define rcu_dereference_raw(p) READ_ONCE(p)
#define rcu_dereference_raw_check(p) READ_ONCE(p)
#define rcu_dereference(p) rcu_dereference_check(p, 0)
#define rcu_dereference_bh(p) rcu_dereference_check(p, 0)
#define rcu_dereference_sched(p) rcu_dereference_check(p, 0)

/* Update side, pointer stable under the updater's lock: a plain load. */
#define rcu_dereference_protected(p, c) \
	({                              \
		__rcu_lockdep_cond(c);  \
		(p);                    \
	})

/* The pointer's value only, never dereferenced: no ordering needed. */
#define rcu_access_pointer(p) READ_ONCE(p)

/*
 * Publish @v: everything written to the new object before is visible to a
 * reader that loads the pointer with rcu_dereference().
 */
#define rcu_assign_pointer(p, v)                                          \
	do {                                                              \
		__typeof__(p) __rcu_assign_v = (v);                       \
		__atomic_store_n(&(p), __rcu_assign_v, __ATOMIC_RELEASE); \
	} while (0)

/* No ordering: NULL, or an object no reader can reach yet. */
#define RCU_INIT_POINTER(p, v)                     \
	do {                                       \
		WRITE_ONCE(p, RCU_INITIALIZER(v)); \
	} while (0)

#define rcu_replace_pointer(rcu_ptr, ptr, c)                                                   \
	({                                                                                     \
		__typeof__(ptr) __rcu_replace_old = rcu_dereference_protected((rcu_ptr), (c)); \
		rcu_assign_pointer((rcu_ptr), (ptr));                                          \
		__rcu_replace_old;                                                             \
	})

/* ---- kfree_rcu -------------------------------------------------------- */

/*
 * kfree_rcu - kfree an object after a grace period
 * @ptr: the object (NULL: nothing happens)
 * @rhf: the name of its struct rcu_head member
 *
 * Never sleeps: usable inside a read-side critical section.  The member
 * must lie in the object's first 4096 bytes, as in 6.12.
 */
#define kvfree_rcu_arg_2(ptr, rhf)                                                         \
	do {                                                                               \
		__typeof__(ptr) __kfree_rcu_p = (ptr);                                     \
                                                                                           \
		if (__kfree_rcu_p) {                                                       \
			BUILD_BUG_ON(offsetof(__typeof__(*(ptr)), rhf) >= 4096);           \
			kvfree_call_rcu(&((__kfree_rcu_p)->rhf), (void *)(__kfree_rcu_p)); \
		}                                                                          \
	} while (0)

/* No rcu_head: may wait for a grace period in the caller. */
#define kvfree_rcu_arg_1(ptr)                                           \
	do {                                                            \
		__typeof__(ptr) __kfree_rcu_p = (ptr);                  \
                                                                        \
		if (__kfree_rcu_p)                                      \
			kvfree_call_rcu(NULL, (void *)(__kfree_rcu_p)); \
	} while (0)

#define kfree_rcu(ptr, rhf) kvfree_rcu_arg_2(ptr, rhf)
#define kvfree_rcu(ptr, rhf) kvfree_rcu_arg_2(ptr, rhf)
#define kfree_rcu_mightsleep(ptr) kvfree_rcu_arg_1(ptr)
#define kvfree_rcu_mightsleep(ptr) kvfree_rcu_arg_1(ptr)

#endif /* UKMEM_LINUX_RCUPDATE_H */
