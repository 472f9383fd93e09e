// SPDX-License-Identifier: GPL-2.0
/*
 * test_cli.c - the `ukmem` command as a user runs it: `run` with the seed's
 * allocmm module (its page, kmalloc and vmalloc addresses checked against
 * each other) and with modules that fail, `cat`, `write`, `dmesg`.
 *
 * Each case runs the built CLI (UKMEM_CLI) as a child with its stdout and
 * stderr in temporary files and checks both and the exit status; the log
 * must appear exactly once, whichever way it is printed.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef UKMEM_CLI
#define UKMEM_CLI UKMEM_BINARY_DIR "/ukmem"
#endif
#define ALLOCMM UKMEM_BINARY_DIR "/examples/allocmm.so"
#define CONTRAST UKMEM_BINARY_DIR "/examples/contrast.so"
#define TESTMOD UKMEM_BINARY_DIR "/tests/modules/testmod.so"

extern char **environ;

struct result {
	int status; /* exit status, or 128 + signal */
	char *out, *err;
};

static char *slurp(int fd)
{
	struct stat st;
	char *buf;
	ssize_t n;

	cr_assert_eq(fstat(fd, &st), 0);
	buf = calloc(1, (size_t)st.st_size + 1);
	cr_assert_not_null(buf);
	n = pread(fd, buf, (size_t)st.st_size, 0);
	cr_assert_eq(n, st.st_size);
	close(fd);
	return buf;
}

static int tmpfd(void)
{
	char name[] = "/tmp/ukmem-cli-XXXXXX";
	int fd = mkstemp(name);

	cr_assert_geq(fd, 0);
	unlink(name);
	return fd;
}

/* Run the CLI with @args (NULL-terminated) and @env_cmdline as UKMEM_CMDLINE. */
static struct result run_env(const char *env_cmdline, const char *const *args)
{
	const char *argv[32] = {UKMEM_CLI};
	posix_spawn_file_actions_t fa;
	int out = tmpfd(), err = tmpfd(), argc = 1, wstatus;
	struct result r;
	pid_t pid;

