// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the sender facing a small window.
 *
 * Silly window syndrome avoidance (RFC 1122 4.2.3.4, RFC 9293 3.8.6.2.1):
 * xtcp_sock_push() sends a segment only if it is full-sized, or at least
 * half the largest window the peer ever offered, or all the queued data
 * and Nagle's algorithm lets it go. Otherwise it waits for an ACK or, with
 * nothing in flight, for the persist timer.
 *
 * The persist timer (RFC 9293 3.8.6.1, RFC 1122 4.2.2.17) runs while data
 * waits, nothing is in flight (so no retransmission timer runs) and the
 * window is too small for it: a window update the peer sends can be lost,
 * and nothing would send it again. It expires at the RTO, then doubles on
 * each probe up to the RTO's upper bound (net.xtcp.rto_max_ms). On expiry:
 *
 * - if some of the data fits the window, it goes (RFC 1122's "override
 *   timeout", as Linux's tcp_write_wakeup());
 * - else a zero-window probe goes, xtcp_fsm_window_probe(): a bare ACK
 *   with SEG.SEQ = SND.UNA - 1. RFC 9293 suggests one octet of new data;
 *   as Linux does, the probe is an old sequence number instead, which the
 *   peer must answer with an ACK carrying its window (RFC 9293 3.10.7.4)
 *   and which never puts data beyond the window in flight. In urgent
 *   mode a bare ACK at SND.UNA with the urgent pointer goes first, as
 *   Linux's (urg.c).
 *
 * Any ACK from the peer answers the probes: a receiver that keeps
 * answering is never given up on (RFC 1122), unless nobody holds the
 * socket any more. An orphan gets net.xtcp.tcp_orphan_retries unanswered
 * probes (8 for 0); once its timeout has reached net.xtcp.rto_max_ms, it
 * ends when that many probes went since the window closed (at once for
 * 0), answered or not: a peer that keeps its window closed cannot keep it
 * for ever (Linux's tcp_probe_timer()). Too many orphans reset it
 * (orphan.c). Unanswered, the connection
 * ends with ETIMEDOUT after the data retry limit of probes, or, if
 * TCP_USER_TIMEOUT is set, once that long has passed since the first probe
 * while the window stayed closed (Linux's tcp_probe_timer()); the timer is
 * then never armed past that moment (xtcp_persist_when_ms()).
 */
#include <linux/ktime.h>
#include <net/sock.h>

#include "clock.h"
#include "compat.h"
#include "fsm.h"
#include "mib.h"
#include "net.h"
#include "orphan.h"
#include "output.h"
#include "persist.h"
#include "rtt.h"
#include "sock.h"
#include "timers.h"

/**
 * xtcp_persist_sws_ok() - may a segment of @len octets go now?
 * @len: octets the window and congestion window allow now, at most @mss
 * @unsent: octets queued and not yet sent
 * @mss: the largest segment we send
 * @max_wnd: the largest window the peer ever offered
 * @nagle_ok: nothing is unacknowledged, or TCP_NODELAY, or the
 *	application closed (Nagle's algorithm lets a short segment go)
 *
 * Return: true for a full segment, for all the queued data if @nagle_ok,
 * or for at least half of @max_wnd; false (wait) otherwise.
 */
bool xtcp_persist_sws_ok(u32 len, u32 unsent, u32 mss, u32 max_wnd,
			 bool nagle_ok)
{
	if (!len)
		return false;
	if (len >= mss)
		return true;
	if (len == unsent)
		return nagle_ok;
	return len >= max_wnd / 2;
}

XTCP_KUNIT_EXPORT(xtcp_persist_sws_ok);

/**
 * xtcp_persist_when_ms() - the persist timer's next timeout
 * @p: the persist state
 * @rtt: the connection's RTO and its bounds
 * @user_timeout_ms: TCP_USER_TIMEOUT, 0 for none
 * @now_us: the time, in microseconds
 *
 * The RTO doubled once per probe sent since the window closed, at most the
 * RTO's upper bound. Once a probe went out with a user timeout set, the
 * timer never runs past the end of that timeout (Linux's
 * tcp_clamp_probe0_to_user_timeout()): the connection is given up when it
 * ends, not up to a whole backed-off interval later.
 *
 * Return: the timeout in milliseconds, at least 1; rounded up, so that the
 * expiry is never before the user timeout's end.
 */
u32 xtcp_persist_when_ms(const struct xtcp_persist *p,
			 const struct xtcp_rtt *rtt, u32 user_timeout_ms,
			 u64 now_us)
{
	u32 when = xtcp_rtt_backoff_ms(rtt, p->backoff);
	u64 end_us;

	if (!user_timeout_ms || !p->start_us)
		return when;
	end_us = p->start_us + (u64)user_timeout_ms * USEC_PER_MSEC;
	if (now_us >= end_us)
		return 1;
	return min_t(u64, when, DIV_ROUND_UP_ULL(end_us - now_us,
						 USEC_PER_MSEC));
}

XTCP_KUNIT_EXPORT(xtcp_persist_when_ms);

/**
 * xtcp_persist_probed() - call after sending a zero-window probe
 * @p: the persist state
 * @now_us: the time, in microseconds
 */
void xtcp_persist_probed(struct xtcp_persist *p, u64 now_us)
{
	if (!p->start_us)
		p->start_us = now_us ?: 1;
	if (p->backoff < U8_MAX)
		p->backoff++;
	if (p->probes < U8_MAX)
		p->probes++;
}

XTCP_KUNIT_EXPORT(xtcp_persist_probed);

/**
 * xtcp_persist_answered() - call after an ACK from the peer: the probes
 *	sent so far are answered
 * @p: the persist state
 *
 * The timeout keeps doubling while the window stays closed; only the
 * count of unanswered probes starts again.
 */
void xtcp_persist_answered(struct xtcp_persist *p)
{
	p->probes = 0;
}

XTCP_KUNIT_EXPORT(xtcp_persist_answered);

/**
 * xtcp_persist_opened() - call once data can go again (the window opened)
 *	or none waits: the next closed window starts afresh
 * @p: the persist state
 */
void xtcp_persist_opened(struct xtcp_persist *p)
{
	p->backoff = 0;
	p->probes = 0;
	p->start_us = 0;
}

XTCP_KUNIT_EXPORT(xtcp_persist_opened);

/**
 * xtcp_persist_give_up() - should the connection end rather than probe?
 * @p: the persist state
 * @limit: the data retry limit (&xtcp_tcb.data_retries)
 * @user_timeout_ms: TCP_USER_TIMEOUT, 0 for none
 * @now_us: the time, in microseconds
 *
 * Return: true if @limit probes went unanswered, or @user_timeout_ms has
 * passed since the first probe of this closed window.
 */
bool xtcp_persist_give_up(const struct xtcp_persist *p, u8 limit,
			  u32 user_timeout_ms, u64 now_us)
{
	if (user_timeout_ms && p->start_us &&
	    now_us - p->start_us >= (u64)user_timeout_ms * USEC_PER_MSEC)
		return true;
	return p->probes >= limit;
}

XTCP_KUNIT_EXPORT(xtcp_persist_give_up);

/* Data waits for the window with nothing in flight: the persist case. */
static bool window_wait(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_tcb *tcb = &xs->tcb;

	return ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) &&
	       !tcb->fin_sent && xs->write_seq != tcb->snd_nxt &&
	       tcb->snd_una == tcb->snd_nxt;
}

/**
 * xtcp_persist_check() - call after xtcp_sock_push() sent what it could
 * @sk: the socket, locked
 *
 * Starts the persist timer if data waits with nothing in flight, unless
 * it runs already; stops it otherwise.
 */
void xtcp_persist_check(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 ms;

	if (!window_wait(sk)) {
		xtcp_timers_persist_done(sk);
		xtcp_persist_opened(&xs->persist);
		return;
	}
	if (xtcp_timers_persist_pending(sk))
		return;
	ms = xtcp_persist_when_ms(&xs->persist, &xs->tcb.rtt,
				  READ_ONCE(xs->user_timeout_ms),
				  xtcp_clock_us(sk));
	xtcp_timers_persist_wanted(sk, ms);
}

/**
 * xtcp_persist_stop() - call when the connection is over
 * @sk: the socket, locked
 */
void xtcp_persist_stop(struct sock *sk)
{
	xtcp_timers_persist_done(sk);
	xtcp_persist_opened(&xtcp_sk(sk)->persist);
}

/**
 * xtcp_persist_ack() - call after the state machine took a segment
 * @sk: the socket, locked
 * @seg: the segment
 *
 * An ACK of the peer, within what we sent, answers the probes.
 */
void xtcp_persist_ack(struct sock *sk, const struct xtcp_seg *seg)
{
	const struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;

	if ((seg->flags & (XTCP_ACK | XTCP_RST)) == XTCP_ACK &&
	    !xtcp_seq_before(seg->ack, tcb->snd_una) &&
	    !xtcp_seq_after(seg->ack, tcb->snd_nxt))
		xtcp_persist_answered(&xtcp_sk(sk)->persist);
}

/* Octets of the peer's window not used yet. */
static u32 window_room(const struct xtcp_tcb *tcb)
{
	u32 end = tcb->snd_una + tcb->snd_wnd;

	return xtcp_seq_after(end, tcb->snd_nxt) ? end - tcb->snd_nxt : 0;
}

/*
 * The override timeout: what fits the small window goes; so does what
 * TCP_CORK or MSG_MORE held back (the 200 ms ceiling of tcp(7) is this
 * timer's first timeout, the RTO, as in Linux).
 */
static void send_what_fits(struct sock *sk, u32 room)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_fsm_out out;
	u32 len;

	len = min3(xs->write_seq - tcb->snd_nxt, room,
		   xtcp_fsm_send_mss(tcb));
	len = xtcp_output_record(sk, tcb->snd_nxt, len) ?: len;
	xtcp_fsm_send(tcb, 0, len, &out);
	xtcp_rtt_sent(&tcb->rtt, tcb->snd_nxt, xtcp_clock_us(sk));
	/* with PSH, as tcp_write_wakeup() */
	xs->force_psh = 1;
	xtcp_sock_apply(sk, &out, NULL);
	xs->force_psh = 0;
	if (xtcp_seq_before(xs->pushed_seq, tcb->snd_nxt))
		xs->pushed_seq = tcb->snd_nxt;
}

/**
 * xtcp_persist_orphan_limit() - the limits of an orphan's probes, as
 *	tcp_probe_timer()'s
 * @p: the persist state
 * @rtt: the connection's RTO and its upper bound
 * @retries: net.xtcp.tcp_orphan_retries
 * @limit: set to the unanswered probes the orphan may send
 *	(xtcp_orphan_limit())
 *
 * Return: true if the orphan is to be given up now: its probe timeout has
 * reached the upper bound and @limit probes went since the window closed,
 * answered or not.
 */
bool xtcp_persist_orphan_limit(const struct xtcp_persist *p,
			       const struct xtcp_rtt *rtt, u8 retries,
			       u8 *limit)
{
	bool alive = xtcp_rtt_backoff_ms(rtt, p->backoff) < rtt->max_ms;

	*limit = xtcp_orphan_limit(retries, alive);
	return !alive && p->backoff >= *limit;
}

XTCP_KUNIT_EXPORT(xtcp_persist_orphan_limit);

/*
 * An orphan's probe limits (xtcp_persist_orphan_limit()), and too many
 * orphans. Return: true if the connection ended (too many orphans).
 */
static bool orphan_probe(struct sock *sk, u8 *limit, bool *give_up)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u8 retries = READ_ONCE(xtcp_pernet(sock_net(sk))->orphan_retries);

	*give_up = xtcp_persist_orphan_limit(&xs->persist, &xs->tcb.rtt,
					     retries, limit);
	return !*give_up && xtcp_orphan_out_of_resources(sk, true);
}

