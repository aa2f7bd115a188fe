// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: sending without copying, as Linux's TCP does.
 *
 * MSG_ZEROCOPY (on a socket with SO_ZEROCOPY): the user's pages are pinned
 * into the send queue's skbs (skb_zerocopy_iter_stream()) and charged as
 * tcp_sendmsg_locked() charges them: to the send buffer, to the protocol's
 * memory, to the user's RLIMIT_MEMLOCK (mm_account_pinned_pages()) and,
 * for the notification, to the socket's option memory (optmem_max). Each
 * write with data takes the next number of the socket's counter
 * (sk_zckey); consecutive writes share one notification while they fit
 * (msg_zerocopy_realloc(): 512 KiB), and consecutive notifications merge
 * on the error queue, so recvmsg(MSG_ERRQUEUE) reads a range [ee_info,
 * ee_data] of SO_EE_ORIGIN_ZEROCOPY. It comes when the last skb that
 * holds the pages is freed: the send-queue skb once the data are
 * acknowledged, and every segment that referenced them (output.c attaches
 * the notification to each segment, as TCP's clones carry it). A copy
 * made on the way sets SO_EE_CODE_ZEROCOPY_COPIED: the kernel's, when a
 * segment is delivered to a local socket (loopback, veth, a packet
 * socket: skb_orphan_frags_rx()), and xtcp's own, when the route's device
 * cannot gather pages or sum xtcp's protocol (the write is then copied,
 * as TCP copies without NETIF_F_SG), or when a segment sent again spans
 * two notifications or too many fragments (output.c copies it).
 *
 * splice() and sendfile(): the pipe's pages (the page cache's, for
 * sendfile()) are referenced in the send queue, not copied, when the
 * route's device gathers them (do_tcp_sendpages() on 6.1, MSG_SPLICE_PAGES
 * on 6.12; compat.h). The segments are marked SKBFL_SHARED_FRAG: whoever
 * sums them in software (skb_checksum_help()) copies first.
 *
 * SO_ZEROCOPY: the socket layer accepts it for TCP and UDP only
 * (sk_setsockopt() tests the protocol number). On 6.12 a socket with
 * SOCK_CUSTOM_SOCKOPT has its SOL_SOCKET options go to the proto_ops,
 * where xtcp takes SO_ZEROCOPY and passes the rest on; 6.1 gives that way
 * to MPTCP alone, so there SO_ZEROCOPY fails with EOPNOTSUPP, as for any
 * protocol but TCP and UDP, and xtcp's own level offers XTCP_ZEROCOPY.
 */
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/uio.h>
#include <net/inet_common.h>
#include <net/sock.h>

#include "compat.h"
#include "interop.h"
#include "sock.h"
#include "zerocopy.h"

/*
 * May the route's device take the data as pages? It must gather them and
 * sum the segments (any protocol's, or TCP's for an interop socket), as
 * TCP's NETIF_F_SG implies a checksum the device makes.
 */
static bool route_takes_pages(const struct sock *sk)
{
	netdev_features_t csum = NETIF_F_HW_CSUM;

	if (xtcp_wire_proto(sk) == IPPROTO_TCP)
		csum |= NETIF_F_CSUM_MASK;
	return (sk->sk_route_caps & NETIF_F_SG) && (sk->sk_route_caps & csum);
}

/**
 * xtcp_zc_begin() - how a write queues its data (the start of
 *	tcp_sendmsg_locked())
 * @sk: the socket, locked
 * @msg: the write; MSG_ZEROCOPY counts only with SO_ZEROCOPY, as TCP
 * @len: its octets
 * @splice: the pages of @msg's iterator may be referenced (splice())
 * @zc: filled in
 *
 * Return: 0, or -ENOBUFS when the notification finds no memory, or the
 * user may pin no more (RLIMIT_MEMLOCK).
 */
