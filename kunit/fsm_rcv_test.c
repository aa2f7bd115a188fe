// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for segment arrival in xtcp's state machine
 * (module/fsm_rcv.c, xtcp_fsm_rcv() and xtcp_fsm_rcv_no_tcb()): one case
 * per row of the RFC 793 checklist (T01-T28) that a segment drives, named
 * after it, plus the sequence and acknowledgment checks, RST and SYN
 * handling in synchronized states, data delivery, wraparound, and the
 * Window Scale negotiation on the SYNs. The rows the application calls and
 * timers drive are in fsm_test.c. The fixtures both share are in
 * fsm_test.h.
 */
#include <linux/errno.h>
#include <linux/module.h>

#include "../module/window.h"
#include "fsm_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

static void xtcp_fsm_t04_listen_syn_syn_recv(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_seg syn = {
		.sport = CPORT, .dport = SPORT, .flags = XTCP_SYN, .seq = CISS,
		.window = 1000, .has_mss = true, .mss = 1400,
	};
	struct xtcp_tcb tcb;

	child(test, &tcb);
	xtcp_fsm_rcv(&tcb, &syn, SISS, &out);
	ASSERT_STATE(test, &tcb, TCP_SYN_RECV);
	ASSERT_SENT(test, &out, XTCP_SYN | XTCP_ACK, SISS, CISS + 1);
	KUNIT_ASSERT_TRUE(test, out.seg.has_mss);
	KUNIT_ASSERT_EQ(test, out.seg.dport, CPORT);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_ARM);
	KUNIT_ASSERT_TRUE(test, tcb.passive);
	KUNIT_ASSERT_EQ(test, tcb.dport, CPORT);
	KUNIT_ASSERT_EQ(test, tcb.snd_mss, 1400);
	KUNIT_ASSERT_EQ(test, tcb.snd_wnd, 1000);
	KUNIT_ASSERT_EQ(test, tcb.irs, CISS);
}

static void xtcp_fsm_t06_syn_sent_syn_simultaneous_open(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_sent(test, &tcb, CISS, &out);
	rcv(&tcb, XTCP_SYN, SISS, 0, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_SYN_RECV);
	ASSERT_SENT(test, &out, XTCP_SYN | XTCP_ACK, CISS, SISS + 1);
	KUNIT_ASSERT_FALSE(test, tcb.passive);

	/* the peer's ACK of our SYN: connect() returns, no accept() */
	rcv(&tcb, XTCP_ACK, SISS + 1, CISS + 1, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_ESTABLISHED);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_CONNECTED);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_ACCEPT);
}

static void xtcp_fsm_t08_syn_sent_synack_established(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_sent(test, &tcb, CISS, &out);
	rcv(&tcb, XTCP_SYN | XTCP_ACK, SISS, CISS + 1, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_ESTABLISHED);
	ASSERT_SENT(test, &out, XTCP_ACK, CISS + 1, SISS + 1);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_CONNECTED);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_STOP);
	KUNIT_ASSERT_EQ(test, tcb.snd_una, CISS + 1);
	KUNIT_ASSERT_EQ(test, tcb.rcv_nxt, SISS + 1);
}

static void xtcp_fsm_t09_syn_recv_ack_established(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_recv(test, &tcb, &out);
	rcv(&tcb, XTCP_ACK, CISS + 1, SISS + 1, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_ESTABLISHED);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_ACCEPT);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_STOP);
}

/*
 * T11: the child goes away; its TCB goes to CLOSED, never LISTEN, which
 * sk_state would show and a listener lookup would take it for.
 */
static void xtcp_fsm_t11_syn_recv_rst_back_to_listen(struct kunit *test)
{
	unsigned long before, to_listen;
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_recv(test, &tcb, &out);
	before = xtcp_fsm_transitions(TCP_SYN_RECV, TCP_CLOSE);
	to_listen = xtcp_fsm_transitions(TCP_SYN_RECV, TCP_LISTEN);
	rcv(&tcb, XTCP_RST, CISS + 1, 0, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_CLOSE);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_TO_LISTEN);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_STOP);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_EQ(test, out.err, 0);
	KUNIT_ASSERT_EQ(test, xtcp_fsm_transitions(TCP_SYN_RECV, TCP_CLOSE),
			before + 1);
	KUNIT_ASSERT_EQ(test, xtcp_fsm_transitions(TCP_SYN_RECV, TCP_LISTEN),
			to_listen);
}

static void xtcp_fsm_t13_established_fin_close_wait(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	client_closes(test, &p, &oc);
	pass(test, &p.s, &oc, &os);
	ASSERT_STATE(test, &p.s, TCP_CLOSE_WAIT);
	ASSERT_SENT(test, &os, XTCP_ACK, SISS + 1, CISS + 2);
	KUNIT_ASSERT_TRUE(test, os.actions & XTCP_ACT_EOF);
	KUNIT_ASSERT_EQ(test, os.deliver_len, 0);
}

static void xtcp_fsm_t14_finwait1_ack_to_finwait2(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	client_closes(test, &p, &oc);
	pass(test, &p.s, &oc, &os);
	pass(test, &p.c, &os, &oc);
	ASSERT_STATE(test, &p.c, TCP_FIN_WAIT2);
	ASSERT_SILENT(test, &oc);
	KUNIT_ASSERT_TRUE(test, oc.actions & XTCP_ACT_RTX_STOP);
	KUNIT_ASSERT_EQ(test, p.c.snd_una, CISS + 2);
}

