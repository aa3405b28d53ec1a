/* fuzz-msrp-uri.c — libFuzzer target for the MSRP URI parser, the path splitters and
 * HOST:PORT (msrp/uri.c; R-MSRP-1, R-SEC-1). The parser must answer OK, MALFORMED or
 * TOO_LARGE for any bytes, read only within them, set an error exactly when it refuses,
 * and on OK hand back slices inside the input that obey RFC 4975 §9: a non-empty host,
 * a session-id from its character set, a transport of letters and digits; every prefix
 * must parse without reading past its end.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msrp/uri.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
within (SipPushSlice inner, const char *p, gsize len)
{
  if (inner.p == NULL)
    return inner.len == 0;
  return inner.p >= p && inner.len <= len && (gsize) (inner.p - p) <= len - inner.len;
}

static void
check_uri (const char *p, gsize len)
{
  SipPushMsrpUri u;
  GError *error = NULL;
  SipPushParseResult r = sippush_msrp_uri_parse (p, len, &u, &error);

  if (r == SIPPUSH_PARSE_NEED_MORE || (r == SIPPUSH_PARSE_OK) != (error == NULL))
    abort ();
  if (error && !g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r))
    abort ();
  g_clear_error (&error);
  if (r != SIPPUSH_PARSE_OK)
    {
      if (u.host.p || u.session_id.p || u.transport.p || u.has_port)
        abort ();
      return;
    }
  if (len > SIPPUSH_MSRP_URI_MAX || u.host.len == 0 || !within (u.host, p, len)
      || !within (u.host_port, p, len) || !within (u.userinfo, p, len)
      || !within (u.session_id, p, len) || !within (u.transport, p, len))
    abort ();
  for (gsize i = 0; i < u.session_id.len; i++)
    {
      char c = u.session_id.p[i];
      if (!g_ascii_isalnum (c) && strchr ("-._~+=/", c) == NULL)
        abort ();
    }
  for (gsize i = 0; i < u.transport.len; i++)
    if (!g_ascii_isalnum (u.transport.p[i]))
      abort ();
  for (gsize i = 0; i < u.host_port.len; i++)
    if ((guchar) u.host_port.p[i] <= 0x20 || (guchar) u.host_port.p[i] >= 0x7f)
      abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* An exact copy, so that AddressSanitizer sees any read past the end. */
  char *copy = g_memdup2 (data, size ? size : 1);

  check_uri (copy, size);
  /* Every prefix of a short input: a cut URI is refused or parses, never over-read. */
  if (size <= 128)
    for (size_t n = 0; n < size; n++)
      check_uri (copy, n);

  /* The input as a To-Path: the first and last URIs are slices of it. */
  SipPushSlice path = { copy, size }, uri;
  if (sippush_msrp_path_first (path, &uri) && (uri.len == 0 || !within (uri, copy, size)))
    abort ();
  if (sippush_msrp_path_last (path, &uri) && (uri.len == 0 || !within (uri, copy, size)))
    abort ();

  /* HOST:PORT takes C strings. */
  gchar *text = g_strndup (copy, size);
  gchar *host = NULL;
  guint16 port = 0;
  GError *error = NULL;
  SipPushParseResult r = sippush_msrp_parse_host_port (text, &host, &port, &error);
  if ((r == SIPPUSH_PARSE_OK) != (host != NULL) || (r == SIPPUSH_PARSE_OK) != (error == NULL))
    abort ();
  g_clear_error (&error);
  g_free (host);
  g_free (text);
  g_free (copy);
  return 0;
}
