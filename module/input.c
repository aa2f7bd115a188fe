// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the IP protocol handler, where segments enter the module.
 *
 * Every segment is counted (InSegs), then checked in this order: addressed
 * to this host, a well-formed header (wire.c), a checksum that verifies. A
 * segment that fails a check is dropped and counted by why. A well-formed
 * segment goes to its connection, its TIME-WAIT entry or its listener; one
 * that nobody wants is counted as InNoSocket and answered with a reset.
 *
 * TCP segments of interop sockets enter the same way, from interop.c's
 * netfilter hook (xtcp_input_rcv_tcp()), their checksum over TCP's
 * pseudo-header; each protocol finds only the sockets of its mode.
 *
 * On the way, as tcp_v4_rcv() does: the IPsec input policy (xfrm), which
 * the IP layer leaves to us (.no_policy), for every segment, with the
 * socket's own policy when there is a socket; for a connection or a
 * listener, conntrack's reference dropped and the socket's filter run
 * (SO_ATTACH_FILTER, SO_ATTACH_BPF, and the security module's
 * sock_rcv_skb hook).
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/filter.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "fsm.h"
#include "hash.h"
#include "icmp.h"
#include "interop.h"
#include "listen.h"
#include "mib.h"
#include "output.h"
#include "sock.h"
#include "tw.h"
#include "wire.h"
#include "xtcp.h"

/**
 * struct drop_cause - how a malformed header is counted and reported
 * @field: the counter
 * @reason: the drop reason tracing tools see
 */
struct drop_cause {
	enum xtcp_mib_field	field;
	enum skb_drop_reason	reason;
};

/*
 * Indexed by enum xtcp_drop_reason. xtcp segments are TCP segments on
 * another protocol number, hence TCP_CSUM; no reason on both 6.1 and 6.12
 * names a malformed option.
 */
static const struct drop_cause drop_causes[XTCP_DROP_COUNT] = {
	[XTCP_DROP_SHORT]	= { XTCP_MIB_INSHORT,
				    SKB_DROP_REASON_PKT_TOO_SMALL },
	[XTCP_DROP_BAD_DOFF]	= { XTCP_MIB_INBADDOFF,
				    SKB_DROP_REASON_PKT_TOO_SMALL },
	[XTCP_DROP_BAD_OPTION]	= { XTCP_MIB_INBADOPTION,
				    SKB_DROP_REASON_NOT_SPECIFIED },
	[XTCP_DROP_CSUM]	= { XTCP_MIB_INCSUMERRORS,
				    SKB_DROP_REASON_TCP_CSUM },
};

static void drop(struct net *net, struct sk_buff *skb,
		 enum xtcp_mib_field field, enum skb_drop_reason reason)
{
	XTCP_INC_STATS(net, field);
	kfree_skb_reason(skb, reason);
}

/*
 * Make the header that the data offset announces readable in the linear
 * part of @skb; the IP layer has pulled the IP header, so skb->data is the
 * xtcp header. A segment too short for a header, or whose data offset is
 * past its end, is left alone for xtcp_wire_parse() to refuse.
 *
 * Return: false if memory ran out.
 */
static bool pull_header(struct sk_buff *skb)
{
	const struct xtcp_hdr *th;
	unsigned int hlen;

	if (skb->len < XTCP_HDR_MIN)
		return true;
	if (!pskb_may_pull(skb, XTCP_HDR_MIN))
		return false;
	th = (const struct xtcp_hdr *)skb->data;
	hlen = (th->doff >> XTCP_DOFF_SHIFT) * 4;
	return hlen > skb->len || pskb_may_pull(skb, hlen);
}

/*
 * The policy checks read the IP layer's part of skb->cb (IPCB: a device
 * with disable_policy), so XTCP_SKB_CB, which overlays it, is written
 * only after them.
 *
 * What a socket's input policy and filter say of a segment for it, before
 * the socket sees it (tcp_v4_rcv(), tcp_filter()). A refused segment is
 * dropped and counted here, in the namespace's counters and the socket's
 * drops (SO_MEMINFO), as TCP counts it. The filter runs outside the
 * socket's lock and may cut data off the segment, never its header (the
 * cap), so only the parsed payload length can change.
 *
 * Return: true if @sk takes the segment, whose XTCP_SKB_CB is then set.
 */
