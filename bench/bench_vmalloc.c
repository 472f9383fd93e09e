// SPDX-License-Identifier: GPL-2.0
/*
 * bench_vmalloc.c - vmalloc/vfree and kvmalloc/kvfree against the host's
 * mmap/munmap and glibc's malloc/free, and the floor of issue 4, section 6.
 *
 * One process, one machine: ukmem_boot("mem=1G nr_cpus=2 quiet
 * init_on_alloc=0 ukmem.seed=1").  Every workload runs once to warm up,
 * then in 5 rounds (the order of the peers rotated each round, so a noisy
 * stretch of the host does not land on one peer only); the figure is the
 * median round, in microseconds per operation.
 *
 * Workloads (an operation is allocate, write one byte per page, free):
 *   size  4 KiB, 64 KiB, 1 MiB, 16 MiB with
 *         vmalloc+vfree, mmap(MAP_PRIVATE|MAP_ANONYMOUS)+munmap,
 *         malloc+free (glibc; 1 MiB and up is an mmap inside malloc)
 *   kv    kvmalloc+kvfree of 256 B and 4 KiB (kmalloc) and of 64 KiB and
 *         1 MiB (kmalloc first, falling back to vmalloc when the buddy
 *         allocator has no such block; on this fresh machine kmalloc
 *         serves them), against malloc+free
 *   floor vmalloc(3 pages)+touch+vfree against "the same mmap calls on the
 *         physical-memory object issued directly": a memfd of this
 *         process, a PROT_NONE reservation, per operation an mmap
 *         MAP_SHARED|MAP_FIXED of the pages (one call for three contiguous
 *         pages, or three calls for three scattered ones), a write per
 *         page, and an inaccessible anonymous mapping put back over them,
 *         at a new place each time as vmalloc's addresses move.
 *         Target (issue 4): vmalloc at most 1.2 times the floor.
 *   live  the same vmalloc(3 pages)+touch+vfree with 1 000 and with 30 000
 *         live one-page areas (fewer where the host's max_map_count
 *         leaves no room: the output says so).  Target: at most 2 times.
 *
 * Output: Markdown tables, the targets with PASS/MISS, and one line per
 * figure for scripts:
 *   BENCH vmalloc peer=vmalloc workload=size4096 us=... rounds=5
 * docs/BENCHMARKS.md records results.
 *
 * Usage: bench_vmalloc [--rounds N] [--live N]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/compiler.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>

#include "mm/vmalloc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define MAX_ROUNDS 31
#define PG 4096UL

static int rounds = 5;
static unsigned long live_target = 30000;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void touch(char *p, size_t size)
{
	for (size_t off = 0; off < size; off += PG)
		((volatile char *)p)[off] = 1;
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

static unsigned long iters_for(size_t size)
{
	unsigned long n = (256UL << 20) / size;

	return n < 20 ? 20 : n > 20000 ? 20000 : n;
}

/* ---- the peers --------------------------------------------------------- */

static double run_vmalloc(size_t size, unsigned long n)
{
	double t = now_us();

	for (unsigned long i = 0; i < n; i++) {
		char *p = vmalloc(size);

		if (!p) {
			fprintf(stderr, "bench_vmalloc: vmalloc(%zu) failed\n", size);
			exit(1);
		}
		touch(p, size);
		vfree(p);
	}
	return (now_us() - t) / (double)n;
}

static double run_mmap(size_t size, unsigned long n)
{
	double t = now_us();

	for (unsigned long i = 0; i < n; i++) {
		char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			       0);

		if (p == MAP_FAILED)
			exit(1);
		touch(p, size);
		munmap(p, size);
	}
	return (now_us() - t) / (double)n;
}

static double run_malloc(size_t size, unsigned long n)
{
	double t = now_us();

	for (unsigned long i = 0; i < n; i++) {
		char *p = malloc(size);

		if (!p)
			exit(1);
		touch(p, size);
		free(p);
	}
	return (now_us() - t) / (double)n;
}

static double run_kvmalloc(size_t size, unsigned long n)
{
	double t = now_us();

	for (unsigned long i = 0; i < n; i++) {
		char *p = kvmalloc(size, GFP_KERNEL);

		if (!p)
			exit(1);
		touch(p, size);
		kvfree(p);
	}
	return (now_us() - t) / (double)n;
}

