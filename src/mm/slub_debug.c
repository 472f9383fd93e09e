// SPDX-License-Identifier: GPL-2.0
/*
 * mm/slub_debug.c - slub_debug: SLUB's red zones, poisoning, user
 * tracking, tracing, consistency checks and their reports, as Linux 6.12
 * (CONFIG_SLUB_DEBUG) does them.
 *
 * What it owns: the slub_debug=/slab_debug= parameter and the flags it
 * gives each cache (kmem_cache_flags()), the bytes of a debug object's
 * slot outside what the caller uses (red zones, poison, tracks, the
 * kmalloc request size, padding), the checks made on allocation, on free
 * and by validation, every report those checks print, the count of errors
 * ukmem_check() returns for them, and the debugfs views of the tracks
 * (/sys/kernel/debug/slab/<cache>/alloc_traces, free_traces).  mm/slub.c owns the lists: it
 * routes every allocation and free of a debug cache through 6.12's
 * single-object slow paths (alloc_single_from_partial,
 * alloc_single_from_new_slab, free_to_partial_list), which call
 * alloc_debug_processing() and free_debug_processing() here under the
 * node's list_lock.  Debug caches have no CPU slabs and no per-thread
 * objects, so every object passes the checks.
 *
 * A debug slot (offsets from the slot start, 6.12's layout):
 *
 *   [0, red_left_pad)          left red zone            (SLAB_RED_ZONE)
 *   object: [0, object_size)   the object; poisoned 0x6b..0xa5 when free
 *   [object_size, inuse)       right red zone (0xcc in use, 0xbb free),
 *                              or alignment padding 0x5a without red zone
 *   [inuse, +8)                free pointer, when it lives outside
 *   get_info_end: 2 x struct track (alloc, free)   (SLAB_STORE_USER)
 *   then the kmalloc request size (SLAB_STORE_USER on a kmalloc cache)
 *   then padding 0x5a up to size - red_left_pad
 *
 * For a kmalloc object whose request size is tracked, the bytes between
 * the request and object_size are a red zone too ("kmalloc Redzone").
 *
 * Counting: each report counts 1 and each FIX line counts 1, as 6.12's
 * slub KUnit tests count them (an "overwritten" line with its BUG block
 * is one report; the slab padding report counts only its FIX line, the
 * way the kernel's __slab_err() skips KUnit counting).  The running count
 * is ukmem_slab_debug_errors(); ukmem_check() returns what its own
 * validation added.
 *
 * Locking: the checks run under the slab's node list_lock (held by the
 * caller).  Reports print under it; printk and the report blocks take
 * their own locks after it.  The held-back table has its own spinlock,
 * innermost.
 *
 * Where it differs from Linux:
 *   - the WARNING line of a report names mm/slub.c and 6.12's line
 *     (1127 for object_err, 1152 for slab_err), the functions ukmem's
 *     own (object_err, slab_err, ...) with ukmem's offsets;
 *   - a pointer that is not an object start is refused with 6.12's
 *     "Invalid object pointer" report whether or not F is set (6.12 checks
 *     it only with F, and corrupts its free list without), and an object
 *     whose free pointer leads outside its slab is never handed out;
 *   - validation counts a disabled slab (one marked fully used after a
 *     failed consistency check) with the slabs it found, so the node's
 *     slab counter does not disagree with the lists forever after;
 *   - the objects a report kept from being freed and the objects of
 *     disabled slabs are reported at shutdown as held back, not leaked;
 *   - the parameter is read when the slab layer boots, so its
 *     "mem auto-init: SLAB_POISON will take precedence" line comes after
 *     the boot lines the kernel prints later.
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/poison.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/stackdepot.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/seq_file.h>
#include <kernel/kinternal.h>
#include <kernel/proc.h>
#include <platform/plat.h>
#include <stdarg.h>
#include "internal.h"
#include <linux/kfence.h>
#include "slab.h"

#define DEBUG_DEFAULT_FLAGS \
	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define DEBUG_METADATA_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define TRACK_ADDRS_COUNT STACK_DEPOT_MAX_FRAMES

_Static_assert(sizeof(struct track) == 4 * sizeof(unsigned long) || sizeof(long) != 8,
	       "struct track is 32 bytes on 64-bit hosts (TRACK_SIZE in slub.c)");

/* ---- the parameter ------------------------------------------------------ */

slab_flags_t slub_debug;
static char slub_debug_buf[256];
static char *slub_debug_string; /* the blocks with cache lists, or NULL */
static bool disable_higher_order_debug;

/* The kunit-style error count of every report since boot. */
static atomic_long_t slab_errors;

static inline void slab_add_errors(long n)
{
	atomic_long_add(n, &slab_errors);
}

static inline int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/*
 * One block of options: letters up to ',' or ';', then an optional cache
 * list up to ';'.  Returns the next block or NULL; *slabs is the list or
 * NULL.  @init: the boot parse, which reports unknown letters.
 */
static char *parse_slub_debug_flags(char *str, slab_flags_t *flags, char **slabs, bool init)
{
	bool higher_order_disable = false;

	while (*str == ';')
		str++;
	if (*str == ',') {
		/* a list without letters: full debugging for those caches */
		*flags = DEBUG_DEFAULT_FLAGS;
		goto check_slabs;
	}
	*flags = 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (lower((unsigned char)*str)) {
		case '-':
			*flags = 0;
			break;
		case 'f':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			*flags |= SLAB_POISON;
			break;
		case 'u':
			*flags |= SLAB_STORE_USER;
			break;
		case 't':
			*flags |= SLAB_TRACE;
			break;
		case 'a':
			*flags |= SLAB_FAILSLAB;
			break;
		case 'o':
			higher_order_disable = true;
			break;
		default:
			if (init)
				pr_err("slab_debug option '%c' unknown. skipped\n", *str);
		}
	}
check_slabs:
	*slabs = (*str == ',') ? ++str : NULL;
	while (*str && *str != ';')
		str++;
	while (*str == ';')
		str++;
	if (init && higher_order_disable)
		disable_higher_order_debug = true;
	return *str ? str : NULL;
}

/**
 * slub_debug_setup - read slub_debug=/slab_debug= from the command line
 *
 * As 6.12's setup_slub_debug(): no value (or an empty one) is F, Z, P, U on
 * every cache; blocks with a cache list apply to those caches only, and a
 * block without a list sets the flags of every other cache.  Called when
 * the slab layer boots, before its first cache.
 */
