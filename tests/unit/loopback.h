/* loopback.h — helpers for tests that drive a SipPushReceiver over loopback sockets: a port
 * free for both UDP and TCP, a connected UDP client, and waiting by probing: the main
 * context is run and its descriptors (plus the test's own sockets) are polled until a
 * condition holds or a deadline passes. Nothing here sleeps.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <check.h>
#include <gio/gio.h>

/* A loopback port free for UDP and TCP both (sofia binds the two), below the ephemeral
 * range and reserved against tests running alongside until the process exits. */
guint16 sippush_test_free_port (void);

/* A non-blocking UDP socket bound to an ephemeral loopback port and connected to @port. */
GSocket *sippush_test_udp_client (guint16 port);

/* The local port @socket is bound to. */
guint16 sippush_test_local_port (GSocket *socket);

/* The monotonic time @ms milliseconds from now. */
gint64 sippush_test_deadline (guint ms);

/* One turn of the thread-default main context: polls its descriptors and @extra (the
 * test's own sockets, which are no sources) until one is ready or @deadline (monotonic µs)
 * passes, then dispatches what is ready. @extra's revents are set on return. */
void sippush_test_iterate (GPollFD *extra, guint n_extra, gint64 deadline);

/* sippush_test_iterate () without sockets of the test's own. */
void sippush_test_iterate_until (gint64 deadline);

/* Runs the main context for @ms milliseconds whatever happens: only for proving that
 * something does NOT happen within a window. To wait for something, use
 * SIPPUSH_TEST_WAIT_UNTIL. */
void sippush_test_iterate_ms (guint ms);

/* Runs @pump (a function taking the deadline, e.g. sippush_test_iterate_until) until @cond
 * holds; fails the test, naming the condition, when @timeout_ms pass first. */
#define SIPPUSH_TEST_WAIT_UNTIL_WITH(cond, timeout_ms, pump)                                       \
  do                                                                                               \
    {                                                                                              \
      const guint wait_ms_ = (timeout_ms);                                                         \
      const gint64 wait_end_ = sippush_test_deadline (wait_ms_);                                   \
      while (!(cond))                                                                              \
        {                                                                                          \
          if (g_get_monotonic_time () >= wait_end_)                                                \
            ck_abort_msg ("timed out after %u ms waiting for: %s", wait_ms_, #cond);               \
          pump (wait_end_);                                                                        \
        }                                                                                          \
    }                                                                                              \
  while (0)

/* Runs the main context until @cond holds; fails the test after @timeout_ms. */
#define SIPPUSH_TEST_WAIT_UNTIL(cond, timeout_ms)                                                  \
  SIPPUSH_TEST_WAIT_UNTIL_WITH (cond, timeout_ms, sippush_test_iterate_until)

/* Readiness of the context's own descriptors, without dispatching anything: for cases
 * where several events must be pending at once before the receiver sees any of them.
 * begin () runs the context until nothing is pending, then notes which descriptors are
 * still ready; wait () then polls, dispatching nothing,
 * until @n descriptors that were not ready at begin () are (fails after @timeout_ms), and
 * frees the probe. Between the two, do not run the main context. */
typedef struct _SippushTestProbe SippushTestProbe;
SippushTestProbe *sippush_test_probe_begin (void);
void sippush_test_probe_wait (SippushTestProbe *probe, guint n, guint timeout_ms);

/* Waits (without sleeping) until @socket is readable or has hung up; FALSE on timeout. */
gboolean sippush_test_socket_wait_readable (GSocket *socket, guint timeout_ms);
