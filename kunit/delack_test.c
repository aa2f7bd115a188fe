// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's delayed ACKs (module/delack.c), on what the state
 * machine (module/fsm.c) asks for real segments: one full segment's ACK
 * waits, every second one goes at once, and so do the ACKs of data out of
 * order, of data that fills a hole, of a duplicate, of a FIN, and when
 * the window left is small.
 */
#include <kunit/test.h>

#include "../module/delack.h"
#include "../module/fsm.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define MSS	1460
#define LPORT	5000
#define RPORT	6000
#define ISS	1000
#define IRS	2000
#define WND	65535

/* An established TCB that has acknowledged the peer's SYN. */
static void established(struct xtcp_tcb *tcb, struct xtcp_delack *d)
{
	xtcp_fsm_init(tcb, LPORT, RPORT, MSS);
	tcb->state = TCP_ESTABLISHED;
	tcb->iss = ISS;
	tcb->snd_una = ISS + 1;
	tcb->snd_nxt = ISS + 1;
	tcb->snd_wnd = WND;
	tcb->snd_wl1 = IRS;
	tcb->snd_wl2 = ISS + 1;
	tcb->irs = IRS;
	tcb->rcv_nxt = IRS + 1;
	tcb->rcv_wnd = WND;
	xtcp_delack_init(d, MSS);
	d->acked = IRS + 1;		/* our ACK of the SYN */
}

/*
 * The peer's segment at @seq with @len octets and @flags (ACK added): what
 * the state machine says, and whether its ACK may wait.
 */
static bool arrive(struct xtcp_tcb *tcb, struct xtcp_delack *d, u32 seq,
		   u32 len, u8 flags, bool ofo, struct xtcp_fsm_out *out)
{
	struct xtcp_seg seg = {
		.sport		= RPORT,
		.dport		= LPORT,
		.seq		= seq,
		.ack		= tcb->snd_nxt,
		.flags		= flags | XTCP_ACK,
		.window		= WND,
		.payload_len	= len,
	};

	xtcp_fsm_rcv(tcb, &seg, 0, out);
	return xtcp_delack_may_wait(d, out, len, MSS, ofo,
				    tcb->rcv_wnd - out->deliver_len);
}

/* What the socket layer does once the ACK went out. */
static void ack_sent(struct xtcp_delack *d, const struct xtcp_fsm_out *out)
{
	d->acked = out->seg.ack;
}

/* Full segments: the first ACK waits, the second goes, and so on. */
static void xtcp_delack_test_every_second_segment(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_delack d;
	struct xtcp_tcb tcb;
	u32 seq = IRS + 1;
	int i;

	established(&tcb, &d);
	for (i = 0; i < 6; i++) {
		bool wait = arrive(&tcb, &d, seq, MSS, XTCP_PSH, false, &out);

		seq += MSS;
		KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_SEND);
		KUNIT_EXPECT_EQ(test, out.seg.ack, seq);
		KUNIT_EXPECT_EQ(test, d.rcv_mss, MSS);
		/* the 1st, 3rd, 5th wait; the 2nd, 4th, 6th go at once */
		KUNIT_EXPECT_EQ(test, wait, i % 2 == 0);
		if (!wait)
			ack_sent(&d, &out);
	}
}

/* A lone small segment (a request) waits for the response. */
static void xtcp_delack_test_one_small_segment(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_delack d;
	struct xtcp_tcb tcb;

	established(&tcb, &d);
	KUNIT_EXPECT_TRUE(test, arrive(&tcb, &d, IRS + 1, 100, XTCP_PSH,
				       false, &out));
	KUNIT_EXPECT_EQ(test, out.seg.ack, IRS + 101);
	/* a second small one too: less than two segments unacknowledged */
	KUNIT_EXPECT_TRUE(test, arrive(&tcb, &d, IRS + 101, 100, XTCP_PSH,
				       false, &out));
	/* the peer's segment size is learned, at most our MSS */
	KUNIT_EXPECT_EQ(test, d.rcv_mss, 536);
	arrive(&tcb, &d, IRS + 201, 2 * MSS, 0, false, &out);
	KUNIT_EXPECT_EQ(test, d.rcv_mss, MSS);
}

