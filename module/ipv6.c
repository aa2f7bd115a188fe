// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: IPv6, the family ops of an AF_INET6 socket (af.h), as
 * tcp_ipv6.c's ipv6_specific and ipv6_mapped, and the IPv6 protocol
 * handler on xtcp's protocol number, with its ICMPv6 error handler
 * (tcp_v6_err(); icmp.c does what is not IPv6's own).
 *
 * An AF_INET6 socket that talks to an IPv4 peer, through a v4-mapped
 * address (connect() to ::ffff:a.b.c.d, or a listener without
 * IPV6_V6ONLY that takes an IPv4 SYN), switches to xtcp_ipv6_mapped_ops:
 * IPv4's routing, output and checksum, with IPv6's socket options and
 * destructor, as TCP's ipv6_mapped. Its IPv6 addresses (sk_v6_daddr,
 * sk_v6_rcv_saddr) are then the v4-mapped forms of its IPv4 ones, so
 * getsockname() and getpeername() give them, as for TCP.
 *
 * The ipv6_pinfo of a socket ends struct xtcp6_sock (protocol.c), where
 * inet6_create() looks for it (compat.h).
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/inet6_connection_sock.h>
#include <net/inet_common.h>
#include <net/inet_ecn.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/protocol.h>
#include <net/secure_seq.h>
#include <net/transp_v6.h>
#include <net/xfrm.h>

#include "af.h"
#include "compat.h"
#include "gso.h"
#include "icmp.h"
#include "net.h"
#include "sock.h"
#include "wire.h"
#include "xtcp.h"

static struct xtcp_af_ops xtcp_ipv6_mapped_ops __ro_after_init;

static void ipv6_sk_addrs(const struct sock *sk, struct xtcp_addrs *a)
{
	a->laddr = sk->sk_v6_rcv_saddr;
	a->raddr = sk->sk_v6_daddr;
	a->lport = inet_sk(sk)->inet_sport;
	a->rport = inet_sk(sk)->inet_dport;
}

static void ipv6_skb_addrs(const struct sk_buff *skb, struct xtcp_addrs *a)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);

	a->laddr = ip6h->daddr;
	a->raddr = ip6h->saddr;
}

static bool ipv6_skb_unicast(struct sk_buff *skb)
{
	return !ipv6_addr_is_multicast(&ipv6_hdr(skb)->daddr);
}

/* as ipv4.c's, with the IPv6 pseudo-header */
static bool ipv6_skb_csum_ok(struct sk_buff *skb, u8 proto)
{
	return !skb_checksum_validate(skb, proto, ip6_compute_pseudo);
}

static u8 ipv6_skb_tos(const struct sk_buff *skb)
{
	return ipv6_get_dsfield(ipv6_hdr(skb));
}

/* connect() to a v4-mapped address: IPv4 from now on (tcp_v6_connect()) */
static int connect_mapped(struct sock *sk, struct sockaddr_in6 *usin)
{
	struct sockaddr_in sin = {
		.sin_family	 = AF_INET,
		.sin_port	 = usin->sin6_port,
		.sin_addr.s_addr = usin->sin6_addr.s6_addr32[3],
	};
	struct inet_sock *inet = inet_sk(sk);
	int err;

	if (ipv6_only_sock(sk))
		return -ENETUNREACH;
	xtcp_sk(sk)->af = &xtcp_ipv6_mapped_ops;
	err = xtcp_ipv4_ops.connect(sk, (struct sockaddr *)&sin, sizeof(sin));
	if (err) {
		xtcp_sk(sk)->af = &xtcp_ipv6_ops;
		return err;
	}
	ipv6_addr_set_v4mapped(inet->inet_daddr, &sk->sk_v6_daddr);
	ipv6_addr_set_v4mapped(inet->inet_rcv_saddr, &sk->sk_v6_rcv_saddr);
	ipv6_addr_set_v4mapped(inet->inet_saddr, &inet6_sk(sk)->saddr);
	return 0;
}

