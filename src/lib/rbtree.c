// SPDX-License-Identifier: GPL-2.0
/*
 * lib/rbtree.c - red-black trees, plain and augmented.
 *
 * What it owns: the balancing of trees whose nodes the callers embed
 * (linux/rbtree.h, linux/rbtree_augmented.h).  The callers own the keys:
 * they walk the tree to the insertion point themselves.
 *
 * Algorithm: the textbook red-black tree with parent pointers.  The
 * colour lives in bit 0 of the parent word (red = 0, so a freshly linked
 * node is red).  Insertion recolours upward while the parent is red and
 * ends with at most two rotations; erasure splices out the node (or its
 * in-order successor, which then takes the node's place and colour) and,
 * when a black node left, restores the black height with at most three
 * rotations.
 *
 * Augmentation: a rotation changes the subtrees of exactly two nodes, so
 * the rotate callback is told which two; erasure changes the subtrees of
 * every node from the splice point to the root, so it propagates along
 * that path once before rebalancing (the rotations then only move
 * already-correct summaries around).  The propagation does not stop
 * early: when the successor moves up, a summary below it may come out
 * unchanged while the successor's own must still be redone.
 *
 * Locking: none; the caller serialises access to each tree.
 *
 * Differs from Linux: the same contract and names, but written afresh
 * and without the kernel's lockless-lookup write ordering (no RCU
 * readers here) and without the cached-leftmost variants.
 */
#include <linux/rbtree.h>
#include <linux/rbtree_augmented.h>

static inline bool rb_is_red(const struct rb_node *n)
{
	return n && !(n->__rb_parent_color & 1);
}

static inline unsigned long rb_color(const struct rb_node *n)
{
	return n->__rb_parent_color & 1;
}

static inline void rb_set_color(struct rb_node *n, unsigned long color)
{
	n->__rb_parent_color = (n->__rb_parent_color & ~1UL) | color;
}

static inline void rb_set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = (unsigned long)p | rb_color(n);
}

