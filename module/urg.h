/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: urgent data (RFC 9293 3.8.5), with Linux TCP's semantics.
 *
 * Sender: send(MSG_OOB) makes the last octet of the write urgent: the
 * urgent pointer (SND.UP) is set one past it, as BSD and Linux set it
 * (tcp_mark_urg()), and every segment sent while SND.UP is ahead of its
 * sequence number carries URG and the pointer (__tcp_transmit_skb()),
 * until the peer acknowledges the urgent octet.
 *
 * Receiver: a new urgent pointer (one past the urgent octet, as Linux reads
 * it with net.ipv4.tcp_stdurg off) replaces an older one, signals SIGURG to
 * the socket's owner and waits for its octet (tcp_check_urg()); the
 * octet, once it arrives, is kept apart for recv(MSG_OOB) and poll's
 * EPOLLPRI (tcp_urg()). Unless SO_OOBINLINE, a read skips that one octet
 * in the stream and SIOCINQ counts only the octets before it; every read
 * stops at the mark (tcp_recvmsg_locked()), which SIOCATMARK reports.
 *
 * The arithmetic and the mark's state are pure functions on struct
 * xtcp_urg (KUnit: kunit/urg_test.c); urg.c's socket functions carry them
 * out under the socket lock.
 */
#ifndef _XTCP_URG_H
#define _XTCP_URG_H

#include <linux/poll.h>
#include <linux/types.h>

struct msghdr;
struct sk_buff;
struct sock;
struct xtcp_seg;

/* Bits of &xtcp_urg.rcv_data, as Linux's TCP_URG_* */
enum {
	XTCP_URG_VALID	= 0x0100,	/* the octet arrived: the low 8 bits */
	XTCP_URG_NOTYET	= 0x0200,	/* a pointer came, its octet not yet */
	XTCP_URG_READ	= 0x0400,	/* recv(MSG_OOB) took the octet */
};

/**
 * struct xtcp_urg - urgent data, both ways
 * @snd_up: the send urgent pointer, SND.UP: the sequence number after the
 *	last urgent octet sent by MSG_OOB; valid while @snd_mode
 * @rcv_seq: the sequence number of the peer's urgent octet (the mark);
 *	valid while @rcv_data is not 0
 * @rcv_data: 0 (no mark), XTCP_URG_NOTYET, XTCP_URG_VALID with the octet
 *	in the low 8 bits, or XTCP_URG_READ
 * @snd_mode: urgent mode: the peer has not yet acknowledged SND.UP
 *	(Linux's tcp_urg_mode(), SND.UNA != SND.UP)
 */
struct xtcp_urg {
	u32	snd_up;
	u32	rcv_seq;
	u16	rcv_data;
	bool	snd_mode;
};

/**
 * enum xtcp_urg_verdict - what a new urgent pointer does
 * @XTCP_URG_IGNORE: nothing: it points at data read, received or older
 *	than the mark
 * @XTCP_URG_NEW: it is the new mark: signal the owner
 * @XTCP_URG_NEW_SKIP: as @XTCP_URG_NEW, and the old urgent octet, the next
 *	to read, leaves the stream first (tcp_check_urg())
 */
enum xtcp_urg_verdict {
	XTCP_URG_IGNORE,
	XTCP_URG_NEW,
	XTCP_URG_NEW_SKIP,
};

/* the pure part (kunit/urg_test.c) */
u32 xtcp_urg_ptr_seq(u32 seq, u16 urg_ptr);
bool xtcp_urg_hdr(const struct xtcp_urg *u, u32 seq, u32 snd_nxt,
		  u16 *urg_ptr);
void xtcp_urg_snd_mark(struct xtcp_urg *u, u32 write_seq, u32 snd_una);
void xtcp_urg_snd_acked(struct xtcp_urg *u, u32 prior_una, u32 snd_una);
enum xtcp_urg_verdict xtcp_urg_check(struct xtcp_urg *u, u32 ptr,
				     u32 copied_seq, u32 rcv_nxt,
				     bool oobinline);
bool xtcp_urg_in_seg(const struct xtcp_urg *u, u32 seq, bool syn, u32 len,
		     u32 *off);
u32 xtcp_urg_read_len(const struct xtcp_urg *u, u32 seq, u32 len);
void xtcp_urg_read_past(struct xtcp_urg *u, u32 copied_seq);
u32 xtcp_urg_inq(const struct xtcp_urg *u, u32 copied_seq, u32 rcv_nxt,
		 u32 queued, bool oobinline);

/**
 * xtcp_urg_at_mark() - is the next octet to read the urgent one?
 * @u: the socket's urgent state
 * @copied_seq: the sequence number of the next octet to read
 *
 * Return: true at the mark (SIOCATMARK), as long as it stands.
 */
static inline bool xtcp_urg_at_mark(const struct xtcp_urg *u, u32 copied_seq)
{
	return READ_ONCE(u->rcv_data) && READ_ONCE(u->rcv_seq) == copied_seq;
}

/* socket functions (urg.c), under the socket lock but the poll's */
u32 xtcp_urg_copied_seq(const struct sock *sk, u32 rcv_nxt);
void xtcp_urg_sent(struct sock *sk, int flags);
void xtcp_urg_fill(const struct sock *sk, struct xtcp_seg *seg);
void xtcp_urg_probe(struct sock *sk, const struct xtcp_seg *probe);
void xtcp_urg_rcv(struct sock *sk, struct sk_buff *skb, u32 actions,
		  u32 prior_una, u32 prior_rcv_nxt);
void xtcp_urg_skip(struct sock *sk, struct sk_buff *skb);
int xtcp_urg_recvmsg(struct sock *sk, struct msghdr *msg, int len,
		     int flags);
int xtcp_urg_atmark(struct sock *sk);
int xtcp_urg_siocinq(struct sock *sk);
__poll_t xtcp_urg_poll(const struct sock *sk, u32 *hold);
void xtcp_urg_reset(struct sock *sk);

#endif /* _XTCP_URG_H */
