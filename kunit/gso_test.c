// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's GSO (module/gso.c): xtcp_gso_segment4() and
 * xtcp_gso_segment6() cut crafted aggregates, handed to them as
 * inet_gso_segment() and ipv6_gso_segment() would (data at the xtcp
 * header, the IP header pulled), into segments whose sequence numbers,
 * flags and checksums are checked: each checksum against a sum made in
 * software here over xtcp's pseudo-header (protocol 253) of the family.
 *
 * Checks are assertions: a case stops at its first failure (see
 * wire_test.c for why).
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "../module/gso.h"
#include "../module/wire.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define TEST_PROTO	253
#define TEST_MSS	1000
#define TEST_HLEN	(XTCP_HDR_MIN + XTCP_OPT_TS_ALIGNED)

/* 192.0.2.1 and 198.51.100.2 (RFC 5737 documentation addresses) */
static const __be32 saddr = cpu_to_be32(0xc0000201);
static const __be32 daddr = cpu_to_be32(0xc6336402);
/* 2001:db8::1 and 2001:db8:1::2 (RFC 3849) */
static const struct in6_addr saddr6 = {
	.s6_addr32 = { cpu_to_be32(0x20010db8), 0, 0, cpu_to_be32(1) } };
static const struct in6_addr daddr6 = {
	.s6_addr32 = { cpu_to_be32(0x20010db8), cpu_to_be32(0x10000), 0,
		       cpu_to_be32(2) } };
static const __be32 tsval = cpu_to_be32(1111);
static const __be32 tsecr = cpu_to_be32(2222);

/* the octet at offset @i of the test data */
static u8 data_at(unsigned int i)
{
	return (u8)(i * 7 + (i >> 8));
}

/* The pseudo-header's sum of a transport segment of @len octets. */
static __wsum pseudo(int family, unsigned int len)
{
	if (family == AF_INET6)
		return ~csum_unfold(csum_ipv6_magic(&saddr6, &daddr6, len,
						    TEST_PROTO, 0));
	return csum_tcpudp_nofold(saddr, daddr, len, TEST_PROTO, 0);
}

/* The network header of an aggregate of @tlen transport octets. */
static void put_net_header(struct sk_buff *skb, int family, unsigned int tlen)
{
	struct ipv6hdr *ip6h;
	struct iphdr *iph;

	if (family == AF_INET6) {
		skb->protocol = htons(ETH_P_IPV6);
		ip6h = skb_put_zero(skb, sizeof(*ip6h));
		ip6h->version = 6;
		ip6h->nexthdr = TEST_PROTO;
		ip6h->hop_limit = 64;
		ip6h->payload_len = htons(tlen);
		ip6h->saddr = saddr6;
		ip6h->daddr = daddr6;
		return;
	}
	skb->protocol = htons(ETH_P_IP);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = TEST_PROTO;
	iph->frag_off = htons(IP_DF);
	iph->tot_len = htons(sizeof(*iph) + tlen);
	iph->saddr = saddr;
	iph->daddr = daddr;
}

/*
 * An aggregate of @family of @len data octets from sequence number @seq
 * with @flags, a header with the Timestamps option, as xtcp's sender
 * builds it and as inet_gso_segment() (ipv6_gso_segment()) hands it on.
 */
static struct sk_buff *aggregate(struct kunit *test, int family, u32 seq,
				 u8 flags, unsigned int len)
{
	unsigned int nhlen = family == AF_INET6 ? sizeof(struct ipv6hdr) :
						  sizeof(struct iphdr);
	struct xtcp_hdr *th;
	struct sk_buff *skb;
	unsigned int i;
	u8 *p;

	skb = alloc_skb(MAX_HEADER + nhlen + TEST_HLEN + len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_HEADER);
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	put_net_header(skb, family, TEST_HLEN + len);
	skb_set_transport_header(skb, nhlen);
	th = skb_put_zero(skb, TEST_HLEN);
	th->source = htons(12345);
	th->dest = htons(80);
	th->seq = htonl(seq);
	th->ack_seq = htonl(0x9abcdef0);
	th->doff = (TEST_HLEN / 4) << XTCP_DOFF_SHIFT;
	th->flags = flags;
	th->window = htons(1000);
	p = (u8 *)(th + 1);
	p[0] = XTCP_OPT_NOP;
	p[1] = XTCP_OPT_NOP;
	p[2] = XTCP_OPT_TS;
	p[3] = XTCP_OPT_TS_LEN;
	memcpy(p + 4, &tsval, sizeof(tsval));
	memcpy(p + 8, &tsecr, sizeof(tsecr));
	p = skb_put(skb, len);
	for (i = 0; i < len; i++)
		p[i] = data_at(i);
	/* what the family's send_check sets */
	th->check = ~csum_fold(pseudo(family, TEST_HLEN + len));
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct xtcp_hdr, check);
	xtcp_gso_mark(skb, len, TEST_MSS, family == AF_INET6 ?
		      XTCP_GSO_TYPE6 : XTCP_GSO_TYPE4);
	/* what inet_gso_segment() does before calling the offload */
	__skb_pull(skb, nhlen);
	return skb;
}

