/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the receive window we offer, scaled (window.c).
 */
#ifndef _XTCP_WINDOW_H
#define _XTCP_WINDOW_H

#include <linux/types.h>

struct xtcp_seg;
struct xtcp_tcb;

/*
 * Window from buffer space: 1 gives half the memory left, Linux's default
 * tcp_adv_win_scale (xtcp_window_from_space()).
 */
#define XTCP_ADV_WIN_SCALE	1

/**
 * struct xtcp_rcvq - receive buffer autotuning (rcvbuf.c), as Linux's
 *	rcv_rtt_est and rcvq_space
 * @rtt_us: the receiver's round-trip time estimate, in eighths of a
 *	microsecond (xtcp_window_rcv_rtt()), 0 before a sample
 * @rtt_seq: without timestamps: RCV.NXT + RCV.WND when the window being
 *	timed began; its sample comes when RCV.NXT gets there
 * @rtt_time_us: when that window began, 0 if none is timed
 * @last_tsecr: the TSecr the last timestamp sample came from
 * @copied: octets the application has read (Linux's copied_seq), modulo
 *	2^32
 * @seq: @copied when the round trip being measured began
 * @time_us: when it began, 0 before the first data
 * @space: octets the application read in the last round trip measured
 *	that read more than the one before (tcpi_rcv_space)
 */
struct xtcp_rcvq {
	u32	rtt_us;
	u32	rtt_seq;
	u64	rtt_time_us;
	u32	last_tsecr;
	u32	copied;
	u32	seq;
	u64	time_us;
	u32	space;
};

u8 xtcp_window_shift_for(u32 space);
u32 xtcp_window_from_space(u32 space, int adv_win_scale);
u32 xtcp_window_max(const struct xtcp_tcb *tcb);
u32 xtcp_window_offer(const struct xtcp_tcb *tcb, u32 space, u32 buf);
u32 xtcp_window_rcv_rtt(u32 est, u32 sample_us, bool win_dep);
u32 xtcp_window_rcvbuf(u32 copied, u32 space, u32 advmss, int adv_win_scale,
		       u32 max);
u16 xtcp_window_field(const struct xtcp_tcb *tcb, u32 wnd, u8 flags);
u32 xtcp_window_advertised(struct xtcp_tcb *tcb, const struct xtcp_seg *seg);

#endif /* _XTCP_WINDOW_H */
