// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the socket interface: connection calls (connect, listen, accept,
 * shutdown, close), and at the bottom the struct proto, struct proto_ops
 * and inet_protosw that make socket(AF_INET, SOCK_STREAM, xtcp_ipproto)
 * and socket(AF_INET6, ...) open an xtcp socket. The data calls are in
 * stream.c; what differs by family is the socket's &xtcp_sock.af (af.h).
 *
 * Where the generic inet code does what TCP does (bind, connect's waiting,
 * accept's grafting, shutdown, getsockname), the proto_ops use it, and it
 * calls the struct proto methods here, under the socket lock.
 *
 * Sockets do not pin the module (xtcp_prot.owner is NULL): an open file
 * does, through the proto_ops, so rmmod is refused while a user holds a
 * socket. Connections that outlive their file (closing, TIME-WAIT) are
 * reset and freed by the unload, which waits until the last socket is
 * gone before the module's code and struct proto go away.
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/delay.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sockptr.h>
#include <linux/tcp.h>
#include <net/inet_common.h>
#include <net/ipv6.h>
#include <net/transp_v6.h>
#include <net/ip.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/sock.h>

#include "compat.h"
#include "hash.h"
#include "icmp.h"
#include "listen.h"
#include "keepalive.h"
#include "mem.h"
#include "mib.h"
#include "net.h"
#include "ondemand.h"
#include "orphan.h"
#include "sock.h"
#include "sockopt.h"
#include "stream.h"
#include "timers.h"
#include "tsopt.h"
#include "tw.h"
#include "xtcp.h"
#include "zerocopy.h"

static void xtcp_destruct(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	WARN_ON_ONCE(xs->bound || xs->hashed || xs->orphan_counted);
	WARN_ON_ONCE(xtcp_timers_rtx_pending(sk, NULL));
	WARN_ON_ONCE(xtcp_timers_ka_pending(sk));
	WARN_ON_ONCE(test_bit(XTCP_TSQ_QUEUED, &xs->tsq_flags));
	xtcp_sock_purge_ofo(sk);
	xtcp_ondemand_free(sk);
	xtcp_cong_put(xs->cc.ops);
	kfree(xs->saved_syn);		/* TCP_SAVED_SYN never read */
	xtcp_fastopen_destroy(sk);	/* a SYN held back, own keys */
	xs->af->sock_destruct(sk);
	sk_sockets_allocated_dec(sk);
}

static int xtcp_init_sock(struct sock *sk)
{
	struct xtcp_net *xn = xtcp_pernet(sock_net(sk));

	/* net.xtcp.[rw]mem_default, unless the user set the size */
	if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK))
		WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(xn->rmem_default));
	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK))
		WRITE_ONCE(sk->sk_sndbuf, READ_ONCE(xn->wmem_default));
	xtcp_sock_init_private(sk);
	xtcp_sk(sk)->af = sk->sk_family == AF_INET6 ? &xtcp_ipv6_ops :
						      &xtcp_ipv4_ops;
	/* net.xtcp.interop; XTCP_INTEROP may change it until bind() */
	xtcp_sk(sk)->interop = READ_ONCE(xn->interop);
	xtcp_sk(sk)->resv = NULL;
	sk->sk_destruct = xtcp_destruct;
	sk->sk_write_space = xtcp_stream_write_space;
	/* room comes from ACKs freeing the send queue, not from sent skbs */
	sock_set_flag(sk, SOCK_USE_WRITE_QUEUE);
	/* freed after an RCU grace period, so unload can wait for it */
	sock_set_flag(sk, SOCK_RCU_FREE);
	xtcp_zc_sock_init(sk);		/* SO_ZEROCOPY (zerocopy.c) */
	/* a child counts in sk_clone_lock(), and drops in xtcp_destruct() */
	sk_sockets_allocated_inc(sk);
	return 0;
}

static void purge_receive_queue(struct sock *sk, u32 *unread)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&sk->sk_receive_queue))) {
		*unread += skb->len - XTCP_SKB_CB(skb)->offset;
		kfree_skb(skb);
	}
	WRITE_ONCE(xtcp_sk(sk)->rcv_queued, 0);
}

/* T03: the listener goes back to CLOSED, its children are reset. */
static void stop_listening(struct sock *sk)
{
	struct xtcp_fsm_out out;

	xtcp_fsm_close(&xtcp_sk(sk)->tcb, &out);
	xtcp_sock_apply(sk, &out, NULL);
	xtcp_listen_close_children(sk);
}

