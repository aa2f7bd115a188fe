// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the port table (see hash.h): bind(), listen(), connect()'s port,
 * the listeners a SYN looks for.
 *
 * As many buckets as the connection table, 64K at most (tcp_init()'s
 * bhash limit), by namespace and port; each with its own lock, taken
 * with BHs off, over its three lists. connect() takes a connection chain's
 * lock inside it (xtcp_hash_insert()), as __inet_hash_connect(); nothing
 * takes them the other way round. The listeners are read under RCU with
 * no lock (xtcp_hash_lookup_listener()). The table holds no reference on
 * a socket: a socket leaves it before it is freed.
 *
 * Port sharing follows TCP: two sockets may hold the same port on
 * overlapping addresses only if both set SO_REUSEADDR and the one already
 * there is not listening; a TIME-WAIT entry counts as a socket that is not
 * listening. A port connect() chose may be chosen again by connect() for
 * another 4-tuple, as Linux does with a bind bucket of fastreuse -1.
 */
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/rculist_nulls.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/addrconf.h>
#include <net/inet_sock.h>
#include <net/inet_timewait_sock.h>
#include <net/ip.h>

#include "compat.h"
#include "hash.h"
#include "interop.h"
#include "port.h"
#include "sock.h"
#include "tw.h"

/**
 * struct port_bucket - the sockets and TIME-WAIT entries on the ports that
 *	hash to one bucket
 * @lock: taken by every writer of the three lists, and by
 *	xtcp_hash_listen() over its check and the socket's move to LISTEN
 * @socks: struct xtcp_sock.bind_node of each socket holding a port here
 * @tws: struct xtcp_tw.bind_node of each TIME-WAIT entry of a port here
 * @listeners: struct xtcp_sock.listen_node of each socket that listened on
 *	a port here; read under RCU too; its nulls marker is the bucket
 *	number
 */
struct port_bucket {
	spinlock_t		lock;	/* see @lock above */
	struct hlist_head	socks;
	struct hlist_head	tws;
	struct hlist_nulls_head	listeners;
};

static struct port_bucket *port_table;
static unsigned int port_bits;

/* RFC 6056 algorithm 4's table of offsets, as Linux's table_perturb */
#define PERTURB_SIZE	BIT(16)
static u32 *perturb;

/**
 * xtcp_port_init() - allocate the port table
 * @buckets: how many buckets, a power of two
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_port_init(unsigned int buckets)
{
	unsigned int i;

	port_table = kvmalloc_array(buckets, sizeof(*port_table), GFP_KERNEL);
	perturb = kvmalloc_array(PERTURB_SIZE, sizeof(*perturb), GFP_KERNEL);
	if (!port_table || !perturb) {
		xtcp_port_exit();
		return -ENOMEM;
	}
	port_bits = ilog2(buckets);
	get_random_bytes(perturb, PERTURB_SIZE * sizeof(*perturb));
	for (i = 0; i < buckets; i++) {
		spin_lock_init(&port_table[i].lock);
		INIT_HLIST_HEAD(&port_table[i].socks);
		INIT_HLIST_HEAD(&port_table[i].tws);
		INIT_HLIST_NULLS_HEAD(&port_table[i].listeners, i);
	}
	return 0;
}

/**
 * xtcp_port_exit() - free the port table
 *
 * Context: nothing holds a port any more.
 */
void xtcp_port_exit(void)
{
	kvfree(perturb);
	kvfree(port_table);
	perturb = NULL;
	port_table = NULL;
}

/**
 * xtcp_port_buckets() - the size of the port table
 *
 * Return: its number of buckets.
 */
unsigned int xtcp_port_buckets(void)
{
	return 1U << port_bits;
}

static struct port_bucket *port_bucket(const struct net *net, u16 port)
{
	return &port_table[hash_32(port ^ net_hash_mix(net), port_bits)];
}

/**
 * xtcp_port_tw_add() - a TIME-WAIT entry keeps its socket's port
 * @tw: the entry, its 4-tuple set
 */