/* proto.connect's first half: the route and the addresses (tcp_v6_connect()) */
static int ipv6_connect(struct sock *sk, struct sockaddr *uaddr, int len)
{
	struct sockaddr_in6 *usin = (struct sockaddr_in6 *)uaddr;
	struct ipv6_pinfo *np = inet6_sk(sk);
	struct inet_sock *inet = inet_sk(sk);
	struct in6_addr *final_p, final;
	struct ipv6_txoptions *opt;
	struct dst_entry *dst;
	struct flowi6 fl6;
	int addr_type;

	if (len < SIN6_LEN_RFC2133)
		return -EINVAL;
	if (usin->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	if (!usin->sin6_port)
		return -EADDRNOTAVAIL;
	/* connect() to the unspecified address means loopback (BSD'ism) */
	if (ipv6_addr_any(&usin->sin6_addr)) {
		if (ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr))
			ipv6_addr_set_v4mapped(htonl(INADDR_LOOPBACK),
					       &usin->sin6_addr);
		else
			usin->sin6_addr = in6addr_loopback;
	}
	addr_type = ipv6_addr_type(&usin->sin6_addr);
	if (addr_type & IPV6_ADDR_MULTICAST)
		return -ENETUNREACH;
	if (addr_type & IPV6_ADDR_LINKLOCAL) {
		if (len >= sizeof(struct sockaddr_in6) && usin->sin6_scope_id) {
			/* an interface set by bind() must be the same */
			if (!sk_dev_equal_l3scope(sk, usin->sin6_scope_id))
				return -EINVAL;
			sk->sk_bound_dev_if = usin->sin6_scope_id;
		}
		/* a link-local peer needs an interface */
		if (!sk->sk_bound_dev_if)
			return -EINVAL;
	}
	if (addr_type & IPV6_ADDR_MAPPED)
		return connect_mapped(sk, usin);

	memset(&fl6, 0, sizeof(fl6));
	fl6.flowi6_proto = sk->sk_protocol;
	fl6.daddr = usin->sin6_addr;
	fl6.saddr = ipv6_addr_any(&sk->sk_v6_rcv_saddr) ? np->saddr :
							  sk->sk_v6_rcv_saddr;
	fl6.flowlabel = ip6_make_flowinfo(np->tclass, np->flow_label);
	fl6.flowi6_oif = sk->sk_bound_dev_if;
	fl6.flowi6_mark = sk->sk_mark;
	fl6.fl6_dport = usin->sin6_port;
	fl6.fl6_sport = inet->inet_sport;
	fl6.flowi6_uid = sk->sk_uid;
	opt = rcu_dereference_protected(np->opt, lockdep_sock_is_held(sk));
	final_p = fl6_update_dst(&fl6, opt, &final);
	security_sk_classify_flow(sk, flowi6_to_flowi_common(&fl6));
	dst = ip6_dst_lookup_flow(sock_net(sk), sk, &fl6, final_p);
	if (IS_ERR(dst))
		return PTR_ERR(dst);

	sk->sk_v6_daddr = usin->sin6_addr;
	if (ipv6_addr_any(&sk->sk_v6_rcv_saddr))
		sk->sk_v6_rcv_saddr = fl6.saddr;
	np->saddr = sk->sk_v6_rcv_saddr;
	inet->inet_rcv_saddr = LOOPBACK4_IPV6;
	inet->inet_dport = usin->sin6_port;
	ip6_dst_store(sk, dst, NULL, NULL);	/* and sk_setup_caps() */
	sk_set_txhash(sk);
	return 0;
}

/* A connect() that failed, or a disconnect; IPv6 again if it was mapped. */
static void ipv6_clear_addrs(struct sock *sk)
{
	struct inet_sock *inet = inet_sk(sk);

	xtcp_sk(sk)->af = &xtcp_ipv6_ops;
	inet->inet_dport = 0;
	inet->inet_daddr = 0;
	sk->sk_v6_daddr = in6addr_any;
	if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK))
		inet_reset_saddr(sk);	/* sk_v6_rcv_saddr and np->saddr too */
}

