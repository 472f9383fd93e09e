// SPDX-License-Identifier: GPL-2.0
/*
 * mm/highmem.c - temporary kernel mappings of highmem pages: the pkmap
 * window behind kmap()/kunmap(), the per-thread slot stacks behind
 * kmap_local_page()/kunmap_local() (and kmap_atomic), and the
 * page_address() table of kmapped highmem pages.
 *
 * Only the 32-bit models (arch=i386, arch=arm) have ZONE_HIGHMEM.  Their
 * highmem pages lie outside the direct map, so the only way to touch one
 * is to map it: every slot here is a real host mapping of the page's
 * offset in the physical-memory object (plat_map_phys), made
 * inaccessible again (plat_unmap_phys) when the slot is recycled, so a
 * stale address faults as it does on the real machine.
 *
 * Address space, reserved at the first kmap of a boot (or by
 * ukmem_highmem_init()), preferred where the real machines have them and
 * anywhere else if the host refuses:
 *   i386: pkmap window at PAGE_OFFSET + 0x3f800000 (0xff800000, 2 MiB,
 *         just above vmalloc's end, below the fixmap), kmap_local area
 *         at 0xffa00000 (4 MiB).
 *   arm:  pkmap window at PAGE_OFFSET - 2 MiB (0xbfe00000), kmap_local
 *         area at 0xffb00000 (4 MiB, ending at arm's FIXADDR_END).
 *
 * kmap: as 6.12's kmap_high.  pkmap_count[i] is 0 for a free slot, 1 for
 * "mapped but unused" (kunmapped, the mapping still in place), n >= 2 for
 * n-1 users.  A new mapping takes the next slot round-robin; when the
 * search wraps to slot 0, flush_all_zero_pkmaps() unmaps every count-1
 * slot (contiguous runs in one host call: the host's TLB flush) and
 * forgets their page_address entries.  When a whole lap finds no free
 * slot the caller sleeps on pkmap_map_wait until a kunmap drops some
 * count to 1, then looks again (another thread may have mapped the page
 * meanwhile).  page_address() of a highmem page looks the page up in a
 * hash table of (page, virtual) entries, one entry per pkmap slot, as
 * 6.12's page_address_htable does.
 *
 * kmap_local: 6.12 keeps a per-task stack index and per-CPU fixmap slots,
 * saving and restoring the task's ptes on a context switch.  ukmem's
 * threads run at the same time on the same modelled CPU, so the stack is
 * per thread (_Thread_local) and the "CPU" is a window of KM_MAX_IDX
 * slots a thread takes from a pool of 64 when its stack goes from empty
 * to one entry and gives back when it is empty again.  Slot addresses
 * grow downwards with the index, as fixmap addresses do.  A 17th mapping
 * is a BUG (6.12's BUG_ON in the push); an unmap that is not of the top
 * slot WARNs once and unmaps the top slot anyway, exactly as 6.12 does.
 *
 * Lock order: kmap_lock (a sleeping mutex; 6.12's kmap_lock spinlock plus
 * the wait queue) > a page_address bucket lock > the platform's registry
 * lock inside plat_*.  kmap_local takes no lock: windows are claimed with
 * an atomic bitmap, and a thread's stack is its own.
 *
 * Invariants (ukmem_highmem_check): a slot with count >= 1 has a page,
 * that page is highmem, and the page_address table maps exactly that page
 * to exactly that slot's address; a slot with count 0 has no page and no
 * table entry.
 *
 * fork(): the fork hooks hold the init lock and kmap_lock across the
 * fork; the child keeps the parent's pkmap mappings (the platform maps
 * them again onto its copy of memory) and only the forking thread's
 * kmap_local window.
 *
 * Differences from Linux: the stack is per thread rather than per task
 * on a CPU; if all 64 windows are held at once the 65th thread spins
 * until one comes back (kmap_local must not sleep); kmap_high_get and
 * DEBUG_KMAP_LOCAL's guard slots are not modelled.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/list.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include "internal.h"

#define KM_WINDOWS 64
#define KMAP_LOCAL_SIZE ((unsigned long)KM_WINDOWS * KM_MAX_IDX * PAGE_SIZE)
#define PKMAP_SIZE ((unsigned long)LAST_PKMAP * PAGE_SIZE)
#define PA_HASH_ORDER 7

unsigned long ukmem_pkmap_base;

static struct {
	bool ready; /* set last, read with acquire */
	unsigned long generation; /* the boot the areas belong to */
	void *pkmap_area;
	void *local_area;
	unsigned long local_top; /* one past the kmap_local area */
} hm;