	for (; *args && argc < 31; args++)
		argv[argc++] = *args;
	argv[argc] = NULL;
	setenv("UKMEM_CMDLINE", env_cmdline ? env_cmdline : "", 1);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, err, STDERR_FILENO);
	cr_assert_eq(posix_spawn(&pid, UKMEM_CLI, &fa, NULL, (char **)argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	cr_assert_eq(waitpid(pid, &wstatus, 0), pid);
	r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	r.out = slurp(out);
	r.err = slurp(err);
	return r;
}

#define RUN(...) run_env(NULL, (const char *const[]){__VA_ARGS__, NULL})

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void done(struct result *r)
{
	free(r->out);
	free(r->err);
}

Test(cli, run_allocmm)
{
	struct result r = RUN("run", "--cmdline", "mem=256M", ALLOCMM);
	static const char *const once[] = {
		"allocmm: loading out-of-tree module taints kernel.\n",
		("allocmm: module verification failed: signature and/or required key missing - "
		 "tainting kernel\n"),
		"allocmm: PAGE_SIZE=4096 PAGE_SHIFT=12 PAGE_OFFSET=0x",
		"allocmm: alloc_page(GFP_KERNEL): page=",
		" virt_to_page==page:1 zone=DMA32 refcount=1\n",
		"allocmm:   bytes !=0 before memset: 0 (init_on_alloc zeroes pages)\n",
		"allocmm:   memset 0x55: 0 bytes differ after verify; first=0x55 last=0x55\n",
		"allocmm: __get_free_page(GFP_KERNEL) = 0x",
		"allocmm: kmalloc(PAGE_SIZE) = ",
		" ksize=4096 page_aligned=1 slab_page=1\n",
		"allocmm: VMALLOC_START=0x",
		"allocmm: vmalloc(PAGE_SIZE) #1 = ",
		"allocmm: vmalloc(PAGE_SIZE) #2 = ",
		"allocmm: vmalloc(3*PAGE_SIZE+1) = ",
		"allocmm: v2-v1=",
		" bytes (see /proc/vmallocinfo for each area's size incl. guard page)\n",
		"allocmm: vmalloc write 0xa5 -> linear-alias read: 0 of 20481 bytes differ\n",
		"allocmm: linear-alias write 0x5a -> vmalloc read: 0 of 20481 bytes differ\n",
		"allocmm: kzalloc(100) = ",
		" ksize=128 bytes !=0: 0\n",
		"allocmm: freed everything\n",
	};

	cr_assert_eq(r.status, 0, "status %d, stderr:\n%s", r.status, r.err);
	for (size_t i = 0; i < sizeof(once) / sizeof(once[0]); i++)
		cr_expect_eq(count(r.out, once[i]), 1, "'%s' in:\n%s", once[i], r.out);
	/* Three vmalloc areas of 1, 1 and 4 pages. */
	cr_expect_eq(count(r.out, " is_vmalloc_addr=1\n"), 3, "%s", r.out);
	cr_expect_eq(count(r.out, "allocmm:   +0x"), 6, "%s", r.out);
	/* The log went to stdout only, once. */
	cr_expect_eq(count(r.err, "allocmm:"), 0, "stderr:\n%s", r.err);
	cr_expect_eq(count(r.out, "Zone ranges:"), 1);
	done(&r);
}

/*
 * The contrast example: on a fragmented machine kmalloc(64 KiB) is one run
 * of pfns and vmalloc(64 KiB) is not; on i386 the highmem page has no
 * address before kmap and keeps its pkmap slot after kunmap.
 */
Test(cli, run_contrast_i386)
{
	struct result r = RUN("run", "--cmdline", "arch=i386 mem=2G", CONTRAST);
	static const char *const once[] = {
		"contrast: fragmented: took 512 pages, gave back every other one, holding 256\n",
		"contrast: physically contiguous: kmalloc yes (0 breaks), vmalloc no (15 breaks in 16 pages)\n",
		" zone=HighMem PageHighMem=1\n",
		"contrast:   before kmap: page_address=0000000000000000\n",
		"(the pkmap slot stays until the window is recycled)\n",
		" first byte=0x55\n",
		"contrast: freed everything\n",
	};

	cr_assert_eq(r.status, 0, "status %d, stderr:\n%s", r.status, r.err);
	for (size_t i = 0; i < sizeof(once) / sizeof(once[0]); i++)
		cr_expect_eq(count(r.out, once[i]), 1, "'%s' in:\n%s", once[i], r.out);
	cr_expect_eq(count(r.out, "<- not contiguous"), 15, "%s", r.out);
	done(&r);
}

Test(cli, run_contrast_x86_64)
{
	struct result r = RUN("run", "--cmdline", "mem=256M", CONTRAST);

	cr_assert_eq(r.status, 0, "status %d, stderr:\n%s", r.status, r.err);
	cr_expect_eq(count(r.out, "kmalloc yes (0 breaks), vmalloc no (15 breaks in 16 pages)\n"),
		     1, "%s", r.out);
	cr_expect_eq(count(r.out, " PageHighMem=0\n"), 1, "%s", r.out);
	cr_expect_eq(count(r.out, "(lowmem is always mapped)\n"), 1, "%s", r.out);
	done(&r);
}

Test(cli, run_allocmm_page_addresses_agree)
{
	struct result r = RUN("run", ALLOCMM);
	unsigned long long pfn, phys, va, va_off, v2p, off;
	const char *p;

	cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
	p = strstr(r.out, "PAGE_OFFSET=0x");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "PAGE_OFFSET=0x%llx", &off), 1);
	p = strstr(r.out, "alloc_page(GFP_KERNEL): page=");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p,
			    "alloc_page(GFP_KERNEL): page=%*x pfn=0x%llx page_to_phys=0x%llx "
			    "page_address=%llx",
			    &pfn, &phys, &va),
		     3);
	cr_expect_eq(phys, pfn << 12);
	p = strstr(r.out, "va-PAGE_OFFSET=0x");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "va-PAGE_OFFSET=0x%llx virt_to_phys=0x%llx", &va_off, &v2p), 2);
	cr_expect_eq(va - off, va_off);
	cr_expect_eq(v2p, phys);
	done(&r);
}

/*
 * kmalloc memory is in the linear map: virt_to_phys() is the pointer less
 * PAGE_OFFSET, which for a page-aligned object is page_to_phys() of its
 * page.  Every vmalloc page's pfn agrees both ways, its phys is pfn <<
 * PAGE_SHIFT and its linear alias is page_address(), PAGE_OFFSET + phys;
 * the areas are inside VMALLOC_START..VMALLOC_END and no page is in two
 * places.
 */
