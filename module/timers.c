// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: every timer of the module: hrtimers that expire in softirq
 * context (the SOFT modes), and keepalive on the socket's own
 * sk_timer (a timer_list, also softirq), as Linux's TCP keeps it.
 *
 * Timer			Deadline
 * retransmission (socket;	the RTO the state machine asks for: 1 s,
 * the transmit hrtimer)	doubled on each retry, at most 120 s
 *				(fsm.h); stopped when everything sent is
 *				acknowledged
 * delayed ACK (socket)		at most 200 ms after in-order data whose
 *				ACK was held back (delack.c); stopped by
 *				any segment we send, which carries the ACK
 * reorder (socket; the		when the oldest segment RACK holds back
 * transmit hrtimer)		for reordering would be taken for lost:
 *				its send time + RACK.rtt + the reordering
 *				window, at most the RTO (rack.c)
 * loss probe (socket; the	PTO: 2 SRTT (+ 200 ms with one segment in
 * transmit hrtimer)		flight), never past the RTO, after new
 *				data left or new data was acknowledged
 *				(rack.c)
 * persist (socket; the		the RTO, doubled on each zero-window probe
 * transmit hrtimer)		up to net.xtcp.rto_max_ms, while data waits
 *				for a window with nothing in flight
 *				(persist.c)
 * keepalive (socket;		TCP_KEEPIDLE after the last segment
 * sk_timer)			received, then every TCP_KEEPINTVL, with
 *				SO_KEEPALIVE on (keepalive.c)
 * 2MSL (TIME-WAIT entry)	2 * net.xtcp.msl_ms after entering
 *				TIME-WAIT, restarted by a retransmitted FIN;
 *				one hrtimer per namespace and CPU over a
 *				queue of entries in order of expiry
 *				(tw_timer.c)
 * FIN-WAIT-2 of an orphan	2 * net.xtcp.msl_ms (60 s, Linux's
 * (socket; the transmit	tcp_fin_timeout) after a closed socket
 * hrtimer)			reached FIN-WAIT-2: a peer that never sends
 *				its FIN must not keep it forever
 *
 * The transmit hrtimer serves the retransmission timeout and the persist
 * timer, as Linux's icsk_retransmit_timer serves ICSK_TIME_RETRANS and
 * ICSK_TIME_PROBE0. Its RTX work is one of three, as icsk_pending says
 * for Linux's: the retransmission timeout, RACK's reorder timer
 * (ICSK_TIME_REO_TIMEOUT) or the loss probe (ICSK_TIME_LOSS_PROBE):
 * &xtcp_rack.pending, set when it is armed, says which (xmit_work()).
 * The persist timer runs only with nothing in flight,
 * when the retransmission timer is stopped, so arming one takes the timer
 * from the other (its &xtcp_sock.armed bit goes), and stopping one leaves
 * the timer alone if it serves the other.
 *
 * The rest of the module calls the hooks below, each named after what
 * just happened. Stopping a socket hrtimer's work leaves the timer queued,
 * and arming it for later than it is queued leaves its time alone: it
 * expires, finds nothing to do or queues itself again for the deadline
 * its work wants (&xtcp_sock.xmit_due, &xtcp_sock.delack_due), as Linux's
 * TCP leaves its timers (sock_timer_arm()); xtcp_timers_cancel() takes
 * them off when the connection ends. A socket hrtimer holds a reference
 * on its socket from its arming until it is cancelled or its callback
 * ends without it queued again (its &xtcp_sock.timer_refs bit, under
 * &xtcp_sock.timer_lock: hrtimer_try_to_cancel() returns -1 for a
 * running callback whether or not the timer was queued again meanwhile,
 * so its result alone cannot keep the count: a timer armed twice while
 * its callback ran took two references for one expiry, and its socket
 * was never freed; sk_timer keeps its reference as Linux's do, with
 * sk_reset_timer() and sk_stop_timer()); its expiry runs its work
 * (xtcp_sock_rtx_timeout(), xtcp_delack_timeout(),
 * xtcp_persist_timeout(), xtcp_keepalive_timeout()) under the socket lock,
 * or, if a process owns the socket, leaves it to release_cb with its
 * XTCP_DEFER_* bit (xtcp_timers_release_cb()). The work runs only while
 * the timer is due, as in Linux (icsk_pending, tcp_release_cb()): armed
 * (its &xtcp_sock.armed bit, cleared when it is stopped or its work runs)
 * and not armed again for later. Segments taken from the backlog before
 * release_cb may have done either. A 2MSL queue holds no reference on its
 * entries: an entry leaves its queue before it is freed (tw.c). TCP Small
 * Queues resumes a socket from a tasklet, not a timer (tsq.c), and leaves
 * its sending to release_cb too (xtcp_tsq_release_cb()).
 */
