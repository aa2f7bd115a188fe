// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xtcp's wire format (module/wire.c): header build and
 * parse, malformed headers and their drop reasons, and the checksum.
 *
 * Headers handed to xtcp_wire_parse() sit in buffers of exactly the length
 * passed, so KASAN reports any read past the end as a bug.
 *
 * Checks are assertions: a case stops at its first failure. Linux 6.1 keeps
 * 512 bytes of log per case for debugfs, where scripts/kunit.sh reads the
 * results; a case that reported several failures would overflow it and
 * lose its "not ok" line, and with it its name.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../module/wire.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define TEST_PROTO	253

/* 192.0.2.1 and 198.51.100.2 (RFC 5737 documentation addresses) */
static const __be32 saddr = cpu_to_be32(0xc0000201);
static const __be32 daddr = cpu_to_be32(0xc6336402);

/*
 * A SYN-ACK from port 12345 to port 80, seq 0x12345678, ack 0x9abcdef0,
 * window 65535, MSS 1460, with the 5-byte payload "xtcp!" (an odd length,
 * so the checksum pads it). The checksum field is zero.
 */
static const u8 ref_seg[] = {
	0x30, 0x39, 0x00, 0x50, 0x12, 0x34, 0x56, 0x78,
	0x9a, 0xbc, 0xde, 0xf0, 0x60, 0x12, 0xff, 0xff,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
	'x', 't', 'c', 'p', '!',
};

/*
 * Its checksums, computed outside the kernel (RFC 1071 in Python); tshark
 * 4.0 reports the TCP one (protocol 6) as correct for the same bytes.
 */
#define REF_CSUM_XTCP	0x9b1b
#define REF_CSUM_TCP	0x9c12

/* A copy of @len bytes of @src in a buffer of exactly @len bytes. */
static u8 *exact_copy(struct kunit *test, const void *src, unsigned int len)
{
	u8 *p;

	p = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	memcpy(p, src, len);
	return p;
}

/*
 * A segment of exactly @len bytes: ref_seg's first 20 bytes with data
 * offset @doff, then @optlen bytes of @opts (may be NULL if @optlen is 0),
 * then zeros.
 */
static u8 *make_seg(struct kunit *test, u8 doff, const u8 *opts,
		    unsigned int optlen, unsigned int len)
{
	u8 *p;

	KUNIT_ASSERT_GE(test, len, XTCP_HDR_MIN + optlen);
	p = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	memcpy(p, ref_seg, XTCP_HDR_MIN);
	p[12] = doff << XTCP_DOFF_SHIFT;
	if (optlen)
		memcpy(p + XTCP_HDR_MIN, opts, optlen);
	return p;
}

/* Parse a segment of @len bytes whose header has data offset @doff. */
static enum xtcp_drop_reason parse_doff(struct kunit *test, u8 doff,
					unsigned int len, struct xtcp_seg *seg)
{
	return xtcp_wire_parse(make_seg(test, doff, NULL, 0, len), len, seg);
}

/* Parse a header made of the fixed part and exactly the options @opts. */
static enum xtcp_drop_reason parse_opts(struct kunit *test, const u8 *opts,
					unsigned int optlen,
					struct xtcp_seg *seg)
{
	unsigned int len = XTCP_HDR_MIN + optlen;

	KUNIT_ASSERT_EQ(test, optlen % 4, 0);
	return xtcp_wire_parse(make_seg(test, len / 4, opts, optlen, len),
			       len, seg);
}

/*
 * The Internet checksum of the IPv4 pseudo-header and @len bytes of @data,
 * as RFC 1071 describes it: add big-endian 16-bit words (a last odd byte
 * padded with zero), fold the carries back in, complement. Written out
 * here so the kernel's csum helpers are checked against something else.
 */
