// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the kernel TCP's ports that interop sockets hold.
 *
 * An interop socket's segments are TCP segments, so its port must be
 * nobody else's in TCP's tables: the kernel's TCP would otherwise bind it,
 * pick it for a connect(), or take the segments meant for it. The port is
 * held in TCP's own table, by a kernel TCP socket (sock_create_kern() in
 * the socket's namespace) bound to the same address and port, on the same
 * device, before xtcp's bind succeeds. inet_csk_get_port() in 6.1 and
 * 6.12 then refuses the port to every TCP bind() on an overlapping
 * address: the kernel socket leaves SO_REUSEADDR and SO_REUSEPORT off and
 * never listens, so no reuse rule lets a TCP socket share it. TCP's
 * ephemeral choices skip it too: inet_csk_find_open_port() for the same
 * conflict, __inet_hash_connect() because the bind bucket is not one of
 * connect()'s (fastreuse is not -1). Such a socket is in no lookup table,
 * so it takes no segment and answers none.
 *
 * An ephemeral port comes from TCP's bind() of port 0 (port.c then checks
 * xtcp's table for it), so it is free in both.
 *
 * A struct xtcp_resv is shared, by reference, between the socket that
 * took it, its children, TIME-WAIT entries and sockets that share the
 * port with them: the port stays
 * held as long as any of them holds it, as TCP's. The last reference
 * releases the kernel socket from a workqueue (the last one may go in
 * softirq context, a socket release may sleep). Each reservation counts in
 * &xtcp_net.interop_ports, which the netfilter hooks read first.
 *
 * Interop sockets that may share a port in xtcp's table (SO_REUSEADDR)
 * share one hold (port.c's shared_resv()). The kernel socket never sets
 * SO_REUSEADDR: TCP's bind() could then share the port back with it. So
 * a port the kernel's TCP holds in any state (TIME-WAIT, LAST-ACK) is
 * refused to an interop bind(). IP_BIND_ADDRESS_NO_PORT gets the port at
 * bind() rather than connect().
 */
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "interop.h"
#include "net.h"

/**
 * struct xtcp_resv - a port held in the kernel TCP's table
 * @ref: the socket that took it, its children, TIME-WAIT entries
 * @sock: the kernel TCP socket bound to the port
 * @count: &xtcp_net.interop_ports of its namespace
 * @work: the release, after the last reference
 */
struct xtcp_resv {
	refcount_t		ref;
	struct socket		*sock;
	atomic_t		*count;
	struct work_struct	work;
};

static struct workqueue_struct *resv_wq;

static void resv_release(struct work_struct *work)
{
	struct xtcp_resv *r = container_of(work, struct xtcp_resv, work);

	sock_release(r->sock);
	kfree(r);
}

/*
 * Bind @sock to @sk's address, device and port @snum (0: any); an IPv6
 * one v6-only if @sk is, so that it holds the port for IPv4 too exactly
 * when @sk takes IPv4 segments.
 */
static int bind_like(struct socket *sock, struct sock *sk, u16 snum)
{
	union {
		struct sockaddr_in	v4;
		struct sockaddr_in6	v6;
	} addr = {};
	int err, len;

	/* xtcp's bind() checked the address already (IP_FREEBIND, ...) */
	ip_sock_set_freebind(sock->sk);
	if (sk->sk_bound_dev_if) {
		err = sock_bindtoindex(sock->sk, sk->sk_bound_dev_if, true);
		if (err)
			return err;
	}
	if (sk->sk_family == AF_INET6) {
		if (sk->sk_ipv6only)
			ip6_sock_set_v6only(sock->sk);
		addr.v6.sin6_family = AF_INET6;
		addr.v6.sin6_port = htons(snum);
		addr.v6.sin6_addr = sk->sk_v6_rcv_saddr;
		addr.v6.sin6_scope_id = sk->sk_bound_dev_if;
		len = sizeof(addr.v6);
	} else {
		addr.v4.sin_family = AF_INET;
		addr.v4.sin_port = htons(snum);
		addr.v4.sin_addr.s_addr = inet_sk(sk)->inet_rcv_saddr;
		len = sizeof(addr.v4);
	}
	return kernel_bind(sock, (struct sockaddr *)&addr, len);
}

/**
 * xtcp_resv_take() - hold a port in the kernel TCP's table
 * @sk: the interop socket, locked, its local address and device set
 * @snum: the port, or 0 for one TCP chooses
 * @port: set to the port held
 *
 * Context: process context (bind(), listen(), connect()).
 *
 * The namespace's netfilter hooks are registered first, if need be
 * (xtcp_interop_hooks_need()).
 *
 * Return: the reservation, or an ERR_PTR: -EADDRINUSE if the kernel's TCP
 * uses the port, or what else TCP's bind() or the hooks' registration
 * said.
 */
struct xtcp_resv *xtcp_resv_take(struct sock *sk, u16 snum, u16 *port)
{
	struct net *net = sock_net(sk);
	struct xtcp_resv *r;
	int err;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	err = sock_create_kern(net, sk->sk_family, SOCK_STREAM, IPPROTO_TCP,
			       &r->sock);
	if (err)
		goto err_free;
	err = bind_like(r->sock, sk, snum);
	if (err)
		goto err_release;
	err = xtcp_interop_hooks_need(net);
	if (err)
		goto err_release;
	*port = ntohs(inet_sk(r->sock->sk)->inet_sport);
	refcount_set(&r->ref, 1);
	r->count = &xtcp_pernet(net)->interop_ports;
	atomic_inc(r->count);
	return r;

err_release:
	sock_release(r->sock);
err_free:
	kfree(r);
	return ERR_PTR(err);
}

/**
 * xtcp_resv_hold() - one more holder of a reservation
 * @r: the reservation, held by the caller's socket, or NULL
 *
 * Return: @r.
 */
struct xtcp_resv *xtcp_resv_hold(struct xtcp_resv *r)
{
	if (r)
		refcount_inc(&r->ref);
	return r;
}

/**
 * xtcp_resv_put() - a holder lets a reservation go
 * @r: the reservation, or NULL
 *
 * Context: any; the last reference releases the port from a workqueue.
 */
void xtcp_resv_put(struct xtcp_resv *r)
{
	if (!r || !refcount_dec_and_test(&r->ref))
		return;
	atomic_dec(r->count);
	INIT_WORK(&r->work, resv_release);
	queue_work(resv_wq, &r->work);
}

/**
 * xtcp_resv_flush() - wait for the releases queued so far
 *
 * Context: process context; a namespace's exit calls it once its last
 * holders are gone, before the kernel's TCP leaves the namespace.
 */
void xtcp_resv_flush(void)
{
	flush_workqueue(resv_wq);
}

/**
 * xtcp_resv_init() - create the workqueue of the releases
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_resv_init(void)
{
	resv_wq = alloc_workqueue("xtcp_resv", WQ_UNBOUND, 0);
	return resv_wq ? 0 : -ENOMEM;
}

/**
 * xtcp_resv_exit() - release what is queued and destroy the workqueue
 *
 * Context: every reservation is released or queued.
 */
void xtcp_resv_exit(void)
{
	destroy_workqueue(resv_wq);
}
