/* store/durable-batch.c — group commit of small files (durable-batch.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why two flushes per batch, and why these two.
 *
 * A file is durable when its data and the directory entry naming it are both on stable
 * storage, and its final name must never appear before its data (a crash would leave an
 * empty or short file under a real name: on ext4, delayed allocation means a committed
 * rename can point at blocks never written). So the data is flushed before the renames,
 * and the renames after: two flushes, whatever the batch size.
 *
 * Flush 1, the data: syncfs(2) on a temp file of the batch, once per file system. It
 * writes back every dirty inode of that file system and waits, then the file system's
 * sync_fs: on ext4 one journal commit and one device cache flush for the whole batch,
 * where an fdatasync per file would commit the journal and flush the cache once per file
 * (each file's blocks are allocated at its own writeback, in a transaction of its own).
 * Errors: since Linux 5.8 syncfs reports a writeback error of the file system that
 * happened after the descriptor it is given was opened; it is given the batch's first
 * temp file on that file system, opened before any byte of the batch was written there.
 * (It is conservative: an error in another file on the same file system fails the batch
 * too.) The price: it also writes back other processes' dirty data on that file system.
 * On ext4 without a journal (some VM images) it is right too: the inodes are written
 * synchronously (WB_SYNC_ALL), the block device's buffers (bitmaps, inode tables,
 * directory blocks) by sync_blockdev(), then the cache flush. On tmpfs it does nothing
 * and returns 0, which is right: tmpfs keeps nothing across a reboot, and its files are
 * as safe as they will ever be once written.
 *
 * Flush 2, the names: fsync(2) of each directory that got a file, once. On ext4 the
 * renames of the batch are in the running journal transaction and the first fsync
 * commits it (the others find it committed); without a journal it writes the directory's
 * blocks. POSIX asks for each directory, so each is synced. On tmpfs a no-op.
 */
#include "store/durable-batch.h"
#include "store/temp-file.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <sys/stat.h>
#include <unistd.h>

static int
default_sync_filesystem (int fd, gpointer data)
{
  return syncfs (fd);
}

static int
default_sync_directory (int dir_fd, const char *directory, gpointer data)
{
  return fsync (dir_fd);
}

const SipPushDurableOps sippush_durable_default_ops
    = { default_sync_filesystem, default_sync_directory, NULL };

typedef struct
{
  const char *path;
  int fd;
  int err; /* cannot be opened */
  dev_t dev;
  gboolean got_file;
} Dir;

typedef struct
{
  SipPushDurableJob *job;
  Dir *dir;
  int fd;      /* the temp file, until closed */
  gchar *temp; /* while the temp file exists */
  gchar *name; /* once renamed */
} Work;

static void
fail_errno (Work *w, int err, const char *what, const char *path)
{
  if (w->job->error == NULL)
    g_set_error (&w->job->error, G_IO_ERROR, g_io_error_from_errno (err), "%s %s: %s", what, path,
                 g_strerror (err));
}

static gboolean
write_all (int fd, const guint8 *data, gsize len, int *err)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          *err = n < 0 ? errno : EIO;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static void
drop_temp (Work *w)
{
  if (w->fd >= 0)
    close (w->fd);
  w->fd = -1;
  if (w->temp != NULL)
    unlinkat (w->dir->fd, w->temp, 0);
  g_clear_pointer (&w->temp, g_free);
}

static Dir *
find_dir (GArray *dirs, const char *path)
{
  for (guint i = 0; i < dirs->len; i++)
    if (g_str_equal (g_array_index (dirs, Dir *, i)->path, path))
      return g_array_index (dirs, Dir *, i);
  Dir *dir = g_new0 (Dir, 1);
  dir->path = path;
  sippush_temp_file_sweep_once (path);
  dir->fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct stat st;
  if (dir->fd < 0 || fstat (dir->fd, &st) != 0)
    dir->err = errno;
  else
    dir->dev = st.st_dev;
  g_array_append_val (dirs, dir);
  return dir;
}

