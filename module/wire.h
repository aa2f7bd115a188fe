/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the wire format. Segments carry the RFC 793 TCP header unchanged,
 * so packet tools decode them as TCP; only the IP protocol number differs.
 *
 * wire.c turns the bytes of a header into a checked host-order view
 * (struct xtcp_seg) and back, and computes the checksum. Nothing here
 * knows about sockets or connection state.
 */
#ifndef _XTCP_WIRE_H
#define _XTCP_WIRE_H

#include <linux/build_bug.h>
#include <linux/types.h>

/*
 * Header sizes, in bytes. The data offset field counts 32-bit words, so a
 * header is 5 to 15 words long and options fill whatever follows the first
 * 20 bytes.
 */
enum {
	XTCP_HDR_MIN		= 20,
	XTCP_HDR_MAX		= 60,
	XTCP_DOFF_MIN		= XTCP_HDR_MIN / 4,
	XTCP_DOFF_SHIFT		= 4,	/* data offset: high nibble of byte 12 */
};

/* Control bits, byte 13 of the header. */
enum {
	XTCP_FIN		= 0x01,
	XTCP_SYN		= 0x02,
	XTCP_RST		= 0x04,
	XTCP_PSH		= 0x08,
	XTCP_ACK		= 0x10,
	XTCP_URG		= 0x20,
	XTCP_ECE		= 0x40,	/* ECN-Echo, RFC 3168 (ecn.h) */
	XTCP_CWR		= 0x80,	/* Congestion Window Reduced (ecn.h) */
};

/*
 * Option kinds and lengths (RFC 793 section 3.1). Every kind but EOL and
 * NOP is followed by a length byte that counts the kind and length bytes
 * too, so it is at least 2. Kinds xtcp does not know are skipped.
 */
enum {
	XTCP_OPT_EOL		= 0,	/* end of option list, one byte */
	XTCP_OPT_NOP		= 1,	/* padding, one byte */
	XTCP_OPT_MSS		= 2,	/* maximum segment size */
	XTCP_OPT_MSS_LEN	= 4,
	XTCP_OPT_WSCALE		= 3,	/* window scale, RFC 7323 2.2 */
	XTCP_OPT_WSCALE_LEN	= 3,
	XTCP_OPT_TS		= 8,	/* timestamps, RFC 7323 3 */
	XTCP_OPT_TS_LEN		= 10,
	XTCP_OPT_TS_ALIGNED	= 12,	/* NOP, NOP, kind, length, 8 octets */
	XTCP_OPT_SACK_PERM	= 4,	/* SACK permitted, RFC 2018 2 */
	XTCP_OPT_SACK_PERM_LEN	= 2,
	XTCP_OPT_SACK		= 5,	/* SACK blocks, RFC 2018 3 */
	XTCP_OPT_SACK_BASE	= 2,	/* kind and length, then the blocks */
	XTCP_OPT_SACK_PERBLOCK	= 8,	/* left and right edge */
	XTCP_OPT_MIN_LEN	= 2,
	XTCP_OPT_FASTOPEN	= 34,	/* Fast Open cookie, RFC 7413 4.1.1 */
	XTCP_OPT_FASTOPEN_BASE	= 2,	/* kind and length, then the cookie */
	XTCP_OPT_EXP		= 254,	/* RFC 6994 experimental, as Linux's */
	XTCP_OPT_EXP_FO_BASE	= 4,	/* kind, length, magic, then cookie */
	XTCP_OPT_FASTOPEN_MAGIC	= 0xF989,	/* the ExID of Fast Open */
};

/* Fast Open cookie lengths (RFC 7413 4.1.1), as Linux's */
enum {
	XTCP_FO_COOKIE_MIN	= 4,
	XTCP_FO_COOKIE_MAX	= 16,
	XTCP_FO_COOKIE_SIZE	= 8,	/* what xtcp's servers hand out */
};

/**
 * struct xtcp_fo_cookie - a Fast Open option (RFC 7413), as Linux's
 *	struct tcp_fastopen_cookie
 * @val: the cookie, @len octets
 * @len: -1 for no option, 0 for a cookie request (an empty option), else
 *	the cookie's length (an even number from 4 to 16)
 * @exp: in the experimental format (kind 254, magic 0xF989), not kind 34
 */
struct xtcp_fo_cookie {
	u8	val[XTCP_FO_COOKIE_MAX];
	s8	len;
	bool	exp;
};

/* Most SACK blocks a header has room for (4, or 3 beside Timestamps). */
#define XTCP_SACK_BLOCKS_MAX	4

/**
 * struct xtcp_sack_block - a SACK block, in host byte order (RFC 2018 3)
 * @start: left edge: the first sequence number of the block
 * @end: right edge: the sequence number after its last octet
 */
struct xtcp_sack_block {
	u32	start;
	u32	end;
};

/* Largest window shift (RFC 7323 2.3): a larger one is taken as this. */
#define XTCP_WSCALE_MAX		14

/**
 * struct xtcp_hdr - the header as it is on the wire (RFC 793 section 3.1)
 * @source: source port
 * @dest: destination port
 * @seq: sequence number of the first data octet (of the SYN on a SYN)
 * @ack_seq: next sequence number the sender expects, valid with ACK
 * @doff: data offset in 32-bit words in the high nibble; the low nibble
 *	is reserved (zero when sent, ignored when received)
 * @flags: control bits, XTCP_FIN ... XTCP_CWR
 * @window: receive window, in octets
 * @check: Internet checksum over the pseudo-header, header and data
 * @urg_ptr: urgent pointer, an offset from @seq, valid with URG
 *
 * Options, if any, follow @urg_ptr. Every field is big-endian.
 */
