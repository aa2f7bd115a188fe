// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's TCP timestamps (RFC 7323; module/tsopt.c and
 * the option in module/wire.c): the option built and parsed in Linux's
 * layout, PAWS (tcp_paws_check(), tcp_paws_reject(), tcp_disordered_ack()),
 * the update rule of TS.Recent, RTT samples from TSecr, the room the
 * option takes from the MSS, and the TIME-WAIT reuse decision of
 * tcp_twsk_unique().
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include "../module/fsm.h"
#include "../module/tsopt.h"
#include "../module/wire.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* A SYN with MSS, Timestamps and Window Scale: Linux's layout and order. */
static void xtcp_tsopt_test_build_syn(struct kunit *test)
{
	static const u8 opts[] = {
		2, 4, 0x05, 0xb4,			/* MSS 1460 */
		1, 1, 8, 10,				/* NOP NOP TS */
		0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0,	/* TSval, TSecr 0 */
		1, 3, 3, 7,				/* NOP WS 7 */
	};
	struct xtcp_seg in = {
		.sport = 40000, .dport = 80, .seq = 1, .flags = XTCP_SYN,
		.window = 65535, .has_mss = true, .mss = 1460,
		.has_wscale = true, .wscale = 7,
		.has_ts = true, .tsval = 0x12345678, .tsecr = 0,
	};
	struct xtcp_seg out;
	u8 buf[XTCP_HDR_MAX];
	int len;

	len = xtcp_wire_build(buf, sizeof(buf), &in);
	KUNIT_ASSERT_EQ(test, len, XTCP_HDR_MIN + (int)sizeof(opts));
	KUNIT_ASSERT_EQ(test, buf[12], (len / 4) << 4);
	KUNIT_ASSERT_EQ(test, memcmp(buf + XTCP_HDR_MIN, opts, sizeof(opts)), 0);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, len, &out), XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, out.has_ts);
	KUNIT_ASSERT_EQ(test, out.tsval, 0x12345678);
	KUNIT_ASSERT_EQ(test, out.tsecr, 0);
	KUNIT_ASSERT_TRUE(test, out.has_mss && out.has_wscale);
	KUNIT_ASSERT_EQ(test, out.mss, 1460);
	KUNIT_ASSERT_EQ(test, out.wscale, 7);
}

/* On any segment: NOP NOP TS, 12 octets; TSecr at full 32 bits. */
static void xtcp_tsopt_test_build_ack(struct kunit *test)
{
	struct xtcp_seg in = {
		.sport = 1, .dport = 2, .flags = XTCP_ACK, .has_ts = true,
		.tsval = 0xdeadbeef, .tsecr = 0xfffffffe,
	};
	struct xtcp_seg out;
	u8 buf[XTCP_HDR_MAX];
	int len;

	len = xtcp_wire_build(buf, sizeof(buf), &in);
	KUNIT_ASSERT_EQ(test, len, XTCP_HDR_MIN + XTCP_OPT_TS_ALIGNED);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, len, &out), XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, out.has_ts);
	KUNIT_ASSERT_FALSE(test, out.has_mss);
	KUNIT_ASSERT_EQ(test, out.tsval, 0xdeadbeef);
	KUNIT_ASSERT_EQ(test, out.tsecr, 0xfffffffe);

	in.has_ts = false;
	len = xtcp_wire_build(buf, sizeof(buf), &in);
	KUNIT_ASSERT_EQ(test, len, XTCP_HDR_MIN);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, len, &out), XTCP_DROP_NONE);
	KUNIT_ASSERT_FALSE(test, out.has_ts);
}

