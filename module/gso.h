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
 * XTCP_GSO_TYPE - the gso_type of an xtcp aggregate, and the socket's
 * sk_gso_type. SKB_GSO_TCPV4: the header has TCP's layout, so the IP
 * layer measures the segments it will make (skb_gso_validate_network_len())
 * as TCP's. SKB_GSO_SCTP as well, as a mark that only software segments
 * it: the devices that take NETIF_F_GSO_SCTP (loopback, veth, bridges,
 * bonds, whose lower devices check again) take the aggregate whole; a
 * device with TSO in hardware, which would see protocol 6 where the
 * header says 253, has no NETIF_F_GSO_SCTP, so validate_xmit_skb()
 * segments before its driver, with xtcp's gso_segment.
 */
#define XTCP_GSO_TYPE		(SKB_GSO_TCPV4 | SKB_GSO_SCTP)

int xtcp_gso_register(void);
void xtcp_gso_unregister(void);
struct sk_buff *xtcp_gso_segment(struct sk_buff *skb,
				 netdev_features_t features);
u64 xtcp_gso_rate(const struct sock *sk);
u32 xtcp_gso_size_goal(struct sock *sk, u32 mss);
void xtcp_gso_mark(struct sk_buff *skb, u32 payload, u32 mss);
u32 xtcp_gso_segs(u32 payload, u32 mss);

void xtcp_tsq_own(struct sk_buff *skb, struct sock *sk);
bool xtcp_tsq_throttled(struct sock *sk, u32 len);
void xtcp_tsq_expired(struct sock *sk);
void xtcp_tsq_release_cb(struct sock *sk);
void xtcp_tsq_wfree(struct sk_buff *skb);

#endif /* _XTCP_GSO_H */
