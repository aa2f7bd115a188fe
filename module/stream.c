// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the data calls: sendmsg, recvmsg and poll, with TCP's semantics.
 *
 * sendmsg() copies the user's data once, into page fragments that the send
 * queue's skbs hold (up to XTCP_SEND_CHUNK octets each, each knowing its
 * sequence numbers); output.c sends segments that reference those pages.
 * It waits for room when the queue holds SO_SNDBUF, or more unsent octets
 * than TCP_NOTSENT_LOWAT (net.xtcp.tcp_notsent_lowat), or when the protocol
 * or the memory cgroup grants no more memory (mem.c), and lets
 * xtcp_sock_push() send what the peer's window allows, once a full segment
 * is queued and when the call ends. Data stays queued until acknowledged.
 *
 * As tcp_sendmsg(), the end of a write marks its last skb with PSH
 * (XTCP_TXF_PSH: the segment that carries its last octet has PSH set,
 * output.c), unless MSG_MORE; so does a write that has to wait for room,
 * and one that has queued half the largest window the peer offered since
 * the last mark (Linux's forced_push()). Appending to a marked skb moves
 * the mark to the new end, but a skb whose data is all sent gets nothing
 * more: its segments keep their PSH when sent again. MSG_EOR marks the
 * last skb XTCP_TXF_EOR: nothing is appended to it and no segment goes
 * past it. MSG_MORE and TCP_CORK hold a short last segment back
 * (sock.c), for the RTO at most (the persist timer, persist.c).
 *
 * MSG_ZEROCOPY (with SO_ZEROCOPY), splice() and sendfile() queue the
 * pages themselves instead of copies (queue_pages(), zerocopy.c), when
 * the route's device gathers pages; a skb takes one MSG_ZEROCOPY
 * notification at most.
 *
 * recvmsg() copies from the receive queue, where sock.c appends the
 * in-order payload of arriving segments, lets autotuning grow the receive
 * buffer (rcvbuf.c), and tells the peer when reading opened the window.
 */
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <asm/ioctls.h>
#include <net/inet_common.h>
#include <net/sock.h>

#include "compat.h"
#include "fastopen.h"
#include "net.h"
#include "rate.h"
#include "rcvbuf.h"
#include "sock.h"
#include "stream.h"
#include "urg.h"
#include "zerocopy.h"

/*
 * Before sending: wait out a connection in progress. A Fast Open child
 * in SYN-RECEIVED queues at once; its data go once the handshake ends.
 */
static int wait_connected(struct sock *sk, long *timeo)
{
	if (((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) ||
	    (sk->sk_state == TCP_SYN_RECV && xtcp_sk(sk)->fo.lsk))
		return 0;
	return sk_stream_wait_connect(sk, timeo);
}

/*
 * A new, empty skb at the end of the send queue, charged to the socket;
 * NULL if there is no memory, or the protocol grants none (as
 * tcp_stream_alloc_skb()). Allocated with its clone beside it and room
 * for the headers: a segment that carries the whole skb is its clone
 * (output.c), which takes the headers in that room; the skb itself
 * never writes there (its header is released, as tcp_skb_entail()
 * does).
 */
static struct sk_buff *new_tail(struct sock *sk)
{
	u32 seq = xtcp_sk(sk)->write_seq;
	struct sk_buff *skb;

	skb = alloc_skb_fclone(XTCP_MAX_HEADER, sk->sk_allocation);
	if (!skb)
		return NULL;
	skb_reserve(skb, XTCP_MAX_HEADER);
	__skb_header_release(skb);
	if (!sk_wmem_schedule(sk, skb->truesize)) {
		__kfree_skb(skb);
		sk->sk_prot->enter_memory_pressure(sk);
		sk_stream_moderate_sndbuf(sk);
		return NULL;
	}
	/* summed by the device or on output, not while copying */
	skb->ip_summed = CHECKSUM_PARTIAL;
	XTCP_SKB_CB(skb)->tx_flags = 0;
	XTCP_SKB_CB(skb)->seq = seq;
	XTCP_SKB_CB(skb)->end_seq = seq;
	xtcp_sk(sk)->nagle_push = 0;	/* as tcp_skb_entail() */
	if (skb_queue_empty(&sk->sk_write_queue))	/* as TCP: busy now */
		xtcp_chrono_start(&xtcp_sk(sk)->chrono, XTCP_CHRONO_BUSY,
				  jiffies);
	__skb_queue_tail(&sk->sk_write_queue, skb);
	sk_wmem_queued_add(sk, skb->truesize);
	sk_mem_charge(sk, skb->truesize);
	return skb;
}

/*
 * May a write add to @skb, the send queue's tail? Not after a record's end
 * (MSG_EOR), nor to a write's end already sent whole: that segment keeps
 * its PSH if sent again (in TCP it is on the retransmission queue). Nor
 * while a clone of it is in flight (output.c): the two share their page
 * fragments' list, which must stay as long as the clone says it is.
 */
static bool may_append(const struct xtcp_sock *xs, const struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	if ((cb->tx_flags & XTCP_TXF_EOR) || skb_cloned(skb))
		return false;
	return !(cb->tx_flags & XTCP_TXF_PSH) ||
	       xtcp_seq_before(xs->tcb.snd_nxt, cb->end_seq);
}

/*
 * Append up to @len octets of @msg to the send queue: copied once, into
 * the socket's page fragment (sk_page_frag()), which the tail skb takes as
 * a fragment, or grows its last fragment when the two are contiguous. A
 * full tail skb (XTCP_SEND_CHUNK octets or MAX_SKB_FRAGS fragments) is
 * followed by a new one. Every octet is charged to the socket first
 * (sk_wmem_schedule()). Return: the octets queued, 0 if there is no
 * memory for them (the caller waits, as for room), or a negative errno.
 */
static int queue_data(struct sock *sk, struct msghdr *msg, int len)
{
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);
	struct page_frag *pfrag = sk_page_frag(sk);
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool merge = false;
	int i = 0, copy, err;

	if (!sk_page_frag_refill(sk, pfrag))
		return 0;
	if (skb && skb->len < XTCP_SEND_CHUNK && may_append(xs, skb)) {
		i = skb_shinfo(skb)->nr_frags;
		merge = skb_can_coalesce(skb, i, pfrag->page, pfrag->offset);
		if (!merge && i >= MAX_SKB_FRAGS)
			skb = NULL;
	} else {
		skb = NULL;
	}
	if (!skb) {
		skb = new_tail(sk);
		if (!skb)
			return 0;
		i = 0;
	}
	copy = min_t(int, len, XTCP_SEND_CHUNK - skb->len);
	copy = min_t(int, copy, pfrag->size - pfrag->offset);
	if (!sk_wmem_schedule(sk, copy))
		return 0;
	err = skb_copy_to_page_nocache(sk, &msg->msg_iter, skb, pfrag->page,
				       pfrag->offset, copy);
	if (err)
		return err;
	if (merge) {
		skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], copy);
	} else {
		skb_fill_page_desc(skb, i, pfrag->page, pfrag->offset, copy);
		page_ref_inc(pfrag->page);
	}
	pfrag->offset += copy;
	/* as tcp_sendmsg(): the push point moves to the new end */
	XTCP_SKB_CB(skb)->tx_flags &= ~XTCP_TXF_PSH;
	XTCP_SKB_CB(skb)->end_seq += copy;
	xs->write_seq += copy;
	return copy;
}

