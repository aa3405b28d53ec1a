/* config.c — sippushd's flags and key file. SPDX-License-Identifier: LGPL-2.1-or-later */
#define G_LOG_DOMAIN "sippushd"
#include "config.h"

#include <string.h>

#define KEY_FILE_GROUP "sippushd"
#define DEFAULT_SPOOL "/var/lib/sippushd"
#define DEFAULT_AGENT_TIMEOUT 20
/* The library answers a delivery itself after its delivery-timeout (at most 3600 s); the
 * daemon's own timeout must run out first. */
#define MAX_AGENT_TIMEOUT 3000

/* The flags that may be given more than once: in the key file, a `;`-separated list. */
static const char *const list_keys[] = { "app", "accept-type", "trusted-sender", NULL };

static gboolean
config_error (const char *message)
{
  g_printerr ("sippushd: %s\nTry --help.\n", message);
  return FALSE;
}

/* The value of --config, if the command line has one (before any "--"). */
static const char *
find_config (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--config") && i + 1 < argc)
        return argv[i + 1];
      if (g_str_has_prefix (argv[i], "--config="))
        return argv[i] + strlen ("--config=");
    }
  return NULL;
}

/* Each key of the [sippushd] group as the flag of the same name: `key=true` is `--key`,
 * `key=false` nothing, a list key one `--key=item` per item, any other `--key=value`.
 * The flags then go through the one option parser, which checks them all alike. */
static gboolean
key_file_to_args (const char *path, GPtrArray *args)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error))
    {
      g_autofree gchar *msg = g_strdup_printf ("--config %s: %s", path, error->message);
      return config_error (msg);
    }
  g_auto (GStrv) keys = g_key_file_get_keys (kf, KEY_FILE_GROUP, NULL, &error);
  if (keys == NULL)
    {
      g_autofree gchar *msg = g_strdup_printf ("--config %s: %s", path, error->message);
      return config_error (msg);
    }
  for (gchar **k = keys; *k; k++)
    {
      if (g_str_equal (*k, "config") || g_str_has_prefix (*k, "help"))
        {
          g_autofree gchar *msg = g_strdup_printf ("--config %s: key %s not allowed", path, *k);
          return config_error (msg);
        }
      if (g_strv_contains (list_keys, *k))
        {
          g_auto (GStrv) items = g_key_file_get_string_list (kf, KEY_FILE_GROUP, *k, NULL, NULL);
          for (gchar **i = items; i && *i; i++)
            g_ptr_array_add (args, g_strdup_printf ("--%s=%s", *k, g_strstrip (*i)));
          continue;
        }
      g_autofree gchar *value = g_key_file_get_string (kf, KEY_FILE_GROUP, *k, &error);
      if (value == NULL)
        {
          g_autofree gchar *msg = g_strdup_printf ("--config %s: %s", path, error->message);
          return config_error (msg);
        }
      if (g_str_equal (value, "true"))
        g_ptr_array_add (args, g_strdup_printf ("--%s", *k));
      else if (!g_str_equal (value, "false"))
        g_ptr_array_add (args, g_strdup_printf ("--%s=%s", *k, value));
    }
  return TRUE;
}

static gchar *
default_spool (void)
{
  /* systemd's StateDirectory= (a colon-separated list when it names several). */
  const char *state = g_getenv ("STATE_DIRECTORY");
  if (state && state[0] == '/')
    return g_strndup (state, strcspn (state, ":"));
  return g_strdup (DEFAULT_SPOOL);
}

gboolean
daemon_options_parse (DaemonOptions *o, int argc, char **argv)
{
  *o = (DaemonOptions){ .agent_timeout = DEFAULT_AGENT_TIMEOUT };
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (args, g_strdup (argv[0]));
  const char *config = find_config (argc, argv);
  if (config && !key_file_to_args (config, args))
    return FALSE;
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);

  const GOptionEntry entries[] = {
    { "session", 0, 0, G_OPTION_ARG_NONE, &o->session,
      "Serve on the session bus (default: the system bus)", NULL },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &o->config,
      "Read flags from the [sippushd] group of a key file (the command line wins)", "FILE" },
    { "spool", 0, 0, G_OPTION_ARG_FILENAME, &o->spool,
      "Keep pushes for absent agents in DIR (default $STATE_DIRECTORY, else " DEFAULT_SPOOL ")",
      "DIR" },
    { "agent-timeout", 0, 0, G_OPTION_ARG_INT, &o->agent_timeout,
      "Seconds an agent has to answer a delivery (default 20)", "SECONDS" },
    G_OPTION_ENTRY_NULL,
  };
  /* g_option_context_parse() removes what it reads: keep our own reference to each string. */
  int n = (int) args->len - 1;
  g_autofree gchar **copy = g_memdup2 (args->pdata, sizeof (gchar *) * args->len);
  char **v = copy;
  if (!options_parse_with (&o->net, &n, &v, entries,
                           "Dispatches OMA SIP pushes to applications over D-Bus "
                           "(org.sippush.Receiver1).\n"
                           "Pushes for an --app whose agent is away wait in the spool.\n"
                           "Not taken: --json, --exit-after, --inbox (sippush-receiver only)."))
    return FALSE;
  if (o->net.version)
    return TRUE; /* nothing else is checked */
  if (o->net.json || o->net.exit_after || g_strcmp0 (o->net.inbox, "inbox") != 0)
    return config_error ("--json, --exit-after and --inbox are sippush-receiver flags");
  if (o->agent_timeout < 1 || o->agent_timeout > MAX_AGENT_TIMEOUT)
    return config_error ("--agent-timeout must be 1 to 3000");
  if (o->spool == NULL)
    o->spool = default_spool ();
  return TRUE;
}

void
daemon_options_clear (DaemonOptions *o)
{
  options_clear (&o->net);
  g_free (o->config);
  g_free (o->spool);
}
