/* sippush-transfer.h — a file coming in over MSRP.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>
#include <sippush/sippush-version.h>
#include <sippush/sippush-types.h>

G_BEGIN_DECLS

#define SIPPUSH_TYPE_TRANSFER (sippush_transfer_get_type ())
SIPPUSH_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipPushTransfer, sippush_transfer, SIPPUSH, TRANSFER, GObject)

/**
 * SipPushTransfer:
 *
 * One accepted file on its way in over MSRP, as #SipPushReceiver::transfer-progress and
 * #SipPushReceiver::transfer-failed report it. The receiver updates it as bytes arrive
 * (#SipPushTransfer:received is notified); the application only reads it. The accessors
 * return data owned by the transfer.
 */

/**
 * sippush_transfer_get_app_id:
 * @transfer: a #SipPushTransfer
 *
 * Gets the ARI of the application the file is for, or %NULL for the catch-all application.
 * It belongs to @transfer and lives as long as @transfer.
 *
 * Returns: (transfer none) (nullable): the ARI of the application the file is for, or
 *   %NULL for the catch-all application
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_transfer_get_app_id (SipPushTransfer *transfer);

/**
 * sippush_transfer_get_file_name:
 * @transfer: a #SipPushTransfer
 *
 * Gets the file name as offered (unsanitised: never use it as a path), or %NULL when the
 * offer named none. It belongs to @transfer and lives as long as @transfer.
 *
 * Returns: (transfer none) (nullable): the file name as offered (unsanitised: never use it
 *   as a path), or %NULL when the offer named none
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_transfer_get_file_name (SipPushTransfer *transfer);

/**
 * sippush_transfer_get_size:
 * @transfer: a #SipPushTransfer
 *
 * Gets the file's size in bytes, or 0 while it is unknown.
 *
 * Returns: the file's size in bytes, or 0 while it is unknown
 */
SIPPUSH_AVAILABLE_IN_ALL
guint64 sippush_transfer_get_size (SipPushTransfer *transfer);

/**
 * sippush_transfer_get_received:
 * @transfer: a #SipPushTransfer
 *
 * Gets the bytes received so far.
 *
 * Returns: the bytes received so far
 */
SIPPUSH_AVAILABLE_IN_ALL
guint64 sippush_transfer_get_received (SipPushTransfer *transfer);

/**
 * sippush_transfer_get_reason:
 * @transfer: a #SipPushTransfer
 *
 * Gets why the transfer failed (a size or SHA-1 mismatch, an abort by the sender, a lost
 * connection, the session's end, the receiver's stop, a refusal by the application), or
 * %NULL while it has not failed. It belongs to @transfer and lives as long as @transfer.
 *
 * Returns: (transfer none) (nullable): why the transfer failed (a size or SHA-1 mismatch,
 *   an abort by the sender, a lost connection, the session's end, the receiver's stop, a
 *   refusal by the application), or %NULL while it has not failed
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_transfer_get_reason (SipPushTransfer *transfer);

G_END_DECLS
