/* sip/sofia-glue.c — one-time sofia-sip initialisation and log routing.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/sofia-glue.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/sip_extra.h>

#define SOFIA_LOG_DOMAIN "sippush-sofia"
#define SOFIA_LOG_LINE_MAX 1024

static msg_mclass_t *extended_mclass;

/* sofia writes a line in several calls; collect them and log whole lines. The logger is
 * process-wide while receivers may live in several threads, hence the lock. */
G_LOCK_DEFINE_STATIC (sofia_log);

static void
sofia_logger (void *stream, char const *fmt, va_list ap)
{
  static char line[SOFIA_LOG_LINE_MAX];
  static size_t used;

  G_LOCK (sofia_log);
  if (used < sizeof line - 1)
    {
      int n = g_vsnprintf (line + used, sizeof line - used, fmt, ap);
      if (n > 0)
        used = MIN (used + (size_t) n, sizeof line - 1);
    }
  if (used > 0 && (line[used - 1] == '\n' || used == sizeof line - 1))
    {
      while (used > 0 && (line[used - 1] == '\n' || line[used - 1] == '\r'))
        used--;
      line[used] = '\0';
      g_log (SOFIA_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "%s", line);
      used = 0;
    }
  G_UNLOCK (sofia_log);
}

static gpointer
init_once (gpointer data)
{
  su_init ();
  su_log_redirect (NULL, sofia_logger, NULL);
  extended_mclass = sip_extend_mclass (NULL);
  return NULL;
}

void
sippush_sofia_init (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, init_once, NULL);
}

msg_mclass_t *
sippush_sofia_mclass (void)
{
  sippush_sofia_init ();
  return extended_mclass;
}
