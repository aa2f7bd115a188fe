// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: per-namespace counters and /proc/net/xtcp_stat, which lists them
 * one "Name value" line each, summed over the CPUs.
 */
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "mib.h"

static const char * const xtcp_mib_names[XTCP_MIB_MAX] = {
	[XTCP_MIB_INSEGS]	= "InSegs",
	[XTCP_MIB_INOTHERHOST]	= "InOtherHost",
	[XTCP_MIB_INNOTUNICAST]	= "InNotUnicast",
	[XTCP_MIB_INNOMEM]	= "InNoMem",
	[XTCP_MIB_INSHORT]	= "InShort",
	[XTCP_MIB_INBADDOFF]	= "InBadDoff",
	[XTCP_MIB_INBADOPTION]	= "InBadOption",
	[XTCP_MIB_INCSUMERRORS]	= "InCsumErrors",
	[XTCP_MIB_INNOSOCKET]	= "InNoSocket",
	[XTCP_MIB_INBACKLOGDROP] = "InBacklogDrop",
	[XTCP_MIB_INPOLICYDROP]	= "InPolicyDrop",
	[XTCP_MIB_INFILTERDROP]	= "InFilterDrop",
	[XTCP_MIB_OUTSEGS]	= "OutSegs",
	[XTCP_MIB_OUTRSTS]	= "OutRsts",
	[XTCP_MIB_RETRANSSEGS]	= "RetransSegs",
	[XTCP_MIB_ACTIVEOPENS]	= "ActiveOpens",
	[XTCP_MIB_PASSIVEOPENS]	= "PassiveOpens",
	[XTCP_MIB_ESTABRESETS]	= "EstabResets",
	[XTCP_MIB_LISTENDROPS]	= "ListenDrops",
	[XTCP_MIB_OFOQUEUED]	= "OfoQueued",
	[XTCP_MIB_OFODROP]	= "OfoDrop",
	[XTCP_MIB_DUPDATA]	= "DupData",
	[XTCP_MIB_DELAYEDACKS]	= "DelayedACKs",
	[XTCP_MIB_WINPROBES]	= "WinProbes",
	[XTCP_MIB_SPURIOUSUNDO]	= "SpuriousUndo",
	[XTCP_MIB_RCVQDROP]	= "RcvQDrop",
	[XTCP_MIB_RCVCOALESCE]	= "RcvCoalesce",
	[XTCP_MIB_RCVCOLLAPSED]	= "RcvCollapsed",
	[XTCP_MIB_OFOPRUNED]	= "OfoPruned",
	[XTCP_MIB_TCPCHALLENGEACK] = "TCPChallengeACK",
	[XTCP_MIB_TCPACKSKIPPEDCHALLENGE] = "TCPACKSkippedChallenge",
	[XTCP_MIB_TCPACKSKIPPEDSEQ] = "TCPACKSkippedSeq",
	[XTCP_MIB_TCPACKSKIPPEDSYNRECV] = "TCPACKSkippedSynRecv",
	[XTCP_MIB_TCPACKSKIPPEDTIMEWAIT] = "TCPACKSkippedTimeWait",
	[XTCP_MIB_OUTOFWINDOWICMPS] = "OutOfWindowIcmps",
	[XTCP_MIB_LOCKDROPPEDICMPS] = "LockDroppedIcmps",
	[XTCP_MIB_SYNCOOKIESSENT] = "SyncookiesSent",
	[XTCP_MIB_SYNCOOKIESRECV] = "SyncookiesRecv",
	[XTCP_MIB_SYNCOOKIESFAILED] = "SyncookiesFailed",
	[XTCP_MIB_LISTENOVERFLOWS] = "ListenOverflows",
	[XTCP_MIB_TCPREQQFULLDOCOOKIES] = "TCPReqQFullDoCookies",
	[XTCP_MIB_TCPREQQFULLDROP] = "TCPReqQFullDrop",
	[XTCP_MIB_TCPABORTONMEMORY] = "TCPAbortOnMemory",
	[XTCP_MIB_TCPABORTONTIMEOUT] = "TCPAbortOnTimeout",
	[XTCP_MIB_TCPTIMEWAITOVERFLOW] = "TCPTimeWaitOverflow",
	[XTCP_MIB_TCPMEMORYPRESSURES] = "TCPMemoryPressures",
	[XTCP_MIB_PAWSESTAB] = "PAWSEstab",
	[XTCP_MIB_TCPACKSKIPPEDPAWS] = "TCPACKSkippedPAWS",
	[XTCP_MIB_TWRECYCLED] = "TWRecycled",
	[XTCP_MIB_TCPSACKRECOVERY] = "TCPSackRecovery",
	[XTCP_MIB_TCPSACKRENEGING] = "TCPSACKReneging",
	[XTCP_MIB_TCPDSACKOLDSENT] = "TCPDSACKOldSent",
	[XTCP_MIB_TCPDSACKOFOSENT] = "TCPDSACKOfoSent",
	[XTCP_MIB_TCPDSACKRECV] = "TCPDSACKRecv",
	[XTCP_MIB_TCPDSACKOFORECV] = "TCPDSACKOfoRecv",
	[XTCP_MIB_TCPSACKDISCARD] = "TCPSACKDiscard",
	[XTCP_MIB_TCPDSACKIGNOREDOLD] = "TCPDSACKIgnoredOld",
	[XTCP_MIB_TCPDSACKIGNOREDNOUNDO] = "TCPDSACKIgnoredNoUndo",
	[XTCP_MIB_TCPDSACKUNDO] = "TCPDSACKUndo",
	[XTCP_MIB_TCPSACKREORDER] = "TCPSACKReorder",
	[XTCP_MIB_TCPLOSSPROBES] = "TCPLossProbes",
	[XTCP_MIB_TCPLOSSPROBERECOVERY] = "TCPLossProbeRecovery",
	[XTCP_MIB_OUTAGGREGATES] = "OutAggregates",
	[XTCP_MIB_TCPTIMEOUTS] = "TCPTimeouts",
	[XTCP_MIB_TCPLOSTRETRANSMIT] = "TCPLostRetransmit",
	[XTCP_MIB_TCPFASTOPENACTIVE] = "TCPFastOpenActive",
	[XTCP_MIB_TCPFASTOPENACTIVEFAIL] = "TCPFastOpenActiveFail",
	[XTCP_MIB_TCPFASTOPENPASSIVE] = "TCPFastOpenPassive",
	[XTCP_MIB_TCPFASTOPENPASSIVEFAIL] = "TCPFastOpenPassiveFail",
	[XTCP_MIB_TCPFASTOPENLISTENOVERFLOW] = "TCPFastOpenListenOverflow",
	[XTCP_MIB_TCPFASTOPENCOOKIEREQD] = "TCPFastOpenCookieReqd",
	[XTCP_MIB_TCPFASTOPENPASSIVEALTKEY] = "TCPFastOpenPassiveAltKey",
};

