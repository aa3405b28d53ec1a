/* test-file-push-more.c — the file-push suite beyond the basic flows: pipelining and
 * progress, several files per connection, CPIM, aborts, MSRP limits, re-INVITE and UPDATE,
 * races between MSRP and BYE, RFC 6135 connect-out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include "loopback.h"
#include <glib/gstdio.h>
#include <string.h>

/* R-DSP-2, R-MSRP-1: a 2.5 MiB file in 64 KiB chunks sent back to back (pipelined, the
 * responses read afterwards); transfer-progress reports it on the way. */
START_TEST (test_large_pipelined_with_progress)
{
  const gsize size = 5 * 512 * 1024 + 123, step = 64 * 1024;
  g_autofree gchar *data = fp_make_content (size, 9);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "big.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autoptr (GPtrArray) tids = g_ptr_array_new_with_free_func (g_free);
  for (gsize start = 1; start <= size; start += step)
    {
      gsize end = MIN (start + step - 1, size);
      g_ptr_array_add (tids, fp_msrp_send_chunk (m, c->paths[0], data, start, end, size,
                                                 end == size ? '$' : '+'));
    }
  for (guint i = 0; i < tids->len; i++)
    {
      g_autofree gchar *resp = fp_msrp_response (m, tids->pdata[i], 5000);
      ck_assert_msg (resp && g_str_has_suffix (resp, " 200 OK"), "chunk %u: %s", i, resp);
    }
  WAIT_UNTIL (fx.rec.deliveries > 0, 5000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_uint_eq (fx.rec.file_content_len, size);
  ck_assert (memcmp (fx.rec.file_content, data, size) == 0);
  ck_assert (fx.rec.hash_verified);
  ck_assert_uint_ge (fx.rec.progress, 2);
  ck_assert_uint_eq (fx.rec.last_total, size);
  ck_assert_uint_le (fx.rec.last_received, size);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_str_eq (status, "000 200 OK");
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-1, R-INV-4: two files of one INVITE over one TCP connection, their chunks
 * interleaved: each SEND goes to the session its To-Path names. */
START_TEST (test_two_files_one_connection)
{
  const gsize size_a = 1200, size_b = 900;
  g_autofree gchar *a = fp_make_content (size_a, 10);
  g_autofree gchar *b = fp_make_content (size_b, 11);
  g_autofree gchar *sha_a = fp_sha1_of (a, size_a);
  g_autofree gchar *sha_b = fp_sha1_of (b, size_b);
  FileSpec files[] = { { "a.jpg", "image/jpeg", size_a, sha_a, NULL },
                       { "b.jpg", "image/jpeg", size_b, sha_b, NULL } };
  g_autoptr (Call) c = fp_invite (files, 2);
  ck_assert_uint_eq (c->status, 200);
  ck_assert_ptr_nonnull (c->paths[0]);
  ck_assert_ptr_nonnull (c->paths[1]);
  ck_assert_str_ne (c->paths[0], c->paths[1]);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = fp_msrp_send_chunk (m, c->paths[0], a, 1, 600, size_a, '+');
  g_autofree gchar *t2 = fp_msrp_send_chunk (m, c->paths[1], b, 1, 500, size_b, '+');
  g_autofree gchar *t3 = fp_msrp_send_chunk (m, c->paths[0], a, 601, size_a, size_a, '$');
  g_autofree gchar *t4 = fp_msrp_send_chunk (m, c->paths[1], b, 501, size_b, size_b, '$');
  const char *tids[] = { t1, t2, t3, t4 };
  for (guint i = 0; i < G_N_ELEMENTS (tids); i++)
    {
      g_autofree gchar *resp = fp_msrp_response (m, tids[i], 3000);
      ck_assert_msg (resp && g_str_has_suffix (resp, " 200 OK"), "chunk %u: %s", i, resp);
    }
  WAIT_UNTIL (fx.rec.deliveries == 2, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 2);
  g_autofree gchar *path_a = g_build_filename (fx.dir, "a.jpg", NULL);
  g_autofree gchar *path_b = g_build_filename (fx.dir, "b.jpg", NULL);
  g_autofree gchar *got_a = NULL, *got_b = NULL;
  gsize len_a = 0, len_b = 0;
  ck_assert (g_file_get_contents (path_a, &got_a, &len_a, NULL));
  ck_assert (g_file_get_contents (path_b, &got_b, &len_b, NULL));
  ck_assert_uint_eq (len_a, size_a);
  ck_assert_uint_eq (len_b, size_b);
  ck_assert (memcmp (got_a, a, size_a) == 0);
  ck_assert (memcmp (got_b, b, size_b) == 0);
  g_autofree gchar *r1 = fp_msrp_wait (m, " REPORT\r\n", 3000);
  g_autofree gchar *r2 = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (r1);
  ck_assert_ptr_nonnull (r2);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-3: a SEND of a type the session did not take → 415, nothing stored. */
START_TEST (test_unsupported_type_415)
{
  FileSpec f = { "type.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *tid
      = fp_msrp_send_chunk_full (m, c->paths[0], "text/plain", "m1", "0123456789", 1, 10, 10, '$');
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 415 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
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

/* R-MSRP-1, R-MSRP-6: a message aborted with '#' fails and leaves nothing; the sender may
 * then send the file again as a new message in the same session. */
START_TEST (test_aborted_then_resent)
{
  const gsize size = 2000;
  g_autofree gchar *data = fp_make_content (size, 13);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "again.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = fp_msrp_send_chunk (m, c->paths[0], data, 1, 700, size, '+');
  g_autofree gchar *t2 = fp_msrp_send_chunk (m, c->paths[0], data, 701, 1400, size, '#');
  g_autofree gchar *r1 = fp_msrp_response (m, t1, 3000);
  g_autofree gchar *r2 = fp_msrp_response (m, t2, 3000);
  ck_assert_ptr_nonnull (r1);
  ck_assert_ptr_nonnull (r2);
  fp_assert_failed_and_empty ("again.jpg");

  g_autofree gchar *t3
      = fp_msrp_send_chunk_full (m, c->paths[0], "image/jpeg", "m2", data, 1, size, size, '$');
  g_autofree gchar *r3 = fp_msrp_response (m, t3, 3000);
  ck_assert_msg (r3 && g_str_has_suffix (r3, " 200 OK"), "got %s", r3);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_uint_eq (fx.rec.file_content_len, size);
  ck_assert (memcmp (fx.rec.file_content, data, size) == 0);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-SEC-2: an MSRP connection that never sends a valid SEND is closed after
 * msrp-idle-timeout. */
START_TEST (test_msrp_idle_timeout)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "msrp-idle-timeout", 1, NULL);
  fp_start_receiver ();
  g_autofree gchar *uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  Msrp *m = fp_msrp_connect (uri);
  fp_pump_ms (300);
  ck_assert (!m->eof);
  WAIT_UNTIL (m->eof, 4000);
  ck_assert_msg (m->eof, "the idle MSRP connection was not closed");
}
END_TEST

/* R-SEC-2: beyond max-msrp-connections a new connection is closed; the open one works. */
START_TEST (test_msrp_connection_limit)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "max-msrp-connections", 1, NULL);
  fp_start_receiver ();
  g_autofree gchar *uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  g_autofree gchar *path = g_strdup_printf ("%s/nosuchsession0123456789;tcp", uri);
  Msrp *first = fp_msrp_connect (path);
  /* The receiver holds the first connection once it answers on it (481: no such session). */
  g_autofree gchar *t0 = fp_msrp_send_chunk (first, path, "0123456789", 1, 10, 10, '$');
  g_autofree gchar *r0 = fp_msrp_response (first, t0, 3000);
  ck_assert_msg (r0 != NULL, "the first connection is not served");
  Msrp *second = fp_msrp_connect (path);
  WAIT_UNTIL (second->eof, 3000);
  ck_assert_msg (second->eof, "the connection over the limit stayed open");
  ck_assert (!first->eof);
  g_autofree gchar *tid = fp_msrp_send_chunk (first, path, "0123456789", 1, 10, 10, '$');
  g_autofree gchar *resp = fp_msrp_response (first, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
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

/* R-MSRP-3: malformed framing mid-message closes the connection; nothing is delivered. */
START_TEST (test_malformed_framing)
{
  Call *c = NULL;
  Msrp *m = fp_start_partial (&c, "garbage.jpg");
  static const char junk[] = "this is not MSRP at all\r\n\r\n";
  fp_msrp_write (m, junk, sizeof junk - 1);
  WAIT_UNTIL (m->eof, 3000);
  ck_assert_msg (m->eof, "the connection stayed open after bad framing");
  fp_assert_failed_and_empty ("garbage.jpg");
  ck_assert_uint_eq (fp_bye (c), 200);
  fp_call_free (c);
}
END_TEST

/* R-INV-4 (issue 5): a re-INVITE that sets a file's port to 0 closes that file (its
 * transfer fails, nothing stays); the other file goes on. */
START_TEST (test_reinvite_closes_file)
{
  const gsize size = 1000;
  g_autofree gchar *a = fp_make_content (size, 16);
  g_autofree gchar *b = fp_make_content (size, 17);
  FileSpec files[] = { { "stays.jpg", "image/jpeg", size, NULL, NULL },
                       { "closed.jpg", "image/jpeg", size, NULL, NULL } };
  g_autoptr (Call) c = fp_invite (files, 2);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = fp_msrp_send_chunk (m, c->paths[1], b, 1, 400, size, '+');
  g_autofree gchar *r1 = fp_msrp_response (m, t1, 3000);
  ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);

  g_autofree gchar *sdp = fp_offer_sdp_closing (files, 2, 1);
  g_autofree gchar *resp = fp_in_dialog (c, "INVITE", 2, "", "application/sdp", sdp);
  ck_assert_ptr_nonnull (resp);
  ck_assert_uint_eq (fp_status_of (resp), 200);
  fp_assert_failed_and_empty ("closed.jpg");
  /* The answer keeps the m= lines, the closed one with port 0. */
  const char *body = strstr (resp, "\r\n\r\n");
  ck_assert_ptr_nonnull (body);
  const char *second = strstr (body, "m=message ");
  ck_assert_ptr_nonnull (second);
  second = strstr (second + 1, "m=message ");
  ck_assert_ptr_nonnull (second);
  ck_assert (g_str_has_prefix (second, "m=message 0 "));

  g_autofree gchar *t2 = fp_msrp_send_chunk (m, c->paths[1], b, 401, size, size, '$');
  g_autofree gchar *r2 = fp_msrp_response (m, t2, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", t2);
  ck_assert_msg (r2 && g_str_has_prefix (r2, expected), "got %s", r2);

  fp_send_whole (m, c->paths[0], a, size);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_str_eq (fx.rec.file_name, "stays.jpg");
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-INV-6: an UPDATE refreshing the session is answered 200 with Session-Expires. */
START_TEST (test_update_refresh)
{
  FileSpec f = { "refresh.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  g_autofree gchar *resp = fp_in_dialog (
      c, "UPDATE", 2, "Session-Expires: 1800;refresher=uac\r\nSupported: timer\r\n", NULL, "");
  ck_assert_ptr_nonnull (resp);
  ck_assert_uint_eq (fp_status_of (resp), 200);
  g_autofree gchar *se = fp_header_value (resp, "Session-Expires");
  ck_assert_ptr_nonnull (se);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-6: the sender drops TCP and sends BYE at once: the transfer still fails loudly,
 * exactly once, and nothing stays. */
START_TEST (test_connection_lost_and_bye_at_once)
{
  Call *c = NULL;
  Msrp *m = fp_start_partial (&c, "race.jpg");
  SippushTestProbe *both = sippush_test_probe_begin ();
  fp_msrp_close (m);
  fp_bye_now (c);
  /* Both pending before the loop runs again: the receiver's MSRP connection has hung up
   * and its SIP socket holds the BYE. */
  sippush_test_probe_wait (both, 2, 3000);
  g_autofree gchar *resp = fp_wait_response (c, "BYE", 3000);
  ck_assert_ptr_nonnull (resp);
  fp_assert_failed_and_empty ("race.jpg");
  fp_pump_ms (200);
  ck_assert_uint_eq (g_queue_get_length (&fx.rec.failures), 0); /* only once */
  fp_call_free (c);
}
END_TEST

/* R-MSRP-2, R-MSRP-6: the last chunk and a BYE right behind it: the complete file is
 * either delivered or removed with a transfer-failed, never left behind unannounced. */
START_TEST (test_last_chunk_and_bye_at_once)
{
  const gsize size = 1000;
  g_autofree gchar *data = fp_make_content (size, 18);
  FileSpec f = { "quick.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  /* The connection is the receiver's once a bodiless SEND on it is answered. */
  g_autofree gchar *open = g_strdup_printf ("MSRP txopen1 SEND\r\nTo-Path: %s\r\n"
                                            "From-Path: " FROM_PATH "\r\n-------txopen1$\r\n",
                                            c->paths[0]);
  fp_msrp_write (m, open, strlen (open));
  g_autofree gchar *opened = fp_msrp_response (m, "txopen1", 3000);
  ck_assert_msg (opened && g_str_has_suffix (opened, " 200 OK"), "got %s", opened);
  SippushTestProbe *both = sippush_test_probe_begin ();
  g_free (fp_msrp_send_chunk (m, c->paths[0], data, 1, size, size, '$'));
  fp_bye_now (c);
  /* Both pending before the loop runs again: the whole message at the receiver's MSRP
   * connection and the BYE at its SIP socket. */
  sippush_test_probe_wait (both, 2, 3000);
  g_autofree gchar *resp = fp_wait_response (c, "BYE", 3000);
  ck_assert_ptr_nonnull (resp);
  fp_pump_ms (300);
  guint failed = g_queue_get_length (&fx.rec.failures);
  ck_assert_msg ((fx.rec.deliveries == 1 && failed == 0 && fp_count_entries (fx.dir) == 1)
                     || (fx.rec.deliveries == 0 && failed == 1 && fp_count_entries (fx.dir) == 0),
                 "deliveries %u, transfer-failed %u, files %u", fx.rec.deliveries, failed,
                 fp_count_entries (fx.dir));
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

/* R-MSRP-6, R-MSRP-1: after the connection is lost mid-transfer the sender reconnects and
 * sends the file again: a session is not tied to one connection. */
START_TEST (test_resend_on_new_connection)
{
  Call *c = NULL;
  Msrp *m = fp_start_partial (&c, "retry.jpg");
  fp_msrp_close (m);
  fp_assert_failed_and_empty ("retry.jpg");
  g_autofree gchar *data = fp_make_content (3000, 5); /* what fp_start_partial sends */
  Msrp *again = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *tid
      = fp_msrp_send_chunk_full (again, c->paths[0], "image/jpeg", "m2", data, 1, 3000, 3000, '$');
  g_autofree gchar *resp = fp_msrp_response (again, tid, 3000);
  ck_assert_msg (resp && g_str_has_suffix (resp, " 200 OK"), "got %s", resp);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert (fx.rec.hash_verified);
  g_autofree gchar *report = fp_msrp_wait (again, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  g_autofree gchar *mid = fp_header_value (report, "Message-ID");
  ck_assert_str_eq (mid, "m2");
  ck_assert_uint_eq (fp_bye (c), 200);
  fp_call_free (c);
}
END_TEST

/* R-MSRP-3, R-MSRP-6: chunks that contradict themselves are refused with 400 and fail the
 * message; a SEND after the file is in gets 403. */
/* A MESSAGE or REFER inside an INVITE session is refused 403 without taking the
 * session's handle over: the BYE then still ends the session (200, not 481), and a chunk
 * in flight when it does is not answered 200 (its bytes were dropped). */
START_TEST (test_request_inside_session)
{
  g_autofree gchar *data = fp_make_content (10, 22);
  FileSpec f = { "inside.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  static const char *methods[] = { "MESSAGE", "REFER" };
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autofree gchar *resp = fp_in_dialog (c, methods[i], 10 + i,
                                             "Accept-Contact: *;+g.oma.pusheventappp=\"mms.ua\"\r\n"
                                             "Refer-To: <sip:ps@127.0.0.1:9;method=SUBSCRIBE>\r\n",
                                             "text/plain", "hello");
      ck_assert_msg (resp && fp_status_of (resp) == 403, "%s: got %s", methods[i], resp);
    }
  /* Half a chunk, then the BYE, then the rest of the chunk. */
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *tid = g_strdup ("halfchunk1");
  g_autofree gchar *head = g_strdup_printf (
      "MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\nMessage-ID: m1\r\n"
      "Byte-Range: 1-10/10\r\nContent-Type: image/jpeg\r\n\r\n%.5s",
      tid, c->paths[0], data);
  fp_msrp_write (m, head, strlen (head));
  /* The receiver has begun the chunk once its temp file is there. */
  WAIT_UNTIL (fp_count_entries (fx.dir) == 1, 3000);
  /* CSeq above the in-dialog requests' (a lower one would be 500 out of order). */
  g_autofree gchar *bye = fp_in_dialog (c, "BYE", 20, "", NULL, "");
  ck_assert_msg (bye && fp_status_of (bye) == 200, "BYE: got %s", bye);
  g_autofree gchar *tail = g_strdup_printf ("%.5s\r\n-------%s$\r\n", data + 5, tid);
  fp_msrp_write (m, tail, strlen (tail));
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  ck_assert_msg (resp && !strstr (resp, " 200 "), "the cut chunk got %s", resp);
  fp_assert_failed_and_empty ("inside.jpg");
}
END_TEST

/* R-DSP-4: with an allow-list, an INVITE from a sender not on it gets 403 and the file
 * handler never runs; the listed sender's INVITE gets its 200. */
START_TEST (test_invite_allow_list)
{
  ck_assert (sippush_receiver_add_trusted_sender (fx.receiver, "sip:other@operator.example", NULL));
  FileSpec f = { "trusted.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 403);
  g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
  ck_assert_msg (ev && g_str_has_prefix (ev, "INVITE 403 "), "push-rejected: %s", ev);
  ck_assert (sippush_receiver_add_trusted_sender (fx.receiver, SENDER, NULL));
  g_autoptr (Call) c2 = fp_invite (&f, 1);
  ck_assert_uint_eq (c2->status, 200);
  ck_assert_uint_eq (fp_bye (c2), 200);
}
END_TEST

/* R-SEC-2: a sender cannot write more than its offer announced (the free-space check
 * counted the announced size): a message over it is refused 413, nothing is kept. */
START_TEST (test_more_than_announced)
{
  g_autofree gchar *data = fp_make_content (200, 21);
  FileSpec f = { "small.jpg", "image/jpeg", 100, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = fp_msrp_send_chunk (m, c->paths[0], data, 1, 200, 200, '$');
  g_autofree gchar *r1 = fp_msrp_response (m, t1, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 413 ", t1);
  ck_assert_msg (r1 && g_str_has_prefix (r1, expected), "got %s", r1);
  fp_assert_failed_and_empty ("small.jpg");
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

START_TEST (test_inconsistent_chunks)
{
  g_autofree gchar *data = fp_make_content (200, 20);
  FileSpec f = { "odd.jpg", "image/jpeg", 100, NULL, NULL };

  /* A body longer than its Byte-Range. */
  {
    g_autoptr (Call) c = fp_invite (&f, 1);
    Msrp *m = fp_msrp_connect (c->paths[0]);
    g_autofree gchar *tid = g_strdup_printf ("tx%06u", ++fp_tid_seq);
    g_autofree gchar *send = g_strdup_printf (
        "MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\nMessage-ID: m1\r\n"
        "Byte-Range: 1-10/100\r\nContent-Type: image/jpeg\r\n\r\n%.20s\r\n-------%s+\r\n",
        tid, c->paths[0], "01234567890123456789", tid);
    fp_msrp_write (m, send, strlen (send));
    g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
    g_autofree gchar *expected = g_strdup_printf ("MSRP %s 400 ", tid);
    ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
    fp_assert_failed_and_empty ("odd.jpg");
    ck_assert_uint_eq (fp_bye (c), 200);
  }
  /* A total that changes between chunks. */
  {
    g_autoptr (Call) c = fp_invite (&f, 1);
    Msrp *m = fp_msrp_connect (c->paths[0]);
    g_autofree gchar *t1 = fp_msrp_send_chunk (m, c->paths[0], data, 1, 10, 100, '+');
    g_autofree gchar *t2 = fp_msrp_send_chunk (m, c->paths[0], data, 11, 20, 200, '+');
    g_autofree gchar *r1 = fp_msrp_response (m, t1, 3000);
    g_autofree gchar *r2 = fp_msrp_response (m, t2, 3000);
    ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);
    /* 200 is also over the announced size (100): refused either way, as 400 or 413. */
    g_autofree gchar *e400 = g_strdup_printf ("MSRP %s 400 ", t2);
    g_autofree gchar *e413 = g_strdup_printf ("MSRP %s 413 ", t2);
    ck_assert_msg (r2 && (g_str_has_prefix (r2, e400) || g_str_has_prefix (r2, e413)), "got %s",
                   r2);
    fp_assert_failed_and_empty ("odd.jpg");
    ck_assert_uint_eq (fp_bye (c), 200);
  }
  /* One more message once the file is in. */
  {
    g_autoptr (Call) c = fp_invite (&f, 1);
    Msrp *m = fp_msrp_connect (c->paths[0]);
    fp_send_whole (m, c->paths[0], data, 100);
    WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
    ck_assert_uint_eq (fx.rec.deliveries, 1);
    g_autofree gchar *tid
        = fp_msrp_send_chunk_full (m, c->paths[0], "image/jpeg", "m2", data, 1, 100, 100, '$');
    g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
    g_autofree gchar *expected = g_strdup_printf ("MSRP %s 403 ", tid);
    ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
    ck_assert_uint_eq (fp_count_entries (fx.dir), 1);
    ck_assert_uint_eq (fp_bye (c), 200);
  }
}
END_TEST

/* Stopping while the application holds a file: the delivery is answered 503 for it, the
 * file goes, the sender gets a failure REPORT. */
START_TEST (test_stop_with_held_file)
{
  const gsize size = 600;
  g_autofree gchar *data = fp_make_content (size, 21);
  FileSpec f = { "held.jpg", "image/jpeg", size, NULL, NULL };
  fx.app_answer = G_MAXUINT;
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.held != NULL, 3000);
  ck_assert_ptr_nonnull (fx.held);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 1);
  gboolean stopped = FALSE;
  sippush_receiver_stop_async (fx.receiver, NULL, fp_stopped_cb, &stopped);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_msg (report != NULL, "no REPORT at stop");
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 503 "), "status %s", status);
  ck_assert (sippush_delivery_is_completed (fx.held));
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  WAIT_UNTIL (!g_queue_is_empty (&fx.rec.failures), 1000);
  ck_assert_uint_eq (g_queue_get_length (&fx.rec.failures), 1);
  WAIT_UNTIL (stopped, 5000);
  ck_assert (stopped);
  fx.stopped = TRUE;
}
END_TEST

/* R-MSRP-1 (RFC 6135): an offer with a=setup:passive → the receiver answers active,
 * connects to the sender's a=path and speaks first; the file then comes over that
 * connection. actpass without msrp-connect-out → we stay passive. */
/* R-MSRP-6: with a=setup:passive the receiver connects out; when nobody listens there the
 * file can never come, and the host hears so at once rather than at BYE. */
START_TEST (test_setup_passive_connect_fails)
{
  fx.offer_port = sippush_test_free_port (); /* nothing listens */
  fx.offer_extra = "a=setup:passive\r\n";
  FileSpec f = { "unreachable.jpg", "image/jpeg", 100, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  WAIT_UNTIL (g_queue_get_length (&fx.rec.failures) > 0, 5000);
  g_autofree gchar *ev = recorder_pop_failure (&fx.rec);
  ck_assert_msg (ev && strstr (ev, "cannot connect"), "transfer-failed: %s", ev);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

START_TEST (test_setup_passive_connects_out)
{
  GSocket *listener
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  ck_assert (g_socket_bind (listener, any, TRUE, NULL));
  ck_assert (g_socket_listen (listener, NULL));
  g_socket_set_blocking (listener, FALSE);
  fx.offer_port = sippush_test_local_port (listener);
  fx.offer_extra = "a=setup:passive\r\n";

  const gsize size = 1500;
  g_autofree gchar *data = fp_make_content (size, 22);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "outbound.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  ck_assert (strstr (c->response, "a=setup:active\r\n") != NULL);

  ck_assert_msg (sippush_test_socket_wait_readable (listener, 3000),
                 "the receiver did not connect out");
  GSocket *accepted = g_socket_accept (listener, NULL, NULL);
  ck_assert_msg (accepted != NULL, "the receiver did not connect out");
  g_socket_set_blocking (accepted, FALSE);
  Msrp *m = g_new0 (Msrp, 1);
  m->in = g_string_new (NULL);
  m->socket = accepted;
  g_ptr_array_add (fx.msrps, m);

  /* The receiver speaks first: a bodiless SEND to our path from its own. */
  g_autofree gchar *hello = fp_msrp_wait (m, " SEND\r\n", 3000);
  ck_assert_msg (hello != NULL, "no bodiless SEND from the active side");
  g_autofree gchar *to = fp_header_value (hello, "To-Path");
  g_autofree gchar *our = g_strdup_printf ("msrp://127.0.0.1:%u/snd0;tcp", fx.offer_port);
  ck_assert_str_eq (to, our);
  g_autofree gchar *from = fp_header_value (hello, "From-Path");
  ck_assert_str_eq (from, c->paths[0]);

  fp_send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert (fx.rec.hash_verified);
  ck_assert_uint_eq (fp_bye (c), 200);

  fx.offer_extra = "a=setup:actpass\r\n";
  g_autoptr (Call) c2 = fp_invite (&f, 1);
  ck_assert_uint_eq (c2->status, 200);
  ck_assert (strstr (c2->response, "a=setup:passive\r\n") != NULL);
  ck_assert_uint_eq (fp_bye (c2), 200);
  g_socket_close (listener, NULL);
  g_object_unref (listener);
}
END_TEST

/* R-SEC-2, R-MSRP-3: a header block over the limit (16 KiB) closes the connection. */
START_TEST (test_header_block_limit)
{
  FileSpec f = { "header.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *filler = g_strnfill (64 * 1024, 'a');
  g_autofree gchar *send = g_strdup_printf ("MSRP tx999999 SEND\r\nTo-Path: %s\r\n"
                                            "From-Path: " FROM_PATH "\r\nX-Big: %s\r\n",
                                            c->paths[0], filler);
  fp_msrp_write (m, send, strlen (send));
  WAIT_UNTIL (m->eof, 3000);
  ck_assert_msg (m->eof, "a 64 KiB header block was not refused");
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-1, R-MSRP-2: Failure-Report: no → no responses to the chunks; no Success-Report →
 * no REPORT; the file is delivered all the same. */
START_TEST (test_report_headers_honoured)
{
  const gsize size = 300;
  g_autofree gchar *data = fp_make_content (size, 23);
  FileSpec f = { "quiet.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  GString *send = g_string_new (NULL);
  g_string_append_printf (send,
                          "MSRP txquiet1 SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\n"
                          "Message-ID: q1\r\nFailure-Report: no\r\n"
                          "Byte-Range: 1-%zu/%zu\r\nContent-Type: image/jpeg\r\n\r\n",
                          c->paths[0], size, size);
  g_string_append_len (send, data, (gssize) size);
  g_string_append (send, "\r\n-------txquiet1$\r\n");
  fp_msrp_write (m, send->str, send->len);
  g_string_free (send, TRUE);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_uint_eq (fx.rec.file_content_len, size);
  fp_pump_ms (300);
  ck_assert_uint_eq (g_queue_get_length (&m->messages), 0);
  ck_assert_uint_eq (m->in->len, 0);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-INV-1: no offered accept-type fits the application → 488 and push-rejected. */
START_TEST (test_no_supported_accept_type)
{
  const char *const types[] = { "application/vnd.wap.mms-message", NULL };
  sippush_app_set_accept_types (sippush_receiver_lookup_app (fx.receiver, "mms.ua"), types);
  FileSpec f = { "pic.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 488);
  ck_assert_uint_eq (fx.rec.offers, 0);
  g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
  ck_assert_ptr_nonnull (ev);
  ck_assert_msg (g_str_has_prefix (ev, "INVITE 488 "), "event %s", ev);
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

/* The app callback may stop the receiver: its own file delivery is then refused (503),
 * the file goes, the sender gets a failure REPORT, the host one transfer-failed. */
START_TEST (test_stop_from_delivery_callback)
{
  fx.stop_in_callback = TRUE;
  const gsize size = 500;
  g_autofree gchar *data = fp_make_content (size, 27);
  FileSpec f = { "last.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  fp_send_whole (m, c->paths[0], data, size);
  WAIT_UNTIL (fx.stop_done, 5000);
  ck_assert (fx.stop_done);
  fx.stopped = TRUE;
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 1000);
  ck_assert_msg (report != NULL, "no REPORT");
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_msg (g_str_has_prefix (status, "000 503 "), "status %s", status);
  ck_assert_uint_eq (g_queue_get_length (&fx.rec.failures), 1);
}
END_TEST

/* Sends bytes @start..@start+@len-1 of @data with Byte-Range `start-* / *`. */
static gchar *
send_unknown_total (Msrp *m, const char *to_path, const char *data, gsize start, gsize len,
                    char flag)
{
  gchar *tid = g_strdup_printf ("tx%06u", ++fp_tid_seq);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s,
                          "MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\n"
                          "Message-ID: u1\r\nSuccess-Report: yes\r\n"
                          "Byte-Range: %zu-*/*\r\nContent-Type: image/jpeg\r\n\r\n",
                          tid, to_path, start);
  g_string_append_len (s, data + start - 1, (gssize) len);
  g_string_append_printf (s, "\r\n-------%s%c\r\n", tid, flag);
  fp_msrp_write (m, s->str, s->len);
  g_string_free (s, TRUE);
  return tid;
}

/* R-MSRP-1, R-MSRP-2: chunks with an unknown total (`*`): the final chunk's end is the
 * total, and the REPORT says so. */
START_TEST (test_unknown_total)
{
  const gsize size = 1200;
  g_autofree gchar *data = fp_make_content (size, 28);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "stream.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = send_unknown_total (m, c->paths[0], data, 1, 500, '+');
  g_autofree gchar *t2 = send_unknown_total (m, c->paths[0], data, 501, size - 500, '$');
  g_autofree gchar *r1 = fp_msrp_response (m, t1, 3000);
  g_autofree gchar *r2 = fp_msrp_response (m, t2, 3000);
  ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);
  ck_assert_msg (r2 && g_str_has_suffix (r2, " 200 OK"), "got %s", r2);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert (fx.rec.hash_verified);
  ck_assert_uint_eq (fx.rec.file_content_len, size);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  g_autofree gchar *range = fp_header_value (report, "Byte-Range");
  ck_assert_str_eq (range, "1-1200/1200");
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

void
fp_add_more_cases (TCase *tc)
{
  tcase_add_test (tc, test_large_pipelined_with_progress);
  tcase_add_test (tc, test_two_files_one_connection);
  tcase_add_test (tc, test_unsupported_type_415);
  tcase_add_test (tc, test_cpim_unwrapped);
  tcase_add_test (tc, test_aborted_then_resent);
  tcase_add_test (tc, test_msrp_idle_timeout);
  tcase_add_test (tc, test_msrp_connection_limit);
  tcase_add_test (tc, test_wrong_size);
  tcase_add_test (tc, test_delivery_timeout);
  tcase_add_test (tc, test_malformed_framing);
  tcase_add_test (tc, test_reinvite_closes_file);
  tcase_add_test (tc, test_update_refresh);
  tcase_add_test (tc, test_connection_lost_and_bye_at_once);
  tcase_add_test (tc, test_last_chunk_and_bye_at_once);
  tcase_add_test (tc, test_reject_after_bye);
  tcase_add_test (tc, test_resend_on_new_connection);
  tcase_add_test (tc, test_inconsistent_chunks);
  tcase_add_test (tc, test_more_than_announced);
  tcase_add_test (tc, test_invite_allow_list);
  tcase_add_test (tc, test_request_inside_session);
  tcase_add_test (tc, test_stop_with_held_file);
  tcase_add_test (tc, test_setup_passive_connects_out);
  tcase_add_test (tc, test_setup_passive_connect_fails);
  tcase_add_test (tc, test_header_block_limit);
  tcase_add_test (tc, test_report_headers_honoured);
  tcase_add_test (tc, test_no_supported_accept_type);
  tcase_add_test (tc, test_default_file_directory);
  tcase_add_test (tc, test_bare_hex_hash);
  tcase_add_test (tc, test_stop_from_delivery_callback);
  tcase_add_test (tc, test_unknown_total);
}