static u16 slow_csum(__be32 src, __be32 dst, u8 proto, const u8 *data,
		     unsigned int len)
{
	const u8 *s = (const u8 *)&src, *d = (const u8 *)&dst;
	u32 sum = 0;
	unsigned int i;

	sum += (s[0] << 8 | s[1]) + (s[2] << 8 | s[3]);
	sum += (d[0] << 8 | d[1]) + (d[2] << 8 | d[3]);
	sum += proto;
	sum += len;
	for (i = 0; i + 1 < len; i += 2)
		sum += data[i] << 8 | data[i + 1];
	if (len & 1)
		sum += data[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* The checksum field of a segment, as the number on the wire. */
static u16 wire_check(const u8 *seg)
{
	return seg[16] << 8 | seg[17];
}

/* Offset of the first byte where @a and @b differ, or -1 if none does. */
static int first_diff(const u8 *a, const u8 *b, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return i;
	return -1;
}

static void xtcp_wire_test_build_parse_roundtrip(struct kunit *test)
{
	static const u8 flag_sets[] = {
		0, XTCP_FIN, XTCP_SYN, XTCP_RST, XTCP_PSH, XTCP_ACK, XTCP_URG,
		XTCP_SYN | XTCP_ACK, XTCP_FIN | XTCP_PSH | XTCP_ACK, 0xff,
	};
	struct xtcp_seg in = {
		.sport = 0x1234, .dport = 0xabcd,
		.seq = 0xdeadbeef, .ack = 0x01020304,
		.window = 0xfedc, .urg_ptr = 0x5a5a,
		.mss = 1460,	/* not sent: has_mss is false */
		.doff = 9, .payload_len = 1000,	/* ignored by build */
	};
	u8 expect[XTCP_HDR_MIN] = {
		0x12, 0x34, 0xab, 0xcd, 0xde, 0xad, 0xbe, 0xef,
		0x01, 0x02, 0x03, 0x04, 0x50, 0x00, 0xfe, 0xdc,
		0x00, 0x00, 0x5a, 0x5a,
	};
	struct xtcp_seg out;
	unsigned int f;
	u8 *buf;
	int ret;

	buf = kunit_kmalloc(test, XTCP_HDR_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	for (f = 0; f < ARRAY_SIZE(flag_sets); f++) {
		in.flags = flag_sets[f];
		expect[13] = flag_sets[f];
		memset(buf, 0xaa, XTCP_HDR_MAX);

		ret = xtcp_wire_build(buf, XTCP_HDR_MAX, &in);
		KUNIT_ASSERT_EQ(test, ret, XTCP_HDR_MIN);
		KUNIT_ASSERT_EQ_MSG(test, first_diff(buf, expect, XTCP_HDR_MIN),
				    -1, "flags 0x%02x", in.flags);
		KUNIT_ASSERT_EQ(test, buf[XTCP_HDR_MIN], 0xaa);

		/* 7 bytes of payload (the 0xaa filler) follow the header */
		memset(&out, 0x55, sizeof(out));
		KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, XTCP_HDR_MIN + 7, &out),
				XTCP_DROP_NONE);
		KUNIT_ASSERT_EQ(test, out.sport, 0x1234);
		KUNIT_ASSERT_EQ(test, out.dport, 0xabcd);
		KUNIT_ASSERT_EQ(test, out.seq, 0xdeadbeef);
		KUNIT_ASSERT_EQ(test, out.ack, 0x01020304);
		KUNIT_ASSERT_EQ(test, out.flags, flag_sets[f]);
		KUNIT_ASSERT_EQ(test, out.window, 0xfedc);
		KUNIT_ASSERT_EQ(test, out.urg_ptr, 0x5a5a);
		KUNIT_ASSERT_EQ(test, out.doff, 5);
		KUNIT_ASSERT_EQ(test, out.payload_len, 7);
		KUNIT_ASSERT_FALSE(test, out.has_mss);
		KUNIT_ASSERT_EQ(test, out.mss, 0);
	}
}

/* Bytes written by hand, not by xtcp_wire_build(), read back field by field. */
static void xtcp_wire_test_parse_reference(struct kunit *test)
{
	unsigned int len = sizeof(ref_seg);
	struct xtcp_seg seg;
	u8 *buf;

	memset(&seg, 0x55, sizeof(seg));
	buf = exact_copy(test, ref_seg, len);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, len, &seg), XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, seg.sport, 12345);
	KUNIT_ASSERT_EQ(test, seg.dport, 80);
	KUNIT_ASSERT_EQ(test, seg.seq, 0x12345678);
	KUNIT_ASSERT_EQ(test, seg.ack, 0x9abcdef0);
	KUNIT_ASSERT_EQ(test, seg.doff, 6);
	KUNIT_ASSERT_EQ(test, seg.flags, XTCP_SYN | XTCP_ACK);
	KUNIT_ASSERT_EQ(test, seg.window, 65535);
	KUNIT_ASSERT_EQ(test, seg.urg_ptr, 0);
	KUNIT_ASSERT_TRUE(test, seg.has_mss);
	KUNIT_ASSERT_EQ(test, seg.mss, 1460);
	KUNIT_ASSERT_EQ(test, seg.payload_len, 5);

	/* the reserved bits next to the data offset are ignored */
	buf[12] |= 0x0f;
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, len, &seg), XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, seg.doff, 6);
	KUNIT_ASSERT_EQ(test, seg.payload_len, 5);
}

