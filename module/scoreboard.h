/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the sender's SACK scoreboard (RFC 6675 section 3).
 *
 * The send queue holds pages and segments are cut as they are sent
 * (output.c), so the scoreboard is not a flag per segment, as Linux's
 * TCPCB_SACKED_ACKED on each skb, but the SACKed sequence ranges between
 * SND.UNA and SND.NXT: sorted, disjoint and never touching, at most
 * XTCP_SB_RANGES of them, so every operation looks at XTCP_SB_RANGES
 * entries at most, as Linux bounds its SACK work. A block that would need
 * more is kept only if it is below the highest range, which then goes:
 * what matters for loss recovery is near SND.UNA, and forgetting a range
 * costs at most a retransmission it would have spared.
 *
 * On it RFC 6675's routines: IsLost(), the pipe, and NextSeg()'s rules 1
 * and 3 (rule 2, new data, is the caller's; the rescue retransmission of
 * rule 4 is not made). IsLost() grows towards SND.UNA: the octets below
 * the "lost edge" (xtcp_sb_lost_end()) that are not SACKed are lost,
 * those above it are not. With RACK (rack.h) the edge is RACK's, given to
 * the *_lost() variants in place of DupThresh.
 *
 * Blocks are checked as Linux's tcp_is_sackblock_valid() does before they
 * are added (xtcp_sb_valid()).
 *
 * Pure functions on struct xtcp_sack_board; the caller (sock.c) holds the
 * socket lock.
 */
#ifndef _XTCP_SCOREBOARD_H
#define _XTCP_SCOREBOARD_H

#include <linux/types.h>

#include "wire.h"

/* Most SACKed ranges a connection remembers. */
#define XTCP_SB_RANGES	32

/**
 * struct xtcp_sack_board - the SACKed ranges of what is in flight
 * @r: the ranges, in sequence order
 * @n: how many of @r are in use
 * @sacked: octets in them
 */
struct xtcp_sack_board {
	struct xtcp_sack_block	r[XTCP_SB_RANGES];
	u8			n;
	u32			sacked;
};

/**
 * enum xtcp_sb_verdict - what xtcp_sb_valid() says of a block
 * @XTCP_SB_OK: a SACK block within SND.UNA..SND.NXT, or a DSACK block
 *	Linux would take
 * @XTCP_SB_DISCARD: a SACK block outside SND.UNA..SND.NXT (TCPSACKDiscard)
 * @XTCP_SB_OLD: a SACK block wholly below SND.UNA on an ACK that did not
 *	move SND.UNA: a reordered ACK, not counted (as Linux)
 * @XTCP_SB_DSACK_OLD: a DSACK block for data sent before the last
 *	recovery began (TCPDSACKIgnoredOld)
 * @XTCP_SB_DSACK_NO_UNDO: a DSACK block below SND.UNA with no recovery to
 *	undo (TCPDSACKIgnoredNoUndo)
 */
extern const struct xtcp_sack_board xtcp_sb_empty;

enum xtcp_sb_verdict {
	XTCP_SB_OK,
	XTCP_SB_DISCARD,
	XTCP_SB_OLD,
	XTCP_SB_DSACK_OLD,
	XTCP_SB_DSACK_NO_UNDO,
};

/**
 * xtcp_sb_reset() - forget every range
 * @sb: the scoreboard
 */
static inline void xtcp_sb_reset(struct xtcp_sack_board *sb)
{
	sb->n = 0;
	sb->sacked = 0;
}

/**
 * xtcp_sb_high() - RFC 6675's HighACK: the end of the highest SACKed range
 * @sb: the scoreboard
 * @snd_una: SND.UNA, returned when nothing is SACKed
 *
 * Return: a sequence number.
 */
static inline u32 xtcp_sb_high(const struct xtcp_sack_board *sb, u32 snd_una)
{
	return sb->n ? sb->r[sb->n - 1].end : snd_una;
}

bool xtcp_sb_is_dsack(const struct xtcp_sack_block *b, unsigned int n,
		      u32 ack);
enum xtcp_sb_verdict xtcp_sb_valid(const struct xtcp_sack_block *b,
				   bool dsack, u32 snd_una, u32 snd_nxt,
				   u32 undo_marker, bool undo, u32 max_wnd,
				   bool una_moved);
u32 xtcp_sb_add(struct xtcp_sack_board *sb, u32 start, u32 end);
void xtcp_sb_ack(struct xtcp_sack_board *sb, u32 snd_una);
u32 xtcp_sb_sacked_in(const struct xtcp_sack_board *sb, u32 from, u32 to);
bool xtcp_sb_is_sacked(const struct xtcp_sack_board *sb, u32 seq);
u32 xtcp_sb_lost_end(const struct xtcp_sack_board *sb, u32 snd_una, u32 mss,
		     u32 dupthresh);
bool xtcp_sb_is_lost(const struct xtcp_sack_board *sb, u32 seq, u32 mss,
		     u32 dupthresh);
u32 xtcp_sb_pipe(const struct xtcp_sack_board *sb, u32 snd_una, u32 snd_nxt,
		 u32 high_rxt, u32 mss, u32 dupthresh);
u32 xtcp_sb_pipe_lost(const struct xtcp_sack_board *sb, u32 snd_una,
		      u32 snd_nxt, u32 high_rxt, u32 lost);
bool xtcp_sb_next_seg_lost(const struct xtcp_sack_board *sb, u32 snd_una,
			   u32 high_rxt, u32 mss, u32 lost, u32 *seq,
			   u32 *len);
bool xtcp_sb_next_seg(const struct xtcp_sack_board *sb, u32 snd_una,
		      u32 high_rxt, u32 mss, u32 dupthresh, u32 *seq,
		      u32 *len);
u32 xtcp_sb_skip(const struct xtcp_sack_board *sb, u32 seq, u32 *len);

#endif /* _XTCP_SCOREBOARD_H */
