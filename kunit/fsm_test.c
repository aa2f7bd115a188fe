// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's connection state machine (module/fsm.c): the
 * application calls (listen, connect, send, close, abort, the window-update
 * ACK), the timers (retransmission and its backoff, 2MSL), retransmission
 * from a point in flight, the transition counts (on every CPU at once) and
 * state names, and the receive window (rounding to the shift, receiver SWS
 * avoidance, the shift a SYN offers). One case per row of the RFC 793 checklist (T01-T28) whose
 * event is one of these, named after it; the rows a segment arrival drives
 * are in fsm_rcv_test.c. The fixtures both share are in fsm_test.h.
 */
#include <linux/cpu.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/workqueue.h>

#include "../module/window.h"
#include "fsm_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

static void xtcp_fsm_t01_closed_listen(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	xtcp_fsm_init(&tcb, SPORT, 0, MSS);
	xtcp_fsm_listen(&tcb, &out);
	ASSERT_STATE(test, &tcb, TCP_LISTEN);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_EQ(test, out.err, 0);

	xtcp_fsm_listen(&tcb, &out);
	KUNIT_ASSERT_EQ(test, out.err, -EISCONN);
}

static void xtcp_fsm_t02_closed_connect_syn_sent(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_sent(test, &tcb, CISS, &out);
	ASSERT_SENT(test, &out, XTCP_SYN, CISS, 0);
	KUNIT_ASSERT_TRUE(test, out.seg.has_mss);
	KUNIT_ASSERT_EQ(test, out.seg.mss, MSS);
	KUNIT_ASSERT_EQ(test, out.seg.sport, CPORT);
	KUNIT_ASSERT_EQ(test, out.seg.dport, SPORT);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_ARM);
	KUNIT_ASSERT_EQ(test, out.rto_ms, XTCP_RTO_INIT_MS);
	KUNIT_ASSERT_EQ(test, tcb.snd_una, CISS);
	KUNIT_ASSERT_EQ(test, tcb.snd_nxt, CISS + 1);
}

static void xtcp_fsm_t03_listen_close_closed(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	child(test, &tcb);
	xtcp_fsm_close(&tcb, &out);
	ASSERT_STATE(test, &tcb, TCP_CLOSE);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);
}

static void xtcp_fsm_t05_listen_send_syn_sent(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	xtcp_fsm_init(&tcb, SPORT, CPORT, MSS);	/* foreign port given */
	xtcp_fsm_listen(&tcb, &out);
	xtcp_fsm_send(&tcb, SISS, 100, &out);
	ASSERT_STATE(test, &tcb, TCP_SYN_SENT);
	ASSERT_SENT(test, &out, XTCP_SYN, SISS, 0);
	KUNIT_ASSERT_EQ(test, out.seg.payload_len, 0);
	KUNIT_ASSERT_EQ(test, out.err, 0);
}

static void xtcp_fsm_t07_syn_sent_close_closed(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_sent(test, &tcb, CISS, &out);
	xtcp_fsm_close(&tcb, &out);
	ASSERT_STATE(test, &tcb, TCP_CLOSE);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_STOP);
}

static void xtcp_fsm_t10_syn_recv_close_fin_wait1(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	syn_recv(test, &tcb, &out);
	xtcp_fsm_close(&tcb, &out);
	ASSERT_STATE(test, &tcb, TCP_FIN_WAIT1);
	ASSERT_SENT(test, &out, XTCP_FIN | XTCP_ACK, SISS + 1, CISS + 1);
	KUNIT_ASSERT_EQ(test, tcb.fin_seq, SISS + 1);
	KUNIT_ASSERT_EQ(test, tcb.snd_nxt, SISS + 2);
}

static void xtcp_fsm_t12_established_close_fin_wait1(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	client_closes(test, &p, &out);
	ASSERT_SENT(test, &out, XTCP_FIN | XTCP_ACK, CISS + 1, SISS + 1);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_ARM);
	KUNIT_ASSERT_EQ(test, out.rto_ms, XTCP_RTO_INIT_MS);
}

