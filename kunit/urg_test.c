// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for urgent data (module/urg.c): the urgent pointer's
 * arithmetic both ways, as Linux's tcp_output.c and tcp_input.c do it
 * (one past the urgent octet, 0xffff beyond 16 bits, across the wrap of
 * sequence numbers), the end of urgent mode on the ACK, the mark's life
 * on the receiving side (a newer pointer replaces it, an old or replayed
 * one does not, the octet taken from a segment, in order or not, a read
 * stopping at the mark and forgetting it once past, SIOCINQ up to it),
 * and the state machine's XTCP_ACT_URG on step six only.
 */
#include <linux/module.h>

#include "../module/urg.h"
#include "fsm_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* the arriving pointer names the octet before it; 0 names SEG.SEQ */
static void xtcp_urg_test_ptr_seq(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, xtcp_urg_ptr_seq(1000, 1), 1000);
	KUNIT_ASSERT_EQ(test, xtcp_urg_ptr_seq(1000, 100), 1099);
	KUNIT_ASSERT_EQ(test, xtcp_urg_ptr_seq(1000, 0), 1000);
	KUNIT_ASSERT_EQ(test, xtcp_urg_ptr_seq(0xfffffff0, 0x20), 0xf);
	KUNIT_ASSERT_EQ(test, xtcp_urg_ptr_seq(5, 0xffff), 5 + 0xfffe);
}

/* SND.UP - SEG.SEQ on every segment before SND.UP, none from it on */
static void xtcp_urg_test_hdr(struct kunit *test)
{
	struct xtcp_urg u = {};
	u16 ptr = 0;

	xtcp_urg_snd_mark(&u, 3600, 1100);	/* 2500 octets from 1100 */
	KUNIT_ASSERT_TRUE(test, u.snd_mode);
	KUNIT_ASSERT_TRUE(test, xtcp_urg_hdr(&u, 1100, 2088, &ptr));
	KUNIT_ASSERT_EQ(test, ptr, 2500);
	KUNIT_ASSERT_TRUE(test, xtcp_urg_hdr(&u, 2088, 3076, &ptr));
	KUNIT_ASSERT_EQ(test, ptr, 1512);
	KUNIT_ASSERT_TRUE(test, xtcp_urg_hdr(&u, 3599, 3600, &ptr));
	KUNIT_ASSERT_EQ(test, ptr, 1);
	/* an ACK or segment at or after SND.UP: no URG */
	KUNIT_ASSERT_FALSE(test, xtcp_urg_hdr(&u, 3600, 3600, &ptr));
	KUNIT_ASSERT_FALSE(test, xtcp_urg_hdr(&u, 3700, 3800, &ptr));
	/* not in urgent mode: none */
	u.snd_mode = false;
	KUNIT_ASSERT_FALSE(test, xtcp_urg_hdr(&u, 1100, 2088, &ptr));
}

/* beyond 16 bits: 0xffff while SEG.SEQ + 0xffff is after SND.NXT */
static void xtcp_urg_test_hdr_far(struct kunit *test)
{
	struct xtcp_urg u = {};
	u16 ptr = 0;

	xtcp_urg_snd_mark(&u, 0xfffffff0 + 200000, 0xfffffff0);
	KUNIT_ASSERT_TRUE(test, xtcp_urg_hdr(&u, 0xfffffff0, 0xfffffff0 + 1000,
					     &ptr));
	KUNIT_ASSERT_EQ(test, ptr, 0xffff);
	/* a retransmission 0xffff or more behind SND.NXT: none */
	KUNIT_ASSERT_FALSE(test, xtcp_urg_hdr(&u, 0xfffffff0,
					      0xfffffff0 + 0x10000, &ptr));
	/* exactly 0xffff to go: that pointer */
	KUNIT_ASSERT_TRUE(test, xtcp_urg_hdr(&u, 0xfffffff0 + 200000 - 0xffff,
					     0xfffffff0 + 200000, &ptr));
	KUNIT_ASSERT_EQ(test, ptr, 0xffff);
	/* 0x10000 to go: 0xffff only while SND.NXT is less than 0xffff on */
	KUNIT_ASSERT_TRUE(test, xtcp_urg_hdr(&u, 0xfffffff0 + 200000 - 0x10000,
					     0xfffffff0 + 200000 - 0xfff0,
					     &ptr));
	KUNIT_ASSERT_EQ(test, ptr, 0xffff);
	KUNIT_ASSERT_FALSE(test, xtcp_urg_hdr(&u, 0xfffffff0 + 200000 - 0x10000,
					      0xfffffff0 + 200000, &ptr));
}