void slub_debug_setup(void)
{
	const char *v = ukmem_cmdline_get("slab_debug");
	slab_flags_t flags, global_flags = DEBUG_DEFAULT_FLAGS;
	bool global_changed = false, list_specified = false;
	char *str, *slab_list;

	slub_debug = 0;
	slub_debug_string = NULL;
	disable_higher_order_debug = false;
	atomic_long_set(&slab_errors, 0);
	if (!v)
		v = ukmem_cmdline_get("slub_debug");
	if (!v)
		return;
	if (!*v)
		goto out;
	strscpy(slub_debug_buf, v, sizeof(slub_debug_buf));
	str = slub_debug_buf;
	while (str) {
		str = parse_slub_debug_flags(str, &flags, &slab_list, true);
		if (!slab_list) {
			global_flags = flags;
			global_changed = true;
		} else {
			list_specified = true;
		}
	}
	if (list_specified) {
		if (!global_changed)
			global_flags = 0; /* CONFIG_SLUB_DEBUG_ON is off */
		slub_debug_string = slub_debug_buf;
	}
out:
	slub_debug = global_flags;
	if ((ukmem_kp.init_on_alloc || ukmem_kp.init_on_free) && (slub_debug & SLAB_POISON))
		pr_info("mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free\n");
}

/* Whether the 'O' option asked to keep debugging off caches whose order it would raise. */
bool slub_debug_higher_order_disabled(void)
{
	return disable_higher_order_debug;
}

/**
 * kmem_cache_flags - the flags a new cache gets from slub_debug=
 * @flags: the creator's flags
 * @name: the cache's name
 *
 * The first block whose list names the cache (exactly, or up to a '*')
 * gives its flags; otherwise the global flags apply.  SLAB_NO_USER_FLAGS
 * caches are left alone; SLAB_NOLEAKTRACE caches get no user tracking from
 * the global flags.
 *
 * Return: @flags with the debug flags added.
 */
slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name)
{
	slab_flags_t block_flags, local = slub_debug;
	size_t len = strlen(name);
	char *next_block = slub_debug_string, *iter;

	if (flags & SLAB_NO_USER_FLAGS)
		return flags;
	if (flags & SLAB_NOLEAKTRACE)
		local &= ~SLAB_STORE_USER;
	while (next_block) {
		next_block = parse_slub_debug_flags(next_block, &block_flags, &iter, false);
		if (!iter)
			continue;
		while (*iter) {
			char *end = iter, *glob;
			size_t cmplen;

			while (*end && *end != ',')
				end++;
			if (next_block && next_block < end)
				end = next_block - 1;
			glob = memchr(iter, '*', (size_t)(end - iter));
			if (glob)
				cmplen = (size_t)(glob - iter);
			else
				cmplen = max(len, (size_t)(end - iter));
			if (!strncmp(name, iter, cmplen))
				return flags | block_flags;
			if (!*end || *end == ';')
				break;
			iter = end + 1;
		}
	}
	return flags | local;
}

/* ---- layout helpers ------------------------------------------------------ */

static inline bool slub_debug_orig_size(const struct kmem_cache *s)
{
	return (s->flags & SLAB_STORE_USER) && (s->flags & SLAB_KMALLOC);
}

static inline unsigned int size_from_object(const struct kmem_cache *s)
{
	if (s->flags & SLAB_RED_ZONE)
		return s->size - s->red_left_pad;
	return s->size;
}

static inline void *restore_red_left(const struct kmem_cache *s, void *p)
{
	if (s->flags & SLAB_RED_ZONE)
		p = (char *)p - s->red_left_pad;
	return p;
}

static inline struct track *get_track(const struct kmem_cache *s, void *object,
				      enum track_item alloc)
{
	return (struct track *)((char *)object + slub_info_end(s)) + alloc;
}

/**
 * set_orig_size - remember a kmalloc object's request size
 * @s: the cache (only kmalloc caches with user tracking keep it)
 * @object: the object
 * @orig_size: the size the caller asked for
 */
void set_orig_size(struct kmem_cache *s, void *object, unsigned long orig_size)
{
	if (!slub_debug_orig_size(s))
		return;
	*(unsigned long *)((char *)object + slub_info_end(s) + 2 * sizeof(struct track)) =
		orig_size;
}

/**
 * get_orig_size - a kmalloc object's request size
 * @s: the cache
 * @object: the object
 *
 * Return: the size asked for, or object_size where it is not kept.
 */
unsigned long get_orig_size(struct kmem_cache *s, void *object)
{
	if (!slub_debug_orig_size(s))
		return s->object_size;
	return *(unsigned long *)((char *)object + slub_info_end(s) + 2 * sizeof(struct track));
}

/* ksize() hands out the whole object: no kmalloc red zone any more (6.12). */
void skip_orig_size_check(struct kmem_cache *s, const void *object)
{
	set_orig_size(s, (void *)object, s->object_size);
}

/**
 * check_valid_pointer - whether @object is the start of an object of @slab
 * @s: the cache
 * @slab: the slab
 * @object: the pointer (NULL is valid: the end of a free list)
 *
 * Return: 1 if valid, else 0.
 */
int check_valid_pointer(struct kmem_cache *s, struct slab *slab, void *object)
{
	char *base, *p;

	if (!object)
		return 1;
	base = slab_address(slab);
	p = restore_red_left(s, object);
	if (p < base || p >= base + (size_t)slab->objects * s->size || (size_t)(p - base) % s->size)
		return 0;
	return 1;
}

/* ---- user tracking ---------------------------------------------------------- */

/**
 * set_track_prepare - save the current stack in the stack depot
 * @addr: the caller of the slab API (the trace starts at that frame)
 *
 * Return: the trace's handle (0 if none could be saved).
 */
noinline depot_stack_handle_t set_track_prepare(unsigned long addr)
{
	void *frames[64];
	unsigned long entries[TRACK_ADDRS_COUNT];
	int n = plat_backtrace(frames, (int)ARRAY_SIZE(frames), 0), first = -1;
	unsigned int nr = 0;

	for (int i = 0; i < n; i++)
		if ((unsigned long)frames[i] == addr) {
			first = i;
			break;
		}
	if (first < 0)
		first = n > 3 ? 3 : 0; /* no exact frame (a tail call): skip the slab layer's */
	for (int i = first; i < n && nr < TRACK_ADDRS_COUNT; i++)
		entries[nr++] = (unsigned long)frames[i];
	return stack_depot_save(entries, nr, 0);
}

