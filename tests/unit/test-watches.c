/* Unit tests for core/watches.c: the one GSource that carries the library's own
 * descriptors and timers (the SIP governor's look and listener watch, the MSRP listener;
 * issue 13 item 4: fewer sources walked each loop turn). */
#include "check-main.h"

#include <unistd.h>

#include "core/watches.h"

typedef struct
{
  SipPushWatches *watches;
  SipPushWatch *self_freeing; /* frees itself when it fires */
  SipPushWatch *victim;       /* freed by another watch's callback */
  guint fired;
  GIOCondition last_revents;
  gint64 fired_at;
} Fixture;

static void
on_fire (GIOCondition revents, gpointer data)
{
  Fixture *fx = data;
  fx->fired++;
  fx->last_revents = revents;
  fx->fired_at = g_get_monotonic_time ();
}

static void
iterate_for_ms (GMainContext *context, guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (context, FALSE), g_usleep (1000);
}

static guint
sources_in (GMainContext *context)
{
  guint n = 0;
  for (guint id = 1; id < 10000; id++)
    n += g_main_context_find_source_by_id (context, id) != NULL;
  return n;
}

/* Watches in a context of their own. */
static GMainContext *
watches_start (Fixture *fx)
{
  GMainContext *context = g_main_context_new ();
  fx->watches = sippush_watches_new (context);
  return context;
}

static void
watches_finish (Fixture *fx, GMainContext *context)
{
  sippush_watches_free (fx->watches);
  g_main_context_unref (context);
}

START_TEST (test_watches_timers)
{
  Fixture fx = { 0 };
  GMainContext *context = watches_start (&fx);
  SipPushWatch *early = sippush_watches_add_timer (fx.watches, on_fire, &fx);
  Fixture late_fx = { 0 };
  SipPushWatch *late = sippush_watches_add_timer (fx.watches, on_fire, &late_fx);
  Fixture never_fx = { 0 };
  SipPushWatch *never = sippush_watches_add_timer (fx.watches, on_fire, &never_fx);
  /* Three timers and an idle descriptor: still one source in the context. */
  int pipe_fds[2];
  ck_assert_int_eq (pipe (pipe_fds), 0);
  SipPushWatch *fd = sippush_watches_add_fd (fx.watches, pipe_fds[0], G_IO_IN, on_fire, &fx);
  ck_assert_uint_eq (sources_in (context), 1);

  gint64 start = g_get_monotonic_time ();
  sippush_watch_set_due (early, start + 20000);
  sippush_watch_set_due (late, start + 80000);
  sippush_watch_set_due (never, start + 40000);
  sippush_watch_set_due (never, -1); /* cancelled */
  ck_assert_int_eq (sippush_watch_get_due (never), -1);
  iterate_for_ms (context, 50);
  ck_assert_uint_eq (fx.fired, 1);
  ck_assert_uint_eq (fx.last_revents, 0);
  ck_assert_int_ge (fx.fired_at, start + 20000);
  ck_assert_uint_eq (late_fx.fired, 0);
  ck_assert_int_eq (sippush_watch_get_due (early), -1); /* a timer fires once */
  iterate_for_ms (context, 60);
  ck_assert_uint_eq (late_fx.fired, 1);
  ck_assert_int_ge (late_fx.fired_at, start + 80000);
  ck_assert_uint_eq (fx.fired, 1);
  ck_assert_uint_eq (never_fx.fired, 0);
  /* Due now (0 ms away) fires too. */
  sippush_watch_set_due (early, g_get_monotonic_time ());
  iterate_for_ms (context, 20);
  ck_assert_uint_eq (fx.fired, 2);

  sippush_watch_free (early);
  sippush_watch_free (late);
  sippush_watch_free (never);
  sippush_watch_free (fd);
  sippush_watches_free (fx.watches);
  ck_assert_uint_eq (sources_in (context), 0);
  close (pipe_fds[0]);
  close (pipe_fds[1]);
  g_main_context_unref (context);
}
END_TEST