Test(cli, run_allocmm_kmalloc_vmalloc_addresses_agree)
{
	struct result r = RUN("run", ALLOCMM);
	static const char *const area[3] = {
		"vmalloc(PAGE_SIZE) #1 = ",
		"vmalloc(PAGE_SIZE) #2 = ",
		"vmalloc(3*PAGE_SIZE+1) = ",
	};
	static const int npages[3] = {1, 1, 4};
	unsigned long long off, kptr, kphys, vstart, vend, v[3], pfns[7];
	unsigned long long pgoff, vpfn, ppfn, phys, alias;
	long long d21, d32;
	size_t ksz;
	int np = 0, aligned, slab;
	const char *p;

	cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
	p = strstr(r.out, "PAGE_OFFSET=0x");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "PAGE_OFFSET=0x%llx", &off), 1);

	p = strstr(r.out, "kmalloc(PAGE_SIZE) = ");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p,
			    "kmalloc(PAGE_SIZE) = %llx virt_to_phys=0x%llx ksize=%zu "
			    "page_aligned=%d slab_page=%d",
			    &kptr, &kphys, &ksz, &aligned, &slab),
		     5);
	cr_expect_eq(kphys, kptr - off);
	cr_expect_eq(kphys & 4095, 0);
	cr_expect_eq(ksz, 4096);
	cr_expect_eq(aligned, 1);
	cr_expect_eq(slab, 1);
	pfns[np++] = kphys >> 12;

	p = strstr(r.out, "kzalloc(100) = ");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "kzalloc(100) = %llx virt_to_phys=0x%llx", &kptr, &kphys), 2);
	cr_expect_eq(kphys, kptr - off);

	p = strstr(r.out, "VMALLOC_START=0x");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "VMALLOC_START=0x%llx VMALLOC_END=0x%llx", &vstart, &vend), 2);
	cr_expect_lt(vstart, vend);

	for (int i = 0; i < 3; i++) {
		p = strstr(r.out, area[i]);
		cr_assert_not_null(p, "%s", area[i]);
		cr_assert_eq(sscanf(p + strlen(area[i]), "%llx", &v[i]), 1);
		cr_expect_geq(v[i], vstart);
		cr_expect_leq(v[i] + 4096ULL * npages[i] - 1, vend);
		cr_expect_eq(v[i] & 4095, 0);
		for (int j = 0; j < npages[i]; j++) {
			p = strstr(p, "allocmm:   +0x");
			cr_assert_not_null(p);
			cr_assert_eq(sscanf(p,
					    "allocmm:   +0x%llx: vmalloc_to_pfn=0x%llx "
					    "page_to_pfn=0x%llx phys=0x%llx linear-alias=%llx",
					    &pgoff, &vpfn, &ppfn, &phys, &alias),
				     5);
			cr_expect_eq(pgoff, 4096ULL * j);
			cr_expect_eq(vpfn, ppfn);
			cr_expect_eq(phys, ppfn << 12);
			cr_expect_eq(alias, off + phys);
			for (int k = 0; k < np; k++)
				cr_expect_neq(pfns[k], ppfn, "pfn 0x%llx twice", ppfn);
			pfns[np++] = ppfn;
			p++;
		}
	}
	p = strstr(r.out, "v2-v1=");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "v2-v1=%lld v3-v2=%lld", &d21, &d32), 2);
	cr_expect_eq(d21, (long long)(v[1] - v[0]));
	cr_expect_eq(d32, (long long)(v[2] - v[1]));
	done(&r);
}

Test(cli, run_console_prints_live_once)
{
	struct result r = RUN("run", "--console", ALLOCMM);

	cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_eq(count(r.err, "allocmm: PAGE_SIZE=4096"), 1, "stderr:\n%s", r.err);
	cr_expect_eq(count(r.out, "allocmm:"), 0, "stdout:\n%s", r.out);
	done(&r);
}

Test(cli, run_failing_init)
{
	struct result r = RUN("run", TESTMOD, "fail=-12");

	cr_expect_eq(r.status, 1);
	cr_expect_eq(count(r.err, "insmod: ERROR: could not insert module " TESTMOD
				  ": Cannot allocate memory\n"),
		     1, "stderr:\n%s", r.err);
	cr_expect_eq(count(r.out, "testmod: init returns -12\n"), 1);
	cr_expect_eq(count(r.out, "testmod: exit"), 0);
	done(&r);
}

Test(cli, run_bad_parameter)
{
	struct result r = RUN("run", TESTMOD, "ival=abc");

	cr_expect_eq(r.status, 1);
	cr_expect_eq(count(r.err, "insmod: ERROR: could not insert module " TESTMOD
				  ": Invalid parameters\n"),
		     1, "stderr:\n%s", r.err);
	cr_expect_eq(count(r.out, "testmod: `abc' invalid for parameter `ival'\n"), 1);
	done(&r);
}

