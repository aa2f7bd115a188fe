// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: Reno congestion control (RFC 5681), the built-in default.
 *
 * Slow start: while cwnd < ssthresh, each ACK grows cwnd by the bytes it
 * acknowledged, at most two segments (RFC 3465's limit L), up to ssthresh;
 * what is left of the ACK goes to congestion avoidance, as in Linux's
 * tcp_reno_cong_avoid(). Congestion avoidance: one segment more per cwnd
 * of bytes acknowledged, about one per round trip. After a loss, ssthresh
 * is half of what was in flight, at least two segments (RFC 5681 equation
 * 4).
 *
 * This file is also the template for a new algorithm: fill a struct
 * xtcp_cong_ops with a name and the two operations, and register it.
 */
#include <linux/module.h>

#include "compat.h"
#include "cong.h"

/**
 * xtcp_reno_ssthresh() - Reno's slow start threshold after a loss
 * @cc: the congestion state
 * @flight: bytes in flight when the loss was seen
 *
 * Return: max(@flight / 2, 2 segments).
 */
u32 xtcp_reno_ssthresh(struct xtcp_cong *cc, u32 flight)
{
	return max(flight / 2, 2 * cc->mss);
}

XTCP_KUNIT_EXPORT(xtcp_reno_ssthresh);

/**
 * xtcp_reno_cong_avoid() - Reno's window growth on an ACK
 * @cc: the congestion state
 * @acked: bytes the ACK acknowledged for the first time
 */
void xtcp_reno_cong_avoid(struct xtcp_cong *cc, u32 acked)
{
	if (cc->cwnd < cc->ssthresh) {
		acked = xtcp_cong_slow_start(cc, acked,
					     XTCP_CONG_ABC_L * cc->mss);
		if (!acked)
			return;
	}
	xtcp_cong_avoid_ai(cc, cc->cwnd, acked);
}

XTCP_KUNIT_EXPORT(xtcp_reno_cong_avoid);

struct xtcp_cong_ops xtcp_cong_reno = {
	.name		= "reno",
	.owner		= NULL,	/* built in: xtcp itself is never pinned */
	.ssthresh	= xtcp_reno_ssthresh,
	.cong_avoid	= xtcp_reno_cong_avoid,
};

XTCP_KUNIT_EXPORT(xtcp_cong_reno);
