/* bare-responder.c — the benchmark's baseline: a minimal sofia-sip NUA program that
 * answers every MESSAGE 200 OK and does nothing else. It sets the stack up the way
 * libsippush does (su_glib root in a GMainLoop, one thread, the application answers
 * MESSAGE itself) so the difference to lib-responder is the library's own work.
 *
 * Usage: bare-responder sip:127.0.0.1:PORT     (UDP and TCP; exits on SIGTERM/SIGINT)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <glib.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/su_glib.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/su_tag.h>

typedef struct
{
  GMainLoop *loop;
  su_root_t *root;
  nua_t *nua;
  gboolean stopping;
} Bare;

static void
quiet_logger (void *stream, char const *fmt, va_list ap)
{
}

static void
callback (nua_event_t event, int status, char const *phrase, nua_t *nua, nua_magic_t *magic,
          nua_handle_t *nh, nua_hmagic_t *hmagic, sip_t const *sip, tagi_t tags[])
{
  Bare *bare = magic;

  switch (event)
    {
    case nua_i_message:
      nua_respond (nh, 200, "OK", NUTAG_WITH_THIS (nua), TAG_END ());
      nua_handle_destroy (nh);
      break;
    case nua_i_terminated:
    case nua_i_options:
      if (hmagic == NULL && nh)
        nua_handle_destroy (nh);
      break;
    case nua_r_shutdown:
      if (status >= 200)
        g_main_loop_quit (bare->loop);
      break;
    default:
      break;
    }
}

static gboolean
on_signal (gpointer data)
{
  Bare *bare = data;
  if (!bare->stopping)
    {
      bare->stopping = TRUE;
      nua_shutdown (bare->nua);
    }
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s sip:127.0.0.1:PORT\n", argv[0]);
      return 2;
    }

  su_init ();
  su_log_redirect (NULL, quiet_logger, NULL);

  Bare bare = { .loop = g_main_loop_new (NULL, FALSE) };
  bare.root = su_glib_root_create (&bare);
  if (bare.root == NULL)
    {
      fprintf (stderr, "bare-responder: su_glib_root_create failed\n");
      return 1;
    }
  g_source_attach (su_glib_root_gsource (bare.root), NULL);
  su_root_threading (bare.root, 0);

  bare.nua = nua_create (bare.root, callback, &bare, NUTAG_URL (argv[1]), TAG_END ());
  if (bare.nua == NULL)
    {
      fprintf (stderr, "bare-responder: cannot listen on %s\n", argv[1]);
      return 1;
    }
  nua_set_params (bare.nua, NUTAG_APPL_METHOD ("MESSAGE"), NUTAG_ENABLEMESSAGE (1),
                  NUTAG_OUTBOUND ("no-validate"), NUTAG_MEDIA_ENABLE (0), TAG_END ());

  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, &bare);
  guint sigint = g_unix_signal_add (SIGINT, on_signal, &bare);
  printf ("ready\n");
  fflush (stdout);
  g_main_loop_run (bare.loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  nua_destroy (bare.nua);
  g_source_destroy (su_glib_root_gsource (bare.root));
  su_root_destroy (bare.root);
  su_deinit ();
  g_main_loop_unref (bare.loop);
  return 0;
}
