// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the SACK scoreboard and the samples of the segments in flight,
 * taken by a connection when it needs them and given back when it no
 * longer does (see ondemand.h).
 */
#include <linux/slab.h>
#include <net/sock.h>

#include "compat.h"
#include "ondemand.h"
#include "sock.h"

static struct kmem_cache *board_cache;
static struct kmem_cache *flight_cache;

/*
 * An object of @cache, zeroed if @gfp has __GFP_ZERO, charged to @sk as
 * its send queue is; NULL if the protocol's or the cgroup's memory, or
 * the allocator, refuses it.
 */
static void *charged_alloc(struct sock *sk, struct kmem_cache *cache,
			   gfp_t gfp)
{
	unsigned int size = kmem_cache_size(cache);
	void *p;

	if (!sk_wmem_schedule(sk, size))
		return NULL;
	p = kmem_cache_alloc(cache, gfp | GFP_ATOMIC | __GFP_NOWARN);
	if (p)
		sk_mem_charge(sk, size);
	return p;
}

/* Give back what charged_alloc() gave. */
static void charged_free(struct sock *sk, struct kmem_cache *cache, void *p)
{
	kmem_cache_free(cache, p);
	sk_mem_uncharge(sk, kmem_cache_size(cache));
}

/**
 * xtcp_ondemand_board() - the socket's SACK scoreboard, taken if need be
 * @sk: the socket, locked
 *
 * Call before recording a SACK block.
 *
 * Return: the scoreboard, or NULL if there is none and none could be
 * taken: the block is not recorded.
 */
struct xtcp_sack_board *xtcp_ondemand_board(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->sack_board)
		xs->sack_board = charged_alloc(sk, board_cache, __GFP_ZERO);
	return xs->sack_board;
}

/**
 * xtcp_ondemand_board_idle() - call after an ACK was taken onto the
 *	scoreboard
 * @sk: the socket, locked
 *
 * Gives the scoreboard back if it records nothing.
 */
void xtcp_ondemand_board_idle(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->sack_board && !xs->sack_board->n) {
		charged_free(sk, board_cache, xs->sack_board);
		xs->sack_board = NULL;
	}
}

/**
 * xtcp_ondemand_flight() - call before new data leaves
 * @sk: the socket, locked
 *
 * Takes the samples of the segments in flight if the socket has none: the
 * rate's ring, the congestion control's timed segments and RACK's
 * records point into them from now on. If none can be taken they stay NULL: no samples.
 *
 * The block is not zeroed: its three parts are rings or arrays whose
 * slots are written before they are read, up to their counts, which are
 * set here. A request/response connection takes it once a round trip,
 * and zeroing its ~850 octets cost more than taking it.
 */
void xtcp_ondemand_flight(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_flight *f;

	if (xs->rate.ring)
		return;
	f = charged_alloc(sk, flight_cache, 0);
	if (!f)
		return;
	f->rate.head = 0;
	f->rate.count = 0;
	f->timed.head = 0;
	f->timed.count = 0;
	f->rack.n = 0;
	xs->rate.ring = &f->rate;
	xs->cc.timed = &f->timed;
	xs->rack.segs = &f->rack;
}

/* Give the samples of the segments in flight back. */
static void flight_free(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->rate.ring)
		return;
	charged_free(sk, flight_cache,
		     container_of(xs->rate.ring, struct xtcp_flight, rate));
	xs->rate.ring = NULL;
	xs->cc.timed = NULL;
	xs->rack.segs = NULL;
}

/**
 * xtcp_ondemand_flight_idle() - call after an ACK was taken
 * @sk: the socket, locked
 *
 * With nothing in flight any more, the samples are given back: every
 * segment recorded was acknowledged, so they hold nothing.
 */
void xtcp_ondemand_flight_idle(struct sock *sk)
{
	struct xtcp_tcb *tcb = &xtcp_sk(sk)->tcb;

	if (tcb->snd_una == tcb->snd_nxt)
		flight_free(sk);
}

/**
 * xtcp_ondemand_free() - give back everything taken on demand
 * @sk: the socket, locked or being destroyed
 *
 * Call when the connection ends (xtcp_sock_done()) and, for a socket
 * destroyed without that, from its destructor.
 */
void xtcp_ondemand_free(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->sack_board) {
		charged_free(sk, board_cache, xs->sack_board);
		xs->sack_board = NULL;
	}
	flight_free(sk);
}

/**
 * xtcp_ondemand_init() - create the caches
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_ondemand_init(void)
{
	board_cache = kmem_cache_create("xtcp_sack_board",
					sizeof(struct xtcp_sack_board), 0, 0,
					NULL);
	if (!board_cache)
		return -ENOMEM;
	flight_cache = kmem_cache_create("xtcp_flight",
					 sizeof(struct xtcp_flight), 0, 0,
					 NULL);
	if (!flight_cache) {
		kmem_cache_destroy(board_cache);
		return -ENOMEM;
	}
	return 0;
}

/**
 * xtcp_ondemand_exit() - destroy the caches
 *
 * Context: after every socket was destroyed.
 */
void xtcp_ondemand_exit(void)
{
	kmem_cache_destroy(flight_cache);
	kmem_cache_destroy(board_cache);
}
