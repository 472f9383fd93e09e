// SPDX-License-Identifier: GPL-2.0
/*
 * testmod.c - the module the loader tests load: one parameter of every
 * type test_module.c checks, and init/exit behaviour chosen by parameters
 * so that one object covers success, a failing init, a leak and the
 * "Modules linked in:" line seen from inside init and exit, and a call
 * trace through the module's own functions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>

static int ival = 1;
module_param(ival, int, 0644);
MODULE_PARM_DESC(ival, "an int");
static unsigned int uval;
module_param(uval, uint, 0644);
static long lval;
module_param(lval, long, 0644);
static unsigned long ulval;
module_param(ulval, ulong, 0644);
static bool flag;
module_param(flag, bool, 0644);
static char *str = "default";
module_param(str, charp, 0644);
static int renamed_var;
module_param_named(renamed, renamed_var, int, 0644);

static int fail;
module_param(fail, int, 0444);
MODULE_PARM_DESC(fail, "init returns this after freeing what it took");
static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "exit keeps the page init took");
static bool show_modules;
module_param(show_modules, bool, 0444);
MODULE_PARM_DESC(show_modules, "print_modules() from init and exit");

static bool stack;
module_param(stack, bool, 0444);
MODULE_PARM_DESC(stack, "dump_stack() from init");

static unsigned long page;

static int __init testmod_init(void)
{
	pr_info("init ival=%d uval=%u lval=%ld ulval=%lu flag=%d str=%s renamed=%d comm=%s\n", ival,
		uval, lval, ulval, flag, str ? str : "(null)", renamed_var, current->comm);
	if (show_modules)
		print_modules();
	if (stack)
		dump_stack();
	page = __get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	if (fail) {
		/* A positive return keeps the module loaded, with its page. */
		if (fail < 0) {
			free_page(page);
			page = 0;
		}
		pr_info("init returns %d\n", fail);
		return fail;
	}
	return 0;
}

static void __exit testmod_exit(void)
{
	pr_info("exit comm=%s THIS_MODULE=%s\n", current->comm, THIS_MODULE->name);
	if (show_modules)
		print_modules();
	if (!leak && page)
		free_page(page);
}

module_init(testmod_init);
module_exit(testmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ukmem loader test module");
MODULE_VERSION("1.2");
