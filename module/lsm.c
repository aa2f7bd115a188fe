// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the hooks a security module (SELinux, Smack, a BPF LSM) has on
 * TCP's connections, run where TCP runs them, as far as a module can:
 *
 * - a SYN for a listener: security_inet_conn_request() may refuse the
 *   connection, and labels it (tcp_conn_request());
 * - the child: TCP gives it the connection's label when it clones the
 *   listener, security_inet_csk_clone() in inet_csk_clone_lock(). Neither
 *   6.1 nor 6.12 exports that hook to modules. The child has the
 *   listener's label (security_sk_clone(), in sk_clone_lock()) and learns
 *   its peer's from the SYN, security_inet_conn_established(), as a
 *   client learns it from the SYN,ACK: SELinux's peer label (SO_PEERSEC)
 *   is then what TCP's child gets. What is missing: a label that SELinux
 *   derives from a labelled peer's MLS range, Smack's packet label;
 * - a SYN,ACK that completes connect(): security_inet_conn_established()
 *   (tcp_finish_connect()), in sock.c;
 * - every segment a socket takes: security_sock_rcv_skb(), through
 *   sk_filter_trim_cap() in input.c;
 * - every route a socket looks up: security_sk_classify_flow(), inside
 *   ip_route_connect() and ip_queue_xmit()'s ip_route_output_ports().
 *
 * TCP hands security_inet_conn_request() a request sock, the mini-socket
 * a listener keeps until the handshake ends. xtcp makes the child at
 * once, with no request sock, so the hook gets one made for the occasion:
 * the fields TCP fills before the hook runs (tcp_conn_request(),
 * tcp_v4_init_req()), the rest zero. It lives only for the call; an IP
 * option a hook leaves in it (NetLabel's CIPSO) goes to the child, as
 * tcp_v4_syn_recv_sock() moves it.
 */
#include <linux/security.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/request_sock.h>
#include <net/sock.h>

#include "lsm.h"
#include "mib.h"
#include "wire.h"

/*
 * Hooks read the family from the request sock's operations; nothing else.
 * The family is the SYN's (an AF_INET6 listener takes IPv4 SYNs too).
 */
static const struct request_sock_ops lsm_req_ops = {
	.family		= AF_INET,
	.obj_size	= sizeof(struct inet_request_sock),
};

static const struct request_sock_ops lsm_req6_ops = {
	.family		= AF_INET6,
	.obj_size	= sizeof(struct inet_request_sock),
};

/* tcp_v6_init_req()'s part: the SYN's IPv6 addresses */
static void req_init6(struct inet_request_sock *ireq,
		      const struct sk_buff *skb)
{
	ireq->req.rsk_ops = &lsm_req6_ops;
	ireq->ireq_family = AF_INET6;
	ireq->ir_v6_loc_addr = ipv6_hdr(skb)->daddr;
	ireq->ir_v6_rmt_addr = ipv6_hdr(skb)->saddr;
}

/* What tcp_conn_request() has filled in when it calls the hook. */
static void req_init(struct inet_request_sock *ireq, const struct sock *lsk,
		     const struct sk_buff *skb)
{
	const struct xtcp_hdr *th = (const struct xtcp_hdr *)skb->data;

	ireq->req.rsk_listener = (struct sock *)lsk;
	write_pnet(&ireq->ireq_net, sock_net(lsk));
	ireq->ireq_state = TCP_NEW_SYN_RECV;
	if (skb->protocol == htons(ETH_P_IPV6)) {
		req_init6(ireq, skb);
	} else {
		ireq->req.rsk_ops = &lsm_req_ops;
		ireq->ireq_family = AF_INET;
		ireq->ir_loc_addr = ip_hdr(skb)->daddr;
		ireq->ir_rmt_addr = ip_hdr(skb)->saddr;
	}
	ireq->ir_num = ntohs(th->dest);
	ireq->ir_rmt_port = th->source;
	ireq->ir_iif = READ_ONCE(lsk->sk_bound_dev_if);
	ireq->ir_mark = READ_ONCE(lsk->sk_mark);
}

/**
 * xtcp_lsm_conn_request() - a listener makes a child for a SYN: may it,
 *	and with what label?
 * @lsk: the listener
 * @child: the child, a clone of @lsk nobody else has seen yet
 * @skb: the SYN, its header at @skb->data
 *
 * Context: softirq.
 *
 * Return: true, and @child labelled (see above); false if a
 * security module refused it: the caller drops the child, and the SYN is
 * counted as tcp_conn_request() counts it (ListenDrops, the listener's
 * drops).
 */
bool xtcp_lsm_conn_request(struct sock *lsk, struct sock *child,
			   struct sk_buff *skb)
{
	struct inet_request_sock ireq = {};
	struct ip_options_rcu *opt;
	int err;

	req_init(&ireq, lsk, skb);
	err = security_inet_conn_request(lsk, skb, &ireq.req);
	opt = rcu_dereference_protected(ireq.ireq_opt, true);
	if (err) {
		kfree(opt);
		XTCP_INC_STATS(sock_net(lsk), XTCP_MIB_LISTENDROPS);
		sk_drops_add(lsk, skb);
		return false;
	}
	security_inet_conn_established(child, skb);
	RCU_INIT_POINTER(inet_sk(child)->inet_opt, opt);
	return true;
}
