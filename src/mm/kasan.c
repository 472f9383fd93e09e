// SPDX-License-Identifier: GPL-2.0
/*
 * mm/kasan.c - KASAN for ukmem: the allocators' hooks, driving AddressSanitizer
 * or Valgrind's memcheck, the quarantine, and 6.12's KASAN report.
 *
 * What it owns.  The hooks 6.12 declares in include/linux/kasan.h, called
 * from the outermost points where memory changes hands (src/mm/kasan.h):
 * pages (post_alloc_hook / free_pages_prepare), slabs (a new slab, an
 * object handed out, an object taken back), kmalloc's requested size,
 * large kmalloc, krealloc, ksize, and vmalloc areas.  Behind them two
 * backends, either or both on:
 *
 *  - ASan (kasan=on, when the program carries the ASan runtime; found at
 *    run time, see src/platform/sanitizer.c).  ukmem tells ASan exactly
 *    which bytes are addressable: the requested size of a kmalloc object,
 *    object_size of a cache object, whole allocated pages, the requested
 *    size of a vmalloc area.  Free pages, free objects, slab padding,
 *    kmalloc red zones, vmalloc tails and guard pages are poisoned.  When
 *    ASan catches an access to ukmem memory, its report is followed (from
 *    ASan's report callback) by the KASAN report in 6.12's words, built
 *    from ukmem's own state.  Without the runtime kasan=on logs why and the
 *    machine boots with KASAN off.
 *
 *  - Valgrind (always built in, no parameter): under memcheck, slab and
 *    large kmalloc objects are chunks of one mempool (so memcheck reports
 *    invalid accesses, reads of undefined memory and leaked objects), free
 *    pages and free objects are NOACCESS.  Second views of a page
 *    (vmalloc, vmap, kmap) are new mappings, which memcheck marks defined.
 *
 * The side table.  For each slab (and each large kmalloc) a host-memory
 * array holds one struct kasan_obj per object: state, requested size, the
 * allocation and free stacks (handles into the stack depot) and the
 * tasks.  It hangs off a per-pfn table indexed by the head page's pfn and
 * is released when the page goes back to the page allocator.  Objects
 * are found from the array by index, so the table holds no pointer to an
 * object; where an address must be kept (the quarantine, an RCU wait) it
 * is stored complemented, so neither Valgrind's leak check nor ukmem's
 * kmemleak takes it for a reference.
 *
 * The quarantine.  slab_free() first asks __kasan_slab_free(): a live
 * object is poisoned, its free stack recorded, and it joins a FIFO instead
 * of the free list; a double or invalid free is reported and refused.
 * When the FIFO holds more than its budget (1/32 of RAM, as KASAN's;
 * ukmem.kasan_quarantine= sets it) the oldest objects are freed for real:
 * slab_free() again with this thread's "draining" mark, which makes the
 * first hook make the slot addressable for init_on_free's wipe and the
 * free-pointer store, and kasan_slab_free_done() poison it again just
 * before it joins a free list.  ukmem_check(), kmem_cache_shrink/destroy
 * and shutdown empty it.  SLAB_TYPESAFE_BY_RCU objects stay addressable
 * for a grace period (call_rcu on the side-table entry) and only then are
 * poisoned and quarantined.
 *
 * Lock order: meta_lock (side-table arrays), the stack depot's lock, q_lock
 * (the FIFO) and report_lock are leaves: no allocator lock is taken with
 * one held (meta_lock may call plat_map_anon()), so fork's prepare hook
 * takes them after every allocator lock.  The drain takes an object under
 * q_lock, drops it, then calls slab_free().
 *
 * Invariants: an object whose entry says KO_LIVE is addressable over
 * [0, size) and poisoned over [size, object_size); KO_QUARANTINE and
 * KO_RCU objects are on exactly one of the FIFO or an RCU callback;
 * q_bytes is the sum of the slot sizes on the FIFO.
 *
 * Differences from Linux: the shadow is the host checker's; ASan reports
 * first ("use-after-poison" for everything ukmem poisoned), then the KASAN
 * description.  The object layout is not changed (KASAN's in-object
 * metadata lives in the side table), so slabinfo reads as without KASAN.
 * Stack traces are ukmem's (host frames).  The quarantine is one global
 * FIFO, not per-CPU batches.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/vmalloc.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <kernel/kinternal.h>
#include <platform/plat.h>

#include "internal.h"
#include "slab.h"
#include <linux/stackdepot.h>
#include "kasan.h"

/* KASAN's generic shadow values, used in the "Memory state" rows */
#define KASAN_PAGE_FREE 0xff
#define KASAN_PAGE_REDZONE 0xfe
#define KASAN_SLAB_REDZONE 0xfc
#define KASAN_SLAB_FREE 0xfb
#define KASAN_VMALLOC_INVALID 0xf8
#define KASAN_GRANULE_SIZE 8

enum kasan_obj_state {
	KO_FREE, /* on a free list, or never handed out */
	KO_LIVE, /* the caller's */
	KO_QUARANTINE, /* freed, waiting in the quarantine */
	KO_RCU, /* freed from a SLAB_TYPESAFE_BY_RCU cache, grace period pending */
};

/*
 * One per object.  enc and qnext hold complemented addresses (~addr), never
 * plain ones; enc is set while the object is quarantined or waits for RCU.
 */
