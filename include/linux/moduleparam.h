/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/moduleparam.h - module parameters with the kernel's API.
 *
 * module_param(name, type, perm) describes a variable of the module that
 * `ukmem run MODULE.so name=value` (like insmod) sets before the module's
 * init runs.  The description is a struct kernel_param as in the kernel;
 * instead of a __param section that the kernel's loader walks, each one
 * registers itself with the loader from an ELF constructor while the
 * loader dlopen()s the module (see src/kernel/module.c).  perm is kept but
 * there is no sysfs, so nothing reads it.
 *
 * Types: byte short ushort int uint long ulong ullong hexint bool invbool
 * charp, with the kernel's parsing (kstrto*() with base 0, kstrtobool()).
 */
#ifndef UKMEM_LINUX_MODULEPARAM_H
#define UKMEM_LINUX_MODULEPARAM_H

#include <linux/types.h>
#include <linux/compiler.h>
/* struct module and __this_module; it includes this file back. */
#include <linux/module.h>

struct module;
struct kernel_param;

/* The parameter accepts a bare "name" with no "=value". */
#define KERNEL_PARAM_OPS_FL_NOARG (1 << 0)

struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	const u16 perm;
	s8 level;
	u8 flags;
	union {
		void *arg;
		const struct kparam_string *str;
		const struct kparam_array *arr;
	};
};

struct kparam_string {
	unsigned int maxlen;
	char *string;
};

#define MODULE_PARAM_PREFIX ""

#define __UKMEM_PCAT2(a, b) a##b
#define __UKMEM_PCAT(a, b) __UKMEM_PCAT2(a, b)

/* Called by the ELF constructors the macros below emit; not for direct use. */
void __ukmem_modreg_param(struct module *mod, const struct kernel_param *kp);

/*
 * The type check: a function returning a pointer to the variable as the
 * type the ops expect, so a mismatch is a compile-time warning as in the
 * kernel.
 */
#define __param_check(name, p, type)                                         \
	static inline __attribute__((__unused__)) type *__check_##name(void) \
	{                                                                    \
		return (p);                                                  \
	}
#define param_check_byte(name, p) __param_check(name, p, unsigned char)
#define param_check_short(name, p) __param_check(name, p, short)
#define param_check_ushort(name, p) __param_check(name, p, unsigned short)
#define param_check_int(name, p) __param_check(name, p, int)
#define param_check_uint(name, p) __param_check(name, p, unsigned int)
#define param_check_long(name, p) __param_check(name, p, long)
#define param_check_ulong(name, p) __param_check(name, p, unsigned long)
#define param_check_ullong(name, p) __param_check(name, p, unsigned long long)
#define param_check_hexint(name, p) __param_check(name, p, unsigned int)
#define param_check_charp(name, p) __param_check(name, p, char *)
#define param_check_bool(name, p) __param_check(name, p, bool)
#define param_check_invbool(name, p) __param_check(name, p, bool)
/*
 * <stdbool.h> makes bool a macro for _Bool, so module_param(x, bool, ...)
 * reaches module_param_named() as _Bool.
 */
#define param_check__Bool param_check_bool
#define param_ops__Bool param_ops_bool

/*
 * The descriptor, and the constructor that hands it to the loader while
 * the module's shared object is being dlopen()ed.  __this_module is the
 * module's own struct module (see <linux/module.h>).
 */
#define __module_param_call(prefix, _name, _ops, _arg, _perm, _level, _flags)                  \
	static const struct kernel_param __param_##_name = {.name = prefix #_name,             \
							    .mod = NULL,                       \
							    .ops = _ops,                       \
							    .perm = _perm,                     \
							    .level = _level,                   \
							    .flags = _flags,                   \
							    .arg = _arg};                      \
	static void __attribute__((__constructor__, __used__)) __ukmem_param_reg_##_name(void) \
	{                                                                                      \
		__ukmem_modreg_param(&__this_module, &__param_##_name);                        \
	}                                                                                      \
	extern int __ukmem_param_semicolon_##_name

#define module_param_cb(name, ops, arg, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops, arg, perm, -1, 0)

#define __MODULE_PARM_TYPE(name, _type) __MODULE_INFO(parmtype, name##type, #name ":" _type)

/**
 * module_param_named - a parameter whose name differs from its variable
 * @name: the name insmod and `ukmem run` use
 * @value: the variable
 * @type: byte, short, ushort, int, uint, long, ulong, ullong, hexint,
 *        bool, invbool or charp
 * @perm: sysfs permissions (kept, unused: ukmem has no sysfs)
 */
#define module_param_named(name, value, type, perm)               \
	param_check_##type(name, &(value));                       \
	module_param_cb(name, &param_ops_##type, &(value), perm); \
	__MODULE_PARM_TYPE(name, #type)

/**
 * module_param - a parameter set at load time ("name=value")
 * @name: the variable, also the parameter's name
 * @type: its type (see module_param_named)
 * @perm: sysfs permissions (unused)
 */
#define module_param(name, type, perm) module_param_named(name, name, type, perm)

/* A fixed char array filled by strscpy; too long a value is -ENOSPC. */
#define module_param_string(name, string, len, perm)                             \
	static const struct kparam_string __param_string_##name = {len, string}; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_ops_string,        \
			    (void *)&__param_string_##name, perm, -1, 0);        \
	__MODULE_PARM_TYPE(name, "string")

#define __UKMEM_DECLARE_PARAM_OPS(type)                                       \
	extern const struct kernel_param_ops param_ops_##type;                \
	int param_set_##type(const char *val, const struct kernel_param *kp); \
	int param_get_##type(char *buffer, const struct kernel_param *kp)

__UKMEM_DECLARE_PARAM_OPS(byte);
__UKMEM_DECLARE_PARAM_OPS(short);
__UKMEM_DECLARE_PARAM_OPS(ushort);
__UKMEM_DECLARE_PARAM_OPS(int);
__UKMEM_DECLARE_PARAM_OPS(uint);
__UKMEM_DECLARE_PARAM_OPS(long);
__UKMEM_DECLARE_PARAM_OPS(ulong);
__UKMEM_DECLARE_PARAM_OPS(ullong);
__UKMEM_DECLARE_PARAM_OPS(hexint);
__UKMEM_DECLARE_PARAM_OPS(charp);
__UKMEM_DECLARE_PARAM_OPS(bool);
__UKMEM_DECLARE_PARAM_OPS(invbool);
__UKMEM_DECLARE_PARAM_OPS(string);
void param_free_charp(void *arg);

#endif /* UKMEM_LINUX_MODULEPARAM_H */
