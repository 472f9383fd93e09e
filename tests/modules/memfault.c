// SPDX-License-Identifier: GPL-2.0
/*
 * memfault.c - a module whose init writes into the guard page of its own
 * vmalloc area, as the lab module behind the 6.12 sample
 * oops-vmalloc-guard.txt does (test_oops.c runs it under `ukmem run`).
 */
/* the write past the area is the point; the compiler sees it at -O2 */
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wunknown-warning-option"
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/vmalloc.h>

static int __init memfault_init(void)
{
	char *p = vmalloc(PAGE_SIZE);
	volatile char *volatile guard;

	if (!p)
		return -ENOMEM;
	pr_info("memfault: >>> p = vmalloc(PAGE_SIZE) = %px; p[PAGE_SIZE] = 0x42 (guard page)\n",
		p);
	/* through a volatile pointer: neither the compiler nor UBSan's object-size check stops it */
	guard = p + PAGE_SIZE;
	*guard = 0x42;
	vfree(p);
	return 0;
}

static void __exit memfault_exit(void)
{
}

module_init(memfault_init);
module_exit(memfault_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("writes past a vmalloc area");
