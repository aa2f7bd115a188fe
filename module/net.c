// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: per-network-namespace state, in two sets of pernet_operations.
 *
 * xtcp_net_ops: the state itself (counters, sysctl values). Registered
 * first at load, unregistered last at unload, so the protocol handler
 * always finds it.
 *
 * xtcp_net_files_ops: what users see (/proc/net/xtcp_stat, net.xtcp.*).
 * Registered last at load, unregistered first at unload.
 */
#include <linux/module.h>
#include <net/net_namespace.h>

#include "ctrl.h"
#include "mib.h"
#include "net.h"

unsigned int xtcp_net_id __read_mostly;

static int __net_init xtcp_net_init(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);

	xn->msl_ms = XTCP_MSL_MS_DEFAULT;
	return xtcp_mib_init(xn);
}

static void __net_exit xtcp_net_exit(struct net *net)
{
	xtcp_mib_exit(xtcp_pernet(net));
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
	err = xtcp_ctrl_init(net);
	if (err)
		goto err_proc;
	return 0;

err_proc:
	xtcp_mib_proc_exit(net);
	return err;
}

static void __net_exit xtcp_net_files_exit(struct net *net)
{
	xtcp_ctrl_exit(net);
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
