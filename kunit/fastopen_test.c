// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for TCP Fast Open's pure parts (module/fastopen.c,
 * module/wire.c): cookies are SipHash-2-4 of the client's and the
 * server's address, in Linux's byte order (checked against SipHash's
 * reference vectors, lib/test_siphash.c), for IPv4 and IPv6; a cookie
 * checks under the key that made it (1), the backup key (2), and under
 * no other, nor for other addresses; the option parser takes kind 34 and
 * kind 254 with Fast Open's magic, on SYNs only, as
 * tcp_parse_fastopen_option(); the builder writes the option as
 * tcp_options_write() does; net.xtcp.fastopen_key's text goes both ways.
 */
#include <kunit/test.h>
#include <linux/in6.h>
#include <linux/siphash.h>

#include "../module/fastopen.h"
#include "../module/wire.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

/* lib/test_siphash.c's key, and its outputs for 8 and 32 octets 0, 1, ... */
static const siphash_key_t ref_key = {
	.key = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL },
};

#define REF_8	0x93f5f5799a932462ULL
#define REF_32	0x7127512f72f27cceULL

/* an IPv4 address, v4-mapped (af.h), from four octets */
static struct in6_addr v4(u8 a, u8 b, u8 c, u8 d)
{
	struct in6_addr x = {};

	x.s6_addr[10] = 0xff;
	x.s6_addr[11] = 0xff;
	x.s6_addr[12] = a;
	x.s6_addr[13] = b;
	x.s6_addr[14] = c;
	x.s6_addr[15] = d;
	return x;
}

static void expect_le64(struct kunit *test, const struct xtcp_fo_cookie *c,
			u64 v)
{
	__le64 want = cpu_to_le64(v);

	KUNIT_EXPECT_EQ(test, c->len, XTCP_FO_COOKIE_SIZE);
	KUNIT_EXPECT_FALSE(test, c->exp);
	KUNIT_EXPECT_EQ(test, memcmp(c->val, &want, sizeof(want)), 0);
}

static void xtcp_fastopen_test_cookie_ipv4(struct kunit *test)
{
	struct in6_addr s = v4(0, 1, 2, 3), d = v4(4, 5, 6, 7);
	struct xtcp_fo_cookie c;

	/* siphash(&iph->saddr, 8): the source's and the destination's octets */
	xtcp_fastopen_cookie_gen(&ref_key, &s, &d, &c);
	expect_le64(test, &c, REF_8);
}

static void xtcp_fastopen_test_cookie_ipv6(struct kunit *test)
{
	struct in6_addr s, d;
	struct xtcp_fo_cookie c;
	int i;

	for (i = 0; i < 16; i++) {
		s.s6_addr[i] = i;
		d.s6_addr[i] = 16 + i;
	}
	xtcp_fastopen_cookie_gen(&ref_key, &s, &d, &c);
	expect_le64(test, &c, REF_32);
}

static void xtcp_fastopen_test_cookie_check(struct kunit *test)
{
	struct in6_addr s = v4(10, 0, 0, 2), d = v4(10, 0, 0, 1);
	struct in6_addr o = v4(10, 0, 0, 3);
	struct xtcp_fo_cookie c, valid, bad;
	siphash_key_t keys[2];

	get_random_bytes(keys, sizeof(keys));
	xtcp_fastopen_cookie_gen(&keys[0], &s, &d, &c);
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_cookie_check(keys, 1, &s, &d, &c,
							 &valid), 1);
	KUNIT_EXPECT_EQ(test, memcmp(valid.val, c.val, c.len), 0);
	/* another client, the addresses swapped */
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_cookie_check(keys, 2, &o, &d, &c,
							 &valid), 0);
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_cookie_check(keys, 2, &d, &s, &c,
							 &valid), 0);
	/* the backup key's cookie: 2, and @valid is the primary's */
	xtcp_fastopen_cookie_gen(&keys[1], &s, &d, &bad);
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_cookie_check(keys, 2, &s, &d, &bad,
							 &valid), 2);
	KUNIT_EXPECT_EQ(test, memcmp(valid.val, c.val, c.len), 0);
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_cookie_check(keys, 1, &s, &d, &bad,
							 &valid), 0);
	/* one bit off, or one octet short */
	bad = c;
	bad.val[7] ^= 1;
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_cookie_check(keys, 2, &s, &d, &bad,
							 &valid), 0);
	bad = c;
	bad.len = 6;
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_cookie_check(keys, 2, &s, &d, &bad,
							 &valid), 0);
	/* no keys: nothing checks, no cookie to hand out */
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_cookie_check(keys, 0, &s, &d, &c,
							 &valid), 0);
	KUNIT_EXPECT_EQ(test, valid.len, -1);
}

