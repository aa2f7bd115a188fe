/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: socket options at the IPPROTO_TCP level.
 */
#ifndef _XTCP_SOCKOPT_H
#define _XTCP_SOCKOPT_H

#include <linux/sockptr.h>

struct sock;

int xtcp_setsockopt(struct sock *sk, int level, int optname,
		    sockptr_t optval, unsigned int optlen);
int xtcp_getsockopt(struct sock *sk, int level, int optname,
		    char __user *optval, int __user *optlen);

#endif /* _XTCP_SOCKOPT_H */
