// SPDX-License-Identifier: GPL-2.0
/*
 * test_printk.c - printk, the log ring and console, rate limits, _ONCE,
 * taint, and the WARN / BUG / panic / dump_stack report blocks.
 *
 * The expected shapes are those of the 6.12 samples (failure-warning.txt,
 * bad-page.txt, oops-vfree.txt).  These pieces work without a machine, so
 * most tests drive them directly: a new boot is simulated by bumping
 * ukmem_boot_generation, which is all a boot does to _ONCE sites and rate
 * limits.  Criterion runs each test in its own process, so taint and the
 * log start clean in every test; the BUG and panic tests check that the
 * process dies of SIGABRT.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <linux/compiler.h>

#include <criterion/criterion.h>

#include <pthread.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/bug.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <ukmem/printk.h>
#include <ukmem/ukmem.h>

#include "kernel/kinternal.h"

static char *log_text(void)
{
	char small[1];
	ssize_t len = ukmem_dmesg(small, sizeof(small));
	char *buf;

	cr_assert_geq(len, 0);
	buf = malloc((size_t)len + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(ukmem_dmesg(buf, (size_t)len + 1), len);
	return buf;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static int in_log(const char *needle)
{
	char *log = log_text();
	int n = count(log, needle);

	free(log);
	return n;
}

static bool matches(const char *text, const char *pattern)
{
	regex_t re;
	bool ok;

	cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE), 0, "%s", pattern);
	ok = regexec(&re, text, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

/* The console, captured. */
static char console[1 << 16];
static size_t console_len;
static int console_lines;

static void capture(const char *line, size_t len, void *arg)
{
	(void)arg;
	if (console_len + len < sizeof(console)) {
		memcpy(console + console_len, line, len);
		console_len += len;
		console[console_len] = '\0';
	}
	console_lines++;
}

static void setup(void)
{
	ukmem_dmesg_clear();
	console_len = 0;
	console_lines = 0;
	console[0] = '\0';
	ukmem_set_console(capture, NULL);
	ukmem_set_console_loglevel(CONSOLE_LOGLEVEL_DEFAULT);
}

static void new_boot(void)
{
	ukmem_boot_generation++;
}

TestSuite(printk, .init = setup);

Test(printk, dmesg_lines_and_timestamps)
{
	char *log;

	printk(KERN_INFO "first %d\n", 1);
	pr_info("two\nlines\n");
	log = log_text();
	cr_assert(matches(log, "^\\[ {4}[0-9]\\.[0-9]{6}\\] first 1$"), "%s", log);
	/* One timestamp per printk: every line of a record shows it. */
	cr_assert(matches(log, "^(\\[ *[0-9]+\\.[0-9]{6}\\] )two\n\\1lines\n$"), "%s", log);
	free(log);
}

Test(printk, blank_line_inside_a_record)
{
	char *log;

	/* slub-debug.txt: "-----...\n\n" gives a line holding only the timestamp. */
	pr_err("-----\n\n");
	log = log_text();
	cr_assert(matches(log, "^(\\[ *[0-9]+\\.[0-9]{6}\\] )-----\n\\1\n$"), "[%s]", log);
	free(log);
}

Test(printk, continuation)
{
	char *log;

	pr_info("Node 0 DMA:");
	pr_cont(" %d*4kB", 3);
	pr_cont(" = %dkB\n", 12);
	pr_cont("orphan\n");
	pr_info("unterminated");
	pr_info("next\n");
	log = log_text();
	cr_assert(matches(log, "^\\[[ 0-9.]+\\] Node 0 DMA: 3\\*4kB = 12kB$"), "%s", log);
	cr_assert(matches(log, "^\\[[ 0-9.]+\\] orphan$"), "%s", log);
	cr_assert(matches(log, "^\\[[ 0-9.]+\\] unterminated$"), "%s", log);
	cr_assert(matches(log, "^\\[[ 0-9.]+\\] next$"), "%s", log);
	free(log);
	/* The open record reaches the console once it is closed. */
	cr_assert_eq(console_lines, 4);
}

Test(printk, console_loglevel)
{
	ukmem_set_console_loglevel(CONSOLE_LOGLEVEL_QUIET);
	pr_info("info line\n");
	pr_warn("warn line\n");
	printk("default level line\n");
	pr_err("err line\n");
	cr_assert_eq(console_lines, 1, "%s", console);
	cr_assert(matches(console, "^\\[ *[0-9]+\\.[0-9]{6}\\] err line\n$"), "%s", console);
	/* The log has everything, whatever the console showed. */
	cr_assert_eq(in_log("info line"), 1);
	cr_assert_eq(in_log("default level line"), 1);
	ukmem_set_console_loglevel(CONSOLE_LOGLEVEL_DEFAULT);
	pr_debug("never compiled in %d\n", 1);
	pr_info("shown\n");
	cr_assert_eq(console_lines, 2);
	cr_assert_eq(in_log("never compiled in"), 0);
}

