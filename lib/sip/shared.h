/* sip/shared.h — what every SIP job module borrows from the stack: the NUA agent, the
 * application registry, the allow-list, the main context and the events interface.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sofia-sip/nua.h>
#include <sofia-sip/sip.h>
#include <sippush/sippush.h>

#include "core/dispatch.h"
#include "sip/events.h"
#include "sip/repeats.h"

typedef struct
{
  nua_t *nua;
  SipPushReceiver *receiver; /* only passed to application callbacks */
  SipPushDispatch *dispatch;
  GHashTable *trusted; /* sender keys (sippush_uri_key); empty = everyone */
  GMainContext *context;
  const SipPushEvents *events;
  SipPushRepeats *repeats; /* pushes acknowledged in the last 32 s */
} SipPushShared;

/* A server's Retry-After in seconds, 0 without one. */
static inline guint
sippush_sip_retry_after_s (const sip_t *sip)
{
  return sip && sip->sip_retry_after ? (guint) MIN (sip->sip_retry_after->af_delta, G_MAXUINT) : 0;
}
