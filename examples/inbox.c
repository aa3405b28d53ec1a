/* inbox.c — atomic, durable storage of push bodies. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "inbox.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct _Inbox
{
  gchar *dir;
  guint64 sequence;
};

static gboolean
set_errno_error (GError **error, int err, const char *what, const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "%s %s: %s", what, path,
               g_strerror (err));
  return FALSE;
}

static gboolean fsync_dir (const char *path);

/* Creates @dir (and its parents) when missing. A new folder's entry lives in its parent:
 * that is fsynced too, or the first file stored in it could vanish in a crash after its
 * 200 went out. */
static gboolean
ensure_dir (const char *dir, GError **error)
{
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    return set_errno_error (error, errno, "cannot create", dir);
  g_autofree gchar *parent = g_path_get_dirname (dir);
  if (!fsync_dir (parent))
    return set_errno_error (error, errno, "cannot sync", parent);
  return TRUE;
}

Inbox *
inbox_new (const char *dir, GError **error)
{
  if (!ensure_dir (dir, error))
    return NULL;
  Inbox *inbox = g_new0 (Inbox, 1);
  inbox->dir = g_strdup (dir);
  return inbox;
}

void
inbox_free (Inbox *inbox)
{
  if (inbox == NULL)
    return;
  g_free (inbox->dir);
  g_free (inbox);
}

gchar *
inbox_folder_name (const char *ari)
{
  GString *s = g_string_new (NULL);
  for (const char *p = ari; *p; p++)
    {
      unsigned char c = (unsigned char) *p;
      if (c == '/' || c == '%' || c <= 0x20 || c >= 0x7f || (p == ari && c == '.'))
        g_string_append_printf (s, "%%%02X", c);
      else
        g_string_append_c (s, (char) c);
    }
  if (s->len == 0)
    g_string_append (s, "_");
  return g_string_free (s, FALSE);
}

static gboolean
write_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gboolean
fsync_dir (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  gboolean ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

gchar *
inbox_store (Inbox *inbox, const char *folder, const void *data, gsize len, GError **error)
{
  g_autofree gchar *dir = g_build_filename (inbox->dir, folder, NULL);
  if (!ensure_dir (dir, error))
    return NULL;

  g_autofree gchar *tmp = g_build_filename (dir, ".incoming-XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_errno_error (error, errno, "cannot create", tmp);
      return NULL;
    }
  if (!write_all (fd, data, len) || fsync (fd) != 0)
    {
      int err = errno;
      close (fd);
      g_unlink (tmp);
      set_errno_error (error, err ? err : EIO, "cannot write", tmp);
      return NULL;
    }
  if (close (fd) != 0)
    {
      int err = errno;
      g_unlink (tmp);
      set_errno_error (error, err, "cannot write", tmp);
      return NULL;
    }

  /* A fresh name per push; RENAME_NOREPLACE keeps two receivers sharing an inbox from
   * overwriting each other. */
  for (int attempt = 0; attempt < 16; attempt++)
    {
      g_autofree gchar *name
          = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT "-%08x.push",
                             g_get_real_time (), ++inbox->sequence, g_random_int ());
      gchar *path = g_build_filename (dir, name, NULL);
      if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        {
          if (!fsync_dir (dir))
            {
              /* The rename may not survive a crash: treat it as not stored. */
              int err = errno;
              g_unlink (path);
              set_errno_error (error, err, "cannot sync", dir);
              g_free (path);
              return NULL;
            }
          return path;
        }
      int err = errno;
      g_free (path);
      if (err != EEXIST)
        {
          g_unlink (tmp);
          set_errno_error (error, err, "cannot rename", tmp);
          return NULL;
        }
    }
  g_unlink (tmp);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "no free file name in %s", dir);
  return NULL;
}

gchar *
inbox_dup_folder (Inbox *inbox, const char *folder, GError **error)
{
  gchar *dir = g_build_filename (inbox->dir, folder, NULL);
  if (!ensure_dir (dir, error))
    g_clear_pointer (&dir, g_free);
  return dir;
}

const char *
inbox_get_dir (Inbox *inbox)
{
  return inbox->dir;
}
