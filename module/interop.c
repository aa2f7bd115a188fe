// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: interop mode, an xtcp socket that speaks TCP on the wire.
 *
 * An interop socket (XTCP_INTEROP at xtcp's level, or net.xtcp.interop
 * for new sockets) stays an xtcp socket to the rest of the kernel
 * (SO_PROTOCOL says xtcp_ipproto), but its segments carry IP protocol 6
 * and TCP's checksum, so that a peer running any TCP talks to it, and
 * conntrack, firewalls, packet tools and offloads treat them as TCP. Three
 * netfilter hooks do the IP layer's part (IPv4's here; interop6.c has
 * IPv6's, the same three). A namespace gets them when an interop socket
 * first holds a port there (xtcp_interop_hooks_need(), from resv.c) and
 * keeps them until it goes: a namespace without interop sockets has none,
 * so its packets do not pass through them, and loading or unloading
 * xtcp changes none of its netfilter static keys (patching code that
 * other CPUs run: under QEMU's TCG, a raw socket's sendmsg() once met a
 * stale int3 of such a patch while xtcp unloaded).
 *
 * - LOCAL_OUT, first of all (NF_IP_PRI_FIRST): a segment of an interop
 *   socket leaves ip_queue_xmit() with the socket's protocol number in the
 *   IP header; the hook writes 6 there (and the header checksum again),
 *   so conntrack and every rule after it see TCP. The xtcp checksum is
 *   TCP's already (output.c sums with protocol 6 in the pseudo-header).
 *   Segments of no socket (resets, TIME-WAIT's ACKs) go out through a
 *   control socket of protocol 6 (output.c).
 * - LOCAL_IN, last of all (NF_IP_PRI_LAST, after the filter rules, NAT
 *   and conntrack's confirmation): a TCP segment whose 4-tuple is an
 *   interop connection's or TIME-WAIT entry's, or whose destination an
 *   interop listener's, is taken (NF_STOLEN) and goes through input.c as
 *   a protocol-253 segment does. Should conntrack's hooks have been
 *   registered after ours (same priority, so they would come after it),
 *   the segment's conntrack entry is confirmed here first. Any other TCP
 *   segment goes on to the kernel's TCP untouched, which therefore never
 *   sees (nor resets) an interop connection's segments.
 * - LOCAL_IN again for ICMP: an error quoting a TCP segment of an interop
 *   connection goes to icmp.c (tcp_v4_err() would find nothing), and then
 *   on to the ICMP layer as any.
 *
 * Every hook returns at once, after one atomic read, while the namespace
 * holds no interop port, or no more (&xtcp_net.interop_ports, resv.c).
 * The lookups are hash.c's, under RCU without a lock.
 *
 * A GRO-merged TCP segment arrives as one skb (page fragments, perhaps a
 * frag_list); input.c reads it with the skb helpers and queues it whole,
 * as tcp_v4_rcv() does, so it is not linearised.
 *
 * Limits: raw sockets of protocol 6 do not see the segments taken; policy
 * routing and IPsec policies see xtcp_ipproto in the flow of a socket's
 * route (the IP header says 6). Aggregates (gso.c) go whole only where
 * xtcp's do (loopback, veth, bridges, bonds: the SCTP mark of gso.h);
 * elsewhere they are cut in software, by TCP's offload since the header
 * then says 6: TCP's segmentation offload in hardware is not used.
 */
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/tcp.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/netfilter/nf_conntrack.h>

#include "hash.h"
#include "icmp.h"
#include "interop.h"
#include "net.h"
#include "sock.h"
#include "tw.h"

/**
 * xtcp_interop_setsockopt() - XTCP_INTEROP
 * @sk: the socket
 * @optval: an int, 0 or 1
 * @optlen: its length
 *
 * Return: 0, -EINVAL for another value or a socket that holds a port
 * already (the mode is chosen before bind(), listen() or connect()),
 * -EFAULT.
 */
int xtcp_interop_setsockopt(struct sock *sk, sockptr_t optval,
			    unsigned int optlen)
{
	int val, err = 0;

	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	if (val != 0 && val != 1)
		return -EINVAL;
	lock_sock(sk);
	if (sk->sk_state != TCP_CLOSE || xtcp_sk(sk)->bound)
		err = -EINVAL;
	else
		WRITE_ONCE(xtcp_sk(sk)->interop, val);
	release_sock(sk);
	return err;
}

/**
 * xtcp_interop_getsockopt() - XTCP_INTEROP
 * @sk: the socket
 * @val: set to 1 for an interop socket, else 0
 *
 * Return: 0.
 */
int xtcp_interop_getsockopt(struct sock *sk, int *val)
{
	*val = READ_ONCE(xtcp_sk(sk)->interop);
	return 0;
}

/**
 * xtcp_interop_owns() - is a TCP segment an interop socket's?
 * @net: the namespace it arrived in
 * @af: the family of its addresses
 * @a: its addresses, local (its destination) and remote
 *
 * Context: softirq, under RCU.
 *
 * Return: true if @a is an interop connection's or TIME-WAIT entry's, or
 * else its destination an interop listener's.
 */
bool xtcp_interop_owns(struct net *net, const struct xtcp_af_ops *af,
		       const struct xtcp_addrs *a)
{
	struct xtcp_hash_entry e;
	struct sock *lsk;
	bool mine;

	if (xtcp_hash_lookup(net, a, &e)) {
		mine = e.sk ? READ_ONCE(xtcp_sk(e.sk)->interop) : e.tw->interop;
		xtcp_hash_entry_put(&e);
		return mine;
	}
	lsk = xtcp_hash_lookup_listener(net, af, &a->laddr, a->lport);
	if (!lsk)
		return false;
	mine = READ_ONCE(xtcp_sk(lsk)->interop);
	sock_put(lsk);
	return mine;
}

/* Is the IPv4 segment from @saddr:@sport to @daddr:@dport an interop one's? */
static bool owns4(struct net *net, __be32 saddr, __be16 sport,
		  __be32 daddr, __be16 dport)
{
	struct xtcp_addrs a;

	xtcp_addrs_set4(&a, daddr, dport, saddr, sport);
	return xtcp_interop_owns(net, &xtcp_ipv4_ops, &a);
}

/**
 * xtcp_interop_confirm_ct() - confirm a segment's conntrack entry, as the
 *	hook after ours would have
 * @skb: the segment
 *
 * Return: false if conntrack drops it.
 */
bool xtcp_interop_confirm_ct(struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	const struct nf_ct_hook *hook;
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct || nf_ct_is_confirmed(ct))
		return true;
	hook = rcu_dereference(nf_ct_hook);
	if (hook && hook->confirm && hook->confirm(skb) != NF_ACCEPT)
		return false;
#endif
	return true;
}

/* A TCP segment at LOCAL_IN: an interop socket's, or the kernel TCP's. */
static unsigned int tcp_in(struct net *net, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct tcphdr _th;
	const struct tcphdr *th;

	th = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_th), &_th);
	if (!th || !owns4(net, iph->saddr, th->source, iph->daddr, th->dest))
		return NF_ACCEPT;
	if (!xtcp_interop_confirm_ct(skb))
		return NF_DROP;
	/* what ip_local_deliver_finish() does before a protocol handler */
	skb_clear_delivery_time(skb);
	__skb_pull(skb, skb_network_header_len(skb));
	xtcp_input_rcv_tcp(&xtcp_ipv4_ops, skb);
	return NF_STOLEN;
}

