// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: /proc/net/xtcp, every AF_INET socket of the namespace in the
 * columns of /proc/net/tcp, so the tools that read that file read this
 * one, and /proc/net/xtcp6, the AF_INET6 ones (v4-mapped too) as
 * /proc/net/tcp6 shows them, each address in four words:
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

/**
 * struct proc_file - one of the files
 * @name: its name in /proc/net
 * @family: the sockets it shows
 * @header: its first line
 * @addrs: print an entry's addresses and ports (af.h's form)
 */
struct proc_file {
	const char	*name;
	sa_family_t	family;
	const char	*header;
	void		(*addrs)(struct seq_file *seq,
				 const struct xtcp_addrs *a);
};

static void addrs4(struct seq_file *seq, const struct xtcp_addrs *a)
{
	seq_printf(seq, "%08X:%04X %08X:%04X", a->laddr.s6_addr32[3],
		   ntohs(a->lport), a->raddr.s6_addr32[3], ntohs(a->rport));
}

static void addrs6(struct seq_file *seq, const struct xtcp_addrs *a)
{
	const __be32 *l = a->laddr.s6_addr32, *r = a->raddr.s6_addr32;

	seq_printf(seq, "%08X%08X%08X%08X:%04X %08X%08X%08X%08X:%04X",
		   l[0], l[1], l[2], l[3], ntohs(a->lport),
		   r[0], r[1], r[2], r[3], ntohs(a->rport));
}

static const struct proc_file proc_files[] = {
	{
		.name	= "xtcp",
		.family	= AF_INET,
		.header	=
			"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
		.addrs	= addrs4,
	}, {
		.name	= "xtcp6",
		.family	= AF_INET6,
		.header	=
			"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
		.addrs	= addrs6,
	},
};

static const struct proc_file *file_of(struct seq_file *seq)
{
	return pde_data(file_inode(seq->file));
}

static sa_family_t entry_family(const struct xtcp_hash_entry *e)
{
	return e->sk ? e->sk->sk_family : e->tw->family;
}

/* Position 0 is the header, n > 0 the entry n - 1 of the walk. */
static void *fetch(struct seq_file *seq)
{
	struct xtcp_proc_iter *st = seq->private;
	sa_family_t family = file_of(seq)->family;
	struct xtcp_hash_iter at = st->it;

	for (;;) {
		if (!xtcp_hash_iter_next(seq_file_net(seq), &st->it, &st->cur))
			return NULL;
		if (entry_family(&st->cur) == family)
			break;
		xtcp_hash_entry_put(&st->cur);
	}
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
	struct xtcp_addrs a;
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
	xs->af->sk_addrs(sk, &a);
	seq_printf(seq, "%4lld: ", sl);
	file_of(seq)->addrs(seq, &a);
	seq_printf(seq, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu",
		   sk->sk_state, tx, rx, timer, jiffies_delta_to_clock_t(when),
		   xs->tcb.retries,
		   from_kuid_munged(seq_user_ns(seq), sock_i_uid(sk)), 0,
		   sock_i_ino(sk));
}

static void show_tw(struct seq_file *seq, struct xtcp_tw *tw, loff_t sl)
{
	seq_printf(seq, "%4lld: ", sl);
	file_of(seq)->addrs(seq, &tw->conn.addrs);
	seq_printf(seq, " %02X %08X:%08X %02X:%08lX %08X %5d %8d %d",
		   TCP_TIME_WAIT, 0, 0, 3,
		   jiffies_delta_to_clock_t(xtcp_timers_tw_left(tw)), 0, 0,
		   0, 0);
}

static int seq_show(struct seq_file *seq, void *v)
{
	struct xtcp_proc_iter *st = seq->private;
	struct xtcp_hash_entry *e = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, file_of(seq)->header);
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
 * xtcp_proc_init() - create /proc/net/xtcp and /proc/net/xtcp6 in a
 *	namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_proc_init(struct net *net)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(proc_files); i++) {
		if (!proc_create_net_data(proc_files[i].name, 0444,
					  net->proc_net, &xtcp_seq_ops,
					  sizeof(struct xtcp_proc_iter),
					  (void *)&proc_files[i])) {
			while (i--)
				remove_proc_entry(proc_files[i].name,
						  net->proc_net);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * xtcp_proc_exit() - remove /proc/net/xtcp and xtcp6 from a namespace
 * @net: the namespace
 */
void xtcp_proc_exit(struct net *net)
{
	int i;

	for (i = ARRAY_SIZE(proc_files) - 1; i >= 0; i--)
		remove_proc_entry(proc_files[i].name, net->proc_net);
}
