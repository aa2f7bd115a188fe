// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's persist timer and sender-side silly window
 * syndrome avoidance (module/persist.c), and the zero-window probe the
 * state machine builds (xtcp_fsm_window_probe()): the schedule (first at
 * the RTO, doubling, capped, never past TCP_USER_TIMEOUT, afresh once the
 * window opens), the count of unanswered probes and when to give up, the
 * probe's fields, when a short segment may go, and an orphan's limits
 * (net.xtcp.tcp_orphan_retries, as Linux's tcp_probe_timer()).
 */
#include <kunit/test.h>

#include "../module/fsm.h"
#include "../module/orphan.h"
#include "../module/persist.h"
#include "../module/rtt.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define MSS	1460

/* First at the RTO, doubling per probe, never past the upper bound. */
static void xtcp_persist_test_schedule(struct kunit *test)
{
	struct xtcp_persist p = {};
	struct xtcp_rtt rtt;
	u32 want = 300;
	int i;

	xtcp_rtt_init(&rtt, XTCP_RTO_MIN_MS, 5000);
	xtcp_rtt_sample(&rtt, 100000);		/* RTO 300 ms */
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 300);
	for (i = 0; i < 40; i++) {
		KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 0, 0),
				want);
		xtcp_persist_probed(&p, 1000000 + i);
		want = min(2 * want, 5000U);
	}
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 0, 0), 5000);
	/* the window opened: the next closed window starts at the RTO */
	xtcp_persist_opened(&p);
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 0, 0), 300);
}

/*
 * Unanswered probes: give up at the retry limit. An answer (any ACK)
 * starts the count again but not the timeout: it keeps doubling while the
 * window stays closed, as Linux's.
 */
static void xtcp_persist_test_answer_resets_count(struct kunit *test)
{
	struct xtcp_persist p = {};
	struct xtcp_rtt rtt;
	int i;

	xtcp_rtt_init(&rtt, XTCP_RTO_MIN_MS, XTCP_RTO_MAX_MS);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_FALSE(test, xtcp_persist_give_up(&p, 3, 0, 0));
		xtcp_persist_probed(&p, 1);
	}
	KUNIT_EXPECT_TRUE(test, xtcp_persist_give_up(&p, 3, 0, 0));
	xtcp_persist_answered(&p);
	KUNIT_EXPECT_FALSE(test, xtcp_persist_give_up(&p, 3, 0, 0));
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 0, 0), 8000);
	/* a receiver that keeps answering is never given up on */
	for (i = 0; i < 100; i++) {
		xtcp_persist_probed(&p, 1);
		xtcp_persist_answered(&p);
		KUNIT_EXPECT_FALSE(test, xtcp_persist_give_up(&p, 3, 0, 0));
	}
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 0, 0),
			XTCP_RTO_MAX_MS);
}

/* TCP_USER_TIMEOUT counts from the first probe of the closed window. */
static void xtcp_persist_test_user_timeout(struct kunit *test)
{
	struct xtcp_persist p = {};
	u64 t0 = 5000000;

	KUNIT_EXPECT_FALSE(test, xtcp_persist_give_up(&p, 15, 1000, t0));
	xtcp_persist_probed(&p, t0);
	xtcp_persist_probed(&p, t0 + 200000);
	KUNIT_EXPECT_FALSE(test, xtcp_persist_give_up(&p, 15, 1000,
						      t0 + 999999));
	KUNIT_EXPECT_TRUE(test, xtcp_persist_give_up(&p, 15, 1000,
						     t0 + 1000000));
	/* no user timeout: only the count */
	KUNIT_EXPECT_FALSE(test, xtcp_persist_give_up(&p, 15, 0, t0 + 1000000000));
	xtcp_persist_opened(&p);
	KUNIT_EXPECT_FALSE(test, xtcp_persist_give_up(&p, 15, 1000,
						      t0 + 5000000));
}

/*
 * With TCP_USER_TIMEOUT the timer never runs past it, as Linux's
 * tcp_clamp_probe0_to_user_timeout(): the connection is given up when the
 * user timeout ends, not at the end of a backed-off interval. Runs the
 * schedule xtcp_persist_timeout() follows, expiry after expiry.
 */
