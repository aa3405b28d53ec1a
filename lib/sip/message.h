/* sip/message.h — MESSAGE pushes: route, hand over, answer once the app has it (R-MSG-1…3,
 * R-DSP-4). SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sofia-sip/nua.h>
#include <sippush/sippush.h>

#include "core/dispatch.h"

typedef struct _SipPushMessages SipPushMessages;

typedef struct
{
  guint delivery_timeout_s; /* an unanswered delivery is answered 500 after this */
  guint max_pending;        /* deliveries waiting for their app; beyond → 503 */
} SipPushMessageLimits;

/* @trusted: sender keys (sippush_uri_key) of the allow-list, empty = everyone. Both
 * @dispatch and @trusted are borrowed from the receiver and outlive this object. */
SipPushMessages *sippush_messages_new (SipPushReceiver *receiver, SipPushDispatch *dispatch,
                                       GHashTable *trusted, GMainContext *context,
                                       const SipPushMessageLimits *limits);

/* A nua_i_message event; @nh was created by the stack for this request. */
void sippush_messages_handle (SipPushMessages *messages, nua_t *nua, nua_handle_t *nh,
                              const sip_t *sip);

/* Answers every delivery still waiting for its application 503 (shutdown). */
void sippush_messages_abort_all (SipPushMessages *messages);

void sippush_messages_free (SipPushMessages *messages);
