// SPDX-License-Identifier: GPL-2.0
/*
 * noname.c - a module built without KBUILD_MODNAME: the loader names it
 * after its file (test-noname.so -> "test_noname") and pr_fmt's
 * KBUILD_MODNAME falls back to this file's name.  Its licence is not
 * GPL-compatible, so it taints the kernel P.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>

static int __init noname_init(void)
{
	pr_info("hello from %s\n", THIS_MODULE->name);
	return 0;
}

static void __exit noname_exit(void)
{
}

module_init(noname_init);
module_exit(noname_exit);
MODULE_LICENSE("Proprietary");
