/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pair_model.h - the pair model of bench/floor/pair_model.c: one thread's
 * bin of 64-byte objects and the alloc/free steps that bench_slab_pairs
 * times next to ukmem's own pairs.
 */
#ifndef UKMEM_BENCH_PAIR_MODEL_H
#define UKMEM_BENCH_PAIR_MODEL_H

struct pm_cache;

struct pm_cache *pm_setup(void);
unsigned int pm_count(struct pm_cache *s);

void *pm_empty_alloc(struct pm_cache *s);
void pm_empty_free(struct pm_cache *s, void *x);
void *pm_pop(struct pm_cache *s);
void pm_push(struct pm_cache *s, void *x);
void *pm_pop_hs(struct pm_cache *s);
void pm_push_hs(struct pm_cache *s, void *x);
void pm_push_lookup(struct pm_cache *s, void *x);
void pm_push_start(struct pm_cache *s, void *x);
void pm_push_checked(struct pm_cache *s, void *x);

#endif
