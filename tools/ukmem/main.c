// SPDX-License-Identifier: GPL-2.0
/*
 * tools/ukmem/main.c - the `ukmem` command: boot a machine, load modules
 * into it, read and write its views.
 *
 *   ukmem run [--cmdline STR] [--console] [--cat PATH]... MODULE.so [p=v ...] [MODULE2.so ...]
 *   ukmem cat [--cmdline STR] PATH...
 *   ukmem write [--cmdline STR] PATH VALUE [PATH...]
 *   ukmem dmesg [--cmdline STR]
 *   ukmem slabtop [--cmdline STR]
 *
 * `run` is a tiny session on a fresh machine: boot, insmod each module in
 * order (each word after a MODULE.so that does not end in ".so" is one of
 * its parameters), read the --cat views while they are loaded, rmmod them
 * newest first, print the kernel log, shut down.  It exits 1 if any load
 * failed or the shutdown found pages still held, 2 on a usage error.
 * It boots with ukmem.oops_handler=1 first on the command line, so that a
 * module's faulting access to the machine prints the kernel's oops (a
 * later ukmem.oops_handler=0 wins).
 *
 * The log is printed once: by default the console is silent and the whole
 * log (every level, as `dmesg` shows it) goes to stdout at the end, after
 * the shutdown's own report; should the process die on the way (a BUG is
 * an abort(), a wild access SIGSEGV), a handler prints the log first.  --console instead
 * lets the console print live on stderr (honouring loglevel= and quiet)
 * and prints no log at the end.  insmod's and rmmod's own error lines go
 * to stderr, as those tools print them.
 *
 * `slabtop` is procps-ng's `slabtop -o -s c` run against the machine's
 * /proc/slabinfo: the summary and the table sorted by cache size, in
 * slabtop 4.0's formats and with its arithmetic (sizes in KiB from
 * objsize and pagesperslab, USE truncated, equal sizes in slabinfo order).
 *
 * cat, write, dmesg and slabtop boot silently too; a failed boot prints the log on
 * stderr.  --cmdline overrides the UKMEM_CMDLINE environment variable,
 * which ukmem_boot(NULL) reads.
 */
#define _GNU_SOURCE

#include <ukmem/module.h>
#include <ukmem/printk.h>
#include <ukmem/ukmem.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef UKMEM_VERSION_STRING
#define UKMEM_VERSION_STRING "0.1.0"
#endif

/* The exit status of a usage error, as most tools use. */
#define EXIT_USAGE 2

static const char usage_text[] =
	"Usage:\n"
	"  ukmem run [--cmdline STR] [--console] [--cat PATH]... MODULE.so [param=value ...]\n"
	"            [MODULE2.so [param=value ...] ...]\n"
	"      Boot a machine, load each module as insmod would, read the --cat views,\n"
	"      unload the modules (newest first), print the kernel log, shut down.\n"
	"      Exits 1 if a module failed to load or memory was still held at shutdown.\n"
	"  ukmem cat [--cmdline STR] PATH...\n"
	"      Print views (/proc/buddyinfo, /proc/zoneinfo, /proc/sys/vm/...) of a\n"
	"      freshly booted machine.\n"
	"  ukmem write [--cmdline STR] PATH VALUE [PATH...]\n"
	"      Write VALUE to a knob (/proc/sys/vm/min_free_kbytes, ...), then print\n"
	"      the views named after it.\n"
	"  ukmem dmesg [--cmdline STR]\n"
	"      Print the boot log.\n"
	"  ukmem slabtop [--cmdline STR]\n"
	"      Print the slab caches of a freshly booted machine as `slabtop -o -s c`\n"
	"      does: a summary, then every cache, largest first.\n"
	"  ukmem --help | --version\n"
	"\n"
	"Options:\n"
	"  --cmdline STR  the kernel command line (default: $UKMEM_CMDLINE, then the\n"
	"                 defaults: mem=256M nr_cpus=2 arch=x86_64)\n"
	"  --console      run: print the console live on stderr instead of the whole\n"
	"                 log on stdout at the end\n"
	"  --cat PATH     run: print a view while the modules are loaded\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ukmem: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'ukmem --help'.\n");
	return EXIT_USAGE;
}

