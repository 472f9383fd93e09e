// SPDX-License-Identifier: GPL-2.0
/*
 * mm/page_owner.c - page_owner=on: who allocated each page, and who freed it.
 *
 * What it owns: one record per pfn (struct page_owner, in host memory
 * beside mem_map, as 6.12 keeps it in page_ext), a small stack store, and
 * the views /sys/kernel/debug/page_owner and
 * /sys/kernel/debug/page_owner_stacks/{show_stacks,count_threshold}.
 *
 * The algorithm, as 6.12: post_alloc_hook() (ukmem's prep_new_page())
 * records, for every page of the block, the order, gfp mask, pid, tgid,
 * comm, a timestamp and the allocation stack, and marks the page OWNER
 * and ALLOCATED; free_pages_prepare() records the free stack, pid, tgid
 * and time and clears ALLOCATED.  Reading page_owner walks the pfns,
 * skipping free buddy blocks, pages not allocated now and tail pages of
 * a block, and prints each allocation in print_page_owner()'s format.
 * dump_page() ends with __dump_page_owner()'s lines wherever it is
 * printed (bad_page, VM_BUG_ON_PAGE, the poison report).
 *
 * The stack store stands in for 6.12's stack depot (lib/stackdepot.c):
 * stacks of up to 16 frames, deduplicated by a hash table, never freed
 * while the machine runs, each with a count of the base pages allocated
 * from it now plus one (the refcount 6.12's page_owner keeps), which
 * show_stacks prints.  Handles are record index + 1 (0: no stack).  It is
 * private to this file: the slab debugging helper has its own store,
 * and one shared src/mm/stackdepot.c is the later plan.  When the store
 * is full, new stacks get the failure handle, as 6.12's page_owner does.
 *
 * At boot, after the free lists are built, pages already allocated
 * (none but what ukmem reserves for itself) are marked as allocated with
 * the early stack, and 6.12's "page owner found early allocated" line is
 * printed per zone.
 *
 * Lock order: depot_lock (a spinlock, innermost) only guards inserting a
 * stack; readers find records through acquire loads.  Records of a page
 * are written by whoever owns the page (allocation and free are
 * exclusive); the views read them racily, as 6.12 does without the zone
 * lock.
 *
 * Differences from 6.12: no page_ext, so there is no "allocated N bytes
 * of page_ext" line; no migration, so "last migrate reason" never shows;
 * no memcg lines (ukmem has no cgroups).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include "internal.h"
#include "page_debug.h"
#include <kernel/proc.h>

#define PAGE_OWNER_STACK_DEPTH 16
#define DEPOT_MAX_RECORDS 65536
#define DEPOT_HASH_BITS 14

#define PAGE_EXT_OWNER 0x1
#define PAGE_EXT_OWNER_ALLOCATED 0x2

typedef u32 depot_stack_handle_t;

/* One page's record.  Invariant: ALLOCATED => OWNER, and handle != 0 unless the stack failed. */
struct page_owner {
	unsigned short order;
	short last_migrate_reason;
	gfp_t gfp_mask;
	depot_stack_handle_t handle;
	depot_stack_handle_t free_handle;
	u64 ts_nsec;
	u64 free_ts_nsec;
	char comm[TASK_COMM_LEN];
	pid_t pid;
	pid_t tgid;
	pid_t free_pid;
	pid_t free_tgid;
	unsigned int flags; /* PAGE_EXT_OWNER* */
};

/* A stored stack.  count = 1 + base pages allocated from it now (0: never used). */
struct stack_record {
	u32 hash;
	u32 size;
	u32 next; /* index + 1 of the next record in the bucket */
	u32 list_next; /* index + 1 of the next record on the used list (newest first) */
	long count;
	unsigned long entries[PAGE_OWNER_STACK_DEPTH];
};

bool _page_owner_inited;
static bool page_owner_param;
static struct page_owner *owners; /* one per pfn - min_pfn */
static size_t owners_bytes;
static struct stack_record *depot;
static size_t depot_bytes;
static u32 depot_buckets[1U << DEPOT_HASH_BITS];
static u32 depot_nr;
static u32 stack_list; /* head of the used list, index + 1 */
static DEFINE_SPINLOCK(depot_lock);
static depot_stack_handle_t dummy_handle, failure_handle, early_handle;
static unsigned long page_owner_pages_threshold;

static u64 local_clock(void)
{
	return plat_clock_ns() - ukmem_boot_ns;
}

static inline struct page_owner *get_page_owner(const struct page *page)
{
	return &owners[page_to_pfn(page) - ukmem_m.min_pfn];
}