static void set_track_update(struct kmem_cache *s, void *object, enum track_item alloc,
			     unsigned long addr, depot_stack_handle_t handle)
{
	struct track *p = get_track(s, object, alloc);

	p->handle = handle;
	p->addr = addr;
	p->cpu = smp_processor_id();
	p->pid = current->pid;
	p->when = jiffies;
}

/**
 * set_track - record who allocated or freed an object, and when
 * @s: a SLAB_STORE_USER cache
 * @object: the object
 * @alloc: TRACK_ALLOC or TRACK_FREE
 * @addr: the caller of the slab API
 */
void set_track(struct kmem_cache *s, void *object, enum track_item alloc, unsigned long addr)
{
	set_track_update(s, object, alloc, addr, set_track_prepare(addr));
}

static void init_tracking(struct kmem_cache *s, void *object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
}

static void print_track(const char *s, struct track *t, unsigned long pr_time)
{
	if (!t->addr)
		return;
	pr_err("%s in %pS age=%lu cpu=%u pid=%d\n", s, (void *)t->addr, pr_time - t->when, t->cpu,
	       t->pid);
	if (t->handle)
		stack_depot_print(t->handle);
	else
		pr_err("object allocation/free stack trace missing\n");
}

/**
 * print_tracking - the "Allocated in" and "Freed in" lines of an object
 * @s: the cache (nothing without SLAB_STORE_USER)
 * @object: the object
 */
void print_tracking(struct kmem_cache *s, void *object)
{
	unsigned long pr_time = jiffies;

	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", get_track(s, object, TRACK_ALLOC), pr_time);
	print_track("Freed", get_track(s, object, TRACK_FREE), pr_time);
}

/* ---- reports ---------------------------------------------------------------- */

static void print_section(const char *level, const char *text, u8 *addr, unsigned int length)
{
	print_hex_dump(level, text, DUMP_PREFIX_ADDRESS, 16, 1, addr, length, true);
}

static void print_slab_info(const struct slab *slab)
{
	pr_err("Slab 0x%p objects=%u used=%u fp=0x%p flags=%pGp\n", slab, slab->objects,
	       slab->inuse, slab->freelist, &slab->__page_flags);
}

__printf(2, 0) static void __slab_bug(struct kmem_cache *s, const char *fmt, va_list argsp)
{
	struct va_format vaf;
	va_list args;

	va_copy(args, argsp);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %pV\n", s ? s->name : "<unknown>", print_tainted(), &vaf);
	pr_err("-----------------------------------------------------------------------------\n\n");
	va_end(args);
}

__printf(2, 3) static void slab_bug(struct kmem_cache *s, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	__slab_bug(s, fmt, args);
	va_end(args);
}

/**
 * slab_fix - a "FIX <cache>: ..." line: what was done about an error
 * @s: the cache
 * @fmt: what
 */
__printf(2, 3) void slab_fix(struct kmem_cache *s, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	slab_add_errors(1);
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("FIX %s: %pV\n", s->name, &vaf);
	va_end(args);
}

static void print_trailer(struct kmem_cache *s, struct slab *slab, u8 *p)
{
	u8 *addr = slab_address(slab);
	unsigned int off;

	print_tracking(s, p);
	print_slab_info(slab);
	pr_err("Object 0x%p @offset=%tu fp=0x%p\n\n", p, p - addr, slub_get_freepointer(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section(KERN_ERR, "Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section(KERN_ERR, "Bytes b4 ", p - 16, 16);
	print_section(KERN_ERR, "Object   ", p, min_t(unsigned int, s->object_size, PAGE_SIZE));
	if (s->flags & SLAB_RED_ZONE)
		print_section(KERN_ERR, "Redzone  ", p + s->object_size, s->inuse - s->object_size);
	off = slub_info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (slub_debug_orig_size(s))
		off += sizeof(unsigned long);
	if (off != size_from_object(s))
		print_section(KERN_ERR, "Padding  ", p + off, size_from_object(s) - off);
}

/* The WARN_ON(1) that ends a report, at 6.12's site in mm/slub.c. */
#define SLAB_REPORT_WARN(line) warn_slowpath_fmt("mm/slub.c", (line), TAINT_WARN, NULL)

/**
 * object_err - report a problem with one object: BUG banner, its tracks,
 *	the slab, the object's bytes, the WARNING block; taint B
 * @s: the cache
 * @slab: the object's slab
 * @object: the object (an invalid pointer prints as such)
 * @reason: the banner text
 */
noinline void object_err(struct kmem_cache *s, struct slab *slab, u8 *object, const char *reason)
{
	slab_add_errors(1);
	slab_bug(s, "%s", reason);
	if (!object || !check_valid_pointer(s, slab, object)) {
		print_slab_info(slab);
		pr_err("Invalid pointer 0x%p\n", object);
	} else {
		print_trailer(s, slab, object);
	}
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	SLAB_REPORT_WARN(1127);
}

/* The end of a slab report: the Slab line, taint B, the WARNING block. */
static noinline void __slab_err(struct slab *slab)
{
	print_slab_info(slab);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	SLAB_REPORT_WARN(1152);
}

/**
 * slab_err - report a problem with a slab: BUG banner, the Slab line, the
 *	WARNING block; taint B
 * @s: the cache
 * @slab: the slab
 * @fmt: the banner text
 */
__printf(3, 4) noinline void slab_err(struct kmem_cache *s, struct slab *slab, const char *fmt, ...)
{
	va_list args;

	slab_add_errors(1);
	va_start(args, fmt);
	__slab_bug(s, fmt, args);
	va_end(args);
	__slab_err(slab);
}

/* "Objects remaining on __kmem_cache_shutdown()" counts 1, and 1 per object (KUnit). */
void slab_debug_count_errors(long n)
{
	slab_add_errors(n);
}

/* ---- object initialisation -------------------------------------------------- */

/**
 * init_object - write a debug object's red zones and poison
 * @s: the cache
 * @object: the object
 * @val: SLUB_RED_ACTIVE (allocated) or SLUB_RED_INACTIVE (free)
 *
 * A tracked kmalloc object in use has its red zone start at the request
 * size, so the bytes the caller did not ask for are guarded too.
 */
void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;
	unsigned int poison_size = s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		memset(p - s->red_left_pad, val, s->red_left_pad);
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE)
			poison_size = (unsigned int)get_orig_size(s, object);
	}
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, poison_size - 1);
		p[poison_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + poison_size, val, s->inuse - poison_size);
}