void xtcp_port_tw_add(struct xtcp_tw *tw)
{
	struct port_bucket *b = port_bucket(xtcp_tw_net(tw),
					    ntohs(tw->conn.addrs.lport));

	spin_lock_bh(&b->lock);
	hlist_add_head(&tw->bind_node, &b->tws);
	spin_unlock_bh(&b->lock);
}

/**
 * xtcp_port_tw_del() - a TIME-WAIT entry gives its port back
 * @tw: the entry
 */
void xtcp_port_tw_del(struct xtcp_tw *tw)
{
	struct port_bucket *b = port_bucket(xtcp_tw_net(tw),
					    ntohs(tw->conn.addrs.lport));

	spin_lock_bh(&b->lock);
	hlist_del_init(&tw->bind_node);
	spin_unlock_bh(&b->lock);
}

/*
 * Does @tw's local address overlap @sk's, as inet_rcv_saddr_equal() says
 * of a TIME-WAIT socket (both families, IPV6_V6ONLY)? @itw is a scratch
 * TIME-WAIT socket of the caller, zeroed, that only the fields
 * inet_rcv_saddr_equal() reads are set in.
 */
static bool tw_overlap(const struct sock *sk, const struct xtcp_tw *tw,
		       struct inet_timewait_sock *itw)
{
	itw->tw_family = tw->family;
	itw->tw_rcv_saddr = tw->rcv_saddr;
	itw->tw_v6_rcv_saddr = tw->conn.addrs.laddr;
	itw->tw_ipv6only = tw->v6only;
	return inet_rcv_saddr_equal(sk, (struct sock *)itw, true);
}

static bool dev_overlap(int a, int b)
{
	return !a || !b || a == b;
}

/*
 * Can @sk take @port next to what holds it now? Under @b's lock. Whether
 * two addresses overlap is inet_rcv_saddr_equal()'s answer, as for TCP:
 * the wildcards, v4-mapped addresses and IPV6_V6ONLY of both families.
 */
static bool port_conflict(const struct sock *sk, u16 port,
			  const struct port_bucket *b)
{
	struct inet_timewait_sock itw = {};
	const struct net *net = sock_net(sk);
	struct xtcp_sock *xs;
	struct xtcp_tw *tw;

	hlist_for_each_entry(xs, &b->socks, bind_node) {
		const struct sock *o = &xs->inet.sk;

		if (o == sk || !net_eq(sock_net(o), net) ||
		    inet_sk(o)->inet_num != port ||
		    !inet_rcv_saddr_equal(sk, o, true) ||
		    !dev_overlap(sk->sk_bound_dev_if, o->sk_bound_dev_if))
			continue;
		if (sk->sk_reuse && o->sk_reuse && o->sk_state != TCP_LISTEN)
			continue;
		return true;
	}
	hlist_for_each_entry(tw, &b->tws, bind_node) {
		if (!net_eq(xtcp_tw_net(tw), net) ||
		    ntohs(tw->conn.addrs.lport) != port ||
		    !tw_overlap(sk, tw, &itw))
			continue;
		if (sk->sk_reuse && tw->reuse)
			continue;
		return true;
	}
	return false;
}

/* Is @port free of any socket or TIME-WAIT entry in @net? Under the lock. */
static bool port_unused(const struct net *net, u16 port,
			const struct port_bucket *b)
{
	struct xtcp_sock *xs;
	struct xtcp_tw *tw;

	hlist_for_each_entry(xs, &b->socks, bind_node)
		if (net_eq(sock_net(&xs->inet.sk), net) &&
		    xs->inet.inet_num == port)
			return false;
	hlist_for_each_entry(tw, &b->tws, bind_node)
		if (net_eq(xtcp_tw_net(tw), net) &&
		    ntohs(tw->conn.addrs.lport) == port)
			return false;
	return true;
}

/*
 * The kernel TCP's hold (resv.c) of an interop socket or TIME-WAIT entry
 * of @sk's namespace on @port, on @sk's address and device exactly, held
 * once more for @sk; or NULL. Under @b's lock, once port_conflict() let
 * @sk share the port (SO_REUSEADDR): an interop server restarted while
 * its connections are in TIME-WAIT shares their hold, as TCP would let
 * it share the port.
 */
