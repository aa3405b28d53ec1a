/* core/retry.h — one retry timer with back-off, shared by the REGISTER binding and the push
 * subscriptions (R-REG-3, R-SUB-3).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Embedded in its owner, zero-initialised. */
typedef struct
{
  GMainContext *context; /* where the timer runs (borrowed) */
  guint min_s, max_s;    /* back-off bounds (sippush_backoff_delay_ms) */
  guint failures;        /* since the last success */
  GSource *source;       /* the armed timer, or NULL */
} SipPushRetry;

/* Counts one more failure and arms the timer: @func runs once after the back-off delay,
 * or after @retry_after_s (capped at max_s) when the server gave one (0 = none). A timer
 * already armed is replaced. Returns the delay in milliseconds. */
guint sippush_retry_schedule (SipPushRetry *retry, guint retry_after_s, GSourceFunc func,
                              gpointer data);

/* A success: the next failure starts the back-off from min_s again. */
void sippush_retry_reset (SipPushRetry *retry);

/* Whether the timer is armed. */
gboolean sippush_retry_is_armed (const SipPushRetry *retry);

/* Disarms the timer (the failure count stays). Call it from @func too, first thing: the
 * source is dropped then. */
void sippush_retry_cancel (SipPushRetry *retry);
