// SPDX-License-Identifier: GPL-2.0
/*
 * lib/vsprintf.c - the kernel's format language, freestanding.
 *
 * What it owns: ukmem_vsnprintf() and its wrappers (ukmem_snprintf,
 * vscnprintf, scnprintf), which printk() and every report use, and
 * hex_dump_to_buffer().  It runs in the allocator core, so it calls no libc:
 * only plat_symbolize() of the platform contract, for %pS.
 *
 * The algorithm is a single pass over the format.  Each conversion is
 * decoded into a struct printf_spec (flags, width, precision, base) and
 * rendered through a bounded writer that counts every byte it would have
 * written, which gives snprintf's return value for free.  Numbers follow
 * the kernel's number() rules rather than C's where they differ: "%#x" of
 * 0 is "0x0", a precision does not cancel the '0' flag, and an unknown
 * conversion ends the output there (the arguments can no longer be
 * trusted to line up).  After "%p" every following alphanumeric character
 * is part of the extension and is consumed, as in the kernel.
 *
 * %p extensions: plain %p and %pK print a keyed hash of the pointer (low
 * 32 bits of SipHash-2-4, zero-padded to pointer width) unless
 * no_hash_pointers is set; NULL and error pointers print raw.  The key is
 * derived from ukmem.seed= at boot (ukmem_vsprintf_boot()), so that two
 * runs with the same command line print the same hashes; Linux draws the
 * key from its entropy pool instead.  %px raw; %pS/%ps/%pB symbols via
 * plat_symbolize(); %pa/%pad by reference; %pGg GFP flags and %pGp page
 * flags with the 6.12 name tables; %*ph/%*phC/%*phD/%*phN hex; %pV nested
 * format.  Pointers that these extensions dereference are checked as the
 * kernel checks them: NULL prints "(null)", a pointer into the first page
 * or an error value prints "(efault)".
 *
 * Locking: none; the hash key is written at boot only, before any thread
 * can print.  Divergences: no floating point (as the kernel), %n is refused,
 * the rarely used extensions (%pe, %pI4, %pU, %pd, %pt, ...) print as
 * plain %p.
 */

/* First: glibc's <sys/cdefs.h> also defines __always_inline. */
#include <linux/compiler.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

#include <linux/types.h>
#include <linux/gfp_types.h>
#include <linux/page-flags.h>
#include <linux/printk.h>
#include <linux/sprintf.h>
#include <linux/module.h>

#include "platform/plat.h"

/* Set up by printk_boot_reset() (kernel/printk.c) at each boot. */
void ukmem_vsprintf_boot(u64 seed, bool no_hash_pointers);

#define ZEROPAD 1 /* pad with zero */
#define SIGN 2 /* unsigned/signed */
#define PLUS 4 /* show plus */
#define SPACE 8 /* space if plus */
#define LEFT 16 /* left justified */
#define SMALL 32 /* use lowercase in hex */
#define SPECIAL 64 /* prefix hex with "0x", octal with "0" */

struct printf_spec {
	unsigned int flags;
	int base;
	int field_width; /* -1: none */
	int precision; /* -1: none */
};

/* A bounded writer: counts every byte, stores those that fit. */
struct out {
	char *buf;
	size_t size;
	size_t pos;
};

