/* sdp/multipart.c — multipart bodies split at their boundary, in place.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sdp/multipart.h"

#include <string.h>

/* RFC 2046 §5.1.1 bchars: DIGIT / ALPHA / "'()+_,-./:=?" and space (not last). */
static gboolean
is_bchar (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("'()+_,-./:=? ", c) != NULL);
}

SipPushParseResult
sippush_multipart_boundary (const char *param, gsize len, SipPushSlice *boundary, GError **error)
{
  static const char name[] = "boundary=";
  gsize start = sizeof name - 1, end = len;

  *boundary = (SipPushSlice){ NULL, 0 };
  if (param == NULL || !sippush_scan_has_prefix_nocase (param, len, name))
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "multipart: no boundary");
  if (end - start >= 2 && param[start] == '"' && param[end - 1] == '"')
    {
      start++;
      end--;
    }
  if (end == start || end - start > SIPPUSH_MULTIPART_BOUNDARY_MAX || param[end - 1] == ' ')
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "multipart: bad boundary length");
  for (gsize i = start; i < end; i++)
    if (!is_bchar (param[i]))
      return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                 "multipart: bad character in the boundary");
  *boundary = (SipPushSlice){ param + start, end - start };
  return SIPPUSH_PARSE_OK;
}

/* The end of the line that starts at or before @i: the index just past its LF, or @len when
 * there is none. */
static gsize
line_end (const char *s, gsize len, gsize i)
{
  const char *lf = memchr (s + i, '\n', len - i);
  return lf ? (gsize) (lf - s) + 1 : len;
}

/* The next delimiter line at or after @from: `--boundary` at the start of a line, then
 * either `--` (the close delimiter) or transport padding and the line end. Sets *@at to
 * where the delimiter starts, *@next to the first byte of the next part, *@close.
 * FALSE when there is none. */
static gboolean
find_delimiter (const char *s, gsize len, gsize from, SipPushSlice boundary, gsize *at, gsize *next,
                gboolean *close)
{
  gsize dlen = 2 + boundary.len;

  for (gsize i = from; i < len && len - i >= dlen; i = line_end (s, len, i))
    {
      gsize k = i + dlen;

      if (s[i] != '-' || s[i + 1] != '-' || memcmp (s + i + 2, boundary.p, boundary.len) != 0)
        continue;
      if (len - k >= 2 && s[k] == '-' && s[k + 1] == '-')
        {
          *at = i;
          *next = len;
          *close = TRUE;
          return TRUE;
        }
      sippush_scan_skip_blanks (s, len, &k);
      if (k < len && s[k] == '\r')
        k++;
      if (k < len && s[k] == '\n')
        {
          *at = i;
          *next = k + 1;
          *close = FALSE;
          return TRUE;
        }
    }
  return FALSE;
}

/* Trims SP, HTAB, CR and LF at both ends of s[*start..*end). */
static void
trim (const char *s, gsize *start, gsize *end)
{
  while (*start < *end && strchr (" \t\r\n", s[*start]) != NULL)
    (*start)++;
  while (*end > *start && strchr (" \t\r\n", s[*end - 1]) != NULL)
    (*end)--;
}

/* Reads the headers of the part at s[@start..@end): fills @part and sets part->body. */
static SipPushParseResult
parse_part (const char *s, gsize start, gsize end, SipPushMultipartPart *part, GError **error)
{
  gsize i = start;

  memset (part, 0, sizeof *part);
  while (i < end)
    {
      gsize eol = line_end (s, end, i), name_end, value_start, value_end;

      if (s[i] == '\n' || (s[i] == '\r' && i + 1 < end && s[i + 1] == '\n'))
        {
          i = eol; /* the empty line: the content follows */
          break;
        }
      if (eol - start > SIPPUSH_MULTIPART_HEADERS_MAX)
        return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE,
                                   "multipart: part headers over %d bytes",
                                   SIPPUSH_MULTIPART_HEADERS_MAX);
      name_end = i;
      if (sippush_scan_token (s, end, &name_end) == 0)
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "multipart: bad part header");
      value_start = name_end;
      sippush_scan_skip_blanks (s, end, &value_start);
      if (value_start >= end || s[value_start] != ':')
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                   "multipart: part header without ':'");
      value_start++;
      /* Folded lines (starting with a blank) continue the value. */
      while (eol < end && (s[eol] == ' ' || s[eol] == '\t'))
        eol = line_end (s, end, eol);
      if (eol - start > SIPPUSH_MULTIPART_HEADERS_MAX)
        return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE,
                                   "multipart: part headers over %d bytes",
                                   SIPPUSH_MULTIPART_HEADERS_MAX);
      value_end = eol;
      trim (s, &value_start, &value_end);

      SipPushSlice value = { s + value_start, value_end - value_start };
      if (sippush_scan_name_is (s + i, name_end - i, "Content-Type"))
        {
          gsize type_end = value_start;
          while (type_end < value_end && s[type_end] != ';')
            type_end++;
          trim (s, &value_start, &type_end);
          part->content_type = (SipPushSlice){ s + value_start, type_end - value_start };
        }
      else if (sippush_scan_name_is (s + i, name_end - i, "Content-ID"))
        {
          if (value.len >= 2 && value.p[0] == '<' && value.p[value.len - 1] == '>')
            value = (SipPushSlice){ value.p + 1, value.len - 2 };
          part->content_id = value;
        }
      else if (sippush_scan_name_is (s + i, name_end - i, "Content-Transfer-Encoding"))
        part->encoding = value;
      i = eol;
    }
  part->body = (SipPushSlice){ s + i, end - i };
  return SIPPUSH_PARSE_OK;
}

