/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: ICMP errors about the segments we sent (icmp.c): path MTU
 * discovery, redirects, and the errors that end a connection being opened
 * or that the user reads with SO_ERROR, as Linux's tcp_v4_err() handles
 * them for TCP.
 */
#ifndef _XTCP_ICMP_H
#define _XTCP_ICMP_H

#include <linux/types.h>

struct sk_buff;
struct sock;
struct xtcp_tcb;

/**
 * enum xtcp_icmp_todo - what an ICMP error asks of a connection
 * @XTCP_ICMP_IGNORE: nothing (source quench, an unknown type or code)
 * @XTCP_ICMP_PMTU: fragmentation needed with DF set: the path MTU dropped
 *	(RFC 1191)
 * @XTCP_ICMP_REDIRECT: use another gateway
 * @XTCP_ICMP_ERROR: an error for the user, whose errno goes with it
 */
enum xtcp_icmp_todo {
	XTCP_ICMP_IGNORE,
	XTCP_ICMP_PMTU,
	XTCP_ICMP_REDIRECT,
	XTCP_ICMP_ERROR,
};

enum xtcp_icmp_todo xtcp_icmp_classify(u8 type, u8 code, int *err);
bool xtcp_icmp_seq_ok(const struct xtcp_tcb *tcb, u32 seq);
bool xtcp_icmp_embryo_fatal(u8 type, u8 code);
u16 xtcp_icmp_mss(u32 mtu, u16 min_mss);

int xtcp_icmp_err(struct sk_buff *skb, u32 info);
void xtcp_icmp_mtu_reduced(struct sock *sk);
void xtcp_icmp_release_cb(struct sock *sk);

#endif /* _XTCP_ICMP_H */
