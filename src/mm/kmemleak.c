// SPDX-License-Identifier: GPL-2.0
/*
 * mm/kmemleak.c - the kernel memory leak detector (kmemleak=on).
 *
 * What it owns.  A record (struct kmemleak_object) for every live block
 * of tracked memory: slab objects (kmalloc included; the hooks are in
 * slub.c), large kmallocs (slab_common.c), vmalloc areas (vmalloc.c, so
 * kvmalloc too), and whatever callers register with kmemleak_alloc().  The
 * page allocator, vmap() and vm_map_ram() are not tracked, as in 6.12.
 * The records live in host memory (a pool of plat_map_anon() chunks), never
 * in the machine, so tracking an allocation never allocates from the
 * allocator being tracked and the hooks cannot recurse; a thread-local
 * flag guards against recursion anyway (a hook reached from inside
 * kmemleak returns at once).  They are indexed by an rbtree keyed by
 * address range, so a pointer into the interior of a block finds it, and
 * listed oldest first for the scan and the report.
 *
 * The scan (6.12's algorithm): every record is whitened (count = 0);
 * records with min_count 0 (kmemleak_not_leak, ukmem's own kmem_cache
 * structures) start grey.  Then the roots are searched, word by aligned
 * word, for values that point into a tracked block: the writable segments
 * of every loaded object except libukmem (whose data holds ukmem's own
 * bookkeeping, never a caller's reference), the stacks, saved registers
 * and thread-local blocks of the threads that use ukmem (stopped for the
 * search: platform/stop_threads.c), and the ranges added with
 * ukmem_kmemleak_add_root().  A block whose count reaches min_count turns
 * grey and joins the grey list, whose blocks' contents are searched in
 * turn until it is empty.  Then each block still white whose crc32
 * changed since the previous scan is made grey for this scan (it is in
 * use); the grey list is drained again.  What stays white, is at least
 * ukmem.kmemleak_min_age_ms old (5000 by default, 6.12's MSECS_MIN_AGE)
 * and was not reported before is a new suspected leak: counted on the
 * console, and listed by reading /sys/kernel/debug/kmemleak until a clear.
 * Before the search the scan waits for pending RCU callbacks and
 * kfree_rcu() batches (unless called inside an RCU read-side section):
 * their objects are referenced from liburcu's queues and ukmem's own
 * lists, which are not searched.
 *
 * Colours, as 6.12: min_count -1 is black (never reported, not searched),
 * 0 grey (never reported, searched), 1 the normal case; count < min_count
 * is white.
 *
 * Locking, outermost first: the proc write lock (a "scan" written to the
 * file), scan_mutex (one scan or knob change at a time), kmemleak_lock
 * (the tree, the list, the pool, the roots and every record's fields),
 * then the platform's thread-table lock.  A scan holds kmemleak_lock from
 * before it stops the threads until the report is counted, so no tracked
 * block is freed under it (every free hook takes kmemleak_lock before the
 * memory goes) and no stopped thread can hold the lock.  While threads
 * are stopped nothing here takes another lock, allocates or prints.  The
 * hooks take kmemleak_lock after any slab or vmalloc lock has been
 * dropped: slab_alloc_node() calls it last, slab_free(), kfree() of a
 * large kmalloc and vfree() first.  Stack traces are captured before the
 * lock is taken.  The scanning thread (scan=on) takes scan_mutex for each
 * scan; it is started and stopped under thread_lock, never with
 * scan_mutex held.
 *
 * Invariants (ukmem_kmemleak_check): every record in the list is in the
 * tree and nr_objects equals both; tree order is address order; the
 * ranges of the tree are disjoint; min_addr <= every pointer and
 * pointer + size <= max_addr.
 *
 * Where it differs from 6.12: memory ukmem cannot see is not searched
 * (the libc heap, threads that never called ukmem, memory outside the
 * loaded objects), so a block referenced only from there is reported;
 * kmemleak_scan_area() is accepted but the whole object is searched;
 * vmalloc areas need one reference (6.12 counts the vm_struct's pointer
 * as a second, min_count 2); the automatic scanning thread is off until
 * "scan=on"; no "disabled" line at boot when kmemleak is off; after
 * "off" frees keep being tracked while the found leaks are kept, so their
 * report never reads freed memory.  docs/DEBUGGING.md, "kmemleak".
 */
#define pr_fmt(fmt) "kmemleak: " fmt

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/kmemleak.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/rbtree.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <kernel/kinternal.h>
#include <kernel/proc.h>
#include <platform/plat.h>
#include "slab.h"

#define MAX_TRACE 16 /* frames kept per object */
#define MSECS_MIN_AGE 5000 /* default minimum age for reporting */
#define SECS_SCAN_WAIT 600 /* automatic scanning period */
#define MEM_POOL_SIZE 16000 /* CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE */
#define POOL_GROW 1024 /* records per chunk after the first */
#define MAX_DATA_SEGS 512
#define HEX_PREFIX "    "
#define HEX_ROW_SIZE 16
#define HEX_GROUP_SIZE 1
#define HEX_MAX_LINES 2

#define OBJECT_ALLOCATED (1 << 0) /* the block is live */
#define OBJECT_REPORTED (1 << 1) /* counted as a new leak once */
#define OBJECT_NO_SCAN (1 << 2) /* contents not searched */
#define OBJECT_ROOT (1 << 3) /* ukmem_kmemleak_add_root(): on root_list, not in the tree */

#define KMEMLEAK_GREY 0
#define KMEMLEAK_BLACK -1

/* an ERR_PTR() value (linux/err.h is not modelled) */
#define IS_ERR(p) ((unsigned long)(p) >= (unsigned long)-4095)

