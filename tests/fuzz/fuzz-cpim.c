/* fuzz-cpim.c — libFuzzer target for the message/cpim head parser (R-MSRP-4). Prefixes of
 * one input must agree: once DONE, every longer prefix is DONE with the same head length and
 * Content-Type; an ERROR never turns into DONE; the head never exceeds its bound.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msrp/cpim.h"

/* Inputs up to this size are checked at every prefix; longer ones at a sample. */
#define ALL_PREFIXES_MAX 512

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static SipPushParseResult
parse (const uint8_t *data, size_t n, gsize *head_len, gchar **ctype)
{
  GError *error = NULL;
  /* An exact copy of the prefix, so that ASan sees a read past it. */
  guint8 *copy = g_memdup2 (data, n ? n : 1);
  SipPushParseResult r = sippush_cpim_parse_head (copy, n, head_len, ctype, &error);

  gboolean failed = r == SIPPUSH_PARSE_MALFORMED || r == SIPPUSH_PARSE_TOO_LARGE;
  if (failed != (error != NULL) || (failed && error->domain != SIPPUSH_PARSE_ERROR))
    abort ();
  if (r != SIPPUSH_PARSE_OK && (*head_len != 0 || *ctype != NULL))
    abort ();
  if (r == SIPPUSH_PARSE_OK && (*head_len > n || *head_len > SIPPUSH_CPIM_MAX_HEAD))
    abort ();
  if (r == SIPPUSH_PARSE_OK && *ctype != NULL && (*ctype[0] == '\0' || strchr (*ctype, '\r')))
    abort ();
  g_clear_error (&error);
  g_free (copy);
  return r;
}

static void
check_prefix (const uint8_t *data, size_t n, SipPushParseResult full, gsize full_head,
              const gchar *full_ctype)
{
  gsize head_len;
  gchar *ctype;
  SipPushParseResult r = parse (data, n, &head_len, &ctype);

  if (r == SIPPUSH_PARSE_OK)
    {
      /* DONE on a prefix: the whole input said the same. */
      if (full != SIPPUSH_PARSE_OK || head_len != full_head || g_strcmp0 (ctype, full_ctype) != 0)
        abort ();
    }
  else if (full == SIPPUSH_PARSE_OK && n >= full_head)
    abort ();
  else if (r != SIPPUSH_PARSE_NEED_MORE && full != r)
    abort ();
  g_free (ctype);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gsize head_len;
  gchar *ctype;
  SipPushParseResult full = parse (data, size, &head_len, &ctype);
  size_t step = size <= ALL_PREFIXES_MAX ? 1 : size / 97 + 1;

  for (size_t n = 0; n < size; n += step)
    check_prefix (data, n, full, head_len, ctype);
  if (full == SIPPUSH_PARSE_OK)
    {
      check_prefix (data, head_len - 1, full, head_len, ctype);
      check_prefix (data, head_len, full, head_len, ctype);
    }
  g_free (ctype);
  return 0;
}