static void xtcp_fsm_t15_finwait1_fin_to_closing(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	client_closes(test, &p, &oc);
	xtcp_fsm_close(&p.s, &os);		/* FINs cross */
	pass(test, &p.c, &os, &oc);
	ASSERT_STATE(test, &p.c, TCP_CLOSING);
	ASSERT_SENT(test, &oc, XTCP_ACK, CISS + 2, SISS + 2);
	KUNIT_ASSERT_TRUE(test, oc.actions & XTCP_ACT_EOF);
}

static void xtcp_fsm_t16_finwait1_finack_to_timewait(struct kunit *test)
{
	unsigned long to_tw, to_fw2;
	struct xtcp_fsm_out out;
	struct pair p;

	client_closes(test, &p, &out);
	to_tw = xtcp_fsm_transitions(TCP_FIN_WAIT1, TCP_TIME_WAIT);
	to_fw2 = xtcp_fsm_transitions(TCP_FIN_WAIT1, TCP_FIN_WAIT2);
	rcv(&p.c, XTCP_FIN | XTCP_ACK, SISS + 1, CISS + 2, 0, &out);
	ASSERT_STATE(test, &p.c, TCP_TIME_WAIT);
	ASSERT_SENT(test, &out, XTCP_ACK, CISS + 2, SISS + 2);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_TW_ARM);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_STOP);
	/* one arrow of the diagram, not FIN-WAIT-2 on the way */
	KUNIT_ASSERT_EQ(test,
			xtcp_fsm_transitions(TCP_FIN_WAIT1, TCP_TIME_WAIT),
			to_tw + 1);
	KUNIT_ASSERT_EQ(test,
			xtcp_fsm_transitions(TCP_FIN_WAIT1, TCP_FIN_WAIT2),
			to_fw2);
}

static void xtcp_fsm_t17_finwait2_fin_to_timewait(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	client_closes(test, &p, &oc);
	pass(test, &p.s, &oc, &os);
	pass(test, &p.c, &os, &oc);
	ASSERT_STATE(test, &p.c, TCP_FIN_WAIT2);
	xtcp_fsm_close(&p.s, &os);
	pass(test, &p.c, &os, &oc);
	ASSERT_STATE(test, &p.c, TCP_TIME_WAIT);
	ASSERT_SENT(test, &oc, XTCP_ACK, CISS + 2, SISS + 2);
	KUNIT_ASSERT_TRUE(test, oc.actions & XTCP_ACT_TW_ARM);
	KUNIT_ASSERT_TRUE(test, oc.actions & XTCP_ACT_EOF);
}

static void xtcp_fsm_t18_closing_ack_to_timewait(struct kunit *test)
{
	struct xtcp_fsm_out oc, os, ack;
	struct pair p;

	client_closes(test, &p, &oc);
	xtcp_fsm_close(&p.s, &os);
	pass(test, &p.c, &os, &ack);		/* c: CLOSING */
	pass(test, &p.s, &oc, &os);		/* s: CLOSING */
	ASSERT_STATE(test, &p.s, TCP_CLOSING);
	pass(test, &p.c, &os, &oc);
	ASSERT_STATE(test, &p.c, TCP_TIME_WAIT);
	ASSERT_SILENT(test, &oc);
	KUNIT_ASSERT_TRUE(test, oc.actions & XTCP_ACT_TW_ARM);
	KUNIT_ASSERT_TRUE(test, oc.actions & XTCP_ACT_RTX_STOP);
}

static void xtcp_fsm_t20_lastack_ack_closed(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	client_closes(test, &p, &oc);
	pass(test, &p.s, &oc, &os);
	xtcp_fsm_close(&p.s, &os);
	rcv(&p.s, XTCP_ACK, CISS + 2, SISS + 2, 0, &os);
	ASSERT_STATE(test, &p.s, TCP_CLOSE);
	ASSERT_SILENT(test, &os);
	KUNIT_ASSERT_TRUE(test, os.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_EQ(test, os.err, 0);
}

static void xtcp_fsm_t22_timewait_fin_again_ack_restart(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	client_time_wait(test, &p);
	rcv(&p.c, XTCP_FIN | XTCP_ACK, SISS + 1, CISS + 2, 0, &out);
	ASSERT_STATE(test, &p.c, TCP_TIME_WAIT);
	ASSERT_SENT(test, &out, XTCP_ACK, CISS + 2, SISS + 2);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_TW_ARM);
	/* the ACK of a FIN is not rate-limited */
	KUNIT_ASSERT_FALSE(test, out.actions & (XTCP_ACT_ACK_INVALID |
						XTCP_ACT_ACK_CHALLENGE));
}

static void xtcp_fsm_t23_timewait_new_syn_refused(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	client_time_wait(test, &p);
	/* a new incarnation's SYN, even with a higher sequence number */
	rcv(&p.c, XTCP_SYN, SISS + 100000, 0, 0, &out);
	ASSERT_STATE(test, &p.c, TCP_TIME_WAIT);
	ASSERT_SENT(test, &out, XTCP_ACK, CISS + 2, SISS + 2);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_TW_ARM);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_ACK_INVALID);
}

static void xtcp_fsm_t24_established_rst_econnreset(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	rcv(&p.s, XTCP_RST, CISS + 1, 0, 0, &out);
	ASSERT_STATE(test, &p.s, TCP_CLOSE);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_EQ(test, out.err, -ECONNRESET);

	xtcp_fsm_send(&p.s, 0, 10, &out);
	KUNIT_ASSERT_EQ(test, out.err, -EPIPE);
	ASSERT_SILENT(test, &out);
}

