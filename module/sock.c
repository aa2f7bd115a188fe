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
 * Called under the socket lock (see sock.h). A listener's side, the
 * children a SYN makes, is listen.c.
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/module.h>
#include <linux/security.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>

#include "clock.h"
#include "compat.h"
#include "gso.h"
#include "hash.h"
#include "keepalive.h"
#include "listen.h"
#include "mem.h"
#include "mib.h"
#include "net.h"
#include "ofo.h"
#include "ondemand.h"
#include "orphan.h"
#include "output.h"
#include "rcvbuf.h"
#include "sock.h"
#include "sockopt.h"
#include "timers.h"
#include "tsopt.h"
#include "tw.h"
#include "window.h"

/* The window memory gives, as tcp_win_from_space(): half of it. */
static u32 win_from_space(int space)
{
	return xtcp_window_from_space(max(space, 0), XTCP_ADV_WIN_SCALE);
}

/* The window the whole receive buffer gives: half of it, as in TCP. */
static u32 rcv_buf_wnd(const struct sock *sk)
{
	return win_from_space(READ_ONCE(sk->sk_rcvbuf));
}

/**
 * xtcp_sock_tcb_init() - a fresh TCB, in CLOSED, for a socket
 * @sk: the socket
 * @sport: local port
 * @dport: foreign port, 0 if unspecified
 * @mss: MSS to advertise on our SYN
 *
 * xtcp_fsm_init() with the namespace's RTO bounds (net.xtcp.rto_*_ms) and
 * least send MSS (net.xtcp.tcp_min_snd_mss), and the window shift our SYN
 * will offer, for the window the receive buffer gives now (connect() calls
 * it just before the SYN; a listener's children get theirs when the SYN
 * arrives, xtcp_listen_rcv()).
 */
void xtcp_sock_tcb_init(struct sock *sk, u16 sport, u16 dport, u16 mss)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;

	xtcp_fsm_init(tcb, sport, dport, mss);
	xtcp_rtt_init(&tcb->rtt, READ_ONCE(xn->rto_min_ms),
		      READ_ONCE(xn->rto_max_ms));
	tcb->min_snd_mss = READ_ONCE(xn->min_snd_mss);
	tcb->rcv_wscale = xtcp_sock_rcv_wscale(sk);
	tcb->sack_ok = READ_ONCE(xn->tcp_sack);	/* our SYN offers it */
}

/**
 * xtcp_sock_rcv_wscale() - the window shift for a socket's receive buffer
 * @sk: the socket (or the listener whose buffer a child inherits)
 *
 * For the largest buffer autotuning may give it (xtcp_rcvbuf_max()).
 *
 * Return: the shift our SYN or SYN,ACK offers (xtcp_window_shift_for()).
 */
u8 xtcp_sock_rcv_wscale(const struct sock *sk)
{
	return xtcp_window_shift_for(win_from_space(xtcp_rcvbuf_max(sk)));
}

/**
 * xtcp_sock_syn_sent() - call after sending our SYN or SYN,ACK the first
 *	time
 * @sk: the socket, locked
 *
 * Times it: its ACK is the first round-trip time sample.
 */
void xtcp_sock_syn_sent(struct sock *sk)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;

	xtcp_rtt_sent(&tcb->rtt, tcb->iss + 1, xtcp_clock_us(sk));
}

/**
 * xtcp_sock_init_private() - set up the xtcp part of a new socket
 * @sk: the socket: new, or a clone whose xtcp part is a stale copy
 */
void xtcp_sock_init_private(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_sock_tcb_init(sk, 0, 0, XTCP_MSS_MAX);
	xtcp_timers_init(sk);
	xs->clock_depth = 0;		/* a clone's copy is its parent's */
	xs->rcv_wake = false;
	xs->deferred = 0;
	xs->tsq_flags = 0;
	sk->sk_gso_type = XTCP_SK_GSO_TYPE;	/* aggregates: gso.c */
	INIT_HLIST_NODE(&xs->bind_node);
	xs->conn.node.pprev = NULL;	/* unhashed */
	xs->listen_node.pprev = NULL;
	xs->bound = false;
	xs->connect_port = false;
	xs->hashed = false;
	xs->fin_pending = false;
	xs->write_seq = 0;
	xs->snd_hint = NULL;
	xs->rcv_queued = 0;
	xs->sndbuf_goal = READ_ONCE(sk->sk_sndbuf);
	xs->rcv_wnd_adv = 0;
	xtcp_ofo_init(&xs->ofo);
	xs->ofo_fin = false;
	memset(&xs->sack_rcv, 0, sizeof(xs->sack_rcv));
	xs->sack_board = NULL;		/* ondemand.c */
	xs->dsack_dups = 0;
	memset(&xs->ecn, 0, sizeof(xs->ecn));	/* our SYN decides: ecn.c */
	/* net.xtcp.tcp_congestion_control; the destructor puts it */
	xs->cc.ops = xtcp_cong_get_default(xtcp_pernet(sock_net(sk)));
	xs->cc.timed = NULL;		/* ondemand.c */
	memset(&xs->rack, 0, sizeof(xs->rack));	/* its records: ondemand.c */
	xtcp_cong_start(&xs->cc, XTCP_MSS_DEFAULT, 0);
	xs->syn_retries = 0;
	xs->nodelay = false;
	xs->user_timeout_ms = 0;
	xs->rtx_start_us = 0;
	spin_lock_init(&xs->acc_lock);
	INIT_LIST_HEAD(&xs->embryos);
	INIT_LIST_HEAD(&xs->acceptq);
	xs->syn_qlen = 0;
	xs->synq_overflow_ts = 0;
	xs->synflood_warned = 0;
	xs->listen_closed = false;
	xs->parent = NULL;
	INIT_LIST_HEAD(&xs->child_node);
	xs->on_acceptq = false;
	xtcp_sockopt_init(sk);
	xtcp_fastopen_init(sk);
	xtcp_delack_init(&xs->delack, XTCP_MSS_DEFAULT);
	memset(&xs->persist, 0, sizeof(xs->persist));
	xs->mtu_info = 0;
}

/**
 * xtcp_sock_rcv_wnd() - the receive window the socket can offer now
 * @sk: the socket
 *
 * As Linux (tcp_space()): half of the receive buffer memory not yet used,
 * SO_RCVBUF (the value the user set; the kernel doubles it) minus
 * sk_rmem_alloc, the truesize of the receive and out-of-order queues:
 * see xtcp_window_from_space(). At most what the window shift can express
 * (65535 << rcv_wscale; 65535 without window scaling), with silly window
 * avoidance and the right edge never moving left: see
 * xtcp_window_offer(). As data arrives and is queued the right edge
 * of the window stays put. While the protocol or the socket's memory
 * cgroup is under memory pressure (mem.c), the window does not open past
 * four segments of our MSS, as tcp_adjust_rcv_ssthresh() makes TCP's.
 * TCP_WINDOW_CLAMP bounds it (but the edge still never moves left).
 *
 * Return: the window in octets, for RCV.WND and the next segment.
 */
u32 xtcp_sock_rcv_wnd(const struct sock *sk)
{
	const struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	int space = READ_ONCE(sk->sk_rcvbuf) -
		    atomic_read(&sk->sk_rmem_alloc);
	u32 clamp = READ_ONCE(xtcp_sk(sk)->window_clamp);
	u32 wnd = win_from_space(space), buf = rcv_buf_wnd(sk);

	if (sk_under_memory_pressure(sk))
		wnd = min_t(u32, wnd, 4 * tcb->mss);
	if (clamp) {			/* TCP_WINDOW_CLAMP */
		wnd = min(wnd, clamp);
		buf = min(buf, clamp);
	}
	return xtcp_window_offer(tcb, wnd, buf);
}

/*
 * The socket's sk_state follows the TCB, but for TIME-WAIT: a full socket
 * must never be seen in TCP_TIME_WAIT, which the kernel takes to mean an
 * inet_timewait_sock (sk_fullsock(); skb_set_owner_w() would then hold it
 * as one, and its destructor free it as one). A connection in TIME-WAIT
 * becomes an xtcp_tw entry (tw.c) and its socket goes to CLOSE.
 */
