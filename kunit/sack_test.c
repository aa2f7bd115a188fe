// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SACK (RFC 2018), DSACK (RFC 2883) and RFC 6675's loss
 * recovery: the options on the wire (module/wire.c), the receiver's
 * blocks (module/sack.c), the sender's scoreboard with IsLost(), pipe and
 * NextSeg() on worked examples, block validation (module/scoreboard.c),
 * the recovery and the DSACK undo (module/cong.c), and SACK-permitted
 * through a SYN cookie's TSval (module/syncookie.c).
 */
#include <kunit/test.h>

#include "../module/cong.h"
#include "../module/sack.h"
#include "../module/scoreboard.h"
#include "../module/syncookie.h"
#include "../module/wire.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define MSS	1000
#define UNA	0xfffff000u		/* the examples cross a wrap */
#define S(n)	(UNA + (n) * MSS)	/* start of segment n */

/* --- the wire --- */

/* SACK-permitted takes the NOPs before the Timestamps option, as Linux. */
static void xtcp_sack_test_wire_perm(struct kunit *test)
{
	static const u8 with_ts[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10 };
	static const u8 alone[] = { 2, 4, 0x05, 0xb4, 1, 1, 4, 2 };
	struct xtcp_seg seg = {
		.flags = XTCP_SYN, .has_mss = true, .mss = 1460,
		.has_ts = true, .has_sack_perm = true,
	}, out;
	u8 buf[XTCP_HDR_MAX];
	int hlen;

	hlen = xtcp_wire_build(buf, sizeof(buf), &seg);
	KUNIT_ASSERT_EQ(test, hlen, XTCP_HDR_MIN + 16);
	KUNIT_EXPECT_EQ(test, memcmp(buf + XTCP_HDR_MIN, with_ts,
				     sizeof(with_ts)), 0);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, hlen, &out), XTCP_DROP_NONE);
	KUNIT_EXPECT_TRUE(test, out.has_sack_perm && out.has_ts);
	seg.has_ts = false;
	hlen = xtcp_wire_build(buf, sizeof(buf), &seg);
	KUNIT_ASSERT_EQ(test, hlen, XTCP_HDR_MIN + 8);
	KUNIT_EXPECT_EQ(test, memcmp(buf + XTCP_HDR_MIN, alone,
				     sizeof(alone)), 0);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, hlen, &out), XTCP_DROP_NONE);
	KUNIT_EXPECT_TRUE(test, out.has_sack_perm);
	KUNIT_EXPECT_FALSE(test, out.has_ts);
}

/* Blocks written are read back; 3 fit beside timestamps, not 4. */
static void xtcp_sack_test_wire_blocks(struct kunit *test)
{
	struct xtcp_sack_block in[4] = {
		{ S(2), S(3) }, { S(5), S(7) }, { 1, 2 }, { S(9), S(10) },
	}, got[XTCP_SACK_BLOCKS_MAX];
	struct xtcp_seg seg = { .flags = XTCP_ACK, .has_ts = true }, out;
	u8 buf[XTCP_HDR_MAX];
	int hlen;

	hlen = xtcp_wire_build_sack(buf, sizeof(buf), &seg, in, 3);
	KUNIT_ASSERT_EQ(test, hlen, XTCP_HDR_MAX);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, hlen, &out), XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, xtcp_wire_sack_blocks(buf, &out, got), 3);
	KUNIT_EXPECT_EQ(test, memcmp(got, in, 3 * sizeof(in[0])), 0);
	KUNIT_EXPECT_EQ(test, xtcp_wire_build_sack(buf, sizeof(buf), &seg, in,
						   4), -ENOSPC);
	seg.has_ts = false;
	hlen = xtcp_wire_build_sack(buf, sizeof(buf), &seg, in, 4);
	KUNIT_ASSERT_EQ(test, hlen, XTCP_HDR_MIN + 36);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, hlen, &out), XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, xtcp_wire_sack_blocks(buf, &out, got), 4);
	KUNIT_EXPECT_EQ(test, memcmp(got, in, sizeof(in)), 0);
	/* a SACK option with no whole block is malformed */
	buf[XTCP_HDR_MIN + 3] = 2 + 7;
	KUNIT_EXPECT_EQ(test, xtcp_wire_parse(buf, hlen, &out),
			XTCP_DROP_BAD_OPTION);
}

