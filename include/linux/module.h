/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/module.h - loadable modules with the kernel's API.
 *
 * A ukmem module is a shared object built against libukmem; `ukmem run`
 * (or ukmem_module_load(), <ukmem/module.h>) plays insmod and the kernel's
 * loader.  What the kernel's build puts into the .ko (the struct module in
 * .gnu.linkonce.this_module, the .modinfo strings, the __param table) is
 * produced here by the macros themselves:
 *
 *  - every translation unit that includes this header carries a weak,
 *    hidden definition of __this_module; the linker keeps one per shared
 *    object, so THIS_MODULE is a link-time constant (usable in static
 *    initializers, as kernel code does) and distinct in every module;
 *  - module_init(), module_exit(), MODULE_INFO() and module_param() emit
 *    ELF constructors that hand their function, string or parameter to the
 *    loader while dlopen() maps the object (src/kernel/module.c).
 *
 * KBUILD_MODNAME: ukmem_add_module() (cmake/UkmemModule.cmake) defines it
 * as the kernel's build does.  Without it the module is named after its
 * shared object's file name at load time, and KBUILD_MODNAME itself, which
 * must be a string literal for pr_fmt(), is the source file's name
 * ("allocmm.c").
 */
#ifndef UKMEM_LINUX_MODULE_H
#define UKMEM_LINUX_MODULE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/kernel.h>

#ifdef KBUILD_MODNAME
#define __UKMEM_MODNAME KBUILD_MODNAME
#else
#define __UKMEM_MODNAME ((const char *)0)
#if defined(__FILE_NAME__)
#define KBUILD_MODNAME __FILE_NAME__
#else
#define KBUILD_MODNAME __BASE_FILE__
#endif
#endif

#define MODULE_NAME_LEN (64 - sizeof(unsigned long))

enum module_state {
	MODULE_STATE_LIVE, /* normal state */
	MODULE_STATE_COMING, /* being loaded: parameters and init */
	MODULE_STATE_GOING, /* init failed, or being unloaded */
	MODULE_STATE_UNFORMED, /* still being set up */
};

struct ukmem_module_priv;

/* One per module, in the module's own image; filled by the loader. */
struct module {
	enum module_state state;
	struct list_head list; /* on the loader's list, newest first */
	char name[MODULE_NAME_LEN];
	const char *version; /* MODULE_VERSION, or NULL */
	unsigned long taints; /* TAINT_* bits this module set */
	int (*init)(void);
	void (*exit)(void);
	char *args; /* the parameters as given at load */
	atomic_t refcnt; /* try_module_get() references */
	struct ukmem_module_priv *ukmem; /* the loader's bookkeeping */
};

/* The module's own struct module: one per shared object (see above). */
__attribute__((__weak__, __visibility__("hidden"))) struct module __this_module;
#define THIS_MODULE (&__this_module)

/* Called by the ELF constructors the macros below emit; not for direct use. */
void __ukmem_modreg_init(struct module *mod, int (*fn)(void), const char *modname);
void __ukmem_modreg_exit(struct module *mod, void (*fn)(void), const char *modname);
void __ukmem_modreg_info(struct module *mod, const char *tag, const char *value);

#include <linux/moduleparam.h>

#define __UKMEM_MCAT2(a, b) a##b
#define __UKMEM_MCAT(a, b) __UKMEM_MCAT2(a, b)
#define __UKMEM_MSTR2(x) #x
#define __UKMEM_MSTR(x) __UKMEM_MSTR2(x)

/**
 * module_init - the function the loader calls once the module is loaded
 * @initfn: int fn(void); 0 keeps the module, a negative errno makes the
 *          load fail and the module is unloaded without its exit function
 */
#define module_init(initfn)                                                              \
	static void __attribute__((__constructor__, __used__)) __ukmem_modinit_reg(void) \
	{                                                                                \
		__ukmem_modreg_init(&__this_module, initfn, __UKMEM_MODNAME);            \
	}                                                                                \
	extern int __ukmem_modinit_semicolon

/**
 * module_exit - the function the loader calls when the module is unloaded
 * @exitfn: void fn(void).  A module with an init function and no exit
 *          function cannot be unloaded, as in the kernel.
 */
#define module_exit(exitfn)                                                              \
	static void __attribute__((__constructor__, __used__)) __ukmem_modexit_reg(void) \
	{                                                                                \
		__ukmem_modreg_exit(&__this_module, exitfn, __UKMEM_MODNAME);            \
	}                                                                                \
	extern int __ukmem_modexit_semicolon

/* A "tag=value" string of the module's .modinfo. */
#define __MODULE_INFO(tag, name, info)                           \
	static void __attribute__((__constructor__, __used__))   \
	__UKMEM_MCAT(__ukmem_modinfo_reg_, __COUNTER__)(void)    \
	{                                                        \
		__ukmem_modreg_info(&__this_module, #tag, info); \
	}                                                        \
	extern int __ukmem_modinfo_semicolon

#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
/* GPL-compatible licences leave the kernel untainted; others taint it P. */
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author) MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)
#define MODULE_VERSION(_version) MODULE_INFO(version, _version)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)
#define MODULE_SOFTDEP(_softdep) MODULE_INFO(softdep, _softdep)
#define MODULE_FIRMWARE(_firmware) MODULE_INFO(firmware, _firmware)
#define MODULE_IMPORT_NS(ns) MODULE_INFO(import_ns, __UKMEM_MSTR(ns))
#define MODULE_PARM_DESC(_parm, desc) __MODULE_INFO(parm, _parm, #_parm ":" desc)
#define MODULE_DEVICE_TABLE(type, name) extern int __ukmem_devtable_semicolon

/* Built-in code has no module; the kernel names it "kernel". */
static inline const char *module_name(const struct module *mod)
{
	return mod ? mod->name : "kernel";
}

static inline bool module_is_live(const struct module *mod)
{
	return mod->state != MODULE_STATE_GOING;
}

/* Pin a module against unloading; false once it is going away. */
bool try_module_get(struct module *module);
void __module_get(struct module *module);
void module_put(struct module *module);
int module_refcount(struct module *mod);

/* The loaded module whose code or data holds @addr, or NULL. */
struct module *__module_address(unsigned long addr);
bool is_module_address(unsigned long addr);
/* A loaded module by name, or NULL. */
struct module *find_module(const char *name);

/* "Modules linked in: a(OE) b(OE+)", as an oops prints it. */
void print_modules(void);

#endif /* UKMEM_LINUX_MODULE_H */
