/* daemon.h — sippushd's state, shared by its parts:
 *
 *   sippushd.c   main: configuration, the bus, start and stop, sd_notify
 *   apps.c       the applications: configured (--app) or registered by agents, their owners
 *   service.c    the org.sippush.Receiver1 object (generated skeleton, sippushd-dbus.h)
 *   dispatch.c   each push to its agent (org.sippush.Application1) or to the spool
 *   spool.c      durable store and forward
 *
 * Everything runs in the main thread's default main context, the receiver's too.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <sippush/sippush.h>

#include "sippushd-dbus.h"
#include "spool.h"

/* Hostile-input bounds (D-Bus callers are local but not trusted). */
#define MAX_APPS_PER_PEER 16 /* registrations one bus peer may hold */
#define MAX_AGENT_APPS 128   /* registrations in all */
#define MAX_AGENT_PATH 255   /* bytes of an agent's object path */

/* One application sippushd serves: configured with --app (kept in the receiver while no
 * agent is there: its pushes are spooled) or added when an agent registered it (removed
 * with its agent: a re-REGISTER either way, R-REG-2). */
typedef struct
{
  gchar *ari;
  gboolean configured;
  SipPushApp *app;   /* in the receiver; not owned */
  gchar *owner;      /* the agent's unique bus name, or NULL */
  gchar *path;       /* the agent's object */
  guint generation;  /* changes with every new agent */
  gboolean draining; /* a spooled push is with the agent */
} AppEntry;

typedef struct
{
  SipPushReceiver *receiver;
  GDBusConnection *bus;
  SippushdReceiver1 *skeleton;
  Spool *spool;
  GHashTable *apps;  /* ARI → AppEntry (owned) */
  GHashTable *peers; /* unique bus name → Peer (apps.c) */
  gchar **accept_types;
  guint agent_timeout_ms;
  GCancellable *cancellable; /* the agent calls; cancelled when stopping */
  guint in_flight;           /* agent calls not finished */
  gboolean stopping;
  void (*idle_changed) (gpointer data); /* called when in_flight drops to 0 */
  gpointer idle_data;
} Daemon;

/* apps.c */
void apps_init (Daemon *daemon);
gboolean apps_add_configured (Daemon *daemon, const char *const *app_ids, const char *default_app,
                              GError **error);
AppEntry *apps_lookup (Daemon *daemon, const char *ari);
/* The D-Bus side of RegisterApplication/UnregisterApplication (errors in SIPPUSHD_ERROR
 * or G_DBUS_ERROR); apps_register() returns the application @sender now owns. */
AppEntry *apps_register (Daemon *daemon, const char *sender, const char *app_id, const char *path,
                         GError **error);
gboolean apps_unregister (Daemon *daemon, const char *sender, const char *app_id, GError **error);
void apps_clear (Daemon *daemon);

/* service.c */
#define SIPPUSHD_ERROR (sippushd_error_quark ())
GQuark sippushd_error_quark (void);
typedef enum
{
  SIPPUSHD_ERROR_ALREADY_REGISTERED, /* org.sippush.Receiver1.Error.AlreadyRegistered */
  SIPPUSHD_ERROR_NOT_REGISTERED,     /* org.sippush.Receiver1.Error.NotRegistered */
  SIPPUSHD_ERROR_LIMIT_EXCEEDED,     /* org.sippush.Receiver1.Error.LimitExceeded */
  SIPPUSHD_ERROR_REJECTED,           /* org.sippush.Application1.Error.Rejected */
} SippushdError;
gboolean service_export (Daemon *daemon, GError **error);
void service_unexport (Daemon *daemon);
void service_update_applications (Daemon *daemon);
void service_set_contact (Daemon *daemon, const char *contact);

/* dispatch.c */
void dispatch_app_func (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer daemon);
void dispatch_file_offer_func (SipPushReceiver *receiver, SipPushFileOffer *offer, gpointer daemon);
/* Hands @entry's spooled pushes to its agent, oldest first, one at a time. */
void dispatch_drain (Daemon *daemon, AppEntry *entry);