/* T24 in CLOSE-WAIT: the reset reads as EPIPE, as on Linux */
static void xtcp_fsm_t24_close_wait_rst_epipe(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	rcv(&p.s, XTCP_FIN | XTCP_ACK, CISS + 1, SISS + 1, 0, &out);
	ASSERT_STATE(test, &p.s, TCP_CLOSE_WAIT);
	rcv(&p.s, XTCP_RST, CISS + 2, 0, 0, &out);
	ASSERT_STATE(test, &p.s, TCP_CLOSE);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_EQ(test, out.err, -EPIPE);
}

static void xtcp_fsm_t25_syn_sent_rst_econnrefused(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_sent(test, &tcb, CISS, &out);
	/* RFC 5961: a RST that does not acknowledge our SYN is ignored */
	rcv(&tcb, XTCP_RST, 0, 0, 0, &out);
	rcv(&tcb, XTCP_RST | XTCP_ACK, 0, CISS + 7, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_SYN_SENT);
	ASSERT_SILENT(test, &out);

	rcv(&tcb, XTCP_RST | XTCP_ACK, 0, CISS + 1, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_CLOSE);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_EQ(test, out.err, -ECONNREFUSED);
}

static void xtcp_fsm_t26_no_listener_syn_rst(struct kunit *test)
{
	struct xtcp_seg seg = {
		.sport = CPORT, .dport = SPORT, .flags = XTCP_SYN, .seq = CISS,
	};
	struct xtcp_fsm_out out;

	xtcp_fsm_rcv_no_tcb(&seg, &out);
	ASSERT_SENT(test, &out, XTCP_RST | XTCP_ACK, 0, CISS + 1);
	KUNIT_ASSERT_EQ(test, out.seg.sport, SPORT);
	KUNIT_ASSERT_EQ(test, out.seg.dport, CPORT);

	/* with an ACK: <SEQ=SEG.ACK><CTL=RST> */
	seg.flags = XTCP_ACK;
	seg.ack = 777;
	xtcp_fsm_rcv_no_tcb(&seg, &out);
	ASSERT_SENT(test, &out, XTCP_RST, 777, 0);

	/* never a reset for a reset */
	seg.flags = XTCP_RST;
	xtcp_fsm_rcv_no_tcb(&seg, &out);
	ASSERT_SILENT(test, &out);
}

/*
 * Both ends connect() at once (RFC 793 figure 8). Each SYN,ACK repeats a
 * SYN the other end already has, so it is answered with a plain ACK, and
 * that ACK establishes the connection on both ends.
 */
static void xtcp_fsm_simultaneous_open_pair(struct kunit *test)
{
	struct xtcp_fsm_out *syn_a, *syn_b, *synack_a, *synack_b;
	struct xtcp_fsm_out *ack_a, *ack_b, *oa, *ob, *out;
	struct xtcp_tcb *a, *b;

	/* on the heap: eight outputs and two TCBs overflow a KASAN frame */
	a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	out = kunit_kcalloc(test, 8, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, out);
	syn_a = &out[0];
	syn_b = &out[1];
	synack_a = &out[2];
	synack_b = &out[3];
	ack_a = &out[4];
	ack_b = &out[5];
	oa = &out[6];
	ob = &out[7];
	syn_sent(test, a, CISS, syn_a);
	xtcp_fsm_init(b, SPORT, CPORT, MSS);
	xtcp_fsm_connect(b, SISS, syn_b);
	pass(test, b, syn_a, synack_b);	/* SYNs cross */
	pass(test, a, syn_b, synack_a);
	ASSERT_STATE(test, a, TCP_SYN_RECV);
	ASSERT_STATE(test, b, TCP_SYN_RECV);

	pass(test, a, synack_b, ack_a);	/* SYN,ACKs cross */
	pass(test, b, synack_a, ack_b);
	ASSERT_STATE(test, a, TCP_SYN_RECV);
	ASSERT_SENT(test, ack_a, XTCP_ACK, CISS + 1, SISS + 1);
	ASSERT_SENT(test, ack_b, XTCP_ACK, SISS + 1, CISS + 1);

	pass(test, a, ack_b, oa);		/* ACKs cross */
	pass(test, b, ack_a, ob);
	ASSERT_STATE(test, a, TCP_ESTABLISHED);
	ASSERT_STATE(test, b, TCP_ESTABLISHED);
	KUNIT_ASSERT_TRUE(test, oa->actions & XTCP_ACT_CONNECTED);
	KUNIT_ASSERT_TRUE(test, ob->actions & XTCP_ACT_CONNECTED);
}

static void xtcp_fsm_syn_recv_syn_again_synack(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_recv(test, &tcb, &out);
	rcv(&tcb, XTCP_SYN, CISS, 0, 0, &out);	/* our SYN,ACK was lost */
	ASSERT_STATE(test, &tcb, TCP_SYN_RECV);
	ASSERT_SENT(test, &out, XTCP_SYN | XTCP_ACK, SISS, CISS + 1);
}

static void xtcp_fsm_syn_recv_bad_ack_rst(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_recv(test, &tcb, &out);
	rcv(&tcb, XTCP_ACK, CISS + 1, SISS + 9, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_SYN_RECV);
	ASSERT_SENT(test, &out, XTCP_RST, SISS + 9, 0);
}

static void xtcp_fsm_listen_ack_rst(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	child(test, &tcb);
	rcv(&tcb, XTCP_ACK, CISS, 777, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_LISTEN);
	ASSERT_SENT(test, &out, XTCP_RST, 777, 0);
}