/*
 * A listener's new child: the copy sk_clone_lock() made of the
 * listener's ipv6_pinfo is the child's own now, without what the listener
 * holds references on (tcp_v6_syn_recv_sock()).
 */
static struct ipv6_pinfo *child_pinfo(struct sock *child)
{
	struct ipv6_pinfo *np = xtcp_compat_inet6_pinfo(child);

	inet_sk(child)->pinet6 = np;
	np->ipv6_mc_list = NULL;
	np->ipv6_ac_list = NULL;
	xtcp_compat_forget_fl_list(child);
	np->pktoptions = NULL;
	np->rxpmtu = NULL;
	RCU_INIT_POINTER(np->opt, NULL);
	return np;
}

static void ipv6_init_child(struct sock *child, const struct sk_buff *skb)
{
	struct ipv6_pinfo *np = child_pinfo(child);
	struct inet_sock *inet = inet_sk(child);
	const struct ipv6hdr *ip6h;

	RCU_INIT_POINTER(inet->inet_opt, NULL);
	inet->mc_list = NULL;
	if (skb->protocol == htons(ETH_P_IP)) {
		/* an IPv4 SYN for a listener without IPV6_V6ONLY */
		xtcp_ipv4_ops.init_child(child, skb);
		xtcp_sk(child)->af = &xtcp_ipv6_mapped_ops;
		ipv6_addr_set_v4mapped(inet->inet_daddr, &child->sk_v6_daddr);
		ipv6_addr_set_v4mapped(inet->inet_saddr,
				       &child->sk_v6_rcv_saddr);
		np->saddr = child->sk_v6_rcv_saddr;
		return;
	}
	ip6h = ipv6_hdr(skb);
	xtcp_sk(child)->af = &xtcp_ipv6_ops;
	child->sk_v6_daddr = ip6h->saddr;
	child->sk_v6_rcv_saddr = ip6h->daddr;
	np->saddr = ip6h->daddr;
	inet->inet_daddr = LOOPBACK4_IPV6;
	inet->inet_saddr = LOOPBACK4_IPV6;
	inet->inet_rcv_saddr = LOOPBACK4_IPV6;
	/* a link-local peer is on the interface the SYN came in by */
	if (!child->sk_bound_dev_if &&
	    ipv6_addr_type(&ip6h->saddr) & IPV6_ADDR_LINKLOCAL)
		child->sk_bound_dev_if = skb->skb_iif;
	sk_set_txhash(child);
}

static struct dst_entry *route6(struct net *net, struct sock *sk,
				const struct xtcp_addrs *a, u8 proto)
{
	struct flowi6 fl6 = {
		.daddr		= a->raddr,
		.saddr		= a->laddr,
		.flowi6_proto	= proto,
		.fl6_dport	= a->rport,
		.fl6_sport	= a->lport,
	};

	return ip6_dst_lookup_flow(net, sk, &fl6, NULL);
}

/* as ipv4.c's: from the route back to the peer of a SYN */
static u16 ipv6_route_mss(struct net *net, const struct xtcp_addrs *a)
{
	struct dst_entry *dst = route6(net, NULL, a, xtcp_ipproto);
	u16 mss;

	if (IS_ERR(dst))
		return XTCP_MSS_DEFAULT;
	mss = xtcp_af_mss(&xtcp_ipv6_ops, dst_mtu(dst));
	dst_release(dst);
	return mss;
}

/* as ipv4.c's csum4(), with the IPv6 pseudo-header */
static void csum6(struct sk_buff *skb, const struct in6_addr *saddr,
		  const struct in6_addr *daddr, u8 proto, bool partial)
{
	struct xtcp_hdr *th = (struct xtcp_hdr *)skb->data;

	if (partial) {
		th->check = ~csum_ipv6_magic(saddr, daddr, skb->len, proto, 0);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct xtcp_hdr, check);
		return;
	}
	th->check = 0;
	th->check = csum_ipv6_magic(saddr, daddr, skb->len, proto,
				    skb_checksum(skb, 0, skb->len, 0));
	skb->ip_summed = CHECKSUM_NONE;
}

