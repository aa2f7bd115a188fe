// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: sending segments.
 *
 * A socket's segments go through ip_queue_xmit() with the socket's route;
 * their data is copied from the send queue. Segments that belong to no
 * socket (a reset answering a stray segment, an ACK from TIME-WAIT) go
 * through the namespace's control socket, a raw socket of the xtcp
 * protocol that receives nothing.
 *
 * The checksum is computed here in full; offloading it is left for the
 * data-path work.
 */
#include <linux/skbuff.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/route.h>

#include "mib.h"
#include "net.h"
#include "output.h"
#include "sock.h"
#include "sockopt.h"
#include "wire.h"
#include "xtcp.h"

/* Copy @len octets of the send queue, from sequence number @seq, to @to. */
static int copy_from_queue(struct sock *sk, u32 seq, u8 *to, u32 len)
{
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		u32 start = XTCP_SKB_CB(skb)->seq;
		u32 end = XTCP_SKB_CB(skb)->end_seq;
		u32 off, n;

		if (!len)
			break;
		if (!xtcp_seq_before(seq, end))
			continue;
		if (xtcp_seq_before(seq, start))
			return -EINVAL;
		off = seq - start;
		n = min(len, end - seq);
		if (skb_copy_bits(skb, off, to, n))
			return -EFAULT;
		to += n;
		seq += n;
		len -= n;
	}
	return len ? -EINVAL : 0;
}

static void count_out(struct net *net, const struct xtcp_seg *seg)
{
	XTCP_INC_STATS(net, XTCP_MIB_OUTSEGS);
	if (seg->flags & XTCP_RST)
		XTCP_INC_STATS(net, XTCP_MIB_OUTRSTS);
}

/* A segment with the header of @seg and room for @len data octets. */
static struct sk_buff *alloc_seg(const struct xtcp_seg *seg, u32 len,
				 int *hlen)
{
	u8 hdr[XTCP_HDR_MAX];
	struct sk_buff *skb;

	*hlen = xtcp_wire_build(hdr, sizeof(hdr), seg);
	if (*hlen < 0)
		return NULL;
	skb = alloc_skb(XTCP_MAX_HEADER + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, XTCP_MAX_HEADER);
	skb_put(skb, len);
	memcpy(skb_push(skb, *hlen), hdr, *hlen);
	skb_reset_transport_header(skb);
	return skb;
}

static void set_csum(struct sk_buff *skb, __be32 saddr, __be32 daddr)
{
	struct xtcp_hdr *th = (struct xtcp_hdr *)skb->data;

	th->check = xtcp_wire_csum(saddr, daddr, skb->data, skb->len,
				   xtcp_ipproto);
	skb->ip_summed = CHECKSUM_NONE;
}

/**
 * xtcp_output_seg() - send a segment of a socket
 * @sk: the socket, locked, with its addresses set
 * @seg: the header; @seg->payload_len octets of the send queue from
 *	@seg->seq follow it. The window field is replaced by the window the
 *	socket can take now, scaled on all but a SYN.
 *
 * Return: 0, or a negative errno (the segment is lost; the retransmission
 * timer covers that).
 */
int xtcp_output_seg(struct sock *sk, const struct xtcp_seg *seg)
{
	struct inet_sock *inet = inet_sk(sk);
	struct xtcp_seg s = *seg;
	struct sk_buff *skb;
	int hlen, err;

	if (!(s.flags & XTCP_RST))	/* scaled, but on a SYN */
		s.window = xtcp_fsm_wnd_field(&xtcp_sk(sk)->tcb,
					      xtcp_sock_rcv_wnd(sk), s.flags);
	skb = alloc_seg(&s, s.payload_len, &hlen);
	if (!skb)
		return -ENOBUFS;
	if (s.payload_len) {
		err = copy_from_queue(sk, s.seq, skb->data + hlen,
				      s.payload_len);
		if (WARN_ON_ONCE(err)) {
			kfree_skb(skb);
			return err;
		}
	}
	if (!(s.flags & XTCP_RST))
		xtcp_sk(sk)->rcv_wnd_adv =
			xtcp_fsm_wnd_advertised(&xtcp_sk(sk)->tcb, &s);
	set_csum(skb, inet->inet_saddr, inet->inet_daddr);
	skb_set_owner_w(skb, sk);
	count_out(sock_net(sk), &s);
	xtcp_info_seg_out(sk, &s);
	err = ip_queue_xmit(sk, skb, &inet->cork.fl);
	return net_xmit_eval(err);
}

/**
 * xtcp_output_ctl() - send a segment that belongs to no socket
 * @net: the namespace
 * @saddr: source address (ours)
 * @daddr: destination address
 * @tos: TOS byte
 * @seg: the header; no data follows it
 *
 * Return: 0, or a negative errno.
 */
int xtcp_output_ctl(struct net *net, __be32 saddr, __be32 daddr, u8 tos,
		    const struct xtcp_seg *seg)
{
	struct sock *ctl = xtcp_pernet(net)->ctl_sk;
	struct sk_buff *skb;
	struct flowi4 fl4;
	struct rtable *rt;
	int hlen, err;

	rt = ip_route_output_ports(net, &fl4, ctl, daddr, saddr,
				   htons(seg->dport), htons(seg->sport),
				   xtcp_ipproto, tos, 0);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	skb = alloc_seg(seg, 0, &hlen);
	if (!skb) {
		ip_rt_put(rt);
		return -ENOBUFS;
	}
	set_csum(skb, saddr, daddr);
	skb_dst_set(skb, &rt->dst);
	count_out(net, seg);
	err = ip_build_and_send_pkt(skb, ctl, saddr, daddr, NULL, tos);
	return net_xmit_eval(err);
}

/**
 * xtcp_output_net_init() - create a namespace's control socket
 * @net: the namespace
 * @xn: its xtcp state
 *
 * Return: 0 or a negative errno.
 */
int xtcp_output_net_init(struct net *net, struct xtcp_net *xn)
{
	return inet_ctl_sock_create(&xn->ctl_sk, PF_INET, SOCK_RAW,
				    xtcp_ipproto, net);
}

/**
 * xtcp_output_net_exit() - destroy a namespace's control socket
 * @xn: the namespace's xtcp state
 */
void xtcp_output_net_exit(struct xtcp_net *xn)
{
	inet_ctl_sock_destroy(xn->ctl_sk);
}
