/* store.c — SipPushStore: durable saves with group commit on one worker thread
 * (store/durable-batch.c does the disk work). SPDX-License-Identifier: LGPL-2.1-or-later */
#include "store-private.h"

#include "store/file-name.h"
#include "store/temp-file.h"

struct _SipPushStore
{
  GObject parent_instance;

  GMutex lock;  /* guards everything below */
  GCond wake;   /* the worker: saves queued, or quit */
  GCond done;   /* blocking savers: a batch completed */
  GQueue queue; /* Item */
  GThread *worker;
  gboolean quit;
  const SipPushDurableOps *ops;
};

G_DEFINE_FINAL_TYPE (SipPushStore, sippush_store, G_TYPE_OBJECT)

/* One save. */
typedef struct
{
  SipPushDurableJob job;
  gchar *directory;
  gchar *name;
  GCancellable *cancellable;
  GTask *task;   /* an async save; NULL for a blocking one */
  gboolean done; /* a blocking save: its batch completed (under the lock) */
} Item;

static Item *
item_new (const gchar *directory, const gchar *name, GBytes *bytes, GCancellable *cancellable)
{
  Item *item = g_new0 (Item, 1);
  item->directory = g_strdup (directory);
  item->name = sippush_file_name_sanitize (name);
  item->job.directory = item->directory;
  item->job.name = item->name;
  item->job.bytes = g_bytes_ref (bytes);
  item->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  return item;
}

static void
item_free (Item *item)
{
  g_free (item->directory);
  g_free (item->name);
  g_bytes_unref (item->job.bytes);
  g_free (item->job.path);
  g_clear_error (&item->job.error);
  g_clear_object (&item->cancellable);
  g_clear_object (&item->task);
  g_free (item);
}

/* ---- completion, in each async save's main context ---- */

/* The async saves of one batch for one main context, completed in order. */
static gboolean
complete_tasks (gpointer data)
{
  GPtrArray *items = data;
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = items->pdata[i];
      GTask *task = g_steal_pointer (&item->task);
      if (item->job.error != NULL)
        g_task_return_error (task, g_steal_pointer (&item->job.error));
      else
        g_task_return_pointer (task, g_steal_pointer (&item->job.path), g_free);
      item_free (item);
      g_object_unref (task); /* may finalize the store: nothing of it is used after */
    }
  return G_SOURCE_REMOVE;
}

/* Hands each save of the batch its outcome: async saves through one idle source per main
 * context (in the order they were made), blocking ones by waking their threads. */
static void
complete_batch (SipPushStore *self, GPtrArray *batch)
{
  g_autoptr (GHashTable) by_context
      = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) order = g_ptr_array_new (); /* contexts, first seen first */
  g_autoptr (GPtrArray) blocking = g_ptr_array_new ();
  for (guint i = 0; i < batch->len; i++)
    {
      Item *item = batch->pdata[i];
      if (item->task == NULL)
        {
          g_ptr_array_add (blocking, item);
          continue;
        }
      GMainContext *context = g_task_get_context (item->task);
      GPtrArray *items = g_hash_table_lookup (by_context, context);
      if (items == NULL)
        {
          items = g_ptr_array_new ();
          g_hash_table_insert (by_context, context, items);
          g_ptr_array_add (order, context);
        }
      g_ptr_array_add (items, item);
    }
  /* From here on an async item may be freed (and the store finalized) at any time by its
   * context: only the blocking items, whose callers hold the store, are touched after. */
  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *items = g_hash_table_lookup (by_context, order->pdata[i]);
      GSource *source = g_idle_source_new ();
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[sippush] store completion");
      g_source_set_callback (source, complete_tasks, g_ptr_array_ref (items),
                             (GDestroyNotify) g_ptr_array_unref);
      g_source_attach (source, order->pdata[i]);
      g_source_unref (source);
    }
  if (blocking->len == 0)
    return;
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < blocking->len; i++)
    ((Item *) blocking->pdata[i])->done = TRUE;
  g_cond_broadcast (&self->done);
  g_mutex_unlock (&self->lock);
}

/* ---- the worker ---- */