static DEFINE_SPINLOCK(hm_init_lock);
static bool hm_locks_made;

/* ---- the pkmap window (under kmap_lock) ---- */
static struct plat_mutex kmap_lock;
static struct plat_cond pkmap_map_wait;
static int pkmap_count[LAST_PKMAP];
static struct page *pkmap_page[LAST_PKMAP];
static unsigned int last_pkmap_nr;

/* ---- page_address() of kmapped highmem pages ---- */
struct page_address_map {
	struct page *page;
	void *virtual;
	struct list_head list;
};

static struct page_address_slot {
	struct list_head lh;
	spinlock_t lock;
} page_address_htable[1 << PA_HASH_ORDER];

static struct page_address_map page_address_maps[LAST_PKMAP];

/* ---- kmap_local ---- */
static unsigned long local_windows; /* bit w: window w is held */
static struct page *local_slot_page[KM_WINDOWS * KM_MAX_IDX];

struct kmap_ctrl {
	unsigned long generation;
	int idx; /* slots in use */
	int win; /* window held while idx > 0, else -1 */
};
static _Thread_local struct kmap_ctrl kmap_ctrl = {.win = -1};

static bool highmem_arch(void)
{
	return ukmem_m.arch == UKMEM_ARCH_I386 || ukmem_m.arch == UKMEM_ARCH_ARM;
}

static bool hm_current(void)
{
	return __atomic_load_n(&hm.ready, __ATOMIC_ACQUIRE) &&
	       hm.generation == ukmem_boot_generation;
}

static unsigned int pa_hash(const struct page *page)
{
	return (unsigned int)(((u64)(unsigned long)page * 0x61C8864680B583EBULL) >>
			      (64 - PA_HASH_ORDER));
}

/* Forget the areas of an earlier boot (or of this one at exit). */
static void highmem_drop(void)
{
	if (hm.pkmap_area)
		plat_unreserve(hm.pkmap_area, PKMAP_SIZE);
	if (hm.local_area)
		plat_unreserve(hm.local_area, KMAP_LOCAL_SIZE);
	hm.pkmap_area = NULL;
	hm.local_area = NULL;
	hm.local_top = 0;
	ukmem_pkmap_base = 0;
	__atomic_store_n(&hm.ready, false, __ATOMIC_RELEASE);
}

static void highmem_reset_tables(void)
{
	for (int i = 0; i < LAST_PKMAP; i++) {
		pkmap_count[i] = 0;
		pkmap_page[i] = NULL;
		page_address_maps[i].page = NULL;
		page_address_maps[i].virtual = NULL;
		INIT_LIST_HEAD(&page_address_maps[i].list);
	}
	for (int i = 0; i < (1 << PA_HASH_ORDER); i++) {
		INIT_LIST_HEAD(&page_address_htable[i].lh);
		spin_lock_init(&page_address_htable[i].lock);
	}
	for (int i = 0; i < KM_WINDOWS * KM_MAX_IDX; i++)
		local_slot_page[i] = NULL;
	__atomic_store_n(&local_windows, 0UL, __ATOMIC_RELEASE);
	last_pkmap_nr = 0;
}

/**
 * ukmem_highmem_init - reserve the pkmap window and the kmap_local area
 *
 * Idempotent per boot; the first kmap of a boot calls it if boot did not.
 * On x86_64 there is nothing to reserve.
 *
 * Return: 0, -ENODEV before the machine's memory exists, or -ENOMEM if the
 * host refuses the address space.
 */
