/* fuzz-msrp-session.c — libFuzzer target for the MSRP side as a whole: the hub's routing by
 * To-Path session id, connections, sessions and the file sink (R-MSRP-1…8, R-DSP-2, R-SEC-2,
 * R-SEC-3). Three sessions (ids s0, s1, s2) are added to a hub; the input is a script of
 * writes into up to three connections (socket pairs the hub adopts as if accepted), so
 * chunks of interleaved sessions, any Byte-Range, flags, report modes and CPIM heads arrive
 * split anywhere and across connections. After each write the context runs until idle.
 *
 * Input: byte 0 the sessions' configuration (bits below), byte 1 the file-selector size,
 * then operations: one byte (low 2 bits: connection 0..2, 3 = close the session the next
 * byte picks; the other bits: length code), a length byte, and that many bytes to write.
 * A write of length 0 closes the connection (EOF); the next write opens a new one.
 *
 * Checked: the loop always goes idle (no spin); every byte the receiver sends parses as
 * MSRP; a delivered file exists with its size; when all is torn down the directory holds
 * only files delivered and accepted (no temp file, nothing partial: R-MSRP-6); no fd leaks.
 * Each run works in its own temp directory, removed at the end.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msrp/hub.h"
#include "msrp/parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define N_SESSIONS 3
#define N_CONNECTIONS 3
/* Iterations of the context after one write before it counts as spinning. */
#define MAX_ITERATIONS 100000

enum
{
  CFG_WRAPPED_PNG = 1 << 0, /* message/cpim may only wrap image/png */
  CFG_HAS_SIZE = 1 << 1,
  CFG_SHA1 = 1 << 2, /* a (wrong, all 0x5a) sha-1 announced */
  CFG_HASH_UNANNOUNCED = 1 << 3,
  CFG_MAX_SMALL = 1 << 4, /* max_size 64 */
  CFG_MAX_LARGE = 1 << 5, /* max_size 64 KiB */
  CFG_REFUSE = 1 << 6,    /* the owner answers a delivery 500 (file removed) */
  CFG_NO_NAME = 1 << 7,
};

typedef struct
{
  GMainContext *context;
  SipPushMsrpHub *hub;
  SipPushMsrpSession *sessions[N_SESSIONS];
  int peer[N_CONNECTIONS]; /* our end of each connection, -1 when none */
  SipPushMsrpParser *answers[N_CONNECTIONS];
  gchar *dir;
  guint8 config;
  GHashTable *kept; /* paths delivered and accepted */
} Run;

static void
on_delivered (gpointer owner, SipPushMsrpSession *session, const char *path, guint64 size,
              const char *sha1_hex, gboolean hash_verified, const char *content_type)
{
  Run *run = owner;
  (void) sha1_hex;
  (void) hash_verified;
  GStatBuf st;
  if (path == NULL || g_stat (path, &st) != 0 || (guint64) st.st_size != size)
    abort ();
  if (!g_str_has_prefix (path, run->dir))
    abort ();
  g_debug ("fuzz: delivered %s (%" G_GUINT64_FORMAT " bytes, %s)", path, size, content_type);
  if (run->config & CFG_REFUSE)
    sippush_msrp_session_report (session, 500, "Refused");
  else
    {
      g_hash_table_add (run->kept, g_path_get_basename (path));
      sippush_msrp_session_report (session, 200, "OK");
    }
}

static void
on_failed (gpointer owner, SipPushMsrpSession *session, const char *reason)
{
  (void) owner;
  (void) session;
  if (reason == NULL)
    abort ();
  g_debug ("fuzz: failed: %s", reason);
}

static void
on_progress (gpointer owner, SipPushMsrpSession *session, guint64 received, guint64 total)
{
  (void) owner;
  (void) session;
  if (total && received > total)
    abort ();
}

static const SipPushMsrpSessionEvents events = { on_delivered, on_failed, on_progress };

/* What the receiver sent back: must be well-formed MSRP (responses and REPORTs). */
static void
drain (Run *run, int i)
{
  guint8 buf[16384];
  for (;;)
    {
      ssize_t n = recv (run->peer[i], buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0)
        return;
      const guint8 *p = buf;
      gsize len = (gsize) n;
      while (len > 0)
        {
          gsize used = 0;
          SipPushMsrpEvent ev;
          SipPushParseResult r = sippush_msrp_parser_feed (run->answers[i], p, len, &used, &ev);
          if (r == SIPPUSH_PARSE_MALFORMED || r == SIPPUSH_PARSE_TOO_LARGE)
            abort ();
          p += used;
          len -= used;
          if (r == SIPPUSH_PARSE_NEED_MORE)
            break;
        }
    }
}

static void
settle (Run *run)
{
  for (guint n = 0;; n++)
    {
      for (int i = 0; i < N_CONNECTIONS; i++)
        if (run->peer[i] >= 0)
          drain (run, i);
      if (!g_main_context_iteration (run->context, FALSE))
        return;
      if (n > MAX_ITERATIONS)
        abort (); /* the receiver spins */
    }
}

static void
open_connection (Run *run, int i)
{
  int sv[2];
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    abort ();
  GSocket *socket = g_socket_new_from_fd (sv[0], NULL);
  if (socket == NULL)
    abort ();
  g_socket_set_blocking (socket, FALSE);
  GSocketConnection *stream = g_socket_connection_factory_create_connection (socket);
  sippush_msrp_hub_adopt (run->hub, G_IO_STREAM (stream));
  g_object_unref (stream);
  g_object_unref (socket);
  run->peer[i] = sv[1];
  run->answers[i] = sippush_msrp_parser_new (64 * 1024);
}

