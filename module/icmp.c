// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: ICMP errors about the segments we sent, as Linux's tcp_v4_err().
 *
 * The IP layer hands the protocol's err_handler an ICMP error with the IP
 * header and at least the first 8 octets of the segment it quotes: the
 * ports and the sequence number, in TCP's layout. The connection is found
 * by its 4-tuple; a TIME-WAIT entry, or a quoted sequence number outside
 * SND.UNA..SND.NXT (a stale or forged message: OutOfWindowIcmps), is left
 * alone. Then, by type:
 *
 * - fragmentation needed (RFC 1191): the route learns the path MTU
 *   (inet_csk_update_pmtu()), the send MSS drops to it less the headers
 *   (not below net.xtcp.tcp_min_snd_mss), and what was in flight is sent
 *   again at once in the smaller segments (xtcp_sock_simple_retransmit(),
 *   as tcp_simple_retransmit()), unless IP_MTU_DISCOVER says to ignore
 *   the path MTU. If a process owns the socket, that waits for release_cb
 *   (XTCP_DEFER_MTU, as TCP_MTU_REDUCED_DEFERRED);
 * - a redirect: the route follows it (dst->ops->redirect());
 * - the others become an errno (icmp_err_convert[], or EHOSTUNREACH for
 *   time exceeded, EPROTO for a parameter problem). While the connection
 *   is being opened (SYN-SENT, or SYN-RECEIVED after a simultaneous open)
 *   any of them ends it at once: connect() fails with that errno, and the
 *   message goes on the error queue (MSG_ERRQUEUE). A child a listener made
 *   is dropped, silently, only for net or host unreachable, time exceeded
 *   and parameter problems (tcp_req_err()). Once synchronized (RFC 1122
 *   4.2.3.9: these are soft errors) the error is the socket's error
 *   (sk_err) only with IP_RECVERR; else it is kept as sk_err_soft, which
 *   SO_ERROR reads and a timeout reports instead of ETIMEDOUT.
 */
#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <linux/skbuff.h>
#include <net/icmp.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>

#include "compat.h"
#include "fsm.h"
#include "hash.h"
#include "icmp.h"
#include "mib.h"
#include "sock.h"
#include "tw.h"
#include "wire.h"

/**
 * xtcp_icmp_classify() - what an ICMP error asks, as tcp_v4_err() reads it
 * @type: the ICMP type
 * @code: the ICMP code
 * @err: with XTCP_ICMP_ERROR, set to the errno (positive) for the user
 *
 * Return: the &enum xtcp_icmp_todo.
 */
enum xtcp_icmp_todo xtcp_icmp_classify(u8 type, u8 code, int *err)
{
	switch (type) {
	case ICMP_REDIRECT:
		return XTCP_ICMP_REDIRECT;
	case ICMP_PARAMETERPROB:
		*err = EPROTO;
		return XTCP_ICMP_ERROR;
	case ICMP_TIME_EXCEEDED:
		*err = EHOSTUNREACH;
		return XTCP_ICMP_ERROR;
	case ICMP_DEST_UNREACH:
		if (code > NR_ICMP_UNREACH)
			return XTCP_ICMP_IGNORE;
		if (code == ICMP_FRAG_NEEDED)
			return XTCP_ICMP_PMTU;
		*err = icmp_err_convert[code].errno;
		return XTCP_ICMP_ERROR;
	default:		/* source quench, and the rest */
		return XTCP_ICMP_IGNORE;
	}
}

XTCP_KUNIT_EXPORT(xtcp_icmp_classify);

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
 * xtcp_icmp_embryo_fatal() - does an ICMP error end a listener's child in
 *	SYN-RECEIVED?
 * @type: the ICMP type
 * @code: the ICMP code
 *
 * As tcp_req_err(): only net or host unreachable, time exceeded and
 * parameter problems; for the others the SYN,ACK is sent again.
 *
 * Return: true if the child goes.
 */
bool xtcp_icmp_embryo_fatal(u8 type, u8 code)
{
	return type == ICMP_PARAMETERPROB || type == ICMP_TIME_EXCEEDED ||
	       (type == ICMP_DEST_UNREACH &&
		(code == ICMP_NET_UNREACH || code == ICMP_HOST_UNREACH));
}

