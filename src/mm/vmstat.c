// SPDX-License-Identifier: GPL-2.0
/*
 * mm/vmstat.c - the page allocator's views: /proc/buddyinfo,
 * /proc/pagetypeinfo, /proc/zoneinfo, /proc/vmstat, /proc/meminfo and the
 * /proc/sys/vm knobs, in Linux 6.12's formats byte for byte.
 *
 * What it owns: the text of those views and the parsing of the knobs'
 * writes.  The numbers come from the zone and node structures that
 * mm_init.c fills and page_alloc.c maintains; the recomputation after a
 * knob changes is page_alloc.c's (setup_per_zone_wmarks() and friends),
 * called exactly where 6.12's sysctl handlers call it.
 *
 * /sys/devices/system/node/nodeN/{meminfo,numastat,vmstat} are the
 * per-node forms (drivers/base/node.c's formats); the node's distance and
 * cpumap files are not modelled.
 *
 * Views: each show function walks the nodes and the arch's zones in the
 * kernel's order and prints with the kernel's format strings.  The kernel
 * prints every zone the arch configures in zoneinfo (an unpopulated one
 * ends after its "protection:" line) and only populated zones in
 * buddyinfo and pagetypeinfo; the same here, with the arch's zone count
 * (ukmem_nr_zones) where the kernel has MAX_NR_ZONES.
 *
 * Counters: the kernel folds per-CPU deltas into zone and node counters;
 * here the zone/node counters are atomics that page_alloc.c updates
 * directly, and the event counters are summed on read:
 *   pgalloc_<zone>  = sum over nodes and CPUs of that zone's pcp->pgalloc
 *                     + zone->pgalloc_buddy
 *   pgfree          = sum of every pcp->pgfree + zone->pgfree_buddy
 *   numa_* (zone)   = zone->vm_numa_event[] + that zone's pcp numa fields;
 *                     /proc/vmstat adds ukmem_vm_events.numa_* (events no
 *                     zone owns) to the sum over zones
 *   allocstall_*    = ukmem_vm_events.allocstall, shown under the Normal
 *                     zone (the kernel counts it by the request's highest
 *                     zone; ukmem keeps one total)
 *   oom_kill        = ukmem_vm_events.oom_kill
 * Every other event 6.12 prints is 0: there is no reclaim, compaction,
 * swap, page cache or THP here.  Node counters are pages (the kernel's
 * NR_SLAB_*_B node counters are pages too, despite the name), except
 * NR_KERNEL_STACK_KB, which is kB as in the kernel.
 *
 * Locking: reading a view takes each zone's lock while printing that zone,
 * as the kernel's walk_zones_in_node() does (pagetypeinfo walks the free
 * lists, which needs it); per-CPU fields and counters are read with
 * relaxed atomic loads, without their locks, as the kernel reads them.
 * Nothing here allocates or changes a counter, so reading twice prints
 * the same thing.  Knob writes arrive serialised by kernel/proc.c; the
 * lock order is that write lock > pcp locks > zone locks.
 *
 * Where it differs from Linux: the list of /proc/vmstat counters and the
 * /proc/meminfo lines are those of the reference config (x86_64 Debian
 * 6.12: NUMA, THP, memcg, swap, zswap, KSM, balloon, NUMA balancing, no
 * CMA); i386 and arm print the same set except where the arch decides a
 * line (Unaccepted and thp_split_pud on x86_64 only; DirectMap and
 * direct_map_* on x86 only; HardwareCorrupted not on arm; HighTotal..LowFree
 * with highmem).  A multi-value write (lowmem_reserve_ratio) with a bad
 * value changes nothing and fails with -EINVAL, where the kernel stores
 * the values before the bad one and returns 0 from that handler.
 * meminfo values with no source here are 0 (Cached, Committed_AS, Percpu:
 * no page cache, no processes, no percpu allocator); DirectMap4k/2M are
 * modelled from the RAM map: each RAM range of the direct map is mapped
 * with 4k pages up to the first 2 MiB boundary and after the last, 2M
 * pages between (no 1G pages: the reference machine's CPU has none, and
 * its meminfo has no DirectMap1G line).
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include "internal.h"
#include "page_debug.h"
#include <kernel/proc.h>

#define HPAGE_PMD_NR 512
#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

/* ------------------------------------------------------------------ */
/* counter names, in 6.12's vmstat_text order                          */

static const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	[NR_FREE_PAGES] = "nr_free_pages",
	[NR_ZONE_INACTIVE_ANON] = "nr_zone_inactive_anon",
	[NR_ZONE_ACTIVE_ANON] = "nr_zone_active_anon",
	[NR_ZONE_INACTIVE_FILE] = "nr_zone_inactive_file",
	[NR_ZONE_ACTIVE_FILE] = "nr_zone_active_file",
	[NR_ZONE_UNEVICTABLE] = "nr_zone_unevictable",
	[NR_ZONE_WRITE_PENDING] = "nr_zone_write_pending",
	[NR_MLOCK] = "nr_mlock",
	[NR_BOUNCE] = "nr_bounce",
	[NR_ZSPAGES] = "nr_zspages",
	[NR_FREE_CMA_PAGES] = "nr_free_cma",
	[NR_UNACCEPTED] = "nr_unaccepted",
};

static const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = {
	[NUMA_HIT] = "numa_hit",	 [NUMA_MISS] = "numa_miss",
	[NUMA_FOREIGN] = "numa_foreign", [NUMA_INTERLEAVE_HIT] = "numa_interleave",
	[NUMA_LOCAL] = "numa_local",	 [NUMA_OTHER] = "numa_other",
};

static const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
	[NR_INACTIVE_ANON] = "nr_inactive_anon",
	[NR_ACTIVE_ANON] = "nr_active_anon",
	[NR_INACTIVE_FILE] = "nr_inactive_file",
	[NR_ACTIVE_FILE] = "nr_active_file",
	[NR_UNEVICTABLE] = "nr_unevictable",
	[NR_SLAB_RECLAIMABLE_B] = "nr_slab_reclaimable",
	[NR_SLAB_UNRECLAIMABLE_B] = "nr_slab_unreclaimable",
	[NR_ISOLATED_ANON] = "nr_isolated_anon",
	[NR_ISOLATED_FILE] = "nr_isolated_file",
	[WORKINGSET_NODES] = "workingset_nodes",
	[WORKINGSET_REFAULT_ANON] = "workingset_refault_anon",
	[WORKINGSET_REFAULT_FILE] = "workingset_refault_file",
	[WORKINGSET_ACTIVATE_ANON] = "workingset_activate_anon",
	[WORKINGSET_ACTIVATE_FILE] = "workingset_activate_file",
	[WORKINGSET_RESTORE_ANON] = "workingset_restore_anon",
	[WORKINGSET_RESTORE_FILE] = "workingset_restore_file",
	[WORKINGSET_NODERECLAIM] = "workingset_nodereclaim",
	[NR_ANON_MAPPED] = "nr_anon_pages",
	[NR_FILE_MAPPED] = "nr_mapped",
	[NR_FILE_PAGES] = "nr_file_pages",
	[NR_FILE_DIRTY] = "nr_dirty",
	[NR_WRITEBACK] = "nr_writeback",
	[NR_WRITEBACK_TEMP] = "nr_writeback_temp",
	[NR_SHMEM] = "nr_shmem",
	[NR_SHMEM_THPS] = "nr_shmem_hugepages",
	[NR_SHMEM_PMDMAPPED] = "nr_shmem_pmdmapped",
	[NR_FILE_THPS] = "nr_file_hugepages",
	[NR_FILE_PMDMAPPED] = "nr_file_pmdmapped",
	[NR_ANON_THPS] = "nr_anon_transparent_hugepages",
	[NR_VMSCAN_WRITE] = "nr_vmscan_write",
	[NR_VMSCAN_IMMEDIATE] = "nr_vmscan_immediate_reclaim",
	[NR_DIRTIED] = "nr_dirtied",
	[NR_WRITTEN] = "nr_written",
	[NR_THROTTLED_WRITTEN] = "nr_throttled_written",
	[NR_KERNEL_MISC_RECLAIMABLE] = "nr_kernel_misc_reclaimable",
	[NR_FOLL_PIN_ACQUIRED] = "nr_foll_pin_acquired",
	[NR_FOLL_PIN_RELEASED] = "nr_foll_pin_released",
	[NR_KERNEL_STACK_KB] = "nr_kernel_stack",
	[NR_PAGETABLE] = "nr_page_table_pages",
	[NR_SECONDARY_PAGETABLE] = "nr_sec_page_table_pages",
	[NR_IOMMU_PAGES] = "nr_iommu_pages",
	[NR_SWAPCACHE] = "nr_swapcached",
	[PGPROMOTE_SUCCESS] = "pgpromote_success",
	[PGPROMOTE_CANDIDATE] = "pgpromote_candidate",
	[PGDEMOTE_KSWAPD] = "pgdemote_kswapd",
	[PGDEMOTE_DIRECT] = "pgdemote_direct",
	[PGDEMOTE_KHUGEPAGED] = "pgdemote_khugepaged",
};

