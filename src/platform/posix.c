// SPDX-License-Identifier: GPL-2.0
/*
 * platform/posix.c - the platform contract (plat.h) for Linux and glibc.
 *
 * What it owns: every system call of ukmem.
 *
 * Physical memory is a memfd (MFD_CLOEXEC) of the machine's size; pages
 * never touched are holes and cost the host nothing.  The handle is the
 * file descriptor.  Address space comes from plat_reserve(): an
 * inaccessible, unreserved anonymous mapping, tried at the preferred
 * address with MAP_FIXED_NOREPLACE (the result is compared with the hint,
 * since a kernel older than 4.17 ignores the flag and places it anywhere),
 * otherwise anywhere.  plat_map_phys() maps a range of the memfd with
 * MAP_SHARED|MAP_FIXED over part of such a reservation (never elsewhere:
 * the caller guarantees it), and plat_unmap_phys() puts an inaccessible
 * anonymous mapping back, so the reservation keeps its range.
 *
 * The mapping registry: each live plat_map_phys() range is recorded as
 * (addr, len, fd, off, prot) in a red-black tree by address (lib/rbtree.c),
 * so recording and forgetting a range cost O(log n) with tens of thousands
 * of vmalloc areas.  Records come from a free list carved out of 64 KiB
 * anonymous mmaps that are kept for good (never the machine's memory,
 * never malloc: the registry is touched in fork handlers and read in the
 * fault handler).  Adjacent records that continue each other in address
 * and file offset are merged, as the kernel merges VMAs; unmapping part of
 * a record trims or splits it.  Records never overlap, so trimming a
 * record's front keeps the tree ordered.
 *
 * Faults: plat_fault_handler_install() puts one SA_SIGINFO|SA_ONSTACK|
 * SA_NODEFER handler on SIGSEGV and SIGBUS, remembering the actions it
 * replaced, and gives the calling thread an alternate stack if it has none
 * (so a stack overflow still reaches the handler).  The handler turns the
 * siginfo and ucontext into a struct plat_fault and asks the callback;
 * a fault the callback does not claim, and any signal sent by kill(), goes
 * to the previous action (called directly when it is a function, so ours
 * stays installed; otherwise the previous action is put back and the fault
 * repeats under it).  A claimed fault also puts the previous actions back
 * and returns, so the instruction faults again and the process dies of
 * the original signal (or ASan, libFuzzer, a debugger take it).  Inside
 * the handler the symbol lookups use only tables loaded at install and
 * never wait for sym_lock; a second fault on the same thread while the
 * handler runs writes one line and aborts.
 *
 * fork(): a MAP_SHARED mapping of a memfd would be shared with the child,
 * which would then scribble on the parent's machine.  So plat_atfork()
 * wraps the caller's hooks into one pthread_atfork() registration:
 * prepare runs the caller's prepare (ukmem's locks are then held and
 * memory is quiescent), takes the registry lock and copies each memfd's
 * data ranges (SEEK_DATA/SEEK_HOLE; copy_file_range, or pread/pwrite where
 * that is refused) into a fresh memfd.  The child handler dup3()s each
 * copy over the original descriptor number (so the handle stays valid and
 * the parent's file is closed in the child) and maps every record again,
 * MAP_FIXED at the same address with the same protection, from the copy.
 * The parent handler closes the copies.  The child thus owns a private
 * copy of physical memory, as a process's private memory is copied at
 * fork; holes stay holes.
 *
 * Symbols: plat_symbolize() finds the object containing an address with
 * dl_iterate_phdr(), reads that object's ELF file with libelf (.symtab,
 * which has static functions, and .dynsym), keeps its function symbols in
 * an address-sorted array (one per object, cached until
 * plat_symbols_invalidate()), and binary-searches it.  Only a symbol whose
 * [start, start+size) covers the address counts, so PLT stubs and stripped
 * code resolve to nothing.  Objects other than libukmem and the main
 * executable carry a module name: the file name up to ".so".
 *
 * Locking: reg_lock guards the registry and the fork copies; sym_lock the
 * symbol caches; the once lock is a recursive mutex of its own.  The fault
 * handler takes neither: it uses trylock and gives up when they are busy.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

/* First: glibc's <sys/cdefs.h> also defines __always_inline. */
#include <linux/compiler.h>

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/rbtree.h>

#include "platform/plat.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

_Static_assert(sizeof(pthread_mutex_t) <= sizeof(struct plat_mutex), "plat_mutex too small");
_Static_assert(_Alignof(pthread_mutex_t) <= _Alignof(struct plat_mutex), "plat_mutex alignment");
_Static_assert(sizeof(pthread_cond_t) <= sizeof(struct plat_cond), "plat_cond too small");
_Static_assert(_Alignof(pthread_cond_t) <= _Alignof(struct plat_cond), "plat_cond alignment");

/* ======================================================================
 * The mapping registry
 * ====================================================================== */

struct map_rec {
	struct rb_node node; /* in reg_root, by address; next free record when free */
	uintptr_t addr;
	size_t len;
	uint64_t off;
	int fd;
	int prot;
};

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rb_root reg_root = RB_ROOT;
static size_t reg_nr;
static struct map_rec *rec_free; /* linked through node.rb_left */

#define MAX_PHYS 16
static struct {
	int fd; /* -1: free slot */
	int copy_fd; /* the child's copy during a fork */
} phys[MAX_PHYS] = {[0 ... MAX_PHYS - 1] = {-1, -1}};

#define REC_CHUNK (64UL << 10)

static inline struct map_rec *rec_of(struct rb_node *n)
{
	return n ? rb_entry(n, struct map_rec, node) : NULL;
}

