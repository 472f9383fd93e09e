// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/module.c - loadable modules: the loader behind `ukmem run`, module
 * parameters, the module list and print_modules().
 *
 * What it owns.  A ukmem module is a shared object linked against
 * libukmem.  Loading one is insmod plus the kernel's load_module(): the
 * object is dlopen()ed RTLD_NOW|RTLD_LOCAL, and while the dynamic linker
 * runs its ELF constructors, the constructors that module_init(),
 * module_exit(), MODULE_INFO() and module_param() emit (see
 * <linux/module.h>) report the init and exit functions, the .modinfo
 * strings and the parameter descriptors to this file.  They report into
 * "the load in progress" (one at a time, under module_mutex), so nothing
 * has to be looked up by symbol name afterwards and a module may spread
 * its macros over several source files.  The struct module itself lives in
 * the module's image (__this_module), as it does in the kernel.
 *
 * The load follows the kernel's order, which is what a reader of the log
 * sees: name clash (-EEXIST), the taints of an out-of-tree, unsigned or
 * non-GPL module with their once-per-boot messages, state COMING, the
 * parameters ("name=value", parsed as the kernel parses a module's
 * argument string), init (a negative return unloads the module without
 * its exit; a positive one is warned about and the module kept), state
 * LIVE.  Unloading sets GOING, calls exit and records the module as "last
 * unloaded".  While loading, the calling thread's comm reads "insmod", and
 * "rmmod" while unloading, as the oopses of a real machine show.
 *
 * Locks: module_mutex serialises loads and unloads (and so the "load in
 * progress" that constructors report into); modlist_lock guards the module
 * list and the last-unloaded record and is only held for list operations,
 * never across a call into a module, so print_modules() may run from an
 * oops anywhere, including inside a module's init.  Order: module_mutex,
 * then modlist_lock.
 *
 * Where it differs from Linux: there is no symbol resolution between
 * modules (RTLD_LOCAL; EXPORT_SYMBOL is a no-op), no sysfs (perm is kept
 * unused), no signature check (every module is unsigned: taint E), every
 * module is out of tree unless it says MODULE_INFO(intree, "Y") (taint
 * O), __init code is not freed, and charp parameter strings are copied
 * with the host's malloc rather than kmalloc, so they do not show in the
 * machine's accounting.  dlopen() is a host service the platform contract
 * does not cover: a port without a dynamic linker has no modules.
 */

#define _GNU_SOURCE /* dlinfo(), dl_iterate_phdr() */

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <ukmem/module.h>
#include <ukmem/ukmem.h>

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kinternal.h"
#include "platform/plat.h"

/* The loader's bookkeeping for one module, kept outside its image. */
struct ukmem_module_priv {
	struct module *mod; /* __this_module of the object */
	void *handle; /* dlopen() handle */
	char *path;
	const char *modname; /* KBUILD_MODNAME, if it was given */
	const struct kernel_param **params;
	unsigned int nr_params;
	const char **info; /* tag, value, tag, value, ... */
	unsigned int nr_info;
	unsigned long lo, hi; /* the object's mapped range */
	bool registered; /* some constructor reported in */
	bool mixed; /* constructors named different modules */
};

static pthread_mutex_t module_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t modlist_lock = PTHREAD_MUTEX_INITIALIZER;
static LIST_HEAD(modules);

/* The load the constructors of a dlopen() in progress report into. */
static struct ukmem_module_priv *loading;

/* "[last unloaded: name(OE)]", valid for the boot that recorded it. */
static char last_unloaded_name[MODULE_NAME_LEN];
static char last_unloaded_taints[16];
static unsigned long last_unloaded_gen;

/* The dlerror() text of the last failed load, for the CLI. */
static char last_error[512];

/* ---------------------------------------------------------------------- */
/* Registration from the module's constructors                            */
/* ---------------------------------------------------------------------- */

/*
 * Called with module_mutex held by the loader (constructors run inside its
 * dlopen()).  With no load in progress the object was mapped by someone
 * else (linked into a program, or dlopen()ed directly): it is not a module
 * of this machine and the report is dropped.
 */
static struct ukmem_module_priv *reg_target(struct module *mod)
{
	struct ukmem_module_priv *p = loading;

	if (!p)
		return NULL;
	if (p->mod && p->mod != mod)
		p->mixed = true;
	p->mod = mod;
	p->registered = true;
	return p;
}

static void reg_name(struct ukmem_module_priv *p, const char *modname)
{
	if (modname && !p->modname)
		p->modname = modname;
}

/* See module_init() in <linux/module.h>. */
void __ukmem_modreg_init(struct module *mod, int (*fn)(void), const char *modname)
{
	struct ukmem_module_priv *p = reg_target(mod);

	if (!p)
		return;
	mod->init = fn;
	reg_name(p, modname);
}

/* See module_exit() in <linux/module.h>. */
void __ukmem_modreg_exit(struct module *mod, void (*fn)(void), const char *modname)
{
	struct ukmem_module_priv *p = reg_target(mod);

	if (!p)
		return;
	mod->exit = fn;
	reg_name(p, modname);
}

/* See MODULE_INFO() in <linux/module.h>. */
void __ukmem_modreg_info(struct module *mod, const char *tag, const char *value)
{
	struct ukmem_module_priv *p = reg_target(mod);
	const char **n;

	if (!p)
		return;
	n = realloc(p->info, (p->nr_info + 2) * sizeof(*n));
	if (!n)
		return;
	n[p->nr_info++] = tag;
	n[p->nr_info++] = value;
	p->info = n;
}

/* See module_param() in <linux/moduleparam.h>. */
void __ukmem_modreg_param(struct module *mod, const struct kernel_param *kp)
{
	struct ukmem_module_priv *p = reg_target(mod);
	const struct kernel_param **n;

	if (!p)
		return;
	n = realloc(p->params, (p->nr_params + 1) * sizeof(*n));
	if (!n)
		return;
	n[p->nr_params++] = kp;
	p->params = n;
}

/* The value of the first "tag" .modinfo entry, or NULL. */
static const char *get_modinfo(const struct ukmem_module_priv *p, const char *tag)
{
	unsigned int i;

	for (i = 0; i + 1 < p->nr_info; i += 2)
		if (!strcmp(p->info[i], tag))
			return p->info[i + 1];
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* Parameter types                                                        */
/* ---------------------------------------------------------------------- */

/*
 * charp values the loader copied, so that a second assignment or the
 * unload frees exactly what was allocated and never a string literal the
 * module initialised its variable with.
 */
static pthread_mutex_t charp_lock = PTHREAD_MUTEX_INITIALIZER;
static char **charp_copies;
static size_t nr_charp_copies;

static bool charp_forget(char *s)
{
	bool found = false;
	size_t i;

	pthread_mutex_lock(&charp_lock);
	for (i = 0; i < nr_charp_copies; i++) {
		if (charp_copies[i] == s) {
			charp_copies[i] = charp_copies[--nr_charp_copies];
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&charp_lock);
	return found;
}

static int charp_remember(char *s)
{
	char **n;

	pthread_mutex_lock(&charp_lock);
	n = realloc(charp_copies, (nr_charp_copies + 1) * sizeof(*n));
	if (n) {
		charp_copies = n;
		charp_copies[nr_charp_copies++] = s;
	}
	pthread_mutex_unlock(&charp_lock);
	return n ? 0 : -ENOMEM;
}

/* Signed and unsigned integers of every width go through these two. */
static int set_signed(const char *val, long long min, long long max, long long *out)
{
	long long v;
	int ret = kstrtoll(val, 0, &v);

	if (ret)
		return ret;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int set_unsigned(const char *val, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	int ret = kstrtoull(val, 0, &v);

	if (ret)
		return ret;
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

#define UKMEM_PARAM_SIGNED(name, type, min, max, fmt)                                      \
	int param_set_##name(const char *val, const struct kernel_param *kp)               \
	{                                                                                  \
		long long v;                                                               \
		int ret = set_signed(val, min, max, &v);                                   \
		if (!ret)                                                                  \
			*(type *)kp->arg = (type)v;                                        \
		return ret;                                                                \
	}                                                                                  \
	int param_get_##name(char *buffer, const struct kernel_param *kp)                  \
	{                                                                                  \
		return snprintf(buffer, PAGE_SIZE_FOR_PARAMS, fmt "\n", *(type *)kp->arg); \
	}                                                                                  \
	const struct kernel_param_ops param_ops_##name = {                                 \
		.set = param_set_##name,                                                   \
		.get = param_get_##name,                                                   \
	}

#define UKMEM_PARAM_UNSIGNED(name, type, max, fmt)                                         \
	int param_set_##name(const char *val, const struct kernel_param *kp)               \
	{                                                                                  \
		unsigned long long v;                                                      \
		int ret = set_unsigned(val, max, &v);                                      \
		if (!ret)                                                                  \
			*(type *)kp->arg = (type)v;                                        \
		return ret;                                                                \
	}                                                                                  \
	int param_get_##name(char *buffer, const struct kernel_param *kp)                  \
	{                                                                                  \
		return snprintf(buffer, PAGE_SIZE_FOR_PARAMS, fmt "\n", *(type *)kp->arg); \
	}                                                                                  \
	const struct kernel_param_ops param_ops_##name = {                                 \
		.set = param_set_##name,                                                   \
		.get = param_get_##name,                                                   \
	}

/* sysfs gives a get() one page; callers here do the same. */
#define PAGE_SIZE_FOR_PARAMS 4096

/* Limits spelled out: <limits.h> and <linux/kernel.h> both define INT_MAX. */
#define P_S16_MAX 32767LL
#define P_S32_MAX 2147483647LL
#define P_SLONG_MAX ((long long)(~0UL >> 1))

UKMEM_PARAM_SIGNED(short, short, -P_S16_MAX - 1, P_S16_MAX, "%hi");
UKMEM_PARAM_SIGNED(int, int, -P_S32_MAX - 1, P_S32_MAX, "%i");
UKMEM_PARAM_SIGNED(long, long, -P_SLONG_MAX - 1, P_SLONG_MAX, "%li");
UKMEM_PARAM_UNSIGNED(byte, unsigned char, 0xffULL, "%hhu");
UKMEM_PARAM_UNSIGNED(ushort, unsigned short, 0xffffULL, "%hu");
UKMEM_PARAM_UNSIGNED(uint, unsigned int, 0xffffffffULL, "%u");
UKMEM_PARAM_UNSIGNED(ulong, unsigned long, (unsigned long long)~0UL, "%lu");
UKMEM_PARAM_UNSIGNED(ullong, unsigned long long, ~0ULL, "%llu");
UKMEM_PARAM_UNSIGNED(hexint, unsigned int, 0xffffffffULL, "%#08x");

/* A bare "name" means true, as for the kernel's bool parameters. */
int param_set_bool(const char *val, const struct kernel_param *kp)
{
	if (!val)
		val = "1";
	return kstrtobool(val, (bool *)kp->arg);
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	return snprintf(buffer, PAGE_SIZE_FOR_PARAMS, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool,
	.get = param_get_bool,
};

int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	bool v;
	int ret;

	if (!val)
		val = "1";
	ret = kstrtobool(val, &v);
	if (!ret)
		*(bool *)kp->arg = !v;
	return ret;
}

int param_get_invbool(char *buffer, const struct kernel_param *kp)
{
	return snprintf(buffer, PAGE_SIZE_FOR_PARAMS, "%c\n", *(bool *)kp->arg ? 'N' : 'Y');
}

const struct kernel_param_ops param_ops_invbool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_invbool,
	.get = param_get_invbool,
};

/* The kernel's limit on a charp value. */
#define CHARP_MAX 1024

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	char **slot = kp->arg;
	char *copy;

	if (strlen(val) > CHARP_MAX) {
		pr_err("%s: string parameter too long\n", kp->name);
		return -ENOSPC;
	}
	copy = strdup(val);
	if (!copy || charp_remember(copy)) {
		free(copy);
		return -ENOMEM;
	}
	if (*slot && charp_forget(*slot))
		free(*slot);
	*slot = copy;
	return 0;
}

int param_get_charp(char *buffer, const struct kernel_param *kp)
{
	const char *s = *(char **)kp->arg;

	return snprintf(buffer, PAGE_SIZE_FOR_PARAMS, "%s\n", s ? s : "(null)");
}

void param_free_charp(void *arg)
{
	char **slot = arg;

	if (*slot && charp_forget(*slot)) {
		free(*slot);
		*slot = NULL;
	}
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp,
	.get = param_get_charp,
	.free = param_free_charp,
};

int param_set_string(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;

	if (strlen(val) + 1 > kps->maxlen) {
		pr_err("%s: string doesn't fit in %u chars.\n", kp->name, kps->maxlen - 1);
		return -ENOSPC;
	}
	strcpy(kps->string, val);
	return 0;
}

int param_get_string(char *buffer, const struct kernel_param *kp)
{
	return snprintf(buffer, PAGE_SIZE_FOR_PARAMS, "%s\n", kp->str->string);
}

const struct kernel_param_ops param_ops_string = {
	.set = param_set_string,
	.get = param_get_string,
};

/* ---------------------------------------------------------------------- */
/* The argument string                                                    */
/* ---------------------------------------------------------------------- */

/* Parameter names match with '-' and '_' taken as the same character. */
static bool param_name_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a == '-' ? '_' : *a;
		char cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
		if (!ca)
			return true;
	}
}

