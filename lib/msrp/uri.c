/* msrp/uri.c — MSRP URIs (RFC 4975 §9) and HOST:PORT, parsed once for every caller.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/uri.h"

#include <string.h>

#define PORT_DIGITS_MAX 5

/* RFC 3986 unreserved / sub-delims / pct-encoded's '%', plus ':' and '@' (userinfo, port)
 * and the brackets of an IP literal: what an authority may hold. */
static gboolean
is_authority_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("-._~!$&'()*+,=:@[]%", c) != NULL);
}

/* RFC 4975 §9: session-id = 1*( unreserved / "+" / "=" / "/" ) */
static gboolean
is_session_id_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("-._~+=/", c) != NULL);
}

/* An IPv6 (or IPvFuture-free) literal between brackets: hex digits, ':' and '.' only. */
static gboolean
ip_literal_is_valid (const char *p, gsize len)
{
  gboolean colon = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (p[i] == ':')
        colon = TRUE;
      else if (!g_ascii_isxdigit (p[i]) && p[i] != '.')
        return FALSE;
    }
  return colon;
}

static SipPushSlice
slice (const char *p, gsize len)
{
  SipPushSlice s = { p, len };
  return s;
}

/* host [":" port] of the authority (userinfo already cut). */
static SipPushParseResult
parse_host_port (const char *p, gsize len, SipPushMsrpUri *out, GError **error)
{
  gsize i = 0;

  out->host_port = slice (p, len);
  if (len > 0 && p[0] == '[')
    {
      const char *close = memchr (p, ']', len);
      if (close == NULL || !ip_literal_is_valid (p + 1, (gsize) (close - p) - 1))
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "MSRP URI: bad IPv6 literal");
      out->host = slice (p + 1, (gsize) (close - p) - 1);
      i = (gsize) (close - p) + 1;
    }
  else
    {
      while (i < len && p[i] != ':')
        {
          if (p[i] == '[' || p[i] == ']')
            return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                       "MSRP URI: bracket in the host");
          i++;
        }
      if (i == 0)
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "MSRP URI: no host");
      out->host = slice (p, i);
    }
  if (i == len)
    return SIPPUSH_PARSE_OK;
  guint64 port;
  if (p[i] != ':'
      || !sippush_scan_decimal_all (p + i + 1, len - i - 1, PORT_DIGITS_MAX, G_MAXUINT16, &port))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "MSRP URI: bad port");
  out->has_port = TRUE;
  out->port = (guint16) port;
  return SIPPUSH_PARSE_OK;
}

SipPushParseResult
sippush_msrp_uri_parse (const char *uri, gsize len, SipPushMsrpUri *out, GError **error)
{
  gsize i, start;
  SipPushParseResult r;

  g_return_val_if_fail (out != NULL, SIPPUSH_PARSE_MALFORMED);
  memset (out, 0, sizeof *out);
  if (uri == NULL && len > 0)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "MSRP URI: no text");
  if (len > SIPPUSH_MSRP_URI_MAX)
    return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE, "MSRP URI longer than %d bytes",
                               SIPPUSH_MSRP_URI_MAX);
  if (sippush_scan_has_prefix_nocase (uri, len, "msrp://"))
    i = 7;
  else if (sippush_scan_has_prefix_nocase (uri, len, "msrps://"))
    i = 8, out->secure = TRUE;
  else
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "not an msrp: or msrps: URI");

  /* authority = [userinfo "@"] host [":" port] */
  const char *at = NULL;
  for (start = i; i < len && uri[i] != '/' && uri[i] != ';'; i++)
    {
      if (!is_authority_char (uri[i]))
        goto malformed;
      if (uri[i] == '@')
        at = uri + i;
    }
  gsize host = start;
  if (at != NULL)
    {
      out->userinfo = slice (uri + start, (gsize) (at - uri) - start);
      host = (gsize) (at - uri) + 1;
    }
  if ((r = parse_host_port (uri + host, i - host, out, error)) != SIPPUSH_PARSE_OK)
    goto clear;

  if (i < len && uri[i] == '/')
    {
      for (start = ++i; i < len && uri[i] != ';'; i++)
        if (!is_session_id_char (uri[i]))
          goto malformed;
      if (i == start)
        goto malformed;
      out->session_id = slice (uri + start, i - start);
    }
  if (i < len)
    {
      /* uri[i] == ';': transport *( ";" param ) */
      start = ++i;
      while (i < len && g_ascii_isalnum (uri[i]))
        i++;
      if (i == start || (i < len && uri[i] != ';'))
        goto malformed;
      out->transport = slice (uri + start, i - start);
      for (; i < len; i++)
        if ((guchar) uri[i] <= 0x20 || (guchar) uri[i] >= 0x7f)
          goto malformed;
    }
  return SIPPUSH_PARSE_OK;

