// SPDX-License-Identifier: GPL-2.0
/*
 * test_vsprintf.c - the kernel's format language (lib/vsprintf.c).
 *
 * Plain conversions where the kernel and C agree, the places where the
 * kernel differs from C ("%#x" of 0, NULL strings, the '0' flag with a
 * precision, unknown conversions), and every %p extension ukmem code
 * relies on, with the expected texts taken from the 6.12 samples (%pGg,
 * %pGp, hex dump lines).  The formatter needs no machine, so these tests
 * do not boot one; the %p key is set directly, as a boot sets it.
 */
#include <linux/compiler.h>

#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/gfp_types.h>
#include <linux/printk.h>
#include <linux/sprintf.h>

#include "kernel/kinternal.h"

static char out[1024];

#define FMT(...) (ukmem_snprintf(out, sizeof(out), __VA_ARGS__), out)

static noinline int static_helper(int x)
{
	return x * 7 + 3;
}

Test(vsprintf, integers)
{
	cr_assert_str_eq(FMT("%d %i %u", -5, 42, 3000000000u), "-5 42 3000000000");
	cr_assert_str_eq(FMT("%x %X %o", 0xbeef, 0xbeef, 8), "beef BEEF 10");
	cr_assert_str_eq(FMT("%ld %lu %lld %llu", -1L, 1UL << 63, -2LL, 18446744073709551615ULL),
			 "-1 9223372036854775808 -2 18446744073709551615");
	cr_assert_str_eq(FMT("%zu %zd %hx %hhx", (size_t)77, (ssize_t)-77, (unsigned short)0x2345,
			     (unsigned char)0xff),
			 "77 -77 2345 ff");
	cr_assert_str_eq(FMT("[%5d][%-5d][%05d][%+d][% d]", 42, 42, 42, 42, 42),
			 "[   42][42   ][00042][+42][ 42]");
	cr_assert_str_eq(FMT("[%.3d][%8.3d][%*d][%-*d]", 7, 7, 4, 1, 4, 1),
			 "[007][     007][   1][1   ]");
	cr_assert_str_eq(FMT("%#x %#o %#X", 255, 8, 255), "0xff 010 0XFF");
	cr_assert_str_eq(FMT("%c%c%%", 'o', 'k'), "ok%");
}

Test(vsprintf, kernel_quirks)
{
	const char *bad = "a %d b %y %d";
	const char *volatile nothing = NULL;
	const char *narrow = "%hx %hhx %hhd";

	/* The kernel's number() prints the 0x prefix for zero too. */
	cr_assert_str_eq(FMT("%#x", 0), "0x0");
	cr_assert_str_eq(FMT("%#o", 0), "0");
	/* (through a variable: gcc knows what %s of NULL does in C) */
	cr_assert_str_eq(FMT("%s", nothing), "(null)");
	cr_assert_str_eq(FMT("%s", (char *)16), "(efault)");
	cr_assert_str_eq(FMT("[%5s][%-5s][%.2s]", "ab", "ab", "abcdef"), "[   ab][ab   ][ab]");
	/* An unknown conversion ends the output: the arguments no longer line up. */
	cr_assert_str_eq(FMT(bad, 1, 2), "a 1 b ");
	/* h and hh narrow the promoted argument. */
	cr_assert_str_eq(FMT(narrow, 0x12345, 0x1ff, -1), "2345 ff -1");
	/* After %p every alphanumeric character belongs to the extension. */
	cr_assert_str_eq(FMT("%pxyz!", (void *)0x10), "0000000000000010!");
}

Test(vsprintf, truncation)
{
	char small[6];

	cr_assert_eq(ukmem_snprintf(small, sizeof(small), "%s", "hello world"), 11);
	cr_assert_str_eq(small, "hello");
	cr_assert_eq(scnprintf(small, sizeof(small), "%s", "hello world"), 5);
	cr_assert_eq(scnprintf(small, 0, "%s", "x"), 0);
	cr_assert_eq(ukmem_snprintf(NULL, 0, "%d", 12345), 5);
}

