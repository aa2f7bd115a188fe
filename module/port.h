/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the port table's side of hash.c (port.c). The rest of the module
 * uses hash.h.
 */
#ifndef _XTCP_PORT_H
#define _XTCP_PORT_H

#include <linux/types.h>

struct net;
struct xtcp_hash_entry;
struct xtcp_tw;

int xtcp_port_init(unsigned int buckets);
void xtcp_port_exit(void);
unsigned int xtcp_port_buckets(void);
void xtcp_port_tw_add(struct xtcp_tw *tw);
void xtcp_port_tw_del(struct xtcp_tw *tw);
bool xtcp_port_listen_nth(const struct net *net, unsigned int b,
			  unsigned int skip, struct xtcp_hash_entry *e);

#endif /* _XTCP_PORT_H */
