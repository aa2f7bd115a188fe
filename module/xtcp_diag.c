// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp_diag: sock_diag (inet_diag) for xtcp, as tcp_diag is for TCP: the
 * netlink interface ss(8) reads, for xtcp-ss (scripts/tools/xtcp-ss.c).
 *
 * A module of its own, loaded by the first query for xtcp's protocol
 * (inet_diag asks for net-pf-16-proto-4-type-2-253, its alias), which
 * loads xtcp.ko too. It answers on the protocol xtcp was loaded on
 * (xtcp_diag_protocol()); with another than 253 nothing asks for it by
 * that alias, and it is loaded by hand (modprobe xtcp_diag).
 *
 * - dump: every socket and TIME-WAIT entry of the asker's namespace of the
 *   request's family (sdiag_family: AF_INET or AF_INET6, whose sockets
 *   with v4-mapped addresses are AF_INET6 ones, as tcp_diag shows them),
 *   in /proc/net/xtcp's walk (diag.c, hash.c), kept by the states, ports and
 *   bytecode filter (INET_DIAG_REQ_BYTECODE) of the request, as
 *   inet_diag_dump_icsk() keeps TCP's; the place in the walk is kept in
 *   cb->ctx between the dump's calls.
 * - dump_one: the entry of a 4-tuple (or the listener of its local end),
 *   with the cookie checked, as inet_diag_dump_one_icsk().
 * - each message: struct inet_diag_msg as tcp_diag fills it (addresses,
 *   state, timer, queues, uid, inode, cookie), the attributes of
 *   inet_diag_msg_attrs_fill(), INET_DIAG_MEMINFO and SKMEMINFO,
 *   INET_DIAG_INFO (the struct tcp_info of TCP_INFO) and INET_DIAG_CONG
 *   when asked. A TIME-WAIT entry has what TCP's has: addresses, state,
 *   timer 3 and its time left, no cookie (INET_DIAG_NOCOOKIE).
 * - destroy (SOCK_DESTROY, with CONFIG_INET_DIAG_DESTROY): the entry
 *   ends as with tcp_abort() (xtcp_diag_abort()), for a user with
 *   CAP_NET_ADMIN in the namespace's user namespace, as
 *   sock_diag_destroy() asks.
 */
#include <linux/inet_diag.h>
#include <linux/module.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <net/inet_timewait_sock.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "compat.h"
#include "diag.h"
#include "tw.h"
#include "xtcp.h"

/* the largest message of an entry: what fill() may put */
static size_t msg_size(void)
{
	return nla_total_size(sizeof(struct inet_diag_msg)) +
	       inet_diag_msg_attrs_size() +
	       nla_total_size(sizeof(struct inet_diag_meminfo)) +
	       nla_total_size(SK_MEMINFO_VARS * sizeof(u32)) +
	       nla_total_size_64bit(sizeof(struct tcp_info)) +
	       nla_total_size(XTCP_CONG_NAME_MAX) + 64;
}

/*
 * A TIME-WAIT entry as the struct inet_timewait_sock TCP's would be, on
 * the stack: what inet_diag_msg_common_fill() and inet_diag_bc_sk() read
 * of it (family, addresses of both families' fields, ports, bound device,
 * tw_mark), so that they tell the families apart, not we.
 */
static void tw_sock(struct inet_timewait_sock *itw, const struct xtcp_tw *tw)
{
	const struct xtcp_addrs *a = &tw->conn.addrs;

	memset(itw, 0, sizeof(*itw));
	itw->tw_family = tw->family;
	itw->tw_state = TCP_TIME_WAIT;
	itw->tw_rcv_saddr = a->laddr.s6_addr32[3];
	itw->tw_daddr = a->raddr.s6_addr32[3];
#if IS_ENABLED(CONFIG_IPV6)
	itw->tw_v6_rcv_saddr = a->laddr;
	itw->tw_v6_daddr = a->raddr;
#endif
	itw->tw_num = ntohs(a->lport);
	itw->tw_dport = a->rport;
}

static void tw_msg(struct inet_diag_msg *r, const struct xtcp_tw *tw)
{
	struct inet_timewait_sock itw;

	tw_sock(&itw, tw);
	inet_diag_msg_common_fill(r, (struct sock *)&itw);
	r->idiag_state = TCP_TIME_WAIT;
	r->id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	r->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
}

/* A socket's part of the message, as inet_sk_diag_fill(); 1 if full. */
static int sk_msg(struct sock *sk, struct sk_buff *skb,
		  struct inet_diag_msg *r, struct netlink_callback *cb,
		  const struct inet_diag_req_v2 *req, bool net_admin,
		  struct tcp_info **info)
{
	int ext = req->idiag_ext;
	struct nlattr *attr;

