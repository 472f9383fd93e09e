// SPDX-License-Identifier: GPL-2.0
/* undef.c - a module that needs a symbol libukmem does not provide. */
#include <linux/module.h>

int ukmem_test_missing_symbol(void);

static int __init undef_init(void)
{
	return ukmem_test_missing_symbol();
}

module_init(undef_init);
MODULE_LICENSE("GPL");
