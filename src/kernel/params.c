// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/params.c - the kernel command line.
 *
 * A machine is described by a kernel command line.  This file splits it
 * the way the kernel's parse_args() does (words separated by spaces,
 * double quotes protect spaces, "key=value" or a bare "key"), keeps a copy
 * for later lookups (ukmem_cmdline_get), and fills struct ukmem_kparams.
 *
 * Three kinds of parameter:
 *  - machine parameters (mem=, nr_cpus=, numa=fake=, arch=, ukmem.seed=):
 *    ukmem's hardware.  A bad value fails the boot with -EINVAL, and the
 *    log says which parameter and why.
 *  - kernel parameters ukmem implements: handled as 6.12 handles them.
 *    Early parameters with a bad value are ignored with the kernel's
 *    message where the kernel prints one.
 *  - anything else: collected and reported once, as 6.12 does, in
 *    'Unknown kernel command line parameters "...", will be passed to
 *    user space.'
 *
 * Later subsystems look their own parameters up with ukmem_cmdline_get()
 * at their init, so the table of known names below is the one place
 * that says which words are not "unknown".
 *
 * No allocation from the machine: everything lives in static storage,
 * since the command line is parsed before the machine exists.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <kernel/kinternal.h>
#include <platform/plat.h>

#define CMDLINE_MAX 4096
#define MAX_PARAMS 128

struct ukmem_kparams ukmem_kp;

static char saved_cmdline[CMDLINE_MAX];
static char param_store[CMDLINE_MAX];
static struct {
	const char *key;
	const char *val; /* "" for a bare key */
	bool rejected; /* its __setup-style handler refused it: reported as unknown */
} params[MAX_PARAMS];
static int nr_params;

/*
 * Names handled somewhere in ukmem (this issue or a later one).  A name
 * ending in '.' matches any parameter with that prefix.
 */
static const char *const known_params[] = {
	"mem",
	"nr_cpus",
	"numa",
	"arch",
	"ukmem.seed",
	"loglevel",
	"quiet",
	"debug",
	"no_hash_pointers",
	"panic_on_warn",
	"oops",
	"slub_debug",
	"slab_debug",
	"slab_nomerge",
	"slub_nomerge",
	"slub_merge",
	"slab_merge",
	"slub_min_order",
	"slab_min_order",
	"slub_max_order",
	"slab_max_order",
	"slub_min_objects",
	"slab_min_objects",
	"init_on_alloc",
	"init_on_free",
	"page_poison",
	"debug_pagealloc",
	"page_owner",
	"kmemleak",
	"kasan",
	"kasan.fault",
	"kasan_multi_shot",
	"kfence.sample_interval",
	"failslab",
	"fail_page_alloc",
	"vmalloc",
	"nohugevmalloc",
	"sysctl.",
	"ukmem.",
	/* harmless words a real command line carries */
	"console",
	"panic",
	"nokaslr",
	"log_buf_len",
	"root",
	"ro",
	"rw",
	"init",
};

static void set_defaults(void)
{
	memset(&ukmem_kp, 0, sizeof(ukmem_kp));
	ukmem_kp.arch = UKMEM_ARCH_X86_64;
	ukmem_kp.mem_bytes = 256ULL << 20;
	ukmem_kp.nr_cpus = 2;
	ukmem_kp.nr_nodes = 1;
	ukmem_kp.seed = 0x756b6d656d2d3132ULL; /* "ukmem-12" */
	ukmem_kp.console_loglevel = 7; /* CONFIG_CONSOLE_LOGLEVEL_DEFAULT */
	ukmem_kp.init_on_alloc = 1; /* CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y */
	ukmem_kp.init_on_free = 0;
}

/* Split into words in place; quotes group words, as the kernel's next_arg(). */
static int split_cmdline(char *s)
{
	nr_params = 0;
	while (*s) {
		bool in_quote = false;
		char *key, *val = NULL, *out;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		if (nr_params == MAX_PARAMS)
			return -E2BIG;
		key = out = s;
		for (; *s; s++) {
			if (*s == '"') {
				in_quote = !in_quote;
				continue;
			}
			if (!in_quote && (*s == ' ' || *s == '\t' || *s == '\n'))
				break;
			if (*s == '=' && !val) {
				*out++ = '\0';
				val = out;
				continue;
			}
			*out++ = *s;
		}
		if (*s)
			s++;
		*out = '\0';
		params[nr_params].key = key;
		params[nr_params].val = val ? val : "";
		params[nr_params].rejected = false;
		nr_params++;
	}
	return 0;
}

const char *ukmem_cmdline_get(const char *key)
{
	const char *found = NULL;

	/* The last occurrence wins, as with the kernel's __setup handlers. */
	for (int i = 0; i < nr_params; i++)
		if (!strcmp(params[i].key, key))
			found = params[i].val;
	return found;
}

