// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: loss recovery, and the list of congestion control algorithms (see
 * cong.h).
 *
 * Loss recovery, RFC 5681 and RFC 6582 (NewReno), in bytes:
 * - the third duplicate ACK (and not one for data sent before the last
 *   recovery began: SND.UNA must have reached "recover") starts fast
 *   recovery:
 *   ssthresh from the algorithm, cwnd = ssthresh + 3 segments, "recover"
 *   = SND.NXT, and the segment at SND.UNA is resent;
 * - in fast recovery each further duplicate ACK inflates cwnd by a
 *   segment; a partial ACK (short of "recover") resends the segment at the
 *   new SND.UNA and deflates cwnd by what it acknowledged, adding a
 *   segment back if that was a segment or more; the full ACK ends it with
 *   cwnd = min(ssthresh, FlightSize + one segment);
 * - a retransmission timeout sets ssthresh (unless it was set by the
 *   timeout before, RFC 5681 section 7, or by ECN's reduction that still
 *   holds, as tcp_enter_loss()) and cwnd to one segment, and the
 *   sender resends what was in flight, from SND.UNA to "recover", as cwnd
 *   opens (the caller, with @rtx_nxt).
 * Outside recovery, ACKs of new data grow cwnd through the algorithm.
 *
 * Each namespace has a default algorithm, the one its new sockets get
 * (net.xtcp.tcp_congestion_control, as net.ipv4.tcp_congestion_control):
 * cubic in the initial namespace, and a new namespace starts with the
 * initial namespace's. The default holds a reference on its module.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "compat.h"
#include "cong.h"
#include "net.h"
#include "seq.h"

/* cwnd never grows past this, so the arithmetic cannot overflow */
#define CWND_MAX	(U32_MAX / 4)

static DEFINE_SPINLOCK(cong_lock);
static LIST_HEAD(cong_list);

static struct xtcp_cong_ops *find(const char *name)
{
	struct xtcp_cong_ops *ops;

	list_for_each_entry(ops, &cong_list, list)
		if (!strncmp(ops->name, name, XTCP_CONG_NAME_MAX))
			return ops;
	return NULL;
}

/**
 * xtcp_cong_register() - make an algorithm available
 * @ops: the algorithm; @ops->name must be unique
 *
 * Return: 0, -EINVAL if a required operation is missing, -EEXIST if the
 * name is taken.
 */
int xtcp_cong_register(struct xtcp_cong_ops *ops)
{
	int err = 0;

	if (!ops->ssthresh || !ops->cong_avoid || !ops->name[0])
		return -EINVAL;
	spin_lock(&cong_lock);
	if (find(ops->name))
		err = -EEXIST;
	else
		list_add_tail(&ops->list, &cong_list);
	spin_unlock(&cong_lock);
	if (!err)
		pr_debug("xtcp: congestion control %s registered\n", ops->name);
	return err;
}
EXPORT_SYMBOL_GPL(xtcp_cong_register);

/**
 * xtcp_cong_unregister() - withdraw an algorithm
 * @ops: the algorithm
 *
 * Sockets using it hold a reference on its module, so a module unloads
 * only when none does.
 */
void xtcp_cong_unregister(struct xtcp_cong_ops *ops)
{
	spin_lock(&cong_lock);
	list_del(&ops->list);
	spin_unlock(&cong_lock);
}
EXPORT_SYMBOL_GPL(xtcp_cong_unregister);

/**
 * xtcp_cong_get() - find an algorithm by name and take a reference on it
 * @name: its name, NUL-terminated
 *
 * Return: the algorithm, or NULL if none has that name (or its module is
 * going away). Release it with xtcp_cong_put().
 */
const struct xtcp_cong_ops *xtcp_cong_get(const char *name)
{
	struct xtcp_cong_ops *ops;

	spin_lock(&cong_lock);
	ops = find(name);
	if (ops && !try_module_get(ops->owner))
		ops = NULL;
	spin_unlock(&cong_lock);
	return ops;
}

XTCP_KUNIT_EXPORT(xtcp_cong_get);

/**
 * xtcp_cong_put() - release a reference xtcp_cong_get() took
 * @ops: the algorithm
 */
void xtcp_cong_put(const struct xtcp_cong_ops *ops)
{
	module_put(ops->owner);
}

XTCP_KUNIT_EXPORT(xtcp_cong_put);

/**
 * xtcp_cong_init_builtin() - register the algorithms built into xtcp
 *
 * Return: 0 or an error of xtcp_cong_register().
 */
int xtcp_cong_init_builtin(void)
{
	int err;

	err = xtcp_cong_register(&xtcp_cong_reno);
	if (err)
		return err;
	err = xtcp_cong_register(&xtcp_cong_cubic);
	if (err)
		xtcp_cong_unregister(&xtcp_cong_reno);
	return err;
}