static void xtcp_fsm_established_unacceptable_ack(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	/* past the 65535-octet window */
	rcv(&p.s, XTCP_ACK, CISS + 1 + 70000, SISS + 1, 10, &out);
	ASSERT_STATE(test, &p.s, TCP_ESTABLISHED);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 1);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_ACK_INVALID);
	KUNIT_ASSERT_EQ(test, out.deliver_len, 0);
	KUNIT_ASSERT_EQ(test, p.s.rcv_nxt, CISS + 1);

	/* an old duplicate, before RCV.NXT */
	rcv(&p.s, XTCP_ACK, CISS - 20, SISS + 1, 10, &out);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 1);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_ACK_INVALID);
	KUNIT_ASSERT_EQ(test, out.deliver_len, 0);

	/* a SYN out of the window: a challenge ACK (RFC 5961 4.2) */
	rcv(&p.s, XTCP_SYN, CISS + 1 + 70000, 0, 0, &out);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 1);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_ACK_CHALLENGE);
}

static void xtcp_fsm_established_rst_out_of_window(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	rcv(&p.s, XTCP_RST, CISS + 1 + 70000, 0, 0, &out);
	ASSERT_STATE(test, &p.s, TCP_ESTABLISHED);
	KUNIT_ASSERT_EQ(test, out.actions, 0);
	KUNIT_ASSERT_EQ(test, out.err, 0);
}

static void xtcp_fsm_established_rst_in_window_challenge(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	rcv(&p.s, XTCP_RST, CISS + 100, 0, 0, &out);	/* not RCV.NXT */
	ASSERT_STATE(test, &p.s, TCP_ESTABLISHED);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 1);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_ACK_CHALLENGE);
	KUNIT_ASSERT_EQ(test, out.err, 0);
}

static void xtcp_fsm_established_syn_challenge_ack(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	rcv(&p.s, XTCP_SYN, CISS + 50, 0, 0, &out);	/* in the window */
	ASSERT_STATE(test, &p.s, TCP_ESTABLISHED);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 1);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_ACK_CHALLENGE);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_EQ(test, out.err, 0);
}

static void xtcp_fsm_timewait_rst_ignored(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	client_time_wait(test, &p);
	rcv(&p.c, XTCP_RST, SISS + 2, 0, 0, &out);	/* RFC 1337 */
	ASSERT_STATE(test, &p.c, TCP_TIME_WAIT);
	KUNIT_ASSERT_EQ(test, out.actions, 0);
}

/*
 * A bare ACK at RCV.NXT in TIME-WAIT gets no answer (the other end may be
 * in TIME-WAIT too: ACKs would go back and forth for 2MSL); anything else
 * gets an ACK the caller rate-limits.
 */
static void xtcp_fsm_timewait_no_ack_loop(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	client_time_wait(test, &p);
	rcv(&p.c, XTCP_ACK, SISS + 2, CISS + 2, 0, &out);
	ASSERT_STATE(test, &p.c, TCP_TIME_WAIT);
	KUNIT_ASSERT_EQ(test, out.actions, 0);

	rcv(&p.c, XTCP_ACK, SISS + 5000, CISS + 2, 0, &out);
	ASSERT_SENT(test, &out, XTCP_ACK, CISS + 2, SISS + 2);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_ACK_INVALID);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_TW_ARM);
}

/* RFC 5961 5.2: SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT */
static void xtcp_fsm_ack_in_range_bounds(struct kunit *test)
{
	struct xtcp_tcb tcb = {
		.snd_una = 100000, .snd_nxt = 101000,
		.max_snd_wnd = 65535, .bytes_acked = 1ULL << 40,
	};

	/* below the window, inside it, above SND.NXT */
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 100000 - 65536));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 100000 - 65535));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 100000));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 101000));
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 101001));
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 100000 + (1U << 31)));
	/* never below what the peer has acknowledged: octets never sent */
	tcb.bytes_acked = 10;
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 100000 - 11));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 100000 - 10));
	tcb.bytes_acked = 0;
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 100000 - 1));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 100000));
}

static void xtcp_fsm_ack_in_range_wrap(struct kunit *test)
{
	/* more than 4 GiB acknowledged: the window still counts */
	struct xtcp_tcb tcb = {
		.snd_una = 0x10, .snd_nxt = 0x20,
		.max_snd_wnd = 0x100, .bytes_acked = 1ULL << 33,
	};

	/* SND.UNA - MAX.SND.WND wraps below 0 */
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 0xffffff0f));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 0xffffff10));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 0));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 0x20));
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 0x21));

	/* SND.NXT past 2^32 */
	tcb.snd_una = 0xfffffff0;
	tcb.snd_nxt = 0x10;
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 0xfffffeef));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 0xfffffef0));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_in_range(&tcb, 0x10));
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_in_range(&tcb, 0x11));
}

/*
 * RFC 5961 5 (blind data injection): data at RCV.NXT whose ACK is out of
 * range is not taken, and draws a challenge ACK; an old ACK within range
 * is fine.
 */
