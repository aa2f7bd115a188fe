// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: urgent data (urg.h): the urgent pointer's arithmetic and the
 * mark's state, as Linux's tcp.c, tcp_input.c and tcp_output.c keep them,
 * and what a socket does with them. stream.c's reads call
 * xtcp_urg_read_len(), xtcp_urg_skip() and xtcp_urg_read_past(); sock.c
 * calls xtcp_urg_rcv() for every segment; output.c xtcp_urg_fill() for
 * every segment it sends.
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "compat.h"
#include "output.h"
#include "seq.h"
#include "sock.h"
#include "urg.h"
#include "wire.h"

/**
 * xtcp_urg_ptr_seq() - the urgent octet an arriving pointer names
 * @seq: the segment's sequence number
 * @urg_ptr: its urgent pointer field
 *
 * As Linux with net.ipv4.tcp_stdurg at 0, its default: the pointer is one
 * past the urgent octet (BSD's reading, not RFC 1122's), and a pointer of 0
 * names @seq itself.
 *
 * Return: the sequence number of the urgent octet.
 */
u32 xtcp_urg_ptr_seq(u32 seq, u16 urg_ptr)
{
	return seq + urg_ptr - !!urg_ptr;
}

XTCP_KUNIT_EXPORT(xtcp_urg_ptr_seq);

/**
 * xtcp_urg_hdr() - URG and the urgent pointer of a segment to send
 * @u: the socket's urgent state
 * @seq: the segment's sequence number
 * @snd_nxt: SND.NXT
 * @urg_ptr: set to the pointer when URG is to be set
 *
 * As __tcp_transmit_skb(): in urgent mode, a segment that starts before
 * SND.UP carries SND.UP - @seq, or 0xffff while SND.UP is further than
 * 16 bits reach and @seq + 0xffff is after SND.NXT; retransmissions and
 * probes too.
 *
 * Return: true if the segment carries URG.
 */
bool xtcp_urg_hdr(const struct xtcp_urg *u, u32 seq, u32 snd_nxt,
		  u16 *urg_ptr)
{
	if (!u->snd_mode || !xtcp_seq_before(seq, u->snd_up))
		return false;
	if (xtcp_seq_before(u->snd_up, seq + 0x10000)) {
		*urg_ptr = u->snd_up - seq;
		return true;
	}
	if (xtcp_seq_after(seq + 0xffff, snd_nxt)) {
		*urg_ptr = 0xffff;
		return true;
	}
	return false;
}

XTCP_KUNIT_EXPORT(xtcp_urg_hdr);

/**
 * xtcp_urg_snd_mark() - a write with MSG_OOB ended (tcp_mark_urg())
 * @u: the socket's urgent state
 * @write_seq: the sequence number after the write's last octet
 * @snd_una: SND.UNA
 *
 * SND.UP moves to @write_seq, past the write's last octet; urgent mode
 * lasts until the peer acknowledges it.
 */
void xtcp_urg_snd_mark(struct xtcp_urg *u, u32 write_seq, u32 snd_una)
{
	u->snd_up = write_seq;
	u->snd_mode = write_seq != snd_una;
}

XTCP_KUNIT_EXPORT(xtcp_urg_snd_mark);

/**
 * xtcp_urg_snd_acked() - SND.UNA moved
 * @u: the socket's urgent state
 * @prior_una: SND.UNA before the ACK
 * @snd_una: SND.UNA after it
 *
 * As tcp_clean_rtx_queue(): urgent mode ends once SND.UP is acknowledged.
 */
void xtcp_urg_snd_acked(struct xtcp_urg *u, u32 prior_una, u32 snd_una)
{
	if (u->snd_mode && snd_una - prior_una >= u->snd_up - prior_una)
		u->snd_mode = false;
}

XTCP_KUNIT_EXPORT(xtcp_urg_snd_acked);

/**
 * xtcp_urg_check() - an arriving segment carries URG (tcp_check_urg())
 * @u: the socket's urgent state
 * @ptr: the urgent octet it names (xtcp_urg_ptr_seq())
 * @copied_seq: the next octet the application reads
 * @rcv_nxt: RCV.NXT before the segment's data
 * @oobinline: SO_OOBINLINE is set
 *
 * A pointer at data already read or received is not replayed, nor one at
 * or before the current mark; a newer one replaces the mark and waits for
 * its octet. If the old urgent octet is the next to read and is out of
 * line, it leaves the stream now: a read would otherwise return it as
 * data (Linux's comment: only the last mark counts).
 *
 * Return: the verdict; the mark is updated for the two "new" ones.
 */