/**
 * xtcp_persist_timeout() - the persist timer expired
 * @sk: the socket, locked and not owned by a process
 *
 * Sends what fits the window, else a zero-window probe and restarts the
 * timer with twice the timeout; or gives up (ETIMEDOUT). An orphan has
 * its own limits (orphan_probe()).
 */
void xtcp_persist_timeout(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 user_timeout = READ_ONCE(xs->user_timeout_ms);
	struct xtcp_persist *p = &xs->persist;
	struct xtcp_tcb *tcb = &xs->tcb;
	u64 now = xtcp_clock_us(sk);
	u8 limit = tcb->data_retries;
	struct xtcp_fsm_out out;
	bool give_up = false;
	u32 room;

	if (!window_wait(sk)) {
		xtcp_persist_opened(p);
		return;
	}
	if (sock_flag(sk, SOCK_DEAD) && orphan_probe(sk, &limit, &give_up))
		return;
	if (give_up || xtcp_persist_give_up(p, limit, user_timeout, now)) {
		xtcp_fsm_give_up(tcb, &out);
		xtcp_sock_apply(sk, &out, NULL);
		return;
	}
	room = window_room(tcb);
	if (room) {
		send_what_fits(sk, room);
		xtcp_persist_check(sk);
		return;
	}
	xtcp_fsm_window_probe(tcb, &out);
	if (out.actions & XTCP_ACT_SEND)
		xtcp_urg_probe(sk, &out.seg);
	xtcp_sock_apply(sk, &out, NULL);
	xtcp_persist_probed(p, now);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_WINPROBES);
	xtcp_timers_persist_wanted(sk, xtcp_persist_when_ms(p, &tcb->rtt,
							    user_timeout, now));
}