static char *skip_blanks(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/*
 * Cut the next "param[=value]" off @args in place, as the kernel splits a
 * module's argument string: words end at unquoted blanks, the first '='
 * separates the value, and double quotes around the whole word or the
 * value are dropped.  Returns where the following word starts.
 */
static char *next_word(char *args, char **param, char **val)
{
	bool quoted = false, in_quote = false;
	size_t i, eq = 0;

	if (*args == '"') {
		args++;
		quoted = in_quote = true;
	}
	for (i = 0; args[i]; i++) {
		if (!in_quote && isspace((unsigned char)args[i]))
			break;
		if (!eq && args[i] == '=')
			eq = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (eq) {
		args[eq] = '\0';
		*val = args + eq + 1;
		if (**val == '"') {
			(*val)++;
			if (i > 0 && args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		return skip_blanks(args + i + 1);
	}
	return args + i;
}

/* One "param=value" for the module: 0, or the error that fails the load. */
static int parse_one(struct ukmem_module_priv *p, const char *param, const char *val)
{
	const char *name = p->mod->name;
	unsigned int i;

	for (i = 0; i < p->nr_params; i++) {
		const struct kernel_param *kp = p->params[i];

		if (!param_name_eq(param, kp->name))
			continue;
		if (!val && !(kp->ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
			return -EINVAL;
		return kp->ops->set(val, kp);
	}

	/* What the kernel's unknown-parameter callback accepts silently. */
	if (!strcmp(param, "async_probe") || !strcmp(param, "dyndbg"))
		return 0;
	pr_warn("%s: unknown parameter '%s' ignored\n", name, param);
	return 0;
}

static int parse_args(struct ukmem_module_priv *p, char *args)
{
	const char *name = p->mod->name;
	char *param, *val;
	int ret;

	args = skip_blanks(args);
	while (*args) {
		args = next_word(args, &param, &val);
		if (!val && !strcmp(param, "--")) {
			if (*args)
				pr_warn("%s: parameters '%s' after `--' ignored\n", name, args);
			return 0;
		}
		ret = parse_one(p, param, val);
		if (!ret)
			continue;
		if (ret == -ENOSPC)
			pr_err("%s: `%s' too large for parameter `%s'\n", name, val ? val : "",
			       param);
		else
			pr_err("%s: `%s' invalid for parameter `%s'\n", name, val ? val : "",
			       param);
		return ret;
	}
	return 0;
}

/* Give back what the parameters hold (charp copies). */
static void destroy_params(struct ukmem_module_priv *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_params; i++) {
		const struct kernel_param *kp = p->params[i];

		if (kp->ops->free)
			kp->ops->free(kp->arg);
	}
}

/* ---------------------------------------------------------------------- */
/* Taints and the module list                                             */
/* ---------------------------------------------------------------------- */

/* The letters of the module taints, in the kernel's bit order ("POE"). */
static size_t module_flags_taint(unsigned long taints, char *buf)
{
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < TAINT_FLAGS_COUNT; i++)
		if (taint_flags[i].module && (taints & (1UL << i)))
			buf[n++] = taint_flags[i].c_true;
	return n;
}

/* "(OE+)": taints, then '+' while loading or '-' while unloading. */
static char *module_flags(const struct module *mod, char *buf, bool show_state)
{
	size_t n = 0;
	bool coming = show_state && mod->state == MODULE_STATE_COMING;
	bool going = show_state && mod->state == MODULE_STATE_GOING;

	if (mod->taints || coming || going) {
		buf[n++] = '(';
		n += module_flags_taint(mod->taints, buf + n);
		if (going)
			buf[n++] = '-';
		if (coming)
			buf[n++] = '+';
		buf[n++] = ')';
	}
	buf[n] = '\0';
	return buf;
}

static void add_taint_module(struct module *mod, unsigned int flag, enum lockdep_ok lockdep_ok)
{
	add_taint(flag, lockdep_ok);
	mod->taints |= 1UL << flag;
}

/* Out of tree: said when the kernel first gets taint O. */
static void taint_oot(struct module *mod, const char *name)
{
	if (!test_taint(TAINT_OOT_MODULE))
		pr_warn("%s: loading out-of-tree module taints kernel.\n", name);
	if (mod)
		add_taint_module(mod, TAINT_OOT_MODULE, LOCKDEP_STILL_OK);
	else
		add_taint(TAINT_OOT_MODULE, LOCKDEP_STILL_OK);
}

/* No module here is signed: the kernel says so once per boot (one site). */
static void taint_unsigned(struct module *mod, const char *name)
{
	pr_notice_once("%s: module verification failed: signature and/or required key "
		       "missing - tainting kernel\n",
		       name);
	if (mod)
		add_taint_module(mod, TAINT_UNSIGNED_MODULE, LOCKDEP_STILL_OK);
	else
		add_taint(TAINT_UNSIGNED_MODULE, LOCKDEP_STILL_OK);
}

static bool license_is_gpl_compatible(const char *license)
{
	static const char *const ok[] = {
		"GPL",		"GPL v2",	"GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(license, ok[i]))
			return true;
	return false;
}

/* The taints loading @p adds, with the kernel's messages and their order. */
static void module_augment_kernel_taints(struct ukmem_module_priv *p)
{
	struct module *mod = p->mod;
	const char *license = get_modinfo(p, "license");
	bool prev_proprietary = test_taint(TAINT_PROPRIETARY_MODULE);

	if (!get_modinfo(p, "intree"))
		taint_oot(mod, mod->name);
	if (!license)
		license = "unspecified";
	if (!license_is_gpl_compatible(license)) {
		if (!test_taint(TAINT_PROPRIETARY_MODULE))
			pr_warn("%s: module license '%s' taints kernel.\n", mod->name, license);
		add_taint_module(mod, TAINT_PROPRIETARY_MODULE, LOCKDEP_NOW_UNRELIABLE);
	}
	taint_unsigned(mod, mod->name);
	if (!prev_proprietary && test_taint(TAINT_PROPRIETARY_MODULE))
		pr_warn("%s: module license taints kernel.\n", mod->name);
}

static struct module *find_module_locked(const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list)
		if (!strcmp(mod->name, name))
			return mod;
	return NULL;
}

/**
 * find_module - a loaded module by name
 * @name: the module's name
 *
 * Return: the module, or NULL if none of that name is loaded.
 */
struct module *find_module(const char *name)
{
	struct module *mod;

	pthread_mutex_lock(&modlist_lock);
	mod = find_module_locked(name);
	pthread_mutex_unlock(&modlist_lock);
	return mod;
}

/**
 * __module_address - the loaded module an address belongs to
 * @addr: an address of code or data
 *
 * Return: the module whose shared object maps @addr, or NULL.
 */
struct module *__module_address(unsigned long addr)
{
	struct module *mod, *found = NULL;

	pthread_mutex_lock(&modlist_lock);
	list_for_each_entry(mod, &modules, list) {
		if (mod->ukmem && addr >= mod->ukmem->lo && addr < mod->ukmem->hi) {
			found = mod;
			break;
		}
	}
	pthread_mutex_unlock(&modlist_lock);
	return found;
}

bool is_module_address(unsigned long addr)
{
	return __module_address(addr) != NULL;
}

bool try_module_get(struct module *module)
{
	if (!module)
		return true;
	if (READ_ONCE(module->state) == MODULE_STATE_GOING)
		return false;
	atomic_inc(&module->refcnt);
	return true;
}

void __module_get(struct module *module)
{
	if (module)
		atomic_inc(&module->refcnt);
}

void module_put(struct module *module)
{
	if (module)
		atomic_dec(&module->refcnt);
}

int module_refcount(struct module *mod)
{
	return atomic_read(&mod->refcnt);
}

/**
 * print_modules - the "Modules linked in:" line of an oops or warning
 *
 * Newest module first, each with its taint letters and '+' (loading) or
 * '-' (unloading), then the module unloaded last during this boot.
 */
void print_modules(void)
{
	char line[256], flags[16];
	struct module *mod;
	bool first = true;
	size_t n = 0;

	pthread_mutex_lock(&modlist_lock);
	line[0] = '\0';
	list_for_each_entry(mod, &modules, list) {
		size_t need;

		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		module_flags(mod, flags, true);
		need = 1 + strlen(mod->name) + strlen(flags);
		if (n + need >= sizeof(line)) {
			/* Flush: one printk record per chunk, as pr_cont would. */
			if (first)
				printk(KERN_DEFAULT "Modules linked in:%s", line);
			else
				pr_cont("%s", line);
			first = false;
			n = 0;
			line[0] = '\0';
		}
		n += snprintf(line + n, sizeof(line) - n, " %s%s", mod->name, flags);
	}
	if (last_unloaded_name[0] && last_unloaded_gen == ukmem_boot_generation)
		snprintf(line + n, sizeof(line) - n, " [last unloaded: %s%s]", last_unloaded_name,
			 last_unloaded_taints);
	pthread_mutex_unlock(&modlist_lock);
	if (first)
		printk(KERN_DEFAULT "Modules linked in:%s\n", line);
	else
		pr_cont("%s\n", line);
}

/**
 * ukmem_format_modules - the module list of "Modules linked in:" as text
 * @buf: where it goes (" name(OE) name2(OE+)", or "" with no module)
 * @size: room in @buf
 *
 * For the oops handler, which runs in a signal handler: the list lock is
 * tried, never waited for.
 *
 * Return: false if the list was busy (@buf is then empty).
 */
bool ukmem_format_modules(char *buf, size_t size)
{
	char flags[16];
	struct module *mod;
	size_t n = 0;

	if (!size)
		return false;
	buf[0] = '\0';
	if (pthread_mutex_trylock(&modlist_lock) != 0)
		return false;
	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		module_flags(mod, flags, true);
		n += scnprintf(buf + n, size - n, " %s%s", mod->name, flags);
	}
	if (last_unloaded_name[0] && last_unloaded_gen == ukmem_boot_generation)
		scnprintf(buf + n, size - n, " [last unloaded: %s%s]", last_unloaded_name,
			  last_unloaded_taints);
	pthread_mutex_unlock(&modlist_lock);
	return true;
}

/* ---------------------------------------------------------------------- */
/* Loading and unloading                                                  */
/* ---------------------------------------------------------------------- */

/* current->comm for the duration of a load or unload. */
static void set_comm(const char *comm, char saved[TASK_COMM_LEN])
{
	__get_task_comm(saved, TASK_COMM_LEN, current);
	set_task_comm(current, comm);
}

static void restore_comm(const char *saved)
{
	set_task_comm(current, saved);
}

/* "dir/my-mod.so" -> "my_mod", as kbuild names a module after its file. */
static void name_from_path(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t len, i;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 3 && (!strcmp(base + len - 3, ".so") || !strcmp(base + len - 3, ".ko")))
		len -= 3;
	if (len >= size)
		len = size - 1;
	for (i = 0; i < len; i++)
		name[i] = base[i] == '-' ? '_' : base[i];
	name[len] = '\0';
}

struct range_query {
	unsigned long base;
	unsigned long lo, hi;
};

static int range_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct range_query *q = data;
	int i;

	(void)size;
	if (info->dlpi_addr != q->base)
		return 0;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		unsigned long lo, hi;

		if (ph->p_type != PT_LOAD)
			continue;
		lo = info->dlpi_addr + ph->p_vaddr;
		hi = lo + ph->p_memsz;
		if (!q->lo || lo < q->lo)
			q->lo = lo;
		if (hi > q->hi)
			q->hi = hi;
	}
	return 1;
}

