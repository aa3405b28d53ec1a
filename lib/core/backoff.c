/* core/backoff.c — exponential back-off with jitter. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/backoff.h"

guint
sippush_backoff_delay_ms (guint failures, guint min_s, guint max_s, guint retry_after_s,
                          guint32 random)
{
  if (min_s == 0)
    min_s = 1;
  if (max_s < min_s)
    max_s = min_s;

  /* Doubling stops as soon as the cap is reached, so the shift never overflows. */
  guint64 base_s = min_s;
  for (guint i = 1; i < failures && base_s < max_s; i++)
    base_s *= 2;
  if (base_s > max_s)
    base_s = max_s;

  /* Jitter in [500, 1000] per mille of the base. */
  guint64 per_mille = 500 + random % 501;
  guint64 delay_ms = base_s * per_mille;

  /* The server knows its own load best (RFC 3261 §21.5.4): its Retry-After replaces our
   * guess, but never beyond our cap. */
  if (retry_after_s > 0)
    delay_ms = (guint64) MIN (retry_after_s, max_s) * 1000;
  return (guint) delay_ms;
}