START_TEST (test_watches_fd_events)
{
  Fixture fx = { 0 };
  GMainContext *context = watches_start (&fx);
  int pipe_fds[2];
  ck_assert_int_eq (pipe (pipe_fds), 0);
  SipPushWatch *fd = sippush_watches_add_fd (fx.watches, pipe_fds[0], 0, on_fire, &fx);
  ck_assert_int_eq (write (pipe_fds[1], "x", 1), 1);
  iterate_for_ms (context, 20);
  ck_assert_uint_eq (fx.fired, 0); /* readable, but not watched for now */
  sippush_watch_set_events (fd, G_IO_IN);
  iterate_for_ms (context, 20);
  ck_assert_uint_ge (fx.fired, 1); /* level-triggered: as long as it stays readable */
  ck_assert (fx.last_revents & G_IO_IN);
  sippush_watch_set_events (fd, 0);
  guint seen = fx.fired;
  iterate_for_ms (context, 20);
  ck_assert_uint_eq (fx.fired, seen);
  sippush_watch_free (fd);
  close (pipe_fds[0]);
  close (pipe_fds[1]);
  watches_finish (&fx, context);
}
END_TEST

static void
on_fire_and_free (GIOCondition revents, gpointer data)
{
  Fixture *fx = data;
  fx->fired++;
  g_clear_pointer (&fx->self_freeing, sippush_watch_free);
  g_clear_pointer (&fx->victim, sippush_watch_free);
  /* A watch added from a callback works from the next turn. */
  SipPushWatch *added = sippush_watches_add_timer (fx->watches, on_fire, fx);
  sippush_watch_set_due (added, g_get_monotonic_time ());
  fx->self_freeing = added;
}

static void
on_fire_and_rearm (GIOCondition revents, gpointer data)
{
  Fixture *fx = data;
  if (++fx->fired < 3)
    sippush_watch_set_due (fx->self_freeing, g_get_monotonic_time () + 5000);
}

/* A timer set again from its own callback fires again (the governor's look does this). */
START_TEST (test_watches_rearmed_in_callback)
{
  Fixture fx = { 0 };
  GMainContext *context = watches_start (&fx);
  fx.self_freeing = sippush_watches_add_timer (fx.watches, on_fire_and_rearm, &fx);
  sippush_watch_set_due (fx.self_freeing, g_get_monotonic_time ());
  iterate_for_ms (context, 60);
  ck_assert_uint_eq (fx.fired, 3);
  sippush_watch_free (fx.self_freeing);
  watches_finish (&fx, context);
}
END_TEST

/* Callbacks may free watches, their own and others due in the same turn, and add new
 * ones: nothing freed is called, and the new one fires. */
START_TEST (test_watches_freed_in_callback)
{
  Fixture fx = { 0 };
  GMainContext *context = watches_start (&fx);
  fx.self_freeing = sippush_watches_add_timer (fx.watches, on_fire_and_free, &fx);
  Fixture victim_fx = { 0 };
  fx.victim = sippush_watches_add_timer (fx.watches, on_fire, &victim_fx);
  gint64 now = g_get_monotonic_time ();
  sippush_watch_set_due (fx.self_freeing, now);
  sippush_watch_set_due (fx.victim, now);
  iterate_for_ms (context, 20);
  ck_assert_uint_eq (victim_fx.fired, 0);
  ck_assert_uint_eq (fx.fired, 2); /* on_fire_and_free, then the timer it added */
  sippush_watch_free (fx.self_freeing);
  watches_finish (&fx, context);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("watches");
  TCase *tc = tcase_create ("core");
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_watches_timers);
  tcase_add_test (tc, test_watches_fd_events);
  tcase_add_test (tc, test_watches_freed_in_callback);
  tcase_add_test (tc, test_watches_rearmed_in_callback);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