/* urgent mode ends once SND.UNA reaches SND.UP, not before */
static void xtcp_urg_test_snd_acked(struct kunit *test)
{
	struct xtcp_urg u = {};

	xtcp_urg_snd_mark(&u, 10, 0xfffffff0);		/* across the wrap */
	xtcp_urg_snd_acked(&u, 0xfffffff0, 5);
	KUNIT_ASSERT_TRUE(test, u.snd_mode);
	xtcp_urg_snd_acked(&u, 5, 5);
	KUNIT_ASSERT_TRUE(test, u.snd_mode);
	xtcp_urg_snd_acked(&u, 5, 10);
	KUNIT_ASSERT_FALSE(test, u.snd_mode);
	/* an ACK past it at once */
	xtcp_urg_snd_mark(&u, 100, 10);
	xtcp_urg_snd_acked(&u, 10, 300);
	KUNIT_ASSERT_FALSE(test, u.snd_mode);
	/* a mark with nothing unacknowledged is no urgent mode */
	xtcp_urg_snd_mark(&u, 300, 300);
	KUNIT_ASSERT_FALSE(test, u.snd_mode);
}

/* a new pointer: the mark; older, read or replayed ones: nothing */
static void xtcp_urg_test_check(struct kunit *test)
{
	struct xtcp_urg u = {};

	/* pointer at data already received (before RCV.NXT): no replay */
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 99, 50, 100, false),
			XTCP_URG_IGNORE);
	/* at data already read */
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 40, 50, 100, false),
			XTCP_URG_IGNORE);
	KUNIT_ASSERT_EQ(test, u.rcv_data, 0);
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 150, 50, 100, false),
			XTCP_URG_NEW);
	KUNIT_ASSERT_EQ(test, u.rcv_data, XTCP_URG_NOTYET);
	KUNIT_ASSERT_EQ(test, u.rcv_seq, 150);
	/* the same again, or an older one: nothing */
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 150, 50, 100, false),
			XTCP_URG_IGNORE);
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 120, 50, 100, false),
			XTCP_URG_IGNORE);
	/* a newer one replaces it */
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 160, 50, 100, false),
			XTCP_URG_NEW);
	KUNIT_ASSERT_EQ(test, u.rcv_seq, 160);
	/* across the wrap */
	u = (struct xtcp_urg){};
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 5, 0xfffffff0, 0xfffffff8,
					     false), XTCP_URG_NEW);
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 0xfffffffa, 0xfffffff0,
					     0xfffffff8, false),
			XTCP_URG_IGNORE);
}

/*
 * A newer pointer while the old urgent octet is the next to read: it
 * leaves the stream, unless inline or nothing is queued.
 */
static void xtcp_urg_test_check_skip(struct kunit *test)
{
	struct xtcp_urg u = { .rcv_seq = 100, .rcv_data = XTCP_URG_VALID | 'A' };

	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 101, 100, 101, false),
			XTCP_URG_NEW_SKIP);
	KUNIT_ASSERT_EQ(test, u.rcv_seq, 101);
	u = (struct xtcp_urg){ .rcv_seq = 100, .rcv_data = XTCP_URG_VALID };
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 101, 100, 101, true),
			XTCP_URG_NEW);
	/* the reader not at the old mark */
	u = (struct xtcp_urg){ .rcv_seq = 100, .rcv_data = XTCP_URG_VALID };
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 101, 99, 101, false),
			XTCP_URG_NEW);
	/* RCV.NXT at the reader: nothing to skip */
	u = (struct xtcp_urg){ .rcv_seq = 100, .rcv_data = XTCP_URG_NOTYET };
	KUNIT_ASSERT_EQ(test, xtcp_urg_check(&u, 101, 100, 100, false),
			XTCP_URG_NEW);
}

/* the awaited octet, in this segment or not, after a SYN too */
static void xtcp_urg_test_in_seg(struct kunit *test)
{
	struct xtcp_urg u = { .rcv_seq = 1099, .rcv_data = XTCP_URG_NOTYET };
	u32 off = 0;

	KUNIT_ASSERT_TRUE(test, xtcp_urg_in_seg(&u, 1000, false, 100, &off));
	KUNIT_ASSERT_EQ(test, off, 99);
	KUNIT_ASSERT_FALSE(test, xtcp_urg_in_seg(&u, 1000, false, 99, &off));
	KUNIT_ASSERT_FALSE(test, xtcp_urg_in_seg(&u, 1100, false, 100, &off));
	/* out of order, ahead of what came: still taken */
	KUNIT_ASSERT_TRUE(test, xtcp_urg_in_seg(&u, 1099, false, 1, &off));
	KUNIT_ASSERT_EQ(test, off, 0);
	KUNIT_ASSERT_TRUE(test, xtcp_urg_in_seg(&u, 1098, true, 1, &off));
	KUNIT_ASSERT_EQ(test, off, 0);
	/* not waiting: nothing */
	u.rcv_data = XTCP_URG_VALID;
	KUNIT_ASSERT_FALSE(test, xtcp_urg_in_seg(&u, 1000, false, 100, &off));
}