static bool sock_accepts(const struct xtcp_af_ops *af, struct sock *sk,
			 struct sk_buff *skb, struct xtcp_seg *seg)
{
	unsigned int hlen = seg->doff * 4;
	struct net *net = sock_net(sk);

	if (!af->policy_check(sk, skb)) {
		sk_drops_add(sk, skb);
		drop(net, skb, XTCP_MIB_INPOLICYDROP,
		     SKB_DROP_REASON_XFRM_POLICY);
		return false;
	}
	/* it may wait in a queue: let conntrack's entry go now */
	nf_reset_ct(skb);
	if (sk_filter_trim_cap(sk, skb, hlen)) {
		sk_drops_add(sk, skb);
		drop(net, skb, XTCP_MIB_INFILTERDROP,
		     SKB_DROP_REASON_SOCKET_FILTER);
		return false;
	}
	seg->payload_len = skb->len - hlen;
	XTCP_SKB_CB(skb)->seg = *seg;
	return true;
}

/* Does the IPsec input policy let in a segment no socket checks? */
static bool policy_accepts(const struct xtcp_af_ops *af, struct net *net,
			   struct sk_buff *skb)
{
	if (af->policy_check(NULL, skb))
		return true;
	drop(net, skb, XTCP_MIB_INPOLICYDROP, SKB_DROP_REASON_XFRM_POLICY);
	return false;
}

/* A segment for a socket: now, or in its backlog if a process owns it. */
static void to_sock(struct sock *sk, struct sk_buff *skb)
{
	sk_incoming_cpu_update(sk);	/* SO_INCOMING_CPU, as tcp_v4_rcv() */
	bh_lock_sock_nested(sk);
	if (!sock_owned_by_user(sk)) {
		xtcp_sock_rcv(sk, skb);
	} else if (sk_add_backlog(sk, skb, READ_ONCE(sk->sk_rcvbuf) +
				  READ_ONCE(sk->sk_sndbuf))) {
		sk_drops_add(sk, skb);
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_INBACKLOGDROP);
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_BACKLOG);
	}
	bh_unlock_sock(sk);
}

/* Is the entry of the mode the segment came in (TCP: interop)? */
static bool entry_mode(const struct xtcp_hash_entry *e, bool interop)
{
	if (e->sk)
		return READ_ONCE(xtcp_sk(e->sk)->interop) == interop;
	return e->tw->interop == interop;
}

/*
 * Find who a well-formed segment is for: a connection, a connection in
 * TIME-WAIT, a listener; or nobody, and then RFC 793's CLOSED state
 * answers it with a reset (T26). A segment of protocol 6 (@interop) is
 * for interop sockets only, one of xtcp_ipproto for the others. @af is
 * the family of its network header.
 */
static void deliver(const struct xtcp_af_ops *af, struct net *net,
		    struct sk_buff *skb, struct xtcp_seg *seg, bool interop)
{
	struct xtcp_hash_entry e;
	struct xtcp_fsm_out out;
	struct xtcp_addrs a;
	struct sock *sk;
	bool found;

	af->skb_addrs(skb, &a);
	a.lport = htons(seg->dport);
	a.rport = htons(seg->sport);
	found = xtcp_hash_lookup(net, &a, &e);
	if (found && !entry_mode(&e, interop)) {
		xtcp_hash_entry_put(&e);
		found = false;
	}
	if (found) {
		bool syn = false;

		if (e.sk && sock_accepts(af, e.sk, skb, seg)) {
			to_sock(e.sk, skb);
		} else if (e.tw && policy_accepts(af, net, skb)) {
			XTCP_SKB_CB(skb)->seg = *seg;
			/* a new SYN ends the entry: the listener's now */
			syn = xtcp_tw_rcv(e.tw, skb);
		}
		xtcp_hash_entry_put(&e);
		if (!syn)
			return;
	}
	sk = xtcp_hash_lookup_listener(net, af, &a.laddr, a.lport);
	if (sk && READ_ONCE(xtcp_sk(sk)->interop) != interop) {
		sock_put(sk);
		sk = NULL;
	}
	if (sk) {
		if (sock_accepts(af, sk, skb, seg))
			xtcp_listen_rcv(sk, af, skb);
		sock_put(sk);
		return;
	}
	if (!policy_accepts(af, net, skb))
		return;
	xtcp_fsm_rcv_no_tcb(seg, &out);
	if (out.actions & XTCP_ACT_SEND)
		xtcp_output_ctl(net, af, interop, &a, af->skb_tos(skb) & ~3,
				&out.seg);
	drop(net, skb, XTCP_MIB_INNOSOCKET, SKB_DROP_REASON_NO_SOCKET);
}

