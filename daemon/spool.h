/* spool.h — sippushd's store and forward: pushes acknowledged while their application's
 * agent was away, kept durably until the agent has taken them.
 *
 *   SPOOL/<folder>/<time>-<seq>-<random>.push   one push (a serialized GVariant, below)
 *   SPOOL/<folder>/files/<name>                  the file of an MSRP push
 *
 * <folder> is the application's ARI made safe as a folder name (inbox_folder_name()).
 * Entries are written with the CLI's inbox rules (examples/inbox.c: a temporary dot-file,
 * fsync, rename without overwriting, fsync of the folder), so a push is acknowledged on
 * the wire only once its entry would survive a crash. An entry is the GVariant
 * `(ua{sv}ay)`: the format version (1), the push dictionary the agent gets (plus
 * `spool-file`, the file's name under files/, for MSRP) and the body.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

typedef struct _Spool Spool;

/* The most entries one application may have waiting: beyond, pushes are refused. */
#define SPOOL_MAX_ENTRIES 1000

typedef struct
{
  gchar *path;    /* the entry */
  GVariant *push; /* a{sv}, as the agent gets it (no spool-file key), floating-free */
  GBytes *body;   /* the content (empty for a file) */
  gchar *file;    /* the MSRP file, or NULL */
} SpoolEntry;

/* Opens (creates) the spool in @dir and clears what a crash may have left: temporary
 * dot-files, and files no entry names. Logs how many pushes wait per folder. */
Spool *spool_new (const char *dir, GError **error);
void spool_free (Spool *spool);

/* Stores one push for @ari durably: @push is an a{sv}, @file (nullable) the name of a
 * file already in spool_dup_file_dir(). Returns the entry's path. */
gchar *spool_store (Spool *spool, const char *ari, GVariant *push, GBytes *body, const char *file,
                    GError **error);

/* SPOOL/<folder>/files, created when missing: where MSRP files for @ari are streamed. */
gchar *spool_dup_file_dir (Spool *spool, const char *ari, GError **error);

/* The entries waiting for @ari, oldest first (paths). */
GPtrArray *spool_list (Spool *spool, const char *ari);

/* Reads one entry; NULL with @error when it is not one (then it is left as it is). */
SpoolEntry *spool_entry_read (const char *path, GError **error);
void spool_entry_free (SpoolEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpoolEntry, spool_entry_free)

/* Removes an entry, then its file; the folder is fsynced so the removal holds. */
void spool_remove (Spool *spool, const SpoolEntry *entry);