#define KMEMLEAK_NOSAN __attribute__((no_sanitize("address", "thread")))

/*
 * One tracked block.  Invariants: (flags & OBJECT_ROOT) == (on root_list)
 * == !(in the tree); in the tree, [pointer, pointer + size) overlaps no
 * other record's range; min_count in {-1, 0, 1, 2}; trace_len <= MAX_TRACE.
 */
struct kmemleak_object {
	struct rb_node rb_node; /* object_tree, by address */
	struct list_head object_list; /* object_list (oldest first) or root_list */
	struct kmemleak_object *gray_next; /* grey list during a scan; pool free list */
	unsigned int flags;
	unsigned long pointer;
	size_t size;
	int min_count; /* references needed not to be white; -1 black */
	int count; /* references found by this scan */
	u32 checksum; /* crc32 of the contents at the last scan */
	unsigned long alloc_jiffies; /* when it was allocated */
	int pid;
	char comm[TASK_COMM_LEN];
	unsigned int trace_len;
	unsigned long trace[MAX_TRACE];
};

/* Memory chunks of the record pool, kept to give them back at shutdown. */
struct pool_chunk {
	struct pool_chunk *next;
	size_t bytes;
};

bool ukmem_kmemleak_alloc_on;
bool ukmem_kmemleak_free_on;

static DEFINE_SPINLOCK(kmemleak_lock);
static DEFINE_MUTEX(scan_mutex);
static DEFINE_MUTEX(thread_lock);

static struct rb_root object_tree = RB_ROOT;
static LIST_HEAD(object_list);
static LIST_HEAD(root_list);
static unsigned long nr_objects;
static unsigned long min_addr = ULONG_MAX, max_addr;
static struct kmemleak_object *pool_free;
static struct pool_chunk *pool_chunks;
static long pool_available;

static bool kmemleak_initialized; /* this boot's kmemleak=on init ran */
static bool kmemleak_error; /* disabled ("off", or an internal failure) */
static bool kmemleak_found_leaks;
static bool kmemleak_stack_scan = true;
static unsigned long jiffies_min_age;
static unsigned long jiffies_last_scan;
static unsigned long jiffies_scan_wait;

/* the grey list of the scan in progress (FIFO) */
static struct kmemleak_object *gray_head, **gray_tail = &gray_head;

static struct plat_range data_segs[MAX_DATA_SEGS];
static int nr_data_segs;

static _Thread_local bool in_kmemleak;

/* the automatic scanning thread */
static bool scan_thread_running;
static bool scan_thread_stop;
static unsigned long scan_thread_handle;
static struct plat_mutex scan_wait_lock;
static struct plat_cond scan_wait_cond;

/* ---- crc32 (the kernel's crc32_le, seed 0, no inversion) ---------------- */

static u32 crc32_table[256];

static void crc32_init(void)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xedb88320U : c >> 1;
		crc32_table[i] = c;
	}
}

/* Reads caller memory that a sanitizer may consider poisoned (slack, red zones). */
static KMEMLEAK_NOSAN u32 block_crc32(const void *p, size_t len)
{
	const u8 *b = p;
	u32 crc = 0;

	for (size_t i = 0; i < len; i++)
		crc = crc32_table[(crc ^ b[i]) & 0xff] ^ (crc >> 8);
	return crc;
}

static KMEMLEAK_NOSAN void block_copy(void *dst, const void *src, size_t len)
{
	const volatile u8 *s = src;
	u8 *d = dst;

	for (size_t i = 0; i < len; i++)
		d[i] = s[i];
}

/* ---- the record pool (host memory) -------------------------------------- */

static bool pool_grow(unsigned long nr)
{
	size_t bytes = sizeof(struct pool_chunk) + nr * sizeof(struct kmemleak_object);
	struct pool_chunk *c = plat_map_anon(bytes);
	struct kmemleak_object *o;

	if (!c)
		return false;
	c->bytes = bytes;
	c->next = pool_chunks;
	pool_chunks = c;
	o = (struct kmemleak_object *)(c + 1);
	for (unsigned long i = 0; i < nr; i++) {
		o[i].gray_next = pool_free;
		pool_free = &o[i];
	}
	pool_available += (long)nr;
	return true;
}

/* With kmemleak_lock held. */
static struct kmemleak_object *pool_get(void)
{
	struct kmemleak_object *o;

	if (!pool_free && !pool_grow(POOL_GROW))
		return NULL;
	o = pool_free;
	pool_free = o->gray_next;
	pool_available--;
	memset(o, 0, sizeof(*o));
	return o;
}

static void pool_put(struct kmemleak_object *o)
{
	o->gray_next = pool_free;
	pool_free = o;
	pool_available++;
}

static void pool_release(void)
{
	while (pool_chunks) {
		struct pool_chunk *c = pool_chunks;

		pool_chunks = c->next;
		plat_unmap_anon(c, c->bytes);
	}
	pool_free = NULL;
	pool_available = 0;
}

/* ---- the tree ------------------------------------------------------------ */

/* The record whose range holds @ptr (@alias) or starts at it (!@alias). */
static struct kmemleak_object *lookup_object(unsigned long ptr, bool alias)
{
	struct rb_node *rb = object_tree.rb_node;

	while (rb) {
		struct kmemleak_object *o = rb_entry(rb, struct kmemleak_object, rb_node);

		if (ptr < o->pointer)
			rb = rb->rb_left;
		else if (o->pointer + o->size <= ptr)
			rb = rb->rb_right;
		else if (o->pointer == ptr || alias)
			return o;
		else
			return NULL;
	}
	return NULL;
}

/* Insert @object; the record it overlaps, or NULL when inserted. */
static struct kmemleak_object *link_object(struct kmemleak_object *object)
{
	struct rb_node **link = &object_tree.rb_node, *parent = NULL;
	unsigned long ptr = object->pointer;

