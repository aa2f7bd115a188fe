// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: IPv4, the family ops of an AF_INET socket (af.h), as
 * tcp_ipv4.c's ipv4_specific: routing (ip_route_connect(),
 * ip_queue_xmit()), the pseudo-header checksum, the segments of no socket
 * (the namespace's control socket), addresses from the IP header, and
 * how ICMP errors are read (tcp_v4_err(); icmp.c does the rest).
 */
#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <linux/skbuff.h>
#include <net/icmp.h>
#include <net/inet_common.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/secure_seq.h>
#include <net/xfrm.h>

#include "af.h"
#include "compat.h"
#include "gso.h"
#include "icmp.h"
#include "net.h"
#include "sock.h"
#include "wire.h"

static void ipv4_sk_addrs(const struct sock *sk, struct xtcp_addrs *a)
{
	const struct inet_sock *inet = inet_sk(sk);

	xtcp_addrs_set4(a, inet->inet_rcv_saddr, inet->inet_sport,
			inet->inet_daddr, inet->inet_dport);
}

static void ipv4_skb_addrs(const struct sk_buff *skb, struct xtcp_addrs *a)
{
	const struct iphdr *iph = ip_hdr(skb);

	ipv6_addr_set_v4mapped(iph->daddr, &a->laddr);
	ipv6_addr_set_v4mapped(iph->saddr, &a->raddr);
}

static bool ipv4_skb_unicast(struct sk_buff *skb)
{
	return !(skb_rtable(skb)->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST));
}

/*
 * The helper sums nothing for CHECKSUM_UNNECESSARY (the device verified
 * it) and CHECKSUM_PARTIAL (a local sender's segment, handed over by
 * loopback or a veth, that no device summed yet), checks
 * CHECKSUM_COMPLETE against the pseudo-header, and sums the rest,
 * non-linear data too. A segment corrupted on the way is never
 * CHECKSUM_PARTIAL: netem corrupt sums it before flipping a bit.
 */
static bool ipv4_skb_csum_ok(struct sk_buff *skb, u8 proto)
{
	return !skb_checksum_validate(skb, proto, inet_compute_pseudo);
}

static u8 ipv4_skb_tos(const struct sk_buff *skb)
{
	return ip_hdr(skb)->tos;
}

/* proto.connect's first half: the route and the addresses (tcp_v4_connect()) */
static int ipv4_connect(struct sock *sk, struct sockaddr *uaddr, int len)
{
	struct sockaddr_in *usin = (struct sockaddr_in *)uaddr;
	struct inet_sock *inet = inet_sk(sk);
	struct flowi4 *fl4;
	struct rtable *rt;

	if (len < sizeof(*usin))
		return -EINVAL;
	if (usin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	if (!usin->sin_port)
		return -EADDRNOTAVAIL;

	fl4 = &inet->cork.fl.u.ip4;
	rt = ip_route_connect(fl4, usin->sin_addr.s_addr, inet->inet_saddr,
			      sk->sk_bound_dev_if, sk->sk_protocol,
			      inet->inet_sport, usin->sin_port, sk);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	if (rt->rt_flags & (RTCF_MULTICAST | RTCF_BROADCAST)) {
		ip_rt_put(rt);
		return -ENETUNREACH;
	}
	if (!inet->inet_saddr)
		inet->inet_saddr = fl4->saddr;
	if (!inet->inet_rcv_saddr)
		inet->inet_rcv_saddr = inet->inet_saddr;
	inet->inet_daddr = usin->sin_addr.s_addr;
	inet->inet_dport = usin->sin_port;
	sk_setup_caps(sk, &rt->dst);
	return 0;
}

static void ipv4_clear_addrs(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);

	inet->inet_dport = 0;
	inet->inet_daddr = 0;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		inet_reset_saddr(sk);
}

static void ipv4_init_child(struct sock *child, const struct sk_buff *skb)
{
	struct inet_sock *inet = inet_sk(child);
	const struct iphdr *iph = ip_hdr(skb);

	inet->inet_daddr = iph->saddr;
	inet->inet_rcv_saddr = iph->daddr;
	inet->inet_saddr = iph->daddr;
	RCU_INIT_POINTER(inet->inet_opt, NULL);
	inet->mc_list = NULL;
}

/*
 * The MSS to offer a peer that sent a SYN: from the route back to it, as
 * the child will send (the SYN's own route is the local input one, whose
 * device is loopback, whatever the SYN came through).
 */
static u16 ipv4_route_mss(struct net *net, const struct xtcp_addrs *a)
{
	struct flowi4 fl4 = {
		.daddr = a->raddr.s6_addr32[3],
		.saddr = a->laddr.s6_addr32[3],
	};
	struct rtable *rt = ip_route_output_key(net, &fl4);
	u16 mss;

	if (IS_ERR(rt))
		return XTCP_MSS_DEFAULT;
	mss = xtcp_af_mss(&xtcp_ipv4_ops, dst_mtu(&rt->dst));
	ip_rt_put(rt);
	return mss;
}

