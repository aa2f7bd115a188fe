// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the 2MSL timers of TIME-WAIT entries (timers.c lists every timer).
 *
 * A TIME-WAIT entry has no hrtimer of its own (64 octets, a third of the
 * entry): each namespace has a queue per CPU, an entry joins the queue of
 * the CPU it entered TIME-WAIT on, and one soft hrtimer per queue fires at
 * the expiry of the queue's first entry. Queues are in order of expiry,
 * so joining and leaving cost O(1): an entry joins at the tail with
 * now + 2MSL, and 2MSL is the namespace's net.xtcp.msl_ms, the same for
 * every entry of a queue. When msl_ms is lowered, xtcp_timers_tw_msl()
 * brings the entries that would outlive the new 2MSL forward to it, which
 * keeps the order; raising it keeps it too.
 *
 * Locks: a queue's lock guards its list, the entries' &xtcp_tw.timer_node
 * and &xtcp_tw.expires; it nests inside an entry's lock and is taken with
 * bottom halves off. The expiry takes an entry off the queue under the
 * queue's lock, drops it and runs xtcp_tw_expired() under RCU, which keeps
 * the entry's memory (tw.c frees it with call_rcu()); the entry may have
 * been killed or restarted meanwhile, which xtcp_tw_expired() checks. A
 * queue's timer and its entries are gone before the namespace is
 * (xtcp_timers_tw_net_exit()).
 */
#include <linux/hrtimer.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "compat.h"
#include "net.h"
#include "timers.h"
#include "tw.h"

/* Entries one expiry ends at most; the rest 1 ms later, so that a
 * hundred thousand entries ending at once do not hold the CPU.
 */
#define TW_EXPIRY_BUDGET	256
#define TW_EXPIRY_PAUSE_NS	NSEC_PER_MSEC

/**
 * struct xtcp_tw_queue - the TIME-WAIT entries of a namespace that entered
 *	TIME-WAIT on one CPU
 * @lock: guards @list and the entries' timer_node and expires
 * @list: the entries, earliest expiry first
 * @timer: fires at the first entry's expiry, or earlier (an entry that was
 *	first may have left); re-armed by its expiry while @list is not
 *	empty
 *
 * Lifetime: the namespace's (xtcp_timers_tw_net_init() to
 * xtcp_timers_tw_net_exit()).
 */
struct xtcp_tw_queue {
	spinlock_t		lock;	/* see @lock above */
	struct list_head	list;
	struct hrtimer		timer;
};

