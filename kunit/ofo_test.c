// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's out-of-order queue (module/ofo.c): merging and
 * trimming of overlapping and duplicate segments, and handing the data on
 * once the gap is filled. Every segment carries octets whose value is
 * their sequence number's low byte, so a wrong cut shows in the data. The
 * random cases compare the queue, after every step, with a model: the same
 * rules over a sorted array of ranges.
 */
#include <kunit/test.h>
#include <linux/log2.h>
#include <linux/prandom.h>
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
static bool put(struct kunit *test, struct xtcp_ofo *q, u32 seq, u32 len)
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
static u32 take(struct kunit *test, struct xtcp_ofo *q, u32 rcv_nxt,
		u32 seq, u32 end)
{
	struct sk_buff *skb = xtcp_ofo_next(q, rcv_nxt);

	check(test, skb, seq, end);
	kfree_skb(skb);
	return end;
}

static unsigned int count(struct xtcp_ofo *q)
{
	struct sk_buff *skb;
	unsigned int n = 0;

	xtcp_ofo_for_each(skb, q)
		n++;
	return n;
}

static void done(struct kunit *test, struct xtcp_ofo *q)
{
	KUNIT_EXPECT_TRUE(test, xtcp_ofo_empty(q));
	xtcp_ofo_purge(q);
}

/* Behind a gap at 100: nothing until RCV.NXT reaches the first entry. */
static void xtcp_ofo_test_in_order_behind_gap(struct kunit *test)
{
	struct xtcp_ofo q;

	xtcp_ofo_init(&q);
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
	struct xtcp_ofo q;

	xtcp_ofo_init(&q);
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
	struct xtcp_ofo q;

	xtcp_ofo_init(&q);
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
	struct xtcp_ofo q;

	xtcp_ofo_init(&q);
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
	struct xtcp_ofo q;

	xtcp_ofo_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 300, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 250, 100));
	/* the tail of a segment ending inside, exactly at the start */
	KUNIT_ASSERT_FALSE(test, put(test, &q, 250, 50));
	/* covers [250, 300), then overlaps [300, 400): becomes [230, 300) */
	KUNIT_ASSERT_TRUE(test, put(test, &q, 230, 120));
	KUNIT_ASSERT_EQ(test, count(&q), 2);
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 170);
	take(test, &q, 230, 230, 300);
	take(test, &q, 300, 300, 400);
	done(test, &q);
}

/* A segment over several queued ones replaces them, keeping later ones. */
static void xtcp_ofo_test_cover(struct kunit *test)
{
	struct xtcp_ofo q;

	xtcp_ofo_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, 300, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 500, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 700, 100));
	KUNIT_ASSERT_TRUE(test, put(test, &q, 250, 500));	/* to 750 */
	KUNIT_ASSERT_EQ(test, count(&q), 2);
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 550);
	take(test, &q, 250, 250, 700);
	take(test, &q, 700, 700, 800);
	done(test, &q);
}

/* RCV.NXT inside an entry: it is cut; entries wholly behind are freed. */
static void xtcp_ofo_test_next_trims(struct kunit *test)
{
	struct xtcp_ofo q;

	xtcp_ofo_init(&q);
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
	struct xtcp_ofo q;
	u32 base = 0xffffff80;

	xtcp_ofo_init(&q);
	KUNIT_ASSERT_TRUE(test, put(test, &q, base + 0x100, 0x80));
	KUNIT_ASSERT_TRUE(test, put(test, &q, base + 0x40, 0x80));
	KUNIT_ASSERT_TRUE(test, put(test, &q, base + 0x60, 0xc0)); /* 0x120 */
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 0x140);
	take(test, &q, base + 0x40, base + 0x40, base + 0xc0);
	take(test, &q, base + 0xc0, base + 0xc0, base + 0x100);
	take(test, &q, base + 0x100, base + 0x100, base + 0x180);
	done(test, &q);
}

