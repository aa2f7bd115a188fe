/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: TIME-WAIT without a socket.
 *
 * A connection that enters TIME-WAIT gives up its socket: what TIME-WAIT
 * needs (the 4-tuple, the TCB to answer a retransmitted FIN, a 2MSL timer)
 * moves to a struct xtcp_tw of about 200 bytes, in the connection and bind
 * tables in the socket's place, so thousands of them cost little.
 */
#ifndef _XTCP_TW_H
#define _XTCP_TW_H

#include <linux/hrtimer.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>

#include "fsm.h"
#include "hash.h"

struct sk_buff;
struct sock;

/**
 * struct xtcp_tw - a connection in TIME-WAIT
 * @conn: entry in the connection table, beside the sockets; its bucket's
 *	lock guards it, lookups read it under RCU (hash.h)
 * @bind_node: entry in the port table (its bucket's lock): the local port
 *	stays taken
 * @net: the network namespace
 * @saddr: local address
 * @daddr: foreign address
 * @sport: local port
 * @dport: foreign port
 * @reuse: the socket had SO_REUSEADDR, so a bind() with it may share the
 *	port (as TCP allows)
 * @connect_port: connect() chose the port: another connect() may share it
 *	for another 4-tuple (hash.c)
 * @dead: out of the tables; whoever set it frees the entry
 * @tos: TOS of the socket, for the ACKs sent from here
 * @ref: references: the tables hold one, lookups take one (only if it is
 *	not zero: a lookup under RCU may find an entry being freed)
 * @lock: serializes segments, the timer and removal
 * @timer: the 2MSL timer
 * @tcb: the TCB, in TIME-WAIT
 * @ts_recent: TS.Recent (RFC 7323), for PAWS and the ACKs (tsopt.c)
 * @ts_recent_stamp: when @ts_recent was stored, in seconds; 0 if the
 *	connection had no timestamps
 * @ts_offset: the connection's TSval offset
 * @rcu: the last reference frees the entry a grace period later
 *	(xtcp_tw_put()), so that lookups without a lock may still read it
 *
 * Lifetime: from xtcp_tw_enter() until its timer, the unload or the
 * namespace's exit takes it out of the tables and the last reference is
 * dropped, plus an RCU grace period. The 4-tuple and @net are set before
 * it enters the tables and never change.
 */
struct xtcp_tw {
	struct xtcp_conn_node	conn;
	struct hlist_node	bind_node;
	possible_net_t		net;
	__be32			saddr;
	__be32			daddr;
	__be16			sport;
	__be16			dport;
	bool			reuse;
	bool			connect_port;
	bool			dead;
	u8			tos;
	refcount_t		ref;
	spinlock_t		lock;	/* see @lock above */
	struct hrtimer		timer;
	struct xtcp_tcb		tcb;
	u32			ts_recent;
	u32			ts_recent_stamp;
	u32			ts_offset;
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
