/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the tables that find a socket.
 *
 * Two tables, sized at load (hash.c), shared by every namespace: each
 * entry carries its namespace, and its hash and every match include it.
 *  - the port table (port.c), by namespace and local port. Each bucket
 *    has its own lock and three lists: every socket that holds the port
 *    (a listener's children too) and the TIME-WAIT entries, which keep
 *    theirs, for bind(), listen() and connect(); and the sockets that
 *    have listened on the port, so that a SYN finds its listener without
 *    walking the listener's children (issue 10 finding 5).
 *  - the connection table, by 4-tuple: sockets with a foreign address
 *    (connecting, connected, closing) and TIME-WAIT entries in the same
 *    chains, as Linux's ehash. Writers take one of an array of locks
 *    (bucket number modulo its size), as inet_ehash_locks.
 * The input path reads the connection chains and the listener lists under
 * RCU alone, as __inet_lookup_established() does.
 */
#ifndef _XTCP_HASH_H
#define _XTCP_HASH_H

#include <linux/list_nulls.h>
#include <linux/types.h>

#include "af.h"

struct net;
struct sock;
struct xtcp_tw;

/**
 * struct xtcp_conn_node - an entry of the connection table
 * @node: the entry in its chain; the chain ends in a nulls marker that is
 *	its bucket number, so that a reader who followed an entry moved to
 *	another chain notices and starts again
 * @hash: the hash of the entry's namespace and 4-tuple, set before it
 *	enters a chain
 * @tw: the entry is a struct xtcp_tw's, not a struct xtcp_sock's
 * @addrs: the 4-tuple, set before it enters a chain (af.h: one form for
 *	both families), what lookups match
 *
 * Lock: writers hold the lock of the bucket (hash.c); readers walk the
 * chains under rcu_read_lock() and take a reference only if the count is
 * not zero. The object holding the entry is freed an RCU grace period
 * after its last reference (SOCK_RCU_FREE for a socket, call_rcu() for a
 * TIME-WAIT entry), so a reader may still follow @node after removal.
 */
struct xtcp_conn_node {
	struct hlist_nulls_node	node;
	u32			hash;
	bool			tw;
	struct xtcp_addrs	addrs;
};

/**
 * struct xtcp_hash_entry - a socket or a TIME-WAIT entry, referenced
 * @sk: a socket (listener or connection), or NULL
 * @tw: a TIME-WAIT entry, or NULL
 */
struct xtcp_hash_entry {
	struct sock	*sk;
	struct xtcp_tw	*tw;
};

int xtcp_hash_init(void);
void xtcp_hash_exit(void);
unsigned int xtcp_hash_buckets(unsigned long entries, unsigned long pages,
			       unsigned int max);

int xtcp_hash_get_port(struct sock *sk, unsigned short snum);
void xtcp_hash_put_port(struct sock *sk);
void xtcp_hash_inherit_port(struct sock *child);
int xtcp_hash_listen(struct sock *sk);
int xtcp_hash_insert(struct sock *sk);
int xtcp_hash_insert_connect(struct sock *sk, bool bound,
			     struct xtcp_tw **tw);
int xtcp_hash_connect(struct sock *sk, struct xtcp_tw **tw);
void xtcp_hash_remove(struct sock *sk);
void xtcp_hash_tw_insert(struct xtcp_tw *tw);
bool xtcp_hash_tw_remove(struct xtcp_tw *tw);

bool xtcp_hash_lookup(struct net *net, const struct xtcp_addrs *a,
		      struct xtcp_hash_entry *e);
struct sock *xtcp_hash_lookup_listener(struct net *net,
				       const struct xtcp_af_ops *af,
				       const struct in6_addr *daddr,
				       __be16 dport);

/**
 * struct xtcp_hash_iter - a place in the walk of a namespace's entries
 * @table: the table: listeners, connections, TIME-WAIT (hash.c's order)
 * @bucket: the bucket in it
 * @offset: the entries of the namespace already taken from that bucket
 *
 * All zero is the start. Owned by its walker (proc.c's reader): nothing
 * in it is a reference.
 */
struct xtcp_hash_iter {
	int		table;
	unsigned int	bucket;
	unsigned int	offset;
};

bool xtcp_hash_iter_next(const struct net *net, struct xtcp_hash_iter *it,
			 struct xtcp_hash_entry *e);
void xtcp_hash_entry_put(struct xtcp_hash_entry *e);
struct sock *xtcp_hash_any_sock(unsigned int *cursor);
struct xtcp_tw *xtcp_hash_any_tw(const struct net *net,
				 unsigned int *cursor);

#endif /* _XTCP_HASH_H */