Test(printk, dmesg_snprintf_semantics)
{
	char buf[8];
	ssize_t full;

	pr_info("0123456789\n");
	full = ukmem_dmesg(buf, sizeof(buf));
	cr_assert_eq(full, (ssize_t)strlen("[    0.000000] 0123456789\n"));
	cr_assert_eq(strlen(buf), 7);
	cr_assert_eq(ukmem_dmesg(NULL, 0), full);
}

Test(printk, ring_drops_oldest)
{
	char line[200];
	char *log;

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	ukmem_set_console(NULL, NULL);
	ukmem_set_console_loglevel(1);
	for (int i = 0; i < 10000; i++)
		printk("%06d %s\n", i, line);
	log = log_text();
	/* 2 MB of messages in a 1 MiB ring: the newest survive, whole. */
	cr_assert_eq(count(log, "000000 x"), 0);
	cr_assert_eq(count(log, "009999 x"), 1);
	cr_assert(log[0] == '[');
	cr_assert(matches(log, "^\\[ *[0-9]+\\.[0-9]{6}\\] 009999 x+$"));
	free(log);
}

Test(printk, printk_once_per_boot)
{
	for (int i = 0; i < 3; i++)
		pr_warn_once("only once %d\n", i);
	cr_assert_eq(in_log("only once"), 1);
	new_boot();
	for (int i = 0; i < 3; i++)
		pr_warn_once("only once %d\n", i);
	cr_assert_eq(in_log("only once"), 2);
}

Test(printk, ratelimit)
{
	DEFINE_RATELIMIT_STATE(rs, 100 * HZ, 3);
	int passed = 0;

	for (int i = 0; i < 10; i++)
		passed += !!__ratelimit(&rs);
	cr_assert_eq(passed, 3);
	cr_assert_eq(rs.missed, 7);
	/* A new boot starts every rate limit afresh. */
	new_boot();
	cr_assert(__ratelimit(&rs));
	cr_assert_eq(rs.missed, 0);
}

Test(printk, ratelimit_window_and_suppressed_message)
{
	DEFINE_RATELIMIT_STATE(rs, 1, 1); /* one per jiffy (4 ms) */

	cr_assert(___ratelimit(&rs, "tester"));
	cr_assert_not(___ratelimit(&rs, "tester"));
	usleep(20000);
	cr_assert(___ratelimit(&rs, "tester"));
	cr_assert_eq(in_log("tester: 1 callbacks suppressed"), 1);
}

Test(printk, printk_ratelimited)
{
	for (int i = 0; i < 25; i++)
		printk_ratelimited(KERN_INFO "flood %d\n", i);
	cr_assert_eq(in_log("flood"), DEFAULT_RATELIMIT_BURST);
}

Test(printk, print_hex_dump)
{
	u8 buf[20];
	char *log;

	for (int i = 0; i < 20; i++)
		buf[i] = (u8)(0x41 + i);
	print_hex_dump(KERN_ERR, "Object ", DUMP_PREFIX_OFFSET, 16, 1, buf, sizeof(buf), true);
	print_hex_dump(KERN_ERR, "raw: ", DUMP_PREFIX_NONE, 32, 8, buf, 16, false);
	log = log_text();
	cr_assert(matches(log, "] Object 00000000: 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50"
			       "  ABCDEFGHIJKLMNOP$"),
		  "%s", log);
	cr_assert(matches(log, "] Object 00000010: 51 52 53 54 {38}QRST$"), "%s", log);
	cr_assert(matches(log, "] raw: 4847464544434241 504f4e4d4c4b4a49$"), "%s", log);
	free(log);
}

static void *printer(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < 2000; i++) {
		pr_info("t%ld part", id);
		pr_cont(" %d\n", i);
	}
	return NULL;
}

Test(printk, concurrent_printk_keeps_lines_whole)
{
	pthread_t t[4];
	char *log, *line;
	int lines = 0;

	ukmem_set_console_loglevel(1);
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, printer, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	log = log_text();
	/* A pr_cont attaches only to its own thread's open record. */
	for (line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		cr_assert(
			matches(line,
				"^\\[ *[0-9]+\\.[0-9]{6}\\] (t[0-3] part [0-9]+|t[0-3] part| [0-9]+)$"),
			"%s", line);
		lines++;
	}
	cr_assert_geq(lines, 8000);
	free(log);
	cr_assert_eq(in_log("t3 part"), 2000);
}

