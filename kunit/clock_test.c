// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's event clock (module/clock.h) on a real socket:
 * inside an event the time stands still at the moment the outermost
 * event began; outside of one every reading is fresh. Load xtcp.ko first.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/net.h>
#include <net/sock.h>

#include "../module/clock.h"
#include "../module/sock.h"
#include "socket_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

static void xtcp_clock_test_event(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);
	struct sock *sk = sock->sk;
	u64 before, begun, after;

	lock_sock(sk);
	before = xtcp_clock_ns(sk);
	usleep_range(100, 200);
	KUNIT_EXPECT_GT(test, xtcp_clock_ns(sk), before);	/* fresh */
	xtcp_clock_enter(sk);
	begun = xtcp_clock_ns(sk);
	KUNIT_EXPECT_GT(test, begun, before);
	usleep_range(2000, 3000);
	KUNIT_EXPECT_EQ(test, xtcp_clock_ns(sk), begun);
	KUNIT_EXPECT_EQ(test, xtcp_clock_us(sk), div_u64(begun, NSEC_PER_USEC));
	KUNIT_EXPECT_EQ(test, xtcp_clock_ms(sk),
			(u32)div_u64(begun, NSEC_PER_MSEC));
	KUNIT_EXPECT_EQ(test, ktime_to_ns(xtcp_clock_at(sk, 5)),
			begun + 5 * NSEC_PER_MSEC);
	xtcp_clock_enter(sk);			/* nested: no new reading */
	KUNIT_EXPECT_EQ(test, xtcp_clock_ns(sk), begun);
	xtcp_clock_exit(sk);
	KUNIT_EXPECT_EQ(test, xtcp_clock_ns(sk), begun);
	xtcp_clock_exit(sk);
	after = xtcp_clock_ns(sk);		/* fresh again */
	KUNIT_EXPECT_GE(test, after, begun + 2000 * NSEC_PER_USEC);
	KUNIT_EXPECT_EQ(test, xtcp_sk(sk)->clock_depth, 0);
	release_sock(sk);
	sock_release(sock);
}

static struct kunit_case xtcp_clock_test_cases[] = {
	KUNIT_CASE(xtcp_clock_test_event),
	{}
};

static struct kunit_suite xtcp_clock_test_suite = {
	.name = "xtcp_clock",
	.test_cases = xtcp_clock_test_cases,
};

kunit_test_suite(xtcp_clock_test_suite);
