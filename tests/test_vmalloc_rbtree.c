// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmalloc_rbtree.c - lib/rbtree.c, which the vmalloc trees stand on:
 * random insertions and erasures in a plain and an augmented tree (the
 * largest value of each subtree, as vmalloc's free tree keeps it), with
 * every red-black rule and every summary checked against a brute-force
 * model after each step.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/rbtree.h>
#include <linux/rbtree_augmented.h>
#include <criterion/criterion.h>
#include "helpers/ukmem_test.h"

struct item {
	struct rb_node rb;
	unsigned long key;
	unsigned long val;
	unsigned long sub_max;
	bool in;
};

static unsigned long sub_max(const struct rb_node *n)
{
	return n ? rb_entry(n, struct item, rb)->sub_max : 0;
}

static unsigned long compute(const struct item *it)
{
	unsigned long m = it->val;

	if (sub_max(it->rb.rb_left) > m)
		m = sub_max(it->rb.rb_left);
	if (sub_max(it->rb.rb_right) > m)
		m = sub_max(it->rb.rb_right);
	return m;
}

static void cb_propagate(struct rb_node *n, struct rb_node *stop)
{
	for (; n != stop; n = rb_parent(n))
		rb_entry(n, struct item, rb)->sub_max = compute(rb_entry(n, struct item, rb));
}

static void cb_copy(struct rb_node *old, struct rb_node *new)
{
	rb_entry(new, struct item, rb)->sub_max = rb_entry(old, struct item, rb)->sub_max;
}

static void cb_rotate(struct rb_node *old, struct rb_node *new)
{
	struct item *o = rb_entry(old, struct item, rb);

	rb_entry(new, struct item, rb)->sub_max = o->sub_max;
	o->sub_max = compute(o);
}

static const struct rb_augment_callbacks cbs = {cb_propagate, cb_copy, cb_rotate};

/* Black height, asserting the rules on the way. */
static int verify(const struct rb_node *n, const struct rb_node *parent, bool aug, unsigned long lo,
		  unsigned long hi)
{
	const struct item *it;
	bool red;
	int lh, rh;

	if (!n)
		return 1;
	it = rb_entry(n, struct item, rb);
	cr_assert_eq(rb_parent(n), parent);
	cr_assert(it->key >= lo && it->key < hi, "order broken at %lu", it->key);
	red = !(n->__rb_parent_color & 1);
	if (red && parent)
		cr_assert(parent->__rb_parent_color & 1, "red %lu has a red parent", it->key);
	if (aug)
		cr_assert_eq(it->sub_max, compute(it), "summary wrong at %lu", it->key);
	lh = verify(n->rb_left, n, aug, lo, it->key);
	rh = verify(n->rb_right, n, aug, it->key + 1, hi);
	cr_assert_eq(lh, rh, "black heights differ at %lu", it->key);
	return lh + !red;
}

static void insert(struct rb_root *root, struct item *it, bool aug)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, rb)->key ? &parent->rb_left
									: &parent->rb_right;
	}
	rb_link_node(&it->rb, parent, link);
	if (aug) {
		it->sub_max = it->val;
		cb_propagate(&it->rb, NULL);
		rb_insert_augmented(&it->rb, root, &cbs);
	} else {
		rb_insert_color(&it->rb, root);
	}
	it->in = true;
}

static void run(bool aug)
{
	enum {
		N = 1500
	};
	struct item *items = calloc(N, sizeof(*items));
	struct rb_root root = RB_ROOT;
	unsigned int seed = aug ? 7 : 3;
	int live = 0;

	cr_assert_not_null(items);
	for (int i = 0; i < N; i++) {
		items[i].key = (unsigned long)i * 2 + 1; /* distinct keys */
		items[i].val = rand_r(&seed) % 100000;
	}
	for (int step = 0; step < 12000; step++) {
		struct item *it = &items[rand_r(&seed) % N];

		if (it->in) {
			if (aug)
				rb_erase_augmented(&it->rb, &root, &cbs);
			else
				rb_erase(&it->rb, &root);
			cr_assert(RB_EMPTY_NODE(&it->rb));
			it->in = false;
			live--;
		} else {
			insert(&root, it, aug);
			live++;
		}
		if (step % 97 == 0 || step > 11900) {
			unsigned long want_max = 0;
			int count = 0;
			struct rb_node *n;
			unsigned long last = 0;

			if (root.rb_node)
				cr_assert(root.rb_node->__rb_parent_color & 1, "red root");
			verify(root.rb_node, NULL, aug, 0, ~0UL);
			for (int i = 0; i < N; i++)
				if (items[i].in && items[i].val > want_max)
					want_max = items[i].val;
			if (aug)
				cr_assert_eq(sub_max(root.rb_node), want_max);
			for (n = rb_first(&root); n; n = rb_next(n)) {
				cr_assert_gt(rb_entry(n, struct item, rb)->key, last);
				last = rb_entry(n, struct item, rb)->key;
				count++;
			}
			cr_assert_eq(count, live);
			count = 0;
			for (n = rb_last(&root); n; n = rb_prev(n))
				count++;
			cr_assert_eq(count, live);
		}
	}
	free(items);
}

Test(rbtree, plain_random)
{
	ut_boot("mem=64M");
	run(false);
	ut_end();
}

Test(rbtree, augmented_random)
{
	ut_boot("mem=64M");
	run(true);
	ut_end();
}
