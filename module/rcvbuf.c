// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: receive buffer autotuning, as Linux's dynamic right-sizing
 * (tcp_rcv_space_adjust(), net.ipv4.tcp_moderate_rcvbuf).
 *
 * The receiver estimates the round-trip time on its own (Linux's
 * tcp_rcv_rtt_measure() and tcp_rcv_rtt_measure_ts()): from the TSecr of
 * full-sized segments when timestamps are on, else from the time a
 * window's worth of data takes to arrive. Once per such round trip, a
 * read measures what the application read in it; when that grew, the
 * receive buffer (sk_rcvbuf) grows to hold a window of twice as much
 * and more, at most net.xtcp.rmem_max, and the window offered (half of
 * the buffer, sock.c) grows with it. Never for a socket whose SO_RCVBUF
 * the user set (SOCK_RCVBUF_LOCK), nor with net.xtcp.tcp_moderate_rcvbuf
 * at 0. The buffer only bounds what may be queued: memory is charged per
 * segment queued, to the protocol (mem.c), as before.
 *
 * The window shift our SYN offers is chosen for the largest buffer the
 * socket may grow to (xtcp_rcvbuf_max()), as tcp_select_initial_window()
 * chooses it for tcp_rmem[2].
 *
 * Called under the socket lock.
 */
#include <linux/ktime.h>
#include <net/sock.h>

#include "clock.h"
#include "net.h"
#include "rcvbuf.h"
#include "seq.h"
#include "sock.h"
#include "tsopt.h"
#include "window.h"

/**
 * xtcp_rcvbuf_init() - forget what was measured
 * @sk: the socket, new or disconnected
 */
void xtcp_rcvbuf_init(struct sock *sk)
{
	memset(&xtcp_sk(sk)->rcvq, 0, sizeof(struct xtcp_rcvq));
}

/**
 * xtcp_rcvbuf_max() - the largest receive buffer a socket may get
 * @sk: the socket, or the listener whose buffer a child inherits
 *
 * Return: net.xtcp.rmem_max if autotuning may grow the buffer to it,
 * else (SO_RCVBUF set, or net.xtcp.tcp_moderate_rcvbuf 0) sk_rcvbuf.
 */
int xtcp_rcvbuf_max(const struct sock *sk)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	int buf = READ_ONCE(sk->sk_rcvbuf);

	if ((sk->sk_userlocks & SOCK_RCVBUF_LOCK) ||
	    !READ_ONCE(xn->moderate_rcvbuf))
		return buf;
	return max_t(int, buf, READ_ONCE(xn->rmem_max));
}

/* As tcp_init_buffer_space(): the first measure starts with the data. */
static void start(struct sock *sk, u64 now)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_rcvq *rq = &xs->rcvq;

	rq->time_us = now;
	rq->seq = rq->copied;
	rq->space = min_t(u32, xs->tcb.rcv_wnd,
			  XTCP_CONG_IW_SEGS * xs->tcb.mss);
}

/**
 * xtcp_rcvbuf_data_rcvd() - call when a segment with data was taken
 * @sk: the socket
 * @seg: the segment
 * @in_order: it moved RCV.NXT
 *
 * A timestamp sample from a full-sized segment echoing a TSecr not seen
 * yet (tcp_rcv_rtt_measure_ts()); and, for in-order data, the end of the
 * window being timed, if RCV.NXT got there (tcp_rcv_rtt_measure()).
 */
void xtcp_rcvbuf_data_rcvd(struct sock *sk, const struct xtcp_seg *seg,
			   bool in_order)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_rcvq *rq = &xs->rcvq;
	u32 r_us;
	u64 now;

	if (!rq->time_us)
		start(sk, xtcp_clock_us(sk));
	if (tcb->ts.ok && seg->has_ts && seg->tsecr &&
	    seg->tsecr != rq->last_tsecr) {
		rq->last_tsecr = seg->tsecr;
		r_us = seg->payload_len < xs->rcv_mss ? 0 :
		       xtcp_ts_rtt_us(xtcp_clock_ms(sk), seg->tsecr,
				      tcb->ts.offset);
		if (r_us)
			rq->rtt_us = xtcp_window_rcv_rtt(rq->rtt_us, r_us,
							 false);
	}
	/* the clock is read once a window, not for every segment */
	if (!in_order || (rq->rtt_time_us &&
			  xtcp_seq_before(tcb->rcv_nxt, rq->rtt_seq)))
		return;
	now = xtcp_clock_us(sk);
	if (rq->rtt_time_us) {
		r_us = min_t(u64, max_t(u64, now - rq->rtt_time_us, 1),
			     U32_MAX);
		rq->rtt_us = xtcp_window_rcv_rtt(rq->rtt_us, r_us, true);
	}
	rq->rtt_seq = tcb->rcv_nxt + tcb->rcv_wnd;
	rq->rtt_time_us = now;
}

/**
 * xtcp_rcvbuf_copied() - call when the application read (not peeked)
 * @sk: the socket
 * @len: octets read
 */
void xtcp_rcvbuf_copied(struct sock *sk, u32 len)
{
	xtcp_sk(sk)->rcvq.copied += len;
}

/**
 * xtcp_rcvbuf_adjust() - call after a read: grow the buffer if the
 *	application read more in the last round trip than in the one before
 * @sk: the socket
 *
 * tcp_rcv_space_adjust(): at most once per receiver round-trip time
 * estimate; never shrinks the buffer.
 */
void xtcp_rcvbuf_adjust(struct sock *sk)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_rcvq *rq = &xs->rcvq;
	u32 copied;
	u64 now;
	int buf;

	if (!rq->time_us || !rq->rtt_us)
		return;
	now = xtcp_clock_us(sk);
	if (now - rq->time_us < rq->rtt_us >> 3)
		return;
	copied = rq->copied - rq->seq;
	if (copied > rq->space) {
		if (READ_ONCE(xn->moderate_rcvbuf) &&
		    !(sk->sk_userlocks & SOCK_RCVBUF_LOCK)) {
			buf = xtcp_window_rcvbuf(copied, rq->space, xs->tcb.mss,
						 XTCP_ADV_WIN_SCALE,
						 READ_ONCE(xn->rmem_max));
			if (buf > READ_ONCE(sk->sk_rcvbuf))
				WRITE_ONCE(sk->sk_rcvbuf, buf);
		}
		rq->space = copied;
	}
	rq->seq = rq->copied;
	rq->time_us = now;
}

/**
 * xtcp_rcvbuf_space() - tcpi_rcv_space
 * @sk: the socket
 *
 * Return: the octets read in the last round trip measured, or before the
 * first data the measure's start, min(RCV.WND, 10 segments), as Linux
 * shows it once established.
 */
u32 xtcp_rcvbuf_space(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->rcvq.time_us)
		return xs->rcvq.space;
	return min_t(u32, xs->tcb.rcv_wnd, XTCP_CONG_IW_SEGS * xs->tcb.mss);
}
