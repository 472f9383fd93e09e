// SPDX-License-Identifier: GPL-2.0
/*
 * mm/stackdepot.c - the stack depot: each distinct stack trace stored once,
 * named by a 32-bit handle (lib/stackdepot.c in the kernel).
 *
 * What it owns: the saved traces and their hash table.  SLUB's user
 * tracking (slub_debug=U) saves the trace of every allocation and free of
 * a debug cache, and most of those traces repeat, so a record is looked up
 * by hash before a new one is made.
 *
 * Algorithm.  A record holds a hash, a frame count and up to
 * STACK_DEPOT_MAX_FRAMES frames; records are carved in order from chunks
 * of host memory (plat_map_anon), RECORDS_PER_CHUNK per chunk, and never
 * freed until the depot is reset.  The handle of record i is i + 1 (0 means
 * "no trace"), so fetching is two array lookups.  The hash table chains
 * records by index through their @next field.
 *
 * Locking: depot_lock guards the table, the chain links and the record
 * count.  A record is written completely before the count that makes its
 * handle valid is published, and never changes after, so fetch and print
 * read it without the lock.  Callers must not hold it around anything that
 * saves a trace; the slab layer calls in with no slab lock held, or with a
 * node's list_lock (lock order: list_lock > depot_lock).
 *
 * Where it differs from Linux: the memory is the host's, not the
 * machine's (the kernel's depot uses pages from the page allocator, which
 * shows in MemFree; here tracking leaves the machine's counters alone), and
 * traces are cut at 16 frames, the depth SLUB asks for (TRACK_ADDRS_COUNT).
 * There is no eviction (the kernel's STACK_DEPOT_FLAG_GET refcounting is
 * not needed by SLUB).  The depot is emptied at every boot of the slab
 * layer (ukmem_stack_depot_reset()).
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/stackdepot.h>
#include <linux/string.h>
#include <platform/plat.h>

#define DEPOT_HASH_BITS 12
#define DEPOT_HASH_SIZE (1U << DEPOT_HASH_BITS)
#define RECORDS_PER_CHUNK 4096
#define MAX_CHUNKS 256

struct depot_record {
	u32 hash;
	u32 nr; /* frames, 1..STACK_DEPOT_MAX_FRAMES */
	u32 next; /* handle of the next record in the hash chain, 0 = end */
	unsigned long entries[STACK_DEPOT_MAX_FRAMES];
};

static DEFINE_SPINLOCK(depot_lock);
static u32 depot_table[DEPOT_HASH_SIZE]; /* handles, 0 = empty */
static struct depot_record *depot_chunks[MAX_CHUNKS];
static u32 depot_count; /* records in use (published with release order) */

#define CHUNK_BYTES (RECORDS_PER_CHUNK * sizeof(struct depot_record))

static u32 depot_hash(const unsigned long *entries, unsigned int nr)
{
	u64 h = 0xcbf29ce484222325ULL ^ nr;

	for (unsigned int i = 0; i < nr; i++) {
		h ^= (u64)entries[i];
		h *= 0x100000001b3ULL;
		h ^= h >> 29;
	}
	return (u32)(h ^ (h >> 32));
}

static struct depot_record *depot_record(depot_stack_handle_t handle)
{
	u32 idx;

	if (!handle || handle > __atomic_load_n(&depot_count, __ATOMIC_ACQUIRE))
		return NULL;
	idx = handle - 1;
	return &depot_chunks[idx / RECORDS_PER_CHUNK][idx % RECORDS_PER_CHUNK];
}

/**
 * stack_depot_save - store a stack trace once, return its handle
 * @entries: the frames (return addresses), innermost first
 * @nr_entries: how many (more than STACK_DEPOT_MAX_FRAMES are cut)
 * @alloc_flags: ignored (the depot uses host memory)
 *
 * Return: the handle of the trace, the same for every equal trace; 0 when
 * @nr_entries is 0 or the depot is full.
 */
