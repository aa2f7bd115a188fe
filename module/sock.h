/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the socket, the socket layer's view of a connection.
 *
 * An xtcp socket is an inet_sock with a TCB (fsm.h) and what the state
 * machine leaves to its caller: the send and receive queues, the
 * retransmission timer, the hash table entries and, for a listener, its
 * children. sock.c runs the state machine on it and carries out what the
 * state machine asks (struct xtcp_fsm_out).
 *
 * Locking: the TCB, the queues and the timer are changed under the socket
 * lock (bh_lock_sock() in softirq, lock_sock() in process context; a
 * segment arriving while a process owns the socket waits in the backlog).
 * The hash tables have their own locks (hash.c): a socket's entries in
 * them (@bind_node, @listen_node, @conn and @bound, @hashed) change only
 * under the lock of their bucket, and the input path reads them under
 * RCU with no lock at all.
 *
 * Lifetime: a socket is freed an RCU grace period after its last
 * reference (SOCK_RCU_FREE, set in proto.init), so that a lookup walking
 * a chain under rcu_read_lock() may read any socket it meets; it takes a
 * reference only if the count is not zero, then checks the 4-tuple again
 * (hash.c).
 *
 * A listener's children: the listener's @acc_lock owns its lists
 * (@embryos, @acceptq), every child's @child_node on them (wherever it is
 * linked or unlinked) and @on_acceptq, the lists' lengths (@syn_qlen,
 * sk_ack_backlog) and @listen_closed; no list of children is
 * ever walked or spliced without it. A child on a list holds two
 * references: one on itself (the list's) and one on its listener (through
 * @parent). Whoever takes the child off the list under @acc_lock owns
 * both: accept() (the child's becomes the user's), a closing listener
 * (xtcp_listen_close_children()), or the child's own end
 * (xtcp_listen_unlink_child(), from xtcp_sock_done()). @parent is set and
 * cleared under the child's socket lock, and cleared before the listener
 * reference is dropped, so a child that holds its lock and sees @parent
 * may use the listener. Lock order: the listener's socket lock (owned),
 * then a child's, then the listener's @acc_lock. A child is locked from
 * its creation (sk_clone_lock()) until it is on its listener's list, in
 * the tables and its SYN,ACK is out, so nobody sees it half made.
 */
#ifndef _XTCP_SOCK_H
#define _XTCP_SOCK_H

#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/sched/signal.h>
#include <linux/skbuff.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/inet_sock.h>
#include <net/sock.h>

#include "af.h"
#include "cong.h"
#include "delack.h"
#include "ecn.h"
#include "fastopen.h"
#include "fsm.h"
#include "hash.h"
#include "ofo.h"
#include "persist.h"
#include "rack.h"
#include "rate.h"
#include "window.h"

struct xtcp_resv;
#include "sack.h"
#include "scoreboard.h"
#include "urg.h"

/*
 * Largest segment xtcp sends or advertises: the most data an IPv4 packet
 * of 65535 octets carries behind its header and a bare xtcp header. A
 * segment is a small header skb whose data are page fragments of the
 * send queue, so its size costs no allocation.
 */
#define XTCP_MSS_MAX		(IP_MAX_MTU - sizeof(struct iphdr) - XTCP_HDR_MIN)
/* Room for the link, IP and xtcp headers in front of a segment. */
#define XTCP_MAX_HEADER		(MAX_HEADER + 128)
/* Largest TCP_SYNCNT, as Linux's MAX_TCP_SYNCNT. */
#define XTCP_SYNCNT_MAX		127
/*
 * Most data sendmsg() puts in one send-queue skb (in page fragments, at
 * most MAX_SKB_FRAGS of them): an skb then covers about a largest segment.
 */
#define XTCP_SEND_CHUNK		(64 * 1024)

/* Bits of &xtcp_skb_cb.tx_flags, on send-queue skbs (stream.c) */
enum {
	XTCP_TXF_PSH	= BIT(0),	/* a write ended here: PSH at the end */
	XTCP_TXF_EOR	= BIT(1),	/* MSG_EOR: a record ends here */
};

