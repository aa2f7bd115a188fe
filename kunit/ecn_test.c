// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for ECN (RFC 3168; module/ecn.c and xtcp_cong_ece() in
 * module/cong.c), as Linux's tcp_ecn_* decide: who asks on a SYN and
 * when a SYN sent again no longer does, when a listener agrees, what our
 * SYN's answer keeps, the receiver's state (CE asks for ECE until CWR,
 * quick ACKs), which segments are new data (ECT), TCP_INFO's bits, the
 * sender's reduction once a window and its interplay with loss
 * recovery, and ECN kept through a SYN cookie's TSval.
 */
#include <kunit/test.h>
#include <linux/tcp.h>
#include <net/inet_ecn.h>

#include "../module/cong.h"
#include "../module/ecn.h"
#include "../module/syncookie.h"
#include "../module/wire.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define MSS	1000
#define UNA	5000
#define ECE_CWR	(XTCP_ECE | XTCP_CWR)

/* tcp_ecn 1 asks, 2 and 0 do not; the algorithm or the route may */
static void xtcp_ecn_test_want(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_want(XTCP_ECN_OFF, false, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_want(XTCP_ECN_ON, false, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_want(XTCP_ECN_PASSIVE, false, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_want(XTCP_ECN_OFF, true, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_want(XTCP_ECN_PASSIVE, false, true));
}

/* ECE and CWR on a SYN that asks; not on one sent again with fallback */
static void xtcp_ecn_test_syn_flags(struct kunit *test)
{
	struct xtcp_ecn e = { .flags = XTCP_ECN_OK };

	KUNIT_EXPECT_EQ(test, xtcp_ecn_syn_flags(&e, false, true), ECE_CWR);
	KUNIT_EXPECT_EQ(test, xtcp_ecn_syn_flags(&e, true, true), 0);
	KUNIT_EXPECT_EQ(test, xtcp_ecn_syn_flags(&e, true, false), ECE_CWR);
	e.flags = 0;
	KUNIT_EXPECT_EQ(test, xtcp_ecn_syn_flags(&e, false, true), 0);
	KUNIT_EXPECT_EQ(test, xtcp_ecn_syn_flags(&e, true, false), 0);
}

/* a listener agrees to ECE|CWR on a SYN that is not itself ECT */
static void xtcp_ecn_test_accept(struct kunit *test)
{
	u8 syn = XTCP_SYN | ECE_CWR;

	KUNIT_EXPECT_TRUE(test, xtcp_ecn_accept(syn, INET_ECN_NOT_ECT, 0,
						XTCP_ECN_PASSIVE, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_accept(syn, INET_ECN_NOT_ECT, 0,
						XTCP_ECN_ON, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_accept(syn, INET_ECN_NOT_ECT, 0,
						 XTCP_ECN_OFF, false));
	/* only one of the two bits: no request */
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_accept(XTCP_SYN | XTCP_ECE,
						 INET_ECN_NOT_ECT, 0,
						 XTCP_ECN_ON, false));
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_accept(XTCP_SYN, INET_ECN_NOT_ECT, 0,
						 XTCP_ECN_ON, true));
	/* an ECT SYN (RFC 3168 6.1.1), unless reserved bits are set */
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_accept(syn, INET_ECN_ECT_0, 0,
						 XTCP_ECN_ON, false));
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_accept(syn, INET_ECN_ECT_0, 1,
						XTCP_ECN_ON, false));
	/* an algorithm that needs ECN agrees whatever the sysctl */
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_accept(syn, INET_ECN_ECT_0, 0,
						XTCP_ECN_OFF, true));
}

