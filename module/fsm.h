/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the RFC 793 connection state machine, as pure logic.
 *
 * fsm.c (application calls, timers) and fsm_rcv.c (arriving segments) take
 * a TCB (struct xtcp_tcb) and one event (an application call, an arriving
 * segment, a timer expiry) and say what must happen in a
 * struct xtcp_fsm_out: the segment to send, the timers to arm or stop, what
 * to tell the application. They never send, never touch a timer or a
 * socket; the caller does what the output says.
 *
 * States are the kernel's TCP_* values (<net/tcp_states.h>), so generic
 * inet helpers and /proc listings understand them: TCP_CLOSE is RFC 793's
 * CLOSED, TCP_SYN_RECV its SYN-RECEIVED.
 */
#ifndef _XTCP_FSM_H
#define _XTCP_FSM_H

#include <linux/bits.h>
#include <linux/types.h>
#include <net/tcp_states.h>

#include "rtt.h"
#include "seq.h"
#include "tsopt.h"
#include "wire.h"

/*
 * Retry limits, Linux's defaults: tcp_syn_retries, tcp_synack_retries,
 * tcp_orphan_retries (0 means 8) and tcp_retries2. The retransmission
 * timeout is the RTO of RFC 6298 (rtt.h), doubled on each retry.
 */
enum {
	XTCP_SYN_RETRIES	= 6,
	XTCP_SYNACK_RETRIES	= 5,
	XTCP_FIN_RETRIES	= 8,
	XTCP_DATA_RETRIES	= 15,
	XTCP_R1_RETRIES		= 3,	/* RFC 9293 3.8.3 R1: route anew */
	XTCP_MSS_DEFAULT	= 536,	/* RFC 1122: peer sent no MSS option */
	XTCP_MIN_SND_MSS	= 48,	/* Linux's TCP_MIN_SND_MSS */
	XTCP_RCV_WND_DEFAULT	= 65535,
};

/**
 * struct xtcp_tcb - transmission control block (RFC 793 section 3.2)
 * @snd_una: SND.UNA, oldest sequence number not yet acknowledged
 * @snd_nxt: SND.NXT, next sequence number to send
 * @snd_wnd: SND.WND, the peer's receive window
 * @snd_wl1: SND.WL1, SEG.SEQ of the segment that last updated @snd_wnd
 * @snd_wl2: SND.WL2, SEG.ACK of the segment that last updated @snd_wnd
 * @max_snd_wnd: MAX.SND.WND (RFC 5961 5.2), the largest window the peer
 *	has offered: an ACK below SND.UNA - MAX.SND.WND is a blind injection
 * @bytes_acked: sequence space the peer has acknowledged, our SYN and FIN
 *	included, as Linux's tcp_sock.bytes_acked (TCP_INFO reads it): an
 *	ACK for octets we never sent (below SND.UNA - @bytes_acked) is
 *	rejected as well
 * @iss: ISS, our initial sequence number (the sequence number of our SYN)
 * @rcv_nxt: RCV.NXT, next sequence number expected from the peer
 * @rcv_wnd: RCV.WND, our receive window, in octets: what we take from
 *	RCV.NXT on; the socket layer keeps it at least up to @rcv_adv
 * @rcv_adv: right edge of the window last advertised, RCV.NXT + the
 *	window (in octets, after scaling) of the last segment sent with an
 *	ACK; it never moves left (RFC 7323 2.4, RFC 9293 3.8.6)
 * @irs: IRS, the peer's initial sequence number
 * @fin_seq: sequence number of our FIN, valid when @fin_sent
 * @sport: local port
 * @dport: foreign port; 0 while unspecified (a listener)
 * @mss: MSS we advertise on our SYN
 * @snd_mss: MSS the peer advertised (XTCP_MSS_DEFAULT if it did not),
 *	at least @min_snd_mss
 * @min_snd_mss: the least MSS we send with, whatever the peer advertises
 *	(net.xtcp.tcp_min_snd_mss, as Linux's net.ipv4.tcp_min_snd_mss)
 * @rcv_wscale: our window shift (RFC 7323): the window we advertise is
 *	RCV.WND >> @rcv_wscale. The socket layer sets it before our SYN or
 *	SYN,ACK (xtcp_window_shift_for()); offered on our SYN, it becomes 0
 *	when the peer's SYN has no Window Scale option.
 * @snd_wscale: the peer's window shift: SND.WND = SEG.WND << @snd_wscale
 *	(0 unless both sides sent the option)
 * @wscale_ok: both SYNs carried the Window Scale option (on a SYN-RECEIVED
 *	passive side: the peer's did, so our SYN,ACK carries it)
 * @sack_ok: SACK (RFC 2018): before the peer's SYN, whether ours offers
 *	SACK-permitted (net.xtcp.tcp_sack, set by the socket layer); after
 *	it, whether both SYNs carried it (Linux's rx_opt.sack_ok)
 * @state: TCP_* state; changed only by xtcp_fsm_set_state()
 * @retries: retransmissions of the oldest unacknowledged segment so far;
 *	back to 0 when an ACK makes progress
 * @syn_retries: retry limit in SYN-SENT
 * @synack_retries: retry limit in SYN-RECEIVED
 * @fin_retries: retry limit in FIN-WAIT-1, CLOSING and LAST-ACK
 * @data_retries: retry limit in ESTABLISHED and CLOSE-WAIT
 * @rtt: the round-trip time estimate and the RTO (rtt.h); the caller
 *	feeds it samples
 * @ts: timestamps (RFC 7323, tsopt.h); the socket layer keeps them, the
 *	state machine only reads @ts.ok (the option's room in a segment)
 * @last_oow_ack: jiffies when the last ACK in answer to an invalid segment
 *	was sent (0: none yet); the caller keeps it (ratelimit.c)
 * @passive: SYN-RECEIVED was reached from LISTEN (passive open), not from
 *	SYN-SENT (simultaneous open); a reset then goes back to LISTEN
 * @fin_sent: our FIN has been sent (@fin_seq is valid)
 */
