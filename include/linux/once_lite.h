/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/once_lite.h - run something once, as printk_once and WARN_ON_ONCE do.
 *
 * "Once" means once per booted machine: each site keeps the boot
 * generation it last fired in, and a new ukmem_boot() re-arms every site,
 * as a reboot re-arms a real kernel's.  ukmem_once_first() claims the site
 * atomically, so two threads racing on a site fire it once.
 */
#ifndef UKMEM_LINUX_ONCE_LITE_H
#define UKMEM_LINUX_ONCE_LITE_H

#include <linux/types.h>
#include <linux/compiler.h>

/* True for the first caller of this site in the current boot (kernel/printk.c). */
bool ukmem_once_first(unsigned long *site);

#define __ONCE_LITE_IF(condition)                                           \
	({                                                                  \
		static unsigned long __once_site;                           \
		bool __ret_cond = !!(condition);                            \
		bool __ret_once = false;                                    \
                                                                            \
		if (unlikely(__ret_cond) && ukmem_once_first(&__once_site)) \
			__ret_once = true;                                  \
		unlikely(__ret_once);                                       \
	})

#define DO_ONCE_LITE_IF(condition, func, ...)       \
	({                                          \
		bool __ret_do_once = !!(condition); \
                                                    \
		if (__ONCE_LITE_IF(__ret_do_once))  \
			func(__VA_ARGS__);          \
		unlikely(__ret_do_once);            \
	})

#define DO_ONCE_LITE(func, ...) DO_ONCE_LITE_IF(true, func, ##__VA_ARGS__)

#endif /* UKMEM_LINUX_ONCE_LITE_H */
