/* sip/response.c — decisions on REGISTER and SUBSCRIBE responses and on Subscription-State.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/response.h"

#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip_header.h>

static guint
contact_url_port (const url_t *url)
{
  return url->url_port && *url->url_port ? (guint) strtoul (url->url_port, NULL, 10) : 5060;
}

/* A delta-seconds value; huge ones saturate rather than wrap. */
static guint
delta_seconds (const char *text)
{
  guint64 v = g_ascii_strtoull (text, NULL, 10);
  return (guint) MIN (v, G_MAXUINT);
}

guint
sippush_sip_granted_expires (const sip_t *sip, const char *user, guint contact_port,
                             guint requested)
{
  for (const sip_contact_t *m = sip ? sip->sip_contact : NULL; m; m = m->m_next)
    if (m->m_expires && g_strcmp0 (m->m_url->url_user, user) == 0
        && contact_url_port (m->m_url) == contact_port)
      return delta_seconds (m->m_expires);
  if (sip && sip->sip_expires)
    return (guint) MIN (sip->sip_expires->ex_delta, G_MAXUINT);
  return requested;
}

gchar *
sippush_sip_auth_credentials (const sip_t *sip, const char *username, const char *password)
{
  const msg_auth_t *au = sip == NULL                 ? NULL
                         : sip->sip_www_authenticate ? sip->sip_www_authenticate
                                                     : sip->sip_proxy_authenticate;
  if (au == NULL)
    return NULL;
  const char *realm = msg_params_find (au->au_params, "realm=");
  return g_strdup_printf ("%s:%s:%s:%s", au->au_scheme, realm ? realm : "\"\"", username, password);
}

SipPushTerminatedAction
sippush_subscription_terminated_action (const char *reason, gboolean referred)
{
  if (referred || g_ascii_strcasecmp (reason, "rejected") == 0
      || g_ascii_strcasecmp (reason, "noresource") == 0
      || g_ascii_strcasecmp (reason, "giveup") == 0)
    return SIPPUSH_TERMINATED_GIVE_UP;
  if (g_ascii_strcasecmp (reason, "timeout") == 0)
    return SIPPUSH_TERMINATED_RESUBSCRIBE;
  return SIPPUSH_TERMINATED_RETRY_LATER;
}
