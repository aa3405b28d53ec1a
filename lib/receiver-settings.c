/* receiver-settings.c — the typed accessors of SipPushReceiver's settings: each is the
 * settings table's generic accessor (receiver-properties.c) for one setting.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

#include "receiver-settings-private.h"

const gchar *
sippush_receiver_get_aor (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_AOR);
}

const gchar *
sippush_receiver_get_bind_uri (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_BIND_URI);
}

gboolean
sippush_receiver_set_bind_uri (SipPushReceiver *receiver, const gchar *uri, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_BIND_URI, uri, error);
}

const gchar *
sippush_receiver_get_registrar (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_REGISTRAR);
}

gboolean
sippush_receiver_set_registrar (SipPushReceiver *receiver, const gchar *uri, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_REGISTRAR, uri, error);
}

const gchar *
sippush_receiver_get_proxy (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_PROXY);
}

gboolean
sippush_receiver_set_proxy (SipPushReceiver *receiver, const gchar *uri, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_PROXY, uri, error);
}

const gchar *
sippush_receiver_get_username (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_USERNAME);
}

gboolean
sippush_receiver_set_username (SipPushReceiver *receiver, const gchar *username, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_USERNAME, username, error);
}

const gchar *
sippush_receiver_get_password (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_PASSWORD);
}

gboolean
sippush_receiver_set_password (SipPushReceiver *receiver, const gchar *password, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_PASSWORD, password, error);
}

guint
sippush_receiver_get_expires (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_EXPIRES);
}

gboolean
sippush_receiver_set_expires (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_EXPIRES, seconds, error);
}

guint
sippush_receiver_get_delivery_timeout (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_DELIVERY_TIMEOUT);
}

gboolean
sippush_receiver_set_delivery_timeout (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_DELIVERY_TIMEOUT, seconds, error);
}

guint
sippush_receiver_get_max_pending_deliveries (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MAX_PENDING_DELIVERIES);
}

gboolean
sippush_receiver_set_max_pending_deliveries (SipPushReceiver *receiver, guint count, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_PENDING_DELIVERIES, count,
                                              error);
}

guint
sippush_receiver_get_max_message_size (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MAX_MESSAGE_SIZE);
}

gboolean
sippush_receiver_set_max_message_size (SipPushReceiver *receiver, guint bytes, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_MESSAGE_SIZE, bytes, error);
}

guint
sippush_receiver_get_idle_timeout (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_IDLE_TIMEOUT);
}

gboolean
sippush_receiver_set_idle_timeout (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_IDLE_TIMEOUT, seconds, error);
}

guint
sippush_receiver_get_sip_message_timeout (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_SIP_MESSAGE_TIMEOUT);
}

gboolean
sippush_receiver_set_sip_message_timeout (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_SIP_MESSAGE_TIMEOUT, seconds,
                                              error);
}

guint
sippush_receiver_get_max_sip_connections (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MAX_SIP_CONNECTIONS);
}

gboolean
sippush_receiver_set_max_sip_connections (SipPushReceiver *receiver, guint count, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_SIP_CONNECTIONS, count, error);
}

guint
sippush_receiver_get_max_sip_connections_per_source (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver,
                                                      SETTING_MAX_SIP_CONNECTIONS_PER_SOURCE);
}

gboolean
sippush_receiver_set_max_sip_connections_per_source (SipPushReceiver *receiver, guint count,
                                                     GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_SIP_CONNECTIONS_PER_SOURCE,
                                              count, error);
}

guint
sippush_receiver_get_max_sip_buffered (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MAX_SIP_BUFFERED);
}

gboolean
sippush_receiver_set_max_sip_buffered (SipPushReceiver *receiver, guint bytes, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_SIP_BUFFERED, bytes, error);
}

guint
sippush_receiver_get_sip_transaction_lifetime (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_SIP_TRANSACTION_LIFETIME);
}

gboolean
sippush_receiver_set_sip_transaction_lifetime (SipPushReceiver *receiver, guint seconds,
                                               GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_SIP_TRANSACTION_LIFETIME, seconds,
                                              error);
}

guint
sippush_receiver_get_retry_interval_min (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_RETRY_INTERVAL_MIN);
}

gboolean
sippush_receiver_set_retry_interval_min (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_RETRY_INTERVAL_MIN, seconds, error);
}

guint
sippush_receiver_get_retry_interval_max (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_RETRY_INTERVAL_MAX);
}

gboolean
sippush_receiver_set_retry_interval_max (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_RETRY_INTERVAL_MAX, seconds, error);
}

const gchar *
sippush_receiver_get_file_directory (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_FILE_DIRECTORY);
}

gboolean
sippush_receiver_set_file_directory (SipPushReceiver *receiver, const gchar *directory,
                                     GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_FILE_DIRECTORY, directory, error);
}

const gchar *
sippush_receiver_get_msrp_bind (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_MSRP_BIND);
}

gboolean
sippush_receiver_set_msrp_bind (SipPushReceiver *receiver, const gchar *address, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_MSRP_BIND, address, error);
}

const gchar *
sippush_receiver_get_msrp_relay (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_MSRP_RELAY);
}

gboolean
sippush_receiver_set_msrp_relay (SipPushReceiver *receiver, const gchar *uri, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_MSRP_RELAY, uri, error);
}

guint64
sippush_receiver_get_max_file_size (SipPushReceiver *receiver)
{
  return sippush_receiver_get_number_setting (receiver, SETTING_MAX_FILE_SIZE);
}

gboolean
sippush_receiver_set_max_file_size (SipPushReceiver *receiver, guint64 bytes, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_FILE_SIZE, bytes, error);
}

guint
sippush_receiver_get_max_sessions (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MAX_SESSIONS);
}

gboolean
sippush_receiver_set_max_sessions (SipPushReceiver *receiver, guint count, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_SESSIONS, count, error);
}

guint
sippush_receiver_get_max_msrp_connections (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MAX_MSRP_CONNECTIONS);
}

gboolean
sippush_receiver_set_max_msrp_connections (SipPushReceiver *receiver, guint count, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_MSRP_CONNECTIONS, count, error);
}

guint
sippush_receiver_get_msrp_idle_timeout (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MSRP_IDLE_TIMEOUT);
}

gboolean
sippush_receiver_set_msrp_idle_timeout (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MSRP_IDLE_TIMEOUT, seconds, error);
}

guint
sippush_receiver_get_msrp_bind_timeout (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MSRP_BIND_TIMEOUT);
}

gboolean
sippush_receiver_set_msrp_bind_timeout (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MSRP_BIND_TIMEOUT, seconds, error);
}

guint
sippush_receiver_get_msrp_connect_timeout (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MSRP_CONNECT_TIMEOUT);
}

gboolean
sippush_receiver_set_msrp_connect_timeout (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MSRP_CONNECT_TIMEOUT, seconds,
                                              error);
}

guint
sippush_receiver_get_msrp_stall_timeout (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MSRP_STALL_TIMEOUT);
}

gboolean
sippush_receiver_set_msrp_stall_timeout (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MSRP_STALL_TIMEOUT, seconds, error);
}

guint
sippush_receiver_get_session_expires (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_SESSION_EXPIRES);
}

gboolean
sippush_receiver_set_session_expires (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_SESSION_EXPIRES, seconds, error);
}

gboolean
sippush_receiver_get_msrp_connect_out (SipPushReceiver *receiver)
{
  return (gboolean) sippush_receiver_get_number_setting (receiver, SETTING_MSRP_CONNECT_OUT);
}

gboolean
sippush_receiver_set_msrp_connect_out (SipPushReceiver *receiver, gboolean connect_out,
                                       GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MSRP_CONNECT_OUT, connect_out,
                                              error);
}

gboolean
sippush_receiver_get_hash_files (SipPushReceiver *receiver)
{
  return (gboolean) sippush_receiver_get_number_setting (receiver, SETTING_HASH_FILES);
}

gboolean
sippush_receiver_set_hash_files (SipPushReceiver *receiver, gboolean hash_files, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_HASH_FILES, hash_files, error);
}

guint
sippush_receiver_get_max_icon_size (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_MAX_ICON_SIZE);
}

gboolean
sippush_receiver_set_max_icon_size (SipPushReceiver *receiver, guint bytes, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_MAX_ICON_SIZE, bytes, error);
}

gboolean
sippush_receiver_get_subscribe (SipPushReceiver *receiver)
{
  return (gboolean) sippush_receiver_get_number_setting (receiver, SETTING_SUBSCRIBE);
}

gboolean
sippush_receiver_set_subscribe (SipPushReceiver *receiver, gboolean subscribe, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_SUBSCRIBE, subscribe, error);
}

const gchar *
sippush_receiver_get_subscribe_uri (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_SUBSCRIBE_URI);
}

gboolean
sippush_receiver_set_subscribe_uri (SipPushReceiver *receiver, const gchar *uri, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_SUBSCRIBE_URI, uri, error);
}

guint
sippush_receiver_get_subscribe_expires (SipPushReceiver *receiver)
{
  return (guint) sippush_receiver_get_number_setting (receiver, SETTING_SUBSCRIBE_EXPIRES);
}

gboolean
sippush_receiver_set_subscribe_expires (SipPushReceiver *receiver, guint seconds, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_SUBSCRIBE_EXPIRES, seconds, error);
}

const gchar *
sippush_receiver_get_preferred_identity (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_PREFERRED_IDENTITY);
}

gboolean
sippush_receiver_set_preferred_identity (SipPushReceiver *receiver, const gchar *uri,
                                         GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_PREFERRED_IDENTITY, uri, error);
}

const gchar *
sippush_receiver_get_device_vendor (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_DEVICE_VENDOR);
}

gboolean
sippush_receiver_set_device_vendor (SipPushReceiver *receiver, const gchar *vendor, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_DEVICE_VENDOR, vendor, error);
}

const gchar *
sippush_receiver_get_device_model (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_DEVICE_MODEL);
}

gboolean
sippush_receiver_set_device_model (SipPushReceiver *receiver, const gchar *model, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_DEVICE_MODEL, model, error);
}

const gchar *
sippush_receiver_get_device_version (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_DEVICE_VERSION);
}

gboolean
sippush_receiver_set_device_version (SipPushReceiver *receiver, const gchar *version,
                                     GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_DEVICE_VERSION, version, error);
}

const gchar *
sippush_receiver_get_device_uaprof (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_DEVICE_UAPROF);
}

gboolean
sippush_receiver_set_device_uaprof (SipPushReceiver *receiver, const gchar *uaprof, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_DEVICE_UAPROF, uaprof, error);
}

gboolean
sippush_receiver_get_accept_refers (SipPushReceiver *receiver)
{
  return (gboolean) sippush_receiver_get_number_setting (receiver, SETTING_ACCEPT_REFERS);
}

void
sippush_receiver_set_accept_refers (SipPushReceiver *receiver, gboolean accept)
{
  sippush_receiver_set_number_setting (receiver, SETTING_ACCEPT_REFERS, accept, NULL);
}

/* ---- TLS (R-SEC-3) ---- */

