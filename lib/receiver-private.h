/* receiver-private.h — what the SIP job modules call back into the receiver.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

/* Emits SipPushReceiver::push-rejected (the status is the one sent on the wire). */
void sippush_receiver_emit_rejected (SipPushReceiver *receiver, SipPushMethod method, guint status,
                                     const char *reason);

/* Emits SipPushReceiver::transfer-failed. */
void sippush_receiver_emit_transfer_failed (SipPushReceiver *receiver, const char *app_id,
                                            const char *name, const char *reason);
/* Emits SipPushReceiver::transfer-progress (@total 0 = unknown). */
void sippush_receiver_emit_transfer_progress (SipPushReceiver *receiver, const char *app_id,
                                              const char *name, guint64 received, guint64 total);
