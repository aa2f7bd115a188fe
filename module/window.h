/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the receive window we offer, scaled (window.c).
 */
#ifndef _XTCP_WINDOW_H
#define _XTCP_WINDOW_H

#include <linux/types.h>

struct xtcp_seg;
struct xtcp_tcb;

u8 xtcp_window_shift_for(u32 space);
u32 xtcp_window_max(const struct xtcp_tcb *tcb);
u32 xtcp_window_offer(const struct xtcp_tcb *tcb, u32 space, u32 buf);
u16 xtcp_window_field(const struct xtcp_tcb *tcb, u32 wnd, u8 flags);
u32 xtcp_window_advertised(struct xtcp_tcb *tcb, const struct xtcp_seg *seg);

#endif /* _XTCP_WINDOW_H */
