// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the bind and connection tables (see hash.h).
 *
 * Fixed-size tables of hlists under one spinlock, taken with BHs off: the
 * input path looks up in softirq. A lookup returns its result with a
 * reference taken; nothing outside this file takes the lock. The
 * connection table holds a reference on each socket in it; the bind table
 * holds none (a socket leaves it before it is freed) but every TIME-WAIT
 * entry in it belongs to the tables.
 *
 * Port sharing follows TCP: two sockets may hold the same port on
 * overlapping addresses only if both set SO_REUSEADDR and the one already
 * there is not listening; a TIME-WAIT entry counts as a socket that is not
 * listening.
 */
#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/spinlock.h>
#include <net/inet_sock.h>
#include <net/ip.h>

#include "compat.h"
#include "hash.h"
#include "sock.h"
#include "tw.h"

#define BIND_BITS	10
#define CONN_BITS	12

static struct hlist_head bind_table[1 << BIND_BITS];
static struct hlist_head bind_tw_table[1 << BIND_BITS];
static struct hlist_head listen_table[1 << BIND_BITS];
static struct hlist_head conn_table[1 << CONN_BITS];
static struct hlist_head tw_table[1 << CONN_BITS];
static DEFINE_SPINLOCK(hash_lock);

static struct hlist_head *bind_bucket(struct hlist_head *table,
				      const struct net *net, u16 port)
{
	return &table[hash_32(port ^ net_hash_mix(net), BIND_BITS)];
}

static u32 conn_hash(const struct net *net, __be32 laddr, __be16 lport,
		     __be32 raddr, __be16 rport)
{
	return jhash_3words((__force u32)laddr, (__force u32)raddr,
			    ((__force u32)lport << 16) | (__force u32)rport,
			    net_hash_mix(net)) & ((1 << CONN_BITS) - 1);
}

static bool addr_overlap(__be32 a, __be32 b)
{
	return !a || !b || a == b;
}

static bool dev_overlap(int a, int b)
{
	return !a || !b || a == b;
}

/* Can @sk take @port next to what holds it now? Under hash_lock. */
static bool port_conflict(const struct sock *sk, u16 port)
{
	__be32 addr = inet_sk(sk)->inet_rcv_saddr;
	const struct net *net = sock_net(sk);
	struct xtcp_sock *xs;
	struct xtcp_tw *tw;

	hlist_for_each_entry(xs, bind_bucket(bind_table, net, port),
			     bind_node) {
		const struct sock *o = &xs->inet.sk;

		if (o == sk || !net_eq(sock_net(o), net) ||
		    inet_sk(o)->inet_num != port ||
		    !addr_overlap(addr, inet_sk(o)->inet_rcv_saddr) ||
		    !dev_overlap(sk->sk_bound_dev_if, o->sk_bound_dev_if))
			continue;
		if (sk->sk_reuse && o->sk_reuse && o->sk_state != TCP_LISTEN)
			continue;
		return true;
	}
	hlist_for_each_entry(tw, bind_bucket(bind_tw_table, net, port),
			     bind_node) {
		if (!net_eq(xtcp_tw_net(tw), net) || ntohs(tw->sport) != port ||
		    !addr_overlap(addr, tw->saddr))
			continue;
		if (sk->sk_reuse && tw->reuse)
			continue;
		return true;
	}
	return false;
}

/* Is @port free of any socket or TIME-WAIT entry in @net? */
static bool port_unused(const struct net *net, u16 port)
{
	struct xtcp_sock *xs;
	struct xtcp_tw *tw;

	hlist_for_each_entry(xs, bind_bucket(bind_table, net, port), bind_node)
		if (net_eq(sock_net(&xs->inet.sk), net) &&
		    xs->inet.inet_num == port)
			return false;
	hlist_for_each_entry(tw, bind_bucket(bind_tw_table, net, port),
			     bind_node)
		if (net_eq(xtcp_tw_net(tw), net) && ntohs(tw->sport) == port)
			return false;
	return true;
}

