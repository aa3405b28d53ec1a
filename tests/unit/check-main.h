/* check-main.h — the one main() body every Check suite here shares. */
#pragma once

#include <check.h>
#include <stdlib.h>

/* Runs @suite and turns its result into the exit status meson reads. */
static inline int
sippush_test_run (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
