/* inbox.c — atomic, durable storage of push bodies, through the library's SipPushStore.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "inbox.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sippush/sippush.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct _Inbox
{
  gchar *dir;
  guint64 sequence;
  SipPushStore *store; /* group commit of the pushes, on its own thread */
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

/* R-SEC-5: the temp files an earlier process left in DIR/<folder>/ (all of them: also
 * the folders of applications no longer served) go before anything is stored. */
static void
sweep_inbox (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      g_autoptr (GError) error = NULL;
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !sippush_store_sweep (path, NULL, &error))
        g_warning ("%s", error->message);
    }
}

Inbox *
inbox_new (const char *dir, GError **error)
{
  if (!ensure_dir (dir, error))
    return NULL;
  sweep_inbox (dir);
  Inbox *inbox = g_new0 (Inbox, 1);
  inbox->dir = g_strdup (dir);
  inbox->store = sippush_store_new ();
  return inbox;
}

void
inbox_free (Inbox *inbox)
{
  if (inbox == NULL)
    return;
  g_clear_object (&inbox->store);
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
fsync_dir (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  gboolean ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* A fresh name per push, <real time µs>-<sequence>-<random>.push: ordered by arrival (the
 * daemon's spool lists them so), unique across receivers sharing the inbox; the store
 * never replaces a file anyway. */
static gchar *
next_name (Inbox *inbox)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT "-%08x.push",
                          g_get_real_time (), ++inbox->sequence, g_random_int ());
}

gchar *
inbox_store (Inbox *inbox, const char *folder, const void *data, gsize len, GError **error)
{
  g_autofree gchar *dir = g_build_filename (inbox->dir, folder, NULL);
  if (!ensure_dir (dir, error))
    return NULL;
  g_autofree gchar *name = next_name (inbox);
  /* Blocking: the store is done with @data when it returns. */
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, len);
  return sippush_store_save (inbox->store, dir, name, bytes, NULL, error);
}

void
inbox_store_async (Inbox *inbox, const char *folder, GBytes *bytes, GAsyncReadyCallback callback,
                   gpointer user_data)
{
  g_autofree gchar *dir = g_build_filename (inbox->dir, folder, NULL);
  GError *error = NULL;
  if (!ensure_dir (dir, &error))
    {
      g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);
      g_task_set_source_tag (task, inbox_store_async);
      g_task_return_error (task, error);
      return;
    }
  g_autofree gchar *name = next_name (inbox);
  sippush_store_save_async (inbox->store, dir, name, bytes, NULL, callback, user_data);
}

gchar *
inbox_store_finish (Inbox *inbox, GAsyncResult *result, GError **error)
{
  if (g_task_get_source_tag (G_TASK (result)) == inbox_store_async)
    return g_task_propagate_pointer (G_TASK (result), error);
  return sippush_store_save_finish (inbox->store, result, error);
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
