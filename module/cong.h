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
 * (cong_reno.c) is built in and the default; another algorithm is another
 * struct xtcp_cong_ops given to xtcp_cong_register(), from this module or
 * another one, and chosen per socket with setsockopt(TCP_CONGESTION).
 *
 * All of it is pure arithmetic on struct xtcp_cong, in bytes; the caller
 * (sock.c) holds the socket lock and sends what it is told to.
 */
#ifndef _XTCP_CONG_H
#define _XTCP_CONG_H

#include <linux/list.h>
#include <linux/types.h>

#define XTCP_CONG_NAME_MAX	16	/* as TCP_CA_NAME_MAX */
#define XTCP_CONG_PRIV_SIZE	(8 * sizeof(u64))
#define XTCP_CONG_DUPTHRESH	3	/* RFC 5681: the third duplicate ACK */
#define XTCP_CONG_REORDER_MAX	127	/* the most it is raised to */
#define XTCP_CONG_IW_SEGS	10	/* RFC 6928 initial window */

struct xtcp_cong;

/**
 * struct xtcp_cong_ops - a congestion control algorithm
 * @list: entry in the list of registered algorithms
 * @name: what setsockopt(TCP_CONGESTION) and the sysctl call it
 * @owner: the module that provides it, pinned while a socket uses it
 * @init: optional; a connection starts using the algorithm, with
 *	&xtcp_cong.cwnd at the initial window; may set up @priv
 * @ssthresh: required; a loss was detected with @flight bytes in flight:
 *	return the new slow start threshold (Reno: half of @flight, at least
 *	two segments)
 * @cong_avoid: required; an ACK of @acked new bytes arrived outside loss
 *	recovery: grow &xtcp_cong.cwnd (slow start below &xtcp_cong.ssthresh,
 *	congestion avoidance above)
 */
struct xtcp_cong_ops {
	struct list_head	list;
	char			name[XTCP_CONG_NAME_MAX];
	struct module		*owner;
	void			(*init)(struct xtcp_cong *cc);
	u32			(*ssthresh)(struct xtcp_cong *cc, u32 flight);
	void			(*cong_avoid)(struct xtcp_cong *cc, u32 acked);
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

/* loss recovery (cong.c) */
void xtcp_cong_start(struct xtcp_cong *cc, u32 mss, u32 snd_una);
enum xtcp_cong_todo xtcp_cong_ack(struct xtcp_cong *cc, u32 snd_una,
				  u32 acked, bool dupack, u32 snd_nxt,
				  u32 flight);
void xtcp_cong_retransmitted(struct xtcp_cong *cc, u64 now_us);
bool xtcp_cong_spurious(struct xtcp_cong *cc, u64 now_us, u32 min_rtt_us);
void xtcp_cong_timeout(struct xtcp_cong *cc, u32 snd_nxt, u32 flight);
void xtcp_cong_mss_reduced(struct xtcp_cong *cc, u32 mss, u32 snd_una,
			   u32 snd_nxt);
u32 xtcp_cong_room(const struct xtcp_cong *cc, u32 flight);

/* Reno's halves, for algorithms that only change one of them */
u32 xtcp_reno_ssthresh(struct xtcp_cong *cc, u32 flight);
void xtcp_reno_cong_avoid(struct xtcp_cong *cc, u32 acked);

#endif /* _XTCP_CONG_H */
