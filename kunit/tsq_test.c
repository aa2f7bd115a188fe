// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for TCP Small Queues' resume (module/tsq.c) on a real
 * socket. A segment freed while its socket waits (THROTTLED) queues the
 * socket for its CPU's tasklet once, and until the tasklet has run for it
 * the queue holds the socket by a unit of sk_wmem_alloc, not by a
 * reference, as tcp_wfree() and Linux's TSQ tasklet do. (A reference per
 * resume, put only when a pending one was cancelled, leaked one whenever
 * two destructors met or one ran while the resume's own sending did: the
 * socket was never freed and rmmod waited for it forever.) The cases free
 * the segments with softirqs off, so the tasklet cannot run before they
 * look. Load xtcp.ko first.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "../module/gso.h"
#include "../module/sock.h"
#include "socket_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* A segment of @sk's, charged to it as output.c charges its segments. */
static struct sk_buff *seg(struct kunit *test, struct sock *sk)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	xtcp_tsq_own(skb, sk);
	return skb;
}

/* Free @skb as a driver would, while @sk waits for that; softirqs off. */
static void free_throttled(struct sock *sk, struct sk_buff *skb)
{
	set_bit(XTCP_TSQ_THROTTLED, &xtcp_sk(sk)->tsq_flags);
	consume_skb(skb);
}

/* Wait (2 s at most) until @sk's charge is back to @wmem: the tasklet ran. */
static void wait_wmem(struct kunit *test, struct sock *sk, int wmem)
{
	int i;

	for (i = 0; i < 100 && refcount_read(&sk->sk_wmem_alloc) != wmem; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_wmem_alloc), wmem);
}

/*
 * Two segments freed while the resume is queued, the socket throttled
 * again in between (as a sender that goes on can be): queued once, one
 * unit held for it, no reference; after it ran, all back as it was but
 * the second wait.
 */
static void xtcp_tsq_test_armed_once(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);
	struct sock *sk = sock->sk;
	int ref = refcount_read(&sk->sk_refcnt);
	int wmem = refcount_read(&sk->sk_wmem_alloc);
	struct sk_buff *a = seg(test, sk), *b = seg(test, sk);
	int b_size = b->truesize, ref1, wmem1, ref2, wmem2;

	/* values only while softirqs are off: a failed expectation sleeps */
	local_bh_disable();
	free_throttled(sk, a);
	ref1 = refcount_read(&sk->sk_refcnt);
	wmem1 = refcount_read(&sk->sk_wmem_alloc);
	free_throttled(sk, b);
	ref2 = refcount_read(&sk->sk_refcnt);
	wmem2 = refcount_read(&sk->sk_wmem_alloc);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ref1, ref);
	KUNIT_EXPECT_EQ(test, wmem1, wmem + 1 + b_size);
	KUNIT_EXPECT_EQ(test, ref2, ref);
	KUNIT_EXPECT_EQ(test, wmem2, wmem + 1);
	wait_wmem(test, sk, wmem);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), ref);
	/* the second wait stays, for the next segment freed (tcp_wfree()) */
	KUNIT_EXPECT_EQ(test, xtcp_sk(sk)->tsq_flags, XTCP_TSQF_THROTTLED);
	sock_release(sock);
}

/*
 * The tasklet runs while a process owns the socket: the sending waits
 * for release_cb with a reference, which release_sock() gives back.
 */
static void xtcp_tsq_test_deferred(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);
	struct sock *sk = sock->sk;
	int ref = refcount_read(&sk->sk_refcnt);
	int wmem = refcount_read(&sk->sk_wmem_alloc);
	struct sk_buff *a = seg(test, sk);

	lock_sock(sk);
	local_bh_disable();
	free_throttled(sk, a);
	local_bh_enable();
	wait_wmem(test, sk, wmem);
	KUNIT_EXPECT_TRUE(test, test_bit(XTCP_DEFER_TSQ,
					 &xtcp_sk(sk)->deferred));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), ref + 1);
	release_sock(sk);
	KUNIT_EXPECT_FALSE(test, test_bit(XTCP_DEFER_TSQ,
					  &xtcp_sk(sk)->deferred));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), ref);
	sock_release(sock);
}

/* A segment freed with nothing waiting: not queued, only the charge goes. */
static void xtcp_tsq_test_not_throttled(struct kunit *test)
{
	struct socket *sock = xtcp_kunit_sock(test);
	struct sock *sk = sock->sk;
	int wmem = refcount_read(&sk->sk_wmem_alloc);

	consume_skb(seg(test, sk));
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_wmem_alloc), wmem);
	KUNIT_EXPECT_EQ(test, xtcp_sk(sk)->tsq_flags, 0UL);
	sock_release(sock);
}

static struct kunit_case xtcp_tsq_test_cases[] = {
	KUNIT_CASE(xtcp_tsq_test_armed_once),
	KUNIT_CASE(xtcp_tsq_test_deferred),
	KUNIT_CASE(xtcp_tsq_test_not_throttled),
	{}
};

static struct kunit_suite xtcp_tsq_test_suite = {
	.name = "xtcp_tsq",
	.test_cases = xtcp_tsq_test_cases,
};

kunit_test_suite(xtcp_tsq_test_suite);
