/* sippush-refer.h — a REFER asking the device to subscribe.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>
#include <sippush/sippush-version.h>
#include <sippush/sippush-types.h>

G_BEGIN_DECLS

#define SIPPUSH_TYPE_REFER (sippush_refer_get_type ())
SIPPUSH_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipPushRefer, sippush_refer, SIPPUSH, REFER, GObject)

/**
 * SipPushRefer:
 *
 * A REFER that passed every check and asks the device to subscribe (R-REF-1): what the
 * host decides on, and what the receiver reports once decided. The accessors return data
 * owned by the refer.
 */

/**
 * sippush_refer_get_target:
 * @refer: a #SipPushRefer
 *
 * Gets the Refer-To URI the device would subscribe to, without `method=` and the embedded
 * headers. It belongs to @refer and lives as long as @refer.
 *
 * Returns: (transfer none): the Refer-To URI the device would subscribe to, without
 *   `method=` and the embedded headers
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_refer_get_target (SipPushRefer *refer);

/**
 * sippush_refer_get_sender:
 * @refer: a #SipPushRefer
 *
 * Gets the REFER's sender (P-Asserted-Identity, else From) as a bare URI. It belongs to
 * @refer and lives as long as @refer.
 *
 * Returns: (transfer none) (nullable): the REFER's sender (P-Asserted-Identity, else
 *   From) as a bare URI
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_refer_get_sender (SipPushRefer *refer);

/**
 * sippush_refer_get_accepted:
 * @refer: a #SipPushRefer
 *
 * Tells how #SipPushReceiver::refer-requested (or #SipPushReceiver:accept-refers) decided.
 *
 * Returns: %TRUE once the REFER has been accepted (`202`, the device subscribes); %FALSE
 *   while undecided or when it was declined (`603`)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_refer_get_accepted (SipPushRefer *refer);

G_END_DECLS