/* Which events of 6.12's enum vm_event_item ukmem produces. */
enum vm_event_src {
	EV_ZERO,
	EV_PGALLOC, /* one line per zone of the arch */
	EV_ALLOCSTALL, /* one line per zone of the arch */
	EV_PGSKIP, /* one line per zone of the arch */
	EV_PGFREE,
	EV_OOM_KILL,
};

/* Lines only some arches print. */
enum vm_arch_only {
	ONLY_ALL,
	ONLY_X86,
	ONLY_X86_64
};

struct vm_event_text {
	const char *name;
	unsigned char src;
	unsigned char only;
};

static const struct vm_event_text vm_event_texts[] = {
	{.name = "pgpgin"},
	{.name = "pgpgout"},
	{.name = "pswpin"},
	{.name = "pswpout"},
	{.name = "pgalloc", .src = EV_PGALLOC},
	{.name = "allocstall", .src = EV_ALLOCSTALL},
	{.name = "pgskip", .src = EV_PGSKIP},
	{.name = "pgfree", .src = EV_PGFREE},
	{.name = "pgactivate"},
	{.name = "pgdeactivate"},
	{.name = "pglazyfree"},
	{.name = "pgfault"},
	{.name = "pgmajfault"},
	{.name = "pglazyfreed"},
	{.name = "pgrefill"},
	{.name = "pgreuse"},
	{.name = "pgsteal_kswapd"},
	{.name = "pgsteal_direct"},
	{.name = "pgsteal_khugepaged"},
	{.name = "pgscan_kswapd"},
	{.name = "pgscan_direct"},
	{.name = "pgscan_khugepaged"},
	{.name = "pgscan_direct_throttle"},
	{.name = "pgscan_anon"},
	{.name = "pgscan_file"},
	{.name = "pgsteal_anon"},
	{.name = "pgsteal_file"},
	{.name = "zone_reclaim_success"},
	{.name = "zone_reclaim_failed"},
	{.name = "pginodesteal"},
	{.name = "slabs_scanned"},
	{.name = "kswapd_inodesteal"},
	{.name = "kswapd_low_wmark_hit_quickly"},
	{.name = "kswapd_high_wmark_hit_quickly"},
	{.name = "pageoutrun"},
	{.name = "pgrotated"},
	{.name = "drop_pagecache"},
	{.name = "drop_slab"},
	{.name = "oom_kill", .src = EV_OOM_KILL},
	{.name = "numa_pte_updates"},
	{.name = "numa_huge_pte_updates"},
	{.name = "numa_hint_faults"},
	{.name = "numa_hint_faults_local"},
	{.name = "numa_pages_migrated"},
	{.name = "pgmigrate_success"},
	{.name = "pgmigrate_fail"},
	{.name = "thp_migration_success"},
	{.name = "thp_migration_fail"},
	{.name = "thp_migration_split"},
	{.name = "compact_migrate_scanned"},
	{.name = "compact_free_scanned"},
	{.name = "compact_isolated"},
	{.name = "compact_stall"},
	{.name = "compact_fail"},
	{.name = "compact_success"},
	{.name = "compact_daemon_wake"},
	{.name = "compact_daemon_migrate_scanned"},
	{.name = "compact_daemon_free_scanned"},
	{.name = "htlb_buddy_alloc_success"},
	{.name = "htlb_buddy_alloc_fail"},
	{.name = "unevictable_pgs_culled"},
	{.name = "unevictable_pgs_scanned"},
	{.name = "unevictable_pgs_rescued"},
	{.name = "unevictable_pgs_mlocked"},
	{.name = "unevictable_pgs_munlocked"},
	{.name = "unevictable_pgs_cleared"},
	{.name = "unevictable_pgs_stranded"},
	{.name = "thp_fault_alloc"},
	{.name = "thp_fault_fallback"},
	{.name = "thp_fault_fallback_charge"},
	{.name = "thp_collapse_alloc"},
	{.name = "thp_collapse_alloc_failed"},
	{.name = "thp_file_alloc"},
	{.name = "thp_file_fallback"},
	{.name = "thp_file_fallback_charge"},
	{.name = "thp_file_mapped"},
	{.name = "thp_split_page"},
	{.name = "thp_split_page_failed"},
	{.name = "thp_deferred_split_page"},
	{.name = "thp_underused_split_page"},
	{.name = "thp_split_pmd"},
	{.name = "thp_scan_exceed_none_pte"},
	{.name = "thp_scan_exceed_swap_pte"},
	{.name = "thp_scan_exceed_share_pte"},
	{.name = "thp_split_pud", .src = EV_ZERO, .only = ONLY_X86_64},
	{.name = "thp_zero_page_alloc"},
	{.name = "thp_zero_page_alloc_failed"},
	{.name = "thp_swpout"},
	{.name = "thp_swpout_fallback"},
	{.name = "balloon_inflate"},
	{.name = "balloon_deflate"},
	{.name = "balloon_migrate"},
	{.name = "swap_ra"},
	{.name = "swap_ra_hit"},
	{.name = "ksm_swpin_copy"},
	{.name = "cow_ksm"},
	{.name = "zswpin"},
	{.name = "zswpout"},
	{.name = "zswpwb"},
	{.name = "direct_map_level2_splits", .src = EV_ZERO, .only = ONLY_X86},
	{.name = "direct_map_level3_splits", .src = EV_ZERO, .only = ONLY_X86},
};

/* The per-zone suffix of pgalloc_*, allocstall_*, pgskip_* (TEXTS_FOR_ZONES). */
static const char *zone_event_suffix(enum zone_type t)
{
	switch (t) {
	case ZONE_DMA:
		return "dma";
	case ZONE_DMA32:
		return "dma32";
	case ZONE_NORMAL:
		return "normal";
	case ZONE_HIGHMEM:
		return "high";
	case ZONE_MOVABLE:
		return "movable";
	case ZONE_DEVICE:
		return "device";
	default:
		return "?";
	}
}

/* ------------------------------------------------------------------ */
/* reading the counters                                                */

static bool arch_is_x86(void)
{
	return ukmem_m.arch == UKMEM_ARCH_X86_64 || ukmem_m.arch == UKMEM_ARCH_I386;
}

static bool arch_line_shown(unsigned char only)
{
	switch (only) {
	case ONLY_X86:
		return arch_is_x86();
	case ONLY_X86_64:
		return ukmem_m.arch == UKMEM_ARCH_X86_64;
	default:
		return true;
	}
}

