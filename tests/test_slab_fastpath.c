// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_slab_fastpath.c - the per-thread object caches in front of
 * SLUB's per-CPU slabs (src/mm/slub_tcache.c).
 *
 * What is checked: which caches get a bin (not debug caches, not with
 * ukmem.slab_tcache=0); that a freed object is reused by its thread; that
 * the validator accepts objects sitting in thread caches and counts them
 * as in use, as /proc/slabinfo does; that a thread's exit, shrink,
 * destroy, shutdown and fork give the objects back; cross-thread frees
 * with more threads than modelled CPUs; node requests, init_on_alloc and
 * init_on_free on the fast path; bulk calls; and that after freeing
 * everything and shrinking, the slab pages are the boot figure again.
 */
#include "helpers/slab_test.h"
#include "mm/slab.h"

#include <linux/rcupdate.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned long meminfo_kb(const char *key)
{
	char *mi = ut_read("/proc/meminfo"), *p;
	unsigned long kb = 0;

	cr_assert_not_null(mi);
	p = strstr(mi, key);
	cr_assert_not_null(p, "no %s in /proc/meminfo", key);
	sscanf(p + strlen(key), " %lu", &kb);
	free(mi);
	return kb;
}

static void shrink_all_caches(void)
{
	struct kmem_cache *list[256], *s;
	int n = 0;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list)
		if (n < 256)
			list[n++] = s;
	mutex_unlock(&slab_mutex);
	for (int i = 0; i < n; i++)
		kmem_cache_shrink(list[i]);
}

