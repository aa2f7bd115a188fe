// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: Explicit Congestion Notification (RFC 3168; see ecn.h).
 *
 * Where it runs: xtcp_ecn_output() on every segment a socket sends
 * (output.c), before its header is built; xtcp_ecn_syn_ok() and
 * xtcp_ecn_child() on a listener's SYN and the child it makes, or the
 * SYN cookie's SYN,ACK and ACK (listen.c); xtcp_ecn_pre_rcv() and
 * xtcp_ecn_rcv() around the state machine on each arriving segment, and
 * xtcp_ecn_ack() on its ACK before loss recovery (sock.c). All under the
 * socket lock, but the listener's two, which only read the listener.
 *
 * The ECT(0) codepoint goes on a segment through the socket's TOS (IPv4)
 * and traffic class (IPv6), as Linux's INET_ECN_xmit() and
 * INET_ECN_dontxmit() do before each segment: ip_queue_xmit() and
 * inet6_csk_xmit() copy them into the IP header. Segments of no socket
 * never carry ECT (output.c clears it).
 */
#include <linux/tcp.h>
#include <net/dsfield.h>
#include <net/dst.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "compat.h"
#include "ecn.h"
#include "net.h"
#include "sock.h"
#include "syncookie.h"

/**
 * xtcp_ecn_want() - does our SYN ask for ECN? (tcp_ecn_send_syn())
 * @sysctl: net.xtcp.tcp_ecn
 * @ca_needs: the congestion control algorithm needs ECN
 * @route_ecn: the route has "features ecn" (RTAX_FEATURE_ECN)
 *
 * Return: true if it asks.
 */
bool xtcp_ecn_want(int sysctl, bool ca_needs, bool route_ecn)
{
	return sysctl == XTCP_ECN_ON || ca_needs || route_ecn;
}

XTCP_KUNIT_EXPORT(xtcp_ecn_want);

/**
 * xtcp_ecn_syn_flags() - the ECN bits of our SYN
 * @e: the state; XTCP_ECN_OK if it asks
 * @resent: the SYN is a retransmission
 * @fallback: net.xtcp.tcp_ecn_fallback
 *
 * As tcp_ecn_send_syn() and tcp_ecn_clear_syn(): ECE and CWR if it asks,
 * but not on a SYN sent again with the fallback on.
 *
 * Return: XTCP_ECE | XTCP_CWR, or 0.
 */
u8 xtcp_ecn_syn_flags(const struct xtcp_ecn *e, bool resent, bool fallback)
{
	if (!(e->flags & XTCP_ECN_OK) || (resent && fallback))
		return 0;
	return XTCP_ECE | XTCP_CWR;
}

XTCP_KUNIT_EXPORT(xtcp_ecn_syn_flags);

/**
 * xtcp_ecn_accept() - does a listener agree to a SYN's ECN?
 * @syn_flags: the SYN's control bits
 * @ip_ecn: the ECN field of its IP header (INET_ECN_*)
 * @res1: the reserved bits of its header (byte 12, low nibble)
 * @sysctl: net.xtcp.tcp_ecn
 * @ca_needs: the listener's congestion control needs ECN
 *
 * As tcp_ecn_create_request(): the SYN must carry ECE and CWR; then yes
 * if ECN is not off and the SYN itself is not ECN-capable (RFC 3168
 * 6.1.1: a SYN must not be; one that is went through a box that plays
 * with the field), unless reserved bits say a later ECN is in use; and
 * always if the algorithm needs ECN.
 *
 * Return: true if the SYN,ACK carries ECE and the connection uses ECN.
 */
bool xtcp_ecn_accept(u8 syn_flags, u8 ip_ecn, u8 res1, int sysctl,
		     bool ca_needs)
{
	if ((syn_flags & (XTCP_ECE | XTCP_CWR)) != (XTCP_ECE | XTCP_CWR))
		return false;
	return ((ip_ecn == INET_ECN_NOT_ECT || res1) &&
		sysctl != XTCP_ECN_OFF) || ca_needs;
}

XTCP_KUNIT_EXPORT(xtcp_ecn_accept);

/**
 * xtcp_ecn_synack_rcvd() - our SYN's answer, a SYN,ACK, arrived
 * @e: the state
 * @flags: its control bits
 *
 * As tcp_ecn_rcv_synack(): ECN stays on only if it carries ECE without
 * CWR.
 */
void xtcp_ecn_synack_rcvd(struct xtcp_ecn *e, u8 flags)
{
	if ((flags & (XTCP_ECE | XTCP_CWR)) != XTCP_ECE)
		e->flags &= ~XTCP_ECN_OK;
}

