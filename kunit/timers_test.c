// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's socket timers (module/timers.c) on a real socket:
 * a retransmission timeout that expired while a process owned the socket
 * is left to release_cb, which runs it only if it is still due; segments
 * from the backlog may have stopped the timer (everything acknowledged)
 * or armed it again for later (new data acknowledged) in between, as
 * tcp_release_cb() and tcp_write_timer_handler() check icsk_pending and
 * icsk_timeout. A stopped timer stays queued, and one armed for later
 * than it is queued keeps its time, then moves on when it expires.
 * Load xtcp.ko first.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "../module/sock.h"
#include "../module/timers.h"
#include "socket_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/*
 * Own @sk, arm its retransmission timer for 1 ms and wait (10 s at most)
 * until its expiry has been left to release_cb. Returns owning @sk.
 */
static void expire_while_owned(struct kunit *test, struct sock *sk)
{
	int i;

	lock_sock(sk);
	xtcp_timers_rtx_wanted(sk, 1);
	for (i = 0; i < 500; i++) {
		if (test_bit(XTCP_DEFER_RTX, &xtcp_sk(sk)->deferred))
			break;
		msleep(20);
	}
	KUNIT_EXPECT_TRUE(test, test_bit(XTCP_DEFER_RTX,
					 &xtcp_sk(sk)->deferred));
}

/*
 * Did xtcp_sock_rtx_timeout() run? Its first expiry stamps the start of
 * the retransmissions (for TCP_USER_TIMEOUT); a fresh socket has none.
 */
static bool timeout_ran(struct sock *sk)
{
	return xtcp_sk(sk)->rtx_start_us != 0;
}

/* Nothing in between: the deferred timeout runs at release_sock(). */
static void xtcp_timers_test_deferred_runs(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);

	KUNIT_EXPECT_FALSE(test, timeout_ran(sock->sk));
	expire_while_owned(test, sock->sk);
	release_sock(sock->sk);
	KUNIT_EXPECT_TRUE(test, timeout_ran(sock->sk));
	sock_release(sock);
}

/* Stopped in between (all acknowledged): the timeout never runs. */
static void xtcp_timers_test_deferred_stopped(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);

	expire_while_owned(test, sock->sk);
	xtcp_timers_rtx_done(sock->sk);
	release_sock(sock->sk);
	KUNIT_EXPECT_FALSE(test, timeout_ran(sock->sk));
	sock_release(sock);
}

/* Armed again in between: not due yet; the timer keeps its new deadline. */
static void xtcp_timers_test_deferred_rearmed(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);

	expire_while_owned(test, sock->sk);
	xtcp_timers_rtx_wanted(sock->sk, 60 * MSEC_PER_SEC);
	release_sock(sock->sk);
	KUNIT_EXPECT_FALSE(test, timeout_ran(sock->sk));
	KUNIT_EXPECT_TRUE(test, xtcp_timers_rtx_pending(sock->sk, NULL));
	lock_sock(sock->sk);
	xtcp_timers_rtx_done(sock->sk);
	release_sock(sock->sk);
	sock_release(sock);
}

/*
 * The persist timer armed in between takes the transmit timer, which the
 * retransmission timeout shares: the deferred timeout does not run, the
 * timer is the persist timer's, and stopping the retransmission timer
 * leaves it alone; stopping the persist timer stops it.
 */
static void xtcp_timers_test_deferred_persist_took_over(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);
	struct sock *sk = sock->sk;
	unsigned long left;

	expire_while_owned(test, sk);
	xtcp_timers_persist_wanted(sk, 60 * MSEC_PER_SEC);
	release_sock(sk);
	KUNIT_EXPECT_FALSE(test, timeout_ran(sk));
	lock_sock(sk);
	KUNIT_EXPECT_TRUE(test, xtcp_timers_persist_pending(sk));
	KUNIT_EXPECT_FALSE(test, xtcp_timers_rtx_pending(sk, NULL));
	KUNIT_EXPECT_EQ(test, xtcp_timers_proc(sk, &left), 4);
	xtcp_timers_rtx_done(sk);
	KUNIT_EXPECT_TRUE(test, xtcp_timers_persist_pending(sk));
	xtcp_timers_rtx_wanted(sk, 30 * MSEC_PER_SEC);
	KUNIT_EXPECT_FALSE(test, xtcp_timers_persist_pending(sk));
	KUNIT_EXPECT_TRUE(test, xtcp_timers_rtx_pending(sk, NULL));
	KUNIT_EXPECT_EQ(test, xtcp_timers_proc(sk, &left), 1);
	xtcp_timers_persist_done(sk);
	KUNIT_EXPECT_TRUE(test, xtcp_timers_rtx_pending(sk, NULL));
	xtcp_timers_rtx_done(sk);
	KUNIT_EXPECT_FALSE(test, xtcp_timers_rtx_pending(sk, NULL));
	KUNIT_EXPECT_EQ(test, xtcp_timers_proc(sk, &left), 0);
	release_sock(sk);
	sock_release(sock);
}