/* A SYN header with the option bytes @opt (padded with EOL), parsed. */
static void parse(struct kunit *test, u8 flags, const u8 *opt,
		  unsigned int optlen, struct xtcp_fo_cookie *foc)
{
	u8 buf[XTCP_HDR_MAX] = {};
	struct xtcp_hdr *th = (struct xtcp_hdr *)buf;
	unsigned int hlen = XTCP_HDR_MIN + ALIGN(optlen, 4);
	struct xtcp_seg seg;

	th->doff = hlen / 4 << XTCP_DOFF_SHIFT;
	th->flags = flags;
	if (optlen)
		memcpy(buf + XTCP_HDR_MIN, opt, optlen);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, hlen, &seg), XTCP_DROP_NONE);
	xtcp_wire_fastopen(buf, &seg, foc);
}

static void xtcp_fastopen_test_parse(struct kunit *test)
{
	static const u8 req[] = { 34, 2 };
	static const u8 cookie[] = { 1, 34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1 };
	static const u8 exp[] = { 254, 8, 0xf9, 0x89, 9, 8, 7, 6 };
	static const u8 exp_other[] = { 254, 8, 0x12, 0x34, 9, 8, 7, 6 };
	static const u8 odd[] = { 34, 7, 1, 2, 3, 4, 5 };
	static const u8 short_cookie[] = { 34, 4, 1, 2 };
	struct xtcp_fo_cookie foc;

	parse(test, XTCP_SYN, NULL, 0, &foc);
	KUNIT_EXPECT_EQ(test, foc.len, -1);
	parse(test, XTCP_SYN, req, sizeof(req), &foc);
	KUNIT_EXPECT_EQ(test, foc.len, 0);
	KUNIT_EXPECT_FALSE(test, foc.exp);
	parse(test, XTCP_SYN | XTCP_ACK, cookie, sizeof(cookie), &foc);
	KUNIT_EXPECT_EQ(test, foc.len, 8);
	KUNIT_EXPECT_EQ(test, foc.val[0], 1);
	KUNIT_EXPECT_EQ(test, foc.val[7], 8);
	parse(test, XTCP_SYN, exp, sizeof(exp), &foc);
	KUNIT_EXPECT_EQ(test, foc.len, 4);
	KUNIT_EXPECT_TRUE(test, foc.exp);
	KUNIT_EXPECT_EQ(test, foc.val[0], 9);
	/* another experiment's option, an odd length, a 2-octet cookie */
	parse(test, XTCP_SYN, exp_other, sizeof(exp_other), &foc);
	KUNIT_EXPECT_EQ(test, foc.len, -1);
	parse(test, XTCP_SYN, odd, sizeof(odd), &foc);
	KUNIT_EXPECT_EQ(test, foc.len, -1);
	parse(test, XTCP_SYN, short_cookie, sizeof(short_cookie), &foc);
	KUNIT_EXPECT_EQ(test, foc.len, -1);
	/* not on a segment without SYN */
	parse(test, XTCP_ACK, cookie, sizeof(cookie), &foc);
	KUNIT_EXPECT_EQ(test, foc.len, -1);
}

