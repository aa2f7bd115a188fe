/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the security modules' connection hooks (lsm.c).
 */
#ifndef _XTCP_LSM_H
#define _XTCP_LSM_H

struct sk_buff;
struct sock;

bool xtcp_lsm_conn_request(struct sock *lsk, struct sock *child,
			   struct sk_buff *skb);

#endif /* _XTCP_LSM_H */
