// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: CUBIC congestion control (RFC 9438), the default, with HyStart++
 * (RFC 9406) for the first slow start.
 *
 * The window follows Linux's tcp_cubic.c (6.1) in its constants and
 * steps, computed here in segments of &xtcp_cong.mss from xtcp's windows
 * in bytes:
 *
 * - after a loss, ssthresh is cwnd * beta (beta = 717/1024, about 0.7)
 *   and W_max, the window where the loss came, is remembered; with fast
 *   convergence, a loss below the last W_max remembers only
 *   W_max * (1 + beta) / 2, giving way to newer flows;
 * - in congestion avoidance, from the start of an epoch (the first ACK
 *   after the reduction), the target is W_cubic(t) = C * (t - K)^3 + W_max
 *   with C = 0.4 and K = cbrt((W_max - cwnd) / C), in seconds, taken one
 *   minimum RTT ahead; cwnd grows toward it by (target - cwnd) / cwnd a
 *   segment per segment acknowledged, at most half a segment (1.5 times
 *   a round trip), and by 5% a round trip at the least before any loss;
 * - the TCP-friendly region: W_est, Reno's window with CUBIC's beta
 *   (3 * (1 - beta) / (1 + beta) segments a window acknowledged), and
 *   cwnd grows as fast as W_est when that is faster;
 * - a retransmission timeout forgets W_max and the epoch (Linux's
 *   set_state(TCP_CA_Loss)); an idle sender's epoch is moved on by the
 *   idle time (CA_EVENT_TX_START), so the curve resumes where it was.
 *
 * Slow start counts the bytes each ACK covers (xtcp_cong_slow_start()).
 * The first slow start, while ssthresh has its initial value, runs
 * HyStart++ (RFC 9406) instead of Linux's HyStart (ACK trains and a delay
 * rise measured on the first eight ACKs of a round, ending slow start at
 * once). HyStart++ compares the smallest RTT of each round trip, from at
 * least N_RTT_SAMPLE (8) samples, with the last round's; a rise of
 * RttThresh (an eighth of it, within 4 and 16 ms) moves to Conservative
 * Slow Start (CSS): growth divided by CSS_GROWTH_DIVISOR (4), for at most
 * CSS_ROUNDS (5) rounds, after which ssthresh = cwnd and congestion
 * avoidance begins. A round in CSS whose smallest RTT falls below the
 * one that started CSS shows the rise was noise: slow start resumes. A
 * loss ends it all as in slow start. HyStart++'s own limit on growth per
 * ACK applies: L = 8 segments (RFC 9406 for a sender that does not pace),
 * where a later slow start uses RFC 3465's 2. The samples are the
 * segments xtcp_cong_sent() times, several a round trip.
 */
#include <linux/math64.h>
#include <linux/module.h>

#include "compat.h"
#include "cong.h"
#include "seq.h"

#define BETA_SCALE	1024
#define BETA		717		/* 717 / 1024, about 0.7 */
#define CUBE_SCALE	410		/* 1024 * C / 1 s, C = 0.4 (bic_scale) */
#define TIME_SHIFT	10		/* time in 1/1024 s */
/* K = cbrt(dW * CUBE_FACTOR) in 1/1024 s: 2^(3 * TIME_SHIFT) / C */
#define CUBE_FACTOR	((1ULL << (10 + 3 * TIME_SHIFT)) / CUBE_SCALE)
/* Reno's rate with CUBIC's beta, as 8 / alpha: 8 * (1 + b) / 3 / (1 - b) */
#define FRIENDLY_SCALE	(8 * (BETA_SCALE + BETA) / 3 / (BETA_SCALE - BETA))
#define OFFS_MAX	((1U << 18) - 1)	/* 256 s: the cube fits */
#define CNT_FIRST_MAX	20		/* 5% a round trip before any loss */
#define UPDATE_US	(USEC_PER_SEC / 32)	/* Linux: HZ / 32 */
#define TICK_US		(USEC_PER_SEC / HZ)	/* Linux: one jiffy */

