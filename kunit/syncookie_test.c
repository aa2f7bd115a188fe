// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SYN cookies (module/syncookie.c): a cookie made for a
 * SYN checks for the ACK that returns it, with the MSS rounded down to
 * the table and the window shift (or its absence) as the SYN had them;
 * it expires after XTCP_SYNCOOKIE_MAX_AGE counts; another key, another
 * address, port or sequence number, or another cookie, fails.
 */
#include <kunit/test.h>
#include <linux/in6.h>

#include "../module/syncookie.h"
#include "../module/wire.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* ::ffff:10.0.0.2, ::ffff:10.0.0.1, ::ffff:10.0.0.3 (IPv4, af.h) */
static const struct in6_addr saddr = {
	.s6_addr32 = { 0, 0, cpu_to_be32(0xffff), cpu_to_be32(0x0a000002) } };
static const struct in6_addr daddr = {
	.s6_addr32 = { 0, 0, cpu_to_be32(0xffff), cpu_to_be32(0x0a000001) } };
static const struct in6_addr oaddr = {
	.s6_addr32 = { 0, 0, cpu_to_be32(0xffff), cpu_to_be32(0x0a000003) } };

#define SADDR	(&saddr)
#define DADDR	(&daddr)
#define SPORT	40000
#define DPORT	5001
#define SEQ	0xfffffff0u			/* near a wrap */
#define COUNT	1000

static struct xtcp_syncookie_key *new_key(struct kunit *test)
{
	struct xtcp_syncookie_key *key;

	key = kunit_kzalloc(test, sizeof(*key), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, key);
	xtcp_syncookie_key_init(key);
	return key;
}

static u32 make(const struct xtcp_syncookie_key *key, u32 count,
		const struct xtcp_syncookie_opts *opts)
{
	return xtcp_syncookie_make(key, SADDR, DADDR, SPORT, DPORT, SEQ, count,
				   opts);
}

static bool check(const struct xtcp_syncookie_key *key, u32 cookie,
		  u32 count, struct xtcp_syncookie_opts *opts)
{
	return xtcp_syncookie_check(key, SADDR, DADDR, SPORT, DPORT, SEQ,
				    cookie, count, opts);
}

static void xtcp_syncookie_test_mss_table(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(0), 536);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(100), 536);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(536), 536);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(1299), 536);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(1300), 1300);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(1439), 1300);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(1440), 1440);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(1452), 1440);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(1460), 1460);
	KUNIT_EXPECT_EQ(test, xtcp_syncookie_mss(65495), 1460);
}

/* Every MSS entry and window shift comes back as the SYN had it. */
static void xtcp_syncookie_test_roundtrip(struct kunit *test)
{
	static const u16 mss[] = { 100, 536, 1300, 1400, 1440, 1460, 9000 };
	struct xtcp_syncookie_key *key = new_key(test);
	struct xtcp_syncookie_opts in, got;
	int i, ws;

	for (i = 0; i < ARRAY_SIZE(mss); i++) {
		for (ws = -1; ws <= XTCP_WSCALE_MAX; ws++) {
			in = (struct xtcp_syncookie_opts) {
				.mss		= mss[i],
				.wscale_ok	= ws >= 0,
				.wscale		= ws >= 0 ? ws : 0,
			};
			memset(&got, 0xff, sizeof(got));
			KUNIT_ASSERT_TRUE(test, check(key, make(key, COUNT, &in),
						      COUNT, &got));
			KUNIT_EXPECT_EQ(test, got.mss,
					xtcp_syncookie_mss(mss[i]));
			KUNIT_EXPECT_EQ(test, got.wscale_ok, in.wscale_ok);
			KUNIT_EXPECT_EQ(test, got.wscale, in.wscale);
		}
	}
}

/* A shift above 14 (RFC 7323 2.3) is kept as 14, never as "none". */
static void xtcp_syncookie_test_wscale_clamped(struct kunit *test)
{
	struct xtcp_syncookie_key *key = new_key(test);
	struct xtcp_syncookie_opts in = {
		.mss = 1460, .wscale_ok = true, .wscale = 15,
	}, got;

	KUNIT_ASSERT_TRUE(test, check(key, make(key, COUNT, &in), COUNT, &got));
	KUNIT_EXPECT_TRUE(test, got.wscale_ok);
	KUNIT_EXPECT_EQ(test, got.wscale, XTCP_WSCALE_MAX);
}

