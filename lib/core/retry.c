/* core/retry.c — one retry timer with back-off. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/retry.h"

#include "core/backoff.h"

void
sippush_retry_cancel (SipPushRetry *retry)
{
  if (retry->source)
    {
      g_source_destroy (retry->source);
      g_clear_pointer (&retry->source, g_source_unref);
    }
}

guint
sippush_retry_schedule (SipPushRetry *retry, guint retry_after_s, GSourceFunc func, gpointer data)
{
  retry->failures++;
  guint delay = sippush_backoff_delay_ms (retry->failures, retry->min_s, retry->max_s,
                                          retry_after_s, g_random_int ());
  sippush_retry_cancel (retry);
  retry->source = g_timeout_source_new (delay);
  g_source_set_callback (retry->source, func, data, NULL);
  g_source_attach (retry->source, retry->context);
  return delay;
}

void
sippush_retry_reset (SipPushRetry *retry)
{
  retry->failures = 0;
}

gboolean
sippush_retry_is_armed (const SipPushRetry *retry)
{
  return retry->source != NULL;
}