/* our SYN's answer: a SYN,ACK with ECE alone, a SYN with both */
static void xtcp_ecn_test_answer(struct kunit *test)
{
	struct xtcp_ecn e = { .flags = XTCP_ECN_OK };

	xtcp_ecn_synack_rcvd(&e, XTCP_SYN | XTCP_ACK | XTCP_ECE);
	KUNIT_EXPECT_EQ(test, e.flags, XTCP_ECN_OK);
	xtcp_ecn_synack_rcvd(&e, XTCP_SYN | XTCP_ACK | ECE_CWR);
	KUNIT_EXPECT_EQ(test, e.flags, 0);
	e.flags = XTCP_ECN_OK;
	xtcp_ecn_synack_rcvd(&e, XTCP_SYN | XTCP_ACK);
	KUNIT_EXPECT_EQ(test, e.flags, 0);
	/* never turned on by the answer */
	xtcp_ecn_synack_rcvd(&e, XTCP_SYN | XTCP_ACK | XTCP_ECE);
	KUNIT_EXPECT_EQ(test, e.flags, 0);

	e.flags = XTCP_ECN_OK;
	xtcp_ecn_syn_rcvd(&e, XTCP_SYN | ECE_CWR);
	KUNIT_EXPECT_EQ(test, e.flags, XTCP_ECN_OK);
	xtcp_ecn_syn_rcvd(&e, XTCP_SYN | XTCP_ECE);
	KUNIT_EXPECT_EQ(test, e.flags, 0);
}

/* CE: ECE until CWR, two quick ACKs for the first of a run */
static void xtcp_ecn_test_receiver(struct kunit *test)
{
	struct xtcp_ecn e = { .flags = XTCP_ECN_OK };

	xtcp_ecn_ip_rcvd(&e, INET_ECN_ECT_0);
	KUNIT_EXPECT_EQ(test, e.flags, XTCP_ECN_OK | XTCP_ECN_SEEN);
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_quickack(&e));
	xtcp_ecn_ip_rcvd(&e, INET_ECN_CE);
	KUNIT_EXPECT_TRUE(test, e.flags & XTCP_ECN_DEMAND_CWR);
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_quickack(&e));
	/* a second CE before the CWR: no more quick ACKs */
	xtcp_ecn_ip_rcvd(&e, INET_ECN_CE);
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_quickack(&e));
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_quickack(&e));
	/* CWR on a pure ACK ends it; no quick ACK for it */
	xtcp_ecn_cwr_rcvd(&e, false);
	KUNIT_EXPECT_FALSE(test, e.flags & XTCP_ECN_DEMAND_CWR);
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_quickack(&e));
	/* CWR on data: its ACK goes at once */
	xtcp_ecn_cwr_rcvd(&e, true);
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_quickack(&e));
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_quickack(&e));
	/* a new CE after the CWR asks again */
	xtcp_ecn_ip_rcvd(&e, INET_ECN_CE);
	KUNIT_EXPECT_TRUE(test, e.flags & XTCP_ECN_DEMAND_CWR);
	/* not ECT after ECT was seen: a retransmission, answered quickly */
	e.quick = 0;
	xtcp_ecn_ip_rcvd(&e, INET_ECN_NOT_ECT);
	KUNIT_EXPECT_EQ(test, e.quick, XTCP_ECN_QUICKACKS);
}

/* ECT(0) on data sent for the first time only, across the wrap */
static void xtcp_ecn_test_new_data(struct kunit *test)
{
	struct xtcp_ecn e = { .snd_max = 0xfffffc01 };

	KUNIT_EXPECT_TRUE(test, xtcp_ecn_new_data(&e, 0xfffffc01, 1000));
	KUNIT_EXPECT_EQ(test, e.snd_max, 0xfffffc01 + 1000);
	KUNIT_EXPECT_TRUE(test, xtcp_ecn_new_data(&e, 0xfffffc01 + 1000, 2000));
	KUNIT_EXPECT_EQ(test, e.snd_max, 1977U);
	/* the same octets again: a retransmission */
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_new_data(&e, 0xfffffc01, 1000));
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_new_data(&e, 0xfffffc01 + 1000,
						   2000));
	/* no data (an ACK, a FIN alone) */
	KUNIT_EXPECT_FALSE(test, xtcp_ecn_new_data(&e, e.snd_max, 0));
	KUNIT_EXPECT_EQ(test, e.snd_max, 1977U);
}

