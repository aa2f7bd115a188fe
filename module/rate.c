// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: delivery rate samples (rate.h), and the pacing rate Linux's TCP
 * would compute from the congestion window.
 *
 * Each segment of new data records, when it leaves, how much had been
 * delivered and when (struct xtcp_rate_tx, a few at a time). An ACK that
 * covers recorded segments takes the newest of them: the octets delivered
 * since it left, over the longer of its send interval (since the first
 * segment of the flight it belongs to left) and its ACK interval (since
 * the delivery before it was sent), as tcp_rate_skb_delivered() and
 * tcp_rate_gen(). A sample shorter than the least round-trip time is
 * dropped (ACK compression); an application-limited one is kept only if
 * it shows a higher rate than the sample it would replace.
 *
 * Also the chronograph of what limits the sender (struct xtcp_chrono), as
 * tcp_chrono_start() and tcp_chrono_stop().
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "compat.h"
#include "rate.h"
#include "seq.h"

/* Linux's net.ipv4.tcp_pacing_ss_ratio and tcp_pacing_ca_ratio defaults */
#define XTCP_PACING_SS_RATIO	200
#define XTCP_PACING_CA_RATIO	120

/* End the current state at @now and start @type. */
static void chrono_set(struct xtcp_chrono *c, u8 type, u32 now)
{
	if (c->type != XTCP_CHRONO_IDLE)
		c->stat[c->type - 1] += now - c->start;
	c->start = now;
	c->type = type;
}

/**
 * xtcp_chrono_start() - the sender entered a state
 * @c: the chronograph
 * @type: XTCP_CHRONO_BUSY, _RWND or _SNDBUF
 * @now: jiffies
 *
 * As tcp_chrono_start(): only a state above the current one takes over.
 */
void xtcp_chrono_start(struct xtcp_chrono *c, u8 type, u32 now)
{
	if (type > c->type)
		chrono_set(c, type, now);
}

XTCP_KUNIT_EXPORT(xtcp_chrono_start);

/**
 * xtcp_chrono_stop() - the sender left a state
 * @c: the chronograph
 * @type: the state
 * @idle: nothing is queued or in flight any more
 * @now: jiffies
 *
 * As tcp_chrono_stop(): idle ends any state; else leaving the current one
 * goes back to busy.
 */
void xtcp_chrono_stop(struct xtcp_chrono *c, u8 type, bool idle, u32 now)
{
	if (idle)
		chrono_set(c, XTCP_CHRONO_IDLE, now);
	else if (type == c->type)
		chrono_set(c, XTCP_CHRONO_BUSY, now);
}

XTCP_KUNIT_EXPORT(xtcp_chrono_stop);

/**
 * xtcp_chrono_us() - time spent in a state, the current stretch included
 * @c: the chronograph
 * @type: XTCP_CHRONO_BUSY, _RWND or _SNDBUF
 * @now: jiffies
 *
 * Return: microseconds, in jiffies' steps, as tcp_get_info_chrono_stats().
 */
u64 xtcp_chrono_us(const struct xtcp_chrono *c, u8 type, u32 now)
{
	u64 j = c->stat[type - 1];

	if (type == c->type)
		j += now - c->start;
	return j * jiffies_to_usecs(1);
}

XTCP_KUNIT_EXPORT(xtcp_chrono_us);

/**
 * xtcp_rate_init() - a connection starts with nothing delivered
 * @r: the estimator
 *
 * As tcp_init_sock(), application limited until the first ACK. No ring
 * (&xtcp_rate.ring) yet.
 */
void xtcp_rate_init(struct xtcp_rate *r)
{
	memset(r, 0, sizeof(*r));
	r->app_limited = ~0U;
}

XTCP_KUNIT_EXPORT(xtcp_rate_init);

/**
 * xtcp_rate_sent() - call when a segment of new data leaves
 * @r: the estimator
 * @end: the sequence number after it
 * @flight: octets in flight before it
 * @now_us: the time
 *
 * With nothing in flight a new send interval starts (and the ACK
 * interval with it), as tcp_rate_skb_sent(). The segment is recorded if
 * there is a ring with a free slot.
 */
void xtcp_rate_sent(struct xtcp_rate *r, u32 end, u32 flight, u32 now_us)
{
	struct xtcp_rate_ring *q = r->ring;
	struct xtcp_rate_tx *tx;

	if (!flight) {
		r->first_tx_us = now_us;
		r->delivered_us = now_us;
	}
	if (!q || q->count == XTCP_RATE_SLOTS)
		return;
	tx = &q->tx[(q->head + q->count++) % XTCP_RATE_SLOTS];
	tx->end = end;
	tx->sent_us = now_us;
	tx->first_tx_us = r->first_tx_us;
	tx->delivered_us = r->delivered_us;
	tx->delivered = (u32)r->delivered;
	tx->app_limited = !!r->app_limited;
}

