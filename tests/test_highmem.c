// SPDX-License-Identifier: GPL-2.0
/*
 * test_highmem.c - kmap, kmap_local and page_address() of highmem pages
 * on the 32-bit models (arch=i386 mem=2G, arch=arm mem=1G), and the
 * unchanged x86_64 path.
 *
 * The mappings are real: a byte written through a kmap() address is read
 * back through a kmap_local_page() address of the same physical page.
 * Also: lowmem pages map to page_address(); a kunmapped page keeps its
 * address until the pkmap window wraps; kunmap_local's LIFO rule (WARN)
 * and the 16-slot limit (BUG); one thread holding every pkmap slot while
 * another blocks in kmap() and goes on after a kunmap(); many threads
 * asking for more slots than exist; the page helpers; fork() (the child
 * reads and writes its own copy through the same kmap address).  Every
 * test ends with the highmem cross-check, ukmem_check() and no leak.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <ukmem/ukmem.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "kernel/kinternal.h"

#define I386 "arch=i386 mem=2G"
#define ARM "arch=arm mem=1G"

static void hm_end(void)
{
	cr_assert_eq(ukmem_highmem_check(), 0, "ukmem_highmem_check() found errors");
	ukmem_highmem_exit();
	ut_end();
}

static struct page *high_page(void)
{
	struct page *page = alloc_page(GFP_HIGHUSER);

	cr_assert_not_null(page);
	cr_assert(PageHighMem(page), "GFP_HIGHUSER gave a lowmem page");
	return page;
}

static bool in_pkmap(const void *p)
{
	unsigned long a = (unsigned long)p;

	return a >= PKMAP_BASE && a < PKMAP_BASE + LAST_PKMAP * PAGE_SIZE;
}

static void fill(void *p, unsigned long seed)
{
	unsigned long *w = p;

	for (size_t i = 0; i < PAGE_SIZE / sizeof(*w); i++)
		w[i] = seed * 2654435761UL + i;
}

static bool filled(const void *p, unsigned long seed)
{
	const unsigned long *w = p;

	for (size_t i = 0; i < PAGE_SIZE / sizeof(*w); i++)
		if (w[i] != seed * 2654435761UL + i)
			return false;
	return true;
}

/* ---- two real mappings of one physical page ---- */

static void two_mappings(const char *cmdline)
{
	struct page *page;
	char *k, *l;

	ut_boot(cmdline);
	cr_assert_eq(ukmem_highmem_init(), 0);
	cr_assert_eq(ukmem_highmem_init(), 0, "init is idempotent");
	page = high_page();
	cr_assert_null(page_address(page), "a highmem page has no address before kmap");

	k = kmap(page);
	cr_assert_not_null(k);
	cr_assert(in_pkmap(k), "kmap address %p outside the pkmap window", k);
	cr_assert_eq(page_address(page), k, "page_address() of a kmapped page");
	cr_assert_eq(kmap_to_page(k), page);
	cr_assert_eq(kmap(page), k, "a second kmap shares the slot");
	kunmap(page);
	fill(k, 7);

	l = kmap_local_page(page);
	cr_assert_not_null(l);
	cr_assert_neq(l, k, "kmap_local gives a mapping of its own");
	cr_assert_eq(kmap_to_page(l), page);
	cr_assert(filled(l, 7), "bytes written through kmap not seen through kmap_local");
	l[100] = 0x5a;
	cr_assert_eq(k[100], 0x5a, "bytes written through kmap_local not seen through kmap");
	kunmap_local(l);

	kunmap(page);
	/* mapped but unused: the address stays valid until the window wraps */
	cr_assert_eq(page_address(page), k);
	cr_assert_eq(k[100], 0x5a);
	kmap_flush_unused();
	cr_assert_null(page_address(page), "a flushed slot forgets the page");

	/* kmap_atomic is kmap_local */
	l = kmap_atomic(page);
	cr_assert_eq(l[100], 0x5a);
	kunmap_atomic(l);
	__free_page(page);
	hm_end();
}

Test(highmem, two_mappings_i386)
{
	two_mappings(I386);
}
Test(highmem, two_mappings_arm)
{
	two_mappings(ARM);
}