/* The floor: the mmap calls of a 3-page vmalloc, issued directly. */
static int floor_fd = -1;
static char *floor_area;
#define FLOOR_AREA (64UL << 20)
#define FLOOR_SLOTS (FLOOR_AREA / (4 * PG))

static void floor_setup(void)
{
	floor_fd = memfd_create("bench-floor", MFD_CLOEXEC);
	if (floor_fd < 0 || ftruncate(floor_fd, 64 << 20) < 0)
		exit(1);
	floor_area = mmap(NULL, FLOOR_AREA, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			  -1, 0);
	if (floor_area == MAP_FAILED)
		exit(1);
}

static double run_floor(bool scattered, unsigned long n)
{
	double t = now_us();

	for (unsigned long i = 0; i < n; i++) {
		/* each operation a new place, one guard page after it, as vmalloc */
		char *p = floor_area + (i % FLOOR_SLOTS) * 4 * PG;

		if (scattered) {
			for (int k = 0; k < 3; k++)
				if (mmap(p + k * PG, PG, PROT_READ | PROT_WRITE,
					 MAP_SHARED | MAP_FIXED, floor_fd,
					 (off_t)((k * 2 + 1) * (1 << 20))) == MAP_FAILED)
					exit(1);
		} else if (mmap(p, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, floor_fd,
				1 << 20) == MAP_FAILED) {
			exit(1);
		}
		touch(p, 3 * PG);
		if (mmap(p, 3 * PG, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
			 0) == MAP_FAILED)
			exit(1);
	}
	return (now_us() - t) / (double)n;
}

/*
 * The floor with exactly vmalloc's calls: a probe vmalloc(3 pages) tells how
 * many physically contiguous runs its pages form (that many mmap calls,
 * which depends on what the per-CPU lists hold), and this issues one mmap
 * per run of the same lengths.
 */
static int same_runs, same_len[3];

static void floor_probe_runs(void)
{
	char *v = vmalloc(3 * PG);

	same_runs = 0;
	if (!v)
		exit(1);
	for (int k = 0; k < 3; k++) {
		if (k && vmalloc_to_pfn(v + k * PG) == vmalloc_to_pfn(v + (k - 1) * PG) + 1)
			same_len[same_runs - 1]++;
		else
			same_len[same_runs++] = 1;
	}
	vfree(v);
}

static double run_floor_same(unsigned long n)
{
	double t = now_us();

	for (unsigned long i = 0; i < n; i++) {
		char *p = floor_area + (i % FLOOR_SLOTS) * 4 * PG;
		int at = 0;

		for (int r = 0; r < same_runs; r++) {
			if (mmap(p + at * PG, (size_t)same_len[r] * PG, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_FIXED, floor_fd,
				 (off_t)((r * 2 + 1) * (1 << 20))) == MAP_FAILED)
				exit(1);
			at += same_len[r];
		}
		touch(p, 3 * PG);
		if (mmap(p, 3 * PG, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
			 0) == MAP_FAILED)
			exit(1);
	}
	return (now_us() - t) / (double)n;
}

/* ---- rounds and medians -------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

enum peer {
	P_VMALLOC,
	P_MMAP,
	P_MALLOC,
	P_KVMALLOC,
	P_FLOOR_CONTIG,
	P_FLOOR_SCATTER,
	P_FLOOR_SAME,
	NR_PEERS
};
static const char *const peer_names[NR_PEERS] = {
	"vmalloc", "mmap", "malloc", "kvmalloc", "floor-contig", "floor-scatter", "floor-same"};

static double run_peer(enum peer p, size_t size, unsigned long n)
{
	switch (p) {
	case P_VMALLOC:
		return run_vmalloc(size, n);
	case P_MMAP:
		return run_mmap(size, n);
	case P_MALLOC:
		return run_malloc(size, n);
	case P_KVMALLOC:
		return run_kvmalloc(size, n);
	case P_FLOOR_CONTIG:
		return run_floor(false, n);
	case P_FLOOR_SAME:
		return run_floor_same(n);
	default:
		return run_floor(true, n);
	}
}

/* Median over the rounds of each peer, the peers' order rotated per round. */
static void measure(const enum peer *peers, int nr, size_t size, unsigned long n, double *out)
{
	double samples[NR_PEERS][MAX_ROUNDS];

	for (int i = 0; i < nr; i++)
		run_peer(peers[i], size, n / 4 + 1); /* warm-up */
	for (int r = 0; r < rounds; r++)
		for (int k = 0; k < nr; k++) {
			int i = (k + r) % nr;

			samples[i][r] = run_peer(peers[i], size, n);
		}
	for (int i = 0; i < nr; i++)
		out[i] = median(samples[i], rounds);
}

