/* Unit tests for SipPushStore (group commit, R-MSG-1 durability) and the temp-file sweep
 * (R-SEC-5): names and clashes, errors leaving nothing behind, one flush per batch,
 * completions in order and never before the renames and the directory sync. */
#include "check-main.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loopback.h"
#include "store-private.h"
#include "store/file-sink.h"
#include "store/temp-file.h"

static gchar *test_dir;

static void
setup (void)
{
  test_dir = g_dir_make_tmp ("sippush-store-XXXXXX", NULL);
  ck_assert_ptr_nonnull (test_dir);
}

static void
remove_tree (const char *path)
{
  g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", path);
  ck_assert_int_eq (system (cmd), 0);
}

static void
teardown (void)
{
  remove_tree (test_dir);
  g_clear_pointer (&test_dir, g_free);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A folder's entries, sorted, joined by '|' ("" when empty). */
static gchar *
list_dir (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  ck_assert_ptr_nonnull (d);
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
assert_content (const char *path, const char *expected)
{
  g_autofree gchar *content = NULL;
  gsize len = 0;
  ck_assert_msg (g_file_get_contents (path, &content, &len, NULL), "missing: %s", path);
  ck_assert_uint_eq (len, strlen (expected));
  ck_assert_mem_eq (content, expected, len);
}

/* ---- the flush hooks: a log of the flushes, the files' state checked at each ---- */

typedef struct
{
  GMutex lock;
  GCond cond;
  GString *log; /* "fs dir fs dir …" */
  guint fs_syncs;
  guint dir_syncs;
  int fail_fs;       /* errno to fail the next file-system flush with, 0: none */
  int fail_dir;      /* errno to fail the next directory sync with */
  gboolean gate;     /* the file-system flush waits while set */
  gboolean in_fs;    /* a flush is waiting at the gate */
  GHashTable *known; /* entries of test_dir when the last batch was synced */
} Hooks;

static Hooks hooks;

static void
hooks_reset (void)
{
  g_mutex_lock (&hooks.lock);
  if (hooks.log)
    g_string_free (hooks.log, TRUE);
  hooks.log = g_string_new (NULL);
  hooks.fs_syncs = hooks.dir_syncs = 0;
  hooks.fail_fs = hooks.fail_dir = 0;
  hooks.gate = hooks.in_fs = FALSE;
  if (hooks.known)
    g_hash_table_unref (hooks.known);
  hooks.known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_unlock (&hooks.lock);
}

/* Remembers what @dir holds now (as paths): after a directory sync, the files durable. */
static void
hooks_snapshot (const char *dir)
{
  g_autofree gchar *names = list_dir (dir);
  g_auto (GStrv) each = g_strsplit (names, "|", -1);
  g_mutex_lock (&hooks.lock);
  for (gchar **n = each; *n && **n; n++)
    g_hash_table_add (hooks.known, g_build_filename (dir, *n, NULL));
  g_mutex_unlock (&hooks.lock);
}

static gboolean
hooks_known (const char *path)
{
  g_mutex_lock (&hooks.lock);
  gboolean known = g_hash_table_contains (hooks.known, path);
  g_mutex_unlock (&hooks.lock);
  return known;
}

static void
hooks_log (const char *what)
{
  g_mutex_lock (&hooks.lock);
  g_string_append_printf (hooks.log, "%s%s", hooks.log->len ? " " : "", what);
  g_mutex_unlock (&hooks.lock);
}

/* At the data flush: the batch's files are still temp files, none has its final name
 * yet (test_dir holds nothing else but what was there when the last batch was synced). */
static int
hook_sync_filesystem (int fd, gpointer data)
{
  g_mutex_lock (&hooks.lock);
  hooks.in_fs = TRUE;
  g_cond_broadcast (&hooks.cond);
  while (hooks.gate)
    g_cond_wait (&hooks.cond, &hooks.lock);
  hooks.in_fs = FALSE;
  hooks.fs_syncs++;
  int fail = hooks.fail_fs;
  hooks.fail_fs = 0;
  g_mutex_unlock (&hooks.lock);

  g_autofree gchar *names = list_dir (test_dir);
  g_auto (GStrv) each = g_strsplit (names, "|", -1);
  for (gchar **n = each; *n && **n; n++)
    {
      g_autofree gchar *path = g_build_filename (test_dir, *n, NULL);
      ck_assert_msg (hooks_known (path) || g_file_test (path, G_FILE_TEST_IS_DIR)
                         || sippush_temp_file_name_is_ours (*n),
                     "a final name before the data flush: %s", *n);
    }
  hooks_log ("fs");
  if (fail)
    {
      errno = fail;
      return -1;
    }
  return syncfs (fd);
}

/* At the directory sync: the renames are done, no temp file is left. */
static int
hook_sync_directory (int dir_fd, const char *directory, gpointer data)
{
  g_autofree gchar *names = list_dir (directory);
  ck_assert_msg (strstr (names, SIPPUSH_TEMP_PREFIX) == NULL, "temp files at the dir sync: %s",
                 names);
  g_mutex_lock (&hooks.lock);
  hooks.dir_syncs++;
  int fail = hooks.fail_dir;
  hooks.fail_dir = 0;
  g_mutex_unlock (&hooks.lock);
  hooks_log ("dir");
  if (fail)
    {
      errno = fail;
      return -1;
    }
  int rc = fsync (dir_fd);
  hooks_snapshot (directory);
  return rc;
}

static const SipPushDurableOps test_ops = { hook_sync_filesystem, hook_sync_directory, NULL };

static void
open_gate (void)
{
  g_mutex_lock (&hooks.lock);
  hooks.gate = FALSE;
  g_cond_broadcast (&hooks.cond);
  g_mutex_unlock (&hooks.lock);
}

static void
wait_at_gate (void)
{
  g_mutex_lock (&hooks.lock);
  while (!hooks.in_fs)
    g_cond_wait (&hooks.cond, &hooks.lock);
  g_mutex_unlock (&hooks.lock);
}

/* ---- async saves ---- */

typedef struct
{
  guint index;
  gchar **paths;
  GError **errors;
  guint *completed;
  GString *order;
} Save;

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Save *save = data;
  GError *error = NULL;
  gchar *path = sippush_store_save_finish (SIPPUSH_STORE (source), result, &error);
  ck_assert ((path == NULL) != (error == NULL));
  if (path != NULL)
    {
      /* Durable means: under its final name when its directory was synced. */
      ck_assert_msg (g_file_test (path, G_FILE_TEST_IS_REGULAR), "not in place: %s", path);
      ck_assert_msg (hooks_known (path), "completed before its directory sync: %s", path);
    }
  save->paths[save->index] = path;
  save->errors[save->index] = error;
  g_string_append_printf (save->order, "%u ", save->index);
  (*save->completed)++;
  g_free (save);
}

typedef struct
{
  SipPushStore *store;
  gchar *paths[64];
  GError *errors[64];
  guint started;
  guint completed;
  GString *order;
} Run;

static void
run_init (Run *run)
{
  memset (run, 0, sizeof *run);
  run->store = sippush_store_new ();
  sippush_store_set_ops (run->store, &test_ops);
  run->order = g_string_new (NULL);
  hooks_reset ();
  hooks_snapshot (test_dir);
}

static void
run_save (Run *run, const char *dir, const char *name, const char *content)
{
  Save *save = g_new0 (Save, 1);
  save->index = run->started++;
  save->paths = run->paths;
  save->errors = run->errors;
  save->completed = &run->completed;
  save->order = run->order;
  g_autoptr (GBytes) bytes = g_bytes_new (content, strlen (content));
  sippush_store_save_async (run->store, dir, name, bytes, NULL, saved_cb, save);
}

static void
run_wait (Run *run)
{
  while (run->completed < run->started)
    g_main_context_iteration (NULL, TRUE);
}

static void
run_clear (Run *run)
{
  g_object_unref (run->store);
  for (guint i = 0; i < G_N_ELEMENTS (run->paths); i++)
    {
      g_free (run->paths[i]);
      g_clear_error (&run->errors[i]);
    }
  g_string_free (run->order, TRUE);
}

START_TEST (test_save_byte_exact_and_clash_names)
{
  Run run;
  run_init (&run);
  run_save (&run, test_dir, "report.txt", "one");
  run_save (&run, test_dir, "report.txt", "two");
  run_save (&run, test_dir, "report.txt", "three");
  run_save (&run, test_dir, "../../etc/passwd", "safe");
  run_save (&run, test_dir, ".hidden", "");
  run_save (&run, test_dir, "noext", "a");
  run_save (&run, test_dir, "noext", "b");
  run_wait (&run);
  for (guint i = 0; i < run.started; i++)
    ck_assert_ptr_null (run.errors[i]);

  g_autofree gchar *names = list_dir (test_dir);
  ck_assert_str_eq (names,
                    "_.hidden|noext|noext (1)|passwd|report (1).txt|report (2).txt|report.txt");
  g_autofree gchar *p0 = g_build_filename (test_dir, "report.txt", NULL);
  g_autofree gchar *p2 = g_build_filename (test_dir, "report (2).txt", NULL);
  ck_assert_str_eq (run.paths[0], p0);
  ck_assert_str_eq (run.paths[2], p2);
  assert_content (run.paths[0], "one");
  assert_content (run.paths[1], "two");
  assert_content (run.paths[2], "three");
  assert_content (run.paths[3], "safe");
  assert_content (run.paths[4], "");
  struct stat st;
  ck_assert_int_eq (g_stat (run.paths[0], &st), 0);
  ck_assert_int_eq (st.st_mode & 0777, 0644);
  run_clear (&run);
}
END_TEST

/* Everything queued while a flush runs is the next batch: one data flush and one directory
 * sync for it, completions in the order of the saves, each after the directory sync. */
START_TEST (test_group_commit_one_flush_per_batch)
{
  Run run;
  run_init (&run);
  g_mutex_lock (&hooks.lock);
  hooks.gate = TRUE;
  g_mutex_unlock (&hooks.lock);
  run_save (&run, test_dir, "first", "1");
  wait_at_gate (); /* batch 1 = {first}, held at its flush */
  for (guint i = 1; i < 40; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("push-%02u", i);
      run_save (&run, test_dir, name, name);
    }
  open_gate ();
  run_wait (&run);

  ck_assert_uint_eq (hooks.fs_syncs, 2);
  ck_assert_uint_eq (hooks.dir_syncs, 2);
  ck_assert_str_eq (hooks.log->str, "fs dir fs dir");
  GString *want = g_string_new (NULL);
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (want, "%u ", i);
  ck_assert_str_eq (run.order->str, want->str);
  g_string_free (want, TRUE);
  for (guint i = 1; i < 40; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("push-%02u", i);
      assert_content (run.paths[i], name);
    }
  run_clear (&run);
}
END_TEST

/* Two directories in one batch: one data flush (one file system), one sync per directory. */
START_TEST (test_batch_two_directories)
{
  g_autofree gchar *a = g_build_filename (test_dir, "a", NULL);
  g_autofree gchar *b = g_build_filename (test_dir, "b", NULL);
  ck_assert_int_eq (g_mkdir (a, 0755), 0);
  ck_assert_int_eq (g_mkdir (b, 0755), 0);
  Run run;
  run_init (&run);
  g_mutex_lock (&hooks.lock);
  hooks.gate = TRUE;
  g_mutex_unlock (&hooks.lock);
  run_save (&run, a, "x", "x");
  wait_at_gate ();
  run_save (&run, a, "y", "y");
  run_save (&run, b, "z", "z");
  run_save (&run, a, "w", "w");
  open_gate ();
  run_wait (&run);
  ck_assert_str_eq (hooks.log->str, "fs dir fs dir dir");
  ck_assert_str_eq (run.order->str, "0 1 2 3 ");
  g_autofree gchar *la = list_dir (a);
  g_autofree gchar *lb = list_dir (b);
  ck_assert_str_eq (la, "w|x|y");
  ck_assert_str_eq (lb, "z");
  run_clear (&run);
}
END_TEST

/* A directory that cannot be written: an error, nothing created; the other saves of the
 * batch are stored. */
START_TEST (test_errors_leave_nothing)
{
  g_autofree gchar *missing = g_build_filename (test_dir, "missing", NULL);
  g_autofree gchar *file = g_build_filename (test_dir, "plain", NULL);
  g_autofree gchar *locked = g_build_filename (test_dir, "locked", NULL);
  ck_assert (g_file_set_contents (file, "x", 1, NULL));
  ck_assert_int_eq (g_mkdir (locked, 0555), 0);
  Run run;
  run_init (&run);
  run_save (&run, missing, "a", "a");
  run_save (&run, file, "b", "b");
  run_save (&run, locked, "c", "c");
  run_save (&run, test_dir, "d", "d");
  run_wait (&run);
  ck_assert (g_error_matches (run.errors[0], G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  ck_assert (g_error_matches (run.errors[1], G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY));
  if (geteuid () != 0) /* root writes anywhere */
    ck_assert (g_error_matches (run.errors[2], G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED));
  ck_assert_ptr_null (run.errors[3]);
  ck_assert (!g_file_test (missing, G_FILE_TEST_EXISTS));
  g_autofree gchar *names = list_dir (test_dir);
  ck_assert_str_eq (names, "d|locked|plain");
  g_autofree gchar *in_locked = list_dir (locked);
  if (geteuid () != 0)
    ck_assert_str_eq (in_locked, "");
  run_clear (&run);
}
END_TEST

/* A failed data flush fails every save of its batch and removes their temp files; a failed
 * directory sync removes the renamed files: a failed save is never left on disk. */
START_TEST (test_flush_failures_leave_nothing)
{
  Run run;
  run_init (&run);
  g_mutex_lock (&hooks.lock);
  hooks.fail_fs = EIO;
  g_mutex_unlock (&hooks.lock);
  run_save (&run, test_dir, "a", "a");
  run_wait (&run);
  ck_assert_ptr_nonnull (run.errors[0]);
  ck_assert_ptr_null (run.paths[0]);
  g_autofree gchar *after_fs = list_dir (test_dir);
  ck_assert_str_eq (after_fs, "");

  g_mutex_lock (&hooks.lock);
  hooks.fail_dir = EIO;
  g_mutex_unlock (&hooks.lock);
  run_save (&run, test_dir, "b", "b");
  run_wait (&run);
  ck_assert_ptr_nonnull (run.errors[1]);
  ck_assert_str_eq (hooks.log->str, "fs fs dir");
  g_autofree gchar *after_dir = list_dir (test_dir);
  ck_assert_str_eq (after_dir, "");

  run_save (&run, test_dir, "c", "c"); /* and the store goes on */
  run_wait (&run);
  ck_assert_ptr_null (run.errors[2]);
  assert_content (run.paths[2], "c");
  run_clear (&run);
}
END_TEST

START_TEST (test_cancelled_before_batch)
{
  Run run;
  run_init (&run);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  Save *save = g_new0 (Save, 1);
  save->paths = run.paths;
  save->errors = run.errors;
  save->completed = &run.completed;
  save->order = run.order;
  run.started = 1;
  g_autoptr (GBytes) bytes = g_bytes_new_static ("x", 1);
  sippush_store_save_async (run.store, test_dir, "x", bytes, cancellable, saved_cb, save);
  run_wait (&run);
  ck_assert (g_error_matches (run.errors[0], G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_autofree gchar *names = list_dir (test_dir);
  ck_assert_str_eq (names, "");
  run_clear (&run);
}
END_TEST

typedef struct
{
  SipPushStore *store;
  guint index;
  gchar *path;
} Blocking;

static gpointer
blocking_save (gpointer data)
{
  Blocking *b = data;
  g_autofree gchar *name = g_strdup_printf ("t%u", b->index);
  g_autoptr (GBytes) bytes = g_bytes_new (name, strlen (name));
  g_autoptr (GError) error = NULL;
  b->path = sippush_store_save (b->store, test_dir, name, bytes, NULL, &error);
  ck_assert_ptr_null (error);
  return NULL;
}

/* The blocking form returns once durable, from any thread, and shares batches. */
START_TEST (test_blocking_save)
{
  SipPushStore *store = sippush_store_new ();
  hooks_reset ();
  sippush_store_set_ops (store, &test_ops);
  g_autoptr (GBytes) bytes = g_bytes_new_static ("n", 1);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = sippush_store_save (store, test_dir, "notify", bytes, NULL, &error);
  ck_assert_ptr_null (error);
  assert_content (path, "n");
  ck_assert_str_eq (hooks.log->str, "fs dir");

  Blocking b[8];
  GThread *threads[8];
  for (guint i = 0; i < 8; i++)
    {
      b[i] = (Blocking){ store, i, NULL };
      threads[i] = g_thread_new ("saver", blocking_save, &b[i]);
    }
  for (guint i = 0; i < 8; i++)
    {
      g_thread_join (threads[i]);
      g_autofree gchar *name = g_strdup_printf ("t%u", i);
      assert_content (b[i].path, name);
      g_free (b[i].path);
    }
  ck_assert_uint_le (hooks.fs_syncs, 1 + 8);
  g_object_unref (store);
}
END_TEST

/* ---- the sweep ---- */

static void
touch (const char *dir, const char *name)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  ck_assert (g_file_set_contents (path, "left", 4, NULL));
}

START_TEST (test_sweep_removes_only_ours)
{
  touch (test_dir, ".sippush-0123456789abcdef.tmp");
  touch (test_dir, ".sippush-FEDCBA9876543210.tmp");
  touch (test_dir, ".0123456789abcdef.part"); /* the file sink's, before */
  touch (test_dir, ".incoming-a1B2c3");       /* the example inbox's, before */
  touch (test_dir, ".sippush-notours.tmp");
  touch (test_dir, ".sippush-0123456789abcdef.tmpx");
  touch (test_dir, ".hidden");
  touch (test_dir, "file.tmp");
  touch (test_dir, "1700000000-1-00000000.push");
  g_autofree gchar *sub = g_build_filename (test_dir, "sub", NULL);
  ck_assert_int_eq (g_mkdir (sub, 0755), 0);
  touch (sub, ".sippush-0000000000000000.tmp"); /* not recursive */

  /* A temp file a live writer holds stays. */
  g_autofree gchar *live = g_build_filename (test_dir, ".sippush-1111111111111111.tmp", NULL);
  int fd = open (live, O_RDWR | O_CREAT | O_EXCL, 0644);
  ck_assert_int_ge (fd, 0);
  ck_assert_int_eq (flock (fd, LOCK_EX | LOCK_NB), 0);

  guint removed = 0;
  g_autoptr (GError) error = NULL;
  ck_assert (sippush_store_sweep (test_dir, &removed, &error));
  ck_assert_uint_eq (removed, 4);
  g_autofree gchar *names = list_dir (test_dir);
  ck_assert_str_eq (names, ".hidden|.sippush-0123456789abcdef.tmpx|.sippush-1111111111111111.tmp|"
                           ".sippush-notours.tmp|1700000000-1-00000000.push|file.tmp|sub");
  g_autofree gchar *in_sub = list_dir (sub);
  ck_assert_str_eq (in_sub, ".sippush-0000000000000000.tmp");

  close (fd); /* its writer died: now it goes */
  ck_assert (sippush_store_sweep (test_dir, &removed, NULL));
  ck_assert_uint_eq (removed, 1);

  g_autofree gchar *missing = g_build_filename (test_dir, "missing", NULL);
  ck_assert (!sippush_store_sweep (missing, NULL, &error));
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
}
END_TEST

/* The first save into a directory sweeps it: a crash's leftovers go before anything new. */
START_TEST (test_first_save_sweeps)
{
  touch (test_dir, ".sippush-abcdefabcdefabcd.tmp");
  Run run;
  run_init (&run);
  run_save (&run, test_dir, "new", "new");
  run_wait (&run);
  g_autofree gchar *names = list_dir (test_dir);
  ck_assert_str_eq (names, "new");
  run_clear (&run);
}
END_TEST

/* The temp names are recognisably ours, and a created temp file is one and locked. */
START_TEST (test_temp_file_create)
{
  int dir_fd = open (test_dir, O_RDONLY | O_DIRECTORY);
  gchar *name = NULL;
  int err = 0;
  int fd = sippush_temp_file_create (dir_fd, &name, &err);
  ck_assert_int_ge (fd, 0);
  ck_assert (sippush_temp_file_name_is_ours (name));
  g_autofree gchar *path = g_build_filename (test_dir, name, NULL);
  int other = open (path, O_RDONLY);
  ck_assert_int_eq (flock (other, LOCK_EX | LOCK_NB), -1);
  ck_assert_int_eq (errno, EWOULDBLOCK);
  guint removed = 9;
  ck_assert (sippush_store_sweep (test_dir, &removed, NULL));
  ck_assert_uint_eq (removed, 0);
  close (other);
  close (fd);
  close (dir_fd);
  g_free (name);
}
END_TEST

/* The file sink sweeps a directory before its first temp file there (a directory a
 * file-offer handler names), and only the first time. */
START_TEST (test_file_sink_sweeps_first)
{
  touch (test_dir, ".sippush-9999999999999999.tmp");
  g_autoptr (GError) error = NULL;
  SipPushFileSink *sink = sippush_file_sink_new (test_dir, "a.bin", NULL, NULL, &error);
  ck_assert_ptr_nonnull (sink);
  g_autofree gchar *names = list_dir (test_dir);
  ck_assert_msg (strstr (names, "9999999999999999") == NULL, "left: %s", names);
  g_auto (GStrv) entries = g_strsplit (names, "|", -1);
  ck_assert_uint_eq (g_strv_length (entries), 1);    /* its own temp file */
  touch (test_dir, ".sippush-8888888888888888.tmp"); /* a second receiver's, say */
  SipPushFileSink *second = sippush_file_sink_new (test_dir, "b.bin", NULL, NULL, &error);
  g_autofree gchar *path = g_build_filename (test_dir, ".sippush-8888888888888888.tmp", NULL);
  ck_assert (g_file_test (path, G_FILE_TEST_EXISTS));
  sippush_file_sink_free (second);
  sippush_file_sink_free (sink);
}
END_TEST

static void
stopped_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ck_assert (sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), result, NULL));
  *(gboolean *) data = TRUE;
}

static void
started_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;
  if (!sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), result, error))
    ck_assert_ptr_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "started"); /* "done" */
}

