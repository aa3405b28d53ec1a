/* msrp/relay-auth.c — the relay's digest challenge, Use-Path and Expires (RFC 4976 §5, RFC 2617).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/relay-auth.h"

#include <string.h>

#include "core/scan.h"
#include "msrp/uri.h"

void
sippush_msrp_digest_challenge_clear (SipPushMsrpDigestChallenge *c)
{
  g_clear_pointer (&c->realm, g_free);
  g_clear_pointer (&c->nonce, g_free);
  g_clear_pointer (&c->opaque, g_free);
  c->qop_auth = FALSE;
  c->stale = FALSE;
}

/* A quoted-string at *@i (RFC 2616 §2.2, as RFC 2617 uses it): its unescaped text into
 * @out. */
static SipPushParseResult
scan_quoted (const char *s, gsize len, gsize *i, GString *out, GError **error)
{
  gsize at = *i + 1; /* past the opening quote */
  while (at < len && s[at] != '"')
    {
      if (s[at] == '\\' && ++at >= len)
        break;
      if (((guchar) s[at] < 0x20 && s[at] != '\t') || s[at] == 0x7F)
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                   "control character 0x%02X in a quoted value", (guchar) s[at]);
      if (out->len >= SIPPUSH_MSRP_DIGEST_VALUE_MAX)
        return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE,
                                   "a challenge value is over %d bytes",
                                   SIPPUSH_MSRP_DIGEST_VALUE_MAX);
      g_string_append_c (out, s[at]);
      at++;
    }
  if (at >= len)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "unterminated quoted value");
  *i = at + 1;
  return SIPPUSH_PARSE_OK;
}

/* Whether the comma-separated token list @list names @token (qop="auth,auth-int"). */
static gboolean
list_has (const char *list, const char *token)
{
  g_auto (GStrv) items = g_strsplit (list, ",", -1);
  for (gchar **it = items; *it; it++)
    if (g_ascii_strcasecmp (g_strstrip (*it), token) == 0)
      return TRUE;
  return FALSE;
}

/* Stores @value under @name; FALSE (MALFORMED) on a repeated known parameter. */
static SipPushParseResult
take_param (SipPushMsrpDigestChallenge *c, SipPushSlice name, GString *value, guint *seen,
            GError **error)
{
  static const char *const known[] = { "realm", "nonce", "opaque", "algorithm", "qop", "stale" };
  guint k;
  for (k = 0; k < G_N_ELEMENTS (known); k++)
    if (sippush_scan_name_is (name.p, name.len, known[k]))
      break;
  if (k == G_N_ELEMENTS (known))
    return SIPPUSH_PARSE_OK; /* domain, or an extension: not needed for the answer */
  if (*seen & (1u << k))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "parameter %s repeated", known[k]);
  *seen |= 1u << k;
  switch (k)
    {
    case 0:
      c->realm = g_strdup (value->str);
      break;
    case 1:
      c->nonce = g_strdup (value->str);
      break;
    case 2:
      c->opaque = g_strdup (value->str);
      break;
    case 3:
      if (g_ascii_strcasecmp (value->str, "MD5") != 0)
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "digest algorithm is not MD5");
      break;
    case 4:
      if (!list_has (value->str, "auth"))
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "qop does not offer auth");
      c->qop_auth = TRUE;
      break;
    default:
      c->stale = g_ascii_strcasecmp (value->str, "true") == 0;
      break;
    }
  return SIPPUSH_PARSE_OK;
}

static SipPushParseResult
parse_params (const char *s, gsize len, gsize i, SipPushMsrpDigestChallenge *out, GError **error)
{
  g_autoptr (GString) value = g_string_new (NULL);
  guint seen = 0, n = 0;
  for (;;)
    {
      sippush_scan_skip_blanks (s, len, &i);
      SipPushSlice name = { s + i, 0 };
      name.len = sippush_scan_token (s, len, &i);
      if (name.len == 0)
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                   "a parameter name is expected at offset %" G_GSIZE_FORMAT, i);
      if (++n > SIPPUSH_MSRP_DIGEST_PARAMS_MAX)
        return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE, "more than %d parameters",
                                   SIPPUSH_MSRP_DIGEST_PARAMS_MAX);
      sippush_scan_skip_blanks (s, len, &i);
      if (i >= len || s[i] != '=')
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "'=' expected after %.*s",
                                   (int) MIN (name.len, 32), name.p);
      i++;
      sippush_scan_skip_blanks (s, len, &i);
      g_string_truncate (value, 0);
      if (i < len && s[i] == '"')
        {
          SipPushParseResult r = scan_quoted (s, len, &i, value, error);
          if (r != SIPPUSH_PARSE_OK)
            return r;
        }
      else
        {
          gsize start = i, vlen = sippush_scan_token (s, len, &i);
          if (vlen == 0)
            return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                       "a value is expected at offset %" G_GSIZE_FORMAT, i);
          if (vlen > SIPPUSH_MSRP_DIGEST_VALUE_MAX)
            return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE,
                                       "a challenge value is over %d bytes",
                                       SIPPUSH_MSRP_DIGEST_VALUE_MAX);
          g_string_append_len (value, s + start, (gssize) vlen);
        }
      SipPushParseResult r = take_param (out, name, value, &seen, error);
      if (r != SIPPUSH_PARSE_OK)
        return r;
      sippush_scan_skip_blanks (s, len, &i);
      if (i == len)
        break;
      if (s[i] != ',')
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                   "',' expected at offset %" G_GSIZE_FORMAT, i);
      i++;
    }
  if (out->realm == NULL || out->nonce == NULL)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "the challenge has no %s",
                               out->realm == NULL ? "realm" : "nonce");
  return SIPPUSH_PARSE_OK;
}

