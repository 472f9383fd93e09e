/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/init.h - the init/exit markers a module's code carries.
 *
 * In the kernel __init code lives in .init.text and is thrown away once the
 * module's init function has returned; __exit code is dropped from
 * built-in code.  ukmem keeps both (a shared object cannot give back part
 * of its text), so the markers only document intent.  module_init() and
 * module_exit() are in <linux/module.h>, which includes this file.
 */
#ifndef UKMEM_LINUX_INIT_H
#define UKMEM_LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __init_memblock
#define __meminit
#define __meminitdata
#define __meminitconst
#define __ref
#define __refdata
#define __refconst
#define __exit_p(x) (x)
#define __initcall(fn) module_init(fn)
#define __exitcall(fn) module_exit(fn)

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

#endif /* UKMEM_LINUX_INIT_H */
