// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the connection table, the sizes of both tables, the walks (see
 * hash.h; the port table is port.c's).
 *
 * Sizes: at load, one connection bucket per 128 KB of memory rounded up to
 * a power of two, 512 to 512K, as tcp_init() sizes its ehash (scale 17),
 * or the thash_entries module parameter, as TCP's boot parameter of that
 * name; the port table as many, at most 64K, as TCP's bhash. The log
 * says which.
 *
 * Locks, taken with BHs off (the input path inserts a listener's child in
 * softirq): one of conn_locks for a connection chain (bucket number modulo
 * their number), as inet_ehash_locks; connect() takes it inside a port
 * bucket's lock (port.c). A TIME-WAIT entry's lock is held over both
 * (tw.c). The input path takes none: xtcp_hash_lookup() reads under RCU,
 * matches, takes a reference if the count is not zero and matches again,
 * as __inet_lookup_established() does; an entry moved to another chain
 * under the reader ends the walk on another bucket's nulls marker, and the
 * walk starts over.
 *
 * References: the connection table holds one on each socket in it, and
 * every TIME-WAIT entry in it belongs to the tables.
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/cache.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/rculist.h>
#include <linux/rculist_nulls.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/inet_sock.h>
#include <net/ip.h>

#include "compat.h"
#include "hash.h"
#include "port.h"
#include "sock.h"
#include "tsopt.h"
#include "tw.h"

static unsigned long thash_entries;
module_param(thash_entries, ulong, 0444);
MODULE_PARM_DESC(thash_entries,
		 "buckets of the connection table (0: one per 128 KB of memory)");

enum {
	HASH_MIN	= 512,		/* a page of chain heads, as TCP's */
	HASH_MAX	= 1 << 24,	/* what thash_entries may ask for */
	CONN_MAX	= 512 * 1024,	/* tcp_init()'s ehash limit */
	PORT_MAX	= 64 * 1024,	/* and its bhash limit */
};

static struct hlist_nulls_head *conn_table;
static unsigned int conn_mask;
static spinlock_t *conn_locks;
static unsigned int conn_locks_mask;

/**
 * xtcp_hash_buckets() - how many buckets a table gets
 * @entries: asked for (thash_entries), 0 for the default
 * @pages: pages of memory
 * @max: most buckets by default
 *
 * Return: a power of two: @entries, or one per 128 KB of @pages (as
 * alloc_large_system_hash() with scale 17) up to @max; at least 512.
 */
unsigned int xtcp_hash_buckets(unsigned long entries, unsigned long pages,
			       unsigned int max)
{
	unsigned long n = entries;

	if (!n) {
		pages = round_up(pages, SZ_1M >> PAGE_SHIFT);
		n = min_t(unsigned long, (pages << PAGE_SHIFT) >> 17, max);
	}
	n = clamp_t(unsigned long, n, HASH_MIN, HASH_MAX);
	return roundup_pow_of_two(n);
}

XTCP_KUNIT_EXPORT(xtcp_hash_buckets);

/* One lock per two cache lines of locks per CPU, as inet_ehash_locks_alloc. */
static unsigned int conn_lock_count(void)
{
	unsigned int n = max(2U * L1_CACHE_BYTES / sizeof(spinlock_t), 1U);

	n = roundup_pow_of_two(n * num_possible_cpus());
	return min(n, conn_mask + 1);
}

/**
 * xtcp_hash_init() - allocate the tables, their size chosen from memory
 *	or thash_entries
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_hash_init(void)
{
	unsigned int conns, ports, locks, i;

	conns = xtcp_hash_buckets(thash_entries, totalram_pages(), CONN_MAX);
	ports = min_t(unsigned int, conns, PORT_MAX);
	conn_mask = conns - 1;
	locks = conn_lock_count();
	conn_locks_mask = locks - 1;
	conn_table = kvmalloc_array(conns, sizeof(*conn_table), GFP_KERNEL);
	conn_locks = kvmalloc_array(locks, sizeof(*conn_locks), GFP_KERNEL);
	if (!conn_table || !conn_locks || xtcp_port_init(ports)) {
		xtcp_hash_exit();
		return -ENOMEM;
	}
	for (i = 0; i < conns; i++)
		INIT_HLIST_NULLS_HEAD(&conn_table[i], i);
	for (i = 0; i < locks; i++)
		spin_lock_init(&conn_locks[i]);
	pr_info("connection hash table entries: %u (%zu bytes, %u locks), port hash table entries: %u\n",
		conns, conns * sizeof(*conn_table), locks, ports);
	return 0;
}

/**
 * xtcp_hash_exit() - free the tables
 *
 * Context: every socket and TIME-WAIT entry is out of them.
 */
