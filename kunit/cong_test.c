// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's loss recovery and Reno (module/cong.c,
 * module/cong_reno.c): slow start and congestion avoidance, fast
 * retransmit on the third duplicate ACK, NewReno's window inflation,
 * partial and full ACKs, the timeout, growth only while cwnd limits the
 * sender, and the algorithm list.
 */
#include <kunit/test.h>

#include "../module/cong.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define MSS	1000
#define UNA	5000

static void start(struct xtcp_cong *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->ops = &xtcp_cong_reno;
	xtcp_cong_start(cc, MSS, UNA);
}

static void xtcp_cong_test_initial_window(struct kunit *test)
{
	struct xtcp_cong cc;

	start(&cc);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 10 * MSS);
	KUNIT_ASSERT_EQ(test, xtcp_cong_room(&cc, 4 * MSS), 6 * MSS);
	KUNIT_ASSERT_EQ(test, xtcp_cong_room(&cc, 12 * MSS), 0);
}

/* RFC 3042: the first two duplicates each let one new segment go. */
static void xtcp_cong_test_limited_transmit(struct kunit *test)
{
	u32 nxt = UNA + 4 * MSS, flight = 4 * MSS;
	struct xtcp_cong cc;

	start(&cc);
	cc.cwnd = 4 * MSS;
	KUNIT_ASSERT_EQ(test, xtcp_cong_room(&cc, flight), 0);
	xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight);
	KUNIT_ASSERT_EQ(test, xtcp_cong_room(&cc, flight), MSS);
	xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight);
	KUNIT_ASSERT_EQ(test, xtcp_cong_room(&cc, flight + MSS), MSS);
	/* the third starts fast recovery: its own rules from then on */
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight),
			XTCP_CONG_RETRANSMIT);
	KUNIT_ASSERT_EQ(test, xtcp_cong_room(&cc, flight), cc.cwnd - flight);
}

/* Slow start doubles per round trip; above ssthresh, one MSS per cwnd. */
static void xtcp_cong_test_slow_start_then_avoidance(struct kunit *test)
{
	struct xtcp_cong cc;
	u32 una = UNA;
	int i;

	start(&cc);
	for (i = 0; i < 10; i++) {	/* one round trip: ten ACKs of one MSS */
		una += MSS;
		xtcp_cong_ack(&cc, una, MSS, false, una + 10 * MSS, 10 * MSS);
	}
	KUNIT_ASSERT_EQ(test, cc.cwnd, 20 * MSS);
	/* stretch ACKs count for two segments at most (RFC 3465 L = 2) */
	xtcp_cong_ack(&cc, una + 5 * MSS, 5 * MSS, false, una + 20 * MSS,
		      20 * MSS);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 22 * MSS);

	cc.ssthresh = cc.cwnd;		/* now congestion avoidance */
	una += 5 * MSS;
	for (i = 0; i < 21; i++) {
		una += MSS;
		xtcp_cong_ack(&cc, una, MSS, false, una + 22 * MSS, 22 * MSS);
	}
	KUNIT_ASSERT_EQ(test, cc.cwnd, 22 * MSS);	/* 21 of 22 */
	una += MSS;
	xtcp_cong_ack(&cc, una, MSS, false, una + 22 * MSS, 22 * MSS);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 23 * MSS);
}

/*
 * Linux's tcp_is_cwnd_limited(): an application that keeps 3 segments in
 * flight under a cwnd of 10 does not grow it; in slow start cwnd may
 * grow to twice what was in flight; once the sender fills cwnd, it grows,
 * and stays allowed to for that window even if the next sends do not
 * fill it.
 */
