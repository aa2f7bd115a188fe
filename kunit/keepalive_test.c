// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's keepalive (module/keepalive.c, the end of
 * module/fsm.c): when the timer probes, waits or gives up
 * (xtcp_ka_next(), driven on a virtual clock as the timer would), and
 * the probe segment's fields.
 */
#include <kunit/test.h>

#include "../module/fsm.h"
#include "../module/keepalive.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

static const struct xtcp_ka_cfg cfg_1s = {
	.idle_ms	= 1000,
	.intvl_ms	= 500,
	.cnt		= 3,
};

/* Before the idle time nothing is sent; the timer waits what is left. */
static void xtcp_ka_test_waits_for_idle(struct kunit *test)
{
	u32 wait_ms = 0;
	u8 probes = 0;

	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg_1s, 300, 0, false, &probes,
					   &wait_ms), XTCP_KA_WAIT);
	KUNIT_ASSERT_EQ(test, wait_ms, 700);
	KUNIT_ASSERT_EQ(test, probes, 0);
	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg_1s, 999, 0, false, &probes,
					   &wait_ms), XTCP_KA_WAIT);
	KUNIT_ASSERT_EQ(test, wait_ms, 1);
}

/* At the idle time the first probe, then the interval. */
static void xtcp_ka_test_first_probe(struct kunit *test)
{
	u32 wait_ms = 0;
	u8 probes = 0;

	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg_1s, 1000, 0, false, &probes,
					   &wait_ms), XTCP_KA_PROBE);
	KUNIT_ASSERT_EQ(test, probes, 1);
	KUNIT_ASSERT_EQ(test, wait_ms, 500);
}

/*
 * Driven as the timer drives it, with a peer that never answers: probes
 * at idle, idle + intvl, idle + 2 intvl; given up at idle + cnt * intvl.
 */
static void xtcp_ka_test_schedule_gives_up(struct kunit *test)
{
	u32 now = 0, last_probe = 0, wait_ms = 0, sent[8];
	enum xtcp_ka_todo todo;
	unsigned int n = 0;
	u8 probes = 0;

	for (;;) {
		todo = xtcp_ka_next(&cfg_1s, now, now - last_probe, false,
				    &probes, &wait_ms);
		if (todo == XTCP_KA_GIVE_UP)
			break;
		if (todo == XTCP_KA_PROBE) {
			KUNIT_ASSERT_LT(test, n, ARRAY_SIZE(sent));
			sent[n++] = now;
			last_probe = now;
		}
		KUNIT_ASSERT_GT(test, wait_ms, 0);
		now += wait_ms;
	}
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, sent[0], 1000);
	KUNIT_EXPECT_EQ(test, sent[1], 1500);
	KUNIT_EXPECT_EQ(test, sent[2], 2000);
	KUNIT_EXPECT_EQ(test, now, 1000 + 3 * 500);
	KUNIT_EXPECT_EQ(test, probes, 3);
}

/* TCP_KEEPCNT 1: one probe, then the end one interval later. */
static void xtcp_ka_test_count_one(struct kunit *test)
{
	struct xtcp_ka_cfg cfg = cfg_1s;
	u32 wait_ms = 0;
	u8 probes = 0;

	cfg.cnt = 1;
	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg, 1000, 0, false, &probes,
					   &wait_ms), XTCP_KA_PROBE);
	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg, 1500, 500, false, &probes,
					   &wait_ms), XTCP_KA_GIVE_UP);
}

/*
 * Anything received after a probe answers it: the count starts again and
 * the next probe waits for a full idle time after that segment.
 */
static void xtcp_ka_test_reset_by_segment(struct kunit *test)
{
	u32 wait_ms = 0;
	u8 probes = 2;

	/* the last probe went 500 ms ago, a segment came 100 ms ago */
	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg_1s, 100, 500, false, &probes,
					   &wait_ms), XTCP_KA_WAIT);
	KUNIT_ASSERT_EQ(test, probes, 0);
	KUNIT_ASSERT_EQ(test, wait_ms, 900);
	/* nothing since the last probe: it stays unanswered */
	probes = 2;
	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg_1s, 2000, 500, false, &probes,
					   &wait_ms), XTCP_KA_PROBE);
	KUNIT_ASSERT_EQ(test, probes, 3);
}

/* A live peer that answers every probe keeps the connection for ever. */
static void xtcp_ka_test_live_peer(struct kunit *test)
{
	u32 now = 0, last_rcv = 0, last_probe = 0, wait_ms = 0;
	unsigned int i, probes_sent = 0;
	enum xtcp_ka_todo todo;
	u8 probes = 0;

	for (i = 0; i < 100; i++) {
		todo = xtcp_ka_next(&cfg_1s, now - last_rcv, now - last_probe,
				    false, &probes, &wait_ms);
		KUNIT_ASSERT_NE(test, todo, XTCP_KA_GIVE_UP);
		if (todo == XTCP_KA_PROBE) {
			probes_sent++;
			last_probe = now;
			last_rcv = now + 1;	/* the ACK, 1 ms later */
		}
		now += wait_ms;
	}
	KUNIT_EXPECT_GE(test, probes_sent, 40);
	KUNIT_EXPECT_LE(test, probes, 1);
}

