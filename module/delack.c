// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: delayed acknowledgments.
 *
 * The state machine says "send an ACK" after every segment of data; here
 * the socket layer decides whether that ACK goes now or waits, at most
 * XTCP_DELACK_MS (RFC 1122 4.2.3.2 allows up to 500 ms; Linux starts at
 * 40 ms, TCP_ATO_MIN, and never waits more than 200 ms). It goes at once:
 *
 * - for every second full-sized segment: once two receive MSS of data
 *   are unacknowledged (RFC 1122, RFC 5681 4.2); an aggregate's receive
 *   MSS is its gso_size, not its length (as tcp_measure_rcv_mss()), so
 *   one of several segments is acknowledged at once;
 * - for data out of order, or data that fills (part of) a hole, and for
 *   a segment whose data had all arrived before (RFC 5681 4.2, 3.2: the
 *   peer's loss recovery counts these ACKs);
 * - with a FIN, a SYN, a reset, or any state change (the handshake's
 *   ACK), and for an unacceptable segment (RFC 793's ACK of it);
 * - when the window left is under two segments: the peer may be unable to
 *   send more until it hears from us;
 * - for the two data segments after a CE mark and one with CWR (ECN,
 *   ecn.h), as Linux's quick ACKs.
 *
 * Any segment we send carries the ACK and so cancels a pending one
 * (xtcp_delack_sent()).
 *
 * An ACK the state machine marks as an answer to an invalid segment, or a
 * challenge ACK, may not go at all: xtcp_delack_hold(), the socket
 * layer's one question before it sends the state machine's ACK, asks the
 * rate limits first (ratelimit.h).
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "compat.h"
#include "delack.h"
#include "fsm.h"
#include "mib.h"
#include "output.h"
#include "ratelimit.h"
#include "sock.h"
#include "timers.h"

static_assert(XTCP_DELACK_MS <= XTCP_DELACK_MAX_MS);

/**
 * xtcp_delack_init() - the delayed-ACK state of a new connection
 * @d: the state
 * @mss: our MSS; the peer's segment size is taken to be at most 536 (RFC
 *	1122's default) until larger segments arrive
 */
void xtcp_delack_init(struct xtcp_delack *d, u32 mss)
{
	d->rcv_mss = min_t(u32, mss, XTCP_MSS_DEFAULT);
	d->acked = 0;
	d->pending = false;
}

XTCP_KUNIT_EXPORT(xtcp_delack_init);

/**
 * xtcp_delack_may_wait() - may the ACK the state machine asked for wait?
 * @d: the delayed-ACK state; its @rcv_mss learns from @seg_len
 * @out: the state machine's output for the arriving segment
 * @seg_len: the arriving segment's payload length
 * @mss: our MSS, the bound of the peer's segment size
 * @ofo: the out-of-order queue held data when the segment arrived
 * @wnd_left: our receive window once the segment's data is queued
 *
 * Return: true if @out's ACK may be delayed: it is a bare ACK for new
 * in-order data, nothing else happened, there is no hole, less than two
 * receive MSS are unacknowledged and the window left holds two more.
 */
bool xtcp_delack_may_wait(struct xtcp_delack *d,
			  const struct xtcp_fsm_out *out, u32 seg_len,
			  u32 mss, bool ofo, u32 wnd_left)
{
	/* XTCP_ACT_URG says only that the segment reached step six */
	const u32 quiet = XTCP_ACT_SEND | XTCP_ACT_RTX_ARM | XTCP_ACT_RTX_STOP |
			  XTCP_ACT_URG;

	if (seg_len > d->rcv_mss)
		d->rcv_mss = min(seg_len, mss);
	if (!(out->actions & XTCP_ACT_SEND) || out->seg.flags != XTCP_ACK ||
	    out->seg.payload_len)
		return false;
	if (!out->deliver_len || (out->actions & ~quiet) || ofo)
		return false;
	if (out->seg.ack - d->acked >= 2 * d->rcv_mss)
		return false;
	return wnd_left >= 2 * d->rcv_mss;
}

XTCP_KUNIT_EXPORT(xtcp_delack_may_wait);

/* A challenge ACK or an ACK to an invalid segment over its rate limit. */
static bool rate_limited(struct sock *sk, const struct xtcp_fsm_out *out,
			 const struct sk_buff *skb)
{
	int mib = sk->sk_state == TCP_SYN_RECV ? XTCP_MIB_TCPACKSKIPPEDSYNRECV :
						  XTCP_MIB_TCPACKSKIPPEDSEQ;

	return xtcp_ratelimit_skip(sock_net(sk), out, &XTCP_SKB_CB(skb)->seg,
				   &xtcp_sk(sk)->tcb.last_oow_ack, mib);
}

/**
 * xtcp_delack_hold() - call before carrying out the state machine's output
 *	for an arriving segment: should its ACK wait, or not go at all?
 * @sk: the socket, locked
 * @out: the output, with XTCP_ACT_SEND
 * @skb: the arriving segment; NULL (a timer, an application call) means
 *	the segment goes now
 *
 * A challenge ACK or an ACK to an invalid segment over its rate limit
 * (ratelimit.h) does not go. Otherwise starts the delayed-ACK timer if the
 * ACK waits and it is not running.
 *
 * Return: true if the caller must not send @out's segment now.
 */
bool xtcp_delack_hold(struct sock *sk, const struct xtcp_fsm_out *out,
		      const struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 wnd, seg_len;

	if (!skb)
		return false;
	if (rate_limited(sk, out, skb))
		return true;
	wnd = xtcp_sock_rcv_wnd(sk);
	wnd = wnd > out->deliver_len ? wnd - out->deliver_len : 0;
	/* an aggregate (a local sender's, or GRO's) tells its segments' size */
	seg_len = skb_shinfo(skb)->gso_size ?: XTCP_SKB_CB(skb)->seg.payload_len;
	if (!xtcp_delack_may_wait(&xs->delack, out, seg_len, xs->tcb.mss,
				  !xtcp_ofo_empty(&xs->ofo), wnd) ||
	    xtcp_ecn_quickack(&xs->ecn))	/* CE or CWR: at once */
		return false;
	if (!xs->delack.pending) {
		xs->delack.pending = true;
		xtcp_timers_delack_wanted(sk, XTCP_DELACK_MS);
	}
	return true;
}

/**
 * xtcp_delack_sent() - call when a segment of the socket goes out
 *	(xtcp_output_seg() does)
 * @sk: the socket, locked
 * @seg: its header
 *
 * A segment with an ACK acknowledges everything received: a held ACK is
 * no longer needed.
 */
void xtcp_delack_sent(struct sock *sk, const struct xtcp_seg *seg)
{
	struct xtcp_delack *d = &xtcp_sk(sk)->delack;

	if (!(seg->flags & XTCP_ACK))
		return;
	d->acked = seg->ack;
	if (d->pending) {
		d->pending = false;
		xtcp_timers_delack_done(sk);
	}
}

/**
 * xtcp_delack_stop() - call when the connection is over: no ACK is held
 * @sk: the socket, locked
 */
void xtcp_delack_stop(struct sock *sk)
{
	xtcp_sk(sk)->delack.pending = false;
	xtcp_timers_delack_done(sk);
}

/* Send the ACK held back, if any and if the state has one. */
static bool send_held(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_fsm_out out;

	if (!xs->delack.pending)
		return false;
	xs->delack.pending = false;
	if (!((1 << sk->sk_state) &
	      (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2 |
	       TCPF_CLOSE_WAIT | TCPF_CLOSING | TCPF_LAST_ACK)))
		return false;
	xtcp_fsm_ack(&xs->tcb, &out);
	xtcp_output_seg(sk, &out.seg);
	return true;
}

/**
 * xtcp_delack_timeout() - the delayed-ACK timer expired: send the ACK
 * @sk: the socket, locked and not owned by a process
 */
void xtcp_delack_timeout(struct sock *sk)
{
	if (send_held(sk))
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_DELAYEDACKS);
}

/**
 * xtcp_delack_send_now() - send the ACK held back now (TCP_QUICKACK)
 * @sk: the socket, locked
 */
void xtcp_delack_send_now(struct sock *sk)
{
	if (send_held(sk))
		xtcp_timers_delack_done(sk);
}
