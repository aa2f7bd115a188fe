/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: TCP timestamps (RFC 7323): the Timestamps option on every segment
 * of a connection whose SYNs both carried it, PAWS (section 5) and round-
 * trip time samples from the echoed value (RTTM, section 4).
 *
 * The decisions are pure functions of the values they are given (the
 * state, the segment, the clock), as Linux's tcp_paws_check(),
 * tcp_disordered_ack(), tcp_replace_ts_recent() and tcp_twsk_unique();
 * the hooks below them (tsopt.c) run them on a socket or a TIME-WAIT
 * entry.
 */
#ifndef _XTCP_TSOPT_H
#define _XTCP_TSOPT_H

#include <linux/types.h>

#include "af.h"

struct net;
struct sk_buff;
struct sock;
struct xtcp_seg;
struct xtcp_tcb;

/*
 * Linux's bounds (include/net/tcp.h): TS.Recent is trusted for 24 days
 * (TCP_PAWS_24DAYS), a reset's timestamp is ignored after an MSL of idle
 * (TCP_PAWS_MSL), and PAWS lets through a TSval one tick old
 * (TCP_PAWS_WINDOW).
 */
enum {
	XTCP_PAWS_24DAYS	= 60 * 60 * 24 * 24,
	XTCP_PAWS_MSL		= 60,
	XTCP_PAWS_WINDOW	= 1,
};

/* net.xtcp.tcp_timestamps, as Linux's net.ipv4.tcp_timestamps */
enum {
	XTCP_TS_OFF		= 0,
	XTCP_TS_RANDOM_OFFSET	= 1,	/* the default */
	XTCP_TS_NO_OFFSET	= 2,
};

/* net.xtcp.tcp_tw_reuse, as Linux's net.ipv4.tcp_tw_reuse */
enum {
	XTCP_TW_REUSE_OFF	= 0,
	XTCP_TW_REUSE_ON	= 1,
	XTCP_TW_REUSE_LOOPBACK	= 2,	/* the default */
};

/**
 * struct xtcp_ts - a connection's timestamps state (RFC 7323)
 * @ok: the Timestamps option goes on every segment: our SYN offers it
 *	(net.xtcp.tcp_timestamps), and once the peer's SYN or SYN,ACK is in,
 *	it stays only if that carried the option too (Linux's tstamp_ok)
 * @recent: TS.Recent, the TSval we echo (section 4.3)
 * @recent_stamp: when @recent was stored, in seconds
 *	(ktime_get_seconds()); 0 if never
 * @offset: added to the millisecond clock to make our TSval, a keyed hash
 *	of the 4-tuple (Linux's tsoffset)
 * @last_ack_sent: Last.ACK.sent, the acknowledgment number of the last
 *	segment we sent (Linux's rcv_wup)
 */
struct xtcp_ts {
	u32	recent;
	u32	recent_stamp;
	u32	offset;
	u32	last_ack_sent;
	bool	ok;
};

/* The decisions: pure functions */
bool xtcp_ts_paws_check(u32 recent, u32 recent_stamp, u32 tsval, int win,
			u32 now_s);
bool xtcp_ts_paws_reject(u32 recent, u32 recent_stamp, u32 tsval, bool rst,
			 u32 now_s);
bool xtcp_ts_paws_discard(const struct xtcp_tcb *tcb,
			  const struct xtcp_seg *seg, u32 now_s);
bool xtcp_ts_replace_recent(struct xtcp_ts *ts, const struct xtcp_seg *seg,
			    u32 now_s);
u32 xtcp_ts_rtt_us(u32 now_ms, u32 tsecr, u32 offset);
bool xtcp_ts_tw_reusable(int reuse, bool loopback, bool bound,
			 u32 recent_stamp, u32 now_s);
u32 xtcp_ts_reuse_iss(u32 snd_nxt);
bool xtcp_ts_tw_new_syn(const struct xtcp_seg *seg, u32 rcv_nxt, u32 recent,
			u32 recent_stamp);
bool xtcp_ts_tw_may_reuse(const struct sock *sk, bool bound,
			  const struct in6_addr *saddr,
			  const struct in6_addr *daddr, u32 recent_stamp);

/* The clocks */
u32 xtcp_ts_clock_ms(void);
u32 xtcp_ts_now_s(void);

/* Hooks: sockets and TIME-WAIT entries */
void xtcp_ts_offer(struct sock *sk, struct xtcp_ts *ts);
void xtcp_ts_syn_rcvd(struct net *net, struct xtcp_ts *ts,
		      const struct xtcp_seg *seg,
		      const struct xtcp_addrs *a);
void xtcp_ts_cookie_synack(struct net *net, const struct xtcp_seg *syn,
			   const struct xtcp_addrs *a,
			   struct xtcp_seg *synack);
void xtcp_ts_synack_rcvd(struct xtcp_ts *ts, const struct xtcp_seg *seg);
void xtcp_ts_fill(struct xtcp_ts *ts, struct xtcp_seg *seg, u32 now_ms);
bool xtcp_ts_rcv(struct sock *sk, const struct xtcp_seg *seg);
void xtcp_ts_rtt(struct sock *sk, const struct xtcp_seg *seg);
bool xtcp_ts_tw_rcv(struct net *net, u32 *recent, u32 *recent_stamp,
		    const struct xtcp_seg *seg, u32 rcv_nxt);
void xtcp_ts_tw_fill(u32 recent, u32 recent_stamp, u32 offset,
		     struct xtcp_seg *seg);

#endif /* _XTCP_TSOPT_H */
