/* SPDX-License-Identifier: GPL-2.0 */
/* linux/mutex.h - sleeping mutexes, on the platform's mutex. */
#ifndef UKMEM_LINUX_MUTEX_H
#define UKMEM_LINUX_MUTEX_H

#include <linux/types.h>

struct mutex {
	/* The platform mutex, created on first use so DEFINE_MUTEX is static. */
	_Alignas(8) unsigned char opaque[48];
	int initialized;
};

#define DEFINE_MUTEX(name) struct mutex name = {{0}, 0}

void mutex_init(struct mutex *lock);
void mutex_destroy(struct mutex *lock);
void mutex_lock(struct mutex *lock);
int mutex_lock_interruptible(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

#endif