	inet_diag_msg_common_fill(r, sk);
	r->idiag_state = sk->sk_state;
	if (inet_diag_msg_attrs_fill(sk, skb, r, ext,
				     sk_user_ns(NETLINK_CB(cb->skb).sk),
				     net_admin))
		return 1;
	if (ext & (1 << (INET_DIAG_MEMINFO - 1))) {
		struct inet_diag_meminfo minfo = {
			.idiag_rmem = sk_rmem_alloc_get(sk),
			.idiag_wmem = READ_ONCE(sk->sk_wmem_queued),
			.idiag_fmem = sk_forward_alloc_get(sk),
			.idiag_tmem = sk_wmem_alloc_get(sk),
		};

		if (nla_put(skb, INET_DIAG_MEMINFO, sizeof(minfo), &minfo))
			return 1;
	}
	if ((ext & (1 << (INET_DIAG_SKMEMINFO - 1))) &&
	    sock_diag_put_meminfo(sk, skb, INET_DIAG_SKMEMINFO))
		return 1;
	if (ext & (1 << (INET_DIAG_INFO - 1))) {
		attr = nla_reserve_64bit(skb, INET_DIAG_INFO,
					 sizeof(struct tcp_info),
					 INET_DIAG_PAD);
		if (!attr)
			return 1;
		*info = nla_data(attr);
	}
	return 0;
}

/* One message for @e, NLM_F_MULTI in @flags for a dump; -EMSGSIZE if full. */
static int fill(const struct xtcp_hash_entry *e, struct sk_buff *skb,
		struct netlink_callback *cb,
		const struct inet_diag_req_v2 *req, u16 flags, bool net_admin)
{
	struct tcp_info *info = NULL;
	struct xtcp_diag_state st;
	struct inet_diag_msg *r;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			cb->nlh->nlmsg_type, sizeof(*r), flags);
	if (!nlh)
		return -EMSGSIZE;
	r = nlmsg_data(nlh);
	memset(r, 0, sizeof(*r));
	if (e->tw)
		tw_msg(r, e->tw);
	else if (sk_msg(e->sk, skb, r, cb, req, net_admin, &info))
		goto cancel;
	xtcp_diag_get(e, &st, info);
	r->idiag_timer = st.timer;
	r->idiag_retrans = st.retrans;
	r->idiag_expires = st.expires_ms;
	r->idiag_rqueue = st.rqueue;
	r->idiag_wqueue = st.wqueue;
	if (e->sk && (req->idiag_ext & (1 << (INET_DIAG_CONG - 1))) &&
	    nla_put_string(skb, INET_DIAG_CONG, st.cong))
		goto cancel;
	nlmsg_end(skb, nlh);
	return 0;
cancel:
	nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* the bytecode filter on a TIME-WAIT entry */
static bool tw_bc(const struct nlattr *bc, const struct xtcp_tw *tw)
{
	struct inet_timewait_sock itw;

	tw_sock(&itw, tw);
	return inet_diag_bc_sk(bc, (struct sock *)&itw);
}

/* as inet_diag_dump_icsk(): family, states, ports, then the bytecode */
static bool wanted(const struct xtcp_hash_entry *e,
		   const struct inet_diag_req_v2 *r, const struct nlattr *bc)
{
	__be16 sport, dport;
	int state;

	if (r->sdiag_family != AF_UNSPEC &&
	    (e->tw ? e->tw->family : e->sk->sk_family) != r->sdiag_family)
		return false;
	if (e->tw) {
		state = TCP_TIME_WAIT;
		sport = e->tw->conn.addrs.lport;
		dport = e->tw->conn.addrs.rport;
	} else {
		state = inet_sk_state_load(e->sk);
		sport = inet_sk(e->sk)->inet_sport;
		dport = inet_sk(e->sk)->inet_dport;
	}
	if (!(r->idiag_states & (1 << state)) ||
	    (r->id.idiag_sport && r->id.idiag_sport != sport) ||
	    (r->id.idiag_dport && r->id.idiag_dport != dport))
		return false;
	if (!bc)
		return true;
	return e->tw ? tw_bc(bc, e->tw) : inet_diag_bc_sk(bc, e->sk);
}

