// SPDX-License-Identifier: GPL-2.0
/*
 * mm/show_mem.c - what the allocator prints when it fails: warn_alloc()
 * with show_mem()'s Mem-Info block, and the OOM report.
 *
 * Formats follow 6.12 line for line (../shared/reference/
 * proc-linux-6.12-qemu/failure-warning.txt).  warn_alloc() is rate
 * limited to one report per 10 s as in the kernel and is silent with
 * __GFP_NOWARN.  Values nothing in ukmem produces (LRU lists, swap,
 * page cache) print as 0.
 *
 * The OOM report: where 6.12 would call the OOM killer, ukmem prints the
 * killer's dump_header() and "Out of memory and no killable
 * processes...", and the request fails with NULL instead of the kernel's
 * panic (docs/DIVERGENCES.md): there is no process to kill.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/ratelimit.h>
#include "internal.h"

#define K(x) ((x) << (PAGE_SHIFT - 10))

void ukmem_show_migration_types(unsigned char types, char *buf, size_t size)
{
	static const char letters[MIGRATE_TYPES] = {'U', 'M', 'E', 'H', 'I'};
	size_t n = 0;

	for (int i = 0; i < MIGRATE_TYPES && n + 1 < size; i++)
		if (types & (1U << i))
			buf[n++] = letters[i];
	buf[n] = '\0';
}

static unsigned long zone_pcp_kb(const struct zone *zone, bool local)
{
	if (local)
		return K((unsigned long)READ_ONCE(zone->per_cpu_pageset[ukmem_this_cpu()].count));
	return K(ukmem_zone_pcp_pages(zone));
}

static void show_zone_line(struct zone *zone)
{
	pr_warn("Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB reserved_highatomic:%luKB active_anon:0kB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB present:%lukB managed:%lukB mlocked:0kB bounce:0kB free_pcp:%lukB local_pcp:%lukB free_cma:0kB\n",
		zone->node, zone->name, K(zone_page_state(zone, NR_FREE_PAGES)),
		K(zone->watermark_boost), K(min_wmark_pages(zone)), K(low_wmark_pages(zone)),
		K(high_wmark_pages(zone)), K(zone->nr_reserved_highatomic), K(zone->present_pages),
		K(zone_managed_pages(zone)), zone_pcp_kb(zone, false), zone_pcp_kb(zone, true));
	printk(KERN_WARNING "lowmem_reserve[]:");
	for (int i = 0; i < ukmem_nr_zones; i++)
		pr_cont(" %ld", zone->lowmem_reserve[i]);
	pr_cont("\n");
}

static void show_zone_free_lists(struct zone *zone)
{
	unsigned long nr[NR_PAGE_ORDERS], total = 0;
	unsigned char types[NR_PAGE_ORDERS];
	char letters[8];

	spin_lock(&zone->lock);
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &zone->free_area[o];

		nr[o] = area->nr_free;
		total += nr[o] << o;
		types[o] = 0;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (!list_empty(&area->free_list[mt]))
				types[o] |= (unsigned char)(1U << mt);
	}
	spin_unlock(&zone->lock);
	printk(KERN_WARNING "Node %d %s: ", zone->node, zone->name);
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		pr_cont("%lu*%lukB ", nr[o], K(1UL) << o);
		if (nr[o]) {
			ukmem_show_migration_types(types[o], letters, sizeof(letters));
			pr_cont("(%s) ", letters);
		}
	}
	pr_cont("= %lukB\n", K(total));
}

/**
 * show_free_areas - the Mem-Info block of show_mem()
 * @filter: unused (all nodes are shown)
 * @nodemask: unused
 * @max_zone_idx: highest local zone index to show
 */
void show_free_areas(int filter, nodemask_t *nodemask, int max_zone_idx)
{
	unsigned long free_pcp = 0;
	struct zone *zone;

	(void)filter;
	(void)nodemask;
	for_each_populated_zone(zone)
		free_pcp += ukmem_zone_pcp_pages(zone);
	printk("active_anon:0 inactive_anon:0 isolated_anon:0\n"
	       " active_file:0 inactive_file:0 isolated_file:0\n"
	       " unevictable:0 dirty:0 writeback:0\n"
	       " slab_reclaimable:%lu slab_unreclaimable:%lu\n"
	       " mapped:0 shmem:0 pagetables:0\n"
	       " sec_pagetables:0 bounce:0\n"
	       " kernel_misc_reclaimable:0\n"
	       " free:%lu free_pcp:%lu free_cma:0\n",
	       global_node_page_state(NR_SLAB_RECLAIMABLE_B),
	       global_node_page_state(NR_SLAB_UNRECLAIMABLE_B),
	       global_zone_page_state(NR_FREE_PAGES), free_pcp);
	for (int nid = 0; nid < nr_online_nodes; nid++)
		printk("Node %d active_anon:0kB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:0kB dirty:0kB writeback:0kB shmem:0kB shmem_thp:0kB shmem_pmdmapped:0kB anon_thp:0kB writeback_tmp:0kB kernel_stack:0kB pagetables:0kB sec_pagetables:0kB all_unreclaimable? no\n",
		       nid);
	for_each_populated_zone(zone)
		if (zone->zone_idx <= max_zone_idx)
			show_zone_line(zone);
	for_each_populated_zone(zone)
		if (zone->zone_idx <= max_zone_idx)
			show_zone_free_lists(zone);
	if (ukmem_m.arch != UKMEM_ARCH_ARM)
		for (int nid = 0; nid < nr_online_nodes; nid++)
			printk("Node %d hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB\n",
			       nid);
	printk("0 total pagecache pages\n");
	printk("0 pages in swap cache\n");
	printk("Free swap  = 0kB\n");
	printk("Total swap = 0kB\n");
}