/* An unused port from net.ipv4.ip_local_port_range, or 0. */
static u16 ephemeral_port(struct net *net)
{
	int low, high, range, i;
	u32 start;

	inet_get_local_port_range(net, &low, &high);
	range = high - low + 1;
	if (range <= 0)
		return 0;
	start = get_random_u32_below(range);
	for (i = 0; i < range; i++) {
		u16 port = low + (start + i) % range;

		if (!inet_is_local_reserved_port(net, port) &&
		    port_unused(net, port))
			return port;
	}
	return 0;
}

/**
 * xtcp_hash_get_port() - take a local port for a socket (proto.get_port)
 * @sk: the socket; its local address is already set
 * @snum: the port, or 0 for an ephemeral one
 *
 * On success the socket's inet_num is the port and it is in the bind table.
 *
 * Return: 0, or -EADDRINUSE if the port is taken (or no ephemeral port is
 * free).
 */
int xtcp_hash_get_port(struct sock *sk, unsigned short snum)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err = -EADDRINUSE;

	spin_lock_bh(&hash_lock);
	if (!snum)
		snum = ephemeral_port(sock_net(sk));
	if (snum && !port_conflict(sk, snum)) {
		xs->inet.inet_num = snum;
		hlist_add_head(&xs->bind_node,
			       bind_bucket(bind_table, sock_net(sk), snum));
		xs->bound = true;
		err = 0;
	}
	spin_unlock_bh(&hash_lock);
	return err;
}

/**
 * xtcp_hash_put_port() - give a socket's local port back (proto.put_port)
 * @sk: the socket
 */
void xtcp_hash_put_port(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	spin_lock_bh(&hash_lock);
	if (xs->bound) {
		hlist_del(&xs->bind_node);
		xs->bound = false;
		xs->inet.inet_num = 0;
	}
	hlist_del_init(&xs->listen_node);
	spin_unlock_bh(&hash_lock);
}

/**
 * xtcp_hash_inherit_port() - a listener's child takes its port too
 * @child: the child, with the listener's inet_num
 *
 * The port is the listener's already; the child holds it as long as it
 * lives, as TCP's children do, so it is not checked for conflicts.
 */
void xtcp_hash_inherit_port(struct sock *child)
{
	struct xtcp_sock *xs = xtcp_sk(child);

	spin_lock_bh(&hash_lock);
	hlist_add_head(&xs->bind_node,
		       bind_bucket(bind_table, sock_net(child),
				   xs->inet.inet_num));
	xs->bound = true;
	spin_unlock_bh(&hash_lock);
}

/**
 * xtcp_hash_listen() - a bound socket starts listening on its port, if it
 *	may
 * @sk: the socket, its TCB in LISTEN already
 *
 * The check and the move of sk_state to TCP_LISTEN are one step under the
 * tables' lock: of two sockets sharing a port (SO_REUSEADDR, neither
 * listening) that call listen() at once, one fails, as on TCP.
 *
 * Return: 0, or -EADDRINUSE if another socket on an overlapping address
 * listens there, or shares the port without both having SO_REUSEADDR.
 */
int xtcp_hash_listen(struct sock *sk)
{
	int err = 0;

	u16 port = inet_sk(sk)->inet_num;

	spin_lock_bh(&hash_lock);
	if (port_conflict(sk, port)) {
		err = -EADDRINUSE;
	} else {
		inet_sk_set_state(sk, TCP_LISTEN);
		if (hlist_unhashed(&xtcp_sk(sk)->listen_node))
			hlist_add_head(&xtcp_sk(sk)->listen_node,
				       bind_bucket(listen_table, sock_net(sk),
						   port));
	}
	spin_unlock_bh(&hash_lock);
	return err;
}

