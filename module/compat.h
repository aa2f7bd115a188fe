/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: differences between the kernels xtcp builds against (6.1, 6.12),
 * in one place, so the protocol code never tests LINUX_VERSION_CODE.
 */
#ifndef _XTCP_COMPAT_H
#define _XTCP_COMPAT_H

#include <linux/export.h>
#include <linux/ipv6.h>
#include <linux/kconfig.h>
#include <linux/skbuff.h>
#include <linux/uio.h>
#include <net/inet_common.h>
#include <net/inet_sock.h>
#include <net/net_namespace.h>
#include <net/sock.h>
/*
 * Newer kernels (6.12) keep the protocol memory helpers (sk_memory_allocated(),
 * sk_under_memory_pressure()) in a header of their own; module/Kbuild defines
 * XTCP_HAVE_PROTO_MEMORY_H where the kernel has their header.
 */
#ifdef XTCP_HAVE_PROTO_MEMORY_H
#include <net/proto_memory.h>
#endif
/*
 * From 6.5 on the GSO helpers (gso_make_checksum(), gso_reset_checksum())
 * are in a header of their own; module/Kbuild defines XTCP_HAVE_NET_GSO_H
 * where it exists.
 */
#ifdef XTCP_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/*
 * XTCP_KUNIT_EXPORT() - make a function visible to kunit/ (xtcp_kunit.ko,
 * which imports the XTCP_KUNIT namespace) when the kernel has KUnit, and to
 * nobody otherwise. EXPORT_SYMBOL_IF_KUNIT() does this from 6.2 on.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define XTCP_KUNIT_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, XTCP_KUNIT)
#else
#define XTCP_KUNIT_EXPORT(sym)
#endif

/*
 * xtcp_register_net_sysctl() - register_net_sysctl() for a table of @size
 * entries followed by an empty one. Before 6.6 the kernel finds the end by
 * the empty entry. From 6.6 on it takes the size (register_net_sysctl()
 * became a macro that reads it from the array type), and 6.12 would take
 * an empty entry counted in the size for a bad one.
 */
#ifdef register_net_sysctl
#define xtcp_register_net_sysctl(net, path, table, size) \
	register_net_sysctl_sz(net, path, table, size)
#else
#define xtcp_register_net_sysctl(net, path, table, size) \
	register_net_sysctl(net, path, table)
#endif

/*
 * xtcp_compat_accept() - the struct proto .accept method, around
 * xtcp_accept_child(). 6.10 put its arguments in a struct
 * proto_accept_arg; module/Kbuild looks for it in the kernel's headers and
 * defines XTCP_HAVE_PROTO_ACCEPT_ARG.
 */
struct sock *xtcp_accept_child(struct sock *lsk, int flags, int *errp);

#ifdef XTCP_HAVE_PROTO_ACCEPT_ARG
static inline struct sock *xtcp_compat_accept(struct sock *sk,
					      struct proto_accept_arg *arg)
{
	return xtcp_accept_child(sk, arg->flags, &arg->err);
}
#else
static inline struct sock *xtcp_compat_accept(struct sock *sk, int flags,
					      int *err, bool kern)
{
	return xtcp_accept_child(sk, flags, err);
}
#endif

/*
 * xtcp_recverr(), xtcp_recverr_rfc4884() - IP_RECVERR and
 * IP_RECVERR_RFC4884 of a socket: bit fields of struct inet_sock before
 * 6.6, bits of its flags (inet_test_bit()) since.
 */
#ifdef inet_test_bit
static inline bool xtcp_recverr(const struct sock *sk)
{
	return inet_test_bit(RECVERR, sk);
}

static inline bool xtcp_recverr_rfc4884(const struct sock *sk)
{
	return inet_test_bit(RECVERR_RFC4884, sk);
}
#else
static inline bool xtcp_recverr(const struct sock *sk)
{
	return inet_sk(sk)->recverr;
}

static inline bool xtcp_recverr_rfc4884(const struct sock *sk)
{
	return inet_sk(sk)->recverr_rfc4884;
}
#endif

/*
 * xtcp_recverr6(), xtcp_recverr6_rfc4884() - IPV6_RECVERR and
 * IPV6_RECVERR_RFC4884 of an AF_INET6 socket: bit fields of struct
 * ipv6_pinfo before 6.6, bits of the inet_sock's flags
 * (inet6_test_bit()) since.
 */
#ifdef inet6_test_bit
static inline bool xtcp_recverr6(const struct sock *sk)
{
	return inet6_test_bit(RECVERR6, sk);
}

