// SPDX-License-Identifier: GPL-2.0
/*
 * mm/kfence.c - KFENCE: a sampling detector of out-of-bounds accesses,
 * use-after-free and invalid frees of slab objects, cheap enough to leave
 * on in production (6.12's mm/kfence/).
 *
 * What it owns: the pool, 2 MiB of the machine's RAM (255 object pages,
 * each followed by a guard page, after two leading guard pages), the
 * per-object metadata (state, size, cache, the allocation and free
 * tracks), the sampling gate, the reports, and the debugfs views
 * /sys/kernel/debug/kfence/stats and objects.
 *
 * Algorithm.  With kfence.sample_interval=N the first slab allocation
 * after N ms have passed since the previous sample is taken from the pool
 * (6.12 opens a gate from a timer; ukmem compares a clock on the sampled
 * path only, which samples the same allocations without a timer thread).
 * The object lies alone on its page, at the page's start or, at random,
 * at its end (aligned down to the cache's alignment); the rest of the
 * page holds canary bytes, 0xaa ^ (address & 7).  The guard pages are
 * made inaccessible for real (the direct map's page is replaced by a
 * PROT_NONE mapping through the platform layer), so an access past
 * either end faults; so does any access to a freed object's page, which
 * is protected at free.  The oops handler (ukmem.oops_handler=1) asks
 * kfence_handle_page_fault() first: for a fault in the pool it reports
 * "out-of-bounds" (guard page, against the nearer object) or
 * "use-after-free" (object page), makes the page accessible again and lets
 * the access go on, as 6.12 does.  At free the canaries are checked and
 * a changed byte is reported as "memory corruption"; freeing an address
 * that is not a live object's start is an "invalid free" and frees
 * nothing.  Freed objects go to the tail of the free list and are reused
 * from its head, so a freed page stays protected as long as possible.
 * When more than kfence.skip_covered_thresh per cent of the objects are
 * in use, an allocation from a call stack that already holds one is
 * skipped ("covered").
 *
 * The object pages are slab pages (PageSlab, slab_cache set at each
 * allocation, objects = 1), so kfree(), kmem_cache_free() and ksize()
 * find them as the kernel's do; slab_free() and ksize() then hand them
 * here.  The slab validator and the page leak count skip the pool.
 *
 * Lock order: kfence_freelist_lock and a metadata's lock are leaves
 * (never held across a call into the page or slab allocator); the
 * platform's mapping lock is taken inside them for protect/unprotect.
 *
 * Invariants (per object i, page 2 * (i + 1) of the pool):
 *   state == UNUSED or FREED  <=>  on the free list (FIFO)
 *   state == ALLOCATED  =>  addr in [page, page + PAGE_SIZE - size], and
 *                           every byte of the page outside
 *                           [addr, addr + size) is canary, except after a
 *                           corruption that is reported at free
 *   state == FREED  =>  the object page is protected
 *   currently allocated == number of ALLOCATED objects
 *
 * Where it differs from Linux:
 *   - The pool comes from the page allocator at boot (one order-9 block),
 *     not from memblock; it is not counted as held by callers, and goes
 *     back at shutdown after every page is mapped again.
 *   - No timer: see above.  kfence.deferrable is accepted and changes
 *     nothing; sample_interval cannot be changed after boot.
 *   - A fault is reported only with ukmem.oops_handler=1 (without it the
 *     process gets the plain SIGSEGV); the report's stack starts at the
 *     faulting instruction as 6.12's does with regs.
 *   - Objects still allocated at shutdown are counted as leaked slab
 *     objects (ukmem_shutdown_leaked_objects()): an object page's
 *     slab->inuse is 1 while its object is allocated, so the slab
 *     layer's count of live objects includes them.
 */
#include <linux/kernel.h>
#include <asm/ptrace.h>
#include <linux/kfence.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/printk.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <stdarg.h>
#include <kernel/kinternal.h>
#include <kernel/proc.h>
#include <platform/plat.h>
#include "internal.h"
#include "slab.h"

#define KFENCE_STACK_DEPTH 64
#define KFENCE_CANARY(addr) ((u8)(0xaa ^ ((unsigned long)(addr)&0x7)))

enum kfence_object_state {
	KFENCE_OBJECT_UNUSED,
	KFENCE_OBJECT_ALLOCATED,
	KFENCE_OBJECT_RCU_FREEING,
	KFENCE_OBJECT_FREED,
};

enum kfence_error_type {
	KFENCE_ERROR_OOB,
	KFENCE_ERROR_UAF,
	KFENCE_ERROR_CORRUPTION,
	KFENCE_ERROR_INVALID,
	KFENCE_ERROR_INVALID_FREE,
};

struct kfence_track {
	pid_t pid;
	int cpu;
	u64 ts_nsec;
	int num_stack_entries;
	unsigned long stack_entries[KFENCE_STACK_DEPTH];
};