/* Unaligned (no NOPs) is read; a wrong length is a malformed header. */
static void xtcp_tsopt_test_parse_odd(struct kunit *test)
{
	u8 hdr[XTCP_HDR_MIN + 12] = {
		[12] = 8 << 4,
		[20] = 8, [21] = 10, [22] = 0, [23] = 0, [24] = 1, [25] = 2,
		[26] = 0, [27] = 0, [28] = 0, [29] = 9, [30] = 0, [31] = 0,
	};
	struct xtcp_seg out;

	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(hdr, sizeof(hdr), &out),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, out.has_ts);
	KUNIT_ASSERT_EQ(test, out.tsval, 0x102);
	KUNIT_ASSERT_EQ(test, out.tsecr, 9);

	hdr[21] = 9;
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(hdr, sizeof(hdr), &out),
			XTCP_DROP_BAD_OPTION);
}

/* tcp_paws_check(): older by more than the window fails, but... */
static void xtcp_tsopt_test_paws_check(struct kunit *test)
{
	const u32 now = 100000;

	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_check(1000, now, 1000, 0, now));
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_check(1000, now, 1001, 0, now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_check(1000, now, 999, 0, now));
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_check(1000, now, 999, 1, now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_check(1000, now, 998, 1, now));
	/* ... newer across the wrap of 2^32 passes */
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_check(0xfffffff0, now, 5, 0, now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_check(5, now, 0xfffffff0, 0,
						    now));
	/* ... TS.Recent 0 (a peer's SYN with TSval 0) proves nothing */
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_check(0, now, 0xfffffff0, 0, now));
	/* ... nor one 24 days old (RFC 7323 5.5) */
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_check(1000, now - XTCP_PAWS_24DAYS,
						   999, 0, now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_check(1000,
						    now - XTCP_PAWS_24DAYS + 1,
						    999, 0, now));
}

/* tcp_paws_reject(): a reset's timestamp counts for an MSL only. */
static void xtcp_tsopt_test_paws_reject(struct kunit *test)
{
	const u32 now = 100000;

	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_reject(1000, now, 999, false, now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_reject(1000, now, 1000, false,
						     now));
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_reject(1000, now - 59, 999, true,
						    now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_reject(1000, now - 60, 999, true,
						     now));
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_reject(1000, now - 60, 999, false,
						    now));
}

static void est_tcb(struct xtcp_tcb *tcb)
{
	xtcp_fsm_init(tcb, 80, 40000, 1460);	/* RTO 1 s */
	tcb->state = TCP_ESTABLISHED;
	tcb->rcv_nxt = 5000;
	tcb->rcv_wnd = 65535;
	tcb->snd_una = 7000;
	tcb->snd_nxt = 7000;
	tcb->snd_wnd = 65535;
	tcb->snd_wl1 = 5000;
	tcb->snd_wl2 = 7000;
	tcb->ts.ok = true;
	tcb->ts.recent = 100000;
	tcb->ts.recent_stamp = 500;
	tcb->ts.last_ack_sent = 5000;
}

/* tcp_paws_discard(): old data goes; a reordered duplicate ACK does not. */
static void xtcp_tsopt_test_paws_discard(struct kunit *test)
{
	struct xtcp_seg seg = {
		.seq = 5000, .ack = 7000, .flags = XTCP_ACK, .window = 65535,
		.has_ts = true, .tsval = 100000 - 10, .payload_len = 10,
	};
	struct xtcp_tcb tcb;

	est_tcb(&tcb);
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_discard(&tcb, &seg, 500));
	seg.tsval = 100000 - 1;				/* the window */
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_discard(&tcb, &seg, 500));

	/* a pure duplicate ACK, 1024 ticks (an RTO of 1 s) old at most */
	seg.payload_len = 0;
	seg.tsval = 100000 - 1024;
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_discard(&tcb, &seg, 500));
	seg.tsval = 100000 - 1025;
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_discard(&tcb, &seg, 500));
	/* not a duplicate: it acknowledges new data */
	seg.tsval = 100000 - 10;
	tcb.snd_nxt = 8000;
	seg.ack = 7500;
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_discard(&tcb, &seg, 500));
	/* would update the window */
	seg.ack = 7000;
	seg.seq = 5000;
	tcb.snd_wnd = 1000;
	KUNIT_ASSERT_TRUE(test, xtcp_ts_paws_discard(&tcb, &seg, 500));
	tcb.snd_wnd = 65535;
	KUNIT_ASSERT_FALSE(test, xtcp_ts_paws_discard(&tcb, &seg, 500));
}

