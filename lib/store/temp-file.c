/* store/temp-file.c — recognisable, locked temp files; never-replacing renames; the sweep.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "store/temp-file.h"
#include "store/file-name.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_ATTEMPTS 16
#define RANDOM_DIGITS 16
/* `stem (1).ext` … `stem (CLASH_MAX).ext`, then give up. */
#define CLASH_MAX 9999

int
sippush_temp_file_create (int dir_fd, gchar **name, int *err)
{
  for (int attempt = 0; attempt < TEMP_ATTEMPTS; attempt++)
    {
      gchar *candidate = g_strdup_printf (SIPPUSH_TEMP_PREFIX "%08x%08x" SIPPUSH_TEMP_SUFFIX,
                                          g_random_int (), g_random_int ());
      int fd = openat (dir_fd, candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd >= 0)
        {
          /* Whoever locks first owns the file: a sweep that opened it between openat and
           * here and won removes it, and we take another name. (A file system without
           * flock: the file is used unlocked.) */
          if (flock (fd, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK)
            {
              *name = candidate;
              return fd;
            }
          close (fd);
          g_free (candidate);
          continue;
        }
      g_free (candidate);
      if (errno != EEXIST)
        {
          *err = errno;
          return -1;
        }
    }
  *err = EEXIST;
  return -1;
}

static gboolean
all_hex (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
sippush_temp_file_name_is_ours (const char *name)
{
  gsize len = strlen (name);
  const gsize prefix = strlen (SIPPUSH_TEMP_PREFIX), suffix = strlen (SIPPUSH_TEMP_SUFFIX);
  if (len == prefix + RANDOM_DIGITS + suffix && g_str_has_prefix (name, SIPPUSH_TEMP_PREFIX)
      && g_str_has_suffix (name, SIPPUSH_TEMP_SUFFIX) && all_hex (name + prefix, RANDOM_DIGITS))
    return TRUE;
  /* Earlier versions: the file sink's `.<16 hex>.part`, the inbox's mkstemp `.incoming-XXXXXX`. */
  if (len == 1 + RANDOM_DIGITS + 5 && name[0] == '.' && all_hex (name + 1, RANDOM_DIGITS)
      && g_str_has_suffix (name, ".part"))
    return TRUE;
  return len == strlen (".incoming-") + 6 && g_str_has_prefix (name, ".incoming-");
}

/* `stem (n).ext` for n > 0. */
static gchar *
clash_name (const char *name, guint n)
{
  if (n == 0)
    return g_strdup (name);
  const char *dot = strrchr (name, '.');
  if (dot == NULL || dot == name)
    return g_strdup_printf ("%s (%u)", name, n);
  return g_strdup_printf ("%.*s (%u)%s", (int) (dot - name), name, n, dot);
}

gchar *
sippush_temp_file_rename (int dir_fd, const char *temp, const char *base, int *err)
{
  for (guint n = 0; n <= CLASH_MAX; n++)
    {
      gchar *name = clash_name (base, n);
      int rc = renameat2 (dir_fd, temp, dir_fd, name, RENAME_NOREPLACE);
      if (rc != 0 && errno == EINVAL)
        {
          /* A file system without RENAME_NOREPLACE: link(2) never replaces either. */
          rc = linkat (dir_fd, temp, dir_fd, name, 0);
          if (rc == 0)
            unlinkat (dir_fd, temp, 0);
        }
      if (rc == 0)
        return name;
      g_free (name);
      if (errno != EEXIST)
        {
          *err = errno;
          return NULL;
        }
    }
  *err = EEXIST;
  return NULL;
}

/* Removes one temp file unless a live process holds it. The lock is taken on the file we
 * opened and the entry is removed only if it still is that file, so a temp file created
 * anew under the same name in between is never taken. */
static gboolean
sweep_file (int dir_fd, const char *directory, const char *name)
{
  int fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  gboolean removed = FALSE;
  struct stat open_st, now_st;
  if (fstat (fd, &open_st) == 0 && S_ISREG (open_st.st_mode) && flock (fd, LOCK_EX | LOCK_NB) == 0
      && fstatat (dir_fd, name, &now_st, AT_SYMLINK_NOFOLLOW) == 0
      && now_st.st_ino == open_st.st_ino && now_st.st_dev == open_st.st_dev
      && unlinkat (dir_fd, name, 0) == 0)
    {
      g_message ("removed %s/%s, a temp file an interrupted write left (%" G_GINT64_FORMAT
                 " bytes)",
                 directory, name, (gint64) open_st.st_size);
      removed = TRUE;
    }
  close (fd);
  return removed;
}

gboolean
sippush_temp_file_sweep (const char *directory, guint *removed, GError **error)
{
  guint count = 0;
  int dir_fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = dir_fd >= 0 ? fdopendir (dup (dir_fd)) : NULL;
  if (d == NULL)
    {
      int err = errno;
      if (dir_fd >= 0)
        close (dir_fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "cannot read %s: %s", directory,
                   g_strerror (err));
      return FALSE;
    }
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    if (e->d_name[0] == '.' && sippush_temp_file_name_is_ours (e->d_name)
        && sweep_file (dir_fd, directory, e->d_name))
      count++;
  closedir (d);
  /* The removals are not made durable: a temp file coming back after a power cut is
   * swept at the next start. */
  close (dir_fd);
  if (removed != NULL)
    *removed = count;
  return TRUE;
}

static GMutex swept_lock;
static GHashTable *swept; /* directory paths swept by this process */

void
sippush_temp_file_sweep_once (const char *directory)
{
  g_mutex_lock (&swept_lock);
  if (swept == NULL)
    swept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean first = g_hash_table_add (swept, g_strdup (directory));
  g_mutex_unlock (&swept_lock);
  if (first)
    sippush_temp_file_sweep (directory, NULL, NULL);
}
