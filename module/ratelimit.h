/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: rate limits on the ACKs a blind attacker can draw (RFC 5961 7).
 *
 * The state machine marks two kinds of ACK in its output: one that answers
 * an unacceptable segment (XTCP_ACT_ACK_INVALID) and a challenge ACK
 * (XTCP_ACT_ACK_CHALLENGE). Before one goes out, the layer that sends it
 * (a socket, delack.c; a TIME-WAIT entry, tw.c) asks xtcp_ratelimit_skip(),
 * which applies Linux's two limits:
 *
 * - per connection, at most one such ACK per net.xtcp.tcp_invalid_ratelimit
 *   (Linux's tcp_oow_rate_limited(); an ACK to a segment with data or a
 *   FIN and no SYN is not limited: it is not part of an ACK loop);
 * - per namespace, challenge ACKs within net.xtcp.tcp_challenge_ack_limit
 *   a second, the quota drawn at random in [limit/2, limit * 3/2) each
 *   second so an attacker cannot count it (Linux's
 *   tcp_challenge_ack_allowed(); INT_MAX, the default, means no limit).
 *
 * xtcp_ratelimit_oow() and xtcp_ratelimit_challenge() are the decisions,
 * pure logic on the clock and a random value they are given.
 */
#ifndef _XTCP_RATELIMIT_H
#define _XTCP_RATELIMIT_H

#include <linux/limits.h>
#include <linux/types.h>

struct net;
struct xtcp_fsm_out;
struct xtcp_seg;

/* Linux's defaults: no challenge-ACK limit, 500 ms between invalid ACKs */
#define XTCP_CHALLENGE_ACK_LIMIT	INT_MAX
#define XTCP_INVALID_RATELIMIT_MS	500

/**
 * struct xtcp_challenge - a namespace's challenge-ACK quota
 * @second: the second (jiffies / HZ) @count was drawn for
 * @count: challenge ACKs left in that second
 *
 * Read and written without a lock, as Linux does: a lost update costs one
 * ACK more or less.
 */
struct xtcp_challenge {
	u32	second;
	u32	count;
};

bool xtcp_ratelimit_oow(u32 *last, u32 now, int interval);
bool xtcp_ratelimit_challenge(struct xtcp_challenge *c, u32 limit,
			      u32 second, u32 rnd);
bool xtcp_ratelimit_loop_safe(const struct xtcp_seg *seg);
bool xtcp_ratelimit_skip(struct net *net, const struct xtcp_fsm_out *out,
			 const struct xtcp_seg *seg, u32 *last, int mib);

#endif /* _XTCP_RATELIMIT_H */
