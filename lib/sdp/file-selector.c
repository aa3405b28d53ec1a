/* sdp/file-selector.c — RFC 5547 a=file-selector values and SHA-1 hash texts.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sdp/file-selector.h"

#include <string.h>

#include <sippush/sippush.h>

#define SHA1_HEX_LEN (2 * SIPPUSH_SHA1_LEN)
#define SHA1_COLON_LEN (3 * SIPPUSH_SHA1_LEN - 1)

/* RFC 2045 token characters (type, subtype, parameter names). */
static gboolean
is_token_char (guchar c)
{
  return c > 0x20 && c < 0x7f && strchr ("()<>@,;:\\\"/[]?=", c) == NULL;
}

static gsize
token_span (const char *p, gsize len)
{
  gsize n = 0;

  while (n < len && is_token_char ((guchar) p[n]))
    n++;
  return n;
}

static gboolean
name_is (const char *name, gsize name_len, const char *want)
{
  return name_len == strlen (want) && g_ascii_strncasecmp (name, want, name_len) == 0;
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
      const char *p = text + i * step;
      int hi = g_ascii_xdigit_value (p[0]);
      int lo = g_ascii_xdigit_value (p[1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      if (step == 3 && i + 1 < SIPPUSH_SHA1_LEN && p[2] != ':')
        return FALSE;
      digest[i] = (guint8) (hi << 4 | lo);
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
static gboolean
parse_name (const char *p, gsize len, gsize *used, gchar **out, GError **error)
{
  GString *name;
  gsize n;

  if (len == 0 || p[0] != '"')
    {
      g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                           "file-selector: name is not a quoted string");
      return FALSE;
    }
  name = g_string_new (NULL);
  for (n = 1; n < len && p[n] != '"'; n++)
    {
      guchar c = (guchar) p[n];

      if (c == '%')
        {
          int hi = n + 2 < len ? g_ascii_xdigit_value (p[n + 1]) : -1;
          int lo = n + 2 < len ? g_ascii_xdigit_value (p[n + 2]) : -1;

          if (hi < 0 || lo < 0 || (hi | lo) == 0)
            {
              g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                                   "file-selector: bad percent-encoding in name");
              g_string_free (name, TRUE);
              return FALSE;
            }
          c = (guchar) (hi << 4 | lo);
          n += 2;
        }
      g_string_append_c (name, (gchar) c);
    }
  if (n >= len || name->len == 0)
    {
      g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                           n >= len ? "file-selector: unterminated name"
                                    : "file-selector: empty name");
      g_string_free (name, TRUE);
      return FALSE;
    }
  *used = n + 1;
  *out = g_string_free (name, FALSE);
  return TRUE;
}

static gboolean
parse_size (const char *p, gsize len, guint64 *out)
{
  guint64 v = 0;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      guint d = (guint) (p[i] - '0');
      if (v > (G_MAXUINT64 - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *out = v;
  return TRUE;
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

gboolean
sippush_file_selector_parse (const char *value, gsize len, SipPushFileSelector *out, GError **error)
{
  SipPushFileSelector fs = { 0 };
  gboolean seen_name = FALSE, seen_type = FALSE, seen_size = FALSE, seen_sha1 = FALSE;
  gsize i = 0;

  g_return_val_if_fail (out != NULL, FALSE);
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
      gsize sel_len, val_len, used;

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

      if (name_is (sel, sel_len, "name"))
        {
          if (seen_name)
            goto duplicate;
          seen_name = TRUE;
          if (!parse_name (val, len - i, &used, &fs.name, error))
            goto fail;
          if (i + used < len && val[used] != ' ')
            {
              g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                                   "file-selector: text after the quoted name");
              goto fail;
            }
          i += used;
          continue;
        }

      if (!value_span (val, len - i, &val_len))
        {
          g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                               "file-selector: unterminated quoted string");
          goto fail;
        }
      i += val_len;

      if (name_is (sel, sel_len, "type"))
        {
          if (seen_type)
            goto duplicate;
          seen_type = TRUE;
          if (!type_is_valid (val, val_len))
            {
              g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                                   "file-selector: bad type");
              goto fail;
            }
          fs.type = g_strndup (val, val_len);
        }
      else if (name_is (sel, sel_len, "size"))
        {
          if (seen_size)
            goto duplicate;
          seen_size = TRUE;
          if (!parse_size (val, val_len, &fs.size))
            {
              g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                                   "file-selector: bad size");
              goto fail;
            }
          fs.has_size = TRUE;
        }
      else if (name_is (sel, sel_len, "hash"))
        {
          const char *colon = memchr (val, ':', val_len);
          gsize alg_len;

          if (colon == NULL || colon == val)
            {
              g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                                   "file-selector: hash without an algorithm");
              goto fail;
            }
          alg_len = (gsize) (colon - val);
          /* Other algorithms are ignored: they leave the sha-1 unknown. */
          if (!name_is (val, alg_len, "sha-1"))
            continue;
          if (seen_sha1)
            goto duplicate;
          seen_sha1 = TRUE;
          if (!sippush_sha1_text_parse (colon + 1, val_len - alg_len - 1, fs.sha1))
            {
              g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                                   "file-selector: bad sha-1 hash");
              goto fail;
            }
          fs.has_sha1 = TRUE;
        }
      /* else: an unknown selector, ignored (RFC 5547 leaves room for more) */
    }

  *out = fs;
  return TRUE;

bad_char:
  g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                       "file-selector: NUL, CR or LF in the value");
  goto fail;
duplicate:
  g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED,
                       "file-selector: a selector is given twice");
fail:
  sippush_file_selector_clear (&fs);
  return FALSE;
}
