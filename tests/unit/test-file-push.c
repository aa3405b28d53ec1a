/* test-file-push.c — MSRP file push through the public API over loopback: a raw UDP socket
 * sends the INVITE (R-INV-*), a raw TCP socket plays the MSRP sender (R-MSRP-*), and the
 * test checks what the application, the signals, the wire and the directory see. The
 * sender side is in file-push-peer.c, more cases in test-file-push-more.c.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "check-main.h"
#include "file-push-peer.h"
#include "loopback.h"
#include <string.h>

/* ---- cases ---------------------------------------------------------------------------- */

/* R-INV-3/4/5/6, R-MSRP-1/2/5, R-DSP-1/2: the offer handler sees the file-selector, ARI and
 * sender; chunks out of order are reassembled; the app gets a verified MSRP delivery; the
 * success REPORT waits for the app's accept. */
START_TEST (test_file_delivered_out_of_order)
{
  const gsize size = 3000;
  g_autofree gchar *data = fp_make_content (size, 1);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "My cool picture.jpg", "image/jpeg", size, sha1, NULL };
  fx.app_answer = G_MAXUINT; /* hold */
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);

  /* The offer as the handler saw it. */
  ck_assert_uint_eq (fx.rec.offers, 1);
  ck_assert_str_eq (fx.rec.offer_name, "My cool picture.jpg");
  ck_assert_str_eq (fx.rec.offer_type, "image/jpeg");
  ck_assert_int_eq (fx.rec.offer_size, (gint64) size);
  ck_assert_str_eq (fx.rec.offer_sha1, sha1);
  ck_assert_str_eq (fx.rec.offer_ari, "mms.ua");
  ck_assert_str_eq (fx.rec.offer_app, "mms.ua");
  ck_assert_str_eq (fx.rec.offer_sender, SENDER);

  /* The answer (R-INV-5/6): recvonly, our path on the MSRP listener, a long session id,
   * the file-selector echoed, session timer. */
  ck_assert_uint_eq (c->n_media, 1);
  ck_assert_uint_ne (c->ports[0], 0);
  ck_assert (strstr (c->response, "a=recvonly\r\n") != NULL);
  ck_assert (strstr (c->response, "a=file-selector:name:\"My cool picture.jpg\"") != NULL);
  g_autofree gchar *msrp_uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  g_autofree gchar *prefix = g_strdup_printf ("%s/", msrp_uri);
  ck_assert_msg (g_str_has_prefix (c->paths[0], prefix), "a=path %s not on %s", c->paths[0],
                 msrp_uri);
  ck_assert (g_str_has_suffix (c->paths[0], ";tcp"));
  ck_assert_uint_ge (strlen (c->paths[0]) - strlen (prefix) - 4, 20); /* >= 80 bits in hex */
  g_autofree gchar *se = fp_header_value (c->response, "Session-Expires");
  ck_assert_ptr_nonnull (se);
  g_autofree gchar *require = fp_header_value (c->response, "Require");
  ck_assert_ptr_nonnull (require);
  ck_assert (strstr (require, "timer") != NULL);

  /* Three chunks: tail, head, middle (the last one sent ends the message). */
  Msrp *m = fp_msrp_connect (c->paths[0]);
  const gsize ranges[3][2] = { { 2001, 3000 }, { 1, 1000 }, { 1001, 2000 } };
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *tid = fp_msrp_send_chunk (m, c->paths[0], data, ranges[i][0], ranges[i][1],
                                                  size, i == 2 ? '$' : '+');
      g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
      g_autofree gchar *expected = g_strdup_printf ("MSRP %s 200 OK", tid);
      ck_assert_msg (resp && strcmp (resp, expected) == 0, "chunk %u: %s", i, resp);
    }
  WAIT_UNTIL (fx.held != NULL, 3000);
  ck_assert_ptr_nonnull (fx.held);

  /* The delivery: a verified, complete file in the directory the handler chose. */
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_int_eq (fx.rec.method, SIPPUSH_METHOD_MSRP);
  ck_assert_ptr_nonnull (fx.rec.file_path);
  g_autofree gchar *parent = g_path_get_dirname (fx.rec.file_path);
  ck_assert_str_eq (parent, fx.dir);
  ck_assert_uint_eq (fx.rec.file_content_len, size);
  ck_assert (memcmp (fx.rec.file_content, data, size) == 0);
  ck_assert_str_eq (fx.rec.file_sha1, sha1);
  ck_assert (fx.rec.hash_verified);
  ck_assert_uint_eq (fx.rec.file_size, size);
  ck_assert_str_eq (fx.rec.file_name, "My cool picture.jpg");
  ck_assert_uint_eq (fp_count_entries (fx.dir), 1); /* no temp file left beside it */
  ck_assert_uint_eq (fp_count_entries (fx.other_dir), 0);

  /* R-MSRP-2: no REPORT while the application holds the file. */
  fp_pump_ms (300);
  g_autofree gchar *early = fp_msrp_wait (m, " REPORT\r\n", 0);
  ck_assert_msg (early == NULL, "REPORT before the app accepted: %s", early);
  ck_assert (sippush_delivery_accept (fx.held, NULL));
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no REPORT after accept");
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_str_eq (status, "000 200 OK");
  g_autofree gchar *range = fp_header_value (report, "Byte-Range");
  ck_assert_str_eq (range, "1-3000/3000");
  g_autofree gchar *mid = fp_header_value (report, "Message-ID");
  ck_assert_str_eq (mid, "m1");
  g_autofree gchar *to_path = fp_header_value (report, "To-Path");
  ck_assert_str_eq (to_path, FROM_PATH);
  ck_assert (g_queue_is_empty (&fx.rec.failures));

  ck_assert_uint_eq (fp_bye (c), 200);
  ck_assert (g_file_test (fx.rec.file_path, G_FILE_TEST_IS_REGULAR)); /* the app's now */
}
END_TEST

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

