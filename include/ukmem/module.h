/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ukmem/module.h - ukmem's module loader: what `ukmem run` uses to play
 * insmod and rmmod, for tests and programs that load modules themselves.
 *
 * A module is a shared object built against the same libukmem the caller
 * uses (link the program against the shared library; a module that pulls
 * in a second copy is refused).  See docs/MODULES.md.
 */
#ifndef UKMEM_UKMEM_MODULE_H
#define UKMEM_UKMEM_MODULE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Load @path with the "name=value" strings of @params, as insmod would;
 * boots the default machine if none is booted.  0, or a negative errno and
 * the module is gone (init's own error, -EINVAL for a bad parameter value,
 * -EEXIST, -ENOENT, -ENOEXEC, ...).  The kernel-side messages go to the
 * log; insmod's stderr line is the caller's: ukmem_module_strerror().
 */
int ukmem_module_load(const char *path, int argc, char **params);

/* Unload a module by name as rmmod would: 0, -ENOENT, -EBUSY (no exit
 * function), -EWOULDBLOCK (references held). */
int ukmem_module_unload(const char *name);

/* Unload every module, newest first; modules that cannot be unloaded are
 * discarded anyway.  Returns how many could not be unloaded normally. */
int ukmem_module_unload_all(void);

/* Unload a module even if rmmod could not: its exit function runs if it
 * has one, and it is unmapped.  0 or -ENOENT. */
int ukmem_module_discard(const char *name);

/* How many modules are loaded. */
int ukmem_module_count(void);

/* The name of the @i-th loaded module, newest first (as "Modules linked
 * in:" lists them): 0, or -ENOENT past the last one. */
int ukmem_module_name(int i, char *buf, size_t size);

/* insmod's text for a load error ("Invalid parameters", "Cannot allocate
 * memory", ...), for "insmod: ERROR: could not insert module X: <text>". */
const char *ukmem_module_strerror(int err);

/* The dynamic linker's message for the last failed load, or "". */
const char *ukmem_module_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_UKMEM_MODULE_H */