/* RFC 9406's constants */
#define HS_MIN_RTT_THRESH	4000U	/* us */
#define HS_MAX_RTT_THRESH	16000U	/* us */
#define HS_MIN_RTT_DIVISOR	8
#define HS_N_RTT_SAMPLE		8
#define HS_CSS_GROWTH_DIVISOR	4
#define HS_CSS_ROUNDS		5
#define HS_L			8	/* segments, for a sender without pacing */
#define HS_NONE			U32_MAX	/* no RTT yet: "infinity" */

/**
 * struct hystart - HyStart++ (RFC 9406), with its names
 * @window_end: the round ends when SND.UNA reaches it
 * @last_round_min_rtt: lastRoundMinRTT, us
 * @cur_round_min_rtt: currentRoundMinRTT, us
 * @css_baseline_min_rtt: cssBaselineMinRtt, us
 * @samples: rttSampleCount, this round
 * @css_rounds: rounds in CSS, the one it began in counted; 0 outside CSS
 * @started: @window_end is set
 * @done: it no longer runs: slow start is over, or was ended by a loss
 */
struct hystart {
	u32	window_end;
	u32	last_round_min_rtt;
	u32	cur_round_min_rtt;
	u32	css_baseline_min_rtt;
	u16	samples;
	u8	css_rounds;
	bool	started;
	bool	done;
};

/**
 * struct cubic - CUBIC's state in &xtcp_cong.priv (Linux's struct bictcp)
 * @cnt: segments to acknowledge for one segment of growth
 * @last_max_cwnd: W_max, in segments; 0 before any loss
 * @last_cwnd: cwnd, in segments, when @cnt was last computed
 * @origin: W at the curve's origin (plateau), in segments
 * @k: K, the time from @epoch_start to the origin, in 1/1024 s
 * @delay_min: the smallest RTT sample, us; 0 before one
 * @ack_cnt: bytes acknowledged toward the next segment of @tcp_cwnd
 * @tcp_cwnd: W_est, the TCP-friendly window, in segments
 * @last_time: when @cnt was last computed, us
 * @epoch_start: when the epoch began, us; 0 outside one
 * @hs: HyStart++
 */
struct cubic {
	u32		cnt;
	u32		last_max_cwnd;
	u32		last_cwnd;
	u32		origin;
	u32		k;
	u32		delay_min;
	u32		ack_cnt;
	u32		tcp_cwnd;
	u64		last_time;
	u64		epoch_start;
	struct hystart	hs;
};

static struct cubic *ca(struct xtcp_cong *cc)
{
	BUILD_BUG_ON(sizeof(struct cubic) > sizeof(cc->priv));
	return (struct cubic *)cc->priv;
}

static u32 segs(const struct xtcp_cong *cc)
{
	return max(cc->cwnd / cc->mss, 1U);
}

/* the integer cube root of @a, rounded down: one bit of it per step */
static u32 cube_root(u64 a)
{
	u64 y = 0, b;
	int s;

	for (s = 63; s >= 0; s -= 3) {
		y <<= 1;
		b = 3 * y * (y + 1) + 1;
		if ((a >> s) >= b) {
			a -= b << s;
			y++;
		}
	}
	return y;
}

static void reset(struct cubic *c)
{
	struct hystart hs = c->hs;

	memset(c, 0, sizeof(*c));
	c->hs = hs;
}

static void hystart_reset(struct hystart *hs)
{
	memset(hs, 0, sizeof(*hs));
	hs->last_round_min_rtt = HS_NONE;
	hs->cur_round_min_rtt = HS_NONE;
	hs->css_baseline_min_rtt = HS_NONE;
}

static void cubic_init(struct xtcp_cong *cc)
{
	reset(ca(cc));
	hystart_reset(&ca(cc)->hs);
}

/* Is HyStart++ running: the first slow start, ssthresh still initial? */
static bool hystart_on(struct xtcp_cong *cc)
{
	return !ca(cc)->hs.done && cc->ssthresh >= U32_MAX / 2;
}