static void ipv6_send_check(struct sock *sk, struct sk_buff *skb, u8 proto,
			    bool partial)
{
	csum6(skb, &inet6_sk(sk)->saddr, &sk->sk_v6_daddr, proto, partial);
}

static int ipv6_queue_xmit(struct sock *sk, struct sk_buff *skb)
{
	/* the flow label of the connection, as TCP's (ip6_make_flowlabel()) */
	skb_set_hash_from_sk(skb, sk);
	return inet6_csk_xmit(sk, skb, NULL);
}

/* as tcp_v6_send_response(), through the namespace's IPv6 control socket */
static int ipv6_send_ctl(struct net *net, bool interop,
			 const struct xtcp_addrs *a, u8 tos,
			 struct sk_buff *skb)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct sock *ctl = interop ? xn->ctl_sk6_tcp : xn->ctl_sk6;
	struct dst_entry *dst;
	struct flowi6 fl6 = {
		.daddr		= a->raddr,
		.saddr		= a->laddr,
		.flowi6_proto	= ctl->sk_protocol,
		.fl6_dport	= a->rport,
		.fl6_sport	= a->lport,
	};

	dst = ip6_dst_lookup_flow(net, ctl, &fl6, NULL);
	if (IS_ERR(dst)) {
		kfree_skb(skb);
		return PTR_ERR(dst);
	}
	csum6(skb, &a->laddr, &a->raddr, ctl->sk_protocol, false);
	skb_dst_set(skb, dst);
	return ip6_xmit(ctl, skb, &fl6, 0, NULL, tos, 0);
}

/* As the lookup of inet6_hashtables.c's compute_score(). */
static int ipv6_listen_score(const struct sock *sk,
			     const struct in6_addr *laddr)
{
	if (sk->sk_family != AF_INET6)
		return 0;
	if (ipv6_addr_any(&sk->sk_v6_rcv_saddr))
		return 1;
	return ipv6_addr_equal(&sk->sk_v6_rcv_saddr, laddr) ? 2 : 0;
}

static bool ipv6_policy_check(struct sock *sk, struct sk_buff *skb)
{
	return xfrm6_policy_check(sk, XFRM_POLICY_IN, skb);
}

static u64 ipv6_port_hash(const struct sock *sk)
{
	return secure_ipv6_port_ephemeral(sk->sk_v6_rcv_saddr.s6_addr32,
					  sk->sk_v6_daddr.s6_addr32,
					  inet_sk(sk)->inet_dport);
}

/**
 * xtcp_icmp6_classify() - what an ICMPv6 error asks, as tcp_v6_err() reads
 *	it
 * @type: the ICMPv6 type
 * @code: the ICMPv6 code
 * @err: with XTCP_ICMP_ERROR, set to the errno (positive) for the user
 *	(icmpv6_err_convert())
 * @fatal: set to whether it ends a listener's child in SYN-RECEIVED (what
 *	icmpv6_err_convert() returns, as tcp_v6_err() hands tcp_req_err())
 *
 * The ICMPv6 layer hands a protocol only errors (destination
 * unreachable, packet too big, time exceeded, parameter problem) and
 * redirects (icmpv6_notify()).
 *
 * Return: the &enum xtcp_icmp_todo.
 */
enum xtcp_icmp_todo xtcp_icmp6_classify(u8 type, u8 code, int *err,
					bool *fatal)
{
	*fatal = icmpv6_err_convert(type, code, err);
	switch (type) {
	case NDISC_REDIRECT:
		return XTCP_ICMP_REDIRECT;
	case ICMPV6_PKT_TOOBIG:
		return XTCP_ICMP_PMTU;
	default:
		return XTCP_ICMP_ERROR;
	}
}

XTCP_KUNIT_EXPORT(xtcp_icmp6_classify);

/*
 * The route learns the path MTU (tcp_v6_err(), tcp_v6_mtu_reduced()):
 * unless IPV6_MTU_DISCOVER is IPV6_PMTUDISC_INTERFACE or _OMIT, or the
 * MTU is below IPv6's 1280 (RFC 8200 5) or would not shrink the segments
 * (__ip6_rt_update_pmtu() would keep it too late to matter).
 */
