// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for RACK-TLP (RFC 8985, module/rack.c): the records of the
 * segments in flight, RACK's advance on delivery, marking lost by time,
 * the reordering window and its DSACK growth, the probe timeout and what
 * the probe's ACK says; the worked examples of RFC 8985 3.3 (a tail loss
 * repaired by a probe) and 3.4 (reordering within the window is not a
 * loss); RACK's edge on the scoreboard's pipe and NextSeg(), and the
 * recovery it starts (module/scoreboard.c, module/cong.c).
 */
#include <kunit/test.h>
#include <linux/jiffies.h>

#include "../module/cong.h"
#include "../module/rack.h"
#include "../module/scoreboard.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define MSS	1000
#define UNA	0xfffff000u		/* the examples cross a wrap */
#define S(n)	(UNA + (n) * MSS)	/* start of segment n */
#define MS	1000			/* microseconds */
#define T0	0xfff00000u		/* the clock wraps in the examples */

/**
 * struct fx - a case's state, off the stack (KASAN's frames are small)
 * @r: a connection's RACK state
 * @q: its records
 * @sb: a scoreboard
 * @empty: one with nothing SACKed
 * @cc: a connection's congestion state
 */
struct fx {
	struct xtcp_rack	r;
	struct xtcp_rack_segs	q;
	struct xtcp_sack_board	sb;
	struct xtcp_sack_board	empty;
	struct xtcp_cong	cc;
};

/* A connection with RACK and TLP, no records yet */
static void reset(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	xtcp_rack_init(&f->r, XTCP_RACK_LOSS_DETECTION, true);
	f->r.segs = &f->q;
}

static struct fx *fixture(struct kunit *test)
{
	struct fx *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	reset(f);
	return f;
}

/* Reno, started at @una, with SACK and RACK */
static void cong(struct fx *f, u32 una)
{
	f->cc.ops = &xtcp_cong_reno;
	xtcp_cong_start(&f->cc, MSS, una);
	f->cc.sack = true;
	f->cc.rack = true;
}

/* Segments @from to @to - 1 leave, one a millisecond from @t. */
static void send(struct xtcp_rack *r, int from, int to, u32 t)
{
	int i;

	for (i = from; i < to; i++)
		xtcp_rack_sent(r, S(i), S(i + 1), t + (i - from) * MS, false);
}

/* A scoreboard SACKing segments @from to @to - 1 */
static void sack(struct xtcp_sack_board *sb, int from, int to)
{
	memset(sb, 0, sizeof(*sb));
	xtcp_sb_add(sb, S(from), S(to));
}

/* New data gets a record each; a retransmission in the middle is cut out. */
static void xtcp_rack_test_records(struct kunit *test)
{
	struct fx *f = fixture(test);

	send(&f->r, 0, 4, T0);
	KUNIT_ASSERT_EQ(test, f->q.n, 4);
	KUNIT_EXPECT_EQ(test, f->q.s[3].start, S(3));
	KUNIT_EXPECT_EQ(test, f->q.s[3].xmit_us, T0 + 3 * MS);
	/* half of segment 1 and half of 2 again: cut at both edges */
	xtcp_rack_sent(&f->r, S(1) + 500, S(2) + 500, T0 + 50 * MS, true);
	KUNIT_ASSERT_EQ(test, f->q.n, 6);
	KUNIT_EXPECT_EQ(test, f->q.s[1].end, S(1) + 500);
	KUNIT_EXPECT_EQ(test, f->q.s[1].flags, 0);
	KUNIT_EXPECT_EQ(test, f->q.s[2].start, S(1) + 500);
	KUNIT_EXPECT_EQ(test, f->q.s[2].end, S(2));
	KUNIT_EXPECT_EQ(test, f->q.s[2].xmit_us, T0 + 50 * MS);
	KUNIT_EXPECT_EQ(test, f->q.s[2].flags, XTCP_RACK_RETRANS);
	KUNIT_EXPECT_EQ(test, f->q.s[3].end, S(2) + 500);
	KUNIT_EXPECT_EQ(test, f->q.s[3].flags, XTCP_RACK_RETRANS);
	KUNIT_EXPECT_EQ(test, f->q.s[4].start, S(2) + 500);
	KUNIT_EXPECT_EQ(test, f->q.s[4].xmit_us, T0 + 2 * MS);
	/* SND.UNA in the middle of a record trims it */
	xtcp_rack_acked(&f->r, S(1) + 200, &f->empty, T0 + 60 * MS, 10 * MS);
	KUNIT_ASSERT_EQ(test, f->q.n, 5);
	KUNIT_EXPECT_EQ(test, f->q.s[0].start, S(1) + 200);
}