/*
 * The checksum: by the device if @partial (the pseudo-header sum goes in
 * the field, the device adds the segment's sum from csum_start on), else
 * here, over the header and all the data.
 */
static void csum4(struct sk_buff *skb, __be32 saddr, __be32 daddr, u8 proto,
		  bool partial)
{
	struct xtcp_hdr *th = (struct xtcp_hdr *)skb->data;

	if (partial) {
		th->check = ~csum_tcpudp_magic(saddr, daddr, skb->len, proto,
					       0);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct xtcp_hdr, check);
		return;
	}
	th->check = 0;
	th->check = csum_tcpudp_magic(saddr, daddr, skb->len, proto,
				      skb_checksum(skb, 0, skb->len, 0));
	skb->ip_summed = CHECKSUM_NONE;
}

static void ipv4_send_check(struct sock *sk, struct sk_buff *skb, u8 proto,
			    bool partial)
{
	const struct inet_sock *inet = inet_sk(sk);

	csum4(skb, inet->inet_saddr, inet->inet_daddr, proto, partial);
}

static int ipv4_queue_xmit(struct sock *sk, struct sk_buff *skb)
{
	return ip_queue_xmit(sk, skb, &inet_sk(sk)->cork.fl);
}

static int ipv4_send_ctl(struct net *net, bool interop,
			 const struct xtcp_addrs *a, u8 tos,
			 struct sk_buff *skb)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct sock *ctl = interop ? xn->ctl_sk_tcp : xn->ctl_sk;
	__be32 saddr = a->laddr.s6_addr32[3], daddr = a->raddr.s6_addr32[3];
	u8 proto = ctl->sk_protocol;
	struct flowi4 fl4;
	struct rtable *rt;

	rt = ip_route_output_ports(net, &fl4, ctl, daddr, saddr, a->rport,
				   a->lport, proto, tos, 0);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return PTR_ERR(rt);
	}
	csum4(skb, saddr, daddr, proto, false);
	skb_dst_set(skb, &rt->dst);
	return ip_build_and_send_pkt(skb, ctl, saddr, daddr, NULL, tos);
}

/* As the v4 lookup of inet_hashtables.c's compute_score(). */
static int ipv4_listen_score(const struct sock *sk,
			     const struct in6_addr *laddr)
{
	__be32 addr = READ_ONCE(inet_sk(sk)->inet_rcv_saddr);

	if (ipv6_only_sock(sk) || (addr && addr != laddr->s6_addr32[3]))
		return 0;
	return addr ? 2 : 1;
}

static bool ipv4_policy_check(struct sock *sk, struct sk_buff *skb)
{
	return xfrm4_policy_check(sk, XFRM_POLICY_IN, skb);
}

static u64 ipv4_port_hash(const struct sock *sk)
{
	const struct inet_sock *inet = inet_sk(sk);

	return secure_ipv4_port_ephemeral(inet->inet_rcv_saddr,
					  inet->inet_daddr, inet->inet_dport);
}

/**
 * xtcp_icmp4_classify() - what an ICMP error asks, as tcp_v4_err() reads it
 * @type: the ICMP type
 * @code: the ICMP code
 * @err: with XTCP_ICMP_ERROR, set to the errno (positive) for the user
 *
 * Return: the &enum xtcp_icmp_todo.
 */
enum xtcp_icmp_todo xtcp_icmp4_classify(u8 type, u8 code, int *err)
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

XTCP_KUNIT_EXPORT(xtcp_icmp4_classify);

/**
 * xtcp_icmp4_embryo_fatal() - does an ICMP error end a listener's child in
 *	SYN-RECEIVED?
 * @type: the ICMP type
 * @code: the ICMP code
 *
 * As tcp_v4_err()'s call of tcp_req_err(): only net or host unreachable,
 * time exceeded and parameter problems; for the others the SYN,ACK is
 * sent again.
 *
 * Return: true if the child goes.
 */
bool xtcp_icmp4_embryo_fatal(u8 type, u8 code)
{
	return type == ICMP_PARAMETERPROB || type == ICMP_TIME_EXCEEDED ||
	       (type == ICMP_DEST_UNREACH &&
		(code == ICMP_NET_UNREACH || code == ICMP_HOST_UNREACH));
}

XTCP_KUNIT_EXPORT(xtcp_icmp4_embryo_fatal);

/*
 * The route learns the path MTU (tcp_v4_mtu_reduced()). The IP layer
 * keeps it at least net.ipv4.route.min_pmtu: below that it lets segments
 * go without DF and be fragmented; a socket that sets DF itself then has
 * EMSGSIZE as its soft error. The send MSS follows unless IP_MTU_DISCOVER
 * is IP_PMTUDISC_DONT, _INTERFACE or _OMIT.
 */