static struct dst_entry *ipv6_icmp_pmtu(struct sock *sk, u32 mtu)
{
	if (mtu < IPV6_MIN_MTU || !ip6_sk_accept_pmtu(sk) ||
	    xtcp_af_mss(&xtcp_ipv6_ops, mtu) >= xtcp_sk(sk)->tcb.mss)
		return NULL;
	return inet6_csk_update_pmtu(sk, mtu);
}

/*
 * Queue a copy of the ICMPv6 message on the socket's error queue, for
 * recvmsg(MSG_ERRQUEUE), with IPV6_RECVERR only: what ipv6_icmp_error()
 * does, which no kernel exports.
 */
static void ipv6_icmp_queue(struct sock *sk, const struct xtcp_icmp_msg *m)
{
	const struct icmp6hdr *icmph = icmp6_hdr(m->skb);
	struct sock_exterr_skb *serr;
	struct sk_buff *skb;

	if (!xtcp_recverr6(sk))
		return;
	skb = skb_clone(m->skb, GFP_ATOMIC);
	if (!skb)
		return;
	skb->protocol = htons(ETH_P_IPV6);
	serr = SKB_EXT_ERR(skb);
	serr->ee.ee_errno = m->err;
	serr->ee.ee_origin = SO_EE_ORIGIN_ICMP6;
	serr->ee.ee_type = icmph->icmp6_type;
	serr->ee.ee_code = icmph->icmp6_code;
	serr->ee.ee_pad = 0;
	serr->ee.ee_info = m->info;
	serr->ee.ee_data = 0;
	serr->addr_offset = (u8 *)&((struct ipv6hdr *)(icmph + 1))->daddr -
			    skb_network_header(skb);
	serr->port = m->th->dest;
	__skb_pull(skb, (const u8 *)m->th - skb->data);
	if (xtcp_recverr6_rfc4884(sk) &&
	    (icmph->icmp6_type == ICMPV6_DEST_UNREACH ||
	     icmph->icmp6_type == ICMPV6_TIME_EXCEED))
		ip_icmp_error_rfc4884(skb, &serr->ee.ee_rfc4884,
				      sizeof(struct icmp6hdr),
				      icmph->icmp6_datagram_len * 8);
	skb_reset_transport_header(skb);
	if (sock_queue_err_skb(sk, skb))
		kfree_skb(skb);
}

/* Follow a redirect, as tcp_v6_err() does. */
static void ipv6_icmp_redirect(struct sock *sk, struct sk_buff *skb)
{
	struct dst_entry *dst = __sk_dst_check(sk, inet6_sk(sk)->dst_cookie);

	if (dst)
		dst->ops->redirect(dst, sk, skb);
}

/* The family ops of an AF_INET6 socket. */
const struct xtcp_af_ops xtcp_ipv6_ops = {
	.family		= AF_INET6,
	.net_header_len	= sizeof(struct ipv6hdr),
	.gso_type	= XTCP_GSO_TYPE6,
	.sk_addrs	= ipv6_sk_addrs,
	.skb_addrs	= ipv6_skb_addrs,
	.skb_unicast	= ipv6_skb_unicast,
	.skb_csum_ok	= ipv6_skb_csum_ok,
	.skb_tos	= ipv6_skb_tos,
	.connect	= ipv6_connect,
	.clear_addrs	= ipv6_clear_addrs,
	.init_child	= ipv6_init_child,
	.route_mss	= ipv6_route_mss,
	.send_check	= ipv6_send_check,
	.queue_xmit	= ipv6_queue_xmit,
	.send_ctl	= ipv6_send_ctl,
	.listen_score	= ipv6_listen_score,
	.policy_check	= ipv6_policy_check,
	.port_hash	= ipv6_port_hash,
	.setsockopt	= ipv6_setsockopt,
	.getsockopt	= ipv6_getsockopt,
	.sock_destruct	= inet6_sock_destruct,
	.icmp_pmtu	= ipv6_icmp_pmtu,
	.icmp_queue	= ipv6_icmp_queue,
	.icmp_redirect	= ipv6_icmp_redirect,
	.recverr	= xtcp_recverr6,
};

