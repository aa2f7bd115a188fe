// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: TCP timestamps (RFC 7323), as Linux's TCP does them.
 *
 * Negotiation: our SYN carries the option when net.xtcp.tcp_timestamps is
 * not 0; a SYN,ACK carries it when the SYN did and the sysctl allows; the
 * connection uses it from then on only if both SYNs carried it. A SYN,ACK
 * with a cookie carries it too, and the ACK that returns the cookie says
 * whether the peer took it (a peer sends the option after the handshake
 * only if both SYNs had it); Linux keeps the other options in TSval's low
 * bits (cookie_init_timestamp()), which xtcp's cookie holds itself.
 *
 * TSval: a millisecond clock (Linux's TCP_TS_HZ is 1000) plus an offset,
 * a keyed hash of the 4-tuple (0 with tcp_timestamps = 2), so a peer
 * learns nothing of the host's uptime. TSecr: TS.Recent, the TSval
 * of the peer's segment that RFC 7323 4.3 says to echo: the latest one of
 * a segment that is acceptable and not beyond Last.ACK.sent.
 *
 * PAWS (section 5): an acceptable-looking segment whose TSval is older
 * than TS.Recent is an old duplicate: dropped, counted in PAWSEstab, and
 * answered by an ACK rate-limited as the other out-of-window ACKs
 * (TCPACKSkippedPAWS), as tcp_validate_incoming() does. A reset is taken
 * even then (Linux's choice); a pure duplicate ACK within an RTO of
 * TS.Recent is let through (tcp_disordered_ack()).
 *
 * RTTM: an ACK for new data whose round-trip time the retransmission
 * timer cannot measure from its timed segment (none timed, or Karn's rule)
 * gives a sample from its TSecr, as tcp_ack_update_rtt() does.
 */
#include <linux/in.h>
#include <linux/ktime.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/timekeeping.h>
#include <net/sock.h>

#include "clock.h"
#include "compat.h"
#include "fsm.h"
#include "mib.h"
#include "net.h"
#include "output.h"
#include "ratelimit.h"
#include "sock.h"
#include "tsopt.h"

/**
 * xtcp_ts_paws_check() - may a TSval update TS.Recent, or pass PAWS?
 * @recent: TS.Recent
 * @recent_stamp: when it was stored, in seconds
 * @tsval: SEG.TSval
 * @win: how far below TS.Recent @tsval may be (0 or XTCP_PAWS_WINDOW)
 * @now_s: the clock of @recent_stamp, now
 *
 * Linux's tcp_paws_check(): true also when TS.Recent is over 24 days old
 * (RFC 7323 5.5) and when it is 0 (some peers send TSval 0 on their SYN).
 *
 * Return: true if @tsval is not older than @recent (within @win).
 */
bool xtcp_ts_paws_check(u32 recent, u32 recent_stamp, u32 tsval, int win,
			u32 now_s)
{
	if ((s32)(recent - tsval) <= win)
		return true;
	if ((s32)(now_s - (recent_stamp + XTCP_PAWS_24DAYS)) >= 0)
		return true;
	return !recent;
}

XTCP_KUNIT_EXPORT(xtcp_ts_paws_check);

/**
 * xtcp_ts_paws_reject() - PAWS in TIME-WAIT, Linux's tcp_paws_reject()
 * @recent: TS.Recent of the entry
 * @recent_stamp: when it was stored, in seconds
 * @tsval: SEG.TSval
 * @rst: the segment is a reset: its timestamp counts only while TS.Recent
 *	is less than an MSL (60 s) old
 * @now_s: the clock of @recent_stamp, now
 *
 * Return: true if the segment is an old duplicate.
 */
bool xtcp_ts_paws_reject(u32 recent, u32 recent_stamp, u32 tsval, bool rst,
			 u32 now_s)
{
	if (xtcp_ts_paws_check(recent, recent_stamp, tsval, 0, now_s))
		return false;
	return !(rst && (s32)(now_s - (recent_stamp + XTCP_PAWS_MSL)) >= 0);
}

XTCP_KUNIT_EXPORT(xtcp_ts_paws_reject);

/*
 * Linux's tcp_disordered_ack(): a pure duplicate ACK at RCV.NXT that
 * changes no window, whose TSval is within an RTO (in 1024ths of a
 * second, as Linux counts) of TS.Recent: a reordered ACK, not an old one.
 */
static bool disordered_ack(const struct xtcp_tcb *tcb,
			   const struct xtcp_seg *seg)
{
	u32 rto = xtcp_rtt_backoff_ms(&tcb->rtt, tcb->retries);
	u32 wnd = (u32)seg->window << tcb->snd_wscale;

	return (seg->flags & XTCP_ACK) && !xtcp_fsm_seg_len(seg) &&
	       seg->seq == tcb->rcv_nxt && seg->ack == tcb->snd_una &&
	       !(xtcp_seq_after(seg->seq, tcb->snd_wl1) ||
		 (seg->seq == tcb->snd_wl1 && wnd > tcb->snd_wnd)) &&
	       (s32)(tcb->ts.recent - seg->tsval) <=
	       (s32)div_u64((u64)rto * 1024, MSEC_PER_SEC);
}

/**
 * xtcp_ts_paws_discard() - is an arriving segment an old duplicate?
 * @tcb: the TCB, with timestamps on
 * @seg: the segment, with a Timestamps option
 * @now_s: seconds, the clock of &xtcp_ts.recent_stamp
 *
 * Linux's tcp_paws_discard(): its TSval is older than TS.Recent by more
 * than XTCP_PAWS_WINDOW, and it is not a reordered duplicate ACK.
 *
 * Return: true if the segment must be dropped (a reset is the caller's
 * exception).
 */
bool xtcp_ts_paws_discard(const struct xtcp_tcb *tcb,
			  const struct xtcp_seg *seg, u32 now_s)
{
	return !xtcp_ts_paws_check(tcb->ts.recent, tcb->ts.recent_stamp,
				   seg->tsval, XTCP_PAWS_WINDOW, now_s) &&
	       !disordered_ack(tcb, seg);
}

XTCP_KUNIT_EXPORT(xtcp_ts_paws_discard);

/**
 * xtcp_ts_replace_recent() - RFC 7323 4.3's update of TS.Recent
 * @ts: the connection's timestamps state
 * @seg: an acceptable segment that passed PAWS
 * @now_s: seconds, the clock of @ts->recent_stamp
 *
 * As tcp_replace_ts_recent(): TS.Recent takes SEG.TSval if SEG.SEQ is not
 * beyond Last.ACK.sent and SEG.TSval is not older than TS.Recent, so a
 * delayed ACK echoes the earliest TSval of the segments it acknowledges.
 *
 * Return: true if TS.Recent changed.
 */
bool xtcp_ts_replace_recent(struct xtcp_ts *ts, const struct xtcp_seg *seg,
			    u32 now_s)
{
	if (!seg->has_ts || xtcp_seq_after(seg->seq, ts->last_ack_sent) ||
	    !xtcp_ts_paws_check(ts->recent, ts->recent_stamp, seg->tsval, 0,
				now_s))
		return false;
	ts->recent = seg->tsval;
	ts->recent_stamp = now_s;
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_ts_replace_recent);

/**
 * xtcp_ts_rtt_us() - a round-trip time sample from an echoed TSval
 * @now_ms: the millisecond clock now
 * @tsecr: SEG.TSecr, one of our TSvals
 * @offset: the connection's &xtcp_ts.offset
 *
 * As tcp_rtt_tsopt_us(): at least 1 ms, and nothing for an echo from the
 * future or too far in the past to be one of ours.
 *
 * Return: the sample in microseconds, or 0 for none.
 */
u32 xtcp_ts_rtt_us(u32 now_ms, u32 tsecr, u32 offset)
{
	u32 delta = now_ms + offset - tsecr;

	if (delta >= INT_MAX / USEC_PER_MSEC)
		return 0;
	return max(delta, 1U) * USEC_PER_MSEC;
}

XTCP_KUNIT_EXPORT(xtcp_ts_rtt_us);

/**
 * xtcp_ts_tw_reusable() - may connect() take over a TIME-WAIT entry's
 *	4-tuple?
 * @reuse: net.xtcp.tcp_tw_reuse, XTCP_TW_REUSE_*
 * @loopback: either address of the entry is a loopback address
 * @bound: the connecting socket was bound to its port by the user
 *	(Linux's inet_hash_connect() then asks without the sysctl)
 * @recent_stamp: the entry's &xtcp_ts.recent_stamp: 0 if the connection
 *	had no timestamps
 * @now_s: seconds, the clock of @recent_stamp
 *
 * Linux's tcp_twsk_unique(): only with timestamps, whose PAWS tells the
 * new connection's segments from the old one's, and once the peer's last
 * timestamp is more than a second old, so the new TSvals are above it.
 *
 * Return: true if the entry may be killed for the new connection.
 */
bool xtcp_ts_tw_reusable(int reuse, bool loopback, bool bound,
			 u32 recent_stamp, u32 now_s)
{
	if (reuse == XTCP_TW_REUSE_LOOPBACK && !loopback)
		reuse = XTCP_TW_REUSE_OFF;
	return recent_stamp &&
	       (bound || (reuse && (s32)(now_s - recent_stamp) > 0));
}

XTCP_KUNIT_EXPORT(xtcp_ts_tw_reusable);

/**
 * xtcp_ts_reuse_iss() - the ISS of a connection that replaces a TIME-WAIT
 *	entry
 * @snd_nxt: SND.NXT of the entry
 *
 * Return: @snd_nxt + 65535 + 2, past anything the old connection could
 * have had in flight, and never 0 (tcp_twsk_unique()).
 */
u32 xtcp_ts_reuse_iss(u32 snd_nxt)
{
	return snd_nxt + 65535 + 2 ?: 1;
}

XTCP_KUNIT_EXPORT(xtcp_ts_reuse_iss);

/**
 * xtcp_ts_tw_new_syn() - does a SYN for a TIME-WAIT entry open a new
 *	connection?
 * @seg: the segment, which passed PAWS (xtcp_ts_tw_rcv())
 * @rcv_nxt: the entry's RCV.NXT
 * @recent: the entry's TS.Recent
 * @recent_stamp: when it was stored; 0 if the connection had no
 *	timestamps
 *
 * As tcp_timewait_state_process()'s TCP_TW_SYN (RFC 1122 4.2.2.13, RFC
 * 6191): a SYN with no ACK whose sequence number is past the old
 * connection's, or whose TSval is newer than the old connection's last,
 * is no old duplicate. The other end of a connect() that took over its
 * own TIME-WAIT entry (tcp_tw_reuse) sends one, past both.
 *
 * Return: true if the entry may end and a listener take the SYN.
 */
bool xtcp_ts_tw_new_syn(const struct xtcp_seg *seg, u32 rcv_nxt, u32 recent,
			u32 recent_stamp)
{
	if ((seg->flags & (XTCP_SYN | XTCP_ACK | XTCP_RST)) != XTCP_SYN)
		return false;
	return xtcp_seq_after(seg->seq, rcv_nxt) ||
	       (seg->has_ts && recent_stamp && (s32)(recent - seg->tsval) < 0);
}

XTCP_KUNIT_EXPORT(xtcp_ts_tw_new_syn);

/**
 * xtcp_ts_tw_may_reuse() - may a connecting socket take over a TIME-WAIT
 *	entry of its 4-tuple?
 * @sk: the socket
 * @bound: it held its port before connect()
 * @saddr: the entry's local address (af.h)
 * @daddr: the entry's foreign address
 * @recent_stamp: the entry's TS.Recent stamp (0: no timestamps)
 *
 * xtcp_ts_tw_reusable() under net.xtcp.tcp_tw_reuse, now.
 *
 * Return: true if it may.
 */
bool xtcp_ts_tw_may_reuse(const struct sock *sk, bool bound,
			  const struct in6_addr *saddr,
			  const struct in6_addr *daddr, u32 recent_stamp)
{
	int reuse = READ_ONCE(xtcp_pernet(sock_net(sk))->tcp_tw_reuse);

	return xtcp_ts_tw_reusable(reuse, xtcp_addr_loopback(saddr) ||
				   xtcp_addr_loopback(daddr), bound,
				   recent_stamp, xtcp_ts_now_s());
}

/**
 * xtcp_ts_clock_ms() - the millisecond clock of TSvals
 *
 * Return: CLOCK_MONOTONIC in milliseconds, truncated to 32 bits.
 */
u32 xtcp_ts_clock_ms(void)
{
	return div_u64(ktime_get_ns(), NSEC_PER_MSEC);
}

/**
 * xtcp_ts_now_s() - the clock of &xtcp_ts.recent_stamp
 *
 * Return: CLOCK_MONOTONIC in seconds, as Linux's ktime_get_seconds().
 */
u32 xtcp_ts_now_s(void)
{
	return ktime_get_seconds();
}

static int ts_sysctl(struct net *net)
{
	return READ_ONCE(xtcp_pernet(net)->tcp_timestamps);
}

static siphash_aligned_key_t ts_secret;

/*
 * A connection's TSval offset: a keyed hash of its 4-tuple, as Linux's
 * secure_tcp_seq_and_ts_off(), so that the SYN,ACK of a cookie, which
 * keeps no state, and the connection its ACK makes agree on it; 0 with
 * net.xtcp.tcp_timestamps 2.
 */
static u32 offset_for(int mode, const struct xtcp_addrs *a)
{
	if (mode != XTCP_TS_RANDOM_OFFSET)
		return 0;
	net_get_random_once(&ts_secret, sizeof(ts_secret));
	return siphash(a, sizeof(*a), &ts_secret);
}

/**
 * xtcp_ts_offer() - call before sending our SYN (connect())
 * @sk: the socket
 * @ts: its TCB's timestamps state, fresh (or inherited from a TIME-WAIT
 *	entry: TS.Recent stays)
 *
 * The SYN offers timestamps if net.xtcp.tcp_timestamps says so.
 */
void xtcp_ts_offer(struct sock *sk, struct xtcp_ts *ts)
{
	int mode = ts_sysctl(sock_net(sk));
	struct xtcp_addrs a;

	xtcp_sk(sk)->af->sk_addrs(sk, &a);
	ts->ok = mode != XTCP_TS_OFF;
	ts->offset = offset_for(mode, &a);
}

/**
 * xtcp_ts_syn_rcvd() - call when a listener's child takes the peer's SYN,
 *	or the ACK that returns a cookie
 * @net: the namespace
 * @ts: the child's timestamps state
 * @seg: the SYN, or the cookie's ACK
 * @a: its addresses and ports, from our side
 *
 * Timestamps are on if the segment carries them and the sysctl allows
 * (on a cookie's ACK: our SYN,ACK offered them, xtcp_ts_cookie_synack()).
 * Its TSval is TS.Recent (tcp_openreq_init()).
 */
void xtcp_ts_syn_rcvd(struct net *net, struct xtcp_ts *ts,
		      const struct xtcp_seg *seg, const struct xtcp_addrs *a)
{
	int mode = ts_sysctl(net);

	memset(ts, 0, sizeof(*ts));
	if (mode == XTCP_TS_OFF || !seg->has_ts)
		return;
	ts->ok = true;
	ts->offset = offset_for(mode, a);
	ts->recent = seg->tsval;
	ts->recent_stamp = xtcp_ts_now_s();
}

/**
 * xtcp_ts_cookie_synack() - the Timestamps option of a SYN,ACK that
 *	carries a cookie
 * @net: the namespace
 * @syn: the peer's SYN
 * @a: its addresses and ports, from our side
 * @synack: the SYN,ACK
 *
 * As a child's SYN,ACK would carry it: the peer then sends the option on
 * its ACK, which makes the connection (xtcp_ts_syn_rcvd()) with the same
 * TSval offset. The cookie keeps the other options; a SYN's timestamps
 * need no bit of their own.
 */
void xtcp_ts_cookie_synack(struct net *net, const struct xtcp_seg *syn,
			   const struct xtcp_addrs *a, struct xtcp_seg *synack)
{
	struct xtcp_ts ts;

	xtcp_ts_syn_rcvd(net, &ts, syn, a);
	xtcp_ts_fill(&ts, synack, xtcp_ts_clock_ms());
}

/**
 * xtcp_ts_synack_rcvd() - call when the state machine took the peer's
 *	SYN,ACK (or SYN, in a simultaneous open) in SYN-SENT
 * @ts: the connection's timestamps state
 * @seg: the peer's segment
 *
 * Timestamps stay on only if it carries the option too; its TSval becomes
 * TS.Recent.
 */
void xtcp_ts_synack_rcvd(struct xtcp_ts *ts, const struct xtcp_seg *seg)
{
	ts->ok = ts->ok && seg->has_ts;
	if (!ts->ok)
		return;
	ts->recent = seg->tsval;
	ts->recent_stamp = xtcp_ts_now_s();
}

/**
 * xtcp_ts_fill() - put the Timestamps option on a segment a socket sends
 * @ts: the connection's timestamps state
 * @seg: the segment, about to be built
 * @now_ms: the time, in the milliseconds of xtcp_ts_clock_ms()
 *
 * Every segment of a connection with timestamps carries the option,
 * TSecr being TS.Recent (0 on our first SYN, as nothing came yet). Also
 * notes Last.ACK.sent.
 */
void xtcp_ts_fill(struct xtcp_ts *ts, struct xtcp_seg *seg, u32 now_ms)
{
	if (seg->flags & XTCP_ACK)
		ts->last_ack_sent = seg->ack;
	if (!ts->ok)
		return;
	seg->has_ts = true;
	seg->tsval = now_ms + ts->offset;
	seg->tsecr = ts->recent;
}

/* The duplicate ACK for an old duplicate, rate-limited as Linux's. */
static void paws_ack(struct sock *sk, const struct xtcp_seg *seg)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	struct xtcp_fsm_out out;

	xtcp_fsm_ack(tcb, &out);
	out.actions |= XTCP_ACT_ACK_INVALID;
	if (!xtcp_ratelimit_skip(sock_net(sk), &out, seg, &tcb->last_oow_ack,
				 XTCP_MIB_TCPACKSKIPPEDPAWS))
		xtcp_output_seg(sk, &out.seg);
}

/**
 * xtcp_ts_rcv() - PAWS and TS.Recent for a segment a socket received
 * @sk: the socket, locked, in a synchronized state or SYN-RECEIVED
 * @seg: the segment, before the state machine takes it
 *
 * Return: true if PAWS drops the segment (the caller frees it).
 */
bool xtcp_ts_rcv(struct sock *sk, const struct xtcp_seg *seg)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	u32 now_s;

	if (!tcb->ts.ok || !seg->has_ts ||
	    ((1 << tcb->state) & (TCPF_LISTEN | TCPF_SYN_SENT | TCPF_CLOSE)))
		return false;
	now_s = xtcp_ts_now_s();
	if (xtcp_ts_paws_discard(tcb, seg, now_s) &&
	    !(seg->flags & XTCP_RST)) {
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_PAWSESTAB);
		paws_ack(sk, seg);
		return true;
	}
	if (xtcp_fsm_seg_acceptable(tcb, seg))
		xtcp_ts_replace_recent(&tcb->ts, seg, now_s);
	return false;
}

