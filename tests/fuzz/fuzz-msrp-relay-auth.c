/* fuzz-msrp-relay-auth.c — libFuzzer target for what an MSRP relay answers to AUTH
 * (msrp/relay-auth.c; R-MSRP-7, R-SEC-1): the digest challenge, the Use-Path and Expires.
 * Each parser must answer OK, MALFORMED or TOO_LARGE for any bytes, read only within them,
 * set an error exactly when it refuses (and then hand nothing back); an accepted challenge
 * has a realm and a nonce within the bounds and no control character, and the
 * Authorization built from it is one header line; an accepted Use-Path reads back to
 * itself.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msrp/relay-auth.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_result (SipPushParseResult r, GError *error)
{
  if (r == SIPPUSH_PARSE_NEED_MORE || (r == SIPPUSH_PARSE_OK) != (error == NULL))
    abort ();
  if (error && !g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r))
    abort ();
}

static void
check_value (const char *v)
{
  if (v == NULL || strlen (v) > SIPPUSH_MSRP_DIGEST_VALUE_MAX)
    abort ();
  for (const char *p = v; *p; p++)
    if (((guchar) *p < 0x20 && *p != '\t') || *p == 0x7F)
      abort ();
}

static void
fuzz_challenge (const char *p, gsize len)
{
  SipPushMsrpDigestChallenge c;
  GError *error = NULL;
  SipPushParseResult r = sippush_msrp_digest_challenge_parse (p, len, &c, &error);
  check_result (r, error);
  g_clear_error (&error);
  if (r != SIPPUSH_PARSE_OK)
    {
      if (c.realm || c.nonce || c.opaque)
        abort ();
      return;
    }
  check_value (c.realm);
  check_value (c.nonce);
  if (c.opaque)
    check_value (c.opaque);
  gchar *auth = sippush_msrp_digest_authorization (&c, "user", "pw", "msrp://r:1;tcp", "c0ffee");
  if (strpbrk (auth, "\r\n") != NULL || !g_str_has_prefix (auth, "Digest username=\"user\""))
    abort ();
  g_free (auth);
  sippush_msrp_digest_challenge_clear (&c);
}

static void
fuzz_use_path (const char *p, gsize len)
{
  gchar *path = NULL;
  GError *error = NULL;
  SipPushParseResult r = sippush_msrp_use_path_parse (p, len, &path, &error);
  check_result (r, error);
  g_clear_error (&error);
  if ((r == SIPPUSH_PARSE_OK) != (path != NULL))
    abort ();
  if (path == NULL)
    return;
  gchar *again = NULL;
  if (sippush_msrp_use_path_parse (path, strlen (path), &again, NULL) != SIPPUSH_PARSE_OK
      || strcmp (again, path) != 0 || strpbrk (path, "\r\n") != NULL)
    abort ();
  g_free (again);
  g_free (path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* An exact-length copy: ASan reports any read past it. */
  char *copy = g_memdup2 (data, size ? size : 1);
  fuzz_challenge (copy, size);
  fuzz_use_path (copy, size);
  guint32 seconds;
  GError *error = NULL;
  check_result (sippush_msrp_expires_parse (copy, size, &seconds, &error), error);
  g_clear_error (&error);
  g_free (copy);
  return 0;
}
