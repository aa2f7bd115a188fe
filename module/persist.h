/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the sender facing a small window: silly window syndrome avoidance
 * (RFC 1122 4.2.3.4, RFC 9293 3.8.6.2.1) and the persist timer with its
 * zero-window probes (RFC 9293 3.8.6.1, RFC 1122 4.2.2.17).
 *
 * The decisions are pure functions on struct xtcp_persist (tested by
 * KUnit); persist.c carries them out on a socket, with the timer of
 * timers.c.
 */
#ifndef _XTCP_PERSIST_H
#define _XTCP_PERSIST_H

#include <linux/types.h>

struct sock;
struct xtcp_rtt;
struct xtcp_seg;

/**
 * struct xtcp_persist - the sender's view of the peer's window
 * @max_wnd: the largest window the peer has offered (SWS avoidance)
 * @backoff: probes sent since the window was last open: the timeout is
 *	RTO doubled this many times
 * @probes: probes sent that no ACK answered yet; back to 0 on any ACK
 * @start_us: when the first probe since the window closed was sent, for
 *	TCP_USER_TIMEOUT; 0 when none was
 */
struct xtcp_persist {
	u32	max_wnd;
	u8	backoff;
	u8	probes;
	u64	start_us;
};

/* Pure logic */
bool xtcp_persist_sws_ok(u32 len, u32 unsent, u32 mss, u32 max_wnd,
			 bool nagle_ok);
u32 xtcp_persist_when_ms(const struct xtcp_persist *p,
			 const struct xtcp_rtt *rtt, u32 user_timeout_ms,
			 u64 now_us);
void xtcp_persist_probed(struct xtcp_persist *p, u64 now_us);
void xtcp_persist_answered(struct xtcp_persist *p);
void xtcp_persist_opened(struct xtcp_persist *p);
bool xtcp_persist_give_up(const struct xtcp_persist *p, u8 limit,
			  u32 user_timeout_ms, u64 now_us);
bool xtcp_persist_orphan_limit(const struct xtcp_persist *p,
			       const struct xtcp_rtt *rtt, u8 retries,
			       u8 *limit);

/* On a socket */
void xtcp_persist_check(struct sock *sk);
void xtcp_persist_ack(struct sock *sk, const struct xtcp_seg *seg);
void xtcp_persist_stop(struct sock *sk);
void xtcp_persist_timeout(struct sock *sk);

#endif /* _XTCP_PERSIST_H */