/* ---- taint ---- */

Test(printk, taint_strings)
{
	cr_assert_str_eq(print_tainted(), "Not tainted");
	add_taint(TAINT_OOT_MODULE, LOCKDEP_STILL_OK);
	add_taint(TAINT_UNSIGNED_MODULE, LOCKDEP_STILL_OK);
	/* bad-page.txt, before and after the first bad page */
	cr_assert_str_eq(print_tainted(), "Tainted: G           OE     ");
	cr_assert_str_eq(print_tainted_verbose(), "Tainted: [O]=OOT_MODULE, [E]=UNSIGNED_MODULE");
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	cr_assert_str_eq(print_tainted(), "Tainted: G    B      OE     ");
	cr_assert_str_eq(print_tainted_verbose(),
			 "Tainted: [B]=BAD_PAGE, [O]=OOT_MODULE, [E]=UNSIGNED_MODULE");
	cr_assert_eq(in_log("Disabling lock debugging due to kernel taint"), 1);
	add_taint(TAINT_WARN, LOCKDEP_STILL_OK);
	cr_assert_str_eq(print_tainted(), "Tainted: G    B   W  OE     ");
	add_taint(TAINT_PROPRIETARY_MODULE, LOCKDEP_STILL_OK);
	cr_assert(strncmp(print_tainted(), "Tainted: P", 10) == 0);
	cr_assert(test_taint(TAINT_WARN));
	cr_assert_not(test_taint(TAINT_DIE));
	taint_boot_reset();
	cr_assert_str_eq(print_tainted(), "Not tainted");
}

/* ---- reports ---- */

static noinline void warn_site(int cond, int *ret)
{
	*ret = WARN_ON(cond);
}

Test(printk, warn_on_block)
{
	char *log;
	char pattern[1024];
	int ret;

	warn_site(0, &ret);
	cr_assert_eq(ret, 0);
	cr_assert_eq(in_log("cut here"), 0);
	warn_site(1, &ret);
	cr_assert_eq(ret, 1);
	log = log_text();
	snprintf(
		pattern, sizeof(pattern),
		"^\\[[ 0-9.]+\\] ------------\\[ cut here \\]------------\n"
		"\\[[ 0-9.]+\\] WARNING: CPU: [0-9]+ PID: %d at tests/test_printk.c:[0-9]+ "
		"warn_site(\\.cold)?\\+0x[0-9a-f]+/0x[0-9a-f]+\n"
		"\\[[ 0-9.]+\\] Modules linked in:.*\n"
		"\\[[ 0-9.]+\\] CPU: [0-9]+ UID: 0 PID: %d Comm: [^ ]+ Not tainted " UKMEM_UTS_RELEASE
		" #1 .*\n"
		"\\[[ 0-9.]+\\] Hardware name: " UKMEM_HARDWARE_NAME "\n"
		"\\[[ 0-9.]+\\] Call Trace:\n"
		"\\[[ 0-9.]+\\]  <TASK>\n"
		"\\[[ 0-9.]+\\]  printk_warn_on_block_impl\\+0x",
		getpid(), getpid());
	cr_assert(matches(log, pattern), "%s", log);
	cr_assert(matches(log, "^\\[[ 0-9.]+\\]  </TASK>\n"
			       "\\[[ 0-9.]+\\] ---\\[ end trace 0000000000000000 \\]---$"),
		  "%s", log);
	free(log);
	cr_assert(test_taint(TAINT_WARN));
	/* The second WARN's CPU line shows the W of the first. */
	WARN(1, "kmem_cache_destroy %s: Slab cache still has objects\n", "x");
	log = log_text();
	cr_assert(matches(log, "cut here \\]------------\n\\[[ 0-9.]+\\] kmem_cache_destroy x: "
			       "Slab cache still has objects\n\\[[ 0-9.]+\\] WARNING: "),
		  "%s", log);
	cr_assert(matches(log, "Comm: [^ ]+ Tainted: G        W          " UKMEM_UTS_RELEASE), "%s",
		  log);
	cr_assert(matches(log, "^\\[[ 0-9.]+\\] Tainted: \\[W\\]=WARN$"), "%s", log);
	free(log);
}

