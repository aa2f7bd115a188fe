// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: sending segments.
 *
 * A socket's segments go through ip_queue_xmit() with the socket's route.
 * Segments that belong to no socket (a reset answering a stray segment,
 * an ACK from TIME-WAIT) go through the namespace's control socket, a raw
 * socket of the xtcp protocol that receives nothing.
 *
 * A data segment that carries exactly one send-queue skb is that skb's
 * clone, allocated with it, with the header in the room the skb leaves
 * before its data (whole_skb(), as Linux's tcp_transmit_skb()): no
 * allocation. Any other is a small skb holding the header, whose data are
 * page fragments of the send queue. Either way the pages sendmsg() copied
 * the user's data into are referenced, never copied, for the first
 * transmission and for every retransmission. A segment that would need
 * more than MAX_SKB_FRAGS fragments is made shorter by xtcp_output_fit()
 * before the state machine numbers it; one the state machine sized itself
 * (a retransmission) that does not fit is copied instead, which the send
 * queue's page fragments make rare. A segment holds one MSG_ZEROCOPY
 * notification at most, and takes it with the pages (zerocopy.c):
 * xtcp_output_fit() ends it where another begins; a copy reports
 * SO_EE_CODE_ZEROCOPY_COPIED.
 *
 * PSH: the state machine sets it on every data segment; it stays only on
 * the one that carries the last octet of a write (the send queue's
 * marks, stream.c), as Linux's TCP sets it, and on a persist timer's
 * segment (tcp_write_wakeup()).
 *
 * The checksum: left to the device (CHECKSUM_PARTIAL) when the route's
 * device sums any protocol (NETIF_F_HW_CSUM, as loopback and veth do),
 * else computed here over the header and the fragments. NETIF_F_IP_CSUM
 * and NETIF_F_IPV6_CSUM hardware sums TCP and UDP only, so it counts for
 * interop sockets only.
 *
 * Interop sockets (interop.c) sum with protocol 6 in the pseudo-header,
 * as TCP; interop.c's LOCAL_OUT hook writes 6 in their IP headers. Their
 * segments of no socket go through a second control socket, of protocol
 * 6.
 */
#include <linux/skbuff.h>
#include <net/inet_common.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/route.h>

#include "clock.h"
#include "delack.h"
#include "interop.h"
#include "gso.h"
#include "mib.h"
#include "net.h"
#include "output.h"
#include "sock.h"
#include "sockopt.h"
#include "tsopt.h"
#include "window.h"
#include "wire.h"
#include "xtcp.h"
#include "zerocopy.h"

static struct sk_buff *next_in_queue(struct sock *sk, struct sk_buff *skb)
{
	return skb_queue_is_last(&sk->sk_write_queue, skb) ? NULL : skb->next;
}

/*
 * The send-queue skb holding sequence number @seq, or NULL. The search
 * starts at the skb the last segment came from (&xtcp_sock.snd_hint) when
 * @seq is not before it, so sending new data never walks the octets in
 * flight; a retransmission starts near SND.UNA, the head of the queue.
 */
static struct sk_buff *find_data(struct sock *sk, u32 seq)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb = xs->snd_hint;

	if (!skb || xtcp_seq_before(seq, XTCP_SKB_CB(skb)->seq))
		skb = skb_peek(&sk->sk_write_queue);
	while (skb && !xtcp_seq_before(seq, XTCP_SKB_CB(skb)->end_seq))
		skb = next_in_queue(sk, skb);
	if (!skb || xtcp_seq_before(seq, XTCP_SKB_CB(skb)->seq))
		return NULL;
	xs->snd_hint = skb;
	return skb;
}

/*
 * Walk @len octets of the send queue from @seq as page fragments, merging
 * those that are contiguous in one page, and stop before the one that
 * would be MAX_SKB_FRAGS + 1, or before a second MSG_ZEROCOPY
 * notification (a segment holds one, zerocopy.c). With @to, attach them
 * to @to, each page referenced once more (its lengths are the caller's to
 * update), and the notification.
 *
 * Return: the octets that fit: @len, or fewer.
 */
