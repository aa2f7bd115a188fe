// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: generic segmentation offload (GSO) for xtcp's IP protocol.
 *
 * The sender builds aggregates: one skb with one header and the data of
 * several segments, typed XTCP_GSO_TYPE4 or XTCP_GSO_TYPE6 (gso.h) by the
 * family it leaves in (a v4-mapped connection's are IPv4's), gso_size the
 * data of one segment
 * (the MSS less the Timestamps option, which every segment carries), sent
 * with CHECKSUM_PARTIAL. The IP layer gives it one IP header; loopback and
 * veth carry it whole to the receiver, which takes it as one segment.
 * Wherever a device or a qdisc (netem corrupt, tbf) needs real segments,
 * skb_gso_segment() calls inet_gso_segment() (ipv6_gso_segment()), which
 * finds xtcp's &net_offload by the protocol number, as it finds TCP's, and
 * fixes each segment's IP header after xtcp_gso_segment4() (6) has cut the
 * xtcp part:
 * sequence numbers advanced, FIN and PSH on the last segment only, CWR on
 * the first only, and each checksum over xtcp's own pseudo-header (the
 * protocol number is 253, not TCP's 6: hence an offload of xtcp's own).
 *
 * The checksum is left to the device only when it sums any protocol
 * (NETIF_F_HW_CSUM); NETIF_F_IP_CSUM hardware sums TCP and UDP alone, so
 * for it the segments are summed here, as output.c does for segments.
 *
 * There is no GRO: the aggregates reach a local receiver whole, and from
 * the wire xtcp takes one segment at a time.
 */
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/sock.h>

#include "compat.h"
#include "cong.h"
#include "gso.h"
#include "sock.h"
#include "wire.h"
#include "xtcp.h"

/* the transport length of a segment, wherever its data pointer is */
static unsigned int seg_len(const struct sk_buff *skb)
{
	return skb_tail_pointer(skb) - skb_transport_header(skb) +
	       skb->data_len;
}

/*
 * Sum one segment: the pseudo-header's sum in the field, then the device
 * adds the rest (CHECKSUM_PARTIAL), or skb_segment() summed the data and
 * gso_make_checksum() adds the header.
 */
static void seg_csum(struct sk_buff *skb, __sum16 magic)
{
	struct xtcp_hdr *th = (struct xtcp_hdr *)skb_transport_header(skb);

	th->check = ~magic;
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		gso_reset_checksum(skb, csum_unfold(magic));
	else
		th->check = gso_make_checksum(skb, csum_unfold(magic));
}

/*
 * The segments stay charged to the socket as the aggregate was, each for
 * its own truesize, so TCP Small Queues (tsq.c) sees what waits below the
 * socket until the driver frees it. The last segment takes the aggregate's
 * charge; the others add theirs.
 */
static void charge_segs(struct sk_buff *gso_skb, struct sk_buff *segs)
{
	struct sock *sk = gso_skb->sk;
	unsigned int sum = 0;
	struct sk_buff *skb;
	int delta;

	for (skb = segs; skb->next; skb = skb->next) {
		skb->sk = sk;
		skb->destructor = gso_skb->destructor;
		sum += skb->truesize;
	}
	swap(gso_skb->sk, skb->sk);
	swap(gso_skb->destructor, skb->destructor);
	sum += skb->truesize;
	delta = sum - gso_skb->truesize;
	if (delta >= 0)
		refcount_add(delta, &sk->sk_wmem_alloc);
	else
		WARN_ON_ONCE(refcount_sub_and_test(-delta,
						   &sk->sk_wmem_alloc));
}

/*
 * Cut an aggregate (the &net_offload gso_segment of xtcp's protocol, in
 * either family): @skb's data at the xtcp header, the network header
 * pulled; @features what the device does, or none of the GSO features
 * when a qdisc asks. @type is the family's SKB_GSO_TCPV4 or SKB_GSO_TCPV6;
 * @csum sums each segment over the family's pseudo-header.
 */
