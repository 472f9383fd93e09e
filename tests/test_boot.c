// SPDX-License-Identifier: GPL-2.0
/*
 * test_boot.c - booting and shutting down a machine: the defaults, the
 * command line (machine parameters, unknown words, UKMEM_CMDLINE), the
 * failures (-EINVAL that leaves nothing behind, -EBUSY), the implicit boot
 * by the first allocator call, and the boot log's lines and their order.
 *
 * "Nothing behind" is measured on the host: the number of open file
 * descriptors and of mappings in /proc/self/maps, read with plain
 * open/read into static storage so that the measurement itself does not
 * change them.
 */
#include "helpers/ukmem_test.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <linux/gfp.h>
#include <linux/mm.h>

/* Mappings of this process (lines of /proc/self/maps), without malloc. */
static int maps_count(void)
{
	static char buf[1 << 20];
	size_t len = 0;
	ssize_t n;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC), lines = 0;

	cr_assert_geq(fd, 0);
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	return lines;
}

static void no_env(void)
{
	unsetenv("UKMEM_CMDLINE");
}

/* ---------------------------------------------------------------- */
/* defaults                                                           */
/* ---------------------------------------------------------------- */

Test(boot, defaults, .init = no_env)
{
	unsigned long present = 0;
	struct zone *z;
	char *log;

	ut_boot(NULL);
	cr_assert(ukmem_is_booted());
	/* x86_64: DMA, DMA32, Normal, Movable, Device */
	cr_assert_eq(ukmem_nr_zones, 5);
	cr_assert_not_null(ukmem_zone_by_type(0, ZONE_DMA32));
	cr_assert_eq(nr_cpu_ids, 2);
	cr_assert_eq(nr_online_nodes, 1);
	/* 256M: RAM up to 256M less the firmware's 0x21000 bytes, less the 640K-1M hole */
	for_each_populated_zone(z)
		present += z->present_pages;
	cr_assert_eq(present,
		     ((256UL << 20) - 0x21000 - 0x100000) / PAGE_SIZE +
			     (0x9f000 - 0x1000) / PAGE_SIZE,
		     "present pages %lu", present);
	cr_assert_eq(max_pfn, ((256UL << 20) - 0x21000) >> PAGE_SHIFT);
	log = ut_dmesg();
	ut_assert_log_has(log, "Command line: \n");
	ut_assert_log_lacks(log, "Unknown kernel command line parameters");
	free(log);
	ut_end();
}