/* Where the object is mapped, for __module_address(). */
static void find_range(struct ukmem_module_priv *p)
{
	struct link_map *lm = NULL;
	struct range_query q = {0, 0, 0};

	if (dlinfo(p->handle, RTLD_DI_LINKMAP, &lm) || !lm)
		return;
	q.base = lm->l_addr;
	dl_iterate_phdr(range_cb, &q);
	p->lo = q.lo;
	p->hi = q.hi;
}

static void free_priv(struct ukmem_module_priv *p)
{
	free(p->params);
	free(p->info);
	free(p->path);
	free(p);
}

/* Unmap the object; its struct module goes with it. */
static void release_module(struct ukmem_module_priv *p)
{
	if (p->mod) {
		free(p->mod->args);
		p->mod->args = NULL;
		p->mod->ukmem = NULL;
	}
	plat_symbols_invalidate();
	if (p->handle)
		dlclose(p->handle);
	free_priv(p);
}

static void list_del_module(struct module *mod)
{
	pthread_mutex_lock(&modlist_lock);
	list_del(&mod->list);
	pthread_mutex_unlock(&modlist_lock);
}

static void set_state(struct module *mod, enum module_state state)
{
	pthread_mutex_lock(&modlist_lock);
	mod->state = state;
	pthread_mutex_unlock(&modlist_lock);
}

