// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmalloc.c - the vmalloc core: the reserved space and its size per
 * arch, real mappings (a byte written through the vmalloc address is read
 * through the page's direct-map address and back), physically scattered
 * pages, guard pages and freed areas that fault, lowest-address fit and
 * merging, the lazy purge and "unpurged vm_area", /proc/vmallocinfo's
 * format, VmallocTotal/VmallocUsed, bad input, the host mapping budget,
 * the validator under random work, and threads.
 *
 * The vmalloc layer is brought up with ukmem_vmalloc_init() and taken
 * down with ukmem_vmalloc_exit() explicitly (both are idempotent, so
 * this keeps working once boot and shutdown call them).
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "mm/vmalloc_internal.h"

static void vm_boot(const char *cmdline)
{
	ut_boot(cmdline);
	cr_assert_eq(ukmem_vmalloc_init(), 0);
}

static void vm_end(void)
{
	cr_assert_eq(ukmem_vmalloc_check(), 0, "ukmem_vmalloc_check() found errors");
	ukmem_vmalloc_exit();
	cr_assert_eq(ukmem_vmalloc_leaked_areas(), 0);
	ut_end();
}

/* A sanitizer's SEGV handler would report and exit: let the fault kill us. */
static void fault_for_real(void)
{
	signal(SIGSEGV, SIG_DFL);
}

/* The /proc/meminfo value of @key in kB. */
static unsigned long meminfo_kb(const char *key)
{
	char *mi = ut_read("/proc/meminfo");
	char *p;
	unsigned long v;

	cr_assert_not_null(mi);
	p = strstr(mi, key);
	cr_assert_not_null(p, "meminfo lacks %s", key);
	v = strtoul(p + strlen(key), NULL, 10);
	free(mi);
	return v;
}

Test(vmalloc, space_x86_64)
{
	char *log;

	vm_boot("mem=64M");
	log = ut_dmesg();
	cr_assert(VMALLOC_START && VMALLOC_END > VMALLOC_START);
	cr_assert_eq(VMALLOC_START % PAGE_SIZE, 0);
	if (!strstr(log, "ukmem: vmalloc area reduced to")) {
		cr_assert_eq(VMALLOC_END - VMALLOC_START + 1, 32UL << 40);
		cr_assert_eq(meminfo_kb("VmallocTotal:"), 34359738367UL);
	} else {
		cr_assert_eq(meminfo_kb("VmallocTotal:"), (VMALLOC_END - VMALLOC_START) >> 10);
	}
	cr_assert(is_vmalloc_addr((void *)VMALLOC_START));
	cr_assert_not(is_vmalloc_addr((void *)VMALLOC_END));
	cr_assert_not(is_vmalloc_addr((void *)(VMALLOC_START - 1)));
	cr_assert_not(is_vmalloc_addr(page_address(pfn_to_page(0x1000))));
	free(log);
	vm_end();
}

Test(vmalloc, space_32bit_models)
{
	vm_boot("arch=i386 mem=1G");
	cr_assert_eq(meminfo_kb("VmallocTotal:"), 122880);
	vm_end();
	vm_boot("arch=arm mem=1G");
	cr_assert_eq(meminfo_kb("VmallocTotal:"), 245760);
	vm_end();
}

Test(vmalloc, bytes_alias_through_page_address)
{
	const unsigned int n = 7;
	unsigned char *p;

	vm_boot("mem=64M");
	p = vmalloc(n * PAGE_SIZE - 100);
	cr_assert_not_null(p);
	cr_assert(is_vmalloc_addr(p));
	cr_assert_eq((unsigned long)p % PAGE_SIZE, 0);
	for (unsigned int i = 0; i < n; i++) {
		struct page *page = vmalloc_to_page(p + i * PAGE_SIZE + 5);
		unsigned char *d;

		cr_assert_not_null(page);
		cr_assert_eq(vmalloc_to_pfn(p + i * PAGE_SIZE), page_to_pfn(page));
		d = page_address(page);
		cr_assert_not_null(d);
		cr_assert_neq((void *)d, (void *)(p + i * PAGE_SIZE));
		memset(p + i * PAGE_SIZE, 0x40 + (int)i, PAGE_SIZE);
		cr_assert_eq(d[0], 0x40 + i);
		cr_assert_eq(d[PAGE_SIZE - 1], 0x40 + i);
		d[123] = 0xa5;
		cr_assert_eq(p[i * PAGE_SIZE + 123], 0xa5);
	}
	/* the guard page is not mapped */
	cr_assert_null(vmalloc_to_page(p + n * PAGE_SIZE));
	cr_assert_eq(find_vm_area(p)->size, (n + 1) * PAGE_SIZE);
	cr_assert_eq(find_vm_area(p + 3 * PAGE_SIZE + 9), find_vm_area(p));
	cr_assert_eq(find_vm_area(p)->nr_pages, n);
	cr_assert_eq(find_vm_area(p)->flags & VM_ALLOC, VM_ALLOC);
	cr_assert_eq(find_vm_area(p)->flags & VM_UNINITIALIZED, 0);
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	vfree(p);
	cr_assert_null(find_vm_area(p));
	cr_assert_null(vmalloc_to_page(p));
	vm_end();
}

Test(vmalloc, vzalloc_zeroes_and_dma32)
{
	unsigned char *p, *q;

	vm_boot("mem=6G init_on_alloc=0");
	p = vmalloc(64 * PAGE_SIZE);
	memset(p, 0xee, 64 * PAGE_SIZE);
	vfree(p);
	q = vzalloc(64 * PAGE_SIZE);
	cr_assert_not_null(q);
	for (unsigned long i = 0; i < 64 * PAGE_SIZE; i++)
		cr_assert_eq(q[i], 0, "byte %lu not zero", i);
	vfree(q);
	p = __vmalloc(32 * PAGE_SIZE, GFP_KERNEL | GFP_DMA32);
	cr_assert_not_null(p);
	for (int i = 0; i < 32; i++)
		cr_assert_lt(page_to_phys(vmalloc_to_page(p + i * PAGE_SIZE)), 1ULL << 32);
	vfree(p);
	vm_end();
}

Test(vmalloc, highmem_pages_on_i386)
{
	unsigned char *p;
	int high = 0;

	vm_boot("arch=i386 mem=1G");
	p = vmalloc(64 * PAGE_SIZE);
	cr_assert_not_null(p);
	for (int i = 0; i < 64; i++) {
		struct page *page = vmalloc_to_page(p + i * PAGE_SIZE);

		p[i * PAGE_SIZE] = (unsigned char)i;
		if (PageHighMem(page)) {
			high++;
			cr_assert_null(page_address(page));
		} else {
			cr_assert_eq(((unsigned char *)page_address(page))[0], i);
		}
	}
	cr_assert_gt(high, 0, "no HighMem page behind a vmalloc on i386");
	for (int i = 0; i < 64; i++)
		cr_assert_eq(p[i * PAGE_SIZE], i);
	vfree(p);
	vm_end();
}

Test(vmalloc, scattered_pages_on_fragmented_machine)
{
	struct page *held[256];
	unsigned char *p;
	int runs = 1;

	vm_boot("mem=64M");
	/* take 256 pages, give back every other one: the free pages are scattered */
	for (int i = 0; i < 256; i++)
		held[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < 256; i += 2)
		__free_page(held[i]);
	p = vmalloc(16 * PAGE_SIZE);
	cr_assert_not_null(p);
	for (int i = 1; i < 16; i++)
		if (vmalloc_to_pfn(p + i * PAGE_SIZE) !=
		    vmalloc_to_pfn(p + (i - 1) * PAGE_SIZE) + 1)
			runs++;
	cr_assert_gt(runs, 1, "the pages behind the area are contiguous");
	for (int i = 0; i < 16; i++) {
		memset(p + i * PAGE_SIZE, i + 1, PAGE_SIZE);
		cr_assert_eq(*(unsigned char *)page_address(vmalloc_to_page(p + i * PAGE_SIZE)),
			     i + 1);
	}
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	vfree(p);
	for (int i = 1; i < 256; i += 2)
		__free_page(held[i]);
	vm_end();
}

Test(vmalloc, guard_page_faults, .signal = SIGSEGV)
{
	volatile unsigned char *p;
	unsigned long off = PAGE_SIZE;

	vm_boot("mem=64M");
	p = vmalloc(PAGE_SIZE);
	p[0] = 1;
	/* neither the compiler nor UBSan's object-size check may see the overflow */
	__asm__ volatile("" : "+r"(off), "+r"(p));
	fault_for_real();
	p[off] = 0x42;
}

Test(vmalloc, read_after_vfree_faults, .signal = SIGSEGV)
{
	volatile unsigned char *p;

	vm_boot("mem=64M");
	p = vmalloc(4 * PAGE_SIZE);
	p[0] = 1;
	vfree((void *)p);
	fault_for_real();
	(void)p[0];
}

Test(vmalloc, freed_address_never_reaches_reused_pages)
{
	unsigned char *p;
	struct page *page;
	pid_t pid;
	int status;

	vm_boot("mem=64M");
	p = vmalloc(PAGE_SIZE);
	page = vmalloc_to_page(p);
	vfree(p);
	/* the page goes back and may be handed out again; the old address must fault */
	pid = fork();
	cr_assert_geq(pid, 0);
	if (!pid) {
		struct page *again = alloc_page(GFP_KERNEL);

		(void)again;
		(void)page;
		fault_for_real();
		(void)*(volatile unsigned char *)p;
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	vm_end();
}

Test(vmalloc, lowest_fit_and_merge)
{
	void *a, *b, *c, *d, *e;

	vm_boot("mem=64M");
	a = vmalloc(PAGE_SIZE);
	b = vmalloc(PAGE_SIZE);
	c = vmalloc(PAGE_SIZE);
	cr_assert_eq((unsigned long)a, VMALLOC_START);
	cr_assert_eq((unsigned long)b, (unsigned long)a + 2 * PAGE_SIZE);
	cr_assert_eq((unsigned long)c, (unsigned long)b + 2 * PAGE_SIZE);
	vfree(b);
	/* b's range is lazy: not reused until purged */
	d = vmalloc(PAGE_SIZE);
	cr_assert_eq((unsigned long)d, (unsigned long)c + 2 * PAGE_SIZE);
	ukmem_vmalloc_purge();
	e = vmalloc(PAGE_SIZE);
	cr_assert_eq(e, b, "the lowest hole was not reused");
	vfree(e);
	vfree(a);
	ukmem_vmalloc_purge();
	/* a's and b's ranges merged: a 3-page area (with guard) fits at the start */
	e = vmalloc(3 * PAGE_SIZE);
	cr_assert_eq(e, a);
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	vfree(e);
	vfree(c);
	vfree(d);
	ukmem_vmalloc_purge();
	/* everything merged back into one block */
	e = vmalloc(PAGE_SIZE);
	cr_assert_eq((unsigned long)e, VMALLOC_START);
	vfree(e);
	vm_end();
}

Test(vmalloc, vmallocinfo_format)
{
	char *info, re[256];
	void *p, *q, *big;

	vm_boot("mem=64M");
	p = vmalloc(4 * PAGE_SIZE);
	q = vmalloc(3 * PAGE_SIZE + 1);
	big = vmalloc(600 * PAGE_SIZE); /* its page array (4800 bytes) is vmalloc'd */
	cr_assert(p && q && big);
	info = ut_read("/proc/vmallocinfo");
	cr_assert_not_null(info);
	snprintf(re, sizeof(re),
		 "^0x%016lx-0x%016lx   20480 "
		 "[a-z_]*vmallocinfo_format[a-z_]*\\+0x[0-9a-f]+/0x[0-9a-f]+ pages=4 vmalloc N0=4$",
		 (unsigned long)p, (unsigned long)p + 5 * PAGE_SIZE);
	cr_assert(ut_match(info, re), "no line for p in:\n%s", info);
	snprintf(re, sizeof(re), "^0x%016lx-0x%016lx   20480 [^ ]+ pages=4 vmalloc N0=4$",
		 (unsigned long)q, (unsigned long)q + 5 * PAGE_SIZE);
	cr_assert(ut_match(info, re), "no line for q in:\n%s", info);
	snprintf(re, sizeof(re),
		 "^0x%016lx-0x%016lx 2461696 [^ ]+ pages=600 vmalloc vpages N0=600$",
		 (unsigned long)big, (unsigned long)big + 601 * PAGE_SIZE);
	cr_assert(ut_match(info, re), "no line for big in:\n%s", info);
	cr_assert(ut_match(info,
			   "^0x[0-9a-f]{16}-0x[0-9a-f]{16}   12288 [^ ]+ pages=2 vmalloc N0=2$"),
		  "no line for big's page array in:\n%s", info);
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	free(info);
	cr_assert_eq(meminfo_kb("VmallocUsed:"), (4 + 4 + 600 + 2) * 4);
	cr_assert_eq(vmalloc_nr_pages(), 4 + 4 + 600 + 2);
	vfree(q);
	info = ut_read("/proc/vmallocinfo");
	snprintf(re, sizeof(re), "^0x%016lx-0x%016lx   20480 unpurged vm_area$", (unsigned long)q,
		 (unsigned long)q + 5 * PAGE_SIZE);
	cr_assert(ut_match(info, re), "no unpurged line for q in:\n%s", info);
	free(info);
	ukmem_vmalloc_purge();
	info = ut_read("/proc/vmallocinfo");
	cr_assert_null(strstr(info, "unpurged"), "%s", info);
	free(info);
	vfree(p);
	vfree(big);
	cr_assert_eq(vmalloc_nr_pages(), 0);
	cr_assert_eq(meminfo_kb("VmallocUsed:"), 0);
	vm_end();
}

Test(vmalloc, numa_nodes_in_vmallocinfo)
{
	char *info, re[160];
	void *p;

	vm_boot("mem=128M numa=fake=2");
	p = vmalloc_node(8 * PAGE_SIZE, 1);
	cr_assert_not_null(p);
	for (int i = 0; i < 8; i++)
		cr_assert_eq(page_to_nid(vmalloc_to_page((char *)p + i * PAGE_SIZE)), 1);
	info = ut_read("/proc/vmallocinfo");
	snprintf(re, sizeof(re), "^0x%016lx-.* pages=8 vmalloc N1=8$", (unsigned long)p);
	cr_assert(ut_match(info, re), "%s", info);
	free(info);
	vfree(p);
	vm_end();
}

Test(vmalloc, zero_and_too_big)
{
	char *log;

	vm_boot("mem=64M");
	ut_mark();
	cr_assert_null(vmalloc(0));
	log = ut_log_since();
	ut_assert_log_has(log, "WARNING: CPU: ");
	ut_assert_log_has(log, "mm/vmalloc.c:");
	free(log);
	ut_mark();
	cr_assert_null(vmalloc((totalram_pages() + 1) * PAGE_SIZE));
	log = ut_log_since();
	cr_assert(ut_match(log, "vmalloc error: size [0-9]+, exceeds total pages, "
				"mode:0xcc0\\(GFP_KERNEL\\), nodemask=\\(null\\)"),
		  "%s", log);
	free(log);
	ut_mark();
	{
		volatile unsigned long huge = -1UL;

		cr_assert_null(__vmalloc(huge, GFP_KERNEL | __GFP_NOWARN));
	}
	free(ut_log_since());
	vm_end();
}

Test(vmalloc, bad_vfree_warns_and_changes_nothing)
{
	char *log, *before, *after, want[96];
	unsigned char *p;

	vm_boot("mem=64M no_hash_pointers");
	vfree(NULL);
	p = vmalloc(2 * PAGE_SIZE);
	before = ut_read("/proc/vmallocinfo");
	ut_mark();
	vfree(p + 1);
	log = ut_log_since();
	snprintf(want, sizeof(want), "Trying to vfree() bad address (%016lx)",
		 (unsigned long)p + 1);
	ut_assert_log_has(log, want);
	snprintf(want, sizeof(want), "Trying to vfree() nonexistent vm area (%016lx)",
		 (unsigned long)p + 1);
	ut_assert_log_has(log, want);
	cr_assert_eq(ut_count(log, "WARNING: CPU: "), 2);
	free(log);
	after = ut_read("/proc/vmallocinfo");
	cr_assert_str_eq(before, after);
	free(after);
	p[0] = 7; /* still mapped */
	vfree(p);
	ut_mark();
	vfree(p); /* double vfree */
	log = ut_log_since();
	snprintf(want, sizeof(want), "Trying to vfree() nonexistent vm area (%016lx)",
		 (unsigned long)p);
	ut_assert_log_has(log, want);
	ut_assert_log_lacks(log, "bad address");
	free(log);
	ut_mark();
	vfree((void *)(VMALLOC_START + (1UL << 30))); /* never allocated */
	log = ut_log_since();
	ut_assert_log_has(log, "nonexistent vm area");
	free(log);
	free(before);
	vm_end();
}

Test(vmalloc, lazy_purge_threshold)
{
	unsigned long lazy_max = 8192; /* fls(1 CPU) * 32 MiB of pages */
	unsigned long seen_max = 0, prev = 0;

	vm_boot("mem=128M nr_cpus=1");
	for (int i = 0; i < 400; i++) {
		void *p = vmalloc(39 * PAGE_SIZE); /* 40 pages with the guard */
		unsigned long now;

		cr_assert_not_null(p);
		vfree(p);
		now = ukmem_vmalloc_lazy_pages();
		cr_assert_leq(now, lazy_max);
		if (now < prev)
			cr_assert_gt(prev + 40, lazy_max, "purged early at %lu", prev);
		seen_max = now > seen_max ? now : seen_max;
		prev = now;
	}
	cr_assert_gt(seen_max, lazy_max - 40);
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	vm_end();
}

Test(vmalloc, map_budget_failure)
{
	struct page *held[512];
	unsigned long old;
	unsigned char *p, *q;
	char *log;

	vm_boot("mem=64M");
	for (int i = 0; i < 512; i++)
		held[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < 512; i += 2)
		__free_page(held[i]);
	drain_all_pages(NULL);
	q = vmalloc(PAGE_SIZE);
	cr_assert_not_null(q);
	old = ukmem_vmalloc_set_map_budget(ukmem_vmalloc_maps_used() + 20);
	ut_mark();
	/* 64 scattered pages need far more than 20 host mappings */
	p = vmalloc(64 * PAGE_SIZE);
	log = ut_log_since();
	cr_assert_null(p);
	cr_assert(ut_match(log, "vmalloc error: size 262144, failed to map pages, "
				"mode:0xcc2\\(GFP_KERNEL\\|__GFP_HIGHMEM\\)"),
		  "%s", log);
	free(log);
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	ukmem_vmalloc_set_map_budget(old);
	p = vmalloc(64 * PAGE_SIZE);
	cr_assert_not_null(p);
	p[64 * PAGE_SIZE - 1] = 1;
	vfree(p);
	vfree(q);
	for (int i = 1; i < 512; i += 2)
		__free_page(held[i]);
	vm_end();
}

Test(vmalloc, get_vm_area_is_unmapped)
{
	struct vm_struct *area;

	vm_boot("mem=64M");
	area = get_vm_area(3 * PAGE_SIZE, VM_IOREMAP);
	cr_assert_not_null(area);
	cr_assert(is_vmalloc_addr(area->addr));
	cr_assert_eq(area->size, 4 * PAGE_SIZE);
	cr_assert_eq(find_vm_area(area->addr), area);
	cr_assert_null(vmalloc_to_page(area->addr));
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	free_vm_area(area);
	vm_end();
}

Test(vmalloc, random_work_keeps_trees_valid)
{
	enum {
		SLOTS = 300
	};
	void *slot[SLOTS] = {0};
	unsigned long sz[SLOTS];
	unsigned int seed = 12345;

	vm_boot("mem=256M");
	for (int op = 0; op < 6000; op++) {
		int i = (int)(rand_r(&seed) % SLOTS);

		if (slot[i]) {
			unsigned char *b = slot[i];

			cr_assert_eq(b[0], (unsigned char)i);
			cr_assert_eq(b[sz[i] - 1], (unsigned char)i);
			vfree(slot[i]);
			slot[i] = NULL;
		} else {
			sz[i] = (rand_r(&seed) % (40 * PAGE_SIZE)) + 1;
			slot[i] = vmalloc(sz[i]);
			cr_assert_not_null(slot[i]);
			((unsigned char *)slot[i])[0] = (unsigned char)i;
			((unsigned char *)slot[i])[sz[i] - 1] = (unsigned char)i;
		}
		if (op % 500 == 0) {
			cr_assert_eq(ukmem_vmalloc_check(), 0);
			if (op % 1500 == 0)
				ukmem_vmalloc_purge();
		}
	}
	for (int i = 0; i < SLOTS; i++)
		vfree(slot[i]);
	vm_end();
}

static void *worker(void *arg)
{
	unsigned int seed = (unsigned int)(unsigned long)arg;

	for (int i = 0; i < 400; i++) {
		unsigned long n = rand_r(&seed) % 8 + 1;
		unsigned char *p = vmalloc(n * PAGE_SIZE);

		if (!p)
			return (void *)1;
		memset(p, (int)n, n * PAGE_SIZE);
		if (p[n * PAGE_SIZE - 1] != n)
			return (void *)1;
		vfree(p);
	}
	return NULL;
}

static void *reader(void *arg)
{
	volatile bool *stop = arg;

	while (!*stop) {
		char buf[4096];

		if (ukmem_proc_read("/proc/vmallocinfo", buf, sizeof(buf)) < 0)
			return (void *)1;
		usleep(200);
	}
	return NULL;
}

Test(vmalloc, threads_and_vmallocinfo_readers)
{
	pthread_t w[4], r;
	volatile bool stop = false;
	void *ret;

	vm_boot("mem=128M nr_cpus=4");
	cr_assert_eq(pthread_create(&r, NULL, reader, (void *)&stop), 0);
	for (long i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&w[i], NULL, worker, (void *)(i + 1)), 0);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(pthread_join(w[i], &ret), 0);
		cr_assert_null(ret);
	}
	stop = true;
	cr_assert_eq(pthread_join(r, &ret), 0);
	cr_assert_null(ret);
	vm_end();
}

