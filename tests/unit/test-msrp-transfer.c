/* test-msrp-transfer.c — how a file comes over MSRP: chunks pipelined, interleaved between
 * the sessions of one connection, of unknown total, contradicting themselves; the
 * responses and the REPORT as Failure-Report and Success-Report ask; transfer-progress
 * (R-MSRP-1, R-MSRP-2, R-MSRP-3, R-DSP-2).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
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
  /* One SipPushTransfer for the file, in every signal about it. */
  ck_assert_uint_eq (fx.rec.progress_transfers, 1);
  ck_assert_str_eq (fx.rec.progress_name, "big.jpg");
  ck_assert_str_eq (fx.rec.progress_app_id, "mms.ua");
  ck_assert_uint_eq (fx.rec.last_total, size);
  ck_assert_uint_le (fx.rec.last_received, size);
  g_autofree gchar *report = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (report);
  g_autofree gchar *status = fp_report_status (report);
  ck_assert_str_eq (status, "000 200 OK");
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* The file @name in the inbox folder holds exactly @data. */
static void
assert_stored (const char *name, const char *data, gsize size)
{
  g_autofree gchar *path = g_build_filename (fx.dir, name, NULL);
  g_autofree gchar *got = NULL;
  gsize len = 0;
  ck_assert_msg (g_file_get_contents (path, &got, &len, NULL), "%s not stored", name);
  ck_assert_uint_eq (len, size);
  ck_assert (memcmp (got, data, size) == 0);
}

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
  assert_stored ("a.jpg", a, size_a);
  assert_stored ("b.jpg", b, size_b);
  g_autofree gchar *r1 = fp_msrp_wait (m, " REPORT\r\n", 3000);
  g_autofree gchar *r2 = fp_msrp_wait (m, " REPORT\r\n", 3000);
  ck_assert_ptr_nonnull (r1);
  ck_assert_ptr_nonnull (r2);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-1, R-MSRP-3, R-MSRP-6: a connection remembers the session its last SEND went to;
 * that memory never outlives the session. On one connection: a chunk of file A (routed and
 * remembered), A's INVITE ends (BYE), the next chunk with A's To-Path gets the 481 of an
 * unknown session, not an answer from the session that was remembered; then a new INVITE's
 * file B arrives whole on the same connection, and A's To-Path is still unknown after it. */
START_TEST (test_route_forgotten_with_its_session)
{
  const gsize size = 3000;
  g_autofree gchar *a = fp_make_content (size, 31);
  g_autofree gchar *b = fp_make_content (size, 32);
  g_autofree gchar *sha_a = fp_sha1_of (a, size);
  g_autofree gchar *sha_b = fp_sha1_of (b, size);
  FileSpec fa = { "route-a.jpg", "image/jpeg", size, sha_a, NULL };
  FileSpec fb = { "route-b.jpg", "image/jpeg", size, sha_b, NULL };
  g_autoptr (Call) ca = fp_invite (&fa, 1);
  ck_assert_uint_eq (ca->status, 200);
  Msrp *m = fp_msrp_connect (ca->paths[0]);
  g_autofree gchar *t1 = fp_msrp_send_chunk (m, ca->paths[0], a, 1, 1000, size, '+');
  g_autofree gchar *r1 = fp_msrp_response (m, t1, 3000);
  ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);
  ck_assert_uint_eq (fp_bye (ca), 200);
  fp_assert_failed_and_empty ("route-a.jpg");

  g_autofree gchar *t2 = fp_msrp_send_chunk (m, ca->paths[0], a, 1001, 2000, size, '+');
  g_autofree gchar *r2 = fp_msrp_response (m, t2, 3000);
  g_autofree gchar *gone = g_strdup_printf ("MSRP %s 481 No such session", t2);
  ck_assert_msg (r2 && g_str_equal (r2, gone), "got %s", r2);

  g_autoptr (Call) cb = fp_invite (&fb, 1);
  ck_assert_uint_eq (cb->status, 200);
  g_autofree gchar *t3 = fp_msrp_send_chunk (m, cb->paths[0], b, 1, 1500, size, '+');
  g_autofree gchar *t4 = fp_msrp_send_chunk (m, cb->paths[0], b, 1501, size, size, '$');
  g_autofree gchar *t5 = fp_msrp_send_chunk (m, ca->paths[0], a, 2001, size, size, '$');
  g_autofree gchar *r3 = fp_msrp_response (m, t3, 3000);
  g_autofree gchar *r4 = fp_msrp_response (m, t4, 3000);
  g_autofree gchar *r5 = fp_msrp_response (m, t5, 3000);
  ck_assert_msg (r3 && g_str_has_suffix (r3, " 200 OK"), "got %s", r3);
  ck_assert_msg (r4 && g_str_has_suffix (r4, " 200 OK"), "got %s", r4);
  g_autofree gchar *gone5 = g_strdup_printf ("MSRP %s 481 No such session", t5);
  ck_assert_msg (r5 && g_str_equal (r5, gone5), "got %s", r5);
  WAIT_UNTIL (fx.rec.deliveries == 1, 3000);
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  assert_stored ("route-b.jpg", b, size);
  ck_assert_uint_eq (fp_bye (cb), 200);
}
END_TEST