#include <linux/hrtimer.h>
#include <net/sock.h>

#include "clock.h"
#include "compat.h"
#include "delack.h"
#include "gso.h"
#include "keepalive.h"
#include "persist.h"
#include "rack.h"
#include "sock.h"
#include "timers.h"

/* The RTX work of the transmit timer: what it was armed for */
static void xmit_work(struct sock *sk)
{
	switch (xtcp_sk(sk)->rack.pending) {
	case XTCP_XMIT_REO:
		xtcp_rack_reo_timeout(sk);
		break;
	case XTCP_XMIT_TLP:
		xtcp_rack_tlp_timeout(sk);
		break;
	default:
		xtcp_sock_rtx_timeout(sk);
	}
}

/* The work of each XTCP_DEFER_* timer bit */
static void (*const work[])(struct sock *sk) = {
	[XTCP_DEFER_RTX]	= xmit_work,
	[XTCP_DEFER_KA]		= xtcp_keepalive_timeout,
	[XTCP_DEFER_DELACK]	= xtcp_delack_timeout,
	[XTCP_DEFER_PERSIST]	= xtcp_persist_timeout,
};

/* The work of @bit, as one event (clock.h) */
static void run_work(struct sock *sk, int bit)
{
	xtcp_clock_enter(sk);
	work[bit](sk);
	xtcp_clock_exit(sk);
}

/*
 * Is the work of @bit due: armed, neither stopped nor re-armed for later
 * (its timer @queued again) since it expired? If so it is no longer armed:
 * the caller runs it.
 */
static bool take_due(struct sock *sk, bool queued, int bit)
{
	return !queued && test_and_clear_bit(bit, &xtcp_sk(sk)->armed);
}

/* The hrtimer that serves the work of @bit; NULL for keepalive's sk_timer */
static struct hrtimer *timer_of(struct sock *sk, int bit)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (bit == XTCP_DEFER_RTX || bit == XTCP_DEFER_PERSIST)
		return &xs->xmit_timer;
	return bit == XTCP_DEFER_DELACK ? &xs->delack_timer : NULL;
}

/* The deadline the armed work of socket hrtimer @t wants */
static ktime_t *due_of(struct sock *sk, struct hrtimer *t)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	return t == &xs->xmit_timer ? &xs->xmit_due : &xs->delack_due;
}

/*
 * Queue socket hrtimer @t to expire at @at: the reference of a timer
 * queued, or whose callback runs, carries over (that callback keeps it,
 * finding the timer queued again).
 */
static void sock_timer_start(struct sock *sk, struct hrtimer *t, ktime_t at)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int ref = t == &xs->xmit_timer ? XTCP_DEFER_RTX : XTCP_DEFER_DELACK;

	spin_lock_bh(&xs->timer_lock);
	if (!__test_and_set_bit(ref, &xs->timer_refs))
		sock_hold(sk);
	hrtimer_start(t, at, HRTIMER_MODE_ABS_SOFT);
	spin_unlock_bh(&xs->timer_lock);
}

/*
 * The timer of @bit expired, or expired while a process owned the
 * socket, before the deadline its armed work wants: sock_timer_arm() left
 * it queued for an earlier one. Queue it again for the work's deadline;
 * the work is not due. Return: true if so.
 */
static bool early(struct sock *sk, int bit)
{
	struct hrtimer *t = timer_of(sk, bit);
	ktime_t due;

	if (!t || !test_bit(bit, &xtcp_sk(sk)->armed))
		return false;
	due = *due_of(sk, t);
	if (!ktime_after(due, hrtimer_get_softexpires(t)))
		return false;
	sock_timer_start(sk, t, due);
	return true;
}

