// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's tables (module/hash.c, module/port.c) on real
 * sockets: the sizes chosen at load, the 4-tuple lookup finding sockets
 * and TIME-WAIT entries alike and only in their own namespace, the
 * listener lookup, and the walk of /proc/net/xtcp. Another namespace is a
 * struct net that nothing else knows: the lookups only compare it and mix
 * its hash_mix in. Load xtcp.ko first.
 */
#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "../module/hash.h"
#include "../module/sock.h"
#include "../module/tw.h"
#include "socket_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define LADDR	"127.0.0.1"
#define RADDR	"127.0.0.2"
#define LPORT	5901
#define RPORT	6901

/* A socket of init_net with the 4-tuple LADDR:LPORT -> RADDR:RPORT set. */
static struct socket *tuple_sock(struct kunit *test)
{
	return xtcp_kunit_tuple_sock(test, LADDR, LPORT, RADDR, RPORT);
}

/* What a segment from RADDR:@sport to LADDR:@dport in @net finds. */
static bool lookup(struct net *net, u16 sport, u16 dport,
		   struct xtcp_hash_entry *e)
{
	bool found;

	local_bh_disable();
	found = xtcp_kunit_lookup4(net, in_aton(RADDR), htons(sport),
				   in_aton(LADDR), htons(dport), e);
	local_bh_enable();
	return found;
}

/* A namespace of its own, with a hash_mix of its own. */
static struct net *other_net(struct kunit *test)
{
	struct net *net = kunit_kzalloc(test, sizeof(*net), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, net);
	net->hash_mix = init_net.hash_mix ^ 0x5a5a5a5a;
	return net;
}

/* One bucket per 128 KB of memory, as tcp's ehash; a power of two. */
static void xtcp_hash_test_buckets(struct kunit *test)
{
	unsigned long gb = (1UL << 30) >> PAGE_SHIFT;

	KUNIT_EXPECT_EQ(test, xtcp_hash_buckets(0, gb, 1 << 19), 8192U);
	KUNIT_EXPECT_EQ(test, xtcp_hash_buckets(0, 3 * gb, 1 << 19), 32768U);
	KUNIT_EXPECT_EQ(test, xtcp_hash_buckets(0, 1024 * gb, 1 << 19),
			1U << 19);
	KUNIT_EXPECT_EQ(test, xtcp_hash_buckets(0, 1024 * gb, 1 << 16),
			1U << 16);
	KUNIT_EXPECT_EQ(test, xtcp_hash_buckets(0, 1, 1 << 19), 512U);
	/* thash_entries: rounded up to a power of two, at least 512 */
	KUNIT_EXPECT_EQ(test, xtcp_hash_buckets(1000, gb, 1 << 19), 1024U);
	KUNIT_EXPECT_EQ(test, xtcp_hash_buckets(1, gb, 1 << 19), 512U);
	KUNIT_EXPECT_EQ(test, xtcp_hash_buckets(1 << 20, gb, 1 << 16),
			1U << 20);
}

/*
 * A socket in the connection table is found by its 4-tuple in its own
 * namespace, referenced; not in another one, not by the 4-tuple reversed,
 * not once it left the table; its 4-tuple is taken meanwhile.
 */
static void xtcp_hash_test_lookup_own_net(struct kunit *test)
{
	struct socket *sock = tuple_sock(test), *twin = tuple_sock(test);
	struct net *net = other_net(test);
	struct sock *sk = sock->sk;
	struct xtcp_hash_entry e;
	unsigned int refs;

	KUNIT_ASSERT_EQ(test, xtcp_hash_insert(sk), 0);
	refs = refcount_read(&sk->sk_refcnt);
	KUNIT_EXPECT_TRUE(test, lookup(&init_net, RPORT, LPORT, &e));
	KUNIT_EXPECT_PTR_EQ(test, e.sk, sk);
	KUNIT_EXPECT_NULL(test, e.tw);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs + 1);
	xtcp_hash_entry_put(&e);
	KUNIT_EXPECT_EQ(test, refcount_read(&sk->sk_refcnt), refs);

	KUNIT_EXPECT_FALSE(test, lookup(net, RPORT, LPORT, &e));
	KUNIT_EXPECT_FALSE(test, lookup(&init_net, LPORT, RPORT, &e));
	KUNIT_EXPECT_EQ(test, xtcp_hash_insert(twin->sk), -EADDRNOTAVAIL);

	xtcp_hash_remove(sk);
	KUNIT_EXPECT_FALSE(test, lookup(&init_net, RPORT, LPORT, &e));
	KUNIT_EXPECT_EQ(test, xtcp_hash_insert(twin->sk), 0);
	xtcp_hash_remove(twin->sk);
	sock_release(twin);
	sock_release(sock);
}