/*
 * Past XTCP_RACK_SEGS, the lowest two records alike merge, with the later
 * time; the newest data keeps records of its own.
 */
static void xtcp_rack_test_records_full(struct kunit *test)
{
	struct fx *f = fixture(test);

	send(&f->r, 0, XTCP_RACK_SEGS + 8, T0);
	KUNIT_ASSERT_EQ(test, f->q.n, XTCP_RACK_SEGS);
	KUNIT_EXPECT_EQ(test, f->q.s[0].start, S(0));
	KUNIT_EXPECT_EQ(test, f->q.s[0].end, S(9));
	KUNIT_EXPECT_EQ(test, f->q.s[0].xmit_us, T0 + 8 * MS);
	KUNIT_EXPECT_EQ(test, f->q.s[1].start, S(9));
	KUNIT_EXPECT_EQ(test, f->q.s[XTCP_RACK_SEGS - 1].start,
			S(XTCP_RACK_SEGS + 7));
	KUNIT_EXPECT_EQ(test, f->q.s[XTCP_RACK_SEGS - 1].end,
			S(XTCP_RACK_SEGS + 8));
	KUNIT_EXPECT_EQ(test, f->q.s[XTCP_RACK_SEGS - 1].xmit_us,
			T0 + (XTCP_RACK_SEGS + 7) * MS);
	/* a retransmission finds no record free: it stamps whole records */
	xtcp_rack_sent(&f->r, S(2), S(2) + 10, T0 + 90 * MS, true);
	KUNIT_EXPECT_EQ(test, f->q.n, XTCP_RACK_SEGS);
	KUNIT_EXPECT_EQ(test, f->q.s[0].xmit_us, T0 + 90 * MS);
	KUNIT_EXPECT_EQ(test, f->q.s[0].flags, XTCP_RACK_RETRANS);
	/* no records (none could be taken): nothing happens */
	f->r.segs = NULL;
	xtcp_rack_sent(&f->r, S(50), S(51), T0, false);
	KUNIT_EXPECT_EQ(test, xtcp_rack_lost_end(&f->r, UNA), UNA);
}

/* SACKed neighbours merge first: they lose nothing RACK needs. */
static void xtcp_rack_test_records_full_sacked(struct kunit *test)
{
	struct fx *f = fixture(test);

	send(&f->r, 0, XTCP_RACK_SEGS, T0);
	sack(&f->sb, 4, 8);
	xtcp_rack_acked(&f->r, UNA, &f->sb, T0 + 100 * MS, 50 * MS);
	send(&f->r, XTCP_RACK_SEGS, XTCP_RACK_SEGS + 2, T0 + 101 * MS);
	KUNIT_ASSERT_EQ(test, f->q.n, XTCP_RACK_SEGS);
	KUNIT_EXPECT_EQ(test, f->q.s[3].end, S(4));
	KUNIT_EXPECT_EQ(test, f->q.s[4].start, S(4));
	KUNIT_EXPECT_EQ(test, f->q.s[4].end, S(7));
	KUNIT_EXPECT_EQ(test, f->q.s[4].flags, XTCP_RACK_SACKED);
	KUNIT_EXPECT_EQ(test, f->q.s[4].xmit_us, T0 + 6 * MS);
	KUNIT_EXPECT_EQ(test, f->q.s[5].start, S(7));
	KUNIT_EXPECT_EQ(test, f->q.s[XTCP_RACK_SEGS - 1].start,
			S(XTCP_RACK_SEGS + 1));
}

