// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: module load and unload.
 *
 * Load order:
 *   0. the workqueue that gives interop ports back to TCP (resv.c);
 *   1. per-namespace state (counters, sysctl values, control sockets,
 *      interop mode's netfilter hooks): the handler counts in it from the
 *      first segment on;
 *   2. the TIME-WAIT cache, the orphan count, TCP Small Queues' tasklets
 *      (tsq.c) and the struct proto, which sockets and segments need;
 *   3. the GSO offloads for the protocol number in IPv4 and IPv6 (gso.c),
 *      then the IP protocol handlers;
 *   4. the socket interface (protosw);
 *   5. what users see: /proc/net/xtcp, /proc/net/xtcp_stat and the
 *      net.xtcp sysctls, last, so they never show a module that is half
 *      loaded.
 * Unload undoes the same steps in reverse. Once the protosw and the
 * handler are gone, no socket or segment can appear: xtcp_protocol_exit()
 * resets the connections that outlived their files and waits for the last
 * socket to be freed, and xtcp_tw_exit() ends TIME-WAIT. Interop mode's
 * hooks stay until the namespaces' state goes, but take nothing once no
 * interop port is held; the ports go back to TCP before the workqueue
 * goes.
 * The offloads go after the last socket (an aggregate of a closing
 * connection may wait in a qdisc until then), and so do the tasklets: a
 * socket waiting for one is not freed before it ran.
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/module.h>
#include <linux/net.h>

#include "cong.h"
#include "gso.h"
#include "hash.h"
#include "interop.h"
#include "net.h"
#include "orphan.h"
#include "tw.h"
#include "xtcp.h"

static int protocol = XTCP_DEFAULT_PROTOCOL;
module_param(protocol, int, 0444);
MODULE_PARM_DESC(protocol, "IP protocol number xtcp uses (1-255, default 253)");

u8 xtcp_ipproto;

static int __init xtcp_init(void)
{
	int err;

	if (protocol < 1 || protocol > 255) {
		pr_err("protocol=%d is not an IP protocol number (1-255)\n",
		       protocol);
		return -EINVAL;
	}
	xtcp_ipproto = protocol;

	err = xtcp_resv_init();
	if (err)
		return err;
	err = xtcp_hash_init();
	if (err)
		goto err_resv;
	err = xtcp_net_register();
	if (err)
		goto err_hash;
	err = xtcp_cong_init_builtin();
	if (err)
		goto err_net;
	err = xtcp_tw_init();
	if (err)
		goto err_cong;
	err = xtcp_orphan_init();
	if (err)
		goto err_tw;
	xtcp_tsq_init();
	err = xtcp_protocol_init();
	if (err)
		goto err_orphan;
	err = xtcp_gso_register();
	if (err) {
		pr_err("protocol=%u has an offload already\n", xtcp_ipproto);
		goto err_proto;
	}
	err = xtcp_input_register();
	if (err)
		goto err_gso;
	err = xtcp_protocol_register();
	if (err)
		goto err_input;
	err = xtcp_net_files_register();
	if (err)
		goto err_protosw;

	pr_info("loaded on IP protocol %u\n", xtcp_ipproto);
	return 0;

err_protosw:
	xtcp_protocol_unregister();
err_input:
	xtcp_input_unregister();
err_gso:
	xtcp_gso_unregister();
err_proto:
	xtcp_protocol_exit();
	xtcp_tsq_exit();
err_orphan:
	xtcp_orphan_exit();
err_tw:
	xtcp_tw_exit();
err_cong:
	xtcp_cong_exit_builtin();
err_net:
	xtcp_net_unregister();
err_hash:
	xtcp_hash_exit();
err_resv:
	xtcp_resv_exit();
	return err;
}

static void __exit xtcp_exit(void)
{
	xtcp_net_files_unregister();
	xtcp_protocol_unregister();
	xtcp_input_unregister();
	xtcp_protocol_exit();
	xtcp_tsq_exit();	/* no socket is left to queue */
	xtcp_gso_unregister();	/* nor to send an aggregate */
	xtcp_orphan_exit();
	xtcp_tw_exit();
	xtcp_cong_exit_builtin();
	xtcp_net_unregister();
	xtcp_hash_exit();
	xtcp_resv_exit();
	pr_info("unloaded\n");
}

module_init(xtcp_init);
module_exit(xtcp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: experimental TCP on its own IP protocol");
/*
 * socket() asks for "net-pf-2-proto-253-type-1". SOCK_STREAM is an enum, which
 * __stringify() cannot expand, hence the literal 1 (as net/dccp does).
 */
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET, XTCP_DEFAULT_PROTOCOL, 1);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET6, XTCP_DEFAULT_PROTOCOL, 1);