/* the offload's gso_segment of @family */
static struct sk_buff *segment(int family, struct sk_buff *skb,
			       netdev_features_t features)
{
	if (family == AF_INET6)
		return xtcp_gso_segment6(skb, features);
	return xtcp_gso_segment4(skb, features);
}

/* The segments, the aggregate freed; a failed case frees both with it. */
static struct sk_buff *cut(struct kunit *test, int family,
			   struct sk_buff *skb, netdev_features_t features)
{
	struct sk_buff *segs = segment(family, skb, features);

	kfree_skb(skb);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, segs);
	return segs;
}

/*
 * Check one segment of @family: its header (sequence number @seq,
 * @flags), its data (octets @off on of the aggregate's) and its checksum,
 * summed here in software over the pseudo-header of protocol 253. A
 * CHECKSUM_PARTIAL segment is summed first as a device would
 * (skb_checksum_help()).
 *
 * Return: the data octets it carries.
 */
static unsigned int check_seg(struct kunit *test, int family,
			      struct sk_buff *seg, u32 seq, u8 flags,
			      unsigned int off)
{
	unsigned int tlen, i;
	struct xtcp_hdr *th;
	u8 *buf;

	if (seg->ip_summed == CHECKSUM_PARTIAL)
		KUNIT_ASSERT_EQ(test, skb_checksum_help(seg), 0);
	tlen = seg->len - skb_transport_offset(seg);
	buf = kunit_kmalloc(test, tlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(seg, skb_transport_offset(seg),
					    buf, tlen), 0);
	th = (struct xtcp_hdr *)buf;
	KUNIT_ASSERT_EQ(test, ntohl(th->seq), seq);
	KUNIT_ASSERT_EQ(test, th->flags, flags);
	KUNIT_ASSERT_EQ(test, ntohl(th->ack_seq), 0x9abcdef0);
	if (family == AF_INET)
		KUNIT_ASSERT_EQ(test,
				(int)xtcp_wire_csum_verify(saddr, daddr, buf,
							   tlen, TEST_PROTO),
				(int)XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test,
			(__force u16)csum_fold(csum_partial(buf, tlen,
							    pseudo(family,
								   tlen))),
			0);
	KUNIT_ASSERT_GT(test, tlen, (unsigned int)TEST_HLEN);
	KUNIT_ASSERT_LE(test, tlen - TEST_HLEN, (unsigned int)TEST_MSS);
	for (i = TEST_HLEN; i < tlen; i++)
		KUNIT_ASSERT_EQ(test, buf[i], data_at(off + i - TEST_HLEN));
	return tlen - TEST_HLEN;
}

/*
 * Cut an aggregate of @family of @len octets at @seq with @flags, and
 * check every segment: CWR on the first only, FIN and PSH on the last
 * only, sequence numbers one segment's data apart, @len octets in all.
 */
static void check_cut(struct kunit *test, int family, u32 seq, u8 flags,
		      unsigned int len, netdev_features_t features)
{
	struct sk_buff *segs, *seg;
	unsigned int off = 0, n = 0;
	u8 want;

	segs = cut(test, family, aggregate(test, family, seq, flags, len),
		   features);
	for (seg = segs; seg; seg = seg->next, n++) {
		want = flags;
		if (seg != segs)
			want &= ~XTCP_CWR;
		if (seg->next)
			want &= ~(XTCP_FIN | XTCP_PSH);
		off += check_seg(test, family, seg, seq + off, want, off);
	}
	kfree_skb_list(segs);
	KUNIT_ASSERT_EQ(test, off, len);
	KUNIT_ASSERT_EQ(test, n, DIV_ROUND_UP(len, TEST_MSS));
}

/* Whole segments; the checksums summed in software (no csum feature). */
static void xtcp_gso_test_whole_segments(struct kunit *test)
{
	check_cut(test, AF_INET, 0x12345678, XTCP_ACK | XTCP_PSH,
		  4 * TEST_MSS, 0);
}

/* An odd, short last segment (the sum pads it), FIN and CWR. */
static void xtcp_gso_test_short_last_fin_cwr(struct kunit *test)
{
	check_cut(test, AF_INET, 1000,
		  XTCP_ACK | XTCP_PSH | XTCP_FIN | XTCP_CWR, 3 * TEST_MSS + 7, 0);
}

/* Sequence numbers that wrap inside the aggregate. */
static void xtcp_gso_test_seq_wraps(struct kunit *test)
{
	check_cut(test, AF_INET, 0xfffffe00, XTCP_ACK, 5 * TEST_MSS + 1, 0);
}

/*
 * A device that sums any protocol (NETIF_F_HW_CSUM) with scatter-gather:
 * the segments leave CHECKSUM_PARTIAL, the pseudo-header of 253 in the
 * field, and a device's sum over them verifies.
 */
static void xtcp_gso_test_hw_csum(struct kunit *test)
{
	check_cut(test, AF_INET, 77, XTCP_ACK | XTCP_PSH, 3 * TEST_MSS + 500,
		  NETIF_F_HW_CSUM | NETIF_F_SG);
}

