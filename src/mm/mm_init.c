// SPDX-License-Identifier: GPL-2.0
/*
 * mm/mm_init.c - building the machine's memory at boot: the physical
 * memory map, nodes and zones, mem_map, the direct map, and the first
 * hand-over of every free page to the buddy allocator.
 *
 * The physical memory map is e820-like and documented per arch
 * (docs/ARCHITECTURE.md, "Physical memory map"):
 *
 *   x86_64, i386 (QEMU q35):  pfn 0 is not RAM; RAM 0x1000-0x9fbff; the
 *     legacy hole 0x9fc00-0xfffff; RAM from 1 MiB to the end of the
 *     below-4G RAM (min(mem, 2G)) less 0x21000 bytes the firmware keeps;
 *     any RAM beyond 2 GiB lives from 4 GiB up.  The first 1 MiB is
 *     reserved by the kernel (as x86 has done since 5.13).
 *   arm (vexpress-like): one RAM bank from 0x60000000, no holes.
 *
 * Reserved at boot, besides the x86 first MiB: the memory map itself,
 * sized with the modelled arch's struct page (64 bytes on x86_64 with one
 * 2 MiB vmemmap block per populated 128 MiB section; 32 bytes flat per
 * node on the 32-bit arches), taken from the top of each node's lowmem as
 * memblock does.  Nothing else is reserved: ukmem has no kernel image,
 * initrd or firmware tables in its RAM (docs/DIVERGENCES.md), so managed
 * is a little larger than a real kernel's.
 *
 * Zones of each arch, in the kernel's order (the local zone index):
 *   x86_64: DMA (< 16M), DMA32 (< 4G), Normal, Movable, Device
 *   i386:   DMA (< 16M), Normal (< lowmem end), HighMem, Movable
 *   arm:    Normal (< 768M of RAM), HighMem, Movable
 * Movable and Device stay empty (no kernelcore=/movablecore=, no hotplug).
 *
 * The physical memory is one memfd of phys_size bytes; the direct map is
 * one shared mapping of its lowmem part at PAGE_OFFSET.  Pages that are
 * never touched cost the host nothing; mem_map is anonymous memory and
 * only the struct pages of RAM are written.
 *
 * Boot frees pages as memblock_free_all() does: ascending pfn, in the
 * largest naturally aligned blocks, each to the tail of its list, so a
 * fresh machine's free lists are in address order.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "internal.h"
#include "page_debug.h"
#include "vmalloc_internal.h"

struct ukmem_machine ukmem_m;

unsigned long ukmem_page_offset;
unsigned long ukmem_phys_offset;
unsigned long ukmem_high_memory;
struct page *ukmem_mem_map;
unsigned long ukmem_max_pfn;
unsigned long ukmem_max_low_pfn;
unsigned int ukmem_pageblock_order = 9;

struct pglist_data *ukmem_node_data[MAX_NUMNODES];
int ukmem_nr_zones;
enum zone_type ukmem_zone_type[MAX_NR_ZONES];
int nr_online_nodes;
unsigned int nr_cpu_ids;

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

static const char *const zone_names[__MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",	    [ZONE_DMA32] = "DMA32",	[ZONE_NORMAL] = "Normal",
	[ZONE_HIGHMEM] = "HighMem", [ZONE_MOVABLE] = "Movable", [ZONE_DEVICE] = "Device",
};

/* Node structures live in host memory obtained once per boot. */
static struct pglist_data *node_storage;
static size_t node_storage_len;
static struct per_cpu_pages *pcp_storage;
static size_t pcp_storage_len;
static unsigned long *pageblock_storage;
static size_t pageblock_storage_len;

#define SZ_4G (4ULL << 30)
#define SZ_2G (2ULL << 30)
#define X86_FW_TAIL 0x21000ULL
#define I386_LOWMEM_END (225278ULL << PAGE_SHIFT) /* 686-pae with the default vmalloc */
#define ARM_PHYS_BASE 0x60000000ULL
#define ARM_LOWMEM (768ULL << 20)
#define SECTION_PAGES (1UL << (27 - PAGE_SHIFT)) /* x86_64 128 MiB sections */

