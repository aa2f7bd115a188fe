/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: the event clock, one reading of CLOCK_MONOTONIC per event.
 *
 * An event is what the socket lock is taken for: a segment arriving
 * (xtcp_sock_rcv()), data to send (xtcp_sock_push_mode()), what the state
 * machine asked for (xtcp_sock_apply()), a timer's work (timers.c). Its
 * code reads the time many times (the send time of each segment, TSval,
 * the round-trip time samples, RACK, the rate sample, the deadline of
 * each timer armed); reading the clock source each time cost more than
 * the rest of an exchange of one octet each way under QEMU's emulation,
 * whose clock source (HPET) is an emulated device: ~24 readings per
 * request and answer where Linux's TCP takes 6 (counted with ftrace,
 * make bench's rr). As tcp_mstamp_refresh() does for Linux's TCP, the
 * outermost event on a socket reads the clock once, on entry, and
 * everything it does on that socket takes that time: the time an event
 * began, at most the length of the event behind the true time, which
 * errs on the safe side (a timer armed from it may expire that much
 * early, a round-trip time sample is that much longer).
 *
 * Outside an event the clock is read afresh, as before. Events nest (a
 * segment's processing pushes data, which applies what the state machine
 * said): only the outermost reads. TSvals stay non-decreasing: every
 * reading, cached or not, comes from one monotonic clock, and a socket's
 * events do not overlap (its lock).
 *
 * &xtcp_sock.clock_ns and &xtcp_sock.clock_depth belong to the owner of
 * the socket lock, as the TCB does.
 */
#ifndef _XTCP_CLOCK_H
#define _XTCP_CLOCK_H

#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>

#include "sock.h"

/**
 * xtcp_clock_enter() - an event on @sk begins
 * @sk: the socket, locked
 *
 * The outermost event reads the clock. Every call is paired with one of
 * xtcp_clock_exit().
 */
static inline void xtcp_clock_enter(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->clock_depth++)
		xs->clock_ns = ktime_get_ns();
}

/**
 * xtcp_clock_exit() - the event xtcp_clock_enter() began is over
 * @sk: the socket, locked
 */
static inline void xtcp_clock_exit(struct sock *sk)
{
	xtcp_sk(sk)->clock_depth--;
}

/**
 * xtcp_clock_ns() - the time now, as far as @sk's event is concerned
 * @sk: the socket, locked
 *
 * Return: CLOCK_MONOTONIC in nanoseconds: when the current event began,
 * or read now outside of any.
 */
static inline u64 xtcp_clock_ns(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	return xs->clock_depth ? xs->clock_ns : ktime_get_ns();
}

/**
 * xtcp_clock_us() - xtcp_clock_ns() in microseconds
 * @sk: the socket, locked
 *
 * Return: the time, in microseconds.
 */
static inline u64 xtcp_clock_us(const struct sock *sk)
{
	return div_u64(xtcp_clock_ns(sk), NSEC_PER_USEC);
}

/**
 * xtcp_clock_ms() - xtcp_clock_ns() in milliseconds, the clock of TSvals
 * @sk: the socket, locked
 *
 * Return: the time in milliseconds, truncated to 32 bits (as
 * xtcp_ts_clock_ms()).
 */
static inline u32 xtcp_clock_ms(const struct sock *sk)
{
	return div_u64(xtcp_clock_ns(sk), NSEC_PER_MSEC);
}

/**
 * xtcp_clock_at() - a deadline @ms from now, for an hrtimer armed by @sk
 * @sk: the socket, locked
 * @ms: milliseconds from now
 *
 * Return: the absolute CLOCK_MONOTONIC time.
 */
static inline ktime_t xtcp_clock_at(const struct sock *sk, u32 ms)
{
	return ktime_add_ms(ns_to_ktime(xtcp_clock_ns(sk)), ms);
}

#endif /* _XTCP_CLOCK_H */