XTCP_KUNIT_EXPORT(xtcp_rate_sent);

/* Take the sample of @tx; return false if it is not kept. */
static bool take(struct xtcp_rate *r, const struct xtcp_rate_tx *tx,
		 u32 now_us, u32 min_rtt_us)
{
	u32 snd_us = tx->sent_us - tx->first_tx_us;
	u32 ack_us = now_us - tx->delivered_us;
	u32 interval = max(snd_us, ack_us);
	u32 delivered = (u32)r->delivered - tx->delivered;

	r->first_tx_us = tx->sent_us;	/* the next interval starts here */
	if (!interval || interval < min_rtt_us || !delivered)
		return false;
	if (tx->app_limited &&
	    (u64)delivered * r->rate_interval_us <
	    (u64)r->rate_delivered * interval)
		return false;
	r->rate_delivered = delivered;
	r->rate_interval_us = interval;
	r->rate_app_limited = tx->app_limited;
	return true;
}

/**
 * xtcp_rate_acked() - an ACK of new data arrived
 * @r: the estimator
 * @snd_una: SND.UNA after it
 * @acked: octets it acknowledged
 * @mss: the send MSS, to count segments delivered
 * @now_us: the time
 * @min_rtt_us: the least round-trip time seen, 0 for none
 *
 * Return: true if it gave a new sample (&xtcp_rate.rate_delivered and
 * &xtcp_rate.rate_interval_us).
 */
bool xtcp_rate_acked(struct xtcp_rate *r, u32 snd_una, u32 acked, u32 mss,
		     u32 now_us, u32 min_rtt_us)
{
	struct xtcp_rate_ring *q = r->ring;
	struct xtcp_rate_tx newest;
	bool found = false;

	if (!acked)
		return false;
	r->delivered += acked;
	r->delivered_segs += DIV_ROUND_UP(acked, max(mss, 1U));
	r->delivered_us = now_us;
	if (r->app_limited && xtcp_seq_after((u32)r->delivered, r->app_limited))
		r->app_limited = 0;
	while (q && q->count && !xtcp_seq_after(q->tx[q->head].end, snd_una)) {
		newest = q->tx[q->head];
		q->head = (q->head + 1) % XTCP_RATE_SLOTS;
		q->count--;
		found = true;
	}
	return found && take(r, &newest, now_us, min_rtt_us);
}

XTCP_KUNIT_EXPORT(xtcp_rate_acked);

/**
 * xtcp_rate_check_app_limited() - call when the application gave no more
 *	data to send
 * @r: the estimator
 * @unsent: octets queued and not yet sent
 * @mss: the send MSS
 * @flight: octets in flight
 * @cwnd: the congestion window, in octets
 *
 * As tcp_rate_check_app_limited(): less than a segment left to send
 * while the congestion window has room means the samples until what is
 * in flight now is delivered show the application's rate, not the
 * network's.
 */
void xtcp_rate_check_app_limited(struct xtcp_rate *r, u32 unsent, u32 mss,
				 u32 flight, u32 cwnd)
{
	if (unsent < mss && flight < cwnd)
		r->app_limited = ((u32)r->delivered + flight) ?: 1;
}

XTCP_KUNIT_EXPORT(xtcp_rate_check_app_limited);

/**
 * xtcp_rate_bps() - the delivery rate of the last sample kept
 * @r: the estimator
 *
 * Return: octets a second (tcpi_delivery_rate), 0 before a sample.
 */
u64 xtcp_rate_bps(const struct xtcp_rate *r)
{
	if (!r->rate_interval_us)
		return 0;
	return div_u64((u64)r->rate_delivered * USEC_PER_SEC,
		       r->rate_interval_us);
}

XTCP_KUNIT_EXPORT(xtcp_rate_bps);

/**
 * xtcp_rate_pacing() - the pacing rate Linux's TCP sets for a window
 * @cwnd: the congestion window, or the octets in flight if more
 * @ssthresh: the slow start threshold, in octets
 * @srtt_us: the smoothed round-trip time, 0 before a sample
 *
 * tcp_update_pacing_rate(): the window over the smoothed round-trip time,
 * times 2 in slow start (below half of @ssthresh) and 1.2 after, so a
 * pacing qdisc does not slow a sender that keeps to its window. TCP_INFO
 * shows it; xtcp does not pace.
 *
 * Return: octets a second; ~0 before a round-trip time sample (no limit).
 */
u64 xtcp_rate_pacing(u32 cwnd, u32 ssthresh, u32 srtt_us)
{
	u32 ratio = cwnd < ssthresh / 2 ? XTCP_PACING_SS_RATIO :
		    XTCP_PACING_CA_RATIO;

	if (!srtt_us)
		return ~0ULL;
	return div_u64((u64)cwnd * ratio * (USEC_PER_SEC / 100), srtt_us);
}

XTCP_KUNIT_EXPORT(xtcp_rate_pacing);
