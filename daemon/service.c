/* service.c — the org.sippush.Receiver1 object: the generated skeleton (sippushd-dbus.h,
 * from org.sippush.Receiver1.xml) bound to the applications (apps.c) and the receiver's
 * signals. SPDX-License-Identifier: LGPL-2.1-or-later */
#define G_LOG_DOMAIN "sippushd"
#include "daemon.h"

#define OBJECT_PATH "/org/sippush/Receiver1"

static const GDBusErrorEntry error_entries[] = {
  { SIPPUSHD_ERROR_ALREADY_REGISTERED, "org.sippush.Receiver1.Error.AlreadyRegistered" },
  { SIPPUSHD_ERROR_NOT_REGISTERED, "org.sippush.Receiver1.Error.NotRegistered" },
  { SIPPUSHD_ERROR_LIMIT_EXCEEDED, "org.sippush.Receiver1.Error.LimitExceeded" },
  { SIPPUSHD_ERROR_REJECTED, "org.sippush.Application1.Error.Rejected" },
};

GQuark
sippushd_error_quark (void)
{
  static gsize quark = 0;
  g_dbus_error_register_error_domain ("sippushd-error-quark", &quark, error_entries,
                                      G_N_ELEMENTS (error_entries));
  return (GQuark) quark;
}

/* ---- methods ---- */

static gboolean
on_register_application (SippushdReceiver1 *skeleton, GDBusMethodInvocation *invocation,
                         const char *app_id, const char *agent, gpointer data)
{
  Daemon *daemon = data;
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  g_autoptr (GError) error = NULL;
  AppEntry *entry = sender ? apps_register (daemon, sender, app_id, agent, &error) : NULL;
  if (entry == NULL)
    {
      if (error == NULL)
        g_set_error (&error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED, "no sender");
      g_debug ("RegisterApplication (%s) from %s refused: %s", app_id, sender, error->message);
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  sippushd_receiver1_complete_register_application (skeleton, invocation);
  /* After the reply, so an agent sees its registration confirmed before the first push. */
  dispatch_drain (daemon, entry);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
on_unregister_application (SippushdReceiver1 *skeleton, GDBusMethodInvocation *invocation,
                           const char *app_id, gpointer data)
{
  Daemon *daemon = data;
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  g_autoptr (GError) error = NULL;
  if (sender == NULL || !apps_unregister (daemon, sender, app_id, &error))
    {
      if (error == NULL)
        g_set_error (&error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED, "no sender");
      g_debug ("UnregisterApplication (%s) from %s refused: %s", app_id, sender, error->message);
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  sippushd_receiver1_complete_unregister_application (skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- properties and the signal, from the receiver ---- */

void
service_update_applications (Daemon *daemon)
{
  if (daemon->skeleton == NULL)
    return;
  g_auto (GStrv) ids = sippush_receiver_dup_app_ids (daemon->receiver);
  sippushd_receiver1_set_applications (daemon->skeleton, (const gchar *const *) ids);
}

void
service_set_contact (Daemon *daemon, const char *contact)
{
  sippushd_receiver1_set_contact (daemon->skeleton, contact ? contact : "");
}

static void
on_registered (SipPushReceiver *receiver, guint status, guint expires, gpointer data)
{
  Daemon *daemon = data;
  g_message ("registered (%u, expires %u)", status, expires);
  sippushd_receiver1_set_registered (daemon->skeleton, TRUE);
}

static void
on_registration_failed (SipPushReceiver *receiver, guint status, const char *reason, gpointer data)
{
  Daemon *daemon = data;
  g_message ("registration failed: %u %s", status, reason ? reason : "");
  sippushd_receiver1_set_registered (daemon->skeleton, FALSE);
}

static void
on_push_rejected (SipPushReceiver *receiver, SipPushRejection *rejection, gpointer data)
{
  Daemon *daemon = data;
  const char *method = sippush_method_to_string (sippush_rejection_get_method (rejection));
  const char *reason = sippush_rejection_get_reason (rejection);
  g_message ("%s refused %u: %s", method, sippush_rejection_get_status (rejection),
             reason ? reason : "");
  sippushd_receiver1_emit_push_rejected (
      daemon->skeleton, method, sippush_rejection_get_status (rejection), reason ? reason : "");
}

gboolean
service_export (Daemon *daemon, GError **error)
{
  /* Registered now, so that agents' Rejected errors arrive in SIPPUSHD_ERROR. */
  (void) SIPPUSHD_ERROR;
  daemon->skeleton = sippushd_receiver1_skeleton_new ();
  sippushd_receiver1_set_contact (daemon->skeleton, "");
  service_update_applications (daemon);
  g_signal_connect (daemon->skeleton, "handle-register-application",
                    G_CALLBACK (on_register_application), daemon);
  g_signal_connect (daemon->skeleton, "handle-unregister-application",
                    G_CALLBACK (on_unregister_application), daemon);
  g_signal_connect (daemon->receiver, "registered", G_CALLBACK (on_registered), daemon);
  g_signal_connect (daemon->receiver, "registration-failed", G_CALLBACK (on_registration_failed),
                    daemon);
  g_signal_connect (daemon->receiver, "push-rejected", G_CALLBACK (on_push_rejected), daemon);
  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (daemon->skeleton),
                                           daemon->bus, OBJECT_PATH, error);
}

void
service_unexport (Daemon *daemon)
{
  if (daemon->skeleton == NULL)
    return;
  g_signal_handlers_disconnect_by_data (daemon->receiver, daemon);
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (daemon->skeleton));
  sippushd_receiver1_set_registered (daemon->skeleton, FALSE);
  g_clear_object (&daemon->skeleton);
}
