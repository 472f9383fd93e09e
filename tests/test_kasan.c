// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_kasan.c - KASAN through AddressSanitizer (kasan=on).
 *
 * This executable is built with -fsanitize=address (tests/CMakeLists.txt,
 * where the compiler has it) and linked with the ordinary libukmem, as a
 * user's program would be.  Each faulting case runs in a child whose
 * stderr is captured: ASan reports the access and ends the child, and the
 * KASAN description that ukmem prints from ASan's report callback must
 * follow, in 6.12's words.  The cases are the four and, as an
 * acceptance list, those of the kernel's KASAN KUnit suite (spec 7.4) that
 * a userspace allocator can reproduce.  Without an ASan runtime every case
 * is skipped except the one that checks the "not enabled" line.
 */
/* the cases overflow on purpose; the compiler sees through __always_inline kmalloc */
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wunknown-warning-option"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
#include <criterion/criterion.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <asm/io.h>
#include <ukmem/ukmem.h>
#include <mm/kasan.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CMDLINE "mem=64M kasan=on"

/* ASan's runtime, if this program has one (weak: the test builds without). */
__attribute__((weak)) void __asan_poison_memory_region(void const volatile *addr, size_t size);

static bool have_asan(void)
{
	return __asan_poison_memory_region != NULL;
}

#define NEED_ASAN()                                                           \
	do {                                                                  \
		if (!have_asan())                                             \
			cr_skip_test("the test program has no ASan runtime"); \
	} while (0)

struct run {
	int status;
	char out[1 << 17];
};

/* Drop printk's "[    0.123456] " prefixes so that reports read as text. */
static void strip_times(char *s)
{
	char *out = s;
	bool bol = true;

	while (*s) {
		if (bol && s[0] == '[') {
			char *e = strchr(s, ']');

			if (e && e[1] == ' ' && e - s < 20) {
				s = e + 2;
				bol = false;
				continue;
			}
		}
		bol = *s == '\n';
		*out++ = *s++;
	}
	*out = '\0';
}

/*
 * Run @fn in a child booted with @cmdline; collect its stderr.  A child
 * that survives its case exits 0 after shutdown.
 */
static void run_case(struct run *r, const char *cmdline, void (*fn)(void))
{
	int pfd[2];
	pid_t pid;
	size_t len = 0;
	ssize_t n;

	cr_assert_eq(pipe(pfd), 0);
	fflush(NULL);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], 2);
		if (ukmem_boot(cmdline))
			_exit(3);
		fn();
		ukmem_shutdown();
		_exit(0);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], r->out + len, sizeof(r->out) - 1 - len)) > 0)
		len += (size_t)n;
	r->out[len] = '\0';
	close(pfd[0]);
	strip_times(r->out);
	cr_assert_eq(waitpid(pid, &r->status, 0), pid);
}

static void expect(const struct run *r, const char *text)
{
	cr_expect(strstr(r->out, text), "missing \"%s\" in:\n%s", text, r->out);
}

static void expect_not(const struct run *r, const char *text)
{
	cr_expect(!strstr(r->out, text), "unexpected \"%s\" in:\n%s", text, r->out);
}

static void expect_died(const struct run *r)
{
	cr_expect(!WIFEXITED(r->status) || WEXITSTATUS(r->status) != 0,
		  "the child survived the bad access:\n%s", r->out);
}

static volatile char sink;
static void *volatile keep[256];

/* ---- the four cases ---- */

static void oob_right(void)
{
	char *p = kmalloc(123, GFP_KERNEL);

	((volatile char *)p)[123] = 'x';
}

Test(kasan, kmalloc_one_byte_overflow)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE, oob_right);
	expect_died(&r);
	expect(&r, "ERROR: AddressSanitizer: use-after-poison");
	expect(&r, "==================================================================\n"
		   "BUG: KASAN: slab-out-of-bounds in oob_right+");
	expect(&r, "Write of size 1 at addr ");
	expect(&r, "Allocated by task ");
	expect(&r, " which belongs to the cache kmalloc-128 of size 128\n");
	expect(&r, "The buggy address is located 0 bytes to the right of\n"
		   " allocated 123-byte region [");
	expect(&r, "The buggy address belongs to the physical page:\n");
	expect(&r, "kasan: bad access detected");
	expect(&r, "Memory state around the buggy address:\n");
	expect(&r, " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03\n");
	expect_not(&r, "Freed by task");
}

