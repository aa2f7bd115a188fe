// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the RFC 793 connection state machine (section 3.9, "Event
 * Processing"): the application calls (OPEN, SEND, CLOSE, ABORT), the
 * timer events (retransmission, 2MSL, the user timeout), the keepalive and
 * zero-window probes, and the state bookkeeping. Segment arrival is
 * fsm_rcv.c; the output helpers both need are declared in fsm_priv.h.
 *
 * Every entry point takes a TCB, one event and a struct xtcp_fsm_out that it
 * clears and fills: nothing here sends a segment, touches a timer or
 * knows a socket. Every state change goes through xtcp_fsm_set_state(),
 * which counts it in a [from][to] table (xtcp_fsm_transitions(), all TCBs
 * since load; one table per CPU, summed when read, so that counting writes
 * no cache line another CPU writes) and logs it (dynamic debug). No
 * locking here: the caller serializes the events of one TCB (the socket
 * lock, in the socket layer).
 *
 * The rows of the checklist (T01-T28, /work/shared/rfc793-transitions.md)
 * are marked where they are handled here and in fsm_rcv.c, so "grep T16"
 * finds the code.
 *
 * The receive window: the socket layer says how much its buffer can take
 * (xtcp_window_offer() turns that into RCV.WND, with receiver-side
 * silly window avoidance and a right edge that never moves left), and
 * every segment carries it scaled by the shift negotiated on the SYNs
 * (RFC 7323 window scaling; windows on SYNs are never scaled).
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "compat.h"
#include "fsm.h"
#include "fsm_priv.h"
#include "seq.h"
#include "window.h"

static const char * const state_names[TCP_MAX_STATES] = {
	[TCP_CLOSE]		= "CLOSED",
	[TCP_LISTEN]		= "LISTEN",
	[TCP_SYN_SENT]		= "SYN-SENT",
	[TCP_SYN_RECV]		= "SYN-RECEIVED",
	[TCP_ESTABLISHED]	= "ESTABLISHED",
	[TCP_FIN_WAIT1]		= "FIN-WAIT-1",
	[TCP_FIN_WAIT2]		= "FIN-WAIT-2",
	[TCP_CLOSE_WAIT]	= "CLOSE-WAIT",
	[TCP_CLOSING]		= "CLOSING",
	[TCP_LAST_ACK]		= "LAST-ACK",
	[TCP_TIME_WAIT]		= "TIME-WAIT",
};

/**
 * struct fsm_counts - transitions one CPU made since load
 * @n: by [from][to] state
 */
struct fsm_counts {
	unsigned long n[TCP_MAX_STATES][TCP_MAX_STATES];
};

static DEFINE_PER_CPU(struct fsm_counts, transitions);

static bool state_valid(int state)
{
	return state >= 0 && state < TCP_MAX_STATES && state_names[state];
}

/**
 * xtcp_fsm_state_name() - RFC 793 name of a state, for traces and /proc
 * @state: TCP_* state
 *
 * Return: "CLOSED", "LISTEN", ... "TIME-WAIT", or "UNKNOWN".
 */
const char *xtcp_fsm_state_name(int state)
{
	return state_valid(state) ? state_names[state] : "UNKNOWN";
}

XTCP_KUNIT_EXPORT(xtcp_fsm_state_name);

/**
 * xtcp_fsm_transitions() - how often a transition was taken
 * @from: TCP_* state left
 * @to: TCP_* state entered
 *
 * The count covers every TCB since the module was loaded: the sum of the
 * CPUs' counts, each read once (a transition made meanwhile may or may not
 * be in it, as with any counter read while it runs).
 *
 * Return: number of changes from @from to @to; 0 for invalid states.
 */
unsigned long xtcp_fsm_transitions(int from, int to)
{
	unsigned long sum = 0;
	int cpu;

	if (!state_valid(from) || !state_valid(to))
		return 0;
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu(transitions, cpu).n[from][to]);
	return sum;
}

XTCP_KUNIT_EXPORT(xtcp_fsm_transitions);