/**
 * xtcp_cong_exit_builtin() - unregister them
 */
void xtcp_cong_exit_builtin(void)
{
	xtcp_cong_unregister(&xtcp_cong_cubic);
	xtcp_cong_unregister(&xtcp_cong_reno);
}

/**
 * xtcp_cong_net_init() - a new namespace's default algorithm
 * @xn: the namespace's state
 * @initial: it is the initial namespace
 *
 * As Linux's tcp_sk_init(): the initial namespace starts with cubic
 * (built in, as CONFIG_DEFAULT_TCP_CONG), any other with the initial
 * namespace's default, or Reno if that one's module is going away.
 */
void xtcp_cong_net_init(struct xtcp_net *xn, bool initial)
{
	const struct xtcp_cong_ops *ops = &xtcp_cong_cubic;

	if (!initial)
		ops = xtcp_cong_get_default(xtcp_pernet(&init_net));
	RCU_INIT_POINTER(xn->cong_default, ops);
}

XTCP_KUNIT_EXPORT(xtcp_cong_net_init);

/**
 * xtcp_cong_net_exit() - the namespace goes: drop its default's reference
 * @xn: the namespace's state
 */
void xtcp_cong_net_exit(struct xtcp_net *xn)
{
	xtcp_cong_put(rcu_dereference_protected(xn->cong_default, true));
}

XTCP_KUNIT_EXPORT(xtcp_cong_net_exit);

/**
 * xtcp_cong_get_default() - the algorithm a new socket of a namespace
 *	gets, with a reference on it
 * @xn: the namespace's state
 *
 * As tcp_assign_congestion_control(): Reno if the default's module is
 * going away.
 *
 * Return: the algorithm; release it with xtcp_cong_put().
 */
const struct xtcp_cong_ops *xtcp_cong_get_default(struct xtcp_net *xn)
{
	const struct xtcp_cong_ops *ops;

	rcu_read_lock();
	ops = rcu_dereference(xn->cong_default);
	if (!try_module_get(ops->owner))
		ops = &xtcp_cong_reno;
	rcu_read_unlock();
	return ops;
}

XTCP_KUNIT_EXPORT(xtcp_cong_get_default);

/**
 * xtcp_cong_default_name() - the name of a namespace's default
 * @xn: the namespace's state
 * @name: XTCP_CONG_NAME_MAX bytes for it, NUL-padded
 */
void xtcp_cong_default_name(struct xtcp_net *xn, char *name)
{
	rcu_read_lock();
	strscpy_pad(name, rcu_dereference(xn->cong_default)->name,
		    XTCP_CONG_NAME_MAX);
	rcu_read_unlock();
}

XTCP_KUNIT_EXPORT(xtcp_cong_default_name);

/**
 * xtcp_cong_set_default() - set a namespace's default
 * @xn: the namespace's state
 * @name: the algorithm's name, NUL-terminated
 *
 * Return: 0, or -ENOENT if no algorithm has that name (or its module is
 * going away), as tcp_set_default_congestion_control().
 */
int xtcp_cong_set_default(struct xtcp_net *xn, const char *name)
{
	const struct xtcp_cong_ops *ops, *old;

	ops = xtcp_cong_get(name);
	if (!ops)
		return -ENOENT;
	spin_lock(&cong_lock);
	old = rcu_replace_pointer(xn->cong_default, ops,
				  lockdep_is_held(&cong_lock));
	spin_unlock(&cong_lock);
	xtcp_cong_put(old);
	return 0;
}

XTCP_KUNIT_EXPORT(xtcp_cong_set_default);

/**
 * xtcp_cong_start() - the connection is established: initial window
 * @cc: the state; @cc->ops set
 * @mss: the sender's segment size
 * @snd_una: SND.UNA
 *
 * cwnd starts at ten segments (RFC 6928, as Linux), ssthresh unbounded.
 */
void xtcp_cong_start(struct xtcp_cong *cc, u32 mss, u32 snd_una)
{
	cc->mss = max(mss, 1U);
	cc->cwnd = XTCP_CONG_IW_SEGS * cc->mss;
	cc->ssthresh = U32_MAX / 2;
	cc->acked_acc = 0;
	cc->dupacks = 0;
	cc->reordering = XTCP_CONG_DUPTHRESH;
	cc->undo_ok = false;
	cc->recover = snd_una;
	cc->rtx_nxt = snd_una;
	cc->in_fast_recovery = false;
	cc->in_rto_recovery = false;
	cc->sack = false;
	cc->rack = false;
	cc->high_rxt = snd_una;
	cc->undo_retrans = 0;
	cc->undo_dsack = false;
	cc->in_cwr = false;
	cc->cwr_pending = false;
	cc->cwr_high = snd_una;
	cc->now_us = 0;
	cc->lsnd_us = 0;
	cc->cwnd_limited = true;	/* until the first send says */
	cc->max_flight = 0;
	cc->usage_seq = snd_una;
	memset(cc->priv, 0, sizeof(cc->priv));
	if (cc->ops->init)
		cc->ops->init(cc);
}

