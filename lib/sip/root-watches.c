/* sip/root-watches.c — see root-watches.h. SPDX-License-Identifier: LGPL-2.1-or-later */
#define SU_WAKEUP_ARG_T struct _SipPushWatch
#define SU_TIMER_ARG_T struct _SipPushWatch
#include "sip/root-watches.h"

#include "core/watches.h"

typedef struct
{
  SipPushWatches base;
  su_root_t *root;
} Root;

static int
poll_events (GIOCondition events)
{
  return (events & G_IO_IN ? SU_WAIT_IN : 0) | (events & G_IO_OUT ? SU_WAIT_OUT : 0);
}

static int
on_wakeup (su_root_magic_t *magic, su_wait_t *wait, SipPushWatch *w)
{
  int revents = wait->revents;
  GIOCondition condition
      = (revents & SU_WAIT_IN ? G_IO_IN : 0) | (revents & SU_WAIT_OUT ? G_IO_OUT : 0)
        | (revents & SU_WAIT_HUP ? G_IO_HUP : 0) | (revents & SU_WAIT_ERR ? G_IO_ERR : 0);
  if (condition)
    w->func (condition, w->data);
  return 0;
}

static void
root_fd_add (SipPushWatches *base, SipPushWatch *w, int fd, GIOCondition events)
{
  Root *self = (Root *) base;
  su_wait_t wait[1];
  su_wait_create (wait, fd, poll_events (events));
  /* At the head of the root's waits (priority 1): the root stops calling ready waits for
   * the turn once one of them registers another, as sofia does for each connection it
   * accepts, so a watch behind sofia's listener would miss the event it is for. */
  w->index = su_root_register (self->root, wait, on_wakeup, w, 1);
  /* The root holds a copy of the wait object; ours is not needed again. */
  if (w->index < 0)
    g_warning ("cannot watch descriptor %d in the SIP root", fd);
}

static void
root_fd_set_events (SipPushWatches *base, SipPushWatch *w, GIOCondition events)
{
  Root *self = (Root *) base;
  if (w->index >= 0)
    su_root_eventmask (self->root, w->index, w->fd, poll_events (events));
}

static void
on_timer (su_root_magic_t *magic, su_timer_t *timer, SipPushWatch *w)
{
  w->due_us = -1;
  w->func (0, w->data);
}

static void
root_timer_set (SipPushWatches *base, SipPushWatch *w)
{
  Root *self = (Root *) base;
  if (w->handle == NULL)
    w->handle = su_timer_create (su_root_task (self->root), 0);
  if (w->due_us < 0)
    {
      su_timer_reset (w->handle);
      return;
    }
  gint64 in_us = MAX (w->due_us - g_get_monotonic_time (), 0);
  su_timer_set_interval (w->handle, on_timer, w, (su_duration_t) ((in_us + 999) / 1000));
}

static void
root_remove (SipPushWatches *base, SipPushWatch *w)
{
  Root *self = (Root *) base;
  if (w->is_fd && w->index >= 0)
    su_root_deregister (self->root, w->index);
  else if (!w->is_fd && w->handle)
    su_timer_destroy (w->handle);
}

static void
root_free (SipPushWatches *base)
{
  g_free (base);
}

static const SipPushWatchesOps root_ops = {
  root_fd_add, root_fd_set_events, root_timer_set, root_remove, root_free,
};

SipPushWatches *
sippush_root_watches_new (su_root_t *root)
{
  Root *self = g_new0 (Root, 1);
  self->base.ops = &root_ops;
  self->root = root;
  return &self->base;
}
