// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: socket options at the IPPROTO_TCP (SOL_TCP) level, with Linux
 * TCP's numbers and meanings, so programs written for TCP set them
 * unchanged:
 *
 * TCP_NODELAY (1)       int; turns Nagle's algorithm off (sock.c)
 * TCP_SYNCNT (7)        int 1-127; SYN retransmissions before connect()
 *                       fails with ETIMEDOUT
 * TCP_CONGESTION (13)   string; the congestion control algorithm (cong.h),
 *                       "reno" by default
 * TCP_USER_TIMEOUT (18) int, ms; how long data may stay unacknowledged
 *                       while retransmitted before the connection is
 *                       dropped with ETIMEDOUT (RFC 9293's R2 as a time);
 *                       0, the default, leaves it to the retry count
 *
 * Any other IPPROTO_TCP option gives ENOPROTOOPT; other levels go to the
 * IP layer.
 */
#include <linux/tcp.h>
#include <linux/uaccess.h>
#include <net/ip.h>
#include <net/sock.h>

#include "cong.h"
#include "sock.h"
#include "sockopt.h"

static int set_congestion(struct sock *sk, sockptr_t optval,
			  unsigned int optlen)
{
	char name[XTCP_CONG_NAME_MAX];
	const struct xtcp_cong_ops *ops, *old;
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (optlen < 1)
		return -EINVAL;
	optlen = min_t(unsigned int, optlen, sizeof(name) - 1);
	if (copy_from_sockptr(name, optval, optlen))
		return -EFAULT;
	name[optlen] = '\0';
	ops = xtcp_cong_get(name);
	if (!ops)
		return -ENOENT;
	lock_sock(sk);
	old = xs->cc.ops;
	xs->cc.ops = ops;
	if (ops->init && xs->tcb.state == TCP_ESTABLISHED)
		ops->init(&xs->cc);
	release_sock(sk);
	xtcp_cong_put(old);
	return 0;
}

static int set_int(struct sock *sk, int optname, int val)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err = 0;

	lock_sock(sk);
	switch (optname) {
	case TCP_NODELAY:
		xs->nodelay = !!val;
		if (xs->nodelay)
			xtcp_sock_push(sk);
		break;
	case TCP_SYNCNT:
		if (val < 1 || val > XTCP_SYNCNT_MAX) {
			err = -EINVAL;
			break;
		}
		xs->syn_retries = val;
		if (sk->sk_state == TCP_SYN_SENT)
			xs->tcb.syn_retries = val;
		break;
	case TCP_USER_TIMEOUT:
		if (val < 0)
			err = -EINVAL;
		else
			WRITE_ONCE(xs->user_timeout_ms, val);
		break;
	default:
		err = -ENOPROTOOPT;
	}
	release_sock(sk);
	return err;
}

/**
 * xtcp_setsockopt() - proto.setsockopt
 * @sk: the socket
 * @level: SOL_TCP for xtcp's options, else the IP layer's
 * @optname: the option
 * @optval: its value
 * @optlen: the value's length
 *
 * Return: 0 or a negative errno (EINVAL, EFAULT, ENOENT for an unknown
 * algorithm, ENOPROTOOPT for an option xtcp does not have).
 */
int xtcp_setsockopt(struct sock *sk, int level, int optname,
		    sockptr_t optval, unsigned int optlen)
{
	int val;

	if (level != SOL_TCP)
		return ip_setsockopt(sk, level, optname, optval, optlen);
	switch (optname) {
	case TCP_CONGESTION:
		return set_congestion(sk, optval, optlen);
	case TCP_NODELAY:
	case TCP_SYNCNT:
	case TCP_USER_TIMEOUT:
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	return set_int(sk, optname, val);
}

static int put_val(const void *val, int size, char __user *optval,
		   int __user *optlen)
{
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	len = min(len, size);
	if (put_user(len, optlen) || copy_to_user(optval, val, len))
		return -EFAULT;
	return 0;
}

/**
 * xtcp_getsockopt() - proto.getsockopt
 * @sk: the socket
 * @level: SOL_TCP for xtcp's options, else the IP layer's
 * @optname: the option
 * @optval: where the value goes
 * @optlen: in: room at @optval; out: the length written
 *
 * Return: 0 or a negative errno.
 */
int xtcp_getsockopt(struct sock *sk, int level, int optname,
		    char __user *optval, int __user *optlen)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	char name[XTCP_CONG_NAME_MAX];
	int val;

	if (level != SOL_TCP)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	switch (optname) {
	case TCP_NODELAY:
		val = READ_ONCE(xs->nodelay);
		break;
	case TCP_SYNCNT:
		val = READ_ONCE(xs->syn_retries) ?: XTCP_SYN_RETRIES;
		break;
	case TCP_USER_TIMEOUT:
		val = READ_ONCE(xs->user_timeout_ms);
		break;
	case TCP_CONGESTION:
		lock_sock(sk);
		strscpy_pad(name, xs->cc.ops->name, sizeof(name));
		release_sock(sk);
		return put_val(name, sizeof(name), optval, optlen);
	default:
		return -ENOPROTOOPT;
	}
	return put_val(&val, sizeof(val), optval, optlen);
}
