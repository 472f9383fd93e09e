// SPDX-License-Identifier: GPL-2.0
/*
 * lib/kstrtox.c - the kernel's string-to-number helpers: kstrto*(),
 * memparse() and kstrtobool(), plus int_sqrt().
 *
 * kstrto*() accept what the kernel accepts: optional "+" (and "-" for the
 * signed forms), a "0x"/"0" prefix when base is 0 or matches, digits, and
 * one trailing newline; anything else is -EINVAL, and a value that does
 * not fit is -ERANGE.  Freestanding: no libc.
 */
#include <linux/kernel.h>
#include <linux/errno.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Parse digits of @base from @s; returns chars consumed, sets *overflow. */
static size_t parse_digits(const char *s, unsigned int base, unsigned long long *res,
			   bool *overflow)
{
	unsigned long long v = 0;
	size_t n = 0;

	*overflow = false;
	for (;; n++) {
		int d = digit_value(s[n]);

		if ((unsigned int)d >= base)
			break;
		if (v > (~0ULL - (unsigned long long)d) / base)
			*overflow = true;
		v = v * base + (unsigned long long)d;
	}
	*res = v;
	return n;
}

static const char *parse_base(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
			*base = 16;
			return s + 2;
		}
		*base = s[0] == '0' ? 8 : 10;
		return s;
	}
	if (*base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return s + 2;
	return s;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v;
	bool overflow;
	size_t n;

	if (*s == '+')
		s++;
	s = parse_base(s, &base);
	n = parse_digits(s, base, &v, &overflow);
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int ret;

	if (*s == '-') {
		ret = kstrtoull(s + 1, base, &v);
		if (ret)
			return ret;
		if (v > (unsigned long long)__LONG_LONG_MAX__ + 1)
			return -ERANGE;
		*res = (long long)(0 - v);
		return 0;
	}
	ret = kstrtoull(s, base, &v);
	if (ret)
		return ret;
	if (v > (unsigned long long)__LONG_LONG_MAX__)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v != (unsigned long)v)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int ret = kstrtoll(s, base, &v);

	if (ret)
		return ret;
	if (v != (long)v)
		return -ERANGE;
	*res = (long)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v != (unsigned int)v)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int ret = kstrtoll(s, base, &v);

	if (ret)
		return ret;
	if (v != (int)v)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

/* As the kernel: y/Y/1/on/yes -> true, n/N/0/off/no -> false. */
int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	default:
		break;
	}
	return -EINVAL;
}

/**
 * memparse - parse a size with an optional K/M/G/T/P/E suffix
 * @ptr: the string
 * @retptr: set to the first character not consumed
 */
unsigned long long memparse(const char *ptr, char **retptr)
{
	unsigned long long v;
	unsigned int base = 0;
	const char *s = parse_base(ptr, &base);
	bool overflow;
	size_t n = parse_digits(s, base, &v, &overflow);

	if (n == 0) {
		if (retptr)
			*retptr = (char *)ptr;
		return 0;
	}
	s += n;
	switch (*s) {
	case 'E':
	case 'e':
		v <<= 10;
		fallthrough;
	case 'P':
	case 'p':
		v <<= 10;
		fallthrough;
	case 'T':
	case 't':
		v <<= 10;
		fallthrough;
	case 'G':
	case 'g':
		v <<= 10;
		fallthrough;
	case 'M':
	case 'm':
		v <<= 10;
		fallthrough;
	case 'K':
	case 'k':
		v <<= 10;
		s++;
		break;
	default:
		break;
	}
	if (retptr)
		*retptr = (char *)s;
	return v;
}

/**
 * int_sqrt - the integer square root, rounded down
 * @x: the value
 */
unsigned long int_sqrt(unsigned long x)
{
	unsigned long b, m, y = 0;

	if (x <= 1)
		return x;
	m = 1UL << (((unsigned int)fls_long(x) - 1) & ~1U);
	while (m != 0) {
		b = y + m;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += m;
		}
		m >>= 2;
	}
	return y;
}