/* The receiver sweeps its file-directory when it starts. */
START_TEST (test_receiver_start_sweeps_file_directory)
{
  touch (test_dir, ".sippush-7777777777777777.tmp");
  touch (test_dir, "kept.jpg");
  g_autoptr (SipPushReceiver) receiver = sippush_receiver_new ("sip:alice@example.org", NULL);
  g_autofree gchar *bind = g_strdup_printf ("sip:127.0.0.1:%u", sippush_test_free_port ());
  g_object_set (receiver, "bind-uri", bind, "file-directory", test_dir, NULL);
  g_autoptr (GError) outcome = NULL;
  sippush_receiver_start_async (receiver, NULL, started_cb, &outcome);
  SIPPUSH_TEST_WAIT_UNTIL (outcome != NULL, 5000);
  ck_assert_str_eq (outcome->message, "started");
  g_autofree gchar *names = list_dir (test_dir);
  ck_assert_str_eq (names, "kept.jpg");
  gboolean stopped = FALSE;
  sippush_receiver_stop_async (receiver, NULL, stopped_cb, &stopped);
  SIPPUSH_TEST_WAIT_UNTIL (stopped, 5000);
}
END_TEST

static Suite *
store_suite (void)
{
  Suite *s = suite_create ("store");
  TCase *tc = tcase_create ("store");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_save_byte_exact_and_clash_names);
  tcase_add_test (tc, test_group_commit_one_flush_per_batch);
  tcase_add_test (tc, test_batch_two_directories);
  tcase_add_test (tc, test_errors_leave_nothing);
  tcase_add_test (tc, test_flush_failures_leave_nothing);
  tcase_add_test (tc, test_cancelled_before_batch);
  tcase_add_test (tc, test_blocking_save);
  tcase_add_test (tc, test_sweep_removes_only_ours);
  tcase_add_test (tc, test_first_save_sweeps);
  tcase_add_test (tc, test_temp_file_create);
  tcase_add_test (tc, test_file_sink_sweeps_first);
  tcase_add_test (tc, test_receiver_start_sweeps_file_directory);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  g_mutex_init (&hooks.lock);
  g_cond_init (&hooks.cond);
  return sippush_test_run (store_suite ());
}
