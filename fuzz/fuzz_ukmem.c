// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz/fuzz_ukmem.c - a libFuzzer target that drives every allocator
 * family of one machine with a byte string and checks each answer against
 * a model.
 *
 * What it owns: one machine per process, booted in LLVMFuzzerInitialize()
 * with "mem=32M ukmem.bug=warn" plus $UKMEM_FUZZ_CMDLINE (for instance
 * "arch=i386 mem=1G" to put kmap_local_page() on real highmem), so that
 * every BUG the allocators raise on a bad input prints its report and
 * refuses the operation instead of ending the process.  32 MiB still has
 * two zones on x86_64 (DMA and DMA32) and room for KMALLOC_MAX_SIZE blocks,
 * and every ukmem_check() walks every page frame: half the frames of the
 * earlier 64 MiB, half the time.  The console is captured through
 * ukmem_set_console() (nothing reaches stderr unless $UKMEM_FUZZ_VERBOSE
 * is set), so each operation's report can be checked; $UKMEM_FUZZ_STATS
 * prints at exit where the time went (per input, per check, per opcode).
 *
 * The algorithm: an input is a sequence of operations, one opcode byte
 * and its argument bytes each (a short input reads zeros past its end).
 * Operations cover the page allocator (alloc_pages of every order up to
 * MAX_PAGE_ORDER + 1, folios, alloc_pages_exact, __get_free_pages,
 * alloc_pages_bulk_array, get_page/put_page, kmap_local_page nesting),
 * the slab layer (kmalloc/kzalloc/kcalloc/krealloc/kfree at sizes from 0
 * past KMALLOC_MAX_SIZE, kmem_cache_create with flag and alignment
 * combinations, kmem_cache_alloc/free/destroy, the bulk calls,
 * kmem_cache_shrink) and vmalloc (vmalloc/vzalloc/vmalloc_32/vmalloc_huge/
 * __vmalloc, vrealloc, vfree, vmap/vunmap, kvmalloc/kvzalloc/kvrealloc/
 * kvfree), and the misuses the earlier issues define as detected and
 * survivable (see docs/ROBUSTNESS.md; each with the report it must print).
 *
 * The model (host memory only, never the machine's): up to NSLOTS live
 * blocks with their kind, address, size and fill seed.  Each block is
 * filled with a pattern that depends on the seed and the byte offset, at
 * sampled offsets (the first and last 16 bytes of each page-sized chunk
 * and every 509th byte), and the pattern is checked at every free, after
 * every realloc (the common prefix) and in the periodic full check.  A
 * new block must not overlap a live one: byte ranges for direct-mapped
 * blocks and for vmalloc-space blocks, and a bitmap of pfns owned by
 * page-granular blocks (pages, folios, vmalloc and vmap backing pages)
 * against which every other block's pages are checked.  Between inputs
 * everything is freed, every cache destroyed, the kmalloc caches shrunk,
 * the pcp lists drained and the lazily freed vmalloc ranges purged; then the slab objects in use (the sum of
 * /proc/slabinfo's active_objs, from get_slabinfo()), the pages in use, the free pages and
 * vmalloc's pages must be back at the baseline taken after the first
 * input.  ukmem_check() runs every CHECK_EVERY operations and at the end
 * of every input.
 *
 * A failed check prints what failed and calls abort(): libFuzzer's own
 * handler (-handle_abrt) saves the input as a crash.  The machine boots
 * with ukmem.oops_handler=1: a real fault on ukmem's memory (a stray
 * pointer, an access past a vmalloc guard) prints 6.12's page-fault oops,
 * then ukmem's handler puts back the one it found (ASan's or libFuzzer's)
 * and the fault repeats under it, so ASan reports it and libFuzzer saves
 * the input; a fault elsewhere goes to that handler directly.  A BUG
 * under the default policy would be a SIGABRT libFuzzer reports too.
 * UKMEM_FUZZ_FAULT_SELFTEST=1 shows the chain (fuzz/oops_chain_test.sh).
 *
 * Left out on purpose: SLAB_TYPESAFE_BY_RCU caches (their destroy waits
 * for a grace period, milliseconds per call), __GFP_NOFAIL (a single thread
 * that exhausts memory would wait for ever), SLAB_PANIC and SLAB_TRACE,
 * and the double free of a slab object that is no longer at the head of
 * its freelist (6.12 without slub_debug does not detect it either).
 *
 * Single-threaded; no locks of its own.
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/kfence.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ukmem/printk.h>
#include <ukmem/ukmem.h>

#include "mm/slab.h"
#include "mm/vmalloc_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NSLOTS 64
#define NCACHES 4
#define CHECK_EVERY 64
#define MAX_OPS 256

/* ---- failing ----------------------------------------------------------- */

static char console[1 << 16];
static size_t console_len;
static bool verbose;

static __attribute__((noreturn, format(printf, 1, 2))) void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_ukmem: CHECK FAILED: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n---- console of the last operation ----\n%.*s----\n", (int)console_len,
		console);
	abort();
}

#define check(cond, ...)                   \
	do {                               \
		if (!(cond))               \
			fail(__VA_ARGS__); \
	} while (0)

/* ---- the console ------------------------------------------------------- */

static void capture(const char *line, size_t len, void *arg)
{
	(void)arg;
	if (verbose)
		fwrite(line, 1, len, stderr);
	if (len > sizeof(console) - 1 - console_len)
		len = sizeof(console) - 1 - console_len;
	memcpy(console + console_len, line, len);
	console_len += len;
	console[console_len] = '\0';
}

static void console_reset(void)
{
	console_len = 0;
	console[0] = '\0';
}

/*
 * A plain search: libFuzzer hooks strstr() and memcmp() to learn
 * comparison operands, which costs a lot on a long console capture.
 */
static bool logged(const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= console_len; i++) {
		size_t j = 0;

		while (j < n && console[i + j] == needle[j])
			j++;
		if (j == n)
			return true;
	}
	return false;
}

/*
 * Reports a valid operation must never print.  Allocation failures print
 * their own reports (page allocation failure, the OOM report, vmalloc
 * error, SLUB's OOM lines), which are not listed here.
 */
static void expect_quiet(const char *what)
{
	check(!logged("kernel BUG at") && !logged("BUG: Bad page state") &&
		      !logged("WARNING: CPU:") && !logged("BUG "),
	      "%s printed a report", what);
}

/*
 * A report limited to @limit per minute (bad_page(): 60) must appear
 * while fewer than @limit were asked for in this process: no window can
 * have suppressed it yet.  Later ones may be suppressed.
 */
static void expect_limited(const char *needle, unsigned long *count, unsigned long limit,
			   const char *what)
{
	if (++*count <= limit)
		check(logged(needle), "%s: no \"%s\" in the report", what, needle);
}

/* ---- the input --------------------------------------------------------- */

struct input {
	const uint8_t *d;
	size_t n, i;
};

static unsigned int get8(struct input *in)
{
	return in->i < in->n ? in->d[in->i++] : 0;
}

static unsigned int get16(struct input *in)
{
	return get8(in) | get8(in) << 8;
}

static unsigned int get32(struct input *in)
{
	return get16(in) | (unsigned int)get16(in) << 16;
}

/* A byte size: mostly small, the class edges, and past KMALLOC_MAX_SIZE. */
static size_t pick_size(struct input *in, size_t max_big)
{
	static const size_t edges[] = {0,    1,	   8,	 9,    96,   97,    192,   193,
				       4095, 4096, 4097, 8192, 8193, 16384, 65536, 131072};
	unsigned int b = get8(in);
	size_t v;

	switch (b >> 5) {
	case 0:
		return get8(in) % 17;
	case 1:
		return get16(in) % 257;
	case 2:
		return get16(in) % 4097;
	case 3:
		return get16(in) % 16385;
	case 4:
		v = get32(in) % (256 * 1024 + 1);
		return v;
	case 5:
		/* around KMALLOC_MAX_SIZE, and further only when asked */
		v = KMALLOC_MAX_SIZE - 2 + get8(in) % 5;
		return v <= max_big ? v : max_big;
	case 6:
		return edges[b % (sizeof(edges) / sizeof(edges[0]))];
	default:
		return get8(in) % 65;
	}
}

