// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's sequence number arithmetic (module/seq.h), mostly
 * across the wrap from 0xffffffff to 0.
 *
 * Checks are assertions, stopping a case at its first failure, for the
 * reason given in wire_test.c (6.1's 512-byte log per case).
 */
#include <kunit/test.h>

#include "../module/seq.h"

static void xtcp_seq_test_before_after(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, xtcp_seq_before(1, 2));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_before(2, 1));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_after(2, 1));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_after(1, 2));

	/* 2^31 - 1 ahead is still ahead */
	KUNIT_ASSERT_TRUE(test, xtcp_seq_before(0, 0x7fffffff));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_after(0x7fffffff, 0));
	/* 2^31 + 1 ahead is behind */
	KUNIT_ASSERT_TRUE(test, xtcp_seq_after(0, 0x80000001));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_before(0, 0x80000001));
}

static void xtcp_seq_test_wrap(struct kunit *test)
{
	/* 0x10 is 0x110 past 0xffffff00, across the wrap */
	KUNIT_ASSERT_TRUE(test, xtcp_seq_before(0xffffff00, 0x10));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_after(0xffffff00, 0x10));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_after(0x10, 0xffffff00));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_before(0x10, 0xffffff00));

	KUNIT_ASSERT_TRUE(test, xtcp_seq_before(0xffffffff, 0));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_after(0, 0xffffffff));
}

static void xtcp_seq_test_equal(struct kunit *test)
{
	static const u32 values[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(values); i++) {
		KUNIT_ASSERT_FALSE(test, xtcp_seq_before(values[i], values[i]));
		KUNIT_ASSERT_FALSE(test, xtcp_seq_after(values[i], values[i]));
	}
}

static void xtcp_seq_test_between(struct kunit *test)
{
	/* [100, 200): lo inclusive, hi exclusive */
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(100, 100, 200));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(150, 100, 200));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(199, 100, 200));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(200, 100, 200));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(99, 100, 200));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(0xffffffff, 100, 200));
}

static void xtcp_seq_test_between_wrap(struct kunit *test)
{
	/* [0xffffff00, 0x100) holds 0x200 numbers across the wrap */
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(0xffffff00, 0xffffff00, 0x100));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(0xfffffff0, 0xffffff00, 0x100));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(0xffffffff, 0xffffff00, 0x100));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(0, 0xffffff00, 0x100));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(0x10, 0xffffff00, 0x100));
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(0xff, 0xffffff00, 0x100));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(0x100, 0xffffff00, 0x100));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(0xfffffeff, 0xffffff00, 0x100));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(0x80000000, 0xffffff00, 0x100));
}

static void xtcp_seq_test_between_empty(struct kunit *test)
{
	/* lo == hi is an empty range, even for lo itself */
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(5, 5, 5));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(6, 5, 5));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(0, 0xffffffff, 0xffffffff));

	/* one number: [lo, lo + 1), wrapping */
	KUNIT_ASSERT_TRUE(test, xtcp_seq_between(0xffffffff, 0xffffffff, 0));
	KUNIT_ASSERT_FALSE(test, xtcp_seq_between(0, 0xffffffff, 0));
}

static void xtcp_seq_test_min_max(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, xtcp_seq_min(3, 7), 3);
	KUNIT_ASSERT_EQ(test, xtcp_seq_max(3, 7), 7);
	KUNIT_ASSERT_EQ(test, xtcp_seq_min(0xffffff00, 0x10), 0xffffff00);
	KUNIT_ASSERT_EQ(test, xtcp_seq_min(0x10, 0xffffff00), 0xffffff00);
	KUNIT_ASSERT_EQ(test, xtcp_seq_max(0xffffff00, 0x10), 0x10);
	KUNIT_ASSERT_EQ(test, xtcp_seq_max(0x10, 0xffffff00), 0x10);
	KUNIT_ASSERT_EQ(test, xtcp_seq_min(42, 42), 42);
	KUNIT_ASSERT_EQ(test, xtcp_seq_max(42, 42), 42);
}

static struct kunit_case xtcp_seq_test_cases[] = {
	KUNIT_CASE(xtcp_seq_test_before_after),
	KUNIT_CASE(xtcp_seq_test_wrap),
	KUNIT_CASE(xtcp_seq_test_equal),
	KUNIT_CASE(xtcp_seq_test_between),
	KUNIT_CASE(xtcp_seq_test_between_wrap),
	KUNIT_CASE(xtcp_seq_test_between_empty),
	KUNIT_CASE(xtcp_seq_test_min_max),
	{}
};

static struct kunit_suite xtcp_seq_test_suite = {
	.name = "xtcp_seq",
	.test_cases = xtcp_seq_test_cases,
};

kunit_test_suite(xtcp_seq_test_suite);