static void uaf_after_allocs(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	kfree(p);
	/* the slot would be reused at once without the quarantine */
	for (int i = 0; i < 64; i++)
		keep[i] = kmalloc(64, GFP_KERNEL);
	sink = ((volatile char *)p)[3];
}

Test(kasan, read_after_kfree_quarantined)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE, uaf_after_allocs);
	expect_died(&r);
	expect(&r, "BUG: KASAN: slab-use-after-free in uaf_after_allocs+");
	expect(&r, "Read of size 1 at addr ");
	expect(&r, "Allocated by task ");
	expect(&r, "Freed by task ");
	expect(&r, " which belongs to the cache kmalloc-64 of size 64\n");
	expect(&r, "The buggy address is located 3 bytes inside of\n freed 64-byte region [");
	expect(&r, " fb fb fb fb fb fb fb fb");
}

static void vmalloc_oob_right(void)
{
	char *v = vmalloc(2035);

	sink = ((volatile char *)v)[2035 + 5];
}

Test(kasan, read_past_vmalloc_area)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE, vmalloc_oob_right);
	expect_died(&r);
	expect(&r, "BUG: KASAN: vmalloc-out-of-bounds in vmalloc_oob_right+");
	expect(&r, "Read of size 1 at addr ");
	expect(&r, "The buggy address belongs to a 1-page vmalloc region starting at 0x");
	expect(&r, " allocated at vmalloc_oob_right+");
	expect(&r, "The buggy address belongs to the physical page:\n");
	expect(&r, " f8 f8 f8");
}

static void redzone_write(void)
{
	char *p = kmalloc(20, GFP_KERNEL);

	((volatile char *)p)[28] = 1;
}

Test(kasan, write_into_kmalloc_redzone)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE, redzone_write);
	expect_died(&r);
	expect(&r, "BUG: KASAN: slab-out-of-bounds in redzone_write+");
	expect(&r, "Write of size 1 at addr ");
	expect(&r, " which belongs to the cache kmalloc-32 of size 32\n");
	expect(&r, "The buggy address is located 8 bytes to the right of\n"
		   " allocated 20-byte region [");
}

/* ---- no runtime / no false positives ---- */

static void nothing(void)
{
}

Test(kasan, off_without_runtime_or_parameter)
{
	static struct run r;

	run_case(&r, "mem=64M", nothing);
	cr_expect_eq(r.status, 0);
	expect_not(&r, "kasan:");
	if (have_asan())
		return;
	run_case(&r, CMDLINE, nothing);
	cr_expect_eq(r.status, 0, "%s", r.out);
	expect(&r, "kasan: not enabled: the program does not carry the AddressSanitizer runtime");
}

static void ctor(void *p)
{
	memset(p, 0x5a, 40);
}

/* Every family used the ordinary way: not one report, and a clean machine. */
static void clean_use(void)
{
	struct kmem_cache *c = kmem_cache_create("kasan_ctor", 40, 0, 0, ctor);
	struct kmem_cache *rc = kmem_cache_create("kasan_rcu", 72, 0, SLAB_TYPESAFE_BY_RCU, NULL);
	struct page *pg;
	char *p, *v;
	int fails = 0;

	for (size_t sz = 1; sz <= 20000; sz = sz * 3 / 2 + 1) {
		p = kmalloc(sz, GFP_KERNEL);
		memset(p, 1, sz);
		p = krealloc(p, sz + 50, GFP_KERNEL);
		memset(p, 2, sz + 50);
		p = krealloc(p, sz / 2 + 1, GFP_KERNEL);
		memset(p, 3, sz / 2 + 1);
		fails += ksize(p) < sz / 2 + 1;
		kfree_sensitive(p);
	}
	for (int i = 0; i < 200; i++) {
		keep[i] = kmem_cache_alloc(c, GFP_KERNEL);
		fails += ((char *)keep[i])[39] != 0x5a;
	}
	for (int i = 0; i < 200; i++)
		kmem_cache_free(c, keep[i]);
	for (int i = 0; i < 100; i++) {
		p = kmem_cache_alloc(rc, GFP_KERNEL);
		p[71] = 1;
		kmem_cache_free(rc, p);
	}
	v = vmalloc(3 * PAGE_SIZE + 7);
	memset(v, 4, 3 * PAGE_SIZE + 7);
	vfree(v);
	v = vrealloc(NULL, 100, GFP_KERNEL);
	memset(v, 6, 100);
	v = vrealloc(v, 3000, GFP_KERNEL);
	memset(v, 6, 3000);
	v = vrealloc(v, 9000, GFP_KERNEL);
	memset(v, 6, 9000);
	fails += v[2999] != 6;
	vfree(v);
	v = vzalloc(5000);
	fails += v[4999] != 0;
	vfree(v);
	pg = alloc_pages(GFP_KERNEL, 2);
	memset(page_address(pg), 5, 4 * PAGE_SIZE);
	v = vmap(&pg, 1, VM_MAP, PAGE_KERNEL);
	fails += v[100] != 5;
	vunmap(v);
	__free_pages(pg, 2);
	fails += ukmem_check() != 0;
	kmem_cache_shrink(c);
	kmem_cache_destroy(c);
	kmem_cache_destroy(rc);
	fails += ukmem_check() != 0;
	if (fails)
		_exit(10 + fails);
}