static inline bool xtcp_recverr6_rfc4884(const struct sock *sk)
{
	return inet6_test_bit(RECVERR6_RFC4884, sk);
}
#else
static inline bool xtcp_recverr6(const struct sock *sk)
{
	return inet6_sk(sk)->recverr;
}

static inline bool xtcp_recverr6_rfc4884(const struct sock *sk)
{
	return inet6_sk(sk)->recverr_rfc4884;
}
#endif

/*
 * xtcp_compat_kmem_cache_charge() - charge an object a slab gave in
 * softirq to the current task's memory cgroup: kmem_cache_charge(), from
 * 6.12 on (module/Kbuild defines XTCP_HAVE_KMEM_CACHE_CHARGE); before,
 * nothing, as inet_csk_accept() did then.
 */
#ifdef XTCP_HAVE_KMEM_CACHE_CHARGE
static inline void xtcp_compat_kmem_cache_charge(void *obj, gfp_t gfp)
{
	kmem_cache_charge(obj, gfp);
}
#else
static inline void xtcp_compat_kmem_cache_charge(void *obj, gfp_t gfp)
{
}
#endif

/*
 * XTCP_CTL_TABLE - the table a sysctl handler gets: const from 6.11 on
 * (module/Kbuild defines XTCP_HAVE_CONST_CTL_TABLE where proc_handler
 * takes it so).
 */
#ifdef XTCP_HAVE_CONST_CTL_TABLE
#define XTCP_CTL_TABLE	const struct ctl_table
#else
#define XTCP_CTL_TABLE	struct ctl_table
#endif

/*
 * xtcp_compat_inet_diag_owner() - name the module of a struct
 * inet_diag_handler: from 6.9 on inet_diag pins it while it calls the
 * handler, instead of holding a mutex (module/Kbuild defines
 * XTCP_HAVE_INET_DIAG_OWNER where the struct has the field).
 */
#ifdef XTCP_HAVE_INET_DIAG_OWNER
#define xtcp_compat_inet_diag_owner(h)	((h)->owner = THIS_MODULE)
#else
#define xtcp_compat_inet_diag_owner(h)	do { } while (0)
#endif

/*
 * xtcp_compat_ipv6_pinfo_offset() - tell inet6_create() where the
 * ipv6_pinfo of an AF_INET6 socket is; xtcp_compat_inet6_pinfo() - find
 * it. 6.1 takes it at the end of the object (inet6_sk_generic(): the
 * struct must end with it); from 6.7 on struct proto says where
 * (ipv6_pinfo_offset; module/Kbuild defines XTCP_HAVE_IPV6_PINFO_OFFSET).
 */
#ifdef XTCP_HAVE_IPV6_PINFO_OFFSET
static inline void xtcp_compat_ipv6_pinfo_offset(struct proto *prot,
						 unsigned int offset)
{
	prot->ipv6_pinfo_offset = offset;
}

static inline struct ipv6_pinfo *xtcp_compat_inet6_pinfo(struct sock *sk)
{
	return (struct ipv6_pinfo *)((u8 *)sk + sk->sk_prot->ipv6_pinfo_offset);
}
#else
static inline void xtcp_compat_ipv6_pinfo_offset(struct proto *prot,
						 unsigned int offset)
{
}

static inline struct ipv6_pinfo *xtcp_compat_inet6_pinfo(struct sock *sk)
{
	return (struct ipv6_pinfo *)((u8 *)sk + sk->sk_prot->obj_size -
				     sizeof(struct ipv6_pinfo));
}
#endif

/*
 * xtcp_compat_forget_fl_list() - a listener's child gets none of its
 * IPv6 flow labels: their list is the ipv6_pinfo's in 6.1, the
 * inet_sock's from 6.6 on (module/Kbuild defines XTCP_HAVE_INET_FL_LIST).
 */
#ifdef XTCP_HAVE_INET_FL_LIST
static inline void xtcp_compat_forget_fl_list(struct sock *sk)
{
	RCU_INIT_POINTER(inet_sk(sk)->ipv6_fl_list, NULL);
}
#else
static inline void xtcp_compat_forget_fl_list(struct sock *sk)
{
	RCU_INIT_POINTER(inet6_sk(sk)->ipv6_fl_list, NULL);
}
#endif

