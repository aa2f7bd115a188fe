/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: Explicit Congestion Notification (RFC 3168), as Linux's TCP does
 * it (tcp_ecn_* in net/ipv4/tcp_input.c and tcp_output.c).
 *
 * Negotiation: a SYN that asks for ECN carries ECE and CWR; a SYN,ACK
 * that agrees carries ECE alone. net.xtcp.tcp_ecn says who asks: 0
 * nobody, 1 our SYNs ask and we agree to the peer's, 2 (the default) we
 * only agree. A congestion control algorithm that needs ECN
 * (XTCP_CONG_NEEDS_ECN) asks and agrees whatever the sysctl says, and so
 * does a route with "features ecn" for a SYN of ours. A SYN sent again
 * goes without ECE and CWR (net.xtcp.tcp_ecn_fallback, 1 by default),
 * in case a middlebox drops SYNs that carry them; a SYN,ACK with ECE
 * still turns ECN on.
 *
 * Once both agreed: data sent for the first time leaves as ECT(0), never
 * a retransmission, a pure ACK, a SYN or a FIN alone; a segment that
 * arrives with CE in its IP header makes every segment we send carry ECE
 * until one of the peer's carries CWR; an ACK with ECE makes the sender
 * reduce its window once per window of data (cong.c, xtcp_cong_ece()),
 * and the next new data segment carries CWR. A CE mark makes the next
 * two ACKs go at once, and so does a data segment with CWR, as Linux's
 * quick ACKs.
 *
 * ecn.c decides on plain values (the pure functions below, KUnit's) and
 * carries the decisions out on sockets (xtcp_ecn_*() taking a socket).
 */
#ifndef _XTCP_ECN_H
#define _XTCP_ECN_H

#include <linux/bits.h>
#include <linux/types.h>

struct sk_buff;
struct sock;
struct xtcp_fsm_out;
struct xtcp_seg;

/* net.xtcp.tcp_ecn, as net.ipv4.tcp_ecn */
enum {
	XTCP_ECN_OFF		= 0,	/* no ECN */
	XTCP_ECN_ON		= 1,	/* ask on our SYNs, agree to the peer's */
	XTCP_ECN_PASSIVE	= 2,	/* agree only (the default) */
};

/* Bits of &xtcp_ecn.flags, as Linux's TCP_ECN_* of tp->ecn_flags */
enum {
	XTCP_ECN_OK		= BIT(0),	/* negotiated (asked, on a SYN) */
	XTCP_ECN_DEMAND_CWR	= BIT(1),	/* CE seen: ECE until CWR */
	XTCP_ECN_SEEN		= BIT(2),	/* an ECT or CE segment came */
};

/* ACKs that go at once after a CE mark (tcp_enter_quickack_mode(sk, 2)) */
#define XTCP_ECN_QUICKACKS	2

/**
 * struct xtcp_ecn - the ECN state of a connection
 * @flags: XTCP_ECN_* bits
 * @quick: ACKs of data still to go at once rather than wait (delack.c)
 * @ack_now: the next ACK of data goes at once (a data segment with CWR)
 * @snd_max: the sequence number after the last data octet sent so far: a
 *	data segment that starts before it is a retransmission (no ECT)
 * @delivered_ce: segments acknowledged by ACKs with ECE (tcpi_delivered_ce)
 */
struct xtcp_ecn {
	u8	flags;
	u8	quick;
	bool	ack_now;
	u32	snd_max;
	u32	delivered_ce;
};

/* decisions (ecn.c) */
bool xtcp_ecn_want(int sysctl, bool ca_needs, bool route_ecn);
u8 xtcp_ecn_syn_flags(const struct xtcp_ecn *e, bool resent, bool fallback);
bool xtcp_ecn_accept(u8 syn_flags, u8 ip_ecn, u8 res1, int sysctl,
		     bool ca_needs);
void xtcp_ecn_synack_rcvd(struct xtcp_ecn *e, u8 flags);
void xtcp_ecn_syn_rcvd(struct xtcp_ecn *e, u8 flags);
void xtcp_ecn_ip_rcvd(struct xtcp_ecn *e, u8 ip_ecn);
void xtcp_ecn_cwr_rcvd(struct xtcp_ecn *e, bool data);
bool xtcp_ecn_quickack(struct xtcp_ecn *e);
bool xtcp_ecn_new_data(struct xtcp_ecn *e, u32 seq, u32 len);
u8 xtcp_ecn_info_options(const struct xtcp_ecn *e);

/* on sockets (ecn.c) */
void xtcp_ecn_output(struct sock *sk, struct xtcp_seg *seg);
bool xtcp_ecn_syn_ok(const struct sock *lsk, const struct sk_buff *skb);
void xtcp_ecn_child(struct sock *child, const struct sock *lsk,
		    const struct sk_buff *skb, bool cookie);
void xtcp_ecn_pre_rcv(struct sock *sk, const struct xtcp_seg *seg);
void xtcp_ecn_rcv(struct sock *sk, const struct sk_buff *skb, int old_state,
		  const struct xtcp_fsm_out *out);
void xtcp_ecn_ack(struct sock *sk, const struct xtcp_seg *seg, u32 old_una,
		  u32 flight);

#endif /* _XTCP_ECN_H */