/* NR_UNACCEPTED exists with CONFIG_UNACCEPTED_MEMORY, an x86_64 option. */
static bool zone_stat_shown(int item)
{
	return item != NR_UNACCEPTED || ukmem_m.arch == UKMEM_ARCH_X86_64;
}

static bool arch_has_highmem(void)
{
	for (int i = 0; i < ukmem_nr_zones; i++)
		if (ukmem_zone_type[i] == ZONE_HIGHMEM)
			return true;
	return false;
}

static struct zone *vm_zone(int nid, int idx)
{
	return &NODE_DATA(nid)->node_zones[idx];
}

static unsigned long vm_zone_state(const struct zone *zone, int item)
{
	return zone_page_state(zone, (enum zone_stat_item)item);
}

static unsigned long vm_global_zone_state(int item)
{
	long x = 0;
	int nid;

	for_each_online_node(nid)
		for (int z = 0; z < ukmem_nr_zones; z++)
			x += atomic_long_read(&vm_zone(nid, z)->vm_stat[item]);
	return x < 0 ? 0 : (unsigned long)x;
}

static unsigned long vm_global_node_state(int item)
{
	long x = 0;
	int nid;

	for_each_online_node(nid)
		x += atomic_long_read(&NODE_DATA(nid)->vm_stat[item]);
	return x < 0 ? 0 : (unsigned long)x;
}

/* The THP counters print in huge pages (vmstat_item_print_in_thp()). */
static bool node_item_in_thp(int item)
{
	return item == NR_ANON_THPS || item == NR_SHMEM_THPS || item == NR_SHMEM_PMDMAPPED ||
	       item == NR_FILE_THPS || item == NR_FILE_PMDMAPPED;
}

static struct per_cpu_pages *vm_pcp(const struct zone *zone, unsigned int cpu)
{
	return zone->per_cpu_pageset ? &zone->per_cpu_pageset[cpu] : NULL;
}

static unsigned long zone_numa_event_state(const struct zone *zone, int item)
{
	unsigned long x = (unsigned long)atomic_long_read(&zone->vm_numa_event[item]);

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = vm_pcp(zone, cpu);

		if (!pcp)
			break;
		switch (item) {
		case NUMA_HIT:
			x += ukmem_stat_read(pcp->numa_hit);
			break;
		case NUMA_MISS:
			x += ukmem_stat_read(pcp->numa_miss);
			break;
		case NUMA_FOREIGN:
			x += ukmem_stat_read(pcp->numa_foreign);
			break;
		case NUMA_LOCAL:
			x += ukmem_stat_read(pcp->numa_local);
			break;
		case NUMA_OTHER:
			x += ukmem_stat_read(pcp->numa_other);
			break;
		default:
			break;
		}
	}
	return x;
}

/* The events page_alloc.c counts globally because no zone owns them. */
static atomic_long_t *global_numa_event(int item)
{
	static atomic_long_t none;

	switch (item) {
	case NUMA_HIT:
		return &ukmem_vm_events.numa_hit;
	case NUMA_MISS:
		return &ukmem_vm_events.numa_miss;
	case NUMA_FOREIGN:
		return &ukmem_vm_events.numa_foreign;
	case NUMA_LOCAL:
		return &ukmem_vm_events.numa_local;
	case NUMA_OTHER:
		return &ukmem_vm_events.numa_other;
	default:
		return &none;
	}
}

static unsigned long vm_global_numa_state(int item)
{
	unsigned long x = 0;
	int nid;

	for_each_online_node(nid)
		for (int z = 0; z < ukmem_nr_zones; z++)
			x += zone_numa_event_state(vm_zone(nid, z), item);
	x += (unsigned long)atomic_long_read(global_numa_event(item));
	return x;
}

/* pgalloc_<zone>: the pcp part of every node's zone @idx plus the buddy part. */
static unsigned long vm_pgalloc(int idx)
{
	unsigned long x = 0;
	int nid;

	for_each_online_node(nid) {
		struct zone *zone = vm_zone(nid, idx);

		x += ukmem_stat_read(zone->pgalloc_buddy);

		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			struct per_cpu_pages *pcp = vm_pcp(zone, cpu);

			if (!pcp)
				break;
			x += ukmem_stat_read(pcp->pgalloc);
		}
	}
	return x;
}

static unsigned long vm_pgfree(void)
{
	unsigned long x = 0;
	int nid;

	for_each_online_node(nid)
		for (int z = 0; z < ukmem_nr_zones; z++)
			x += ukmem_stat_read(vm_zone(nid, z)->pgfree_buddy);
	for_each_online_node(nid)
		for (int z = 0; z < ukmem_nr_zones; z++)
			for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
				struct per_cpu_pages *pcp = vm_pcp(vm_zone(nid, z), cpu);

				if (!pcp)
					break;
				x += ukmem_stat_read(pcp->pgfree);
			}
	return x;
}

static unsigned long vm_totalram_pages(void)
{
	unsigned long x = 0;
	int nid;

	for_each_online_node(nid)
		for (int z = 0; z < ukmem_nr_zones; z++)
			x += zone_managed_pages(vm_zone(nid, z));
	return x;
}

static unsigned long vm_totalreserve_pages(void)
{
	unsigned long x = 0;
	int nid;

	for_each_online_node(nid)
		x += READ_ONCE(NODE_DATA(nid)->totalreserve_pages);
	return x;
}

/* ------------------------------------------------------------------ */
/* the zone walk                                                       */

typedef void (*zone_print_t)(struct seq_file *m, pg_data_t *pgdat, struct zone *zone);

/* walk_zones_in_node(): each zone printed under its lock. */
static void walk_zones_in_node(struct seq_file *m, pg_data_t *pgdat, bool assert_populated,
			       zone_print_t print)
{
	for (int z = 0; z < ukmem_nr_zones; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (assert_populated && !populated_zone(zone))
			continue;
		spin_lock(&zone->lock);
		print(m, pgdat, zone);
		spin_unlock(&zone->lock);
	}
}

static bool node_has_memory(const pg_data_t *pgdat)
{
	for (int z = 0; z < ukmem_nr_zones; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* /proc/buddyinfo                                                     */

static void frag_show_print(struct seq_file *m, pg_data_t *pgdat, struct zone *zone)
{
	seq_printf(m, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		seq_printf(m, "%6lu ", READ_ONCE(zone->free_area[order].nr_free));
	seq_putc(m, '\n');
}

static int buddyinfo_show(struct seq_file *m)
{
	int nid;

	for_each_online_node(nid)
		walk_zones_in_node(m, NODE_DATA(nid), true, frag_show_print);
	return 0;
}

/* ------------------------------------------------------------------ */
/* /proc/pagetypeinfo                                                  */

/* Longer free lists than this show as ">100000": the kernel caps the walk. */
#define PAGETYPE_COUNT_CAP 100000UL

static void pagetypeinfo_showfree_print(struct seq_file *m, pg_data_t *pgdat, struct zone *zone)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		seq_printf(m, "Node %4d, zone %8s, type %12s ", pgdat->node_id, zone->name,
			   migratetype_names[mt]);
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			struct list_head *head = &zone->free_area[order].free_list[mt];
			unsigned long count = 0;
			bool overflow = false;

			for (struct list_head *pos = head->next; pos != head; pos = pos->next) {
				if (++count >= PAGETYPE_COUNT_CAP) {
					overflow = true;
					break;
				}
			}
			seq_printf(m, "%s%6lu ", overflow ? ">" : "", count);
		}
		seq_putc(m, '\n');
	}
}