/*
 * With many more segments in flight than records, a loss among the newest
 * is still found: SACKs of what was sent after it deliver records of
 * their own.
 */
static void xtcp_rack_test_records_full_loss(struct kunit *test)
{
	struct fx *f = fixture(test);
	u32 wait;
	int lost = 3 * XTCP_RACK_SEGS;

	send(&f->r, 0, lost + 4, T0);
	sack(&f->sb, lost + 1, lost + 4);
	xtcp_rack_acked(&f->r, UNA, &f->sb, T0 + (lost + 53) * MS, 50 * MS);
	KUNIT_EXPECT_TRUE(test, f->r.advanced);
	KUNIT_EXPECT_EQ(test, f->r.end_seq, S(lost + 4));
	KUNIT_EXPECT_TRUE(test, xtcp_rack_detect_loss(&f->r,
						      T0 + (lost + 60) * MS,
						      0, &wait));
	KUNIT_EXPECT_EQ(test, xtcp_rack_lost_end(&f->r, UNA), S(lost + 1));
}

/*
 * RACK.xmit_ts, end_seq and rtt follow the most recently sent segment
 * delivered, cumulatively or by SACK; a retransmission delivered sooner
 * than the least RTT (less its millisecond of granularity) after leaving
 * does not count (the original arrived).
 */
static void xtcp_rack_test_advance(struct kunit *test)
{
	struct fx *f = fixture(test);

	send(&f->r, 0, 6, T0);
	sack(&f->sb, 3, 5);
	xtcp_rack_acked(&f->r, S(1), &f->sb, T0 + 105 * MS, 100 * MS);
	KUNIT_EXPECT_TRUE(test, f->r.advanced);
	KUNIT_EXPECT_EQ(test, f->r.end_seq, S(5));
	KUNIT_EXPECT_EQ(test, f->r.xmit_us, T0 + 4 * MS);
	KUNIT_EXPECT_EQ(test, f->r.rtt_us, 101 * MS);
	KUNIT_EXPECT_EQ(test, f->q.s[2].flags, XTCP_RACK_SACKED);
	/* a SACK of an older segment leaves RACK's */
	f->r.advanced = false;
	sack(&f->sb, 1, 2);
	xtcp_rack_acked(&f->r, S(1), &f->sb, T0 + 110 * MS, 100 * MS);
	KUNIT_EXPECT_TRUE(test, f->r.advanced);
	KUNIT_EXPECT_EQ(test, f->r.end_seq, S(5));
	KUNIT_EXPECT_EQ(test, f->r.rtt_us, 101 * MS);
	/* segment 2 sent again, its ACK 5 ms later: the original's */
	f->r.advanced = false;
	xtcp_rack_sent(&f->r, S(2), S(3), T0 + 120 * MS, true);
	xtcp_rack_acked(&f->r, S(3), &f->empty, T0 + 125 * MS, 100 * MS);
	KUNIT_EXPECT_FALSE(test, f->r.advanced);
	KUNIT_EXPECT_EQ(test, f->r.end_seq, S(5));
	/*
	 * segment 5 sent again, its ACK an RTT later (less half a
	 * millisecond: the least RTT is known to a millisecond): RACK's now
	 */
	xtcp_rack_sent(&f->r, S(5), S(6), T0 + 130 * MS, true);
	xtcp_rack_acked(&f->r, S(6), &f->empty, T0 + 229 * MS + 500, 100 * MS);
	KUNIT_EXPECT_TRUE(test, f->r.advanced);
	KUNIT_EXPECT_EQ(test, f->r.end_seq, S(6));
	KUNIT_EXPECT_EQ(test, f->r.rtt_us, 99 * MS + 500);
	KUNIT_EXPECT_EQ(test, f->q.n, 0);
}