static void sync_state(struct sock *sk)
{
	int state = xtcp_sk(sk)->tcb.state;

	if (sk->sk_state != state && state != TCP_TIME_WAIT)
		inet_sk_set_state(sk, state);
}

/* Put a segment (or what is left of it) on the receive queue. */
static void queue_rcv(struct sock *sk, struct sk_buff *skb, u32 len)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	__skb_queue_tail(&sk->sk_receive_queue, skb);
	WRITE_ONCE(xs->rcv_queued, xs->rcv_queued + len);
}

/*
 * In-order data filled a gap: what the out-of-order queue holds from
 * RCV.NXT on follows it, and the ACK says so.
 */
static void ofo_drain(struct sock *sk, struct xtcp_fsm_out *out)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct sk_buff *skb;

	while ((skb = xtcp_ofo_next(&xs->ofo, tcb->rcv_nxt))) {
		u32 len = XTCP_SKB_CB(skb)->end_seq - XTCP_SKB_CB(skb)->seq;

		if (pskb_trim(skb, XTCP_SKB_CB(skb)->offset + len)) {
			kfree_skb(skb);
			break;
		}
		queue_rcv(sk, skb, len);
		tcb->rcv_nxt += len;
	}
	out->seg.ack = tcb->rcv_nxt;
}

/*
 * Append @len octets of @skb, from @off, to the tail of the receive queue
 * if they fit in its room (as tcp_try_coalesce(): a run of small segments
 * costs one skb, not one each). Only a linear tail that nothing else
 * shares can grow.
 *
 * Return: true if the octets were taken; the caller keeps @skb.
 */
static bool coalesce(struct sock *sk, const struct sk_buff *skb,
		     unsigned int off, unsigned int len)
{
	struct sk_buff *tail = skb_peek_tail(&sk->sk_receive_queue);

	if (!tail || skb_cloned(tail) || skb_is_nonlinear(tail) ||
	    skb_tailroom(tail) < len)
		return false;
	if (skb_copy_bits(skb, off, skb_put(tail, len), len)) {
		__skb_trim(tail, tail->len - len);
		return false;
	}
	WRITE_ONCE(xtcp_sk(sk)->rcv_queued, xtcp_sk(sk)->rcv_queued + len);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_RCVCOALESCE);
	return true;
}

/* Does an skb carry little data for the memory it takes? */
static bool wasteful(const struct sk_buff *skb)
{
	return win_from_space(skb->truesize) >
	       skb->len - XTCP_SKB_CB(skb)->offset;
}

/* The skbs collapse() fills: one page each, as tcp_collapse(). */
#define XTCP_COLLAPSE_SIZE	SKB_MAX_ORDER(0, 0)

/* Queue an skb collapse() filled on @q, charged to the socket. */
static void collapse_flush(struct sock *sk, struct sk_buff_head *q,
			   struct sk_buff *n)
{
	if (!n)
		return;
	if (!n->len) {
		kfree_skb(n);
		return;
	}
	skb_set_owner_r(n, sk);
	__skb_queue_tail(q, n);
}

/*
 * Copy the unread octets of the wasteful skbs of the receive queue (small
 * segments, each with a whole skb around it) into as few page-sized skbs
 * as they fill, in order, and free the old ones, as tcp_collapse() does.
 * Those that use their memory well stay as they are. If memory runs out
 * the rest stays as it is, the skb cut short keeping what was not copied.
 */
static void collapse(struct sock *sk)
{
	struct sk_buff *skb, *n = NULL;
	struct sk_buff_head q;
	unsigned int off, len;

	__skb_queue_head_init(&q);
	while ((skb = __skb_dequeue(&sk->sk_receive_queue))) {
		if (!wasteful(skb)) {
			collapse_flush(sk, &q, n);
			n = NULL;
			__skb_queue_tail(&q, skb);
			continue;
		}
		off = XTCP_SKB_CB(skb)->offset;
		while (off < skb->len) {
			if (!n || !skb_tailroom(n)) {
				collapse_flush(sk, &q, n);
				n = alloc_skb(XTCP_COLLAPSE_SIZE, GFP_ATOMIC);
				if (!n)
					break;
			}
			len = min_t(unsigned int, skb->len - off,
				    skb_tailroom(n));
			if (WARN_ON_ONCE(skb_copy_bits(skb, off,
						       skb_put(n, len), len))) {
				__skb_trim(n, n->len - len);
				break;
			}
			off += len;
		}
		XTCP_SKB_CB(skb)->offset = off;
		if (off < skb->len) {		/* out of memory: stop here */
			collapse_flush(sk, &q, n);
			n = NULL;
			__skb_queue_tail(&q, skb);
			skb_queue_splice_tail_init(&sk->sk_receive_queue, &q);
			break;
		}
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_RCVCOLLAPSED);
		consume_skb(skb);
	}
	collapse_flush(sk, &q, n);
	skb_queue_splice(&q, &sk->sk_receive_queue);
}

/* Is the receive buffer full: sk_rmem_alloc past SO_RCVBUF? */
static bool rmem_full(const struct sock *sk)
{
	return atomic_read(&sk->sk_rmem_alloc) > READ_ONCE(sk->sk_rcvbuf);
}

/*
 * May @skb join the socket's queues? Only within SO_RCVBUF, and if the
 * protocol and the memory cgroup grant the memory, which is then charged
 * to the socket's forward allocation (sk_rmem_schedule(); skb_set_owner_r()
 * takes it from there).
 */
static bool rmem_room(struct sock *sk, struct sk_buff *skb)
{
	return !rmem_full(sk) && sk_rmem_schedule(sk, skb, skb->truesize);
}

/*
 * No room for @skb: make some as tcp_prune_queue() and
 * tcp_try_rmem_schedule() do, collapsing the receive queue, then, if that
 * was not enough, dropping the out-of-order queue (its data was never
 * acknowledged: the peer sends it again). What they free goes back to
 * the protocol.
 *
 * Return: true if @skb may be queued now.
 */
static bool prune(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	collapse(sk);
	sk_mem_reclaim(sk);
	if (rmem_room(sk, skb))
		return true;
	if (xtcp_ofo_empty(&xs->ofo))
		return false;
	xtcp_sock_purge_ofo(sk);
	sk_mem_reclaim(sk);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_OFOPRUNED);
	return rmem_room(sk, skb);
}

/*
 * The octets the state machine took are not queued after all: RCV.NXT
 * goes back, and the ACK must not claim them. Never with a FIN taken:
 * the state machine takes one only after all the data (KUnit
 * xtcp_fsm_fin_taken_with_all_data), and a segment with a FIN is never
 * dropped here.
 */
static void untake(struct sock *sk, struct xtcp_fsm_out *out, int mib)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	WARN_ON_ONCE(out->actions & XTCP_ACT_EOF);
	xs->tcb.rcv_nxt -= out->deliver_len;
	out->seg.ack = xs->tcb.rcv_nxt;
	XTCP_INC_STATS(sock_net(sk), mib);
}

/*
 * May in-order data (@skb) be queued? As tcp_data_queue() with
 * tcp_try_rmem_schedule(): only while sk_rmem_alloc is within SO_RCVBUF
 * and the protocol grants the memory (rmem_room()), after pruning if not;
 * but always into an empty queue, so that a reader makes progress even
 * with the protocol at its hard limit, and always the data of a segment
 * carrying a FIN the state machine took (at most one segment past the
 * buffer). TCP charges those to the protocol by force
 * (sk_forced_mem_schedule(), which a module cannot call): here
 * skb_set_owner_r() charges them to the socket's forward allocation
 * alone, which goes below zero until they are read or the next grant pays
 * for them: the protocol does not see them, at most one skb a socket.
 */
static bool rmem_schedule(struct sock *sk, struct sk_buff *skb,
			  const struct xtcp_fsm_out *out)
{
	if (rmem_room(sk, skb))
		return true;
	if (skb_queue_empty(&sk->sk_receive_queue) ||
	    (out->actions & XTCP_ACT_EOF))
		return true;
	return prune(sk, skb);
}