static struct xtcp_resv *shared_resv(const struct sock *sk, u16 port,
				     const struct port_bucket *b)
{
	__be32 addr = inet_sk(sk)->inet_rcv_saddr;
	const struct net *net = sock_net(sk);
	struct xtcp_sock *xs;
	struct xtcp_tw *tw;

	hlist_for_each_entry(xs, &b->socks, bind_node)
		if (xs->resv && net_eq(sock_net(&xs->inet.sk), net) &&
		    xs->inet.inet_num == port &&
		    xs->inet.inet_rcv_saddr == addr &&
		    xs->inet.sk.sk_bound_dev_if == sk->sk_bound_dev_if)
			return xtcp_resv_hold(xs->resv);
	hlist_for_each_entry(tw, &b->tws, bind_node)
		if (tw->resv && net_eq(xtcp_tw_net(tw), net) &&
		    ntohs(tw->conn.addrs.lport) == port &&
		    tw->rcv_saddr == addr &&
		    !sk->sk_bound_dev_if)
			return xtcp_resv_hold(tw->resv);
	return NULL;
}

/*
 * @sk takes @port if nothing conflicts (nothing at all holds it if
 * @fresh); an interop socket shares a hold of the kernel TCP's it may
 * (shared_resv()).
 */
static int take_port(struct sock *sk, u16 port, bool fresh)
{
	struct port_bucket *b = port_bucket(sock_net(sk), port);
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err = -EADDRINUSE;

	spin_lock_bh(&b->lock);
	if ((!fresh || port_unused(sock_net(sk), port, b)) &&
	    !port_conflict(sk, port, b)) {
		if (xs->interop)
			xs->resv = shared_resv(sk, port, b);
		xs->inet.inet_num = port;
		hlist_add_head(&xs->bind_node, &b->socks);
		xs->bound = true;
		xs->connect_port = false;
		err = 0;
	}
	spin_unlock_bh(&b->lock);
	return err;
}

/*
 * An unused port from net.ipv4.ip_local_port_range, taken: from a random
 * place, ports of the parity connect() tries last first, as
 * inet_csk_find_open_port().
 */
static int take_ephemeral(struct sock *sk)
{
	struct net *net = sock_net(sk);
	u32 remaining, offset;
	int low, high, port;
	u32 i;

	inet_get_local_port_range(net, &low, &high);
	high++;				/* [low, high[ */
	remaining = high - low;
	if (likely(remaining > 1))
		remaining &= ~1U;
	offset = get_random_u32_below(remaining) | 1U;
other_parity:
	port = low + offset;
	for (i = 0; i < remaining; i += 2, port += 2) {
		if (unlikely(port >= high))
			port -= remaining;
		if (!inet_is_local_reserved_port(net, port) &&
		    !take_port(sk, port, true))
			return 0;
	}
	offset--;
	if (!(offset & 1))
		goto other_parity;
	return -EADDRINUSE;
}

/* Ephemeral ports TCP offers an interop socket before it gives up. */
#define INTEROP_TRIES	8

/*
 * An interop socket's port, in our table and in the kernel TCP's (resv.c).
 * A given port: ours first, sharing the hold of another interop socket
 * there if it may, else a hold of its own, taken before bind() returns.
 * An ephemeral port: TCP's bind() of port 0 chooses it, then ours must
 * have it unused.
 */
static int take_interop(struct sock *sk, u16 snum)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_resv *r;
	int i, err;
	u16 port;

	if (snum) {
		err = take_port(sk, snum, false);
		if (err || xs->resv)
			return err;
		r = xtcp_resv_take(sk, snum, &port);
		if (IS_ERR(r)) {
			xtcp_hash_put_port(sk);
			return PTR_ERR(r);
		}
		xs->resv = r;
		return 0;
	}
	for (i = 0; i < INTEROP_TRIES; i++) {
		r = xtcp_resv_take(sk, 0, &port);
		if (IS_ERR(r))
			return PTR_ERR(r);
		err = take_port(sk, port, true);
		if (!err) {
			xs->resv = r;
			return 0;
		}
		xtcp_resv_put(r);
	}
	return -EADDRINUSE;
}

