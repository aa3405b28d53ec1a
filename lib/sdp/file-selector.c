/* sdp/file-selector.c — RFC 5547 a=file-selector values and SHA-1 hash texts.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sdp/file-selector.h"

#include <string.h>

#include "core/scan.h"

#define SHA1_HEX_LEN (2 * SIPPUSH_SHA1_LEN)
#define SHA1_COLON_LEN (3 * SIPPUSH_SHA1_LEN - 1)

static gsize
token_span (const char *p, gsize len)
{
  gsize n = 0;
  return sippush_scan_span (p, len, &n, SIPPUSH_CHARS_MIME_TOKEN);
}

gboolean
sippush_sha1_text_parse (const char *text, gsize len, guint8 out[SIPPUSH_SHA1_LEN])
{
  guint8 digest[SIPPUSH_SHA1_LEN];
  gsize step;

  if (text == NULL)
    return FALSE;
  if (len == SHA1_HEX_LEN)
    step = 2;
  else if (len == SHA1_COLON_LEN)
    step = 3; /* RFC 5547: 2UHEX *(":" 2UHEX); lower case taken too */
  else
    return FALSE;

  for (gsize i = 0; i < SIPPUSH_SHA1_LEN; i++)
    {
      gsize at = i * step;

      if (!sippush_scan_hex_byte (text, len, at, &digest[i]))
        return FALSE;
      if (step == 3 && i + 1 < SIPPUSH_SHA1_LEN && text[at + 2] != ':')
        return FALSE;
    }
  memcpy (out, digest, sizeof digest);
  return TRUE;
}

void
sippush_file_selector_clear (SipPushFileSelector *fs)
{
  if (fs == NULL)
    return;
  g_free (fs->name);
  g_free (fs->type);
  memset (fs, 0, sizeof *fs);
}

/* The end of a value that runs to the next space; a quoted string may hold spaces
 * (type parameters, unknown selectors). Returns FALSE on an unterminated quote. */
static gboolean
value_span (const char *p, gsize len, gsize *out_len)
{
  gboolean quoted = FALSE;
  gsize n;

  for (n = 0; n < len; n++)
    {
      if (quoted && p[n] == '\\' && n + 1 < len)
        n++;
      else if (p[n] == '"')
        quoted = !quoted;
      else if (p[n] == ' ' && !quoted)
        break;
    }
  *out_len = n;
  return !quoted;
}

/* name:"filename-string": percent-decoded; a raw '"' ends it; a decoded NUL is refused. */
static SipPushParseResult
parse_name (const char *p, gsize len, gsize *used, gchar **out, GError **error)
{
  GString *name;
  gsize n;

  if (len == 0 || p[0] != '"')
    {
      return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                 "file-selector: name is not a quoted string");
    }
  name = g_string_new (NULL);
  for (n = 1; n < len && p[n] != '"'; n++)
    {
      guint8 c = (guint8) p[n];

      if (c == '%')
        {
          gsize at = n;
          if (!sippush_scan_percent (p, len, &at, &c) || c == 0)
            {
              g_string_free (name, TRUE);
              return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                         "file-selector: bad percent-encoding in name");
            }
          n = at - 1;
        }
      g_string_append_c (name, (gchar) c);
    }
  if (n >= len || name->len == 0)
    {
      g_string_free (name, TRUE);
      return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "%s",
                                 n >= len ? "file-selector: unterminated name"
                                          : "file-selector: empty name");
    }
  *used = n + 1;
  *out = g_string_free (name, FALSE);
  return SIPPUSH_PARSE_OK;
}

/* type "/" subtype *(";" parameter): the tokens are checked, the parameters only for
 * control characters; the whole value is kept. */
static gboolean
type_is_valid (const char *p, gsize len)
{
  gsize n = token_span (p, len);

  if (n == 0 || n >= len || p[n] != '/')
    return FALSE;
  n++;
  gsize sub = token_span (p + n, len - n);
  if (sub == 0)
    return FALSE;
  n += sub;
  if (n < len && p[n] != ';')
    return FALSE;
  for (; n < len; n++)
    if ((guchar) p[n] < 0x20 || p[n] == 0x7f)
      return FALSE;
  return TRUE;
}