static void bench_line(const char *peer, const char *workload, double us)
{
	printf("BENCH vmalloc peer=%s workload=%s us=%.3f rounds=%d\n", peer, workload, us, rounds);
}

static const char *size_name(size_t size, char *buf, size_t len)
{
	if (size >= (1 << 20))
		snprintf(buf, len, "%zu MiB", size >> 20);
	else if (size >= 1024)
		snprintf(buf, len, "%zu KiB", size >> 10);
	else
		snprintf(buf, len, "%zu B", size);
	return buf;
}

/* ---- main ----------------------------------------------------------------- */

int main(int argc, char **argv)
{
	static const size_t sizes[] = {4096, 65536, 1 << 20, 16 << 20};
	static const size_t kv_sizes[] = {256, 4096, 65536, 1 << 20};
	double size_res[4][3], kv_res[4][2], floor_res[4], live_res[2];
	unsigned long live_counts[2] = {1000, 0}, budget, fit;
	char name[32], wl[32];
	struct utsname u;
	void **live;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--live") && i + 1 < argc)
			live_target = strtoul(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: bench_vmalloc [--rounds N] [--live N]\n");
			return 2;
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS)
		rounds = 5;
	if (ukmem_boot("mem=1G nr_cpus=2 quiet init_on_alloc=0 ukmem.seed=1")) {
		fprintf(stderr, "bench_vmalloc: boot failed\n");
		return 1;
	}
	floor_setup();
	uname(&u);
	printf("# bench_vmalloc: %s %s, %ld CPUs online, median of %d rounds, us per operation\n\n",
	       u.sysname, u.release, sysconf(_SC_NPROCESSORS_ONLN), rounds);

	/* allocate + touch every page + free, by size */
	{
		const enum peer peers[] = {P_VMALLOC, P_MMAP, P_MALLOC};

		for (int s = 0; s < 4; s++)
			measure(peers, 3, sizes[s], iters_for(sizes[s]), size_res[s]);
	}
	printf("| size | vmalloc+vfree | mmap+munmap | malloc+free (glibc) | vmalloc/mmap | vmalloc/malloc |\n");
	printf("|---|---:|---:|---:|---:|---:|\n");
	for (int s = 0; s < 4; s++)
		printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
		       size_name(sizes[s], name, sizeof(name)), size_res[s][0], size_res[s][1],
		       size_res[s][2], size_res[s][0] / size_res[s][1],
		       size_res[s][0] / size_res[s][2]);

	/* kvmalloc */
	{
		const enum peer peers[] = {P_KVMALLOC, P_MALLOC};

		for (int s = 0; s < 4; s++)
			measure(peers, 2, kv_sizes[s], iters_for(kv_sizes[s]), kv_res[s]);
	}
	printf("\n| size | kvmalloc+kvfree | malloc+free (glibc) | kvmalloc/malloc |\n");
	printf("|---|---:|---:|---:|\n");
	for (int s = 0; s < 4; s++)
		printf("| %s | %.3f | %.3f | %.2f |\n", size_name(kv_sizes[s], name, sizeof(name)),
		       kv_res[s][0], kv_res[s][1], kv_res[s][0] / kv_res[s][1]);

	/* the floor */
	{
		const enum peer peers[] = {P_VMALLOC, P_FLOOR_CONTIG, P_FLOOR_SCATTER,
					   P_FLOOR_SAME};

		floor_probe_runs();
		measure(peers, 4, 3 * PG, 20000, floor_res);
	}
	printf("\n| 3 pages + touch | us/op | vmalloc / this |\n|---|---:|---:|\n");
	printf("| vmalloc+vfree | %.2f | 1.00 |\n", floor_res[0]);
	printf("| floor, contiguous (1 mmap) | %.2f | %.2f |\n", floor_res[1],
	       floor_res[0] / floor_res[1]);
	printf("| floor, scattered (3 mmaps) | %.2f | %.2f |\n", floor_res[2],
	       floor_res[0] / floor_res[2]);
	printf("| floor, vmalloc's own runs (%d mmaps) | %.2f | %.2f |\n", same_runs, floor_res[3],
	       floor_res[0] / floor_res[3]);

	/* with many live areas: each one-page area costs two host mappings */
	budget = ukmem_vmalloc_map_budget() - ukmem_vmalloc_maps_used();
	fit = budget > 2000 ? (budget - 2000) / 2 : 0;
	live_counts[1] = live_target < fit ? live_target : fit;
	live = calloc(live_counts[1], sizeof(*live));
	for (int k = 0; k < 2 && live; k++) {
		const enum peer peers[] = {P_VMALLOC};

		for (unsigned long i = 0; i < live_counts[k]; i++) {
			live[i] = vmalloc(PG);
			if (!live[i]) {
				fprintf(stderr, "bench_vmalloc: live area %lu refused\n", i);
				return 1;
			}
		}
		measure(peers, 1, 3 * PG, 20000, &live_res[k]);
		for (unsigned long i = 0; i < live_counts[k]; i++)
			vfree(live[i]);
	}
	free(live);
	printf("\n| live one-page areas | vmalloc(3 pages)+touch+vfree us/op |\n|---:|---:|\n");
	printf("| %lu | %.2f |\n| %lu | %.2f |\n", live_counts[0], live_res[0], live_counts[1],
	       live_res[1]);
	if (live_counts[1] < live_target)
		printf("\n(scaled down: the host's vm.max_map_count leaves room for %lu live areas, not %lu)\n",
		       live_counts[1], live_target);

	printf("\n| target (issue 4, section 6) | ratio | limit | result |\n|---|---:|---:|---|\n");
	printf("| vmalloc(3 pages)+touch+vfree vs floor, contiguous | %.2f | 1.2 | %s |\n",
	       floor_res[0] / floor_res[1], floor_res[0] / floor_res[1] <= 1.2 ? "PASS" : "MISS");
	printf("| vmalloc(3 pages)+touch+vfree vs floor, scattered | %.2f | 1.2 | %s |\n",
	       floor_res[0] / floor_res[2], floor_res[0] / floor_res[2] <= 1.2 ? "PASS" : "MISS");
	printf("| vmalloc(3 pages)+touch+vfree vs floor, the same %d mmap calls | %.2f | 1.2 | %s |\n",
	       same_runs, floor_res[0] / floor_res[3],
	       floor_res[0] / floor_res[3] <= 1.2 ? "PASS" : "MISS");
	printf("| %lu live areas vs %lu | %.2f | 2 | %s |\n\n", live_counts[1], live_counts[0],
	       live_res[1] / live_res[0], live_res[1] / live_res[0] <= 2 ? "PASS" : "MISS");

	for (int s = 0; s < 4; s++) {
		snprintf(wl, sizeof(wl), "size%zu", sizes[s]);
		bench_line("vmalloc", wl, size_res[s][0]);
		bench_line("mmap", wl, size_res[s][1]);
		bench_line("malloc", wl, size_res[s][2]);
	}
	for (int s = 0; s < 4; s++) {
		snprintf(wl, sizeof(wl), "kv%zu", kv_sizes[s]);
		bench_line("kvmalloc", wl, kv_res[s][0]);
		bench_line("malloc", wl, kv_res[s][1]);
	}
	bench_line("vmalloc", "floor3", floor_res[0]);
	bench_line(peer_names[P_FLOOR_CONTIG], "floor3", floor_res[1]);
	bench_line(peer_names[P_FLOOR_SCATTER], "floor3", floor_res[2]);
	bench_line(peer_names[P_FLOOR_SAME], "floor3", floor_res[3]);
	snprintf(wl, sizeof(wl), "live%lu", live_counts[0]);
	bench_line("vmalloc", wl, live_res[0]);
	snprintf(wl, sizeof(wl), "live%lu", live_counts[1]);
	bench_line("vmalloc", wl, live_res[1]);
	ukmem_shutdown();
	return 0;
}