/**
 * xtcp_ts_rtt() - a round-trip time sample from an ACK's TSecr
 * @sk: the socket, locked
 * @seg: an ACK for new data that gave no other sample
 */
void xtcp_ts_rtt(struct sock *sk, const struct xtcp_seg *seg)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;
	u32 r_us;

	if (!tcb->ts.ok || !seg->has_ts || !seg->tsecr)
		return;
	r_us = xtcp_ts_rtt_us(xtcp_clock_ms(sk), seg->tsecr, tcb->ts.offset);
	if (r_us)
		xtcp_rtt_sample(&tcb->rtt, r_us);
}

/**
 * xtcp_ts_tw_rcv() - PAWS and TS.Recent for a segment in TIME-WAIT
 * @net: the namespace
 * @recent: the entry's TS.Recent
 * @recent_stamp: when it was stored, in seconds; 0 if the connection had
 *	no timestamps
 * @seg: the segment
 * @rcv_nxt: the entry's RCV.NXT
 *
 * As tcp_timewait_state_process(): an old duplicate is counted in
 * PAWSEstab; a bare ACK or reset at RCV.NXT that passes updates
 * TS.Recent.
 *
 * Return: true if PAWS rejects the segment: the caller drops it, and
 * answers it with an ACK (rate-limited) unless it is a reset.
 */
