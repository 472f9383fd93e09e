/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/mmzone.h - nodes, zones, free areas and per-CPU page lists.
 *
 * The zone types form a superset enum (all arches); each modelled arch
 * configures a subset, in the kernel's order, and numbers them locally
 * 0..nr_zones-1 exactly as that arch's kernel does: the local number is
 * what page->flags, /proc and lowmem_reserve use.  ukmem_zone_type[local]
 * maps back to the enum.
 *
 * Invariants of struct zone (checked by ukmem_check, zone->lock held):
 *   sum over o of free_area[o].nr_free << o  ==  NR_FREE_PAGES of the zone
 *   free_area[o].nr_free  ==  total length of free_area[o].free_list[*]
 *   every block on free_list[mt] at order o: PageBuddy, private == o,
 *     pfn aligned to 1 << o, inside the zone, _refcount == 0
 *   no two free blocks overlap, and no free block has a free buddy of
 *     the same order that it could merge with (same pageblock class)
 *   managed_pages  ==  present_pages - pages reserved at boot
 */
#ifndef UKMEM_LINUX_MMZONE_H
#define UKMEM_LINUX_MMZONE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/mm_types.h>
#include <asm/page.h>

#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1 << MAX_PAGE_ORDER)
#define PAGE_ALLOC_COSTLY_ORDER 3
#define MAX_NUMNODES 64
#define NR_CPUS 64
#define NUMA_NO_NODE (-1)

extern unsigned int ukmem_pageblock_order;
#define pageblock_order ukmem_pageblock_order
#define pageblock_nr_pages (1UL << pageblock_order)

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free; /* blocks of this order, all types */
};

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	__MAX_NR_ZONES
};
#define MAX_NR_ZONES __MAX_NR_ZONES

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ZONE_LRU_BASE,
	NR_ZONE_INACTIVE_ANON = NR_ZONE_LRU_BASE,
	NR_ZONE_ACTIVE_ANON,
	NR_ZONE_INACTIVE_FILE,
	NR_ZONE_ACTIVE_FILE,
	NR_ZONE_UNEVICTABLE,
	NR_ZONE_WRITE_PENDING,
	NR_MLOCK,
	NR_BOUNCE,
	NR_ZSPAGES,
	NR_FREE_CMA_PAGES,
	NR_UNACCEPTED,
	NR_VM_ZONE_STAT_ITEMS
};

enum numa_stat_item {
	NUMA_HIT,
	NUMA_MISS,
	NUMA_FOREIGN,
	NUMA_INTERLEAVE_HIT,
	NUMA_LOCAL,
	NUMA_OTHER,
	NR_VM_NUMA_EVENT_ITEMS
};

/* In /proc/zoneinfo's "per-node stats" order (6.12). */
enum node_stat_item {
	NR_LRU_BASE,
	NR_INACTIVE_ANON = NR_LRU_BASE,
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_SLAB_RECLAIMABLE_B,
	NR_SLAB_UNRECLAIMABLE_B,
	NR_ISOLATED_ANON,
	NR_ISOLATED_FILE,
	WORKINGSET_NODES,
	WORKINGSET_REFAULT_BASE,
	WORKINGSET_REFAULT_ANON = WORKINGSET_REFAULT_BASE,
	WORKINGSET_REFAULT_FILE,
	WORKINGSET_ACTIVATE_BASE,
	WORKINGSET_ACTIVATE_ANON = WORKINGSET_ACTIVATE_BASE,
	WORKINGSET_ACTIVATE_FILE,
	WORKINGSET_RESTORE_BASE,
	WORKINGSET_RESTORE_ANON = WORKINGSET_RESTORE_BASE,
	WORKINGSET_RESTORE_FILE,
	WORKINGSET_NODERECLAIM,
	NR_ANON_MAPPED,
	NR_FILE_MAPPED,
	NR_FILE_PAGES,
	NR_FILE_DIRTY,
	NR_WRITEBACK,
	NR_WRITEBACK_TEMP,
	NR_SHMEM,
	NR_SHMEM_THPS,
	NR_SHMEM_PMDMAPPED,
	NR_FILE_THPS,
	NR_FILE_PMDMAPPED,
	NR_ANON_THPS,
	NR_VMSCAN_WRITE,
	NR_VMSCAN_IMMEDIATE,
	NR_DIRTIED,
	NR_WRITTEN,
	NR_THROTTLED_WRITTEN,
	NR_KERNEL_MISC_RECLAIMABLE,
	NR_FOLL_PIN_ACQUIRED,
	NR_FOLL_PIN_RELEASED,
	NR_KERNEL_STACK_KB,
	NR_PAGETABLE,
	NR_SECONDARY_PAGETABLE,
	NR_IOMMU_PAGES,
	NR_SWAPCACHE,
	PGPROMOTE_SUCCESS,
	PGPROMOTE_CANDIDATE,
	PGDEMOTE_KSWAPD,
	PGDEMOTE_DIRECT,
	PGDEMOTE_KHUGEPAGED,
	NR_VM_NODE_STAT_ITEMS
};

