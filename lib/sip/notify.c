/* sip/notify.c — NOTIFY push content → application, inside the NUA callback (R-NOT-1).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/notify.h"

#include <sofia-sip/sip_header.h>

#include "delivery-private.h"
#include "sip/admission.h"
#include "sip/headers.h"

static void
delivery_done (SipPushDelivery *delivery, guint status, const char *reason, gpointer data)
{
  const SipPushShared *shared = data;
  if (status < 300)
    return;
  SipPushRefusal refusal
      = { .status = status, .reason = reason ? reason : "Refused by its application" };
  SipPushAdmission facts = { .sender = (gchar *) sippush_delivery_get_sender (delivery),
                             .ari = (gchar *) sippush_delivery_get_ari (delivery) };
  sippush_refuse (shared, NULL, SIPPUSH_METHOD_NOTIFY, TRUE, &refusal, &facts);
}

void
sippush_notify_dispatch (const SipPushShared *shared, const sip_t *sip,
                         const gchar *const *subscription_aris)
{
  /* The stack has answered 200 already; a late retransmission of a NOTIFY delivered
   * before is not delivered again (sip/repeats.h). */
  guint64 key
      = sippush_repeats_wanted (shared->nua) ? sippush_repeats_key (shared->repeats, sip) : 0;
  if (key && sippush_repeats_seen (shared->repeats, key))
    return;
  g_auto (SipPushAdmission) admission = { 0 };
  g_auto (SipPushRefusal) refusal = { 0 };
  if (!sippush_admit (shared, SIPPUSH_METHOD_NOTIFY, sip, subscription_aris, &admission, &refusal))
    {
      sippush_refuse (shared, NULL, SIPPUSH_METHOD_NOTIFY, TRUE, &refusal, &admission);
      return;
    }

  g_autoptr (GBytes) body = g_bytes_new (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  SipPushApp *app = admission.app;
  SipPushDeliveryInfo info
      = sippush_admission_delivery_info (&admission, SIPPUSH_METHOD_NOTIFY, sip, body);
  g_autoptr (SipPushDelivery) delivery
      = sippush_delivery_new (&info, delivery_done, (gpointer) shared);
  if (key)
    sippush_repeats_note (shared->repeats, key);
  app->callback (shared->receiver, delivery, app->user_data);
  /* B5: the 200 is gone already; what the application has not taken now is lost. */
  sippush_delivery_complete (delivery, 500, "Application did not take the NOTIFY in its callback");
}