static void xtcp_cong_test_cwnd_limited(struct kunit *test)
{
	struct xtcp_cong cc;
	u32 una = UNA;
	int i;

	start(&cc);
	xtcp_cong_validate(&cc, 3 * MSS, una, una + 3 * MSS, true);
	KUNIT_ASSERT_FALSE(test, xtcp_cong_is_limited(&cc));
	for (i = 0; i < 3; i++) {
		una += MSS;
		xtcp_cong_ack(&cc, una, MSS, false, UNA + 3 * MSS, 3 * MSS);
	}
	KUNIT_ASSERT_EQ(test, cc.cwnd, 10 * MSS);

	/* slow start: up to twice the 6 segments of the next window */
	xtcp_cong_validate(&cc, 6 * MSS, una, una + 6 * MSS, true);
	for (i = 0; i < 6; i++) {
		una += MSS;
		xtcp_cong_ack(&cc, una, MSS, false, UNA + 9 * MSS, 6 * MSS);
	}
	KUNIT_ASSERT_EQ(test, cc.cwnd, 12 * MSS);

	/* cwnd full: it grows for that window whatever is sent after */
	xtcp_cong_validate(&cc, 12 * MSS, una, una + 12 * MSS, true);
	KUNIT_ASSERT_TRUE(test, xtcp_cong_is_limited(&cc));
	xtcp_cong_validate(&cc, 2 * MSS, una + 10 * MSS, una + 12 * MSS, true);
	KUNIT_ASSERT_TRUE(test, xtcp_cong_is_limited(&cc));
	una += MSS;
	xtcp_cong_ack(&cc, una, MSS, false, una + 11 * MSS, 12 * MSS);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 13 * MSS);
	/* once SND.UNA passes that window, a small flight counts again */
	xtcp_cong_validate(&cc, MSS, una + 12 * MSS, una + 13 * MSS, true);
	KUNIT_ASSERT_FALSE(test, xtcp_cong_is_limited(&cc));
}

/*
 * Ten segments in flight from UNA; the first is lost. The three duplicate
 * ACKs start fast recovery; each one after inflates cwnd.
 */
static void xtcp_cong_test_fast_retransmit(struct kunit *test)
{
	u32 nxt = UNA + 10 * MSS, flight = 10 * MSS;
	struct xtcp_cong cc;

	start(&cc);
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight),
			XTCP_CONG_NOTHING);
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight),
			XTCP_CONG_NOTHING);
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight),
			XTCP_CONG_RETRANSMIT);
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, 5 * MSS);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 8 * MSS);	/* ssthresh + 3 */
	KUNIT_ASSERT_EQ(test, cc.recover, nxt);
	/* the fourth: no second retransmission, one more MSS */
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight),
			XTCP_CONG_NOTHING);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 9 * MSS);

	/* the full ACK: deflate to min(ssthresh, flight + MSS) and leave */
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, nxt, 10 * MSS, false, nxt,
					    flight),
			XTCP_CONG_NOTHING);
	KUNIT_ASSERT_FALSE(test, cc.in_fast_recovery);
	KUNIT_ASSERT_EQ(test, cc.cwnd, MSS * 2);	/* nothing left + 1 */
}

/* NewReno: a partial ACK resends the next hole and deflates. */
static void xtcp_cong_test_partial_ack(struct kunit *test)
{
	u32 nxt = UNA + 10 * MSS, flight = 10 * MSS;
	struct xtcp_cong cc;
	int i;

	start(&cc);
	for (i = 0; i < 3; i++)
		xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight);
	for (i = 0; i < 4; i++)			/* cwnd 8 -> 12 MSS */
		xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 12 * MSS);
	/* segments 0-3 acknowledged, 4 lost too */
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA + 4 * MSS, 4 * MSS, false,
					    nxt, flight),
			XTCP_CONG_RETRANSMIT);
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 9 * MSS);	/* 12 - 4 + 1 */
	/* a partial ACK of less than a segment adds nothing back */
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA + 4 * MSS + 500, 500,
					    false, nxt, 6 * MSS),
			XTCP_CONG_RETRANSMIT);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 9 * MSS - 500);
	/* the full ACK */
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, nxt, 5500, false, nxt,
					    5500),
			XTCP_CONG_NOTHING);
	KUNIT_ASSERT_FALSE(test, cc.in_fast_recovery);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 2 * MSS);
}

/*
 * RFC 6582: duplicate ACKs for data sent before the last recovery
 * began (SND.UNA not past "recover") start no new one.
 */
