// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pure logic of ICMP errors (module/icmp.c, ipv4.c and
 * ipv6.c, with the state machine's and loss recovery's parts of it): what
 * each type and code asks and the errno it gives (Linux's tcp_v4_err()
 * and icmp_err_convert[], tcp_v6_err() and icmpv6_err_convert()), the
 * sequence check on the quoted segment across wraparound, which errors
 * end a listener's child, the send MSS a path MTU gives in each family
 * and its floor, a connection being opened failing at once while a
 * synchronized one keeps going, and the window keeping its count of
 * segments when the MSS drops.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/ndisc.h>

#include "../module/af.h"
#include "../module/cong.h"
#include "../module/fsm.h"
#include "../module/icmp.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/**
 * struct icmp_case - an ICMP type and code, and what it must ask
 * @type: ICMP type
 * @code: ICMP code
 * @todo: the &enum xtcp_icmp_todo
 * @err: with XTCP_ICMP_ERROR, the errno
 */
struct icmp_case {
	u8	type;
	u8	code;
	int	todo;
	int	err;
};

static const struct icmp_case cases[] = {
	{ ICMP_DEST_UNREACH, ICMP_NET_UNREACH, XTCP_ICMP_ERROR, ENETUNREACH },
	{ ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, XTCP_ICMP_ERROR, EHOSTUNREACH },
	/* what a host without xtcp answers */
	{ ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, XTCP_ICMP_ERROR, ENOPROTOOPT },
	{ ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, XTCP_ICMP_ERROR, ECONNREFUSED },
	{ ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, XTCP_ICMP_PMTU, 0 },
	{ ICMP_DEST_UNREACH, ICMP_HOST_UNKNOWN, XTCP_ICMP_ERROR, EHOSTDOWN },
	{ ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, XTCP_ICMP_ERROR, EHOSTUNREACH },
	{ ICMP_DEST_UNREACH, NR_ICMP_UNREACH, XTCP_ICMP_ERROR, EHOSTUNREACH },
	{ ICMP_DEST_UNREACH, NR_ICMP_UNREACH + 1, XTCP_ICMP_IGNORE, 0 },
	{ ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, XTCP_ICMP_ERROR, EHOSTUNREACH },
	{ ICMP_PARAMETERPROB, 0, XTCP_ICMP_ERROR, EPROTO },
	{ ICMP_REDIRECT, ICMP_REDIR_HOST, XTCP_ICMP_REDIRECT, 0 },
	{ ICMP_SOURCE_QUENCH, 0, XTCP_ICMP_IGNORE, 0 },
	{ ICMP_ECHOREPLY, 0, XTCP_ICMP_IGNORE, 0 },
};

/* tcp_v6_err(): icmpv6_err_convert()'s errno, and whether a child goes */
static const struct icmp_case cases6[] = {
	{ ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, XTCP_ICMP_ERROR, ENETUNREACH },
	{ ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED, XTCP_ICMP_ERROR, EACCES },
	{ ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, XTCP_ICMP_ERROR,
	  EHOSTUNREACH },
	{ ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, XTCP_ICMP_ERROR,
	  ECONNREFUSED },
	{ ICMPV6_PKT_TOOBIG, 0, XTCP_ICMP_PMTU, EMSGSIZE },
	{ ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT, XTCP_ICMP_ERROR,
	  EHOSTUNREACH },
	/* what a host without xtcp answers (ip6_protocol_deliver_rcu()) */
	{ ICMPV6_PARAMPROB, ICMPV6_UNK_NEXTHDR, XTCP_ICMP_ERROR, EPROTO },
	{ NDISC_REDIRECT, 0, XTCP_ICMP_REDIRECT, EPROTO },
};

static void xtcp_icmp_test_classify(struct kunit *test)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct icmp_case *c = &cases[i];

		err = 0;
		KUNIT_ASSERT_EQ_MSG(test, xtcp_icmp4_classify(c->type, c->code,
							      &err),
				    c->todo, "type %u code %u", c->type, c->code);
		KUNIT_ASSERT_EQ_MSG(test, err, c->err, "type %u code %u",
				    c->type, c->code);
	}
}