/* --- the receiver's blocks --- */

static unsigned int fill(struct xtcp_sack_rcv *r, struct xtcp_sack_block *b,
			 unsigned int max)
{
	return xtcp_sack_rcv_fill(r, b, max);
}

/* The block of the latest arrival first; adjacent arrivals merge. */
static void xtcp_sack_test_rcv_order(struct kunit *test)
{
	struct xtcp_sack_block b[XTCP_SACK_BLOCKS_MAX];
	struct xtcp_sack_rcv r = {};

	xtcp_sack_rcv_ofo(&r, S(2), S(3));
	xtcp_sack_rcv_ofo(&r, S(5), S(6));
	xtcp_sack_rcv_ofo(&r, S(8), S(9));
	KUNIT_ASSERT_EQ(test, fill(&r, b, 4), 3);
	KUNIT_EXPECT_EQ(test, b[0].start, S(8));
	KUNIT_EXPECT_EQ(test, b[1].start, S(5));
	KUNIT_EXPECT_EQ(test, b[2].start, S(2));
	/* 3 extends [2, 3): that block moves to the front */
	xtcp_sack_rcv_ofo(&r, S(3), S(4));
	KUNIT_ASSERT_EQ(test, fill(&r, b, 4), 3);
	KUNIT_EXPECT_EQ(test, b[0].start, S(2));
	KUNIT_EXPECT_EQ(test, b[0].end, S(4));
	KUNIT_EXPECT_EQ(test, b[1].start, S(8));
	/* 4 bridges [2, 4) and [5, 6): one block */
	xtcp_sack_rcv_ofo(&r, S(4), S(5));
	KUNIT_ASSERT_EQ(test, fill(&r, b, 4), 2);
	KUNIT_EXPECT_EQ(test, b[0].start, S(2));
	KUNIT_EXPECT_EQ(test, b[0].end, S(6));
	KUNIT_EXPECT_EQ(test, b[1].start, S(8));
}

/* A fifth block pushes the oldest out; 3 fit beside timestamps. */
static void xtcp_sack_test_rcv_bound(struct kunit *test)
{
	struct xtcp_sack_block b[XTCP_SACK_BLOCKS_MAX];
	struct xtcp_sack_rcv r = {};
	int i;

	for (i = 1; i <= 5; i++)
		xtcp_sack_rcv_ofo(&r, S(2 * i), S(2 * i + 1));
	KUNIT_ASSERT_EQ(test, fill(&r, b, 4), 4);
	KUNIT_EXPECT_EQ(test, b[0].start, S(10));
	KUNIT_EXPECT_EQ(test, b[3].start, S(4));	/* S(2) is gone */
	KUNIT_ASSERT_EQ(test, fill(&r, b, 3), 3);
	KUNIT_EXPECT_EQ(test, b[2].start, S(6));
	/* RCV.NXT reaches 7: the blocks below go */
	xtcp_sack_rcv_advance(&r, S(7));
	KUNIT_ASSERT_EQ(test, fill(&r, b, 4), 2);
	KUNIT_EXPECT_EQ(test, b[0].start, S(10));
	KUNIT_EXPECT_EQ(test, b[1].start, S(8));
}

