/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: RACK-TLP loss detection (RFC 8985), as Linux's tcp_recovery.c
 * and the loss probe of tcp_output.c use it.
 *
 * RACK (Recent ACKnowledgment) takes a segment for lost once a segment
 * sent after it was delivered (cumulatively or SACKed) and more than the
 * latest round-trip time plus a reordering window has passed since it
 * was sent. The window is a quarter of the least RTT, grown by a quarter
 * for each round trip that brought a DSACK (after reordering was seen),
 * at most SRTT; 0 before any reordering was seen while in recovery or
 * with DupThresh segments SACKed (tcp_rack_reo_wnd()). A segment not yet
 * due arms the reorder timer for when it will be.
 *
 * TLP (Tail Loss Probe): with data in flight and nothing SACKed nor in
 * recovery, the probe timeout (PTO, 2 SRTT, plus the longest delayed ACK
 * with one segment in flight, never past the RTO) sends new data if the
 * windows allow, else the last segment again, so that a loss at the end
 * of a flight draws SACKs, and RACK repairs it, long before the RTO
 * would. At most one probe is outstanding; its ACK (or DSACK) tells
 * whether it repaired a loss, which then reduces cwnd (RFC 8985 7.4).
 *
 * The sender cuts segments from pages as it sends them (output.c), so
 * what RACK needs of each segment in flight (its sequence range, when it
 * was last sent, whether it was sent again, SACKed or taken for lost) is
 * kept here as records in sequence order, at most XTCP_RACK_SEGS, in the
 * block of samples a socket takes while data is in flight (ondemand.h).
 * When all are used, the lowest two neighbours that are both SACKed
 * merge, else the lowest two alike, and the merged record carries the
 * later time, as one of Linux's GSO skbs of many segments carries one:
 * its loss is found later, never sooner. The newest data keeps records
 * of its own, so that their SACKs advance RACK.xmit_ts past an older
 * loss. (New data joining the last record would hide every loss in it:
 * SACKs cover such a record only in part, nothing sent after the loss
 * is ever delivered, and the loss waits for the retransmission timeout.)
 *
 * The reorder timer and the probe timer are the transmit hrtimer, as
 * Linux's ICSK_TIME_REO_TIMEOUT and ICSK_TIME_LOSS_PROBE are its
 * retransmit timer: &xtcp_rack.pending says which (timers.c).
 *
 * net.xtcp.tcp_recovery (Linux's bits: 1 RACK, 2 static reordering
 * window, 4 no DupThresh shortcut) and net.xtcp.tcp_early_retrans (3 or
 * 4: TLP on; 0 to 2: off) apply to connections opened afterwards. RACK
 * and TLP need SACK; without it the loss recovery is NewReno's.
 *
 * The pure functions take the times; the socket functions (at the end)
 * hold the socket lock.
 */
#ifndef _XTCP_RACK_H
#define _XTCP_RACK_H

#include <linux/types.h>

struct sock;
struct xtcp_sack_board;

#define XTCP_RACK_SEGS		32	/* records of segments in flight */
#define XTCP_RACK_PERSIST	16	/* recoveries a grown window lasts */
#define XTCP_RACK_MULT_MAX	255	/* the most the window grows to */
#define XTCP_RACK_WCDELACK_US	200000	/* RFC 8985's WCDelAckT: TCP_RTO_MIN */
#define XTCP_RACK_TLP_INIT_US	1000000	/* PTO without an RTT: TCP_TIMEOUT_INIT */

/* Bits of net.xtcp.tcp_recovery, as Linux's TCP_RACK_* */
enum {
	XTCP_RACK_LOSS_DETECTION	= BIT(0),
	XTCP_RACK_STATIC_REO_WND	= BIT(1),
	XTCP_RACK_NO_DUPTHRESH		= BIT(2),
};

/* What the transmit hrtimer serves while RTX is armed (Linux's icsk_pending) */
enum {
	XTCP_XMIT_RTO,		/* the retransmission timeout */
	XTCP_XMIT_REO,		/* RACK's reorder timer */
	XTCP_XMIT_TLP,		/* the loss probe timer */
};

/* Bits of &xtcp_rack_seg.flags */
enum {
	XTCP_RACK_RETRANS	= BIT(0),	/* sent again */
	XTCP_RACK_SACKED	= BIT(1),	/* SACKed */
	XTCP_RACK_LOST		= BIT(2),	/* taken for lost, not sent again */
};

/**
 * struct xtcp_rack_seg - a segment in flight, or several sent together
 * @start: its first sequence number
 * @end: the sequence number after it
 * @xmit_us: when it was last sent (low 32 bits of the microsecond clock)
 * @flags: XTCP_RACK_* bits
 */
struct xtcp_rack_seg {
	u32	start;
	u32	end;
	u32	xmit_us;
	u8	flags;
};

/**
 * struct xtcp_rack_segs - the records of what is in flight
 * @s: the records, in sequence order, disjoint
 * @n: how many are used
 *
 * Not part of struct xtcp_rack: a socket keeps it only while data is in
 * flight (ondemand.h).
 */
