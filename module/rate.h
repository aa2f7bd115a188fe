/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: delivery rate samples, as Linux's tcp_rate.c (draft-cheng-
 * iccrg-delivery-rate-estimation): on each ACK of new data, the octets
 * delivered since a segment it covers was sent, over the longer of the
 * time it took to send them and the time it took to have them
 * acknowledged. TCP_INFO's tcpi_delivery_rate and tcpi_delivered.
 *
 * Pure arithmetic on struct xtcp_rate; the caller (sock.c) holds the
 * socket lock and gives the times.
 */
#ifndef _XTCP_RATE_H
#define _XTCP_RATE_H

#include <linux/types.h>

/* Segments whose sending state is kept for samples at once. */
#define XTCP_RATE_SLOTS		8

/**
 * struct xtcp_rate_tx - the state when a segment of new data left
 * @end: the sequence number after it
 * @sent_us: when it left
 * @first_tx_us: &xtcp_rate.first_tx_us then
 * @delivered_us: &xtcp_rate.delivered_us then
 * @delivered: &xtcp_rate.delivered then (its low 32 bits)
 * @app_limited: the sender was application limited then
 */
struct xtcp_rate_tx {
	u32	end;
	u32	sent_us;
	u32	first_tx_us;
	u32	delivered_us;
	u32	delivered;
	bool	app_limited;
};

/**
 * struct xtcp_rate_ring - the segments in flight recorded for samples
 * @tx: the segments, oldest first from @head
 * @head: the slot of the oldest
 * @count: how many slots are used
 *
 * Not part of struct xtcp_rate: a socket keeps it only while it has data
 * in flight (ondemand.h).
 */
struct xtcp_rate_ring {
	struct xtcp_rate_tx	tx[XTCP_RATE_SLOTS];
	u8			head;
	u8			count;
};

/**
 * struct xtcp_rate - a connection's delivery rate estimator
 * @delivered: octets acknowledged so far
 * @ring: where the segments in flight are recorded, or NULL: none is
 *	(xtcp_rate_sent() records nothing, so no ACK gives a sample); set
 *	and cleared by its owner, never by the functions below
 * @delivered_segs: segments acknowledged so far (tcpi_delivered): each
 *	ACK counts the segments of the send MSS its octets fill
 * @delivered_us: when @delivered last grew (Linux's delivered_mstamp)
 * @first_tx_us: when the segment that starts the current send interval
 *	left (Linux's first_tx_mstamp)
 * @app_limited: 0, or the low 32 bits of @delivered plus what was in
 *	flight when the application last left the window unfilled: samples
 *	before that is delivered are application limited
 * @rate_delivered: octets of the sample kept
 * @rate_interval_us: its interval, 0 before the first
 * @rate_app_limited: it was application limited
 *
 * Times are the low 32 bits of the microsecond clock.
 */
struct xtcp_rate {
	u64			delivered;
	struct xtcp_rate_ring	*ring;
	u32			delivered_segs;
	u32			delivered_us;
	u32			first_tx_us;
	u32			app_limited;
	u32			rate_delivered;
	u32			rate_interval_us;
	bool			rate_app_limited;
};

/*
 * What a sender is limited by, as Linux's enum tcp_chrono: a higher one
 * takes over from a lower one (struct xtcp_chrono).
 */
enum {
	XTCP_CHRONO_IDLE,	/* nothing to send, nothing in flight */
	XTCP_CHRONO_BUSY,	/* sending, or waiting for ACKs */
	XTCP_CHRONO_RWND,	/* the peer's window stops the next segment */
	XTCP_CHRONO_SNDBUF,	/* all sent, the application waits for room */
	XTCP_CHRONO_MAX,
};

/**
 * struct xtcp_chrono - time spent in each XTCP_CHRONO_* state, as Linux's
 *	chrono_stat (tcpi_busy_time, tcpi_rwnd_limited, tcpi_sndbuf_limited)
 * @start: jiffies when @type began
 * @type: the current state
 * @stat: jiffies spent in each state but IDLE before @start
 */
struct xtcp_chrono {
	u32	start;
	u8	type;
	u32	stat[XTCP_CHRONO_MAX - 1];
};

void xtcp_chrono_start(struct xtcp_chrono *c, u8 type, u32 now);
void xtcp_chrono_stop(struct xtcp_chrono *c, u8 type, bool idle, u32 now);
u64 xtcp_chrono_us(const struct xtcp_chrono *c, u8 type, u32 now);

void xtcp_rate_init(struct xtcp_rate *r);
void xtcp_rate_sent(struct xtcp_rate *r, u32 end, u32 flight, u32 now_us);
bool xtcp_rate_acked(struct xtcp_rate *r, u32 snd_una, u32 acked, u32 mss,
		     u32 now_us, u32 min_rtt_us);
void xtcp_rate_check_app_limited(struct xtcp_rate *r, u32 unsent, u32 mss,
				 u32 flight, u32 cwnd);
u64 xtcp_rate_bps(const struct xtcp_rate *r);
u64 xtcp_rate_pacing(u32 cwnd, u32 ssthresh, u32 srtt_us);

#endif /* _XTCP_RATE_H */