struct kasan_obj {
	u32 alloc_stack, free_stack; /* depot handles, 0 = none */
	s32 alloc_pid, free_pid;
	u32 size; /* requested size while live (alloc_size after) */
	u8 state;
	u8 large; /* a large kmalloc's entry (its array has one entry) */
	u8 cls; /* entry 0 only: the array's size class */
	unsigned long enc;
	unsigned long qnext;
	struct rcu_head rcu;
};

bool ukmem_kasan_active;
static bool use_asan, use_vg;
static bool multi_shot, reported;
static enum {
	FAULT_REPORT,
	FAULT_PANIC,
	FAULT_PANIC_ON_WRITE
} fault_mode;
static char vg_pool; /* the anchor of memcheck's mempool */
static _Thread_local bool draining;
static _Thread_local int vg_quiet;

/* ---- side table ---- */

static struct kasan_obj **meta_of; /* [max_low_pfn - min_pfn] */
static unsigned long meta_base_pfn, meta_nr;
static size_t meta_map_len;
static DEFINE_SPINLOCK(meta_lock);
static DEFINE_SPINLOCK(report_lock);

#define META_CLASSES 16 /* arrays of 2^0 .. 2^15 entries */
#define META_CHUNK (2UL << 20)
struct meta_chunk {
	struct meta_chunk *next;
	size_t len;
};
static struct meta_chunk *chunks;
static char *chunk_cur, *chunk_end;
static void *meta_free[META_CLASSES];

static unsigned int meta_class(unsigned int n)
{
	unsigned int c = 0;

	while ((1U << c) < n)
		c++;
	return c;
}

static struct kasan_obj *meta_alloc(unsigned int n)
{
	unsigned int c = meta_class(n);
	size_t bytes = sizeof(struct kasan_obj) << c;
	void *p;

	if (c >= META_CLASSES)
		return NULL;
	spin_lock(&meta_lock);
	p = meta_free[c];
	if (p) {
		meta_free[c] = *(void **)p;
	} else {
		if (chunk_cur + bytes > chunk_end) {
			struct meta_chunk *ch = plat_map_anon(META_CHUNK);

			if (!ch) {
				spin_unlock(&meta_lock);
				return NULL;
			}
			ch->len = META_CHUNK;
			ch->next = chunks;
			chunks = ch;
			chunk_cur = (char *)ch + 64;
			chunk_end = (char *)ch + META_CHUNK;
		}
		p = chunk_cur;
		chunk_cur += bytes;
	}
	spin_unlock(&meta_lock);
	memset(p, 0, bytes);
	((struct kasan_obj *)p)->cls = (u8)c;
	return p;
}

static void meta_release(struct kasan_obj *arr)
{
	unsigned int c = arr->cls;

	spin_lock(&meta_lock);
	*(void **)arr = meta_free[c];
	meta_free[c] = arr;
	spin_unlock(&meta_lock);
}

static struct kasan_obj **meta_slot(unsigned long pfn)
{
	if (!meta_of || pfn < meta_base_pfn || pfn - meta_base_pfn >= meta_nr)
		return NULL;
	return &meta_of[pfn - meta_base_pfn];
}

/* The object containing (or nearest to) @addr in @slab, and its index. */
static void *nearest_obj(struct kmem_cache *s, struct slab *slab, const void *addr,
			 unsigned int *idx)
{
	char *first = (char *)slab_address(slab) + s->red_left_pad;
	long off = (const char *)addr - first;
	unsigned int i = off < 0 ? 0 : (unsigned int)(off / s->size);

	if (i >= slab->objects)
		i = slab->objects - 1;
	*idx = i;
	return first + (size_t)i * s->size;
}

static struct kasan_obj *obj_meta(struct slab *slab, unsigned int idx)
{
	struct kasan_obj **slot = meta_slot(page_to_pfn(slab_page(slab)));

	if (!slot || !*slot)
		return NULL;
	return &(*slot)[idx];
}

/* ---- stacks: handles into the shared stack depot (mm/stackdepot.c) ---- */

/* Save the caller's stack; 0 when the depot is full or ASan is not in use. */
static noinline u32 kasan_save_stack(void)
{
	void *frames[STACK_DEPOT_MAX_FRAMES];
	unsigned long entries[STACK_DEPOT_MAX_FRAMES];
	int n = plat_backtrace(frames, STACK_DEPOT_MAX_FRAMES, 0);

	if (!use_asan || n <= 0)
		return 0;
	for (int i = 0; i < n; i++)
		entries[i] = (unsigned long)frames[i];
	return stack_depot_save(entries, (unsigned int)n, GFP_NOWAIT);
}

/* ---- the backends ---- */

static void poison(const void *addr, size_t len)
{
	if (use_asan)
		plat_asan_poison(addr, len);
	if (use_vg)
		plat_vg_noaccess(addr, len);
}

static void unpoison(const void *addr, size_t len)
{
	if (use_asan)
		plat_asan_unpoison(addr, len);
	if (use_vg)
		plat_vg_undefined(addr, len);
}

/* ---- boot ---- */

static void kasan_report_hook(void);

