/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plat.h - the platform contract: everything ukmem asks of the host OS.
 *
 * The allocator core (src/mm, src/lib) includes only C11 freestanding
 * headers, the kernel-API headers under include/, and this file.  Every
 * system call ukmem makes goes through a plat_* function implemented in
 * src/platform/ (posix.c for Linux/glibc).  A port to a bare arena
 * re-implements this file's functions and nothing else.
 *
 * Conventions: functions returning int return 0 or a negative errno;
 * functions returning pointers return NULL on failure.  Nothing here
 * allocates from the ukmem machine.
 */
#ifndef UKMEM_PLAT_H
#define UKMEM_PLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- physical memory object (memfd) and mappings ---- */

/* Create the physical-memory object of @size bytes; returns a handle >= 0. */
int plat_phys_create(uint64_t size);
void plat_phys_destroy(int handle);

/*
 * Reserve @len bytes of address space, inaccessible.  With @hint != NULL the
 * reservation is tried at @hint first (MAP_FIXED_NOREPLACE) and placed
 * anywhere if that fails; *@at_hint says which happened.
 */
void *plat_reserve(void *hint, size_t len, bool *at_hint);
void plat_unreserve(void *addr, size_t len);

/*
 * Map [@off, @off+@len) of the physical object over part of a reservation
 * (MAP_SHARED|MAP_FIXED, inside ukmem's own reservation only).  The mapping
 * is recorded so that it can be re-pointed at the child's copy after fork().
 */
int plat_map_phys(int handle, void *addr, uint64_t off, size_t len, bool writable);
/* Make [@addr, @addr+@len) of a reservation inaccessible again (keeps the range). */
int plat_unmap_phys(void *addr, size_t len);

/* Anonymous private zeroed memory for ukmem's metadata (mem_map, ...). */
void *plat_map_anon(size_t len);
void plat_unmap_anon(void *addr, size_t len);

/* vm.max_map_count of the host (65530 if unknown). */
unsigned long plat_max_map_count(void);

/* ---- time, identity, console ---- */

uint64_t plat_clock_ns(void); /* monotonic */
int plat_getpid(void);
int plat_gettid(void);
/* The calling thread's name (pthread_getname_np), NUL-terminated. */
void plat_thread_name(char *buf, size_t size);
void plat_console_write(const char *buf, size_t len); /* stderr */
/* Value of environment variable @name, or NULL. */
const char *plat_getenv(const char *name);
/* The process ends after an oops: abort(), so it dies of SIGABRT. */
_Noreturn void plat_abort(void);
void plat_cpu_relax(void);

/* ---- sleeping locks and waiting (spinlocks are in the core) ---- */

/* Opaque storage big enough for a pthread mutex/condvar on every host. */
struct plat_mutex {
	_Alignas(8) unsigned char opaque[48];
};
struct plat_cond {
	_Alignas(8) unsigned char opaque[48];
};
void plat_mutex_init(struct plat_mutex *m);
void plat_mutex_destroy(struct plat_mutex *m);
void plat_mutex_lock(struct plat_mutex *m);
bool plat_mutex_trylock(struct plat_mutex *m);
void plat_mutex_unlock(struct plat_mutex *m);
void plat_cond_init(struct plat_cond *c);
void plat_cond_destroy(struct plat_cond *c);
/* Wait with @m held; returns after a signal or @timeout_ns (0 = forever). */
void plat_cond_wait(struct plat_cond *c, struct plat_mutex *m, uint64_t timeout_ns);
void plat_cond_broadcast(struct plat_cond *c);
void plat_sleep_ns(uint64_t ns);
/* Threads in this process now (1 = only the caller). [lead: src/platform/threads.c] */
int plat_nr_threads(void);

/* pthread_once-like guard for the implicit first boot. */
void plat_once_lock(void);
void plat_once_unlock(void);

/* ---- fork ---- */

/*
 * Hooks run around fork(): @prepare in the parent before, @parent after in
 * the parent, @child in the child.  The platform layer itself duplicates
 * the physical object for the child (the child gets a private copy and all
 * recorded mappings are re-pointed at it) between @prepare and @child.
 */
void plat_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void));

/* ---- stacks and symbols ---- */

/* Return addresses of the caller's stack, innermost first, skipping @skip frames. */
int plat_backtrace(void **frames, int max, int skip);

struct plat_symbol {
	const char *name; /* function, or NULL if unknown */
	unsigned long offset; /* addr - start of function */
	unsigned long size; /* size of the function */
	const char *module; /* module name for a ukmem module, else NULL */
};
/* Resolve @addr against the ELF symbol tables (static functions included). */
bool plat_symbolize(unsigned long addr, struct plat_symbol *sym);
/* Forget cached symbol tables of an object about to be unloaded. */
void plat_symbols_invalidate(void);

/* ---- kmemleak: threads that use ukmem, and memory outside the machine
 *      [kmemleak helper: src/platform/stop_threads.c] ---- */

/* A range [start, end) of host memory a scan searches for pointers. */
struct plat_range {
	uintptr_t start, end;
};

/*
 * Record the calling thread as one that uses ukmem: its stack, registers
 * and thread-local storage are searched by scans.  Idempotent and cheap
 * after the first call; the record goes when the thread exits.  A thread
 * that blocks the stop signal is recorded but never stopped (only its
 * thread-local storage is searched, and its stack when it scans).  Returns
 * false when the table is full.
 */
bool plat_thread_register(void);
/*
 * The writable PT_LOAD segments (data, bss) of every loaded object except
 * the one that contains @self, into @out (at most @max).  Returns how many.
 * Not to be called while threads are stopped (it takes the loader's lock).
 */
int plat_data_segments(const void *self, struct plat_range *out, int max);
/*
 * Stop every recorded thread except the caller: each saves its registers
 * and stack pointer in a signal handler and waits.  Returns how many
 * stopped; *@missed counts those that did not answer within five seconds
 * (threads that block the signal are not signalled and not counted).
 * Until plat_resume_threads() no other thread may record itself or exit.
 */
int plat_stop_threads(unsigned int *missed);
/*
 * With threads stopped: @fn over each recorded thread's thread-local
 * storage and, when @stacks, over its saved registers and its stack from
 * its stack pointer up.  The caller's own stack is searched from @self_sp
 * up (the caller saves its registers above @self_sp; its frames below are
 * not searched).  Threads that did not stop give only their thread-local
 * storage.
 */
void plat_for_each_thread_range(bool stacks, uintptr_t self_sp,
				void (*fn)(const struct plat_range *r, void *arg), void *arg);
void plat_resume_threads(void);
/* Recorded threads now. */
int plat_nr_registered_threads(void);
/* A host thread running @fn(@arg); 0 or -errno.  Join it with plat_thread_join(). */
int plat_thread_start(void *(*fn)(void *), void *arg, unsigned long *handle);
void plat_thread_join(unsigned long handle);
/* ---- end kmemleak ---- */

#endif /* UKMEM_PLAT_H */
