/* core/pending.c — deliveries waiting for their application, with a deadline each.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "core/pending.h"

#include "delivery-private.h"

struct _SipPushPendingSet
{
  GMainContext *context;
  guint timeout_s;
  guint timeout_status;
  const char *timeout_reason;
  GHashTable *deadlines; /* SipPushDelivery * (a reference) → GSource * */
};

static void
deadline_free (gpointer data)
{
  GSource *source = data;
  g_source_destroy (source);
  g_source_unref (source);
}

SipPushPendingSet *
sippush_pending_set_new (GMainContext *context, guint timeout_s, guint timeout_status,
                         const char *timeout_reason)
{
  SipPushPendingSet *set = g_new0 (SipPushPendingSet, 1);
  set->context = g_main_context_ref (context);
  set->timeout_s = timeout_s;
  set->timeout_status = timeout_status;
  set->timeout_reason = timeout_reason;
  set->deadlines = g_hash_table_new_full (NULL, NULL, g_object_unref, deadline_free);
  return set;
}

typedef struct
{
  SipPushPendingSet *set;
  SipPushDelivery *delivery;
} Deadline;

static gboolean
deadline_cb (gpointer data)
{
  Deadline *d = data;
  const char *app = sippush_delivery_get_app_id (d->delivery);
  g_warning ("application \"%s\" did not answer a delivery within %u s; answering %u",
             app ? app : "(catch-all)", d->set->timeout_s, d->set->timeout_status);
  /* The done callback removes the delivery, and with it this source and @d. */
  sippush_delivery_complete (d->delivery, d->set->timeout_status, d->set->timeout_reason);
  return G_SOURCE_REMOVE;
}

void
sippush_pending_set_add (SipPushPendingSet *set, SipPushDelivery *delivery)
{
  Deadline *d = g_new (Deadline, 1);
  d->set = set;
  d->delivery = delivery;
  GSource *source = g_timeout_source_new_seconds (set->timeout_s);
  g_source_set_callback (source, deadline_cb, d, g_free);
  g_source_attach (source, set->context);
  g_hash_table_replace (set->deadlines, g_object_ref (delivery), source);
}

void
sippush_pending_set_remove (SipPushPendingSet *set, SipPushDelivery *delivery)
{
  g_hash_table_remove (set->deadlines, delivery);
}

guint
sippush_pending_set_size (SipPushPendingSet *set)
{
  return g_hash_table_size (set->deadlines);
}

void
sippush_pending_set_complete_all (SipPushPendingSet *set, guint status, const char *reason)
{
  /* Completing one runs a done callback and emits events whose handlers may answer (and
   * so remove) others: complete from a snapshot of references. */
  g_autoptr (GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, set->deadlines);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (held, g_object_ref (key));
  for (guint i = 0; i < held->len; i++)
    sippush_delivery_complete (g_ptr_array_index (held, i), status, reason);
}

void
sippush_pending_set_free (SipPushPendingSet *set)
{
  if (set == NULL)
    return;
  sippush_pending_set_complete_all (set, 503, "Receiver shutting down");
  g_hash_table_destroy (set->deadlines);
  g_main_context_unref (set->context);
  g_free (set);
}
