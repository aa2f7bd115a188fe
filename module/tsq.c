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
 * stopped so. It runs wherever the driver frees the segment, where the
 * socket lock cannot be taken, so, as tcp_wfree(), it puts the socket on
 * its CPU's list and schedules that CPU's tasklet, which sends under the
 * socket lock, or leaves the sending to release_cb if a process owns the
 * socket. Only the destructor that turns THROTTLED into QUEUED queues the
 * socket, and the list holds it by the unit of sk_wmem_alloc that
 * destructor kept, not by a reference, until the tasklet took it off.
 *
 * Unloading: a queued socket is not freed before the tasklet ran for it,
 * and xtcp_protocol_exit() waits for the last socket; xtcp_tsq_exit()
 * then waits for every CPU's tasklet to end (tasklet_kill()).
 */
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <net/sock.h>

#include "compat.h"
#include "gso.h"
#include "net.h"
#include "sock.h"

/**
 * struct xtcp_tsq_cpu - a CPU's sockets to resume
 * @tasklet: runs xtcp_tsq_tasklet() over @head
 * @head: the sockets, by &xtcp_sock.tsq_node; only this CPU, with
 *	interrupts off, touches it
 */
struct xtcp_tsq_cpu {
	struct tasklet_struct	tasklet;
	struct list_head	head;
};

static DEFINE_PER_CPU(struct xtcp_tsq_cpu, xtcp_tsq_cpu);

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

/* Send what waited, if the connection may still send data. */
static void resume(struct sock *sk)
{
	if ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))
		xtcp_sock_push(sk);
}

/*
 * One socket the tasklet took off its list (as tcp_tsq_handler()): send
 * under the socket lock, or leave it to release_cb; then give back the
 * unit of sk_wmem_alloc xtcp_tsq_wfree() kept, which frees the socket if
 * it was the last.
 */
static void run(struct sock *sk)
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

/* A CPU's tasklet (as tcp_tasklet_func()): every socket queued on it. */
static void xtcp_tsq_tasklet(struct tasklet_struct *t)
{
	struct xtcp_tsq_cpu *tsq = from_tasklet(tsq, t, tasklet);
	struct xtcp_sock *xs, *next;
	unsigned long flags;
	LIST_HEAD(list);

	local_irq_save(flags);
	list_splice_init(&tsq->head, &list);
	local_irq_restore(flags);
	list_for_each_entry_safe(xs, next, &list, tsq_node) {
		list_del(&xs->tsq_node);
		run(&xs->inet.sk);
	}
}

/*
 * Queue @sk on this CPU's list; its tasklet is scheduled with the first
 * socket (as tcp_wfree()).
 */
static void queue(struct sock *sk)
{
	struct xtcp_tsq_cpu *tsq;
	unsigned long flags;
	bool empty;

	local_irq_save(flags);
	tsq = this_cpu_ptr(&xtcp_tsq_cpu);
	empty = list_empty(&tsq->head);
	list_add(&xtcp_sk(sk)->tsq_node, &tsq->head);
	if (empty)
		tasklet_schedule(&tsq->tasklet);
	local_irq_restore(flags);
}

/**
 * xtcp_tsq_wfree() - the destructor of a socket's segments
 * @skb: the segment, freed
 *
 * As tcp_wfree(): as sock_wfree(), and a socket that waits for this
 * (XTCP_TSQ_THROTTLED) is queued for its CPU's tasklet. Only the
 * destructor that turns THROTTLED into XTCP_TSQ_QUEUED queues it, and the
 * queue owns the unit of sk_wmem_alloc that destructor kept until the
 * tasklet gives it back: one unit for one run, whatever runs beside it,
 * and the socket outlives its place in the queue whoever else holds it.
 */
void xtcp_tsq_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;
	unsigned long *flags = &xtcp_sk(sk)->tsq_flags;
	unsigned long oval, nval;

	/* one unit stays, for the queue or for sk_free() below */
	WARN_ON(refcount_sub_and_test(skb->truesize - 1, &sk->sk_wmem_alloc));
	for (oval = READ_ONCE(*flags);; oval = nval) {
		if (!(oval & XTCP_TSQF_THROTTLED) || (oval & XTCP_TSQF_QUEUED))
			break;
		nval = cmpxchg(flags, oval,
			       (oval & ~XTCP_TSQF_THROTTLED) | XTCP_TSQF_QUEUED);
		if (nval == oval) {
			queue(sk);
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

/**
 * xtcp_tsq_init() - set up every CPU's list and tasklet
 */
void xtcp_tsq_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct xtcp_tsq_cpu *tsq = per_cpu_ptr(&xtcp_tsq_cpu, cpu);

		INIT_LIST_HEAD(&tsq->head);
		tasklet_setup(&tsq->tasklet, xtcp_tsq_tasklet);
	}
}

/**
 * xtcp_tsq_exit() - wait for every CPU's tasklet to end
 *
 * Context: after the last socket was freed (xtcp_protocol_exit()): no
 * socket is queued, so none is scheduled again.
 */
void xtcp_tsq_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		tasklet_kill(&per_cpu_ptr(&xtcp_tsq_cpu, cpu)->tasklet);
}
