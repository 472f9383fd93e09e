/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/page_owner.h - page_owner=on: who allocated each page.
 *
 * The records and the /sys/kernel/debug/page_owner views live in
 * src/mm/page_owner.c; what the kernel API offers other code is the
 * dump_page() addition, dump_page_owner().
 */
#ifndef UKMEM_LINUX_PAGE_OWNER_H
#define UKMEM_LINUX_PAGE_OWNER_H

#include <linux/compiler.h>
#include <linux/types.h>

struct page;

extern bool _page_owner_inited;
void __dump_page_owner(const struct page *page);

/* The page_owner lines of a page dump; nothing unless page_owner=on. */
static __always_inline void dump_page_owner(const struct page *page)
{
	if (__atomic_load_n(&_page_owner_inited, __ATOMIC_RELAXED))
		__dump_page_owner(page);
}

#endif /* UKMEM_LINUX_PAGE_OWNER_H */
