// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for net.xtcp.mem's default (module/mem.c): the thresholds
 * tcp_init_mem() sets for the kernel's TCP, from the machine's free
 * buffer pages, with its floor for a small machine.
 */
#include <kunit/test.h>

#include "../module/mem.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* 16 GiB of 4 KiB pages: 4.68 %, 6.25 % and 9.37 % of them, as tcp_mem */
static void xtcp_mem_test_limits_large(struct kunit *test)
{
	long mem[3];

	xtcp_mem_limits(4UL << 20, mem);
	KUNIT_EXPECT_EQ(test, mem[0], 196608);
	KUNIT_EXPECT_EQ(test, mem[1], 262144);
	KUNIT_EXPECT_EQ(test, mem[2], 393216);
}

/* a tiny machine still gets tcp_init_mem()'s floor of 128 pages */
static void xtcp_mem_test_limits_floor(struct kunit *test)
{
	long mem[3];

	xtcp_mem_limits(1000, mem);
	KUNIT_EXPECT_EQ(test, mem[0], 96);
	KUNIT_EXPECT_EQ(test, mem[1], 128);
	KUNIT_EXPECT_EQ(test, mem[2], 192);
	xtcp_mem_limits(0, mem);
	KUNIT_EXPECT_EQ(test, mem[1], 128);
}

/* whatever the machine: no pressure < pressure < hard limit */
static void xtcp_mem_test_limits_ordered(struct kunit *test)
{
	unsigned long pages;
	long mem[3];

	for (pages = 1; pages < (1UL << 34); pages = pages * 3 + 7) {
		xtcp_mem_limits(pages, mem);
		KUNIT_EXPECT_GT(test, mem[0], 0);
		KUNIT_EXPECT_LT(test, mem[0], mem[1]);
		KUNIT_EXPECT_LT(test, mem[1], mem[2]);
		KUNIT_EXPECT_EQ(test, mem[2], mem[0] * 2);
	}
}

static struct kunit_case xtcp_mem_test_cases[] = {
	KUNIT_CASE(xtcp_mem_test_limits_large),
	KUNIT_CASE(xtcp_mem_test_limits_floor),
	KUNIT_CASE(xtcp_mem_test_limits_ordered),
	{}
};

static struct kunit_suite xtcp_mem_test_suite = {
	.name = "xtcp_mem",
	.test_cases = xtcp_mem_test_cases,
};

kunit_test_suite(xtcp_mem_test_suite);
