// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the socket interface: struct proto, struct proto_ops and the
 * inet_protosw that makes socket(AF_INET, SOCK_STREAM, xtcp_ipproto) open
 * an xtcp socket.
 *
 * Only socket creation and release exist so far; every other call answers
 * EOPNOTSUPP until the protocol is written.
 */
#include <linux/module.h>
#include <net/inet_common.h>
#include <net/protocol.h>
#include <net/sock.h>

#include "xtcp.h"

static void xtcp_close(struct sock *sk, long timeout)
{
	sk_common_release(sk);
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
	.owner		= THIS_MODULE,
	.close		= xtcp_close,
	.hash		= xtcp_hash,
	.unhash		= xtcp_unhash,
	.obj_size	= sizeof(struct xtcp_sock),
};

static const struct proto_ops xtcp_stream_ops = {
	.family		= PF_INET,
	.owner		= THIS_MODULE,
	.release	= inet_release,
	.bind		= sock_no_bind,
	.connect	= sock_no_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= sock_no_getname,
	.ioctl		= sock_no_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= sock_no_shutdown,
	.sendmsg	= sock_no_sendmsg,
	.recvmsg	= sock_no_recvmsg,
	.mmap		= sock_no_mmap,
};

static struct inet_protosw xtcp_protosw = {
	.type		= SOCK_STREAM,
	.prot		= &xtcp_prot,
	.ops		= &xtcp_stream_ops,
};

/**
 * xtcp_protocol_register() - make xtcp sockets available to users
 *
 * Return: 0 or a negative errno from proto_register().
 */
int xtcp_protocol_register(void)
{
	int err;

	err = proto_register(&xtcp_prot, 1);
	if (err)
		return err;
	xtcp_protosw.protocol = xtcp_ipproto;
	inet_register_protosw(&xtcp_protosw);
	return 0;
}

/**
 * xtcp_protocol_unregister() - withdraw xtcp sockets from users
 *
 * inet_unregister_protosw() waits for socket() calls still looking it up.
 */
void xtcp_protocol_unregister(void)
{
	inet_unregister_protosw(&xtcp_protosw);
	proto_unregister(&xtcp_prot);
}
