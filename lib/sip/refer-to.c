/* sip/refer-to.c — Refer-To URI decoding for REFER-triggered subscriptions (R-REF-3, R-REF-5).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/refer-to.h"

#include <string.h>

#include "core/scan.h"
#include "sip/event-header.h"

#define EXPIRES_DIGITS_MAX 10

void
sippush_refer_to_clear (SipPushReferTo *rt)
{
  g_clear_pointer (&rt->target, g_free);
  g_clear_pointer (&rt->event, g_free);
  g_clear_pointer (&rt->accept, g_free);
  g_clear_pointer (&rt->expires, g_free);
}

GQuark
sippush_refer_to_error_quark (void)
{
  /* Looked up once, as G_DEFINE_QUARK does: the lookup takes a lock. */
  static GQuark quark;
  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("sippush-refer-to-error-quark");
  return quark;
}

guint
sippush_refer_to_status (SipPushParseResult result, const GError *error)
{
  if (result == SIPPUSH_PARSE_OK)
    return 202;
  if (error && error->domain == SIPPUSH_REFER_TO_ERROR)
    switch ((SipPushReferToError) error->code)
      {
      case SIPPUSH_REFER_TO_ERROR_NOT_SUBSCRIBE:
        return 603;
      case SIPPUSH_REFER_TO_ERROR_OTHER_EVENT:
        return 489;
      case SIPPUSH_REFER_TO_ERROR_HEADER_NOT_ALLOWED:
        break;
      }
  return 400;
}

/* The failure funnel: @out cleared, @error set from @text (taken). A policy refusal
 * (@refusal >= 0, a SipPushReferToError) is MALFORMED in the SIPPUSH_REFER_TO_ERROR domain. */
static SipPushParseResult
fail (SipPushReferTo *out, GError **error, SipPushParseResult result, gint refusal, gchar *text)
{
  sippush_refer_to_clear (out);
  if (refusal >= 0)
    g_set_error_literal (error, SIPPUSH_REFER_TO_ERROR, refusal, text);
  else
    sippush_parse_fail (error, result, "%s", text);
  g_free (text);
  return result;
}

#define MALFORMED SIPPUSH_PARSE_MALFORMED, -1
#define TOO_LARGE SIPPUSH_PARSE_TOO_LARGE, -1
#define REFUSED(code) SIPPUSH_PARSE_MALFORMED, SIPPUSH_REFER_TO_ERROR_##code

/* URL-decodes (p, len); NULL when an escape is bad or the result has a control character
 * (no CR/LF/NUL can reach a header: no header injection). */
static gchar *
url_decode (const char *p, gsize len)
{
  gchar *out = g_malloc (len + 1);
  gsize n = 0;
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = (guint8) p[i];
      if (c == '%')
        {
          gsize at = i;
          if (!sippush_scan_percent (p, len, &at, &c))
            {
              g_free (out);
              return NULL;
            }
          i = at - 1;
        }
      if (c < 0x20 || c == 0x7f)
        {
          g_free (out);
          return NULL;
        }
      out[n++] = (gchar) c;
    }
  out[n] = '\0';
  return out;
}

/* Where the host part starts: after the last '@' (an '@' cannot appear raw in a
 * parameter or header), else after the scheme. */
static gsize
host_start (const char *uri, gsize len, gsize scheme_len)
{
  gsize at = 0;
  for (gsize i = scheme_len; i < len; i++)
    if (uri[i] == '@')
      at = i + 1;
  return at ? at : scheme_len;
}

/* Copies the URI part (scheme … parameters, before '?') without its method parameter, and
 * reads that parameter's value. */
static gboolean
strip_method (const char *uri, gsize len, gsize hostpos, GString *target, const char **method,
              gsize *method_len, gboolean *has_method)
{
  gsize i = hostpos;
  while (i < len && uri[i] != ';')
    i++;
  g_string_append_len (target, uri, (gssize) i);
  *has_method = FALSE;
  while (i < len)
    {
      gsize start = ++i; /* after ';' */
      while (i < len && uri[i] != ';')
        i++;
      const char *param = uri + start;
      gsize plen = i - start;
      const char *eq = memchr (param, '=', plen);
      gsize nlen = eq ? (gsize) (eq - param) : plen;
      if (nlen == 0)
        return FALSE;
      if (sippush_scan_name_is (param, nlen, "method"))
        {
          if (*has_method || eq == NULL)
            return FALSE;
          *has_method = TRUE;
          *method = eq + 1;
          *method_len = plen - nlen - 1;
          continue;
        }
      g_string_append_c (target, ';');
      g_string_append_len (target, param, (gssize) plen);
    }
  return TRUE;
}

/* Expires: decimal digits that fit 32 bits. */
static gboolean
expires_is_valid (const char *s)
{
  guint64 v;
  return sippush_scan_decimal_all (s, strlen (s), EXPIRES_DIGITS_MAX, G_MAXUINT32, &v);
}