Test(kasan, ordinary_use_reports_nothing)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE, clean_use);
	cr_expect(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "status %#x:\n%s", r.status,
		  r.out);
	expect(&r, "kasan: KernelAddressSanitizer initialized");
	expect_not(&r, "BUG: KASAN");
	expect_not(&r, "ERROR: AddressSanitizer");
	expect_not(&r, "ukmem: shutdown:");
}

static void *churn(void *arg)
{
	void *objs[64] = {0};
	unsigned int seed = (unsigned int)(unsigned long)arg;

	for (int i = 0; i < 20000; i++) {
		unsigned int k = (seed = seed * 1103515245 + 12345) >> 16;
		size_t sz = 1 + k % 600;

		kfree(objs[k % 64]);
		objs[k % 64] = kmalloc(sz, GFP_KERNEL);
		memset(objs[k % 64], (int)k, sz);
	}
	for (int i = 0; i < 64; i++)
		kfree(objs[i]);
	return NULL;
}

/* Several threads allocating and freeing: the side table, depot and quarantine hold up. */
static void threads(void)
{
	pthread_t t[4];

	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, churn, (void *)(i + 1));
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	if (ukmem_check())
		_exit(5);
}

Test(kasan, threads_report_nothing)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE " ukmem.kasan_quarantine=64K", threads);
	cr_expect_eq(r.status, 0, "%s", r.out);
	expect_not(&r, "BUG: KASAN");
	expect_not(&r, "ukmem: shutdown:");
}

static void quarantine_off(void)
{
	char *p = kmalloc(64, GFP_KERNEL), *q;

	kfree(p);
	q = kmalloc(64, GFP_KERNEL);
	/* no quarantine: the slot comes straight back */
	kfree(q);
	_exit(p == q ? 0 : 1);
}

static void quarantine_on(void)
{
	char *p = kmalloc(64, GFP_KERNEL), *q;

	kfree(p);
	q = kmalloc(64, GFP_KERNEL);
	kfree(q);
	_exit(p != q ? 0 : 1);
}

Test(kasan, quarantine_parameter)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE " ukmem.kasan_quarantine=0", quarantine_off);
	cr_expect_eq(r.status, 0, "%s", r.out);
	run_case(&r, CMDLINE, quarantine_on);
	cr_expect_eq(r.status, 0, "%s", r.out);
}

/* ---- reports KASAN makes by itself (no access): kasan_multi_shot ---- */

static void bad_frees(void)
{
	char *p = kmalloc(40, GFP_KERNEL), *l = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);

	kfree(p);
	kfree(p); /* kmem_cache_double_free */
	p = kmalloc(40, GFP_KERNEL);
	kfree(p + 1); /* kmem_cache_invalid_free */
	kfree(p);
	kfree(l + 1); /* kmalloc_large_invalid_free: reported, and freed as 6.12 does */
	p = kmalloc(10, GFP_KERNEL);
	kfree(p);
	if (ksize(p) != 0) /* ksize_uaf */
		_exit(2);
	p = kmalloc(10, GFP_KERNEL);
	kfree(p);
	if (krealloc(p, 100, GFP_KERNEL)) /* krealloc_uaf */
		_exit(3);
	if (ukmem_check())
		_exit(4);
}

