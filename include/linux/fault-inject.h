/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/fault-inject.h - the fault-injection core (lib/fault-inject.c) and
 * its two allocator users, failslab and fail_page_alloc.
 *
 * A struct fault_attr decides, call by call, whether an operation that
 * passed its user's own filters is made to fail: the calling thread's
 * fail-nth countdown first, then probability (percent), task-filter,
 * times, space, interval.  Its knobs are debugfs files
 * (/sys/kernel/debug/<name>/...), registered by fault_create_debugfs_attr().
 *
 * Invariants of struct fault_attr: times == -1 (no limit) or times >= 0
 * after any failure (a failure never takes it below 0); count only grows;
 * ratelimit_state.interval == 0 means every notice is printed.
 *
 * ukmem always builds the facility (CONFIG_FAULT_INJECTION,
 * CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS
 * in the kernel's terms) and leaves it off until a knob, a boot parameter or
 * /proc/thread-self/fail-nth turns it on.  The stack-trace filter
 * (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER) is not modelled.
 */
#ifndef UKMEM_LINUX_FAULT_INJECT_H
#define UKMEM_LINUX_FAULT_INJECT_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/ratelimit.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kmem_cache;

/* Room for the debugfs directory name, as in 6.12. */
#define FAULT_ATTR_DNAME_LEN 64

struct fault_attr {
	unsigned long probability; /* percent; 0 = off (fail-nth still works) */
	unsigned long interval; /* fail only every interval-th eligible call */
	atomic_t times; /* failures left; -1 = no limit */
	atomic_t space; /* size budget consumed before failures start */
	unsigned long verbose; /* 0 silent, 1 notice, 2 notice + stack */
	bool task_filter; /* only threads with make-it-fail = 1 */
	unsigned long count; /* eligible calls seen by the interval filter */
	struct ratelimit_state ratelimit_state; /* of the notice */
	char dname[FAULT_ATTR_DNAME_LEN]; /* "failslab", set by the debugfs files */
};

enum fault_flags {
	FAULT_NOWARN = 1 << 0, /* fail silently (__GFP_NOWARN) */
};

#define FAULT_ATTR_INITIALIZER                                                  \
	{                                                                       \
		.interval = 1, .times = ATOMIC_INIT(1),                         \
		.ratelimit_state = RATELIMIT_STATE_INIT_DISABLED, .verbose = 2, \
	}

#define DECLARE_FAULT_ATTR(name) struct fault_attr name = FAULT_ATTR_INITIALIZER

int setup_fault_attr(struct fault_attr *attr, char *str);
bool should_fail_ex(struct fault_attr *attr, ssize_t size, int flags);
bool should_fail(struct fault_attr *attr, ssize_t size);
/*
 * ukmem's fault_create_debugfs_attr(): the knobs of @attr under
 * /sys/kernel/debug/@name/ in ukmem's view table (debugfs has no dentries
 * here), and @active, the user's word that the hooks test, kept up to date
 * by every write.  ukmem_fault_create_file() adds one more bool or u32 knob.
 */
int ukmem_fault_create_debugfs_attr(const char *name, struct fault_attr *attr, int *active);
int ukmem_fault_create_file(const char *dir, const char *name, void *value, bool is_bool);

bool should_fail_alloc_page(gfp_t gfp_mask, unsigned int order);
int should_failslab(struct kmem_cache *s, gfp_t gfpflags);

/*
 * ---- ukmem: the allocator hooks ----
 *
 * The allocation paths call these inline guards, not should_failslab() or
 * should_fail_alloc_page() directly: when nothing can inject (no
 * probability set, no thread ever armed fail-nth in this boot, or the boot
 * has not finished), the cost is one relaxed load of a shared word.
 */
extern int ukmem_failslab_active;
extern int ukmem_fail_page_alloc_active;

/* slab_alloc_node()'s hook: true when this allocation must fail. */
static inline bool ukmem_failslab(struct kmem_cache *s, gfp_t gfp)
{
	return unlikely(__atomic_load_n(&ukmem_failslab_active, __ATOMIC_RELAXED)) &&
	       should_failslab(s, gfp);
}

/* __alloc_pages_noprof()'s hook: true when this allocation must fail. */
static inline bool ukmem_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	return unlikely(__atomic_load_n(&ukmem_fail_page_alloc_active, __ATOMIC_RELAXED)) &&
	       should_fail_alloc_page(gfp, order);
}

/*
 * The failure point of metadata that 6.12 takes from kmalloc or a slab
 * cache but ukmem keeps elsewhere (vmalloc's vmap_area, vm_struct and page
 * arrays): asks failslab as a kmalloc of @size with @gfp would.
 */
bool ukmem_failslab_kmalloc(size_t size, gfp_t gfp);
static inline bool ukmem_failslab_meta(size_t size, gfp_t gfp)
{
	return unlikely(__atomic_load_n(&ukmem_failslab_active, __ATOMIC_RELAXED)) &&
	       ukmem_failslab_kmalloc(size, gfp);
}

/*
 * alloc_pages_bulk(): 6.12 asks fail_page_alloc once per bulk request and
 * not again for the pages it then takes; ukmem's bulk loop takes each page
 * through __alloc_pages_noprof(), so it brackets the loop with these to
 * keep the per-page questions from counting.
 */
void ukmem_fail_page_alloc_suppress(bool on);

/* Boot and shutdown (kernel/boot.c): parse failslab=/fail_page_alloc=
 * (between "Kernel command line:" and the unknown parameters), register
 * the knobs and arm at the end of boot, disarm at shutdown. */
void ukmem_fault_inject_setup_params(void);
void ukmem_fault_inject_boot(void);
void ukmem_fault_inject_shutdown(void);
/* The core's part of those (lib/fault-inject.c). */
void ukmem_fault_core_reset(void);
void ukmem_fault_core_arm(void);
void ukmem_fault_core_disarm(void);

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_LINUX_FAULT_INJECT_H */
