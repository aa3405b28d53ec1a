/* test-msrp-deadlines.c — an accepted file whose sender never begins it, or whose bytes
 * stop, fails once and its m= line is closed: by BYE when it was the dialog's last live one,
 * by a re-INVITE offering it port 0 otherwise; a file that keeps coming is not touched
 * (R-SEC-4, R-MSRP-6, R-MSRP-8).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include <string.h>

/* How many requests the receiver sent us whose request line begins with @method; *@last
 * (when not NULL) is the last one, borrowed. */
static guint
requests_sent_last (const char *method, const char **last)
{
  g_autofree gchar *prefix = g_strdup_printf ("%s ", method);
  guint n = 0;
  for (GList *l = fx.requests.head; l; l = l->next)
    if (g_str_has_prefix (l->data, prefix))
      {
        n++;
        if (last)
          *last = l->data;
      }
  return n;
}

static guint
requests_sent (const char *method)
{
  return requests_sent_last (method, NULL);
}

static void
set_deadlines (guint connect_s, guint stall_s)
{
  fp_stop_receiver ();
  g_object_set (fx.receiver, "msrp-connect-timeout", connect_s, "msrp-stall-timeout", stall_s,
                NULL);
  fp_start_receiver ();
}

static void
assert_one_failure (const char *name, const char *setting)
{
  WAIT_UNTIL (fx.rec.failed >= 1, 6000);
  g_autofree gchar *ev = recorder_pop_failure (&fx.rec);
  g_autofree gchar *prefix = g_strdup_printf ("%s|", name);
  ck_assert_msg (ev && g_str_has_prefix (ev, prefix), "event %s", ev);
  ck_assert_msg (strstr (ev, setting) != NULL, "the reason names %s: %s", setting, ev);
}

/* R-SEC-4: the sender never connects: one transfer-failed, then our BYE ends the dialog;
 * nothing is stored and nothing more is reported. */
