// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's out-of-order queue (module/ofo.c): merging and
 * trimming of overlapping and duplicate segments, and handing the data on
 * once the gap is filled. Every segment carries octets whose value is
 * their sequence number's low byte, so a wrong cut shows in the data.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>

#include "../module/ofo.h"
#include "../module/sock.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* A segment of [seq, seq + len), behind a 20-octet "header". */
static struct sk_buff *seg(struct kunit *test, u32 seq, u32 len)
{
	struct sk_buff *skb = alloc_skb(20 + len, GFP_KERNEL);
	u8 *p;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(skb_put(skb, 20), 0xee, 20);
	p = skb_put(skb, len);
	for (i = 0; i < len; i++)
		p[i] = (u8)(seq + i);
	XTCP_SKB_CB(skb)->seq = seq;
	XTCP_SKB_CB(skb)->end_seq = seq + len;
	XTCP_SKB_CB(skb)->offset = 20;
	return skb;
}

/* Insert; a segment the queue did not take is freed here. */
static bool put(struct kunit *test, struct sk_buff_head *q, u32 seq, u32 len)
{
	struct sk_buff *skb = seg(test, seq, len);

	if (xtcp_ofo_insert(q, skb))
		return true;
	kfree_skb(skb);
	return false;
}

/* The entry's range is [seq, end) and its data matches. */
static void check(struct kunit *test, struct sk_buff *skb, u32 seq, u32 end)
{
	struct xtcp_skb_cb *cb;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	cb = XTCP_SKB_CB(skb);
	KUNIT_ASSERT_EQ(test, cb->seq, seq);
	KUNIT_ASSERT_EQ(test, cb->end_seq, end);
	KUNIT_ASSERT_LE(test, cb->offset + (end - seq), skb->len);
	for (i = 0; i < end - seq; i++)
		KUNIT_ASSERT_EQ(test, skb->data[cb->offset + i], (u8)(seq + i));
}

/* Drain at @rcv_nxt: the next entry must be [seq, end). */
static u32 take(struct kunit *test, struct sk_buff_head *q, u32 rcv_nxt,
		u32 seq, u32 end)
{
	struct sk_buff *skb = xtcp_ofo_next(q, rcv_nxt);

	check(test, skb, seq, end);
	kfree_skb(skb);
	return end;
}

static void done(struct kunit *test, struct sk_buff_head *q)
{
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(q));
	__skb_queue_purge(q);
}

/* Behind a gap at 100: nothing until RCV.NXT reaches the first entry. */
static void xtcp_ofo_test_in_order_behind_gap(struct kunit *test)
{
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 200, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 300, 100));
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 200);
	KUNIT_ASSERT_NULL(test, xtcp_ofo_next(&q, 100));
	take(test, &q, 200, 200, 300);
	take(test, &q, 300, 300, 400);
	KUNIT_ASSERT_NULL(test, xtcp_ofo_next(&q, 400));
	done(test, &q);
}

/* Arrival order does not matter: the queue stays sorted. */
static void xtcp_ofo_test_sorted(struct kunit *test)
{
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 500, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 200, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 350, 50));
	take(test, &q, 200, 200, 300);
	KUNIT_ASSERT_NULL(test, xtcp_ofo_next(&q, 300));
	take(test, &q, 350, 350, 400);
	take(test, &q, 500, 500, 600);
	done(test, &q);
}

/* Duplicates, and segments inside a queued one, are refused. */
static void xtcp_ofo_test_duplicate(struct kunit *test)
{
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 200, 200));
	KUNIT_ASSERT_FALSE(test, put(test, &q, 200, 200));
	KUNIT_ASSERT_FALSE(test, put(test, &q, 250, 50));
	KUNIT_ASSERT_FALSE(test, put(test, &q, 300, 100));
	KUNIT_ASSERT_FALSE(test, put(test, &q, 200, 0));
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 200);
	take(test, &q, 200, 200, 400);
	done(test, &q);
}

/* A segment that overlaps the end of a queued one loses its head. */
static void xtcp_ofo_test_overlap_head(struct kunit *test)
{
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 200, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 250, 100));
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 150);
	take(test, &q, 200, 200, 300);
	take(test, &q, 300, 300, 350);
	done(test, &q);
}

/* A segment that overlaps the start of a queued one loses its tail. */
static void xtcp_ofo_test_overlap_tail(struct kunit *test)
{
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 300, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 250, 100));
	/* the tail of a segment ending inside, exactly at the start */
	KUNIT_ASSERT_FALSE(test, put(test, &q, 250, 50));
	/* covers [250, 300), then overlaps [300, 400): becomes [230, 300) */
	KUNIT_ASSERT_TRUE(test, put(test, &q, 230, 120));
	KUNIT_ASSERT_EQ(test, skb_queue_len(&q), 2);
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 170);
	take(test, &q, 230, 230, 300);
	take(test, &q, 300, 300, 400);
	done(test, &q);
}

/* A segment over several queued ones replaces them, keeping later ones. */
static void xtcp_ofo_test_cover(struct kunit *test)
{
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 300, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 500, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 700, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 250, 500));	/* to 750 */
	KUNIT_ASSERT_EQ(test, skb_queue_len(&q), 2);
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 550);
	take(test, &q, 250, 250, 700);
	take(test, &q, 700, 700, 800);
	done(test, &q);
}

/* RCV.NXT inside an entry: it is cut; entries wholly behind are freed. */
static void xtcp_ofo_test_next_trims(struct kunit *test)
{
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 100, 50));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 200, 100));
	take(test, &q, 250, 250, 300);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 400, 10));
	KUNIT_ASSERT_NULL(test, xtcp_ofo_next(&q, 410));	/* all behind */
	done(test, &q);
}

/* The same, across the wrap of sequence numbers. */
static void xtcp_ofo_test_wrap(struct kunit *test)
{
	struct sk_buff_head q;
	u32 base = 0xffffff80;

	__skb_queue_head_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, base + 0x100, 0x80));
	KUNIT_ASSERT_TRUE(test, put(test, &q, base + 0x40, 0x80));
	KUNIT_ASSERT_TRUE(test, put(test, &q, base + 0x60, 0xc0)); /* 0x120 */
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 0x140);
	take(test, &q, base + 0x40, base + 0x40, base + 0xc0);
	take(test, &q, base + 0xc0, base + 0xc0, base + 0x100);
	take(test, &q, base + 0x100, base + 0x100, base + 0x180);
	done(test, &q);
}

static struct kunit_case xtcp_ofo_test_cases[] = {
	KUNIT_CASE(xtcp_ofo_test_in_order_behind_gap),
	KUNIT_CASE(xtcp_ofo_test_sorted),
	KUNIT_CASE(xtcp_ofo_test_duplicate),
	KUNIT_CASE(xtcp_ofo_test_overlap_head),
	KUNIT_CASE(xtcp_ofo_test_overlap_tail),
	KUNIT_CASE(xtcp_ofo_test_cover),
	KUNIT_CASE(xtcp_ofo_test_next_trims),
	KUNIT_CASE(xtcp_ofo_test_wrap),
	{}
};

static struct kunit_suite xtcp_ofo_test_suite = {
	.name = "xtcp_ofo",
	.test_cases = xtcp_ofo_test_cases,
};

kunit_test_suite(xtcp_ofo_test_suite);
