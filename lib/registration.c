/* registration.c — one REGISTER binding kept alive. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "registration.h"

#include <stdlib.h>
#include <string.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>

#include "backoff.h"

/* One answer per challenge: a second challenge right after it means the credentials are
 * wrong, and answering again would loop. */
#define MAX_AUTH_ROUNDS 1

struct _SipPushRegistration
{
  nua_t *nua;
  nua_handle_t *nh;
  SipPushRegistrationConfig config; /* strings owned below */
  gchar *aor, *registrar, *username, *password, *user;
  gchar *feature_tag;
  gchar *call_id;
  gchar expires_str[16];
  GMainContext *context;
  SipPushRegistrationEvents events;
  gpointer owner;

  guint failures;
  guint auth_rounds;
  GSource *retry;
};

SipPushRegistration *
sippush_registration_new (nua_t *nua, const SipPushRegistrationConfig *config,
                          GMainContext *context, const SipPushRegistrationEvents *events,
                          gpointer owner)
{
  SipPushRegistration *reg = g_new0 (SipPushRegistration, 1);
  reg->nua = nua;
  reg->config = *config;
  reg->aor = g_strdup (config->aor);
  reg->registrar = g_strdup (config->registrar);
  reg->username = g_strdup (config->username);
  reg->password = g_strdup (config->password);
  g_snprintf (reg->expires_str, sizeof reg->expires_str, "%u", config->expires);
  reg->context = g_main_context_ref (context);
  g_autofree gchar *uuid = g_uuid_string_random ();
  reg->call_id = g_strdup_printf ("%s@sippush", uuid);
  reg->events = *events;
  reg->owner = owner;

  /* The Contact's user part is the AOR's (sip:alice@host → alice). */
  const char *colon = strchr (reg->aor, ':');
  const char *at = colon ? strchr (colon, '@') : NULL;
  if (colon && at)
    reg->user = g_strndup (colon + 1, (gsize) (at - colon - 1));
  return reg;
}

static void
send_register (SipPushRegistration *reg)
{
  reg->auth_rounds = 0;
  /* One Call-ID for every REGISTER of this boot cycle (RFC 3261 §10.2): sofia drops the
   * dialog after a final failure and would pick a new one for the retry. */
  if (reg->nh == NULL)
    reg->nh = nua_handle (reg->nua, reg, SIPTAG_FROM_STR (reg->aor), SIPTAG_TO_STR (reg->aor),
                          SIPTAG_CALL_ID_STR (reg->call_id), TAG_END ());
  /* Every call carries the whole tag set: a second nua_register() drops what it does
   * not repeat (Expires, say). */
  nua_register (reg->nh, NUTAG_REGISTRAR (reg->registrar),
                TAG_IF (reg->user, NUTAG_M_USERNAME (reg->user)),
                TAG_IF (reg->feature_tag, NUTAG_M_FEATURES (reg->feature_tag)),
                SIPTAG_EXPIRES_STR (reg->expires_str), NUTAG_OUTBOUND ("no-validate"), TAG_END ());
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
  g_free (reg->feature_tag);
  reg->feature_tag = g_strdup (feature_tag);
  /* While a retry is pending the next attempt will carry the new tag anyway. */
  if (reg->retry == NULL)
    send_register (reg);
}

gboolean
sippush_registration_owns (SipPushRegistration *reg, nua_handle_t *nh)
{
  return reg && nh && reg->nh == nh;
}

static gboolean
retry_cb (gpointer data)
{
  SipPushRegistration *reg = data;
  g_clear_pointer (&reg->retry, g_source_unref);
  send_register (reg);
  return G_SOURCE_REMOVE;
}

void
sippush_registration_cancel_retry (SipPushRegistration *reg)
{
  if (reg->retry)
    {
      g_source_destroy (reg->retry);
      g_clear_pointer (&reg->retry, g_source_unref);
    }
}

static void
schedule_retry (SipPushRegistration *reg, const sip_t *sip)
{
  guint retry_after = 0;
  if (sip && sip->sip_retry_after)
    retry_after = (guint) MIN (sip->sip_retry_after->af_delta, G_MAXUINT);
  guint delay = sippush_backoff_delay_ms (reg->failures, reg->config.retry_min_s,
                                          reg->config.retry_max_s, retry_after, g_random_int ());
  g_debug ("REGISTER failed %u time(s); retrying in %u ms", reg->failures, delay);
  sippush_registration_cancel_retry (reg);
  reg->retry = g_timeout_source_new (delay);
  g_source_set_callback (reg->retry, retry_cb, reg, NULL);
  g_source_attach (reg->retry, reg->context);
}

/* The expiry the registrar granted our binding: the expires parameter of the Contact it
 * echoes for us, else its Expires header, else what we asked. */
static guint
granted_expires (SipPushRegistration *reg, const sip_t *sip)
{
  for (const sip_contact_t *m = sip ? sip->sip_contact : NULL; m; m = m->m_next)
    if (m->m_expires && m->m_url->url_user && reg->user
        && strcmp (m->m_url->url_user, reg->user) == 0)
      return (guint) strtoul (m->m_expires, NULL, 10);
  if (sip && sip->sip_expires)
    return (guint) sip->sip_expires->ex_delta;
  return reg->config.expires;
}

static void
authenticate (SipPushRegistration *reg, const sip_t *sip)
{
  const msg_auth_t *au
      = sip->sip_www_authenticate ? sip->sip_www_authenticate : sip->sip_proxy_authenticate;
  const char *realm = au ? msg_params_find (au->au_params, "realm=") : NULL;
  g_autofree gchar *cred = g_strdup_printf ("%s:%s:%s:%s", au->au_scheme, realm ? realm : "\"\"",
                                            reg->username, reg->password);
  reg->auth_rounds++;
  nua_authenticate (reg->nh, NUTAG_AUTH (cred), TAG_END ());
}

void
sippush_registration_handle_response (SipPushRegistration *reg, int status, const char *phrase,
                                      const sip_t *sip)
{
  /* NUA reports its own internal retries (423 Min-Expires, say) as 100. */
  int code = sip && sip->sip_status ? sip->sip_status->st_status : status;
  if (status < 200)
    return;

  if ((code == 401 || code == 407) && reg->username && reg->password && sip
      && (sip->sip_www_authenticate || sip->sip_proxy_authenticate)
      && reg->auth_rounds < MAX_AUTH_ROUNDS)
    {
      authenticate (reg, sip);
      return;
    }

  if (status >= 200 && status < 300)
    {
      reg->failures = 0;
      reg->auth_rounds = 0; /* a refresh may be challenged afresh */
      reg->events.registered (reg->owner, (guint) status, granted_expires (reg, sip));
      return;
    }

  reg->failures++;
  const char *reason = sip && sip->sip_status ? sip->sip_status->st_phrase : phrase;
  reg->events.failed (reg->owner, (guint) code, reason ? reason : "");
  schedule_retry (reg, sip);
}

void
sippush_registration_free (SipPushRegistration *reg)
{
  if (reg == NULL)
    return;
  sippush_registration_cancel_retry (reg);
  if (reg->nh)
    nua_handle_destroy (reg->nh);
  g_main_context_unref (reg->context);
  g_free (reg->aor);
  g_free (reg->registrar);
  g_free (reg->username);
  g_free (reg->password);
  g_free (reg->user);
  g_free (reg->feature_tag);
  g_free (reg->call_id);
  g_free (reg);
}