static void add_range(u64 start, u64 end, int type)
{
	struct ukmem_mem_range *r = &ukmem_m.ranges[ukmem_m.nr_ranges++];

	r->start = start;
	r->end = end;
	r->type = type;
}

static void layout_x86(u64 mem)
{
	u64 low = mem < SZ_2G ? mem : SZ_2G;

	add_range(0x1000, 0x9fc00, UKMEM_E820_RAM);
	add_range(0x9fc00, 0x100000, UKMEM_E820_RESERVED);
	add_range(0x100000, low - X86_FW_TAIL, UKMEM_E820_RAM);
	add_range(low - X86_FW_TAIL, low, UKMEM_E820_RESERVED);
	if (mem > SZ_2G)
		add_range(SZ_4G, SZ_4G + (mem - SZ_2G), UKMEM_E820_RAM);
	ukmem_phys_offset = 0;
	ukmem_m.dma_limit = 16ULL << 20;
	ukmem_pageblock_order = 9;
}

static void setup_arch_layout(void)
{
	u64 mem = ukmem_kp.mem_bytes;
	int n = 0;

	ukmem_m.arch = ukmem_kp.arch;
	ukmem_m.nr_ranges = 0;
	switch (ukmem_kp.arch) {
	case UKMEM_ARCH_X86_64:
		ukmem_m.arch_name = "x86_64";
		layout_x86(mem);
		ukmem_m.dma32_limit = SZ_4G;
		ukmem_m.lowmem_limit = ukmem_vmalloc_lowmem_limit(~0ULL); /* vmalloc= */
		ukmem_m.arch_page_struct_size = 64;
		ukmem_zone_type[n++] = ZONE_DMA;
		ukmem_zone_type[n++] = ZONE_DMA32;
		ukmem_zone_type[n++] = ZONE_NORMAL;
		ukmem_zone_type[n++] = ZONE_MOVABLE;
		ukmem_zone_type[n++] = ZONE_DEVICE;
		break;
	case UKMEM_ARCH_I386:
		ukmem_m.arch_name = "i386";
		layout_x86(mem);
		ukmem_m.dma32_limit = 0;
		ukmem_m.lowmem_limit = ukmem_vmalloc_lowmem_limit(I386_LOWMEM_END); /* vmalloc= */
		ukmem_m.arch_page_struct_size = 32;
		ukmem_zone_type[n++] = ZONE_DMA;
		ukmem_zone_type[n++] = ZONE_NORMAL;
		ukmem_zone_type[n++] = ZONE_HIGHMEM;
		ukmem_zone_type[n++] = ZONE_MOVABLE;
		break;
	case UKMEM_ARCH_ARM:
		ukmem_m.arch_name = "arm";
		add_range(ARM_PHYS_BASE, ARM_PHYS_BASE + mem, UKMEM_E820_RAM);
		ukmem_phys_offset = ARM_PHYS_BASE;
		ukmem_m.dma_limit = 0;
		ukmem_m.dma32_limit = 0;
		ukmem_m.lowmem_limit = ukmem_vmalloc_lowmem_limit(ARM_PHYS_BASE + ARM_LOWMEM);
		ukmem_m.arch_page_struct_size = 32;
		ukmem_pageblock_order = 10;
		ukmem_zone_type[n++] = ZONE_NORMAL;
		ukmem_zone_type[n++] = ZONE_HIGHMEM;
		ukmem_zone_type[n++] = ZONE_MOVABLE;
		break;
	}
	ukmem_nr_zones = n;
}

/* The physical end (exclusive) of zone type @t; 0 for "up to the end". */
static u64 zone_type_limit(enum zone_type t)
{
	switch (t) {
	case ZONE_DMA:
		return ukmem_m.dma_limit;
	case ZONE_DMA32:
		return ukmem_m.dma32_limit;
	case ZONE_NORMAL:
		return ukmem_m.lowmem_limit == ~0ULL ? ~0ULL : ukmem_m.lowmem_limit;
	case ZONE_HIGHMEM:
		return ~0ULL;
	default:
		return 0; /* Movable, Device: empty */
	}
}