/* "insmod" joins its arguments with blanks; the kernel splits them again. */
static char *join_params(int argc, char **params)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(params[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, params[i]);
	}
	return s;
}

/* dlopen() failed: say what the kernel would, and pick its errno. */
static int report_dlopen_error(const char *name, const char *err)
{
	const char *undef = strstr(err, "undefined symbol: ");

	snprintf(last_error, sizeof(last_error), "%s", err);
	if (undef) {
		char sym[128];
		size_t n = strcspn(undef + 18, " ,(");

		if (n >= sizeof(sym))
			n = sizeof(sym) - 1;
		memcpy(sym, undef + 18, n);
		sym[n] = '\0';
		/*
		 * The kernel taints before it resolves symbols.  The licence
		 * cannot be read from an object that was not mapped, so only
		 * O and E are applied.
		 */
		taint_oot(NULL, name);
		taint_unsigned(NULL, name);
		pr_warn("%s: Unknown symbol %s (err %d)\n", name, sym, -ENOENT);
		return -ENOENT;
	}
	pr_err("ukmem: %s: cannot map module: %s\n", name, err);
	return -ENOEXEC;
}

static int do_load(const char *path, int argc, char **params)
{
	struct ukmem_module_priv *p;
	char fname[MODULE_NAME_LEN];
	struct module *mod;
	void *handle;
	char *args;
	int ret;

	last_error[0] = '\0';
	name_from_path(path, fname, sizeof(fname));
	if (access(path, R_OK))
		return -errno;

	/* The same object twice would share one image: it is the same module. */
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
	if (handle) {
		dlclose(handle);
		return -EEXIST;
	}

	args = join_params(argc, params);
	p = calloc(1, sizeof(*p));
	if (!args || !p || !(p->path = strdup(path))) {
		free(args);
		free(p);
		return -ENOMEM;
	}

	loading = p;
	p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	loading = NULL;
	if (!p->handle) {
		const char *err = dlerror();

		ret = report_dlopen_error(fname, err ? err : "unknown error");
		free(args);
		free_priv(p);
		return ret;
	}
	if (!p->registered || p->mixed) {
		void *boot = dlsym(p->handle, "ukmem_boot");

		pr_warn("%s: No module found in object\n", fname);
		if (boot && boot != (void *)ukmem_boot)
			pr_warn("ukmem: %s is linked against another copy of libukmem\n", path);
		free(args);
		release_module(p);
		return -ENOEXEC;
	}

	mod = p->mod;
	memset(mod->name, 0, sizeof(mod->name));
	if (p->modname)
		strscpy(mod->name, p->modname, sizeof(mod->name));
	else
		strscpy(mod->name, fname, sizeof(mod->name));
	mod->ukmem = p;
	mod->taints = 0;
	mod->args = args;
	atomic_set(&mod->refcnt, 0);
	find_range(p);

	pthread_mutex_lock(&modlist_lock);
	if (find_module_locked(mod->name)) {
		pthread_mutex_unlock(&modlist_lock);
		release_module(p);
		return -EEXIST;
	}
	mod->state = MODULE_STATE_UNFORMED;
	list_add(&mod->list, &modules);
	pthread_mutex_unlock(&modlist_lock);

	module_augment_kernel_taints(p);
	mod->version = get_modinfo(p, "version");
	set_state(mod, MODULE_STATE_COMING);

	ret = parse_args(p, mod->args);
	if (ret)
		goto fail;

	/* the oops handler may not read symbol tables: read the new module's now */
	plat_symbols_preload();
	if (mod->init) {
		ret = mod->init();
		if (ret < 0)
			goto fail;
		if (ret > 0) {
			pr_warn("%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n"
				"%s: loading module anyway...\n",
				"do_init_module", mod->name, ret, "do_init_module");
			dump_stack();
		}
	}
	set_state(mod, MODULE_STATE_LIVE);
	return 0;

fail:
	set_state(mod, MODULE_STATE_GOING);
	destroy_params(p);
	list_del_module(mod);
	release_module(p);
	return ret;
}