/* The host refuses 32 TiB of address space: the space halves until it fits. */
Test(vmalloc, space_halves_under_rlimit_as)
{
	struct rlimit rl;
	unsigned long vmsize_kb = 0;
	char line[256], *log;
	FILE *f = fopen("/proc/self/status", "r");
	void *p;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %lu kB", &vmsize_kb) == 1)
			break;
	fclose(f);
	cr_assert_gt(vmsize_kb, 0);
	rl.rlim_cur = rl.rlim_max = (vmsize_kb << 10) + (3UL << 30);
	if (getenv("ASAN_OPTIONS"))
		cr_skip_test("the sanitizer's shadow needs more address space than this limit");
	cr_assert_eq(setrlimit(RLIMIT_AS, &rl), 0);
	vm_boot("mem=64M");
	log = ut_dmesg();
	ut_assert_log_has(
		log, "ukmem: vmalloc area reduced to 2048 MiB (the host refused 33554432 MiB)");
	free(log);
	cr_assert_eq(VMALLOC_END - VMALLOC_START + 1, 2UL << 30);
	cr_assert_eq(meminfo_kb("VmallocTotal:"), (2UL << 20) - 1);
	p = vmalloc(8 * PAGE_SIZE);
	cr_assert_not_null(p);
	memset(p, 1, 8 * PAGE_SIZE);
	vfree(p);
	vm_end();
}