static bool tuple_taken(const struct net *net, __be32 laddr, __be16 lport,
			__be32 raddr, __be16 rport, u32 h)
{
	struct xtcp_sock *xs;
	struct xtcp_tw *tw;

	hlist_for_each_entry(xs, &conn_table[h], conn_node) {
		const struct inet_sock *inet = &xs->inet;

		if (net_eq(sock_net(&inet->sk), net) &&
		    inet->inet_rcv_saddr == laddr && inet->inet_sport == lport &&
		    inet->inet_daddr == raddr && inet->inet_dport == rport)
			return true;
	}
	hlist_for_each_entry(tw, &tw_table[h], conn_node)
		if (net_eq(xtcp_tw_net(tw), net) && tw->saddr == laddr &&
		    tw->sport == lport && tw->daddr == raddr &&
		    tw->dport == rport)
			return true;
	return false;
}

/**
 * xtcp_hash_insert() - put a socket with a foreign address in the
 *	connection table
 * @sk: the socket; its addresses and ports are set
 *
 * The table takes a reference on the socket.
 *
 * Return: 0, or -EADDRNOTAVAIL if a socket or a TIME-WAIT entry has the
 * same 4-tuple (no new incarnation while TIME-WAIT holds).
 */
int xtcp_hash_insert(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 h;

	h = conn_hash(sock_net(sk), inet->inet_rcv_saddr, inet->inet_sport,
		      inet->inet_daddr, inet->inet_dport);
	spin_lock_bh(&hash_lock);
	if (tuple_taken(sock_net(sk), inet->inet_rcv_saddr, inet->inet_sport,
			inet->inet_daddr, inet->inet_dport, h)) {
		spin_unlock_bh(&hash_lock);
		return -EADDRNOTAVAIL;
	}
	sock_hold(sk);
	hlist_add_head(&xs->conn_node, &conn_table[h]);
	xs->hashed = true;
	spin_unlock_bh(&hash_lock);
	return 0;
}

/**
 * xtcp_hash_remove() - take a socket out of the connection table
 * @sk: the socket; the caller holds a reference besides the table's
 *
 * Drops the table's reference. Nothing if it is not in the table.
 */
void xtcp_hash_remove(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool was = false;

	spin_lock_bh(&hash_lock);
	if (xs->hashed) {
		hlist_del(&xs->conn_node);
		xs->hashed = false;
		was = true;
	}
	spin_unlock_bh(&hash_lock);
	if (was)
		__sock_put(sk);
}

/**
 * xtcp_hash_tw_insert() - put a TIME-WAIT entry in the tables
 * @tw: the entry, with its reference for the tables
 *
 * Call with the socket it replaces still in the tables, so that the
 * 4-tuple and the port are never free in between.
 */
void xtcp_hash_tw_insert(struct xtcp_tw *tw)
{
	struct net *net = xtcp_tw_net(tw);
	u32 h = conn_hash(net, tw->saddr, tw->sport, tw->daddr, tw->dport);

	spin_lock_bh(&hash_lock);
	hlist_add_head(&tw->conn_node, &tw_table[h]);
	hlist_add_head(&tw->bind_node,
		       bind_bucket(bind_tw_table, net, ntohs(tw->sport)));
	spin_unlock_bh(&hash_lock);
}

/**
 * xtcp_hash_tw_remove() - take a TIME-WAIT entry out of the tables
 * @tw: the entry
 *
 * Return: true if this call removed it (the caller then owns the tables'
 * reference), false if it was already out.
 */
bool xtcp_hash_tw_remove(struct xtcp_tw *tw)
{
	bool was = false;

	spin_lock_bh(&hash_lock);
	if (!hlist_unhashed(&tw->conn_node)) {
		hlist_del_init(&tw->conn_node);
		hlist_del_init(&tw->bind_node);
		was = true;
	}
	spin_unlock_bh(&hash_lock);
	return was;
}

/**
 * xtcp_hash_lookup() - the socket a segment belongs to
 * @net: namespace the segment arrived in
 * @saddr: the segment's source address (the foreign address)
 * @sport: its source port
 * @daddr: its destination address (the local address)
 * @dport: its destination port
 *
 * Return: the socket with that 4-tuple, referenced, or NULL.
 */