/* RFC 2883 4: the DSACK block first, and on one segment only. */
static void xtcp_sack_test_rcv_dsack(struct kunit *test)
{
	struct xtcp_sack_block b[XTCP_SACK_BLOCKS_MAX];
	struct xtcp_sack_rcv r = {};
	int i;

	for (i = 1; i <= 4; i++)
		xtcp_sack_rcv_ofo(&r, S(2 * i), S(2 * i + 1));
	xtcp_sack_rcv_dsack(&r, S(0), S(1));
	KUNIT_ASSERT_EQ(test, fill(&r, b, 3), 3);
	KUNIT_EXPECT_EQ(test, b[0].start, S(0));
	KUNIT_EXPECT_EQ(test, b[0].end, S(1));
	KUNIT_EXPECT_EQ(test, b[1].start, S(8));
	KUNIT_ASSERT_EQ(test, fill(&r, b, 3), 3);
	KUNIT_EXPECT_EQ(test, b[0].start, S(8));
	/* no room: the DSACK waits for a segment with room */
	xtcp_sack_rcv_dsack(&r, S(0), S(1));
	KUNIT_ASSERT_EQ(test, fill(&r, b, 0), 0);
	KUNIT_ASSERT_EQ(test, fill(&r, b, 1), 1);
	KUNIT_EXPECT_EQ(test, b[0].start, S(0));
	/* extend grows a DSACK that touches, replaces one that does not */
	xtcp_sack_rcv_dsack(&r, S(0), S(1));
	xtcp_sack_rcv_dsack_extend(&r, S(1), S(2));
	KUNIT_EXPECT_EQ(test, r.dsack.start, S(0));
	KUNIT_EXPECT_EQ(test, r.dsack.end, S(2));
	xtcp_sack_rcv_dsack_extend(&r, S(5), S(6));
	KUNIT_EXPECT_EQ(test, r.dsack.start, S(5));
}

/* --- the sender's scoreboard --- */

static struct xtcp_sack_board *board(struct kunit *test)
{
	struct xtcp_sack_board *sb = kunit_kzalloc(test, sizeof(*sb),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sb);
	return sb;
}

/* Ranges merge, stay sorted, and SND.UNA trims them. */
static void xtcp_sack_test_board_add(struct kunit *test)
{
	struct xtcp_sack_board *sb = board(test);

	KUNIT_EXPECT_EQ(test, xtcp_sb_add(sb, S(5), S(6)), MSS);
	KUNIT_EXPECT_EQ(test, xtcp_sb_add(sb, S(2), S(3)), MSS);
	KUNIT_EXPECT_EQ(test, xtcp_sb_add(sb, S(5), S(6)), 0);
	KUNIT_ASSERT_EQ(test, sb->n, 2);
	KUNIT_EXPECT_EQ(test, sb->r[0].start, S(2));
	/* [3, 5) touches both: one range */
	KUNIT_EXPECT_EQ(test, xtcp_sb_add(sb, S(3), S(5)), 2 * MSS);
	KUNIT_ASSERT_EQ(test, sb->n, 1);
	KUNIT_EXPECT_EQ(test, sb->r[0].end, S(6));
	KUNIT_EXPECT_EQ(test, sb->sacked, 4 * MSS);
	KUNIT_EXPECT_EQ(test, xtcp_sb_add(sb, S(1), S(8)), 3 * MSS);
	KUNIT_EXPECT_EQ(test, xtcp_sb_sacked_in(sb, S(0), S(3)), 2 * MSS);
	xtcp_sb_ack(sb, S(4));
	KUNIT_EXPECT_EQ(test, sb->r[0].start, S(4));
	KUNIT_EXPECT_EQ(test, sb->sacked, 4 * MSS);
	xtcp_sb_ack(sb, S(9));
	KUNIT_EXPECT_EQ(test, sb->n, 0);
	KUNIT_EXPECT_EQ(test, sb->sacked, 0);
}

/* At most XTCP_SB_RANGES: the highest range gives way to a lower one. */
static void xtcp_sack_test_board_bound(struct kunit *test)
{
	struct xtcp_sack_board *sb = board(test);
	int i;

	for (i = 1; i <= XTCP_SB_RANGES; i++)
		xtcp_sb_add(sb, S(2 * i), S(2 * i + 1));
	KUNIT_ASSERT_EQ(test, sb->n, XTCP_SB_RANGES);
	/* one more above them all is not kept */
	KUNIT_EXPECT_EQ(test, xtcp_sb_add(sb, S(100), S(101)), 0);
	KUNIT_EXPECT_EQ(test, sb->n, XTCP_SB_RANGES);
	/* one below: the highest goes */
	KUNIT_EXPECT_EQ(test, xtcp_sb_add(sb, S(0) + 1, S(1)), MSS - 1);
	KUNIT_EXPECT_EQ(test, sb->n, XTCP_SB_RANGES);
	KUNIT_EXPECT_EQ(test, xtcp_sb_high(sb, UNA), S(2 * XTCP_SB_RANGES - 1));
	KUNIT_EXPECT_EQ(test, sb->sacked, XTCP_SB_RANGES * MSS - 1);
}