bool ukmem_pfn_is_ram(unsigned long pfn)
{
	u64 pa = (u64)pfn << PAGE_SHIFT;

	for (int i = 0; i < ukmem_m.nr_ranges; i++) {
		const struct ukmem_mem_range *r = &ukmem_m.ranges[i];

		if (r->type == UKMEM_E820_RAM && pa >= r->start && pa + PAGE_SIZE <= r->end)
			return true;
	}
	return false;
}

static unsigned long ram_pages_in(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long n = 0;

	for (int i = 0; i < ukmem_m.nr_ranges; i++) {
		const struct ukmem_mem_range *r = &ukmem_m.ranges[i];
		unsigned long s, e;

		if (r->type != UKMEM_E820_RAM)
			continue;
		s = max(start_pfn, (unsigned long)PFN_UP(r->start));
		e = min(end_pfn, (unsigned long)PFN_DOWN(r->end));
		if (e > s)
			n += e - s;
	}
	return n;
}

static unsigned long first_ram_pfn(void)
{
	unsigned long lo = ~0UL;

	for (int i = 0; i < ukmem_m.nr_ranges; i++)
		if (ukmem_m.ranges[i].type == UKMEM_E820_RAM)
			lo = min(lo, (unsigned long)PFN_UP(ukmem_m.ranges[i].start));
	return lo;
}

static unsigned long last_ram_pfn(void) /* exclusive */
{
	unsigned long hi = 0;

	for (int i = 0; i < ukmem_m.nr_ranges; i++)
		if (ukmem_m.ranges[i].type == UKMEM_E820_RAM)
			hi = max(hi, (unsigned long)PFN_DOWN(ukmem_m.ranges[i].end));
	return hi;
}

unsigned long *ukmem_valid_sections;
static size_t valid_sections_len;

/* pfn_valid: inside mem_map and in a section (x86_64) or bank holding RAM. */
bool pfn_valid(unsigned long pfn)
{
	unsigned long sec;

	if (pfn < ukmem_m.min_pfn || pfn >= ukmem_max_pfn || !ukmem_valid_sections)
		return false;
	sec = (pfn - ukmem_m.min_pfn) / SECTION_PAGES;
	return (ukmem_valid_sections[sec / BITS_PER_LONG] >> (sec % BITS_PER_LONG)) & 1;
}

/*
 * The walks over every pfn (the slab checks) test validity once a section:
 * move *pfn to the first valid pfn at or after it, set *end to the end of
 * its run of valid sections, and return false when there is none.
 */
bool ukmem_pfn_valid_run(unsigned long *pfn, unsigned long *end)
{
	unsigned long p = max(*pfn, ukmem_m.min_pfn), e;

	while (p < ukmem_max_pfn && !pfn_valid(p))
		p = ukmem_m.min_pfn + ((p - ukmem_m.min_pfn) / SECTION_PAGES + 1) * SECTION_PAGES;
	if (p >= ukmem_max_pfn)
		return false;
	e = p;
	while (e < ukmem_max_pfn && pfn_valid(e))
		e = ukmem_m.min_pfn + ((e - ukmem_m.min_pfn) / SECTION_PAGES + 1) * SECTION_PAGES;
	*pfn = p;
	*end = min(e, ukmem_max_pfn);
	return true;
}

/* One bit per section: x86_64 sections holding RAM; every section elsewhere. */
static int build_valid_sections(void)
{
	unsigned long nr = DIV_ROUND_UP(ukmem_max_pfn - ukmem_m.min_pfn, SECTION_PAGES);

	valid_sections_len = PAGE_ALIGN(DIV_ROUND_UP(nr, BITS_PER_LONG) * sizeof(long));
	ukmem_valid_sections = plat_map_anon(valid_sections_len);
	if (!ukmem_valid_sections)
		return -ENOMEM;
	for (unsigned long sec = 0; sec < nr; sec++) {
		unsigned long s = ukmem_m.min_pfn + sec * SECTION_PAGES;

		if (ukmem_m.arch != UKMEM_ARCH_X86_64 || ram_pages_in(s, s + SECTION_PAGES))
			ukmem_valid_sections[sec / BITS_PER_LONG] |= 1UL << (sec % BITS_PER_LONG);
	}
	return 0;
}

