// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for delivery rate samples and the pacing rate
 * (module/rate.c), on worked examples in the manner of Linux's
 * tcp_rate.c: octets delivered since the newest segment an ACK covers
 * left, over the longer of its send and ACK intervals.
 */
#include <kunit/test.h>
#include <linux/jiffies.h>

#include "../module/rate.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* A new estimator, recording in @q (the socket's on-demand ring). */
static void init(struct xtcp_rate *r, struct xtcp_rate_ring *q)
{
	xtcp_rate_init(r);
	r->ring = q;
}

/* Send @n segments of 1000 octets from sequence 0, 100 us apart from @t. */
static void send_segs(struct xtcp_rate *r, int n, u32 t)
{
	int i;

	for (i = 0; i < n; i++)
		xtcp_rate_sent(r, (i + 1) * 1000, i * 1000, t + i * 100);
}

/*
 * Eight segments leave from t = 0; at t = 10 ms an ACK covers two: the
 * newest it covers left at 100 us, with nothing delivered before it, so
 * the ACK interval (10 ms) is the longer: 2000 octets in 10 ms.
 */
static void xtcp_rate_test_first_sample(struct kunit *test)
{
	struct xtcp_rate_ring q = {};
	struct xtcp_rate r;

	init(&r, &q);
	send_segs(&r, 8, 0);
	KUNIT_EXPECT_TRUE(test, xtcp_rate_acked(&r, 2000, 2000, 1000, 10000,
						5000));
	KUNIT_EXPECT_EQ(test, r.rate_delivered, 2000U);
	KUNIT_EXPECT_EQ(test, r.rate_interval_us, 10000U);
	KUNIT_EXPECT_EQ(test, xtcp_rate_bps(&r), 200000ULL);
	KUNIT_EXPECT_EQ(test, r.delivered_segs, 2U);
	/* application limited from the start, as tcp_init_sock() */
	KUNIT_EXPECT_TRUE(test, r.rate_app_limited);
	KUNIT_EXPECT_EQ(test, r.app_limited, 0U);
	/* the next interval starts when that segment left */
	KUNIT_EXPECT_EQ(test, r.first_tx_us, 100U);
}

/*
 * The second ACK, at 11 ms, covers the other six: the newest left at
 * 700 us, when nothing was delivered, as of t = 0; since then 8000 octets
 * were, in max(700 - 0, 11000 - 0) us: a higher rate than the first
 * sample's, which it replaces although both are application limited.
 */
static void xtcp_rate_test_second_sample(struct kunit *test)
{
	struct xtcp_rate_ring q = {};
	struct xtcp_rate r;

	init(&r, &q);
	send_segs(&r, 8, 0);
	xtcp_rate_acked(&r, 2000, 2000, 1000, 10000, 5000);
	KUNIT_EXPECT_TRUE(test, xtcp_rate_acked(&r, 8000, 6000, 1000, 11000,
						5000));
	KUNIT_EXPECT_EQ(test, r.rate_delivered, 8000U);
	KUNIT_EXPECT_EQ(test, r.rate_interval_us, 11000U);
	KUNIT_EXPECT_EQ(test, r.delivered, 8000ULL);
	KUNIT_EXPECT_EQ(test, r.delivered_segs, 8U);
	KUNIT_EXPECT_EQ(test, q.count, 0);
}

/* A sample shorter than the least RTT (ACK compression) is dropped. */
static void xtcp_rate_test_below_min_rtt(struct kunit *test)
{
	struct xtcp_rate_ring q = {};
	struct xtcp_rate r;

	init(&r, &q);
	send_segs(&r, 2, 0);
	KUNIT_EXPECT_FALSE(test, xtcp_rate_acked(&r, 2000, 2000, 1000, 10000,
						 20000));
	KUNIT_EXPECT_EQ(test, xtcp_rate_bps(&r), 0ULL);
	KUNIT_EXPECT_EQ(test, r.delivered_segs, 2U);
}

