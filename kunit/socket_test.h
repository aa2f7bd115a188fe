/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the KUnit cases that open real xtcp sockets.
 */
#ifndef _XTCP_SOCKET_TEST_H
#define _XTCP_SOCKET_TEST_H

/* The IP protocol number xtcp.ko was loaded with (socket_test.c) */
extern int xtcp_kunit_protocol;

#endif /* _XTCP_SOCKET_TEST_H */
