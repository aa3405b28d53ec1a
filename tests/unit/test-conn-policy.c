/* Unit tests for the SIP connection policy (R-SEC-4): deadlines, buffer bounds, caps and
 * the eviction order. */
#include "check-main.h"

#include "core/conn-policy.h"

#define NOW 1000000

static const SipPushConnLimits limits = {
  .max_connections = 4,
  .max_per_source = 3,
  .idle_ms = 120000,
  .message_ms = 32000,
  .max_buffered = 1000,
  .max_total = 2500,
  .evict_grace_ms = 1000,
};

/* A connection from @source, opened @age ms ago, last active @idle ms ago; @partial ms
 * into a begun message of @buffered bytes (-1: none). */
static SipPushConnState
conn (guint64 source, gint64 age, gint64 idle, gint64 partial, guint64 buffered)
{
  return (SipPushConnState){ source,     NOW - age,
                             NOW - idle, partial < 0 ? -1 : NOW - partial,
                             buffered,   SIPPUSH_CONN_KEEP };
}

START_TEST (test_deadlines)
{
  SipPushConnState c[] = {
    conn (1, 200000, 120000, -1, 0), /* silent for idle_ms: idle */
    conn (2, 200000, 119999, -1, 0), /* just under */
    conn (3, 200000, 10, 32000, 10), /* trickling: active, but the message began 32 s ago */
    conn (4, 200000, 10, 31999, 10), /* just under */
    conn (5, 200000, 200000, 1, 10), /* a begun message is never "idle" */
  };
  guint room = sippush_conn_policy_apply (c, G_N_ELEMENTS (c), &limits, NOW, 100, FALSE);
  ck_assert_int_eq (c[0].verdict, SIPPUSH_CONN_IDLE);
  ck_assert_int_eq (c[1].verdict, SIPPUSH_CONN_KEEP);
  ck_assert_int_eq (c[2].verdict, SIPPUSH_CONN_SLOW);
  ck_assert_int_eq (c[3].verdict, SIPPUSH_CONN_KEEP);
  ck_assert_int_eq (c[4].verdict, SIPPUSH_CONN_KEEP);
  ck_assert_uint_eq (room, 1);
}
END_TEST

START_TEST (test_buffer_bounds)
{
  SipPushConnState c[] = {
    conn (1, 5000, 10, 100, 1001), /* over the per-connection bound */
    conn (2, 5000, 10, 100, 900),
    conn (3, 5000, 10, 200, 900), /* same size, began earlier: goes first */
    conn (4, 5000, 10, 100, 800),
  };
  /* 2600 > 2500 after the first: the largest (oldest first among equals) go. */
  sippush_conn_policy_apply (c, G_N_ELEMENTS (c), &limits, NOW, 100, FALSE);
  ck_assert_int_eq (c[0].verdict, SIPPUSH_CONN_BUFFER);
  ck_assert_int_eq (c[1].verdict, SIPPUSH_CONN_KEEP);
  ck_assert_int_eq (c[2].verdict, SIPPUSH_CONN_TOTAL);
  ck_assert_int_eq (c[3].verdict, SIPPUSH_CONN_KEEP);
}
END_TEST

/* At the cap the oldest idle goes first; the newest is refused only when none is idle. */
START_TEST (test_eviction_order)
{
  SipPushConnState c[] = {
    conn (1, 9000, 3000, -1, 0), conn (2, 8000, 7000, -1, 0), /* idle the longest */
    conn (3, 7000, 5000, -1, 0), conn (4, 6000, 10, 5, 10),   /* in a message */
    conn (5, 10, 10, -1, 0),                                  /* the newcomer */
  };
  guint room = sippush_conn_policy_apply (c, G_N_ELEMENTS (c), &limits, NOW, 100, FALSE);
  ck_assert_int_eq (c[1].verdict, SIPPUSH_CONN_EVICTED);
  for (guint i = 0; i < G_N_ELEMENTS (c); i++)
    if (i != 1)
      ck_assert_int_eq (c[i].verdict, SIPPUSH_CONN_KEEP);
  ck_assert_uint_eq (room, 0);

  /* None idle for the grace period: the newcomer is refused. */
  SipPushConnState busy[] = {
    conn (1, 9000, 500, -1, 0), conn (2, 8000, 10, 5, 10), conn (3, 7000, 10, 5, 10),
    conn (4, 6000, 10, 5, 10),  conn (5, 10, 10, -1, 0),
  };
  sippush_conn_policy_apply (busy, G_N_ELEMENTS (busy), &limits, NOW, 100, FALSE);
  ck_assert_int_eq (busy[4].verdict, SIPPUSH_CONN_OVER_CAP);
  for (guint i = 0; i < 4; i++)
    ck_assert_int_eq (busy[i].verdict, SIPPUSH_CONN_KEEP);
}
END_TEST