	while (*link) {
		struct kmemleak_object *o = rb_entry(*link, struct kmemleak_object, rb_node);

		parent = *link;
		if (ptr + object->size <= o->pointer)
			link = &(*link)->rb_left;
		else if (o->pointer + o->size <= ptr)
			link = &(*link)->rb_right;
		else
			return o;
	}
	rb_link_node(&object->rb_node, parent, link);
	rb_insert_color(&object->rb_node, &object_tree);
	list_add_tail(&object->object_list, &object_list);
	nr_objects++;
	min_addr = min(min_addr, ptr);
	max_addr = max(max_addr, ptr + object->size);
	return NULL;
}

static void unlink_object(struct kmemleak_object *object)
{
	rb_erase(&object->rb_node, &object_tree);
	list_del(&object->object_list);
	nr_objects--;
}

/* ---- reports ------------------------------------------------------------- */

static void dump_object_info(struct kmemleak_object *object)
{
	pr_notice("Object 0x%08lx (size %zu):\n", object->pointer, object->size);
	pr_notice("  comm \"%s\", pid %d, jiffies %lu\n", object->comm, object->pid,
		  object->alloc_jiffies);
	pr_notice("  min_count = %d\n", object->min_count);
	pr_notice("  count = %d\n", object->count);
	pr_notice("  flags = 0x%x\n", object->flags);
	pr_notice("  checksum = %u\n", object->checksum);
	pr_notice("  backtrace:\n");
	for (unsigned int i = 0; i < object->trace_len; i++)
		printk(" %pS\n", (void *)object->trace[i]);
}

static void kmemleak_disable(void);

/* 6.12's kmemleak_warn(): the warning, then the stack. */
#define kmemleak_warn(...)            \
	do {                          \
		pr_warn(__VA_ARGS__); \
		dump_stack();         \
	} while (0)

static void hex_dump_object(struct seq_file *seq, struct kmemleak_object *object)
{
	size_t len = min_t(size_t, object->size, HEX_MAX_LINES * HEX_ROW_SIZE);
	u8 copy[HEX_MAX_LINES * HEX_ROW_SIZE];
	char line[HEX_ROW_SIZE * 4 + 8];

	seq_printf(seq, "  hex dump (first %zu bytes):\n", len);
	block_copy(copy, (const void *)object->pointer, len);
	for (size_t i = 0; i < len; i += HEX_ROW_SIZE) {
		size_t n = min_t(size_t, len - i, HEX_ROW_SIZE);

		hex_dump_to_buffer(copy + i, n, HEX_ROW_SIZE, HEX_GROUP_SIZE, line, sizeof(line),
				   true);
		seq_printf(seq, "%s%s\n", HEX_PREFIX, line);
	}
}

static void print_unreferenced(struct seq_file *seq, struct kmemleak_object *object)
{
	seq_printf(seq, "unreferenced object 0x%08lx (size %zu):\n", object->pointer, object->size);
	seq_printf(seq, "  comm \"%s\", pid %d, jiffies %lu\n", object->comm, object->pid,
		   object->alloc_jiffies);
	hex_dump_object(seq, object);
	seq_printf(seq, "  backtrace (crc %x):\n", object->checksum);
	for (unsigned int i = 0; i < object->trace_len; i++)
		seq_printf(seq, "    %pS\n", (void *)object->trace[i]);
}

static bool color_white(const struct kmemleak_object *o)
{
	return o->count != KMEMLEAK_BLACK && o->count < o->min_count;
}

static bool color_gray(const struct kmemleak_object *o)
{
	return o->min_count != KMEMLEAK_BLACK && o->count >= o->min_count;
}

static bool unreferenced_object(const struct kmemleak_object *o)
{
	return color_white(o) && (o->flags & OBJECT_ALLOCATED) &&
	       time_before_eq(o->alloc_jiffies + jiffies_min_age, jiffies_last_scan);
}

/* ---- tracking ------------------------------------------------------------ */

/* ukmem's own kmem_cache structures: found through slab_caches in 6.12. */
static bool ukmem_internal_object(const void *ptr)
{
	struct slab *slab;

	if (!virt_addr_valid(ptr))
		return false;
	slab = virt_to_slab(ptr);
	return slab && slab->slab_cache == kmem_cache;
}

static noinline void create_object(unsigned long ptr, size_t size, int min_count)
{
	struct kmemleak_object *object, *overlap = NULL, dup;
	void *frames[MAX_TRACE];
	int nr = plat_backtrace(frames, MAX_TRACE, 1);
	struct task_struct *task = current;

	in_kmemleak = true;
	plat_thread_register();
	if (min_count > 0 && ukmem_internal_object((void *)ptr))
		min_count = KMEMLEAK_GREY;
	spin_lock(&kmemleak_lock);
	if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED)) {
		spin_unlock(&kmemleak_lock);
		in_kmemleak = false;
		return;
	}
	object = pool_get();
	if (!object) {
		spin_unlock(&kmemleak_lock);
		pr_warn("Cannot allocate a kmemleak_object structure\n");
		kmemleak_disable();
		in_kmemleak = false;
		return;
	}
	object->flags = OBJECT_ALLOCATED;
	object->pointer = ptr;
	object->size = size;
	object->min_count = min_count;
	object->count = 0;
	object->checksum = ~0U;
	object->alloc_jiffies = jiffies;
	object->pid = task->pid;
	memcpy(object->comm, task->comm, sizeof(object->comm));
	object->trace_len = (unsigned int)max(nr, 0);
	for (unsigned int i = 0; i < object->trace_len; i++)
		object->trace[i] = (unsigned long)frames[i];
	overlap = link_object(object);
	if (overlap) {
		dup = *overlap;
		pool_put(object);
	}
	spin_unlock(&kmemleak_lock);
	in_kmemleak = false;
	if (overlap) {
		kmemleak_warn(
			"Cannot insert 0x%lx into the object search tree (overlaps existing)\n",
			ptr);
		dump_object_info(&dup);
		kmemleak_disable();
	}
}

