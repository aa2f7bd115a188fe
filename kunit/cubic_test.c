// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for CUBIC and HyStart++ (module/cubic.c) and slow start's
 * byte counting (module/cong.c): the reduction on a loss and W_max with
 * fast convergence, the window over time against RFC 9438's
 * W_cubic(t) = C * (t - K)^3 + W_max, the TCP-friendly region, HyStart++
 * leaving slow start for CSS, coming back, and ending in congestion
 * avoidance, and slow start with delayed ACKs.
 *
 * Most cases run a small simulated path: a sender that always has data,
 * limited by cwnd alone, a constant round-trip time the case sets, and a
 * receiver that acknowledges every segment or every second one.
 */
#include <kunit/test.h>

#include "../module/cong.h"
#include "../module/net.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define MSS		1000
#define SIM_SEGS	4096		/* segments in flight at most */
#define MS		1000ULL		/* us */
#define SEC		1000000ULL	/* us */

/**
 * struct sim - a simulated path
 * @cc: the sender's congestion state
 * @una: SND.UNA
 * @nxt: SND.NXT
 * @now: the time, us
 * @rtt: the round-trip time of the segments sent from now on, us
 * @per_ack: segments each ACK covers (2: delayed ACKs)
 * @arrive: when each segment's ACK can come back, by segment number
 * @timed: @cc's segments timed (a socket's are on demand, ondemand.c)
 */
struct sim {
	struct xtcp_cong	cc;
	u32			una;
	u32			nxt;
	u64			now;
	u32			rtt;
	u32			per_ack;
	u64			*arrive;
	struct xtcp_cong_timed	timed;
};

static struct sim *sim_new(struct kunit *test, struct xtcp_cong_ops *ops,
			   u32 rtt, u32 per_ack)
{
	struct sim *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->arrive = kunit_kcalloc(test, SIM_SEGS, sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->arrive);
	s->cc.ops = ops;
	s->cc.timed = &s->timed;
	xtcp_cong_start(&s->cc, MSS, 0);
	s->now = SEC;
	s->rtt = rtt;
	s->per_ack = per_ack;
	return s;
}

/* what cwnd allows goes out now */
static void sim_send(struct sim *s)
{
	while (xtcp_cong_room(&s->cc, s->nxt - s->una) >= MSS &&
	       s->nxt - s->una < (SIM_SEGS - 1) * MSS) {
		xtcp_cong_sent(&s->cc, s->nxt - s->una, s->nxt + MSS, s->now);
		s->arrive[(s->nxt / MSS) % SIM_SEGS] = s->now + s->rtt;
		s->nxt += MSS;
	}
}

/* ACKs up to time @until, each sending what it lets go */
static void sim_run(struct sim *s, u64 until)
{
	u32 k, flight, acked;
	u64 t;

	for (;;) {
		sim_send(s);
		k = min(s->per_ack, (s->nxt - s->una) / MSS);
		if (!k)
			break;
		t = s->arrive[(s->una / MSS + k - 1) % SIM_SEGS];
		if (t > until)
			break;
		s->now = max(s->now, t);
		flight = s->nxt - s->una;
		acked = k * MSS;
		s->una += acked;
		xtcp_cong_acked(&s->cc, s->una, s->nxt, s->now);
		xtcp_cong_ack(&s->cc, s->una, acked, false, s->nxt, flight);
	}
	s->now = until;
}

static u32 cwnd_segs(const struct sim *s)
{
	return s->cc.cwnd / MSS;
}

/*
 * A loss at cwnd = @segs segments, recovered at once: cwnd drops to the
 * new ssthresh with nothing in flight (loss recovery's own steps are
 * cong_test.c's).
 */
static void sim_loss(struct sim *s, u32 segs)
{
	s->cc.cwnd = segs * MSS;
	s->cc.ssthresh = s->cc.ops->ssthresh(&s->cc, segs * MSS);
	s->cc.cwnd = s->cc.ssthresh;
	s->una = s->nxt;
}

/* Three duplicate ACKs: the reduction of fast retransmit */
static void dupacks(struct xtcp_cong *cc, u32 una, u32 flight)
{
	int i;

	for (i = 0; i < 3; i++)
		xtcp_cong_ack(cc, una, 0, true, una + flight, flight);
}

/*
 * A loss at cwnd = 100 segments: ssthresh = cwnd * 717 / 1024 (beta,
 * about 0.7), not Reno's half, and fast recovery starts from it.
 */
