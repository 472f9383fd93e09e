// SPDX-License-Identifier: GPL-2.0
/*
 * test_oops.c - faults on the machine become 6.12's page-fault oops under
 * ukmem.oops_handler=1 (kernel/traps.c, mm/fault.c, the platform's signal
 * plumbing).
 *
 * Every fault happens in a forked child whose stderr goes to a file; the
 * parent checks the text and how the child ended.  The child puts the
 * default SIGSEGV/SIGBUS actions back before it boots (a sanitizer's own
 * handler would otherwise report the repeated fault and exit with 1), so
 * after the oops the fault repeats under SIG_DFL and the child dies of
 * SIGSEGV.  Cases: a write to a vmalloc guard page, a read after vfree,
 * the handler absent without the parameter, a fault outside the machine
 * passed to the handler that was there before, a claimed fault that ends
 * in that previous handler too, and a handler removed at shutdown.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pthread_setname_np */
#endif
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <ukmem/ukmem.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"
#include "platform/plat.h"

#define OOPS_CMDLINE "mem=256M ukmem.oops_handler=1"
#ifndef UKMEM_CLI
#define UKMEM_CLI UKMEM_BINARY_DIR "/ukmem"
#endif
#define MEMFAULT UKMEM_BINARY_DIR "/tests/modules/memfault.so"

static void default_fault_actions(void)
{
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
}

/*
 * Run @fn in a child with stderr in a file.  Returns the wait status and
 * the child's stderr (malloc'd) in *@out.
 */
static int run_child(void (*fn)(void), char **out)
{
	char path[] = "/tmp/ukmem-oops-XXXXXX";
	int fd = mkstemp(path);
	int status = 0;
	off_t len;
	pid_t pid;

	cr_assert(fd >= 0);
	unlink(path);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		dup2(fd, STDERR_FILENO);
		fn();
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	len = lseek(fd, 0, SEEK_END);
	*out = calloc(1, (size_t)len + 1);
	cr_assert(*out);
	cr_assert_eq(pread(fd, *out, (size_t)len, 0), len);
	close(fd);
	return status;
}

static void assert_line(const char *text, const char *pattern)
{
	cr_assert(ut_match(text, pattern), "no line matches /%s/ in:\n%s", pattern, text);
}

static void assert_killed_by_segv(int status, const char *text)
{
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		  "child status %#x, expected death by SIGSEGV; its stderr:\n%s", status, text);
}

static volatile char *volatile fault_at;

static noinline void write_guard_page(void)
{
	char *p;

	default_fault_actions();
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	p = vmalloc(PAGE_SIZE);
	if (!p)
		_exit(91);
	fprintf(stderr, "child: p = %p\n", (void *)p);
	fault_at = p + PAGE_SIZE;
	*fault_at = 0x42;
	_exit(92); /* not reached */
}

Test(oops, guard_page_write)
{
	char *text, addr[64];
	int status = run_child(write_guard_page, &text);
	unsigned long p = 0;
	const char *at = strstr(text, "child: p = ");

	assert_killed_by_segv(status, text);
	cr_assert(at && sscanf(at, "child: p = %lx", &p) == 1, "%s", text);
	snprintf(addr, sizeof(addr), "%016lx", p + PAGE_SIZE);
	assert_line(text,
		    "^\\[ *[0-9]+\\.[0-9]{6}\\] BUG: unable to handle page fault for address: "
		    "[0-9a-f]{16}$");
	cr_assert(strstr(text, addr), "the fault address %s is not in:\n%s", addr, text);
	assert_line(text, "\\] #PF: supervisor write access in kernel mode$");
	assert_line(text, "\\] #PF: error_code\\(0x0002\\) - not-present page$");
	assert_line(text, "\\] PGD 67 P4D 67 PUD 67 PMD 67 PTE 0$");
	assert_line(text, "\\] Oops: Oops: 0002 \\[#1\\] PREEMPT SMP NOPTI$");
	assert_line(text,
		    "\\] CPU: [0-9]+ UID: 0 PID: [0-9]+ Comm: [^ ]+ (Not tainted|Tainted: .*)");
	assert_line(text, "\\] Hardware name: ");
	assert_line(text, "\\] RIP: 0010:write_guard_page\\+0x[0-9a-f]+/0x[0-9a-f]+$");
	assert_line(text, "\\] Code: ([0-9a-f]{2} ){42}<[0-9a-f]{2}>( [0-9a-f]{2}){21}$");
	assert_line(text, "\\] RSP: 0018:[0-9a-f]{16} EFLAGS: [0-9a-f]{8}$");
	assert_line(text, "\\] RAX: [0-9a-f]{16} RBX: [0-9a-f]{16} RCX: [0-9a-f]{16}$");
	assert_line(text, "\\] R13: [0-9a-f]{16} R14: [0-9a-f]{16} R15: [0-9a-f]{16}$");
	assert_line(text, "\\] Call Trace:$");
	assert_line(text, "\\]  <TASK>$");
	assert_line(text, "\\]  run_child\\+0x[0-9a-f]+/0x[0-9a-f]+$");
	assert_line(text, "\\]  </TASK>$");
	assert_line(text, "\\] Modules linked in:$");
	assert_line(text, "\\] CR2: [0-9a-f]{16}$");
	assert_line(text, "\\] ---\\[ end trace 0000000000000000 \\]---$");
	assert_line(text, "\\] ukmem: The buggy address belongs to the guard page of the virtual "
			  "mapping at \\[[0-9a-f]{16}, [0-9a-f]{16}\\) created by: "
			  "write_guard_page\\+0x[0-9a-f]+/0x[0-9a-f]+$");
	/* the faulting function is in the RIP line, not in the trace */
	cr_assert_null(strstr(text, "]  write_guard_page+"), "%s", text);
	/* the register lines come twice: in the oops and after the end marker */
	cr_assert(strstr(strstr(text, "end trace"), "RIP: 0010:write_guard_page"), "%s", text);
	free(text);
}