static struct sk_buff *segment(struct sk_buff *skb, netdev_features_t features,
			       unsigned int type,
			       void (*csum)(struct sk_buff *seg))
{
	struct sk_buff *segs, *seg;
	unsigned int thlen, mss;
	struct xtcp_hdr *th;
	bool ooo_okay;
	u32 seq;
	u8 flags;

	if (!(skb_shinfo(skb)->gso_type & type) ||
	    !pskb_may_pull(skb, sizeof(*th)))
		return ERR_PTR(-EINVAL);
	th = (struct xtcp_hdr *)skb->data;
	thlen = (th->doff >> XTCP_DOFF_SHIFT) * 4;
	if (thlen < sizeof(*th) || !pskb_may_pull(skb, thlen))
		return ERR_PTR(-EINVAL);
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		/* not from xtcp's sender: the sums are all made below */
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct xtcp_hdr, check);
	}
	th = (struct xtcp_hdr *)skb->data;
	seq = ntohl(th->seq);
	flags = th->flags;
	__skb_pull(skb, thlen);
	mss = skb_shinfo(skb)->gso_size;
	if (skb->len <= mss)
		return NULL;
	if (skb_gso_ok(skb, features | NETIF_F_GSO_ROBUST)) {
		/* an untrusted source the device checks itself */
		skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(skb->len, mss);
		return NULL;
	}
	if (!(features & NETIF_F_HW_CSUM))
		features &= ~NETIF_F_CSUM_MASK;
	ooo_okay = skb->ooo_okay;
	skb->ooo_okay = 0;	/* a later segment must not change queue */
	segs = skb_segment(skb, features);
	if (IS_ERR_OR_NULL(segs))
		return segs;
	segs->ooo_okay = ooo_okay;
	if (skb->destructor == xtcp_tsq_wfree)
		charge_segs(skb, segs);
	for (seg = segs; seg; seg = seg->next) {
		th = (struct xtcp_hdr *)skb_transport_header(seg);
		th->seq = htonl(seq);
		th->flags = flags;
		if (seg != segs)
			th->flags &= ~XTCP_CWR;
		if (seg->next)
			th->flags &= ~(XTCP_FIN | XTCP_PSH);
		csum(seg);
		seq += seg_len(seg) - thlen;
	}
	return segs;
}

/* IPv4's pseudo-header: the protocol from the IP header (253, or another) */
static void csum4(struct sk_buff *seg)
{
	const struct iphdr *iph = ip_hdr(seg);

	seg_csum(seg, csum_tcpudp_magic(iph->saddr, iph->daddr, seg_len(seg),
					iph->protocol, 0));
}

/*
 * IPv6's pseudo-header: the protocol xtcp was loaded with (the IPv6
 * header's next header may be an extension header's)
 */
static void csum6(struct sk_buff *seg)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(seg);

	seg_csum(seg, csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, seg_len(seg),
				      xtcp_ipproto, 0));
}

/**
 * xtcp_gso_segment4() - cut an IPv4 aggregate into segments (the
 *	&net_offload gso_segment of xtcp's protocol in IPv4)
 * @skb: the aggregate, its data at the xtcp header (inet_gso_segment()
 *	pulled the IP header)
 * @features: what the device does, or none of the GSO features when a
 *	qdisc asks
 *
 * Return: the list of segments, NULL when there is nothing to cut (the
 * device may take it whole after all), or an ERR_PTR().
 */
struct sk_buff *xtcp_gso_segment4(struct sk_buff *skb,
				  netdev_features_t features)
{
	return segment(skb, features, SKB_GSO_TCPV4, csum4);
}

XTCP_KUNIT_EXPORT(xtcp_gso_segment4);

/**
 * xtcp_gso_segment6() - cut an IPv6 aggregate into segments, as
 *	xtcp_gso_segment4() (ipv6_gso_segment() pulled the IPv6 header)
 * @skb: the aggregate, its data at the xtcp header
 * @features: what the device does
 *
 * Return: the list of segments, NULL, or an ERR_PTR().
 */
struct sk_buff *xtcp_gso_segment6(struct sk_buff *skb,
				  netdev_features_t features)
{
	return segment(skb, features, SKB_GSO_TCPV6, csum6);
}

XTCP_KUNIT_EXPORT(xtcp_gso_segment6);

static const struct net_offload xtcp_offload = {
	.callbacks = {
		.gso_segment	= xtcp_gso_segment4,
	},
};

static const struct net_offload xtcp6_offload = {
	.callbacks = {
		.gso_segment	= xtcp_gso_segment6,
	},
};

/**
 * xtcp_gso_register() - register the offloads for xtcp's protocol number
 *	in IPv4 and IPv6
 *
 * Return: 0, or -EBUSY if another offload holds the number.
 */
int xtcp_gso_register(void)
{
	if (inet_add_offload(&xtcp_offload, xtcp_ipproto))
		return -EBUSY;
	if (inet6_add_offload(&xtcp6_offload, xtcp_ipproto)) {
		inet_del_offload(&xtcp_offload, xtcp_ipproto);
		return -EBUSY;
	}
	return 0;
}

