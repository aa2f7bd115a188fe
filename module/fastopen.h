/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: TCP Fast Open (RFC 7413), as Linux's TCP has it
 * (net/ipv4/tcp_fastopen.c): data in the SYN, accepted by the server
 * before the handshake ends when the SYN carries a cookie the server
 * handed out earlier.
 *
 * Server: a cookie is SipHash-2-4 of the peer's and our address (IPv4:
 * 8 octets, IPv6: 32) under the namespace's key (random at its start,
 * net.xtcp.fastopen_key), 8 octets, as Linux's. A listener with a
 * TCP_FASTOPEN queue answers a SYN with an empty option (a request) or a
 * wrong cookie with the right cookie on its SYN,ACK; a SYN with the
 * right cookie makes a child that takes the SYN's data at once and goes
 * to the accept queue in SYN-RECEIVED, and its SYN,ACK acknowledges the
 * data. At most TCP_FASTOPEN's number of such children wait for their
 * handshake's last ACK at a time (Linux's fastopenq.max_qlen).
 *
 * Client: sendto(MSG_FASTOPEN) and TCP_FASTOPEN_CONNECT put data in the
 * SYN when the namespace's cache holds a cookie for the peer, or send an
 * empty option to ask for one. The cache (struct xtcp_fo_cache) has
 * XTCP_FO_CACHE_SIZE entries, one per local and foreign address pair,
 * the least recently used taken for a new pair. A SYN,ACK that does not
 * acknowledge the data leaves it to be sent after the handshake.
 */
#ifndef _XTCP_FASTOPEN_H
#define _XTCP_FASTOPEN_H

#include <linux/atomic.h>
#include <linux/siphash.h>
#include <linux/sockptr.h>
#include <linux/spinlock_types.h>
#include <linux/types.h>

#include "af.h"
#include "compat.h"
#include "wire.h"

struct ctl_table;
struct msghdr;
struct net;
struct sk_buff;
struct sock;
struct xtcp_fo_keys;
struct xtcp_fsm_out;
struct xtcp_net;
struct xtcp_tcb;

/* net.xtcp.fastopen bits, Linux's TFO_* of net.ipv4.tcp_fastopen */
enum {
	XTCP_TFO_CLIENT_ENABLE		= 0x1,
	XTCP_TFO_SERVER_ENABLE		= 0x2,
	XTCP_TFO_CLIENT_NO_COOKIE	= 0x4,	/* data in SYN, no option */
	XTCP_TFO_SERVER_COOKIE_NOT_REQD	= 0x200,
	XTCP_TFO_SERVER_WO_SOCKOPT1	= 0x400,	/* listeners need no sockopt */
	XTCP_TFO_DEFAULT		= XTCP_TFO_CLIENT_ENABLE,
};

/* Destinations whose cookie a namespace's clients remember */
#define XTCP_FO_CACHE_SIZE	64

/* A key's octets, Linux's TCP_FASTOPEN_KEY_LENGTH */
#define XTCP_FO_KEY_LEN		16

/* Linux's MAX_TCP_OPTION_SPACE: what a SYN's data leaves to options */
#define XTCP_FO_OPTION_SPACE	40

/**
 * struct xtcp_fo - a socket's Fast Open state
 * @req: client: a Fast Open under way (sendto(MSG_FASTOPEN), or a SYN
 *	TCP_FASTOPEN_CONNECT held back until the first write), or NULL
 * @opt: the Fast Open option of the SYN or SYN,ACK being sent, set only
 *	around the call that sends it (output.c writes it)
 * @lsk: a Fast Open child in SYN-RECEIVED: its listener, referenced,
 *	whose @qlen counts it until the handshake ends or the child does
 * @keys: a listener's own keys (TCP_FASTOPEN_KEY), NULL for the
 *	namespace's; under RCU
 * @max_qlen: a listener's TCP_FASTOPEN, 0 for no Fast Open
 * @qlen: a listener's Fast Open children in SYN-RECEIVED
 * @syn_len: client: data octets our SYN carried
 * @connect: TCP_FASTOPEN_CONNECT
 * @no_cookie: TCP_FASTOPEN_NO_COOKIE
 * @syn_fastopen: client: our SYN carried the Fast Open option
 * @syn_exp: in the experimental format (kind 254)
 * @syn_data: our SYN carried data
 * @syn_data_acked: the SYN,ACK acknowledged it (TCPI_OPT_SYN_DATA); on
 *	a server's child, it took the SYN's data
 * @client_fail: tcpi_fastopen_client_fail, TFO_* of <linux/tcp.h>
 */