static void xtcp_cubic_test_loss_reduction(struct kunit *test)
{
	struct xtcp_cong cc = { .ops = &xtcp_cong_cubic };

	xtcp_cong_start(&cc, MSS, 0);
	cc.cwnd = 100 * MSS;
	dupacks(&cc, 0, 100 * MSS);
	KUNIT_EXPECT_TRUE(test, cc.in_fast_recovery);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 100 * MSS * 717 / 1024);
	KUNIT_EXPECT_EQ(test, cc.cwnd, cc.ssthresh + 3 * MSS);
	/* never below two segments */
	xtcp_cong_start(&cc, MSS, 0);
	cc.cwnd = 2 * MSS;
	dupacks(&cc, 0, 2 * MSS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 2 * MSS);
}

/*
 * The window after a loss: starting at beta * W_max, it rises fast and
 * then flattens toward W_max (concave), stays near it around K, and
 * grows faster again beyond it (convex). W_max = 100, so K = cbrt(30 /
 * 0.4) = 4.22 s, and W_cubic(t) = 0.4 * (t - K)^3 + 100. The window is
 * the curve taken one RTT ahead, reached a little late: within 3
 * segments of it, and on the right side of 100.
 */
static void xtcp_cubic_test_curve(struct kunit *test)
{
	struct sim *s = sim_new(test, &xtcp_cong_cubic, 100 * MS, 1);
	static const struct {
		u32 ms;		/* since the loss */
		u32 lo, hi;	/* cwnd, segments */
	} at[] = {
		{ 1000, 85, 91 },	/* W_cubic(1.1 s) = 87.9 */
		{ 2100, 94, 98 },	/* W_cubic(2.2 s) = 96.7 */
		{ 4200, 99, 101 },	/* the plateau */
		{ 6300, 102, 106 },	/* W_cubic(6.4 s) = 104.1 */
		{ 8400, 129, 133 },	/* W_cubic(8.5 s) = 131.3 */
	};
	u64 loss;
	int i;

	/* slow start to 100 segments, then a loss there */
	s->cc.ssthresh = 100 * MSS;
	sim_run(s, s->now + 2 * SEC);
	KUNIT_ASSERT_GE(test, cwnd_segs(s), 100U);
	sim_loss(s, 100);
	KUNIT_ASSERT_EQ(test, cwnd_segs(s), 70U);
	loss = s->now;
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		sim_run(s, loss + at[i].ms * MS);
		kunit_info(test, "%u ms after the loss: cwnd %u\n", at[i].ms,
			   cwnd_segs(s));
		KUNIT_EXPECT_GE(test, cwnd_segs(s), at[i].lo);
		KUNIT_EXPECT_LE(test, cwnd_segs(s), at[i].hi);
	}
}

/*
 * Fast convergence: a loss below the last W_max remembers less than the
 * window it came at, W_max * (1 + beta) / 2, so the curve's plateau is
 * lower and the window gives way to newer flows. Losses at 1000 then at
 * 800 segments: the plateau is 680 (K = cbrt(120 / 0.4) = 6.7 s), where
 * without fast convergence it would be 800 (K = 8.4 s) and the window
 * 750 after 3.5 s.
 */
static void xtcp_cubic_test_fast_convergence(struct kunit *test)
{
	struct sim *s = sim_new(test, &xtcp_cong_cubic, 100 * MS, 1);

	s->cc.ssthresh = 1000 * MSS;
	sim_run(s, s->now + 2 * SEC);
	sim_loss(s, 1000);
	sim_loss(s, 800);	/* a second loss, below W_max */
	KUNIT_EXPECT_EQ(test, s->cc.ssthresh, 800 * MSS * 717 / 1024);
	sim_run(s, s->now + 3500 * MS);
	kunit_info(test, "3.5 s after the second loss: cwnd %u\n",
		   cwnd_segs(s));
	KUNIT_EXPECT_GE(test, cwnd_segs(s), 655U);	/* W_cubic: 666 */
	KUNIT_EXPECT_LE(test, cwnd_segs(s), 675U);
	sim_run(s, s->now + 3400 * MS);
	kunit_info(test, "6.9 s after the second loss: cwnd %u\n",
		   cwnd_segs(s));
	KUNIT_EXPECT_GE(test, cwnd_segs(s), 677U);	/* the plateau */
	KUNIT_EXPECT_LE(test, cwnd_segs(s), 683U);
}

/*
 * The TCP-friendly region: with a short RTT (2 ms) the cubic curve is
 * slow (W_max = 20: K = 2.5 s), while Reno with CUBIC's beta gains 0.53
 * segment a round trip, 265 segments in a second. CUBIC grows at least
 * as fast as that, W_est, and so much faster than its curve (20 at K).
 */