/**
 * xtcp_mib_init() - allocate a namespace's counters, all zero
 * @xn: the namespace's state
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_mib_init(struct xtcp_net *xn)
{
	xn->mib = alloc_percpu(struct xtcp_mib);
	return xn->mib ? 0 : -ENOMEM;
}

/**
 * xtcp_mib_exit() - free a namespace's counters
 * @xn: the namespace's state; nothing may count in it any more
 */
void xtcp_mib_exit(struct xtcp_net *xn)
{
	free_percpu(xn->mib);
	xn->mib = NULL;
}

static int stat_show(struct seq_file *seq, void *v)
{
	struct xtcp_net *xn = xtcp_pernet(seq_file_single_net(seq));
	unsigned long sum[XTCP_MIB_MAX] = {};
	int cpu, i;

	for_each_possible_cpu(cpu)
		for (i = 0; i < XTCP_MIB_MAX; i++)
			sum[i] += per_cpu_ptr(xn->mib, cpu)->mibs[i];
	for (i = 0; i < XTCP_MIB_MAX; i++)
		seq_printf(seq, "%s %lu\n", xtcp_mib_names[i], sum[i]);
	return 0;
}

/**
 * xtcp_mib_proc_init() - create /proc/net/xtcp_stat in a namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_mib_proc_init(struct net *net)
{
	if (!proc_create_net_single("xtcp_stat", 0444, net->proc_net,
				    stat_show, NULL))
		return -ENOMEM;
	return 0;
}

/**
 * xtcp_mib_proc_exit() - remove /proc/net/xtcp_stat from a namespace
 * @net: the namespace
 */
void xtcp_mib_proc_exit(struct net *net)
{
	remove_proc_entry("xtcp_stat", net->proc_net);
}
