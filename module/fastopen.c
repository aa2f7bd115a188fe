// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: TCP Fast Open (RFC 7413), after Linux's net/ipv4/tcp_fastopen.c,
 * tcp_send_syn_data(), tcp_rcv_fastopen_synack() and
 * tcp_sendmsg_fastopen(); fastopen.h says what it does.
 *
 * What Linux has and xtcp does not: the active side's black hole
 * detection (net.ipv4.tcp_fastopen_blackhole_timeout), route metrics that
 * turn cookies off (RTAX_FASTOPEN_NO_COOKIE), and the hold Linux keeps on
 * a reset Fast Open child's place in the queue; a Fast Open child sends
 * its data once its handshake ends, not in SYN-RECEIVED.
 *
 * Locking: a listener's @qlen is atomic (SYNs come without its lock); the
 * rest of struct xtcp_fo is its socket's, under the socket lock; the
 * cookie cache has its spinlock; the namespace's keys are read without a
 * lock (a key written while a SYN is checked fails that SYN's cookie: it
 * gets a normal handshake).
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/cache.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/sockptr.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <linux/tcp.h>
#include <net/inet_common.h>
#include <net/sock.h>

#include "compat.h"
#include "fastopen.h"
#include "mib.h"
#include "net.h"
#include "sock.h"
#include "stream.h"

/**
 * struct xtcp_fo_req - a client's Fast Open under way
 * @cookie: the option for our SYN: -1 none, 0 a request, or the cookie
 * @data: sendmsg()'s message, whose data go in the SYN, or NULL
 * @size: octets in @data
 * @copied: octets of @data the SYN took
 * @held: TCP_FASTOPEN_CONNECT: connect() held the SYN back, in @syn
 * @syn: the SYN held back
 * @rto_ms: its retransmission timeout
 */
struct xtcp_fo_req {
	struct xtcp_fo_cookie	cookie;
	struct msghdr		*data;
	size_t			size;
	int			copied;
	bool			held;
	struct xtcp_seg		syn;
	u32			rto_ms;
};

/**
 * struct xtcp_fo_keys - a listener's own keys (TCP_FASTOPEN_KEY)
 * @rcu: freed a grace period after they are replaced: SYNs read them
 *	without the listener's lock
 * @n: how many (1 or 2)
 * @key: the primary, then the backup
 */
struct xtcp_fo_keys {
	struct rcu_head	rcu;
	unsigned int	n;
	siphash_key_t	key[2];
};

/**
 * xtcp_fastopen_cookie_gen() - a server's cookie for a client, as
 *	__tcp_fastopen_cookie_gen_cipher()
 * @key: the key
 * @saddr: the SYN's source, the client (IPv4: v4-mapped)
 * @daddr: the SYN's destination, us
 * @foc: gets the 8 octets of SipHash of the two addresses (IPv4: 8
 *	octets of them, IPv6: 32), little-endian
 */
void xtcp_fastopen_cookie_gen(const siphash_key_t *key,
			      const struct in6_addr *saddr,
			      const struct in6_addr *daddr,
			      struct xtcp_fo_cookie *foc)
{
	__le64 h;

	if (ipv6_addr_v4mapped(saddr)) {
		__be32 a[2] = { saddr->s6_addr32[3], daddr->s6_addr32[3] };

		h = cpu_to_le64(siphash(a, sizeof(a), key));
	} else {
		struct in6_addr a[2] = { *saddr, *daddr };

		h = cpu_to_le64(siphash(a, sizeof(a), key));
	}
	memcpy(foc->val, &h, sizeof(h));
	foc->len = XTCP_FO_COOKIE_SIZE;
	foc->exp = false;
}

XTCP_KUNIT_EXPORT(xtcp_fastopen_cookie_gen);

/**
 * xtcp_fastopen_cookie_check() - is a SYN's cookie one of ours?
 * @keys: the keys, the primary first
 * @n: how many (0 to 2)
 * @saddr: the SYN's source
 * @daddr: the SYN's destination
 * @orig: the SYN's cookie
 * @valid: gets the primary key's cookie (@valid->len -1 without keys)
 *
 * Return: 0 if @orig matches no key's cookie, 1 for the primary's, 2 for
 * the backup's, as tcp_fastopen_cookie_gen_check().
 */
int xtcp_fastopen_cookie_check(const siphash_key_t *keys, unsigned int n,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr,
			       const struct xtcp_fo_cookie *orig,
			       struct xtcp_fo_cookie *valid)
{
	struct xtcp_fo_cookie tmp, *c = valid;
	unsigned int i;

	valid->len = -1;
	for (i = 0; i < n; i++, c = &tmp) {
		xtcp_fastopen_cookie_gen(&keys[i], saddr, daddr, c);
		if (orig->len == c->len && !memcmp(orig->val, c->val, c->len))
			return i + 1;
	}
	return 0;
}

