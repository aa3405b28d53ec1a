/* options.c — the CLI's flags. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "options.h"

#include <string.h>

#include <stdio.h>

#include <sippush/sippush.h>

static gboolean
usage_error (const char *message)
{
  /* The program's name: sippush-receiver, or a program built on these flags (sippushd). */
  g_printerr ("%s: %s\nTry --help.\n", g_get_prgname (), message);
  return FALSE;
}

gboolean
options_parse (Options *o, int *argc, char ***argv)
{
  return options_parse_with (o, argc, argv, NULL, NULL);
}

gboolean
options_parse_with (Options *o, int *argc, char ***argv, const GOptionEntry *extra,
                    const char *description)
{
  g_autofree gchar *refer = NULL;
  *o = (Options){ .expires = 3600, .max_icon_size = -1 };
  const GOptionEntry entries[] = {
    { "aor", 0, 0, G_OPTION_ARG_STRING, &o->aor, "Address of record (required)", "URI" },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &o->bind,
      "Listen on URI, UDP and TCP (default sip:127.0.0.1:5070)", "URI" },
    { "registrar", 0, 0, G_OPTION_ARG_STRING, &o->registrar,
      "REGISTER at URI (default: do not register)", "URI" },
    { "proxy", 0, 0, G_OPTION_ARG_STRING, &o->proxy, "Outbound proxy", "URI" },
    { "app", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->apps,
      "Serve a push application: ARI, OMNA URN or numeric id (repeatable)", "ID" },
    { "default-app", 0, 0, G_OPTION_ARG_STRING, &o->default_app,
      "Application for pushes naming none (default: the first --app)", "ID" },
    { "accept-type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->accept_types,
      "Content type the applications take (repeatable; default any)", "TYPE" },
    { "inbox", 0, 0, G_OPTION_ARG_FILENAME, &o->inbox, "Store pushes under DIR (default ./inbox)",
      "DIR" },
    { "trusted-sender", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->trusted_senders,
      "Accept pushes only from URI (repeatable; default anyone)", "URI" },
    { "username", 0, 0, G_OPTION_ARG_STRING, &o->username, "Digest user name", "NAME" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &o->password, "Digest password", "SECRET" },
    { "expires", 0, 0, G_OPTION_ARG_INT, &o->expires,
      "Registration expiry to ask for (default 3600)", "SECONDS" },
    { "msrp-bind", 0, 0, G_OPTION_ARG_STRING, &o->msrp_bind,
      "Listen for MSRP on HOST:PORT (default: the --bind host, port 0 = ephemeral)", "HOST:PORT" },
    { "msrp-relay", 0, 0, G_OPTION_ARG_STRING, &o->msrp_relay,
      "Receive files through this MSRP relay (RFC 4976; AUTH with --username/--password)", "URI" },
    { "max-size", 0, 0, G_OPTION_ARG_INT64, &o->max_size,
      "Largest MSRP file/message taken, advertised as a=max-size (0 = no limit)", "BYTES" },
    { "max-icon-size", 0, 0, G_OPTION_ARG_INT, &o->max_icon_size,
      "Largest file icon reported (RFC 5547 a=icon; default 65536, 0 = none)", "BYTES" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &o->idle_timeout,
      "Close a silent SIP TCP/TLS connection after SECONDS (default 120)", "SECONDS" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, "Print events as JSON lines", NULL },
    { "exit-after", 0, 0, G_OPTION_ARG_INT, &o->exit_after,
      "Exit 0 after N deliveries: MESSAGE, NOTIFY and files (0: until SIGINT/SIGTERM, "
      "which de-registers first)",
      "N" },
    { "subscribe", 0, 0, G_OPTION_ARG_NONE, &o->subscribe,
      "SUBSCRIBE to push events (ua-profile) after registering, or at start without a "
      "registrar",
      NULL },
    { "subscribe-uri", 0, 0, G_OPTION_ARG_STRING, &o->subscribe_uri,
      "Subscribe to URI (default: the AOR)", "URI" },
    { "refer", 0, 0, G_OPTION_ARG_STRING, &refer,
      "accept or reject REFERs asking to subscribe (default accept)", "accept|reject" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose,
      "Debug logs on stderr, sofia-sip's included (domain sippush-sofia) with every SIP "
      "message sent and received",
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit", NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_cert,
      "TLS certificate chain, PEM, own certificate first (enables SIP and MSRP over TLS)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_key,
      "TLS private key, PEM (default: in the --tls-cert file)", "FILE" },
    { "tls-ca", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_ca,
      "Verify TLS peers against these CAs, PEM file or directory (default: system store)",
      "FILE|DIR" },
    { "tls-no-verify", 0, 0, G_OPTION_ARG_NONE, &o->tls_no_verify,
      "Accept any TLS peer, unverified (tests only: insecure)", NULL },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->settings,
      "Set a receiver property, e.g. idle-timeout=60 or max-sip-connections=64 (repeatable)",
      "NAME=VALUE" },
    G_OPTION_ENTRY_NULL,
  };

  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- receive OMA SIP pushes");
  g_option_context_add_main_entries (context, entries, NULL);
  if (extra)
    g_option_context_add_main_entries (context, extra, NULL);
  g_option_context_set_description (
      context,
      "Each push is stored byte-exact as one file in DIR/<ari>/ before it is acknowledged.\n"
      "Example: sippush-receiver --aor sip:alice@example.org --registrar sip:127.0.0.1 \\\n"
      "           --app mms.ua --app x-wap-application:push.syncml --json");
  if (description)
    g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error (error->message);
  if (o->version)
    return TRUE;
  if (o->aor == NULL)
    return usage_error ("--aor is required");
  if (*argc > 1)
    return usage_error ("unexpected argument");
  if (o->expires <= 0 || o->exit_after < 0 || o->max_size < 0)
    return usage_error ("--expires must be > 0, --exit-after and --max-size >= 0");
  if (o->max_icon_size < -1 || o->max_icon_size > 16 * 1024 * 1024)
    return usage_error ("--max-icon-size must be 0 to 16777216");
  if (o->idle_timeout < 0 || o->idle_timeout > 86400)
    return usage_error ("--idle-timeout takes 1 to 86400 seconds");
  if (o->tls_key && o->tls_cert == NULL)
    return usage_error ("--tls-key needs --tls-cert");
  if (refer && g_strcmp0 (refer, "accept") != 0 && g_strcmp0 (refer, "reject") != 0)
    return usage_error ("--refer takes accept or reject");

  o->accept_refers = refer == NULL || g_strcmp0 (refer, "accept") == 0;
  if (o->bind == NULL)
    o->bind = g_strdup ("sip:127.0.0.1:5070");
  if (o->inbox == NULL)
    o->inbox = g_strdup ("inbox");
  return TRUE;
}