malformed:
  r = sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                          "MSRP URI: byte 0x%02X at offset %" G_GSIZE_FORMAT " does not belong",
                          i < len ? (guchar) uri[i] : 0, i);
clear:
  memset (out, 0, sizeof *out);
  return r;
}

gboolean
sippush_msrp_path_first (SipPushSlice path, SipPushSlice *uri)
{
  gsize i = 0;

  g_return_val_if_fail (uri != NULL, FALSE);
  *uri = slice (NULL, 0);
  if (path.p == NULL)
    return FALSE;
  sippush_scan_skip_blanks (path.p, path.len, &i);
  gsize start = i;
  while (i < path.len && path.p[i] != ' ' && path.p[i] != '\t')
    i++;
  if (i == start)
    return FALSE;
  *uri = slice (path.p + start, i - start);
  return TRUE;
}

gboolean
sippush_msrp_path_whole (SipPushSlice path, SipPushSlice *hops)
{
  gsize start = 0;

  g_return_val_if_fail (hops != NULL, FALSE);
  *hops = slice (NULL, 0);
  if (path.p == NULL)
    return FALSE;
  sippush_scan_skip_blanks (path.p, path.len, &start);
  gsize end = sippush_scan_trim_blanks_end (path.p, start, path.len);
  if (end == start)
    return FALSE;
  *hops = slice (path.p + start, end - start);
  return TRUE;
}

gboolean
sippush_msrp_path_last (SipPushSlice path, SipPushSlice *uri)
{
  g_return_val_if_fail (uri != NULL, FALSE);
  *uri = slice (NULL, 0);
  if (path.p == NULL)
    return FALSE;
  gsize end = sippush_scan_trim_blanks_end (path.p, 0, path.len);
  /* Per chunk, twice: the last blank found by memrchr rather than a test per byte. */
  const char *sp = end ? memrchr (path.p, ' ', end) : NULL;
  const char *tab = end ? memrchr (path.p, '\t', end) : NULL;
  gsize start = sp ? (gsize) (sp - path.p) + 1 : 0;
  if (tab && (gsize) (tab - path.p) + 1 > start)
    start = (gsize) (tab - path.p) + 1;
  if (start == end)
    return FALSE;
  *uri = slice (path.p + start, end - start);
  return TRUE;
}

SipPushParseResult
sippush_msrp_parse_host_port (const char *text, gchar **host, guint16 *port, GError **error)
{
  const char *colon = text ? strrchr (text, ':') : NULL;
  guint64 p;

  if (colon == NULL || colon == text
      || !sippush_scan_decimal_all (colon + 1, strlen (colon + 1), 0, G_MAXUINT16, &p))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "not HOST:PORT");
  const char *h = text;
  gsize len = (gsize) (colon - text);
  if (len >= 2 && h[0] == '[' && h[len - 1] == ']')
    {
      h++;
      len -= 2;
    }
  *host = g_strndup (h, len);
  *port = (guint16) p;
  return SIPPUSH_PARSE_OK;
}
