// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the sender's SACK scoreboard and RFC 6675's routines on it (see
 * scoreboard.h).
 */
#include <linux/minmax.h>

#include "compat.h"
#include "scoreboard.h"
#include "seq.h"

/*
 * xtcp_sb_empty: a scoreboard with nothing SACKed, for a connection that
 * has none (ondemand.c) to read.
 */
const struct xtcp_sack_board xtcp_sb_empty;

static u32 len_of(const struct xtcp_sack_block *b)
{
	return b->end - b->start;
}

/**
 * xtcp_sb_is_dsack() - does an ACK's first SACK block report a duplicate?
 * @b: the ACK's blocks, as they came
 * @n: how many (at least 1)
 * @ack: the ACK's acknowledgment number
 *
 * RFC 2883 4 and Linux's tcp_check_dsack(): the first block is a DSACK if
 * it lies below the cumulative ACK, or within the second block.
 *
 * Return: true if @b[0] is a DSACK block.
 */
bool xtcp_sb_is_dsack(const struct xtcp_sack_block *b, unsigned int n,
		      u32 ack)
{
	if (xtcp_seq_before(b[0].start, ack))
		return true;
	return n > 1 && !xtcp_seq_after(b[0].end, b[1].end) &&
	       !xtcp_seq_before(b[0].start, b[1].start);
}

XTCP_KUNIT_EXPORT(xtcp_sb_is_dsack);

/**
 * xtcp_sb_valid() - may a block be taken? As tcp_is_sackblock_valid()
 * @b: the block
 * @dsack: it is a DSACK block (xtcp_sb_is_dsack())
 * @snd_una: SND.UNA, after the ACK
 * @snd_nxt: SND.NXT
 * @undo_marker: SND.UNA when the last loss recovery began
 * @undo: that recovery may still be undone (@undo_marker is valid)
 * @max_wnd: the largest window the peer offered
 * @stale_ack: the ACK acknowledges less than SND.UNA (it was reordered)
 *
 * A SACK block must lie within SND.UNA..SND.NXT and start after SND.UNA;
 * a DSACK block may also lie below SND.UNA, if not before @undo_marker
 * (a block that crosses it is taken if it is less than @max_wnd long).
 *
 * Return: XTCP_SB_OK, or why not (the counter to count it in).
 */
enum xtcp_sb_verdict xtcp_sb_valid(const struct xtcp_sack_block *b,
				   bool dsack, u32 snd_una, u32 snd_nxt,
				   u32 undo_marker, bool undo, u32 max_wnd,
				   bool stale_ack)
{
	enum xtcp_sb_verdict bad;

	if (dsack)
		bad = undo ? XTCP_SB_DSACK_OLD : XTCP_SB_DSACK_NO_UNDO;
	else if (stale_ack && !xtcp_seq_after(b->end, snd_una))
		bad = XTCP_SB_OLD;
	else
		bad = XTCP_SB_DISCARD;
	/* too far ahead, or reversed, or wrapped */
	if (xtcp_seq_after(b->end, snd_nxt) ||
	    !xtcp_seq_before(b->start, b->end) ||
	    !xtcp_seq_before(b->start, snd_nxt))
		return bad;
	if (xtcp_seq_after(b->start, snd_una))
		return XTCP_SB_OK;
	if (!dsack || !undo || xtcp_seq_after(b->end, snd_una))
		return bad;
	if (!xtcp_seq_before(b->start, undo_marker))
		return XTCP_SB_OK;
	if (!xtcp_seq_after(b->end, undo_marker))
		return bad;
	return !xtcp_seq_before(b->start, b->end - max_wnd) ? XTCP_SB_OK : bad;
}

XTCP_KUNIT_EXPORT(xtcp_sb_valid);

static void drop(struct xtcp_sack_board *sb, unsigned int i, unsigned int k)
{
	unsigned int j;

	for (j = i; j < i + k; j++)
		sb->sacked -= len_of(&sb->r[j]);
	for (j = i; j + k < sb->n; j++)
		sb->r[j] = sb->r[j + k];
	sb->n -= k;
}