/* tcp_is_sackblock_valid()'s cases, and tcp_check_dsack()'s. */
static void xtcp_sack_test_valid(struct kunit *test)
{
	u32 una = S(10), nxt = S(20), marker = S(5), wnd = 64 * MSS;
	struct xtcp_sack_block b;

#define V(s, e, d, undo) \
	(b = (struct xtcp_sack_block){ s, e }, \
	 xtcp_sb_valid(&b, d, una, nxt, marker, undo, wnd, false))
	KUNIT_EXPECT_EQ(test, V(S(11), S(12), false, false), XTCP_SB_OK);
	KUNIT_EXPECT_EQ(test, V(S(19), S(20), false, false), XTCP_SB_OK);
	KUNIT_EXPECT_EQ(test, V(S(19), S(21), false, false), XTCP_SB_DISCARD);
	KUNIT_EXPECT_EQ(test, V(S(12), S(11), false, false), XTCP_SB_DISCARD);
	KUNIT_EXPECT_EQ(test, V(S(10), S(12), false, false), XTCP_SB_DISCARD);
	KUNIT_EXPECT_EQ(test, V(S(6), S(7), false, false), XTCP_SB_DISCARD);
	/* DSACKs below SND.UNA: only back to the last recovery's start */
	KUNIT_EXPECT_EQ(test, V(S(6), S(7), true, true), XTCP_SB_OK);
	KUNIT_EXPECT_EQ(test, V(S(6), S(7), true, false),
			XTCP_SB_DSACK_NO_UNDO);
	KUNIT_EXPECT_EQ(test, V(S(3), S(4), true, true), XTCP_SB_DSACK_OLD);
	KUNIT_EXPECT_EQ(test, V(S(4), S(6), true, true), XTCP_SB_OK);
	KUNIT_EXPECT_EQ(test, V(S(9), S(11), true, true), XTCP_SB_DSACK_OLD);
	KUNIT_EXPECT_EQ(test, V(S(12), S(13), true, false), XTCP_SB_OK);
	/* an old block on a reordered ACK is not counted */
	b = (struct xtcp_sack_block){ S(6), S(7) };
	KUNIT_EXPECT_EQ(test, xtcp_sb_valid(&b, false, una, nxt, marker, false,
					    wnd, true), XTCP_SB_OLD);
#undef V
	{
		struct xtcp_sack_block d[2] = {
			{ S(3), S(4) }, { S(12), S(14) },
		};

		KUNIT_EXPECT_TRUE(test, xtcp_sb_is_dsack(d, 2, S(10)));
		d[0] = (struct xtcp_sack_block){ S(12), S(13) };
		KUNIT_EXPECT_TRUE(test, xtcp_sb_is_dsack(d, 2, S(10)));
		d[0] = (struct xtcp_sack_block){ S(15), S(16) };
		KUNIT_EXPECT_FALSE(test, xtcp_sb_is_dsack(d, 2, S(10)));
		KUNIT_EXPECT_FALSE(test, xtcp_sb_is_dsack(d, 1, S(10)));
	}
}

/*
 * A worked example in RFC 6675's terms: segments 0-9 sent (SMSS 1000,
 * DupThresh 3), 0 and 4 lost. SACKs of 1 and 2 make nothing lost yet
 * (two segments above 0, 2000 octets, not more than 2 * SMSS); a third
 * makes 0 lost. With all of 1-3 and 5-9 SACKed both holes are lost and
 * the pipe is empty; NextSeg() names 0, then 4, then nothing, and each
 * retransmission counts in the pipe.
 */
