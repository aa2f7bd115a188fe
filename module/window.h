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

u8 xtcp_window_shift_for(u32 space);
u32 xtcp_window_from_space(u32 space, int adv_win_scale);
u32 xtcp_window_max(const struct xtcp_tcb *tcb);
u32 xtcp_window_offer(const struct xtcp_tcb *tcb, u32 space, u32 buf);
u16 xtcp_window_field(const struct xtcp_tcb *tcb, u32 wnd, u8 flags);
u32 xtcp_window_advertised(struct xtcp_tcb *tcb, const struct xtcp_seg *seg);

#endif /* _XTCP_WINDOW_H */