/**
 * xtcp_sb_add() - mark [@start, @end) SACKed
 * @sb: the scoreboard
 * @start: the block's left edge
 * @end: its right edge, after @start (a block xtcp_sb_valid() took)
 *
 * Ranges it touches or overlaps merge with it. With XTCP_SB_RANGES
 * ranges already, a new one above them all is not kept, else the highest
 * goes.
 *
 * Return: octets SACKed for the first time.
 */
u32 xtcp_sb_add(struct xtcp_sack_board *sb, u32 start, u32 end)
{
	unsigned int i = 0, j, k;
	u32 before;

	while (i < sb->n && xtcp_seq_before(sb->r[i].end, start))
		i++;
	j = i;
	while (j < sb->n && !xtcp_seq_after(sb->r[j].start, end))
		j++;
	if (i == j) {			/* touches none: a new range at i */
		if (sb->n == XTCP_SB_RANGES) {
			if (i == sb->n)
				return 0;
			drop(sb, sb->n - 1, 1);
		}
		for (k = sb->n; k > i; k--)
			sb->r[k] = sb->r[k - 1];
		sb->r[i] = (struct xtcp_sack_block){ .start = start, .end = end };
		sb->n++;
		sb->sacked += end - start;
		return end - start;
	}
	/* ranges i .. j - 1 merge with it into range i */
	if (xtcp_seq_before(sb->r[i].start, start))
		start = sb->r[i].start;
	if (xtcp_seq_after(sb->r[j - 1].end, end))
		end = sb->r[j - 1].end;
	before = sb->sacked;
	drop(sb, i + 1, j - i - 1);
	sb->sacked -= len_of(&sb->r[i]);
	sb->r[i] = (struct xtcp_sack_block){ .start = start, .end = end };
	sb->sacked += end - start;
	return sb->sacked - before;
}

XTCP_KUNIT_EXPORT(xtcp_sb_add);

/**
 * xtcp_sb_ack() - SND.UNA moved: forget what it passed
 * @sb: the scoreboard
 * @snd_una: SND.UNA
 */
void xtcp_sb_ack(struct xtcp_sack_board *sb, u32 snd_una)
{
	unsigned int k = 0;

	while (k < sb->n && !xtcp_seq_after(sb->r[k].end, snd_una))
		k++;
	drop(sb, 0, k);
	if (sb->n && xtcp_seq_before(sb->r[0].start, snd_una)) {
		sb->sacked -= snd_una - sb->r[0].start;
		sb->r[0].start = snd_una;
	}
}

XTCP_KUNIT_EXPORT(xtcp_sb_ack);

/**
 * xtcp_sb_sacked_in() - SACKed octets in [@from, @to)
 * @sb: the scoreboard
 * @from: first sequence number
 * @to: the one after the last
 *
 * Return: octets.
 */
u32 xtcp_sb_sacked_in(const struct xtcp_sack_board *sb, u32 from, u32 to)
{
	unsigned int i;
	u32 n = 0;

	for (i = 0; i < sb->n; i++) {
		u32 s = sb->r[i].start, e = sb->r[i].end;

		if (xtcp_seq_before(s, from))
			s = from;
		if (xtcp_seq_after(e, to))
			e = to;
		if (xtcp_seq_before(s, e))
			n += e - s;
	}
	return n;
}

XTCP_KUNIT_EXPORT(xtcp_sb_sacked_in);

/**
 * xtcp_sb_is_sacked() - is @seq SACKed?
 * @sb: the scoreboard
 * @seq: a sequence number
 *
 * Return: true if a range holds it.
 */
bool xtcp_sb_is_sacked(const struct xtcp_sack_board *sb, u32 seq)
{
	return xtcp_sb_sacked_in(sb, seq, seq + 1);
}

XTCP_KUNIT_EXPORT(xtcp_sb_is_sacked);