static void xtcp_icmp_test_classify6(struct kunit *test)
{
	bool fatal;
	int i, err;

	for (i = 0; i < ARRAY_SIZE(cases6); i++) {
		const struct icmp_case *c = &cases6[i];

		err = 0;
		KUNIT_ASSERT_EQ_MSG(test, xtcp_icmp6_classify(c->type, c->code,
							      &err, &fatal),
				    c->todo, "type %u code %u", c->type, c->code);
		KUNIT_ASSERT_EQ_MSG(test, err, c->err, "type %u code %u",
				    c->type, c->code);
	}
	/* the child goes on port unreachable, a parameter problem */
	xtcp_icmp6_classify(ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, &err,
			    &fatal);
	KUNIT_ASSERT_TRUE(test, fatal);
	xtcp_icmp6_classify(ICMPV6_PARAMPROB, ICMPV6_UNK_NEXTHDR, &err, &fatal);
	KUNIT_ASSERT_TRUE(test, fatal);
	/* not on no route, packet too big or time exceeded */
	xtcp_icmp6_classify(ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, &err, &fatal);
	KUNIT_ASSERT_FALSE(test, fatal);
	xtcp_icmp6_classify(ICMPV6_PKT_TOOBIG, 0, &err, &fatal);
	KUNIT_ASSERT_FALSE(test, fatal);
	xtcp_icmp6_classify(ICMPV6_TIME_EXCEED, 0, &err, &fatal);
	KUNIT_ASSERT_FALSE(test, fatal);
}

static bool seq_ok(u32 una, u32 nxt, u32 seq)
{
	struct xtcp_tcb tcb = { .snd_una = una, .snd_nxt = nxt };

	return xtcp_icmp_seq_ok(&tcb, seq);
}

/* SND.UNA =< SEG.SEQ =< SND.NXT, both ends in, as tcp_v4_err()'s between() */
static void xtcp_icmp_test_seq(struct kunit *test)
{
	KUNIT_ASSERT_FALSE(test, seq_ok(1000, 2000, 999));
	KUNIT_ASSERT_TRUE(test, seq_ok(1000, 2000, 1000));
	KUNIT_ASSERT_TRUE(test, seq_ok(1000, 2000, 1500));
	KUNIT_ASSERT_TRUE(test, seq_ok(1000, 2000, 2000));
	KUNIT_ASSERT_FALSE(test, seq_ok(1000, 2000, 2001));
	KUNIT_ASSERT_FALSE(test, seq_ok(1000, 2000, 1000 + 0x80000000));
	/* nothing in flight: only SND.NXT */
	KUNIT_ASSERT_TRUE(test, seq_ok(1000, 1000, 1000));
	KUNIT_ASSERT_FALSE(test, seq_ok(1000, 1000, 1001));
	KUNIT_ASSERT_FALSE(test, seq_ok(1000, 1000, 999));
}

static void xtcp_icmp_test_seq_wrap(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, seq_ok(0xfffffff0, 0x10, 0xfffffff0));
	KUNIT_ASSERT_TRUE(test, seq_ok(0xfffffff0, 0x10, 0xffffffff));
	KUNIT_ASSERT_TRUE(test, seq_ok(0xfffffff0, 0x10, 0));
	KUNIT_ASSERT_TRUE(test, seq_ok(0xfffffff0, 0x10, 0x10));
	KUNIT_ASSERT_FALSE(test, seq_ok(0xfffffff0, 0x10, 0x11));
	KUNIT_ASSERT_FALSE(test, seq_ok(0xfffffff0, 0x10, 0xffffffef));
}

/* tcp_req_err(): only these drop a child in SYN-RECEIVED */
static void xtcp_icmp_test_embryo_fatal(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, xtcp_icmp4_embryo_fatal(ICMP_DEST_UNREACH,
							ICMP_NET_UNREACH));
	KUNIT_ASSERT_TRUE(test, xtcp_icmp4_embryo_fatal(ICMP_DEST_UNREACH,
							ICMP_HOST_UNREACH));
	KUNIT_ASSERT_TRUE(test, xtcp_icmp4_embryo_fatal(ICMP_TIME_EXCEEDED, 0));
	KUNIT_ASSERT_TRUE(test, xtcp_icmp4_embryo_fatal(ICMP_PARAMETERPROB, 0));
	KUNIT_ASSERT_FALSE(test, xtcp_icmp4_embryo_fatal(ICMP_DEST_UNREACH,
							 ICMP_PROT_UNREACH));
	KUNIT_ASSERT_FALSE(test, xtcp_icmp4_embryo_fatal(ICMP_DEST_UNREACH,
							 ICMP_PORT_UNREACH));
	KUNIT_ASSERT_FALSE(test, xtcp_icmp4_embryo_fatal(ICMP_DEST_UNREACH,
							 ICMP_PKT_FILTERED));
}

