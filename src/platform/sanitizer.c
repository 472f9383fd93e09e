// SPDX-License-Identifier: GPL-2.0
/*
 * platform/sanitizer.c - the host's memory checkers, as seen by KASAN.
 *
 * What it owns: the two ways ukmem can tell a host checker which of its
 * bytes may be touched (src/mm/kasan.c decides which; this file only
 * speaks to the checker):
 *
 *  - AddressSanitizer.  libukmem is an ordinary library; the program may
 *    carry the ASan runtime (built with -fsanitize=address), or not.  The
 *    runtime's interface is reached through weak references: where no
 *    runtime is linked they resolve to NULL and plat_asan_present() says
 *    so.  This works the same with gcc (libasan.so, loaded before
 *    libukmem) and clang (the runtime is linked into the executable and
 *    exports its interface), and in a libukmem that is itself built with
 *    -fsanitize=address, where the references are simply resolved.
 *    Poisoning uses ASan's user-poisoning interface, so an access ASan
 *    catches is reported by ASan as "use-after-poison"; ukmem's error
 *    report callback then prints the KASAN description.
 *
 *  - Valgrind's memcheck.  Always compiled in from Debian's client-request
 *    headers; a client request is a few no-op instructions when the
 *    program does not run under Valgrind.
 *
 * No state of its own beyond the report hook; no locks.
 *
 * Differences from Linux: the kernel's KASAN owns its shadow memory; here
 * the shadow is the host checker's, so every ukmem range that is mapped,
 * unmapped or re-mapped must be re-described to it afterwards (src/mm
 * does that after each of its mapping calls).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <valgrind/valgrind.h>
#include <valgrind/memcheck.h>

#include "platform/plat.h"

/*
 * ASan's public interface (sanitizer/asan_interface.h), declared weak here
 * so that the library loads without the runtime.
 */
#define ASAN_WEAK __attribute__((weak))
ASAN_WEAK void __asan_poison_memory_region(void const volatile *addr, size_t size);
ASAN_WEAK void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
ASAN_WEAK int __asan_address_is_poisoned(void const volatile *addr);
ASAN_WEAK void *__asan_region_is_poisoned(void *beg, size_t size);
ASAN_WEAK void __asan_set_error_report_callback(void (*callback)(const char *));
ASAN_WEAK void *__asan_get_report_pc(void);
ASAN_WEAK void *__asan_get_report_address(void);
ASAN_WEAK int __asan_get_report_access_type(void);
ASAN_WEAK size_t __asan_get_report_access_size(void);

static void (*report_hook)(void);

/**
 * plat_asan_present - whether the program carries the ASan runtime
 *
 * Return: true when every function ukmem needs resolved.
 */
bool plat_asan_present(void)
{
	return __asan_poison_memory_region && __asan_unpoison_memory_region &&
	       __asan_address_is_poisoned && __asan_region_is_poisoned &&
	       __asan_set_error_report_callback && __asan_get_report_address &&
	       __asan_get_report_pc && __asan_get_report_access_type &&
	       __asan_get_report_access_size;
}

void plat_asan_poison(const void *addr, size_t len)
{
	if (len && __asan_poison_memory_region)
		__asan_poison_memory_region(addr, len);
}

void plat_asan_unpoison(const void *addr, size_t len)
{
	if (len && __asan_unpoison_memory_region)
		__asan_unpoison_memory_region(addr, len);
}

bool plat_asan_is_poisoned(const void *addr)
{
	return __asan_address_is_poisoned && __asan_address_is_poisoned(addr);
}

static void asan_callback(const char *report)
{
	(void)report;
	if (report_hook)
		report_hook();
}

/**
 * plat_asan_set_report_hook - call @hook after each ASan report
 * @hook: the hook, or NULL to stop
 *
 * ASan calls it once its own report is printed, before the process dies
 * (or goes on, with halt_on_error=0); plat_asan_report_info() describes
 * the bad access meanwhile.
 */
void plat_asan_set_report_hook(void (*hook)(void))
{
	report_hook = hook;
	if (__asan_set_error_report_callback)
		__asan_set_error_report_callback(hook ? asan_callback : NULL);
}

/**
 * plat_asan_report_info - the access ASan is reporting
 * @addr: the bad address
 * @is_write: whether it was a write
 * @size: the access size
 * @pc: where it happened
 *
 * Return: false when there is no report in progress.
 */
bool plat_asan_report_info(unsigned long *addr, bool *is_write, size_t *size, unsigned long *pc)
{
	if (!plat_asan_present())
		return false;
	*addr = (unsigned long)__asan_get_report_address();
	if (!*addr)
		return false;
	*is_write = __asan_get_report_access_type() != 0;
	*size = __asan_get_report_access_size();
	*pc = (unsigned long)__asan_get_report_pc();
	return true;
}

/* ---- Valgrind (memcheck) ---- */

bool plat_valgrind_running(void)
{
	return RUNNING_ON_VALGRIND != 0;
}

void plat_vg_create_pool(const void *pool)
{
	VALGRIND_CREATE_MEMPOOL(pool, 0, 0);
}

void plat_vg_destroy_pool(const void *pool)
{
	VALGRIND_DESTROY_MEMPOOL(pool);
}

void plat_vg_pool_alloc(const void *pool, const void *addr, size_t len)
{
	VALGRIND_MEMPOOL_ALLOC(pool, addr, len);
}

void plat_vg_pool_change(const void *pool, const void *addr, size_t len)
{
	VALGRIND_MEMPOOL_CHANGE(pool, addr, addr, len);
}

void plat_vg_pool_free(const void *pool, const void *addr)
{
	VALGRIND_MEMPOOL_FREE(pool, addr);
}

void plat_vg_noaccess(const void *addr, size_t len)
{
	VALGRIND_MAKE_MEM_NOACCESS(addr, len);
}

void plat_vg_undefined(const void *addr, size_t len)
{
	VALGRIND_MAKE_MEM_UNDEFINED(addr, len);
}

void plat_vg_defined(const void *addr, size_t len)
{
	VALGRIND_MAKE_MEM_DEFINED(addr, len);
}

void plat_vg_errors(bool on)
{
	if (on)
		VALGRIND_ENABLE_ERROR_REPORTING;
	else
		VALGRIND_DISABLE_ERROR_REPORTING;
}
