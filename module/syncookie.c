// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: SYN cookies, the arithmetic: making a cookie of a SYN and taking
 * one apart (the layout is in syncookie.h). Pure functions of the key, the
 * addresses, the clock and the options they are given; the listener's
 * policy (when to send a cookie, when to look for one) is in listen.c.
 */
#include <linux/kernel.h>
#include <linux/in6.h>
#include <linux/random.h>

#include "compat.h"
#include "syncookie.h"
#include "wire.h"

#define COOKIEBITS	24	/* the count is in the bits above */
#define COOKIEMASK	(((u32)1 << COOKIEBITS) - 1)

/* data: bits 0-1 the MSS index, bits 2-5 the window shift or NO_WSCALE */
#define MSS_BITS	2
#define WSCALE_MASK	0xf
#define NO_WSCALE	WSCALE_MASK
#define DATA_MAX	(1 << (MSS_BITS + 4))

/*
 * Linux's msstab, from the 2011 study of the MSS values seen on the
 * Internet it cites; sorted. Its size must be 1 << MSS_BITS.
 */
static const u16 msstab[] = { 536, 1300, 1440, 1460 };

static_assert(ARRAY_SIZE(msstab) == 1 << MSS_BITS);

/**
 * xtcp_syncookie_key_init() - new random keys for a namespace
 * @key: the keys
 */
void xtcp_syncookie_key_init(struct xtcp_syncookie_key *key)
{
	get_random_bytes(key, sizeof(*key));
}

XTCP_KUNIT_EXPORT(xtcp_syncookie_key_init);

/* As cookie_hash() of syncookies.c: both addresses whole (IPv4: af.h). */
static u32 cookie_hash(const struct xtcp_syncookie_key *key,
		       const struct in6_addr *saddr,
		       const struct in6_addr *daddr, u16 sport, u16 dport,
		       u32 count, int c)
{
	const struct {
		struct in6_addr	saddr;
		struct in6_addr	daddr;
		u32		ports;
		u32		count;
	} __aligned(SIPHASH_ALIGNMENT) in = {
		.saddr	= *saddr,
		.daddr	= *daddr,
		.ports	= (u32)sport << 16 | dport,
		.count	= count,
	};

	return siphash(&in, sizeof(in), &key->k[c]);
}

static unsigned int mss_index(u16 mss)
{
	unsigned int i;

	for (i = ARRAY_SIZE(msstab) - 1; i; i--)
		if (mss >= msstab[i])
			break;
	return i;
}

/**
 * xtcp_syncookie_mss() - the MSS a cookie keeps of the peer's
 * @mss: the peer's MSS
 *
 * Return: @mss rounded down to an entry of the table, at least its
 * smallest (536, as Linux: a peer that asked for less gets 536).
 */
u16 xtcp_syncookie_mss(u16 mss)
{
	return msstab[mss_index(mss)];
}

XTCP_KUNIT_EXPORT(xtcp_syncookie_mss);

/**
 * xtcp_syncookie_make() - the cookie for a SYN
 * @key: the namespace's keys
 * @saddr: the SYN's source address (the peer's; IPv4: v4-mapped)
 * @daddr: its destination address (ours)
 * @sport: its source port
 * @dport: its destination port
 * @seq: its sequence number
 * @count: xtcp_syncookie_time() now
 * @opts: what to keep of the SYN (@opts->mss is rounded down)
 *
 * Linux's secure_tcp_syn_cookie(), with the window shift in the data.
 *
 * Return: the cookie, our SYN,ACK's sequence number.
 */
u32 xtcp_syncookie_make(const struct xtcp_syncookie_key *key,
			const struct in6_addr *saddr,
			const struct in6_addr *daddr, u16 sport, u16 dport,
			u32 seq, u32 count,
			const struct xtcp_syncookie_opts *opts)
{
	u32 ws = opts->wscale_ok ? min_t(u32, opts->wscale, XTCP_WSCALE_MAX) :
		 NO_WSCALE;
	u32 data = mss_index(opts->mss) | ws << MSS_BITS;

	return cookie_hash(key, saddr, daddr, sport, dport, 0, 0) + seq +
	       (count << COOKIEBITS) +
	       ((cookie_hash(key, saddr, daddr, sport, dport, count, 1) + data) &
		COOKIEMASK);
}

XTCP_KUNIT_EXPORT(xtcp_syncookie_make);