bool xtcp_ts_tw_rcv(struct net *net, u32 *recent, u32 *recent_stamp,
		    const struct xtcp_seg *seg, u32 rcv_nxt)
{
	u32 now_s = xtcp_ts_now_s();

	if (!*recent_stamp || !seg->has_ts)
		return false;
	if (xtcp_ts_paws_reject(*recent, *recent_stamp, seg->tsval,
				seg->flags & XTCP_RST, now_s)) {
		XTCP_INC_STATS(net, XTCP_MIB_PAWSESTAB);
		return true;
	}
	if (seg->seq == rcv_nxt &&
	    (!xtcp_fsm_seg_len(seg) || (seg->flags & XTCP_RST))) {
		*recent = seg->tsval;
		*recent_stamp = now_s;
	}
	return false;
}

/**
 * xtcp_ts_tw_fill() - put the Timestamps option on an ACK from TIME-WAIT
 * @recent: the entry's TS.Recent
 * @recent_stamp: when it was stored; 0 if the connection had no
 *	timestamps, and the ACK carries none
 * @offset: the connection's &xtcp_ts.offset
 * @seg: the ACK
 */
void xtcp_ts_tw_fill(u32 recent, u32 recent_stamp, u32 offset,
		     struct xtcp_seg *seg)
{
	if (!recent_stamp)
		return;
	seg->has_ts = true;
	seg->tsval = xtcp_ts_clock_ms() + offset;
	seg->tsecr = recent;
}
