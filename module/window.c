// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the receive window we offer and its field on the wire, as pure
 * logic: window scaling (RFC 7323) and receiver-side silly window
 * avoidance (RFC 1122 4.2.3.3), and the arithmetic of receive buffer
 * autotuning (rcvbuf.c). The state machine and the socket layer call
 * these; KUnit tests them directly.
 */
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/skbuff.h>

#include "compat.h"
#include "fsm.h"
#include "seq.h"
#include "sock.h"
#include "window.h"

/**
 * xtcp_window_shift_for() - the window shift for a receive buffer
 * @space: the largest window, in octets, the buffer can offer
 *
 * RFC 7323 2.3: the smallest shift that lets 65535 << shift cover @space,
 * at most 14.
 *
 * Return: the shift count to offer on our SYN (&xtcp_tcb.rcv_wscale).
 */
u8 xtcp_window_shift_for(u32 space)
{
	u8 shift = 0;

	while (shift < XTCP_WSCALE_MAX && ((u32)U16_MAX << shift) < space)
		shift++;
	return shift;
}

XTCP_KUNIT_EXPORT(xtcp_window_shift_for);

/**
 * xtcp_window_from_space() - the window that memory for a receive queue
 *	can offer
 * @space: octets of buffer memory (skb truesize, as sk_rmem_alloc and
 *	SO_RCVBUF count), at least 0
 * @adv_win_scale: the share of @space kept for overhead, as Linux's
 *	tcp_adv_win_scale: 1/2^@adv_win_scale of it if positive; the window
 *	is @space/2^-@adv_win_scale if not
 *
 * Linux's tcp_win_from_space(): a segment costs more memory than its
 * data (the sk_buff, headers, slack), so the window promises only part of
 * the memory left. With @adv_win_scale 1 (XTCP_ADV_WIN_SCALE, Linux's
 * default) it is half: segments whose truesize is at most twice their
 * data never take the queue past the buffer, so a peer that keeps to the
 * window never has data dropped.
 *
 * Return: the window in octets.
 */
u32 xtcp_window_from_space(u32 space, int adv_win_scale)
{
	if (adv_win_scale <= 0)
		return space >> min(-adv_win_scale, 31);
	return space - (space >> min(adv_win_scale, 31));
}

XTCP_KUNIT_EXPORT(xtcp_window_from_space);

/**
 * xtcp_window_max() - the largest window our shift can express
 * @tcb: the TCB
 *
 * Return: 65535 << &xtcp_tcb.rcv_wscale, in octets.
 */
u32 xtcp_window_max(const struct xtcp_tcb *tcb)
{
	return (u32)U16_MAX << tcb->rcv_wscale;
}

XTCP_KUNIT_EXPORT(xtcp_window_max);

/**
 * xtcp_window_offer() - the receive window to offer now
 * @tcb: the TCB
 * @space: octets the receive buffer can take now, from RCV.NXT on
 * @buf: octets the whole buffer can take (RCV.BUFF of RFC 1122 4.2.3.3)
 *
 * Both are taken as at most xtcp_window_max(). Receiver-side silly
 * window avoidance (RFC 1122 4.2.3.3, RFC 9293 3.8.6.2.2): the window
 * opens past the right edge last advertised (&xtcp_tcb.rcv_adv) only once
 * it can grow by min(@buf / 2, our MSS); until then the edge stays where
 * it is, also when @space is smaller (the edge never moves left, RFC 7323
 * 2.4). A window that opens is rounded down to a multiple of
 * 1 << rcv_wscale, so the peer is never offered more than @space; one
 * that holds the edge is rounded up to the next multiple, as the shifted
 * field cannot say less (RFC 7323 2.4: the other choice is to shrink).
 *
 * Return: the window in octets, from RCV.NXT: the value for RCV.WND, a
 * multiple of 1 << rcv_wscale.
 */
u32 xtcp_window_offer(const struct xtcp_tcb *tcb, u32 space, u32 buf)
{
	u32 max = xtcp_window_max(tcb), unit = 1U << tcb->rcv_wscale;
	u32 cur = 0, wnd, step;

	if (xtcp_seq_after(tcb->rcv_adv, tcb->rcv_nxt))
		cur = tcb->rcv_adv - tcb->rcv_nxt;
	wnd = round_down(min(space, max), unit);
	step = min_t(u32, min(buf, max) / 2, tcb->mss);
	if (wnd > cur && wnd - cur >= step)
		return wnd;
	return min(round_up(cur, unit), max);
}

XTCP_KUNIT_EXPORT(xtcp_window_offer);

