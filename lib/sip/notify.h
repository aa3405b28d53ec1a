/* sip/notify.h — push content carried by NOTIFY (R-NOT-1, R-DSP-1, R-DSP-4).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "sip/shared.h"

/* Hands the body of an in-dialog NOTIFY to its application, synchronously (trap B5:
 * sofia has already answered 200, so the application must have stored the content when
 * its callback returns). The routing order (sippush_admit()): the ARIs of Accept-Contact
 * (both feature tags); else the ARIs of the Event header's event-app-id parameter; else
 * the subscription's own ARI when it names exactly one (@subscription_aris); else the
 * first application whose accept types list the content type; else the default
 * application (then the catch-all). A NOTIFY from a sender outside the allow-list, one
 * that no application takes, or one its application does not accept inside the callback
 * is stored nowhere and reported as a rejection with method NOTIFY and the status that
 * would have been sent (403, 480, 415, 400, 500). */
void sippush_notify_dispatch (const SipPushShared *shared, const sip_t *sip,
                              const gchar *const *subscription_aris);