static noinline void read_after_vfree(void)
{
	char *p;

	default_fault_actions();
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	p = vmalloc(4 * PAGE_SIZE);
	if (!p)
		_exit(91);
	p[0] = 1;
	vfree(p);
	fault_at = p;
	fprintf(stderr, "child: read %d\n", *fault_at);
	_exit(92);
}

Test(oops, read_after_vfree)
{
	char *text;
	int status = run_child(read_after_vfree, &text);

	assert_killed_by_segv(status, text);
	assert_line(text, "\\] #PF: supervisor read access in kernel mode$");
	assert_line(text, "\\] #PF: error_code\\(0x0000\\) - not-present page$");
	assert_line(text, "\\] Oops: Oops: 0000 \\[#1\\] PREEMPT SMP NOPTI$");
	assert_line(text, "\\] RIP: 0010:read_after_vfree\\+0x[0-9a-f]+/0x[0-9a-f]+$");
	assert_line(text, "\\] ukmem: The buggy address belongs to a freed virtual mapping at "
			  "\\[[0-9a-f]{16}, [0-9a-f]{16}\\) created by: "
			  "read_after_vfree\\+0x[0-9a-f]+/0x[0-9a-f]+$");
	cr_assert_null(strstr(text, "child: read"), "%s", text);
	free(text);
}

static noinline void stale_kmap_local(void)
{
	struct page *page;
	char *p;

	default_fault_actions();
	if (ukmem_boot("arch=i386 mem=2G ukmem.oops_handler=1"))
		_exit(90);
	page = alloc_page(GFP_HIGHUSER);
	if (!page || !PageHighMem(page))
		_exit(91);
	p = kmap_local_page(page);
	p[0] = 1;
	kunmap_local(p);
	fault_at = p;
	*fault_at = 2;
	_exit(92);
}

Test(oops, stale_kmap_local_slot)
{
	char *text;
	int status = run_child(stale_kmap_local, &text);

	assert_killed_by_segv(status, text);
	assert_line(text, "\\] #PF: supervisor write access in kernel mode$");
	assert_line(text, "\\] RIP: 0010:stale_kmap_local\\+0x[0-9a-f]+/0x[0-9a-f]+$");
	assert_line(text, "\\] ukmem: The buggy address belongs to kmap_local slot 0 of window "
			  "[0-9]+ of \\[[0-9a-f]+, [0-9a-f]+\\), free$");
	free(text);
}

static noinline void stale_vm_map_ram(void)
{
	struct page *page;
	char *p;

	default_fault_actions();
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	page = alloc_page(GFP_KERNEL);
	p = vm_map_ram(&page, 1, NUMA_NO_NODE);
	if (!p)
		_exit(91);
	vm_unmap_ram(p, 1);
	fault_at = p;
	fprintf(stderr, "child: read %d\n", *fault_at);
	_exit(92);
}

