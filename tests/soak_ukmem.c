// SPDX-License-Identifier: GPL-2.0
/*
 * soak_ukmem.c - every allocator family from several threads for minutes,
 * with fault injection where the machine has it; resident memory must stay
 * flat and ukmem_check() must stay 0.
 *
 * ctest-label: soak (left out of `ctest -LE soak`; run it with
 * `ctest --test-dir build -L soak --output-on-failure`).  The run lasts
 * $UKMEM_SOAK_MINUTES minutes (default 2; fractions allowed).
 *
 * What it owns: one machine ("mem=256M nr_cpus=4", the default BUG policy,
 * so a BUG ends the run), NR_WORKERS worker threads and the main thread.
 * Each worker keeps a bounded set of live blocks from every family (page
 * blocks of orders 0..6 with and without __GFP_COMP/__GFP_ZERO, highmem
 * flags included; kmalloc/kzalloc/krealloc across the size classes and
 * large kmallocs; objects of a shared cache and of caches the worker
 * creates and destroys itself; bulk allocations; vmalloc/vzalloc/vrealloc;
 * vmap of its own pages; kvmalloc/kvrealloc; kmap_local_page) and frees at
 * random; a quarter of the frees go through a shared pool to another
 * thread, which frees them on another modelled CPU.  Every block carries a
 * tag (owner, serial) in its first and last words, checked before it is
 * freed: a block handed out twice or written by the allocator breaks it.
 *
 * The main thread samples every SAMPLE_SECONDS: it stops the workers at a
 * quiescent point (an rwlock the workers hold across each batch of
 * operations), runs ukmem_check(), reads the resident set and the number
 * of mappings of the process (/proc/self/statm, /proc/self/maps), the
 * pages in use and the slab objects in use, prints one line, and lets the
 * workers go on.  At the end everything is freed and the machine must be
 * leak-free.  Stable means: after the first 25% of the run (warm-up: slab
 * caches, pcp lists and vmalloc's lazy ranges reach their working size),
 * the resident set never exceeds the warm-up maximum by more than 10% plus
 * 8 MiB, and the mapping count (which follows the live vmalloc areas and
 * the lazily unmapped ranges up and down) never exceeds twice the warm-up
 * maximum plus 256.  A run too short for four warm-up samples is not
 * judged.
 *
 * Fault injection: when the machine has /sys/kernel/debug/failslab and
 * /sys/kernel/debug/fail_page_alloc (issue 5 section 1), the soak turns
 * both on (probability 1%, times -1, no verbose reports, the GFP filters
 * lifted) so that every family's error paths run too; without them it
 * logs "fault injection: not available" and runs without.
 * UKMEM_SOAK_FAULTS=0 turns it off.
 *
 * Lock order: the pause rwlock, then a pool mutex; ukmem's own locks are
 * taken inside the allocator calls only.
 */
#define _GNU_SOURCE /* pthread_rwlockattr_setkind_np */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NR_WORKERS 4
#define NR_SLOTS 96
#define BATCH 2000
#define SAMPLE_SECONDS 5
#define POOL 256

enum kind {
	K_NONE,
	K_PAGES,
	K_KMALLOC,
	K_CACHE,
	K_OWN_CACHE,
	K_VMALLOC,
	K_VMAP,
	K_KVMALLOC
};

struct blk {
	enum kind kind;
	void *addr;
	struct page *page;
	struct page **pages;
	size_t size;
	unsigned int order, nr;
	struct kmem_cache *cache;
	uint64_t tag;
};

static struct kmem_cache *shared_cache;
/* writer-preferring: the sampler must get in between the workers' batches */
static pthread_rwlock_t pause_lock;
static atomic_bool stop;
static atomic_ulong total_ops, total_errors, total_failed_allocs;

static struct {
	pthread_mutex_t lock;
	struct blk v[POOL];
	int n;
} pools[NR_WORKERS];

static void error(const char *what, const struct blk *b)
{
	fprintf(stderr, "soak_ukmem: ERROR: %s (kind %d, addr %p, size %zu)\n", what, b->kind,
		b->addr, b->size);
	atomic_fetch_add(&total_errors, 1);
}

/* ---- tags: the first and last 8 bytes of each block (each page for pages) ---- */

static void tag_bytes(uint8_t *base, size_t size, uint64_t tag, bool set, const struct blk *b)
{
	uint64_t v;

	/* the first word from 8 bytes on, the last word too from 16 on */
	if (size < sizeof(v))
		return;
	if (set) {
		memcpy(base, &tag, sizeof(tag));
		if (size >= 2 * sizeof(tag))
			memcpy(base + size - sizeof(tag), &tag, sizeof(tag));
		return;
	}
	memcpy(&v, base, sizeof(v));
	if (v != tag)
		error("the first word of a live block changed", b);
	if (size < 2 * sizeof(v))
		return;
	memcpy(&v, base + size - sizeof(v), sizeof(v));
	if (v != tag)
		error("the last word of a live block changed", b);
}

