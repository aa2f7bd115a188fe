// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: socket options at the IPPROTO_TCP (SOL_TCP) level, with Linux
 * TCP's numbers and meanings, so programs written for TCP set them
 * unchanged. The same options are also at xtcp's own level, its protocol
 * number (xtcp_ipproto, 253 by default):
 *
 * TCP_NODELAY (1)       int; turns Nagle's algorithm off (sock.c)
 * TCP_MAXSEG (2)        int, 0 or 88-32767; clamps the MSS advertised and
 *                       sent with, from the next connect() or SYN on;
 *                       reads the send MSS once connected, else the value
 *                       set, else 536
 * TCP_KEEPIDLE (4)      int, s, 1-32767 (7200); idle time before the
 *                       first keepalive probe (keepalive.h)
 * TCP_KEEPINTVL (5)     int, s, 1-32767 (75); time between probes
 * TCP_KEEPCNT (6)       int, 1-127 (9); unanswered probes before the
 *                       connection is dropped with ETIMEDOUT
 * TCP_SYNCNT (7)        int 1-127; SYN retransmissions before connect()
 *                       fails with ETIMEDOUT
 * TCP_INFO (11)         get only; struct tcp_info, as much as fits
 * TCP_CONGESTION (13)   string; the congestion control algorithm (cong.h),
 *                       net.xtcp.tcp_congestion_control's ("cubic") by
 *                       default; ENOENT for an unknown name
 * TCP_USER_TIMEOUT (18) int, ms; how long data may stay unacknowledged
 *                       while retransmitted before the connection is
 *                       dropped with ETIMEDOUT (RFC 9293's R2 as a time);
 *                       0, the default, leaves it to the retry count
 * TCP_CORK (3)          int; segments shorter than the MSS wait until
 *                       it is cleared, 200 ms (the RTO) at most (sock.c)
 * TCP_LINGER2 (8)       int, s; an orphan's FIN-WAIT-2 time: <0 none
 *                       (reset), 0 the default (2MSL), at most 120
 * TCP_DEFER_ACCEPT (9)  int, s; a child waits for data before accept()
 *                       sees it (listen.c), kept as SYN,ACK timeouts
 * TCP_WINDOW_CLAMP (10) int; the most window offered, at least
 *                       SOCK_MIN_RCVBUF / 2; 0 only before a connection
 * TCP_QUICKACK (12)     int; 1 sends a held ACK now; reads 0 once set 0
 * TCP_NOTSENT_LOWAT (25) int; unsent octets above which the socket is
 *                       not writable (stream.c), 0 for the sysctl's
 * TCP_SAVE_SYN (27)     int 0-2; a listener keeps its children's SYN
 *                       headers for TCP_SAVED_SYN (28), read once
 * TCP_INQ (36)          int 0-1; recvmsg() adds a TCP_CM_INQ control
 *                       message: the octets left to read (stream.c)
 * TCP_FASTOPEN (23)     int >= 0, on a closed socket or a listener: its
 *                       Fast Open queue (fastopen.c), at most somaxconn
 * TCP_FASTOPEN_CONNECT (30)  int 0-1, on a closed socket: connect()
 *                       returns at once, the first write goes in the SYN
 * TCP_FASTOPEN_NO_COOKIE (34)  int 0-1: data in the SYN without a cookie
 * TCP_FASTOPEN_KEY (33) 16 or 32 octets: a listener's own cookie key
 *                       (and a backup); reads them back, none without
 *
 * At xtcp's level only:
 * XTCP_INTEROP (1000)   int, 0 or 1; speak TCP on the wire (interop.c);
 *                       before the socket holds a port, else EINVAL
 * XTCP_ZEROCOPY (1001)  int, 0 or 1; SO_ZEROCOPY, which 6.1's socket
 *                       layer refuses for xtcp (zerocopy.c)
 *
 * Any other IPPROTO_TCP option gives ENOPROTOOPT; other levels go to the
 * IP layer. SO_KEEPALIVE is the socket layer's; it calls
 * xtcp_keepalive_set().
 *
 * Also here: the per-socket counters of TCP_INFO (struct xtcp_sock,
 * xtcp_info_seg_in() and xtcp_info_seg_out() in sockopt.h).
 */
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/uaccess.h>
#include <net/ip.h>
#include <net/request_sock.h>
#include <net/sock.h>

#include "cong.h"
#include "delack.h"
#include "fastopen.h"
#include "interop.h"
#include "keepalive.h"
#include "net.h"
#include "rate.h"
#include "rcvbuf.h"
#include "sock.h"
#include "sockopt.h"
#include "xtcp.h"
#include "zerocopy.h"

/* Linux's TCP_MIN_MSS and MAX_TCP_WINDOW: the range of TCP_MAXSEG */
#define XTCP_USER_MSS_MIN	88
#define XTCP_USER_MSS_MAX	32767
/* Linux's TCP_INFINITE_SSTHRESH: what TCP_INFO shows before any loss */
#define XTCP_INFINITE_SSTHRESH	0x7fffffff
/* Linux's TCP_FIN_TIMEOUT_MAX, in seconds: the most TCP_LINGER2 takes */
#define XTCP_LINGER2_MAX	120
/*
 * TCP_DEFER_ACCEPT's seconds to SYN,ACK timeouts and back, as Linux's
 * secs_to_retrans() with TCP_TIMEOUT_INIT and TCP_RTO_MAX
 */
#define XTCP_DEFER_TIMEOUT_S	1
#define XTCP_DEFER_RTO_MAX_S	120

/* SND.UNA, RCV.NXT and the rest are valid: the handshake is done. */
static bool synced(const struct sock *sk)
{
	return (1 << sk->sk_state) &
	       (TCPF_ESTABLISHED | TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2 |
		TCPF_CLOSE_WAIT | TCPF_CLOSING | TCPF_LAST_ACK);
}

/**
 * xtcp_info_reset() - zero a socket's TCP_INFO counters
 * @sk: the socket, new or disconnected
 */
void xtcp_info_reset(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 now = (u32)jiffies;

	xs->rcv_data_tstamp = now;
	xs->snd_data_tstamp = now;
	xs->rcv_mss = 0;
	xs->segs_in = 0;
	xs->segs_out = 0;
	xs->data_segs_in = 0;
	xs->data_segs_out = 0;
	xs->total_retrans = 0;
	xs->bytes_sent = 0;
	xs->bytes_received = 0;
	xs->info_synced = false;
	xs->bytes_retrans = 0;
	xtcp_rate_init(&xs->rate);
	memset(&xs->chrono, 0, sizeof(xs->chrono));
	xtcp_rcvbuf_init(sk);
}

/**
 * xtcp_sockopt_init() - a new socket's options and counters
 * @sk: the socket, new or a clone (see xtcp_sock_init_private())
 */
void xtcp_sockopt_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->user_mss = 0;
	xs->cork = 0;
	xs->nagle_push = 0;
	xs->force_psh = 0;
	xs->recvmsg_inq = 0;
	xs->pingpong = 0;
	xs->defer_acked = 0;
	xs->no_defer = 0;
	xs->save_syn = 0;
	xs->linger2_s = 0;
	xs->defer_accept = 0;
	xs->pushed_seq = 0;
	xs->notsent_lowat = 0;
	xs->window_clamp = 0;
	xs->saved_syn = NULL;
	xtcp_keepalive_init(sk);
	xtcp_info_reset(sk);
}

