/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/string.h - the kernel's string API.  The plain C functions are
 * declared with the prototypes glibc uses, so this header and <string.h>
 * may both be included in either order; the kernel-only ones (strscpy,
 * memzero_explicit, ...) are implemented by libukmem.
 */
#ifndef UKMEM_LINUX_STRING_H
#define UKMEM_LINUX_STRING_H

#include <linux/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
int memcmp(const void *s1, const void *s2, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *s1, const char *s2);
int strncmp(const char *s1, const char *s2, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strcpy(char *dest, const char *src);
char *strncpy(char *dest, const char *src, size_t n);
char *strcat(char *dest, const char *src);

ssize_t strscpy(char *dest, const char *src, size_t count);
void memzero_explicit(void *s, size_t count);
void *memchr_inv(const void *start, int c, size_t bytes);
bool sysfs_streq(const char *s1, const char *s2);
char *skip_spaces(const char *str);
char *strim(char *s);

#endif