/*
 * A TIME-WAIT entry is found by the same lookup, before the socket it
 * replaces and after it; it keeps the 4-tuple taken; once killed, nothing
 * is found.
 */
static void xtcp_hash_test_tw_same_lookup(struct kunit *test)
{
	struct socket *sock = tuple_sock(test), *twin = tuple_sock(test);
	struct xtcp_hash_entry e;
	struct xtcp_tw *tw;

	xtcp_fsm_init(&xtcp_sk(sock->sk)->tcb, LPORT, RPORT, 1460);
	xtcp_sk(sock->sk)->tcb.state = TCP_TIME_WAIT;
	KUNIT_ASSERT_EQ(test, xtcp_hash_insert(sock->sk), 0);
	lock_sock(sock->sk);
	xtcp_tw_enter(sock->sk);
	release_sock(sock->sk);
	KUNIT_ASSERT_TRUE(test, lookup(&init_net, RPORT, LPORT, &e));
	KUNIT_ASSERT_NOT_NULL(test, e.tw);
	KUNIT_EXPECT_NULL(test, e.sk);
	tw = e.tw;
	KUNIT_EXPECT_EQ(test, ntohs(tw->conn.addrs.lport), LPORT);
	KUNIT_EXPECT_EQ(test, ntohl(tw->conn.addrs.raddr.s6_addr32[3]),
			ntohl(in_aton(RADDR)));
	xtcp_hash_entry_put(&e);

	xtcp_hash_remove(sock->sk);
	KUNIT_ASSERT_TRUE(test, lookup(&init_net, RPORT, LPORT, &e));
	KUNIT_EXPECT_PTR_EQ(test, e.tw, tw);
	KUNIT_EXPECT_EQ(test, xtcp_hash_insert(twin->sk), -EADDRNOTAVAIL);
	KUNIT_EXPECT_FALSE(test, lookup(other_net(test), RPORT, LPORT, &e));

	xtcp_tw_kill(tw);
	xtcp_tw_put(tw);		/* the lookup's */
	KUNIT_EXPECT_FALSE(test, lookup(&init_net, RPORT, LPORT, &e));
	sock_release(twin);
	sock_release(sock);
}

static struct socket *listening(struct kunit *test, const char *addr,
				u16 port)
{
	struct sockaddr_in sin = {
		.sin_family	= AF_INET,
		.sin_addr.s_addr = in_aton(addr),
		.sin_port	= htons(port),
	};
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       xtcp_kunit_protocol, &sock), 0);
	KUNIT_ASSERT_EQ(test, kernel_bind(sock, (struct sockaddr *)&sin,
					  sizeof(sin)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(sock, 4), 0);
	return sock;
}

/* What a SYN to @addr:@port in @net finds, the reference dropped. */
static struct sock *listener_for(struct net *net, const char *addr,
				 u16 port)
{
	struct in6_addr daddr;
	struct sock *sk;

	ipv6_addr_set_v4mapped(in_aton(addr), &daddr);
	local_bh_disable();
	sk = xtcp_hash_lookup_listener(net, &xtcp_ipv4_ops, &daddr,
				       htons(port));
	local_bh_enable();
	if (sk)
		sock_put(sk);
	return sk;
}

/*
 * A listener on an address gets the SYNs to that address only; one on
 * INADDR_ANY those to any; neither those of another namespace; a closed
 * one none.
 */