/* ---- the kernel log ---------------------------------------------------- */

static void silent_console(const char *line, size_t len, void *arg)
{
	(void)line;
	(void)len;
	(void)arg;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* The whole log to @fd; mmap, not malloc, so that it may run in a handler. */
static void print_log(int fd)
{
	char small[1];
	ssize_t len = ukmem_dmesg(small, sizeof(small));
	size_t size;
	char *buf;

	if (len <= 0)
		return;
	size = (size_t)len + 1;
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return;
	len = ukmem_dmesg(buf, size);
	if (len > 0)
		write_all(fd, buf, (size_t)len < size ? (size_t)len : size - 1);
	munmap(buf, size);
}

/*
 * A BUG or panic ends the process with abort(), a wild access in a module
 * with SIGSEGV: show the log first, then die of the same signal.
 */
static void on_fatal(int sig)
{
	fflush(stdout);
	print_log(STDOUT_FILENO);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int fatal_signals[] = {SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE};

/* Only where nobody else (ukmem.oops_handler=1) handles the signal. */
static void catch_fatal(bool on)
{
	size_t i;

	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
		struct sigaction sa, old;

		if (sigaction(fatal_signals[i], NULL, &old))
			continue;
		if (on && old.sa_handler == SIG_DFL && !(old.sa_flags & SA_SIGINFO)) {
			memset(&sa, 0, sizeof(sa));
			sa.sa_handler = on_fatal;
			sigemptyset(&sa.sa_mask);
			sigaction(fatal_signals[i], &sa, NULL);
		} else if (!on && old.sa_handler == on_fatal && !(old.sa_flags & SA_SIGINFO)) {
			signal(fatal_signals[i], SIG_DFL);
		}
	}
}

static int boot(const char *cmdline)
{
	int ret = ukmem_boot(cmdline);

	if (ret) {
		print_log(STDERR_FILENO);
		fprintf(stderr, "ukmem: boot failed: %s\n", strerror(-ret));
	}
	return ret;
}

/* ---- views ------------------------------------------------------------- */

/* Print a view; its size is learnt by a first, small read. */
static int cat_one(const char *path)
{
	char small[512];
	ssize_t len = ukmem_proc_read(path, small, sizeof(small));
	char *buf = small;

	if (len < 0) {
		fprintf(stderr, "ukmem: cat: %s: %s\n", path, strerror((int)-len));
		return -1;
	}
	while ((size_t)len >= sizeof(small) || buf != small) {
		size_t size = (size_t)len + 1;
		ssize_t again;

		if (buf != small)
			free(buf);
		buf = malloc(size);
		if (!buf) {
			fprintf(stderr, "ukmem: cat: %s: %s\n", path, strerror(ENOMEM));
			return -1;
		}
		again = ukmem_proc_read(path, buf, size);
		if (again < 0) {
			free(buf);
			fprintf(stderr, "ukmem: cat: %s: %s\n", path, strerror((int)-again));
			return -1;
		}
		if ((size_t)again < size) {
			len = again;
			break;
		}
		len = again; /* it grew between the two reads: again */
	}
	fwrite(buf, 1, (size_t)len, stdout);
	if (buf != small)
		free(buf);
	return 0;
}

/* ---- argument helpers -------------------------------------------------- */

/*
 * "--opt VALUE" or "--opt=VALUE" at argv[*i]: the value, with *i moved past
 * it; NULL if argv[*i] is not that option.  *missing is set when the value
 * is absent.
 */
static const char *opt_value(char **argv, int argc, int *i, const char *opt, bool *missing)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	(*i)++;
	return argv[*i];
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

/* ---- commands ---------------------------------------------------------- */

static int cmd_run(int argc, char **argv)
{
	const char *cmdline = NULL;
	const char **cats = calloc((size_t)argc + 1, sizeof(*cats));
	int nr_cats = 0, i, status = 0;
	bool console = false;

	if (!cats)
		return 1;
	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		bool missing = false;
		const char *v;

		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if ((v = opt_value(argv, argc, &i, "--cmdline", &missing))) {
			cmdline = v;
		} else if ((v = opt_value(argv, argc, &i, "--cat", &missing))) {
			cats[nr_cats++] = v;
		} else if (!strcmp(argv[i], "--console")) {
			console = true;
		} else {
			free(cats);
			return usage_error(missing ? "option '%s' needs a value"
						   : "run: unknown option '%s'",
					   argv[i]);
		}
	}
	if (i >= argc) {
		free(cats);
		return usage_error("run: no module given%s", "");
	}
	if (!ends_with(argv[i], ".so")) {
		free(cats);
		return usage_error("run: '%s' is not a module (MODULE.so)", argv[i]);
	}

	if (!console) {
		ukmem_set_console(silent_console, NULL);
		catch_fatal(true);
	}
	/*
	 * A module's bad access to the machine prints the kernel's oops:
	 * ukmem.oops_handler=1 goes first, so a later =0 still wins.
	 */
	{
		const char *user = cmdline ? cmdline : getenv("UKMEM_CMDLINE");
		size_t len = strlen("ukmem.oops_handler=1 ") + (user ? strlen(user) : 0) + 1;
		char *line = malloc(len);

		if (!line) {
			free(cats);
			return 1;
		}
		snprintf(line, len, "ukmem.oops_handler=1%s%s", user && *user ? " " : "",
			 user ? user : "");
		if (boot(line)) {
			free(line);
			free(cats);
			return 1;
		}
		free(line);
	}

	/* insmod each MODULE.so with the words up to the next one. */
	while (i < argc) {
		const char *path = argv[i];
		int first = ++i, ret;

		while (i < argc && !ends_with(argv[i], ".so"))
			i++;
		if (access(path, R_OK)) {
			fprintf(stderr, "insmod: ERROR: could not load module %s: %s\n", path,
				strerror(errno));
			status = 1;
			continue;
		}
		fflush(stdout);
		ret = ukmem_module_load(path, i - first, argv + first);
		if (ret) {
			fprintf(stderr, "insmod: ERROR: could not insert module %s: %s\n", path,
				ukmem_module_strerror(ret));
			status = 1;
		}
	}

	for (i = 0; i < nr_cats; i++)
		if (cat_one(cats[i]))
			status = 1;
	fflush(stdout);
	free(cats);

	/* rmmod, newest first; what cannot be removed is discarded. */
	for (;;) {
		char name[64];
		int ret;

		if (ukmem_module_name(0, name, sizeof(name)))
			break;
		ret = ukmem_module_unload(name);
		if (ret) {
			fprintf(stderr, "rmmod: ERROR: could not remove module %s: %s\n", name,
				strerror(-ret));
			ukmem_module_discard(name);
		}
	}

	ukmem_shutdown();
	if (ukmem_shutdown_leaked() || ukmem_shutdown_leaked_objects())
		status = 1;
	if (!console) {
		catch_fatal(false);
		print_log(STDOUT_FILENO);
		ukmem_set_console(NULL, NULL);
	}
	return status;
}