/*
 * Append the octets the state machine accepted to the receive queue:
 * into the room of its last skb if they fit there, else the queue takes
 * the arriving skb itself (a reference; the caller still reads the
 * parsed header in its cb, and drops its own reference when done), cut
 * after the accepted octets; recvmsg() reads from @offset on. With the
 * receive buffer full even after pruning, the octets are dropped, not
 * acknowledged (RcvQDrop), and the peer sends them again.
 */
static void deliver(struct sock *sk, struct sk_buff *skb,
		    struct xtcp_fsm_out *out)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned int off = XTCP_SKB_CB(skb)->seg.doff * 4 + out->deliver_off;
	struct sk_buff *d = skb;

	if (coalesce(sk, skb, off, out->deliver_len))
		goto queued;
	if (!rmem_schedule(sk, d, out)) {
		if (!coalesce(sk, skb, off, out->deliver_len)) {
			untake(sk, out, XTCP_MIB_RCVQDROP);
			sk->sk_data_ready(sk);
			return;
		}
		goto queued;
	}
	if (pskb_trim(d, off + out->deliver_len)) {
		untake(sk, out, XTCP_MIB_INNOMEM);
		return;
	}
	skb_get(d);
	XTCP_SKB_CB(d)->offset = off;
	skb_set_owner_r(d, sk);
	queue_rcv(sk, d, out->deliver_len);
queued:
	if (!xtcp_ofo_empty(&xs->ofo))
		ofo_drain(sk, out);
	xs->rcv_wake = true;		/* end_event() */
}

/*
 * A duplicate of [@seq, @end) arrived: the next segment reports it in a
 * DSACK block (RFC 2883), if the connection uses SACK and
 * net.xtcp.tcp_dsack allows, as tcp_dsack_set().
 */
static void dsack(struct sock *sk, u32 seq, u32 end)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct net *net = sock_net(sk);

	if (!xs->tcb.sack_ok || !READ_ONCE(xtcp_pernet(net)->tcp_dsack))
		return;
	XTCP_INC_STATS(net, xtcp_seq_before(seq, xs->tcb.rcv_nxt) ?
		       XTCP_MIB_TCPDSACKOLDSENT : XTCP_MIB_TCPDSACKOFOSENT);
	xtcp_sack_rcv_dsack(&xs->sack_rcv, seq, end);
}

/*
 * A segment whose data starts below RCV.NXT: what of it was already
 * received is a duplicate (tcp_data_queue() and tcp_send_dupack()).
 */
static void dsack_old(struct sock *sk, const struct xtcp_seg *seg)
{
	const struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	u32 end = seg->seq + seg->payload_len;

	if (!seg->payload_len || (seg->flags & (XTCP_SYN | XTCP_RST)) ||
	    !xtcp_seq_before(seg->seq, tcb->rcv_nxt) ||
	    ((1 << tcb->state) & (TCPF_LISTEN | TCPF_SYN_SENT | TCPF_CLOSE)))
		return;
	if (xtcp_seq_after(end, tcb->rcv_nxt))
		end = tcb->rcv_nxt;
	dsack(sk, seg->seq, end);
}

/*
 * Keep data that arrived beyond RCV.NXT, within the receive buffer; a FIN
 * on it is remembered. Dropped data costs the peer a retransmission, no
 * more: it was not acknowledged. As deliver(), the queue takes a reference
 * to the arriving skb. The bound: nothing is queued here while
 * sk_rmem_alloc (the truesize of the receive and out-of-order queues) is
 * over sk_rcvbuf, as tcp_try_rmem_schedule() tests first, so the
 * out-of-order queue holds at most sk_rcvbuf plus one segment's truesize;
 * nor when the protocol or the cgroup grants no memory for it.
 */
static void ofo_keep(struct sock *sk, struct sk_buff *skb,
		     const struct xtcp_fsm_out *out)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	struct sk_buff *d;
	u32 seq;

	if (!rmem_room(sk, skb)) {
		XTCP_INC_STATS(net, XTCP_MIB_OFODROP);
		return;
	}
	d = skb_get(skb);
	seq = seg->seq + out->deliver_off;
	XTCP_SKB_CB(d)->seq = seq;
	XTCP_SKB_CB(d)->end_seq = seq + out->deliver_len;
	XTCP_SKB_CB(d)->offset = seg->doff * 4 + out->deliver_off;
	skb_set_owner_r(d, sk);
	if (xs->tcb.sack_ok)	/* its block goes first, queued or not */
		xtcp_sack_rcv_ofo(&xs->sack_rcv, seq, seq + out->deliver_len);
	if (!xtcp_ofo_insert(&xs->ofo, d)) {
		kfree_skb(d);
		XTCP_INC_STATS(net, XTCP_MIB_DUPDATA);
		dsack(sk, seq, seq + out->deliver_len);
		return;
	}
	if (XTCP_SKB_CB(d)->seq != seq)		/* its head was there */
		dsack(sk, seq, XTCP_SKB_CB(d)->seq);
	XTCP_INC_STATS(net, XTCP_MIB_OFOQUEUED);
	if ((seg->flags & XTCP_FIN) &&
	    out->deliver_len == seg->payload_len - out->deliver_off) {
		xs->ofo_fin = true;
		xs->ofo_fin_seq = XTCP_SKB_CB(d)->end_seq;
	}
}

/**
 * xtcp_sock_purge_ofo() - forget the out-of-order data
 * @sk: the socket, locked
 */
void xtcp_sock_purge_ofo(struct sock *sk)
{
	xtcp_ofo_purge(&xtcp_sk(sk)->ofo);
	xtcp_sk(sk)->ofo_fin = false;
	xtcp_sack_rcv_reset(&xtcp_sk(sk)->sack_rcv);
}

/* Free a send-queue skb, and its part of the send buffer. */
static void free_queued(struct sock *sk, struct sk_buff *skb)
{
	sk_wmem_queued_add(sk, -skb->truesize);
	sk_mem_uncharge(sk, skb->truesize);
	__kfree_skb(skb);
}

/*
 * Free what the peer has acknowledged from the send queue (its pages live
 * on while segments in flight reference them), and its memory goes back
 * to the protocol. A writer is woken only if it ran out of room, as in TCP.
 */
static void clean_acked(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 una = xs->tcb.snd_una;
	struct sk_buff *skb;
	bool freed = false;

	while ((skb = skb_peek(&sk->sk_write_queue)) &&
	       !xtcp_seq_after(XTCP_SKB_CB(skb)->end_seq, una)) {
		__skb_unlink(skb, &sk->sk_write_queue);
		if (skb == xs->snd_hint)
			xs->snd_hint = NULL;
		free_queued(sk, skb);
		freed = true;
	}
	if (!freed)
		return;
	xtcp_mem_sndbuf_expand(sk);
	if (skb_queue_empty(&sk->sk_write_queue))
		xtcp_chrono_stop(&xs->chrono, XTCP_CHRONO_BUSY, true, jiffies);
	if (sk->sk_socket && test_bit(SOCK_NOSPACE, &sk->sk_socket->flags)) {
		sk->sk_write_space(sk);
		xtcp_chrono_stop(&xs->chrono, XTCP_CHRONO_SNDBUF,
				 skb_queue_empty(&sk->sk_write_queue), jiffies);
	}
}

static void purge_write_queue(struct sock *sk)
{
	struct sk_buff *skb;

	xtcp_sk(sk)->snd_hint = NULL;
	while ((skb = __skb_dequeue(&sk->sk_write_queue)))
		free_queued(sk, skb);
}

/**
 * xtcp_sock_done() - the connection is over: CLOSED
 * @sk: the socket, locked; the caller holds a reference
 *
 * Stops the timer, empties the send queue, leaves the connection table
 * and, unless the user bound it, the port. The user, if any, is woken; an
 * orphan is no longer counted as one.
 */
