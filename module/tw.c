// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: connections in TIME-WAIT, without their socket (see tw.h).
 *
 * Life of an entry: xtcp_tw_enter() makes it from a socket entering
 * TIME-WAIT and puts it in the tables, which hold its first reference.
 * Segments for its 4-tuple run the state machine on its TCB (T22, T23);
 * its 2MSL timer, the unload or the namespace's exit takes it out (T21).
 * Whoever takes it out of the tables sets @dead under @lock and drops the
 * tables' reference; nothing restarts the timer of a dead entry. The last
 * reference frees it after an RCU grace period: lookups read the
 * connection table's chains under RCU alone (hash.c).
 *
 * A namespace holds net.xtcp.tcp_max_tw_buckets entries at most
 * (&xtcp_net.tw_count counts those in the tables): past it a connection
 * closes without TIME-WAIT, as Linux's tcp_time_wait() does.
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/net.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "compat.h"
#include "hash.h"
#include "interop.h"
#include "net.h"
#include "mib.h"
#include "output.h"
#include "ratelimit.h"
#include "sock.h"
#include "timers.h"
#include "tsopt.h"
#include "tw.h"

static struct kmem_cache *tw_cache;

/* A lookup under RCU may still be reading @tw's 4-tuple until now. */
static void free_tw(struct rcu_head *head)
{
	kmem_cache_free(tw_cache, container_of(head, struct xtcp_tw, rcu));
}

static u32 two_msl_ms(struct net *net)
{
	return 2 * READ_ONCE(xtcp_pernet(net)->msl_ms);
}

/*
 * The TCB the state machine needs in TIME-WAIT, from what the entry kept:
 * what it answers with (SND.NXT, RCV.NXT, the window) and what it checks.
 */
static void tw_tcb(const struct xtcp_tw *tw, struct xtcp_tcb *tcb)
{
	xtcp_fsm_init(tcb, ntohs(tw->conn.addrs.lport),
		      ntohs(tw->conn.addrs.rport), 0);
	tcb->state = TCP_TIME_WAIT;
	tcb->snd_una = tw->snd_nxt;
	tcb->snd_nxt = tw->snd_nxt;
	tcb->rcv_nxt = tw->rcv_nxt;
	tcb->rcv_adv = tw->rcv_nxt + tw->rcv_wnd;
	tcb->rcv_wnd = tw->rcv_wnd;
	tcb->rcv_wscale = tw->rcv_wscale;
	tcb->fin_sent = true;
}

/**
 * xtcp_tw_put() - drop a reference to a TIME-WAIT entry
 * @tw: the entry
 */
void xtcp_tw_put(struct xtcp_tw *tw)
{
	if (refcount_dec_and_test(&tw->ref)) {
		xtcp_resv_put(tw->resv);	/* the port is TCP's again */
		call_rcu(&tw->rcu, free_tw);
	}
}

XTCP_KUNIT_EXPORT(xtcp_tw_put);

/* Take @tw out of the tables. Return: true if this call did. */
static bool unlink_tw(struct xtcp_tw *tw)
{
	bool was = false;

	spin_lock_bh(&tw->lock);
	if (!tw->dead) {
		tw->dead = true;
		was = xtcp_hash_tw_remove(tw);
		atomic_dec(&xtcp_pernet(xtcp_tw_net(tw))->tw_count);
	}
	spin_unlock_bh(&tw->lock);
	return was;
}

/* Room for one more entry in @net? If so, it is counted. */
static bool tw_room(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	if (atomic_inc_return(&xn->tw_count) <=
	    READ_ONCE(xn->max_tw_buckets))
		return true;
	atomic_dec(&xn->tw_count);
	XTCP_INC_STATS(net, XTCP_MIB_TCPTIMEWAITOVERFLOW);
	net_info_ratelimited("time wait bucket table overflow\n");
	return false;
}