START_TEST (test_never_connects)
{
  set_deadlines (1, 60);
  FileSpec f = { "never.jpg", "image/jpeg", 100, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  gint64 start = g_get_monotonic_time ();
  assert_one_failure ("never.jpg", "msrp-connect-timeout");
  /* 1 s, checked once a second: about 2 s, with room for a loaded host */
  ck_assert_int_lt (g_get_monotonic_time () - start, 6 * G_USEC_PER_SEC);
  WAIT_UNTIL (requests_sent ("BYE") == 1, 5000);
  ck_assert_uint_eq (requests_sent ("INVITE"), 0);
  fp_pump_ms (1500);
  ck_assert_uint_eq (fx.rec.failed, 1);
  ck_assert_uint_eq (fx.rec.deliveries, 0);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
  /* The session is gone: a late SEND is refused. */
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *data = fp_make_content (100, 3);
  g_autofree gchar *tid = fp_msrp_send_chunk (m, c->paths[0], data, 1, 100, 100, '$');
  g_autofree gchar *resp = fp_msrp_response (m, tid, 3000);
  g_autofree gchar *expected = g_strdup_printf ("MSRP %s 481 ", tid);
  ck_assert_msg (resp && g_str_has_prefix (resp, expected), "got %s", resp);
}
END_TEST

/* R-SEC-4, R-MSRP-6: the transfer begins, then no byte comes: one transfer-failed naming
 * the stall, the temp file gone, BYE; the connection itself is not what ended it (it stays
 * open, its idle timeout is 30 s). */
START_TEST (test_stalls)
{
  set_deadlines (60, 1);
  const gsize size = 1000;
  g_autofree gchar *data = fp_make_content (size, 5);
  FileSpec f = { "stalled.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *t1 = fp_msrp_send_chunk (m, c->paths[0], data, 1, 400, size, '+');
  g_autofree gchar *r1 = fp_msrp_response (m, t1, 3000);
  ck_assert_msg (r1 && g_str_has_suffix (r1, " 200 OK"), "got %s", r1);
  assert_one_failure ("stalled.jpg", "msrp-stall-timeout");
  WAIT_UNTIL (requests_sent ("BYE") == 1, 5000);
  fp_pump_ms (1500);
  ck_assert_uint_eq (fx.rec.failed, 1);
  ck_assert_uint_eq (fx.rec.deliveries, 0);
  ck_assert_uint_eq (fp_count_entries (fx.dir), 0);
}
END_TEST

/* R-SEC-4: a slow transfer whose bytes keep coming, each gap under the stall timeout,
 * outlives the deadlines and is delivered; no BYE from us. */
START_TEST (test_slow_but_moving)
{
  set_deadlines (2, 2);
  const gsize size = 600;
  g_autofree gchar *data = fp_make_content (size, 6);
  FileSpec f = { "slow.jpg", "image/jpeg", size, NULL, NULL };
  g_autoptr (Call) c = fp_invite (&f, 1);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  for (gsize off = 0; off < size; off += 100)
    {
      g_autofree gchar *t = fp_msrp_send_chunk (m, c->paths[0], data, off + 1, off + 100, size,
                                                off + 100 == size ? '$' : '+');
      g_autofree gchar *r = fp_msrp_response (m, t, 3000);
      ck_assert_msg (r && g_str_has_suffix (r, " 200 OK"), "got %s", r);
      if (off + 100 < size)
        fp_pump_ms (700);
    }
  WAIT_UNTIL (fx.rec.deliveries == 1, 5000);
  fp_pump_ms (2500);
  ck_assert_uint_eq (fx.rec.failed, 0);
  ck_assert_uint_eq (requests_sent ("BYE"), 0);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

/* R-SEC-4: of two files one arrives and one never begins: the second fails once and a
 * re-INVITE offers its m= line port 0 while the dialog stays up; the first is delivered. */
START_TEST (test_one_of_two_never_begins)
{
  set_deadlines (2, 60);
  const gsize size = 500;
  g_autofree gchar *a = fp_make_content (size, 7);
  FileSpec files[] = { { "comes.jpg", "image/jpeg", size, NULL, NULL },
                       { "missing.jpg", "image/jpeg", size, NULL, NULL } };
  g_autoptr (Call) c = fp_invite (files, 2);
  ck_assert_uint_eq (c->status, 200);
  Msrp *m = fp_msrp_connect (c->paths[0]);
  g_autofree gchar *t = fp_msrp_send_chunk (m, c->paths[0], a, 1, size, size, '$');
  g_autofree gchar *r = fp_msrp_response (m, t, 3000);
  ck_assert_msg (r && g_str_has_suffix (r, " 200 OK"), "got %s", r);
  WAIT_UNTIL (fx.rec.deliveries == 1, 5000);
  assert_one_failure ("missing.jpg", "msrp-connect-timeout");
  WAIT_UNTIL (requests_sent ("INVITE") == 1, 5000);
  /* Its offer keeps both m= lines: the first live, the second with port 0. */
  const char *reinvite = NULL;
  requests_sent_last ("INVITE", &reinvite);
  const char *body = strstr (reinvite, "\r\n\r\n");
  ck_assert_ptr_nonnull (body);
  const char *m1 = strstr (body, "m=message ");
  ck_assert_ptr_nonnull (m1);
  const char *m2 = strstr (m1 + 1, "m=message ");
  ck_assert_ptr_nonnull (m2);
  ck_assert_msg (!g_str_has_prefix (m1, "m=message 0 "), "the live file's line: %.40s", m1);
  ck_assert_msg (g_str_has_prefix (m2, "m=message 0 "), "the given-up file's line: %.40s", m2);
  ck_assert_ptr_null (strstr (m2 + 1, "m=message "));
  fp_pump_ms (1500);
  ck_assert_uint_eq (requests_sent ("BYE"), 0);
  ck_assert_uint_eq (fx.rec.failed, 1);
  ck_assert_uint_eq (fp_bye (c), 200);
}
END_TEST

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_never_connects);
  tcase_add_test (tc, test_stalls);
  tcase_add_test (tc, test_slow_but_moving);
  tcase_add_test (tc, test_one_of_two_never_begins);
  return fp_run_suite ("msrp-deadlines", tc);
}