Test(oops, stale_vm_map_ram)
{
	char *text;
	int status = run_child(stale_vm_map_ram, &text);

	assert_killed_by_segv(status, text);
	assert_line(text, "\\] #PF: supervisor read access in kernel mode$");
	assert_line(text, "\\] ukmem: The buggy address belongs to the vm_map_ram mapping at "
			  "\\[[0-9a-f]{16}, [0-9a-f]{16}\\)$");
	free(text);
}

static volatile unsigned long recurse_limit; /* 0: until the stack runs out */

static noinline int recurse(volatile char *prev, unsigned long depth)
{
	volatile char frame[512];

	if (recurse_limit && depth > recurse_limit)
		return 0;
	frame[0] = prev ? prev[0] + 1 : 0;
	return recurse(frame, depth + 1) + frame[1];
}

static void stack_overflow(void)
{
	default_fault_actions();
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	_exit(recurse(NULL, 0));
}

/* The overflow reaches the handler on its own stack, which passes it on. */
Test(oops, stack_overflow_is_passed_on)
{
	char *text;
	int status = run_child(stack_overflow, &text);

	assert_killed_by_segv(status, text);
	cr_assert_null(strstr(text, "BUG: unable to handle page fault"), "%s", text);
	free(text);
}

static void *fault_thread(void *arg)
{
	char *p = arg;

	pthread_setname_np(pthread_self(), "oopser");
	fault_at = p + PAGE_SIZE;
	*fault_at = 3;
	return NULL;
}

static void fault_in_thread(void)
{
	pthread_t t;
	char *p;

	default_fault_actions();
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	p = vmalloc(PAGE_SIZE);
	pthread_create(&t, NULL, fault_thread, p);
	pthread_join(t, NULL);
	_exit(92);
}

Test(oops, fault_in_another_thread)
{
	char *text;
	int status = run_child(fault_in_thread, &text);

	assert_killed_by_segv(status, text);
	assert_line(text, "\\] CPU: [0-9]+ UID: 0 PID: [0-9]+ Comm: oopser ");
	assert_line(text, "\\] RIP: 0010:fault_thread\\+0x[0-9a-f]+/0x[0-9a-f]+$");
	assert_line(text, "\\] ukmem: The buggy address belongs to the guard page of the virtual "
			  "mapping at ");
	free(text);
}

static void cli_memfault(void)
{
	/* ukmem run sets ukmem.oops_handler=1 itself */
	execl(UKMEM_CLI, UKMEM_CLI, "run", "--cmdline", "mem=256M", MEMFAULT, (char *)NULL);
	_exit(95);
}

/* A module's bad access under `ukmem run`, as the 6.12 sample's memfault.ko. */
Test(oops, cli_module_guard_page)
{
	char *text;
	int status;

	setenv("ASAN_OPTIONS", "handle_segv=0:detect_leaks=0", 1);
	status = run_child(cli_memfault, &text);
	assert_killed_by_segv(status, text);
	assert_line(text, "\\] BUG: unable to handle page fault for address: [0-9a-f]{16}$");
	assert_line(text, "\\] Oops: Oops: 0002 \\[#1\\] PREEMPT SMP NOPTI$");
	assert_line(text, "\\] CPU: [0-9]+ UID: 0 PID: [0-9]+ Comm: insmod Tainted: G +OE ");
	assert_line(text, "\\] Tainted: \\[O\\]=OOT_MODULE, \\[E\\]=UNSIGNED_MODULE$");
	assert_line(text, "\\] RIP: 0010:memfault_init\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[memfault\\]$");
	assert_line(text, "\\] Modules linked in: memfault\\(OE\\+\\)$");
	assert_line(text, "\\] ukmem: The buggy address belongs to the guard page of the virtual "
			  "mapping at \\[[0-9a-f]{16}, [0-9a-f]{16}\\) created by: "
			  "memfault_init\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[memfault\\]$");
	free(text);
}

static void handler_absent(void)
{
	default_fault_actions();
	if (ukmem_boot("mem=256M"))
		_exit(90);
	_exit(plat_fault_handler_installed() ? 1 : 0);
}

static noinline void guard_without_handler(void)
{
	char *p;

	default_fault_actions();
	if (ukmem_boot("mem=256M"))
		_exit(90);
	p = vmalloc(PAGE_SIZE);
	fault_at = p + PAGE_SIZE;
	*fault_at = 1;
	_exit(92);
}