/* RFC 7323 4.3: TS.Recent from segments up to Last.ACK.sent, not older. */
static void xtcp_tsopt_test_replace_recent(struct kunit *test)
{
	struct xtcp_seg seg = {
		.seq = 5000, .flags = XTCP_ACK, .has_ts = true, .tsval = 100005,
		.payload_len = 100,
	};
	struct xtcp_tcb tcb;

	est_tcb(&tcb);
	KUNIT_ASSERT_TRUE(test, xtcp_ts_replace_recent(&tcb.ts, &seg, 600));
	KUNIT_ASSERT_EQ(test, tcb.ts.recent, 100005);
	KUNIT_ASSERT_EQ(test, tcb.ts.recent_stamp, 600);
	/* a delayed ACK pending: the next segment is beyond Last.ACK.sent */
	seg.seq = 5100;
	seg.tsval = 100009;
	KUNIT_ASSERT_FALSE(test, xtcp_ts_replace_recent(&tcb.ts, &seg, 601));
	KUNIT_ASSERT_EQ(test, tcb.ts.recent, 100005);
	/* older than TS.Recent */
	seg.seq = 5000;
	seg.tsval = 100004;
	KUNIT_ASSERT_FALSE(test, xtcp_ts_replace_recent(&tcb.ts, &seg, 601));
	/* no option */
	seg.tsval = 100010;
	seg.has_ts = false;
	KUNIT_ASSERT_FALSE(test, xtcp_ts_replace_recent(&tcb.ts, &seg, 601));
	KUNIT_ASSERT_EQ(test, tcb.ts.recent, 100005);
}

/* tcp_rtt_tsopt_us(): in ms ticks, at least one, none from the future. */
static void xtcp_tsopt_test_rtt(struct kunit *test)
{
	const u32 off = 0xfffff000;	/* TSvals wrap before the clock */

	KUNIT_ASSERT_EQ(test, xtcp_ts_rtt_us(5000, 5000 + off - 30, off),
			30000);
	KUNIT_ASSERT_EQ(test, xtcp_ts_rtt_us(5000, 5000 + off, off), 1000);
	KUNIT_ASSERT_EQ(test, xtcp_ts_rtt_us(5000, 5000 + off + 1, off), 0);
}

/* tcp_current_mss(): the option's 12 octets come off the MSS. */
static void xtcp_tsopt_test_send_mss(struct kunit *test)
{
	struct xtcp_tcb tcb;

	xtcp_fsm_init(&tcb, 80, 40000, 1460);
	tcb.snd_mss = 1460;
	KUNIT_ASSERT_EQ(test, xtcp_fsm_send_mss(&tcb), 1460);
	tcb.ts.ok = true;
	KUNIT_ASSERT_EQ(test, xtcp_fsm_send_mss(&tcb), 1448);
	tcb.snd_mss = 536;
	KUNIT_ASSERT_EQ(test, xtcp_fsm_send_mss(&tcb), 524);
}

