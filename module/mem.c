// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp: the protocol's memory, as Linux's TCP counts its own (tcp_mem).
 *
 * Every socket's send and receive queues are charged to the protocol in
 * pages through the kernel's socket accounting (sk_wmem_schedule(),
 * sk_rmem_schedule(), sk_mem_charge(), sk_mem_uncharge(), in stream.c and
 * sock.c): xtcp_memory_allocated, with a per-CPU cache in front of it
 * (per_cpu_fw_alloc, drained every net.core.mem_pcpu_rsv pages, 1 MiB),
 * and, for a socket in a memory cgroup, to that cgroup ("sock" in
 * memory.stat). The limits are net.xtcp.mem, three numbers of pages as
 * net.ipv4.tcp_mem: below the first no pressure; past the second the
 * protocol is under pressure (receive queues are collapsed, senders wait
 * a little for room, sockets keep XTCP_RMEM_MIN and XTCP_WMEM_MIN); past
 * the third nothing more is granted, but the first segment into an empty
 * receive queue (sock.c). /proc/net/protocols shows the pages in use
 * ("memory") and the pressure; sockets_allocated counts the sockets alive,
 * for the share of the hard limit one may take under pressure.
 *
 * The cgroup of a socket is its creator's (sk_alloc()); a child a SYN
 * makes is charged to its listener's, from the SYN on, as Linux did up to
 * 5.8 and as 6.12 does for MPTCP's subflows (mem_cgroup_sk_inherit()).
 * Linux's TCP since 5.9 charges a child to the cgroup of the process that
 * accept()s it, from the accept() on, with calls a module cannot make
 * (mem_cgroup_sk_alloc() and mem_cgroup_charge_skmem() are not exported).
 */
#define pr_fmt(fmt) "xtcp: " fmt

#include <linux/jiffies.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <net/sock.h>

#include "compat.h"
#include "mem.h"
#include "mib.h"
#include "net.h"
#include "sock.h"

/** xtcp_sysctl_mem - net.xtcp.mem, in pages (proto.sysctl_mem) */
long xtcp_sysctl_mem[3] __read_mostly;
/** xtcp_memory_allocated - pages charged to xtcp (proto.memory_allocated) */
atomic_long_t xtcp_memory_allocated ____cacheline_aligned_in_smp;
/** xtcp_memory_pressure - jiffies when pressure began, 0 if none */
unsigned long xtcp_memory_pressure __read_mostly;
/** xtcp_sockets_allocated - xtcp sockets alive (proto.sockets_allocated) */
struct percpu_counter xtcp_sockets_allocated ____cacheline_aligned_in_smp;
/** xtcp_sysctl_rmem - what a socket keeps under pressure (proto.sysctl_rmem) */
int xtcp_sysctl_rmem[1] __read_mostly = { XTCP_RMEM_MIN };
/** xtcp_sysctl_wmem - the same for the send side (proto.sysctl_wmem) */
int xtcp_sysctl_wmem[1] __read_mostly = { XTCP_WMEM_MIN };
DEFINE_PER_CPU(int, xtcp_memory_per_cpu_fw_alloc);

/**
 * xtcp_mem_limits() - net.xtcp.mem's default for a machine, as tcp_init_mem()
 * @pages: the machine's free buffer pages (nr_free_buffer_pages())
 * @mem: the three limits to set, in pages
 *
 * A sixteenth of @pages (at least 128) is where pressure begins; below
 * three quarters of it there is none; twice that is the hard limit:
 * 4.68 %, 6.25 % and 9.37 % of the memory, as Linux's tcp_mem.
 */
void xtcp_mem_limits(unsigned long pages, long mem[3])
{
	unsigned long limit = max(pages / 16, 128UL);

	mem[0] = limit / 4 * 3;
	mem[1] = limit;
	mem[2] = mem[0] * 2;
}

XTCP_KUNIT_EXPORT(xtcp_mem_limits);

/**
 * xtcp_mem_enter_pressure() - the protocol went past net.xtcp.mem[1]
 *	(proto.enter_memory_pressure)
 * @sk: the socket that asked for memory
 *
 * As tcp_enter_memory_pressure(): remembers when, and counts it
 * (TCPMemoryPressures).
 */