XTCP_KUNIT_EXPORT(xtcp_fastopen_cookie_check);

/**
 * xtcp_fastopen_key_parse() - a key as net.ipv4.tcp_fastopen_key takes it
 * @s: "xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx" (hex words), then optionally
 *	",xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx", a backup key
 * @keys: two keys; gets the primary and the backup
 *
 * The words are the key's octets as little-endian 32-bit numbers
 * (proc_tcp_fastopen_key()).
 *
 * Return: the number of keys (1 or 2), or -EINVAL.
 */
int xtcp_fastopen_key_parse(const char *s, siphash_key_t *keys)
{
	u32 w[8];
	int n, i;

	n = sscanf(s, "%x-%x-%x-%x,%x-%x-%x-%x", &w[0], &w[1], &w[2], &w[3],
		   &w[4], &w[5], &w[6], &w[7]);
	if (n != 4 && n != 8)
		return -EINVAL;
	for (i = 0; i < n / 4; i++) {
		keys[i].key[0] = (u64)w[4 * i + 1] << 32 | w[4 * i];
		keys[i].key[1] = (u64)w[4 * i + 3] << 32 | w[4 * i + 2];
	}
	return n / 4;
}

XTCP_KUNIT_EXPORT(xtcp_fastopen_key_parse);

/**
 * xtcp_fastopen_key_print() - keys as net.ipv4.tcp_fastopen_key shows them
 * @buf: where the text goes
 * @len: its room
 * @keys: the keys
 * @n: how many
 *
 * Return: the length of the text (snprintf()'s).
 */
int xtcp_fastopen_key_print(char *buf, size_t len,
			    const siphash_key_t *keys, unsigned int n)
{
	unsigned int i;
	int off = 0;

	buf[0] = 0;
	for (i = 0; i < n; i++)
		off += scnprintf(buf + off, len - off,
				 "%s%08x-%08x-%08x-%08x", i ? "," : "",
				 (u32)keys[i].key[0],
				 (u32)(keys[i].key[0] >> 32),
				 (u32)keys[i].key[1],
				 (u32)(keys[i].key[1] >> 32));
	return off;
}

XTCP_KUNIT_EXPORT(xtcp_fastopen_key_print);

/* Longest text of net.xtcp.fastopen_key: two keys, a comma, a NUL */
#define KEY_TEXT	(2 * 35 + 2)

/**
 * xtcp_fastopen_proc_key() - net.xtcp.fastopen_key, as
 *	net.ipv4.tcp_fastopen_key
 * @ctl: the table entry; its data is the namespace's &xtcp_net.fo_keys
 * @write: a write
 * @buffer: the text
 * @lenp: its length
 * @ppos: the position
 *
 * Return: 0 or a negative errno (-EINVAL for a malformed key).
 */
int xtcp_fastopen_proc_key(XTCP_CTL_TABLE *ctl, int write, void *buffer,
			   size_t *lenp, loff_t *ppos)
{
	struct xtcp_net *xn = container_of(ctl->data, struct xtcp_net,
					   fo_keys);
	siphash_key_t keys[2];
	char text[KEY_TEXT];
	struct ctl_table tbl = {
		.data	= text,
		.maxlen	= sizeof(text),
	};
	int ret, n;

	xtcp_fastopen_key_print(text, sizeof(text), xn->fo_keys,
				READ_ONCE(xn->fo_nkeys));
	ret = proc_dostring(&tbl, write, buffer, lenp, ppos);
	if (!write || ret)
		goto out;
	n = xtcp_fastopen_key_parse(text, keys);
	if (n < 0) {
		ret = n;
		goto out;
	}
	memcpy(xn->fo_keys, keys, n * sizeof(keys[0]));
	WRITE_ONCE(xn->fo_nkeys, n);
out:
	memzero_explicit(keys, sizeof(keys));
	memzero_explicit(text, sizeof(text));
	return ret;
}

/**
 * xtcp_fastopen_net_init() - a namespace's Fast Open: net.xtcp.fastopen's
 *	default, a random key, an empty cookie cache
 * @xn: the namespace's xtcp state
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_fastopen_net_init(struct xtcp_net *xn)
{
	xn->fastopen = XTCP_TFO_DEFAULT;
	get_random_bytes(&xn->fo_keys[0], sizeof(xn->fo_keys[0]));
	xn->fo_nkeys = 1;
	xn->fo_cache = kzalloc(sizeof(*xn->fo_cache), GFP_KERNEL);
	if (!xn->fo_cache)
		return -ENOMEM;
	spin_lock_init(&xn->fo_cache->lock);
	return 0;
}

/**
 * xtcp_fastopen_net_exit() - free a namespace's cookie cache, forget its
 *	keys
 * @xn: the namespace's xtcp state
 */
void xtcp_fastopen_net_exit(struct xtcp_net *xn)
{
	kfree_sensitive(xn->fo_cache);
	xn->fo_cache = NULL;
	memzero_explicit(xn->fo_keys, sizeof(xn->fo_keys));
}