Test(kasan, double_invalid_free_ksize_krealloc)
{
	static struct run r;
	const char *s;
	int n = 0;

	NEED_ASAN();
	run_case(&r, CMDLINE " kasan_multi_shot", bad_frees);
	cr_expect_eq(r.status, 0, "%s", r.out);
	expect(&r, "BUG: KASAN: double-free in bad_frees+");
	expect(&r, "Free of addr ");
	expect(&r, "BUG: KASAN: invalid-free in bad_frees+");
	expect(&r, "BUG: KASAN: slab-use-after-free in ksize+");
	/* __do_krealloc is inlined into krealloc_noprof when optimised */
	cr_expect(strstr(r.out, "BUG: KASAN: slab-use-after-free in krealloc_noprof+") ||
			  strstr(r.out, "BUG: KASAN: slab-use-after-free in __do_krealloc+"),
		  "%s", r.out);
	for (s = r.out; (s = strstr(s, "BUG: KASAN:")); s++)
		n++;
	cr_expect_eq(n, 5, "%d reports:\n%s", n, r.out);
	expect(&r, "Tainted: ");
}

static void double_free(void)
{
	char *p = kmalloc(40, GFP_KERNEL);

	kfree(p);
	kfree(p);
}

Test(kasan, fault_panic)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE " kasan.fault=panic", double_free);
	expect_died(&r);
	expect(&r, "BUG: KASAN: double-free in double_free+");
	expect(&r, "Kernel panic - not syncing: kasan.fault=panic set ...");
	run_case(&r, CMDLINE " kasan.fault=bogus", nothing);
	expect(&r, "Malformed early option 'kasan.fault'");
}

static void two_reports(void)
{
	char *p = kmalloc(40, GFP_KERNEL);

	kfree(p);
	kfree(p);
	kfree(p);
}

Test(kasan, one_report_without_multi_shot)
{
	static struct run r;
	const char *s;
	int n = 0;

	NEED_ASAN();
	run_case(&r, CMDLINE, two_reports);
	for (s = r.out; (s = strstr(s, "BUG: KASAN:")); s++)
		n++;
	cr_expect_eq(n, 1, "%s", r.out);
}

/* ---- the KUnit suite's access cases (spec 7.4) ---- */

#define KUNIT_CASE(name, body, type)                    \
	static void name(void)                          \
	{                                               \
		body;                                   \
	}                                               \
	Test(kasan_kunit, name)                         \
	{                                               \
		static struct run r;                    \
		NEED_ASAN();                            \
		run_case(&r, CMDLINE, name);            \
		expect_died(&r);                        \
		expect(&r, "BUG: KASAN: " type " in "); \
	}

KUNIT_CASE(kmalloc_node_oob_right, char *p = kmalloc_node(4096, GFP_KERNEL, 0);
	   sink = ((volatile char *)p)[4096], "slab-out-of-bounds")
KUNIT_CASE(kmalloc_large_oob_right, char *p = kmalloc(8192 + 10, GFP_KERNEL);
	   ((volatile char *)p)[8192 + 10] = 0, "slab-out-of-bounds")
KUNIT_CASE(kmalloc_large_uaf, char *p = kmalloc(8192 + 10, GFP_KERNEL); kfree(p);
	   sink = ((volatile char *)p)[0], "use-after-free")
KUNIT_CASE(page_alloc_uaf, struct page *pg = alloc_pages(GFP_KERNEL, 4); char *p = page_address(pg);
	   __free_pages(pg, 4); sink = ((volatile char *)p)[0], "use-after-free")
KUNIT_CASE(kmalloc_big_oob_right, char *p = kmalloc(8192 - 256, GFP_KERNEL);
	   ((volatile char *)p)[8192 - 256] = 0, "slab-out-of-bounds")
KUNIT_CASE(krealloc_more_oob, char *p = kmalloc(201, GFP_KERNEL); p = krealloc(p, 235, GFP_KERNEL);
	   ((volatile char *)p)[235] = 0, "slab-out-of-bounds")
