/* test-file-integrity.c — a file is good only when it is what the offer announced: sha-1
 * (RFC 5547 colon form or bare hex) and size checked on the content, a message/cpim
 * wrapper removed first (R-MSRP-4, R-MSRP-5, R-MSRP-2).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include <glib/gstdio.h>
#include <string.h>

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

/* R-MSRP-4, R-MSRP-5, R-MSRP-2: a message/cpim wrapper is removed; size and hash count the
 * content, the REPORT's Byte-Range the message as sent. */
START_TEST (test_cpim_unwrapped)
{
  const gsize size = 4092;
  g_autofree gchar *data = fp_make_content (size, 12);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  g_autofree gchar *head = g_strdup_printf ("From: <" SENDER ">\r\nTo: <" AOR ">\r\n"
                                            "DateTime: 2006-05-15T15:02:31-03:00\r\n\r\n"
                                            "Content-Type: image/jpeg\r\n"
                                            "Content-Length: %zu\r\n\r\n",
                                            size);
  gsize head_len = strlen (head), total = head_len + size;
  g_autofree gchar *wrapped = g_malloc (total);
  memcpy (wrapped, head, head_len);
  memcpy (wrapped + head_len, data, size);
  FileSpec f = { "My cool picture.jpg", "image/jpeg", size, sha1, "message/cpim" };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  /* The first chunk ends inside the CPIM head. */
  g_autofree gchar *t1
      = fp_msrp_send_chunk_full (m, c->paths[0], "message/cpim", "m1", wrapped, 1, 30, total, '+');
  g_autofree gchar *t2 = fp_msrp_send_chunk_full (m, c->paths[0], "message/cpim", "m1", wrapped, 31,
                                                  total, total, '$');
  g_autofree gchar *r1 = fp_msrp_response (m, t1, 3000);
  g_autofree gchar *r2 = fp_msrp_response (m, t2, 3000);
  ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);
  ck_assert_msg (r2 && g_str_has_suffix (r2, " 200 OK"), "got %s", r2);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_uint_eq (fx.rec.file_content_len, size);
  ck_assert (memcmp (fx.rec.file_content, data, size) == 0);
  ck_assert_uint_eq (fx.rec.file_size, size);
  ck_assert_str_eq (fx.rec.file_sha1, sha1);
  ck_assert (fx.rec.hash_verified);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_str_eq (status, "000 200 OK");
  g_autofree gchar *range = fp_header_value (report, "Byte-Range");
  g_autofree gchar *expected = g_strdup_printf ("1-%zu/%zu", total, total);
  ck_assert_str_eq (range, expected);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-5: a size other than the file-selector's → failure REPORT, transfer-failed,
 * nothing stored. */
START_TEST (test_wrong_size)
{
  const gsize size = 1000;
  g_autofree gchar *data = fp_make_content (size, 14);
  FileSpec f = { "short.jpg", "image/jpeg", size + 500, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no failure REPORT");
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 4"), "status %s", status);
  fp_assert_failed_and_empty ("short.jpg");
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-5: the hash as bare hex (lower case here) is checked like the RFC 5547 form: a
 * match is verified, a mismatch fails. */
START_TEST (test_bare_hex_hash)
{
  fx.offer_bare_hash = TRUE;
  const gsize size = 256;
  g_autofree gchar *data = fp_make_content (size, 25);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "bare.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  ck_assert_str_eq (fx.rec.offer_sha1, sha1);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert (fx.rec.hash_verified);
  ck_assert_uint_eq (fp_bye (c), 200);
  ck_assert_int_eq (g_unlink (fx.rec.file_path), 0); /* the next half starts from nothing */
  fx.rec.deliveries = 0;

  g_autofree gchar *other = fp_make_content (size, 26);
  g_autofree gchar *wrong = fp_sha1_of (other, size);
  FileSpec bad = { "bare-bad.jpg", "image/jpeg", size, wrong, NULL };
  g_autoptr (Call) c2 = fp_invite (&bad, 1);
  ck_assert_uint_eq (c2->status, 200);
  Msrp *m2 = fp_msrp_connect (c2->paths[0]);
  fp_send_whole (m2, c2->paths[0], data, size);
  fp_assert_failed_and_empty ("bare-bad.jpg");
  ck_assert_uint_eq (fp_bye (c2), 200);
}
END_TEST

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_wrong_sha1);
  tcase_add_test (tc, test_cpim_unwrapped);
  tcase_add_test (tc, test_wrong_size);
  tcase_add_test (tc, test_bare_hex_hash);
  return fp_run_suite ("file-integrity", tc);
}
