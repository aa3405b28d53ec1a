/* sip/message.h — MESSAGE pushes: admit, hand over, answer once the app has it (R-MSG-1…3,
 * R-DSP-4). SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "sip/shared.h"

typedef struct _SipPushMessages SipPushMessages;

typedef struct
{
  guint delivery_timeout_s; /* an unanswered delivery is answered 500 after this */
  guint max_pending;        /* deliveries waiting for their app; beyond → 503 */
} SipPushMessageLimits;

/* @shared is the stack's and outlives this object. */
SipPushMessages *sippush_messages_new (const SipPushShared *shared,
                                       const SipPushMessageLimits *limits);

/* A nua_i_message event out of a dialog; @nh was created by the stack for this request. */
void sippush_messages_handle (SipPushMessages *messages, nua_handle_t *nh, const sip_t *sip);

/* Answers every delivery still waiting for its application 503 (shutdown). */
void sippush_messages_abort_all (SipPushMessages *messages);

void sippush_messages_free (SipPushMessages *messages);
