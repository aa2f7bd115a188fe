/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the timers, as event hooks (timers.c, tw_timer.c). Nothing else in
 * the module touches an hrtimer.
 */
#ifndef _XTCP_TIMERS_H
#define _XTCP_TIMERS_H

#include <linux/types.h>

struct sock;
struct xtcp_net;
struct xtcp_tw;

void xtcp_timers_init(struct sock *sk);
void xtcp_timers_release_cb(struct sock *sk);
void xtcp_timers_rtx_wanted(struct sock *sk, u32 ms);
void xtcp_timers_loss_wanted(struct sock *sk, u8 kind, u32 ms);
void xtcp_timers_rtx_done(struct sock *sk);
void xtcp_timers_cancel(struct sock *sk);
void xtcp_timers_orphan_waits(struct sock *sk, u32 ms);
bool xtcp_timers_rtx_pending(struct sock *sk, unsigned long *left);
int xtcp_timers_proc(struct sock *sk, unsigned long *left);
void xtcp_timers_delack_wanted(struct sock *sk, u32 ms);
void xtcp_timers_delack_done(struct sock *sk);
void xtcp_timers_persist_wanted(struct sock *sk, u32 ms);
void xtcp_timers_persist_done(struct sock *sk);
bool xtcp_timers_persist_pending(struct sock *sk);
void xtcp_timers_ka_wanted(struct sock *sk, u32 ms);
void xtcp_timers_ka_done(struct sock *sk);
bool xtcp_timers_ka_pending(struct sock *sk);
void xtcp_timers_tw_init(struct xtcp_tw *tw);
void xtcp_timers_tw_entered(struct xtcp_tw *tw, u32 ms);
void xtcp_timers_tw_killed(struct xtcp_tw *tw);
bool xtcp_timers_tw_rearmed(struct xtcp_tw *tw);
unsigned long xtcp_timers_tw_left(struct xtcp_tw *tw);
void xtcp_timers_tw_msl(struct xtcp_net *xn, u32 ms);
int xtcp_timers_tw_net_init(struct xtcp_net *xn);
void xtcp_timers_tw_net_exit(struct xtcp_net *xn);

#endif /* _XTCP_TIMERS_H */