/**
 * ukmem_module_load - load a module as insmod would
 * @path: the module's shared object
 * @argc: number of entries in @params
 * @params: "name=value" strings (joined with blanks and split again the
 *          way the kernel splits a module's argument string)
 *
 * Boots the default machine if none is booted.  Prints the kernel's load
 * messages; insmod's own error line is the caller's (see
 * ukmem_module_strerror()).
 *
 * Return: 0 with the module live; or a negative errno with the module
 * gone: -EEXIST (a module of that name is loaded), -ENOENT (the file, or a
 * symbol it needs, is missing), -ENOEXEC (not a ukmem module), -EINVAL or
 * -ERANGE or -ENOSPC (a bad parameter value), or what init returned.
 */
int ukmem_module_load(const char *path, int argc, char **params)
{
	char saved[TASK_COMM_LEN];
	char local[4096];
	int ret;

	if (!ukmem_is_booted()) {
		ret = ukmem_boot(NULL);
		if (ret && ret != -EBUSY)
			return ret;
	}
	/* Without a '/', dlopen() would search the library path. */
	if (!strchr(path, '/')) {
		snprintf(local, sizeof(local), "./%s", path);
		path = local;
	}
	pthread_mutex_lock(&module_mutex);
	set_comm("insmod", saved);
	ret = do_load(path, argc, params);
	restore_comm(saved);
	pthread_mutex_unlock(&module_mutex);
	return ret;
}