static void xtcp_cong_test_no_second_recovery(struct kunit *test)
{
	u32 nxt = UNA + 10 * MSS, flight = 10 * MSS;
	struct xtcp_cong cc;
	int i;

	start(&cc);
	xtcp_cong_timeout(&cc, nxt, flight);
	KUNIT_ASSERT_TRUE(test, cc.in_rto_recovery);
	KUNIT_ASSERT_EQ(test, cc.cwnd, MSS);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, 5 * MSS);
	/* a second timeout keeps ssthresh (RFC 5681 section 7) */
	xtcp_cong_timeout(&cc, nxt, flight);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, 5 * MSS);
	for (i = 0; i < 5; i++)
		KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA, 0, true, nxt,
						    flight),
				XTCP_CONG_NOTHING);
	/* recovery ends with the ACK of "recover"; slow start goes on */
	xtcp_cong_ack(&cc, UNA + 2 * MSS, 2 * MSS, false, nxt, flight);
	KUNIT_ASSERT_TRUE(test, cc.in_rto_recovery);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 3 * MSS);
	xtcp_cong_ack(&cc, nxt, 8 * MSS, false, nxt, 8 * MSS);
	KUNIT_ASSERT_FALSE(test, cc.in_rto_recovery);
	/* three duplicates of data sent after: fast retransmit again */
	for (i = 0; i < 2; i++)
		xtcp_cong_ack(&cc, nxt, 0, true, nxt + MSS, MSS);
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, nxt, 0, true, nxt + MSS, MSS),
			XTCP_CONG_RETRANSMIT);
}

/* A new ACK resets the duplicate count. */
static void xtcp_cong_test_dupacks_reset(struct kunit *test)
{
	u32 nxt = UNA + 10 * MSS;
	struct xtcp_cong cc;

	start(&cc);
	xtcp_cong_ack(&cc, UNA, 0, true, nxt, 10 * MSS);
	xtcp_cong_ack(&cc, UNA, 0, true, nxt, 10 * MSS);
	xtcp_cong_ack(&cc, UNA + MSS, MSS, false, nxt, 10 * MSS);
	KUNIT_ASSERT_EQ(test, cc.dupacks, 0);
	KUNIT_ASSERT_EQ(test, xtcp_cong_ack(&cc, UNA + MSS, 0, true, nxt,
					    9 * MSS),
			XTCP_CONG_NOTHING);
	KUNIT_ASSERT_FALSE(test, cc.in_fast_recovery);
}

/* Ten segments in flight, the first late: @n duplicate ACKs for it. */
static void dupacks(struct xtcp_cong *cc, int n)
{
	while (n--)
		xtcp_cong_ack(cc, UNA, 0, true, UNA + 10 * MSS, 10 * MSS);
}

/*
 * The segment at UNA was only late: five duplicates, the fast retransmit
 * at t = 1 s, and 10 ms later (the smallest round trip is 50 ms) the ACK
 * of all ten. The reduction is undone, and the next fast retransmit needs
 * six duplicates.
 */
static void xtcp_cong_test_spurious_undone(struct kunit *test)
{
	u32 nxt = UNA + 10 * MSS;
	struct xtcp_cong cc;

	start(&cc);
	dupacks(&cc, 3);
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 5 * MSS + 3 * MSS);
	xtcp_cong_retransmitted(&cc, 1000000);
	xtcp_cong_retransmitted(&cc, 1005000);	/* a partial ACK's: not it */
	dupacks(&cc, 2);
	KUNIT_ASSERT_TRUE(test, xtcp_cong_spurious(&cc, 1010000, 50000));
	KUNIT_ASSERT_FALSE(test, cc.in_fast_recovery);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 10 * MSS);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, U32_MAX / 2);
	KUNIT_ASSERT_EQ(test, cc.reordering, 6);
	/* the same ACK goes on as one outside recovery: slow start */
	xtcp_cong_ack(&cc, nxt, 10 * MSS, false, nxt, 10 * MSS);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 12 * MSS);
	/* asked again, nothing: one answer per fast retransmit */
	KUNIT_ASSERT_FALSE(test, xtcp_cong_spurious(&cc, 1011000, 50000));

	/* a loss may start a recovery at once: "recover" is back at UNA */
	KUNIT_ASSERT_EQ(test, cc.recover, UNA);
	/* later reordering of five duplicates is no loss any more */
	dupacks(&cc, 5);
	KUNIT_ASSERT_FALSE(test, cc.in_fast_recovery);
	dupacks(&cc, 1);
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);
}

/*
 * A real loss: the ACK comes a round trip after the retransmission, or
 * before it was even sent; the reduction stays. The threshold never
 * grows past XTCP_CONG_REORDER_MAX.
 */
