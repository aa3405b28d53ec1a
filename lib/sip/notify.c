/* sip/notify.c — NOTIFY push content → application, inside the NUA callback (R-NOT-1).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/notify.h"

#include <string.h>
#include <sofia-sip/sip_header.h>

#include "core/ari.h"
#include "delivery-private.h"
#include "receiver-private.h"
#include "sip/headers.h"

#define APP_ID_PARAM "event-app-id="

static void
reject (SipPushReceiver *receiver, guint status, const char *reason)
{
  g_debug ("NOTIFY push not delivered: %u %s (the stack already answered 200)", status, reason);
  sippush_receiver_emit_rejected (receiver, SIPPUSH_METHOD_NOTIFY, status, reason);
}

/* Routing step 2: the event-app-id of the NOTIFY's Event header. */
static gchar **
event_aris (const sip_t *sip, GError **error)
{
  const char *v = sip->sip_event ? msg_params_find (sip->sip_event->o_params, APP_ID_PARAM) : NULL;
  if (v == NULL)
    return NULL;
  if (v[0] == '"')
    return sippush_ari_list_parse (v, strlen (v), error);
  if (!sippush_ari_is_valid (v))
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_LIST, "event-app-id is not an ARI");
      return NULL;
    }
  gchar **one = g_new0 (gchar *, 2);
  one[0] = g_strdup (v);
  return one;
}

static void
delivery_done (SipPushDelivery *delivery, guint status, const char *reason, gpointer data)
{
  if (status >= 300)
    reject (data, status, reason ? reason : "Refused by its application");
}

void
sippush_notify_dispatch (SipPushReceiver *receiver, SipPushDispatch *dispatch, GHashTable *trusted,
                         const sip_t *sip, const gchar *const *subscription_aris)
{
  g_autofree gchar *sender = sippush_sip_dup_sender (sip);
  if (sender == NULL)
    {
      reject (receiver, 400, "Missing sender");
      return;
    }
  if (!sippush_sip_sender_trusted (trusted, sip))
    {
      reject (receiver, 403, "Sender not allowed"); /* R-DSP-4 */
      return;
    }

  g_autoptr (GError) error = NULL;
  g_auto (GStrv) aris = sippush_sip_dup_aris (sip, &error);
  if (aris == NULL && error == NULL)
    aris = event_aris (sip, &error);
  if (error)
    {
      reject (receiver, 400, "Malformed push application id");
      return;
    }
  if (aris == NULL && subscription_aris && subscription_aris[0] && !subscription_aris[1])
    aris = g_strdupv ((gchar **) subscription_aris);

  g_autofree gchar *content_type = sippush_sip_dup_content_type (sip);
  g_autoptr (SipPushApp) app = NULL;
  const char *ari = NULL;
  if (aris || !sippush_dispatch_route_by_type (dispatch, content_type, &app))
    switch (sippush_dispatch_route (dispatch, (const gchar *const *) aris, &app, &ari))
      {
      case SIPPUSH_ROUTE_FOUND:
        break;
      case SIPPUSH_ROUTE_UNSERVED:
        reject (receiver, 480, "Push application not served");
        return;
      case SIPPUSH_ROUTE_NO_DEFAULT:
        reject (receiver, 480, "No default push application");
        return;
      }
  if (!sippush_app_accepts (app, content_type))
    {
      reject (receiver, 415, "Unsupported Media Type");
      return;
    }

  g_autoptr (GBytes) body = g_bytes_new (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  SipPushDeliveryInfo info = {
    .method = SIPPUSH_METHOD_NOTIFY,
    .ari = ari,
    .app_id = app->ari,
    .sender = g_steal_pointer (&sender),
    .content_type = g_steal_pointer (&content_type),
    .service_id = sippush_sip_dup_service_id (sip),
    .body = body,
  };
  g_autoptr (SipPushDelivery) delivery = sippush_delivery_new (&info, delivery_done, receiver);
  app->callback (receiver, delivery, app->user_data);
  /* B5: the 200 is gone already; what the application has not taken now is lost. */
  sippush_delivery_complete (delivery, 500, "Application did not take the NOTIFY in its callback");
}
