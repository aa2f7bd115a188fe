// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: RACK-TLP (see rack.h): the records of the segments in flight,
 * loss detection by time, the reordering window, the loss probe; then the
 * socket's events: ACKs, the reorder timer, the probe timer.
 */
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <net/sock.h>

#include "clock.h"
#include "compat.h"
#include "mib.h"
#include "net.h"
#include "rack.h"
#include "rtt.h"
#include "scoreboard.h"
#include "seq.h"
#include "sock.h"
#include "timers.h"

/* Linux's TCP_TIMEOUT_MIN: added to the PTO and the reorder timeout */
#define XTCP_RACK_SLACK_US	jiffies_to_usecs(2)

/* Was (@t1, @seq1) sent after (@t2, @seq2)? RFC 8985's RACK_sent_after() */
static bool sent_after(u32 t1, u32 seq1, u32 t2, u32 seq2)
{
	return (s32)(t1 - t2) > 0 || (t1 == t2 && xtcp_seq_after(seq1, seq2));
}

/**
 * xtcp_rack_init() - a connection starts: nothing delivered yet
 * @r: the state; &xtcp_rack.segs, &xtcp_rack.pending and
 *	&xtcp_rack.rto_at_us are left as they are
 * @recovery: net.xtcp.tcp_recovery's bits for it (0 without SACK)
 * @tlp: TLP on for it
 */
void xtcp_rack_init(struct xtcp_rack *r, u8 recovery, bool tlp)
{
	r->xmit_us = 0;
	r->end_seq = 0;
	r->rtt_us = 0;
	r->reo_wnd_mult = 1;
	r->reo_wnd_persist = 0;
	r->dsack_round_set = false;
	r->advanced = false;
	r->reord_seen = 0;
	r->tlp_out = false;
	r->tlp_retrans = false;
	r->probing = false;
	r->recovery = recovery;
	r->tlp = tlp;
}

XTCP_KUNIT_EXPORT(xtcp_rack_init);

/* Cut record @i in two at @seq; false if no record is free. */
static bool split(struct xtcp_rack_segs *q, unsigned int i, u32 seq)
{
	if (q->n == XTCP_RACK_SEGS)
		return false;
	memmove(&q->s[i + 1], &q->s[i], (q->n - i) * sizeof(q->s[0]));
	q->n++;
	q->s[i].end = seq;
	q->s[i + 1].start = seq;
	return true;
}

/* [@start, @end) was sent again at @now_us: stamp the records it covers. */
static void resent(struct xtcp_rack_segs *q, u32 start, u32 end, u32 now_us)
{
	unsigned int i;

	for (i = 0; i < q->n; i++) {
		struct xtcp_rack_seg *s = &q->s[i];

		if (!xtcp_seq_after(s->end, start))
			continue;
		if (!xtcp_seq_before(s->start, end))
			break;
		if (xtcp_seq_before(s->start, start) && split(q, i, start))
			continue;	/* the part from @start is next */
		if (xtcp_seq_after(s->end, end))
			split(q, i, end);
		s->xmit_us = now_us;
		s->flags = XTCP_RACK_RETRANS;
	}
}

/*
 * Free a record when all are used: merge the lowest two neighbours (no
 * octet between them) that are both SACKed, else the lowest two with the
 * same flags. The merged record keeps the later time, so a loss in it is
 * found later, never sooner; records of the newest data, the ones whose
 * deliveries tell RACK most, stay one each. False if no two may merge.
 */
static bool make_room(struct xtcp_rack_segs *q)
{
	unsigned int i, pick = q->n;

	for (i = 0; i + 1 < q->n; i++) {
		const struct xtcp_rack_seg *a = &q->s[i], *b = &q->s[i + 1];

		if (a->flags != b->flags || a->end != b->start)
			continue;
		if (a->flags & XTCP_RACK_SACKED) {
			pick = i;
			break;
		}
		if (pick == q->n)
			pick = i;
	}
	if (pick == q->n)
		return false;
	q->s[pick].end = q->s[pick + 1].end;
	if ((s32)(q->s[pick + 1].xmit_us - q->s[pick].xmit_us) > 0)
		q->s[pick].xmit_us = q->s[pick + 1].xmit_us;
	q->n--;
	memmove(&q->s[pick + 1], &q->s[pick + 2],
		(q->n - pick - 1) * sizeof(q->s[0]));
	return true;
}

