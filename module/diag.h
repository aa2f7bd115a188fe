/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: what xtcp.ko gives its sock_diag module, xtcp_diag.ko (diag.c):
 * the walk of a namespace's sockets and TIME-WAIT entries, the lookup of
 * one, what ss shows of one beside its addresses, and its end. Exported
 * in the XTCP_DIAG symbol namespace; xtcp_diag.c is their only user, and
 * reads the rest (addresses, uid, inode, cookie) from struct sock and
 * struct xtcp_tw itself.
 */
#ifndef _XTCP_DIAG_H
#define _XTCP_DIAG_H

#include <linux/types.h>

#include "cong.h"
#include "hash.h"

struct net;
struct tcp_info;

/**
 * struct xtcp_diag_state - what inet_diag_msg says of an entry beside its
 *	addresses, as tcp_diag fills it
 * @timer: the timer running, as /proc/net/tcp's "tr": 1 retransmission,
 *	2 keepalive, 3 TIME-WAIT, 4 zero-window probe, 0 none
 * @retrans: with @timer 1, the retransmissions of the oldest segment;
 *	with 4, the zero-window probes not answered; with 2, the keepalive
 *	probes not answered (as tcp_diag's icsk_retransmits and
 *	icsk_probes_out)
 * @expires_ms: time left on @timer, in ms
 * @rqueue: octets not read yet; a listener's connections waiting for
 *	accept()
 * @wqueue: octets sent or queued and not acknowledged; a listener's
 *	backlog (listen()'s argument)
 * @cong: the congestion control's name, "" for a TIME-WAIT entry
 */
struct xtcp_diag_state {
	u8	timer;
	u8	retrans;
	u32	expires_ms;
	u32	rqueue;
	u32	wqueue;
	char	cong[XTCP_CONG_NAME_MAX];
};

u8 xtcp_diag_protocol(void);
bool xtcp_diag_next(const struct net *net, struct xtcp_hash_iter *it,
		    struct xtcp_hash_entry *e);
bool xtcp_diag_lookup(struct net *net, const struct xtcp_addrs *a,
		      struct xtcp_hash_entry *e);
void xtcp_diag_put(struct xtcp_hash_entry *e);
void xtcp_diag_get(const struct xtcp_hash_entry *e,
		   struct xtcp_diag_state *st, struct tcp_info *info);
void xtcp_diag_abort(const struct xtcp_hash_entry *e, int err);

#endif /* _XTCP_DIAG_H */