void xtcp_sock_done(struct sock *sk)
{
	xtcp_timers_rtx_done(sk);
	xtcp_timers_ka_done(sk);
	xtcp_delack_stop(sk);
	xtcp_persist_stop(sk);
	xtcp_timers_cancel(sk);
	if (sk->sk_state != TCP_CLOSE)
		inet_sk_set_state(sk, TCP_CLOSE);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	purge_write_queue(sk);
	xtcp_sock_purge_ofo(sk);
	xtcp_ondemand_free(sk);
	xtcp_hash_remove(sk);
	xtcp_listen_unlink_child(sk);
	xtcp_orphan_del(sk);
	if (sock_flag(sk, SOCK_DEAD) ||
	    !(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
		xtcp_hash_put_port(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/**
 * xtcp_sock_orphan_check() - bound the wait of a closed socket in
 *	FIN-WAIT-2
 * @sk: the socket, locked
 *
 * RFC 793 waits in FIN-WAIT-2 as long as the peer likes. A socket whose
 * user has closed it would then live for ever if the peer never sends its
 * FIN, so, as Linux does (tcp_fin_timeout), it waits 2MSL at most, then
 * resets the connection; TCP_LINGER2 sets that time (at least 3.5 RTO,
 * as tcp_fin_time()), or, below 0, resets it at once.
 */
void xtcp_sock_orphan_check(struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	int linger2 = READ_ONCE(xs->linger2_s);
	u32 ms;

	if (sk->sk_state != TCP_FIN_WAIT2 || !sock_flag(sk, SOCK_DEAD))
		return;
	if (linger2 < 0) {		/* no wait: reset at once */
		xtcp_timers_orphan_waits(sk, 1);
		return;
	}
	ms = linger2 ? linger2 * MSEC_PER_SEC :
		       2 * READ_ONCE(xtcp_pernet(sock_net(sk))->msl_ms);
	/* as tcp_fin_time(): never less than 3.5 RTO */
	xtcp_timers_orphan_waits(sk, max(ms, xs->tcb.rtt.rto_ms * 7 / 2));
}

/* The largest segment we send: the peer's MSS, within ours. */
static u32 send_mss(const struct xtcp_tcb *tcb)
{
	return xtcp_sock_send_mss(tcb);
}

/* Is loss recovery running: could data of ours be in flight? */
static bool cong_state(const struct sock *sk)
{
	return (1 << sk->sk_state) &
	       (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 |
		TCPF_CLOSING | TCPF_LAST_ACK);
}

/* A segment's data up to the end of a record (MSG_EOR) at most. */
static u32 record_cut(struct sock *sk, const struct xtcp_seg *seg)
{
	return xtcp_output_record(sk, seg->seq, seg->payload_len) ?:
	       seg->payload_len;
}

/*
 * Send again what starts at @seq, at most @max data octets (loss
 * recovery, not the timer).
 * Return: the sequence number after what was sent; @seq if nothing was.
 */
static u32 retransmit(struct sock *sk, u32 seq, u32 max)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	struct xtcp_fsm_out out;

	xtcp_fsm_retransmit(tcb, seq, &out);
	if (!(out.actions & XTCP_ACT_SEND))
		return seq;
	out.seg.payload_len = min(out.seg.payload_len, max);
	out.seg.payload_len = record_cut(sk, &out.seg);
	xtcp_rtt_resent(&tcb->rtt);		/* Karn */
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_RETRANSSEGS);
	xtcp_sk(sk)->total_retrans++;
	xtcp_sk(sk)->bytes_retrans += out.seg.payload_len;
	xtcp_rack_sent(&xtcp_sk(sk)->rack, seq, seq + out.seg.payload_len,
		       (u32)xtcp_clock_us(sk), true);
	xtcp_output_seg(sk, &out.seg);
	return seq + xtcp_fsm_seg_len(&out.seg);
}

/**
 * xtcp_sock_retransmit() - send again what starts at @seq (a loss probe)
 * @sk: the socket, locked
 * @seq: the first sequence number, between SND.UNA and SND.NXT
 * @max: the most data octets
 *
 * Return: the sequence number after what was sent; @seq if nothing was.
 */
u32 xtcp_sock_retransmit(struct sock *sk, u32 seq, u32 max)
{
	return retransmit(sk, seq, max);
}

/* The scoreboard to read: the socket's, or an empty one (ondemand.c). */
static const struct xtcp_sack_board *board(const struct xtcp_sock *xs)
{
	return xs->sack_board ?: &xtcp_sb_empty;
}

/*
 * After a timeout: resend what was in flight, from SND.UNA (the ACKs of
 * the peer's out-of-order queue jump over what it has) up to "recover",
 * as cwnd opens.
 */
static void rto_recovery_send(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_sack_board *sb = board(xs);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_cong *cc = &xs->cc;
	u32 nxt, len;

	if (!cc->in_rto_recovery)
		return;
	if (xtcp_seq_before(cc->rtx_nxt, tcb->snd_una))
		cc->rtx_nxt = tcb->snd_una;
	for (;;) {
		len = U32_MAX;
		if (cc->sack)		/* what the peer SACKed is not resent */
			cc->rtx_nxt = xtcp_sb_skip(sb, cc->rtx_nxt, &len);
		if (!xtcp_seq_before(cc->rtx_nxt, cc->recover) ||
		    !xtcp_cong_room(cc, cc->rtx_nxt - tcb->snd_una -
				    xtcp_sb_sacked_in(sb, tcb->snd_una,
						      cc->rtx_nxt)))
			break;
		nxt = retransmit(sk, cc->rtx_nxt, len);
		if (nxt == cc->rtx_nxt)
			break;
		cc->rtx_nxt = nxt;
	}
}

/*
 * The octets in flight: RFC 6675's pipe with SACK, else all of them. With
 * SACK, octets RACK took for lost leave the pipe in fast recovery even
 * when nothing is SACKed (a lost tail, found by the loss probe or the
 * reorder timer), as they leave Linux's tcp_packets_in_flight(): counted
 * in, they filled cwnd, and nothing was sent again until the
 * retransmission timeout. Outside recovery nothing is lost.
 */
static u32 in_flight(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_tcb *tcb = &xs->tcb;
	const struct xtcp_cong *cc = &xs->cc;

	if (!cc->sack || (!cc->in_fast_recovery &&
			  (!xs->sack_board || !xs->sack_board->n)))
		return tcb->snd_nxt - tcb->snd_una;
	return xtcp_sb_pipe_lost(board(xs), tcb->snd_una, tcb->snd_nxt,
				 cc->in_fast_recovery ? cc->high_rxt :
							tcb->snd_una,
				 xtcp_rack_lost_edge(sk));
}

/* Could new data go now (RFC 6675 NextSeg()'s rule 2)? */
static bool new_data_ok(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_tcb *tcb = &xs->tcb;

	return xs->write_seq != tcb->snd_nxt && !tcb->fin_sent &&
	       xtcp_seq_after(tcb->snd_una + tcb->snd_wnd, tcb->snd_nxt);
}

/*
 * RFC 6675 5 (C): in fast recovery with SACK, send what NextSeg() names
 * while cwnd - pipe leaves a segment's room: lost octets first (rule 1),
 * new data next (xtcp_sock_push(), rule 2), then any octet below the
 * highest SACKed one not SACKed (rule 3). The first retransmission of a
 * recovery goes whatever the pipe (5 (4.3)). SACKed octets are never sent
 * again, nor, in one recovery, octets below HighRxt, but for
 * retransmissions RACK took for lost, which go before everything else
 * (xtcp_rack_lost_rtx()).
 */
static void sack_recovery_send(struct sock *sk, bool first)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_sack_board *sb = board(xs);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_cong *cc = &xs->cc;
	u32 seq, len, nxt, lost;

	while (cc->in_fast_recovery) {
		if (!first && xtcp_cong_room(cc, in_flight(sk)) < cc->mss)
			break;
		if (!first && xtcp_rack_lost_rtx(&xs->rack, tcb->snd_una,
						 &seq, &len)) {
			nxt = retransmit(sk, seq, len);	/* lost again */
			if (nxt == seq)
				break;
			xtcp_cong_resent(cc, nxt - seq);
			continue;
		}
		len = 0;			/* rule 1 */
		lost = xtcp_rack_lost_edge(sk);
		if (first) {			/* 4.3: HighACK + 1 */
			len = U32_MAX;
			seq = xtcp_sb_skip(sb, tcb->snd_una, &len);
		} else if (!xtcp_sb_next_seg_lost(sb, tcb->snd_una,
						  cc->high_rxt, cc->mss, lost,
						  &seq, &len)) {
			if (new_data_ok(sk))
				break;
			len = 1;		/* rule 3 */
			if (!xtcp_sb_next_seg_lost(sb, tcb->snd_una,
						   cc->high_rxt, cc->mss, lost,
						   &seq, &len))
				break;
		}
		nxt = retransmit(sk, seq, len);
		if (nxt == seq)
			break;
		cc->high_rxt = nxt;
		xtcp_cong_resent(cc, nxt - seq);
		xtcp_cong_retransmitted(cc, xtcp_clock_us(sk));
		first = false;
	}
}

/* Count a block xtcp_sb_valid() refused, as tcp_sacktag_write_queue(). */
static void sack_refused(struct net *net, enum xtcp_sb_verdict v)
{
	static const u8 mib[] = {
		[XTCP_SB_DISCARD]	= XTCP_MIB_TCPSACKDISCARD,
		[XTCP_SB_DSACK_OLD]	= XTCP_MIB_TCPDSACKIGNOREDOLD,
		[XTCP_SB_DSACK_NO_UNDO]	= XTCP_MIB_TCPDSACKIGNOREDNOUNDO,
	};

	if (v != XTCP_SB_OK && v != XTCP_SB_OLD)
		XTCP_INC_STATS(net, mib[v]);
}

/* Was @seq sent again by the loss recovery under way? */
static bool resent(const struct xtcp_cong *cc, u32 seq)
{
	return cc->in_rto_recovery ||
	       (cc->in_fast_recovery && xtcp_seq_before(seq, cc->high_rxt));
}

/*
 * Octets never sent again that arrived (cumulatively or SACKed) below
 * the highest SACKed octet were reordered, not lost: as
 * tcp_check_sack_reordering(), DupThresh rises to the depth seen.
 */
static void sack_reorder(struct sock *sk, u32 low, u32 fack)
{
	struct xtcp_cong *cc = &xtcp_sk(sk)->cc;

	if (!xtcp_seq_before(low, fack))
		return;
	xtcp_sk(sk)->rack.reord_seen++;		/* RACK's reordering_seen */
	if (!xtcp_cong_reordered(cc, fack - low))
		return;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPSACKREORDER);
}