static void xtcp_wire_test_mss_roundtrip(struct kunit *test)
{
	static const u16 values[] = { 536, 1460, 0x80ff, 0xffff };
	struct xtcp_seg in = {
		.sport = 40000, .dport = 80, .seq = 1,
		.flags = XTCP_SYN, .window = 64240, .has_mss = true,
	};
	struct xtcp_seg out;
	unsigned int v;
	u8 *buf;
	int ret;

	buf = kunit_kmalloc(test, XTCP_HDR_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	for (v = 0; v < ARRAY_SIZE(values); v++) {
		in.mss = values[v];
		memset(buf, 0xaa, XTCP_HDR_MAX);

		ret = xtcp_wire_build(buf, XTCP_HDR_MAX, &in);
		KUNIT_ASSERT_EQ(test, ret, XTCP_HDR_MIN + XTCP_OPT_MSS_LEN);
		KUNIT_ASSERT_EQ(test, buf[12], 0x60);	/* data offset 6 */
		KUNIT_ASSERT_EQ(test, buf[20], XTCP_OPT_MSS);
		KUNIT_ASSERT_EQ(test, buf[21], XTCP_OPT_MSS_LEN);
		KUNIT_ASSERT_EQ(test, buf[22], values[v] >> 8);
		KUNIT_ASSERT_EQ(test, buf[23], values[v] & 0xff);
		KUNIT_ASSERT_EQ(test, buf[24], 0xaa);

		memset(&out, 0, sizeof(out));
		KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, ret, &out),
				XTCP_DROP_NONE);
		KUNIT_ASSERT_TRUE(test, out.has_mss);
		KUNIT_ASSERT_EQ(test, out.mss, values[v]);
		KUNIT_ASSERT_EQ(test, out.doff, 6);
		KUNIT_ASSERT_EQ(test, out.payload_len, 0);
		KUNIT_ASSERT_EQ(test, out.flags, XTCP_SYN);
		KUNIT_ASSERT_EQ(test, out.sport, 40000);
	}
}

static void xtcp_wire_test_build_no_room(struct kunit *test)
{
	struct xtcp_seg seg = { .sport = 1, .dport = 2, .has_mss = true };
	u8 untouched[XTCP_HDR_MAX];
	u8 *buf;

	buf = kunit_kmalloc(test, XTCP_HDR_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(buf, 0xaa, XTCP_HDR_MAX);
	memset(untouched, 0xaa, XTCP_HDR_MAX);
	KUNIT_ASSERT_EQ(test, xtcp_wire_build(buf, 23, &seg), -ENOSPC);
	KUNIT_ASSERT_EQ(test, xtcp_wire_build(buf, 0, &seg), -ENOSPC);
	seg.has_mss = false;
	KUNIT_ASSERT_EQ(test, xtcp_wire_build(buf, 19, &seg), -ENOSPC);
	KUNIT_ASSERT_EQ(test, first_diff(buf, untouched, XTCP_HDR_MAX), -1);

	KUNIT_ASSERT_EQ(test, xtcp_wire_build(buf, 20, &seg), 20);
	seg.has_mss = true;
	KUNIT_ASSERT_EQ(test, xtcp_wire_build(buf, 24, &seg), 24);
}

static void xtcp_wire_test_drop_short(struct kunit *test)
{
	struct xtcp_seg seg;
	unsigned int len;

	/* nothing to read: a NULL buffer must not be touched */
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(NULL, 0, &seg), XTCP_DROP_SHORT);
	for (len = 1; len < XTCP_HDR_MIN; len++)
		KUNIT_ASSERT_EQ_MSG(test,
				    xtcp_wire_parse(exact_copy(test, ref_seg, len),
						    len, &seg),
				    XTCP_DROP_SHORT, "length %u", len);
	KUNIT_ASSERT_EQ(test, parse_doff(test, 5, 20, &seg), XTCP_DROP_NONE);
}

