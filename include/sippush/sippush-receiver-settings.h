/* sippush-receiver-settings.h — typed accessors for the receiver's settings, one pair
 * per #SipPushReceiver property. The settings are read when the receiver starts, so the
 * setters fail with %SIPPUSH_ERROR_WRONG_STATE while it runs (all but
 * sippush_receiver_set_accept_refers()), and check what can be checked before start.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>
#include <sippush/sippush-version.h>
#include <sippush/sippush-types.h>

G_BEGIN_DECLS

/**
 * sippush_receiver_get_aor:
 * @receiver: a #SipPushReceiver
 *
 * Gets the user's address of record (#SipPushReceiver:aor). The string belongs to @receiver
 * and stays valid until the setting changes.
 *
 * Returns: (transfer none): the user's address of record (#SipPushReceiver:aor)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_aor (SipPushReceiver *receiver);

/**
 * sippush_receiver_get_bind_uri:
 * @receiver: a #SipPushReceiver
 *
 * Gets where the receiver listens for SIP (#SipPushReceiver:bind-uri). The string belongs
 * to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none): where the receiver listens for SIP (#SipPushReceiver:bind-uri)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_bind_uri (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_bind_uri:
 * @receiver: a stopped #SipPushReceiver
 * @uri: (nullable): a sip: or sips: URI with a port, or %NULL for the default
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:bind-uri. Whether the port can be bound is found out when the receiver
 *   starts.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_URI, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_bind_uri (SipPushReceiver *receiver, const gchar *uri,
                                        GError **error);

/**
 * sippush_receiver_get_registrar:
 * @receiver: a #SipPushReceiver
 *
 * Gets the registrar's URI (%NULL: no REGISTER) (#SipPushReceiver:registrar). The string
 * belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the registrar's URI (%NULL: no REGISTER)
 *   (#SipPushReceiver:registrar)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_registrar (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_registrar:
 * @receiver: a stopped #SipPushReceiver
 * @uri: (nullable): a sip: or sips: URI, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:registrar.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_URI, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_registrar (SipPushReceiver *receiver, const gchar *uri,
                                         GError **error);

/**
 * sippush_receiver_get_proxy:
 * @receiver: a #SipPushReceiver
 *
 * Gets the outbound proxy's URI, or %NULL (#SipPushReceiver:proxy). The string belongs to
 * @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the outbound proxy's URI, or %NULL (#SipPushReceiver:proxy)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_proxy (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_proxy:
 * @receiver: a stopped #SipPushReceiver
 * @uri: (nullable): a sip: or sips: URI, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:proxy.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_URI, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_proxy (SipPushReceiver *receiver, const gchar *uri, GError **error);

/**
 * sippush_receiver_get_username:
 * @receiver: a #SipPushReceiver
 *
 * Gets the digest user name, or %NULL (#SipPushReceiver:username). The string belongs to
 * @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the digest user name, or %NULL (#SipPushReceiver:username)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_username (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_username:
 * @receiver: a stopped #SipPushReceiver
 * @username: (nullable): the value, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:username.
 *
 * Returns: %TRUE, or %FALSE with or %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_username (SipPushReceiver *receiver, const gchar *username,
                                        GError **error);

/**
 * sippush_receiver_get_password:
 * @receiver: a #SipPushReceiver
 *
 * Gets the digest password, or %NULL (#SipPushReceiver:password). The string belongs to
 * @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the digest password, or %NULL (#SipPushReceiver:password)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_password (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_password:
 * @receiver: a stopped #SipPushReceiver
 * @password: (nullable): the value, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:password.
 *
 * Returns: %TRUE, or %FALSE with or %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_password (SipPushReceiver *receiver, const gchar *password,
                                        GError **error);

/**
 * sippush_receiver_get_expires:
 * @receiver: a #SipPushReceiver
 *
 * Gets the registration expiry to ask for (#SipPushReceiver:expires).
 *
 * Returns: the registration expiry to ask for (#SipPushReceiver:expires)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_expires (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_expires:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 2147483647
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:expires.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_expires (SipPushReceiver *receiver, guint seconds, GError **error);

/**
 * sippush_receiver_get_delivery_timeout:
 * @receiver: a #SipPushReceiver
 *
 * Gets the seconds an application has to answer a delivery
 * (#SipPushReceiver:delivery-timeout).
 *
 * Returns: the seconds an application has to answer a delivery (#SipPushReceiver:delivery-timeout)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_delivery_timeout (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_delivery_timeout:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 3600
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:delivery-timeout.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_delivery_timeout (SipPushReceiver *receiver, guint seconds,
                                                GError **error);

/**
 * sippush_receiver_get_max_pending_deliveries:
 * @receiver: a #SipPushReceiver
 *
 * Gets how many deliveries may wait for their applications
 * (#SipPushReceiver:max-pending-deliveries).
 *
 * Returns: how many deliveries may wait for their applications
 *   (#SipPushReceiver:max-pending-deliveries)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_max_pending_deliveries (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_pending_deliveries:
 * @receiver: a stopped #SipPushReceiver
 * @count: the new value, 1 to 1048576
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-pending-deliveries.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_pending_deliveries (SipPushReceiver *receiver, guint count,
                                                      GError **error);

/**
 * sippush_receiver_get_max_message_size:
 * @receiver: a #SipPushReceiver
 *
 * Gets the largest SIP message accepted (#SipPushReceiver:max-message-size).
 *
 * Returns: the largest SIP message accepted (#SipPushReceiver:max-message-size)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_max_message_size (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_message_size:
 * @receiver: a stopped #SipPushReceiver
 * @bytes: the new value, 65536 to 67108864
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-message-size.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_message_size (SipPushReceiver *receiver, guint bytes,
                                                GError **error);

/**
 * sippush_receiver_get_idle_timeout:
 * @receiver: a #SipPushReceiver
 *
 * Gets the TCP idle timeout (#SipPushReceiver:idle-timeout).
 *
 * Returns: the TCP idle timeout (#SipPushReceiver:idle-timeout)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_idle_timeout (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_idle_timeout:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 86400
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:idle-timeout.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_idle_timeout (SipPushReceiver *receiver, guint seconds,
                                            GError **error);

/**
 * sippush_receiver_get_sip_message_timeout:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:sip-message-timeout.
 *
 * Returns: the time to complete a begun SIP message (#SipPushReceiver:sip-message-timeout)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_sip_message_timeout (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_sip_message_timeout:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 3600
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:sip-message-timeout.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_sip_message_timeout (SipPushReceiver *receiver, guint seconds,
                                                   GError **error);

/**
 * sippush_receiver_get_max_sip_connections:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:max-sip-connections.
 *
 * Returns: the SIP connection limit (#SipPushReceiver:max-sip-connections)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_max_sip_connections (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_sip_connections:
 * @receiver: a stopped #SipPushReceiver
 * @count: the new value, 1 to 100000
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-sip-connections.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_sip_connections (SipPushReceiver *receiver, guint count,
                                                   GError **error);

/**
 * sippush_receiver_get_max_sip_connections_per_source:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:max-sip-connections-per-source.
 *
 * Returns: the SIP connection limit per source address
 * (#SipPushReceiver:max-sip-connections-per-source)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_max_sip_connections_per_source (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_sip_connections_per_source:
 * @receiver: a stopped #SipPushReceiver
 * @count: the new value, 1 to 100000
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-sip-connections-per-source.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_sip_connections_per_source (SipPushReceiver *receiver,
                                                              guint count, GError **error);

/**
 * sippush_receiver_get_max_sip_buffered:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:max-sip-buffered.
 *
 * Returns: the bound on bytes of begun SIP messages (#SipPushReceiver:max-sip-buffered)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_max_sip_buffered (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_sip_buffered:
 * @receiver: a stopped #SipPushReceiver
 * @bytes: the new value, 65536 to 1073741824
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-sip-buffered.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_sip_buffered (SipPushReceiver *receiver, guint bytes,
                                                GError **error);

/**
 * sippush_receiver_get_sip_transaction_lifetime:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:sip-transaction-lifetime.
 *
 * Returns: the SIP transaction lifetime (#SipPushReceiver:sip-transaction-lifetime)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_sip_transaction_lifetime (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_sip_transaction_lifetime:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 32
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:sip-transaction-lifetime.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_sip_transaction_lifetime (SipPushReceiver *receiver, guint seconds,
                                                        GError **error);

/**
 * sippush_receiver_get_retry_interval_min:
 * @receiver: a #SipPushReceiver
 *
 * Gets the first retry delay (#SipPushReceiver:retry-interval-min).
 *
 * Returns: the first retry delay (#SipPushReceiver:retry-interval-min)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_retry_interval_min (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_retry_interval_min:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 86400
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:retry-interval-min.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_retry_interval_min (SipPushReceiver *receiver, guint seconds,
                                                  GError **error);

/**
 * sippush_receiver_get_retry_interval_max:
 * @receiver: a #SipPushReceiver
 *
 * Gets the longest retry delay (#SipPushReceiver:retry-interval-max).
 *
 * Returns: the longest retry delay (#SipPushReceiver:retry-interval-max)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_retry_interval_max (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_retry_interval_max:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 86400
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:retry-interval-max.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_retry_interval_max (SipPushReceiver *receiver, guint seconds,
                                                  GError **error);

/**
 * sippush_receiver_get_file_directory:
 * @receiver: a #SipPushReceiver
 *
 * Gets the directory for pushed files, or %NULL (#SipPushReceiver:file-directory). The
 * string belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable) (type filename): the directory for pushed files, or %NULL
 *   (#SipPushReceiver:file-directory)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_file_directory (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_file_directory:
 * @receiver: a stopped #SipPushReceiver
 * @directory: (nullable) (type filename): the value, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:file-directory.
 *
 * Returns: %TRUE, or %FALSE with or %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_file_directory (SipPushReceiver *receiver, const gchar *directory,
                                              GError **error);

/**
 * sippush_receiver_get_msrp_bind:
 * @receiver: a #SipPushReceiver
 *
 * Gets the MSRP listen address `HOST:PORT`, or %NULL (#SipPushReceiver:msrp-bind). The
 * string belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the MSRP listen address `HOST:PORT`, or %NULL
 *   (#SipPushReceiver:msrp-bind)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_msrp_bind (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_msrp_bind:
 * @receiver: a stopped #SipPushReceiver
 * @address: (nullable): the value, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:msrp-bind. The address is checked when the receiver starts
 *   (%SIPPUSH_ERROR_BIND).
 *
 * Returns: %TRUE, or %FALSE with or %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_msrp_bind (SipPushReceiver *receiver, const gchar *address,
                                         GError **error);

/**
 * sippush_receiver_get_msrp_relay:
 * @receiver: a #SipPushReceiver
 *
 * Gets the receiver's own MSRP relay URI, or %NULL (#SipPushReceiver:msrp-relay). The
 * string belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the MSRP relay URI, or %NULL
 *   (#SipPushReceiver:msrp-relay)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_msrp_relay (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_msrp_relay:
 * @receiver: a stopped #SipPushReceiver
 * @uri: (nullable): `msrp://HOST:PORT`, or %NULL for no relay
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:msrp-relay. The URI is checked when the receiver starts
 *   (%SIPPUSH_ERROR_BIND; `msrps:` is refused).
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_msrp_relay (SipPushReceiver *receiver, const gchar *uri,
                                          GError **error);

/**
 * sippush_receiver_get_max_file_size:
 * @receiver: a #SipPushReceiver
 *
 * Gets the largest MSRP message taken (0: no limit) (#SipPushReceiver:max-file-size).
 *
 * Returns: the largest MSRP message taken (0: no limit) (#SipPushReceiver:max-file-size)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint64 sippush_receiver_get_max_file_size (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_file_size:
 * @receiver: a stopped #SipPushReceiver
 * @bytes: the limit in bytes, 0 for none
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-file-size.
 *
 * Returns: %TRUE, or %FALSE with or %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_file_size (SipPushReceiver *receiver, guint64 bytes,
                                             GError **error);

/**
 * sippush_receiver_get_max_sessions:
 * @receiver: a #SipPushReceiver
 *
 * Gets how many INVITE sessions may be open (#SipPushReceiver:max-sessions).
 *
 * Returns: how many INVITE sessions may be open (#SipPushReceiver:max-sessions)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_max_sessions (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_sessions:
 * @receiver: a stopped #SipPushReceiver
 * @count: the new value, 1 to 100000
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-sessions.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_sessions (SipPushReceiver *receiver, guint count, GError **error);

/**
 * sippush_receiver_get_max_msrp_connections:
 * @receiver: a #SipPushReceiver
 *
 * Gets how many MSRP connections may be open (#SipPushReceiver:max-msrp-connections).
 *
 * Returns: how many MSRP connections may be open (#SipPushReceiver:max-msrp-connections)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_max_msrp_connections (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_msrp_connections:
 * @receiver: a stopped #SipPushReceiver
 * @count: the new value, 1 to 100000
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-msrp-connections.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_msrp_connections (SipPushReceiver *receiver, guint count,
                                                    GError **error);

/**
 * sippush_receiver_get_msrp_idle_timeout:
 * @receiver: a #SipPushReceiver
 *
 * Gets the MSRP idle timeout (#SipPushReceiver:msrp-idle-timeout).
 *
 * Returns: the MSRP idle timeout (#SipPushReceiver:msrp-idle-timeout)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_msrp_idle_timeout (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_msrp_idle_timeout:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 86400
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:msrp-idle-timeout.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_msrp_idle_timeout (SipPushReceiver *receiver, guint seconds,
                                                 GError **error);

/**
 * sippush_receiver_get_msrp_bind_timeout:
 * @receiver: a #SipPushReceiver
 *
 * Gets the time an MSRP connection has to name a session (#SipPushReceiver:msrp-bind-timeout).
 *
 * Returns: the time an MSRP connection has to name a session, in seconds
 * (#SipPushReceiver:msrp-bind-timeout)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_msrp_bind_timeout (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_msrp_bind_timeout:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 3600
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:msrp-bind-timeout.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_msrp_bind_timeout (SipPushReceiver *receiver, guint seconds,
                                                 GError **error);

/**
 * sippush_receiver_get_msrp_connect_timeout:
 * @receiver: a #SipPushReceiver
 *
 * Gets the time a sender has to begin an accepted file (#SipPushReceiver:msrp-connect-timeout).
 *
 * Returns: the time a sender has to begin an accepted file, in seconds
 * (#SipPushReceiver:msrp-connect-timeout)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_msrp_connect_timeout (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_msrp_connect_timeout:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 86400
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:msrp-connect-timeout.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_msrp_connect_timeout (SipPushReceiver *receiver, guint seconds,
                                                    GError **error);

/**
 * sippush_receiver_get_msrp_stall_timeout:
 * @receiver: a #SipPushReceiver
 *
 * Gets the time a file in progress may stall (#SipPushReceiver:msrp-stall-timeout).
 *
 * Returns: the time a file in progress may stall, in seconds (#SipPushReceiver:msrp-stall-timeout)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_msrp_stall_timeout (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_msrp_stall_timeout:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 86400
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:msrp-stall-timeout.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_msrp_stall_timeout (SipPushReceiver *receiver, guint seconds,
                                                  GError **error);

/**
 * sippush_receiver_get_session_expires:
 * @receiver: a #SipPushReceiver
 *
 * Gets the session-timer interval (#SipPushReceiver:session-expires).
 *
 * Returns: the session-timer interval (#SipPushReceiver:session-expires)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_session_expires (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_session_expires:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 90 to 86400
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:session-expires.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_session_expires (SipPushReceiver *receiver, guint seconds,
                                               GError **error);

/**
 * sippush_receiver_get_msrp_connect_out:
 * @receiver: a #SipPushReceiver
 *
 * Gets whether to connect out for `actpass` offers (#SipPushReceiver:msrp-connect-out).
 *
 * Returns: whether to connect out for `actpass` offers (#SipPushReceiver:msrp-connect-out)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_get_msrp_connect_out (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_msrp_connect_out:
 * @receiver: a stopped #SipPushReceiver
 * @connect_out: the new value
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:msrp-connect-out.
 *
 * Returns: %TRUE, or %FALSE with or %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_msrp_connect_out (SipPushReceiver *receiver, gboolean connect_out,
                                                GError **error);

/**
 * sippush_receiver_get_hash_files:
 * @receiver: a #SipPushReceiver
 *
 * Gets whether every received file is hashed (#SipPushReceiver:hash-files).
 *
 * Returns: whether every received file is hashed (#SipPushReceiver:hash-files)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_get_hash_files (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_hash_files:
 * @receiver: a stopped #SipPushReceiver
 * @hash_files: the new value
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:hash-files.
 *
 * Returns: %TRUE, or %FALSE with or %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_hash_files (SipPushReceiver *receiver, gboolean hash_files,
                                          GError **error);

/**
 * sippush_receiver_get_max_icon_size:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:max-icon-size.
 *
 * Returns: the largest file icon handed to the application, in bytes
 *   (#SipPushReceiver:max-icon-size)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_max_icon_size (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_max_icon_size:
 * @receiver: a stopped #SipPushReceiver
 * @bytes: the limit in bytes, 0 to 16 MiB (0: no icons)
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:max-icon-size.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range) or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_max_icon_size (SipPushReceiver *receiver, guint bytes,
                                             GError **error);

/**
 * sippush_receiver_get_subscribe:
 * @receiver: a #SipPushReceiver
 *
 * Gets whether the receiver subscribes to push events (#SipPushReceiver:subscribe).
 *
 * Returns: whether the receiver subscribes to push events (#SipPushReceiver:subscribe)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_get_subscribe (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_subscribe:
 * @receiver: a stopped #SipPushReceiver
 * @subscribe: the new value
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:subscribe.
 *
 * Returns: %TRUE, or %FALSE with or %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_subscribe (SipPushReceiver *receiver, gboolean subscribe,
                                         GError **error);

/**
 * sippush_receiver_get_subscribe_uri:
 * @receiver: a #SipPushReceiver
 *
 * Gets the push subscription's URI (%NULL: the AOR) (#SipPushReceiver:subscribe-uri). The
 * string belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the push subscription's URI (%NULL: the AOR)
 *   (#SipPushReceiver:subscribe-uri)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_subscribe_uri (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_subscribe_uri:
 * @receiver: a stopped #SipPushReceiver
 * @uri: (nullable): a sip: or sips: URI, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:subscribe-uri.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_URI, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_subscribe_uri (SipPushReceiver *receiver, const gchar *uri,
                                             GError **error);

/**
 * sippush_receiver_get_subscribe_expires:
 * @receiver: a #SipPushReceiver
 *
 * Gets the subscription expiry to ask for (#SipPushReceiver:subscribe-expires).
 *
 * Returns: the subscription expiry to ask for (#SipPushReceiver:subscribe-expires)
 */
