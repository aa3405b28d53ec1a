/* spool.c — durable store and forward of pushes (spool.h). The writing is the CLI's inbox
 * (examples/inbox.c), compiled in. SPDX-License-Identifier: LGPL-2.1-or-later */
#define G_LOG_DOMAIN "sippushd"
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "inbox.h"

#define ENTRY_VERSION 1
#define ENTRY_TYPE "(ua{sv}ay)"
#define ENTRY_SUFFIX ".push"
#define FILES_FOLDER "files"
/* An entry is a small dictionary and one push body: the library bounds bodies far
 * below this; a bigger file in the spool is not ours. */
#define ENTRY_MAX_SIZE (64 * 1024 * 1024)

struct _Spool
{
  Inbox *inbox;
};

static gboolean
is_entry_name (const char *name)
{
  return name[0] != '.' && g_str_has_suffix (name, ENTRY_SUFFIX);
}

/* A file name an entry may name under files/: one plain component. */
static gboolean
is_plain_name (const char *name)
{
  return name[0] != '\0' && name[0] != '.' && strchr (name, '/') == NULL;
}

static void
fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_warning ("spool: cannot sync %s: %s", dir, g_strerror (errno));
  close (fd);
}

/* ---- reading ---- */

SpoolEntry *
spool_entry_read (const char *path, GError **error)
{
  gchar *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  if (len > ENTRY_MAX_SIZE)
    {
      g_free (data);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: too big for an entry", path);
      return NULL;
    }
  /* GVariant reads untrusted serialized data safely; the normal-form check refuses
   * anything not written by spool_store(). */
  g_autoptr (GVariant) v = g_variant_ref_sink (
      g_variant_new_from_data (G_VARIANT_TYPE (ENTRY_TYPE), data, len, FALSE, g_free, data));
  guint32 version = 0;
  g_autoptr (GVariant) push = NULL;
  g_autoptr (GVariant) body = NULL;
  if (g_variant_is_normal_form (v))
    g_variant_get (v, "(u@a{sv}@ay)", &version, &push, &body);
  if (version != ENTRY_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a spool entry", path);
      return NULL;
    }

  SpoolEntry *entry = g_new0 (SpoolEntry, 1);
  entry->path = g_strdup (path);
  entry->body = g_variant_get_data_as_bytes (body);
  /* The agent's dictionary: the push without the spool's own key. */
  GVariantBuilder b;
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  GVariantIter iter;
  const char *key;
  GVariant *value;
  g_variant_iter_init (&iter, push);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (g_str_equal (key, "spool-file"))
        {
          const char *name = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
                                 ? g_variant_get_string (value, NULL)
                                 : "";
          if (is_plain_name (name))
            {
              g_autofree gchar *dir = g_path_get_dirname (path);
              entry->file = g_build_filename (dir, FILES_FOLDER, name, NULL);
            }
        }
      else
        g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&b, "{sv}", "spooled", g_variant_new_boolean (TRUE));
  entry->push = g_variant_ref_sink (g_variant_builder_end (&b));
  return entry;
}

void
spool_entry_free (SpoolEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_clear_pointer (&entry->push, g_variant_unref);
  g_clear_pointer (&entry->body, g_bytes_unref);
  g_free (entry->file);
  g_free (entry);
}

/* ---- listing ---- */

typedef struct
{
  gint64 time;
  guint64 sequence;
  gchar *path;
} Listed;

/* inbox_store() names entries <real time µs>-<sequence>-<random>.push: ordered by time,
 * then by the sequence of one daemon run. */
static gint
listed_compare (gconstpointer a, gconstpointer b)
{
  const Listed *x = a, *y = b;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  if (x->sequence != y->sequence)
    return x->sequence < y->sequence ? -1 : 1;
  return strcmp (x->path, y->path);
}

static GPtrArray *
list_folder (const char *dir)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return paths;
  g_autoptr (GArray) listed = g_array_new (FALSE, FALSE, sizeof (Listed));
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (!is_entry_name (name))
        continue;
      char *end = NULL;
      Listed l = { 0 };
      l.time = g_ascii_strtoll (name, &end, 10);
      if (end && *end == '-')
        l.sequence = g_ascii_strtoull (end + 1, NULL, 10);
      l.path = g_build_filename (dir, name, NULL);
      g_array_append_val (listed, l);
    }
  g_array_sort (listed, listed_compare);
  for (guint i = 0; i < listed->len; i++)
    g_ptr_array_add (paths, g_array_index (listed, Listed, i).path);
  return paths;
}