/**
 * xtcp_window_field() - the window field for a segment
 * @tcb: the TCB
 * @wnd: the window to advertise, in octets
 * @flags: the segment's control bits
 *
 * On a SYN or SYN,ACK the window is never scaled (RFC 7323 2.2): at most
 * 65535. On any other segment it is @wnd >> rcv_wscale, rounded down so
 * the peer may never send more than @wnd.
 *
 * Return: the value for &xtcp_seg.window.
 */
u16 xtcp_window_field(const struct xtcp_tcb *tcb, u32 wnd, u8 flags)
{
	if (flags & XTCP_SYN)
		return min_t(u32, wnd, U16_MAX);
	return min_t(u32, wnd >> tcb->rcv_wscale, U16_MAX);
}

XTCP_KUNIT_EXPORT(xtcp_window_field);

/**
 * xtcp_window_advertised() - a segment with this window was sent
 * @tcb: the TCB
 * @seg: the segment, window field set by xtcp_window_field()
 *
 * With an ACK, SEG.ACK + the window becomes the right edge last
 * advertised (&xtcp_tcb.rcv_adv), unless it lies left of it.
 *
 * Return: the window it advertised, in octets.
 */
u32 xtcp_window_advertised(struct xtcp_tcb *tcb, const struct xtcp_seg *seg)
{
	u32 wnd = seg->flags & XTCP_SYN ? seg->window :
		  (u32)seg->window << tcb->rcv_wscale;

	if ((seg->flags & (XTCP_ACK | XTCP_RST)) == XTCP_ACK &&
	    xtcp_seq_after(seg->ack + wnd, tcb->rcv_adv))
		tcb->rcv_adv = seg->ack + wnd;
	return wnd;
}

XTCP_KUNIT_EXPORT(xtcp_window_advertised);

/**
 * xtcp_window_rcv_rtt() - the receiver's round-trip time estimate, with a
 *	new sample
 * @est: the estimate, in eighths of a microsecond (&xtcp_rcvq.rtt_us),
 *	0 if none yet
 * @sample_us: the sample
 * @win_dep: the sample is the time a window's worth of data took to
 *	arrive (no timestamps): it only ever lowers the estimate
 *
 * As tcp_rcv_rtt_update(): a lower sample replaces the estimate; a
 * higher one from timestamps moves it by an eighth of the difference.
 *
 * Return: the new estimate, in eighths of a microsecond.
 */
u32 xtcp_window_rcv_rtt(u32 est, u32 sample_us, bool win_dep)
{
	u32 m = min(sample_us, U32_MAX >> 3) << 3;

	if (!est || m < est)
		return m;
	if (win_dep)
		return est;
	return est - (est >> 3) + sample_us;
}

XTCP_KUNIT_EXPORT(xtcp_window_rcv_rtt);

/**
 * xtcp_window_rcvbuf() - the receive buffer that keeps up with what the
 *	application reads
 * @copied: octets the application read in the last round trip, more
 *	than @space
 * @space: octets it read in the round trip measured before, at least 1
 * @advmss: our MSS
 * @adv_win_scale: as for xtcp_window_from_space()
 * @max: the most to give, net.xtcp.rmem_max
 *
 * As tcp_rcv_space_adjust(): a window of twice @copied (room for a loss
 * to be repaired) and 16 segments, grown by twice the rate at which the
 * reads grew (the sender may double its window each round trip, as in
 * slow start); in memory, at the truesize of a segment of @advmss that
 * still fits its data in the window its memory gives.
 *
 * Return: the buffer in octets of memory (for sk_rcvbuf), at most @max.
 */
u32 xtcp_window_rcvbuf(u32 copied, u32 space, u32 advmss, int adv_win_scale,
		       u32 max)
{
	u64 rcvwin = ((u64)copied << 1) + 16 * (u64)advmss;
	u32 rcvmem = SKB_TRUESIZE(advmss + XTCP_MAX_HEADER);
	u64 grow;

	space = max(space, 1U);
	advmss = max(advmss, 1U);
	if (copied > space) {
		/* a buffer at least the window: past @max either way */
		if (check_mul_overflow(rcvwin, (u64)(copied - space), &grow))
			return max;
		grow = div_u64(grow, space);
		if (grow >= max)
			return max;
		rcvwin += grow << 1;
	}
	while (xtcp_window_from_space(rcvmem, adv_win_scale) < advmss)
		rcvmem += 128;
	return min_t(u64, div_u64(rcvwin, advmss) * rcvmem, max);
}

XTCP_KUNIT_EXPORT(xtcp_window_rcvbuf);