enum xtcp_urg_verdict xtcp_urg_check(struct xtcp_urg *u, u32 ptr,
				     u32 copied_seq, u32 rcv_nxt,
				     bool oobinline)
{
	enum xtcp_urg_verdict v = XTCP_URG_NEW;

	if (xtcp_seq_after(copied_seq, ptr) || xtcp_seq_before(ptr, rcv_nxt))
		return XTCP_URG_IGNORE;
	if (u->rcv_data && !xtcp_seq_after(ptr, u->rcv_seq))
		return XTCP_URG_IGNORE;
	if (u->rcv_data && u->rcv_seq == copied_seq && !oobinline &&
	    copied_seq != rcv_nxt)
		v = XTCP_URG_NEW_SKIP;
	WRITE_ONCE(u->rcv_data, XTCP_URG_NOTYET);
	WRITE_ONCE(u->rcv_seq, ptr);
	return v;
}

XTCP_KUNIT_EXPORT(xtcp_urg_check);

/**
 * xtcp_urg_in_seg() - does an arriving segment hold the awaited octet?
 * @u: the socket's urgent state
 * @seq: the segment's sequence number
 * @syn: it carries SYN (its data start at @seq + 1)
 * @len: its payload's length
 * @off: set to the octet's offset in the payload
 *
 * Return: true if the mark waits for its octet (XTCP_URG_NOTYET) and it
 * is in this segment, in order or not (tcp_urg()).
 */
bool xtcp_urg_in_seg(const struct xtcp_urg *u, u32 seq, bool syn, u32 len,
		     u32 *off)
{
	if (u->rcv_data != XTCP_URG_NOTYET)
		return false;
	*off = u->rcv_seq - seq - syn;
	return *off < len;
}

XTCP_KUNIT_EXPORT(xtcp_urg_in_seg);

/**
 * xtcp_urg_read_len() - how much a read copies before the mark
 * @u: the socket's urgent state
 * @seq: the sequence number of the first octet to copy
 * @len: octets it would copy
 *
 * Return: @len, or the octets before the mark if it is among them but not
 * the first (tcp_recvmsg_locked() stops there).
 */
u32 xtcp_urg_read_len(const struct xtcp_urg *u, u32 seq, u32 len)
{
	u32 off = u->rcv_seq - seq;

	return u->rcv_data && off && off < len ? off : len;
}

XTCP_KUNIT_EXPORT(xtcp_urg_read_len);

/**
 * xtcp_urg_read_past() - the reader moved on
 * @u: the socket's urgent state
 * @copied_seq: the next octet to read
 *
 * The mark is forgotten once the reader is past it.
 */
void xtcp_urg_read_past(struct xtcp_urg *u, u32 copied_seq)
{
	if (u->rcv_data && xtcp_seq_after(copied_seq, u->rcv_seq))
		WRITE_ONCE(u->rcv_data, 0);
}

XTCP_KUNIT_EXPORT(xtcp_urg_read_past);

/**
 * xtcp_urg_inq() - the octets SIOCINQ reports (tcp_inq())
 * @u: the socket's urgent state
 * @copied_seq: the next octet to read
 * @rcv_nxt: RCV.NXT
 * @queued: the octets in the receive queue
 * @oobinline: SO_OOBINLINE is set
 *
 * Return: @queued, or, with the mark ahead among them and its octet out
 * of line, the octets before it.
 */
u32 xtcp_urg_inq(const struct xtcp_urg *u, u32 copied_seq, u32 rcv_nxt,
		 u32 queued, bool oobinline)
{
	if (oobinline || !u->rcv_data ||
	    xtcp_seq_before(u->rcv_seq, copied_seq) ||
	    !xtcp_seq_before(u->rcv_seq, rcv_nxt))
		return queued;
	return u->rcv_seq - copied_seq;
}

XTCP_KUNIT_EXPORT(xtcp_urg_inq);

/**
 * xtcp_urg_copied_seq() - the sequence number of the next octet to read
 * @sk: the socket
 * @rcv_nxt: RCV.NXT with the receive queue as it is
 *
 * Linux's copied_seq: what the receive queue holds ends at @rcv_nxt, less
 * the peer's FIN once it came.
 *
 * Return: the number.
 */