static const gfp_t page_gfps[] = {
	GFP_KERNEL,
	GFP_KERNEL | __GFP_ZERO,
	GFP_ATOMIC,
	GFP_NOWAIT,
	GFP_KERNEL | GFP_DMA,
	GFP_KERNEL | GFP_DMA32,
	GFP_HIGHUSER,
	GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_COMP,
	GFP_KERNEL | __GFP_NORETRY,
	GFP_KERNEL | __GFP_RETRY_MAYFAIL,
	GFP_USER,
	GFP_NOIO,
	GFP_NOFS,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_HIGHUSER | __GFP_COMP | __GFP_ZERO,
};

static const gfp_t slab_gfps[] = {
	GFP_KERNEL,
	GFP_KERNEL | __GFP_ZERO,
	GFP_ATOMIC,
	GFP_NOWAIT,
	GFP_KERNEL_ACCOUNT,
	GFP_KERNEL | GFP_DMA,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_NOFS,
};

static gfp_t pick(struct input *in, const gfp_t *tab, size_t n)
{
	unsigned int b = get8(in);
	gfp_t gfp = tab[b % n];

	if (b & 0x80)
		gfp |= __GFP_NOWARN;
	return gfp;
}

#define PICK(in, tab) pick(in, tab, sizeof(tab) / sizeof(tab[0]))

/* ---- the model --------------------------------------------------------- */

enum kind {
	K_NONE,
	K_PAGES, /* alloc_pages: page, order */
	K_FOLIO, /* folio_alloc: page, order (compound) */
	K_EXACT, /* alloc_pages_exact: addr, size */
	K_KMALLOC, /* kmalloc family: addr, size */
	K_CACHE, /* kmem_cache_alloc: addr, size, cache */
	K_VMALLOC, /* vmalloc family: addr, size */
	K_VMAP, /* vmap of pages[nr]: addr */
	K_KVMALLOC /* kvmalloc family: addr, size */
};

struct blk {
	enum kind kind;
	void *addr;
	struct page *page;
	size_t size;
	unsigned int order;
	int cache;
	uint8_t seed;
	bool comp;
	struct page **pages;
	unsigned int nr;
};

struct fcache {
	struct kmem_cache *s;
	unsigned int size, align;
	slab_flags_t flags;
	bool debug, leaked;
	unsigned long live;
	unsigned int gen; /* bumped when a cache of this slot leaks: names stay unique */
	char name[24];
};

/* Caches destroyed with live objects stay, as in 6.12; shrunk at each settle. */
#define MAX_LEAKED 16
static struct kmem_cache *leaked_caches[MAX_LEAKED];
static unsigned int nr_leaked;
static bool leaked_this_input;

static struct blk slots[NSLOTS];
static struct fcache caches[NCACHES];
static uint8_t *pfn_owned; /* one byte a pfn: owned by a page-granular block */
static unsigned long pfn_base, pfn_span;
static bool highmem_arch;

/* expectations that hold once per boot (WARN_ON_ONCE) or per rate limit */
static unsigned long bad_page_reports;
/* the WARN_ON_ONCE of an order past MAX_PAGE_ORDER, kmalloc's too */
static unsigned long warned_once_order;

static void expect_once(unsigned long *count, gfp_t gfp, const char *what);

static unsigned long nr_ops, nr_inputs;

/* ---- where the time goes ($UKMEM_FUZZ_STATS) ------------------------------ */

static bool stats;
static unsigned long nr_checks;
static uint64_t check_ns, settle_ns, input_ns;
static uint64_t op_ns[20];
static unsigned long op_count[20];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ukmem_check(), counted and timed. */
static int full_check(void)
{
	uint64_t t0 = stats ? now_ns() : 0;
	int errors = ukmem_check();

	nr_checks++;
	if (stats)
		check_ns += now_ns() - t0;
	return errors;
}

static void print_stats(void)
{
	if (!nr_inputs)
		return;
	fprintf(stderr,
		"fuzz_ukmem: %lu inputs, %lu operations, %lu ukmem_check() calls (%.1f us each); "
		"per input: %.1f us in all, %.1f us in checks, %.1f us settling and counting\n",
		nr_inputs, nr_ops, nr_checks, nr_checks ? check_ns / 1e3 / nr_checks : 0.0,
		input_ns / 1e3 / nr_inputs, check_ns / 1e3 / nr_inputs,
		settle_ns / 1e3 / nr_inputs);
	for (int i = 0; i < 20; i++)
		if (op_count[i])
			fprintf(stderr,
				"fuzz_ukmem: opcode %2d: %lu calls, %.1f us each, %.1f us per input\n",
				i, op_count[i], op_ns[i] / 1e3 / op_count[i],
				op_ns[i] / 1e3 / nr_inputs);
}

static uint8_t pattern(uint8_t seed, size_t off)
{
	return (uint8_t)(seed * 131u + off * 7u + (off >> 9));
}

enum touch {
	T_FILL,
	T_CHECK,
	T_ZERO
};

/*
 * Visit the sampled offsets of the chunk [@base, @base + @len) that sits
 * at offset @off0 of its block, below @limit (block offsets).
 */
static void touch_chunk(uint8_t *base, size_t off0, size_t len, size_t limit, uint8_t seed,
			enum touch t, const char *what)
{
	for (size_t o = 0; o < len;
	     o = (o < 15 || o + 16 >= len) ? o + 1 : (o + 509 < len - 16 ? o + 509 : len - 16)) {
		size_t off = off0 + o;

		if (off >= limit)
			break;
		switch (t) {
		case T_FILL:
			base[o] = pattern(seed, off);
			break;
		case T_CHECK:
			check(base[o] == pattern(seed, off),
			      "%s: byte %zu of a live block is %#x, not %#x", what, off, base[o],
			      pattern(seed, off));
			break;
		case T_ZERO:
			check(base[o] == 0, "%s: byte %zu of a zeroed block is %#x", what, off,
			      base[o]);
			break;
		}
	}
}

/* Visit a run of pages through kmap_local_page() (highmem included). */
static void touch_pages(struct page *page, unsigned long nr, size_t limit, uint8_t seed,
			enum touch t, const char *what)
{
	for (unsigned long i = 0; i < nr; i++) {
		uint8_t *a = kmap_local_page(page + i);

		check(a, "%s: kmap_local_page returned NULL", what);
		touch_chunk(a, i * PAGE_SIZE, PAGE_SIZE, limit, seed, t, what);
		kunmap_local(a);
	}
}

static const char *const kind_names[] = {"none",  "pages",   "folio", "exact",	 "kmalloc",
					 "cache", "vmalloc", "vmap",  "kvmalloc"};

static void touch_blk(struct blk *b, size_t limit, enum touch t, const char *what0)
{
	char what[160];

	snprintf(what, sizeof(what), "%s (%s block %p, page %p, size %zu, order %u)", what0,
		 kind_names[b->kind], b->addr, (void *)b->page, b->size, b->order);

	switch (b->kind) {
	case K_PAGES:
	case K_FOLIO:
		touch_pages(b->page, 1UL << b->order, limit, b->seed, t, what);
		break;
	case K_VMAP:
		/* write through the vmap alias, read back through each page's own mapping */
		for (unsigned int i = 0; i < b->nr; i++) {
			uint8_t *a = (uint8_t *)b->addr + i * PAGE_SIZE;

			if (t != T_FILL)
				a = kmap_local_page(b->pages[i]);
			touch_chunk(a, i * PAGE_SIZE, PAGE_SIZE, limit, b->seed, t, what);
			if (t != T_FILL)
				kunmap_local(a);
		}
		break;
	case K_NONE:
		break;
	default:
		if (b->size)
			touch_chunk(b->addr, 0, b->size, limit, b->seed, t, what);
		break;
	}
}

static bool in_vmalloc_space(const struct blk *b)
{
	return b->kind == K_VMALLOC || b->kind == K_VMAP ||
	       (b->kind == K_KVMALLOC && is_vmalloc_addr(b->addr));
}

static bool page_granular(const struct blk *b)
{
	return b->kind == K_PAGES || b->kind == K_FOLIO || b->kind == K_EXACT;
}