XTCP_KUNIT_EXPORT(xtcp_ecn_synack_rcvd);

/**
 * xtcp_ecn_syn_rcvd() - a SYN crossed ours (simultaneous open)
 * @e: the state
 * @flags: its control bits
 *
 * As tcp_ecn_rcv_syn(): ECN stays on only if it asks too (ECE and CWR).
 */
void xtcp_ecn_syn_rcvd(struct xtcp_ecn *e, u8 flags)
{
	if ((flags & (XTCP_ECE | XTCP_CWR)) != (XTCP_ECE | XTCP_CWR))
		e->flags &= ~XTCP_ECN_OK;
}

XTCP_KUNIT_EXPORT(xtcp_ecn_syn_rcvd);

/**
 * xtcp_ecn_ip_rcvd() - data arrived with @ip_ecn in its IP header
 * @e: the state, of a connection that uses ECN
 * @ip_ecn: the ECN field (INET_ECN_*)
 *
 * As __tcp_ecn_check_ce(): CE asks for ECE on what we send until a CWR
 * comes, the first of a run with two quick ACKs; a segment that is not
 * ECN-capable after others were is likely a retransmission, and is
 * answered quickly too.
 */
void xtcp_ecn_ip_rcvd(struct xtcp_ecn *e, u8 ip_ecn)
{
	switch (ip_ecn) {
	case INET_ECN_NOT_ECT:
		if (e->flags & XTCP_ECN_SEEN)
			e->quick = max_t(u8, e->quick, XTCP_ECN_QUICKACKS);
		break;
	case INET_ECN_CE:
		if (!(e->flags & XTCP_ECN_DEMAND_CWR)) {
			e->quick = max_t(u8, e->quick, XTCP_ECN_QUICKACKS);
			e->flags |= XTCP_ECN_DEMAND_CWR;
		}
		e->flags |= XTCP_ECN_SEEN;
		break;
	default:
		e->flags |= XTCP_ECN_SEEN;
		break;
	}
}

XTCP_KUNIT_EXPORT(xtcp_ecn_ip_rcvd);

/**
 * xtcp_ecn_cwr_rcvd() - an acceptable segment with CWR arrived
 * @e: the state
 * @data: it carries data
 *
 * As tcp_ecn_accept_cwr(): the sender reduced its window; no more ECE.
 * Its window may be one segment now, so data is acknowledged at once.
 */
void xtcp_ecn_cwr_rcvd(struct xtcp_ecn *e, bool data)
{
	e->flags &= ~XTCP_ECN_DEMAND_CWR;
	if (data)
		e->ack_now = true;
}

XTCP_KUNIT_EXPORT(xtcp_ecn_cwr_rcvd);

/**
 * xtcp_ecn_quickack() - must an ACK that could wait go at once?
 * @e: the state
 *
 * Return: true if it must (a CE mark or CWR asked for it); one of the
 * quick ACKs is used up.
 */
bool xtcp_ecn_quickack(struct xtcp_ecn *e)
{
	if (e->ack_now) {
		e->ack_now = false;
		return true;
	}
	if (!e->quick)
		return false;
	e->quick--;
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_ecn_quickack);

/**
 * xtcp_ecn_new_data() - is a data segment sent for the first time?
 * @e: the state
 * @seq: its first sequence number
 * @len: its data octets
 *
 * As tcp_ecn_send()'s test, !before(seq, snd_nxt), on xtcp's order: the
 * state machine moves SND.NXT before the segment is built, so the
 * highest octet sent so far is kept here.
 *
 * Return: true for data never sent before (and it is now).
 */
bool xtcp_ecn_new_data(struct xtcp_ecn *e, u32 seq, u32 len)
{
	if (!len || xtcp_seq_before(seq, e->snd_max))
		return false;
	e->snd_max = seq + len;
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_ecn_new_data);

/**
 * xtcp_ecn_info_options() - TCP_INFO's tcpi_options bits of ECN
 * @e: the state
 *
 * Return: TCPI_OPT_ECN if negotiated, TCPI_OPT_ECN_SEEN if an ECT or CE
 * segment came.
 */
u8 xtcp_ecn_info_options(const struct xtcp_ecn *e)
{
	return (e->flags & XTCP_ECN_OK ? TCPI_OPT_ECN : 0) |
	       (e->flags & XTCP_ECN_SEEN ? TCPI_OPT_ECN_SEEN : 0);
}

