// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the net.xtcp sysctls, one table per network namespace.
 *
 * net.xtcp.msl_ms - maximum segment lifetime in milliseconds (1 to one
 * hour, default 30000: TIME-WAIT, 2 * MSL, lasts 60 s as in Linux's TCP).
 * Lowering it also ends TIME-WAIT entries already there 2 * MSL from then
 * at the latest (tw_timer.c).
 * net.xtcp.rto_min_ms, net.xtcp.rto_max_ms - bounds of the retransmission
 * timeout (rtt.h; 1 ms to 10 min, defaults 200 and 120000 as Linux's).
 * net.xtcp.rmem_default, net.xtcp.wmem_default - SO_RCVBUF and SO_SNDBUF
 * of a new socket, in bytes (4096 to 1 GiB, defaults 4 MiB: net.h says
 * why), unless the user sets them. The receive window is half of
 * SO_RCVBUF, and the window shift is chosen for it at connect() or when
 * the SYN arrives. In a namespace whose owner is not the initial user
 * namespace (unshare -Ur -n), a value past net.core.rmem_max
 * (wmem_max) is refused with EINVAL: its root may not give its sockets
 * more than SO_RCVBUF (SO_SNDBUF) would.
 * net.xtcp.tcp_min_snd_mss - the least MSS a connection sends with,
 * whatever the peer's SYN advertises (48 to 65535, default 48, as Linux's
 * net.ipv4.tcp_min_snd_mss).
 * net.xtcp.tcp_challenge_ack_limit - challenge ACKs a second in the
 * namespace (RFC 5961 7; default INT_MAX, no limit, as Linux's).
 * net.xtcp.tcp_invalid_ratelimit - the least time between two ACKs a
 * connection sends to invalid segments, in milliseconds (default 500, as
 * Linux's). Both are ratelimit.h's, and apply at once.
 * net.xtcp.tcp_syncookies - SYN cookies when a listener's SYN queue is
 * full: 0 never (the SYN is dropped), 1 (default) when it is full, 2 for
 * every SYN (Linux's net.ipv4.tcp_syncookies; listen.c, syncookie.h).
 * net.xtcp.tcp_max_orphans, net.xtcp.tcp_orphan_retries - orphans allowed
 * and their retries (orphan.c); net.xtcp.tcp_max_tw_buckets - TIME-WAIT
 * entries allowed (tw.c). As Linux's, and apply at once.
 * net.xtcp.tcp_congestion_control - the congestion control algorithm new
 * sockets get (cong.c; "cubic" by default, "reno" the other built in);
 * an unknown name is refused with ENOENT, as Linux's
 * net.ipv4.tcp_congestion_control. A new namespace starts with the
 * initial namespace's.
 * net.xtcp.tcp_timestamps - RFC 7323 timestamps: 0 off, 1 (default) on
 * with a TSval offset per connection, 2 on without (tsopt.c), as
 * Linux's net.ipv4.tcp_timestamps. net.xtcp.tcp_tw_reuse - connect() may
 * take over a TIME-WAIT entry's 4-tuple: 0 never, 1 always, 2 (default)
 * on loopback only, as Linux's net.ipv4.tcp_tw_reuse (port.c).
 * net.xtcp.tcp_sack - SYNs offer SACK (RFC 2018; 1, the default) or
 * not (0), and a SYN,ACK answers one that offers it; net.xtcp.tcp_dsack -
 * the receiver reports duplicates in DSACK blocks (RFC 2883; 1, the
 * default), as Linux's net.ipv4.tcp_sack and tcp_dsack (sack.h).
 * net.xtcp.tcp_recovery - RACK (RFC 8985, rack.h), Linux's bits: 1 RACK
 * loss detection (the default), 2 a static reordering window (no DSACK
 * growth), 4 no DupThresh shortcut before reordering is seen; 0 takes
 * losses by DupThresh (RFC 6675). net.xtcp.tcp_early_retrans - Tail
 * Loss Probe: 3 (the default) and 4 on, 0 to 2 off (Linux's 1 and 2
 * were early retransmit, which RACK replaced). With SACK only.
 * They apply to connections (sockets, for the buffers) opened afterwards.
 * net.xtcp.interop - new sockets speak TCP on the wire (interop.c): 0
 * (default) no, 1 yes; XTCP_INTEROP sets it per socket.
 * net.xtcp.rmem_max - the most receive buffer autotuning gives a socket,
 * in bytes (4096 to 1 GiB, default 6 MiB, as tcp_rmem[2]; capped as
 * rmem_default outside the initial user namespace); the window shift is
 * chosen for it. net.xtcp.tcp_moderate_rcvbuf - receive buffer
 * autotuning: 1 (default) on, 0 off, as Linux's (rcvbuf.c). Both apply
 * at once.
 *
 * net.xtcp.tcp_notsent_lowat - unsent octets above which a socket
 * without TCP_NOTSENT_LOWAT of its own is not writable (stream.c; default
 * UINT_MAX, as Linux's net.ipv4.tcp_notsent_lowat); applies at once.
 *
 * net.xtcp.fastopen - TCP Fast Open (fastopen.h), Linux's bits of
 * net.ipv4.tcp_fastopen: 0x1 (the default) clients, 0x2 servers, 0x4
 * clients send data without a cookie, 0x200 servers take data without a
 * cookie, 0x400 listeners take Fast Open without TCP_FASTOPEN.
 * net.xtcp.fastopen_key - the key of the namespace's Fast Open cookies,
 * random at its start, and a backup key, as net.ipv4.tcp_fastopen_key
 * shows and takes them (root only). Both apply at once.
 * net.xtcp.tcp_ecn - Explicit Congestion Notification (RFC 3168, ecn.h):
 * 0 off, 1 our SYNs ask for it and we agree to the peer's, 2 (default)
 * we only agree, as Linux's net.ipv4.tcp_ecn. net.xtcp.tcp_ecn_fallback
 * - a SYN sent again no longer asks (1, the default) or still does (0),
 * as Linux's net.ipv4.tcp_ecn_fallback. Both apply to connections opened
 * afterwards.
 *
 * net.xtcp.mem - three numbers of pages, the memory all xtcp sockets may
 * use, as net.ipv4.tcp_mem (mem.c); in the initial namespace only, as
 * tcp_mem.
 */
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "cong.h"
#include "ctrl.h"
#include "ecn.h"
#include "fastopen.h"
#include "fsm.h"
#include "mem.h"
#include "net.h"
#include "rack.h"
#include "timers.h"

static unsigned int msl_ms_max = 3600 * MSEC_PER_SEC;
static unsigned int rto_ms_max = 600 * MSEC_PER_SEC;
static unsigned int mem_min = 4096;
static unsigned int mem_max = 1U << 30;
static unsigned int min_snd_mss_min = XTCP_MIN_SND_MSS;
static unsigned int min_snd_mss_max = 65535;
static unsigned int recovery_max = XTCP_RACK_LOSS_DETECTION |
				   XTCP_RACK_STATIC_REO_WND |
				   XTCP_RACK_NO_DUPTHRESH;
static unsigned int early_retrans_max = 4;
static unsigned int ecn_max = XTCP_ECN_PASSIVE;

/* net.xtcp.msl_ms: lowering it shortens TIME-WAIT entries already there */
static int proc_msl(XTCP_CTL_TABLE *ctl, int write, void *buffer,
		    size_t *lenp, loff_t *ppos)
{
	struct xtcp_net *xn = container_of(ctl->data, struct xtcp_net, msl_ms);
	u32 old = READ_ONCE(xn->msl_ms);
	int ret;

	ret = proc_douintvec_minmax(ctl, write, buffer, lenp, ppos);
	if (write && !ret && READ_ONCE(xn->msl_ms) < old)
		xtcp_timers_tw_msl(xn, 2 * READ_ONCE(xn->msl_ms));
	return ret;
}

/* net.xtcp.tcp_congestion_control, as Linux's proc_tcp_congestion_control() */
static int proc_cong(XTCP_CTL_TABLE *ctl, int write, void *buffer,
		     size_t *lenp, loff_t *ppos)
{
	struct xtcp_net *xn = container_of(ctl->data, struct xtcp_net,
					   cong_default);
	char name[XTCP_CONG_NAME_MAX];
	struct ctl_table tbl = {
		.data	= name,
		.maxlen	= sizeof(name),
	};
	int ret;

	xtcp_cong_default_name(xn, name);
	ret = proc_dostring(&tbl, write, buffer, lenp, ppos);
	if (write && !ret)
		ret = xtcp_cong_set_default(xn, name);
	return ret;
}

/*
 * The per-namespace table: each entry's .data is the offset of its value in
 * &struct xtcp_net, made a pointer into the namespace's own by
 * xtcp_ctrl_init() (as net.ipv4's table is rebased onto each &struct net).
 */
#define XN(field)	((void *)offsetof(struct xtcp_net, field))

static struct ctl_table xtcp_sysctl_table[] = {
	{
		.procname	= "msl_ms",
		.data		= XN(msl_ms),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_msl,
		.extra1		= SYSCTL_ONE,
		.extra2		= &msl_ms_max,
	},
	{
		.procname	= "rto_min_ms",
		.data		= XN(rto_min_ms),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= SYSCTL_ONE,
		.extra2		= &rto_ms_max,
	},
	{
		.procname	= "rto_max_ms",
		.data		= XN(rto_max_ms),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= SYSCTL_ONE,
		.extra2		= &rto_ms_max,
	},
	{
		.procname	= "rmem_default",
		.data		= XN(rmem_default),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= &mem_min,
		.extra2		= &mem_max,
	},
	{
		.procname	= "wmem_default",
		.data		= XN(wmem_default),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= &mem_min,
		.extra2		= &mem_max,
	},
	{
		.procname	= "tcp_min_snd_mss",
		.data		= XN(min_snd_mss),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= &min_snd_mss_min,
		.extra2		= &min_snd_mss_max,
	},
	{
		.procname	= "tcp_challenge_ack_limit",
		.data		= XN(challenge_ack_limit),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
	},
	{
		.procname	= "tcp_invalid_ratelimit",
		.data		= XN(invalid_ratelimit),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_ms_jiffies,
	},
	{
		.procname	= "tcp_syncookies",
		.data		= XN(syncookies),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_TWO,
	},
	{
		.procname	= "tcp_max_orphans",
		.data		= XN(max_orphans),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_INT_MAX,
	},
	{
		.procname	= "tcp_orphan_retries",
		.data		= XN(orphan_retries),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_max_tw_buckets",
		.data		= XN(max_tw_buckets),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
	},
	{
		.procname	= "tcp_timestamps",
		.data		= XN(tcp_timestamps),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_TWO,
	},
	{
		.procname	= "tcp_tw_reuse",
		.data		= XN(tcp_tw_reuse),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_TWO,
	},
	{
		.procname	= "tcp_congestion_control",
		.data		= XN(cong_default),
		.maxlen		= XTCP_CONG_NAME_MAX,
		.mode		= 0644,
		.proc_handler	= proc_cong,
	},
	/* interop mode (interop.c) */
	{
		.procname	= "interop",
		.data		= XN(interop),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "rmem_max",
		.data		= XN(rmem_max),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= &mem_min,
		.extra2		= &mem_max,
	},
	{
		.procname	= "tcp_moderate_rcvbuf",
		.data		= XN(moderate_rcvbuf),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_notsent_lowat",
		.data		= XN(notsent_lowat),
		.maxlen		= sizeof(u32),
		.mode		= 0644,
		.proc_handler	= proc_douintvec,
	},
	{
		.procname	= "tcp_sack",
		.data		= XN(tcp_sack),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_dsack",
		.data		= XN(tcp_dsack),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
	},
	{
		.procname	= "tcp_recovery",
		.data		= XN(tcp_recovery),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &recovery_max,
	},
	{
		.procname	= "tcp_early_retrans",
		.data		= XN(tcp_early_retrans),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &early_retrans_max,
	},
	{
		.procname	= "tcp_ecn",
		.data		= XN(tcp_ecn),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &ecn_max,
	},
	{
		.procname	= "tcp_ecn_fallback",
		.data		= XN(tcp_ecn_fallback),
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "tcp_limit_output_bytes",
		.data		= XN(limit_output_bytes),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
	},
	{
		.procname	= "fastopen",
		.data		= XN(fastopen),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec,
	},
	{
		.procname	= "fastopen_key",
		.data		= XN(fo_keys),
		.maxlen		= 2 * 35 + 2,
		.mode		= 0600,
		.proc_handler	= xtcp_fastopen_proc_key,
	},
	{ }	/* end of table, for kernels before 6.6 */
};

static struct ctl_table xtcp_mem_table[] = {
	{
		.procname	= "mem",
		.data		= &xtcp_sysctl_mem,
		.maxlen		= sizeof(xtcp_sysctl_mem),
		.mode		= 0644,
		.proc_handler	= proc_doulongvec_minmax,
	},
	{ }	/* end of table, for kernels before 6.6 */
};

static struct ctl_table_header *xtcp_mem_hdr;

/* buffer sizes capped at net.core.[rw]mem_max outside init_user_ns */
static void xtcp_ctrl_cap(struct ctl_table *entry, size_t off)
{
	if (off == offsetof(struct xtcp_net, rmem_default) ||
	    off == offsetof(struct xtcp_net, rmem_max))
		entry->extra2 = &sysctl_rmem_max;
	else if (off == offsetof(struct xtcp_net, wmem_default))
		entry->extra2 = &sysctl_wmem_max;
}

/**
 * xtcp_ctrl_init() - register net.xtcp in a namespace
 * @net: the namespace, whose &struct xtcp_net holds the values; the
 *	initial one also gets net.xtcp.mem
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_ctrl_init(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	struct ctl_table *table;
	unsigned int i;

	table = kmemdup(xtcp_sysctl_table, sizeof(xtcp_sysctl_table),
			GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(xtcp_sysctl_table) - 1; i++) {
		size_t off = (uintptr_t)table[i].data;

		table[i].data = (void *)xn + off;
		/* no more than SO_RCVBUF and SO_SNDBUF give, outside init_user_ns */
		if (net->user_ns != &init_user_ns)
			xtcp_ctrl_cap(&table[i], off);
	}

	if (net_eq(net, &init_net)) {
		xtcp_mem_hdr = xtcp_register_net_sysctl(net, "net/xtcp",
							xtcp_mem_table,
							ARRAY_SIZE(xtcp_mem_table) - 1);
		if (!xtcp_mem_hdr)
			goto err_table;
	}
	xn->sysctl_hdr = xtcp_register_net_sysctl(net, "net/xtcp", table,
						  ARRAY_SIZE(xtcp_sysctl_table) - 1);
	if (!xn->sysctl_hdr)
		goto err_mem;
	return 0;

err_mem:
	if (net_eq(net, &init_net)) {
		unregister_net_sysctl_table(xtcp_mem_hdr);
		xtcp_mem_hdr = NULL;
	}
err_table:
	kfree(table);
	return -ENOMEM;
}

/**
 * xtcp_ctrl_exit() - unregister net.xtcp from a namespace
 * @net: the namespace
 */
void xtcp_ctrl_exit(struct net *net)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	const struct ctl_table *table = xn->sysctl_hdr->ctl_table_arg;

	unregister_net_sysctl_table(xn->sysctl_hdr);
	xn->sysctl_hdr = NULL;
	kfree(table);
	if (net_eq(net, &init_net)) {
		unregister_net_sysctl_table(xtcp_mem_hdr);
		xtcp_mem_hdr = NULL;
	}
}