Test(vsprintf, pointer_hash_is_stable_per_seed)
{
	void *p = (void *)0xffff888005f971c0UL;
	char a[32], b[32], c[32];

	ukmem_vsprintf_boot(42, false);
	ukmem_snprintf(a, sizeof(a), "%p", p);
	ukmem_snprintf(b, sizeof(b), "%p", p);
	cr_assert_str_eq(a, b);
	/* 32 bits of hash, zero-padded to pointer width as the kernel does. */
	cr_assert_eq(strlen(a), 16);
	cr_assert(strncmp(a, "00000000", 8) == 0, "%s", a);
	cr_assert_str_neq(a, "00000000f971c0");
	/* %pK with kptr_restrict=0 is hashed like %p. */
	cr_assert_str_eq(FMT("%pK", p), a);

	ukmem_vsprintf_boot(43, false);
	ukmem_snprintf(c, sizeof(c), "%p", p);
	cr_assert_str_neq(a, c);

	ukmem_vsprintf_boot(42, false);
	cr_assert_str_eq(FMT("%p", p), a);

	/* NULL and error pointers are not addresses: printed as they are. */
	cr_assert_str_eq(FMT("%p", NULL), "0000000000000000");
	cr_assert_str_eq(FMT("%p", (void *)-12L), "fffffffffffffff4");
}

Test(vsprintf, no_hash_pointers)
{
	ukmem_vsprintf_boot(42, true);
	cr_assert_str_eq(FMT("%p", (void *)0xffff888005f971c0UL), "ffff888005f971c0");
	ukmem_vsprintf_boot(42, false);
	cr_assert_str_eq(FMT("%px", (void *)0xffff888005f971c0UL), "ffff888005f971c0");
}

Test(vsprintf, symbols)
{
	char expect[128];
	void *fn = (void *)static_helper;

	cr_assert_eq(static_helper(0), 3);
	cr_assert_str_eq(FMT("%ps", fn), "static_helper");
	FMT("%pS", fn);
	cr_assert(strncmp(out, "static_helper+0x0/0x", 20) == 0, "%s", out);
	FMT("%pS", (char *)fn + 1);
	cr_assert(strncmp(out, "static_helper+0x1/0x", 20) == 0, "%s", out);
	/* %pB resolves the byte before a return address and shows the address. */
	FMT("%pB", (char *)fn + 1);
	cr_assert(strncmp(out, "static_helper+0x1/0x", 20) == 0, "%s", out);
	/* Not a function of any loaded object: the bare address. */
	snprintf(expect, sizeof(expect), "0x%lx", 0x10UL);
	cr_assert_str_eq(FMT("%pS", (void *)0x10), expect);
	cr_assert_str_eq(FMT("%ps", (void *)0x10), expect);
}

Test(vsprintf, phys_addr_and_hex)
{
	phys_addr_t pa = 0x5583000;
	u8 bytes[] = {0x01, 0x02, 0xab, 0xff};
	u8 big[80];

	cr_assert_str_eq(FMT("%pa", &pa), "0x0000000005583000");
	cr_assert_str_eq(FMT("%*ph", 4, bytes), "01 02 ab ff");
	cr_assert_str_eq(FMT("%*phC", 3, bytes), "01:02:ab");
	cr_assert_str_eq(FMT("%*phD", 2, bytes), "01-02");
	cr_assert_str_eq(FMT("%*phN", 4, bytes), "0102abff");
	cr_assert_str_eq(FMT("%ph", bytes), "01");
	memset(big, 0x6b, sizeof(big));
	/* At most 64 bytes. */
	cr_assert_eq(strlen(FMT("%*ph", 80, big)), 64 * 3 - 1);
	cr_assert_str_eq(FMT("%pa", NULL), "(null)");
}

static const char *vaf_helper(const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	ukmem_snprintf(out, sizeof(out), "<%pV>", &vaf);
	va_end(args);
	return out;
}