XTCP_KUNIT_EXPORT(xtcp_cong_start);

/**
 * xtcp_cong_sent() - call after new data went out
 * @cc: the state
 * @flight: bytes in flight before it
 * @end: the sequence number after it (the new SND.NXT)
 * @now_us: the time, in microseconds (&xtcp_cong.lsnd_us from now on)
 *
 * Outside loss recovery, the segment is timed if there are slots
 * (&xtcp_cong.timed), one is free and it ends cwnd / XTCP_CONG_RTT_SLOTS
 * or more after the last one timed, so the samples spread over the
 * window: about 16 a round trip in congestion avoidance, 11 in slow
 * start. With nothing in flight before it, the algorithm hears how long
 * the sender was idle (&xtcp_cong_ops.tx_start).
 */
void xtcp_cong_sent(struct xtcp_cong *cc, u32 flight, u32 end, u64 now_us)
{
	struct xtcp_cong_timed *t = cc->timed;
	u64 idle_us = cc->lsnd_us ? now_us - cc->lsnd_us : 0;
	u32 last;

	cc->lsnd_us = now_us;
	if (!flight && cc->ops->tx_start)
		cc->ops->tx_start(cc, idle_us);
	if (!t || cc->in_fast_recovery || cc->in_rto_recovery ||
	    t->count == XTCP_CONG_RTT_SLOTS)
		return;
	if (t->count) {
		last = t->end[(t->head + t->count - 1) % XTCP_CONG_RTT_SLOTS];
		if (end - last < cc->cwnd / XTCP_CONG_RTT_SLOTS)
			return;
	}
	t->end[(t->head + t->count) % XTCP_CONG_RTT_SLOTS] = end;
	t->sent_us[(t->head + t->count) % XTCP_CONG_RTT_SLOTS] = (u32)now_us;
	t->count++;
}

XTCP_KUNIT_EXPORT(xtcp_cong_sent);

/* The newest timed segment an ACK covers gives the sample (Linux's ca_rtt). */
static u32 rtt_sample(struct xtcp_cong *cc, u32 snd_una, u64 now_us)
{
	struct xtcp_cong_timed *t = cc->timed;
	u32 rtt_us = 0;

	while (t && t->count && !xtcp_seq_after(t->end[t->head], snd_una)) {
		rtt_us = max((u32)now_us - t->sent_us[t->head], 1U);
		t->head = (t->head + 1) % XTCP_CONG_RTT_SLOTS;
		t->count--;
	}
	return rtt_us;
}

/**
 * xtcp_cong_acked() - call on an ACK of new data, before xtcp_cong_ack()
 * @cc: the state
 * @snd_una: SND.UNA after it
 * @snd_nxt: SND.NXT
 * @now_us: the time, in microseconds
 *
 * Sets the algorithm's clock, takes the round-trip time sample the ACK
 * gives, and tells the algorithm (&xtcp_cong_ops.acked).
 */
void xtcp_cong_acked(struct xtcp_cong *cc, u32 snd_una, u32 snd_nxt,
		     u64 now_us)
{
	struct xtcp_cong_sample s = {
		.snd_una	= snd_una,
		.snd_nxt	= snd_nxt,
	};

	cc->now_us = now_us;
	s.rtt_us = rtt_sample(cc, snd_una, now_us);
	if (cc->ops->acked)
		cc->ops->acked(cc, &s);
}

XTCP_KUNIT_EXPORT(xtcp_cong_acked);

/**
 * xtcp_cong_slow_start() - slow start on an ACK: count the bytes it
 *	covers (RFC 3465)
 * @cc: the state, with cwnd below ssthresh
 * @acked: bytes the ACK acknowledged for the first time
 * @limit: the most cwnd may grow on one ACK (RFC 3465's L times SMSS)
 *
 * cwnd grows by @acked, at most @limit, and not past ssthresh, as
 * tcp_slow_start(): a delayed ACK of two segments opens two segments, so
 * slow start doubles cwnd each round trip whatever the receiver's ACK
 * ratio.
 *
 * Return: the part of @acked left once cwnd reached ssthresh, for
 * congestion avoidance; 0 if it did not reach it.
 */
