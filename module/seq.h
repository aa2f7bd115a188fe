/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: sequence number arithmetic (RFC 793 section 3.3).
 *
 * Sequence numbers are 32-bit counters that wrap, so "a comes before b"
 * means that b is reached from a by adding less than 2^31 modulo 2^32.
 * Two numbers exactly 2^31 apart have no defined order (RFC 1982): each
 * then counts as before the other. Never compare them with < or >.
 */
#ifndef _XTCP_SEQ_H
#define _XTCP_SEQ_H

#include <linux/types.h>

/**
 * xtcp_seq_before() - is @a earlier than @b in sequence space?
 * @a: sequence number
 * @b: sequence number
 *
 * Return: true if @a comes strictly before @b (RFC 793 "a < b").
 */
static inline bool xtcp_seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

/**
 * xtcp_seq_after() - is @a later than @b in sequence space?
 * @a: sequence number
 * @b: sequence number
 *
 * Return: true if @a comes strictly after @b (RFC 793 "a > b").
 */
static inline bool xtcp_seq_after(u32 a, u32 b)
{
	return xtcp_seq_before(b, a);
}

/**
 * xtcp_seq_between() - is @seq inside the half-open range [@lo, @hi)?
 * @seq: sequence number to test
 * @lo: first number of the range (inclusive)
 * @hi: first number past the range (exclusive)
 *
 * The range runs from @lo upwards, wrapping past 2^32 - 1 if it must, and
 * holds hi - lo (modulo 2^32) numbers: it is empty when @lo == @hi. This is
 * RFC 793's receive window test "RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND" as
 * xtcp_seq_between(seg_seq, rcv_nxt, rcv_nxt + rcv_wnd). A test with other
 * ends shifts them: "SND.UNA < SEG.ACK =< SND.NXT" is
 * xtcp_seq_between(seg_ack, snd_una + 1, snd_nxt + 1).
 *
 * Return: true if lo =< seq < hi in sequence space.
 */
static inline bool xtcp_seq_between(u32 seq, u32 lo, u32 hi)
{
	return seq - lo < hi - lo;
}

/**
 * xtcp_seq_min() - the earlier of two sequence numbers
 * @a: sequence number
 * @b: sequence number
 *
 * Return: @a if it comes before @b, else @b.
 */
static inline u32 xtcp_seq_min(u32 a, u32 b)
{
	return xtcp_seq_before(a, b) ? a : b;
}

/**
 * xtcp_seq_max() - the later of two sequence numbers
 * @a: sequence number
 * @b: sequence number
 *
 * Return: @a if it comes after @b, else @b.
 */
static inline u32 xtcp_seq_max(u32 a, u32 b)
{
	return xtcp_seq_after(a, b) ? a : b;
}

#endif /* _XTCP_SEQ_H */