static void tag_blk(struct blk *b, bool set)
{
	switch (b->kind) {
	case K_PAGES:
		for (unsigned long i = 0; i < 1UL << b->order; i++) {
			uint8_t *a = kmap_local_page(b->page + i);

			tag_bytes(a, PAGE_SIZE, b->tag + i, set, b);
			kunmap_local(a);
		}
		break;
	case K_VMAP:
		/* written through the vmap alias, read back through the pages' own mappings */
		for (unsigned int i = 0; i < b->nr; i++) {
			uint8_t *a = set ? (uint8_t *)b->addr + i * PAGE_SIZE
					 : kmap_local_page(b->pages[i]);

			tag_bytes(a, PAGE_SIZE, b->tag + i, set, b);
			if (!set)
				kunmap_local(a);
		}
		break;
	case K_NONE:
		break;
	default:
		tag_bytes(b->addr, b->size, b->tag, set, b);
		break;
	}
}

static bool zeroed(const uint8_t *a, size_t size)
{
	for (size_t i = 0; i < size; i += 61)
		if (a[i])
			return false;
	return !size || !a[size - 1];
}

static void free_blk(struct blk *b)
{
	tag_blk(b, false);
	switch (b->kind) {
	case K_PAGES:
		if (b->order == 0 || PageHead(b->page))
			put_page(b->page);
		else
			__free_pages(b->page, b->order);
		break;
	case K_KMALLOC:
		kfree(b->addr);
		break;
	case K_CACHE:
	case K_OWN_CACHE:
		kmem_cache_free(b->cache, b->addr);
		break;
	case K_VMALLOC:
		vfree(b->addr);
		break;
	case K_VMAP:
		vunmap(b->addr);
		for (unsigned int i = 0; i < b->nr; i++)
			__free_page(b->pages[i]);
		free(b->pages);
		break;
	case K_KVMALLOC:
		kvfree(b->addr);
		break;
	case K_NONE:
		break;
	}
	b->kind = K_NONE;
}

/* ---- one worker --------------------------------------------------------- */

struct worker {
	int id;
	unsigned int seed;
	uint64_t serial;
	struct blk slots[NR_SLOTS];
	struct kmem_cache *own;
	unsigned long own_live;
};

static unsigned int rnd(struct worker *w, unsigned int n)
{
	return (unsigned int)rand_r(&w->seed) % n;
}

static size_t kmalloc_size(struct worker *w)
{
	switch (rnd(w, 8)) {
	case 0:
		return rnd(w, 64) + 1;
	case 1:
		return rnd(w, 20000) + 1; /* large kmallocs from 8193 on */
	default:
		return rnd(w, 1024) + 1;
	}
}

static void give(struct worker *w, struct blk *b)
{
	int to = (w->id + 1) % NR_WORKERS;

	pthread_mutex_lock(&pools[to].lock);
	if (pools[to].n < POOL) {
		pools[to].v[pools[to].n++] = *b;
		b->kind = K_NONE;
	}
	pthread_mutex_unlock(&pools[to].lock);
	if (b->kind != K_NONE)
		free_blk(b);
}

static void drain_pool(int id)
{
	pthread_mutex_lock(&pools[id].lock);
	while (pools[id].n)
		free_blk(&pools[id].v[--pools[id].n]);
	pthread_mutex_unlock(&pools[id].lock);
}