/**
 * xtcp_gso_unregister() - remove the offloads; inet_del_offload() and
 *	inet6_del_offload() wait for readers (synchronize_net()), so no
 *	gso_segment call runs on return
 */
void xtcp_gso_unregister(void)
{
	inet6_del_offload(&xtcp6_offload, xtcp_ipproto);
	inet_del_offload(&xtcp_offload, xtcp_ipproto);
}

/**
 * xtcp_gso_rate() - the rate a socket sends at, to size aggregates and
 *	TCP Small Queues by
 * @sk: the socket
 *
 * xtcp does not pace; this is the rate Linux's TCP would pace at
 * (tcp_update_pacing_rate()): cwnd a round trip, doubled in slow start,
 * 1.2 times in congestion avoidance.
 *
 * Return: bytes a second; 0 before the first RTT sample.
 */
u64 xtcp_gso_rate(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_cong *cc = &xs->cc;
	u64 rate;

	if (!xs->tcb.rtt.srtt_us)
		return 0;
	rate = (u64)cc->cwnd * USEC_PER_SEC * (cc->cwnd < cc->ssthresh ?
					       200 : 120) / 100;
	return div_u64(rate, xs->tcb.rtt.srtt_us);
}

/**
 * xtcp_gso_size_goal() - how much data one aggregate should carry
 * @sk: the socket, locked
 * @mss: the data of one segment
 *
 * As tcp_tso_autosize(): what the rate sends in about a millisecond
 * (sk_pacing_shift), plus, on paths of less than half a millisecond,
 * the largest aggregate the route takes; at least two segments, but
 * within sk_gso_max_size (one segment where two do not fit, as on
 * loopback's 64 KiB MTU) and sk_gso_max_segs.
 *
 * An interop socket's aggregates (interop.c) leave as protocol 6, with
 * TCP's header and TCP's pseudo-header sum: where one must be cut, TCP's
 * own offload cuts it (inet_gso_segment() finds it by the protocol), as
 * it cuts the kernel's TCP's. A socket in urgent mode (urg.c) sends none:
 * each segment before SND.UP carries its own urgent pointer, which the
 * copies of one header would get wrong.
 *
 * Return: a multiple of @mss; @mss when the route takes no aggregates.
 */
u32 xtcp_gso_size_goal(struct sock *sk, u32 mss)
{
	u32 min_rtt = xtcp_sk(sk)->tcb.rtt.min_rtt_us;
	u64 bytes;
	u32 segs;

	if (!mss || !sk_can_gso(sk) || sk->sk_gso_max_segs < 2 ||
	    xtcp_sk(sk)->urg.snd_mode)
		return mss;
	bytes = xtcp_gso_rate(sk) >> READ_ONCE(sk->sk_pacing_shift);
	if (!min_rtt || (min_rtt >> 9) < 32)
		bytes += sk->sk_gso_max_size >> (min_rtt >> 9);
	bytes = min_t(u64, bytes, sk->sk_gso_max_size);
	segs = max_t(u32, div_u64(bytes, mss), 2);
	segs = min_t(u32, segs, sk->sk_gso_max_segs);
	/* never past sk_gso_max_size: IP's 16-bit total length */
	segs = min_t(u32, segs, max_t(u32, sk->sk_gso_max_size / mss, 1));
	return segs * mss;
}

/**
 * xtcp_gso_segs() - segments a send of @payload octets makes
 * @payload: its data
 * @mss: the data of one segment
 *
 * Return: at least 1.
 */
u32 xtcp_gso_segs(u32 payload, u32 mss)
{
	return payload > mss && mss ? DIV_ROUND_UP(payload, mss) : 1;
}

XTCP_KUNIT_EXPORT(xtcp_gso_segs);

/**
 * xtcp_gso_mark() - make @skb an aggregate if it carries more than one
 *	segment's data, else a single segment
 * @skb: the skb, to be sent with CHECKSUM_PARTIAL
 * @payload: its data
 * @mss: the data of one segment
 * @type: its gso_type, the family's (&xtcp_af_ops.gso_type)
 *
 * Both ways, as a send-queue skb's clone (output.c) shares the fields
 * with that skb, which an earlier clone may have marked an aggregate.
 */
void xtcp_gso_mark(struct sk_buff *skb, u32 payload, u32 mss,
		   unsigned int type)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	u32 segs = xtcp_gso_segs(payload, mss);

	sh->gso_size = segs > 1 ? mss : 0;
	sh->gso_segs = segs > 1 ? segs : 0;
	sh->gso_type = segs > 1 ? type : 0;
}

XTCP_KUNIT_EXPORT(xtcp_gso_mark);
