/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/kernel.h - the kernel's grab bag.  glibc's <sys/sysinfo.h> includes
 * the UAPI <linux/kernel.h> for struct sysinfo; this header shadows that
 * name, so it pulls the UAPI one in first.
 */
#ifndef UKMEM_LINUX_KERNEL_H
#define UKMEM_LINUX_KERNEL_H

#if defined(__has_include_next)
#if __has_include_next(<linux/kernel.h>)
#include_next <linux/kernel.h>
#define UKMEM_HAVE_UAPI_KERNEL 1
#endif
#endif

#include <stdarg.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/container_of.h>
#include <linux/minmax.h>
#include <linux/log2.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/panic.h>
#include <linux/sprintf.h>

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))
#define __ALIGN_MASK(x, mask) (((x) + (mask)) & ~(mask))
#ifndef ALIGN
#define ALIGN(x, a) __ALIGN_MASK(x, (__typeof__(x))(a)-1)
#endif
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define PTR_ALIGN(p, a) ((__typeof__(p))ALIGN((unsigned long)(p), (a)))
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define round_up(x, y) ((((x)-1) | ((__typeof__(x))((y)-1))) + 1)
#define round_down(x, y) ((x) & ~((__typeof__(x))((y)-1)))
#define roundup(x, y) ((((x) + ((y)-1)) / (y)) * (y))
#define rounddown(x, y) ((x) - ((x) % (y)))
#ifndef BITS_PER_LONG
#define BITS_PER_LONG (8 * (int)sizeof(long))
#endif
#ifndef BITS_PER_BYTE
#define BITS_PER_BYTE 8
#endif
#ifndef BIT
#define BIT(nr) (1UL << (nr))
#endif
#ifndef KB
#define KB (1UL << 10)
#endif
#ifndef SZ_1K
#define SZ_1K 0x400
#endif
#ifndef SZ_4K
#define SZ_4K 0x1000
#endif
#ifndef SZ_1M
#define SZ_1M 0x100000
#endif
#ifndef SZ_2M
#define SZ_2M 0x200000
#endif
#ifndef SZ_16M
#define SZ_16M 0x1000000
#endif
#ifndef SZ_1G
#define SZ_1G 0x40000000UL
#endif
#ifndef U8_MAX
#define U8_MAX ((u8)~0U)
#endif
#ifndef U16_MAX
#define U16_MAX ((u16)~0U)
#endif
#ifndef U32_MAX
#define U32_MAX ((u32)~0U)
#endif
#ifndef U64_MAX
#define U64_MAX ((u64)~0ULL)
#endif
#ifndef INT_MAX
#define INT_MAX ((int)(~0U >> 1))
#endif
#ifndef INT_MIN
#define INT_MIN (-INT_MAX - 1)
#endif
#ifndef UINT_MAX
#define UINT_MAX (~0U)
#endif
#ifndef LONG_MAX
#define LONG_MAX ((long)(~0UL >> 1))
#endif
#ifndef ULONG_MAX
#define ULONG_MAX (~0UL)
#endif
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n) ((u32)((n)&0xffffffff))
#define might_sleep() \
	do {          \
	} while (0)
#define might_sleep_if(c)  \
	do {               \
		(void)(c); \
	} while (0)
#define cond_resched() \
	do {           \
	} while (0)
#define cpu_relax() __builtin_ia32_pause_or_barrier()
#if defined(__x86_64__) || defined(__i386__)
#define __builtin_ia32_pause_or_barrier() __builtin_ia32_pause()
#else
#define __builtin_ia32_pause_or_barrier() barrier()
#endif

#ifndef UKMEM_HAVE_UAPI_KERNEL
/* what si_meminfo() fills; the UAPI <linux/sysinfo.h> layout */
struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
	char _f[20 - 2 * sizeof(unsigned long) - sizeof(unsigned int)];
};
#endif

unsigned long int_sqrt(unsigned long x);
unsigned long long memparse(const char *ptr, char **retptr);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtobool(const char *s, bool *res);
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);

#endif /* UKMEM_LINUX_KERNEL_H */
