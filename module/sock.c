// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the state machine, run on sockets.
 *
 * The state machine (fsm.c) decides; this file carries out what it asks in
 * struct xtcp_fsm_out: queue delivered data, send the segment, arm or stop
 * the retransmission timer, wake the application, hand an established
 * child to its listener, move a connection to TIME-WAIT, or end it. It
 * also feeds the state machine the data of the send queue, one segment at
 * a time within the peer's window (xtcp_sock_push()).
 *
 * Called under the socket lock (see sock.h), except
 * xtcp_sock_listen_rcv(), which only reads its listener.
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/random.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/sock.h>

#include "hash.h"
#include "mib.h"
#include "net.h"
#include "output.h"
#include "sock.h"
#include "timers.h"
#include "tw.h"

atomic_t xtcp_socks_alive = ATOMIC_INIT(0);

/**
 * xtcp_sock_init_private() - set up the xtcp part of a new socket
 * @sk: the socket: new, or a clone whose xtcp part is a stale copy
 */
void xtcp_sock_init_private(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_fsm_init(&xs->tcb, 0, 0, XTCP_MSS_MAX);
	xtcp_timers_init(sk);
	xs->deferred = 0;
	INIT_HLIST_NODE(&xs->bind_node);
	INIT_HLIST_NODE(&xs->conn_node);
	xs->bound = false;
	xs->hashed = false;
	xs->fin_pending = false;
	xs->write_seq = 0;
	xs->rcv_queued = 0;
	xs->rcv_wnd_adv = 0;
	xs->syn_retries = 0;
	spin_lock_init(&xs->acc_lock);
	INIT_LIST_HEAD(&xs->embryos);
	INIT_LIST_HEAD(&xs->acceptq);
	xs->acc_len = 0;
	xs->listen_closed = false;
	xs->parent = NULL;
	INIT_LIST_HEAD(&xs->child_node);
}

/**
 * xtcp_sock_rcv_wnd() - the receive window the socket can offer now
 * @sk: the socket
 *
 * Half of SO_RCVBUF (the value the user set; the kernel doubles it) minus
 * what waits to be read, at most 65535: xtcp has no window scaling yet.
 * As data arrives and is queued the right edge of the window stays put.
 *
 * Return: the window in octets.
 */
u32 xtcp_sock_rcv_wnd(const struct sock *sk)
{
	int space = READ_ONCE(sk->sk_rcvbuf) / 2 -
		    (int)READ_ONCE(xtcp_sk(sk)->rcv_queued);

	return clamp(space, 0, (int)U16_MAX);
}

static void sync_state(struct sock *sk)
{
	int state = xtcp_sk(sk)->tcb.state;

	if (sk->sk_state != state)
		inet_sk_set_state(sk, state);
}

/* Append the octets the state machine accepted to the receive queue. */
static void deliver(struct sock *sk, struct sk_buff *skb,
		    struct xtcp_fsm_out *out)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned int off = XTCP_SKB_CB(skb)->seg.doff * 4 + out->deliver_off;
	struct sk_buff *d = skb_clone(skb, GFP_ATOMIC);

	if (!d || pskb_trim(d, off + out->deliver_len)) {
		/* not taken after all: the ACK must not claim it */
		kfree_skb(d);
		xs->tcb.rcv_nxt -= out->deliver_len;
		out->seg.ack = xs->tcb.rcv_nxt;
		out->actions &= ~XTCP_ACT_EOF;
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_INNOMEM);
		return;
	}
	XTCP_SKB_CB(d)->offset = off;
	skb_set_owner_r(d, sk);
	__skb_queue_tail(&sk->sk_receive_queue, d);
	WRITE_ONCE(xs->rcv_queued, xs->rcv_queued + out->deliver_len);
	sk->sk_data_ready(sk);
}

/* Free what the peer has acknowledged from the send queue. */
static void clean_acked(struct sock *sk)
{
	u32 una = xtcp_sk(sk)->tcb.snd_una;
	struct sk_buff *skb;
	bool freed = false;

	while ((skb = skb_peek(&sk->sk_write_queue)) &&
	       !xtcp_seq_after(XTCP_SKB_CB(skb)->end_seq, una)) {
		__skb_unlink(skb, &sk->sk_write_queue);
		sk_wmem_queued_add(sk, -skb->truesize);
		__kfree_skb(skb);
		freed = true;
	}
	if (freed)
		sk->sk_write_space(sk);
}

