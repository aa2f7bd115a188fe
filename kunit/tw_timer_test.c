// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the 2MSL queues of TIME-WAIT entries (module/tw_timer.c)
 * on real entries of init_net: an entry's time left follows from its
 * place in the queue, a retransmitted FIN (a restart) moves it to the
 * tail, lowering msl_ms brings entries forward without reordering them,
 * and the queue's one timer ends every entry that is due: out of the
 * tables, the namespace's count back where it was. Load xtcp.ko first.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/inet.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "../module/hash.h"
#include "../module/net.h"
#include "../module/sock.h"
#include "../module/timers.h"
#include "../module/tw.h"
#include "socket_test.h"

MODULE_IMPORT_NS(XTCP_KUNIT);

#define LADDR	"127.0.0.1"
#define RADDR	"127.0.0.3"
#define LPORT	5911
#define RPORT	6911
#define ENTRIES	3

/* A TIME-WAIT entry for LADDR:LPORT -> RADDR:@rport, in init_net. */
static struct xtcp_tw *enter_tw(struct kunit *test, u16 rport)
{
	struct socket *sock = xtcp_kunit_tuple_sock(test, LADDR, LPORT, RADDR,
						    rport);
	struct xtcp_hash_entry e;
	bool found;

	xtcp_fsm_init(&xtcp_sk(sock->sk)->tcb, LPORT, rport, 1460);
	xtcp_sk(sock->sk)->tcb.state = TCP_TIME_WAIT;
	lock_sock(sock->sk);
	xtcp_tw_enter(sock->sk);
	release_sock(sock->sk);
	sock_release(sock);

	local_bh_disable();
	found = xtcp_kunit_lookup4(&init_net, in_aton(RADDR), htons(rport),
				   in_aton(LADDR), htons(LPORT), &e);
	local_bh_enable();
	KUNIT_ASSERT_TRUE(test, found);
	KUNIT_ASSERT_NOT_NULL(test, e.tw);
	return e.tw;		/* with the lookup's reference */
}

static bool in_tables(u16 rport)
{
	struct xtcp_hash_entry e;
	bool found;

	local_bh_disable();
	found = xtcp_kunit_lookup4(&init_net, in_aton(RADDR), htons(rport),
				   in_aton(LADDR), htons(LPORT), &e);
	local_bh_enable();
	xtcp_hash_entry_put(&e);
	return found;
}

/* The restart a retransmitted FIN causes (XTCP_ACT_TW_ARM), with 2MSL @ms. */
static void restart(struct xtcp_tw *tw, u32 ms)
{
	spin_lock_bh(&tw->lock);
	xtcp_timers_tw_entered(tw, ms);
	spin_unlock_bh(&tw->lock);
}

/*
 * Entries made one after the other have no less time left than the one
 * before; a restart with a longer 2MSL puts the first one last.
 */
static void xtcp_tw_timer_test_order(struct kunit *test)
{
	struct xtcp_tw *tw[ENTRIES];
	int i;

	for (i = 0; i < ENTRIES; i++)
		tw[i] = enter_tw(test, RPORT + i);
	for (i = 1; i < ENTRIES; i++)
		KUNIT_EXPECT_GE(test, xtcp_timers_tw_left(tw[i]),
				xtcp_timers_tw_left(tw[i - 1]));
	restart(tw[0], 2 * XTCP_MSL_MS_DEFAULT + 10000);
	KUNIT_EXPECT_GT(test, xtcp_timers_tw_left(tw[0]),
			xtcp_timers_tw_left(tw[ENTRIES - 1]));
	KUNIT_EXPECT_GT(test, xtcp_timers_tw_left(tw[0]),
			msecs_to_jiffies(2 * XTCP_MSL_MS_DEFAULT));
	for (i = 0; i < ENTRIES; i++) {
		xtcp_tw_kill(tw[i]);
		KUNIT_EXPECT_TRUE(test, list_empty(&tw[i]->timer_node));
		xtcp_tw_put(tw[i]);
		KUNIT_EXPECT_FALSE(test, in_tables(RPORT + i));
	}
}

/*
 * Lowering msl_ms: an entry that would outlive the new 2MSL has at most
 * that left; once it is due the queue's timer ends it, and every other
 * entry due, out of the tables and out of the namespace's count.
 */
static void xtcp_tw_timer_test_msl_lowered(struct kunit *test)
{
	struct xtcp_net *xn = xtcp_pernet(&init_net);
	int before = atomic_read(&xn->tw_count);
	struct xtcp_tw *tw[ENTRIES];
	int i, waited;

	for (i = 0; i < ENTRIES; i++)
		tw[i] = enter_tw(test, RPORT + i);
	KUNIT_EXPECT_EQ(test, atomic_read(&xn->tw_count), before + ENTRIES);
	KUNIT_EXPECT_GT(test, xtcp_timers_tw_left(tw[0]),
			msecs_to_jiffies(2 * XTCP_MSL_MS_DEFAULT - 5000));
	for (i = 0; i < ENTRIES; i++)
		xtcp_tw_put(tw[i]);	/* the tables keep theirs */

	xtcp_timers_tw_msl(xn, 40);
	for (waited = 0; waited < 5000; waited += 20) {
		for (i = 0; i < ENTRIES; i++)
			if (in_tables(RPORT + i))
				break;
		if (i == ENTRIES)
			break;
		msleep(20);
	}
	for (i = 0; i < ENTRIES; i++)
		KUNIT_EXPECT_FALSE(test, in_tables(RPORT + i));
	KUNIT_EXPECT_EQ(test, atomic_read(&xn->tw_count), before);
}

static struct kunit_case xtcp_tw_timer_test_cases[] = {
	KUNIT_CASE(xtcp_tw_timer_test_order),
	KUNIT_CASE(xtcp_tw_timer_test_msl_lowered),
	{}
};

static struct kunit_suite xtcp_tw_timer_test_suite = {
	.name = "xtcp_tw_timer",
	.test_cases = xtcp_tw_timer_test_cases,
};

kunit_test_suite(xtcp_tw_timer_test_suite);