/**
 * struct xtcp_skb_cb - xtcp's part of skb->cb
 * @seg: on arrival: the parsed header (kept for the socket backlog)
 * @tx_flags: send queue: XTCP_TXF_* bits, as Linux's TCPHDR_PSH and eor
 *	of TCP_SKB_CB(): they hold for the skb's last octet
 * @seq: send and out-of-order queues: sequence number of the first octet
 * @end_seq: send and out-of-order queues: sequence number after the last
 *	octet
 * @offset: receive queue: octets of the payload already read; out-of-order
 *	queue: where the octet at @seq is in the data
 */
struct xtcp_skb_cb {
	union {
		struct xtcp_seg	seg;
		u8		tx_flags;
	};
	u32		seq;
	u32		end_seq;
	u32		offset;
};

#define XTCP_SKB_CB(skb)	((struct xtcp_skb_cb *)&(skb)->cb[0])

/**
 * struct xtcp_sock - an xtcp socket
 * @inet: the inet socket it extends; must stay first
 * @af: what differs by address family (af.h): set by proto.init, copied
 *	to a listener's children
 * @tcb: the transmission control block the state machine works on
 * @xmit_timer: the transmit timer: the retransmission timer, or the
 *	persist timer while nothing is in flight (timers.c, persist.c);
 *	keepalive runs on sk_timer (timers.c, keepalive.c)
 * @deferred: XTCP_DEFER_* work found while a process owned the socket,
 *	done in release_cb if still due
 * @armed: XTCP_DEFER_* bits of the socket timers armed and not yet
 *	handled, as Linux's icsk_pending: set when armed, cleared when
 *	stopped or when their work runs (timers.c); of RTX and PERSIST,
 *	which share @xmit_timer, one at most
 * @timer_refs: XTCP_DEFER_* bits of the socket hrtimers that hold a
 *	reference on the socket (RTX for @xmit_timer, DELACK): from arming
 *	an idle timer until it is cancelled or its callback ends without it
 *	queued again (timers.c); under @timer_lock
 * @timer_lock: serializes @timer_refs with arming and cancelling the
 *	socket timers, against their callbacks' ends (bottom halves off)
 * @xmit_due: the deadline of the work armed on @xmit_timer, which may be
 *	queued for earlier (timers.c: sock_timer_arm()); under the socket
 *	lock, read by the timer's callback under it too
 * @delack_due: the same for @delack_timer
 * @clock_ns: when the current event on the socket began (clock.h)
 * @clock_depth: how many events on the socket have begun and not ended
 *	(clock.h); both under the socket lock
 * @rcv_wake: data was queued for the reader during the current event:
 *	sk_data_ready() is called once, when the outermost event ends
 *	(sock.c), as tcp_data_ready() ends tcp_rcv_established(): a reader
 *	woken earlier would only wait for the lock the event still holds
 * @bind_node: entry in the port table, while @bound (its bucket's lock)
 * @conn: entry in the connection table (4-tuple), while @hashed (its
 *	bucket's lock; read under RCU)
 * @listen_node: entry in its port's listeners, from the first listen() on
 *	until the port is given back (its port bucket's lock; read under
 *	RCU); only sockets in TCP_LISTEN in it are found there
 * @bound: holds a local port in the port table
 * @connect_port: connect() chose that port (xtcp_hash_connect()): other
 *	connect()s may share it for other 4-tuples
 * @hashed: is in the connection table, which then holds a reference
 * @fin_pending: the application closed its side; the FIN goes once the
 *	send queue is sent
 * @write_seq: sequence number after the last octet queued by sendmsg()
 * @snd_hint: the send-queue skb output.c last took data from, or NULL:
 *	where it looks first for the next segment's data
 * @rcv_queued: octets in the receive queue not yet read
 * @sndbuf_goal: sk_sndbuf the socket started with; memory pressure may
 *	shrink sk_sndbuf below it for a while (mem.c)
 * @cc: congestion control and loss recovery (cong.h)
 * @rcv_wnd_adv: the receive window last advertised, in octets (after
 *	scaling); &xtcp_tcb.rcv_adv is its right edge
 * @ofo: the out-of-order queue (ofo.h)
 * @ofo_fin: a FIN came out of order, at @ofo_fin_seq; it is taken once
 *	RCV.NXT gets there
 * @ofo_fin_seq: the sequence number of that FIN
 * @sack_rcv: the SACK and DSACK blocks we report (sack.h)
 * @sack_board: what the peer SACKed of ours (scoreboard.h), or NULL while
 *	nothing is: taken and given back by ondemand.c, which owns it
 * @dsack_dups: segments the peer reported in DSACKs (tcpi_dsack_dups)
 * @syn_retries: TCP_SYNCNT set by the user, 0 for the default
 * @nodelay: TCP_NODELAY: Nagle's algorithm is off
 * @cork: TCP_CORK: segments shorter than the MSS wait (200 ms at most:
 *	the persist timer sends them, as Linux's probe timer)
 * @nagle_push: TCP_NODELAY set, or TCP_CORK cleared with it: what is
 *	queued goes now, cork or not, until a new send-queue skb is
 *	started (Linux's TCP_NAGLE_PUSH)
 * @force_psh: the segment being sent carries PSH whatever the send
 *	queue's marks (persist.c's override, as tcp_write_wakeup())
 * @recvmsg_inq: TCP_INQ: recvmsg() gives a TCP_CM_INQ control message
 * @pingpong: TCP_QUICKACK 0 (Linux's pingpong mode); getsockopt() reads
 *	its opposite
 * @defer_acked: a child of a TCP_DEFER_ACCEPT listener whose handshake
 *	ACK came without data, and was dropped (listen.c)
 * @no_defer: a child that TCP_DEFER_ACCEPT does not hold: a SYN cookie's,
 *	as in Linux
 * @save_syn: TCP_SAVE_SYN: 0, 1 (the network and xtcp headers), 2 (the
 *	link header too)
 * @linger2_s: TCP_LINGER2: an orphan's FIN-WAIT-2 time in seconds, 0 for
 *	net.xtcp.msl_ms's 2MSL, -1 for none (reset at once)
 * @defer_accept: TCP_DEFER_ACCEPT as a number of SYN,ACK timeouts, as
 *	Linux keeps it (rskq_defer_accept)
 * @pushed_seq: the sequence number after the last octet a write marked
 *	with PSH (forced pushes, Linux's pushed_seq)
 * @notsent_lowat: TCP_NOTSENT_LOWAT, 0 for net.xtcp.tcp_notsent_lowat
 * @window_clamp: TCP_WINDOW_CLAMP: the most window we offer, 0 for no
 *	clamp
 * @saved_syn: TCP_SAVED_SYN: the headers of the SYN that opened a
 *	listener's child, until read (listen.c, sockopt.c)
 * @user_timeout_ms: TCP_USER_TIMEOUT, 0 for none
 * @rtx_start_us: when the oldest unacknowledged data was first
 *	retransmitted by the timer (for @user_timeout_ms)
 * @acc_lock: a listener's lock for @embryos, @acceptq, @syn_qlen,
 *	sk_ack_backlog, @listen_closed and its children's @child_node and
 *	@on_acceptq (see above)
 * @embryos: a listener's children in SYN-RECEIVED, its SYN queue
 * @acceptq: a listener's established children, waiting for accept(); as
 *	many as sk_ack_backlog says
 * @syn_qlen: number of children on @embryos; a SYN that finds more
 *	than sk_max_ack_backlog of them gets a cookie or is dropped
 *	(listen.c)
 * @synq_overflow_ts: jiffies when the SYN queue last overflowed (a cookie
 *	was sent); ACKs are taken for cookies until XTCP_SYNCOOKIE_VALID
 *	after it (Linux's tcp_synq_overflow())
 * @synflood_warned: the "Possible SYN flooding" line was logged for this
 *	listen()
 * @listen_closed: the listener is closed: a child that gets established
 *	now is reset
 * @parent: a child's listener (referenced), until accept() takes the child
 * @child_node: a child's entry in @embryos or @acceptq of @parent
 * @on_acceptq: a child's @child_node is on @acceptq, not @embryos
 * @ka_idle_s: TCP_KEEPIDLE, seconds
 * @ka_intvl_s: TCP_KEEPINTVL, seconds
 * @ka_cnt: TCP_KEEPCNT
 * @ka_probes: keepalive probes sent and not answered yet
 * @ka_probe_tstamp: jiffies when the last keepalive probe was sent
 * @rcv_tstamp: jiffies when the last segment arrived
 * @rcv_data_tstamp: jiffies when the last segment with data arrived
 * @snd_data_tstamp: jiffies when the last segment with data was sent
 * @user_mss: TCP_MAXSEG set by the user, 0 for none
 * @rcv_mss: the largest payload received so far (TCP_INFO)
 * @segs_in: segments received (TCP_INFO, as the ones below)
 * @segs_out: segments sent
 * @data_segs_in: segments with data received
 * @data_segs_out: segments with data sent
 * @total_retrans: segments retransmitted
 * @bytes_sent: data octets sent, retransmissions included
 * @bytes_received: sequence space received in order after the peer's SYN
 *	(its FIN included, as Linux)
 * @info_rcv_nxt: RCV.NXT when @bytes_received was last brought up to date
 * @info_synced: @info_rcv_nxt is set
 * @bytes_retrans: data octets retransmitted (TCP_INFO)
 * @rate: delivery rate samples (rate.h); its ring, and &xtcp_cong.timed
 *	of @cc, only while data is in flight (ondemand.c)
 * @chrono: what limits the sender, and for how long (rate.h)
 * @rack: RACK-TLP (rack.h); its records only while data is in flight
 *	(ondemand.c)
 * @rcvq: receive buffer autotuning (rcvbuf.c)
 * @delack_timer: the delayed-ACK timer (timers.c, delack.c)
 * @delack: the delayed-ACK state (delack.h)
 * @persist: the persist and SWS avoidance state (persist.h)
 * @mtu_info: the next-hop MTU of the last ICMP fragmentation needed
 *	(icmp.c), kept for release_cb when a process owned the socket
 * @orphan_counted: the user closed it and it is counted as an orphan
 *	until its connection ends (orphan.c)
 * @interop: speaks TCP on the wire (interop.c); set before it holds a
 *	port, then fixed; a listener's children and TIME-WAIT entries take it
 * @resv: while @bound, for an interop socket: its port in the kernel
 *	TCP's table (resv.c), shared with its listener
 * @urg: urgent data both ways: SND.UP and the peer's mark (urg.h)
 * @ecn: Explicit Congestion Notification (ecn.h)
 * @tsq_node: TCP Small Queues: in a CPU's list of sockets to resume,
 *	while XTCP_TSQ_QUEUED (tsq.c)
 * @tsq_flags: XTCP_TSQ_* bits (tsq.c)
 * @fo: TCP Fast Open (fastopen.h)
 */