static void xtcp_fsm_t19_closewait_close_lastack(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	client_closes(test, &p, &oc);
	pass(test, &p.s, &oc, &os);
	xtcp_fsm_close(&p.s, &os);
	ASSERT_STATE(test, &p.s, TCP_LAST_ACK);
	ASSERT_SENT(test, &os, XTCP_FIN | XTCP_ACK, SISS + 1, CISS + 2);
	KUNIT_ASSERT_TRUE(test, os.actions & XTCP_ACT_RTX_ARM);
}

static void xtcp_fsm_t21_timewait_2msl_closed(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	client_time_wait(test, &p);
	xtcp_fsm_tw_timeout(&p.c, &out);
	ASSERT_STATE(test, &p.c, TCP_CLOSE);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);

	/* a stale 2MSL timer elsewhere changes nothing */
	make_pair(test, &p);
	xtcp_fsm_tw_timeout(&p.c, &out);
	ASSERT_STATE(test, &p.c, TCP_ESTABLISHED);
	KUNIT_ASSERT_EQ(test, out.actions, 0);
}

static void xtcp_fsm_t27_syn_sent_rtx_backoff_etimedout(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;
	int i;

	syn_sent(test, &tcb, CISS, &out);
	for (i = 1; i <= XTCP_SYN_RETRIES; i++) {
		xtcp_fsm_rtx_timeout(&tcb, &out);
		ASSERT_STATE(test, &tcb, TCP_SYN_SENT);
		ASSERT_SENT(test, &out, XTCP_SYN, CISS, 0);
		KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_ARM);
		KUNIT_ASSERT_EQ(test, out.rto_ms, XTCP_RTO_INIT_MS << i);
	}
	xtcp_fsm_rtx_timeout(&tcb, &out);
	ASSERT_STATE(test, &tcb, TCP_CLOSE);
	ASSERT_SILENT(test, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_EQ(test, out.err, -ETIMEDOUT);
}

static void xtcp_fsm_t28_fin_rtx_backoff_etimedout(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;
	u32 rto;
	int i;

	client_closes(test, &p, &out);
	for (i = 1; i <= XTCP_FIN_RETRIES; i++) {
		xtcp_fsm_rtx_timeout(&p.c, &out);
		ASSERT_STATE(test, &p.c, TCP_FIN_WAIT1);
		ASSERT_SENT(test, &out, XTCP_FIN | XTCP_ACK, CISS + 1,
			    SISS + 1);
		rto = min_t(u32, XTCP_RTO_INIT_MS << i, XTCP_RTO_MAX_MS);
		KUNIT_ASSERT_EQ(test, out.rto_ms, rto);
	}
	xtcp_fsm_rtx_timeout(&p.c, &out);
	ASSERT_STATE(test, &p.c, TCP_CLOSE);
	KUNIT_ASSERT_EQ(test, out.err, -ETIMEDOUT);

	/* LAST-ACK resends its FIN too */
	client_closes(test, &p, &out);
	rcv(&p.s, XTCP_FIN | XTCP_ACK, CISS + 1, SISS + 1, 0, &out);
	xtcp_fsm_close(&p.s, &out);
	xtcp_fsm_rtx_timeout(&p.s, &out);
	ASSERT_SENT(test, &out, XTCP_FIN | XTCP_ACK, SISS + 1, CISS + 2);
	KUNIT_ASSERT_EQ(test, out.rto_ms, 2 * XTCP_RTO_INIT_MS);
}

static void xtcp_fsm_syn_recv_rtx_synack(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;
	int i;

	syn_recv(test, &tcb, &out);
	for (i = 1; i <= XTCP_SYNACK_RETRIES; i++) {
		xtcp_fsm_rtx_timeout(&tcb, &out);
		ASSERT_SENT(test, &out, XTCP_SYN | XTCP_ACK, SISS, CISS + 1);
	}
	xtcp_fsm_rtx_timeout(&tcb, &out);
	ASSERT_STATE(test, &tcb, TCP_CLOSE);
	KUNIT_ASSERT_EQ(test, out.err, -ETIMEDOUT);
}

/* The window-update ACK: where we are, no state change, no timer */
static void xtcp_fsm_ack_window_update(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	xtcp_fsm_ack(&p.c, &out);
	ASSERT_STATE(test, &p.c, TCP_ESTABLISHED);
	ASSERT_SENT(test, &out, XTCP_ACK, CISS + 1, SISS + 1);
	KUNIT_ASSERT_EQ(test, out.actions, (u32)XTCP_ACT_SEND);
}

