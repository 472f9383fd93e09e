/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/page-flags.h - page flags and page types as Linux 6.12 lays them
 * out on x86_64 with the reference configuration:
 *
 *   bits 63..54  node (NODES_SHIFT 10)
 *   bits 53..51  zone (ZONES_SHIFT 3)
 *   bits 50..30  last_cpupid (21 bits; all ones = none)
 *   bits 24..28  ukmem's allocation state (see mm/internal.h); never
 *                printed: dump_page() masks them out
 *   bits  0..22  PG_* flags below
 *
 * so that dump_page() prints the same "flags:" and "raw:" words as the
 * kernel.  A page type (buddy, slab, ...) lives in the top byte of
 * page->page_type, which shares storage with _mapcount; 0xffffffff (a
 * _mapcount of -1) means "no type".
 */
#ifndef UKMEM_LINUX_PAGE_FLAGS_H
#define UKMEM_LINUX_PAGE_FLAGS_H

#include <linux/types.h>
#include <linux/compiler.h>

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_owner_priv_1,
	PG_owner_2,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_hwpoison,
	PG_young,
	PG_idle,
	__NR_PAGEFLAGS,
};

#define NODES_SHIFT 10
#define ZONES_SHIFT 3
#define LAST_CPUPID_SHIFT 21
#define NODES_PGSHIFT (64 - NODES_SHIFT)
#define ZONES_PGSHIFT (NODES_PGSHIFT - ZONES_SHIFT)
#define LAST_CPUPID_PGSHIFT (ZONES_PGSHIFT - LAST_CPUPID_SHIFT)
#define NODES_MASK ((1UL << NODES_SHIFT) - 1)
#define ZONES_MASK ((1UL << ZONES_SHIFT) - 1)
#define LAST_CPUPID_MASK ((1UL << LAST_CPUPID_SHIFT) - 1)

/* Flags that must be clear when a page is freed or handed out. */
#define PAGE_FLAGS_CHECK_AT_FREE                                                              \
	((1UL << PG_lru) | (1UL << PG_locked) | (1UL << PG_private) | (1UL << PG_private_2) | \
	 (1UL << PG_writeback) | (1UL << PG_reserved) | (1UL << PG_active) |                  \
	 (1UL << PG_unevictable) | (1UL << PG_mlocked) | (1UL << PG_swapbacked))
#define PAGE_FLAGS_CHECK_AT_PREP ((1UL << __NR_PAGEFLAGS) - 1)

/* Page types: top byte of page_type. */
enum pagetype {
	PGTY_buddy = 0xf0,
	PGTY_offline = 0xf1,
	PGTY_table = 0xf2,
	PGTY_guard = 0xf3,
	PGTY_hugetlb = 0xf4,
	PGTY_slab = 0xf5,
	PGTY_zsmalloc = 0xf6,
	PGTY_unaccepted = 0xf7,
	PGTY_mapcount_underflow = 0xff,
};

struct page;
/* Defined in linux/mm_types.h; the accessors below are macros over it. */

#define __PF_TEST(flag, page) (((page)->flags >> (flag)) & 1UL)

#define PageLocked(p) __PF_TEST(PG_locked, p)
#define PageReferenced(p) __PF_TEST(PG_referenced, p)
#define PageUptodate(p) __PF_TEST(PG_uptodate, p)
#define PageDirty(p) __PF_TEST(PG_dirty, p)
#define PageLRU(p) __PF_TEST(PG_lru, p)
#define PageHead(p) __PF_TEST(PG_head, p)
#define PageActive(p) __PF_TEST(PG_active, p)
#define PageReserved(p) __PF_TEST(PG_reserved, p)
#define PagePrivate(p) __PF_TEST(PG_private, p)
#define PageHWPoison(p) __PF_TEST(PG_hwpoison, p)
#define PageTail(p) ((READ_ONCE((p)->compound_head) & 1UL) != 0)
#define PageCompound(p) (PageHead(p) || PageTail(p))

/*
 * Flag and type updates are marked stores: the page's owner is their only
 * writer, but a zone->lock holder may look at the same words at any time
 * (page_is_buddy() on a neighbour, a pageblock's census: page_alloc.c),
 * as in 6.12.  The owner's own loads stay plain.
 */
#define __PF_SET(flag, p) WRITE_ONCE((p)->flags, (p)->flags | (1UL << (flag)))
#define __PF_CLEAR(flag, p) WRITE_ONCE((p)->flags, (p)->flags & ~(1UL << (flag)))
#define SetPageReserved(p) __PF_SET(PG_reserved, p)
#define ClearPageReserved(p) __PF_CLEAR(PG_reserved, p)
#define __SetPageReserved(p) SetPageReserved(p)
#define __ClearPageReserved(p) ClearPageReserved(p)
#define __SetPageHead(p) __PF_SET(PG_head, p)
#define __ClearPageHead(p) __PF_CLEAR(PG_head, p)
#define SetPageDirty(p) __PF_SET(PG_dirty, p)
#define ClearPageDirty(p) __PF_CLEAR(PG_dirty, p)
#define SetPageUptodate(p) __PF_SET(PG_uptodate, p)

/* As 6.12: a type is a page_type below PAGE_MAPCOUNT_RESERVE as a signed int. */
#define PAGE_MAPCOUNT_RESERVE (~0x0000ffff)
#define page_has_type(p) ((int)(p)->page_type < PAGE_MAPCOUNT_RESERVE)
#define __page_type_is(p, t) (((p)->page_type >> 24) == (unsigned int)(t))
#define PageBuddy(p) __page_type_is(p, PGTY_buddy)
#define PageSlab(p) __page_type_is(p, PGTY_slab)
#define PageTable(p) __page_type_is(p, PGTY_table)
#define PageGuard(p) __page_type_is(p, PGTY_guard)
#define PageOffline(p) __page_type_is(p, PGTY_offline)
#define __SetPageType(p, t) WRITE_ONCE((p)->page_type, (unsigned int)(t) << 24)
#define __ClearPageType(p) WRITE_ONCE((p)->page_type, 0xffffffffu)
#define __SetPageBuddy(p) __SetPageType(p, PGTY_buddy)
#define __ClearPageBuddy(p) __ClearPageType(p)
#define __SetPageSlab(p) __SetPageType(p, PGTY_slab)
#define __ClearPageSlab(p) __ClearPageType(p)

#endif /* UKMEM_LINUX_PAGE_FLAGS_H */