static struct xtcp_net *sk_xn(const struct sock *sk)
{
	return xtcp_pernet(sock_net(sk));
}

/* The cache entry of a pair of addresses; under the cache's lock. */
static struct xtcp_fo_entry *cache_find(struct xtcp_fo_cache *c,
					const struct xtcp_addrs *a)
{
	unsigned int i;

	for (i = 0; i < XTCP_FO_CACHE_SIZE; i++) {
		struct xtcp_fo_entry *e = &c->ent[i];

		if (e->used && ipv6_addr_equal(&e->raddr, &a->raddr) &&
		    ipv6_addr_equal(&e->laddr, &a->laddr))
			return e;
	}
	return NULL;
}

/* A pair's entry, made in a free one or the least recently used. */
static struct xtcp_fo_entry *cache_make(struct xtcp_fo_cache *c,
					const struct xtcp_addrs *a)
{
	struct xtcp_fo_entry *e = cache_find(c, a), *old = &c->ent[0];
	unsigned int i;

	if (e)
		return e;
	for (i = 1; i < XTCP_FO_CACHE_SIZE && old->used; i++)
		if (!c->ent[i].used ||
		    (s32)(c->ent[i].used - old->used) < 0)
			old = &c->ent[i];
	memset(old, 0, sizeof(*old));
	old->laddr = a->laddr;
	old->raddr = a->raddr;
	return old;
}

static void cache_touch(struct xtcp_fo_cache *c, struct xtcp_fo_entry *e)
{
	e->used = ++c->clock ?: ++c->clock;
}

/* Linux's tcp_fastopen_cache_get(): the peer's cookie and MSS, if known */
static void cache_get(struct sock *sk, u16 *mss,
		      struct xtcp_fo_cookie *cookie)
{
	struct xtcp_fo_cache *c = sk_xn(sk)->fo_cache;
	struct xtcp_fo_entry *e;
	struct xtcp_addrs a;

	xtcp_sk(sk)->af->sk_addrs(sk, &a);
	spin_lock_bh(&c->lock);
	e = cache_find(c, &a);
	if (e) {
		if (e->mss)
			*mss = e->mss;
		*cookie = e->cookie;
		if (cookie->len <= 0 && e->try_exp == 1)
			cookie->exp = true;
		cache_touch(c, e);
	}
	spin_unlock_bh(&c->lock);
}

/* Linux's tcp_fastopen_cache_set(), but for the SYN losses it counts */
static void cache_set(struct sock *sk, u16 mss,
		      const struct xtcp_fo_cookie *cookie, u8 try_exp)
{
	struct xtcp_fo_cache *c = sk_xn(sk)->fo_cache;
	struct xtcp_fo_entry *e;
	struct xtcp_addrs a;

	xtcp_sk(sk)->af->sk_addrs(sk, &a);
	spin_lock_bh(&c->lock);
	e = cache_make(c, &a);
	if (mss)
		e->mss = mss;
	if (cookie->len > 0)
		e->cookie = *cookie;
	else if (try_exp > e->try_exp && e->cookie.len <= 0 &&
		 !e->cookie.exp)
		e->try_exp = try_exp;
	cache_touch(c, e);
	spin_unlock_bh(&c->lock);
}

/* Linux's tcp_fastopen_no_cookie(): data without a cookie? */
static bool no_cookie(const struct sock *sk, int flag)
{
	return (READ_ONCE(sk_xn(sk)->fastopen) & flag) ||
	       xtcp_sk(sk)->fo.no_cookie;
}

/*
 * Linux's tcp_fastopen_cookie_check(): the cached cookie and MSS; true if
 * data may go in the SYN (a cookie, or no cookie needed).
 */
static bool cookie_check(struct sock *sk, u16 *mss,
			 struct xtcp_fo_cookie *cookie)
{
	cache_get(sk, mss, cookie);
	if (no_cookie(sk, XTCP_TFO_CLIENT_NO_COOKIE)) {
		cookie->len = -1;
		return true;
	}
	if (cookie->len > 0)
		return true;
	xtcp_sk(sk)->fo.client_fail = TFO_COOKIE_UNAVAILABLE;
	return false;
}

/* Most data a SYN carries: an order-0 page's skb, as Linux's */
#define SYN_DATA_MAX	SKB_MAX_HEAD(L1_CACHE_ALIGN(XTCP_MAX_HEADER))

/*
 * As tcp_send_syn_data(): with a cookie (or none needed) the SYN carries
 * as much of the data as one segment takes, less the room of options
 * (40 octets) and at most an order-0 page; without, it asks for a cookie
 * and the data waits for the handshake. The caller's out, the state
 * machine's SYN, goes with it.
 */
