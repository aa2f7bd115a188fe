/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: delayed acknowledgments (RFC 1122 4.2.3.2, RFC 9293 3.8.6.3,
 * RFC 5681 4.2).
 *
 * The state machine asks for an ACK after every segment of data; the
 * socket layer may hold the ACK of in-order data for at most
 * XTCP_DELACK_MAX_MS, hoping that data of ours (a response) or the next
 * segment comes first. xtcp_delack_may_wait() is the decision, pure logic
 * on struct xtcp_delack; delack.c carries it out on a socket.
 */
#ifndef _XTCP_DELACK_H
#define _XTCP_DELACK_H

#include <linux/types.h>

struct sk_buff;
struct sock;
struct xtcp_fsm_out;
struct xtcp_seg;

enum {
	XTCP_DELACK_MS		= 40,	/* what an ACK waits: TCP_ATO_MIN */
	XTCP_DELACK_MAX_MS	= 200,	/* Linux's TCP_DELACK_MAX; < 500 ms */
};

/**
 * struct xtcp_delack - the delayed-ACK state of a connection
 * @rcv_mss: the peer's segment size as seen: the largest payload received
 *	so far, at most our MSS (Linux's icsk_ack.rcv_mss)
 * @acked: RCV.NXT as the last ACK we sent gave it
 * @pending: an ACK is being held; the delayed-ACK timer runs
 */
struct xtcp_delack {
	u32	rcv_mss;
	u32	acked;
	bool	pending;
};

void xtcp_delack_init(struct xtcp_delack *d, u32 mss);
bool xtcp_delack_may_wait(struct xtcp_delack *d,
			  const struct xtcp_fsm_out *out, u32 seg_len,
			  u32 mss, bool ofo, u32 wnd_left);

bool xtcp_delack_hold(struct sock *sk, const struct xtcp_fsm_out *out,
		      const struct sk_buff *skb);
void xtcp_delack_sent(struct sock *sk, const struct xtcp_seg *seg);
void xtcp_delack_stop(struct sock *sk);
void xtcp_delack_timeout(struct sock *sk);
void xtcp_delack_send_now(struct sock *sk);

#endif /* _XTCP_DELACK_H */