/* In ascending order each segment goes after the last: one step each. */
static void xtcp_ofo_test_ascending(struct kunit *test)
{
	const u32 n = 500;
	struct xtcp_ofo q;
	u32 i;

	xtcp_ofo_init(&q);
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_TRUE(test, put(test, &q, 1000 + 10 * i, 10));
		KUNIT_ASSERT_EQ(test, q.steps, i ? 1 : 0);
	}
	KUNIT_ASSERT_EQ(test, count(&q), n);
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 10 * n);
	KUNIT_ASSERT_NULL(test, xtcp_ofo_next(&q, 999));
	for (i = 0; i < n; i++)
		take(test, &q, 1000 + 10 * i, 1000 + 10 * i, 1010 + 10 * i);
	done(test, &q);
}

/* In descending order each segment goes before all the others. */
static void xtcp_ofo_test_descending(struct kunit *test)
{
	const u32 n = 500;
	struct xtcp_ofo q;
	u32 i;

	xtcp_ofo_init(&q);
	for (i = n; i-- > 0; )
		KUNIT_ASSERT_TRUE(test, put(test, &q, 1000 + 10 * i, 10));
	/* and again, each half over two queued ones: all duplicates */
	for (i = n - 1; i-- > 0; )
		KUNIT_ASSERT_FALSE(test, put(test, &q, 1005 + 10 * i, 10));
	KUNIT_ASSERT_EQ(test, count(&q), n);
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), 10 * n);
	KUNIT_ASSERT_NULL(test, xtcp_ofo_next(&q, 999));
	for (i = 0; i < n; i++)
		take(test, &q, 1000 + 10 * i, 1000 + 10 * i, 1010 + 10 * i);
	done(test, &q);
}

/*
 * The model: what the queue should hold, [s[i], e[i]) relative to a base,
 * sorted, never overlapping; a new range loses what queued ones hold and
 * drops those it covers whole.
 */
struct model {
	u32		*s;
	u32		*e;
	unsigned int	n;
};

#define MODEL_SPAN	1500	/* new data starts up to this far ahead */
#define MODEL_LEN	300	/* and is up to this long */
#define MODEL_MAX	(MODEL_SPAN + MODEL_LEN)	/* ranges at most */

static void model_move(struct model *m, unsigned int to, unsigned int from)
{
	memmove(&m->s[to], &m->s[from], (m->n - from) * sizeof(u32));
	memmove(&m->e[to], &m->e[from], (m->n - from) * sizeof(u32));
}

static bool model_insert(struct model *m, u32 s, u32 e)
{
	unsigned int i = m->n;

	if (s >= e)
		return false;
	while (i && m->s[i - 1] > s)
		i--;
	if (i && m->e[i - 1] >= e)
		return false;
	if (i && m->e[i - 1] > s)
		s = m->e[i - 1];
	while (i < m->n && m->s[i] < e) {
		if (m->e[i] > e) {
			e = m->s[i];
			break;
		}
		model_move(m, i, i + 1);
		m->n--;
	}
	if (s >= e)
		return false;
	model_move(m, i + 1, i);
	m->s[i] = s;
	m->e[i] = e;
	m->n++;
	return true;
}

/* xtcp_ofo_next(): the end of the range that starts at @rcv, or 0. */
static u32 model_next(struct model *m, u32 rcv)
{
	while (m->n && m->s[0] <= rcv) {
		u32 e = m->e[0];

		model_move(m, 0, 1);
		m->n--;
		if (e > rcv)
			return e;
	}
	return 0;
}

static void same(struct kunit *test, struct xtcp_ofo *q, struct model *m,
		 u32 base)
{
	struct sk_buff *skb;
	unsigned int i = 0;

	xtcp_ofo_for_each(skb, q) {
		KUNIT_ASSERT_LT(test, i, m->n);
		KUNIT_ASSERT_EQ(test, XTCP_SKB_CB(skb)->seq, base + m->s[i]);
		KUNIT_ASSERT_EQ(test, XTCP_SKB_CB(skb)->end_seq, base + m->e[i]);
		i++;
	}
	KUNIT_ASSERT_EQ(test, i, m->n);
}

/*
 * Segments anywhere in the window, overlapping, covering and repeating
 * each other (one in eight a copy of a recent one), and now and then
 * in-order data that moves RCV.NXT and drains the queue.
 */