static void send_syn(struct sock *sk, struct xtcp_fsm_out *out,
		     struct xtcp_fo_req *req)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_fo *fo = &xs->fo;
	u16 mss = xs->tcb.mss;
	int space, n;

	if (!cookie_check(sk, &mss, &req->cookie))
		goto fallback;
	space = min_t(int, mss, xs->tcb.mss) - XTCP_FO_OPTION_SPACE;
	space = clamp_t(int, space, 0, SYN_DATA_MAX);
	n = 0;
	if (req->data && req->size && space)
		n = xtcp_stream_queue_syn(sk, req->data,
					  min_t(size_t, space, req->size));
	if (n < 0 || (!n && space && req->size))
		goto fallback;		/* nothing copied: no data */
	req->copied = n;
	out->seg.payload_len = n;
	fo->syn_len = n;
	fo->syn_data = n > 0;
	goto send;

fallback:
	if (req->cookie.len > 0)
		req->cookie.len = 0;
send:
	fo->syn_fastopen = req->cookie.len >= 0;
	fo->syn_exp = req->cookie.exp;
	fo->opt = fo->syn_fastopen ? &req->cookie : NULL;
	xtcp_sock_syn_sent(sk);
	xtcp_sock_apply(sk, out, NULL);
	fo->opt = NULL;
	req->cookie.len = -1;	/* none on the SYN's retransmissions */
}

/**
 * xtcp_fastopen_connect() - connect() sends its SYN: with Fast Open?
 * @sk: the socket, locked, in SYN-SENT
 * @out: the state machine's SYN (T02)
 *
 * A sendto(MSG_FASTOPEN) puts its data in the SYN. With
 * TCP_FASTOPEN_CONNECT, the SYN waits for the first write if a cookie
 * is cached (connect() returns 0 at once, Linux's defer_connect), else
 * it goes now with a cookie request.
 *
 * Return: true if the SYN was sent or held back here; false for the
 * caller to send it as it is.
 */
bool xtcp_fastopen_connect(struct sock *sk, struct xtcp_fsm_out *out)
{
	struct xtcp_fo *fo = &xtcp_sk(sk)->fo;
	struct xtcp_fo_req tmp = {}, *req = fo->req;
	u16 mss = 0;

	fo->syn_fastopen = 0;
	fo->syn_exp = 0;
	fo->syn_data = 0;
	fo->syn_data_acked = 0;
	fo->syn_len = 0;
	if (!req && fo->connect) {
		if (cookie_check(sk, &mss, &tmp.cookie)) {
			req = kzalloc(sizeof(*req), sk->sk_allocation);
			if (req) {
				req->held = true;
				req->syn = out->seg;
				req->rto_ms = out->rto_ms;
				fo->req = req;
				xtcp_compat_set_defer_connect(sk, true);
				out->actions &= ~(XTCP_ACT_SEND |
						  XTCP_ACT_RTX_ARM);
				xtcp_sock_apply(sk, out, NULL);
				return true;
			}
		}
		req = &tmp;
	}
	if (!req)
		return false;
	send_syn(sk, out, req);
	return true;
}

/**
 * xtcp_fastopen_deferred() - does a SYN wait for the first write?
 * @sk: the socket
 *
 * Return: true while TCP_FASTOPEN_CONNECT holds the SYN back (poll()
 * then says the socket is writable, as tcp_poll()).
 */
bool xtcp_fastopen_deferred(const struct sock *sk)
{
	return inet_sk_state_load(sk) == TCP_SYN_SENT &&
	       xtcp_compat_defer_connect(sk);
}

/* The SYN TCP_FASTOPEN_CONNECT held back goes, with @req's data. */
static void send_held(struct sock *sk, struct xtcp_fo_req *req)
{
	struct xtcp_fsm_out out = {
		.seg		= req->syn,
		.actions	= XTCP_ACT_SEND | XTCP_ACT_RTX_ARM,
		.rto_ms		= req->rto_ms,
	};

	req->held = false;
	req->cookie.len = 0;
	send_syn(sk, &out, req);
}

/**
 * xtcp_fastopen_sendmsg() - sendmsg() with MSG_FASTOPEN, or the first
 *	write after a TCP_FASTOPEN_CONNECT that held its SYN back
 * @sk: the socket, locked
 * @msg: the data, and the address to connect to
 * @copied: gets the octets the SYN took
 * @size: octets in @msg
 *
 * As tcp_sendmsg_fastopen(): connects (__inet_stream_connect(), which
 * waits for the handshake unless non-blocking), the SYN taking what it
 * can of the data.
 *
 * Return: 0 once connected, -EINPROGRESS while the handshake runs on a
 * non-blocking socket, or another negative errno: -EOPNOTSUPP with
 * net.xtcp.fastopen's client bit clear or an AF_UNSPEC address,
 * -EALREADY with another Fast Open under way, -EISCONN if connected,
 * connect()'s errors.
 */
