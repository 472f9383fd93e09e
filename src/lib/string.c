// SPDX-License-Identifier: GPL-2.0
/*
 * lib/string.c - the kernel-only string functions (strscpy, memchr_inv,
 * memzero_explicit, sysfs_streq, skip_spaces, strim).  The C library's
 * own functions (memset, strlen, ...) are not redefined: libukmem lives in
 * a process whose libc provides them, and the freestanding core reaches
 * them only through compiler builtins.
 */
#include <linux/kernel.h>
#include <linux/string.h>

/**
 * strscpy - copy a C string into a sized buffer, always NUL-terminated
 * Return: the length copied, or -E2BIG if @src was truncated
 */
ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t i;

	if (count == 0)
		return -E2BIG;
	for (i = 0; i < count; i++) {
		dest[i] = src[i];
		if (!src[i])
			return (ssize_t)i;
	}
	dest[count - 1] = '\0';
	return -E2BIG;
}

void memzero_explicit(void *s, size_t count)
{
	__builtin_memset(s, 0, count);
	barrier();
}

/**
 * memchr_inv - find the first byte that is not @c
 * Return: its address, or NULL if all @bytes bytes equal @c
 */
void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;
	unsigned char v = (unsigned char)c;
	size_t i = 0;

	/* word at a time once aligned: this checks whole pages */
	while (i < bytes && ((unsigned long)(p + i) & (sizeof(long) - 1)))
		if (p[i++] != v)
			return (void *)(p + i - 1);
	if (i < bytes) {
		unsigned long pattern = v * (~0UL / 0xff);

		for (; i + sizeof(long) <= bytes; i += sizeof(long))
			if (*(const unsigned long *)(const void *)(p + i) != pattern)
				break;
	}
	for (; i < bytes; i++)
		if (p[i] != v)
			return (void *)(p + i);
	return NULL;
}

bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

char *skip_spaces(const char *str)
{
	while (*str == ' ' || *str == '\t' || *str == '\n' || *str == '\r' || *str == '\f' ||
	       *str == '\v')
		str++;
	return (char *)str;
}

char *strim(char *s)
{
	char *end;
	size_t size = 0;

	while (s[size])
		size++;
	if (!size)
		return s;
	end = s + size - 1;
	while (end >= s && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
		end--;
	end[1] = '\0';
	return skip_spaces(s);
}