struct xtcp_tcb {
	u32	snd_una;
	u32	snd_nxt;
	u32	snd_wnd;
	u32	snd_wl1;
	u32	snd_wl2;
	u32	max_snd_wnd;
	u64	bytes_acked;
	u32	iss;
	u32	rcv_nxt;
	u32	rcv_wnd;
	u32	rcv_adv;
	u32	irs;
	u32	fin_seq;
	u16	sport;
	u16	dport;
	u16	mss;
	u16	snd_mss;
	u16	min_snd_mss;
	u8	rcv_wscale;
	u8	snd_wscale;
	u8	state;
	u8	retries;
	u8	syn_retries;
	u8	synack_retries;
	u8	fin_retries;
	u8	data_retries;
	struct xtcp_rtt rtt;
	struct xtcp_ts ts;
	u32	last_oow_ack;
	bool	passive;
	bool	fin_sent;
	bool	wscale_ok;
	bool	sack_ok;
};

/**
 * enum xtcp_fsm_action - what the caller must do, bits of
 *	&xtcp_fsm_out.actions
 * @XTCP_ACT_SEND: send &xtcp_fsm_out.seg
 * @XTCP_ACT_RTX_ARM: (re)arm the retransmission timer to expire in
 *	&xtcp_fsm_out.rto_ms
 * @XTCP_ACT_RTX_STOP: stop the retransmission timer
 * @XTCP_ACT_TW_ARM: arm, or restart, the 2MSL (TIME-WAIT) timer
 * @XTCP_ACT_DELETE: the TCB is CLOSED: stop every timer of it and free it
 * @XTCP_ACT_CONNECTED: the connection is established: wake connect()
 * @XTCP_ACT_ACCEPT: a child from a passive open is established: queue it
 *	for accept()
 * @XTCP_ACT_EOF: the peer's FIN arrived in order: once the data before it
 *	is read, read() returns 0
 * @XTCP_ACT_TO_LISTEN: an embryonic child of a listener was reset (T11):
 *	drop the child (its TCB is in CLOSED); the listener is unaffected
 * @XTCP_ACT_OFO: the arriving segment's data starts beyond RCV.NXT: keep
 *	&xtcp_fsm_out.deliver_len octets of it, from
 *	&xtcp_fsm_out.deliver_off, in the out-of-order queue; a FIN on it
 *	is not taken (the peer sends it again)
 * @XTCP_ACT_ACK_INVALID: with XTCP_ACT_SEND, the segment is an ACK in
 *	answer to an unacceptable segment (RFC 793's "send an
 *	acknowledgment"), or a SYN,ACK sent again for a SYN sent again:
 *	the caller rate-limits it per connection (net.xtcp.tcp_invalid_ratelimit)
 * @XTCP_ACT_ACK_CHALLENGE: with XTCP_ACT_SEND, the segment is a challenge
 *	ACK (RFC 5961 3.2, 4.2, 5.2): the caller rate-limits it per connection
 *	and per namespace (RFC 5961 7, net.xtcp.tcp_challenge_ack_limit)
 * @XTCP_ACT_URG: the segment is acceptable and its ACK was taken: it
 *	reached step six, the URG bit (urg.c), before its text
 */