static void xtcp_fsm_blind_data_injection(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	make_pair(test, &p);
	/* each end's SYN counts, as in Linux's tcp_sock.bytes_acked */
	KUNIT_ASSERT_EQ(test, p.c.bytes_acked, 1);
	KUNIT_ASSERT_EQ(test, p.s.bytes_acked, 1);
	xtcp_fsm_send(&p.s, 0, 1000, &os);
	pass(test, &p.c, &os, &oc);
	pass(test, &p.s, &oc, &os);
	KUNIT_ASSERT_EQ(test, p.s.snd_una, SISS + 1001);
	KUNIT_ASSERT_EQ(test, p.s.bytes_acked, 1001);
	KUNIT_ASSERT_GE(test, p.s.max_snd_wnd, 1000);

	/*
	 * below SND.UNA - min(MAX.SND.WND, octets acknowledged): 1001 back
	 * from SND.UNA is ISS, an ACK of nothing but Linux takes it too
	 */
	rcv(&p.s, XTCP_ACK, CISS + 1, SISS - 1, 10, &os);
	ASSERT_SENT(test, &os, XTCP_ACK, SISS + 1001, CISS + 1);
	KUNIT_ASSERT_TRUE(test, os.actions & XTCP_ACT_ACK_CHALLENGE);
	KUNIT_ASSERT_EQ(test, os.deliver_len, 0);
	KUNIT_ASSERT_EQ(test, p.s.rcv_nxt, CISS + 1);

	/* above SND.NXT */
	rcv(&p.s, XTCP_ACK, CISS + 1, SISS + 1002, 10, &os);
	ASSERT_SENT(test, &os, XTCP_ACK, SISS + 1001, CISS + 1);
	KUNIT_ASSERT_TRUE(test, os.actions & XTCP_ACT_ACK_CHALLENGE);
	KUNIT_ASSERT_EQ(test, os.deliver_len, 0);
	KUNIT_ASSERT_EQ(test, p.s.snd_una, SISS + 1001);

	/* an old ACK inside the range: the data is taken */
	rcv(&p.s, XTCP_ACK, CISS + 1, SISS + 1, 10, &os);
	KUNIT_ASSERT_EQ(test, os.deliver_len, 10);
	KUNIT_ASSERT_FALSE(test, os.actions & XTCP_ACT_ACK_CHALLENGE);
	KUNIT_ASSERT_EQ(test, p.s.rcv_nxt, CISS + 11);
	KUNIT_ASSERT_EQ(test, p.s.snd_una, SISS + 1001);
}

static void xtcp_fsm_data_delivery(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	rcv(&p.s, XTCP_ACK | XTCP_PSH, CISS + 1, SISS + 1, 100, &out);
	KUNIT_ASSERT_EQ(test, out.deliver_off, 0);
	KUNIT_ASSERT_EQ(test, out.deliver_len, 100);
	KUNIT_ASSERT_EQ(test, p.s.rcv_nxt, CISS + 101);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 101);

	/* out of order: to the out-of-order queue, ACK of what we have */
	rcv(&p.s, XTCP_ACK, CISS + 201, SISS + 1, 50, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_OFO);
	KUNIT_ASSERT_EQ(test, out.deliver_off, 0);
	KUNIT_ASSERT_EQ(test, out.deliver_len, 50);
	KUNIT_ASSERT_EQ(test, p.s.rcv_nxt, CISS + 101);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 101);

	/* out of order across the window's right edge: cut there */
	rcv(&p.s, XTCP_ACK, CISS + 101 + 65535 - 35, SISS + 1, 100, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_OFO);
	KUNIT_ASSERT_EQ(test, out.deliver_len, 35);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 101);

	/* overlapping: only the new part */
	rcv(&p.s, XTCP_ACK, CISS + 51, SISS + 1, 100, &out);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_OFO);
	KUNIT_ASSERT_EQ(test, out.deliver_off, 50);
	KUNIT_ASSERT_EQ(test, out.deliver_len, 50);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 151);
	ASSERT_STATE(test, &p.s, TCP_ESTABLISHED);
}

/*
 * The FIN is taken only with all the data before it, so the socket layer
 * never cuts a segment whose FIN was taken (its pskb_trim() of nothing
 * cannot fail); when the window cuts the data, the FIN waits.
 */
static void xtcp_fsm_fin_taken_with_all_data(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	p.s.rcv_wnd = 60;
	rcv(&p.s, XTCP_ACK | XTCP_FIN, CISS + 1, SISS + 1, 100, &out);
	KUNIT_ASSERT_EQ(test, out.deliver_len, 60);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_EOF);
	KUNIT_ASSERT_EQ(test, p.s.rcv_nxt, CISS + 61);
	ASSERT_SENT(test, &out, XTCP_ACK, SISS + 1, CISS + 61);
	ASSERT_STATE(test, &p.s, TCP_ESTABLISHED);

	p.s.rcv_wnd = 65535;
	rcv(&p.s, XTCP_ACK | XTCP_FIN, CISS + 1, SISS + 1, 100, &out);
	KUNIT_ASSERT_EQ(test, out.deliver_off, 60);
	KUNIT_ASSERT_EQ(test, out.deliver_off + out.deliver_len, 100);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_EOF);
	KUNIT_ASSERT_EQ(test, p.s.rcv_nxt, CISS + 102);
	ASSERT_STATE(test, &p.s, TCP_CLOSE_WAIT);
}