/* Call @fn for every parameter whose name starts with @prefix, in order. */
void ukmem_cmdline_for_each(const char *prefix, void (*fn)(const char *key, const char *val))
{
	size_t n = strlen(prefix);

	for (int i = 0; i < nr_params; i++)
		if (!strncmp(params[i].key, prefix, n))
			fn(params[i].key, params[i].val);
}

/**
 * ukmem_cmdline_for_each_setup - run a __setup-style handler on a parameter
 * @key: the parameter's exact name ("failslab")
 * @setup: the handler; gets a copy of the value, returns 1 when it took it
 *
 * As 6.12's obsolete_checksetup(): every occurrence, in order; one the
 * handler refuses (returns 0) is passed on as unknown, so it is listed in
 * the "Unknown kernel command line parameters" line.
 */
void ukmem_cmdline_for_each_setup(const char *key, int (*setup)(char *val))
{
	char val[CMDLINE_MAX];

	for (int i = 0; i < nr_params; i++) {
		if (strcmp(params[i].key, key))
			continue;
		strscpy(val, params[i].val, sizeof(val));
		params[i].rejected = !setup(val);
	}
}

const char *ukmem_saved_command_line(void)
{
	return saved_cmdline;
}

static bool is_known(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_params); i++) {
		size_t n = strlen(known_params[i]);

		if (known_params[i][n - 1] == '.' ? !strncmp(key, known_params[i], n)
						  : !strcmp(key, known_params[i]))
			return true;
	}
	return false;
}

static int bad_machine_param(const char *key, const char *val, const char *why)
{
	pr_err("ukmem: invalid %s=%s: %s\n", key, val, why);
	return -EINVAL;
}

static int parse_machine_params(void)
{
	const char *v;
	char *end;

	v = ukmem_cmdline_get("arch");
	if (v) {
		if (!strcmp(v, "x86_64"))
			ukmem_kp.arch = UKMEM_ARCH_X86_64;
		else if (!strcmp(v, "i386"))
			ukmem_kp.arch = UKMEM_ARCH_I386;
		else if (!strcmp(v, "arm"))
			ukmem_kp.arch = UKMEM_ARCH_ARM;
		else
			return bad_machine_param("arch", v, "expected x86_64, i386 or arm");
	}
	v = ukmem_cmdline_get("mem");
	if (v) {
		unsigned long long bytes = memparse(v, &end);

		if (end == v || *end)
			return bad_machine_param("mem", v, "not a size");
		if (bytes < (16ULL << 20))
			return bad_machine_param("mem", v, "at least 16M is needed");
		if (ukmem_kp.arch != UKMEM_ARCH_X86_64 && bytes > (4ULL << 30))
			return bad_machine_param("mem", v, "a 32-bit machine has at most 4G");
		if (bytes > (1ULL << 40))
			return bad_machine_param("mem", v, "at most 1T");
		ukmem_kp.mem_bytes = bytes & ~((1ULL << 20) - 1);
	}
	v = ukmem_cmdline_get("nr_cpus");
	if (v) {
		int n;

		if (kstrtoint(v, 10, &n) || n < 1 || n > 64)
			return bad_machine_param("nr_cpus", v, "expected 1..64");
		ukmem_kp.nr_cpus = n;
	}
	v = ukmem_cmdline_get("numa");
	if (v) {
		int n;

		if (strncmp(v, "fake=", 5) || kstrtoint(v + 5, 10, &n) || n < 1 || n > 8)
			return bad_machine_param("numa", v, "expected fake=N with N 1..8");
		ukmem_kp.nr_nodes = n;
	}
	v = ukmem_cmdline_get("ukmem.seed");
	if (v) {
		unsigned long long seed;

		if (kstrtoull(v, 0, &seed))
			return bad_machine_param("ukmem.seed", v, "not a number");
		ukmem_kp.seed = seed;
	}
	return 0;
}

static void parse_bool_param(const char *key, bool *dst)
{
	const char *v = ukmem_cmdline_get(key);
	bool b;

	if (!v)
		return;
	if (!*v)
		*dst = true;
	else if (!kstrtobool(v, &b))
		*dst = b;
}

static void parse_int01(const char *key, int *dst)
{
	const char *v = ukmem_cmdline_get(key);
	bool b;

	if (v && !kstrtobool(v, &b))
		*dst = b;
}

static void parse_kernel_params(void)
{
	const char *v;
	int level;

	if (ukmem_cmdline_get("quiet"))
		ukmem_kp.console_loglevel = 4; /* CONSOLE_LOGLEVEL_QUIET */
	if (ukmem_cmdline_get("debug"))
		ukmem_kp.console_loglevel = 10;
	v = ukmem_cmdline_get("loglevel");
	if (v && !kstrtoint(v, 0, &level))
		ukmem_kp.console_loglevel = level;
	parse_bool_param("no_hash_pointers", &ukmem_kp.no_hash_pointers);
	parse_bool_param("panic_on_warn", &ukmem_kp.panic_on_warn);
	v = ukmem_cmdline_get("oops");
	if (v && !strcmp(v, "panic"))
		ukmem_kp.oops_panic = true;
	v = ukmem_cmdline_get("ukmem.bug");
	if (v && !strcmp(v, "warn"))
		ukmem_kp.bug_warn = true;
	parse_bool_param("ukmem.oops_handler", &ukmem_kp.oops_handler);
	parse_int01("init_on_alloc", &ukmem_kp.init_on_alloc);
	parse_int01("init_on_free", &ukmem_kp.init_on_free);
	/* slub_debug implies no_hash_pointers, as in 6.12 */
	if (ukmem_cmdline_get("slub_debug") || ukmem_cmdline_get("slab_debug"))
		ukmem_kp.no_hash_pointers = true;
}

