/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: SYN cookies (syncookie.c), Linux's (net/ipv4/syncookies.c) with
 * the window shift in the cookie instead of in a timestamp.
 *
 * When a listener's SYN queue is full (or always, with
 * net.xtcp.tcp_syncookies = 2) its SYN,ACK carries a cookie as its
 * initial sequence number and the listener keeps nothing; the ACK that
 * returns the cookie + 1 makes the child (listen.c). The cookie, 32 bits:
 *
 *	cookie = H0(4-tuple) + SEG.SEQ + (count << 24)
 *		 + ((H1(4-tuple, count) + data) mod 2^24)
 *
 * H0 and H1 are SipHash-2-4 of the addresses and ports under two keys of
 * the namespace; SEG.SEQ is the SYN's sequence number; count is the time
 * in minutes (jiffies / XTCP_SYNCOOKIE_PERIOD), whose low 8 bits the top
 * byte carries, so a cookie older than XTCP_SYNCOOKIE_MAX_AGE counts
 * (2 to 3 minutes) is refused. data, 6 bits, is what the listener must
 * remember of the SYN:
 *
 *	bits 0-1: the index in a table of the peer's MSS (536, 1300, 1440,
 *		  1460: Linux's msstab), rounded down;
 *	bits 2-5: the peer's window shift (0-14), or 15 if its SYN had no
 *		  Window Scale option.
 *
 * Linux keeps the window shift in the timestamp it echoes; xtcp keeps it
 * in the cookie, which works without timestamps too, so the shift takes 4
 * of the 22 bits Linux leaves to H1: a guessed ACK passes for a cookie
 * with probability 2/256 * 64/2^24 = 2^-25 (Linux's: 2^-29).
 *
 * SACK-permitted and ECN are kept as Linux keeps them: in the low 6 bits
 * of the SYN,ACK's TSval (cookie_init_timestamp(): the window shift or 15
 * in bits 0-3, SACK in bit 4, ECN in bit 5), which the ACK echoes in its
 * TSecr; without timestamps a cookie's connection has neither, as in
 * Linux.
 */
#ifndef _XTCP_SYNCOOKIE_H
#define _XTCP_SYNCOOKIE_H

#include <linux/jiffies.h>
#include <linux/siphash.h>
#include <linux/types.h>

struct in6_addr;

/* Linux's TCP_SYNCOOKIE_PERIOD, MAX_SYNCOOKIE_AGE, TCP_SYNCOOKIE_VALID */
#define XTCP_SYNCOOKIE_PERIOD	(60 * HZ)
#define XTCP_SYNCOOKIE_MAX_AGE	2
#define XTCP_SYNCOOKIE_VALID	(XTCP_SYNCOOKIE_MAX_AGE * XTCP_SYNCOOKIE_PERIOD)

/* net.xtcp.tcp_syncookies, as net.ipv4.tcp_syncookies */
enum {
	XTCP_SYNCOOKIES_OFF	= 0,	/* a full SYN queue drops SYNs */
	XTCP_SYNCOOKIES_ON	= 1,	/* cookies when the queue is full */
	XTCP_SYNCOOKIES_ALWAYS	= 2,	/* cookies for every SYN */
};

/**
 * struct xtcp_syncookie_key - a namespace's two SipHash keys
 * @k: the key of H0, then the key of H1
 */
struct xtcp_syncookie_key {
	siphash_key_t	k[2];
};

/**
 * struct xtcp_syncookie_opts - what a cookie keeps of the SYN
 * @mss: the peer's MSS (its SYN's option, or 536 without one); the cookie
 *	keeps it rounded down to an entry of the table, at least 536
 * @wscale_ok: the SYN carried a Window Scale option
 * @wscale: its shift count, at most 14, valid if @wscale_ok
 * @ecn_ok: the SYN,ACK agreed to ECN (carries ECE): kept in its TSval
 *	only (xtcp_syncookie_ts_encode()), not in the cookie
 */
struct xtcp_syncookie_opts {
	u16	mss;
	bool	wscale_ok;
	u8	wscale;
	bool	ecn_ok;
};

/**
 * xtcp_syncookie_time() - the cookies' clock
 *
 * Return: minutes since boot (Linux's tcp_cookie_time()).
 */
static inline u32 xtcp_syncookie_time(void)
{
	u64 val = get_jiffies_64();

	do_div(val, XTCP_SYNCOOKIE_PERIOD);
	return val;
}

/* Linux's TSBITS and TS_OPT_*: a cookie's options in the TSval */
#define XTCP_SYNCOOKIE_TSBITS		6
#define XTCP_SYNCOOKIE_TS_WSCALE	0xf
#define XTCP_SYNCOOKIE_TS_SACK		0x10
#define XTCP_SYNCOOKIE_TS_ECN		0x20

u32 xtcp_syncookie_ts_encode(u32 tsval, const struct xtcp_syncookie_opts *opts,
			     bool sack_ok);
bool xtcp_syncookie_ts_sack(u32 tsecr);
bool xtcp_syncookie_ts_ecn(u32 tsecr);
void xtcp_syncookie_key_init(struct xtcp_syncookie_key *key);
u16 xtcp_syncookie_mss(u16 mss);
u32 xtcp_syncookie_make(const struct xtcp_syncookie_key *key,
			const struct in6_addr *saddr,
			const struct in6_addr *daddr, u16 sport, u16 dport,
			u32 seq, u32 count,
			const struct xtcp_syncookie_opts *opts);
bool xtcp_syncookie_check(const struct xtcp_syncookie_key *key,
			  const struct in6_addr *saddr,
			  const struct in6_addr *daddr, u16 sport, u16 dport,
			  u32 seq, u32 cookie, u32 count,
			  struct xtcp_syncookie_opts *opts);

#endif /* _XTCP_SYNCOOKIE_H */