/* net.xtcp.tcp_min_snd_mss: a peer's tiny MSS is raised to the floor. */
static void xtcp_fsm_peer_mss_floor(struct kunit *test)
{
	struct xtcp_seg syn = {
		.sport = CPORT, .dport = SPORT, .flags = XTCP_SYN, .seq = CISS,
		.window = 1000, .has_mss = true, .mss = 1,
	};
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	KUNIT_ASSERT_EQ(test, xtcp_fsm_peer_mss(&syn, 48), 48);
	syn.mss = 47;
	KUNIT_ASSERT_EQ(test, xtcp_fsm_peer_mss(&syn, 48), 48);
	syn.mss = 49;
	KUNIT_ASSERT_EQ(test, xtcp_fsm_peer_mss(&syn, 48), 49);
	syn.mss = 0;
	KUNIT_ASSERT_EQ(test, xtcp_fsm_peer_mss(&syn, 48), XTCP_MSS_DEFAULT);
	syn.has_mss = false;
	KUNIT_ASSERT_EQ(test, xtcp_fsm_peer_mss(&syn, 48), XTCP_MSS_DEFAULT);
	KUNIT_ASSERT_EQ(test, xtcp_fsm_peer_mss(&syn, 1000), 1000);

	/* a listener's child takes the default floor, a client its own */
	syn.has_mss = true;
	syn.mss = 1;
	child(test, &tcb);
	KUNIT_ASSERT_EQ(test, tcb.min_snd_mss, XTCP_MIN_SND_MSS);
	xtcp_fsm_rcv(&tcb, &syn, SISS, &out);
	ASSERT_STATE(test, &tcb, TCP_SYN_RECV);
	KUNIT_ASSERT_EQ(test, tcb.snd_mss, XTCP_MIN_SND_MSS);
	KUNIT_ASSERT_EQ(test, xtcp_fsm_send_mss(&tcb), XTCP_MIN_SND_MSS);

	syn_sent(test, &tcb, CISS, &out);
	tcb.min_snd_mss = 100;
	syn.sport = SPORT;
	syn.dport = CPORT;
	syn.flags = XTCP_SYN | XTCP_ACK;
	syn.seq = SISS;
	syn.ack = CISS + 1;
	xtcp_fsm_rcv(&tcb, &syn, 0, &out);
	ASSERT_STATE(test, &tcb, TCP_ESTABLISHED);
	KUNIT_ASSERT_EQ(test, tcb.snd_mss, 100);
}

static void xtcp_fsm_seq_wrap_handshake(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	/* both SYNs take the last numbers before 2^32 */
	make_pair_iss(test, &p, 0xffffffff, 0xfffffffe);
	KUNIT_ASSERT_EQ(test, p.c.snd_nxt, 0);
	KUNIT_ASSERT_EQ(test, p.s.rcv_nxt, 0);
	KUNIT_ASSERT_EQ(test, p.s.snd_nxt, 0xffffffff);
	KUNIT_ASSERT_EQ(test, p.c.rcv_nxt, 0xffffffff);

	xtcp_fsm_send(&p.c, 0, 10, &oc);
	pass(test, &p.s, &oc, &os);
	KUNIT_ASSERT_EQ(test, os.deliver_len, 10);
	ASSERT_SENT(test, &os, XTCP_ACK, 0xffffffff, 10);

	xtcp_fsm_close(&p.s, &os);		/* FIN at 2^32 - 1 */
	ASSERT_SENT(test, &os, XTCP_FIN | XTCP_ACK, 0xffffffff, 10);
	pass(test, &p.c, &os, &oc);
	ASSERT_STATE(test, &p.c, TCP_CLOSE_WAIT);
	ASSERT_SENT(test, &oc, XTCP_ACK, 10, 0);
	pass(test, &p.s, &oc, &os);
	ASSERT_STATE(test, &p.s, TCP_FIN_WAIT2);
}

static void xtcp_fsm_seg_acceptable_four_cases(struct kunit *test)
{
	struct xtcp_seg seg = { .seq = 1000 };
	struct xtcp_tcb tcb = { .rcv_nxt = 1000, .rcv_wnd = 0 };

	/* length 0, window 0: SEG.SEQ = RCV.NXT */
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));
	seg.seq = 1001;
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));

	/* length > 0, window 0: never */
	seg.seq = 1000;
	seg.payload_len = 1;
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));

	/* length 0, window 100: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND */
	tcb.rcv_wnd = 100;
	seg.payload_len = 0;
	seg.seq = 1099;
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));
	seg.seq = 1100;
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));
	seg.seq = 999;
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));

	/* length > 0, window 100: first or last octet in the window */
	seg.seq = 990;
	seg.payload_len = 20;
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));
	seg.payload_len = 10;			/* 990..999 */
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));
	seg.seq = 999;
	seg.payload_len = 0;
	seg.flags = XTCP_FIN;			/* SEG.LEN 1 */
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_seg_acceptable(&tcb, &seg));
}

static void xtcp_fsm_ack_acceptable_range(struct kunit *test)
{
	struct xtcp_tcb tcb = { .snd_una = 0xfffffff0, .snd_nxt = 0x10 };

	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_acceptable(&tcb, 0xfffffff0));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_acceptable(&tcb, 0xfffffff1));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_acceptable(&tcb, 0));
	KUNIT_ASSERT_TRUE(test, xtcp_fsm_ack_acceptable(&tcb, 0x10));
	KUNIT_ASSERT_FALSE(test, xtcp_fsm_ack_acceptable(&tcb, 0x11));
}

/* Window scaling (RFC 7323): the shifts the SYNs agree on, SND.WND */

#define BIG_WND		1048576		/* 1 MiB: more than 65535 */

/*
 * The handshake between a client offering shift @cws and a server with
 * shift @sws. The client's SYN loses its option if !@c_opt, the server's
 * SYN,ACK if !@s_opt (a peer without window scaling). Both offer BIG_WND.
 * @syn and @synack get the two SYNs as sent.
 */
static void make_pair_ws(struct kunit *test, struct pair *p, u8 cws, u8 sws,
			 bool c_opt, bool s_opt, struct xtcp_seg *syn,
			 struct xtcp_seg *synack)
{
	struct xtcp_fsm_out oc, os;

