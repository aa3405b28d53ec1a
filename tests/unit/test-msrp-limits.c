/* test-msrp-limits.c — what the receiver refuses and the limits it keeps: unknown session
 * (481), a type not taken (415), over max-file-size or the announced size (413), too
 * many sessions (486), too many MSRP connections, an idle connection, an oversized header
 * block, malformed framing; one outcome for a refused message however many chunks it has
 * (R-MSRP-3, R-MSRP-8, R-INV-2, R-SEC-2).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include <string.h>

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

/* R-SEC-2, R-SEC-4: beyond max-msrp-connections a new connection is closed when every open
 * one carries a live session; the open one works. */
START_TEST (test_msrp_connection_limit)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "max-msrp-connections", 1, NULL);
  fp_start_receiver ();
  FileSpec f = { "bound.jpg", "image/jpeg", 20, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *first = fp_msrp_connect (c->paths[0]);
  /* A SEND to the live session binds the connection. */
  static const char data[] = "01234567890123456789";
  g_autofree gchar *t0 = fp_msrp_send_chunk (first, c->paths[0], data, 1, 10, 20, '+');
  g_autofree gchar *r0 = fp_msrp_response (first, t0, 3000);
  ck_assert_msg (r0 != NULL, "the first connection is not served");
  Msrp *second = fp_msrp_connect (c->paths[0]);
  WAIT_UNTIL (second->eof, 3000);
  ck_assert_msg (second->eof, "the connection over the limit stayed open");
  ck_assert (!first->eof);
  g_autofree gchar *tid = fp_msrp_send_chunk (first, c->paths[0], data, 11, 20, 20, '$');
  g_autofree gchar *resp = fp_msrp_response (first, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 200 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-SEC-4: at max-msrp-connections a connection that has named no live session (here it
 * only got 481s) gives its place to a new one, which then carries a file. */
START_TEST (test_msrp_unbound_evicted)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "max-msrp-connections", 1, NULL);
  fp_start_receiver ();
  g_autofree gchar *uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  g_autofree gchar *path = g_strdup_printf ("%s/nosuchsession0123456789;tcp", uri);
  Msrp *squatter = fp_msrp_connect (path);
  g_autofree gchar *t0 = fp_msrp_send_chunk (squatter, path, "0123456789", 1, 10, 10, '$');
  g_autofree gchar *r0 = fp_msrp_response (squatter, t0, 3000);
  ck_assert_msg (r0 != NULL, "the squatting connection is not served");

  FileSpec f = { "evict.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *real = fp_msrp_connect (c->paths[0]);
  WAIT_UNTIL (squatter->eof, 3000);
  ck_assert_msg (squatter->eof, "the unbound connection was not evicted");
  g_autofree gchar *tid = fp_msrp_send_chunk (real, c->paths[0], "0123456789", 1, 10, 10, '$');
  g_autofree gchar *resp = fp_msrp_response (real, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 200 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  WAIT_UNTIL (fx.rec.deliveries == 1, 5000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-SEC-4: eviction picks on the source holding the most unbound connections: a sender
 * that has just connected from elsewhere keeps its place, even when it is the oldest. */
START_TEST (test_msrp_eviction_by_source)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "max-msrp-connections", 3, NULL);
  fp_start_receiver ();
  FileSpec f = { "patient.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  /* Oldest: a real sender, slow to send its first SEND. */
  Msrp *sender = fp_msrp_connect_from (c->paths[0], "127.0.0.1");
  fp_pump_ms (100);
  Msrp *s1 = fp_msrp_connect_from (c->paths[0], "127.0.0.2");
  fp_pump_ms (100);
  Msrp *s2 = fp_msrp_connect_from (c->paths[0], "127.0.0.2");
  fp_pump_ms (100);
  Msrp *s3 = fp_msrp_connect_from (c->paths[0], "127.0.0.2");
  WAIT_UNTIL (s1->eof, 3000);
  ck_assert_msg (s1->eof, "the oldest squatter was not evicted");
  fp_pump_ms (200);
  ck_assert (!sender->eof && !s2->eof && !s3->eof);
  g_autofree gchar *data = fp_make_content (10, 4);
  g_autofree gchar *tid = fp_msrp_send_chunk (sender, c->paths[0], data, 1, 10, 10, '$');
  g_autofree gchar *resp = fp_msrp_response (sender, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 200 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
  WAIT_UNTIL (fx.rec.deliveries == 1, 5000);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-SEC-4: a connection that keeps talking but never names a live session is closed after
 * msrp-bind-timeout, well before msrp-idle-timeout: traffic does not move that deadline. */
START_TEST (test_msrp_bind_timeout)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "msrp-bind-timeout", 1, "msrp-idle-timeout", 60, NULL);
  fp_start_receiver ();
  g_autofree gchar *uri = sippush_receiver_dup_msrp_uri (fx.receiver);
  g_autofree gchar *path = g_strdup_printf ("%s/nosuchsession0123456789;tcp", uri);
  Msrp *m = fp_msrp_connect (path);
  gint64 start = g_get_monotonic_time ();
  while (!m->eof && g_get_monotonic_time () - start < 8 * G_USEC_PER_SEC)
    {
      /* Answered 481 each time: traffic that names no session does not bind. */
      g_free (fp_msrp_send_chunk (m, path, "0123456789", 1, 10, 10, '$'));
      fp_pump_ms (200);
    }
  ck_assert_msg (m->eof, "a connection naming no session was kept for 8 s");
  /* 1 s, in whole seconds of GLib's timer: at most about 2 s, with room for a loaded host */
  ck_assert_int_lt (g_get_monotonic_time () - start, 6 * G_USEC_PER_SEC);
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

/* Counts the REPORTs that reach @m within @ms, checking each one's Status starts with
 * @status. */
static guint
count_reports (Msrp *m, const char *status, guint ms)
{
  guint n = 0;
  gchar *report;
  while ((report = fp_msrp_wait (m, " REPORT\r\n", ms)) != NULL)
    {
      g_autofree gchar *st = fp_report_status (report);
      ck_assert_msg (st && g_str_has_prefix (st, status), "REPORT status %s", st);
      g_free (report);
      n++;
      ms = 300;
    }
  return n;
}

/* Sends @n chunks of message @mid (@total announced in each) and checks every answer is
 * @code. */
static void
send_refused_chunks (Msrp *m, const char *path, const char *type, const char *mid, const char *data,
                     gsize total, guint n, guint code)
{
  gsize step = total / n;
  for (guint i = 0; i < n; i++)
    {
      gsize start = 1 + i * step;
      g_autofree gchar *tid = fp_msrp_send_chunk_full (
          m, path, type, mid, data, start, start + step - 1, total, i + 1 == n ? '$' : '+');
      g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
      g_autofree gchar *expected = g_strdup_printf ("MSRP %s %u ", tid, code);
      ck_assert_msg (resp && g_str_has_prefix (resp, expected), "chunk %u: got %s", i, resp);
    }
}

/* R-MSRP-8, R-MSRP-3: five chunks of a message over the size limit: each is answered 413,
 * the sender gets one failure REPORT, the host one transfer-failed, nothing is stored. */
START_TEST (test_refused_chunks_one_outcome_413)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "max-file-size", (guint64) 2000, NULL);
  fp_start_receiver ();
  FileSpec f = { "five.jpg", "image/jpeg", 1000, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *data = fp_make_content (5000, 31);
  send_refused_chunks (m, c->paths[0], "image/jpeg", "m1", data, 5000, 5, 413);
  ck_assert_uint_eq (count_reports (m, "000 413 ", 1000), 1);
  fp_pump_ms (200);
  ck_assert_uint_eq (fx.rec.failed, 1);
  ck_assert_uint_eq (fx.rec.deliveries, 0);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert_uint_eq (fp_bye (c), 200);
  ck_assert_uint_eq (fx.rec.failed, 1);
}
END_TEST

/* R-MSRP-8, R-MSRP-3: five chunks of a type the session did not take: five 415s, one
 * failure REPORT, one transfer-failed. */
START_TEST (test_refused_chunks_one_outcome_415)
{
  FileSpec f = { "text.jpg", "image/jpeg", 500, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *data = fp_make_content (500, 32);
  send_refused_chunks (m, c->paths[0], "text/plain", "m1", data, 500, 5, 415);
  ck_assert_uint_eq (count_reports (m, "000 415 ", 1000), 1);
  fp_pump_ms (200);
  ck_assert_uint_eq (fx.rec.failed, 1);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  ck_assert_uint_eq (fp_bye (c), 200);
  ck_assert_uint_eq (fx.rec.failed, 1);
}
END_TEST

/* R-MSRP-8: a chunk fails mid-transfer (its body runs past its Byte-Range, refused while
 * its bytes are written): the message is over. Its later chunks get the error too, never
 * 200, and no new temp file; the failure REPORT and the transfer-failed come once. A new
 * message may then carry the file (the sender's retry). */
START_TEST (test_chunk_failure_ends_the_message)
{
  const gsize size = 3000;
  g_autofree gchar *data = fp_make_content (size, 5); /* what fp_start_partial sends */
  Call *c = NULL;
  Msrp *m = fp_start_partial (&c, "broken.jpg");
  /* Byte-Range 1001-1010 with 40 bytes of body. */
  g_autofree gchar *bad
      = g_strdup_printf ("MSRP txbad001 SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\n"
                         "Message-ID: m1\r\nByte-Range: 1001-1010/3000\r\n"
                         "Content-Type: image/jpeg\r\n\r\n%.40s\r\n-------txbad001+\r\n",
                         c->paths[0], data + 1000);
  fp_msrp_write (m, bad, strlen (bad));
  g_autofree gchar *r1 = fp_msrp_response (m, "txbad001", 3000);
  ck_assert_msg (r1 && g_str_has_prefix (r1, "MSRP txbad001 400 "), "got %s", r1);
  for (gsize start = 1001; start <= size; start += 1000)
    {
      g_autofree gchar *tid = fp_msrp_send_chunk (m, c->paths[0], data, start, start + 999, size,
                                                  start + 999 == size ? '$' : '+');
      g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
      g_autofree gchar *expected = g_strdup_printf ("MSRP %s 400 ", tid);
      ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
      ck_assert_uint_eq (fp_count_entries (fx.dir), 0); /* no new temp file */
    }
  ck_assert_uint_eq (count_reports (m, "000 400 ", 1000), 1);
  fp_assert_failed_and_empty ("broken.jpg");
  ck_assert_uint_eq (fx.rec.failed, 1);

  g_autofree gchar *t2
      = fp_msrp_send_chunk_full (m, c->paths[0], "image/jpeg", "m2", data, 1, size, size, '$');
  g_autofree gchar *r2 = fp_msrp_response (m, t2, 3000);
  ck_assert_msg (r2 && g_str_has_suffix (r2, " 200 OK"), "got %s", r2);
  WAIT_UNTIL (fx.rec.deliveries > 0, 3000);
  ck_assert_uint_eq (fx.rec.failed, 1);
  ck_assert_uint_eq (fp_bye (c), 200);
  fp_call_free (c);
}
END_TEST

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_session_limit);
  tcase_add_test (tc, test_max_file_size);
  tcase_add_test (tc, test_unknown_session);
  tcase_add_test (tc, test_unsupported_type_415);
  tcase_add_test (tc, test_msrp_idle_timeout);
  tcase_add_test (tc, test_msrp_connection_limit);
  tcase_add_test (tc, test_msrp_unbound_evicted);
  tcase_add_test (tc, test_msrp_bind_timeout);
  tcase_add_test (tc, test_msrp_eviction_by_source);
  tcase_add_test (tc, test_malformed_framing);
  tcase_add_test (tc, test_more_than_announced);
  tcase_add_test (tc, test_header_block_limit);
  tcase_add_test (tc, test_refused_chunks_one_outcome_413);
  tcase_add_test (tc, test_refused_chunks_one_outcome_415);
  tcase_add_test (tc, test_chunk_failure_ends_the_message);
  return fp_run_suite ("msrp-limits", tc);
}
