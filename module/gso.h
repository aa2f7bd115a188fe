/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: segmentation offload (gso.c): aggregates of several segments
 * that the stack cuts into segments where it must, and TCP Small Queues
 * (tsq.c), which bounds what a socket has queued below it.
 */
#ifndef _XTCP_GSO_H
#define _XTCP_GSO_H

#include <linux/skbuff.h>

struct sock;

/*
 * XTCP_GSO_TYPE4, XTCP_GSO_TYPE6 - the gso_type of an xtcp aggregate in
 * IPv4 and IPv6 (&xtcp_af_ops.gso_type). SKB_GSO_TCPV4 (TCPV6): the
 * header has TCP's layout, so the IP layer measures the segments it will
 * make (skb_gso_validate_network_len()) as TCP's. SKB_GSO_SCTP as well,
 * as a mark that only software segments it: the devices that take
 * NETIF_F_GSO_SCTP (loopback, veth, bridges, bonds, whose lower devices
 * check again) take the aggregate whole; a device with TSO in hardware,
 * which would see protocol 6 where the header says 253, has no
 * NETIF_F_GSO_SCTP, so validate_xmit_skb() segments before its driver,
 * with xtcp's gso_segment.
 */
#define XTCP_GSO_TYPE4		(SKB_GSO_TCPV4 | SKB_GSO_SCTP)
#define XTCP_GSO_TYPE6		(SKB_GSO_TCPV6 | SKB_GSO_SCTP)

/*
 * XTCP_SK_GSO_TYPE - a socket's sk_gso_type: sk_setup_caps() gives the
 * socket a gso_max_size and gso_max_segs if its route takes these
 * (sk_can_gso()). An AF_INET6 socket may send either family's.
 */
#define XTCP_SK_GSO_TYPE	(XTCP_GSO_TYPE4 | XTCP_GSO_TYPE6)

int xtcp_gso_register(void);
void xtcp_gso_unregister(void);
struct sk_buff *xtcp_gso_segment4(struct sk_buff *skb,
				  netdev_features_t features);
struct sk_buff *xtcp_gso_segment6(struct sk_buff *skb,
				  netdev_features_t features);
u64 xtcp_gso_rate(const struct sock *sk);
u32 xtcp_gso_size_goal(struct sock *sk, u32 mss);
void xtcp_gso_mark(struct sk_buff *skb, u32 payload, u32 mss,
		   unsigned int type);
u32 xtcp_gso_segs(u32 payload, u32 mss);

void xtcp_tsq_own(struct sk_buff *skb, struct sock *sk);
bool xtcp_tsq_throttled(struct sock *sk, u32 len);
void xtcp_tsq_release_cb(struct sock *sk);
void xtcp_tsq_wfree(struct sk_buff *skb);
void xtcp_tsq_init(void);
void xtcp_tsq_exit(void);

#endif /* _XTCP_GSO_H */