/* The pfn of every page a block's bytes live on, one call each. */
static void for_each_pfn(const struct blk *b, void (*fn)(unsigned long pfn, int arg), int arg)
{
	switch (b->kind) {
	case K_PAGES:
	case K_FOLIO:
		for (unsigned long i = 0; i < 1UL << b->order; i++)
			fn(page_to_pfn(b->page) + i, arg);
		break;
	case K_VMAP:
		for (unsigned int i = 0; i < b->nr; i++)
			fn(page_to_pfn(b->pages[i]), arg);
		break;
	default:
		if (!b->size || b->kind == K_NONE)
			break;
		if (in_vmalloc_space(b)) {
			for (size_t o = 0; o < b->size; o += PAGE_SIZE)
				fn(vmalloc_to_pfn((uint8_t *)b->addr + o), arg);
		} else {
			unsigned long first = __pa(b->addr) >> PAGE_SHIFT;
			unsigned long last = __pa((uint8_t *)b->addr + b->size - 1) >> PAGE_SHIFT;

			for (unsigned long p = first; p <= last; p++)
				fn(p, arg);
		}
		break;
	}
}

static void pfn_claim(unsigned long pfn, int arg)
{
	(void)arg;
	check(pfn >= pfn_base && pfn - pfn_base < pfn_span, "pfn %#lx outside the machine", pfn);
	check(!pfn_owned[pfn - pfn_base], "pfn %#lx handed out twice", pfn);
	pfn_owned[pfn - pfn_base] = 1;
}

static void pfn_release(unsigned long pfn, int arg)
{
	(void)arg;
	check(pfn_owned[pfn - pfn_base], "pfn %#lx released but not owned", pfn);
	pfn_owned[pfn - pfn_base] = 0;
}

static void pfn_not_owned(unsigned long pfn, int arg)
{
	(void)arg;
	check(pfn >= pfn_base && pfn - pfn_base < pfn_span, "pfn %#lx outside the machine", pfn);
	check(!pfn_owned[pfn - pfn_base],
	      "slot %d's bytes lie on pfn %#lx, which a live page block owns", arg, pfn);
}

/* Whether a block's pages are owned in the pfn bitmap (each page once). */
static bool owns_pfns(const struct blk *b)
{
	return page_granular(b) || b->kind == K_VMAP || in_vmalloc_space(b);
}

static void byte_range(const struct blk *b, uintptr_t *lo, uintptr_t *hi)
{
	*lo = (uintptr_t)b->addr;
	*hi = *lo + b->size;
	if (b->kind == K_PAGES || b->kind == K_FOLIO) {
		*lo = page_to_pfn(b->page) << PAGE_SHIFT;
		*hi = *lo + (PAGE_SIZE << b->order);
	}
}

/*
 * A new block in slot @s: it must not overlap a live block; its pages
 * become owned (page-granular) or must not be owned (objects); then it is
 * filled.  @zeroed: its contents must read as zero first.
 */
static void add_blk(int s, bool zeroed, const char *what)
{
	struct blk *b = &slots[s];
	uintptr_t lo, hi;

	b->seed = (uint8_t)(nr_ops * 37 + (unsigned long)s);
	if (b->kind != K_PAGES && b->kind != K_FOLIO && b->size && b->addr != ZERO_SIZE_PTR) {
		byte_range(b, &lo, &hi);
		for (int i = 0; i < NSLOTS; i++) {
			struct blk *o = &slots[i];
			uintptr_t olo, ohi;

			if (i == s || o->kind == K_NONE || o->kind == K_PAGES ||
			    o->kind == K_FOLIO || !o->size || o->addr == ZERO_SIZE_PTR)
				continue;
			if (in_vmalloc_space(o) != in_vmalloc_space(b))
				continue;
			byte_range(o, &olo, &ohi);
			check(hi <= olo || ohi <= lo,
			      "%s: [%#lx, %#lx) overlaps slot %d's [%#lx, %#lx)", what,
			      (unsigned long)lo, (unsigned long)hi, i, (unsigned long)olo,
			      (unsigned long)ohi);
		}
	}
	if (owns_pfns(b))
		for_each_pfn(b, pfn_claim, s);
	else if (b->size && b->addr != ZERO_SIZE_PTR)
		for_each_pfn(b, pfn_not_owned, s);
	if (zeroed)
		touch_blk(b, SIZE_MAX, T_ZERO, what);
	touch_blk(b, SIZE_MAX, T_FILL, what);
}

/* The block in slot @s leaves the model (its contents checked first). */
static void drop_blk(int s, const char *what)
{
	struct blk *b = &slots[s];

	touch_blk(b, SIZE_MAX, T_CHECK, what);
	if (owns_pfns(b))
		for_each_pfn(b, pfn_release, s);
	memset(b, 0, sizeof(*b)); /* a vmap's page array is the caller's to free */
}

static int free_slot_index(struct input *in)
{
	unsigned int start = get8(in) % NSLOTS;

	for (unsigned int i = 0; i < NSLOTS; i++)
		if (slots[(start + i) % NSLOTS].kind == K_NONE)
			return (int)((start + i) % NSLOTS);
	return -1;
}

static int live_slot_index(struct input *in, enum kind want)
{
	unsigned int start = get8(in) % NSLOTS;

	for (unsigned int i = 0; i < NSLOTS; i++) {
		struct blk *b = &slots[(start + i) % NSLOTS];

		if (b->kind != K_NONE && (want == K_NONE || b->kind == want))
			return (int)((start + i) % NSLOTS);
	}
	return -1;
}

/* Free slot @s the way its kind is freed; @how varies the entry point. */
static void free_blk(int s, unsigned int how)
{
	struct blk b = slots[s];

	drop_blk(s, "free");
	console_reset();
	switch (b.kind) {
	case K_PAGES:
		if (how % 3 == 1 && !PageHighMem(b.page))
			free_pages((unsigned long)page_address(b.page), b.order);
		else if (how % 3 == 2 && (b.order == 0 || b.comp))
			put_page(b.page);
		else
			__free_pages(b.page, b.order);
		break;
	case K_FOLIO:
		folio_put(page_folio(b.page));
		break;
	case K_EXACT:
		free_pages_exact(b.addr, b.size);
		break;
	case K_KMALLOC:
		if (how & 1)
			kfree(b.addr);
		else
			kfree_sensitive(b.addr);
		break;
	case K_CACHE:
		kmem_cache_free(caches[b.cache].s, b.addr);
		caches[b.cache].live--;
		break;
	case K_VMALLOC:
		vfree(b.addr);
		break;
	case K_VMAP:
		vunmap(b.addr);
		for (unsigned int i = 0; i < b.nr; i++)
			__free_page(b.pages[i]);
		free(b.pages);
		break;
	case K_KVMALLOC:
		kvfree(b.addr);
		break;
	case K_NONE:
		break;
	}
	expect_quiet("a free");
}

static void free_everything(void)
{
	for (int s = 0; s < NSLOTS; s++)
		if (slots[s].kind != K_NONE)
			free_blk(s, (unsigned int)s);
}

/* ---- operations -------------------------------------------------------- */

static void op_alloc_pages(struct input *in)
{
	gfp_t gfp = PICK(in, page_gfps);
	unsigned int order = get8(in) % (MAX_PAGE_ORDER + 2);
	int s = free_slot_index(in);
	struct page *p;

	/* big orders are rare: each takes a 4 MiB block of a 64 MiB machine */
	if (order > 4 && (get8(in) & 3))
		order = order % 5;
	if (s < 0)
		return;
	console_reset();
	p = alloc_pages(gfp, order);
	if (order > MAX_PAGE_ORDER) {
		check(!p, "alloc_pages(order %u) succeeded", order);
		expect_once(&warned_once_order, gfp, "alloc_pages past MAX_PAGE_ORDER");
		return;
	}
	if (!p)
		return;
	expect_quiet("alloc_pages");
	check(page_ref_count(p) == 1, "a new page has refcount %d", page_ref_count(p));
	if (!(gfp & __GFP_HIGHMEM))
		check(!PageHighMem(p), "a highmem page for gfp %#x", (unsigned int)gfp);
	slots[s] = (struct blk){.kind = K_PAGES,
				.page = p,
				.order = order,
				.comp = (gfp & __GFP_COMP) && order, /* order 0: never compound */
				.size = PAGE_SIZE << order};
	add_blk(s, !!(gfp & __GFP_ZERO), "alloc_pages");
}

