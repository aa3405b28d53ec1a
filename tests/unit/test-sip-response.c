/* Unit tests for the decisions on REGISTER and SUBSCRIBE responses and Subscription-State
 * (R-REG-3, R-SUB-3), and for the parser class's Content-Length cap (R-SEC-2). Messages go
 * through sofia's real parser with sippush's parser class. */
#include "check-main.h"
#include <string.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_protos.h>

#include "sip/response.h"
#include "sip/sofia-glue.h"

static msg_t *
parse (const char *status, const char *headers)
{
  g_autofree gchar *text = g_strdup_printf ("SIP/2.0 %s\r\n"
                                            "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                                            "From: <sip:alice@127.0.0.1>;tag=1\r\n"
                                            "To: <sip:alice@127.0.0.1>;tag=2\r\n"
                                            "Call-ID: reg-1@127.0.0.1\r\n"
                                            "CSeq: 2 REGISTER\r\n"
                                            "%s"
                                            "Content-Length: 0\r\n\r\n",
                                            status, headers);
  msg_t *msg = msg_make (sippush_sofia_mclass (), 0, text, (isize_t) strlen (text));
  ck_assert_ptr_nonnull (msg);
  ck_assert_ptr_nonnull (sip_object (msg));
  return msg;
}

static guint
granted (const char *headers)
{
  msg_t *msg = parse ("200 OK", headers);
  guint v = sippush_sip_granted_expires (sip_object (msg), "alice", 5060, 3600);
  msg_destroy (msg);
  return v;
}

/* R-REG-3: the refresh follows the expiry the registrar granted our own binding. */
START_TEST (test_granted_expires)
{
  /* Our Contact's parameter, not another device's, not the Expires header. */
  ck_assert_uint_eq (granted ("Contact: <sip:bob@127.0.0.1:5060>;expires=10\r\n"
                              "Contact: <sip:alice@127.0.0.1:5060>;expires=120\r\n"
                              "Expires: 600\r\n"),
                     120);
  ck_assert_uint_eq (granted ("Contact: <sip:alice@127.0.0.1>;expires=90\r\n"), 90);
  ck_assert_uint_eq (granted ("Contact: <sip:alice@127.0.0.1:5070>;expires=90\r\n"
                              "Expires: 600\r\n"),
                     600);
  ck_assert_uint_eq (granted (""), 3600);
  /* Found by fuzz-sip-responses' model: a value beyond 32 bits wrapped (4294967296 → 0,
   * a binding reported as expired at once); it saturates now. */
  ck_assert_uint_eq (granted ("Contact: <sip:alice@127.0.0.1:5060>;expires=4294967296\r\n"),
                     G_MAXUINT);
  ck_assert_uint_eq (
      granted ("Contact: <sip:alice@127.0.0.1:5060>;expires=99999999999999999999\r\n"), G_MAXUINT);
  ck_assert_uint_eq (granted ("Contact: <sip:alice@127.0.0.1:5060>;expires=4294967295\r\n"),
                     G_MAXUINT);
}
END_TEST

/* R-REG-3: the digest answer names the challenge's scheme and realm. */
START_TEST (test_auth_credentials)
{
  msg_t *msg = parse ("401 Unauthorized",
                      "WWW-Authenticate: Digest realm=\"sippush.test\", nonce=\"n1\"\r\n");
  g_autofree gchar *cred = sippush_sip_auth_credentials (sip_object (msg), "alice", "secret");
  ck_assert_str_eq (cred, "Digest:\"sippush.test\":alice:secret");
  msg_destroy (msg);

  msg = parse ("407 Proxy Authentication Required", "Proxy-Authenticate: Digest nonce=\"n1\"\r\n");
  g_autofree gchar *no_realm = sippush_sip_auth_credentials (sip_object (msg), "alice", "pw");
  ck_assert_str_eq (no_realm, "Digest:\"\":alice:pw");
  msg_destroy (msg);

  msg = parse ("403 Forbidden", "");
  ck_assert_ptr_null (sippush_sip_auth_credentials (sip_object (msg), "alice", "pw"));
  msg_destroy (msg);
}
END_TEST

