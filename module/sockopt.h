/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: socket options at the IPPROTO_TCP level (and at xtcp's own
 * protocol number), and the per-socket counters TCP_INFO reports.
 */
#ifndef _XTCP_SOCKOPT_H
#define _XTCP_SOCKOPT_H

#include <linux/jiffies.h>
#include <linux/sockptr.h>

#include "sock.h"

struct tcp_info;

int xtcp_setsockopt(struct sock *sk, int level, int optname,
		    sockptr_t optval, unsigned int optlen);
int xtcp_getsockopt(struct sock *sk, int level, int optname,
		    char __user *optval, int __user *optlen);
void xtcp_sockopt_init(struct sock *sk);
void xtcp_sockopt_inherit(struct sock *child, const struct sock *lsk);
void xtcp_info_reset(struct sock *sk);
void xtcp_info_sync(struct sock *sk);
void xtcp_info_get(struct sock *sk, struct tcp_info *info);

/**
 * xtcp_sockopt_mss() - the MSS to advertise and send with, after
 *	TCP_MAXSEG
 * @sk: the socket (a listener for its children)
 * @mss: what the path allows
 *
 * Return: @mss, or the user's TCP_MAXSEG if that is smaller.
 */
static inline u16 xtcp_sockopt_mss(const struct sock *sk, u16 mss)
{
	u16 user = READ_ONCE(xtcp_sk(sk)->user_mss);

	return user && user < mss ? user : mss;
}

/**
 * xtcp_info_seg_in() - call when a segment arrives for a socket, before
 *	the state machine takes it
 * @sk: the socket, locked
 * @seg: the segment
 * @segs: the segments it stands for: more than 1 for an aggregate a
 *	local sender made (gso.c), as tcp_segs_in() counts gso_segs
 *
 * Records the time (keepalive's idle clock, TCP_INFO's last_*_recv),
 * takes it for the answer to keepalive probes sent, and counts it.
 * Keepalive's timer is not touched.
 */
static inline void xtcp_info_seg_in(struct sock *sk, const struct xtcp_seg *seg,
				    u32 segs)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 now = (u32)jiffies;
	u32 len = DIV_ROUND_UP(seg->payload_len, segs);

	xs->rcv_tstamp = now;
	xs->ka_probes = 0;	/* answered, as Linux's tcp_ack() has it */
	xs->segs_in += segs;
	if (seg->payload_len) {
		xs->data_segs_in += segs;
		xs->rcv_data_tstamp = now;
		if (len > xs->rcv_mss)
			xs->rcv_mss = min_t(u32, len, U16_MAX);
	}
	xtcp_info_sync(sk);
}

/**
 * xtcp_info_seg_out() - call when a socket sends a segment
 * @sk: the socket, locked
 * @seg: the segment
 * @segs: the segments it makes: more than 1 for an aggregate (gso.c)
 */
static inline void xtcp_info_seg_out(struct sock *sk,
				     const struct xtcp_seg *seg, u32 segs)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->segs_out += segs;
	if (seg->payload_len) {
		xs->data_segs_out += segs;
		xs->bytes_sent += seg->payload_len;
		xs->snd_data_tstamp = (u32)jiffies;
	}
}

#endif /* _XTCP_SOCKOPT_H */
