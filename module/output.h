/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: sending segments (output.c).
 */
#ifndef _XTCP_OUTPUT_H
#define _XTCP_OUTPUT_H

#include <linux/types.h>

struct net;
struct xtcp_addrs;
struct xtcp_af_ops;
struct sock;
struct xtcp_net;
struct xtcp_seg;

int xtcp_output_seg(struct sock *sk, const struct xtcp_seg *seg);
u32 xtcp_output_fit(struct sock *sk, u32 seq, u32 len);
u32 xtcp_output_record(struct sock *sk, u32 seq, u32 len);
int xtcp_output_ctl(struct net *net, const struct xtcp_af_ops *af,
		    bool interop, const struct xtcp_addrs *a, u8 tos,
		    const struct xtcp_seg *seg);
int xtcp_output_net_init(struct net *net, struct xtcp_net *xn);
void xtcp_output_net_exit(struct xtcp_net *xn);

#endif /* _XTCP_OUTPUT_H */