depot_stack_handle_t stack_depot_save(unsigned long *entries, unsigned int nr_entries,
				      gfp_t alloc_flags)
{
	struct depot_record *rec;
	depot_stack_handle_t h;
	u32 hash, idx;

	(void)alloc_flags;
	if (!nr_entries)
		return 0;
	if (nr_entries > STACK_DEPOT_MAX_FRAMES)
		nr_entries = STACK_DEPOT_MAX_FRAMES;
	hash = depot_hash(entries, nr_entries);

	spin_lock(&depot_lock);
	for (h = depot_table[hash & (DEPOT_HASH_SIZE - 1)]; h; h = rec->next) {
		rec = depot_record(h);
		if (rec->hash == hash && rec->nr == nr_entries &&
		    !memcmp(rec->entries, entries, nr_entries * sizeof(entries[0])))
			goto out;
	}
	idx = depot_count;
	h = 0;
	if (idx / RECORDS_PER_CHUNK >= MAX_CHUNKS)
		goto out;
	if (!depot_chunks[idx / RECORDS_PER_CHUNK]) {
		depot_chunks[idx / RECORDS_PER_CHUNK] = plat_map_anon(CHUNK_BYTES);
		if (!depot_chunks[idx / RECORDS_PER_CHUNK])
			goto out;
	}
	rec = &depot_chunks[idx / RECORDS_PER_CHUNK][idx % RECORDS_PER_CHUNK];
	rec->hash = hash;
	rec->nr = nr_entries;
	memcpy(rec->entries, entries, nr_entries * sizeof(entries[0]));
	rec->next = depot_table[hash & (DEPOT_HASH_SIZE - 1)];
	h = idx + 1;
	__atomic_store_n(&depot_count, idx + 1, __ATOMIC_RELEASE);
	depot_table[hash & (DEPOT_HASH_SIZE - 1)] = h;
out:
	spin_unlock(&depot_lock);
	return h;
}

/**
 * stack_depot_fetch - the frames of a saved trace
 * @handle: what stack_depot_save() returned
 * @entries: set to the frames (valid until the depot is reset)
 *
 * Return: the number of frames, 0 for an unknown handle.
 */
unsigned int stack_depot_fetch(depot_stack_handle_t handle, unsigned long **entries)
{
	struct depot_record *rec = depot_record(handle);

	*entries = NULL;
	if (!rec)
		return 0;
	*entries = rec->entries;
	return rec->nr;
}

/**
 * stack_depot_print - print a saved trace as the kernel's stack_trace_print()
 * @handle: the trace
 *
 * One line per frame: a space, then the symbol as %pS.
 */
void stack_depot_print(depot_stack_handle_t handle)
{
	unsigned long *entries;
	unsigned int nr = stack_depot_fetch(handle, &entries);

	for (unsigned int i = 0; i < nr; i++)
		printk("%*c%pS\n", 1, ' ', (void *)entries[i]);
}

/* fork(): the child must not inherit the lock held by another thread. */
void ukmem_stack_depot_fork_prepare(void)
{
	spin_lock(&depot_lock);
}

void ukmem_stack_depot_fork_release(void)
{
	spin_unlock(&depot_lock);
}

/**
 * ukmem_stack_depot_reset - forget every saved trace
 *
 * Called when the slab layer boots; no handle of an earlier boot may be
 * used afterwards.  Not concurrent with saving.
 */
void ukmem_stack_depot_reset(void)
{
	spin_lock(&depot_lock);
	for (unsigned int i = 0; i < MAX_CHUNKS && depot_chunks[i]; i++) {
		plat_unmap_anon(depot_chunks[i], CHUNK_BYTES);
		depot_chunks[i] = NULL;
	}
	memset(depot_table, 0, sizeof(depot_table));
	__atomic_store_n(&depot_count, 0, __ATOMIC_RELEASE);
	spin_unlock(&depot_lock);
}
