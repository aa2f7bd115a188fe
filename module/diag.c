// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the side of sock_diag that needs xtcp's insides (see diag.h),
 * for xtcp_diag.ko, which answers ss-style queries (xtcp_diag.c). The
 * walk and the lookups are hash.c's, TCP_INFO's numbers sockopt.c's, the
 * timers those of /proc/net/xtcp: nothing here is counted twice.
 */
#include <linux/export.h>
#include <linux/tcp.h>
#include <net/sock.h>

#include "diag.h"
#include "fsm.h"
#include "listen.h"
#include "sock.h"
#include "sockopt.h"
#include "timers.h"
#include "tw.h"
#include "xtcp.h"

/**
 * xtcp_diag_protocol() - the IP protocol xtcp was loaded on
 *
 * Return: the protocol module parameter, 253 by default.
 */
u8 xtcp_diag_protocol(void)
{
	return xtcp_ipproto;
}
EXPORT_SYMBOL_NS_GPL(xtcp_diag_protocol, XTCP_DIAG);

/**
 * xtcp_diag_next() - the next entry of a namespace, in /proc/net/xtcp's
 *	order: listeners, connections, TIME-WAIT entries
 * @net: the namespace
 * @it: where the walk is, zeroed to start; moved past the entry returned
 * @e: filled with the entry, referenced: xtcp_diag_put() it
 *
 * Context: process context; may sleep between buckets.
 *
 * Return: false at the end of the walk.
 */
bool xtcp_diag_next(const struct net *net, struct xtcp_hash_iter *it,
		    struct xtcp_hash_entry *e)
{
	return xtcp_hash_iter_next(net, it, e);
}
EXPORT_SYMBOL_NS_GPL(xtcp_diag_next, XTCP_DIAG);

/**
 * xtcp_diag_lookup() - the entry of a 4-tuple, as inet_diag_find_one_icsk()
 *	finds it
 * @net: the namespace
 * @a: the 4-tuple (local is ours; IPv4 addresses v4-mapped)
 * @e: set to the connection or TIME-WAIT entry of the 4-tuple, or else to
 *	the listener on @a's local address and port (or on the wildcard),
 *	referenced
 *
 * The listener is looked up as for a segment of the 4-tuple: of IPv4 if
 * both addresses are v4-mapped (an IPv6 listener that is not v6only
 * takes it too), else of IPv6.
 *
 * Return: whether something was found.
 */
bool xtcp_diag_lookup(struct net *net, const struct xtcp_addrs *a,
		      struct xtcp_hash_entry *e)
{
	const struct xtcp_af_ops *af = &xtcp_ipv6_ops;

	if (ipv6_addr_v4mapped(&a->laddr) && ipv6_addr_v4mapped(&a->raddr))
		af = &xtcp_ipv4_ops;
	if (xtcp_hash_lookup(net, a, e))
		return true;
	e->sk = xtcp_hash_lookup_listener(net, af, &a->laddr, a->lport);
	return e->sk;
}
EXPORT_SYMBOL_NS_GPL(xtcp_diag_lookup, XTCP_DIAG);

/**
 * xtcp_diag_put() - drop the reference xtcp_diag_next() or
 *	xtcp_diag_lookup() took
 * @e: the entry
 */
void xtcp_diag_put(struct xtcp_hash_entry *e)
{
	xtcp_hash_entry_put(e);
}
EXPORT_SYMBOL_NS_GPL(xtcp_diag_put, XTCP_DIAG);

/* as tcp_diag_get_info(): a listener's queues are its accept queue */
static void sock_state(struct sock *sk, struct xtcp_diag_state *st)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned long left;

	st->timer = xtcp_timers_proc(sk, &left);
	st->expires_ms = jiffies_to_msecs(left);
	if (st->timer == 1)
		st->retrans = xs->tcb.retries;
	else if (st->timer == 4)
		st->retrans = xs->persist.probes;
	else if (st->timer == 2)
		st->retrans = xs->ka_probes;
	if (sk->sk_state == TCP_LISTEN) {
		st->rqueue = READ_ONCE(sk->sk_ack_backlog);
		st->wqueue = READ_ONCE(sk->sk_max_ack_backlog);
	} else if (sk->sk_state != TCP_SYN_SENT &&
		   sk->sk_state != TCP_CLOSE) {
		st->rqueue = xs->rcv_queued;
		st->wqueue = xs->write_seq - xs->tcb.snd_una;
	}
	strscpy(st->cong, xs->cc.ops->name, sizeof(st->cong));
}

/**
 * xtcp_diag_get() - what ss shows of an entry beside its addresses
 * @e: the entry, referenced
 * @st: filled
 * @info: filled as TCP_INFO fills it, if not NULL; a TIME-WAIT entry
 *	leaves it alone
 *
 * Context: process context: takes a socket's lock.
 */
void xtcp_diag_get(const struct xtcp_hash_entry *e,
		   struct xtcp_diag_state *st, struct tcp_info *info)
{
	memset(st, 0, sizeof(*st));
	if (e->tw) {
		st->timer = 3;
		st->expires_ms = jiffies_to_msecs(xtcp_timers_tw_left(e->tw));
		return;
	}
	lock_sock(e->sk);
	sock_state(e->sk, st);
	if (info)
		xtcp_info_get(e->sk, info);
	release_sock(e->sk);
}
EXPORT_SYMBOL_NS_GPL(xtcp_diag_get, XTCP_DIAG);

/* T03 as close() does it (children reset), and a wakeup with @err */
static void abort_listener(struct sock *sk, int err)
{
	struct xtcp_fsm_out out;

	xtcp_fsm_close(&xtcp_sk(sk)->tcb, &out);
	xtcp_sock_apply(sk, &out, NULL);
	xtcp_listen_close_children(sk);
	WRITE_ONCE(sk->sk_err, err);
	sk_error_report(sk);
	xtcp_sock_done(sk);
}

/**
 * xtcp_diag_abort() - end an entry at once, as tcp_abort() (SOCK_DESTROY)
 * @e: the entry, referenced
 * @err: the error its user gets (ECONNABORTED), positive
 *
 * A connection is reset (the peer gets a RST if it knows of it) and its
 * user gets @err; a listener stops listening and resets its children; a
 * TIME-WAIT entry ends. A socket already CLOSED is left alone. The caller
 * checks the permission (CAP_NET_ADMIN).
 *
 * Context: process context: takes the socket's lock.
 */
void xtcp_diag_abort(const struct xtcp_hash_entry *e, int err)
{
	struct sock *sk = e->sk;

	if (e->tw) {
		xtcp_tw_kill(e->tw);
		return;
	}
	lock_sock(sk);
	if (sk->sk_state == TCP_LISTEN)
		abort_listener(sk, err);
	else if (sk->sk_state != TCP_CLOSE)
		xtcp_sock_abort(sk, -err);
	release_sock(sk);
}
EXPORT_SYMBOL_NS_GPL(xtcp_diag_abort, XTCP_DIAG);