static void xtcp_fsm_abort_rst(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	xtcp_fsm_abort(&p.c, &out);
	ASSERT_STATE(test, &p.c, TCP_CLOSE);
	ASSERT_SENT(test, &out, XTCP_RST, CISS + 1, 0);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);

	/* the peer takes it: SEG.SEQ = RCV.NXT */
	pass(test, &p.s, &out, &out);
	ASSERT_STATE(test, &p.s, TCP_CLOSE);
	KUNIT_ASSERT_EQ(test, out.err, -ECONNRESET);

	/* nothing to say in SYN-SENT */
	syn_sent(test, &p.c, CISS, &out);
	xtcp_fsm_abort(&p.c, &out);
	ASSERT_STATE(test, &p.c, TCP_CLOSE);
	ASSERT_SILENT(test, &out);
}

static void xtcp_fsm_send_data_acked(struct kunit *test)
{
	struct xtcp_fsm_out oc, os;
	struct pair p;

	make_pair(test, &p);
	xtcp_fsm_send(&p.c, 0, 100, &oc);
	ASSERT_SENT(test, &oc, XTCP_ACK | XTCP_PSH, CISS + 1, SISS + 1);
	KUNIT_ASSERT_EQ(test, oc.seg.payload_len, 100);
	KUNIT_ASSERT_TRUE(test, oc.actions & XTCP_ACT_RTX_ARM);
	KUNIT_ASSERT_EQ(test, p.c.snd_nxt, CISS + 101);

	pass(test, &p.s, &oc, &os);
	KUNIT_ASSERT_EQ(test, os.deliver_len, 100);
	pass(test, &p.c, &os, &oc);
	KUNIT_ASSERT_EQ(test, p.c.snd_una, CISS + 101);
	KUNIT_ASSERT_TRUE(test, oc.actions & XTCP_ACT_RTX_STOP);
	ASSERT_SILENT(test, &oc);
}

/* Loss recovery resends from any point in flight, then the FIN. */
static void xtcp_fsm_retransmit_from(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	xtcp_fsm_send(&p.c, 0, 100, &out);
	xtcp_fsm_send(&p.c, 0, 50, &out);
	xtcp_fsm_retransmit(&p.c, CISS + 101, &out);
	ASSERT_SENT(test, &out, XTCP_ACK | XTCP_PSH, CISS + 101, SISS + 1);
	KUNIT_ASSERT_EQ(test, out.seg.payload_len, 50);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_RTX_ARM);
	/* nothing outside [SND.UNA, SND.NXT) */
	xtcp_fsm_retransmit(&p.c, CISS, &out);
	KUNIT_ASSERT_EQ(test, out.actions, 0);
	xtcp_fsm_retransmit(&p.c, CISS + 151, &out);
	KUNIT_ASSERT_EQ(test, out.actions, 0);
	/* after close(), the FIN where the data ends */
	xtcp_fsm_close(&p.c, &out);
	xtcp_fsm_retransmit(&p.c, CISS + 151, &out);
	ASSERT_SENT(test, &out, XTCP_FIN | XTCP_ACK, CISS + 151, SISS + 1);
	ASSERT_STATE(test, &p.c, TCP_FIN_WAIT1);
}

static void xtcp_fsm_transition_counter(struct kunit *test)
{
	unsigned long before, est;
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	before = xtcp_fsm_transitions(TCP_CLOSE, TCP_SYN_SENT);
	est = xtcp_fsm_transitions(TCP_SYN_SENT, TCP_ESTABLISHED);
	syn_sent(test, &tcb, CISS, &out);
	KUNIT_ASSERT_EQ(test, xtcp_fsm_transitions(TCP_CLOSE, TCP_SYN_SENT),
			before + 1);
	/* a segment that changes nothing counts nothing */
	rcv(&tcb, XTCP_ACK, SISS, CISS + 5, 0, &out);
	KUNIT_ASSERT_EQ(test,
			xtcp_fsm_transitions(TCP_SYN_SENT, TCP_ESTABLISHED),
			est);
	rcv(&tcb, XTCP_SYN | XTCP_ACK, SISS, CISS + 1, 0, &out);
	KUNIT_ASSERT_EQ(test,
			xtcp_fsm_transitions(TCP_SYN_SENT, TCP_ESTABLISHED),
			est + 1);
	KUNIT_ASSERT_EQ(test, xtcp_fsm_transitions(TCP_MAX_STATES, 0), 0);
}