/**
 * xtcp_sb_lost_end() - where IsLost() stops being true (RFC 6675 4)
 * @sb: the scoreboard
 * @snd_una: SND.UNA, returned if nothing is lost
 * @mss: the sender's segment size (SMSS)
 * @dupthresh: DupThresh (the reordering the sender allows, in segments)
 *
 * IsLost(seq) holds when @dupthresh discontiguous SACKed segments lie
 * above seq, or more than (@dupthresh - 1) * @mss SACKed octets. Seen
 * from the highest range down, that first holds below the start of some
 * range: every octet below it that is not SACKed is lost.
 *
 * Return: the start of that range, or @snd_una.
 */
u32 xtcp_sb_lost_end(const struct xtcp_sack_board *sb, u32 snd_una, u32 mss,
		     u32 dupthresh)
{
	u32 octets = 0, segs = 0;
	int i;

	mss = max(mss, 1U);
	for (i = sb->n - 1; i >= 0; i--) {
		octets += len_of(&sb->r[i]);
		segs += DIV_ROUND_UP(len_of(&sb->r[i]), mss);
		if (segs >= dupthresh || octets > (dupthresh - 1) * mss)
			return xtcp_seq_after(sb->r[i].start, snd_una) ?
			       sb->r[i].start : snd_una;
	}
	return snd_una;
}

XTCP_KUNIT_EXPORT(xtcp_sb_lost_end);

/**
 * xtcp_sb_is_lost() - RFC 6675's IsLost(@seq)
 * @sb: the scoreboard
 * @seq: a sequence number that is not SACKed
 * @mss: SMSS
 * @dupthresh: DupThresh
 *
 * Return: true if the octet at @seq is taken as lost.
 */
bool xtcp_sb_is_lost(const struct xtcp_sack_board *sb, u32 seq, u32 mss,
		     u32 dupthresh)
{
	return xtcp_seq_before(seq, xtcp_sb_lost_end(sb, seq, mss, dupthresh));
}

XTCP_KUNIT_EXPORT(xtcp_sb_is_lost);

/**
 * xtcp_sb_pipe_lost() - RFC 6675's SetPipe() with the lost octets given
 * @sb: the scoreboard
 * @snd_una: SND.UNA
 * @snd_nxt: SND.NXT (HighData + 1)
 * @high_rxt: the sequence number after the last octet retransmitted in
 *	this loss recovery (HighRxt + 1; @snd_una outside one)
 * @lost: where IsLost() stops being true: xtcp_sb_lost_end(), or RACK's
 *	edge (rack.h)
 *
 * Each octet in flight that is not SACKed counts once unless it is lost,
 * and once more if it was retransmitted (below @high_rxt).
 *
 * Return: the pipe, in octets.
 */
u32 xtcp_sb_pipe_lost(const struct xtcp_sack_board *sb, u32 snd_una,
		      u32 snd_nxt, u32 high_rxt, u32 lost)
{
	u32 pipe;

	if (xtcp_seq_before(lost, snd_una))
		lost = snd_una;
	if (xtcp_seq_after(lost, snd_nxt))
		lost = snd_nxt;
	pipe = snd_nxt - lost - xtcp_sb_sacked_in(sb, lost, snd_nxt);
	if (xtcp_seq_after(high_rxt, snd_nxt))
		high_rxt = snd_nxt;
	if (xtcp_seq_after(high_rxt, snd_una))
		pipe += high_rxt - snd_una -
			xtcp_sb_sacked_in(sb, snd_una, high_rxt);
	return pipe;
}

XTCP_KUNIT_EXPORT(xtcp_sb_pipe_lost);

/**
 * xtcp_sb_pipe() - RFC 6675's SetPipe(): octets taken to be in the network
 * @sb: the scoreboard
 * @snd_una: SND.UNA
 * @snd_nxt: SND.NXT (HighData + 1)
 * @high_rxt: as for xtcp_sb_pipe_lost()
 * @mss: SMSS
 * @dupthresh: DupThresh
 *
 * xtcp_sb_pipe_lost() with DupThresh's IsLost().
 *
 * Return: the pipe, in octets.
 */
u32 xtcp_sb_pipe(const struct xtcp_sack_board *sb, u32 snd_una, u32 snd_nxt,
		 u32 high_rxt, u32 mss, u32 dupthresh)
{
	return xtcp_sb_pipe_lost(sb, snd_una, snd_nxt, high_rxt,
				 xtcp_sb_lost_end(sb, snd_una, mss, dupthresh));
}