static void xtcp_cubic_test_friendly(struct kunit *test)
{
	struct sim *s = sim_new(test, &xtcp_cong_cubic, 2 * MS, 1);

	s->cc.ssthresh = 20 * MSS;
	sim_run(s, s->now + 100 * MS);
	sim_loss(s, 20);
	sim_run(s, s->now + SEC);
	kunit_info(test, "1 s after the loss: cwnd %u\n", cwnd_segs(s));
	/* W_est: 14 + 0.53 a round trip; the RTT grows with nothing else */
	KUNIT_EXPECT_GE(test, cwnd_segs(s), 100U);
}

/*
 * After a retransmission timeout CUBIC starts over (Linux's
 * set_state(TCP_CA_Loss)): no W_max, so the first epoch is the gentle
 * start, 5% a round trip at the most, not a curve back toward the old
 * W_max.
 */
static void xtcp_cubic_test_timeout(struct kunit *test)
{
	struct sim *s = sim_new(test, &xtcp_cong_cubic, 100 * MS, 1);

	s->cc.ssthresh = 100 * MSS;
	sim_run(s, s->now + 2 * SEC);
	s->cc.cwnd = 100 * MSS;
	xtcp_cong_timeout(&s->cc, s->nxt, s->nxt - s->una);
	KUNIT_EXPECT_EQ(test, s->cc.cwnd, MSS);
	KUNIT_EXPECT_EQ(test, s->cc.ssthresh, 100 * MSS * 717 / 1024);
	/* the whole flight comes back: recovery over, slow start to 70 */
	s->una = s->nxt;
	s->cc.in_rto_recovery = false;
	s->cc.cwnd = s->cc.ssthresh;
	sim_run(s, s->now + SEC);
	/* ten round trips at 5% at most: 70 * 1.05^10 = 114; the curve
	 * toward the old W_max = 100 would be flat near it
	 */
	kunit_info(test, "1 s after the timeout: cwnd %u\n", cwnd_segs(s));
	KUNIT_EXPECT_GE(test, cwnd_segs(s), 90U);
	KUNIT_EXPECT_LE(test, cwnd_segs(s), 115U);
}

/*
 * HyStart++ (RFC 9406): the first slow start doubles cwnd a round trip
 * while the round's smallest RTT holds; a rise of RttThresh (50 ms / 8 =
 * 6.25 ms here) moves to CSS, a quarter of the growth, ssthresh still
 * unset; the RTT falling back below CSS's baseline resumes slow start;
 * CSS_ROUNDS rounds of CSS end it: ssthresh = cwnd, congestion
 * avoidance.
 */
static void xtcp_cubic_test_hystart(struct kunit *test)
{
	struct sim *s = sim_new(test, &xtcp_cong_cubic, 50 * MS, 2);
	u32 before;

	sim_run(s, s->now + 100 * MS);		/* two rounds: 10 -> 40 */
	kunit_info(test, "slow start: cwnd %u\n", cwnd_segs(s));
	KUNIT_EXPECT_EQ(test, cwnd_segs(s), 40U);
	KUNIT_EXPECT_GE(test, s->cc.ssthresh, U32_MAX / 2);

	s->rtt = 60 * MS;			/* queues build */
	sim_run(s, s->now + 120 * MS);		/* two rounds: into CSS */
	before = cwnd_segs(s);
	sim_run(s, s->now + 60 * MS);		/* one round of CSS */
	kunit_info(test, "CSS: cwnd %u -> %u\n", before, cwnd_segs(s));
	KUNIT_EXPECT_LE(test, cwnd_segs(s), before * 14 / 10);
	KUNIT_EXPECT_GT(test, cwnd_segs(s), before * 11 / 10);
	KUNIT_EXPECT_GE(test, s->cc.ssthresh, U32_MAX / 2);

	s->rtt = 50 * MS;			/* it was noise */
	sim_run(s, s->now + 60 * MS);		/* back to slow start */
	before = cwnd_segs(s);
	sim_run(s, s->now + 50 * MS);
	kunit_info(test, "slow start again: cwnd %u -> %u\n", before,
		   cwnd_segs(s));
	KUNIT_EXPECT_GE(test, cwnd_segs(s), before * 17 / 10);
	KUNIT_EXPECT_GE(test, s->cc.ssthresh, U32_MAX / 2);

	s->rtt = 60 * MS;
	sim_run(s, s->now + 600 * MS);		/* into CSS, and its rounds */
	kunit_info(test, "after CSS: cwnd %u ssthresh %u\n", cwnd_segs(s),
		   s->cc.ssthresh / MSS);
	KUNIT_EXPECT_LT(test, s->cc.ssthresh, U32_MAX / 2);
	KUNIT_EXPECT_LE(test, s->cc.ssthresh, s->cc.cwnd);
}