Test(slab_fastpath, bins_for_plain_caches_only)
{
	struct kmem_cache *plain, *poisoned, *rcu;

	st_boot("mem=64M");
	plain = kmem_cache_create("tc-plain", 64, 0, 0, NULL);
	poisoned = kmem_cache_create("tc-poison", 64, 0, SLAB_POISON, NULL);
	rcu = kmem_cache_create("tc-rcu", 64, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	cr_assert_neq(plain->tcache_idx, 0);
	cr_assert_eq(poisoned->tcache_idx, 0, "a debug cache must take SLUB's checked paths");
	cr_assert_neq(rcu->tcache_idx, 0);
	cr_assert_eq(kmem_cache->tcache_idx, 0, "the boot caches have no bin");
	cr_assert_neq(kmalloc_slab(64, GFP_KERNEL)->tcache_idx, 0);
	kmem_cache_destroy(plain);
	kmem_cache_destroy(poisoned);
	kmem_cache_destroy(rcu);
	st_end();

	st_boot("mem=64M ukmem.slab_tcache=0");
	plain = kmem_cache_create("tc-plain", 64, 0, 0, NULL);
	cr_assert_eq(plain->tcache_idx, 0);
	cr_assert_eq(kmalloc_slab(64, GFP_KERNEL)->tcache_idx, 0);
	kmem_cache_destroy(plain);
	st_end();
}

Test(slab_fastpath, a_freed_object_is_reused_by_its_thread_and_counted_in_use)
{
	struct kmem_cache *s;
	struct slabinfo si;
	void *objs[100], *again;

	st_boot("mem=64M init_on_alloc=0");
	s = kmem_cache_create("tc-reuse", 64, 0, 0, NULL);
	for (int i = 0; i < 100; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, objs[99]);
	again = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(again, objs[99], "LIFO: the last object freed comes back first");
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, objs[i]);
	cr_assert_gt(slab_tcache_count(s), 0);
	cr_assert_eq(ukmem_slab_check(), 0, "objects in a thread cache are valid");
	/* in a thread cache = in use for the slab, as on a CPU freelist in 6.12 */
	get_slabinfo(s, &si);
	cr_assert_geq(si.active_objs, slab_tcache_count(s));
	cr_assert_eq(kmem_cache_shrink(s), 0);
	cr_assert_eq(slab_tcache_count(s), 0, "shrink empties every thread's bin");
	get_slabinfo(s, &si);
	cr_assert_eq(si.num_slabs, 0, "%lu slabs after shrink", si.num_slabs);
	cr_assert_eq(si.active_objs, 0);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_fastpath, slabinfo_counts_objects_in_thread_caches_as_active)
{
	struct kmem_cache *s;
	struct st_row row;
	struct slabinfo si;
	void *objs[500];
	char *text;

	st_boot("mem=64M");
	s = kmem_cache_create("tc-info", 128, 0, 0, NULL);
	for (int i = 0; i < 500; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 250; i++)
		kmem_cache_free(s, objs[i]);
	get_slabinfo(s, &si);
	text = ut_read("/proc/slabinfo");
	cr_assert(st_slabinfo_row(text, "tc-info", &row));
	free(text);
	cr_assert_eq(row.active, si.active_objs);
	cr_assert_eq(row.num, si.num_objs);
	/* the 250 live ones, plus what the thread cache and CPU slabs hold */
	cr_assert_geq(si.active_objs, 250 + slab_tcache_count(s));
	cr_assert_leq(si.active_objs, si.num_objs);
	cr_assert_eq(ukmem_slab_check(), 0);
	for (int i = 250; i < 500; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	st_end();
}

struct holder {
	struct kmem_cache *s;
	int n;
	void **objs;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stage; /* 1: the thread has freed into its cache; 2: it may exit */
};

static void *alloc_free_then_wait(void *arg)
{
	struct holder *h = arg;
	void **objs = calloc((size_t)h->n, sizeof(void *));

	for (int i = 0; i < h->n; i++)
		objs[i] = kmem_cache_alloc(h->s, GFP_KERNEL);
	for (int i = 0; i < h->n; i++)
		kmem_cache_free(h->s, objs[i]);
	free(objs);
	pthread_mutex_lock(&h->lock);
	h->stage = 1;
	pthread_cond_broadcast(&h->cond);
	while (h->stage < 2)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static void holder_init(struct holder *h, struct kmem_cache *s, int n)
{
	memset(h, 0, sizeof(*h));
	h->s = s;
	h->n = n;
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->cond, NULL);
}

static void holder_wait(struct holder *h, int stage)
{
	pthread_mutex_lock(&h->lock);
	while (h->stage < stage)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
}

static void holder_release(struct holder *h)
{
	pthread_mutex_lock(&h->lock);
	h->stage = 2;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

Test(slab_fastpath, thread_exit_gives_its_cache_back)
{
	struct kmem_cache *s;
	struct holder h;
	pthread_t t;

	st_boot("mem=64M");
	s = kmem_cache_create("tc-exit", 64, 0, 0, NULL);
	holder_init(&h, s, 300);
	cr_assert_eq(pthread_create(&t, NULL, alloc_free_then_wait, &h), 0);
	holder_wait(&h, 1);
	cr_assert_gt(slab_tcache_count(s), 0, "the live thread keeps its freed objects");
	cr_assert_eq(ukmem_check(), 0, "another thread's cache is checked safely");
	holder_release(&h);
	pthread_join(t, NULL);
	cr_assert_eq(slab_tcache_count(s), 0, "the exit gave the objects back");
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(s); /* no "Objects remaining" */
	st_end();
}

Test(slab_fastpath, destroy_and_shrink_empty_a_live_threads_cache)
{
	struct kmem_cache *s;
	struct holder h;
	char *log;
	pthread_t t;

	st_boot("mem=64M");
	s = kmem_cache_create("tc-destroy", 200, 0, 0, NULL);
	holder_init(&h, s, 500);
	cr_assert_eq(pthread_create(&t, NULL, alloc_free_then_wait, &h), 0);
	holder_wait(&h, 1);
	cr_assert_gt(slab_tcache_count(s), 0);
	ut_mark();
	kmem_cache_destroy(s);
	log = ut_log_since();
	cr_assert_null(strstr(log, "Objects remaining"), "destroy saw cached objects as live:\n%s",
		       log);
	free(log);
	holder_release(&h);
	pthread_join(t, NULL);
	cr_assert_eq(ukmem_check(), 0);
	st_end();
}

#define XFER_N 20000

struct ring {
	struct kmem_cache *s; /* NULL: kmalloc of varying sizes */
	void *slot[XFER_N];
	int head; /* written by the producer */
};

static void *consumer(void *arg)
{
	struct ring *r = arg;

	for (int i = 0; i < XFER_N; i++) {
		void *p;

		while (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) <= i)
			sched_yield();
		p = r->slot[i];
		if (r->s)
			kmem_cache_free(r->s, p);
		else
			kfree(p);
	}
	return NULL;
}

static void *producer(void *arg)
{
	struct ring *r = arg;

	for (int i = 0; i < XFER_N; i++) {
		void *p = r->s ? kmem_cache_alloc(r->s, GFP_KERNEL)
			       : kmalloc((size_t)(16 + (i * 37) % 1000), GFP_KERNEL);

		cr_assert_not_null(p);
		memset(p, 0x5a, 16);
		r->slot[i] = p;
		__atomic_store_n(&r->head, i + 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* Producer/consumer pairs, more threads than modelled CPUs: every free is remote. */
Test(slab_fastpath, cross_thread_frees_with_more_threads_than_cpus, .timeout = 60)
{
	struct kmem_cache *s;
	static struct ring rings[3];
	pthread_t p[3], c[3];
	unsigned long slab_kb;

	st_boot("mem=128M nr_cpus=2");
	slab_kb = meminfo_kb("Slab:");
	s = kmem_cache_create("tc-xfer", 96, 0, 0, NULL);
	for (int i = 0; i < 3; i++) {
		memset(&rings[i], 0, sizeof(rings[i]));
		rings[i].s = i == 2 ? NULL : s;
		cr_assert_eq(pthread_create(&c[i], NULL, consumer, &rings[i]), 0);
		cr_assert_eq(pthread_create(&p[i], NULL, producer, &rings[i]), 0);
	}
	/* shrink reaches into their caches while they work */
	for (int i = 0; i < 20; i++)
		kmem_cache_shrink(s);
	for (int i = 0; i < 3; i++) {
		pthread_join(p[i], NULL);
		pthread_join(c[i], NULL);
	}
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(s);
	shrink_all_caches();
	cr_assert_eq(meminfo_kb("Slab:"), slab_kb, "every slab page came back");
	st_end();
}

Test(slab_fastpath, shrink_returns_the_boot_figure)
{
	static void *objs[4000];
	unsigned long slab_kb;

	st_boot("mem=128M");
	slab_kb = meminfo_kb("Slab:");
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4000; i++)
			objs[i] = kmalloc((size_t)(8 + (i * 131) % 2048), GFP_KERNEL);
		for (int i = 0; i < 4000; i += 2)
			kfree(objs[i]);
		for (int i = 1; i < 4000; i += 2)
			kfree(objs[i]);
	}
	cr_assert_gt(slab_tcache_count(NULL), 0);
	cr_assert_gt(meminfo_kb("Slab:"), slab_kb);
	shrink_all_caches();
	cr_assert_eq(slab_tcache_count(NULL), 0);
	cr_assert_eq(meminfo_kb("Slab:"), slab_kb, "Slab: %lu kB, at boot %lu kB",
		     meminfo_kb("Slab:"), slab_kb);
	st_end();
}

Test(slab_fastpath, fork_child_gets_back_other_threads_caches)
{
	struct kmem_cache *s;
	struct holder h;
	void *mine[50];
	unsigned int own;
	int status;
	pthread_t t;
	pid_t pid;

	st_boot("mem=64M");
	s = kmem_cache_create("tc-fork", 64, 0, 0, NULL);
	holder_init(&h, s, 400);
	cr_assert_eq(pthread_create(&t, NULL, alloc_free_then_wait, &h), 0);
	holder_wait(&h, 1);
	for (int i = 0; i < 50; i++)
		mine[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 25; i++)
		kmem_cache_free(s, mine[i]);
	own = (unsigned long)(slab_tc->bin[s->tcache_idx].top - slab_tc->bin[s->tcache_idx].slots);
	cr_assert_geq(own, 25);
	cr_assert_gt(slab_tcache_count(s), own, "the other thread holds some too");
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int bad = 0;
		struct slabinfo si;

		/* only this thread's cache survives in the child */
		bad |= (ukmem_slab_check() != 0) << 0;
		bad |= (slab_tcache_count(s) != own) << 1;
		for (int i = 25; i < 50; i++)
			kmem_cache_free(s, mine[i]);
		bad |= (kmem_cache_shrink(s) != 0) << 2;
		get_slabinfo(s, &si);
		bad |= (si.num_slabs != 0) << 3;
		_exit(bad);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	cr_assert_gt(slab_tcache_count(s), 0, "the parent's threads keep theirs");
	holder_release(&h);
	pthread_join(t, NULL);
	for (int i = 25; i < 50; i++)
		kmem_cache_free(s, mine[i]);
	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_fastpath, init_on_alloc_and_init_on_free_apply_on_the_fast_path)
{
	struct kmem_cache *s;
	char *p, *q;

	st_boot("mem=64M");
	s = kmem_cache_create("tc-init", 64, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	memset(p, 0xab, 64);
	kmem_cache_free(s, p);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(q, p);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(q[i], 0, "init_on_alloc: byte %d not zeroed", i);
	kmem_cache_free(s, q);
	p = kmalloc(64, GFP_KERNEL);
	memset(p, 0xab, 64);
	kfree(p);
	q = kmalloc(64, GFP_KERNEL);
	cr_assert_eq(q, p);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(q[i], 0, "kmalloc: byte %d not zeroed", i);
	kfree(q);
	kmem_cache_destroy(s);
	st_end();

	st_boot("mem=64M init_on_alloc=0 init_on_free=1");
	s = kmem_cache_create("tc-init", 64, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	memset(p, 0xab, 64);
	kmem_cache_free(s, p);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(q, p);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(q[i], 0, "init_on_free: byte %d not zeroed", i);
	kmem_cache_free(s, q);
	p = kmem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	st_end();

	st_boot("mem=64M init_on_alloc=0");
	p = kmalloc(64, GFP_KERNEL);
	memset(p, 0xab, 64);
	kfree(p);
	q = kzalloc(64, GFP_KERNEL);
	cr_assert_eq(q, p);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(q[i], 0, "__GFP_ZERO: byte %d not zeroed", i);
	kfree(q);
	st_end();
}

Test(slab_fastpath, node_requests_bypass_the_thread_cache)
{
	struct kmem_cache *s;
	void *objs[200];

	st_boot("mem=128M numa=fake=2");
	s = kmem_cache_create("tc-node", 64, 0, 0, NULL);
	for (int i = 0; i < 200; i++)
		kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	for (int node = 0; node < 2; node++) {
		for (int i = 0; i < 200; i++) {
			objs[i] = kmem_cache_alloc_node(s, GFP_KERNEL, node);
			cr_assert_not_null(objs[i]);
			cr_assert_eq(page_to_nid(virt_to_page(objs[i])), node,
				     "object %d not on node %d", i, node);
		}
		for (int i = 0; i < 200; i++)
			kmem_cache_free(s, objs[i]);
	}
	for (int i = 0; i < 200; i++) {
		objs[i] = kmalloc_node(64, GFP_KERNEL, 1);
		cr_assert_eq(page_to_nid(virt_to_page(objs[i])), 1);
	}
	for (int i = 0; i < 200; i++)
		kfree(objs[i]);
	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_destroy(s);
	st_end();
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (void *const *)a, y = (uintptr_t) * (void *const *)b;

	return x < y ? -1 : x > y;
}

Test(slab_fastpath, bulk_calls_move_many_objects)
{
	struct kmem_cache *s;
	static void *objs[1000];

	/*
	 * init_on_alloc=1: every run is zeroed on the slow path; 0: runs the
	 * bin holds come off it whole, longer ones a run at a time
	 */
	for (int ioa = 1; ioa >= 0; ioa--) {
		st_boot(ioa ? "mem=64M init_on_alloc=1" : "mem=64M init_on_alloc=0");
		s = kmem_cache_create("tc-bulk", 48, 0, 0, NULL);
		for (int round = 0; round < 20; round++) {
			int n = 1 + (round * 97) % 1000;

			cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, (size_t)n, objs), n);
			for (int i = 0; i < n; i++) {
				for (int b = 0; ioa && b < 48; b++)
					cr_assert_eq(((char *)objs[i])[b], 0);
				memset(objs[i], 0x77, 48);
			}
			qsort(objs, (size_t)n, sizeof(objs[0]), cmp_ptr);
			for (int i = 1; i < n; i++)
				cr_assert_neq(objs[i - 1], objs[i], "handed out twice");
			cr_assert_eq(ukmem_slab_check(), 0);
			kmem_cache_free_bulk(s, (size_t)n, objs);
		}
		cr_assert_eq(ukmem_slab_check(), 0);
		kmem_cache_destroy(s);
		st_end();
	}
}

Test(slab_fastpath, rcu_cache_objects_are_reused_through_the_thread_cache)
{
	struct kmem_cache *s;
	void *a, *b;

	st_boot("mem=64M");
	s = kmem_cache_create("tc-typesafe", 128, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	rcu_read_lock();
	kmem_cache_free(s, a);
	b = kmem_cache_alloc(s, GFP_KERNEL); /* reused at once, as 6.12 allows */
	rcu_read_unlock();
	cr_assert_eq(a, b);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_fastpath, shutdown_counts_cached_objects_as_free)
{
	void *held;

	st_boot("mem=64M");
	for (int i = 0; i < 100; i++)
		kfree(kmalloc(32, GFP_KERNEL));
	held = kmalloc(32, GFP_KERNEL);
	(void)held;
	st_end_expect(1);
}

/*
 * The validator finds exactly one error after a deliberate corruption, and
 * its report holds each of the given pieces (a NULL-ended list).
 */
static void check_reports(const char *const *want)
{
	char *log;

	ut_mark();
	cr_assert_eq(ukmem_slab_check(), 1);
	log = ut_log_since();
	for (; *want; want++)
		ut_assert_log_has(log, *want);
	free(log);
}
#define assert_check_reports(...) check_reports((const char *const[]){__VA_ARGS__})

Test(slab_fastpath, the_validator_checks_thread_caches)
{
	struct kmem_cache *s, *other;
	struct slab_tcache_bin *b;
	void *a, *x, *saved, **saved_end;

	st_boot("mem=64M slab_nomerge");
	s = kmem_cache_create("tc-check", 64, 0, 0, NULL);
	other = kmem_cache_create("tc-other", 64, 0, 0, NULL);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	x = kmem_cache_alloc(other, GFP_KERNEL);
	kmem_cache_free(s, a);
	b = &slab_tc->bin[s->tcache_idx];
	cr_assert_eq(b->top[-1], a);

	/* a count past the bin's limit */
	saved_end = b->end;
	b->end = b->top - 1;
	assert_check_reports("ukmem_check: slab: thread cache ", ": count ", ", limit ", NULL);
	b->end = saved_end;
	cr_assert_eq(ukmem_slab_check(), 0);

	/* an object of another cache in the bin */
	saved = b->top[-1];
	b->top[-1] = x;
	assert_check_reports("tc-check: thread cache ", "not an object of the cache", NULL);
	b->top[-1] = saved;
	cr_assert_eq(ukmem_slab_check(), 0);

	/* the same object in two slots */
	*b->top++ = a;
	assert_check_reports("is in a thread cache and free elsewhere", NULL);
	b->top--;
	cr_assert_eq(ukmem_slab_check(), 0);

	/* the sentinel below the array overwritten */
	b->slots[-1] = a;
	assert_check_reports("sentinel lost or not its own", NULL);
	b->slots[-1] = NULL;
	cr_assert_eq(ukmem_slab_check(), 0);

	kmem_cache_free(other, x);
	kmem_cache_destroy(s);
	kmem_cache_destroy(other);
	st_end();
}

struct churner {
	struct kmem_cache *s;
	unsigned int seed;
	volatile int *stop;
	int *done; /* workers finished (atomic) */
};

static void *churn_random(void *arg)
{
	struct churner *c = arg;
	void *live[256] = {0};
	unsigned int x = c->seed;

	for (int i = 0; i < 200000 && !*c->stop; i++) {
		unsigned int k;

		x = x * 1103515245u + 12345u;
		k = (x >> 8) % 256;
		if (live[k]) {
			if (k & 1)
				kfree(live[k]);
			else
				kmem_cache_free(c->s, live[k]);
			live[k] = NULL;
		} else {
			live[k] = (k & 1) ? kmalloc(16 + (x >> 16) % 700, GFP_KERNEL)
					  : kmem_cache_alloc(c->s, GFP_KERNEL);
			cr_assert_not_null(live[k]);
			memset(live[k], (int)k, 16);
		}
	}
	for (int k = 0; k < 256; k++) {
		if (!live[k])
			continue;
		if (k & 1)
			kfree(live[k]);
		else
			kmem_cache_free(c->s, live[k]);
	}
	if (c->done)
		__atomic_fetch_add(c->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * Shrink and the count reach into caches of threads that keep working (the
 * validator wants a quiet machine: slabs being made or freed are not yet
 * or no longer counted on their node).
 */
/*
 * Shrink runs for as long as the workers do: each shrink empties every
 * thread's bin while its owner pops and pushes.  It caught a bin update
 * that read its top before the remote flag (a stale top after a flush:
 * objects handed out twice, a garbage count) in 11 runs of 20.
 */
Test(slab_fastpath, shrink_while_threads_run, .timeout = 120)
{
	struct kmem_cache *s;
	struct churner c[4];
	volatile int stop = 0;
	int done = 0;
	pthread_t t[4];

	st_boot("mem=128M nr_cpus=2");
	s = kmem_cache_create("tc-churn", 80, 0, 0, NULL);
	for (int i = 0; i < 4; i++) {
		c[i] = (struct churner){
			.s = s, .seed = 17u * (unsigned int)i + 1, .stop = &stop, .done = &done};
		cr_assert_eq(pthread_create(&t[i], NULL, churn_random, &c[i]), 0);
	}
	for (int round = 0; round < 30 || __atomic_load_n(&done, __ATOMIC_ACQUIRE) < 4; round++) {
		kmem_cache_shrink(s);
		kmem_cache_shrink(kmalloc_slab(64, GFP_KERNEL));
		(void)slab_tcache_count(NULL);
	}
	stop = 1;
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(slab_tcache_count(s), 0, "every thread gave its cache back");
	cr_assert_eq(ukmem_check(), 0);
	kmem_cache_destroy(s);
	st_end();
}

Test(slab_fastpath, bulk_free_of_another_caches_object_warns_and_frees_it_right)
{
	struct kmem_cache *a, *b;
	void *objs[8];
	char *log;

	st_boot("mem=64M slab_nomerge");
	a = kmem_cache_create("tc-bulk-a", 64, 0, 0, NULL);
	b = kmem_cache_create("tc-bulk-b", 64, 0, 0, NULL);
	cr_assert_eq(kmem_cache_alloc_bulk(a, GFP_KERNEL, 8, objs), 8);
	kmem_cache_free(a, objs[4]);
	objs[4] = kmem_cache_alloc(b, GFP_KERNEL);
	ut_mark();
	kmem_cache_free_bulk(a, 8, objs);
	log = ut_log_since();
	ut_assert_log_has(log, "cache_from_obj: Wrong slab cache. tc-bulk-a but object is from "
			       "tc-bulk-b");
	free(log);
	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b); /* no "Objects remaining": it went back to b */
	st_end();
}

/*
 * The free fast path's test (slab_fast_obj_bin) against the definition,
 * at every byte of a slab: the cache's bin exactly at object starts, 0
 * inside objects and in the bytes after the last one.  Sizes with and
 * without a tail, smaller and larger than a page, slabs of order 0..3,
 * and a cache with slub_min_order=2 (several pages per small object).
 */
static void check_every_byte(struct kmem_cache *s)
{
	void *obj = kmem_cache_alloc(s, GFP_KERNEL);
	struct slab *slab;
	char *base;
	unsigned long bytes, bad = 0;

	cr_assert_not_null(obj);
	slab = virt_to_slab(obj);
	base = slab_address(slab);
	bytes = slab_size(slab);
	for (unsigned long off = 0; off < bytes; off++) {
		bool start = off % s->size == 0 && off / s->size < slab->objects;
		unsigned int got = slab_tcache_obj_bin(base + off, 0);
		unsigned int mine = slab_tcache_obj_bin(base + off, s->tcache_idx);

		/* kfree's test (any bin) and kmem_cache_free's (this cache's) */
		if ((got != (start ? s->tcache_idx : 0) || mine != got) && bad++ < 5)
			cr_log_error("%s (size %u, order %u): offset %lu: bin %u, as %s's %u",
				     s->name, s->size, slab_order(slab), off, got, s->name, mine);
	}
	cr_assert_eq(bad, 0, "%s: %lu offsets misjudged", s->name, bad);
	/* and the named cache must match */
	cr_assert_eq(slab_tcache_obj_bin(obj, s->tcache_idx), s->tcache_idx);
	cr_assert_eq(slab_tcache_obj_bin(obj, s->tcache_idx == 1 ? 2 : 1), 0);
	kmem_cache_free(s, obj);
}

Test(slab_fastpath, the_free_fast_path_knows_object_starts)
{
	static const unsigned int sizes[] = {8,	   16,	 24,   40,   64,   96,	 100,
					     192,  200,	 256,  1000, 1024, 1500, 3000,
					     4096, 5000, 8192, 9000, 12345};

	for (int boot = 0; boot < 2; boot++) {
		st_boot(boot ? "mem=64M slab_nomerge slub_min_order=2" : "mem=64M slab_nomerge");
		for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
			char name[32];
			struct kmem_cache *s;

			snprintf(name, sizeof(name), "tc-geo-%u", sizes[i]);
			s = kmem_cache_create(name, sizes[i], 0, 0, NULL);
			cr_assert_not_null(s);
			cr_assert_neq(s->tcache_idx, 0);
			check_every_byte(s);
			kmem_cache_destroy(s);
		}
		st_end();
	}
}

/*
 * kmalloc's bare pop reads a copy of its size table that is all 0 while
 * objects must be zeroed or hooks are on: the copy follows both, and the
 * validator compares it with its source.
 */
/* A 64-byte object dirtied and freed, then taken again with @gfp: all zero. */
static void assert_reused_object_zeroed(gfp_t gfp, const char *what)
{
	char *p = kmalloc(64, GFP_KERNEL);

	memset(p, 0x5a, 64);
	kfree(p);
	p = kmalloc(64, gfp);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(p[i], 0, "%s: byte %d", what, i);
	kfree(p);
}

/* Another thread: free the object, exit (its bin, only that object, goes back). */
static void *free_and_exit(void *arg)
{
	struct kmem_cache *s = ((void **)arg)[0];

	kmem_cache_free(s, ((void **)arg)[1]);
	return NULL;
}

/*
 * The naive double free of an object a thread's exit flushed back to the
 * head of the CPU's free list: 6.12 finds it there (set_freepointer()'s
 * BUG_ON), and so must a push into this thread's bin, which watches that
 * head.  Before, the push took it: the object was then cached and listed
 * at once, and a later refill followed its zeroed link.
 */
Test(slab_fastpath, a_double_free_heading_the_cpu_list_is_caught)
{
	for (int iof = 0; iof < 2; iof++) {
		struct kmem_cache *s;
		void *x, *a, *b, *arg[2];
		pthread_t t;

		st_boot(iof ? "mem=64M nr_cpus=1 ukmem.bug=warn init_on_free=1"
			    : "mem=64M nr_cpus=1 ukmem.bug=warn");
		s = kmem_cache_create("tc-watch", 64, 0, 0, NULL);
		x = kmem_cache_alloc(s, GFP_KERNEL);
		arg[0] = s;
		arg[1] = x;
		cr_assert_eq(pthread_create(&t, NULL, free_and_exit, arg), 0);
		cr_assert_eq(pthread_join(t, NULL), 0);
		st_assert_double_free_refused(s, x);
		cr_assert_eq(ukmem_slab_check(), 0,
			     "init_on_free=%d: the refused free changed nothing", iof);
		a = kmem_cache_alloc(s, GFP_KERNEL);
		b = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_neq(a, b);
		kmem_cache_free(s, a);
		kmem_cache_free(s, b);
		kmem_cache_destroy(s);
		st_end();
	}
}

/*
 * One reuse of a 64-byte object of @gfp's cache: it comes back from this
 * thread's bin (one object fewer there), and zeroed when @zeroed says so
 * (init_on_alloc or __GFP_ZERO) - kmalloc's slow side pops these caches'
 * bins itself and must zero exactly when slab_alloc_node() would.
 */
static void assert_type_reuse(gfp_t gfp, gfp_t again, bool zeroed, const char *what)
{
	unsigned char *p = kmalloc(64, gfp), *q;
	struct kmem_cache *s;
	unsigned long held;

	cr_assert_not_null(p, "%s", what);
	s = virt_to_slab(p)->slab_cache;
	memset(p, 0x5a, 64);
	kfree(p);
	held = slab_tcache_count(s);
	cr_assert_gt(held, 0, "%s: kfree pushed into %s's bin", what, s->name);
	q = kmalloc(64, again);
	cr_assert_eq(q, p, "%s: the freed object comes back", what);
	cr_assert_eq(slab_tcache_count(s), held - 1, "%s", what);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(q[i], zeroed ? 0 : 0x5a, "%s: byte %d", what, i);
	kfree(q);
}

/* The cgroup and reclaimable kmalloc caches through the thread caches. */
Test(slab_fastpath, kmallocs_other_types_pop_their_bins)
{
	const gfp_t types[] = {GFP_KERNEL_ACCOUNT, GFP_KERNEL | __GFP_RECLAIMABLE};

	st_boot("mem=64M init_on_alloc=0");
	for (unsigned int t = 0; t < ARRAY_SIZE(types); t++) {
		assert_type_reuse(types[t], types[t], false, "init_on_alloc=0");
		assert_type_reuse(types[t], types[t] | __GFP_ZERO, true, "__GFP_ZERO");
	}
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();

	st_boot("mem=64M");
	for (unsigned int t = 0; t < ARRAY_SIZE(types); t++)
		assert_type_reuse(types[t], types[t], true, "init_on_alloc=1");
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();

	/* wiped when freed, and the link cleared when popped */
	st_boot("mem=64M init_on_alloc=0 init_on_free=1");
	for (unsigned int t = 0; t < ARRAY_SIZE(types); t++)
		assert_type_reuse(types[t], types[t], true, "init_on_free=1");
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}

/*
 * With the random kmalloc caches every copy of the normal caches has a
 * bin and kfree pushes into it; kmalloc's front serves none of them (the
 * copy depends on the call site), so its tables are all 0 and its slow
 * side pops the chosen copy's bin.
 */
Test(slab_fastpath, random_kmalloc_caches_go_through_thread_caches)
{
	struct kmem_cache *s = NULL;
	unsigned long held = 0;
	char *log, want[96];
	void *p[2];
	u8 saved;

	st_boot("mem=128M init_on_alloc=0 ukmem.random_kmalloc_caches=1");
	for (int t = KMALLOC_NORMAL; t <= KMALLOC_RANDOM_END; t++)
		for (int i = 1; i <= KMALLOC_SHIFT_HIGH; i++)
			if (kmalloc_caches[t][i])
				cr_assert_neq(kmalloc_caches[t][i]->tcache_idx, 0, "%s has no bin",
					      kmalloc_caches[t][i]->name);
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size += 8) {
		cr_assert_eq(*slab_tcache_kmalloc_bin_slot(size), 0);
		cr_assert_eq(*slab_tcache_size_bin_slot(size), 0);
	}
	/* one call site twice: the same copy, the object back from its bin */
	for (int i = 0; i < 2; i++) {
		p[i] = kmalloc(64, GFP_KERNEL);
		cr_assert_not_null(p[i]);
		if (i)
			break;
		s = virt_to_slab(p[0])->slab_cache;
		kfree(p[0]);
		held = slab_tcache_count(s);
		cr_assert_gt(held, 0, "kfree pushed into %s's bin", s->name);
	}
	cr_assert_eq(p[1], p[0]);
	cr_assert_eq(slab_tcache_count(s), held - 1, "kmalloc popped the bin");
	kfree(p[1]);
	cr_assert_eq(ukmem_slab_check(), 0);

	/*
	 * The validator knows kmalloc's table must stay 0, and then finds the
	 * bare pop's copy (still 0) no longer following it: two errors.
	 */
	saved = *slab_tcache_kmalloc_bin_slot(64);
	*slab_tcache_kmalloc_bin_slot(64) = (u8)s->tcache_idx;
	ut_mark();
	cr_assert_eq(ukmem_slab_check(), 2);
	log = ut_log_since();
	snprintf(want, sizeof(want), "kmalloc table: sizes 57..64: bin %u, should be 0\n",
		 s->tcache_idx);
	ut_assert_log_has(log, want);
	snprintf(want, sizeof(want), "kmalloc fast table: sizes 57..64: bin 0, should be %u\n",
		 s->tcache_idx);
	ut_assert_log_has(log, want);
	free(log);
	*slab_tcache_kmalloc_bin_slot(64) = saved;
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}

Test(slab_fastpath, kmallocs_fast_table_follows_init_and_hooks)
{
	u8 *slot, saved;
	char *p;

	st_boot("mem=64M init_on_alloc=0");
	slot = slab_tcache_size_bin_slot(64);
	cr_assert_not_null(slot);
	cr_assert_neq(*slot, 0, "open without init_on_alloc");
	cr_assert_eq(slab_tcache_size_bin_slot(0), NULL);
	cr_assert_eq(slab_tcache_size_bin_slot(KMALLOC_MAX_CACHE_SIZE + 1), NULL);

	/* kzalloc takes the slow path and still zeroes a reused object */
	assert_reused_object_zeroed(GFP_KERNEL | __GFP_ZERO, "kzalloc");

	/* a wrong bin in the copy */
	saved = *slot;
	*slot = (u8)(saved + 1);
	assert_check_reports("ukmem_check: slab: kmalloc fast table: sizes 57..64: bin ", NULL);
	*slot = saved;
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();

	st_boot("mem=64M");
	slot = slab_tcache_size_bin_slot(64);
	cr_assert_eq(*slot, 0, "closed with init_on_alloc");
	assert_reused_object_zeroed(GFP_KERNEL, "init_on_alloc");
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();

	/* failslab armed: closed, so that its hook sees the kmalloc it fails */
	st_boot("mem=64M init_on_alloc=0 failslab=1,100,0,1");
	slot = slab_tcache_size_bin_slot(64);
	cr_assert_eq(*slot, 0, "closed while failslab is armed");
	cr_assert_null(kmalloc(64, GFP_ATOMIC)); /* (ignore-gfp-wait: GFP_KERNEL passes) */
	p = kmalloc(64, GFP_ATOMIC);
	cr_assert_not_null(p);
	kfree(p);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}

static void assert_reused_cache_object_zeroed(struct kmem_cache *s, gfp_t gfp, const char *what)
{
	char *p = kmem_cache_alloc(s, GFP_KERNEL);

	memset(p, 0x5a, 64);
	kmem_cache_free(s, p);
	p = kmem_cache_alloc(s, gfp);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(p[i], 0, "%s: byte %d", what, i);
	kmem_cache_free(s, p);
}

Test(slab_fastpath, kmem_cache_allocs_fast_bin_follows_init_and_hooks)
{
	struct kmem_cache *s, *k64;
	unsigned int saved;
	char *p;

	st_boot("mem=64M init_on_alloc=0 slab_nomerge");
	s = kmem_cache_create("tc-open", 64, 0, 0, NULL);
	cr_assert_neq(s->tcache_idx, 0);
	cr_assert_eq(s->tcache_alloc_idx, s->tcache_idx, "open without init_on_alloc");
	k64 = kmalloc_slab(64, GFP_KERNEL);
	cr_assert_eq(k64->tcache_alloc_idx, k64->tcache_idx);

	/* kmem_cache_zalloc takes the slow path and still zeroes a reused object */
	assert_reused_cache_object_zeroed(s, GFP_KERNEL | __GFP_ZERO, "kmem_cache_zalloc");

	/* a wrong bin: closed while it should be open */
	saved = s->tcache_alloc_idx;
	s->tcache_alloc_idx = 0;
	assert_check_reports("ukmem_check: slab: tc-open: kmem_cache_alloc fast bin 0, should be ",
			     NULL);
	s->tcache_alloc_idx = saved;
	cr_assert_eq(ukmem_slab_check(), 0);
	kmem_cache_destroy(s);
	st_end();

	st_boot("mem=64M slab_nomerge");
	s = kmem_cache_create("tc-open", 64, 0, 0, NULL);
	cr_assert_neq(s->tcache_idx, 0);
	cr_assert_eq(s->tcache_alloc_idx, 0, "closed with init_on_alloc");
	assert_reused_cache_object_zeroed(s, GFP_KERNEL, "init_on_alloc");
	kmem_cache_destroy(s);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();

	/*
	 * failslab, armed once the boot is done: it closes the kmalloc caches
	 * made before it, and a cache made after it starts closed, so that
	 * its hook sees the allocation it fails
	 */
	st_boot("mem=64M init_on_alloc=0 slab_nomerge failslab=1,100,0,1");
	k64 = kmalloc_slab(64, GFP_KERNEL);
	cr_assert_neq(k64->tcache_idx, 0);
	cr_assert_eq(k64->tcache_alloc_idx, 0, "closed when failslab was armed");
	s = kmem_cache_create("tc-open", 64, 0, 0, NULL);
	cr_assert_eq(s->tcache_alloc_idx, 0, "made closed while failslab is armed");
	cr_assert_null(kmem_cache_alloc(s, GFP_ATOMIC)); /* (ignore-gfp-wait: GFP_KERNEL passes) */
	p = kmem_cache_alloc(s, GFP_ATOMIC);
	cr_assert_not_null(p);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}

/*
 * init_on_alloc zeroes a reused object whole, for every size the inline
 * zeroing handles (16..128 bytes, the last store overlapping the end) and
 * on both sides of it; slub_debug=Z's red zone right after the object
 * shows that nothing past it is written.
 */
Test(slab_fastpath, init_on_alloc_zeroes_every_byte_of_a_reused_object)
{
	static const unsigned int sizes[] = {8,	  12,  16,  17,	 24,  40, 64,
					     100, 120, 127, 128, 129, 200};

	for (int debug = 0; debug < 2; debug++) {
		st_boot(debug ? "mem=64M slab_nomerge slub_debug=Z" : "mem=64M slab_nomerge");
		for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
			struct kmem_cache *s = kmem_cache_create("tc-zero", sizes[i], 0, 0, NULL);
			unsigned char *p = kmem_cache_alloc(s, GFP_KERNEL);

			memset(p, 0xa5, sizes[i]);
			kmem_cache_free(s, p);
			p = kmem_cache_alloc(s, GFP_KERNEL);
			for (unsigned int b = 0; b < sizes[i]; b++)
				cr_assert_eq(p[b], 0, "size %u: byte %u", sizes[i], b);
			kmem_cache_free(s, p);
			cr_assert_eq(ukmem_slab_check(), 0, "size %u", sizes[i]);
			kmem_cache_destroy(s);
		}
		st_end();
	}
}

/*
 * A merged cache's objects grow to the largest alias's size: what
 * init_on_alloc zeroes from the thread cache grows with them.
 */
Test(slab_fastpath, init_on_alloc_zeroes_an_alias_grown_object)
{
	struct kmem_cache *a, *b;
	unsigned char *p;

	st_boot("mem=64M");
	a = kmem_cache_create("tc-alias-a", 44, 0, 0, NULL);
	b = kmem_cache_create("tc-alias-b", 48, 0, 0, NULL);
	cr_assert_eq(a, b, "the two caches merge");
	cr_assert_eq(kmem_cache_size(b), 48);
	p = kmem_cache_alloc(b, GFP_KERNEL);
	memset(p, 0xa5, 48);
	kmem_cache_free(b, p);
	p = kmem_cache_alloc(b, GFP_KERNEL);
	for (int i = 0; i < 48; i++)
		cr_assert_eq(p[i], 0, "byte %d", i);
	kmem_cache_free(b, p);

	/* the validator knows what it must be */
	b->tcache_zero_size = 44;
	assert_check_reports("zeroes 44 bytes of an object from the thread cache, should be 48",
			     NULL);
	b->tcache_zero_size = 48;
	kmem_cache_destroy(b);
	kmem_cache_destroy(a);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}

static void noop_ctor(void *object)
{
	(void)object;
}

/*
 * init_on_free without init_on_alloc: kfree and kmem_cache_free wipe the
 * object on their way into the thread cache (the object comes back from
 * it, so only the free can have zeroed it), the caches' wipe sizes follow
 * init_on_free, and the validator knows them.
 */
Test(slab_fastpath, init_on_free_wipes_objects_into_the_thread_cache)
{
	struct kmem_cache *s;
	unsigned int saved;
	unsigned char *p, *q;

	st_boot("mem=64M init_on_alloc=0 init_on_free=1 slab_nomerge");
	s = kmem_cache_create("tc-wipe", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	cr_assert_eq(s->tcache_wipe_size, 100);
	cr_assert_eq(s->tcache_zero_size, 0);
	for (int round = 0; round < 2; round++) {
		p = round ? kmalloc(100, GFP_KERNEL) : kmem_cache_alloc(s, GFP_KERNEL);
		memset(p, 0xa5, 100);
		if (round)
			kfree(p);
		else
			kmem_cache_free(s, p);
		q = round ? kmalloc(100, GFP_KERNEL) : kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_eq(q, p, "the thread cache gives the object back");
		for (int i = 0; i < 100; i++)
			cr_assert_eq(q[i], 0, "round %d: byte %d", round, i);
		if (round)
			kfree(q);
		else
			kmem_cache_free(s, q);
	}
	cr_assert_eq(ukmem_slab_check(), 0);
	saved = s->tcache_wipe_size;
	s->tcache_wipe_size = 96;
	assert_check_reports("tc-wipe: wipes 96 bytes and from ", NULL);
	s->tcache_wipe_size = saved;
	kmem_cache_destroy(s);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();

	/* a ctor cache keeps its contents: nothing to wipe */
	st_boot("mem=64M init_on_free=1");
	s = kmem_cache_create("tc-wipe-ctor", 64, 0, 0, noop_ctor);
	cr_assert_eq(s->tcache_wipe_size, 0);
	kmem_cache_destroy(s);
	st_end();
}

static void marker_ctor(void *object)
{
	memset(object, 0x3c, 64);
}

/*
 * __GFP_ZERO on a ctor cache: with init_on_alloc the object keeps what
 * its constructor wrote, as 6.12's slab_want_init_on_alloc() says, and
 * without it the object is zeroed; the same whether the object comes
 * from a new slab or back from the thread cache.
 */
Test(slab_fastpath, gfp_zero_on_a_ctor_cache_follows_init_on_alloc)
{
	for (int ioa = 1; ioa >= 0; ioa--) {
		struct kmem_cache *s;
		unsigned char *p, *q;
		unsigned char want = ioa ? 0x3c : 0;

		st_boot(ioa ? "mem=64M slab_nomerge" : "mem=64M slab_nomerge init_on_alloc=0");
		s = kmem_cache_create("tc-ctor-zero", 64, 0, 0, marker_ctor);
		cr_assert_neq(s->tcache_idx, 0);
		cr_assert_eq(s->tcache_gfp_zero_size, ioa ? 0 : 64);
		p = kmem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);
		cr_assert_eq(p[0], want, "ioa %d: from the slab", ioa);
		memset(p, 0x3c, 64);
		kmem_cache_free(s, p);
		q = kmem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);
		cr_assert_eq(q, p, "back from the thread cache");
		for (int i = 0; i < 64; i++)
			cr_assert_eq(q[i], want, "ioa %d: byte %d", ioa, i);
		kmem_cache_free(s, q);
		s->tcache_gfp_zero_size ^= 64;
		assert_check_reports("tc-ctor-zero: zeroes ",
				     " bytes for __GFP_ZERO from the thread cache, should be ",
				     NULL);
		s->tcache_gfp_zero_size ^= 64;
		kmem_cache_destroy(s);
		cr_assert_eq(ukmem_slab_check(), 0);
		st_end();
	}
}