/*
 * The work of @bit, whose timer expired: run it under the socket lock
 * (the caller's), or leave it to release_cb if a process owns the socket.
 */
static void expired(struct sock *sk, bool queued, int bit)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (sock_owned_by_user(sk)) {
		if (test_bit(bit, &xs->armed) &&
		    !test_and_set_bit(bit, &xs->deferred))
			sock_hold(sk);	/* dropped by release_cb */
	} else if (!queued && early(sk, bit)) {
		return;
	} else if (take_due(sk, queued, bit)) {
		run_work(sk, bit);
	}
}

/*
 * The end of a socket hrtimer's callback: drop the timer's reference,
 * unless the timer was armed again meanwhile.
 */
static void sock_timer_put(struct hrtimer *t, struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int ref = t == &xs->xmit_timer ? XTCP_DEFER_RTX : XTCP_DEFER_DELACK;
	bool put;

	spin_lock(&xs->timer_lock);
	put = !hrtimer_is_queued(t) && __test_and_clear_bit(ref, &xs->timer_refs);
	spin_unlock(&xs->timer_lock);
	if (put)
		sock_put(sk);
}

/*
 * (Re)arm a socket hrtimer for the work of @bit, due at @at (the
 * monotonic clock). A timer queued to expire no later keeps its time:
 * when it expires it is queued again for the work's deadline (early()),
 * as Linux's TCP lets sk_reset_timer() leave a timer_list alone that
 * expires at the same jiffy. ACKs move the retransmission timeout on
 * with every segment, and hrtimer_start() and hrtimer_try_to_cancel()
 * each time cost more than the rest of a request and answer of one
 * octet under QEMU's emulation (their clock event device and clock
 * source are emulated devices). The transmit timer serves one work at a
 * time: arming it for the retransmission timeout takes it from the
 * persist timer's, and the other way round.
 */
static void sock_timer_arm(struct sock *sk, struct hrtimer *t, int bit,
			   ktime_t at)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (t == &xs->xmit_timer)
		clear_bit(bit == XTCP_DEFER_RTX ? XTCP_DEFER_PERSIST :
			  XTCP_DEFER_RTX, &xs->armed);
	set_bit(bit, &xs->armed);
	*due_of(sk, t) = at;
	if (hrtimer_is_queued(t) && !ktime_after(hrtimer_get_softexpires(t), at))
		return;
	sock_timer_start(sk, t, at);
}

/*
 * Stop the work of @bit on a socket hrtimer: it is no longer armed. A
 * timer still queued expires and finds nothing to do (it then drops its
 * reference), as does a callback already running or work deferred to
 * release_cb; the next arming before then costs nothing (see
 * sock_timer_arm()). xtcp_timers_cancel() takes the timers off their
 * queues when the connection is over.
 */
static void sock_timer_stop(struct sock *sk, int bit)
{
	clear_bit(bit, &xtcp_sk(sk)->armed);
}

/* Take socket hrtimer @t off its queue, and its reference with it. */
static void sock_timer_cancel(struct sock *sk, struct hrtimer *t)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int ref = t == &xs->xmit_timer ? XTCP_DEFER_RTX : XTCP_DEFER_DELACK;
	bool put;

	spin_lock_bh(&xs->timer_lock);
	put = hrtimer_try_to_cancel(t) == 1 &&
	      __test_and_clear_bit(ref, &xs->timer_refs);
	spin_unlock_bh(&xs->timer_lock);
	if (put)
		__sock_put(sk);
}

/**
 * xtcp_timers_cancel() - the connection is over: take the socket hrtimers
 *	off their queues
 * @sk: the socket, locked; the caller holds a reference
 *
 * Their work was stopped already; a timer left queued (sock_timer_stop())
 * would keep the socket, through its reference, until it expired.
 */
void xtcp_timers_cancel(struct sock *sk)
{
	sock_timer_cancel(sk, &xtcp_sk(sk)->xmit_timer);
	sock_timer_cancel(sk, &xtcp_sk(sk)->delack_timer);
}

XTCP_KUNIT_EXPORT(xtcp_timers_cancel);

/*
 * Run the work of a timer deferred to release_cb, if it is still due
 * (@queued: its timer was armed again).
 */