Test(cli, run_two_modules_with_parameters)
{
	struct result r = RUN("run", TESTMOD, "ival=7", "bogus=2", ALLOCMM);

	cr_expect_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_eq(count(r.out, "testmod: unknown parameter 'bogus' ignored\n"), 1);
	cr_expect_eq(count(r.out, "testmod: init ival=7 "), 1);
	cr_expect_eq(count(r.out, "allocmm: PAGE_SIZE=4096"), 1);
	/* The taint lines are the first module's only. */
	cr_expect_eq(count(r.out, "loading out-of-tree module taints kernel."), 1);
	/* Unloaded newest first. */
	cr_expect_lt(strstr(r.out, "allocmm: freed everything"), strstr(r.out, "testmod: exit"));
	done(&r);
}

Test(cli, run_leak_fails)
{
	struct result r = RUN("run", TESTMOD, "leak=1");

	cr_expect_eq(r.status, 1, "stdout:\n%s\nstderr:\n%s", r.out, r.err);
	done(&r);
}

Test(cli, run_missing_module)
{
	struct result r = RUN("run", "/nonexistent/missing.so");

	cr_expect_eq(r.status, 1);
	cr_expect_eq(count(r.err, "insmod: ERROR: could not load module /nonexistent/missing.so: "
				  "No such file or directory\n"),
		     1, "stderr:\n%s", r.err);
	done(&r);
}

Test(cli, cat_buddyinfo)
{
	struct result r = RUN("cat", "/proc/buddyinfo");

	cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_eq(strncmp(r.out, "Node 0, zone      DMA ", 22), 0, "stdout:\n%s", r.out);
	cr_expect_eq(count(r.out, "Node 0, zone    DMA32 "), 1, "stdout:\n%s", r.out);
	cr_expect_str_eq(r.err, "");
	done(&r);
}

Test(cli, cat_large_view_and_missing_one)
{
	struct result r = RUN("cat", "/proc/zoneinfo");

	cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_gt(strlen(r.out), 512);
	cr_expect_eq(count(r.out, "Node 0, zone"), count(r.out, "  pages free"));
	done(&r);

	r = RUN("cat", "/proc/no_such_view");
	cr_expect_eq(r.status, 1);
	cr_expect_eq(count(r.err, "/proc/no_such_view: No such file or directory"), 1);
	done(&r);
}

Test(cli, write_knob)
{
	struct result r = RUN("write", "/proc/sys/vm/min_free_kbytes", "8192",
			      "/proc/sys/vm/min_free_kbytes");

	cr_expect_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_str_eq(r.out, "8192\n");
	done(&r);

	r = RUN("write", "/proc/sys/vm/min_free_kbytes", "abc");
	cr_expect_eq(r.status, 1);
	cr_expect_eq(count(r.err, "ukmem: write /proc/sys/vm/min_free_kbytes: Invalid argument\n"),
		     1, "stderr:\n%s", r.err);
	done(&r);
}

Test(cli, dmesg_and_cmdline)
{
	struct result r = run_env("mem=128M", (const char *const[]){"dmesg", NULL});

	cr_expect_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_geq(count(r.out, "mem=128M"), 1, "stdout:\n%s", r.out);
	cr_expect_eq(count(r.out, "Zone ranges:"), 1);
	done(&r);

	/* --cmdline overrides UKMEM_CMDLINE. */
	r = run_env("mem=128M", (const char *const[]){"dmesg", "--cmdline", "mem=96M", NULL});
	cr_expect_eq(r.status, 0);
	cr_expect_geq(count(r.out, "mem=96M"), 1, "stdout:\n%s", r.out);
	cr_expect_eq(count(r.out, "mem=128M"), 0);
	done(&r);

	r = RUN("dmesg", "--cmdline", "mem=banana");
	cr_expect_eq(r.status, 1);
	done(&r);
}

Test(cli, help_version_usage)
{
	struct result r = RUN("--help");

	cr_expect_eq(r.status, 0);
	cr_expect_eq(count(r.out, "ukmem run"), 1);
	done(&r);

	r = RUN("--version");
	cr_expect_eq(r.status, 0);
	cr_expect_eq(strncmp(r.out, "ukmem ", 6), 0);
	done(&r);

	r = RUN("frobnicate");
	cr_expect_eq(r.status, 2);
	done(&r);

	r = RUN("run", "not-a-module");
	cr_expect_eq(r.status, 2);
	done(&r);
}
