// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: interop mode's IPv6 hooks (interop.c explains the mode and the
 * IPv4 ones, which these mirror).
 *
 * - LOCAL_OUT, first of all (NF_IP6_PRI_FIRST): a segment of an interop
 *   socket leaves ip6_xmit() with xtcp's protocol number in the last
 *   Next Header field of its chain (the IPv6 header's, or the last
 *   extension header's if the socket set any); the hook writes 6 there.
 *   IPv6 has no header checksum; the segment's own is TCP's already.
 * - LOCAL_IN, last of all (NF_IP6_PRI_LAST): a TCP segment (found past
 *   any extension headers, ipv6_find_hdr()) of an interop connection,
 *   TIME-WAIT entry or listener is taken (NF_STOLEN) and goes through
 *   input.c as a protocol-253 segment does, after what
 *   ip6_protocol_deliver_rcu() does for a final protocol: headers
 *   pulled, the receive checksum adjusted for them.
 * - LOCAL_IN again for ICMPv6: an error quoting a TCP segment of an
 *   interop connection goes to xtcp_icmp6_err() (tcp_v6_err() would find
 *   nothing), with its checksum checked first, then on to the ICMPv6
 *   layer as any.
 *
 * Limit: IPv6 reassembles in the protocol handlers, after LOCAL_IN, so a
 * fragmented segment reaches the hook whole only if conntrack's
 * defragmentation (nf_defrag_ipv6) ran before; otherwise its fragments
 * go on to the kernel's TCP, which has no connection for it (IPv6's
 * sources fragment only above the path MTU, which TCP's MSS keeps
 * segments under).
 */
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "af.h"
#include "icmp.h"
#include "interop.h"

/* Is the IPv6 segment from @saddr:@sport to @daddr:@dport an interop one's? */
static bool owns6(struct net *net, const struct in6_addr *saddr,
		  __be16 sport, const struct in6_addr *daddr, __be16 dport)
{
	struct xtcp_addrs a = {
		.laddr	= *daddr,
		.raddr	= *saddr,
		.lport	= dport,
		.rport	= sport,
	};

	return xtcp_interop_owns(net, &xtcp_ipv6_ops, &a);
}

/* A TCP segment at LOCAL_IN, @off octets on: an interop socket's? */
static unsigned int tcp_in(struct net *net, struct sk_buff *skb,
			   unsigned int off)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	const struct tcphdr *th;
	struct tcphdr _th;

	th = skb_header_pointer(skb, off, sizeof(_th), &_th);
	if (!th || !owns6(net, &ip6h->saddr, th->source, &ip6h->daddr,
			  th->dest))
		return NF_ACCEPT;
	if (!xtcp_interop_confirm_ct(skb))
		return NF_DROP;
	/* what ip6_input_finish() and ip6_protocol_deliver_rcu() do */
	skb_clear_delivery_time(skb);
	if (!pskb_pull(skb, off))
		return NF_DROP;
	skb_reset_transport_header(skb);
	skb_postpull_rcsum(skb, skb_network_header(skb),
			   skb_network_header_len(skb));
	xtcp_input_rcv_tcp(&xtcp_ipv6_ops, skb);
	return NF_STOLEN;
}

/* Is the ICMPv6 message at @off valid (icmpv6_rcv()'s check)? */
static bool icmp_csum_ok(struct sk_buff *skb, unsigned int off)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	unsigned int len = skb->len - off;

	return !csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len,
				IPPROTO_ICMPV6, skb_checksum(skb, off, len, 0));
}

/*
 * An ICMPv6 message at LOCAL_IN, @off octets on: an error quoting a
 * segment of an interop connection goes to xtcp_icmp6_err(), as
 * icmpv6_notify() would hand it to an err_handler.
 */
