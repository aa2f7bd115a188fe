// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's retransmission timeout (module/rtt.c): the
 * RFC 6298 estimator with worked values, its bounds, the backoff, the 3 s
 * fallback after a lost SYN, and Karn's algorithm.
 */
#include <kunit/test.h>

#include "../module/rtt.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

static void init_default(struct xtcp_rtt *rtt)
{
	xtcp_rtt_init(rtt, XTCP_RTO_MIN_MS, XTCP_RTO_MAX_MS);
}

/* (2.1) RTO is 1 s before any sample. */
static void xtcp_rtt_test_initial(struct kunit *test)
{
	struct xtcp_rtt rtt;

	init_default(&rtt);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 1000);
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 0);
}

/*
 * (2.2) first sample R = 100 ms: SRTT 100 ms, RTTVAR 50 ms, RTO 300 ms.
 * (2.3) second R' = 200 ms: RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5,
 * SRTT = 7/8 * 100 + 1/8 * 200 = 112.5, RTO = 112.5 + 4 * 62.5 = 362.5,
 * rounded up to 363 ms.
 */
static void xtcp_rtt_test_worked_values(struct kunit *test)
{
	struct xtcp_rtt rtt;

	init_default(&rtt);
	xtcp_rtt_sample(&rtt, 100000);
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 100000);
	KUNIT_ASSERT_EQ(test, rtt.rttvar_us, 50000);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 300);
	xtcp_rtt_sample(&rtt, 200000);
	KUNIT_ASSERT_EQ(test, rtt.rttvar_us, 62500);
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 112500);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 363);
	/* R' = 50 ms: RTTVAR = 46.875 + 15.625 = 62.5, SRTT = 98.4375 + 6.25 */
	xtcp_rtt_sample(&rtt, 50000);
	KUNIT_ASSERT_EQ(test, rtt.rttvar_us, 62500);
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 104688);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 355);
}

/* Steady samples: RTTVAR decays, and G keeps RTO above SRTT. */
static void xtcp_rtt_test_steady_granularity(struct kunit *test)
{
	struct xtcp_rtt rtt;
	int i;

	xtcp_rtt_init(&rtt, 1, XTCP_RTO_MAX_MS);
	for (i = 0; i < 100; i++)
		xtcp_rtt_sample(&rtt, 20000);
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 20000);
	KUNIT_ASSERT_LT(test, rtt.rttvar_us, XTCP_RTT_G_US / 4);
	/* 20 ms + G (1 ms) */
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 21);
}

/* (2.4), (2.5): the bounds hold, sample or not. */
static void xtcp_rtt_test_bounds(struct kunit *test)
{
	struct xtcp_rtt rtt;

	init_default(&rtt);
	xtcp_rtt_sample(&rtt, 1000);		/* 1 ms: 3 ms, raised */
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, XTCP_RTO_MIN_MS);
	init_default(&rtt);
	xtcp_rtt_sample(&rtt, 100 * 1000 * 1000);	/* 100 s: 300 s, cut */
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, XTCP_RTO_MAX_MS);
	/* a minimum above 1 s raises the initial RTO too */
	xtcp_rtt_init(&rtt, 1500, 60000);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 1500);
	/* a maximum below the minimum is taken as the minimum */
	xtcp_rtt_init(&rtt, 500, 100);
	KUNIT_ASSERT_EQ(test, rtt.max_ms, 500);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 500);
}