struct xtcp_sock {
	struct inet_sock	inet;
	const struct xtcp_af_ops *af;
	struct xtcp_tcb		tcb;
	struct hrtimer		xmit_timer;
	unsigned long		deferred;
	unsigned long		armed;
	unsigned long		timer_refs;
	spinlock_t		timer_lock;	/* see @timer_lock above */
	u8			clock_depth;
	bool			rcv_wake;
	ktime_t			xmit_due;
	ktime_t			delack_due;
	u64			clock_ns;
	struct hlist_node	bind_node;
	struct xtcp_conn_node	conn;
	struct hlist_nulls_node	listen_node;
	bool			bound;
	bool			connect_port;
	bool			hashed;
	bool			fin_pending;
	u32			write_seq;
	struct sk_buff		*snd_hint;
	u32			rcv_queued;
	u32			sndbuf_goal;
	u32			rcv_wnd_adv;
	struct xtcp_cong	cc;
	struct xtcp_ofo		ofo;
	bool			ofo_fin;
	u32			ofo_fin_seq;
	struct xtcp_sack_rcv	sack_rcv;
	u32			dsack_dups;
	struct xtcp_sack_board	*sack_board;
	u8			syn_retries;
	bool			nodelay;
	/* tcp(7) options of issue 16 (sockopt.c) */
	u16			cork:1,
				nagle_push:1,
				force_psh:1,
				recvmsg_inq:1,
				pingpong:1,
				defer_acked:1,
				no_defer:1,
				save_syn:2;
	u32			user_timeout_ms;
	u64			rtx_start_us;
	struct saved_syn	*saved_syn;
	u32			pushed_seq;
	u32			notsent_lowat;
	u32			window_clamp;
	s8			linger2_s;
	u8			defer_accept;
	spinlock_t		acc_lock;	/* see @acc_lock above */
	unsigned int		syn_qlen;
	struct list_head	embryos;
	struct list_head	acceptq;
	u32			synq_overflow_ts;
	u8			synflood_warned;
	bool			listen_closed;
	struct sock		*parent;
	struct list_head	child_node;
	bool			on_acceptq;
	/* keepalive, TCP_MAXSEG and TCP_INFO (keepalive.c, sockopt.c) */
	u16			ka_idle_s;
	u16			ka_intvl_s;
	u8			ka_cnt;
	u8			ka_probes;
	u32			ka_probe_tstamp;
	u32			rcv_tstamp;
	u32			rcv_data_tstamp;
	u32			snd_data_tstamp;
	u16			user_mss;
	u16			rcv_mss;
	u32			segs_in;
	u32			segs_out;
	u32			data_segs_in;
	u32			data_segs_out;
	u32			total_retrans;
	u64			bytes_sent;
	u64			bytes_received;
	u32			info_rcv_nxt;
	bool			info_synced;
	u64			bytes_retrans;
	struct xtcp_rate	rate;
	struct xtcp_chrono	chrono;
	struct xtcp_rack	rack;
	struct xtcp_rcvq	rcvq;
	/* delayed ACK, persist timer, SWS avoidance */
	struct hrtimer		delack_timer;
	struct xtcp_delack	delack;
	struct xtcp_persist	persist;
	u32			mtu_info;
	bool			orphan_counted;
	/* interop mode (interop.c, resv.c) */
	bool			interop;
	struct xtcp_resv	*resv;
	struct xtcp_urg		urg;
	struct xtcp_ecn		ecn;
	/* TCP Small Queues */
	struct list_head	tsq_node;
	unsigned long		tsq_flags;
	struct xtcp_fo		fo;
};