struct xtcp_hdr {
	__be16	source;
	__be16	dest;
	__be32	seq;
	__be32	ack_seq;
	u8	doff;
	u8	flags;
	__be16	window;
	__sum16	check;
	__be16	urg_ptr;
};

static_assert(sizeof(struct xtcp_hdr) == XTCP_HDR_MIN);

/**
 * struct xtcp_seg - a parsed header, in host byte order
 * @seq: sequence number
 * @ack: acknowledgment number (meaningful only with XTCP_ACK in @flags)
 * @sport: source port
 * @dport: destination port
 * @window: receive window
 * @urg_ptr: urgent pointer
 * @mss: value of the MSS option, valid when @has_mss
 * @wscale: shift count of the Window Scale option, valid when @has_wscale;
 *	at most XTCP_WSCALE_MAX (the parser takes a larger one as that)
 * @flags: control bits, XTCP_FIN ... XTCP_CWR, as received
 * @doff: header length in 32-bit words (5-15); the payload starts at byte
 *	@doff * 4. Set by xtcp_wire_parse(), ignored by xtcp_wire_build().
 * @has_mss: the header carries an MSS option. The parser records it on any
 *	segment; RFC 793 allows it only on a SYN, which is the caller's check.
 * @has_wscale: the header carries a Window Scale option (RFC 7323). As for
 *	@has_mss, the parser records it on any segment; it counts only on a
 *	SYN. xtcp_wire_build() writes it as NOP + option, so the header
 *	stays 4-byte aligned.
 * @has_ts: the header carries a Timestamps option (RFC 7323 3), on any
 *	segment. xtcp_wire_build() writes it as NOP, NOP and the option.
 * @has_sack_perm: the header carries a SACK-permitted option (RFC
 *	2018), which counts only on a SYN. xtcp_wire_build() writes it in
 *	the place of the NOPs before the Timestamps option, or as NOP, NOP
 *	and the option without timestamps, as Linux.
 * @sack_off: where a SACK option starts, in octets from the start of the
 *	header (0: none), as Linux keeps it in TCP_SKB_CB(skb)->sacked; its
 *	blocks stay in the header for xtcp_wire_sack_blocks(). Set by
 *	xtcp_wire_parse(), ignored by xtcp_wire_build().
 * @fo_off: where a Fast Open option starts (kind 34, or 254 with Fast
 *	Open's magic), in octets from the start of the header (0: none); its
 *	cookie stays in the header for xtcp_wire_fastopen(). Set by
 *	xtcp_wire_parse(), ignored by xtcp_wire_build().
 * @tsval: TSval of the Timestamps option, valid when @has_ts
 * @tsecr: TSecr of the Timestamps option, valid when @has_ts
 * @payload_len: octets after the header. Set by xtcp_wire_parse(), ignored
 *	by xtcp_wire_build().
 */
struct xtcp_seg {
	u32		seq;
	u32		ack;
	u16		sport;
	u16		dport;
	u16		window;
	u16		urg_ptr;
	u16		mss;
	u8		wscale;
	u8		flags;
	u8		doff;
	bool		has_mss:1;
	bool		has_wscale:1;
	bool		has_ts:1;
	bool		has_sack_perm:1;
	u8		sack_off;
	u8		fo_off;
	u32		tsval;
	u32		tsecr;
	unsigned int	payload_len;
};

/**
 * enum xtcp_drop_reason - why an arriving segment is dropped
 * @XTCP_DROP_NONE: not dropped: the segment is well formed
 * @XTCP_DROP_SHORT: fewer bytes than the 20-byte fixed header
 * @XTCP_DROP_BAD_DOFF: data offset below 5 words, or past the end of
 *	the segment
 * @XTCP_DROP_BAD_OPTION: an option with a length below 2, running past
 *	the header, or of the wrong length for its kind
 * @XTCP_DROP_CSUM: the checksum does not verify
 * @XTCP_DROP_COUNT: number of values above, to size arrays indexed by
 *	reason (per-reason counters, names)
 */
enum xtcp_drop_reason {
	XTCP_DROP_NONE = 0,
	XTCP_DROP_SHORT,
	XTCP_DROP_BAD_DOFF,
	XTCP_DROP_BAD_OPTION,
	XTCP_DROP_CSUM,
	XTCP_DROP_COUNT
};

enum xtcp_drop_reason xtcp_wire_parse(const void *hdr, unsigned int len,
				      struct xtcp_seg *seg);
int xtcp_wire_build(void *buf, unsigned int buflen,
		    const struct xtcp_seg *seg);
int xtcp_wire_build_sack(void *buf, unsigned int buflen,
			 const struct xtcp_seg *seg,
			 const struct xtcp_sack_block *sack, unsigned int nsack);
int xtcp_wire_build_opts(void *buf, unsigned int buflen,
			 const struct xtcp_seg *seg,
			 const struct xtcp_sack_block *sack, unsigned int nsack,
			 const struct xtcp_fo_cookie *fo);
void xtcp_wire_fastopen(const void *hdr, const struct xtcp_seg *seg,
			struct xtcp_fo_cookie *foc);
unsigned int xtcp_wire_sack_blocks(const void *hdr, const struct xtcp_seg *seg,
				   struct xtcp_sack_block *blocks);
__sum16 xtcp_wire_csum(__be32 saddr, __be32 daddr, const void *seg,
		       unsigned int len, u8 proto);
enum xtcp_drop_reason xtcp_wire_csum_verify(__be32 saddr, __be32 daddr,
					    const void *seg, unsigned int len,
					    u8 proto);

#endif /* _XTCP_WIRE_H */