struct kfence_metadata {
	struct list_head list; /* on kfence_freelist while UNUSED or FREED */
	spinlock_t lock;
	enum kfence_object_state state;
	unsigned long addr; /* the object's start */
	size_t size; /* the size asked for */
	struct kmem_cache *cache; /* NULL once a cache with freed objects is destroyed */
	unsigned long unprotected_page; /* a guard page opened by an OOB report */
	u32 alloc_stack_hash;
	struct kfence_track alloc_track, free_track;
	struct rcu_head rcu_head;
};

enum kfence_counter_id {
	KFENCE_COUNTER_ALLOCATED,
	KFENCE_COUNTER_ALLOCS,
	KFENCE_COUNTER_FREES,
	KFENCE_COUNTER_ZOMBIES,
	KFENCE_COUNTER_BUGS,
	KFENCE_COUNTER_SKIP_INCOMPAT,
	KFENCE_COUNTER_SKIP_CAPACITY,
	KFENCE_COUNTER_SKIP_COVERED,
	KFENCE_COUNTER_COUNT,
};

static const char *const counter_names[] = {
	[KFENCE_COUNTER_ALLOCATED] = "currently allocated",
	[KFENCE_COUNTER_ALLOCS] = "total allocations",
	[KFENCE_COUNTER_FREES] = "total frees",
	[KFENCE_COUNTER_ZOMBIES] = "zombie allocations",
	[KFENCE_COUNTER_BUGS] = "total bugs",
	[KFENCE_COUNTER_SKIP_INCOMPAT] = "skipped allocations (incompatible)",
	[KFENCE_COUNTER_SKIP_CAPACITY] = "skipped allocations (capacity)",
	[KFENCE_COUNTER_SKIP_COVERED] = "skipped allocations (covered)",
};

char *__kfence_pool;
bool __kfence_sampling;

static struct page *pool_pages;
static bool kfence_enabled;
static unsigned long sample_interval_ms; /* kfence.sample_interval= */
static unsigned long skip_covered_thresh = 75; /* kfence.skip_covered_thresh= */
static u64 next_sample_ns;
static u64 rnd_state;
static struct kfence_metadata kfence_metadata[CONFIG_KFENCE_NUM_OBJECTS];
static LIST_HEAD(kfence_freelist);
static DEFINE_SPINLOCK(kfence_freelist_lock);
static atomic_long_t counters[KFENCE_COUNTER_COUNT];

/* ---- the pool's geometry ------------------------------------------------- */

static inline unsigned long metadata_to_pageaddr(const struct kfence_metadata *meta)
{
	return (unsigned long)__kfence_pool +
	       (unsigned long)(meta - kfence_metadata + 1) * 2 * PAGE_SIZE;
}

/* The object whose page holds @addr, or NULL for a guard page or outside. */
static struct kfence_metadata *addr_to_metadata(unsigned long addr)
{
	long index;

	if (!is_kfence_address((void *)addr))
		return NULL;
	index = (long)((addr - (unsigned long)__kfence_pool) / (PAGE_SIZE * 2)) - 1;
	if (index < 0 || index >= CONFIG_KFENCE_NUM_OBJECTS)
		return NULL;
	return &kfence_metadata[index];
}

static inline bool kfence_obj_allocated(const struct kfence_metadata *meta)
{
	return meta->state == KFENCE_OBJECT_ALLOCATED || meta->state == KFENCE_OBJECT_RCU_FREEING;
}

static inline u64 kfence_clock(void)
{
	return plat_clock_ns() - ukmem_boot_ns;
}

static u32 kfence_random(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (u32)(rnd_state >> 32);
}

/* Make the direct map's page at @addr inaccessible, or accessible again. */
static void kfence_protect(unsigned long addr)
{
	plat_unmap_phys((void *)ALIGN_DOWN(addr, PAGE_SIZE), PAGE_SIZE);
}

static bool kfence_unprotect(unsigned long addr)
{
	unsigned long page = ALIGN_DOWN(addr, PAGE_SIZE);

	return plat_map_phys(ukmem_m.phys_handle, (void *)page,
			     (u64)(__pa(page) - (u64)PHYS_OFFSET), PAGE_SIZE, true) == 0;
}

/* ---- the canaries ------------------------------------------------------- */

static void set_canary(const struct kfence_metadata *meta)
{
	u8 *page = (u8 *)ALIGN_DOWN(meta->addr, PAGE_SIZE);
	u8 *obj = (u8 *)meta->addr, *end = obj + meta->size;

	for (u8 *p = page; p < obj; p++)
		*p = KFENCE_CANARY(p);
	for (u8 *p = end; p < page + PAGE_SIZE; p++)
		*p = KFENCE_CANARY(p);
}

