/* core/recent-set.c — see recent-set.h. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/recent-set.h"

#define MIN_SLOTS 64

/* An open-addressing table of keys (0 = empty), linear probing, at most half full. */
typedef struct
{
  guint64 *slots;
  guint n_slots; /* a power of two */
  guint count;
  gint64 started_ms;
  gint64 last_added_ms;
} Generation;

struct _SipPushRecentSet
{
  guint generation_ms;
  guint max_count;
  Generation current, previous;
};

static void
generation_reset (Generation *g, gint64 now_ms)
{
  g_free (g->slots);
  *g = (Generation){ .slots = g_new0 (guint64, MIN_SLOTS),
                     .n_slots = MIN_SLOTS,
                     .started_ms = now_ms,
                     .last_added_ms = now_ms };
}

static guint
slot_of (const Generation *g, guint64 key)
{
  /* Keys are already hashes (see sip/retransmission.c): the low bits will do. */
  guint i = (guint) key & (g->n_slots - 1);
  while (g->slots[i] != 0 && g->slots[i] != key)
    i = (i + 1) & (g->n_slots - 1);
  return i;
}

static void
generation_grow (Generation *g)
{
  Generation bigger = { .slots = g_new0 (guint64, g->n_slots * 2),
                        .n_slots = g->n_slots * 2,
                        .count = g->count,
                        .started_ms = g->started_ms,
                        .last_added_ms = g->last_added_ms };
  for (guint i = 0; i < g->n_slots; i++)
    if (g->slots[i])
      bigger.slots[slot_of (&bigger, g->slots[i])] = g->slots[i];
  g_free (g->slots);
  *g = bigger;
}

SipPushRecentSet *
sippush_recent_set_new (guint window_ms, guint max_per_generation)
{
  SipPushRecentSet *self = g_new0 (SipPushRecentSet, 1);
  self->generation_ms = MAX (window_ms, 1);
  self->max_count = MAX (max_per_generation, 1);
  generation_reset (&self->current, 0);
  generation_reset (&self->previous, 0);
  return self;
}

void
sippush_recent_set_free (SipPushRecentSet *self)
{
  if (self == NULL)
    return;
  g_free (self->current.slots);
  g_free (self->previous.slots);
  g_free (self);
}

/* The current generation becomes the previous one; what was older is forgotten. */
static void
retire (SipPushRecentSet *self, gint64 now_ms)
{
  g_free (self->previous.slots);
  self->previous = self->current;
  self->current = (Generation){ 0 };
  generation_reset (&self->current, now_ms);
}

static void
age (SipPushRecentSet *self, gint64 now_ms)
{
  if (now_ms - self->current.started_ms < self->generation_ms)
    return;
  gboolean all_expired = now_ms - self->current.last_added_ms >= self->generation_ms;
  retire (self, now_ms);
  if (all_expired)
    retire (self, now_ms); /* nothing added for a whole window: forget it all */
}

void
sippush_recent_set_add (SipPushRecentSet *self, guint64 key, gint64 now_ms)
{
  if (key == 0)
    return;
  age (self, now_ms);
  Generation *g = &self->current;
  guint i = slot_of (g, key);
  if (g->slots[i] == key)
    return;
  if (g->count >= self->max_count)
    {
      retire (self, now_ms); /* a flood: remember less time, not more keys */
      g = &self->current;
      i = slot_of (g, key);
    }
  else if ((g->count + 1) * 2 > g->n_slots)
    {
      generation_grow (g);
      i = slot_of (g, key);
    }
  g->slots[i] = key;
  g->count++;
  g->last_added_ms = now_ms;
}

gboolean
sippush_recent_set_contains (SipPushRecentSet *self, guint64 key, gint64 now_ms)
{
  if (key == 0)
    return FALSE;
  age (self, now_ms);
  return self->current.slots[slot_of (&self->current, key)] == key
         || self->previous.slots[slot_of (&self->previous, key)] == key;
}

guint
sippush_recent_set_size (SipPushRecentSet *self, gint64 now_ms)
{
  age (self, now_ms);
  return self->current.count + self->previous.count;
}