/*
 * Per-CPU page lists.  Lists are indexed 3 * order + migratetype for
 * orders 0..PAGE_ALLOC_COSTLY_ORDER, then two lists for pageblock-order
 * (THP) blocks, unmovable and movable: NR_PCP_LISTS == 14 as in 6.12.
 * Invariant: count == sum over lists of (pages of each block), and
 * no page on a pcp list is PageBuddy or counted in NR_FREE_PAGES.
 */
#define NR_PCP_THP 2
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS (NR_LOWORDER_PCP_LISTS + NR_PCP_THP)

struct per_cpu_pages {
	spinlock_t lock;
	int count; /* pages on the lists */
	int high; /* auto-tuned high mark */
	int high_min;
	int high_max;
	int batch;
	u8 flags;
	u8 alloc_factor;
	short free_count; /* consecutive frees, for batching */
	struct list_head lists[NR_PCP_LISTS];
	/* ukmem: event counts for this CPU and zone, folded on read */
	unsigned long pgalloc;
	unsigned long pgfree;
	unsigned long numa_hit;
	unsigned long numa_local;
	unsigned long numa_other;
	unsigned long numa_miss;
	unsigned long numa_foreign;
} __attribute__((aligned(64)));

struct pglist_data;

struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	unsigned long nr_free_highatomic; /* free pages on HighAtomic lists */
	long lowmem_reserve[MAX_NR_ZONES]; /* by local zone index */
	int node;
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset; /* [nr_cpu_ids] */
	int pageset_high_min;
	int pageset_high_max;
	int pageset_batch;
	unsigned long *pageblock_flags; /* migratetype of each pageblock */
	unsigned long zone_start_pfn;
	atomic_long_t managed_pages;
	unsigned long spanned_pages;
	unsigned long present_pages;
	const char *name;
	enum zone_type type; /* ukmem: superset type */
	int zone_idx; /* ukmem: local index on this arch */
	spinlock_t lock;
	struct free_area free_area[NR_PAGE_ORDERS];
	unsigned long flags;
	atomic_long_t vm_stat[NR_VM_ZONE_STAT_ITEMS];
	atomic_long_t vm_numa_event[NR_VM_NUMA_EVENT_ITEMS];
	unsigned long ukmem_bad_pages; /* taken out of service by bad_page() */
	/* ukmem: events of the buddy path, written under lock like the pcp ones */
	unsigned long pgalloc_buddy;
	unsigned long pgfree_buddy;
} __attribute__((aligned(64)));

struct zoneref {
	struct zone *zone;
	int zone_idx;
};

#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)
struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES]; /* local index */
	struct zonelist node_zonelists[1]; /* ZONELIST_FALLBACK */
	int nr_zones; /* highest populated local index + 1 */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	unsigned long totalreserve_pages;
	atomic_long_t vm_stat[NR_VM_NODE_STAT_ITEMS];
} pg_data_t;

extern struct pglist_data *ukmem_node_data[MAX_NUMNODES];
extern int ukmem_nr_zones; /* zones configured on this arch */
extern enum zone_type ukmem_zone_type[MAX_NR_ZONES]; /* local index -> type */
extern int nr_online_nodes;
extern unsigned int nr_cpu_ids;

#define NODE_DATA(nid) (ukmem_node_data[nid])
#define zone_idx(zone) ((zone)->zone_idx)
#define for_each_online_node(nid) for ((nid) = 0; (nid) < nr_online_nodes; (nid)++)
#define for_each_online_cpu(cpu) for ((cpu) = 0; (cpu) < (int)nr_cpu_ids; (cpu)++)
#define for_each_possible_cpu(cpu) for_each_online_cpu(cpu)
#define for_each_zone(zone)                                   \
	for (int __nid = 0; __nid < nr_online_nodes; __nid++) \
		for (zone = NODE_DATA(__nid)->node_zones;     \
		     zone < NODE_DATA(__nid)->node_zones + ukmem_nr_zones; zone++)
#define for_each_populated_zone(zone)        \
	for_each_zone(zone)                  \
		if (!populated_zone(zone)) { \
		} else

static inline unsigned long zone_managed_pages(const struct zone *zone)
{
	return (unsigned long)atomic_long_read(&zone->managed_pages);
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone_managed_pages(zone) != 0;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline bool is_highmem(const struct zone *zone)
{
	return zone->type == ZONE_HIGHMEM;
}

static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_MIN] + z->watermark_boost;
}
static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_LOW] + z->watermark_boost;
}
static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_HIGH] + z->watermark_boost;
}
static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks i)
{
	return z->_watermark[i] + z->watermark_boost;
}

static inline unsigned long zone_page_state(const struct zone *zone, enum zone_stat_item item)
{
	long x = atomic_long_read(&zone->vm_stat[item]);

	return x < 0 ? 0 : (unsigned long)x;
}

static inline unsigned long node_page_state(const struct pglist_data *pgdat,
					    enum node_stat_item item)
{
	long x = atomic_long_read(&pgdat->vm_stat[item]);

	return x < 0 ? 0 : (unsigned long)x;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags);
bool zone_watermark_ok_safe(struct zone *z, unsigned int order, unsigned long mark,
			    int highest_zoneidx);
struct zone *ukmem_zone_by_type(int nid, enum zone_type type); /* NULL if not on this arch */

#endif /* UKMEM_LINUX_MMZONE_H */
