/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/spinlock.h - spinlocks.  A userspace thread cannot disable
 * interrupts, so the _irq/_irqsave/_bh forms are the plain lock (there are
 * no interrupts to exclude); flags is still assigned so kernel code that
 * passes it around compiles unchanged.  The lock is test-and-test-and-set:
 * uncontended it is one atomic exchange.
 */
#ifndef UKMEM_LINUX_SPINLOCK_H
#define UKMEM_LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/compiler.h>

typedef struct spinlock {
	int locked;
} spinlock_t;
typedef spinlock_t raw_spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name) \
	{                          \
		0                  \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)
#define DEFINE_RAW_SPINLOCK(name) DEFINE_SPINLOCK(name)

void ukmem_spin_lock_slow(spinlock_t *lock);

static inline void spin_lock_init(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	return !__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) &&
	       !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_lock(spinlock_t *lock)
{
	if (unlikely(__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)))
		ukmem_spin_lock_slow(lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

static inline int spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

#define spin_lock_irq(l) spin_lock(l)
#define spin_unlock_irq(l) spin_unlock(l)
#define spin_lock_bh(l) spin_lock(l)
#define spin_unlock_bh(l) spin_unlock(l)
#define spin_lock_irqsave(l, flags) \
	do {                        \
		(flags) = 0;        \
		spin_lock(l);       \
	} while (0)
#define spin_unlock_irqrestore(l, flags) \
	do {                             \
		(void)(flags);           \
		spin_unlock(l);          \
	} while (0)
#define spin_trylock_irqsave(l, flags) \
	({                             \
		(flags) = 0;           \
		spin_trylock(l);       \
	})
#define raw_spin_lock_init spin_lock_init
#define raw_spin_lock spin_lock
#define raw_spin_unlock spin_unlock
#define raw_spin_lock_irqsave spin_lock_irqsave
#define raw_spin_unlock_irqrestore spin_unlock_irqrestore
#define assert_spin_locked(l) ((void)0)
#define lockdep_assert_held(l) ((void)0)

#define local_irq_save(flags) \
	do {                  \
		(flags) = 0;  \
	} while (0)
#define local_irq_restore(flags) \
	do {                     \
		(void)(flags);   \
	} while (0)
#define local_irq_disable() \
	do {                \
	} while (0)
#define local_irq_enable() \
	do {               \
	} while (0)
#define preempt_disable() barrier()
#define preempt_enable() barrier()
#define migrate_disable() barrier()
#define migrate_enable() barrier()
#define in_interrupt() 0
#define in_task() 1

#endif /* UKMEM_LINUX_SPINLOCK_H */