static inline uintptr_t rec_end(const struct map_rec *r)
{
	return r->addr + r->len;
}

/* A record from the pool; chunks come from mmap and are kept for good. */
static struct map_rec *rec_alloc(void)
{
	struct map_rec *r = rec_free;

	if (!r) {
		void *p = mmap(NULL, REC_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		struct map_rec *recs = p;

		if (p == MAP_FAILED)
			return NULL;
		for (size_t i = 0; i < REC_CHUNK / sizeof(*recs); i++) {
			recs[i].node.rb_left = rec_free ? &rec_free->node : NULL;
			rec_free = &recs[i];
		}
		r = rec_free;
	}
	rec_free = rec_of(r->node.rb_left);
	memset(r, 0, sizeof(*r));
	return r;
}

static void rec_release(struct map_rec *r)
{
	r->node.rb_left = rec_free ? &rec_free->node : NULL;
	rec_free = r;
}

static void rec_erase(struct map_rec *r)
{
	rb_erase(&r->node, &reg_root);
	reg_nr--;
	rec_release(r);
}

/* First record whose end lies above @addr, or NULL. */
static struct map_rec *reg_lower_bound(uintptr_t addr)
{
	struct rb_node *n = reg_root.rb_node;
	struct map_rec *best = NULL;

	while (n) {
		struct map_rec *r = rec_of(n);

		if (rec_end(r) > addr) {
			best = r;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

/* Link a record whose range overlaps no other. */
static void reg_link(struct map_rec *r)
{
	struct rb_node **link = &reg_root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = r->addr < rec_of(parent)->addr ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&r->node, parent, link);
	rb_insert_color(&r->node, &reg_root);
	reg_nr++;
}

/* Forget [addr, addr+len), trimming or splitting records that straddle it. */
static bool reg_remove(uintptr_t addr, size_t len)
{
	uintptr_t end = addr + len;
	struct map_rec *r = reg_lower_bound(addr);

	while (r && r->addr < end) {
		struct map_rec *next = rec_of(rb_next(&r->node));

		if (r->addr < addr && rec_end(r) > end) {
			/* The range is inside one record: split it in two. */
			struct map_rec *right = rec_alloc();

			if (!right)
				return false;
			*right = *r;
			right->addr = end;
			right->off = r->off + (end - r->addr);
			right->len = rec_end(r) - end;
			r->len = addr - r->addr;
			reg_link(right);
			return true;
		}
		if (r->addr < addr) {
			r->len = addr - r->addr;
		} else if (rec_end(r) > end) {
			/* Trimming the front keeps the order: ranges never overlap. */
			r->off += end - r->addr;
			r->len = rec_end(r) - end;
			r->addr = end;
		} else {
			rec_erase(r);
		}
		r = next;
	}
	return true;
}

static bool rec_continues(const struct map_rec *a, const struct map_rec *b)
{
	return a->addr + a->len == b->addr && a->fd == b->fd && a->prot == b->prot &&
	       a->off + a->len == b->off;
}

/* Record a new range; the range is free of records (reg_remove() first). */
static bool reg_insert(const struct map_rec *r)
{
	struct map_rec *next = reg_lower_bound(r->addr);
	struct map_rec *prev = rec_of(next ? rb_prev(&next->node) : rb_last(&reg_root));
	struct map_rec *n;

	if (prev && rec_continues(prev, r)) {
		prev->len += r->len;
		if (next && rec_continues(prev, next)) {
			prev->len += next->len;
			rec_erase(next);
		}
		return true;
	}
	if (next && rec_continues(r, next)) {
		next->addr = r->addr;
		next->off = r->off;
		next->len += r->len;
		return true;
	}
	n = rec_alloc();
	if (!n)
		return false;
	n->addr = r->addr;
	n->len = r->len;
	n->off = r->off;
	n->fd = r->fd;
	n->prot = r->prot;
	reg_link(n);
	return true;
}

static void reg_remove_fd(int fd)
{
	struct map_rec *r = rec_of(rb_first(&reg_root));

	while (r) {
		struct map_rec *next = rec_of(rb_next(&r->node));

		if (r->fd == fd)
			rec_erase(r);
		r = next;
	}
}

/**
 * plat_mapping_lookup - what the registry records at an address
 * @addr: the address
 * @off: set to the physical object's offset mapped there
 * @writable: set to whether the mapping is writable
 *
 * Never waits for the registry lock (it runs in the fault handler).
 *
 * Return: true if a record covers @addr.
 */
bool plat_mapping_lookup(unsigned long addr, uint64_t *off, bool *writable)
{
	struct map_rec *r;
	bool found = false;

	if (pthread_mutex_trylock(&reg_lock) != 0)
		return false;
	r = reg_lower_bound(addr);
	if (r && r->addr <= addr) {
		*off = r->off + (addr - r->addr);
		*writable = r->prot & PROT_WRITE;
		found = true;
	}
	pthread_mutex_unlock(&reg_lock);
	return found;
}

/* ======================================================================
 * Physical memory and address space
 * ====================================================================== */

/**
 * plat_phys_create - create the physical-memory object
 * @size: its size in bytes
 *
 * Return: a handle (the memfd) >= 0, or a negative errno.
 */
int plat_phys_create(uint64_t size)
{
	int fd = memfd_create("ukmem-phys", MFD_CLOEXEC);
	int slot = -1;

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	pthread_mutex_lock(&reg_lock);
	for (int i = 0; i < MAX_PHYS; i++) {
		if (phys[i].fd < 0) {
			phys[i].fd = fd;
			slot = i;
			break;
		}
	}
	pthread_mutex_unlock(&reg_lock);
	if (slot < 0) {
		close(fd);
		return -EMFILE;
	}
	return fd;
}

/**
 * plat_phys_destroy - close the physical-memory object
 * @handle: from plat_phys_create()
 *
 * Its mappings should be gone already; any record left is forgotten.
 */
void plat_phys_destroy(int handle)
{
	if (handle < 0)
		return;
	pthread_mutex_lock(&reg_lock);
	reg_remove_fd(handle);
	for (int i = 0; i < MAX_PHYS; i++)
		if (phys[i].fd == handle)
			phys[i].fd = -1;
	pthread_mutex_unlock(&reg_lock);
	close(handle);
}

/**
 * plat_reserve - reserve inaccessible address space
 * @hint: the preferred address, or NULL
 * @len: bytes
 * @at_hint: set to whether the reservation is at @hint
 *
 * Return: the reservation, or NULL.
 */
void *plat_reserve(void *hint, size_t len, bool *at_hint)
{
	const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	void *p;

	if (at_hint)
		*at_hint = false;
	if (len > PLAT_VALGRIND_MAX_RESERVE && plat_valgrind_running())
		return NULL; /* memcheck's shadow of a huge reservation would not fit */
#ifdef UKMEM_PLAT_TSAN
	/* ThreadSanitizer's mmap() turns a hint outside its application
	 * ranges into NULL, which MAP_FIXED_NOREPLACE then maps at address 0
	 * (as root) and TSan aborts: take what the kernel gives instead. */
	hint = NULL;
#endif
	if (hint) {
		p = mmap(hint, len, PROT_NONE, flags | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == hint) {
			if (at_hint)
				*at_hint = true;
			return p;
		}
		/* A kernel that ignores MAP_FIXED_NOREPLACE put it elsewhere. */
		if (p != MAP_FAILED)
			munmap(p, len);
	}
	p = mmap(NULL, len, PROT_NONE, flags, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/**
 * plat_reserve_aligned - plat_reserve(), and where the hint is not free, a
 *	reservation aligned to @align (a power of two) all the same
 * @hint: the preferred address (aligned to @align)
 * @len: bytes
 * @align: the alignment the start must keep
 * @at_hint: set to whether the hint was honoured
 *
 * The direct map keeps the kernel's promise that a 2^n-page block is
 * 2^n-page aligned in virtual memory too (kmalloc's natural alignment)
 * only if its start is aligned to the largest block.
 *
 * Return: the reservation, or NULL.
 */
void *plat_reserve_aligned(void *hint, size_t len, size_t align, bool *at_hint)
{
	uintptr_t start, end;
	char *p = plat_reserve(hint, len, at_hint);

	if (!p || !((uintptr_t)p & (align - 1)))
		return p;
	/* over-reserve by the alignment and trim both ends */
	munmap(p, len);
	p = mmap(NULL, len + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	start = ((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1);
	end = start + len;
	if (start > (uintptr_t)p)
		munmap(p, start - (uintptr_t)p);
	if ((uintptr_t)p + len + align > end)
		munmap((void *)end, (uintptr_t)p + len + align - end);
	return (void *)start;
}

/**
 * plat_unreserve - give back a reservation and whatever is mapped in it
 * @addr: from plat_reserve()
 * @len: its length
 */
void plat_unreserve(void *addr, size_t len)
{
	if (!addr)
		return;
	pthread_mutex_lock(&reg_lock);
	reg_remove((uintptr_t)addr, len);
	munmap(addr, len);
	pthread_mutex_unlock(&reg_lock);
}

/**
 * plat_map_phys - map part of the physical object into a reservation
 * @handle: the physical object
 * @addr: where, inside ukmem's own reservation
 * @off: offset in the object
 * @len: bytes
 * @writable: read-write, else read-only
 *
 * Return: 0 or a negative errno.
 */
int plat_map_phys(int handle, void *addr, uint64_t off, size_t len, bool writable)
{
	struct map_rec r = {
		.addr = (uintptr_t)addr,
		.len = len,
		.off = off,
		.fd = handle,
		.prot = PROT_READ | (writable ? PROT_WRITE : 0),
	};
	void *p;
	int err = 0;

	pthread_mutex_lock(&reg_lock);
	p = mmap(addr, len, r.prot, MAP_SHARED | MAP_FIXED, handle, (off_t)off);
	if (p == MAP_FAILED) {
		err = -errno;
	} else if (!reg_remove(r.addr, len) || !reg_insert(&r)) {
		/* Without a record the child of a fork would share it: refuse. */
		mmap(addr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
		     -1, 0);
		err = -ENOMEM;
	}
	pthread_mutex_unlock(&reg_lock);
	return err;
}

/**
 * plat_unmap_phys - make part of a reservation inaccessible again
 * @addr: start
 * @len: bytes
 *
 * Return: 0 or a negative errno.
 */
int plat_unmap_phys(void *addr, size_t len)
{
	void *p;
	int err = 0;

	pthread_mutex_lock(&reg_lock);
	p = mmap(addr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
		 0);
	if (p == MAP_FAILED)
		err = -errno;
	else if (!reg_remove((uintptr_t)addr, len))
		err = -ENOMEM;
	pthread_mutex_unlock(&reg_lock);
	return err;
}

/**
 * plat_map_anon - private zeroed memory for metadata
 * @len: bytes
 *
 * Return: the memory, or NULL.
 */
void *plat_map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void plat_unmap_anon(void *addr, size_t len)
{
	if (addr)
		munmap(addr, len);
}

/**
 * plat_scratch_get - @s's buffer, at least @len bytes, its first @len zeroed
 * @s: the buffer's record
 * @len: bytes wanted
 *
 * Return: the buffer, or NULL (no host memory for a larger one: the old
 * one is kept).
 */
void *plat_scratch_get(struct plat_scratch *s, size_t len)
{
	void *buf;

	if (len <= s->bytes) {
		memset(s->buf, 0, len);
		return s->buf;
	}
	buf = plat_map_anon(len); /* zeroed */
	if (!buf)
		return NULL;
	plat_unmap_anon(s->buf, s->bytes);
	s->buf = buf;
	s->bytes = len;
	return buf;
}

/**
 * plat_max_map_count - the host's vm.max_map_count
 *
 * Return: its value, or 65530 if it cannot be read.
 */
unsigned long plat_max_map_count(void)
{
	char buf[32];
	unsigned long v = 65530;
	int fd = open("/proc/sys/vm/max_map_count", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return v;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		char *end;
		unsigned long x;

		buf[n] = '\0';
		x = strtoul(buf, &end, 10);
		if (end != buf && x)
			v = x;
	}
	return v;
}

/* ======================================================================
 * fork
 * ====================================================================== */

static void (*hook_prepare)(void);
static void (*hook_parent)(void);
static void (*hook_child)(void);
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static char copy_buf[1 << 16];

static bool copy_range_rw(int from, int to, off_t pos, off_t end)
{
	while (pos < end) {
		size_t want = (size_t)(end - pos) < sizeof(copy_buf) ? (size_t)(end - pos)
								     : sizeof(copy_buf);
		ssize_t n = pread(from, copy_buf, want, pos);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = pwrite(to, copy_buf + done, (size_t)(n - done), pos + done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return false;
			done += w;
		}
		pos += n;
	}
	return true;
}

static bool copy_range(int from, int to, off_t pos, off_t end)
{
	off_t in = pos, out = pos;

	while (in < end) {
		ssize_t n = copy_file_range(from, &in, to, &out, (size_t)(end - in), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return copy_range_rw(from, to, in, end);
	}
	return true;
}

/* A new memfd with the data of @fd (holes stay holes), or -1. */
static int copy_memfd(int fd)
{
	off_t size = lseek(fd, 0, SEEK_END);
	off_t pos = 0;
	int nfd;

	/* (lseek rather than fstat: <sys/stat.h> drags in UAPI headers.) */
	if (size < 0)
		return -1;
	nfd = memfd_create("ukmem-phys", MFD_CLOEXEC);
	if (nfd < 0)
		return -1;
	if (ftruncate(nfd, size) < 0)
		goto fail;
	while (pos < size) {
		off_t data = lseek(fd, pos, SEEK_DATA);
		off_t hole;

		if (data < 0) {
			if (errno == ENXIO)
				break; /* no data after pos */
			/* No SEEK_DATA: copy everything that is left. */
			if (!copy_range(fd, nfd, pos, size))
				goto fail;
			break;
		}
		hole = lseek(fd, data, SEEK_HOLE);
		if (hole < 0 || hole > size)
			hole = size;
		if (!copy_range(fd, nfd, data, hole))
			goto fail;
		pos = hole;
	}
	return nfd;
fail:
	close(nfd);
	return -1;
}

static void atfork_prepare(void)
{
	if (hook_prepare)
		hook_prepare();
	pthread_mutex_lock(&reg_lock);
	for (int i = 0; i < MAX_PHYS; i++) {
		phys[i].copy_fd = -1;
		if (phys[i].fd >= 0) {
			phys[i].copy_fd = copy_memfd(phys[i].fd);
			if (phys[i].copy_fd < 0) {
				static const char msg[] =
					"ukmem: fork: cannot copy physical memory; the child shares it\n";

				plat_console_write(msg, sizeof(msg) - 1);
			}
		}
	}
}

static void atfork_parent(void)
{
	for (int i = 0; i < MAX_PHYS; i++) {
		if (phys[i].copy_fd >= 0)
			close(phys[i].copy_fd);
		phys[i].copy_fd = -1;
	}
	pthread_mutex_unlock(&reg_lock);
	if (hook_parent)
		hook_parent();
}

static void once_lock_reinit_child(void);

static void atfork_child(void)
{
	for (int i = 0; i < MAX_PHYS; i++) {
		if (phys[i].copy_fd < 0)
			continue;
		/* The copy takes the original's descriptor number: handles stay valid. */
		if (dup3(phys[i].copy_fd, phys[i].fd, O_CLOEXEC) < 0) {
			close(phys[i].copy_fd);
			phys[i].copy_fd = -1;
			continue;
		}
		close(phys[i].copy_fd);
	}
	for (struct rb_node *n = rb_first(&reg_root); n; n = rb_next(n)) {
		const struct map_rec *r = rec_of(n);
		bool copied = false;

		for (int i = 0; i < MAX_PHYS; i++)
			if (phys[i].fd == r->fd && phys[i].copy_fd >= 0)
				copied = true;
		if (copied)
			mmap((void *)r->addr, r->len, r->prot, MAP_SHARED | MAP_FIXED, r->fd,
			     (off_t)r->off);
	}
	for (int i = 0; i < MAX_PHYS; i++)
		phys[i].copy_fd = -1;
	pthread_mutex_unlock(&reg_lock);
	once_lock_reinit_child();
	if (hook_child)
		hook_child();
}

static void atfork_register(void)
{
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

/**
 * plat_atfork - hooks around fork(), and the child's private copy of memory
 * @prepare: run in the parent before fork (take the machine's locks)
 * @parent: run in the parent after fork
 * @child: run in the child after its memory has been re-pointed at its copy
 *
 * A later call replaces the hooks.
 */
void plat_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
	pthread_mutex_lock(&reg_lock);
	hook_prepare = prepare;
	hook_parent = parent;
	hook_child = child;
	pthread_mutex_unlock(&reg_lock);
	pthread_once(&atfork_once, atfork_register);
}

/* ======================================================================
 * Time, identity, console
 * ====================================================================== */

uint64_t plat_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int plat_getpid(void)
{
	return (int)getpid();
}

int plat_gettid(void)
{
	return (int)syscall(SYS_gettid);
}

/**
 * plat_thread_name - the calling thread's name
 * @buf: where to put it, NUL-terminated
 * @size: size of @buf
 */
void plat_thread_name(char *buf, size_t size)
{
	char name[64] = "";

	if (!size)
		return;
	if (pthread_getname_np(pthread_self(), name, sizeof(name)) != 0 || !name[0]) {
		int fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);

		name[0] = '\0';
		if (fd >= 0) {
			ssize_t n = read(fd, name, sizeof(name) - 1);

			close(fd);
			if (n > 0) {
				name[n] = '\0';
				name[strcspn(name, "\n")] = '\0';
			}
		}
	}
	snprintf(buf, size, "%s", name);
}

/**
 * plat_console_write - write console text to stderr
 * @buf: the text
 * @len: its length
 */
void plat_console_write(const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(STDERR_FILENO, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

const char *plat_getenv(const char *name)
{
	return getenv(name);
}

_Noreturn void plat_abort(void)
{
	abort();
}

void plat_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/* ======================================================================
 * Locks and waiting
 * ====================================================================== */

void plat_mutex_init(struct plat_mutex *m)
{
	pthread_mutex_init((pthread_mutex_t *)(void *)m->opaque, NULL);
}

void plat_mutex_destroy(struct plat_mutex *m)
{
	pthread_mutex_destroy((pthread_mutex_t *)(void *)m->opaque);
}

void plat_mutex_lock(struct plat_mutex *m)
{
	pthread_mutex_lock((pthread_mutex_t *)(void *)m->opaque);
}

bool plat_mutex_trylock(struct plat_mutex *m)
{
	return pthread_mutex_trylock((pthread_mutex_t *)(void *)m->opaque) == 0;
}

void plat_mutex_unlock(struct plat_mutex *m)
{
	pthread_mutex_unlock((pthread_mutex_t *)(void *)m->opaque);
}

void plat_cond_init(struct plat_cond *c)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init((pthread_cond_t *)(void *)c->opaque, &attr);
	pthread_condattr_destroy(&attr);
}

void plat_cond_destroy(struct plat_cond *c)
{
	pthread_cond_destroy((pthread_cond_t *)(void *)c->opaque);
}

/**
 * plat_cond_wait - wait on a condition with its mutex held
 * @c: the condition
 * @m: the mutex, held
 * @timeout_ns: give up after this long; 0 waits until signalled
 */
void plat_cond_wait(struct plat_cond *c, struct plat_mutex *m, uint64_t timeout_ns)
{
	pthread_cond_t *cond = (pthread_cond_t *)(void *)c->opaque;
	pthread_mutex_t *mutex = (pthread_mutex_t *)(void *)m->opaque;
	struct timespec ts;
	uint64_t deadline;

	if (!timeout_ns) {
		pthread_cond_wait(cond, mutex);
		return;
	}
	deadline = plat_clock_ns() + timeout_ns;
	ts.tv_sec = (time_t)(deadline / 1000000000ULL);
	ts.tv_nsec = (long)(deadline % 1000000000ULL);
	pthread_cond_timedwait(cond, mutex, &ts);
}

void plat_cond_broadcast(struct plat_cond *c)
{
	pthread_cond_broadcast((pthread_cond_t *)(void *)c->opaque);
}

void plat_sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ULL),
		.tv_nsec = (long)(ns % 1000000000ULL),
	};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static pthread_mutex_t once_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

/*
 * In a fork child the once lock (held by the parent's prepare hook) names
 * the parent's thread as owner, and a recursive mutex refuses an unlock
 * from any other thread: the child starts with a fresh one instead.
 */
static void once_lock_reinit_child(void)
{
	pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

	once_lock = fresh;
}

void plat_once_lock(void)
{
	pthread_mutex_lock(&once_lock);
}

void plat_once_unlock(void)
{
	pthread_mutex_unlock(&once_lock);
}

/* ======================================================================
 * Stacks
 * ====================================================================== */

__attribute__((constructor)) static void backtrace_preload(void)
{
	void *f[2];

	/* The first backtrace() loads libgcc_s; do it before anything is on fire. */
	backtrace(f, 2);
}

/**
 * plat_backtrace - return addresses of the caller's stack
 * @frames: where to put them, innermost first
 * @max: room in @frames
 * @skip: frames to leave out after the caller's own
 *
 * frames[0] is an address in the function that called plat_backtrace()
 * (when @skip is 0).
 *
 * Return: the number of frames stored.
 */
__attribute__((__noinline__)) int plat_backtrace(void **frames, int max, int skip)
{
	void *buf[256];
	void *ret = __builtin_return_address(0);
	int n, first = 1, out = 0;

	if (max <= 0)
		return 0;
	n = backtrace(buf, 256);
	/*
	 * buf[0] is normally in this function; a sanitizer's interceptor of
	 * backtrace() adds frames of its own.  The caller's frame is the one
	 * that returns where this call returns.
	 */
	for (int i = 0; i < n; i++) {
		if (buf[i] == ret) {
			first = i;
			break;
		}
	}
	first += skip > 0 ? skip : 0;
	for (int i = first; i < n && out < max; i++)
		frames[out++] = buf[i];
	return out;
}

/* ======================================================================
 * Symbols
 * ====================================================================== */

struct sym_ent {
	uintptr_t start;
	size_t size;
	const char *name;
	int rank; /* GLOBAL 3, WEAK 2, LOCAL 1: the name an alias shows */
};

struct sym_obj {
	uintptr_t lo, hi; /* addresses covered by the object's PT_LOAD segments */
	char *module; /* NULL: libukmem or the main executable */
	struct sym_ent *syms;
	size_t nsyms;
	char *names; /* one pool for every name */
};

#define MAX_SYM_OBJS 128
static struct sym_obj sym_objs[MAX_SYM_OBJS];
static int sym_nobjs;
static pthread_mutex_t sym_lock = PTHREAD_MUTEX_INITIALIZER;
/* Set while this thread runs the fault handler. */
static _Thread_local volatile sig_atomic_t in_fault_handler;

struct phdr_query {
	uintptr_t addr;
	bool found;
	bool is_main;
	uintptr_t bias, lo, hi;
	char path[PATH_MAX];
};

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct phdr_query *q = data;
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	bool hit = false;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t s, e;

		if (ph->p_type != PT_LOAD)
			continue;
		s = info->dlpi_addr + ph->p_vaddr;
		e = s + ph->p_memsz;
		if (s < lo)
			lo = s;
		if (e > hi)
			hi = e;
		if (q->addr >= s && q->addr < e)
			hit = true;
	}
	if (!hit)
		return 0;
	q->found = true;
	q->bias = info->dlpi_addr;
	q->lo = lo;
	q->hi = hi;
	q->is_main = !info->dlpi_name || !info->dlpi_name[0];
	snprintf(q->path, sizeof(q->path), "%s", q->is_main ? "" : info->dlpi_name);
	return 1;
}

static int sym_cmp(const void *a, const void *b)
{
	const struct sym_ent *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return y->rank - x->rank;
}

static char *module_name(const char *path, bool is_main)
{
	const char *base = strrchr(path, '/');
	const char *so;
	size_t len;
	char *m;

	base = base ? base + 1 : path;
	if (is_main || !*base || strncmp(base, "libukmem", 8) == 0)
		return NULL;
	so = strstr(base, ".so");
	len = so ? (size_t)(so - base) : strlen(base);
	m = malloc(len + 1);
	if (m) {
		memcpy(m, base, len);
		m[len] = '\0';
	}
	return m;
}

/* Read the function symbols of the ELF file @path, relocated by @bias. */
static void load_symbols(struct sym_obj *obj, const char *path, uintptr_t bias)
{
	static bool elf_ok;
	Elf *e = NULL;
	Elf_Scn *scn = NULL;
	size_t cap = 0, names_len = 0, names_cap = 0;
	int fd;

	if (!elf_ok) {
		elf_ok = elf_version(EV_CURRENT) != EV_NONE;
		if (!elf_ok)
			return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF)
		goto out;

	/* Names first go to a growing pool; entries keep offsets until the end. */
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t count;

		if (!gelf_getshdr(scn, &sh) ||
		    (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM))
			continue;
		if (!sh.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		count = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < count; i++) {
			GElf_Sym s;
			const char *name;
			size_t nlen;
			int type, bind;

			if (!gelf_getsym(data, (int)i, &s))
				continue;
			type = GELF_ST_TYPE(s.st_info);
			bind = GELF_ST_BIND(s.st_info);
			if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
			    s.st_shndx == SHN_UNDEF || !s.st_value || !s.st_size)
				continue;
			name = elf_strptr(e, sh.sh_link, s.st_name);
			if (!name || !*name)
				continue;
			if (obj->nsyms == cap) {
				size_t ncap = cap ? cap * 2 : 1024;
				struct sym_ent *n = realloc(obj->syms, ncap * sizeof(*n));

				if (!n)
					goto out;
				obj->syms = n;
				cap = ncap;
			}
			nlen = strlen(name) + 1;
			if (names_len + nlen > names_cap) {
				size_t ncap = names_cap ? names_cap * 2 : 1 << 16;
				char *n;

				while (ncap < names_len + nlen)
					ncap *= 2;
				n = realloc(obj->names, ncap);
				if (!n)
					goto out;
				obj->names = n;
				names_cap = ncap;
			}
			memcpy(obj->names + names_len, name, nlen);
			obj->syms[obj->nsyms++] = (struct sym_ent){
				.start = bias + (uintptr_t)s.st_value,
				.size = (size_t)s.st_size,
				.name = (const char *)(uintptr_t)names_len,
				.rank = bind == STB_GLOBAL ? 3
					: bind == STB_WEAK ? 2
							   : 1,
			};
			names_len += nlen;
		}
	}
out:
	for (size_t i = 0; i < obj->nsyms; i++)
		obj->syms[i].name = obj->names + (uintptr_t)obj->syms[i].name;
	if (obj->nsyms) {
		size_t j = 0;

		qsort(obj->syms, obj->nsyms, sizeof(*obj->syms), sym_cmp);
		/* One name per address: the best ranked (sorted first). */
		for (size_t i = 0; i < obj->nsyms; i++)
			if (!j || obj->syms[j - 1].start != obj->syms[i].start)
				obj->syms[j++] = obj->syms[i];
		obj->nsyms = j;
	}
	if (e)
		elf_end(e);
	close(fd);
}

static struct sym_obj *find_cached_obj(uintptr_t addr)
{
	for (int i = 0; i < sym_nobjs; i++)
		if (addr >= sym_objs[i].lo && addr < sym_objs[i].hi)
			return &sym_objs[i];
	return NULL;
}

static struct sym_obj *find_obj(uintptr_t addr)
{
	struct phdr_query q = {.addr = addr};
	struct sym_obj *obj;
	char exe[PATH_MAX];