/* Step 1: the bytes into a fresh temp file. */
static void
write_temp (Work *w)
{
  int err = 0;
  if (w->dir->err)
    {
      fail_errno (w, w->dir->err, "cannot open", w->dir->path);
      return;
    }
  w->fd = sippush_temp_file_create (w->dir->fd, &w->temp, &err);
  if (w->fd < 0)
    {
      fail_errno (w, err, "cannot create a temp file in", w->dir->path);
      return;
    }
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (w->job->bytes, &len);
  if (!write_all (w->fd, data, len, &err))
    {
      fail_errno (w, err, "cannot write to", w->dir->path);
      drop_temp (w);
    }
}

/* Step 2: one flush per file system, on its first temp file (see the top comment). */
static void
sync_filesystems (Work *works, guint n, const SipPushDurableOps *ops)
{
  for (guint i = 0; i < n; i++)
    {
      if (works[i].temp == NULL)
        continue;
      gboolean seen = FALSE;
      for (guint j = 0; j < i && !seen; j++)
        seen = works[j].temp != NULL && works[j].dir->dev == works[i].dir->dev;
      if (seen)
        continue;
      if (ops->sync_filesystem (works[i].fd, ops->data) == 0)
        continue;
      int err = errno;
      dev_t dev = works[i].dir->dev;
      for (guint j = i; j < n; j++)
        if (works[j].temp != NULL && works[j].dir->dev == dev)
          {
            fail_errno (&works[j], err, "cannot sync the file system of", works[j].dir->path);
            drop_temp (&works[j]);
          }
    }
}

/* Step 3: into place under the wanted name, or `stem (n).ext`. */
static void
rename_temp (Work *w)
{
  int err = 0;
  close (w->fd);
  w->fd = -1;
  w->name = sippush_temp_file_rename (w->dir->fd, w->temp, w->job->name, &err);
  if (w->name == NULL)
    {
      if (err == EEXIST)
        g_set_error (&w->job->error, G_IO_ERROR, G_IO_ERROR_EXISTS, "no free name for %s in %s",
                     w->job->name, w->dir->path);
      else
        fail_errno (w, err, "cannot rename a temp file in", w->dir->path);
      drop_temp (w);
      return;
    }
  g_clear_pointer (&w->temp, g_free);
  w->dir->got_file = TRUE;
}

/* Step 4: one sync per directory that got a file. */
static void
sync_directories (GArray *dirs, Work *works, guint n, const SipPushDurableOps *ops)
{
  for (guint d = 0; d < dirs->len; d++)
    {
      Dir *dir = g_array_index (dirs, Dir *, d);
      if (!dir->got_file || ops->sync_directory (dir->fd, dir->path, ops->data) == 0)
        continue;
      /* The renames may not survive a crash: the files are not stored. */
      int err = errno;
      for (guint i = 0; i < n; i++)
        if (works[i].dir == dir && works[i].name != NULL)
          {
            fail_errno (&works[i], err, "cannot sync", dir->path);
            unlinkat (dir->fd, works[i].name, 0);
            g_clear_pointer (&works[i].name, g_free);
          }
    }
}

void
sippush_durable_batch_run (SipPushDurableJob *const *jobs, guint n_jobs,
                           const SipPushDurableOps *ops)
{
  if (ops == NULL)
    ops = &sippush_durable_default_ops;
  g_autoptr (GArray) dirs = g_array_new (FALSE, FALSE, sizeof (Dir *));
  Work *works = g_new0 (Work, n_jobs);
  for (guint i = 0; i < n_jobs; i++)
    {
      works[i].job = jobs[i];
      works[i].fd = -1;
      works[i].dir = find_dir (dirs, jobs[i]->directory);
      write_temp (&works[i]);
    }
  sync_filesystems (works, n_jobs, ops);
  for (guint i = 0; i < n_jobs; i++)
    if (works[i].temp != NULL)
      rename_temp (&works[i]);
  sync_directories (dirs, works, n_jobs, ops);

  for (guint i = 0; i < n_jobs; i++)
    {
      if (works[i].name != NULL)
        jobs[i]->path = g_build_filename (works[i].dir->path, works[i].name, NULL);
      g_free (works[i].name);
      g_assert (works[i].temp == NULL && works[i].fd < 0);
      g_assert ((jobs[i]->path == NULL) != (jobs[i]->error == NULL));
    }
  for (guint d = 0; d < dirs->len; d++)
    {
      Dir *dir = g_array_index (dirs, Dir *, d);
      if (dir->fd >= 0)
        close (dir->fd);
      g_free (dir);
    }
  g_free (works);
}
