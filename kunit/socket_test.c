// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's socket registration. Load xtcp.ko first: these
 * cases open sockets the way socket(2) does and check what they get.
 */
#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/inet_sock.h>
#include <net/sock.h>

#include "socket_test.h"

int xtcp_kunit_protocol = 253;
module_param_named(protocol, xtcp_kunit_protocol, int, 0444);
MODULE_PARM_DESC(protocol, "IP protocol number xtcp.ko was loaded with");

/**
 * xtcp_kunit_sock() - a new xtcp socket of init_net (AF_INET)
 * @test: the test, which fails if the socket cannot be made
 *
 * Return: the socket, in CLOSED; sock_release() it.
 */
struct socket *xtcp_kunit_sock(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       xtcp_kunit_protocol, &sock), 0);
	return sock;
}

/**
 * xtcp_kunit_tuple_sock() - a socket of init_net with its 4-tuple set
 * @test: the test, which fails if the socket cannot be made
 * @laddr: local address, dotted
 * @lport: local port
 * @raddr: foreign address, dotted
 * @rport: foreign port
 *
 * Nothing else: not bound, not in a table, its TCB in CLOSED.
 *
 * Return: the socket; sock_release() it.
 */
struct socket *xtcp_kunit_tuple_sock(struct kunit *test, const char *laddr,
				     u16 lport, const char *raddr, u16 rport)
{
	struct socket *sock = xtcp_kunit_sock(test);
	struct inet_sock *inet = inet_sk(sock->sk);

	inet->inet_rcv_saddr = in_aton(laddr);
	inet->inet_saddr = in_aton(laddr);
	inet->inet_daddr = in_aton(raddr);
	inet->inet_sport = htons(lport);
	inet->inet_dport = htons(rport);
	return sock;
}

static void xtcp_socket_test_stream_create(struct kunit *test)
{
	struct socket *sock;
	int err;

	err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
			       xtcp_kunit_protocol, &sock);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_STREQ(test, sock->sk->sk_prot->name, "XTCP");
	KUNIT_EXPECT_EQ(test, sock->sk->sk_protocol, xtcp_kunit_protocol);
	KUNIT_EXPECT_EQ(test, sock->sk->sk_type, SOCK_STREAM);
	KUNIT_EXPECT_EQ(test, sock->sk->sk_family, AF_INET);
	sock_release(sock);
}

static void xtcp_socket_test_dgram_refused(struct kunit *test)
{
	struct socket *sock;
	int err;

	err = sock_create_kern(&init_net, AF_INET, SOCK_DGRAM,
			       xtcp_kunit_protocol, &sock);
	KUNIT_EXPECT_EQ(test, err, -EPROTONOSUPPORT);
}

static void xtcp_socket_test_many_create_release(struct kunit *test)
{
	struct socket *socks[64];
	int i, err;

	for (i = 0; i < ARRAY_SIZE(socks); i++) {
		err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
				       xtcp_kunit_protocol, &socks[i]);
		KUNIT_ASSERT_EQ(test, err, 0);
	}
	for (i = 0; i < ARRAY_SIZE(socks); i++)
		sock_release(socks[i]);
}

static struct kunit_case xtcp_socket_test_cases[] = {
	KUNIT_CASE(xtcp_socket_test_stream_create),
	KUNIT_CASE(xtcp_socket_test_dgram_refused),
	KUNIT_CASE(xtcp_socket_test_many_create_release),
	{}
};

static struct kunit_suite xtcp_socket_test_suite = {
	.name = "xtcp_socket",
	.test_cases = xtcp_socket_test_cases,
};

kunit_test_suite(xtcp_socket_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for xtcp");