/* The write so far ends in PSH (tcp_mark_push()). */
static void mark_push(struct sock *sk)
{
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!skb)
		return;
	XTCP_SKB_CB(skb)->tx_flags |= XTCP_TXF_PSH;
	xs->pushed_seq = xs->write_seq;
}

/**
 * xtcp_stream_queue_syn() - queue the data of a Fast Open SYN
 * @sk: the socket, locked, in SYN-SENT with nothing queued
 * @msg: the data
 * @len: octets the SYN takes
 *
 * They end in PSH, as Linux's SYN data once sent.
 *
 * Return: the octets queued (fewer without memory), or a negative errno.
 */
int xtcp_stream_queue_syn(struct sock *sk, struct msghdr *msg, int len)
{
	int done = 0, n = 0;

	while (done < len) {
		n = queue_data(sk, msg, len - done);
		if (n <= 0)
			break;
		done += n;
	}
	if (done)
		mark_push(sk);
	return done ?: n;
}

/*
 * Linux's forced_push(): more than half the largest window the peer
 * offered was queued since the last push mark.
 */
static bool forced_push(const struct xtcp_sock *xs)
{
	return xtcp_seq_after(xs->write_seq,
			      xs->pushed_seq + (xs->tcb.max_snd_wnd >> 1));
}