int ukmem_highmem_init(void)
{
	unsigned long pkmap_hint, local_hint;
	bool at_hint;
	int ret = 0;

	spin_lock(&hm_init_lock);
	if (hm_current())
		goto out;
	if (!hm_locks_made) {
		plat_mutex_init(&kmap_lock);
		plat_cond_init(&pkmap_map_wait);
		hm_locks_made = true;
	}
	highmem_drop();
	if (!ukmem_mem_map || !ukmem_page_offset) {
		ret = -ENODEV;
		goto out;
	}
	highmem_reset_tables();
	if (highmem_arch()) {
		if (ukmem_m.arch == UKMEM_ARCH_I386) {
			pkmap_hint = PAGE_OFFSET + 0x3f800000UL;
			local_hint = PAGE_OFFSET + 0x3fa00000UL;
		} else {
			pkmap_hint = PAGE_OFFSET - PKMAP_SIZE;
			local_hint = PAGE_OFFSET + 0x3fb00000UL;
		}
		hm.pkmap_area = plat_reserve((void *)pkmap_hint, PKMAP_SIZE, &at_hint);
		hm.local_area = plat_reserve((void *)local_hint, KMAP_LOCAL_SIZE, &at_hint);
		if (!hm.pkmap_area || !hm.local_area) {
			pr_err("ukmem: highmem: the host refused address space for kmap\n");
			highmem_drop();
			ret = -ENOMEM;
			goto out;
		}
		ukmem_pkmap_base = (unsigned long)hm.pkmap_area;
		hm.local_top = (unsigned long)hm.local_area + KMAP_LOCAL_SIZE;
	}
	hm.generation = ukmem_boot_generation;
	__atomic_store_n(&hm.ready, true, __ATOMIC_RELEASE);
out:
	spin_unlock(&hm_init_lock);
	return ret;
}

/**
 * ukmem_highmem_exit - give the kmap areas back
 *
 * Every kmap and kmap_local mapping goes with them.  Idempotent.
 */
void ukmem_highmem_exit(void)
{
	spin_lock(&hm_init_lock);
	highmem_drop();
	spin_unlock(&hm_init_lock);
}

static bool highmem_ready(void)
{
	if (likely(hm_current()))
		return true;
	return ukmem_highmem_init() == 0;
}

/* ---- page_address table ---- */

static void *pa_lookup(const struct page *page)
{
	struct page_address_slot *pas = &page_address_htable[pa_hash(page)];
	struct page_address_map *pam;
	void *ret = NULL;

	spin_lock(&pas->lock);
	list_for_each_entry(pam, &pas->lh, list) {
		if (pam->page == page) {
			ret = pam->virtual;
			break;
		}
	}
	spin_unlock(&pas->lock);
	return ret;
}

/* Record (@virtual != NULL, a pkmap address) or forget the page's address. */
static void set_page_address(struct page *page, void *virtual)
{
	struct page_address_slot *pas = &page_address_htable[pa_hash(page)];
	struct page_address_map *pam;

	if (virtual) {
		pam = &page_address_maps[PKMAP_NR(virtual)];
		pam->page = page;
		pam->virtual = virtual;
		spin_lock(&pas->lock);
		list_add_tail(&pam->list, &pas->lh);
		spin_unlock(&pas->lock);
		return;
	}
	spin_lock(&pas->lock);
	list_for_each_entry(pam, &pas->lh, list) {
		if (pam->page == page) {
			list_del_init(&pam->list);
			pam->page = NULL;
			pam->virtual = NULL;
			break;
		}
	}
	spin_unlock(&pas->lock);
}

void *ukmem_highmem_page_address(const struct page *page)
{
	if (!hm_current() || !highmem_arch())
		return NULL;
	return pa_lookup(page);
}

/* ---- the pkmap window ---- */

static u64 page_phys_off(const struct page *page)
{
	return (u64)page_to_phys(page) - PHYS_OFFSET;
}

static void unmap_pkmap_run(int first, int end)
{
	if (end > first)
		plat_unmap_phys((void *)PKMAP_ADDR(first), (size_t)(end - first) << PAGE_SHIFT);
}

/* Recycle every mapped-but-unused slot.  Called with kmap_lock held. */
static void flush_all_zero_pkmaps(void)
{
	int run = -1;

	for (int i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] != 1) {
			if (run >= 0)
				unmap_pkmap_run(run, i);
			run = -1;
			continue;
		}
		pkmap_count[i] = 0;
		BUG_ON(!pkmap_page[i]);
		if (pkmap_page[i])
			set_page_address(pkmap_page[i], NULL);
		pkmap_page[i] = NULL;
		if (run < 0)
			run = i;
	}
	if (run >= 0)
		unmap_pkmap_run(run, LAST_PKMAP);
}

/**
 * kmap_flush_unused - recycle every pkmap slot that is mapped but unused
 *
 * After it, page_address() of a highmem page that is not kmapped is NULL
 * and its stale kmap address faults.
 */
void kmap_flush_unused(void)
{
	if (!hm_current() || !highmem_arch())
		return;
	plat_mutex_lock(&kmap_lock);
	flush_all_zero_pkmaps();
	plat_mutex_unlock(&kmap_lock);
}

