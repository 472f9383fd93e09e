/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/atomic.h - atomic_t, atomic_long_t and atomic64_t on the GCC/clang
 * __atomic builtins.  As in the kernel, the value-returning RMW operations
 * are fully ordered and atomic_read/atomic_set are relaxed.
 */
#ifndef UKMEM_LINUX_ATOMIC_H
#define UKMEM_LINUX_ATOMIC_H

#include <linux/types.h>
#include <linux/compiler.h>

#define ATOMIC_INIT(i) \
	{              \
		(i)    \
	}
#define ATOMIC_LONG_INIT(i) \
	{                   \
		(i)         \
	}
#define ATOMIC64_INIT(i) \
	{                \
		(i)      \
	}

#define __UKMEM_ATOMIC_OPS(pfx, atype, vtype)                                                    \
	static inline vtype pfx##_read(const atype *v)                                           \
	{                                                                                        \
		return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);                           \
	}                                                                                        \
	static inline void pfx##_set(atype *v, vtype i)                                          \
	{                                                                                        \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);                              \
	}                                                                                        \
	static inline void pfx##_set_release(atype *v, vtype i)                                  \
	{                                                                                        \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);                              \
	}                                                                                        \
	static inline vtype pfx##_read_acquire(const atype *v)                                   \
	{                                                                                        \
		return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);                           \
	}                                                                                        \
	static inline void pfx##_add(vtype i, atype *v)                                          \
	{                                                                                        \
		__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);                            \
	}                                                                                        \
	static inline void pfx##_sub(vtype i, atype *v)                                          \
	{                                                                                        \
		__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);                            \
	}                                                                                        \
	static inline void pfx##_inc(atype *v)                                                   \
	{                                                                                        \
		pfx##_add(1, v);                                                                 \
	}                                                                                        \
	static inline void pfx##_dec(atype *v)                                                   \
	{                                                                                        \
		pfx##_sub(1, v);                                                                 \
	}                                                                                        \
	static inline vtype pfx##_add_return(vtype i, atype *v)                                  \
	{                                                                                        \
		return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                     \
	}                                                                                        \
	static inline vtype pfx##_sub_return(vtype i, atype *v)                                  \
	{                                                                                        \
		return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                     \
	}                                                                                        \
	static inline vtype pfx##_fetch_add(vtype i, atype *v)                                   \
	{                                                                                        \
		return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);                     \
	}                                                                                        \
	static inline vtype pfx##_fetch_sub(vtype i, atype *v)                                   \
	{                                                                                        \
		return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);                     \
	}                                                                                        \
	static inline vtype pfx##_inc_return(atype *v)                                           \
	{                                                                                        \
		return pfx##_add_return(1, v);                                                   \
	}                                                                                        \
	static inline vtype pfx##_dec_return(atype *v)                                           \
	{                                                                                        \
		return pfx##_sub_return(1, v);                                                   \
	}                                                                                        \
	static inline bool pfx##_dec_and_test(atype *v)                                          \
	{                                                                                        \
		return pfx##_dec_return(v) == 0;                                                 \
	}                                                                                        \
	static inline bool pfx##_inc_and_test(atype *v)                                          \
	{                                                                                        \
		return pfx##_inc_return(v) == 0;                                                 \
	}                                                                                        \
	static inline bool pfx##_sub_and_test(vtype i, atype *v)                                 \
	{                                                                                        \
		return pfx##_sub_return(i, v) == 0;                                              \
	}                                                                                        \
	static inline vtype pfx##_xchg(atype *v, vtype n)                                        \
	{                                                                                        \
		return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST);                    \
	}                                                                                        \
	static inline vtype pfx##_cmpxchg(atype *v, vtype old, vtype n)                          \
	{                                                                                        \
		__atomic_compare_exchange_n(&v->counter, &old, n, false, __ATOMIC_SEQ_CST,       \
					    __ATOMIC_SEQ_CST);                                   \
		return old;                                                                      \
	}                                                                                        \
	static inline bool pfx##_try_cmpxchg(atype *v, vtype *old, vtype n)                      \
	{                                                                                        \
		return __atomic_compare_exchange_n(&v->counter, old, n, false, __ATOMIC_SEQ_CST, \
						   __ATOMIC_SEQ_CST);                            \
	}                                                                                        \
	static inline bool pfx##_add_unless(atype *v, vtype a, vtype u)                          \
	{                                                                                        \
		vtype c = pfx##_read(v);                                                         \
		do {                                                                             \
			if (c == u)                                                              \
				return false;                                                    \
		} while (!pfx##_try_cmpxchg(v, &c, c + a));                                      \
		return true;                                                                     \
	}                                                                                        \
	static inline bool pfx##_inc_not_zero(atype *v)                                          \
	{                                                                                        \
		return pfx##_add_unless(v, 1, 0);                                                \
	}

__UKMEM_ATOMIC_OPS(atomic, atomic_t, int)
__UKMEM_ATOMIC_OPS(atomic_long, atomic_long_t, long)
__UKMEM_ATOMIC_OPS(atomic64, atomic64_t, s64)

#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)
#define xchg(p, v) __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)
#define cmpxchg(p, o, n)                                                         \
	({                                                                       \
		__typeof__(*(p)) __o = (o);                                      \
		__atomic_compare_exchange_n(p, &__o, n, false, __ATOMIC_SEQ_CST, \
					    __ATOMIC_SEQ_CST);                   \
		__o;                                                             \
	})

#endif /* UKMEM_LINUX_ATOMIC_H */