/**
 * xtcp_rack_sent() - call after a segment went out
 * @r: the state
 * @start: its first sequence number
 * @end: the sequence number after its data
 * @now_us: the time
 * @rtx: it was sent before (a retransmission)
 *
 * New data gets a record of its own; when all are used, two older ones
 * merge to free one (make_room()), or, if none may, it joins the last
 * one, whose time becomes @now_us. A retransmission stamps the records it
 * covers, cut at its edges while records are free.
 */
void xtcp_rack_sent(struct xtcp_rack *r, u32 start, u32 end, u32 now_us,
		    bool rtx)
{
	struct xtcp_rack_segs *q = r->segs;
	struct xtcp_rack_seg *s;

	if (!q || !xtcp_seq_before(start, end))
		return;
	if (rtx) {
		resent(q, start, end, now_us);
		return;
	}
	if (q->n == XTCP_RACK_SEGS && !make_room(q)) {
		s = &q->s[q->n - 1];
		s->end = end;
		s->xmit_us = now_us;
		return;
	}
	q->s[q->n++] = (struct xtcp_rack_seg){
		.start = start, .end = end, .xmit_us = now_us,
	};
}

XTCP_KUNIT_EXPORT(xtcp_rack_sent);

/*
 * Record @s was delivered (RFC 8985 6.2 step 2): if it was sent after
 * every segment delivered so far, it is RACK's segment, and its RTT is
 * RACK.rtt. A retransmission delivered sooner than the least RTT after
 * it left was the original's delivery: it tells nothing. The least RTT
 * may come from a timestamp's sample (rtt.c, tsopt.c), to a millisecond
 * (XTCP_RTT_G_US), rounded up as often as down: within that of it, a
 * retransmission's delivery counts (else a probe's SACK, an RTT after
 * the probe, is taken for the original's one time in two).
 */
static void delivered(struct xtcp_rack *r, const struct xtcp_rack_seg *s,
		      u32 now_us, u32 min_rtt_us)
{
	u32 rtt = now_us - s->xmit_us;

	if ((s->flags & XTCP_RACK_RETRANS) && rtt + XTCP_RTT_G_US < min_rtt_us)
		return;
	r->advanced = true;
	if (r->rtt_us && !sent_after(s->xmit_us, s->end, r->xmit_us,
				     r->end_seq))
		return;
	r->rtt_us = max(rtt, 1U);
	r->xmit_us = s->xmit_us;
	r->end_seq = s->end;
}

/* Drop the records SND.UNA passed, delivering those not SACKed. */
static void cum_acked(struct xtcp_rack *r, u32 snd_una, u32 now_us,
		      u32 min_rtt_us)
{
	struct xtcp_rack_segs *q = r->segs;
	unsigned int i = 0;

	while (i < q->n && !xtcp_seq_after(q->s[i].end, snd_una)) {
		if (!(q->s[i].flags & XTCP_RACK_SACKED))
			delivered(r, &q->s[i], now_us, min_rtt_us);
		i++;
	}
	q->n -= i;
	memmove(&q->s[0], &q->s[i], q->n * sizeof(q->s[0]));
	if (q->n && xtcp_seq_before(q->s[0].start, snd_una))
		q->s[0].start = snd_una;
}

/**
 * xtcp_rack_acked() - call after an ACK's blocks went on the scoreboard
 * @r: the state
 * @snd_una: SND.UNA after it
 * @sb: the scoreboard
 * @now_us: the time
 * @min_rtt_us: the least RTT seen
 *
 * The records SND.UNA passed go; those a SACKed range now holds whole are
 * SACKed. Each newly delivered one may advance RACK.xmit_ts, RACK.end_seq
 * and RACK.rtt (&xtcp_rack.advanced then says loss detection may find
 * something). Ranges and records are both in sequence order: one pass.
 */