/*
 * An ACK on a connection with SACK: forget what SND.UNA passed, take its
 * DSACK block (counted; it may undo the last recovery, xtcp_cong_dsack())
 * and its SACK blocks, checked as Linux checks them, onto the scoreboard;
 * note reordering (sack_reorder()).
 * Return: true if a DSACK block was taken; @dsack_end gets its right edge.
 */
static bool sack_ack(struct sock *sk, struct sk_buff *skb,
		     const struct xtcp_seg *seg, u32 old_una, u32 *dsack_end)
{
	struct xtcp_sack_block b[XTCP_SACK_BLOCKS_MAX];
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 fack = xtcp_sb_high(board(xs), old_una), low = fack, len, s;
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_cong *cc = &xs->cc;
	struct net *net = sock_net(sk);
	struct xtcp_sack_board *sb;
	enum xtcp_sb_verdict v;
	bool dup, taken = false;
	unsigned int n, i;

	if (xtcp_seq_after(tcb->snd_una, old_una) && !resent(cc, old_una))
		low = old_una;
	if (xs->sack_board)
		xtcp_sb_ack(xs->sack_board, tcb->snd_una);
	n = xtcp_wire_sack_blocks(skb->data, seg, b);
	if (!n)
		goto out;
	dup = xtcp_sb_is_dsack(b, n, seg->ack);
	if (dup) {
		XTCP_INC_STATS(net, xtcp_seq_before(b[0].start, seg->ack) ?
			       XTCP_MIB_TCPDSACKRECV : XTCP_MIB_TCPDSACKOFORECV);
		xs->dsack_dups += DIV_ROUND_UP(b[0].end - b[0].start,
					       max(cc->mss, 1U));
	}
	for (i = 0; i < n; i++) {
		v = xtcp_sb_valid(&b[i], dup && !i, tcb->snd_una, tcb->snd_nxt,
				  cc->undo_marker, cc->undo_dsack,
				  tcb->max_snd_wnd,
				  xtcp_seq_before(seg->ack, tcb->snd_una));
		if (v != XTCP_SB_OK) {
			sack_refused(net, v);
		} else if (dup && !i) {
			taken = true;
			*dsack_end = b[0].end;
			if (xtcp_cong_dsack(cc, b[0].start, b[0].end))
				XTCP_INC_STATS(net, XTCP_MIB_TCPDSACKUNDO);
		} else {
			len = U32_MAX;
			s = xtcp_sb_skip(board(xs), b[i].start, &len);
			if (xtcp_seq_before(s, b[i].end) &&
			    xtcp_seq_before(s, low) && !resent(cc, s))
				low = s;
			sb = xtcp_ondemand_board(sk);
			if (sb)		/* else as if it never came */
				xtcp_sb_add(sb, b[i].start, b[i].end);
		}
	}
out:
	xtcp_ondemand_board_idle(sk);
	sack_reorder(sk, low, fack);
	return taken;
}

/*
 * With SACK: RFC 6675's recovery (cong.c decides, sack_recovery_send()
 * sends).
 */
static void cong_sack(struct sock *sk, u32 acked, bool dup, u32 flight)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_cong *cc = &xs->cc;
	bool was = cc->in_fast_recovery, lost;

	lost = xtcp_seq_after(xtcp_rack_lost_edge(sk), tcb->snd_una);
	if (xtcp_cong_sack_ack(cc, tcb->snd_una, acked, dup, lost,
			       tcb->snd_nxt, flight) != XTCP_CONG_RETRANSMIT)
		return;
	if (!was)
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPSACKRECOVERY);
	sack_recovery_send(sk, !was);
}

/**
 * xtcp_sock_rack_lost() - call after RACK's reorder timer found losses
 * @sk: the socket, locked
 *
 * Fast recovery begins, or goes on, and sends them (RFC 6675's NextSeg()
 * on RACK's edge), as tcp_rack_reo_timeout().
 */
void xtcp_sock_rack_lost(struct sock *sk)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;

	if (cong_state(sk))
		cong_sack(sk, 0, false, tcb->snd_nxt - tcb->snd_una);
}

/*
 * After the state machine took an ACK: tell loss recovery (cong.c) what
 * it acknowledged, or that it was a duplicate, and do what it says.
 */
static void cong_ack(struct sock *sk, struct sk_buff *skb,
		     const struct xtcp_seg *seg, u32 old_una, u32 old_wnd,
		     u32 flight)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	struct xtcp_cong *cc = &xtcp_sk(sk)->cc;
	u32 acked = tcb->snd_una - old_una, dsack_end = 0;
	bool dup, dsack, was = cc->in_fast_recovery || cc->in_rto_recovery;

	if (!cong_state(sk) || !(seg->flags & XTCP_ACK))
		return;
	dup = !acked && flight && !seg->payload_len &&
	      !(seg->flags & (XTCP_SYN | XTCP_FIN | XTCP_RST)) &&
	      seg->ack == old_una && tcb->snd_wnd == old_wnd;
	if (cc->sack) {
		dsack = sack_ack(sk, skb, seg, old_una, &dsack_end);
		xtcp_rack_ack(sk, old_una, dup, dsack, dsack_end);
	}
	xtcp_ecn_ack(sk, seg, old_una, flight);		/* ECN-Echo */
	if (!acked && !dup && !(cc->sack && seg->sack_off))
		return;
	if (acked &&
	    xtcp_cong_spurious(cc, xtcp_clock_us(sk), tcb->rtt.min_rtt_us))
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_SPURIOUSUNDO);
	if (acked) {
		xtcp_cong_acked(cc, tcb->snd_una, tcb->snd_nxt,
				xtcp_clock_us(sk));
		xtcp_rate_acked(&xtcp_sk(sk)->rate, tcb->snd_una, acked,
				send_mss(tcb), (u32)cc->now_us,
				tcb->rtt.min_rtt_us);
	}
	if (cc->sack)
		cong_sack(sk, acked, dup, flight);
	else if (xtcp_cong_ack(cc, tcb->snd_una, acked, dup, tcb->snd_nxt,
			       flight) == XTCP_CONG_RETRANSMIT &&
		 retransmit(sk, tcb->snd_una, U32_MAX) != tcb->snd_una)
		xtcp_cong_retransmitted(cc, xtcp_clock_us(sk));
	rto_recovery_send(sk);
	if (was && !cc->in_fast_recovery && !cc->in_rto_recovery)
		xtcp_rack_recovery_ended(&xtcp_sk(sk)->rack);
	if (acked)
		xtcp_rack_new_data_sent(sk);	/* the loss probe, again */
}

