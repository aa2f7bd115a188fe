// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: ICMP and ICMPv6 errors about the segments we sent, as Linux's
 * tcp_v4_err() and tcp_v6_err().
 *
 * The IP layer hands the protocol's err_handler an ICMP error with the IP
 * header and at least the first 8 octets of the segment it quotes: the
 * ports and the sequence number, in TCP's layout. Each family reads it
 * (ipv4.c, ipv6.c: the addresses, what the type and code ask, the errno)
 * into a struct xtcp_icmp_msg, and xtcp_icmp_rcv() does the rest. The
 * connection is found by its 4-tuple; a TIME-WAIT entry, or a quoted
 * sequence number outside SND.UNA..SND.NXT (a stale or forged message:
 * OutOfWindowIcmps), is left alone. Then:
 *
 * - the path MTU dropped (RFC 1191 fragmentation needed, RFC 8201 packet
 *   too big): the route learns the path MTU (the family's icmp_pmtu op:
 *   inet_csk_update_pmtu(), inet6_csk_update_pmtu()), the send MSS drops
 *   to it less the headers (not below net.xtcp.tcp_min_snd_mss), and what
 *   was in flight is sent again at once in the smaller segments
 *   (xtcp_sock_simple_retransmit(), as tcp_simple_retransmit()), unless
 *   IP_MTU_DISCOVER (IPV6_MTU_DISCOVER) says to ignore the path MTU. If a
 *   process owns the socket, that waits for release_cb (XTCP_DEFER_MTU,
 *   as TCP_MTU_REDUCED_DEFERRED);
 * - a redirect: the route follows it (dst->ops->redirect());
 * - the others become an errno (IPv4: icmp_err_convert[], or
 *   EHOSTUNREACH for time exceeded, EPROTO for a parameter problem;
 *   IPv6: icmpv6_err_convert()). While the connection is being opened
 *   (SYN-SENT, or SYN-RECEIVED after a simultaneous open) any of them
 *   ends it at once: connect() fails with that errno, and the message
 *   goes on the error queue (MSG_ERRQUEUE; in IPv6 only with
 *   IPV6_RECVERR, as ipv6_icmp_error()). A child a listener made is
 *   dropped, silently, only for the errors tcp_req_err() aborts on (IPv4:
 *   net or host unreachable, time exceeded, parameter problems; IPv6: what
 *   icmpv6_err_convert() calls fatal). Once synchronized (RFC 1122
 *   4.2.3.9: these are soft errors) the error is the socket's error
 *   (sk_err) only with IP_RECVERR (IPV6_RECVERR); else it is kept as
 *   sk_err_soft, which SO_ERROR reads and a timeout reports instead of
 *   ETIMEDOUT.
 */
#include <net/sock.h>

#include "af.h"
#include "compat.h"
#include "fsm.h"
#include "hash.h"
#include "icmp.h"
#include "mib.h"
#include "sock.h"
#include "tw.h"
#include "wire.h"

/**
 * xtcp_icmp_seq_ok() - may the segment an ICMP error quotes be ours?
 * @tcb: the connection's TCB
 * @seq: SEG.SEQ of the quoted segment
 *
 * Return: true if SND.UNA =< @seq =< SND.NXT: sent and not yet
 * acknowledged (or the next to send), as tcp_v4_err() requires.
 */
bool xtcp_icmp_seq_ok(const struct xtcp_tcb *tcb, u32 seq)
{
	return seq - tcb->snd_una <= tcb->snd_nxt - tcb->snd_una;
}

XTCP_KUNIT_EXPORT(xtcp_icmp_seq_ok);

/**
 * xtcp_icmp_mss() - the send MSS on a path
 * @af: the family of the path
 * @mtu: the path MTU, as the route has it
 * @min_mss: the least MSS to send with (net.xtcp.tcp_min_snd_mss)
 *
 * Return: @mtu less the IP (IPv6) and xtcp headers (xtcp_af_mss()), at
 * least @min_mss, as tcp_mtu_to_mss().
 */
u16 xtcp_icmp_mss(const struct xtcp_af_ops *af, u32 mtu, u16 min_mss)
{
	return max(xtcp_af_mss(af, mtu), min_mss);
}

XTCP_KUNIT_EXPORT(xtcp_icmp_mss);

/**
 * xtcp_icmp_mtu_reduced() - learn a smaller path MTU (tcp_v4_mtu_reduced(),
 *	tcp_v6_mtu_reduced())
 * @sk: the socket, locked: in softirq with no process owning it, or from
 *	release_cb; &xtcp_sock.mtu_info holds the MTU the ICMP message gave
 *
 * The route takes the MTU, through the family's icmp_pmtu op, which says
 * whether the socket follows it (IP_MTU_DISCOVER and its IPv6 twin). If
 * it does, the send MSS follows the route's MTU down and what was in
 * flight is sent again at once.
 */
