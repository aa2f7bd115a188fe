/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: ICMP and ICMPv6 errors about the segments we sent (icmp.c): path
 * MTU discovery, redirects, and the errors that end a connection being
 * opened or that the user reads with SO_ERROR, as Linux's tcp_v4_err()
 * and tcp_v6_err() handle them for TCP. Each family reads its messages
 * (ipv4.c, ipv6.c) into a struct xtcp_icmp_msg; icmp.c does the rest,
 * through the socket's family ops for what differs (af.h).
 */
#ifndef _XTCP_ICMP_H
#define _XTCP_ICMP_H

#include <linux/types.h>

struct net;
struct sk_buff;
struct sock;
struct xtcp_addrs;
struct xtcp_af_ops;
struct xtcp_hdr;
struct xtcp_tcb;

/**
 * enum xtcp_icmp_todo - what an ICMP error asks of a connection
 * @XTCP_ICMP_IGNORE: nothing (source quench, an unknown type or code)
 * @XTCP_ICMP_PMTU: fragmentation needed with DF set, or ICMPv6 packet too
 *	big: the path MTU dropped (RFC 1191, RFC 8201)
 * @XTCP_ICMP_REDIRECT: use another gateway (or, in IPv6, neighbour)
 * @XTCP_ICMP_ERROR: an error for the user, whose errno goes with it
 */
enum xtcp_icmp_todo {
	XTCP_ICMP_IGNORE,
	XTCP_ICMP_PMTU,
	XTCP_ICMP_REDIRECT,
	XTCP_ICMP_ERROR,
};

/**
 * struct xtcp_icmp_msg - an ICMP or ICMPv6 error, as its family read it
 * @skb: the message; skb->data is the IP header it quotes, its transport
 *	header the ICMP one
 * @th: the header of our segment it quotes (8 octets of it at least: the
 *	ports and the sequence number)
 * @info: the next-hop MTU for XTCP_ICMP_PMTU, else what the error queue
 *	reports as ee_info (a parameter problem's pointer, or 0)
 * @todo: what it asks (&enum xtcp_icmp_todo)
 * @err: with XTCP_ICMP_ERROR, the errno (positive) for the user
 * @embryo_fatal: it ends a listener's child in SYN-RECEIVED (tcp_req_err()'s
 *	abort)
 */
struct xtcp_icmp_msg {
	struct sk_buff		*skb;
	const struct xtcp_hdr	*th;
	u32			info;
	enum xtcp_icmp_todo	todo;
	int			err;
	bool			embryo_fatal;
};

/* IPv4's reading (ipv4.c), and its err_handler */
enum xtcp_icmp_todo xtcp_icmp4_classify(u8 type, u8 code, int *err);
bool xtcp_icmp4_embryo_fatal(u8 type, u8 code);
int xtcp_icmp4_err(struct sk_buff *skb, u32 info);
/* IPv6's (ipv6.c) */
enum xtcp_icmp_todo xtcp_icmp6_classify(u8 type, u8 code, int *err,
					bool *fatal);
int xtcp_icmp6_err(struct sk_buff *skb, u8 type, u8 code, int offset,
		   __be32 info);

bool xtcp_icmp_seq_ok(const struct xtcp_tcb *tcb, u32 seq);
u16 xtcp_icmp_mss(const struct xtcp_af_ops *af, u32 mtu, u16 min_mss);

int xtcp_icmp_rcv(struct net *net, const struct xtcp_addrs *a,
		  const struct xtcp_icmp_msg *m);
void xtcp_icmp_mtu_reduced(struct sock *sk);
void xtcp_icmp_release_cb(struct sock *sk);

#endif /* _XTCP_ICMP_H */
