/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: sending without copying (zerocopy.c): MSG_ZEROCOPY and its
 * notifications, splice() and sendfile().
 */
#ifndef _XTCP_ZEROCOPY_H
#define _XTCP_ZEROCOPY_H

#include <linux/skbuff.h>
#include <linux/sockptr.h>

/*
 * XTCP_ZEROCOPY - SO_ZEROCOPY at xtcp's own level: on 6.1 the socket
 * layer lets no protocol but TCP's and UDP's set SO_ZEROCOPY (zerocopy.c)
 */
#define XTCP_ZEROCOPY		1001

/**
 * struct xtcp_zc - how one write queues its data
 * @uarg: MSG_ZEROCOPY on a socket with SO_ZEROCOPY: the notification the
 *	write's data carry (msg_zerocopy_realloc()), NULL otherwise
 * @pages: the data's pages are referenced (the user's pinned with @uarg,
 *	or the pipe's for splice()), not copied
 */
struct xtcp_zc {
	struct ubuf_info *uarg;
	bool pages;
};

int xtcp_zc_begin(struct sock *sk, struct msghdr *msg, size_t len,
		  bool splice, struct xtcp_zc *zc);
int xtcp_zc_fill(struct sock *sk, struct sk_buff *skb, struct msghdr *msg,
		 int len, const struct xtcp_zc *zc);
void xtcp_zc_end(struct xtcp_zc *zc, int copied);
bool xtcp_zc_may_append(const struct sk_buff *skb, const struct xtcp_zc *zc);
void xtcp_zc_copied(struct sk_buff *skb);
void xtcp_zc_seg(struct sk_buff *seg, struct ubuf_info *uarg, bool shared);
int xtcp_zc_setsockopt(struct sock *sk, sockptr_t optval,
		       unsigned int optlen);
void xtcp_zc_sock_init(struct sock *sk);
int xtcp_zc_sock_setsockopt(struct socket *sock, int level, int optname,
			    sockptr_t optval, unsigned int optlen);

#endif /* _XTCP_ZEROCOPY_H */