int xtcp_fastopen_sendmsg(struct sock *sk, struct msghdr *msg, int *copied,
			  size_t size)
{
	struct sockaddr *uaddr = msg->msg_name;
	struct xtcp_fo *fo = &xtcp_sk(sk)->fo;
	struct xtcp_fo_req *req = fo->req;
	bool deferred = xtcp_compat_defer_connect(sk);
	int err, flags;

	if (!(READ_ONCE(sk_xn(sk)->fastopen) & XTCP_TFO_CLIENT_ENABLE) ||
	    (uaddr && msg->msg_namelen >= sizeof(uaddr->sa_family) &&
	     uaddr->sa_family == AF_UNSPEC))
		return -EOPNOTSUPP;
	if (req && !(deferred && req->held))
		return -EALREADY;
	if (!req) {
		req = kzalloc(sizeof(*req), sk->sk_allocation);
		if (!req)
			return -ENOBUFS;
		fo->req = req;
	}
	req->data = msg;
	req->size = size;
	if (deferred)
		send_held(sk, req);
	flags = (msg->msg_flags & MSG_DONTWAIT) ? O_NONBLOCK : 0;
	err = __inet_stream_connect(sk->sk_socket, uaddr, msg->msg_namelen,
				    flags, 1);
	if (fo->req) {
		*copied = fo->req->copied;
		kfree(fo->req);
		fo->req = NULL;
		xtcp_compat_set_defer_connect(sk, false);
	}
	return err;
}

/**
 * xtcp_fastopen_synack() - a SYN,ACK (or a SYN) for a socket in SYN-SENT
 * @sk: the socket, locked
 * @skb: the segment, before the state machine takes it
 *
 * As tcp_rcv_fastopen_synack(): its cookie goes in the cache (a cookie
 * request unanswered makes the next one try the experimental option);
 * if it acknowledges the data our SYN carried, SND.NXT moves past them so
 * the state machine takes the ACK (TCPFastOpenActive); if not, the data
 * go once the connection is established, as new data
 * (TCPFastOpenActiveFail, tcpi_fastopen_client_fail).
 */
void xtcp_fastopen_synack(struct sock *sk, const struct sk_buff *skb)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_tcb *tcb = &xs->tcb;
	struct xtcp_fo *fo = &xs->fo;
	struct xtcp_fo_cookie foc;
	u32 data = tcb->iss + 1;
	u8 try_exp = 0;

	if ((seg->flags & (XTCP_SYN | XTCP_ACK | XTCP_RST)) !=
	    (XTCP_SYN | XTCP_ACK) || (!fo->syn_fastopen && !fo->syn_data) ||
	    xtcp_seq_before(seg->ack, data) ||
	    xtcp_seq_after(seg->ack, data + fo->syn_len))
		return;		/* not our SYN's answer: the state machine's */
	xtcp_wire_fastopen(skb->data, seg, &foc);
	if (!fo->syn_fastopen)
		foc.len = -1;	/* a cookie we did not ask for */
	else if (!tcb->retries && foc.len < 0 && !fo->syn_data)
		try_exp = fo->syn_exp ? 2 : 1;
	cache_set(sk, seg->has_mss ? seg->mss : 0, &foc, try_exp);
	if (!fo->syn_data)
		return;
	if (xtcp_seq_after(seg->ack, data) &&
	    !xtcp_seq_after(seg->ack, data + fo->syn_len)) {
		tcb->snd_nxt = seg->ack;	/* what follows goes later */
		if (seg->ack == data + fo->syn_len) {
			fo->syn_data_acked = 1;
			XTCP_INC_STATS(sock_net(sk),
				       XTCP_MIB_TCPFASTOPENACTIVE);
			return;
		}
	}
	fo->client_fail = tcb->retries ? TFO_SYN_RETRANSMITTED :
					 TFO_DATA_NOT_ACKED;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPFASTOPENACTIVEFAIL);
}

/*
 * A SYN's cookie under the listener's keys (TCP_FASTOPEN_KEY), else the
 * namespace's, as tcp_fastopen_get_ctx(): for a request (@foc->len 0),
 * 0, and the cookie to hand out in @valid; for a cookie,
 * tcp_fastopen_cookie_gen_check()'s 0, 1 or 2, @valid the primary key's.
 */
static int cookie_for(struct sock *lsk, const struct xtcp_addrs *a,
		      const struct xtcp_fo_cookie *foc,
		      struct xtcp_fo_cookie *valid)
{
	struct xtcp_net *xn = sk_xn(lsk);
	const siphash_key_t *keys = xn->fo_keys;
	unsigned int n = READ_ONCE(xn->fo_nkeys);
	const struct xtcp_fo_keys *own;
	int ret;

	rcu_read_lock();
	own = rcu_dereference(xtcp_sk(lsk)->fo.keys);
	if (own) {
		keys = own->key;
		n = own->n;
	}
	ret = xtcp_fastopen_cookie_check(keys, foc->len ? n : min(n, 1U),
					 &a->raddr, &a->laddr, foc, valid);
	rcu_read_unlock();
	return ret;
}