void xtcp_rack_acked(struct xtcp_rack *r, u32 snd_una,
		     const struct xtcp_sack_board *sb, u32 now_us,
		     u32 min_rtt_us)
{
	struct xtcp_rack_segs *q = r->segs;
	unsigned int i, j = 0;

	if (!q)
		return;
	cum_acked(r, snd_una, now_us, min_rtt_us);
	for (i = 0; i < q->n; i++) {
		struct xtcp_rack_seg *s = &q->s[i];

		while (j < sb->n && !xtcp_seq_after(sb->r[j].end, s->start))
			j++;
		if (j == sb->n)
			break;
		if ((s->flags & XTCP_RACK_SACKED) ||
		    xtcp_seq_after(sb->r[j].start, s->start) ||
		    xtcp_seq_before(sb->r[j].end, s->end))
			continue;
		s->flags = (s->flags & ~XTCP_RACK_LOST) | XTCP_RACK_SACKED;
		delivered(r, s, now_us, min_rtt_us);
	}
}

XTCP_KUNIT_EXPORT(xtcp_rack_acked);

/**
 * xtcp_rack_reo_wnd() - RACK's reordering window (RFC 8985 6.2 step 4)
 * @r: the state
 * @min_rtt_us: the least RTT seen
 * @srtt_us: SRTT
 * @recovery: in fast or timeout recovery
 * @dupthresh: DupThresh segments are SACKed, and net.xtcp.tcp_recovery
 *	does not turn that shortcut off
 *
 * As tcp_rack_reo_wnd(): before any reordering was seen, 0 in recovery
 * or once DupThresh segments are SACKed; else &xtcp_rack.reo_wnd_mult
 * quarters of the least RTT, at most SRTT.
 *
 * Return: microseconds.
 */
u32 xtcp_rack_reo_wnd(const struct xtcp_rack *r, u32 min_rtt_us,
		      u32 srtt_us, bool recovery, bool dupthresh)
{
	if (!r->reord_seen && (recovery || dupthresh))
		return 0;
	return min((min_rtt_us >> 2) * r->reo_wnd_mult, srtt_us);
}

XTCP_KUNIT_EXPORT(xtcp_rack_reo_wnd);

/**
 * xtcp_rack_detect_loss() - mark lost what RACK says is (RFC 8985 6.2
 *	step 5, tcp_rack_detect_loss())
 * @r: the state
 * @now_us: the time
 * @reo_wnd: the reordering window, xtcp_rack_reo_wnd()
 * @timeout_us: gets how long until the next record not yet due is, 0 if
 *	none waits
 *
 * A record neither SACKed nor already lost, sent before RACK.xmit_ts
 * (or at it, and below RACK.end_seq), is lost once RACK.rtt + @reo_wnd
 * has passed since it was sent.
 *
 * Return: true if a record was newly marked lost.
 */
bool xtcp_rack_detect_loss(struct xtcp_rack *r, u32 now_us, u32 reo_wnd,
			   u32 *timeout_us)
{
	struct xtcp_rack_segs *q = r->segs;
	bool lost = false;
	unsigned int i;
	s32 left;

	*timeout_us = 0;
	for (i = 0; q && i < q->n; i++) {
		struct xtcp_rack_seg *s = &q->s[i];

		if ((s->flags & (XTCP_RACK_SACKED | XTCP_RACK_LOST)) ||
		    !sent_after(r->xmit_us, r->end_seq, s->xmit_us, s->end))
			continue;
		left = (s32)(r->rtt_us + reo_wnd - (now_us - s->xmit_us));
		if (left <= 0) {
			if (s->flags & XTCP_RACK_RETRANS)
				r->lost_rtx++;
			s->flags |= XTCP_RACK_LOST;
			lost = true;
		} else {
			*timeout_us = max_t(u32, *timeout_us, left);
		}
	}
	return lost;
}

XTCP_KUNIT_EXPORT(xtcp_rack_detect_loss);

/**
 * xtcp_rack_lost_end() - where RACK's losses end
 * @r: the state
 * @snd_una: SND.UNA, returned if nothing is lost
 *
 * Originals leave in sequence order, so RACK marks them lost from the
 * lowest up: every octet below the end of the highest record lost that
 * is not SACKed is lost, or was sent again (below HighRxt, which loss
 * recovery does not resend). The scoreboard's IsLost(), NextSeg() and
 * pipe take this edge in place of DupThresh's (scoreboard.c).
 *
 * Return: a sequence number.
 */
