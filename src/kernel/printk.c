// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/printk.c - the kernel log: printk(), the log ring, the console,
 * rate limits and _ONCE sites.
 *
 * What it owns: every message of the process goes through vprintk_emit()
 * here.  The message is formatted (lib/vsprintf.c, the kernel's format
 * language) into a 1 KiB buffer on the caller's stack, its level prefixes
 * (KERN_SOH + digit, KERN_CONT) are stripped, and it becomes a record
 * {timestamp, level, text} in a ring of static storage (1 MiB; the oldest
 * records are dropped to make room).  Nothing is allocated, from the
 * machine or from libc, so printing never changes what the machine shows.
 *
 * Records and lines, as the kernel has them: one timestamp per printk()
 * call.  A trailing newline ends the record; newlines inside it make a
 * multi-line record whose every line is printed with the record's
 * timestamp (show_mem's Mem-Info block looks like that in the samples).
 * A message without a trailing newline stays open in a side buffer; a
 * KERN_CONT (pr_cont) message from the same thread appends to it, any other
 * message first closes it.  The open record is visible to ukmem_dmesg() but
 * reaches the console only when closed (the kernel also prints a record to
 * the console once it is final), or when the process exits.
 *
 * Console: records with a level below the console loglevel (7 by default;
 * loglevel=, quiet = 4; an oops raises it to 15) are written line by line,
 * "[%5lu.%06lu] text\n", to stderr or to the hook of ukmem_set_console().
 * ukmem_dmesg() renders all records the same way, whatever their level, as
 * `dmesg` does.
 *
 * Timestamps count from ukmem_boot_ns, the start of the current boot, or
 * from process start before the first boot.
 *
 * Locking: one recursive mutex (printk_lock) guards the ring, the open
 * record and the console, so lines of concurrent messages never interleave.
 * It is recursive so that a message printed while printing (a console hook,
 * a WARN inside the formatter) cannot deadlock; such a nested message is
 * logged but not sent to the console.  fork() handlers keep the lock usable
 * in the child.  ___ratelimit() states use their own trylock word.
 *
 * Differences from Linux: no syslog facilities or /dev/kmsg; no deferred
 * console flushing (the console is written synchronously); the open
 * record is kept per process, not per CPU.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* recursive mutex initialisers */
#endif

/* First: glibc's <sys/cdefs.h> also defines __always_inline. */
#include <linux/compiler.h>

#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include <linux/types.h>
#include <linux/kern_levels.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/once_lite.h>
#include <linux/sched.h>
#include <linux/sprintf.h>
#include <ukmem/printk.h>

#include "kernel/kinternal.h"
#include "platform/plat.h"

#define LOG_BUF_LEN (1u << 20)
#define PRINTK_MESSAGE_MAX 1024 /* one printk() call, as the kernel's record limit */
#define PREFIX_MAX 32

struct rec_hdr {
	u32 size; /* bytes of header + text, rounded up to 8; 0 = wrap marker */
	u16 text_len;
	u8 level;
	u8 pad;
	u64 ts_nsec;
};

#define REC_ALIGN 8u

static _Alignas(8) char log_buf[LOG_BUF_LEN];
static u32 log_head; /* offset of the oldest record */
static u32 log_tail; /* offset where the next record goes */
static u32 log_count; /* records in the ring */

/* The open (unterminated) record that pr_cont() may extend. */
static struct {
	bool active;
	int level;
	int tid;
	u64 ts_nsec;
	size_t len;
	char text[PRINTK_MESSAGE_MAX];
} cont;

static pthread_mutex_t printk_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static int printk_depth; /* nesting of printk_lock on the owning thread */

static int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static const int default_message_loglevel = MESSAGE_LOGLEVEL_DEFAULT;
static ukmem_console_fn console_fn;
static void *console_arg;

static u64 process_start_ns;

static void printk_atfork_prepare(void)
{
	pthread_mutex_lock(&printk_lock);
}

static void printk_atfork_parent(void)
{
	pthread_mutex_unlock(&printk_lock);
}

static void printk_atfork_child(void)
{
	/*
	 * A recursive mutex remembers its owner's thread id, which the
	 * child's thread does not have: unlocking would fail, so start over.
	 */
	static const pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

	printk_depth = 0;
	memcpy(&printk_lock, &fresh, sizeof(fresh));
}

static void printk_flush_on_exit(void);

__attribute__((constructor)) static void printk_init(void)
{
	process_start_ns = plat_clock_ns();
	pthread_atfork(printk_atfork_prepare, printk_atfork_parent, printk_atfork_child);
}

__attribute__((destructor)) static void printk_fini(void)
{
	printk_flush_on_exit();
}

static u64 log_time_ns(void)
{
	u64 now = plat_clock_ns();
	u64 base = process_start_ns;

	if (ukmem_boot_ns && ukmem_boot_ns <= now)
		base = ukmem_boot_ns;
	return now >= base ? now - base : 0;
}

static size_t format_prefix(char *buf, size_t size, u64 ts_nsec)
{
	unsigned long sec = (unsigned long)(ts_nsec / 1000000000ULL);
	unsigned long usec = (unsigned long)((ts_nsec % 1000000000ULL) / 1000ULL);

	return (size_t)scnprintf(buf, size, "[%5lu.%06lu] ", sec, usec);
}

/* ---- the console ---- */

static void console_emit_line(const char *line, size_t len)
{
	if (console_fn)
		console_fn(line, len, console_arg);
	else
		plat_console_write(line, len);
}

/* Every line of a record, with the record's timestamp. Called with printk_lock held. */
static void console_emit(int level, u64 ts_nsec, const char *text, size_t len)
{
	char line[PREFIX_MAX + PRINTK_MESSAGE_MAX + 2];
	size_t prefix_len, pos = 0;

	if (level >= console_loglevel || printk_depth > 1)
		return;
	prefix_len = format_prefix(line, sizeof(line), ts_nsec);
	for (;;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		memcpy(line + prefix_len, text + pos, n);
		line[prefix_len + n] = '\n';
		console_emit_line(line, prefix_len + n + 1);
		if (!nl)
			break;
		pos += n + 1;
	}
}

/* ---- the ring ---- */

static inline struct rec_hdr *rec_at(u32 off)
{
	return (struct rec_hdr *)(void *)(log_buf + off);
}

/* Offset of the record at @off, following a wrap marker or the end of the buffer. */
static inline u32 rec_norm(u32 off)
{
	if (off >= LOG_BUF_LEN || rec_at(off)->size == 0)
		return 0;
	return off;
}

static void drop_oldest(void)
{
	u32 off = rec_norm(log_head);

	log_head = rec_norm(off + rec_at(off)->size);
	if (--log_count == 0)
		log_head = log_tail = 0;
}

/* Whether @size bytes fit at log_tail; wraps log_tail to 0 when that makes room. */
static bool ring_fits(u32 size)
{
	if (log_count == 0) {
		log_head = log_tail = 0;
		return true;
	}
	if (log_tail > log_head) {
		if (LOG_BUF_LEN - log_tail >= size)
			return true;
		if (log_head >= size) {
			if (log_tail < LOG_BUF_LEN)
				rec_at(log_tail)->size = 0; /* wrap marker */
			log_tail = 0;
			return true;
		}
		return false;
	}
	if (log_tail < log_head)
		return log_head - log_tail >= size;
	return false; /* head == tail with records: full */
}

static void ring_store(int level, u64 ts_nsec, const char *text, size_t len)
{
	u32 size;
	struct rec_hdr *h;

	if (len > PRINTK_MESSAGE_MAX)
		len = PRINTK_MESSAGE_MAX;
	size = (u32)((sizeof(*h) + len + REC_ALIGN - 1) & ~(size_t)(REC_ALIGN - 1));
	while (!ring_fits(size))
		drop_oldest();
	h = rec_at(log_tail);
	h->size = size;
	h->text_len = (u16)len;
	h->level = (u8)level;
	h->pad = 0;
	h->ts_nsec = ts_nsec;
	memcpy(h + 1, text, len);
	log_tail += size;
	log_count++;
}

/* A finished record: into the ring and to the console. */
static void log_commit(int level, u64 ts_nsec, const char *text, size_t len)
{
	ring_store(level, ts_nsec, text, len);
	console_emit(level, ts_nsec, text, len);
}

static void cont_flush(void)
{
	if (!cont.active)
		return;
	cont.active = false;
	log_commit(cont.level, cont.ts_nsec, cont.text, cont.len);
}

static void printk_flush_on_exit(void)
{
	pthread_mutex_lock(&printk_lock);
	printk_depth++;
	cont_flush();
	printk_depth--;
	pthread_mutex_unlock(&printk_lock);
}

/* ---- printk ---- */

static int vprintk_emit(const char *fmt, va_list args)
{
	char buf[PRINTK_MESSAGE_MAX + 1];
	const char *text = buf;
	int level = -1;
	bool is_cont = false, newline = false;
	size_t len;
	int tid;

	len = (size_t)vscnprintf(buf, sizeof(buf), fmt, args);

	/* Level and control prefixes, possibly several (KERN_CONT KERN_INFO). */
	while (text[0] == KERN_SOH_ASCII && text[1]) {
		char c = text[1];

		if (c >= '0' && c <= '7') {
			if (level < 0)
				level = c - '0';
		} else if (c == 'c') {
			is_cont = true;
		} else if (c != 'd') {
			break;
		}
		text += 2;
		len -= 2;
	}
	if (len && text[len - 1] == '\n') {
		len--;
		newline = true;
	}

	tid = plat_gettid();
	pthread_mutex_lock(&printk_lock);
	printk_depth++;

	if (is_cont && cont.active && cont.tid == tid) {
		size_t room = sizeof(cont.text) - cont.len;
		size_t n = len < room ? len : room;

		memcpy(cont.text + cont.len, text, n);
		cont.len += n;
		if (newline)
			cont_flush();
	} else {
		u64 ts = log_time_ns();

		cont_flush();
		if (level < 0)
			level = default_message_loglevel;
		if (newline) {
			log_commit(level, ts, text, len);
		} else {
			cont.active = true;
			cont.level = level;
			cont.tid = tid;
			cont.ts_nsec = ts;
			cont.len = len;
			memcpy(cont.text, text, len);
		}
	}

	printk_depth--;
	pthread_mutex_unlock(&printk_lock);
	return (int)len;
}

/**
 * vprintk - print a kernel message from a va_list
 * @fmt: format string, optionally starting with a KERN_* level
 * @args: arguments for the format string
 *
 * Return: the length of the message text stored.
 */
int vprintk(const char *fmt, va_list args)
{
	return vprintk_emit(fmt, args);
}

/**
 * _printk - print a kernel message (called through the printk() macro)
 * @fmt: format string, optionally starting with a KERN_* level
 *
 * Return: the length of the message text stored.
 */
int _printk(const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vprintk_emit(fmt, args);
	va_end(args);
	return r;
}

/**
 * _printk_deferred - printk() for contexts that must not call the console
 *
 * ukmem has no such contexts, so this is printk().
 */
int _printk_deferred(const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vprintk_emit(fmt, args);
	va_end(args);
	return r;
}

/**
 * print_hex_dump - print a buffer as hex dump lines
 * @level: KERN_* level of the lines
 * @prefix_str: text at the start of every line
 * @prefix_type: DUMP_PREFIX_ADDRESS (the line's address, as %p: hashed
 *               unless no_hash_pointers), DUMP_PREFIX_OFFSET ("%.8x: ") or
 *               DUMP_PREFIX_NONE
 * @rowsize: 16 or 32 bytes per line
 * @groupsize: 1, 2, 4 or 8 bytes per group
 * @buf: the data
 * @len: its length
 * @ascii: append the ASCII column
 */
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii)
{
	const u8 *ptr = buf;
	char linebuf[32 * 3 + 2 + 32 + 1];

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += (size_t)rowsize) {
		size_t linelen = len - i < (size_t)rowsize ? len - i : (size_t)rowsize;

		hex_dump_to_buffer(ptr + i, linelen, rowsize, groupsize, linebuf, sizeof(linebuf),
				   ascii);
		switch (prefix_type) {
		case DUMP_PREFIX_ADDRESS:
			printk("%s%s%p: %s\n", level, prefix_str, ptr + i, linebuf);
			break;
		case DUMP_PREFIX_OFFSET:
			printk("%s%s%.8zx: %s\n", level, prefix_str, i, linebuf);
			break;
		default:
			printk("%s%s%s\n", level, prefix_str, linebuf);
			break;
		}
	}
}

