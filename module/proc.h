/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: /proc/net/xtcp, the socket listing (proc.c).
 */
#ifndef _XTCP_PROC_H
#define _XTCP_PROC_H

struct net;

int xtcp_proc_init(struct net *net);
void xtcp_proc_exit(struct net *net);

#endif /* _XTCP_PROC_H */
