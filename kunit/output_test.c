// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's output (module/output.c) on a real connection
 * over loopback, where the receiver queues the very skb the sender
 * transmitted. Load xtcp.ko first.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/in.h>
#include <linux/inet.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "socket_test.h"

/* A connection over 127.0.0.1: the client and the accepted socket */
struct conn {
	struct socket *lsn, *cli, *acc;
};

static void conn_open(struct kunit *test, struct conn *c)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	c->lsn = xtcp_kunit_sock(test);
	c->cli = xtcp_kunit_sock(test);
	KUNIT_ASSERT_EQ(test, kernel_bind(c->lsn, (struct sockaddr *)&a,
					  sizeof(a)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(c->lsn, 1), 0);
	KUNIT_ASSERT_GT(test, kernel_getsockname(c->lsn,
						 (struct sockaddr *)&a), 0);
	KUNIT_ASSERT_EQ(test, kernel_connect(c->cli, (struct sockaddr *)&a,
					     sizeof(a), 0), 0);
	KUNIT_ASSERT_EQ(test, kernel_accept(c->lsn, &c->acc, 0), 0);
}

static void conn_close(struct conn *c)
{
	sock_release(c->acc);
	sock_release(c->cli);
	sock_release(c->lsn);
}

/* Wait (5 s at most) until @sk's receive queue holds an skb. */
static bool wait_queued(struct sock *sk)
{
	bool queued = false;
	int i;

	for (i = 0; i < 250 && !queued; i++) {
		if (i)
			msleep(20);
		lock_sock(sk);
		queued = !skb_queue_empty(&sk->sk_receive_queue);
		release_sock(sk);
	}
	return queued;
}

/*
 * A write that one segment carries whole leaves as the send-queue skb's
 * clone (the companion allocated with it): the receiver on loopback
 * queues an skb whose fclone says so, and reads the octets written.
 */
static void xtcp_output_test_whole_skb_clone(struct kunit *test)
{
	char out[100], in[100];
	struct kvec v = { .iov_base = out, .iov_len = sizeof(out) };
	struct msghdr m = { };
	struct sk_buff *skb;
	struct conn c;
	u8 fclone;

	memset(out, 'x', sizeof(out));
	conn_open(test, &c);
	KUNIT_ASSERT_EQ(test, kernel_sendmsg(c.cli, &m, &v, 1, sizeof(out)),
			(int)sizeof(out));
	KUNIT_ASSERT_TRUE(test, wait_queued(c.acc->sk));
	lock_sock(c.acc->sk);
	skb = skb_peek(&c.acc->sk->sk_receive_queue);
	fclone = skb ? skb->fclone : SKB_FCLONE_UNAVAILABLE;
	release_sock(c.acc->sk);
	KUNIT_EXPECT_EQ(test, fclone, SKB_FCLONE_CLONE);
	v.iov_base = in;
	KUNIT_EXPECT_EQ(test, kernel_recvmsg(c.acc, &m, &v, 1, sizeof(in),
					     MSG_WAITALL), (int)sizeof(in));
	KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(in)), 0);
	conn_close(&c);
}

static struct kunit_case xtcp_output_test_cases[] = {
	KUNIT_CASE(xtcp_output_test_whole_skb_clone),
	{}
};

static struct kunit_suite xtcp_output_test_suite = {
	.name = "xtcp_output",
	.test_cases = xtcp_output_test_cases,
};

kunit_test_suite(xtcp_output_test_suite);
