/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: per-network-namespace state.
 */
#ifndef _XTCP_NET_H
#define _XTCP_NET_H

#include <linux/siphash.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "ratelimit.h"
#include "syncookie.h"

struct ctl_table_header;
struct xtcp_cong_ops;
struct xtcp_fo_cache;
struct xtcp_mib;
struct xtcp_tw_queue;

/**
 * struct xtcp_net - what xtcp keeps for each network namespace
 * @mib: the counters, per CPU (mib.c)
 * @sysctl_hdr: the net.xtcp sysctl table of this namespace (ctrl.c), or
 *	NULL while it is not registered
 * @ctl_sk: the control socket that sends segments belonging to no socket
 *	(output.c)
 * @msl_ms: net.xtcp.msl_ms, the maximum segment lifetime in milliseconds;
 *	TIME-WAIT lasts twice this (tw.c)
 * @rto_min_ms: net.xtcp.rto_min_ms, the lower bound of the retransmission
 *	timeout (rtt.h)
 * @rto_max_ms: net.xtcp.rto_max_ms, its upper bound, backoff included
 * @rmem_default: net.xtcp.rmem_default, SO_RCVBUF of a new socket, in
 *	bytes (as getsockopt() reports it: the window is half of it)
 * @wmem_default: net.xtcp.wmem_default, SO_SNDBUF of a new socket
 * @min_snd_mss: net.xtcp.tcp_min_snd_mss, the least MSS a connection sends
 *	with, whatever the peer advertises (fsm.h)
 * @challenge_ack_limit: net.xtcp.tcp_challenge_ack_limit, challenge ACKs
 *	a second in the namespace, on average (ratelimit.h); INT_MAX: no
 *	limit
 * @invalid_ratelimit: net.xtcp.tcp_invalid_ratelimit, in jiffies (the
 *	sysctl shows milliseconds): the least time between two ACKs a
 *	connection sends to invalid segments
 * @challenge: the namespace's challenge-ACK quota of this second
 * @syncookies: net.xtcp.tcp_syncookies, XTCP_SYNCOOKIES_* (syncookie.h):
 *	when a listener answers a SYN with a cookie
 * @syncookie_key: the keys of the namespace's SYN cookies, drawn when the
 *	namespace is made
 * @max_orphans: net.xtcp.tcp_max_orphans, orphans allowed (orphan.c)
 * @max_tw_buckets: net.xtcp.tcp_max_tw_buckets, TIME-WAIT entries allowed
 *	in the namespace (tw.c)
 * @orphan_retries: net.xtcp.tcp_orphan_retries (orphan.c)
 * @tw_count: TIME-WAIT entries of the namespace in the tables
 * @tw_queues: the 2MSL queues of its TIME-WAIT entries, one per CPU
 *	(tw_timer.c)
 * @tcp_timestamps: net.xtcp.tcp_timestamps, XTCP_TS_* (tsopt.h)
 * @tcp_tw_reuse: net.xtcp.tcp_tw_reuse, XTCP_TW_REUSE_* (tsopt.h)
 * @tcp_sack: net.xtcp.tcp_sack: our SYNs offer SACK (RFC 2018)
 * @tcp_dsack: net.xtcp.tcp_dsack: we send DSACKs (RFC 2883)
 * @tcp_recovery: net.xtcp.tcp_recovery, XTCP_RACK_* bits (rack.h)
 * @tcp_early_retrans: net.xtcp.tcp_early_retrans: TLP on at 3 and 4
 * @cong_default: net.xtcp.tcp_congestion_control, the congestion control
 *	algorithm new sockets get, with a reference on its module (cong.c)
 * @ctl_sk_tcp: the control socket of interop mode: protocol 6 (output.c)
 * @ctl_sk6: the IPv6 control socket, of xtcp's protocol (output.c)
 * @ctl_sk6_tcp: IPv6's control socket of interop mode (output.c)
 * @interop_ports: interop ports held in the kernel TCP's table (resv.c);
 *	interop.c's hooks do nothing while it is 0
 * @interop_hooked: interop.c's hooks are registered in the namespace
 *	(from the first interop port held until the namespace goes; set
 *	under interop.c's hooks_mutex, read locklessly)
 * @interop: net.xtcp.interop, whether new sockets are interop sockets
 * @rmem_max: net.xtcp.rmem_max, the most receive buffer autotuning gives
 *	a socket, in bytes (rcvbuf.c), as tcp_rmem[2]
 * @moderate_rcvbuf: net.xtcp.tcp_moderate_rcvbuf, receive buffer
 *	autotuning on (1) or off (0)
 * @notsent_lowat: net.xtcp.tcp_notsent_lowat, unsent octets above which a
 *	socket without TCP_NOTSENT_LOWAT is not writable (stream.c); UINT_MAX,
 *	the default, as Linux's: only the send buffer counts
 * @limit_output_bytes: net.xtcp.tcp_limit_output_bytes, the most a
 *	socket keeps queued below it (tsq.c)
 * @fastopen: net.xtcp.fastopen, XTCP_TFO_* bits (fastopen.h)
 * @fo_keys: the Fast Open cookies' keys, the primary first
 *	(net.xtcp.fastopen_key; random at the namespace's start)
 * @fo_nkeys: how many of @fo_keys there are (1 or 2)
 * @fo_cache: the clients' cookie cache (fastopen.h)
 * @tcp_ecn: net.xtcp.tcp_ecn, XTCP_ECN_* (ecn.h): who asks for ECN
 * @tcp_ecn_fallback: net.xtcp.tcp_ecn_fallback: a SYN sent again does
 *	not ask for ECN
 */
