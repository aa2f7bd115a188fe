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

bool xtcp_ofo_insert(struct sk_buff_head *q, struct sk_buff *skb);
struct sk_buff *xtcp_ofo_next(struct sk_buff_head *q, u32 rcv_nxt);
u32 xtcp_ofo_bytes(const struct sk_buff_head *q);

#endif /* _XTCP_OFO_H */