/**
 * struct xtcp6_sock - an AF_INET6 xtcp socket
 * @xs: the xtcp socket
 * @inet6: its IPv6 part (inet6_sk()); last, where 6.1's inet6_create()
 *	looks for it (compat.h)
 */
struct xtcp6_sock {
	struct xtcp_sock	xs;
	struct ipv6_pinfo	inet6;
};

/*
 * Bits of &xtcp_sock.deferred and &xtcp_sock.armed: one per timer; and of
 * &xtcp_sock.deferred only, work an ICMP error left to release_cb.
 */
enum {
	XTCP_DEFER_RTX,		/* the retransmission timer expired */
	XTCP_DEFER_KA,		/* the keepalive timer expired */
	XTCP_DEFER_DELACK,	/* the delayed-ACK timer expired */
	XTCP_DEFER_PERSIST,	/* the persist timer expired */
	XTCP_DEFER_MTU,		/* the path MTU dropped (icmp.c) */
	XTCP_DEFER_TSQ,		/* a segment below it was freed (tsq.c) */
};

/* Bits of &xtcp_sock.tsq_flags (tsq.c). */
enum {
	XTCP_TSQ_THROTTLED,	/* sending waits for segments to be freed */
	XTCP_TSQ_QUEUED,	/* in a CPU's list to resume; holds a unit */
};

