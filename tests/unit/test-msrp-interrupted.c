/* test-msrp-interrupted.c — a transfer cut short: the connection lost, a BYE, an abort (#), the
 * receiver stopped, and the races between them: nothing partial is delivered, the host
 * hears once, a sender may send again (R-MSRP-6, R-MSRP-8, R-MSRP-1).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include <string.h>

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

/* R-MSRP-6: the transfer-failed of a file that had progressed carries the same
 * SipPushTransfer as its transfer-progress, with the bytes received and the size. */
START_TEST (test_failed_transfer_is_the_progressed_one)
{
  const gsize size = 3 * 1024 * 1024, sent = 2 * 1024 * 1024, step = 64 * 1024;
  g_autofree gchar *data = fp_make_content (size, 4);
  g_autofree gchar *sha1 = fp_sha1_of (data, size);
  FileSpec f = { "half.jpg", "image/jpeg", size, sha1, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  for (gsize start = 1; start <= sent; start += step)
    {
      g_autofree gchar *tid
          = fp_msrp_send_chunk (m, c->paths[0], data, start, start + step - 1, size, '+');
      g_autofree gchar *resp = fp_msrp_response (m, tid, 5000);
      ck_assert_msg (resp && g_str_has_suffix (resp, " 200 OK"), "chunk at %zu: %s", start, resp);
    }
  WAIT_UNTIL (fx.rec.progress > 0, 3000);
  ck_assert_uint_eq (fx.rec.progress_transfers, 1);
  fp_msrp_close (m);
  WAIT_UNTIL (!g_queue_is_empty (&fx.rec.failures), 3000);
  const RecordedFailure *failure = g_queue_peek_head (&fx.rec.failures);
  ck_assert (failure->same_as_progress);
  ck_assert_str_eq (failure->name, "half.jpg");
  ck_assert_str_eq (failure->app_id, "mms.ua");
  ck_assert_uint_eq (failure->size, size);
  ck_assert_uint_ge (failure->received, 1024 * 1024);
  ck_assert_uint_le (failure->received, sent);
  ck_assert_ptr_nonnull (failure->reason);
  fp_assert_failed_and_empty ("half.jpg");
  ck_assert_uint_eq (fp_bye (c), 200);
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

static gboolean
keep_busy (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* R-MSRP-6, R-MSRP-2: the last chunk answered 200, then the sender's BYE, on a loop kept
 * busy by other sources (a loaded device, valgrind): the file was acknowledged, so it is
 * delivered, never cut by the BYE that the 200 allowed. */
START_TEST (test_bye_after_last_chunk_answered_on_a_busy_loop)
{
  const gsize size = 1000;
  g_autofree gchar *data = fp_make_content (size, 19);
  FileSpec f = { "busy.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  GMainContext *context = g_main_context_get_thread_default ();
  GSource *busy = g_idle_source_new ();
  g_source_set_priority (busy, G_PRIORITY_DEFAULT); /* always ready, as other I/O would be */
  g_source_set_callback (busy, keep_busy, NULL, NULL);
  g_source_attach (busy, context ? context : g_main_context_default ());
  g_autofree gchar *tid = fp_msrp_send_chunk (m, c->paths[0], data, 1, size, size, '$');
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  ck_assert_msg (resp && g_str_has_suffix (resp, " 200 OK"), "got %s", resp);
  fp_bye_now (c);
  g_autofree gchar *bye = fp_wait_response (c, "BYE", 3000);
  ck_assert_ptr_nonnull (bye);
  g_source_destroy (busy);
  g_source_unref (busy);
  fp_pump_ms (300);
  ck_assert_msg (fx.rec.deliveries == 1 && g_queue_get_length (&fx.rec.failures) == 0
                     && fp_count_entries (fx.dir) == 1,
                 "deliveries %u, transfer-failed %u, files %u", fx.rec.deliveries,
                 g_queue_get_length (&fx.rec.failures), fp_count_entries (fx.dir));
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

/* R-MSRP-6, R-MSRP-8 (ids named at the split; the case named none): stopping while the
 * application holds a file: the delivery is answered 503 for it, the file goes, the sender
 * gets a failure REPORT, the host one transfer-failed. */
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

/* R-MSRP-6, R-MSRP-8 (ids named at the split; the case named none): the app callback may
 * stop the receiver: its own file delivery is then refused (503), the file goes, the
 * sender gets a failure REPORT, the host one transfer-failed. */
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

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_connection_lost_mid_transfer);
  tcase_add_test (tc, test_failed_transfer_is_the_progressed_one);
  tcase_add_test (tc, test_bye_mid_transfer);
  tcase_add_test (tc, test_stop_mid_transfer);
  tcase_add_test (tc, test_aborted_then_resent);
  tcase_add_test (tc, test_connection_lost_and_bye_at_once);
  tcase_add_test (tc, test_last_chunk_and_bye_at_once);
  tcase_add_test (tc, test_bye_after_last_chunk_answered_on_a_busy_loop);
  tcase_add_test (tc, test_resend_on_new_connection);
  tcase_add_test (tc, test_stop_with_held_file);
  tcase_add_test (tc, test_stop_from_delivery_callback);
  return fp_run_suite ("msrp-interrupted", tc);
}
