// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the out-of-order queue (see ofo.h).
 */
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

/**
 * xtcp_ofo_insert() - queue a segment that arrived beyond RCV.NXT
 * @q: the queue
 * @skb: the segment; its cb gives [seq, end_seq) and the offset of seq in
 *	its data. Taken by the queue if queued, else left to the caller.
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
	/* the last entry that starts at or before the new one */
	skb_queue_reverse_walk(&q->list, prev) {
		q->steps++;
		if (!xtcp_seq_after(seq_of(prev), seq_of(skb)))
			break;
	}
	if (prev != (struct sk_buff *)&q->list) {
		if (!xtcp_seq_before(end_of(prev), end_of(skb)))
			return false;		/* a duplicate */
		if (xtcp_seq_after(end_of(prev), seq_of(skb)))
			cut_head(skb, end_of(prev) - seq_of(skb));
	}
	/* drop what it covers, cut what it overlaps at its end */
	while ((next = prev->next) != (struct sk_buff *)&q->list &&
	       xtcp_seq_before(seq_of(next), end_of(skb))) {
		q->steps++;
		if (xtcp_seq_after(end_of(next), end_of(skb))) {
			XTCP_SKB_CB(skb)->end_seq = seq_of(next);
			break;
		}
		__skb_unlink(next, &q->list);
		kfree_skb(next);
	}
	if (!xtcp_seq_before(seq_of(skb), end_of(skb)))
		return false;		/* the next entry has all of it */
	__skb_queue_after(&q->list, prev, skb);
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
 * Return: an entry, unlinked, that starts at @rcv_nxt; or NULL.
 */
struct sk_buff *xtcp_ofo_next(struct xtcp_ofo *q, u32 rcv_nxt)
{
	struct sk_buff *skb;

	while ((skb = skb_peek(&q->list)) &&
	       !xtcp_seq_after(seq_of(skb), rcv_nxt)) {
		__skb_unlink(skb, &q->list);
		if (xtcp_seq_after(end_of(skb), rcv_nxt)) {
			cut_head(skb, rcv_nxt - seq_of(skb));
			return skb;
		}
		kfree_skb(skb);
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
	__skb_queue_purge(&q->list);
}

XTCP_KUNIT_EXPORT(xtcp_ofo_purge);

/**
 * xtcp_ofo_bytes() - octets of the stream the queue holds
 * @q: the queue
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
