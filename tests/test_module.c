// SPDX-License-Identifier: GPL-2.0
/*
 * test_module.c - the module loader: parameters, init failure, taints,
 * "Modules linked in:", names, and the errors insmod and rmmod report.
 *
 * Each test boots a small machine, loads modules from
 * build/tests/modules/ (tests/modules/) through <ukmem/module.h>, reads
 * what the loader and the module printed from the log, and ends with the
 * machine consistent and nothing leaked.
 */
#include <criterion/criterion.h>

#include <linux/module.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <ukmem/module.h>
#include <ukmem/ukmem.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kinternal.h"

#define MODDIR UKMEM_BINARY_DIR "/tests/modules/"
#define TESTMOD MODDIR "testmod.so"

static char *log_text(void)
{
	char small[1];
	ssize_t len = ukmem_dmesg(small, sizeof(small));
	char *buf;

	cr_assert_geq(len, 0);
	buf = malloc((size_t)len + 1);
	cr_assert_not_null(buf);
	ukmem_dmesg(buf, (size_t)len + 1);
	return buf;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* How often @needle is in the log. */
static int in_log(const char *needle)
{
	char *log = log_text();
	int n = count(log, needle);

	free(log);
	return n;
}

static int load(const char *path, const char *params)
{
	char *copy = strdup(params ? params : "");
	char *argv[16];
	int argc = 0, ret;

	for (char *w = strtok(copy, " "); w && argc < 16; w = strtok(NULL, " "))
		argv[argc++] = w;
	ret = ukmem_module_load(path, argc, argv);
	free(copy);
	return ret;
}

static void boot(void)
{
	cr_assert_eq(ukmem_boot("mem=64M"), 0);
}

static void finish(void)
{
	cr_assert_eq(ukmem_module_count(), 0);
	cr_assert_eq(ukmem_check(), 0);
	ukmem_shutdown();
	cr_assert_eq(ukmem_shutdown_leaked(), 0);
}

Test(module, load_with_every_parameter_type)
{
	boot();
	cr_assert_eq(load(TESTMOD, "ival=-5 uval=0x10 lval=-7 ulval=42 flag str=hello renamed=3"),
		     0);
	cr_assert_eq(ukmem_module_count(), 1);
	cr_assert_eq(in_log("testmod: init ival=-5 uval=16 lval=-7 ulval=42 flag=1 str=hello "
			    "renamed=3 comm=insmod\n"),
		     1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	cr_assert_eq(in_log("testmod: exit comm=rmmod THIS_MODULE=testmod\n"), 1);
	finish();
}

Test(module, quoted_values_and_dashes)
{
	boot();
	/* insmod joins its words with blanks; the kernel splits on unquoted ones. */
	cr_assert_eq(load(TESTMOD, "str=\"a b\" flag=n"), 0);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	/* Parameter names match with '-' for '_'; "--" ends the parameters. */
	cr_assert_eq(load(TESTMOD, "show-modules=0 ival=2 -- ival=3"), 0);
	cr_assert_eq(in_log("testmod: init ival=2 "), 1);
	cr_assert_eq(in_log("testmod: parameters 'ival=3' after `--' ignored\n"), 1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, quoted_value_keeps_blank)
{
	char *argv[] = {"str=\"a b\""};

	boot();
	cr_assert_eq(ukmem_module_load(TESTMOD, 1, argv), 0);
	cr_assert_eq(in_log("str=a b renamed"), 1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, static_data_is_fresh_at_each_load)
{
	boot();
	cr_assert_eq(load(TESTMOD, "str=first ival=9"), 0);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	cr_assert_eq(load(TESTMOD, NULL), 0);
	cr_assert_eq(in_log("init ival=1 uval=0 lval=0 ulval=0 flag=0 str=default renamed=0"), 1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, unknown_parameter_is_ignored)
{
	boot();
	cr_assert_eq(load(TESTMOD, "bogus=1 ival=4"), 0);
	cr_assert_eq(in_log("testmod: unknown parameter 'bogus' ignored\n"), 1);
	cr_assert_eq(in_log("testmod: init ival=4 "), 1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, bad_values_fail_the_load)
{
	boot();
	cr_assert_eq(load(TESTMOD, "ival=abc"), -EINVAL);
	cr_assert_eq(in_log("testmod: `abc' invalid for parameter `ival'\n"), 1);
	cr_assert_eq(load(TESTMOD, "flag=maybe"), -EINVAL);
	cr_assert_eq(in_log("testmod: `maybe' invalid for parameter `flag'\n"), 1);
	cr_assert_eq(load(TESTMOD, "ival"), -EINVAL);
	cr_assert_eq(in_log("testmod: `' invalid for parameter `ival'\n"), 1);
	cr_assert_eq(load(TESTMOD, "uval=-1"), -EINVAL);
	cr_assert_eq(load(TESTMOD, "ival=99999999999"), -ERANGE);
	cr_assert_eq(in_log("testmod: `99999999999' invalid for parameter `ival'\n"), 1);
	/* None of them ran init or stayed. */
	cr_assert_eq(in_log("testmod: init"), 0);
	cr_assert_eq(ukmem_module_count(), 0);
	cr_assert_str_eq(ukmem_module_strerror(-EINVAL), "Invalid parameters");
	finish();
}

Test(module, failing_init_is_not_kept)
{
	boot();
	cr_assert_eq(load(TESTMOD, "fail=-12"), -ENOMEM);
	cr_assert_eq(in_log("testmod: init returns -12\n"), 1);
	cr_assert_eq(ukmem_module_count(), 0);
	cr_assert_null(find_module("testmod"));
	/* The exit function of a module whose init failed never runs. */
	cr_assert_eq(in_log("testmod: exit"), 0);
	cr_assert_str_eq(ukmem_module_strerror(-ENOMEM), "Cannot allocate memory");
	/* It can be loaded again. */
	cr_assert_eq(load(TESTMOD, NULL), 0);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, positive_init_return_is_kept_with_a_warning)
{
	boot();
	cr_assert_eq(load(TESTMOD, "fail=1"), 0);
	cr_assert_eq(in_log("do_init_module: 'testmod'->init suspiciously returned 1, it should "
			    "follow 0/-E convention\n"),
		     1);
	cr_assert_eq(in_log("do_init_module: loading module anyway...\n"), 1);
	cr_assert_eq(ukmem_module_count(), 1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, taint_lines_once_per_boot)
{
	boot();
	cr_assert_eq(test_taint(TAINT_OOT_MODULE), 0);
	cr_assert_eq(load(TESTMOD, NULL), 0);
	cr_assert_eq(load(MODDIR "testnoexit.so", NULL), 0);
	cr_assert_eq(in_log("testmod: loading out-of-tree module taints kernel.\n"), 1);
	cr_assert_eq(in_log("testmod: module verification failed: signature and/or required key "
			    "missing - tainting kernel\n"),
		     1);
	cr_assert_eq(in_log("testnoexit: loading out-of-tree"), 0);
	cr_assert_eq(in_log("testnoexit: module verification failed"), 0);
	cr_assert(test_taint(TAINT_OOT_MODULE));
	cr_assert(test_taint(TAINT_UNSIGNED_MODULE));
	cr_assert_eq(test_taint(TAINT_PROPRIETARY_MODULE), 0);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	cr_assert_eq(ukmem_module_unload("testnoexit"), -EBUSY);
	cr_assert_eq(ukmem_module_discard("testnoexit"), 0);
	finish();

	/* A new boot is a new kernel: untainted, and the lines come again. */
	boot();
	cr_assert_eq(test_taint(TAINT_OOT_MODULE), 0);
	cr_assert_eq(load(TESTMOD, NULL), 0);
	cr_assert_eq(in_log("testmod: loading out-of-tree module taints kernel.\n"), 1);
	cr_assert_eq(in_log("testmod: module verification failed"), 1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, modules_linked_in)
{
	boot();
	cr_assert_eq(load(TESTMOD, "show_modules=1"), 0);
	cr_assert_eq(in_log("Modules linked in: testmod(OE+)\n"), 1);
	cr_assert_eq(load(MODDIR "testnoexit.so", NULL), 0);
	print_modules();
	cr_assert_eq(in_log("Modules linked in: testnoexit(OE) testmod(OE)\n"), 1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	cr_assert_eq(in_log("Modules linked in: testnoexit(OE) testmod(OE-)\n"), 1);
	print_modules();
	cr_assert_eq(in_log("Modules linked in: testnoexit(OE) [last unloaded: testmod(OE)]\n"), 1);
	cr_assert_eq(ukmem_module_discard("testnoexit"), 0);
	print_modules();
	cr_assert_eq(in_log("Modules linked in: [last unloaded: testnoexit(OE)]\n"), 1);
	finish();

	/* "last unloaded" belongs to the boot that saw it. */
	boot();
	print_modules();
	cr_assert_eq(in_log("Modules linked in:\n"), 1);
	finish();
}

Test(module, name_from_file_and_proprietary_licence)
{
	char name[64];

	boot();
	cr_assert_eq(load(MODDIR "test-noname.so", NULL), 0);
	cr_assert_eq(ukmem_module_name(0, name, sizeof(name)), 0);
	cr_assert_str_eq(name, "test_noname");
	cr_assert_eq(in_log("noname.c: hello from test_noname\n"), 1);
	cr_assert_eq(in_log("test_noname: module license 'Proprietary' taints kernel.\n"), 1);
	cr_assert(test_taint(TAINT_PROPRIETARY_MODULE));
	print_modules();
	cr_assert_eq(in_log("Modules linked in: test_noname(POE)\n"), 1);
	cr_assert_eq(ukmem_module_unload("test_noname"), 0);
	finish();
}

Test(module, refused_objects)
{
	boot();
	cr_assert_eq(load(MODDIR "testplain.so", NULL), -ENOEXEC);
	cr_assert_eq(in_log("testplain: No module found in object\n"), 1);
	cr_assert_str_eq(ukmem_module_strerror(-ENOEXEC), "Invalid module format");

	cr_assert_eq(load(MODDIR "testundef.so", NULL), -ENOENT);
	cr_assert_eq(in_log("testundef: Unknown symbol ukmem_test_missing_symbol (err -2)\n"), 1);
	cr_assert_str_eq(ukmem_module_strerror(-ENOENT), "Unknown symbol in module");

	cr_assert_eq(load(MODDIR "no-such-module.so", NULL), -ENOENT);

	cr_assert_eq(load(TESTMOD, NULL), 0);
	cr_assert_eq(load(TESTMOD, NULL), -EEXIST);
	cr_assert_eq(ukmem_module_count(), 1);
	cr_assert_eq(ukmem_module_unload("no_such_module"), -ENOENT);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, call_trace_names_the_module)
{
	boot();
	cr_assert_eq(load(TESTMOD, "stack=1"), 0);
	/*
	 * testmod_init is static: %pS finds it in the module's symbol table
	 * (optimised builds may show the compiler's testmod_init.cold part).
	 */
	cr_assert_eq(in_log(" testmod_init"), 1);
	cr_assert_geq(in_log(" [testmod]\n"), 1);
	cr_assert_eq(in_log("Comm: insmod Tainted: G           OE  "), 1);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	finish();
}

Test(module, comm_is_restored)
{
	char before[TASK_COMM_LEN], after[TASK_COMM_LEN];

	boot();
	get_task_comm(before, current);
	cr_assert_eq(load(TESTMOD, NULL), 0);
	cr_assert_eq(in_log("comm=insmod"), 1);
	get_task_comm(after, current);
	cr_assert_str_eq(before, after);
	cr_assert_eq(ukmem_module_unload("testmod"), 0);
	get_task_comm(after, current);
	cr_assert_str_eq(before, after);
	finish();
}

Test(module, unload_all_newest_first_and_leak_is_seen)
{
	boot();
	cr_assert_eq(load(TESTMOD, "leak=1 show_modules=1"), 0);
	cr_assert_eq(load(MODDIR "testnoexit.so", NULL), 0);
	/* testnoexit cannot be unloaded normally: counted, discarded anyway. */
	cr_assert_eq(ukmem_module_unload_all(), 1);
	cr_assert_eq(ukmem_module_count(), 0);
	cr_assert_eq(in_log("Modules linked in: testmod(OE-) [last unloaded: testnoexit(OE)]\n"),
		     1);
	cr_assert_eq(ukmem_check(), 0);
	ukmem_shutdown();
	/* The page testmod kept is a leak the shutdown sees. */
	cr_assert_eq(ukmem_shutdown_leaked(), 1);
}