static u32 walk_frags(struct sock *sk, u32 seq, u32 len, struct sk_buff *to)
{
	struct sk_buff *skb = find_data(sk, seq);
	struct ubuf_info *uarg = NULL;
	struct page *last = NULL;
	u32 done = 0, last_end = 0;
	bool shared = false;
	int n = 0;

	for (; skb && done < len; skb = next_in_queue(sk, skb)) {
		const struct skb_shared_info *sh = skb_shinfo(skb);
		u32 off = seq + done - XTCP_SKB_CB(skb)->seq;
		int i;

		if (skb_headlen(skb))
			break;		/* sendmsg() queues fragments only */
		if (skb_zcopy(skb)) {
			if (uarg && uarg != skb_zcopy(skb))
				break;
			uarg = skb_zcopy(skb);
		}
		shared |= skb_has_shared_frag(skb);
		for (i = 0; i < sh->nr_frags && done < len; i++) {
			const skb_frag_t *f = &sh->frags[i];
			u32 size = skb_frag_size(f), poff, take;
			struct page *page;

			if (off >= size) {
				off -= size;
				continue;
			}
			page = skb_frag_page(f);
			poff = skb_frag_off(f) + off;
			take = min(size - off, len - done);
			off = 0;
			if (n && page == last && poff == last_end) {
				if (to)
					skb_frag_size_add(&skb_shinfo(to)->frags[n - 1],
							  take);
			} else {
				if (n == MAX_SKB_FRAGS)
					goto out;
				if (to) {
					get_page(page);
					skb_fill_page_desc(to, n, page, poff, take);
				}
				n++;
			}
			last = page;
			last_end = poff + take;
			done += take;
		}
	}
out:
	if (to)
		xtcp_zc_seg(to, uarg, shared);
	return done;
}

/**
 * xtcp_output_fit() - how much of the send queue one segment can carry
 * @sk: the socket, locked
 * @seq: sequence number of the segment's first octet
 * @len: octets wanted, all in the send queue
 *
 * Return: @len, or less when so many octets span more than MAX_SKB_FRAGS
 * page fragments.
 */
u32 xtcp_output_fit(struct sock *sk, u32 seq, u32 len)
{
	return len ? walk_frags(sk, seq, len, NULL) : 0;
}

/**
 * xtcp_output_record() - where a record (MSG_EOR) ends in part of the send
 *	queue
 * @sk: the socket, locked
 * @seq: sequence number of a segment's first octet
 * @len: octets the segment would carry, all in the send queue
 *
 * A segment never carries octets of two records, as TCP never merges
 * across an skb marked eor.
 *
 * Return: the octets from @seq to the end of the first record that ends
 * within the @len octets, or 0 if none does.
 */
u32 xtcp_output_record(struct sock *sk, u32 seq, u32 len)
{
	struct sk_buff *skb = len ? find_data(sk, seq) : NULL;

	for (; skb && xtcp_seq_before(XTCP_SKB_CB(skb)->seq, seq + len);
	     skb = next_in_queue(sk, skb))
		if (XTCP_SKB_CB(skb)->tx_flags & XTCP_TXF_EOR)
			return min(XTCP_SKB_CB(skb)->end_seq - seq, len);
	return 0;
}

/*
 * Does the segment of @len octets from @seq end a write (a send-queue skb
 * marked PSH ends within it)? As TCP keeps TCPHDR_PSH on the last piece
 * of a skb it splits, and merges it when it joins skbs.
 */
static bool ends_write(struct sock *sk, u32 seq, u32 len)
{
	struct sk_buff *skb = find_data(sk, seq);

	for (; skb && xtcp_seq_before(XTCP_SKB_CB(skb)->seq, seq + len);
	     skb = next_in_queue(sk, skb))
		if ((XTCP_SKB_CB(skb)->tx_flags & XTCP_TXF_PSH) &&
		    !xtcp_seq_after(XTCP_SKB_CB(skb)->end_seq, seq + len))
			return true;
	return false;
}

/* Copy @len octets of the send queue, from sequence number @seq, to @to. */
static int copy_from_queue(struct sock *sk, u32 seq, u8 *to, u32 len)
{
	struct sk_buff *skb = find_data(sk, seq);

	for (; skb && len; skb = next_in_queue(sk, skb)) {
		u32 off = seq - XTCP_SKB_CB(skb)->seq;
		u32 n = min(len, XTCP_SKB_CB(skb)->end_seq - seq);

		if (skb_copy_bits(skb, off, to, n))
			return -EFAULT;
		xtcp_zc_copied(skb);
		to += n;
		seq += n;
		len -= n;
	}
	return len ? -EINVAL : 0;
}