/* A new slab of a poisoning cache is 0x5a throughout before its objects are set up. */
void setup_slab_debug(struct kmem_cache *s, struct slab *slab, void *addr)
{
	if (!(s->flags & SLAB_POISON))
		return;
	memset(addr, POISON_INUSE, slab_size(slab));
}

/* Each object of a new slab starts free: red zones inactive, poisoned, no tracks. */
void setup_object_debug(struct kmem_cache *s, void *object)
{
	if (!(s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)))
		return;
	init_object(s, object, SLUB_RED_INACTIVE);
	init_tracking(s, object);
}

/* ---- checks ------------------------------------------------------------------- */

static void restore_bytes(struct kmem_cache *s, const char *message, u8 data, void *from, void *to)
{
	slab_fix(s, "Restoring %s 0x%p-0x%p=0x%x", message, from, (char *)to - 1, data);
	memset(from, data, (size_t)((char *)to - (char *)from));
}

static int check_bytes_and_report(struct kmem_cache *s, struct slab *slab, u8 *object,
				  const char *what, u8 *start, unsigned int value,
				  unsigned int bytes, bool slab_obj_print)
{
	u8 *addr = slab_address(slab);
	u8 *fault, *end;

	fault = memchr_inv(start, (int)value, bytes);
	if (!fault)
		return 1;
	end = start + bytes;
	while (end > fault && end[-1] == value)
		end--;
	pr_err("[%s overwritten] 0x%p-0x%p @offset=%tu. First byte 0x%x instead of 0x%x\n", what,
	       fault, end - 1, fault - addr, fault[0], value);
	if (slab_obj_print)
		object_err(s, slab, object, "Object corrupt");
	else
		slab_add_errors(1);
	restore_bytes(s, what, (u8)value, fault, end);
	return 0;
}

static int check_pad_bytes(struct kmem_cache *s, struct slab *slab, u8 *p)
{
	unsigned long off = slub_info_end(s);

	if (s->flags & SLAB_STORE_USER) {
		off += 2 * sizeof(struct track);
		if (s->flags & SLAB_KMALLOC)
			off += sizeof(unsigned long);
	}
	if (size_from_object(s) == off)
		return 1;
	return check_bytes_and_report(s, slab, p, "Object padding", p + off, POISON_INUSE,
				      size_from_object(s) - (unsigned int)off, true);
}

/* The bytes after the last object of a poisoning cache's slab. */
static void slab_pad_check(struct kmem_cache *s, struct slab *slab)
{
	u8 *start, *fault, *end, *pad;
	unsigned int length, remainder;

	if (!(s->flags & SLAB_POISON))
		return;
	start = slab_address(slab);
	length = (unsigned int)slab_size(slab);
	end = start + length;
	remainder = length % s->size;
	if (!remainder)
		return;
	pad = end - remainder;
	fault = memchr_inv(pad, POISON_INUSE, remainder);
	if (!fault)
		return;
	while (end > fault && end[-1] == POISON_INUSE)
		end--;
	slab_bug(s, "Padding overwritten. 0x%p-0x%p @offset=%tu", fault, end - 1, fault - start);
	print_section(KERN_ERR, "Padding ", pad, remainder);
	__slab_err(slab);
	restore_bytes(s, "slab padding", POISON_INUSE, fault, end);
}

/**
 * check_object - check one object's red zones, poison, padding and free
 *	pointer against its state; restore what was overwritten
 * @s: the cache
 * @slab: its slab
 * @object: the object
 * @val: SLUB_RED_ACTIVE (it should be allocated) or SLUB_RED_INACTIVE
 *
 * Return: 1 if intact, 0 if something was reported.
 */
int check_object(struct kmem_cache *s, struct slab *slab, void *object, u8 val)
{
	u8 *p = object, *endobject = p + s->object_size;
	int ret = 1;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes_and_report(s, slab, object, "Left Redzone", p - s->red_left_pad,
					    val, s->red_left_pad, ret))
			ret = 0;
		if (!check_bytes_and_report(s, slab, object, "Right Redzone", endobject, val,
					    s->inuse - s->object_size, ret))
			ret = 0;
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE) {
			unsigned int orig_size = (unsigned int)get_orig_size(s, object);

			if (s->object_size > orig_size &&
			    !check_bytes_and_report(s, slab, object, "kmalloc Redzone",
						    p + orig_size, val, s->object_size - orig_size,
						    ret))
				ret = 0;
		}
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		if (!check_bytes_and_report(s, slab, p, "Alignment padding", endobject,
					    POISON_INUSE, s->inuse - s->object_size, ret))
			ret = 0;
	}

	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON)) {
			if (s->object_size > 1 &&
			    !check_bytes_and_report(s, slab, p, "Poison", p, POISON_FREE,
						    s->object_size - 1, ret))
				ret = 0;
			if (!check_bytes_and_report(s, slab, p, "End Poison",
						    p + s->object_size - 1, POISON_END, 1, ret))
				ret = 0;
		}
		if (!check_pad_bytes(s, slab, p))
			ret = 0;
	}

	/* an allocated object's link is the caller's data unless it lives outside */
	if ((freeptr_outside_object(s) || val != SLUB_RED_ACTIVE) &&
	    !check_valid_pointer(s, slab, slub_get_freepointer(s, p))) {
		object_err(s, slab, p, "Freepointer corrupt");
		/* the rest of this slab's free objects are lost to it */
		slub_set_freepointer(s, p, NULL);
		ret = 0;
	}
	return ret;
}

/**
 * check_slab - a slab's own fields: a slab page, plausible counts, not
 *	disabled; and its tail padding
 * @s: the cache
 * @slab: the slab
 *
 * Return: 1 if usable, 0 if reported.
 */
