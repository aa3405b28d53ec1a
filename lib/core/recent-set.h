/* core/recent-set.h — the 64-bit keys seen in the last half minute or so, in bounded memory.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Remembers each key for at least @window_ms, in two generations of @window_ms each, and at
 * most 2 × @max_per_generation keys: when a generation fills up early it is retired early, so a
 * flood shortens what is remembered rather than growing the memory (at most
 * 2 × 2 × @max_per_generation slots of 8 bytes, rounded up to powers of two, reached only at
 * the flood's rate; a quiet set holds 1 KiB). Key 0 is never remembered. Time is the
 * caller's (monotonic milliseconds), so that tests can drive it. */
typedef struct _SipPushRecentSet SipPushRecentSet;

SipPushRecentSet *sippush_recent_set_new (guint window_ms, guint max_per_generation);
void sippush_recent_set_free (SipPushRecentSet *self);

void sippush_recent_set_add (SipPushRecentSet *self, guint64 key, gint64 now_ms);
gboolean sippush_recent_set_contains (SipPushRecentSet *self, guint64 key, gint64 now_ms);
/* Keys remembered now (both generations). */
guint sippush_recent_set_size (SipPushRecentSet *self, gint64 now_ms);
