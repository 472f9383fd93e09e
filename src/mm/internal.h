/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/internal.h - what the mm files share: the machine's layout, the
 * allocator's internal flags and entry points, the sysctls, and the
 * statistics plumbing.
 *
 * Lock order (outermost first):
 *   ukmem_boot_lock (plat once lock)  >  pcp->lock  >  zone->lock
 * A pcp lock is only ever held for the calling thread's modelled CPU or,
 * in drain_all_pages(), for one CPU at a time.  Nothing in mm/ sleeps with
 * a spinlock held; the __GFP_NOFAIL wait uses ukmem_nofail_wait() with no
 * lock held.
 */
#ifndef UKMEM_MM_INTERNAL_H
#define UKMEM_MM_INTERNAL_H

#include <linux/types.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/gfp.h>
#include <platform/plat.h>
#include <kernel/kinternal.h>

/* ---- the machine's physical layout (mm_init.c) ---- */

/* One e820-like range of the documented physical memory map. */
struct ukmem_mem_range {
	u64 start; /* physical address */
	u64 end; /* exclusive */
	int type; /* UKMEM_E820_* */
};
#define UKMEM_E820_RAM 1
#define UKMEM_E820_RESERVED 2
#define UKMEM_MAX_RANGES 16

struct ukmem_machine {
	enum ukmem_arch arch;
	const char *arch_name;
	int phys_handle; /* the physical-memory object */
	u64 phys_size; /* bytes of the object (highest RAM end - phys base) */
	struct ukmem_mem_range ranges[UKMEM_MAX_RANGES];
	int nr_ranges;
	void *direct_map; /* == PAGE_OFFSET */
	size_t direct_map_len;
	void *mem_map_area; /* anon mapping holding struct pages */
	size_t mem_map_len;
	unsigned long min_pfn; /* first pfn covered by mem_map */
	unsigned int arch_page_struct_size; /* modelled sizeof(struct page) */
	u64 dma_limit; /* end of ZONE_DMA (phys), 0 if none */
	u64 dma32_limit; /* end of ZONE_DMA32, 0 if none */
	u64 lowmem_limit; /* end of lowmem (32-bit arches) */
	unsigned long reserved_pages; /* present - managed, all zones */
	unsigned long memmap_pages; /* the part of reserved_pages that is mem_map */
	bool relocated; /* direct map not at the preferred address */
};

extern struct ukmem_machine ukmem_m;

/*
 * ukmem's allocation state of a page, in bits 24..28 of page->flags (bits
 * the reference kernel leaves unused between the PG_ flags and
 * last_cpupid; dump_page() masks them out so dumps read as the kernel's):
 * the order+1 an allocation was handed out with (head page only; 0 = not
 * the head of a live allocation), and whether bad_page() took the block
 * out of service.  This is what lets ukmem catch a wrong order at free
 * time, which Linux cannot.  Kept in struct page rather than beside it:
 * that cache line is written on every alloc and free anyway, so two CPUs
 * working on neighbouring pages do not share a line for it.
 * It is written only with the lock that hands the block over (pcp or
 * zone lock), so a fork() snapshot never sees a block in flight.
 */
#define PFN_STATE_SHIFT 24
#define PFN_STATE_ORDER_MASK 0x0f
#define PFN_STATE_OUT_OF_SERVICE 0x10
#define PFN_STATE_FLAGS_MASK (0x1fUL << PFN_STATE_SHIFT)

static inline u8 page_ukstate(const struct page *page)
{
	return (u8)((page->flags >> PFN_STATE_SHIFT) & 0x1f);
}

static inline void set_page_ukstate(struct page *page, u8 state)
{
	/* marked: a zone->lock holder may read this word (page_is_buddy()) */
	WRITE_ONCE(page->flags, (page->flags & ~PFN_STATE_FLAGS_MASK) |
					((unsigned long)state << PFN_STATE_SHIFT));
}

int ukmem_mm_init(void); /* lay out memory, zones, free lists */
void ukmem_mm_exit(void); /* release everything */
bool ukmem_pfn_is_ram(unsigned long pfn);

/* ---- allocator internals (page_alloc.c) ---- */

/* alloc_flags, with 6.12's values */
#define ALLOC_WMARK_MIN WMARK_MIN
#define ALLOC_WMARK_LOW WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04
#define ALLOC_WMARK_MASK (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM 0x08
#define ALLOC_NON_BLOCK 0x10
#define ALLOC_MIN_RESERVE 0x20
#define ALLOC_CPUSET 0x40
#define ALLOC_CMA 0x80
#define ALLOC_NOFRAGMENT 0x100
#define ALLOC_HIGHATOMIC 0x200
#define ALLOC_KSWAPD 0x800
/* pfn_valid() without a range walk: one bit per 128 MiB section (x86_64) */
extern unsigned long *ukmem_valid_sections;
bool ukmem_pfn_valid_run(unsigned long *pfn, unsigned long *end);

#define ALLOC_RESERVES (ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

struct alloc_context {
	struct zonelist *zonelist;
	nodemask_t *nodemask;
	struct zoneref *preferred_zoneref;
	int migratetype;
	int highest_zoneidx; /* local zone index */
};

