/* core/watches.h — one GSource for the library's own descriptors and timers.
 *
 * GLib prepares and checks every source of a context on every loop turn (~350
 * instructions a source a turn, 4 to 14 turns per push), so the modules that watch a
 * listener or keep a deadline (the SIP governor, the MSRP hub) share this one source per
 * receiver rather than each adding their own. Few watches (a handful): kept in an array
 * and scanned. Callbacks may add, change or free watches, their own included.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

typedef struct _SipPushWatches SipPushWatches;
typedef struct _SipPushWatch SipPushWatch;

/* @revents: what the descriptor is ready for (0 for a timer). */
typedef void (*SipPushWatchFunc) (GIOCondition revents, gpointer data);

SipPushWatches *sippush_watches_new (GMainContext *context);
/* Every watch must have been freed first. */
void sippush_watches_free (SipPushWatches *watches);

/* Calls @func when @fd is ready for @events (0: not watched for now). */
SipPushWatch *sippush_watches_add_fd (SipPushWatches *watches, int fd, GIOCondition events,
                                      SipPushWatchFunc func, gpointer data);
void sippush_watch_set_events (SipPushWatch *watch, GIOCondition events);

/* Calls @func once when the monotonic clock reaches the due time set with
 * sippush_watch_set_due() (none at first). */
SipPushWatch *sippush_watches_add_timer (SipPushWatches *watches, SipPushWatchFunc func,
                                         gpointer data);
/* @due_us: g_get_monotonic_time() value, or -1 for none. */
void sippush_watch_set_due (SipPushWatch *watch, gint64 due_us);
gint64 sippush_watch_get_due (SipPushWatch *watch);

void sippush_watch_free (SipPushWatch *watch);