/**
 * xtcp_fsm_set_state() - move a TCB to another state
 * @tcb: the TCB
 * @state: TCP_* state to enter
 *
 * The one place where a TCB changes state: counts the transition for
 * xtcp_fsm_transitions(), on this CPU (this_cpu_inc(): safe in any
 * context, preemptible or not), and logs it with pr_debug().
 */
void xtcp_fsm_set_state(struct xtcp_tcb *tcb, int state)
{
	if (WARN_ON_ONCE(!state_valid(tcb->state) || !state_valid(state)))
		return;
	this_cpu_inc(transitions.n[tcb->state][state]);
	pr_debug("%u -> %u: %s -> %s\n", tcb->sport, tcb->dport,
		 state_names[tcb->state], state_names[state]);
	tcb->state = state;
}

/**
 * xtcp_fsm_init() - a new TCB, in CLOSED
 * @tcb: the TCB to fill
 * @sport: local port
 * @dport: foreign port, 0 if unspecified
 * @mss: MSS to advertise on our SYN
 *
 * Sets the retry limits, receive window, RTO bounds and least send MSS to
 * their defaults.
 */
void xtcp_fsm_init(struct xtcp_tcb *tcb, u16 sport, u16 dport, u16 mss)
{
	memset(tcb, 0, sizeof(*tcb));
	tcb->state = TCP_CLOSE;
	tcb->sport = sport;
	tcb->dport = dport;
	tcb->mss = mss;
	tcb->snd_mss = XTCP_MSS_DEFAULT;
	tcb->min_snd_mss = XTCP_MIN_SND_MSS;
	tcb->rcv_wnd = XTCP_RCV_WND_DEFAULT;
	tcb->syn_retries = XTCP_SYN_RETRIES;
	tcb->synack_retries = XTCP_SYNACK_RETRIES;
	tcb->fin_retries = XTCP_FIN_RETRIES;
	tcb->data_retries = XTCP_DATA_RETRIES;
	xtcp_rtt_init(&tcb->rtt, XTCP_RTO_MIN_MS, XTCP_RTO_MAX_MS);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_init);

/* Retransmission timeout: RTO << retries, capped (RFC 6298 5.5). */
static u32 rto_ms(const struct xtcp_tcb *tcb)
{
	return xtcp_rtt_backoff_ms(&tcb->rtt, tcb->retries);
}

/* Output helpers: the segments the state machine sends. */

static void emit(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out,
		 u8 flags, u32 seq, u32 ack)
{
	out->seg = (struct xtcp_seg) {
		.sport	= tcb->sport,
		.dport	= tcb->dport,
		.seq	= seq,
		.ack	= flags & XTCP_ACK ? ack : 0,
		.flags	= flags,
		.window	= xtcp_window_field(tcb, tcb->rcv_wnd, flags),
	};
	if (flags & XTCP_SYN) {
		out->seg.has_mss = true;
		out->seg.mss = tcb->mss;
		/* our SYN offers it; a SYN,ACK answers a SYN that did */
		out->seg.has_wscale = !(flags & XTCP_ACK) || tcb->wscale_ok;
		out->seg.wscale = tcb->rcv_wscale;
		out->seg.has_sack_perm = tcb->sack_ok;
	}
	out->actions |= XTCP_ACT_SEND;
}

/**
 * xtcp_fsm_send_ack() - send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
 * @tcb: the TCB
 * @out: gets the segment
 *
 * Also the challenge ACK (RFC 5961).
 */
void xtcp_fsm_send_ack(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	emit(tcb, out, XTCP_ACK, tcb->snd_nxt, tcb->rcv_nxt);
}

static void send_syn(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	emit(tcb, out, XTCP_SYN, tcb->iss, 0);
}

/**
 * xtcp_fsm_send_synack() - send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
 * @tcb: the TCB
 * @out: gets the segment
 */
void xtcp_fsm_send_synack(const struct xtcp_tcb *tcb,
			  struct xtcp_fsm_out *out)
{
	emit(tcb, out, XTCP_SYN | XTCP_ACK, tcb->iss, tcb->rcv_nxt);
}

