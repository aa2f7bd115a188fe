// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: rate limits on challenge ACKs and on ACKs to invalid segments
 * (see ratelimit.h).
 */
#include <linux/jiffies.h>
#include <linux/limits.h>
#include <linux/random.h>

#include "compat.h"
#include "fsm.h"
#include "mib.h"
#include "net.h"
#include "ratelimit.h"

/**
 * xtcp_ratelimit_oow() - may a connection send an ACK to an invalid
 *	segment now?
 * @last: when it last sent one, in jiffies (0: never); set to @now if it
 *	may send
 * @now: the time, in jiffies
 * @interval: the least time between two, in jiffies
 *	(net.xtcp.tcp_invalid_ratelimit; 0 or less: no limit)
 *
 * Linux's __tcp_oow_rate_limited(). A clock that went back (@last after
 * @now) does not limit.
 *
 * Return: true if the ACK must be skipped.
 */
bool xtcp_ratelimit_oow(u32 *last, u32 now, int interval)
{
	u32 val = READ_ONCE(*last);

	if (val) {
		s32 elapsed = (s32)(now - val);

		if (elapsed >= 0 && elapsed < interval)
			return true;
	}
	WRITE_ONCE(*last, now);
	return false;
}

XTCP_KUNIT_EXPORT(xtcp_ratelimit_oow);

/**
 * xtcp_ratelimit_challenge() - take one from a namespace's challenge-ACK
 *	quota
 * @c: the quota
 * @limit: net.xtcp.tcp_challenge_ack_limit; INT_MAX (or more): no limit
 * @second: the time, in seconds (jiffies / HZ)
 * @rnd: a random value, used when a new second starts: the quota of that
 *	second is limit/2 (rounded up) plus @rnd scaled to [0, @limit)
 *
 * Linux's tcp_challenge_ack_allowed().
 *
 * Return: true if a challenge ACK may be sent.
 */
bool xtcp_ratelimit_challenge(struct xtcp_challenge *c, u32 limit,
			      u32 second, u32 rnd)
{
	u32 count;

	if (limit >= INT_MAX)
		return true;
	if (second != READ_ONCE(c->second)) {
		u32 half = (limit + 1) >> 1;

		WRITE_ONCE(c->second, second);
		WRITE_ONCE(c->count, half + (u32)(((u64)rnd * limit) >> 32));
	}
	count = READ_ONCE(c->count);
	if (!count)
		return false;
	WRITE_ONCE(c->count, count - 1);
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_ratelimit_challenge);

/**
 * xtcp_ratelimit_loop_safe() - is an ACK to this segment outside any ACK
 *	loop?
 * @seg: the invalid segment
 *
 * As Linux's tcp_oow_rate_limited(): a segment with data or a FIN and no
 * SYN is not likely part of an ACK loop; its ACK is not limited.
 *
 * Return: true if its ACK goes whatever the rate.
 */
bool xtcp_ratelimit_loop_safe(const struct xtcp_seg *seg)
{
	return (seg->payload_len || (seg->flags & XTCP_FIN)) &&
	       !(seg->flags & XTCP_SYN);
}

XTCP_KUNIT_EXPORT(xtcp_ratelimit_loop_safe);

/**
 * xtcp_ratelimit_skip() - must the ACK the state machine asked for be
 *	skipped?
 * @net: the connection's namespace
 * @out: the state machine's output for @seg, with XTCP_ACT_SEND
 * @seg: the arriving segment
 * @last: the connection's &xtcp_tcb.last_oow_ack, under its lock
 * @mib: the counter of ACKs to invalid segments skipped
 *	(XTCP_MIB_TCPACKSKIPPED*)
 *
 * A challenge ACK (XTCP_ACT_ACK_CHALLENGE) goes if the connection's limit
 * and the namespace's quota allow (counted in TCPChallengeACK; skipped
 * for the connection's limit in TCPACKSkippedChallenge), as Linux's
 * tcp_send_challenge_ack(). An ACK to an invalid segment
 * (XTCP_ACT_ACK_INVALID) goes if the connection's limit allows, or if
 * @seg carries data or a FIN and no SYN (tcp_oow_rate_limited()).
 * Anything else always goes.
 *
 * Return: true if the caller must not send it.
 */
bool xtcp_ratelimit_skip(struct net *net, const struct xtcp_fsm_out *out,
			 const struct xtcp_seg *seg, u32 *last, int mib)
{
	struct xtcp_net *xn = xtcp_pernet(net);
	int interval = READ_ONCE(xn->invalid_ratelimit);
	u32 now = (u32)jiffies;

	if (out->actions & XTCP_ACT_ACK_CHALLENGE) {
		if (xtcp_ratelimit_oow(last, now, interval)) {
			XTCP_INC_STATS(net, XTCP_MIB_TCPACKSKIPPEDCHALLENGE);
			return true;
		}
		if (!xtcp_ratelimit_challenge(&xn->challenge,
					      READ_ONCE(xn->challenge_ack_limit),
					      now / HZ, get_random_u32()))
			return true;
		XTCP_INC_STATS(net, XTCP_MIB_TCPCHALLENGEACK);
		return false;
	}
	if (!(out->actions & XTCP_ACT_ACK_INVALID) ||
	    xtcp_ratelimit_loop_safe(seg))
		return false;
	if (!xtcp_ratelimit_oow(last, now, interval))
		return false;
	XTCP_INC_STATS(net, mib);
	return true;
}