static void run_deferred(struct sock *sk, bool queued, int bit)
{
	if (!test_and_clear_bit(bit, &xtcp_sk(sk)->deferred))
		return;
	if ((queued || !early(sk, bit)) && take_due(sk, queued, bit))
		run_work(sk, bit);
	__sock_put(sk);
}

/**
 * xtcp_timers_release_cb() - run the timer work left to release_cb
 * @sk: the socket, locked, its backlog processed
 *
 * A timer that expired while a process owned the socket runs its work
 * now, unless what the backlog held stopped it (all acknowledged) or armed
 * it again for later (new data acknowledged): as tcp_release_cb() and
 * tcp_write_timer_handler() check icsk_pending and icsk_timeout.
 */
void xtcp_timers_release_cb(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	run_deferred(sk, hrtimer_is_queued(&xs->xmit_timer), XTCP_DEFER_RTX);
	run_deferred(sk, timer_pending(&sk->sk_timer), XTCP_DEFER_KA);
	run_deferred(sk, hrtimer_is_queued(&xs->delack_timer),
		     XTCP_DEFER_DELACK);
	run_deferred(sk, hrtimer_is_queued(&xs->xmit_timer),
		     XTCP_DEFER_PERSIST);
	xtcp_tsq_release_cb(sk);
}

XTCP_KUNIT_EXPORT(xtcp_timers_release_cb);

/*
 * The expiry of a socket hrtimer that serves the work of @bits (one of
 * them armed at a time), then the timer's reference.
 */
static void sock_timer_run(struct hrtimer *t, struct sock *sk,
			   unsigned long bits)
{
	int bit;

	bh_lock_sock(sk);
	for_each_set_bit(bit, &bits, ARRAY_SIZE(work))
		expired(sk, hrtimer_is_queued(t), bit);
	bh_unlock_sock(sk);
	sock_timer_put(t, sk);
}

/* The transmit timer: the retransmission timeout or the persist timer's. */
static enum hrtimer_restart xmit_expired(struct hrtimer *t)
{
	struct xtcp_sock *xs = container_of(t, struct xtcp_sock, xmit_timer);

	sock_timer_run(t, &xs->inet.sk,
		       BIT(XTCP_DEFER_RTX) | BIT(XTCP_DEFER_PERSIST));
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart delack_expired(struct hrtimer *t)
{
	struct xtcp_sock *xs = container_of(t, struct xtcp_sock, delack_timer);

	sock_timer_run(t, &xs->inet.sk, BIT(XTCP_DEFER_DELACK));
	return HRTIMER_NORESTART;
}

/*
 * Keepalive, on sk_timer (a timer_list, as Linux's TCP keeps it there):
 * sk_reset_timer() and sk_stop_timer() keep its reference, and its
 * callback drops the one of its expiry.
 */
static void ka_expired(struct timer_list *t)
{
	struct sock *sk = from_timer(sk, t, sk_timer);

	bh_lock_sock(sk);
	expired(sk, timer_pending(t), XTCP_DEFER_KA);
	bh_unlock_sock(sk);
	sock_put(sk);
}

static void sock_timer_init(struct hrtimer *t,
			    enum hrtimer_restart (*fn)(struct hrtimer *t))
{
	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	t->function = fn;
}

/**
 * xtcp_timers_init() - set up a new socket's timers
 * @sk: the socket
 */
void xtcp_timers_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	sock_timer_init(&xs->xmit_timer, xmit_expired);
	sock_timer_init(&xs->delack_timer, delack_expired);
	timer_setup(&sk->sk_timer, ka_expired, 0);
	xs->armed = 0;
	xs->timer_refs = 0;
	spin_lock_init(&xs->timer_lock);
}

/**
 * xtcp_timers_rtx_wanted() - call after the state machine asked for the
 *	retransmission timer (XTCP_ACT_RTX_ARM)
 * @sk: the socket, locked
 * @ms: the timeout
 */
void xtcp_timers_rtx_wanted(struct sock *sk, u32 ms)
{
	struct xtcp_rack *r = &xtcp_sk(sk)->rack;
	ktime_t at = xtcp_clock_at(sk, ms);

	r->pending = XTCP_XMIT_RTO;
	r->rto_at_us = ktime_to_us(at);
	sock_timer_arm(sk, &xtcp_sk(sk)->xmit_timer, XTCP_DEFER_RTX, at);
}