	client(&p->c);
	p->c.rcv_wscale = cws;
	p->c.rcv_wnd = BIG_WND;
	xtcp_fsm_connect(&p->c, CISS, &oc);
	*syn = oc.seg;
	child(test, &p->s);
	p->s.rcv_wscale = sws;
	p->s.rcv_wnd = BIG_WND;
	oc.seg.has_wscale = c_opt;
	pass(test, &p->s, &oc, &os);
	ASSERT_STATE(test, &p->s, TCP_SYN_RECV);
	*synack = os.seg;
	if (!s_opt)
		os.seg.has_wscale = false;
	pass(test, &p->c, &os, &oc);
	pass(test, &p->s, &oc, &os);
	ASSERT_STATE(test, &p->c, TCP_ESTABLISHED);
	ASSERT_STATE(test, &p->s, TCP_ESTABLISHED);
}

static void xtcp_fsm_wscale_negotiated(struct kunit *test)
{
	struct xtcp_seg syn, synack;
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair_ws(test, &p, 7, 6, true, true, &syn, &synack);
	/* our SYN offers the shift; the SYN,ACK answers with its own */
	KUNIT_ASSERT_TRUE(test, syn.has_wscale);
	KUNIT_ASSERT_EQ(test, syn.wscale, 7);
	KUNIT_ASSERT_TRUE(test, synack.has_wscale);
	KUNIT_ASSERT_EQ(test, synack.wscale, 6);
	KUNIT_ASSERT_TRUE(test, p.c.wscale_ok);
	KUNIT_ASSERT_TRUE(test, p.s.wscale_ok);
	KUNIT_ASSERT_EQ(test, p.c.rcv_wscale, 7);
	KUNIT_ASSERT_EQ(test, p.c.snd_wscale, 6);
	KUNIT_ASSERT_EQ(test, p.s.rcv_wscale, 6);
	KUNIT_ASSERT_EQ(test, p.s.snd_wscale, 7);
	/* the client's third segment says BIG_WND >> 7; the server scales */
	KUNIT_ASSERT_EQ(test, p.s.snd_wnd, BIG_WND);
	/* later segments carry the window scaled by the sender's shift */
	xtcp_fsm_ack(&p.s, &out);
	KUNIT_ASSERT_EQ(test, out.seg.window, BIG_WND >> 6);
	KUNIT_ASSERT_FALSE(test, out.seg.has_wscale);
	xtcp_fsm_ack(&p.c, &out);
	KUNIT_ASSERT_EQ(test, out.seg.window, BIG_WND >> 7);
}

/* The window fields of SYN and SYN,ACK are never scaled. */
static void xtcp_fsm_wscale_syn_never_scaled(struct kunit *test)
{
	struct xtcp_seg syn, synack;
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair_ws(test, &p, 7, 6, true, true, &syn, &synack);
	KUNIT_ASSERT_EQ(test, syn.window, 65535);
	KUNIT_ASSERT_EQ(test, synack.window, 65535);
	/* the SYN,ACK's 65535 is taken as 65535, not 65535 << 6 */
	KUNIT_ASSERT_EQ(test, p.c.snd_wnd, 65535);

	/* a small window on a SYN is not scaled either, nor when resent */
	client(&p.c);
	p.c.rcv_wscale = 7;
	p.c.rcv_wnd = 1000;
	xtcp_fsm_connect(&p.c, CISS, &out);
	KUNIT_ASSERT_EQ(test, out.seg.window, 1000);
	xtcp_fsm_rtx_timeout(&p.c, &out);
	ASSERT_SENT(test, &out, XTCP_SYN, CISS, 0);
	KUNIT_ASSERT_EQ(test, out.seg.window, 1000);
	KUNIT_ASSERT_TRUE(test, out.seg.has_wscale);
	KUNIT_ASSERT_EQ(test, xtcp_window_field(&p.c, 1000,
						XTCP_SYN | XTCP_ACK), 1000);
	KUNIT_ASSERT_EQ(test, xtcp_window_field(&p.c, 1000, XTCP_ACK), 7);
}

/* Either side without the option: no scaling at all, both ways. */
static void xtcp_fsm_wscale_one_side_omits(struct kunit *test)
{
	struct xtcp_seg syn, synack;
	struct xtcp_fsm_out out;
	struct pair p;

	/* the client's SYN has none: the SYN,ACK must not carry one */
	make_pair_ws(test, &p, 7, 6, false, true, &syn, &synack);
	KUNIT_ASSERT_FALSE(test, synack.has_wscale);
	KUNIT_ASSERT_FALSE(test, p.s.wscale_ok);
	KUNIT_ASSERT_EQ(test, p.s.rcv_wscale, 0);
	KUNIT_ASSERT_EQ(test, p.s.snd_wscale, 0);
	KUNIT_ASSERT_FALSE(test, p.c.wscale_ok);
	KUNIT_ASSERT_EQ(test, p.c.rcv_wscale, 0);
	KUNIT_ASSERT_EQ(test, p.c.snd_wscale, 0);
	/* windows are capped at 65535, never shifted */
	xtcp_fsm_ack(&p.s, &out);
	KUNIT_ASSERT_EQ(test, out.seg.window, 65535);
	KUNIT_ASSERT_EQ(test, p.s.snd_wnd, 65535);

	/* the server's SYN,ACK has none: the client drops its shift */
	make_pair_ws(test, &p, 7, 6, true, false, &syn, &synack);
	KUNIT_ASSERT_TRUE(test, syn.has_wscale);
	KUNIT_ASSERT_FALSE(test, p.c.wscale_ok);
	KUNIT_ASSERT_EQ(test, p.c.rcv_wscale, 0);
	KUNIT_ASSERT_EQ(test, p.c.snd_wscale, 0);
	/* its windows are capped at 65535, never shifted */
	xtcp_fsm_ack(&p.c, &out);
	KUNIT_ASSERT_EQ(test, out.seg.window, 65535);
}

