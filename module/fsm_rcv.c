// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: segment arrival in the RFC 793 state machine (section 3.9,
 * "SEGMENT ARRIVES"), one function per state or step, with the RFC 5961
 * and RFC 9293 clarifications on resets and SYNs in synchronized states,
 * the RFC 5961 5.2 check of SEG.ACK, and RFC 1337 in TIME-WAIT.
 *
 * The ACKs that answer what a blind attacker can send (challenge ACKs,
 * ACKs to unacceptable segments) are marked in the output; the caller
 * rate-limits them (ratelimit.c), as Linux does.
 *
 * As in fsm.c (the application calls and timers), xtcp_fsm_rcv() and
 * xtcp_fsm_rcv_no_tcb() take a TCB (or none), the segment and a struct
 * xtcp_fsm_out that they clear and fill; nothing here sends a segment,
 * touches a timer or knows a socket, and the caller serializes the events
 * of one TCB. The output helpers shared with fsm.c are in fsm_priv.h.
 *
 * The rows of the checklist (T01-T28, /work/shared/rfc793-transitions.md)
 * are marked where they are handled, so "grep T16" finds the code.
 *
 * Step six, the URG bit, is the caller's (urg.c): XTCP_ACT_URG says a
 * segment got there. Left out for now: data on a SYN is dropped, the
 * security/precedence checks are ignored.
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "compat.h"
#include "fsm.h"
#include "fsm_priv.h"
#include "seq.h"

/*
 * The reset RFC 793 answers a segment with when there is no connection for
 * it: <SEQ=SEG.ACK><CTL=RST> if it carries an ACK, else
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Never in answer to a reset.
 */
static void reply_rst(const struct xtcp_seg *seg, struct xtcp_fsm_out *out)
{
	if (seg->flags & XTCP_RST)
		return;
	out->seg = (struct xtcp_seg) {
		.sport	= seg->dport,
		.dport	= seg->sport,
		.flags	= XTCP_RST,
	};
	if (seg->flags & XTCP_ACK) {
		out->seg.seq = seg->ack;
	} else {
		out->seg.ack = seg->seq + xtcp_fsm_seg_len(seg);
		out->seg.flags |= XTCP_ACK;
	}
	out->actions |= XTCP_ACT_SEND;
}

/*
 * RFC 793's ACK for an unacceptable segment, which the caller may skip if
 * the peer sends them too fast (an ACK loop, a flood).
 */
static void send_invalid_ack(const struct xtcp_tcb *tcb,
			     struct xtcp_fsm_out *out)
{
	xtcp_fsm_send_ack(tcb, out);
	out->actions |= XTCP_ACT_ACK_INVALID;
}

/* RFC 5961's challenge ACK, which the caller rate-limits (its section 7). */
static void send_challenge_ack(const struct xtcp_tcb *tcb,
			       struct xtcp_fsm_out *out)
{
	xtcp_fsm_send_ack(tcb, out);
	out->actions |= XTCP_ACT_ACK_CHALLENGE;
}

static void to_time_wait(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	xtcp_fsm_set_state(tcb, TCP_TIME_WAIT);
	xtcp_fsm_stop_rtx(out);
	out->actions |= XTCP_ACT_TW_ARM;
}

/*
 * T11: an embryonic child of a listener "goes back to LISTEN": the
 * listener, which never left LISTEN, goes on; the child itself is gone,
 * so it goes to CLOSED. A child must never show TCP_LISTEN, even for a
 * moment: sk_state follows the TCB (sock.c), and a listener lookup
 * (hash.c) takes any socket on the port in TCP_LISTEN as the listener.
 */
static void to_listen(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	xtcp_fsm_set_state(tcb, TCP_CLOSE);
	xtcp_fsm_stop_rtx(out);
	out->actions |= XTCP_ACT_TO_LISTEN;
}

/*
 * SEG.WND in octets: scaled by the peer's shift, but never on a SYN or
 * SYN,ACK (RFC 7323 2.2).
 */
static u32 seg_wnd(const struct xtcp_tcb *tcb, const struct xtcp_seg *seg)
{
	if (seg->flags & XTCP_SYN)
		return seg->window;
	return (u32)seg->window << tcb->snd_wscale;
}

/*
 * The peer's Window Scale option, on its SYN or SYN,ACK. Our SYN always
 * offers one, so the option on the peer's means both sides sent it;
 * without it neither side scales (RFC 7323 2.2).
 */
