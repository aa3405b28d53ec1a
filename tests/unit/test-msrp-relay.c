/* test-msrp-relay.c — the receiver's side of its own MSRP relay (msrp/relay.c through the
 * hub; R-MSRP-7, RFC 4976 §5) against a scripted relay on loopback: the AUTH, the digest
 * answer to a 401 (checked against a response computed here), the Use-Path taken, the
 * refresh before Expires, and the give-up when the relay refuses the credentials.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "check-main.h"
#include <string.h>

#include "loopback.h"
#include "msrp/hub.h"

typedef struct
{
  GSocket *listener;
  guint16 port;
  GSocket *peer; /* the receiver's connection, once accepted */
  GString *in;
  gboolean eof;
} FakeRelay;

static FakeRelay relay;
static SipPushMsrpHub *hub;

static void
pump (gint64 deadline)
{
  GPollFD fd = { g_socket_get_fd (relay.peer ? relay.peer : relay.listener), G_IO_IN, 0 };
  sippush_test_iterate (&fd, 1, deadline);
  if (relay.peer == NULL)
    {
      relay.peer = g_socket_accept (relay.listener, NULL, NULL);
      if (relay.peer)
        g_socket_set_blocking (relay.peer, FALSE);
      return;
    }
  char buf[4096];
  gssize n;
  while ((n = g_socket_receive (relay.peer, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (relay.in, buf, n);
  if (n == 0)
    relay.eof = TRUE;
}

#define WAIT_UNTIL(cond, ms) SIPPUSH_TEST_WAIT_UNTIL_WITH (cond, ms, pump)

/* The next whole AUTH from the receiver (owned), its transaction id in *@tid. */
static gchar *
next_auth (gchar **tid)
{
  WAIT_UNTIL (strstr (relay.in->str, "$\r\n") != NULL, 5000);
  gsize len = (gsize) (strstr (relay.in->str, "$\r\n") - relay.in->str) + 3;
  gchar *frame = g_strndup (relay.in->str, len);
  g_string_erase (relay.in, 0, (gssize) len);
  ck_assert_msg (g_str_has_prefix (frame, "MSRP "), "%s", frame);
  const char *sp = strchr (frame + 5, ' ');
  ck_assert_ptr_nonnull (sp);
  *tid = g_strndup (frame + 5, (gsize) (sp - frame - 5));
  ck_assert_msg (g_str_has_prefix (sp, " AUTH\r\n"), "%s", frame);
  g_autofree gchar *to = g_strdup_printf ("To-Path: msrp://127.0.0.1:%u;tcp\r\n", relay.port);
  ck_assert_msg (strstr (frame, to), "AUTH To-Path is the relay's URI: %s", frame);
  return frame;
}

static void
reply (const char *tid, const char *status, const char *headers)
{
  g_autofree gchar *text
      = g_strdup_printf ("MSRP %s %s\r\nTo-Path: msrp://127.0.0.1:9/x;tcp\r\n"
                         "From-Path: msrp://127.0.0.1:%u;tcp\r\n%s-------%s$\r\n",
                         tid, status, relay.port, headers, tid);
  ck_assert_int_eq (g_socket_send (relay.peer, text, strlen (text), NULL, NULL),
                    (gssize) strlen (text));
}

/* The value of `name="value"` (or name=value) in @auth. */
static gchar *
param (const char *auth, const char *name)
{
  g_autofree gchar *key = g_strdup_printf (" %s=", name);
  const char *p = strstr (auth, key);
  ck_assert_msg (p != NULL, "no %s in %s", name, auth);
  p += strlen (key);
  gboolean quoted = *p == '"';
  p += quoted;
  gsize n = strcspn (p, quoted ? "\"" : ",\r");
  return g_strndup (p, n);
}

/* Answers the first AUTH of a round with a challenge and checks the digest answer. */
static gchar *
challenge_and_check (const char *nonce)
{
  g_autofree gchar *tid = NULL;
  g_autofree gchar *first = next_auth (&tid);
  ck_assert_msg (strstr (first, "Authorization:") == NULL, "%s", first);
  g_autofree gchar *www = g_strdup_printf (
      "WWW-Authenticate: Digest realm=\"sippush\", nonce=\"%s\", qop=\"auth\"\r\n", nonce);
  reply (tid, "401 Unauthorized", www);

  gchar *tid2 = NULL;
  g_autofree gchar *second = next_auth (&tid2);
  const char *auth = strstr (second, "Authorization: Digest ");
  ck_assert_msg (auth != NULL, "%s", second);
  g_autofree gchar *cnonce = param (auth, "cnonce");
  g_autofree gchar *response = param (auth, "response");
  g_autofree gchar *uri = param (auth, "uri");
  g_autofree gchar *user = param (auth, "username");
  g_autofree gchar *got_nonce = param (auth, "nonce");
  ck_assert_str_eq (user, "alice");
  ck_assert_str_eq (got_nonce, nonce);
  g_autofree gchar *relay_uri = g_strdup_printf ("msrp://127.0.0.1:%u;tcp", relay.port);
  ck_assert_str_eq (uri, relay_uri);
  g_autofree gchar *ha1
      = g_compute_checksum_for_string (G_CHECKSUM_MD5, "alice:sippush:secret", -1);
  g_autofree gchar *a2 = g_strdup_printf ("AUTH:%s", relay_uri);
  g_autofree gchar *ha2 = g_compute_checksum_for_string (G_CHECKSUM_MD5, a2, -1);
  g_autofree gchar *data = g_strdup_printf ("%s:%s:00000001:%s:auth:%s", ha1, nonce, cnonce, ha2);
  g_autofree gchar *expected = g_compute_checksum_for_string (G_CHECKSUM_MD5, data, -1);
  ck_assert_str_eq (response, expected);
  return tid2;
}

static void
setup (void)
{
  memset (&relay, 0, sizeof relay);
  relay.in = g_string_new (NULL);
  relay.listener
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  ck_assert (g_socket_bind (relay.listener, any, TRUE, NULL));
  ck_assert (g_socket_listen (relay.listener, NULL));
  g_socket_set_blocking (relay.listener, FALSE);
  relay.port = sippush_test_local_port (relay.listener);

  SipPushMsrpHubLimits limits = { 8, 16 * 1024, 30, 5 };
  hub = sippush_msrp_hub_new (g_main_context_default (), NULL, "127.0.0.1", 0, &limits, NULL);
  ck_assert_ptr_nonnull (hub);
  g_autofree gchar *uri = g_strdup_printf ("msrp://127.0.0.1:%u", relay.port);
  SipPushMsrpRelayConfig config = { uri, "alice", "secret", NULL };
  ck_assert (sippush_msrp_hub_use_relay (hub, &config, NULL));
  ck_assert (sippush_msrp_hub_has_relay (hub));
}

static void
teardown (void)
{
  sippush_msrp_hub_free (hub);
  g_clear_object (&relay.peer);
  g_clear_object (&relay.listener);
  g_string_free (relay.in, TRUE);
  sippush_test_iterate_ms (50);
}

/* R-MSRP-7: AUTH, 401, the digest answer, 200 with Use-Path and Expires: the path is
 * granted; before Expires (2 s) the receiver AUTHs again, answers the new challenge, and
 * keeps the path. */
START_TEST (test_relay_digest_and_refresh_r_msrp_7)
{
  g_autofree gchar *use_path = g_strdup_printf ("msrp://127.0.0.1:%u/u-alice;tcp", relay.port);
  g_autofree gchar *grant = g_strdup_printf ("Use-Path: %s\r\nExpires: 2\r\n", use_path);
  ck_assert_ptr_null (sippush_msrp_hub_get_relay_path (hub));
  g_autofree gchar *tid = challenge_and_check ("n1");
  ck_assert_ptr_null (sippush_msrp_hub_get_relay_path (hub));
  reply (tid, "200 OK", grant);
  WAIT_UNTIL (sippush_msrp_hub_get_relay_path (hub) != NULL, 3000);
  ck_assert_str_eq (sippush_msrp_hub_get_relay_path (hub), use_path);

  gint64 granted = g_get_monotonic_time ();
  g_autofree gchar *tid2 = challenge_and_check ("n2");
  ck_assert_int_lt (g_get_monotonic_time () - granted, 2 * G_USEC_PER_SEC);
  ck_assert_str_eq (sippush_msrp_hub_get_relay_path (hub), use_path); /* kept meanwhile */
  reply (tid2, "200 OK", grant);
  sippush_test_iterate_ms (100);
  ck_assert_str_eq (sippush_msrp_hub_get_relay_path (hub), use_path);
  ck_assert (!relay.eof);
}
END_TEST

/* R-MSRP-7: a second challenge to our answer refuses the credentials: the receiver closes
 * the connection and has no path (it tries again later). */
START_TEST (test_relay_refused_credentials_r_msrp_7)
{
  g_autofree gchar *tid = challenge_and_check ("n1");
  reply (tid, "401 Unauthorized",
         "WWW-Authenticate: Digest realm=\"sippush\", nonce=\"n3\", qop=\"auth\"\r\n");
  WAIT_UNTIL (relay.eof, 3000);
  ck_assert_ptr_null (sippush_msrp_hub_get_relay_path (hub));
}
END_TEST

/* R-MSRP-7: a 200 without a usable Use-Path is no grant. */
START_TEST (test_relay_bad_grant_r_msrp_7)
{
  g_autofree gchar *tid = challenge_and_check ("n1");
  reply (tid, "200 OK", "Use-Path: sip:relay.example\r\nExpires: 600\r\n");
  WAIT_UNTIL (relay.eof, 3000);
  ck_assert_ptr_null (sippush_msrp_hub_get_relay_path (hub));
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("msrp-relay");
  TCase *tc = tcase_create ("relay");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 20);
  tcase_add_test (tc, test_relay_digest_and_refresh_r_msrp_7);
  tcase_add_test (tc, test_relay_refused_credentials_r_msrp_7);
  tcase_add_test (tc, test_relay_bad_grant_r_msrp_7);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