struct sock *xtcp_hash_lookup(struct net *net, __be32 saddr, __be16 sport,
			      __be32 daddr, __be16 dport)
{
	u32 h = conn_hash(net, daddr, dport, saddr, sport);
	struct xtcp_sock *xs;
	struct sock *sk = NULL;

	spin_lock(&hash_lock);
	hlist_for_each_entry(xs, &conn_table[h], conn_node) {
		const struct inet_sock *inet = &xs->inet;

		if (net_eq(sock_net(&inet->sk), net) &&
		    inet->inet_rcv_saddr == daddr &&
		    inet->inet_sport == dport &&
		    inet->inet_daddr == saddr && inet->inet_dport == sport) {
			sk = &xs->inet.sk;
			sock_hold(sk);
			break;
		}
	}
	spin_unlock(&hash_lock);
	return sk;
}

/**
 * xtcp_hash_lookup_tw() - the TIME-WAIT entry a segment belongs to
 * @net: namespace the segment arrived in
 * @saddr: its source address
 * @sport: its source port
 * @daddr: its destination address
 * @dport: its destination port
 *
 * Return: the entry, referenced (xtcp_tw_put()), or NULL.
 */
struct xtcp_tw *xtcp_hash_lookup_tw(struct net *net, __be32 saddr,
				    __be16 sport, __be32 daddr, __be16 dport)
{
	u32 h = conn_hash(net, daddr, dport, saddr, sport);
	struct xtcp_tw *tw, *found = NULL;

	spin_lock(&hash_lock);
	hlist_for_each_entry(tw, &tw_table[h], conn_node) {
		if (net_eq(xtcp_tw_net(tw), net) && tw->saddr == daddr &&
		    tw->sport == dport && tw->daddr == saddr &&
		    tw->dport == sport) {
			refcount_inc(&tw->ref);
			found = tw;
			break;
		}
	}
	spin_unlock(&hash_lock);
	return found;
}

XTCP_KUNIT_EXPORT(xtcp_hash_lookup_tw);

/**
 * xtcp_hash_lookup_listener() - the listener for a segment's destination
 * @net: namespace the segment arrived in
 * @daddr: its destination address
 * @dport: its destination port
 *
 * A listener bound to @daddr is preferred to one bound to INADDR_ANY.
 * The walk is over the port's listeners only, never their children.
 *
 * Return: the listener, referenced, or NULL.
 */
struct sock *xtcp_hash_lookup_listener(struct net *net, __be32 daddr,
				       __be16 dport)
{
	u16 port = ntohs(dport);
	struct sock *best = NULL;
	struct xtcp_sock *xs;

	spin_lock(&hash_lock);
	hlist_for_each_entry(xs, bind_bucket(listen_table, net, port),
			     listen_node) {
		struct sock *sk = &xs->inet.sk;
		__be32 addr = xs->inet.inet_rcv_saddr;

		if (!net_eq(sock_net(sk), net) || xs->inet.inet_num != port ||
		    sk->sk_state != TCP_LISTEN || (addr && addr != daddr))
			continue;
		best = sk;
		if (addr)
			break;
	}
	if (best)
		sock_hold(best);
	spin_unlock(&hash_lock);
	return best;
}

/*
 * The walk of /proc/net/xtcp, in its order: the listeners, the
 * connections, the TIME-WAIT entries.
 */
enum { WALK_LISTEN, WALK_CONN, WALK_TW, WALK_END };

static unsigned int walk_buckets(int table)
{
	return table == WALK_LISTEN ? ARRAY_SIZE(listen_table) :
				      ARRAY_SIZE(conn_table);
}