SipPushParseResult
sippush_msrp_digest_challenge_parse (const char *value, gsize len, SipPushMsrpDigestChallenge *out,
                                     GError **error)
{
  memset (out, 0, sizeof *out);
  gsize i = 0;
  if (value == NULL)
    len = 0;
  sippush_scan_skip_blanks (value, len, &i);
  gsize start = i, scheme = sippush_scan_token (value, len, &i);
  if (!sippush_scan_name_is (value + start, scheme, "Digest") || i >= len
      || !sippush_scan_is (SIPPUSH_CHARS_BLANK, value[i]))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "not a Digest challenge");
  SipPushParseResult r = parse_params (value, len, i, out, error);
  if (r != SIPPUSH_PARSE_OK)
    sippush_msrp_digest_challenge_clear (out);
  return r;
}

SipPushParseResult
sippush_msrp_use_path_parse (const char *value, gsize len, gchar **path, GError **error)
{
  *path = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  gsize i = 0;
  guint hops = 0;
  if (value == NULL)
    len = 0;
  for (;;)
    {
      sippush_scan_skip_blanks (value, len, &i);
      if (i == len)
        break;
      gsize start = i;
      while (i < len && !sippush_scan_is (SIPPUSH_CHARS_BLANK, value[i]))
        i++;
      if (++hops > SIPPUSH_MSRP_USE_PATH_MAX_HOPS)
        return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE, "Use-Path over %d hops",
                                   SIPPUSH_MSRP_USE_PATH_MAX_HOPS);
      SipPushMsrpUri uri;
      SipPushParseResult r = sippush_msrp_uri_parse (value + start, i - start, &uri, error);
      if (r != SIPPUSH_PARSE_OK)
        return r;
      if (uri.session_id.len == 0)
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                   "a Use-Path URI without a session id");
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append_len (out, value + start, (gssize) (i - start));
    }
  if (hops == 0)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "an empty Use-Path");
  *path = g_string_free (g_steal_pointer (&out), FALSE);
  return SIPPUSH_PARSE_OK;
}

SipPushParseResult
sippush_msrp_expires_parse (const char *value, gsize len, guint32 *seconds, GError **error)
{
  guint64 v;
  if (value == NULL || !sippush_scan_decimal_all (value, len, 10, G_MAXUINT32, &v))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                               "Expires is not a number of seconds up to %u", G_MAXUINT32);
  *seconds = (guint32) v;
  return SIPPUSH_PARSE_OK;
}

/* ---- the answer ------------------------------------------------------------------------ */

static gchar *
md5_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

/* @s as the inside of a quoted-string. */
static gchar *
quote_escape (const char *s)
{
  GString *out = g_string_new (NULL);
  for (; *s; s++)
    {
      if (*s == '"' || *s == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *s);
    }
  return g_string_free (out, FALSE);
}

gchar *
sippush_msrp_digest_authorization (const SipPushMsrpDigestChallenge *c, const char *user,
                                   const char *password, const char *uri, const char *cnonce)
{
  g_autofree gchar *a1 = g_strdup_printf ("%s:%s:%s", user, c->realm, password ? password : "");
  g_autofree gchar *a2 = g_strdup_printf ("AUTH:%s", uri);
  g_autofree gchar *ha1 = md5_hex (a1), *ha2 = md5_hex (a2);
  g_autofree gchar *data
      = c->qop_auth ? g_strdup_printf ("%s:%s:00000001:%s:auth:%s", ha1, c->nonce, cnonce, ha2)
                    : g_strdup_printf ("%s:%s:%s", ha1, c->nonce, ha2);
  g_autofree gchar *response = md5_hex (data);
  g_autofree gchar *q_user = quote_escape (user), *q_realm = quote_escape (c->realm),
                   *q_nonce = quote_escape (c->nonce), *q_uri = quote_escape (uri);
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\"",
                          q_user, q_realm, q_nonce, q_uri);
  if (c->qop_auth)
    g_string_append_printf (out, ", qop=auth, nc=00000001, cnonce=\"%s\"", cnonce);
  g_string_append_printf (out, ", response=\"%s\", algorithm=MD5", response);
  if (c->opaque)
    {
      g_autofree gchar *q_opaque = quote_escape (c->opaque);
      g_string_append_printf (out, ", opaque=\"%s\"", q_opaque);
    }
  return g_string_free (out, FALSE);
}