/*
 * The reordering window (tcp_rack_reo_wnd()): a quarter of the least RTT;
 * before reordering was seen 0 in recovery or with DupThresh SACKed;
 * never more than SRTT.
 */
static void xtcp_rack_test_reo_wnd(struct kunit *test)
{
	struct fx *f = fixture(test);

	KUNIT_EXPECT_EQ(test, xtcp_rack_reo_wnd(&f->r, 40 * MS, 50 * MS, false,
						false), 10 * MS);
	KUNIT_EXPECT_EQ(test, xtcp_rack_reo_wnd(&f->r, 40 * MS, 50 * MS, true,
						false), 0);
	KUNIT_EXPECT_EQ(test, xtcp_rack_reo_wnd(&f->r, 40 * MS, 50 * MS, false,
						true), 0);
	f->r.reord_seen = 1;
	KUNIT_EXPECT_EQ(test, xtcp_rack_reo_wnd(&f->r, 40 * MS, 50 * MS, true,
						true), 10 * MS);
	f->r.reo_wnd_mult = 8;
	KUNIT_EXPECT_EQ(test, xtcp_rack_reo_wnd(&f->r, 40 * MS, 50 * MS, false,
						false), 50 * MS);
}

/*
 * DSACKs grow the window a quarter of the least RTT per round trip
 * (RFC 8985 6.2 step 4), only once reordering was seen, not for a loss
 * probe's duplicate, not with the static window; 16 recoveries without
 * one bring it back.
 */
static void xtcp_rack_test_reo_wnd_dsack(struct kunit *test)
{
	struct fx *f = fixture(test);
	int i;

	xtcp_rack_dsack(&f->r, S(10), S(3));
	KUNIT_EXPECT_EQ(test, f->r.reo_wnd_mult, 1);	/* no reordering yet */
	f->r.reord_seen = 1;
	xtcp_rack_dsack(&f->r, S(10), S(3));
	KUNIT_EXPECT_EQ(test, f->r.reo_wnd_mult, 2);
	KUNIT_EXPECT_EQ(test, xtcp_rack_reo_wnd(&f->r, 40 * MS, 50 * MS, false,
						false), 20 * MS);
	/* one growth a round: SND.NXT of then not yet acknowledged */
	xtcp_rack_update_round(&f->r, S(9));
	xtcp_rack_dsack(&f->r, S(12), S(4));
	KUNIT_EXPECT_EQ(test, f->r.reo_wnd_mult, 2);
	xtcp_rack_update_round(&f->r, S(10));
	xtcp_rack_dsack(&f->r, S(12), S(4));
	KUNIT_EXPECT_EQ(test, f->r.reo_wnd_mult, 3);
	/* the loss probe's own duplicate */
	xtcp_rack_update_round(&f->r, S(12));
	f->r.tlp_out = true;
	f->r.tlp_retrans = true;
	f->r.tlp_high_seq = S(12);
	xtcp_rack_dsack(&f->r, S(12), S(12));
	KUNIT_EXPECT_EQ(test, f->r.reo_wnd_mult, 3);
	f->r.tlp_out = false;
	/* 16 recoveries without a DSACK */
	for (i = 0; i < XTCP_RACK_PERSIST - 1; i++)
		xtcp_rack_recovery_ended(&f->r);
	KUNIT_EXPECT_EQ(test, f->r.reo_wnd_mult, 3);
	xtcp_rack_recovery_ended(&f->r);
	KUNIT_EXPECT_EQ(test, f->r.reo_wnd_mult, 1);
	/* net.xtcp.tcp_recovery's static window */
	f->r.recovery |= XTCP_RACK_STATIC_REO_WND;
	xtcp_rack_dsack(&f->r, S(20), S(14));
	KUNIT_EXPECT_EQ(test, f->r.reo_wnd_mult, 1);
}

