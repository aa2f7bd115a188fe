// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: every timer of the module, on hrtimers that expire in softirq
 * context (HRTIMER_MODE_REL_SOFT).
 *
 * Timer			Deadline
 * retransmission (socket)	the RTO the state machine asks for: 1 s,
 *				doubled on each retry, at most 120 s
 *				(fsm.h); stopped when everything sent is
 *				acknowledged
 * 2MSL (TIME-WAIT entry)	2 * net.xtcp.msl_ms after entering
 *				TIME-WAIT, restarted by a retransmitted FIN
 * FIN-WAIT-2 of an orphan	2 * net.xtcp.msl_ms (60 s, Linux's
 * (socket; the same hrtimer	tcp_fin_timeout) after a closed socket
 * as retransmission)		reached FIN-WAIT-2: a peer that never sends
 *				its FIN must not keep it forever
 *
 * The rest of the module calls the hooks below, each named after what
 * just happened. A pending retransmission timer holds a reference on its
 * socket; its expiry runs xtcp_sock_rtx_timeout() under the socket lock,
 * or, if a process owns the socket, leaves it to release_cb; so do the
 * delayed-ACK and persist timers (XTCP_DEFER_DELACK, XTCP_DEFER_PERSIST).
 * A 2MSL timer
 * needs no reference: the entry lives until the timer or the unload
 * removes it (tw.c).
 */
#include <linux/hrtimer.h>
#include <net/sock.h>

#include "delack.h"
#include "persist.h"
#include "sock.h"
#include "timers.h"
#include "tw.h"

static enum hrtimer_restart rtx_expired(struct hrtimer *t)
{
	struct xtcp_sock *xs = container_of(t, struct xtcp_sock, rtx_timer);
	struct sock *sk = &xs->inet.sk;

	bh_lock_sock(sk);
	/* re-armed while this callback waited for the lock: not due yet */
	if (!hrtimer_is_queued(t)) {
		if (!sock_owned_by_user(sk))
			xtcp_sock_rtx_timeout(sk);
		else if (!test_and_set_bit(XTCP_DEFER_RTX, &xs->deferred))
			sock_hold(sk);	/* dropped by release_cb */
	}
	bh_unlock_sock(sk);
	sock_put(sk);
	return HRTIMER_NORESTART;
}

/**
 * xtcp_timers_init() - set up a new socket's timers
 * @sk: the socket
 */
void xtcp_timers_init(struct sock *sk)
{
	hrtimer_init(&xtcp_sk(sk)->rtx_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL_SOFT);
	xtcp_sk(sk)->rtx_timer.function = rtx_expired;
	xtcp_timers_delack_persist_init(sk);
}

/**
 * xtcp_timers_rtx_wanted() - call after the state machine asked for the
 *	retransmission timer (XTCP_ACT_RTX_ARM)
 * @sk: the socket, locked
 * @ms: the timeout
 */
void xtcp_timers_rtx_wanted(struct sock *sk, u32 ms)
{
	struct hrtimer *t = &xtcp_sk(sk)->rtx_timer;

	/* a pending timer's reference carries over; else take one */
	if (hrtimer_try_to_cancel(t) != 1)
		sock_hold(sk);
	hrtimer_start(t, ms_to_ktime(ms), HRTIMER_MODE_REL_SOFT);
}

/**
 * xtcp_timers_orphan_waits() - call after a socket nobody holds any more
 *	reached FIN-WAIT-2
 * @sk: the socket, locked
 * @ms: how long it may wait for the peer's FIN
 *
 * Uses the retransmission timer, idle in FIN-WAIT-2; its expiry there
 * ends the connection (xtcp_sock_rtx_timeout()).
 */
void xtcp_timers_orphan_waits(struct sock *sk, u32 ms)
{
	if (!hrtimer_is_queued(&xtcp_sk(sk)->rtx_timer))
		xtcp_timers_rtx_wanted(sk, ms);
}

/**
 * xtcp_timers_rtx_done() - call after everything sent was acknowledged,
 *	or the connection closed (XTCP_ACT_RTX_STOP, XTCP_ACT_DELETE)
 * @sk: the socket, locked
 *
 * A callback already running finds nothing to do and drops its own
 * reference.
 */
void xtcp_timers_rtx_done(struct sock *sk)
{
	if (hrtimer_try_to_cancel(&xtcp_sk(sk)->rtx_timer) == 1)
		__sock_put(sk);
}

/**
 * xtcp_timers_rtx_pending() - is the retransmission timer running?
 * @sk: the socket
 * @left: set to the jiffies left if it is; may be NULL
 *
 * Return: true if the timer is pending.
 */
bool xtcp_timers_rtx_pending(struct sock *sk, unsigned long *left)
{
	struct hrtimer *t = &xtcp_sk(sk)->rtx_timer;
	ktime_t rem;

	if (!hrtimer_active(t))
		return false;
	if (left) {
		rem = hrtimer_get_remaining(t);
		*left = rem > 0 ? nsecs_to_jiffies(rem) : 0;
	}
	return true;
}

/*
 * The expiry of a socket timer that holds a reference: run @fn under the
 * socket lock, or leave it to release_cb with @bit if a process owns the
 * socket.
 */
