// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/locking.c - the slow paths of spinlocks and sleeping mutexes.
 *
 * A spinlock holder in userspace can be preempted by the host, so a
 * waiter spins with a pause for a while and then yields the CPU instead
 * of burning its whole time slice.  struct mutex wraps the platform's
 * mutex, created on first use so that DEFINE_MUTEX needs no constructor;
 * the creation itself is guarded by a tiny state machine on the
 * `initialized` word (0 none, 1 being created, 2 ready).
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <platform/plat.h>

_Static_assert(sizeof(((struct mutex *)0)->opaque) >= sizeof(struct plat_mutex),
	       "struct mutex holds a platform mutex");

void ukmem_spin_lock_slow(spinlock_t *lock)
{
	unsigned int spins = 0;

	for (;;) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED)) {
			if (++spins < 256)
				plat_cpu_relax();
			else
				plat_sleep_ns(0);
		}
		if (!__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
			return;
	}
}

static struct plat_mutex *pm(struct mutex *lock)
{
	int state = __atomic_load_n(&lock->initialized, __ATOMIC_ACQUIRE);

	while (state != 2) {
		int zero = 0;

		if (state == 0 && __atomic_compare_exchange_n(&lock->initialized, &zero, 1, false,
							      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			plat_mutex_init((struct plat_mutex *)(void *)lock->opaque);
			__atomic_store_n(&lock->initialized, 2, __ATOMIC_RELEASE);
			break;
		}
		plat_cpu_relax();
		state = __atomic_load_n(&lock->initialized, __ATOMIC_ACQUIRE);
	}
	return (struct plat_mutex *)(void *)lock->opaque;
}

void mutex_init(struct mutex *lock)
{
	lock->initialized = 0;
	(void)pm(lock);
}

void mutex_destroy(struct mutex *lock)
{
	if (__atomic_load_n(&lock->initialized, __ATOMIC_ACQUIRE) == 2)
		plat_mutex_destroy((struct plat_mutex *)(void *)lock->opaque);
	lock->initialized = 0;
}

void mutex_lock(struct mutex *lock)
{
	plat_mutex_lock(pm(lock));
}

int mutex_lock_interruptible(struct mutex *lock)
{
	mutex_lock(lock);
	return 0;
}

int mutex_trylock(struct mutex *lock)
{
	return plat_mutex_trylock(pm(lock));
}

void mutex_unlock(struct mutex *lock)
{
	plat_mutex_unlock(pm(lock));
}