/* The @skip-th entry of @net in bucket @b of @table. Under hash_lock. */
static bool bucket_nth(const struct net *net, int table, unsigned int b,
		       unsigned int skip, struct xtcp_hash_entry *e)
{
	struct xtcp_sock *xs;
	struct xtcp_tw *tw;

	switch (table) {
	case WALK_LISTEN:
		hlist_for_each_entry(xs, &listen_table[b], listen_node)
			if (net_eq(sock_net(&xs->inet.sk), net) &&
			    xs->inet.sk.sk_state == TCP_LISTEN && !skip--) {
				e->sk = &xs->inet.sk;
				return true;
			}
		break;
	case WALK_CONN:
		hlist_for_each_entry(xs, &conn_table[b], conn_node)
			if (net_eq(sock_net(&xs->inet.sk), net) && !skip--) {
				e->sk = &xs->inet.sk;
				return true;
			}
		break;
	case WALK_TW:
		hlist_for_each_entry(tw, &tw_table[b], conn_node)
			if (net_eq(xtcp_tw_net(tw), net) && !skip--) {
				e->tw = tw;
				return true;
			}
		break;
	}
	return false;
}

/**
 * xtcp_hash_iter_next() - the next entry of a namespace, for /proc/net/xtcp
 * @net: the namespace
 * @it: where the walk is, zeroed to start; moved past the entry returned
 * @e: filled with the entry, referenced: xtcp_hash_entry_put() it
 *
 * Each call walks one bucket from the entry @it names, and the empty
 * buckets after it, so a whole walk costs the length of the tables once,
 * not once per entry. An entry added or removed during a walk may be
 * missed or shown twice, as in /proc/net/tcp.
 *
 * Return: false at the end of the walk.
 */
bool xtcp_hash_iter_next(const struct net *net, struct xtcp_hash_iter *it,
			 struct xtcp_hash_entry *e)
{
	bool found = false;

	e->sk = NULL;
	e->tw = NULL;
	spin_lock_bh(&hash_lock);
	while (it->table < WALK_END) {
		if (bucket_nth(net, it->table, it->bucket, it->offset, e)) {
			it->offset++;
			found = true;
			break;
		}
		it->offset = 0;
		if (++it->bucket >= walk_buckets(it->table)) {
			it->bucket = 0;
			it->table++;
		}
	}
	if (e->sk)
		sock_hold(e->sk);
	if (e->tw)
		refcount_inc(&e->tw->ref);
	spin_unlock_bh(&hash_lock);
	return found;
}

/**
 * xtcp_hash_entry_put() - drop the reference xtcp_hash_iter_next() took
 * @e: the entry
 */
void xtcp_hash_entry_put(struct xtcp_hash_entry *e)
{
	if (e->sk)
		sock_put(e->sk);
	if (e->tw)
		xtcp_tw_put(e->tw);
	e->sk = NULL;
	e->tw = NULL;
}

/**
 * xtcp_hash_any_sock() - some socket of the connection table, for unload
 *
 * Return: a socket, referenced, or NULL if the table is empty.
 */
struct sock *xtcp_hash_any_sock(void)
{
	struct xtcp_sock *xs;
	int i;

	spin_lock_bh(&hash_lock);
	for (i = 0; i < ARRAY_SIZE(conn_table); i++)
		hlist_for_each_entry(xs, &conn_table[i], conn_node) {
			sock_hold(&xs->inet.sk);
			spin_unlock_bh(&hash_lock);
			return &xs->inet.sk;
		}
	spin_unlock_bh(&hash_lock);
	return NULL;
}

/**
 * xtcp_hash_any_tw() - some TIME-WAIT entry, for unload and netns exit
 * @net: only entries of this namespace; NULL for any
 *
 * Return: an entry, referenced, or NULL if there is none.
 */
struct xtcp_tw *xtcp_hash_any_tw(const struct net *net)
{
	struct xtcp_tw *tw;
	int i;

	spin_lock_bh(&hash_lock);
	for (i = 0; i < ARRAY_SIZE(tw_table); i++)
		hlist_for_each_entry(tw, &tw_table[i], conn_node) {
			if (net && !net_eq(xtcp_tw_net(tw), net))
				continue;
			refcount_inc(&tw->ref);
			spin_unlock_bh(&hash_lock);
			return tw;
		}
	spin_unlock_bh(&hash_lock);
	return NULL;
}
