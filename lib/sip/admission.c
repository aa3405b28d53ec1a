/* sip/admission.c — one admission path for every push request, one way to refuse.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/admission.h"

#include <string.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>

#include "core/ari.h"
#include "sip/headers.h"

#define APP_ID_PARAM "event-app-id="

void
sippush_admission_clear (SipPushAdmission *admission)
{
  g_clear_object (&admission->app);
  g_clear_pointer (&admission->ari, g_free);
  g_clear_pointer (&admission->sender, g_free);
  g_clear_pointer (&admission->content_type, g_free);
}

void
sippush_refusal_clear (SipPushRefusal *refusal)
{
  g_clear_pointer (&refusal->accept, g_free);
}

static gboolean
refuse_with (SipPushRefusal *refusal, guint status, const char *reason)
{
  refusal->status = status;
  refusal->reason = reason;
  return FALSE;
}

/* Trap B1: a dialog whose remote target is not a SIP URI crashes sofia-sip 1.12.11 later
 * (the BYE cannot be sent); refuse it before any dialog exists (R-SEC-1). */
static gboolean
contact_usable (const sip_t *sip)
{
  const sip_contact_t *m = sip->sip_contact;
  return m && m->m_next == NULL && (m->m_url->url_type == url_sip || m->m_url->url_type == url_sips)
         && m->m_url->url_host && m->m_url->url_host[0];
}

/* NOTIFY routing step 2: the event-app-id of the Event header. */
static gchar **
event_aris (const sip_t *sip, gboolean *malformed)
{
  const char *v = sip->sip_event ? msg_params_find (sip->sip_event->o_params, APP_ID_PARAM) : NULL;
  if (v == NULL)
    return NULL;
  if (v[0] == '"')
    {
      g_autoptr (GError) error = NULL;
      gchar **aris = NULL;
      *malformed = sippush_ari_list_parse (v, strlen (v), &aris, &error) != SIPPUSH_PARSE_OK;
      return aris;
    }
  if (!sippush_ari_is_valid (v))
    {
      *malformed = TRUE;
      return NULL;
    }
  gchar **one = g_new0 (gchar *, 2);
  one[0] = g_strdup (v);
  return one;
}

/* The ARIs a push names: Accept-Contact (both feature tags), and for a NOTIFY then the
 * Event's event-app-id, then its subscription's ARI when that is the only one. */
static gchar **
named_aris (SipPushMethod method, const sip_t *sip, const gchar *const *subscription_aris,
            gboolean *malformed)
{
  g_autoptr (GError) error = NULL;
  gchar **aris = sippush_sip_dup_aris (sip, &error);
  *malformed = error != NULL;
  if (method != SIPPUSH_METHOD_NOTIFY || aris || *malformed)
    return aris;
  aris = event_aris (sip, malformed);
  if (aris == NULL && !*malformed && subscription_aris && subscription_aris[0]
      && !subscription_aris[1])
    aris = g_strdupv ((gchar **) subscription_aris);
  return aris;
}

static gboolean
route (const SipPushShared *shared, SipPushMethod method, const sip_t *sip,
       const gchar *const *subscription_aris, SipPushAdmission *admission, SipPushRefusal *refusal)
{
  gboolean malformed = FALSE;
  g_auto (GStrv) aris = named_aris (method, sip, subscription_aris, &malformed);
  if (malformed)
    return refuse_with (refusal, 400, "Malformed push application id");

  /* A NOTIFY naming no ARI goes to the first application taking its content type. */
  if (method == SIPPUSH_METHOD_NOTIFY && aris == NULL
      && sippush_dispatch_route_by_type (shared->dispatch, admission->content_type,
                                         &admission->app))
    return TRUE;

  const char *ari = NULL;
  switch (
      sippush_dispatch_route (shared->dispatch, (const gchar *const *) aris, &admission->app, &ari))
    {
    case SIPPUSH_ROUTE_FOUND:
      admission->ari = g_strdup (ari);
      return TRUE;
    case SIPPUSH_ROUTE_UNSERVED: /* R-MSG-3; the rejection names the first ARI asked for */
      admission->ari = aris && aris[0] ? g_strdup (aris[0]) : NULL;
      return refuse_with (refusal, 480, "Push application not served");
    case SIPPUSH_ROUTE_NO_DEFAULT: /* R-MSG-2 */
      break;
    }
  return refuse_with (refusal, 480, "No default push application");
}

