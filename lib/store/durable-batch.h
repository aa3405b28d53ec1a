/* store/durable-batch.h — group commit: a batch of byte buffers made durable as files
 * together, with one flush per file system and one directory sync per directory for the
 * whole batch (SipPushStore runs it on its worker thread). No main loop, no GObject.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* in */
  const char *directory; /* existing */
  const char *name;      /* wanted file name, one safe component (sanitised) */
  GBytes *bytes;
  /* out: exactly one is set by sippush_durable_batch_run() */
  gchar *path;   /* directory/name as stored (a clash gets `stem (1).ext`, …) */
  GError *error; /* G_IO_ERROR; nothing of the job is left on disk */
} SipPushDurableJob;

/* The two flushes, replaceable so that tests can watch their order and make them fail.
 * Each returns 0 or -1 with errno set. */
typedef struct
{
  /* Makes the data of every file written so far on @fd's file system durable. */
  int (*sync_filesystem) (int fd, gpointer data);
  /* Makes the entries of @dir_fd (@directory) durable. */
  int (*sync_directory) (int dir_fd, const char *directory, gpointer data);
  gpointer data;
} SipPushDurableOps;

/* syncfs(2) and fsync(2). */
extern const SipPushDurableOps sippush_durable_default_ops;

/* Makes every job durable or failed, in this order:
 *   1. each job's bytes are written to a fresh temp file in its directory (temp-file.h);
 *   2. one ops->sync_filesystem per file system the batch wrote to;
 *   3. each temp file is renamed into place, never replacing a file;
 *   4. one ops->sync_directory per directory that got a file;
 * so when it returns, each job with a path is durable under that path. A failure fails
 * the jobs it concerns (a file system's flush: all of its jobs; a directory's sync: the
 * files renamed there, which are removed again) and leaves nothing of them on disk. The
 * directories are swept of earlier processes' temp files the first time the process
 * uses them. Blocking; any thread. */
void sippush_durable_batch_run (SipPushDurableJob *const *jobs, guint n_jobs,
                                const SipPushDurableOps *ops);

G_END_DECLS