Test(vsprintf, va_format)
{
	cr_assert_str_eq(vaf_helper("page allocation failure: order:%u", 4),
			 "<page allocation failure: order:4>");
}

static const char *gfp(gfp_t g)
{
	return FMT("%pGg", &g);
}

Test(vsprintf, gfp_flags)
{
	/* The examples of linux-mm-spec.md 1.8 and the 6.12 errata. */
	cr_assert_str_eq(gfp(0x40cc0), "GFP_KERNEL|__GFP_COMP");
	cr_assert_str_eq(gfp(0x2cc0), "GFP_KERNEL|__GFP_NOWARN");
	cr_assert_str_eq(gfp(0x820), "GFP_ATOMIC");
	cr_assert_str_eq(gfp(0x2800), "GFP_NOWAIT");
	cr_assert_str_eq(gfp(GFP_KERNEL), "GFP_KERNEL");
	cr_assert_str_eq(gfp(GFP_HIGHUSER_MOVABLE), "GFP_HIGHUSER_MOVABLE");
	cr_assert_str_eq(gfp(GFP_KERNEL_ACCOUNT), "GFP_KERNEL_ACCOUNT");
	cr_assert_str_eq(gfp(GFP_KERNEL | __GFP_ZERO | __GFP_NORETRY),
			 "GFP_KERNEL|__GFP_NORETRY|__GFP_ZERO");
	cr_assert_str_eq(gfp(GFP_DMA), "GFP_DMA");
	cr_assert_str_eq(gfp(__GFP_RECLAIM), "GFP_NOIO");
	/* Unknown bits as hex after the names; nothing for 0. */
	cr_assert_str_eq(gfp(GFP_KERNEL | 0x200), "GFP_KERNEL|0x200");
	cr_assert_str_eq(gfp(0x200), "0x200");
	cr_assert_str_eq(gfp(0), "");
	cr_assert_str_eq(FMT("mode:%#x(%pGg)", 0xcc0, &(gfp_t){0xcc0}), "mode:0xcc0(GFP_KERNEL)");
}

Test(vsprintf, page_flags)
{
	unsigned long flags = 0xfffffc0000000UL;

	/* bad-page.txt and slub-debug.txt */
	cr_assert_str_eq(FMT("flags: %pGp", &flags),
			 "flags: 0xfffffc0000000(node=0|zone=1|lastcpupid=0x1fffff)");
	flags = 0xfffffc0000200UL;
	cr_assert_str_eq(FMT("%pGp", &flags),
			 "0xfffffc0000200(workingset|node=0|zone=1|lastcpupid=0x1fffff)");
	flags = 0x40UL | 0x2000UL; /* head, reserved */
	cr_assert_str_eq(FMT("%pGp", &flags), "0x2040(reserved|head|node=0|zone=0|lastcpupid=0x0)");
}

Test(vsprintf, hex_dump_to_buffer)
{
	u8 data[16];
	char line[128];
	int n;

	memset(data, 0xcc, sizeof(data));
	n = hex_dump_to_buffer(data, sizeof(data), 16, 1, line, sizeof(line), true);
	/* slub-debug.txt: "Redzone  ffff8880051f9100: cc cc ... cc  ................" */
	cr_assert_str_eq(line, "cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc  ................");
	cr_assert_eq(n, (int)strlen(line));
	memcpy(data, "kkkkABCD\x01\x02\x03\xa5zzzz", 16);
	hex_dump_to_buffer(data, 8, 16, 1, line, sizeof(line), true);
	cr_assert_str_eq(line, "6b 6b 6b 6b 41 42 43 44                          kkkkABCD");
	hex_dump_to_buffer(data, 8, 16, 4, line, sizeof(line), false);
	cr_assert_str_eq(line, "6b6b6b6b 44434241");
	hex_dump_to_buffer(data, 0, 16, 1, line, sizeof(line), true);
	cr_assert_str_eq(line, "");
}