u32 xtcp_urg_copied_seq(const struct sock *sk, u32 rcv_nxt)
{
	return rcv_nxt - READ_ONCE(xtcp_sk(sk)->rcv_queued) -
	       sock_flag(sk, SOCK_DONE);
}

/**
 * xtcp_urg_sent() - a write queued data (tcp_push()'s tcp_mark_urg())
 * @sk: the socket, locked
 * @flags: the write's flags: with MSG_OOB its last octet is urgent
 */
void xtcp_urg_sent(struct sock *sk, int flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (flags & MSG_OOB)
		xtcp_urg_snd_mark(&xs->urg, xs->write_seq, xs->tcb.snd_una);
}

/**
 * xtcp_urg_fill() - URG and the urgent pointer on a segment to send
 * @sk: the socket, locked
 * @seg: the header
 */
void xtcp_urg_fill(const struct sock *sk, struct xtcp_seg *seg)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u16 ptr;

	if (unlikely(xs->urg.snd_mode) &&
	    xtcp_urg_hdr(&xs->urg, seg->seq, xs->tcb.snd_nxt, &ptr)) {
		seg->flags |= XTCP_URG;
		seg->urg_ptr = ptr;
	}
}

/**
 * xtcp_urg_probe() - a zero-window probe goes in urgent mode
 * @sk: the socket, locked
 * @probe: the probe (SEG.SEQ = SND.UNA - 1), sent after this
 *
 * As tcp_write_wakeup(): while SND.UP is within 16 bits past SND.UNA, a
 * bare ACK at SND.UNA goes first, to carry the urgent pointer.
 */
void xtcp_urg_probe(struct sock *sk, const struct xtcp_seg *probe)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u32 una = xs->tcb.snd_una;
	struct xtcp_seg seg;

	if (!xs->urg.snd_mode ||
	    !xtcp_seq_between(xs->urg.snd_up, una + 1, una + 0x10000))
		return;
	seg = *probe;
	seg.seq = una;
	xtcp_output_seg(sk, &seg);
}

/**
 * xtcp_urg_skip() - the urgent octet leaves the stream
 * @sk: the socket, locked
 * @skb: the head of the receive queue, whose next octet it is
 *
 * Frees @skb if that was its last octet.
 */
void xtcp_urg_skip(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	XTCP_SKB_CB(skb)->offset++;
	WRITE_ONCE(xs->rcv_queued, xs->rcv_queued - 1);
	if (XTCP_SKB_CB(skb)->offset == skb->len) {
		__skb_unlink(skb, &sk->sk_receive_queue);
		kfree_skb(skb);
	}
}

/* A segment carries URG: perhaps a new mark (tcp_check_urg()). */
static void check(struct sock *sk, const struct xtcp_seg *seg, u32 rcv_nxt)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *head;

	switch (xtcp_urg_check(&xs->urg,
			       xtcp_urg_ptr_seq(seg->seq, seg->urg_ptr),
			       xtcp_urg_copied_seq(sk, rcv_nxt), rcv_nxt,
			       sock_flag(sk, SOCK_URGINLINE))) {
	case XTCP_URG_IGNORE:
		return;
	case XTCP_URG_NEW_SKIP:
		head = skb_peek(&sk->sk_receive_queue);
		if (head)
			xtcp_urg_skip(sk, head);
		break;
	case XTCP_URG_NEW:
		break;
	}
	sk_send_sigurg(sk);
}

/**
 * xtcp_urg_rcv() - step six of a segment's arrival (tcp_urg())
 * @sk: the socket, locked
 * @skb: the segment, its header at skb->data
 * @actions: the state machine's XTCP_ACT_* bits for it
 * @prior_una: SND.UNA before the segment
 * @prior_rcv_nxt: RCV.NXT before the segment, its data not yet queued
 *
 * Called after the state machine took the segment and before its data
 * join the receive queue: its ACK may end urgent mode; if it reached step
 * six (XTCP_ACT_URG), its URG bit may set a new mark, and it may hold the
 * octet a mark waits for, which is kept apart and wakes readers and
 * pollers (EPOLLPRI).
 */
void xtcp_urg_rcv(struct sock *sk, struct sk_buff *skb, u32 actions,
		  u32 prior_una, u32 prior_rcv_nxt)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 off;
	u8 c;

	xtcp_urg_snd_acked(&xs->urg, prior_una, xs->tcb.snd_una);
	if (!(actions & XTCP_ACT_URG))
		return;
	if (unlikely(seg->flags & XTCP_URG))
		check(sk, seg, prior_rcv_nxt);
	if (likely(!xtcp_urg_in_seg(&xs->urg, seg->seq, seg->flags & XTCP_SYN,
				    seg->payload_len, &off)) ||
	    skb_copy_bits(skb, seg->doff * 4 + off, &c, 1))
		return;
	WRITE_ONCE(xs->urg.rcv_data, XTCP_URG_VALID | c);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
}