/* Data in flight: the retransmission timer watches the peer, no probe. */
static void xtcp_ka_test_busy(struct kunit *test)
{
	u32 wait_ms = 0;
	u8 probes = 0;

	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg_1s, 5000, 0, true, &probes,
					   &wait_ms), XTCP_KA_WAIT);
	KUNIT_ASSERT_EQ(test, wait_ms, 1000);
	KUNIT_ASSERT_EQ(test, probes, 0);
}

/* TCP_USER_TIMEOUT, when set, decides instead of TCP_KEEPCNT (Linux). */
static void xtcp_ka_test_user_timeout(struct kunit *test)
{
	struct xtcp_ka_cfg cfg = cfg_1s;
	u32 wait_ms = 0;
	u8 probes = 0;

	cfg.cnt = 9;
	cfg.user_timeout_ms = 1200;
	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg, 1300, 0, false, &probes,
					   &wait_ms), XTCP_KA_PROBE);
	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg, 1800, 500, false, &probes,
					   &wait_ms), XTCP_KA_GIVE_UP);
	/* never before one probe went unanswered */
	probes = 0;
	KUNIT_ASSERT_EQ(test, xtcp_ka_next(&cfg, 5000, 0, false, &probes,
					   &wait_ms), XTCP_KA_PROBE);
}

static void est_tcb(struct xtcp_tcb *tcb)
{
	xtcp_fsm_init(tcb, 4000, 5001, 1460);
	tcb->state = TCP_ESTABLISHED;
	tcb->iss = 999;
	tcb->snd_una = 1000;
	tcb->snd_nxt = 1000;
	tcb->irs = 4999;
	tcb->rcv_nxt = 5000;
	tcb->rcv_wnd = 4096;
	tcb->snd_wnd = 8192;
}

/* <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>, no data, the TCB unchanged. */
static void xtcp_ka_test_probe_segment(struct kunit *test)
{
	struct xtcp_tcb tcb, before;
	struct xtcp_fsm_out out;

	est_tcb(&tcb);
	before = tcb;
	xtcp_fsm_keepalive_probe(&tcb, &out);
	KUNIT_ASSERT_EQ(test, out.actions, XTCP_ACT_SEND);
	KUNIT_EXPECT_EQ(test, out.seg.seq, 999);
	KUNIT_EXPECT_EQ(test, out.seg.ack, 5000);
	KUNIT_EXPECT_EQ(test, out.seg.flags, XTCP_ACK);
	KUNIT_EXPECT_EQ(test, out.seg.payload_len, 0);
	KUNIT_EXPECT_EQ(test, out.seg.sport, 4000);
	KUNIT_EXPECT_EQ(test, out.seg.dport, 5001);
	KUNIT_EXPECT_EQ(test, out.seg.window, 4096);
	KUNIT_EXPECT_FALSE(test, out.seg.has_mss);
	KUNIT_EXPECT_EQ(test, out.err, 0);
	KUNIT_EXPECT_EQ(test, memcmp(&tcb, &before, sizeof(tcb)), 0);
	/* SND.UNA 0: the sequence number wraps */
	tcb.snd_una = 0;
	xtcp_fsm_keepalive_probe(&tcb, &out);
	KUNIT_EXPECT_EQ(test, out.seg.seq, U32_MAX);
}

/* Only ESTABLISHED, FIN-WAIT-1/2 and CLOSE-WAIT probe. */
static void xtcp_ka_test_probe_states(struct kunit *test)
{
	static const int probing[] = {
		TCP_ESTABLISHED, TCP_FIN_WAIT1, TCP_FIN_WAIT2, TCP_CLOSE_WAIT,
	};
	static const int quiet[] = {
		TCP_CLOSE, TCP_LISTEN, TCP_SYN_SENT, TCP_SYN_RECV,
		TCP_CLOSING, TCP_LAST_ACK, TCP_TIME_WAIT,
	};
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;
	unsigned int i;

	est_tcb(&tcb);
	for (i = 0; i < ARRAY_SIZE(probing); i++) {
		tcb.state = probing[i];
		xtcp_fsm_keepalive_probe(&tcb, &out);
		KUNIT_EXPECT_EQ_MSG(test, out.actions, XTCP_ACT_SEND,
				    "state %d", probing[i]);
	}
	for (i = 0; i < ARRAY_SIZE(quiet); i++) {
		tcb.state = quiet[i];
		xtcp_fsm_keepalive_probe(&tcb, &out);
		KUNIT_EXPECT_EQ_MSG(test, out.actions, 0, "state %d",
				    quiet[i]);
	}
}

static struct kunit_case xtcp_ka_test_cases[] = {
	KUNIT_CASE(xtcp_ka_test_waits_for_idle),
	KUNIT_CASE(xtcp_ka_test_first_probe),
	KUNIT_CASE(xtcp_ka_test_schedule_gives_up),
	KUNIT_CASE(xtcp_ka_test_count_one),
	KUNIT_CASE(xtcp_ka_test_reset_by_segment),
	KUNIT_CASE(xtcp_ka_test_live_peer),
	KUNIT_CASE(xtcp_ka_test_busy),
	KUNIT_CASE(xtcp_ka_test_user_timeout),
	KUNIT_CASE(xtcp_ka_test_probe_segment),
	KUNIT_CASE(xtcp_ka_test_probe_states),
	{}
};

static struct kunit_suite xtcp_ka_test_suite = {
	.name = "xtcp_keepalive",
	.test_cases = xtcp_ka_test_cases,
};

kunit_test_suite(xtcp_ka_test_suite);