/*
 * init_on_free with init_on_alloc=0, through the bulk calls: every object
 * handed out is all zero (wiped when it was freed, its free pointer
 * cleared when it was handed out), and nothing is handed out twice.
 */
Test(slab_fastpath, init_on_free_bulk_objects_come_back_zeroed)
{
	struct kmem_cache *s;
	static void *objs[300];

	st_boot("mem=64M init_on_alloc=0 init_on_free=1 slab_nomerge");
	s = kmem_cache_create("tc-wipe-bulk", 96, 0, 0, NULL);
	for (int round = 0; round < 12; round++) {
		int n = 1 + (round * 71) % 300;

		cr_assert_eq(kmem_cache_alloc_bulk(s, GFP_KERNEL, (size_t)n, objs), n);
		for (int i = 0; i < n; i++) {
			for (int b = 0; b < 96; b++)
				cr_assert_eq(((unsigned char *)objs[i])[b], 0,
					     "round %d: object %d byte %d", round, i, b);
			memset(objs[i], 0x77, 96);
		}
		kmem_cache_free_bulk(s, (size_t)n, objs);
		cr_assert_eq(ukmem_slab_check(), 0);
	}
	kmem_cache_destroy(s);
	st_end();
}

/*
 * init_on_free wipes the bytes after the object up to the slot's end,
 * as 6.12 does.  (Writing there is out of bounds for ASan: not in the
 * sanitizer builds.)
 */
