// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the out-of-order queue (see ofo.h).
 */
#include <linux/rbtree.h>
#include <linux/skbuff.h>

#include "compat.h"
#include "ofo.h"
#include "seq.h"
#include "sock.h"

static u32 seq_of(const struct sk_buff *skb)
{
	return XTCP_SKB_CB(skb)->seq;
}

static u32 end_of(const struct sk_buff *skb)
{
	return XTCP_SKB_CB(skb)->end_seq;
}

/* Cut @n octets from the front of an entry. */
static void cut_head(struct sk_buff *skb, u32 n)
{
	XTCP_SKB_CB(skb)->seq += n;
	XTCP_SKB_CB(skb)->offset += n;
}

/* The last entry that starts at or before @seq, or NULL. */
static struct sk_buff *find_prev(struct xtcp_ofo *q, u32 seq)
{
	struct rb_node *node = q->root.rb_node;
	struct sk_buff *prev = NULL;

	if (q->last && !xtcp_seq_after(seq_of(q->last), seq)) {
		q->steps++;
		return q->last;
	}
	while (node) {
		struct sk_buff *skb = rb_to_skb(node);

		q->steps++;
		if (xtcp_seq_after(seq_of(skb), seq)) {
			node = node->rb_left;
		} else {
			prev = skb;
			node = node->rb_right;
		}
	}
	return prev;
}

static void unlink(struct xtcp_ofo *q, struct sk_buff *skb)
{
	if (q->last == skb)
		q->last = skb_rb_prev(skb);
	rb_erase(&skb->rbnode, &q->root);
}

/* Link @skb in between @prev and @next, neighbours in the tree or NULL. */
static void link_between(struct xtcp_ofo *q, struct sk_buff *skb,
			 struct sk_buff *prev, struct sk_buff *next)
{
	struct rb_node *parent = NULL, **p = &q->root.rb_node;

	/*
	 * If @prev has a right subtree, @next is its leftmost entry and has
	 * no left child; if @prev is NULL, @next is the first entry.
	 */
	if (prev && !prev->rbnode.rb_right) {
		parent = &prev->rbnode;
		p = &parent->rb_right;
	} else if (next) {
		parent = &next->rbnode;
		p = &parent->rb_left;
	}
	rb_link_node(&skb->rbnode, parent, p);
	rb_insert_color(&skb->rbnode, &q->root);
	if (!next)
		q->last = skb;
}

/**
 * xtcp_ofo_insert() - queue a segment that arrived beyond RCV.NXT
 * @q: the queue
 * @skb: the segment; its cb gives [seq, end_seq) and the offset of seq in
 *	its data. Taken by the queue if queued, else left to the caller.
 *
 * The segment loses what the entry before it holds; the entries it covers
 * whole are freed, and it stops where the first one it does not cover
 * starts. That costs O(log n) for n entries, and O(1) for a segment after
 * the last entry, plus the entries freed.
 *
 * Return: true if queued; false if the queue had every octet of it
 * already (the caller frees it).
 */
bool xtcp_ofo_insert(struct xtcp_ofo *q, struct sk_buff *skb)
{
	struct sk_buff *prev, *next;

	q->steps = 0;
	if (!xtcp_seq_before(seq_of(skb), end_of(skb)))
		return false;
	prev = find_prev(q, seq_of(skb));
	if (prev) {
		if (!xtcp_seq_before(end_of(prev), end_of(skb)))
			return false;		/* a duplicate */
		if (xtcp_seq_after(end_of(prev), seq_of(skb)))
			cut_head(skb, end_of(prev) - seq_of(skb));
		next = prev == q->last ? NULL : skb_rb_next(prev);
	} else {
		next = skb_rb_first(&q->root);
	}
	/* drop what it covers, cut what it overlaps at its end */
	while (next && xtcp_seq_before(seq_of(next), end_of(skb))) {
		struct sk_buff *covered = next;

		q->steps++;
		if (xtcp_seq_after(end_of(next), end_of(skb))) {
			XTCP_SKB_CB(skb)->end_seq = seq_of(next);
			break;
		}
		next = skb_rb_next(covered);
		unlink(q, covered);
		kfree_skb(covered);
	}
	if (!xtcp_seq_before(seq_of(skb), end_of(skb)))
		return false;		/* the next entry has all of it */
	link_between(q, skb, prev, next);
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_ofo_insert);

/**
 * xtcp_ofo_next() - the next queued octets, if the gap before them is gone
 * @q: the queue
 * @rcv_nxt: RCV.NXT
 *
 * Entries wholly before @rcv_nxt are freed on the way; the one returned is
 * cut to start at @rcv_nxt.
 *
 * Return: an entry, out of the queue, that starts at @rcv_nxt; or NULL.
 */
struct sk_buff *xtcp_ofo_next(struct xtcp_ofo *q, u32 rcv_nxt)
{
	struct sk_buff *skb;

	while ((skb = skb_rb_first(&q->root)) &&
	       !xtcp_seq_after(seq_of(skb), rcv_nxt)) {
		unlink(q, skb);
		if (!xtcp_seq_after(end_of(skb), rcv_nxt)) {
			kfree_skb(skb);
			continue;
		}
		skb_mark_not_on_list(skb);
		skb->dev = NULL;
		cut_head(skb, rcv_nxt - seq_of(skb));
		return skb;
	}
	return NULL;
}

XTCP_KUNIT_EXPORT(xtcp_ofo_next);

/**
 * xtcp_ofo_purge() - free every entry
 * @q: the queue
 */
void xtcp_ofo_purge(struct xtcp_ofo *q)
{
	struct sk_buff *skb, *tmp;

	rbtree_postorder_for_each_entry_safe(skb, tmp, &q->root, rbnode)
		kfree_skb(skb);
	xtcp_ofo_init(q);
}

XTCP_KUNIT_EXPORT(xtcp_ofo_purge);

/**
 * xtcp_ofo_bytes() - octets of the stream the queue holds
 * @q: the queue
 *
 * Walks every entry: for tests and diagnostics, not the data path.
 *
 * Return: the sum of the entries' lengths.
 */
u32 xtcp_ofo_bytes(const struct xtcp_ofo *q)
{
	const struct sk_buff *skb;
	u32 n = 0;

	xtcp_ofo_for_each(skb, q)
		n += end_of(skb) - seq_of(skb);
	return n;
}

XTCP_KUNIT_EXPORT(xtcp_ofo_bytes);
