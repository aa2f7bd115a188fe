/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: what differs by address family, behind one ops table per family
 * (ipv4.c, ipv6.c), as tcp_ipv4.c and tcp_ipv6.c fill an
 * inet_connection_sock_af_ops each. The state machine, the data path and
 * the tables never ask which family a socket is of: they call its
 * &xtcp_sock.af.
 *
 * The tables key every connection by a struct xtcp_addrs, whose addresses
 * are IPv6 ones, an IPv4 address in its v4-mapped form (::ffff:a.b.c.d,
 * RFC 4291 2.5.5.2), so one set of tables holds both families.
 */
#ifndef _XTCP_AF_H
#define _XTCP_AF_H

#include <linux/in6.h>
#include <linux/sockptr.h>
#include <linux/socket.h>
#include <linux/types.h>
#include <net/ipv6.h>

struct dst_entry;
struct net;
struct sk_buff;
struct sock;
struct sockaddr;
struct xtcp_icmp_msg;
struct xtcp_seg;

/**
 * struct xtcp_addrs - a connection's addresses and ports, as we see them
 * @laddr: the local address (IPv4: v4-mapped)
 * @raddr: the foreign address (IPv4: v4-mapped)
 * @lport: the local port
 * @rport: the foreign port
 *
 * 36 octets with no hole, hashed as nine words (hash.c).
 */
struct xtcp_addrs {
	struct in6_addr	laddr;
	struct in6_addr	raddr;
	__be16		lport;
	__be16		rport;
};

/**
 * struct xtcp_af_ops - what differs by address family
 * @family: AF_INET or AF_INET6
 * @net_header_len: the network header in front of every segment
 * @gso_type: the gso_type of an aggregate sent in the family (gso.h)
 * @sk_addrs: fill the addresses of a socket (ports too)
 * @skb_addrs: fill the addresses of an arriving segment (from its
 *	network header; local is its destination), not its ports
 * @skb_unicast: an arriving segment went to a unicast address
 * @skb_csum_ok: its checksum verifies, with protocol @proto in the
 *	pseudo-header (skb_checksum_validate())
 * @skb_tos: its TOS (traffic class), for a reset answering it
 * @connect: check a connect() address, route to it, set the socket's
 *	addresses and route (sk_setup_caps()); Return: 0 or -errno
 * @clear_addrs: forget the foreign address, and the local one unless
 *	bind() set it (a failed connect(), disconnect)
 * @init_child: set a listener's new child's addresses from the SYN
 * @route_mss: the MSS to offer on the route to a peer (@a's raddr)
 * @send_check: set a socket's segment's checksum with protocol @proto in
 *	the pseudo-header, left to the device if @partial
 * @queue_xmit: send a socket's segment on its route
 * @send_ctl: send @skb, a segment of no socket from @a's laddr to its
 *	raddr, with its checksum (the namespace's control socket)
 * @listen_score: 2 if a listener takes segments to @laddr by its bound
 *	address, 1 by its wildcard, 0 not at all
 * @policy_check: the IPsec input policy of @sk (or NULL) lets @skb in
 * @port_hash: the keyed hash that starts connect()'s port search
 *	(RFC 6056 algorithm 4)
 * @setsockopt: the family's own level (SOL_IP, SOL_IPV6) of setsockopt()
 * @getsockopt: and of getsockopt()
 * @sock_destruct: the family's part of sk_destruct
 * @icmp_pmtu: the route of a connection learns the path MTU an ICMP error
 *	gave (icmp.c); Return: the route if the send MSS is to follow it,
 *	else NULL (the socket ignores path MTUs, or the MTU is no news)
 * @icmp_queue: put an ICMP error that ends connect() on the socket's error
 *	queue (MSG_ERRQUEUE), as the family's TCP does
 * @icmp_redirect: the route follows a redirect (@skb, the ICMP message)
 * @recverr: IP_RECVERR (IPV6_RECVERR) is set: soft errors are the
 *	socket's error at once
 */
struct xtcp_af_ops {
	sa_family_t	family;
	u16		net_header_len;
	unsigned int	gso_type;
	void	(*sk_addrs)(const struct sock *sk, struct xtcp_addrs *a);
	void	(*skb_addrs)(const struct sk_buff *skb, struct xtcp_addrs *a);
	bool	(*skb_unicast)(struct sk_buff *skb);
	bool	(*skb_csum_ok)(struct sk_buff *skb, u8 proto);
	u8	(*skb_tos)(const struct sk_buff *skb);
	int	(*connect)(struct sock *sk, struct sockaddr *uaddr, int len);
	void	(*clear_addrs)(struct sock *sk);
	void	(*init_child)(struct sock *child, const struct sk_buff *skb);
	u16	(*route_mss)(struct net *net, const struct xtcp_addrs *a);
	void	(*send_check)(struct sock *sk, struct sk_buff *skb, u8 proto,
			      bool partial);
	int	(*queue_xmit)(struct sock *sk, struct sk_buff *skb);
	int	(*send_ctl)(struct net *net, bool interop,
			    const struct xtcp_addrs *a, u8 tos,
			    struct sk_buff *skb);
	int	(*listen_score)(const struct sock *sk,
				const struct in6_addr *laddr);
	bool	(*policy_check)(struct sock *sk, struct sk_buff *skb);
	u64	(*port_hash)(const struct sock *sk);
	int	(*setsockopt)(struct sock *sk, int level, int optname,
			      sockptr_t optval, unsigned int optlen);
	int	(*getsockopt)(struct sock *sk, int level, int optname,
			      char __user *optval, int __user *optlen);
	void	(*sock_destruct)(struct sock *sk);
	struct dst_entry *(*icmp_pmtu)(struct sock *sk, u32 mtu);
	void	(*icmp_queue)(struct sock *sk, const struct xtcp_icmp_msg *m);
	void	(*icmp_redirect)(struct sock *sk, struct sk_buff *skb);
	bool	(*recverr)(const struct sock *sk);
};

extern const struct xtcp_af_ops xtcp_ipv4_ops;
extern const struct xtcp_af_ops xtcp_ipv6_ops;

void xtcp_input_rcv(const struct xtcp_af_ops *af, struct sk_buff *skb,
		    u8 proto);
int xtcp_ipv6_register(void);
void xtcp_ipv6_unregister(void);

/**
 * xtcp_addr_loopback() - is an address a loopback one (127/8 or ::1)?
 * @a: the address, IPv4 as v4-mapped
 *
 * Return: true if it is.
 */
static inline bool xtcp_addr_loopback(const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		return ipv4_is_loopback(a->s6_addr32[3]);
	return ipv6_addr_loopback(a);
}

/**
 * xtcp_addrs_set4() - fill a struct xtcp_addrs from IPv4 addresses
 * @a: the addresses
 * @laddr: local address
 * @lport: local port
 * @raddr: foreign address
 * @rport: foreign port
 */
static inline void xtcp_addrs_set4(struct xtcp_addrs *a, __be32 laddr,
				   __be16 lport, __be32 raddr, __be16 rport)
{
	ipv6_addr_set_v4mapped(laddr, &a->laddr);
	ipv6_addr_set_v4mapped(raddr, &a->raddr);
	a->lport = lport;
	a->rport = rport;
}

#endif /* _XTCP_AF_H */
