/* Unit tests for the received-bytes interval set (R-MSRP-2, R-MSRP-6). */
#include "check-main.h"
#include <glib.h>
#include <string.h>

#include "store/range-set.h"

static void
add_ok (SipPushRangeSet *set, guint64 start, guint64 end)
{
  GError *error = NULL;
  ck_assert_msg (sippush_range_set_add (set, start, end, &error),
                 "add [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ")", start, end);
  ck_assert_ptr_null (error);
}

/* The set's intervals, as "a-b,c-d", read through first_gap over [0, limit). */
static gchar *
describe (SipPushRangeSet *set, guint64 limit)
{
  GString *s = g_string_new (NULL);
  guint64 at = 0, gs, ge;
  while (at < limit)
    {
      if (!sippush_range_set_first_gap (set, at, limit, &gs, &ge))
        gs = ge = limit;
      if (gs > at)
        g_string_append_printf (s, "%s%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, s->len ? "," : "",
                                at, gs);
      at = ge;
    }
  return g_string_free (s, FALSE);
}

START_TEST (test_range_set_coalesces)
{
  static const struct
  {
    guint64 adds[6][2];
    const char *expect;
    guint n;
  } rows[] = {
    { { { 0, 10 } }, "0-10", 1 },
    { { { 0, 10 }, { 10, 20 } }, "0-20", 1 },       /* touching */
    { { { 10, 20 }, { 0, 10 } }, "0-20", 1 },       /* touching, before */
    { { { 0, 10 }, { 5, 15 } }, "0-15", 1 },        /* overlapping */
    { { { 0, 10 }, { 2, 3 } }, "0-10", 1 },         /* contained */
    { { { 0, 10 }, { 20, 30 } }, "0-10,20-30", 2 }, /* disjoint */
    { { { 20, 30 }, { 0, 10 }, { 11, 19 } }, "0-10,11-19,20-30", 3 },
    { { { 20, 30 }, { 0, 10 }, { 40, 50 }, { 5, 45 } }, "0-50", 1 }, /* swallows */
    { { { 20, 30 }, { 40, 50 }, { 15, 60 } }, "15-60", 1 },          /* covers all */
    { { { 20, 30 }, { 40, 50 }, { 25, 40 } }, "20-50", 1 },          /* bridges */
    { { { 20, 30 }, { 40, 50 }, { 31, 39 } }, "20-30,31-39,40-50", 3 },
    { { { 5, 5 } }, "", 0 }, /* empty range */
    /* In order from 0 (the fast path), and where it must not apply. */
    { { { 0, 10 }, { 10, 20 }, { 20, 30 }, { 30, 31 } }, "0-31", 1 },
    { { { 0, 10 }, { 20, 30 }, { 10, 15 } }, "0-15,20-30", 2 }, /* later one apart */
    { { { 0, 10 }, { 15, 20 }, { 10, 15 } }, "0-20", 1 },       /* closes the gap */
    { { { 10, 20 }, { 20, 30 } }, "10-30", 1 },                 /* not from 0 */
    { { { 5, 10 }, { 0, 5 }, { 10, 12 }, { 12, 40 } }, "0-40", 1 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr (SipPushRangeSet) set = sippush_range_set_new ();
      guint64 covered = 0;
      for (gsize j = 0; j < G_N_ELEMENTS (rows[i].adds) && rows[i].adds[j][1] > 0; j++)
        add_ok (set, rows[i].adds[j][0], rows[i].adds[j][1]);
      g_autofree gchar *got = describe (set, 100);
      ck_assert_msg (strcmp (got, rows[i].expect) == 0, "row %zu: %s != %s", i, got,
                     rows[i].expect);
      ck_assert_uint_eq (sippush_range_set_get_n_intervals (set), rows[i].n);
      for (guint64 b = 0; b < 100; b++)
        covered += sippush_range_set_covers (set, b, b + 1);
      ck_assert_uint_eq (sippush_range_set_covered (set), covered);
    }
}
END_TEST

START_TEST (test_range_set_queries)
{
  g_autoptr (SipPushRangeSet) set = sippush_range_set_new ();
  guint64 gs = 0, ge = 0;

  ck_assert_uint_eq (sippush_range_set_contiguous_prefix (set), 0);
  ck_assert_uint_eq (sippush_range_set_end (set), 0);
  ck_assert (sippush_range_set_covers (set, 7, 7));
  ck_assert (!sippush_range_set_covers (set, 0, 1));
  ck_assert (sippush_range_set_first_gap (set, 3, 9, &gs, &ge));
  ck_assert_uint_eq (gs, 3);
  ck_assert_uint_eq (ge, 9);

  add_ok (set, 10, 20);
  ck_assert_uint_eq (sippush_range_set_contiguous_prefix (set), 0); /* nothing at 0 */
  add_ok (set, 0, 5);
  ck_assert_uint_eq (sippush_range_set_contiguous_prefix (set), 5);
  ck_assert_uint_eq (sippush_range_set_end (set), 20);
  ck_assert (sippush_range_set_covers (set, 0, 5));
  ck_assert (!sippush_range_set_covers (set, 0, 6));
  ck_assert (sippush_range_set_covers (set, 12, 20));
  ck_assert (!sippush_range_set_covers (set, 12, 21));
  ck_assert (!sippush_range_set_covers (set, 4, 11));

  ck_assert (sippush_range_set_first_gap (set, 0, 100, &gs, &ge));
  ck_assert_uint_eq (gs, 5);
  ck_assert_uint_eq (ge, 10);
  ck_assert (sippush_range_set_first_gap (set, 12, 100, &gs, &ge));
  ck_assert_uint_eq (gs, 20);
  ck_assert_uint_eq (ge, 100);
  ck_assert (!sippush_range_set_first_gap (set, 10, 20, &gs, &ge));
  ck_assert (!sippush_range_set_first_gap (set, 1, 4, &gs, &ge));

  add_ok (set, 5, 10);
  ck_assert_uint_eq (sippush_range_set_contiguous_prefix (set), 20);
  ck_assert_uint_eq (sippush_range_set_covered (set), 20);
  ck_assert (sippush_range_set_covers (set, 0, 20));

  /* The largest offsets do not overflow. */
  add_ok (set, G_MAXUINT64 - 10, G_MAXUINT64);
  ck_assert_uint_eq (sippush_range_set_end (set), G_MAXUINT64);
  ck_assert_uint_eq (sippush_range_set_covered (set), 30);
}
END_TEST

/* Hostile fragmentation: the 4097th separate range is refused and the set stays as it
 * was; ranges that touch an existing one still go in. */
START_TEST (test_range_set_fragmentation_limit)
{
  g_autoptr (SipPushRangeSet) set = sippush_range_set_new ();
  GError *error = NULL;

  for (guint64 i = 0; i < SIPPUSH_RANGE_SET_MAX; i++)
    add_ok (set, 2 * i + 1, 2 * i + 2);
  ck_assert_uint_eq (sippush_range_set_get_n_intervals (set), SIPPUSH_RANGE_SET_MAX);

  ck_assert (!sippush_range_set_can_add (set, 10000, 10001));
  ck_assert (!sippush_range_set_add (set, 10000, 10001, &error));
  ck_assert (g_error_matches (error, SIPPUSH_RANGE_SET_ERROR, SIPPUSH_RANGE_SET_ERROR_FRAGMENTED));
  g_clear_error (&error);
  ck_assert_uint_eq (sippush_range_set_get_n_intervals (set), SIPPUSH_RANGE_SET_MAX);
  ck_assert_uint_eq (sippush_range_set_covered (set), SIPPUSH_RANGE_SET_MAX);

  /* Touching the last interval, inside one, or bridging two: accepted. */
  ck_assert (sippush_range_set_can_add (set, 2 * SIPPUSH_RANGE_SET_MAX, 10000));
  add_ok (set, 2 * SIPPUSH_RANGE_SET_MAX, 10000);
  add_ok (set, 3, 4);
  add_ok (set, 0, 1); /* touches [1, 2) */
  ck_assert_uint_eq (sippush_range_set_contiguous_prefix (set), 2);
  add_ok (set, 2, 3);
  ck_assert_uint_eq (sippush_range_set_get_n_intervals (set), SIPPUSH_RANGE_SET_MAX - 1);
  /* Now there is room for one more. */
  add_ok (set, 20000, 20001);
  /* Filling every gap at once collapses the set. */
  add_ok (set, 0, 20001);
  ck_assert_uint_eq (sippush_range_set_get_n_intervals (set), 1);
  ck_assert_uint_eq (sippush_range_set_contiguous_prefix (set), 20001);
}
END_TEST

/* Random adds against a bitmap model, seeded. */
START_TEST (test_range_set_random_against_bitmap)
{
  enum
  {
    UNIVERSE = 3000
  };
  GRand *rand = g_rand_new_with_seed (20261125);
  for (int round = 0; round < 40; round++)
    {
      g_autoptr (SipPushRangeSet) set = sippush_range_set_new ();
      guint8 bits[UNIVERSE] = { 0 };
      for (int op = 0; op < 300; op++)
        {
          guint64 start = (guint64) g_rand_int_range (rand, 0, UNIVERSE);
          guint64 len = (guint64) g_rand_int_range (rand, 0, round % 2 ? 8 : 200);
          guint64 end = MIN (start + len, (guint64) UNIVERSE);
          add_ok (set, start, end);
          memset (bits + start, 1, (gsize) (end - start));

          guint64 covered = 0, prefix = 0, runs = 0;
          for (guint64 b = 0; b < UNIVERSE; b++)
            {
              covered += bits[b];
              runs += bits[b] && (b == 0 || !bits[b - 1]);
            }
          while (prefix < UNIVERSE && bits[prefix])
            prefix++;
          ck_assert_uint_eq (sippush_range_set_covered (set), covered);
          ck_assert_uint_eq (sippush_range_set_contiguous_prefix (set), prefix);
          ck_assert_uint_eq (sippush_range_set_get_n_intervals (set), runs);

          guint64 a = (guint64) g_rand_int_range (rand, 0, UNIVERSE);
          guint64 span = (guint64) g_rand_int_range (rand, 0, 50); /* MIN evaluates twice */
          guint64 b = MIN (a + span, (guint64) UNIVERSE);
          gboolean all = TRUE;
          for (guint64 i = a; i < b; i++)
            all = all && bits[i];
          ck_assert_int_eq (sippush_range_set_covers (set, a, b), all);
          guint64 gs, ge, x = a;
          while (x < b && bits[x])
            x++;
          if (sippush_range_set_first_gap (set, a, b, &gs, &ge))
            {
              ck_assert_uint_eq (gs, x);
              guint64 y = x;
              while (y < b && !bits[y])
                y++;
              ck_assert_uint_eq (ge, y);
            }
          else
            ck_assert_uint_eq (x, b);
        }
    }
  g_rand_free (rand);
}
END_TEST

/* Worst orders at the limit stay fast (O(log n) per add): thousands of separate ranges
 * then closing them from the far end, many times over. */
START_TEST (test_range_set_no_quadratic)
{
  gint64 t0 = g_get_monotonic_time ();
  for (int round = 0; round < 5; round++)
    {
      g_autoptr (SipPushRangeSet) set = sippush_range_set_new ();
      for (guint64 i = SIPPUSH_RANGE_SET_MAX; i > 0; i--)
        add_ok (set, 2 * i, 2 * i + 1);
      for (guint64 i = SIPPUSH_RANGE_SET_MAX; i > 0; i--)
        add_ok (set, 2 * i - 1, 2 * i);
      ck_assert_uint_eq (sippush_range_set_get_n_intervals (set), 1);
    }
  /* ~40 000 adds: far under a second (even with sanitizers) unless something is quadratic. */
  ck_assert_int_lt (g_get_monotonic_time () - t0, 5 * G_USEC_PER_SEC);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("range-set");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_range_set_coalesces);
  tcase_add_test (tc, test_range_set_queries);
  tcase_add_test (tc, test_range_set_fragmentation_limit);
  tcase_add_test (tc, test_range_set_random_against_bitmap);
  tcase_add_test (tc, test_range_set_no_quadratic);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