XTCP_KUNIT_EXPORT(xtcp_timers_rtx_wanted);

/**
 * xtcp_timers_loss_wanted() - call after RACK found a segment to wait for
 *	(XTCP_XMIT_REO), or armed the loss probe (XTCP_XMIT_TLP)
 * @sk: the socket, locked
 * @kind: XTCP_XMIT_REO or XTCP_XMIT_TLP
 * @ms: the timeout
 *
 * The transmit timer serves it in place of the retransmission timeout,
 * whose deadline is kept (&xtcp_rack.rto_at_us) for when it is over.
 * Its deadline counts from now, not from when the event began (clock.h):
 * the probe is armed after a push, which may have sent for longer than
 * the probe timeout (two round trips) on a link whose receiver runs in
 * the sender's call (loopback, veth), and would fire as soon as armed.
 */
void xtcp_timers_loss_wanted(struct sock *sk, u8 kind, u32 ms)
{
	xtcp_sk(sk)->rack.pending = kind;
	sock_timer_arm(sk, &xtcp_sk(sk)->xmit_timer, XTCP_DEFER_RTX,
		       ktime_add_ms(ktime_get(), ms));
}

XTCP_KUNIT_EXPORT(xtcp_timers_loss_wanted);

/**
 * xtcp_timers_orphan_waits() - call after a socket nobody holds any more
 *	reached FIN-WAIT-2
 * @sk: the socket, locked
 * @ms: how long it may wait for the peer's FIN
 *
 * Uses the retransmission timer, idle in FIN-WAIT-2 (as is the persist
 * timer); its expiry there ends the connection (xtcp_sock_rtx_timeout()).
 */
void xtcp_timers_orphan_waits(struct sock *sk, u32 ms)
{
	if (!test_bit(XTCP_DEFER_RTX, &xtcp_sk(sk)->armed))
		xtcp_timers_rtx_wanted(sk, ms);
}

/**
 * xtcp_timers_rtx_done() - call after everything sent was acknowledged,
 *	or the connection closed (XTCP_ACT_RTX_STOP, XTCP_ACT_DELETE)
 * @sk: the socket, locked
 */
void xtcp_timers_rtx_done(struct sock *sk)
{
	sock_timer_stop(sk, XTCP_DEFER_RTX);
}

XTCP_KUNIT_EXPORT(xtcp_timers_rtx_done);

/*
 * Is the work of @bit armed? If so, and @left is set, the jiffies left
 * until its deadline.
 */
static bool work_left(struct sock *sk, int bit, unsigned long *left)
{
	ktime_t rem;

	if (!test_bit(bit, &xtcp_sk(sk)->armed))
		return false;
	if (left) {
		rem = ktime_sub(*due_of(sk, timer_of(sk, bit)), ktime_get());
		*left = rem > 0 ? nsecs_to_jiffies(rem) : 0;
	}
	return true;
}

/**
 * xtcp_timers_rtx_pending() - is the retransmission timer running?
 * @sk: the socket
 * @left: set to the jiffies left if it is; may be NULL
 *
 * Return: true if the transmit timer's RTX work is armed (not the
 * persist timer's): the timer is queued for it, or for earlier and then
 * for it (sock_timer_arm()).
 */
bool xtcp_timers_rtx_pending(struct sock *sk, unsigned long *left)
{
	return work_left(sk, XTCP_DEFER_RTX, left);
}

XTCP_KUNIT_EXPORT(xtcp_timers_rtx_pending);

/**
 * xtcp_timers_proc() - the timer /proc/net/tcp would show for a socket
 * @sk: the socket
 * @left: set to the jiffies left on that timer, 0 if none runs
 *
 * The order is Linux's (get_tcp4_sock()): retransmission, then
 * zero-window probe, then keepalive. The delayed-ACK timer is not shown.
 *
 * Return: the "tr" column: 1 retransmission, 4 persist (zero-window
 * probe), 2 keepalive, 0 none.
 */
