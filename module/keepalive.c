// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: keepalive (see keepalive.h): the settings of a socket, the
 * decision of the timer's expiry, and carrying it out. The timer itself
 * is timers.c's (xtcp_timers_ka_wanted(), xtcp_timers_ka_done()).
 */
#include <linux/jiffies.h>
#include <net/sock.h>

#include "compat.h"
#include "fsm.h"
#include "keepalive.h"
#include "output.h"
#include "sock.h"
#include "timers.h"

/**
 * xtcp_ka_next() - what the keepalive timer's expiry must do
 * @cfg: the settings
 * @since_rcv_ms: time since the last segment was received
 * @since_probe_ms: time since the last probe was sent (read only if
 *	*@probes is not 0)
 * @busy: data is in flight or waits to be sent: the retransmission timer,
 *	not keepalive, finds out whether the peer is there
 * @probes: in: probes sent and not answered so far; out: the count after
 *	this expiry. Anything received after the last probe answers it.
 * @wait_ms: with XTCP_KA_WAIT or XTCP_KA_PROBE, set to when the timer
 *	must expire next
 *
 * Pure: no socket, no clock. The first probe goes once the connection
 * has been idle for &xtcp_ka_cfg.idle_ms, the next ones every
 * &xtcp_ka_cfg.intvl_ms while unanswered; after &xtcp_ka_cfg.cnt of them
 * (or, with a user timeout, once that long passed since the last segment
 * received and a probe went unanswered) the connection is given up.
 *
 * Return: XTCP_KA_WAIT, XTCP_KA_PROBE or XTCP_KA_GIVE_UP.
 */
enum xtcp_ka_todo xtcp_ka_next(const struct xtcp_ka_cfg *cfg,
			       u32 since_rcv_ms, u32 since_probe_ms,
			       bool busy, u8 *probes, u32 *wait_ms)
{
	bool give_up;

	if (*probes && since_rcv_ms <= since_probe_ms)
		*probes = 0;		/* the peer answered */
	if (busy) {
		*wait_ms = cfg->idle_ms;
		return XTCP_KA_WAIT;
	}
	if (since_rcv_ms < cfg->idle_ms) {
		*wait_ms = cfg->idle_ms - since_rcv_ms;
		return XTCP_KA_WAIT;
	}
	if (cfg->user_timeout_ms)
		give_up = since_rcv_ms >= cfg->user_timeout_ms && *probes;
	else
		give_up = *probes >= cfg->cnt;
	if (give_up)
		return XTCP_KA_GIVE_UP;
	if (*probes < U8_MAX)
		(*probes)++;
	*wait_ms = cfg->intvl_ms;
	return XTCP_KA_PROBE;
}

XTCP_KUNIT_EXPORT(xtcp_ka_next);

/* The states keepalive probes in, as Linux. */
static bool ka_state(const struct sock *sk)
{
	return (1 << sk->sk_state) &
	       (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2 |
		TCPF_CLOSE_WAIT);
}

static u32 ms_since(u32 stamp)
{
	return jiffies_to_msecs((u32)jiffies - stamp);
}

/**
 * xtcp_keepalive_init() - a new socket's keepalive settings: Linux's
 *	defaults, no probe out
 * @sk: the socket
 */
void xtcp_keepalive_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->ka_idle_s = XTCP_KEEPIDLE_DEFAULT;
	xs->ka_intvl_s = XTCP_KEEPINTVL_DEFAULT;
	xs->ka_cnt = XTCP_KEEPCNT_DEFAULT;
	xs->ka_probes = 0;
	xs->ka_probe_tstamp = (u32)jiffies;
	xs->rcv_tstamp = (u32)jiffies;
}

/**
 * xtcp_keepalive_inherit() - a listener's child takes its settings
 * @child: the child, set up by xtcp_sock_init_private()
 * @lsk: its listener
 *
 * SO_KEEPALIVE itself (SOCK_KEEPOPEN) comes with the clone.
 */