static inline void put(struct out *o, char c)
{
	if (o->pos < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static size_t str_nlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const char hex_upper[] = "0123456789ABCDEF";

/* ---- the pointer-hash key ---- */

static u64 ptr_key[2];
static bool ptr_key_ready;
static bool no_hash_ptrs;

static u64 mix64(u64 z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/**
 * ukmem_vsprintf_boot - set the %p hashing policy of a freshly booted machine
 * @seed: ukmem.seed=; the SipHash key is derived from it
 * @no_hash_pointers: print plain %p as the raw address
 */
void ukmem_vsprintf_boot(u64 seed, bool no_hash_pointers)
{
	ptr_key[0] = mix64(seed ^ 0x7074725f6b657930ULL);
	ptr_key[1] = mix64(ptr_key[0]);
	ptr_key_ready = true;
	no_hash_ptrs = no_hash_pointers;
}

#define ROTL64(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                     \
	do {                         \
		v0 += v1;            \
		v1 = ROTL64(v1, 13); \
		v1 ^= v0;            \
		v0 = ROTL64(v0, 32); \
		v2 += v3;            \
		v3 = ROTL64(v3, 16); \
		v3 ^= v2;            \
		v0 += v3;            \
		v3 = ROTL64(v3, 21); \
		v3 ^= v0;            \
		v2 += v1;            \
		v1 = ROTL64(v1, 17); \
		v1 ^= v2;            \
		v2 = ROTL64(v2, 32); \
	} while (0)

/* SipHash-2-4 of one 64-bit word. */
static u64 siphash_1u64(u64 m, const u64 key[2])
{
	u64 v0 = 0x736f6d6570736575ULL ^ key[0];
	u64 v1 = 0x646f72616e646f6dULL ^ key[1];
	u64 v2 = 0x6c7967656e657261ULL ^ key[0];
	u64 v3 = 0x7465646279746573ULL ^ key[1];
	u64 b = 8ULL << 56;

	v3 ^= m;
	SIPROUND;
	SIPROUND;
	v0 ^= m;
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static unsigned long ptr_to_hashval(const void *ptr)
{
	if (!ptr_key_ready)
		ukmem_vsprintf_boot(0x756b6d656d2d3132ULL,
				    no_hash_ptrs); /* params.c's default seed */
	/* 32 bits are plenty for an identifier and show it is not an address. */
	return (unsigned long)(siphash_1u64((u64)(uintptr_t)ptr, ptr_key) & 0xffffffffULL);
}

/* ---- numbers and strings ---- */

static void number(struct out *o, unsigned long long num, struct printf_spec spec)
{
	char tmp[3 * sizeof(num) + 2];
	char sign = 0;
	char locase = (spec.flags & SMALL) ? 0x20 : 0;
	bool need_pfx = (spec.flags & SPECIAL) && spec.base != 10;
	bool is_zero = num == 0;
	int field_width = spec.field_width;
	int precision = spec.precision;
	int i = 0;

	if (spec.flags & LEFT)
		spec.flags &= ~ZEROPAD;
	if (spec.flags & SIGN) {
		if ((signed long long)num < 0) {
			sign = '-';
			num = -(unsigned long long)num;
			field_width--;
		} else if (spec.flags & PLUS) {
			sign = '+';
			field_width--;
		} else if (spec.flags & SPACE) {
			sign = ' ';
			field_width--;
		}
	}
	if (need_pfx) {
		if (spec.base == 16)
			field_width -= 2;
		else if (!is_zero)
			field_width--;
	}

	do {
		tmp[i++] = hex_upper[num % (unsigned int)spec.base] | locase;
		num /= (unsigned int)spec.base;
	} while (num);

	/* A precision is a minimum digit count; it never truncates. */
	if (i > precision)
		precision = i;
	field_width -= precision;
	if (!(spec.flags & (ZEROPAD | LEFT))) {
		put_n(o, ' ', field_width);
		field_width = 0;
	}
	if (sign)
		put(o, sign);
	if (need_pfx) {
		if (spec.base == 16 || !is_zero)
			put(o, '0');
		if (spec.base == 16)
			put(o, 'X' | locase);
	}
	if (!(spec.flags & LEFT)) {
		put_n(o, (spec.flags & ZEROPAD) ? '0' : ' ', field_width);
		field_width = 0;
	}
	put_n(o, '0', precision - i);
	while (--i >= 0)
		put(o, tmp[i]);
	put_n(o, ' ', field_width);
}

static void string_nocheck(struct out *o, const char *s, struct printf_spec spec)
{
	size_t max = spec.precision < 0 ? (size_t)-1 : (size_t)spec.precision;
	int len = (int)str_nlen(s, max);
	int pad = spec.field_width > len ? spec.field_width - len : 0;

	if (!(spec.flags & LEFT))
		put_n(o, ' ', pad);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (spec.flags & LEFT)
		put_n(o, ' ', pad);
}

/* What to print instead of dereferencing @ptr, or NULL if it is usable. */
static const char *check_pointer_msg(const void *ptr)
{
	if (!ptr)
		return "(null)";
	if ((unsigned long)ptr < 4096 || (unsigned long)ptr >= (unsigned long)-4095)
		return "(efault)";
	return NULL;
}

static bool check_pointer(struct out *o, const void *ptr, struct printf_spec spec)
{
	const char *err = check_pointer_msg(ptr);

	if (err) {
		/* The error text ignores the precision: it must show in full. */
		spec.precision = -1;
		string_nocheck(o, err, spec);
		return false;
	}
	return true;
}

static void string(struct out *o, const char *s, struct printf_spec spec)
{
	if (check_pointer(o, s, spec))
		string_nocheck(o, s, spec);
}

static void pointer_string(struct out *o, unsigned long val, struct printf_spec spec)
{
	spec.base = 16;
	spec.flags |= SMALL;
	if (spec.field_width == -1) {
		spec.field_width = 2 * (int)sizeof(void *);
		spec.flags |= ZEROPAD;
	}
	number(o, val, spec);
}

/* Plain %p: the hash, or the address itself where it is not one. */
static void default_pointer(struct out *o, const void *ptr, struct printf_spec spec)
{
	unsigned long v = (unsigned long)ptr;

	if (no_hash_ptrs || !ptr || v >= (unsigned long)-4095) {
		pointer_string(o, v, spec);
		return;
	}
	pointer_string(o, ptr_to_hashval(ptr), spec);
}

/* ---- %pS %ps %pB ---- */

#define KSYM_SYMBOL_LEN 512

static void symbol_string(struct out *o, const void *ptr, struct printf_spec spec, char kind)
{
	unsigned long addr = (unsigned long)ptr;
	bool backtrace = kind == 'B';
	bool with_offset = kind != 's' && kind != 'f';
	struct plat_symbol sym;
	char sbuf[KSYM_SYMBOL_LEN];

	/*
	 * A return address may sit just past a call to a noreturn function,
	 * i.e. in the next symbol: look up the byte before it (%pB).
	 */
	if (plat_symbolize(backtrace ? addr - 1 : addr, &sym) && sym.name) {
		unsigned long off = backtrace ? sym.offset + 1 : sym.offset;

		/* only a loaded ukmem module is a module; libc is not "[libc]" */
		if (sym.module && !is_module_address(addr))
			sym.module = NULL;

		if (with_offset && sym.module)
			ukmem_snprintf(sbuf, sizeof(sbuf), "%s+%#lx/%#lx [%s]", sym.name, off,
				       sym.size, sym.module);
		else if (with_offset)
			ukmem_snprintf(sbuf, sizeof(sbuf), "%s+%#lx/%#lx", sym.name, off, sym.size);
		else if (sym.module)
			ukmem_snprintf(sbuf, sizeof(sbuf), "%s [%s]", sym.name, sym.module);
		else
			ukmem_snprintf(sbuf, sizeof(sbuf), "%s", sym.name);
	} else {
		ukmem_snprintf(sbuf, sizeof(sbuf), "0x%lx", addr);
	}
	string_nocheck(o, sbuf, spec);
}

/* ---- %pa ---- */

static void address_val(struct out *o, const void *addr, struct printf_spec spec, char kind)
{
	unsigned long long num;

	if (!check_pointer(o, addr, spec))
		return;
	if (kind == 'd')
		num = *(const dma_addr_t *)addr;
	else
		num = *(const phys_addr_t *)addr;
	spec.flags |= SPECIAL | SMALL | ZEROPAD;
	spec.base = 16;
	spec.field_width = 2 + 2 * (int)sizeof(num);
	number(o, num, spec);
}

/* ---- %*ph ---- */

static void hex_string(struct out *o, const u8 *addr, struct printf_spec spec, char sepkind)
{
	char separator;
	int len;

	if (spec.field_width == 0)
		return; /* nothing to print */
	if (!check_pointer(o, addr, spec))
		return;
	switch (sepkind) {
	case 'C':
		separator = ':';
		break;
	case 'D':
		separator = '-';
		break;
	case 'N':
		separator = 0;
		break;
	default:
		separator = ' ';
		break;
	}
	len = spec.field_width > 0 ? spec.field_width : 1;
	if (len > 64)
		len = 64;
	for (int i = 0; i < len; i++) {
		put(o, hex_upper[addr[i] >> 4] | 0x20);
		put(o, hex_upper[addr[i] & 0xf] | 0x20);
		if (separator && i != len - 1)
			put(o, separator);
	}
}

/* ---- %pGg %pGp ---- */

struct flag_name {
	unsigned long mask;
	const char *name;
};

#define FLAG_NAME(flag)                      \
	{                                    \
		(unsigned long)(flag), #flag \
	}

/* include/trace/events/mmflags.h's order: composites first, then bits. */
static const struct flag_name gfpflag_names[] = {FLAG_NAME(GFP_TRANSHUGE),
						 FLAG_NAME(GFP_TRANSHUGE_LIGHT),
						 FLAG_NAME(GFP_HIGHUSER_MOVABLE),
						 FLAG_NAME(GFP_HIGHUSER),
						 FLAG_NAME(GFP_USER),
						 FLAG_NAME(GFP_KERNEL_ACCOUNT),
						 FLAG_NAME(GFP_KERNEL),
						 FLAG_NAME(GFP_NOFS),
						 FLAG_NAME(GFP_ATOMIC),
						 FLAG_NAME(GFP_NOIO),
						 FLAG_NAME(GFP_NOWAIT),
						 FLAG_NAME(GFP_DMA),
						 FLAG_NAME(__GFP_HIGHMEM),
						 FLAG_NAME(GFP_DMA32),
						 FLAG_NAME(__GFP_HIGH),
						 FLAG_NAME(__GFP_IO),
						 FLAG_NAME(__GFP_FS),
						 FLAG_NAME(__GFP_NOWARN),
						 FLAG_NAME(__GFP_RETRY_MAYFAIL),
						 FLAG_NAME(__GFP_NOFAIL),
						 FLAG_NAME(__GFP_NORETRY),
						 FLAG_NAME(__GFP_COMP),
						 FLAG_NAME(__GFP_ZERO),
						 FLAG_NAME(__GFP_NOMEMALLOC),
						 FLAG_NAME(__GFP_MEMALLOC),
						 FLAG_NAME(__GFP_HARDWALL),
						 FLAG_NAME(__GFP_THISNODE),
						 FLAG_NAME(__GFP_RECLAIMABLE),
						 FLAG_NAME(__GFP_MOVABLE),
						 FLAG_NAME(__GFP_ACCOUNT),
						 FLAG_NAME(__GFP_WRITE),
						 FLAG_NAME(__GFP_RECLAIM),
						 FLAG_NAME(__GFP_DIRECT_RECLAIM),
						 FLAG_NAME(__GFP_KSWAPD_RECLAIM),
						 FLAG_NAME(__GFP_ZEROTAGS),
						 FLAG_NAME(__GFP_NO_OBJ_EXT),
						 {0, NULL}};

#define PAGEFLAG_NAME(flag)             \
	{                               \
		1UL << PG_##flag, #flag \
	}

static const struct flag_name pageflag_names[] = {
	PAGEFLAG_NAME(locked),	    PAGEFLAG_NAME(waiters),    PAGEFLAG_NAME(referenced),
	PAGEFLAG_NAME(uptodate),    PAGEFLAG_NAME(dirty),      PAGEFLAG_NAME(lru),
	PAGEFLAG_NAME(active),	    PAGEFLAG_NAME(workingset), PAGEFLAG_NAME(owner_priv_1),
	PAGEFLAG_NAME(owner_2),	    PAGEFLAG_NAME(arch_1),     PAGEFLAG_NAME(reserved),
	PAGEFLAG_NAME(private),	    PAGEFLAG_NAME(private_2),  PAGEFLAG_NAME(writeback),
	PAGEFLAG_NAME(head),	    PAGEFLAG_NAME(reclaim),    PAGEFLAG_NAME(swapbacked),
	PAGEFLAG_NAME(unevictable), PAGEFLAG_NAME(mlocked),    PAGEFLAG_NAME(hwpoison),
	PAGEFLAG_NAME(idle),	    PAGEFLAG_NAME(young),      {0, NULL}};

static const struct printf_spec flag_spec = {
	.flags = SPECIAL | SMALL,
	.base = 16,
	.field_width = -1,
	.precision = -1,
};
static const struct printf_spec dec_spec = {
	.flags = 0,
	.base = 10,
	.field_width = -1,
	.precision = -1,
};
static const struct printf_spec str_spec = {
	.flags = 0,
	.base = 10,
	.field_width = -1,
	.precision = -1,
};

/* Names of the table entries wholly contained in @flags, then leftover bits in hex. */
static void format_flags(struct out *o, unsigned long flags, const struct flag_name *names)
{
	for (; flags && names->name; names++) {
		unsigned long mask = names->mask;

		/* An entry that is 0 in this configuration names nothing. */
		if (!mask || (flags & mask) != mask)
			continue;
		string_nocheck(o, names->name, str_spec);
		flags &= ~mask;
		if (flags)
			put(o, '|');
	}
	if (flags)
		number(o, flags, flag_spec);
}

static void format_page_flags(struct out *o, unsigned long flags)
{
	static const struct {
		int width;
		int shift;
		unsigned long mask;
		const struct printf_spec *spec;
		const char *name;
	} fields[] = {
		{NODES_SHIFT, NODES_PGSHIFT, NODES_MASK, &dec_spec, "node"},
		{ZONES_SHIFT, ZONES_PGSHIFT, ZONES_MASK, &dec_spec, "zone"},
		{LAST_CPUPID_SHIFT, LAST_CPUPID_PGSHIFT, LAST_CPUPID_MASK, &flag_spec,
		 "lastcpupid"},
	};
	unsigned long main_flags = flags & ((1UL << __NR_PAGEFLAGS) - 1);
	bool append = false;

	number(o, flags, flag_spec);
	put(o, '(');
	if (main_flags) {
		format_flags(o, main_flags, pageflag_names);
		append = true;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!fields[i].width)
			continue;
		if (append)
			put(o, '|');
		string_nocheck(o, fields[i].name, str_spec);
		put(o, '=');
		number(o, (flags >> fields[i].shift) & fields[i].mask, *fields[i].spec);
		append = true;
	}
	put(o, ')');
}

static void flags_string(struct out *o, const void *flags_ptr, struct printf_spec spec,
			 const char *fmt)
{
	if (!check_pointer(o, flags_ptr, spec))
		return;
	switch (fmt[1]) {
	case 'p':
		format_page_flags(o, *(const unsigned long *)flags_ptr);
		return;
	case 'g':
		format_flags(o, *(const gfp_t *)flags_ptr, gfpflag_names);
		return;
	default:
		string_nocheck(o, "(%pG?)", spec);
		return;
	}
}

/* ---- the main loop ---- */

static void format(struct out *o, const char *fmt, va_list args);

static void va_format(struct out *o, const struct va_format *vaf, struct printf_spec spec)
{
	va_list va;

	if (!check_pointer(o, vaf, spec))
		return;
	va_copy(va, *vaf->va);
	format(o, vaf->fmt, va);
	va_end(va);
}

/* @fmt points at the character after 'p'. */
static void pointer(struct out *o, const char *fmt, void *ptr, struct printf_spec spec)
{
	switch (*fmt) {
	case 'S':
	case 's':
	case 'F':
	case 'f':
	case 'B':
		symbol_string(o, ptr, spec, *fmt);
		return;
	case 'x':
		pointer_string(o, (unsigned long)ptr, spec);
		return;
	case 'a':
		address_val(o, ptr, spec, fmt[1]);
		return;
	case 'h':
		hex_string(o, ptr, spec, fmt[1]);
		return;
	case 'G':
		flags_string(o, ptr, spec, fmt);
		return;
	case 'V':
		va_format(o, ptr, spec);
		return;
	case 'K': /* kptr_restrict=0: hashed like %p */
	default:
		default_pointer(o, ptr, spec);
		return;
	}
}

enum qualifier {
	Q_NONE,
	Q_HH,
	Q_H,
	Q_L,
	Q_LL,
	Q_Z,
	Q_T,
	Q_J
};

static void format(struct out *o, const char *fmt, va_list args)
{
	while (*fmt) {
		struct printf_spec spec = {.field_width = -1, .precision = -1, .base = 10};
		enum qualifier qual = Q_NONE;
		unsigned long long num;

		if (*fmt != '%') {
			put(o, *fmt++);
			continue;
		}
		fmt++;

		for (;;) {
			switch (*fmt) {
			case '-':
				spec.flags |= LEFT;
				fmt++;
				continue;
			case '+':
				spec.flags |= PLUS;
				fmt++;
				continue;
			case ' ':
				spec.flags |= SPACE;
				fmt++;
				continue;
			case '#':
				spec.flags |= SPECIAL;
				fmt++;
				continue;
			case '0':
				spec.flags |= ZEROPAD;
				fmt++;
				continue;
			}
			break;
		}

		if (is_digit(*fmt)) {
			spec.field_width = 0;
			while (is_digit(*fmt))
				spec.field_width = spec.field_width * 10 + (*fmt++ - '0');
		} else if (*fmt == '*') {
			fmt++;
			spec.field_width = va_arg(args, int);
			if (spec.field_width < 0) {
				spec.field_width = -spec.field_width;
				spec.flags |= LEFT;
			}
		}

		if (*fmt == '.') {
			fmt++;
			spec.precision = 0;
			if (is_digit(*fmt)) {
				while (is_digit(*fmt))
					spec.precision = spec.precision * 10 + (*fmt++ - '0');
			} else if (*fmt == '*') {
				fmt++;
				spec.precision = va_arg(args, int);
				if (spec.precision < 0)
					spec.precision = 0;
			}
		}

		switch (*fmt) {
		case 'h':
			fmt++;
			qual = Q_H;
			if (*fmt == 'h') {
				fmt++;
				qual = Q_HH;
			}
			break;
		case 'l':
			fmt++;
			qual = Q_L;
			if (*fmt == 'l') {
				fmt++;
				qual = Q_LL;
			}
			break;
		case 'L':
		case 'q':
			fmt++;
			qual = Q_LL;
			break;
		case 'z':
		case 'Z':
			fmt++;
			qual = Q_Z;
			break;
		case 't':
			fmt++;
			qual = Q_T;
			break;
		case 'j':
			fmt++;
			qual = Q_J;
			break;
		}

		switch (*fmt) {
		case 'c': {
			char c = (char)va_arg(args, int);

			fmt++;
			if (!(spec.flags & LEFT))
				put_n(o, ' ', spec.field_width - 1);
			put(o, c);
			if (spec.flags & LEFT)
				put_n(o, ' ', spec.field_width - 1);
			continue;
		}
		case 's':
			fmt++;
			string(o, va_arg(args, const char *), spec);
			continue;
		case 'p':
			fmt++;
			pointer(o, fmt, va_arg(args, void *), spec);
			while (is_alnum(*fmt))
				fmt++;
			continue;
		case '%':
			fmt++;
			put(o, '%');
			continue;
		case 'o':
			spec.base = 8;
			break;
		case 'x':
			spec.flags |= SMALL;
			fallthrough;
		case 'X':
			spec.base = 16;
			break;
		case 'd':
		case 'i':
			spec.flags |= SIGN;
			break;
		case 'u':
			break;
		default:
			/*
			 * An unknown conversion (or %n): the remaining arguments
			 * cannot be trusted to line up, so stop here.
			 */
			return;
		}
		fmt++;

		if (spec.flags & SIGN) {
			switch (qual) {
			case Q_HH:
				num = (unsigned long long)(signed char)va_arg(args, int);
				break;
			case Q_H:
				num = (unsigned long long)(short)va_arg(args, int);
				break;
			case Q_L:
				num = (unsigned long long)va_arg(args, long);
				break;
			case Q_LL:
				num = (unsigned long long)va_arg(args, long long);
				break;
			case Q_Z:
				num = (unsigned long long)va_arg(args, ssize_t);
				break;
			case Q_T:
				num = (unsigned long long)va_arg(args, ptrdiff_t);
				break;
			case Q_J:
				num = (unsigned long long)va_arg(args, intmax_t);
				break;
			default:
				num = (unsigned long long)va_arg(args, int);
				break;
			}
		} else {
			switch (qual) {
			case Q_HH:
				num = (unsigned char)va_arg(args, unsigned int);
				break;
			case Q_H:
				num = (unsigned short)va_arg(args, unsigned int);
				break;
			case Q_L:
				num = va_arg(args, unsigned long);
				break;
			case Q_LL:
				num = va_arg(args, unsigned long long);
				break;
			case Q_Z:
				num = va_arg(args, size_t);
				break;
			case Q_T:
				num = (unsigned long long)va_arg(args, ptrdiff_t);
				break;
			case Q_J:
				num = va_arg(args, uintmax_t);
				break;
			default:
				num = va_arg(args, unsigned int);
				break;
			}
		}
		number(o, num, spec);
	}
}

/**
 * ukmem_vsnprintf - format a string into a buffer, the kernel's vsnprintf()
 * @buf: the buffer to place the result into
 * @size: the size of the buffer, including the trailing NUL
 * @fmt: the format string, in the kernel's format language
 * @args: arguments for the format string
 *
 * Return: the number of characters that would have been written for an
 * unbounded buffer, not counting the NUL.  The output is NUL-terminated
 * when @size is nonzero.
 */
int ukmem_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = {.buf = buf, .size = size, .pos = 0};

	if (size > INT_MAX)
		return 0;
	format(&o, fmt, args);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return o.pos > INT_MAX ? INT_MAX : (int)o.pos;
}

/**
 * ukmem_snprintf - format a string into a buffer, the kernel's snprintf()
 * @buf: the buffer to place the result into
 * @size: the size of the buffer, including the trailing NUL
 * @fmt: the format string
 *
 * Return: as ukmem_vsnprintf().
 */
int ukmem_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = ukmem_vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/**
 * vscnprintf - format a string into a buffer, counting what fits
 * @buf: the buffer to place the result into
 * @size: the size of the buffer, including the trailing NUL
 * @fmt: the format string
 * @args: arguments for the format string
 *
 * Return: the number of characters written into @buf, not counting the
 * NUL; 0 if @size is 0.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int i = ukmem_vsnprintf(buf, size, fmt, args);

	if ((size_t)i < size)
		return i;
	return size ? (int)size - 1 : 0;
}

/**
 * scnprintf - format a string into a buffer, counting what fits
 * @buf: the buffer to place the result into
 * @size: the size of the buffer, including the trailing NUL
 * @fmt: the format string
 *
 * Return: as vscnprintf().
 */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/* ---- hex dumps ---- */

static unsigned long long load_group(const u8 *p, int size)
{
	unsigned long long v = 0;

	/* The group is read as a native-endian integer, as the kernel does. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	for (int i = 0; i < size; i++)
		v = (v << 8) | p[i];
#else
	for (int i = size - 1; i >= 0; i--)
		v = (v << 8) | p[i];
#endif
	return v;
}

/**
 * hex_dump_to_buffer - one line of a hex dump into a buffer
 * @buf: the data
 * @len: number of bytes in @buf (at most @rowsize are used)
 * @rowsize: 16 or 32 bytes per line (anything else means 16)
 * @groupsize: bytes per group: 1, 2, 4 or 8 (1 if @len is not a multiple)
 * @linebuf: where to put the text
 * @linebuflen: size of @linebuf, including the NUL
 * @ascii: append the printable-ASCII column
 *
 * Groups print as native-endian hex numbers separated by spaces; the ASCII
 * column starts at a fixed column (rowsize * 2 + rowsize / groupsize + 1).
 *
 * Return: the length of the line that would have been written with enough
 * room, like snprintf.
 */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii)
{
	const u8 *ptr = buf;
	struct out o = {.buf = linebuf, .size = linebuflen, .pos = 0};
	int ngroups, ascii_column;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (size_t)rowsize)
		len = (size_t)rowsize;
	if (groupsize != 1 && groupsize != 2 && groupsize != 4 && groupsize != 8)
		groupsize = 1;
	if (len % (size_t)groupsize)
		groupsize = 1;
	ngroups = (int)len / groupsize;
	ascii_column = rowsize * 2 + rowsize / groupsize + 1;

	for (int j = 0; j < ngroups; j++) {
		unsigned long long v = load_group(ptr + j * groupsize, groupsize);

		if (j)
			put(&o, ' ');
		for (int d = groupsize * 2 - 1; d >= 0; d--)
			put(&o, hex_upper[(v >> (4 * d)) & 0xf] | 0x20);
	}
	if (ascii && len) {
		while (o.pos < (size_t)ascii_column)
			put(&o, ' ');
		for (size_t j = 0; j < len; j++)
			put(&o, ptr[j] >= 0x20 && ptr[j] < 0x7f ? (char)ptr[j] : '.');
	}
	if (linebuflen)
		linebuf[o.pos < linebuflen ? o.pos : linebuflen - 1] = '\0';
	return (int)o.pos;
}
