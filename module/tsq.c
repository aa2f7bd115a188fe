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
 * the sending to release_cb if a process owns the socket, as the other
 * timers do. Linux uses a tasklet a CPU for the same purpose.
 */
#include <linux/skbuff.h>
#include <net/sock.h>

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

/**
 * xtcp_tsq_wfree() - the destructor of a socket's segments
 * @skb: the segment, freed
 *
 * As sock_wfree(), and a socket that waits for this (XTCP_TSQ_THROTTLED)
 * gets its TSQ timer. One unit of the charge is kept until then, so the
 * socket outlives the arming.
 */
void xtcp_tsq_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	WARN_ON(refcount_sub_and_test(skb->truesize - 1, &sk->sk_wmem_alloc));
	if (test_bit(XTCP_TSQ_THROTTLED, &xtcp_sk(sk)->tsq_flags) &&
	    test_and_clear_bit(XTCP_TSQ_THROTTLED, &xtcp_sk(sk)->tsq_flags))
		xtcp_timers_tsq_wanted(sk);
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

/**
 * xtcp_tsq_resume() - the TSQ timer's work: send what waited
 * @sk: the socket, locked
 */
void xtcp_tsq_resume(struct sock *sk)
{
	if ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))
		xtcp_sock_push(sk);
}