static void xtcp_sack_test_rfc6675_example(struct kunit *test)
{
	struct xtcp_sack_board *sb = board(test);
	u32 nxt = S(10), seq, len;

	xtcp_sb_add(sb, S(1), S(3));
	KUNIT_EXPECT_FALSE(test, xtcp_sb_is_lost(sb, UNA, MSS, 3));
	KUNIT_EXPECT_EQ(test, xtcp_sb_pipe(sb, UNA, nxt, UNA, MSS, 3), 8 * MSS);
	len = 0;
	KUNIT_EXPECT_FALSE(test, xtcp_sb_next_seg(sb, UNA, UNA, MSS, 3, &seq,
						  &len));
	/* rule 3: with no new data to send, the hole below HighACK */
	len = 1;
	KUNIT_ASSERT_TRUE(test, xtcp_sb_next_seg(sb, UNA, UNA, MSS, 3, &seq,
						 &len));
	KUNIT_EXPECT_EQ(test, seq, UNA);
	KUNIT_EXPECT_EQ(test, len, MSS);

	xtcp_sb_add(sb, S(3), S(4));
	KUNIT_EXPECT_TRUE(test, xtcp_sb_is_lost(sb, UNA, MSS, 3));
	KUNIT_EXPECT_FALSE(test, xtcp_sb_is_lost(sb, S(4), MSS, 3));
	/* 0 is lost: out of the pipe; 4-9 are in it */
	KUNIT_EXPECT_EQ(test, xtcp_sb_pipe(sb, UNA, nxt, UNA, MSS, 3), 6 * MSS);

	xtcp_sb_add(sb, S(5), S(10));
	KUNIT_EXPECT_TRUE(test, xtcp_sb_is_lost(sb, S(4), MSS, 3));
	KUNIT_EXPECT_EQ(test, xtcp_sb_pipe(sb, UNA, nxt, UNA, MSS, 3), 0);
	len = 0;
	KUNIT_ASSERT_TRUE(test, xtcp_sb_next_seg(sb, UNA, UNA, MSS, 3, &seq,
						 &len));
	KUNIT_EXPECT_EQ(test, seq, UNA);
	KUNIT_EXPECT_EQ(test, len, MSS);
	/* 0 sent again: HighRxt past it, it is in the pipe once */
	KUNIT_EXPECT_EQ(test, xtcp_sb_pipe(sb, UNA, nxt, S(1), MSS, 3), MSS);
	len = 0;
	KUNIT_ASSERT_TRUE(test, xtcp_sb_next_seg(sb, UNA, S(1), MSS, 3, &seq,
						 &len));
	KUNIT_EXPECT_EQ(test, seq, S(4));
	KUNIT_EXPECT_EQ(test, len, MSS);
	KUNIT_EXPECT_EQ(test, xtcp_sb_pipe(sb, UNA, nxt, S(5), MSS, 3),
			2 * MSS);
	len = 1;
	KUNIT_EXPECT_FALSE(test, xtcp_sb_next_seg(sb, UNA, S(5), MSS, 3, &seq,
						  &len));
	/* the ACK of 0-3: the hole at 4 is next */
	xtcp_sb_ack(sb, S(4));
	KUNIT_EXPECT_EQ(test, xtcp_sb_pipe(sb, S(4), nxt, S(5), MSS, 3), MSS);
}

/* A hole shorter than SMSS is resent alone, never what follows it. */
static void xtcp_sack_test_next_seg_short_hole(struct kunit *test)
{
	struct xtcp_sack_board *sb = board(test);
	u32 seq, len = 0;

	xtcp_sb_add(sb, S(0) + 300, S(6));
	KUNIT_ASSERT_TRUE(test, xtcp_sb_next_seg(sb, UNA, UNA, MSS, 3, &seq,
						 &len));
	KUNIT_EXPECT_EQ(test, seq, UNA);
	KUNIT_EXPECT_EQ(test, len, 300);
	len = MSS;
	KUNIT_EXPECT_EQ(test, xtcp_sb_skip(sb, UNA + 100, &len), UNA + 100);
	KUNIT_EXPECT_EQ(test, len, 200);
	len = MSS;
	KUNIT_EXPECT_EQ(test, xtcp_sb_skip(sb, S(2), &len), S(6));
	KUNIT_EXPECT_EQ(test, len, MSS);
}

/* --- recovery (cong.c) --- */

