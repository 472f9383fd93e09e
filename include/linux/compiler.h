/* SPDX-License-Identifier: GPL-2.0 */
/* linux/compiler.h - the kernel's compiler helpers, for gcc and clang. */
#ifndef UKMEM_LINUX_COMPILER_H
#define UKMEM_LINUX_COMPILER_H

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define noinline __attribute__((__noinline__))
#ifndef __noreturn
#define __noreturn __attribute__((__noreturn__))
#endif
#ifndef __cold
#define __cold __attribute__((__cold__))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((__unused__))
#endif
#ifndef __always_unused
#define __always_unused __attribute__((__unused__))
#endif
/* no __used: glibc's <regex.h> has a struct member of that name */
#ifndef __packed
#define __packed __attribute__((__packed__))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((__aligned__(x)))
#endif
#ifndef __printf
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#endif
#ifndef __must_check
#define __must_check __attribute__((__warn_unused_result__))
#endif
#ifndef __weak
#define __weak __attribute__((__weak__))
#endif
#ifndef __pure
#define __pure __attribute__((__pure__))
#endif
#ifndef __section
#define __section(s) __attribute__((__section__(s)))
#endif
#ifndef __malloc
#define __malloc __attribute__((__malloc__))
#endif
#ifndef __alloc_size
#define __alloc_size(...) __attribute__((__alloc_size__(__VA_ARGS__)))
#endif
#define __force
#define __iomem
#define __user
#define __kernel
#define __rcu
#define __percpu
#define __bitwise
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define fallthrough __attribute__((__fallthrough__))
#define notrace

#define barrier() __asm__ __volatile__("" : : : "memory")
/*
 * Marked accesses, as the kernel's: one untorn load or store that the
 * compiler may not merge, repeat or invent.  Relaxed atomics rather than
 * volatile, so that ThreadSanitizer (ukmem's KCSAN) sees them as the
 * intentional races they are; on x86_64, i386 and arm they compile to the
 * same plain moves.  Scalars and pointers only, as in the kernel.
 */
#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)                                       \
	do {                                                     \
		__atomic_store_n(&(x), (val), __ATOMIC_RELAXED); \
	} while (0)

/*
 * ThreadSanitizer builds (gcc defines __SANITIZE_THREAD__, clang answers
 * __has_feature): the few lockless paths TSan cannot follow take the
 * alternatives docs/ROBUSTNESS.md section 3 lists.  Nothing else changes.
 */
#if defined(__SANITIZE_THREAD__)
#define UKMEM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UKMEM_TSAN 1
#endif
#endif

#define __same_type(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON: " #cond)
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int : (-!!(e)); })))
#define __must_be_array(a) BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))

/* The address of the current instruction, for WARN's "at file:line func+off". */
#define _THIS_IP_                        \
	({                               \
		__label__ __here;        \
__here:                                  \
		(unsigned long)&&__here; \
	})
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))

#endif /* UKMEM_LINUX_COMPILER_H */
