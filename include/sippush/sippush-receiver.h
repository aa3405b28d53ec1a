/* sippush-receiver.h — the Push Receiver agent.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <sippush/sippush-version.h>
#include <sippush/sippush-delivery.h>
#include <sippush/sippush-file-offer.h>
#include <sippush/sippush-app.h>

G_BEGIN_DECLS

#define SIPPUSH_TYPE_RECEIVER (sippush_receiver_get_type ())
SIPPUSH_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipPushReceiver, sippush_receiver, SIPPUSH, RECEIVER, GObject)

/**
 * SipPushReceiver:
 *
 * The Push Receiver agent of one user (its address of record). Configure it with its
 * typed setters (sippush_receiver_set_registrar(), …) or its properties, add
 * applications with sippush_receiver_add_app(), then call
 * sippush_receiver_start_async(). The settings are read when the receiver starts and are
 * fixed while it runs: a setter then fails with %SIPPUSH_ERROR_WRONG_STATE, and
 * g_object_set() warns and changes nothing (#SipPushReceiver:accept-refers alone may
 * change at any time). The setters check their value at once; values set with
 * g_object_set() are checked when the receiver starts. It listens for SIP on
 * #SipPushReceiver:bind-uri (UDP and TCP on the same port), REGISTERs at #SipPushReceiver:registrar
 * when one is set, and hands every push to the application it is addressed to.
 *
 * Threading: the receiver lives in the thread-default #GMainContext of the thread that
 * created it; every callback and signal is emitted there, and all calls must be made from
 * that thread. Creating the first receiver calls sofia-sip's `su_init()`, which ignores
 * SIGPIPE for the whole process and reads the `*_DEBUG` and `TPORT_LOG` environment
 * variables. sofia-sip's log lines are routed to g_log() in the `sippush-sofia` domain at
 * debug level.
 *
 * Life cycle: a started receiver keeps a reference to itself until
 * sippush_receiver_stop_async() has finished, so dropping the last reference of the host
 * does not tear down the SIP stack behind its back. Stopping de-registers and answers any
 * push still waiting for its application `503`; finalizing sends nothing.
 */

/**
 * sippush_receiver_new:
 * @aor: the user's address of record, a sip: or sips: URI (`sip:alice@example.org`)
 * @error: return location for a #GError, or %NULL
 *
 * Creates a stopped receiver in the calling thread's thread-default main context.
 *
 * Returns: (transfer full) (nullable): a new receiver, or %NULL with
 *   %SIPPUSH_ERROR_INVALID_URI
 */
SIPPUSH_AVAILABLE_IN_ALL
SipPushReceiver *sippush_receiver_new (const gchar *aor, GError **error);

/**
 * sippush_receiver_add_app:
 * @receiver: a #SipPushReceiver
 * @app_id: (nullable): the application's push application id (ARI, OMNA URN or numeric
 *   id, see sippush_ari_from_app_id()), or %NULL for the catch-all default application
 * @callback: (scope notified) (closure user_data) (destroy destroy): called for each push
 * @user_data: data for @callback
 * @destroy: (nullable): frees @user_data when the application is finalized (see
 *   #SipPushApp)
 * @error: return location for a #GError, or %NULL
 *
 * Registers a push application (R-DSP-1). Pushes whose Accept-Contact names its ARI go to
 * @callback. The catch-all application (@app_id %NULL) is not advertised; it gets pushes
 * that name no ARI when no default application is set with
 * sippush_receiver_set_default_app(). While registered, adding an application
 * re-REGISTERs with the new `+g.oma.pusheventappp` list (R-REG-2).
 *
 * Returns: (transfer none) (nullable): the application, owned by @receiver until it is
 *   removed (g_object_ref() it to keep it longer), or %NULL with
 *   %SIPPUSH_ERROR_INVALID_APP_ID, %SIPPUSH_ERROR_UNKNOWN_APP_ID or
 *   %SIPPUSH_ERROR_APP_EXISTS (then @destroy is not called)
 */