static void xtcp_wire_test_drop_doff_small(struct kunit *test)
{
	struct xtcp_seg seg;
	u8 doff;

	for (doff = 0; doff < XTCP_DOFF_MIN; doff++)
		KUNIT_ASSERT_EQ_MSG(test, parse_doff(test, doff, 40, &seg),
				    XTCP_DROP_BAD_DOFF, "doff %u", doff);
	KUNIT_ASSERT_EQ(test, parse_doff(test, 5, 40, &seg), XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, seg.payload_len, 20);
}

static void xtcp_wire_test_drop_doff_past_len(struct kunit *test)
{
	static const u8 nops[XTCP_HDR_MAX - XTCP_HDR_MIN] = {
		[0 ... XTCP_HDR_MAX - XTCP_HDR_MIN - 1] = XTCP_OPT_NOP,
	};
	struct xtcp_seg seg;

	KUNIT_ASSERT_EQ(test, parse_doff(test, 6, 20, &seg), XTCP_DROP_BAD_DOFF);
	KUNIT_ASSERT_EQ(test, parse_doff(test, 6, 23, &seg), XTCP_DROP_BAD_DOFF);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(make_seg(test, 15, nops, 39, 59),
					      59, &seg), XTCP_DROP_BAD_DOFF);

	/* the largest header, all NOPs, exactly filling the buffer */
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(make_seg(test, 15, nops, 40, 60),
					      60, &seg), XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, seg.doff, 15);
	KUNIT_ASSERT_EQ(test, seg.payload_len, 0);
	KUNIT_ASSERT_FALSE(test, seg.has_mss);
}

static void xtcp_wire_test_drop_opt_len0(struct kunit *test)
{
	static const u8 unknown[] = { 30, 0, 0, 0 };
	static const u8 mss[] = { XTCP_OPT_MSS, 0, 0x05, 0xb4 };
	static const u8 after_nop[] = { XTCP_OPT_NOP, XTCP_OPT_NOP, 8, 0 };
	struct xtcp_seg seg;

	KUNIT_ASSERT_EQ(test, parse_opts(test, unknown, 4, &seg),
			XTCP_DROP_BAD_OPTION);
	KUNIT_ASSERT_EQ(test, parse_opts(test, mss, 4, &seg),
			XTCP_DROP_BAD_OPTION);
	KUNIT_ASSERT_EQ(test, parse_opts(test, after_nop, 4, &seg),
			XTCP_DROP_BAD_OPTION);
}

static void xtcp_wire_test_drop_opt_len1(struct kunit *test)
{
	static const u8 unknown[] = { 30, 1, 0, 0 };
	static const u8 mss[] = { XTCP_OPT_MSS, 1, 0x05, 0xb4 };
	struct xtcp_seg seg;

	KUNIT_ASSERT_EQ(test, parse_opts(test, unknown, 4, &seg),
			XTCP_DROP_BAD_OPTION);
	KUNIT_ASSERT_EQ(test, parse_opts(test, mss, 4, &seg),
			XTCP_DROP_BAD_OPTION);
}