/**
 * xtcp_input_rcv() - a segment arrived
 * @af: the family of its network header
 * @skb: the segment, its network header pulled; consumed
 * @proto: its IP protocol: xtcp_ipproto from the IP layer, or TCP from
 *	interop.c's hook
 *
 * Context: softirq, under RCU.
 */
void xtcp_input_rcv(const struct xtcp_af_ops *af, struct sk_buff *skb,
		    u8 proto)
{
	struct net *net = dev_net(skb->dev);
	enum xtcp_drop_reason why;
	struct xtcp_seg seg;

	XTCP_INC_STATS(net, XTCP_MIB_INSEGS);

	if (skb->pkt_type != PACKET_HOST) {
		drop(net, skb, XTCP_MIB_INOTHERHOST, SKB_DROP_REASON_OTHERHOST);
		return;
	}
	if (!af->skb_unicast(skb)) {
		drop(net, skb, XTCP_MIB_INNOTUNICAST,
		     SKB_DROP_REASON_NOT_SPECIFIED);
		return;
	}
	if (!pull_header(skb)) {
		drop(net, skb, XTCP_MIB_INNOMEM, SKB_DROP_REASON_NOT_SPECIFIED);
		return;
	}

	/*
	 * The parser reads the header only, which pull_header() made linear
	 * when it is well formed; skb->len tells it where the segment ends.
	 */
	why = xtcp_wire_parse(skb->data, skb->len, &seg);
	if (!why && !af->skb_csum_ok(skb, proto))
		why = XTCP_DROP_CSUM;
	if (why) {
		drop(net, skb, drop_causes[why].field, drop_causes[why].reason);
		return;
	}

	deliver(af, net, skb, &seg, proto == IPPROTO_TCP);
}

static int xtcp_rcv(struct sk_buff *skb)
{
	xtcp_input_rcv(&xtcp_ipv4_ops, skb, xtcp_ipproto);
	return 0;
}

/**
 * xtcp_input_rcv_tcp() - a TCP segment for an interop socket
 * @af: the family of its network header
 * @skb: the segment, as the IP layer gives it to a protocol handler (its
 *	IP header, and IPv6's extension headers, pulled); consumed
 *
 * Context: softirq, from a LOCAL_IN hook of interop.c or interop6.c,
 * under RCU.
 */
void xtcp_input_rcv_tcp(const struct xtcp_af_ops *af, struct sk_buff *skb)
{
	xtcp_input_rcv(af, skb, IPPROTO_TCP);
}

/*
 * As TCP's: the ICMP errors go to ipv4.c and icmp.c, which check the quoted
 * sequence number (so net.ipv4.ip_no_pmtu_disc = 3 trusts our messages).
 */
static const struct net_protocol xtcp_net_protocol = {
	.handler	= xtcp_rcv,
	.err_handler	= xtcp_icmp4_err,
	.no_policy	= 1,
	.icmp_strict_tag_validation = 1,
};

/**
 * xtcp_input_register() - take the IP protocol number for xtcp, in IPv4
 *	and IPv6 (ipv6.c)
 *
 * Context: after xtcp_net_register(), as the handler counts in the state
 * of every namespace.
 *
 * Return: 0, or -EBUSY if another protocol handles that number.
 */
int xtcp_input_register(void)
{
	if (inet_add_protocol(&xtcp_net_protocol, xtcp_ipproto) < 0) {
		pr_err("IP protocol %u is taken\n", xtcp_ipproto);
		return -EBUSY;
	}
	if (xtcp_ipv6_register()) {
		inet_del_protocol(&xtcp_net_protocol, xtcp_ipproto);
		synchronize_net();
		return -EBUSY;
	}
	return 0;
}

/**
 * xtcp_input_unregister() - give the IP protocol number back
 *
 * Waits for receive handlers still running on other CPUs: once it
 * returns, no segment touches the module's state.
 */
void xtcp_input_unregister(void)
{
	xtcp_ipv6_unregister();
	inet_del_protocol(&xtcp_net_protocol, xtcp_ipproto);
	synchronize_net();
}
