/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux/rbtree.h - red-black trees with the kernel's API.
 *
 * The caller embeds a struct rb_node in its own structure, finds the place
 * of a new node itself (walking from rb_root.rb_node and comparing its own
 * keys), links it with rb_link_node() and then lets rb_insert_color()
 * rebalance.  The parent pointer and the colour share one word, as in the
 * kernel (nodes are at least 4-byte aligned, so bit 0 is free).
 *
 * Augmented trees (a per-subtree summary kept up to date through
 * rotations) are in linux/rbtree_augmented.h.  ukmem's implementation is
 * src/lib/rbtree.c.
 */
#ifndef UKMEM_LINUX_RBTREE_H
#define UKMEM_LINUX_RBTREE_H

#include <linux/types.h>
#include <linux/container_of.h>

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT ((struct rb_root){NULL})
#define RB_RED 0
#define RB_BLACK 1

#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member)                          \
	({                                                        \
		__typeof__(ptr) ____ptr = (ptr);                  \
		____ptr ? rb_entry(____ptr, type, member) : NULL; \
	})
#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)
/* A node that is in no tree points at itself. */
#define RB_EMPTY_NODE(node) ((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) ((node)->__rb_parent_color = (unsigned long)(node))

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);

struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* Attach @node as the child *@rb_link of @parent (NULL for the root). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent; /* red */
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

#endif /* UKMEM_LINUX_RBTREE_H */
