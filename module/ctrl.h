/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the net.xtcp sysctls.
 */
#ifndef _XTCP_CTRL_H
#define _XTCP_CTRL_H

struct net;

int xtcp_ctrl_init(struct net *net);
void xtcp_ctrl_exit(struct net *net);

#endif /* _XTCP_CTRL_H */