/**
 * xtcp_sockopt_inherit() - a listener's child takes its options
 * @child: the child, after xtcp_sockopt_init()
 * @lsk: the listener
 *
 * TCP_NODELAY, TCP_USER_TIMEOUT, TCP_MAXSEG, the keepalive settings,
 * TCP_CORK, TCP_INQ, TCP_LINGER2, TCP_NOTSENT_LOWAT and TCP_WINDOW_CLAMP
 * (SO_KEEPALIVE comes with the clone; TCP_CONGESTION is taken in
 * listen.c, which pins its module).
 * The SYN that made the child counts as its first segment in.
 */
void xtcp_sockopt_inherit(struct sock *child, const struct sock *lsk)
{
	xtcp_sk(child)->nodelay = READ_ONCE(xtcp_sk(lsk)->nodelay);
	xtcp_sk(child)->user_timeout_ms =
		READ_ONCE(xtcp_sk(lsk)->user_timeout_ms);
	xtcp_sk(child)->user_mss = READ_ONCE(xtcp_sk(lsk)->user_mss);
	/* as sk_clone_lock()'s copy of tcp_sock does */
	xtcp_sk(child)->cork = xtcp_sk(lsk)->cork;
	xtcp_sk(child)->recvmsg_inq = xtcp_sk(lsk)->recvmsg_inq;
	xtcp_sk(child)->linger2_s = READ_ONCE(xtcp_sk(lsk)->linger2_s);
	xtcp_sk(child)->notsent_lowat = READ_ONCE(xtcp_sk(lsk)->notsent_lowat);
	xtcp_sk(child)->window_clamp = READ_ONCE(xtcp_sk(lsk)->window_clamp);
	xtcp_sk(child)->segs_in = 1;	/* the SYN, as Linux counts it */
	xtcp_keepalive_inherit(child, lsk);
}