/* a round ends: the next one starts, or CSS has lasted its rounds */
static void hystart_round(struct xtcp_cong *cc, struct hystart *hs,
			  u32 snd_nxt)
{
	if (hs->css_rounds && ++hs->css_rounds > HS_CSS_ROUNDS) {
		cc->ssthresh = cc->cwnd;	/* to congestion avoidance */
		hs->done = true;
		return;
	}
	hs->last_round_min_rtt = hs->cur_round_min_rtt;
	hs->cur_round_min_rtt = HS_NONE;
	hs->samples = 0;
	hs->window_end = snd_nxt;
	hs->started = true;
}

/* RFC 9406 4.2: each ACK in slow start or CSS (before its growth) */
static void hystart_ack(struct xtcp_cong *cc, const struct xtcp_cong_sample *s)
{
	struct hystart *hs = &ca(cc)->hs;
	u32 thresh;

	if (!hs->started || !xtcp_seq_before(s->snd_una, hs->window_end)) {
		hystart_round(cc, hs, s->snd_nxt);
		if (hs->done)
			return;
	}
	if (!s->rtt_us)
		return;
	hs->cur_round_min_rtt = min(hs->cur_round_min_rtt, s->rtt_us);
	if (++hs->samples < HS_N_RTT_SAMPLE)
		return;
	if (hs->css_rounds) {
		if (hs->cur_round_min_rtt < hs->css_baseline_min_rtt) {
			hs->css_baseline_min_rtt = HS_NONE;
			hs->css_rounds = 0;	/* back to slow start */
		}
		return;
	}
	if (hs->last_round_min_rtt == HS_NONE)
		return;
	thresh = clamp(hs->last_round_min_rtt / HS_MIN_RTT_DIVISOR,
		       HS_MIN_RTT_THRESH, HS_MAX_RTT_THRESH);
	if (hs->cur_round_min_rtt >= hs->last_round_min_rtt + thresh) {
		hs->css_baseline_min_rtt = hs->cur_round_min_rtt;
		hs->css_rounds = 1;	/* this partial round counts */
	}
}

static void cubic_acked(struct xtcp_cong *cc, const struct xtcp_cong_sample *s)
{
	struct cubic *c = ca(cc);

	if (s->rtt_us &&
	    !(c->epoch_start && cc->now_us - c->epoch_start < USEC_PER_SEC) &&
	    (!c->delay_min || s->rtt_us < c->delay_min))
		c->delay_min = s->rtt_us;	/* not just after a recovery */
	if (hystart_on(cc) && cc->cwnd < cc->ssthresh &&
	    !cc->in_fast_recovery && !cc->in_rto_recovery)
		hystart_ack(cc, s);
}

/* HyStart++'s slow start: RFC 9406's L, and a quarter of it in CSS */
static u32 hystart_slow_start(struct xtcp_cong *cc, u32 acked)
{
	struct hystart *hs = &ca(cc)->hs;
	u32 grow;

	if (!hs->css_rounds)
		return xtcp_cong_slow_start(cc, acked, HS_L * cc->mss);
	grow = min(acked, HS_L * cc->mss) / HS_CSS_GROWTH_DIVISOR;
	xtcp_cong_slow_start(cc, grow, grow);
	return 0;
}

/* the start of an epoch: the curve's origin and K */
static void epoch_begin(struct cubic *c, u32 cwnd, u32 acked, u64 now)
{
	c->epoch_start = now;
	c->ack_cnt = acked;
	c->tcp_cwnd = cwnd;
	if (c->last_max_cwnd <= cwnd) {
		c->k = 0;
		c->origin = cwnd;
	} else {
		c->k = cube_root(CUBE_FACTOR * (c->last_max_cwnd - cwnd));
		c->origin = c->last_max_cwnd;
	}
}