enum xtcp_fsm_action {
	XTCP_ACT_SEND		= BIT(0),
	XTCP_ACT_RTX_ARM	= BIT(1),
	XTCP_ACT_RTX_STOP	= BIT(2),
	XTCP_ACT_TW_ARM		= BIT(3),
	XTCP_ACT_DELETE		= BIT(4),
	XTCP_ACT_CONNECTED	= BIT(5),
	XTCP_ACT_ACCEPT		= BIT(6),
	XTCP_ACT_EOF		= BIT(7),
	XTCP_ACT_TO_LISTEN	= BIT(8),
	XTCP_ACT_OFO		= BIT(9),
	XTCP_ACT_ACK_INVALID	= BIT(10),
	XTCP_ACT_ACK_CHALLENGE	= BIT(11),
	XTCP_ACT_URG		= BIT(12),
};

/**
 * struct xtcp_fsm_out - what an event asks of the caller
 * @seg: with XTCP_ACT_SEND, the header to send (ports, flags, seq, ack,
 *	window, MSS option on a SYN). @seg.payload_len is the number of data
 *	octets from the send queue, starting at @seg.seq, that go with it
 *	(SEND and data retransmission); 0 for control segments.
 * @actions: XTCP_ACT_* bits
 * @rto_ms: with XTCP_ACT_RTX_ARM, the timeout in milliseconds
 * @deliver_off: offset in the arriving segment's payload of the first
 *	octet to deliver
 * @deliver_len: octets of the arriving segment's payload, from
 *	@deliver_off, to append in order to the receive queue (0: none), or
 *	with XTCP_ACT_OFO to keep out of order
 * @err: 0 or a negative errno. After an application call (listen, connect,
 *	send, close, abort): its return value. After a segment or a timer:
 *	the error to report on the socket (-ECONNRESET, -ECONNREFUSED,
 *	-ETIMEDOUT).
 */
struct xtcp_fsm_out {
	struct xtcp_seg	seg;
	u32		actions;
	u32		rto_ms;
	unsigned int	deliver_off;
	unsigned int	deliver_len;
	int		err;
};

/**
 * xtcp_fsm_seg_len() - SEG.LEN, the sequence space a segment occupies
 * @seg: the segment
 *
 * Return: its data octets, plus one for a SYN and one for a FIN.
 */
static inline u32 xtcp_fsm_seg_len(const struct xtcp_seg *seg)
{
	return seg->payload_len + !!(seg->flags & XTCP_SYN) +
	       !!(seg->flags & XTCP_FIN);
}

/**
 * xtcp_fsm_send_mss() - the largest segment to send
 * @tcb: the TCB
 *
 * As Linux's tcp_current_mss(): the MSS values count no options, so a
 * connection with timestamps carries 12 octets fewer of data a segment.
 *
 * Return: the peer's MSS, within our own (which the path's MTU gave), less
 * the room of the Timestamps option if the connection uses it.
 */
static inline u32 xtcp_fsm_send_mss(const struct xtcp_tcb *tcb)
{
	return min_t(u32, tcb->snd_mss, tcb->mss) -
	       (tcb->ts.ok ? XTCP_OPT_TS_ALIGNED : 0);
}

/**
 * xtcp_fsm_in_rcv_wnd() - RCV.NXT =< @seq < RCV.NXT+RCV.WND
 * @tcb: the TCB
 * @seq: sequence number
 *
 * Return: true if @seq is in the receive window.
 */
static inline bool xtcp_fsm_in_rcv_wnd(const struct xtcp_tcb *tcb, u32 seq)
{
	return xtcp_seq_between(seq, tcb->rcv_nxt, tcb->rcv_nxt + tcb->rcv_wnd);
}

