/* fuzz-sip-responses.c — libFuzzer target for what the receiver decides on the responses to
 * its REGISTER and SUBSCRIBE and on a NOTIFY (R-REG-1…3, R-SUB-3, R-NOT-1, R-DSP-1, R-SEC-1):
 * the input (after its first byte) is parsed by sofia's parser with sippush's class and fed
 * to the decisions the modules take (sip/response.h: the granted expiry, the digest
 * credentials, a terminated subscription's reason; Retry-After and the back-off it sets)
 * and to the NOTIFY routing
 * (sippush_admit() for a NOTIFY, with three applications).
 *
 * Checked: the granted expiry is our Contact's expires parameter as a number (saturated, not
 * wrapped), else the Expires header, else what was asked; Retry-After is the delay (capped
 * at the back-off's maximum), never beyond it; the credentials answer the
 * challenge (sofia's auth client takes them for it); a reason's action ignores case; an
 * admitted NOTIFY goes to an application that takes its content type, a refused one has
 * one of the documented statuses.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sofia-sip/auth_client.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#include <sippush/sippush.h>

#include "core/backoff.h"
#include "sip/admission.h"
#include "sip/response.h"
#include "sip/sofia-glue.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Our binding as the receiver registers it. */
#define USER "alice"
#define PORT 5060
#define REQUESTED 3600

/* The value of a delta-seconds text that is all digits, saturated at G_MAXUINT, worked out
 * by comparing digit strings (not the way the library computes it). */