/**
 * xtcp_info_sync() - bring @bytes_received of struct xtcp_sock up to date
 *	with the TCB
 * @sk: the socket, locked
 *
 * Cheaper than counting where RCV.NXT moves: it moves by less than 2^31
 * between two calls (one per segment received), so the 32-bit differences
 * add up to a 64-bit total. Counting starts once the handshake is done,
 * from IRS + 1. (Octets acknowledged by the peer are the TCB's own
 * @bytes_acked, which RFC 5961's ACK check needs.)
 */
void xtcp_info_sync(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_tcb *tcb = &xs->tcb;

	if (!xs->info_synced) {
		if (!synced(sk))
			return;
		xs->info_rcv_nxt = tcb->irs + 1;
		xs->info_synced = true;
	}
	xs->bytes_received += (u32)(tcb->rcv_nxt - xs->info_rcv_nxt);
	xs->info_rcv_nxt = tcb->rcv_nxt;
}

/* TCP_MAXSEG as read: the send MSS once connected, else as Linux. */
static u32 cur_mss(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	if (synced(sk))
		return min_t(u32, xtcp_fsm_send_mss(&xs->tcb), XTCP_MSS_MAX);
	return READ_ONCE(xs->user_mss) ?: XTCP_MSS_DEFAULT;
}