static void op_folio(struct input *in)
{
	gfp_t gfp = PICK(in, page_gfps) & ~__GFP_COMP;
	unsigned int order = get8(in) % 6;
	int s = free_slot_index(in);
	struct folio *f;

	if (s < 0)
		return;
	console_reset();
	f = folio_alloc(gfp, order);
	if (!f)
		return;
	expect_quiet("folio_alloc");
	check(folio_order(f) == order, "folio_alloc(order %u) gave order %u", order,
	      folio_order(f));
	check(!order || folio_test_large(f), "an order-%u folio is not large", order);
	/* a reference taken and dropped leaves the folio allocated */
	folio_get(f);
	folio_put(f);
	check(folio_ref_count(f) == 1, "folio refcount %d", folio_ref_count(f));
	slots[s] = (struct blk){.kind = K_FOLIO,
				.page = &f->page,
				.order = order,
				.comp = order > 0, /* an order-0 folio is no compound page */
				.size = PAGE_SIZE << order};
	add_blk(s, !!(gfp & __GFP_ZERO), "folio_alloc");
}

static void op_exact(struct input *in)
{
	unsigned int how = get8(in);
	size_t size = get32(in) % (256 * 1024) + 1;
	int s = free_slot_index(in);
	void *a;

	if (s < 0)
		return;
	console_reset();
	switch (how % 3) {
	case 0:
		a = alloc_pages_exact(size, GFP_KERNEL | ((how & 4) ? __GFP_ZERO : 0));
		break;
	case 1:
		size = PAGE_SIZE << (how / 3 % 4);
		a = (void *)__get_free_pages(GFP_KERNEL | ((how & 4) ? __GFP_ZERO : 0),
					     how / 3 % 4);
		break;
	default:
		size = PAGE_SIZE;
		a = (void *)get_zeroed_page(GFP_KERNEL);
		how |= 4;
		break;
	}
	if (!a)
		return;
	expect_quiet("alloc_pages_exact");
	check(((uintptr_t)a & (PAGE_SIZE - 1)) == 0, "unaligned page address %p", a);
	if (how % 3 == 0) {
		slots[s] = (struct blk){.kind = K_EXACT, .addr = a, .size = size};
	} else {
		struct page *p = virt_to_page(a);

		slots[s] = (struct blk){.kind = K_PAGES,
					.page = p,
					.order = (unsigned int)__builtin_ctzl(size / PAGE_SIZE),
					.size = size};
	}
	add_blk(s, !!(how & 4), "alloc_pages_exact");
}

static void op_bulk_pages(struct input *in)
{
	gfp_t gfp = GFP_KERNEL | (get8(in) & 1 ? __GFP_ZERO : 0);
	unsigned int nr = get8(in) % 16 + 1;
	struct page *arr[16] = {0};
	unsigned long got;

	console_reset();
	got = alloc_pages_bulk_array(gfp, nr, arr);
	expect_quiet("alloc_pages_bulk_array");
	check(got <= nr, "alloc_pages_bulk_array gave %lu of %u", got, nr);
	for (unsigned int i = 0; i < nr; i++) {
		int s = -1;

		if (!arr[i])
			continue;
		for (int j = 0; j < NSLOTS; j++)
			if (slots[j].kind == K_NONE) {
				s = j;
				break;
			}
		if (s < 0) {
			__free_page(arr[i]);
			continue;
		}
		slots[s] = (struct blk){
			.kind = K_PAGES, .page = arr[i], .order = 0, .size = PAGE_SIZE};
		/* bulk allocation does not zero: only check the fill */
		add_blk(s, false, "alloc_pages_bulk_array");
	}
}

static void op_kmalloc(struct input *in)
{
	unsigned int how = get8(in);
	gfp_t gfp = PICK(in, slab_gfps);
	size_t size = pick_size(in, KMALLOC_MAX_SIZE + 1);
	int s = free_slot_index(in);
	bool zero = !!(gfp & __GFP_ZERO);
	void *p;

	if (s < 0)
		return;
	console_reset();
	switch (how % 4) {
	case 0:
		p = kmalloc(size, gfp);
		break;
	case 1:
		p = kzalloc(size, gfp);
		zero = true;
		break;
	case 2:
		p = kcalloc(size ? size : 1, 1, gfp);
		if (!size)
			size = 1;
		zero = true;
		break;
	default:
		p = kmalloc_node(size, gfp, 0);
		break;
	}
	if (size > KMALLOC_MAX_SIZE) {
		check(!p, "kmalloc(%zu) succeeded", size);
		expect_once(&warned_once_order, gfp, "kmalloc past KMALLOC_MAX_SIZE");
		return;
	}
	if (!size) {
		check(p == ZERO_SIZE_PTR, "kmalloc(0) gave %p", p);
		kfree(p);
		return;
	}
	if (!p)
		return;
	expect_quiet("kmalloc");
	check(ksize(p) >= size, "ksize %zu < %zu", ksize(p), size);
	check(((uintptr_t)p & 7) == 0, "kmalloc(%zu) at %p", size, p);
	if (!(size & (size - 1)))
		check(((uintptr_t)p & (size - 1)) == 0, "kmalloc(%zu) not naturally aligned: %p",
		      size, p);
	slots[s] = (struct blk){.kind = K_KMALLOC, .addr = p, .size = size};
	add_blk(s, zero, "kmalloc");
}

/* krealloc, vrealloc, kvrealloc: the common prefix survives. */
static void op_realloc(struct input *in)
{
	int s = live_slot_index(in, K_NONE);
	size_t size = pick_size(in, KMALLOC_MAX_SIZE + 1);
	gfp_t gfp = GFP_KERNEL | (get8(in) & 1 ? __GFP_ZERO : 0);
	struct blk *b;
	void *p;

	if (s < 0)
		return;
	b = &slots[s];
	if (b->kind != K_KMALLOC && b->kind != K_VMALLOC && b->kind != K_KVMALLOC)
		return;
	if (b->kind == K_VMALLOC && b->size > 4 * 1024 * 1024)
		return;
	if (!size && b->kind != K_KMALLOC)
		size = 1; /* vrealloc(p, 0) frees and returns NULL: not a failure */
	touch_blk(b, SIZE_MAX, T_CHECK, "before realloc");
	if (owns_pfns(b))
		for_each_pfn(b, pfn_release, s);
	console_reset();
	switch (b->kind) {
	case K_KMALLOC:
		p = krealloc(b->addr, size, gfp | __GFP_NOWARN);
		break;
	case K_VMALLOC:
		size = size % (2 * 1024 * 1024) + 1;
		p = vrealloc(b->addr, size, gfp);
		break;
	default:
		p = kvrealloc(b->addr, size, gfp | __GFP_NOWARN);
		break;
	}
	if (!size && b->kind == K_KMALLOC) {
		check(p == ZERO_SIZE_PTR, "krealloc(p, 0) gave %p", p);
		memset(b, 0, sizeof(*b));
		return;
	}
	if (!p) {
		/* a failed realloc leaves the old block as it was */
		if (owns_pfns(b))
			for_each_pfn(b, pfn_claim, s);
		touch_blk(b, SIZE_MAX, T_CHECK, "after a failed realloc");
		return;
	}
	expect_quiet("realloc");
	{
		struct blk nb = *b;
		size_t common = b->size < size ? b->size : size;

		nb.addr = p;
		nb.size = size;
		/* the prefix is checked in the old layout, then the new block is refilled */
		touch_chunk(p, 0, b->size, common, b->seed, T_CHECK, "realloc prefix");
		memset(b, 0, sizeof(*b));
		*b = nb;
		if (b->kind == K_KVMALLOC || b->kind == K_KMALLOC)
			check(is_vmalloc_addr(p) || ksize(p) >= size, "ksize after realloc");
		add_blk(s, false, "realloc");
	}
}

/*
 * Every zone GFP_KERNEL may use at or below its high watermark plus its
 * largest lowmem reserve: an order-0 allocation may have failed.
 */
static bool lowmem_short(void)
{
	struct zone *z;

	for_each_populated_zone(z) {
		long reserve = 0;

		if (is_highmem(z))
			continue;
		for (int i = 0; i < MAX_NR_ZONES; i++)
			if (z->lowmem_reserve[i] > reserve)
				reserve = z->lowmem_reserve[i];
		if (zone_page_state(z, NR_FREE_PAGES) >
		    high_wmark_pages(z) + (unsigned long)reserve)
			return false;
	}
	return true;
}

