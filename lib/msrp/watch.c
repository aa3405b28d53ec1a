/* msrp/watch.c — connect and stall deadlines of accepted files (R-SEC-4).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/watch.h"

struct _SipPushMsrpWatch
{
  GMainContext *context;
  gint64 connect_us;
  gint64 stall_us;
  GHashTable *entries; /* SipPushMsrpSession* → Entry (owned, holds a session ref) */
  GSource *tick;       /* only while something is watched */
};

typedef struct
{
  SipPushMsrpSession *session;
  SipPushMsrpExpiredFunc expired;
  gpointer data;
  SipPushMsrpSessionPhase phase;
  guint64 received;
  gint64 since; /* monotonic time of the last change of phase or bytes */
} Entry;

static void
entry_free (Entry *e)
{
  sippush_msrp_session_unref (e->session);
  g_free (e);
}

SipPushMsrpWatch *
sippush_msrp_watch_new (GMainContext *context, guint connect_timeout_s, guint stall_timeout_s)
{
  SipPushMsrpWatch *self = g_new0 (SipPushMsrpWatch, 1);
  self->context = g_main_context_ref (context);
  self->connect_us = (gint64) connect_timeout_s * G_USEC_PER_SEC;
  self->stall_us = (gint64) stall_timeout_s * G_USEC_PER_SEC;
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_free);
  return self;
}

static void
stop_tick (SipPushMsrpWatch *self)
{
  if (self->tick)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }
}

void
sippush_msrp_watch_free (SipPushMsrpWatch *self)
{
  if (self == NULL)
    return;
  stop_tick (self);
  g_hash_table_unref (self->entries);
  g_main_context_unref (self->context);
  g_free (self);
}

/* The reason @e has expired at @now, or NULL. */
static const char *
check (SipPushMsrpWatch *self, Entry *e, gint64 now)
{
  guint64 received = 0;
  SipPushMsrpSessionPhase phase = sippush_msrp_session_get_phase (e->session, &received);
  if (phase != e->phase || received != e->received)
    {
      e->phase = phase;
      e->received = received;
      e->since = now;
      return NULL;
    }
  if (phase == SIPPUSH_MSRP_SESSION_WAITING && now - e->since >= self->connect_us)
    return "the sender did not begin the file in time (msrp-connect-timeout)";
  if (phase == SIPPUSH_MSRP_SESSION_RECEIVING && now - e->since >= self->stall_us)
    return "the file stalled: no bytes in time (msrp-stall-timeout)";
  return NULL;
}

static gboolean
on_tick (gpointer data)
{
  SipPushMsrpWatch *self = data;
  gint64 now = g_get_monotonic_time ();
  GPtrArray *due = g_ptr_array_new ();
  GPtrArray *reasons = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *reason = check (self, value, now);
      if (reason)
        {
          g_ptr_array_add (due, sippush_msrp_session_ref (((Entry *) value)->session));
          g_ptr_array_add (reasons, (gpointer) reason);
        }
    }
  /* Called outside the iteration: a callee removes sessions (this one, its dialog's). */
  for (guint i = 0; i < due->len; i++)
    {
      SipPushMsrpSession *session = due->pdata[i];
      Entry *e = g_hash_table_lookup (self->entries, session);
      if (e)
        {
          SipPushMsrpExpiredFunc expired = e->expired;
          gpointer edata = e->data;
          g_hash_table_remove (self->entries, session);
          expired (edata, session, reasons->pdata[i]);
        }
      sippush_msrp_session_unref (session);
    }
  g_ptr_array_unref (due);
  g_ptr_array_unref (reasons);
  if (g_hash_table_size (self->entries) > 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->tick, g_source_unref);
  return G_SOURCE_REMOVE;
}

void
sippush_msrp_watch_add (SipPushMsrpWatch *self, SipPushMsrpSession *session,
                        SipPushMsrpExpiredFunc expired, gpointer data)
{
  Entry *e = g_new0 (Entry, 1);
  e->session = sippush_msrp_session_ref (session);
  e->expired = expired;
  e->data = data;
  e->phase = sippush_msrp_session_get_phase (session, &e->received);
  e->since = g_get_monotonic_time ();
  g_hash_table_replace (self->entries, session, e);
  if (self->tick == NULL)
    {
      /* Whole seconds are fine for deadlines of seconds; the loop wakes once a second at most. */
      self->tick = g_timeout_source_new_seconds (1);
      g_source_set_callback (self->tick, on_tick, self, NULL);
      g_source_attach (self->tick, self->context);
    }
}

void
sippush_msrp_watch_remove (SipPushMsrpWatch *self, SipPushMsrpSession *session)
{
  g_hash_table_remove (self->entries, session);
  if (g_hash_table_size (self->entries) == 0)
    stop_tick (self);
}
