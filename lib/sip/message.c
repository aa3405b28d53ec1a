/* sip/message.c — incoming MESSAGE → application → SIP final response.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/message.h"

#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>

#include "delivery-private.h"
#include "receiver-private.h"
#include "sip/headers.h"

struct _SipPushMessages
{
  SipPushReceiver *receiver;
  SipPushDispatch *dispatch;
  GHashTable *trusted;
  GMainContext *context;
  SipPushMessageLimits limits;
  GHashTable *pending; /* Pending* set */
};

/* One MESSAGE whose final response waits for its application. */
typedef struct
{
  SipPushMessages *owner;
  nua_t *nua;
  nua_handle_t *nh;
  nua_saved_event_t saved[1];
  SipPushDelivery *delivery;
  GSource *timeout;
} Pending;

SipPushMessages *
sippush_messages_new (SipPushReceiver *receiver, SipPushDispatch *dispatch, GHashTable *trusted,
                      GMainContext *context, const SipPushMessageLimits *limits)
{
  SipPushMessages *m = g_new0 (SipPushMessages, 1);
  m->receiver = receiver;
  m->dispatch = dispatch;
  m->trusted = trusted;
  m->context = g_main_context_ref (context);
  m->limits = *limits;
  m->pending = g_hash_table_new (NULL, NULL);
  return m;
}

/* Sends the final response of a saved request and lets go of its handle. @accept goes
 * with a 415; a 503 says when to come back. */
static void
respond_saved (nua_t *nua, nua_handle_t *nh, nua_saved_event_t *saved, guint status,
               const char *reason, const char *accept)
{
  /* nua_respond() keeps the phrase pointer until the response is built on a later loop
   * turn; the application's string may be gone by then, the handle's memory is not. */
  const char *phrase = reason ? su_strdup (nua_handle_home (nh), reason) : NULL;
  nua_respond (nh, (int) status, phrase ? phrase : sip_status_phrase ((int) status),
               NUTAG_WITH_SAVED (saved), TAG_IF (accept, SIPTAG_ACCEPT_STR (accept)),
               TAG_IF (status == 503, SIPTAG_RETRY_AFTER_STR ("5")), TAG_END ());
  nua_destroy_event (saved);
  nua_handle_destroy (nh);
}

static void
refuse (SipPushMessages *m, nua_t *nua, nua_handle_t *nh, nua_saved_event_t *saved, guint status,
        const char *reason, const char *accept)
{
  g_debug ("MESSAGE refused: %u %s", status, reason);
  respond_saved (nua, nh, saved, status, reason, accept);
  sippush_receiver_emit_rejected (m->receiver, SIPPUSH_METHOD_MESSAGE, status, reason);
}

static void
pending_free (Pending *p)
{
  if (p->timeout)
    {
      g_source_destroy (p->timeout);
      g_source_unref (p->timeout);
    }
  g_object_unref (p->delivery);
  g_free (p);
}

/* The delivery got its answer: the final response goes out now (R-MSG-1). */
static void
delivery_done (SipPushDelivery *delivery, guint status, const char *reason, gpointer data)
{
  Pending *p = data;
  SipPushMessages *m = p->owner;
  g_hash_table_remove (m->pending, p);
  respond_saved (p->nua, p->nh, p->saved, status, reason, NULL);
  if (status >= 300)
    sippush_receiver_emit_rejected (m->receiver, SIPPUSH_METHOD_MESSAGE, status,
                                    reason ? reason : sip_status_phrase ((int) status));
  pending_free (p);
}

static gboolean
timeout_cb (gpointer data)
{
  Pending *p = data;
  const char *app = sippush_delivery_get_app_id (p->delivery);
  g_warning ("application \"%s\" did not answer a MESSAGE within %u s; answering 500",
             app ? app : "(catch-all)", p->owner->limits.delivery_timeout_s);
  sippush_delivery_complete (p->delivery, 500, "Application did not answer");
  return G_SOURCE_REMOVE;
}