/**
 * xtcp_hash_get_port() - take a local port for a socket (proto.get_port)
 * @sk: the socket; its local address is already set
 * @snum: the port, or 0 for an ephemeral one
 *
 * On success the socket's inet_num is the port and it is in the port
 * table; an interop socket holds it in the kernel TCP's table too.
 *
 * Context: process context, the socket locked.
 *
 * Return: 0, or -EADDRINUSE if the port is taken (or no ephemeral port is
 * free), or for an interop socket what TCP's bind() says.
 */
int xtcp_hash_get_port(struct sock *sk, unsigned short snum)
{
	if (xtcp_sk(sk)->interop)
		return take_interop(sk, snum);
	return snum ? take_port(sk, snum, false) : take_ephemeral(sk);
}

/**
 * xtcp_hash_put_port() - give a socket's local port back (proto.put_port)
 * @sk: the socket
 *
 * It leaves the listeners of the port too; a lookup under RCU may still
 * see it there for a grace period, in a state other than LISTEN.
 */
void xtcp_hash_put_port(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_resv *resv = NULL;
	struct port_bucket *b;
	bool listened;

	if (!xs->bound && hlist_nulls_unhashed(&xs->listen_node))
		return;		/* only the socket's owner adds either */
	b = port_bucket(sock_net(sk), xs->inet.inet_num);
	spin_lock_bh(&b->lock);
	if (xs->bound) {
		hlist_del(&xs->bind_node);
		xs->bound = false;
		xs->connect_port = false;
		xs->inet.inet_num = 0;
		resv = xs->resv;
		xs->resv = NULL;
	}
	listened = !hlist_nulls_unhashed(&xs->listen_node);
	hlist_nulls_del_init_rcu(&xs->listen_node);
	spin_unlock_bh(&b->lock);
	xtcp_resv_put(resv);	/* a TIME-WAIT entry may hold it still */
	if (listened)
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
}

/**
 * xtcp_hash_inherit_port() - a listener's child takes its port too
 * @child: the child, with the listener's inet_num
 *
 * The port is the listener's already; the child holds it as long as it
 * lives, as TCP's children do, so it is not checked for conflicts. An
 * interop child shares its listener's hold in TCP's table (@resv, copied
 * with the listener).
 */
void xtcp_hash_inherit_port(struct sock *child)
{
	struct xtcp_sock *xs = xtcp_sk(child);
	struct port_bucket *b;

	b = port_bucket(sock_net(child), xs->inet.inet_num);
	xtcp_resv_hold(xs->resv);
	spin_lock_bh(&b->lock);
	hlist_add_head(&xs->bind_node, &b->socks);
	xs->bound = true;
	xs->connect_port = false;
	spin_unlock_bh(&b->lock);
}

/**
 * xtcp_hash_listen() - a bound socket starts listening on its port, if it
 *	may
 * @sk: the socket, its TCB in LISTEN already
 *
 * The check and the move of sk_state to TCP_LISTEN are one step under the
 * port's lock: of two sockets sharing a port (SO_REUSEADDR, neither
 * listening) that call listen() at once, one fails, as on TCP.
 *
 * Return: 0, or -EADDRINUSE if another socket on an overlapping address
 * listens there, or shares the port without both having SO_REUSEADDR.
 */
int xtcp_hash_listen(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u16 port = xs->inet.inet_num;
	struct port_bucket *b;
	bool added = false;
	int err = 0;

	b = port_bucket(sock_net(sk), port);
	spin_lock_bh(&b->lock);
	if (port_conflict(sk, port, b)) {
		err = -EADDRINUSE;
	} else {
		inet_sk_set_state(sk, TCP_LISTEN);
		added = hlist_nulls_unhashed(&xs->listen_node);
		if (added)
			hlist_nulls_add_head_rcu(&xs->listen_node,
						 &b->listeners);
	}
	spin_unlock_bh(&b->lock);
	if (added)
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	return err;
}

