/* Unit tests for the CLI's durable inbox (R-MSG-1 durability, R-DSP-3 names). */
#include "check-main.h"
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inbox.h"

static gchar *
make_tmpdir (void)
{
  gchar *dir = g_dir_make_tmp ("sippush-inbox-XXXXXX", NULL);
  ck_assert_ptr_nonnull (dir);
  return dir;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Lists a folder's entries, sorted, joined by '|'. */
static gchar *
list_dir (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  if (d == NULL)
    return g_strdup ("(none)");
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *n;
  while ((n = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (n));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  gchar *joined = g_strjoinv ("|", (gchar **) names->pdata);
  g_ptr_array_free (names, TRUE);
  return joined;
}

static void
remove_tree (const char *path)
{
  g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", path);
  ck_assert_int_eq (system (cmd), 0);
}

START_TEST (test_store_byte_exact_unique)
{
  g_autofree gchar *dir = make_tmpdir ();
  Inbox *inbox = inbox_new (dir, NULL);
  ck_assert_ptr_nonnull (inbox);
  static const guint8 body[] = { 0, 1, 2, '\r', '\n', 0xff, 0 };
  g_autofree gchar *p1 = inbox_store (inbox, "mms.ua", body, sizeof body, NULL);
  g_autofree gchar *p2 = inbox_store (inbox, "mms.ua", body, sizeof body, NULL);
  g_autofree gchar *p3 = inbox_store (inbox, "mms.ua", "", 0, NULL);
  ck_assert_ptr_nonnull (p1);
  ck_assert_ptr_nonnull (p2);
  ck_assert_ptr_nonnull (p3);
  ck_assert_str_ne (p1, p2);
  g_autofree gchar *folder = g_build_filename (dir, "mms.ua", NULL);
  ck_assert (g_str_has_prefix (p1, folder));

  gchar *content = NULL;
  gsize len = 0;
  ck_assert (g_file_get_contents (p1, &content, &len, NULL));
  ck_assert_uint_eq (len, sizeof body);
  ck_assert_mem_eq (content, body, sizeof body);
  g_free (content);
  ck_assert (g_file_get_contents (p3, &content, &len, NULL));
  ck_assert_uint_eq (len, 0);
  g_free (content);

  /* Exactly three files, no temp dot-file, nothing else in the tree. */
  g_autofree gchar *names = list_dir (folder);
  g_auto (GStrv) files = g_strsplit (names, "|", -1);
  ck_assert_uint_eq (g_strv_length (files), 3);
  for (gchar **f = files; *f; f++)
    ck_assert_msg ((*f)[0] != '.', "left behind: %s", *f);
  g_autofree gchar *top = list_dir (dir);
  ck_assert_str_eq (top, "mms.ua");
  inbox_free (inbox);
  remove_tree (dir);
}
END_TEST

/* A failed write answers 500 and leaves nothing behind. */
START_TEST (test_store_failure_leaves_nothing)
{
  if (geteuid () == 0)
    {
      /* root ignores directory permissions; use a path under a file instead. */
      g_autofree gchar *dir = make_tmpdir ();
      Inbox *inbox = inbox_new (dir, NULL);
      g_autofree gchar *blocker = g_build_filename (dir, "mms.ua", NULL);
      ck_assert (g_file_set_contents (blocker, "x", 1, NULL));
      GError *error = NULL;
      ck_assert_ptr_null (inbox_store (inbox, "mms.ua", "abc", 3, &error));
      ck_assert_ptr_nonnull (error);
      g_error_free (error);
      g_autofree gchar *top = list_dir (dir);
      ck_assert_str_eq (top, "mms.ua");
      inbox_free (inbox);
      remove_tree (dir);
      return;
    }
  g_autofree gchar *dir = make_tmpdir ();
  Inbox *inbox = inbox_new (dir, NULL);
  g_autofree gchar *folder = g_build_filename (dir, "mms.ua", NULL);
  ck_assert_int_eq (g_mkdir (folder, 0555), 0);
  GError *error = NULL;
  ck_assert_ptr_null (inbox_store (inbox, "mms.ua", "abc", 3, &error));
  ck_assert_ptr_nonnull (error);
  g_error_free (error);
  g_autofree gchar *names = list_dir (folder);
  ck_assert_str_eq (names, "");
  g_chmod (folder, 0755);
  inbox_free (inbox);
  remove_tree (dir);
}
END_TEST

/* R-DSP-3: an ARI never names a path outside the inbox. */
START_TEST (test_folder_names)
{
  static const struct
  {
    const char *ari, *folder;
  } rows[] = {
    { "mms.ua", "mms.ua" },
    { "x-wap-microsoft:localcontent.ua", "x-wap-microsoft:localcontent.ua" },
    { "..", "%2E." },
    { ".", "%2E" },
    { ".hidden", "%2Ehidden" },
    { "a/../../b", "a%2F..%2F..%2Fb" },
    { "/etc", "%2Fetc" },
    { "100%", "100%25" },
    { "", "_" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gchar *f = inbox_folder_name (rows[i].ari);
      ck_assert_str_eq (f, rows[i].folder);
      ck_assert (strchr (f, '/') == NULL);
      g_free (f);
    }
}
END_TEST

/* R-SEC-5: a new inbox removes the temp files a crash left in its folders (ours only). */
START_TEST (test_new_sweeps_leftovers)
{
  g_autofree gchar *dir = make_tmpdir ();
  g_autofree gchar *a = g_build_filename (dir, "mms.ua", NULL);
  g_autofree gchar *b = g_build_filename (dir, "gone.app", NULL);
  ck_assert_int_eq (g_mkdir (a, 0755), 0);
  ck_assert_int_eq (g_mkdir (b, 0755), 0);
  const char *left[] = { "mms.ua/.sippush-00112233aabbccdd.tmp", "gone.app/.incoming-Ab12Cd",
                         "mms.ua/1-1-00000000.push", "mms.ua/.keep" };
  for (guint i = 0; i < G_N_ELEMENTS (left); i++)
    {
      g_autofree gchar *path = g_build_filename (dir, left[i], NULL);
      ck_assert (g_file_set_contents (path, "x", 1, NULL));
    }
  Inbox *inbox = inbox_new (dir, NULL);
  ck_assert_ptr_nonnull (inbox);
  g_autofree gchar *in_a = list_dir (a);
  g_autofree gchar *in_b = list_dir (b);
  ck_assert_str_eq (in_a, ".keep|1-1-00000000.push");
  ck_assert_str_eq (in_b, "");
  inbox_free (inbox);
  remove_tree (dir);
}
END_TEST

typedef struct
{
  Inbox *inbox;
  gchar *path;
} Stored;

static void
stored_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Stored *stored = data;
  g_autoptr (GError) error = NULL;
  stored->path = inbox_store_finish (stored->inbox, result, &error);
  ck_assert_ptr_null (error);
}

START_TEST (test_store_async)
{
  g_autofree gchar *dir = make_tmpdir ();
  Inbox *inbox = inbox_new (dir, NULL);
  g_autoptr (GBytes) bytes = g_bytes_new_static ("async body", 10);
  Stored stored = { inbox, NULL };
  inbox_store_async (inbox, "mms.ua", bytes, stored_cb, &stored);
  while (stored.path == NULL)
    g_main_context_iteration (NULL, TRUE);
  gchar *path = stored.path;
  gchar *content = NULL;
  gsize len = 0;
  ck_assert (g_file_get_contents (path, &content, &len, NULL));
  ck_assert_uint_eq (len, 10);
  ck_assert_mem_eq (content, "async body", 10);
  g_free (content);
  g_free (path);
  inbox_free (inbox);
  remove_tree (dir);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("inbox");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_store_byte_exact_unique);
  tcase_add_test (tc, test_store_failure_leaves_nothing);
  tcase_add_test (tc, test_folder_names);
  tcase_add_test (tc, test_new_sweeps_leftovers);
  tcase_add_test (tc, test_store_async);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