static void xtcp_wire_test_drop_opt_past_end(struct kunit *test)
{
	static const u8 too_long[] = { 30, 5, 0, 0 };
	static const u8 no_len[] = {
		XTCP_OPT_NOP, XTCP_OPT_NOP, XTCP_OPT_NOP, 30,
	};
	static const u8 mss_cut[] = {
		XTCP_OPT_NOP, XTCP_OPT_NOP, XTCP_OPT_MSS, XTCP_OPT_MSS_LEN,
	};
	static const u8 exact[] = { 30, 4, 0, 0 };
	struct xtcp_seg seg;
	u8 *p;

	KUNIT_ASSERT_EQ(test, parse_opts(test, too_long, 4, &seg),
			XTCP_DROP_BAD_OPTION);
	KUNIT_ASSERT_EQ(test, parse_opts(test, no_len, 4, &seg),
			XTCP_DROP_BAD_OPTION);
	KUNIT_ASSERT_EQ(test, parse_opts(test, mss_cut, 4, &seg),
			XTCP_DROP_BAD_OPTION);

	/* payload bytes after the header are not option space */
	p = make_seg(test, 6, mss_cut, 4, 26);
	p[24] = 0x05;
	p[25] = 0xb4;
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(p, 26, &seg),
			XTCP_DROP_BAD_OPTION);

	/* an option that ends exactly at the end of the header is fine */
	KUNIT_ASSERT_EQ(test, parse_opts(test, exact, 4, &seg), XTCP_DROP_NONE);
}

static void xtcp_wire_test_drop_mss_len(struct kunit *test)
{
	static const u8 len3[] = { XTCP_OPT_MSS, 3, 0x05, XTCP_OPT_NOP };
	static const u8 len5[] = {
		XTCP_OPT_MSS, 5, 0x05, 0xb4, 0x00, XTCP_OPT_EOL, 0, 0,
	};
	struct xtcp_seg seg;

	KUNIT_ASSERT_EQ(test, parse_opts(test, len3, 4, &seg),
			XTCP_DROP_BAD_OPTION);
	KUNIT_ASSERT_EQ(test, parse_opts(test, len5, 8, &seg),
			XTCP_DROP_BAD_OPTION);
}

/* MSS and Window Scale on a SYN: the bytes Linux's TCP sends, and back. */
static void xtcp_wire_test_wscale_build_parse(struct kunit *test)
{
	static const u8 want[] = {
		XTCP_OPT_MSS, 4, 0x05, 0xb4,
		XTCP_OPT_NOP, XTCP_OPT_WSCALE, 3, 7,
	};
	struct xtcp_seg in = {
		.sport = 40000, .dport = 80, .seq = 1, .flags = XTCP_SYN,
		.window = 65535, .has_mss = true, .mss = 1460,
		.has_wscale = true, .wscale = 7,
	};
	struct xtcp_seg out;
	u8 *buf;
	int ret;

	buf = kunit_kmalloc(test, XTCP_HDR_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(buf, 0xaa, XTCP_HDR_MAX);
	ret = xtcp_wire_build(buf, XTCP_HDR_MAX, &in);
	KUNIT_ASSERT_EQ(test, ret, XTCP_HDR_MIN + 8);
	KUNIT_ASSERT_EQ(test, buf[12], 0x70);	/* data offset 7 */
	KUNIT_ASSERT_EQ(test, first_diff(buf + XTCP_HDR_MIN, want, 8), -1);
	KUNIT_ASSERT_EQ(test, buf[28], 0xaa);	/* nothing written past */

	memset(&out, 0, sizeof(out));
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, ret, &out), XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, out.has_wscale);
	KUNIT_ASSERT_EQ(test, out.wscale, 7);
	KUNIT_ASSERT_TRUE(test, out.has_mss);
	KUNIT_ASSERT_EQ(test, out.mss, 1460);
	KUNIT_ASSERT_EQ(test, out.window, 65535);

	/* alone, NOP + WS is one word; without it nothing is set */
	in.has_mss = false;
	in.wscale = 0;
	ret = xtcp_wire_build(buf, XTCP_HDR_MAX, &in);
	KUNIT_ASSERT_EQ(test, ret, XTCP_HDR_MIN + 4);
	KUNIT_ASSERT_EQ(test, first_diff(buf + XTCP_HDR_MIN, want + 4, 3), -1);
	KUNIT_ASSERT_EQ(test, buf[23], 0);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, ret, &out), XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, out.has_wscale);
	KUNIT_ASSERT_EQ(test, out.wscale, 0);
	KUNIT_ASSERT_FALSE(test, out.has_mss);

	in.has_wscale = false;
	ret = xtcp_wire_build(buf, XTCP_HDR_MAX, &in);
	KUNIT_ASSERT_EQ(test, ret, XTCP_HDR_MIN);
	KUNIT_ASSERT_EQ(test, xtcp_wire_parse(buf, ret, &out), XTCP_DROP_NONE);
	KUNIT_ASSERT_FALSE(test, out.has_wscale);
	KUNIT_ASSERT_EQ(test, out.wscale, 0);
}