/*
 * A round trip with fewer than N_RTT_SAMPLE samples decides nothing: the
 * RTT doubles after the first window, but with an ACK for every four
 * segments the second round has five samples, and slow start goes on
 * (the rounds after see no further rise): cwnd doubles each round trip,
 * where CSS would have grown it by a quarter.
 */
static void xtcp_cubic_test_hystart_few_samples(struct kunit *test)
{
	struct sim *s = sim_new(test, &xtcp_cong_cubic, 50 * MS, 4);

	sim_run(s, s->now);			/* the first window: 50 ms */
	s->rtt = 100 * MS;			/* the rest: 100 ms */
	sim_run(s, s->now + 360 * MS);		/* ACKs of four: 5 a round */
	kunit_info(test, "cwnd %u\n", cwnd_segs(s));
	KUNIT_EXPECT_GE(test, cwnd_segs(s), 100U);
	KUNIT_EXPECT_GE(test, s->cc.ssthresh, U32_MAX / 2);
}

/*
 * RFC 3465 with delayed ACKs: an ACK of two segments opens two, so slow
 * start still doubles cwnd each round trip (Reno and CUBIC); it stops at
 * ssthresh, the rest of the ACK going to congestion avoidance.
 */
static void xtcp_cubic_test_abc_delayed_acks(struct kunit *test)
{
	struct xtcp_cong_ops *algs[] = { &xtcp_cong_reno, &xtcp_cong_cubic };
	struct sim *s;
	int i;

	for (i = 0; i < ARRAY_SIZE(algs); i++) {
		s = sim_new(test, algs[i], 10 * MS, 2);
		sim_run(s, s->now + 10 * MS);	/* five ACKs of two */
		KUNIT_EXPECT_EQ(test, cwnd_segs(s), 20U);
		sim_run(s, s->now + 10 * MS);
		KUNIT_EXPECT_EQ(test, cwnd_segs(s), 40U);

		xtcp_cong_start(&s->cc, MSS, s->una);
		s->cc.ssthresh = 11 * MSS;
		s->cc.cwnd = 10 * MSS + MSS / 2;
		xtcp_cong_ack(&s->cc, s->una + 2 * MSS, 2 * MSS, false,
			      s->una + 10 * MSS, 10 * MSS);
		KUNIT_EXPECT_EQ(test, s->cc.cwnd, 11 * MSS);
		KUNIT_EXPECT_EQ(test, s->cc.acked_acc, 3 * MSS / 2);
	}
}

static u32 last_rtt;

static void keep_rtt(struct xtcp_cong *cc, const struct xtcp_cong_sample *s)
{
	last_rtt = s->rtt_us;
}

/*
 * The samples the algorithm gets: from the newest timed segment an ACK
 * covers; none once loss recovery began (Karn), nor for what was sent
 * during it.
 */
static void xtcp_cubic_test_rtt_samples(struct kunit *test)
{
	struct xtcp_cong_ops ops = {
		.name		= "kunit-rtt",
		.ssthresh	= xtcp_reno_ssthresh,
		.cong_avoid	= xtcp_reno_cong_avoid,
		.acked		= keep_rtt,
	};
	struct xtcp_cong_timed timed = {};
	struct xtcp_cong cc = { .ops = &ops, .timed = &timed };
	u32 i;

	xtcp_cong_start(&cc, MSS, 0);
	for (i = 0; i < 6; i++)		/* one a millisecond */
		xtcp_cong_sent(&cc, i * MSS, (i + 1) * MSS, SEC + i * MS);
	xtcp_cong_acked(&cc, 2 * MSS, 6 * MSS, SEC + 50 * MS);
	KUNIT_EXPECT_EQ(test, last_rtt, 49 * MS);	/* the second */
	xtcp_cong_acked(&cc, 2 * MSS + 500, 6 * MSS, SEC + 51 * MS);
	KUNIT_EXPECT_EQ(test, last_rtt, 0);		/* none ended */
	xtcp_cong_acked(&cc, 3 * MSS, 6 * MSS, SEC + 52 * MS);
	KUNIT_EXPECT_EQ(test, last_rtt, 50 * MS);
	/* the segment at 3000 is lost: fast retransmit */
	dupacks(&cc, 3 * MSS, 3 * MSS);
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);
	xtcp_cong_sent(&cc, 3 * MSS, 7 * MSS, SEC + 60 * MS);
	xtcp_cong_acked(&cc, 7 * MSS, 7 * MSS, SEC + 90 * MS);
	KUNIT_EXPECT_EQ(test, last_rtt, 0);

	/* no slots (a socket that could not get them): no samples */
	cc.timed = NULL;
	xtcp_cong_start(&cc, MSS, 7 * MSS);
	xtcp_cong_sent(&cc, 0, 8 * MSS, SEC + 100 * MS);
	xtcp_cong_acked(&cc, 8 * MSS, 8 * MSS, SEC + 150 * MS);
	KUNIT_EXPECT_EQ(test, last_rtt, 0);
	KUNIT_EXPECT_EQ(test, cc.now_us, SEC + 150 * MS);
}