static void count_out(struct net *net, const struct xtcp_seg *seg, u32 segs)
{
	XTCP_ADD_STATS(net, XTCP_MIB_OUTSEGS, segs);
	if (segs > 1)
		XTCP_INC_STATS(net, XTCP_MIB_OUTAGGREGATES);
	if (seg->flags & XTCP_RST)
		XTCP_INC_STATS(net, XTCP_MIB_OUTRSTS);
}

/*
 * Write the header of @seg (and @nsack SACK blocks, the Fast Open option
 * @fo) in the room before @skb's data. Return: 0, or a negative errno if
 * the options do not fit (wire.c).
 */
static int push_hdr(struct sk_buff *skb, const struct xtcp_seg *seg,
		    const struct xtcp_sack_block *sack, unsigned int nsack,
		    const struct xtcp_fo_cookie *fo)
{
	u8 hdr[XTCP_HDR_MAX];
	int hlen;

	hlen = xtcp_wire_build_opts(hdr, sizeof(hdr), seg, sack, nsack, fo);
	if (hlen < 0)
		return hlen;
	memcpy(skb_push(skb, hlen), hdr, hlen);
	skb_reset_transport_header(skb);
	return 0;
}

/*
 * A segment with the header of @seg (and @nsack SACK blocks, the Fast
 * Open option @fo) and room for @len data octets after it, or NULL.
 */
