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
 * The SYN queue (the children in SYN-RECEIVED) and the accept queue
 * (sk_ack_backlog) each hold at most one more than the listen backlog,
 * sk_max_ack_backlog, as Linux 6.1's (inet_csk_reqsk_queue_is_full(),
 * sk_acceptq_is_full()). A SYN that finds the SYN queue full
 * gets, as net.xtcp.tcp_syncookies says, a SYN cookie (syncookie.h) or
 * nothing; with 2 every SYN gets a cookie. A cookie costs the listener
 * nothing: the ACK that returns it makes the child, in ESTABLISHED at
 * once. A SYN that finds the accept queue full is dropped, and so is an
 * ACK that would move a child to it (a child in SYN-RECEIVED sends its
 * SYN,ACK again, the peer its ACK; a cookie's peer its ACK or data), as
 * Linux drops them (ListenOverflows).
 *
 * xtcp_listen_rcv() runs without the listener's lock: it only reads the
 * listener, and writes its lists under @acc_lock and its SYN flood
 * bookkeeping without a lock (as Linux: a lost update costs nothing).
 * The child lists, and who may drop the references a child on them
 * holds, follow the rules above struct xtcp_sock (sock.h).
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/request_sock.h>
#include <net/route.h>
#include <net/sock.h>

#include "ecn.h"
#include "fastopen.h"
#include "hash.h"
#include "listen.h"
#include "lsm.h"
#include "mem.h"
#include "mib.h"
#include "output.h"
#include "sock.h"
#include "sockopt.h"
#include "syncookie.h"
#include "tsopt.h"

/* Take a child off its listener's list; under the listener's acc_lock. */
static void unqueue(struct sock *lsk, struct xtcp_sock *xs)
{
	list_del_init(&xs->child_node);
	if (xs->on_acceptq)
		sk_acceptq_removed(lsk);
	else
		WRITE_ONCE(xtcp_sk(lsk)->syn_qlen, xtcp_sk(lsk)->syn_qlen - 1);
	xs->on_acceptq = false;
}

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

	xtcp_fastopen_child_end(sk);
	if (!lsk)
		return;
	spin_lock_bh(&xtcp_sk(lsk)->acc_lock);
	if (!list_empty(&xs->child_node)) {
		unqueue(lsk, xs);
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

/*
 * A child moves from its listener's SYN queue to its accept queue; under
 * the listener's acc_lock. Return: false if the listener closed.
 */
static bool to_acceptq(struct sock *lsk, struct xtcp_sock *xs)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk);

	if (lxs->listen_closed)
		return false;
	if (!list_empty(&xs->child_node) && !xs->on_acceptq) {
		list_move_tail(&xs->child_node, &lxs->acceptq);
		WRITE_ONCE(lxs->syn_qlen, lxs->syn_qlen - 1);
		sk_acceptq_added(lsk);
		xs->on_acceptq = true;
	}
	return true;
}

/**
 * xtcp_listen_child_established() - T09 on a child: it goes to its
 *	listener's accept queue (or is reset if the listener closed)
 * @sk: the child, locked
 *
 * A Fast Open child is there already, and may have been accepted.
 */
void xtcp_listen_child_established(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool fastopen = xtcp_fastopen_child_end(sk);
	struct sock *lsk = xs->parent;
	struct xtcp_sock *lxs;
	bool closed;

	if (!lsk) {
		WARN_ON_ONCE(!fastopen);
		return;
	}
	lxs = xtcp_sk(lsk);
	spin_lock_bh(&lxs->acc_lock);
	closed = !to_acceptq(lsk, xs);
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
	const struct xtcp_cong_ops *cc;

	xtcp_sock_init_private(child);
	/*
	 * The listener's algorithm, if its module can still be pinned. Read
	 * once: TCP_CONGESTION may change it now, under the listener's lock,
	 * which we do not hold. The one we read outlives this softirq: a
	 * module is freed an RCU grace period after its last reference went.
	 */
	cc = READ_ONCE(xtcp_sk(lsk)->cc.ops);
	if (try_module_get(cc->owner)) {
		xtcp_cong_put(xs->cc.ops);	/* the namespace's default */
		xs->cc.ops = cc;
	}
	xtcp_sockopt_inherit(child, lsk);
	xs->tcb = *tcb;
	xs->write_seq = tcb->iss + 1;
	xs->pushed_seq = xs->write_seq;
	/* the listener's family sets the addresses, and the child's ops */
	xtcp_sk(lsk)->af->init_child(child, skb);
	inet->inet_dport = htons(tcb->dport);
	inet->inet_sport = inet_sk(lsk)->inet_sport;
	inet->inet_num = inet_sk(lsk)->inet_num;
	atomic_set(&inet->inet_id, get_random_u16());
	child->sk_ack_backlog = 0;
	sock_reset_flag(child, SOCK_DEAD);
	/* a copy of a listener, but no listener: lookups must not take it */
	inet_sk_set_state(child, tcb->state);
}