/**
 * xtcp_tw_enter() - a socket's connection enters TIME-WAIT
 * @sk: the socket, locked, its TCB in TIME-WAIT, still in the tables
 *
 * The entry takes the socket's 4-tuple and port; the caller then takes
 * the socket out of the tables. Past net.xtcp.tcp_max_tw_buckets entries
 * in the namespace, or without memory for one, TIME-WAIT is cut short, as
 * Linux does.
 */
void xtcp_tw_enter(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	const struct xtcp_tcb *tcb;
	struct xtcp_tw *tw;

	if (!tw_room(net))
		return;
	tw = kmem_cache_zalloc(tw_cache, GFP_ATOMIC);
	if (!tw) {
		atomic_dec(&xtcp_pernet(net)->tw_count);
		return;
	}
	write_pnet(&tw->net, net);
	tw->af = xtcp_sk(sk)->af;
	tw->af->sk_addrs(sk, &tw->conn.addrs);
	tw->rcv_saddr = inet->inet_rcv_saddr;
	tw->family = sk->sk_family;
	tw->v6only = ipv6_only_sock(sk);
	tw->reuse = sk->sk_reuse;
	tw->connect_port = xtcp_sk(sk)->connect_port;
	tw->interop = xtcp_sk(sk)->interop;
	tw->resv = xtcp_resv_hold(xtcp_sk(sk)->resv);
	tw->tos = inet->tos;
	tcb = &xtcp_sk(sk)->tcb;
	tw->snd_nxt = tcb->snd_nxt;
	tw->rcv_nxt = tcb->rcv_nxt;
	tw->rcv_wnd = tcb->rcv_wnd;
	tw->rcv_wscale = tcb->rcv_wscale;
	tw->last_oow_ack = 0;	/* as Linux: its own rate limit */
	if (tcb->ts.ok) {
		tw->ts_recent = tcb->ts.recent;
		tw->ts_recent_stamp = tcb->ts.recent_stamp;
		tw->ts_offset = tcb->ts.offset;
	}
	refcount_set(&tw->ref, 1);
	spin_lock_init(&tw->lock);
	INIT_HLIST_NODE(&tw->bind_node);
	xtcp_timers_tw_init(tw);
	spin_lock_bh(&tw->lock);
	xtcp_hash_tw_insert(tw);
	xtcp_timers_tw_entered(tw, two_msl_ms(net));
	spin_unlock_bh(&tw->lock);
}

XTCP_KUNIT_EXPORT(xtcp_tw_enter);

/**
 * xtcp_tw_rcv() - a segment arrived for a connection in TIME-WAIT
 * @tw: the entry, referenced by the caller
 * @skb: the segment, parsed (XTCP_SKB_CB); consumed
 *
 * T22: a retransmitted FIN is acknowledged again and restarts 2MSL. T23:
 * a SYN for the 4-tuple is answered with that ACK too, and creates
 * nothing, unless it is past the old connection in sequence space or
 * timestamps (xtcp_ts_tw_new_syn(), Linux's TCP_TW_SYN): then the entry
 * ends and the caller gives the SYN to the listener. The ACKs to anything
 * else but a bare ACK at RCV.NXT (dropped) are rate-limited per entry, as
 * Linux's (ratelimit.h).
 *
 * Return: true if the entry ended for a new SYN, which the caller still
 * owns; false if @skb was consumed.
 */