/* Connections each CPU opens and closes in the next case */
#define PER_CPU_CONNECTS	10000

/**
 * struct connects_work - one CPU's share of xtcp_fsm_transitions_every_cpu
 * @work: runs connects_on_cpu() on that CPU
 * @state: the state its TCB ended in; TCP_CLOSE unless something failed
 */
struct connects_work {
	struct work_struct	work;
	int			state;
};

/* Open (CLOSED -> SYN-SENT) and close (-> CLOSED) a TCB, again and again. */
static void connects_on_cpu(struct work_struct *work)
{
	struct connects_work *w = container_of(work, struct connects_work,
					       work);
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;
	int i;

	for (i = 0; i < PER_CPU_CONNECTS; i++) {
		client(&tcb);
		xtcp_fsm_connect(&tcb, CISS, &out);
		xtcp_fsm_close(&tcb, &out);
		if (tcb.state != TCP_CLOSE)
			break;
	}
	w->state = tcb.state;
}

/*
 * Every CPU counts transitions at once (the counts are kept per CPU): the
 * sum read afterwards has every one of them, none lost, none twice.
 */
static void xtcp_fsm_transitions_every_cpu(struct kunit *test)
{
	unsigned long open, closed, cpus = 0;
	struct connects_work *w;
	int cpu;

	w = kunit_kcalloc(test, nr_cpu_ids, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	open = xtcp_fsm_transitions(TCP_CLOSE, TCP_SYN_SENT);
	closed = xtcp_fsm_transitions(TCP_SYN_SENT, TCP_CLOSE);
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		INIT_WORK(&w[cpu].work, connects_on_cpu);
		w[cpu].state = -1;
		queue_work_on(cpu, system_highpri_wq, &w[cpu].work);
		cpus++;
	}
	for_each_online_cpu(cpu)
		flush_work(&w[cpu].work);
	cpus_read_unlock();
	for_each_online_cpu(cpu)
		KUNIT_ASSERT_EQ_MSG(test, w[cpu].state, TCP_CLOSE, "CPU %d",
				    cpu);
	KUNIT_EXPECT_EQ(test, xtcp_fsm_transitions(TCP_CLOSE, TCP_SYN_SENT),
			open + cpus * PER_CPU_CONNECTS);
	KUNIT_EXPECT_EQ(test, xtcp_fsm_transitions(TCP_SYN_SENT, TCP_CLOSE),
			closed + cpus * PER_CPU_CONNECTS);
}

static void xtcp_fsm_state_names(struct kunit *test)
{
	KUNIT_ASSERT_STREQ(test, xtcp_fsm_state_name(TCP_CLOSE), "CLOSED");
	KUNIT_ASSERT_STREQ(test, xtcp_fsm_state_name(TCP_SYN_RECV),
			   "SYN-RECEIVED");
	KUNIT_ASSERT_STREQ(test, xtcp_fsm_state_name(TCP_TIME_WAIT),
			   "TIME-WAIT");
	KUNIT_ASSERT_STREQ(test, xtcp_fsm_state_name(TCP_NEW_SYN_RECV),
			   "UNKNOWN");
	KUNIT_ASSERT_STREQ(test, xtcp_fsm_state_name(-1), "UNKNOWN");
}

/* The receive window: RCV.WND as offered and advertised */