/**
 * xtcp_sock_simple_retransmit() - send again at once what is in flight,
 *	in segments of the send MSS, after the path MTU dropped
 * @sk: the socket, locked
 *
 * As tcp_simple_retransmit(): the segments in flight were too large for
 * the path and are lost, but not to congestion, so the window keeps its
 * count of segments (cong.c) and the resending runs as after a timeout,
 * from SND.UNA on, as the window allows. The retransmission timer starts
 * again for the segment now at the head.
 */
void xtcp_sock_simple_retransmit(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;

	if (!cong_state(sk) || tcb->snd_una == tcb->snd_nxt)
		return;
	xtcp_cong_mss_reduced(&xs->cc, send_mss(tcb), tcb->snd_una,
			      tcb->snd_nxt);
	rto_recovery_send(sk);
	xtcp_timers_rtx_wanted(sk, xtcp_rtt_backoff_ms(&tcb->rtt,
						       tcb->retries));
}

/*
 * The end of an event (clock.h): once the outermost is over, wake the
 * reader if data was queued (&xtcp_sock.rcv_wake).
 */
static void end_event(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_clock_exit(sk);
	if (!xs->clock_depth && xs->rcv_wake) {
		xs->rcv_wake = false;
		sk->sk_data_ready(sk);
	}
}

/* xtcp_sock_apply(), in its event */
static void apply(struct sock *sk, struct xtcp_fsm_out *out,
		  struct sk_buff *skb)
{
	u32 acts = out->actions;
	bool hold = (acts & XTCP_ACT_SEND) && xtcp_delack_hold(sk, out, skb);

	sync_state(sk);
	if (out->deliver_len && skb) {
		if (acts & XTCP_ACT_OFO)
			ofo_keep(sk, skb, out);
		else
			deliver(sk, skb, out);
	}
	if ((acts & XTCP_ACT_SEND) && !hold)
		xtcp_output_seg(sk, &out->seg);
	if (acts & (XTCP_ACT_RTX_STOP | XTCP_ACT_DELETE))
		xtcp_timers_rtx_done(sk);
	if (acts & XTCP_ACT_RTX_ARM)
		xtcp_timers_rtx_wanted(sk, out->rto_ms);
	xtcp_sock_orphan_check(sk);
	clean_acked(sk);
	if (acts & (XTCP_ACT_CONNECTED | XTCP_ACT_ACCEPT)) {
		xtcp_cong_start(&xtcp_sk(sk)->cc, send_mss(&xtcp_sk(sk)->tcb),
				xtcp_sk(sk)->tcb.snd_una);
		xtcp_sk(sk)->cc.sack = xtcp_sk(sk)->tcb.sack_ok;
		xtcp_rack_start(sk);
	}
	if (acts & (XTCP_ACT_CONNECTED | XTCP_ACT_ACCEPT))
		xtcp_keepalive_established(sk);
	if (acts & XTCP_ACT_CONNECTED) {
		if (skb)	/* as tcp_finish_connect(): see lsm.c */
			security_inet_conn_established(sk, skb);
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_IO, POLL_OUT);
	}
	if (out->actions & XTCP_ACT_EOF) {
		xtcp_sock_purge_ofo(sk);
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
		sock_set_flag(sk, SOCK_DONE);
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_WAITD, POLL_IN);
	}
	if (acts & XTCP_ACT_ACCEPT)
		xtcp_listen_child_established(sk);
	if (acts & XTCP_ACT_TO_LISTEN) {
		xtcp_sock_done(sk);			/* T11 */
		return;
	}
	if ((acts & XTCP_ACT_TW_ARM) &&
	    xtcp_sk(sk)->tcb.state == TCP_TIME_WAIT) {
		xtcp_tw_enter(sk);
		xtcp_sock_done(sk);
		return;
	}
	if (acts & XTCP_ACT_DELETE) {
		/* as tcp_write_err(): a timeout reports what ICMP said */
		if (out->err == -ETIMEDOUT && READ_ONCE(sk->sk_err_soft))
			out->err = -READ_ONCE(sk->sk_err_soft);
		if (out->err) {
			WRITE_ONCE(sk->sk_err, -out->err);
			sk_error_report(sk);
			if (out->err == -ECONNRESET || out->err == -EPIPE)
				XTCP_INC_STATS(sock_net(sk),
					       XTCP_MIB_ESTABRESETS);
			if (out->err == -ETIMEDOUT)
				XTCP_INC_STATS(sock_net(sk),
					       XTCP_MIB_TCPABORTONTIMEOUT);
		}
		xtcp_sock_done(sk);
	}
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
	xtcp_clock_enter(sk);
	apply(sk, out, skb);
	end_event(sk);
}

static void sync_wnd(struct sock *sk)
{
	xtcp_sk(sk)->tcb.rcv_wnd = xtcp_sock_rcv_wnd(sk);
}

static bool can_send_data(const struct sock *sk)
{
	return (1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT);
}

/*
 * As tcp_write_xmit(): the peer's window keeps the next segment back
 * (TCP_INFO's tcpi_rwnd_limited), or no longer does.
 */
static void rwnd_check(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_tcb *tcb = &xs->tcb;
	u32 unsent = xs->write_seq - tcb->snd_nxt;
	u32 wnd_end = tcb->snd_una + tcb->snd_wnd;
	u32 room = xtcp_seq_after(wnd_end, tcb->snd_nxt) ?
		   wnd_end - tcb->snd_nxt : 0;

	if (unsent && room < min(unsent, send_mss(tcb)))
		xtcp_chrono_start(&xs->chrono, XTCP_CHRONO_RWND, jiffies);
	else
		xtcp_chrono_stop(&xs->chrono, XTCP_CHRONO_RWND,
				 skb_queue_empty(&sk->sk_write_queue), jiffies);
}

/*
 * May the last, short piece of the send queue go (RFC 1122's Nagle, and
 * Linux's tcp_nagle_test())? Not while TCP_CORK or MSG_MORE holds it,
 * unless pushed; else when nothing is unacknowledged, with TCP_NODELAY,
 * in urgent mode, or once the application closed (the FIN goes with it).
 */
static bool nagle_ok(const struct sock *sk, int mode)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	if (mode == XTCP_PUSH_FORCE || xs->nagle_push || xs->fin_pending ||
	    xs->urg.snd_mode)
		return true;
	if (mode == XTCP_PUSH_CORK || xs->cork)
		return false;
	return xs->tcb.snd_nxt == xs->tcb.snd_una || xs->nodelay;
}

/*
 * The data the next send may carry, of @len octets the windows allow: up
 * to an aggregate's size goal (gso.c), whole segments of @mss but for a
 * short piece at the end when @short_ok (the tail of the send queue that
 * Nagle lets go, or a record's end), as tcp_mss_split_point().
 */
static u32 split_point(struct sock *sk, u32 len, bool short_ok, u32 mss)
{
	u32 goal = xtcp_gso_size_goal(sk, mss);

	if (len > goal) {
		len = goal;
		short_ok = false;
	}
	if (len > mss && len % mss && !short_ok)
		len -= len % mss;
	return len;
}