Test(printk, warn_on_once_per_boot)
{
	for (int i = 0; i < 3; i++)
		cr_assert(WARN_ON_ONCE(i >= 0));
	cr_assert_not(WARN_ON_ONCE(0));
	cr_assert_eq(in_log("WARNING: CPU"), 1);
	new_boot();
	for (int i = 0; i < 3; i++)
		WARN_ONCE(1, "again %d\n", i);
	cr_assert_eq(in_log("WARNING: CPU"), 2);
	cr_assert_eq(in_log("again 0"), 1);
}

Test(printk, dump_stack_starts_at_dump_stack_lvl)
{
	char *log;

	dump_stack();
	log = log_text();
	cr_assert(matches(log,
			  "^\\[[ 0-9.]+\\] Call Trace:\n\\[[ 0-9.]+\\]  <TASK>\n"
			  "\\[[ 0-9.]+\\]  dump_stack_lvl\\+0x[0-9a-f]+/0x[0-9a-f]+\n"
			  "\\[[ 0-9.]+\\]  printk_dump_stack_starts_at_dump_stack_lvl_impl\\+0x"),
		  "%s", log);
	cr_assert_eq(count(log, "Tainted: ["), 0);
	free(log);
}

/* Not a tail call: the kernel's BUG is a trap in place, ours a call. */
static noinline void bug_site(volatile int *state)
{
	BUG_ON(*state);
	*state = 2;
}

Test(printk, bug_under_bug_warn_returns)
{
	char *log;

	volatile int state = 1;

	ukmem_kp.bug_warn = true;
	bug_site(&state);
	cr_assert_eq(state, 2);
	log = log_text();
	cr_assert(matches(log,
			  "^\\[[ 0-9.]+\\] ------------\\[ cut here \\]------------\n"
			  "\\[[ 0-9.]+\\] kernel BUG at tests/test_printk.c:[0-9]+!\n"
			  "\\[[ 0-9.]+\\] Oops: invalid opcode: 0000 \\[#1\\] PREEMPT SMP NOPTI\n"
			  "\\[[ 0-9.]+\\] CPU: [0-9]+ UID: 0 PID: [0-9]+ Comm: [^ ]+ Not tainted "),
		  "%s", log);
	/* The trace starts at the caller of the function that hit BUG(). */
	cr_assert(
		matches(log, "<TASK>\n\\[[ 0-9.]+\\]  printk_bug_under_bug_warn_returns_impl\\+0x"),
		"%s", log);
	cr_assert(matches(log, "</TASK>\n\\[[ 0-9.]+\\] Modules linked in:.*\n"
			       "\\[[ 0-9.]+\\] ---\\[ end trace 0000000000000000 \\]---$"),
		  "%s", log);
	free(log);
	cr_assert(test_taint(TAINT_DIE));
	state = 1;
	bug_site(&state);
	cr_assert_eq(in_log("[#2] PREEMPT SMP NOPTI"), 1);
	cr_assert_eq(in_log("Comm: "), 2);
	cr_assert_eq(in_log("Tainted: [D]=DIE"), 1);
}

Test(printk, bug_ends_the_process, .signal = SIGABRT)
{
	ukmem_set_console(NULL, NULL);
	ukmem_kp.bug_warn = false;
	BUG();
}

Test(printk, oops_panic, .signal = SIGABRT)
{
	ukmem_kp.bug_warn = false;
	ukmem_kp.oops_panic = true;
	BUG();
}

Test(printk, panic_aborts, .signal = SIGABRT)
{
	panic("out of %s\n", "luck");
}

Test(printk, panic_on_warn, .signal = SIGABRT)
{
	ukmem_kp.panic_on_warn = true;
	WARN_ON(1);
}

static int pipe_out = -1;

static void to_pipe(const char *line, size_t len, void *arg)
{
	(void)arg;
	if (write(pipe_out, line, len) < 0)
		_exit(3);
}

Test(printk, panic_report_text)
{
	static char buf[1 << 16];
	ssize_t n, total = 0;
	int pipefd[2], status;
	pid_t pid;

	cr_assert_eq(pipe(pipefd), 0);
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		pipe_out = pipefd[1];
		signal(SIGABRT, SIG_DFL);
		ukmem_set_console(to_pipe, NULL);
		ukmem_set_console_loglevel(1); /* panic makes itself heard anyway */
		panic("Fatal %s\n", "exception");
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
		total += n;
	buf[total] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	cr_assert(matches(buf, "^\\[[ 0-9.]+\\] Kernel panic - not syncing: Fatal exception\n"
			       "\\[[ 0-9.]+\\] CPU: "),
		  "%s", buf);
	cr_assert(matches(buf,
			  "dump_stack_lvl\\+0x[0-9a-f]+/0x[0-9a-f]+\n\\[[ 0-9.]+\\]  panic\\+0x"),
		  "%s", buf);
	cr_assert(
		matches(buf,
			"</TASK>\n\\[[ 0-9.]+\\] Kernel Offset: disabled\n"
			"\\[[ 0-9.]+\\] ---\\[ end Kernel panic - not syncing: Fatal exception \\]---\n$"),
		"%s", buf);
}