SipPushParseResult
sippush_file_selector_parse (const char *value, gsize len, SipPushFileSelector *out, GError **error)
{
  SipPushFileSelector fs = { 0 };
  gboolean seen_name = FALSE, seen_type = FALSE, seen_size = FALSE, seen_sha1 = FALSE;
  gsize i = 0;

  const char *why;

  g_return_val_if_fail (out != NULL, SIPPUSH_PARSE_MALFORMED);
  memset (out, 0, sizeof *out);
  if (value == NULL && len > 0)
    goto bad_char;
  /* Raw NUL, CR and LF are never part of an SDP attribute value. */
  for (gsize k = 0; k < len; k++)
    if (value[k] == '\0' || value[k] == '\r' || value[k] == '\n')
      goto bad_char;

  while (i < len)
    {
      const char *sel, *val;
      gsize sel_len, val_len, used = 0;

      if (value[i] == ' ')
        {
          i++;
          continue;
        }
      sel = value + i;
      for (sel_len = 0; i + sel_len < len && sel[sel_len] != ':' && sel[sel_len] != ' '; sel_len++)
        ;
      if (i + sel_len >= len || sel[sel_len] != ':')
        {
          /* A bare word: an unknown selector without a value. */
          i += sel_len;
          continue;
        }
      i += sel_len + 1;
      val = value + i;

      if (sippush_scan_name_is (sel, sel_len, "name"))
        {
          if (seen_name)
            goto duplicate;
          seen_name = TRUE;
          if (parse_name (val, len - i, &used, &fs.name, error) != SIPPUSH_PARSE_OK)
            goto fail;
          if (i + used < len && val[used] != ' ')
            {
              why = "file-selector: text after the quoted name";
              goto malformed;
            }
          i += used;
          continue;
        }

      if (!value_span (val, len - i, &val_len))
        {
          why = "file-selector: unterminated quoted string";
          goto malformed;
        }
      i += val_len;

      if (sippush_scan_name_is (sel, sel_len, "type"))
        {
          if (seen_type)
            goto duplicate;
          seen_type = TRUE;
          if (!type_is_valid (val, val_len))
            {
              why = "file-selector: bad type";
              goto malformed;
            }
          fs.type = g_strndup (val, val_len);
        }
      else if (sippush_scan_name_is (sel, sel_len, "size"))
        {
          if (seen_size)
            goto duplicate;
          seen_size = TRUE;
          if (!sippush_scan_decimal_all (val, val_len, 0, G_MAXUINT64, &fs.size))
            {
              why = "file-selector: bad size";
              goto malformed;
            }
          fs.has_size = TRUE;
        }
      else if (sippush_scan_name_is (sel, sel_len, "hash"))
        {
          const char *colon = memchr (val, ':', val_len);
          gsize alg_len;

          if (colon == NULL || colon == val)
            {
              why = "file-selector: hash without an algorithm";
              goto malformed;
            }
          alg_len = (gsize) (colon - val);
          /* Other algorithms are ignored: they leave the sha-1 unknown. */
          if (!sippush_scan_name_is (val, alg_len, "sha-1"))
            continue;
          if (seen_sha1)
            goto duplicate;
          seen_sha1 = TRUE;
          if (!sippush_sha1_text_parse (colon + 1, val_len - alg_len - 1, fs.sha1))
            {
              why = "file-selector: bad sha-1 hash";
              goto malformed;
            }
          fs.has_sha1 = TRUE;
        }
      /* else: an unknown selector, ignored (RFC 5547 leaves room for more) */
    }

  *out = fs;
  return SIPPUSH_PARSE_OK;

bad_char:
  why = "file-selector: NUL, CR or LF in the value";
  goto malformed;
duplicate:
  why = "file-selector: a selector is given twice";
malformed:
  sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "%s", why);
fail:
  sippush_file_selector_clear (&fs);
  return SIPPUSH_PARSE_MALFORMED;
}