u32 xtcp_rack_lost_end(const struct xtcp_rack *r, u32 snd_una)
{
	const struct xtcp_rack_segs *q = r->segs;
	u32 end = snd_una;
	int i;

	for (i = q ? q->n - 1 : -1; i >= 0; i--) {
		if (q->s[i].flags & XTCP_RACK_LOST) {
			end = q->s[i].end;
			break;
		}
	}
	return xtcp_seq_after(end, snd_una) ? end : snd_una;
}

XTCP_KUNIT_EXPORT(xtcp_rack_lost_end);

/**
 * xtcp_rack_lost_rtx() - the first retransmission RACK took for lost
 * @r: the state
 * @snd_una: SND.UNA
 * @seq: gets where it starts (SND.UNA at the least)
 * @len: gets its length
 *
 * A segment sent again and lost again lies below HighRxt, where loss
 * recovery's NextSeg() does not look: as Linux's tcp_mark_skb_lost()
 * clears TCPCB_SACKED_RETRANS so that tcp_xmit_retransmit_queue() sends
 * it once more, recovery sends these first, without waiting for the
 * retransmission timeout. Sending it stamps the record again
 * (xtcp_rack_sent()), which clears its loss.
 *
 * Return: true if there is one.
 */
bool xtcp_rack_lost_rtx(const struct xtcp_rack *r, u32 snd_una, u32 *seq,
			u32 *len)
{
	const struct xtcp_rack_segs *q = r->segs;
	unsigned int i;

	for (i = 0; q && i < q->n; i++) {
		const struct xtcp_rack_seg *s = &q->s[i];

		if ((s->flags & (XTCP_RACK_RETRANS | XTCP_RACK_LOST |
				 XTCP_RACK_SACKED)) !=
		    (XTCP_RACK_RETRANS | XTCP_RACK_LOST) ||
		    !xtcp_seq_after(s->end, snd_una))
			continue;
		*seq = xtcp_seq_after(s->start, snd_una) ? s->start : snd_una;
		*len = s->end - *seq;
		return true;
	}
	return false;
}

XTCP_KUNIT_EXPORT(xtcp_rack_lost_rtx);

/**
 * xtcp_rack_update_round() - call on each ACK, before xtcp_rack_dsack()
 * @r: the state
 * @snd_una: SND.UNA after it
 *
 * The round trip in which the window last grew ends once SND.UNA passes
 * SND.NXT of then: a DSACK may grow it again.
 */
void xtcp_rack_update_round(struct xtcp_rack *r, u32 snd_una)
{
	if (r->dsack_round_set && !xtcp_seq_before(snd_una, r->dsack_round))
		r->dsack_round_set = false;
}

XTCP_KUNIT_EXPORT(xtcp_rack_update_round);

/**
 * xtcp_rack_dsack() - a DSACK block arrived
 * @r: the state
 * @snd_nxt: SND.NXT
 * @end: the block's right edge
 *
 * RFC 8985 6.2 step 4 (tcp_rack_update_reo_wnd()): the first DSACK of a
 * round trip grows the reordering window by a quarter of the least RTT,
 * for the next XTCP_RACK_PERSIST recoveries. As Linux, only after
 * reordering was seen, not with the window static
 * (XTCP_RACK_STATIC_REO_WND), and not for the duplicate a loss probe
 * made (its timer, not RACK, sent it).
 */
void xtcp_rack_dsack(struct xtcp_rack *r, u32 snd_nxt, u32 end)
{
	if (!r->reord_seen || r->dsack_round_set ||
	    (r->recovery & XTCP_RACK_STATIC_REO_WND) ||
	    (r->tlp_out && r->tlp_retrans && end == r->tlp_high_seq))
		return;
	r->dsack_round = snd_nxt;
	r->dsack_round_set = true;
	r->reo_wnd_mult = min_t(u32, r->reo_wnd_mult + 1, XTCP_RACK_MULT_MAX);
	r->reo_wnd_persist = XTCP_RACK_PERSIST;
}

XTCP_KUNIT_EXPORT(xtcp_rack_dsack);

/**
 * xtcp_rack_recovery_ended() - call when fast or timeout recovery ends
 * @r: the state
 *
 * After XTCP_RACK_PERSIST recoveries without a DSACK the window is back
 * to a quarter of the least RTT.
 */
