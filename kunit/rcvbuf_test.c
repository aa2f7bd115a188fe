// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the arithmetic of receive buffer autotuning
 * (module/window.c): the receiver's round-trip time estimate, as
 * tcp_rcv_rtt_update(), and the buffer tcp_rcv_space_adjust() asks for.
 */
#include <kunit/test.h>

#include "../module/window.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* Samples are kept in eighths of a microsecond; lower ones replace it. */
static void xtcp_rcvbuf_test_rtt_lower(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_window_rcv_rtt(0, 1000, true), 8000U);
	KUNIT_EXPECT_EQ(test, xtcp_window_rcv_rtt(0, 1000, false), 8000U);
	KUNIT_EXPECT_EQ(test, xtcp_window_rcv_rtt(8000, 500, true), 4000U);
	KUNIT_EXPECT_EQ(test, xtcp_window_rcv_rtt(8000, 500, false), 4000U);
	/* a sample past 2^29 us cannot overflow */
	KUNIT_EXPECT_EQ(test, xtcp_window_rcv_rtt(0, U32_MAX, false),
			(U32_MAX >> 3) << 3);
}

/*
 * A higher sample: ignored when it is a window's time (it only bounds
 * the RTT from above), an eighth of the way with timestamps.
 */
static void xtcp_rcvbuf_test_rtt_higher(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_window_rcv_rtt(8000, 2000, true), 8000U);
	/* 1000 us then 2000 us: 1125 us */
	KUNIT_EXPECT_EQ(test, xtcp_window_rcv_rtt(8000, 2000, false), 9000U);
	KUNIT_EXPECT_EQ(test, xtcp_window_rcv_rtt(9000, 2000, false),
			9000U - 1125U + 2000U);
}

/* rcvmem: a segment's truesize, rounded up in 128s to twice its data */
static void check_rcvmem(struct kunit *test, u32 buf, u32 segs, u32 mss)
{
	KUNIT_EXPECT_EQ(test, buf % segs, 0U);
	KUNIT_EXPECT_GE(test, buf / segs, 2 * mss);
	KUNIT_EXPECT_LT(test, buf / segs, 2 * mss + 128);
}

/*
 * The reads doubled in a round trip (50 to 100 segments of 1460): a
 * window of twice 100 segments and 16 more, 216, grown by twice as much
 * again for the doubling: 648 segments of memory. With the default
 * adv_win_scale a segment's memory must be at least twice its data.
 */
static void xtcp_rcvbuf_test_doubled(struct kunit *test)
{
	u32 buf = xtcp_window_rcvbuf(100 * 1460, 50 * 1460, 1460, 1,
				     1U << 30);

	check_rcvmem(test, buf, 648, 1460);
}

/* Reads that grew by a quarter: (2 * 100 + 16) * (1 + 2 / 4) = 324. */
static void xtcp_rcvbuf_test_quarter(struct kunit *test)
{
	u32 buf = xtcp_window_rcvbuf(100 * 1460, 80 * 1460, 1460, 1,
				     1U << 30);

	check_rcvmem(test, buf, 324, 1460);
}

/* Loopback's MSS: the same rule, at most net.xtcp.rmem_max. */
static void xtcp_rcvbuf_test_max(struct kunit *test)
{
	u32 buf = xtcp_window_rcvbuf(4 * 65483, 2 * 65483, 65483, 1,
				     1U << 30);

	check_rcvmem(test, buf, 72, 65483);
	KUNIT_EXPECT_EQ(test, xtcp_window_rcvbuf(4 * 65483, 2 * 65483, 65483,
						 1, 6 << 20), 6U << 20);
	KUNIT_EXPECT_EQ(test, xtcp_window_rcvbuf(U32_MAX, 1, 1460, 1,
						 6 << 20), 6U << 20);
}

static struct kunit_case xtcp_rcvbuf_test_cases[] = {
	KUNIT_CASE(xtcp_rcvbuf_test_rtt_lower),
	KUNIT_CASE(xtcp_rcvbuf_test_rtt_higher),
	KUNIT_CASE(xtcp_rcvbuf_test_doubled),
	KUNIT_CASE(xtcp_rcvbuf_test_quarter),
	KUNIT_CASE(xtcp_rcvbuf_test_max),
	{}
};

static struct kunit_suite xtcp_rcvbuf_test_suite = {
	.name = "xtcp_rcvbuf",
	.test_cases = xtcp_rcvbuf_test_cases,
};

kunit_test_suite(xtcp_rcvbuf_test_suite);