static unsigned int icmp_in(struct net *net, struct sk_buff *skb,
			    unsigned int off)
{
	unsigned int qoff = off + sizeof(struct icmp6hdr), toff = qoff;
	const struct icmp6hdr *ih;
	const struct ipv6hdr *qh;
	const struct tcphdr *qth;
	u8 type, code;
	__be32 info;

	if (!pskb_may_pull(skb, qoff + sizeof(*qh)))
		return NF_ACCEPT;
	ih = (const struct icmp6hdr *)(skb->data + off);
	if (ih->icmp6_type & ICMPV6_INFOMSG_MASK)
		return NF_ACCEPT;
	/* the quoted packet's TCP header, past its extension headers */
	if (ipv6_find_hdr(skb, &toff, IPPROTO_TCP, NULL, NULL) != IPPROTO_TCP ||
	    !pskb_may_pull(skb, toff + 8))
		return NF_ACCEPT;
	ih = (const struct icmp6hdr *)(skb->data + off);
	qh = (const struct ipv6hdr *)(skb->data + qoff);
	qth = (const struct tcphdr *)(skb->data + toff);
	if (!owns6(net, &qh->daddr, qth->dest, &qh->saddr, qth->source) ||
	    !icmp_csum_ok(skb, off))
		return NF_ACCEPT;
	type = ih->icmp6_type;
	code = ih->icmp6_code;
	info = ih->icmp6_mtu;		/* or the parameter problem's pointer */
	__skb_pull(skb, qoff);
	xtcp_icmp6_err(skb, type, code, toff - qoff, info);
	__skb_push(skb, qoff);
	return NF_ACCEPT;
}

static unsigned int in_hook(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	unsigned int off = 0;
	int flags = 0;

	if (likely(!xtcp_interop_holds_ports(state->net)))
		return NF_ACCEPT;
	switch (ipv6_find_hdr(skb, &off, -1, NULL, &flags)) {
	case IPPROTO_TCP:
		if (flags & IP6_FH_F_FRAG)
			return NF_ACCEPT;	/* see the limit above */
		return tcp_in(state->net, skb, off);
	case IPPROTO_ICMPV6:
		if (flags & IP6_FH_F_FRAG)
			return NF_ACCEPT;
		return icmp_in(state->net, skb, off);
	default:
		return NF_ACCEPT;
	}
}

/*
 * The last Next Header field of an outgoing packet's chain: the IPv6
 * header's, or its last extension header's. NULL if the chain does not
 * fit in the linear part, as a packet ip6_xmit() built always does.
 */
static u8 *last_nexthdr(struct sk_buff *skb)
{
	unsigned int off = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	u8 *nh = &ipv6_hdr(skb)->nexthdr;

	while (ipv6_ext_hdr(*nh) && *nh != NEXTHDR_NONE) {
		struct ipv6_opt_hdr *hp = (void *)(skb->data + off);

		if (off + sizeof(*hp) > skb_headlen(skb))
			return NULL;
		if (*nh == NEXTHDR_FRAGMENT)
			off += sizeof(struct frag_hdr);
		else if (*nh == NEXTHDR_AUTH)
			off += ipv6_authlen(hp);
		else
			off += ipv6_optlen(hp);
		nh = &hp->nexthdr;
	}
	return nh;
}

/* A segment of an interop socket says it is TCP. */
static unsigned int out_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	u8 *nh;

	if (!xtcp_interop_sk(state->net, skb->sk))
		return NF_ACCEPT;
	nh = last_nexthdr(skb);
	if (nh && *nh == xtcp_ipproto)
		*nh = IPPROTO_TCP;
	return NF_ACCEPT;
}

static const struct nf_hook_ops interop6_hooks[] = {
	{
		.hook		= out_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_FIRST,
	},
	{
		.hook		= in_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_LAST,
	},
};

/**
 * xtcp_interop6_hooks_register() - a namespace's IPv6 hooks
 * @net: the namespace
 *
 * Return: 0 or a negative errno.
 */
int xtcp_interop6_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, interop6_hooks,
				     ARRAY_SIZE(interop6_hooks));
}

/**
 * xtcp_interop6_hooks_unregister() - remove them
 * @net: the namespace
 *
 * Waits for the hooks running (nf_unregister_net_hooks()).
 */
void xtcp_interop6_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, interop6_hooks,
				ARRAY_SIZE(interop6_hooks));
}
