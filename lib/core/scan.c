/* core/scan.c — bounded scanners: character classes, tokens, numbers, escapes.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/scan.h"

#include <string.h>

/* strchr() also finds the terminating NUL: callers check c != 0 first. */
#define SIP_TOKEN_MARKS "-.!%*_+`'~"
#define MIME_TSPECIALS "()<>@,;:\\\"/[]?="
#define SDP_TOKEN_MARKS "!#$%&'*+-.^_`{|}~"

/* Inline for the scanning loops (header names and tokens of every MSRP chunk). */
static inline gboolean
char_is (SipPushCharClass cls, char ch)
{
  guchar c = (guchar) ch;

  switch (cls)
    {
    case SIPPUSH_CHARS_DIGIT:
      return c >= '0' && c <= '9';
    case SIPPUSH_CHARS_HEX:
      return g_ascii_isxdigit (c);
    case SIPPUSH_CHARS_BLANK:
      return c == ' ' || c == '\t';
    case SIPPUSH_CHARS_SIP_TOKEN:
      /* '-' first: the mark of most header names */
      return g_ascii_isalnum (c) || c == '-' || (c != 0 && strchr (SIP_TOKEN_MARKS, c) != NULL);
    case SIPPUSH_CHARS_MIME_TOKEN:
      return c > 0x20 && c < 0x7f && strchr (MIME_TSPECIALS, c) == NULL;
    case SIPPUSH_CHARS_SDP_TOKEN:
      return g_ascii_isalnum (c) || (c != 0 && strchr (SDP_TOKEN_MARKS, c) != NULL);
    }
  return FALSE;
}

gboolean
sippush_scan_is (SipPushCharClass cls, char ch)
{
  return char_is (cls, ch);
}

gsize
sippush_scan_span (const char *s, gsize len, gsize *i, SipPushCharClass cls)
{
  gsize start = *i;

  while (*i < len && char_is (cls, s[*i]))
    (*i)++;
  return *i - start;
}

gsize
sippush_scan_token (const char *s, gsize len, gsize *i)
{
  return sippush_scan_span (s, len, i, SIPPUSH_CHARS_SIP_TOKEN);
}

void
sippush_scan_skip_blanks (const char *s, gsize len, gsize *i)
{
  while (*i < len && (s[*i] == ' ' || s[*i] == '\t'))
    (*i)++;
}

gsize
sippush_scan_trim_blanks_end (const char *s, gsize start, gsize end)
{
  while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
    end--;
  return end;
}

/* Digits of base @base (10 or 16) at *@i, bounded by @max_digits and @max. */
static gboolean
scan_number (const char *s, gsize len, gsize *i, guint base, guint max_digits, guint64 max,
             guint64 *value)
{
  guint64 v = 0;
  gsize k = *i;
  /* Byte-Range numbers of every chunk come here: one division per number, not per digit
   * (v <= max / base, so v * base cannot wrap). */
  guint64 limit = max / base;

  while (k < len)
    {
      int d = base == 16                   ? g_ascii_xdigit_value (s[k])
              : s[k] >= '0' && s[k] <= '9' ? s[k] - '0'
                                           : -1;
      if (d < 0)
        break;
      if ((max_digits && k - *i >= max_digits) || (guint64) d > max || v > limit
          || v * base > max - (guint64) d)
        return FALSE;
      v = v * base + (guint64) d;
      k++;
    }
  if (k == *i)
    return FALSE;
  *i = k;
  *value = v;
  return TRUE;
}

gboolean
sippush_scan_decimal (const char *s, gsize len, gsize *i, guint max_digits, guint64 max,
                      guint64 *value)
{
  return scan_number (s, len, i, 10, max_digits, max, value);
}

gboolean
sippush_scan_decimal_all (const char *s, gsize len, guint max_digits, guint64 max, guint64 *value)
{
  gsize i = 0;
  guint64 v;

  if (!scan_number (s, len, &i, 10, max_digits, max, &v) || i != len)
    return FALSE;
  *value = v;
  return TRUE;
}

gboolean
sippush_scan_hex (const char *s, gsize len, gsize *i, guint max_digits, guint64 max, guint64 *value)
{
  return scan_number (s, len, i, 16, max_digits, max, value);
}

gboolean
sippush_scan_hex_byte (const char *s, gsize len, gsize i, guint8 *byte)
{
  if (i >= len || len - i < 2)
    return FALSE;
  int hi = g_ascii_xdigit_value (s[i]);
  int lo = g_ascii_xdigit_value (s[i + 1]);
  if (hi < 0 || lo < 0)
    return FALSE;
  *byte = (guint8) (hi << 4 | lo);
  return TRUE;
}

gboolean
sippush_scan_percent (const char *s, gsize len, gsize *i, guint8 *byte)
{
  if (*i >= len || s[*i] != '%' || !sippush_scan_hex_byte (s, len, *i + 1, byte))
    return FALSE;
  *i += 3;
  return TRUE;
}

gboolean
sippush_scan_name_is (const char *s, gsize len, const char *name)
{
  return strlen (name) == len && g_ascii_strncasecmp (s, name, len) == 0;
}

gboolean
sippush_scan_has_prefix_nocase (const char *s, gsize len, const char *prefix)
{
  gsize n = strlen (prefix);
  return len >= n && g_ascii_strncasecmp (s, prefix, n) == 0;
}