static void xtcp_diag_dump(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct inet_diag_req_v2 *r)
{
	bool net_admin = netlink_net_capable(cb->skb, CAP_NET_ADMIN);
	struct inet_diag_dump_data *cb_data = cb->data;
	struct xtcp_hash_iter *it = (void *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct xtcp_hash_entry e;
	struct xtcp_hash_iter at;

	BUILD_BUG_ON(sizeof(cb->ctx) < sizeof(*it));
	for (at = *it; xtcp_diag_next(net, it, &e); at = *it) {
		int err = 0;

		if (wanted(&e, r, cb_data->inet_diag_nla_bc))
			err = fill(&e, skb, cb, r, NLM_F_MULTI, net_admin);
		xtcp_diag_put(&e);
		if (err) {
			*it = at;	/* the next call starts with it */
			break;
		}
	}
}

/* The entry of the request's 4-tuple, referenced, as
 * inet_diag_find_one_icsk() finds it: an AF_INET request has IPv4
 * addresses, an AF_INET6 one IPv6 (v4-mapped for IPv4's).
 */
static int find_one(struct net *net, const struct inet_diag_req_v2 *req,
		    struct xtcp_hash_entry *e)
{
	const u32 *cookie = req->id.idiag_cookie;
	struct xtcp_addrs a;
	bool ok;

	switch (req->sdiag_family) {
	case AF_INET:
		xtcp_addrs_set4(&a, req->id.idiag_src[0], req->id.idiag_sport,
				req->id.idiag_dst[0], req->id.idiag_dport);
		break;
	case AF_INET6:
		memcpy(&a.laddr, req->id.idiag_src, sizeof(a.laddr));
		memcpy(&a.raddr, req->id.idiag_dst, sizeof(a.raddr));
		a.lport = req->id.idiag_sport;
		a.rport = req->id.idiag_dport;
		break;
	default:
		return -EINVAL;
	}
	if (!xtcp_diag_lookup(net, &a, e))
		return -ENOENT;
	if (e->sk)
		ok = !sock_diag_check_cookie(e->sk, cookie);
	else
		ok = cookie[0] == INET_DIAG_NOCOOKIE &&
		     cookie[1] == INET_DIAG_NOCOOKIE;
	if (!ok) {
		xtcp_diag_put(e);
		return -ENOENT;
	}
	return 0;
}

static int xtcp_diag_dump_one(struct netlink_callback *cb,
			      const struct inet_diag_req_v2 *req)
{
	struct sk_buff *in_skb = cb->skb;
	bool net_admin = netlink_net_capable(in_skb, CAP_NET_ADMIN);
	struct net *net = sock_net(in_skb->sk);
	struct xtcp_hash_entry e;
	struct sk_buff *rep;
	int err;

	err = find_one(net, req, &e);
	if (err)
		return err;
	rep = nlmsg_new(msg_size(), GFP_KERNEL);
	if (!rep) {
		err = -ENOMEM;
		goto out;
	}
	err = fill(&e, rep, cb, req, 0, net_admin);
	if (err) {
		WARN_ON(err == -EMSGSIZE);
		nlmsg_free(rep);
		goto out;
	}
	err = nlmsg_unicast(net->diag_nlsk, rep, NETLINK_CB(in_skb).portid);
out:
	xtcp_diag_put(&e);
	return err;
}

#ifdef CONFIG_INET_DIAG_DESTROY
static int xtcp_diag_destroy(struct sk_buff *in_skb,
			     const struct inet_diag_req_v2 *req)
{
	struct net *net = sock_net(in_skb->sk);
	struct xtcp_hash_entry e;
	int err;

	err = find_one(net, req, &e);
	if (err)
		return err;
	/* as sock_diag_destroy() asks */
	if (ns_capable(net->user_ns, CAP_NET_ADMIN))
		xtcp_diag_abort(&e, ECONNABORTED);
	else
		err = -EPERM;
	xtcp_diag_put(&e);
	return err;
}
#endif

/* idiag_type is set at load: xtcp's protocol */
static struct inet_diag_handler xtcp_diag_handler = {
	.dump			= xtcp_diag_dump,
	.dump_one		= xtcp_diag_dump_one,
	.idiag_info_size	= sizeof(struct tcp_info),
#ifdef CONFIG_INET_DIAG_DESTROY
	.destroy		= xtcp_diag_destroy,
#endif
};

static int __init xtcp_diag_init(void)
{
	xtcp_diag_handler.idiag_type = xtcp_diag_protocol();
	xtcp_compat_inet_diag_owner(&xtcp_diag_handler);
	return inet_diag_register(&xtcp_diag_handler);
}

static void __exit xtcp_diag_exit(void)
{
	inet_diag_unregister(&xtcp_diag_handler);
}

module_init(xtcp_diag_init);
module_exit(xtcp_diag_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: sock_diag (ss) support");
MODULE_IMPORT_NS(XTCP_DIAG);
/*
 * inet_diag asks for net-pf-16-proto-4-type-2-253 (AF_INET, then xtcp's
 * default protocol), as tcp_diag's MODULE_ALIAS_NET_PF_PROTO_TYPE() has
 * "2-6"; spelt out here so that the protocol comes from its #define.
 */
MODULE_ALIAS("net-pf-" __stringify(PF_NETLINK) "-proto-"
	     __stringify(NETLINK_SOCK_DIAG) "-type-" __stringify(AF_INET) "-"
	     __stringify(XTCP_DEFAULT_PROTOCOL));