static void send_fin(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	emit(tcb, out, XTCP_FIN | XTCP_ACK, tcb->fin_seq, tcb->rcv_nxt);
}

/**
 * xtcp_fsm_arm_rtx() - (re)arm the retransmission timer
 * @tcb: the TCB, whose retries so far set the timeout
 * @out: gets XTCP_ACT_RTX_ARM and the timeout, instead of any stop
 */
void xtcp_fsm_arm_rtx(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	out->actions |= XTCP_ACT_RTX_ARM;
	out->actions &= ~XTCP_ACT_RTX_STOP;
	out->rto_ms = rto_ms(tcb);
}

/**
 * xtcp_fsm_stop_rtx() - stop the retransmission timer
 * @out: gets XTCP_ACT_RTX_STOP, instead of any arm
 */
void xtcp_fsm_stop_rtx(struct xtcp_fsm_out *out)
{
	out->actions |= XTCP_ACT_RTX_STOP;
	out->actions &= ~XTCP_ACT_RTX_ARM;
}

/* Something new goes in flight: start the timer if nothing was. */
static void in_flight(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	if (tcb->snd_una != tcb->snd_nxt)
		return;
	tcb->retries = 0;
	xtcp_fsm_arm_rtx(tcb, out);
}

/* Transitions shared by several events. */

/**
 * xtcp_fsm_to_closed() - enter CLOSED and delete the TCB
 * @tcb: the TCB
 * @out: gets the timer stop, XTCP_ACT_DELETE and @err
 * @err: what the application is told, 0 for nothing
 */
void xtcp_fsm_to_closed(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out,
			int err)
{
	xtcp_fsm_set_state(tcb, TCP_CLOSE);
	xtcp_fsm_stop_rtx(out);
	out->actions |= XTCP_ACT_DELETE;
	out->err = err;
}

/* Open with our SYN: SYN-SENT (T02, T05). */
static void open_active(struct xtcp_tcb *tcb, u32 iss,
			struct xtcp_fsm_out *out)
{
	tcb->iss = iss;
	tcb->snd_una = iss;
	tcb->snd_nxt = iss + 1;
	tcb->passive = false;
	tcb->retries = 0;
	xtcp_fsm_set_state(tcb, TCP_SYN_SENT);
	send_syn(tcb, out);
	xtcp_fsm_arm_rtx(tcb, out);
}

/* Queue our FIN after everything sent so far (T10, T12, T19). */
static void queue_fin(struct xtcp_tcb *tcb, int state,
		      struct xtcp_fsm_out *out)
{
	in_flight(tcb, out);
	tcb->fin_seq = tcb->snd_nxt++;
	tcb->fin_sent = true;
	xtcp_fsm_set_state(tcb, state);
	send_fin(tcb, out);
}

/* Application calls */

/**
 * xtcp_fsm_listen() - passive OPEN
 * @tcb: the TCB, in CLOSED
 * @out: filled with what to do
 *
 * T01: CLOSED -> LISTEN. Any other state: &xtcp_fsm_out.err is -EISCONN.
 */
void xtcp_fsm_listen(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	if (tcb->state != TCP_CLOSE) {
		out->err = -EISCONN;
		return;
	}
	xtcp_fsm_set_state(tcb, TCP_LISTEN);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_listen);

/**
 * xtcp_fsm_connect() - active OPEN
 * @tcb: the TCB, in CLOSED, with its foreign port set
 * @iss: initial sequence number, chosen by the caller
 * @out: filled with what to do
 *
 * T02: CLOSED -> SYN-SENT, send <SEQ=ISS><CTL=SYN> and arm the
 * retransmission timer. Any other state: &xtcp_fsm_out.err is -EISCONN.
 */
void xtcp_fsm_connect(struct xtcp_tcb *tcb, u32 iss,
		      struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	if (tcb->state != TCP_CLOSE) {
		out->err = -EISCONN;
		return;
	}
	open_active(tcb, iss, out);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_connect);