static void
run_batch (GPtrArray *batch, const SipPushDurableOps *ops)
{
  g_autoptr (GPtrArray) jobs = g_ptr_array_sized_new (batch->len);
  for (guint i = 0; i < batch->len; i++)
    {
      Item *item = batch->pdata[i];
      if (g_cancellable_set_error_if_cancelled (item->cancellable, &item->job.error))
        continue;
      g_ptr_array_add (jobs, &item->job);
    }
  sippush_durable_batch_run ((SipPushDurableJob *const *) jobs->pdata, jobs->len, ops);
}

/* Takes everything queued as one batch, makes it durable, completes it; again. The worker
 * holds no reference to the store: the pending saves do (tasks, blocked callers), and
 * finalize stops and joins the worker. */
static gpointer
worker_main (gpointer data)
{
  SipPushStore *self = data;
  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (g_queue_is_empty (&self->queue) && !self->quit)
        g_cond_wait (&self->wake, &self->lock);
      if (g_queue_is_empty (&self->queue))
        break;
      GPtrArray *batch = g_ptr_array_sized_new (self->queue.length);
      for (Item *item; (item = g_queue_pop_head (&self->queue)) != NULL;)
        g_ptr_array_add (batch, item);
      const SipPushDurableOps *ops = self->ops;
      g_mutex_unlock (&self->lock);

      gint64 start = g_get_monotonic_time ();
      run_batch (batch, ops);
      g_debug ("store: %u save(s) made durable together in %.1f ms", batch->len,
               (g_get_monotonic_time () - start) / 1000.0);
      complete_batch (self, batch);
      g_ptr_array_unref (batch);
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

static void
enqueue (SipPushStore *self, Item *item)
{
  g_mutex_lock (&self->lock);
  if (self->worker == NULL)
    self->worker = g_thread_new ("sippush-store", worker_main, self);
  g_queue_push_tail (&self->queue, item);
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
}

/* ---- the object ---- */

static void
sippush_store_finalize (GObject *object)
{
  SipPushStore *self = SIPPUSH_STORE (object);
  g_mutex_lock (&self->lock);
  self->quit = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  if (self->worker != NULL)
    g_thread_join (self->worker);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  g_cond_clear (&self->done);
  G_OBJECT_CLASS (sippush_store_parent_class)->finalize (object);
}

static void
sippush_store_class_init (SipPushStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sippush_store_finalize;
}

static void
sippush_store_init (SipPushStore *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  g_cond_init (&self->done);
  g_queue_init (&self->queue);
  self->ops = &sippush_durable_default_ops;
}

SipPushStore *
sippush_store_new (void)
{
  return g_object_new (SIPPUSH_TYPE_STORE, NULL);
}

void
sippush_store_set_ops (SipPushStore *store, const SipPushDurableOps *ops)
{
  g_return_if_fail (SIPPUSH_IS_STORE (store));
  g_mutex_lock (&store->lock);
  store->ops = ops ? ops : &sippush_durable_default_ops;
  g_mutex_unlock (&store->lock);
}

void
sippush_store_save_async (SipPushStore *store, const gchar *directory, const gchar *name,
                          GBytes *bytes, GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_return_if_fail (SIPPUSH_IS_STORE (store));
  g_return_if_fail (directory != NULL && name != NULL && bytes != NULL);
  Item *item = item_new (directory, name, bytes, cancellable);
  item->task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (item->task, sippush_store_save_async);
  g_task_set_name (item->task, "sippush_store_save_async");
  /* Durable is durable: a cancel after the batch started does not turn it into an error. */
  g_task_set_check_cancellable (item->task, FALSE);
  enqueue (store, item);
}

gchar *
sippush_store_save_finish (SipPushStore *store, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gchar *
sippush_store_save (SipPushStore *store, const gchar *directory, const gchar *name, GBytes *bytes,
                    GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_STORE (store), NULL);
  g_return_val_if_fail (directory != NULL && name != NULL && bytes != NULL, NULL);
  Item *item = item_new (directory, name, bytes, cancellable);
  enqueue (store, item);
  g_mutex_lock (&store->lock);
  while (!item->done)
    g_cond_wait (&store->done, &store->lock);
  g_mutex_unlock (&store->lock);
  gchar *path = g_steal_pointer (&item->job.path);
  if (item->job.error != NULL)
    g_propagate_error (error, g_steal_pointer (&item->job.error));
  item_free (item);
  return path;
}

gboolean
sippush_store_sweep (const gchar *directory, guint *removed, GError **error)
{
  g_return_val_if_fail (directory != NULL, FALSE);
  return sippush_temp_file_sweep (directory, removed, error);
}
