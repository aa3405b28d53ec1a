/* msrp-sink-lib.c — the MSRP benchmark's library side: sippush's own MSRP receive path
 * (hub, connections, parser, sessions, file sink) in one GMainContext, as the receiver
 * runs it after an INVITE was answered, without the SIP part.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: msrp-sink-lib --dir DIR --size BYTES [--sessions N] [--sha1 HEX]
 *
 * Listens on 127.0.0.1 (ephemeral port, printed as `port N`) with the receiver's limits,
 * and sets up N sessions with ids `bench0000`… (what bench/msrp-send addresses), each
 * expecting one application/octet-stream file of BYTES into DIR; with --sha1 the sessions
 * get the file-selector hash to verify (else none is announced; the sink computes the
 * SHA-1 either way, the file event carries it). Each delivered file is answered 200 (the
 * success REPORT path). When every session has delivered or failed, prints `end_ns`,
 * `delivered`, `failed`, `sha1` (of the first file), `cpu_ms` and `vmhwm_kb` (peak RSS),
 * and exits (1 when any failed). */
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "msrp/hub.h"
#include "msrp/session.h"

#define MAX_SESSIONS 256

typedef struct
{
  GMainLoop *loop;
  guint pending;
  guint delivered;
  guint failed;
  guint64 end_ns;
  gchar *sha1_hex;
} Bench;

static void
on_delivered (gpointer owner, SipPushMsrpSession *session, const char *path, guint64 size,
              const char *sha1_hex, gboolean hash_verified, const char *content_type)
{
  Bench *b = owner;
  sippush_msrp_session_report (session, 200, "OK");
  b->delivered++;
  if (b->sha1_hex == NULL)
    b->sha1_hex = g_strdup (sha1_hex);
  if (--b->pending == 0)
    {
      b->end_ns = bench_now_ns ();
      g_main_loop_quit (b->loop);
    }
}

static void
on_failed (gpointer owner, SipPushMsrpSession *session, const char *reason)
{
  Bench *b = owner;
  fprintf (stderr, "msrp-sink-lib: session %s failed: %s\n", sippush_msrp_session_get_id (session),
           reason);
  b->failed++;
  if (--b->pending == 0)
    {
      b->end_ns = bench_now_ns ();
      g_main_loop_quit (b->loop);
    }
}

static void
on_progress (gpointer owner, SipPushMsrpSession *session, guint64 received, guint64 total)
{
}

static const SipPushMsrpSessionEvents events = { on_delivered, on_failed, on_progress };

static gboolean
parse_sha1 (const char *hex, guint8 out[20])
{
  if (strlen (hex) != 40)
    return FALSE;
  for (int i = 0; i < 20; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  const char *dir = NULL, *sha1_arg = NULL;
  guint64 size = 0;
  guint sessions = 1;
  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--dir") == 0)
        dir = argv[i + 1];
      else if (strcmp (argv[i], "--size") == 0)
        size = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--sessions") == 0)
        sessions = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--sha1") == 0)
        sha1_arg = argv[i + 1];
    }
  guint8 sha1[20];
  if (dir == NULL || size == 0 || sessions == 0 || sessions > MAX_SESSIONS || argc % 2 == 0
      || (sha1_arg && !parse_sha1 (sha1_arg, sha1)))
    {
      fprintf (stderr, "usage: msrp-sink-lib --dir DIR --size BYTES [--sessions N] [--sha1 HEX]\n");
      return 2;
    }

  GMainContext *context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  /* The receiver's defaults (R-SEC-2): 64 connections, 16 KiB header block, 30 s idle;
   * more connections when more sessions are asked for (the concurrency bench). */
  SipPushMsrpHubLimits limits = { MAX (64, sessions), SIPPUSH_MSRP_MAX_HEADER_BLOCK, 30, 5 };
  g_autoptr (GError) error = NULL;
  SipPushMsrpHub *hub = sippush_msrp_hub_new (context, NULL, "127.0.0.1", 0, &limits, &error);
  if (hub == NULL)
    {
      fprintf (stderr, "msrp-sink-lib: %s\n", error->message);
      return 1;
    }
  guint16 port = sippush_msrp_hub_get_port (hub);

  Bench b = { .loop = g_main_loop_new (context, FALSE), .pending = sessions };
  const gchar *const accept_types[] = { "application/octet-stream", NULL };
  SipPushMsrpSession *list[MAX_SESSIONS];
  for (guint i = 0; i < sessions; i++)
    {
      g_autofree gchar *uri = g_strdup_printf ("msrp://127.0.0.1:%u/bench%04u;tcp", port, i);
      g_autofree gchar *name = g_strdup_printf ("bench-%04u.bin", i);
      SipPushMsrpSessionConfig sc = {
        .local_uri = uri,
        .accept_types = accept_types,
        .directory = dir,
        .offered_name = name,
        .has_size = TRUE,
        .size = size,
        .sha1 = sha1_arg ? sha1 : NULL,
      };
      list[i] = sippush_msrp_session_new (&sc, context, &events, &b);
      sippush_msrp_hub_add_session (hub, list[i]);
    }
  printf ("port %u\n", port);
  fflush (stdout);

  g_main_loop_run (b.loop);

  printf ("end_ns %" G_GUINT64_FORMAT "\ndelivered %u\nfailed %u\nsha1 %s\n", b.end_ns, b.delivered,
          b.failed, b.sha1_hex ? b.sha1_hex : "-");
  bench_print_usage ();
  for (guint i = 0; i < sessions; i++)
    {
      sippush_msrp_hub_remove_session (hub, list[i]);
      sippush_msrp_session_close (list[i], "done");
      sippush_msrp_session_unref (list[i]);
    }
  sippush_msrp_hub_free (hub);
  g_main_loop_unref (b.loop);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_free (b.sha1_hex);
  return b.failed ? 1 : 0;
}