#undef virt_addr_valid
bool virt_addr_valid(const volatile void *kaddr)
{
	unsigned long v = (unsigned long)kaddr;

	if (!ukmem_mem_map || v < PAGE_OFFSET || v >= ukmem_high_memory)
		return false;
	return pfn_valid(virt_to_pfn(v));
}

/*
 * Split RAM pfns evenly among the fake nodes (numa=fake=N), by RAM pages,
 * so that each node gets a contiguous pfn range.
 */
static void node_pfn_range(int nid, unsigned long *start, unsigned long *end)
{
	unsigned long lo = first_ram_pfn(), hi = last_ram_pfn();
	unsigned long total = ram_pages_in(lo, hi), share, seen = 0, pfn;
	int nodes = ukmem_kp.nr_nodes;

	if (nodes == 1) {
		*start = lo;
		*end = hi;
		return;
	}
	share = total / (unsigned long)nodes;
	*start = lo;
	*end = hi;
	/* Walk RAM to find the boundaries (boot-time only, ranges are few). */
	for (int i = 0; i < ukmem_m.nr_ranges; i++) {
		const struct ukmem_mem_range *r = &ukmem_m.ranges[i];
		unsigned long s = PFN_UP(r->start), e = PFN_DOWN(r->end);

		if (r->type != UKMEM_E820_RAM)
			continue;
		for (pfn = s; pfn < e; pfn++, seen++) {
			if (nid > 0 && seen == share * (unsigned long)nid)
				*start = pfn;
			if (nid < nodes - 1 && seen == share * (unsigned long)(nid + 1)) {
				*end = pfn;
				return;
			}
		}
	}
}

static unsigned long memmap_pages_for(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long size = ukmem_m.arch_page_struct_size;

	if (ukmem_m.arch == UKMEM_ARCH_X86_64) {
		unsigned long sections = 0;

		for (unsigned long s = start_pfn & ~(SECTION_PAGES - 1); s < end_pfn;
		     s += SECTION_PAGES)
			if (ram_pages_in(max(s, start_pfn), min(s + SECTION_PAGES, end_pfn)))
				sections++;
		return sections * (SECTION_PAGES * size / PAGE_SIZE);
	}
	return DIV_ROUND_UP((end_pfn - start_pfn) * size, PAGE_SIZE);
}

static void init_zone_struct(struct pglist_data *pgdat, int idx, unsigned long node_start,
			     unsigned long node_end)
{
	struct zone *zone = &pgdat->node_zones[idx];
	enum zone_type t = ukmem_zone_type[idx];
	u64 lo_pa = 0, hi_pa = zone_type_limit(t);
	unsigned long zs, ze;

	/* A zone starts where the one below it ends. */
	for (int j = 0; j < idx; j++) {
		u64 lim = zone_type_limit(ukmem_zone_type[j]);

		if (lim && lim != ~0ULL)
			lo_pa = max(lo_pa, lim);
	}
	spin_lock_init(&zone->lock);
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list[mt]);
		zone->free_area[o].nr_free = 0;
	}
	zone->name = zone_names[t];
	zone->type = t;
	zone->zone_idx = idx;
	zone->node = pgdat->node_id;
	zone->zone_pgdat = pgdat;
	if (!hi_pa) {
		zone->zone_start_pfn = 0;
		return;
	}
	zs = max(node_start, (unsigned long)PFN_UP(lo_pa));
	ze = hi_pa == ~0ULL ? node_end : min(node_end, (unsigned long)PFN_DOWN(hi_pa));
	if (ze <= zs) {
		zone->zone_start_pfn = 0;
		return;
	}
	zone->zone_start_pfn = zs;
	zone->spanned_pages = ze - zs;
	zone->present_pages = ram_pages_in(zs, ze);
}