/*
 * An idle sender's curve waits for it (CA_EVENT_TX_START): after 10 s of
 * nothing to send, the window grows as it would have right after the
 * idle began, not as 10 s later on the curve.
 */
static void xtcp_cubic_test_idle(struct kunit *test)
{
	struct sim *s = sim_new(test, &xtcp_cong_cubic, 100 * MS, 1);
	struct sim *busy = sim_new(test, &xtcp_cong_cubic, 100 * MS, 1);

	s->cc.ssthresh = 100 * MSS;
	busy->cc.ssthresh = 100 * MSS;
	sim_run(s, s->now + 2 * SEC);
	sim_run(busy, busy->now + 2 * SEC);
	sim_loss(s, 100);
	sim_loss(busy, 100);
	sim_run(s, s->now + SEC);
	sim_run(busy, busy->now + SEC);
	/* everything comes back; nothing is sent for 10 s */
	s->una = s->nxt;
	s->now += 10 * SEC;
	sim_run(s, s->now + SEC);
	sim_run(busy, busy->now + SEC);
	kunit_info(test, "idle: cwnd %u, busy: cwnd %u\n", cwnd_segs(s),
		   cwnd_segs(busy));
	KUNIT_EXPECT_LE(test, cwnd_segs(s), cwnd_segs(busy) + 2);
	KUNIT_EXPECT_GE(test, cwnd_segs(s) + 2, cwnd_segs(busy));
}

/*
 * Algorithms by name, and a namespace's default: cubic, reno taken,
 * an unknown name refused with ENOENT and the value kept.
 */
static void xtcp_cubic_test_names(struct kunit *test)
{
	const struct xtcp_cong_ops *got = xtcp_cong_get("cubic");
	struct xtcp_net *xn = kunit_kzalloc(test, sizeof(*xn), GFP_KERNEL);
	char name[XTCP_CONG_NAME_MAX];

	KUNIT_EXPECT_PTR_EQ(test, got,
			    (const struct xtcp_cong_ops *)&xtcp_cong_cubic);
	if (got)
		xtcp_cong_put(got);
	KUNIT_ASSERT_NOT_NULL(test, xn);
	xtcp_cong_net_init(xn, true);
	xtcp_cong_default_name(xn, name);
	KUNIT_EXPECT_STREQ(test, name, "cubic");
	KUNIT_EXPECT_EQ(test, xtcp_cong_set_default(xn, "reno"), 0);
	KUNIT_EXPECT_EQ(test, xtcp_cong_set_default(xn, "no-such-cc"),
			-ENOENT);
	xtcp_cong_default_name(xn, name);
	KUNIT_EXPECT_STREQ(test, name, "reno");
	got = xtcp_cong_get_default(xn);
	KUNIT_EXPECT_PTR_EQ(test, got,
			    (const struct xtcp_cong_ops *)&xtcp_cong_reno);
	xtcp_cong_put(got);
	xtcp_cong_net_exit(xn);
}

static struct kunit_case xtcp_cubic_test_cases[] = {
	KUNIT_CASE(xtcp_cubic_test_loss_reduction),
	KUNIT_CASE(xtcp_cubic_test_curve),
	KUNIT_CASE(xtcp_cubic_test_fast_convergence),
	KUNIT_CASE(xtcp_cubic_test_friendly),
	KUNIT_CASE(xtcp_cubic_test_timeout),
	KUNIT_CASE(xtcp_cubic_test_hystart),
	KUNIT_CASE(xtcp_cubic_test_hystart_few_samples),
	KUNIT_CASE(xtcp_cubic_test_abc_delayed_acks),
	KUNIT_CASE(xtcp_cubic_test_rtt_samples),
	KUNIT_CASE(xtcp_cubic_test_idle),
	KUNIT_CASE(xtcp_cubic_test_names),
	{}
};

static struct kunit_suite xtcp_cubic_test_suite = {
	.name = "xtcp_cubic",
	.test_cases = xtcp_cubic_test_cases,
};

kunit_test_suite(xtcp_cubic_test_suite);