Test(highmem, pkmap_where_the_real_machines_have_it)
{
	ut_boot(I386);
	cr_assert_eq(ukmem_highmem_init(), 0);
	if (PAGE_OFFSET == 0xC0000000UL)
		cr_expect_eq(PKMAP_BASE, 0xff800000UL, "i386 PKMAP_BASE %#lx", PKMAP_BASE);
	cr_assert(PKMAP_BASE >= (unsigned long)high_memory || PKMAP_BASE + 0x200000 <= PAGE_OFFSET);
	hm_end();
	ut_boot(ARM);
	cr_assert_eq(ukmem_highmem_init(), 0);
	if (PAGE_OFFSET == 0xC0000000UL)
		cr_expect_eq(PKMAP_BASE, PAGE_OFFSET - 0x200000UL, "arm PKMAP_BASE %#lx",
			     PKMAP_BASE);
	hm_end();
}

/* ---- lowmem and x86_64: page_address ---- */

static void lowmem_path(const char *cmdline, gfp_t gfp)
{
	struct page *page;
	char *a;

	ut_boot(cmdline);
	page = alloc_page(gfp);
	cr_assert_not_null(page);
	cr_assert_not(PageHighMem(page));
	a = page_address(page);
	cr_assert_not_null(a);
	cr_assert_eq(kmap(page), a);
	kunmap(page);
	cr_assert_eq(kmap_local_page(page), a);
	kunmap_local(a);
	cr_assert_eq(kmap_atomic(page), a);
	kunmap_atomic(a);
	cr_assert_eq(kmap_to_page(a), page);
	memset(a, 0xee, PAGE_SIZE);
	clear_highpage(page);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq(a[i], 0);
	__free_page(page);
	hm_end();
}

Test(highmem, lowmem_i386)
{
	lowmem_path(I386, GFP_KERNEL);
}
Test(highmem, lowmem_arm)
{
	lowmem_path(ARM, GFP_KERNEL);
}
Test(highmem, x86_64_every_variant_is_page_address)
{
	lowmem_path("mem=64M", GFP_HIGHUSER);
}

/* ---- the window wraps ---- */

static void window_wraps(const char *cmdline)
{
	enum {
		N = LAST_PKMAP + 100
	};
	static struct page *pages[N];
	void *first;

	ut_boot(cmdline);
	for (int i = 0; i < N; i++)
		pages[i] = high_page();
	first = kmap(pages[0]);
	kunmap(pages[0]);
	for (int i = 1; i < N; i++) {
		void *a = kmap(pages[i]);

		fill(a, (unsigned long)i);
		kunmap(pages[i]);
		cr_assert_eq(page_address(pages[i]), a);
	}
	cr_assert_null(page_address(pages[0]), "the wrap recycled the unused slot of %p", first);
	cr_assert_not_null(page_address(pages[N - 1]));
	for (int i = 1; i < N; i++) {
		char *l = kmap_local_page(pages[i]);

		cr_assert(filled(l, (unsigned long)i), "page %d lost its bytes", i);
		kunmap_local(l);
	}
	cr_assert_eq(ukmem_highmem_check(), 0);
	for (int i = 0; i < N; i++)
		__free_page(pages[i]);
	hm_end();
}

Test(highmem, window_wraps_i386)
{
	window_wraps(I386);
}
Test(highmem, window_wraps_arm)
{
	window_wraps(ARM);
}

/* ---- kmap_local rules ---- */

static void local_order(const char *cmdline)
{
	struct page *p1, *p2;
	char *a, *b, *log;

	ut_boot(cmdline);
	p1 = high_page();
	p2 = high_page();
	a = kmap_local_page(p1);
	b = kmap_local_page(p2);
	cr_assert_neq(a, b);
	ut_mark();
	kunmap_local(a); /* not the top: 6.12 WARNs and unmaps the top */
	log = ut_log_since();
	ut_assert_log_has(log, "WARNING: CPU: ");
	ut_assert_log_has(log, " at mm/highmem.c:");
	ut_assert_log_has(log, "kunmap_local_indexed+0x");
	free(log);
	ut_mark();
	kunmap_local(a); /* now the top: no second warning */
	log = ut_log_since();
	ut_assert_log_lacks(log, "WARNING:");
	free(log);
	__free_page(p1);
	__free_page(p2);
	hm_end();
}

Test(highmem, kunmap_local_out_of_order_warns_i386)
{
	local_order(I386);
}
Test(highmem, kunmap_local_out_of_order_warns_arm)
{
	local_order(ARM);
}