/* ---- dmesg ---- */

struct render {
	char *buf;
	size_t size;
	size_t pos;
};

static void render_bytes(struct render *r, const char *s, size_t n)
{
	if (r->pos < r->size) {
		size_t room = r->size - r->pos;

		memcpy(r->buf + r->pos, s, n < room ? n : room);
	}
	r->pos += n;
}

static void render_record(struct render *r, u64 ts_nsec, const char *text, size_t len)
{
	char prefix[PREFIX_MAX];
	size_t prefix_len = format_prefix(prefix, sizeof(prefix), ts_nsec);
	size_t pos = 0;

	for (;;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		render_bytes(r, prefix, prefix_len);
		render_bytes(r, text + pos, n);
		render_bytes(r, "\n", 1);
		if (!nl)
			break;
		pos += n + 1;
	}
}

/**
 * ukmem_dmesg - the kernel log as `dmesg` prints it
 * @buf: where to put it (NUL-terminated when @size is nonzero)
 * @size: size of @buf
 *
 * Every record of the ring, oldest first, each line prefixed with its
 * record's "[    0.123456] " timestamp; an open record (no newline yet)
 * is included.
 *
 * Return: the full length of the log text (snprintf semantics).
 */
ssize_t ukmem_dmesg(char *buf, size_t size)
{
	struct render r = {.buf = buf, .size = size, .pos = 0};
	u32 off;

	pthread_mutex_lock(&printk_lock);
	off = log_head;
	for (u32 i = 0; i < log_count; i++) {
		struct rec_hdr *h;

		off = rec_norm(off);
		h = rec_at(off);
		render_record(&r, h->ts_nsec, (const char *)(h + 1), h->text_len);
		off += h->size;
	}
	if (cont.active)
		render_record(&r, cont.ts_nsec, cont.text, cont.len);
	pthread_mutex_unlock(&printk_lock);

	if (size)
		buf[r.pos < size ? r.pos : size - 1] = '\0';
	return (ssize_t)r.pos;
}

