/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: what the two halves of the state machine share. fsm.c (application
 * calls, timers) defines these output helpers; fsm_rcv.c (segment arrival)
 * uses them too. Only fsm.c and fsm_rcv.c include this header; everybody
 * else uses fsm.h.
 */
#ifndef _XTCP_FSM_PRIV_H
#define _XTCP_FSM_PRIV_H

#include "fsm.h"

void xtcp_fsm_send_ack(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);
void xtcp_fsm_send_synack(const struct xtcp_tcb *tcb,
			  struct xtcp_fsm_out *out);
void xtcp_fsm_arm_rtx(const struct xtcp_tcb *tcb, struct xtcp_fsm_out *out);
void xtcp_fsm_stop_rtx(struct xtcp_fsm_out *out);
void xtcp_fsm_to_closed(struct xtcp_tcb *tcb, struct xtcp_fsm_out *out,
			int err);

#endif /* _XTCP_FSM_PRIV_H */
