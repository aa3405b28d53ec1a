/* inbox.h — the CLI's durable store: one file per push under DIR/<app>/.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

typedef struct _Inbox Inbox;

/* Creates DIR if needed. */
Inbox *inbox_new (const char *dir, GError **error);
void inbox_free (Inbox *inbox);

/* The folder name of an ARI: the ARI itself, with `/` and `%` percent-encoded and a
 * leading `.` encoded too, so that no ARI can name a path outside the inbox, a hidden
 * file or `..` (R-DSP-3). */
gchar *inbox_folder_name (const char *ari);

/* Stores @len bytes under DIR/<folder>/ with a unique name: written to a dot-file in
 * that folder, fsynced, renamed into place without overwriting, then the folder is
 * fsynced. On failure nothing is left behind. Returns the path (DIR/folder/name). */
gchar *inbox_store (Inbox *inbox, const char *folder, const void *data, gsize len, GError **error);

/* DIR as given to inbox_new() (relative when it was). */
const char *inbox_get_dir (Inbox *inbox);

/* DIR/<folder>, created (and made durable) when missing: where MSRP files are streamed. */
gchar *inbox_dup_folder (Inbox *inbox, const char *folder, GError **error);