/**
 * kmemleak_alloc - track a newly allocated block
 * @ptr: its start
 * @size: its size
 * @min_count: references needed not to be reported: 1 normally, 0 never
 *	reported (but searched), -1 ignored (neither)
 * @gfp: unused (6.12: flags for kmemleak's own allocations)
 */
noinline void kmemleak_alloc(const void *ptr, size_t size, int min_count, gfp_t gfp)
{
	(void)gfp;
	if (__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED) && ptr && !IS_ERR(ptr) &&
	    !in_kmemleak)
		create_object((unsigned long)ptr, size, min_count);
	/* not a tail call: the trace starts in this frame, as 6.12's does */
	barrier();
}

/**
 * kmemleak_alloc_percpu - track a per-CPU block (ukmem has no percpu allocator)
 * @ptr: unused
 * @size: unused
 * @gfp: unused
 */
void kmemleak_alloc_percpu(const void *ptr, size_t size, gfp_t gfp)
{
	(void)ptr;
	(void)size;
	(void)gfp;
}

/**
 * kmemleak_vmalloc - track a vmalloc area
 * @area: its vm_struct
 * @size: the size asked for
 * @gfp: unused
 *
 * One reference suffices: the vm_struct lives in ukmem's own host memory,
 * which is not searched (6.12 asks for two and counts the vm_struct's).
 */
void kmemleak_vmalloc(const struct vm_struct *area, size_t size, gfp_t gfp)
{
	if (area)
		kmemleak_alloc(area->addr, size, 1, gfp);
}

/**
 * kmemleak_free - stop tracking a block that is being freed
 * @ptr: its start (an unknown block is silently ignored, as 6.12 without DEBUG)
 */
void kmemleak_free(const void *ptr)
{
	struct kmemleak_object *object;

	if (!__atomic_load_n(&ukmem_kmemleak_free_on, __ATOMIC_RELAXED) || !ptr || IS_ERR(ptr) ||
	    in_kmemleak)
		return;
	spin_lock(&kmemleak_lock);
	object = lookup_object((unsigned long)ptr, false);
	if (object) {
		unlink_object(object);
		pool_put(object);
	}
	spin_unlock(&kmemleak_lock);
}

/**
 * kmemleak_free_part - stop tracking part of a block
 * @ptr: where the freed part starts (inside a tracked block)
 * @size: its size
 *
 * What is left before and after the part stays tracked as separate blocks.
 */
void kmemleak_free_part(const void *ptr, size_t size)
{
	struct kmemleak_object *object, *a = NULL, *b = NULL;
	unsigned long p = (unsigned long)ptr, start, end;

	if (!__atomic_load_n(&ukmem_kmemleak_free_on, __ATOMIC_RELAXED) || !ptr || in_kmemleak)
		return;
	spin_lock(&kmemleak_lock);
	object = lookup_object(p, true);
	if (!object) {
		spin_unlock(&kmemleak_lock);
		kmemleak_warn("Partially freeing unknown object at 0x%08lx (size %zu)\n", p, size);
		return;
	}
	start = object->pointer;
	end = object->pointer + object->size;
	unlink_object(object);
	if (p > start) {
		a = pool_get();
		if (a) {
			*a = *object;
			a->size = p - start;
		}
	}
	if (p + size < end) {
		b = pool_get();
		if (b) {
			*b = *object;
			b->pointer = p + size;
			b->size = end - (p + size);
		}
	}
	pool_put(object);
	if (a)
		link_object(a);
	if (b)
		link_object(b);
	spin_unlock(&kmemleak_lock);
}

/**
 * kmemleak_free_percpu - stop tracking a per-CPU block (nothing is tracked)
 * @ptr: unused
 */
void kmemleak_free_percpu(const void *ptr)
{
	(void)ptr;
}

static const char *color_name(int color)
{
	return color == KMEMLEAK_GREY ? "Grey" : color == KMEMLEAK_BLACK ? "Black" : "Unknown";
}

static void paint_ptr(const void *ptr, int color)
{
	struct kmemleak_object *object;

	if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED) || !ptr || IS_ERR(ptr))
		return;
	spin_lock(&kmemleak_lock);
	object = lookup_object((unsigned long)ptr, false);
	if (object) {
		object->min_count = color;
		if (color == KMEMLEAK_BLACK)
			object->flags |= OBJECT_NO_SCAN;
	}
	spin_unlock(&kmemleak_lock);
	if (!object)
		kmemleak_warn("Trying to color unknown object at 0x%08lx as %s\n",
			      (unsigned long)ptr, color_name(color));
}

/**
 * kmemleak_not_leak - never report a block (it is still searched)
 * @ptr: its start
 */
void kmemleak_not_leak(const void *ptr)
{
	paint_ptr(ptr, KMEMLEAK_GREY);
}

/**
 * kmemleak_ignore - neither report nor search a block
 * @ptr: its start
 */
void kmemleak_ignore(const void *ptr)
{
	paint_ptr(ptr, KMEMLEAK_BLACK);
}

/**
 * kmemleak_transient_leak - the block's contents change: wait a scan before reporting it
 * @ptr: its start
 */
