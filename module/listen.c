// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: a listener's side of the passive open.
 *
 * A SYN for a listener makes a child at once (T04): a clone of the
 * listener, with the TCB the state machine made of a copy of the
 * listener's, on the listener's list of children in SYN-RECEIVED. Once
 * established (T09) the child moves to the accept queue; accept() takes
 * it from there (protocol.c). A listener that closes resets the children
 * nobody accepted.
 *
 * xtcp_listen_rcv() runs without the listener's lock: it only reads the
 * listener. The child lists, and who may drop the references a child on
 * them holds, follow the rules above struct xtcp_sock (sock.h).
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/module.h>
#include <linux/random.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>

#include "hash.h"
#include "listen.h"
#include "lsm.h"
#include "mem.h"
#include "mib.h"
#include "output.h"
#include "sock.h"
#include "sockopt.h"

/**
 * xtcp_listen_unlink_child() - a listener's child leaves its listener's
 *	lists: dropped, not accepted
 * @sk: the child, locked
 *
 * If the child is still on a list, this call takes it off and drops the
 * two references the list held. If not, whoever took it off (accept(),
 * a closing listener) owns them and clears @parent under the child's
 * lock, which we hold: @parent is still valid here.
 */
void xtcp_listen_unlink_child(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sock *lsk = xs->parent;
	bool was = false;

	if (!lsk)
		return;
	spin_lock_bh(&xtcp_sk(lsk)->acc_lock);
	if (!list_empty(&xs->child_node)) {
		list_del_init(&xs->child_node);
		xtcp_sk(lsk)->acc_len--;
		was = true;
	}
	spin_unlock_bh(&xtcp_sk(lsk)->acc_lock);
	if (!was)
		return;		/* accept() took it meanwhile */
	xs->parent = NULL;
	sock_set_flag(sk, SOCK_DEAD);
	sock_put(lsk);
	__sock_put(sk);		/* the list's reference */
}

/**
 * xtcp_listen_child_established() - T09 on a child: it goes to its
 *	listener's accept queue (or is reset if the listener closed)
 * @sk: the child, locked
 */
void xtcp_listen_child_established(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sock *lsk = xs->parent;
	struct xtcp_sock *lxs;
	bool closed;

	if (WARN_ON_ONCE(!lsk))
		return;
	lxs = xtcp_sk(lsk);
	spin_lock_bh(&lxs->acc_lock);
	closed = lxs->listen_closed;
	if (!closed && !list_empty(&xs->child_node))
		list_move_tail(&xs->child_node, &lxs->acceptq);
	spin_unlock_bh(&lxs->acc_lock);
	if (closed)
		xtcp_sock_abort(sk, 0);
	else
		lsk->sk_data_ready(lsk);
}

/* Addresses, TCB and links of a child that a SYN created (T04). */
static void init_child(struct sock *child, struct sock *lsk,
		       struct sk_buff *skb, const struct xtcp_tcb *tcb)
{
	struct inet_sock *inet = inet_sk(child);
	struct xtcp_sock *xs = xtcp_sk(child);
	const struct iphdr *iph = ip_hdr(skb);
	const struct xtcp_cong_ops *cc;

	xtcp_sock_init_private(child);
	/*
	 * The listener's algorithm, if its module can still be pinned. Read
	 * once: TCP_CONGESTION may change it now, under the listener's lock,
	 * which we do not hold. The one we read outlives this softirq: a
	 * module is freed an RCU grace period after its last reference went.
	 */
	cc = READ_ONCE(xtcp_sk(lsk)->cc.ops);
	if (try_module_get(cc->owner))
		xs->cc.ops = cc;
	xtcp_sockopt_inherit(child, lsk);
	xs->tcb = *tcb;
	xs->write_seq = tcb->iss + 1;
	inet->inet_daddr = iph->saddr;
	inet->inet_rcv_saddr = iph->daddr;
	inet->inet_saddr = iph->daddr;
	inet->inet_dport = htons(tcb->dport);
	inet->inet_sport = inet_sk(lsk)->inet_sport;
	inet->inet_num = inet_sk(lsk)->inet_num;
	RCU_INIT_POINTER(inet->inet_opt, NULL);
	inet->mc_list = NULL;
	atomic_set(&inet->inet_id, get_random_u16());
	child->sk_ack_backlog = 0;
	sock_reset_flag(child, SOCK_DEAD);
	/* a copy of a listener, but no listener: lookups must not take it */
	inet_sk_set_state(child, tcb->state);
}

/*
 * A new socket with the listener's settings, with two references, locked
 * (bh_lock_sock(), as sk_clone_lock() returns it): it stays locked until
 * it is on its listener's list, in the tables and its SYN,ACK is out, so
 * whoever finds it there finds it whole. Its buffers are charged to the
 * listener's memory cgroup (mem.c).
 */
static struct sock *clone_listener(struct sock *lsk)
{
	struct sock *child = sk_clone_lock(lsk, GFP_ATOMIC);

	if (!child)
		return NULL;
	atomic_inc(&xtcp_socks_alive);
	xtcp_mem_inherit_memcg(lsk, child);
	return child;
}

/*
 * The MSS to offer a peer that sent a SYN: from the route back to it, as
 * the child will send (the SYN's own route is the local input one, whose
 * device is loopback, whatever the SYN came through).
 */
static u16 route_mss(struct net *net, __be32 saddr, __be32 daddr)
{
	struct flowi4 fl4 = { .daddr = daddr, .saddr = saddr };
	struct rtable *rt = ip_route_output_key(net, &fl4);
	u16 mss;

	if (IS_ERR(rt))
		return XTCP_MSS_DEFAULT;
	mss = xtcp_mss_for_mtu(dst_mtu(&rt->dst));
	ip_rt_put(rt);
	return mss;
}

