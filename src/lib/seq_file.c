// SPDX-License-Identifier: GPL-2.0
/*
 * lib/seq_file.c - output of the /proc, /sys and debugfs views.
 *
 * What it owns: the formatting half of the kernel's seq_file (seq_printf,
 * seq_puts, seq_putc, seq_write, seq_put_decimal_*) writing into one
 * caller-supplied buffer.
 *
 * Algorithm: the view writes its text front to back.  Every piece is
 * appended at @count while room is left and @count then grows by the
 * piece's full length whether or not it fitted, exactly as vsnprintf
 * counts; text past @size is dropped.  The caller therefore gets the
 * first size-1 bytes of the view, NUL-terminated, and its full length:
 * snprintf semantics, so a reader can size a buffer from a first call
 * with size 0.  Because every piece is a prefix-preserving append, a
 * truncated buffer is always a prefix of the complete text.
 *
 * Invariants: buf[0 .. min(count, size)) holds the text written so far;
 * buf[size] is reserved for the NUL.  Nothing here allocates or locks:
 * the seq_file lives on the reader's stack, and the view's locking is the
 * view's business.
 *
 * Where it differs from Linux: the kernel allocates a page-sized buffer,
 * detects overflow and re-runs the view with a bigger one, and reads are
 * resumable at an offset.  Here the view runs once into the caller's
 * buffer (views must not allocate from the machine they describe), so
 * there is no offset and no retry; the caller retries with the length it
 * was told.
 */
#include <stdarg.h>
#include <stddef.h>
#include <linux/seq_file.h>
#include <linux/sprintf.h>

void ukmem_seq_init(struct seq_file *m, char *buf, size_t size, void *private)
{
	m->buf = buf;
	m->size = (buf && size) ? size - 1 : 0;
	m->count = 0;
	m->private = private;
	if (buf && size)
		buf[0] = '\0';
}

size_t ukmem_seq_finish(struct seq_file *m)
{
	if (m->buf) {
		size_t end = m->count < m->size ? m->count : m->size;

		m->buf[end] = '\0';
	}
	return m->count;
}

/* Room left for text, not counting the reserved NUL byte. */
static size_t seq_room(const struct seq_file *m)
{
	return m->count < m->size ? m->size - m->count : 0;
}

/**
 * seq_vprintf - append formatted text to a view
 * @m: the view's output
 * @fmt: a kernel format string (the %p extensions included)
 * @args: its arguments
 */
void seq_vprintf(struct seq_file *m, const char *fmt, va_list args)
{
	size_t room = seq_room(m);
	char dummy;
	int len;

	if (room)
		/* room + 1: the formatter's own NUL lands on the reserved byte at worst */
		len = ukmem_vsnprintf(m->buf + m->count, room + 1, fmt, args);
	else
		len = ukmem_vsnprintf(&dummy, 0, fmt, args);
	if (len > 0)
		m->count += (size_t)len;
}

/**
 * seq_printf - append formatted text to a view
 * @m: the view's output
 * @fmt: a kernel format string
 */
void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	seq_vprintf(m, fmt, args);
	va_end(args);
}

/**
 * seq_write - append raw bytes to a view
 * @m: the view's output
 * @data: the bytes
 * @len: how many
 *
 * Return: 0, or -1 when they did not all fit (they are counted anyway).
 */
int seq_write(struct seq_file *m, const void *data, size_t len)
{
	size_t room = seq_room(m);
	size_t n = len < room ? len : room;

	if (n)
		__builtin_memcpy(m->buf + m->count, data, n);
	m->count += len;
	return n == len ? 0 : -1;
}

/**
 * seq_puts - append a string to a view
 * @m: the view's output
 * @s: the string
 */
void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, __builtin_strlen(s));
}

/**
 * seq_putc - append one character to a view
 * @m: the view's output
 * @c: the character
 */
void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

/**
 * seq_put_decimal_ull_width - append a delimiter and a right-aligned number
 * @m: the view's output
 * @delimiter: text before the number ("" for none)
 * @num: the number
 * @width: minimum columns for the number, padded with spaces on the left
 *
 * /proc/meminfo's "MemTotal:       972084 kB" is built from this.
 */
void seq_put_decimal_ull_width(struct seq_file *m, const char *delimiter, unsigned long long num,
			       unsigned int width)
{
	char digits[24];
	int n = 0;

	if (delimiter && delimiter[0])
		seq_puts(m, delimiter);
	do {
		digits[n++] = (char)('0' + num % 10);
		num /= 10;
	} while (num);
	while (width > (unsigned int)n) {
		seq_putc(m, ' ');
		width--;
	}
	while (n)
		seq_putc(m, digits[--n]);
}

/**
 * seq_put_decimal_ull - append a delimiter and a number
 * @m: the view's output
 * @delimiter: text before the number ("" for none)
 * @num: the number
 */
void seq_put_decimal_ull(struct seq_file *m, const char *delimiter, unsigned long long num)
{
	seq_put_decimal_ull_width(m, delimiter, num, 0);
}

/**
 * seq_put_decimal_ll - append a delimiter and a signed number
 * @m: the view's output
 * @delimiter: text before the number ("" for none)
 * @num: the number
 */
void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num)
{
	if (delimiter && delimiter[0])
		seq_puts(m, delimiter);
	if (num < 0) {
		seq_putc(m, '-');
		seq_put_decimal_ull(m, "", 0ULL - (unsigned long long)num);
	} else {
		seq_put_decimal_ull(m, "", (unsigned long long)num);
	}
}