START_TEST (test_per_source)
{
  SipPushConnState c[] = {
    conn (7, 9000, 4000, -1, 0), conn (7, 8000, 6000, -1, 0), conn (7, 7000, 10, 5, 10),
    conn (7, 10, 10, -1, 0), /* the 4th from source 7: its oldest idle one goes */
  };
  sippush_conn_policy_apply (c, G_N_ELEMENTS (c), &limits, NOW, 100, FALSE);
  ck_assert_int_eq (c[1].verdict, SIPPUSH_CONN_EVICTED);
  ck_assert_int_eq (c[0].verdict, SIPPUSH_CONN_KEEP);
  ck_assert_int_eq (c[3].verdict, SIPPUSH_CONN_KEEP);

  SipPushConnState d[] = {
    conn (7, 9000, 10, 5, 10),   conn (7, 8000, 10, 5, 10), conn (7, 7000, 10, 5, 10),
    conn (8, 7000, 9000, -1, 0), /* another source's idle one is not touched */
    conn (7, 10, 10, -1, 0),
  };
  sippush_conn_policy_apply (d, G_N_ELEMENTS (d), &limits, NOW, 100, FALSE);
  ck_assert_int_eq (d[4].verdict, SIPPUSH_CONN_PER_SOURCE);
  ck_assert_int_eq (d[3].verdict, SIPPUSH_CONN_KEEP);
}
END_TEST

/* Room for more: the cap and the descriptors; with connections waiting and no room, a
 * batch of the oldest idle (past the grace period) goes. */
START_TEST (test_room_and_waiting)
{
  SipPushConnState c[] = {
    conn (1, 9000, 3000, -1, 0),
    conn (2, 8000, 7000, -1, 0),
    conn (3, 7000, 500, -1, 0),
    conn (4, 6000, 10, 5, 10),
  };
  ck_assert_uint_eq (sippush_conn_policy_apply (c, 4, &limits, NOW, 100, FALSE), 0);
  for (guint i = 0; i < 4; i++)
    ck_assert_int_eq (c[i].verdict, SIPPUSH_CONN_KEEP);
  /* max(1, 4 / 16) = 1 per look: the one idle the longest. */
  ck_assert_uint_eq (sippush_conn_policy_apply (c, 4, &limits, NOW, 100, TRUE), 0);
  ck_assert_int_eq (c[1].verdict, SIPPUSH_CONN_EVICTED);
  ck_assert_int_eq (c[0].verdict, SIPPUSH_CONN_KEEP);

  SipPushConnState two[] = { conn (1, 9000, 3000, -1, 0), conn (2, 8000, 7000, -1, 0) };
  ck_assert_uint_eq (sippush_conn_policy_apply (two, 2, &limits, NOW, 100, FALSE), 2);
  ck_assert_uint_eq (sippush_conn_policy_apply (two, 2, &limits, NOW, 1, FALSE), 1);
  ck_assert_uint_eq (sippush_conn_policy_apply (two, 2, &limits, NOW, 0, FALSE), 0);
  /* No more than could each fill max_buffered under max_total: 2500 / 1000. */
  ck_assert_uint_eq (sippush_conn_policy_apply (NULL, 0, &limits, NOW, 100, FALSE), 2);
}
END_TEST

/* Begun messages hold the buffer bound and connections wait: the one begun longest ago
 * goes (past the grace period), not the newest. */
START_TEST (test_buffer_room_for_waiting)
{
  SipPushConnState c[] = {
    conn (1, 9000, 10, 3000, 800),
    conn (2, 8000, 10, 5000, 800),
    conn (3, 7000, 10, 500, 800),
  };
  ck_assert_uint_eq (sippush_conn_policy_apply (c, 3, &limits, NOW, 100, FALSE), 0);
  for (guint i = 0; i < 3; i++)
    ck_assert_int_eq (c[i].verdict, SIPPUSH_CONN_KEEP);
  ck_assert_uint_eq (sippush_conn_policy_apply (c, 3, &limits, NOW, 100, TRUE), 0);
  /* 100 bytes left, 1000 needed: the two begun longest ago go; the third is in its
   * grace period. */
  ck_assert_int_eq (c[1].verdict, SIPPUSH_CONN_TOTAL);
  ck_assert_int_eq (c[0].verdict, SIPPUSH_CONN_TOTAL);
  ck_assert_int_eq (c[2].verdict, SIPPUSH_CONN_KEEP);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("conn-policy");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_deadlines);
  tcase_add_test (tc, test_buffer_bounds);
  tcase_add_test (tc, test_eviction_order);
  tcase_add_test (tc, test_per_source);
  tcase_add_test (tc, test_room_and_waiting);
  tcase_add_test (tc, test_buffer_room_for_waiting);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
