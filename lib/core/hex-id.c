/* core/hex-id.c — hex text and random identifiers. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/hex-id.h"

#include <sys/random.h>

void
sippush_hex_encode (const guint8 *bytes, gsize len, gchar *out)
{
  static const char digits[] = "0123456789abcdef";
  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = digits[bytes[i] >> 4];
      out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
  out[2 * len] = '\0';
}

gchar *
sippush_random_hex_id (gsize n_bytes)
{
  guint8 bytes[32];
  g_return_val_if_fail (n_bytes <= sizeof bytes, NULL);
  if (getrandom (bytes, n_bytes, 0) != (ssize_t) n_bytes)
    return NULL;
  gchar *out = g_malloc (2 * n_bytes + 1);
  sippush_hex_encode (bytes, n_bytes, out);
  return out;
}