static void xtcp_cong_test_spurious_not(struct kunit *test)
{
	struct xtcp_cong cc;

	start(&cc);
	dupacks(&cc, 3);
	xtcp_cong_retransmitted(&cc, 1000000);
	KUNIT_ASSERT_FALSE(test, xtcp_cong_spurious(&cc, 1050000, 50000));
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, 5 * MSS);
	KUNIT_ASSERT_EQ(test, cc.reordering, XTCP_CONG_DUPTHRESH);

	start(&cc);
	dupacks(&cc, 3);		/* not told it was sent: no verdict */
	KUNIT_ASSERT_FALSE(test, xtcp_cong_spurious(&cc, 1000000, 50000));
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);

	start(&cc);
	dupacks(&cc, 3);
	xtcp_cong_retransmitted(&cc, 1000000);
	dupacks(&cc, 500);
	KUNIT_ASSERT_TRUE(test, xtcp_cong_spurious(&cc, 1000001, 50000));
	KUNIT_ASSERT_EQ(test, cc.reordering, XTCP_CONG_REORDER_MAX);

	start(&cc);			/* a timeout ends any chance of it */
	dupacks(&cc, 3);
	xtcp_cong_retransmitted(&cc, 1000000);
	xtcp_cong_timeout(&cc, UNA + 10 * MSS, 10 * MSS);
	KUNIT_ASSERT_FALSE(test, xtcp_cong_spurious(&cc, 1000001, 50000));
	KUNIT_ASSERT_EQ(test, cc.cwnd, MSS);
}

static u32 half_ssthresh(struct xtcp_cong *cc, u32 flight)
{
	return max(flight / 4, cc->mss);
}

/* Algorithms are found by name, and names are unique. */
static void xtcp_cong_test_register(struct kunit *test)
{
	struct xtcp_cong_ops ops = {
		.name		= "kunit-quarter",
		.ssthresh	= half_ssthresh,
		.cong_avoid	= xtcp_reno_cong_avoid,
	};
	struct xtcp_cong_ops bad = { .name = "kunit-bad" };
	const struct xtcp_cong_ops *got;
	struct xtcp_cong cc;

	KUNIT_ASSERT_EQ(test, xtcp_cong_register(&bad), -EINVAL);
	KUNIT_ASSERT_EQ(test, xtcp_cong_register(&ops), 0);
	KUNIT_EXPECT_EQ(test, xtcp_cong_register(&ops), -EEXIST);
	got = xtcp_cong_get("kunit-quarter");
	KUNIT_EXPECT_PTR_EQ(test, got, (const struct xtcp_cong_ops *)&ops);
	if (got) {
		memset(&cc, 0, sizeof(cc));
		cc.ops = got;
		xtcp_cong_start(&cc, MSS, UNA);
		xtcp_cong_timeout(&cc, UNA + 8 * MSS, 8 * MSS);
		KUNIT_EXPECT_EQ(test, cc.ssthresh, 2 * MSS);
		xtcp_cong_put(got);
	}
	xtcp_cong_unregister(&ops);
	KUNIT_EXPECT_NULL(test, xtcp_cong_get("kunit-quarter"));
	got = xtcp_cong_get("reno");
	KUNIT_EXPECT_PTR_EQ(test, got,
			    (const struct xtcp_cong_ops *)&xtcp_cong_reno);
	if (got)
		xtcp_cong_put(got);
}

static struct kunit_case xtcp_cong_test_cases[] = {
	KUNIT_CASE(xtcp_cong_test_initial_window),
	KUNIT_CASE(xtcp_cong_test_limited_transmit),
	KUNIT_CASE(xtcp_cong_test_slow_start_then_avoidance),
	KUNIT_CASE(xtcp_cong_test_cwnd_limited),
	KUNIT_CASE(xtcp_cong_test_fast_retransmit),
	KUNIT_CASE(xtcp_cong_test_partial_ack),
	KUNIT_CASE(xtcp_cong_test_no_second_recovery),
	KUNIT_CASE(xtcp_cong_test_dupacks_reset),
	KUNIT_CASE(xtcp_cong_test_spurious_undone),
	KUNIT_CASE(xtcp_cong_test_spurious_not),
	KUNIT_CASE(xtcp_cong_test_register),
	{}
};

static struct kunit_suite xtcp_cong_test_suite = {
	.name = "xtcp_cong",
	.test_cases = xtcp_cong_test_cases,
};

kunit_test_suite(xtcp_cong_test_suite);