	obj = find_cached_obj(addr);
	if (obj)
		return obj;
	dl_iterate_phdr(phdr_cb, &q);
	if (!q.found || sym_nobjs == MAX_SYM_OBJS)
		return NULL;
	obj = &sym_objs[sym_nobjs++];
	memset(obj, 0, sizeof(*obj));
	obj->lo = q.lo;
	obj->hi = q.hi;
	if (q.is_main) {
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

		if (n <= 0)
			return obj;
		exe[n] = '\0';
		load_symbols(obj, exe, q.bias);
	} else {
		obj->module = module_name(q.path, false);
		load_symbols(obj, q.path, q.bias);
	}
	return obj;
}

/**
 * plat_symbolize - the function containing an address
 * @addr: the address
 * @sym: filled with name, offset, size and module
 *
 * Return: true if a function symbol of a loaded object covers @addr.  The
 * strings stay valid until plat_symbols_invalidate().
 */
bool plat_symbolize(unsigned long addr, struct plat_symbol *sym)
{
	struct sym_obj *obj;
	bool found = false;

	memset(sym, 0, sizeof(*sym));
	if (in_fault_handler) {
		/* A signal handler: no waiting, no loading (malloc, file I/O). */
		if (pthread_mutex_trylock(&sym_lock) != 0)
			return false;
		obj = find_cached_obj(addr);
	} else {
		pthread_mutex_lock(&sym_lock);
		obj = find_obj(addr);
	}
	if (obj && obj->nsyms) {
		size_t lo = 0, hi = obj->nsyms;

		/* The last symbol starting at or below addr. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (obj->syms[mid].start <= addr)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* A few steps back, for a symbol nested in a larger one. */
		for (size_t i = lo, steps = 0; i > 0 && steps < 8; i--, steps++) {
			const struct sym_ent *s = &obj->syms[i - 1];

			if (addr < s->start + s->size) {
				sym->name = s->name;
				sym->offset = addr - s->start;
				sym->size = s->size;
				sym->module = obj->module;
				found = true;
				break;
			}
		}
	}
	pthread_mutex_unlock(&sym_lock);
	return found;
}

/**
 * plat_symbols_invalidate - forget the cached symbol tables of shared objects
 *
 * Called before an object is unloaded; tables are read again on demand.
 * The program's and libukmem's own tables stay (they never unload).
 */
void plat_symbols_invalidate(void)
{
	int kept = 0;

	pthread_mutex_lock(&sym_lock);
	for (int i = 0; i < sym_nobjs; i++) {
		/*
		 * The program and libukmem are never unloaded: keep them, so
		 * the fault handler (which may not read tables) still names
		 * their functions after a module goes.
		 */
		if (!sym_objs[i].module) {
			sym_objs[kept++] = sym_objs[i];
			continue;
		}
		free(sym_objs[i].syms);
		free(sym_objs[i].names);
		free(sym_objs[i].module);
	}
	sym_nobjs = kept;
	pthread_mutex_unlock(&sym_lock);
}

/* ======================================================================
 * Faults (the oops handler's plumbing)
 * ====================================================================== */

static const int fault_signals[2] = {SIGSEGV, SIGBUS};
static struct sigaction fault_prev[2];
static plat_fault_fn fault_fn;
static bool fault_installed;
static void *fault_altstack; /* ours, while the installing thread uses it */
static size_t fault_altstack_len;

/* Put back what was there before the install (async-signal-safe). */
static void fault_restore_prev(void)
{
	for (int i = 0; i < 2; i++)
		sigaction(fault_signals[i], &fault_prev[i], NULL);
}

static void fault_write(const char *s)
{
	plat_console_write(s, strlen(s));
}

/* Hand the signal to the action that was there before ours. */
static void fault_chain(int idx, int sig, siginfo_t *info, void *uctx)
{
	const struct sigaction *prev = &fault_prev[idx];

	if ((prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction) {
		prev->sa_sigaction(sig, info, uctx);
		return;
	}
	if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
		prev->sa_handler(sig);
		return;
	}
	/* Default (or ignored, which the host ignores for a real fault): repeat it. */
	sigaction(sig, prev, NULL);
	if (info->si_code <= 0) /* sent by kill(): nothing repeats, send it again */
		raise(sig);
}

static void fault_fill(struct plat_fault *f, int sig, siginfo_t *info, void *uctx)
{
	memset(f, 0, sizeof(*f));
	f->signo = sig;
	f->is_bus = sig == SIGBUS;
	f->addr = (unsigned long)info->si_addr;
#if defined(__x86_64__)
	{
		const greg_t *g = ((ucontext_t *)uctx)->uc_mcontext.gregs;
		static const int order[15] = {REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI,
					      REG_RDI, REG_RBP, REG_R8,	 REG_R9,  REG_R10,
					      REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};

		for (int i = 0; i < 15; i++)
			f->regs[i] = (unsigned long)g[order[i]];
		f->ip = (unsigned long)g[REG_RIP];
		f->sp = (unsigned long)g[REG_RSP];
		f->flags = (unsigned long)g[REG_EFL];
		f->error_code = (unsigned long)g[REG_ERR];
		f->have_regs = true;
		f->have_error_code = sig == SIGSEGV;
	}
#else
	(void)uctx;
#endif
}

static void fault_handler(int sig, siginfo_t *info, void *uctx)
{
	int idx = sig == SIGBUS ? 1 : 0;
	int saved_errno = errno;
	struct plat_fault f;
	bool claimed;

	if (in_fault_handler) {
		fault_write("ukmem: fault inside the oops handler; aborting\n");
		signal(SIGABRT, SIG_DFL);
		abort();
	}
	/* kill(pid, SIGSEGV) is not a fault of ours: straight to the previous action. */
	if (info->si_code <= 0 || !fault_fn) {
		fault_chain(idx, sig, info, uctx);
		errno = saved_errno;
		return;
	}
	fault_fill(&f, sig, info, uctx);
	in_fault_handler = 1;
	claimed = fault_fn(&f);
	in_fault_handler = 0;
	if (claimed && f.retry) {
		/* Reported and repaired (KFENCE): the access goes on, the handler stays. */
	} else if (claimed) {
		/* Reported: the fault repeats under the previous actions. */
		fault_restore_prev();
		fault_installed = false;
	} else {
		fault_chain(idx, sig, info, uctx);
	}
	errno = saved_errno;
}

static int preload_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	unsigned long *addrs = data;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && addrs[0] < 127) {
			addrs[++addrs[0]] = info->dlpi_addr + ph->p_vaddr;
			break;
		}
	}
	return 0;
}