GPtrArray *
spool_list (Spool *spool, const char *ari)
{
  g_autofree gchar *folder = inbox_folder_name (ari);
  g_autofree gchar *dir = g_build_filename (inbox_get_dir (spool->inbox), folder, NULL);
  return list_folder (dir);
}

/* ---- writing ---- */

gchar *
spool_store (Spool *spool, const char *ari, GVariant *push, GBytes *body, const char *file,
             GError **error)
{
  if (file && !is_plain_name (file))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, "%s: not a spool file name",
                   file);
      return NULL;
    }
  GVariantBuilder b;
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  GVariantIter iter;
  const char *key;
  GVariant *value;
  g_variant_iter_init (&iter, push);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (!g_str_equal (key, "spooled"))
        g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  if (file)
    g_variant_builder_add (&b, "{sv}", "spool-file", g_variant_new_string (file));
  gsize size = 0;
  const void *data = g_bytes_get_data (body, &size);
  g_autoptr (GVariant) v = g_variant_ref_sink (
      g_variant_new ("(u@a{sv}@ay)", (guint32) ENTRY_VERSION, g_variant_builder_end (&b),
                     g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data, size, 1)));
  g_autofree gchar *folder = inbox_folder_name (ari);
  return inbox_store (spool->inbox, folder, g_variant_get_data (v), g_variant_get_size (v), error);
}

gchar *
spool_dup_file_dir (Spool *spool, const char *ari, GError **error)
{
  g_autofree gchar *folder = inbox_folder_name (ari);
  g_autofree gchar *files = g_build_filename (folder, FILES_FOLDER, NULL);
  return inbox_dup_folder (spool->inbox, files, error);
}

void
spool_remove (Spool *spool, const SpoolEntry *entry)
{
  /* The entry first: a crash in between leaves a file no entry names, which the next
   * start removes, never an entry without its file. */
  if (g_unlink (entry->path) != 0 && errno != ENOENT)
    g_warning ("spool: cannot remove %s: %s", entry->path, g_strerror (errno));
  g_autofree gchar *dir = g_path_get_dirname (entry->path);
  fsync_dir (dir);
  if (entry->file && g_unlink (entry->file) != 0 && errno != ENOENT)
    g_warning ("spool: cannot remove %s: %s", entry->file, g_strerror (errno));
}

/* ---- start: what a crash may have left ---- */

static void
remove_dot_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.')
      {
        g_autofree gchar *path = g_build_filename (dir, name, NULL);
        if (!g_file_test (path, G_FILE_TEST_IS_DIR))
          g_unlink (path);
      }
}

/* Removes the temporary files of an interrupted write and the files no entry names (a
 * file that arrived but was never acknowledged, or whose entry was removed just before
 * a crash). Returns the number of entries. */
static guint
clean_folder (const char *dir)
{
  remove_dot_files (dir);
  g_autofree gchar *files = g_build_filename (dir, FILES_FOLDER, NULL);
  remove_dot_files (files);

  g_autoptr (GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) paths = list_folder (dir);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SpoolEntry) entry = spool_entry_read (paths->pdata[i], &error);
      if (entry == NULL)
        g_warning ("spool: %s (left in place)", error->message);
      else if (entry->file)
        g_hash_table_add (named, g_path_get_basename (entry->file));
    }
  g_autoptr (GDir) d = g_dir_open (files, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL)
    if (!g_hash_table_contains (named, name))
      {
        g_autofree gchar *path = g_build_filename (files, name, NULL);
        g_debug ("spool: removing %s: no entry names it", path);
        g_unlink (path);
      }
  return paths->len;
}

Spool *
spool_new (const char *dir, GError **error)
{
  Inbox *inbox = inbox_new (dir, error);
  if (inbox == NULL)
    return NULL;
  Spool *spool = g_new0 (Spool, 1);
  spool->inbox = inbox;

  g_autoptr (GDir) d = g_dir_open (dir, 0, error);
  if (d == NULL)
    {
      spool_free (spool);
      return NULL;
    }
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      if (name[0] == '.' || !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      guint n = clean_folder (path);
      if (n)
        g_message ("spool: %u push(es) waiting in %s", n, path);
    }
  return spool;
}

void
spool_free (Spool *spool)
{
  if (spool == NULL)
    return;
  inbox_free (spool->inbox);
  g_free (spool);
}