/*
 * Marking lost by time (tcp_rack_detect_loss()): a segment sent before
 * RACK's is lost once RACK.rtt + the window passed since it left; one not
 * yet due gives the time until it is; SACKed ones and ones sent after
 * RACK's are not looked at.
 */
static void xtcp_rack_test_lost_by_time(struct kunit *test)
{
	struct fx *f = fixture(test);
	u32 timeout, seq, len;

	send(&f->r, 0, 4, T0);		/* at 0, 1, 2 and 3 ms */
	sack(&f->sb, 2, 3);		/* segment 2, after 100 ms */
	xtcp_rack_acked(&f->r, UNA, &f->sb, T0 + 102 * MS, 100 * MS);
	KUNIT_ASSERT_EQ(test, f->r.rtt_us, 100 * MS);
	/* window 10 ms: segment 0 due at 110, 1 at 111; 3 is after RACK's */
	KUNIT_EXPECT_FALSE(test, xtcp_rack_detect_loss(&f->r, T0 + 102 * MS,
						       10 * MS, &timeout));
	KUNIT_EXPECT_EQ(test, timeout, 9 * MS);
	KUNIT_EXPECT_EQ(test, xtcp_rack_lost_end(&f->r, UNA), UNA);
	KUNIT_EXPECT_TRUE(test, xtcp_rack_detect_loss(&f->r, T0 + 110 * MS,
						      10 * MS, &timeout));
	KUNIT_EXPECT_EQ(test, f->q.s[0].flags, XTCP_RACK_LOST);
	KUNIT_EXPECT_EQ(test, f->q.s[1].flags, 0);
	KUNIT_EXPECT_EQ(test, timeout, 1 * MS);
	KUNIT_EXPECT_EQ(test, xtcp_rack_lost_end(&f->r, UNA), S(1));
	KUNIT_EXPECT_TRUE(test, xtcp_rack_detect_loss(&f->r, T0 + 111 * MS,
						      10 * MS, &timeout));
	KUNIT_EXPECT_EQ(test, timeout, 0);
	KUNIT_EXPECT_EQ(test, xtcp_rack_lost_end(&f->r, UNA), S(2));
	KUNIT_EXPECT_EQ(test, f->q.s[3].flags, 0);
	/* sent again, a lost segment waits for its new time */
	xtcp_rack_sent(&f->r, S(0), S(1), T0 + 112 * MS, true);
	KUNIT_EXPECT_EQ(test, f->q.s[0].flags, XTCP_RACK_RETRANS);
	KUNIT_EXPECT_EQ(test, xtcp_rack_lost_end(&f->r, UNA), S(2));
	KUNIT_EXPECT_FALSE(test, xtcp_rack_lost_rtx(&f->r, UNA, &seq, &len));
	/*
	 * and is lost again (TCPLostRetransmit) once new data sent after it
	 * is SACKed and its time has passed: recovery's first to send
	 */
	send(&f->r, 4, 5, T0 + 113 * MS);
	xtcp_sb_add(&f->sb, S(4), S(5));
	xtcp_rack_acked(&f->r, UNA, &f->sb, T0 + 213 * MS, 100 * MS);
	/* segment 3, sent before 4, is lost now; the retransmission at 222 */
	KUNIT_EXPECT_TRUE(test, xtcp_rack_detect_loss(&f->r, T0 + 213 * MS,
						      10 * MS, &timeout));
	KUNIT_EXPECT_EQ(test, timeout, 9 * MS);
	KUNIT_EXPECT_EQ(test, f->r.lost_rtx, 0);
	KUNIT_EXPECT_TRUE(test, xtcp_rack_detect_loss(&f->r, T0 + 222 * MS,
						      10 * MS, &timeout));
	KUNIT_EXPECT_EQ(test, f->r.lost_rtx, 1);
	KUNIT_ASSERT_TRUE(test, xtcp_rack_lost_rtx(&f->r, UNA, &seq, &len));
	KUNIT_EXPECT_EQ(test, seq, S(0));
	KUNIT_EXPECT_EQ(test, len, MSS);
	/* sent a third time, it is not lost until its new time passes */
	xtcp_rack_sent(&f->r, S(0), S(1), T0 + 223 * MS, true);
	KUNIT_EXPECT_FALSE(test, xtcp_rack_lost_rtx(&f->r, UNA, &seq, &len));
}