u32 xtcp_cong_slow_start(struct xtcp_cong *cc, u32 acked, u32 limit)
{
	u32 room = cc->ssthresh > cc->cwnd ? cc->ssthresh - cc->cwnd : 0;
	u32 grow = min3(acked, limit, room);

	cc->cwnd = min_t(u32, cc->cwnd + grow, CWND_MAX);
	return grow < room ? 0 : acked - grow;
}

XTCP_KUNIT_EXPORT(xtcp_cong_slow_start);

/**
 * xtcp_cong_avoid_ai() - congestion avoidance's additive increase
 * @cc: the state
 * @w: one segment more for each @w bytes acknowledged (Reno: cwnd)
 * @acked: bytes the ACK acknowledged for the first time
 *
 * As tcp_cong_avoid_ai(), in bytes: credit gathered while @w was larger
 * gives one segment at once and starts again.
 */
void xtcp_cong_avoid_ai(struct xtcp_cong *cc, u32 w, u32 acked)
{
	u32 n;

	w = max(w, 1U);
	if (cc->acked_acc >= w) {
		cc->acked_acc = 0;
		cc->cwnd += cc->mss;
	}
	cc->acked_acc += acked;
	if (cc->acked_acc >= w) {
		n = cc->acked_acc / w;
		cc->acked_acc -= n * w;
		cc->cwnd += n * cc->mss;
	}
	cc->cwnd = min_t(u32, cc->cwnd, CWND_MAX);
}

XTCP_KUNIT_EXPORT(xtcp_cong_avoid_ai);

/* Time none of the segments in flight any more. */
static void forget_timed(struct xtcp_cong *cc)
{
	if (cc->timed)
		cc->timed->count = 0;
}

/*
 * While ECN's reduction (CWR) holds, cwnd does not grow; the ACK past the
 * data in flight when it began ends it (and grows cwnd, as in Linux).
 */
static bool cwr_holds(struct xtcp_cong *cc, u32 snd_una)
{
	if (!cc->in_cwr)
		return false;
	if (!xtcp_seq_after(snd_una, cc->cwr_high))
		return true;
	cc->in_cwr = false;
	return false;
}

/*
 * An ACK of @acked octets grows cwnd (the algorithm's cong_avoid) unless
 * ECN's reduction holds or cwnd did not limit the sender.
 */
static void cong_avoid(struct xtcp_cong *cc, u32 snd_una, u32 acked)
{
	if (!cwr_holds(cc, snd_una) && xtcp_cong_is_limited(cc))
		cc->ops->cong_avoid(cc, acked);
}

/*
 * A loss: fast recovery begins, what it reduces kept for an undo. After
 * ECN's reduction (CWR) the window is not reduced again, and ECN proved
 * congestion: no undo (tcp_enter_recovery(), tcp_enter_cwr()).
 */
static void enter_recovery(struct xtcp_cong *cc, u32 snd_una, u32 snd_nxt,
			   u32 flight)
{
	cc->undo_cwnd = cc->cwnd;
	cc->undo_ssthresh = cc->ssthresh;
	cc->undo_ok = !cc->in_cwr;
	cc->undo_marker = snd_una;
	cc->undo_retrans = 0;
	cc->undo_dsack = !cc->in_cwr;
	cc->rtx_us = 0;
	forget_timed(cc);			/* Karn */
	if (!cc->in_cwr) {
		cc->ssthresh = cc->ops->ssthresh(cc, flight);
		cc->cwr_pending = true;
	}
	cc->in_cwr = false;
	cc->cwnd = cc->ssthresh;
	cc->recover = snd_nxt;
	cc->high_rxt = snd_una;
	cc->in_fast_recovery = true;
}

static enum xtcp_cong_todo on_dupack(struct xtcp_cong *cc, u32 snd_una,
				     u32 snd_nxt, u32 flight)
{
	if (cc->in_fast_recovery) {
		cc->dupacks++;
		cc->cwnd += cc->mss;		/* one more has left the network */
		return XTCP_CONG_NOTHING;
	}
	if (cc->in_rto_recovery || ++cc->dupacks != cc->reordering ||
	    xtcp_seq_before(snd_una, cc->recover))
		return XTCP_CONG_NOTHING;
	enter_recovery(cc, snd_una, snd_nxt, flight);
	cc->cwnd = cc->ssthresh + cc->reordering * cc->mss;
	return XTCP_CONG_RETRANSMIT;
}

static enum xtcp_cong_todo fast_recovery_ack(struct xtcp_cong *cc,
					     u32 snd_una, u32 acked,
					     u32 flight)
{
	if (!xtcp_seq_before(snd_una, cc->recover)) {
		u32 left = flight > acked ? flight - acked : 0;

		cc->cwnd = min(cc->ssthresh, max(left, cc->mss) + cc->mss);
		cc->in_fast_recovery = false;
		return XTCP_CONG_NOTHING;
	}
	/* a partial ACK: the segment after it was lost too */
	cc->cwnd = cc->cwnd > acked ? cc->cwnd - acked : 0;
	if (acked >= cc->mss)
		cc->cwnd += cc->mss;
	cc->cwnd = max(cc->cwnd, cc->mss);
	return XTCP_CONG_RETRANSMIT;
}

