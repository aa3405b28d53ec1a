/* sip/message.c — incoming MESSAGE → application → SIP final response.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/message.h"

#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>

#include "core/pending.h"
#include "delivery-private.h"
#include "sip/admission.h"
#include "sip/headers.h"

struct _SipPushMessages
{
  const SipPushShared *shared;
  guint max_pending;
  SipPushPendingSet *pending;
};

/* One MESSAGE whose final response waits for its application. */
typedef struct
{
  SipPushMessages *owner;
  nua_handle_t *nh;
  nua_saved_event_t saved[1];
  guint64 key; /* sip/repeats.h */
} Request;

SipPushMessages *
sippush_messages_new (const SipPushShared *shared, const SipPushMessageLimits *limits)
{
  SipPushMessages *m = g_new0 (SipPushMessages, 1);
  m->shared = shared;
  m->max_pending = limits->max_pending;
  m->pending = sippush_pending_set_new (shared->context, limits->delivery_timeout_s, 500,
                                        "Application did not answer");
  return m;
}

/* The delivery got its answer: the final response goes out now (R-MSG-1). */
static void
delivery_done (SipPushDelivery *delivery, guint status, const char *reason, gpointer data)
{
  Request *r = data;
  SipPushMessages *m = r->owner;
  /* nua_respond() keeps the phrase pointer until the response is built on a later loop
   * turn; the application's string may be gone by then, the handle's memory is not. */
  const char *phrase
      = reason ? su_strdup (nua_handle_home (r->nh), reason) : sip_status_phrase ((int) status);
  nua_respond (r->nh, (int) status, phrase, NUTAG_WITH_SAVED (r->saved), TAG_END ());
  nua_destroy_event (r->saved);
  nua_handle_destroy (r->nh);
  if (status < 300 && r->key)
    sippush_repeats_note (m->shared->repeats, r->key);
  if (status >= 300)
    {
      SipPushRejectionInfo info = {
        .method = SIPPUSH_METHOD_MESSAGE,
        .status = status,
        .reason = reason ? reason : sip_status_phrase ((int) status),
        .sender = sippush_delivery_get_sender (delivery),
        .ari = sippush_delivery_get_ari (delivery),
      };
      m->shared->events->rejected (m->shared->events->owner, &info);
    }
  g_free (r);
  sippush_pending_set_remove (m->pending, delivery); /* may drop the last reference */
}

void
sippush_messages_handle (SipPushMessages *m, nua_handle_t *nh, const sip_t *sip)
{
  guint64 key = sippush_repeats_wanted (m->shared->nua)
                    ? sippush_repeats_key (m->shared->repeats, sip)
                    : 0; /* 0: not remembered, and never "seen" */
  if (key && sippush_repeats_seen (m->shared->repeats, key))
    {
      /* The copy of a push already acknowledged, sent again after its transaction was
       * gone: acknowledged again, not delivered again. */
      g_debug ("MESSAGE: late retransmission of an acknowledged push, answered 200 again");
      nua_respond (nh, SIP_200_OK, NUTAG_WITH_THIS (m->shared->nua), TAG_END ());
      nua_handle_destroy (nh);
      return;
    }
  g_auto (SipPushAdmission) admission = { 0 };
  g_auto (SipPushRefusal) refusal = { 0 };
  if (sippush_admit (m->shared, SIPPUSH_METHOD_MESSAGE, sip, NULL, &admission, &refusal)
      && sippush_pending_set_size (m->pending) >= m->max_pending)
    {
      /* R-SEC-2 */
      refusal.status = 503;
      refusal.reason = "Too many pushes waiting";
      refusal.retry_after_s = 5;
    }
  if (refusal.status)
    {
      sippush_refuse (m->shared, nh, SIPPUSH_METHOD_MESSAGE, FALSE, &refusal, &admission);
      return;
    }

  /* The answer may come later: keep what nua_respond() needs for it. */
  Request *r = g_new0 (Request, 1);
  r->owner = m;
  r->nh = nh;
  r->key = key;
  nua_save_event (m->shared->nua, r->saved);

  g_autoptr (GBytes) body
      = sip->sip_payload ? g_bytes_new (sip->sip_payload->pl_data, sip->sip_payload->pl_len) : NULL;
  SipPushApp *app = admission.app;
  SipPushDeliveryInfo info
      = sippush_admission_delivery_info (&admission, SIPPUSH_METHOD_MESSAGE, sip, body);
  g_autoptr (SipPushDelivery) delivery = sippush_delivery_new (&info, delivery_done, r);
  /* The callback may answer now or keep a reference and answer later; only a delivery
   * left unanswered waits in the pending set, with its deadline. */
  app->callback (m->shared->receiver, delivery, app->user_data);
  if (!sippush_delivery_is_completed (delivery))
    sippush_pending_set_add (m->pending, delivery);
}

void
sippush_messages_abort_all (SipPushMessages *m)
{
  sippush_pending_set_complete_all (m->pending, 503, "Receiver shutting down");
}

void
sippush_messages_free (SipPushMessages *m)
{
  if (m == NULL)
    return;
  sippush_pending_set_free (m->pending);
  g_free (m);
}