/*
 * RFC 8985 3.4's example: P1 is reordered behind P2 and P3. Their SACKs
 * start no recovery: P1 is not lost before a quarter of the least RTT
 * has passed, and its own ACK comes first; the window then holds while
 * three segments are SACKed only because reordering was seen.
 */
static void xtcp_rack_test_rfc_reordering(struct kunit *test)
{
	struct fx *f = fixture(test);
	u32 timeout, reo;

	send(&f->r, 1, 4, T0);		/* P1, P2, P3 at 0, 1, 2 ms */
	sack(&f->sb, 2, 4);
	xtcp_rack_acked(&f->r, UNA, &f->sb, T0 + 102 * MS, 100 * MS);
	reo = xtcp_rack_reo_wnd(&f->r, 100 * MS, 100 * MS, false, false);
	KUNIT_EXPECT_EQ(test, reo, 25 * MS);
	KUNIT_EXPECT_FALSE(test, xtcp_rack_detect_loss(&f->r, T0 + 102 * MS, reo,
						       &timeout));
	KUNIT_EXPECT_EQ(test, timeout, 23 * MS);	/* the reorder timer */
	/* P1 arrives at 110 ms: all acknowledged, nothing was lost */
	xtcp_rack_acked(&f->r, S(4), &f->empty, T0 + 110 * MS, 100 * MS);
	KUNIT_EXPECT_EQ(test, f->q.n, 0);
	KUNIT_EXPECT_EQ(test, xtcp_rack_lost_end(&f->r, S(4)), S(4));
	/* had it not, the reorder timer would have found it lost at 125 */
	reset(f);
	sack(&f->sb, 2, 4);
	send(&f->r, 1, 4, T0);
	xtcp_rack_acked(&f->r, UNA, &f->sb, T0 + 102 * MS, 100 * MS);
	KUNIT_EXPECT_TRUE(test, xtcp_rack_detect_loss(&f->r, T0 + 125 * MS, reo,
						      &timeout));
	KUNIT_EXPECT_EQ(test, xtcp_rack_lost_end(&f->r, UNA), S(2));
}

/*
 * The probe timeout (RFC 8985 7.2): 2 SRTT plus Linux's two jiffies,
 * plus WCDelAckT with one segment in flight; 1 s with no RTT; never past
 * the RTO.
 */
static void xtcp_rack_test_pto(struct kunit *test)
{
	u32 slack = jiffies_to_usecs(2);

	KUNIT_EXPECT_EQ(test, xtcp_rack_pto_us(10 * MS, false, 300 * MS),
			20 * MS + slack);
	KUNIT_EXPECT_EQ(test, xtcp_rack_pto_us(10 * MS, true, 300 * MS),
			220 * MS);
	KUNIT_EXPECT_EQ(test, xtcp_rack_pto_us(10 * MS, true, 150 * MS),
			150 * MS);
	KUNIT_EXPECT_EQ(test, xtcp_rack_pto_us(0, false, 3000 * MS),
			1000 * MS);
	KUNIT_EXPECT_EQ(test, xtcp_rack_pto_us(0, false, 200 * MS), 200 * MS);
	KUNIT_EXPECT_EQ(test, xtcp_rack_pto_us(200 * MS, false, 300 * MS),
			300 * MS);
}