struct xtcp_rack_segs {
	struct xtcp_rack_seg	s[XTCP_RACK_SEGS];
	u8			n;
};

/**
 * struct xtcp_rack - a connection's RACK-TLP state (RFC 8985 5.2)
 * @segs: the records of the segments in flight, or NULL: none are kept
 *	(RACK marks nothing); set and cleared by ondemand.c
 * @rto_at_us: when the retransmission timeout is due (microseconds), for
 *	the loss probe and the reorder timer never to run past it
 * @xmit_us: RACK.xmit_ts, when the most recently sent segment delivered
 *	was sent
 * @end_seq: RACK.end_seq, the end of that segment
 * @rtt_us: RACK.rtt, its round-trip time
 * @dsack_round: SND.NXT when the window last grew: one growth per round
 * @reord_seen: times reordering was seen (tcpi_reord_seen)
 * @lost_rtx: segments sent again that RACK took for lost once more
 *	(Linux's TCPLostRetransmit), since the connection began
 * @tlp_high_seq: SND.NXT when the outstanding loss probe went
 * @reo_wnd_mult: RACK.reo_wnd_mult, quarters of the least RTT in the
 *	reordering window
 * @reo_wnd_persist: recoveries left before the window shrinks back
 * @pending: XTCP_XMIT_*: what the transmit timer serves
 * @recovery: net.xtcp.tcp_recovery for this connection
 * @dsack_round_set: @dsack_round is valid
 * @advanced: a segment was delivered since the last loss detection
 * @tlp_out: a loss probe is outstanding
 * @tlp_retrans: it sent a segment again (no new data)
 * @probing: a loss probe of new data is being sent: one segment may go
 *	past cwnd
 * @tlp: TLP on for this connection
 */
struct xtcp_rack {
	struct xtcp_rack_segs	*segs;
	u64			rto_at_us;
	u32			xmit_us;
	u32			end_seq;
	u32			rtt_us;
	u32			dsack_round;
	u32			reord_seen;
	u32			lost_rtx;
	u32			tlp_high_seq;
	u8			reo_wnd_mult;
	u8			reo_wnd_persist;
	u8			pending;
	u8			recovery;
	bool			dsack_round_set;
	bool			advanced;
	bool			tlp_out;
	bool			tlp_retrans;
	bool			probing;
	bool			tlp;
};

/**
 * enum xtcp_rack_tlp_verdict - what an ACK says of the outstanding probe
 * @XTCP_TLP_WAIT: nothing yet
 * @XTCP_TLP_DONE: the episode is over, no loss was repaired
 * @XTCP_TLP_LOSS: the probe repaired a loss: cwnd must come down
 */
enum xtcp_rack_tlp_verdict {
	XTCP_TLP_WAIT,
	XTCP_TLP_DONE,
	XTCP_TLP_LOSS,
};

/* pure functions (rack.c) */
void xtcp_rack_init(struct xtcp_rack *r, u8 recovery, bool tlp);
void xtcp_rack_sent(struct xtcp_rack *r, u32 start, u32 end, u32 now_us,
		    bool rtx);
void xtcp_rack_acked(struct xtcp_rack *r, u32 snd_una,
		     const struct xtcp_sack_board *sb, u32 now_us,
		     u32 min_rtt_us);
u32 xtcp_rack_reo_wnd(const struct xtcp_rack *r, u32 min_rtt_us,
		      u32 srtt_us, bool recovery, bool dupthresh);
bool xtcp_rack_detect_loss(struct xtcp_rack *r, u32 now_us, u32 reo_wnd,
			   u32 *timeout_us);
u32 xtcp_rack_lost_end(const struct xtcp_rack *r, u32 snd_una);
bool xtcp_rack_lost_rtx(const struct xtcp_rack *r, u32 snd_una, u32 *seq,
			u32 *len);
void xtcp_rack_dsack(struct xtcp_rack *r, u32 snd_nxt, u32 end);
void xtcp_rack_update_round(struct xtcp_rack *r, u32 snd_una);
void xtcp_rack_recovery_ended(struct xtcp_rack *r);
u32 xtcp_rack_pto_us(u32 srtt_us, bool one_seg, u32 rto_left_us);
enum xtcp_rack_tlp_verdict xtcp_rack_tlp_ack(struct xtcp_rack *r, u32 ack,
					     bool una_advanced, bool dup,
					     bool dsack_tlp);

/* on sockets (rack.c) */
void xtcp_rack_start(struct sock *sk);
void xtcp_rack_ack(struct sock *sk, u32 old_una, bool dup, bool dsack,
		   u32 dsack_end);
void xtcp_rack_new_data_sent(struct sock *sk);
void xtcp_rack_reo_timeout(struct sock *sk);
void xtcp_rack_tlp_timeout(struct sock *sk);
void xtcp_rack_rto(struct sock *sk);
u32 xtcp_rack_lost_edge(const struct sock *sk);

#endif /* _XTCP_RACK_H */