/*
 * TCP_SAVE_SYN: keep the headers of the SYN that made @child for
 * TCP_SAVED_SYN, from the network header on (1) or the link header (2),
 * as tcp_reqsk_record_syn(). Without memory, nothing is kept.
 */
static void record_syn(struct sock *child, const struct sock *lsk,
		       const struct sk_buff *skb)
{
	u8 save = xtcp_sk(lsk)->save_syn;
	const struct xtcp_hdr *th;
	struct saved_syn *ss;
	u32 mlen = 0, len;
	const void *base;

	if (!save)
		return;
	th = (const struct xtcp_hdr *)skb_transport_header(skb);
	base = skb_network_header(skb);
	if (save == 2 && skb_mac_header_was_set(skb)) {
		base = skb_mac_header(skb);
		mlen = skb_mac_header_len(skb);
	}
	len = mlen + skb_network_header_len(skb) +
	      (th->doff >> XTCP_DOFF_SHIFT) * 4;
	ss = kmalloc(struct_size(ss, data, len), GFP_ATOMIC);
	if (!ss)
		return;
	ss->mac_hdrlen = mlen;
	ss->network_hdrlen = skb_network_header_len(skb);
	ss->tcp_hdrlen = len - mlen - ss->network_hdrlen;
	memcpy(ss->data, base, len);
	xtcp_sk(child)->saved_syn = ss;
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
	xtcp_mem_inherit_memcg(lsk, child);
	return child;
}

/* The 4-tuple of a segment for a listener, from our side. */
static void seg_addrs(const struct xtcp_af_ops *af, const struct sk_buff *skb,
		      struct xtcp_addrs *a)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;

	af->skb_addrs(skb, a);
	a->lport = htons(seg->dport);
	a->rport = htons(seg->sport);
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
		WRITE_ONCE(lxs->syn_qlen, lxs->syn_qlen + 1);
		xtcp_sk(child)->parent = lsk;
		sock_hold(lsk);
	}
	spin_unlock(&lxs->acc_lock);
	return ok;
}

/* Linux's tcp_listendrop(): a SYN or ACK the listener could not take */
static void listen_drop(struct sock *lsk, struct sk_buff *skb)
{
	XTCP_INC_STATS(sock_net(lsk), XTCP_MIB_LISTENDROPS);
	sk_drops_add(lsk, skb);
}

/*
 * Linux's inet_csk_reqsk_queue_is_full() (6.1): no room for another
 * embryo once there are more than the backlog
 */
static bool synq_full(const struct sock *lsk)
{
	return READ_ONCE(xtcp_sk(lsk)->syn_qlen) >
	       READ_ONCE(lsk->sk_max_ack_backlog);
}

/* Linux's tcp_synq_overflow(): a cookie was sent; once a second at most */
static void synq_overflow(struct sock *lsk)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk);
	u32 last = READ_ONCE(lxs->synq_overflow_ts), now = jiffies;

	if (!time_between32(now, last, last + HZ))
		WRITE_ONCE(lxs->synq_overflow_ts, now);
}

/*
 * Linux's tcp_synq_no_recent_overflow(): no cookie was sent in the last
 * XTCP_SYNCOOKIE_VALID, so an ACK is not taken for one. The second before
 * @synq_overflow_ts counts too: another CPU may have moved it on after we
 * read jiffies.
 */
static bool synq_no_recent_overflow(const struct sock *lsk)
{
	u32 last = READ_ONCE(xtcp_sk(lsk)->synq_overflow_ts);

	return !time_between32((u32)jiffies, last - HZ,
			       last + XTCP_SYNCOOKIE_VALID);
}

/*
 * Linux's tcp_syn_flood_action(): a SYN finds the SYN queue full (or
 * net.xtcp.tcp_syncookies is 2). Says so once a listen(), unless cookies
 * are always on. Return: true if it gets a cookie, false if it is dropped.
 */