/* R-INV-4, R-INV-1: a refused file's m= line gets port 0; nothing taken → 488 and a
 * push-rejected event for the INVITE. */
START_TEST (test_refused_files)
{
  FileSpec two[] = { { "keep.jpg", "image/jpeg", 100, NULL, NULL },
                     { "refuse-me.jpg", "image/jpeg", 200, NULL, NULL } };
  g_autoptr (Call) c = fp_invite (two, 2);
  ck_assert_uint_eq (c->status, 200);
  ck_assert_uint_eq (fx.rec.offers, 2);
  ck_assert_uint_eq (c->n_media, 2);
  ck_assert_uint_ne (c->ports[0], 0);
  ck_assert_ptr_nonnull (c->paths[0]);
  ck_assert_uint_eq (c->ports[1], 0);
  ck_assert_ptr_null (c->paths[1]);
  ck_assert (g_queue_is_empty (&fx.rec.rejections));
  ck_assert_uint_eq (fp_bye (c), 200);

  fx.refuse_all = TRUE;
  g_autoptr (Call) c2 = fp_invite (two, 2);
  ck_assert_uint_eq (c2->status, 488);
  ck_assert_uint_eq (fx.rec.offers, 4);
  WAIT_UNTIL (!g_queue_is_empty (&fx.rec.rejections), 1000);
  g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
  ck_assert_ptr_nonnull (ev);
  ck_assert_msg (g_str_has_prefix (ev, "INVITE 488 "), "event %s", ev);
}
END_TEST

/* R-MSRP-5: a sha-1 mismatch → transfer-failed, nothing left (not even a dot-file), a
 * failure REPORT, no delivery. */