/* One SEND chunk on the wire, as fp_msrp_send_chunk_full writes it; its tid in *@tid. */
static GString *
chunk_wire (const char *to_path, const char *data, gsize start, gsize end, gsize total, char flag,
            guint seq, gchar **tid)
{
  *tid = g_strdup_printf ("split%05u", seq);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s,
                          "MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: " FROM_PATH "\r\n"
                          "Message-ID: m1\r\nByte-Range: %zu-%zu/%zu\r\n"
                          "Content-Type: image/jpeg\r\n\r\n",
                          *tid, to_path, start, end, total);
  g_string_append_len (s, data + start - 1, (gssize) (end - start + 1));
  g_string_append_printf (s, "\r\n-------%s%c\r\n", *tid, flag);
  return s;
}

/* R-MSRP-1, R-MSRP-5, R-DSP-2: two files on two connections, every chunk cut in two at a
 * different offset (chunk i at byte i of its framing: start line, headers, body, end-line),
 * the two connections' halves interleaved with the receiver reading in between. The
 * connections share one read buffer per thread, so nothing of a read may be kept past it:
 * both files still arrive byte-exact and verify their SHA-1. */
START_TEST (test_chunks_split_at_every_offset)
{
  const gsize body = 40, n = 300, size = body * n;
  g_autofree gchar *a = fp_make_content (size, 21);
  g_autofree gchar *b = fp_make_content (size, 22);
  g_autofree gchar *sha_a = fp_sha1_of (a, size);
  g_autofree gchar *sha_b = fp_sha1_of (b, size);
  FileSpec files[] = { { "split-a.bin", "image/jpeg", size, sha_a, NULL },
                       { "split-b.bin", "image/jpeg", size, sha_b, NULL } };
  g_autoptr (Call) c = fp_invite (files, 2);
  ck_assert_uint_eq (c->status, 200);
  Msrp *ma = fp_msrp_connect (c->paths[0]);
  Msrp *mb = fp_msrp_connect (c->paths[1]);
  g_autoptr (GPtrArray) tids_a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) tids_b = g_ptr_array_new_with_free_func (g_free);
  gsize longest = 0;
  for (gsize i = 0; i < n; i++)
    {
      gsize start = i * body + 1, end = start + body - 1;
      char flag = end == size ? '$' : '+';
      gchar *ta, *tb;
      g_autoptr (GString) wa = chunk_wire (c->paths[0], a, start, end, size, flag, 2 * i, &ta);
      g_autoptr (GString) wb = chunk_wire (c->paths[1], b, start, end, size, flag, 2 * i + 1, &tb);
      g_ptr_array_add (tids_a, ta);
      g_ptr_array_add (tids_b, tb);
      longest = MAX (longest, wa->len);
      gsize cut = 1 + i % (wa->len - 1); /* 1 .. len-1: never a whole chunk */
      fp_msrp_write (ma, wa->str, cut);
      fp_msrp_write (mb, wb->str, cut);
      fp_pump_ms (1);
      fp_msrp_write (ma, wa->str + cut, wa->len - cut);
      fp_msrp_write (mb, wb->str + cut, wb->len - cut);
    }
  ck_assert_uint_le (longest, n); /* every cut offset of a chunk was used */
  for (guint i = 0; i < n; i++)
    {
      g_autofree gchar *ra = fp_msrp_response (ma, tids_a->pdata[i], 5000);
      g_autofree gchar *rb = fp_msrp_response (mb, tids_b->pdata[i], 5000);
      ck_assert_msg (ra && g_str_has_suffix (ra, " 200 OK"), "chunk a%u: %s", i, ra);
      ck_assert_msg (rb && g_str_has_suffix (rb, " 200 OK"), "chunk b%u: %s", i, rb);
    }
  WAIT_UNTIL (fx.rec.deliveries == 2, 5000);
  ck_assert_uint_eq (fx.rec.deliveries, 2);
  ck_assert (fx.rec.hash_verified);
  assert_stored ("split-a.bin", a, size);
  assert_stored ("split-b.bin", b, size);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-MSRP-3, R-MSRP-6: chunks that contradict themselves are refused with 400 and fail the
 * message; a SEND after the file is in gets 403. */
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

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_large_pipelined_with_progress);
  tcase_add_test (tc, test_two_files_one_connection);
  tcase_add_test (tc, test_route_forgotten_with_its_session);
  tcase_add_test (tc, test_chunks_split_at_every_offset);
  tcase_add_test (tc, test_inconsistent_chunks);
  tcase_add_test (tc, test_report_headers_honoured);
  tcase_add_test (tc, test_unknown_total);
  return fp_run_suite ("msrp-transfer", tc);
}
