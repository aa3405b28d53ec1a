/* sippush-receiver — an example push receiver: stores every push in an inbox folder per
 * application and reports events on stdout (README, "The example receiver").
 *
 *   options.c           the flags
 *   cli-receiver.c      the receiver: configuration, lifecycle, pushes into the inbox
 *   receiver-signals.c  the receiver's other signals → events
 *   event.c             an event described once, as typed fields
 *   json-format.c       --json: one JSON object per line
 *   text-format.c       the default: one line per event, progress bars on a terminal
 *   inbox.c             durable, atomic storage of push bodies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <glib-unix.h>
#include <locale.h>
#include <sippush/sippush.h>
#include <sys/resource.h>

#include "cli-receiver.h"
#include "options.h"
#include "receiver-config.h"

#define IDLE_THREAD_MS 200 /* a pool thread with nothing to do ends after this */

typedef struct
{
  CliReceiver *cli;
  GMainLoop *loop;
  guint signals;
  gboolean aborted;
} Signals;

/* The first SIGINT/SIGTERM stops the receiver (de-REGISTER, at most 5 s); a second one
 * exits at once, without waiting for the stack. */
static gboolean
on_unix_signal (gpointer data)
{
  Signals *s = data;
  if (s->signals++ == 0)
    {
      g_printerr ("sippush-receiver: stopping… (again to exit at once)\n");
      cli_receiver_stop (s->cli);
    }
  else
    {
      g_printerr ("sippush-receiver: second signal: exiting now\n");
      s->aborted = TRUE;
      g_main_loop_quit (s->loop);
    }
  return G_SOURCE_CONTINUE;
}

/* Every SIP TCP connection and every inbox write needs a descriptor: take all the system
 * allows, so that a crowd of connections does not starve the inbox first. */
static void
raise_file_limit (void)
{
  struct rlimit nofile;
  if (getrlimit (RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max)
    {
      nofile.rlim_cur = nofile.rlim_max;
      setrlimit (RLIMIT_NOFILE, &nofile);
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* stdout carries only events; every log line, sofia's included, goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  raise_file_limit ();
  receiver_config_tune_malloc ();

  Options options;
  if (!options_parse (&options, &argc, &argv))
    {
      options_clear (&options);
      return EXIT_USAGE;
    }
  if (options.version)
    {
      options_print_version ();
      options_clear (&options);
      return 0;
    }
  if (options.verbose)
    options_enable_verbose_logs ();
  g_autoptr (GError) error = NULL;
  CliReceiver *cli = cli_receiver_new (&options, &error);
  options_clear (&options);
  if (cli == NULL)
    {
      g_printerr ("sippush-receiver: %s\n", error->message);
      return EXIT_USAGE;
    }

  /* GIO's TLS and resolver work in pool threads: let them end soon after each job rather
   * than idle for 15 s. The CLI is idle most of the time, and LeakSanitizer (gcc 12)
   * crashes reading the thread-local storage that glib-networking gives such threads. */
  g_thread_pool_set_max_idle_time (IDLE_THREAD_MS);
  g_thread_pool_set_max_unused_threads (0);

  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  Signals signals = { cli, loop, 0, FALSE };
  guint sigint = g_unix_signal_add (SIGINT, on_unix_signal, &signals);
  guint sigterm = g_unix_signal_add (SIGTERM, on_unix_signal, &signals);
  cli_receiver_start (cli, loop);
  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  int exit_code = signals.aborted ? 1 : cli_receiver_get_exit_code (cli);
  cli_receiver_free (cli);
  g_main_loop_unref (loop);
  return exit_code;
}