static void take_wscale(struct xtcp_tcb *tcb, const struct xtcp_seg *seg)
{
	tcb->wscale_ok = seg->has_wscale;
	if (seg->has_wscale) {
		tcb->snd_wscale = min_t(u8, seg->wscale, XTCP_WSCALE_MAX);
	} else {
		tcb->snd_wscale = 0;
		tcb->rcv_wscale = 0;
	}
}

/**
 * xtcp_fsm_peer_mss() - the MSS to send with, from the peer's SYN
 * @seg: the peer's SYN or SYN,ACK
 * @min_mss: the least MSS to send with (net.xtcp.tcp_min_snd_mss)
 *
 * As Linux (tcp_min_snd_mss): a peer that advertises a tiny MSS (1
 * octet) would have us cut the stream into that many segments, each
 * costing a header and an skb; the MSS is never below @min_mss.
 *
 * Return: the MSS the peer advertised, XTCP_MSS_DEFAULT (RFC 1122) if it
 * did not (or advertised 0), at least @min_mss.
 */
u16 xtcp_fsm_peer_mss(const struct xtcp_seg *seg, u16 min_mss)
{
	u16 mss = seg->has_mss && seg->mss ? seg->mss : XTCP_MSS_DEFAULT;

	return max(mss, min_mss);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_peer_mss);

/* The peer's SYN: IRS, RCV.NXT, its MSS, window and window shift. */
static void take_syn(struct xtcp_tcb *tcb, const struct xtcp_seg *seg)
{
	tcb->irs = seg->seq;
	tcb->rcv_nxt = seg->seq + 1;
	tcb->rcv_adv = tcb->rcv_nxt;	/* nothing advertised yet */
	tcb->snd_mss = xtcp_fsm_peer_mss(seg, tcb->min_snd_mss);
	take_wscale(tcb, seg);
	tcb->sack_ok = tcb->sack_ok && seg->has_sack_perm;	/* RFC 2018 2 */
	tcb->snd_wnd = seg_wnd(tcb, seg);
	tcb->max_snd_wnd = tcb->snd_wnd;
	tcb->snd_wl1 = seg->seq;
	tcb->snd_wl2 = seg->ack;
}

/*
 * LISTEN. Called on a child: a copy of the listener's TCB, so the listener
 * itself stays in LISTEN. If the child is still in LISTEN afterwards,
 * nothing was created and the caller frees it.
 */
static void rcv_listen(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
		       u32 iss, struct xtcp_fsm_out *out)
{
	if (seg->flags & XTCP_RST)
		return;
	if (seg->flags & XTCP_ACK) {
		reply_rst(seg, out);
		return;
	}
	if (!(seg->flags & XTCP_SYN))
		return;
	tcb->dport = seg->sport;
	take_syn(tcb, seg);
	tcb->iss = iss;
	tcb->snd_una = iss;
	tcb->snd_nxt = iss + 1;
	tcb->passive = true;
	tcb->retries = 0;
	xtcp_fsm_set_state(tcb, TCP_SYN_RECV);	/* T04 */
	xtcp_fsm_send_synack(tcb, out);
	xtcp_fsm_arm_rtx(tcb, out);
}

/* SYN-SENT: a SYN,ACK (T08) or a SYN alone (T06, simultaneous open). */
static void rcv_syn_sent_syn(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
			     struct xtcp_fsm_out *out)
{
	take_syn(tcb, seg);
	if (tcb->retries)
		xtcp_rtt_syn_lost(&tcb->rtt);
	tcb->retries = 0;
	if (seg->flags & XTCP_ACK) {
		tcb->bytes_acked += seg->ack - tcb->snd_una;	/* our SYN */
		tcb->snd_una = seg->ack;
		xtcp_fsm_set_state(tcb, TCP_ESTABLISHED);	/* T08 */
		xtcp_fsm_send_ack(tcb, out);
		xtcp_fsm_stop_rtx(out);
		out->actions |= XTCP_ACT_CONNECTED;
		return;
	}
	tcb->passive = false;
	xtcp_fsm_set_state(tcb, TCP_SYN_RECV);		/* T06 */
	xtcp_fsm_send_synack(tcb, out);
	xtcp_fsm_arm_rtx(tcb, out);
}

static void rcv_syn_sent(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
			 struct xtcp_fsm_out *out)
{
	bool has_ack = seg->flags & XTCP_ACK;

