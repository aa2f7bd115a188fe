// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the IP protocol handler, where segments enter the module.
 *
 * The connection state machine is not written yet, so every segment that
 * arrives is counted and dropped.
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/skbuff.h>
#include <net/protocol.h>

#include "xtcp.h"

static int xtcp_rcv(struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}

static const struct net_protocol xtcp_net_protocol = {
	.handler	= xtcp_rcv,
	.no_policy	= 1,
};

/**
 * xtcp_input_register() - take the IP protocol number for xtcp
 *
 * Return: 0, or -EBUSY if another protocol handles that number.
 */
int xtcp_input_register(void)
{
	if (inet_add_protocol(&xtcp_net_protocol, xtcp_ipproto) < 0) {
		pr_err("IP protocol %u is taken\n", xtcp_ipproto);
		return -EBUSY;
	}
	return 0;
}

/**
 * xtcp_input_unregister() - give the IP protocol number back
 *
 * Waits for receive handlers still running on other CPUs.
 */
void xtcp_input_unregister(void)
{
	inet_del_protocol(&xtcp_net_protocol, xtcp_ipproto);
	synchronize_net();
}
