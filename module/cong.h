/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: congestion control.
 *
 * Two layers. The loss recovery of RFC 5681 and RFC 6582 (NewReno) is
 * xtcp's own (cong.c): it counts duplicate ACKs, enters and leaves fast
 * recovery, inflates and deflates the window, and after a retransmission
 * timeout resends what was in flight from SND.UNA on, as the window allows.
 * What it leaves to an algorithm is in struct xtcp_cong_ops: the slow
 * start threshold after a loss and how the window grows on ACKs. Reno
 * (cong_reno.c) and CUBIC (cubic.c, the default, as in Linux) are built
 * in; another algorithm is another struct xtcp_cong_ops given to
 * xtcp_cong_register(), from this module or another one, chosen for new
 * sockets of a namespace by net.xtcp.tcp_congestion_control and per
 * socket with setsockopt(TCP_CONGESTION).
 *
 * With SACK (RFC 2018) the recovery is RFC 6675's instead of NewReno's:
 * the caller keeps the scoreboard (scoreboard.h), passes what IsLost()
 * says of SND.UNA to xtcp_cong_sack_ack(), and fills the window up to
 * cwnd - pipe with what NextSeg() names (sock.c); cwnd is ssthresh for
 * the whole recovery, with no inflation. DSACKs (RFC 2883) that show
 * every retransmission of a recovery was needless undo its reduction
 * (xtcp_cong_dsack(), as Linux's undo_retrans).
 *
 * ECN (RFC 3168, ecn.h): an ACK with ECN-Echo reduces the window as a
 * loss would, once a window and with nothing to resend
 * (xtcp_cong_ece(), Linux's tcp_enter_cwr()): ssthresh from the
 * algorithm, cwnd down to it at once (xtcp has no Proportional Rate
 * Reduction: its recoveries set cwnd to ssthresh at once too), and no
 * growth until the data in flight then is acknowledged. A loss found
 * meanwhile starts loss recovery without a second reduction, as in
 * Linux. Every reduction asks for CWR on the next new data segment.
 *
 * Slow start counts the bytes each ACK covers (RFC 3465), in
 * xtcp_cong_slow_start(), which every algorithm uses; the growth in
 * congestion avoidance is xtcp_cong_avoid_ai(), as tcp_cong_avoid_ai().
 * Neither happens while cwnd is not what limits the sender
 * (xtcp_cong_validate(), as Linux's tcp_is_cwnd_limited()).
 *
 * All of it is pure arithmetic on struct xtcp_cong, in bytes; the caller
 * (sock.c) holds the socket lock, gives the times, and sends what it is
 * told to.
 */
#ifndef _XTCP_CONG_H
#define _XTCP_CONG_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/types.h>

#define XTCP_CONG_NAME_MAX	16	/* as TCP_CA_NAME_MAX */
#define XTCP_CONG_PRIV_SIZE	(13 * sizeof(u64))	/* ICSK_CA_PRIV_SIZE */
#define XTCP_CONG_RTT_SLOTS	16	/* segments timed at once */
#define XTCP_CONG_ABC_L		2	/* RFC 3465's L, in segments */
#define XTCP_CONG_DUPTHRESH	3	/* RFC 5681: the third duplicate ACK */
#define XTCP_CONG_REORDER_MAX	127	/* the most it is raised to */
#define XTCP_CONG_IW_SEGS	10	/* RFC 6928 initial window */

/* Bits of &xtcp_cong_ops.flags */
#define XTCP_CONG_NEEDS_ECN	BIT(0)	/* as Linux's TCP_CONG_NEEDS_ECN */

struct xtcp_cong;
struct xtcp_net;

/**
 * struct xtcp_cong_sample - what an ACK of new data tells the algorithm
 * @rtt_us: the round-trip time it measured (from the newest timed
 *	segment it covers, see &struct xtcp_cong_timed), 0 if none
 * @snd_una: SND.UNA after it
 * @snd_nxt: SND.NXT
 *
 * Its time is &xtcp_cong.now_us.
 */
struct xtcp_cong_sample {
	u32	rtt_us;
	u32	snd_una;
	u32	snd_nxt;
};

/**
 * struct xtcp_cong_ops - a congestion control algorithm
 * @list: entry in the list of registered algorithms
 * @name: what setsockopt(TCP_CONGESTION) and the sysctl call it
 * @owner: the module that provides it, pinned while a socket uses it
 * @flags: XTCP_CONG_* bits: XTCP_CONG_NEEDS_ECN makes its connections ask
 *	for ECN and agree to it whatever net.xtcp.tcp_ecn says, and send
 *	every segment ECN-capable once they use it (ecn.h), as DCTCP asks
 * @init: optional; a connection starts using the algorithm, with
 *	&xtcp_cong.cwnd at the initial window; may set up @priv
 * @ssthresh: required; a loss was detected with @flight bytes in flight:
 *	return the new slow start threshold (Reno: half of @flight, at least
 *	two segments)
 * @cong_avoid: required; an ACK of @acked new bytes arrived outside loss
 *	recovery: grow &xtcp_cong.cwnd (slow start below &xtcp_cong.ssthresh,
 *	congestion avoidance above)
 * @acked: optional; an ACK of new data arrived, in any state, before
 *	@cong_avoid (Linux's pkts_acked): its RTT sample and the send
 *	sequence
 * @timeout: optional; the retransmission timer expired, after @ssthresh
 *	(Linux's set_state(TCP_CA_Loss))
 * @tx_start: optional; data goes out with nothing in flight, @idle_us
 *	after the last data sent (Linux's CA_EVENT_TX_START)
 */
struct xtcp_cong_ops {
	struct list_head	list;
	char			name[XTCP_CONG_NAME_MAX];
	struct module		*owner;
	u32			flags;
	void			(*init)(struct xtcp_cong *cc);
	u32			(*ssthresh)(struct xtcp_cong *cc, u32 flight);
	void			(*cong_avoid)(struct xtcp_cong *cc, u32 acked);
	void			(*acked)(struct xtcp_cong *cc,
					 const struct xtcp_cong_sample *s);
	void			(*timeout)(struct xtcp_cong *cc);
	void			(*tx_start)(struct xtcp_cong *cc, u64 idle_us);
};

/**
 * struct xtcp_cong_timed - segments of new data timed for round-trip time
 *	samples, a few per window, for the algorithm (HyStart++ wants
 *	several a round trip; rtt.c times one)
 * @end: the sequence number after each, oldest first from @head
 * @sent_us: when each left (the low 32 bits of the microsecond clock)
 * @head: the slot of the oldest
 * @count: how many are timed
 *
 * Karn's rule: loss recovery forgets them all, and times none while it
 * runs, so no sample comes from a retransmitted segment.
 *
 * Not part of struct xtcp_cong: a socket keeps it only while it has data
 * in flight (ondemand.h).
 */
struct xtcp_cong_timed {
	u32	end[XTCP_CONG_RTT_SLOTS];
	u32	sent_us[XTCP_CONG_RTT_SLOTS];
	u8	head;
	u8	count;
};

/**
 * struct xtcp_cong - congestion state of a connection, in bytes
 * @ops: the algorithm
 * @mss: the sender's segment size
 * @cwnd: the congestion window
 * @ssthresh: the slow start threshold
 * @acked_acc: bytes acknowledged toward the next growth in congestion
 *	avoidance
 * @dupacks: duplicate ACKs in a row (in fast recovery too)
 * @reordering: the duplicate ACKs that start fast retransmit:
 *	XTCP_CONG_DUPTHRESH, raised each time one proved spurious to the
 *	duplicates that came before the original's ACK (at most
 *	XTCP_CONG_REORDER_MAX), as Linux's tcp_reordering
 * @undo_cwnd: @cwnd before the last fast retransmit's reduction
 * @undo_ssthresh: @ssthresh before it
 * @rtx_us: when that fast retransmit left (0: not yet told)
 * @undo_ok: the first ACK covering that retransmission has not come yet:
 *	it may still prove spurious (xtcp_cong_spurious())
 * @recover: RFC 6582's "recover", plus one: SND.NXT when the last loss
 *	was seen; a new fast recovery needs SND.UNA at or past it
 * @rtx_nxt: after a timeout, the next byte before @recover to resend
 * @in_fast_recovery: between the third duplicate ACK and the ACK of
 *	@recover
 * @in_rto_recovery: between a timeout and the ACK of @recover
 * @sack: the connection uses SACK: RFC 6675 recovery (xtcp_cong_sack_ack())
 * @rack: losses are RACK's (rack.h): the DupThresh'th duplicate ACK alone
 *	does not start a recovery
 * @high_rxt: in SACK recovery, the sequence number after the last octet
 *	sent again (RFC 6675's HighRxt + 1)
 * @undo_marker: SND.UNA when the last fast recovery began (Linux's
 *	undo_marker), valid while @undo_dsack
 * @undo_retrans: octets sent again since then, less those DSACKs showed
 *	arrived twice (Linux's undo_retrans, in octets)
 * @undo_dsack: the last fast recovery may still be undone by DSACKs
 * @in_cwr: an ACK with ECN-Echo reduced the window (Linux's TCP_CA_CWR):
 *	no growth, and no other reduction, until the ACK of @cwr_high
 * @cwr_pending: the window was reduced (ECN-Echo, fast recovery, a
 *	timeout, a loss probe's repair) since the last segment with CWR:
 *	the next new data segment carries CWR if the connection uses ECN
 *	(ecn.c clears it), as Linux's TCP_ECN_QUEUE_CWR
 * @cwr_high: SND.NXT when @in_cwr began; an ACK past it ends it
 * @now_us: the time of the ACK being handled, in microseconds: the
 *	algorithm's clock (Linux's tp->tcp_mstamp), set by xtcp_cong_acked()
 * @lsnd_us: when data was last sent (Linux's lsndtime)
 * @cwnd_limited: cwnd limited the sender in the window up to @usage_seq
 *	(xtcp_cong_validate(), Linux's is_cwnd_limited)
 * @max_flight: the most bytes in flight in that window, while it did not
 *	(Linux's max_packets_out)
 * @usage_seq: SND.NXT when that window was sent (Linux's cwnd_usage_seq)
 * @timed: the segments timed for the algorithm's samples, or NULL: none
 *	is (no samples); set and cleared by its owner (the socket, or a
 *	test), never by the functions below
 * @priv: the algorithm's own state
 */
struct xtcp_cong {
	const struct xtcp_cong_ops	*ops;
	u32				mss;
	u32				cwnd;
	u32				ssthresh;
	u32				acked_acc;
	u32				dupacks;
	u32				reordering;
	u32				undo_cwnd;
	u32				undo_ssthresh;
	u64				rtx_us;
	bool				undo_ok;
	u32				recover;
	u32				rtx_nxt;
	bool				in_fast_recovery;
	bool				in_rto_recovery;
	bool				sack;
	bool				rack;
	u32				high_rxt;
	u32				undo_marker;
	u32				undo_retrans;
	bool				undo_dsack;
	bool				in_cwr;
	bool				cwr_pending;
	u32				cwr_high;
	u64				now_us;
	u64				lsnd_us;
	bool				cwnd_limited;
	u32				max_flight;
	u32				usage_seq;
	struct xtcp_cong_timed		*timed;
	u64				priv[XTCP_CONG_PRIV_SIZE / sizeof(u64)];
};

/**
 * enum xtcp_cong_todo - what an ACK asks of the sender
 * @XTCP_CONG_NOTHING: send what the windows allow, as usual
 * @XTCP_CONG_RETRANSMIT: first resend the segment at SND.UNA (fast
 *	retransmit, or a partial ACK in fast recovery)
 */
enum xtcp_cong_todo {
	XTCP_CONG_NOTHING,
	XTCP_CONG_RETRANSMIT,
};

/* the algorithms (cong.c) */
int xtcp_cong_register(struct xtcp_cong_ops *ops);
void xtcp_cong_unregister(struct xtcp_cong_ops *ops);
const struct xtcp_cong_ops *xtcp_cong_get(const char *name);
void xtcp_cong_put(const struct xtcp_cong_ops *ops);
int xtcp_cong_init_builtin(void);
void xtcp_cong_exit_builtin(void);
extern struct xtcp_cong_ops xtcp_cong_reno;
extern struct xtcp_cong_ops xtcp_cong_cubic;

/* the namespace's default, net.xtcp.tcp_congestion_control (cong.c) */
void xtcp_cong_net_init(struct xtcp_net *xn, bool initial);
void xtcp_cong_net_exit(struct xtcp_net *xn);
const struct xtcp_cong_ops *xtcp_cong_get_default(struct xtcp_net *xn);
void xtcp_cong_default_name(struct xtcp_net *xn, char *name);
int xtcp_cong_set_default(struct xtcp_net *xn, const char *name);

/* loss recovery (cong.c) */
void xtcp_cong_start(struct xtcp_cong *cc, u32 mss, u32 snd_una);
void xtcp_cong_sent(struct xtcp_cong *cc, u32 flight, u32 end, u64 now_us);
void xtcp_cong_acked(struct xtcp_cong *cc, u32 snd_una, u32 snd_nxt,
		     u64 now_us);
enum xtcp_cong_todo xtcp_cong_ack(struct xtcp_cong *cc, u32 snd_una,
				  u32 acked, bool dupack, u32 snd_nxt,
				  u32 flight);
void xtcp_cong_retransmitted(struct xtcp_cong *cc, u64 now_us);
enum xtcp_cong_todo xtcp_cong_sack_ack(struct xtcp_cong *cc, u32 snd_una,
				       u32 acked, bool dupack, bool lost,
				       u32 snd_nxt, u32 flight);
void xtcp_cong_resent(struct xtcp_cong *cc, u32 len);
void xtcp_cong_probe_loss(struct xtcp_cong *cc, u32 flight);
bool xtcp_cong_dsack(struct xtcp_cong *cc, u32 start, u32 end);
bool xtcp_cong_reordered(struct xtcp_cong *cc, u32 metric);
bool xtcp_cong_ece(struct xtcp_cong *cc, u32 snd_nxt, u32 flight);
bool xtcp_cong_spurious(struct xtcp_cong *cc, u64 now_us, u32 min_rtt_us);
void xtcp_cong_timeout(struct xtcp_cong *cc, u32 snd_nxt, u32 flight);
void xtcp_cong_mss_reduced(struct xtcp_cong *cc, u32 mss, u32 snd_una,
			   u32 snd_nxt);
u32 xtcp_cong_room(const struct xtcp_cong *cc, u32 flight);
void xtcp_cong_validate(struct xtcp_cong *cc, u32 flight, u32 snd_una,
			u32 snd_nxt, bool sent);
bool xtcp_cong_is_limited(const struct xtcp_cong *cc);

/* window growth, for the algorithms (cong.c) */
u32 xtcp_cong_slow_start(struct xtcp_cong *cc, u32 acked, u32 limit);
void xtcp_cong_avoid_ai(struct xtcp_cong *cc, u32 w, u32 acked);

/* Reno's halves, for algorithms that only change one of them */
u32 xtcp_reno_ssthresh(struct xtcp_cong *cc, u32 flight);
void xtcp_reno_cong_avoid(struct xtcp_cong *cc, u32 acked);

#endif /* _XTCP_CONG_H */