/**
 * ukmem_dmesg_clear - empty the log ring, as `dmesg -C`
 */
void ukmem_dmesg_clear(void)
{
	pthread_mutex_lock(&printk_lock);
	log_head = log_tail = log_count = 0;
	cont.active = false;
	pthread_mutex_unlock(&printk_lock);
}

/**
 * ukmem_set_console - send console lines to @fn instead of stderr
 * @fn: called once per line, timestamp and newline included; NULL = stderr
 * @arg: passed to @fn
 */
void ukmem_set_console(ukmem_console_fn fn, void *arg)
{
	pthread_mutex_lock(&printk_lock);
	console_fn = fn;
	console_arg = arg;
	pthread_mutex_unlock(&printk_lock);
}

int ukmem_console_loglevel(void)
{
	return __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED);
}

void ukmem_set_console_loglevel(int level)
{
	__atomic_store_n(&console_loglevel, level, __ATOMIC_RELAXED);
}

void printk_set_console_loglevel(int level)
{
	ukmem_set_console_loglevel(level);
}

/**
 * console_verbose - let every later message reach the console
 *
 * An oops and a panic call it, so their reports show whatever the
 * loglevel; a console silenced with loglevel 0 stays silent.
 */
void console_verbose(void)
{
	if (ukmem_console_loglevel())
		ukmem_set_console_loglevel(CONSOLE_LOGLEVEL_MOTORMOUTH);
}

