/* store/temp-file.h — the temp files every durable write goes through (the MSRP file sink,
 * SipPushStore): one recognisable name, a lock while they live, a rename into place that
 * never replaces, and the sweep that removes what a crash left (R-SEC-5).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `.sippush-<16 hex digits>.tmp`: a dot-file (final names are sanitised and never start
 * with '.', so no clash), and recognisably ours, so a sweep can never take anything else. */
#define SIPPUSH_TEMP_PREFIX ".sippush-"
#define SIPPUSH_TEMP_SUFFIX ".tmp"

/* Creates a fresh temp file in @dir_fd (O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC, mode 0644) and
 * holds an exclusive flock(2) on it for as long as the descriptor is open: the sweep of
 * another process sharing the directory leaves a locked (live) temp file alone. Returns
 * the descriptor and its name (*@name, transfer full), or -1 with *@err = errno. */
int sippush_temp_file_create (int dir_fd, gchar **name, int *err);

/* Whether @name (a directory entry) is one of our temp files: the current form above, or
 * the forms earlier versions used (`.<16 hex>.part` of the file sink, `.incoming-XXXXXX`
 * of the example inbox). */
gboolean sippush_temp_file_name_is_ours (const char *name);

/* Renames the temp file @temp in @dir_fd to @base, or to `stem (1).ext`, `stem (2).ext`…
 * when taken, never replacing a file (RENAME_NOREPLACE, else link + unlink). Returns the
 * name used (transfer full), or NULL with *@err = errno (EEXIST: no free name). */
gchar *sippush_temp_file_rename (int dir_fd, const char *temp, const char *base, int *err);

/* Removes the temp files of ours (sippush_temp_file_name_is_ours()) that no live process
 * holds locked in @directory (not recursive), logging each removal with g_message().
 * *@removed (may be NULL) counts them. FALSE with @error only when the directory cannot
 * be read. */
gboolean sippush_temp_file_sweep (const char *directory, guint *removed, GError **error);

/* Sweeps @directory the first time this process names it (by this path; thread-safe), so
 * that temp files an earlier process left are gone before anything is written there.
 * A directory that cannot be read is quietly skipped (writing there fails anyway). */
void sippush_temp_file_sweep_once (const char *directory);

G_END_DECLS