static void xtcp_close(struct sock *sk, long timeout)
{
	struct xtcp_fsm_out out;
	u32 unread = 0;

	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	purge_receive_queue(sk, &unread);
	if (sk->sk_state == TCP_LISTEN) {
		stop_listening(sk);
	} else if (sk->sk_state == TCP_CLOSE) {
		/* nothing to tell the peer */
	} else if (unread || (sock_flag(sk, SOCK_LINGER) &&
			      !sk->sk_lingertime)) {
		/* RFC 2525 2.17, as Linux: unread data is lost, say so */
		xtcp_sock_abort(sk, 0);
	} else if (sk->sk_state == TCP_SYN_SENT) {
		xtcp_fsm_close(&xtcp_sk(sk)->tcb, &out);	/* T07 */
		xtcp_sock_apply(sk, &out, NULL);
	} else {
		xtcp_sk(sk)->fin_pending = true;
		xtcp_sock_push(sk);
		if (timeout && sock_flag(sk, SOCK_LINGER))
			sk_stream_wait_close(sk, timeout);
	}
	sock_hold(sk);
	sock_orphan(sk);
	xtcp_orphan_close_check(sk);	/* as __tcp_close(): too many? */
	if (sk->sk_state == TCP_CLOSE)
		xtcp_sock_done(sk);
	else
		xtcp_sock_orphan_check(sk);
	release_sock(sk);
	sock_put(sk);
	sock_put(sk);	/* the user's reference */
}

static int xtcp_disconnect(struct sock *sk, int flags)
{
	u32 unread = 0;

	/* after stop_listening(), listen() opens the child lists again */
	if (sk->sk_state == TCP_LISTEN)
		stop_listening(sk);
	else if (sk->sk_state != TCP_CLOSE)
		xtcp_sock_abort(sk, 0);
	purge_receive_queue(sk, &unread);
	xtcp_sk(sk)->af->clear_addrs(sk);
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
		xtcp_hash_put_port(sk);
	xtcp_sock_tcb_init(sk, 0, 0, XTCP_MSS_MAX);
	xtcp_info_reset(sk);
	xtcp_sk(sk)->fin_pending = false;
	xtcp_urg_reset(sk);
	kfree(xtcp_sk(sk)->saved_syn);	/* as tcp_disconnect() */
	xtcp_sk(sk)->saved_syn = NULL;
	xtcp_fastopen_free(sk);
	WRITE_ONCE(sk->sk_shutdown, 0);
	sock_reset_flag(sk, SOCK_DONE);
	sk_dst_reset(sk);
	return 0;
}

/*
 * The connection takes over TIME-WAIT entry @tw of its 4-tuple
 * (net.xtcp.tcp_tw_reuse), as tcp_twsk_unique(): it starts past the old
 * sequence space, with the old TS.Recent, and the entry ends
 * (inet_twsk_deschedule_put()). Return: the ISS.
 */
static u32 tw_take(struct sock *sk, struct xtcp_tw *tw)
{
	struct xtcp_ts *ts = &xtcp_sk(sk)->tcb.ts;
	u32 iss = xtcp_ts_reuse_iss(tw->snd_nxt);

	ts->recent = tw->ts_recent;
	ts->recent_stamp = tw->ts_recent_stamp;
	xtcp_tw_kill(tw);
	xtcp_tw_put(tw);
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TWRECYCLED);
	return iss;
}

/*
 * proto.connect, called by inet_stream_connect() under the socket lock:
 * the family's route and addresses (af.h), then the port, the tables
 * and the SYN.
 */