static bool syn_flood_action(struct sock *lsk, int syncookies)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk);
	struct net *net = sock_net(lsk);
	const char *msg = "Dropping request";
	bool want_cookie = false;

	if (syncookies != XTCP_SYNCOOKIES_OFF) {
		msg = "Sending cookies";
		want_cookie = true;
		XTCP_INC_STATS(net, XTCP_MIB_TCPREQQFULLDOCOOKIES);
	} else {
		XTCP_INC_STATS(net, XTCP_MIB_TCPREQQFULLDROP);
	}
	if (!READ_ONCE(lxs->synflood_warned) &&
	    syncookies != XTCP_SYNCOOKIES_ALWAYS &&
	    xchg(&lxs->synflood_warned, 1) == 0)
		net_info_ratelimited("Possible SYN flooding on port %d. %s.  Check SNMP counters.\n",
				     lsk->sk_num, msg);
	return want_cookie;
}

/*
 * May a SYN have a child (or a cookie, then *@cookie is true)? Linux's
 * tcp_conn_request(): the SYN queue full, or cookies always on, means a
 * cookie or nothing; the accept queue full means nothing.
 */
static bool syn_admit(struct sock *lsk, bool *cookie)
{
	int syncookies = READ_ONCE(xtcp_pernet(sock_net(lsk))->syncookies);

	*cookie = false;
	if (syncookies == XTCP_SYNCOOKIES_ALWAYS || synq_full(lsk)) {
		*cookie = syn_flood_action(lsk, syncookies);
		if (!*cookie)
			return false;
	}
	if (sk_acceptq_is_full(lsk)) {
		XTCP_INC_STATS(sock_net(lsk), XTCP_MIB_LISTENOVERFLOWS);
		return false;
	}
	return true;
}

/*
 * A copy of the listener's TCB for a segment from the peer of @skb, with
 * what a child of it would advertise. Return: false if the listener is no
 * longer listening.
 */
static bool listener_tcb(struct sock *lsk, const struct xtcp_af_ops *af,
			 const struct xtcp_addrs *a, struct xtcp_tcb *tcb)
{
	*tcb = xtcp_sk(lsk)->tcb;
	if (tcb->state != TCP_LISTEN)
		return false;
	/* SACK-permitted answers the SYN's if net.xtcp.tcp_sack allows */
	tcb->sack_ok = READ_ONCE(xtcp_pernet(sock_net(lsk))->tcp_sack);
	tcb->mss = xtcp_sockopt_mss(lsk, af->route_mss(sock_net(lsk), a));
	/* the child's window shift, for the buffer it inherits */
	tcb->rcv_wscale = xtcp_sock_rcv_wscale(lsk);
	tcb->rcv_wnd = xtcp_sock_rcv_wnd(lsk);
	return true;
}

/*
 * A Fast Open child, its SYN's data in, goes to the accept queue at once,
 * in SYN-RECEIVED (tcp_try_fastopen()'s caller, tcp_conn_request()).
 */
static void fastopen_accept(struct sock *lsk, struct sock *child)
{
	struct xtcp_sock *lxs = xtcp_sk(lsk);

	xtcp_fastopen_child(child, lsk);
	spin_lock(&lxs->acc_lock);
	to_acceptq(lsk, xtcp_sk(child));
	spin_unlock(&lxs->acc_lock);
	lsk->sk_data_ready(lsk);
}

/*
 * Make the child of a TCB in SYN-RECEIVED and carry out @out, the state
 * machine's answer to the SYN (T04), with @foc's Fast Open option (NULL
 * for none) on its SYN,ACK; a Fast Open child (@fastopen) took the SYN's
 * data. For a cookie's child the SYN,ACK is
 * out already: the child takes @skb, the ACK that returned the cookie,
 * and so gets established (T09).
 */