int check_slab(struct kmem_cache *s, struct slab *slab)
{
	unsigned int maxobj;

	if (!PageSlab(slab_page(slab))) {
		slab_err(s, slab, "Not a valid slab page");
		return 0;
	}
	maxobj = (unsigned int)(slab_size(slab) / s->size);
	if (slab->objects > maxobj) {
		slab_err(s, slab, "objects %u > max %u", slab->objects, maxobj);
		return 0;
	}
	if (slab->inuse > slab->objects) {
		slab_err(s, slab, "inuse %u > max %u", slab->inuse, slab->objects);
		return 0;
	}
	if (slab->frozen) {
		slab_err(s, slab, "Slab disabled since SLUB metadata consistency check failed");
		return 0;
	}
	slab_pad_check(s, slab);
	return 1;
}

/**
 * on_freelist - whether @search is on @slab's free list; repairs the list
 *	and the counts on the way, as 6.12 does
 * @s: the cache
 * @slab: the slab (list_lock held)
 * @search: the object, or NULL to check the whole list
 *
 * Return: 1 if found (for NULL: if the list was sound), else 0.
 */
int on_freelist(struct kmem_cache *s, struct slab *slab, void *search)
{
	unsigned int max_objects = (unsigned int)(slab_size(slab) / s->size);
	void *fp = slab->freelist, *object = NULL;
	int nr = 0;

	while (fp && nr <= (int)slab->objects) {
		if (fp == search)
			return 1;
		if (!check_valid_pointer(s, slab, fp)) {
			if (object) {
				object_err(s, slab, object, "Freechain corrupt");
				slub_set_freepointer(s, object, NULL);
			} else {
				slab_err(s, slab, "Freepointer corrupt");
				slab->freelist = NULL;
				slab->inuse = slab->objects;
				slab_fix(s, "Freelist cleared");
				return 0;
			}
			break;
		}
		object = fp;
		fp = slub_get_freepointer(s, object);
		nr++;
	}
	if (max_objects > MAX_OBJS_PER_PAGE)
		max_objects = MAX_OBJS_PER_PAGE;
	if (slab->objects != max_objects) {
		slab_err(s, slab, "Wrong number of objects. Found %d but should be %d",
			 slab->objects, max_objects);
		slab->objects = max_objects;
		slab_fix(s, "Number of objects adjusted");
	}
	if (slab->inuse != slab->objects - nr) {
		slab_err(s, slab, "Wrong object count. Counter is %d but counted were %d",
			 slab->inuse, slab->objects - nr);
		slab->inuse = slab->objects - nr;
		slab_fix(s, "Object count adjusted");
	}
	return search == NULL;
}

/* Whether @object is on @slab's free list, read only (list_lock held). */
bool slab_object_on_freelist_quiet(struct kmem_cache *s, struct slab *slab, void *object)
{
	unsigned int nr = 0;

	for (void *fp = slab->freelist; fp && nr <= slab->objects; nr++) {
		if (fp == object)
			return true;
		if (!check_valid_pointer(s, slab, fp))
			return false;
		fp = slub_get_freepointer(s, fp);
	}
	return false;
}

static void trace(struct kmem_cache *s, struct slab *slab, void *object, int alloc)
{
	if (!(s->flags & SLAB_TRACE))
		return;
	pr_info("TRACE %s %s 0x%p inuse=%d fp=0x%p\n", s->name, alloc ? "alloc" : "free", object,
		slab->inuse, slab->freelist);
	if (!alloc)
		print_section(KERN_INFO, "Object ", object, s->object_size);
	dump_stack();
}

/* ---- objects held back by reports ------------------------------------------ */

/*
 * Objects a report kept from being freed (corrupt objects "not freed"):
 * still allocated, never handed out again unless their owner frees them
 * once more.  A small table; beyond it they are only counted.
 */
#define HELD_BACK_MAX 1024
static DEFINE_SPINLOCK(held_back_lock);
static void *held_back[HELD_BACK_MAX];
static unsigned int nr_held_back;
static unsigned long held_back_overflow;
static unsigned long last_held_back_objects;

static void note_not_freed(void *object)
{
	spin_lock(&held_back_lock);
	for (unsigned int i = 0; i < nr_held_back; i++)
		if (held_back[i] == object)
			goto out;
	if (nr_held_back < HELD_BACK_MAX)
		held_back[nr_held_back++] = object;
	else
		held_back_overflow++;
out:
	spin_unlock(&held_back_lock);
}

static void note_freed(void *object)
{
	if (likely(!__atomic_load_n(&nr_held_back, __ATOMIC_RELAXED)))
		return;
	spin_lock(&held_back_lock);
	for (unsigned int i = 0; i < nr_held_back; i++)
		if (held_back[i] == object) {
			held_back[i] = held_back[--nr_held_back];
			break;
		}
	spin_unlock(&held_back_lock);
}

/* ---- alloc and free processing ------------------------------------------- */

static int alloc_consistency_checks(struct kmem_cache *s, struct slab *slab, void *object)
{
	if (!check_slab(s, slab))
		return 0;
	if (!check_valid_pointer(s, slab, object)) {
		object_err(s, slab, object, "Freelist Pointer check fails");
		return 0;
	}
	if (!check_object(s, slab, object, SLUB_RED_INACTIVE))
		return 0;
	return 1;
}

/**
 * alloc_debug_processing - checks and bookkeeping for an object a debug
 *	cache is about to hand out
 * @s: the cache
 * @slab: its slab (list_lock held, or the slab not yet on a list)
 * @object: the object taken off the slab's free list
 * @orig_size: the size asked for
 *
 * On a failed consistency check the slab is disabled: all its objects
 * count as used, its free list is dropped, and it is marked frozen, which
 * no debug slab otherwise is.
 *
 * Return: true if @object may be handed out.
 */
noinline bool alloc_debug_processing(struct kmem_cache *s, struct slab *slab, void *object,
				     int orig_size)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!alloc_consistency_checks(s, slab, object))
			goto bad;
	} else if (!check_valid_pointer(s, slab, object)) {
		/* ukmem: never hand out what is not an object of this slab */
		object_err(s, slab, object, "Freelist Pointer check fails");
		goto bad;
	}
	trace(s, slab, object, 1);
	set_orig_size(s, object, (unsigned long)orig_size);
	init_object(s, object, SLUB_RED_ACTIVE);
	return true;
bad:
	if (PageSlab(slab_page(slab))) {
		slab_fix(s, "Marking all objects used");
		slab->inuse = slab->objects;
		slab->freelist = NULL;
		slab->frozen = 1;
	}
	return false;
}

