/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: keepalive (RFC 9293 3.8.4, RFC 1122 4.2.3.6), off by default.
 *
 * With SO_KEEPALIVE on, a connection in ESTABLISHED, FIN-WAIT-1/2 or
 * CLOSE-WAIT that has received nothing for TCP_KEEPIDLE seconds gets a
 * probe every TCP_KEEPINTVL seconds: an ACK with SEG.SEQ = SND.UNA - 1 and
 * no data (xtcp_fsm_keepalive_probe()), which the peer answers with an
 * ACK. After TCP_KEEPCNT probes in a row go unanswered (or, with
 * TCP_USER_TIMEOUT set, once that long has passed since the last segment
 * received) the connection is reset and the application sees ETIMEDOUT.
 *
 * Nothing is done per segment but recording when it arrived
 * (&xtcp_sock.rcv_tstamp); the timer, when it expires, is re-armed for
 * what is left of the idle time. The decision is the pure function
 * xtcp_ka_next(), tested by KUnit.
 */
#ifndef _XTCP_KEEPALIVE_H
#define _XTCP_KEEPALIVE_H

#include <linux/types.h>

struct sock;

/* Linux's defaults and limits (tcp_keepalive_*, MAX_TCP_KEEP*) */
enum {
	XTCP_KEEPIDLE_DEFAULT	= 7200,		/* s */
	XTCP_KEEPINTVL_DEFAULT	= 75,		/* s */
	XTCP_KEEPCNT_DEFAULT	= 9,
	XTCP_KEEPIDLE_MAX	= 32767,	/* s */
	XTCP_KEEPINTVL_MAX	= 32767,	/* s */
	XTCP_KEEPCNT_MAX	= 127,
};

/**
 * struct xtcp_ka_cfg - a connection's keepalive settings, for xtcp_ka_next()
 * @idle_ms: TCP_KEEPIDLE: silence before the first probe
 * @intvl_ms: TCP_KEEPINTVL: time between probes
 * @user_timeout_ms: TCP_USER_TIMEOUT, 0 for none: when set, it and not
 *	@cnt says when to give up (as Linux)
 * @cnt: TCP_KEEPCNT: unanswered probes before giving up
 */
struct xtcp_ka_cfg {
	u32	idle_ms;
	u32	intvl_ms;
	u32	user_timeout_ms;
	u8	cnt;
};

/**
 * enum xtcp_ka_todo - what the keepalive timer's expiry must do
 * @XTCP_KA_WAIT: nothing yet; arm the timer again
 * @XTCP_KA_PROBE: send a probe, then arm the timer again
 * @XTCP_KA_GIVE_UP: the peer is gone: reset, ETIMEDOUT
 */
enum xtcp_ka_todo {
	XTCP_KA_WAIT,
	XTCP_KA_PROBE,
	XTCP_KA_GIVE_UP,
};

enum xtcp_ka_todo xtcp_ka_next(const struct xtcp_ka_cfg *cfg,
			       u32 since_rcv_ms, u32 since_probe_ms,
			       bool busy, u8 *probes, u32 *wait_ms);

void xtcp_keepalive_init(struct sock *sk);
void xtcp_keepalive_inherit(struct sock *child, const struct sock *lsk);
void xtcp_keepalive_set(struct sock *sk, int on);
void xtcp_keepalive_established(struct sock *sk);
void xtcp_keepalive_idle_changed(struct sock *sk);
void xtcp_keepalive_timeout(struct sock *sk);

#endif /* _XTCP_KEEPALIVE_H */