/*
 * No room in the send buffer, or no memory: send what can go, then wait
 * until ACKs free some, or, if the protocol or the cgroup is short of
 * memory, a little while (sk_stream_wait_memory(), as TCP).
 */
static int wait_for_space(struct sock *sk, long *timeo, int copied,
			  int flags)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	if (copied) {		/* as tcp_sendmsg(): all of it goes, PSH */
		mark_push(sk);
		xtcp_urg_sent(sk, flags);
		xtcp_sock_push_mode(sk, XTCP_PUSH_FORCE);
	} else {
		xtcp_sock_push(sk);
	}
	/* all sent, the buffer holds what waits for ACKs: sndbuf limited */
	if (xs->write_seq == xs->tcb.snd_nxt)
		xtcp_chrono_start(&xtcp_sk(sk)->chrono, XTCP_CHRONO_SNDBUF,
				  jiffies);
	return sk_stream_wait_memory(sk, timeo);
}

/* Is a full segment waiting to go? Then it goes before more is copied. */
static bool segment_ready(const struct xtcp_sock *xs)
{
	return xs->write_seq - xs->tcb.snd_nxt >= xtcp_fsm_send_mss(&xs->tcb);
}

/*
 * As tcp_rate_check_app_limited(), when the application comes to send:
 * less than a segment unsent, nothing waiting in the qdisc or the device,
 * and room in the congestion window mean the sender was limited by the
 * application, and rate samples until then say so (rate.c).
 */
static void check_app_limited(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_tcb *tcb = &xs->tcb;

	if (sk_wmem_alloc_get(sk) >= SKB_TRUESIZE(1))
		return;
	xtcp_rate_check_app_limited(&xs->rate, xs->write_seq - tcb->snd_nxt,
				    xtcp_fsm_send_mss(tcb),
				    tcb->snd_nxt - tcb->snd_una, xs->cc.cwnd);
}

/* Is the send queue's last skb full (a new one comes next)? */
static bool tail_full(struct sock *sk)
{
	const struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);

	return skb && skb->len >= XTCP_SEND_CHUNK;
}

/*
 * As tcp_push() at the end of a write: PSH at its end, unless MSG_MORE
 * (and no forced push); MSG_MORE holds a short last segment back, as a
 * cork for this call. MSG_OOB makes its last octet urgent (urg.c).
 */
static void end_write(struct sock *sk, int flags, int copied)
{
	if (!copied) {
		xtcp_sock_push(sk);
		return;
	}
	if (!(flags & MSG_MORE) || forced_push(xtcp_sk(sk)))
		mark_push(sk);
	xtcp_urg_sent(sk, flags);
	xtcp_sock_push_mode(sk, (flags & MSG_MORE) ? XTCP_PUSH_CORK :
						     XTCP_PUSH_NAGLE);
}

/*
 * Append up to @len octets of @msg to the send queue by reference
 * (MSG_ZEROCOPY's pinned pages, or splice()'s), to the tail skb if it may
 * take them (may_append(), xtcp_zc_may_append()), else to a new one.
 * Return: as queue_data().
 */
static int queue_pages(struct sock *sk, struct msghdr *msg, int len,
		       const struct xtcp_zc *zc)
{
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);
	struct xtcp_sock *xs = xtcp_sk(sk);
	int copy;

	if (!skb || skb->len >= XTCP_SEND_CHUNK || !may_append(xs, skb) ||
	    !xtcp_zc_may_append(skb, zc)) {
		skb = new_tail(sk);
		if (!skb)
			return 0;
	}
	copy = min_t(int, len, XTCP_SEND_CHUNK - skb->len);
	/* pinned pages count whole (__zerocopy_sg_from_iter()) */
	if (!sk_wmem_schedule(sk, PAGE_ALIGN(copy) + PAGE_SIZE))
		return 0;
	copy = xtcp_zc_fill(sk, skb, msg, copy, zc);
	if (copy <= 0)
		return copy ?: -EFAULT;
	XTCP_SKB_CB(skb)->tx_flags &= ~XTCP_TXF_PSH;
	XTCP_SKB_CB(skb)->end_seq += copy;
	xs->write_seq += copy;
	return copy;
}

