/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: /proc/net/xtcp_sockstat, the line /proc/net/sockstat has for TCP.
 */
#ifndef _XTCP_SOCKSTAT_H
#define _XTCP_SOCKSTAT_H

#include <net/net_namespace.h>

int xtcp_sockstat_init(struct net *net);
void xtcp_sockstat_exit(struct net *net);

#endif /* _XTCP_SOCKSTAT_H */