START_TEST (test_wrong_sha1)
{
  const gsize size = 2048;
  g_autofree gchar *data = fp_make_content (size, 3);
  g_autofree gchar *other = fp_make_content (size, 4);
  g_autofree gchar *wrong = fp_sha1_of (other, size);
  FileSpec f = { "bad-hash.jpg", "image/jpeg", size, wrong, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no failure REPORT");
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 4"), "status %s", status);
  WAIT_UNTIL (!g_queue_is_empty (&fx.rec.failures), 2000);
  g_autofree gchar *ev = recorder_pop_failure (&fx.rec);
  ck_assert_ptr_nonnull (ev);
  ck_assert (g_str_has_prefix (ev, "bad-hash.jpg|"));
  fp_pump_ms (100);
  ck_assert_uint_eq (fx.rec.deliveries, 0);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-6: the TCP connection lost mid-transfer. */
START_TEST (test_connection_lost_mid_transfer)
{
  Call *c = NULL;
  Msrp *m = fp_start_partial (&c, "cut.jpg");
  fp_msrp_close (m);
  fp_assert_failed_and_empty ("cut.jpg");
  ck_assert_uint_eq (fp_bye (c), 200);
  fp_call_free (c);
}
END_TEST

/* R-MSRP-6: BYE mid-transfer; the session is gone afterwards (481). */
START_TEST (test_bye_mid_transfer)
{
  Call *c = NULL;
  Msrp *m = fp_start_partial (&c, "byebye.jpg");
  ck_assert_uint_eq (fp_bye (c), 200);
  fp_assert_failed_and_empty ("byebye.jpg");
  g_autofree gchar *data = fp_make_content (3000, 5);
  g_autofree gchar *tid = fp_msrp_send_chunk (m, c->paths[0], data, 1001, 2000, 3000, '+');
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  fp_call_free (c);
}
END_TEST

/* R-INV-2, R-SEC-2: over max-sessions → 486, and the slot comes back after BYE. */
START_TEST (test_session_limit)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "max-sessions", 1, NULL);
  fp_start_receiver ();
  FileSpec f = { "one.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c1 = fp_invite (&f, 1);
  ck_assert_uint_eq (c1->status, 200);
  g_autoptr (Call) c2 = fp_invite (&f, 1);
  ck_assert_uint_eq (c2->status, 486);
  g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
  ck_assert_ptr_nonnull (ev);
  ck_assert (g_str_has_prefix (ev, "INVITE 486 "));
  ck_assert_uint_eq (fp_bye (c1), 200); /* the slot is free once the BYE is answered */
  g_autoptr (Call) c3 = fp_invite (&f, 1);
  ck_assert_uint_eq (c3->status, 200);
  ck_assert_uint_eq (fp_bye (c3), 200);
}
END_TEST

/* R-SEC-2, R-INV-5, R-MSRP-3: max-file-size is advertised, bigger offers are refused, a
 * bigger message is answered 413. */
START_TEST (test_max_file_size)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "max-file-size", (guint64) 2000, NULL);
  fp_start_receiver ();

  FileSpec small = { "small.jpg", "image/jpeg", 1000, NULL, NULL };
  FileSpec big = { "big.jpg", "image/jpeg", 5000, NULL, NULL };
  g_autoptr (Call) c1 = fp_invite (&small, 1);
  ck_assert_uint_eq (c1->status, 200);
  ck_assert_ptr_nonnull (c1->max_size);
  ck_assert_str_eq (c1->max_size, "2000");

  /* A SEND whose Byte-Range total is over the limit. */
  Msrp *m = fp_msrp_connect (c1->paths[0]);
  g_autofree gchar *data = fp_make_content (5000, 6);
  g_autofree gchar *tid = fp_msrp_send_chunk (m, c1->paths[0], data, 1, 100, 5000, '+');
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 413 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert_uint_eq (fp_bye (c1), 200);

  g_autoptr (Call) c2 = fp_invite (&big, 1);
  ck_assert_uint_eq (c2->status, 488);

  FileSpec both[] = { small, big };
  g_autoptr (Call) c3 = fp_invite (both, 2);
  ck_assert_uint_eq (c3->status, 200);
  ck_assert_uint_ne (c3->ports[0], 0);
  ck_assert_uint_eq (c3->ports[1], 0);
  ck_assert_uint_eq (fp_bye (c3), 200);
}
END_TEST

/* R-MSRP-3: a SEND for a session id nobody gave out → 481. */
START_TEST (test_unknown_session)
{
  g_autofree gchar *uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  g_autofree gchar *path = g_strdup_printf ("%s/nosuchsession0123456789;tcp", uri);
  Msrp *m = fp_msrp_connect (path);
  g_autofree gchar *data = fp_make_content (10, 7);
  g_autofree gchar *tid = fp_msrp_send_chunk (m, path, data, 1, 10, 10, '$');
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
}
END_TEST

/* R-MSRP-6: stopping the receiver mid-transfer fails the transfer and removes the file. */
START_TEST (test_stop_mid_transfer)
{
  Call *c = NULL;
  fp_start_partial (&c, "stopped.jpg");
  fp_stop_receiver ();
  fp_assert_failed_and_empty ("stopped.jpg");
  fp_call_free (c);
}
END_TEST

/* R-SEC-1 (trap B1): an INVITE whose Contact is a tel: URI → 400 before any dialog. */
START_TEST (test_tel_contact_refused)
{
  FileSpec f = { "tel.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite_with (&f, 1, "<tel:+123456>");
  ck_assert_uint_eq (c->status, 400);
  ck_assert_uint_eq (fx.rec.offers, 0);
  g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
  ck_assert_ptr_nonnull (ev);
  ck_assert (g_str_has_prefix (ev, "INVITE 400 "));
  /* No dialog: a BYE in it is unknown. */
  ck_assert_uint_eq (fp_bye (c), 481);
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

int
main (void)
{
  Suite *s = suite_create ("file-push");
  TCase *tc = tcase_create ("msrp");
  tcase_add_checked_fixture (tc, fp_setup, fp_teardown);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_file_delivered_out_of_order);
  tcase_add_test (tc, test_app_rejects_delivery);
  tcase_add_test (tc, test_refused_files);
  tcase_add_test (tc, test_wrong_sha1);
  tcase_add_test (tc, test_connection_lost_mid_transfer);
  tcase_add_test (tc, test_bye_mid_transfer);
  tcase_add_test (tc, test_session_limit);
  tcase_add_test (tc, test_max_file_size);
  tcase_add_test (tc, test_unknown_session);
  tcase_add_test (tc, test_stop_mid_transfer);
  tcase_add_test (tc, test_tel_contact_refused);
  tcase_add_test (tc, test_traversal_name_sanitised);
  fp_add_more_cases (tc);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