/**
 * xtcp_fsm_seg_acceptable() - RFC 793's segment acceptability test
 * @tcb: the TCB, in a synchronized state or SYN-RECEIVED
 * @seg: the arriving segment
 *
 * The four cases of RFC 793 section 3.3: a segment of no length needs
 * RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND (SEG.SEQ = RCV.NXT if the window is
 * 0); a longer one needs its first or last octet in the window, and is
 * never acceptable in a zero window.
 *
 * Return: true if the segment is acceptable.
 */
static inline bool xtcp_fsm_seg_acceptable(const struct xtcp_tcb *tcb,
					   const struct xtcp_seg *seg)
{
	u32 len = xtcp_fsm_seg_len(seg);

	if (!tcb->rcv_wnd)
		return !len && seg->seq == tcb->rcv_nxt;
	if (!len)
		return xtcp_fsm_in_rcv_wnd(tcb, seg->seq);
	return xtcp_fsm_in_rcv_wnd(tcb, seg->seq) ||
	       xtcp_fsm_in_rcv_wnd(tcb, seg->seq + len - 1);
}

/**
 * xtcp_fsm_ack_acceptable() - RFC 793's SND.UNA < SEG.ACK =< SND.NXT
 * @tcb: the TCB
 * @ack: SEG.ACK
 *
 * Return: true if @ack acknowledges something sent and not yet acknowledged.
 */
static inline bool xtcp_fsm_ack_acceptable(const struct xtcp_tcb *tcb, u32 ack)
{
	return xtcp_seq_between(ack, tcb->snd_una + 1, tcb->snd_nxt + 1);
}

/**
 * xtcp_fsm_fin_acked() - has the peer acknowledged our FIN?
 * @tcb: the TCB
 *
 * Return: true if our FIN was sent and SND.UNA is past it.
 */
static inline bool xtcp_fsm_fin_acked(const struct xtcp_tcb *tcb)
{
	return tcb->fin_sent && tcb->snd_una == tcb->fin_seq + 1;
}

void xtcp_fsm_init(struct xtcp_tcb *tcb, u16 sport, u16 dport, u16 mss);
void xtcp_fsm_set_state(struct xtcp_tcb *tcb, int state);
const char *xtcp_fsm_state_name(int state);
unsigned long xtcp_fsm_transitions(int from, int to);

/* Application calls and timers (fsm.c) */
void xtcp_fsm_listen(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);
void xtcp_fsm_connect(struct xtcp_tcb *tcb, u32 iss,
		      struct xtcp_fsm_out *out);
void xtcp_fsm_send(struct xtcp_tcb *tcb, u32 iss, unsigned int len,
		   struct xtcp_fsm_out *out);
void xtcp_fsm_close(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);
void xtcp_fsm_abort(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);
void xtcp_fsm_rtx_timeout(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);
void xtcp_fsm_give_up(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);
void xtcp_fsm_unreachable(struct xtcp_tcb *tcb, int err,
			  struct xtcp_fsm_out *out);
void xtcp_fsm_retransmit(const struct xtcp_tcb *tcb, u32 seq,
			 struct xtcp_fsm_out *out);
void xtcp_fsm_tw_timeout(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);

void xtcp_fsm_ack(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);

/* Segment arrival (fsm_rcv.c) */
void xtcp_fsm_rcv(struct xtcp_tcb *tcb, const struct xtcp_seg *seg, u32 iss,
		  struct xtcp_fsm_out *out);
void xtcp_fsm_rcv_no_tcb(const struct xtcp_seg *seg,
			 struct xtcp_fsm_out *out);
u16 xtcp_fsm_peer_mss(const struct xtcp_seg *seg, u16 min_mss);
bool xtcp_fsm_ack_in_range(const struct xtcp_tcb *tcb, u32 ack);

/* Keepalive (keepalive.h) */
void xtcp_fsm_keepalive_probe(const struct xtcp_tcb *tcb,
			      struct xtcp_fsm_out *out);
/* Persist timer (persist.c) */
void xtcp_fsm_window_probe(const struct xtcp_tcb *tcb,
			   struct xtcp_fsm_out *out);

#endif /* _XTCP_FSM_H */