/**
 * xtcp_urg_recvmsg() - recv(MSG_OOB) (tcp_recv_urg())
 * @sk: the socket, locked
 * @msg: where the octet goes
 * @len: octets asked for
 * @flags: MSG_PEEK leaves the octet to read again; MSG_TRUNC does not
 *	copy it
 *
 * Never waits, whatever the socket's blocking mode.
 *
 * Return: 1 (the urgent octet, with MSG_OOB in msg_flags), 0 for a @len
 * of 0 (MSG_TRUNC) or after the peer's FIN, -EINVAL with no mark, the
 * octet read already or SO_OOBINLINE, -ENOTCONN on a socket that was
 * never connected or was reset, -EAGAIN while the octet has not come.
 */
int xtcp_urg_recvmsg(struct sock *sk, struct msghdr *msg, int len, int flags)
{
	struct xtcp_urg *u = &xtcp_sk(sk)->urg;
	char c = u->rcv_data;

	if (sock_flag(sk, SOCK_URGINLINE) || !u->rcv_data ||
	    u->rcv_data == XTCP_URG_READ)
		return -EINVAL;
	if (sk->sk_state == TCP_CLOSE && !sock_flag(sk, SOCK_DONE))
		return -ENOTCONN;
	if (u->rcv_data & XTCP_URG_VALID) {
		if (!(flags & MSG_PEEK))
			WRITE_ONCE(u->rcv_data, XTCP_URG_READ);
		msg->msg_flags |= MSG_OOB;
		if (len <= 0) {
			msg->msg_flags |= MSG_TRUNC;
			return 0;
		}
		if (!(flags & MSG_TRUNC) && memcpy_to_msg(msg, &c, 1))
			return -EFAULT;
		return 1;
	}
	if (sk->sk_state == TCP_CLOSE || (sk->sk_shutdown & RCV_SHUTDOWN))
		return 0;
	return -EAGAIN;
}

/**
 * xtcp_urg_atmark() - SIOCATMARK
 * @sk: the socket, locked
 *
 * Return: 1 if the next octet to read is the urgent one, else 0.
 */
int xtcp_urg_atmark(struct sock *sk)
{
	return xtcp_urg_at_mark(&xtcp_sk(sk)->urg,
				xtcp_urg_copied_seq(sk, xtcp_sk(sk)->tcb.rcv_nxt));
}

/**
 * xtcp_urg_siocinq() - SIOCINQ (FIONREAD)
 * @sk: the socket, locked
 *
 * Return: the octets to read, up to the mark (xtcp_urg_inq()).
 */
int xtcp_urg_siocinq(struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	return xtcp_urg_inq(&xs->urg,
			    xtcp_urg_copied_seq(sk, xs->tcb.rcv_nxt),
			    xs->tcb.rcv_nxt, xs->rcv_queued,
			    sock_flag(sk, SOCK_URGINLINE));
}

/**
 * xtcp_urg_poll() - what urgent data adds to poll's answer (tcp_poll())
 * @sk: the socket, not locked
 * @hold: set to the octets of the receive queue that do not make it
 *	readable: 1 at the mark with the urgent octet out of line, else 0
 *
 * Return: EPOLLPRI while the urgent octet is there to read, else 0.
 */
__poll_t xtcp_urg_poll(const struct sock *sk, u32 *hold)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u16 data = READ_ONCE(xs->urg.rcv_data);

	*hold = 0;
	if (likely(!data))
		return 0;
	if (!sock_flag(sk, SOCK_URGINLINE) &&
	    xtcp_urg_at_mark(&xs->urg,
			     xtcp_urg_copied_seq(sk,
						 READ_ONCE(xs->tcb.rcv_nxt))))
		*hold = 1;
	return (data & XTCP_URG_VALID) ? EPOLLPRI : 0;
}

/**
 * xtcp_urg_reset() - forget urgent data both ways (tcp_disconnect())
 * @sk: the socket, locked
 */
void xtcp_urg_reset(struct sock *sk)
{
	memset(&xtcp_sk(sk)->urg, 0, sizeof(xtcp_sk(sk)->urg));
}