Test(boot, machine_parameters)
{
	ut_boot("mem=96M nr_cpus=5 ukmem.seed=0x1234");
	cr_assert_eq(nr_cpu_ids, 5);
	cr_assert_eq(max_pfn, ((96UL << 20) - 0x21000) >> PAGE_SHIFT);
	ut_end();
	ut_boot("mem=2G arch=i386 nr_cpus=1");
	cr_assert_eq(nr_cpu_ids, 1);
	cr_assert_not_null(ukmem_zone_by_type(0, ZONE_HIGHMEM));
	ut_end();
	ut_boot("mem=128M arch=arm");
	cr_assert_null(ukmem_zone_by_type(0, ZONE_DMA));
	ut_end();
	/* suffixes, and the last occurrence wins as with the kernel's __setup */
	ut_boot("mem=65536K mem=131072K");
	cr_assert_eq(max_pfn, ((128UL << 20) - 0x21000) >> PAGE_SHIFT);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* bad machine parameters                                             */
/* ---------------------------------------------------------------- */

static void boot_fails(const char *cmdline, const char *named)
{
	int fds = ut_fd_count(), maps = maps_count();
	int ret = ukmem_boot(cmdline);
	char *log;

	cr_assert_eq(ret, -EINVAL, "ukmem_boot(\"%s\") returned %d, expected -EINVAL", cmdline,
		     ret);
	cr_assert_not(ukmem_is_booted());
	cr_assert_eq(ut_fd_count(), fds, "a failed boot (\"%s\") left a file descriptor", cmdline);
	cr_assert_eq(maps_count(), maps, "a failed boot (\"%s\") left a mapping", cmdline);
	log = ut_dmesg();
	cr_assert_not_null(strstr(log, named), "the log does not say which parameter (%s):\n%s",
			   named, log);
	free(log);
}

Test(boot, bad_machine_parameters_fail_cleanly)
{
	static const struct {
		const char *cmdline, *named;
	} cases[] = {
		{"mem=abc", "mem=abc"},
		{"mem=", "mem="},
		{"mem=8M", "mem=8M"},
		{"mem=64Q", "mem=64Q"},
		{"mem=2T", "mem=2T"},
		{"arch=i386 mem=8G", "mem=8G"},
		{"nr_cpus=0", "nr_cpus=0"},
		{"nr_cpus=65", "nr_cpus=65"},
		{"nr_cpus=two", "nr_cpus=two"},
		{"arch=sparc", "arch=sparc"},
		{"arch=", "arch="},
		{"numa=fake=0", "numa=fake=0"},
		{"numa=fake=9", "numa=fake=9"},
		{"numa=off", "numa=off"},
		{"ukmem.seed=zz", "ukmem.seed=zz"},
		{"mem=64M nr_cpus=4 arch=x86-64", "arch=x86-64"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		boot_fails(cases[i].cmdline, cases[i].named);
	/* a later boot works */
	ut_boot("mem=64M");
	{
		struct page *p = alloc_page(GFP_KERNEL);

		cr_assert_not_null(p);
		__free_page(p);
	}
	ut_end();
}

/*
 * A boot and its shutdown leave nothing either.  The platform keeps one
 * table for the life of the process (its registry of mappings, created by
 * the first boot and reused by every later one), so the count is taken
 * after a first cycle.
 */
Test(boot, boot_and_shutdown_leave_nothing)
{
	int fds, maps;

	ut_boot("mem=64M");
	ut_end();
	fds = ut_fd_count();
	maps = maps_count();
	for (int i = 0; i < 5; i++) {
		struct page *p;

		cr_assert_eq(ukmem_boot(i & 1 ? "mem=64M arch=i386" : "mem=64M"), 0);
		p = alloc_pages(GFP_KERNEL, 3);
		cr_assert_not_null(p);
		__free_pages(p, 3);
		ut_end();
		cr_assert_eq(ut_fd_count(), fds, "boot %d left a file descriptor", i);
		cr_assert_eq(maps_count(), maps, "boot %d left a mapping", i);
	}
	/* shutdown of no machine is harmless */
	ukmem_shutdown();
	cr_assert_eq(ukmem_check(), 0);
}

Test(boot, double_boot_is_ebusy)
{
	struct page *p;

	ut_boot("mem=64M nr_cpus=3");
	cr_assert_eq(ukmem_boot("mem=128M"), -EBUSY);
	cr_assert_eq(ukmem_boot(NULL), -EBUSY);
	cr_assert(ukmem_is_booted());
	/* the first machine is untouched */
	cr_assert_eq(nr_cpu_ids, 3);
	cr_assert_eq(max_pfn, ((64UL << 20) - 0x21000) >> PAGE_SHIFT);
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p);
	__free_page(p);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* the command line                                                   */
/* ---------------------------------------------------------------- */

Test(boot, unknown_parameters_are_reported)
{
	char *log;

	ut_boot("mem=64M foo=bar quiet baz init_on_alloc=0");
	log = ut_dmesg();
	ut_assert_log_has(
		log,
		"Unknown kernel command line parameters \"baz foo=bar\", will be passed to user space.\n");
	cr_assert_eq(ut_count(log, "Unknown kernel command line parameters"), 1);
	ut_assert_log_has(log, "Kernel command line: mem=64M foo=bar quiet baz init_on_alloc=0\n");
	free(log);
	ut_end();
}

Test(boot, malformed_early_options_are_reported)
{
	char *log;

	ut_boot("mem=64M loglevel=abc init_on_alloc=maybe init_on_free page_poison=2 "
		"debug_pagealloc=xyz page_owner=on loglevel=5x");
	log = ut_dmesg();
	/* 6.12's do_early_param(): one line per refused value, defaults kept */
	ut_assert_log_has(log, "Malformed early option 'loglevel'\n");
	ut_assert_log_has(log, "Malformed early option 'init_on_alloc'\n");
	ut_assert_log_has(log, "Malformed early option 'init_on_free'\n");
	ut_assert_log_has(log, "Malformed early option 'page_poison'\n");
	ut_assert_log_has(log, "Malformed early option 'debug_pagealloc'\n");
	cr_assert_null(strstr(log, "Malformed early option 'page_owner'"), "on is a boolean");
	cr_assert_eq(ut_count(log, "Malformed early option"), 5, "%s", log);
	/* right after the command line, as the kernel parses early options there */
	cr_assert_lt(strstr(log, "Command line: "), strstr(log, "Malformed early option"));
	cr_assert_lt(strstr(log, "Malformed early option 'debug_pagealloc'"),
		     strstr(log, "Zone ranges:"));
	/* the defaults stayed: init_on_alloc on, init_on_free off */
	ut_assert_log_has(log, "mem auto-init: stack:all(zero), heap alloc:on, heap free:off\n");
	free(log);
	ut_end();

	ut_boot("mem=64M loglevel=7 init_on_alloc=0 init_on_free=1 page_poison=0");
	log = ut_dmesg();
	cr_assert_eq(ut_count(log, "Malformed early option"), 0, "%s", log);
	free(log);
	ut_end();
}

Test(boot, ukmem_cmdline_env_is_honoured)
{
	char *log;

	setenv("UKMEM_CMDLINE", "mem=96M nr_cpus=3 init_on_alloc=0", 1);
	ut_boot(NULL);
	cr_assert_eq(nr_cpu_ids, 3);
	cr_assert_eq(max_pfn, ((96UL << 20) - 0x21000) >> PAGE_SHIFT);
	log = ut_dmesg();
	ut_assert_log_has(log, "Command line: mem=96M nr_cpus=3 init_on_alloc=0\n");
	ut_assert_log_has(log, "heap alloc:off");
	free(log);
	ut_end();

	/* an explicit command line does not read the environment */
	ut_boot("mem=64M");
	cr_assert_eq(nr_cpu_ids, 2);
	ut_end();

	/* a bad value there fails the boot as one given directly */
	setenv("UKMEM_CMDLINE", "nr_cpus=0", 1);
	cr_assert_eq(ukmem_boot(NULL), -EINVAL);
	cr_assert_not(ukmem_is_booted());
	unsetenv("UKMEM_CMDLINE");
}

/* ---------------------------------------------------------------- */
/* the implicit boot                                                  */
/* ---------------------------------------------------------------- */

Test(boot, first_alloc_boots_the_default_machine, .init = no_env)
{
	struct page *p;
	unsigned long a;

	cr_assert_not(ukmem_is_booted());
	p = alloc_page(GFP_KERNEL);
	cr_assert_not_null(p, "the first alloc_pages call did not boot a machine");
	cr_assert(ukmem_is_booted());
	cr_assert_eq(nr_cpu_ids, 2);
	cr_assert_eq(max_pfn, ((256UL << 20) - 0x21000) >> PAGE_SHIFT);
	memset(page_address(p), 1, PAGE_SIZE);
	__free_page(p);
	ut_end();

	/* also after a shutdown, and through the other entry points */
	a = __get_free_page(GFP_KERNEL);
	cr_assert_neq(a, 0);
	cr_assert(ukmem_is_booted());
	free_page(a);
	ut_end();

	setenv("UKMEM_CMDLINE", "mem=64M nr_cpus=4", 1);
	p = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	cr_assert_not_null(p);
	cr_assert_eq(nr_cpu_ids, 4, "the implicit boot ignored UKMEM_CMDLINE");
	__free_pages(p, 2);
	ut_end();
	unsetenv("UKMEM_CMDLINE");
}

#define RACERS 8

static pthread_barrier_t racers_go;

static void *racer(void *arg)
{
	struct page **out = arg;

	pthread_barrier_wait(&racers_go);
	*out = alloc_pages(GFP_KERNEL, 1);
	return NULL;
}

Test(boot, racing_first_calls_boot_once, .init = no_env)
{
	pthread_t t[RACERS];
	struct page *got[RACERS];
	char *log;

	cr_assert_not(ukmem_is_booted());
	pthread_barrier_init(&racers_go, NULL, RACERS);
	for (int i = 0; i < RACERS; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, racer, &got[i]), 0);
	for (int i = 0; i < RACERS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&racers_go);
	cr_assert(ukmem_is_booted());
	log = ut_dmesg();
	cr_assert_eq(ut_count(log, "Linux version"), 1, "the machine booted more than once");
	cr_assert_eq(ut_count(log, "Built 1 zonelists"), 1);
	free(log);
	for (int i = 0; i < RACERS; i++) {
		cr_assert_not_null(got[i]);
		for (int j = 0; j < i; j++)
			cr_assert_neq(got[i], got[j]);
	}
	cr_assert_eq(ukmem_pages_in_use(), 2 * RACERS);
	for (int i = 0; i < RACERS; i++)
		__free_pages(got[i], 1);
	ut_end();
}

/* ---------------------------------------------------------------- */
/* the boot log                                                       */
/* ---------------------------------------------------------------- */

Test(boot, log_lines_in_the_kernels_order)
{
	static const char *const order[] = {
		"Linux version ",
		"Command line: mem=1G foo=bar\n",
		"BIOS-provided physical RAM map:\n",
		"BIOS-e820: [mem 0x0000000000001000-0x000000000009fbff] usable\n",
		"Zone ranges:\n",
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n",
		"  DMA32    [mem 0x0000000001000000-0x000000003ffdefff]\n",
		"  Normal   empty\n",
		"Movable zone start for each node\n",
		"Early memory node ranges\n",
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n",
		"  node   0: [mem 0x0000000000100000-0x000000003ffdefff]\n",
		"Kernel command line: mem=1G foo=bar\n",
		"Unknown kernel command line parameters \"foo=bar\", will be passed to user space.\n",
		"Built 1 zonelists, mobility grouping on.  Total pages: ",
		"mem auto-init: stack:all(zero), heap alloc:on, heap free:off\n",
		"Memory: ",
	};
	unsigned long avail, total, present = 0;
	const char *at;
	struct zone *z;
	char *log;

	ut_boot("mem=1G foo=bar");
	log = ut_dmesg();
	at = log;
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		const char *p = strstr(at, order[i]);

		cr_assert_not_null(p, "\"%s\" missing, or not after \"%s\":\n%s", order[i],
				   i ? order[i - 1] : "", log);
		at = p + strlen(order[i]);
	}
	/* every line is a printk line with a timestamp */
	cr_assert(ut_match(log, "^\\[    0\\.[0-9]{6}\\] Zone ranges:$"));
	cr_assert(ut_match(log,
			   "\\] Built 1 zonelists, mobility grouping on\\.  Total pages: [0-9]+$"));
	/* Memory: <managed>K/<present>K available (...) */
	cr_assert_eq(sscanf(at, "%luK/%luK available", &avail, &total), 2,
		     "bad Memory: line in\n%s", log);
	for_each_populated_zone(z)
		present += z->present_pages;
	cr_assert_eq(avail, totalram_pages() * 4);
	cr_assert_eq(total, present * 4);
	cr_assert(ut_match(
		log,
		"\\] Memory: [0-9]+K/[0-9]+K available \\(.*kernel code.*[0-9]+K reserved.*\\)$"));
	free(log);
	ut_end();
}

Test(boot, log_of_the_32_bit_models)
{
	char *log;

	ut_boot("mem=2G arch=i386");
	log = ut_dmesg();
	ut_assert_log_has(log, "  HighMem  [mem ");
	cr_assert(ut_match(log, "\\] Memory: [0-9]+K/[0-9]+K available \\(.*, [0-9]+K highmem\\)$"),
		  "no highmem in the Memory: line:\n%s", log);
	free(log);
	ut_end();

	ut_boot("mem=1G arch=arm init_on_alloc=0");
	log = ut_dmesg();
	ut_assert_log_has(log, "  Normal   [mem 0x0000000060000000-0x000000008fffffff]\n");
	ut_assert_log_has(log, "  HighMem  [mem 0x0000000090000000-0x000000009fffffff]\n");
	ut_assert_log_lacks(log, "BIOS-e820");
	ut_assert_log_has(log, "mem auto-init: stack:all(zero), heap alloc:off, heap free:off\n");
	free(log);
	ut_end();
}