/*
 * The body of sendmsg(), the socket locked: the data are copied, or with
 * @splice (splice(), sendfile()) or MSG_ZEROCOPY referenced (zerocopy.c).
 */
static int send_locked(struct sock *sk, struct msghdr *msg, size_t len,
		       bool splice)
{
	int flags = msg->msg_flags, copied = 0, err;
	struct xtcp_zc zc;
	long timeo;

	err = xtcp_zc_begin(sk, msg, len, splice, &zc);
	if (err)
		return err;
	/* Fast Open: connects, its SYN taking what it can (fastopen.c) */
	if ((flags & MSG_FASTOPEN) || xtcp_compat_defer_connect(sk)) {
		err = xtcp_fastopen_sendmsg(sk, msg, &copied, len);
		if (err == -EINPROGRESS && copied)
			goto out;
		if (err)
			goto error;
	}
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	err = wait_connected(sk, &timeo);
	if (err)
		goto error;
	check_app_limited(sk);
	while (copied < len) {
		int chunk = min_t(size_t, len - copied, XTCP_SEND_CHUNK);

		err = -EPIPE;
		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
			goto error;
		if (!sk_stream_memory_free(sk))
			err = 0;
		else if (zc.pages)
			err = queue_pages(sk, msg, chunk, &zc);
		else
			err = queue_data(sk, msg, chunk);
		if (!err) {
			err = wait_for_space(sk, &timeo, copied, flags);
			if (err)
				goto error;
			continue;
		}
		if (err < 0)
			goto error;
		copied += err;
		if (tail_full(sk) && forced_push(xtcp_sk(sk))) {
			mark_push(sk);
			xtcp_sock_push_mode(sk, XTCP_PUSH_FORCE);
		} else if (segment_ready(xtcp_sk(sk)) &&
			   (!(flags & MSG_OOB) || tail_full(sk))) {
			/* MSG_OOB: as TCP, only a full skb goes before the
			 * mark is set, the rest with URG
			 */
			xtcp_sock_push(sk);
		}
	}
	if ((flags & MSG_EOR) && copied)
		XTCP_SKB_CB(skb_peek_tail(&sk->sk_write_queue))->tx_flags |=
			XTCP_TXF_EOR;
	end_write(sk, flags, copied);
out:
	xtcp_zc_end(&zc, copied);
	return copied;

error:
	end_write(sk, flags, copied);
	xtcp_zc_end(&zc, copied);
	if (copied)
		return copied;
	return sk_stream_error(sk, flags, err);
}

/**
 * xtcp_stream_sendmsg() - send data (proto.sendmsg)
 * @sk: the socket
 * @msg: the data and flags
 * @len: octets in @msg
 *
 * With MSG_OOB, the write's last octet is urgent (urg.h). With
 * MSG_ZEROCOPY on a socket with SO_ZEROCOPY, the user's pages are sent
 * and a notification comes on the error queue once they are free again;
 * with MSG_SPLICE_PAGES (6.12's splice()) the pipe's pages (zerocopy.c).
 *
 * Return: octets queued, or a negative errno: -EPIPE (and SIGPIPE unless
 * MSG_NOSIGNAL) when the connection is not open for sending, -EAGAIN when
 * it would block, -ERESTARTSYS/-EINTR on a signal, the socket's error,
 * -ENOBUFS when MSG_ZEROCOPY's notification finds no memory.
 */
int xtcp_stream_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	int ret;

	lock_sock(sk);
	ret = send_locked(sk, msg, len, xtcp_compat_msg_splice(msg));
	release_sock(sk);
	return ret;
}

#ifdef XTCP_HAVE_SENDPAGE
/**
 * xtcp_stream_sendpage() - send part of a page by reference (6.1's
 *	proto.sendpage: splice(), sendfile())
 * @sk: the socket
 * @page: the page
 * @offset: where the data start in it
 * @size: octets
 * @flags: MSG_ flags; MSG_SENDPAGE_NOTLAST (more pages follow) as
 *	MSG_MORE, as do_tcp_sendpages() pushes nothing then
 *
 * Return: as xtcp_stream_sendmsg().
 */