void kmemleak_transient_leak(const void *ptr)
{
	struct kmemleak_object *object;

	if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED) || !ptr || IS_ERR(ptr))
		return;
	spin_lock(&kmemleak_lock);
	object = lookup_object((unsigned long)ptr, false);
	if (object)
		object->checksum = ~0U;
	spin_unlock(&kmemleak_lock);
	if (!object)
		kmemleak_warn("Not resetting the checksum of an unknown object at 0x%08lx\n",
			      (unsigned long)ptr);
}

/**
 * kmemleak_update_trace - record the caller's stack as the block's allocation trace
 * @ptr: its start
 */
noinline void kmemleak_update_trace(const void *ptr)
{
	struct kmemleak_object *object;
	void *frames[MAX_TRACE];
	int nr;

	if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED) || !ptr || IS_ERR(ptr))
		return;
	nr = plat_backtrace(frames, MAX_TRACE, 1);
	spin_lock(&kmemleak_lock);
	object = lookup_object((unsigned long)ptr, true);
	if (object) {
		object->trace_len = (unsigned int)max(nr, 0);
		for (unsigned int i = 0; i < object->trace_len; i++)
			object->trace[i] = (unsigned long)frames[i];
	}
	spin_unlock(&kmemleak_lock);
	if (!object)
		kmemleak_warn("Updating stack trace for unknown object at %p\n", ptr);
}

/**
 * kmemleak_scan_area - limit the search of a block to an area (ukmem searches it whole)
 * @ptr: inside the block
 * @size: the area's size
 * @gfp: unused
 */
void kmemleak_scan_area(const void *ptr, size_t size, gfp_t gfp)
{
	(void)ptr;
	(void)size;
	(void)gfp;
}

/**
 * kmemleak_no_scan - do not search a block's contents
 * @ptr: its start
 */
void kmemleak_no_scan(const void *ptr)
{
	struct kmemleak_object *object;

	if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED) || !ptr || IS_ERR(ptr))
		return;
	spin_lock(&kmemleak_lock);
	object = lookup_object((unsigned long)ptr, false);
	if (object)
		object->flags |= OBJECT_NO_SCAN;
	spin_unlock(&kmemleak_lock);
	if (!object)
		kmemleak_warn("Not scanning unknown object at 0x%08lx\n", (unsigned long)ptr);
}

static void *phys_va(phys_addr_t phys)
{
	unsigned long pfn = (unsigned long)(phys >> PAGE_SHIFT);

	if (!pfn_valid(pfn) || PageHighMem(pfn_to_page(pfn)))
		return NULL;
	return __va(phys);
}

/**
 * kmemleak_alloc_phys - track a block given by physical address (lowmem only)
 * @phys: its physical address
 * @size: its size
 * @gfp: unused
 *
 * Never reported (6.12 tracks memblock blocks with min_count 0), but searched.
 */
void kmemleak_alloc_phys(phys_addr_t phys, size_t size, gfp_t gfp)
{
	void *va = phys_va(phys);

	if (va)
		kmemleak_alloc(va, size, KMEMLEAK_GREY, gfp);
}

/**
 * kmemleak_free_part_phys - kmemleak_free_part() by physical address
 * @phys: the physical address
 * @size: the size
 */
void kmemleak_free_part_phys(phys_addr_t phys, size_t size)
{
	void *va = phys_va(phys);

	if (va)
		kmemleak_free_part(va, size);
}

/**
 * kmemleak_ignore_phys - kmemleak_ignore() by physical address
 * @phys: the physical address
 */
void kmemleak_ignore_phys(phys_addr_t phys)
{
	void *va = phys_va(phys);

	if (va)
		kmemleak_ignore(va);
}

/**
 * ukmem_kmemleak_thread_seen - record the calling thread for scans (when kmemleak is on)
 */
void ukmem_kmemleak_thread_seen(void)
{
	if (unlikely(__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED)))
		plat_thread_register();
}

/**
 * ukmem_kmemleak_add_root - search a range of memory ukmem cannot see
 * @start: the range (host memory: a malloc'd table, a thread's data, ...)
 * @size: its size in bytes
 *
 * Every scan searches the range for references, as it searches the data
 * of the loaded objects.  The range must stay readable until
 * ukmem_kmemleak_del_root().
 *
 * Return: 0 (also when kmemleak is off: nothing to do), -EINVAL for a NULL
 * or empty range, -ENOMEM.
 */
int ukmem_kmemleak_add_root(const void *start, size_t size)
{
	struct kmemleak_object *root;

	if (!start || !size || (unsigned long)start + size < (unsigned long)start)
		return -EINVAL;
	if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED))
		return 0;
	spin_lock(&kmemleak_lock);
	root = pool_get();
	if (root) {
		root->flags = OBJECT_ROOT;
		root->pointer = (unsigned long)start;
		root->size = size;
		list_add_tail(&root->object_list, &root_list);
	}
	spin_unlock(&kmemleak_lock);
	return root ? 0 : -ENOMEM;
}

/**
 * ukmem_kmemleak_del_root - stop searching a range added with ukmem_kmemleak_add_root()
 * @start: the range's start
 *
 * Return: 0, or -ENOENT when no root starts there (nothing when kmemleak is off).
 */
int ukmem_kmemleak_del_root(const void *start)
{
	struct kmemleak_object *root, *found = NULL;

	if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED))
		return 0;
	spin_lock(&kmemleak_lock);
	list_for_each_entry(root, &root_list, object_list) {
		if (root->pointer == (unsigned long)start) {
			found = root;
			break;
		}
	}
	if (found) {
		list_del(&found->object_list);
		pool_put(found);
	}
	spin_unlock(&kmemleak_lock);
	return found ? 0 : -ENOENT;
}

/* ---- the scan ----------------------------------------------------------- */

static void gray_add(struct kmemleak_object *o)
{
	o->gray_next = NULL;
	*gray_tail = o;
	gray_tail = &o->gray_next;
}