static void xtcp_ecn_test_info(struct kunit *test)
{
	struct xtcp_ecn e = {};

	KUNIT_EXPECT_EQ(test, xtcp_ecn_info_options(&e), 0);
	e.flags = XTCP_ECN_OK;
	KUNIT_EXPECT_EQ(test, xtcp_ecn_info_options(&e), TCPI_OPT_ECN);
	e.flags |= XTCP_ECN_SEEN | XTCP_ECN_DEMAND_CWR;
	KUNIT_EXPECT_EQ(test, xtcp_ecn_info_options(&e),
			TCPI_OPT_ECN | TCPI_OPT_ECN_SEEN);
}

static void start(struct xtcp_cong *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->ops = &xtcp_cong_reno;
	xtcp_cong_start(cc, MSS, UNA);
}

/* one reduction a window; no growth until the ACK past it */
static void xtcp_ecn_test_once_per_window(struct kunit *test)
{
	u32 nxt = UNA + 20 * MSS;
	struct xtcp_cong cc;

	start(&cc);
	cc.cwnd = 20 * MSS;
	KUNIT_ASSERT_TRUE(test, xtcp_cong_ece(&cc, nxt, 20 * MSS));
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10 * MSS);	/* Reno: half */
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10 * MSS);
	KUNIT_EXPECT_TRUE(test, cc.in_cwr);
	KUNIT_EXPECT_TRUE(test, cc.cwr_pending);
	/* more ECE in the same window: nothing */
	KUNIT_EXPECT_FALSE(test, xtcp_cong_ece(&cc, nxt + MSS, 19 * MSS));
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10 * MSS);
	/* ACKs up to the data in flight then do not grow it */
	xtcp_cong_ack(&cc, UNA + 10 * MSS, 10 * MSS, false, nxt, 20 * MSS);
	xtcp_cong_ack(&cc, nxt, 10 * MSS, false, nxt, 10 * MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10 * MSS);
	KUNIT_EXPECT_TRUE(test, cc.in_cwr);
	/* the ACK past it ends the reduction and grows cwnd again */
	xtcp_cong_ack(&cc, nxt + 10 * MSS, 10 * MSS, false, nxt + 10 * MSS,
		      10 * MSS);
	KUNIT_EXPECT_FALSE(test, cc.in_cwr);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 11 * MSS);
	/* a new window: a new reduction */
	KUNIT_EXPECT_TRUE(test, xtcp_cong_ece(&cc, nxt + 21 * MSS,
					      11 * MSS));
	KUNIT_EXPECT_EQ(test, cc.cwnd, 5 * MSS + MSS / 2);
	/* never below two segments (Reno's floor) */
	start(&cc);
	cc.cwnd = 2 * MSS;
	KUNIT_ASSERT_TRUE(test, xtcp_cong_ece(&cc, UNA + 2 * MSS, 2 * MSS));
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2 * MSS);
}

/* with SACK too: no growth while CWR holds */
static void xtcp_ecn_test_once_per_window_sack(struct kunit *test)
{
	u32 nxt = UNA + 20 * MSS;
	struct xtcp_cong cc;

	start(&cc);
	cc.sack = true;
	cc.cwnd = 20 * MSS;
	xtcp_cong_ece(&cc, nxt, 20 * MSS);
	xtcp_cong_sack_ack(&cc, nxt, 20 * MSS, false, false, nxt, 20 * MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10 * MSS);
	xtcp_cong_sack_ack(&cc, nxt + MSS, MSS, false, false, nxt + 5 * MSS,
			   5 * MSS);
	KUNIT_EXPECT_FALSE(test, cc.in_cwr);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10 * MSS);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, MSS);	/* growing again */
}