	if (has_ack && !xtcp_fsm_ack_acceptable(tcb, seg->ack)) {
		reply_rst(seg, out);
		return;
	}
	/* RFC 5961 3.2: a RST counts only if it acknowledges our SYN. */
	if (seg->flags & XTCP_RST) {
		if (has_ack)
			xtcp_fsm_to_closed(tcb, out, -ECONNREFUSED); /* T25 */
		return;
	}
	if (seg->flags & XTCP_SYN)
		rcv_syn_sent_syn(tcb, seg, out);
}

/*
 * TIME-WAIT: only a retransmission of the peer's FIN should come.
 *
 * T22: the peer's FIN again (our ACK was lost): ACK it again, restart
 * 2MSL. A bare ACK at RCV.NXT (the other end in TIME-WAIT too, or a
 * duplicate) is dropped, as Linux does (tcp_timewait_state_process()), so
 * two ends in TIME-WAIT never trade ACKs. T23: a SYN for the same ports
 * gets our ACK and no new incarnation. Anything else: ACK as for an
 * unacceptable segment; the caller rate-limits those.
 */
static void rcv_time_wait(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
			  struct xtcp_fsm_out *out)
{
	if (seg->flags & XTCP_RST)	/* RFC 1337: ignore, stay */
		return;
	if ((seg->flags & XTCP_FIN) &&
	    seg->seq + seg->payload_len + 1 == tcb->rcv_nxt) {
		xtcp_fsm_send_ack(tcb, out);
		out->actions |= XTCP_ACT_TW_ARM;
		return;
	}
	if (seg->seq == tcb->rcv_nxt && !xtcp_fsm_seg_len(seg))
		return;
	send_invalid_ack(tcb, out);
}

/*
 * An acceptable RST. RFC 5961 3.2: only SEG.SEQ = RCV.NXT resets; another
 * one in the window gets a challenge ACK.
 */
static void rcv_rst(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
		    struct xtcp_fsm_out *out)
{
	if (seg->seq != tcb->rcv_nxt) {
		send_challenge_ack(tcb, out);
		return;
	}
	switch (tcb->state) {
	case TCP_SYN_RECV:
		if (tcb->passive)
			to_listen(tcb, out);			/* T11 */
		else
			xtcp_fsm_to_closed(tcb, out, -ECONNREFUSED);
		break;
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		xtcp_fsm_to_closed(tcb, out, 0);
		break;
	case TCP_CLOSE_WAIT:
		/* the application has read EOF: its next write sees EPIPE */
		xtcp_fsm_to_closed(tcb, out, -EPIPE);		/* T24 */
		break;
	default:
		xtcp_fsm_to_closed(tcb, out, -ECONNRESET);	/* T24 */
	}
}

/*
 * A SYN in the window. RFC 9293 3.10.7.4: an embryonic child of a listener
 * goes back to LISTEN; in a synchronized state a challenge ACK (RFC 5961
 * 4.2), never a reset.
 */
static void rcv_syn(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	if (tcb->state == TCP_SYN_RECV && tcb->passive)
		to_listen(tcb, out);
	else
		send_challenge_ack(tcb, out);
}

/* SEG.WND goes to SND.WND if the segment is newer than the last that did. */
static void update_wnd(struct xtcp_tcb *tcb, const struct xtcp_seg *seg)
{
	if (xtcp_seq_before(tcb->snd_wl1, seg->seq) ||
	    (tcb->snd_wl1 == seg->seq &&
	     !xtcp_seq_after(tcb->snd_wl2, seg->ack))) {
		tcb->snd_wnd = seg_wnd(tcb, seg);
		tcb->max_snd_wnd = max(tcb->max_snd_wnd, tcb->snd_wnd);
		tcb->snd_wl1 = seg->seq;
		tcb->snd_wl2 = seg->ack;
	}
}

/* SEG.ACK acknowledges new data: SND.UNA moves, the timer follows. */
static void rcv_new_ack(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
			struct xtcp_fsm_out *out)
{
	tcb->bytes_acked += seg->ack - tcb->snd_una;
	tcb->snd_una = seg->ack;
	tcb->retries = 0;
	if (tcb->snd_una == tcb->snd_nxt)
		xtcp_fsm_stop_rtx(out);
	else
		xtcp_fsm_arm_rtx(tcb, out);
}