static struct dst_entry *ipv4_icmp_pmtu(struct sock *sk, u32 mtu)
{
	struct dst_entry *dst = inet_csk_update_pmtu(sk, mtu);

	if (!dst)
		return NULL;
	if (mtu < dst_mtu(dst) && ip_dont_fragment(sk, dst))
		WRITE_ONCE(sk->sk_err_soft, EMSGSIZE);
	if (READ_ONCE(inet_sk(sk)->pmtudisc) == IP_PMTUDISC_DONT ||
	    !ip_sk_accept_pmtu(sk))
		return NULL;
	return dst;
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
 * export; TCP does it whether or not IP_RECVERR is set.
 */
static void ipv4_icmp_queue(struct sock *sk, const struct xtcp_icmp_msg *m)
{
	struct sock_exterr_skb *serr;
	struct sk_buff *skb;

	skb = skb_clone(m->skb, GFP_ATOMIC);
	if (!skb)
		return;
	serr = SKB_EXT_ERR(skb);
	serr->ee.ee_errno = m->err;
	serr->ee.ee_origin = SO_EE_ORIGIN_ICMP;
	serr->ee.ee_type = icmp_hdr(skb)->type;
	serr->ee.ee_code = icmp_hdr(skb)->code;
	serr->ee.ee_pad = 0;
	serr->ee.ee_info = m->info;
	serr->ee.ee_data = 0;
	serr->addr_offset = (u8 *)&((struct iphdr *)(icmp_hdr(skb) + 1))->daddr -
			    skb_network_header(skb);
	serr->port = m->th->dest;
	if (skb_pull(skb, (const u8 *)m->th - skb->data)) {
		if (xtcp_recverr_rfc4884(sk))
			rfc4884(skb, &serr->ee.ee_rfc4884);
		skb_reset_transport_header(skb);
		if (!sock_queue_err_skb(sk, skb))
			return;
	}
	kfree_skb(skb);
}

/* Follow a redirect, as tcp_v4_err()'s do_redirect(). */
static void ipv4_icmp_redirect(struct sock *sk, struct sk_buff *skb)
{
	struct dst_entry *dst = __sk_dst_check(sk, 0);

	if (dst)
		dst->ops->redirect(dst, sk, skb);
}

/**
 * xtcp_icmp4_err() - the err_handler of xtcp's IP protocol
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
int xtcp_icmp4_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct icmphdr *icmph = icmp_hdr(skb);
	struct xtcp_icmp_msg m = {
		.skb	= skb,
		.th	= (const void *)(skb->data + iph->ihl * 4),
		.info	= info,
	};
	struct net *net = dev_net(skb->dev);
	struct xtcp_addrs a;

	m.todo = xtcp_icmp4_classify(icmph->type, icmph->code, &m.err);
	m.embryo_fatal = xtcp_icmp4_embryo_fatal(icmph->type, icmph->code);
	/* the segment we sent: we are its source */
	xtcp_addrs_set4(&a, iph->saddr, m.th->source, iph->daddr, m.th->dest);
	if (!xtcp_icmp_rcv(net, &a, &m))
		return 0;
	__ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
	return -ENOENT;
}

/* The family ops of an AF_INET socket. */
const struct xtcp_af_ops xtcp_ipv4_ops = {
	.family		= AF_INET,
	.net_header_len	= sizeof(struct iphdr),
	.gso_type	= XTCP_GSO_TYPE4,
	.sk_addrs	= ipv4_sk_addrs,
	.skb_addrs	= ipv4_skb_addrs,
	.skb_unicast	= ipv4_skb_unicast,
	.skb_csum_ok	= ipv4_skb_csum_ok,
	.skb_tos	= ipv4_skb_tos,
	.connect	= ipv4_connect,
	.clear_addrs	= ipv4_clear_addrs,
	.init_child	= ipv4_init_child,
	.route_mss	= ipv4_route_mss,
	.send_check	= ipv4_send_check,
	.queue_xmit	= ipv4_queue_xmit,
	.send_ctl	= ipv4_send_ctl,
	.listen_score	= ipv4_listen_score,
	.policy_check	= ipv4_policy_check,
	.port_hash	= ipv4_port_hash,
	.setsockopt	= ip_setsockopt,
	.getsockopt	= ip_getsockopt,
	.sock_destruct	= inet_sock_destruct,
	.icmp_pmtu	= ipv4_icmp_pmtu,
	.icmp_queue	= ipv4_icmp_queue,
	.icmp_redirect	= ipv4_icmp_redirect,
	.recverr	= xtcp_recverr,
};

XTCP_KUNIT_EXPORT(xtcp_ipv4_ops);