static void xtcp_hash_test_listener(struct kunit *test)
{
	struct socket *one = listening(test, LADDR, LPORT);
	struct socket *any = listening(test, "0.0.0.0", LPORT + 1);
	struct net *net = other_net(test);

	KUNIT_EXPECT_PTR_EQ(test, listener_for(&init_net, LADDR, LPORT),
			    one->sk);
	KUNIT_EXPECT_NULL(test, listener_for(&init_net, RADDR, LPORT));
	KUNIT_EXPECT_NULL(test, listener_for(net, LADDR, LPORT));
	KUNIT_EXPECT_PTR_EQ(test, listener_for(&init_net, RADDR, LPORT + 1),
			    any->sk);
	KUNIT_EXPECT_NULL(test, listener_for(net, RADDR, LPORT + 1));
	sock_release(one);
	KUNIT_EXPECT_NULL(test, listener_for(&init_net, LADDR, LPORT));
	sock_release(any);
}

/* How often the walk of @net's /proc/net/xtcp shows @sk and @tw. */
static void walk(struct net *net, struct sock *sk, struct xtcp_tw *tw,
		 int *sks, int *tws)
{
	struct xtcp_hash_iter it = {};
	struct xtcp_hash_entry e;

	*sks = 0;
	*tws = 0;
	while (xtcp_hash_iter_next(net, &it, &e)) {
		*sks += e.sk && e.sk == sk;
		*tws += e.tw && e.tw == tw;
		xtcp_hash_entry_put(&e);
	}
}

/* The walk shows a namespace's listener, socket and TIME-WAIT once each. */
static void xtcp_hash_test_walk(struct kunit *test)
{
	struct socket *lsn = listening(test, LADDR, LPORT + 2);
	struct socket *sock = tuple_sock(test);
	struct net *net = other_net(test);
	struct xtcp_hash_entry e;
	struct xtcp_tw *tw;
	int sks, tws;

	walk(&init_net, lsn->sk, NULL, &sks, &tws);
	KUNIT_EXPECT_EQ(test, sks, 1);
	walk(net, lsn->sk, NULL, &sks, &tws);
	KUNIT_EXPECT_EQ(test, sks, 0);

	xtcp_fsm_init(&xtcp_sk(sock->sk)->tcb, LPORT, RPORT, 1460);
	xtcp_sk(sock->sk)->tcb.state = TCP_TIME_WAIT;
	KUNIT_ASSERT_EQ(test, xtcp_hash_insert(sock->sk), 0);
	walk(&init_net, sock->sk, NULL, &sks, &tws);
	KUNIT_EXPECT_EQ(test, sks, 1);
	lock_sock(sock->sk);
	xtcp_tw_enter(sock->sk);
	release_sock(sock->sk);
	xtcp_hash_remove(sock->sk);
	KUNIT_ASSERT_TRUE(test, lookup(&init_net, RPORT, LPORT, &e));
	tw = e.tw;
	KUNIT_ASSERT_NOT_NULL(test, tw);
	walk(&init_net, sock->sk, tw, &sks, &tws);
	KUNIT_EXPECT_EQ(test, sks, 0);
	KUNIT_EXPECT_EQ(test, tws, 1);
	walk(net, sock->sk, tw, &sks, &tws);
	KUNIT_EXPECT_EQ(test, tws, 0);
	xtcp_tw_kill(tw);
	xtcp_hash_entry_put(&e);
	sock_release(sock);
	sock_release(lsn);
}

static struct kunit_case xtcp_hash_test_cases[] = {
	KUNIT_CASE(xtcp_hash_test_buckets),
	KUNIT_CASE(xtcp_hash_test_lookup_own_net),
	KUNIT_CASE(xtcp_hash_test_tw_same_lookup),
	KUNIT_CASE(xtcp_hash_test_listener),
	KUNIT_CASE(xtcp_hash_test_walk),
	{}
};

static struct kunit_suite xtcp_hash_test_suite = {
	.name = "xtcp_hash",
	.test_cases = xtcp_hash_test_cases,
};

kunit_test_suite(xtcp_hash_test_suite);