SIPPUSH_AVAILABLE_IN_ALL
SipPushApp *sippush_receiver_add_app (SipPushReceiver *receiver, const gchar *app_id,
                                      SipPushAppFunc callback, gpointer user_data,
                                      GDestroyNotify destroy, GError **error);

/**
 * sippush_receiver_remove_app:
 * @receiver: a #SipPushReceiver
 * @app: an application added to @receiver
 * @error: return location for a #GError, or %NULL
 *
 * Removes an application; later pushes for it are refused `480` (R-MSG-3), and when it
 * was the default application pushes naming no ARI go to the catch-all again. Deliveries
 * it already got stay valid. Re-REGISTERs with the shorter list (R-REG-2). The receiver
 * drops its reference: @app is finalized now unless someone else holds one.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_NO_SUCH_APP when @app is not (or no
 *   longer) added to @receiver
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_remove_app (SipPushReceiver *receiver, SipPushApp *app, GError **error);

/**
 * sippush_receiver_lookup_app:
 * @receiver: a #SipPushReceiver
 * @app_id: (nullable): a push application id in any of its forms (see
 *   sippush_ari_from_app_id()), or %NULL for the catch-all application
 *
 * Finds an added application by its id: `mms.ua`, `x-wap-application:mms.ua` and `0x04`
 * find the same one.
 *
 * Returns: (transfer none) (nullable): the added application with this id, or %NULL
 *   when there is none or @app_id is not a valid id
 */
SIPPUSH_AVAILABLE_IN_ALL
SipPushApp *sippush_receiver_lookup_app (SipPushReceiver *receiver, const gchar *app_id);

/**
 * sippush_receiver_set_default_app:
 * @receiver: a #SipPushReceiver
 * @app: (nullable): an application added to @receiver, or %NULL to unset
 * @error: return location for a #GError, or %NULL
 *
 * Chooses the application that gets pushes naming no ARI (R-MSG-2). Without one they go
 * to the catch-all application, and without that they are refused `480`. Choosing the
 * catch-all application is the same as unsetting.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_NO_SUCH_APP when @app is not added to
 *   @receiver
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_set_default_app (SipPushReceiver *receiver, SipPushApp *app,
                                           GError **error);

/**
 * sippush_receiver_dup_app_ids:
 * @receiver: a #SipPushReceiver
 *
 * Lists the ARIs the receiver serves: the ones it advertises in its REGISTER and
 * subscription. Free the array with g_strfreev().
 *
 * Returns: (transfer full) (array zero-terminated=1): the ARIs of the added applications
 *   in the order they were added (the catch-all application is not listed)
 */
SIPPUSH_AVAILABLE_IN_ALL
gchar **sippush_receiver_dup_app_ids (SipPushReceiver *receiver);

/**
 * sippush_receiver_add_trusted_sender:
 * @receiver: a #SipPushReceiver
 * @uri: a sender URI (sip:, sips: or tel:)
 * @error: return location for a #GError, or %NULL
 *
 * Adds @uri to the sender allow-list (R-DSP-4). While the list is empty every sender is
 * accepted; once it has an entry, a push whose P-Asserted-Identity (or, without one, From)
 * URI is not on the list is refused `403 Forbidden`. URIs are compared as SIP URIs
 * (scheme, user, host, port; parameters ignored). P-Asserted-Identity is believed as it
 * comes (RFC 3325): the list only protects a device whose SIP traffic reaches it through
 * a proxy of its trust domain that removes the header from untrusted requests.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_INVALID_URI
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_add_trusted_sender (SipPushReceiver *receiver, const gchar *uri,
                                              GError **error);

/**
 * sippush_receiver_start_async:
 * @receiver: a stopped #SipPushReceiver
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (nullable): called when the listeners are up
 * @user_data: data for @callback
 *
 * Opens the SIP listeners and, when a registrar is configured, starts registering. It
 * finishes as soon as the listeners accept traffic, without waiting for the REGISTER:
 * follow #SipPushReceiver::registered and #SipPushReceiver::registration-failed for that.
 */