const gchar *
sippush_receiver_get_tls_certificate (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_TLS_CERTIFICATE);
}

gboolean
sippush_receiver_set_tls_certificate (SipPushReceiver *receiver, const gchar *file, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_TLS_CERTIFICATE, file, error);
}

const gchar *
sippush_receiver_get_tls_key (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_TLS_KEY);
}

gboolean
sippush_receiver_set_tls_key (SipPushReceiver *receiver, const gchar *file, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_TLS_KEY, file, error);
}

const gchar *
sippush_receiver_get_tls_ca (SipPushReceiver *receiver)
{
  return sippush_receiver_get_string_setting (receiver, SETTING_TLS_CA);
}

gboolean
sippush_receiver_set_tls_ca (SipPushReceiver *receiver, const gchar *path, GError **error)
{
  return sippush_receiver_set_string_setting (receiver, SETTING_TLS_CA, path, error);
}

gboolean
sippush_receiver_get_tls_verify (SipPushReceiver *receiver)
{
  return (gboolean) sippush_receiver_get_number_setting (receiver, SETTING_TLS_VERIFY);
}

gboolean
sippush_receiver_set_tls_verify (SipPushReceiver *receiver, gboolean verify, GError **error)
{
  return sippush_receiver_set_number_setting (receiver, SETTING_TLS_VERIFY, verify, error);
}
