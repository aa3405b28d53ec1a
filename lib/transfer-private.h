/* transfer-private.h — how the receiver makes and updates the object the transfer
 * signals report. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

/* @app_id (NULL: catch-all) and @file_name (NULL: none offered) are copied; @size 0 =
 * unknown. */
SipPushTransfer *sippush_transfer_new (const char *app_id, const char *file_name, guint64 size);

/* Each notifies its property when the value changes. */
void sippush_transfer_set_size (SipPushTransfer *transfer, guint64 size);
void sippush_transfer_set_received (SipPushTransfer *transfer, guint64 received);
/* Marks the transfer failed with @reason (copied, not NULL). */
void sippush_transfer_set_failed (SipPushTransfer *transfer, const char *reason);