void xtcp_rack_recovery_ended(struct xtcp_rack *r)
{
	if (r->reo_wnd_persist)
		r->reo_wnd_persist--;
	if (!r->reo_wnd_persist)
		r->reo_wnd_mult = 1;
}

XTCP_KUNIT_EXPORT(xtcp_rack_recovery_ended);

/**
 * xtcp_rack_pto_us() - the probe timeout (RFC 8985 7.2,
 *	tcp_schedule_loss_probe())
 * @srtt_us: SRTT, 0 before a sample
 * @one_seg: a single segment is in flight: its ACK may be delayed
 * @rto_left_us: how long until the RTO is due
 *
 * 2 SRTT, plus WCDelAckT (200 ms) for a lone segment, else plus Linux's
 * two jiffies; 1 s without an RTT sample; never past the RTO.
 *
 * Return: microseconds.
 */
u32 xtcp_rack_pto_us(u32 srtt_us, bool one_seg, u32 rto_left_us)
{
	u32 pto = XTCP_RACK_TLP_INIT_US;

	if (srtt_us)
		pto = 2 * srtt_us + (one_seg ? XTCP_RACK_WCDELACK_US :
				     XTCP_RACK_SLACK_US);
	return min(pto, rto_left_us);
}

XTCP_KUNIT_EXPORT(xtcp_rack_pto_us);

/**
 * xtcp_rack_tlp_ack() - an ACK arrived with a loss probe outstanding
 *	(RFC 8985 7.4, tcp_process_tlp_ack())
 * @r: the state
 * @ack: SND.UNA after it
 * @una_advanced: it acknowledged new data
 * @dup: a pure duplicate: no data, no window change, nothing newly SACKed
 * @dsack_tlp: it carries a DSACK for the probe's segment
 *
 * A probe of new data needs no more than its ACK. A probe that sent a
 * segment again repaired nothing if both copies arrived (a DSACK of it,
 * or a pure duplicate ACK at its end); an ACK past its end, with neither,
 * shows the original was lost: cwnd must come down.
 *
 * Return: &enum xtcp_rack_tlp_verdict; the probe is no longer
 * outstanding unless XTCP_TLP_WAIT.
 */
enum xtcp_rack_tlp_verdict xtcp_rack_tlp_ack(struct xtcp_rack *r, u32 ack,
					     bool una_advanced, bool dup,
					     bool dsack_tlp)
{
	enum xtcp_rack_tlp_verdict v = XTCP_TLP_DONE;

	if (!r->tlp_out || xtcp_seq_before(ack, r->tlp_high_seq))
		return XTCP_TLP_WAIT;
	if (r->tlp_retrans && !dsack_tlp) {
		if (xtcp_seq_after(ack, r->tlp_high_seq))
			v = XTCP_TLP_LOSS;
		else if (una_advanced || !dup)
			return XTCP_TLP_WAIT;
	}
	r->tlp_out = false;
	return v;
}

XTCP_KUNIT_EXPORT(xtcp_rack_tlp_ack);

/* The sockets' side */

static bool in_recovery(const struct xtcp_cong *cc)
{
	return cc->in_fast_recovery || cc->in_rto_recovery;
}

/* How long until the retransmission timeout is due, in microseconds */
static u32 rto_left_us(const struct xtcp_rack *r, u64 now)
{
	return r->rto_at_us > now ? min_t(u64, r->rto_at_us - now, U32_MAX) :
				    0;
}

/* The transmit timer goes back to the retransmission timeout (tcp_rearm_rto()) */
static void rearm_rto(struct sock *sk)
{
	u32 left = rto_left_us(&xtcp_sk(sk)->rack, xtcp_clock_us(sk));

	xtcp_timers_rtx_wanted(sk, max(DIV_ROUND_UP(left, USEC_PER_MSEC), 1U));
}

/**
 * xtcp_rack_start() - call when a connection is established
 * @sk: the socket, locked
 *
 * RACK and TLP as the namespace's sysctls say, with SACK only.
 */
void xtcp_rack_start(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));
	u8 early = READ_ONCE(xn->tcp_early_retrans);
	bool sack = xs->tcb.sack_ok;

	xtcp_rack_init(&xs->rack, sack ? READ_ONCE(xn->tcp_recovery) : 0,
		       sack && early >= 3);
	xs->cc.rack = xs->rack.recovery & XTCP_RACK_LOSS_DETECTION;
}