int xtcp_stream_sendpage(struct sock *sk, struct page *page, int offset,
			 size_t size, int flags)
{
	struct bio_vec bvec = {
		.bv_page = page, .bv_offset = offset, .bv_len = size,
	};
	struct msghdr msg = { .msg_flags = flags };
	int ret;

	if (flags & MSG_SENDPAGE_NOTLAST)
		msg.msg_flags |= MSG_MORE;
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, size);
	lock_sock(sk);
	ret = send_locked(sk, &msg, size, true);
	release_sock(sk);
	return ret;
}
#endif

/*
 * Copy up to @len octets from the receive queue; consume unless peeking.
 * As tcp_recvmsg_locked(), a read that copied something (@done octets
 * before this call) stops at the urgent mark, and the urgent octet is
 * skipped unless SO_OOBINLINE (urg.h).
 */
static int copy_out(struct sock *sk, struct msghdr *msg, int len, bool peek,
		    int done)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 seq = xtcp_urg_copied_seq(sk, xs->tcb.rcv_nxt);
	struct sk_buff *skb, *tmp;
	int copied = 0;

	skb_queue_walk_safe(&sk->sk_receive_queue, skb, tmp) {
		u32 off = XTCP_SKB_CB(skb)->offset;
		int n;

		if (copied >= len)
			break;
		if (unlikely(xtcp_urg_at_mark(&xs->urg, seq))) {
			if (done || copied)
				break;
			if (!sock_flag(sk, SOCK_URGINLINE)) {
				bool last = ++off == skb->len;

				seq++;
				if (!peek) {	/* frees skb if last */
					xtcp_urg_skip(sk, skb);
					xtcp_urg_read_past(&xs->urg, seq);
				}
				if (last)
					continue;
			}
		}
		n = min_t(int, len - copied, skb->len - off);
		if (unlikely(xs->urg.rcv_data))
			n = xtcp_urg_read_len(&xs->urg, seq, n);
		if (skb_copy_datagram_msg(skb, off, msg, n))
			return copied ?: -EFAULT;
		copied += n;
		seq += n;
		if (peek)
			continue;
		XTCP_SKB_CB(skb)->offset += n;
		WRITE_ONCE(xs->rcv_queued, xs->rcv_queued - n);
		xtcp_rcvbuf_copied(sk, n);
		xtcp_urg_read_past(&xs->urg, seq);
		if (XTCP_SKB_CB(skb)->offset == skb->len) {
			__skb_unlink(skb, &sk->sk_receive_queue);
			consume_skb(skb);	/* read, not dropped */
		}
	}
	return copied;
}

/* Why a read stops waiting without data: 0 (EOF), an error, or 1 (wait). */
static int read_stop(struct sock *sk)
{
	/* as TCP: after the peer's FIN, end of stream even if reset since */
	if (sock_flag(sk, SOCK_DONE))
		return 0;
	if (sk->sk_err)
		return sock_error(sk);
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return 0;
	if (sk->sk_state == TCP_CLOSE)
		return -ENOTCONN;	/* never connected */
	return 1;
}

/*
 * As tcp_inq_hint() and tcp_recvmsg(): the octets left to read, for
 * io_uring (msg_inq) and, with TCP_INQ, in a TCP_CM_INQ control message.
 * Linux counts the peer's FIN in, until it is read, and says 1 after it:
 * either way 1 more once it came.
 */
static void put_inq(struct sock *sk, struct msghdr *msg)
{
	int inq = READ_ONCE(xtcp_sk(sk)->rcv_queued) +
		  sock_flag(sk, SOCK_DONE);

	msg->msg_inq = inq;
	if (xtcp_sk(sk)->recvmsg_inq)
		put_cmsg(msg, SOL_TCP, TCP_CM_INQ, sizeof(inq), &inq);
}

/**
 * xtcp_stream_recvmsg() - receive data (proto.recvmsg)
 * @sk: the socket
 * @msg: where the data goes
 * @len: octets wanted
 * @flags: MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT; MSG_ERRQUEUE reads the
 *	error queue instead (ICMP errors, icmp.c), MSG_OOB the urgent octet
 *	(urg.c)
 * @addr_len: unused for data: a stream has no source address per read
 *
 * With TCP_INQ, a TCP_CM_INQ control message tells how many octets are
 * left to read (put_inq()). A read stops at the urgent mark, and skips the
 * urgent octet unless SO_OOBINLINE (urg.h).
 *
 * Return: octets read (0 at end of stream, and for a @len of 0 once data
 * is queued, as TCP), or a negative errno: -ENOTCONN before a connection,
 * -EAGAIN, -EINTR/-ERESTARTSYS, the socket's error (-ECONNRESET after a
 * reset, once).
 */