static void update_refs(struct kmemleak_object *object)
{
	if (!color_white(object))
		return;
	object->count++;
	if (color_gray(object))
		gray_add(object);
}

/*
 * Search [start, end) for values pointing into tracked blocks.  The memory
 * may be another thread's stack or a sanitizer's red zone: not instrumented.
 */
static KMEMLEAK_NOSAN void scan_block(unsigned long start, unsigned long end,
				      struct kmemleak_object *scanned)
{
	const unsigned long align = sizeof(unsigned long);

	start = (start + align - 1) & ~(align - 1);
	if (end < align)
		return;
	for (unsigned long p = start; p + align <= end; p += align) {
		unsigned long value = *(const volatile unsigned long *)p;
		struct kmemleak_object *object;

		if (value < min_addr || value >= max_addr)
			continue;
		object = lookup_object(value, true);
		if (!object || object == scanned)
			continue;
		update_refs(object);
	}
}

static void scan_range(const struct plat_range *r, void *arg)
{
	(void)arg;
	if (r->end > r->start)
		scan_block(r->start, r->end, NULL);
}

static void scan_object(struct kmemleak_object *object)
{
	if (object->flags & OBJECT_NO_SCAN || !(object->flags & OBJECT_ALLOCATED))
		return;
	scan_block(object->pointer, object->pointer + object->size, object);
}

static void scan_gray_list(void)
{
	while (gray_head) {
		struct kmemleak_object *o = gray_head;

		gray_head = o->gray_next;
		if (!gray_head)
			gray_tail = &gray_head;
		o->gray_next = NULL;
		scan_object(o);
	}
}

static bool update_checksum(struct kmemleak_object *object)
{
	u32 old = object->checksum;

	object->checksum = block_crc32((const void *)object->pointer, object->size);
	return object->checksum != old;
}

/*
 * One scan; with scan_mutex held.  Returns the number of new leaks.  The
 * calling thread's stack is searched from @self_sp up.
 */
static int kmemleak_scan(uintptr_t self_sp)
{
	struct kmemleak_object *object;
	unsigned int missed = 0;
	int new_leaks = 0;

	if (!rcu_read_lock_held()) {
		rcu_barrier();
		kvfree_rcu_barrier();
	}
	/* the loader's lock may be held by a thread about to be stopped */
	nr_data_segs = plat_data_segments((const void *)kmemleak_scan, data_segs, MAX_DATA_SEGS);
	in_kmemleak = true;
	plat_thread_register();

	spin_lock(&kmemleak_lock);
	plat_stop_threads(&missed);
	jiffies_last_scan = jiffies;

	list_for_each_entry(object, &object_list, object_list) {
		object->count = 0;
		if (color_gray(object))
			gray_add(object);
	}
	for (int i = 0; i < nr_data_segs; i++)
		scan_range(&data_segs[i], NULL);
	list_for_each_entry(object, &root_list, object_list)
		scan_block(object->pointer, object->pointer + object->size, NULL);
	plat_for_each_thread_range(kmemleak_stack_scan, self_sp, scan_range, NULL);
	scan_gray_list();
	/* frees still wait for kmemleak_lock: the blocks stay readable */
	plat_resume_threads();

	list_for_each_entry(object, &object_list, object_list) {
		if (color_white(object) && (object->flags & OBJECT_ALLOCATED) &&
		    update_checksum(object)) {
			object->count = object->min_count;
			gray_add(object);
		}
	}
	scan_gray_list();

	list_for_each_entry(object, &object_list, object_list) {
		if (unreferenced_object(object) && !(object->flags & OBJECT_REPORTED)) {
			object->flags |= OBJECT_REPORTED;
			new_leaks++;
		}
	}
	spin_unlock(&kmemleak_lock);
	in_kmemleak = false;

	if (missed)
		pr_warn("%u threads did not stop for the scan; their stacks were not searched\n",
			missed);
	if (new_leaks) {
		kmemleak_found_leaks = true;
		pr_info("%d new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n",
			new_leaks);
	}
	return new_leaks;
}

/*
 * A scan that searches the calling thread's stack from this frame up: the
 * callers' registers are saved here (__builtin_unwind_init), and the
 * scanner's own frames below, which hold stale copies of the addresses it
 * handles (tree walks, the words it read), are left out.
 */
static noinline int kmemleak_scan_from_here(void)
{
	volatile unsigned long marker = 0;
	int ret;

	__builtin_unwind_init();
	ret = kmemleak_scan((uintptr_t)&marker);
	barrier();
	return ret;
}

/* ---- the automatic scanning thread -------------------------------------- */

static void *kmemleak_scan_thread(void *arg)
{
	(void)arg;
	set_task_comm(current, "kmemleak");
	pr_info("Automatic memory scanning thread started\n");
	for (;;) {
		bool stop;

		mutex_lock(&scan_mutex);
		if (!kmemleak_error)
			kmemleak_scan_from_here();
		mutex_unlock(&scan_mutex);

		plat_mutex_lock(&scan_wait_lock);
		if (!scan_thread_stop)
			plat_cond_wait(&scan_wait_cond, &scan_wait_lock,
				       (u64)jiffies_to_msecs(jiffies_scan_wait) * 1000000ULL);
		stop = scan_thread_stop;
		plat_mutex_unlock(&scan_wait_lock);
		if (stop)
			break;
	}
	pr_info("Automatic memory scanning thread ended\n");
	return NULL;
}

/* With thread_lock held. */
static void start_scan_thread(void)
{
	if (scan_thread_running)
		return;
	scan_thread_stop = false;
	if (plat_thread_start(kmemleak_scan_thread, NULL, &scan_thread_handle)) {
		pr_warn("Failed to create the scan thread\n");
		return;
	}
	scan_thread_running = true;
}