/* Give every struct page of RAM its node, zone and "no cpupid" bits. */
static void init_zone_pages(struct zone *zone)
{
	unsigned long base = ((unsigned long)zone->node << NODES_PGSHIFT) |
			     ((unsigned long)zone->zone_idx << ZONES_PGSHIFT) |
			     (LAST_CPUPID_MASK << LAST_CPUPID_PGSHIFT);

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn++) {
		struct page *page = pfn_to_page(pfn);

		page->flags = base | (1UL << PG_reserved);
		page->page_type = 0xffffffffu;
		atomic_set(&page->_refcount, 1);
		INIT_LIST_HEAD(&page->lru);
		page->lru.next = LIST_POISON1; /* as a never-listed page reads in a dump */
		page->lru.prev = LIST_POISON2;
	}
}

/* Reserve @nr pages of RAM from the top of [lo, hi) of the node; returns how many. */
static unsigned long reserve_top(unsigned long lo, unsigned long hi, unsigned long nr,
				 unsigned long *first)
{
	unsigned long done = 0;

	for (unsigned long pfn = hi; pfn > lo && done < nr; pfn--) {
		if (!ukmem_pfn_is_ram(pfn - 1))
			continue;
		/* stays PG_reserved; remember it for the free walk */
		pfn_to_page(pfn - 1)->private = 1;
		*first = pfn - 1;
		done++;
	}
	return done;
}

static void free_zone_ram(struct zone *zone)
{
	unsigned long pfn = zone->zone_start_pfn, end = zone_end_pfn(zone);

	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!ukmem_pfn_is_ram(pfn) || page->private) {
			pfn++;
			continue;
		}
		/* the largest aligned block of usable pages starting here */
		order = pfn ? (unsigned int)__builtin_ctzl(pfn) : MAX_PAGE_ORDER;
		if (order > MAX_PAGE_ORDER)
			order = MAX_PAGE_ORDER;
		while (order > 0) {
			unsigned long n = 1UL << order, i;

			if (pfn + n <= end) {
				for (i = 0; i < n; i++) {
					struct page *p = pfn_to_page(pfn + i);

					if (!ukmem_pfn_is_ram(pfn + i) || p->private)
						break;
				}
				if (i == n)
					break;
			}
			order--;
		}
		for (unsigned long i = 0; i < (1UL << order); i++)
			ClearPageReserved(pfn_to_page(pfn + i));
		__free_pages_core(page, order);
		pfn += 1UL << order;
	}
}

static int alloc_host_structures(void)
{
	int nodes = ukmem_kp.nr_nodes, cpus = ukmem_kp.nr_cpus;
	unsigned long blocks = DIV_ROUND_UP(ukmem_max_pfn - ukmem_m.min_pfn, pageblock_nr_pages);

	node_storage_len = PAGE_ALIGN(sizeof(struct pglist_data) * (size_t)nodes);
	node_storage = plat_map_anon(node_storage_len);
	pcp_storage_len = PAGE_ALIGN(sizeof(struct per_cpu_pages) * (size_t)nodes * MAX_NR_ZONES *
				     (size_t)cpus);
	pcp_storage = plat_map_anon(pcp_storage_len);
	pageblock_storage_len = PAGE_ALIGN(blocks * sizeof(unsigned long));
	pageblock_storage = plat_map_anon(pageblock_storage_len);
	ukmem_m.mem_map_len = PAGE_ALIGN((ukmem_max_pfn - ukmem_m.min_pfn) * sizeof(struct page));
	ukmem_m.mem_map_area = plat_map_anon(ukmem_m.mem_map_len);
	if (!node_storage || !pcp_storage || !pageblock_storage || !ukmem_m.mem_map_area)
		return -ENOMEM;
	ukmem_mem_map = ukmem_m.mem_map_area;
	return 0;
}

static void free_host_structures(void)
{
	if (node_storage)
		plat_unmap_anon(node_storage, node_storage_len);
	if (pcp_storage)
		plat_unmap_anon(pcp_storage, pcp_storage_len);
	if (pageblock_storage)
		plat_unmap_anon(pageblock_storage, pageblock_storage_len);
	if (ukmem_m.mem_map_area)
		plat_unmap_anon(ukmem_m.mem_map_area, ukmem_m.mem_map_len);
	node_storage = NULL;
	pcp_storage = NULL;
	pageblock_storage = NULL;
	ukmem_m.mem_map_area = NULL;
	ukmem_mem_map = NULL;
	if (ukmem_valid_sections)
		plat_unmap_anon(ukmem_valid_sections, valid_sections_len);
	ukmem_valid_sections = NULL;
}