/*
 * What the probe's ACK says (RFC 8985 7.4, tcp_process_tlp_ack()): a
 * probe of new data ends at its ACK; a segment sent again was a repair
 * if the ACK goes past the probe, not if a DSACK or a pure duplicate
 * shows both copies arrived.
 */
static void xtcp_rack_test_tlp_ack(struct kunit *test)
{
	struct fx *f = fixture(test);

	f->r.tlp_out = true;
	f->r.tlp_high_seq = S(10);
	KUNIT_EXPECT_EQ(test, xtcp_rack_tlp_ack(&f->r, S(9), true, false, false),
			XTCP_TLP_WAIT);
	KUNIT_EXPECT_EQ(test, xtcp_rack_tlp_ack(&f->r, S(10), true, false, false),
			XTCP_TLP_DONE);			/* new data */
	KUNIT_EXPECT_FALSE(test, f->r.tlp_out);
	f->r.tlp_out = true;
	f->r.tlp_retrans = true;
	KUNIT_EXPECT_EQ(test, xtcp_rack_tlp_ack(&f->r, S(10), true, false, false),
			XTCP_TLP_WAIT);
	KUNIT_EXPECT_EQ(test, xtcp_rack_tlp_ack(&f->r, S(10), false, true, false),
			XTCP_TLP_DONE);			/* pure duplicate */
	f->r.tlp_out = true;
	KUNIT_EXPECT_EQ(test, xtcp_rack_tlp_ack(&f->r, S(10), false, false, true),
			XTCP_TLP_DONE);			/* its DSACK */
	f->r.tlp_out = true;
	KUNIT_EXPECT_EQ(test, xtcp_rack_tlp_ack(&f->r, S(12), true, false, false),
			XTCP_TLP_LOSS);
	KUNIT_EXPECT_FALSE(test, f->r.tlp_out);
	KUNIT_EXPECT_EQ(test, xtcp_rack_tlp_ack(&f->r, S(14), true, false, false),
			XTCP_TLP_WAIT);			/* none outstanding */
}

/*
 * RFC 8985 3.3's example, P1 to P10 with the last two lost: the ACKs of
 * P1 to P8 leave two in flight, nothing SACKed; the probe (2 SRTT later)
 * sends P10 again; its SACK makes RACK's segment the probe, and P9, sent
 * long before, is lost at once. Recovery starts on RACK's edge (not on
 * duplicate ACKs) and NextSeg() names P9, the pipe leaving it out.
 */
static void xtcp_rack_test_rfc_tail_loss(struct kunit *test)
{
	struct fx *f = fixture(test);
	u32 pto, t, timeout, reo, lost, seq, len = 0;

	send(&f->r, 0, 10, T0);
	xtcp_rack_acked(&f->r, S(8), &f->empty, T0 + 107 * MS, 100 * MS);
	KUNIT_EXPECT_EQ(test, f->r.end_seq, S(8));
	KUNIT_EXPECT_FALSE(test, xtcp_rack_detect_loss(&f->r, T0 + 107 * MS,
						       25 * MS, &timeout));
	KUNIT_EXPECT_EQ(test, timeout, 0);	/* P9, P10 left after P8 */
	pto = xtcp_rack_pto_us(100 * MS, false, 300 * MS);
	KUNIT_EXPECT_LT(test, pto, 300 * MS);		/* before the RTO */
	t = T0 + 107 * MS + pto;
	xtcp_rack_sent(&f->r, S(9), S(10), t, true);	/* the probe */
	sack(&f->sb, 9, 10);
	xtcp_rack_acked(&f->r, S(8), &f->sb, t + 100 * MS, 100 * MS);
	KUNIT_EXPECT_EQ(test, f->r.end_seq, S(10));
	KUNIT_EXPECT_EQ(test, f->r.xmit_us, t);
	reo = xtcp_rack_reo_wnd(&f->r, 100 * MS, 100 * MS, false, false);
	KUNIT_EXPECT_TRUE(test, xtcp_rack_detect_loss(&f->r, t + 100 * MS, reo,
						      &timeout));
	lost = xtcp_rack_lost_end(&f->r, S(8));
	KUNIT_EXPECT_EQ(test, lost, S(9));
	KUNIT_EXPECT_EQ(test, xtcp_sb_pipe_lost(&f->sb, S(8), S(10), S(8), lost),
			0);
	KUNIT_EXPECT_TRUE(test, xtcp_sb_next_seg_lost(&f->sb, S(8), S(8), MSS,
						      lost, &seq, &len));
	KUNIT_EXPECT_EQ(test, seq, S(8));
	KUNIT_EXPECT_EQ(test, len, MSS);
	/* DupThresh's IsLost() would not have it: one segment SACKed */
	KUNIT_EXPECT_EQ(test, xtcp_sb_lost_end(&f->sb, S(8), MSS, 3), S(8));
	cong(f, S(8));
	KUNIT_EXPECT_EQ(test, xtcp_cong_sack_ack(&f->cc, S(8), 0, true, true,
						 S(10), 2 * MSS),
			XTCP_CONG_RETRANSMIT);
	KUNIT_EXPECT_TRUE(test, f->cc.in_fast_recovery);
}

