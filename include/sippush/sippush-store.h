/* sippush-store.h — durable storage of push content, with group commit.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <sippush/sippush-version.h>

G_BEGIN_DECLS

#define SIPPUSH_TYPE_STORE (sippush_store_get_type ())
SIPPUSH_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipPushStore, sippush_store, SIPPUSH, STORE, GObject)

/**
 * SipPushStore:
 *
 * Stores byte buffers durably as files, so that an application can answer a push (accept
 * its #SipPushDelivery, which sends the `200 OK`) only once its content would survive a
 * crash or a power cut (R-MSG-1), without paying two flushes per push.
 *
 * Each buffer is written to its own temp file in the directory it is meant for (named
 * `.sippush-<16 hex digits>.tmp`), then made durable **together with every buffer
 * queued meanwhile** (group commit): one flush of the data per file system for the
 * whole batch (syncfs(2)), then each temp file is renamed into place without replacing
 * anything, then one fsync(2) per directory of the batch. Only then does each save
 * complete, in the order the saves were made. The work runs on one worker thread of the
 * store: the caller's main loop keeps running, and everything saved while a batch is
 * being flushed forms the next batch.
 *
 * A crash can leave temp files behind, never a partial file under a real name. They are
 * removed (and each removal logged with g_message()) the first time a process saves into
 * that directory, and by sippush_store_sweep(); a temp file another live process is
 * writing is locked and left alone.
 *
 * Errors are in the %G_IO_ERROR domain, with the code of the failing system call. A
 * failed save leaves nothing of it on disk.
 */

/**
 * sippush_store_new:
 *
 * Creates a store. Its worker thread starts with the first save and ends when the store
 * is finalized (each pending save holds a reference).
 *
 * Returns: (transfer full): a new #SipPushStore
 */
SIPPUSH_AVAILABLE_IN_ALL
SipPushStore *sippush_store_new (void);

/**
 * sippush_store_save_async:
 * @store: a #SipPushStore
 * @directory: an existing directory
 * @name: the file name wanted; it is made safe the way offered file names are (only its
 *   last path component, no control characters, no leading `.`) and a name already taken
 *   gets ` (1)`, ` (2)`, … before its extension
 * @bytes: the content
 * @cancellable: (nullable): a #GCancellable; cancelling only takes effect before the
 *   save's batch has started (then nothing is written and the save fails with
 *   %G_IO_ERROR_CANCELLED); once written, the save completes normally
 * @callback: (scope async): called in the thread-default main context of the caller when
 *   the content is durable, or has failed
 * @user_data: data for @callback
 *
 * Stores @bytes durably as a file in @directory, in the next batch (see #SipPushStore).
 * The callbacks of one batch run in the order of their saves.
 */
SIPPUSH_AVAILABLE_IN_ALL
void sippush_store_save_async (SipPushStore *store, const gchar *directory, const gchar *name,
                               GBytes *bytes, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);

/**
 * sippush_store_save_finish:
 * @store: a #SipPushStore
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * When it returns a path, the file's content and its name are on stable storage.
 *
 * Returns: (transfer full) (type filename): the stored file's path (@directory and the
 *   name used), or %NULL with @error set
 */
SIPPUSH_AVAILABLE_IN_ALL
gchar *sippush_store_save_finish (SipPushStore *store, GAsyncResult *result, GError **error);

/**
 * sippush_store_save:
 * @store: a #SipPushStore
 * @directory: an existing directory
 * @name: the file name wanted (as for sippush_store_save_async())
 * @bytes: the content
 * @cancellable: (nullable): a #GCancellable (as for sippush_store_save_async())
 * @error: return location for a #GError
 *
 * The blocking form of sippush_store_save_async(): joins the next batch and waits for it.
 * For content that must be stored before the caller returns, such as a NOTIFY push (see
 * #SipPushDelivery).
 *
 * Returns: (transfer full) (type filename): the stored file's path, or %NULL with @error
 *   set
 */
SIPPUSH_AVAILABLE_IN_ALL
gchar *sippush_store_save (SipPushStore *store, const gchar *directory, const gchar *name,
                           GBytes *bytes, GCancellable *cancellable, GError **error);

/**
 * sippush_store_sweep:
 * @directory: a directory
 * @removed: (out) (optional): how many temp files were removed
 * @error: return location for a #GError
 *
 * Removes the temp files that an interrupted save or file transfer of an earlier process
 * left in @directory (not in its subdirectories): the `.sippush-<16 hex digits>.tmp` files
 * of this version, and the `.<16 hex digits>.part` and `.incoming-XXXXXX` files of earlier
 * ones. A temp file that a live process holds is left alone. Each removal is logged with
 * g_message(). The receiver does this itself for #SipPushReceiver:file-directory when it
 * starts and for every directory before its first write there; call it for directories
 * the process may not write to again (an application's folder that is no longer served).
 *
 * Returns: %TRUE, or %FALSE with @error set when @directory cannot be read
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_store_sweep (const gchar *directory, guint *removed, GError **error);

G_END_DECLS