static void params(void)
{
	const char *v;

	multi_shot = ukmem_cmdline_get("kasan_multi_shot") != NULL;
	reported = false;
	fault_mode = FAULT_REPORT;
	v = ukmem_cmdline_get("kasan.fault");
	if (!v)
		return;
	if (!strcmp(v, "panic"))
		fault_mode = FAULT_PANIC;
	else if (!strcmp(v, "panic_on_write"))
		fault_mode = FAULT_PANIC_ON_WRITE;
	else if (strcmp(v, "report"))
		pr_warn("Malformed early option '%s'\n", "kasan.fault");
}

static unsigned long q_bytes, q_max, q_head, q_tail; /* q_head/q_tail: ~addr, 0 = none */
static unsigned long q_count;
static DEFINE_SPINLOCK(q_lock);

static void quarantine_params(void)
{
	const char *v = ukmem_cmdline_get("ukmem.kasan_quarantine");

	q_max = (totalram_pages() << PAGE_SHIFT) / 32;
	if (v && *v)
		q_max = memparse(v, NULL);
	q_bytes = q_head = q_tail = q_count = 0;
}

/* Poison every free block of the fresh machine: free pages are inaccessible. */
static void poison_free_pages(void)
{
	unsigned long pfn = ukmem_m.min_pfn;

	while (pfn < max_low_pfn) {
		struct page *page;

		if (!pfn_valid(pfn)) {
			pfn++;
			continue;
		}
		page = pfn_to_page(pfn);
		if (PageBuddy(page)) {
			unsigned int order = buddy_order(page);

			poison(page_address(page), PAGE_SIZE << order);
			pfn += 1UL << order;
		} else {
			pfn++;
		}
	}
}

/**
 * ukmem_kasan_init - turn the checkers on for a new machine
 *
 * Called by the boot right after memory exists and before anything is
 * allocated from it.  kasan=on needs the ASan runtime in the program;
 * Valgrind's memcheck is used whenever the program runs under it.
 */
void ukmem_kasan_init(void)
{
	const char *v = ukmem_cmdline_get("kasan");

	ukmem_kasan_active = use_asan = use_vg = false;
	params();
	if (v && (!strcmp(v, "on") || !*v)) {
		if (plat_asan_present())
			use_asan = true;
		else
			pr_info("kasan: not enabled: the program does not carry the AddressSanitizer runtime (build it with -fsanitize=address)\n");
	} else if (v && strcmp(v, "off")) {
		pr_warn("Malformed early option '%s'\n", "kasan");
	}
	use_vg = plat_valgrind_running();
	if (!use_asan && !use_vg)
		return;
	meta_base_pfn = ukmem_m.min_pfn;
	meta_nr = max_low_pfn > meta_base_pfn ? max_low_pfn - meta_base_pfn : 0;
	meta_map_len = PAGE_ALIGN(meta_nr * sizeof(*meta_of));
	meta_of = meta_map_len ? plat_map_anon(meta_map_len) : NULL;
	if (!meta_of) {
		pr_err("kasan: no host memory for the side table, KASAN off\n");
		ukmem_kasan_exit();
		return;
	}
	quarantine_params();
	if (use_vg)
		plat_vg_create_pool(&vg_pool);
	if (use_asan)
		plat_asan_set_report_hook(kasan_report_hook);
	ukmem_kasan_active = true;
	poison_free_pages();
	if (use_asan)
		pr_info("kasan: KernelAddressSanitizer initialized (generic, through AddressSanitizer)\n");
	if (use_vg)
		pr_info("kasan: running under Valgrind: memory states mirrored to memcheck\n");
}

/* Unpoison what ukmem poisoned, so the host may reuse the addresses. */
static unsigned long vm_lo = ~0UL, vm_hi;

/**
 * ukmem_kasan_exit - turn the checkers off at shutdown
 *
 * After the quarantine is drained and before the machine's memory is
 * unmapped: the direct map and the vmalloc addresses ever poisoned are
 * made addressable again in the host checker's eyes.
 */
void ukmem_kasan_exit(void)
{
	if (ukmem_kasan_active && use_asan) {
		plat_asan_unpoison(ukmem_m.direct_map, ukmem_m.direct_map_len);
		if (vm_hi > vm_lo)
			plat_asan_unpoison((void *)vm_lo, vm_hi - vm_lo);
		plat_asan_set_report_hook(NULL);
	}
	if (ukmem_kasan_active && use_vg) {
		/* the machine's memory goes away: so do its chunks */
		plat_vg_destroy_pool(&vg_pool);
		plat_vg_defined(ukmem_m.direct_map, ukmem_m.direct_map_len);
	}
	ukmem_kasan_active = false;
	vm_lo = ~0UL;
	vm_hi = 0;
	if (meta_of)
		plat_unmap_anon(meta_of, meta_map_len);
	meta_of = NULL;
	while (chunks) {
		struct meta_chunk *ch = chunks;

		chunks = ch->next;
		plat_unmap_anon(ch, ch->len);
	}
	chunk_cur = chunk_end = NULL;
	memset(meta_free, 0, sizeof(meta_free));
	use_asan = use_vg = false;
}

/**
 * ukmem_kasan_fork_prepare - hold KASAN's locks across fork()
 *
 * They are leaves (nothing is called with one held), so the boot's fork
 * hook takes them after every allocator lock.
 */
void ukmem_kasan_fork_prepare(void)
{
	spin_lock(&meta_lock);
	spin_lock(&q_lock);
	spin_lock(&report_lock);
}

void ukmem_kasan_fork_release(void)
{
	spin_unlock(&report_lock);
	spin_unlock(&q_lock);
	spin_unlock(&meta_lock);
}