/* The options cat, write and dmesg share: --cmdline. */
static int common_opts(int argc, char **argv, const char **cmdline, int *first)
{
	int i;

	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		bool missing = false;
		const char *v;

		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		v = opt_value(argv, argc, &i, "--cmdline", &missing);
		if (!v)
			return usage_error(missing ? "option '%s' needs a value"
						   : "unknown option '%s'",
					   argv[i]);
		*cmdline = v;
	}
	*first = i;
	return 0;
}

static int cmd_cat(int argc, char **argv)
{
	const char *cmdline = NULL;
	int i, ret, status = 0;

	ret = common_opts(argc, argv, &cmdline, &i);
	if (ret)
		return ret;
	if (i >= argc)
		return usage_error("cat: no view given%s", "");
	ukmem_set_console(silent_console, NULL);
	if (boot(cmdline))
		return 1;
	for (; i < argc; i++)
		if (cat_one(argv[i]))
			status = 1;
	fflush(stdout);
	ukmem_set_console(NULL, NULL);
	ukmem_shutdown();
	return status;
}

static int cmd_write(int argc, char **argv)
{
	const char *cmdline = NULL, *path, *value;
	int i, ret, status = 0;
	ssize_t n;

	ret = common_opts(argc, argv, &cmdline, &i);
	if (ret)
		return ret;
	if (argc - i < 2)
		return usage_error("write: need PATH and VALUE%s", "");
	path = argv[i];
	value = argv[i + 1];
	ukmem_set_console(silent_console, NULL);
	if (boot(cmdline))
		return 1;
	n = ukmem_proc_write(path, value, strlen(value));
	if (n < 0) {
		fprintf(stderr, "ukmem: write %s: %s\n", path, strerror((int)-n));
		status = 1;
	} else {
		for (i += 2; i < argc; i++)
			if (cat_one(argv[i]))
				status = 1;
	}
	fflush(stdout);
	ukmem_set_console(NULL, NULL);
	ukmem_shutdown();
	return status;
}