void xtcp_mem_enter_pressure(struct sock *sk)
{
	unsigned long val;

	if (READ_ONCE(xtcp_memory_pressure))
		return;
	val = jiffies ?: 1;
	if (!cmpxchg(&xtcp_memory_pressure, 0, val))
		XTCP_INC_STATS(sock_net(sk), XTCP_MIB_TCPMEMORYPRESSURES);
}

/**
 * xtcp_mem_leave_pressure() - back under net.xtcp.mem[0]
 *	(proto.leave_memory_pressure)
 * @sk: the socket that freed or asked for memory
 */
void xtcp_mem_leave_pressure(struct sock *sk)
{
	if (READ_ONCE(xtcp_memory_pressure))
		WRITE_ONCE(xtcp_memory_pressure, 0);
}

/**
 * xtcp_mem_inherit_memcg() - a child a SYN made is charged to its
 *	listener's memory cgroup
 * @lsk: the listener
 * @sk: the child, fresh from sk_clone_lock() (which left it none)
 *
 * Context: softirq; the caller holds a reference to @lsk, whose own
 * reference to its cgroup outlives this call.
 */
void xtcp_mem_inherit_memcg(const struct sock *lsk, struct sock *sk)
{
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg = READ_ONCE(lsk->sk_memcg);

	if (!mem_cgroup_sockets_enabled || !memcg || sk->sk_memcg)
		return;
	css_get(&memcg->css);
	sk->sk_memcg = memcg;
#endif
}

/**
 * xtcp_mem_accepted() - accept() took a child: charge the socket itself
 *	to the caller's memory cgroup
 * @sk: the child
 *
 * Made in softirq, the child's memory (the struct sock) was charged to no
 * cgroup; from 6.12 on inet_csk_accept() charges it to the caller's
 * (kmem_cache_charge()), and so does this. Nothing on 6.1, as Linux.
 */
void xtcp_mem_accepted(struct sock *sk)
{
#ifdef CONFIG_MEMCG
	if (mem_cgroup_sockets_enabled)
		xtcp_compat_kmem_cache_charge(sk, GFP_KERNEL | __GFP_NOFAIL);
#endif
}

/**
 * xtcp_mem_sndbuf_expand() - give a socket its send buffer back after
 *	pressure
 * @sk: the socket, locked
 *
 * Under pressure the kernel shrinks SO_SNDBUF to what is queued
 * (sk_stream_moderate_sndbuf()). TCP grows it again as ACKs come
 * (tcp_new_space()); xtcp, which does not autotune, gives back the size
 * the socket started with once the protocol is below net.xtcp.mem[0] and
 * its cgroup not under pressure, unless the user set SO_SNDBUF since.
 */
void xtcp_mem_sndbuf_expand(struct sock *sk)
{
	u32 goal = xtcp_sk(sk)->sndbuf_goal;

	if ((sk->sk_userlocks & SOCK_SNDBUF_LOCK) ||
	    READ_ONCE(sk->sk_sndbuf) >= goal || sk_under_memory_pressure(sk) ||
	    sk_memory_allocated(sk) >= sk_prot_mem_limits(sk, 0))
		return;
	WRITE_ONCE(sk->sk_sndbuf, goal);
}

/**
 * xtcp_mem_init() - net.xtcp.mem's default and the socket counter
 *
 * Context: before the struct proto is registered.
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_mem_init(void)
{
	xtcp_mem_limits(nr_free_buffer_pages(), xtcp_sysctl_mem);
	return percpu_counter_init(&xtcp_sockets_allocated, 0, GFP_KERNEL);
}

/**
 * xtcp_mem_exit() - free the socket counter; say if memory is still charged
 *
 * Context: after the last socket is freed.
 */
void xtcp_mem_exit(void)
{
	long pages = atomic_long_read(&xtcp_memory_allocated);
	int cpu;

	for_each_possible_cpu(cpu)
		pages += per_cpu(xtcp_memory_per_cpu_fw_alloc, cpu);
	if (pages)
		pr_warn("%ld pages still charged at unload\n", pages);
	percpu_counter_destroy(&xtcp_sockets_allocated);
}