/* A free slot for @page, waiting for one if need be.  kmap_lock held. */
static unsigned long map_new_virtual(struct page *page)
{
	unsigned long vaddr;
	unsigned int count;
	int err;

start:
	count = LAST_PKMAP;
	for (;;) {
		last_pkmap_nr = (last_pkmap_nr + 1) & LAST_PKMAP_MASK;
		if (!last_pkmap_nr) {
			flush_all_zero_pkmaps();
			count = LAST_PKMAP;
		}
		if (!pkmap_count[last_pkmap_nr])
			break;
		if (--count)
			continue;
		/* every slot is in use: sleep until a kunmap frees one */
		plat_cond_wait(&pkmap_map_wait, &kmap_lock, 0);
		vaddr = (unsigned long)pa_lookup(page);
		if (vaddr)
			return vaddr; /* someone else mapped it meanwhile */
		goto start;
	}
	vaddr = PKMAP_ADDR(last_pkmap_nr);
	err = plat_map_phys(ukmem_m.phys_handle, (void *)vaddr, page_phys_off(page), PAGE_SIZE,
			    true);
	if (WARN_ONCE(err, "ukmem: kmap: the host refused a mapping (%d)\n", err))
		return 0;
	pkmap_count[last_pkmap_nr] = 1;
	pkmap_page[last_pkmap_nr] = page;
	set_page_address(page, (void *)vaddr);
	return vaddr;
}

/**
 * kmap_high - map a highmem page into the pkmap window
 * @page: a highmem page
 *
 * May sleep until a slot is free.  The mapping stays until the matching
 * kunmap_high() and, unused, until the window wraps.
 *
 * Return: the page's pkmap address (NULL only if the host refused).
 */
void *kmap_high(struct page *page)
{
	unsigned long vaddr;

	if (!highmem_ready())
		return NULL;
	plat_mutex_lock(&kmap_lock);
	vaddr = (unsigned long)pa_lookup(page);
	if (!vaddr)
		vaddr = map_new_virtual(page);
	if (vaddr) {
		pkmap_count[PKMAP_NR(vaddr)]++;
		BUG_ON(pkmap_count[PKMAP_NR(vaddr)] < 2);
	}
	plat_mutex_unlock(&kmap_lock);
	return (void *)vaddr;
}

/**
 * kunmap_high - drop one use of a highmem page's pkmap mapping
 * @page: a page kmap_high() mapped
 *
 * The mapping itself stays ("mapped but unused") until the window wraps;
 * waiters for a slot are woken when the last user goes.
 */
void kunmap_high(struct page *page)
{
	unsigned long vaddr, nr;

	if (!hm_current()) {
		WARN_ON_ONCE(1);
		return;
	}
	plat_mutex_lock(&kmap_lock);
	vaddr = (unsigned long)pa_lookup(page);
	if (!vaddr) {
		plat_mutex_unlock(&kmap_lock);
		BUG();
		return;
	}
	nr = PKMAP_NR(vaddr);
	if (pkmap_count[nr] <= 1) {
		/* 6.12: a count going to 0 here is a BUG; refuse under bug=warn */
		plat_mutex_unlock(&kmap_lock);
		BUG();
		return;
	}
	if (--pkmap_count[nr] == 1)
		plat_cond_broadcast(&pkmap_map_wait);
	plat_mutex_unlock(&kmap_lock);
}

/* ---- kmap_local ---- */

static bool in_local_area(unsigned long addr)
{
	return hm.local_area && addr >= (unsigned long)hm.local_area && addr < hm.local_top;
}

static bool in_pkmap_area(unsigned long addr)
{
	return hm.pkmap_area && addr >= PKMAP_BASE && addr < PKMAP_BASE + PKMAP_SIZE;
}

static unsigned long local_vaddr(int win, int idx)
{
	return hm.local_top - ((unsigned long)(win * KM_MAX_IDX + idx) + 1) * PAGE_SIZE;
}