/**
 * ukmem_kasan_mode - which checker the running machine uses
 *
 * Return: "asan", "valgrind", "asan+valgrind" or "off".
 */
const char *ukmem_kasan_mode(void)
{
	if (!ukmem_kasan_active)
		return "off";
	if (use_asan && use_vg)
		return "asan+valgrind";
	return use_asan ? "asan" : "valgrind";
}

/* ---- pages ---- */

void __kasan_unpoison_pages(struct page *page, unsigned int order)
{
	void *addr = page_address(page);

	if (addr && !PageHighMem(page))
		unpoison(addr, PAGE_SIZE << order);
}

void __kasan_poison_pages(struct page *page, unsigned int order)
{
	struct kasan_obj **slot = meta_slot(page_to_pfn(page));
	void *addr = page_address(page);

	if (slot && *slot) {
		/* a slab or a large kmalloc going back: its side table goes too */
		struct kasan_obj *arr = *slot;

		*slot = NULL;
		meta_release(arr);
	}
	if (addr && !PageHighMem(page))
		poison(addr, PAGE_SIZE << order);
}

/* ---- slabs ---- */

static unsigned int slot_tail(const struct kmem_cache *s)
{
	return s->size - s->red_left_pad;
}

void __kasan_poison_slab(struct slab *slab)
{
	struct kmem_cache *s = slab->slab_cache;
	struct kasan_obj **slot = meta_slot(page_to_pfn(slab_page(slab)));
	char *base = slab_address(slab);

	if (slot) {
		if (*slot)
			meta_release(*slot);
		*slot = meta_alloc(slab->objects);
	}
	poison(base, slab_size(slab));
	if (use_vg) {
		/* SLUB's own free-pointer words stay readable for it */
		for (unsigned int i = 0; i < slab->objects; i++)
			plat_vg_defined(base + s->red_left_pad + (size_t)i * s->size + s->offset,
					sizeof(void *));
	}
}

static void record_alloc(struct kasan_obj *m, u32 size)
{
	m->state = KO_LIVE;
	m->size = size;
	m->alloc_pid = current->pid;
	m->alloc_stack = use_asan ? kasan_save_stack() : 0;
	m->free_stack = 0;
	m->free_pid = 0;
	m->enc = 0;
}

void __kasan_slab_alloc(struct kmem_cache *s, void *object)
{
	struct slab *slab = virt_to_slab(object);
	unsigned int idx;
	struct kasan_obj *m;

	if (!slab)
		return;
	nearest_obj(s, slab, object, &idx);
	m = obj_meta(slab, idx);
	if (m)
		record_alloc(m, s->object_size);
	if (use_asan)
		plat_asan_unpoison(object, s->object_size);
	if (use_vg) {
		plat_vg_pool_alloc(&vg_pool, object, s->object_size);
		/* a constructed object keeps its constructed state from free to alloc */
		if (s->ctor)
			plat_vg_defined(object, s->object_size);
	}
}

void *__kasan_kmalloc(struct kmem_cache *s, const void *object, size_t size)
{
	struct slab *slab;
	unsigned int idx;
	struct kasan_obj *m;

	if (ZERO_OR_NULL_PTR(object) || !s)
		return (void *)object;
	slab = virt_to_slab(object);
	if (slab) {
		nearest_obj(s, slab, object, &idx);
		m = obj_meta(slab, idx);
		if (m)
			m->size = (u32)size;
	}
	if (use_asan)
		plat_asan_poison((const char *)object + size, s->object_size - size);
	if (use_vg) {
		plat_vg_pool_change(&vg_pool, object, size);
		plat_vg_noaccess((const char *)object + size, s->object_size - size);
	}
	return (void *)object;
}

void *__kasan_kmalloc_large(const void *ptr, size_t size)
{
	struct page *page;
	struct kasan_obj **slot;
	size_t full;

	if (!ptr)
		return NULL;
	page = virt_to_page(ptr);
	full = PAGE_SIZE << compound_order(page);
	slot = meta_slot(page_to_pfn(page));
	if (slot && !*slot) {
		*slot = meta_alloc(1);
		if (*slot) {
			(*slot)->large = 1;
			record_alloc(*slot, (u32)size);
		}
	}
	if (use_asan)
		plat_asan_poison((const char *)ptr + size, full - size);
	if (use_vg) {
		plat_vg_pool_alloc(&vg_pool, ptr, size);
		plat_vg_noaccess((const char *)ptr + size, full - size);
	}
	return (void *)ptr;
}

void *__kasan_krealloc(const void *object, size_t new_size)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(object) || !virt_addr_valid(object))
		return (void *)object;
	page = virt_to_head_page(object);
	if (PageSlab(page)) {
		struct slab *slab = page_slab(page);

		return __kasan_kmalloc(slab->slab_cache, object, new_size);
	}
	{
		struct kasan_obj **slot = meta_slot(page_to_pfn(page));
		size_t full = PAGE_SIZE << compound_order(page);

		if (slot && *slot)
			(*slot)->size = (u32)new_size;
		if (use_asan) {
			plat_asan_unpoison(object, new_size);
			plat_asan_poison((const char *)object + new_size, full - new_size);
		}
		if (use_vg) {
			plat_vg_pool_change(&vg_pool, object, new_size);
			plat_vg_noaccess((const char *)object + new_size, full - new_size);
		}
	}
	return (void *)object;
}