/* Reserve and map the physical object as the direct map. */
static int map_physical_memory(void)
{
	unsigned long pref = ukmem_m.arch == UKMEM_ARCH_X86_64 ? 0x200000000000UL : 0xC0000000UL;
	u64 low_end = min((u64)ukmem_max_low_pfn << PAGE_SHIFT, (u64)ukmem_max_pfn << PAGE_SHIFT);
	bool at_hint;
	void *base;

	ukmem_m.phys_size = ((u64)ukmem_max_pfn << PAGE_SHIFT) - ukmem_phys_offset;
	ukmem_m.phys_handle = plat_phys_create(ukmem_m.phys_size);
	if (ukmem_m.phys_handle < 0)
		return -ENOMEM;
	ukmem_m.direct_map_len = (size_t)(low_end - ukmem_phys_offset);
	/* relocated or not, a 2^MAX_PAGE_ORDER block stays naturally aligned (kmalloc's promise) */
	base = plat_reserve_aligned((void *)pref, ukmem_m.direct_map_len,
				    PAGE_SIZE << MAX_PAGE_ORDER, &at_hint);
	if (!base)
		return -ENOMEM;
	ukmem_m.direct_map = base;
	ukmem_m.relocated = !at_hint;
	if (plat_map_phys(ukmem_m.phys_handle, base, 0, ukmem_m.direct_map_len, true))
		return -ENOMEM;
	ukmem_page_offset = (unsigned long)base;
	ukmem_high_memory = ukmem_page_offset + ukmem_m.direct_map_len;
	return 0;
}

static void unmap_physical_memory(void)
{
	if (ukmem_m.direct_map) {
		plat_unmap_phys(ukmem_m.direct_map, ukmem_m.direct_map_len);
		plat_unreserve(ukmem_m.direct_map, ukmem_m.direct_map_len);
	}
	if (ukmem_m.phys_handle >= 0)
		plat_phys_destroy(ukmem_m.phys_handle);
	ukmem_m.direct_map = NULL;
	ukmem_m.phys_handle = -1;
	ukmem_page_offset = 0;
	ukmem_high_memory = 0;
}

static void print_e820(void)
{
	if (ukmem_m.arch == UKMEM_ARCH_ARM)
		return;
	pr_info("BIOS-provided physical RAM map:\n");
	for (int i = 0; i < ukmem_m.nr_ranges; i++) {
		const struct ukmem_mem_range *r = &ukmem_m.ranges[i];

		pr_info("BIOS-e820: [mem %#018llx-%#018llx] %s\n", (unsigned long long)r->start,
			(unsigned long long)r->end - 1,
			r->type == UKMEM_E820_RAM ? "usable" : "reserved");
	}
}

static void print_zone_ranges(void)
{
	pr_info("Zone ranges:\n");
	for (int i = 0; i < ukmem_nr_zones; i++) {
		enum zone_type t = ukmem_zone_type[i];
		u64 lo = 0, hi = zone_type_limit(t);
		u64 ram_lo = (u64)first_ram_pfn() << PAGE_SHIFT;
		u64 ram_hi = (u64)last_ram_pfn() << PAGE_SHIFT;

		if (t == ZONE_MOVABLE)
			continue;
		for (int j = 0; j < i; j++) {
			u64 lim = zone_type_limit(ukmem_zone_type[j]);

			if (lim && lim != ~0ULL)
				lo = max(lo, lim);
		}
		lo = max(lo, ram_lo);
		hi = min(hi, ram_hi);
		if (!zone_type_limit(t) || hi <= lo)
			pr_info("  %-8s empty\n", zone_names[t]);
		else
			pr_info("  %-8s [mem %#018llx-%#018llx]\n", zone_names[t],
				(unsigned long long)lo, (unsigned long long)hi - 1);
	}
	pr_info("Movable zone start for each node\n");
	pr_info("Early memory node ranges\n");
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		unsigned long ns, ne;

		node_pfn_range(nid, &ns, &ne);
		for (int i = 0; i < ukmem_m.nr_ranges; i++) {
			const struct ukmem_mem_range *r = &ukmem_m.ranges[i];
			unsigned long s = max(ns, (unsigned long)PFN_UP(r->start));
			unsigned long e = min(ne, (unsigned long)PFN_DOWN(r->end));

			if (r->type == UKMEM_E820_RAM && e > s)
				pr_info("  node %3d: [mem %#018llx-%#018llx]\n", nid,
					(unsigned long long)PFN_PHYS(s),
					(unsigned long long)PFN_PHYS(e) - 1);
		}
	}
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		unsigned long ns, ne;

		node_pfn_range(nid, &ns, &ne);
		pr_info("Initmem setup node %d [mem %#018llx-%#018llx]\n", nid,
			(unsigned long long)PFN_PHYS(ns), (unsigned long long)PFN_PHYS(ne) - 1);
	}
}

