/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/ratelimit.h - allow at most @burst events per @interval jiffies.
 *
 * As in the kernel: the first call opens a window; inside it the first
 * @burst calls pass and the rest are counted as missed; the first call
 * after the window prints "<func>: N callbacks suppressed" (unless
 * RATELIMIT_MSG_ON_RELEASE) and opens a new one.  A state is also reset
 * by a new boot (it remembers the boot generation it last ran in), so a
 * freshly booted machine starts with every rate limit fresh.
 */
#ifndef UKMEM_LINUX_RATELIMIT_H
#define UKMEM_LINUX_RATELIMIT_H

#include <linux/types.h>
#include <linux/jiffies.h>

#define DEFAULT_RATELIMIT_INTERVAL (5 * HZ)
#define DEFAULT_RATELIMIT_BURST 10

/* Print the "callbacks suppressed" message only from ratelimit_state_exit(). */
#define RATELIMIT_MSG_ON_RELEASE (1U << 0)

struct ratelimit_state {
	int lock; /* taken with a trylock: a contended call is suppressed */
	int interval; /* jiffies; 0 = no limit */
	int burst;
	int printed;
	int missed;
	unsigned int flags;
	unsigned long begin; /* jiffies when the window opened; 0 = not yet */
	unsigned long gen; /* boot generation + 1 the state belongs to */
};

#define RATELIMIT_STATE_INIT_FLAGS(name, interval_init, burst_init, flags_init)            \
	{                                                                                  \
		.interval = (interval_init), .burst = (burst_init), .flags = (flags_init), \
	}

#define RATELIMIT_STATE_INIT(name, interval_init, burst_init) \
	RATELIMIT_STATE_INIT_FLAGS(name, interval_init, burst_init, 0)

#define RATELIMIT_STATE_INIT_DISABLED \
	RATELIMIT_STATE_INIT(ratelimit_state, 0, DEFAULT_RATELIMIT_BURST)

#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init) \
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)

static inline void ratelimit_state_init(struct ratelimit_state *rs, int interval, int burst)
{
	*rs = (struct ratelimit_state)RATELIMIT_STATE_INIT(*rs, interval, burst);
}

static inline void ratelimit_default_init(struct ratelimit_state *rs)
{
	ratelimit_state_init(rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);
}

static inline void ratelimit_set_flags(struct ratelimit_state *rs, unsigned long flags)
{
	rs->flags = (unsigned int)flags;
}

/* Prints the pending "callbacks suppressed" of a RATELIMIT_MSG_ON_RELEASE state. */
void ratelimit_state_exit(struct ratelimit_state *rs);

/* Nonzero if the caller may go ahead (kernel/printk.c). */
int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state) ___ratelimit(state, __func__)

#endif /* UKMEM_LINUX_RATELIMIT_H */
