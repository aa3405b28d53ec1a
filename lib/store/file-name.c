/* store/file-name.c — the offered file name (RFC 5547 file-selector, raw bytes) as one safe
 * path component: no separators, no dot-files, no control characters, bounded length.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "store/file-name.h"

#include <string.h>

/* An extension this short survives trimming a long name. */
#define EXT_MAX 16

/* True for a name made of dots only ("", ".", "..", "..."). */
static gboolean
only_dots (const char *s)
{
  while (*s == '.')
    s++;
  return *s == '\0';
}

/* R-DSP-3 */
gchar *
sippush_file_name_sanitize (const char *name)
{
  if (name == NULL)
    name = "";

  /* The last non-empty component, with both separators: a Windows sender's path counts. */
  const char *component = name, *segment = name;
  gsize component_len = 0;
  for (const char *p = name;; p++)
    if (*p == '/' || *p == '\\' || *p == '\0')
      {
        if (p > segment)
          {
            component = segment;
            component_len = (gsize) (p - segment);
          }
        if (*p == '\0')
          break;
        segment = p + 1;
      }

  GString *out = g_string_sized_new (component_len + 2);
  const char *p = component, *end = component + component_len;
  while (p < end)
    {
      guchar c = (guchar) *p;
      if (c < 0x80)
        {
          g_string_append_c (out, c < 0x20 || c == 0x7f ? '_' : (char) c);
          p++;
          continue;
        }
      gunichar u = g_utf8_get_char_validated (p, end - p);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          g_string_append_c (out, '_'); /* one per invalid byte */
          p++;
          continue;
        }
      const char *next = g_utf8_next_char (p);
      if (u <= 0x9f) /* C1 controls */
        g_string_append_c (out, '_');
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }

  if (only_dots (out->str))
    g_string_assign (out, "file");
  else if (out->str[0] == '.')
    g_string_prepend_c (out, '_'); /* no hidden files, no clash with the temp dot-files */

  if (out->len > SIPPUSH_FILE_NAME_MAX)
    {
      const char *dot = strrchr (out->str, '.');
      gsize ext_len = dot != NULL && strlen (dot) <= EXT_MAX ? strlen (dot) : 0;
      gsize keep = SIPPUSH_FILE_NAME_MAX - ext_len;
      while (keep > 0 && ((guchar) out->str[keep] & 0xc0) == 0x80)
        keep--;
      gchar *ext = g_strdup (out->str + out->len - ext_len);
      g_string_truncate (out, keep);
      g_string_append (out, ext);
      g_free (ext);
    }
  return g_string_free (out, FALSE);
}