static void start(struct xtcp_cong *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->ops = &xtcp_cong_reno;
	xtcp_cong_start(cc, MSS, UNA);
	cc->sack = true;
	cc->cwnd = 20 * MSS;
}

/* IsLost(SND.UNA) starts recovery before the third duplicate ACK. */
static void xtcp_sack_test_recovery(struct kunit *test)
{
	u32 nxt = S(20), flight = 20 * MSS;
	struct xtcp_cong cc;

	start(&cc);
	KUNIT_EXPECT_EQ(test, xtcp_cong_sack_ack(&cc, UNA, 0, true, false, nxt,
						 flight), XTCP_CONG_NOTHING);
	KUNIT_EXPECT_EQ(test, xtcp_cong_sack_ack(&cc, UNA, 0, true, true, nxt,
						 flight), XTCP_CONG_RETRANSMIT);
	KUNIT_EXPECT_TRUE(test, cc.in_fast_recovery);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10 * MSS);	/* Reno: half */
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10 * MSS);
	/* a partial ACK: no deflation, the pipe rules */
	KUNIT_EXPECT_EQ(test, xtcp_cong_sack_ack(&cc, S(5), 5 * MSS, false,
						 true, nxt, flight),
			XTCP_CONG_RETRANSMIT);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10 * MSS);
	KUNIT_EXPECT_EQ(test, xtcp_cong_room(&cc, 4 * MSS), 6 * MSS);
	/* the ACK of "recover" ends it at ssthresh */
	KUNIT_EXPECT_EQ(test, xtcp_cong_sack_ack(&cc, nxt, 15 * MSS, false,
						 false, nxt, 15 * MSS),
			XTCP_CONG_NOTHING);
	KUNIT_EXPECT_FALSE(test, cc.in_fast_recovery);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10 * MSS);
}

/*
 * DSACKs for every octet resent undo the reduction (undo_retrans); a
 * duplicate of what was not resent counts for nothing.
 */
static void xtcp_sack_test_dsack_undo(struct kunit *test)
{
	u32 nxt = S(20), flight = 20 * MSS;
	struct xtcp_cong cc;

	start(&cc);
	xtcp_cong_sack_ack(&cc, UNA, 0, true, true, nxt, flight);
	xtcp_cong_resent(&cc, MSS);
	xtcp_cong_resent(&cc, MSS);
	cc.high_rxt = S(2);		/* 0 and 1 were sent again */
	KUNIT_EXPECT_FALSE(test, xtcp_cong_dsack(&cc, S(5), S(6)));
	KUNIT_EXPECT_FALSE(test, xtcp_cong_dsack(&cc, UNA - MSS, UNA));
	KUNIT_EXPECT_EQ(test, cc.undo_retrans, 2 * MSS);
	KUNIT_EXPECT_FALSE(test, xtcp_cong_dsack(&cc, S(0), S(1)));
	KUNIT_EXPECT_TRUE(test, cc.in_fast_recovery);
	KUNIT_EXPECT_TRUE(test, xtcp_cong_dsack(&cc, S(1), S(2)));
	KUNIT_EXPECT_FALSE(test, cc.in_fast_recovery);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 20 * MSS);
	KUNIT_EXPECT_GT(test, cc.reordering, XTCP_CONG_DUPTHRESH - 1);
	/*
	 * SND.UNA still below the undone recovery's "recover": a loss found
	 * now starts a recovery at once, not after the timeout
	 */
	KUNIT_EXPECT_EQ(test, xtcp_cong_sack_ack(&cc, S(1), MSS, false, true,
						 nxt, flight),
			XTCP_CONG_RETRANSMIT);
	KUNIT_EXPECT_TRUE(test, cc.in_fast_recovery);
	KUNIT_EXPECT_EQ(test, cc.recover, nxt);
	xtcp_cong_sack_ack(&cc, nxt, 19 * MSS, false, false, nxt, flight);
	KUNIT_EXPECT_FALSE(test, cc.in_fast_recovery);
	/* only once; and not after a timeout */
	KUNIT_EXPECT_FALSE(test, xtcp_cong_dsack(&cc, S(0), S(1)));
	xtcp_cong_sack_ack(&cc, nxt, 20 * MSS, false, false, nxt, flight);
	xtcp_cong_sack_ack(&cc, nxt, 0, false, true, S(40), flight);
	xtcp_cong_resent(&cc, MSS);
	cc.high_rxt = S(21);
	xtcp_cong_timeout(&cc, S(40), flight);
	KUNIT_EXPECT_FALSE(test, xtcp_cong_dsack(&cc, S(20), S(21)));
}