#if defined(__SANITIZE_ADDRESS__)
#define TC_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TC_UNDER_ASAN 1
#endif
#endif
#ifndef TC_UNDER_ASAN
Test(slab_fastpath, init_on_free_wipes_the_slot_tail)
{
	struct kmem_cache *s;
	unsigned char *p;

	st_boot("mem=64M init_on_alloc=0 init_on_free=1 slab_nomerge");
	s = kmem_cache_create("tc-wipe-tail", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	cr_assert_eq(s->size, 128);
	cr_assert_lt(s->tcache_wipe_tail, 128);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	memset(p, 0xa5, 128);
	kmem_cache_free(s, p);
	for (unsigned int i = 0; i < 128; i++)
		if (i < 100 || i >= s->tcache_wipe_tail)
			cr_assert_eq(p[i], 0, "byte %u", i);
	cr_assert_eq(kmem_cache_alloc(s, GFP_KERNEL), p);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}

/*
 * init_on_free through a full bin: the free that finds the bin full goes
 * on to slab_free(), whose wipe leaves the link (a refused double free may
 * still need it) and whose push clears it once the object is in the bin.
 * Every freed object the bin holds afterwards is all zero.  (Objects a
 * refill brought and no one took keep their links, as on a CPU's list.)
 */
Test(slab_fastpath, init_on_free_leaves_nothing_in_a_full_bin)
{
	struct kmem_cache *s;
	struct slab_tcache_bin *b;
	unsigned char *p[300];
	unsigned int held = 0;

	st_boot("mem=64M init_on_alloc=0 init_on_free=1");
	s = kmem_cache_create("tc-wipe-full", 64, 0, 0, NULL);
	for (int i = 0; i < 300; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		memset(p[i], 0xa5, 64);
	}
	for (int i = 0; i < 300; i++)
		kmem_cache_free(s, p[i]);
	b = &slab_tc->bin[s->tcache_idx];
	for (void **q = b->slots; q < b->top; q++) {
		bool freed = false;

		for (int j = 0; j < 300; j++)
			freed |= *q == p[j];
		if (!freed)
			continue;
		held++;
		for (int i = 0; i < 64; i++)
			cr_assert_eq(((unsigned char *)*q)[i], 0, "object %p, byte %d", *q, i);
	}
	cr_assert_gt(held, 0, "the bin holds freed objects");
	kmem_cache_destroy(s);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}
#endif

/*
 * Hooks switched on and off (failslab's probability, from another thread)
 * while two threads create, use and destroy caches: every cache's bare
 * pop bin, set up or dropped under slab_hooks_lock, stays consistent.
 */
static volatile int toggle_stop;

static void *hooks_toggler(void *arg)
{
	(void)arg;
	for (int i = 0; !toggle_stop; i++)
		ukmem_proc_write("/sys/kernel/debug/failslab/probability", i & 1 ? "100" : "0",
				 i & 1 ? 3 : 1);
	return NULL;
}

static void *cache_churner(void *arg)
{
	long id = (long)arg;
	char name[32];

	for (int r = 0; r < 120; r++) {
		struct kmem_cache *s;
		void *o[32];

		snprintf(name, sizeof(name), "tc-churn-%ld-%d", id, r);
		s = kmem_cache_create(name, 32 + 8 * (r % 20), 0, 0, NULL);
		if (!s)
			return (void *)1;
		for (int i = 0; i < 32; i++)
			o[i] = kmem_cache_alloc(s, GFP_KERNEL);
		for (int i = 0; i < 32; i++)
			kmem_cache_free(s, o[i]);
		kmem_cache_destroy(s);
	}
	return NULL;
}

Test(slab_fastpath, hooks_switching_while_caches_come_and_go, .timeout = 120)
{
	pthread_t t, c[2];
	void *ret;

	st_boot("mem=128M init_on_alloc=0 slab_nomerge failslab=0,0,0,-1");
	toggle_stop = 0;
	cr_assert_eq(pthread_create(&t, NULL, hooks_toggler, NULL), 0);
	for (long i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&c[i], NULL, cache_churner, (void *)i), 0);
	for (int i = 0; i < 2; i++) {
		pthread_join(c[i], &ret);
		cr_assert_null(ret, "kmem_cache_create failed");
	}
	toggle_stop = 1;
	pthread_join(t, NULL);
	ukmem_proc_write("/sys/kernel/debug/failslab/probability", "0", 1);
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}

Test(slab_fastpath, the_validator_checks_the_free_fast_path_table)
{
	struct kmem_cache *s;
	void *obj;
	u64 saved, *slot;

	st_boot("mem=64M slab_nomerge");
	s = kmem_cache_create("tc-table", 96, 0, 0, NULL);
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	slot = slab_tcache_pfn_slot(obj);
	cr_assert_not_null(slot);
	saved = *slot;
	cr_assert_neq(saved, 0);

	/* an entry that names another bin */
	*slot = saved ^ 1;
	assert_check_reports("ukmem_check: slab: page ", "free fast path entry", NULL);
	*slot = saved;
	cr_assert_eq(ukmem_slab_check(), 0);

	/* an entry for a page in no slab */
	kmem_cache_free(s, obj);
	kmem_cache_destroy(s);
	cr_assert_eq(*slot, 0, "a freed slab's pages are forgotten");
	*slot = saved;
	ut_mark();
	cr_assert_eq(ukmem_slab_check(), 1);
	*slot = 0;
	cr_assert_eq(ukmem_slab_check(), 0);
	st_end();
}
