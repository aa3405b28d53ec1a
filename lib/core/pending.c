/* core/pending.c — deliveries waiting for their application, with a deadline each.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/pending.h"

#include "delivery-private.h"

/* One waiting delivery. Every delivery of a set has the same timeout, so the queue in
 * arrival order is also in deadline order: one timer for the set serves them all, rather
 * than a GSource made, attached and destroyed per push. */
typedef struct
{
  GList link;                /* in order; its data is this entry */
  SipPushDelivery *delivery; /* a reference */
  gint64 due_us;             /* monotonic */
} Entry;

struct _SipPushPendingSet
{
  GMainContext *context;
  guint timeout_s;
  guint timeout_status;
  const char *timeout_reason;
  GQueue order;        /* Entry, oldest first */
  GHashTable *entries; /* SipPushDelivery * → its Entry */
  GSource *tick;       /* once a second while anything is held: completes the overdue */
};

SipPushPendingSet *
sippush_pending_set_new (GMainContext *context, guint timeout_s, guint timeout_status,
                         const char *timeout_reason)
{
  SipPushPendingSet *set = g_new0 (SipPushPendingSet, 1);
  set->context = g_main_context_ref (context);
  set->timeout_s = timeout_s;
  set->timeout_status = timeout_status;
  set->timeout_reason = timeout_reason;
  g_queue_init (&set->order);
  set->entries = g_hash_table_new (NULL, NULL);
  return set;
}

static gboolean
tick_cb (gpointer data)
{
  SipPushPendingSet *set = data;
  gint64 now = g_get_monotonic_time ();
  Entry *e;
  while (set->order.head && (e = set->order.head->data)->due_us <= now)
    {
      g_autoptr (SipPushDelivery) delivery = g_object_ref (e->delivery);
      const char *app = sippush_delivery_get_app_id (delivery);
      g_warning ("application \"%s\" did not answer a delivery within %u s; answering %u",
                 app ? app : "(catch-all)", set->timeout_s, set->timeout_status);
      sippush_delivery_complete (delivery, set->timeout_status, set->timeout_reason);
      /* The done callback removes it; this makes sure the loop moves on. */
      sippush_pending_set_remove (set, delivery);
    }
  if (set->order.head)
    return G_SOURCE_CONTINUE;
  /* Stopped only when found idle here, so a steady flow keeps one timer. */
  g_clear_pointer (&set->tick, g_source_unref);
  return G_SOURCE_REMOVE;
}

void
sippush_pending_set_add (SipPushPendingSet *set, SipPushDelivery *delivery)
{
  if (g_hash_table_contains (set->entries, delivery))
    return;
  Entry *e = g_new0 (Entry, 1);
  e->link.data = e;
  e->delivery = g_object_ref (delivery);
  e->due_us = g_get_monotonic_time () + (gint64) set->timeout_s * G_USEC_PER_SEC;
  g_queue_push_tail_link (&set->order, &e->link);
  g_hash_table_insert (set->entries, delivery, e);
  if (set->tick == NULL)
    {
      set->tick = g_timeout_source_new_seconds (1);
      g_source_set_callback (set->tick, tick_cb, set, NULL);
      g_source_attach (set->tick, set->context);
    }
}

void
sippush_pending_set_remove (SipPushPendingSet *set, SipPushDelivery *delivery)
{
  Entry *e = g_hash_table_lookup (set->entries, delivery);
  if (e == NULL)
    return;
  g_hash_table_remove (set->entries, delivery);
  g_queue_unlink (&set->order, &e->link);
  g_object_unref (e->delivery); /* may be the last reference */
  g_free (e);
}

guint
sippush_pending_set_size (SipPushPendingSet *set)
{
  return set->order.length;
}

void
sippush_pending_set_complete_all (SipPushPendingSet *set, guint status, const char *reason)
{
  /* Completing one runs a done callback and emits events whose handlers may answer (and
   * so remove) others: complete from a snapshot of references. */
  g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = set->order.head; l; l = l->next)
    g_ptr_array_add (held, g_object_ref (((Entry *) l->data)->delivery));
  for (guint i = 0; i < held->len; i++)
    sippush_delivery_complete (g_ptr_array_index (held, i), status, reason);
}

void
sippush_pending_set_free (SipPushPendingSet *set)
{
  if (set == NULL)
    return;
  sippush_pending_set_complete_all (set, 503, "Receiver shutting down");
  /* A done callback that did not remove its delivery leaves it here: drop it now. */
  while (set->order.head)
    sippush_pending_set_remove (set, ((Entry *) set->order.head->data)->delivery);
  g_hash_table_destroy (set->entries);
  if (set->tick)
    {
      g_source_destroy (set->tick);
      g_source_unref (set->tick);
    }
  g_main_context_unref (set->context);
  g_free (set);
}