static struct sk_buff *alloc_seg(const struct xtcp_seg *seg,
				 const struct xtcp_sack_block *sack,
				 unsigned int nsack,
				 const struct xtcp_fo_cookie *fo, u32 len)
{
	struct sk_buff *skb = alloc_skb(XTCP_MAX_HEADER + len, GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb_reserve(skb, XTCP_MAX_HEADER);
	skb_put(skb, len);
	if (push_hdr(skb, seg, sack, nsack, fo)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/*
 * The send-queue skb whose data are exactly the @seg's (no SYN), if the
 * segment may be its clone, the companion allocated with it (stream.c's
 * new_tail()), as tcp_transmit_skb() sends its queue's skbs: not while
 * an earlier clone of it is in flight (the room before the data is that
 * clone's), nor with a MSG_ZEROCOPY notification (a segment takes its
 * own, xtcp_zc_seg()). NULL otherwise.
 */
static struct sk_buff *whole_skb(struct sock *sk, const struct xtcp_seg *seg)
{
	struct sk_buff *q = find_data(sk, seg->seq);

	if (!q || XTCP_SKB_CB(q)->seq != seg->seq ||
	    XTCP_SKB_CB(q)->end_seq != seg->seq + seg->payload_len ||
	    skb_cloned(q) || skb_zcopy(q) || skb_headlen(q) ||
	    skb_headroom(q) < XTCP_MAX_HEADER)
		return NULL;
	return q;
}

/*
 * The segment: the send queue's skb itself (whole_skb()), or a new one
 * holding its pages or, if they take too many fragments, a copy. A SYN's
 * (Fast Open) data start after it. With the Fast Open option of a SYN or
 * SYN,ACK the socket sends (fastopen.h). Return: the segment, or NULL if
 * memory ran out.
 */
static struct sk_buff *data_seg(struct sock *sk, const struct xtcp_seg *seg,
				const struct xtcp_sack_block *sack,
				unsigned int nsack)
{
	const struct xtcp_fo_cookie *fo = (seg->flags & XTCP_SYN) ?
					  xtcp_sk(sk)->fo.opt : NULL;
	u32 len = seg->payload_len, seq = seg->seq + !!(seg->flags & XTCP_SYN);
	struct sk_buff *skb, *q;

	q = len && !(seg->flags & XTCP_SYN) ? whole_skb(sk, seg) : NULL;
	if (q) {
		skb = skb_clone(q, GFP_ATOMIC);
		if (!skb)
			return NULL;
		memset(skb->cb, 0, sizeof(skb->cb));	/* for IP */
		if (push_hdr(skb, seg, sack, nsack, NULL)) {
			kfree_skb(skb);
			return NULL;
		}
		return skb;
	}
	skb = alloc_seg(seg, sack, nsack, fo, 0);
	if (!skb || !len)
		return skb;
	if (walk_frags(sk, seq, len, skb) == len) {
		skb->len += len;
		skb->data_len += len;
		skb->truesize += len;
		return skb;
	}
	kfree_skb(skb);
	skb = alloc_seg(seg, sack, nsack, fo, len);
	if (skb && WARN_ON_ONCE(copy_from_queue(sk, seq,
						skb_tail_pointer(skb) - len,
						len))) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/*
 * Will the device of the socket's route sum the segment? A device that
 * sums any protocol, or TCP's (@proto 6) in the route's family; with no
 * valid route yet, ip_queue_xmit() picks one, and this segment is summed
 * here.
 */
static bool dev_sums(struct sock *sk, u8 proto)
{
	struct dst_entry *dst = __sk_dst_check(sk, 0);
	netdev_features_t f = NETIF_F_HW_CSUM;

	if (!dst || !dst->dev)
		return false;
	if (proto == IPPROTO_TCP)
		f |= dst->ops->family == AF_INET6 ? NETIF_F_IPV6_CSUM :
						    NETIF_F_IP_CSUM;
	return dst->dev->features & f;
}

/*
 * The SACK blocks for a segment (sack.h): on an ACK of a connection with
 * SACK, as many as the header has room for, 3 beside the Timestamps
 * option, 4 without (tcp_established_options()). A segment with data
 * carries only those that keep it within the send MSS (Linux makes the
 * segment shorter instead, tcp_current_mss()).
 */
static unsigned int sack_fill(struct sock *sk, const struct xtcp_seg *seg,
			      struct xtcp_sack_block *sack)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 room = XTCP_HDR_MAX - XTCP_HDR_MIN - 2 - XTCP_OPT_SACK_BASE, mss;

	if (!xs->tcb.sack_ok || (seg->flags & (XTCP_SYN | XTCP_RST)) ||
	    !(seg->flags & XTCP_ACK) ||
	    (!xs->sack_rcv.num && !xs->sack_rcv.dsack_set))
		return 0;
	if (seg->has_ts)
		room -= XTCP_OPT_TS_ALIGNED;
	if (seg->payload_len) {
		mss = xtcp_fsm_send_mss(&xs->tcb);
		if (mss < seg->payload_len + 2 + XTCP_OPT_SACK_BASE)
			return 0;
		room = min(room, mss - seg->payload_len - 2 -
				 XTCP_OPT_SACK_BASE);
	}
	return xtcp_sack_rcv_fill(&xs->sack_rcv, sack,
				  min_t(u32, room / XTCP_OPT_SACK_PERBLOCK,
					XTCP_SACK_BLOCKS_MAX));
}

/**
 * xtcp_output_seg() - send a segment of a socket, or an aggregate of
 *	segments
 * @sk: the socket, locked, with its addresses set
 * @seg: the header; @seg->payload_len octets of the send queue from
 *	@seg->seq follow it. The window field is replaced by the window the
 *	socket can take now, scaled on all but a SYN; the Timestamps option
 *	is added if the connection uses it (tsopt.h), and SACK blocks on an
 *	ACK if it uses SACK (sack.h). A data segment keeps PSH only if it
 *	ends a write (stream.c's XTCP_TXF_PSH), or if
 *	&xtcp_sock.force_psh says so; URG and the urgent pointer in urgent
 *	mode (urg.c). More data than the send MSS makes an aggregate
 *	(gso.c), cut into segments of that size where needed: FIN and PSH
 *	go on the last only, CWR on the first.
 *
 * The skb stays charged to the socket until it is freed below
 * (TCP Small Queues, tsq.c). The counters count segments, an aggregate
 * as the segments it makes.
 *
 * Return: 0, or a negative errno (the segment is lost; the retransmission
 * timer covers that).
 */
int xtcp_output_seg(struct sock *sk, const struct xtcp_seg *seg)
{
	struct xtcp_sack_block sack[XTCP_SACK_BLOCKS_MAX];
	const struct xtcp_af_ops *af = xtcp_sk(sk)->af;
	u32 mss = xtcp_sock_send_mss(&xtcp_sk(sk)->tcb);
	u8 proto = xtcp_wire_proto(sk);
	struct xtcp_seg s = *seg;
	struct sk_buff *skb;
	u32 segs;
	int err;

	if (!(s.flags & XTCP_RST))	/* scaled, but on a SYN */
		s.window = xtcp_window_field(&xtcp_sk(sk)->tcb,
					     xtcp_sock_rcv_wnd(sk), s.flags);
	/* PSH on the segment that ends a write, as TCP */
	if (s.payload_len && !xtcp_sk(sk)->force_psh &&
	    !ends_write(sk, s.seq, s.payload_len))
		s.flags &= ~XTCP_PSH;
	if (s.flags & XTCP_SYN)		/* a Fast Open SYN's data: one */
		mss = max(mss, s.payload_len);
	xtcp_ts_fill(&xtcp_sk(sk)->tcb.ts, &s, xtcp_clock_ms(sk));
	xtcp_urg_fill(sk, &s);
	xtcp_ecn_output(sk, &s);	/* ECE, CWR; ECT(0) on new data */
	skb = data_seg(sk, &s, sack, sack_fill(sk, &s, sack));
	if (!skb)
		return -ENOBUFS;
	if (!(s.flags & XTCP_RST))
		xtcp_sk(sk)->rcv_wnd_adv =
			xtcp_window_advertised(&xtcp_sk(sk)->tcb, &s);
	segs = xtcp_gso_segs(s.payload_len, mss);
	/* CWR on the first segment only: a device must know (as TCP's) */
	xtcp_gso_mark(skb, s.payload_len, mss, af->gso_type |
		      (s.flags & XTCP_CWR ? SKB_GSO_TCP_ECN : 0));
	/* an aggregate's sum is made where it is cut */
	af->send_check(sk, skb, proto, segs > 1 || dev_sums(sk, proto));
	xtcp_tsq_own(skb, sk);
	count_out(sock_net(sk), &s, segs);
	xtcp_info_seg_out(sk, &s, segs);
	xtcp_delack_sent(sk, &s);	/* it carries any ACK held back */
	err = af->queue_xmit(sk, skb);
	return net_xmit_eval(err);
}

/**
 * xtcp_output_ctl() - send a segment that belongs to no socket
 * @net: the namespace
 * @af: the family to send it in
 * @interop: as TCP (protocol 6), for an interop socket's peer
 * @a: from its laddr (ours) to its raddr
 * @tos: TOS byte (IPv6: traffic class); its ECN field is cleared
 * @seg: the header; no data follows it
 *
 * Return: 0, or a negative errno.
 */
int xtcp_output_ctl(struct net *net, const struct xtcp_af_ops *af,
		    bool interop, const struct xtcp_addrs *a, u8 tos,
		    const struct xtcp_seg *seg)
{
	struct sk_buff *skb;
	int err;

	skb = alloc_seg(seg, NULL, 0, NULL, 0);
	if (!skb)
		return -ENOBUFS;
	count_out(net, seg, 1);
	/* never ECN-capable, as ip_send_unicast_reply() and TCP's IPv6 */
	err = af->send_ctl(net, interop, a, tos & ~INET_ECN_MASK, skb);
	return net_xmit_eval(err);
}

/**
 * xtcp_output_net_init() - create a namespace's control sockets
 * @net: the namespace
 * @xn: its xtcp state
 *
 * Four raw sockets that receive nothing (inet_ctl_sock_create() unhashes
 * them): of xtcp's protocol and of TCP's (for interop mode), in IPv4 and
 * in IPv6 (ipv4.c, ipv6.c).
 *
 * Return: 0 or a negative errno.
 */
int xtcp_output_net_init(struct net *net, struct xtcp_net *xn)
{
	int err;

	err = inet_ctl_sock_create(&xn->ctl_sk, PF_INET, SOCK_RAW,
				   xtcp_ipproto, net);
	if (err)
		return err;
	err = inet_ctl_sock_create(&xn->ctl_sk_tcp, PF_INET, SOCK_RAW,
				   IPPROTO_TCP, net);
	if (err)
		goto err_ctl;
	err = inet_ctl_sock_create(&xn->ctl_sk6, PF_INET6, SOCK_RAW,
				   xtcp_ipproto, net);
	if (err)
		goto err_tcp;
	err = inet_ctl_sock_create(&xn->ctl_sk6_tcp, PF_INET6, SOCK_RAW,
				   IPPROTO_TCP, net);
	if (err)
		goto err_ctl6;
	return 0;

err_ctl6:
	inet_ctl_sock_destroy(xn->ctl_sk6);
err_tcp:
	inet_ctl_sock_destroy(xn->ctl_sk_tcp);
err_ctl:
	inet_ctl_sock_destroy(xn->ctl_sk);
	return err;
}

/**
 * xtcp_output_net_exit() - destroy a namespace's control sockets
 * @xn: the namespace's xtcp state
 */
void xtcp_output_net_exit(struct xtcp_net *xn)
{
	inet_ctl_sock_destroy(xn->ctl_sk6_tcp);
	inet_ctl_sock_destroy(xn->ctl_sk6);
	inet_ctl_sock_destroy(xn->ctl_sk_tcp);
	inet_ctl_sock_destroy(xn->ctl_sk);
}