XTCP_KUNIT_EXPORT(xtcp_icmp_embryo_fatal);

/**
 * xtcp_icmp_mss() - the send MSS on a path
 * @mtu: the path MTU, as the route has it
 * @min_mss: the least MSS to send with (net.xtcp.tcp_min_snd_mss)
 *
 * Return: @mtu less the IP and xtcp headers (xtcp_mss_for_mtu()), at
 * least @min_mss, as tcp_mtu_to_mss().
 */
u16 xtcp_icmp_mss(u32 mtu, u16 min_mss)
{
	return max(xtcp_mss_for_mtu(mtu), min_mss);
}

XTCP_KUNIT_EXPORT(xtcp_icmp_mss);

/**
 * xtcp_icmp_mtu_reduced() - learn a smaller path MTU (tcp_v4_mtu_reduced())
 * @sk: the socket, locked: in softirq with no process owning it, or from
 *	release_cb; &xtcp_sock.mtu_info holds the MTU the ICMP message gave
 *
 * The route takes the MTU (the IP layer keeps it at least
 * net.ipv4.route.min_pmtu: below that it lets segments go without DF and
 * be fragmented; a socket that sets DF itself then has EMSGSIZE as its
 * soft error). Unless IP_MTU_DISCOVER is IP_PMTUDISC_DONT, _INTERFACE or
 * _OMIT, the send MSS follows the route's MTU down and what was in flight
 * is sent again at once.
 */