/**
 * xtcp_cong_ack() - an ACK arrived
 * @cc: the state
 * @snd_una: SND.UNA after it
 * @acked: bytes it acknowledged for the first time (0 for a duplicate)
 * @dupack: it is a duplicate ACK (RFC 5681 section 2: no data, no SYN or
 *	FIN, same ACK and window as before, data in flight)
 * @snd_nxt: SND.NXT
 * @flight: bytes in flight before it (SND.NXT - SND.UNA)
 *
 * Return: what the sender must do first, &enum xtcp_cong_todo.
 */
enum xtcp_cong_todo xtcp_cong_ack(struct xtcp_cong *cc, u32 snd_una,
				  u32 acked, bool dupack, u32 snd_nxt,
				  u32 flight)
{
	if (dupack)
		return on_dupack(cc, snd_una, snd_nxt, flight);
	if (!acked)
		return XTCP_CONG_NOTHING;
	cc->dupacks = 0;
	if (cc->in_fast_recovery)
		return fast_recovery_ack(cc, snd_una, acked, flight);
	if (cc->in_rto_recovery && !xtcp_seq_before(snd_una, cc->recover))
		cc->in_rto_recovery = false;
	cong_avoid(cc, snd_una, acked);
	return XTCP_CONG_NOTHING;
}

XTCP_KUNIT_EXPORT(xtcp_cong_ack);

/**
 * xtcp_cong_retransmitted() - call after a segment xtcp_cong_ack() asked
 *	for went out
 * @cc: the state
 * @now_us: the time, in microseconds
 *
 * The time of the fast retransmit that started fast recovery is kept, for
 * xtcp_cong_spurious().
 */
void xtcp_cong_retransmitted(struct xtcp_cong *cc, u64 now_us)
{
	if (cc->undo_ok && !cc->rtx_us)
		cc->rtx_us = now_us;
}

XTCP_KUNIT_EXPORT(xtcp_cong_retransmitted);

/**
 * xtcp_cong_sack_ack() - an ACK arrived on a connection that uses SACK
 * @cc: the state
 * @snd_una: SND.UNA after it
 * @acked: bytes it acknowledged for the first time
 * @dupack: it is a duplicate ACK (as for xtcp_cong_ack())
 * @lost: IsLost(SND.UNA) after the ACK's blocks went on the scoreboard
 *	(xtcp_sb_is_lost())
 * @snd_nxt: SND.NXT
 * @flight: bytes in flight before it (SND.NXT - SND.UNA)
 *
 * RFC 6675 5: fast recovery begins at the DupThresh'th duplicate ACK (not
 * with RACK, &xtcp_cong.rack, as Linux's tcp_time_to_recover()), or
 * once IsLost(SND.UNA) (not for data sent before the last recovery began,
 * as for NewReno): ssthresh from the algorithm and cwnd = ssthresh,
 * "recover" = SND.NXT. Until the ACK of "recover" every ACK has the
 * sender fill cwnd - pipe (the caller); then cwnd stays ssthresh (Linux's
 * tcp_end_cwnd_reduction()). Timeouts and growth are as for NewReno.
 *
 * Return: XTCP_CONG_RETRANSMIT in fast recovery: send what NextSeg()
 * names while the pipe leaves room; else XTCP_CONG_NOTHING.
 */
enum xtcp_cong_todo xtcp_cong_sack_ack(struct xtcp_cong *cc, u32 snd_una,
				       u32 acked, bool dupack, bool lost,
				       u32 snd_nxt, u32 flight)
{
	if (acked)
		cc->dupacks = 0;
	else if (dupack)
		cc->dupacks++;
	if (cc->in_fast_recovery) {
		if (xtcp_seq_before(snd_una, cc->recover))
			return XTCP_CONG_RETRANSMIT;
		cc->cwnd = max(cc->ssthresh, cc->mss);
		cc->in_fast_recovery = false;
		return XTCP_CONG_NOTHING;
	}
	if (!acked && !dupack && !lost)
		return XTCP_CONG_NOTHING;
	if (cc->in_rto_recovery) {
		if (!acked)
			return XTCP_CONG_NOTHING;
		if (!xtcp_seq_before(snd_una, cc->recover))
			cc->in_rto_recovery = false;
	} else if (((!cc->rack && cc->dupacks >= cc->reordering) || lost) &&
		   !xtcp_seq_before(snd_una, cc->recover) && flight) {
		enter_recovery(cc, snd_una, snd_nxt, flight);
		return XTCP_CONG_RETRANSMIT;
	}
	if (acked)
		cong_avoid(cc, snd_una, acked);
	return XTCP_CONG_NOTHING;
}

