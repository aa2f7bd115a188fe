/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: a listener's side of the passive open (listen.c).
 */
#ifndef _XTCP_LISTEN_H
#define _XTCP_LISTEN_H

struct sk_buff;
struct sock;
struct xtcp_af_ops;
struct xtcp_seg;

void xtcp_listen_start(struct sock *sk);
void xtcp_listen_rcv(struct sock *lsk, const struct xtcp_af_ops *af,
		     struct sk_buff *skb);
bool xtcp_listen_overflow(struct sock *sk, const struct xtcp_seg *seg);
bool xtcp_listen_defer(struct sock *sk, const struct xtcp_seg *seg);
bool xtcp_listen_defer_resend(const struct sock *sk);
void xtcp_listen_child_established(struct sock *sk);
void xtcp_listen_unlink_child(struct sock *sk);
void xtcp_listen_close_children(struct sock *lsk);
struct sock *xtcp_listen_take_child(struct sock *lsk, bool embryos);

#endif /* _XTCP_LISTEN_H */