void xtcp_hash_exit(void)
{
	xtcp_port_exit();
	kvfree(conn_locks);
	kvfree(conn_table);
	conn_locks = NULL;
	conn_table = NULL;
}

static u32 conn_hash(const struct net *net, const struct xtcp_addrs *a)
{
	static_assert(sizeof(*a) == 9 * sizeof(u32));
	return jhash2((const u32 *)a, 9, net_hash_mix(net));
}

static spinlock_t *conn_lock(u32 hash)
{
	return &conn_locks[hash & conn_mask & conn_locks_mask];
}

static struct sock *conn_sk(struct xtcp_conn_node *c)
{
	return &container_of(c, struct xtcp_sock, conn)->inet.sk;
}

static struct xtcp_tw *conn_tw(struct xtcp_conn_node *c)
{
	return container_of(c, struct xtcp_tw, conn);
}

/* Is @c the entry of this namespace and 4-tuple? */
static bool conn_match(struct xtcp_conn_node *c, const struct net *net,
		       const struct xtcp_addrs *a)
{
	const struct net *cnet = c->tw ? xtcp_tw_net(conn_tw(c)) :
					 sock_net(conn_sk(c));

	return net_eq(cnet, net) && !memcmp(&c->addrs, a, sizeof(*a));
}

/* A reference on @c's object, unless it is being freed. */
static bool conn_hold(struct xtcp_conn_node *c, struct xtcp_hash_entry *e)
{
	if (c->tw) {
		e->tw = conn_tw(c);
		return refcount_inc_not_zero(&e->tw->ref);
	}
	e->sk = conn_sk(c);
	return refcount_inc_not_zero(&e->sk->sk_refcnt);
}

/*
 * Under the chain's lock. With @tw, @sk is connecting (@bound: to a port
 * it held already) and may take over a TIME-WAIT entry of the 4-tuple
 * (tcp_tw_reuse, tsopt.c): *@tw gets it, referenced, and the 4-tuple does
 * not count as taken for it.
 */
static bool tuple_taken(const struct net *net, const struct xtcp_addrs *a,
			u32 hash, const struct sock *sk, bool bound,
			struct xtcp_tw **tw)
{
	struct hlist_nulls_node *pos;
	struct xtcp_conn_node *c;
	struct xtcp_tw *t;

	hlist_nulls_for_each_entry(c, pos, &conn_table[hash & conn_mask], node) {
		if (c->hash != hash || !conn_match(c, net, a))
			continue;
		t = c->tw ? conn_tw(c) : NULL;
		if (t && tw && !*tw &&
		    xtcp_ts_tw_may_reuse(sk, bound, &a->laddr, &a->raddr,
					 t->ts_recent_stamp) &&
		    refcount_inc_not_zero(&t->ref)) {
			*tw = t;
			continue;
		}
		return true;
	}
	return false;
}

static int insert(struct sock *sk, bool bound, struct xtcp_tw **tw)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_addrs a;
	spinlock_t *lock;	/* the chain's */
	u32 hash;

	xs->af->sk_addrs(sk, &a);
	hash = conn_hash(sock_net(sk), &a);
	lock = conn_lock(hash);
	spin_lock_bh(lock);
	if (tuple_taken(sock_net(sk), &a, hash, sk, bound, tw)) {
		spin_unlock_bh(lock);
		if (tw && *tw) {
			xtcp_tw_put(*tw);
			*tw = NULL;
		}
		return -EADDRNOTAVAIL;
	}
	sock_hold(sk);
	WRITE_ONCE(xs->conn.hash, hash);
	xs->conn.tw = false;
	xs->conn.addrs = a;
	/* at the head: found before a TIME-WAIT entry it takes over */
	hlist_nulls_add_head_rcu(&xs->conn.node, &conn_table[hash & conn_mask]);
	xs->hashed = true;
	spin_unlock_bh(lock);
	sock_prot_inuse_add(sock_net(sk), sk->sk_prot, 1);
	return 0;
}

/**
 * xtcp_hash_insert() - put a socket with a foreign address in the
 *	connection table
 * @sk: the socket; its addresses and ports are set and stay so while it
 *	is in the table
 *
 * The table takes a reference on the socket.
 *
 * Return: 0, or -EADDRNOTAVAIL if a socket or a TIME-WAIT entry has the
 * same 4-tuple (no new incarnation while TIME-WAIT holds).
 */
int xtcp_hash_insert(struct sock *sk)
{
	return insert(sk, false, NULL);
}

XTCP_KUNIT_EXPORT(xtcp_hash_insert);