static void purge_write_queue(struct sock *sk)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&sk->sk_write_queue))) {
		sk_wmem_queued_add(sk, -skb->truesize);
		__kfree_skb(skb);
	}
}

/* A listener's child leaves its listener's lists: dropped, not accepted. */
static void unlink_child(struct sock *sk)
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
 * xtcp_sock_done() - the connection is over: CLOSED
 * @sk: the socket, locked; the caller holds a reference
 *
 * Stops the timer, empties the send queue, leaves the connection table
 * and, unless the user bound it, the port. The user, if any, is woken.
 */
void xtcp_sock_done(struct sock *sk)
{
	xtcp_timers_rtx_done(sk);
	if (sk->sk_state != TCP_CLOSE)
		inet_sk_set_state(sk, TCP_CLOSE);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	purge_write_queue(sk);
	xtcp_hash_remove(sk);
	unlink_child(sk);
	if (sock_flag(sk, SOCK_DEAD) ||
	    !(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
		xtcp_hash_put_port(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/* T09 on a child: it goes to its listener's accept queue. */
static void child_established(struct sock *sk)
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

/**
 * xtcp_sock_orphan_check() - bound the wait of a closed socket in
 *	FIN-WAIT-2
 * @sk: the socket, locked
 *
 * RFC 793 waits in FIN-WAIT-2 as long as the peer likes. A socket whose
 * user has closed it would then live for ever if the peer never sends its
 * FIN, so, as Linux does (tcp_fin_timeout), it waits 2MSL at most, then
 * resets the connection.
 */
void xtcp_sock_orphan_check(struct sock *sk)
{
	if (sk->sk_state == TCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD))
		xtcp_timers_orphan_waits(sk, 2 *
			READ_ONCE(xtcp_pernet(sock_net(sk))->msl_ms));
}

/**
 * xtcp_sock_apply() - carry out what the state machine asked
 * @sk: the socket, locked
 * @out: the state machine's output
 * @skb: the segment that caused it, for the data to deliver; NULL for an
 *	application call or a timer
 */
void xtcp_sock_apply(struct sock *sk, struct xtcp_fsm_out *out,
		     struct sk_buff *skb)
{
	u32 acts = out->actions;

	sync_state(sk);
	if (out->deliver_len && skb)
		deliver(sk, skb, out);
	if (acts & XTCP_ACT_SEND)
		xtcp_output_seg(sk, &out->seg);
	if (acts & (XTCP_ACT_RTX_STOP | XTCP_ACT_DELETE))
		xtcp_timers_rtx_done(sk);
	if (acts & XTCP_ACT_RTX_ARM)
		xtcp_timers_rtx_wanted(sk, out->rto_ms);
	xtcp_sock_orphan_check(sk);
	clean_acked(sk);
	if (acts & XTCP_ACT_CONNECTED) {
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);
	}
	if (out->actions & XTCP_ACT_EOF) {
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
		sock_set_flag(sk, SOCK_DONE);
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN);
	}
	if (acts & XTCP_ACT_ACCEPT)
		child_established(sk);
	if (acts & XTCP_ACT_TO_LISTEN) {
		xtcp_sock_done(sk);			/* T11 */
		return;
	}
	if ((acts & XTCP_ACT_TW_ARM) && sk->sk_state == TCP_TIME_WAIT) {
		xtcp_tw_enter(sk);
		xtcp_sock_done(sk);
		return;
	}
	if (acts & XTCP_ACT_DELETE) {
		if (out->err) {
			WRITE_ONCE(sk->sk_err, -out->err);
			sk_error_report(sk);
			if (out->err == -ECONNRESET || out->err == -EPIPE)
				XTCP_INC_STATS(sock_net(sk),
					       XTCP_MIB_ESTABRESETS);
		}
		xtcp_sock_done(sk);
	}
}

static void sync_wnd(struct sock *sk)
{
	xtcp_sk(sk)->tcb.rcv_wnd = xtcp_sock_rcv_wnd(sk);
}

static bool can_send_data(const struct sock *sk)
{
	return (1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT);
}

/**
 * xtcp_sock_push() - send what the window allows from the send queue,
 *	then the FIN if the application closed and everything is sent
 * @sk: the socket, locked
 */
void xtcp_sock_push(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_fsm_out out;

	sync_wnd(sk);
	while (can_send_data(sk) && !tcb->fin_sent) {
		u32 unsent = xs->write_seq - tcb->snd_nxt;
		u32 wnd_end = tcb->snd_una + tcb->snd_wnd;
		u32 room = xtcp_seq_after(wnd_end, tcb->snd_nxt) ?
			   wnd_end - tcb->snd_nxt : 0;
		u32 len = min3(unsent, room,
			       min_t(u32, tcb->snd_mss, XTCP_MSS_MAX));

		if (!len)
			break;
		xtcp_fsm_send(tcb, 0, len, &out);
		xtcp_sock_apply(sk, &out, NULL);
		if (out.err)
			return;
	}
	if (xs->fin_pending && tcb->snd_nxt == xs->write_seq &&
	    ((1 << sk->sk_state) &
	     (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_SYN_RECV))) {
		xs->fin_pending = false;
		xtcp_fsm_close(tcb, &out);		/* T10, T12, T19 */
		xtcp_sock_apply(sk, &out, NULL);
	}
}

/*
 * New data for a side that will never read it: the application closed, or
 * shut down reading, and our FIN is out. RFC 1122 4.2.2.13: the TCP SHOULD
 * send a reset to show the data was lost; Linux does, and the sender then
 * gets EPIPE.
 */
static bool data_after_close(struct sock *sk, const struct xtcp_seg *seg)
{
	u32 rcv_nxt = xtcp_sk(sk)->tcb.rcv_nxt;

	return ((1 << sk->sk_state) & (TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2)) &&
	       (sk->sk_shutdown & RCV_SHUTDOWN) && seg->payload_len &&
	       !(seg->flags & XTCP_RST) &&
	       xtcp_seq_after(seg->seq + seg->payload_len, rcv_nxt);
}

/**
 * xtcp_sock_rcv() - a segment arrived for a socket (proto.backlog_rcv)
 * @sk: the socket, locked and not owned by a process
 * @skb: the segment, parsed (XTCP_SKB_CB); consumed
 *
 * Return: 0.
 */
int xtcp_sock_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_fsm_out out;

	if (data_after_close(sk, &XTCP_SKB_CB(skb)->seg)) {
		xtcp_sock_abort(sk, 0);
		consume_skb(skb);
		return 0;
	}
	sync_wnd(sk);
	xtcp_fsm_rcv(&xtcp_sk(sk)->tcb, &XTCP_SKB_CB(skb)->seg, 0, &out);
	xtcp_sock_apply(sk, &out, skb);
	if (can_send_data(sk))
		xtcp_sock_push(sk);
	consume_skb(skb);
	return 0;
}