static void xtcp_persist_test_user_timeout_clamps(struct kunit *test)
{
	struct xtcp_persist p = {};
	u64 now = 5000000, start;
	struct xtcp_rtt rtt;
	int probes = 0;

	xtcp_rtt_init(&rtt, XTCP_RTO_MIN_MS, XTCP_RTO_MAX_MS);
	xtcp_rtt_sample(&rtt, 100000);		/* RTO 300 ms */
	/* before the first probe: the RTO, whatever the user timeout */
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 2000, now), 300);
	start = now;
	while (!xtcp_persist_give_up(&p, 15, 2000, now)) {
		xtcp_persist_probed(&p, now);
		now += xtcp_persist_when_ms(&p, &rtt, 2000, now) *
		       (u64)USEC_PER_MSEC;
		KUNIT_ASSERT_LT(test, ++probes, 15);
	}
	/* probes after 0, 0.6 and 1.8 s; 0.2 s left of 2.4 s: given up at 2 s */
	KUNIT_EXPECT_EQ(test, probes, 3);
	KUNIT_EXPECT_EQ(test, now - start, 2000 * USEC_PER_MSEC);

	/* what is left, rounded up: the expiry is never early */
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 2000,
						   start + 1998500), 2);
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 2000,
						   start + 1999999), 1);
	/* an expiry past the end: expire again at once */
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 2000,
						   start + 9000000), 1);
	/* far from the end, or no user timeout: the backed-off RTO */
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 60000, start),
			2400);
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 0,
						   start + 1998500), 2400);
	/* the window opened: the next closed window starts afresh */
	xtcp_persist_opened(&p);
	KUNIT_EXPECT_EQ(test, xtcp_persist_when_ms(&p, &rtt, 2000,
						   start + 9000000), 300);
}

/* The probe: <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>, no data, no timer. */
static void xtcp_persist_test_probe_segment(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	xtcp_fsm_init(&tcb, 5000, 6000, MSS);
	tcb.state = TCP_ESTABLISHED;
	tcb.snd_una = 7001;
	tcb.snd_nxt = 7001;
	tcb.rcv_nxt = 9001;
	tcb.rcv_wnd = 4000;
	tcb.snd_wnd = 0;
	xtcp_fsm_window_probe(&tcb, &out);
	KUNIT_ASSERT_EQ(test, out.actions, XTCP_ACT_SEND);
	KUNIT_EXPECT_EQ(test, out.seg.seq, 7000);
	KUNIT_EXPECT_EQ(test, out.seg.ack, 9001);
	KUNIT_EXPECT_EQ(test, out.seg.flags, XTCP_ACK);
	KUNIT_EXPECT_EQ(test, out.seg.payload_len, 0);
	KUNIT_EXPECT_EQ(test, out.seg.sport, 5000);
	KUNIT_EXPECT_EQ(test, out.seg.dport, 6000);
	KUNIT_EXPECT_EQ(test, out.seg.window, 4000);
	KUNIT_EXPECT_EQ(test, tcb.snd_nxt, 7001);
	KUNIT_EXPECT_EQ(test, xtcp_fsm_seg_len(&out.seg), 0);

	/* at SND.UNA = 0 the sequence number wraps */
	tcb.snd_una = 0;
	tcb.snd_nxt = 0;
	xtcp_fsm_window_probe(&tcb, &out);
	KUNIT_EXPECT_EQ(test, out.seg.seq, U32_MAX);

	tcb.state = TCP_CLOSE_WAIT;
	xtcp_fsm_window_probe(&tcb, &out);
	KUNIT_EXPECT_EQ(test, out.actions, XTCP_ACT_SEND);
	tcb.state = TCP_FIN_WAIT2;
	xtcp_fsm_window_probe(&tcb, &out);
	KUNIT_EXPECT_EQ(test, out.actions, 0);
}

/*
 * The peer answers the probe as any unacceptable segment: an ACK with
 * its window, which opens our SND.WND.
 */
static void xtcp_persist_test_probe_answered(struct kunit *test)
{
	struct xtcp_fsm_out probe, out;
	struct xtcp_tcb a, b;

	xtcp_fsm_init(&a, 5000, 6000, MSS);
	xtcp_fsm_init(&b, 6000, 5000, MSS);
	a.state = TCP_ESTABLISHED;
	b.state = TCP_ESTABLISHED;
	a.snd_una = 7001;
	a.snd_nxt = 7001;
	a.rcv_nxt = 9001;
	a.snd_wnd = 0;
	a.snd_wl1 = 9001;
	a.snd_wl2 = 7001;
	b.snd_una = 9001;
	b.snd_nxt = 9001;
	b.rcv_nxt = 7001;
	b.rcv_wnd = 0;
	xtcp_fsm_window_probe(&a, &probe);
	xtcp_fsm_rcv(&b, &probe.seg, 0, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_SEND);
	KUNIT_EXPECT_EQ(test, out.seg.flags, XTCP_ACK);
	KUNIT_EXPECT_EQ(test, out.seg.ack, 7001);
	KUNIT_EXPECT_EQ(test, out.deliver_len, 0);
	/* meanwhile b's reader made room */
	out.seg.window = 3000;
	xtcp_fsm_rcv(&a, &out.seg, 0, &probe);
	KUNIT_EXPECT_EQ(test, a.snd_wnd, 3000);
}

