/* json-line.c — minimal JSON writer for event lines. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "json-line.h"

#include <stdarg.h>
#include <stdio.h>

void
json_append_string (GString *out, const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* Network strings may carry any bytes; JSON must be UTF-8. */
  g_autofree gchar *valid = g_utf8_validate (s, -1, NULL) ? NULL : g_utf8_make_valid (s, -1);
  if (valid)
    s = valid;
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
json_line_print (const char *first_key, ...)
{
  g_autoptr (GString) out = g_string_new ("{");
  va_list ap;
  va_start (ap, first_key);
  for (const char *key = first_key; key; key = va_arg (ap, const char *))
    {
      if (out->len > 1)
        g_string_append_c (out, ',');
      json_append_string (out, key);
      g_string_append_c (out, ':');
      switch (va_arg (ap, int))
        {
        case 's':
          json_append_string (out, va_arg (ap, const char *));
          break;
        case 'u':
          g_string_append_printf (out, "%u", va_arg (ap, guint));
          break;
        case 'U':
          g_string_append_printf (out, "%" G_GUINT64_FORMAT, va_arg (ap, guint64));
          break;
        case 'b':
          g_string_append (out, va_arg (ap, gboolean) ? "true" : "false");
          break;
        case 'T':
          g_string_append (out, va_arg (ap, gboolean) ? "true" : "null");
          break;
        default:
          g_assert_not_reached ();
        }
    }
  va_end (ap);
  g_string_append (out, "}\n");
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}