void
options_clear (Options *o)
{
  g_strfreev (o->settings);
  g_free (o->aor);
  g_free (o->bind);
  g_free (o->registrar);
  g_free (o->proxy);
  g_strfreev (o->apps);
  g_free (o->default_app);
  g_strfreev (o->accept_types);
  g_free (o->inbox);
  g_strfreev (o->trusted_senders);
  g_free (o->username);
  g_free (o->password);
  g_free (o->msrp_bind);
  g_free (o->msrp_relay);
  g_free (o->subscribe_uri);
  g_free (o->tls_cert);
  g_free (o->tls_key);
  g_free (o->tls_ca);
}

void
options_print_version (void)
{
  g_print ("%s %s (library %u.%u.%u)\n", g_get_prgname (), SIPPUSH_VERSION_STRING,
           sippush_get_major_version (), sippush_get_minor_version (),
           sippush_get_micro_version ());
}

/* su_init() reads TPORT_LOG when the first receiver is made: set it before that. */
void
options_enable_verbose_logs (void)
{
  g_log_set_debug_enabled (TRUE);
  const char *tport_log = g_getenv ("TPORT_LOG");
  if (tport_log == NULL || *tport_log == '\0')
    g_setenv ("TPORT_LOG", "1", TRUE);
}

/* --set NAME=VALUE: a number, boolean or string property of the receiver, checked
 * against its range here (GObject would only warn). */
static gboolean
apply_setting (GObject *receiver, const char *setting, GError **error)
{
  const char *eq = strchr (setting, '=');
  g_autofree gchar *name = eq ? g_strndup (setting, (gsize) (eq - setting)) : NULL;
  GParamSpec *pspec
      = name ? g_object_class_find_property (G_OBJECT_GET_CLASS (receiver), name) : NULL;
  if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--set %s: not a writable receiver property", setting);
      return FALSE;
    }
  const char *text = eq + 1;
  g_auto (GValue) value = G_VALUE_INIT;
  g_value_init (&value, pspec->value_type);
  guint64 number = 0;
  gboolean ok = TRUE;
  if (pspec->value_type == G_TYPE_UINT || pspec->value_type == G_TYPE_UINT64)
    {
      ok = g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &number, NULL);
      if (pspec->value_type == G_TYPE_UINT)
        g_value_set_uint (&value, (guint) MIN (number, G_MAXUINT));
      else
        g_value_set_uint64 (&value, number);
      ok = ok && (pspec->value_type == G_TYPE_UINT64 || number <= G_MAXUINT);
    }
  else if (pspec->value_type == G_TYPE_BOOLEAN)
    {
      ok = g_str_equal (text, "true") || g_str_equal (text, "false");
      g_value_set_boolean (&value, g_str_equal (text, "true"));
    }
  else if (pspec->value_type == G_TYPE_STRING)
    g_value_set_string (&value, text);
  else
    ok = FALSE;
  if (!ok || g_param_value_validate (pspec, &value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--set %s: bad value", setting);
      return FALSE;
    }
  g_object_set_property (receiver, name, &value);
  return TRUE;
}

gboolean
options_apply_settings (const Options *o, GObject *receiver, GError **error)
{
  for (gchar **s = o->settings; s && *s; s++)
    if (!apply_setting (receiver, *s, error))
      return FALSE;
  return TRUE;
}
