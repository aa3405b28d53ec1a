/* Unit tests for core/watches.c: the one GSource that carries the library's own
 * descriptors and timers (the SIP governor's look and listener watch, the MSRP listener;
 * issue 13 item 4: fewer sources walked each loop turn). */
#include "check-main.h"

#include <unistd.h>

#include <sofia-sip/su_glib.h>

#include "core/watches.h"
#include "sip/root-watches.h"
#include "sip/sofia-glue.h"

/* Each test runs on both carriers: _i 0 their own GSource, 1 a sofia root's. */
typedef struct
{
  GMainContext *context;
  su_root_t *root;
} Carrier;

static SipPushWatches *
carrier_new (Carrier *c, int kind)
{
  c->context = g_main_context_new ();
  if (kind == 0)
    return sippush_watches_new (c->context);
  sippush_sofia_init ();
  c->root = su_glib_root_create (NULL);
  g_source_attach (su_glib_root_gsource (c->root), c->context);
  su_root_threading (c->root, 0);
  return sippush_root_watches_new (c->root);
}

static void
carrier_free (Carrier *c, SipPushWatches *watches)
{
  sippush_watches_free (watches);
  if (c->root)
    {
      g_source_destroy (su_glib_root_gsource (c->root));
      su_root_destroy (c->root);
    }
  g_main_context_unref (c->context);
}

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

START_TEST (test_watches_timers)
{
  Carrier c = { 0 };
  Fixture fx = { 0 };
  fx.watches = carrier_new (&c, _i);
  SipPushWatch *early = sippush_watches_add_timer (fx.watches, on_fire, &fx);
  Fixture late_fx = { 0 };
  SipPushWatch *late = sippush_watches_add_timer (fx.watches, on_fire, &late_fx);
  Fixture never_fx = { 0 };
  SipPushWatch *never = sippush_watches_add_timer (fx.watches, on_fire, &never_fx);
  /* Three timers and an idle descriptor: still one source in the context. */
  int pipe_fds[2];
  ck_assert_int_eq (pipe (pipe_fds), 0);
  SipPushWatch *fd = sippush_watches_add_fd (fx.watches, pipe_fds[0], G_IO_IN, on_fire, &fx);
  ck_assert_uint_eq (sources_in (c.context), 1);

  gint64 start = g_get_monotonic_time ();
  sippush_watch_set_due (early, start + 20000);
  sippush_watch_set_due (late, start + 80000);
  sippush_watch_set_due (never, start + 40000);
  sippush_watch_set_due (never, -1); /* cancelled */
  ck_assert_int_eq (sippush_watch_get_due (never), -1);
  iterate_for_ms (c.context, 50);
  ck_assert_uint_eq (fx.fired, 1);
  ck_assert_uint_eq (fx.last_revents, 0);
  ck_assert_int_ge (fx.fired_at, start + 20000);
  ck_assert_uint_eq (late_fx.fired, 0);
  ck_assert_int_eq (sippush_watch_get_due (early), -1); /* a timer fires once */
  iterate_for_ms (c.context, 60);
  ck_assert_uint_eq (late_fx.fired, 1);
  ck_assert_int_ge (late_fx.fired_at, start + 80000);
  ck_assert_uint_eq (fx.fired, 1);
  ck_assert_uint_eq (never_fx.fired, 0);
  /* Due now (0 ms away) fires too. */
  sippush_watch_set_due (early, g_get_monotonic_time ());
  iterate_for_ms (c.context, 20);
  ck_assert_uint_eq (fx.fired, 2);

  sippush_watch_free (early);
  sippush_watch_free (late);
  sippush_watch_free (never);
  sippush_watch_free (fd);
  close (pipe_fds[0]);
  close (pipe_fds[1]);
  carrier_free (&c, fx.watches);
}
END_TEST

START_TEST (test_watches_fd_events)
{
  Carrier c = { 0 };
  Fixture fx = { 0 };
  fx.watches = carrier_new (&c, _i);
  int pipe_fds[2];
  ck_assert_int_eq (pipe (pipe_fds), 0);
  SipPushWatch *fd = sippush_watches_add_fd (fx.watches, pipe_fds[0], 0, on_fire, &fx);
  ck_assert_int_eq (write (pipe_fds[1], "x", 1), 1);
  iterate_for_ms (c.context, 20);
  ck_assert_uint_eq (fx.fired, 0); /* readable, but not watched for now */
  sippush_watch_set_events (fd, G_IO_IN);
  iterate_for_ms (c.context, 20);
  ck_assert_uint_ge (fx.fired, 1); /* level-triggered: as long as it stays readable */
  ck_assert (fx.last_revents & G_IO_IN);
  sippush_watch_set_events (fd, 0);
  guint seen = fx.fired;
  iterate_for_ms (c.context, 20);
  ck_assert_uint_eq (fx.fired, seen);
  sippush_watch_free (fd);
  close (pipe_fds[0]);
  close (pipe_fds[1]);
  carrier_free (&c, fx.watches);
}
END_TEST

static void
on_fire_and_free (GIOCondition revents, gpointer data)
{
  Fixture *fx = data;
  fx->fired++;
  g_clear_pointer (&fx->self_freeing, sippush_watch_free);
  g_clear_pointer (&fx->victim, sippush_watch_free);
  /* A watch added from a callback works too. */
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

/* Callbacks may free watches, their own and others due in the same turn, add new ones and
 * set their own again: nothing freed is called, and the new or re-set ones fire. */
START_TEST (test_watches_changed_in_callback)
{
  Carrier c = { 0 };
  Fixture fx = { 0 };
  fx.watches = carrier_new (&c, _i);
  fx.self_freeing = sippush_watches_add_timer (fx.watches, on_fire_and_free, &fx);
  Fixture victim_fx = { 0 };
  fx.victim = sippush_watches_add_timer (fx.watches, on_fire, &victim_fx);
  gint64 now = g_get_monotonic_time ();
  sippush_watch_set_due (fx.victim, now + 1000);
  sippush_watch_set_due (fx.self_freeing, now);
  iterate_for_ms (c.context, 30);
  ck_assert_uint_eq (victim_fx.fired, 0);
  ck_assert_uint_eq (fx.fired, 2); /* on_fire_and_free, then the timer it added */
  sippush_watch_free (fx.self_freeing);

  Fixture again = { 0 };
  again.self_freeing = sippush_watches_add_timer (fx.watches, on_fire_and_rearm, &again);
  sippush_watch_set_due (again.self_freeing, g_get_monotonic_time ());
  iterate_for_ms (c.context, 60);
  ck_assert_uint_eq (again.fired, 3);
  sippush_watch_free (again.self_freeing);
  carrier_free (&c, fx.watches);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("watches");
  TCase *tc = tcase_create ("core");
  tcase_set_timeout (tc, 30);
  /* _i: 0 on their own GSource, 1 on a sofia-sip root (sip/root-watches.c) */
  tcase_add_loop_test (tc, test_watches_timers, 0, 2);
  tcase_add_loop_test (tc, test_watches_fd_events, 0, 2);
  tcase_add_loop_test (tc, test_watches_changed_in_callback, 0, 2);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