/* The ICMP layer's info for a protocol's err_handler (icmp_unreach()). */
static bool icmp_info(struct net *net, const struct icmphdr *icmph, u32 *info)
{
	*info = 0;
	switch (icmph->type) {
	case ICMP_DEST_UNREACH:
		if (icmph->code != ICMP_FRAG_NEEDED)
			return true;
		switch (READ_ONCE(net->ipv4.sysctl_ip_no_pmtu_disc)) {
		case 0:
		case 3:		/* icmp.c checks the quoted sequence number */
			*info = ntohs(icmph->un.frag.mtu);
			return true;
		case 2:
			return false;
		default:
			return true;
		}
	case ICMP_PARAMETERPROB:
		*info = ntohl(icmph->un.gateway) >> 24;
		return true;
	case ICMP_TIME_EXCEEDED:
	case ICMP_REDIRECT:
		return true;
	default:
		return false;
	}
}

/*
 * An ICMP message at LOCAL_IN: an error quoting a segment of an interop
 * connection goes to icmp.c; the ICMP layer sees every message after.
 */
static unsigned int icmp_in(struct net *net, struct sk_buff *skb)
{
	unsigned int hl = ip_hdrlen(skb), ql;
	const struct icmphdr *icmph;
	const struct iphdr *qiph;
	const struct tcphdr *qth;
	u32 info;

	if (!pskb_may_pull(skb, hl + sizeof(*icmph) + sizeof(*qiph)))
		return NF_ACCEPT;
	icmph = (const struct icmphdr *)(skb->data + hl);
	qiph = (const struct iphdr *)(icmph + 1);
	ql = qiph->ihl * 4;
	if (qiph->protocol != IPPROTO_TCP || ql < sizeof(*qiph) ||
	    !icmp_info(net, icmph, &info) ||
	    !pskb_may_pull(skb, hl + sizeof(*icmph) + ql + 8))
		return NF_ACCEPT;
	icmph = (const struct icmphdr *)(skb->data + hl);
	qiph = (const struct iphdr *)(icmph + 1);
	qth = (const struct tcphdr *)((const u8 *)qiph + ql);
	if (!owns4(net, qiph->daddr, qth->dest, qiph->saddr, qth->source))
		return NF_ACCEPT;
	/* as icmp_rcv() and icmp_socket_deliver(): the checksum, then */
	__skb_pull(skb, hl);
	if (!skb_checksum_simple_validate(skb)) {
		__skb_pull(skb, sizeof(*icmph));
		xtcp_icmp4_err(skb, info);
		__skb_push(skb, sizeof(*icmph));
	}
	__skb_push(skb, hl);
	return NF_ACCEPT;
}