/* Exhaustion: purge and retry once, then 6.12's hint. */
Test(vmalloc, exhaustion_purges_then_warns)
{
	struct vm_struct *a, *b, *c, *d;
	char *log;

	/* 240 MiB of space; 4 CPUs: up to 24576 lazy pages before a purge */
	vm_boot("arch=arm mem=1G nr_cpus=4");
	a = get_vm_area(70UL << 20, VM_IOREMAP);
	b = get_vm_area(70UL << 20, VM_IOREMAP);
	c = get_vm_area(70UL << 20, VM_IOREMAP);
	cr_assert(a && b && c);
	ut_mark();
	d = get_vm_area(70UL << 20, VM_IOREMAP);
	log = ut_log_since();
	cr_assert_null(d);
	ut_assert_log_has(
		log,
		"vmap allocation for size 73404416 failed: use vmalloc=<size> to increase size\n");
	free(log);
	/* a freed range is lazy; the failing search purges it and succeeds */
	free_vm_area(a);
	cr_assert_eq(ukmem_vmalloc_lazy_pages(), 17921);
	ut_mark();
	d = get_vm_area(70UL << 20, VM_IOREMAP);
	cr_assert_not_null(d);
	cr_assert_eq(ukmem_vmalloc_lazy_pages(), 0);
	log = ut_log_since();
	ut_assert_log_lacks(log, "vmap allocation");
	free(log);
	ut_mark();
	cr_assert_null(vmalloc(70UL << 20));
	log = ut_log_since();
	ut_assert_log_has(log, "vmap allocation for size 73404416 failed");
	cr_assert(ut_match(log, "vmalloc error: size 73400320, vm_struct allocation failed, "
				"mode:0xcc0\\(GFP_KERNEL\\)"),
		  "%s", log);
	free(log);
	free_vm_area(b);
	free_vm_area(c);
	free_vm_area(d);
	vm_end();
}