/*
 * splice() and sendfile(): from 6.5 on the socket gets sendmsg() with
 * MSG_SPLICE_PAGES and an iterator over the pipe's pages, which
 * skb_splice_from_iter() references; before, struct proto's sendpage
 * (inet_sendpage()) got one page at a time, and xtcp_stream_sendpage()
 * makes it such a write (XTCP_HAVE_SENDPAGE; zerocopy.c has
 * xtcp_compat_splice_pages() there). XTCP_PROTO_SENDPAGE and
 * XTCP_OPS_SENDPAGE are the methods in struct proto and proto_ops.
 * module/Kbuild defines XTCP_HAVE_SPLICE_FROM_ITER where the kernel has
 * skb_splice_from_iter(): 6.1 defines MSG_SPLICE_PAGES (only for
 * sendmsg() to take it out of the user's flags) but splices by sendpage.
 */
#ifdef XTCP_HAVE_SPLICE_FROM_ITER
static inline bool xtcp_compat_msg_splice(const struct msghdr *msg)
{
	return msg->msg_flags & MSG_SPLICE_PAGES;
}

static inline ssize_t xtcp_compat_splice_pages(struct sk_buff *skb,
					       struct iov_iter *iter,
					       ssize_t len, gfp_t gfp)
{
	return skb_splice_from_iter(skb, iter, len, gfp);
}

#define XTCP_PROTO_SENDPAGE
#define XTCP_OPS_SENDPAGE
#else
#define XTCP_HAVE_SENDPAGE

static inline bool xtcp_compat_msg_splice(const struct msghdr *msg)
{
	return false;
}

ssize_t xtcp_compat_splice_pages(struct sk_buff *skb, struct iov_iter *iter,
				 ssize_t len, gfp_t gfp);
int xtcp_stream_sendpage(struct sock *sk, struct page *page, int offset,
			 size_t size, int flags);

#define XTCP_PROTO_SENDPAGE	.sendpage = xtcp_stream_sendpage,
#define XTCP_OPS_SENDPAGE	.sendpage = inet_sendpage,
#endif

/*
 * xtcp_compat_custom_sockopt() - the socket's SOL_SOCKET options go to
 * its proto_ops.setsockopt (SOCK_CUSTOM_SOCKOPT, from 6.2 on; 6.1 gives
 * that to MPTCP alone); xtcp_compat_inet_accept() - inet_accept(), and
 * the same for the accepted socket. 6.10 put accept's arguments in a
 * struct proto_accept_arg.
 */
#ifdef SOCK_CUSTOM_SOCKOPT
static inline void xtcp_compat_custom_sockopt(struct socket *sock)
{
	set_bit(SOCK_CUSTOM_SOCKOPT, &sock->flags);
}
#else
static inline void xtcp_compat_custom_sockopt(struct socket *sock)
{
}
#endif

#ifdef XTCP_HAVE_PROTO_ACCEPT_ARG
static inline int xtcp_compat_inet_accept(struct socket *sock,
					  struct socket *newsock,
					  struct proto_accept_arg *arg)
{
	int err = inet_accept(sock, newsock, arg);

	if (!err)
		xtcp_compat_custom_sockopt(newsock);
	return err;
}
#else
static inline int xtcp_compat_inet_accept(struct socket *sock,
					  struct socket *newsock, int flags,
					  bool kern)
{
	int err = inet_accept(sock, newsock, flags, kern);

	if (!err)
		xtcp_compat_custom_sockopt(newsock);
	return err;
}
#endif

/*
 * xtcp_compat_defer_connect(), xtcp_compat_set_defer_connect() - Linux's
 * defer_connect, which __inet_stream_connect() reads (a SYN that
 * TCP_FASTOPEN_CONNECT held back until the first write): a bit field of
 * struct inet_sock before 6.6, a bit of its inet_flags since (module/Kbuild
 * defines XTCP_HAVE_INET_FLAGS_DEFER).
 */
#ifdef XTCP_HAVE_INET_FLAGS_DEFER
static inline bool xtcp_compat_defer_connect(const struct sock *sk)
{
	return inet_test_bit(DEFER_CONNECT, sk);
}

static inline void xtcp_compat_set_defer_connect(struct sock *sk, bool on)
{
	inet_assign_bit(DEFER_CONNECT, sk, on);
}
#else
static inline bool xtcp_compat_defer_connect(const struct sock *sk)
{
	return inet_sk(sk)->defer_connect;
}

static inline void xtcp_compat_set_defer_connect(struct sock *sk, bool on)
{
	inet_sk(sk)->defer_connect = on;
}
#endif

#endif /* _XTCP_COMPAT_H */
