/* sip/registration.c — one REGISTER binding kept alive. SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "sip/registration.h"

#include <stdlib.h>
#include <string.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>

#include "core/retry.h"
#include "sip/handle.h"
#include "sip/response.h"

/* One answer per challenge: a second challenge right after it means the credentials are
 * wrong, and answering again would loop. */
#define MAX_AUTH_ROUNDS 1
/* What sippush reports for a TLS peer whose certificate is refused: sofia-sip only
 * drops the connection and times the request out. */
#define TLS_REFUSED_STATUS 503

struct _SipPushRegistration
{
  SipPushHandleTag tag; /* the magic of nh */
  const SipPushShared *shared;
  nua_handle_t *nh;
  gchar *aor, *registrar, *username, *password;
  gchar *user; /* the AOR's user part: the Contact's */
  guint contact_port;
  gchar expires_str[16];
  guint expires;
  gchar *feature_tag;
  gchar *call_id;
  void (*on_bound) (gpointer data);
  gpointer on_bound_data;

  gboolean bound;    /* the registrar holds our binding (last answer 2xx) */
  gboolean renewing; /* removing the binding to make it anew without the tag */
  guint auth_rounds;
  SipPushRetry retry;
  /* the TLS first hop, probed before each new binding (R-SEC-3) */
  SipPushTls *tls;
  gchar *tls_host;
  guint16 tls_port;
  GCancellable *probing; /* set while a probe runs */
};

static void
new_call_id (SipPushRegistration *reg)
{
  g_autofree gchar *uuid = g_uuid_string_random ();
  g_free (reg->call_id);
  reg->call_id = g_strdup_printf ("%s@sippush", uuid);
}

SipPushRegistration *
sippush_registration_new (const SipPushShared *shared, const SipPushRegistrationConfig *config)
{
  SipPushRegistration *reg = g_new0 (SipPushRegistration, 1);
  reg->tag.kind = SIPPUSH_HANDLE_REGISTRATION;
  reg->shared = shared;
  reg->aor = g_strdup (config->aor);
  reg->registrar = g_strdup (config->registrar);
  reg->username = g_strdup (config->username);
  reg->password = g_strdup (config->password);
  reg->contact_port = config->contact_port;
  reg->retry = (SipPushRetry){ .context = shared->context,
                               .min_s = config->retry_min_s,
                               .max_s = config->retry_max_s };
  reg->expires = config->expires;
  reg->on_bound = config->on_bound;
  reg->on_bound_data = config->on_bound_data;
  reg->tls = config->tls;
  reg->tls_host = g_strdup (config->tls_host);
  reg->tls_port = config->tls_port;
  g_snprintf (reg->expires_str, sizeof reg->expires_str, "%u", config->expires);
  new_call_id (reg);

  /* The Contact's user part is the AOR's (sip:alice@host → alice). */
  const char *colon = strchr (reg->aor, ':');
  const char *at = colon ? strchr (colon, '@') : NULL;
  if (colon && at)
    reg->user = g_strndup (colon + 1, (gsize) (at - colon - 1));
  return reg;
}

static void
send_register_now (SipPushRegistration *reg)
{
  reg->auth_rounds = 0;
  /* One Call-ID for every REGISTER of a binding (RFC 3261 §10.2): sofia drops the dialog
   * after a final failure and would pick a new one for the retry. */
  if (reg->nh == NULL)
    reg->nh = nua_handle (reg->shared->nua, reg, SIPTAG_FROM_STR (reg->aor),
                          SIPTAG_TO_STR (reg->aor), SIPTAG_CALL_ID_STR (reg->call_id), TAG_END ());
  /* Every call carries the whole tag set: a second nua_register() drops what it does
   * not repeat (Expires, say). */
  nua_register (reg->nh, NUTAG_REGISTRAR (reg->registrar),
                TAG_IF (reg->user, NUTAG_M_USERNAME (reg->user)),
                TAG_IF (reg->feature_tag, NUTAG_M_FEATURES (reg->feature_tag)),
                SIPTAG_EXPIRES_STR (reg->expires_str), NUTAG_OUTBOUND ("no-validate"), TAG_END ());
}

static void
report_failure (SipPushRegistration *reg, guint code, const char *reason)
{
  const SipPushEvents *events = reg->shared->events;
  events->registration_failed (events->owner, code, reason ? reason : "");
}

static void
probed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = sippush_tls_probe_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the registration is gone or starts anew */
  SipPushRegistration *reg = data;
  g_clear_object (&reg->probing);
  if (ok || !g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      /* Reachable and trusted, or not reachable at all: sofia finds out and reports the
       * latter itself, and it is retried. */
      if (!ok)
        g_debug ("TLS probe of %s:%u: %s", reg->tls_host, reg->tls_port, error->message);
      send_register_now (reg);
      return;
    }
  /* R-SEC-3: sofia would drop the connection and time out (408) after 32 s; this is
   * final instead. */
  g_warning ("REGISTER not sent: %s", error->message);
  g_autofree gchar *reason = g_strdup_printf ("%s (not retried)", error->message);
  report_failure (reg, TLS_REFUSED_STATUS, reason);
}

/* A new binding over TLS starts with a probe of the first hop's certificate. */
static void
send_register (SipPushRegistration *reg)
{
  if (reg->tls == NULL || reg->bound)
    {
      send_register_now (reg);
      return;
    }
  if (reg->probing)
    g_cancellable_cancel (reg->probing);
  g_clear_object (&reg->probing);
  reg->probing = g_cancellable_new ();
  g_main_context_push_thread_default (reg->shared->context);
  sippush_tls_probe_async (reg->tls, reg->tls_host, reg->tls_port, reg->probing, probed, reg);
  g_main_context_pop_thread_default (reg->shared->context);
}

