/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: state a connection needs only at times, kept out of struct
 * xtcp_sock so that an idle connection does not pay for it.
 *
 * Two blocks, each from a slab cache of its own, at most one of each per
 * socket:
 *
 * - the SACK scoreboard (struct xtcp_sack_board, scoreboard.h): taken
 *   when the first SACK block is to be recorded, given back after an ACK
 *   that leaves it empty (SND.UNA passed every SACKed range, or the peer
 *   reneged);
 * - the samples of the segments in flight (struct xtcp_flight: the
 *   delivery rate's ring, rate.h, the congestion control's timed
 *   segments, cong.h, and RACK's records of when each was sent, rack.h):
 *   taken when new data leaves, given back after an ACK of everything
 *   sent.
 *
 * Both are charged to the socket as its queues are (sk_wmem_schedule(),
 * sk_mem_charge(): net.xtcp.mem and the socket's memory cgroup) and
 * given back when the connection ends (xtcp_sock_done()) or, at the
 * latest, when the socket is destroyed. Taking one may fail (memory
 * pressure past net.xtcp.mem's hard limit, or no memory): the connection
 * then goes on without it, as a connection without SACK (nothing is
 * SACKed, the pipe is all in flight, losses are found by duplicate ACKs)
 * or without samples (no delivery rate sample, no RTT sample for the
 * congestion control, no RACK: losses by DupThresh; the RTO still has
 * rtt.c's and the timestamps').
 *
 * Locking: the socket lock, as the rest of the connection.
 */
#ifndef _XTCP_ONDEMAND_H
#define _XTCP_ONDEMAND_H

#include "cong.h"
#include "rack.h"
#include "rate.h"
#include "scoreboard.h"

struct sock;

/**
 * struct xtcp_flight - what is kept of the segments in flight, for samples
 * @rate: those recorded for delivery rate samples (&xtcp_rate.ring)
 * @timed: those timed for the congestion control (&xtcp_cong.timed)
 * @rack: RACK's records of them (&xtcp_rack.segs)
 *
 * Owner: the socket whose &xtcp_rate.ring, &xtcp_cong.timed and
 * &xtcp_rack.segs point into it, from xtcp_ondemand_flight() until
 * xtcp_ondemand_flight_idle() finds nothing in flight, or
 * xtcp_ondemand_free().
 */
struct xtcp_flight {
	struct xtcp_rate_ring	rate;
	struct xtcp_cong_timed	timed;
	struct xtcp_rack_segs	rack;
};

int xtcp_ondemand_init(void);
void xtcp_ondemand_exit(void);
struct xtcp_sack_board *xtcp_ondemand_board(struct sock *sk);
void xtcp_ondemand_board_idle(struct sock *sk);
void xtcp_ondemand_flight(struct sock *sk);
void xtcp_ondemand_flight_idle(struct sock *sk);
void xtcp_ondemand_free(struct sock *sk);

#endif /* _XTCP_ONDEMAND_H */
