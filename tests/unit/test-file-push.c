/* test-file-push.c — the basic flow of an MSRP file push through the public API over loopback: a
 * raw UDP socket sends the INVITE, a raw TCP socket plays the MSRP sender (file-push-peer.c), and
 * the test checks what the application, the signals, the wire and the directory see.
 * The other file-push suites: test-msrp-transfer, test-msrp-limits, test-msrp-interrupted,
 * test-msrp-connect-out, test-file-integrity, test-file-delivery, test-invite-session.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include <string.h>

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

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_file_delivered_out_of_order);
  return fp_run_suite ("file-push", tc);
}