XTCP_KUNIT_EXPORT(xtcp_cong_sack_ack);

/**
 * xtcp_cong_probe_loss() - a loss probe repaired a loss (RFC 8985 7.4)
 * @cc: the state
 * @flight: bytes in flight before the ACK that showed it
 *
 * As Linux's TCPLossProbeRecovery (tcp_process_tlp_ack()): the reduction
 * of a recovery, begun and ended at once: ssthresh from the algorithm,
 * cwnd down to it.
 */
void xtcp_cong_probe_loss(struct xtcp_cong *cc, u32 flight)
{
	cc->ssthresh = cc->ops->ssthresh(cc, flight);
	cc->cwnd = min(cc->cwnd, max(cc->ssthresh, cc->mss));
	cc->acked_acc = 0;
	cc->cwr_pending = true;
}

XTCP_KUNIT_EXPORT(xtcp_cong_probe_loss);

/**
 * xtcp_cong_resent() - call after fast recovery sent @len octets again
 * @cc: the state
 * @len: the octets
 *
 * Counted for the DSACK undo (xtcp_cong_dsack()).
 */
void xtcp_cong_resent(struct xtcp_cong *cc, u32 len)
{
	if (cc->undo_dsack)
		cc->undo_retrans += len;
}

XTCP_KUNIT_EXPORT(xtcp_cong_resent);

/*
 * A recovery proved spurious ends: a loss found from now on may start one
 * at once. "recover" goes back to where the undone recovery began (Linux
 * enters recovery again from the Open state whatever its high_seq); left
 * at the SND.NXT of then, a real loss below it would wait for the
 * retransmission timeout, since SND.UNA cannot pass it.
 */
static void undone(struct xtcp_cong *cc)
{
	cc->in_fast_recovery = false;
	cc->recover = cc->undo_marker;
	cc->cwr_pending = false;	/* tcp_ecn_withdraw_cwr() */
}

/**
 * xtcp_cong_dsack() - a DSACK block arrived
 * @cc: the state
 * @start: its left edge
 * @end: its right edge
 *
 * Only what lies between SND.UNA at the start of the last fast recovery
 * and the highest octet it sent again counts: a duplicate the network
 * made of data not resent (netem duplicate) proves nothing.
 *
 * As Linux's undo_retrans (tcp_check_dsack(), tcp_try_undo_dsack()):
 * each DSACK shows a retransmission was not needed; once every octet
 * resent in that recovery has been reported twice, the loss was
 * reordering or a late ACK, and the reduction is undone: cwnd and
 * ssthresh come back (never below what they are), the recovery ends if it
 * still runs, and the duplicate ACK threshold is raised to what was seen,
 * as by xtcp_cong_spurious().
 *
 * Return: true if the reduction was undone.
 */
bool xtcp_cong_dsack(struct xtcp_cong *cc, u32 start, u32 end)
{
	u32 len;

	if (!cc->undo_dsack || !cc->undo_retrans)
		return false;
	if (xtcp_seq_before(start, cc->undo_marker))
		start = cc->undo_marker;
	if (xtcp_seq_after(end, cc->high_rxt))
		end = cc->high_rxt;
	if (!xtcp_seq_before(start, end))
		return false;
	len = end - start;
	cc->undo_retrans -= min(len, cc->undo_retrans);
	if (cc->undo_retrans)
		return false;
	cc->undo_dsack = false;
	cc->undo_ok = false;
	cc->cwnd = max(cc->cwnd, cc->undo_cwnd);
	cc->ssthresh = max(cc->ssthresh, cc->undo_ssthresh);
	cc->reordering = clamp_t(u32, cc->dupacks + 1, cc->reordering,
				 XTCP_CONG_REORDER_MAX);
	undone(cc);
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_cong_dsack);

/**
 * xtcp_cong_reordered() - data never sent again arrived @metric octets
 *	below the highest SACKed one
 * @cc: the state
 * @metric: how far below
 *
 * As tcp_check_sack_reordering(): the network reorders that deep, so
 * the duplicate ACK threshold (RFC 6675's DupThresh, IsLost()'s) becomes
 * that many segments, at most XTCP_CONG_REORDER_MAX, and the same depth
 * of reordering starts no more recoveries.
 *
 * Return: true if the threshold rose.
 */