static int do_unload(struct module *mod, bool force)
{
	struct ukmem_module_priv *p = mod->ukmem;
	char flags[16];

	if (mod->state != MODULE_STATE_LIVE)
		return -EBUSY;
	if (!force && atomic_read(&mod->refcnt))
		return -EWOULDBLOCK;
	/* A module that can be initialised but not torn down stays. */
	if (!force && mod->init && !mod->exit)
		return -EBUSY;

	set_state(mod, MODULE_STATE_GOING);
	if (mod->exit)
		mod->exit();

	pthread_mutex_lock(&modlist_lock);
	strscpy(last_unloaded_name, mod->name, sizeof(last_unloaded_name));
	strscpy(last_unloaded_taints, module_flags(mod, flags, false),
		sizeof(last_unloaded_taints));
	last_unloaded_gen = ukmem_boot_generation;
	list_del(&mod->list);
	pthread_mutex_unlock(&modlist_lock);

	destroy_params(p);
	release_module(p);
	return 0;
}

/**
 * ukmem_module_unload - unload a module as rmmod would
 * @name: the module's name
 *
 * Return: 0; -ENOENT if no such module is loaded; -EBUSY if it has an init
 * function but no exit function (the kernel cannot unload those either);
 * -EWOULDBLOCK while try_module_get() references are held.
 */