static void make_child(struct sock *lsk, struct sk_buff *skb,
		       const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out,
		       bool cookie, const struct xtcp_fo_cookie *foc,
		       bool fastopen)
{
	struct net *net = sock_net(lsk);
	struct sock *child;

	child = clone_listener(lsk);
	if (!child) {
		XTCP_INC_STATS(net, XTCP_MIB_INNOMEM);
		return;
	}
	__acquire(&child->sk_lock.slock);	/* for sparse: it is locked */
	/* two references: one for us, one for the listener's list */
	init_child(child, lsk, skb, tcb);
	xtcp_ecn_child(child, lsk, skb, cookie);
	if (!cookie)		/* a cookie's ACK is no SYN: none, as Linux */
		record_syn(child, lsk, skb);
	if (!xtcp_lsm_conn_request(lsk, child, skb) || !adopt(lsk, child)) {
		inet_sk_set_state(child, TCP_CLOSE);
		sock_set_flag(child, SOCK_DEAD);
		bh_unlock_sock(child);
		sock_put(child);
		sock_put(child);
		return;
	}
	/* locked: a listener closing now waits for the child to be whole */
	xtcp_hash_inherit_port(child);
	if (xtcp_hash_insert(child)) {
		xtcp_sock_done(child);
	} else if (!cookie) {
		XTCP_INC_STATS(net, XTCP_MIB_PASSIVEOPENS);
		xtcp_sock_syn_sent(child);
		xtcp_sk(child)->fo.opt = foc && foc->len >= 0 ? foc : NULL;
		xtcp_sock_apply(child, out, skb);
		xtcp_sk(child)->fo.opt = NULL;
		if (fastopen && child->sk_state == TCP_SYN_RECV)
			fastopen_accept(lsk, child);
	} else {
		XTCP_INC_STATS(net, XTCP_MIB_PASSIVEOPENS);
		/* the timer only, in case the ACK is dropped; no RTT sample */
		out->actions &= ~XTCP_ACT_SEND;
		xtcp_sk(child)->no_defer = 1;
		xtcp_sock_apply(child, out, NULL);
		xtcp_sock_rcv(child, skb_get(skb));
	}
	bh_unlock_sock(child);
	sock_put(child);
}

/* The cookie for a SYN, and the listener's note that it sent one. */
static u32 syn_cookie(struct sock *lsk, struct sk_buff *skb,
		      const struct xtcp_addrs *a)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_net *xn = xtcp_pernet(sock_net(lsk));
	struct xtcp_syncookie_opts opts = {
		.mss		= seg->has_mss && seg->mss ? seg->mss :
				  XTCP_MSS_DEFAULT,
		.wscale_ok	= seg->has_wscale,
		.wscale		= seg->wscale,
	};

	synq_overflow(lsk);
	XTCP_INC_STATS(sock_net(lsk), XTCP_MIB_SYNCOOKIESSENT);
	return xtcp_syncookie_make(&xn->syncookie_key, &a->raddr, &a->laddr,
				   seg->sport, seg->dport, seg->seq,
				   xtcp_syncookie_time(), &opts);
}

/*
 * A cookie's SYN,ACK keeps SACK-permitted and ECN (ECE) in its TSval, as
 * Linux's; with no timestamps it offers neither, since the ACK could not
 * say.
 */
static void cookie_sack(const struct xtcp_seg *syn, struct xtcp_seg *synack)
{
	struct xtcp_syncookie_opts opts = {
		.wscale_ok	= syn->has_wscale,
		.wscale		= syn->wscale,
		.ecn_ok		= synack->flags & XTCP_ECE,
	};

	if (!synack->has_ts) {
		synack->has_sack_perm = false;
		synack->flags &= ~XTCP_ECE;
		return;
	}
	synack->tsval = xtcp_syncookie_ts_encode(synack->tsval, &opts,
						 synack->has_sack_perm);
}

/* A SYN (no ACK, no RST): a child in SYN-RECEIVED, a cookie, or nothing. */
static void rcv_syn(struct sock *lsk, const struct xtcp_af_ops *af,
		    struct sk_buff *skb)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_fo_cookie foc;
	struct xtcp_fsm_out out;
	bool cookie, fastopen;
	struct xtcp_addrs a;
	struct xtcp_tcb tcb;

	seg_addrs(af, skb, &a);
	if (!listener_tcb(lsk, af, &a, &tcb))
		return;
	if (!syn_admit(lsk, &cookie)) {
		listen_drop(lsk, skb);
		return;
	}
	xtcp_fsm_rcv(&tcb, seg, cookie ? syn_cookie(lsk, skb, &a) :
		     get_random_u32(), &out);			/* T04 */
	if (WARN_ON_ONCE(tcb.state != TCP_SYN_RECV))
		return;
	if (!cookie) {		/* no Fast Open with SYN cookies */
		fastopen = xtcp_fastopen_syn(lsk, skb, &a, &foc);
		if (fastopen)
			xtcp_fastopen_take_data(&tcb, skb, &out);
		xtcp_ts_syn_rcvd(sock_net(lsk), &tcb.ts, seg, &a);
		make_child(lsk, skb, &tcb, &out, false, &foc, fastopen);
	} else if (out.actions & XTCP_ACT_SEND) {	/* and forget the SYN */
		xtcp_ts_cookie_synack(sock_net(lsk), seg, &a, &out.seg);
		if (xtcp_ecn_syn_ok(lsk, skb))
			out.seg.flags |= XTCP_ECE;
		cookie_sack(seg, &out.seg);
		xtcp_output_ctl(sock_net(lsk), af, xtcp_sk(lsk)->interop, &a,
				READ_ONCE(inet_sk(lsk)->tos), &out.seg);
	}
}

