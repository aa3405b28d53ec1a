/* options.h — the CLI's flags (README, "The example receiver"), parsed and checked.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>

/* The exit status of a usage error. */
#define EXIT_USAGE 2

typedef struct
{
  gchar *aor;
  gchar *bind;      /* default sip:127.0.0.1:5070 */
  gchar *registrar; /* NULL: no REGISTER */
  gchar *proxy;
  gchar **apps;
  gchar *default_app;
  gchar **accept_types;
  gchar *inbox; /* default "inbox" */
  gchar **trusted_senders;
  gchar *username;
  gchar *password;
  gint expires;
  gchar *msrp_bind;  /* NULL: the library's default (the --bind host, a free port) */
  gchar *msrp_relay; /* msrp://HOST:PORT of our own relay, or NULL */
  gint64 max_size;
  gint max_icon_size; /* -1: the library's default */
  gint idle_timeout;  /* 0: the library's default */
  gboolean json;
  gint exit_after;
  gboolean subscribe;
  gchar *subscribe_uri;
  gboolean accept_refers;
  gboolean version; /* --version: print the versions and exit; nothing else is checked */
  gboolean verbose; /* -v: debug logs of every domain, sofia's wire log included */
  /* TLS (R-SEC-3) */
  gchar *tls_cert; /* NULL: no certificate */
  gchar *tls_key;  /* NULL: in tls_cert */
  gchar *tls_ca;   /* NULL: the system store */
  gboolean tls_no_verify;
  gchar **settings; /* NAME=VALUE: receiver properties (--set) */
} Options;

/* Fills @options from the command line, defaults included. On a bad command line prints
 * the reason and "Try --help." on stderr and returns FALSE; --help prints and exits. */
gboolean options_parse (Options *options, int *argc, char ***argv);

/* options_parse() for a program built on these flags (sippushd): @extra (NULL-terminated,
 * may be NULL) are parsed along, and @description (NULL: the CLI's) ends --help. */
gboolean options_parse_with (Options *options, int *argc, char ***argv, const GOptionEntry *extra,
                             const char *description);

void options_clear (Options *options);

/* --version: "PROGRAM VERSION (library X.Y.Z)" on stdout. */
void options_print_version (void);
/* --verbose: every domain's debug messages (sippush, sippush-sofia, …) on stderr and
 * sofia's wire log; call before the first receiver is made. */
void options_enable_verbose_logs (void);
/* --set NAME=VALUE: each a number, boolean or string property of @receiver, checked
 * against its range (GObject would only warn). FALSE with G_OPTION_ERROR_BAD_VALUE. */
gboolean options_apply_settings (const Options *options, GObject *receiver, GError **error);