/**
 * xtcp_hash_insert_connect() - xtcp_hash_insert() for connect(), which may
 *	take over a TIME-WAIT entry's 4-tuple
 * @sk: the connecting socket, its addresses and ports set
 * @bound: @sk held its port before connect()
 * @tw: set to the TIME-WAIT entry of the 4-tuple that @sk takes over
 *	(net.xtcp.tcp_tw_reuse, xtcp_ts_tw_may_reuse()), referenced, or to
 *	NULL. The entry stays in the tables, behind @sk, until the caller
 *	ends it (xtcp_tw_kill()) and drops the reference, as
 *	__inet_check_established() with inet_twsk_deschedule_put().
 *
 * Return: 0, or -EADDRNOTAVAIL if the 4-tuple is taken.
 */
int xtcp_hash_insert_connect(struct sock *sk, bool bound,
			     struct xtcp_tw **tw)
{
	*tw = NULL;
	return insert(sk, bound, tw);
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
	spinlock_t *lock = conn_lock(xs->conn.hash);
	bool was = false;

	spin_lock_bh(lock);
	if (xs->hashed) {
		hlist_nulls_del_init_rcu(&xs->conn.node);
		xs->hashed = false;
		was = true;
	}
	spin_unlock_bh(lock);
	if (was) {
		sock_prot_inuse_add(sock_net(sk), sk->sk_prot, -1);
		__sock_put(sk);
	}
}

XTCP_KUNIT_EXPORT(xtcp_hash_remove);

/**
 * xtcp_hash_tw_insert() - put a TIME-WAIT entry in the tables
 * @tw: the entry, with its reference for the tables and its
 *	&xtcp_conn_node.addrs set
 *
 * Call with the socket it replaces still in the tables, so that the
 * 4-tuple and the port are never free in between; from then on lookups
 * find the entry first, at the head of the chain.
 */
void xtcp_hash_tw_insert(struct xtcp_tw *tw)
{
	u32 hash = conn_hash(xtcp_tw_net(tw), &tw->conn.addrs);
	spinlock_t *lock = conn_lock(hash);

	xtcp_port_tw_add(tw);
	spin_lock_bh(lock);
	tw->conn.hash = hash;
	tw->conn.tw = true;
	hlist_nulls_add_head_rcu(&tw->conn.node, &conn_table[hash & conn_mask]);
	spin_unlock_bh(lock);
}

/**
 * xtcp_hash_tw_remove() - take a TIME-WAIT entry out of the tables
 * @tw: the entry, its lock held
 *
 * Return: true if this call removed it (the caller then owns the tables'
 * reference), false if it was already out.
 */
bool xtcp_hash_tw_remove(struct xtcp_tw *tw)
{
	spinlock_t *lock = conn_lock(tw->conn.hash);
	bool was = false;

	spin_lock_bh(lock);
	if (!hlist_nulls_unhashed(&tw->conn.node)) {
		hlist_nulls_del_init_rcu(&tw->conn.node);
		was = true;
	}
	spin_unlock_bh(lock);
	if (was)
		xtcp_port_tw_del(tw);
	return was;
}

/**
 * xtcp_hash_lookup() - the connection or TIME-WAIT entry a segment
 *	belongs to
 * @net: namespace the segment arrived in
 * @a: its 4-tuple, from our side (local: the segment's destination)
 * @e: set to the socket or the TIME-WAIT entry found, referenced, or to
 *	neither
 *
 * Takes no lock: the walk is under RCU, as __inet_lookup_established().
 * An entry whose count is already zero is on its way out: nothing is
 * found, as for TCP.
 *
 * Return: whether something was found.
 */
bool xtcp_hash_lookup(struct net *net, const struct xtcp_addrs *a,
		      struct xtcp_hash_entry *e)
{
	u32 hash = conn_hash(net, a);
	unsigned int slot = hash & conn_mask;
	struct hlist_nulls_node *pos;
	struct xtcp_conn_node *c;

	rcu_read_lock();
begin:
	e->sk = NULL;
	e->tw = NULL;
	hlist_nulls_for_each_entry_rcu(c, pos, &conn_table[slot], node) {
		if (READ_ONCE(c->hash) != hash || !conn_match(c, net, a))
			continue;
		if (unlikely(!conn_hold(c, e))) {
			e->sk = NULL;
			e->tw = NULL;
			goto out;
		}
		if (unlikely(!conn_match(c, net, a))) {
			xtcp_hash_entry_put(e);
			goto begin;
		}
		goto out;
	}
	if (get_nulls_value(pos) != slot)
		goto begin;
out:
	rcu_read_unlock();
	return e->sk || e->tw;
}

XTCP_KUNIT_EXPORT(xtcp_hash_lookup);

/*
 * The walk of /proc/net/xtcp, in its order: the listeners, the
 * connections, the TIME-WAIT entries (the last two in the same chains).
 */
