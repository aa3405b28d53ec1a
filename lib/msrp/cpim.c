/* msrp/cpim.c — the head of a message/cpim body (RFC 3862): CPIM headers, MIME headers, body.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/cpim.h"

#include <string.h>

static SipPushParseResult
fail (GError **error, SipPushParseResult result, const char *why, gsize offset)
{
  return sippush_parse_fail (error, result, "message/cpim: %s at byte %" G_GSIZE_FORMAT, why,
                             offset);
}

/* Checks the bytes of one line (@p, @n bytes, the line end excluded): no NUL and no CR that
 * does not end the line. The caller has removed a CR before the LF. */
static const char *
line_bad_bytes (const guint8 *p, gsize n)
{
  if (memchr (p, '\0', n) != NULL)
    return "NUL byte";
  if (memchr (p, '\r', n) != NULL)
    return "bare CR";
  return NULL;
}

static gboolean
is_name_char (guint8 c)
{
  /* RFC 3862 §3.1 header names, with the ";" parameters and "." prefixes they may carry. */
  return c > 0x20 && c < 0x7f && c != ':';
}

/* The inner type goes to the application as text: not empty, no control characters. */
static gboolean
content_type_is_valid (const char *value)
{
  if (value[0] == '\0')
    return FALSE;
  for (; *value != '\0'; value++)
    if (((guchar) *value < 0x20 && *value != '\t') || *value == 0x7f)
      return FALSE;
  return TRUE;
}

SipPushParseResult
sippush_cpim_parse_head (const guint8 *data, gsize len, gsize *head_len, gchar **content_type,
                         GError **error)
{
  /* The head may never extend past the limit, so a shorter prefix sees the same bytes as a
   * longer one: the answer for a complete head does not depend on what follows it. */
  gsize limit = MIN (len, (gsize) SIPPUSH_CPIM_MAX_HEAD);
  GString *ctype = NULL;
  gboolean in_ctype = FALSE, have_header = FALSE;
  guint block = 0; /* 0: CPIM headers, 1: MIME headers */
  const char *bad = NULL;
  gsize pos = 0;

  g_return_val_if_fail (head_len != NULL && content_type != NULL, SIPPUSH_PARSE_MALFORMED);
  *head_len = 0;
  *content_type = NULL;
  if (data == NULL && len > 0)
    return fail (error, SIPPUSH_PARSE_MALFORMED, "no data", 0);

  while (pos < limit)
    {
      const guint8 *line = data + pos;
      const guint8 *lf = memchr (line, '\n', limit - pos);
      gsize n = lf != NULL ? (gsize) (lf - line) : limit - pos;
      gsize next = pos + n + 1;

      if (lf == NULL)
        {
          /* Report a bad byte in a partial line as soon as it is seen; a CR at the very end
           * may still be followed by its LF. */
          gsize check = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
          if ((bad = line_bad_bytes (line, check)) != NULL)
            goto bad_line;
          break;
        }
      if (n > 0 && line[n - 1] == '\r')
        n--;
      if ((bad = line_bad_bytes (line, n)) != NULL)
        goto bad_line;

      if (n == 0)
        {
          /* The empty line that ends a block. */
          in_ctype = FALSE;
          have_header = FALSE;
          if (++block == 2)
            {
              gchar *value = ctype != NULL ? g_strstrip (g_string_free (ctype, FALSE)) : NULL;

              if (value != NULL && !content_type_is_valid (value))
                {
                  g_free (value);
                  return fail (error, SIPPUSH_PARSE_MALFORMED,
                               "empty Content-Type or control character in it", pos);
                }
              *head_len = next;
              *content_type = value;
              return SIPPUSH_PARSE_OK;
            }
          pos = next;
          continue;
        }

      if (line[0] == ' ' || line[0] == '\t')
        {
          /* A folded MIME header line (RFC 5322 §2.2.3); CPIM headers do not fold. */
          if (block == 0 || !have_header)
            {
              bad = "unexpected folded line";
              goto bad_line;
            }
          if (in_ctype)
            {
              g_string_append_c (ctype, ' ');
              g_string_append_len (ctype, (const char *) line, (gssize) n);
            }
          pos = next;
          continue;
        }

      gsize name_len = 0;
      while (name_len < n && is_name_char (line[name_len]))
        name_len++;
      if (name_len == 0 || name_len >= n || line[name_len] != ':')
        {
          bad = "header line without a name and colon";
          goto bad_line;
        }
      have_header = TRUE;
      in_ctype = block == 1 && name_len == strlen ("Content-Type")
                 && g_ascii_strncasecmp ((const char *) line, "Content-Type", name_len) == 0;
      if (in_ctype)
        {
          if (ctype != NULL)
            {
              bad = "Content-Type given twice";
              goto bad_line;
            }
          ctype
              = g_string_new_len ((const char *) line + name_len + 1, (gssize) (n - name_len - 1));
        }
      pos = next;
    }

  if (ctype != NULL)
    g_string_free (ctype, TRUE);
  if (len > SIPPUSH_CPIM_MAX_HEAD)
    return fail (error, SIPPUSH_PARSE_TOO_LARGE, "head longer than the limit",
                 SIPPUSH_CPIM_MAX_HEAD);
  return SIPPUSH_PARSE_NEED_MORE;

bad_line:
  if (ctype != NULL)
    g_string_free (ctype, TRUE);
  return fail (error, SIPPUSH_PARSE_MALFORMED, bad, pos);
}