/* Out of order: at once (RFC 5681 4.2), and so is the one filling the hole. */
static void xtcp_delack_test_out_of_order(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_delack d;
	struct xtcp_tcb tcb;

	established(&tcb, &d);
	KUNIT_EXPECT_FALSE(test, arrive(&tcb, &d, IRS + 1 + MSS, MSS, 0,
					false, &out));
	KUNIT_EXPECT_TRUE(test, out.actions & XTCP_ACT_OFO);
	KUNIT_EXPECT_EQ(test, out.seg.ack, IRS + 1);
	ack_sent(&d, &out);
	/* the hole's data is in order, but the out-of-order queue holds data */
	KUNIT_EXPECT_FALSE(test, arrive(&tcb, &d, IRS + 1, MSS, 0, true,
					&out));
	KUNIT_EXPECT_EQ(test, out.deliver_len, MSS);
}

/* Data that had all arrived before: a duplicate ACK, at once. */
static void xtcp_delack_test_duplicate(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_delack d;
	struct xtcp_tcb tcb;

	established(&tcb, &d);
	KUNIT_EXPECT_TRUE(test, arrive(&tcb, &d, IRS + 1, 100, 0, false,
				       &out));
	KUNIT_EXPECT_FALSE(test, arrive(&tcb, &d, IRS + 1, 100, 0, false,
					&out));
	KUNIT_EXPECT_EQ(test, out.deliver_len, 0);
	KUNIT_EXPECT_EQ(test, out.seg.ack, IRS + 101);
}

/* A FIN, with data or without: at once. */
static void xtcp_delack_test_fin(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_delack d;
	struct xtcp_tcb tcb;

	established(&tcb, &d);
	KUNIT_EXPECT_FALSE(test, arrive(&tcb, &d, IRS + 1, 100, XTCP_FIN,
					false, &out));
	KUNIT_EXPECT_TRUE(test, out.actions & XTCP_ACT_EOF);
	KUNIT_EXPECT_EQ(test, out.seg.ack, IRS + 102);
	KUNIT_EXPECT_EQ(test, tcb.state, TCP_CLOSE_WAIT);

	established(&tcb, &d);
	KUNIT_EXPECT_FALSE(test, arrive(&tcb, &d, IRS + 1, 0, XTCP_FIN,
					false, &out));
}

/* Little window left: the peer may be stuck until it hears from us. */
static void xtcp_delack_test_small_window(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_delack d;
	struct xtcp_tcb tcb;

	established(&tcb, &d);
	tcb.rcv_wnd = 2 * MSS + 100;	/* MSS + 100 left */
	KUNIT_EXPECT_FALSE(test, arrive(&tcb, &d, IRS + 1, MSS, 0, false,
					&out));
	tcb.rcv_wnd = 4 * MSS;
	ack_sent(&d, &out);
	KUNIT_EXPECT_TRUE(test, arrive(&tcb, &d, IRS + 1 + MSS, MSS, 0, false,
				       &out));
}

/* Segments that carry no data, and what is not a bare ACK, never wait. */
static void xtcp_delack_test_control(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_delack d;
	struct xtcp_tcb tcb;

	established(&tcb, &d);
	/* unacceptable: beyond the window */
	KUNIT_EXPECT_FALSE(test, arrive(&tcb, &d, IRS + 1 + 2 * WND, 100, 0,
					false, &out));
	KUNIT_EXPECT_TRUE(test, out.actions & XTCP_ACT_SEND);
	/* a bare ACK asks for nothing */
	KUNIT_EXPECT_FALSE(test, arrive(&tcb, &d, IRS + 1, 0, 0, false, &out));
	KUNIT_EXPECT_FALSE(test, out.actions & XTCP_ACT_SEND);
}

static struct kunit_case xtcp_delack_test_cases[] = {
	KUNIT_CASE(xtcp_delack_test_every_second_segment),
	KUNIT_CASE(xtcp_delack_test_one_small_segment),
	KUNIT_CASE(xtcp_delack_test_out_of_order),
	KUNIT_CASE(xtcp_delack_test_duplicate),
	KUNIT_CASE(xtcp_delack_test_fin),
	KUNIT_CASE(xtcp_delack_test_small_window),
	KUNIT_CASE(xtcp_delack_test_control),
	{}
};

static struct kunit_suite xtcp_delack_test_suite = {
	.name = "xtcp_delack",
	.test_cases = xtcp_delack_test_cases,
};

kunit_test_suite(xtcp_delack_test_suite);