/**
 * xtcp_rack_lost_edge() - where the lost octets end, for loss recovery
 * @sk: the socket
 *
 * RACK's edge (xtcp_rack_lost_end()) with RACK on and records kept, else
 * DupThresh's (xtcp_sb_lost_end()).
 *
 * Return: a sequence number, SND.UNA if nothing is lost.
 */
u32 xtcp_rack_lost_edge(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_cong *cc = &xs->cc;
	u32 una = xs->tcb.snd_una;

	if (cc->rack && xs->rack.segs)
		return xtcp_rack_lost_end(&xs->rack, una);
	return xtcp_sb_lost_end(xs->sack_board ?: &xtcp_sb_empty, una,
				cc->mss, cc->reordering);
}

/*
 * Run RACK's loss detection; arm the reorder timer for what is not due
 * (then *@armed is set). Return: true if something was newly lost.
 */
static bool detect(struct sock *sk, u64 now, bool *armed)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_sack_board *sb = xs->sack_board ?: &xtcp_sb_empty;
	struct xtcp_rack *r = &xs->rack;
	struct xtcp_cong *cc = &xs->cc;
	u32 reo, timeout, lost_rtx;
	bool lost;

	reo = xtcp_rack_reo_wnd(r, xs->tcb.rtt.min_rtt_us,
				xs->tcb.rtt.srtt_us, in_recovery(cc),
				sb->sacked >= cc->reordering * cc->mss &&
				!(r->recovery & XTCP_RACK_NO_DUPTHRESH));
	lost_rtx = r->lost_rtx;
	lost = xtcp_rack_detect_loss(r, (u32)now, reo, &timeout);
	if (r->lost_rtx != lost_rtx)
		XTCP_ADD_STATS(sock_net(sk), XTCP_MIB_TCPLOSTRETRANSMIT,
			       r->lost_rtx - lost_rtx);
	*armed = timeout;
	if (timeout) {
		timeout = DIV_ROUND_UP(timeout + XTCP_RACK_SLACK_US,
				       USEC_PER_MSEC);
		xtcp_timers_loss_wanted(sk, XTCP_XMIT_REO,
					min(timeout, xs->tcb.rtt.rto_ms));
	}
	return lost;
}

/**
 * xtcp_rack_ack() - call after an ACK's SACK blocks were taken, before
 *	loss recovery hears of it (connections with SACK only)
 * @sk: the socket, locked
 * @old_una: SND.UNA before it
 * @dup: it is a duplicate ACK
 * @dsack: it carries a DSACK block (taken by xtcp_sb_valid())
 * @dsack_end: that block's right edge
 *
 * Advances RACK, settles an outstanding loss probe (a loss it repaired
 * reduces cwnd: TCPLossProbeRecovery), adapts the reordering window, and
 * marks losses (xtcp_rack_lost_edge() then shows them) or arms the
 * reorder timer.
 */
void xtcp_rack_ack(struct sock *sk, u32 old_una, bool dup, bool dsack,
		   u32 dsack_end)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_sack_board *sb = xs->sack_board ?: &xtcp_sb_empty;
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_rack *r = &xs->rack;
	struct xtcp_cong *cc = &xs->cc;
	bool una_adv = xtcp_seq_after(tcb->snd_una, old_una);
	u32 flight = tcb->snd_nxt - old_una;
	u64 now = xtcp_clock_us(sk);
	bool armed;

	if (in_recovery(cc))
		r->tlp_out = false;	/* recovery repairs it */
	r->advanced = false;
	xtcp_rack_acked(r, tcb->snd_una, sb, (u32)now, tcb->rtt.min_rtt_us);
	if (xtcp_rack_tlp_ack(r, tcb->snd_una, una_adv, dup && !r->advanced,
			      dsack && dsack_end == r->tlp_high_seq) ==
	    XTCP_TLP_LOSS) {
		xtcp_cong_probe_loss(cc, flight);
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPLOSSPROBERECOVERY);
	}
	xtcp_rack_update_round(r, tcb->snd_una);
	if (dsack)
		xtcp_rack_dsack(r, tcb->snd_nxt, dsack_end);
	if (cc->rack && r->advanced)
		detect(sk, now, &armed);
}