Test(highmem, seventeenth_kmap_local_is_a_bug)
{
	struct page *pages[KM_MAX_IDX + 1];
	void *addr[KM_MAX_IDX];
	char *log;

	ut_boot(I386 " ukmem.bug=warn");
	for (int i = 0; i <= KM_MAX_IDX; i++)
		pages[i] = high_page();
	for (int i = 0; i < KM_MAX_IDX; i++) {
		addr[i] = kmap_local_page(pages[i]);
		cr_assert_not_null(addr[i]);
		*(int *)addr[i] = i;
	}
	ut_mark();
	cr_assert_null(kmap_local_page(pages[KM_MAX_IDX]));
	log = ut_log_since();
	ut_assert_log_has(log, "kernel BUG at mm/highmem.c:");
	free(log);
	for (int i = KM_MAX_IDX - 1; i >= 0; i--) {
		cr_assert_eq(*(int *)addr[i], i);
		kunmap_local(addr[i]);
	}
	for (int i = 0; i <= KM_MAX_IDX; i++)
		__free_page(pages[i]);
	/* the BUG tainted the machine; the allocator itself is consistent */
	hm_end();
}

/* ---- one thread holds every slot ---- */

struct blocker {
	struct page *page;
	void *addr;
	volatile int done;
};

static void *blocked_kmap(void *arg)
{
	struct blocker *b = arg;

	b->addr = kmap(b->page);
	__atomic_store_n(&b->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void all_slots_taken(const char *cmdline)
{
	static struct page *pages[LAST_PKMAP];
	struct blocker b = {0};
	pthread_t t;

	ut_boot(cmdline);
	for (int i = 0; i < LAST_PKMAP; i++) {
		pages[i] = high_page();
		cr_assert(in_pkmap(kmap(pages[i])));
	}
	b.page = high_page();
	cr_assert_eq(pthread_create(&t, NULL, blocked_kmap, &b), 0);
	usleep(200 * 1000);
	cr_assert_eq(__atomic_load_n(&b.done, __ATOMIC_ACQUIRE), 0,
		     "kmap returned with every slot in use");
	kunmap(pages[LAST_PKMAP / 2]);
	for (int i = 0; i < 500 && !__atomic_load_n(&b.done, __ATOMIC_ACQUIRE); i++)
		usleep(10 * 1000);
	cr_assert_eq(__atomic_load_n(&b.done, __ATOMIC_ACQUIRE), 1, "the waiter was not woken");
	pthread_join(t, NULL);
	cr_assert(in_pkmap(b.addr));
	cr_assert_eq(page_address(b.page), b.addr);
	cr_assert_null(page_address(pages[LAST_PKMAP / 2]), "its slot went to the waiter");
	kunmap(b.page);
	for (int i = 0; i < LAST_PKMAP; i++)
		if (i != LAST_PKMAP / 2)
			kunmap(pages[i]);
	cr_assert_eq(ukmem_highmem_check(), 0);
	for (int i = 0; i < LAST_PKMAP; i++)
		__free_page(pages[i]);
	__free_page(b.page);
	hm_end();
}

Test(highmem, waiter_wakes_on_kunmap_i386)
{
	all_slots_taken(I386);
}
Test(highmem, waiter_wakes_on_kunmap_arm)
{
	all_slots_taken(ARM);
}

/* ---- more demand than slots, from many threads ---- */

/*
 * 12 threads holding up to 43 pages each want 516 slots, more than there
 * are, so some wait; at most 12 * 42 + 1 <= 512 are ever needed for one
 * of them to finish, so the waits always end (as in the kernel, a set of
 * holders that each wait for more can deadlock; this one cannot).
 */
#define NTHREADS 12
#define PER_THREAD 43
#define ROUNDS 20

struct worker {
	struct page *pages[PER_THREAD];
	int id;
	int errors;
};

static void *kmap_worker(void *arg)
{
	struct worker *w = arg;
	void *addr[PER_THREAD];

	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < PER_THREAD; i++) {
			addr[i] = kmap(w->pages[i]);
			*(unsigned long *)addr[i] = (unsigned long)(w->id * 100000 + r * 100 + i);
		}
		for (int i = PER_THREAD - 1; i >= 0; i--) {
			unsigned long *l = kmap_local_page(w->pages[i]);

			if (*l != (unsigned long)(w->id * 100000 + r * 100 + i))
				w->errors++;
			kunmap_local(l);
			kunmap(w->pages[i]);
		}
	}
	return NULL;
}