/* Did every holder of @port in @net get it from connect()? Under the lock. */
static bool port_shareable(const struct net *net, u16 port,
			   const struct port_bucket *b)
{
	struct xtcp_sock *xs;
	struct xtcp_tw *tw;

	hlist_for_each_entry(xs, &b->socks, bind_node)
		if (net_eq(sock_net(&xs->inet.sk), net) &&
		    xs->inet.inet_num == port && !xs->connect_port)
			return false;
	hlist_for_each_entry(tw, &b->tws, bind_node)
		if (net_eq(xtcp_tw_net(tw), net) &&
		    ntohs(tw->conn.addrs.lport) == port && !tw->connect_port)
			return false;
	return true;
}

/*
 * @sk takes @port and enters the connection table, if only connect()s
 * hold the port and its 4-tuple is free: __inet_hash_connect()'s test of
 * a bind bucket with fastreuse -1, then __inet_check_established().
 */
static int connect_port(struct sock *sk, u16 port, struct xtcp_tw **tw)
{
	struct port_bucket *b = port_bucket(sock_net(sk), port);
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err = -EADDRINUSE;

	spin_lock_bh(&b->lock);
	if (port_shareable(sock_net(sk), port, b)) {
		xs->inet.inet_num = port;
		xs->inet.inet_sport = htons(port);
		/* its lock inside this one */
		err = xtcp_hash_insert_connect(sk, false, tw);
		if (!err) {
			hlist_add_head(&xs->bind_node, &b->socks);
			xs->bound = true;
			xs->connect_port = true;
		} else {
			xs->inet.inet_num = 0;
			xs->inet.inet_sport = 0;
		}
	}
	spin_unlock_bh(&b->lock);
	return err;
}

/**
 * xtcp_hash_connect() - give a connecting socket a local port and put it
 *	in the connection table, as inet_hash_connect()
 * @sk: the socket; its addresses and its port if bound are set
 * @tw: set to a TIME-WAIT entry of the 4-tuple chosen that the socket
 *	takes over (xtcp_hash_insert_connect()), or to NULL
 *
 * A bound socket keeps its port. Otherwise the port comes from
 * net.ipv4.ip_local_port_range by RFC 6056's algorithm 4 (double hash):
 * the search starts at a keyed hash of the addresses and the foreign port
 * plus an offset from a table indexed by another such hash, which moves on
 * by the ports tried; ports of one parity first (bind() and listen() take
 * an unused port, of the other parity first). A port that only connect()s
 * hold, and their TIME-WAIT entries, is shared by a connection to another
 * 4-tuple, so many connections to a few servers need few ports. The
 * 4-tuple of a TIME-WAIT entry is free for it under net.xtcp.tcp_tw_reuse
 * (tcp_twsk_unique()).
 *
 * Return: 0, or -EADDRNOTAVAIL if the 4-tuple is taken (bound) or no port
 * is left.
 */
int xtcp_hash_connect(struct sock *sk, struct xtcp_tw **tw)
{
	struct inet_sock *inet = inet_sk(sk);
	struct net *net = sock_net(sk);
	u32 remaining, offset, index;
	int low, high, port, i;
	u64 hash;

	*tw = NULL;
	if (inet->inet_num)
		return xtcp_hash_insert_connect(sk, true, tw);
	inet_get_local_port_range(net, &low, &high);
	high++;				/* [low, high[ */
	remaining = high - low;
	if (likely(remaining > 1))
		remaining &= ~1U;
	hash = xtcp_sk(sk)->af->port_hash(sk);
	index = hash & (PERTURB_SIZE - 1);
	offset = (READ_ONCE(perturb[index]) + (hash >> 32)) % remaining;
	offset &= ~1U;
other_parity:
	port = low + offset;
	for (i = 0; i < remaining; i += 2, port += 2) {
		if (unlikely(port >= high))
			port -= remaining;
		if (inet_is_local_reserved_port(net, port))
			continue;
		if (!connect_port(sk, port, tw))
			goto ok;
		cond_resched();
	}
	offset++;
	if ((offset & 1) && remaining > 1)
		goto other_parity;
	return -EADDRNOTAVAIL;
ok:
	/* as Linux: the next search starts a little further on */
	i = max_t(int, i, get_random_u32_below(8) * 2);
	WRITE_ONCE(perturb[index], READ_ONCE(perturb[index]) + i + 2);
	return 0;
}