Test(oops, not_installed_by_default)
{
	char *text;
	int status = run_child(handler_absent, &text);

	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x:\n%s", status, text);
	free(text);
	status = run_child(guard_without_handler, &text);
	assert_killed_by_segv(status, text);
	cr_assert_null(strstr(text, "BUG: unable to handle page fault"), "%s", text);
	free(text);
}

static void foreign_handler(int sig)
{
	static const char msg[] = "foreign handler\n";

	(void)sig;
	write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(42);
}

static void foreign_fault(void)
{
	signal(SIGSEGV, foreign_handler);
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	if (!plat_fault_handler_installed())
		_exit(91);
	fault_at = (volatile char *)16; /* nowhere near the machine */
	*fault_at = 1;
	_exit(92);
}

Test(oops, foreign_fault_is_chained)
{
	char *text;
	int status = run_child(foreign_fault, &text);

	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 42, "status %#x:\n%s", status, text);
	cr_assert(strstr(text, "foreign handler"), "%s", text);
	cr_assert_null(strstr(text, "BUG: unable to handle page fault"), "%s", text);
	free(text);
}

static noinline void claimed_then_previous(void)
{
	char *p;

	signal(SIGSEGV, foreign_handler);
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	p = vmalloc(PAGE_SIZE);
	fault_at = p + PAGE_SIZE;
	*fault_at = 1;
	_exit(92);
}

Test(oops, claimed_fault_ends_in_previous_handler)
{
	char *text;
	int status = run_child(claimed_then_previous, &text);

	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 42, "status %#x:\n%s", status, text);
	/* the oops first, then the previous handler sees the repeated fault */
	cr_assert(strstr(text, "BUG: unable to handle page fault"), "%s", text);
	cr_assert(strstr(strstr(text, "ukmem: The buggy address"), "foreign handler"), "%s", text);
	free(text);
}

static void dmesg_handler(int sig)
{
	static char buf[1 << 16];
	static const char mark[] = "=== dmesg ===\n";
	ssize_t n = ukmem_dmesg(buf, sizeof(buf));

	(void)sig;
	write(STDERR_FILENO, mark, sizeof(mark) - 1);
	if (n > 0)
		write(STDERR_FILENO, buf, (size_t)n);
	_exit(43);
}

static noinline void oops_then_dmesg(void)
{
	char *p;

	signal(SIGSEGV, dmesg_handler);
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	p = vmalloc(PAGE_SIZE);
	fault_at = p + PAGE_SIZE;
	*fault_at = 1;
	_exit(92);
}

/* The log ring holds the oops too, line for line as the console got it. */
Test(oops, dmesg_holds_the_oops)
{
	char *text, *ring, *line, *end;
	int status = run_child(oops_then_dmesg, &text);

	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 43, "status %#x:\n%s", status, text);
	ring = strstr(text, "=== dmesg ===\n");
	cr_assert_not_null(ring, "%s", text);
	*ring = '\0';
	ring += strlen("=== dmesg ===\n");
	/* every console line of the oops is in the ring, timestamp and all */
	line = strstr(text, "] BUG: unable to handle page fault");
	cr_assert_not_null(line, "%s", text);
	while (line > text && line[-1] != '\n')
		line--;
	for (; *line; line = end + 1) {
		end = strchr(line, '\n');
		cr_assert_not_null(end);
		*end = '\0';
		cr_assert(strstr(ring, line), "the ring lacks \"%s\":\n%s", line, ring);
	}
	free(text);
}

static void removed_at_shutdown(void)
{
	struct sigaction sa;

	default_fault_actions();
	if (ukmem_boot(OOPS_CMDLINE))
		_exit(90);
	if (!plat_fault_handler_installed())
		_exit(91);
	ukmem_shutdown();
	if (plat_fault_handler_installed())
		_exit(93);
	sigaction(SIGSEGV, NULL, &sa);
	_exit(sa.sa_handler == SIG_DFL ? 0 : 94);
}

Test(oops, removed_at_shutdown)
{
	char *text;
	int status = run_child(removed_at_shutdown, &text);

	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x:\n%s", status, text);
	free(text);
}

/* A machine booted with the handler stays consistent; nothing is left behind. */
Test(oops, boot_with_handler_is_clean)
{
	void *p;

	ut_boot(OOPS_CMDLINE);
	p = vmalloc(3 * PAGE_SIZE);
	cr_assert_not_null(p);
	vfree(p);
	ut_end();
	cr_assert_not(plat_fault_handler_installed());
}