/*
 * Stopped, then armed for later than the timer is still queued: the timer
 * keeps its time, and when it expires it queues itself again for the
 * later deadline instead of running the retransmission timeout early.
 */
static void xtcp_timers_test_lazy_rearm(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);
	struct sock *sk = sock->sk;
	struct hrtimer *t = &xtcp_sk(sk)->xmit_timer;
	unsigned long left;
	ktime_t first;
	int i;

	lock_sock(sk);
	xtcp_timers_rtx_wanted(sk, 100);
	first = hrtimer_get_expires(t);
	xtcp_timers_rtx_done(sk);
	KUNIT_EXPECT_FALSE(test, xtcp_timers_rtx_pending(sk, NULL));
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(t));	/* left queued */
	xtcp_timers_rtx_wanted(sk, 60 * MSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, hrtimer_get_expires(t), first);
	release_sock(sk);
	/* the 100 ms expiry comes, and the timer queues itself again */
	for (i = 0; i < 500 && hrtimer_get_expires(t) == first; i++)
		msleep(20);
	KUNIT_EXPECT_NE(test, hrtimer_get_expires(t), first);
	KUNIT_EXPECT_FALSE(test, timeout_ran(sk));
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(t));
	KUNIT_EXPECT_EQ(test, hrtimer_get_expires(t), xtcp_sk(sk)->xmit_due);
	KUNIT_EXPECT_TRUE(test, xtcp_timers_rtx_pending(sk, &left));
	KUNIT_EXPECT_GT(test, left, msecs_to_jiffies(59 * MSEC_PER_SEC));
	/* earlier than queued: the timer moves */
	lock_sock(sk);
	xtcp_timers_rtx_wanted(sk, 30 * MSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, hrtimer_get_expires(t), xtcp_sk(sk)->xmit_due);
	xtcp_timers_rtx_done(sk);
	xtcp_timers_cancel(sk);
	KUNIT_EXPECT_FALSE(test, hrtimer_is_queued(t));
	KUNIT_EXPECT_EQ(test, xtcp_sk(sk)->timer_refs, 0UL);
	release_sock(sk);
	sock_release(sock);
}

/* Keepalive on sk_timer: armed, shown, stopped. */
static void xtcp_timers_test_keepalive(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);
	struct sock *sk = sock->sk;
	unsigned long left;

	lock_sock(sk);
	xtcp_timers_ka_wanted(sk, 60 * MSEC_PER_SEC);
	KUNIT_EXPECT_TRUE(test, xtcp_timers_ka_pending(sk));
	KUNIT_EXPECT_EQ(test, xtcp_timers_proc(sk, &left), 2);
	KUNIT_EXPECT_GT(test, left, msecs_to_jiffies(59 * MSEC_PER_SEC));
	xtcp_timers_ka_done(sk);
	KUNIT_EXPECT_FALSE(test, xtcp_timers_ka_pending(sk));
	release_sock(sk);
	sock_release(sock);
}

static struct kunit_case xtcp_timers_test_cases[] = {
	KUNIT_CASE(xtcp_timers_test_deferred_runs),
	KUNIT_CASE(xtcp_timers_test_deferred_stopped),
	KUNIT_CASE(xtcp_timers_test_deferred_rearmed),
	KUNIT_CASE(xtcp_timers_test_deferred_persist_took_over),
	KUNIT_CASE(xtcp_timers_test_lazy_rearm),
	KUNIT_CASE(xtcp_timers_test_keepalive),
	{}
};

static struct kunit_suite xtcp_timers_test_suite = {
	.name = "xtcp_timers",
	.test_cases = xtcp_timers_test_cases,
};

kunit_test_suite(xtcp_timers_test_suite);
