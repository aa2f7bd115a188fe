/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the KUnit cases that open real xtcp sockets.
 */
#ifndef _XTCP_SOCKET_TEST_H
#define _XTCP_SOCKET_TEST_H

#include <linux/inet.h>
#include <linux/types.h>

#include "../module/hash.h"

struct kunit;
struct net;
struct socket;

/* The IP protocol number xtcp.ko was loaded with (socket_test.c) */
extern int xtcp_kunit_protocol;

struct socket *xtcp_kunit_sock(struct kunit *test);
struct socket *xtcp_kunit_tuple_sock(struct kunit *test, const char *laddr,
				     u16 lport, const char *raddr, u16 rport);

/* xtcp_hash_lookup() of an IPv4 segment from @saddr:@sport to @daddr:@dport */
static inline bool xtcp_kunit_lookup4(struct net *net, __be32 saddr,
				      __be16 sport, __be32 daddr,
				      __be16 dport, struct xtcp_hash_entry *e)
{
	struct xtcp_addrs a;

	xtcp_addrs_set4(&a, daddr, dport, saddr, sport);
	return xtcp_hash_lookup(net, &a, e);
}

#endif /* _XTCP_SOCKET_TEST_H */