/* With RACK, duplicate ACKs alone start no recovery (tcp_time_to_recover()). */
static void xtcp_rack_test_no_dupthresh(struct kunit *test)
{
	struct fx *f = fixture(test);
	int i;

	cong(f, UNA);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, xtcp_cong_sack_ack(&f->cc, UNA, 0, true,
							 false, S(20),
							 20 * MSS),
				XTCP_CONG_NOTHING);
	KUNIT_EXPECT_FALSE(test, f->cc.in_fast_recovery);
	f->cc.rack = false;
	KUNIT_EXPECT_EQ(test, xtcp_cong_sack_ack(&f->cc, UNA, 0, true, false,
						 S(20), 20 * MSS),
			XTCP_CONG_RETRANSMIT);
}

/* A loss the probe repaired: ssthresh from the algorithm, cwnd down to it. */
static void xtcp_rack_test_probe_loss(struct kunit *test)
{
	struct fx *f = fixture(test);

	cong(f, UNA);
	f->cc.cwnd = 20 * MSS;
	xtcp_cong_probe_loss(&f->cc, 16 * MSS);
	KUNIT_EXPECT_EQ(test, f->cc.ssthresh, 8 * MSS);
	KUNIT_EXPECT_EQ(test, f->cc.cwnd, 8 * MSS);
	KUNIT_EXPECT_FALSE(test, f->cc.in_fast_recovery);
}

static struct kunit_case xtcp_rack_test_cases[] = {
	KUNIT_CASE(xtcp_rack_test_records),
	KUNIT_CASE(xtcp_rack_test_records_full),
	KUNIT_CASE(xtcp_rack_test_records_full_sacked),
	KUNIT_CASE(xtcp_rack_test_records_full_loss),
	KUNIT_CASE(xtcp_rack_test_advance),
	KUNIT_CASE(xtcp_rack_test_reo_wnd),
	KUNIT_CASE(xtcp_rack_test_reo_wnd_dsack),
	KUNIT_CASE(xtcp_rack_test_lost_by_time),
	KUNIT_CASE(xtcp_rack_test_rfc_reordering),
	KUNIT_CASE(xtcp_rack_test_pto),
	KUNIT_CASE(xtcp_rack_test_tlp_ack),
	KUNIT_CASE(xtcp_rack_test_rfc_tail_loss),
	KUNIT_CASE(xtcp_rack_test_no_dupthresh),
	KUNIT_CASE(xtcp_rack_test_probe_loss),
	{}
};

static struct kunit_suite xtcp_rack_test_suite = {
	.name = "xtcp_rack",
	.test_cases = xtcp_rack_test_cases,
};

kunit_test_suite(xtcp_rack_test_suite);