/* sysctls (vm.*) */
extern int min_free_kbytes;
extern int user_min_free_kbytes;
extern int watermark_scale_factor;
extern int percpu_pagelist_high_fraction;
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES]; /* by local index */

void setup_per_zone_wmarks(void);
void setup_per_zone_lowmem_reserve(void);
void zone_pcp_update_all(void);
int calculate_min_free_kbytes(void);
int khugepaged_min_free_kbytes(void);
void init_per_zone_wmark_min(void);
void ukmem_build_zonelists(void);

/* boot hands pages to the buddy allocator with this */
void __free_pages_core(struct page *page, unsigned int order);
void ukmem_page_alloc_boot(void); /* per-boot state: pcp lists, counters */
void ukmem_page_alloc_exit(void);

static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page->private;
}

static inline int get_pageblock_migratetype(const struct page *page);

/* pageblock migratetype bitmap: one byte-ish entry per pageblock */
int ukmem_get_pfnblock_migratetype(const struct zone *zone, unsigned long pfn);
void ukmem_set_pfnblock_migratetype(struct zone *zone, unsigned long pfn, int mt);

static inline int get_pageblock_migratetype(const struct page *page)
{
	return ukmem_get_pfnblock_migratetype(page_zone(page), page_to_pfn(page));
}

/* ---- statistics ---- */

static inline void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long nr)
{
	atomic_long_add(nr, &zone->vm_stat[item]);
}

static inline void __mod_node_page_state(struct pglist_data *pgdat, enum node_stat_item item,
					 long nr)
{
	atomic_long_add(nr, &pgdat->vm_stat[item]);
}

/* A plain counter written only under its lock, read racily by views. */
#define ukmem_stat_add(field, n)                                                      \
	__atomic_store_n(&(field), __atomic_load_n(&(field), __ATOMIC_RELAXED) + (n), \
			 __ATOMIC_RELAXED)
#define ukmem_stat_read(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)

/* Global event counters not kept per pcp (rare paths). */
struct ukmem_vm_events {
	atomic_long_t allocstall;
	atomic_long_t oom_kill;
	atomic_long_t pgalloc_fail; /* ukmem: failed allocations */
	atomic_long_t numa_hit, numa_miss, numa_foreign, numa_local, numa_other;
};
extern struct ukmem_vm_events ukmem_vm_events;

/* ---- reports (debug.c, show_mem.c) ---- */

/*
 * bad_page - report a page in a bad state, taint B, take it out of
 * service.  Rate-limited as 6.12 (60 reports per minute, then a count).
 */
void bad_page(struct page *page, const char *reason);
/* Never hand out or free this block again; counted as held back. */
void ukmem_take_out_of_service(struct page *page, unsigned int order);
/* The VM_BUG_ON_PAGE report: page dump, then BUG.  Returns only under
 * ukmem.bug=warn (caller must refuse the operation). */
void ukmem_vm_bug_on_page(struct page *page, const char *reason, const char *file, int line);
#define VM_BUG_ON_PAGE_REFUSE(cond, page) VM_BUG_ON_PAGE_REFUSE_AS(cond, page, #cond)
/* @text: the condition as the kernel's own check spells it, for the dump */
#define VM_BUG_ON_PAGE_REFUSE_AS(cond, page, text)                                              \
	(unlikely(cond)                                                                         \
		 ? (ukmem_vm_bug_on_page(page, "VM_BUG_ON_PAGE(" text ")", __FILE__, __LINE__), \
		    true)                                                                       \
		 : false)
#define VM_BUG_ON_FOLIO_REFUSE_AS(cond, page, text)                                              \
	(unlikely(cond)                                                                          \
		 ? (ukmem_vm_bug_on_page(page, "VM_BUG_ON_FOLIO(" text ")", __FILE__, __LINE__), \
		    true)                                                                        \
		 : false)

void warn_alloc(gfp_t gfp_mask, nodemask_t *nodemask, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void show_free_areas(int filter, nodemask_t *nodemask, int max_zone_idx);
void ukmem_show_mem(void);
/* The OOM report for a request ukmem cannot satisfy (no killer to call). */
void ukmem_out_of_memory(gfp_t gfp_mask, unsigned int order);

/* printing a migratetype mask as show_mem's "(UME)" letters */
void ukmem_show_migration_types(unsigned char types, char *buf, size_t size);

/* ukmem's own reports for bad frees (debug.c); each returns false (refused) */
bool ukmem_free_wrong_order(struct page *page, unsigned int order, u8 state, bool restore_ref);
void ukmem_report_bad_free(const struct page *page, unsigned int order);
void ukmem_report_bad_free_addr(unsigned long addr, unsigned int order);
/* zero a page with no kernel mapping (highmem) through a kmap_local slot */
void ukmem_clear_highpage_slow(struct page *page);

/* boot.c: boot the default machine on first use */
int ukmem_boot_default(void);
void ukmem_mm_report(void);

/* ---- consistency (check.c) ---- */
int ukmem_mm_check(void); /* errors found, each reported */

/* ---- pages in use ---- */
unsigned long ukmem_zone_pcp_pages(const struct zone *zone);

/* core string helpers (lib/string.c) for the freestanding core */
#define ukmem_memset __builtin_memset
#define ukmem_memcpy __builtin_memcpy

#endif /* UKMEM_MM_INTERNAL_H */