/**
 * printk_boot_reset - start the log of a new boot
 *
 * Empties the ring, takes the console loglevel from ukmem_kp (loglevel=,
 * quiet) and the %p hashing policy (ukmem.seed=, no_hash_pointers).  Call it
 * after ukmem_parse_cmdline() and after setting ukmem_boot_ns, before the
 * boot's first message.
 */
void printk_boot_reset(void)
{
	pthread_mutex_lock(&printk_lock);
	printk_depth++;
	cont_flush();
	log_head = log_tail = log_count = 0;
	printk_depth--;
	pthread_mutex_unlock(&printk_lock);

	ukmem_set_console_loglevel(ukmem_kp.console_loglevel > 0 ? ukmem_kp.console_loglevel
								 : CONSOLE_LOGLEVEL_DEFAULT);
	ukmem_vsprintf_boot(ukmem_kp.seed, ukmem_kp.no_hash_pointers);
}

/**
 * ukmem_print_no_hash_pointers_notice - the banner of no_hash_pointers
 *
 * The kernel prints it when the parameter (or slub_debug, which implies
 * it) turns pointer hashing off; boot calls it at that point of its log.
 */
void ukmem_print_no_hash_pointers_notice(void)
{
	static const char *const lines[] = {
		"**********************************************************",
		"**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **",
		"**                                                      **",
		"** This system shows unhashed kernel memory addresses   **",
		"** via the console, logs, and other interfaces. This    **",
		"** might reduce the security of your system.            **",
		"**                                                      **",
		"** If you see this message and you are not debugging    **",
		"** the kernel, report this immediately to your system   **",
		"** administrator!                                       **",
		"**                                                      **",
		"**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **",
		"**********************************************************",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		pr_warn("%s\n", lines[i]);
}

/* ---- _ONCE sites and rate limits ---- */

/**
 * ukmem_once_first - claim a _ONCE site for the current boot
 * @site: the site's state word (static, zero-initialised)
 *
 * Return: true for exactly one caller per site and boot.
 */
bool ukmem_once_first(unsigned long *site)
{
	unsigned long gen = __atomic_load_n(&ukmem_boot_generation, __ATOMIC_RELAXED) + 1;

	if (__atomic_load_n(site, __ATOMIC_RELAXED) == gen)
		return false;
	return __atomic_exchange_n(site, gen, __ATOMIC_ACQ_REL) != gen;
}

/* Jiffies at HZ from the monotonic clock; only differences matter here. */
static unsigned long rl_jiffies(void)
{
	return (unsigned long)(plat_clock_ns() / (1000000000ULL / HZ)) + 1;
}

/**
 * ___ratelimit - whether a rate-limited action may go ahead
 * @rs: the site's state
 * @func: the caller's name, for the "callbacks suppressed" message
 *
 * Return: nonzero if the caller may go ahead, 0 if it is suppressed.
 */
int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	unsigned long gen = __atomic_load_n(&ukmem_boot_generation, __ATOMIC_RELAXED) + 1;
	int interval = rs->interval, burst = rs->burst;
	unsigned long now;
	int ret;

	if (!interval)
		return 1;
	/* A contended state suppresses, as the kernel's trylock does. */
	if (__atomic_exchange_n(&rs->lock, 1, __ATOMIC_ACQUIRE))
		return 0;

	if (rs->gen != gen) {
		rs->gen = gen;
		rs->begin = 0;
		rs->printed = 0;
		rs->missed = 0;
	}
	now = rl_jiffies();
	if (!rs->begin)
		rs->begin = now;
	if ((long)(now - (rs->begin + (unsigned long)interval)) > 0) {
		if (rs->missed && !(rs->flags & RATELIMIT_MSG_ON_RELEASE)) {
			printk_deferred(KERN_WARNING "%s: %d callbacks suppressed\n", func,
					rs->missed);
			rs->missed = 0;
		}
		rs->begin = now;
		rs->printed = 0;
	}
	if (burst && burst > rs->printed) {
		rs->printed++;
		ret = 1;
	} else {
		rs->missed++;
		ret = 0;
	}
	__atomic_store_n(&rs->lock, 0, __ATOMIC_RELEASE);
	return ret;
}

