// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the receiver's SACK blocks and DSACK (see sack.h).
 */
#include <linux/minmax.h>

#include "compat.h"
#include "sack.h"
#include "seq.h"

/* Grow @b to take [@seq, @end) if they touch or overlap (tcp_sack_extend). */
static bool extend(struct xtcp_sack_block *b, u32 seq, u32 end)
{
	if (xtcp_seq_after(seq, b->end) || xtcp_seq_after(b->start, end))
		return false;
	if (xtcp_seq_before(seq, b->start))
		b->start = seq;
	if (xtcp_seq_after(end, b->end))
		b->end = end;
	return true;
}

/* The first block grew: take in the others it now reaches. */
static void coalesce(struct xtcp_sack_rcv *r)
{
	unsigned int i = 1, j;

	while (i < r->num) {
		if (!extend(&r->blocks[0], r->blocks[i].start,
			    r->blocks[i].end)) {
			i++;
			continue;
		}
		r->num--;
		for (j = i; j < r->num; j++)
			r->blocks[j] = r->blocks[j + 1];
	}
}

/**
 * xtcp_sack_rcv_ofo() - a segment went into the out-of-order queue (or
 *	was a duplicate of what is there)
 * @r: the state
 * @seq: its first sequence number
 * @end: the sequence number after it
 *
 * Its block, grown or new, goes first; with every block taken, the last
 * (oldest) one is forgotten for a new one, as tcp_sack_new_ofo_skb().
 */
void xtcp_sack_rcv_ofo(struct xtcp_sack_rcv *r, u32 seq, u32 end)
{
	struct xtcp_sack_block b;
	unsigned int i;

	for (i = 0; i < r->num; i++) {
		if (!extend(&r->blocks[i], seq, end))
			continue;
		b = r->blocks[i];
		for (; i > 0; i--)
			r->blocks[i] = r->blocks[i - 1];
		r->blocks[0] = b;
		coalesce(r);
		return;
	}
	if (r->num == XTCP_SACK_BLOCKS_MAX)
		r->num--;
	for (i = r->num; i > 0; i--)
		r->blocks[i] = r->blocks[i - 1];
	r->blocks[0] = (struct xtcp_sack_block){ .start = seq, .end = end };
	r->num++;
}

XTCP_KUNIT_EXPORT(xtcp_sack_rcv_ofo);

/**
 * xtcp_sack_rcv_advance() - RCV.NXT moved: drop the blocks it reached
 * @r: the state
 * @rcv_nxt: RCV.NXT
 *
 * As tcp_sack_remove(): a block whose start RCV.NXT reached is all
 * acknowledged now (the queue gave its data in order).
 */
void xtcp_sack_rcv_advance(struct xtcp_sack_rcv *r, u32 rcv_nxt)
{
	unsigned int i = 0, j;

	while (i < r->num) {
		if (xtcp_seq_before(rcv_nxt, r->blocks[i].start)) {
			i++;
			continue;
		}
		r->num--;
		for (j = i; j < r->num; j++)
			r->blocks[j] = r->blocks[j + 1];
	}
}

XTCP_KUNIT_EXPORT(xtcp_sack_rcv_advance);

/**
 * xtcp_sack_rcv_dsack() - a duplicate arrived: report [@seq, @end) in a
 *	DSACK block (RFC 2883)
 * @r: the state
 * @seq: the first duplicate sequence number
 * @end: the sequence number after the last
 *
 * As tcp_dsack_set(): it replaces a DSACK not yet sent.
 */
void xtcp_sack_rcv_dsack(struct xtcp_sack_rcv *r, u32 seq, u32 end)
{
	r->dsack = (struct xtcp_sack_block){ .start = seq, .end = end };
	r->dsack_set = true;
}

XTCP_KUNIT_EXPORT(xtcp_sack_rcv_dsack);

/**
 * xtcp_sack_rcv_dsack_extend() - more of one segment was a duplicate
 * @r: the state
 * @seq: the first duplicate sequence number
 * @end: the sequence number after the last
 *
 * As tcp_dsack_extend(): grows the DSACK block not yet sent if it
 * touches it, else sets one.
 */
void xtcp_sack_rcv_dsack_extend(struct xtcp_sack_rcv *r, u32 seq, u32 end)
{
	if (!r->dsack_set || !extend(&r->dsack, seq, end))
		xtcp_sack_rcv_dsack(r, seq, end);
}

XTCP_KUNIT_EXPORT(xtcp_sack_rcv_dsack_extend);

/**
 * xtcp_sack_rcv_fill() - the blocks for the segment about to be sent
 * @r: the state
 * @out: gets them, the DSACK block first
 * @max: room in the header, in blocks (3 beside timestamps, 4 without)
 *
 * The DSACK block is reported once: it is forgotten once it was put in
 * @out, as tcp_options_write() does.
 *
 * Return: the number of blocks in @out.
 */
unsigned int xtcp_sack_rcv_fill(struct xtcp_sack_rcv *r,
				struct xtcp_sack_block *out, unsigned int max)
{
	unsigned int n = 0, i;

	if (!max)
		return 0;
	if (r->dsack_set) {
		out[n++] = r->dsack;
		r->dsack_set = false;
	}
	for (i = 0; i < r->num && n < max; i++)
		out[n++] = r->blocks[i];
	return n;
}

XTCP_KUNIT_EXPORT(xtcp_sack_rcv_fill);
