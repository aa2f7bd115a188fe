// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the wire format: parse a header into struct xtcp_seg, build one
 * from it, and compute the Internet checksum with xtcp's protocol number
 * in the pseudo-header.
 *
 * These are pure functions on a buffer: no socket, no skb, no state. The
 * parser reads only the bytes it is given and reports a malformed header
 * as an enum xtcp_drop_reason, so the receive path can count drops by
 * cause.
 */
#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <net/checksum.h>

#include "compat.h"
#include "wire.h"

/* A big-endian 32-bit field at any alignment. */
static u32 be32_at(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Walk the options of a header; @len bytes of them start at @opt. */
static enum xtcp_drop_reason parse_options(const u8 *opt, unsigned int len,
					   struct xtcp_seg *seg)
{
	unsigned int i = 0;
	u8 kind, optlen;

	while (i < len) {
		kind = opt[i];
		if (kind == XTCP_OPT_EOL)
			break;
		if (kind == XTCP_OPT_NOP) {
			i++;
			continue;
		}
		if (len - i < XTCP_OPT_MIN_LEN)
			return XTCP_DROP_BAD_OPTION;	/* no length byte */
		optlen = opt[i + 1];
		if (optlen < XTCP_OPT_MIN_LEN || optlen > len - i)
			return XTCP_DROP_BAD_OPTION;
		if (kind == XTCP_OPT_MSS) {
			if (optlen != XTCP_OPT_MSS_LEN)
				return XTCP_DROP_BAD_OPTION;
			seg->mss = opt[i + 2] << 8 | opt[i + 3];
			seg->has_mss = true;
		} else if (kind == XTCP_OPT_WSCALE) {
			if (optlen != XTCP_OPT_WSCALE_LEN)
				return XTCP_DROP_BAD_OPTION;
			seg->wscale = min_t(u8, opt[i + 2], XTCP_WSCALE_MAX);
			seg->has_wscale = true;
		} else if (kind == XTCP_OPT_TS) {
			if (optlen != XTCP_OPT_TS_LEN)
				return XTCP_DROP_BAD_OPTION;
			seg->tsval = be32_at(opt + i + 2);
			seg->tsecr = be32_at(opt + i + 6);
			seg->has_ts = true;
		} else if (kind == XTCP_OPT_SACK_PERM) {
			if (optlen != XTCP_OPT_SACK_PERM_LEN)
				return XTCP_DROP_BAD_OPTION;
			seg->has_sack_perm = true;
		} else if (kind == XTCP_OPT_SACK) {
			if (optlen < XTCP_OPT_SACK_BASE + XTCP_OPT_SACK_PERBLOCK ||
			    (optlen - XTCP_OPT_SACK_BASE) % XTCP_OPT_SACK_PERBLOCK)
				return XTCP_DROP_BAD_OPTION;
			seg->sack_off = XTCP_HDR_MIN + i;
		} else if (kind == XTCP_OPT_FASTOPEN ||
			   (kind == XTCP_OPT_EXP &&
			    optlen >= XTCP_OPT_EXP_FO_BASE &&
			    (opt[i + 2] << 8 | opt[i + 3]) ==
			    XTCP_OPT_FASTOPEN_MAGIC)) {
			seg->fo_off = XTCP_HDR_MIN + i;
		}
		i += optlen;
	}
	return XTCP_DROP_NONE;
}

/**
 * xtcp_wire_parse() - check a header and convert it to host order
 * @hdr: the segment, starting at its header, 4-byte aligned (as the
 *	transport header of an skb is)
 * @len: bytes readable at @hdr: header and payload
 * @seg: filled in with the header's fields; its contents are undefined
 *	when the header is refused
 *
 * Reads nothing past @hdr + @len. Options of unknown kind are skipped by
 * their length; an EOL option ends the list. If the MSS, Window Scale,
 * Timestamps or SACK option appears more than once, the last one counts; a
 * SACK option must hold one block or more (RFC 2018 3); a shift count above
 * 14 is taken as 14 (RFC 7323 2.3). The checksum is not checked here: see
 * xtcp_wire_csum_verify().
 *
 * Return: XTCP_DROP_NONE (0) when the header is well formed, else the
 * reason to drop the segment.
 */
enum xtcp_drop_reason xtcp_wire_parse(const void *hdr, unsigned int len,
				      struct xtcp_seg *seg)
{
	const struct xtcp_hdr *th = hdr;
	unsigned int hlen;

	if (len < XTCP_HDR_MIN)
		return XTCP_DROP_SHORT;
	seg->doff = th->doff >> XTCP_DOFF_SHIFT;
	hlen = seg->doff * 4;
	if (seg->doff < XTCP_DOFF_MIN || hlen > len)
		return XTCP_DROP_BAD_DOFF;

	seg->sport = be16_to_cpu(th->source);
	seg->dport = be16_to_cpu(th->dest);
	seg->seq = be32_to_cpu(th->seq);
	seg->ack = be32_to_cpu(th->ack_seq);
	seg->flags = th->flags;
	seg->window = be16_to_cpu(th->window);
	seg->urg_ptr = be16_to_cpu(th->urg_ptr);
	seg->payload_len = len - hlen;
	seg->has_mss = false;
	seg->mss = 0;
	seg->has_wscale = false;
	seg->wscale = 0;
	seg->has_ts = false;
	seg->tsval = 0;
	seg->tsecr = 0;
	seg->has_sack_perm = false;
	seg->sack_off = 0;
	seg->fo_off = 0;
	return parse_options((const u8 *)(th + 1), hlen - XTCP_HDR_MIN, seg);
}

XTCP_KUNIT_EXPORT(xtcp_wire_parse);

/**
 * xtcp_wire_build() - write the header that @seg describes
 * @buf: where the header goes, 4-byte aligned
 * @buflen: bytes writable at @buf
 * @seg: the fields to write; @seg->doff and @seg->payload_len are ignored
 *
 * xtcp_wire_build_opts() with no SACK blocks and no Fast Open option.
 *
 * Return: the header length in bytes, or -ENOSPC.
 */
int xtcp_wire_build(void *buf, unsigned int buflen,
		    const struct xtcp_seg *seg)
{
	return xtcp_wire_build_opts(buf, buflen, seg, NULL, 0, NULL);
}

XTCP_KUNIT_EXPORT(xtcp_wire_build);

static u8 *put_sack(u8 *opt, const struct xtcp_sack_block *sack,
		    unsigned int nsack)
{
	unsigned int i;

	opt[0] = XTCP_OPT_NOP;
	opt[1] = XTCP_OPT_NOP;
	opt[2] = XTCP_OPT_SACK;
	opt[3] = XTCP_OPT_SACK_BASE + nsack * XTCP_OPT_SACK_PERBLOCK;
	opt += 4;
	for (i = 0; i < nsack; i++, opt += XTCP_OPT_SACK_PERBLOCK) {
		put_be32(opt, sack[i].start);
		put_be32(opt + 4, sack[i].end);
	}
	return opt;
}

/* The Fast Open option's length: its kind, length, magic and cookie. */
static unsigned int fo_len(const struct xtcp_fo_cookie *fo)
{
	return (fo->exp ? XTCP_OPT_EXP_FO_BASE : XTCP_OPT_FASTOPEN_BASE) +
	       fo->len;
}

/* The Fast Open option, then NOPs to a word's end (tcp_options_write()). */
static u8 *put_fastopen(u8 *opt, const struct xtcp_fo_cookie *fo)
{
	unsigned int len = fo_len(fo);
	u8 *p = opt;

	if (fo->exp) {
		*p++ = XTCP_OPT_EXP;
		*p++ = len;
		*p++ = XTCP_OPT_FASTOPEN_MAGIC >> 8;
		*p++ = XTCP_OPT_FASTOPEN_MAGIC & 0xff;
	} else {
		*p++ = XTCP_OPT_FASTOPEN;
		*p++ = len;
	}
	memcpy(p, fo->val, fo->len);
	p += fo->len;
	memset(p, XTCP_OPT_NOP, ALIGN(len, 4) - len);
	return opt + ALIGN(len, 4);
}

/**
 * xtcp_wire_build_opts() - write the header that @seg describes, with
 *	SACK blocks and a Fast Open option
 * @buf: where the header goes, 4-byte aligned
 * @buflen: bytes writable at @buf
 * @seg: the fields to write; @seg->doff, @seg->sack_off and
 *	@seg->payload_len are ignored
 * @sack: SACK blocks to write, in order (RFC 2018: the most recent first)
 * @nsack: how many, at most XTCP_SACK_BLOCKS_MAX (0: no SACK option)
 * @fo: the Fast Open option to write (RFC 7413), or NULL; none either
 *	when its &xtcp_fo_cookie.len is -1
 *
 * Writes the fixed header, an MSS option when @seg->has_mss, a Timestamps
 * option when @seg->has_ts after two NOPs or, with
 * @seg->has_sack_perm, after the SACK-permitted option, else NOP, NOP and
 * SACK-permitted when @seg->has_sack_perm, a NOP and a Window Scale option
 * when @seg->has_wscale (its shift taken as at most 14), NOP, NOP and the
 * SACK option when @nsack, the Fast Open option when @fo says so (kind
 * 34, or 254 with its magic, then the cookie, NOP padded), in the order
 * Linux's tcp_options_write() uses,
 * and EOL padding up to a multiple of 4 bytes, and nothing past that. The
 * reserved
 * bits and the checksum field are written as zero: the caller fills in the
 * checksum once the payload follows the header (xtcp_wire_csum()).
 *
 * Return: the header length in bytes (a multiple of 4, 20 to 60), or
 * -ENOSPC if it does not fit in @buflen bytes, -EINVAL for more than
 * XTCP_SACK_BLOCKS_MAX blocks; @buf is untouched then.
 */
int xtcp_wire_build_opts(void *buf, unsigned int buflen,
			 const struct xtcp_seg *seg,
			 const struct xtcp_sack_block *sack, unsigned int nsack,
			 const struct xtcp_fo_cookie *fo)
{
	unsigned int optlen = 0, hlen;
	struct xtcp_hdr *th = buf;
	u8 *opt = (u8 *)(th + 1);

	if (seg->has_mss)
		optlen += XTCP_OPT_MSS_LEN;
	if (seg->has_ts)
		optlen += XTCP_OPT_TS_ALIGNED;
	if (seg->has_sack_perm && !seg->has_ts)
		optlen += 2 + XTCP_OPT_SACK_PERM_LEN;
	if (seg->has_wscale)
		optlen += 1 + XTCP_OPT_WSCALE_LEN;
	if (nsack > XTCP_SACK_BLOCKS_MAX)
		return -EINVAL;
	if (nsack)
		optlen += 2 + XTCP_OPT_SACK_BASE +
			  nsack * XTCP_OPT_SACK_PERBLOCK;
	if (fo && fo->len >= 0)
		optlen += ALIGN(fo_len(fo), 4);
	hlen = XTCP_HDR_MIN + ALIGN(optlen, 4);
	if (hlen > buflen)
		return -ENOSPC;

	th->source = cpu_to_be16(seg->sport);
	th->dest = cpu_to_be16(seg->dport);
	th->seq = cpu_to_be32(seg->seq);
	th->ack_seq = cpu_to_be32(seg->ack);
	th->doff = hlen / 4 << XTCP_DOFF_SHIFT;
	th->flags = seg->flags;
	th->window = cpu_to_be16(seg->window);
	th->check = 0;
	th->urg_ptr = cpu_to_be16(seg->urg_ptr);

	if (seg->has_mss) {
		opt[0] = XTCP_OPT_MSS;
		opt[1] = XTCP_OPT_MSS_LEN;
		opt[2] = seg->mss >> 8;
		opt[3] = seg->mss & 0xff;
		opt += XTCP_OPT_MSS_LEN;
	}
	if (seg->has_ts) {
		opt[0] = XTCP_OPT_NOP;
		opt[1] = XTCP_OPT_NOP;
		if (seg->has_sack_perm) {
			opt[0] = XTCP_OPT_SACK_PERM;
			opt[1] = XTCP_OPT_SACK_PERM_LEN;
		}
		opt[2] = XTCP_OPT_TS;
		opt[3] = XTCP_OPT_TS_LEN;
		put_be32(opt + 4, seg->tsval);
		put_be32(opt + 8, seg->tsecr);
		opt += XTCP_OPT_TS_ALIGNED;
	} else if (seg->has_sack_perm) {
		opt[0] = XTCP_OPT_NOP;
		opt[1] = XTCP_OPT_NOP;
		opt[2] = XTCP_OPT_SACK_PERM;
		opt[3] = XTCP_OPT_SACK_PERM_LEN;
		opt += 2 + XTCP_OPT_SACK_PERM_LEN;
	}
	if (seg->has_wscale) {
		opt[0] = XTCP_OPT_NOP;
		opt[1] = XTCP_OPT_WSCALE;
		opt[2] = XTCP_OPT_WSCALE_LEN;
		opt[3] = min_t(u8, seg->wscale, XTCP_WSCALE_MAX);
		opt += 1 + XTCP_OPT_WSCALE_LEN;
	}
	if (nsack)
		opt = put_sack(opt, sack, nsack);
	if (fo && fo->len >= 0)
		opt = put_fastopen(opt, fo);
	memset(opt, XTCP_OPT_EOL, (u8 *)buf + hlen - opt);
	return hlen;
}

XTCP_KUNIT_EXPORT(xtcp_wire_build_opts);

/**
 * xtcp_wire_build_sack() - write the header that @seg describes, with
 *	SACK blocks
 * @buf: where the header goes, 4-byte aligned
 * @buflen: bytes writable at @buf
 * @seg: the fields to write
 * @sack: SACK blocks to write, in order (RFC 2018: the most recent first)
 * @nsack: how many, at most XTCP_SACK_BLOCKS_MAX (0: no SACK option)
 *
 * xtcp_wire_build_opts() with no Fast Open option.
 *
 * Return: the header length in bytes, -ENOSPC or -EINVAL.
 */
int xtcp_wire_build_sack(void *buf, unsigned int buflen,
			 const struct xtcp_seg *seg,
			 const struct xtcp_sack_block *sack, unsigned int nsack)
{
	return xtcp_wire_build_opts(buf, buflen, seg, sack, nsack, NULL);
}

XTCP_KUNIT_EXPORT(xtcp_wire_build_sack);

/**
 * xtcp_wire_fastopen() - the cookie of a parsed header's Fast Open option
 * @hdr: the header xtcp_wire_parse() took @seg from
 * @seg: the parsed header
 * @foc: gets the option, as Linux's tcp_parse_fastopen_option(): on a SYN
 *	only, with an even cookie length; a length from 4 to 16 is a cookie,
 *	0 a request, any other length no option (@foc->len -1)
 */
void xtcp_wire_fastopen(const void *hdr, const struct xtcp_seg *seg,
			struct xtcp_fo_cookie *foc)
{
	const u8 *opt = (const u8 *)hdr + seg->fo_off;
	unsigned int base;
	int len;

	foc->len = -1;
	foc->exp = false;
	if (!seg->fo_off || !(seg->flags & XTCP_SYN))
		return;
	foc->exp = opt[0] == XTCP_OPT_EXP;
	base = foc->exp ? XTCP_OPT_EXP_FO_BASE : XTCP_OPT_FASTOPEN_BASE;
	len = opt[1] - base;
	if (len < 0 || (len & 1))
		return;
	if (len >= XTCP_FO_COOKIE_MIN && len <= XTCP_FO_COOKIE_MAX)
		memcpy(foc->val, opt + base, len);
	else if (len)
		len = -1;
	foc->len = len;
}

XTCP_KUNIT_EXPORT(xtcp_wire_fastopen);

/**
 * xtcp_wire_sack_blocks() - the blocks of a parsed header's SACK option
 * @hdr: the header xtcp_wire_parse() took @seg from
 * @seg: the parsed header
 * @blocks: XTCP_SACK_BLOCKS_MAX entries for the blocks, as they come
 *
 * The parser checked the option's length; the blocks are not checked
 * against anything here (the sender's scoreboard does).
 *
 * Return: the number of blocks, 0 if the header carries no SACK option.
 */
unsigned int xtcp_wire_sack_blocks(const void *hdr, const struct xtcp_seg *seg,
				   struct xtcp_sack_block *blocks)
{
	const u8 *opt = (const u8 *)hdr + seg->sack_off;
	unsigned int i, n;

	if (!seg->sack_off)
		return 0;
	n = (opt[1] - XTCP_OPT_SACK_BASE) / XTCP_OPT_SACK_PERBLOCK;
	n = min_t(unsigned int, n, XTCP_SACK_BLOCKS_MAX);
	for (i = 0; i < n; i++) {
		const u8 *b = opt + XTCP_OPT_SACK_BASE +
			      i * XTCP_OPT_SACK_PERBLOCK;

		blocks[i].start = be32_at(b);
		blocks[i].end = be32_at(b + 4);
	}
	return n;
}

XTCP_KUNIT_EXPORT(xtcp_wire_sack_blocks);

/**
 * xtcp_wire_csum() - the checksum to put in a segment's header
 * @saddr: IPv4 source address
 * @daddr: IPv4 destination address
 * @seg: the segment, header and payload, with its checksum field zero
 * @len: length of the segment in bytes
 * @proto: IP protocol number for the pseudo-header (xtcp_ipproto, not 6)
 *
 * The Internet checksum (RFC 793 section 3.1, RFC 1071) of the IPv4
 * pseudo-header (@saddr, @daddr, zero, @proto, @len) followed by @len
 * bytes at @seg.
 *
 * Return: the value to store, as is, in &struct xtcp_hdr.check.
 */
__sum16 xtcp_wire_csum(__be32 saddr, __be32 daddr, const void *seg,
		       unsigned int len, u8 proto)
{
	return csum_tcpudp_magic(saddr, daddr, len, proto,
				 csum_partial(seg, len, 0));
}

XTCP_KUNIT_EXPORT(xtcp_wire_csum);

/**
 * xtcp_wire_csum_verify() - check the checksum of a received segment
 * @saddr: IPv4 source address
 * @daddr: IPv4 destination address
 * @seg: the segment as received, checksum field included
 * @len: length of the segment in bytes
 * @proto: IP protocol number the segment arrived on
 *
 * Summing a segment together with a correct checksum gives all ones, whose
 * complement is zero.
 *
 * Return: XTCP_DROP_NONE (0) if the checksum is right, else XTCP_DROP_CSUM.
 */
enum xtcp_drop_reason xtcp_wire_csum_verify(__be32 saddr, __be32 daddr,
					    const void *seg, unsigned int len,
					    u8 proto)
{
	if (xtcp_wire_csum(saddr, daddr, seg, len, proto))
		return XTCP_DROP_CSUM;
	return XTCP_DROP_NONE;
}

XTCP_KUNIT_EXPORT(xtcp_wire_csum_verify);