void __kasan_unpoison_range(const void *addr, size_t size)
{
	if (use_asan)
		plat_asan_unpoison(addr, size);
	if (use_vg)
		plat_vg_defined(addr, size);
}

/* ---- the quarantine ---- */

static void quarantine_put(struct kasan_obj *m, void *object, struct kmem_cache *s)
{
	bool over;

	m->state = KO_QUARANTINE;
	m->enc = ~(unsigned long)object;
	m->qnext = 0;
	spin_lock(&q_lock);
	if (q_tail) {
		void *tail = (void *)~q_tail;
		struct slab *ts = virt_to_slab(tail);
		unsigned int idx;
		struct kasan_obj *tm;

		nearest_obj(ts->slab_cache, ts, tail, &idx);
		tm = obj_meta(ts, idx);
		if (tm)
			tm->qnext = m->enc;
	} else {
		q_head = m->enc;
	}
	q_tail = m->enc;
	q_bytes += s->size;
	q_count++;
	over = q_bytes > q_max;
	spin_unlock(&q_lock);
	if (over)
		__kasan_quarantine_drain((struct kmem_cache *)1);
}

/* Take the oldest object off the FIFO, or NULL. */
static void *quarantine_take(void)
{
	void *object = NULL;

	spin_lock(&q_lock);
	if (q_head) {
		struct slab *slab;
		unsigned int idx;
		struct kasan_obj *m;

		object = (void *)~q_head;
		slab = virt_to_slab(object);
		nearest_obj(slab->slab_cache, slab, object, &idx);
		m = obj_meta(slab, idx);
		q_head = m ? m->qnext : 0;
		if (!q_head)
			q_tail = 0;
		q_bytes -= slab->slab_cache->size;
		q_count--;
		if (m) {
			m->qnext = 0;
			m->enc = 0;
		}
	}
	spin_unlock(&q_lock);
	return object;
}

/**
 * __kasan_quarantine_drain - free quarantined objects for real
 * @s: NULL to empty the quarantine; (struct kmem_cache *)1 to bring it
 *     back under its budget; a cache to empty it for that cache's sake
 *     (everything goes: the FIFO is not per cache)
 */
void __kasan_quarantine_drain(struct kmem_cache *s)
{
	bool reduce = s == (struct kmem_cache *)1;

	if (s && !reduce && (s->flags & SLAB_TYPESAFE_BY_RCU))
		rcu_barrier(); /* its objects still waiting for a grace period */
	if (draining)
		return; /* a free made while draining does not drain again */
	for (;;) {
		void *object;
		struct slab *slab;

		if (reduce && __atomic_load_n(&q_bytes, __ATOMIC_RELAXED) <= q_max / 2)
			break;
		object = quarantine_take();
		if (!object)
			break;
		slab = virt_to_slab(object);
		draining = true;
		slab_free(slab->slab_cache, slab, object, _RET_IP_);
		draining = false;
	}
}

static void kasan_rcu_free(struct rcu_head *head)
{
	struct kasan_obj *m = container_of(head, struct kasan_obj, rcu);
	void *object = (void *)~m->enc;
	struct slab *slab = virt_to_slab(object);
	struct kmem_cache *s = slab->slab_cache;

	if (use_asan)
		plat_asan_poison(object, s->object_size);
	if (use_vg)
		plat_vg_pool_free(&vg_pool, object);
	quarantine_put(m, object, s);
}

/* ---- frees ---- */

static void kasan_report_invalid_free(void *object, unsigned long ip, bool double_free);

bool __kasan_slab_free(struct kmem_cache *s, struct slab *slab, void *object, unsigned long ip)
{
	unsigned int idx;
	struct kasan_obj *m;
	void *start;

	if (draining) {
		/* leaving the quarantine: init_on_free and SLUB may write the slot */
		if (use_asan)
			plat_asan_unpoison(object, slot_tail(s));
		if (use_vg)
			plat_vg_undefined(object, slot_tail(s));
		return false;
	}
	start = nearest_obj(s, slab, object, &idx);
	m = obj_meta(slab, idx);
	if (start != object) {
		kasan_report_invalid_free(object, ip, false);
		return true;
	}
	if (!m)
		return false;
	if (m->state != KO_LIVE) {
		kasan_report_invalid_free(object, ip, true);
		return true;
	}
	m->free_pid = current->pid;
	m->free_stack = use_asan ? kasan_save_stack() : 0;
	if (s->flags & SLAB_TYPESAFE_BY_RCU) {
		/* readers may still look at it: poisoned after a grace period */
		m->state = KO_RCU;
		m->enc = ~(unsigned long)object;
		call_rcu(&m->rcu, kasan_rcu_free);
		return true;
	}
	if (use_asan)
		plat_asan_poison(object, s->object_size);
	if (use_vg)
		plat_vg_pool_free(&vg_pool, object);
	quarantine_put(m, object, s);
	return true;
}

void __kasan_slab_free_done(struct kmem_cache *s, void *object)
{
	struct slab *slab = virt_to_slab(object);
	unsigned int idx;
	struct kasan_obj *m;

	if (slab) {
		nearest_obj(s, slab, object, &idx);
		m = obj_meta(slab, idx);
		if (m)
			m->state = KO_FREE;
	}
	poison(object, slot_tail(s));
	if (use_vg)
		plat_vg_defined((char *)object + s->offset, sizeof(void *));
}

