/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: per-namespace counters, per CPU, listed in /proc/net/xtcp_stat.
 */
#ifndef _XTCP_MIB_H
#define _XTCP_MIB_H

#include <net/snmp.h>

#include "net.h"

/**
 * enum xtcp_mib_field - the counters, one line each in /proc/net/xtcp_stat
 * @XTCP_MIB_INSEGS: segments that reached the protocol handler, good or bad
 * @XTCP_MIB_INOTHERHOST: dropped: not addressed to this host (packet type)
 * @XTCP_MIB_INNOTUNICAST: dropped: sent to a broadcast or multicast address
 * @XTCP_MIB_INNOMEM: dropped: no memory to make the header readable
 * @XTCP_MIB_INSHORT: dropped: shorter than the 20-byte fixed header
 * @XTCP_MIB_INBADDOFF: dropped: data offset below 5 or past the end
 * @XTCP_MIB_INBADOPTION: dropped: malformed option
 * @XTCP_MIB_INCSUMERRORS: dropped: checksum does not verify
 * @XTCP_MIB_INNOSOCKET: dropped: well formed, but no socket to take it
 *	(answered with a reset unless it was one)
 * @XTCP_MIB_INBACKLOGDROP: dropped: the socket's backlog was full
 * @XTCP_MIB_INPOLICYDROP: dropped: the IPsec input policy (xfrm) refused
 *	it (xfrm counts why in /proc/net/xfrm_stat)
 * @XTCP_MIB_INFILTERDROP: dropped: the socket's filter (SO_ATTACH_FILTER,
 *	SO_ATTACH_BPF) or a security module's sock_rcv_skb hook refused it
 * @XTCP_MIB_OUTSEGS: segments sent, retransmissions and resets included;
 *	an aggregate (gso.c) counts as the segments it makes
 * @XTCP_MIB_OUTRSTS: resets sent
 * @XTCP_MIB_RETRANSSEGS: segments sent again by the retransmission timer
 * @XTCP_MIB_ACTIVEOPENS: connect() calls that sent a SYN (T02)
 * @XTCP_MIB_PASSIVEOPENS: children a listener created for a SYN (T04)
 * @XTCP_MIB_ESTABRESETS: connections ended by a reset from the peer (T24)
 * @XTCP_MIB_LISTENDROPS: SYNs dropped because the listener's SYN or
 *	accept queue was full or a security module refused the connection
 *	(inet_conn_request), and ACKs dropped because the accept queue was
 *	full
 * @XTCP_MIB_OFOQUEUED: segments kept in an out-of-order queue
 * @XTCP_MIB_OFODROP: out-of-order segments dropped: the receive buffer was
 *	full
 * @XTCP_MIB_DUPDATA: segments whose every octet had arrived before
 * @XTCP_MIB_DELAYEDACKS: ACKs the delayed-ACK timer sent (no segment of
 *	ours carried them in time)
 * @XTCP_MIB_WINPROBES: zero-window probes sent by the persist timer
 * @XTCP_MIB_SPURIOUSUNDO: fast retransmits undone: the ACK came sooner
 *	than a round trip after them (xtcp_cong_spurious())
 * @XTCP_MIB_RCVQDROP: in-order segments dropped: the receive buffer was
 *	full even after pruning (Linux's TCPRcvQDrop)
 * @XTCP_MIB_RCVCOALESCE: in-order segments whose data went into the room
 *	of the receive queue's last skb (TCPRcvCoalesce)
 * @XTCP_MIB_RCVCOLLAPSED: skbs of the receive queue copied into fewer
 *	when the buffer was full (TCPRcvCollapsed)
 * @XTCP_MIB_OFOPRUNED: out-of-order queues dropped to make room in a full
 *	receive buffer (OfoPruned)
 * @XTCP_MIB_TCPCHALLENGEACK: challenge ACKs sent (RFC 5961; ratelimit.h)
 * @XTCP_MIB_TCPACKSKIPPEDCHALLENGE: challenge ACKs skipped: the
 *	connection sent an ACK to an invalid segment less than
 *	net.xtcp.tcp_invalid_ratelimit ago
 * @XTCP_MIB_TCPACKSKIPPEDSEQ: ACKs to segments out of the window skipped,
 *	for that limit
 * @XTCP_MIB_TCPACKSKIPPEDSYNRECV: the same in SYN-RECEIVED (and SYN,ACKs
 *	for a SYN sent again)
 * @XTCP_MIB_TCPACKSKIPPEDTIMEWAIT: the same in TIME-WAIT
 * @XTCP_MIB_OUTOFWINDOWICMPS: ICMP errors ignored: the segment they quote
 *	is not in flight (SEG.SEQ outside SND.UNA..SND.NXT; icmp.c)
 * @XTCP_MIB_LOCKDROPPEDICMPS: ICMP errors that found the socket owned by
 *	a process (fragmentation needed aside, which waits for it): an error
 *	then only counts as a soft one, a redirect is not followed
 * @XTCP_MIB_SYNCOOKIESSENT: SYN,ACKs sent with a cookie (listen.c)
 * @XTCP_MIB_SYNCOOKIESRECV: ACKs whose cookie was valid
 * @XTCP_MIB_SYNCOOKIESFAILED: ACKs to a listener that had sent cookies
 *	lately whose cookie was not valid (answered with a reset)
 * @XTCP_MIB_LISTENOVERFLOWS: SYNs, and ACKs that would have completed a
 *	handshake, dropped because the accept queue was full (also counted
 *	in ListenDrops)
 * @XTCP_MIB_TCPREQQFULLDOCOOKIES: SYNs answered with a cookie because
 *	the SYN queue was full or net.xtcp.tcp_syncookies is 2
 * @XTCP_MIB_TCPREQQFULLDROP: SYNs dropped because the SYN queue was full
 *	and net.xtcp.tcp_syncookies is 0 (also counted in ListenDrops)
 * @XTCP_MIB_TCPABORTONMEMORY: orphans reset because there were more than
 *	net.xtcp.tcp_max_orphans (orphan.c)
 * @XTCP_MIB_TCPABORTONTIMEOUT: connections given up with ETIMEDOUT: retry
 *	limits, TCP_USER_TIMEOUT, keepalive, an orphan's probes
 * @XTCP_MIB_TCPTIMEWAITOVERFLOW: connections closed without TIME-WAIT:
 *	net.xtcp.tcp_max_tw_buckets entries existed (tw.c)
 * @XTCP_MIB_TCPMEMORYPRESSURES: times the protocol went past
 *	net.xtcp.mem[1] into memory pressure (mem.c)
 * @XTCP_MIB_PAWSESTAB: segments dropped by PAWS (RFC 7323 5): an old
 *	timestamp on a connection or a TIME-WAIT entry (tsopt.c)
 * @XTCP_MIB_TCPACKSKIPPEDPAWS: ACKs to those skipped, as TCPACKSkippedSeq
 * @XTCP_MIB_TWRECYCLED: TIME-WAIT entries a connect() took over
 *	(net.xtcp.tcp_tw_reuse)
 * @XTCP_MIB_TCPSACKRECOVERY: fast recoveries of RFC 6675 (SACK) begun
 * @XTCP_MIB_TCPSACKRENEGING: scoreboards dropped at a timeout: the peer
 *	had SACKed data at SND.UNA, then did not acknowledge it (reneged)
 * @XTCP_MIB_TCPDSACKOLDSENT: DSACKs set for a duplicate below RCV.NXT
 * @XTCP_MIB_TCPDSACKOFOSENT: DSACKs set for a duplicate out of order
 * @XTCP_MIB_TCPDSACKRECV: DSACK blocks received below the ACK
 * @XTCP_MIB_TCPDSACKOFORECV: DSACK blocks received above the ACK
 * @XTCP_MIB_TCPSACKDISCARD: SACK blocks ignored: outside SND.UNA..SND.NXT
 * @XTCP_MIB_TCPDSACKIGNOREDOLD: DSACK blocks ignored: for data sent
 *	before the last recovery began
 * @XTCP_MIB_TCPDSACKIGNOREDNOUNDO: DSACK blocks ignored: below SND.UNA
 *	with no recovery to undo
 * @XTCP_MIB_TCPDSACKUNDO: fast recoveries undone: DSACKs showed every
 *	retransmission of it arrived twice
 * @XTCP_MIB_TCPSACKREORDER: reordering seen through SACK raised the
 *	duplicate ACK threshold
 * @XTCP_MIB_TCPLOSSPROBES: loss probes sent (RFC 8985 TLP)
 * @XTCP_MIB_TCPLOSSPROBERECOVERY: losses a loss probe repaired (its ACK
 *	went past it with no DSACK of it)
 * @XTCP_MIB_OUTAGGREGATES: aggregates of several segments sent
 *	(gso.c), each counted in OutSegs as its segments
 * @XTCP_MIB_TCPTIMEOUTS: retransmission timer expiries that resent a
 *	segment (Linux's TCPTimeouts; not the loss probe's nor the RACK
 *	reorder timer's)
 * @XTCP_MIB_TCPLOSTRETRANSMIT: segments sent again that RACK took for
 *	lost once more (Linux's TCPLostRetransmit)
 * @XTCP_MIB_TCPFASTOPENACTIVE: SYNs whose data the SYN,ACK acknowledged
 *	(fastopen.c; Linux's names, as the six below)
 * @XTCP_MIB_TCPFASTOPENACTIVEFAIL: SYNs with data the SYN,ACK did not
 *	acknowledge (the data went after the handshake)
 * @XTCP_MIB_TCPFASTOPENPASSIVE: SYNs a listener took the data of
 * @XTCP_MIB_TCPFASTOPENPASSIVEFAIL: SYNs whose cookie was wrong
 * @XTCP_MIB_TCPFASTOPENLISTENOVERFLOW: SYNs refused Fast Open: the
 *	listener's TCP_FASTOPEN queue was full
 * @XTCP_MIB_TCPFASTOPENCOOKIEREQD: SYNs that asked for a cookie
 * @XTCP_MIB_TCPFASTOPENPASSIVEALTKEY: SYNs taken with the backup key's
 *	cookie
 * @XTCP_MIB_MAX: number of counters
 *
 * Every segment counted in InSegs is counted in exactly one In* drop
 * counter when it is dropped.
 */