static int setup_nodes(void)
{
	unsigned long memmap_first;

	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct pglist_data *pgdat = &node_storage[nid];
		unsigned long ns, ne, lowtop, want;

		node_pfn_range(nid, &ns, &ne);
		pgdat->node_id = nid;
		pgdat->node_start_pfn = ns;
		pgdat->node_spanned_pages = ne - ns;
		pgdat->node_present_pages = ram_pages_in(ns, ne);
		ukmem_node_data[nid] = pgdat;
		for (unsigned long b = 0; b < pageblock_storage_len / sizeof(long); b++)
			pageblock_storage[b] = MIGRATE_MOVABLE;
		for (int z = 0; z < ukmem_nr_zones; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			init_zone_struct(pgdat, z, ns, ne);
			zone->per_cpu_pageset =
				pcp_storage + ((size_t)nid * MAX_NR_ZONES + (size_t)z) * nr_cpu_ids;
			zone->pageblock_flags = pageblock_storage;
			if (populated_zone(zone)) {
				init_zone_pages(zone);
				pgdat->nr_zones = z + 1;
			}
		}
		/* mem_map: from the top of the node's lowmem */
		lowtop = min(ne, ukmem_max_low_pfn);
		want = memmap_pages_for(ns, ne);
		memmap_first = lowtop;
		ukmem_m.memmap_pages += reserve_top(ns, lowtop, want, &memmap_first);
	}
	/* x86: the first MiB stays reserved */
	if (ukmem_m.arch != UKMEM_ARCH_ARM)
		for (unsigned long pfn = first_ram_pfn(); pfn < 0x100; pfn++)
			if (ukmem_pfn_is_ram(pfn))
				pfn_to_page(pfn)->private = 1;
	return 0;
}

static void count_reserved_and_free(void)
{
	ukmem_m.reserved_pages = 0;
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		for (int z = 0; z < ukmem_nr_zones; z++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[z];
			unsigned long reserved = 0;

			if (!populated_zone(zone))
				continue;
			for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
			     pfn++)
				if (ukmem_pfn_is_ram(pfn) && pfn_to_page(pfn)->private)
					reserved++;
			atomic_long_set(&zone->managed_pages,
					(long)(zone->present_pages - reserved));
			ukmem_m.reserved_pages += reserved;
			free_zone_ram(zone);
			/* reserved pages keep private == 0 from here on */
			for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
			     pfn++)
				if (PageReserved(pfn_to_page(pfn)))
					pfn_to_page(pfn)->private = 0;
		}
	}
}

static unsigned long total_present(void)
{
	unsigned long n = 0;

	for (int nid = 0; nid < nr_online_nodes; nid++)
		n += NODE_DATA(nid)->node_present_pages;
	return n;
}

static void print_memory_line(void)
{
	unsigned long highmem = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (is_highmem(zone))
			highmem += zone_managed_pages(zone);
	if (ukmem_m.arch != UKMEM_ARCH_X86_64)
		pr_info("Memory: %luK/%luK available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, %luK reserved, 0K cma-reserved, %luK highmem)\n",
			totalram_pages() << (PAGE_SHIFT - 10), total_present() << (PAGE_SHIFT - 10),
			ukmem_m.reserved_pages << (PAGE_SHIFT - 10), highmem << (PAGE_SHIFT - 10));
	else
		pr_info("Memory: %luK/%luK available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, %luK reserved, 0K cma-reserved)\n",
			totalram_pages() << (PAGE_SHIFT - 10), total_present() << (PAGE_SHIFT - 10),
			ukmem_m.reserved_pages << (PAGE_SHIFT - 10));
}

