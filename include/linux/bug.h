/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/bug.h - BUG(), BUG_ON() and the WARN family.
 *
 * WARN_ON(cond) evaluates to cond and, when it holds, prints the kernel's
 * WARNING block (cut here, the WARNING line with file:line and the
 * function, Modules linked in, the CPU line, the call trace, end trace) and
 * taints W.  The _ONCE forms fire once per boot of the machine.
 *
 * BUG() prints the oops of a failed assertion ("kernel BUG at mm/x.c:N!")
 * and ends the process with abort(), as an oops ends the task; under
 * ukmem.bug=warn it returns instead, and the code after BUG() must then
 * refuse the operation.  So BUG() is not noreturn here.
 */
#ifndef UKMEM_LINUX_BUG_H
#define UKMEM_LINUX_BUG_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/once_lite.h>
#include <linux/panic.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CUT_HERE "------------[ cut here ]------------\n"

/* The oops of BUG() at @file:@line (kernel/panic.c); returns only under ukmem.bug=warn. */
__cold void ukmem_bug(const char *file, int line);

/* The WARNING block for the site that called it; @fmt may be NULL. */
__printf(4, 5) __cold void warn_slowpath_fmt(const char *file, const int line, unsigned int taint,
					     const char *fmt, ...);
__printf(1, 2) __cold void __warn_printk(const char *fmt, ...);

#define BUG()                                  \
	do {                                   \
		ukmem_bug(__FILE__, __LINE__); \
	} while (0)

#define BUG_ON(condition)                \
	do {                             \
		if (unlikely(condition)) \
			BUG();           \
	} while (0)

#define __WARN_printf(taint, ...)                                          \
	do {                                                               \
		warn_slowpath_fmt(__FILE__, __LINE__, taint, __VA_ARGS__); \
	} while (0)

#define __WARN() __WARN_printf(TAINT_WARN, NULL)
#define __WARN_FLAGS(flags) __WARN()

#define WARN_ON(condition)                         \
	({                                         \
		int __ret_warn_on = !!(condition); \
		if (unlikely(__ret_warn_on))       \
			__WARN();                  \
		unlikely(__ret_warn_on);           \
	})

#define WARN(condition, ...)                                    \
	({                                                      \
		int __ret_warn_on = !!(condition);              \
		if (unlikely(__ret_warn_on))                    \
			__WARN_printf(TAINT_WARN, __VA_ARGS__); \
		unlikely(__ret_warn_on);                        \
	})

#define WARN_TAINT(condition, taint, ...)                  \
	({                                                 \
		int __ret_warn_on = !!(condition);         \
		if (unlikely(__ret_warn_on))               \
			__WARN_printf(taint, __VA_ARGS__); \
		unlikely(__ret_warn_on);                   \
	})

#define WARN_ON_ONCE(condition) DO_ONCE_LITE_IF(condition, WARN_ON, 1)
#define WARN_ONCE(condition, ...) DO_ONCE_LITE_IF(condition, WARN, 1, __VA_ARGS__)
#define WARN_TAINT_ONCE(condition, taint, ...) \
	DO_ONCE_LITE_IF(condition, WARN_TAINT, 1, taint, __VA_ARGS__)

#define WARN_ON_SMP(x) WARN_ON(x)

#ifndef BUILD_BUG
#define BUILD_BUG() BUILD_BUG_ON(1)
#endif

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_LINUX_BUG_H */
