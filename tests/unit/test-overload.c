/* Unit tests for how long sofia keeps transactions by load (R-SEC-4: a UDP flood keeps
 * about 1000 transactions, whatever its rate or length). */
#include "check-main.h"

#include "sip/overload.h"
#include "sip/sofia-glue.h"

#include <sofia-sip/su_glib.h>

#define NORMAL_MS 32000
#define LOADED_MS 2000

/* @n requests, one every @gap_us from *@t_us; returns the lifetime after the last. */
static guint
requests (SipPushOverload *o, gint64 *t_us, guint n, gint64 gap_us)
{
  for (guint i = 0; i < n; i++)
    {
      *t_us += gap_us;
      sippush_overload_count_at (o, *t_us);
    }
  return sippush_overload_get_lifetime_ms (o);
}

static SipPushOverload *
overload_new (gint64 *t_us)
{
  *t_us = g_get_monotonic_time ();
  return sippush_overload_new (NULL, NULL, LOADED_MS);
}

/* A trickle under 100 a second leaves RFC 3261's 32 s. */
START_TEST (test_overload_quiet)
{
  gint64 t;
  SipPushOverload *o = overload_new (&t);
  ck_assert_uint_eq (requests (o, &t, 1000, 20 * 1000), NORMAL_MS); /* 50/s */
  ck_assert (!sippush_overload_is_loaded (o));
  sippush_overload_free (o);
}
END_TEST

/* Up to 500 a second: the configured lifetime. */
START_TEST (test_overload_moderate)
{
  gint64 t;
  SipPushOverload *o = overload_new (&t);
  ck_assert_uint_eq (requests (o, &t, 400, 2500), LOADED_MS); /* 400/s */
  ck_assert (sippush_overload_is_loaded (o));
  sippush_overload_free (o);
}
END_TEST

/* 5000 a second: 1000 transactions' worth, 200 ms, within the first few hundred requests
 * (the peak of a flood is set in its first second). */
START_TEST (test_overload_flood)
{
  gint64 t;
  SipPushOverload *o = overload_new (&t);
  guint ms = requests (o, &t, 400, 200);
  ck_assert_uint_ge (ms, 190);
  ck_assert_uint_le (ms, 210);
  /* The rate falls: not lengthened again while the load lasts (sofia re-timed the kept
   * transactions to the shorter one). */
  ck_assert_uint_eq (requests (o, &t, 1000, 2000), ms); /* 500/s */
  sippush_overload_free (o);
}
END_TEST

/* 1000 and 2000 a second: 1 s and 500 ms; 100,000 a second: never below 100 ms. */
START_TEST (test_overload_rates)
{
  static const struct
  {
    gint64 gap_us;
    guint low_ms, high_ms;
  } cases[] = { { 1000, 950, 1050 }, { 500, 475, 525 }, { 10, 100, 100 } };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 t;
      SipPushOverload *o = overload_new (&t);
      guint ms = requests (o, &t, 600, cases[i].gap_us);
      ck_assert_msg (ms >= cases[i].low_ms && ms <= cases[i].high_ms,
                     "gap %" G_GINT64_FORMAT " µs: %u ms", cases[i].gap_us, ms);
      sippush_overload_free (o);
    }
}
END_TEST

/* A shorter configured lifetime is the ceiling: 1 s stays 1 s at 400/s. */
START_TEST (test_overload_configured)
{
  gint64 t = g_get_monotonic_time ();
  SipPushOverload *o = sippush_overload_new (NULL, NULL, 1000);
  ck_assert_uint_eq (requests (o, &t, 400, 2500), 1000);
  sippush_overload_free (o);
}
END_TEST

/* Under load a timer counts the quiet seconds; it must repeat, or the load is never
 * found over and the short lifetime stays for good (it once fired only once). */
START_TEST (test_overload_tick_repeats)
{
  sippush_sofia_init ();
  GMainContext *context = g_main_context_new ();
  su_root_t *root = su_glib_root_create (NULL);
  ck_assert_ptr_nonnull (root);
  g_source_attach (su_glib_root_gsource (root), context);
  su_root_threading (root, 0);
  gint64 t = g_get_monotonic_time ();
  SipPushOverload *o = sippush_overload_new (root, NULL, LOADED_MS);
  requests (o, &t, 400, 200); /* 5000/s: loaded, the tick starts */
  ck_assert (sippush_overload_is_loaded (o));
  gint64 end = g_get_monotonic_time () + 3300 * 1000;
  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (context, FALSE))
      g_usleep (10 * 1000);
  /* The first tick still counts the flood's requests: ticks 2 and 3 are quiet. */
  ck_assert_uint_ge (sippush_overload_get_quiet_seconds (o), 2);
  sippush_overload_free (o);
  su_root_destroy (root);
  g_main_context_unref (context);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("overload");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_overload_quiet);
  tcase_add_test (tc, test_overload_moderate);
  tcase_add_test (tc, test_overload_flood);
  tcase_add_test (tc, test_overload_rates);
  tcase_add_test (tc, test_overload_configured);
  tcase_add_test (tc, test_overload_tick_repeats);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