static int set_congestion(struct sock *sk, sockptr_t optval,
			  unsigned int optlen)
{
	char name[XTCP_CONG_NAME_MAX];
	const struct xtcp_cong_ops *ops, *old;
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (optlen < 1)
		return -EINVAL;
	optlen = min_t(unsigned int, optlen, sizeof(name) - 1);
	if (copy_from_sockptr(name, optval, optlen))
		return -EFAULT;
	name[optlen] = '\0';
	ops = xtcp_cong_get(name);
	if (!ops)
		return -ENOENT;
	lock_sock(sk);
	old = xs->cc.ops;
	if (ops == old) {		/* as Linux: no change, no restart */
		release_sock(sk);
		xtcp_cong_put(ops);
		return 0;
	}
	WRITE_ONCE(xs->cc.ops, ops);	/* a SYN reads it unlocked */
	/* as tcp_reinit_congestion_control(): the new one starts clean */
	memset(xs->cc.priv, 0, sizeof(xs->cc.priv));
	if (ops->init && !((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
		ops->init(&xs->cc);
	release_sock(sk);
	xtcp_cong_put(old);
	return 0;
}

/* Linux's secs_to_retrans(): TCP_DEFER_ACCEPT's seconds as timeouts */
static u8 secs_to_retrans(int seconds)
{
	int timeout = XTCP_DEFER_TIMEOUT_S, period = timeout;
	u8 res = 0;

	if (seconds > 0) {
		res = 1;
		while (seconds > period && res < 255) {
			res++;
			timeout = min(timeout << 1, XTCP_DEFER_RTO_MAX_S);
			period += timeout;
		}
	}
	return res;
}

/* and retrans_to_secs(): the seconds that many timeouts take */
static int retrans_to_secs(u8 retrans)
{
	int timeout = XTCP_DEFER_TIMEOUT_S, period = 0;

	if (retrans > 0) {
		period = timeout;
		while (--retrans) {
			timeout = min(timeout << 1, XTCP_DEFER_RTO_MAX_S);
			period += timeout;
		}
	}
	return period;
}

/*
 * As __tcp_sock_set_cork(): uncorked, what waits goes as Nagle allows, or
 * at once with TCP_NODELAY.
 */
static void set_cork(struct sock *sk, int val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->cork = !!val;
	if (val)
		return;
	if (xs->nodelay)
		xs->nagle_push = 1;
	xtcp_sock_push(sk);
}

/*
 * As __tcp_sock_set_quickack(): 0 enters pingpong mode; anything else
 * leaves it and sends an ACK held back now (an even value enters it again
 * then). xtcp has no quick-ACK mode for it to change otherwise.
 */
static void set_quickack(struct sock *sk, int val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->pingpong = !val;
	if (!val || !((1 << sk->sk_state) &
		      (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) ||
	    !xs->delack.pending)
		return;
	xtcp_delack_send_now(sk);
	if (!(val & 1))
		xs->pingpong = 1;
}

/*
 * As 6.1's tcp_set_window_clamp(): 0 (no clamp) only before a
 * connection; at least SOCK_MIN_RCVBUF / 2, compared as Linux compares
 * (a negative value is a large one).
 */
static int set_window_clamp(struct sock *sk, int val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!val) {
		if (sk->sk_state != TCP_CLOSE)
			return -EINVAL;
		WRITE_ONCE(xs->window_clamp, 0);
		return 0;
	}
	WRITE_ONCE(xs->window_clamp, (unsigned long)val < SOCK_MIN_RCVBUF / 2 ?
				     SOCK_MIN_RCVBUF / 2 : val);
	return 0;
}

static int set_int(struct sock *sk, int optname, int val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err = 0;

	lock_sock(sk);
	switch (optname) {
	case TCP_NODELAY:
		xs->nodelay = !!val;
		if (xs->nodelay) {
			xs->nagle_push = 1;	/* even corked, as Linux */
			xtcp_sock_push(sk);
		}
		break;
	case TCP_CORK:
		set_cork(sk, val);
		break;
	case TCP_LINGER2:
		WRITE_ONCE(xs->linger2_s, val < 0 ? -1 :
					  min(val, XTCP_LINGER2_MAX));
		break;
	case TCP_DEFER_ACCEPT:
		WRITE_ONCE(xs->defer_accept, secs_to_retrans(val));
		break;
	case TCP_WINDOW_CLAMP:
		err = set_window_clamp(sk, val);
		break;
	case TCP_QUICKACK:
		set_quickack(sk, val);
		break;
	case TCP_NOTSENT_LOWAT:
		WRITE_ONCE(xs->notsent_lowat, val);
		sk->sk_write_space(sk);
		break;
	case TCP_SAVE_SYN:
		if (val < 0 || val > 2)
			err = -EINVAL;
		else
			xs->save_syn = val;
		break;
	case TCP_INQ:
		if (val < 0 || val > 1)
			err = -EINVAL;
		else
			xs->recvmsg_inq = val;
		break;
	case TCP_MAXSEG:
		if (val && (val < XTCP_USER_MSS_MIN || val > XTCP_USER_MSS_MAX))
			err = -EINVAL;
		else
			WRITE_ONCE(xs->user_mss, val);
		break;
	case TCP_KEEPIDLE:
		if (val < 1 || val > XTCP_KEEPIDLE_MAX) {
			err = -EINVAL;
			break;
		}
		WRITE_ONCE(xs->ka_idle_s, val);
		xtcp_keepalive_idle_changed(sk);
		break;
	case TCP_KEEPINTVL:
		if (val < 1 || val > XTCP_KEEPINTVL_MAX)
			err = -EINVAL;
		else
			WRITE_ONCE(xs->ka_intvl_s, val);
		break;
	case TCP_KEEPCNT:
		if (val < 1 || val > XTCP_KEEPCNT_MAX)
			err = -EINVAL;
		else
			WRITE_ONCE(xs->ka_cnt, val);
		break;
	case TCP_SYNCNT:
		if (val < 1 || val > XTCP_SYNCNT_MAX) {
			err = -EINVAL;
			break;
		}
		xs->syn_retries = val;
		if (sk->sk_state == TCP_SYN_SENT)
			xs->tcb.syn_retries = val;
		break;
	case TCP_USER_TIMEOUT:
		if (val < 0)
			err = -EINVAL;
		else
			WRITE_ONCE(xs->user_timeout_ms, val);
		break;
	case TCP_FASTOPEN:
	case TCP_FASTOPEN_CONNECT:
	case TCP_FASTOPEN_NO_COOKIE:
		err = xtcp_fastopen_setsockopt(sk, optname, val);
		break;
	default:
		err = -ENOPROTOOPT;
	}
	release_sock(sk);
	return err;
}

/* Is @level one of xtcp's: SOL_TCP, or the module's protocol number? */
static bool xtcp_level(int level)
{
	return level == SOL_TCP || level == xtcp_ipproto;
}

/**
 * xtcp_setsockopt() - proto.setsockopt
 * @sk: the socket
 * @level: SOL_TCP or xtcp_ipproto for xtcp's options, else the IP layer's
 * @optname: the option
 * @optval: its value
 * @optlen: the value's length
 *
 * Return: 0 or a negative errno (EINVAL, EFAULT, ENOENT for an unknown
 * algorithm, ENOPROTOOPT for an option xtcp does not have).
 */
int xtcp_setsockopt(struct sock *sk, int level, int optname,
		    sockptr_t optval, unsigned int optlen)
{
	int val;

	if (!xtcp_level(level))
		return xtcp_sk(sk)->af->setsockopt(sk, level, optname,
						  optval, optlen);
	if (level == xtcp_ipproto && optname == XTCP_INTEROP)
		return xtcp_interop_setsockopt(sk, optval, optlen);
	if (level == xtcp_ipproto && optname == XTCP_ZEROCOPY)
		return xtcp_zc_setsockopt(sk, optval, optlen);
	switch (optname) {
	case TCP_CONGESTION:
		return set_congestion(sk, optval, optlen);
	case TCP_FASTOPEN_KEY:
		return xtcp_fastopen_set_key(sk, optval, optlen);
	case TCP_NODELAY:
	case TCP_MAXSEG:
	case TCP_KEEPIDLE:
	case TCP_KEEPINTVL:
	case TCP_KEEPCNT:
	case TCP_SYNCNT:
	case TCP_USER_TIMEOUT:
	case TCP_CORK:
	case TCP_LINGER2:
	case TCP_DEFER_ACCEPT:
	case TCP_WINDOW_CLAMP:
	case TCP_QUICKACK:
	case TCP_NOTSENT_LOWAT:
	case TCP_SAVE_SYN:
	case TCP_INQ:
	case TCP_FASTOPEN:
	case TCP_FASTOPEN_CONNECT:
	case TCP_FASTOPEN_NO_COOKIE:
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	return set_int(sk, optname, val);
}

static int put_val(const void *val, int size, char __user *optval,
		   int __user *optlen)
{
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	len = min(len, size);
	if (put_user(len, optlen) || copy_to_user(optval, val, len))
		return -EFAULT;
	return 0;
}

/* Linux's congestion avoidance states, from xtcp's loss recovery */
static u8 ca_state(const struct xtcp_cong *cc)
{
	if (cc->in_rto_recovery)
		return TCP_CA_Loss;
	if (cc->in_fast_recovery)
		return TCP_CA_Recovery;
	if (cc->in_cwr)
		return TCP_CA_CWR;
	if (cc->dupacks)
		return TCP_CA_Disorder;
	return TCP_CA_Open;
}

/*
 * Segments taken for lost and not yet acknowledged, as Linux's lost_out
 * without SACK: after a timeout all that was in flight then; in fast
 * recovery the one at SND.UNA.
 */
static u32 lost_out(const struct xtcp_sock *xs, u32 mss)
{
	const struct xtcp_cong *cc = &xs->cc;

	if (cc->in_rto_recovery &&
	    xtcp_seq_after(cc->recover, xs->tcb.snd_una))
		return DIV_ROUND_UP(cc->recover - xs->tcb.snd_una, mss);
	return cc->in_fast_recovery;
}

/* As tcp_get_info(): ~0 (no limit) stays ~0 */
static u64 pacing(const struct sock *sk, const struct xtcp_sock *xs)
{
	const struct xtcp_cong *cc = &xs->cc;
	u32 flight = xs->tcb.snd_nxt - xs->tcb.snd_una;
	unsigned long max = READ_ONCE(sk->sk_max_pacing_rate);
	u64 rate;

	rate = xtcp_rate_pacing(max(cc->cwnd, flight), cc->ssthresh,
				xs->tcb.rtt.srtt_us);
	if (max != ~0UL)
		rate = min_t(u64, rate, max);
	return rate;
}

/* Segments retransmitted and not yet acknowledged, roughly as Linux */
static u32 retrans_out(const struct xtcp_sock *xs, u32 mss)
{
	const struct xtcp_cong *cc = &xs->cc;

	if (cc->in_rto_recovery &&
	    xtcp_seq_after(cc->rtx_nxt, xs->tcb.snd_una))
		return DIV_ROUND_UP(cc->rtx_nxt - xs->tcb.snd_una, mss);
	return cc->in_fast_recovery;
}

static u32 msecs_since(u32 stamp)
{
	return jiffies_to_msecs((u32)jiffies - stamp);
}

/**
 * xtcp_info_get() - the struct tcp_info of a socket, for TCP_INFO and
 *	for xtcp_diag's INET_DIAG_INFO (diag.c)
 * @sk: the socket, locked
 * @info: filled
 *
 * What xtcp does not have stays 0: fackets. ECN (ecn.h): tcpi_options'
 * TCPI_OPT_ECN and TCPI_OPT_ECN_SEEN, tcpi_delivered_ce, and
 * tcpi_ca_state TCP_CA_CWR while ECN's reduction holds.
 * tcpi_ato is the delayed-ACK timeout once data has arrived, tcpi_min_rtt ~0 before an
 * RTT sample, as Linux has them. tcpi_pacing_rate is what Linux's TCP
 * would pace at (rate.c; xtcp does not pace), tcpi_delivery_rate the
 * last delivery rate sample (rate.c), tcpi_rcv_rtt and tcpi_rcv_space the
 * receiver's round-trip time estimate and what the application read in
 * one (rcvbuf.c).
 */
void xtcp_info_get(struct sock *sk, struct tcp_info *info)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_tcb *tcb = &xs->tcb;
	const struct xtcp_cong *cc = &xs->cc;
	u32 mss = cur_mss(sk), cmss = max(cc->mss, 1U), fo_fail;
	struct dst_entry *dst;

	memset(info, 0, sizeof(*info));
	info->tcpi_state = sk->sk_state;
	if (sk->sk_state == TCP_LISTEN) {
		/* as Linux: the accept queue and the backlog */
		info->tcpi_unacked = READ_ONCE(sk->sk_ack_backlog);
		info->tcpi_sacked = READ_ONCE(sk->sk_max_ack_backlog);
	}
	xtcp_info_sync(sk);
	info->tcpi_ca_state = ca_state(cc);
	if (tcb->wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = tcb->snd_wscale;
		info->tcpi_rcv_wscale = tcb->rcv_wscale;
	}
	if (tcb->ts.ok && tcb->state != TCP_SYN_SENT)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (tcb->sack_ok && tcb->state != TCP_SYN_SENT)	/* sack.h */
		info->tcpi_options |= TCPI_OPT_SACK;
	xtcp_fastopen_info(sk, &info->tcpi_options, &fo_fail);
	info->tcpi_fastopen_client_fail = fo_fail;
	info->tcpi_options |= xtcp_ecn_info_options(&xs->ecn);
	info->tcpi_delivered_ce = xs->ecn.delivered_ce;
	info->tcpi_dsack_dups = xs->dsack_dups;
	info->tcpi_retransmits = tcb->retries;
	info->tcpi_probes = xs->ka_probes;
	info->tcpi_backoff = tcb->retries;
	info->tcpi_rto = xtcp_rtt_backoff_ms(&tcb->rtt, tcb->retries) *
			 USEC_PER_MSEC;
	info->tcpi_snd_mss = mss;
	info->tcpi_rcv_mss = xs->rcv_mss ?: min_t(u32, tcb->mss,
						    XTCP_MSS_DEFAULT);
	if (synced(sk)) {
		info->tcpi_unacked = DIV_ROUND_UP(tcb->snd_nxt - tcb->snd_una,
						  mss);
		info->tcpi_retrans = retrans_out(xs, mss);
		info->tcpi_lost = lost_out(xs, mss);
		info->tcpi_sacked = xs->sack_board ?
				    xs->sack_board->sacked / mss : 0;
		info->tcpi_notsent_bytes = xs->write_seq - tcb->snd_nxt;
		info->tcpi_snd_wnd = tcb->snd_wnd;
	}
	info->tcpi_last_data_sent = msecs_since(xs->snd_data_tstamp);
	info->tcpi_last_data_recv = msecs_since(xs->rcv_data_tstamp);
	info->tcpi_last_ack_recv = msecs_since(xs->rcv_tstamp);
	dst = __sk_dst_get(sk);
	info->tcpi_pmtu = dst ? dst_mtu(dst) : 0;
	info->tcpi_rcv_ssthresh = tcb->rcv_wnd;
	info->tcpi_rtt = tcb->rtt.srtt_us;
	info->tcpi_rttvar = tcb->rtt.rttvar_us;
	info->tcpi_min_rtt = tcb->rtt.min_rtt_us ?: ~0U;
	if (xs->bytes_received)
		info->tcpi_ato = XTCP_DELACK_MS * USEC_PER_MSEC;
	info->tcpi_snd_ssthresh = cc->ssthresh >= U32_MAX / 2 ?
				  XTCP_INFINITE_SSTHRESH : cc->ssthresh / cmss;
	info->tcpi_snd_cwnd = cc->cwnd / cmss;
	info->tcpi_advmss = tcb->mss;
	info->tcpi_reordering = cc->reordering;
	info->tcpi_reord_seen = xs->rack.reord_seen;
	info->tcpi_rcv_rtt = xs->rcvq.rtt_us >> 3;
	info->tcpi_rcv_space = xtcp_rcvbuf_space(sk);
	info->tcpi_total_retrans = xs->total_retrans;
	info->tcpi_bytes_acked = tcb->bytes_acked;
	info->tcpi_bytes_received = xs->bytes_received;
	info->tcpi_segs_out = xs->segs_out;
	info->tcpi_segs_in = xs->segs_in;
	info->tcpi_data_segs_in = xs->data_segs_in;
	info->tcpi_data_segs_out = xs->data_segs_out;
	info->tcpi_bytes_sent = xs->bytes_sent;
	info->tcpi_bytes_retrans = xs->bytes_retrans;
	info->tcpi_rwnd_limited = xtcp_chrono_us(&xs->chrono, XTCP_CHRONO_RWND,
						 jiffies);
	info->tcpi_sndbuf_limited = xtcp_chrono_us(&xs->chrono,
						   XTCP_CHRONO_SNDBUF, jiffies);
	info->tcpi_busy_time = xtcp_chrono_us(&xs->chrono, XTCP_CHRONO_BUSY,
					      jiffies) +
			       info->tcpi_rwnd_limited +
			       info->tcpi_sndbuf_limited;
	info->tcpi_delivered = xs->rate.delivered_segs;
	info->tcpi_delivery_rate = xtcp_rate_bps(&xs->rate);
	info->tcpi_delivery_rate_app_limited = xs->rate.rate_app_limited;
	info->tcpi_pacing_rate = pacing(sk, xs);
	info->tcpi_max_pacing_rate = READ_ONCE(sk->sk_max_pacing_rate);
	if (info->tcpi_max_pacing_rate == ~0UL)
		info->tcpi_max_pacing_rate = ~0ULL;
}

/*
 * TCP_SAVED_SYN, as Linux: the headers, once (then freed); with too little
 * room EINVAL and the length needed; with none saved, a length of 0.
 */
static int get_saved_syn(struct sock *sk, char __user *optval,
			 int __user *optlen)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int len, err = 0;

	if (get_user(len, optlen))
		return -EFAULT;
	lock_sock(sk);
	if (!xs->saved_syn) {
		release_sock(sk);
		return put_user(0, optlen) ? -EFAULT : 0;
	}
	if (len < tcp_saved_syn_len(xs->saved_syn)) {
		len = tcp_saved_syn_len(xs->saved_syn);
		err = put_user(len, optlen) ? -EFAULT : -EINVAL;
		goto out;
	}
	len = tcp_saved_syn_len(xs->saved_syn);
	if (put_user(len, optlen) ||
	    copy_to_user(optval, xs->saved_syn->data, len)) {
		err = -EFAULT;
		goto out;
	}
	kfree(xs->saved_syn);
	xs->saved_syn = NULL;
out:
	release_sock(sk);
	return err;
}

/* TCP_LINGER2 as read: -1, the time set, or the default's seconds */
static int linger2_get(const struct sock *sk)
{
	int val = READ_ONCE(xtcp_sk(sk)->linger2_s);

	if (val)
		return val;
	return 2 * READ_ONCE(xtcp_pernet(sock_net(sk))->msl_ms) / MSEC_PER_SEC;
}

static int put_info(struct sock *sk, char __user *optval, int __user *optlen)
{
	struct tcp_info info;

	lock_sock(sk);
	xtcp_info_get(sk, &info);
	release_sock(sk);
	return put_val(&info, sizeof(info), optval, optlen);
}

/**
 * xtcp_getsockopt() - proto.getsockopt
 * @sk: the socket
 * @level: SOL_TCP or xtcp_ipproto for xtcp's options, else the IP layer's
 * @optname: the option
 * @optval: where the value goes
 * @optlen: in: room at @optval; out: the length written
 *
 * Return: 0 or a negative errno.
 */
int xtcp_getsockopt(struct sock *sk, int level, int optname,
		    char __user *optval, int __user *optlen)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	char name[XTCP_CONG_NAME_MAX];
	int val;

	if (!xtcp_level(level))
		return xtcp_sk(sk)->af->getsockopt(sk, level, optname,
						  optval, optlen);
	switch (optname) {
	case TCP_NODELAY:
		val = READ_ONCE(xs->nodelay);
		break;
	case TCP_MAXSEG:
		val = cur_mss(sk);
		break;
	case TCP_KEEPIDLE:
		val = READ_ONCE(xs->ka_idle_s);
		break;
	case TCP_KEEPINTVL:
		val = READ_ONCE(xs->ka_intvl_s);
		break;
	case TCP_KEEPCNT:
		val = READ_ONCE(xs->ka_cnt);
		break;
	case TCP_SYNCNT:
		val = READ_ONCE(xs->syn_retries) ?: XTCP_SYN_RETRIES;
		break;
	case TCP_USER_TIMEOUT:
		val = READ_ONCE(xs->user_timeout_ms);
		break;
	case TCP_CORK:
		val = xs->cork;
		break;
	case TCP_LINGER2:
		val = linger2_get(sk);
		break;
	case TCP_DEFER_ACCEPT:
		val = retrans_to_secs(READ_ONCE(xs->defer_accept));
		break;
	case TCP_WINDOW_CLAMP:
		val = READ_ONCE(xs->window_clamp);
		break;
	case TCP_QUICKACK:
		val = !xs->pingpong;
		break;
	case TCP_NOTSENT_LOWAT:
		val = READ_ONCE(xs->notsent_lowat);
		break;
	case TCP_SAVE_SYN:
		val = xs->save_syn;
		break;
	case TCP_INQ:
		val = xs->recvmsg_inq;
		break;
	case TCP_SAVED_SYN:
		return get_saved_syn(sk, optval, optlen);
	case TCP_FASTOPEN_KEY:
		return xtcp_fastopen_get_key(sk, optval, optlen);
	case TCP_FASTOPEN:
	case TCP_FASTOPEN_CONNECT:
	case TCP_FASTOPEN_NO_COOKIE:
		xtcp_fastopen_getsockopt(sk, optname, &val);
		break;
	case TCP_CONGESTION:
		lock_sock(sk);
		strscpy_pad(name, xs->cc.ops->name, sizeof(name));
		release_sock(sk);
		return put_val(name, sizeof(name), optval, optlen);
	case TCP_INFO:
		return put_info(sk, optval, optlen);
	case TCP_CC_INFO:
		/* as TCP for an algorithm without get_info (Reno, CUBIC) */
		return put_val(NULL, 0, optval, optlen);
	case XTCP_INTEROP:
		if (level != xtcp_ipproto)
			return -ENOPROTOOPT;
		xtcp_interop_getsockopt(sk, &val);
		break;
	case XTCP_ZEROCOPY:
		if (level != xtcp_ipproto)
			return -ENOPROTOOPT;
		val = sock_flag(sk, SOCK_ZEROCOPY);
		break;
	default:
		return -ENOPROTOOPT;
	}
	return put_val(&val, sizeof(val), optval, optlen);
}