bool xtcp_cong_reordered(struct xtcp_cong *cc, u32 metric)
{
	u32 mss = max(cc->mss, 1U);

	if (metric <= cc->reordering * mss ||
	    cc->reordering >= XTCP_CONG_REORDER_MAX)
		return false;
	cc->reordering = min_t(u32, DIV_ROUND_UP(metric, mss),
			       XTCP_CONG_REORDER_MAX);
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_cong_reordered);

/**
 * xtcp_cong_spurious() - call on an ACK of new data, before
 *	xtcp_cong_ack()
 * @cc: the state
 * @now_us: the time, in microseconds
 * @min_rtt_us: the smallest round-trip time seen on the connection
 *	(&xtcp_rtt.min_rtt_us)
 *
 * The first ACK that covers the fast retransmission tells whether it was
 * needed: an ACK sooner than the smallest round-trip time after it cannot
 * answer it, so the original was only late, reordered, not lost (Linux's
 * RACK makes the same inference; without SACK nothing else tells). Then
 * the reduction is undone (RFC 4015's response, in
 * its simplest form): cwnd and ssthresh come back to what they were, fast
 * recovery ends, and the duplicate ACK threshold is raised to the
 * duplicates seen, so the same reordering starts no new fast retransmit.
 *
 * Not with SACK: DSACKs tell it there (xtcp_cong_dsack()), as Linux
 * undoes, and the least RTT, from timestamps to a millisecond, is too
 * coarse on a path of a tenth of one (seen: fast recoveries undone that
 * were real, on a veth losing 1%).
 *
 * Return: true if the fast retransmit proved spurious and was undone.
 */
bool xtcp_cong_spurious(struct xtcp_cong *cc, u64 now_us, u32 min_rtt_us)
{
	if (!cc->undo_ok)
		return false;
	cc->undo_ok = false;
	if (cc->sack || !cc->in_fast_recovery || !cc->rtx_us || !min_rtt_us ||
	    now_us - cc->rtx_us >= min_rtt_us)
		return false;
	cc->cwnd = cc->undo_cwnd;
	cc->ssthresh = cc->undo_ssthresh;
	cc->reordering = clamp_t(u32, cc->dupacks + 1, cc->reordering,
				 XTCP_CONG_REORDER_MAX);
	cc->undo_dsack = false;
	undone(cc);
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_cong_spurious);

/**
 * xtcp_cong_ece() - an ACK carried ECN-Echo, with data in flight
 * @cc: the state
 * @snd_nxt: SND.NXT
 * @flight: bytes in flight before it
 *
 * As tcp_enter_cwr(): outside loss recovery and any reduction of ECN's
 * that still holds (once a window), ssthresh from the algorithm, cwnd
 * down to it (at least a segment), no growth until the ACK past
 * @snd_nxt, CWR on the next new data segment; congestion is proven, so
 * no undo of an earlier recovery comes after it.
 *
 * Return: true if the window was reduced.
 */
bool xtcp_cong_ece(struct xtcp_cong *cc, u32 snd_nxt, u32 flight)
{
	if (cc->in_cwr || cc->in_fast_recovery || cc->in_rto_recovery)
		return false;
	cc->undo_ok = false;
	cc->undo_dsack = false;
	cc->ssthresh = cc->ops->ssthresh(cc, flight);
	cc->cwnd = min(cc->cwnd, max(cc->ssthresh, cc->mss));
	cc->acked_acc = 0;
	cc->in_cwr = true;
	cc->cwr_high = snd_nxt;
	cc->cwr_pending = true;
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_cong_ece);

/**
 * xtcp_cong_timeout() - the retransmission timer expired with data in
 *	flight
 * @cc: the state
 * @snd_nxt: SND.NXT
 * @flight: bytes in flight (SND.NXT - SND.UNA)
 *
 * The caller resends the segment at SND.UNA and sets @cc->rtx_nxt after
 * it; the rest follows as ACKs open cwnd.
 */
void xtcp_cong_timeout(struct xtcp_cong *cc, u32 snd_nxt, u32 flight)
{
	if (!cc->in_rto_recovery && !cc->in_cwr)	/* tcp_enter_loss() */
		cc->ssthresh = cc->ops->ssthresh(cc, flight);
	if (cc->ops->timeout)
		cc->ops->timeout(cc);
	cc->cwnd = cc->mss;
	cc->acked_acc = 0;
	forget_timed(cc);			/* Karn */
	cc->dupacks = 0;
	cc->undo_ok = false;
	cc->undo_dsack = false;
	cc->in_fast_recovery = false;
	cc->in_rto_recovery = true;
	cc->in_cwr = false;
	cc->cwr_pending = true;
	cc->recover = snd_nxt;
}

XTCP_KUNIT_EXPORT(xtcp_cong_timeout);

/* @val in segments of @from octets, made segments of @to octets */
static u32 rescale(u32 val, u32 from, u32 to)
{
	return div_u64((u64)val * to, from);
}