static void new_blk(struct worker *w, struct blk *b)
{
	static const gfp_t page_gfps[] = {GFP_KERNEL,		GFP_KERNEL | __GFP_ZERO,
					  GFP_HIGHUSER_MOVABLE, GFP_KERNEL | __GFP_COMP,
					  GFP_ATOMIC,		GFP_KERNEL | GFP_DMA32};
	bool zero = false;

	memset(b, 0, sizeof(*b));
	b->tag = ((uint64_t)w->id << 56) | (++w->serial << 8);
	switch (rnd(w, 10)) {
	case 0:
	case 1: {
		gfp_t gfp = page_gfps[rnd(w, 6)] | __GFP_NOWARN;
		unsigned int order = rnd(w, 4) ? rnd(w, 3) : rnd(w, 7);

		b->page = alloc_pages(gfp, order);
		if (!b->page)
			break;
		b->kind = K_PAGES;
		b->order = order;
		if (gfp & __GFP_ZERO) {
			uint8_t *a = kmap_local_page(b->page);

			if (!zeroed(a, PAGE_SIZE))
				error("a __GFP_ZERO page is not zero", b);
			kunmap_local(a);
		}
		break;
	}
	case 2:
	case 3:
		b->size = kmalloc_size(w);
		zero = rnd(w, 2);
		b->addr = zero ? kzalloc(b->size, GFP_KERNEL | __GFP_NOWARN)
			       : kmalloc(b->size, GFP_KERNEL | __GFP_NOWARN);
		if (b->addr)
			b->kind = K_KMALLOC;
		break;
	case 4:
		b->size = kmem_cache_size(shared_cache);
		b->cache = shared_cache;
		b->addr = kmem_cache_alloc(shared_cache, GFP_KERNEL | __GFP_NOWARN);
		if (b->addr)
			b->kind = K_CACHE;
		break;
	case 5:
		if (!w->own)
			break;
		b->size = kmem_cache_size(w->own);
		b->cache = w->own;
		b->addr = kmem_cache_zalloc(w->own, GFP_KERNEL | __GFP_NOWARN);
		zero = true;
		if (b->addr) {
			b->kind = K_OWN_CACHE;
			w->own_live++;
		}
		break;
	case 6:
		b->size = rnd(w, 256 * 1024) + 1;
		zero = rnd(w, 2);
		b->addr = zero ? vzalloc(b->size) : vmalloc(b->size);
		if (b->addr)
			b->kind = K_VMALLOC;
		break;
	case 7: {
		unsigned int nr = rnd(w, 8) + 1;

		b->pages = calloc(nr, sizeof(*b->pages));
		if (!b->pages)
			break;
		for (b->nr = 0; b->nr < nr; b->nr++) {
			b->pages[b->nr] = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
			if (!b->pages[b->nr])
				break;
		}
		if (b->nr == nr)
			b->addr = vmap(b->pages, nr, VM_MAP, PAGE_KERNEL);
		if (!b->addr) {
			while (b->nr)
				__free_page(b->pages[--b->nr]);
			free(b->pages);
			b->pages = NULL;
			break;
		}
		b->size = nr * PAGE_SIZE;
		b->kind = K_VMAP;
		break;
	}
	default:
		b->size = rnd(w, 4) ? kmalloc_size(w) : rnd(w, 6 * 1024 * 1024) + 1;
		zero = rnd(w, 2);
		b->addr = zero ? kvzalloc(b->size, GFP_KERNEL) : kvmalloc(b->size, GFP_KERNEL);
		if (b->addr)
			b->kind = K_KVMALLOC;
		break;
	}
	if (b->kind == K_NONE) {
		atomic_fetch_add(&total_failed_allocs, 1);
		return;
	}
	if (zero && b->addr && !zeroed(b->addr, b->size))
		error("a zeroing allocation is not zero", b);
	tag_blk(b, true);
}

/* krealloc/vrealloc/kvrealloc: the tag in the first word survives. */
static void realloc_blk(struct worker *w, struct blk *b)
{
	size_t size = b->kind == K_VMALLOC ? rnd(w, 256 * 1024) + 8 : kmalloc_size(w) + 8;
	uint64_t first;
	void *p;

	tag_blk(b, false);
	switch (b->kind) {
	case K_KMALLOC:
		p = krealloc(b->addr, size, GFP_KERNEL | __GFP_NOWARN);
		break;
	case K_VMALLOC:
		p = vrealloc(b->addr, size, GFP_KERNEL | __GFP_NOWARN);
		break;
	default:
		p = kvrealloc(b->addr, size, GFP_KERNEL | __GFP_NOWARN);
		break;
	}
	if (!p) {
		atomic_fetch_add(&total_failed_allocs, 1);
		return; /* the old block stays as it was */
	}
	memcpy(&first, p, sizeof(first));
	if (b->size >= sizeof(first) && first != b->tag)
		error("realloc lost the block's first word", b);
	b->addr = p;
	b->size = size;
	b->tag += 1;
	tag_blk(b, true);
}

static void own_cache_cycle(struct worker *w)
{
	char name[32];

	if (w->own && w->own_live)
		return;
	if (w->own) {
		kmem_cache_destroy(w->own);
		w->own = NULL;
		return;
	}
	snprintf(name, sizeof(name), "soak-%d", w->id);
	w->own = kmem_cache_create(name, rnd(w, 2000) + 8, rnd(w, 2) ? 64 : 0,
				   rnd(w, 2) ? SLAB_HWCACHE_ALIGN : 0, NULL);
}

