/* test-invite-session.c — the INVITE session around the files: refused files get port 0,
 * nothing acceptable gets 488, a non-SIP Contact 400, an allow-list 403; re-INVITE closing
 * a file, UPDATE refreshing the session timer, other requests inside the session
 * (R-INV-1, R-INV-4, R-INV-6, R-DSP-4, R-SEC-1, R-MSRP-6).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include <string.h>

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

/* R-DSP-4: with an allow-list, an INVITE from a sender not on it gets 403 and the file
 * handler never runs; the listed sender's INVITE gets its 200. */
START_TEST (test_invite_allow_list)
{
  ck_assert (sippush_receiver_add_trusted_sender (fx.receiver, "sip:other@operator.example", NULL));
  FileSpec f = { "trusted.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 403);
  ck_assert_uint_eq (fx.rec.offers, 0); /* the file handler never ran */
  g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
  ck_assert_msg (ev && g_str_has_prefix (ev, "INVITE 403 "), "push-rejected: %s", ev);
  ck_assert (sippush_receiver_add_trusted_sender (fx.receiver, SENDER, NULL));
  g_autoptr (Call) c2 = fp_invite (&f, 1);
  ck_assert_uint_eq (c2->status, 200);
  ck_assert_uint_eq (fp_bye (c2), 200);
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

/* R-MSRP-6, R-SEC-1 (ids named at the split; the case named none): a MESSAGE or REFER
 * inside an INVITE session is refused 403 without taking the session's handle over: the
 * BYE then still ends the session (200, not 481), and a chunk in flight when it does is
 * not answered 200 (its bytes were dropped). */
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

/* R-MSRP-6: stopping ends each session with a BYE and does not wait for its answer (RFC
 * 3261 §15.1.1: the session is over once the BYE is handed to its transaction), so a
 * sender that never answers cannot hold the stop for 64 × T1 (32 s). */
START_TEST (test_stop_does_not_wait_for_bye)
{
  FileSpec f = { "never.jpg", "image/jpeg", 10, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  fx.silent = TRUE;
  fp_stop_receiver (); /* fails after 5 s */
  gboolean bye = FALSE;
  for (GList *l = fx.requests.head; l; l = l->next)
    bye = bye || (g_str_has_prefix (l->data, "BYE ") && strstr (l->data, c->call_id));
  ck_assert_msg (bye, "no BYE for the session at stop");
}
END_TEST

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_refused_files);
  tcase_add_test (tc, test_no_supported_accept_type);
  tcase_add_test (tc, test_tel_contact_refused);
  tcase_add_test (tc, test_invite_allow_list);
  tcase_add_test (tc, test_reinvite_closes_file);
  tcase_add_test (tc, test_update_refresh);
  tcase_add_test (tc, test_request_inside_session);
  tcase_add_test (tc, test_stop_does_not_wait_for_bye);
  return fp_run_suite ("invite-session", tc);
}
