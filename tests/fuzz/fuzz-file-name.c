/* fuzz-file-name.c — libFuzzer target for the file-name sanitiser (R-DSP-3, R-SEC-1).
 * Whatever the network offers, the result must be one safe path component: short, valid
 * UTF-8, no separators or control characters, never hidden, never "." or "..", and
 * sanitising it again must change nothing.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/file-name.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
require_safe (const gchar *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > SIPPUSH_FILE_NAME_MAX || name[0] == '.')
    abort ();
  if (!g_utf8_validate (name, (gssize) len, NULL))
    abort ();
  for (const gchar *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '/' || c == '\\' || c < 0x20 || (c >= 0x7f && c <= 0x9f))
        abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* Names reach the sanitiser as C strings: an embedded NUL ends them. */
  gchar *offered = g_strndup ((const gchar *) data, size);
  gchar *name = sippush_file_name_sanitize (offered);
  gchar *again;

  if (name == NULL)
    abort ();
  require_safe (name);
  again = sippush_file_name_sanitize (name);
  if (strcmp (again, name) != 0)
    abort ();
  /* A name that was already safe and short is kept as it is. */
  if (strlen (offered) <= SIPPUSH_FILE_NAME_MAX && strcmp (offered, name) != 0
      && g_utf8_validate (offered, -1, NULL) && offered[0] != '.' && offered[0] != '\0'
      && strpbrk (offered, "/\\") == NULL)
    {
      gboolean clean = TRUE;
      for (const gchar *p = offered; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          clean = clean && c >= 0x20 && !(c >= 0x7f && c <= 0x9f);
        }
      if (clean)
        abort ();
    }
  g_free (again);
  g_free (name);
  g_free (offered);
  return 0;
}