bool xtcp_tw_rcv(struct xtcp_tw *tw, struct sk_buff *skb)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct net *net = xtcp_tw_net(tw);
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;
	bool paws, mine;

	spin_lock(&tw->lock);
	if (tw->dead) {
		spin_unlock(&tw->lock);
		consume_skb(skb);
		return false;
	}
	paws = xtcp_ts_tw_rcv(net, &tw->ts_recent, &tw->ts_recent_stamp, seg,
			      tw->rcv_nxt);
	if (!paws && xtcp_ts_tw_new_syn(seg, tw->rcv_nxt, tw->ts_recent,
					tw->ts_recent_stamp)) {
		/* the running expiry, if any, finds it dead */
		tw->dead = true;
		mine = xtcp_hash_tw_remove(tw);
		atomic_dec(&xtcp_pernet(net)->tw_count);
		spin_unlock(&tw->lock);
		xtcp_timers_tw_killed(tw);
		if (mine)
			xtcp_tw_put(tw);
		return true;
	}
	tw_tcb(tw, &tcb);
	if (paws) {
		xtcp_fsm_ack(&tcb, &out);
		out.actions = seg->flags & XTCP_RST ? 0 :
			      XTCP_ACT_SEND | XTCP_ACT_ACK_INVALID;
	} else {
		xtcp_fsm_rcv(&tcb, seg, 0, &out);
	}
	if (out.actions & XTCP_ACT_TW_ARM)
		xtcp_timers_tw_entered(tw, two_msl_ms(net));
	if ((out.actions & XTCP_ACT_SEND) &&
	    xtcp_ratelimit_skip(net, &out, seg, &tw->last_oow_ack,
				XTCP_MIB_TCPACKSKIPPEDTIMEWAIT))
		out.actions &= ~XTCP_ACT_SEND;
	if (out.actions & XTCP_ACT_SEND)
		xtcp_ts_tw_fill(tw->ts_recent, tw->ts_recent_stamp,
				tw->ts_offset, &out.seg);
	spin_unlock(&tw->lock);
	if (out.actions & XTCP_ACT_SEND)
		xtcp_output_ctl(net, tw->af, tw->interop, &tw->conn.addrs,
				tw->tos, &out.seg);
	consume_skb(skb);
	return false;
}

/**
 * xtcp_tw_expired() - the 2MSL timer of an entry expired
 * @tw: the entry
 *
 * T21: TIME-WAIT -> CLOSED; the 4-tuple and the port are free again.
 */
void xtcp_tw_expired(struct xtcp_tw *tw)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;
	bool mine = false;

	spin_lock(&tw->lock);
	if (!tw->dead && !xtcp_timers_tw_rearmed(tw)) {
		tw_tcb(tw, &tcb);
		xtcp_fsm_tw_timeout(&tcb, &out);
		tw->dead = true;
		mine = xtcp_hash_tw_remove(tw);
		atomic_dec(&xtcp_pernet(xtcp_tw_net(tw))->tw_count);
	}
	spin_unlock(&tw->lock);
	if (mine)
		xtcp_tw_put(tw);
}

/**
 * xtcp_tw_kill() - end a TIME-WAIT entry at once (unload, netns exit)
 * @tw: the entry, referenced by the caller
 *
 * Context: process context; waits for a running expiry.
 */
void xtcp_tw_kill(struct xtcp_tw *tw)
{
	bool mine = unlink_tw(tw);

	xtcp_timers_tw_killed(tw);
	if (mine)
		xtcp_tw_put(tw);
}

XTCP_KUNIT_EXPORT(xtcp_tw_kill);

/**
 * xtcp_tw_init() - create the cache of TIME-WAIT entries
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_tw_init(void)
{
	/*
	 * Charged to the memory cgroup, as Linux's tw_sock_TCP. Not
	 * cache-line aligned (192 octets are three lines anyway); entries
	 * are written at entry, at expiry and by the rare segment, not on a
	 * fast path.
	 */
	tw_cache = kmem_cache_create("xtcp_tw", sizeof(struct xtcp_tw), 0,
				     SLAB_ACCOUNT, NULL);
	return tw_cache ? 0 : -ENOMEM;
}

/**
 * xtcp_tw_exit() - end every TIME-WAIT entry and destroy the cache
 *
 * Context: after the IP handler is gone, so no new entry appears.
 */
void xtcp_tw_exit(void)
{
	unsigned int cursor = 0;
	struct xtcp_tw *tw;

	while ((tw = xtcp_hash_any_tw(NULL, &cursor))) {
		xtcp_tw_kill(tw);
		xtcp_tw_put(tw);
	}
	/*
	 * An expiry that took its entry out of the tables may still be
	 * dropping the last reference; it runs in softirq context, which a
	 * grace period waits for. Then the frees it queued have to run.
	 */
	synchronize_rcu();
	rcu_barrier();
	kmem_cache_destroy(tw_cache);
}