/*
 * 2: @sk listens on @daddr:@port of @net, 1: on the wildcard address,
 * 0: neither; whether its address takes @daddr is the segment's family's
 * answer (@af).
 */
static int listen_score(const struct sock *sk, const struct net *net,
			const struct xtcp_af_ops *af,
			const struct in6_addr *daddr, u16 port)
{
	if (!net_eq(sock_net(sk), net) ||
	    READ_ONCE(inet_sk(sk)->inet_num) != port ||
	    READ_ONCE(sk->sk_state) != TCP_LISTEN)
		return 0;
	return af->listen_score(sk, daddr);
}

/**
 * xtcp_hash_lookup_listener() - the listener for a segment's destination
 * @net: namespace the segment arrived in
 * @af: the family ops of the segment's network header
 * @daddr: its destination address (af.h)
 * @dport: its destination port
 *
 * A listener bound to @daddr is preferred to one bound to the wildcard;
 * an AF_INET6 listener without IPV6_V6ONLY takes IPv4 segments too.
 * The walk is over the port bucket's listeners only, never their
 * children, under RCU with no lock, as inet_lhash2_lookup().
 *
 * Return: the listener, referenced, or NULL.
 */
struct sock *xtcp_hash_lookup_listener(struct net *net,
				       const struct xtcp_af_ops *af,
				       const struct in6_addr *daddr,
				       __be16 dport)
{
	u16 port = ntohs(dport);
	struct port_bucket *b = port_bucket(net, port);
	unsigned int slot = b - port_table;
	struct hlist_nulls_node *pos;
	struct xtcp_sock *xs;
	struct sock *best;
	int score, hi;

	rcu_read_lock();
begin:
	best = NULL;
	hi = 0;
	hlist_nulls_for_each_entry_rcu(xs, pos, &b->listeners, listen_node) {
		score = listen_score(&xs->inet.sk, net, af, daddr, port);
		if (score > hi) {
			best = &xs->inet.sk;
			hi = score;
		}
	}
	if (get_nulls_value(pos) != slot)
		goto begin;
	if (best && unlikely(!refcount_inc_not_zero(&best->sk_refcnt))) {
		best = NULL;
	} else if (best && unlikely(listen_score(best, net, af, daddr,
						 port) != hi)) {
		sock_put(best);
		goto begin;
	}
	rcu_read_unlock();
	return best;
}

XTCP_KUNIT_EXPORT(xtcp_hash_lookup_listener);

/**
 * xtcp_port_listen_nth() - a listener for /proc/net/xtcp
 * @net: its namespace
 * @b: the port bucket
 * @skip: how many listeners of @net in TCP_LISTEN there to pass over
 * @e: its sk is set to the listener, referenced, if there is one
 *
 * Return: whether there was one.
 */
bool xtcp_port_listen_nth(const struct net *net, unsigned int b,
			  unsigned int skip, struct xtcp_hash_entry *e)
{
	struct port_bucket *pb = &port_table[b];
	struct hlist_nulls_node *pos;
	struct xtcp_sock *xs;

	if (hlist_nulls_empty(&pb->listeners))
		return false;
	spin_lock_bh(&pb->lock);
	hlist_nulls_for_each_entry(xs, pos, &pb->listeners, listen_node) {
		struct sock *sk = &xs->inet.sk;

		/* it leaves the list before its last reference goes */
		if (net_eq(sock_net(sk), net) && sk->sk_state == TCP_LISTEN &&
		    !skip--) {
			sock_hold(sk);
			e->sk = sk;
			break;
		}
	}
	spin_unlock_bh(&pb->lock);
	return e->sk;
}
