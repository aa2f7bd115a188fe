/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: interop mode, an xtcp socket that speaks TCP on the wire
 * (interop.c: the netfilter hooks and the socket option; resv.c: the
 * kernel TCP's ports such a socket holds).
 */
#ifndef _XTCP_INTEROP_H
#define _XTCP_INTEROP_H

#include <linux/in.h>
#include <linux/sockptr.h>
#include <linux/types.h>

#include "net.h"
#include "sock.h"
#include "xtcp.h"

/*
 * The socket option, at xtcp's own level (its protocol number) only: far
 * from TCP's numbers, which the same level shares.
 */
#define XTCP_INTEROP		1000

struct net;
struct sk_buff;
struct xtcp_addrs;
struct xtcp_af_ops;
struct xtcp_net;
struct xtcp_resv;

/**
 * xtcp_wire_proto() - the IP protocol a socket's segments carry
 * @sk: the socket
 *
 * Return: IPPROTO_TCP for an interop socket, else xtcp_ipproto; the
 * checksums' pseudo-header uses it too.
 */
static inline u8 xtcp_wire_proto(const struct sock *sk)
{
	return READ_ONCE(xtcp_sk(sk)->interop) ? IPPROTO_TCP : xtcp_ipproto;
}

/**
 * xtcp_interop_holds_ports() - may a segment in @net be an interop one's?
 * @net: the namespace
 *
 * Return: false while the namespace holds no interop port: the hooks'
 * first test, so that they cost one atomic read without interop sockets.
 */
static inline bool xtcp_interop_holds_ports(const struct net *net)
{
	return atomic_read(&xtcp_pernet(net)->interop_ports);
}

/**
 * xtcp_interop_sk() - is a packet leaving @net an interop socket's?
 * @net: the namespace
 * @sk: skb->sk of the packet, or NULL
 *
 * Return: true for a segment of an xtcp socket in interop mode.
 */
static inline bool xtcp_interop_sk(const struct net *net,
				   const struct sock *sk)
{
	return xtcp_interop_holds_ports(net) && sk && sk_fullsock(sk) &&
	       sk->sk_protocol == xtcp_ipproto && sk->sk_type == SOCK_STREAM &&
	       READ_ONCE(xtcp_sk(sk)->interop);
}

int xtcp_interop_setsockopt(struct sock *sk, sockptr_t optval,
			    unsigned int optlen);
int xtcp_interop_getsockopt(struct sock *sk, int *val);
bool xtcp_interop_owns(struct net *net, const struct xtcp_af_ops *af,
		       const struct xtcp_addrs *a);
bool xtcp_interop_confirm_ct(struct sk_buff *skb);
void xtcp_interop_net_init(struct xtcp_net *xn);
int xtcp_interop_hooks_need(struct net *net);
void xtcp_interop_net_exit(struct net *net, struct xtcp_net *xn);

/* interop6.c: the IPv6 hooks */
int xtcp_interop6_hooks_register(struct net *net);
void xtcp_interop6_hooks_unregister(struct net *net);

/* input.c: a TCP segment an interop socket takes, its IP header pulled */
void xtcp_input_rcv_tcp(const struct xtcp_af_ops *af, struct sk_buff *skb);

struct xtcp_resv *xtcp_resv_take(struct sock *sk, u16 snum, u16 *port);
struct xtcp_resv *xtcp_resv_hold(struct xtcp_resv *r);
void xtcp_resv_put(struct xtcp_resv *r);
void xtcp_resv_flush(void);
int xtcp_resv_init(void);
void xtcp_resv_exit(void);

#endif /* _XTCP_INTEROP_H */