static void pagetypeinfo_showblockcount_print(struct seq_file *m, pg_data_t *pgdat,
					      struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = {0};

	/* from zone_start_pfn in pageblock steps, unaligned as the kernel walks */
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		int mt;

		if (!pfn_valid(pfn) || page_zone(pfn_to_page(pfn)) != zone)
			continue;
		mt = ukmem_get_pfnblock_migratetype(zone, pfn);
		if (mt >= 0 && mt < MIGRATE_TYPES)
			count[mt]++;
	}
	seq_printf(m, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12lu ", count[mt]);
	seq_putc(m, '\n');
}

static int pagetypeinfo_show(struct seq_file *m)
{
	int nid;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		if (!node_has_memory(pgdat))
			continue;
		seq_printf(m, "Page block order: %d\n", (int)pageblock_order);
		seq_printf(m, "Pages per block:  %lu\n", pageblock_nr_pages);
		seq_putc(m, '\n');

		seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
		for (int order = 0; order < NR_PAGE_ORDERS; order++)
			seq_printf(m, "%6d ", order);
		seq_putc(m, '\n');
		walk_zones_in_node(m, pgdat, true, pagetypeinfo_showfree_print);

		seq_printf(m, "\n%-23s", "Number of blocks type ");
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			seq_printf(m, "%12s ", migratetype_names[mt]);
		seq_putc(m, '\n');
		walk_zones_in_node(m, pgdat, true, pagetypeinfo_showblockcount_print);
		pagetypeinfo_showmixedcount(m, pgdat); /* page_owner=on only */
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* /proc/zoneinfo                                                      */

static int vm_fls(unsigned long x)
{
	return x ? (int)(8 * sizeof(long)) - __builtin_clzl(x) : 0;
}

/*
 * calculate_normal_threshold(): the per-CPU counter drift the kernel
 * allows, from the number of CPUs and the zone's size in 128 MiB units,
 * capped at 125.  ukmem's counters are exact, but the line is the
 * kernel's, so the number is too.
 */
static int zone_stat_threshold(const struct zone *zone)
{
	unsigned long mem = zone_managed_pages(zone) >> (27 - PAGE_SHIFT);
	int threshold = 2 * vm_fls(nr_cpu_ids) * (1 + vm_fls(mem));

	return threshold < 125 ? threshold : 125;
}

static bool is_zone_first_populated(pg_data_t *pgdat, struct zone *zone)
{
	for (int z = 0; z < ukmem_nr_zones; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			return zone == &pgdat->node_zones[z];
	return false;
}

static void zoneinfo_show_print(struct seq_file *m, pg_data_t *pgdat, struct zone *zone)
{
	seq_printf(m, "Node %d, zone %8s", pgdat->node_id, zone->name);
	if (is_zone_first_populated(pgdat, zone)) {
		seq_puts(m, "\n  per-node stats");
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
			unsigned long pages = node_page_state(pgdat, (enum node_stat_item)i);

			if (node_item_in_thp(i))
				pages /= HPAGE_PMD_NR;
			seq_printf(m, "\n      %-12s %lu", node_stat_names[i], pages);
		}
	}
	seq_printf(m,
		   "\n  pages free     %lu"
		   "\n        boost    %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        promo    %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu"
		   "\n        cma      %lu",
		   vm_zone_state(zone, NR_FREE_PAGES), READ_ONCE(zone->watermark_boost),
		   min_wmark_pages(zone), low_wmark_pages(zone), high_wmark_pages(zone),
		   wmark_pages(zone, WMARK_PROMO), zone->spanned_pages, zone->present_pages,
		   zone_managed_pages(zone), 0UL);

	seq_printf(m, "\n        protection: (%ld", READ_ONCE(zone->lowmem_reserve[0]));
	for (int i = 1; i < ukmem_nr_zones; i++)
		seq_printf(m, ", %ld", READ_ONCE(zone->lowmem_reserve[i]));
	seq_putc(m, ')');

	/* an unpopulated zone has nothing more worth printing */
	if (!populated_zone(zone)) {
		seq_putc(m, '\n');
		return;
	}

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		if (zone_stat_shown(i))
			seq_printf(m, "\n      %-12s %lu", zone_stat_names[i],
				   vm_zone_state(zone, i));

	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(m, "\n      %-12s %lu", numa_stat_names[i],
			   zone_numa_event_state(zone, i));

	seq_puts(m, "\n  pagesets");
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = vm_pcp(zone, cpu);

		if (!pcp)
			break;
		seq_printf(m,
			   "\n    cpu: %i"
			   "\n              count: %i"
			   "\n              high:  %i"
			   "\n              batch: %i",
			   (int)cpu, ukmem_stat_read(pcp->count), ukmem_stat_read(pcp->high),
			   ukmem_stat_read(pcp->batch));
		seq_printf(m, "\n  vm stats threshold: %d", zone_stat_threshold(zone));
	}
	/* no kswapd gives up on a node here: never unreclaimable */
	seq_printf(m,
		   "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %lu",
		   0U, zone->zone_start_pfn);
	seq_putc(m, '\n');
}

static int zoneinfo_show(struct seq_file *m)
{
	int nid;

	for_each_online_node(nid)
		walk_zones_in_node(m, NODE_DATA(nid), false, zoneinfo_show_print);
	return 0;
}

/* ------------------------------------------------------------------ */
/* /proc/vmstat                                                        */

/* Debian 6.12 defaults: vm.dirty_ratio 20, vm.dirty_background_ratio 10. */
#define VM_DIRTY_RATIO 20
#define DIRTY_BACKGROUND_RATIO 10

/* highmem_dirtyable_memory(): free highmem above its high watermark. */
static unsigned long highmem_dirtyable_memory(unsigned long total)
{
	unsigned long x = 0;
	int nid;

	for_each_online_node(nid)
		for (int z = 0; z < ukmem_nr_zones; z++) {
			struct zone *zone = vm_zone(nid, z);
			unsigned long nr, high;

			if (!populated_zone(zone) || !is_highmem(zone))
				continue;
			nr = vm_zone_state(zone, NR_FREE_PAGES);
			high = high_wmark_pages(zone);
			nr -= nr < high ? nr : high;
			nr += vm_zone_state(zone, NR_ZONE_INACTIVE_FILE);
			nr += vm_zone_state(zone, NR_ZONE_ACTIVE_FILE);
			x += nr;
		}
	return x < total ? x : total;
}

/* global_dirtyable_memory(): free lowmem above the reserves plus file pages. */
static unsigned long global_dirtyable_memory(void)
{
	unsigned long x = vm_global_zone_state(NR_FREE_PAGES);
	unsigned long reserve = vm_totalreserve_pages();

	x -= x < reserve ? x : reserve;
	x += vm_global_node_state(NR_INACTIVE_FILE);
	x += vm_global_node_state(NR_ACTIVE_FILE);
	x -= highmem_dirtyable_memory(x);
	return x + 1;
}

/* global_dirty_limits() for ratio-based limits (no dirty_bytes set). */
static void global_dirty_limits(unsigned long *pbackground, unsigned long *pdirty)
{
	unsigned long avail = global_dirtyable_memory();
	unsigned long ratio = (VM_DIRTY_RATIO * PAGE_SIZE) / 100;
	unsigned long bg_ratio = (DIRTY_BACKGROUND_RATIO * PAGE_SIZE) / 100;
	unsigned long thresh = (ratio * avail) / PAGE_SIZE;
	unsigned long bg_thresh = (bg_ratio * avail) / PAGE_SIZE;

	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	*pbackground = bg_thresh;
	*pdirty = thresh;
}

static void vmstat_line(struct seq_file *m, const char *name, unsigned long val)
{
	seq_puts(m, name);
	seq_put_decimal_ull(m, " ", val);
	seq_putc(m, '\n');
}

