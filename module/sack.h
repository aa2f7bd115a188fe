/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the receiver's side of SACK (RFC 2018) and DSACK (RFC 2883).
 *
 * The receiver keeps up to XTCP_SACK_BLOCKS_MAX blocks of what its
 * out-of-order queue holds, as Linux's selective_acks[]: the block the
 * latest arrival went into comes first (RFC 2018 4: "the first SACK block
 * MUST specify the contiguous block of data containing the segment which
 * triggered this ACK"), then the others, most recent first. A segment that
 * joins or bridges blocks merges them; a new block when all are taken
 * pushes the oldest out (it may be reported again later). Blocks RCV.NXT
 * has passed go. This is bookkeeping beside the queue (ofo.c), as Linux's
 * tcp_sack_new_ofo_skb() and tcp_sack_remove() do it, so no ACK walks the
 * queue.
 *
 * A duplicate segment (all or part of it already received) is reported
 * once, in a DSACK block put before the others on the next segment sent
 * (RFC 2883 4), as tcp_dsack_set() and tcp_dsack_extend().
 *
 * Pure functions on struct xtcp_sack_rcv; the caller (sock.c, output.c)
 * holds the socket lock.
 */
#ifndef _XTCP_SACK_H
#define _XTCP_SACK_H

#include <linux/types.h>

#include "wire.h"

/**
 * struct xtcp_sack_rcv - the receiver's SACK state
 * @blocks: the blocks, most recent first
 * @num: how many of @blocks are in use
 * @dsack: the duplicate range to report, valid with @dsack_set
 * @dsack_set: @dsack goes first on the next segment sent, once
 */
struct xtcp_sack_rcv {
	struct xtcp_sack_block	blocks[XTCP_SACK_BLOCKS_MAX];
	u8			num;
	bool			dsack_set;
	struct xtcp_sack_block	dsack;
};

/**
 * xtcp_sack_rcv_reset() - forget every block (the queue was emptied)
 * @r: the state
 */
static inline void xtcp_sack_rcv_reset(struct xtcp_sack_rcv *r)
{
	r->num = 0;
}

void xtcp_sack_rcv_ofo(struct xtcp_sack_rcv *r, u32 seq, u32 end);
void xtcp_sack_rcv_advance(struct xtcp_sack_rcv *r, u32 rcv_nxt);
void xtcp_sack_rcv_dsack(struct xtcp_sack_rcv *r, u32 seq, u32 end);
void xtcp_sack_rcv_dsack_extend(struct xtcp_sack_rcv *r, u32 seq, u32 end);
unsigned int xtcp_sack_rcv_fill(struct xtcp_sack_rcv *r,
				struct xtcp_sack_block *out, unsigned int max);

#endif /* _XTCP_SACK_H */