static int free_consistency_checks(struct kmem_cache *s, struct slab *slab, void *object)
{
	if (!check_valid_pointer(s, slab, object)) {
		slab_err(s, slab, "Invalid object pointer 0x%p", object);
		return 0;
	}
	if (on_freelist(s, slab, object)) {
		object_err(s, slab, object, "Object already free");
		return 0;
	}
	if (!check_object(s, slab, object, SLUB_RED_ACTIVE)) {
		note_not_freed(object);
		return 0;
	}
	if (unlikely(s != slab->slab_cache)) {
		if (!PageSlab(slab_page(slab)))
			slab_err(s, slab, "Attempt to free object(0x%p) outside of slab", object);
		else if (!slab->slab_cache)
			slab_err(NULL, slab, "No slab cache for object 0x%p", object);
		else
			object_err(s, slab, object, "page slab pointer corrupt.");
		return 0;
	}
	return 1;
}

/**
 * free_debug_processing - checks and bookkeeping for objects given back to
 *	a debug cache
 * @s: the cache
 * @slab: their slab (list_lock held)
 * @head: the first object
 * @tail: the last (the same for a single free)
 * @bulk_cnt: how many; corrected if the chain says otherwise
 * @addr: the caller
 * @handle: the caller's stack, saved before the lock was taken
 *
 * Return: true if the objects may go on the free list; false if a report
 * refused them ("Object at 0x... not freed").
 */
noinline bool free_debug_processing(struct kmem_cache *s, struct slab *slab, void *head, void *tail,
				    int *bulk_cnt, unsigned long addr, depot_stack_handle_t handle)
{
	bool checks_ok = false;
	void *object = head;
	int cnt = 0;

	/* ukmem: a disabled slab is never freed into, F or not */
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) || slab->frozen) {
		if (!check_slab(s, slab))
			goto out;
	}
	if ((int)slab->inuse < *bulk_cnt) {
		slab_err(s, slab, "Slab has %d allocated objects but %d are to be freed\n",
			 slab->inuse, *bulk_cnt);
		goto out;
	}
next_object:
	if (++cnt > *bulk_cnt)
		goto out_cnt;
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!free_consistency_checks(s, slab, object))
			goto out;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track_update(s, object, TRACK_FREE, addr, handle);
	trace(s, slab, object, 0);
	init_object(s, object, SLUB_RED_INACTIVE);
	note_freed(object);
	if (object != tail) {
		object = slub_get_freepointer(s, object);
		goto next_object;
	}
	checks_ok = true;
out_cnt:
	if (cnt != *bulk_cnt) {
		slab_err(s, slab, "Bulk free expected %d objects but found %d\n", *bulk_cnt, cnt);
		*bulk_cnt = cnt;
	}
out:
	if (!checks_ok)
		slab_fix(s, "Object at 0x%p not freed", object);
	return checks_ok;
}

/**
 * slab_invalid_free - refuse to free a pointer that is not an object start
 * @s: the object's cache
 * @slab: the slab the pointer is in
 * @object: the pointer
 *
 * 6.12's report for it under F ("Invalid object pointer"), given by ukmem
 * for every cache: without F the kernel would put the address on its free
 * list and hand it out later.
 */
void slab_invalid_free(struct kmem_cache *s, struct slab *slab, void *object)
{
	slab_err(s, slab, "Invalid object pointer 0x%p", object);
	slab_fix(s, "Object at 0x%p not freed", object);
}

/* ---- validation ------------------------------------------------------------- */

static unsigned long obj_map[(MAX_OBJS_PER_PAGE + 1) / BITS_PER_LONG + 1];