void ukmem_show_mem_upto(int max_zone_idx)
{
	unsigned long total = 0, reserved = 0, highmem = 0;
	struct zone *zone;

	printk("Mem-Info:\n");
	show_free_areas(0, NULL, max_zone_idx);
	for_each_populated_zone(zone) {
		total += zone->present_pages;
		reserved += zone->present_pages - zone_managed_pages(zone);
		if (is_highmem(zone) || zone->type == ZONE_MOVABLE)
			highmem += zone->present_pages;
	}
	printk("%lu pages RAM\n", total);
	printk("%lu pages HighMem/MovableOnly\n", highmem);
	printk("%lu pages reserved\n", reserved);
	printk("0 pages hwpoisoned\n");
}

void show_mem(void)
{
	ukmem_show_mem_upto(ukmem_nr_zones - 1);
}

void ukmem_show_mem(void)
{
	show_mem();
}

static int gfp_max_zone_idx(gfp_t gfp)
{
	enum zone_type t = gfp_zone(gfp);
	int best = 0;

	for (int i = 0; i < ukmem_nr_zones; i++)
		if (ukmem_zone_type[i] <= t)
			best = i;
	return best;
}

/* A node mask as %*pbl prints it: "0", "0-1", "0,2". */
static void print_node_list(unsigned long bits, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < BITS_PER_LONG && n < size; i++) {
		int j = i;

		if (!(bits & (1UL << i)))
			continue;
		while (j + 1 < BITS_PER_LONG && (bits & (1UL << (j + 1))))
			j++;
		n += (size_t)scnprintf(buf + n, size - n, n ? ",%d" : "%d", i);
		if (j > i)
			n += (size_t)scnprintf(buf + n, size - n, "-%d", j);
		i = j;
	}
}

static void print_mems_allowed(void)
{
	if (nr_online_nodes > 1)
		pr_cont(",cpuset=/,mems_allowed=0-%d", nr_online_nodes - 1);
	else
		pr_cont(",cpuset=/,mems_allowed=0");
}

/**
 * warn_alloc - report an allocation failure
 * @gfp_mask: the request's mask
 * @nodemask: its nodemask (NULL prints "(null)")
 * @fmt: what failed, e.g. "page allocation failure: order:%u"
 */
void warn_alloc(gfp_t gfp_mask, nodemask_t *nodemask, const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(nopage_rs, 10 * HZ, 1);
	struct va_format vaf;
	va_list args;

	if ((gfp_mask & __GFP_NOWARN) || !__ratelimit(&nopage_rs))
		return;
	if ((gfp_mask & __GFP_DMA) && !ukmem_zone_by_type(0, ZONE_DMA))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (nodemask) {
		char nodes[64];

		print_node_list(nodemask->bits[0], nodes, sizeof(nodes));
		pr_warn("%s: %pV, mode:%#x(%pGg), nodemask=%s", current->comm, &vaf, gfp_mask,
			&gfp_mask, nodes);
	} else
		pr_warn("%s: %pV, mode:%#x(%pGg), nodemask=(null)", current->comm, &vaf, gfp_mask,
			&gfp_mask);
	va_end(args);
	print_mems_allowed();
	pr_cont("\n");
	dump_stack();
	ukmem_show_mem_upto(gfp_max_zone_idx(gfp_mask));
}

/**
 * ukmem_out_of_memory - the OOM killer's report, with no process to kill
 * @gfp_mask: the failed request's mask
 * @order: its order
 */
void ukmem_out_of_memory(gfp_t gfp_mask, unsigned int order)
{
	static DEFINE_RATELIMIT_STATE(oom_rs, 10 * HZ, 1);

	atomic_long_inc(&ukmem_vm_events.oom_kill);
	if (!__ratelimit(&oom_rs))
		return;
	pr_warn("%s invoked oom-killer: gfp_mask=%#x(%pGg), order=%u, oom_score_adj=0\n",
		current->comm, gfp_mask, &gfp_mask, order);
	dump_stack();
	ukmem_show_mem_upto(gfp_max_zone_idx(gfp_mask));
	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name\n");
	pr_warn("Out of memory and no killable processes...\n");
}