static int xtcp_connect(struct sock *sk, struct sockaddr *uaddr, int len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_fsm_out out;
	struct xtcp_tw *tw;
	u32 iss;
	u16 mss;
	int err;

	err = xs->af->connect(sk, uaddr, len);
	if (err)
		return err;

	/* an interop socket's port must be free in TCP's table too */
	if (xs->interop && !inet->inet_num) {
		err = xtcp_hash_get_port(sk, 0);
		if (err)
			goto fail;
		inet->inet_sport = htons(inet->inet_num);
	}
	/* its bound port, or one shared with other connect()s (RFC 6056) */
	err = xtcp_hash_connect(sk, &tw);	/* T23, but tcp_tw_reuse */
	if (err)
		goto fail;

	mss = xtcp_af_mss(xs->af, dst_mtu(__sk_dst_get(sk)));
	xtcp_sock_tcb_init(sk, inet->inet_num, ntohs(inet->inet_dport),
			   xtcp_sockopt_mss(sk, mss));	/* TCP_MAXSEG */
	xs->tcb.rcv_wnd = xtcp_sock_rcv_wnd(sk);
	xtcp_ts_offer(sk, &xs->tcb.ts);
	if (xs->syn_retries)
		xs->tcb.syn_retries = xs->syn_retries;
	atomic_set(&inet->inet_id, get_random_u16());
	iss = tw ? tw_take(sk, tw) : get_random_u32();
	xtcp_fsm_connect(&xs->tcb, iss, &out);			/* T02 */
	xs->write_seq = xs->tcb.iss + 1;
	xs->pushed_seq = xs->write_seq;
	XTCP_INC_STATS(sock_net(sk), XTCP_MIB_ACTIVEOPENS);
	if (xtcp_fastopen_connect(sk, &out))	/* sent, or held back */
		return 0;
	xtcp_sock_syn_sent(sk);
	xtcp_sock_apply(sk, &out, NULL);
	return 0;

fail:
	if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK))
		xtcp_hash_put_port(sk);
	xs->af->clear_addrs(sk);
	sk_dst_reset(sk);
	return err;
}

static int xtcp_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct xtcp_fsm_out out;
	int err = -EINVAL;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		goto out;
	backlog = clamp(backlog, 0, (int)READ_ONCE(sock_net(sk)->core.sysctl_somaxconn));
	if (sk->sk_state == TCP_LISTEN) {
		WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
		err = 0;
		goto out;
	}
	if (sk->sk_state != TCP_CLOSE)
		goto out;
	if (!inet_sk(sk)->inet_num) {
		err = xtcp_hash_get_port(sk, 0);
		if (err)
			goto out;
		inet_sk(sk)->inet_sport = htons(inet_sk(sk)->inet_num);
	}
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	xtcp_fastopen_listen(sk, backlog);
	xtcp_listen_start(sk);
	xtcp_sock_tcb_init(sk, inet_sk(sk)->inet_num, 0, XTCP_MSS_MAX);
	xtcp_fsm_listen(&xtcp_sk(sk)->tcb, &out);		/* T01 */
	/* the TCB first: a SYN finds the listener once sk_state says so */
	err = xtcp_hash_listen(sk);
	if (err) {
		xtcp_sock_tcb_init(sk, inet_sk(sk)->inet_num, 0, XTCP_MSS_MAX);
		goto out;
	}
	xtcp_sock_apply(sk, &out, NULL);
	err = out.err;
out:
	release_sock(sk);
	return err;
}

static bool acceptq_ready(struct sock *lsk)
{
	return !list_empty_careful(&xtcp_sk(lsk)->acceptq) ||
	       lsk->sk_state != TCP_LISTEN;
}

/* Wait for a child; under the listener's lock. Return: 0 or -errno. */
static int wait_for_child(struct sock *lsk, long timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int err = 0;

	add_wait_queue(sk_sleep(lsk), &wait);
	while (!acceptq_ready(lsk)) {
		err = xtcp_may_wait(timeo);
		if (err)
			break;
		sk_wait_event(lsk, &timeo, acceptq_ready(lsk), &wait);
	}
	remove_wait_queue(sk_sleep(lsk), &wait);
	return err;
}

/**
 * xtcp_accept_child() - take an established child off a listener's queue
 * @lsk: the listener
 * @flags: O_NONBLOCK for a non-blocking accept
 * @errp: set to 0 or a negative errno: -EINVAL if @lsk is not listening,
 *	-EAGAIN, -ERESTARTSYS/-EINTR on a signal
 *
 * Called through xtcp_compat_accept() by inet_accept(), which grafts the
 * child onto the new socket.
 *
 * Return: the child, or NULL.
 */
struct sock *xtcp_accept_child(struct sock *lsk, int flags, int *errp)
{
	struct sock *child = NULL;
	int err;

	lock_sock(lsk);
	err = -EINVAL;
	if (lsk->sk_state != TCP_LISTEN)
		goto out;
	for (;;) {
		err = wait_for_child(lsk, sock_rcvtimeo(lsk, flags & O_NONBLOCK));
		if (err)
			goto out;
		err = -EINVAL;
		if (lsk->sk_state != TCP_LISTEN)
			goto out;
		child = xtcp_listen_take_child(lsk, false);
		if (child)
			break;
	}
	/* the list's reference is the user's now; the child lets go */
	lock_sock_nested(child, SINGLE_DEPTH_NESTING);
	xtcp_sk(child)->parent = NULL;
	release_sock(child);
	sock_put(lsk);
	xtcp_mem_accepted(child);
	err = 0;
out:
	release_sock(lsk);
	*errp = err;
	return child;
}