/* R-SUB-3 (RFC 6665 §4.1.3): what a terminated subscription's reason allows. */
START_TEST (test_terminated_action)
{
  ck_assert_int_eq (sippush_subscription_terminated_action ("timeout", FALSE),
                    SIPPUSH_TERMINATED_RESUBSCRIBE);
  ck_assert_int_eq (sippush_subscription_terminated_action ("TimeOut", FALSE),
                    SIPPUSH_TERMINATED_RESUBSCRIBE);
  ck_assert_int_eq (sippush_subscription_terminated_action ("timeout", TRUE),
                    SIPPUSH_TERMINATED_GIVE_UP);
  ck_assert_int_eq (sippush_subscription_terminated_action ("rejected", FALSE),
                    SIPPUSH_TERMINATED_GIVE_UP);
  ck_assert_int_eq (sippush_subscription_terminated_action ("noresource", FALSE),
                    SIPPUSH_TERMINATED_GIVE_UP);
  ck_assert_int_eq (sippush_subscription_terminated_action ("giveup", FALSE),
                    SIPPUSH_TERMINATED_GIVE_UP);
  ck_assert_int_eq (sippush_subscription_terminated_action ("", FALSE),
                    SIPPUSH_TERMINATED_RETRY_LATER);
  ck_assert_int_eq (sippush_subscription_terminated_action ("deactivated", FALSE),
                    SIPPUSH_TERMINATED_RETRY_LATER);
}
END_TEST

/* Feeds @text to a stream message as tport does with one read, and extracts: the number of
 * messages taken out without error before the first failed one (or the end). */
static int
stream_messages (const char *text, gboolean *failed)
{
  msg_t *msg = msg_create (sippush_sofia_mclass (), 0);
  msg_maxsize (msg, 65536); /* what nta gives the first message; msg_next() copies none */
  msg_iovec_t iov[msg_n_fragments];
  gsize len = strlen (text);
  issize_t veclen = msg_recv_iovec (msg, iov, msg_n_fragments, len, 0);
  ck_assert_int_gt (veclen, 0);
  gsize copied = 0;
  for (issize_t i = 0; i < veclen && copied < len; i++)
    {
      gsize n = MIN (iov[i].mv_len, len - copied);
      memcpy (iov[i].mv_base, text + copied, n);
      copied += n;
    }
  ck_assert_uint_eq (copied, len);
  msg_recv_commit (msg, len, 1);
  int good = 0;
  *failed = FALSE;
  while (msg)
    {
      int n = msg_extract (msg);
      if (n <= 0 || msg_get_flags (msg, MSG_FLG_ERROR | MSG_FLG_TOOLARGE))
        {
          *failed = TRUE;
          msg_destroy (msg);
          break;
        }
      good++;
      msg_t *next = msg_next (msg);
      msg_destroy (msg);
      msg = next;
    }
  return good;
}

#define STREAM_MESSAGE(cl)                                                                         \
  "MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\n"                                                        \
  "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"                                           \
  "From: <sip:pushsender@example.net>;tag=1\r\nTo: <sip:alice@127.0.0.1>\r\n"                      \
  "Call-ID: s-1@127.0.0.1\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n" cl "\r\n\r\n"

/* R-SEC-2, R-SEC-1: found by fuzz-sip-stream and test_net_fuzz. A MESSAGE behind another in
 * one TCP read has no size limit in sofia 1.12.11, and a Content-Length of 2^31 aborted the
 * receiver in su_alloc; the parser class refuses a Content-Length beyond the largest
 * max-message-size, so that message is invalid and nothing is allocated for it. */
START_TEST (test_content_length_capped)
{
  gboolean failed;
  ck_assert_int_eq (stream_messages (STREAM_MESSAGE ("Content-Length: 5") "hello" STREAM_MESSAGE (
                                         "Content-Length: 2147483648") "xxxx",
                                     &failed),
                    1);
  ck_assert (failed);
  ck_assert_int_eq (stream_messages (STREAM_MESSAGE ("Content-Length: 0")
                                         STREAM_MESSAGE ("l: 18446744073709551615") "xxxx",
                                     &failed),
                    1);
  ck_assert (failed);
  /* Within the cap nothing changes: two good messages, the second one's body complete. */
  ck_assert_int_eq (
      stream_messages (STREAM_MESSAGE ("Content-Length: 5") "hello" STREAM_MESSAGE ("l: 3") "abc",
                       &failed),
      2);
  ck_assert (!failed);

  /* A parsed message keeps its Content-Length where sofia looks for it by class, as when it
   * builds a response. */
  msg_t *msg = parse ("200 OK", "");
  sip_t *sip = sip_object (msg);
  ck_assert_ptr_nonnull (sip->sip_content_length);
  ck_assert_ptr_eq (sip_content_length (sip), sip->sip_content_length);
  msg_destroy (msg);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("sip-response");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_granted_expires);
  tcase_add_test (tc, test_auth_credentials);
  tcase_add_test (tc, test_terminated_action);
  tcase_add_test (tc, test_content_length_capped);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
