/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: an experimental TCP as a loadable module, on its own IP protocol.
 *
 * Declarations shared by the files of the module.
 */
#ifndef _XTCP_H
#define _XTCP_H

#include <linux/types.h>

struct net;

/* RFC 3692 experimentation value: the IP protocol xtcp uses by default. */
#define XTCP_DEFAULT_PROTOCOL	253

extern u8 xtcp_ipproto;

int xtcp_protocol_init(void);
void xtcp_protocol_exit(void);
int xtcp_protocol_register(void);
void xtcp_protocol_unregister(void);
int xtcp_protocol_inuse(struct net *net);
int xtcp_input_register(void);
void xtcp_input_unregister(void);

#endif /* _XTCP_H */
