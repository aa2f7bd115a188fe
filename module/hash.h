/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the tables that find a socket.
 *
 * Four tables, one lock (hash.c):
 *  - the bind table, by local port: every socket that holds a port (a
 *    listener's children too), and the TIME-WAIT entries, which keep
 *    theirs. bind(), listen() and connect() use it.
 *  - the listener table, by local port: the sockets that have listened
 *    there, so that a SYN finds its listener without walking the
 *    listener's children (issue 10 finding 5);
 *  - the connection table, by 4-tuple: sockets with a foreign address
 *    (connecting, connected, closing), which the input path looks up first;
 *  - its TIME-WAIT part, by 4-tuple too.
 */
#ifndef _XTCP_HASH_H
#define _XTCP_HASH_H

#include <linux/types.h>

struct net;
struct sock;
struct xtcp_tw;

int xtcp_hash_get_port(struct sock *sk, unsigned short snum);
void xtcp_hash_put_port(struct sock *sk);
void xtcp_hash_inherit_port(struct sock *child);
int xtcp_hash_listen(struct sock *sk);
int xtcp_hash_insert(struct sock *sk);
void xtcp_hash_remove(struct sock *sk);
void xtcp_hash_tw_insert(struct xtcp_tw *tw);
bool xtcp_hash_tw_remove(struct xtcp_tw *tw);

struct sock *xtcp_hash_lookup(struct net *net, __be32 saddr, __be16 sport,
			      __be32 daddr, __be16 dport);
struct xtcp_tw *xtcp_hash_lookup_tw(struct net *net, __be32 saddr,
				    __be16 sport, __be32 daddr, __be16 dport);
struct sock *xtcp_hash_lookup_listener(struct net *net, __be32 daddr,
				       __be16 dport);

/**
 * struct xtcp_hash_entry - one entry of xtcp_hash_iter_next()
 * @sk: a socket (listener or connection), or NULL
 * @tw: a TIME-WAIT entry, or NULL
 */
struct xtcp_hash_entry {
	struct sock	*sk;
	struct xtcp_tw	*tw;
};

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
struct sock *xtcp_hash_any_sock(void);
struct xtcp_tw *xtcp_hash_any_tw(const struct net *net);

#endif /* _XTCP_HASH_H */