static int cmd_dmesg(int argc, char **argv)
{
	const char *cmdline = NULL;
	int i, ret;

	ret = common_opts(argc, argv, &cmdline, &i);
	if (ret)
		return ret;
	if (i < argc)
		return usage_error("dmesg: unexpected argument '%s'", argv[i]);
	ukmem_set_console(silent_console, NULL);
	if (boot(cmdline))
		return 1;
	print_log(STDOUT_FILENO);
	ukmem_shutdown();
	ukmem_set_console(NULL, NULL);
	return 0;
}

/* ---- slabtop ------------------------------------------------------------ */

/* The machine's page size, which slabinfo's pagesperslab counts in. */
#define SLABTOP_PAGE_SIZE 4096UL

struct slabtop_cache {
	char name[64];
	unsigned long active_objs, num_objs, active_slabs, num_slabs;
	unsigned int obj_size, objs_per_slab, pages_per_slab;
	unsigned long cache_size; /* bytes: slabs * pages per slab * page size */
};

/* Read a whole view into a malloc'd, NUL-terminated buffer. */
static char *read_view(const char *path)
{
	ssize_t len = ukmem_proc_read(path, NULL, 0);

	for (;;) {
		char *buf;
		ssize_t got;

		if (len < 0) {
			fprintf(stderr, "ukmem: slabtop: %s: %s\n", path, strerror((int)-len));
			return NULL;
		}
		buf = malloc((size_t)len + 1);
		if (!buf) {
			fprintf(stderr, "ukmem: slabtop: %s\n", strerror(ENOMEM));
			return NULL;
		}
		got = ukmem_proc_read(path, buf, (size_t)len + 1);
		if (got >= 0 && got <= len)
			return buf;
		free(buf);
		len = got; /* it grew between the reads: again */
	}
}

/* Largest cache first; equal sizes keep slabinfo's order (a stable sort). */
static void slabtop_sort(struct slabtop_cache *c, size_t nr)
{
	for (size_t i = 1; i < nr; i++) {
		struct slabtop_cache key = c[i];
		size_t j = i;

		for (; j > 0 && c[j - 1].cache_size < key.cache_size; j--)
			c[j] = c[j - 1];
		c[j] = key;
	}
}