#define XTCP_TSQF_THROTTLED	BIT(XTCP_TSQ_THROTTLED)
#define XTCP_TSQF_QUEUED	BIT(XTCP_TSQ_QUEUED)

/**
 * xtcp_mss_for_mtu() - the MSS to advertise on a path
 * @mtu: the path's MTU
 *
 * Return: @mtu less the IP and xtcp headers, at most XTCP_MSS_MAX.
 */
static inline u16 xtcp_mss_for_mtu(u32 mtu)
{
	mtu = clamp_t(u32, mtu, 68, 65535);
	return min_t(u32, mtu - sizeof(struct iphdr) - XTCP_HDR_MIN,
		     XTCP_MSS_MAX);
}

/**
 * xtcp_af_mss() - the MSS to advertise on a path of a family
 * @af: the family
 * @mtu: the path's MTU
 *
 * Return: xtcp_mss_for_mtu(), less what the family's network header takes
 * beyond IPv4's.
 */
static inline u16 xtcp_af_mss(const struct xtcp_af_ops *af, u32 mtu)
{
	return xtcp_mss_for_mtu(mtu) + sizeof(struct iphdr) -
	       af->net_header_len;
}

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return (struct xtcp_sock *)sk;
}

/**
 * xtcp_sock_send_mss() - the data of the largest segment we send
 * @tcb: the TCB
 *
 * Return: the peer's MSS, within ours, less the Timestamps option in use
 * (xtcp_fsm_send_mss()), at most XTCP_MSS_MAX.
 */