enum { WALK_LISTEN, WALK_CONN, WALK_TW, WALK_END };

static unsigned int walk_buckets(int table)
{
	return table == WALK_LISTEN ? xtcp_port_buckets() : conn_mask + 1;
}

static bool in_net(const struct net *net, const struct net *of)
{
	return !net || net_eq(of, net);
}

/*
 * The @skip-th socket (or TIME-WAIT entry if @tw) of @net (NULL: of any)
 * in bucket @b, referenced.
 */
static bool conn_nth(const struct net *net, bool tw, unsigned int b,
		     unsigned int skip, struct xtcp_hash_entry *e)
{
	spinlock_t *lock = conn_lock(b);
	struct hlist_nulls_node *pos;
	struct xtcp_conn_node *c;

	if (hlist_nulls_empty(&conn_table[b]))
		return false;
	spin_lock_bh(lock);
	hlist_nulls_for_each_entry(c, pos, &conn_table[b], node) {
		if (c->tw != tw ||
		    !in_net(net, tw ? xtcp_tw_net(conn_tw(c)) :
				      sock_net(conn_sk(c))) ||
		    skip--)
			continue;
		/* the table's reference keeps the count above zero */
		if (tw) {
			e->tw = conn_tw(c);
			refcount_inc(&e->tw->ref);
		} else {
			e->sk = conn_sk(c);
			sock_hold(e->sk);
		}
		break;
	}
	spin_unlock_bh(lock);
	return e->sk || e->tw;
}

/**
 * xtcp_hash_iter_next() - the next entry of a namespace, for /proc/net/xtcp
 * @net: the namespace
 * @it: where the walk is, zeroed to start; moved past the entry returned
 * @e: filled with the entry, referenced: xtcp_hash_entry_put() it
 *
 * Each call walks one bucket from the entry @it names, under its lock,
 * and looks at the empty buckets after it without one, so a whole walk
 * costs the length of the tables once, not once per entry. An entry added
 * or removed during a walk may be missed or shown twice, as in
 * /proc/net/tcp.
 *
 * Return: false at the end of the walk.
 */
bool xtcp_hash_iter_next(const struct net *net, struct xtcp_hash_iter *it,
			 struct xtcp_hash_entry *e)
{
	e->sk = NULL;
	e->tw = NULL;
	while (it->table < WALK_END) {
		bool found = it->table == WALK_LISTEN ?
			xtcp_port_listen_nth(net, it->bucket, it->offset, e) :
			conn_nth(net, it->table == WALK_TW, it->bucket,
				 it->offset, e);

		if (found) {
			it->offset++;
			return true;
		}
		it->offset = 0;
		if (++it->bucket >= walk_buckets(it->table)) {
			it->bucket = 0;
			it->table++;
		}
		cond_resched();
	}
	return false;
}

XTCP_KUNIT_EXPORT(xtcp_hash_iter_next);

/**
 * xtcp_hash_entry_put() - drop the reference a lookup or
 *	xtcp_hash_iter_next() took
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

XTCP_KUNIT_EXPORT(xtcp_hash_entry_put);

/*
 * Some entry of the connection table (a TIME-WAIT one if @tw), of @net,
 * from bucket *@cursor on, which moves to the bucket of the entry.
 */
static bool conn_any(const struct net *net, bool tw, unsigned int *cursor,
		     struct xtcp_hash_entry *e)
{
	e->sk = NULL;
	e->tw = NULL;
	for (; *cursor <= conn_mask; ++*cursor) {
		if (conn_nth(net, tw, *cursor, 0, e))
			return true;
		cond_resched();
	}
	return false;
}

/**
 * xtcp_hash_any_sock() - some socket of the connection table, for unload
 * @cursor: 0 at first; the caller keeps it between calls so that emptying
 *	the table costs its length once
 *
 * Context: process context, with no new socket appearing.
 *
 * Return: a socket, referenced, or NULL if the table is empty.
 */
struct sock *xtcp_hash_any_sock(unsigned int *cursor)
{
	struct xtcp_hash_entry e;

	return conn_any(NULL, false, cursor, &e) ? e.sk : NULL;
}

/**
 * xtcp_hash_any_tw() - some TIME-WAIT entry, for unload and netns exit
 * @net: only entries of this namespace; NULL for any
 * @cursor: as for xtcp_hash_any_sock()
 *
 * Context: process context, with no new entry of @net appearing.
 *
 * Return: an entry, referenced, or NULL if there is none.
 */
struct xtcp_tw *xtcp_hash_any_tw(const struct net *net,
				 unsigned int *cursor)
{
	struct xtcp_hash_entry e;

	return conn_any(net, true, cursor, &e) ? e.tw : NULL;
}