SipPushParseResult
sippush_refer_to_decode (const char *uri, gsize len, SipPushReferTo *out, GError **why)
{
  memset (out, 0, sizeof *out);
  if (uri == NULL || len == 0)
    return fail (out, why, MALFORMED, g_strdup ("Refer-To is empty"));
  if (len > SIPPUSH_REFER_TO_MAX)
    return fail (out, why, TOO_LARGE, g_strdup ("Refer-To is too long"));
  for (gsize i = 0; i < len; i++)
    if ((guchar) uri[i] <= 0x20 || (guchar) uri[i] >= 0x7f || uri[i] == '<' || uri[i] == '>'
        || uri[i] == '"')
      return fail (out, why, MALFORMED, g_strdup ("Refer-To has a character a URI cannot carry"));

  gsize scheme_len = 0;
  if (len > 4 && g_ascii_strncasecmp (uri, "sip:", 4) == 0)
    scheme_len = 4;
  else if (len > 5 && g_ascii_strncasecmp (uri, "sips:", 5) == 0)
    scheme_len = 5;
  else
    return fail (out, why, MALFORMED, g_strdup ("Refer-To is not a SIP URI"));

  /* The headers start at the first '?' after the host ('?' may be in the user part). */
  gsize hostpos = host_start (uri, len, scheme_len);
  const char *q = memchr (uri + hostpos, '?', len - hostpos);
  gsize uri_len = q ? (gsize) (q - uri) : len;
  if (uri_len == hostpos || uri[hostpos] == ';' || uri[hostpos] == ':')
    return fail (out, why, MALFORMED, g_strdup ("Refer-To has no host"));

  g_autoptr (GString) target = g_string_new (NULL);
  const char *method = NULL;
  gsize method_len = 0;
  gboolean has_method;
  if (!strip_method (uri, uri_len, hostpos, target, &method, &method_len, &has_method))
    return fail (out, why, MALFORMED, g_strdup ("Refer-To has a malformed URI parameter"));
  /* R-REF-5; without method= a SIP URI means INVITE (RFC 3515 §2.4.2). */
  if (!has_method || !sippush_scan_name_is (method, method_len, "SUBSCRIBE"))
    return fail (out, why, REFUSED (NOT_SUBSCRIBE),
                 has_method ? g_strdup_printf ("Refer-To method %.*s is not SUBSCRIBE",
                                               (int) MIN (method_len, 32), method)
                            : g_strdup ("Refer-To names no method (INVITE), not SUBSCRIBE"));
  out->target = g_string_free (g_steal_pointer (&target), FALSE);

  if (q == NULL)
    return SIPPUSH_PARSE_OK;
  const char *h = q + 1;
  gsize hlen = len - uri_len - 1;
  guint n_headers = 0;
  gsize i = 0;
  while (i <= hlen)
    {
      gsize start = i;
      while (i < hlen && h[i] != '&')
        i++;
      const char *part = h + start;
      gsize plen = i - start;
      i++; /* past '&' (or the end) */
      if (plen == 0 && hlen == 0)
        break; /* a bare '?' */
      if (++n_headers > SIPPUSH_REFER_TO_MAX_HEADERS)
        return fail (out, why, TOO_LARGE, g_strdup ("Refer-To embeds too many headers"));
      const char *eq = memchr (part, '=', plen);
      gsize nlen = eq ? (gsize) (eq - part) : plen;
      gboolean token = nlen > 0;
      for (gsize k = 0; k < nlen && token; k++)
        token = sippush_scan_is (SIPPUSH_CHARS_SIP_TOKEN, part[k]) && part[k] != '%';
      /* B2: every component must be token=value before anything else looks at it. */
      if (eq == NULL || !token)
        return fail (out, why, MALFORMED,
                     g_strdup ("Refer-To embeds a header that is not token=value"));
      gchar **slot = NULL;
      if (sippush_scan_name_is (part, nlen, "Event") || sippush_scan_name_is (part, nlen, "o"))
        slot = &out->event;
      else if (sippush_scan_name_is (part, nlen, "Accept"))
        slot = &out->accept;
      else if (sippush_scan_name_is (part, nlen, "Expires"))
        slot = &out->expires;
      else
        return fail (out, why, REFUSED (HEADER_NOT_ALLOWED),
                     g_strdup_printf ("Refer-To embeds a header that is not allowed: %.*s",
                                      (int) MIN (nlen, 32), part));
      if (*slot)
        return fail (out, why, MALFORMED,
                     g_strdup_printf ("Refer-To embeds %.*s twice", (int) MIN (nlen, 32), part));
      *slot = url_decode (eq + 1, plen - nlen - 1);
      if (*slot == NULL || **slot == '\0')
        return fail (
            out, why, MALFORMED,
            g_strdup_printf ("Refer-To embeds a bad %.*s value", (int) MIN (nlen, 32), part));
    }

  if (out->expires && !expires_is_valid (out->expires))
    return fail (out, why, MALFORMED, g_strdup ("Refer-To embeds an Expires that is not a number"));
  if (out->event)
    {
      const char *pkg;
      gsize pkg_len;
      if (!sippush_event_header_package (out->event, strlen (out->event), &pkg, &pkg_len))
        return fail (out, why, MALFORMED, g_strdup ("Refer-To embeds an Event without a package"));
      if (!sippush_scan_name_is (pkg, pkg_len, "ua-profile"))
        return fail (out, why, REFUSED (OTHER_EVENT),
                     g_strdup_printf ("Refer-To asks for event package %.*s, not ua-profile",
                                      (int) MIN (pkg_len, 32), pkg));
    }
  return SIPPUSH_PARSE_OK;
}