static void xtcp_shutdown(struct sock *sk, int how)
{
	if (!(how & SEND_SHUTDOWN))
		return;
	if ((1 << sk->sk_state) &
	    (TCPF_ESTABLISHED | TCPF_SYN_RECV | TCPF_CLOSE_WAIT)) {
		xtcp_sk(sk)->fin_pending = true;		/* T12, T19 */
		xtcp_sock_push(sk);
	}
}

static int xtcp_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	return xtcp_sock_rcv(sk, skb);
}

/* Work an ICMP error or a timer found while a process owned the socket. */
static void xtcp_release_cb(struct sock *sk)
{
	xtcp_icmp_release_cb(sk);	/* first: a resend uses the new MSS */
	xtcp_timers_release_cb(sk);
}

static int xtcp_hash(struct sock *sk)
{
	return 0;
}

static void xtcp_unhash(struct sock *sk)
{
}

static struct proto xtcp_prot = {
	.name		= "XTCP",
	.owner		= NULL,		/* see the comment at the top */
	.init		= xtcp_init_sock,
	.close		= xtcp_close,
	.connect	= xtcp_connect,
	.disconnect	= xtcp_disconnect,
	.accept		= xtcp_compat_accept,
	.shutdown	= xtcp_shutdown,
	.keepalive	= xtcp_keepalive_set,
	.setsockopt	= xtcp_setsockopt,
	.getsockopt	= xtcp_getsockopt,
	.sendmsg	= xtcp_stream_sendmsg,
	XTCP_PROTO_SENDPAGE
	.recvmsg	= xtcp_stream_recvmsg,
	.stream_memory_free	= xtcp_stream_memory_free,
	.backlog_rcv	= xtcp_backlog_rcv,
	.release_cb	= xtcp_release_cb,
	.hash		= xtcp_hash,
	.unhash		= xtcp_unhash,
	.get_port	= xtcp_hash_get_port,
	.put_port	= xtcp_hash_put_port,
	.no_autobind	= true,
	.obj_size	= sizeof(struct xtcp_sock),
	/* memory accounting, as TCP's: mem.c */
	.enter_memory_pressure	= xtcp_mem_enter_pressure,
	.leave_memory_pressure	= xtcp_mem_leave_pressure,
	.memory_allocated	= &xtcp_memory_allocated,
	.per_cpu_fw_alloc	= &xtcp_memory_per_cpu_fw_alloc,
	.sockets_allocated	= &xtcp_sockets_allocated,
	.memory_pressure	= &xtcp_memory_pressure,
	.sysctl_mem		= xtcp_sysctl_mem,
	.sysctl_wmem		= xtcp_sysctl_wmem,
	.sysctl_rmem		= xtcp_sysctl_rmem,
};

/**
 * xtcp_protocol_inuse() - xtcp's sockets in a namespace's tables
 * @net: the namespace
 *
 * Return: what /proc/net/protocols shows for XTCP in @net.
 */
int xtcp_protocol_inuse(struct net *net)
{
	return sock_prot_inuse_get(net, &xtcp_prot);
}

static const struct proto_ops xtcp_stream_ops = {
	.family		= PF_INET,
	.owner		= THIS_MODULE,
	.release	= inet_release,
	.bind		= inet_bind,
	.connect	= inet_stream_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= xtcp_compat_inet_accept,
	.getname	= inet_getname,
	.poll		= xtcp_stream_poll,
	.ioctl		= xtcp_stream_ioctl,
	.listen		= xtcp_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= xtcp_zc_sock_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	XTCP_OPS_SENDPAGE
	.recvmsg	= inet_recvmsg,
	.mmap		= sock_no_mmap,
};

static struct inet_protosw xtcp_protosw = {
	.type		= SOCK_STREAM,
	.prot		= &xtcp_prot,
	.ops		= &xtcp_stream_ops,
};

/* AF_INET6: xtcp_prot's methods on a struct xtcp6_sock (xtcp_protocol_init()) */
static struct proto xtcpv6_prot;