static inline u32 xtcp_sock_send_mss(const struct xtcp_tcb *tcb)
{
	return min_t(u32, xtcp_fsm_send_mss(tcb), XTCP_MSS_MAX);
}

/**
 * xtcp_may_wait() - may a blocking call wait (again)?
 * @timeo: time left to wait
 *
 * Return: 0, -EAGAIN when no time is left, or the errno a pending signal
 * asks for (-ERESTARTSYS, or -EINTR once a timeout ran).
 */
static inline int xtcp_may_wait(long timeo)
{
	if (!timeo)
		return -EAGAIN;
	if (signal_pending(current))
		return sock_intr_errno(timeo);
	return 0;
}

/* How xtcp_sock_push_mode() treats a short last segment (sock.c) */
enum {
	XTCP_PUSH_NAGLE,	/* as Nagle and TCP_CORK say */
	XTCP_PUSH_CORK,		/* it waits (MSG_MORE) */
	XTCP_PUSH_FORCE,	/* it goes (a forced push) */
};

/* sock.c: running the state machine on a socket */
void xtcp_sock_init_private(struct sock *sk);
void xtcp_sock_tcb_init(struct sock *sk, u16 sport, u16 dport, u16 mss);
void xtcp_sock_syn_sent(struct sock *sk);
u32 xtcp_sock_rcv_wnd(const struct sock *sk);
u8 xtcp_sock_rcv_wscale(const struct sock *sk);
int xtcp_sock_rcv(struct sock *sk, struct sk_buff *skb);
void xtcp_sock_apply(struct sock *sk, struct xtcp_fsm_out *out,
		     struct sk_buff *skb);
void xtcp_sock_push(struct sock *sk);
void xtcp_sock_push_mode(struct sock *sk, int mode);
void xtcp_sock_rtx_timeout(struct sock *sk);
void xtcp_sock_abort(struct sock *sk, int err);
void xtcp_sock_done(struct sock *sk);
void xtcp_sock_orphan_check(struct sock *sk);
void xtcp_sock_window_update(struct sock *sk);
void xtcp_sock_purge_ofo(struct sock *sk);
void xtcp_sock_simple_retransmit(struct sock *sk);
u32 xtcp_sock_retransmit(struct sock *sk, u32 seq, u32 max);
void xtcp_sock_rack_lost(struct sock *sk);

#endif /* _XTCP_SOCK_H */
