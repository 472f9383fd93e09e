/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/mm_types.h - struct page and struct folio.
 *
 * struct page is 64 bytes on a 64-bit host, with the kernel's word layout
 * so that dump_page()'s "raw:" words read as the kernel's do:
 *
 *   0 flags | 8 lru.next / compound_head | 16 lru.prev | 24 mapping |
 *   32 index | 40 private | 48 _mapcount/page_type | 52 _refcount |
 *   56 memcg_data
 *
 * Invariants (checked by ukmem_check):
 *   free buddy head:  page_type == PGTY_buddy<<24, private == order,
 *                     _refcount == 0, on free_area[order].free_list[mt]
 *   allocated head:   _refcount >= 1, no page type (or a later owner's)
 *   compound tail:    compound_head == (unsigned long)head | 1
 *   first tail:       low byte of flags == folio order (as _flags_1)
 */
#ifndef UKMEM_LINUX_MM_TYPES_H
#define UKMEM_LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/atomic.h>
#include <linux/page-flags.h>

struct address_space;

struct page {
	unsigned long flags;
	union {
		struct {
			union {
				struct list_head lru;
				struct list_head buddy_list;
				struct list_head pcp_list;
			};
			struct address_space *mapping;
			union {
				pgoff_t index;
				unsigned long share;
			};
			unsigned long private;
		};
		struct {
			unsigned long compound_head; /* bit 0 set: tail page */
		};
		struct {
			void *__slab_word[5]; /* the slab layer overlays struct slab */
		};
	};
	union {
		atomic_t _mapcount;
		unsigned int page_type;
	};
	atomic_t _refcount;
	unsigned long memcg_data;
};

_Static_assert(sizeof(struct page) == 8 * sizeof(long), "struct page is 8 words");

/* A folio is a page that is not a tail page; same storage. */
struct folio {
	struct page page;
};

#define page_folio(p) ((struct folio *)compound_head(p))
#define folio_page(folio, n) (&(folio)->page + (n))

#endif /* UKMEM_LINUX_MM_TYPES_H */