static struct stack_record *depot_record(depot_stack_handle_t handle)
{
	if (!handle || handle > __atomic_load_n(&depot_nr, __ATOMIC_ACQUIRE))
		return NULL;
	return &depot[handle - 1];
}

static u32 hash_stack(const unsigned long *entries, unsigned int n)
{
	u64 h = 0x9e3779b97f4a7c15ULL ^ n;

	for (unsigned int i = 0; i < n; i++) {
		h ^= entries[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
	}
	return (u32)h;
}

/* Find or add a stack; 0 when the store is full. */
static depot_stack_handle_t stack_depot_save(const unsigned long *entries, unsigned int n)
{
	u32 hash = hash_stack(entries, n),
	    *bucket = &depot_buckets[hash & ((1U << DEPOT_HASH_BITS) - 1)];
	depot_stack_handle_t handle = 0;
	struct stack_record *r;

	for (u32 i = __atomic_load_n(bucket, __ATOMIC_ACQUIRE); i; i = r->next) {
		r = &depot[i - 1];
		if (r->hash == hash && r->size == n &&
		    !memcmp(r->entries, entries, n * sizeof(entries[0])))
			return i;
	}
	spin_lock(&depot_lock);
	for (u32 i = *bucket; i; i = r->next) {
		r = &depot[i - 1];
		if (r->hash == hash && r->size == n &&
		    !memcmp(r->entries, entries, n * sizeof(entries[0]))) {
			handle = i;
			goto out;
		}
	}
	if (depot_nr < DEPOT_MAX_RECORDS) {
		r = &depot[depot_nr];
		r->hash = hash;
		r->size = n;
		r->count = 0;
		memcpy(r->entries, entries, n * sizeof(entries[0]));
		r->next = *bucket;
		handle = depot_nr + 1;
		__atomic_store_n(&depot_nr, depot_nr + 1, __ATOMIC_RELEASE);
		__atomic_store_n(bucket, handle, __ATOMIC_RELEASE);
	}
out:
	spin_unlock(&depot_lock);
	return handle;
}

static noinline depot_stack_handle_t save_stack(void)
{
	void *frames[PAGE_OWNER_STACK_DEPTH];
	unsigned long entries[PAGE_OWNER_STACK_DEPTH];
	depot_stack_handle_t handle;
	/* leave out save_stack() and __set_page_owner()/__reset_page_owner(), as 6.12 */
	int n = plat_backtrace(frames, PAGE_OWNER_STACK_DEPTH, 2);

	for (int i = 0; i < n; i++)
		entries[i] = (unsigned long)frames[i];
	handle = stack_depot_save(entries, (unsigned int)(n > 0 ? n : 0));
	return handle ? handle : failure_handle;
}

static noinline depot_stack_handle_t create_dummy_stack(void)
{
	void *frames[4];
	unsigned long entries[4];
	int n = plat_backtrace(frames, 4, 0);

	for (int i = 0; i < n; i++)
		entries[i] = (unsigned long)frames[i];
	return stack_depot_save(entries, (unsigned int)(n > 0 ? n : 0));
}

/* Count the pages allocated from a stack; a stack's first use puts it on the list. */
static void inc_stack_record_count(depot_stack_handle_t handle, int nr_base_pages)
{
	struct stack_record *r = depot_record(handle);

	if (!r)
		return;
	spin_lock(&depot_lock);
	if (r->count == 0) {
		r->count = 1;
		r->list_next = stack_list;
		__atomic_store_n(&stack_list, handle, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&r->count, r->count + nr_base_pages, __ATOMIC_RELAXED);
	spin_unlock(&depot_lock);
}

static void dec_stack_record_count(depot_stack_handle_t handle, int nr_base_pages)
{
	struct stack_record *r = depot_record(handle);

	if (!r)
		return;
	spin_lock(&depot_lock);
	__atomic_store_n(&r->count, r->count - nr_base_pages, __ATOMIC_RELAXED);
	if (r->count == 0)
		pr_warn("%s: refcount went to 0 for %u handle\n", __func__, handle);
	spin_unlock(&depot_lock);
}

/**
 * __set_page_owner - record who allocated a block
 * @page: its first page
 * @order: its order
 * @gfp_mask: the request's flags
 */
noinline void __set_page_owner(struct page *page, unsigned short order, gfp_t gfp_mask)
{
	depot_stack_handle_t handle = save_stack();
	u64 ts = local_clock();
	struct task_struct *tsk = current;

	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page_owner *po = get_page_owner(page + i);

		po->handle = handle;
		po->order = order;
		po->gfp_mask = gfp_mask;
		po->last_migrate_reason = -1;
		po->pid = tsk->pid;
		po->tgid = tsk->tgid;
		po->ts_nsec = ts;
		strscpy(po->comm, tsk->comm, sizeof(po->comm));
		po->flags |= PAGE_EXT_OWNER | PAGE_EXT_OWNER_ALLOCATED;
	}
	inc_stack_record_count(handle, 1 << order);
}

/**
 * __reset_page_owner - record who freed a block
 * @page: its first page
 * @order: its order
 */
noinline void __reset_page_owner(struct page *page, unsigned short order)
{
	struct page_owner *po = get_page_owner(page);
	depot_stack_handle_t alloc_handle = po->handle, handle = save_stack();
	u64 ts = local_clock();
	struct task_struct *tsk = current;

	for (unsigned long i = 0; i < (1UL << order); i++) {
		po = get_page_owner(page + i);
		if (handle) {
			po->flags &= ~PAGE_EXT_OWNER_ALLOCATED;
			po->free_handle = handle;
		}
		po->free_ts_nsec = ts;
		po->free_pid = tsk->pid;
		po->free_tgid = tsk->tgid;
	}
	if (alloc_handle != early_handle)
		dec_stack_record_count(alloc_handle, 1 << order);
}

/**
 * __split_page_owner - a block became smaller blocks (split_page)
 * @page: its first page
 * @old_order: the order it had
 * @new_order: the order of each piece
 */
void __split_page_owner(struct page *page, int old_order, int new_order)
{
	for (unsigned long i = 0; i < (1UL << old_order); i++)
		get_page_owner(page + i)->order = (unsigned short)new_order;
}

static void stack_print(const char *lvl_alert, depot_stack_handle_t handle)
{
	struct stack_record *r = depot_record(handle);

	(void)lvl_alert;
	if (!r)
		return;
	for (u32 i = 0; i < r->size; i++)
		printk("%*c%pS\n", 1, ' ', (void *)r->entries[i]);
}

/**
 * __dump_page_owner - dump_page()'s page_owner lines
 * @page: the page
 */
void __dump_page_owner(const struct page *page)
{
	const struct page_owner *po;
	depot_stack_handle_t handle;
	gfp_t gfp_mask;
	int mt;

	if (!__atomic_load_n(&_page_owner_inited, __ATOMIC_RELAXED) || !owners ||
	    page_to_pfn(page) < ukmem_m.min_pfn || page_to_pfn(page) >= ukmem_max_pfn)
		return;
	po = get_page_owner(page);
	gfp_mask = po->gfp_mask;
	mt = gfp_migratetype(gfp_mask);
	if (!(po->flags & PAGE_EXT_OWNER)) {
		pr_alert("page_owner info is not present (never set?)\n");
		return;
	}
	if (po->flags & PAGE_EXT_OWNER_ALLOCATED)
		pr_alert("page_owner tracks the page as allocated\n");
	else
		pr_alert("page_owner tracks the page as freed\n");
	pr_alert(
		"page last allocated via order %u, migratetype %s, gfp_mask %#x(%pGg), pid %d, tgid %d (%s), ts %llu, free_ts %llu\n",
		po->order, migratetype_names[mt], gfp_mask, &gfp_mask, po->pid, po->tgid, po->comm,
		(unsigned long long)po->ts_nsec, (unsigned long long)po->free_ts_nsec);
	handle = READ_ONCE(po->handle);
	if (!handle)
		pr_alert("page_owner allocation stack trace missing\n");
	else
		stack_print(KERN_ALERT, handle);
	handle = READ_ONCE(po->free_handle);
	if (!handle) {
		pr_alert("page_owner free stack trace missing\n");
	} else {
		pr_alert("page last free pid %d tgid %d stack trace:\n", po->free_pid,
			 po->free_tgid);
		stack_print(KERN_ALERT, handle);
	}
}

/* ---- the views ---- */

static void print_page_owner(struct seq_file *m, unsigned long pfn, struct page *page,
			     const struct page_owner *po, depot_stack_handle_t handle)
{
	unsigned long flags = page->flags & ~PFN_STATE_FLAGS_MASK;
	int pageblock_mt = get_pageblock_migratetype(page);
	int page_mt = gfp_migratetype(po->gfp_mask);
	struct stack_record *r = depot_record(handle);

	seq_printf(
		m,
		"Page allocated via order %u, mask %#x(%pGg), pid %d, tgid %d (%s), ts %llu ns\n",
		po->order, po->gfp_mask, &po->gfp_mask, po->pid, po->tgid, po->comm,
		(unsigned long long)po->ts_nsec);
	seq_printf(m, "PFN 0x%lx type %s Block %lu type %s Flags %pGp\n", pfn,
		   migratetype_names[page_mt], pfn >> pageblock_order,
		   migratetype_names[pageblock_mt], &flags);
	for (u32 i = 0; r && i < r->size; i++)
		seq_printf(m, " %pS\n", (void *)r->entries[i]);
	seq_putc(m, '\n');
}

static int page_owner_show(struct seq_file *m)
{
	for (unsigned long pfn = ukmem_m.min_pfn; pfn < ukmem_max_pfn; pfn++) {
		struct page_owner tmp;
		struct page *page;

		if (!pfn_valid(pfn) || !ukmem_pfn_is_ram(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			unsigned long order = buddy_order(page);

			if (order <= MAX_PAGE_ORDER)
				pfn += (1UL << order) - 1;
			continue;
		}
		tmp = *get_page_owner(page);
		if (!(tmp.flags & PAGE_EXT_OWNER) || !(tmp.flags & PAGE_EXT_OWNER_ALLOCATED))
			continue;
		if (!IS_ALIGNED(pfn, 1UL << tmp.order))
			continue;
		if (!tmp.handle)
			continue;
		print_page_owner(m, pfn, page, &tmp, tmp.handle);
	}
	return 0;
}

static int show_stacks_show(struct seq_file *m)
{
	unsigned long threshold = READ_ONCE(page_owner_pages_threshold);

	for (u32 h = __atomic_load_n(&stack_list, __ATOMIC_ACQUIRE); h;) {
		struct stack_record *r = &depot[h - 1];
		long nr_base_pages = __atomic_load_n(&r->count, __ATOMIC_RELAXED) - 1;

		if (nr_base_pages >= 1 && (unsigned long)nr_base_pages >= threshold) {
			for (u32 i = 0; i < r->size; i++)
				seq_printf(m, " %pS\n", (void *)r->entries[i]);
			seq_printf(m, "nr_base_pages: %ld\n\n", nr_base_pages);
		}
		h = r->list_next;
	}
	return 0;
}

static int threshold_show(struct seq_file *m)
{
	seq_printf(m, "%lu\n", READ_ONCE(page_owner_pages_threshold));
	return 0;
}

static ssize_t threshold_write(const char *buf, size_t len)
{
	char tmp[32];
	unsigned long long v;

	if (len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	if (kstrtoull(tmp, 0, &v))
		return -EINVAL;
	WRITE_ONCE(page_owner_pages_threshold, (unsigned long)v);
	return (ssize_t)len;
}

/* One zone's row: pageblocks holding a page whose migratetype is not the block's. */
static void pagetypeinfo_showmixedcount_print(struct seq_file *m, struct zone *zone)
{
	unsigned long pfn = zone->zone_start_pfn, end_pfn = zone_end_pfn(zone);
	unsigned long count[MIGRATE_TYPES] = {0};

	while (pfn < end_pfn) {
		unsigned long block_end = min(ALIGN(pfn + 1, pageblock_nr_pages), end_pfn);
		int block_mt = ukmem_get_pfnblock_migratetype(zone, pfn);

		for (; pfn < block_end; pfn++) {
			struct page *page;
			const struct page_owner *po;

			if (!pfn_valid(pfn) || !ukmem_pfn_is_ram(pfn))
				continue;
			page = pfn_to_page(pfn);
			if (PageBuddy(page)) {
				unsigned long order = buddy_order(page);

				if (order <= MAX_PAGE_ORDER)
					pfn += (1UL << order) - 1;
				continue;
			}
			if (PageReserved(page))
				continue;
			po = get_page_owner(page);
			if (!(po->flags & PAGE_EXT_OWNER_ALLOCATED))
				continue;
			if (gfp_migratetype(po->gfp_mask) != block_mt) {
				count[block_mt]++;
				pfn = block_end;
				break;
			}
			pfn += (1UL << po->order) - 1;
		}
	}
	seq_printf(m, "Node %d, zone %8s ", zone->node, zone->name);
	for (int i = 0; i < MIGRATE_TYPES; i++)
		seq_printf(m, "%12lu ", count[i]);
	seq_putc(m, '\n');
}

/**
 * pagetypeinfo_showmixedcount - /proc/pagetypeinfo's last table under page_owner
 * @m: the view
 * @pgdat: the node
 */
void pagetypeinfo_showmixedcount(struct seq_file *m, struct pglist_data *pgdat)
{
	if (!__atomic_load_n(&_page_owner_inited, __ATOMIC_ACQUIRE))
		return;
	drain_all_pages(NULL);
	seq_printf(m, "\n%-23s", "Number of mixed blocks ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		seq_printf(m, "%12s ", migratetype_names[mt]);
	seq_putc(m, '\n');
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (populated_zone(zone))
			pagetypeinfo_showmixedcount_print(m, zone);
	}
}

/* ---- boot ---- */

/**
 * ukmem_page_owner_init - read page_owner= (kstrtobool; a bare word is off)
 *
 * Return: 0.  The records are allocated at late init.
 */
int ukmem_page_owner_init(void)
{
	const char *v = ukmem_cmdline_get("page_owner");
	bool on = false;

	if (v && kstrtobool(v, &on))
		on = false;
	page_owner_param = on;
	_page_owner_inited = false;
	return 0;
}

/* 6.12's init_pages_in_zone(): what is allocated before page_owner starts. */
static void init_pages_in_zone(struct zone *zone)
{
	unsigned long pfn, end = zone_end_pfn(zone), count = 0;

	for (pfn = zone->zone_start_pfn; pfn < end; pfn++) {
		struct page *page;
		struct page_owner *po;

		if (!pfn_valid(pfn) || !ukmem_pfn_is_ram(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			unsigned long order = buddy_order(page);

			if (order > 0 && order <= MAX_PAGE_ORDER)
				pfn += (1UL << order) - 1;
			continue;
		}
		if (PageReserved(page))
			continue;
		po = get_page_owner(page);
		if (po->flags & PAGE_EXT_OWNER)
			continue;
		po->handle = early_handle;
		po->order = 0;
		po->gfp_mask = 0;
		po->last_migrate_reason = -1;
		po->pid = current->pid;
		po->tgid = current->tgid;
		po->ts_nsec = local_clock();
		strscpy(po->comm, current->comm, sizeof(po->comm));
		po->flags |= PAGE_EXT_OWNER | PAGE_EXT_OWNER_ALLOCATED;
		count++;
	}
	pr_info("Node %d, zone %8s: page owner found early allocated %lu pages\n", zone->node,
		zone->name, count);
}

/**
 * ukmem_page_owner_late_init - records, stack store, early pages, views; then start
 */
void ukmem_page_owner_late_init(void)
{
	struct zone *zone;

	if (!page_owner_param)
		return;
	owners_bytes = PAGE_ALIGN((ukmem_max_pfn - ukmem_m.min_pfn) * sizeof(struct page_owner));
	owners = plat_map_anon(owners_bytes);
	depot_bytes = PAGE_ALIGN(DEPOT_MAX_RECORDS * sizeof(struct stack_record));
	depot = plat_map_anon(depot_bytes);
	if (!owners || !depot) {
		pr_err("ukmem: page_owner: no host memory for its records; off\n");
		ukmem_page_owner_exit();
		return;
	}
	memset(depot_buckets, 0, sizeof(depot_buckets));
	depot_nr = 0;
	stack_list = 0;
	page_owner_pages_threshold = 0;
	dummy_handle = create_dummy_stack();
	failure_handle = create_dummy_stack();
	early_handle = create_dummy_stack();
	for_each_populated_zone(zone)
		init_pages_in_zone(zone);
	/* the dummy and failure stacks close the list, counted once (so never shown) */
	if (depot_record(failure_handle)) {
		depot_record(failure_handle)->count = 1;
		stack_list = failure_handle;
	}
	if (depot_record(dummy_handle) && dummy_handle != failure_handle) {
		depot_record(dummy_handle)->count = 1;
		depot_record(dummy_handle)->list_next = stack_list;
		stack_list = dummy_handle;
	}
	ukmem_proc_register("/sys/kernel/debug/page_owner", page_owner_show, NULL);
	ukmem_proc_register("/sys/kernel/debug/page_owner_stacks/show_stacks", show_stacks_show,
			    NULL);
	ukmem_proc_register("/sys/kernel/debug/page_owner_stacks/count_threshold", threshold_show,
			    threshold_write);
	__atomic_store_n(&_page_owner_inited, true, __ATOMIC_RELEASE);
}

/**
 * ukmem_page_owner_exit - shutdown: stop recording, give the host memory back
 */
void ukmem_page_owner_exit(void)
{
	__atomic_store_n(&_page_owner_inited, false, __ATOMIC_RELAXED);
	page_owner_param = false;
	plat_unmap_anon(owners, owners_bytes);
	owners = NULL;
	plat_unmap_anon(depot, depot_bytes);
	depot = NULL;
	depot_nr = 0;
	stack_list = 0;
}