/* With thread_lock held and scan_mutex not held. */
static void stop_scan_thread(void)
{
	if (!scan_thread_running)
		return;
	plat_mutex_lock(&scan_wait_lock);
	scan_thread_stop = true;
	plat_cond_broadcast(&scan_wait_cond);
	plat_mutex_unlock(&scan_wait_lock);
	plat_thread_join(scan_thread_handle);
	scan_thread_running = false;
}

/* ---- on, off, clear ------------------------------------------------------ */

/* Forget every record and root.  With scan_mutex held or at shutdown. */
static void kmemleak_do_cleanup(void)
{
	spin_lock(&kmemleak_lock);
	__atomic_store_n(&ukmem_kmemleak_free_on, false, __ATOMIC_RELAXED);
	ukmem_slab_hooks_update();
	object_tree = RB_ROOT;
	INIT_LIST_HEAD(&object_list);
	INIT_LIST_HEAD(&root_list);
	nr_objects = 0;
	min_addr = ULONG_MAX;
	max_addr = 0;
	pool_release();
	spin_unlock(&kmemleak_lock);
}

/*
 * Stop tracking allocations.  Irreversible for this boot.  The records of
 * reported leaks stay (frees still tracked) until "clear".
 */
static void kmemleak_disable(void)
{
	if (__atomic_exchange_n(&kmemleak_error, true, __ATOMIC_ACQ_REL))
		return;
	__atomic_store_n(&ukmem_kmemleak_alloc_on, false, __ATOMIC_RELAXED);
	ukmem_slab_hooks_update();
	pr_info("Kernel memory leak detector disabled\n");
}

/* "off" written to the file: as 6.12's kmemleak_do_cleanup(). */
static void kmemleak_off(void)
{
	kmemleak_disable();
	if (!kmemleak_found_leaks)
		kmemleak_do_cleanup();
	else
		pr_info("Kmemleak disabled without freeing internal data. Reclaim the memory with \"echo clear > /sys/kernel/debug/kmemleak\".\n");
}

static void kmemleak_clear(void)
{
	struct kmemleak_object *object;

	spin_lock(&kmemleak_lock);
	list_for_each_entry(object, &object_list, object_list) {
		if ((object->flags & OBJECT_REPORTED) && unreferenced_object(object))
			object->min_count = KMEMLEAK_GREY;
	}
	spin_unlock(&kmemleak_lock);
	kmemleak_found_leaks = false;
}

/* ---- /sys/kernel/debug/kmemleak ----------------------------------------- */

static int kmemleak_show(struct seq_file *m)
{
	struct kmemleak_object *object;

	mutex_lock(&scan_mutex);
	spin_lock(&kmemleak_lock);
	list_for_each_entry(object, &object_list, object_list) {
		if ((object->flags & OBJECT_REPORTED) && unreferenced_object(object))
			print_unreferenced(m, object);
	}
	spin_unlock(&kmemleak_lock);
	mutex_unlock(&scan_mutex);
	return 0;
}

static int dump_str_object_info(const char *str)
{
	struct kmemleak_object *object, copy;
	unsigned long addr;

	if (kstrtoul(str, 0, &addr))
		return -EINVAL;
	spin_lock(&kmemleak_lock);
	object = lookup_object(addr, false);
	if (object)
		copy = *object;
	spin_unlock(&kmemleak_lock);
	if (!object) {
		pr_info("Unknown object at 0x%08lx\n", addr);
		return -EINVAL;
	}
	dump_object_info(&copy);
	return 0;
}

static int kmemleak_thread_command(const char *buf)
{
	int ret = 0;

	mutex_lock(&thread_lock);
	if (!strncmp(buf, "scan=on", 7)) {
		start_scan_thread();
	} else if (!strncmp(buf, "scan=off", 8)) {
		stop_scan_thread();
	} else {
		unsigned int secs;
		unsigned long msecs;

		ret = kstrtouint(buf + 5, 0, &secs);
		if (!ret) {
			msecs = (unsigned long)secs * 1000;
			if (msecs > UINT_MAX)
				msecs = UINT_MAX;
			stop_scan_thread();
			if (msecs) {
				jiffies_scan_wait = msecs_to_jiffies((unsigned int)msecs);
				start_scan_thread();
			}
		}
	}
	mutex_unlock(&thread_lock);
	return ret;
}

static ssize_t kmemleak_write(const char *ubuf, size_t len)
{
	char buf[64];
	size_t n = min(len, sizeof(buf) - 1);
	int ret = 0;

	memcpy(buf, ubuf, n);
	buf[n] = '\0';

	/* the thread's start and stop wait for it: not under scan_mutex */
	if (!strncmp(buf, "scan=", 5)) {
		if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED))
			return -EPERM;
		ret = kmemleak_thread_command(buf);
		return ret < 0 ? ret : (ssize_t)len;
	}
	if (!strncmp(buf, "off", 3) &&
	    __atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED)) {
		mutex_lock(&thread_lock);
		stop_scan_thread();
		mutex_unlock(&thread_lock);
	}

	mutex_lock(&scan_mutex);
	if (!strncmp(buf, "clear", 5)) {
		if (__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED))
			kmemleak_clear();
		else
			kmemleak_do_cleanup();
		goto out;
	}
	if (!__atomic_load_n(&ukmem_kmemleak_alloc_on, __ATOMIC_RELAXED)) {
		ret = -EPERM;
		goto out;
	}
	if (!strncmp(buf, "off", 3))
		kmemleak_off();
	else if (!strncmp(buf, "stack=on", 8))
		kmemleak_stack_scan = true;
	else if (!strncmp(buf, "stack=off", 9))
		kmemleak_stack_scan = false;
	else if (!strncmp(buf, "scan", 4))
		kmemleak_scan_from_here();
	else if (!strncmp(buf, "dump=", 5))
		ret = dump_str_object_info(buf + 5);
	else
		ret = -EINVAL;