/* a read copies up to the mark, past it from the mark, then forgets it */
static void xtcp_urg_test_read(struct kunit *test)
{
	struct xtcp_urg u = { .rcv_seq = 102, .rcv_data = XTCP_URG_VALID };

	KUNIT_ASSERT_EQ(test, xtcp_urg_read_len(&u, 100, 5), 2);
	KUNIT_ASSERT_EQ(test, xtcp_urg_read_len(&u, 100, 2), 2);
	KUNIT_ASSERT_EQ(test, xtcp_urg_read_len(&u, 100, 1), 1);
	KUNIT_ASSERT_EQ(test, xtcp_urg_read_len(&u, 102, 5), 5);
	KUNIT_ASSERT_EQ(test, xtcp_urg_read_len(&u, 103, 5), 5);
	KUNIT_ASSERT_TRUE(test, xtcp_urg_at_mark(&u, 102));
	KUNIT_ASSERT_FALSE(test, xtcp_urg_at_mark(&u, 101));
	xtcp_urg_read_past(&u, 102);
	KUNIT_ASSERT_EQ(test, u.rcv_data, XTCP_URG_VALID);
	xtcp_urg_read_past(&u, 103);
	KUNIT_ASSERT_EQ(test, u.rcv_data, 0);
	KUNIT_ASSERT_FALSE(test, xtcp_urg_at_mark(&u, 102));
	KUNIT_ASSERT_EQ(test, xtcp_urg_read_len(&u, 100, 5), 5);
}

/* SIOCINQ: the octets before the mark while it is ahead and out of line */
static void xtcp_urg_test_inq(struct kunit *test)
{
	struct xtcp_urg u = { .rcv_seq = 103, .rcv_data = XTCP_URG_VALID };

	KUNIT_ASSERT_EQ(test, xtcp_urg_inq(&u, 100, 106, 6, false), 3);
	KUNIT_ASSERT_EQ(test, xtcp_urg_inq(&u, 103, 106, 3, false), 0);
	KUNIT_ASSERT_EQ(test, xtcp_urg_inq(&u, 100, 106, 6, true), 6);
	KUNIT_ASSERT_EQ(test, xtcp_urg_inq(&u, 104, 106, 2, false), 2);
	/* the mark not yet received */
	KUNIT_ASSERT_EQ(test, xtcp_urg_inq(&u, 100, 103, 3, false), 3);
	u.rcv_data = 0;
	KUNIT_ASSERT_EQ(test, xtcp_urg_inq(&u, 100, 106, 6, false), 6);
}

/* step six only for a segment whose ACK was taken */
static void xtcp_urg_test_fsm_step_six(struct kunit *test)
{
	struct xtcp_fsm_out out;
	struct pair p;

	make_pair(test, &p);
	rcv(&p.s, XTCP_ACK | XTCP_URG, CISS + 1, SISS + 1, 10, &out);
	KUNIT_ASSERT_TRUE(test, out.actions & XTCP_ACT_URG);
	KUNIT_ASSERT_EQ(test, out.deliver_len, 10);
	/* out of the window: an ACK, no step six */
	rcv(&p.s, XTCP_ACK | XTCP_URG, CISS + 1 + 70000, SISS + 1, 10, &out);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_URG);
	/* no ACK bit: dropped before it */
	rcv(&p.s, XTCP_URG, CISS + 11, 0, 10, &out);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_URG);
	/* an ACK past SND.NXT: dropped with an ACK */
	rcv(&p.s, XTCP_ACK | XTCP_URG, CISS + 11, SISS + 1000, 10, &out);
	KUNIT_ASSERT_FALSE(test, out.actions & XTCP_ACT_URG);
}

static struct kunit_case xtcp_urg_test_cases[] = {
	KUNIT_CASE(xtcp_urg_test_ptr_seq),
	KUNIT_CASE(xtcp_urg_test_hdr),
	KUNIT_CASE(xtcp_urg_test_hdr_far),
	KUNIT_CASE(xtcp_urg_test_snd_acked),
	KUNIT_CASE(xtcp_urg_test_check),
	KUNIT_CASE(xtcp_urg_test_check_skip),
	KUNIT_CASE(xtcp_urg_test_in_seg),
	KUNIT_CASE(xtcp_urg_test_read),
	KUNIT_CASE(xtcp_urg_test_inq),
	KUNIT_CASE(xtcp_urg_test_fsm_step_six),
	{}
};

static struct kunit_suite xtcp_urg_test_suite = {
	.name = "xtcp_urg",
	.test_cases = xtcp_urg_test_cases,
};

kunit_test_suite(xtcp_urg_test_suite);
