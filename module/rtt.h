/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the retransmission timeout, RFC 6298.
 *
 * Pure arithmetic on struct xtcp_rtt: what was sent and acknowledged, and
 * when, in; the retransmission timeout (RTO) out. One segment at a time is
 * timed (RFC 6298 allows it: at least one sample per round trip), and,
 * by Karn's algorithm, never one that was retransmitted. The caller gives
 * the times (sock.c); the timer itself is timers.c's.
 */
#ifndef _XTCP_RTT_H
#define _XTCP_RTT_H

#include <linux/types.h>

enum {
	XTCP_RTO_INIT_MS	= 1000,	/* RFC 6298 (2.1) */
	XTCP_RTO_FALLBACK_MS	= 3000,	/* RFC 6298 (5.7): the SYN was resent */
	XTCP_RTO_MIN_MS		= 200,	/* Linux's TCP_RTO_MIN */
	XTCP_RTO_MAX_MS		= 120 * 1000,	/* Linux's TCP_RTO_MAX */
	XTCP_RTT_G_US		= 1000,	/* G, the clock granularity we allow */
};

/**
 * struct xtcp_rtt - round-trip time estimate of a connection
 * @srtt_us: SRTT, the smoothed round-trip time; 0 before the first sample
 * @min_rtt_us: the smallest sample so far; 0 before the first
 * @rttvar_us: RTTVAR, the round-trip time variation
 * @rto_ms: RTO, the retransmission timeout before any backoff
 * @min_ms: lower bound of @rto_ms (net.xtcp.rto_min_ms)
 * @max_ms: upper bound of the RTO, backoff included (net.xtcp.rto_max_ms)
 * @timing: a segment is being timed
 * @seq: the sequence number after the timed segment
 * @start_us: when the timed segment was sent
 */
struct xtcp_rtt {
	u32	srtt_us;
	u32	min_rtt_us;
	u32	rttvar_us;
	u32	rto_ms;
	u32	min_ms;
	u32	max_ms;
	bool	timing;
	u32	seq;
	u64	start_us;
};

void xtcp_rtt_init(struct xtcp_rtt *rtt, u32 min_ms, u32 max_ms);
void xtcp_rtt_sample(struct xtcp_rtt *rtt, u32 r_us);
void xtcp_rtt_syn_lost(struct xtcp_rtt *rtt);
u32 xtcp_rtt_backoff_ms(const struct xtcp_rtt *rtt, unsigned int retries);
void xtcp_rtt_sent(struct xtcp_rtt *rtt, u32 end_seq, u64 now_us);
void xtcp_rtt_resent(struct xtcp_rtt *rtt);
void xtcp_rtt_acked(struct xtcp_rtt *rtt, u32 ack, u64 now_us);

#endif /* _XTCP_RTT_H */