static void op_cache_create(struct input *in)
{
	static const slab_flags_t flag_bits[] = {
		SLAB_HWCACHE_ALIGN,   SLAB_CACHE_DMA,	       SLAB_CACHE_DMA32, SLAB_ACCOUNT,
		SLAB_RECLAIM_ACCOUNT, SLAB_NO_MERGE,	       SLAB_RED_ZONE,	 SLAB_POISON,
		SLAB_STORE_USER,      SLAB_CONSISTENCY_CHECKS, SLAB_NOLEAKTRACE, SLAB_SKIP_KFENCE,
	};
	static const unsigned int aligns[] = {0, 8, 16, 32, 64, 128, 256, 4096};
	unsigned int c = get8(in) % NCACHES, fl = get16(in);
	unsigned int size = get16(in) % 8193, align = aligns[get8(in) % 8];
	slab_flags_t flags = 0;
	struct kmem_cache *k;
	unsigned int gen;

	if (caches[c].s)
		return;
	for (unsigned int i = 0; i < sizeof(flag_bits) / sizeof(flag_bits[0]); i++)
		if (fl & (1u << i))
			flags |= flag_bits[i];
	if ((flags & SLAB_CACHE_DMA) && (flags & SLAB_CACHE_DMA32))
		flags &= ~SLAB_CACHE_DMA32;
	if (!size)
		size = 1;
	gen = caches[c].gen;
	snprintf(caches[c].name, sizeof(caches[c].name), "fuzz%u-%u", c, gen);
	console_reset();
	k = kmem_cache_create(caches[c].name, size, align, flags, NULL);
	if (!k) {
		/*
		 * The live blocks may have taken every page (mem=32M): 6.12 fails
		 * with -ENOMEM then, after the allocation's own report, which is
		 * rate-limited (SLUB's: 10 in 5 seconds), so a full low memory
		 * stands for it.  Any other failure is a finding.
		 */
		check(logged("failed with error -12") &&
			      (logged("SLUB: Unable to allocate memory") ||
			       logged("page allocation failure") || lowmem_short()),
		      "kmem_cache_create(%s, %u, %u, %#x) failed", caches[c].name, size, align,
		      (unsigned int)flags);
		return;
	}
	expect_quiet("kmem_cache_create");
	check(kmem_cache_size(k) >= size, "kmem_cache_size %u < %u", kmem_cache_size(k), size);
	caches[c].s = k;
	caches[c].size = size;
	caches[c].align = align;
	caches[c].flags = flags;
	/*
	 * From the cache returned, not the flags asked for: as in 6.12, a cache
	 * with only SLAB_CONSISTENCY_CHECKS can be merged with, so a plain
	 * request may get an alias of a debug cache.
	 */
	caches[c].debug = !!(k->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER |
					 SLAB_CONSISTENCY_CHECKS | SLAB_TRACE));
	caches[c].leaked = false;
	caches[c].live = 0;
}

static void destroy_cache(unsigned int c)
{
	if (caches[c].leaked) {
		/* a second destroy would only drop the refcount below zero */
		leaked_caches[nr_leaked++] = caches[c].s;
		caches[c].gen++;
	} else {
		console_reset();
		kmem_cache_destroy(caches[c].s);
		expect_quiet("kmem_cache_destroy");
	}
	caches[c].s = NULL;
	caches[c].live = 0;
	caches[c].leaked = false;
}

static void op_cache_destroy(struct input *in)
{
	unsigned int c = get8(in) % NCACHES;

	if (!caches[c].s)
		return;
	if (caches[c].live) {
		/* free its objects first */
		for (int s = 0; s < NSLOTS; s++)
			if (slots[s].kind == K_CACHE && slots[s].cache == (int)c)
				free_blk(s, 0);
	}
	destroy_cache(c);
}

static void op_cache_alloc(struct input *in)
{
	unsigned int c = get8(in) % NCACHES;
	gfp_t gfp = PICK(in, slab_gfps) & ~GFP_DMA;
	int s = free_slot_index(in);
	void *p;

	if (!caches[c].s || caches[c].leaked || s < 0)
		return;
	console_reset();
	p = (get8(in) & 1) ? kmem_cache_alloc(caches[c].s, gfp)
			   : kmem_cache_alloc_node(caches[c].s, gfp, 0);
	if (!p)
		return;
	expect_quiet("kmem_cache_alloc");
	if (caches[c].align)
		check(((uintptr_t)p & (caches[c].align - 1)) == 0,
		      "object %p of a cache aligned to %u", p, caches[c].align);
	slots[s] =
		(struct blk){.kind = K_CACHE, .addr = p, .size = caches[c].size, .cache = (int)c};
	caches[c].live++;
	add_blk(s, !!(gfp & __GFP_ZERO), "kmem_cache_alloc");
}

static void op_bulk_slab(struct input *in)
{
	unsigned int c = get8(in) % NCACHES, nr = get8(in) % 16 + 1, how = get8(in);
	void *objs[16];
	int got;

	if (how & 1) {
		/* free a run of live objects of one kind in one bulk call */
		enum kind want = caches[c].s && (how & 2) ? K_CACHE : K_KMALLOC;
		unsigned int n = 0;

		for (int s = 0; s < NSLOTS && n < nr; s++) {
			struct blk *b = &slots[s];

			if (b->kind != want || (want == K_CACHE && b->cache != (int)c) ||
			    b->addr == ZERO_SIZE_PTR)
				continue;
			objs[n++] = b->addr;
			if (want == K_CACHE)
				caches[c].live--;
			drop_blk(s, "bulk free");
		}
		console_reset();
		if (want == K_CACHE)
			kmem_cache_free_bulk(caches[c].s, n, objs);
		else
			kfree_bulk(n, objs);
		expect_quiet("bulk free");
		return;
	}
	if (!caches[c].s || caches[c].leaked)
		return;
	console_reset();
	got = kmem_cache_alloc_bulk(caches[c].s, GFP_KERNEL, nr, objs);
	check(got == 0 || got == (int)nr, "kmem_cache_alloc_bulk gave %d of %u", got, nr);
	expect_quiet("kmem_cache_alloc_bulk");
	for (int i = 0; i < got; i++) {
		int s = -1;

		for (int j = 0; j < NSLOTS; j++)
			if (slots[j].kind == K_NONE) {
				s = j;
				break;
			}
		if (s < 0) {
			kmem_cache_free(caches[c].s, objs[i]);
			continue;
		}
		slots[s] = (struct blk){
			.kind = K_CACHE, .addr = objs[i], .size = caches[c].size, .cache = (int)c};
		caches[c].live++;
		add_blk(s, false, "kmem_cache_alloc_bulk");
	}
}

/*
 * A vmalloc size from 32 bits: by the top three bits, half of them up to
 * 4 pages, a quarter up to 64 KiB, an eighth up to 256 KiB and an eighth
 * up to 1 MiB, with all-zero and all-one values (the fuzzer's favourite
 * bytes) among the small ones.  Every page costs the host a mapping and a
 * fault and the model a fill and a check, while the paths (area search,
 * guard, lazy purge, bulk fallback) are the same at any size: uniform
 * sizes up to 1 MiB, times 8 on 0x70 in the opcode's byte, made vmalloc
 * most of the fuzzer's time (2 ms for each 4 MiB area).
 */
static size_t vmalloc_size(unsigned int v)
{
	static const size_t max[8] = {4 * PAGE_SIZE, 64 << 10, 4 * PAGE_SIZE, 256 << 10,
				      4 * PAGE_SIZE, 1 << 20,  64 << 10,      4 * PAGE_SIZE};

	return (v & 0x1fffffff) % max[v >> 29] + 1;
}