/* Load every object's symbols now: the handler may not. */
static void symbols_preload(void)
{
	static unsigned long addrs[128];
	struct plat_symbol sym;

	addrs[0] = 0;
	dl_iterate_phdr(preload_cb, addrs);
	for (unsigned long i = 1; i <= addrs[0]; i++)
		plat_symbolize(addrs[i], &sym);
}

/**
 * plat_fault_handler_install - catch SIGSEGV and SIGBUS for the oops handler
 * @fn: the callback, asked about each fault
 *
 * A second install replaces the callback and keeps the saved actions.
 *
 * Return: 0, or a negative errno (nothing installed).
 */
int plat_fault_handler_install(plat_fault_fn fn)
{
	struct sigaction sa;
	stack_t cur;

	if (!fn)
		return -EINVAL;
	symbols_preload();
	/* Stack overflows fault on an exhausted stack: give this thread another. */
	if (sigaltstack(NULL, &cur) == 0 && (cur.ss_flags & SS_DISABLE) && !fault_altstack) {
		size_t len = 64UL << 10;
		void *p =
			mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED) {
			stack_t ss = {.ss_sp = p, .ss_size = len, .ss_flags = 0};

			if (sigaltstack(&ss, NULL) == 0) {
				fault_altstack = p;
				fault_altstack_len = len;
			} else {
				munmap(p, len);
			}
		}
	}
	__atomic_store_n(&fault_fn, fn, __ATOMIC_RELEASE);
	if (fault_installed)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 2; i++) {
		if (sigaction(fault_signals[i], &sa, &fault_prev[i]) < 0) {
			int err = -errno;

			if (i)
				sigaction(fault_signals[0], &fault_prev[0], NULL);
			return err;
		}
	}
	fault_installed = true;
	return 0;
}