int xtcp_zc_begin(struct sock *sk, struct msghdr *msg, size_t len,
		  bool splice, struct xtcp_zc *zc)
{
	struct sk_buff *tail = skb_peek_tail(&sk->sk_write_queue);

	zc->uarg = NULL;
	zc->pages = false;
	if ((msg->msg_flags & MSG_ZEROCOPY) && len &&
	    sock_flag(sk, SOCK_ZEROCOPY)) {
		zc->uarg = msg_zerocopy_realloc(sk, len, skb_zcopy(tail));
		if (!zc->uarg)
			return -ENOBUFS;
		zc->pages = route_takes_pages(sk);
		if (!zc->pages)		/* copied: the notification says so */
			uarg_to_msgzc(zc->uarg)->zerocopy = 0;
	} else if (splice) {
		zc->pages = route_takes_pages(sk);
	}
	return 0;
}

/**
 * xtcp_zc_may_append() - may a write by pages add to @skb, the send
 *	queue's tail?
 * @skb: the tail, which takes more data
 * @zc: the write's
 *
 * Return: false if @skb's fragments are full, or it carries another
 * write's notification: an skb has one (skb_zerocopy_iter_stream()).
 */
bool xtcp_zc_may_append(const struct sk_buff *skb, const struct xtcp_zc *zc)
{
	struct ubuf_info *uarg = skb_zcopy((struct sk_buff *)skb);

	if (skb_shinfo(skb)->nr_frags >= MAX_SKB_FRAGS)
		return false;
	return !zc->uarg || !uarg || uarg == zc->uarg;
}

/**
 * xtcp_zc_fill() - append up to @len octets of @msg to @skb by reference
 * @sk: the socket, locked
 * @skb: the send queue's tail (xtcp_zc_may_append())
 * @msg: the write
 * @len: octets wanted
 * @zc: the write's (@zc->pages set)
 *
 * The octets are charged to the socket: the pinned pages' truesize
 * (__zerocopy_sg_from_iter()), the spliced octets (as
 * tcp_sendmsg_locked()); the caller scheduled them.
 *
 * Return: the octets appended, or a negative errno (-EFAULT).
 */
int xtcp_zc_fill(struct sock *sk, struct sk_buff *skb, struct msghdr *msg,
		 int len, const struct xtcp_zc *zc)
{
	ssize_t n;

	if (zc->uarg)
		return skb_zerocopy_iter_stream(sk, skb, msg, len, zc->uarg);
	n = xtcp_compat_splice_pages(skb, &msg->msg_iter, len,
				     sk->sk_allocation);
	if (n <= 0)
		return n ?: -EFAULT;
	skb_shinfo(skb)->flags |= SKBFL_SHARED_FRAG;
	sk_wmem_queued_add(sk, n);
	sk_mem_charge(sk, n);
	return n;
}

/**
 * xtcp_zc_end() - the write is over
 * @zc: the write's
 * @copied: octets it queued
 *
 * Drops the write's reference to its notification; one that queued
 * nothing takes its number back (net_zcopy_put_abort()), as TCP.
 */
void xtcp_zc_end(struct xtcp_zc *zc, int copied)
{
	if (!zc->uarg)
		return;
	if (copied)
		net_zcopy_put(zc->uarg);
	else
		net_zcopy_put_abort(zc->uarg, true);
	zc->uarg = NULL;
}

/**
 * xtcp_zc_copied() - a send-queue skb's data were copied into a segment
 * @skb: the send-queue skb
 *
 * Its notification, if any, reports SO_EE_CODE_ZEROCOPY_COPIED.
 */
void xtcp_zc_copied(struct sk_buff *skb)
{
	struct ubuf_info *uarg = skb_zcopy(skb);

	if (uarg)
		uarg_to_msgzc(uarg)->zerocopy = 0;
}