static int window_get(void)
{
	for (;;) {
		unsigned long old = __atomic_load_n(&local_windows, __ATOMIC_RELAXED);

		while (~old) {
			int w = __builtin_ctzl(~old);

			if (__atomic_compare_exchange_n(&local_windows, &old, old | (1UL << w),
							false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return w;
		}
		plat_cpu_relax(); /* every window held: kmap_local must not sleep */
	}
}

static void window_put(int w)
{
	__atomic_fetch_and(&local_windows, ~(1UL << w), __ATOMIC_RELEASE);
}

static struct kmap_ctrl *kmap_ctrl_current(void)
{
	struct kmap_ctrl *k = &kmap_ctrl;

	if (k->generation != ukmem_boot_generation) {
		/* the areas of the boot this thread last used are gone */
		k->generation = ukmem_boot_generation;
		k->idx = 0;
		k->win = -1;
	}
	return k;
}

/**
 * __kmap_local_page_prot - map a page into the calling thread's kmap_local stack
 * @page: the page
 * @prot: PAGE_KERNEL, or PAGE_KERNEL_RO for a read-only mapping
 *
 * Never sleeps.  Lowmem pages return their direct-map address.  A 17th
 * mapping held at once is a BUG.
 *
 * Return: the mapping's address (NULL only if the host refused).
 */
void *__kmap_local_page_prot(struct page *page, pgprot_t prot)
{
	struct kmap_ctrl *k;
	unsigned long vaddr;
	int idx, err;

	if (!PageHighMem(page))
		return page_address(page);
	if (!highmem_ready())
		return NULL;
	k = kmap_ctrl_current();
	if (k->idx >= KM_MAX_IDX) {
		BUG();
		return NULL;
	}
	if (!k->idx)
		k->win = window_get();
	idx = k->idx;
	vaddr = local_vaddr(k->win, idx);
	err = plat_map_phys(ukmem_m.phys_handle, (void *)vaddr, page_phys_off(page), PAGE_SIZE,
			    (pgprot_val(prot) & 0x2) != 0);
	if (WARN_ONCE(err, "ukmem: kmap_local: the host refused a mapping (%d)\n", err)) {
		if (!idx) {
			window_put(k->win);
			k->win = -1;
		}
		return NULL;
	}
	local_slot_page[k->win * KM_MAX_IDX + idx] = page;
	k->idx = idx + 1;
	return (void *)vaddr;
}

/**
 * kunmap_local_indexed - undo the calling thread's latest kmap_local_page()
 * @vaddr: an address inside that mapping
 *
 * Mappings go in reverse order; another address WARNs once, and the top
 * slot is unmapped all the same, as 6.12 does.
 */
void kunmap_local_indexed(const void *vaddr)
{
	unsigned long addr = (unsigned long)vaddr & PAGE_MASK;
	struct kmap_ctrl *k;
	unsigned long top;
	int idx;

	if (!hm_current() || !in_local_area(addr)) {
		/* pkmap addresses are left alone; user-space ones are a bug */
		if (!in_pkmap_area(addr))
			WARN_ON_ONCE(addr < PAGE_OFFSET);
		return;
	}
	k = kmap_ctrl_current();
	if (WARN_ON_ONCE(k->idx <= 0))
		return;
	idx = k->idx - 1;
	top = local_vaddr(k->win, idx);
	WARN_ON_ONCE(addr != top);
	plat_unmap_phys((void *)top, PAGE_SIZE);
	local_slot_page[k->win * KM_MAX_IDX + idx] = NULL;
	k->idx = idx;
	if (!idx) {
		window_put(k->win);
		k->win = -1;
	}
}

/**
 * kmap_to_page - the page behind a kmap, kmap_local or direct-map address
 * @addr: the address
 *
 * Return: the page.
 */
struct page *kmap_to_page(void *addr)
{
	unsigned long a = (unsigned long)addr;

	if (hm_current() && in_pkmap_area(a)) {
		struct page *page;

		plat_mutex_lock(&kmap_lock);
		page = pkmap_page[PKMAP_NR(a)];
		plat_mutex_unlock(&kmap_lock);
		return page;
	}
	if (hm_current() && in_local_area(a))
		return __atomic_load_n(
			&local_slot_page[(hm.local_top - (a & PAGE_MASK)) / PAGE_SIZE - 1],
			__ATOMIC_RELAXED);
	return virt_to_page(addr);
}

/* ---- fork ---- */

/**
 * ukmem_highmem_fork_prepare - quiesce kmap before fork()
 *
 * Takes the init lock and kmap_lock, so the child never inherits them
 * held by a thread it does not have.  Neither is ever taken with an
 * allocator lock held, so this goes first in the fork hooks.
 */
void ukmem_highmem_fork_prepare(void)
{
	spin_lock(&hm_init_lock);
	if (hm_locks_made)
		plat_mutex_lock(&kmap_lock);
}

void ukmem_highmem_fork_parent(void)
{
	if (hm_locks_made)
		plat_mutex_unlock(&kmap_lock);
	spin_unlock(&hm_init_lock);
}

/*
 * The child has only the forking thread: only its kmap_local window stays
 * claimed.  Slots of the other windows stay mapped until reused, which
 * maps over them.
 */
void ukmem_highmem_fork_child(void)
{
	unsigned long keep = 0;

	if (kmap_ctrl.generation == ukmem_boot_generation && kmap_ctrl.idx > 0)
		keep = 1UL << kmap_ctrl.win;
	__atomic_store_n(&local_windows, keep, __ATOMIC_RELEASE);
	for (int i = 0; i < KM_WINDOWS * KM_MAX_IDX; i++)
		if (!(keep & (1UL << (i / KM_MAX_IDX))))
			local_slot_page[i] = NULL;
	if (hm_locks_made)
		plat_mutex_unlock(&kmap_lock);
	spin_unlock(&hm_init_lock);
}

/**
 * ukmem_highmem_check - cross-check the pkmap window and the page_address table
 *
 * Return: the number of inconsistencies found (each reported).
 */
int ukmem_highmem_check(void)
{
	int errors = 0, entries = 0, used = 0;

	if (!hm_current() || !highmem_arch())
		return 0;
	plat_mutex_lock(&kmap_lock);
	for (int i = 0; i < LAST_PKMAP; i++) {
		struct page *page = pkmap_page[i];

		if (pkmap_count[i] < 0 || (!pkmap_count[i]) != (!page)) {
			pr_err("ukmem: check: pkmap slot %d: count %d, page %px\n", i,
			       pkmap_count[i], page);
			errors++;
			continue;
		}
		if (!page)
			continue;
		used++;
		if (!PageHighMem(page)) {
			pr_err("ukmem: check: pkmap slot %d maps a lowmem page\n", i);
			errors++;
		}
		if (pa_lookup(page) != (void *)PKMAP_ADDR(i)) {
			pr_err("ukmem: check: pkmap slot %d: page_address() disagrees\n", i);
			errors++;
		}
	}
	for (int b = 0; b < (1 << PA_HASH_ORDER); b++) {
		struct page_address_map *pam;

		spin_lock(&page_address_htable[b].lock);
		list_for_each_entry(pam, &page_address_htable[b].lh, list)
			entries++;
		spin_unlock(&page_address_htable[b].lock);
	}
	if (entries != used) {
		pr_err("ukmem: check: %d page_address entries for %d pkmap slots\n", entries, used);
		errors++;
	}
	plat_mutex_unlock(&kmap_lock);
	return errors;
}

/* ---- the oops handler's view [vmoops] ---- */

/**
 * ukmem_highmem_describe_fault - name a faulting address in the kmap areas
 * @addr: the address
 * @buf: where the words go
 * @size: room in @buf
 *
 * Runs in the fault handler: reads the slot tables without kmap_lock (a
 * racing kmap may make the words stale, never the handler wait).
 *
 * Return: true if @addr is in the pkmap window or the kmap_local area.
 */
bool ukmem_highmem_describe_fault(unsigned long addr, char *buf, size_t size)
{
	if (!hm_current())
		return false;
	if (in_pkmap_area(addr)) {
		unsigned long nr = PKMAP_NR(addr);
		int count = __atomic_load_n(&pkmap_count[nr], __ATOMIC_RELAXED);

		if (!count)
			scnprintf(buf, size,
				  "The buggy address belongs to pkmap slot %lu of [%px, %px), free",
				  nr, (void *)PKMAP_BASE, (void *)(PKMAP_BASE + PKMAP_SIZE));
		else
			scnprintf(
				buf, size,
				"The buggy address belongs to pkmap slot %lu of [%px, %px), in use (count %d)",
				nr, (void *)PKMAP_BASE, (void *)(PKMAP_BASE + PKMAP_SIZE), count);
		return true;
	}
	if (in_local_area(addr)) {
		unsigned long slot = (hm.local_top - 1 - addr) / PAGE_SIZE;

		scnprintf(
			buf, size,
			"The buggy address belongs to kmap_local slot %lu of window %lu of [%px, %px), %s",
			slot % KM_MAX_IDX, slot / KM_MAX_IDX, hm.local_area, (void *)hm.local_top,
			local_slot_page[slot] ? "in use" : "free");
		return true;
	}
	return false;
}
