// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the rate limits on challenge ACKs and on ACKs to invalid
 * segments (module/ratelimit.c): the per-connection interval of
 * net.xtcp.tcp_invalid_ratelimit, across a jiffies wrap and a clock that
 * goes back; the namespace's challenge-ACK quota of
 * net.xtcp.tcp_challenge_ack_limit, its random size and its refill each
 * second; and which invalid segments are never limited.
 */
#include <kunit/test.h>
#include <linux/limits.h>

#include "../module/ratelimit.h"
#include "../module/wire.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define IVL	125	/* 500 ms at HZ=250 */

static void xtcp_ratelimit_test_oow_interval(struct kunit *test)
{
	u32 last = 0;

	/* the first ACK goes, and is remembered */
	KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_oow(&last, 1000, IVL));
	KUNIT_ASSERT_EQ(test, last, 1000);
	/* within the interval: skipped, and the interval does not restart */
	KUNIT_ASSERT_TRUE(test, xtcp_ratelimit_oow(&last, 1000, IVL));
	KUNIT_ASSERT_TRUE(test, xtcp_ratelimit_oow(&last, 1000 + IVL - 1, IVL));
	KUNIT_ASSERT_EQ(test, last, 1000);
	/* once it is over: goes */
	KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_oow(&last, 1000 + IVL, IVL));
	KUNIT_ASSERT_EQ(test, last, 1000 + IVL);
}

static void xtcp_ratelimit_test_oow_wrap(struct kunit *test)
{
	u32 last = 0;

	KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_oow(&last, 0xfffffff0, IVL));
	/* jiffies wrapped 32 ticks later: still within */
	KUNIT_ASSERT_TRUE(test, xtcp_ratelimit_oow(&last, 0x10, IVL));
	KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_oow(&last, IVL - 0x10, IVL));
	/* a time before the last one (another CPU's stale jiffies): goes */
	KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_oow(&last, 5, IVL));
	KUNIT_ASSERT_EQ(test, last, 5);
}

static void xtcp_ratelimit_test_oow_disabled(struct kunit *test)
{
	u32 last = 0;
	int i;

	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_oow(&last, 1000, 0));
}

static void xtcp_ratelimit_test_challenge_unlimited(struct kunit *test)
{
	struct xtcp_challenge c = {};
	int i;

	for (i = 0; i < 1000; i++)
		KUNIT_ASSERT_TRUE(test, xtcp_ratelimit_challenge(&c, INT_MAX,
								 7, 0));
	KUNIT_ASSERT_EQ(test, c.count, 0);
}

/* How many challenge ACKs second @second allows, all taken at once. */
static int quota(struct xtcp_challenge *c, u32 limit, u32 second, u32 rnd)
{
	int n = 0;

	while (n < 10000 && xtcp_ratelimit_challenge(c, limit, second, rnd))
		n++;
	return n;
}

static void xtcp_ratelimit_test_challenge_quota(struct kunit *test)
{
	struct xtcp_challenge c = {};

	/* limit/2 + [0, limit): 500 with the least random value */
	KUNIT_ASSERT_EQ(test, quota(&c, 1000, 1, 0), 500);
	/* used up: nothing more in that second, whatever the random value */
	KUNIT_ASSERT_EQ(test, quota(&c, 1000, 1, U32_MAX), 0);
	/* the next second draws again: 500 + 999 with the largest */
	KUNIT_ASSERT_EQ(test, quota(&c, 1000, 2, U32_MAX), 1499);
	/* and half way */
	KUNIT_ASSERT_EQ(test, quota(&c, 1000, 3, 1U << 31), 1000);
	/* odd limits round the half up; limit 0 allows none */
	KUNIT_ASSERT_EQ(test, quota(&c, 1, 4, U32_MAX), 1);
	KUNIT_ASSERT_EQ(test, quota(&c, 0, 5, U32_MAX), 0);
}

static void xtcp_ratelimit_test_loop_safe(struct kunit *test)
{
	struct xtcp_seg seg = { .flags = XTCP_ACK };

	/* a bare ACK may be one end of an ACK loop */
	KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_loop_safe(&seg));
	seg.flags = XTCP_SYN;
	KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_loop_safe(&seg));
	/* data or a FIN without a SYN is not */
	seg.flags = XTCP_ACK;
	seg.payload_len = 1;
	KUNIT_ASSERT_TRUE(test, xtcp_ratelimit_loop_safe(&seg));
	seg.flags = XTCP_SYN | XTCP_ACK;
	KUNIT_ASSERT_FALSE(test, xtcp_ratelimit_loop_safe(&seg));
	seg.flags = XTCP_FIN | XTCP_ACK;
	seg.payload_len = 0;
	KUNIT_ASSERT_TRUE(test, xtcp_ratelimit_loop_safe(&seg));
}

static struct kunit_case xtcp_ratelimit_test_cases[] = {
	KUNIT_CASE(xtcp_ratelimit_test_oow_interval),
	KUNIT_CASE(xtcp_ratelimit_test_oow_wrap),
	KUNIT_CASE(xtcp_ratelimit_test_oow_disabled),
	KUNIT_CASE(xtcp_ratelimit_test_challenge_unlimited),
	KUNIT_CASE(xtcp_ratelimit_test_challenge_quota),
	KUNIT_CASE(xtcp_ratelimit_test_loop_safe),
	{}
};

static struct kunit_suite xtcp_ratelimit_test_suite = {
	.name = "xtcp_ratelimit",
	.test_cases = xtcp_ratelimit_test_cases,
};

kunit_test_suite(xtcp_ratelimit_test_suite);
