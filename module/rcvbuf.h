/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: receive buffer autotuning (rcvbuf.c), as Linux's
 * tcp_rcv_space_adjust() with net.ipv4.tcp_moderate_rcvbuf.
 */
#ifndef _XTCP_RCVBUF_H
#define _XTCP_RCVBUF_H

#include <linux/types.h>

struct sock;
struct xtcp_seg;

/* net.xtcp.rmem_max's default, as tcp_rmem[2]: 6 MiB */
#define XTCP_RMEM_MAX_DEFAULT		(6 << 20)
/* net.xtcp.tcp_moderate_rcvbuf's default, as Linux's */
#define XTCP_MODERATE_RCVBUF_DEFAULT	1

void xtcp_rcvbuf_init(struct sock *sk);
int xtcp_rcvbuf_max(const struct sock *sk);
void xtcp_rcvbuf_data_rcvd(struct sock *sk, const struct xtcp_seg *seg,
			   bool in_order);
void xtcp_rcvbuf_copied(struct sock *sk, u32 len);
void xtcp_rcvbuf_adjust(struct sock *sk);
u32 xtcp_rcvbuf_space(const struct sock *sk);

#endif /* _XTCP_RCVBUF_H */