enum xtcp_mib_field {
	XTCP_MIB_INSEGS,
	XTCP_MIB_INOTHERHOST,
	XTCP_MIB_INNOTUNICAST,
	XTCP_MIB_INNOMEM,
	XTCP_MIB_INSHORT,
	XTCP_MIB_INBADDOFF,
	XTCP_MIB_INBADOPTION,
	XTCP_MIB_INCSUMERRORS,
	XTCP_MIB_INNOSOCKET,
	XTCP_MIB_INBACKLOGDROP,
	XTCP_MIB_INPOLICYDROP,
	XTCP_MIB_INFILTERDROP,
	XTCP_MIB_OUTSEGS,
	XTCP_MIB_OUTRSTS,
	XTCP_MIB_RETRANSSEGS,
	XTCP_MIB_ACTIVEOPENS,
	XTCP_MIB_PASSIVEOPENS,
	XTCP_MIB_ESTABRESETS,
	XTCP_MIB_LISTENDROPS,
	XTCP_MIB_OFOQUEUED,
	XTCP_MIB_OFODROP,
	XTCP_MIB_DUPDATA,
	XTCP_MIB_DELAYEDACKS,
	XTCP_MIB_WINPROBES,
	XTCP_MIB_SPURIOUSUNDO,
	XTCP_MIB_RCVQDROP,
	XTCP_MIB_RCVCOALESCE,
	XTCP_MIB_RCVCOLLAPSED,
	XTCP_MIB_OFOPRUNED,
	XTCP_MIB_TCPCHALLENGEACK,
	XTCP_MIB_TCPACKSKIPPEDCHALLENGE,
	XTCP_MIB_TCPACKSKIPPEDSEQ,
	XTCP_MIB_TCPACKSKIPPEDSYNRECV,
	XTCP_MIB_TCPACKSKIPPEDTIMEWAIT,
	XTCP_MIB_OUTOFWINDOWICMPS,
	XTCP_MIB_LOCKDROPPEDICMPS,
	XTCP_MIB_SYNCOOKIESSENT,
	XTCP_MIB_SYNCOOKIESRECV,
	XTCP_MIB_SYNCOOKIESFAILED,
	XTCP_MIB_LISTENOVERFLOWS,
	XTCP_MIB_TCPREQQFULLDOCOOKIES,
	XTCP_MIB_TCPREQQFULLDROP,
	XTCP_MIB_TCPABORTONMEMORY,
	XTCP_MIB_TCPABORTONTIMEOUT,
	XTCP_MIB_TCPTIMEWAITOVERFLOW,
	XTCP_MIB_TCPMEMORYPRESSURES,
	XTCP_MIB_PAWSESTAB,
	XTCP_MIB_TCPACKSKIPPEDPAWS,
	XTCP_MIB_TWRECYCLED,
	XTCP_MIB_TCPSACKRECOVERY,
	XTCP_MIB_TCPSACKRENEGING,
	XTCP_MIB_TCPDSACKOLDSENT,
	XTCP_MIB_TCPDSACKOFOSENT,
	XTCP_MIB_TCPDSACKRECV,
	XTCP_MIB_TCPDSACKOFORECV,
	XTCP_MIB_TCPSACKDISCARD,
	XTCP_MIB_TCPDSACKIGNOREDOLD,
	XTCP_MIB_TCPDSACKIGNOREDNOUNDO,
	XTCP_MIB_TCPDSACKUNDO,
	XTCP_MIB_TCPSACKREORDER,
	XTCP_MIB_TCPLOSSPROBES,
	XTCP_MIB_TCPLOSSPROBERECOVERY,
	XTCP_MIB_OUTAGGREGATES,
	XTCP_MIB_TCPTIMEOUTS,
	XTCP_MIB_TCPLOSTRETRANSMIT,
	XTCP_MIB_TCPFASTOPENACTIVE,
	XTCP_MIB_TCPFASTOPENACTIVEFAIL,
	XTCP_MIB_TCPFASTOPENPASSIVE,
	XTCP_MIB_TCPFASTOPENPASSIVEFAIL,
	XTCP_MIB_TCPFASTOPENLISTENOVERFLOW,
	XTCP_MIB_TCPFASTOPENCOOKIEREQD,
	XTCP_MIB_TCPFASTOPENPASSIVEALTKEY,
	XTCP_MIB_MAX
};

/**
 * struct xtcp_mib - the counters of one namespace on one CPU
 * @mibs: indexed by enum xtcp_mib_field
 */
struct xtcp_mib {
	unsigned long mibs[XTCP_MIB_MAX];
};

/**
 * XTCP_INC_STATS() - count one event in a namespace
 * @net: the namespace
 * @field: the counter, an enum xtcp_mib_field
 *
 * Safe in any context.
 */
#define XTCP_INC_STATS(net, field) \
	SNMP_INC_STATS(xtcp_pernet(net)->mib, field)

/**
 * XTCP_ADD_STATS() - count @n events in a namespace
 * @net: the namespace
 * @field: the counter, an enum xtcp_mib_field
 * @n: how many
 *
 * Safe in any context.
 */
#define XTCP_ADD_STATS(net, field, n) \
	SNMP_ADD_STATS(xtcp_pernet(net)->mib, field, n)

int xtcp_mib_init(struct xtcp_net *xn);
void xtcp_mib_exit(struct xtcp_net *xn);
int xtcp_mib_proc_init(struct net *net);
void xtcp_mib_proc_exit(struct net *net);

#endif /* _XTCP_MIB_H */
