/* Unit tests for the REGISTER retry back-off (R-REG-3). */
#include "check-main.h"
#include <stdlib.h>

#include "core/backoff.h"

/* R-REG-3: 30 s doubling per failure up to 30 min, jitter between 50 % and 100 %. */
START_TEST (test_backoff_doubles_and_caps)
{
  static const struct
  {
    guint failures;
    guint base_s;
  } rows[] = {
    { 0, 30 },  { 1, 30 },   { 2, 60 },   { 3, 120 },     { 4, 240 },          { 5, 480 },
    { 6, 960 }, { 7, 1800 }, { 8, 1800 }, { 1000, 1800 }, { G_MAXUINT, 1800 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      /* random % 501 == 500 → 100 %; == 0 → 50 % */
      ck_assert_uint_eq (sippush_backoff_delay_ms (rows[i].failures, 30, 1800, 0, 500),
                         rows[i].base_s * 1000);
      ck_assert_uint_eq (sippush_backoff_delay_ms (rows[i].failures, 30, 1800, 0, 0),
                         rows[i].base_s * 500);
    }
}
END_TEST

START_TEST (test_backoff_jitter_within_bounds)
{
  for (guint32 r = 0; r < 5000; r += 7)
    {
      guint d = sippush_backoff_delay_ms (3, 30, 1800, 0, r * 2654435761u);
      ck_assert_uint_ge (d, 60000);
      ck_assert_uint_le (d, 120000);
    }
}
END_TEST

/* R-REG-3: a Retry-After from the server replaces the computed delay, capped. */
START_TEST (test_backoff_retry_after)
{
  ck_assert_uint_eq (sippush_backoff_delay_ms (1, 30, 1800, 1, 123), 1000);
  ck_assert_uint_eq (sippush_backoff_delay_ms (5, 30, 1800, 2, 123), 2000);
  ck_assert_uint_eq (sippush_backoff_delay_ms (1, 30, 1800, 99999, 123), 1800 * 1000);
  ck_assert_uint_eq (sippush_backoff_delay_ms (1, 30, 1800, G_MAXUINT, 123), 1800 * 1000);
}
END_TEST

START_TEST (test_backoff_degenerate_bounds)
{
  ck_assert_uint_eq (sippush_backoff_delay_ms (1, 0, 0, 0, 500), 1000);
  ck_assert_uint_eq (sippush_backoff_delay_ms (3, 10, 5, 0, 500), 10000);
  /* No overflow with the largest bounds. */
  ck_assert_uint_eq (sippush_backoff_delay_ms (64, 86400, 86400, 0, 500), 86400u * 1000);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("backoff");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_backoff_doubles_and_caps);
  tcase_add_test (tc, test_backoff_jitter_within_bounds);
  tcase_add_test (tc, test_backoff_retry_after);
  tcase_add_test (tc, test_backoff_degenerate_bounds);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