XTCP_KUNIT_EXPORT(xtcp_ecn_info_options);

static bool ca_needs(const struct sock *sk)
{
	return READ_ONCE(xtcp_sk(sk)->cc.ops)->flags & XTCP_CONG_NEEDS_ECN;
}

static struct xtcp_net *xn_of(const struct sock *sk)
{
	return xtcp_pernet(sock_net(sk));
}

/* Our first SYN: ask or not, and start afresh (tcp_ecn_send_syn()). */
static void syn_decide(struct sock *sk, struct xtcp_ecn *e, u32 iss)
{
	const struct dst_entry *dst = __sk_dst_get(sk);
	bool want;

	want = xtcp_ecn_want(READ_ONCE(xn_of(sk)->tcp_ecn), ca_needs(sk),
			     dst && dst_feature(dst, RTAX_FEATURE_ECN));
	memset(e, 0, sizeof(*e));
	e->flags = want ? XTCP_ECN_OK : 0;
	e->snd_max = iss + 1;
	if (want && ca_needs(sk))
		INET_ECN_xmit(sk);
}

/**
 * xtcp_ecn_output() - the ECN bits of a segment the socket sends
 * @sk: the socket, locked
 * @seg: its header; ECE and CWR are set here
 *
 * A SYN: see xtcp_ecn_syn_flags() (the first one decides). A SYN,ACK:
 * ECE if ECN is on, never CWR (tcp_ecn_send_synack(),
 * tcp_ecn_make_synack()). Other segments of a connection with ECN, as
 * tcp_ecn_send(): ECT(0) on data sent for the first time, which also
 * carries CWR if the window was reduced since the last CWR; no ECT on
 * the rest unless the algorithm needs ECN; ECE while the peer's CE mark
 * waits for its CWR.
 */
void xtcp_ecn_output(struct sock *sk, struct xtcp_seg *seg)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_ecn *e = &xs->ecn;

	if ((seg->flags & (XTCP_SYN | XTCP_ACK)) == XTCP_SYN) {
		if (!xs->tcb.retries)
			syn_decide(sk, e, seg->seq);
		seg->flags |= xtcp_ecn_syn_flags(e, xs->tcb.retries,
				READ_ONCE(xn_of(sk)->tcp_ecn_fallback));
		return;
	}
	if (!(e->flags & XTCP_ECN_OK))
		return;
	if (seg->flags & XTCP_SYN) {
		e->snd_max = seg->seq + 1;
		seg->flags |= XTCP_ECE;
		if (ca_needs(sk))
			INET_ECN_xmit(sk);
		return;
	}
	if (xtcp_ecn_new_data(e, seg->seq, seg->payload_len)) {
		INET_ECN_xmit(sk);
		if (xs->cc.cwr_pending) {
			xs->cc.cwr_pending = false;
			seg->flags |= XTCP_CWR;
		}
	} else if (!ca_needs(sk)) {
		INET_ECN_dontxmit(sk);
	}
	if (e->flags & XTCP_ECN_DEMAND_CWR)
		seg->flags |= XTCP_ECE;
}

/* The ECN field of an arriving segment's IP header. */
static u8 skb_ip_ecn(const struct sk_buff *skb)
{
	if (ip_hdr(skb)->version == 4)
		return ip_hdr(skb)->tos & INET_ECN_MASK;
	return ipv6_get_dsfield(ipv6_hdr(skb)) & INET_ECN_MASK;
}

/* The reserved bits of its header (tcphdr's res1). */
static u8 skb_res1(const struct sk_buff *skb)
{
	return ((const struct xtcp_hdr *)skb_transport_header(skb))->doff &
	       0x0f;
}

/**
 * xtcp_ecn_syn_ok() - does a listener agree to the ECN a SYN asks for?
 * @lsk: the listener (read only)
 * @skb: the SYN
 *
 * Return: xtcp_ecn_accept() with the listener's namespace and algorithm.
 */
bool xtcp_ecn_syn_ok(const struct sock *lsk, const struct sk_buff *skb)
{
	return xtcp_ecn_accept(XTCP_SKB_CB(skb)->seg.flags, skb_ip_ecn(skb),
			       skb_res1(skb), READ_ONCE(xn_of(lsk)->tcp_ecn),
			       ca_needs(lsk));
}

/**
 * xtcp_ecn_child() - the ECN state of a listener's new child
 * @child: the child, locked
 * @lsk: its listener
 * @skb: the SYN that made it, or the ACK that returned a SYN cookie
 * @cookie: @skb returned a cookie: the SYN,ACK's agreement was kept in
 *	its TSval, which the ACK echoes (Linux's cookie_ecn_ok()); taken
 *	if ECN is not off
 */
