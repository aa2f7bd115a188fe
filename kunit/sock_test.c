// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's socket layer (module/sock.c) on a real socket.
 * Load xtcp.ko first.
 */
#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "../module/hash.h"
#include "../module/sock.h"
#include "../module/tw.h"
#include "socket_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define LPORT	5999
#define RPORT	6999
#define IRS	1000
#define ISS	2000

/*
 * A connection from 127.0.0.1:LPORT to 127.0.0.2:RPORT that entered
 * TIME-WAIT: its TCB says so, its socket went to TCP_CLOSE
 * (xtcp_sock_done()), as sync_state() leaves it.
 */
static struct socket *after_time_wait(struct kunit *test)
{
	struct socket *sock;
	struct xtcp_tcb *tcb;
	struct sock *sk;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       xtcp_kunit_protocol, &sock), 0);
	sk = sock->sk;
	inet_sk(sk)->inet_rcv_saddr = in_aton("127.0.0.1");
	inet_sk(sk)->inet_saddr = in_aton("127.0.0.1");
	inet_sk(sk)->inet_daddr = in_aton("127.0.0.2");
	inet_sk(sk)->inet_sport = htons(LPORT);
	inet_sk(sk)->inet_dport = htons(RPORT);
	tcb = &xtcp_sk(sk)->tcb;
	xtcp_fsm_init(tcb, LPORT, RPORT, 1460);
	tcb->state = TCP_TIME_WAIT;
	tcb->irs = IRS;
	tcb->rcv_nxt = IRS + 2;			/* SYN and FIN taken */
	tcb->iss = ISS;
	tcb->snd_una = ISS + 2;
	tcb->snd_nxt = ISS + 2;
	KUNIT_ASSERT_EQ(test, sk->sk_state, TCP_CLOSE);
	return sock;
}

/* The peer's FIN again, as it arrives: parsed, in the skb's cb. */
static struct sk_buff *fin_again(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + 20, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_HEADER);
	skb_put_zero(skb, 20);
	XTCP_SKB_CB(skb)->seg = (struct xtcp_seg) {
		.sport	= RPORT,
		.dport	= LPORT,
		.seq	= IRS + 1,
		.ack	= ISS + 2,
		.flags	= XTCP_FIN | XTCP_ACK,
		.window	= 65535,
		.doff	= 5,
	};
	return skb;
}

/*
 * A retransmitted FIN that waited in the backlog (or found the socket
 * just before it left the tables) while the connection moved to
 * TIME-WAIT: the socket is done, and drops it. Taking it would make a
 * second TIME-WAIT entry for the 4-tuple, beside xtcp_tw_enter()'s.
 */
static void xtcp_sock_test_closed_drops_fin(struct kunit *test)
{
	struct socket *sock = after_time_wait(test);
	struct sk_buff *skb = fin_again(test);
	struct xtcp_hash_entry e;
	bool found;

	local_bh_disable();
	bh_lock_sock(sock->sk);
	xtcp_sock_rcv(sock->sk, skb);
	bh_unlock_sock(sock->sk);
	found = xtcp_kunit_lookup4(&init_net, in_aton("127.0.0.2"),
				   htons(RPORT), in_aton("127.0.0.1"),
				   htons(LPORT), &e);
	local_bh_enable();
	KUNIT_EXPECT_FALSE(test, found);
	xtcp_hash_entry_put(&e);
	sock_release(sock);
}

static struct kunit_case xtcp_sock_test_cases[] = {
	KUNIT_CASE(xtcp_sock_test_closed_drops_fin),
	{}
};

static struct kunit_suite xtcp_sock_test_suite = {
	.name = "xtcp_sock",
	.test_cases = xtcp_sock_test_cases,
};

kunit_test_suite(xtcp_sock_test_suite);