/* get_option()'s test as loglevel() uses it: an integer must lead. */
static bool leads_with_integer(const char *v)
{
	if (*v == '-' || *v == '+')
		v++;
	return *v >= '0' && *v <= '9';
}

/**
 * ukmem_report_early_params - 6.12's "Malformed early option" lines
 *
 * The early parameters whose handler refuses its value (6.12's
 * do_early_param() prints the line and keeps the default), in command-line
 * order: loglevel= without a leading integer, and the kstrtobool() ones
 * (init_on_alloc=, init_on_free=, page_poison=, debug_pagealloc=,
 * page_owner=) with anything kstrtobool() refuses, a bare word included.
 * kasan=, kasan.fault= and kmemleak= report their own (mm/kasan.c,
 * mm/kmemleak.c).  Called by boot right after the "Command line:" line.
 */
void ukmem_report_early_params(void)
{
	static const char *const bools[] = {"init_on_alloc", "init_on_free", "page_poison",
					    "debug_pagealloc", "page_owner"};

	for (int i = 0; i < nr_params; i++) {
		const char *key = params[i].key, *val = params[i].val;
		bool malformed = false, b;

		if (!strcmp(key, "loglevel"))
			malformed = !leads_with_integer(val);
		for (unsigned int k = 0; k < ARRAY_SIZE(bools); k++)
			if (!strcmp(key, bools[k]))
				malformed = kstrtobool(val, &b) != 0;
		if (malformed)
			pr_warn("Malformed early option '%s'\n", key);
	}
}

/*
 * Print the unknown words as 6.12's print_unknown_bootoptions() does: a
 * name with a '.' is a module's parameter and is dropped silently, as is
 * BOOT_IMAGE; bare words (init's argv) come first, then the key=value ones
 * (init's environment), a repeated key keeping its first place.
 */
static void report_unknown(void)
{
	char buf[CMDLINE_MAX];
	const char *env[MAX_PARAMS];
	const char *envval[MAX_PARAMS];
	size_t len = 0;
	int nr_env = 0;

	buf[0] = '\0';
	for (int i = 0; i < nr_params; i++) {
		const char *key = params[i].key;
		int j;

		if ((is_known(key) && !params[i].rejected) || strchr(key, '.') ||
		    !strcmp(key, "BOOT_IMAGE"))
			continue;
		if (!*params[i].val) {
			len += (size_t)scnprintf(buf + len, sizeof(buf) - len, " %s", key);
			continue;
		}
		for (j = 0; j < nr_env; j++)
			if (!strcmp(env[j], key))
				break;
		env[j] = key;
		envval[j] = params[i].val;
		if (j == nr_env)
			nr_env++;
	}
	for (int j = 0; j < nr_env; j++)
		len += (size_t)scnprintf(buf + len, sizeof(buf) - len, " %s=%s", env[j], envval[j]);
	if (len)
		pr_notice(
			"Unknown kernel command line parameters \"%s\", will be passed to user space.\n",
			buf + 1);
}

/**
 * ukmem_parse_cmdline - parse a machine's command line into ukmem_kp
 * @cmdline: the command line (may be NULL for the defaults)
 *
 * Return: 0, or -EINVAL when a machine parameter has a bad value.
 */
int ukmem_parse_cmdline(const char *cmdline)
{
	int ret;

	set_defaults();
	if (!cmdline)
		cmdline = "";
	if (strlen(cmdline) >= CMDLINE_MAX) {
		pr_err("ukmem: command line longer than %d bytes\n", CMDLINE_MAX - 1);
		return -EINVAL;
	}
	strscpy(saved_cmdline, cmdline, sizeof(saved_cmdline));
	strscpy(param_store, cmdline, sizeof(param_store));
	ret = split_cmdline(param_store);
	if (ret) {
		pr_err("ukmem: too many command line parameters\n");
		return -EINVAL;
	}
	ret = parse_machine_params();
	if (ret)
		return ret;
	parse_kernel_params();
	return 0;
}

/* Called once the log is ready: the two lines 6.12 prints about it. */
void ukmem_print_cmdline(void)
{
	pr_notice("Kernel command line: %s\n", saved_cmdline);
	/* 6.12's __setup handlers run here; what they refuse is unknown */
	ukmem_fault_inject_setup_params();
	report_unknown();
}