/**
 * ratelimit_state_exit - report what a RATELIMIT_MSG_ON_RELEASE state suppressed
 * @rs: the state
 */
void ratelimit_state_exit(struct ratelimit_state *rs)
{
	if (!(rs->flags & RATELIMIT_MSG_ON_RELEASE))
		return;
	if (rs->missed) {
		pr_warn("%s: %d output lines suppressed due to ratelimiting\n", current->comm,
			rs->missed);
		rs->missed = 0;
	}
}

static DEFINE_RATELIMIT_STATE(printk_ratelimit_state, 5 * HZ, 10);

/**
 * __printk_ratelimit - the global printk rate limit (printk_ratelimit())
 * @func: the caller's name
 *
 * Return: nonzero if the caller may print.
 */
int __printk_ratelimit(const char *func)
{
	return ___ratelimit(&printk_ratelimit_state, func);
}

/* ---- the oops handler's records [vmoops] ---- */

/**
 * ukmem_printk_store_nowait - add a record to the log ring from a signal handler
 * @level: its level
 * @ts_nsec: its timestamp, as log_time_ns() gives it
 * @text: the text, without newline
 * @len: its length
 *
 * For kernel/traps.c's page-fault oops, which writes its console lines
 * itself: the ring gets the same lines, so dmesg holds the oops as the
 * kernel's does.  Never waits and never reaches the console; nothing is
 * stored while the lock is busy, or held by this very thread (which then
 * faulted inside printk).
 *
 * Return: true if the record was stored.
 */
bool ukmem_printk_store_nowait(int level, u64 ts_nsec, const char *text, size_t len)
{
	bool ok;

	if (pthread_mutex_trylock(&printk_lock) != 0)
		return false;
	ok = printk_depth == 0;
	if (ok)
		ring_store(level, ts_nsec, text, len);
	pthread_mutex_unlock(&printk_lock);
	return ok;
}