/*
 * An application-limited sample replaces the one kept only if it shows a
 * higher rate; one that is not replaces it anyway.
 */
static void xtcp_rate_test_app_limited(struct kunit *test)
{
	struct xtcp_rate_ring q = {};
	struct xtcp_rate r;

	init(&r, &q);
	r.app_limited = 0;
	send_segs(&r, 2, 0);
	/* not app limited: 2000 octets in 1 ms */
	KUNIT_EXPECT_TRUE(test, xtcp_rate_acked(&r, 2000, 2000, 1000, 1000,
						100));
	KUNIT_EXPECT_EQ(test, xtcp_rate_bps(&r), 2000000ULL);
	KUNIT_EXPECT_FALSE(test, r.rate_app_limited);

	/* the application stops: 0 unsent, 0 in flight, cwnd open */
	xtcp_rate_check_app_limited(&r, 0, 1000, 0, 10000);
	KUNIT_EXPECT_EQ(test, r.app_limited, 2000U);
	xtcp_rate_sent(&r, 3000, 0, 50000);
	/* 1000 octets in 10 ms, app limited and slower: not kept */
	KUNIT_EXPECT_FALSE(test, xtcp_rate_acked(&r, 3000, 1000, 1000, 60000,
						 100));
	KUNIT_EXPECT_EQ(test, xtcp_rate_bps(&r), 2000000ULL);
	/* delivered is past the mark now: samples are no longer limited */
	KUNIT_EXPECT_EQ(test, r.app_limited, 0U);
	xtcp_rate_sent(&r, 4000, 0, 70000);
	KUNIT_EXPECT_TRUE(test, xtcp_rate_acked(&r, 4000, 1000, 1000, 80000,
						100));
	KUNIT_EXPECT_EQ(test, xtcp_rate_bps(&r), 100000ULL);
	KUNIT_EXPECT_FALSE(test, r.rate_app_limited);

	/* data still to send or a full window: not application limited */
	xtcp_rate_check_app_limited(&r, 1000, 1000, 0, 10000);
	KUNIT_EXPECT_EQ(test, r.app_limited, 0U);
	xtcp_rate_check_app_limited(&r, 0, 1000, 10000, 10000);
	KUNIT_EXPECT_EQ(test, r.app_limited, 0U);
}

/*
 * With every slot taken, further segments are not recorded: an ACK of
 * all of them samples the newest recorded one.
 */
static void xtcp_rate_test_slots_full(struct kunit *test)
{
	struct xtcp_rate_ring q = {};
	struct xtcp_rate r;

	init(&r, &q);
	send_segs(&r, XTCP_RATE_SLOTS + 2, 0);
	KUNIT_EXPECT_EQ(test, q.count, XTCP_RATE_SLOTS);
	KUNIT_EXPECT_TRUE(test, xtcp_rate_acked(&r, (XTCP_RATE_SLOTS + 2) *
						1000, (XTCP_RATE_SLOTS + 2) *
						1000, 1000, 20000, 100));
	KUNIT_EXPECT_EQ(test, q.count, 0);
	KUNIT_EXPECT_EQ(test, r.first_tx_us, (XTCP_RATE_SLOTS - 1) * 100U);
	KUNIT_EXPECT_EQ(test, r.rate_delivered,
			(XTCP_RATE_SLOTS + 2) * 1000U);
	/* a short last segment still counts as one delivered */
	xtcp_rate_sent(&r, 20500, 0, 30000);
	xtcp_rate_acked(&r, 20500, 500, 1000, 40000, 100);
	KUNIT_EXPECT_EQ(test, r.delivered_segs, XTCP_RATE_SLOTS + 2U + 1U);
}

/*
 * With no ring (a socket that could not get one, ondemand.c) nothing is
 * recorded and no ACK gives a sample, but delivery is still counted.
 */