/* Addresses, TCB and links of a child that a SYN created (T04). */
static void init_child(struct sock *child, struct sock *lsk,
		       struct sk_buff *skb, const struct xtcp_tcb *tcb)
{
	struct inet_sock *inet = inet_sk(child);
	struct xtcp_sock *xs = xtcp_sk(child);
	const struct iphdr *iph = ip_hdr(skb);

	xtcp_sock_init_private(child);
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
 * A new socket with the listener's settings, not locked, with two
 * references. sk_clone_lock() returns it locked; nobody else knows it yet.
 */
static struct sock *clone_listener(struct sock *lsk)
{
	struct sock *child = sk_clone_lock(lsk, GFP_ATOMIC);

	if (!child)
		return NULL;
	atomic_inc(&xtcp_socks_alive);
	__acquire(&child->sk_lock.slock);	/* for sparse: it is locked */
	bh_unlock_sock(child);
	return child;
}

/* Is the listener's queue full? Then a new SYN is dropped. */
static bool listener_full(struct sock *lsk)
{
	return READ_ONCE(xtcp_sk(lsk)->acc_len) >
	       READ_ONCE(lsk->sk_max_ack_backlog);
}

/* Put a new child on its listener's list; false if the listener closed. */
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
 * xtcp_sock_listen_rcv() - a segment arrived for a listener
 * @lsk: the listener, referenced by the caller, not locked
 * @skb: the segment, parsed; consumed
 *
 * The state machine runs on a copy of the listener's TCB: a SYN turns the
 * copy into SYN-RECEIVED (T04), and a child socket is made around it. The
 * listener itself never changes here, so it is only read.
 */
void xtcp_sock_listen_rcv(struct sock *lsk, struct sk_buff *skb)
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
	tcb.mss = xtcp_mss_for_mtu(dst_mtu(skb_dst(skb)));
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
	/* two references: one for us, one for the listener's list */
	init_child(child, lsk, skb, &tcb);
	if (!adopt(lsk, child)) {
		inet_sk_set_state(child, TCP_CLOSE);
		sock_set_flag(child, SOCK_DEAD);
		sock_put(child);
		sock_put(child);
		goto out;
	}
	/* nobody can find the child yet; the lock is for what follows */
	bh_lock_sock(child);
	xtcp_hash_inherit_port(child);
	if (xtcp_hash_insert(child)) {
		xtcp_sock_done(child);
	} else {
		XTCP_INC_STATS(net, XTCP_MIB_PASSIVEOPENS);
		xtcp_sock_apply(child, &out, skb);
	}
	bh_unlock_sock(child);
	sock_put(child);
out:
	consume_skb(skb);
}