/* Many small areas until the host mapping budget runs out: NULL, never a crash. */
Test(vmalloc, mapping_budget_reached_without_crash)
{
	enum {
		MAX = 400
	};
	void *p[MAX];
	int n = 0;
	unsigned long old;

	vm_boot("mem=64M");
	old = ukmem_vmalloc_set_map_budget(ukmem_vmalloc_maps_used() + 301);
	while (n < MAX && (p[n] = __vmalloc(PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN)))
		n++;
	/* a one-page area costs two host mappings */
	cr_assert_eq(n, 150);
	cr_assert_leq(ukmem_vmalloc_maps_used(), ukmem_vmalloc_map_budget());
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	vfree(p[0]);
	p[0] = vmalloc(PAGE_SIZE);
	cr_assert_not_null(p[0], "the budget freed by vfree was not given back");
	for (int i = 0; i < n; i++)
		vfree(p[i]);
	cr_assert_eq(ukmem_vmalloc_maps_used(), 0);
	ukmem_vmalloc_set_map_budget(old);
	vm_end();
}

Test(vmalloc, default_budget_from_max_map_count)
{
	vm_boot("mem=64M");
	cr_assert_gt(ukmem_vmalloc_map_budget(), 0);
	cr_assert_lt(ukmem_vmalloc_map_budget(), 1UL << 31);
	vm_end();
}

