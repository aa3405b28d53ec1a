/* test-msrp-connect-out.c — RFC 6135 a=setup: with a passive offer the receiver connects out
 * to the sender (and says so when it cannot); with actpass it stays passive (R-MSRP-1,
 * R-MSRP-6).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "file-push-peer.h"
#include <string.h>

/* R-MSRP-1 (RFC 6135): an offer with a=setup:passive → the receiver answers active,
 * connects to the sender's a=path and speaks first; the file then comes over that
 * connection. actpass without msrp-connect-out → we stay passive. */
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

int
main (void)
{
  TCase *tc = fp_tcase_new ();
  tcase_add_test (tc, test_setup_passive_connects_out);
  tcase_add_test (tc, test_setup_passive_connect_fails);
  return fp_run_suite ("msrp-connect-out", tc);
}