static void
close_connection (Run *run, int i)
{
  if (run->peer[i] < 0)
    return;
  shutdown (run->peer[i], SHUT_WR);
  settle (run);
  close (run->peer[i]);
  run->peer[i] = -1;
  sippush_msrp_parser_free (run->answers[i]);
  run->answers[i] = NULL;
  settle (run);
}

static void
write_all (Run *run, int i, const uint8_t *data, size_t len)
{
  if (run->peer[i] < 0)
    open_connection (run, i);
  while (len > 0)
    {
      ssize_t n = send (run->peer[i], data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        {
          close_connection (run, i); /* the receiver closed it */
          return;
        }
      if (n > 0)
        {
          data += n;
          len -= (size_t) n;
        }
      settle (run);
    }
}

/* Whether a socket or a file of this run is still open. GLib opens eventfds and pipes
 * for good on first use (its worker threads), so only what the code under test owns is
 * counted: sockets (connections, the listener) and files under the run's directory. */
static gboolean
leaked_fd (const char *dir)
{
  gboolean leaked = FALSE;
  GDir *d = g_dir_open ("/proc/self/fd", 0, NULL);
  if (d == NULL)
    return FALSE;
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree gchar *link = g_strconcat ("/proc/self/fd/", name, NULL);
      g_autofree gchar *target = g_file_read_link (link, NULL);
      if (target && (g_str_has_prefix (target, "socket:") || g_str_has_prefix (target, dir)))
        {
          fprintf (stderr, "fd %s still open: %s\n", name, target);
          leaked = TRUE;
        }
    }
  g_dir_close (d);
  return leaked;
}

static void
check_and_remove_dir (Run *run)
{
  GDir *d = g_dir_open (run->dir, 0, NULL);
  if (d == NULL)
    abort ();
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      /* R-MSRP-6: nothing partial or refused stays, only what the owner accepted. */
      if (!g_hash_table_contains (run->kept, name))
        abort ();
      g_autofree gchar *path = g_build_filename (run->dir, name, NULL);
      g_unlink (path);
    }
  g_dir_close (d);
  if (g_rmdir (run->dir) != 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const gchar *const accept[] = { "message/cpim", "image/*", "text/plain", NULL };
  static const gchar *const wrapped[] = { "image/png", NULL };
  static const guint8 wrong_sha1[20]
      = { 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
          0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a };
  if (size < 2)
    return 0;

  Run run = { 0 };
  run.config = data[0];
  run.context = g_main_context_new ();
  run.kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.dir = g_dir_make_tmp ("fuzz-msrp-session-XXXXXX", NULL);
  if (run.dir == NULL)
    abort ();
  for (int i = 0; i < N_CONNECTIONS; i++)
    run.peer[i] = -1;
  SipPushMsrpHubLimits limits = {
    .max_connections = 8, .max_header_block = 4096, .idle_timeout_s = 30, .bind_timeout_s = 30
  };
  run.hub = sippush_msrp_hub_new (run.context, NULL, "127.0.0.1", 0, &limits, NULL);
  if (run.hub == NULL)
    abort ();

  for (int i = 0; i < N_SESSIONS; i++)
    {
      g_autofree gchar *uri = g_strdup_printf ("msrp://127.0.0.1:2855/s%d;tcp", i);
      SipPushMsrpSessionConfig config = {
        .local_uri = uri,
        .accept_types = accept,
        .wrapped_types = run.config & CFG_WRAPPED_PNG ? wrapped : NULL,
        .max_size = run.config & CFG_MAX_SMALL   ? 64
                    : run.config & CFG_MAX_LARGE ? 64 * 1024
                                                 : 0,
        .directory = run.dir,
        .offered_name = run.config & CFG_NO_NAME ? NULL : "../pic ture.png",
        .has_size = (run.config & CFG_HAS_SIZE) != 0,
        .size = data[1],
        .sha1 = run.config & CFG_SHA1 ? wrong_sha1 : NULL,
        .hash_unannounced = (run.config & CFG_HASH_UNANNOUNCED) != 0,
      };
      run.sessions[i] = sippush_msrp_session_new (&config, run.context, &events, &run);
      sippush_msrp_hub_add_session (run.hub, run.sessions[i]);
    }

  size_t pos = 2;
  while (pos + 2 <= size)
    {
      guint8 op = data[pos];
      size_t len = (size_t) data[pos + 1] | (size_t) (op >> 2) << 8;
      pos += 2;
      if ((op & 3) == 3)
        {
          /* BYE or the m= line gone mid-transfer. */
          int s = len % N_SESSIONS;
          if (run.sessions[s])
            {
              sippush_msrp_session_close (run.sessions[s], "closed by the fuzzer");
              sippush_msrp_hub_remove_session (run.hub, run.sessions[s]);
              g_clear_pointer (&run.sessions[s], sippush_msrp_session_unref);
            }
          settle (&run);
          continue;
        }
      len = MIN (len, size - pos);
      if (len == 0)
        close_connection (&run, op & 3);
      else
        write_all (&run, op & 3, data + pos, len);
      pos += len;
    }

  for (int i = 0; i < N_CONNECTIONS; i++)
    close_connection (&run, i);
  for (int i = 0; i < N_SESSIONS; i++)
    if (run.sessions[i])
      {
        sippush_msrp_session_close (run.sessions[i], "done");
        sippush_msrp_hub_remove_session (run.hub, run.sessions[i]);
        sippush_msrp_session_unref (run.sessions[i]);
      }
  sippush_msrp_hub_free (run.hub);
  while (g_main_context_iteration (run.context, FALSE))
    ;
  g_main_context_unref (run.context);
  check_and_remove_dir (&run);
  g_hash_table_unref (run.kept);
  if (leaked_fd (run.dir))
    abort ();
  g_free (run.dir);
  return 0;
}
