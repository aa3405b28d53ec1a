/* fuzz-multipart.c — libFuzzer target for multipart INVITE bodies and RFC 5547 file dates
 * (sdp/multipart.c, sdp/file-date.c; R-INV-7, R-INV-8, R-SEC-1). The first byte is the
 * boundary parameter's length, then the parameter (`boundary=…`), then the body. The
 * parsers must answer OK, MALFORMED or TOO_LARGE for any bytes, read only within them,
 * set an error exactly when they refuse; on OK every part lies inside the body, there are
 * at most SIPPUSH_MULTIPART_MAX_PARTS of them, and an icon lookup and a decode of each
 * part never fail in any other way. The same bytes are fed to the a=file-date parser.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdp/file-date.h"
#include "sdp/multipart.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
within (SipPushSlice inner, const char *p, gsize len)
{
  if (inner.p == NULL)
    return inner.len == 0;
  return inner.p >= p && inner.len <= len && (gsize) (inner.p - p) <= len - inner.len;
}

static void
check_result (SipPushParseResult r, GError *error)
{
  if (r == SIPPUSH_PARSE_NEED_MORE || (r == SIPPUSH_PARSE_OK) != (error == NULL))
    abort ();
  if (error && !g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r))
    abort ();
}

static void
check_dates (const char *p, gsize len)
{
  SipPushFileDates d;
  GError *error = NULL;
  SipPushParseResult r = sippush_file_date_parse (p, len, &d, &error);
  check_result (r, error);
  g_clear_error (&error);
  if (r != SIPPUSH_PARSE_OK && (d.creation || d.modification || d.read))
    abort ();
  sippush_file_dates_clear (&d);
}

/* @len bytes of @data in a block of exactly that size (one byte for none). */
static char *
copy (const uint8_t *data, gsize len)
{
  char *out = g_malloc (len ? len : 1);
  if (len)
    memcpy (out, data, len);
  return out;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  gsize plen = MIN ((gsize) data[0], size - 1);
  /* Copies without a NUL: ASan catches any read past either end. */
  char *param = copy (data + 1, plen);
  gsize blen = size - 1 - plen;
  char *body = copy (data + 1 + plen, blen);
  SipPushSlice boundary;
  SipPushMultipart mp;
  GError *error = NULL;

  SipPushParseResult r = sippush_multipart_boundary (param, plen, &boundary, &error);
  check_result (r, error);
  g_clear_error (&error);
  if (r == SIPPUSH_PARSE_OK)
    {
      if (!within (boundary, param, plen) || boundary.len == 0
          || boundary.len > SIPPUSH_MULTIPART_BOUNDARY_MAX)
        abort ();
      r = sippush_multipart_parse (boundary, body, blen, &mp, &error);
      check_result (r, error);
      g_clear_error (&error);
      if (r != SIPPUSH_PARSE_OK && mp.n_parts != 0)
        abort ();
      if (mp.n_parts > SIPPUSH_MULTIPART_MAX_PARTS)
        abort ();
      for (guint i = 0; i < mp.n_parts; i++)
        {
          const SipPushMultipartPart *part = &mp.parts[i];
          if (!within (part->body, body, blen) || !within (part->content_type, body, blen)
              || !within (part->content_id, body, blen) || !within (part->encoding, body, blen))
            abort ();
          GBytes *decoded = sippush_multipart_part_decode (part);
          if (decoded)
            g_bytes_unref (decoded);
          /* An a=icon:cid: naming a part's Content-ID (not only blanks) finds a part. */
          gboolean named = FALSE;
          for (gsize k = 0; k < part->content_id.len; k++)
            named |= part->content_id.p[k] != ' ' && part->content_id.p[k] != '\t';
          if (named)
            {
              GString *cid = g_string_new ("cid:");
              g_string_append_len (cid, part->content_id.p, (gssize) part->content_id.len);
              if (sippush_multipart_find_cid (&mp, cid->str, cid->len) == NULL)
                abort ();
              g_string_free (cid, TRUE);
            }
        }
      guint first = G_MAXUINT;
      if (sippush_multipart_count_type (&mp, "application/sdp", &first) > 0 && first >= mp.n_parts)
        abort ();
    }
  check_dates ((const char *) data, size);
  g_free (param);
  g_free (body);
  return 0;
}