static void xtcp_rate_test_no_ring(struct kunit *test)
{
	struct xtcp_rate r;

	xtcp_rate_init(&r);
	KUNIT_EXPECT_PTR_EQ(test, r.ring, (struct xtcp_rate_ring *)NULL);
	send_segs(&r, 2, 0);
	KUNIT_EXPECT_FALSE(test, xtcp_rate_acked(&r, 2000, 2000, 1000, 10000,
						 100));
	KUNIT_EXPECT_EQ(test, xtcp_rate_bps(&r), 0ULL);
	KUNIT_EXPECT_EQ(test, r.delivered, 2000ULL);
	KUNIT_EXPECT_EQ(test, r.delivered_segs, 2U);
}

/*
 * tcp_update_pacing_rate(): 10 segments of 1460 in 1 ms is 14.6 MB/s,
 * paced at 200 % in slow start, 120 % past half of ssthresh.
 */
static void xtcp_rate_test_pacing(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_rate_pacing(14600, U32_MAX, 1000),
			29200000ULL);
	KUNIT_EXPECT_EQ(test, xtcp_rate_pacing(14600, 20000, 1000),
			17520000ULL);
	KUNIT_EXPECT_EQ(test, xtcp_rate_pacing(14600, 29202, 1000),
			29200000ULL);
	KUNIT_EXPECT_EQ(test, xtcp_rate_pacing(14600, 20000, 0), ~0ULL);
}

/*
 * The chronograph, as tcp_chrono_start()/stop(): a higher state takes
 * over, a lower one does not; leaving the current one goes back to busy,
 * leaving any other changes nothing; idle ends everything.
 */
static void xtcp_rate_test_chrono(struct kunit *test)
{
	struct xtcp_chrono c = {};
	u64 j = jiffies_to_usecs(1);

	xtcp_chrono_start(&c, XTCP_CHRONO_BUSY, 100);
	xtcp_chrono_start(&c, XTCP_CHRONO_RWND, 150);
	xtcp_chrono_stop(&c, XTCP_CHRONO_RWND, false, 170);
	KUNIT_EXPECT_EQ(test, c.type, XTCP_CHRONO_BUSY);
	xtcp_chrono_start(&c, XTCP_CHRONO_SNDBUF, 200);
	xtcp_chrono_start(&c, XTCP_CHRONO_BUSY, 210);
	xtcp_chrono_stop(&c, XTCP_CHRONO_RWND, false, 220);
	KUNIT_EXPECT_EQ(test, c.type, XTCP_CHRONO_SNDBUF);
	/* the current stretch counts when read */
	KUNIT_EXPECT_EQ(test, xtcp_chrono_us(&c, XTCP_CHRONO_SNDBUF, 230),
			30 * j);
	xtcp_chrono_stop(&c, XTCP_CHRONO_BUSY, true, 250);
	KUNIT_EXPECT_EQ(test, c.type, XTCP_CHRONO_IDLE);
	KUNIT_EXPECT_EQ(test, xtcp_chrono_us(&c, XTCP_CHRONO_BUSY, 900),
			80 * j);
	KUNIT_EXPECT_EQ(test, xtcp_chrono_us(&c, XTCP_CHRONO_RWND, 900),
			20 * j);
	KUNIT_EXPECT_EQ(test, xtcp_chrono_us(&c, XTCP_CHRONO_SNDBUF, 900),
			50 * j);
}

static struct kunit_case xtcp_rate_test_cases[] = {
	KUNIT_CASE(xtcp_rate_test_first_sample),
	KUNIT_CASE(xtcp_rate_test_second_sample),
	KUNIT_CASE(xtcp_rate_test_below_min_rtt),
	KUNIT_CASE(xtcp_rate_test_app_limited),
	KUNIT_CASE(xtcp_rate_test_slots_full),
	KUNIT_CASE(xtcp_rate_test_no_ring),
	KUNIT_CASE(xtcp_rate_test_pacing),
	KUNIT_CASE(xtcp_rate_test_chrono),
	{}
};

static struct kunit_suite xtcp_rate_test_suite = {
	.name = "xtcp_rate",
	.test_cases = xtcp_rate_test_cases,
};

kunit_test_suite(xtcp_rate_test_suite);