/* The advertised window is rounded down, never up, unless held. */
static void xtcp_fsm_rcv_wnd_rounding(struct kunit *test)
{
	struct xtcp_tcb tcb;
	struct xtcp_seg seg;
	u32 wnd, edge;

	xtcp_fsm_init(&tcb, SPORT, CPORT, MSS);
	tcb.rcv_wscale = 7;
	tcb.rcv_nxt = 5000;
	tcb.rcv_adv = 5000;
	KUNIT_ASSERT_EQ(test, xtcp_window_max(&tcb), 65535U << 7);
	/* 100000 octets of room: 781 units of 128 (99968), not 782 */
	wnd = xtcp_window_offer(&tcb, 100000, 200000);
	KUNIT_ASSERT_EQ(test, wnd, 99968);
	seg = (struct xtcp_seg) { .flags = XTCP_ACK, .ack = tcb.rcv_nxt,
				  .window = xtcp_window_field(&tcb, wnd,
							       XTCP_ACK) };
	KUNIT_ASSERT_EQ(test, seg.window, 781);
	KUNIT_ASSERT_EQ(test, xtcp_window_advertised(&tcb, &seg), 99968);
	KUNIT_ASSERT_EQ(test, tcb.rcv_adv, 5000 + 99968);
	/* a field never says more than the window it was given */
	KUNIT_ASSERT_EQ(test, xtcp_window_field(&tcb, 1000, XTCP_ACK), 7);
	KUNIT_ASSERT_EQ(test, xtcp_window_field(&tcb, 127, XTCP_ACK), 0);
	KUNIT_ASSERT_EQ(test, xtcp_window_field(&tcb, U32_MAX, XTCP_ACK),
			65535);

	/*
	 * 1000 octets arrive and wait to be read: the room left (99000)
	 * rounded down would put the edge 24 octets left of where it was;
	 * the edge holds instead, the window rounded up to 99072.
	 */
	tcb.rcv_nxt += 1000;
	edge = tcb.rcv_adv;
	wnd = xtcp_window_offer(&tcb, 99000, 200000);
	KUNIT_ASSERT_EQ(test, wnd, 99072);
	KUNIT_ASSERT_EQ(test, wnd % 128, 0);
	KUNIT_ASSERT_GE(test, tcb.rcv_nxt + wnd, edge);
	KUNIT_ASSERT_EQ(test, xtcp_window_field(&tcb, wnd, XTCP_ACK) << 7,
			wnd);
	/* the buffer shrank (SO_RCVBUF): the edge still holds */
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, 0, 4096), 99072);
	/* more room than the shift can express: capped */
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, U32_MAX, U32_MAX),
			65535U << 7);

	/* an ACK whose edge lies left of the last one does not move it */
	seg.ack = tcb.rcv_nxt;
	seg.window = 1;
	xtcp_window_advertised(&tcb, &seg);
	KUNIT_ASSERT_EQ(test, tcb.rcv_adv, edge);
	/* a SYN alone advertises no edge; a SYN,ACK's is unscaled */
	seg = (struct xtcp_seg) { .flags = XTCP_SYN, .window = 65535 };
	KUNIT_ASSERT_EQ(test, xtcp_window_advertised(&tcb, &seg), 65535);
	KUNIT_ASSERT_EQ(test, tcb.rcv_adv, edge);
	tcb.rcv_adv = tcb.rcv_nxt;
	seg.flags = XTCP_SYN | XTCP_ACK;
	seg.ack = tcb.rcv_nxt;
	KUNIT_ASSERT_EQ(test, xtcp_window_advertised(&tcb, &seg), 65535);
	KUNIT_ASSERT_EQ(test, tcb.rcv_adv, tcb.rcv_nxt + 65535);
}

/*
 * Receiver silly window avoidance: a window that closed opens again only
 * by min(half the buffer, one MSS).
 */
static void xtcp_fsm_rcv_wnd_sws(struct kunit *test)
{
	struct xtcp_tcb tcb;

	xtcp_fsm_init(&tcb, SPORT, CPORT, MSS);
	tcb.rcv_nxt = 7000;
	tcb.rcv_adv = 7000;		/* a zero window was advertised */
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, 1, 65535), 0);
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, MSS - 1, 65535), 0);
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, MSS, 65535), MSS);
	/* a small buffer: half of it is the step */
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, 999, 2000), 0);
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, 1000, 2000), 1000);

	/* with 10000 left open, growth by less than an MSS waits */
	tcb.rcv_adv = tcb.rcv_nxt + 10000;
	KUNIT_ASSERT_EQ(test,
			xtcp_window_offer(&tcb, 10000 + MSS - 1, 65535),
			10000);
	KUNIT_ASSERT_EQ(test,
			xtcp_window_offer(&tcb, 10000 + MSS, 65535),
			10000 + MSS);

	/* scaled: steps are counted after rounding to the shift */
	tcb.rcv_wscale = 4;
	tcb.rcv_adv = tcb.rcv_nxt;
	/* 1471 rounds down to 1456, less than an MSS; 1472 is 92 units */
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, MSS + 11, 1 << 20),
			0);
	KUNIT_ASSERT_EQ(test, xtcp_window_offer(&tcb, MSS + 12, 1 << 20),
			MSS + 12);
}