/* Valid in its minute and the next; not before, not after. */
static void xtcp_syncookie_test_expiry(struct kunit *test)
{
	struct xtcp_syncookie_key *key = new_key(test);
	struct xtcp_syncookie_opts in = { .mss = 1460 }, got;
	u32 cookie = make(key, COUNT, &in);

	KUNIT_EXPECT_TRUE(test, check(key, cookie, COUNT, &got));
	KUNIT_EXPECT_TRUE(test, check(key, cookie,
				      COUNT + XTCP_SYNCOOKIE_MAX_AGE - 1, &got));
	KUNIT_EXPECT_EQ(test, got.mss, 1460);
	KUNIT_EXPECT_FALSE(test, check(key, cookie,
				       COUNT + XTCP_SYNCOOKIE_MAX_AGE, &got));
	KUNIT_EXPECT_FALSE(test, check(key, cookie, COUNT + 256, &got));
	KUNIT_EXPECT_FALSE(test, check(key, cookie, COUNT - 1, &got));
}

/* The count's wrap (8 bits in the cookie, 32 in the clock) is no edge. */
static void xtcp_syncookie_test_count_wrap(struct kunit *test)
{
	struct xtcp_syncookie_key *key = new_key(test);
	struct xtcp_syncookie_opts in = { .mss = 536 }, got;
	u32 cookie = make(key, 0xff, &in);

	KUNIT_EXPECT_TRUE(test, check(key, cookie, 0x100, &got));
	cookie = make(key, 0xffffffff, &in);
	KUNIT_EXPECT_TRUE(test, check(key, cookie, 0, &got));
	KUNIT_EXPECT_FALSE(test, check(key, cookie, 1, &got));
}

/* Another namespace's key, 4-tuple or SYN: no cookie. */
static void xtcp_syncookie_test_wrong(struct kunit *test)
{
	struct xtcp_syncookie_key *key = new_key(test), *other = new_key(test);
	struct xtcp_syncookie_opts in = {
		.mss = 1460, .wscale_ok = true, .wscale = 7,
	}, got;
	u32 cookie = make(key, COUNT, &in);

	KUNIT_ASSERT_TRUE(test, check(key, cookie, COUNT, &got));
	KUNIT_EXPECT_FALSE(test, check(other, cookie, COUNT, &got));
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_check(key, DADDR, SADDR, SPORT,
						      DPORT, SEQ, cookie,
						      COUNT, &got));
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_check(key, SADDR, &oaddr,
						      SPORT, DPORT, SEQ,
						      cookie, COUNT, &got));
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_check(key, SADDR, DADDR,
						      SPORT + 1, DPORT, SEQ,
						      cookie, COUNT, &got));
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_check(key, SADDR, DADDR, SPORT,
						      DPORT + 1, SEQ, cookie,
						      COUNT, &got));
	/*
	 * SEG.SEQ is added in, as in Linux: one a little off only moves the
	 * data (another MSS); far off, the data leave their 6 bits
	 */
	KUNIT_EXPECT_FALSE(test, xtcp_syncookie_check(key, SADDR, DADDR, SPORT,
						      DPORT, SEQ + (1U << 20),
						      cookie, COUNT, &got));
	/* H1 + data off by 2^20: data out of its 6 bits */
	KUNIT_EXPECT_FALSE(test, check(key, cookie ^ (1U << 20), COUNT, &got));
}

/*
 * A guessed cookie passes with probability 2/256 * 64/2^24 = 2^-25 (see
 * syncookie.h): of 2^18 guesses spread over the 32 bits, none expected.
 * With a fixed key, so the guesses are always the same.
 */
static void xtcp_syncookie_test_guess(struct kunit *test)
{
	struct xtcp_syncookie_key *key = new_key(test);
	struct xtcp_syncookie_opts in = { .mss = 1460 }, got;
	u32 cookie, i, hits = 0;

	memset(key, 0x5a, sizeof(*key));
	cookie = make(key, COUNT, &in);
	for (i = 1; i < 1 << 18; i++)
		hits += check(key, cookie + i * 0x9e3779b9, COUNT, &got);
	KUNIT_EXPECT_LE(test, hits, 1);
}

static struct kunit_case xtcp_syncookie_test_cases[] = {
	KUNIT_CASE(xtcp_syncookie_test_mss_table),
	KUNIT_CASE(xtcp_syncookie_test_roundtrip),
	KUNIT_CASE(xtcp_syncookie_test_wscale_clamped),
	KUNIT_CASE(xtcp_syncookie_test_expiry),
	KUNIT_CASE(xtcp_syncookie_test_count_wrap),
	KUNIT_CASE(xtcp_syncookie_test_wrong),
	KUNIT_CASE(xtcp_syncookie_test_guess),
	{}
};

static struct kunit_suite xtcp_syncookie_test_suite = {
	.name = "xtcp_syncookie",
	.test_cases = xtcp_syncookie_test_cases,
};

kunit_test_suite(xtcp_syncookie_test_suite);