static void validate_slab(struct kmem_cache *s, struct slab *slab)
{
	char *addr = slab_address(slab);

	if (!check_slab(s, slab) || !on_freelist(s, slab, NULL))
		return;
	memset(obj_map, 0, BITS_TO_LONGS(slab->objects) * sizeof(long));
	for (void *p = slab->freelist; p; p = slub_get_freepointer(s, p)) {
		unsigned long idx =
			(unsigned long)((char *)restore_red_left(s, p) - addr) / s->size;

		obj_map[idx / BITS_PER_LONG] |= 1UL << (idx % BITS_PER_LONG);
	}
	for (unsigned int i = 0; i < slab->objects; i++) {
		void *p = addr + (size_t)i * s->size +
			  ((s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0);
		u8 val = (obj_map[i / BITS_PER_LONG] >> (i % BITS_PER_LONG)) & 1 ? SLUB_RED_INACTIVE
										 : SLUB_RED_ACTIVE;

		if (!check_object(s, slab, p, val))
			break;
	}
}

/**
 * validate_slab_cache_locked - 6.12's validate_slab_cache() for a debug cache
 * @s: the cache; the caller holds every node's list_lock and slab_mutex
 *	(which also guards the object map)
 * @disabled: the cache's disabled slabs, counted by the caller's page walk
 *
 * Checks every slab on the partial lists (and, with user tracking, the
 * full lists): the slab, its free list and counts, every object against
 * its state, repairing as it goes.
 *
 * Return: the errors found, counted as the kernel's KUnit tests count them.
 */
long validate_slab_cache_locked(struct kmem_cache *s, const unsigned long *disabled)
{
	long before = atomic_long_read(&slab_errors);
	struct kmem_cache_node *n;
	int node;

	for_each_kmem_cache_node(s, node, n) {
		unsigned long count = 0;
		struct slab *slab;

		list_for_each_entry(slab, &n->partial, slab_list) {
			validate_slab(s, slab);
			count++;
		}
		if (count != n->nr_partial) {
			pr_err("SLUB %s: %ld partial slabs counted but counter=%ld\n", s->name,
			       (long)count, (long)n->nr_partial);
			slab_add_errors(1);
		}
		if (!(s->flags & SLAB_STORE_USER))
			continue;
		list_for_each_entry(slab, &n->full, slab_list) {
			validate_slab(s, slab);
			count++;
		}
		count += disabled ? disabled[node] : 0;
		if (count != (unsigned long)atomic_long_read(&n->nr_slabs)) {
			pr_err("SLUB: %s %ld slabs counted but counter=%ld\n", s->name, (long)count,
			       atomic_long_read(&n->nr_slabs));
			slab_add_errors(1);
		}
	}
	return atomic_long_read(&slab_errors) - before;
}

/* ---- /sys/kernel/debug/slab/<cache>/alloc_traces, free_traces ------------------ */

/* One call site (and stack, and wasted bytes) and the objects it accounts for. */
struct location {
	depot_stack_handle_t handle;
	unsigned long count;
	unsigned long addr;
	unsigned long waste;
	long long sum_time;
	long min_time;
	long max_time;
	long min_pid;
	long max_pid;
	u64 cpus; /* the first 64 CPUs */
	u64 nodes;
};

struct loc_track {
	unsigned long max;
	unsigned long count;
	struct location *loc;
	size_t bytes;
};

static void add_location(struct loc_track *t, struct kmem_cache *s, const struct track *track,
			 unsigned int orig_size, int nid)
{
	long age = (long)(jiffies - track->when);
	unsigned long waste = s->object_size - orig_size;
	depot_stack_handle_t handle = track->handle;
	long start = -1, end = (long)t->count, pos;
	struct location *l;

	/* binary search on (addr, handle, waste), as 6.12 keeps the array */
	for (;;) {
		pos = start + (end - start + 1) / 2;
		if (pos == end)
			break;
		l = &t->loc[pos];
		if (track->addr == l->addr && handle == l->handle && waste == l->waste) {
			l->count++;
			if (track->when) {
				l->sum_time += age;
				l->min_time = min(l->min_time, age);
				l->max_time = max(l->max_time, age);
				l->min_pid = min(l->min_pid, (long)track->pid);
				l->max_pid = max(l->max_pid, (long)track->pid);
				if (track->cpu < 64)
					l->cpus |= 1ULL << track->cpu;
			}
			l->nodes |= 1ULL << (nid & 63);
			return;
		}
		if (track->addr < l->addr ||
		    (track->addr == l->addr &&
		     (handle < l->handle || (handle == l->handle && waste < l->waste))))
			end = pos;
		else
			start = pos;
	}
	if (t->count >= t->max)
		return; /* the array is sized for every object: cannot happen */
	l = t->loc + pos;
	if ((unsigned long)pos < t->count)
		memmove(l + 1, l, (t->count - (unsigned long)pos) * sizeof(*l));
	t->count++;
	l->count = 1;
	l->addr = track->addr;
	l->sum_time = l->min_time = l->max_time = age;
	l->min_pid = l->max_pid = track->pid;
	l->handle = handle;
	l->waste = waste;
	l->cpus = track->cpu < 64 ? 1ULL << track->cpu : 0;
	l->nodes = 1ULL << (nid & 63);
}

static void process_slab(struct loc_track *t, struct kmem_cache *s, struct slab *slab,
			 enum track_item alloc)
{
	char *addr = slab_address(slab);

	memset(obj_map, 0, BITS_TO_LONGS(slab->objects) * sizeof(long));
	for (void *p = slab->freelist; p; p = slub_get_freepointer(s, p)) {
		unsigned long idx;

		if (!check_valid_pointer(s, slab, p))
			break;
		idx = (unsigned long)((char *)restore_red_left(s, p) - addr) / s->size;
		obj_map[idx / BITS_PER_LONG] |= 1UL << (idx % BITS_PER_LONG);
	}
	for (unsigned int i = 0; i < slab->objects; i++) {
		void *p = addr + (size_t)i * s->size +
			  ((s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0);

		if ((obj_map[i / BITS_PER_LONG] >> (i % BITS_PER_LONG)) & 1)
			continue;
		add_location(t, s, get_track(s, p, alloc),
			     alloc == TRACK_ALLOC ? (unsigned int)get_orig_size(s, p)
						  : s->object_size,
			     slab_nid(slab));
	}
}

/* %*pbl of a 64-bit mask: "0-1,4" */
static void seq_bitmap_list(struct seq_file *m, u64 mask)
{
	bool first = true;

	for (int i = 0; i < 64; i++) {
		int j = i;

		if (!(mask >> i & 1))
			continue;
		while (j + 1 < 64 && (mask >> (j + 1) & 1))
			j++;
		if (j > i)
			seq_printf(m, "%s%d-%d", first ? "" : ",", i, j);
		else
			seq_printf(m, "%s%d", first ? "" : ",", i);
		first = false;
		i = j;
	}
}

static bool cache_alive(const struct kmem_cache *s)
{
	const struct kmem_cache *t;

	list_for_each_entry(t, &slab_caches, list)
		if (t == s)
			return true;
	return false;
}

static int slab_debugfs_show(struct seq_file *m, enum track_item alloc)
{
	struct kmem_cache *s = m->private;
	struct kmem_cache_node *n;
	struct loc_track t = {0};
	unsigned long objects = 0;
	int node;

	mutex_lock(&slab_mutex);
	if (!cache_alive(s)) {
		mutex_unlock(&slab_mutex);
		return -ENOENT;
	}
	for_each_kmem_cache_node(s, node, n)
		objects += (unsigned long)atomic_long_read(&n->total_objects);
	t.max = objects + 1;
	t.bytes = PAGE_ALIGN(t.max * sizeof(struct location));
	t.loc = plat_map_anon(t.bytes); /* host memory: reading changes nothing */
	if (!t.loc) {
		mutex_unlock(&slab_mutex);
		return -ENOMEM;
	}
	for_each_kmem_cache_node(s, node, n) {
		struct slab *slab;

		if (!atomic_long_read(&n->nr_slabs))
			continue;
		spin_lock(&n->list_lock);
		list_for_each_entry(slab, &n->partial, slab_list)
			process_slab(&t, s, slab, alloc);
		list_for_each_entry(slab, &n->full, slab_list)
			process_slab(&t, s, slab, alloc);
		spin_unlock(&n->list_lock);
	}
	mutex_unlock(&slab_mutex);

	/* most objects first (insertion sort: the lists are short) */
	for (unsigned long i = 1; i < t.count; i++) {
		struct location key = t.loc[i];
		unsigned long j = i;

		while (j > 0 && t.loc[j - 1].count < key.count) {
			t.loc[j] = t.loc[j - 1];
			j--;
		}
		t.loc[j] = key;
	}
	for (unsigned long i = 0; i < t.count; i++) {
		struct location *l = &t.loc[i];
		unsigned long *entries;
		unsigned int nr;

		seq_printf(m, "%7ld ", (long)l->count);
		if (l->addr)
			seq_printf(m, "%pS", (void *)l->addr);
		else
			seq_puts(m, "<not-available>");
		if (l->waste)
			seq_printf(m, " waste=%lu/%lu", l->count * l->waste, l->waste);
		if (l->sum_time != l->min_time)
			seq_printf(m, " age=%ld/%llu/%ld", l->min_time,
				   (unsigned long long)l->sum_time / l->count, l->max_time);
		else
			seq_printf(m, " age=%ld", l->min_time);
		if (l->min_pid != l->max_pid)
			seq_printf(m, " pid=%ld-%ld", l->min_pid, l->max_pid);
		else
			seq_printf(m, " pid=%ld", l->min_pid);
		if (nr_cpu_ids > 1 && l->cpus) {
			seq_puts(m, " cpus=");
			seq_bitmap_list(m, l->cpus);
		}
		if (nr_online_nodes > 1 && l->nodes) {
			seq_puts(m, " nodes=");
			seq_bitmap_list(m, l->nodes);
		}
		nr = stack_depot_fetch(l->handle, &entries);
		if (nr) {
			seq_puts(m, "\n");
			for (unsigned int j = 0; j < nr; j++)
				seq_printf(m, "        %pS\n", (void *)entries[j]);
		}
		seq_puts(m, "\n");
	}
	if (!t.count)
		seq_puts(m, "No data\n");
	plat_unmap_anon(t.loc, t.bytes);
	return 0;
}

static int slab_alloc_traces_show(struct seq_file *m)
{
	return slab_debugfs_show(m, TRACK_ALLOC);
}

static int slab_free_traces_show(struct seq_file *m)
{
	return slab_debugfs_show(m, TRACK_FREE);
}

#define SLAB_DEBUGFS_DIR "/sys/kernel/debug/slab/"

/**
 * slab_debugfs_add - /sys/kernel/debug/slab/<cache>/{alloc,free}_traces
 * @s: a cache; only a SLAB_STORE_USER cache gets the directory (6.12)
 *
 * Each file lists the call sites of the cache's objects in use, most
 * objects first, with their stacks, as 6.12's slab_debugfs_show().
 */
void slab_debugfs_add(struct kmem_cache *s)
{
	char path[UKMEM_PROC_PATH_MAX];

	if (!(s->flags & SLAB_STORE_USER))
		return;
	if (ukmem_snprintf(path, sizeof(path), SLAB_DEBUGFS_DIR "%s/alloc_traces", s->name) <
	    (int)sizeof(path))
		ukmem_proc_register_data(path, slab_alloc_traces_show, NULL, s);
	if (ukmem_snprintf(path, sizeof(path), SLAB_DEBUGFS_DIR "%s/free_traces", s->name) <
	    (int)sizeof(path))
		ukmem_proc_register_data(path, slab_free_traces_show, NULL, s);
}

/* The directory goes with its cache (debugfs_slab_release). */
void slab_debugfs_remove(struct kmem_cache *s)
{
	char path[UKMEM_PROC_PATH_MAX];

	if (!(s->flags & SLAB_STORE_USER))
		return;
	if (ukmem_snprintf(path, sizeof(path), SLAB_DEBUGFS_DIR "%s/alloc_traces", s->name) <
	    (int)sizeof(path))
		ukmem_proc_unregister(path);
	if (ukmem_snprintf(path, sizeof(path), SLAB_DEBUGFS_DIR "%s/free_traces", s->name) <
	    (int)sizeof(path))
		ukmem_proc_unregister(path);
}

/* ---- counters --------------------------------------------------------------- */

/**
 * ukmem_slab_debug_errors - slub_debug errors reported since boot
 *
 * Counted as 6.12's slub KUnit tests count them: one per report, one per
 * FIX line.
 *
 * Return: the count.
 */
unsigned long ukmem_slab_debug_errors(void)
{
	return (unsigned long)atomic_long_read(&slab_errors);
}

/**
 * slub_debug_held_back - objects reports keep out of service, at shutdown
 *
 * Every object of a disabled slab, and each object a report refused to
 * free (a corrupt object, "not freed") whose slab is not disabled.  Called
 * by the slab layer's shutdown with the caches quiet; remembered for
 * ukmem_shutdown_held_back_objects().
 *
 * Return: the count.
 */
unsigned long slub_debug_held_back(void)
{
	unsigned long n = held_back_overflow;

	for (unsigned long pfn = ukmem_m.min_pfn; pfn < ukmem_max_pfn; pfn++) {
		struct page *page;
		struct slab *slab;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (!PageSlab(page) || PageTail(page) || ukmem_kfence_pfn(pfn))
			continue;
		slab = page_slab(page);
		if (slub_debug_in_disabled_slab(slab_address(slab)))
			n += slab->objects;
		pfn += (1UL << slab_order(slab)) - 1;
	}
	for (unsigned int i = 0; i < nr_held_back; i++) {
		struct slab *slab = virt_to_slab(held_back[i]);

		if (slab && !slab->frozen)
			n++;
	}
	last_held_back_objects = n;
	nr_held_back = 0;
	held_back_overflow = 0;
	return n;
}

/**
 * ukmem_shutdown_held_back_objects - slab objects held back by slub_debug
 *	reports at the last shutdown
 *
 * Return: the count (not included in ukmem_shutdown_leaked_objects()).
 */
unsigned long ukmem_shutdown_held_back_objects(void)
{
	return last_held_back_objects;
}

/* Whether @object lies in a slab slub_debug disabled (never freed into again). */
bool slub_debug_in_disabled_slab(const void *object)
{
	struct slab *slab = virt_to_slab(object);

	return slab && slab->slab_cache && (slab->slab_cache->flags & SLAB_DEBUG_FLAGS) &&
	       slab->frozen;
}

/* fork(): take slub_debug's locks (inside every slab lock), and give them back. */
void slub_debug_fork_prepare(void)
{
	ukmem_stack_depot_fork_prepare();
	spin_lock(&held_back_lock);
}

void slub_debug_fork_release(void)
{
	spin_unlock(&held_back_lock);
	ukmem_stack_depot_fork_release();
}

/* A new boot: nothing held back, no errors yet. */
void slub_debug_reset(void)
{
	spin_lock(&held_back_lock);
	nr_held_back = 0;
	held_back_overflow = 0;
	spin_unlock(&held_back_lock);
	ukmem_stack_depot_reset();
}