/* Forgets the handle (and with it the features sofia keeps on it); the next REGISTER
 * starts a new binding under a new Call-ID. */
static void
drop_handle (SipPushRegistration *reg)
{
  if (reg->nh)
    nua_handle_destroy (g_steal_pointer (&reg->nh));
  reg->bound = FALSE;
  new_call_id (reg);
}

void
sippush_registration_start (SipPushRegistration *reg, const char *feature_tag)
{
  g_free (reg->feature_tag);
  reg->feature_tag = g_strdup (feature_tag);
  send_register (reg);
}

void
sippush_registration_set_feature_tag (SipPushRegistration *reg, const char *feature_tag)
{
  if (g_strcmp0 (reg->feature_tag, feature_tag) == 0)
    return;
  gboolean tag_gone = feature_tag == NULL;
  g_free (reg->feature_tag);
  reg->feature_tag = g_strdup (feature_tag);
  if (reg->renewing)
    return; /* the new binding will carry whatever the tag is by then */
  if (tag_gone && reg->bound)
    {
      /* Remove the tagged binding first: a new one racing the removal could be removed
       * with it (RFC 3261 §10.3 step 7). The new REGISTER follows nua_r_unregister. */
      reg->renewing = TRUE;
      nua_unregister (reg->nh, NUTAG_REGISTRAR (reg->registrar), TAG_END ());
      return;
    }
  if (tag_gone)
    drop_handle (reg); /* nothing registered: just lose the old features */
  /* While a retry is pending, the next attempt carries the new tag anyway. */
  if (!sippush_retry_is_armed (&reg->retry))
    send_register (reg);
}

static gboolean
retry_cb (gpointer data)
{
  SipPushRegistration *reg = data;
  sippush_retry_cancel (&reg->retry);
  send_register (reg);
  return G_SOURCE_REMOVE;
}

void
sippush_registration_cancel_retry (SipPushRegistration *reg)
{
  sippush_retry_cancel (&reg->retry);
  if (reg->probing)
    g_cancellable_cancel (reg->probing);
}

/* Answers that another try would only get again (R-SEC-3 names 403 and 416). */
static gboolean
final_failure (int code)
{
  return code == 403 || code == 404 || code == 416 || code == 603 || code == 604;
}

static void
authenticate (SipPushRegistration *reg, const sip_t *sip)
{
  g_autofree gchar *cred = sippush_sip_auth_credentials (sip, reg->username, reg->password);
  reg->auth_rounds++;
  nua_authenticate (reg->nh, NUTAG_AUTH (cred), TAG_END ());
}

void
sippush_registration_handle_response (SipPushRegistration *reg, gboolean unregister, int status,
                                      const char *phrase, const sip_t *sip)
{
  if (status < 200)
    return; /* NUA's own retries (423 Min-Expires, say) come as 100 */

  if (unregister)
    {
      /* The tagged binding is gone (or the registrar would not say): make it anew. */
      if (reg->renewing)
        {
          reg->renewing = FALSE;
          drop_handle (reg);
          send_register (reg);
        }
      return;
    }

  int code = sip && sip->sip_status ? sip->sip_status->st_status : status;
  if ((code == 401 || code == 407) && reg->username && reg->password && sip
      && (sip->sip_www_authenticate || sip->sip_proxy_authenticate)
      && reg->auth_rounds < MAX_AUTH_ROUNDS)
    {
      authenticate (reg, sip);
      return;
    }

  if (status < 300)
    {
      reg->bound = TRUE;
      sippush_retry_reset (&reg->retry);
      reg->auth_rounds = 0; /* a refresh may be challenged afresh */
      if (reg->on_bound)
        reg->on_bound (reg->on_bound_data);
      const SipPushEvents *events = reg->shared->events;
      events->registered (
          events->owner, (guint) status,
          sippush_sip_granted_expires (sip, reg->user, reg->contact_port, reg->expires));
      return;
    }

  reg->bound = FALSE;
  const char *reason = sip && sip->sip_status ? sip->sip_status->st_phrase : phrase;
  if (final_failure (code))
    {
      g_debug ("REGISTER failed %d: not retried", code);
      report_failure (reg, (guint) code, reason);
      return;
    }
  /* Armed before the host hears of it, so a handler that stops the receiver cancels it. */
  guint delay
      = sippush_retry_schedule (&reg->retry, sippush_sip_retry_after_s (sip), retry_cb, reg);
  g_debug ("REGISTER failed %u time(s); retrying in %u ms", reg->retry.failures, delay);
  report_failure (reg, (guint) code, reason);
}

void
sippush_registration_free (SipPushRegistration *reg)
{
  if (reg == NULL)
    return;
  sippush_retry_cancel (&reg->retry);
  if (reg->probing)
    g_cancellable_cancel (reg->probing);
  g_clear_object (&reg->probing);
  if (reg->nh)
    nua_handle_destroy (reg->nh);
  g_free (reg->tls_host);
  g_free (reg->aor);
  g_free (reg->registrar);
  g_free (reg->username);
  g_free (reg->password);
  g_free (reg->user);
  g_free (reg->feature_tag);
  g_free (reg->call_id);
  g_free (reg);
}
