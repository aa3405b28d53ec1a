/* inbox.h — the CLI's durable store: one file per push under DIR/<app>/.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

typedef struct _Inbox Inbox;

/* Creates DIR if needed and removes the temp files an earlier process left in its
 * folders (DIR/<folder>/, each removal logged). */
Inbox *inbox_new (const char *dir, GError **error);
void inbox_free (Inbox *inbox);

/* The folder name of an ARI: the ARI itself, with `/` and `%` percent-encoded and a
 * leading `.` encoded too, so that no ARI can name a path outside the inbox, a hidden
 * file or `..` (R-DSP-3). */
gchar *inbox_folder_name (const char *ari);

/* Stores @len bytes under DIR/<folder>/ with a unique name through the library's
 * SipPushStore: written to a temp dot-file in that folder, flushed, renamed into place
 * without overwriting, the folder synced; blocks until that is done (for NOTIFY pushes,
 * which must be stored inside their callback). On failure nothing is left behind.
 * Returns the path (DIR/folder/name). */
gchar *inbox_store (Inbox *inbox, const char *folder, const void *data, gsize len, GError **error);

/* The same without blocking: @callback runs in the caller's main context once the bytes
 * are durable (together with the other pushes stored meanwhile: group commit), or have
 * failed; inbox_store_finish() gives the path. */
void inbox_store_async (Inbox *inbox, const char *folder, GBytes *bytes,
                        GAsyncReadyCallback callback, gpointer user_data);
gchar *inbox_store_finish (Inbox *inbox, GAsyncResult *result, GError **error);

/* DIR as given to inbox_new() (relative when it was). */
const char *inbox_get_dir (Inbox *inbox);

/* DIR/<folder>, created (and made durable) when missing: where MSRP files are streamed. */
gchar *inbox_dup_folder (Inbox *inbox, const char *folder, GError **error);