void __kasan_kfree_large(const void *ptr, unsigned long ip)
{
	struct page *page = virt_to_head_page(ptr);
	struct kasan_obj **slot = meta_slot(page_to_pfn(page));

	if (ptr != page_address(page)) {
		kasan_report_invalid_free((void *)ptr, ip, false);
		return;
	}
	if (!slot || !*slot || (*slot)->state != KO_LIVE) {
		kasan_report_invalid_free((void *)ptr, ip, true);
		return;
	}
	(*slot)->state = KO_FREE;
	(*slot)->free_pid = current->pid;
	if (use_vg)
		plat_vg_pool_free(&vg_pool, ptr);
	/* the pages are poisoned when they are freed */
}

/* ---- vmalloc ---- */

void __kasan_unpoison_vmalloc(const void *addr, unsigned long size)
{
	struct vm_struct *vm = find_vm_area(addr);
	unsigned long start = (unsigned long)addr, end;

	if (!vm)
		return;
	end = (unsigned long)vm->addr + vm->size;
	if (use_asan) {
		plat_asan_unpoison(addr, size);
		plat_asan_poison((char *)addr + size, end - start - size);
		if (start < vm_lo)
			vm_lo = start;
		if (end > vm_hi)
			vm_hi = end;
	}
	if (use_vg) {
		/* the mapping is a view of its own: defined, up to the requested size */
		plat_vg_defined(addr, size);
		plat_vg_noaccess((char *)addr + size,
				 (unsigned long)vm->addr + get_vm_area_size(vm) - (start + size));
	}
}

void __kasan_poison_vmalloc(const void *addr, unsigned long size)
{
	unsigned long start = (unsigned long)addr;

	if (use_asan) {
		plat_asan_poison(addr, size);
		if (start < vm_lo)
			vm_lo = start;
		if (start + size > vm_hi)
			vm_hi = start + size;
	}
}

void __kasan_disable_current(bool disable)
{
	if (!use_vg)
		return;
	if (disable && vg_quiet++ == 0)
		plat_vg_errors(false);
	else if (!disable && --vg_quiet == 0)
		plat_vg_errors(true);
}

/* ---- reports ---- */

struct kasan_report_info {
	unsigned long addr, ip;
	size_t access_size;
	bool is_write;
	const char *bug_type;
	struct kmem_cache *cache;
	void *object;
	size_t alloc_size;
	struct kasan_obj *meta;
	struct page *page;
	struct vm_struct *vm;
};

static bool in_direct_map(unsigned long addr)
{
	unsigned long base = (unsigned long)ukmem_m.direct_map;

	return base && addr >= base && addr - base < ukmem_m.direct_map_len;
}

static bool in_vmalloc(unsigned long addr)
{
	return is_vmalloc_addr((void *)addr);
}

/* The KASAN shadow value ukmem's state gives the granule at @addr. */
static u8 shadow_of(unsigned long addr)
{
	struct page *page, *head;

	if (in_vmalloc(addr)) {
		struct vm_struct *vm = find_vm_area((void *)addr);

		if (!vm || addr >= (unsigned long)vm->addr + get_vm_area_size(vm))
			return KASAN_VMALLOC_INVALID;
		/* the requested size is known only to the checker's shadow */
		if (use_asan) {
			for (unsigned int i = 0; i < KASAN_GRANULE_SIZE; i++)
				if (plat_asan_is_poisoned((void *)(addr + i)))
					return i ? (u8)i : KASAN_VMALLOC_INVALID;
		}
		return 0;
	}
	if (!in_direct_map(addr) || !virt_addr_valid(addr))
		return 0;
	page = virt_to_page(addr);
	head = (struct page *)compound_head(page);
	if (PageSlab(head)) {
		struct slab *slab = page_slab(head);
		struct kmem_cache *s = slab->slab_cache;
		unsigned int idx;
		char *obj = nearest_obj(s, slab, (void *)addr, &idx);
		struct kasan_obj *m = obj_meta(slab, idx);
		unsigned long off;

		if (addr < (unsigned long)obj)
			return KASAN_SLAB_REDZONE;
		off = addr - (unsigned long)obj;
		if (!m || off >= s->object_size)
			return KASAN_SLAB_REDZONE;
		if (m->state == KO_QUARANTINE || (m->state == KO_FREE && m->alloc_stack))
			return KASAN_SLAB_FREE;
		if (m->state == KO_FREE)
			return KASAN_SLAB_REDZONE;
		if (m->state == KO_RCU)
			return 0;
		if (off >= m->size)
			return KASAN_SLAB_REDZONE;
		if (m->size - off < KASAN_GRANULE_SIZE)
			return (u8)(m->size - off);
		return 0;
	}
	if (page_ref_count(head) == 0 || PageBuddy(head))
		return KASAN_PAGE_FREE;
	{
		struct kasan_obj **slot = meta_slot(page_to_pfn(head));
		unsigned long off = addr - (unsigned long)page_address(head);

		if (slot && *slot && (*slot)->large) {
			if ((*slot)->state != KO_LIVE)
				return KASAN_PAGE_FREE;
			if (off >= (*slot)->size)
				return KASAN_PAGE_REDZONE;
			if ((*slot)->size - off < KASAN_GRANULE_SIZE)
				return (u8)((*slot)->size - off);
		}
	}
	return 0;
}

