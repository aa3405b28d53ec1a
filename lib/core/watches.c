/* core/watches.c — see watches.h: the calls, and the GSource that carries watches when no
 * sofia root does. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/watches.h"

/* ---- the calls, whatever carries them ------------------------------------------------- */

static SipPushWatch *
watch_new (SipPushWatches *owner, gboolean is_fd, SipPushWatchFunc func, gpointer data)
{
  SipPushWatch *w = g_new0 (SipPushWatch, 1);
  w->owner = owner;
  w->is_fd = is_fd;
  w->due_us = -1;
  w->func = func;
  w->data = data;
  return w;
}

SipPushWatch *
sippush_watches_add_fd (SipPushWatches *self, int fd, GIOCondition events, SipPushWatchFunc func,
                        gpointer data)
{
  SipPushWatch *w = watch_new (self, TRUE, func, data);
  w->fd = fd;
  self->ops->fd_add (self, w, fd, events);
  return w;
}

void
sippush_watch_set_events (SipPushWatch *w, GIOCondition events)
{
  g_return_if_fail (w->is_fd);
  w->owner->ops->fd_set_events (w->owner, w, events);
}

SipPushWatch *
sippush_watches_add_timer (SipPushWatches *self, SipPushWatchFunc func, gpointer data)
{
  return watch_new (self, FALSE, func, data);
}

void
sippush_watch_set_due (SipPushWatch *w, gint64 due_us)
{
  g_return_if_fail (!w->is_fd);
  w->due_us = due_us < 0 ? -1 : due_us;
  w->owner->ops->timer_set (w->owner, w);
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
  w->owner->ops->remove (w->owner, w);
  g_free (w);
}

void
sippush_watches_free (SipPushWatches *self)
{
  if (self)
    self->ops->free (self);
}

/* ---- carried by a GSource of their own ------------------------------------------------ */

typedef struct
{
  SipPushWatches base;
  GSource *source;
  GPtrArray *watches; /* SipPushWatch*, NULL where one was freed during a dispatch */
  gboolean dispatching;
} Own;

typedef struct
{
  GSource source;
  Own *owner;
} OwnSource;

static void
update_ready_time (Own *self)
{
  gint64 next = -1;
  for (guint i = 0; i < self->watches->len; i++)
    {
      SipPushWatch *w = g_ptr_array_index (self->watches, i);
      if (w && !w->is_fd && w->due_us >= 0 && (next < 0 || w->due_us < next))
        next = w->due_us;
    }
  if (g_source_get_ready_time (self->source) != next)
    g_source_set_ready_time (self->source, next);
}

static gboolean
dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  Own *self = ((OwnSource *) source)->owner;
  gint64 now = g_source_get_time (source);
  self->dispatching = TRUE;
  /* By index: a callback may add watches (appended, looked at next time if not ready)
   * or free any (left NULL until the end). */
  for (guint i = 0; i < self->watches->len; i++)
    {
      SipPushWatch *w = g_ptr_array_index (self->watches, i);
      if (w == NULL)
        continue;
      if (w->is_fd)
        {
          GIOCondition revents = g_source_query_unix_fd (source, w->handle);
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

static GSourceFuncs own_source_funcs = { .dispatch = dispatch };

static void
own_fd_add (SipPushWatches *base, SipPushWatch *w, int fd, GIOCondition events)
{
  Own *self = (Own *) base;
  w->handle = g_source_add_unix_fd (self->source, fd, events);
  g_ptr_array_add (self->watches, w);
}

static void
own_fd_set_events (SipPushWatches *base, SipPushWatch *w, GIOCondition events)
{
  g_source_modify_unix_fd (((Own *) base)->source, w->handle, events);
}

static void
own_timer_set (SipPushWatches *base, SipPushWatch *w)
{
  Own *self = (Own *) base;
  if (!g_ptr_array_find (self->watches, w, NULL))
    g_ptr_array_add (self->watches, w);
  if (!self->dispatching)
    update_ready_time (self);
}

static void
own_remove (SipPushWatches *base, SipPushWatch *w)
{
  Own *self = (Own *) base;
  if (w->is_fd)
    g_source_remove_unix_fd (self->source, w->handle);
  guint i;
  if (!g_ptr_array_find (self->watches, w, &i))
    return;
  if (self->dispatching)
    self->watches->pdata[i] = NULL;
  else
    {
      g_ptr_array_remove_index (self->watches, i);
      update_ready_time (self);
    }
}

static void
own_free (SipPushWatches *base)
{
  Own *self = (Own *) base;
  g_warn_if_fail (self->watches->len == 0);
  g_source_destroy (self->source);
  g_source_unref (self->source);
  g_ptr_array_unref (self->watches);
  g_free (self);
}

static const SipPushWatchesOps own_ops = {
  own_fd_add, own_fd_set_events, own_timer_set, own_remove, own_free,
};

SipPushWatches *
sippush_watches_new (GMainContext *context)
{
  Own *self = g_new0 (Own, 1);
  self->base.ops = &own_ops;
  self->watches = g_ptr_array_new ();
  self->source = g_source_new (&own_source_funcs, sizeof (OwnSource));
  ((OwnSource *) self->source)->owner = self;
  g_source_set_name (self->source, "sippush watches");
  g_source_attach (self->source, context);
  return &self->base;
}