/* ---- current and the CPU binding ---- */

static void *named_thread(void *arg)
{
	char **comm = arg;

	pthread_setname_np(pthread_self(), "kworker-test");
	*comm = strdup(current->comm);
	return NULL;
}

Test(printk, current_task)
{
	pthread_t t;
	char *comm = NULL;

	cr_assert_eq(current->pid, getpid());
	cr_assert_gt(strlen(current->comm), 0);
	set_task_comm(current, "insmod");
	cr_assert_str_eq(current->comm, "insmod");
	pthread_create(&t, NULL, named_thread, &comm);
	pthread_join(t, NULL);
	cr_assert_str_eq(comm, "kworker-test");
	free(comm);
}

static void *cpu_thread(void *arg)
{
	*(int *)arg = smp_processor_id();
	return NULL;
}

Test(printk, cpu_round_robin)
{
	pthread_t t;
	int cpu[3];

	ukmem_sched_boot_reset(2);
	cr_assert_eq(smp_processor_id(), 0);
	for (int i = 0; i < 3; i++) {
		pthread_create(&t, NULL, cpu_thread, &cpu[i]);
		pthread_join(t, NULL);
	}
	cr_assert_eq(cpu[0], 1);
	cr_assert_eq(cpu[1], 0);
	cr_assert_eq(cpu[2], 1);
	cr_assert_eq(raw_smp_processor_id(), 0);
	ukmem_sched_boot_reset(4);
	cr_assert_eq(smp_processor_id(), 0);
}

Test(printk, pid_after_fork)
{
	pid_t parent = current->pid;
	pid_t child;
	int status;

	child = fork();
	if (child == 0)
		_exit(current->pid == getpid() && current->pid != parent ? 0 : 1);
	waitpid(child, &status, 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_assert_eq(current->pid, parent);
}

/* ---- with a booted machine ---- */

static void boot(const char *cmdline)
{
	int ret = ukmem_boot(cmdline);

	cr_assert_eq(ret, 0, "ukmem_boot(\"%s\") = %d", cmdline, ret);
}

static void shutdown_clean(void)
{
	cr_assert_eq(ukmem_check(), 0);
	ukmem_shutdown();
	cr_assert_eq(ukmem_shutdown_leaked(), 0);
}

static void once_site(void)
{
	pr_info_once("once per boot\n");
}

Test(printk_boot, each_boot_starts_a_fresh_log_taint_and_once)
{
	char *log;

	ukmem_set_console(capture, NULL);
	pr_info("before the boot\n");
	boot("mem=64M nr_cpus=2");
	cr_assert_eq(in_log("before the boot"), 0);
	cr_assert_gt(in_log("Command line: mem=64M nr_cpus=2"), 0);
	cr_assert_eq(smp_processor_id(), 0);
	once_site();
	once_site();
	cr_assert_eq(in_log("once per boot"), 1);
	WARN_ON(1);
	cr_assert(test_taint(TAINT_WARN));
	shutdown_clean();

	boot("mem=64M quiet");
	cr_assert_eq(ukmem_console_loglevel(), CONSOLE_LOGLEVEL_QUIET);
	cr_assert_not(test_taint(TAINT_WARN));
	once_site();
	cr_assert_eq(in_log("once per boot"), 1);
	log = log_text();
	/* Timestamps restart with the boot. */
	cr_assert(matches(log, "^\\[    0\\.[0-9]{6}\\] "), "%s", log);
	free(log);
	shutdown_clean();
}

Test(printk_boot, bug_warn_refuses_and_the_machine_goes_on)
{
	volatile int state = 1;

	ukmem_set_console(capture, NULL);
	boot("mem=64M ukmem.bug=warn");
	bug_site(&state);
	cr_assert_eq(state, 2);
	cr_assert_eq(in_log("kernel BUG at tests/test_printk.c:"), 1);
	cr_assert(test_taint(TAINT_DIE));
	shutdown_clean();
}