/* tcp_twsk_unique(): timestamps, a second, and the sysctl's scope. */
static void xtcp_tsopt_test_tw_reusable(struct kunit *test)
{
	const u32 now = 1000;

	KUNIT_ASSERT_TRUE(test, xtcp_ts_tw_reusable(XTCP_TW_REUSE_ON, false,
						    false, now - 2, now));
	KUNIT_ASSERT_TRUE(test, xtcp_ts_tw_reusable(XTCP_TW_REUSE_ON, false,
						    false, now - 1, now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_tw_reusable(XTCP_TW_REUSE_ON, false,
						     false, now, now));
	/* no timestamps: never */
	KUNIT_ASSERT_FALSE(test, xtcp_ts_tw_reusable(XTCP_TW_REUSE_ON, true,
						     true, 0, now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_tw_reusable(XTCP_TW_REUSE_OFF, true,
						     false, now - 2, now));
	KUNIT_ASSERT_TRUE(test, xtcp_ts_tw_reusable(XTCP_TW_REUSE_LOOPBACK,
						    true, false, now - 2, now));
	KUNIT_ASSERT_FALSE(test, xtcp_ts_tw_reusable(XTCP_TW_REUSE_LOOPBACK,
						     false, false, now - 2,
						     now));
	/* a port the user bound: whatever the sysctl, at once */
	KUNIT_ASSERT_TRUE(test, xtcp_ts_tw_reusable(XTCP_TW_REUSE_OFF, false,
						    true, now, now));
}

/* TCP_TW_SYN: a SYN past the old connection, in sequence or in time. */
static void xtcp_tsopt_test_tw_new_syn(struct kunit *test)
{
	struct xtcp_seg seg = {
		.seq = 1000, .flags = XTCP_SYN, .has_ts = true, .tsval = 500,
	};

	KUNIT_ASSERT_FALSE(test, xtcp_ts_tw_new_syn(&seg, 1000, 500, 7));
	KUNIT_ASSERT_TRUE(test, xtcp_ts_tw_new_syn(&seg, 999, 500, 7));
	seg.tsval = 501;
	KUNIT_ASSERT_TRUE(test, xtcp_ts_tw_new_syn(&seg, 1000, 500, 7));
	/* the old connection had no timestamps: sequence numbers only */
	KUNIT_ASSERT_FALSE(test, xtcp_ts_tw_new_syn(&seg, 1000, 0, 0));
	/* only a bare SYN */
	seg.flags = XTCP_SYN | XTCP_ACK;
	KUNIT_ASSERT_FALSE(test, xtcp_ts_tw_new_syn(&seg, 999, 500, 7));
	seg.flags = XTCP_SYN | XTCP_RST;
	KUNIT_ASSERT_FALSE(test, xtcp_ts_tw_new_syn(&seg, 999, 500, 7));
}

static void xtcp_tsopt_test_reuse_iss(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, xtcp_ts_reuse_iss(100), 100 + 65537);
	KUNIT_ASSERT_EQ(test, xtcp_ts_reuse_iss(0xffffffff), 65536);
	KUNIT_ASSERT_EQ(test, xtcp_ts_reuse_iss((u32)-65537), 1);
}

static struct kunit_case xtcp_tsopt_test_cases[] = {
	KUNIT_CASE(xtcp_tsopt_test_build_syn),
	KUNIT_CASE(xtcp_tsopt_test_build_ack),
	KUNIT_CASE(xtcp_tsopt_test_parse_odd),
	KUNIT_CASE(xtcp_tsopt_test_paws_check),
	KUNIT_CASE(xtcp_tsopt_test_paws_reject),
	KUNIT_CASE(xtcp_tsopt_test_paws_discard),
	KUNIT_CASE(xtcp_tsopt_test_replace_recent),
	KUNIT_CASE(xtcp_tsopt_test_rtt),
	KUNIT_CASE(xtcp_tsopt_test_send_mss),
	KUNIT_CASE(xtcp_tsopt_test_tw_reusable),
	KUNIT_CASE(xtcp_tsopt_test_tw_new_syn),
	KUNIT_CASE(xtcp_tsopt_test_reuse_iss),
	{}
};

static struct kunit_suite xtcp_tsopt_test_suite = {
	.name = "xtcp_tsopt",
	.test_cases = xtcp_tsopt_test_cases,
};

kunit_test_suite(xtcp_tsopt_test_suite);
