/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/seq_file.h - formatted output of a /proc, /sys or debugfs view.
 *
 * The kernel's seq_file iterates a view in pages it allocates and retries
 * with a bigger buffer on overflow.  ukmem's views allocate nothing from the
 * machine (looking must not change what is seen), so a seq_file here writes
 * into the caller's buffer once, with snprintf semantics: @count keeps
 * growing past @size, the text beyond @size is dropped, and the caller
 * learns the full length from @count.  The kernel's output functions keep
 * their names and signatures, so show functions read as the kernel's do.
 */
#ifndef UKMEM_LINUX_SEQ_FILE_H
#define UKMEM_LINUX_SEQ_FILE_H

#include <stdarg.h>
#include <linux/types.h>
#include <linux/compiler.h>

struct seq_file {
	char *buf; /* the caller's buffer (may be NULL when size is 0) */
	size_t size; /* bytes of buf that text may occupy */
	size_t count; /* length of the whole output so far; may exceed size */
	void *private; /* the view's data, as the kernel's m->private */
};

/*
 * ukmem_seq_init - start output into @buf of @size bytes.  The last byte
 * is kept for the terminating NUL that ukmem_seq_finish() writes, so the
 * caller's buffer always ends up a C string (as snprintf leaves it).
 */
void ukmem_seq_init(struct seq_file *m, char *buf, size_t size, void *private);
/* ukmem_seq_finish - NUL-terminate and return the full length of the output. */
size_t ukmem_seq_finish(struct seq_file *m);

__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);
__printf(2, 0) void seq_vprintf(struct seq_file *m, const char *fmt, va_list args);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
/* Returns 0, or -1 when the text did not fit (it still counts in @count). */
int seq_write(struct seq_file *m, const void *data, size_t len);
/* @delimiter then @num in decimal, right-aligned in @width columns. */
void seq_put_decimal_ull_width(struct seq_file *m, const char *delimiter, unsigned long long num,
			       unsigned int width);
void seq_put_decimal_ull(struct seq_file *m, const char *delimiter, unsigned long long num);
void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num);

/* True once output has been dropped for lack of room. */
static inline bool seq_has_overflowed(const struct seq_file *m)
{
	return m->count > m->size;
}

#endif /* UKMEM_LINUX_SEQ_FILE_H */
