/* core/watches.c — see watches.h. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/watches.h"

struct _SipPushWatch
{
  SipPushWatches *owner;
  gpointer tag;  /* the descriptor's, NULL for a timer */
  gint64 due_us; /* a timer's, -1 for none */
  SipPushWatchFunc func;
  gpointer data;
};

typedef struct
{
  GSource source;
  SipPushWatches *owner;
} Source;

struct _SipPushWatches
{
  GSource *source;
  GPtrArray *watches; /* SipPushWatch*, NULL where one was freed during a dispatch */
  gboolean dispatching;
};

static void
update_ready_time (SipPushWatches *self)
{
  gint64 next = -1;
  for (guint i = 0; i < self->watches->len; i++)
    {
      SipPushWatch *w = g_ptr_array_index (self->watches, i);
      if (w && w->tag == NULL && w->due_us >= 0 && (next < 0 || w->due_us < next))
        next = w->due_us;
    }
  if (g_source_get_ready_time (self->source) != next)
    g_source_set_ready_time (self->source, next);
}

static gboolean
dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  SipPushWatches *self = ((Source *) source)->owner;
  gint64 now = g_source_get_time (source);
  self->dispatching = TRUE;
  /* By index: a callback may add watches (appended, looked at next time if not ready)
   * or free any (left NULL until the end). */
  for (guint i = 0; i < self->watches->len; i++)
    {
      SipPushWatch *w = g_ptr_array_index (self->watches, i);
      if (w == NULL)
        continue;
      if (w->tag)
        {
          GIOCondition revents = g_source_query_unix_fd (source, w->tag);
          if (revents)
            w->func (revents, w->data);
        }
      else if (w->due_us >= 0 && w->due_us <= now)
        {
          w->due_us = -1;
          w->func (0, w->data);
        }
    }
  self->dispatching = FALSE;
  for (guint i = self->watches->len; i-- > 0;)
    if (g_ptr_array_index (self->watches, i) == NULL)
      g_ptr_array_remove_index (self->watches, i);
  update_ready_time (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs source_funcs = { .dispatch = dispatch };

SipPushWatches *
sippush_watches_new (GMainContext *context)
{
  SipPushWatches *self = g_new0 (SipPushWatches, 1);
  self->watches = g_ptr_array_new ();
  self->source = g_source_new (&source_funcs, sizeof (Source));
  ((Source *) self->source)->owner = self;
  g_source_set_name (self->source, "sippush watches");
  g_source_attach (self->source, context);
  return self;
}

void
sippush_watches_free (SipPushWatches *self)
{
  if (self == NULL)
    return;
  g_warn_if_fail (self->watches->len == 0);
  g_source_destroy (self->source);
  g_source_unref (self->source);
  g_ptr_array_unref (self->watches);
  g_free (self);
}

static SipPushWatch *
add (SipPushWatches *self, SipPushWatchFunc func, gpointer data)
{
  SipPushWatch *w = g_new0 (SipPushWatch, 1);
  w->owner = self;
  w->due_us = -1;
  w->func = func;
  w->data = data;
  g_ptr_array_add (self->watches, w);
  return w;
}

SipPushWatch *
sippush_watches_add_fd (SipPushWatches *self, int fd, GIOCondition events, SipPushWatchFunc func,
                        gpointer data)
{
  SipPushWatch *w = add (self, func, data);
  w->tag = g_source_add_unix_fd (self->source, fd, events);
  return w;
}

void
sippush_watch_set_events (SipPushWatch *w, GIOCondition events)
{
  g_return_if_fail (w->tag != NULL);
  g_source_modify_unix_fd (w->owner->source, w->tag, events);
}

SipPushWatch *
sippush_watches_add_timer (SipPushWatches *self, SipPushWatchFunc func, gpointer data)
{
  return add (self, func, data);
}

void
sippush_watch_set_due (SipPushWatch *w, gint64 due_us)
{
  g_return_if_fail (w->tag == NULL);
  w->due_us = due_us < 0 ? -1 : due_us;
  if (!w->owner->dispatching)
    update_ready_time (w->owner);
}

gint64
sippush_watch_get_due (SipPushWatch *w)
{
  return w->due_us;
}

void
sippush_watch_free (SipPushWatch *w)
{
  if (w == NULL)
    return;
  SipPushWatches *self = w->owner;
  if (w->tag)
    g_source_remove_unix_fd (self->source, w->tag);
  guint i;
  if (g_ptr_array_find (self->watches, w, &i))
    {
      if (self->dispatching)
        self->watches->pdata[i] = NULL;
      else
        g_ptr_array_remove_index (self->watches, i);
    }
  if (!self->dispatching)
    update_ready_time (self);
  g_free (w);
}