static double pct(unsigned long part, unsigned long whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static int slabtop_print(char *text)
{
	unsigned long objs = 0, active_objs = 0, slabs = 0, active_slabs = 0;
	unsigned long total_size = 0, active_size = 0, nr_active_caches = 0;
	unsigned int min_size = UINT32_MAX, max_size = 0, avg_size = 0;
	struct slabtop_cache *c = NULL;
	size_t nr = 0, cap = 0;
	char *line, *save = NULL;
	int lineno = 0;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct slabtop_cache e = {0};

		if (lineno++ < 2) /* the version line and the legend */
			continue;
		if (sscanf(line, "%63s %lu %lu %u %u %u : tunables %*u %*u %*u : slabdata %lu %lu",
			   e.name, &e.active_objs, &e.num_objs, &e.obj_size, &e.objs_per_slab,
			   &e.pages_per_slab, &e.active_slabs, &e.num_slabs) != 8) {
			fprintf(stderr, "ukmem: slabtop: cannot parse /proc/slabinfo line '%s'\n",
				line);
			free(c);
			return 1;
		}
		e.cache_size = e.num_slabs * e.pages_per_slab * SLABTOP_PAGE_SIZE;
		if (nr == cap) {
			struct slabtop_cache *n =
				realloc(c, (cap = cap ? 2 * cap : 64) * sizeof(*c));

			if (!n) {
				free(c);
				fprintf(stderr, "ukmem: slabtop: %s\n", strerror(ENOMEM));
				return 1;
			}
			c = n;
		}
		c[nr++] = e;
		/* procps's totals */
		if (e.obj_size < min_size)
			min_size = e.obj_size;
		if (e.obj_size > max_size)
			max_size = e.obj_size;
		if (e.num_objs)
			nr_active_caches++;
		objs += e.num_objs;
		active_objs += e.active_objs;
		total_size += e.num_objs * e.obj_size;
		active_size += e.active_objs * e.obj_size;
		slabs += e.num_slabs;
		active_slabs += e.active_slabs;
	}
	if (!nr)
		min_size = 0;
	if (objs)
		avg_size = (unsigned int)(total_size / objs); /* whole bytes, as procps */

	printf(" %-35s: %lu / %lu (%.1f%%)\n", "Active / Total Objects (% used)", active_objs, objs,
	       pct(active_objs, objs));
	printf(" %-35s: %lu / %lu (%.1f%%)\n", "Active / Total Slabs (% used)", active_slabs, slabs,
	       pct(active_slabs, slabs));
	printf(" %-35s: %lu / %zu (%.1f%%)\n", "Active / Total Caches (% used)", nr_active_caches,
	       nr, pct(nr_active_caches, nr));
	printf(" %-35s: %.2fK / %.2fK (%.1f%%)\n", "Active / Total Size (% used)",
	       (double)active_size / 1024.0, (double)total_size / 1024.0,
	       pct(active_size, total_size));
	printf(" %-35s: %.2fK / %.2fK / %.2fK\n\n", "Minimum / Average / Maximum Object",
	       min_size / 1024.0, avg_size / 1024.0, max_size / 1024.0);
	printf("%6s %6s %4s %8s %6s %8s %10s %-23s\n", "OBJS", "ACTIVE", "USE", "OBJ SIZE", "SLABS",
	       "OBJ/SLAB", "CACHE SIZE", "NAME");
	slabtop_sort(c, nr);
	for (size_t i = 0; i < nr; i++) {
		/* USE is truncated, as procps computes it in float and casts */
		unsigned int use = c[i].num_objs
					   ? (unsigned int)(100.0f * ((float)c[i].active_objs /
								      (float)c[i].num_objs))
					   : 0;

		printf("%6lu %6lu %3u%% %7.2fK %6lu %8u %9luK %-23s\n", c[i].num_objs,
		       c[i].active_objs, use, c[i].obj_size / 1024.0, c[i].num_slabs,
		       c[i].objs_per_slab, c[i].cache_size / 1024, c[i].name);
	}
	free(c);
	return 0;
}

static int cmd_slabtop(int argc, char **argv)
{
	const char *cmdline = NULL;
	char *text;
	int i, ret, status;

	ret = common_opts(argc, argv, &cmdline, &i);
	if (ret)
		return ret;
	if (i < argc)
		return usage_error("slabtop: unexpected argument '%s'", argv[i]);
	ukmem_set_console(silent_console, NULL);
	if (boot(cmdline))
		return 1;
	text = read_view("/proc/slabinfo");
	status = text ? slabtop_print(text) : 1;
	free(text);
	fflush(stdout);
	ukmem_set_console(NULL, NULL);
	ukmem_shutdown();
	return status;
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("ukmem %s (the Linux 6.12 memory allocators in userspace)\n",
		       UKMEM_VERSION_STRING);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(cmd, "cat"))
		return cmd_cat(argc - 2, argv + 2);
	if (!strcmp(cmd, "write"))
		return cmd_write(argc - 2, argv + 2);
	if (!strcmp(cmd, "dmesg"))
		return cmd_dmesg(argc - 2, argv + 2);
	if (!strcmp(cmd, "slabtop"))
		return cmd_slabtop(argc - 2, argv + 2);
	return usage_error("unknown command '%s'", cmd);
}