void
sippush_messages_handle (SipPushMessages *m, nua_t *nua, nua_handle_t *nh, const sip_t *sip)
{
  nua_saved_event_t saved[1];
  nua_save_event (nua, saved);

  g_autofree gchar *sender = sippush_sip_dup_sender (sip);
  if (sender == NULL)
    {
      refuse (m, nua, nh, saved, 400, "Missing sender", NULL);
      return;
    }
  if (!sippush_sip_sender_trusted (m->trusted, sip))
    {
      refuse (m, nua, nh, saved, 403, "Sender not allowed", NULL); /* R-DSP-4 */
      return;
    }

  g_autoptr (GError) error = NULL;
  g_auto (GStrv) aris = sippush_sip_dup_aris (sip, &error);
  if (error)
    {
      refuse (m, nua, nh, saved, 400, "Malformed push application id", NULL);
      return;
    }

  g_autoptr (SipPushApp) app = NULL;
  const char *ari = NULL;
  switch (sippush_dispatch_route (m->dispatch, (const gchar *const *) aris, &app, &ari))
    {
    case SIPPUSH_ROUTE_FOUND:
      break;
    case SIPPUSH_ROUTE_UNSERVED: /* R-MSG-3 */
      refuse (m, nua, nh, saved, 480, "Push application not served", NULL);
      return;
    case SIPPUSH_ROUTE_NO_DEFAULT: /* R-MSG-2 */
      refuse (m, nua, nh, saved, 480, "No default push application", NULL);
      return;
    }

  g_autofree gchar *content_type = sippush_sip_dup_content_type (sip);
  if (!sippush_app_accepts (app, content_type))
    {
      g_autofree gchar *accept = g_strjoinv (", ", app->accept_types);
      refuse (m, nua, nh, saved, 415, "Unsupported Media Type", accept);
      return;
    }
  if (g_hash_table_size (m->pending) >= m->limits.max_pending)
    {
      refuse (m, nua, nh, saved, 503, "Too many pushes waiting", NULL); /* R-SEC-2 */
      return;
    }

  g_autoptr (GBytes) body
      = sip->sip_payload ? g_bytes_new (sip->sip_payload->pl_data, sip->sip_payload->pl_len) : NULL;
  Pending *p = g_new0 (Pending, 1);
  p->owner = m;
  p->nua = nua;
  p->nh = nh;
  p->saved[0] = saved[0];
  SipPushDeliveryInfo info = {
    .method = SIPPUSH_METHOD_MESSAGE,
    .ari = ari,
    .app_id = app->ari,
    .sender = g_steal_pointer (&sender),
    .content_type = g_steal_pointer (&content_type),
    .service_id = sippush_sip_dup_service_id (sip),
    .body = body,
  };
  p->delivery = sippush_delivery_new (&info, delivery_done, p);
  g_hash_table_add (m->pending, p);

  /* The callback may answer now (p is freed then) or keep a reference for later. */
  g_autoptr (SipPushDelivery) delivery = g_object_ref (p->delivery);
  app->callback (m->receiver, delivery, app->user_data);
  if (!sippush_delivery_is_completed (delivery))
    {
      p->timeout = g_timeout_source_new_seconds (m->limits.delivery_timeout_s);
      g_source_set_callback (p->timeout, timeout_cb, p, NULL);
      g_source_attach (p->timeout, m->context);
    }
}

void
sippush_messages_abort_all (SipPushMessages *m)
{
  /* Completing one emits push-rejected, whose handler may answer (and so free) another:
   * hold the deliveries, never the Pending records. */
  g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, m->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (held, g_object_ref (((Pending *) key)->delivery));
  for (guint i = 0; i < held->len; i++)
    sippush_delivery_complete (g_ptr_array_index (held, i), 503, "Receiver shutting down");
}

void
sippush_messages_free (SipPushMessages *m)
{
  if (m == NULL)
    return;
  sippush_messages_abort_all (m);
  g_hash_table_destroy (m->pending);
  g_main_context_unref (m->context);
  g_free (m);
}