KUNIT_CASE(krealloc_less_oob, char *p = kmalloc(235, GFP_KERNEL); p = krealloc(p, 201, GFP_KERNEL);
	   ((volatile char *)p)[201] = 0, "slab-out-of-bounds")
KUNIT_CASE(kmalloc_oob_16, char *p = kmalloc(13, GFP_KERNEL); char *q = kmalloc(16, GFP_KERNEL);
	   memcpy(q, p, 16), "slab-out-of-bounds")
KUNIT_CASE(kmalloc_uaf_16, char *p = kmalloc(16, GFP_KERNEL); char *q = kmalloc(16, GFP_KERNEL);
	   kfree(q); memcpy(p, q, 16), "slab-use-after-free")
KUNIT_CASE(kmalloc_oob_in_memset, char *p = kmalloc(128 - 8, GFP_KERNEL);
	   memset(p, 0, 128 - 8 + 8), "slab-out-of-bounds")
KUNIT_CASE(kmalloc_oob_memset_8, char *p = kmalloc(128 - 8, GFP_KERNEL);
	   memset(p + 128 - 8 - 7, 0, 8), "slab-out-of-bounds")
KUNIT_CASE(kmalloc_memmove_invalid_size, char *p = kmalloc(64, GFP_KERNEL);
	   memmove(p, p + 4, 64), "slab-out-of-bounds")
KUNIT_CASE(kmalloc_uaf, char *p = kmalloc(10, GFP_KERNEL); kfree(p);
	   sink = ((volatile char *)p)[8], "slab-use-after-free")
KUNIT_CASE(kmalloc_uaf_memset, char *p = kmalloc(33, GFP_KERNEL); kfree(p);
	   memset(p, 0, 33), "slab-use-after-free")
KUNIT_CASE(kmalloc_uaf2, char *p = kmalloc(43, GFP_KERNEL); kfree(p);
	   keep[0] = kmalloc(43, GFP_KERNEL);
	   sink = ((volatile char *)p)[40], "slab-use-after-free")
KUNIT_CASE(kmem_cache_oob, struct kmem_cache *c = kmem_cache_create("test_cache", 200, 0, 0, NULL);
	   char *p = kmem_cache_alloc(c, GFP_KERNEL);
	   sink = ((volatile char *)p)[200], "slab-out-of-bounds")
KUNIT_CASE(ksize_unpoisons_memory, char *p = kmalloc(123, GFP_KERNEL); size_t real = ksize(p);
	   sink = ((volatile char *)p)[real - 1 > 123 ? 124 : 123], "slab-out-of-bounds")
KUNIT_CASE(kasan_memchr, char *p = kmalloc(24, GFP_KERNEL); memset(p, 1, 24);
	   keep[0] = memchr(p, '\0', 25), "slab-out-of-bounds")
KUNIT_CASE(kasan_memcmp, char *p = kmalloc(24, GFP_KERNEL); char q[25] = {0}; memset(p, 0, 24);
	   sink = (char)memcmp(p, q, 25), "slab-out-of-bounds")
KUNIT_CASE(kasan_strings, char *p = kmalloc(64, GFP_KERNEL); strcpy(p, "abc"); kfree(p);
	   sink = (char)strlen(p), "slab-use-after-free")
KUNIT_CASE(vmalloc_oob, char *v = vmalloc(2035);
	   sink = ((volatile char *)v)[2035], "vmalloc-out-of-bounds")
KUNIT_CASE(vmalloc_uaf, char *v = vmalloc(4096); vfree(v);
	   sink = ((volatile char *)v)[10], "vmalloc-out-of-bounds")
KUNIT_CASE(rcu_uaf, char *p = kmalloc(64, GFP_KERNEL); kfree_rcu_mightsleep(p); rcu_barrier();
	   sink = ((volatile char *)p)[0], "slab-use-after-free")
KUNIT_CASE(kmem_cache_rcu_uaf, struct kmem_cache *c = kmem_cache_create("test_cache", 200, 0,
									SLAB_TYPESAFE_BY_RCU, NULL);
	   char *p = kmem_cache_alloc(c, GFP_KERNEL); kmem_cache_free(c, p);
	   /* still readable during the grace period */
	   sink = ((volatile char *)p)[0];
	   rcu_barrier(); sink = ((volatile char *)p)[0], "slab-use-after-free")
