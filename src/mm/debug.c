// SPDX-License-Identifier: GPL-2.0
/*
 * mm/debug.c - the page allocator's reports about pages in a bad state.
 *
 * dump_page() prints a struct page as 6.12's __dump_page() does: the
 * "page:" summary, "head:" for compound pages, "flags:" decoded with
 * %pGp, "page_type:" when the page has one, two "raw:" lines of the eight
 * words, and "page dumped because:".  bad_page() wraps it in the "BUG: Bad
 * page state" report with its 6.12 rate limit (60 a minute, then one line
 * counting what was suppressed) and taints B.
 *
 * ukmem follows a CONFIG_DEBUG_VM kernel at free time: a refcount
 * underflow is VM_BUG_ON_PAGE (page dump, then BUG), a page in a bad state
 * is bad_page() at the offending call.  ukmem also reports what Linux
 * cannot see (a free with the wrong order, a pointer that is not a struct
 * page of this machine, an unaligned address) in the same style.  Every
 * such operation is refused: the page is left as it was, or, where the
 * kernel would leak it, taken out of service and counted, so the free
 * lists never see it twice.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/page_owner.h>
#include "internal.h"

static const char *page_type_name(unsigned int page_type)
{
	switch (page_type >> 24) {
	case PGTY_buddy:
		return "buddy";
	case PGTY_offline:
		return "offline";
	case PGTY_table:
		return "table";
	case PGTY_guard:
		return "guard";
	case PGTY_hugetlb:
		return "hugetlb";
	case PGTY_slab:
		return "slab";
	case PGTY_zsmalloc:
		return "zsmalloc";
	case PGTY_unaccepted:
		return "unaccepted";
	default:
		return "unknown";
	}
}

/* ukmem's allocation state lives in flags bits the kernel does not show. */
static void dump_raw(const char *prefix, const struct page *page)
{
	const unsigned long *w = (const unsigned long *)(const void *)page;

	pr_warn("%s%016lx %016lx %016lx %016lx\n", prefix, w[0] & ~PFN_STATE_FLAGS_MASK, w[1], w[2],
		w[3]);
	pr_warn("%s%016lx %016lx %016lx %016lx\n", prefix, w[4], w[5], w[6], w[7]);
}

/**
 * dump_page - print a struct page as the kernel does
 * @page: the page
 * @reason: why it is dumped, or NULL
 */
void dump_page(const struct page *page, const char *reason)
{
	const struct page *head = compound_head(page);
	unsigned long pfn = page_to_pfn(page);
	int mapcount = atomic_read(&page->_mapcount) + 1;
	unsigned long flags = head->flags & ~PFN_STATE_FLAGS_MASK;

	if (page_has_type(page))
		mapcount = 0;
	pr_warn("page: refcount:%d mapcount:%d mapping:%p index:%#lx pfn:%#lx\n",
		page_ref_count(head), mapcount, page->mapping, page->index, pfn);
	if (PageHead(head))
		pr_warn("head: order:%u mapcount:%d entire_mapcount:0 nr_pages_mapped:0 pincount:0\n",
			compound_order(head), 0);
	pr_warn("flags: %pGp\n", &flags);
	if (page_has_type(page))
		pr_warn("page_type: %x(%s)\n", page->page_type >> 24,
			page_type_name(page->page_type));
	dump_raw("raw: ", page);
	/* a large folio: its first two struct pages, as __dump_folio shows them */
	if (PageHead(head)) {
		dump_raw("head: ", head);
		dump_raw("head: ", head + 1);
	}
	if (reason)
		pr_warn("page dumped because: %s\n", reason);
	dump_page_owner(page);
}

/**
 * bad_page - report a page in a bad state
 * @page: the page
 * @reason: what is wrong with it
 *
 * Rate-limited as 6.12: a burst of 60 reports, then quiet for the rest of
 * that minute.  Taints B.  The caller decides what happens to the page.
 */