/*
 * Linux's tcp_fastopen_queue_check(): may the listener take another Fast
 * Open child?
 */
static bool queue_check(struct sock *lsk)
{
	struct xtcp_fo *lfo = &xtcp_sk(lsk)->fo;
	u32 max = READ_ONCE(lfo->max_qlen);

	if (!max)
		return false;
	if (atomic_read(&lfo->qlen) >= max) {
		XTCP_INC_STATS(sock_net(lsk),
			       XTCP_MIB_TCPFASTOPENLISTENOVERFLOW);
		return false;
	}
	return true;
}

/**
 * xtcp_fastopen_syn() - a SYN for a listener: Fast Open? As
 *	tcp_try_fastopen()
 * @lsk: the listener
 * @skb: the SYN
 * @a: its addresses, from our side
 * @foc: gets the option for our SYN,ACK (@foc->len -1: none): the
 *	right cookie for a request or a wrong cookie, none when the data
 *	are taken with the primary key's
 *
 * Return: true if a child is to take the SYN's data now (the caller
 * makes it, xtcp_fastopen_child()).
 */
bool xtcp_fastopen_syn(struct sock *lsk, const struct sk_buff *skb,
		       const struct xtcp_addrs *a, struct xtcp_fo_cookie *foc)
{
	const struct xtcp_seg *seg = &XTCP_SKB_CB(skb)->seg;
	int tfo = READ_ONCE(sk_xn(lsk)->fastopen);
	struct xtcp_fo_cookie valid = { .len = -1 };
	struct net *net = sock_net(lsk);
	int ret = 0;

	xtcp_wire_fastopen(skb->data, seg, foc);
	if (!foc->len)
		XTCP_INC_STATS(net, XTCP_MIB_TCPFASTOPENCOOKIEREQD);
	if (!((tfo & XTCP_TFO_SERVER_ENABLE) &&
	      (seg->payload_len || foc->len >= 0) && queue_check(lsk))) {
		foc->len = -1;
		return false;
	}
	if (no_cookie(lsk, XTCP_TFO_SERVER_COOKIE_NOT_REQD))
		goto fastopen;
	if (foc->len < 0)
		goto refused;
	ret = cookie_for(lsk, a, foc, &valid);
	if (!foc->len)
		goto refused;		/* a request: the cookie goes back */
	if (!ret) {
		XTCP_INC_STATS(net, XTCP_MIB_TCPFASTOPENPASSIVEFAIL);
		goto refused;
	}
fastopen:
	if (ret == 2) {		/* the backup key's: the primary's goes back */
		valid.exp = foc->exp;
		*foc = valid;
		XTCP_INC_STATS(net, XTCP_MIB_TCPFASTOPENPASSIVEALTKEY);
	} else {
		foc->len = -1;
	}
	XTCP_INC_STATS(net, XTCP_MIB_TCPFASTOPENPASSIVE);
	return true;

refused:
	valid.exp = foc->exp;
	*foc = valid;
	return false;
}

/**
 * xtcp_fastopen_take_data() - a Fast Open child's TCB takes its SYN's data
 * @tcb: the child's TCB, in SYN-RECEIVED after the SYN (T04)
 * @skb: the SYN
 * @out: the state machine's answer: its SYN,ACK acknowledges the data,
 *	which are delivered with it (xtcp_sock_apply())
 */
void xtcp_fastopen_take_data(struct xtcp_tcb *tcb, const struct sk_buff *skb,
			     struct xtcp_fsm_out *out)
{
	u32 len = XTCP_SKB_CB(skb)->seg.payload_len;

	tcb->rcv_nxt += len;
	out->seg.ack = tcb->rcv_nxt;
	out->deliver_off = 0;
	out->deliver_len = len;
}

/**
 * xtcp_fastopen_child() - a Fast Open child is made: its listener's queue
 *	counts it until its handshake ends
 * @child: the child, locked
 * @lsk: its listener
 */
void xtcp_fastopen_child(struct sock *child, struct sock *lsk)
{
	struct xtcp_fo *fo = &xtcp_sk(child)->fo;

	sock_hold(lsk);
	fo->lsk = lsk;
	atomic_inc(&xtcp_sk(lsk)->fo.qlen);
	fo->syn_data_acked = !!xtcp_sk(child)->rcv_queued;
}

/**
 * xtcp_fastopen_child_end() - a Fast Open child leaves SYN-RECEIVED, or
 *	ends: its listener's queue no longer counts it
 * @sk: the child, locked
 *
 * Return: true if @sk was a Fast Open child in SYN-RECEIVED.
 */
bool xtcp_fastopen_child_end(struct sock *sk)
{
	struct xtcp_fo *fo = &xtcp_sk(sk)->fo;
	struct sock *lsk = fo->lsk;

	if (!lsk)
		return false;
	fo->lsk = NULL;
	atomic_dec(&xtcp_sk(lsk)->fo.qlen);
	sock_put(lsk);
	return true;
}

