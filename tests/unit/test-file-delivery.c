/* test-file-delivery.c — the application's part: it accepts or rejects a delivered file (the
 * REPORT follows its answer, a rejected or timed-out file is removed, also after the
 * session ended), the default file-directory, and a stored name that cannot escape its
 * directory (R-MSRP-2, R-DSP-1, R-DSP-2, R-DSP-3, R-INV-4, R-SEC-2).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include <string.h>

/* R-MSRP-2, R-DSP-1: the app rejects the file → it is deleted and the REPORT fails. */
START_TEST (test_app_rejects_delivery)
{
  const gsize size = 1500;
  g_autofree gchar *data = fp_make_content (size, 2);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "reject.bin", "image/jpeg", size, sha1, NULL };
  fx.app_answer = 488;
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no REPORT");
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 488 "), "status %s", status);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert (!g_file_test (fx.rec.file_path, G_FILE_TEST_EXISTS));
  WAIT_UNTIL (!g_queue_is_empty (&fx.rec.failures), 1000);
  g_autofree gchar *ev = recorder_pop_failure (&fx.rec);
  ck_assert_ptr_nonnull (ev);
  ck_assert (g_str_has_prefix (ev, "reject.bin|"));
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-DSP-3: a traversal name is stored inside the directory under a sanitised name. */
START_TEST (test_traversal_name_sanitised)
{
  const gsize size = 500;
  g_autofree gchar *data = fp_make_content (size, 8);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "../../evil", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  ck_assert_str_eq (fx.rec.offer_name, "../../evil");
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  g_autofree gchar *parent = g_path_get_dirname (fx.rec.file_path);
  ck_assert_str_eq (parent, fx.dir);
  g_autofree gchar *base = g_path_get_basename (fx.rec.file_path);
  ck_assert_str_eq (base, "evil");
  ck_assert_str_eq (fx.rec.file_name, "../../evil");
  g_autofree gchar *escaped = g_build_filename (fx.base, "evil", NULL);
  ck_assert (!g_file_test (escaped, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (fp_count_entries (fx.base), 2); /* x and default only */
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-2, R-SEC-2: an application that never answers: after delivery-timeout the file
 * is removed, the REPORT fails, and the late accept fails. */
START_TEST (test_delivery_timeout)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "delivery-timeout", 1, NULL);
  fp_start_receiver ();
  const gsize size = 800;
  g_autofree gchar *data = fp_make_content (size, 15);
  FileSpec f = { "late.jpg", "image/jpeg", size, NULL, NULL };
  fx.app_answer = G_MAXUINT;
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.held != NULL, 3000);
  ck_assert_ptr_nonnull (fx.held);
  ck_assert (!fx.rec.hash_verified); /* no hash announced */
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 4000);
  ck_assert_msg (report != NULL, "no REPORT after the timeout");
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_msg (!g_str_has_prefix (status, "000 200"), "status %s", status);
  ck_assert (sippush_delivery_is_completed (fx.held));
  GError *error = NULL;
  ck_assert (!sippush_delivery_accept (fx.held, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_ALREADY_COMPLETED));
  g_error_free (error);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-DSP-2 (sippush_delivery_reject): a file the app rejects after the session ended is
 * deleted all the same. */
START_TEST (test_reject_after_bye)
{
  const gsize size = 700;
  g_autofree gchar *data = fp_make_content (size, 19);
  FileSpec f = { "afterwards.jpg", "image/jpeg", size, NULL, NULL };
  fx.app_answer = G_MAXUINT;
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.held != NULL, 3000);
  ck_assert_ptr_nonnull (fx.held);
  ck_assert_uint_eq (fp_bye (c), 200);
  fp_pump_ms (100);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 1); /* complete and verified: it stays */
  ck_assert (sippush_delivery_reject (fx.held, 486, NULL, NULL));
  WAIT_UNTIL (fp_count_entries (fx.dir) == 0, 3000);
}
END_TEST

/* R-INV-4, R-DSP-1: without a file handler the app takes the file into file-directory;
 * without file-directory either, the offer is refused (488). */
START_TEST (test_default_file_directory)
{
  sippush_app_set_file_offer_func (sippush_receiver_lookup_app (fx.receiver, "mms.ua"), NULL, NULL,
                                   NULL);
  const gsize size = 400;
  g_autofree gchar *data = fp_make_content (size, 24);
  FileSpec f = { "default.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  ck_assert_uint_eq (fx.rec.offers, 0);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  g_autofree gchar *parent = g_path_get_dirname (fx.rec.file_path);
  ck_assert_str_eq (parent, fx.other_dir);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert_uint_eq (fp_bye (c), 200);

  fp_stop_receiver ();
  g_object_set (fx.receiver, "file-directory", NULL, NULL);
  fp_start_receiver ();
  g_autoptr (Call) c2 = fp_invite (&f, 1);
  ck_assert_uint_eq (c2->status, 488);
}
END_TEST

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_app_rejects_delivery);
  tcase_add_test (tc, test_traversal_name_sanitised);
  tcase_add_test (tc, test_delivery_timeout);
  tcase_add_test (tc, test_reject_after_bye);
  tcase_add_test (tc, test_default_file_directory);
  return fp_run_suite ("file-delivery", tc);
}