static void vmstat_zone_lines(struct seq_file *m, const char *prefix, unsigned char src)
{
	char name[40];

	for (int z = 0; z < ukmem_nr_zones; z++) {
		unsigned long val = 0;

		ukmem_snprintf(name, sizeof(name), "%s_%s", prefix,
			       zone_event_suffix(ukmem_zone_type[z]));
		if (src == EV_PGALLOC)
			val = vm_pgalloc(z);
		else if (src == EV_ALLOCSTALL && ukmem_zone_type[z] == ZONE_NORMAL)
			val = (unsigned long)atomic_long_read(&ukmem_vm_events.allocstall);
		vmstat_line(m, name, val);
	}
}

static int vmstat_show(struct seq_file *m)
{
	unsigned long bg_thresh, thresh;

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		if (zone_stat_shown(i))
			vmstat_line(m, zone_stat_names[i], vm_global_zone_state(i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		vmstat_line(m, numa_stat_names[i], vm_global_numa_state(i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
		unsigned long v = vm_global_node_state(i);

		if (node_item_in_thp(i))
			v /= HPAGE_PMD_NR;
		vmstat_line(m, node_stat_names[i], v);
	}

	global_dirty_limits(&bg_thresh, &thresh);
	vmstat_line(m, "nr_dirty_threshold", thresh);
	vmstat_line(m, "nr_dirty_background_threshold", bg_thresh);
	/* the mem_map: all of it set up at boot, none hot-added */
	vmstat_line(m, "nr_memmap_pages", 0);
	vmstat_line(m, "nr_memmap_boot_pages", ukmem_m.memmap_pages);

	for (size_t i = 0; i < ARRAY_SIZE(vm_event_texts); i++) {
		const struct vm_event_text *ev = &vm_event_texts[i];

		if (!arch_line_shown(ev->only))
			continue;
		switch (ev->src) {
		case EV_PGALLOC:
		case EV_ALLOCSTALL:
		case EV_PGSKIP:
			vmstat_zone_lines(m, ev->name, ev->src);
			break;
		case EV_PGFREE:
			vmstat_line(m, ev->name, vm_pgfree());
			break;
		case EV_OOM_KILL:
			vmstat_line(m, ev->name,
				    (unsigned long)atomic_long_read(&ukmem_vm_events.oom_kill));
			break;
		default:
			vmstat_line(m, ev->name, 0);
			break;
		}
	}
	/* 6.12 still ends with this deprecated counter for old userspace */
	seq_puts(m, "nr_unstable 0\n");
	return 0;
}

/* ------------------------------------------------------------------ */
/* /proc/meminfo                                                       */

/**
 * ukmem_vmalloc_total_kb - VmallocTotal of /proc/meminfo
 *
 * The size of the arch's vmalloc area: x86_64's fixed 32 TiB - 1 kB; the
 * 32-bit models' defaults (i386's 120 MiB of the reference machine, arm's
 * 240 MiB).  Weak: the vmalloc layer provides the real one.
 */
__attribute__((weak)) unsigned long ukmem_vmalloc_total_kb(void)
{
	switch (ukmem_m.arch) {
	case UKMEM_ARCH_I386:
		return 122880UL;
	case UKMEM_ARCH_ARM:
		return 245760UL;
	default:
		return 34359738367UL;
	}
}

/**
 * ukmem_vmalloc_nr_pages - VmallocUsed of /proc/meminfo, in pages
 *
 * Weak: 0 until the vmalloc layer exists.
 */
__attribute__((weak)) unsigned long ukmem_vmalloc_nr_pages(void)
{
	return 0;
}

/* si_mem_available(): free pages beyond the reserves, plus what reclaim could free. */
static unsigned long mem_available(void)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;
	int nid;

	for_each_online_node(nid)
		for (int z = 0; z < ukmem_nr_zones; z++)
			wmark_low += low_wmark_pages(vm_zone(nid, z));

	available = (long)vm_global_zone_state(NR_FREE_PAGES) - (long)vm_totalreserve_pages();

	pagecache = vm_global_node_state(NR_ACTIVE_FILE) + vm_global_node_state(NR_INACTIVE_FILE);
	pagecache -= min(pagecache / 2, wmark_low);
	available += (long)pagecache;

	reclaimable = vm_global_node_state(NR_SLAB_RECLAIMABLE_B) +
		      vm_global_node_state(NR_KERNEL_MISC_RECLAIMABLE);
	reclaimable -= min(reclaimable / 2, wmark_low);
	available += (long)reclaimable;

	return available < 0 ? 0 : (unsigned long)available;
}

/* The direct map's 4k and 2M parts in kB, as x86's arch_report_meminfo() counts them. */
static void direct_map_kb(unsigned long *k4, unsigned long *m2)
{
	const u64 pmd = SZ_2M;
	u64 low_end = (u64)ukmem_max_low_pfn << PAGE_SHIFT;
	u64 pages4k = 0, pages2m = 0;

	for (int i = 0; i < ukmem_m.nr_ranges; i++) {
		const struct ukmem_mem_range *r = &ukmem_m.ranges[i];
		u64 s = r->start & ~(u64)(PAGE_SIZE - 1);
		u64 e = (r->end + PAGE_SIZE - 1) & ~(u64)(PAGE_SIZE - 1);
		u64 hs, he;

		if (r->type != UKMEM_E820_RAM)
			continue;
		if (e > low_end)
			e = low_end;
		if (s >= e)
			continue;
		hs = (s + pmd - 1) & ~(pmd - 1);
		he = e & ~(pmd - 1);
		if (hs >= he) {
			pages4k += (e - s) >> PAGE_SHIFT;
			continue;
		}
		pages4k += (hs - s) >> PAGE_SHIFT;
		pages2m += (he - hs) / pmd;
		pages4k += (e - he) >> PAGE_SHIFT;
	}
	*k4 = (unsigned long)(pages4k << (PAGE_SHIFT - 10));
	*m2 = (unsigned long)(pages2m << 11);
}

/* show_val_kb(): label padded to 16 columns, value in kB right-aligned in 8. */
static void show_val_kb(struct seq_file *m, const char *label, unsigned long pages)
{
	seq_printf(m, "%-16s", label);
	seq_put_decimal_ull_width(m, "", K(pages), 8);
	seq_write(m, " kB\n", 4);
}

static int meminfo_show(struct seq_file *m)
{
	unsigned long totalram = vm_totalram_pages();
	unsigned long freeram = vm_global_zone_state(NR_FREE_PAGES);
	unsigned long totalhigh = 0, freehigh = 0;
	unsigned long sreclaimable = vm_global_node_state(NR_SLAB_RECLAIMABLE_B);
	unsigned long sunreclaim = vm_global_node_state(NR_SLAB_UNRECLAIMABLE_B);
	unsigned long lru[5];
	unsigned long swapcache = vm_global_node_state(NR_SWAPCACHE);
	unsigned long filepages = vm_global_node_state(NR_FILE_PAGES);
	/* no block devices, so no buffer pages to take out */
	unsigned long cached = filepages > swapcache ? filepages - swapcache : 0;
	unsigned long commit_limit;
	int nid;

	for (int i = 0; i < 5; i++)
		lru[i] = vm_global_node_state(NR_LRU_BASE + i);
	for_each_online_node(nid)
		for (int z = 0; z < ukmem_nr_zones; z++) {
			struct zone *zone = vm_zone(nid, z);

			if (!is_highmem(zone))
				continue;
			totalhigh += zone_managed_pages(zone);
			freehigh += vm_zone_state(zone, NR_FREE_PAGES);
		}
	/* vm_commit_limit(): overcommit_ratio 50 of RAM, no hugetlb, no swap */
	commit_limit = totalram * 50 / 100;

	show_val_kb(m, "MemTotal:", totalram);
	show_val_kb(m, "MemFree:", freeram);
	show_val_kb(m, "MemAvailable:", mem_available());
	show_val_kb(m, "Buffers:", 0);
	show_val_kb(m, "Cached:", cached);
	show_val_kb(m, "SwapCached:", swapcache);
	show_val_kb(m, "Active:",
		    lru[NR_ACTIVE_ANON - NR_LRU_BASE] + lru[NR_ACTIVE_FILE - NR_LRU_BASE]);
	show_val_kb(m, "Inactive:",
		    lru[NR_INACTIVE_ANON - NR_LRU_BASE] + lru[NR_INACTIVE_FILE - NR_LRU_BASE]);
	show_val_kb(m, "Active(anon):", lru[NR_ACTIVE_ANON - NR_LRU_BASE]);
	show_val_kb(m, "Inactive(anon):", lru[NR_INACTIVE_ANON - NR_LRU_BASE]);
	show_val_kb(m, "Active(file):", lru[NR_ACTIVE_FILE - NR_LRU_BASE]);
	show_val_kb(m, "Inactive(file):", lru[NR_INACTIVE_FILE - NR_LRU_BASE]);
	show_val_kb(m, "Unevictable:", lru[NR_UNEVICTABLE - NR_LRU_BASE]);
	show_val_kb(m, "Mlocked:", vm_global_zone_state(NR_MLOCK));
	if (arch_has_highmem()) {
		show_val_kb(m, "HighTotal:", totalhigh);
		show_val_kb(m, "HighFree:", freehigh);
		show_val_kb(m, "LowTotal:", totalram - totalhigh);
		show_val_kb(m, "LowFree:", freeram - freehigh);
	}
	show_val_kb(m, "SwapTotal:", 0);
	show_val_kb(m, "SwapFree:", 0);
	seq_printf(m, "Zswap:          %8lu kB\n", 0UL);
	seq_printf(m, "Zswapped:       %8lu kB\n", 0UL);
	show_val_kb(m, "Dirty:", vm_global_node_state(NR_FILE_DIRTY));
	show_val_kb(m, "Writeback:", vm_global_node_state(NR_WRITEBACK));
	show_val_kb(m, "AnonPages:", vm_global_node_state(NR_ANON_MAPPED));
	show_val_kb(m, "Mapped:", vm_global_node_state(NR_FILE_MAPPED));
	show_val_kb(m, "Shmem:", vm_global_node_state(NR_SHMEM));
	show_val_kb(m, "KReclaimable:",
		    sreclaimable + vm_global_node_state(NR_KERNEL_MISC_RECLAIMABLE));
	show_val_kb(m, "Slab:", sreclaimable + sunreclaim);
	show_val_kb(m, "SReclaimable:", sreclaimable);
	show_val_kb(m, "SUnreclaim:", sunreclaim);
	seq_printf(m, "KernelStack:    %8lu kB\n", vm_global_node_state(NR_KERNEL_STACK_KB));
	show_val_kb(m, "PageTables:", vm_global_node_state(NR_PAGETABLE));
	show_val_kb(m, "SecPageTables:", vm_global_node_state(NR_SECONDARY_PAGETABLE));
	show_val_kb(m, "NFS_Unstable:", 0);
	show_val_kb(m, "Bounce:", vm_global_zone_state(NR_BOUNCE));
	show_val_kb(m, "WritebackTmp:", vm_global_node_state(NR_WRITEBACK_TEMP));
	show_val_kb(m, "CommitLimit:", commit_limit);
	show_val_kb(m, "Committed_AS:", 0);
	seq_printf(m, "VmallocTotal:   %8lu kB\n", ukmem_vmalloc_total_kb());
	show_val_kb(m, "VmallocUsed:", ukmem_vmalloc_nr_pages());
	show_val_kb(m, "VmallocChunk:", 0);
	show_val_kb(m, "Percpu:", 0);
	if (ukmem_m.arch != UKMEM_ARCH_ARM)
		seq_printf(m, "HardwareCorrupted: %5lu kB\n", 0UL);
	show_val_kb(m, "AnonHugePages:", vm_global_node_state(NR_ANON_THPS));
	show_val_kb(m, "ShmemHugePages:", vm_global_node_state(NR_SHMEM_THPS));
	show_val_kb(m, "ShmemPmdMapped:", vm_global_node_state(NR_SHMEM_PMDMAPPED));
	show_val_kb(m, "FileHugePages:", vm_global_node_state(NR_FILE_THPS));
	show_val_kb(m, "FilePmdMapped:", vm_global_node_state(NR_FILE_PMDMAPPED));
	if (ukmem_m.arch == UKMEM_ARCH_X86_64)
		show_val_kb(m, "Unaccepted:", vm_global_zone_state(NR_UNACCEPTED));
	/* hugetlb_report_meminfo(): no hugetlbfs pool here */
	seq_printf(m,
		   "HugePages_Total:   %5lu\n"
		   "HugePages_Free:    %5lu\n"
		   "HugePages_Rsvd:    %5lu\n"
		   "HugePages_Surp:    %5lu\n"
		   "Hugepagesize:   %8lu kB\n",
		   0UL, 0UL, 0UL, 0UL, 2048UL);
	seq_printf(m, "Hugetlb:        %8lu kB\n", 0UL);
	if (arch_is_x86()) {
		unsigned long k4, m2;

		direct_map_kb(&k4, &m2);
		seq_printf(m, "DirectMap4k:    %8lu kB\n", k4);
		seq_printf(m, "DirectMap2M:    %8lu kB\n", m2);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* /sys/devices/system/node/nodeN/{meminfo,numastat,vmstat}            */

static unsigned long node_zone_sum(const pg_data_t *pgdat, int item)
{
	long x = 0;

	for (int z = 0; z < ukmem_nr_zones; z++)
		x += atomic_long_read(&pgdat->node_zones[z].vm_stat[item]);
	return x < 0 ? 0 : (unsigned long)x;
}

static unsigned long node_numa_sum(const pg_data_t *pgdat, int item)
{
	unsigned long x = 0;

	for (int z = 0; z < ukmem_nr_zones; z++)
		x += zone_numa_event_state(&pgdat->node_zones[z], item);
	return x;
}

/* node_read_meminfo(): the node's share of /proc/meminfo, "Node N " first. */
static int node_meminfo_show(struct seq_file *m)
{
	pg_data_t *pgdat = m->private;
	int nid = pgdat->node_id;
	unsigned long totalram = 0, freeram = 0, totalhigh = 0, freehigh = 0;
	unsigned long srecl = node_page_state(pgdat, NR_SLAB_RECLAIMABLE_B);
	unsigned long sunrecl = node_page_state(pgdat, NR_SLAB_UNRECLAIMABLE_B);

	for (int z = 0; z < ukmem_nr_zones; z++) {
		const struct zone *zone = &pgdat->node_zones[z];
		unsigned long managed = zone_managed_pages(zone);
		unsigned long nfree = vm_zone_state(zone, NR_FREE_PAGES);

		totalram += managed;
		freeram += nfree;
		if (is_highmem(zone)) {
			totalhigh += managed;
			freehigh += nfree;
		}
	}
	seq_printf(
		m,
		"Node %d MemTotal:       %8lu kB\n"
		"Node %d MemFree:        %8lu kB\n"
		"Node %d MemUsed:        %8lu kB\n"
		"Node %d SwapCached:     %8lu kB\n"
		"Node %d Active:         %8lu kB\n"
		"Node %d Inactive:       %8lu kB\n"
		"Node %d Active(anon):   %8lu kB\n"
		"Node %d Inactive(anon): %8lu kB\n"
		"Node %d Active(file):   %8lu kB\n"
		"Node %d Inactive(file): %8lu kB\n"
		"Node %d Unevictable:    %8lu kB\n"
		"Node %d Mlocked:        %8lu kB\n",
		nid, K(totalram), nid, K(freeram), nid, K(totalram - freeram), nid,
		K(node_page_state(pgdat, NR_SWAPCACHE)), nid,
		K(node_page_state(pgdat, NR_ACTIVE_ANON) + node_page_state(pgdat, NR_ACTIVE_FILE)),
		nid,
		K(node_page_state(pgdat, NR_INACTIVE_ANON) +
		  node_page_state(pgdat, NR_INACTIVE_FILE)),
		nid, K(node_page_state(pgdat, NR_ACTIVE_ANON)), nid,
		K(node_page_state(pgdat, NR_INACTIVE_ANON)), nid,
		K(node_page_state(pgdat, NR_ACTIVE_FILE)), nid,
		K(node_page_state(pgdat, NR_INACTIVE_FILE)), nid,
		K(node_page_state(pgdat, NR_UNEVICTABLE)), nid, K(node_zone_sum(pgdat, NR_MLOCK)));
	if (arch_has_highmem())
		seq_printf(m,
			   "Node %d HighTotal:      %8lu kB\n"
			   "Node %d HighFree:       %8lu kB\n"
			   "Node %d LowTotal:       %8lu kB\n"
			   "Node %d LowFree:        %8lu kB\n",
			   nid, K(totalhigh), nid, K(freehigh), nid, K(totalram - totalhigh), nid,
			   K(freeram - freehigh));
	seq_printf(m,
		   "Node %d Dirty:          %8lu kB\n"
		   "Node %d Writeback:      %8lu kB\n"
		   "Node %d FilePages:      %8lu kB\n"
		   "Node %d Mapped:         %8lu kB\n"
		   "Node %d AnonPages:      %8lu kB\n"
		   "Node %d Shmem:          %8lu kB\n"
		   "Node %d KernelStack:    %8lu kB\n"
		   "Node %d PageTables:     %8lu kB\n"
		   "Node %d SecPageTables:  %8lu kB\n"
		   "Node %d NFS_Unstable:   %8lu kB\n"
		   "Node %d Bounce:         %8lu kB\n"
		   "Node %d WritebackTmp:   %8lu kB\n"
		   "Node %d KReclaimable:   %8lu kB\n"
		   "Node %d Slab:           %8lu kB\n"
		   "Node %d SReclaimable:   %8lu kB\n"
		   "Node %d SUnreclaim:     %8lu kB\n"
		   "Node %d AnonHugePages:  %8lu kB\n"
		   "Node %d ShmemHugePages: %8lu kB\n"
		   "Node %d ShmemPmdMapped: %8lu kB\n"
		   "Node %d FileHugePages:  %8lu kB\n"
		   "Node %d FilePmdMapped:  %8lu kB\n",
		   nid, K(node_page_state(pgdat, NR_FILE_DIRTY)), nid,
		   K(node_page_state(pgdat, NR_WRITEBACK)), nid,
		   K(node_page_state(pgdat, NR_FILE_PAGES)), nid,
		   K(node_page_state(pgdat, NR_FILE_MAPPED)), nid,
		   K(node_page_state(pgdat, NR_ANON_MAPPED)), nid,
		   K(node_page_state(pgdat, NR_SHMEM)), nid,
		   node_page_state(pgdat, NR_KERNEL_STACK_KB), nid,
		   K(node_page_state(pgdat, NR_PAGETABLE)), nid,
		   K(node_page_state(pgdat, NR_SECONDARY_PAGETABLE)), nid, 0UL, nid,
		   K(node_zone_sum(pgdat, NR_BOUNCE)), nid,
		   K(node_page_state(pgdat, NR_WRITEBACK_TEMP)), nid,
		   K(srecl + node_page_state(pgdat, NR_KERNEL_MISC_RECLAIMABLE)), nid,
		   K(srecl + sunrecl), nid, K(srecl), nid, K(sunrecl), nid,
		   K(node_page_state(pgdat, NR_ANON_THPS)), nid,
		   K(node_page_state(pgdat, NR_SHMEM_THPS)), nid,
		   K(node_page_state(pgdat, NR_SHMEM_PMDMAPPED)), nid,
		   K(node_page_state(pgdat, NR_FILE_THPS)), nid,
		   K(node_page_state(pgdat, NR_FILE_PMDMAPPED)));
	if (ukmem_m.arch == UKMEM_ARCH_X86_64)
		seq_printf(m, "Node %d Unaccepted:     %8lu kB\n", nid,
			   K(node_zone_sum(pgdat, NR_UNACCEPTED)));
	/* hugetlb_report_node_meminfo(): no pool */
	seq_printf(m,
		   "Node %d HugePages_Total: %5u\n"
		   "Node %d HugePages_Free:  %5u\n"
		   "Node %d HugePages_Surp:  %5u\n",
		   nid, 0U, nid, 0U, nid, 0U);
	return 0;
}

static int node_numastat_show(struct seq_file *m)
{
	pg_data_t *pgdat = m->private;

	seq_printf(m,
		   "numa_hit %lu\n"
		   "numa_miss %lu\n"
		   "numa_foreign %lu\n"
		   "interleave_hit %lu\n"
		   "local_node %lu\n"
		   "other_node %lu\n",
		   node_numa_sum(pgdat, NUMA_HIT), node_numa_sum(pgdat, NUMA_MISS),
		   node_numa_sum(pgdat, NUMA_FOREIGN), node_numa_sum(pgdat, NUMA_INTERLEAVE_HIT),
		   node_numa_sum(pgdat, NUMA_LOCAL), node_numa_sum(pgdat, NUMA_OTHER));
	return 0;
}

static int node_vmstat_show(struct seq_file *m)
{
	pg_data_t *pgdat = m->private;

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		if (zone_stat_shown(i))
			seq_printf(m, "%s %lu\n", zone_stat_names[i], node_zone_sum(pgdat, i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", numa_stat_names[i], node_numa_sum(pgdat, i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
		unsigned long pages = node_page_state(pgdat, (enum node_stat_item)i);

		if (node_item_in_thp(i))
			pages /= HPAGE_PMD_NR;
		seq_printf(m, "%s %lu\n", node_stat_names[i], pages);
	}
	return 0;
}

static void register_node_views(void)
{
	static const struct {
		const char *file;
		ukmem_proc_show_t show;
	} files[] = {
		{"meminfo", node_meminfo_show},
		{"numastat", node_numastat_show},
		{"vmstat", node_vmstat_show},
	};
	int nid;

	for_each_online_node(nid)
		for (size_t f = 0; f < ARRAY_SIZE(files); f++) {
			char path[UKMEM_PROC_PATH_MAX];

			ukmem_snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/%s",
				       nid, files[f].file);
			ukmem_proc_register_data(path, files[f].show, NULL, NODE_DATA(nid));
		}
}

/* ------------------------------------------------------------------ */
/* /proc/sys/vm                                                        */

/* 6.12's default; ukmem has no kswapd to boost, so the value is only kept. */
static int watermark_boost_factor = 15000;

/* The separators proc_get_long() accepts right after a number. */
static bool proc_is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool proc_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int proc_digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'z')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'Z')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

/*
 * proc_get_long(): one optionally negative integer, base as strtoul's 0
 * (0x.. hex, 0.. octal), at most 21 characters, followed by a separator
 * or the end.  Advances *@p and *@left past it.
 */
static int proc_get_long(const char **p, size_t *left, unsigned long *val, bool *neg)
{
	const size_t tmpbuflen = 22;
	const char *s = *p, *end;
	size_t len = *left < tmpbuflen - 1 ? *left : tmpbuflen - 1;
	unsigned int base = 10;
	unsigned long long result = 0;
	bool overflow = false;

	end = s + len;
	*neg = false;
	if (s < end && *s == '-' && *left > 1) {
		*neg = true;
		s++;
	}
	if (s >= end || *s < '0' || *s > '9')
		return -EINVAL;
	if (s[0] == '0') {
		base = 8;
		if (s + 2 < end && (s[1] == 'x' || s[1] == 'X') && proc_digit(s[2], 16) >= 0) {
			base = 16;
			s += 2;
		}
	}
	for (; s < end; s++) {
		int d = proc_digit(*s, base);

		if (d < 0)
			break;
		if (result > (~0ULL - (unsigned long long)d) / base)
			overflow = true;
		result = result * base + (unsigned long long)d;
	}
	if (overflow || result != (unsigned long)result)
		return -EINVAL;
	len = (size_t)(s - *p);
	/* a number filling the whole window might go on past it */
	if (len == tmpbuflen - 1)
		return -EINVAL;
	if (len < *left && !proc_is_sep((*p)[len]))
		return -EINVAL;
	*val = (unsigned long)result;
	*p += len;
	*left -= len;
	return 0;
}

static void proc_skip_spaces(const char **p, size_t *left)
{
	while (*left && proc_is_space(**p)) {
		(*p)++;
		(*left)--;
	}
}

/*
 * __do_proc_dointvec() for a write: up to @max whitespace-separated ints
 * into @vals, each within [@min, @max_val].  Returns how many were given,
 * or -EINVAL (an empty write, a malformed or out-of-range number).  Text
 * after the last value the knob takes is ignored, as the kernel's strict
 * sysctl writes ignore it.
 */
static int proc_parse_ints(const char *buf, size_t len, int *vals, int max, long min, long max_val)
{
	const char *p = buf;
	size_t left = len;
	int n = 0;

	if (left > PAGE_SIZE - 1)
		left = PAGE_SIZE - 1;
	while (left && n < max) {
		unsigned long lval;
		bool neg;
		long v;

		proc_skip_spaces(&p, &left);
		if (!left)
			break;
		if (proc_get_long(&p, &left, &lval, &neg))
			return -EINVAL;
		if (neg) {
			if (lval > (unsigned long)INT_MAX + 1)
				return -EINVAL;
			v = -(long)lval;
		} else {
			if (lval > (unsigned long)INT_MAX)
				return -EINVAL;
			v = (long)lval;
		}
		if (v < min || v > max_val)
			return -EINVAL;
		vals[n++] = (int)v;
	}
	return n ? n : -EINVAL;
}

/* proc_dointvec()'s read side: values separated by tabs, then a newline. */
static void proc_show_ints(struct seq_file *m, const int *vals, int n)
{
	for (int i = 0; i < n; i++)
		seq_printf(m, "%s%d", i ? "\t" : "", READ_ONCE(vals[i]));
	seq_putc(m, '\n');
}

static int min_free_kbytes_show(struct seq_file *m)
{
	proc_show_ints(m, &min_free_kbytes, 1);
	return 0;
}

/* min_free_kbytes_sysctl_handler(): a user value survives later recomputations. */
static ssize_t min_free_kbytes_write(const char *buf, size_t len)
{
	int v;

	if (proc_parse_ints(buf, len, &v, 1, 0, INT_MAX) < 0)
		return -EINVAL;
	WRITE_ONCE(min_free_kbytes, v);
	WRITE_ONCE(user_min_free_kbytes, v);
	setup_per_zone_wmarks();
	return (ssize_t)len;
}

static int watermark_scale_factor_show(struct seq_file *m)
{
	proc_show_ints(m, &watermark_scale_factor, 1);
	return 0;
}

static ssize_t watermark_scale_factor_write(const char *buf, size_t len)
{
	int v;

	if (proc_parse_ints(buf, len, &v, 1, 1, 3000) < 0)
		return -EINVAL;
	WRITE_ONCE(watermark_scale_factor, v);
	setup_per_zone_wmarks();
	return (ssize_t)len;
}

static int watermark_boost_factor_show(struct seq_file *m)
{
	proc_show_ints(m, &watermark_boost_factor, 1);
	return 0;
}

static ssize_t watermark_boost_factor_write(const char *buf, size_t len)
{
	int v;

	if (proc_parse_ints(buf, len, &v, 1, 0, INT_MAX) < 0)
		return -EINVAL;
	WRITE_ONCE(watermark_boost_factor, v);
	return (ssize_t)len;
}

static int lowmem_reserve_ratio_show(struct seq_file *m)
{
	proc_show_ints(m, sysctl_lowmem_reserve_ratio, ukmem_nr_zones);
	return 0;
}

/*
 * lowmem_reserve_ratio_sysctl_handler(): one ratio per zone of the arch;
 * fewer values change only the first zones; a value below 1 disables
 * that zone's reserve (stored as 0).
 */
static ssize_t lowmem_reserve_ratio_write(const char *buf, size_t len)
{
	int vals[MAX_NR_ZONES];
	int n = proc_parse_ints(buf, len, vals, ukmem_nr_zones, INT_MIN, INT_MAX);

	if (n < 0)
		return -EINVAL;
	for (int i = 0; i < n; i++)
		WRITE_ONCE(sysctl_lowmem_reserve_ratio[i], vals[i] < 1 ? 0 : vals[i]);
	setup_per_zone_lowmem_reserve();
	return (ssize_t)len;
}

static int percpu_pagelist_high_fraction_show(struct seq_file *m)
{
	proc_show_ints(m, &percpu_pagelist_high_fraction, 1);
	return 0;
}

/* MIN_PERCPU_PAGELIST_HIGH_FRACTION: smaller nonzero fractions would let
 * the pcp lists hold too much of a zone. */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8

static ssize_t percpu_pagelist_high_fraction_write(const char *buf, size_t len)
{
	int v;

	if (proc_parse_ints(buf, len, &v, 1, 0, INT_MAX) < 0)
		return -EINVAL;
	if (v && v < MIN_PERCPU_PAGELIST_HIGH_FRACTION)
		return -EINVAL;
	if (v == READ_ONCE(percpu_pagelist_high_fraction))
		return (ssize_t)len;
	WRITE_ONCE(percpu_pagelist_high_fraction, v);
	zone_pcp_update_all();
	return (ssize_t)len;
}

/**
 * ukmem_proc_mm_init - register the page allocator's views
 *
 * Called by boot once the zones, the watermarks and the pcp lists exist;
 * ukmem_proc_reset() at shutdown forgets them.  Also restores the knobs
 * this file keeps itself to their boot values.
 */
void ukmem_proc_mm_init(void)
{
	watermark_boost_factor = 15000;

	ukmem_proc_register("/proc/buddyinfo", buddyinfo_show, NULL);
	ukmem_proc_register("/proc/pagetypeinfo", pagetypeinfo_show, NULL);
	ukmem_proc_register("/proc/zoneinfo", zoneinfo_show, NULL);
	ukmem_proc_register("/proc/vmstat", vmstat_show, NULL);
	ukmem_proc_register("/proc/meminfo", meminfo_show, NULL);
	ukmem_proc_register("/proc/sys/vm/min_free_kbytes", min_free_kbytes_show,
			    min_free_kbytes_write);
	ukmem_proc_register("/proc/sys/vm/watermark_scale_factor", watermark_scale_factor_show,
			    watermark_scale_factor_write);
	ukmem_proc_register("/proc/sys/vm/watermark_boost_factor", watermark_boost_factor_show,
			    watermark_boost_factor_write);
	ukmem_proc_register("/proc/sys/vm/lowmem_reserve_ratio", lowmem_reserve_ratio_show,
			    lowmem_reserve_ratio_write);
	ukmem_proc_register("/proc/sys/vm/percpu_pagelist_high_fraction",
			    percpu_pagelist_high_fraction_show,
			    percpu_pagelist_high_fraction_write);
	register_node_views();
}