int ukmem_module_unload(const char *name)
{
	char saved[TASK_COMM_LEN];
	struct module *mod;
	int ret;

	pthread_mutex_lock(&module_mutex);
	mod = find_module(name);
	if (!mod) {
		pthread_mutex_unlock(&module_mutex);
		return -ENOENT;
	}
	set_comm("rmmod", saved);
	ret = do_unload(mod, false);
	restore_comm(saved);
	pthread_mutex_unlock(&module_mutex);
	return ret;
}

/**
 * ukmem_module_discard - unload a module that rmmod could not
 * @name: the module's name
 *
 * Calls its exit function if it has one (whatever references are held) and
 * unmaps it.  Return: 0, or -ENOENT if no such module is loaded.
 */
int ukmem_module_discard(const char *name)
{
	char saved[TASK_COMM_LEN];
	struct module *mod;
	int ret = -ENOENT;

	pthread_mutex_lock(&module_mutex);
	mod = find_module(name);
	if (mod) {
		set_comm("rmmod", saved);
		ret = do_unload(mod, true);
		restore_comm(saved);
	}
	pthread_mutex_unlock(&module_mutex);
	return ret;
}

/**
 * ukmem_module_unload_all - unload every module, newest first
 *
 * A module that could not be unloaded normally (see ukmem_module_unload())
 * has its exit function called if it has one and is unmapped anyway, since
 * the caller is about to shut the machine down; what it still holds shows
 * as a leak then.
 *
 * Return: the number of modules that could not be unloaded normally.
 */