static void complete_report_info(struct kasan_report_info *info)
{
	unsigned long addr = info->addr;

	info->bug_type = NULL;
	info->cache = NULL;
	info->object = NULL;
	info->meta = NULL;
	info->page = NULL;
	info->vm = NULL;
	if (in_vmalloc(addr)) {
		info->vm = find_vm_area((void *)addr);
		info->page = vmalloc_to_page((void *)addr);
		info->bug_type = "vmalloc-out-of-bounds";
		return;
	}
	if (!in_direct_map(addr) || !virt_addr_valid(addr))
		return;
	info->page = (struct page *)compound_head(virt_to_page(addr));
	if (PageSlab(info->page)) {
		struct slab *slab = page_slab(info->page);
		unsigned int idx;

		info->cache = slab->slab_cache;
		info->object = nearest_obj(info->cache, slab, (void *)addr, &idx);
		info->meta = obj_meta(slab, idx);
		info->alloc_size = info->meta && info->meta->size ? info->meta->size
								  : info->cache->object_size;
	}
	if (!info->bug_type) {
		u8 sh = shadow_of(addr);

		/* the first bad byte decides, as KASAN's shadow does */
		for (size_t i = 0; i < info->access_size && !sh; i++)
			sh = shadow_of(addr + i);
		switch (sh) {
		case KASAN_SLAB_REDZONE:
		case KASAN_PAGE_REDZONE:
			info->bug_type = "slab-out-of-bounds";
			break;
		case KASAN_SLAB_FREE:
			info->bug_type = "slab-use-after-free";
			break;
		case KASAN_PAGE_FREE:
			info->bug_type = "use-after-free";
			break;
		case 0:
			info->bug_type = "unknown-crash";
			break;
		default:
			info->bug_type = "slab-out-of-bounds";
			break;
		}
	}
}

static void print_track(u32 stack, s32 pid, const char *prefix)
{
	pr_err("%s by task %u:\n", prefix, (unsigned int)pid);
	if (stack)
		stack_depot_print(stack);
	else
		pr_err("(stack is not available)\n");
}

static void describe_object(struct kasan_report_info *info)
{
	unsigned long obj = (unsigned long)info->object;
	const char *rel_type, *region_state = "";
	long rel_bytes;

	if (info->meta && info->meta->alloc_stack) {
		print_track(info->meta->alloc_stack, info->meta->alloc_pid, "Allocated");
		pr_err("\n");
	}
	if (info->meta && info->meta->free_stack) {
		print_track(info->meta->free_stack, info->meta->free_pid, "Freed");
		pr_err("\n");
	}
	pr_err("The buggy address belongs to the object at %px\n"
	       " which belongs to the cache %s of size %d\n",
	       info->object, info->cache->name, info->cache->object_size);
	if (info->addr < obj) {
		rel_type = "to the left";
		rel_bytes = (long)(obj - info->addr);
	} else if (info->addr >= obj + info->alloc_size) {
		rel_type = "to the right";
		rel_bytes = (long)(info->addr - (obj + info->alloc_size));
	} else {
		rel_type = "inside";
		rel_bytes = (long)(info->addr - obj);
	}
	if (!strcmp(info->bug_type, "slab-out-of-bounds"))
		region_state = "allocated ";
	else if (!strcmp(info->bug_type, "slab-use-after-free"))
		region_state = "freed ";
	pr_err("The buggy address is located %d bytes %s of\n"
	       " %s%zu-byte region [%px, %px)\n",
	       (int)rel_bytes, rel_type, region_state, info->alloc_size, info->object,
	       (void *)(obj + info->alloc_size));
}

#define META_ROWS_AROUND_ADDR 2
#define META_BYTES_PER_ROW 16
#define META_MEM_BYTES_PER_ROW (META_BYTES_PER_ROW * KASAN_GRANULE_SIZE)

static void print_memory_metadata(unsigned long addr)
{
	unsigned long row = round_down(addr, META_MEM_BYTES_PER_ROW) -
			    META_ROWS_AROUND_ADDR * META_MEM_BYTES_PER_ROW;

	pr_err("Memory state around the buggy address:\n");
	for (int i = -META_ROWS_AROUND_ADDR; i <= META_ROWS_AROUND_ADDR; i++) {
		char line[4 + 16 + 2 + META_BYTES_PER_ROW * 3 + 1];
		int len;

		len = ukmem_snprintf(line, sizeof(line), "%c%px:", i == 0 ? '>' : ' ', (void *)row);
		for (int j = 0; j < META_BYTES_PER_ROW; j++)
			len += ukmem_snprintf(
				line + len, sizeof(line) - (size_t)len, " %02x",
				shadow_of(row + (unsigned long)j * KASAN_GRANULE_SIZE));
		pr_err("%s\n", line);
		if (addr >= row && addr < row + META_MEM_BYTES_PER_ROW)
			pr_err("%*c\n",
			       (int)(3 + (BITS_PER_LONG / 8) * 2 +
				     (addr - row) / KASAN_GRANULE_SIZE * 3 + 1),
			       '^');
		row += META_MEM_BYTES_PER_ROW;
	}
}

static bool report_enabled(void)
{
	if (multi_shot)
		return true;
	return !__atomic_exchange_n(&reported, true, __ATOMIC_RELAXED);
}