static const struct proto_ops xtcp6_stream_ops = {
	.family		= PF_INET6,
	.owner		= THIS_MODULE,
	.release	= inet6_release,
	.bind		= inet6_bind,
	.connect	= inet_stream_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= xtcp_compat_inet_accept,
	.getname	= inet6_getname,
	.poll		= xtcp_stream_poll,
	.ioctl		= xtcp_stream_ioctl,
	.listen		= xtcp_listen,
	.shutdown	= inet_shutdown,
	.setsockopt	= xtcp_zc_sock_setsockopt,
	.getsockopt	= sock_common_getsockopt,
	.sendmsg	= inet_sendmsg,
	XTCP_OPS_SENDPAGE
	.recvmsg	= inet_recvmsg,
	.mmap		= sock_no_mmap,
};

static struct inet_protosw xtcp6_protosw = {
	.type		= SOCK_STREAM,
	.prot		= &xtcpv6_prot,
	.ops		= &xtcp6_stream_ops,
};

/**
 * xtcp_protocol_init() - register the struct protos of both families, and
 *	their memory accounting (mem.c)
 *
 * xtcpv6_prot is xtcp_prot for a struct xtcp6_sock, as tcpv6_prot is
 * tcp_prot's twin: the methods are the same, the family ops (af.h) of a
 * socket differ.
 *
 * Return: 0 or a negative errno from proto_register().
 */
int xtcp_protocol_init(void)
{
	int err;

	xtcpv6_prot = xtcp_prot;
	strscpy(xtcpv6_prot.name, "XTCPv6", sizeof(xtcpv6_prot.name));
	xtcpv6_prot.obj_size = sizeof(struct xtcp6_sock);
	xtcp_compat_ipv6_pinfo_offset(&xtcpv6_prot,
				      offsetof(struct xtcp6_sock, inet6));
	err = xtcp_mem_init();
	if (err)
		return err;
	err = xtcp_ondemand_init();
	if (err)
		goto err_mem;
	err = proto_register(&xtcp_prot, 1);
	if (err)
		goto err_ondemand;
	err = proto_register(&xtcpv6_prot, 1);
	if (err)
		goto err_prot;
	return 0;

err_prot:
	proto_unregister(&xtcp_prot);
err_ondemand:
	xtcp_ondemand_exit();
err_mem:
	xtcp_mem_exit();
	return err;
}

/**
 * xtcp_protocol_exit() - reset what is left and unregister the struct proto
 *
 * Context: after xtcp_protocol_unregister() and xtcp_input_unregister():
 * no new socket and no segment can appear. Connections that outlived
 * their file are reset; then this waits until every socket is freed.
 */
void xtcp_protocol_exit(void)
{
	unsigned int waited = 0, cursor = 0;
	struct sock *sk;
	s64 alive;

	while ((sk = xtcp_hash_any_sock(&cursor))) {
		lock_sock(sk);
		xtcp_sock_abort(sk, 0);
		release_sock(sk);
		sock_put(sk);
	}
	/* alive: from xtcp_init_sock() or sk_clone_lock() to xtcp_destruct() */
	while ((alive = percpu_counter_sum(&xtcp_sockets_allocated))) {
		if (++waited % 100 == 0)
			pr_warn("unload waits for %lld sockets\n", alive);
		msleep(20);
	}
	rcu_barrier();	/* the last __sk_destruct() has returned */
	proto_unregister(&xtcpv6_prot);
	proto_unregister(&xtcp_prot);
	xtcp_ondemand_exit();
	xtcp_mem_exit();
}

/**
 * xtcp_protocol_register() - make xtcp sockets of both families available
 *	to users
 *
 * Return: 0, or inet6_register_protosw()'s negative errno.
 */
int xtcp_protocol_register(void)
{
	int err;

	xtcp_protosw.protocol = xtcp_ipproto;
	xtcp6_protosw.protocol = xtcp_ipproto;
	inet_register_protosw(&xtcp_protosw);
	err = inet6_register_protosw(&xtcp6_protosw);
	if (err)
		inet_unregister_protosw(&xtcp_protosw);
	return err;
}

/**
 * xtcp_protocol_unregister() - withdraw xtcp sockets from users
 *
 * inet_unregister_protosw() waits for socket() calls still looking it up.
 */
void xtcp_protocol_unregister(void)
{
	inet6_unregister_protosw(&xtcp6_protosw);
	inet_unregister_protosw(&xtcp_protosw);
}