/**
 * ukmem_mm_init - lay out physical memory, build zones, free all RAM
 *
 * Return: 0 or -ENOMEM; on failure everything is undone.
 */
int ukmem_mm_init(void)
{
	int ret;

	memset(&ukmem_m, 0, sizeof(ukmem_m));
	ukmem_m.phys_handle = -1;
	memset(ukmem_node_data, 0, sizeof(ukmem_node_data));
	setup_arch_layout();
	nr_online_nodes = ukmem_kp.nr_nodes;
	nr_cpu_ids = (unsigned int)ukmem_kp.nr_cpus;
	ukmem_max_pfn = last_ram_pfn();
	ukmem_m.min_pfn = ARCH_PFN_OFFSET;
	ukmem_max_low_pfn =
		ukmem_m.lowmem_limit == ~0ULL
			? ukmem_max_pfn
			: min(ukmem_max_pfn, (unsigned long)PFN_DOWN(ukmem_m.lowmem_limit));
	ret = alloc_host_structures();
	if (!ret)
		ret = build_valid_sections();
	if (!ret)
		ret = map_physical_memory();
	if (ret) {
		ukmem_mm_exit();
		return ret;
	}
	print_e820();
	if (ukmem_m.relocated)
		pr_info("ukmem: direct map relocated to %#lx\n", ukmem_page_offset);
	print_zone_ranges();
	ukmem_page_debug_init(); /* before RAM reaches the free lists */
	setup_nodes();
	ukmem_page_alloc_boot();
	count_reserved_and_free();
	ukmem_build_zonelists();
	init_per_zone_wmark_min();
	return 0;
}

/* Print what 6.12 prints once the allocator is up, in its order. */
void ukmem_mm_report(void)
{
	struct zone *zone;
	unsigned long total = 0;

	/* 6.12 counts every zone's managed pages here ("Total pages"). */
	for_each_populated_zone(zone)
		total += zone_managed_pages(zone);
	pr_info("Built %d zonelists, mobility grouping on.  Total pages: %lu\n", nr_online_nodes,
		total);
	ukmem_page_debug_report();
	pr_info("mem auto-init: stack:all(zero), heap alloc:%s, heap free:%s\n",
		ukmem_kp.init_on_alloc ? "on" : "off", ukmem_kp.init_on_free ? "on" : "off");
	if (ukmem_kp.init_on_free)
		pr_info("mem auto-init: clearing system memory may take some time...\n");
	print_memory_line();
	ukmem_page_debug_late_init(); /* the vmalloc space exists: its budget can be split */
}

void ukmem_mm_exit(void)
{
	ukmem_page_debug_exit();
	ukmem_page_alloc_exit();
	unmap_physical_memory();
	free_host_structures();
	memset(ukmem_node_data, 0, sizeof(ukmem_node_data));
	nr_online_nodes = 0;
	ukmem_max_pfn = 0;
	ukmem_max_low_pfn = 0;
}

struct zone *ukmem_zone_by_type(int nid, enum zone_type type)
{
	for (int i = 0; i < ukmem_nr_zones; i++)
		if (ukmem_zone_type[i] == type)
			return &NODE_DATA(nid)->node_zones[i];
	return NULL;
}

/* Pageblock migratetypes: one unsigned long per block, indexed from min_pfn. */
int ukmem_get_pfnblock_migratetype(const struct zone *zone, unsigned long pfn)
{
	return (int)__atomic_load_n(
		&zone->pageblock_flags[(pfn - ukmem_m.min_pfn) >> pageblock_order],
		__ATOMIC_RELAXED);
}

void ukmem_set_pfnblock_migratetype(struct zone *zone, unsigned long pfn, int mt)
{
	__atomic_store_n(&zone->pageblock_flags[(pfn - ukmem_m.min_pfn) >> pageblock_order],
			 (unsigned long)mt, __ATOMIC_RELAXED);
}
