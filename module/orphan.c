// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: connections nobody holds any more (orphans), and their limits.
 *
 * close() leaves a connection to finish alone: its data and FIN still go,
 * the peer's FIN is still awaited. Such an orphan costs a socket and its
 * send queue, and a peer can keep it for ever: by never acknowledging
 * (retransmissions), by answering zero-window probes with a closed window,
 * by never sending its FIN. As Linux's TCP does, xtcp bounds them:
 *
 * - their number: xtcp_orphan_count counts them, over every namespace;
 *   past net.xtcp.tcp_max_orphans an orphan is reset (Linux's
 *   tcp_check_oom()): at close() (xtcp_orphan_close_check(), as
 *   __tcp_close()), and when its retransmission or persist timer runs
 *   (xtcp_orphan_out_of_resources(), as tcp_out_of_resources());
 * - their retries: net.xtcp.tcp_orphan_retries retransmissions or
 *   zero-window probes (0: 8 while the timeout is below its upper bound,
 *   as tcp_orphan_retries()); a probed orphan whose timeout reached
 *   net.xtcp.rto_max_ms is given up (tcp_probe_timer());
 * - FIN-WAIT-2: 2MSL at most (xtcp_sock_orphan_check()).
 *
 * An orphan is counted from close() to xtcp_sock_done(), the end of its
 * connection, whatever ends it (the peer, a timer, a limit, the unload):
 * &xtcp_sock.orphan_counted says whether it is.
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/percpu_counter.h>
#include <net/sock.h>

#include "compat.h"
#include "mib.h"
#include "net.h"
#include "orphan.h"
#include "sock.h"

static struct percpu_counter xtcp_orphan_count;

/**
 * xtcp_orphan_init() - set up the orphan count
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_orphan_init(void)
{
	return percpu_counter_init(&xtcp_orphan_count, 0, GFP_KERNEL);
}

/**
 * xtcp_orphan_exit() - free the orphan count
 *
 * Context: after the last socket is freed (xtcp_protocol_exit()).
 */
void xtcp_orphan_exit(void)
{
	WARN_ON_ONCE(percpu_counter_sum(&xtcp_orphan_count));
	percpu_counter_destroy(&xtcp_orphan_count);
}

/**
 * xtcp_orphan_default_max() - the default of net.xtcp.tcp_max_orphans and
 *	net.xtcp.tcp_max_tw_buckets
 *
 * Linux's defaults are half its TCP established hash, which it sizes at
 * one bucket per 128 KiB of memory, rounded up to a power of two, from
 * 128 to 524288 buckets (tcp_init()): 131072 on a 24 GiB machine.
 *
 * Return: the same figure, from this machine's memory.
 */
u32 xtcp_orphan_default_max(void)
{
	unsigned long buckets = totalram_pages() >> (17 - PAGE_SHIFT);

	buckets = clamp_t(unsigned long, buckets, 128, 512 * 1024);
	return roundup_pow_of_two(buckets) / 2;
}

/**
 * xtcp_orphan_count_sum() - the orphans of every namespace now
 *
 * Return: the count, summed over the CPUs (never negative).
 */
s64 xtcp_orphan_count_sum(void)
{
	return percpu_counter_sum_positive(&xtcp_orphan_count);
}

/**
 * xtcp_orphan_add() - count a socket its user just closed
 * @sk: the socket, locked, orphaned (SOCK_DEAD), not in TCP_CLOSE
 */
void xtcp_orphan_add(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->orphan_counted)
		return;
	xs->orphan_counted = true;
	percpu_counter_inc(&xtcp_orphan_count);
}

/**
 * xtcp_orphan_del() - call when a connection ends: it is no orphan now
 * @sk: the socket, locked
 */
void xtcp_orphan_del(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->orphan_counted)
		return;
	xs->orphan_counted = false;
	percpu_counter_dec(&xtcp_orphan_count);
}