/* W_cubic one minimum RTT from now, in segments */
static u64 target(const struct cubic *c, u64 now)
{
	u64 t, offs, delta;

	t = now - c->epoch_start + c->delay_min;
	t = div_u64(t << TIME_SHIFT, USEC_PER_SEC);
	offs = t < c->k ? c->k - t : t - c->k;
	offs = min_t(u64, offs, OFFS_MAX);
	delta = (CUBE_SCALE * offs * offs * offs) >> (10 + 3 * TIME_SHIFT);
	if (t >= c->k)
		return c->origin + delta;
	return delta < c->origin ? c->origin - delta : 0;
}

/* Linux's bictcp_update(): @cnt for this ACK */
static void update(struct xtcp_cong *cc, u32 acked)
{
	struct cubic *c = ca(cc);
	u32 cwnd = segs(cc), delta;
	u64 now = cc->now_us, w;

	c->ack_cnt += acked;
	if (c->last_cwnd == cwnd && now - c->last_time <= UPDATE_US)
		return;
	if (!c->epoch_start || now - c->last_time >= TICK_US) {
		c->last_cwnd = cwnd;
		c->last_time = now;
		if (!c->epoch_start)
			epoch_begin(c, cwnd, acked, now);
		w = target(c, now);
		if (w > cwnd)
			c->cnt = cwnd / (u32)min_t(u64, w - cwnd, cwnd);
		else
			c->cnt = 100 * cwnd;	/* a very small increment */
		if (!c->last_max_cwnd && c->cnt > CNT_FIRST_MAX)
			c->cnt = CNT_FIRST_MAX;
	}
	/* the TCP-friendly region */
	delta = max((cwnd * FRIENDLY_SCALE) >> 3, 1U) * cc->mss;
	while (c->ack_cnt > delta) {
		c->ack_cnt -= delta;
		c->tcp_cwnd++;
	}
	if (c->tcp_cwnd > cwnd)
		c->cnt = min(c->cnt, cwnd / (c->tcp_cwnd - cwnd));
	c->cnt = max(c->cnt, 2U);
}

static void cubic_cong_avoid(struct xtcp_cong *cc, u32 acked)
{
	if (cc->cwnd < cc->ssthresh) {
		if (hystart_on(cc))
			acked = hystart_slow_start(cc, acked);
		else
			acked = xtcp_cong_slow_start(cc, acked,
						     XTCP_CONG_ABC_L * cc->mss);
		if (!acked)
			return;
	}
	update(cc, acked);
	xtcp_cong_avoid_ai(cc, min_t(u64, (u64)ca(cc)->cnt * cc->mss, U32_MAX),
			   acked);
}

static u32 cubic_ssthresh(struct xtcp_cong *cc, u32 flight)
{
	struct cubic *c = ca(cc);
	u32 cwnd = segs(cc);

	c->epoch_start = 0;
	c->hs.done = true;
	if (cwnd < c->last_max_cwnd)		/* fast convergence */
		c->last_max_cwnd = cwnd * (BETA_SCALE + BETA) /
				   (2 * BETA_SCALE);
	else
		c->last_max_cwnd = cwnd;
	return max_t(u32, div_u64((u64)cc->cwnd * BETA, BETA_SCALE),
		     2 * cc->mss);
}

static void cubic_timeout(struct xtcp_cong *cc)
{
	reset(ca(cc));
}

static void cubic_tx_start(struct xtcp_cong *cc, u64 idle_us)
{
	struct cubic *c = ca(cc);

	if (!c->epoch_start)
		return;
	c->epoch_start = min(c->epoch_start + idle_us, cc->lsnd_us);
}

struct xtcp_cong_ops xtcp_cong_cubic = {
	.name		= "cubic",
	.owner		= NULL,	/* built in: xtcp itself is never pinned */
	.init		= cubic_init,
	.ssthresh	= cubic_ssthresh,
	.cong_avoid	= cubic_cong_avoid,
	.acked		= cubic_acked,
	.timeout	= cubic_timeout,
	.tx_start	= cubic_tx_start,
};

XTCP_KUNIT_EXPORT(xtcp_cong_cubic);
