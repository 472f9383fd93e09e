/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/panic.h - panic() and the taint flags.
 *
 * The taint bits, letters and names are the kernel's (6.12 has 19); every
 * "Tainted:" field of a report is drawn from them.  A new boot clears
 * the taint, as a reboot does.
 */
#ifndef UKMEM_LINUX_PANIC_H
#define UKMEM_LINUX_PANIC_H

#include <linux/types.h>
#include <linux/compiler.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Prints "Kernel panic - not syncing: ..." with the stack, then ends the process. */
__printf(1, 2) __noreturn __cold void panic(const char *fmt, ...);

#define TAINT_PROPRIETARY_MODULE 0
#define TAINT_FORCED_MODULE 1
#define TAINT_CPU_OUT_OF_SPEC 2
#define TAINT_FORCED_RMMOD 3
#define TAINT_MACHINE_CHECK 4
#define TAINT_BAD_PAGE 5
#define TAINT_USER 6
#define TAINT_DIE 7
#define TAINT_OVERRIDDEN_ACPI_TABLE 8
#define TAINT_WARN 9
#define TAINT_CRAP 10
#define TAINT_FIRMWARE_WORKAROUND 11
#define TAINT_OOT_MODULE 12
#define TAINT_UNSIGNED_MODULE 13
#define TAINT_SOFTLOCKUP 14
#define TAINT_LIVEPATCH 15
#define TAINT_AUX 16
#define TAINT_RANDSTRUCT 17
#define TAINT_TEST 18
#define TAINT_FLAGS_COUNT 19
#define TAINT_FLAGS_MAX ((1UL << TAINT_FLAGS_COUNT) - 1)

enum lockdep_ok {
	LOCKDEP_STILL_OK,
	LOCKDEP_NOW_UNRELIABLE,
};

/* The letter of each taint flag when set, and its name in the verbose line. */
struct taint_flag {
	char c_true;
	char c_false;
	bool module;
	const char *desc;
};
extern const struct taint_flag taint_flags[TAINT_FLAGS_COUNT];

void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok);
int test_taint(unsigned int flag);
unsigned long get_taint(void);
/* "Not tainted" or "Tainted: G    B      OE     " (one column per flag). */
const char *print_tainted(void);
/* "Tainted: [B]=BAD_PAGE, [O]=OOT_MODULE, [E]=UNSIGNED_MODULE". */
const char *print_tainted_verbose(void);

/* panic_on_warn=1 turns a WARN into a panic. */
void check_panic_on_warn(const char *origin);

#ifdef __cplusplus
}
#endif

#endif /* UKMEM_LINUX_PANIC_H */
