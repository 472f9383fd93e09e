// SPDX-License-Identifier: GPL-2.0
/*
 * tests/test_kasan_off.c - kasan=on in an ordinary program.
 *
 * This executable is built like every other test (no -fsanitize=address
 * unless the whole build is sanitized): kasan=on must boot, say why KASAN
 * stays off, and cost nothing; with the ASan runtime present (the
 * UKMEM_SANITIZE=address build) it must come up instead.  Bad values of
 * the KASAN parameters get the kernel's "Malformed early option".
 */
#include "helpers/ukmem_test.h"

#include <linux/slab.h>
#include <mm/kasan.h>

__attribute__((weak)) void __asan_poison_memory_region(void const volatile *addr, size_t size);

Test(kasan_off, kasan_on_without_runtime_boots_with_kasan_off)
{
	char *log, *p;

	ut_boot("mem=64M kasan=on");
	log = ut_dmesg();
	if (__asan_poison_memory_region) {
		cr_expect_str_eq(ukmem_kasan_mode(), "asan");
		cr_expect(strstr(log, "kasan: KernelAddressSanitizer initialized"), "%s", log);
	} else {
		cr_expect_str_eq(ukmem_kasan_mode(), "off");
		cr_expect(
			strstr(log,
			       "kasan: not enabled: the program does not carry the AddressSanitizer "
			       "runtime (build it with -fsanitize=address)\n"),
			"%s", log);
	}
	free(log);
	/* kfree'd memory is reused at once: no quarantine without KASAN */
	p = kmalloc(64, GFP_KERNEL);
	kfree(p);
	if (!__asan_poison_memory_region)
		cr_expect_eq(kmalloc(64, GFP_KERNEL), p);
	kfree(p);
	ut_end();
}

Test(kasan_off, off_by_default)
{
	ut_boot("mem=64M");
	cr_expect_str_eq(ukmem_kasan_mode(), "off");
	ut_end();
}

Test(kasan_off, malformed_values)
{
	char *log;

	ut_boot("mem=64M kasan=maybe kasan.fault=never");
	cr_expect_str_eq(ukmem_kasan_mode(), "off");
	log = ut_dmesg();
	cr_expect(strstr(log, "Malformed early option 'kasan'\n"), "%s", log);
	cr_expect(strstr(log, "Malformed early option 'kasan.fault'\n"), "%s", log);
	free(log);
	ut_end();
}