void xtcp_icmp_mtu_reduced(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct dst_entry *dst;
	u16 mss;

	if ((1 << sk->sk_state) & (TCPF_LISTEN | TCPF_CLOSE))
		return;
	dst = xs->af->icmp_pmtu(sk, READ_ONCE(xs->mtu_info));
	if (!dst)
		return;
	mss = xtcp_icmp_mss(xs->af, dst_mtu(dst), xs->tcb.min_snd_mss);
	if (mss >= xs->tcb.mss)
		return;		/* the segments fit already */
	xs->tcb.mss = mss;
	xtcp_sock_simple_retransmit(sk);
}

/**
 * xtcp_icmp_release_cb() - learn the path MTU an ICMP error gave while a
 *	process owned the socket
 * @sk: the socket, locked, its backlog processed
 */
void xtcp_icmp_release_cb(struct sock *sk)
{
	if (!test_and_clear_bit(XTCP_DEFER_MTU, &xtcp_sk(sk)->deferred))
		return;
	xtcp_icmp_mtu_reduced(sk);
	__sock_put(sk);		/* taken when it was deferred */
}

/* Close the connection with @err (positive), as tcp_done_with_error(). */
static void fail_open(struct sock *sk, int err)
{
	struct xtcp_fsm_out out;

	xtcp_fsm_unreachable(&xtcp_sk(sk)->tcb, -err, &out);
	xtcp_sock_apply(sk, &out, NULL);
}

/* An error while the connection is being opened. */
static void opening_error(struct sock *sk, const struct xtcp_icmp_msg *m)
{
	if (xtcp_sk(sk)->tcb.passive) {		/* a listener's child */
		if (!sock_owned_by_user(sk) && m->embryo_fatal)
			fail_open(sk, m->err);
		return;
	}
	xtcp_sk(sk)->af->icmp_queue(sk, m);
	if (!sock_owned_by_user(sk))
		fail_open(sk, m->err);
	else
		WRITE_ONCE(sk->sk_err_soft, m->err);
}

/* The ICMP error @m is about @sk, locked. */
static void sock_err(struct sock *sk, const struct xtcp_icmp_msg *m)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool owned = sock_owned_by_user(sk);
	struct net *net = sock_net(sk);

	if (owned && m->todo != XTCP_ICMP_PMTU)
		XTCP_INC_STATS(net, XTCP_MIB_LOCKDROPPEDICMPS);
	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;
	if (!xtcp_icmp_seq_ok(&xs->tcb, ntohl(m->th->seq))) {
		XTCP_INC_STATS(net, XTCP_MIB_OUTOFWINDOWICMPS);
		return;
	}
	switch (m->todo) {
	case XTCP_ICMP_REDIRECT:
		if (!owned)
			xs->af->icmp_redirect(sk, m->skb);
		return;
	case XTCP_ICMP_PMTU:
		WRITE_ONCE(xs->mtu_info, m->info);
		if (!owned)
			xtcp_icmp_mtu_reduced(sk);
		else if (!test_and_set_bit(XTCP_DEFER_MTU, &xs->deferred))
			sock_hold(sk);		/* dropped by release_cb */
		return;
	case XTCP_ICMP_ERROR:
		break;
	default:
		return;
	}
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		opening_error(sk, m);
	} else if (!owned && xs->af->recverr(sk)) {
		WRITE_ONCE(sk->sk_err, m->err);
		sk_error_report(sk);
	} else {
		WRITE_ONCE(sk->sk_err_soft, m->err);	/* reported on timeout */
	}
}

/**
 * xtcp_icmp_rcv() - an ICMP error, as its family read it, for the
 *	connection that sent the segment it quotes
 * @net: the namespace it arrived in
 * @a: the quoted segment's addresses and ports, as the connection sees
 *	them (we are its source: local)
 * @m: the message
 *
 * Context: softirq, from the family's err_handler.
 *
 * Return: 0, or -ENOENT if no connection sent that segment (the family
 * counts it in its ICMP InErrors).
 */
int xtcp_icmp_rcv(struct net *net, const struct xtcp_addrs *a,
		  const struct xtcp_icmp_msg *m)
{
	struct xtcp_hash_entry e;

	if (!xtcp_hash_lookup(net, a, &e))
		return -ENOENT;
	if (e.sk) {	/* TIME-WAIT has nothing to learn */
		bh_lock_sock(e.sk);
		sock_err(e.sk, m);
		bh_unlock_sock(e.sk);
	}
	xtcp_hash_entry_put(&e);
	return 0;
}
