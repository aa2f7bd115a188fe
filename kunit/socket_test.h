/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the KUnit cases that open real xtcp sockets.
 */
#ifndef _XTCP_SOCKET_TEST_H
#define _XTCP_SOCKET_TEST_H

#include <linux/types.h>

struct kunit;
struct socket;

/* The IP protocol number xtcp.ko was loaded with (socket_test.c) */
extern int xtcp_kunit_protocol;

struct socket *xtcp_kunit_tuple_sock(struct kunit *test, const char *laddr,
				     u16 lport, const char *raddr, u16 rport);

#endif /* _XTCP_SOCKET_TEST_H */