int xtcp_stream_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			int flags, int *addr_len)
{
	bool peek = flags & MSG_PEEK;
	int copied = 0, target, err;
	long timeo;

	if (flags & MSG_ERRQUEUE)	/* ICMP errors (icmp.c), as TCP */
		return inet_recv_error(sk, msg, len, addr_len);
	lock_sock(sk);
	err = -ENOTCONN;
	if (sk->sk_state == TCP_LISTEN)
		goto out;
	if (flags & MSG_OOB) {
		err = xtcp_urg_recvmsg(sk, msg, len, flags);
		goto out;
	}
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	err = 0;
	for (;;) {
		int n;

		/* as TCP: at the mark with SIGURG pending, the signal first */
		if (!copied && signal_pending(current) && xtcp_urg_atmark(sk)) {
			err = timeo ? sock_intr_errno(timeo) : -EAGAIN;
			break;
		}
		n = copy_out(sk, msg, len - copied, peek, copied);
		if (n < 0) {
			err = n;
			break;
		}
		copied += n;
		if (n && !peek) {
			xtcp_rcvbuf_adjust(sk);
			xtcp_sock_window_update(sk);
		}
		if (copied >= target || (peek && copied))
			break;
		/* a read that copied something stops at the mark */
		if (copied && xtcp_urg_atmark(sk))
			break;
		/* as TCP: asked for 0 octets with data there, 0 at once */
		if (!len && !skb_queue_empty(&sk->sk_receive_queue))
			break;
		err = read_stop(sk);
		if (err <= 0)
			break;
		err = xtcp_may_wait(timeo);
		if (err)
			break;
		/* a peek that found only the urgent octet waits for more */
		sk_wait_data(sk, &timeo,
			     peek ? skb_peek_tail(&sk->sk_receive_queue) : NULL);
	}
	if (copied)
		err = copied;
out:
	release_sock(sk);
	if (err >= 0 && (xtcp_sk(sk)->recvmsg_inq || msg->msg_get_inq))
		put_inq(sk, msg);
	return err;
}

/*
 * The sequence number after all the application gave us: its data, and
 * its FIN once it closed, as Linux counts them (write_seq takes the FIN).
 */
static u32 outq_end(const struct xtcp_sock *xs)
{
	return xs->write_seq + (xs->tcb.fin_sent || xs->fin_pending);
}

/**
 * xtcp_stream_ioctl() - ioctl on a socket (proto_ops.ioctl)
 * @sock: the socket
 * @cmd: SIOCINQ (FIONREAD): octets ready to read (up to the urgent
 *	mark, if the urgent octet is out of line); SIOCOUTQ (TIOCOUTQ):
 *	octets in the send queue not yet acknowledged; SIOCOUTQNSD: octets
 *	not yet sent; SIOCATMARK: 1 at the urgent mark (urg.c), on any
 *	socket. Anything else goes to inet_ioctl().
 * @arg: user pointer to an int for the answer
 *
 * Return: 0, -EINVAL on a listener (as TCP), or inet_ioctl()'s answer.
 */
int xtcp_stream_ioctl(struct socket *sock, unsigned int cmd,
		      unsigned long arg)
{
	struct sock *sk = sock->sk;
	struct xtcp_sock *xs = xtcp_sk(sk);
	int answer;

	switch (cmd) {
	case SIOCINQ:
	case SIOCOUTQ:
	case SIOCOUTQNSD:
		break;
	case SIOCATMARK:
		lock_sock(sk);
		answer = xtcp_urg_atmark(sk);
		release_sock(sk);
		return put_user(answer, (int __user *)arg);
	default:
		return inet_ioctl(sock, cmd, arg);
	}
	if (sk->sk_state == TCP_LISTEN)
		return -EINVAL;
	lock_sock(sk);
	if (cmd == SIOCINQ)
		answer = xtcp_urg_siocinq(sk);
	else if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_CLOSE))
		answer = 0;
	else if (cmd == SIOCOUTQ)
		answer = outq_end(xs) - xs->tcb.snd_una;
	else
		answer = outq_end(xs) - xs->tcb.snd_nxt;
	release_sock(sk);
	return put_user(answer, (int __user *)arg);
}