static void op_vmalloc(struct input *in)
{
	unsigned int how = get8(in);
	size_t size = vmalloc_size(get32(in));
	int s = free_slot_index(in);
	bool zero = false;
	void *p;

	if (s < 0)
		return;
	if ((how & 0x70) == 0x50)
		size = size * 8; /* now and then up to 8 MiB (vmalloc_huge's 2 MiB blocks) */
	console_reset();
	switch (how % 7) {
	case 0:
		p = vmalloc(size);
		break;
	case 1:
		p = vzalloc(size);
		zero = true;
		break;
	case 2:
		p = vmalloc_32(size);
		break;
	case 3:
		p = vmalloc_huge(size, GFP_KERNEL);
		break;
	case 4:
		p = __vmalloc(size, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
		zero = true;
		break;
	case 5:
		p = vmalloc_user(size);
		zero = true;
		break;
	default:
		p = vmalloc_node(size, 0);
		break;
	}
	if (!p)
		return;
	expect_quiet("vmalloc");
	check(is_vmalloc_addr(p), "vmalloc gave %p outside the vmalloc space", p);
	slots[s] = (struct blk){.kind = K_VMALLOC, .addr = p, .size = size};
	add_blk(s, zero, "vmalloc");
}

static void op_vmap(struct input *in)
{
	unsigned int nr = get8(in) % 16 + 1;
	bool high = get8(in) & 1;
	int s = free_slot_index(in);
	struct page **pages;
	void *p;

	if (s < 0)
		return;
	pages = calloc(nr, sizeof(*pages));
	check(pages, "host calloc");
	for (unsigned int i = 0; i < nr; i++) {
		pages[i] = alloc_page(high ? GFP_HIGHUSER : GFP_KERNEL);
		if (!pages[i]) {
			while (i--)
				__free_page(pages[i]);
			free(pages);
			return;
		}
	}
	console_reset();
	p = vmap(pages, nr, VM_MAP, PAGE_KERNEL);
	if (!p) {
		for (unsigned int i = 0; i < nr; i++)
			__free_page(pages[i]);
		free(pages);
		return;
	}
	expect_quiet("vmap");
	for (unsigned int i = 0; i < nr; i++)
		check(vmalloc_to_page((uint8_t *)p + i * PAGE_SIZE) == pages[i],
		      "vmap page %u is not the caller's", i);
	slots[s] = (struct blk){
		.kind = K_VMAP, .addr = p, .size = nr * PAGE_SIZE, .pages = pages, .nr = nr};
	add_blk(s, false, "vmap");
}

static void op_kvmalloc(struct input *in)
{
	unsigned int how = get8(in);
	size_t size = pick_size(in, KMALLOC_MAX_SIZE + 4096);
	gfp_t gfp = (how & 2) ? GFP_KERNEL_ACCOUNT : GFP_KERNEL;

	/*
	 * Past 256 KiB only one time in four: a 4 MiB kvmalloc that falls
	 * back to vmalloc costs 2 ms (a host mapping and fault per page), and
	 * the fuzzer, finding the fallback's coverage there, had made it most
	 * of the run's time.
	 */
	if (size > (256 << 10) && (how & 0xc0) != 0x40)
		size >>= 4;
	int s = free_slot_index(in);
	bool zero = how & 1;
	void *p;

	if (s < 0)
		return;
	if (!size)
		size = 1;
	console_reset();
	p = zero ? kvzalloc(size, gfp) : kvmalloc(size, gfp);
	if (!p)
		return;
	expect_quiet("kvmalloc");
	slots[s] = (struct blk){.kind = K_KVMALLOC, .addr = p, .size = size};
	add_blk(s, zero, "kvmalloc");
}

/* Nested kmap_local_page() of live page blocks: the bytes agree, unmapped in reverse. */
static void op_kmap_nest(struct input *in)
{
	unsigned int depth = get8(in) % 8 + 1;
	uint8_t *addr[8];
	struct blk *b[8];
	unsigned long idx[8];
	unsigned int n = 0;

	for (unsigned int i = 0; i < depth; i++) {
		int s = live_slot_index(in, K_PAGES);

		if (s < 0)
			break;
		b[n] = &slots[s];
		idx[n] = get8(in) % (1UL << b[n]->order);
		addr[n] = kmap_local_page(b[n]->page + idx[n]);
		check(addr[n], "kmap_local_page returned NULL");
		check(kmap_to_page(addr[n]) == b[n]->page + idx[n], "kmap_to_page disagrees");
		n++;
	}
	for (unsigned int i = 0; i < n; i++)
		touch_chunk(addr[i], idx[i] * PAGE_SIZE, PAGE_SIZE, SIZE_MAX, b[i]->seed, T_CHECK,
			    "kmap_local_page");
	console_reset();
	while (n--)
		kunmap_local(addr[n]);
	expect_quiet("kunmap_local");
}

static void op_refs(struct input *in)
{
	int s = live_slot_index(in, K_PAGES);
	struct page *p;

	if (s < 0)
		return;
	p = slots[s].page;
	console_reset();
	get_page(p);
	check(page_ref_count(p) == 2, "get_page: refcount %d", page_ref_count(p));
	/* only the last reference frees (6.12's __free_pages with an extra
	 * reference would free a non-compound block's tail parts) */
	put_page(p);
	check(page_ref_count(p) == 1, "put_page: refcount %d", page_ref_count(p));
	expect_quiet("get_page/put_page");
}

static void op_shrink(struct input *in)
{
	unsigned int c = get8(in) % NCACHES;

	console_reset();
	if (caches[c].s)
		kmem_cache_shrink(caches[c].s);
	else
		drain_all_pages(NULL);
	expect_quiet("shrink");
}

/* ---- misuse: each must print its report and change nothing ------------ */

static unsigned long warned_once_vmalloc0, warned_once_not_slab;

/* A WARN_ON_ONCE site: the first call without __GFP_NOWARN in the process warns. */
static void expect_once(unsigned long *count, gfp_t gfp, const char *what)
{
	if (gfp & __GFP_NOWARN)
		return;
	if (!(*count)++)
		check(logged("WARNING: CPU:"), "%s: no WARNING", what);
}

static void expect_bug(const char *what)
{
	check(logged("kernel BUG at"), "%s: no \"kernel BUG at\"", what);
}

/*
 * What a naive double free (the object back at its list's head) of an
 * object of @s reports: slub_debug's "Object already free" on a cache with
 * consistency checks (a global slub_debug= makes kmalloc's caches such
 * caches too), the freelist-hardening BUG on a cache without debug flags,
 * or NULL where the model does not try it: with hardening off 6.12 links
 * the object twice, and another debug cache's outcome depends on where
 * the object sits.
 */
static const char *naive_double_free_report(const struct kmem_cache *s)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		return "Object already free";
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE))
		return NULL;
	return freelist_hardened ? "kernel BUG at mm/slub.c:" : NULL;
}