/**
 * xtcp_fastopen_listen() - listen(): with net.xtcp.fastopen's 0x400 and
 *	0x2, a listener takes Fast Open without TCP_FASTOPEN, its queue as
 *	long as the backlog (inet_listen())
 * @sk: the socket, locked
 * @backlog: listen()'s backlog, within net.core.somaxconn
 */
void xtcp_fastopen_listen(struct sock *sk, int backlog)
{
	int tfo = READ_ONCE(sk_xn(sk)->fastopen);
	struct xtcp_fo *fo = &xtcp_sk(sk)->fo;

	if ((tfo & XTCP_TFO_SERVER_WO_SOCKOPT1) &&
	    (tfo & XTCP_TFO_SERVER_ENABLE) && !READ_ONCE(fo->max_qlen))
		WRITE_ONCE(fo->max_qlen, backlog);
}

/**
 * xtcp_fastopen_init() - a new socket, or a listener's child: no Fast Open
 *	state but the options a child inherits (TCP_FASTOPEN_CONNECT,
 *	TCP_FASTOPEN_NO_COOKIE, which sk_clone_lock() copied; not the
 *	listener's queue nor its keys, as Linux's)
 * @sk: the socket
 */
void xtcp_fastopen_init(struct sock *sk)
{
	struct xtcp_fo *fo = &xtcp_sk(sk)->fo;
	u8 connect = fo->connect, no = fo->no_cookie;

	memset(fo, 0, sizeof(*fo));
	if (sk->sk_state == TCP_LISTEN) {	/* a listener's clone: a child */
		fo->connect = connect;
		fo->no_cookie = no;
	}
}

/**
 * xtcp_fastopen_free() - a socket ends or disconnects: a Fast Open under
 *	way is dropped
 * @sk: the socket, locked (or being destroyed)
 */
void xtcp_fastopen_free(struct sock *sk)
{
	struct xtcp_fo *fo = &xtcp_sk(sk)->fo;

	kfree(fo->req);
	fo->req = NULL;
	xtcp_compat_set_defer_connect(sk, false);
}

static void keys_free(struct rcu_head *head)
{
	kfree_sensitive(container_of(head, struct xtcp_fo_keys, rcu));
}

/**
 * xtcp_fastopen_set_key() - TCP_FASTOPEN_KEY: a listener's own key, and a
 *	backup key, as do_tcp_setsockopt()
 * @sk: the socket
 * @optval: 16 octets, or 32 (the backup key's follow)
 * @optlen: their length
 *
 * The octets are the key as two little-endian 64-bit words, as
 * tcp_fastopen_reset_cipher() takes them.
 *
 * Return: 0, -EINVAL for another length, -EFAULT, -ENOMEM.
 */
int xtcp_fastopen_set_key(struct sock *sk, sockptr_t optval,
			  unsigned int optlen)
{
	struct xtcp_fo_keys *k, *old;
	__le64 w[4];
	unsigned int i;

	if (optlen != XTCP_FO_KEY_LEN && optlen != 2 * XTCP_FO_KEY_LEN)
		return -EINVAL;
	if (copy_from_sockptr(w, optval, optlen))
		return -EFAULT;
	k = kmalloc(sizeof(*k), GFP_KERNEL);
	if (!k) {
		memzero_explicit(w, sizeof(w));
		return -ENOMEM;
	}
	k->n = optlen / XTCP_FO_KEY_LEN;
	for (i = 0; i < k->n; i++) {
		k->key[i].key[0] = le64_to_cpu(w[2 * i]);
		k->key[i].key[1] = le64_to_cpu(w[2 * i + 1]);
	}
	memzero_explicit(w, sizeof(w));
	old = unrcu_pointer(xchg(&xtcp_sk(sk)->fo.keys, RCU_INITIALIZER(k)));
	if (old)
		call_rcu(&old->rcu, keys_free);
	return 0;
}

/**
 * xtcp_fastopen_get_key() - TCP_FASTOPEN_KEY: a socket's own keys, none
 *	if it has none (not the namespace's), as do_tcp_getsockopt()
 * @sk: the socket
 * @optval: where they go
 * @optlen: in: room at @optval; out: the octets written
 *
 * Return: 0 or -EFAULT.
 */
int xtcp_fastopen_get_key(struct sock *sk, char __user *optval,
			  int __user *optlen)
{
	const struct xtcp_fo_keys *k;
	unsigned int n = 0, i;
	__le64 w[4];
	int len, err = 0;

	if (get_user(len, optlen))
		return -EFAULT;
	rcu_read_lock();
	k = rcu_dereference(xtcp_sk(sk)->fo.keys);
	if (k) {
		n = k->n;
		for (i = 0; i < n; i++) {
			w[2 * i] = cpu_to_le64(k->key[i].key[0]);
			w[2 * i + 1] = cpu_to_le64(k->key[i].key[1]);
		}
	}
	rcu_read_unlock();
	len = min_t(unsigned int, len, n * XTCP_FO_KEY_LEN);
	if (put_user(len, optlen) || copy_to_user(optval, w, len))
		err = -EFAULT;
	memzero_explicit(w, sizeof(w));
	return err;
}