static guint
expected_delta (const char *text)
{
  while (*text == '0' && text[1])
    text++;
  size_t len = strlen (text);
  if (len > 10 || (len == 10 && strcmp (text, "4294967295") > 0))
    return G_MAXUINT;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static void
check_expires (const sip_t *sip)
{
  guint granted = sippush_sip_granted_expires (sip, USER, PORT, REQUESTED);
  for (const sip_contact_t *m = sip->sip_contact; m; m = m->m_next)
    {
      const url_t *u = m->m_url;
      gboolean ours
          = m->m_expires && g_strcmp0 (u->url_user, USER) == 0
            && (u->url_port && *u->url_port ? strtoul (u->url_port, NULL, 10) == PORT : TRUE);
      if (!ours)
        continue;
      if (all_digits (m->m_expires) && granted != expected_delta (m->m_expires))
        abort ();
      return;
    }
  if (sip->sip_expires)
    {
      if (granted != (guint) MIN (sip->sip_expires->ex_delta, G_MAXUINT))
        abort ();
    }
  else if (granted != REQUESTED)
    abort ();
}

/* Retry-After (R-REG-3): the server's delay as the retry takes it, capped at the maximum. */
static void
check_retry_after (const sip_t *sip, guint8 mode)
{
  guint after = sippush_sip_retry_after_s (sip);
  if (sip->sip_retry_after == NULL
          ? after != 0
          : after != (guint) MIN (sip->sip_retry_after->af_delta, G_MAXUINT))
    abort ();
  guint failures = 1 + mode % 40;
  guint delay = sippush_backoff_delay_ms (failures, SIPPUSH_BACKOFF_MIN_S, SIPPUSH_BACKOFF_MAX_S,
                                          after, (guint32) mode * 2654435761u);
  if (delay > SIPPUSH_BACKOFF_MAX_S * 1000u)
    abort ();
  if (after && delay != MIN (after, SIPPUSH_BACKOFF_MAX_S) * 1000u)
    abort ();
}

static void
check_credentials (const sip_t *sip)
{
  gchar *cred = sippush_sip_auth_credentials (sip, USER, "secret");
  const msg_auth_t *au
      = sip->sip_www_authenticate ? sip->sip_www_authenticate : sip->sip_proxy_authenticate;
  if ((cred == NULL) != (au == NULL))
    abort ();
  if (cred == NULL)
    return;
  if (!g_str_has_suffix (cred, ":" USER ":secret"))
    abort ();
  /* A folded challenge keeps its CRLF in the realm; what goes back in the Authorization
   * header must stay folded (a CRLF always followed by a space or tab), never a new line. */
  for (const char *p = cred; (p = strchr (p, '\n')); p++)
    if (p[1] != ' ' && p[1] != '\t')
      abort ();
  /* What nua_authenticate() does with them: the client made from the challenge must take
   * them. A challenge sofia cannot use (an unknown scheme) is not ours to answer; only the
   * first challenge is answered, so only a single one with a quoted-string realm is checked
   * (one without is malformed, RFC 2617 §1.2), and none with control characters in its
   * parameters (no SIP header value has them; sofia's challenge parser and its parameter
   * list split them differently). */
  const char *realm = msg_params_find (au->au_params, "realm=");
  gboolean controls = FALSE;
  for (const char *const *p = au->au_params; p && *p; p++)
    for (const char *c = *p; *c; c++)
      controls = controls || ((guchar) *c < 0x20 && !strchr ("\t\r\n", *c)) || *c == 0x7f;
  if (au->au_next || realm == NULL || controls
      || !g_regex_match_simple ("^\"([^\"\\\\]|\\\\.)*\"$", realm, 0, 0))
    {
      g_free (cred);
      return;
    }
  su_home_t *home = su_home_new (sizeof (su_home_t));
  auth_client_t *aucs = NULL;
  msg_hclass_t *cred_class
      = sip->sip_www_authenticate ? sip_authorization_class : sip_proxy_authorization_class;
  if (auc_challenge (&aucs, home, au, cred_class) > 0 && auc_credentials (&aucs, home, cred) < 1)
    abort ();
  su_home_unref (home);
  g_free (cred);
}

static void
check_subscription_state (const sip_t *sip, gboolean referred)
{
  const sip_subscription_state_t *ss = sip->sip_subscription_state;
  if (ss == NULL)
    return;
  const char *reason = ss->ss_reason ? ss->ss_reason : "";
  SipPushTerminatedAction action = sippush_subscription_terminated_action (reason, referred);
  g_autofree gchar *upper = g_ascii_strup (reason, -1);
  if (sippush_subscription_terminated_action (upper, referred) != action)
    abort ();
  if (referred && action != SIPPUSH_TERMINATED_GIVE_UP)
    abort ();
}

static void
noop_app (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer user_data)
{
  (void) receiver;
  (void) delivery;
  (void) user_data;
}

static SipPushDispatch *
make_dispatch (guint8 mode)
{
  static const gchar *const text[] = { "text/plain", "application/vnd.oma.*", NULL };
  static const gchar *const images[] = { "image/*", NULL };
  SipPushDispatch *d = sippush_dispatch_new ();
  SipPushApp *a = sippush_dispatch_add (d, "ua-profile", noop_app, NULL, NULL, NULL);
  SipPushApp *b = sippush_dispatch_add (d, "mms.ua", noop_app, NULL, NULL, NULL);
  if (a == NULL || b == NULL)
    abort ();
  sippush_app_set_accept_types (a, text);
  sippush_app_set_accept_types (b, images);
  if (mode & 4)
    {
      SipPushApp *any = sippush_dispatch_add (d, NULL, noop_app, NULL, NULL, NULL);
      if (any == NULL)
        abort ();
    }
  if (mode & 8)
    sippush_dispatch_set_default (d, b, NULL);
  return d;
}

static void
check_notify_routing (const sip_t *sip, guint8 mode)
{
  static const gchar *const sub_one[] = { "ua-profile", NULL };
  SipPushShared shared = { 0 };
  shared.dispatch = make_dispatch (mode);
  shared.trusted = g_hash_table_new (g_str_hash, g_str_equal);
  SipPushAdmission adm = { 0 };
  SipPushRefusal refusal = { 0 };
  gboolean ok = sippush_admit (&shared, SIPPUSH_METHOD_NOTIFY, sip, mode & 16 ? sub_one : NULL,
                               &adm, &refusal);
  if (ok)
    {
      if (adm.app == NULL || !sippush_app_accepts (adm.app, adm.content_type))
        abort ();
    }
  else
    {
      switch (refusal.status)
        {
        case 400:
        case 403:
        case 415:
        case 480:
        case 500:
          break;
        default:
          abort ();
        }
      if (refusal.reason == NULL)
        abort ();
    }
  sippush_admission_clear (&adm);
  sippush_refusal_clear (&refusal);
  g_hash_table_unref (shared.trusted);
  sippush_dispatch_free (shared.dispatch);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1 || size > 65536)
    return 0;
  guint8 mode = data[0];
  data++;
  size--;
  /* msg_make() wants a NUL-terminated buffer it may modify. */
  char *copy = g_malloc (size + 1);
  memcpy (copy, data, size);
  copy[size] = '\0';
  msg_t *msg = msg_make (sippush_sofia_mclass (), 0, copy, (isize_t) size);
  sip_t *sip = msg ? sip_object (msg) : NULL;
  if (sip)
    {
      check_expires (sip);
      check_retry_after (sip, mode);
      check_credentials (sip);
      check_subscription_state (sip, mode & 1);
      if (sip->sip_request || (mode & 2))
        check_notify_routing (sip, mode);
    }
  if (msg)
    msg_destroy (msg);
  g_free (copy);
  return 0;
}