static enum hrtimer_restart tw_queue_expired(struct hrtimer *t)
{
	struct xtcp_tw_queue *q = container_of(t, struct xtcp_tw_queue, timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	unsigned int done = 0;
	struct xtcp_tw *tw;
	ktime_t now;

	rcu_read_lock();
	spin_lock(&q->lock);
	now = ktime_get();
	while ((tw = list_first_entry_or_null(&q->list, struct xtcp_tw,
					      timer_node))) {
		if (ktime_after(tw->expires, now)) {
			hrtimer_set_expires(t, tw->expires);
			ret = HRTIMER_RESTART;
			break;
		}
		if (done++ == TW_EXPIRY_BUDGET) {
			hrtimer_set_expires(t, ktime_add_ns(now,
							    TW_EXPIRY_PAUSE_NS));
			ret = HRTIMER_RESTART;
			break;
		}
		list_del_init(&tw->timer_node);
		spin_unlock(&q->lock);
		xtcp_tw_expired(tw);
		spin_lock(&q->lock);
	}
	spin_unlock(&q->lock);
	rcu_read_unlock();
	return ret;
}

static struct xtcp_tw_queue *tw_queue(const struct xtcp_tw *tw)
{
	return per_cpu_ptr(xtcp_pernet(xtcp_tw_net(tw))->tw_queues, tw->cpu);
}

/* @tw joins @q's tail, to expire @ms from now. Under @q's lock. */
static void tw_queue_add(struct xtcp_tw_queue *q, struct xtcp_tw *tw, u32 ms)
{
	tw->expires = ktime_add_ms(ktime_get(), ms);
	list_add_tail(&tw->timer_node, &q->list);
	/* first in the queue: nothing has the timer armed for it */
	if (q->list.next == &tw->timer_node)
		hrtimer_start(&q->timer, tw->expires, HRTIMER_MODE_ABS_SOFT);
}

/**
 * xtcp_timers_tw_init() - set up a new TIME-WAIT entry's timer
 * @tw: the entry, its namespace set
 *
 * It will join the queue of this CPU (any CPU would do: the queue's lock
 * guards it, wherever its segments and its expiry run).
 */
void xtcp_timers_tw_init(struct xtcp_tw *tw)
{
	INIT_LIST_HEAD(&tw->timer_node);
	tw->cpu = raw_smp_processor_id();
}

/**
 * xtcp_timers_tw_entered() - call after a connection entered TIME-WAIT,
 *	or a retransmitted FIN restarted it (XTCP_ACT_TW_ARM)
 * @tw: the entry, under its lock, bottom halves off
 * @ms: 2MSL
 *
 * The entry goes to its queue's tail.
 */
void xtcp_timers_tw_entered(struct xtcp_tw *tw, u32 ms)
{
	struct xtcp_tw_queue *q = tw_queue(tw);

	spin_lock(&q->lock);
	list_del_init(&tw->timer_node);
	tw_queue_add(q, tw, ms);
	spin_unlock(&q->lock);
}

XTCP_KUNIT_EXPORT(xtcp_timers_tw_entered);

/**
 * xtcp_timers_tw_killed() - call after a TIME-WAIT entry was taken out of
 *	the tables by someone other than its timer
 * @tw: the entry
 *
 * It leaves its queue, so it may be freed after this. Its expiry, if it
 * runs now, reads it under RCU and finds it dead.
 */
void xtcp_timers_tw_killed(struct xtcp_tw *tw)
{
	struct xtcp_tw_queue *q = tw_queue(tw);

	spin_lock_bh(&q->lock);
	list_del_init(&tw->timer_node);
	spin_unlock_bh(&q->lock);
}

/**
 * xtcp_timers_tw_left() - time left in TIME-WAIT, for /proc/net/xtcp
 * @tw: the entry
 *
 * Return: jiffies until 2MSL ends.
 */
unsigned long xtcp_timers_tw_left(struct xtcp_tw *tw)
{
	struct xtcp_tw_queue *q = tw_queue(tw);
	ktime_t rem;

	spin_lock_bh(&q->lock);
	rem = ktime_sub(tw->expires, ktime_get());
	spin_unlock_bh(&q->lock);
	return rem > 0 ? nsecs_to_jiffies(rem) : 0;
}

XTCP_KUNIT_EXPORT(xtcp_timers_tw_left);

/**
 * xtcp_timers_tw_rearmed() - has 2MSL been started again?
 * @tw: the entry, under its lock, from its expiry
 *
 * Return: true if a retransmitted FIN restarted it while the expiry
 * waited for the entry's lock: the entry is in a queue again, and stays.
 */
bool xtcp_timers_tw_rearmed(struct xtcp_tw *tw)
{
	struct xtcp_tw_queue *q = tw_queue(tw);
	bool queued;

	spin_lock(&q->lock);
	queued = !list_empty(&tw->timer_node);
	spin_unlock(&q->lock);
	return queued;
}

/**
 * xtcp_timers_tw_msl() - call after net.xtcp.msl_ms changed
 * @xn: the namespace's state
 * @ms: the new 2MSL
 *
 * Entries that would outlive @ms from now end then: no TIME-WAIT lasts
 * longer than 2MSL as it is now. Walks every entry of the namespace once
 * (process context), and only when the value went down.
 */
void xtcp_timers_tw_msl(struct xtcp_net *xn, u32 ms)
{
	ktime_t limit = ktime_add_ms(ktime_get(), ms);
	struct xtcp_tw_queue *q;
	struct xtcp_tw *tw;
	int cpu;

	for_each_possible_cpu(cpu) {
		q = per_cpu_ptr(xn->tw_queues, cpu);
		spin_lock_bh(&q->lock);
		list_for_each_entry_reverse(tw, &q->list, timer_node) {
			if (!ktime_after(tw->expires, limit))
				break;	/* and every entry before it */
			tw->expires = limit;
		}
		tw = list_first_entry_or_null(&q->list, struct xtcp_tw,
					      timer_node);
		if (tw)
			hrtimer_start(&q->timer, tw->expires,
				      HRTIMER_MODE_ABS_SOFT);
		spin_unlock_bh(&q->lock);
		cond_resched();
	}
}

XTCP_KUNIT_EXPORT(xtcp_timers_tw_msl);

/**
 * xtcp_timers_tw_net_init() - give a namespace its 2MSL queues
 * @xn: the namespace's state
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_timers_tw_net_init(struct xtcp_net *xn)
{
	struct xtcp_tw_queue *q;
	int cpu;

	xn->tw_queues = alloc_percpu(struct xtcp_tw_queue);
	if (!xn->tw_queues)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		q = per_cpu_ptr(xn->tw_queues, cpu);
		spin_lock_init(&q->lock);
		INIT_LIST_HEAD(&q->list);
		hrtimer_init(&q->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
		q->timer.function = tw_queue_expired;
	}
	return 0;
}

/**
 * xtcp_timers_tw_net_exit() - free a namespace's 2MSL queues
 * @xn: the namespace's state
 *
 * Context: process context, after every entry of the namespace was
 * killed (so the queues are empty); waits for a running expiry.
 */
void xtcp_timers_tw_net_exit(struct xtcp_net *xn)
{
	struct xtcp_tw_queue *q;
	int cpu;

	for_each_possible_cpu(cpu) {
		q = per_cpu_ptr(xn->tw_queues, cpu);
		hrtimer_cancel(&q->timer);
		WARN_ON_ONCE(!list_empty(&q->list));
	}
	free_percpu(xn->tw_queues);
}