XTCP_KUNIT_EXPORT(xtcp_ipv6_ops);

static int xtcp_v6_rcv(struct sk_buff *skb)
{
	xtcp_input_rcv(&xtcp_ipv6_ops, skb, xtcp_ipproto);
	return 0;
}

/**
 * xtcp_icmp6_err() - an ICMPv6 error quoting one of our segments
 * @skb: the ICMPv6 message, skb->data at the IPv6 header it quotes
 * @type: its type
 * @code: its code
 * @offset: where our segment starts from skb->data (past any extension
 *	headers), 8 octets of it linear at least (icmpv6_notify() checks)
 * @info: the MTU of a packet too big, else the pointer of a parameter
 *	problem or 0
 *
 * As tcp_v6_err(); for native segments through xtcp's err_handler, for
 * interop ones from interop6.c's hook.
 *
 * Return: 0, or -ENOENT if no connection of ours sent it.
 */
int xtcp_icmp6_err(struct sk_buff *skb, u8 type, u8 code, int offset,
		   __be32 info)
{
	const struct ipv6hdr *hdr = (const struct ipv6hdr *)skb->data;
	struct xtcp_icmp_msg m = {
		.skb	= skb,
		.th	= (const void *)(skb->data + offset),
		.info	= ntohl(info),
	};
	struct net *net = dev_net(skb->dev);
	struct xtcp_addrs a = {		/* the segment we sent */
		.laddr	= hdr->saddr,
		.raddr	= hdr->daddr,
		.lport	= m.th->source,
		.rport	= m.th->dest,
	};

	m.todo = xtcp_icmp6_classify(type, code, &m.err, &m.embryo_fatal);
	if (!xtcp_icmp_rcv(net, &a, &m))
		return 0;
	__ICMP6_INC_STATS(net, __in6_dev_get(skb->dev), ICMP6_MIB_INERRORS);
	return -ENOENT;
}

static int xtcp_v6_err(struct sk_buff *skb, struct inet6_skb_parm *opt,
		       u8 type, u8 code, int offset, __be32 info)
{
	return xtcp_icmp6_err(skb, type, code, offset, info);
}

static const struct inet6_protocol xtcp_inet6_protocol = {
	.handler	= xtcp_v6_rcv,
	.err_handler	= xtcp_v6_err,
	.flags		= INET6_PROTO_NOPOLICY | INET6_PROTO_FINAL,
};

/**
 * xtcp_ipv6_register() - take xtcp's protocol number in IPv6 too
 *
 * Fills xtcp_ipv6_mapped_ops first: IPv4's ops, with IPv6's socket
 * options, destructor and disconnect (tcp_ipv6.c's ipv6_mapped).
 *
 * Context: as xtcp_input_register(), whose IPv4 handler is in place.
 *
 * Return: 0, or -EBUSY if another protocol handles that number.
 */
int xtcp_ipv6_register(void)
{
	xtcp_ipv6_mapped_ops = xtcp_ipv4_ops;
	xtcp_ipv6_mapped_ops.clear_addrs = ipv6_clear_addrs;
	xtcp_ipv6_mapped_ops.setsockopt = ipv6_setsockopt;
	xtcp_ipv6_mapped_ops.getsockopt = ipv6_getsockopt;
	xtcp_ipv6_mapped_ops.sock_destruct = inet6_sock_destruct;
	if (inet6_add_protocol(&xtcp_inet6_protocol, xtcp_ipproto) < 0) {
		pr_err("IPv6 protocol %u is taken\n", xtcp_ipproto);
		return -EBUSY;
	}
	return 0;
}

/**
 * xtcp_ipv6_unregister() - give the IPv6 protocol number back
 *
 * The caller waits for handlers still running (synchronize_net()).
 */
void xtcp_ipv6_unregister(void)
{
	inet6_del_protocol(&xtcp_inet6_protocol, xtcp_ipproto);
}
