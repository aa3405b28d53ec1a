/* fuzz-content-type.c — libFuzzer target for content-type matching (R-MSG-3, R-DSP-1,
 * R-NOT-1, R-MSRP-3): sippush_content_type_matches() and sippush_app_accepts(), the routing
 * of a NOTIFY by type, the SUBSCRIBE's Accept, and a MESSAGE whose Content-Type header sofia
 * parsed going through sippush_admit().
 *
 * Input: lines. The first is a Content-Type value; each further line is one application's
 * accept types (space-separated, up to three applications).
 *
 * Checked: parameters and case do not change a match; `type/ *` matches what `type/subtype`
 * matches; `*` and `* / *` match anything; an exact pattern matches only its own type; a
 * NOTIFY routed by type goes to the first application listing it; the Accept lists every
 * type once; an admitted MESSAGE goes to an application that takes its type, a refused one is
 * 400, 415 or 480.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_protos.h>

#include <sippush/sippush.h>

#include "core/dispatch.h"
#include "sip/admission.h"
#include "sip/sofia-glue.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_APPS 3

/* type/subtype of @ct, lower-cased, trailing space dropped, no parameters. */
static gchar *
base_type (const char *ct)
{
  const char *semi = strchr (ct, ';');
  gchar *base = semi ? g_strndup (ct, (gsize) (semi - ct)) : g_strdup (ct);
  g_strchomp (base);
  gchar *lower = g_ascii_strdown (base, -1);
  g_free (base);
  return lower;
}

static void
check_pattern (const char *pattern, const char *ct)
{
  gboolean m = sippush_content_type_matches (pattern, ct);
  if (strcmp (pattern, "*") == 0 || strcmp (pattern, "*/*") == 0)
    {
      if (!m)
        abort ();
      return;
    }
  /* Case does not matter. */
  g_autofree gchar *up = g_ascii_strup (pattern, -1);
  g_autofree gchar *ct_down = g_ascii_strdown (ct, -1);
  if (sippush_content_type_matches (up, ct_down) != m)
    abort ();
  /* Parameters do not matter. */
  g_autofree gchar *base = base_type (ct);
  g_autofree gchar *with_params = g_strconcat (base, ";charset=utf-8;x=\"a;b\"", NULL);
  if (strchr (ct, ';') == NULL && sippush_content_type_matches (pattern, with_params) != m)
    abort ();
  size_t plen = strlen (pattern);
  gboolean wildcard = plen >= 2 && pattern[plen - 1] == '*' && pattern[plen - 2] == '/';
  if (m && !wildcard)
    {
      /* An exact pattern matches only its own type. */
      g_autofree gchar *lower = g_ascii_strdown (pattern, -1);
      if (strcmp (lower, base) != 0)
        abort ();
      /* And then type/ * matches too. */
      const char *slash = strchr (pattern, '/');
      if (slash)
        {
          g_autofree gchar *type = g_strndup (pattern, (gsize) (slash - pattern));
          g_autofree gchar *any = g_strconcat (type, "/*", NULL);
          if (slash[1] && !sippush_content_type_matches (any, ct))
            abort ();
        }
    }
}

static void
noop_app (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer user_data)
{
  (void) receiver;
  (void) delivery;
  (void) user_data;
}

static void
check_message (SipPushDispatch *d, const char *ct)
{
  if (strpbrk (ct, "\r\n"))
    return;
  g_autofree gchar *text
      = g_strdup_printf ("MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
                         "From: <sip:pushsender@example.net>;tag=1\r\nTo: <sip:alice@127.0.0.1>\r\n"
                         "Call-ID: ct-1@127.0.0.1\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n"
                         "Content-Type: %s\r\nContent-Length: 5\r\n\r\nhello",
                         ct);
  msg_t *msg = msg_make (sippush_sofia_mclass (), 0, text, (isize_t) strlen (text));
  sip_t *sip = msg ? sip_object (msg) : NULL;
  if (sip)
    {
      SipPushShared shared = { 0 };
      shared.dispatch = d;
      shared.trusted = g_hash_table_new (g_str_hash, g_str_equal);
      SipPushAdmission adm = { 0 };
      SipPushRefusal refusal = { 0 };
      if (sippush_admit (&shared, SIPPUSH_METHOD_MESSAGE, sip, NULL, &adm, &refusal))
        {
          if (adm.app == NULL || !sippush_app_accepts (adm.app, adm.content_type))
            abort ();
        }
      else if (refusal.status != 400 && refusal.status != 415 && refusal.status != 480)
        abort ();
      sippush_admission_clear (&adm);
      sippush_refusal_clear (&refusal);
      g_hash_table_unref (shared.trusted);
    }
  if (msg)
    msg_destroy (msg);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 16384 || memchr (data, '\0', size))
    return 0;
  g_autofree gchar *text = g_strndup ((const char *) data, size);
  g_auto (GStrv) lines = g_strsplit (text, "\n", MAX_APPS + 2);
  const char *ct = lines[0];
  if (ct == NULL)
    return 0; /* empty input */

  SipPushDispatch *d = sippush_dispatch_new ();
  static const char *const aris[MAX_APPS] = { "ua-profile", "mms.ua", "com.example.push" };
  SipPushApp *apps[MAX_APPS] = { NULL };
  guint n_apps = 0;
  for (guint i = 0; i < MAX_APPS && lines[i + 1]; i++)
    {
      g_auto (GStrv) types = g_strsplit_set (lines[i + 1], " ", 8);
      for (gchar **t = types; *t; t++)
        if (**t)
          check_pattern (*t, ct);
      apps[i] = sippush_dispatch_add (d, aris[i], noop_app, NULL, NULL, NULL);
      if (apps[i] == NULL)
        abort ();
      sippush_app_set_accept_types (apps[i], (const gchar *const *) types);
      n_apps++;
    }

  /* NOTIFY by type: the first application (in order) whose own types list @ct. */
  SipPushApp *routed = NULL;
  gboolean found = sippush_dispatch_route_by_type (d, ct, &routed);
  for (guint i = 0; i < n_apps; i++)
    {
      const gchar *const *types = sippush_app_get_accept_types (apps[i]);
      gboolean takes = types && sippush_app_accepts (apps[i], ct);
      if (takes)
        {
          if (!found || routed != apps[i])
            abort ();
          break;
        }
      if (found && routed == apps[i])
        abort ();
    }
  g_clear_object (&routed);

  /* The Accept of a push SUBSCRIBE: every type once (types are the host's: only checked
   * when they are tokens, as a host gives them). */
  g_autofree gchar *accept = sippush_dispatch_dup_accept (d);
  gboolean tokens = TRUE;
  for (guint i = 0; i < n_apps; i++)
    for (const gchar *const *t = sippush_app_get_accept_types (apps[i]); t && *t; t++)
      tokens = tokens && **t && !strpbrk (*t, ", \t\r\n\f\v");
  if (accept && tokens)
    {
      g_auto (GStrv) items = g_strsplit (accept, ",", -1);
      GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (gchar **t = items; *t; t++)
        {
          g_strstrip (*t);
          if (!g_hash_table_add (seen, *t))
            abort ();
        }
      g_hash_table_unref (seen);
    }

  check_message (d, ct);
  sippush_dispatch_free (d);
  return 0;
}
