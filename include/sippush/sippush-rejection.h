/* sippush-rejection.h — a push (or a REFER) the receiver refused.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>
#include <sippush/sippush-version.h>
#include <sippush/sippush-types.h>
#include <sippush/sippush-delivery.h>

G_BEGIN_DECLS

#define SIPPUSH_TYPE_REJECTION (sippush_rejection_get_type ())
SIPPUSH_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipPushRejection, sippush_rejection, SIPPUSH, REJECTION, GObject)

/**
 * SipPushRejection:
 *
 * What #SipPushReceiver::push-rejected reports: a push that was not delivered, or a
 * REFER declined before the decision. It is read-only; the accessors return data owned
 * by the rejection, valid as long as it lives (take a reference to keep it past the
 * signal).
 */

/**
 * sippush_rejection_get_method:
 * @rejection: a #SipPushRejection
 *
 * Gets how the refused request came.
 *
 * Returns: how the refused request came
 */
SIPPUSH_AVAILABLE_IN_ALL
SipPushMethod sippush_rejection_get_method (SipPushRejection *rejection);

/**
 * sippush_rejection_get_status:
 * @rejection: a #SipPushRejection
 *
 * Gets the final status sent on the wire (for %SIPPUSH_METHOD_NOTIFY, the one the push
 * would have got: the stack had already answered `200`).
 *
 * Returns: the final status sent on the wire (for %SIPPUSH_METHOD_NOTIFY, the one the
 *   push would have got: the stack had already answered `200`)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_rejection_get_status (SipPushRejection *rejection);

/**
 * sippush_rejection_get_reason:
 * @rejection: a #SipPushRejection
 *
 * Gets why, in words, or %NULL. It belongs to @rejection and lives as long as @rejection.
 *
 * Returns: (transfer none) (nullable): why, in words, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_rejection_get_reason (SipPushRejection *rejection);

/**
 * sippush_rejection_get_sender:
 * @rejection: a #SipPushRejection
 *
 * Gets the sender's bare URI (P-Asserted-Identity, else From), or %NULL when it was not
 * known when the request was refused. It belongs to @rejection and lives as long as
 * @rejection.
 *
 * Returns: (transfer none) (nullable): the sender's bare URI (P-Asserted-Identity, else
 *   From), or %NULL when it was not known when the request was refused
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_rejection_get_sender (SipPushRejection *rejection);

/**
 * sippush_rejection_get_ari:
 * @rejection: a #SipPushRejection
 *
 * Gets the ARI the request named (the first one when it named several), or %NULL when it
 * named none or was refused before it was read. It belongs to @rejection and lives as long
 * as @rejection.
 *
 * Returns: (transfer none) (nullable): the ARI the request named (the first one when it
 *   named several), or %NULL when it named none or was refused before it was read
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_rejection_get_ari (SipPushRejection *rejection);

G_END_DECLS