void xtcp_keepalive_inherit(struct sock *child, const struct sock *lsk)
{
	const struct xtcp_sock *lxs = xtcp_sk(lsk);
	struct xtcp_sock *xs = xtcp_sk(child);

	xs->ka_idle_s = READ_ONCE(lxs->ka_idle_s);
	xs->ka_intvl_s = READ_ONCE(lxs->ka_intvl_s);
	xs->ka_cnt = READ_ONCE(lxs->ka_cnt);
}

/**
 * xtcp_keepalive_set() - proto.keepalive: SO_KEEPALIVE was set
 * @sk: the socket, locked by sock_setsockopt()
 * @on: its new value
 *
 * Called before SOCK_KEEPOPEN changes. As Linux: turning it on starts
 * the timer for the full idle time; turning it off stops it.
 */
void xtcp_keepalive_set(struct sock *sk, int on)
{
	if (!on) {
		xtcp_timers_ka_done(sk);
		return;
	}
	if (!sock_flag(sk, SOCK_KEEPOPEN) && ka_state(sk))
		xtcp_timers_ka_wanted(sk, xtcp_sk(sk)->ka_idle_s * MSEC_PER_SEC);
}

/**
 * xtcp_keepalive_established() - call after a connection got established
 * @sk: the socket, locked
 *
 * Starts the timer if SO_KEEPALIVE is on.
 */
void xtcp_keepalive_established(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->rcv_tstamp = (u32)jiffies;
	xs->ka_probes = 0;
	if (sock_flag(sk, SOCK_KEEPOPEN))
		xtcp_timers_ka_wanted(sk, xs->ka_idle_s * MSEC_PER_SEC);
}

/**
 * xtcp_keepalive_idle_changed() - call after TCP_KEEPIDLE was set
 * @sk: the socket, locked
 *
 * As Linux: if keepalive runs, the timer expires at the new idle time
 * after the last segment received (at once if that is past).
 */
void xtcp_keepalive_idle_changed(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 idle_ms = xs->ka_idle_s * MSEC_PER_SEC;
	u32 since = ms_since(xs->rcv_tstamp);

	if (!sock_flag(sk, SOCK_KEEPOPEN) || !ka_state(sk))
		return;
	xtcp_timers_ka_wanted(sk, since < idle_ms ? idle_ms - since : 1);
}

/**
 * xtcp_keepalive_timeout() - the keepalive timer expired
 * @sk: the socket, locked and not owned by a process
 *
 * Does what xtcp_ka_next() says: wait some more, send a probe, or reset
 * the connection with ETIMEDOUT. Outside the keepalive states, or with
 * SO_KEEPALIVE off, the timer stops.
 */
void xtcp_keepalive_timeout(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_ka_cfg cfg = {
		.idle_ms	= xs->ka_idle_s * MSEC_PER_SEC,
		.intvl_ms	= xs->ka_intvl_s * MSEC_PER_SEC,
		.user_timeout_ms = READ_ONCE(xs->user_timeout_ms),
		.cnt		= xs->ka_cnt,
	};
	bool busy = tcb->snd_una != tcb->snd_nxt ||
		    xs->write_seq != tcb->snd_nxt;
	struct xtcp_fsm_out out;
	u32 wait_ms = 0;

	if (!sock_flag(sk, SOCK_KEEPOPEN) || !ka_state(sk))
		return;
	switch (xtcp_ka_next(&cfg, ms_since(xs->rcv_tstamp),
			     ms_since(xs->ka_probe_tstamp), busy,
			     &xs->ka_probes, &wait_ms)) {
	case XTCP_KA_GIVE_UP:
		xtcp_sock_abort(sk, -ETIMEDOUT);
		return;
	case XTCP_KA_PROBE:
		xtcp_fsm_keepalive_probe(tcb, &out);
		if (out.actions & XTCP_ACT_SEND)
			xtcp_output_seg(sk, &out.seg);
		xs->ka_probe_tstamp = (u32)jiffies;
		break;
	case XTCP_KA_WAIT:
		break;
	}
	xtcp_timers_ka_wanted(sk, max(wait_ms, 1U));
}