/* (5.5) each expiry doubles the RTO, up to the maximum, without overflow. */
static void xtcp_rtt_test_backoff(struct kunit *test)
{
	struct xtcp_rtt rtt;

	init_default(&rtt);
	xtcp_rtt_sample(&rtt, 100000);		/* RTO 300 ms */
	KUNIT_ASSERT_EQ(test, xtcp_rtt_backoff_ms(&rtt, 0), 300);
	KUNIT_ASSERT_EQ(test, xtcp_rtt_backoff_ms(&rtt, 1), 600);
	KUNIT_ASSERT_EQ(test, xtcp_rtt_backoff_ms(&rtt, 4), 4800);
	KUNIT_ASSERT_EQ(test, xtcp_rtt_backoff_ms(&rtt, 9), 120000);
	KUNIT_ASSERT_EQ(test, xtcp_rtt_backoff_ms(&rtt, 40), 120000);
	KUNIT_ASSERT_EQ(test, xtcp_rtt_backoff_ms(&rtt, 255), 120000);
	/* a new sample sets RTO again from the estimate */
	xtcp_rtt_sample(&rtt, 100000);
	KUNIT_ASSERT_EQ(test, xtcp_rtt_backoff_ms(&rtt, 0), rtt.rto_ms);
}

/* (5.7) a handshake that needed a retransmission: 3 s without a sample. */
static void xtcp_rtt_test_syn_lost(struct kunit *test)
{
	struct xtcp_rtt rtt;

	init_default(&rtt);
	xtcp_rtt_syn_lost(&rtt);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 3000);
	init_default(&rtt);
	xtcp_rtt_sample(&rtt, 100000);
	xtcp_rtt_syn_lost(&rtt);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 300);
}

/* One segment timed at a time; its ACK is the sample. */
static void xtcp_rtt_test_timing(struct kunit *test)
{
	struct xtcp_rtt rtt;

	init_default(&rtt);
	xtcp_rtt_sent(&rtt, 1100, 1000000);
	xtcp_rtt_sent(&rtt, 1200, 1050000);	/* not timed: one at a time */
	xtcp_rtt_acked(&rtt, 1050, 1080000);	/* short of the timed one */
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 0);
	xtcp_rtt_acked(&rtt, 1100, 1100000);	/* 100 ms after it went */
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 100000);
	KUNIT_ASSERT_FALSE(test, rtt.timing);
	/* across the sequence number wrap */
	xtcp_rtt_sent(&rtt, 0x10, 2000000);
	xtcp_rtt_acked(&rtt, 0xfffffff0, 2100000);
	KUNIT_ASSERT_TRUE(test, rtt.timing);
	xtcp_rtt_acked(&rtt, 0x20, 2100000);
	KUNIT_ASSERT_FALSE(test, rtt.timing);
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 100000);
}

/* Karn: after a retransmission the ACK gives no sample. */
static void xtcp_rtt_test_karn(struct kunit *test)
{
	struct xtcp_rtt rtt;

	init_default(&rtt);
	xtcp_rtt_sent(&rtt, 1100, 1000000);
	xtcp_rtt_resent(&rtt);
	xtcp_rtt_acked(&rtt, 1100, 3000000);	/* 2 s: which copy? */
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 0);
	KUNIT_ASSERT_EQ(test, rtt.rto_ms, 1000);
	/* new data after that is timed again */
	xtcp_rtt_sent(&rtt, 1200, 3000000);
	xtcp_rtt_acked(&rtt, 1200, 3040000);
	KUNIT_ASSERT_EQ(test, rtt.srtt_us, 40000);
}

static struct kunit_case xtcp_rtt_test_cases[] = {
	KUNIT_CASE(xtcp_rtt_test_initial),
	KUNIT_CASE(xtcp_rtt_test_worked_values),
	KUNIT_CASE(xtcp_rtt_test_steady_granularity),
	KUNIT_CASE(xtcp_rtt_test_bounds),
	KUNIT_CASE(xtcp_rtt_test_backoff),
	KUNIT_CASE(xtcp_rtt_test_syn_lost),
	KUNIT_CASE(xtcp_rtt_test_timing),
	KUNIT_CASE(xtcp_rtt_test_karn),
	{}
};

static struct kunit_suite xtcp_rtt_test_suite = {
	.name = "xtcp_rtt",
	.test_cases = xtcp_rtt_test_cases,
};

kunit_test_suite(xtcp_rtt_test_suite);