int xtcp_timers_proc(struct sock *sk, unsigned long *left)
{
	unsigned long expires = READ_ONCE(sk->sk_timer.expires);

	if (work_left(sk, XTCP_DEFER_RTX, left))
		return 1;
	if (work_left(sk, XTCP_DEFER_PERSIST, left))
		return 4;
	if (timer_pending(&sk->sk_timer)) {
		*left = time_after(expires, jiffies) ? expires - jiffies : 0;
		return 2;
	}
	*left = 0;
	return 0;
}

XTCP_KUNIT_EXPORT(xtcp_timers_proc);

/**
 * xtcp_timers_delack_wanted() - call after holding back an ACK
 * @sk: the socket, locked
 * @ms: the longest it may wait
 *
 * A timer already armed keeps its deadline (the oldest held data sets
 * it), also one that expired while a process owned the socket: its ACK
 * goes out from release_cb.
 */
void xtcp_timers_delack_wanted(struct sock *sk, u32 ms)
{
	if (!test_bit(XTCP_DEFER_DELACK, &xtcp_sk(sk)->armed))
		sock_timer_arm(sk, &xtcp_sk(sk)->delack_timer,
			       XTCP_DEFER_DELACK, xtcp_clock_at(sk, ms));
}

/**
 * xtcp_timers_delack_done() - call after a segment carried the held ACK,
 *	or the connection closed
 * @sk: the socket, locked
 */
void xtcp_timers_delack_done(struct sock *sk)
{
	sock_timer_stop(sk, XTCP_DEFER_DELACK);
}

/**
 * xtcp_timers_persist_wanted() - call after data was left waiting for the
 *	peer's window with nothing in flight, or after a zero-window probe
 * @sk: the socket, locked
 * @ms: the timeout
 */
void xtcp_timers_persist_wanted(struct sock *sk, u32 ms)
{
	sock_timer_arm(sk, &xtcp_sk(sk)->xmit_timer, XTCP_DEFER_PERSIST,
		       xtcp_clock_at(sk, ms));
}

XTCP_KUNIT_EXPORT(xtcp_timers_persist_wanted);

/**
 * xtcp_timers_persist_done() - call after data could go again, none
 *	waits any more, or the connection closed
 * @sk: the socket, locked
 */
void xtcp_timers_persist_done(struct sock *sk)
{
	sock_timer_stop(sk, XTCP_DEFER_PERSIST);
}

XTCP_KUNIT_EXPORT(xtcp_timers_persist_done);

/**
 * xtcp_timers_persist_pending() - is the persist timer running?
 * @sk: the socket
 *
 * Return: true if the transmit timer's persist work is armed.
 */
bool xtcp_timers_persist_pending(struct sock *sk)
{
	return test_bit(XTCP_DEFER_PERSIST, &xtcp_sk(sk)->armed);
}

XTCP_KUNIT_EXPORT(xtcp_timers_persist_pending);

/**
 * xtcp_timers_ka_wanted() - call when keepalive wants its timer (re)armed
 * @sk: the socket, locked
 * @ms: the timeout
 */
void xtcp_timers_ka_wanted(struct sock *sk, u32 ms)
{
	set_bit(XTCP_DEFER_KA, &xtcp_sk(sk)->armed);
	sk_reset_timer(sk, &sk->sk_timer, jiffies + msecs_to_jiffies(ms));
}

XTCP_KUNIT_EXPORT(xtcp_timers_ka_wanted);

/**
 * xtcp_timers_ka_done() - call after SO_KEEPALIVE was turned off, or the
 *	connection closed
 * @sk: the socket, locked
 */
void xtcp_timers_ka_done(struct sock *sk)
{
	clear_bit(XTCP_DEFER_KA, &xtcp_sk(sk)->armed);
	sk_stop_timer(sk, &sk->sk_timer);
}

XTCP_KUNIT_EXPORT(xtcp_timers_ka_done);

/**
 * xtcp_timers_ka_pending() - is the keepalive timer running?
 * @sk: the socket
 *
 * Return: true if it is pending.
 */
bool xtcp_timers_ka_pending(struct sock *sk)
{
	return timer_pending(&sk->sk_timer);
}

XTCP_KUNIT_EXPORT(xtcp_timers_ka_pending);