static void send_data(struct xtcp_tcb *tcb, unsigned int len,
		      struct xtcp_fsm_out *out)
{
	if (!len)
		return;
	emit(tcb, out, XTCP_ACK | XTCP_PSH, tcb->snd_nxt, tcb->rcv_nxt);
	out->seg.payload_len = len;
	in_flight(tcb, out);
	tcb->snd_nxt += len;
}

/**
 * xtcp_fsm_send() - SEND: the application has data for the peer
 * @tcb: the TCB
 * @iss: initial sequence number, used only if this opens the connection
 * @len: octets of data: one segment, or an aggregate of segments of
 *	xtcp_fsm_send_mss() octets that output.c sends as one (gso.c)
 * @out: filled with what to do
 *
 * ESTABLISHED, CLOSE-WAIT: @len octets are sent at SND.NXT, which moves on;
 * &xtcp_fsm_out.seg is their header. T05: LISTEN with a foreign port ->
 * SYN-SENT, send the SYN; the data waits for ESTABLISHED, as it does in
 * SYN-SENT and SYN-RECEIVED (nothing sent, no error). Errors: -EDESTADDRREQ
 * in LISTEN without a foreign port; -EPIPE once our side is closed
 * (CLOSED, FIN-WAIT-1/2, CLOSING, LAST-ACK, TIME-WAIT).
 */
void xtcp_fsm_send(struct xtcp_tcb *tcb, u32 iss, unsigned int len,
		   struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	switch (tcb->state) {
	case TCP_LISTEN:
		if (!tcb->dport)
			out->err = -EDESTADDRREQ;
		else
			open_active(tcb, iss, out);	/* T05 */
		break;
	case TCP_SYN_SENT:
	case TCP_SYN_RECV:
		break;
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		send_data(tcb, len, out);
		break;
	default:
		out->err = -EPIPE;
	}
}

XTCP_KUNIT_EXPORT(xtcp_fsm_send);

/**
 * xtcp_fsm_close() - CLOSE: the application has no more data to send
 * @tcb: the TCB
 * @out: filled with what to do
 *
 * T03 LISTEN and T07 SYN-SENT -> CLOSED (delete the TCB); T10 SYN-RECEIVED
 * and T12 ESTABLISHED -> FIN-WAIT-1, T19 CLOSE-WAIT -> LAST-ACK, sending
 * our FIN. Already closing: nothing to do. CLOSED: -ENOTCONN.
 */
void xtcp_fsm_close(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	switch (tcb->state) {
	case TCP_CLOSE:
		out->err = -ENOTCONN;
		break;
	case TCP_LISTEN:			/* T03 */
	case TCP_SYN_SENT:			/* T07 */
		xtcp_fsm_to_closed(tcb, out, 0);
		break;
	case TCP_SYN_RECV:			/* T10 */
	case TCP_ESTABLISHED:			/* T12 */
		queue_fin(tcb, TCP_FIN_WAIT1, out);
		break;
	case TCP_CLOSE_WAIT:			/* T19 */
		queue_fin(tcb, TCP_LAST_ACK, out);
		break;
	}
}

XTCP_KUNIT_EXPORT(xtcp_fsm_close);

/**
 * xtcp_fsm_abort() - ABORT: drop the connection at once
 * @tcb: the TCB
 * @out: filled with what to do
 *
 * Every state but CLOSED -> CLOSED, delete the TCB. SYN-RECEIVED,
 * ESTABLISHED, FIN-WAIT-1/2 and CLOSE-WAIT first send <SEQ=SND.NXT><CTL=RST>
 * so the peer learns of it. CLOSED: -ENOTCONN.
 */
void xtcp_fsm_abort(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	switch (tcb->state) {
	case TCP_CLOSE:
		out->err = -ENOTCONN;
		return;
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
	case TCP_CLOSE_WAIT:
		emit(tcb, out, XTCP_RST, tcb->snd_nxt, 0);
		out->seg.window = 0;
		break;
	}
	xtcp_fsm_to_closed(tcb, out, 0);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_abort);