/*
 * The window a receive buffer's memory gives, as tcp_win_from_space():
 * with tcp_adv_win_scale 1, half; 2, three quarters; -1, a half too, by
 * the other formula; -2, a quarter. No memory left, no window.
 */
static void xtcp_window_from_space_scale(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_window_from_space(212992, 1), 106496);
	KUNIT_EXPECT_EQ(test, xtcp_window_from_space(8193, 1), 4097);
	KUNIT_EXPECT_EQ(test, xtcp_window_from_space(8192, 2), 6144);
	KUNIT_EXPECT_EQ(test, xtcp_window_from_space(8192, -1), 4096);
	KUNIT_EXPECT_EQ(test, xtcp_window_from_space(8192, -2), 2048);
	KUNIT_EXPECT_EQ(test, xtcp_window_from_space(0, 1), 0);
	KUNIT_EXPECT_EQ(test, xtcp_window_from_space(U32_MAX, 31),
			U32_MAX - 1);
	KUNIT_EXPECT_EQ(test, XTCP_ADV_WIN_SCALE, 1);
}

/* The shift our SYN offers: the smallest that covers the buffer. */
static void xtcp_window_shift_for_buffer(struct kunit *test)
{
	static const struct {
		u32 space;
		u8 shift;
	} cases[] = {
		{ 0, 0 }, { 4096, 0 }, { 65535, 0 }, { 65536, 1 },
		{ 131070, 1 }, { 131071, 2 }, { 2U << 20, 6 },
		{ 4194240, 6 }, { 4U << 20, 7 }, { 8U << 20, 8 },
		{ 65535U << 14, 14 }, { 1U << 30, 14 }, { U32_MAX, 14 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_ASSERT_EQ_MSG(test, xtcp_window_shift_for(cases[i].space),
				    cases[i].shift, "space %u",
				    cases[i].space);
}

static struct kunit_case xtcp_fsm_test_cases[] = {
	KUNIT_CASE(xtcp_fsm_t01_closed_listen),
	KUNIT_CASE(xtcp_fsm_t02_closed_connect_syn_sent),
	KUNIT_CASE(xtcp_fsm_t03_listen_close_closed),
	KUNIT_CASE(xtcp_fsm_t05_listen_send_syn_sent),
	KUNIT_CASE(xtcp_fsm_t07_syn_sent_close_closed),
	KUNIT_CASE(xtcp_fsm_t10_syn_recv_close_fin_wait1),
	KUNIT_CASE(xtcp_fsm_t12_established_close_fin_wait1),
	KUNIT_CASE(xtcp_fsm_t19_closewait_close_lastack),
	KUNIT_CASE(xtcp_fsm_t21_timewait_2msl_closed),
	KUNIT_CASE(xtcp_fsm_t27_syn_sent_rtx_backoff_etimedout),
	KUNIT_CASE(xtcp_fsm_t28_fin_rtx_backoff_etimedout),
	KUNIT_CASE(xtcp_fsm_syn_recv_rtx_synack),
	KUNIT_CASE(xtcp_fsm_ack_window_update),
	KUNIT_CASE(xtcp_fsm_abort_rst),
	KUNIT_CASE(xtcp_fsm_send_data_acked),
	KUNIT_CASE(xtcp_fsm_retransmit_from),
	KUNIT_CASE(xtcp_fsm_transition_counter),
	KUNIT_CASE(xtcp_fsm_transitions_every_cpu),
	KUNIT_CASE(xtcp_fsm_state_names),
	KUNIT_CASE(xtcp_fsm_rcv_wnd_rounding),
	KUNIT_CASE(xtcp_fsm_rcv_wnd_sws),
	KUNIT_CASE(xtcp_window_shift_for_buffer),
	KUNIT_CASE(xtcp_window_from_space_scale),
	{}
};

static struct kunit_suite xtcp_fsm_test_suite = {
	.name = "xtcp_fsm",
	.test_cases = xtcp_fsm_test_cases,
};

kunit_test_suite(xtcp_fsm_test_suite);
