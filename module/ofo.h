/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the out-of-order queue of a connection.
 *
 * Segments that arrive beyond RCV.NXT wait here until the gap before them
 * is filled. The queue is an sk_buff_head sorted by sequence number, whose
 * entries never overlap: what a new segment shares with queued ones is cut
 * from it, and queued segments it covers whole are dropped. Each entry
 * holds [seq, end_seq) of the stream (struct xtcp_skb_cb, sock.h) at
 * @offset in its data. Segments mostly arrive in order behind a gap, so the
 * search starts from the tail.
 *
 * The caller locks (the socket lock) and accounts memory.
 */
#ifndef _XTCP_OFO_H
#define _XTCP_OFO_H

#include <linux/skbuff.h>

/**
 * struct xtcp_ofo - an out-of-order queue
 * @list: the entries, sorted by sequence number
 * @steps: entries the last xtcp_ofo_insert() looked at: the work it did,
 *	which KUnit checks
 */
struct xtcp_ofo {
	struct sk_buff_head	list;
	unsigned int		steps;
};

/**
 * xtcp_ofo_for_each() - walk the entries in sequence order
 * @skb: the entry, a struct sk_buff *
 * @q: the queue, a struct xtcp_ofo *
 */
#define xtcp_ofo_for_each(skb, q)	skb_queue_walk(&(q)->list, skb)

/**
 * xtcp_ofo_init() - set up an empty queue
 * @q: the queue
 */
static inline void xtcp_ofo_init(struct xtcp_ofo *q)
{
	__skb_queue_head_init(&q->list);
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
	return skb_queue_empty(&q->list);
}

bool xtcp_ofo_insert(struct xtcp_ofo *q, struct sk_buff *skb);
struct sk_buff *xtcp_ofo_next(struct xtcp_ofo *q, u32 rcv_nxt);
void xtcp_ofo_purge(struct xtcp_ofo *q);
u32 xtcp_ofo_bytes(const struct xtcp_ofo *q);

#endif /* _XTCP_OFO_H */