/* RFC 1122 4.2.3.4: when a short segment may go. */
static void xtcp_persist_test_sws(struct kunit *test)
{
	/* a full segment always */
	KUNIT_EXPECT_TRUE(test, xtcp_persist_sws_ok(MSS, 5000, MSS, 64000,
						    false));
	/* all that is queued, if Nagle lets it */
	KUNIT_EXPECT_TRUE(test, xtcp_persist_sws_ok(100, 100, MSS, 64000,
						    true));
	KUNIT_EXPECT_FALSE(test, xtcp_persist_sws_ok(100, 100, MSS, 64000,
						     false));
	/* a piece the window cuts: only half the largest window or more */
	KUNIT_EXPECT_FALSE(test, xtcp_persist_sws_ok(1000, 5000, MSS, 64000,
						     true));
	KUNIT_EXPECT_TRUE(test, xtcp_persist_sws_ok(1000, 5000, MSS, 2000,
						    false));
	KUNIT_EXPECT_FALSE(test, xtcp_persist_sws_ok(999, 5000, MSS, 2000,
						     true));
	/* nothing never */
	KUNIT_EXPECT_FALSE(test, xtcp_persist_sws_ok(0, 0, MSS, 0, true));
}

/* tcp_orphan_retries: 0 means 8 while the timeout grows, then none. */
static void xtcp_persist_test_orphan_retries(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_orphan_limit(0, true), 8);
	KUNIT_EXPECT_EQ(test, xtcp_orphan_limit(0, false), 0);
	KUNIT_EXPECT_EQ(test, xtcp_orphan_limit(3, true), 3);
	KUNIT_EXPECT_EQ(test, xtcp_orphan_limit(3, false), 3);
}

/*
 * A peer that answers every probe with a zero window keeps a connection
 * for ever, but not an orphan: once the probe timeout reached its upper
 * bound (800 ms here: RTO 200, 400, then 800), the orphan ends after
 * tcp_orphan_retries probes since the window closed, at once for 0.
 */
static void xtcp_persist_test_orphan_answered(struct kunit *test)
{
	static const u8 retries[] = { 0, 3 };
	static const int ends_at[] = { 2, 3 };
	struct xtcp_persist p;
	struct xtcp_rtt rtt;
	unsigned int r;
	bool ended;
	u8 limit;
	int i;

	xtcp_rtt_init(&rtt, XTCP_RTO_MIN_MS, 800);
	xtcp_rtt_sample(&rtt, 10000);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, XTCP_RTO_MIN_MS);
	for (r = 0; r < ARRAY_SIZE(retries); r++) {
		memset(&p, 0, sizeof(p));
		for (i = 0; i < ends_at[r]; i++) {
			ended = xtcp_persist_orphan_limit(&p, &rtt, retries[r],
							  &limit);
			KUNIT_EXPECT_FALSE(test, ended);
			ended = xtcp_persist_give_up(&p, limit, 0, 0);
			KUNIT_EXPECT_FALSE(test, ended);
			xtcp_persist_probed(&p, 1);
			xtcp_persist_answered(&p);
		}
		ended = xtcp_persist_orphan_limit(&p, &rtt, retries[r], &limit);
		KUNIT_EXPECT_TRUE(test, ended);
		KUNIT_EXPECT_EQ(test, limit, retries[r]);
	}
}

/* Unanswered probes while the timeout grows: 8 for 0, as Linux. */
static void xtcp_persist_test_orphan_unanswered(struct kunit *test)
{
	struct xtcp_persist p = {};
	struct xtcp_rtt rtt;
	u8 limit;
	int i;

	xtcp_rtt_init(&rtt, XTCP_RTO_MIN_MS, XTCP_RTO_MAX_MS);
	xtcp_rtt_sample(&rtt, 10000);
	for (i = 0; i < 8; i++) {
		KUNIT_EXPECT_FALSE(test, xtcp_persist_orphan_limit(&p, &rtt, 0,
								   &limit));
		KUNIT_EXPECT_EQ(test, limit, 8);
		KUNIT_EXPECT_FALSE(test, xtcp_persist_give_up(&p, limit, 0, 0));
		xtcp_persist_probed(&p, 1);
	}
	KUNIT_EXPECT_FALSE(test, xtcp_persist_orphan_limit(&p, &rtt, 0, &limit));
	KUNIT_EXPECT_TRUE(test, xtcp_persist_give_up(&p, limit, 0, 0));
}

static struct kunit_case xtcp_persist_test_cases[] = {
	KUNIT_CASE(xtcp_persist_test_schedule),
	KUNIT_CASE(xtcp_persist_test_answer_resets_count),
	KUNIT_CASE(xtcp_persist_test_user_timeout),
	KUNIT_CASE(xtcp_persist_test_user_timeout_clamps),
	KUNIT_CASE(xtcp_persist_test_probe_segment),
	KUNIT_CASE(xtcp_persist_test_probe_answered),
	KUNIT_CASE(xtcp_persist_test_sws),
	KUNIT_CASE(xtcp_persist_test_orphan_retries),
	KUNIT_CASE(xtcp_persist_test_orphan_answered),
	KUNIT_CASE(xtcp_persist_test_orphan_unanswered),
	{}
};

static struct kunit_suite xtcp_persist_test_suite = {
	.name = "xtcp_persist",
	.test_cases = xtcp_persist_test_cases,
};

kunit_test_suite(xtcp_persist_test_suite);