/* Reordering deeper than DupThresh raises it, as Linux, to 127 at most. */
static void xtcp_sack_test_reordered(struct kunit *test)
{
	struct xtcp_cong cc;

	start(&cc);
	KUNIT_EXPECT_FALSE(test, xtcp_cong_reordered(&cc, 3 * MSS));
	KUNIT_EXPECT_EQ(test, cc.reordering, XTCP_CONG_DUPTHRESH);
	KUNIT_EXPECT_TRUE(test, xtcp_cong_reordered(&cc, 7 * MSS + 1));
	KUNIT_EXPECT_EQ(test, cc.reordering, 8);
	KUNIT_EXPECT_FALSE(test, xtcp_cong_reordered(&cc, 5 * MSS));
	KUNIT_EXPECT_EQ(test, cc.reordering, 8);
	KUNIT_EXPECT_TRUE(test, xtcp_cong_reordered(&cc, 1000 * MSS));
	KUNIT_EXPECT_EQ(test, cc.reordering, XTCP_CONG_REORDER_MAX);
	/* IsLost() follows: 8 SACKed segments above 0 are not enough now */
	{
		struct xtcp_sack_board *sb = board(test);

		xtcp_sb_add(sb, S(1), S(9));
		KUNIT_EXPECT_TRUE(test, xtcp_sb_is_lost(sb, UNA, MSS, 8));
		KUNIT_EXPECT_FALSE(test, xtcp_sb_is_lost(sb, UNA, MSS,
							 cc.reordering));
	}
}

/* --- SYN cookies --- */

/* SACK-permitted goes through the TSval's low bits, as Linux's. */
static void xtcp_sack_test_cookie_ts(struct kunit *test)
{
	struct xtcp_syncookie_opts o = { .wscale_ok = true, .wscale = 7 };
	u32 ts;

	ts = xtcp_syncookie_ts_encode(0x12345678, &o, true);
	KUNIT_EXPECT_EQ(test, ts & 0x3f, 0x17);
	KUNIT_EXPECT_LE(test, (s32)(ts - 0x12345678), 0);
	KUNIT_EXPECT_TRUE(test, xtcp_syncookie_ts_sack(ts));
	ts = xtcp_syncookie_ts_encode(0x12345600, &o, false);
	KUNIT_EXPECT_EQ(test, ts & 0x3f, 0x07);
	KUNIT_EXPECT_EQ(test, ts, 0x123455c7);
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_ts_sack(ts));
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_ts_sack(0));
}

static struct kunit_case xtcp_sack_test_cases[] = {
	KUNIT_CASE(xtcp_sack_test_wire_perm),
	KUNIT_CASE(xtcp_sack_test_wire_blocks),
	KUNIT_CASE(xtcp_sack_test_rcv_order),
	KUNIT_CASE(xtcp_sack_test_rcv_bound),
	KUNIT_CASE(xtcp_sack_test_rcv_dsack),
	KUNIT_CASE(xtcp_sack_test_board_add),
	KUNIT_CASE(xtcp_sack_test_board_bound),
	KUNIT_CASE(xtcp_sack_test_valid),
	KUNIT_CASE(xtcp_sack_test_rfc6675_example),
	KUNIT_CASE(xtcp_sack_test_next_seg_short_hole),
	KUNIT_CASE(xtcp_sack_test_recovery),
	KUNIT_CASE(xtcp_sack_test_dsack_undo),
	KUNIT_CASE(xtcp_sack_test_reordered),
	KUNIT_CASE(xtcp_sack_test_cookie_ts),
	{}
};

static struct kunit_suite xtcp_sack_test_suite = {
	.name = "xtcp_sack",
	.test_cases = xtcp_sack_test_cases,
};

kunit_test_suite(xtcp_sack_test_suite);