/* loss recovery and ECN: one reduction between them, CWR asked by both */
static void xtcp_ecn_test_recovery(struct kunit *test)
{
	u32 nxt = UNA + 20 * MSS, flight = 20 * MSS;
	struct xtcp_cong cc;
	int i;

	/* ECE in fast recovery: already reduced */
	start(&cc);
	cc.cwnd = 20 * MSS;
	for (i = 0; i < 3; i++)
		xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight);
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);
	KUNIT_EXPECT_TRUE(test, cc.cwr_pending);
	KUNIT_EXPECT_FALSE(test, xtcp_cong_ece(&cc, nxt, flight));
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10 * MSS);

	/* a loss while CWR holds: recovery without a second reduction */
	start(&cc);
	cc.cwnd = 20 * MSS;
	xtcp_cong_ece(&cc, nxt, flight);
	cc.cwr_pending = false;		/* the CWR went out */
	for (i = 0; i < 3; i++)
		xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight);
	KUNIT_ASSERT_TRUE(test, cc.in_fast_recovery);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10 * MSS);
	KUNIT_EXPECT_FALSE(test, cc.in_cwr);
	KUNIT_EXPECT_FALSE(test, cc.cwr_pending);
	KUNIT_EXPECT_FALSE(test, cc.undo_ok);	/* congestion was proven */

	/* a timeout while CWR holds keeps its ssthresh, asks for CWR */
	start(&cc);
	cc.cwnd = 20 * MSS;
	xtcp_cong_ece(&cc, nxt, flight);
	cc.cwr_pending = false;
	xtcp_cong_timeout(&cc, nxt, flight);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10 * MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, MSS);
	KUNIT_EXPECT_FALSE(test, cc.in_cwr);
	KUNIT_EXPECT_TRUE(test, cc.cwr_pending);
	/* ECE after a timeout, in its recovery: nothing */
	KUNIT_EXPECT_FALSE(test, xtcp_cong_ece(&cc, nxt, flight));
}

/* a spurious fast retransmit's undo takes its CWR back */
static void xtcp_ecn_test_undo_withdraws_cwr(struct kunit *test)
{
	u32 nxt = UNA + 20 * MSS, flight = 20 * MSS;
	struct xtcp_cong cc;
	int i;

	start(&cc);
	cc.cwnd = 20 * MSS;
	for (i = 0; i < 3; i++)
		xtcp_cong_ack(&cc, UNA, 0, true, nxt, flight);
	xtcp_cong_retransmitted(&cc, 1000);
	KUNIT_ASSERT_TRUE(test, cc.cwr_pending);
	KUNIT_ASSERT_TRUE(test, xtcp_cong_spurious(&cc, 1100, 500));
	KUNIT_EXPECT_FALSE(test, cc.cwr_pending);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 20 * MSS);
}

/* ECN through a SYN cookie: bit 5 of the TSval, as Linux's TS_OPT_ECN */
static void xtcp_ecn_test_cookie_ts(struct kunit *test)
{
	struct xtcp_syncookie_opts o = { .wscale_ok = true, .wscale = 7,
					 .ecn_ok = true };
	u32 ts;

	ts = xtcp_syncookie_ts_encode(0x12345678, &o, true);
	KUNIT_EXPECT_EQ(test, ts & 0x3f, 0x37);
	KUNIT_EXPECT_TRUE(test, xtcp_syncookie_ts_ecn(ts));
	KUNIT_EXPECT_TRUE(test, xtcp_syncookie_ts_sack(ts));
	o.ecn_ok = false;
	ts = xtcp_syncookie_ts_encode(0x12345678, &o, true);
	KUNIT_EXPECT_EQ(test, ts & 0x3f, 0x17);
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_ts_ecn(ts));
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_ts_ecn(0));
}

static struct kunit_case xtcp_ecn_test_cases[] = {
	KUNIT_CASE(xtcp_ecn_test_want),
	KUNIT_CASE(xtcp_ecn_test_syn_flags),
	KUNIT_CASE(xtcp_ecn_test_accept),
	KUNIT_CASE(xtcp_ecn_test_answer),
	KUNIT_CASE(xtcp_ecn_test_receiver),
	KUNIT_CASE(xtcp_ecn_test_new_data),
	KUNIT_CASE(xtcp_ecn_test_info),
	KUNIT_CASE(xtcp_ecn_test_once_per_window),
	KUNIT_CASE(xtcp_ecn_test_once_per_window_sack),
	KUNIT_CASE(xtcp_ecn_test_recovery),
	KUNIT_CASE(xtcp_ecn_test_undo_withdraws_cwr),
	KUNIT_CASE(xtcp_ecn_test_cookie_ts),
	{}
};

static struct kunit_suite xtcp_ecn_test_suite = {
	.name = "xtcp_ecn",
	.test_cases = xtcp_ecn_test_cases,
};

kunit_test_suite(xtcp_ecn_test_suite);