struct xtcp_fo {
	struct xtcp_fo_req		*req;
	const struct xtcp_fo_cookie	*opt;
	struct sock			*lsk;
	struct xtcp_fo_keys __rcu	*keys;
	u32				max_qlen;
	atomic_t			qlen;
	u16				syn_len;
	u8				connect:1,
					no_cookie:1,
					syn_fastopen:1,
					syn_exp:1,
					syn_data:1,
					syn_data_acked:1,
					client_fail:2;
};

/**
 * struct xtcp_fo_entry - a destination in the client's cookie cache
 * @laddr: our address (IPv4: v4-mapped)
 * @raddr: the server's
 * @cookie: its cookie, @cookie.len 0 or less for none
 * @mss: the MSS of its last SYN,ACK, 0 for none (sizes the SYN's data)
 * @try_exp: Linux's try_exp: 1 when a cookie request went unanswered
 *	(the next one goes in the experimental format), 2 when that did too
 * @used: when it was last looked up or set (the cache's clock), 0: free
 */
struct xtcp_fo_entry {
	struct in6_addr		laddr;
	struct in6_addr		raddr;
	struct xtcp_fo_cookie	cookie;
	u16			mss;
	u8			try_exp;
	u32			used;
};

/**
 * struct xtcp_fo_cache - a namespace's client cookies, as tcp_metrics
 *	keeps them
 * @lock: guards the entries and @clock
 * @clock: counts look-ups, the entries' &xtcp_fo_entry.used
 * @ent: the entries
 */
struct xtcp_fo_cache {
	spinlock_t		lock;	/* see @lock above */
	u32			clock;
	struct xtcp_fo_entry	ent[XTCP_FO_CACHE_SIZE];
};

/* The cookies: pure functions */
void xtcp_fastopen_cookie_gen(const siphash_key_t *key,
			      const struct in6_addr *saddr,
			      const struct in6_addr *daddr,
			      struct xtcp_fo_cookie *foc);
int xtcp_fastopen_cookie_check(const siphash_key_t *keys, unsigned int n,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr,
			       const struct xtcp_fo_cookie *orig,
			       struct xtcp_fo_cookie *valid);
int xtcp_fastopen_key_parse(const char *s, siphash_key_t *keys);
int xtcp_fastopen_key_print(char *buf, size_t len,
			    const siphash_key_t *keys, unsigned int n);

/* The namespace */
int xtcp_fastopen_net_init(struct xtcp_net *xn);
void xtcp_fastopen_net_exit(struct xtcp_net *xn);
int xtcp_fastopen_proc_key(XTCP_CTL_TABLE *ctl, int write, void *buffer,
			   size_t *lenp, loff_t *ppos);

/* A socket's life */
void xtcp_fastopen_init(struct sock *sk);
void xtcp_fastopen_free(struct sock *sk);
void xtcp_fastopen_destroy(struct sock *sk);
int xtcp_fastopen_set_key(struct sock *sk, sockptr_t optval,
			  unsigned int optlen);
int xtcp_fastopen_get_key(struct sock *sk, char __user *optval,
			  int __user *optlen);
int xtcp_fastopen_setsockopt(struct sock *sk, int optname, int val);
int xtcp_fastopen_getsockopt(struct sock *sk, int optname, int *val);
bool xtcp_fastopen_is_opt(int optname);
void xtcp_fastopen_info(const struct sock *sk, u8 *options,
			u32 *client_fail);
void xtcp_fastopen_listen(struct sock *sk, int backlog);

/* Client */
int xtcp_fastopen_sendmsg(struct sock *sk, struct msghdr *msg, int *copied,
			  size_t size);
bool xtcp_fastopen_connect(struct sock *sk, struct xtcp_fsm_out *out);
bool xtcp_fastopen_deferred(const struct sock *sk);
void xtcp_fastopen_synack(struct sock *sk, const struct sk_buff *skb);

/* Server */
bool xtcp_fastopen_syn(struct sock *lsk, const struct sk_buff *skb,
		       const struct xtcp_addrs *a, struct xtcp_fo_cookie *foc);
void xtcp_fastopen_take_data(struct xtcp_tcb *tcb,
			     const struct sk_buff *skb,
			     struct xtcp_fsm_out *out);
void xtcp_fastopen_child(struct sock *child, struct sock *lsk);
bool xtcp_fastopen_child_end(struct sock *sk);

#endif /* _XTCP_FASTOPEN_H */