static void bulk(struct worker *w)
{
	void *objs[16];
	unsigned int nr = rnd(w, 16) + 1;

	if (kmem_cache_alloc_bulk(shared_cache, GFP_KERNEL | __GFP_NOWARN, nr, objs) != (int)nr) {
		atomic_fetch_add(&total_failed_allocs, 1);
		return;
	}
	for (unsigned int i = 0; i < nr; i++)
		memset(objs[i], w->id, kmem_cache_size(shared_cache));
	kmem_cache_free_bulk(shared_cache, nr, objs);
}

static void one_op(struct worker *w)
{
	struct blk *b = &w->slots[rnd(w, NR_SLOTS)];
	unsigned int r = rnd(w, 100);

	if (r < 2) {
		own_cache_cycle(w);
	} else if (r < 4) {
		bulk(w);
	} else if (r < 8) {
		drain_pool(w->id);
	} else if (b->kind == K_NONE) {
		new_blk(w, b);
	} else if (r < 14 &&
		   (b->kind == K_KMALLOC || b->kind == K_VMALLOC || b->kind == K_KVMALLOC)) {
		realloc_blk(w, b);
	} else if (r < 30 && b->kind != K_OWN_CACHE) {
		tag_blk(b, false);
		give(w, b);
	} else {
		if (b->kind == K_OWN_CACHE)
			w->own_live--;
		free_blk(b);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	while (!atomic_load(&stop)) {
		pthread_rwlock_rdlock(&pause_lock);
		for (int i = 0; i < BATCH; i++)
			one_op(w);
		pthread_rwlock_unlock(&pause_lock);
		atomic_fetch_add(&total_ops, BATCH);
	}
	for (int i = 0; i < NR_SLOTS; i++)
		if (w->slots[i].kind != K_NONE)
			free_blk(&w->slots[i]);
	w->own_live = 0;
	if (w->own)
		kmem_cache_destroy(w->own);
	return NULL;
}

/* ---- the main thread ------------------------------------------------------ */

static unsigned long rss_kib(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu", &size, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (unsigned long)(sysconf(_SC_PAGESIZE) / 1024);
}

static unsigned long nr_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long n = 0;
	int c;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static unsigned long slab_objects(void)
{
	static char buf[1 << 16];
	ssize_t len = ukmem_proc_read("/proc/slabinfo", buf, sizeof(buf));
	unsigned long total = 0;

	if (len <= 0)
		return 0;
	for (char *line = strchr(buf, '\n'); line; line = strchr(line + 1, '\n')) {
		char name[64];
		unsigned long active;

		if (sscanf(line + 1, "%63s %lu", name, &active) == 2 && name[0] != '#')
			total += active;
	}
	return total;
}

static int knob(const char *path, const char *val)
{
	ssize_t r = ukmem_proc_write(path, val, strlen(val));

	return r < 0 ? (int)r : 0;
}

/* Turn failslab and fail_page_alloc on where the machine has them. */
static bool fault_injection_on(void)
{
	static const char *const dirs[] = {"/sys/kernel/debug/failslab/",
					   "/sys/kernel/debug/fail_page_alloc/"};
	static const char *const settings[][2] = {
		{"probability", "1"}, {"interval", "1"},	{"times", "-1"},
		{"verbose", "0"},     {"ignore-gfp-wait", "N"}, {"space", "0"},
	};
	const char *env = getenv("UKMEM_SOAK_FAULTS");
	char path[128], path_buf[64];

	if (env && !strcmp(env, "0"))
		return false;
	for (size_t d = 0; d < 2; d++) {
		snprintf(path, sizeof(path), "%sprobability", dirs[d]);
		if (ukmem_proc_read(path, path_buf, sizeof(path_buf)) < 0)
			return false;
	}
	for (size_t d = 0; d < 2; d++)
		for (size_t s = 0; s < sizeof(settings) / sizeof(settings[0]); s++) {
			snprintf(path, sizeof(path), "%s%s", dirs[d], settings[s][0]);
			if (knob(path, settings[s][1]))
				fprintf(stderr, "soak_ukmem: %s: refused\n", path);
		}
	knob("/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem", "N");
	knob("/sys/kernel/debug/fail_page_alloc/min-order", "0");
	return true;
}

static void fault_injection_off(void)
{
	knob("/sys/kernel/debug/failslab/probability", "0");
	knob("/sys/kernel/debug/fail_page_alloc/probability", "0");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	const char *env = getenv("UKMEM_SOAK_MINUTES");
	double minutes = env ? atof(env) : 2.0, t0, end;
	static struct worker workers[NR_WORKERS];
	pthread_t th[NR_WORKERS];
	unsigned long warm_rss = 0, warm_maps = 0, max_rss = 0, max_maps = 0;
	int bad_checks = 0, samples = 0, warm_samples = 0;
	bool faults;

	if (minutes <= 0)
		minutes = 2.0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	{
		pthread_rwlockattr_t attr;

		pthread_rwlockattr_init(&attr);
		pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
		pthread_rwlock_init(&pause_lock, &attr);
		pthread_rwlockattr_destroy(&attr);
	}
	if (ukmem_boot("mem=256M nr_cpus=4") != 0) {
		fprintf(stderr, "soak_ukmem: boot failed\n");
		return 1;
	}
	shared_cache = kmem_cache_create("soak-shared", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	if (!shared_cache)
		return 1;
	faults = fault_injection_on();
	printf("soak_ukmem: %.2f minutes, %d workers, fault injection: %s\n", minutes, NR_WORKERS,
	       faults ? "failslab + fail_page_alloc, 1%" : "not available");
	printf("%8s %12s %10s %8s %10s %10s %6s\n", "t(s)", "ops", "rss(KiB)", "maps", "pages",
	       "slab-objs", "check");
	/* every pool first: worker i gives to pool i + 1 (TSan saw the race) */
	for (int i = 0; i < NR_WORKERS; i++)
		pthread_mutex_init(&pools[i].lock, NULL);
	for (int i = 0; i < NR_WORKERS; i++) {
		workers[i].id = i;
		workers[i].seed = 0x5eed + (unsigned int)i;
		pthread_create(&th[i], NULL, worker_main, &workers[i]);
	}
	t0 = now_s();
	end = t0 + minutes * 60.0;
	while (now_s() < end) {
		double t;
		unsigned long rss, maps, pages, objs;
		int errs;

		sleep(SAMPLE_SECONDS);
		pthread_rwlock_wrlock(&pause_lock);
		errs = ukmem_check();
		rss = rss_kib();
		maps = nr_maps();
		pages = ukmem_pages_in_use();
		objs = slab_objects();
		pthread_rwlock_unlock(&pause_lock);
		t = now_s() - t0;
		samples++;
		bad_checks += errs != 0;
		printf("%8.0f %12lu %10lu %8lu %10lu %10lu %6d\n", t, atomic_load(&total_ops), rss,
		       maps, pages, objs, errs);
		fflush(stdout);
		if (t < minutes * 60.0 * 0.25) {
			warm_samples++;
			warm_rss = rss > warm_rss ? rss : warm_rss;
			warm_maps = maps > warm_maps ? maps : warm_maps;
		} else {
			max_rss = rss > max_rss ? rss : max_rss;
			max_maps = maps > max_maps ? maps : max_maps;
		}
	}
	atomic_store(&stop, true);
	for (int i = 0; i < NR_WORKERS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < NR_WORKERS; i++)
		drain_pool(i);
	if (faults)
		fault_injection_off();
	kmem_cache_destroy(shared_cache);
	bad_checks += ukmem_check() != 0;
	printf("soak_ukmem: %lu operations in %.0f s (%.0f ops/s), %lu failed allocations, "
	       "%lu tag errors, %d failed checks of %d\n",
	       atomic_load(&total_ops), now_s() - t0, atomic_load(&total_ops) / (now_s() - t0),
	       atomic_load(&total_failed_allocs), atomic_load(&total_errors), bad_checks,
	       samples + 1);
	printf("soak_ukmem: resident KiB: warm-up max %lu, after warm-up max %lu; mappings: "
	       "warm-up max %lu, after %lu\n",
	       warm_rss, max_rss, warm_maps, max_maps);
	ukmem_shutdown();
	if (ukmem_shutdown_leaked() || ukmem_shutdown_leaked_objects()) {
		printf("soak_ukmem: FAIL: %lu pages and %lu slab objects leaked\n",
		       ukmem_shutdown_leaked(), ukmem_shutdown_leaked_objects());
		return 1;
	}
	if (atomic_load(&total_errors) || bad_checks) {
		printf("soak_ukmem: FAIL: tag errors or failed checks\n");
		return 1;
	}
	if (warm_samples < 4) {
		printf("soak_ukmem: PASS (too short to judge stability)\n");
		return 0;
	}
	if (max_rss > warm_rss + warm_rss / 10 + 8192) {
		printf("soak_ukmem: FAIL: resident memory grew after the warm-up\n");
		return 1;
	}
	if (max_maps > 2 * warm_maps + 256) {
		printf("soak_ukmem: FAIL: the mapping count grew after the warm-up\n");
		return 1;
	}
	printf("soak_ukmem: PASS\n");
	return 0;
}
