// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: TCP Small Queues: a bound on what a socket has queued below it.
 *
 * A segment sent stays charged to its socket (sk_wmem_alloc) until the
 * device, or a qdisc that drops it, frees it. As Linux's
 * tcp_small_queue_check(), the sender stops once that charge passes
 * about a millisecond of its rate, at least two aggregates, at most
 * net.xtcp.tcp_limit_output_bytes: a bulk sender then keeps the qdisc
 * short instead of filling it, and a later segment (an ACK of ours, a
 * retransmission) does not wait behind a queue of its own data. It never
 * stops with nothing in flight.
 *
 * The destructor of a segment (xtcp_tsq_wfree()) resumes a socket that
 * stopped so: it runs wherever the driver frees the segment, where the
 * socket lock cannot be taken, so it arms the socket's TSQ timer to expire
 * at once (timers.c), whose softirq sends under the socket lock, or leaves
 * the sending to release_cb if a process owns the socket. Linux uses a
 * tasklet a CPU for the same purpose; as there, the timer is armed only
 * by the destructor that turns THROTTLED into QUEUED, and it holds a unit
 * of sk_wmem_alloc, not a socket reference, until it has run: destructors
 * run on any CPU at once, also inside the timer's own sending, and any
 * scheme that re-arms a pending timer must account for the reference of
 * the one it replaces.
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "compat.h"
#include "gso.h"
#include "net.h"
#include "sock.h"
#include "timers.h"

/**
 * xtcp_tsq_own() - charge a segment to its socket until it is freed
 * @skb: the segment
 * @sk: the socket, locked
 */
void xtcp_tsq_own(struct sk_buff *skb, struct sock *sk)
{
	skb_set_owner_w(skb, sk);
	skb->destructor = xtcp_tsq_wfree;
}

XTCP_KUNIT_EXPORT(xtcp_tsq_own);

/**
 * xtcp_tsq_wfree() - the destructor of a socket's segments
 * @skb: the segment, freed
 *
 * As tcp_wfree(): as sock_wfree(), and a socket that waits for this
 * (XTCP_TSQ_THROTTLED) gets its TSQ timer. Only the destructor that turns
 * THROTTLED into XTCP_TSQ_QUEUED arms it, and the timer owns the unit of
 * sk_wmem_alloc that destructor kept, until xtcp_tsq_expired() gives it
 * back: one unit for one expiry, whatever runs beside it, and the socket
 * outlives its timer whether or not anyone still holds it.
 */
void xtcp_tsq_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;
	unsigned long *flags = &xtcp_sk(sk)->tsq_flags;
	unsigned long oval, nval;

	/* one unit stays, for the timer or for sk_free() below */
	WARN_ON(refcount_sub_and_test(skb->truesize - 1, &sk->sk_wmem_alloc));
	for (oval = READ_ONCE(*flags);; oval = nval) {
		if (!(oval & XTCP_TSQF_THROTTLED) || (oval & XTCP_TSQF_QUEUED))
			break;
		nval = cmpxchg(flags, oval,
			       (oval & ~XTCP_TSQF_THROTTLED) | XTCP_TSQF_QUEUED);
		if (nval == oval) {
			xtcp_timers_tsq_wanted(sk);
			return;
		}
	}
	sk_free(sk);		/* the last unit, and the socket if it was */
}

/* about 1 ms of the rate, 2 skbs of @len at least, the sysctl at most */
static unsigned long limit(struct sock *sk, u32 len)
{
	unsigned long bytes;

	bytes = max_t(unsigned long, 2 * SKB_TRUESIZE(len + MAX_HEADER),
		      xtcp_gso_rate(sk) >> READ_ONCE(sk->sk_pacing_shift));
	return min_t(unsigned long, bytes,
		     READ_ONCE(xtcp_pernet(sock_net(sk))->limit_output_bytes));
}

/**
 * xtcp_tsq_throttled() - must sending wait for segments below the socket
 *	to be freed?
 * @sk: the socket, locked
 * @len: the data of the next segment or aggregate
 *
 * Return: true if so; the destructor then resumes it.
 */
bool xtcp_tsq_throttled(struct sock *sk, u32 len)
{
	const struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	unsigned long bound = limit(sk, len);

	if (refcount_read(&sk->sk_wmem_alloc) <= bound ||
	    tcb->snd_una == tcb->snd_nxt)
		return false;
	set_bit(XTCP_TSQ_THROTTLED, &xtcp_sk(sk)->tsq_flags);
	smp_mb__after_atomic();	/* against a destructor that just ran */
	return refcount_read(&sk->sk_wmem_alloc) > bound;
}

/* Send what waited, if the connection may still send data. */
static void resume(struct sock *sk)
{
	if ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))
		xtcp_sock_push(sk);
}

/**
 * xtcp_tsq_expired() - the TSQ timer's work (as tcp_tasklet_func())
 * @sk: the socket; it may be closed and released by all but its segments
 *	and this timer
 *
 * Sends what waited under the socket lock, or leaves that to release_cb
 * (xtcp_tsq_release_cb()) if a process owns the socket; then gives back
 * the unit of sk_wmem_alloc xtcp_tsq_wfree() kept for the timer, which
 * frees the socket if that was the last.
 */
void xtcp_tsq_expired(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	smp_mb__before_atomic();	/* what it sends, after QUEUED goes */
	clear_bit(XTCP_TSQ_QUEUED, &xs->tsq_flags);
	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk))
		resume(sk);
	else if (!test_and_set_bit(XTCP_DEFER_TSQ, &xs->deferred))
		sock_hold(sk);		/* dropped by release_cb */
	bh_unlock_sock(sk);
	sk_free(sk);
}

/**
 * xtcp_tsq_release_cb() - send what waited for the socket lock
 * @sk: the socket, locked, its backlog processed
 */
void xtcp_tsq_release_cb(struct sock *sk)
{
	if (!test_and_clear_bit(XTCP_DEFER_TSQ, &xtcp_sk(sk)->deferred))
		return;
	resume(sk);
	__sock_put(sk);		/* taken when it was deferred */
}