/**
 * xtcp_sock_rtx_timeout() - the retransmission timer expired
 * @sk: the socket, locked and not owned by a process
 *
 * T27, T28: the state machine resends or gives up (ETIMEDOUT). For an
 * orphan in FIN-WAIT-2, the wait for the peer's FIN is over: reset.
 */
void xtcp_sock_rtx_timeout(struct sock *sk)
{
	struct xtcp_fsm_out out;

	if (sk->sk_state == TCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD)) {
		xtcp_sock_abort(sk, 0);		/* see xtcp_sock_orphan_check() */
		return;
	}
	sync_wnd(sk);
	xtcp_fsm_rtx_timeout(&xtcp_sk(sk)->tcb, &out);
	if (out.actions & XTCP_ACT_SEND)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_RETRANSSEGS);
	xtcp_sock_apply(sk, &out, NULL);
}

/**
 * xtcp_sock_abort() - drop a connection at once, with a reset if the
 *	peer knows of it
 * @sk: the socket, locked
 * @err: error for the application, or 0
 */
void xtcp_sock_abort(struct sock *sk, int err)
{
	struct xtcp_fsm_out out;

	xtcp_fsm_abort(&xtcp_sk(sk)->tcb, &out);
	if (!out.err)
		out.err = err;
	xtcp_sock_apply(sk, &out, NULL);
	if (sk->sk_state != TCP_CLOSE)
		xtcp_sock_done(sk);
}

/**
 * xtcp_sock_close_children() - a listener closes: reset its children
 * @lsk: the listener, locked by its process
 *
 * Children still in SYN-RECEIVED and established ones nobody accepted get
 * a reset, as with TCP.
 */
void xtcp_sock_close_children(struct sock *lsk)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk), *xs, *tmp;
	LIST_HEAD(kids);

	spin_lock_bh(&lxs->acc_lock);
	lxs->listen_closed = true;
	list_splice_init(&lxs->embryos, &kids);
	list_splice_tail_init(&lxs->acceptq, &kids);
	lxs->acc_len = 0;
	spin_unlock_bh(&lxs->acc_lock);

	list_for_each_entry_safe(xs, tmp, &kids, child_node) {
		struct sock *child = &xs->inet.sk;

		lock_sock_nested(child, SINGLE_DEPTH_NESTING);
		list_del_init(&xs->child_node);
		xs->parent = NULL;
		sock_set_flag(child, SOCK_DEAD);
		xtcp_sock_abort(child, 0);
		release_sock(child);
		sock_put(lsk);
		sock_put(child);	/* the list's reference */
	}
}

/**
 * xtcp_sock_window_update() - call after the application read data
 * @sk: the socket, locked
 *
 * If the window has opened by a segment's worth (or half the buffer)
 * since it was last advertised, an ACK tells the peer, which may be
 * waiting on a zero window.
 */
void xtcp_sock_window_update(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 wnd = xtcp_sock_rcv_wnd(sk);
	u32 grow = wnd > xs->rcv_wnd_adv ? wnd - xs->rcv_wnd_adv : 0;
	struct xtcp_fsm_out out;

	if (!((1 << sk->sk_state) &
	      (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2)))
		return;
	if (!grow || (grow < xs->tcb.mss && grow < READ_ONCE(sk->sk_rcvbuf) / 4))
		return;
	xtcp_fsm_ack(&xs->tcb, &out);
	xtcp_output_seg(sk, &out.seg);
}
