/* Unit tests for the bounded set of recent keys behind the late-retransmission check
 * (R-SEC-1: a flood cannot grow it; R-MSG-1: an acknowledged push is delivered once). */
#include "check-main.h"

#include "core/recent-set.h"
#include "sip/repeats.h"

#include <sofia-sip/sip_header.h>
#include <sofia-sip/msg.h>

/* A key is remembered for at least the window, and forgotten once two windows passed. */
START_TEST (test_recent_window)
{
  SipPushRecentSet *s = sippush_recent_set_new (32000, 1000);
  sippush_recent_set_add (s, 42, 1000);
  ck_assert (sippush_recent_set_contains (s, 42, 1000));
  ck_assert (!sippush_recent_set_contains (s, 43, 1000));
  /* Another key now and then keeps the set busy; 42 stays for its whole window. */
  for (gint64 t = 1000; t < 33000; t += 500)
    {
      sippush_recent_set_add (s, (guint64) t + 100000, t);
      ck_assert_msg (sippush_recent_set_contains (s, 42, t), "forgotten at %" G_GINT64_FORMAT, t);
    }
  ck_assert (!sippush_recent_set_contains (s, 42, 1000 + 2 * 32000 + 1));
  sippush_recent_set_free (s);
}
END_TEST

/* After a quiet minute nothing old is remembered, and key 0 never is. */
START_TEST (test_recent_quiet_and_zero)
{
  SipPushRecentSet *s = sippush_recent_set_new (32000, 1000);
  sippush_recent_set_add (s, 7, 0);
  sippush_recent_set_add (s, 0, 0);
  ck_assert (!sippush_recent_set_contains (s, 0, 0));
  ck_assert_uint_eq (sippush_recent_set_size (s, 0), 1);
  ck_assert (!sippush_recent_set_contains (s, 7, 40000));
  ck_assert_uint_eq (sippush_recent_set_size (s, 40000), 0);
  sippush_recent_set_free (s);
}
END_TEST

/* R-SEC-1: a flood of distinct keys never holds more than two generations' worth; the
 * newest are the ones kept. */
START_TEST (test_recent_flood_bounded)
{
  SipPushRecentSet *s = sippush_recent_set_new (32000, 4096);
  for (guint64 k = 1; k <= 100000; k++)
    {
      sippush_recent_set_add (s, k * 0x9E3779B97F4A7C15ull, 5000);
      if (k % 97 == 0)
        ck_assert_uint_le (sippush_recent_set_size (s, 5000), 2 * 4096);
    }
  for (guint64 k = 100000 - 4095; k <= 100000; k++)
    ck_assert (sippush_recent_set_contains (s, k * 0x9E3779B97F4A7C15ull, 5000));
  ck_assert (!sippush_recent_set_contains (s, 1 * 0x9E3779B97F4A7C15ull, 5000));
  sippush_recent_set_free (s);
}
END_TEST

/* Keys that share their low bits (one probe chain) are all found, across growth. */
START_TEST (test_recent_collisions)
{
  SipPushRecentSet *s = sippush_recent_set_new (32000, 1000);
  for (guint64 k = 1; k <= 900; k++)
    sippush_recent_set_add (s, k << 40, 10);
  for (guint64 k = 1; k <= 900; k++)
    ck_assert (sippush_recent_set_contains (s, k << 40, 10));
  ck_assert (!sippush_recent_set_contains (s, 901ull << 40, 10));
  ck_assert_uint_eq (sippush_recent_set_size (s, 10), 900);
  sippush_recent_set_free (s);
}
END_TEST

static msg_t *parsed[8];
static guint n_parsed;

static sip_t *
parse (const char *text)
{
  msg_t *msg = msg_make (sip_default_mclass (), 0, text, strlen (text));
  ck_assert_ptr_nonnull (msg);
  ck_assert_uint_lt (n_parsed, G_N_ELEMENTS (parsed));
  parsed[n_parsed++] = msg;
  return sip_object (msg);
}

#define REQUEST(branch, cseq, tag)                                                                 \
  "MESSAGE sip:rx@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=" branch             \
  "\r\nFrom: <sip:a@127.0.0.1>;tag=" tag "\r\nTo: <sip:rx@127.0.0.1>\r\nCall-ID: c1\r\n"           \
  "CSeq: " cseq " MESSAGE\r\nContent-Length: 0\r\n\r\n"

/* R-MSG-1: the same request is the same key; a new transaction (branch, CSeq, tag) is not. */
START_TEST (test_repeats_identity)
{
  SipPushRepeats *r = sippush_repeats_new ();
  guint64 k = sippush_repeats_key (r, parse (REQUEST ("z9hG4bK1", "1", "t1")));
  ck_assert_uint_ne (k, 0);
  ck_assert_uint_eq (k, sippush_repeats_key (r, parse (REQUEST ("z9hG4bK1", "1", "t1"))));
  ck_assert_uint_ne (k, sippush_repeats_key (r, parse (REQUEST ("z9hG4bK2", "1", "t1"))));
  ck_assert_uint_ne (k, sippush_repeats_key (r, parse (REQUEST ("z9hG4bK1", "2", "t1"))));
  ck_assert_uint_ne (k, sippush_repeats_key (r, parse (REQUEST ("z9hG4bK1", "1", "t2"))));
  ck_assert (!sippush_repeats_seen (r, k));
  sippush_repeats_note (r, k);
  ck_assert (sippush_repeats_seen (r, k));
  /* Another process salts differently: keys cannot be predicted from outside. */
  SipPushRepeats *other = sippush_repeats_new ();
  ck_assert_uint_ne (k, sippush_repeats_key (other, parse (REQUEST ("z9hG4bK1", "1", "t1"))));
  ck_assert_uint_eq (sippush_repeats_key (r, NULL), 0);
  sippush_repeats_free (other);
  sippush_repeats_free (r);
  while (n_parsed)
    msg_destroy (parsed[--n_parsed]);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("recent-set");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_recent_window);
  tcase_add_test (tc, test_recent_quiet_and_zero);
  tcase_add_test (tc, test_recent_flood_bounded);
  tcase_add_test (tc, test_recent_collisions);
  tcase_add_test (tc, test_repeats_identity);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
