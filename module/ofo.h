/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the out-of-order queue of a connection.
 *
 * Segments that arrive beyond RCV.NXT wait here until the gap before them
 * is filled. The queue is an rbtree of sk_buffs (skb->rbnode) keyed by
 * sequence number, as Linux's tcp_data_queue_ofo() keeps
 * out_of_order_queue, whose entries never overlap: what a new segment
 * shares with queued ones is cut from it, and queued segments it covers
 * whole are dropped. Each entry holds [seq, end_seq) of the stream (struct
 * xtcp_skb_cb, sock.h) at @offset in its data; the data past end_seq are
 * cut when the entry leaves the queue.
 *
 * An insertion looks at O(log n) entries for n queued (at most 2 log2(n +
 * 1), the height of a red-black tree, and one after), plus one for each
 * queued entry it drops; a segment that goes after the last entry, the
 * usual case behind a single gap, looks at that entry only. Taking the
 * entry at RCV.NXT costs O(log n).
 *
 * The caller locks (the socket lock) and accounts memory: each entry is
 * charged to the socket's sk_rmem_alloc (skb_set_owner_r()), and the
 * socket adds none while sk_rmem_alloc is over sk_rcvbuf (sock.c,
 * ofo_keep()), so the queue holds at most sk_rcvbuf octets of truesize
 * plus one segment's.
 *
 * The rbtree node takes the place of skb->next, skb->prev and skb->dev:
 * a queued skb has no device (as in TCP, which clears skb->dev on input).
 */
#ifndef _XTCP_OFO_H
#define _XTCP_OFO_H

#include <linux/rbtree.h>
#include <linux/skbuff.h>

/**
 * struct xtcp_ofo - an out-of-order queue
 * @root: the entries, by sequence number
 * @last: the entry with the highest sequence number; NULL if none. A
 *	segment that starts at or after it goes after it, with no search.
 * @steps: entries the last xtcp_ofo_insert() looked at: the work it did,
 *	which KUnit checks
 */
struct xtcp_ofo {
	struct rb_root		root;
	struct sk_buff		*last;
	unsigned int		steps;
};

/**
 * xtcp_ofo_for_each() - walk the entries in sequence order
 * @skb: the entry, a struct sk_buff *
 * @q: the queue, a struct xtcp_ofo *
 */
#define xtcp_ofo_for_each(skb, q)	skb_rbtree_walk(skb, &(q)->root)

/**
 * xtcp_ofo_init() - set up an empty queue
 * @q: the queue
 */
static inline void xtcp_ofo_init(struct xtcp_ofo *q)
{
	q->root = RB_ROOT;
	q->last = NULL;
	q->steps = 0;
}

/**
 * xtcp_ofo_empty() - whether the queue holds nothing
 * @q: the queue
 *
 * Return: true if empty.
 */
static inline bool xtcp_ofo_empty(const struct xtcp_ofo *q)
{
	return RB_EMPTY_ROOT(&q->root);
}

bool xtcp_ofo_insert(struct xtcp_ofo *q, struct sk_buff *skb);
struct sk_buff *xtcp_ofo_next(struct xtcp_ofo *q, u32 rcv_nxt);
void xtcp_ofo_purge(struct xtcp_ofo *q);
u32 xtcp_ofo_bytes(const struct xtcp_ofo *q);

#endif /* _XTCP_OFO_H */
