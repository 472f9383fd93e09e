// SPDX-License-Identifier: GPL-2.0
/* noexit.c - a module with an init and no exit, which rmmod must refuse. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>

static int __init noexit_init(void)
{
	pr_info("loaded, cannot be unloaded\n");
	return 0;
}

module_init(noexit_init);
MODULE_LICENSE("Dual BSD/GPL");