/*
 * An ACK (no SYN, no RST) that may return a cookie: Linux's
 * cookie_v4_check(), looked at only while the listener sends cookies
 * (and a while after). The child is made as if its SYN had just come,
 * from what the cookie kept of it, then takes the ACK. Return: false if
 * the ACK is no cookie's, for the state machine to answer (a reset).
 */
static bool rcv_cookie(struct sock *lsk, const struct xtcp_af_ops *af,
		       struct sk_buff *skb)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct net *net = sock_net(lsk);
	struct xtcp_syncookie_opts opts;
	struct xtcp_fsm_out out;
	struct xtcp_addrs a;
	struct xtcp_tcb tcb;
	struct xtcp_seg syn;

	if (!READ_ONCE(xtcp_pernet(net)->syncookies) ||
	    synq_no_recent_overflow(lsk))
		return false;
	seg_addrs(af, skb, &a);
	if (!xtcp_syncookie_check(&xtcp_pernet(net)->syncookie_key,
				  &a.raddr, &a.laddr, seg->sport,
				  seg->dport, seg->seq - 1, seg->ack - 1,
				  xtcp_syncookie_time(), &opts)) {
		XTCP_INC_STATS(net, XTCP_MIB_SYNCOOKIESFAILED);
		return false;
	}
	XTCP_INC_STATS(net, XTCP_MIB_SYNCOOKIESRECV);
	if (!listener_tcb(lsk, af, &a, &tcb))
		return true;
	if (sk_acceptq_is_full(lsk)) {
		XTCP_INC_STATS(net, XTCP_MIB_LISTENOVERFLOWS);
		listen_drop(lsk, skb);
		return true;
	}
	syn = (struct xtcp_seg) {
		.sport		= seg->sport,
		.dport		= seg->dport,
		.seq		= seg->seq - 1,
		.window		= seg->window,	/* the ACK's replaces it */
		.flags		= XTCP_SYN,
		.has_mss	= true,
		.mss		= opts.mss,
		.has_wscale	= opts.wscale_ok,
		.wscale		= opts.wscale,
		.has_sack_perm	= seg->has_ts &&
				  xtcp_syncookie_ts_sack(seg->tsecr),
	};
	xtcp_fsm_rcv(&tcb, &syn, seg->ack - 1, &out);		/* T04 */
	if (WARN_ON_ONCE(tcb.state != TCP_SYN_RECV))
		return true;
	/* timestamps if our SYN,ACK offered them and the peer took them */
	xtcp_ts_syn_rcvd(net, &tcb.ts, seg, &a);
	tcb.ts.last_ack_sent = tcb.rcv_nxt;	/* our SYN,ACK's */
	make_child(lsk, skb, &tcb, &out, true, NULL, false);
	return true;
}

/* Anything else: the state machine's answer, a reset to an ACK. */
static void rcv_other(struct sock *lsk, const struct xtcp_af_ops *af,
		      struct sk_buff *skb)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_fsm_out out;
	struct xtcp_addrs a;
	struct xtcp_tcb tcb;

	seg_addrs(af, skb, &a);
	if (!listener_tcb(lsk, af, &a, &tcb))
		return;
	xtcp_fsm_rcv(&tcb, seg, 0, &out);
	if (!WARN_ON_ONCE(tcb.state != TCP_LISTEN) &&
	    (out.actions & XTCP_ACT_SEND))
		xtcp_output_ctl(sock_net(lsk), af, xtcp_sk(lsk)->interop, &a,
				0, &out.seg);
}

/**
 * xtcp_listen_rcv() - a segment arrived for a listener
 * @lsk: the listener, referenced by the caller, not locked
 * @af: the family of the segment's network header (an AF_INET6
 *	listener takes IPv4 segments too)
 * @skb: the segment, parsed; consumed
 *
 * The state machine runs on a copy of the listener's TCB: a SYN turns the
 * copy into SYN-RECEIVED (T04), and a child socket is made around it, or
 * the SYN is answered with a cookie (see above). The listener itself never
 * changes here, so it is only read.
 */
