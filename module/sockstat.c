// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: /proc/net/xtcp_sockstat, one line as /proc/net/sockstat's for TCP
 * (net/ipv4/proc.c sockstat_seq_show()):
 *
 *	XTCP: inuse 3 orphan 0 tw 1 alloc 5 mem 2
 *
 * inuse: IPv4 sockets of this namespace in the tables (bound, listening
 * or connected; what /proc/net/protocols counts for XTCP; as sockstat's
 * TCP line, AF_INET6 sockets are not in it); orphan: sockets their
 * users have closed that still finish their connection, over every
 * namespace (net.xtcp.tcp_max_orphans is held against this count:
 * orphan.c); tw: this namespace's TIME-WAIT entries (tw.c); alloc: xtcp
 * sockets that exist, over every namespace; mem: pages charged to xtcp
 * sockets (net.xtcp.mem, mem.c). Counts as the kernel's TCP counts them,
 * so a reader compares the two lines.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/sock.h>

#include "mem.h"
#include "net.h"
#include "orphan.h"
#include "sockstat.h"
#include "xtcp.h"

static int sockstat_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);

	seq_printf(seq, "XTCP: inuse %d orphan %lld tw %d alloc %lld mem %ld\n",
		   xtcp_protocol_inuse(net), xtcp_orphan_count_sum(),
		   atomic_read(&xtcp_pernet(net)->tw_count),
		   percpu_counter_sum_positive(&xtcp_sockets_allocated),
		   max(0L, atomic_long_read(&xtcp_memory_allocated)));
	return 0;
}

/**
 * xtcp_sockstat_init() - create /proc/net/xtcp_sockstat in a namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_sockstat_init(struct net *net)
{
	if (!proc_create_net_single("xtcp_sockstat", 0444, net->proc_net,
				    sockstat_show, NULL))
		return -ENOMEM;
	return 0;
}

/**
 * xtcp_sockstat_exit() - remove /proc/net/xtcp_sockstat from a namespace
 * @net: the namespace
 */
void xtcp_sockstat_exit(struct net *net)
{
	remove_proc_entry("xtcp_sockstat", net->proc_net);
}