SipPushParseResult
sippush_multipart_parse (SipPushSlice boundary, const char *body, gsize len, SipPushMultipart *out,
                         GError **error)
{
  gsize at, next, from;
  gboolean close;

  memset (out, 0, sizeof *out);
  if (boundary.p == NULL || boundary.len == 0 || body == NULL)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "multipart: no boundary");
  /* The preamble is skipped; the first delimiter must open a part. */
  if (!find_delimiter (body, len, 0, boundary, &at, &next, &close) || close)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                               "multipart: no delimiter opens a part");
  for (from = next;;)
    {
      gsize part_end;
      SipPushParseResult r;

      if (!find_delimiter (body, len, from, boundary, &at, &next, &close))
        {
          guint n = out->n_parts + 1;
          memset (out, 0, sizeof *out);
          return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                     "multipart: part %u not terminated", n);
        }
      if (out->n_parts == SIPPUSH_MULTIPART_MAX_PARTS)
        {
          memset (out, 0, sizeof *out);
          return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE,
                                     "multipart: more than %d parts", SIPPUSH_MULTIPART_MAX_PARTS);
        }
      /* The line break before a delimiter belongs to the delimiter. */
      part_end = at;
      if (part_end > from && body[part_end - 1] == '\n')
        part_end--;
      if (part_end > from && body[part_end - 1] == '\r')
        part_end--;
      r = parse_part (body, from, part_end, &out->parts[out->n_parts], error);
      if (r != SIPPUSH_PARSE_OK)
        {
          memset (out, 0, sizeof *out);
          return r;
        }
      out->n_parts++;
      if (close)
        return SIPPUSH_PARSE_OK;
      from = next;
    }
}

guint
sippush_multipart_count_type (const SipPushMultipart *mp, const char *type, guint *first)
{
  guint n = 0;

  for (guint i = 0; i < mp->n_parts; i++)
    if (sippush_scan_name_is (mp->parts[i].content_type.p, mp->parts[i].content_type.len, type))
      {
        if (n++ == 0 && first != NULL)
          *first = i;
      }
  return n;
}

/* Whether a and b are equal once blanks are left out of both. */
static gboolean
equal_without_blanks (const char *a, gsize alen, const char *b, gsize blen)
{
  gsize i = 0, k = 0;

  for (;;)
    {
      while (i < alen && (a[i] == ' ' || a[i] == '\t'))
        i++;
      while (k < blen && (b[k] == ' ' || b[k] == '\t'))
        k++;
      if (i == alen || k == blen)
        return i == alen && k == blen;
      if (a[i++] != b[k++])
        return FALSE;
    }
}

const SipPushMultipartPart *
sippush_multipart_find_cid (const SipPushMultipart *mp, const char *cid, gsize len)
{
  gsize start = 0;

  if (cid == NULL)
    return NULL;
  sippush_scan_skip_blanks (cid, len, &start);
  if (sippush_scan_has_prefix_nocase (cid + start, len - start, "cid:"))
    start += 4;
  if (start == len)
    return NULL;
  for (guint i = 0; i < mp->n_parts; i++)
    {
      const SipPushMultipartPart *p = &mp->parts[i];
      if (p->content_id.len > 0
          && equal_without_blanks (p->content_id.p, p->content_id.len, cid + start, len - start))
        return p;
    }
  return NULL;
}

GBytes *
sippush_multipart_part_decode (const SipPushMultipartPart *part)
{
  const SipPushSlice e = part->encoding;

  if (e.len == 0 || sippush_scan_name_is (e.p, e.len, "binary")
      || sippush_scan_name_is (e.p, e.len, "8bit") || sippush_scan_name_is (e.p, e.len, "7bit"))
    return g_bytes_new (part->body.p, part->body.len);
  if (sippush_scan_name_is (e.p, e.len, "base64"))
    {
      /* base64 decodes to at most 3/4 of its length; line breaks are skipped. */
      guchar *out = g_malloc (part->body.len / 4 * 3 + 3);
      gint state = 0;
      guint save = 0;
      gsize n;

      for (gsize i = 0; i < part->body.len; i++)
        {
          char c = part->body.p[i];
          if (!g_ascii_isalnum (c) && c != '+' && c != '/' && c != '=' && c != '\r' && c != '\n'
              && c != ' ' && c != '\t')
            {
              g_free (out);
              return NULL;
            }
        }
      n = g_base64_decode_step (part->body.p, part->body.len, out, &state, &save);
      return g_bytes_new_take (out, n);
    }
  return NULL;
}
