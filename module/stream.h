/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the data calls of a socket (stream.c).
 */
#ifndef _XTCP_STREAM_H
#define _XTCP_STREAM_H

#include <linux/poll.h>
#include <linux/types.h>

struct msghdr;
struct sock;
struct socket;

int xtcp_stream_sendmsg(struct sock *sk, struct msghdr *msg, size_t len);
int xtcp_stream_queue_syn(struct sock *sk, struct msghdr *msg, int len);
int xtcp_stream_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			int flags, int *addr_len);
void xtcp_stream_write_space(struct sock *sk);
bool xtcp_stream_memory_free(const struct sock *sk, int wake);
int xtcp_stream_ioctl(struct socket *sock, unsigned int cmd,
		      unsigned long arg);
__poll_t xtcp_stream_poll(struct file *file, struct socket *sock,
			  poll_table *wait);

#endif /* _XTCP_STREAM_H */
