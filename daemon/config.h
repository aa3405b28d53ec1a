/* config.h — sippushd's configuration: the CLI's flags (examples/options.c, compiled in)
 * plus the daemon's own, from the command line and from a key file (--config).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "options.h"

typedef struct
{
  Options net;        /* the network side: the flags of sippush-receiver */
  gboolean session;   /* the session bus instead of the system bus */
  gchar *config;      /* the key file read, or NULL */
  gchar *spool;       /* default $STATE_DIRECTORY, else /var/lib/sippushd */
  gint agent_timeout; /* seconds an agent has to answer Deliver/DeliverFile */
} DaemonOptions;

/* Reads the key file named by --config (if any), then the command line, which wins over
 * it for single values and adds to its lists. On a bad configuration prints why on
 * stderr and returns FALSE; --help prints and exits. */
gboolean daemon_options_parse (DaemonOptions *options, int argc, char **argv);

void daemon_options_clear (DaemonOptions *options);