/**
 * xtcp_zc_seg() - a segment references send-queue pages
 * @seg: the segment
 * @uarg: the notification of the pinned pages among them, or NULL
 * @shared: some of them may change under it (spliced or pinned)
 *
 * The segment holds the notification until it is freed, and a local
 * receiver copies it (skb_orphan_frags_rx()), as TCP's clones.
 */
void xtcp_zc_seg(struct sk_buff *seg, struct ubuf_info *uarg, bool shared)
{
	skb_zcopy_set(seg, uarg, NULL);
	if (shared)
		skb_shinfo(seg)->flags |= SKBFL_SHARED_FRAG;
}

/**
 * xtcp_zc_setsockopt() - SO_ZEROCOPY, as sk_setsockopt() sets it for TCP
 * @sk: the socket
 * @optval: an int, 0 or 1
 * @optlen: its length
 *
 * Return: 0, -EINVAL for a short value or one not 0 or 1, -EFAULT.
 */
int xtcp_zc_setsockopt(struct sock *sk, sockptr_t optval,
		       unsigned int optlen)
{
	int val;

	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	if (val < 0 || val > 1)
		return -EINVAL;
	lock_sock(sk);
	sock_valbool_flag(sk, SOCK_ZEROCOPY, val);
	release_sock(sk);
	return 0;
}

/**
 * xtcp_zc_sock_init() - a new socket's SOL_SOCKET options come to
 *	xtcp_zc_sock_setsockopt() where the kernel allows it (6.12)
 * @sk: the socket, with its struct socket
 */
void xtcp_zc_sock_init(struct sock *sk)
{
	if (sk->sk_socket)
		xtcp_compat_custom_sockopt(sk->sk_socket);
}

/**
 * xtcp_zc_sock_setsockopt() - proto_ops.setsockopt
 * @sock: the socket
 * @level: SOL_SOCKET (6.12: SOCK_CUSTOM_SOCKOPT) or another
 * @optname: the option
 * @optval: its value
 * @optlen: its length
 *
 * SO_ZEROCOPY is xtcp's (xtcp_zc_setsockopt()); the socket layer's other
 * options go to sock_setsockopt(), the other levels to the protocol.
 *
 * Return: 0 or a negative errno.
 */
int xtcp_zc_sock_setsockopt(struct socket *sock, int level, int optname,
			    sockptr_t optval, unsigned int optlen)
{
	if (level != SOL_SOCKET)
		return sock_common_setsockopt(sock, level, optname, optval,
					      optlen);
	if (optname == SO_ZEROCOPY)
		return xtcp_zc_setsockopt(sock->sk, optval, optlen);
	return sock_setsockopt(sock, level, optname, optval, optlen);
}

#ifdef XTCP_HAVE_SENDPAGE
/**
 * xtcp_compat_splice_pages() - skb_splice_from_iter() before 6.5: take
 *	up to @len octets of a page iterator's pages into @skb's fragments
 * @skb: the skb, fragments only
 * @iter: a bio_vec iterator (xtcp_stream_sendpage())
 * @len: octets wanted
 * @gfp: unused
 *
 * Return: the octets taken, each page referenced, or 0 if the fragments
 * were full.
 */
ssize_t xtcp_compat_splice_pages(struct sk_buff *skb, struct iov_iter *iter,
				 ssize_t len, gfp_t gfp)
{
	ssize_t done = 0;

	while (done < len) {
		int i = skb_shinfo(skb)->nr_frags;
		struct page *page;
		size_t off;
		ssize_t n;

		n = iov_iter_get_pages2(iter, &page, len - done, 1, &off);
		if (n <= 0)
			break;
		if (skb_can_coalesce(skb, i, page, off)) {
			skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], n);
			put_page(page);
		} else if (i < MAX_SKB_FRAGS) {
			skb_fill_page_desc(skb, i, page, off, n);
		} else {
			iov_iter_revert(iter, n);
			put_page(page);
			break;
		}
		skb->len += n;
		skb->data_len += n;
		skb->truesize += n;
		done += n;
	}
	return done;
}
#endif