/**
 * plat_fault_handler_remove - put back the actions the install replaced
 *
 * The alternate stack goes too if the calling thread is the one using it.
 */
void plat_fault_handler_remove(void)
{
	stack_t cur;

	if (fault_installed) {
		fault_restore_prev();
		fault_installed = false;
	}
	__atomic_store_n(&fault_fn, NULL, __ATOMIC_RELEASE);
	if (fault_altstack && sigaltstack(NULL, &cur) == 0 && cur.ss_sp == fault_altstack &&
	    !(cur.ss_flags & SS_ONSTACK)) {
		stack_t off = {.ss_flags = SS_DISABLE};

		if (sigaltstack(&off, NULL) == 0) {
			munmap(fault_altstack, fault_altstack_len);
			fault_altstack = NULL;
		}
	}
}

bool plat_fault_handler_installed(void)
{
	return fault_installed;
}

/**
 * plat_symbols_preload - read the symbols of newly loaded objects
 *
 * Only while the fault handler is installed: it resolves addresses from
 * tables loaded beforehand.  Objects already read cost a lookup each.
 */
void plat_symbols_preload(void)
{
	if (fault_installed)
		symbols_preload();
}

/**
 * plat_read_nofault - copy memory that may not be mapped
 * @dst: destination
 * @src: source, possibly unmapped
 * @len: bytes
 *
 * process_vm_readv() on ourselves reports an unmapped source as an error
 * instead of a fault, and is async-signal-safe.
 *
 * Return: the bytes copied (a prefix of @len).
 */
size_t plat_read_nofault(void *dst, const void *src, size_t len)
{
	struct iovec local = {.iov_base = dst, .iov_len = len};
	struct iovec remote = {.iov_base = (void *)(uintptr_t)src, .iov_len = len};
	ssize_t n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);

	if (n > 0)
		return (size_t)n;
	/* No process_vm_readv (seccomp, old kernel): a pipe round trip checks the source. */
	{
		int p[2];
		size_t done = 0;

		if (pipe2(p, O_CLOEXEC) < 0)
			return 0;
		while (done < len) {
			size_t want = len - done < 256 ? len - done : 256;
			ssize_t w = write(p[1], (const char *)src + done, want);

			if (w <= 0 || read(p[0], (char *)dst + done, (size_t)w) != w)
				break;
			done += (size_t)w;
		}
		close(p[0]);
		close(p[1]);
		return done;
	}
}
