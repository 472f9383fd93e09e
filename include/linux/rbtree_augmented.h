/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/rbtree_augmented.h - red-black trees that keep a summary of each
 * subtree (the largest free block below a node, say) in the node.
 *
 * The summary of a node depends only on the node and the summaries of
 * its two children.  The tree calls back:
 *   propagate(node, stop)  recompute the summaries from @node up to (not
 *                          including) @stop, or to the root if @stop is NULL
 *   copy(old, new)         @new took @old's place: copy the summary
 *   rotate(old, new)       @new rotated above @old: @new gets @old's old
 *                          summary (same set of nodes), @old is recomputed
 *
 * Inserting: link the node, update the summaries on the path to it (the
 * caller knows how: propagate from the new node), then
 * rb_insert_augmented().  Erasing: rb_erase_augmented() does it all.
 */
#ifndef UKMEM_LINUX_RBTREE_AUGMENTED_H
#define UKMEM_LINUX_RBTREE_AUGMENTED_H

#include <linux/rbtree.h>

struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment);

#endif /* UKMEM_LINUX_RBTREE_AUGMENTED_H */