static void op_misuse(struct input *in)
{
	unsigned int what = get8(in);

	switch (what % 16) {
	case 0: { /* double free of a page, at once (nothing can have reused it) */
		unsigned int order = get8(in) % 5;
		gfp_t gfp = GFP_KERNEL | ((what & 0x10) ? __GFP_COMP : 0);
		struct page *p = alloc_pages(gfp, order);

		if (!p)
			return;
		__free_pages(p, order);
		if (what & 0x20)
			drain_all_pages(NULL);
		console_reset();
		if (what & 0x40)
			put_page(p);
		else
			__free_pages(p, order);
		expect_bug("double free");
		check(logged("VM_BUG_ON_PAGE(page_ref_count(page) == 0)") ||
			      logged("VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0)"),
		      "double free: no refcount VM_BUG_ON");
		check(page_ref_count(p) == 0, "double free changed the refcount");
		break;
	}
	case 1: { /* free with the wrong order: refused, the block stays */
		int s = live_slot_index(in, K_PAGES);
		unsigned int order;

		if (s < 0)
			return;
		order = (slots[s].order + 1 + get8(in) % MAX_PAGE_ORDER) % (MAX_PAGE_ORDER + 1);
		console_reset();
		__free_pages(slots[s].page, order);
		if (slots[s].comp)
			check(logged("VM_BUG_ON_PAGE(compound_order(page) != order)"),
			      "wrong order on a compound page: no VM_BUG_ON_PAGE");
		else {
			char want[96];

			snprintf(want, sizeof(want), "freeing order %u, allocated with order %u",
				 order, slots[s].order);
			expect_limited(want, &bad_page_reports, 60, "wrong order");
		}
		check(page_ref_count(slots[s].page) == 1, "a refused free changed the refcount");
		touch_blk(&slots[s], SIZE_MAX, T_CHECK, "after a wrong-order free");
		break;
	}
	case 2: { /* a tail page of a live non-compound block */
		int s = live_slot_index(in, K_PAGES);

		if (s < 0 || !slots[s].order || slots[s].comp)
			return;
		console_reset();
		__free_page(slots[s].page + 1 + get8(in) % ((1u << slots[s].order) - 1));
		expect_bug("tail free");
		check(page_ref_count(slots[s].page) == 1, "a tail free changed the head");
		break;
	}
	case 3: { /* get_page on a free page */
		struct page *p = alloc_page(GFP_KERNEL);

		if (!p)
			return;
		__free_page(p);
		console_reset();
		get_page(p);
		expect_bug("get_page on a free page");
		check(page_ref_count(p) == 0, "get_page on a free page took a reference");
		break;
	}
	case 4: { /* free_pages of an unaligned address */
		int s = live_slot_index(in, K_PAGES);

		if (s < 0 || PageHighMem(slots[s].page))
			return;
		console_reset();
		free_pages((unsigned long)page_address(slots[s].page) + 1 + get8(in) % 4000,
			   slots[s].order);
		check(logged("not page aligned"), "unaligned free_pages: no report");
		check(page_ref_count(slots[s].page) == 1, "an unaligned free freed");
		break;
	}
	case 5: { /* free_pages of a host address; __free_pages of a bogus page */
		static char host[2 * 4096] __attribute__((aligned(4096)));
		static struct page fake[2];

		console_reset();
		if (what & 0x10) {
			free_pages((unsigned long)host, 0);
			check(logged("not a direct-mapped address"), "host free_pages: no report");
			expect_bug("host free_pages");
		} else {
			__free_pages(&fake[1], get8(in) % (MAX_PAGE_ORDER + 2));
			check(logged("not a page of this machine"), "bogus page: no report");
		}
		break;
	}
	case 6: { /* orders past MAX_PAGE_ORDER */
		int s = live_slot_index(in, K_PAGES);

		console_reset();
		check(!alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1 + get8(in) % 3),
		      "an order past MAX_PAGE_ORDER");
		expect_once(&warned_once_order, GFP_KERNEL, "alloc_pages past MAX_PAGE_ORDER");
		if (s >= 0) {
			console_reset();
			__free_pages(slots[s].page, MAX_PAGE_ORDER + 1);
			check(logged("WARNING:") || logged("kernel BUG at"),
			      "freeing order past MAX: no report");
			check(page_ref_count(slots[s].page) == 1, "a free past MAX freed");
		}
		break;
	}
	case 7: { /* kmalloc past KMALLOC_MAX_SIZE, kcalloc overflow */
		volatile size_t huge = KMALLOC_MAX_SIZE + 1 + get8(in);

		console_reset();
		check(!kmalloc(huge, GFP_KERNEL), "kmalloc past KMALLOC_MAX_SIZE");
		expect_once(&warned_once_order, GFP_KERNEL, "kmalloc past KMALLOC_MAX_SIZE");
		check(!kcalloc(SIZE_MAX / 8 + 1, 8, GFP_KERNEL), "kcalloc overflow");
		check(!kvmalloc((size_t)INT_MAX + 1 + get8(in), GFP_KERNEL | __GFP_NOWARN),
		      "kvmalloc past INT_MAX");
		break;
	}
	case 8: { /* the naive double kfree: the object at its freelist head */
		size_t size = get16(in) % 8192 + 1;
		void *p = kmalloc(size, GFP_KERNEL);
		const char *report;

		if (!p)
			return;
		/* a sampled object is KFENCE's to report (kfence.sample_interval=) */
		report = is_kfence_address(p)
				 ? "BUG: KFENCE: invalid free"
				 : naive_double_free_report(virt_to_slab(p)->slab_cache);
		kfree(p);
		if (!report)
			return;
		console_reset();
		kfree(p);
		/* a debug slab of one object says so before it looks for the object */
		check(logged(report) || (!strcmp(report, "Object already free") &&
					 logged("allocated objects but 1 are to be freed")),
		      "double kfree(%zu): no \"%s\"", size, report);
		break;
	}
	case 9: { /* the same through a cache without debug flags */
		unsigned int c = get8(in) % NCACHES;
		bool kfence;
		void *p;

		if (!caches[c].s || caches[c].debug || !freelist_hardened)
			return;
		p = kmem_cache_alloc(caches[c].s, GFP_KERNEL);
		if (!p)
			return;
		kfence = is_kfence_address(p);
		kmem_cache_free(caches[c].s, p);
		console_reset();
		kmem_cache_free(caches[c].s, p);
		check(logged(kfence ? "BUG: KFENCE: invalid free" : "kernel BUG at mm/slub.c:"),
		      "double kmem_cache_free: no BUG");
		break;
	}
	case 10: { /* kmem_cache_free into the wrong cache: reported, freed into the right one */
		unsigned int c = get8(in) % NCACHES, d = get8(in) % NCACHES;
		int s = live_slot_index(in, K_CACHE);

		if (s < 0 || !caches[d].s)
			return;
		c = (unsigned int)slots[s].cache;
		{
			struct kmem_cache *wrong = caches[d].s, *right = caches[c].s;
			void *obj = slots[s].addr;

			caches[c].live--;
			drop_blk(s, "wrong-cache free");
			console_reset();
			kmem_cache_free(wrong, obj);
			/* 6.12 looks only with hardening or the named cache's F */
			if (wrong != right &&
			    (freelist_hardened || (wrong->flags & SLAB_CONSISTENCY_CHECKS)))
				check(logged("Wrong slab cache."), "wrong cache: no report");
		}
		break;
	}
	case 11: { /* kmem_cache_free of a page that is not a slab */
		unsigned int c = get8(in) % NCACHES;
		int s = live_slot_index(in, K_PAGES);

		if (!caches[c].s || s < 0 || PageHighMem(slots[s].page))
			return;
		console_reset();
		kmem_cache_free(caches[c].s, page_address(slots[s].page));
		/* virt_to_cache()'s WARN_ONCE */
		if (!warned_once_not_slab++)
			check(logged("Object is not a Slab page!"), "not a slab page: no report");
		check(page_ref_count(slots[s].page) == 1, "a non-slab kmem_cache_free freed");
		break;
	}
	case 12: { /* kmem_cache_destroy with live objects: reported, the cache stays */
		unsigned int c = get8(in) % NCACHES;

		/* an alias of a merged cache only drops a reference: unmergeable ones only */
		if (!caches[c].s || !caches[c].live || caches[c].leaked ||
		    !(caches[c].flags & SLAB_NO_MERGE) || nr_leaked == MAX_LEAKED)
			return;
		console_reset();
		kmem_cache_destroy(caches[c].s);
		/* "Objects remaining" is listed for partial slabs only (as in
		 * 6.12: full slabs are on no list without slub_debug) */
		check(logged("Slab cache still has objects"), "destroy with objects: no report");
		caches[c].leaked = true;
		leaked_this_input = true;
		break;
	}
	case 13: { /* vfree of an address inside an area, of a freed one, of nothing */
		int s = live_slot_index(in, K_VMALLOC);

		console_reset();
		if (s >= 0 && (what & 0x10)) {
			vfree((uint8_t *)slots[s].addr + 1);
			check(logged("Trying to vfree() bad address"), "vfree(p + 1): no report");
			touch_blk(&slots[s], SIZE_MAX, T_CHECK, "after vfree(p + 1)");
		} else if (what & 0x20) {
			void *p = vmalloc(PAGE_SIZE);

			if (!p)
				return;
			vfree(p);
			console_reset();
			vfree(p);
			check(logged("Trying to vfree() nonexistent vm area"), "double vfree");
		} else {
			vfree((void *)(VMALLOC_START + (1UL << 30) + (get8(in) << PAGE_SHIFT)));
			check(logged("nonexistent vm area"), "vfree of nothing: no report");
		}
		break;
	}
	case 14: /* vmalloc(0) */
		console_reset();
		check(!vmalloc(0), "vmalloc(0) succeeded");
		expect_once(&warned_once_vmalloc0, GFP_KERNEL, "vmalloc(0)");
		break;
	default: { /* kfree(NULL), kfree(ZERO_SIZE_PTR), vfree(NULL), kvfree(NULL): silent */
		console_reset();
		kfree(NULL);
		kfree(ZERO_SIZE_PTR);
		vfree(NULL);
		kvfree(NULL);
		expect_quiet("freeing NULL");
		break;
	}
	}
	check(full_check() == 0, "ukmem_check after misuse %u", what % 16);
}

/* ---- the periodic check, the baseline ---------------------------------- */

static void verify_all(void)
{
	for (int s = 0; s < NSLOTS; s++)
		if (slots[s].kind != K_NONE)
			touch_blk(&slots[s], SIZE_MAX, T_CHECK, "periodic check");
	console_reset();
	check(full_check() == 0, "ukmem_check() found errors");
}

struct counters {
	unsigned long slab_objs, in_use, free_pages, vm_pages;
};

static char slabinfo[1 << 16];

/*
 * The slab objects in use are /proc/slabinfo's active_objs summed, taken
 * from get_slabinfo() directly (what slabinfo_show() prints): formatting
 * and parsing the file for every input cost more than the input's
 * operations.  The file itself is read only for the baseline and for the
 * report of a difference (slabinfo_diff()).
 */