/* xtcp_sock_push_mode(), in its event */
static void push_mode(struct sock *sk, int mode)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_fsm_out out;
	u32 old_nxt = tcb->snd_nxt;
	u64 now;

	sync_wnd(sk);
	xs->persist.max_wnd = max(xs->persist.max_wnd, tcb->snd_wnd);
	while (can_send_data(sk) && !tcb->fin_sent &&
	       !xs->cc.in_rto_recovery) {
		u32 flight = tcb->snd_nxt - tcb->snd_una;
		u32 unsent = xs->write_seq - tcb->snd_nxt;
		u32 wnd_end = tcb->snd_una + tcb->snd_wnd;
		u32 room = xtcp_seq_after(wnd_end, tcb->snd_nxt) ?
			   wnd_end - tcb->snd_nxt : 0;
		u32 mss = send_mss(tcb);
		bool nagle = nagle_ok(sk, mode);
		u32 len, rec, fit, cwnd_room;

		cwnd_room = xtcp_cong_room(&xs->cc, in_flight(sk));
		if (xs->rack.probing)	/* a loss probe goes past cwnd */
			cwnd_room = max(cwnd_room, mss);
		room = min(room, cwnd_room);
		len = min(unsent, room);
		if (xs->rack.probing)	/* and is one segment */
			len = min(len, mss);
		rec = xtcp_output_record(sk, tcb->snd_nxt, len);
		/*
		 * SWS avoidance and Nagle (RFC 1122 4.2.3.4, persist.c): the
		 * last, short piece waits while data is unacknowledged, unless
		 * TCP_NODELAY or closing, or while corked; a short piece the
		 * window cuts waits unless it is half the largest window
		 * offered. A record's end with more behind it goes.
		 */
		if (rec && rec < unsent)
			len = rec;
		else if (!xtcp_persist_sws_ok(min(len, mss), unsent, mss,
					      xs->persist.max_wnd, nagle))
			break;
		len = split_point(sk, len, len == rec ||
				  (len == unsent && nagle), mss);
		if (xtcp_tsq_throttled(sk, len))
			break;
		fit = xtcp_output_fit(sk, tcb->snd_nxt, len);
		if (fit < len && fit > mss)
			fit -= fit % mss;	/* the fragments cut it */
		len = fit;
		if (!len)
			break;
		xtcp_fsm_send(tcb, 0, len, &out);
		now = xtcp_clock_us(sk);
		xtcp_ondemand_flight(sk);
		xtcp_rtt_sent(&tcb->rtt, tcb->snd_nxt, now);
		xtcp_cong_sent(&xs->cc, flight, tcb->snd_nxt, now);
		xtcp_rate_sent(&xs->rate, tcb->snd_nxt, flight, (u32)now);
		xtcp_rack_sent(&xs->rack, tcb->snd_nxt - len, tcb->snd_nxt,
			       (u32)now, false);
		xtcp_sock_apply(sk, &out, NULL);
		if (out.err)
			return;
		if (xs->rack.probing)	/* one segment */
			break;
	}
	if (tcb->snd_nxt != old_nxt)
		xtcp_rack_new_data_sent(sk);
	xtcp_cong_validate(&xs->cc, in_flight(sk), tcb->snd_una, tcb->snd_nxt,
			   tcb->snd_nxt != old_nxt);
	rwnd_check(sk);
	xtcp_persist_check(sk);
	if (tcb->snd_nxt != old_nxt && sk->sk_socket &&
	    test_bit(SOCK_NOSPACE, &sk->sk_socket->flags))
		sk->sk_write_space(sk);		/* TCP_NOTSENT_LOWAT */
	if (xs->fin_pending && tcb->snd_nxt == xs->write_seq &&
	    !xs->cc.in_rto_recovery &&
	    ((1 << sk->sk_state) &
	     (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_SYN_RECV))) {
		xs->fin_pending = false;
		xtcp_fsm_close(tcb, &out);		/* T10, T12, T19 */
		xtcp_sock_apply(sk, &out, NULL);
	}
}

/**
 * xtcp_sock_push_mode() - send what the window allows from the send
 *	queue, then the FIN if the application closed and everything is sent
 * @sk: the socket, locked
 * @mode: XTCP_PUSH_NAGLE: a short last segment goes as the socket's
 *	Nagle and TCP_CORK settings say; XTCP_PUSH_CORK: it waits (MSG_MORE);
 *	XTCP_PUSH_FORCE: it goes (a forced push, as TCP_NAGLE_PUSH)
 *
 * A segment never runs past the end of a record (MSG_EOR); one that ends
 * a record with more data behind it goes whatever Nagle says, as a skb in
 * the middle of TCP's send queue does. Writers waiting for the unsent
 * octets to drop below TCP_NOTSENT_LOWAT are woken once they do.
 *
 * With a route that takes them, data go in aggregates of several segments
 * (gso.c) as cwnd and the peer's window allow; nothing goes while TCP
 * Small Queues holds the socket back (tsq.c).
 */
void xtcp_sock_push_mode(struct sock *sk, int mode)
{
	xtcp_clock_enter(sk);
	push_mode(sk, mode);
	end_event(sk);
}

/**
 * xtcp_sock_push() - xtcp_sock_push_mode() as the socket's settings say
 * @sk: the socket, locked
 */
void xtcp_sock_push(struct sock *sk)
{
	xtcp_sock_push_mode(sk, XTCP_PUSH_NAGLE);
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

/*
 * The gap before a FIN that came out of order is filled: take the FIN now,
 * as if the peer had sent it again (it would, after its timeout).
 */
static void ofo_fin(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_seg seg = {
		.sport	= tcb->dport,
		.dport	= tcb->sport,
		.seq	= tcb->rcv_nxt,
		.ack	= tcb->snd_una,
		.flags	= XTCP_FIN | XTCP_ACK,
		.window	= tcb->snd_wnd >> tcb->snd_wscale,	/* as it came */
	};
	struct xtcp_fsm_out out;

	xs->ofo_fin = false;
	xtcp_fsm_rcv(tcb, &seg, 0, &out);
	xtcp_sock_apply(sk, &out, NULL);
}

/*
 * An ACK for new data: the round-trip time of the timed segment, or, if
 * it gives none (none timed, or Karn's rule), from the ACK's TSecr, as
 * Linux's tcp_ack_update_rtt() (tsopt.c).
 */
static void rtt_ack(struct sock *sk, const struct xtcp_seg *seg)
{
	struct xtcp_rtt *rtt = &xtcp_sk(sk)->tcb.rtt;
	bool timing = rtt->timing;

	xtcp_rtt_acked(rtt, seg->ack, xtcp_clock_us(sk));
	if (!timing || rtt->timing)
		xtcp_ts_rtt(sk, seg);
}

/* xtcp_sock_rcv(), in its event */
static void sock_rcv(struct sock *sk, struct sk_buff *skb)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	u32 old_una = tcb->snd_una, old_wnd = tcb->snd_wnd;
	u32 flight = tcb->snd_nxt - tcb->snd_una, old_rcv_nxt;
	int old_state = tcb->state;
	struct xtcp_fsm_out out;

	if (sk->sk_state == TCP_CLOSE) {
		kfree_skb(skb);
		return;
	}
	if (sk->sk_state == TCP_SYN_RECV && (xtcp_listen_overflow(sk, seg) ||
					     xtcp_listen_defer(sk, seg))) {
		kfree_skb(skb);
		return;
	}
	xtcp_info_seg_in(sk, seg, max_t(u16, 1, skb_shinfo(skb)->gso_segs));
	dsack_old(sk, seg);
	if (data_after_close(sk, seg)) {
		xtcp_sock_abort(sk, 0);
		consume_skb(skb);
		return;
	}
	if (xtcp_ts_rcv(sk, seg)) {		/* PAWS: an old duplicate */
		kfree_skb(skb);
		return;
	}
	if (sk->sk_state == TCP_SYN_SENT)	/* our SYN's data acked? */
		xtcp_fastopen_synack(sk, skb);
	sync_wnd(sk);
	/* a round-trip time sample first, so the timer it re-arms uses it */
	if ((seg->flags & (XTCP_ACK | XTCP_RST)) == XTCP_ACK &&
	    xtcp_fsm_ack_acceptable(tcb, seg->ack))
		rtt_ack(sk, seg);
	old_rcv_nxt = tcb->rcv_nxt;
	xtcp_ecn_pre_rcv(sk, seg);			/* CWR */
	xtcp_fsm_rcv(tcb, seg, 0, &out);
	if (old_state == TCP_SYN_SENT && tcb->state != TCP_SYN_SENT &&
	    tcb->state != TCP_CLOSE)
		xtcp_ts_synack_rcvd(&tcb->ts, seg);
	/* as tcp_ack(): our data got through, forget an ICMP soft error */
	if (tcb->snd_una != old_una)
		WRITE_ONCE(sk->sk_err_soft, 0);
	xtcp_urg_rcv(sk, skb, out.actions, old_una, old_rcv_nxt);
	xtcp_ecn_rcv(sk, skb, old_state, &out);		/* CE, our SYN's answer */
	xtcp_sock_apply(sk, &out, skb);
	if (seg->payload_len && sk->sk_state != TCP_CLOSE)
		xtcp_rcvbuf_data_rcvd(sk, seg, tcb->rcv_nxt != old_rcv_nxt);
	if (xtcp_sk(sk)->sack_rcv.num)	/* blocks RCV.NXT passed go */
		xtcp_sack_rcv_advance(&xtcp_sk(sk)->sack_rcv, tcb->rcv_nxt);
	xtcp_persist_ack(sk, seg);
	cong_ack(sk, skb, seg, old_una, old_wnd, flight);
	xtcp_ondemand_flight_idle(sk);
	if (xtcp_sk(sk)->ofo_fin && tcb->rcv_nxt == xtcp_sk(sk)->ofo_fin_seq)
		ofo_fin(sk);
	if (can_send_data(sk))
		xtcp_sock_push(sk);
	consume_skb(skb);
}