/**
 * xtcp_syncookie_check() - is an ACK's SEG.ACK - 1 a cookie we sent?
 * @key: the namespace's keys
 * @saddr: the ACK's source address (the peer's; IPv4: v4-mapped)
 * @daddr: its destination address (ours)
 * @sport: its source port
 * @dport: its destination port
 * @seq: its SEG.SEQ - 1, the SYN's sequence number
 * @cookie: its SEG.ACK - 1
 * @count: xtcp_syncookie_time() now
 * @opts: set to what the cookie kept of the SYN, if it is one
 *
 * Linux's check_tcp_syn_cookie() and __cookie_v4_check(): the cookie must
 * be less than XTCP_SYNCOOKIE_MAX_AGE counts old, and its data in range.
 *
 * Return: true if @cookie is a cookie made for this 4-tuple and SYN.
 */
bool xtcp_syncookie_check(const struct xtcp_syncookie_key *key,
			  const struct in6_addr *saddr,
			  const struct in6_addr *daddr, u16 sport, u16 dport,
			  u32 seq, u32 cookie, u32 count,
			  struct xtcp_syncookie_opts *opts)
{
	u32 diff, data, ws;

	cookie -= cookie_hash(key, saddr, daddr, sport, dport, 0, 0) + seq;
	diff = (count - (cookie >> COOKIEBITS)) & ((u32)-1 >> COOKIEBITS);
	if (diff >= XTCP_SYNCOOKIE_MAX_AGE)
		return false;
	data = (cookie - cookie_hash(key, saddr, daddr, sport, dport,
				     count - diff, 1)) & COOKIEMASK;
	if (data >= DATA_MAX)
		return false;
	ws = data >> MSS_BITS;		/* 0-14, or NO_WSCALE */
	opts->mss = msstab[data & (ARRAY_SIZE(msstab) - 1)];
	opts->wscale_ok = ws != NO_WSCALE;
	opts->wscale = opts->wscale_ok ? ws : 0;
	return true;
}

XTCP_KUNIT_EXPORT(xtcp_syncookie_check);

/**
 * xtcp_syncookie_ts_encode() - the TSval of a SYN,ACK that carries a
 *	cookie, with the SYN's options in its low bits
 * @tsval: the TSval it would carry
 * @opts: what the cookie keeps of the SYN, and whether the SYN,ACK
 *	agrees to ECN
 * @sack_ok: the SYN,ACK carries SACK-permitted
 *
 * As Linux's cookie_init_timestamp(): the low XTCP_SYNCOOKIE_TSBITS bits
 * of @tsval become the options, and the value goes back one step if that
 * put it after @tsval, so the clock never seems to run ahead.
 *
 * Return: the TSval to send.
 */
u32 xtcp_syncookie_ts_encode(u32 tsval, const struct xtcp_syncookie_opts *opts,
			     bool sack_ok)
{
	u32 o = opts->wscale_ok ? opts->wscale : XTCP_SYNCOOKIE_TS_WSCALE;
	u32 ts;

	if (sack_ok)
		o |= XTCP_SYNCOOKIE_TS_SACK;
	if (opts->ecn_ok)
		o |= XTCP_SYNCOOKIE_TS_ECN;
	ts = (tsval & ~(BIT(XTCP_SYNCOOKIE_TSBITS) - 1)) | o;
	if ((s32)(ts - tsval) > 0)
		ts -= BIT(XTCP_SYNCOOKIE_TSBITS);
	return ts;
}

XTCP_KUNIT_EXPORT(xtcp_syncookie_ts_encode);

/**
 * xtcp_syncookie_ts_sack() - did the SYN,ACK whose TSval an ACK echoes
 *	carry SACK-permitted?
 * @tsecr: the ACK's TSecr (0: no timestamps, as Linux's
 *	cookie_timestamp_decode())
 *
 * Return: true if SACK is on for the connection the cookie makes.
 */
bool xtcp_syncookie_ts_sack(u32 tsecr)
{
	return tsecr && (tsecr & XTCP_SYNCOOKIE_TS_SACK);
}

XTCP_KUNIT_EXPORT(xtcp_syncookie_ts_sack);

/**
 * xtcp_syncookie_ts_ecn() - did the SYN,ACK whose TSval an ACK echoes
 *	agree to ECN?
 * @tsecr: the ACK's TSecr (0: no timestamps)
 *
 * Return: true if it carried ECE (Linux's cookie_ecn_ok(), without the
 * sysctl, which the caller asks).
 */
bool xtcp_syncookie_ts_ecn(u32 tsecr)
{
	return tsecr && (tsecr & XTCP_SYNCOOKIE_TS_ECN);
}

XTCP_KUNIT_EXPORT(xtcp_syncookie_ts_ecn);