/*
 * A device that sums TCP and UDP only (NETIF_F_IP_CSUM) must not get
 * CHECKSUM_PARTIAL xtcp segments: it would sum them as TCP, or not.
 */
static void xtcp_gso_test_ip_csum_summed_here(struct kunit *test)
{
	struct sk_buff *segs, *seg;

	segs = cut(test, AF_INET,
		   aggregate(test, AF_INET, 1, XTCP_ACK, 2 * TEST_MSS + 1),
		   NETIF_F_IP_CSUM | NETIF_F_SG);
	for (seg = segs; seg; seg = seg->next)
		if (seg->ip_summed == CHECKSUM_PARTIAL)
			break;
	kfree_skb_list(segs);
	KUNIT_ASSERT_NULL(test, seg);
	check_cut(test, AF_INET, 1, XTCP_ACK, 2 * TEST_MSS + 1,
		  NETIF_F_IP_CSUM | NETIF_F_SG);
}

/* No more than one segment's data: nothing to cut. */
static void xtcp_gso_test_one_segment(struct kunit *test)
{
	struct sk_buff *skb = aggregate(test, AF_INET, 1, XTCP_ACK,
					3 * TEST_MSS);

	skb_shinfo(skb)->gso_size = 3 * TEST_MSS;
	KUNIT_ASSERT_NULL(test, xtcp_gso_segment4(skb, 0));
	kfree_skb(skb);
}

/* A data offset below five words is refused. */
static void xtcp_gso_test_bad_doff(struct kunit *test)
{
	struct sk_buff *skb = aggregate(test, AF_INET, 1, XTCP_ACK,
					3 * TEST_MSS);
	struct sk_buff *segs;

	((struct xtcp_hdr *)skb->data)->doff = 4 << XTCP_DOFF_SHIFT;
	segs = xtcp_gso_segment4(skb, 0);
	kfree_skb(skb);
	KUNIT_ASSERT_TRUE(test, IS_ERR(segs));
}

/*
 * IPv6 (ipv6_gso_segment() hands it on so): an odd last segment, FIN,
 * PSH and CWR, sequence numbers that wrap, summed over IPv6's
 * pseudo-header in software, then left to a NETIF_F_HW_CSUM device.
 */
static void xtcp_gso_test_ipv6(struct kunit *test)
{
	check_cut(test, AF_INET6, 0xfffffe00,
		  XTCP_ACK | XTCP_PSH | XTCP_FIN | XTCP_CWR, 5 * TEST_MSS + 7, 0);
	check_cut(test, AF_INET6, 5, XTCP_ACK, 4 * TEST_MSS,
		  NETIF_F_HW_CSUM | NETIF_F_SG);
}

/* An aggregate of the other family's type is refused. */
static void xtcp_gso_test_wrong_family(struct kunit *test)
{
	struct sk_buff *skb = aggregate(test, AF_INET, 1, XTCP_ACK,
					3 * TEST_MSS);
	struct sk_buff *segs = xtcp_gso_segment6(skb, 0);

	kfree_skb(skb);
	KUNIT_ASSERT_TRUE(test, IS_ERR(segs));
	skb = aggregate(test, AF_INET6, 1, XTCP_ACK, 3 * TEST_MSS);
	segs = xtcp_gso_segment4(skb, 0);
	kfree_skb(skb);
	KUNIT_ASSERT_TRUE(test, IS_ERR(segs));
}

/* The segments a send makes, as the counters count them. */
static void xtcp_gso_test_segs(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, xtcp_gso_segs(0, TEST_MSS), 1U);
	KUNIT_ASSERT_EQ(test, xtcp_gso_segs(TEST_MSS, TEST_MSS), 1U);
	KUNIT_ASSERT_EQ(test, xtcp_gso_segs(TEST_MSS + 1, TEST_MSS), 2U);
	KUNIT_ASSERT_EQ(test, xtcp_gso_segs(44 * TEST_MSS, TEST_MSS), 44U);
}

static struct kunit_case xtcp_gso_test_cases[] = {
	KUNIT_CASE(xtcp_gso_test_whole_segments),
	KUNIT_CASE(xtcp_gso_test_short_last_fin_cwr),
	KUNIT_CASE(xtcp_gso_test_seq_wraps),
	KUNIT_CASE(xtcp_gso_test_hw_csum),
	KUNIT_CASE(xtcp_gso_test_ip_csum_summed_here),
	KUNIT_CASE(xtcp_gso_test_one_segment),
	KUNIT_CASE(xtcp_gso_test_bad_doff),
	KUNIT_CASE(xtcp_gso_test_ipv6),
	KUNIT_CASE(xtcp_gso_test_wrong_family),
	KUNIT_CASE(xtcp_gso_test_segs),
	{}
};

static struct kunit_suite xtcp_gso_test_suite = {
	.name = "xtcp_gso",
	.test_cases = xtcp_gso_test_cases,
};

kunit_test_suite(xtcp_gso_test_suite);