void bad_page(struct page *page, const char *reason)
{
	static unsigned long resume, nr_shown, nr_unshown, gen;

	if (gen != ukmem_boot_generation) {
		gen = ukmem_boot_generation;
		nr_shown = nr_unshown = 0;
	}
	if (nr_shown == 60) {
		if (time_before(jiffies, resume)) {
			nr_unshown++;
			goto out;
		}
		if (nr_unshown) {
			pr_alert("BUG: Bad page state: %lu messages suppressed\n", nr_unshown);
			nr_unshown = 0;
		}
		nr_shown = 0;
	}
	if (nr_shown++ == 0)
		resume = jiffies + 60 * HZ;
	pr_alert("BUG: Bad page state in process %s  pfn:%05lx\n", current->comm,
		 page_to_pfn(page));
	dump_page(page, reason);
	print_modules();
	dump_stack();
out:
	/* leave the bad fields for debugging, except a buddy type */
	if (PageBuddy(page))
		__ClearPageBuddy(page);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
}

/* A block that bad_page() reported: never handed out or freed again. */
void ukmem_take_out_of_service(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);

	set_page_ukstate(page, (u8)(PFN_STATE_OUT_OF_SERVICE | (order + 1)));
	/* lockless: callers may hold zone->lock (a bad page met on allocation) */
	__atomic_fetch_add(&zone->ukmem_bad_pages, 1UL << order, __ATOMIC_RELAXED);
}

/**
 * ukmem_vm_bug_on_page - VM_BUG_ON_PAGE: dump the page, then BUG
 *
 * Returns only under ukmem.bug=warn; the caller then refuses.
 */
void ukmem_vm_bug_on_page(struct page *page, const char *reason, const char *file, int line)
{
	dump_page(page, reason);
	ukmem_bug(file, line);
}

/* The order a live allocation was handed out with, or -1. */
static int recorded_order(u8 state)
{
	if (!(state & PFN_STATE_ORDER_MASK) || (state & PFN_STATE_OUT_OF_SERVICE))
		return -1;
	return (state & PFN_STATE_ORDER_MASK) - 1;
}

/**
 * ukmem_free_wrong_order - report a free whose order is not the one the
 * block was allocated with (ukmem's own report; Linux cannot detect it)
 *
 * With @restore_ref the reference the caller already dropped is given
 * back, so the block stays allocated exactly as it was.  Return: false (the free is refused).
 */
bool ukmem_free_wrong_order(struct page *page, unsigned int order, u8 state, bool restore_ref)
{
	char reason[128];
	int had = recorded_order(state);

	if (state & PFN_STATE_OUT_OF_SERVICE)
		scnprintf(reason, sizeof(reason),
			  "ukmem: freeing a page taken out of service by an earlier report");
	else if (had < 0)
		scnprintf(
			reason, sizeof(reason),
			"ukmem: freeing order %u at a page that is not the start of an allocation",
			order);
	else
		scnprintf(reason, sizeof(reason),
			  "ukmem: freeing order %u, allocated with order %d", order, had);
	if (restore_ref && !(state & PFN_STATE_OUT_OF_SERVICE))
		set_page_count(page, 1);
	bad_page(page, reason);
	return false;
}

/* __free_pages() of something that is not a struct page of this machine. */
void ukmem_report_bad_free(const struct page *page, unsigned int order)
{
	WARN(1, "ukmem: __free_pages(%px, %u): not a page of this machine%s\n", page, order,
	     order > MAX_PAGE_ORDER ? " (order past MAX_PAGE_ORDER)" : "");
}

/* free_pages() of an address outside RAM (the kernel's VM_BUG_ON) or unaligned. */
void ukmem_report_bad_free_addr(unsigned long addr, unsigned int order)
{
	if (!virt_addr_valid(addr)) {
		pr_emerg(
			"ukmem: free_pages(%#lx, %u): not a direct-mapped address of this machine\n",
			addr, order);
		ukmem_bug(__FILE__, __LINE__);
		return;
	}
	WARN(1, "ukmem: free_pages(%#lx, %u): address is not page aligned\n", addr, order);
}

/* ---- zeroing pages without a kernel mapping (highmem) ---- */

void ukmem_clear_highpage_slow(struct page *page)
{
	/* a highmem page is reached through a kmap_local slot (mm/highmem.c) */
	void *addr = __kmap_local_page_prot(page, PAGE_KERNEL);

	if (WARN_ONCE(!addr, "ukmem: could not map highmem pfn %#lx to zero it\n",
		      page_to_pfn(page)))
		return;
	__builtin_memset(addr, 0, PAGE_SIZE);
	kunmap_local(addr);
}