/**
 * xtcp_rack_new_data_sent() - call after new data went out, or an ACK
 *	acknowledged new data (RFC 8985 7.2)
 * @sk: the socket, locked
 *
 * Arms the loss probe in place of the retransmission timeout, if TLP is
 * on, data is in flight, nothing is SACKed, no loss recovery runs, no
 * probe is outstanding and the reorder timer does not run.
 */
void xtcp_rack_new_data_sent(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_rack *r = &xs->rack;
	u32 flight = tcb->snd_nxt - tcb->snd_una;
	u64 now;

	if (!r->tlp || !flight || r->probing || r->tlp_out ||
	    in_recovery(&xs->cc) || (xs->sack_board && xs->sack_board->n) ||
	    !xtcp_timers_rtx_pending(sk, NULL) ||
	    r->pending == XTCP_XMIT_REO)
		return;
	now = xtcp_clock_us(sk);
	xtcp_timers_loss_wanted(sk, XTCP_XMIT_TLP,
				DIV_ROUND_UP(xtcp_rack_pto_us(tcb->rtt.srtt_us,
							      flight <= xs->cc.mss,
							      rto_left_us(r, now)),
					     USEC_PER_MSEC) ?: 1);
}

/**
 * xtcp_rack_reo_timeout() - the reorder timer expired
 * @sk: the socket, locked and not owned by a process
 *
 * As tcp_rack_reo_timeout(): what is now due is lost; loss recovery
 * begins, or goes on, and sends it; the retransmission timeout is armed
 * again for what is left of it, unless segments not yet due armed the
 * reorder timer again (Linux waits for the next ACK for those).
 */
void xtcp_rack_reo_timeout(struct sock *sk)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	bool armed;

	if (tcb->snd_una == tcb->snd_nxt)
		return;
	if (detect(sk, xtcp_clock_us(sk), &armed))
		xtcp_sock_rack_lost(sk);
	if (!armed)		/* else the reorder timer waits for more */
		rearm_rto(sk);
}

/* Send the probe: new data if the windows allow, else the last segment again. */
static bool probe(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_rack *r = &xs->rack;
	u32 nxt = tcb->snd_nxt, mss = xs->cc.mss, seq;

	r->tlp_retrans = false;
	if (xs->write_seq != tcb->snd_nxt && !tcb->fin_sent) {
		r->probing = true;
		xtcp_sock_push_mode(sk, XTCP_PUSH_FORCE);
		r->probing = false;
		if (tcb->snd_nxt != nxt)
			return true;
	}
	seq = nxt - min(nxt - tcb->snd_una, max(mss, 1U));
	if (xtcp_sock_retransmit(sk, seq, mss) == seq)
		return false;
	r->tlp_retrans = true;
	return true;
}

/**
 * xtcp_rack_tlp_timeout() - the loss probe timer expired
 * @sk: the socket, locked and not owned by a process
 *
 * As tcp_send_loss_probe(): one probe at most is outstanding
 * (TCPLossProbes counts them); after it the retransmission timeout
 * starts again, in full; without one it keeps what is left of it. A
 * probe that sends old data again counts as a retransmission (RetransSegs,
 * tcpi_total_retrans) but, as Linux's (__tcp_retransmit_skb(), no
 * retrans_stamp), does not start TCP_USER_TIMEOUT's count: the first
 * retransmission timeout does (xtcp_sock_rtx_timeout()).
 */
void xtcp_rack_tlp_timeout(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_rack *r = &xs->rack;

	if (tcb->snd_una == tcb->snd_nxt)
		return;
	if (r->tlp_out || !probe(sk)) {
		rearm_rto(sk);
		return;
	}
	r->tlp_high_seq = tcb->snd_nxt;
	r->tlp_out = true;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPLOSSPROBES);
	xtcp_timers_rtx_wanted(sk, xtcp_rtt_backoff_ms(&tcb->rtt,
						       tcb->retries));
}

/**
 * xtcp_rack_rto() - call when the retransmission timeout resends data
 * @sk: the socket, locked
 *
 * The loss probe episode is over (tcp_enter_loss()).
 */
void xtcp_rack_rto(struct sock *sk)
{
	xtcp_sk(sk)->rack.tlp_out = false;
}