XTCP_KUNIT_EXPORT(xtcp_sb_pipe);

/**
 * xtcp_sb_next_seg_lost() - RFC 6675's NextSeg(), rules 1 and 3, with
 *	the lost octets given
 * @sb: the scoreboard
 * @snd_una: SND.UNA
 * @high_rxt: as for xtcp_sb_pipe(): nothing below it is sent again
 * @mss: SMSS
 * @lost: where IsLost() stops being true (as for xtcp_sb_pipe_lost())
 * @seq: gets the first sequence number to send again
 * @len: on entry, 0 for rule 1 only (a lost octet), else rule 3 too (any
 *	octet below HighACK not SACKed: the caller has no new data to send,
 *	rule 2); gets the octets to send, at most @mss, and never one that
 *	is SACKed
 *
 * Return: true if there is a segment to send again.
 */
bool xtcp_sb_next_seg_lost(const struct xtcp_sack_board *sb, u32 snd_una,
			   u32 high_rxt, u32 mss, u32 lost, u32 *seq,
			   u32 *len)
{
	u32 s = xtcp_seq_after(high_rxt, snd_una) ? high_rxt : snd_una;
	bool rule3 = *len;
	unsigned int i;

	for (i = 0; i < sb->n; i++) {
		if (!xtcp_seq_after(sb->r[i].end, s))
			continue;
		if (!xtcp_seq_after(sb->r[i].start, s)) {
			s = sb->r[i].end;	/* SACKed: past it */
			continue;
		}
		/* [s, r[i].start) is a hole below HighACK */
		if (!rule3 && !xtcp_seq_before(s, lost))
			return false;
		*seq = s;
		*len = min(max(mss, 1U), sb->r[i].start - s);
		if (!rule3)
			*len = min(*len, lost - s);
		return true;
	}
	return false;
}

XTCP_KUNIT_EXPORT(xtcp_sb_next_seg_lost);

/**
 * xtcp_sb_next_seg() - RFC 6675's NextSeg(), rules 1 and 3
 * @sb: the scoreboard
 * @snd_una: SND.UNA
 * @high_rxt: as for xtcp_sb_pipe(): nothing below it is sent again
 * @mss: SMSS
 * @dupthresh: DupThresh
 * @seq: as for xtcp_sb_next_seg_lost()
 * @len: as for xtcp_sb_next_seg_lost()
 *
 * xtcp_sb_next_seg_lost() with DupThresh's IsLost().
 *
 * Return: true if there is a segment to send again.
 */
bool xtcp_sb_next_seg(const struct xtcp_sack_board *sb, u32 snd_una,
		      u32 high_rxt, u32 mss, u32 dupthresh, u32 *seq,
		      u32 *len)
{
	return xtcp_sb_next_seg_lost(sb, snd_una, high_rxt, mss,
				     xtcp_sb_lost_end(sb, snd_una, mss,
						      dupthresh),
				     seq, len);
}

XTCP_KUNIT_EXPORT(xtcp_sb_next_seg);

/**
 * xtcp_sb_skip() - the first octet from @seq on that is not SACKed
 * @sb: the scoreboard
 * @seq: a sequence number
 * @len: octets wanted from there; cut so they reach no SACKed octet
 *
 * For the resending after a timeout, which skips what the peer has.
 *
 * Return: @seq, or the end of the range that holds it.
 */
u32 xtcp_sb_skip(const struct xtcp_sack_board *sb, u32 seq, u32 *len)
{
	unsigned int i;

	for (i = 0; i < sb->n; i++) {
		if (!xtcp_seq_after(sb->r[i].end, seq))
			continue;
		if (!xtcp_seq_after(sb->r[i].start, seq)) {
			seq = sb->r[i].end;
			continue;
		}
		*len = min(*len, sb->r[i].start - seq);
		break;
	}
	return seq;
}

XTCP_KUNIT_EXPORT(xtcp_sb_skip);