static unsigned int in_hook(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	if (likely(!xtcp_interop_holds_ports(state->net)))
		return NF_ACCEPT;
	switch (ip_hdr(skb)->protocol) {
	case IPPROTO_TCP:
		return tcp_in(state->net, skb);
	case IPPROTO_ICMP:
		return icmp_in(state->net, skb);
	default:
		return NF_ACCEPT;
	}
}

/* A segment of an interop socket says it is TCP. */
static unsigned int out_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct iphdr *iph;

	if (!xtcp_interop_sk(state->net, skb->sk))
		return NF_ACCEPT;
	iph = ip_hdr(skb);
	if (iph->protocol == xtcp_ipproto) {
		iph->protocol = IPPROTO_TCP;
		ip_send_check(iph);
	}
	return NF_ACCEPT;
}

static const struct nf_hook_ops interop_hooks[] = {
	{
		.hook		= out_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_FIRST,
	},
	{
		.hook		= in_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_LAST,
	},
};

/* Serialises the registrations of xtcp_interop_hooks_need(). */
static DEFINE_MUTEX(hooks_mutex);

/**
 * xtcp_interop_hooks_need() - register a namespace's hooks (both
 *	families), unless it has them
 * @net: the namespace
 *
 * Called before an interop socket holds its first port in @net. The hooks
 * stay until the namespace goes (xtcp_interop_net_exit()).
 *
 * Context: process context; may sleep.
 *
 * Return: 0 or a negative errno (nf_register_net_hooks()'s).
 */
int xtcp_interop_hooks_need(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	int err = 0;

	/* pairs with the release below: hooks seen set are registered */
	if (smp_load_acquire(&xn->interop_hooked))
		return 0;
	mutex_lock(&hooks_mutex);
	if (xn->interop_hooked)
		goto out;
	err = nf_register_net_hooks(net, interop_hooks,
				    ARRAY_SIZE(interop_hooks));
	if (err)
		goto out;
	err = xtcp_interop6_hooks_register(net);
	if (err) {
		nf_unregister_net_hooks(net, interop_hooks,
					ARRAY_SIZE(interop_hooks));
		goto out;
	}
	/* pairs with the acquire above: registered before seen set */
	smp_store_release(&xn->interop_hooked, true);
out:
	mutex_unlock(&hooks_mutex);
	return err;
}

/**
 * xtcp_interop_net_init() - a namespace's interop state: no port held,
 *	no hooks yet
 * @xn: the namespace's xtcp state
 */
void xtcp_interop_net_init(struct xtcp_net *xn)
{
	atomic_set(&xn->interop_ports, 0);
	xn->interop_hooked = false;
	xn->interop = 0;
}

/**
 * xtcp_interop_net_exit() - remove a namespace's hooks, if it has them
 * @net: the namespace
 * @xn: its xtcp state
 *
 * Context: the namespace's exit: no socket can register them any more.
 * Waits for the hooks running (nf_unregister_net_hooks()).
 */
void xtcp_interop_net_exit(struct net *net, struct xtcp_net *xn)
{
	if (!xn->interop_hooked)
		return;
	xtcp_interop6_hooks_unregister(net);
	nf_unregister_net_hooks(net, interop_hooks, ARRAY_SIZE(interop_hooks));
	xn->interop_hooked = false;
}