out:
	mutex_unlock(&scan_mutex);
	return ret < 0 ? ret : (ssize_t)len;
}

/* ---- boot, shutdown, validator ------------------------------------------- */

static unsigned long parse_min_age(void)
{
	const char *v = ukmem_cmdline_get("ukmem.kmemleak_min_age_ms");
	unsigned int ms;

	if (!v)
		return MSECS_MIN_AGE;
	if (kstrtouint(v, 0, &ms)) {
		pr_err("Booting kernel: `%s' invalid for parameter `%s'\n", v,
		       "ukmem.kmemleak_min_age_ms");
		return MSECS_MIN_AGE;
	}
	return ms;
}

/**
 * kmemleak_init - start tracking when the command line says kmemleak=on
 *
 * boot.c calls it once the slab layer is up (6.12's late init: what the
 * slab layer allocated for itself at boot is not tracked, as the kernel's
 * early objects are reached through its data).  Prints 6.12's
 * "initialized" line and makes /sys/kernel/debug/kmemleak.
 */
void kmemleak_init(void)
{
	const char *v = ukmem_cmdline_get("kmemleak");
	bool on = false;

	kmemleak_initialized = false;
	kmemleak_error = false;
	kmemleak_found_leaks = false;
	kmemleak_stack_scan = true;
	if (v && !strcmp(v, "on"))
		on = true;
	else if (v && strcmp(v, "off"))
		pr_warn("Malformed early option '%s'\n", "kmemleak");
	if (!crc32_table[1])
		crc32_init();
	jiffies_min_age = msecs_to_jiffies((unsigned int)parse_min_age());
	jiffies_scan_wait = msecs_to_jiffies(SECS_SCAN_WAIT * 1000);
	ukmem_proc_register("/sys/kernel/debug/kmemleak", kmemleak_show, kmemleak_write);
	if (!on) {
		kmemleak_error = true;
		return;
	}
	plat_mutex_init(&scan_wait_lock);
	plat_cond_init(&scan_wait_cond);
	spin_lock(&kmemleak_lock);
	if (!pool_grow(MEM_POOL_SIZE)) {
		spin_unlock(&kmemleak_lock);
		kmemleak_error = true;
		pr_warn("Cannot allocate a kmemleak_object structure\n");
		return;
	}
	spin_unlock(&kmemleak_lock);
	kmemleak_initialized = true;
	__atomic_store_n(&ukmem_kmemleak_free_on, true, __ATOMIC_RELAXED);
	__atomic_store_n(&ukmem_kmemleak_alloc_on, true, __ATOMIC_RELEASE);
	ukmem_slab_hooks_update();
	plat_thread_register();
	pr_info("Kernel memory leak detector initialized (mem pool available: %ld)\n",
		pool_available);
}

/**
 * ukmem_kmemleak_exit - stop the scanning thread and forget everything (shutdown)
 */
void ukmem_kmemleak_exit(void)
{
	if (!kmemleak_initialized)
		return;
	mutex_lock(&thread_lock);
	stop_scan_thread();
	mutex_unlock(&thread_lock);
	mutex_lock(&scan_mutex);
	__atomic_store_n(&ukmem_kmemleak_alloc_on, false, __ATOMIC_RELAXED);
	ukmem_slab_hooks_update();
	kmemleak_do_cleanup();
	kmemleak_initialized = false;
	mutex_unlock(&scan_mutex);
	plat_cond_destroy(&scan_wait_cond);
	plat_mutex_destroy(&scan_wait_lock);
}

/* fork(): the records are copied with the machine, consistent. */
void ukmem_kmemleak_fork_prepare(void)
{
	spin_lock(&kmemleak_lock);
}

void ukmem_kmemleak_fork_release(void)
{
	spin_unlock(&kmemleak_lock);
}

/**
 * ukmem_kmemleak_check - validate the record tree and list
 *
 * Return: the number of broken invariants (each reported).
 */
int ukmem_kmemleak_check(void)
{
	struct kmemleak_object *object, *prev = NULL;
	unsigned long listed = 0, in_tree = 0;
	struct rb_node *rb;
	int errors = 0;

	spin_lock(&kmemleak_lock);
	list_for_each_entry(object, &object_list, object_list) {
		listed++;
		if (lookup_object(object->pointer, false) != object && object->size) {
			pr_err("ukmem_check: kmemleak object 0x%08lx is listed but not in the tree\n",
			       object->pointer);
			errors++;
		}
		if (object->pointer < min_addr || object->pointer + object->size > max_addr) {
			pr_err("ukmem_check: kmemleak object 0x%08lx outside [min_addr, max_addr)\n",
			       object->pointer);
			errors++;
		}
	}
	for (rb = rb_first(&object_tree); rb; rb = rb_next(rb)) {
		object = rb_entry(rb, struct kmemleak_object, rb_node);
		in_tree++;
		if (prev && prev->pointer + prev->size > object->pointer) {
			pr_err("ukmem_check: kmemleak objects 0x%08lx and 0x%08lx overlap or are out of order\n",
			       prev->pointer, object->pointer);
			errors++;
		}
		prev = object;
	}
	if (listed != nr_objects || in_tree != nr_objects) {
		pr_err("ukmem_check: kmemleak counts %lu objects, lists %lu, tree holds %lu\n",
		       nr_objects, listed, in_tree);
		errors++;
	}
	spin_unlock(&kmemleak_lock);
	return errors;
}
