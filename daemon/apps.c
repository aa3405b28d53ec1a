/* apps.c — the applications sippushd serves and the agents that own them.
 *
 * An application is configured (--app: it stays in the REGISTER, and its pushes wait in
 * the spool while no agent is there) or brought by an agent (added to the receiver at
 * RegisterApplication, removed when its agent unregisters or leaves the bus: the library
 * re-REGISTERs either way, R-REG-2). One bus peer owns an application at a time; a peer
 * is watched while it owns any, and loses them all when it leaves the bus.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define G_LOG_DOMAIN "sippushd"
#include "daemon.h"

#include <string.h>

typedef struct
{
  guint watch;
  guint n_apps;
} Peer;

static void
peer_free (gpointer data)
{
  Peer *peer = data;
  g_bus_unwatch_name (peer->watch);
  g_free (peer);
}

static void
entry_free (gpointer data)
{
  AppEntry *entry = data;
  g_free (entry->ari);
  g_free (entry->owner);
  g_free (entry->path);
  g_free (entry);
}

AppEntry *
apps_lookup (Daemon *daemon, const char *ari)
{
  return ari ? g_hash_table_lookup (daemon->apps, ari) : NULL;
}

/* The receiver's application for @ari: pushes to dispatch.c, the --accept-type list, and
 * files offered into the spool. */
static AppEntry *
add_entry (Daemon *daemon, const char *ari, gboolean configured, GError **error)
{
  SipPushApp *app
      = sippush_receiver_add_app (daemon->receiver, ari, dispatch_app_func, daemon, NULL, error);
  if (app == NULL)
    return NULL;
  sippush_app_set_accept_types (app, (const gchar *const *) daemon->accept_types);
  sippush_app_set_file_offer_func (app, dispatch_file_offer_func, daemon, NULL);
  AppEntry *entry = g_new0 (AppEntry, 1);
  entry->ari = g_strdup (sippush_app_get_id (app));
  entry->configured = configured;
  entry->app = app;
  g_hash_table_insert (daemon->apps, entry->ari, entry);
  return entry;
}

gboolean
apps_add_configured (Daemon *daemon, const char *const *app_ids, const char *default_app,
                     GError **error)
{
  for (const char *const *id = app_ids; id && *id; id++)
    {
      g_autofree gchar *ari = sippush_ari_from_app_id (*id, error);
      if (ari == NULL)
        return FALSE;
      if (apps_lookup (daemon, ari) == NULL && add_entry (daemon, ari, TRUE, error) == NULL)
        return FALSE;
    }
  /* Pushes naming no ARI: --default-app, else the first --app, else refused 480. */
  const char *def = default_app ? default_app : app_ids ? app_ids[0] : NULL;
  if (def == NULL)
    return TRUE;
  g_autofree gchar *ari = sippush_ari_from_app_id (def, error);
  if (ari == NULL)
    return FALSE;
  AppEntry *entry = apps_lookup (daemon, ari);
  if (entry == NULL && (entry = add_entry (daemon, ari, TRUE, error)) == NULL)
    return FALSE;
  return sippush_receiver_set_default_app (daemon->receiver, entry->app, error);
}

/* ---- agents ---- */

static void detach (Daemon *daemon, AppEntry *entry);

static void
on_peer_vanished (GDBusConnection *bus, const char *name, gpointer data)
{
  Daemon *daemon = data;
  g_autoptr (GPtrArray) owned = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, daemon->apps);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((AppEntry *) value)->owner, name) == 0)
      g_ptr_array_add (owned, value);
  for (guint i = 0; i < owned->len; i++)
    {
      g_message ("agent %s left the bus: %s unregistered", name,
                 ((AppEntry *) owned->pdata[i])->ari);
      detach (daemon, owned->pdata[i]);
    }
  g_hash_table_remove (daemon->peers, name);
  service_update_applications (daemon);
}

/* The agent is gone from @entry: a configured application waits for the next one (its
 * pushes spooled), another is removed from the receiver (re-REGISTER). */