/**
 * xtcp_fsm_ack() - an ACK that tells the peer where we are
 * @tcb: the TCB, synchronized
 * @out: filled with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
 *
 * No state changes. The socket layer sends it as a window update once the
 * application has read data.
 */
void xtcp_fsm_ack(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	xtcp_fsm_send_ack(tcb, out);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_ack);

/* Timers */

static u8 retry_limit(const struct xtcp_tcb *tcb)
{
	switch (tcb->state) {
	case TCP_SYN_SENT:
		return tcb->syn_retries;
	case TCP_SYN_RECV:
		return tcb->synack_retries;
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		return tcb->data_retries;
	default:
		return tcb->fin_retries;
	}
}

/* Data from @seq up to our FIN or SND.NXT, one segment; else the FIN. */
static void resend_from(const struct xtcp_tcb *tcb, u32 seq,
			struct xtcp_fsm_out *out)
{
	u32 end = tcb->fin_sent ? tcb->fin_seq : tcb->snd_nxt;

	if (seq == end) {
		send_fin(tcb, out);
		return;
	}
	emit(tcb, out, XTCP_ACK | XTCP_PSH, seq, tcb->rcv_nxt);
	out->seg.payload_len = min_t(u32, end - seq, xtcp_fsm_send_mss(tcb));
}

/*
 * Send again the oldest unacknowledged segment: our SYN (or SYN,ACK), else
 * data from SND.UNA up to our FIN or SND.NXT, else the FIN.
 */
static void resend(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	if (tcb->state == TCP_SYN_SENT)
		send_syn(tcb, out);
	else if (tcb->snd_una == tcb->iss)
		xtcp_fsm_send_synack(tcb, out);
	else
		resend_from(tcb, tcb->snd_una, out);
}

/**
 * xtcp_fsm_retransmit() - send again, before the timer says so, the data
 *	(or FIN) that starts at @seq
 * @tcb: the TCB
 * @seq: where to start: SND.UNA =< @seq < SND.NXT
 * @out: filled with the segment to send (nothing if @seq is not in
 *	flight); no timer or state changes
 *
 * For fast retransmit and loss recovery (cong.h): at most one segment of
 * data, or our FIN if that is all there is at @seq.
 */
void xtcp_fsm_retransmit(const struct xtcp_tcb *tcb, u32 seq,
			 struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	if (xtcp_seq_before(seq, tcb->snd_una) ||
	    !xtcp_seq_before(seq, tcb->snd_nxt))
		return;
	switch (tcb->state) {
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
	case TCP_FIN_WAIT1:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		break;
	default:
		return;
	}
	resend_from(tcb, seq, out);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_retransmit);

/**
 * xtcp_fsm_rtx_timeout() - the retransmission timer expired
 * @tcb: the TCB
 * @out: filled with what to do
 *
 * T27, T28: resend the oldest unacknowledged segment (the SYN in SYN-SENT,
 * the SYN,ACK in SYN-RECEIVED, the FIN in FIN-WAIT-1, CLOSING, LAST-ACK,
 * else data) and re-arm the timer with twice the timeout. After the state's
 * retry limit: CLOSED, delete the TCB, error -ETIMEDOUT. Does nothing if
 * nothing is in flight (a timer that lost a race with an ACK).
 */
void xtcp_fsm_rtx_timeout(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	switch (tcb->state) {
	case TCP_CLOSE:
	case TCP_LISTEN:
	case TCP_FIN_WAIT2:
	case TCP_TIME_WAIT:
		return;
	}
	if (tcb->snd_una == tcb->snd_nxt)
		return;
	if (tcb->retries >= retry_limit(tcb)) {
		xtcp_fsm_to_closed(tcb, out, -ETIMEDOUT);
		return;
	}
	tcb->retries++;
	resend(tcb, out);
	xtcp_fsm_arm_rtx(tcb, out);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_rtx_timeout);