/* Put @new where @old hangs below @parent (or at the root). */
static inline void rb_replace_child(struct rb_node *parent, struct rb_node *old,
				    struct rb_node *new, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

static void rb_rotate_left(struct rb_node *x, struct rb_root *root,
			   const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->rb_right;
	struct rb_node *p = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	rb_set_parent(y, p);
	rb_replace_child(p, x, y, root);
	y->rb_left = x;
	rb_set_parent(x, y);
	if (aug)
		aug->rotate(x, y);
}

static void rb_rotate_right(struct rb_node *x, struct rb_root *root,
			    const struct rb_augment_callbacks *aug)
{
	struct rb_node *y = x->rb_left;
	struct rb_node *p = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	rb_set_parent(y, p);
	rb_replace_child(p, x, y, root);
	y->rb_right = x;
	rb_set_parent(x, y);
	if (aug)
		aug->rotate(x, y);
}

static void rb_insert_fixup(struct rb_node *node, struct rb_root *root,
			    const struct rb_augment_callbacks *aug)
{
	struct rb_node *parent;

	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		/* a red parent is never the root, so the grandparent exists */
		struct rb_node *gparent = rb_parent(parent);

		if (parent == gparent->rb_left) {
			struct rb_node *uncle = gparent->rb_right;

			if (rb_is_red(uncle)) {
				rb_set_color(parent, RB_BLACK);
				rb_set_color(uncle, RB_BLACK);
				rb_set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rb_rotate_left(parent, root, aug);
				node = parent;
				parent = rb_parent(node);
			}
			rb_set_color(parent, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			rb_rotate_right(gparent, root, aug);
		} else {
			struct rb_node *uncle = gparent->rb_left;

			if (rb_is_red(uncle)) {
				rb_set_color(parent, RB_BLACK);
				rb_set_color(uncle, RB_BLACK);
				rb_set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rb_rotate_right(parent, root, aug);
				node = parent;
				parent = rb_parent(node);
			}
			rb_set_color(parent, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			rb_rotate_left(gparent, root, aug);
		}
	}
	rb_set_color(root->rb_node, RB_BLACK);
}

/* @x (possibly NULL) below @xp carries an extra black: push it up or fix it. */
static void rb_erase_fixup(struct rb_node *x, struct rb_node *xp, struct rb_root *root,
			   const struct rb_augment_callbacks *aug)
{
	while (x != root->rb_node && !rb_is_red(x)) {
		struct rb_node *w;

		if (x == xp->rb_left) {
			w = xp->rb_right;
			if (rb_is_red(w)) {
				rb_set_color(w, RB_BLACK);
				rb_set_color(xp, RB_RED);
				rb_rotate_left(xp, root, aug);
				w = xp->rb_right;
			}
			if (!rb_is_red(w->rb_left) && !rb_is_red(w->rb_right)) {
				rb_set_color(w, RB_RED);
				x = xp;
				xp = rb_parent(x);
				continue;
			}
			if (!rb_is_red(w->rb_right)) {
				rb_set_color(w->rb_left, RB_BLACK);
				rb_set_color(w, RB_RED);
				rb_rotate_right(w, root, aug);
				w = xp->rb_right;
			}
			rb_set_color(w, rb_color(xp));
			rb_set_color(xp, RB_BLACK);
			rb_set_color(w->rb_right, RB_BLACK);
			rb_rotate_left(xp, root, aug);
		} else {
			w = xp->rb_left;
			if (rb_is_red(w)) {
				rb_set_color(w, RB_BLACK);
				rb_set_color(xp, RB_RED);
				rb_rotate_right(xp, root, aug);
				w = xp->rb_left;
			}
			if (!rb_is_red(w->rb_left) && !rb_is_red(w->rb_right)) {
				rb_set_color(w, RB_RED);
				x = xp;
				xp = rb_parent(x);
				continue;
			}
			if (!rb_is_red(w->rb_left)) {
				rb_set_color(w->rb_right, RB_BLACK);
				rb_set_color(w, RB_RED);
				rb_rotate_left(w, root, aug);
				w = xp->rb_left;
			}
			rb_set_color(w, rb_color(xp));
			rb_set_color(xp, RB_BLACK);
			rb_set_color(w->rb_left, RB_BLACK);
			rb_rotate_right(xp, root, aug);
		}
		x = root->rb_node;
		break;
	}
	if (x)
		rb_set_color(x, RB_BLACK);
}

static void rb_do_erase(struct rb_node *z, struct rb_root *root,
			const struct rb_augment_callbacks *aug)
{
	struct rb_node *x, *xp;
	unsigned long removed_color;

	if (!z->rb_left || !z->rb_right) {
		struct rb_node *parent = rb_parent(z);

		x = z->rb_left ? z->rb_left : z->rb_right;
		removed_color = rb_color(z);
		rb_replace_child(parent, z, x, root);
		if (x)
			rb_set_parent(x, parent);
		xp = parent;
		if (aug && parent)
			aug->propagate(parent, NULL);
	} else {
		struct rb_node *y = z->rb_right;

		while (y->rb_left)
			y = y->rb_left;
		removed_color = rb_color(y);
		x = y->rb_right;
		if (rb_parent(y) == z) {
			xp = y;
		} else {
			xp = rb_parent(y);
			xp->rb_left = x; /* the leftmost node is a left child */
			if (x)
				rb_set_parent(x, xp);
			y->rb_right = z->rb_right;
			rb_set_parent(z->rb_right, y);
		}
		rb_replace_child(rb_parent(z), z, y, root);
		y->__rb_parent_color = z->__rb_parent_color;
		y->rb_left = z->rb_left;
		rb_set_parent(z->rb_left, y);
		if (aug) {
			aug->copy(z, y);
			aug->propagate(xp, NULL);
		}
	}
	if (removed_color == RB_BLACK)
		rb_erase_fixup(x, xp, root, aug);
	RB_CLEAR_NODE(z);
}

/**
 * rb_insert_color - rebalance after rb_link_node()
 * @node: the node just linked
 * @root: its tree
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_fixup(node, root, NULL);
}

/**
 * rb_erase - unlink @node from @root and rebalance
 * @node: a node of the tree
 * @root: the tree
 *
 * Afterwards RB_EMPTY_NODE(@node) is true.
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_do_erase(node, root, NULL);
}

/**
 * rb_insert_augmented - rebalance an augmented tree after an insertion
 * @node: the node just linked (summaries on its path already updated)
 * @root: the tree
 * @augment: the summary callbacks
 */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment)
{
	rb_insert_fixup(node, root, augment);
}

/**
 * rb_erase_augmented - unlink @node, keep every summary right, rebalance
 * @node: a node of the tree
 * @root: the tree
 * @augment: the summary callbacks
 */
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	rb_do_erase(node, root, augment);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* climb while we are a right child; the first left-child step's parent is next */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}