static void random_order(struct kunit *test, u64 seed, u32 base)
{
	u32 recent[8][2] = {}, rcv = 0, bytes, i;
	struct rnd_state rnd;
	struct xtcp_ofo q;
	struct model m;

	m.s = kunit_kcalloc(test, MODEL_MAX, sizeof(u32), GFP_KERNEL);
	m.e = kunit_kcalloc(test, MODEL_MAX, sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.s);
	KUNIT_ASSERT_NOT_NULL(test, m.e);
	m.n = 0;
	prandom_seed_state(&rnd, seed);
	xtcp_ofo_init(&q);
	for (i = 0; i < 2000; i++) {
		u32 r = prandom_u32_state(&rnd), *old = recent[(r >> 3) % 8];
		u32 s = old[0], len = old[1];
		struct sk_buff *skb;

		if (r % 8 || s <= rcv) {
			s = rcv + 1 + prandom_u32_state(&rnd) % MODEL_SPAN;
			len = prandom_u32_state(&rnd) % (MODEL_LEN + 1);
			old[0] = s;
			old[1] = len;
		}
		KUNIT_ASSERT_EQ(test, put(test, &q, base + s, len),
				model_insert(&m, s, s + len));
		same(test, &q, &m, base);
		if ((r >> 6) % 16)
			continue;
		/* in-order data: RCV.NXT moves, and the queue follows it */
		rcv += prandom_u32_state(&rnd) % (MODEL_SPAN / 4);
		while ((skb = xtcp_ofo_next(&q, base + rcv))) {
			u32 end = model_next(&m, rcv);

			check(test, skb, base + rcv, base + end);
			kfree_skb(skb);
			rcv = end;
		}
		KUNIT_ASSERT_EQ(test, model_next(&m, rcv), 0);
		same(test, &q, &m, base);
	}
	for (i = 0, bytes = 0; i < m.n; i++)
		bytes += m.e[i] - m.s[i];
	KUNIT_ASSERT_EQ(test, xtcp_ofo_bytes(&q), bytes);
	xtcp_ofo_purge(&q);
}

static void xtcp_ofo_test_random(struct kunit *test)
{
	random_order(test, 1, 1000);
}

static void xtcp_ofo_test_random_wrap(struct kunit *test)
{
	random_order(test, 2, 0xffffc000);
}

/*
 * A peer that sends each segment before all the queued ones, or anywhere
 * at random, must not make each one walk the queue: the entries an
 * insertion looks at grow with the logarithm of their number. An rbtree
 * of n entries is at most 2 log2(n + 1) high; one step more looks at the
 * entry after the new one. (A sorted list takes n steps here.)
 */
static void xtcp_ofo_test_steps_logarithmic(struct kunit *test)
{
	const u32 n = 1024, most = 2 * (ilog2(n) + 1) + 1;
	struct rnd_state rnd;
	struct xtcp_ofo q;
	u32 i, seq;

	xtcp_ofo_init(&q);
	for (i = n; i-- > 0; ) {
		KUNIT_ASSERT_TRUE(test, put(test, &q, 1000 + 2 * i, 1));
		KUNIT_ASSERT_LE(test, q.steps, most);
	}
	xtcp_ofo_purge(&q);

	prandom_seed_state(&rnd, 3);
	xtcp_ofo_init(&q);
	for (i = 0; i < n; i++) {
		seq = 1000 + 2 * (prandom_u32_state(&rnd) % (4 * n));
		put(test, &q, seq, 1);		/* or a duplicate */
		KUNIT_ASSERT_LE(test, q.steps, most);
	}
	xtcp_ofo_purge(&q);
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
	KUNIT_CASE(xtcp_ofo_test_ascending),
	KUNIT_CASE(xtcp_ofo_test_descending),
	KUNIT_CASE(xtcp_ofo_test_random),
	KUNIT_CASE(xtcp_ofo_test_random_wrap),
	KUNIT_CASE(xtcp_ofo_test_steps_logarithmic),
	{}
};

static struct kunit_suite xtcp_ofo_test_suite = {
	.name = "xtcp_ofo",
	.test_cases = xtcp_ofo_test_cases,
};

kunit_test_suite(xtcp_ofo_test_suite);
