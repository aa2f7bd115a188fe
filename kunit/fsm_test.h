/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two KUnit files of the state machine share: fsm_test.c (the
 * application calls, timers and bookkeeping, module/fsm.c) and
 * fsm_rcv_test.c (segment arrival, module/fsm_rcv.c). Both drive TCBs with
 * events and synthetic segments and check the state reached, the segment
 * the state machine asks to send (flags, seq, ack) and the actions and
 * error.
 *
 * Where two TCBs talk ("a pair"), the segment one emits is handed to the
 * other as it is, so the handshakes are the state machine talking to
 * itself. The client has port CPORT and ISS CISS, the server port SPORT and
 * ISS SISS.
 *
 * Checks are assertions: a case stops at its first failure (6.1 keeps 512
 * bytes of log per case; see wire_test.c).
 */
#ifndef _XTCP_KUNIT_FSM_TEST_H
#define _XTCP_KUNIT_FSM_TEST_H

#include <kunit/test.h>

#include "../module/fsm.h"

#define CPORT	40000
#define SPORT	80
#define MSS	1460
#define CISS	1000
#define SISS	5000

/*
 * Checks are macros, not functions, so that a failure names the line of the
 * case, not of a helper.
 *
 * ASSERT_STATE(): the state a TCB is in, compared by name so a failure
 * reads "TIME-WAIT" against "FIN-WAIT-2".
 */
#define ASSERT_STATE(test, tcb, want)					\
	KUNIT_ASSERT_STREQ(test, xtcp_fsm_state_name((tcb)->state),	\
			   xtcp_fsm_state_name(want))

/* ASSERT_SENT(): the state machine asked to send this segment. */
#define ASSERT_SENT(test, out, want_flags, want_seq, want_ack) do {	\
	const struct xtcp_fsm_out *_out = (out);			\
	struct kunit *_test = (test);					\
									\
	KUNIT_ASSERT_TRUE(_test, _out->actions & XTCP_ACT_SEND);	\
	KUNIT_ASSERT_EQ(_test, _out->seg.flags, want_flags);		\
	KUNIT_ASSERT_EQ(_test, _out->seg.seq, want_seq);		\
	KUNIT_ASSERT_EQ(_test, _out->seg.ack, want_ack);		\
} while (0)

/* ASSERT_SILENT(): nothing to send. */
#define ASSERT_SILENT(test, out)					\
	KUNIT_ASSERT_FALSE(test, (out)->actions & XTCP_ACT_SEND)

/* Feed @tcb a segment from its peer (from CPORT if it has none yet). */
static inline void rcv(struct xtcp_tcb *tcb, u8 flags, u32 seq, u32 ack,
		       unsigned int len, struct xtcp_fsm_out *out)
{
	struct xtcp_seg seg = {
		.sport		= tcb->dport ? tcb->dport : CPORT,
		.dport		= tcb->sport,
		.flags		= flags,
		.seq		= seq,
		.ack		= ack,
		.window		= 65535,
		.payload_len	= len,
	};

	xtcp_fsm_rcv(tcb, &seg, SISS, out);
}

/* Hand the segment @from asked to send to @to. */
static inline void pass(struct kunit *test, struct xtcp_tcb *to,
			const struct xtcp_fsm_out *from,
			struct xtcp_fsm_out *out)
{
	struct xtcp_seg seg = from->seg;

	KUNIT_ASSERT_TRUE(test, from->actions & XTCP_ACT_SEND);
	KUNIT_ASSERT_EQ(test, seg.dport, to->sport);
	xtcp_fsm_rcv(to, &seg, SISS, out);
}

static inline void client(struct xtcp_tcb *tcb)
{
	xtcp_fsm_init(tcb, CPORT, SPORT, MSS);
}

/* A client in SYN-SENT; @out holds its SYN. */
static inline void syn_sent(struct kunit *test, struct xtcp_tcb *tcb, u32 iss,
			    struct xtcp_fsm_out *out)
{
	client(tcb);
	xtcp_fsm_connect(tcb, iss, out);
	ASSERT_STATE(test, tcb, TCP_SYN_SENT);
}

/* A listener's child in LISTEN, as the socket layer will make it. */
static inline void child(struct kunit *test, struct xtcp_tcb *tcb)
{
	struct xtcp_fsm_out out;

	xtcp_fsm_init(tcb, SPORT, 0, MSS);
	xtcp_fsm_listen(tcb, &out);
	ASSERT_STATE(test, tcb, TCP_LISTEN);
}

/* A child in SYN-RECEIVED after the client's SYN; @out holds the SYN,ACK. */
static inline void syn_recv(struct kunit *test, struct xtcp_tcb *tcb,
			    struct xtcp_fsm_out *out)
{
	child(test, tcb);
	rcv(tcb, XTCP_SYN, CISS, 0, 0, out);
	ASSERT_STATE(test, tcb, TCP_SYN_RECV);
}

/**
 * struct pair - two TCBs connected to each other
 * @c: the client, active opener
 * @s: the server, a listener's child
 */
struct pair {
	struct xtcp_tcb c;
	struct xtcp_tcb s;
};

/* The three-way handshake, each side answering what the other sent. */
static inline void make_pair_iss(struct kunit *test, struct pair *p, u32 ciss,
				 u32 siss)
{
	struct xtcp_fsm_out oc, os;
	struct xtcp_seg syn;

	syn_sent(test, &p->c, ciss, &oc);
	child(test, &p->s);
	syn = oc.seg;
	xtcp_fsm_rcv(&p->s, &syn, siss, &os);
	pass(test, &p->c, &os, &oc);
	pass(test, &p->s, &oc, &os);
	ASSERT_STATE(test, &p->c, TCP_ESTABLISHED);
	ASSERT_STATE(test, &p->s, TCP_ESTABLISHED);
}

static inline void make_pair(struct kunit *test, struct pair *p)
{
	make_pair_iss(test, p, CISS, SISS);
}

/* The client closes first; @oc holds its FIN. */
static inline void client_closes(struct kunit *test, struct pair *p,
				 struct xtcp_fsm_out *oc)
{
	make_pair(test, p);
	xtcp_fsm_close(&p->c, oc);
	ASSERT_STATE(test, &p->c, TCP_FIN_WAIT1);
}

/* Ordinary close: the client ends in TIME-WAIT, the server in CLOSED. */
static inline void client_time_wait(struct kunit *test, struct pair *p)
{
	struct xtcp_fsm_out oc, os;

	client_closes(test, p, &oc);
	pass(test, &p->s, &oc, &os);		/* FIN -> ACK */
	pass(test, &p->c, &os, &oc);		/* FIN-WAIT-2 */
	xtcp_fsm_close(&p->s, &os);		/* LAST-ACK */
	pass(test, &p->c, &os, &oc);		/* FIN -> ACK */
	ASSERT_STATE(test, &p->c, TCP_TIME_WAIT);
	pass(test, &p->s, &oc, &os);
	ASSERT_STATE(test, &p->s, TCP_CLOSE);
}

#endif /* _XTCP_KUNIT_FSM_TEST_H */
