// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: /proc/net/xtcp, every socket of the namespace in the columns of
 * /proc/net/tcp, so the tools that read that file read this one:
 *
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when
 *   retrnsmt   uid  timeout inode
 *
 * Listeners first, then connections (children of listeners included),
 * then TIME-WAIT entries. st is the TCP_* state in hex (01 ESTABLISHED ...
 * 0A LISTEN, 0B CLOSING). tx_queue is the octets sent or queued and not
 * acknowledged; rx_queue the octets not yet read, or for a listener the
 * connections waiting for accept(). tr is the timer running, as Linux
 * shows it: 1 retransmission, 4 zero-window probe (persist), 2 keepalive,
 * 3 for TIME-WAIT, 0 none; tm->when the time left on it in clock ticks
 * (USER_HZ, as in /proc/net/tcp); retrnsmt the retransmissions of the
 * oldest unacknowledged segment.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "hash.h"
#include "proc.h"
#include "sock.h"
#include "timers.h"
#include "tw.h"

/**
 * struct xtcp_proc_iter - a reader's place in /proc/net/xtcp
 * @p: the namespace (first: seq_file_net() reads it)
 * @it: the walk, at the entry of position @pos
 * @prev: the walk as it was before the entry of position @pos - 1, taken
 *	again when seq_file shows that entry anew (it did not fit in the
 *	reader's buffer)
 * @pos: the position xtcp_hash_iter_next() on @it returns; 0: the walk
 *	has not started
 * @cur: the entry being shown, referenced, or none
 *
 * One per open file, made and freed by seq_file; only its reader uses it.
 * With @it kept between reads, a whole read costs O(entries + buckets):
 * the walk starts over only on a seek.
 */
struct xtcp_proc_iter {
	struct seq_net_private	p;
	struct xtcp_hash_iter	it;
	struct xtcp_hash_iter	prev;
	loff_t			pos;
	struct xtcp_hash_entry	cur;
};

/* Position 0 is the header, n > 0 the entry n - 1 of the walk. */
static void *fetch(struct seq_file *seq)
{
	struct xtcp_proc_iter *st = seq->private;
	struct xtcp_hash_iter at = st->it;

	if (!xtcp_hash_iter_next(seq_file_net(seq), &st->it, &st->cur))
		return NULL;
	st->prev = at;
	st->pos++;
	return &st->cur;
}

static void *seq_start(struct seq_file *seq, loff_t *pos)
{
	struct xtcp_proc_iter *st = seq->private;

	if (*pos && *pos == st->pos - 1) {
		st->it = st->prev;
		st->pos--;
	} else if (!*pos || *pos != st->pos) {
		memset(&st->it, 0, sizeof(st->it));
		st->pos = 1;
	}
	if (!*pos)
		return SEQ_START_TOKEN;
	while (st->pos < *pos) {
		if (!fetch(seq))
			return NULL;
		xtcp_hash_entry_put(&st->cur);
	}
	return fetch(seq);
}

static void *seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct xtcp_proc_iter *st = seq->private;

	if (v != SEQ_START_TOKEN)
		xtcp_hash_entry_put(&st->cur);
	++*pos;
	return fetch(seq);
}

static void seq_stop(struct seq_file *seq, void *v)
{
	struct xtcp_proc_iter *st = seq->private;

	if (v && v != SEQ_START_TOKEN)
		xtcp_hash_entry_put(&st->cur);
}

static void show_sock(struct seq_file *seq, struct sock *sk, loff_t sl)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct inet_sock *inet = inet_sk(sk);
	unsigned long when;
	u32 tx, rx;
	int timer;

	timer = xtcp_timers_proc(sk, &when);
	if (sk->sk_state == TCP_LISTEN) {
		tx = 0;
		rx = READ_ONCE(sk->sk_ack_backlog);
	} else {
		tx = READ_ONCE(xs->write_seq) - READ_ONCE(xs->tcb.snd_una);
		if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_CLOSE)
			tx = 0;
		rx = READ_ONCE(xs->rcv_queued);
	}
	seq_printf(seq,
		   "%4lld: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu",
		   sl, inet->inet_rcv_saddr, ntohs(inet->inet_sport),
		   inet->inet_daddr, ntohs(inet->inet_dport), sk->sk_state,
		   tx, rx, timer, jiffies_delta_to_clock_t(when),
		   xs->tcb.retries,
		   from_kuid_munged(seq_user_ns(seq), sock_i_uid(sk)), 0,
		   sock_i_ino(sk));
}

static void show_tw(struct seq_file *seq, struct xtcp_tw *tw, loff_t sl)
{
	seq_printf(seq,
		   "%4lld: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5d %8d %d",
		   sl, tw->saddr, ntohs(tw->sport), tw->daddr, ntohs(tw->dport),
		   TCP_TIME_WAIT, 0, 0, 3,
		   jiffies_delta_to_clock_t(xtcp_timers_tw_left(tw)), 0, 0,
		   0, 0);
}

static int seq_show(struct seq_file *seq, void *v)
{
	struct xtcp_proc_iter *st = seq->private;
	struct xtcp_hash_entry *e = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
		goto end;
	}
	if (e->sk)
		show_sock(seq, e->sk, st->pos - 2);
	else
		show_tw(seq, e->tw, st->pos - 2);
end:
	seq_pad(seq, '\n');
	return 0;
}

static const struct seq_operations xtcp_seq_ops = {
	.start	= seq_start,
	.next	= seq_next,
	.stop	= seq_stop,
	.show	= seq_show,
};

/**
 * xtcp_proc_init() - create /proc/net/xtcp in a namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_proc_init(struct net *net)
{
	if (!proc_create_net("xtcp", 0444, net->proc_net, &xtcp_seq_ops,
			     sizeof(struct xtcp_proc_iter)))
		return -ENOMEM;
	return 0;
}

/**
 * xtcp_proc_exit() - remove /proc/net/xtcp from a namespace
 * @net: the namespace
 */
void xtcp_proc_exit(struct net *net)
{
	remove_proc_entry("xtcp", net->proc_net);
}