/* The builder's option, parsed back, and its octets as Linux's. */
static void xtcp_fastopen_test_build(struct kunit *test)
{
	struct xtcp_seg seg = {
		.flags = XTCP_SYN, .has_mss = true, .mss = 1460,
		.has_ts = true, .has_sack_perm = true, .has_wscale = true,
		.wscale = 7,
	};
	struct xtcp_fo_cookie foc = { .len = 0 }, got;
	u8 buf[XTCP_HDR_MAX];
	struct xtcp_seg back;
	int hlen;

	/* MSS 4, SACK-permitted and Timestamps 12, Window Scale 4, request 4 */
	hlen = xtcp_wire_build_opts(buf, sizeof(buf), &seg, NULL, 0, &foc);
	KUNIT_ASSERT_EQ(test, hlen, XTCP_HDR_MIN + 24);
	KUNIT_EXPECT_EQ(test, buf[40], 34);
	KUNIT_EXPECT_EQ(test, buf[41], 2);
	KUNIT_EXPECT_EQ(test, buf[42], XTCP_OPT_NOP);
	KUNIT_EXPECT_EQ(test, buf[43], XTCP_OPT_NOP);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, hlen, &back),
			XTCP_DROP_NONE);
	xtcp_wire_fastopen(buf, &back, &got);
	KUNIT_EXPECT_EQ(test, got.len, 0);

	/* an 8-octet cookie: kind, 10, the cookie, NOP, NOP */
	foc.len = 8;
	memcpy(foc.val, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	hlen = xtcp_wire_build_opts(buf, sizeof(buf), &seg, NULL, 0, &foc);
	KUNIT_ASSERT_EQ(test, hlen, XTCP_HDR_MIN + 32);
	KUNIT_EXPECT_EQ(test, buf[41], 10);
	KUNIT_EXPECT_EQ(test, buf[50], XTCP_OPT_NOP);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, hlen, &back),
			XTCP_DROP_NONE);
	xtcp_wire_fastopen(buf, &back, &got);
	KUNIT_EXPECT_EQ(test, got.len, 8);
	KUNIT_EXPECT_EQ(test, memcmp(got.val, foc.val, 8), 0);

	/* the experimental format: 254, 12, magic, the cookie */
	foc.exp = true;
	hlen = xtcp_wire_build_opts(buf, sizeof(buf), &seg, NULL, 0, &foc);
	KUNIT_ASSERT_EQ(test, hlen, XTCP_HDR_MIN + 32);
	KUNIT_EXPECT_EQ(test, buf[40], 254);
	KUNIT_EXPECT_EQ(test, buf[41], 12);
	KUNIT_EXPECT_EQ(test, buf[42], 0xf9);
	KUNIT_EXPECT_EQ(test, buf[43], 0x89);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, hlen, &back),
			XTCP_DROP_NONE);
	xtcp_wire_fastopen(buf, &back, &got);
	KUNIT_EXPECT_TRUE(test, got.exp);
	KUNIT_EXPECT_EQ(test, got.len, 8);

	/* none: -1 */
	foc.len = -1;
	hlen = xtcp_wire_build_opts(buf, sizeof(buf), &seg, NULL, 0, &foc);
	KUNIT_EXPECT_EQ(test, hlen, XTCP_HDR_MIN + 20);
}

static void xtcp_fastopen_test_key_text(struct kunit *test)
{
	static const char *k = "00010203-04050607-08090a0b-0c0d0e0f";
	siphash_key_t keys[2];
	char buf[80];

	KUNIT_ASSERT_EQ(test, xtcp_fastopen_key_parse(k, keys), 1);
	KUNIT_EXPECT_EQ(test, keys[0].key[0], 0x0405060700010203ULL);
	KUNIT_EXPECT_EQ(test, keys[0].key[1], 0x0c0d0e0f08090a0bULL);
	KUNIT_ASSERT_EQ(test, xtcp_fastopen_key_parse("1-2-3-4,a-b-c-d", keys),
			2);
	xtcp_fastopen_key_print(buf, sizeof(buf), keys, 2);
	KUNIT_EXPECT_STREQ(test, buf,
			   "00000001-00000002-00000003-00000004,0000000a-0000000b-0000000c-0000000d");
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_key_parse("1-2-3", keys), -EINVAL);
	KUNIT_EXPECT_EQ(test, xtcp_fastopen_key_parse("zz", keys), -EINVAL);
}

static struct kunit_case xtcp_fastopen_test_cases[] = {
	KUNIT_CASE(xtcp_fastopen_test_cookie_ipv4),
	KUNIT_CASE(xtcp_fastopen_test_cookie_ipv6),
	KUNIT_CASE(xtcp_fastopen_test_cookie_check),
	KUNIT_CASE(xtcp_fastopen_test_parse),
	KUNIT_CASE(xtcp_fastopen_test_build),
	KUNIT_CASE(xtcp_fastopen_test_key_text),
	{}
};

static struct kunit_suite xtcp_fastopen_test_suite = {
	.name = "xtcp_fastopen",
	.test_cases = xtcp_fastopen_test_cases,
};

kunit_test_suite(xtcp_fastopen_test_suite);