/* SND.WND = SEG.WND << snd_wscale on an ACK; also from TIME-WAIT. */
static void xtcp_fsm_wscale_snd_wnd_on_ack(struct kunit *test)
{
	struct xtcp_seg syn, synack;
	struct xtcp_fsm_out oc, os;
	struct pair p;

	make_pair_ws(test, &p, 7, 6, true, true, &syn, &synack);
	p.s.rcv_wnd = 300 << 6;
	xtcp_fsm_ack(&p.s, &os);
	KUNIT_ASSERT_EQ(test, os.seg.window, 300);
	pass(test, &p.c, &os, &oc);
	KUNIT_ASSERT_EQ(test, p.c.snd_wnd, 300U << 6);
	/* the largest field with the largest shift fits SND.WND */
	p.c.snd_wscale = XTCP_WSCALE_MAX;
	os.seg.window = 65535;
	pass(test, &p.c, &os, &oc);
	KUNIT_ASSERT_EQ(test, p.c.snd_wnd, 65535U << XTCP_WSCALE_MAX);

	/* the ACK from TIME-WAIT is scaled too */
	make_pair_ws(test, &p, 7, 6, true, true, &syn, &synack);
	xtcp_fsm_close(&p.c, &oc);
	pass(test, &p.s, &oc, &os);
	pass(test, &p.c, &os, &oc);
	xtcp_fsm_close(&p.s, &os);
	pass(test, &p.c, &os, &oc);
	ASSERT_STATE(test, &p.c, TCP_TIME_WAIT);
	KUNIT_ASSERT_EQ(test, oc.seg.window, BIG_WND >> 7);
}

static struct kunit_case xtcp_fsm_rcv_test_cases[] = {
	KUNIT_CASE(xtcp_fsm_t04_listen_syn_syn_recv),
	KUNIT_CASE(xtcp_fsm_t06_syn_sent_syn_simultaneous_open),
	KUNIT_CASE(xtcp_fsm_t08_syn_sent_synack_established),
	KUNIT_CASE(xtcp_fsm_t09_syn_recv_ack_established),
	KUNIT_CASE(xtcp_fsm_t11_syn_recv_rst_back_to_listen),
	KUNIT_CASE(xtcp_fsm_t13_established_fin_close_wait),
	KUNIT_CASE(xtcp_fsm_t14_finwait1_ack_to_finwait2),
	KUNIT_CASE(xtcp_fsm_t15_finwait1_fin_to_closing),
	KUNIT_CASE(xtcp_fsm_t16_finwait1_finack_to_timewait),
	KUNIT_CASE(xtcp_fsm_t17_finwait2_fin_to_timewait),
	KUNIT_CASE(xtcp_fsm_t18_closing_ack_to_timewait),
	KUNIT_CASE(xtcp_fsm_t20_lastack_ack_closed),
	KUNIT_CASE(xtcp_fsm_t22_timewait_fin_again_ack_restart),
	KUNIT_CASE(xtcp_fsm_t23_timewait_new_syn_refused),
	KUNIT_CASE(xtcp_fsm_t24_established_rst_econnreset),
	KUNIT_CASE(xtcp_fsm_t24_close_wait_rst_epipe),
	KUNIT_CASE(xtcp_fsm_t25_syn_sent_rst_econnrefused),
	KUNIT_CASE(xtcp_fsm_t26_no_listener_syn_rst),
	KUNIT_CASE(xtcp_fsm_simultaneous_open_pair),
	KUNIT_CASE(xtcp_fsm_syn_recv_syn_again_synack),
	KUNIT_CASE(xtcp_fsm_syn_recv_bad_ack_rst),
	KUNIT_CASE(xtcp_fsm_listen_ack_rst),
	KUNIT_CASE(xtcp_fsm_established_unacceptable_ack),
	KUNIT_CASE(xtcp_fsm_established_rst_out_of_window),
	KUNIT_CASE(xtcp_fsm_established_rst_in_window_challenge),
	KUNIT_CASE(xtcp_fsm_established_syn_challenge_ack),
	KUNIT_CASE(xtcp_fsm_timewait_rst_ignored),
	KUNIT_CASE(xtcp_fsm_timewait_no_ack_loop),
	KUNIT_CASE(xtcp_fsm_ack_in_range_bounds),
	KUNIT_CASE(xtcp_fsm_ack_in_range_wrap),
	KUNIT_CASE(xtcp_fsm_blind_data_injection),
	KUNIT_CASE(xtcp_fsm_data_delivery),
	KUNIT_CASE(xtcp_fsm_fin_taken_with_all_data),
	KUNIT_CASE(xtcp_fsm_peer_mss_floor),
	KUNIT_CASE(xtcp_fsm_seq_wrap_handshake),
	KUNIT_CASE(xtcp_fsm_seg_acceptable_four_cases),
	KUNIT_CASE(xtcp_fsm_ack_acceptable_range),
	KUNIT_CASE(xtcp_fsm_wscale_negotiated),
	KUNIT_CASE(xtcp_fsm_wscale_syn_never_scaled),
	KUNIT_CASE(xtcp_fsm_wscale_one_side_omits),
	KUNIT_CASE(xtcp_fsm_wscale_snd_wnd_on_ack),
	{}
};

static struct kunit_suite xtcp_fsm_rcv_test_suite = {
	.name = "xtcp_fsm_rcv",
	.test_cases = xtcp_fsm_rcv_test_cases,
};

kunit_test_suite(xtcp_fsm_rcv_test_suite);