SIPPUSH_AVAILABLE_IN_ALL
guint sippush_receiver_get_subscribe_expires (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_subscribe_expires:
 * @receiver: a stopped #SipPushReceiver
 * @seconds: the new value, 1 to 2147483647
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:subscribe-expires.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE (out of range), or
 *   %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_subscribe_expires (SipPushReceiver *receiver, guint seconds,
                                                 GError **error);

/**
 * sippush_receiver_get_preferred_identity:
 * @receiver: a #SipPushReceiver
 *
 * Gets the P-Preferred-Identity URI, or %NULL (#SipPushReceiver:preferred-identity). The
 * string belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the P-Preferred-Identity URI, or %NULL
 *   (#SipPushReceiver:preferred-identity)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_preferred_identity (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_preferred_identity:
 * @receiver: a stopped #SipPushReceiver
 * @uri: (nullable): a sip: or sips: URI, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:preferred-identity.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_URI, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_preferred_identity (SipPushReceiver *receiver, const gchar *uri,
                                                  GError **error);

/**
 * sippush_receiver_get_device_vendor:
 * @receiver: a #SipPushReceiver
 *
 * Gets the device vendor Event parameter, or %NULL (#SipPushReceiver:device-vendor). The
 * string belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the device vendor Event parameter, or %NULL
 *   (#SipPushReceiver:device-vendor)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_device_vendor (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_device_vendor:
 * @receiver: a stopped #SipPushReceiver
 * @vendor: (nullable): the value (printable UTF-8 without `"` or `\`, at most 256 bytes), or %NULL
 *   to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:device-vendor.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_device_vendor (SipPushReceiver *receiver, const gchar *vendor,
                                             GError **error);

/**
 * sippush_receiver_get_device_model:
 * @receiver: a #SipPushReceiver
 *
 * Gets the device model Event parameter, or %NULL (#SipPushReceiver:device-model). The
 * string belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the device model Event parameter, or %NULL
 *   (#SipPushReceiver:device-model)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_device_model (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_device_model:
 * @receiver: a stopped #SipPushReceiver
 * @model: (nullable): the value (printable UTF-8 without `"` or `\`, at most 256 bytes), or %NULL
 *   to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:device-model.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_device_model (SipPushReceiver *receiver, const gchar *model,
                                            GError **error);

/**
 * sippush_receiver_get_device_version:
 * @receiver: a #SipPushReceiver
 *
 * Gets the device version Event parameter, or %NULL (#SipPushReceiver:device-version). The
 * string belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the device version Event parameter, or %NULL
 *   (#SipPushReceiver:device-version)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_device_version (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_device_version:
 * @receiver: a stopped #SipPushReceiver
 * @version: (nullable): the value (printable UTF-8 without `"` or `\`, at most 256 bytes), or
 *   %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:device-version.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_device_version (SipPushReceiver *receiver, const gchar *version,
                                              GError **error);

/**
 * sippush_receiver_get_device_uaprof:
 * @receiver: a #SipPushReceiver
 *
 * Gets the device's UAProf link, or %NULL (#SipPushReceiver:device-uaprof). The string
 * belongs to @receiver and stays valid until the setting changes.
 *
 * Returns: (transfer none) (nullable): the device's UAProf link, or %NULL
 *   (#SipPushReceiver:device-uaprof)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_device_uaprof (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_device_uaprof:
 * @receiver: a stopped #SipPushReceiver
 * @uaprof: (nullable): the value (printable UTF-8 without `"` or `\`, at most 256 bytes), or %NULL
 *   to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:device-uaprof.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_VALUE, or %SIPPUSH_ERROR_WRONG_STATE when
 *   the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_device_uaprof (SipPushReceiver *receiver, const gchar *uaprof,
                                             GError **error);

/**
 * sippush_receiver_get_accept_refers:
 * @receiver: a #SipPushReceiver
 *
 * Gets the answer to REFERs when no hook decides (#SipPushReceiver:accept-refers).
 *
 * Returns: the answer to REFERs when no hook decides (#SipPushReceiver:accept-refers)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_get_accept_refers (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_accept_refers:
 * @receiver: a #SipPushReceiver
 * @accept: %TRUE to accept REFERs, %FALSE to decline them
 *
 * Sets #SipPushReceiver:accept-refers. It may change while the receiver runs: the next
 * REFER gets the new answer.
 */
SIPPUSH_AVAILABLE_IN_ALL
void sippush_receiver_set_accept_refers (SipPushReceiver *receiver, gboolean accept);

/**
 * sippush_receiver_get_tls_certificate:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:tls-certificate.
 *
 * Returns: (transfer none) (nullable) (type filename): the PEM file of the TLS certificate
 *   chain, or %NULL (#SipPushReceiver:tls-certificate)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_tls_certificate (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_tls_certificate:
 * @receiver: a stopped #SipPushReceiver
 * @file: (nullable) (type filename): a PEM file, own certificate first, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:tls-certificate. The file is read when the receiver starts
 *   (%SIPPUSH_ERROR_INVALID_VALUE then if it is not a usable certificate and key).
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_tls_certificate (SipPushReceiver *receiver, const gchar *file,
                                               GError **error);

/**
 * sippush_receiver_get_tls_key:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:tls-key.
 *
 * Returns: (transfer none) (nullable) (type filename): the PEM file of the TLS private key,
 *   or %NULL when the certificate file holds it (#SipPushReceiver:tls-key)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_tls_key (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_tls_key:
 * @receiver: a stopped #SipPushReceiver
 * @file: (nullable) (type filename): a PEM file, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:tls-key.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_tls_key (SipPushReceiver *receiver, const gchar *file,
                                       GError **error);

/**
 * sippush_receiver_get_tls_ca:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:tls-ca.
 *
 * Returns: (transfer none) (nullable) (type filename): the PEM file or directory of trusted
 *   certificate authorities, or %NULL for the system store (#SipPushReceiver:tls-ca)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_receiver_get_tls_ca (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_tls_ca:
 * @receiver: a stopped #SipPushReceiver
 * @path: (nullable) (type filename): a PEM file or a directory of PEM files, or %NULL for
 *   the system store
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:tls-ca.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_tls_ca (SipPushReceiver *receiver, const gchar *path, GError **error);

/**
 * sippush_receiver_get_tls_verify:
 * @receiver: a #SipPushReceiver
 *
 * Gets #SipPushReceiver:tls-verify.
 *
 * Returns: whether TLS peers are verified (#SipPushReceiver:tls-verify)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_get_tls_verify (SipPushReceiver *receiver);

/**
 * sippush_receiver_set_tls_verify:
 * @receiver: a stopped #SipPushReceiver
 * @verify: %FALSE to accept any TLS peer (tests only)
 * @error: return location for a #GError, or %NULL
 *
 * Sets #SipPushReceiver:tls-verify.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_WRONG_STATE when the receiver is running
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_tls_verify (SipPushReceiver *receiver, gboolean verify,
                                          GError **error);

G_END_DECLS