/* Is the listener's queue full? Then a new SYN is dropped. */
static bool listener_full(struct sock *lsk)
{
	return READ_ONCE(xtcp_sk(lsk)->acc_len) >
	       READ_ONCE(lsk->sk_max_ack_backlog);
}

/*
 * Put a new child, locked, on its listener's list; false if the listener
 * closed.
 */
static bool adopt(struct sock *lsk, struct sock *child)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk);
	bool ok;

	spin_lock(&lxs->acc_lock);
	ok = !lxs->listen_closed;
	if (ok) {
		list_add_tail(&xtcp_sk(child)->child_node, &lxs->embryos);
		lxs->acc_len++;
		xtcp_sk(child)->parent = lsk;
		sock_hold(lsk);
	}
	spin_unlock(&lxs->acc_lock);
	return ok;
}

/**
 * xtcp_listen_rcv() - a segment arrived for a listener
 * @lsk: the listener, referenced by the caller, not locked
 * @skb: the segment, parsed; consumed
 *
 * The state machine runs on a copy of the listener's TCB: a SYN turns the
 * copy into SYN-RECEIVED (T04), and a child socket is made around it. The
 * listener itself never changes here, so it is only read.
 */
void xtcp_listen_rcv(struct sock *lsk, struct sk_buff *skb)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	const struct iphdr *iph = ip_hdr(skb);
	struct net *net = sock_net(lsk);
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;
	struct sock *child;

	if ((seg->flags & (XTCP_SYN | XTCP_ACK | XTCP_RST)) == XTCP_SYN &&
	    listener_full(lsk)) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENDROPS);
		goto out;
	}
	tcb = xtcp_sk(lsk)->tcb;
	if (tcb.state != TCP_LISTEN)
		goto out;
	tcb.mss = xtcp_sockopt_mss(lsk, route_mss(net, iph->daddr, iph->saddr));
	/* the child's window shift, for the buffer it inherits */
	tcb.rcv_wscale = xtcp_sock_rcv_wscale(lsk);
	tcb.rcv_wnd = xtcp_sock_rcv_wnd(lsk);
	xtcp_fsm_rcv(&tcb, seg, get_random_u32(), &out);
	if (tcb.state == TCP_LISTEN) {
		if (out.actions & XTCP_ACT_SEND)
			xtcp_output_ctl(net, iph->daddr, iph->saddr, 0,
					&out.seg);
		goto out;
	}
	child = clone_listener(lsk);
	if (!child) {
		XTCP_INC_STATS(net, XTCP_MIB_INNOMEM);
		goto out;
	}
	__acquire(&child->sk_lock.slock);	/* for sparse: it is locked */
	/* two references: one for us, one for the listener's list */
	init_child(child, lsk, skb, &tcb);
	if (!xtcp_lsm_conn_request(lsk, child, skb) || !adopt(lsk, child)) {
		inet_sk_set_state(child, TCP_CLOSE);
		sock_set_flag(child, SOCK_DEAD);
		bh_unlock_sock(child);
		sock_put(child);
		sock_put(child);
		goto out;
	}
	/* locked: a listener closing now waits for the child to be whole */
	xtcp_hash_inherit_port(child);
	if (xtcp_hash_insert(child)) {
		xtcp_sock_done(child);
	} else {
		XTCP_INC_STATS(net, XTCP_MIB_PASSIVEOPENS);
		xtcp_sock_syn_sent(child);
		xtcp_sock_apply(child, &out, skb);
	}
	bh_unlock_sock(child);
	sock_put(child);
out:
	consume_skb(skb);
}

/**
 * xtcp_listen_take_child() - take a child off its listener's lists
 * @lsk: the listener
 * @embryos: look at the children in SYN-RECEIVED first (a closing
 *	listener); if false, only the established ones (accept())
 *
 * Context: takes @lsk's acc_lock.
 *
 * Return: the child, with the two references its list held (sock.h), or
 * NULL when none is left.
 */
struct sock *xtcp_listen_take_child(struct sock *lsk, bool embryos)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk), *xs = NULL;

	spin_lock_bh(&lxs->acc_lock);
	if (embryos)
		xs = list_first_entry_or_null(&lxs->embryos, struct xtcp_sock,
					      child_node);
	if (!xs)
		xs = list_first_entry_or_null(&lxs->acceptq, struct xtcp_sock,
					      child_node);
	if (xs) {
		list_del_init(&xs->child_node);
		lxs->acc_len--;
	}
	spin_unlock_bh(&lxs->acc_lock);
	return xs ? &xs->inet.sk : NULL;
}

/**
 * xtcp_listen_close_children() - a listener closes: reset its children
 * @lsk: the listener, locked by its process
 *
 * Children still in SYN-RECEIVED and established ones nobody accepted get
 * a reset, as with TCP. Each is taken off its list under @acc_lock, one
 * at a time, while softirq may end others (xtcp_listen_unlink_child());
 * one that ended before we locked it is CLOSE already and only gives its
 * port back.
 */
void xtcp_listen_close_children(struct sock *lsk)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk);
	struct sock *child;

	spin_lock_bh(&lxs->acc_lock);
	lxs->listen_closed = true;
	spin_unlock_bh(&lxs->acc_lock);

	while ((child = xtcp_listen_take_child(lsk, true))) {
		lock_sock_nested(child, SINGLE_DEPTH_NESTING);
		xtcp_sk(child)->parent = NULL;
		sock_set_flag(child, SOCK_DEAD);
		if (child->sk_state == TCP_CLOSE)
			xtcp_sock_done(child);
		else
			xtcp_sock_abort(child, 0);
		release_sock(child);
		sock_put(lsk);
		sock_put(child);	/* the list's reference */
	}
}