static void many_threads(const char *cmdline)
{
	static struct worker w[NTHREADS];
	pthread_t t[NTHREADS];

	ut_boot(cmdline);
	for (int n = 0; n < NTHREADS; n++) {
		w[n].id = n;
		w[n].errors = 0;
		for (int i = 0; i < PER_THREAD; i++)
			w[n].pages[i] = high_page();
	}
	for (int n = 0; n < NTHREADS; n++)
		cr_assert_eq(pthread_create(&t[n], NULL, kmap_worker, &w[n]), 0);
	for (int n = 0; n < NTHREADS; n++) {
		pthread_join(t[n], NULL);
		cr_assert_eq(w[n].errors, 0, "thread %d read wrong bytes", n);
	}
	cr_assert_eq(ukmem_highmem_check(), 0);
	for (int n = 0; n < NTHREADS; n++)
		for (int i = 0; i < PER_THREAD; i++)
			__free_page(w[n].pages[i]);
	hm_end();
}

Test(highmem, more_kmaps_than_slots_i386, .timeout = 60)
{
	many_threads(I386);
}
Test(highmem, more_kmaps_than_slots_arm, .timeout = 60)
{
	many_threads(ARM);
}

/* ---- the page helpers ---- */

static void helpers(const char *cmdline)
{
	struct page *a, *b;
	char buf[64], *p;

	ut_boot(cmdline);
	a = high_page();
	b = high_page();
	p = kmap_local_page(a);
	memset(p, 0xab, PAGE_SIZE);
	kunmap_local(p);

	copy_highpage(b, a);
	p = kmap_local_page(b);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq((unsigned char)p[i], 0xab);
	kunmap_local(p);

	memcpy_to_page(b, 100, "highmem", 8);
	memcpy_from_page(buf, b, 100, 8);
	cr_assert_str_eq(buf, "highmem");
	memzero_page(b, 0, 64);
	memcpy_from_page(buf, b, 0, 64);
	for (int i = 0; i < 64; i++)
		cr_assert_eq(buf[i], 0);
	memcpy_page(a, 8, b, 100, 8);
	memcpy_from_page(buf, a, 8, 8);
	cr_assert_str_eq(buf, "highmem");

	clear_highpage(a);
	p = kmap(a);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq(p[i], 0);
	kunmap(a);
	__free_page(a);
	__free_page(b);

	/* init_on_alloc zeroes highmem through a kmap_local slot */
	a = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
	cr_assert_not_null(a);
	p = kmap_local_page(a);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq(p[i], 0);
	kunmap_local(p);
	__free_page(a);
	hm_end();
}

Test(highmem, page_helpers_i386)
{
	helpers(I386);
}
Test(highmem, page_helpers_arm)
{
	helpers(ARM);
}

/* ---- a stale address faults once its slot is recycled ---- */

Test(highmem, flushed_slot_faults, .signal = SIGSEGV)
{
	struct page *page;
	volatile char *k;

	signal(SIGSEGV, SIG_DFL);
	ut_boot(I386);
	page = high_page();
	k = kmap(page);
	kunmap(page);
	k[0] = 1; /* mapped but unused: still fine */
	kmap_flush_unused();
	k[0] = 2; /* recycled: a real fault */
	cr_assert_fail("the stale kmap address did not fault");
}

/* ---- fork: the child's kmap address reaches the child's copy ---- */

static int fork_child_work(struct page *page, char *k)
{
	char *l;

	if (page_address(page) != k || k[0] != 'P')
		return 11;
	l = kmap_local_page(page);
	if (!l || l[0] != 'P')
		return 12;
	l[0] = 'C';
	kunmap_local(l);
	if (k[0] != 'C')
		return 13;
	kunmap(page);
	if (ukmem_highmem_check() || ukmem_check())
		return 14;
	return 0;
}

static void fork_kmap(const char *cmdline)
{
	struct page *page;
	char *k;
	int status;
	pid_t pid;

	ut_boot(cmdline);
	page = high_page();
	k = kmap(page);
	k[0] = 'P';
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(fork_child_work(page, k));
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	cr_assert_eq(k[0], 'P', "the child's write reached the parent");
	kunmap(page);
	__free_page(page);
	hm_end();
}

Test(highmem, fork_i386)
{
	fork_kmap(I386);
}
Test(highmem, fork_arm)
{
	fork_kmap(ARM);
}