/* A frame of the ASan runtime or of ukmem's glue to it: left out of the trace. */
static bool sanitizer_frame(void *frame)
{
	struct plat_symbol sym;
	static const char *const names[] = {"_ZN6__asan",    "_ZN11__sanitizer",
					    "__asan_",	     "__interceptor_",
					    "asan_callback", "kasan_report_hook"};

	if (!plat_symbolize((unsigned long)frame - 1, &sym) || !sym.name)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strncmp(sym.name, names[i], strlen(names[i])))
			return true;
	return false;
}

/*
 * dump_stack_lvl(KERN_ERR) as KASAN prints it, less the ASan runtime's
 * frames between ukmem's report and the access (6.12's trace goes from
 * kasan_report straight to the function that made the access, or to the
 * string function ASan intercepted).
 */
static noinline void kasan_dump_stack(void)
{
	void *frames[64];
	int n = plat_backtrace(frames, ARRAY_SIZE(frames), 0);

	dump_stack_print_info(KERN_ERR);
	pr_err("Call Trace:\n");
	pr_err(" <TASK>\n");
	for (int i = 0; i < n; i++) {
		if (i && sanitizer_frame(frames[i]))
			continue;
		pr_err(" %pB\n", frames[i]);
	}
	pr_err(" </TASK>\n");
}

static void print_report(struct kasan_report_info *info, bool access)
{
	struct task_struct *tsk = current;

	pr_err("==================================================================\n");
	/* a return address: it may sit just past the function (clang ends one with the report call) */
	pr_err("BUG: KASAN: %s in %pB\n", info->bug_type, (void *)info->ip);
	if (!access)
		pr_err("Free of addr %px by task %s/%d\n", (void *)info->addr, tsk->comm, tsk->pid);
	else
		pr_err("%s of size %zu at addr %px by task %s/%d\n",
		       info->is_write ? "Write" : "Read", info->access_size, (void *)info->addr,
		       tsk->comm, tsk->pid);
	pr_err("\n");
	kasan_dump_stack();
	pr_err("\n");
	if (info->cache && info->object) {
		describe_object(info);
		pr_err("\n");
	}
	if (in_vmalloc(info->addr)) {
		if (info->vm)
			pr_err("The buggy address belongs to a %u-page vmalloc region starting at %#lx allocated at %pS\n",
			       info->vm->nr_pages, (unsigned long)info->vm->addr, info->vm->caller);
		else
			pr_err("The buggy address belongs to a vmalloc virtual mapping\n");
	}
	if (info->page) {
		pr_err("The buggy address belongs to the physical page:\n");
		dump_page(info->page, "kasan: bad access detected");
		pr_err("\n");
	}
	print_memory_metadata(info->addr);
	pr_err("==================================================================\n");
}

static void end_report(bool is_write)
{
	if (!multi_shot)
		check_panic_on_warn("KASAN");
	if (fault_mode == FAULT_PANIC)
		panic("kasan.fault=panic set ...\n");
	if (fault_mode == FAULT_PANIC_ON_WRITE && is_write)
		panic("kasan.fault=panic_on_write set ...\n");
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
}

static void kasan_report_invalid_free(void *object, unsigned long ip, bool double_free)
{
	struct kasan_report_info info = {.addr = (unsigned long)object, .ip = ip};

	if (!report_enabled())
		return;
	spin_lock(&report_lock);
	complete_report_info(&info);
	info.bug_type = double_free ? "double-free" : "invalid-free";
	print_report(&info, false);
	spin_unlock(&report_lock);
	end_report(false);
}

static void kasan_report(unsigned long addr, size_t size, bool is_write, unsigned long ip)
{
	struct kasan_report_info info = {
		.addr = addr, .ip = ip, .access_size = size, .is_write = is_write};

	if (!report_enabled())
		return;
	spin_lock(&report_lock);
	complete_report_info(&info);
	print_report(&info, true);
	spin_unlock(&report_lock);
	end_report(is_write);
}

noinline bool __kasan_check_byte(const void *addr)
{
	unsigned long ip = _RET_IP_;
	unsigned long a = (unsigned long)addr;
	u8 sh;

	if (!in_direct_map(a) && !in_vmalloc(a))
		return true;
	sh = shadow_of(a);
	if (sh == 0 || sh < KASAN_GRANULE_SIZE)
		return true;
	kasan_report(a, 1, false, ip);
	return false;
}

/* ASan's report callback: add the KASAN description when the address is ukmem's. */
static void kasan_report_hook(void)
{
	unsigned long addr, pc;
	size_t size;
	bool is_write;

	if (!ukmem_kasan_active || !plat_asan_report_info(&addr, &is_write, &size, &pc))
		return;
	if (!in_direct_map(addr) && !in_vmalloc(addr))
		return;
	if (sanitizer_frame((void *)(pc + 1))) {
		/* an intercepted memset/memcpy/strlen...: blame its caller, as KASAN does */
		void *frames[64];
		int n = plat_backtrace(frames, ARRAY_SIZE(frames), 0), i = 0;

		while (i < n && !sanitizer_frame(frames[i]))
			i++;
		while (i < n && sanitizer_frame(frames[i]))
			i++;
		if (i < n)
			pc = (unsigned long)frames[i];
	}
	kasan_report(addr, size, is_write, pc);
}