/* the MTU less 40 octets of headers (60 in IPv6); never below the floor */
static void xtcp_icmp_test_mss(struct kunit *test)
{
	const struct xtcp_af_ops *v4 = &xtcp_ipv4_ops, *v6 = &xtcp_ipv6_ops;

	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v4, 1500, 48), 1460);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v4, 1280, 48), 1240);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v4, 552, 48), 512);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v4, 576, 48), 536);
	/* RFC 791's 68, and less, and the sysctl's floor */
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v4, 68, 48), 48);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v4, 0, 48), 48);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v4, 1280, 1300), 1300);
	/* loopback's 65536: the largest IPv4 packet's */
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v4, 65536, 48), 65535 - 40);
	/* IPv6: its least MTU, 1280 (RFC 8200 5), and Ethernet's */
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v6, 1280, 48), 1220);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v6, 1500, 48), 1440);
	KUNIT_ASSERT_EQ(test, xtcp_icmp_mss(v6, 1280, 1300), 1300);
}

/* SYN-SENT and SYN-RECEIVED fail at once with the errno; ESTABLISHED not */
static void xtcp_icmp_test_fsm_unreachable(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct xtcp_tcb tcb;

	xtcp_fsm_init(&tcb, 40000, 80, 1460);
	xtcp_fsm_connect(&tcb, 1000, &out);
	xtcp_fsm_unreachable(&tcb, -EHOSTUNREACH, &out);
	KUNIT_ASSERT_EQ(test, tcb.state, TCP_CLOSE);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_DELETE);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_RTX_STOP);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_SEND);
	KUNIT_ASSERT_EQ(test, out.err, -EHOSTUNREACH);

	xtcp_fsm_init(&tcb, 40000, 80, 1460);
	tcb.state = TCP_SYN_RECV;
	xtcp_fsm_unreachable(&tcb, -ENOPROTOOPT, &out);
	KUNIT_ASSERT_EQ(test, tcb.state, TCP_CLOSE);
	KUNIT_ASSERT_EQ(test, out.err, -ENOPROTOOPT);

	xtcp_fsm_init(&tcb, 40000, 80, 1460);
	tcb.state = TCP_ESTABLISHED;
	xtcp_fsm_unreachable(&tcb, -EHOSTUNREACH, &out);
	KUNIT_ASSERT_EQ(test, tcb.state, TCP_ESTABLISHED);
	KUNIT_ASSERT_EQ(test, out.actions, 0);
	KUNIT_ASSERT_EQ(test, out.err, 0);
}

/* tcp_simple_retransmit(): no reduction, the same count of segments */
static void xtcp_icmp_test_cong_mss_reduced(struct kunit *test)
{
	struct xtcp_cong cc = { .ops = &xtcp_cong_reno };

	xtcp_cong_start(&cc, 1460, 5000);
	xtcp_cong_mss_reduced(&cc, 1240, 5000, 5000 + 10 * 1460);
	KUNIT_ASSERT_EQ(test, cc.mss, 1240);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 10 * 1240);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, U32_MAX / 2);
	KUNIT_ASSERT_TRUE(test, cc.in_rto_recovery);
	KUNIT_ASSERT_EQ(test, cc.rtx_nxt, 5000);
	KUNIT_ASSERT_EQ(test, cc.recover, 5000 + 10 * 1460);
	/* nothing resent yet: the whole window may go */
	KUNIT_ASSERT_EQ(test, xtcp_cong_room(&cc, 0), 10 * 1240);

	/* after a loss: ssthresh keeps its segments too */
	xtcp_cong_start(&cc, 1460, 5000);
	cc.ssthresh = 20 * 1460;
	cc.cwnd = 30 * 1460;
	xtcp_cong_mss_reduced(&cc, 1240, 5000, 6000);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, 20 * 1240);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 30 * 1240);
	/* and never below one segment, two for ssthresh */
	cc.cwnd = 100;
	cc.ssthresh = 100;
	xtcp_cong_mss_reduced(&cc, 536, 5000, 6000);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 536);
	KUNIT_ASSERT_EQ(test, cc.ssthresh, 2 * 536);
}

static struct kunit_case xtcp_icmp_test_cases[] = {
	KUNIT_CASE(xtcp_icmp_test_classify),
	KUNIT_CASE(xtcp_icmp_test_classify6),
	KUNIT_CASE(xtcp_icmp_test_seq),
	KUNIT_CASE(xtcp_icmp_test_seq_wrap),
	KUNIT_CASE(xtcp_icmp_test_embryo_fatal),
	KUNIT_CASE(xtcp_icmp_test_mss),
	KUNIT_CASE(xtcp_icmp_test_fsm_unreachable),
	KUNIT_CASE(xtcp_icmp_test_cong_mss_reduced),
	{}
};

static struct kunit_suite xtcp_icmp_test_suite = {
	.name = "xtcp_icmp",
	.test_cases = xtcp_icmp_test_cases,
};

kunit_test_suite(xtcp_icmp_test_suite);