static void sock_timer_run(struct hrtimer *t, struct sock *sk, int bit,
			   void (*fn)(struct sock *sk))
{
	bh_lock_sock(sk);
	/* re-armed while this callback waited for the lock: not due yet */
	if (!hrtimer_is_queued(t)) {
		if (!sock_owned_by_user(sk))
			fn(sk);
		else if (!test_and_set_bit(bit, &xtcp_sk(sk)->deferred))
			sock_hold(sk);	/* dropped by release_cb */
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

static enum hrtimer_restart delack_expired(struct hrtimer *t)
{
	struct xtcp_sock *xs = container_of(t, struct xtcp_sock, delack_timer);

	sock_timer_run(t, &xs->inet.sk, XTCP_DEFER_DELACK,
		       xtcp_delack_timeout);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart persist_expired(struct hrtimer *t)
{
	struct xtcp_sock *xs = container_of(t, struct xtcp_sock,
					    persist_timer);

	sock_timer_run(t, &xs->inet.sk, XTCP_DEFER_PERSIST,
		       xtcp_persist_timeout);
	return HRTIMER_NORESTART;
}

/**
 * xtcp_timers_delack_persist_init() - set up a new socket's delayed-ACK
 *	and persist timers (from xtcp_timers_init())
 * @sk: the socket
 */
void xtcp_timers_delack_persist_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	hrtimer_init(&xs->delack_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	xs->delack_timer.function = delack_expired;
	hrtimer_init(&xs->persist_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL_SOFT);
	xs->persist_timer.function = persist_expired;
}

/**
 * xtcp_timers_delack_wanted() - call after holding back an ACK
 * @sk: the socket, locked
 * @ms: the longest it may wait
 *
 * A timer already running keeps its deadline: the oldest held data sets
 * it.
 */
void xtcp_timers_delack_wanted(struct sock *sk, u32 ms)
{
	struct hrtimer *t = &xtcp_sk(sk)->delack_timer;

	if (hrtimer_is_queued(t))
		return;
	sock_hold(sk);
	hrtimer_start(t, ms_to_ktime(ms), HRTIMER_MODE_REL_SOFT);
}

/**
 * xtcp_timers_delack_done() - call after a segment carried the held ACK,
 *	or the connection closed
 * @sk: the socket, locked
 */
void xtcp_timers_delack_done(struct sock *sk)
{
	if (hrtimer_try_to_cancel(&xtcp_sk(sk)->delack_timer) == 1)
		__sock_put(sk);
}

/**
 * xtcp_timers_persist_wanted() - call after data was left waiting for the
 *	peer's window with nothing in flight, or after a zero-window probe
 * @sk: the socket, locked
 * @ms: the timeout
 */
void xtcp_timers_persist_wanted(struct sock *sk, u32 ms)
{
	struct hrtimer *t = &xtcp_sk(sk)->persist_timer;

	/* a pending timer's reference carries over; else take one */
	if (hrtimer_try_to_cancel(t) != 1)
		sock_hold(sk);
	hrtimer_start(t, ms_to_ktime(ms), HRTIMER_MODE_REL_SOFT);
}

/**
 * xtcp_timers_persist_done() - call after data could go again, none
 *	waits any more, or the connection closed
 * @sk: the socket, locked
 */
void xtcp_timers_persist_done(struct sock *sk)
{
	if (hrtimer_try_to_cancel(&xtcp_sk(sk)->persist_timer) == 1)
		__sock_put(sk);
}

/**
 * xtcp_timers_persist_pending() - is the persist timer running?
 * @sk: the socket
 *
 * Return: true if it is queued.
 */
bool xtcp_timers_persist_pending(struct sock *sk)
{
	return hrtimer_is_queued(&xtcp_sk(sk)->persist_timer);
}

static enum hrtimer_restart tw_expired(struct hrtimer *t)
{
	xtcp_tw_expired(container_of(t, struct xtcp_tw, timer));
	return HRTIMER_NORESTART;
}

/**
 * xtcp_timers_tw_init() - set up a new TIME-WAIT entry's timer
 * @tw: the entry
 */
void xtcp_timers_tw_init(struct xtcp_tw *tw)
{
	hrtimer_init(&tw->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	tw->timer.function = tw_expired;
}

/**
 * xtcp_timers_tw_entered() - call after a connection entered TIME-WAIT,
 *	or a retransmitted FIN restarted it (XTCP_ACT_TW_ARM)
 * @tw: the entry, under its lock
 * @ms: 2MSL
 */
void xtcp_timers_tw_entered(struct xtcp_tw *tw, u32 ms)
{
	hrtimer_start(&tw->timer, ms_to_ktime(ms), HRTIMER_MODE_REL_SOFT);
}

/**
 * xtcp_timers_tw_killed() - call after a TIME-WAIT entry was taken out of
 *	the tables by someone other than its timer
 * @tw: the entry
 *
 * Waits for a running expiry, so the entry may be freed after it.
 */
void xtcp_timers_tw_killed(struct xtcp_tw *tw)
{
	hrtimer_cancel(&tw->timer);
}

/**
 * xtcp_timers_tw_left() - time left in TIME-WAIT, for /proc/net/xtcp
 * @tw: the entry
 *
 * Return: jiffies until the 2MSL timer expires.
 */
unsigned long xtcp_timers_tw_left(struct xtcp_tw *tw)
{
	ktime_t rem = hrtimer_get_remaining(&tw->timer);

	return rem > 0 ? nsecs_to_jiffies(rem) : 0;
}

/**
 * xtcp_timers_tw_rearmed() - has the 2MSL timer been started again?
 * @tw: the entry, under its lock, from its expiry
 *
 * Return: true if a retransmitted FIN restarted the timer while the
 * expiry waited for the lock: the entry stays.
 */
bool xtcp_timers_tw_rearmed(struct xtcp_tw *tw)
{
	return hrtimer_is_queued(&tw->timer);
}