/**
 * xtcp_fsm_give_up() - the user's time limit for unacknowledged data ran
 *	out (TCP_USER_TIMEOUT, RFC 9293's R2 as a time)
 * @tcb: the TCB
 * @out: filled with what to do
 *
 * As when the retry limit is reached: CLOSED, delete the TCB, error
 * -ETIMEDOUT. Nothing in CLOSED, LISTEN and TIME-WAIT.
 */
void xtcp_fsm_give_up(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	switch (tcb->state) {
	case TCP_CLOSE:
	case TCP_LISTEN:
	case TCP_TIME_WAIT:
		return;
	}
	xtcp_fsm_to_closed(tcb, out, -ETIMEDOUT);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_give_up);

/**
 * xtcp_fsm_unreachable() - an ICMP error says the peer cannot be reached
 * @tcb: the TCB
 * @err: the error for the application, a negative errno
 * @out: filled with what to do
 *
 * SYN-SENT and SYN-RECEIVED -> CLOSED, delete the TCB, error @err: a
 * connection being opened fails at once, as Linux's tcp_v4_err() has it.
 * In a synchronized state the error is a soft one (RFC 1122 4.2.3.9),
 * which the caller keeps: nothing here.
 */
void xtcp_fsm_unreachable(struct xtcp_tcb *tcb, int err,
			  struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	if (tcb->state == TCP_SYN_SENT || tcb->state == TCP_SYN_RECV)
		xtcp_fsm_to_closed(tcb, out, err);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_unreachable);

/**
 * xtcp_fsm_tw_timeout() - the 2MSL timer expired
 * @tcb: the TCB
 * @out: filled with what to do
 *
 * T21: TIME-WAIT -> CLOSED, delete the TCB. Other states: nothing.
 */
void xtcp_fsm_tw_timeout(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	if (tcb->state == TCP_TIME_WAIT)
		xtcp_fsm_to_closed(tcb, out, 0);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_tw_timeout);

/*
 * <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>, no data: a sequence number the
 * peer has already acknowledged, just left of its window, so the segment
 * is never acceptable there and RFC 793 has the peer answer it with an ACK
 * carrying its current window. Zero-window and keepalive probes are this.
 */
static void send_probe(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out)
{
	emit(tcb, out, XTCP_ACK, tcb->snd_una - 1, tcb->rcv_nxt);
}

/**
 * xtcp_fsm_keepalive_probe() - a keepalive probe (RFC 9293 3.8.4,
 *	RFC 1122 4.2.3.6)
 * @tcb: the TCB
 * @out: filled with the segment to send; no timer or state changes
 *
 * The probe of send_probe(), which shows the peer is alive by the ACK it
 * draws. Only in ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 and CLOSE-WAIT (as
 * Linux); in any other state nothing is sent.
 */
void xtcp_fsm_keepalive_probe(const struct xtcp_tcb *tcb,
			      struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	switch (tcb->state) {
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
	case TCP_CLOSE_WAIT:
		send_probe(tcb, out);
		break;
	}
}

XTCP_KUNIT_EXPORT(xtcp_fsm_keepalive_probe);

/**
 * xtcp_fsm_window_probe() - a zero-window probe (RFC 9293 3.8.6.1)
 * @tcb: the TCB
 * @out: filled with the segment to send; no timer or state changes
 *
 * ESTABLISHED and CLOSE-WAIT, the states where data can wait for the
 * peer's window; nothing in the others. RFC 9293 probes with one octet of
 * new data; this probe, as Linux's, is send_probe()'s: no data beyond the
 * window goes in flight, and no retransmission timer is needed.
 */
void xtcp_fsm_window_probe(const struct xtcp_tcb *tcb,
			   struct xtcp_fsm_out *out)
{
	memset(out, 0, sizeof(*out));
	if (tcb->state == TCP_ESTABLISHED || tcb->state == TCP_CLOSE_WAIT)
		send_probe(tcb, out);
}

XTCP_KUNIT_EXPORT(xtcp_fsm_window_probe);
