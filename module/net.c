// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: per-network-namespace state, in two sets of pernet_operations.
 *
 * xtcp_net_ops: the state itself (counters, sysctl values, the control
 * sockets, interop mode's netfilter hooks, registered by the first interop
 * socket to hold a port there; TIME-WAIT entries of a
 * namespace end with it). Registered
 * first at load, unregistered last at unload, so the protocol handler
 * always finds it.
 *
 * xtcp_net_files_ops: what users see (/proc/net/xtcp, /proc/net/xtcp_stat,
 * net.xtcp.*).
 * Registered last at load, unregistered first at unload.
 */
#include <linux/module.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "cong.h"
#include "ctrl.h"
#include "ecn.h"
#include "fastopen.h"
#include "fsm.h"
#include "hash.h"
#include "interop.h"
#include "mib.h"
#include "net.h"
#include "orphan.h"
#include "output.h"
#include "proc.h"
#include "rack.h"
#include "rcvbuf.h"
#include "rtt.h"
#include "sockstat.h"
#include "timers.h"
#include "tw.h"

unsigned int xtcp_net_id __read_mostly;
XTCP_KUNIT_EXPORT(xtcp_net_id);

static int __net_init xtcp_net_init(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	int err;

	xn->msl_ms = XTCP_MSL_MS_DEFAULT;
	xn->rto_min_ms = XTCP_RTO_MIN_MS;
	xn->rto_max_ms = XTCP_RTO_MAX_MS;
	xn->rmem_default = XTCP_RMEM_DEFAULT;
	xn->min_snd_mss = XTCP_MIN_SND_MSS;
	xn->wmem_default = XTCP_WMEM_DEFAULT;
	xn->challenge_ack_limit = XTCP_CHALLENGE_ACK_LIMIT;
	xn->invalid_ratelimit = msecs_to_jiffies(XTCP_INVALID_RATELIMIT_MS);
	xn->syncookies = XTCP_SYNCOOKIES_ON;
	xtcp_syncookie_key_init(&xn->syncookie_key);
	xn->max_orphans = xtcp_orphan_default_max();
	xn->max_tw_buckets = xtcp_orphan_default_max();
	xn->orphan_retries = 0;
	atomic_set(&xn->tw_count, 0);
	xn->tcp_timestamps = XTCP_TS_RANDOM_OFFSET;
	xn->tcp_tw_reuse = XTCP_TW_REUSE_LOOPBACK;
	xn->rmem_max = XTCP_RMEM_MAX_DEFAULT;
	xn->moderate_rcvbuf = XTCP_MODERATE_RCVBUF_DEFAULT;
	xn->notsent_lowat = UINT_MAX;
	xn->tcp_sack = 1;		/* as Linux's */
	xn->tcp_dsack = 1;
	xn->tcp_recovery = XTCP_RACK_LOSS_DETECTION;	/* as Linux's */
	xn->tcp_early_retrans = 3;
	xn->limit_output_bytes = XTCP_LIMIT_OUTPUT_BYTES;
	xn->tcp_ecn = XTCP_ECN_PASSIVE;		/* as Linux's */
	xn->tcp_ecn_fallback = 1;
	err = xtcp_mib_init(xn);
	if (err)
		return err;
	err = xtcp_timers_tw_net_init(xn);
	if (err)
		goto err_mib;
	err = xtcp_output_net_init(net, xn);
	if (err)
		goto err_tw;
	xtcp_interop_net_init(xn);
	err = xtcp_fastopen_net_init(xn);
	if (err)
		goto err_output;
	xtcp_cong_net_init(xn, net_eq(net, &init_net));
	return 0;

err_output:
	xtcp_output_net_exit(xn);
err_tw:
	xtcp_timers_tw_net_exit(xn);
err_mib:
	xtcp_mib_exit(xn);
	return err;
}

static void __net_exit xtcp_net_exit(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	unsigned int cursor = 0;
	struct xtcp_tw *tw;

	xtcp_interop_net_exit(net, xn);
	/* TIME-WAIT entries hold no reference on their namespace */
	while ((tw = xtcp_hash_any_tw(net, &cursor))) {
		xtcp_tw_kill(tw);
		xtcp_tw_put(tw);
	}
	/* their ports in TCP's table, before TCP leaves the namespace */
	xtcp_resv_flush();
	xtcp_cong_net_exit(xn);
	xtcp_fastopen_net_exit(xn);
	xtcp_output_net_exit(xn);
	xtcp_timers_tw_net_exit(xn);
	xtcp_mib_exit(xn);
}

static struct pernet_operations xtcp_net_ops = {
	.init	= xtcp_net_init,
	.exit	= xtcp_net_exit,
	.id	= &xtcp_net_id,
	.size	= sizeof(struct xtcp_net),
};

static int __net_init xtcp_net_files_init(struct net *net)
{
	int err;

	err = xtcp_mib_proc_init(net);
	if (err)
		return err;
	err = xtcp_proc_init(net);
	if (err)
		goto err_mib;
	err = xtcp_sockstat_init(net);
	if (err)
		goto err_proc;
	err = xtcp_ctrl_init(net);
	if (err)
		goto err_sockstat;
	return 0;

err_sockstat:
	xtcp_sockstat_exit(net);
err_proc:
	xtcp_proc_exit(net);
err_mib:
	xtcp_mib_proc_exit(net);
	return err;
}

static void __net_exit xtcp_net_files_exit(struct net *net)
{
	xtcp_ctrl_exit(net);
	xtcp_sockstat_exit(net);
	xtcp_proc_exit(net);
	xtcp_mib_proc_exit(net);
}

static struct pernet_operations xtcp_net_files_ops = {
	.init	= xtcp_net_files_init,
	.exit	= xtcp_net_files_exit,
};

/**
 * xtcp_net_register() - give every namespace, now and to come, its state
 *
 * Return: 0 or a negative errno.
 */
int xtcp_net_register(void)
{
	return register_pernet_subsys(&xtcp_net_ops);
}

/**
 * xtcp_net_unregister() - free the state of every namespace
 *
 * Call once nothing can count in a namespace any more: after
 * xtcp_input_unregister().
 */
void xtcp_net_unregister(void)
{
	unregister_pernet_subsys(&xtcp_net_ops);
}

/**
 * xtcp_net_files_register() - show the counters and sysctls to users
 *
 * Description: Creates /proc/net/xtcp_stat and net.xtcp in every
 * namespace, now and to come.
 *
 * Context: after xtcp_net_register().
 *
 * Return: 0 or a negative errno.
 */
int xtcp_net_files_register(void)
{
	return register_pernet_subsys(&xtcp_net_files_ops);
}

/**
 * xtcp_net_files_unregister() - hide the counters and sysctls from users
 *
 * Removes /proc/net/xtcp_stat and net.xtcp from every namespace.
 */
void xtcp_net_files_unregister(void)
{
	unregister_pernet_subsys(&xtcp_net_files_ops);
}
