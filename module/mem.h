/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the protocol's memory: net.xtcp.mem and memory pressure, as
 * Linux's tcp_mem.
 */
#ifndef _XTCP_MEM_H
#define _XTCP_MEM_H

#include <linux/percpu.h>
#include <linux/percpu_counter.h>
#include <linux/types.h>

struct sock;

/*
 * The least memory a socket keeps under pressure (between net.xtcp.mem's
 * second and third value), each way, in bytes: as tcp_rmem[0] and
 * tcp_wmem[0].
 */
#define XTCP_RMEM_MIN		4096
#define XTCP_WMEM_MIN		4096

extern long xtcp_sysctl_mem[3];
extern atomic_long_t xtcp_memory_allocated;
extern unsigned long xtcp_memory_pressure;
extern struct percpu_counter xtcp_sockets_allocated;
extern int xtcp_sysctl_rmem[1];
extern int xtcp_sysctl_wmem[1];
DECLARE_PER_CPU(int, xtcp_memory_per_cpu_fw_alloc);

void xtcp_mem_limits(unsigned long pages, long mem[3]);
int xtcp_mem_init(void);
void xtcp_mem_exit(void);
void xtcp_mem_enter_pressure(struct sock *sk);
void xtcp_mem_leave_pressure(struct sock *sk);
void xtcp_mem_inherit_memcg(const struct sock *lsk, struct sock *sk);
void xtcp_mem_accepted(struct sock *sk);
void xtcp_mem_sndbuf_expand(struct sock *sk);

#endif /* _XTCP_MEM_H */