/* fork(): both processes keep their own copy behind the same vmalloc address. */
Test(vmalloc, fork_keeps_mappings_private)
{
	unsigned char *p;
	pid_t pid;
	int status;

	vm_boot("mem=64M");
	p = vmalloc(3 * PAGE_SIZE);
	memset(p, 0x11, 3 * PAGE_SIZE);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (!pid) {
		bool ok = p[0] == 0x11 && p[3 * PAGE_SIZE - 1] == 0x11;

		memset(p, 0x22, 3 * PAGE_SIZE);
		ok = ok && *(unsigned char *)page_address(vmalloc_to_page(p)) == 0x22;
		vfree(p);
		_exit(ok ? 0 : 1);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_assert_eq(p[0], 0x11);
	cr_assert_eq(p[3 * PAGE_SIZE - 1], 0x11);
	vfree(p);
	vm_end();
}

Test(vmalloc, vmalloc_user_and_32)
{
	unsigned char *u, *v, *w;
	char *info, re[128];

	vm_boot("mem=6G init_on_alloc=0");
	u = vmalloc_user(3 * PAGE_SIZE);
	cr_assert_not_null(u);
	for (unsigned long i = 0; i < 3 * PAGE_SIZE; i++)
		cr_assert_eq(u[i], 0);
	cr_assert(find_vm_area(u)->flags & VM_USERMAP);
	v = vmalloc_32(8 * PAGE_SIZE);
	w = vmalloc_32_user(2 * PAGE_SIZE);
	cr_assert(v && w);
	for (int i = 0; i < 8; i++)
		cr_assert_lt(page_to_phys(vmalloc_to_page(v + i * PAGE_SIZE)), 1ULL << 32);
	cr_assert_lt(page_to_phys(vmalloc_to_page(w)), 1ULL << 32);
	cr_assert_eq(w[5], 0);
	info = ut_read("/proc/vmallocinfo");
	snprintf(re, sizeof(re), "^0x%016lx-0x%016lx   16384 [^ ]+ pages=3 vmalloc user N0=3$",
		 (unsigned long)u, (unsigned long)u + 4 * PAGE_SIZE);
	cr_assert(ut_match(info, re), "%s", info);
	free(info);
	vfree(u);
	vfree(v);
	vfree(w);
	vm_end();
}

Test(vmalloc, vmalloc_huge_uses_2m_blocks)
{
	unsigned char *p;
	char *info, re[160];

	vm_boot("mem=128M");
	p = vmalloc_huge(3UL << 20, GFP_KERNEL);
	cr_assert_not_null(p);
	cr_assert_eq((unsigned long)p % (2UL << 20), 0, "not 2 MiB aligned");
	cr_assert_eq(find_vm_area(p)->size, (4UL << 20) + PAGE_SIZE, "not rounded up to 2 MiB");
	cr_assert_eq(find_vm_area(p)->page_order, 9);
	cr_assert_eq(find_vm_area(p)->nr_pages, 1024);
	for (int i = 1; i < 512; i++)
		cr_assert_eq(vmalloc_to_pfn(p + i * PAGE_SIZE),
			     vmalloc_to_pfn(p) + (unsigned long)i);
	cr_assert_eq(vmalloc_to_pfn(p) % 512, 0);
	memset(p, 0x5a, 3UL << 20);
	cr_assert_eq(*(unsigned char *)page_address(vmalloc_to_page(p + (2UL << 20) + 5)), 0x5a);
	info = ut_read("/proc/vmallocinfo");
	snprintf(re, sizeof(re),
		 "^0x%016lx-0x%016lx 4198400 [^ ]+ pages=1024 vmalloc vpages N0=1024$",
		 (unsigned long)p, (unsigned long)p + (4UL << 20) + PAGE_SIZE);
	cr_assert(ut_match(info, re), "%s", info);
	free(info);
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	vfree(p);
	/* smaller than 2 MiB: order-0 pages */
	p = vmalloc_huge(1UL << 20, GFP_KERNEL);
	cr_assert_eq(find_vm_area(p)->page_order, 0);
	vfree(p);
	vm_end();
	vm_boot("mem=128M nohugevmalloc");
	p = vmalloc_huge(3UL << 20, GFP_KERNEL);
	cr_assert_eq(find_vm_area(p)->page_order, 0);
	cr_assert_eq(find_vm_area(p)->size, (3UL << 20) + PAGE_SIZE);
	vfree(p);
	vm_end();
}

Test(vmalloc, vmalloc_huge_falls_back_on_fragmented_machine)
{
	static struct page *held[20000];
	int n = 0;
	unsigned char *p;
	char *log;

	vm_boot("mem=64M");
	/* leave no free 2 MiB block: take everything, give back every other page */
	while (n < 20000 && (held[n] = alloc_page(GFP_KERNEL | __GFP_NOWARN)))
		n++;
	for (int i = 0; i < n; i += 2)
		__free_page(held[i]);
	ut_mark();
	p = vmalloc_huge(2UL << 20, GFP_KERNEL);
	log = ut_log_since();
	cr_assert_not_null(p);
	ut_assert_log_lacks(log, "vmalloc error");
	free(log);
	cr_assert_eq(find_vm_area(p)->page_order, 0);
	cr_assert_eq(find_vm_area(p)->nr_pages, 512);
	p[(2UL << 20) - 1] = 1;
	vfree(p);
	for (int i = 1; i < n; i += 2)
		__free_page(held[i]);
	vm_end();
}

/* lib/test_vmalloc.c's vrealloc_test, and 6.12's edge cases */
Test(vmalloc, vrealloc_as_6_12)
{
	unsigned char *p, *q;
	char *log;

	vm_boot("mem=64M");
	p = vrealloc(NULL, PAGE_SIZE, GFP_KERNEL);
	cr_assert_not_null(p);
	p[0] = 'a';
	q = vrealloc(p, 4 * PAGE_SIZE, GFP_KERNEL); /* grows: moves */
	cr_assert_not_null(q);
	cr_assert_neq(q, p);
	cr_assert_eq(q[0], 'a');
	p = q;
	memset(p + PAGE_SIZE, 0x77, 3 * PAGE_SIZE);
	q = vrealloc(p, PAGE_SIZE, GFP_KERNEL); /* shrinks in place, tail zeroed */
	cr_assert_eq(q, p);
	cr_assert_eq(q[0], 'a');
	__asm__ volatile("" : "+r"(q)); /* the area still has its 4 pages */
	cr_assert_eq(q[PAGE_SIZE], 0, "init_on_alloc: the tail is zeroed");
	q = vrealloc(p, PAGE_SIZE / 2, GFP_KERNEL);
	cr_assert_eq(q, p);
	q = vrealloc(p, PAGE_SIZE, GFP_KERNEL); /* within the area: stays */
	cr_assert_eq(q, p);
	cr_assert_eq(q[0], 'a');
	ut_mark();
	cr_assert_null(vrealloc((void *)(VMALLOC_START + (1UL << 30)), PAGE_SIZE, GFP_KERNEL));
	log = ut_log_since();
	ut_assert_log_has(log, "Trying to vrealloc() nonexistent vm area (");
	free(log);
	cr_assert_null(vrealloc(p, 0, GFP_KERNEL)); /* size 0 frees */
	cr_assert_null(find_vm_area(p));
	vm_end();
}

Test(vmalloc, vmap_of_caller_pages)
{
	struct page *pages[5], **arr;
	unsigned char *v;
	char *info, re[160], *log;

	vm_boot("mem=64M");
	for (int i = 0; i < 5; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	ut_mark();
	v = vmap(pages, 5, VM_MAP | VM_NO_GUARD, PAGE_KERNEL);
	log = ut_log_since();
	cr_assert_not_null(v);
	ut_assert_log_has(log, "WARNING: CPU: ");
	free(log);
	cr_assert_eq(find_vm_area(v)->size, 6 * PAGE_SIZE, "VM_NO_GUARD was not cleared");
	for (int i = 0; i < 5; i++) {
		cr_assert_eq(vmalloc_to_page(v + i * PAGE_SIZE), pages[i]);
		v[i * PAGE_SIZE + 1] = (unsigned char)(i + 9);
		cr_assert_eq(((unsigned char *)page_address(pages[i]))[1], i + 9);
	}
	info = ut_read("/proc/vmallocinfo");
	snprintf(re, sizeof(re), "^0x%016lx-0x%016lx   24576 [^ ]+ vmap$", (unsigned long)v,
		 (unsigned long)v + 6 * PAGE_SIZE);
	cr_assert(ut_match(info, re), "%s", info);
	free(info);
	cr_assert_eq(vmalloc_nr_pages(), 0, "vmap pages are not VmallocUsed");
	cr_assert_eq(ukmem_vmalloc_check(), 0);
	vunmap(v);
	cr_assert_null(vmalloc_to_page(v));
	cr_assert_eq(((unsigned char *)page_address(pages[4]))[1], 13, "vunmap freed the pages");
	/* VM_MAP_PUT_PAGES: vfree() gives back the pages and the (vmalloc'd) array */
	arr = vmalloc(5 * sizeof(*arr));
	memcpy(arr, pages, sizeof(pages));
	v = vmap(arr, 5, VM_MAP | VM_MAP_PUT_PAGES, PAGE_KERNEL);
	cr_assert_not_null(v);
	info = ut_read("/proc/vmallocinfo");
	snprintf(re, sizeof(re), "^0x%016lx-0x%016lx   24576 [^ ]+ pages=5 vmap vpages N0=5$",
		 (unsigned long)v, (unsigned long)v + 6 * PAGE_SIZE);
	cr_assert(ut_match(info, re), "%s", info);
	free(info);
	vfree(v);
	ut_mark();
	vunmap(v);
	log = ut_log_since();
	ut_assert_log_has(log, "Trying to vunmap() nonexistent vm area (");
	free(log);
	vm_end();
}

/* A process whose first ukmem call is vmalloc() boots the default machine. */
Test(vmalloc, first_call_boots_the_machine)
{
	unsigned char *p;

	cr_assert_not(ukmem_is_booted());
	p = vmalloc(3 * PAGE_SIZE);
	cr_assert_not_null(p);
	cr_assert(ukmem_is_booted());
	p[3 * PAGE_SIZE - 1] = 1;
	vfree(p);
	vm_end();
}

/*
 * 6.12's vmap nodes: with N CPUs on x86_64 an area belongs to node
 * (start / 64 KiB) % N, and /proc/vmallocinfo lists node 0's areas, then
 * node 1's, each in address order.  One node on the 32-bit models.
 */
static void check_node_order(const char *cmdline, unsigned int nodes)
{
	enum {
		N = 24
	};
	void *p[N];
	char *info, *l;
	unsigned long last_node = 0, last = 0;
	int lines = 0;

	vm_boot(cmdline);
	for (int i = 0; i < N; i++)
		p[i] = vmalloc(PAGE_SIZE);
	info = ut_read("/proc/vmallocinfo");
	for (l = info; *l; l = strchr(l, '\n') + 1) {
		unsigned long a = strtoul(l, NULL, 16);
		unsigned long node = ((a / (16 * PAGE_SIZE)) % nodes);

		if (nodes == 1 || node == last_node)
			cr_assert_gt(a, last, "not in address order within a node:\n%s", info);
		else
			cr_assert_gt(node, last_node, "nodes out of order:\n%s", info);
		last_node = node;
		last = a;
		lines++;
	}
	cr_assert_eq(lines, N);
	free(info);
	for (int i = 0; i < N; i++)
		vfree(p[i]);
	vm_end();
}

Test(vmalloc, vmallocinfo_in_node_order)
{
	check_node_order("mem=64M nr_cpus=2", 2);
	check_node_order("mem=64M nr_cpus=3", 3);
	check_node_order("mem=64M nr_cpus=1", 1);
	check_node_order("arch=i386 mem=256M nr_cpus=4", 1);
}

Test(vmalloc, two_nodes_list_node0_first)
{
	void *p[24];
	char *info, want[64];

	vm_boot("mem=64M nr_cpus=2");
	for (int i = 0; i < 24; i++)
		p[i] = vmalloc(PAGE_SIZE);
	info = ut_read("/proc/vmallocinfo");
	/* the 9th line is the area at +128 KiB (node 0), before +64 KiB (node 1) */
	{
		char *l = info;

		for (int i = 0; i < 8; i++)
			l = strchr(l, '\n') + 1;
		snprintf(want, sizeof(want), "0x%016lx-", VMALLOC_START + 128 * 1024);
		cr_assert_eq(strncmp(l, want, strlen(want)), 0, "%s", info);
	}
	free(info);
	for (int i = 0; i < 24; i++)
		vfree(p[i]);
	vm_end();
}