KUNIT_CASE(kasan_atomics, int *p = kmalloc(48, GFP_KERNEL);
	   __atomic_fetch_add(p + 12, 1, __ATOMIC_RELAXED), "slab-out-of-bounds")
KUNIT_CASE(kmalloc_oob_memset_2, char *p = kmalloc(128 - 8, GFP_KERNEL);
	   memset(p + 128 - 8 - 1, 0, 2), "slab-out-of-bounds")
KUNIT_CASE(kmalloc_oob_memset_4, char *p = kmalloc(128 - 8, GFP_KERNEL);
	   memset(p + 128 - 8 - 3, 0, 4), "slab-out-of-bounds")
KUNIT_CASE(kmalloc_oob_memset_16, char *p = kmalloc(128 - 8, GFP_KERNEL);
	   memset(p + 128 - 8 - 15, 0, 16), "slab-out-of-bounds")
KUNIT_CASE(krealloc_large_more_oob, char *p = kmalloc(8192 - 201, GFP_KERNEL);
	   p = krealloc(p, 8192 + 235, GFP_KERNEL);
	   ((volatile char *)p)[8192 + 235] = 0, "slab-out-of-bounds")
KUNIT_CASE(krealloc_large_less_oob, char *p = kmalloc(8192 + 235, GFP_KERNEL);
	   p = krealloc(p, 8192 + 201, GFP_KERNEL);
	   ((volatile char *)p)[8192 + 201] = 0, "slab-out-of-bounds")
KUNIT_CASE(kasan_bitops_generic, unsigned long *p = kzalloc(sizeof(long) - 1, GFP_KERNEL);
	   __atomic_fetch_or((char *)p + sizeof(long), 1, __ATOMIC_RELAXED), "slab-out-of-bounds")

/* KUnit cases that must not report */
#define KUNIT_CLEAN_CASE(name, body)                    \
	static void name(void)                          \
	{                                               \
		body;                                   \
		if (ukmem_check())                      \
			_exit(5);                       \
	}                                               \
	Test(kasan_kunit, name)                         \
	{                                               \
		static struct run r;                    \
		NEED_ASAN();                            \
		run_case(&r, CMDLINE, name);            \
		cr_expect_eq(r.status, 0, "%s", r.out); \
		expect_not(&r, "BUG: KASAN");           \
	}

KUNIT_CLEAN_CASE(kfree_via_page, char *p = kmalloc(8, GFP_KERNEL);
		 struct page *pg = virt_to_page(p);
		 kfree((char *)page_address(pg) + ((unsigned long)p & (PAGE_SIZE - 1))))
KUNIT_CLEAN_CASE(kfree_via_phys, char *p = kmalloc(8, GFP_KERNEL);
		 kfree(phys_to_virt(virt_to_phys(p))))
KUNIT_CLEAN_CASE(kmem_cache_accounted,
		 struct kmem_cache *c = kmem_cache_create("test_cache", 200, 0, SLAB_ACCOUNT, NULL);
		 for (int i = 0; i < 5; i++) kmem_cache_free(c, kmem_cache_alloc(c, GFP_KERNEL));
		 kmem_cache_destroy(c))
KUNIT_CLEAN_CASE(
	kmem_cache_bulk, struct kmem_cache *c = kmem_cache_create("test_cache", 200, 0, 0, NULL);
	void *objs[10]; int n = kmem_cache_alloc_bulk(c, GFP_KERNEL, 10, objs);
	for (int i = 0; i < n; i++) {
		((volatile char *)objs[i])[0] = 1;
		((volatile char *)objs[i])[199] = 1;
	} kmem_cache_free_bulk(c, (size_t)n, objs);
	kmem_cache_destroy(c))

static void double_kzfree(void)
{
	char *p = kmalloc(16, GFP_KERNEL);

	kfree_sensitive(p);
	kfree_sensitive(p);
}

Test(kasan_kunit, kmalloc_double_kzfree)
{
	static struct run r;

	NEED_ASAN();
	run_case(&r, CMDLINE, double_kzfree);
	expect(&r, "BUG: KASAN: ");
	expect(&r, "double_kzfree+");
}