int ukmem_module_unload_all(void)
{
	char saved[TASK_COMM_LEN];
	int failed = 0;

	pthread_mutex_lock(&module_mutex);
	set_comm("rmmod", saved);
	for (;;) {
		struct module *mod = NULL;

		pthread_mutex_lock(&modlist_lock);
		if (!list_empty(&modules))
			mod = list_first_entry(&modules, struct module, list);
		pthread_mutex_unlock(&modlist_lock);
		if (!mod)
			break;
		if (do_unload(mod, false)) {
			failed++;
			if (do_unload(mod, true))
				break;
		}
	}
	restore_comm(saved);
	pthread_mutex_unlock(&module_mutex);
	return failed;
}

/**
 * ukmem_module_count - how many modules are loaded
 */
int ukmem_module_count(void)
{
	struct module *mod;
	int n = 0;

	pthread_mutex_lock(&modlist_lock);
	list_for_each_entry(mod, &modules, list)
		n++;
	pthread_mutex_unlock(&modlist_lock);
	return n;
}

/**
 * ukmem_module_name - the name of a loaded module
 * @i: 0 for the newest module, 1 for the one before, ...
 * @buf: where the name goes
 * @size: size of @buf
 *
 * Return: 0, or -ENOENT if fewer than @i + 1 modules are loaded.
 */
int ukmem_module_name(int i, char *buf, size_t size)
{
	struct module *mod;
	int ret = -ENOENT;

	pthread_mutex_lock(&modlist_lock);
	list_for_each_entry(mod, &modules, list) {
		if (i-- == 0) {
			snprintf(buf, size, "%s", mod->name);
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&modlist_lock);
	return ret;
}

/**
 * ukmem_module_strerror - insmod's words for a load error
 * @err: a negative errno from ukmem_module_load()
 */
const char *ukmem_module_strerror(int err)
{
	switch (-err) {
	case ENOEXEC:
		return "Invalid module format";
	case ENOENT:
		return "Unknown symbol in module";
	case ESRCH:
		return "Module has wrong symbol version";
	case EINVAL:
		return "Invalid parameters";
	default:
		return strerror(-err);
	}
}

/**
 * ukmem_module_last_error - the dynamic linker's words for the last failed load
 *
 * Return: the dlerror() text, or "" if the last failure was not the
 * dynamic linker's.
 */
const char *ukmem_module_last_error(void)
{
	return last_error;
}