/**
 * xtcp_stream_write_space() - the send queue shrank (sk_write_space)
 * @sk: the socket
 *
 * Wakes writers and pollers once a third of the send buffer is free and
 * the unsent octets are below half of TCP_NOTSENT_LOWAT, as TCP does
 * (sk_stream_write_space()).
 */
void xtcp_stream_write_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;
	struct socket_wq *wq;

	if (!sock || !__sk_stream_is_writeable(sk, 1))
		return;
	clear_bit(SOCK_NOSPACE, &sock->flags);
	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLOUT | EPOLLWRNORM |
						      EPOLLWRBAND);
	if (wq && wq->fasync_list && !(sk->sk_shutdown & SEND_SHUTDOWN))
		sock_wake_async(wq, SOCK_WAKE_SPACE, POLL_OUT);
	rcu_read_unlock();
}

/**
 * xtcp_stream_poll() - poll, select and epoll on a socket
 * @file: the file
 * @sock: the socket
 * @wait: the poll table
 *
 * The bits TCP reports: a listener is readable with a connection to
 * accept; a connected socket is readable with data or after the peer's
 * FIN (with EPOLLRDHUP), writable while the send queue has room and the
 * unsent octets are below half of TCP_NOTSENT_LOWAT (tcp_poll()), and
 * has EPOLLPRI while an urgent octet waits for recv(MSG_OOB) (the octet
 * out of line at the mark does not make it readable); EPOLLHUP
 * when both directions are shut or the socket is CLOSED; EPOLLERR with a
 * pending error.
 *
 * Return: the event mask.
 */
__poll_t xtcp_stream_poll(struct file *file, struct socket *sock,
			  poll_table *wait)
{
	struct sock *sk = sock->sk;
	__poll_t mask = 0;
	u32 hold;
	int state;

	sock_poll_wait(file, sock, wait);
	state = inet_sk_state_load(sk);
	if (state == TCP_LISTEN)
		return list_empty_careful(&xtcp_sk(sk)->acceptq) ? 0 :
		       EPOLLIN | EPOLLRDNORM;

	if (READ_ONCE(sk->sk_shutdown) == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	/* connected, or a Fast Open child (fastopen.c) */
	if (state != TCP_SYN_SENT &&
	    (state != TCP_SYN_RECV || xtcp_sk(sk)->fo.lsk)) {
		mask |= xtcp_urg_poll(sk, &hold);
		if (READ_ONCE(xtcp_sk(sk)->rcv_queued) > hold)
			mask |= EPOLLIN | EPOLLRDNORM;
		if (READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN) {
			mask |= EPOLLOUT | EPOLLWRNORM;
		} else if (__sk_stream_is_writeable(sk, 1)) {
			mask |= EPOLLOUT | EPOLLWRNORM;
		} else {
			set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
			/* the ACK that frees room may have come meanwhile */
			smp_mb__after_atomic();
			if (__sk_stream_is_writeable(sk, 1))
				mask |= EPOLLOUT | EPOLLWRNORM;
		}
	} else if (xtcp_fastopen_deferred(sk)) {
		/* the SYN waits for a write, as tcp_poll() */
		mask |= EPOLLOUT | EPOLLWRNORM;
	}
	if (READ_ONCE(sk->sk_err) ||
	    !skb_queue_empty_lockless(&sk->sk_error_queue))
		mask |= EPOLLERR;
	return mask;
}

/**
 * xtcp_stream_memory_free() - proto.stream_memory_free: may more be queued?
 * @sk: the socket
 * @wake: 1 for writability (poll, wake-ups): half of the limit then, as
 *	tcp_stream_memory_free()
 *
 * Return: true while the unsent octets (shifted left by @wake) are below
 * TCP_NOTSENT_LOWAT, or net.xtcp.tcp_notsent_lowat without it.
 */
bool xtcp_stream_memory_free(const struct sock *sk, int wake)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u32 lowat = READ_ONCE(xs->notsent_lowat) ?:
		    READ_ONCE(xtcp_pernet(sock_net(sk))->notsent_lowat);
	u32 write_seq = READ_ONCE(xs->write_seq);
	u32 snd_nxt = READ_ONCE(xs->tcb.snd_nxt);
	u32 notsent = xtcp_seq_after(write_seq, snd_nxt) ?
		      write_seq - snd_nxt : 0;

	return ((u64)notsent << wake) < lowat;
}
