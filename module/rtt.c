// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the retransmission timeout, RFC 6298.
 *
 * Before the first sample RTO is 1 s (2.1). The first sample R gives
 * SRTT = R, RTTVAR = R/2 (2.2); each later one R' gives
 * RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'| and then SRTT = 7/8 SRTT + 1/8 R'
 * (2.3); both times RTO = SRTT + max(G, 4 RTTVAR), kept within
 * [min_ms, max_ms] (2.4, 2.5; the bounds are sysctls, 200 ms and 120 s by
 * default as in Linux, where RFC 6298 asks 1 s at least). Each expiry of
 * the timer doubles the timeout, up to max_ms (5.5); an ACK of new data
 * ends the backoff.
 */
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/minmax.h>

#include "compat.h"
#include "rtt.h"
#include "seq.h"

static void set_rto(struct xtcp_rtt *rtt)
{
	u32 us = rtt->srtt_us + max_t(u32, XTCP_RTT_G_US, 4 * rtt->rttvar_us);

	rtt->rto_ms = clamp_t(u32, DIV_ROUND_UP(us, USEC_PER_MSEC),
			      rtt->min_ms, rtt->max_ms);
}

/**
 * xtcp_rtt_init() - no sample yet: RTO is 1 s
 * @rtt: the estimate
 * @min_ms: lower bound of the RTO
 * @max_ms: upper bound of the RTO, at least @min_ms
 */
void xtcp_rtt_init(struct xtcp_rtt *rtt, u32 min_ms, u32 max_ms)
{
	rtt->srtt_us = 0;
	rtt->min_rtt_us = 0;
	rtt->rttvar_us = 0;
	rtt->timing = false;
	rtt->min_ms = min_ms;
	rtt->max_ms = max(max_ms, min_ms);
	rtt->rto_ms = clamp_t(u32, XTCP_RTO_INIT_MS, min_ms, rtt->max_ms);
}

XTCP_KUNIT_EXPORT(xtcp_rtt_init);

/**
 * xtcp_rtt_sample() - a round-trip time was measured
 * @rtt: the estimate
 * @r_us: the sample, in microseconds; never from a retransmitted segment
 *	(Karn)
 */
void xtcp_rtt_sample(struct xtcp_rtt *rtt, u32 r_us)
{
	u32 delta;

	r_us = max_t(u32, r_us, 1);
	if (!rtt->min_rtt_us || r_us < rtt->min_rtt_us)
		rtt->min_rtt_us = r_us;
	if (!rtt->srtt_us) {
		rtt->srtt_us = r_us;
		rtt->rttvar_us = r_us / 2;
	} else {
		delta = rtt->srtt_us > r_us ? rtt->srtt_us - r_us :
			r_us - rtt->srtt_us;
		rtt->rttvar_us = rtt->rttvar_us - rtt->rttvar_us / 4 +
				 delta / 4;
		rtt->srtt_us = rtt->srtt_us - rtt->srtt_us / 8 + r_us / 8;
		rtt->srtt_us = max_t(u32, rtt->srtt_us, 1);
	}
	set_rto(rtt);
}

XTCP_KUNIT_EXPORT(xtcp_rtt_sample);

/**
 * xtcp_rtt_syn_lost() - the handshake needed a retransmission
 * @rtt: the estimate
 *
 * RFC 6298 (5.7): with no sample taken, the RTO for the data is 3 s.
 */
void xtcp_rtt_syn_lost(struct xtcp_rtt *rtt)
{
	if (!rtt->srtt_us)
		rtt->rto_ms = clamp_t(u32, XTCP_RTO_FALLBACK_MS, rtt->min_ms,
				      rtt->max_ms);
}

XTCP_KUNIT_EXPORT(xtcp_rtt_syn_lost);

/**
 * xtcp_rtt_backoff_ms() - the timeout after some expiries
 * @rtt: the estimate
 * @retries: expiries since the last ACK of new data
 *
 * Return: RTO doubled @retries times, at most the upper bound.
 */
u32 xtcp_rtt_backoff_ms(const struct xtcp_rtt *rtt, unsigned int retries)
{
	u64 ms = (u64)rtt->rto_ms << min(retries, 31U);

	return min_t(u64, ms, rtt->max_ms);
}

XTCP_KUNIT_EXPORT(xtcp_rtt_backoff_ms);

/**
 * xtcp_rtt_sent() - new data (or a SYN) went out for the first time
 * @rtt: the estimate
 * @end_seq: the sequence number after it
 * @now_us: the time, in microseconds
 *
 * Starts timing it, unless another segment is being timed.
 */
void xtcp_rtt_sent(struct xtcp_rtt *rtt, u32 end_seq, u64 now_us)
{
	if (rtt->timing)
		return;
	rtt->timing = true;
	rtt->seq = end_seq;
	rtt->start_us = now_us;
}

XTCP_KUNIT_EXPORT(xtcp_rtt_sent);

/**
 * xtcp_rtt_resent() - something was retransmitted
 * @rtt: the estimate
 *
 * Karn's algorithm: an ACK could now be for either transmission, so the
 * segment being timed gives no sample.
 */
void xtcp_rtt_resent(struct xtcp_rtt *rtt)
{
	rtt->timing = false;
}

XTCP_KUNIT_EXPORT(xtcp_rtt_resent);

/**
 * xtcp_rtt_acked() - an ACK moved SND.UNA
 * @rtt: the estimate
 * @ack: the new SND.UNA
 * @now_us: the time, in microseconds
 *
 * If it covers the segment being timed, that is a sample.
 */
void xtcp_rtt_acked(struct xtcp_rtt *rtt, u32 ack, u64 now_us)
{
	if (!rtt->timing || xtcp_seq_before(ack, rtt->seq))
		return;
	rtt->timing = false;
	xtcp_rtt_sample(rtt, min_t(u64, now_us - rtt->start_us, U32_MAX));
}

XTCP_KUNIT_EXPORT(xtcp_rtt_acked);