void xtcp_icmp_mtu_reduced(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct dst_entry *dst;
	u32 mtu;
	u16 mss;

	if ((1 << sk->sk_state) & (TCPF_LISTEN | TCPF_CLOSE))
		return;
	mtu = READ_ONCE(xs->mtu_info);
	dst = inet_csk_update_pmtu(sk, mtu);
	if (!dst)
		return;
	if (mtu < dst_mtu(dst) && ip_dont_fragment(sk, dst))
		WRITE_ONCE(sk->sk_err_soft, EMSGSIZE);
	if (READ_ONCE(inet_sk(sk)->pmtudisc) == IP_PMTUDISC_DONT ||
	    !ip_sk_accept_pmtu(sk))
		return;
	mss = xtcp_icmp_mss(dst_mtu(dst), xs->tcb.min_snd_mss);
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

/* Follow a redirect, as tcp_v4_err()'s do_redirect(). */
static void redirect(struct sock *sk, struct sk_buff *skb)
{
	struct dst_entry *dst = __sk_dst_check(sk, 0);

	if (dst)
		dst->ops->redirect(dst, sk, skb);
}

/* The RFC 4884 extension of an ICMP error, for IP_RECVERR_RFC4884. */
static void rfc4884(const struct sk_buff *skb, struct sock_ee_data_rfc4884 *out)
{
	switch (icmp_hdr(skb)->type) {
	case ICMP_DEST_UNREACH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		ip_icmp_error_rfc4884(skb, out, sizeof(struct icmphdr),
				      icmp_hdr(skb)->un.reserved[1] * 4);
	}
}

/*
 * Queue a copy of the ICMP message on the socket's error queue, for
 * recvmsg(MSG_ERRQUEUE): what ip_icmp_error() does, which 6.1 does not
 * export. @th is the quoted header, in @skb.
 */
static void queue_error(struct sock *sk, struct sk_buff *skb, int err,
			const struct xtcp_hdr *th, u32 info)
{
	struct sock_exterr_skb *serr;

	skb = skb_clone(skb, GFP_ATOMIC);
	if (!skb)
		return;
	serr = SKB_EXT_ERR(skb);
	serr->ee.ee_errno = err;
	serr->ee.ee_origin = SO_EE_ORIGIN_ICMP;
	serr->ee.ee_type = icmp_hdr(skb)->type;
	serr->ee.ee_code = icmp_hdr(skb)->code;
	serr->ee.ee_pad = 0;
	serr->ee.ee_info = info;
	serr->ee.ee_data = 0;
	serr->addr_offset = (u8 *)&((struct iphdr *)(icmp_hdr(skb) + 1))->daddr -
			    skb_network_header(skb);
	serr->port = th->dest;
	if (skb_pull(skb, (const u8 *)th - skb->data)) {
		if (xtcp_recverr_rfc4884(sk))
			rfc4884(skb, &serr->ee.ee_rfc4884);
		skb_reset_transport_header(skb);
		if (!sock_queue_err_skb(sk, skb))
			return;
	}
	kfree_skb(skb);
}

/* Close the connection with @err (positive), as tcp_done_with_error(). */
static void fail_open(struct sock *sk, int err)
{
	struct xtcp_fsm_out out;

	xtcp_fsm_unreachable(&xtcp_sk(sk)->tcb, -err, &out);
	xtcp_sock_apply(sk, &out, NULL);
}

/* An error while the connection is being opened. */
static void opening_error(struct sock *sk, struct sk_buff *skb, int err,
			  const struct xtcp_hdr *th, u32 info)
{
	const struct icmphdr *icmph = icmp_hdr(skb);

	if (xtcp_sk(sk)->tcb.passive) {		/* a listener's child */
		if (!sock_owned_by_user(sk) &&
		    xtcp_icmp_embryo_fatal(icmph->type, icmph->code))
			fail_open(sk, err);
		return;
	}
	queue_error(sk, skb, err, th, info);
	if (!sock_owned_by_user(sk))
		fail_open(sk, err);
	else
		WRITE_ONCE(sk->sk_err_soft, err);
}

/* The ICMP error @skb is about @sk, locked, whose segment @th it quotes. */
static void sock_err(struct sock *sk, struct sk_buff *skb,
		     const struct xtcp_hdr *th, u32 info)
{
	const struct icmphdr *icmph = icmp_hdr(skb);
	bool pmtu = icmph->type == ICMP_DEST_UNREACH &&
		    icmph->code == ICMP_FRAG_NEEDED;
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool owned = sock_owned_by_user(sk);
	struct net *net = sock_net(sk);
	int err = 0;

	if (owned && !pmtu)
		XTCP_INC_STATS(net, XTCP_MIB_LOCKDROPPEDICMPS);
	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;
	if (!xtcp_icmp_seq_ok(&xs->tcb, ntohl(th->seq))) {
		XTCP_INC_STATS(net, XTCP_MIB_OUTOFWINDOWICMPS);
		return;
	}
	switch (xtcp_icmp_classify(icmph->type, icmph->code, &err)) {
	case XTCP_ICMP_REDIRECT:
		if (!owned)
			redirect(sk, skb);
		return;
	case XTCP_ICMP_PMTU:
		WRITE_ONCE(xs->mtu_info, info);
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
		opening_error(sk, skb, err, th, info);
	} else if (!owned && xtcp_recverr(sk)) {
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
	} else {
		WRITE_ONCE(sk->sk_err_soft, err);	/* reported on timeout */
	}
}

/**
 * xtcp_icmp_err() - the err_handler of xtcp's IP protocol
 * @skb: the ICMP message; skb->data is the IP header it quotes, followed
 *	by at least 8 octets of our segment (icmp_socket_deliver() checks)
 * @info: the next-hop MTU for fragmentation needed, else 0 or the
 *	pointer of a parameter problem
 *
 * Context: softirq.
 *
 * Return: 0, or -ENOENT if no connection sent that segment (counted in
 * the ICMP InErrors).
 */
int xtcp_icmp_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct xtcp_hdr *th = (const void *)(skb->data + iph->ihl * 4);
	struct net *net = dev_net(skb->dev);
	struct xtcp_hash_entry e;
	struct xtcp_addrs a;

	/* the segment we sent: we are its source */
	xtcp_addrs_set4(&a, iph->saddr, th->source, iph->daddr, th->dest);
	if (xtcp_hash_lookup(net, &a, &e)) {
		if (e.sk) {	/* TIME-WAIT has nothing to learn */
			bh_lock_sock(e.sk);
			sock_err(e.sk, skb, th, info);
			bh_unlock_sock(e.sk);
		}
		xtcp_hash_entry_put(&e);
		return 0;
	}
	__ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
	return -ENOENT;
}
