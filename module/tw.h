/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: TIME-WAIT without a socket.
 *
 * A connection that enters TIME-WAIT gives up its socket: what TIME-WAIT
 * needs (the 4-tuple, what it takes to answer a retransmitted FIN, a place
 * in a 2MSL queue) moves to a struct xtcp_tw of 192 bytes, in the
 * connection and bind tables in the socket's place, so a hundred thousand
 * of them cost little.
 */
#ifndef _XTCP_TW_H
#define _XTCP_TW_H

#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>

#include "af.h"
#include "fsm.h"
#include "hash.h"

struct sk_buff;
struct sock;
struct xtcp_resv;

/**
 * struct xtcp_tw - a connection in TIME-WAIT
 * @conn: entry in the connection table, beside the sockets; its bucket's
 *	lock guards it, lookups read it under RCU (hash.h); its @addrs are
 *	the 4-tuple
 * @bind_node: entry in the port table (its bucket's lock): the local port
 *	stays taken
 * @timer_node: entry in the 2MSL queue of its namespace and @cpu, under
 *	that queue's lock (tw_timer.c); empty while in no queue
 * @net: the network namespace
 * @expires: when 2MSL ends (CLOCK_MONOTONIC), under the queue's lock
 * @af: the family ops of the socket it replaces (af.h)
 * @rcv_saddr: the socket's inet_rcv_saddr, and with @family and @v6only
 *	what decides whether a bind() overlaps it (port.c)
 * @ref: references: the tables hold one, lookups take one (only if it is
 *	not zero: a lookup under RCU may find an entry being freed)
 * @lock: serializes segments, the timer and removal
 * @snd_nxt: SND.NXT: our FIN's sequence number + 1
 * @rcv_nxt: RCV.NXT: the peer's FIN's sequence number + 1
 * @rcv_wnd: the receive window last offered, which the ACKs sent from
 *	here offer again
 * @last_oow_ack: when the last ACK to an invalid segment was sent, in
 *	jiffies (ratelimit.h), its own limit as Linux's
 * @cpu: the CPU whose queue holds the entry
 * @rcv_wscale: our window shift
 * @tos: TOS of the socket, for the ACKs sent from here
 * @reuse: the socket had SO_REUSEADDR, so a bind() with it may share the
 *	port (as TCP allows)
 * @connect_port: connect() chose the port: another connect() may share it
 *	for another 4-tuple (port.c)
 * @dead: out of the tables; whoever set it frees the entry
 * @interop: the connection spoke TCP on the wire (interop.c)
 * @v6only: the socket had IPV6_V6ONLY
 * @family: the socket's family, AF_INET or AF_INET6
 * @ts_recent: TS.Recent (RFC 7323), for PAWS and the ACKs (tsopt.c)
 * @ts_recent_stamp: when @ts_recent was stored, in seconds; 0 if the
 *	connection had no timestamps
 * @ts_offset: the connection's TSval offset
 * @resv: an interop connection's port in the kernel TCP's table
 *	(resv.c), held until the entry is freed, or NULL
 * @rcu: the last reference frees the entry a grace period later
 *	(xtcp_tw_put()), so that lookups without a lock may still read it
 *
 * TIME-WAIT needs little of the TCB: the state machine runs on one built
 * on the stack from these fields (tw.c), PAWS on the three ts_ fields. With no timer of its own the
 * entry takes 192 octets on x86_64 (a socket: about 2,800); its IPv6
 * 4-tuple (af.h) made it 40 more.
 *
 * Lifetime: from xtcp_tw_enter() until its timer, the unload or the
 * namespace's exit takes it out of the tables and the last reference is
 * dropped, plus an RCU grace period. The 4-tuple, @net and @cpu are set
 * before it enters the tables and never change. It leaves its queue
 * before it is freed.
 */
struct xtcp_tw {
	struct xtcp_conn_node	conn;
	struct hlist_node	bind_node;
	struct list_head	timer_node;
	possible_net_t		net;
	ktime_t			expires;
	const struct xtcp_af_ops *af;
	__be32			rcv_saddr;
	refcount_t		ref;
	spinlock_t		lock;	/* see @lock above */
	u32			snd_nxt;
	u32			rcv_nxt;
	u32			rcv_wnd;
	u32			last_oow_ack;
	u16			cpu;
	u8			rcv_wscale;
	u8			tos;
	u8			reuse:1,
				connect_port:1,
				dead:1,
				interop:1,
				v6only:1;
	u8			family;
	u32			ts_recent;
	u32			ts_recent_stamp;
	u32			ts_offset;
	struct xtcp_resv	*resv;
	struct rcu_head		rcu;
};

static inline struct net *xtcp_tw_net(const struct xtcp_tw *tw)
{
	return read_pnet(&tw->net);
}

int xtcp_tw_init(void);
void xtcp_tw_exit(void);
void xtcp_tw_enter(struct sock *sk);
bool xtcp_tw_rcv(struct xtcp_tw *tw, struct sk_buff *skb);
void xtcp_tw_put(struct xtcp_tw *tw);
void xtcp_tw_kill(struct xtcp_tw *tw);
void xtcp_tw_expired(struct xtcp_tw *tw);

#endif /* _XTCP_TW_H */