struct xtcp_net {
	struct xtcp_mib __percpu	*mib;
	struct ctl_table_header		*sysctl_hdr;
	struct sock			*ctl_sk;
	u32				msl_ms;
	u32				rto_min_ms;
	u32				rto_max_ms;
	u32				rmem_default;
	u32				wmem_default;
	u32				min_snd_mss;
	int				challenge_ack_limit;
	int				invalid_ratelimit;
	struct xtcp_challenge		challenge;
	int				syncookies;
	struct xtcp_syncookie_key	syncookie_key;
	u32				max_orphans;
	int				max_tw_buckets;
	u8				orphan_retries;
	atomic_t			tw_count;
	struct xtcp_tw_queue __percpu	*tw_queues;
	int				tcp_timestamps;
	int				tcp_tw_reuse;
	u8				tcp_sack;
	u8				tcp_dsack;
	u8				tcp_recovery;
	u8				tcp_early_retrans;
	const struct xtcp_cong_ops __rcu	*cong_default;
	/* interop mode */
	struct sock			*ctl_sk_tcp;
	struct sock			*ctl_sk6;
	struct sock			*ctl_sk6_tcp;
	atomic_t			interop_ports;
	bool				interop_hooked;
	u8				interop;
	u32				rmem_max;
	u8				moderate_rcvbuf;
	u32				notsent_lowat;
	int				limit_output_bytes;
	int				fastopen;
	u8				fo_nkeys;
	siphash_key_t			fo_keys[2];
	struct xtcp_fo_cache		*fo_cache;
	u8				tcp_ecn;
	u8				tcp_ecn_fallback;
};

/* Linux's default tcp_limit_output_bytes: 1 MiB */
#define XTCP_LIMIT_OUTPUT_BYTES	(16 * 65536)

/* Default maximum segment lifetime: 2 * MSL = 60 s, Linux's TIME-WAIT. */
#define XTCP_MSL_MS_DEFAULT	30000

/*
 * Default socket buffers. Linux's TCP starts at 128 KiB (tcp_rmem[1]) and
 * autotunes up to 6 MiB; xtcp autotunes its receive buffer up to
 * net.xtcp.rmem_max too (rcvbuf.c), but starts big: 4 MiB
 * of receive buffer offer a 2 MiB window (32 segments of 64 KiB, a
 * loopback path's bandwidth-delay product with room to spare), and 4 MiB
 * of send buffer hold that window in flight and as much again queued, so
 * a bulk sender never waits on its own buffer. Memory is only taken as
 * data is queued.
 */
#define XTCP_RMEM_DEFAULT	(4 << 20)
#define XTCP_WMEM_DEFAULT	(4 << 20)

extern unsigned int xtcp_net_id;

/**
 * xtcp_pernet() - the xtcp state of a namespace
 * @net: the namespace
 *
 * Valid from xtcp_net_register() to xtcp_net_unregister().
 *
 * Return: the namespace's &struct xtcp_net.
 */
static inline struct xtcp_net *xtcp_pernet(const struct net *net)
{
	return net_generic(net, xtcp_net_id);
}

int xtcp_net_register(void);
void xtcp_net_unregister(void);
int xtcp_net_files_register(void);
void xtcp_net_files_unregister(void);

#endif /* _XTCP_NET_H */