static struct counters read_counters(void)
{
	struct counters c = {0};
	struct kmem_cache *k;
	struct zone *z;

	mutex_lock(&slab_mutex);
	list_for_each_entry(k, &slab_caches, list) {
		struct slabinfo sinfo;

		get_slabinfo(k, &sinfo);
		c.slab_objs += sinfo.active_objs;
	}
	mutex_unlock(&slab_mutex);
	c.in_use = ukmem_pages_in_use();
	for_each_populated_zone(z)
		c.free_pages += zone_page_state(z, NR_FREE_PAGES);
	c.vm_pages = vmalloc_nr_pages();
	return c;
}

static void read_slabinfo(void)
{
	ssize_t len = ukmem_proc_read("/proc/slabinfo", slabinfo, sizeof(slabinfo));

	check(len > 0 && (size_t)len < sizeof(slabinfo), "/proc/slabinfo: %zd", len);
}

/*
 * Every cache shrunk (slabinfo counts the objects of CPU slabs as active,
 * and empty slabs up to min_partial stay), the pcp lists drained: what is
 * left in use is what callers hold.  Single-threaded: slab_caches is
 * walked under slab_mutex only against kmem_cache_create/destroy, which
 * nothing else calls here.
 */
static void settle(void)
{
	struct kmem_cache *k;

	list_for_each_entry(k, &slab_caches, list)
		kmem_cache_shrink(k);
	drain_all_pages(NULL);
	/*
	 * Lazily freed vmalloc ranges back to the free tree: otherwise each
	 * input inherits the unpurged ranges of the ones before it (hundreds
	 * of them before lazy_max_pages is reached on this small machine),
	 * which every ukmem_check() walks and no single input reproduces.
	 */
	ukmem_vmalloc_purge();
}

static struct counters baseline;
static bool have_baseline;
static char baseline_slabinfo[sizeof(slabinfo)];

/* Print the slabinfo rows whose active_objs differ from the baseline's. */
static void slabinfo_diff(void)
{
	read_slabinfo();
	for (char *line = strchr(slabinfo, '\n'); line; line = strchr(line + 1, '\n')) {
		char name[64], *at;
		unsigned long a, b = 0;

		if (sscanf(line + 1, "%63s %lu", name, &a) != 2 || name[0] == '#')
			continue;
		for (at = strstr(baseline_slabinfo, name); at; at = strstr(at + 1, name))
			if (at[-1] == '\n' && at[strlen(name)] == ' ')
				break;
		if (at)
			sscanf(at + strlen(name), "%lu", &b);
		if (a != b)
			fprintf(stderr, "fuzz_ukmem: %s: %lu active objects, %lu at the baseline\n",
				name, a, b);
	}
}

static void end_of_input(void)
{
	struct counters now;
	uint64_t t0;

	free_everything();
	for (unsigned int c = 0; c < NCACHES; c++)
		if (caches[c].s)
			destroy_cache(c);
	for (unsigned long i = 0; i < pfn_span; i++)
		check(!pfn_owned[i], "pfn %#lx still owned after freeing everything", pfn_base + i);
	t0 = stats ? now_ns() : 0;
	settle();
	if (stats)
		settle_ns += now_ns() - t0;
	console_reset();
	check(full_check() == 0, "ukmem_check() at the end of the input");
	t0 = stats ? now_ns() : 0;
	now = read_counters();
	if (stats)
		settle_ns += now_ns() - t0;
	if (!have_baseline || leaked_this_input) {
		/* a leaked cache keeps its struct, name and nodes for good */
		baseline = now;
		read_slabinfo();
		memcpy(baseline_slabinfo, slabinfo, sizeof(slabinfo));
		have_baseline = true;
		leaked_this_input = false;
		return;
	}
	if (now.slab_objs != baseline.slab_objs)
		slabinfo_diff();
	check(now.slab_objs == baseline.slab_objs, "slab objects %lu, baseline %lu", now.slab_objs,
	      baseline.slab_objs);
	check(now.in_use == baseline.in_use, "pages in use %lu, baseline %lu", now.in_use,
	      baseline.in_use);
	check(now.free_pages == baseline.free_pages, "free pages %lu, baseline %lu", now.free_pages,
	      baseline.free_pages);
	check(now.vm_pages == 0, "vmalloc pages %lu after vfree of everything", now.vm_pages);
}

/*
 * UKMEM_FUZZ_FAULT_SELFTEST=1: the first input writes into a vmalloc
 * area's guard page, to show the chain: ukmem's oops, then the handler
 * that was there before (ASan's report, libFuzzer's crash file).
 */
static bool fault_selftest;

static void fault_on_purpose(void)
{
	volatile char *p = vmalloc(PAGE_SIZE);

	check(p != NULL, "vmalloc for the fault self-test");
	p[PAGE_SIZE] = 1; /* the guard page: never returns */
}

/* ---- libFuzzer's entry points ------------------------------------------ */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *extra = getenv("UKMEM_FUZZ_CMDLINE");
	char cmdline[512];
	unsigned long lo = ~0UL, hi = 0;
	struct zone *z;
	int ret;

	(void)argc;
	(void)argv;
	verbose = getenv("UKMEM_FUZZ_VERBOSE") != NULL;
	stats = getenv("UKMEM_FUZZ_STATS") != NULL;
	if (stats)
		atexit(print_stats);
	/* the oops handler saves libFuzzer's/ASan's and hands every fault on */
	snprintf(cmdline, sizeof(cmdline), "mem=32M %s ukmem.bug=warn ukmem.oops_handler=1",
		 extra ? extra : "");
	fault_selftest = getenv("UKMEM_FUZZ_FAULT_SELFTEST") != NULL;
	ukmem_set_console(capture, NULL);
	ret = ukmem_boot(cmdline);
	check(ret == 0, "ukmem_boot(\"%s\") = %d", cmdline, ret);
	for_each_populated_zone(z) {
		if (z->zone_start_pfn < lo)
			lo = z->zone_start_pfn;
		if (zone_end_pfn(z) > hi)
			hi = zone_end_pfn(z);
		if (is_highmem(z))
			highmem_arch = true;
	}
	pfn_base = lo;
	pfn_span = hi - lo;
	pfn_owned = calloc(pfn_span, 1);
	check(pfn_owned, "host calloc");
	/* the first input's end sets the baseline: warm the caches up first */
	end_of_input();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {.d = data, .n = size};
	unsigned int ops = 0;
	uint64_t t0 = stats ? now_ns() : 0;

	nr_inputs++;
	if (unlikely(fault_selftest))
		fault_on_purpose();
	while (in.i < in.n && ops++ < MAX_OPS) {
		unsigned int op = get8(&in);
		uint64_t t1 = stats ? now_ns() : 0;

		nr_ops++;
		switch (op % 20) {
		case 0:
		case 1:
			op_alloc_pages(&in);
			break;
		case 2: {
			int s = live_slot_index(&in, K_NONE);

			if (s >= 0)
				free_blk(s, get8(&in));
			break;
		}
		case 3:
			op_folio(&in);
			break;
		case 4:
			op_exact(&in);
			break;
		case 5:
		case 6:
			op_kmalloc(&in);
			break;
		case 7:
			op_realloc(&in);
			break;
		case 8:
			op_cache_create(&in);
			break;
		case 9:
			op_cache_alloc(&in);
			break;
		case 10:
			op_cache_destroy(&in);
			break;
		case 11:
			op_bulk_slab(&in);
			break;
		case 12:
			op_vmalloc(&in);
			break;
		case 13:
			op_vmap(&in);
			break;
		case 14:
			op_kvmalloc(&in);
			break;
		case 15:
			op_bulk_pages(&in);
			break;
		case 16:
			op_kmap_nest(&in);
			break;
		case 17:
			if (op & 0x20)
				op_refs(&in);
			else
				op_shrink(&in);
			break;
		case 18:
			op_misuse(&in);
			break;
		default: {
			int s = live_slot_index(&in, K_NONE);

			if (s >= 0)
				free_blk(s, op >> 5);
			break;
		}
		}
		if (stats) {
			op_ns[op % 20] += now_ns() - t1;
			op_count[op % 20]++;
		}
		if (nr_ops % CHECK_EVERY == 0)
			verify_all();
	}
	end_of_input();
	if (stats)
		input_ns += now_ns() - t0;
	return 0;
}