static void kfence_report_error(unsigned long address, bool is_write, const struct pt_regs *regs,
				const struct kfence_metadata *meta, enum kfence_error_type type);

/* Report the first changed canary byte left of the object, and right of it. */
static void check_canary(const struct kfence_metadata *meta)
{
	u8 *page = (u8 *)ALIGN_DOWN(meta->addr, PAGE_SIZE);
	u8 *obj = (u8 *)meta->addr, *end = obj + meta->size;

	for (u8 *p = page; p < obj; p++) {
		if (*p != KFENCE_CANARY(p)) {
			atomic_long_inc(&counters[KFENCE_COUNTER_BUGS]);
			kfence_report_error((unsigned long)p, false, NULL, meta,
					    KFENCE_ERROR_CORRUPTION);
			break;
		}
	}
	for (u8 *p = end; p < page + PAGE_SIZE; p++) {
		if (*p != KFENCE_CANARY(p)) {
			atomic_long_inc(&counters[KFENCE_COUNTER_BUGS]);
			kfence_report_error((unsigned long)p, false, NULL, meta,
					    KFENCE_ERROR_CORRUPTION);
			return;
		}
	}
}

/* ---- stacks -------------------------------------------------------------- */

static bool sym_has_prefix(unsigned long addr, const char *const *prefixes, size_t n)
{
	struct plat_symbol sym;

	if (!plat_symbolize(addr - 1, &sym) || !sym.name)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strncmp(sym.name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/*
 * The first frame worth showing: the one after the allocator's entry
 * point (kmalloc, kfree, kmem_cache_alloc, ...), or after the last
 * KFENCE/slab-internal frame when no entry point is found, as 6.12 picks.
 */
static int get_stack_skipnr(const unsigned long *entries, int n)
{
	static const char *const internal[] = {"kfence_",     "__kfence_", "__kmem_cache_free",
					       "__slab_free", "slab_free", "check_canary"};
	static const char *const entry[] = {
		"kfree",      "kmem_cache_free", "__kmalloc", "kmem_cache_alloc", "kmalloc",
		"krealloc",   "kmemdup",	 "kstrdup",   "kstrndup",	  "kvmalloc",
		"__kvmalloc", "kvrealloc",	 "kvfree",
	};
	int fallback = 0;

	for (int i = 0; i < n; i++) {
		if (sym_has_prefix(entries[i], internal, ARRAY_SIZE(internal)))
			fallback = i + 1;
		if (sym_has_prefix(entries[i], entry, ARRAY_SIZE(entry))) {
			/* kmalloc() may be kmalloc_noprof() around __kmalloc_noprof() */
			while (i + 1 < n &&
			       sym_has_prefix(entries[i + 1], entry, ARRAY_SIZE(entry)))
				i++;
			return i + 1 < n ? i + 1 : 0;
		}
	}
	return fallback < n ? fallback : 0;
}

static void save_track(struct kfence_track *t)
{
	void *frames[KFENCE_STACK_DEPTH];
	int n = plat_backtrace(frames, KFENCE_STACK_DEPTH, 1);

	t->pid = current->pid;
	t->cpu = raw_smp_processor_id();
	t->ts_nsec = kfence_clock();
	t->num_stack_entries = n > 0 ? n : 0;
	for (int i = 0; i < t->num_stack_entries; i++)
		t->stack_entries[i] = (unsigned long)frames[i];
}

static u32 stack_hash(const struct kfence_track *t)
{
	int skip = get_stack_skipnr(t->stack_entries, t->num_stack_entries);
	u64 h = 0xcbf29ce484222325ULL;

	for (int i = skip; i < t->num_stack_entries; i++)
		h = (h ^ t->stack_entries[i]) * 0x100000001b3ULL;
	return (u32)(h ^ (h >> 32));
}

/* ---- printing, to the console or to a debugfs file ---------------------- */

__printf(2, 3) static void kf_printf(struct seq_file *seq, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (seq) {
		seq_vprintf(seq, fmt, ap);
	} else {
		char buf[512];

		vscnprintf(buf, sizeof(buf), fmt, ap);
		printk(KERN_ERR "%s", buf);
	}
	va_end(ap);
}

static void kfence_print_stack(struct seq_file *seq, const struct kfence_metadata *meta,
			       bool show_alloc)
{
	const struct kfence_track *t = show_alloc ? &meta->alloc_track : &meta->free_track;
	u64 ago = kfence_clock() - t->ts_nsec;

	kf_printf(seq, "%s by task %d on cpu %d at %lu.%06lus (%lu.%06lus ago):\n",
		  show_alloc				     ? "allocated"
		  : meta->state == KFENCE_OBJECT_RCU_FREEING ? "rcu freeing"
							     : "freed",
		  t->pid, t->cpu, (unsigned long)(t->ts_nsec / 1000000000ULL),
		  (unsigned long)(t->ts_nsec % 1000000000ULL / 1000),
		  (unsigned long)(ago / 1000000000ULL),
		  (unsigned long)(ago % 1000000000ULL / 1000));
	if (!t->num_stack_entries) {
		kf_printf(seq, " no %s stack\n", show_alloc ? "allocation" : "deallocation");
		return;
	}
	for (int i = get_stack_skipnr(t->stack_entries, t->num_stack_entries);
	     i < t->num_stack_entries; i++)
		kf_printf(seq, " %pS\n", (void *)t->stack_entries[i]);
}

static void kfence_print_object(struct seq_file *seq, const struct kfence_metadata *meta)
{
	long index = meta - kfence_metadata;

	if (meta->state == KFENCE_OBJECT_UNUSED) {
		kf_printf(seq, "kfence-#%ld unused\n", index);
		return;
	}
	kf_printf(seq, "kfence-#%ld: 0x%p-0x%p, size=%d, cache=%s\n\n", index, (void *)meta->addr,
		  (void *)(meta->addr + meta->size - 1), (int)meta->size,
		  meta->cache && meta->cache->name ? meta->cache->name : "<destroyed>");
	kfence_print_stack(seq, meta, true);
	if (meta->state == KFENCE_OBJECT_FREED || meta->state == KFENCE_OBJECT_RCU_FREEING) {
		kf_printf(seq, "\n");
		kfence_print_stack(seq, meta, false);
	}
}

/* "[ ! . . ]": up to 16 bytes from @address, changed ones marked. */
static void print_diff_canary(unsigned long address, const struct kfence_metadata *meta)
{
	unsigned long until = address + 16;
	const u8 *end = (const u8 *)(address < meta->addr ? min(until, meta->addr)
							  : min(until, PAGE_ALIGN(address + 1)));

	pr_cont("[");
	for (const u8 *cur = (const u8 *)address; cur < end; cur++) {
		if (*cur == KFENCE_CANARY(cur))
			pr_cont(" .");
		else if (ukmem_kp.no_hash_pointers)
			pr_cont(" 0x%02x", *cur);
		else
			pr_cont(" !");
	}
	pr_cont(" ]");
}

static const char *access_type(bool is_write)
{
	return is_write ? "write" : "read";
}

/*
 * The stack of the code that did it.  For a fault (@regs set) it starts
 * at the faulting instruction and goes on with the frames the unwinder
 * finds beyond the signal frame; otherwise it starts after the
 * allocator's entry point, as get_stack_skipnr() picks.
 */
static int report_stack(unsigned long *entries, enum kfence_error_type type,
			const struct pt_regs *regs)
{
	void *frames[KFENCE_STACK_DEPTH];
	int n = plat_backtrace(frames, KFENCE_STACK_DEPTH, 1), skip = 0, out = 0;

	if (n < 0)
		n = 0;
	if (regs && regs->ip) {
		entries[out++] = regs->ip;
		for (int i = 0; i < n; i++)
			if ((unsigned long)frames[i] == regs->ip)
				skip = i + 1;
		for (int i = skip; skip && i < n && out < KFENCE_STACK_DEPTH; i++)
			entries[out++] = (unsigned long)frames[i];
		return out;
	}
	for (int i = 0; i < n; i++)
		entries[i] = (unsigned long)frames[i];
	if (type == KFENCE_ERROR_CORRUPTION || type == KFENCE_ERROR_INVALID_FREE)
		skip = get_stack_skipnr(entries, n);
	memmove(entries, entries + skip, (size_t)(n - skip) * sizeof(*entries));
	return n - skip;
}

static void kfence_report_error(unsigned long address, bool is_write, const struct pt_regs *regs,
				const struct kfence_metadata *meta, enum kfence_error_type type)
{
	unsigned long entries[KFENCE_STACK_DEPTH] = {0};
	long index = meta ? meta - kfence_metadata : -1;
	int n = report_stack(entries, type, regs);
	void *where = n ? (void *)entries[0] : NULL;

	pr_err("==================================================================\n");
	switch (type) {
	case KFENCE_ERROR_OOB: {
		bool left = address < meta->addr;

		pr_err("BUG: KFENCE: out-of-bounds %s in %pS\n\n", access_type(is_write), where);
		pr_err("Out-of-bounds %s at 0x%p (%luB %s of kfence-#%ld):\n",
		       access_type(is_write), (void *)address,
		       left ? meta->addr - address : address - meta->addr, left ? "left" : "right",
		       index);
		break;
	}
	case KFENCE_ERROR_UAF:
		pr_err("BUG: KFENCE: use-after-free %s in %pS\n\n", access_type(is_write), where);
		pr_err("Use-after-free %s at 0x%p (in kfence-#%ld):\n", access_type(is_write),
		       (void *)address, index);
		break;
	case KFENCE_ERROR_CORRUPTION:
		pr_err("BUG: KFENCE: memory corruption in %pS\n\n", where);
		pr_err("Corrupted memory at 0x%p ", (void *)address);
		print_diff_canary(address, meta);
		pr_cont(" (in kfence-#%ld):\n", index);
		break;
	case KFENCE_ERROR_INVALID:
		pr_err("BUG: KFENCE: invalid %s in %pS\n\n", access_type(is_write), where);
		pr_err("Invalid %s at 0x%p:\n", access_type(is_write), (void *)address);
		break;
	case KFENCE_ERROR_INVALID_FREE:
		pr_err("BUG: KFENCE: invalid free in %pS\n\n", where);
		pr_err("Invalid free of 0x%p (in kfence-#%ld):\n", (void *)address, index);
		break;
	}
	for (int i = 0; i < n; i++)
		pr_err(" %pS\n", (void *)entries[i]);
	if (meta) {
		pr_err("\n");
		kfence_print_object(NULL, meta);
	}
	pr_err("\n");
	dump_stack_print_info(KERN_ERR);
	pr_err("==================================================================\n");
	check_panic_on_warn("KFENCE");
	add_taint(TAINT_BAD_PAGE, LOCKDEP_STILL_OK);
}

/* ---- allocation and free ------------------------------------------------- */

/* Is the pool nearly full, and does an object from this stack already live? */
static bool covered(u32 hash)
{
	long thresh = (long)(skip_covered_thresh * CONFIG_KFENCE_NUM_OBJECTS / 100);

	if (atomic_long_read(&counters[KFENCE_COUNTER_ALLOCATED]) <= thresh)
		return false;
	for (int i = 0; i < CONFIG_KFENCE_NUM_OBJECTS; i++)
		if (__atomic_load_n(&kfence_metadata[i].state, __ATOMIC_RELAXED) ==
			    KFENCE_OBJECT_ALLOCATED &&
		    __atomic_load_n(&kfence_metadata[i].alloc_stack_hash, __ATOMIC_RELAXED) == hash)
			return true;
	return false;
}

/* Has the sample interval passed?  Exactly one caller wins each sample. */
static bool take_sample(void)
{
	u64 now = plat_clock_ns(), next = __atomic_load_n(&next_sample_ns, __ATOMIC_RELAXED);

	if (now < next)
		return false;
	return __atomic_compare_exchange_n(&next_sample_ns, &next,
					   now + sample_interval_ms * 1000000ULL, false,
					   __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

static void *kfence_guarded_alloc(struct kmem_cache *s, size_t size, gfp_t flags,
				  const struct kfence_track *track, u32 hash)
{
	struct kfence_metadata *meta = NULL;
	struct slab *slab;
	bool right;

	spin_lock(&kfence_freelist_lock);
	if (!list_empty(&kfence_freelist)) {
		meta = list_first_entry(&kfence_freelist, struct kfence_metadata, list);
		list_del_init(&meta->list);
	}
	right = kfence_random() & 1;
	spin_unlock(&kfence_freelist_lock);
	if (!meta) {
		atomic_long_inc(&counters[KFENCE_COUNTER_SKIP_CAPACITY]);
		return NULL;
	}

	spin_lock(&meta->lock);
	if (meta->state == KFENCE_OBJECT_FREED)
		kfence_unprotect(metadata_to_pageaddr(meta));
	meta->addr = metadata_to_pageaddr(meta);
	if (right)
		meta->addr = ALIGN_DOWN(meta->addr + PAGE_SIZE - size, s->align ? s->align : 1);
	meta->alloc_track = *track;
	meta->free_track.num_stack_entries = 0;
	__atomic_store_n(&meta->alloc_stack_hash, hash, __ATOMIC_RELAXED);
	meta->cache = s;
	meta->size = size;
	__atomic_store_n(&meta->state, KFENCE_OBJECT_ALLOCATED, __ATOMIC_RELAXED);
	spin_unlock(&meta->lock);

	slab = virt_to_slab((void *)meta->addr);
	slab->slab_cache = s;
	slab->objects = 1;
	slab->inuse = 1;
	set_canary(meta);
	if (slab_want_init_on_alloc(flags, s))
		memset((void *)meta->addr, 0, size);
	if (s->ctor)
		s->ctor((void *)meta->addr);
	atomic_long_inc(&counters[KFENCE_COUNTER_ALLOCATED]);
	atomic_long_inc(&counters[KFENCE_COUNTER_ALLOCS]);
	return (void *)meta->addr;
}

/**
 * __kfence_alloc - the sampled path of kfence_alloc()
 * @s: the cache
 * @size: the size asked for
 * @flags: GFP flags
 *
 * Return: a KFENCE object, or NULL (not sampled, incompatible, or the
 * pool is full).
 */
void *__kfence_alloc(struct kmem_cache *s, size_t size, gfp_t flags)
{
	struct kfence_track track;
	u32 hash;

	if (size > PAGE_SIZE || !size) {
		atomic_long_inc(&counters[KFENCE_COUNTER_SKIP_INCOMPAT]);
		return NULL;
	}
	/* the pool is ordinary memory: no zone or node can be promised */
	if ((flags & GFP_ZONEMASK) || ((flags & __GFP_THISNODE) && nr_online_nodes > 1) ||
	    (s->flags & (SLAB_CACHE_DMA | SLAB_CACHE_DMA32))) {
		atomic_long_inc(&counters[KFENCE_COUNTER_SKIP_INCOMPAT]);
		return NULL;
	}
	if (s->flags & SLAB_SKIP_KFENCE)
		return NULL;
	if (!take_sample() || !__atomic_load_n(&kfence_enabled, __ATOMIC_RELAXED))
		return NULL;
	save_track(&track);
	hash = stack_hash(&track);
	if (covered(hash)) {
		atomic_long_inc(&counters[KFENCE_COUNTER_SKIP_COVERED]);
		return NULL;
	}
	return kfence_guarded_alloc(s, size, flags, &track, hash);
}

static void kfence_guarded_free(void *addr, struct kfence_metadata *meta, bool zombie)
{
	bool init;

	spin_lock(&meta->lock);
	if (!kfence_obj_allocated(meta) || meta->addr != (unsigned long)addr) {
		atomic_long_inc(&counters[KFENCE_COUNTER_BUGS]);
		kfence_report_error((unsigned long)addr, false, NULL, meta,
				    KFENCE_ERROR_INVALID_FREE);
		spin_unlock(&meta->lock);
		return;
	}
	if (meta->unprotected_page) {
		memset((void *)ALIGN_DOWN(meta->unprotected_page, PAGE_SIZE), 0, PAGE_SIZE);
		kfence_protect(meta->unprotected_page);
		meta->unprotected_page = 0;
	}
	if (meta->state != KFENCE_OBJECT_RCU_FREEING || !meta->free_track.num_stack_entries)
		save_track(&meta->free_track);
	__atomic_store_n(&meta->state, KFENCE_OBJECT_FREED, __ATOMIC_RELAXED);
	init = meta->cache && ukmem_kp.init_on_free && !meta->cache->ctor &&
	       !(meta->cache->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON));
	spin_unlock(&meta->lock);

	virt_to_slab(addr)->inuse = 0;
	check_canary(meta);
	if (!zombie && init)
		memset(addr, 0, meta->size);
	kfence_protect((unsigned long)addr);
	if (zombie) {
		atomic_long_inc(&counters[KFENCE_COUNTER_ZOMBIES]);
		return;
	}
	spin_lock(&kfence_freelist_lock);
	list_add_tail(&meta->list, &kfence_freelist);
	spin_unlock(&kfence_freelist_lock);
	atomic_long_dec(&counters[KFENCE_COUNTER_ALLOCATED]);
	atomic_long_inc(&counters[KFENCE_COUNTER_FREES]);
}

static void rcu_guarded_free(struct rcu_head *h)
{
	struct kfence_metadata *meta = container_of(h, struct kfence_metadata, rcu_head);

	kfence_guarded_free((void *)meta->addr, meta, false);
}

/**
 * __kfence_free - free a KFENCE object (kfence_free() checked the address)
 * @addr: the object
 *
 * A SLAB_TYPESAFE_BY_RCU object stays valid until a grace period has
 * passed, as the cache promises.
 */
void __kfence_free(void *addr)
{
	struct kfence_metadata *meta = addr_to_metadata((unsigned long)addr);

	if (!meta) {
		atomic_long_inc(&counters[KFENCE_COUNTER_BUGS]);
		kfence_report_error((unsigned long)addr, false, NULL, NULL, KFENCE_ERROR_INVALID);
		return;
	}
	if (meta->state == KFENCE_OBJECT_ALLOCATED && meta->addr == (unsigned long)addr &&
	    meta->cache && (meta->cache->flags & SLAB_TYPESAFE_BY_RCU)) {
		spin_lock(&meta->lock);
		save_track(&meta->free_track);
		__atomic_store_n(&meta->state, KFENCE_OBJECT_RCU_FREEING, __ATOMIC_RELAXED);
		spin_unlock(&meta->lock);
		call_rcu(&meta->rcu_head, rcu_guarded_free);
		return;
	}
	kfence_guarded_free(addr, meta, false);
}

/**
 * kfence_ksize - the size a KFENCE object was allocated with
 * @addr: any address
 *
 * Return: the size, or 0 if @addr is not a live KFENCE object.
 */
size_t kfence_ksize(const void *addr)
{
	struct kfence_metadata *meta = addr_to_metadata((unsigned long)addr);

	return meta && kfence_obj_allocated(meta) ? meta->size : 0;
}

/**
 * kfence_object_start - the start of the KFENCE object at @addr
 * @addr: an address inside a KFENCE object's page
 *
 * Return: the object's start, or NULL.
 */
void *kfence_object_start(const void *addr)
{
	struct kfence_metadata *meta = addr_to_metadata((unsigned long)addr);

	return meta ? (void *)meta->addr : NULL;
}

/**
 * kfence_shutdown_cache - a cache is going away
 * @s: the cache
 *
 * Its live KFENCE objects become zombies (freed, never reused); its freed
 * ones forget the cache, so reports say "<destroyed>".
 */
void kfence_shutdown_cache(struct kmem_cache *s)
{
	if (!__kfence_pool)
		return;
	rcu_barrier();
	for (int i = 0; i < CONFIG_KFENCE_NUM_OBJECTS; i++) {
		struct kfence_metadata *meta = &kfence_metadata[i];

		if (meta->cache == s && kfence_obj_allocated(meta))
			kfence_guarded_free((void *)meta->addr, meta, true);
	}
	for (int i = 0; i < CONFIG_KFENCE_NUM_OBJECTS; i++) {
		struct kfence_metadata *meta = &kfence_metadata[i];

		spin_lock(&meta->lock);
		if (meta->cache == s && meta->state == KFENCE_OBJECT_FREED)
			meta->cache = NULL;
		spin_unlock(&meta->lock);
	}
}

/**
 * kfence_handle_page_fault - the oops handler's first question
 * @addr: the faulting address
 * @is_write: whether the access was a write
 * @regs: the faulting instruction, where the report's stack starts
 *
 * Return: true if the fault was in the KFENCE pool: it has been reported
 * and the page made accessible, so the access can be retried.
 */
bool kfence_handle_page_fault(unsigned long addr, bool is_write, struct pt_regs *regs)
{
	long page_index = (long)((addr - (unsigned long)__kfence_pool) / PAGE_SIZE);
	struct kfence_metadata *to_report = NULL;
	enum kfence_error_type type = KFENCE_ERROR_INVALID;

	if (!is_kfence_address((void *)addr))
		return false;
	if (!__atomic_load_n(&kfence_enabled, __ATOMIC_RELAXED))
		return kfence_unprotect(addr);
	atomic_long_inc(&counters[KFENCE_COUNTER_BUGS]);
	if (page_index % 2) {
		/* a guard page: the nearer live neighbour overflowed into it */
		struct kfence_metadata *left = addr_to_metadata(addr - PAGE_SIZE);
		struct kfence_metadata *right = addr_to_metadata(addr + PAGE_SIZE);
		unsigned long distance = 0;

		if (left && kfence_obj_allocated(left)) {
			to_report = left;
			distance = addr - (left->addr + left->size);
		}
		if (right && kfence_obj_allocated(right) &&
		    (!to_report || distance > right->addr - addr))
			to_report = right;
		if (to_report) {
			to_report->unprotected_page = addr;
			type = KFENCE_ERROR_OOB;
		}
	} else {
		to_report = addr_to_metadata(addr);
		if (to_report)
			type = KFENCE_ERROR_UAF;
	}
	if (to_report) {
		spin_lock(&to_report->lock);
		kfence_report_error(addr, is_write, regs, to_report, type);
		spin_unlock(&to_report->lock);
	} else {
		kfence_report_error(addr, is_write, regs, NULL, KFENCE_ERROR_INVALID);
	}
	return kfence_unprotect(addr);
}

/* ---- debugfs ------------------------------------------------------------- */

static int stats_show(struct seq_file *seq)
{
	seq_printf(seq, "enabled: %i\n", __atomic_load_n(&kfence_enabled, __ATOMIC_RELAXED));
	for (int i = 0; i < KFENCE_COUNTER_COUNT; i++)
		seq_printf(seq, "%s: %ld\n", counter_names[i], atomic_long_read(&counters[i]));
	return 0;
}

static int objects_show(struct seq_file *seq)
{
	for (int i = 0; i < CONFIG_KFENCE_NUM_OBJECTS; i++) {
		struct kfence_metadata *meta = &kfence_metadata[i];

		spin_lock(&meta->lock);
		kfence_print_object(seq, meta);
		spin_unlock(&meta->lock);
		seq_puts(seq, "---------------------------------\n");
	}
	return 0;
}

/* ---- boot and shutdown --------------------------------------------------- */

/**
 * ukmem_kfence_pfn - is @pfn one of the pool's pages?
 * @pfn: a page frame number
 *
 * Return: true for the pool, which is KFENCE's, not a caller's.
 */
bool ukmem_kfence_pfn(unsigned long pfn)
{
	return pool_pages && pfn >= page_to_pfn(pool_pages) &&
	       pfn < page_to_pfn(pool_pages) + (KFENCE_POOL_SIZE >> PAGE_SHIFT);
}

static unsigned long kfence_param(const char *key, unsigned long def)
{
	const char *v = ukmem_cmdline_get(key);
	unsigned long val;

	if (!v || kstrtoul(v, 0, &val))
		return def;
	return val;
}

/**
 * ukmem_kfence_init - set up the pool when kfence.sample_interval is not 0
 *
 * Called at boot once the slab layer is up.
 */
void ukmem_kfence_init(void)
{
	char *pool;

	sample_interval_ms = kfence_param("kfence.sample_interval", 0);
	skip_covered_thresh = kfence_param("kfence.skip_covered_thresh", 75);
	memset(kfence_metadata, 0, sizeof(kfence_metadata));
	for (int i = 0; i < KFENCE_COUNTER_COUNT; i++)
		atomic_long_set(&counters[i], 0);
	INIT_LIST_HEAD(&kfence_freelist);
	rnd_state = ukmem_kp.seed ^ 0x2545f4914f6cdd1dULL;
	if (!rnd_state)
		rnd_state = 1;
	if (!sample_interval_ms)
		return;
	pool_pages = alloc_pages(GFP_KERNEL | __GFP_NOWARN, get_order(KFENCE_POOL_SIZE));
	if (!pool_pages) {
		pr_err("kfence: failed to allocate pool\n");
		return;
	}
	pool = page_address(pool_pages);
	for (int i = 0; i < CONFIG_KFENCE_NUM_OBJECTS; i++) {
		struct kfence_metadata *meta = &kfence_metadata[i];

		spin_lock_init(&meta->lock);
		meta->state = KFENCE_OBJECT_UNUSED;
		list_add_tail(&meta->list, &kfence_freelist);
		__SetPageSlab(virt_to_page(pool + (unsigned long)(i + 1) * 2 * PAGE_SIZE));
	}
	/* the two leading pages and every page after an object page are guards */
	plat_unmap_phys(pool, 2 * PAGE_SIZE);
	for (int i = 0; i < CONFIG_KFENCE_NUM_OBJECTS; i++)
		plat_unmap_phys(pool + ((unsigned long)(i + 1) * 2 + 1) * PAGE_SIZE, PAGE_SIZE);
	__kfence_pool = pool;
	next_sample_ns = 0;
	kfence_enabled = true;
	__atomic_store_n(&__kfence_sampling, true, __ATOMIC_RELEASE);
	ukmem_slab_hooks_update();
	ukmem_proc_register("/sys/kernel/debug/kfence/stats", stats_show, NULL);
	ukmem_proc_register("/sys/kernel/debug/kfence/objects", objects_show, NULL);
	pr_info("kfence: initialized - using %lu bytes for %d objects at 0x%p-0x%p\n",
		(unsigned long)KFENCE_POOL_SIZE, CONFIG_KFENCE_NUM_OBJECTS, pool,
		pool + KFENCE_POOL_SIZE);
}

/**
 * ukmem_kfence_exit - give the pool back (shutdown)
 *
 * Every page is mapped again before the block goes back to the page
 * allocator.
 *
 * Return: the number of KFENCE objects callers still held (leaked).
 */
unsigned long ukmem_kfence_exit(void)
{
	unsigned long live = 0;
	char *pool = __kfence_pool;

	__atomic_store_n(&__kfence_sampling, false, __ATOMIC_RELEASE);
	kfence_enabled = false;
	ukmem_slab_hooks_update();
	if (!pool)
		return 0;
	for (int i = 0; i < CONFIG_KFENCE_NUM_OBJECTS; i++) {
		struct kfence_metadata *meta = &kfence_metadata[i];
		struct page *page = virt_to_page(pool + (unsigned long)(i + 1) * 2 * PAGE_SIZE);

		if (kfence_obj_allocated(meta)) {
			live++;
			pr_warn("kfence: kfence-#%d (%s, size %zu) still allocated at shutdown\n",
				i, meta->cache ? meta->cache->name : "<destroyed>", meta->size);
		}
		page_slab(page)->slab_cache = NULL;
		page_slab(page)->counters = 0;
		__ClearPageSlab(page);
	}
	for (unsigned long off = 0; off < KFENCE_POOL_SIZE; off += PAGE_SIZE)
		kfence_unprotect((unsigned long)pool + off);
	__kfence_pool = NULL;
	__free_pages(pool_pages, get_order(KFENCE_POOL_SIZE));
	pool_pages = NULL;
	return live;
}