static void
detach (Daemon *daemon, AppEntry *entry)
{
  g_clear_pointer (&entry->owner, g_free);
  g_clear_pointer (&entry->path, g_free);
  entry->generation++;
  if (entry->configured)
    return;
  g_autoptr (GError) error = NULL;
  if (!sippush_receiver_remove_app (daemon->receiver, entry->app, &error))
    g_warning ("removing %s: %s", entry->ari, error->message);
  g_hash_table_remove (daemon->apps, entry->ari);
}

static guint
count_agent_apps (Daemon *daemon)
{
  guint n = 0;
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, daemon->apps);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((AppEntry *) value)->owner != NULL;
  return n;
}

AppEntry *
apps_register (Daemon *daemon, const char *sender, const char *app_id, const char *path,
               GError **error)
{
  if (!g_variant_is_object_path (path) || strlen (path) > MAX_AGENT_PATH)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   "not an object path of at most %d bytes", MAX_AGENT_PATH);
      return NULL;
    }
  g_autoptr (GError) id_error = NULL;
  g_autofree gchar *ari = sippush_ari_from_app_id (app_id, &id_error);
  if (ari == NULL)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS, "%s", id_error->message);
      return NULL;
    }
  AppEntry *entry = apps_lookup (daemon, ari);
  if (entry && entry->owner)
    {
      if (!g_str_equal (entry->owner, sender))
        {
          g_set_error (error, SIPPUSHD_ERROR, SIPPUSHD_ERROR_ALREADY_REGISTERED,
                       "%s has an agent already", ari);
          return NULL;
        }
      /* The same agent moves the application to another object. */
      g_free (entry->path);
      entry->path = g_strdup (path);
      entry->generation++;
      return entry;
    }

  Peer *peer = g_hash_table_lookup (daemon->peers, sender);
  if ((peer && peer->n_apps >= MAX_APPS_PER_PEER) || count_agent_apps (daemon) >= MAX_AGENT_APPS)
    {
      g_set_error (error, SIPPUSHD_ERROR, SIPPUSHD_ERROR_LIMIT_EXCEEDED,
                   "at most %d applications per agent and %d in all", MAX_APPS_PER_PEER,
                   MAX_AGENT_APPS);
      return NULL;
    }
  if (entry == NULL)
    {
      g_autoptr (GError) add_error = NULL;
      entry = add_entry (daemon, ari, FALSE, &add_error);
      if (entry == NULL)
        {
          g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS, "%s", add_error->message);
          return NULL;
        }
    }
  entry->owner = g_strdup (sender);
  entry->path = g_strdup (path);
  entry->generation++;
  if (peer == NULL)
    {
      peer = g_new0 (Peer, 1);
      g_hash_table_insert (daemon->peers, g_strdup (sender), peer);
      /* A unique name is never owned again: "vanished" means the agent is gone (at once,
       * if it left before this call was handled). */
      peer->watch = g_bus_watch_name_on_connection (
          daemon->bus, sender, G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, on_peer_vanished, daemon, NULL);
    }
  peer->n_apps++;
  g_message ("agent %s registered %s at %s", sender, ari, path);
  service_update_applications (daemon);
  return entry;
}

gboolean
apps_unregister (Daemon *daemon, const char *sender, const char *app_id, GError **error)
{
  g_autoptr (GError) id_error = NULL;
  g_autofree gchar *ari = sippush_ari_from_app_id (app_id, &id_error);
  if (ari == NULL)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS, "%s", id_error->message);
      return FALSE;
    }
  AppEntry *entry = apps_lookup (daemon, ari);
  if (entry == NULL || g_strcmp0 (entry->owner, sender) != 0)
    {
      g_set_error (error, SIPPUSHD_ERROR, SIPPUSHD_ERROR_NOT_REGISTERED,
                   "%s is not registered by this agent", ari);
      return FALSE;
    }
  g_message ("agent %s unregistered %s", sender, ari);
  detach (daemon, entry);
  Peer *peer = g_hash_table_lookup (daemon->peers, sender);
  if (peer && --peer->n_apps == 0)
    g_hash_table_remove (daemon->peers, sender);
  service_update_applications (daemon);
  return TRUE;
}

void
apps_init (Daemon *daemon)
{
  daemon->apps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  daemon->peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, peer_free);
}

void
apps_clear (Daemon *daemon)
{
  g_clear_pointer (&daemon->peers, g_hash_table_unref);
  g_clear_pointer (&daemon->apps, g_hash_table_unref);
}
