/* sip/refer-to.c — Refer-To URI decoding for REFER-triggered subscriptions (R-REF-3, R-REF-5).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/refer-to.h"

#include <string.h>

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

guint
sippush_refer_to_status (SipPushReferToResult result)
{
  switch (result)
    {
    case SIPPUSH_REFER_TO_OK:
      return 202;
    case SIPPUSH_REFER_TO_NOT_SUBSCRIBE:
      return 603;
    case SIPPUSH_REFER_TO_OTHER_EVENT:
      return 489;
    case SIPPUSH_REFER_TO_MALFORMED:
    case SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED:
      break;
    }
  return 400;
}

static SipPushReferToResult
fail (SipPushReferTo *out, gchar **why, SipPushReferToResult result, gchar *text)
{
  sippush_refer_to_clear (out);
  if (why)
    *why = text;
  else
    g_free (text);
  return result;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* URL-decodes (p, len); NULL when an escape is bad or the result has a control character
 * (no CR/LF/NUL can reach a header: no header injection). */
static gchar *
url_decode (const char *p, gsize len)
{
  gchar *out = g_malloc (len + 1);
  gsize n = 0;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) p[i];
      if (c == '%')
        {
          int hi = i + 2 < len ? hex_value (p[i + 1]) : -1;
          int lo = i + 2 < len ? hex_value (p[i + 2]) : -1;
          if (hi < 0 || lo < 0)
            {
              g_free (out);
              return NULL;
            }
          c = (guchar) (hi * 16 + lo);
          i += 2;
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

static gboolean
is_token_char (guchar c)
{
  return g_ascii_isalnum (c) || (c != 0 && strchr ("-.!%*_+`'~", c) != NULL);
}

static gboolean
name_is (const char *p, gsize len, const char *name)
{
  return len == strlen (name) && g_ascii_strncasecmp (p, name, len) == 0;
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
      if (name_is (param, nlen, "method"))
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

static gboolean
all_digits (const char *s)
{
  gsize n = strlen (s);
  if (n == 0 || n > EXPIRES_DIGITS_MAX)
    return FALSE;
  guint64 v = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (guint64) (s[i] - '0'); /* ≤ 10 digits: cannot overflow 64 bits */
    }
  return v <= G_MAXUINT32;
}

SipPushReferToResult
sippush_refer_to_decode (const char *uri, gsize len, SipPushReferTo *out, gchar **why)
{
  memset (out, 0, sizeof *out);
  if (why)
    *why = NULL;
  if (uri == NULL || len == 0 || len > SIPPUSH_REFER_TO_MAX)
    return fail (out, why, SIPPUSH_REFER_TO_MALFORMED, g_strdup ("Refer-To is empty or too long"));
  for (gsize i = 0; i < len; i++)
    if ((guchar) uri[i] <= 0x20 || (guchar) uri[i] >= 0x7f || uri[i] == '<' || uri[i] == '>'
        || uri[i] == '"')
      return fail (out, why, SIPPUSH_REFER_TO_MALFORMED,
                   g_strdup ("Refer-To has a character a URI cannot carry"));

  gsize scheme_len = 0;
  if (len > 4 && g_ascii_strncasecmp (uri, "sip:", 4) == 0)
    scheme_len = 4;
  else if (len > 5 && g_ascii_strncasecmp (uri, "sips:", 5) == 0)
    scheme_len = 5;
  else
    return fail (out, why, SIPPUSH_REFER_TO_MALFORMED, g_strdup ("Refer-To is not a SIP URI"));

  /* The headers start at the first '?' after the host ('?' may be in the user part). */
  gsize hostpos = host_start (uri, len, scheme_len);
  const char *q = memchr (uri + hostpos, '?', len - hostpos);
  gsize uri_len = q ? (gsize) (q - uri) : len;
  if (uri_len == hostpos || uri[hostpos] == ';' || uri[hostpos] == ':')
    return fail (out, why, SIPPUSH_REFER_TO_MALFORMED, g_strdup ("Refer-To has no host"));

  g_autoptr (GString) target = g_string_new (NULL);
  const char *method = NULL;
  gsize method_len = 0;
  gboolean has_method;
  if (!strip_method (uri, uri_len, hostpos, target, &method, &method_len, &has_method))
    return fail (out, why, SIPPUSH_REFER_TO_MALFORMED,
                 g_strdup ("Refer-To has a malformed URI parameter"));
  /* R-REF-5; without method= a SIP URI means INVITE (RFC 3515 §2.4.2). */
  if (!has_method || !name_is (method, method_len, "SUBSCRIBE"))
    return fail (out, why, SIPPUSH_REFER_TO_NOT_SUBSCRIBE,
                 has_method ? g_strdup_printf ("Refer-To method %.*s is not SUBSCRIBE",
                                               (int) MIN (method_len, 32), method)
                            : g_strdup ("Refer-To names no method (INVITE), not SUBSCRIBE"));
  out->target = g_string_free (g_steal_pointer (&target), FALSE);

  if (q == NULL)
    return SIPPUSH_REFER_TO_OK;
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
        return fail (out, why, SIPPUSH_REFER_TO_MALFORMED,
                     g_strdup ("Refer-To embeds too many headers"));
      const char *eq = memchr (part, '=', plen);
      gsize nlen = eq ? (gsize) (eq - part) : plen;
      gboolean token = nlen > 0;
      for (gsize k = 0; k < nlen && token; k++)
        token = is_token_char ((guchar) part[k]) && part[k] != '%';
      /* B2: every component must be token=value before anything else looks at it. */
      if (eq == NULL || !token)
        return fail (out, why, SIPPUSH_REFER_TO_MALFORMED,
                     g_strdup ("Refer-To embeds a header that is not token=value"));
      gchar **slot = NULL;
      if (name_is (part, nlen, "Event") || name_is (part, nlen, "o"))
        slot = &out->event;
      else if (name_is (part, nlen, "Accept"))
        slot = &out->accept;
      else if (name_is (part, nlen, "Expires"))
        slot = &out->expires;
      else
        return fail (out, why, SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED,
                     g_strdup_printf ("Refer-To embeds a header that is not allowed: %.*s",
                                      (int) MIN (nlen, 32), part));
      if (*slot)
        return fail (out, why, SIPPUSH_REFER_TO_MALFORMED,
                     g_strdup_printf ("Refer-To embeds %.*s twice", (int) MIN (nlen, 32), part));
      *slot = url_decode (eq + 1, plen - nlen - 1);
      if (*slot == NULL || **slot == '\0')
        return fail (
            out, why, SIPPUSH_REFER_TO_MALFORMED,
            g_strdup_printf ("Refer-To embeds a bad %.*s value", (int) MIN (nlen, 32), part));
    }

  if (out->expires && !all_digits (out->expires))
    return fail (out, why, SIPPUSH_REFER_TO_MALFORMED,
                 g_strdup ("Refer-To embeds an Expires that is not a number"));
  if (out->event)
    {
      const char *pkg;
      gsize pkg_len;
      if (!sippush_event_header_package (out->event, strlen (out->event), &pkg, &pkg_len))
        return fail (out, why, SIPPUSH_REFER_TO_MALFORMED,
                     g_strdup ("Refer-To embeds an Event without a package"));
      if (!name_is (pkg, pkg_len, "ua-profile"))
        return fail (out, why, SIPPUSH_REFER_TO_OTHER_EVENT,
                     g_strdup_printf ("Refer-To asks for event package %.*s, not ua-profile",
                                      (int) MIN (pkg_len, 32), pkg));
    }
  return SIPPUSH_REFER_TO_OK;
}