gboolean
sippush_admit (const SipPushShared *shared, SipPushMethod method, const sip_t *sip,
               const gchar *const *subscription_aris, SipPushAdmission *admission,
               SipPushRefusal *refusal)
{
  memset (refusal, 0, sizeof *refusal);
  if (method == SIPPUSH_METHOD_INVITE && !contact_usable (sip))
    return refuse_with (refusal, 400, "Contact must be one sip: or sips: URI");

  admission->sender = sippush_sip_dup_sender (sip);
  if (admission->sender == NULL)
    return refuse_with (refusal, 400, "Missing sender");
  if (!sippush_sip_sender_trusted (shared->trusted, sip))
    return refuse_with (refusal, 403, "Sender not allowed"); /* R-DSP-4 */
  if (method == SIPPUSH_METHOD_REFER)
    return TRUE; /* a REFER asks the device to subscribe: no application of its own */

  admission->content_type = sippush_sip_dup_content_type (sip);
  if (!route (shared, method, sip, subscription_aris, admission, refusal))
    return FALSE;

  /* An INVITE's files are matched one by one against the application's types. */
  if (method != SIPPUSH_METHOD_INVITE
      && !sippush_app_accepts (admission->app, admission->content_type))
    {
      gchar **types = admission->app->accept_types;
      refusal->accept = types ? g_strjoinv (", ", types) : NULL;
      return refuse_with (refusal, 415, "Unsupported Media Type");
    }
  return TRUE;
}

void
sippush_refusal_respond (const SipPushShared *shared, nua_handle_t *nh,
                         const SipPushRefusal *refusal)
{
  /* The explanation goes in a Warning, which the stack copies; nua_respond() would keep a
   * phrase pointer until a later loop turn. */
  g_autofree gchar *text = g_strdup (refusal->reason);
  g_strdelimit (text, "\"\\", '\'');
  g_autofree gchar *warning = g_strdup_printf ("399 sippush \"%s\"", text);
  g_autofree gchar *retry_after
      = refusal->retry_after_s ? g_strdup_printf ("%u", refusal->retry_after_s) : NULL;
  nua_respond (nh, (int) refusal->status, sip_status_phrase ((int) refusal->status),
               NUTAG_WITH_THIS (shared->nua), SIPTAG_WARNING_STR (warning),
               TAG_IF (refusal->accept, SIPTAG_ACCEPT_STR (refusal->accept)),
               TAG_IF (retry_after, SIPTAG_RETRY_AFTER_STR (retry_after)), TAG_END ());
}

void
sippush_refuse (const SipPushShared *shared, nua_handle_t *nh, SipPushMethod method,
                gboolean in_dialog, const SipPushRefusal *refusal,
                const SipPushAdmission *admission)
{
  g_debug ("%s refused: %u %s", method == SIPPUSH_METHOD_NOTIFY ? "NOTIFY push" : "push request",
           refusal->status, refusal->reason);
  if (method != SIPPUSH_METHOD_NOTIFY)
    {
      sippush_refusal_respond (shared, nh, refusal);
      /* The stack made this handle for the request; an INVITE's goes with its
       * nua_i_terminated. */
      if (!in_dialog && (method == SIPPUSH_METHOD_MESSAGE || method == SIPPUSH_METHOD_REFER))
        nua_handle_destroy (nh);
    }
  SipPushRejectionInfo info = {
    .method = method,
    .status = refusal->status,
    .reason = refusal->reason,
    .sender = admission ? admission->sender : NULL,
    .ari = admission ? admission->ari : NULL,
  };
  shared->events->rejected (shared->events->owner, &info);
}

SipPushDeliveryInfo
sippush_admission_delivery_info (SipPushAdmission *admission, SipPushMethod method,
                                 const sip_t *sip, GBytes *body)
{
  return (SipPushDeliveryInfo){
    .method = method,
    .ari = admission->ari,
    .app_id = admission->app->ari,
    .sender = g_steal_pointer (&admission->sender),
    .content_type = g_steal_pointer (&admission->content_type),
    .service_id = sippush_sip_dup_service_id (sip),
    .body = body,
  };
}

/* Trap B1 inside a dialog: sofia-sip takes the Contact of an in-dialog INVITE or UPDATE as
 * the new remote target before we see the request, so our 400 does not undo it, and the BYE
 * that nua_shutdown() later sends to that tel:/foo: target aborts the process
 * (nua_dialog_usage_remove: Assertion `*at' failed). End the dialog now: this BYE fails
 * locally (no valid target), the call terminates cleanly, and shutdown finds nothing left
 * to end (R-SEC-1). */
gboolean
sippush_admit_refresh_contact (const SipPushShared *shared, nua_handle_t *nh, gboolean in_dialog,
                               const sip_t *sip, gboolean required)
{
  if ((sip->sip_contact == NULL && !required) || contact_usable (sip))
    return TRUE;
  SipPushRefusal refusal = { .status = 400, .reason = "Contact must be one sip: or sips: URI" };
  sippush_refusal_respond (shared, nh, &refusal);
  if (in_dialog)
    {
      g_debug ("INVITE dialog ended: the peer refreshed its target to a non-SIP Contact");
      nua_bye (nh, TAG_END ());
    }
  return FALSE;
}
