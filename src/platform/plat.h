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
/* The same, and when the hint is taken, still aligned to @align (a power of two). */
void *plat_reserve_aligned(void *hint, size_t len, size_t align, bool *at_hint);
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

/*
 * A validator's scratch buffer, kept from one check to the next (mapping
 * and faulting in a fresh one per check cost more than the walks): grown
 * when a check needs more, never shrunk.  The caller serialises its uses.
 *   bytes == 0 && buf == NULL, or buf maps bytes bytes
 */
struct plat_scratch {
	void *buf;
	size_t bytes;
};
void *plat_scratch_get(struct plat_scratch *s, size_t len);

/* A ThreadSanitizer build (gcc or clang): the platform's few TSan-only paths. */
#if defined(__SANITIZE_THREAD__)
#define UKMEM_PLAT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UKMEM_PLAT_TSAN 1
#endif
#endif

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
/*
 * A full memory barrier on every running thread of the process, as if each
 * had run one (Linux membarrier, private expedited), so that threads can
 * order a store before a load with a compiler barrier only.  false: the
 * host cannot (then nothing may rely on it); always false in a
 * ThreadSanitizer build, which cannot see that fence.
 * [src/platform/threads.c]
 */
bool plat_membarrier(void);
/* Call @fn(@arg) when the calling thread exits; one registration per thread. */
bool plat_thread_at_exit(void (*fn)(void *), void *arg);

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

/* ---- faults: the oops handler's signal plumbing [vmoops] ---- */

/*
 * One synchronous memory fault (SIGSEGV or SIGBUS) as the host reported it,
 * with the trapped register state where the host has it (x86_64: regs[] in
 * the kernel's pt_regs print order RAX RBX RCX RDX RSI RDI RBP R8..R15).
 */
struct plat_fault {
	unsigned long addr; /* the faulting data address (si_addr) */
	unsigned long ip; /* the faulting instruction; 0 if unknown */
	unsigned long sp;
	unsigned long flags; /* EFLAGS */
	unsigned long error_code; /* x86 page-fault error code bits P, W, U, I */
	unsigned long regs[15];
	bool have_regs; /* ip, sp, flags and regs[] are valid */
	bool have_error_code;
	int signo; /* the host's signal number */
	bool is_bus; /* SIGBUS rather than SIGSEGV */
	/*
	 * Set by the callback when it claimed the fault and made the access
	 * possible (KFENCE opens the page it reported on): the handler stays
	 * installed and the access is retried.
	 */
	bool retry;
};

/*
 * The callback of plat_fault_handler_install(), run on the faulting thread,
 * in the signal handler, on an alternate stack where the thread has one.
 * It returns true when it reported the fault as its own: the platform then
 * restores the handler that was there before and returns, so the fault
 * happens again under it (a core dump, ASan, a debugger's handler see the
 * original signal).  It returns false for a fault that is not its
 * business: the platform passes it to the previous handler at once.
 */
typedef bool (*plat_fault_fn)(struct plat_fault *fault);

/*
 * Install @fn for SIGSEGV and SIGBUS (replacing an earlier @fn of ours, if
 * any), with an alternate signal stack for the calling thread if it has
 * none, and load the symbol tables of every loaded object so that
 * plat_symbolize() works inside the handler.  Returns 0 or a negative errno.
 */
int plat_fault_handler_install(plat_fault_fn fn);
/* Put back the handlers that were there before the install; idempotent. */
void plat_fault_handler_remove(void);
bool plat_fault_handler_installed(void);
/*
 * While the fault handler is installed, load the symbol tables of objects
 * loaded since (a module about to run); otherwise nothing.
 */
void plat_symbols_preload(void);
/* Copy up to @len bytes from @src without faulting; returns the bytes copied. */
size_t plat_read_nofault(void *dst, const void *src, size_t len);
/*
 * Where the registry says [@addr] is mapped: the physical object's offset
 * and whether it is writable.  Never waits: false if the registry is busy
 * or has no record.
 */
bool plat_mapping_lookup(unsigned long addr, uint64_t *off, bool *writable);
/* ---- end faults [vmoops] ---- */
/* ---- host memory checkers (sanitizer.c), for KASAN (src/mm/kasan.c) ---- */

/* AddressSanitizer, when the program carries its runtime (weak references). */
bool plat_asan_present(void);
void plat_asan_poison(const void *addr, size_t len);
void plat_asan_unpoison(const void *addr, size_t len);
bool plat_asan_is_poisoned(const void *addr);
/* @hook runs after each ASan report; plat_asan_report_info() describes it. */
void plat_asan_set_report_hook(void (*hook)(void));
bool plat_asan_report_info(unsigned long *addr, bool *is_write, size_t *size, unsigned long *pc);
/* Valgrind's memcheck client requests (no-ops outside Valgrind). */
bool plat_valgrind_running(void);
/* Under Valgrind plat_reserve() refuses more (callers halve their request). */
#define PLAT_VALGRIND_MAX_RESERVE (4ULL << 30)
void plat_vg_create_pool(const void *pool);
void plat_vg_destroy_pool(const void *pool);
void plat_vg_pool_alloc(const void *pool, const void *addr, size_t len);
void plat_vg_pool_change(const void *pool, const void *addr, size_t len);
void plat_vg_pool_free(const void *pool, const void *addr);
void plat_vg_noaccess(const void *addr, size_t len);
void plat_vg_undefined(const void *addr, size_t len);
void plat_vg_defined(const void *addr, size_t len);
void plat_vg_errors(bool on);
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