/**
 * xtcp_fastopen_destroy() - a socket is freed: its Fast Open under way
 *	and its own keys go
 * @sk: the socket, an RCU grace period after its last reference
 */
void xtcp_fastopen_destroy(struct sock *sk)
{
	struct xtcp_fo *fo = &xtcp_sk(sk)->fo;

	kfree(fo->req);
	kfree_sensitive(rcu_dereference_protected(fo->keys, 1));
}

/**
 * xtcp_fastopen_is_opt() - is an option Fast Open's?
 * @optname: the option
 *
 * Return: true for TCP_FASTOPEN, TCP_FASTOPEN_CONNECT and
 * TCP_FASTOPEN_NO_COOKIE, the int options (not TCP_FASTOPEN_KEY).
 */
bool xtcp_fastopen_is_opt(int optname)
{
	return optname == TCP_FASTOPEN || optname == TCP_FASTOPEN_CONNECT ||
	       optname == TCP_FASTOPEN_NO_COOKIE;
}

/**
 * xtcp_fastopen_setsockopt() - TCP_FASTOPEN, TCP_FASTOPEN_CONNECT,
 *	TCP_FASTOPEN_NO_COOKIE, as do_tcp_setsockopt()
 * @sk: the socket, locked
 * @optname: the option
 * @val: its value
 *
 * TCP_FASTOPEN: a listener's (or a closed socket's) Fast Open queue, at
 * most net.core.somaxconn; TCP_FASTOPEN_CONNECT on a closed socket, with
 * net.xtcp.fastopen's client bit (else EOPNOTSUPP).
 *
 * Return: 0 or a negative errno (-EINVAL as Linux's).
 */
int xtcp_fastopen_setsockopt(struct sock *sk, int optname, int val)
{
	struct xtcp_fo *fo = &xtcp_sk(sk)->fo;
	int tfo = READ_ONCE(sk_xn(sk)->fastopen);

	switch (optname) {
	case TCP_FASTOPEN:
		if (val < 0 || !((1 << sk->sk_state) &
				 (TCPF_CLOSE | TCPF_LISTEN)))
			return -EINVAL;
		/* fastopen_queue_tune() */
		WRITE_ONCE(fo->max_qlen,
			   min_t(unsigned int, val,
				 READ_ONCE(sock_net(sk)->core.sysctl_somaxconn)));
		return 0;
	case TCP_FASTOPEN_CONNECT:
		if (val > 1 || val < 0)
			return -EINVAL;
		if (!(tfo & XTCP_TFO_CLIENT_ENABLE))
			return -EOPNOTSUPP;
		if (sk->sk_state != TCP_CLOSE)
			return -EINVAL;
		fo->connect = val;
		return 0;
	case TCP_FASTOPEN_NO_COOKIE:
		if (val > 1 || val < 0 ||
		    !((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			return -EINVAL;
		fo->no_cookie = val;
		return 0;
	}
	return -ENOPROTOOPT;
}

/**
 * xtcp_fastopen_getsockopt() - TCP_FASTOPEN (the queue's length),
 *	TCP_FASTOPEN_CONNECT, TCP_FASTOPEN_NO_COOKIE
 * @sk: the socket
 * @optname: the option
 * @val: gets its value
 *
 * Return: 0, or -ENOPROTOOPT for another option.
 */
int xtcp_fastopen_getsockopt(struct sock *sk, int optname, int *val)
{
	const struct xtcp_fo *fo = &xtcp_sk(sk)->fo;

	switch (optname) {
	case TCP_FASTOPEN:
		*val = READ_ONCE(fo->max_qlen);
		return 0;
	case TCP_FASTOPEN_CONNECT:
		*val = fo->connect;
		return 0;
	case TCP_FASTOPEN_NO_COOKIE:
		*val = fo->no_cookie;
		return 0;
	}
	return -ENOPROTOOPT;
}

/**
 * xtcp_fastopen_info() - TCP_INFO's Fast Open fields
 * @sk: the socket, locked
 * @options: tcpi_options, gets TCPI_OPT_SYN_DATA when the SYN's data
 *	were acknowledged (a server's child: taken)
 * @client_fail: tcpi_fastopen_client_fail
 */
void xtcp_fastopen_info(const struct sock *sk, u8 *options,
			u32 *client_fail)
{
	const struct xtcp_fo *fo = &xtcp_sk(sk)->fo;

	if (fo->syn_data_acked)
		*options |= TCPI_OPT_SYN_DATA;
	*client_fail = fo->client_fail;
}