/* SYN-RECEIVED: the ACK of our SYN (T09), or a reset for a bad one. */
static bool rcv_ack_syn_recv(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
			     struct xtcp_fsm_out *out)
{
	if (!xtcp_fsm_ack_acceptable(tcb, seg->ack)) {
		reply_rst(seg, out);
		return false;
	}
	xtcp_fsm_set_state(tcb, TCP_ESTABLISHED);		/* T09 */
	out->actions |= tcb->passive ? XTCP_ACT_ACCEPT : XTCP_ACT_CONNECTED;
	if (tcb->retries)
		xtcp_rtt_syn_lost(&tcb->rtt);
	rcv_new_ack(tcb, seg, out);
	tcb->snd_wnd = seg_wnd(tcb, seg);
	tcb->max_snd_wnd = max(tcb->max_snd_wnd, tcb->snd_wnd);
	tcb->snd_wl1 = seg->seq;
	tcb->snd_wl2 = seg->ack;
	return true;
}

/**
 * xtcp_fsm_ack_in_range() - RFC 5961 5.2's test of SEG.ACK
 * @tcb: the TCB, in a synchronized state
 * @ack: SEG.ACK
 *
 * (SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT, where MAX.SND.WND is
 * at most what the peer has acknowledged so far (never an ACK for octets
 * we never sent), as Linux's tcp_ack(). Outside it, an ACK is a blind
 * injection (or a very old duplicate) and the segment is dropped.
 *
 * Return: true if @ack is in the range.
 */
bool xtcp_fsm_ack_in_range(const struct xtcp_tcb *tcb, u32 ack)
{
	u32 back = min_t(u64, tcb->max_snd_wnd, tcb->bytes_acked);

	return xtcp_seq_between(ack, tcb->snd_una - back, tcb->snd_nxt + 1);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_ack_in_range);

/*
 * Step five, the ACK field. RFC 5961 5.2: an ACK out of range drops the
 * segment, data and all, and gets a challenge ACK.
 * Return: false if the segment is done with.
 */
static bool rcv_ack(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
		    struct xtcp_fsm_out *out)
{
	if (tcb->state == TCP_SYN_RECV)
		return rcv_ack_syn_recv(tcb, seg, out);
	if (!xtcp_fsm_ack_in_range(tcb, seg->ack)) {
		send_challenge_ack(tcb, out);
		return false;
	}
	if (xtcp_fsm_ack_acceptable(tcb, seg->ack))
		rcv_new_ack(tcb, seg, out);
	if (!xtcp_seq_before(seg->ack, tcb->snd_una))
		update_wnd(tcb, seg);

	switch (tcb->state) {
	case TCP_CLOSING:
		if (xtcp_fsm_fin_acked(tcb))
			to_time_wait(tcb, out);			/* T18 */
		return false;
	case TCP_LAST_ACK:
		if (xtcp_fsm_fin_acked(tcb))
			xtcp_fsm_to_closed(tcb, out, 0);	/* T20 */
		return false;
	}
	return true;
}

/* The states that take the peer's text and FIN. */
static bool receiving(const struct xtcp_tcb *tcb)
{
	return tcb->state == TCP_ESTABLISHED || tcb->state == TCP_FIN_WAIT1 ||
	       tcb->state == TCP_FIN_WAIT2;
}

/*
 * Step seven, the text, in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2: the part
 * at RCV.NXT that fits the window is delivered; data beyond RCV.NXT, up to
 * the window's edge, goes to the out-of-order queue. Either way an ACK
 * tells the peer at once where we are (RFC 5681 4.2: a segment out of
 * order, or one that fills a gap, is acknowledged immediately).
 */
static void rcv_text(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
		     struct xtcp_fsm_out *out)
{
	u32 off = tcb->rcv_nxt - seg->seq;

	if (!seg->payload_len || !receiving(tcb))
		return;
	if (xtcp_seq_after(seg->seq, tcb->rcv_nxt)) {
		out->actions |= XTCP_ACT_OFO;
		out->deliver_len = min_t(u32, seg->payload_len,
					 tcb->rcv_nxt + tcb->rcv_wnd - seg->seq);
	} else if (off < seg->payload_len) {
		/* in order, and not all of it a duplicate */
		out->deliver_off = off;
		out->deliver_len = min_t(u32, seg->payload_len - off,
					 tcb->rcv_wnd);
		tcb->rcv_nxt += out->deliver_len;
	}
	xtcp_fsm_send_ack(tcb, out);
}