/**
 * xtcp_cong_mss_reduced() - the path MTU dropped: what was in flight was
 *	too large and is lost, not to congestion
 * @cc: the state
 * @mss: the new segment size
 * @snd_una: SND.UNA
 * @snd_nxt: SND.NXT
 *
 * As tcp_simple_retransmit(): cwnd and ssthresh keep their count of
 * segments (Linux counts them in segments), so in octets they shrink with
 * the segment size, and the sender resends from SND.UNA to SND.NXT as
 * after a timeout (the caller, with @rtx_nxt), without the timeout's
 * reduction.
 */
void xtcp_cong_mss_reduced(struct xtcp_cong *cc, u32 mss, u32 snd_una,
			   u32 snd_nxt)
{
	mss = max(mss, 1U);
	if (mss < cc->mss) {
		cc->cwnd = max(rescale(cc->cwnd, cc->mss, mss), mss);
		if (cc->ssthresh < U32_MAX / 2)
			cc->ssthresh = max(rescale(cc->ssthresh, cc->mss, mss),
					   2 * mss);
	}
	cc->mss = mss;
	cc->acked_acc = 0;
	forget_timed(cc);
	cc->dupacks = 0;
	cc->undo_ok = false;
	cc->undo_dsack = false;
	cc->in_fast_recovery = false;
	cc->in_rto_recovery = true;
	cc->in_cwr = false;
	cc->recover = snd_nxt;
	cc->rtx_nxt = snd_una;
}

XTCP_KUNIT_EXPORT(xtcp_cong_mss_reduced);

/**
 * xtcp_cong_room() - what cwnd lets the sender add to the network
 * @cc: the state
 * @flight: bytes in flight (with SACK, RFC 6675's pipe)
 *
 * Limited transmit (RFC 3042): outside loss recovery, each duplicate ACK
 * short of the fast retransmit threshold lets one more segment of new
 * data go, so a small window still draws the duplicates that fast
 * retransmit needs, rather than waiting for the timer. With SACK the
 * caller gives the pipe (RFC 6675), which the SACKed octets already
 * lower, so there is no such allowance.
 *
 * Return: bytes, 0 if cwnd is full.
 */
u32 xtcp_cong_room(const struct xtcp_cong *cc, u32 flight)
{
	u32 wnd = cc->cwnd;

	if (!cc->in_fast_recovery && !cc->in_rto_recovery && !cc->sack)
		wnd += min(cc->dupacks, cc->reordering - 1) * cc->mss;
	return wnd > flight ? wnd - flight : 0;
}

XTCP_KUNIT_EXPORT(xtcp_cong_room);

/**
 * xtcp_cong_validate() - call after the sender filled what it could
 * @cc: the state
 * @flight: bytes in flight now (with SACK, RFC 6675's pipe)
 * @snd_una: SND.UNA
 * @snd_nxt: SND.NXT
 * @sent: new data went out
 *
 * As Linux's tcp_cwnd_validate(): whether cwnd limited the sender (no
 * room left for a segment) is remembered for the window it sent, until
 * SND.UNA passes the SND.NXT of then; while it did not, the most bytes in
 * flight in that window are. An application, the peer's window or TCP
 * Small Queues (tsq.c) holding data back leaves cwnd unused, and an
 * unused cwnd does not grow (xtcp_cong_is_limited()).
 */
void xtcp_cong_validate(struct xtcp_cong *cc, u32 flight, u32 snd_una,
			u32 snd_nxt, bool sent)
{
	bool limited = flight + cc->mss > cc->cwnd;

	if (!sent && !limited)
		return;
	if (!xtcp_seq_before(snd_una, cc->usage_seq) || limited ||
	    (!cc->cwnd_limited && flight > cc->max_flight)) {
		cc->cwnd_limited = limited;
		cc->max_flight = flight;
		cc->usage_seq = snd_nxt;
	}
}

XTCP_KUNIT_EXPORT(xtcp_cong_validate);

/**
 * xtcp_cong_is_limited() - may an ACK grow cwnd?
 * @cc: the state
 *
 * As Linux's tcp_is_cwnd_limited(), which its algorithms ask before they
 * grow the window (xtcp asks for them, before &xtcp_cong_ops.cong_avoid):
 * yes if cwnd limited the sender in the window being acknowledged, or,
 * in slow start, while cwnd is below twice the most that window had in
 * flight.
 *
 * Return: true if it may.
 */
bool xtcp_cong_is_limited(const struct xtcp_cong *cc)
{
	if (cc->cwnd_limited)
		return true;
	return cc->cwnd < cc->ssthresh && cc->cwnd / 2 < cc->max_flight;
}

XTCP_KUNIT_EXPORT(xtcp_cong_is_limited);