/**
 * xtcp_orphan_too_many() - are there more orphans than allowed?
 * @net: the namespace of the orphan asking
 * @shift: count each orphan 2^@shift times (an orphan the peer keeps
 *	waiting long is given up sooner, as Linux's tcp_too_many_orphans())
 *
 * The limit is the smaller of @net's net.xtcp.tcp_max_orphans and the
 * initial namespace's: the count is the machine's, and a namespace can
 * lower its own limit, not raise the machine's. The per-CPU count is
 * summed exactly only when its estimate is near the limit.
 *
 * Return: true if the orphans, counted 2^@shift times, exceed the limit.
 */
bool xtcp_orphan_too_many(const struct net *net, int shift)
{
	u32 max = min(READ_ONCE(xtcp_pernet(net)->max_orphans),
		      READ_ONCE(xtcp_pernet(&init_net)->max_orphans));

	return percpu_counter_compare(&xtcp_orphan_count, max >> shift) > 0;
}

/* Reset an orphan for the limit (TCPAbortOnMemory), with or without RST. */
static void abort_on_memory(struct sock *sk, bool do_reset)
{
	net_info_ratelimited("too many orphaned sockets\n");
	if (do_reset)
		xtcp_sock_abort(sk, 0);
	else
		xtcp_sock_done(sk);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPABORTONMEMORY);
}

/**
 * xtcp_orphan_close_check() - call after close() orphaned a socket
 * @sk: the socket, locked, orphaned
 *
 * Counts the orphan; if there are too many now, resets its connection
 * (as Linux's __tcp_close()).
 *
 * Return: true if the connection was reset.
 */
bool xtcp_orphan_close_check(struct sock *sk)
{
	if (sk->sk_state == TCP_CLOSE)
		return false;
	xtcp_orphan_add(sk);
	if (!xtcp_orphan_too_many(sock_net(sk), 0))
		return false;
	abort_on_memory(sk, true);
	return true;
}

/**
 * xtcp_orphan_limit() - how many retransmissions or probes an orphan gets
 *	(Linux's tcp_orphan_retries())
 * @retries: net.xtcp.tcp_orphan_retries
 * @alive: the retransmission (or probe) timeout is still below its upper
 *	bound, net.xtcp.rto_max_ms
 *
 * Return: @retries; if that is 0, 8 while @alive (more than 100 s with a
 * 200 ms RTO), else 0.
 */
u8 xtcp_orphan_limit(u8 retries, bool alive)
{
	if (!retries && alive)
		retries = XTCP_ORPHAN_RETRIES_ALIVE;
	return retries;
}

XTCP_KUNIT_EXPORT(xtcp_orphan_limit);

/**
 * xtcp_orphan_retries() - xtcp_orphan_limit() with a namespace's sysctl
 * @net: the namespace
 * @alive: as for xtcp_orphan_limit()
 *
 * Return: the retries an orphan of @net gets.
 */
u8 xtcp_orphan_retries(const struct net *net, bool alive)
{
	return xtcp_orphan_limit(READ_ONCE(xtcp_pernet(net)->orphan_retries),
				 alive);
}

/**
 * xtcp_orphan_out_of_resources() - call when an orphan's retransmission or
 *	persist timer runs: reset it if there are too many orphans
 * @sk: the orphan, locked
 * @do_reset: send a reset (else only if the peer may still hear us)
 *
 * As Linux's tcp_out_of_resources(): an orphan that sent no data for
 * twice the largest timeout, or that would not reset, counts double. The
 * reset goes anyway if data went in the last 2MSL or the peer's window is
 * closed with nothing in flight.
 *
 * Return: true if the connection was ended.
 */
bool xtcp_orphan_out_of_resources(struct sock *sk, bool do_reset)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	const struct xtcp_tcb *tcb = &xs->tcb;
	s32 idle = (u32)jiffies - xs->snd_data_tstamp;
	int shift = 0;

	if (idle > (s32)msecs_to_jiffies(2 * tcb->rtt.max_ms) || !do_reset)
		shift++;
	if (!xtcp_orphan_too_many(sock_net(sk), shift))
		return false;
	if (idle <= (s32)msecs_to_jiffies(2 * READ_ONCE(xn->msl_ms)) ||
	    (!tcb->snd_wnd && tcb->snd_una == tcb->snd_nxt))
		do_reset = true;
	abort_on_memory(sk, do_reset);
	return true;
}