/* Step eight, the FIN: only once everything before it has arrived. */
static void rcv_fin(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
		    struct xtcp_fsm_out *out)
{
	if (!(seg->flags & XTCP_FIN) ||
	    seg->seq + seg->payload_len != tcb->rcv_nxt || !receiving(tcb))
		return;
	tcb->rcv_nxt++;
	out->actions |= XTCP_ACT_EOF;
	xtcp_fsm_send_ack(tcb, out);
	if (tcb->state == TCP_ESTABLISHED)
		xtcp_fsm_set_state(tcb, TCP_CLOSE_WAIT);	/* T13 */
	else if (tcb->state == TCP_FIN_WAIT2)
		to_time_wait(tcb, out);				/* T17 */
	else if (xtcp_fsm_fin_acked(tcb))
		to_time_wait(tcb, out);				/* T16 */
	else
		xtcp_fsm_set_state(tcb, TCP_CLOSING);		/* T15 */
}

/* SYN-RECEIVED: the peer sent its SYN again; our SYN,ACK was lost. */
static bool syn_again(const struct xtcp_tcb *tcb, const struct xtcp_seg *seg)
{
	return tcb->state == TCP_SYN_RECV &&
	       (seg->flags & (XTCP_SYN | XTCP_ACK | XTCP_RST)) == XTCP_SYN &&
	       seg->seq == tcb->irs;
}

/* SYN-RECEIVED and the synchronized states but TIME-WAIT. */
static void rcv_synced(struct xtcp_tcb *tcb, const struct xtcp_seg *seg,
		       struct xtcp_fsm_out *out)
{
	if (syn_again(tcb, seg)) {
		xtcp_fsm_send_synack(tcb, out);
		out->actions |= XTCP_ACT_ACK_INVALID;
		return;
	}
	if (!xtcp_fsm_seg_acceptable(tcb, seg)) {
		/* a SYN out of the window: RFC 5961 4.2 as in it */
		if (seg->flags & XTCP_RST)
			return;
		if (seg->flags & XTCP_SYN)
			send_challenge_ack(tcb, out);
		else
			send_invalid_ack(tcb, out);
		return;
	}
	if (seg->flags & XTCP_RST) {
		rcv_rst(tcb, seg, out);
		return;
	}
	if (seg->flags & XTCP_SYN) {
		rcv_syn(tcb, out);
		return;
	}
	if (!(seg->flags & XTCP_ACK) || !rcv_ack(tcb, seg, out))
		return;
	out->actions |= XTCP_ACT_URG;			/* step six */
	rcv_text(tcb, seg, out);
	rcv_fin(tcb, seg, out);
	if (tcb->state == TCP_FIN_WAIT1 && xtcp_fsm_fin_acked(tcb))
		xtcp_fsm_set_state(tcb, TCP_FIN_WAIT2);		/* T14 */
}

/**
 * xtcp_fsm_rcv() - a segment arrived for a TCB
 * @tcb: the TCB the segment's ports and addresses belong to. For LISTEN, a
 *	child: a copy of the listener's TCB, which a SYN turns into
 *	SYN-RECEIVED (T04); if it is still in LISTEN afterwards, free it.
 * @seg: the parsed header; @seg->payload_len octets of data follow it
 * @iss: initial sequence number for our SYN,ACK, used only in LISTEN
 * @out: filled with what to do
 *
 * RFC 793 section 3.9, SEGMENT ARRIVES, one function per state or step.
 */
void xtcp_fsm_rcv(struct xtcp_tcb *tcb, const struct xtcp_seg *seg, u32 iss,
		  struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	switch (tcb->state) {
	case TCP_CLOSE:
		reply_rst(seg, out);
		break;
	case TCP_LISTEN:
		rcv_listen(tcb, seg, iss, out);
		break;
	case TCP_SYN_SENT:
		rcv_syn_sent(tcb, seg, out);
		break;
	case TCP_TIME_WAIT:
		rcv_time_wait(tcb, seg, out);
		break;
	default:
		rcv_synced(tcb, seg, out);
	}
}

XTCP_KUNIT_EXPORT(xtcp_fsm_rcv);

/**
 * xtcp_fsm_rcv_no_tcb() - a segment arrived that no TCB or listener wants
 * @seg: the parsed header
 * @out: filled with what to do
 *
 * T26: RFC 793's CLOSED state: answer with a reset (the peer's connect()
 * fails with ECONNREFUSED), unless the segment is a reset itself.
 */
void xtcp_fsm_rcv_no_tcb(const struct xtcp_seg *seg, struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	reply_rst(seg, out);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_rcv_no_tcb);