SIPPUSH_AVAILABLE_IN_ALL
void sippush_receiver_start_async (SipPushReceiver *receiver, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);

/**
 * sippush_receiver_start_finish:
 * @receiver: a #SipPushReceiver
 * @result: the #GAsyncResult
 * @error: return location for a #GError, or %NULL
 *
 * Finishes sippush_receiver_start_async(), in the callback it was given.
 *
 * Returns: %TRUE when listening, or %FALSE with %SIPPUSH_ERROR_BIND,
 *   %SIPPUSH_ERROR_WRONG_STATE or %G_IO_ERROR_CANCELLED
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_start_finish (SipPushReceiver *receiver, GAsyncResult *result,
                                        GError **error);

/**
 * sippush_receiver_stop_async:
 * @receiver: a started #SipPushReceiver
 * @cancellable: (nullable): not used: once begun, the shutdown always runs to its end
 *   (de-registration included), so there is nothing to cancel
 * @callback: (scope async) (nullable): called when the SIP stack has shut down
 * @user_data: data for @callback
 *
 * De-registers (`Expires: 0`), answers pending deliveries `503` and closes the listeners.
 */
SIPPUSH_AVAILABLE_IN_ALL
void sippush_receiver_stop_async (SipPushReceiver *receiver, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);

/**
 * sippush_receiver_stop_finish:
 * @receiver: a #SipPushReceiver
 * @result: the #GAsyncResult
 * @error: return location for a #GError, or %NULL
 *
 * Finishes sippush_receiver_stop_async(), in the callback it was given. The receiver may
 * then be configured and started again, or dropped.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_WRONG_STATE
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_receiver_stop_finish (SipPushReceiver *receiver, GAsyncResult *result,
                                       GError **error);

/**
 * sippush_receiver_dup_contact_uri:
 * @receiver: a #SipPushReceiver
 *
 * Tells where a started receiver listens for SIP, with the port it actually bound (useful
 * with a bind URI of port 0). Free the string with g_free().
 *
 * Returns: (transfer full) (nullable): the SIP URI the receiver listens on: the bind URI's
 *   scheme, host and port (`sip:127.0.0.1:5070`), or %NULL when it is not started
 */
SIPPUSH_AVAILABLE_IN_ALL
gchar *sippush_receiver_dup_contact_uri (SipPushReceiver *receiver);

/**
 * sippush_receiver_dup_tls_contact_uri:
 * @receiver: a #SipPushReceiver
 *
 * Where the running receiver listens for SIP over TLS (R-SEC-3): the #SipPushReceiver:bind-uri
 * itself when it is a `sips:` (or `;transport=tls`) URI, else its host on the next port up,
 * which is listened on when #SipPushReceiver:tls-certificate is set or the registrar or
 * proxy is a TLS URI.
 *
 * Returns: (transfer full) (nullable): `sips:HOST:PORT`, or %NULL when the receiver is not
 *   running or has no TLS listener
 */
SIPPUSH_AVAILABLE_IN_ALL
gchar *sippush_receiver_dup_tls_contact_uri (SipPushReceiver *receiver);

/**
 * sippush_receiver_dup_msrp_uri:
 * @receiver: a #SipPushReceiver
 *
 * Tells where a started receiver listens for MSRP connections, with the port it actually
 * bound. Free the string with g_free().
 *
 * Returns: (transfer full) (nullable): where the receiver listens for MSRP
 *   (`msrp://127.0.0.1:40123`), or %NULL when it is not started
 */
SIPPUSH_AVAILABLE_IN_ALL
gchar *sippush_receiver_dup_msrp_uri (SipPushReceiver *receiver);

G_END_DECLS