/**
 * xtcp_sock_rcv() - a segment arrived for a socket (proto.backlog_rcv)
 * @sk: the socket, locked and not owned by a process
 * @skb: the segment, parsed (XTCP_SKB_CB); consumed
 *
 * A socket in TCP_CLOSE has no connection any more (xtcp_sock_done()):
 * what still reaches it, from its backlog or from a lookup that found it
 * before it left the tables, is dropped, as tcp_rcv_state_process() does.
 * Its TCB may still say TIME-WAIT; a FIN taken there would make a second
 * TIME-WAIT entry for the 4-tuple. The entry answers the peer's next one.
 * With timestamps, PAWS drops an old duplicate first (tsopt.c).
 *
 * Return: 0.
 */
int xtcp_sock_rcv(struct sock *sk, struct sk_buff *skb)
{
	xtcp_clock_enter(sk);
	sock_rcv(sk, skb);
	end_event(sk);
	return 0;
}

XTCP_KUNIT_EXPORT(xtcp_sock_rcv);

/*
 * The retransmission timer of an orphan, as Linux's tcp_write_timeout():
 * too many orphans reset it; net.xtcp.tcp_orphan_retries bound its
 * retries (8 for 0 while the timeout is below its upper bound). The
 * handshake keeps its own limits, as in Linux.
 * Return: true if the connection ended.
 */
static bool orphan_timeout(struct sock *sk)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	struct xtcp_fsm_out out;
	bool alive;
	u8 limit;

	if (tcb->snd_una == tcb->snd_nxt ||
	    ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)))
		return false;
	alive = xtcp_rtt_backoff_ms(&tcb->rtt, tcb->retries) < tcb->rtt.max_ms;
	limit = xtcp_orphan_retries(sock_net(sk), alive);
	if (xtcp_orphan_out_of_resources(sk, alive || tcb->retries < limit))
		return true;
	if (tcb->retries < limit)
		return false;
	xtcp_fsm_give_up(tcb, &out);
	xtcp_sock_apply(sk, &out, NULL);
	return true;
}

/*
 * At a timeout, as tcp_timeout_mark_lost(): if the peer SACKed the data at
 * SND.UNA yet never acknowledged it, it dropped what it had SACKed
 * (reneged): the scoreboard is forgotten and everything is sent again.
 */
static void sack_reneging(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_sack_board *sb = xs->sack_board;

	if (!sb)
		return;
	xtcp_sb_ack(sb, xs->tcb.snd_una);
	if (sb->n && sb->r[0].start == xs->tcb.snd_una) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPSACKRENEGING);
		xtcp_sb_reset(sb);
	}
	xtcp_ondemand_board_idle(sk);
}

/**
 * xtcp_sock_rtx_timeout() - the retransmission timer expired
 * @sk: the socket, locked and not owned by a process
 *
 * T27, T28: the state machine resends or gives up (ETIMEDOUT); so does
 * TCP_USER_TIMEOUT, counted from the first expiry, and the timer never
 * runs past it. Loss recovery hears of the timeout (cong.h). At the
 * third expiry (RFC 9293's R1) the route is looked up again. For an
 * orphan in FIN-WAIT-2, the wait for the peer's FIN is over: reset. Other
 * orphans get net.xtcp.tcp_orphan_retries, and are reset if there are
 * too many (orphan_timeout()).
 */
void xtcp_sock_rtx_timeout(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	u32 limit = READ_ONCE(xs->user_timeout_ms);
	struct xtcp_fsm_out out;
	u64 spent_ms = 0;

	if (sk->sk_state == TCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD)) {
		xtcp_sock_abort(sk, 0);		/* see xtcp_sock_orphan_check() */
		return;
	}
	if (sock_flag(sk, SOCK_DEAD) && orphan_timeout(sk))
		return;
	if (!tcb->retries)	/* not a loss probe's: as Linux (rack.c) */
		xs->rtx_start_us = xtcp_clock_us(sk);
	else
		spent_ms = div_u64(xtcp_clock_us(sk) - xs->rtx_start_us, USEC_PER_MSEC);
	if (limit && spent_ms >= limit && tcb->snd_una != tcb->snd_nxt) {
		xtcp_fsm_give_up(tcb, &out);	/* TCP_USER_TIMEOUT */
		xtcp_sock_apply(sk, &out, NULL);
		return;
	}
	sync_wnd(sk);
	xtcp_fsm_rtx_timeout(tcb, &out);
	if ((out.actions & XTCP_ACT_SEND) && out.seg.payload_len)
		out.seg.payload_len = record_cut(sk, &out.seg);
	if (sk->sk_state == TCP_SYN_RECV && !xtcp_listen_defer_resend(sk))
		out.actions &= ~XTCP_ACT_SEND;	/* TCP_DEFER_ACCEPT */
	if (out.actions & XTCP_ACT_SEND) {
		xtcp_rtt_resent(&tcb->rtt);		/* Karn */
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_RETRANSSEGS);
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPTIMEOUTS);
		xs->total_retrans++;
		xs->bytes_retrans += out.seg.payload_len;
		if (cong_state(sk)) {
			xtcp_rack_rto(sk);
			xtcp_rack_sent(&xs->rack, out.seg.seq,
				       out.seg.seq + out.seg.payload_len,
				       (u32)xtcp_clock_us(sk), true);
			sack_reneging(sk);
			xtcp_cong_timeout(&xs->cc, tcb->snd_nxt,
					  tcb->snd_nxt - tcb->snd_una);
			xs->cc.rtx_nxt = out.seg.seq +
					 xtcp_fsm_seg_len(&out.seg);
		}
		if (tcb->retries == XTCP_R1_RETRIES)
			sk_dst_reset(sk);	/* R1: maybe another route */
	}
	/* never wait past the user's limit */
	if (limit && (out.actions & XTCP_ACT_RTX_ARM))
		out.rto_ms = clamp_t(u64, limit - min_t(u64, spent_ms, limit),
				     1, out.rto_ms);
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
 * xtcp_sock_window_update() - call after the application read data
 * @sk: the socket, locked
 *
 * If the window can open past the right edge last advertised, an ACK
 * tells the peer, which may be waiting on a zero window. The rule is the
 * one of every window we offer (xtcp_window_offer()): the edge moves
 * by at least min(half the buffer, one MSS), so reading a few octets sends
 * nothing (RFC 1122 4.2.3.3, receiver silly window avoidance).
 */
void xtcp_sock_window_update(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_fsm_out out;
	u32 left = 0;

	if (!((1 << sk->sk_state) &
	      (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2)))
		return;
	if (xtcp_seq_after(tcb->rcv_adv, tcb->rcv_nxt))
		left = tcb->rcv_adv - tcb->rcv_nxt;
	/* not more than the window last advertised, rounded to the shift */
	if (xtcp_sock_rcv_wnd(sk) <= round_up(left, 1U << tcb->rcv_wscale))
		return;
	xtcp_fsm_ack(tcb, &out);
	xtcp_output_seg(sk, &out.seg);
}