void xtcp_ecn_child(struct sock *child, const struct sock *lsk,
		    const struct sk_buff *skb, bool cookie)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_ecn *e = &xtcp_sk(child)->ecn;
	bool ok;

	if (cookie)
		ok = seg->has_ts && xtcp_syncookie_ts_ecn(seg->tsecr) &&
		     READ_ONCE(xn_of(lsk)->tcp_ecn) != XTCP_ECN_OFF;
	else
		ok = xtcp_ecn_syn_ok(lsk, skb);
	memset(e, 0, sizeof(*e));
	e->flags = ok ? XTCP_ECN_OK : 0;
	e->snd_max = xtcp_sk(child)->tcb.iss + 1;
}

/**
 * xtcp_ecn_pre_rcv() - call with a segment, before the state machine
 * @sk: the socket, locked
 * @seg: the segment
 *
 * A CWR on an acceptable segment whose ACK is not old ends the peer's
 * wait for it (taken on pure ACKs too, as Linux's tcp_ack()).
 */
void xtcp_ecn_pre_rcv(struct sock *sk, const struct xtcp_seg *seg)
{
	const struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;

	if ((seg->flags & (XTCP_CWR | XTCP_ACK | XTCP_SYN | XTCP_RST)) !=
	    (XTCP_CWR | XTCP_ACK) ||
	    !((1 << tcb->state) & (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 |
				   TCPF_FIN_WAIT2 | TCPF_CLOSE_WAIT |
				   TCPF_CLOSING | TCPF_LAST_ACK)) ||
	    !xtcp_fsm_seg_acceptable(tcb, seg) ||
	    xtcp_seq_before(seg->ack, tcb->snd_una))
		return;
	xtcp_ecn_cwr_rcvd(&xtcp_sk(sk)->ecn, seg->payload_len);
}

/**
 * xtcp_ecn_rcv() - call after the state machine took a segment, before
 *	its output is carried out
 * @sk: the socket, locked
 * @skb: the segment
 * @old_state: the TCB's state before it
 * @out: the state machine's output
 *
 * Our SYN's answer (a SYN,ACK, or a SYN in a simultaneous open) keeps or
 * ends our request for ECN; data it took (in order or not) reports its
 * IP header's ECN field (xtcp_ecn_ip_rcvd(), Linux's tcp_ecn_check_ce()).
 */
void xtcp_ecn_rcv(struct sock *sk, const struct sk_buff *skb, int old_state,
		  const struct xtcp_fsm_out *out)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_ecn *e = &xs->ecn;

	if (old_state == TCP_SYN_SENT) {
		if (xs->tcb.state == TCP_SYN_SENT || xs->tcb.state == TCP_CLOSE)
			return;
		if (seg->flags & XTCP_ACK)
			xtcp_ecn_synack_rcvd(e, seg->flags);
		else
			xtcp_ecn_syn_rcvd(e, seg->flags);
		return;
	}
	if ((e->flags & XTCP_ECN_OK) && out->deliver_len)
		xtcp_ecn_ip_rcvd(e, skb_ip_ecn(skb));
}

/**
 * xtcp_ecn_ack() - call with an ACK, before loss recovery hears of it
 * @sk: the socket, locked, of a synchronized connection
 * @seg: the ACK
 * @old_una: SND.UNA before it
 * @flight: octets in flight before it
 *
 * An ACK with ECE (not on a SYN, not older than SND.UNA) with data in
 * flight: the octets it acknowledged count as delivered with CE, and
 * the window is reduced, once a window (xtcp_cong_ece(), Linux's
 * tcp_enter_cwr()); the next new data segment carries CWR.
 */
void xtcp_ecn_ack(struct sock *sk, const struct xtcp_seg *seg, u32 old_una,
		  u32 flight)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_cong *cc = &xs->cc;
	u32 acked = xs->tcb.snd_una - old_una;

	if (!(xs->ecn.flags & XTCP_ECN_OK) ||
	    (seg->flags & (XTCP_ECE | XTCP_SYN)) != XTCP_ECE ||
	    xtcp_seq_before(seg->ack, old_una) || !flight)
		return;
	xs->ecn.delivered_ce += DIV_ROUND_UP(acked, max(cc->mss, 1U));
	xtcp_cong_ece(cc, xs->tcb.snd_nxt, flight);
}