/* RFC 7323 2.3: a shift count above 14 is taken as 14, sent or received. */
static void xtcp_wire_test_wscale_above_14(struct kunit *test)
{
	static const u8 opts15[] = { XTCP_OPT_WSCALE, 3, 15, XTCP_OPT_NOP };
	static const u8 opts255[] = { XTCP_OPT_NOP, XTCP_OPT_WSCALE, 3, 255 };
	static const u8 opts14[] = { XTCP_OPT_WSCALE, 3, 14, XTCP_OPT_EOL };
	struct xtcp_seg seg = { .flags = XTCP_SYN, .has_wscale = true,
				.wscale = 20 };
	u8 *buf;
	int ret;

	KUNIT_ASSERT_EQ(test, parse_opts(test, opts15, 4, &seg),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, seg.has_wscale);
	KUNIT_ASSERT_EQ(test, seg.wscale, XTCP_WSCALE_MAX);
	KUNIT_ASSERT_EQ(test, parse_opts(test, opts255, 4, &seg),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, seg.wscale, 14);
	KUNIT_ASSERT_EQ(test, parse_opts(test, opts14, 4, &seg),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, seg.wscale, 14);

	seg.wscale = 20;
	buf = kunit_kzalloc(test, XTCP_HDR_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	ret = xtcp_wire_build(buf, XTCP_HDR_MAX, &seg);
	KUNIT_ASSERT_EQ(test, ret, XTCP_HDR_MIN + 4);
	KUNIT_ASSERT_EQ(test, buf[23], 14);
}

/* A Window Scale option of any length but 3 is malformed: dropped. */
static void xtcp_wire_test_drop_wscale_len(struct kunit *test)
{
	static const u8 len2[] = {
		XTCP_OPT_WSCALE, 2, XTCP_OPT_NOP, XTCP_OPT_NOP,
	};
	static const u8 len4[] = { XTCP_OPT_WSCALE, 4, 7, 0 };
	static const u8 len3_past[] = {
		XTCP_OPT_NOP, XTCP_OPT_NOP, XTCP_OPT_WSCALE, 3,
	};
	struct xtcp_seg seg;

	KUNIT_ASSERT_EQ(test, parse_opts(test, len2, 4, &seg),
			XTCP_DROP_BAD_OPTION);
	KUNIT_ASSERT_EQ(test, parse_opts(test, len4, 4, &seg),
			XTCP_DROP_BAD_OPTION);
	/* the right length, but its shift byte is past the header */
	KUNIT_ASSERT_EQ(test, parse_opts(test, len3_past, 4, &seg),
			XTCP_DROP_BAD_OPTION);
}

static void xtcp_wire_test_unknown_option_skipped(struct kunit *test)
{
	/* timestamps (kind 8), which xtcp does not implement, then MSS */
	static const u8 ts[] = {
		8, 10, 1, 2, 3, 4, 5, 6, 7, 8,
		XTCP_OPT_NOP, XTCP_OPT_NOP, XTCP_OPT_MSS, 4, 0x05, 0xb4,
	};
	/* an experimental option whose body looks like a bad MSS option */
	static const u8 exper[] = {
		254, 6, XTCP_OPT_MSS, 3, 0, 0,
		XTCP_OPT_MSS, 4, 0x12, 0x34, XTCP_OPT_EOL, XTCP_OPT_EOL,
	};
	struct xtcp_seg seg;

	KUNIT_ASSERT_EQ(test, parse_opts(test, ts, sizeof(ts), &seg),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, seg.has_mss);
	KUNIT_ASSERT_EQ(test, seg.mss, 1460);
	KUNIT_ASSERT_EQ(test, seg.doff, 9);

	KUNIT_ASSERT_EQ(test, parse_opts(test, exper, sizeof(exper), &seg),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, seg.has_mss);
	KUNIT_ASSERT_EQ(test, seg.mss, 0x1234);
}

static void xtcp_wire_test_nop_eol(struct kunit *test)
{
	static const u8 nops_mss[] = {
		XTCP_OPT_NOP, XTCP_OPT_NOP, XTCP_OPT_NOP, XTCP_OPT_NOP,
		XTCP_OPT_MSS, 4, 0x02, 0x18,
	};
	/* after EOL comes garbage that would be refused if parsed */
	static const u8 eol_first[] = {
		XTCP_OPT_EOL, XTCP_OPT_MSS, 4, 0x05, 0xb4, 30, 0, 0,
	};
	static const u8 mss_eol[] = {
		XTCP_OPT_MSS, 4, 0x05, 0xb4, XTCP_OPT_EOL, 30, 1, 0,
	};
	struct xtcp_seg seg;

	KUNIT_ASSERT_EQ(test, parse_opts(test, nops_mss, 8, &seg),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, seg.has_mss);
	KUNIT_ASSERT_EQ(test, seg.mss, 536);

	KUNIT_ASSERT_EQ(test, parse_opts(test, eol_first, 8, &seg),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_FALSE(test, seg.has_mss);

	KUNIT_ASSERT_EQ(test, parse_opts(test, mss_eol, 8, &seg),
			XTCP_DROP_NONE);
	KUNIT_ASSERT_TRUE(test, seg.has_mss);
	KUNIT_ASSERT_EQ(test, seg.mss, 1460);
}

static void xtcp_wire_test_csum_verify(struct kunit *test)
{
	static const char payload[] = "hello, xtcp";	/* 11 bytes, odd */
	struct xtcp_seg in = {
		.sport = 5555, .dport = 7, .seq = 0xfffffff0, .ack = 42,
		.flags = XTCP_ACK | XTCP_PSH, .window = 512,
	};
	__be32 other = cpu_to_be32(0xc6336403);
	unsigned int len, bit;
	int hlen, ret;
	u8 *buf;
	u16 ref;

	buf = kunit_kzalloc(test, XTCP_HDR_MAX + sizeof(payload), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	hlen = xtcp_wire_build(buf, XTCP_HDR_MAX, &in);
	KUNIT_ASSERT_EQ(test, hlen, XTCP_HDR_MIN);
	memcpy(buf + hlen, payload, sizeof(payload) - 1);
	len = hlen + sizeof(payload) - 1;

	ref = slow_csum(saddr, daddr, TEST_PROTO, buf, len);
	((struct xtcp_hdr *)buf)->check = xtcp_wire_csum(saddr, daddr, buf, len,
							 TEST_PROTO);
	KUNIT_ASSERT_EQ(test, wire_check(buf), ref);
	ret = xtcp_wire_csum_verify(saddr, daddr, buf, len, TEST_PROTO);
	KUNIT_ASSERT_EQ(test, ret, XTCP_DROP_NONE);

	/* the Internet checksum catches every single-bit error */
	for (bit = 0; bit < len * 8; bit++) {
		buf[bit / 8] ^= BIT(bit % 8);
		ret = xtcp_wire_csum_verify(saddr, daddr, buf, len, TEST_PROTO);
		KUNIT_ASSERT_EQ_MSG(test, ret, XTCP_DROP_CSUM, "bit %u", bit);
		buf[bit / 8] ^= BIT(bit % 8);
	}

	/* the pseudo-header counts: other address, protocol or length */
	ret = xtcp_wire_csum_verify(saddr, other, buf, len, TEST_PROTO);
	KUNIT_ASSERT_EQ(test, ret, XTCP_DROP_CSUM);
	ret = xtcp_wire_csum_verify(saddr, daddr, buf, len, IPPROTO_TCP);
	KUNIT_ASSERT_EQ(test, ret, XTCP_DROP_CSUM);
	ret = xtcp_wire_csum_verify(saddr, daddr, buf, len + 1, TEST_PROTO);
	KUNIT_ASSERT_EQ(test, ret, XTCP_DROP_CSUM);

	ret = xtcp_wire_csum_verify(saddr, daddr, buf, len, TEST_PROTO);
	KUNIT_ASSERT_EQ(test, ret, XTCP_DROP_NONE);
}

/* A checksum as the number it is on the wire. */
static u16 csum_val(__sum16 csum)
{
	return be16_to_cpu((__force __be16)csum);
}

static void xtcp_wire_test_csum_proto(struct kunit *test)
{
	unsigned int len = sizeof(ref_seg);
	u16 xtcp, tcp;

	xtcp = csum_val(xtcp_wire_csum(saddr, daddr, ref_seg, len, TEST_PROTO));
	tcp = csum_val(xtcp_wire_csum(saddr, daddr, ref_seg, len, IPPROTO_TCP));
	KUNIT_ASSERT_NE(test, xtcp, tcp);
	/*
	 * The pseudo-header sum grows by 253 - 6, so its complement shrinks
	 * by as much (no carry for these bytes).
	 */
	KUNIT_ASSERT_EQ(test, tcp - xtcp, TEST_PROTO - IPPROTO_TCP);
}

static void xtcp_wire_test_csum_reference(struct kunit *test)
{
	unsigned int len = sizeof(ref_seg);
	u16 ref;
	u8 *buf;
	int ret;

	/* the RFC 1071 loop in this file agrees with the outside values */
	ref = slow_csum(saddr, daddr, TEST_PROTO, ref_seg, len);
	KUNIT_ASSERT_EQ(test, ref, REF_CSUM_XTCP);
	ref = slow_csum(saddr, daddr, IPPROTO_TCP, ref_seg, len);
	KUNIT_ASSERT_EQ(test, ref, REF_CSUM_TCP);

	/* and so does the kernel's, through xtcp_wire_csum() */
	buf = exact_copy(test, ref_seg, len);
	((struct xtcp_hdr *)buf)->check = xtcp_wire_csum(saddr, daddr, buf, len,
							 TEST_PROTO);
	KUNIT_ASSERT_EQ(test, wire_check(buf), REF_CSUM_XTCP);
	ret = xtcp_wire_csum_verify(saddr, daddr, buf, len, TEST_PROTO);
	KUNIT_ASSERT_EQ(test, ret, XTCP_DROP_NONE);

	((struct xtcp_hdr *)buf)->check = xtcp_wire_csum(saddr, daddr, ref_seg,
							 len, IPPROTO_TCP);
	KUNIT_ASSERT_EQ(test, wire_check(buf), REF_CSUM_TCP);
	ret = xtcp_wire_csum_verify(saddr, daddr, buf, len, IPPROTO_TCP);
	KUNIT_ASSERT_EQ(test, ret, XTCP_DROP_NONE);
}

static struct kunit_case xtcp_wire_test_cases[] = {
	KUNIT_CASE(xtcp_wire_test_build_parse_roundtrip),
	KUNIT_CASE(xtcp_wire_test_parse_reference),
	KUNIT_CASE(xtcp_wire_test_mss_roundtrip),
	KUNIT_CASE(xtcp_wire_test_build_no_room),
	KUNIT_CASE(xtcp_wire_test_drop_short),
	KUNIT_CASE(xtcp_wire_test_drop_doff_small),
	KUNIT_CASE(xtcp_wire_test_drop_doff_past_len),
	KUNIT_CASE(xtcp_wire_test_drop_opt_len0),
	KUNIT_CASE(xtcp_wire_test_drop_opt_len1),
	KUNIT_CASE(xtcp_wire_test_drop_opt_past_end),
	KUNIT_CASE(xtcp_wire_test_drop_mss_len),
	KUNIT_CASE(xtcp_wire_test_wscale_build_parse),
	KUNIT_CASE(xtcp_wire_test_wscale_above_14),
	KUNIT_CASE(xtcp_wire_test_drop_wscale_len),
	KUNIT_CASE(xtcp_wire_test_unknown_option_skipped),
	KUNIT_CASE(xtcp_wire_test_nop_eol),
	KUNIT_CASE(xtcp_wire_test_csum_verify),
	KUNIT_CASE(xtcp_wire_test_csum_proto),
	KUNIT_CASE(xtcp_wire_test_csum_reference),
	{}
};

static struct kunit_suite xtcp_wire_test_suite = {
	.name = "xtcp_wire",
	.test_cases = xtcp_wire_test_cases,
};

kunit_test_suite(xtcp_wire_test_suite);