void xtcp_listen_rcv(struct sock *lsk, const struct xtcp_af_ops *af,
		     struct sk_buff *skb)
{
	u8 ctl = XTCP_SKB_CB(skb)->seg.flags & (XTCP_SYN | XTCP_ACK | XTCP_RST);

	if (ctl == XTCP_SYN)
		rcv_syn(lsk, af, skb);
	else if (ctl != XTCP_ACK || !rcv_cookie(lsk, af, skb))
		rcv_other(lsk, af, skb);
	consume_skb(skb);
}

/**
 * xtcp_listen_defer() - TCP_DEFER_ACCEPT: drop a child's handshake ACK?
 * @sk: a child in SYN-RECEIVED, locked
 * @seg: the segment that arrived for it
 *
 * As tcp_check_req(): while the listener defers accept() and the child's
 * SYN,ACK has timed out fewer times than it says, an ACK of our SYN
 * without data is dropped, and the child waits in the SYN queue for the
 * data (the ACK that carries it establishes the child). It waits at least
 * that many timeouts (its SYN,ACK retry limit is raised to them), and its
 * SYN,ACK is sent again only at the last (xtcp_listen_defer_resend()), so
 * that the peer's ACK to it, data or not, establishes the child.
 *
 * Return: true if @seg is to be dropped.
 */
bool xtcp_listen_defer(struct sock *sk, const struct xtcp_seg *seg)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	u8 defer;

	if (!xs->parent || xs->no_defer || !tcb->passive)
		return false;
	defer = READ_ONCE(xtcp_sk(xs->parent)->defer_accept);
	if (tcb->retries >= defer ||
	    (seg->flags & (XTCP_SYN | XTCP_RST | XTCP_FIN | XTCP_ACK)) !=
	    XTCP_ACK || seg->payload_len || seg->seq != tcb->irs + 1 ||
	    seg->ack != tcb->iss + 1)
		return false;
	xs->defer_acked = 1;
	tcb->synack_retries = max(tcb->synack_retries, defer);
	return true;
}

/**
 * xtcp_listen_defer_resend() - may a deferred child's SYN,ACK go again?
 * @sk: a child in SYN-RECEIVED, locked, after its retransmission timeout
 *
 * As syn_ack_recalc(): once its ACK was dropped, not before the last
 * timeout of TCP_DEFER_ACCEPT.
 *
 * Return: false if the SYN,ACK is not to be sent now.
 */
bool xtcp_listen_defer_resend(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	return !xs->defer_acked || !xs->parent ||
	       xs->tcb.retries >= READ_ONCE(xtcp_sk(xs->parent)->defer_accept);
}

/**
 * xtcp_listen_overflow() - must an ACK to a child in SYN-RECEIVED wait,
 *	its listener's accept queue being full?
 * @sk: the child, locked
 * @seg: the ACK
 *
 * Linux drops an ACK that would complete a handshake while the accept
 * queue is full (tcp_check_req(), ListenOverflows); the child stays in
 * SYN-RECEIVED and sends its SYN,ACK again, and the peer its ACK.
 *
 * Return: true if @seg must be dropped; it is counted.
 */
bool xtcp_listen_overflow(struct sock *sk, const struct xtcp_seg *seg)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sock *lsk = xs->parent;

	if (!lsk || !xs->tcb.passive || xs->fo.lsk ||	/* Fast Open's: in */
	    (seg->flags & (XTCP_SYN | XTCP_ACK | XTCP_RST)) != XTCP_ACK ||
	    !xtcp_fsm_ack_acceptable(&xs->tcb, seg->ack) ||
	    !sk_acceptq_is_full(lsk))
		return false;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_LISTENOVERFLOWS);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_LISTENDROPS);
	atomic_inc(&lsk->sk_drops);
	return true;
}

/**
 * xtcp_listen_start() - a socket starts listening: empty queues, no SYN
 *	flood seen
 * @sk: the socket, locked by its process
 */
void xtcp_listen_start(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	spin_lock_bh(&xs->acc_lock);
	xs->listen_closed = false;
	spin_unlock_bh(&xs->acc_lock);
	WRITE_ONCE(xs->synflood_warned, 0);
	/* long enough ago that no ACK is taken for a cookie */
	WRITE_ONCE(xs->synq_overflow_ts,
		   (u32)jiffies - XTCP_SYNCOOKIE_VALID - 2 * HZ);
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
	if (xs)
		unqueue(lsk, xs);
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
