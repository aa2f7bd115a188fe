/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: limits on connections nobody holds any more (orphans), as Linux's
 * tcp_max_orphans and tcp_orphan_retries.
 */
#ifndef _XTCP_ORPHAN_H
#define _XTCP_ORPHAN_H

#include <linux/types.h>

struct net;
struct sock;

/* net.xtcp.tcp_orphan_retries 0 means this many, as Linux. */
#define XTCP_ORPHAN_RETRIES_ALIVE	8

int xtcp_orphan_init(void);
void xtcp_orphan_exit(void);
u32 xtcp_orphan_default_max(void);
void xtcp_orphan_add(struct sock *sk);
void xtcp_orphan_del(struct sock *sk);
bool xtcp_orphan_too_many(const struct net *net, int shift);
s64 xtcp_orphan_count_sum(void);
bool xtcp_orphan_close_check(struct sock *sk);
u8 xtcp_orphan_limit(u8 retries, bool alive);
u8 xtcp_orphan_retries(const struct net *net, bool alive);
bool xtcp_orphan_out_of_resources(struct sock *sk, bool do_reset);

#endif /* _XTCP_ORPHAN_H */
