/* sippush-app.h — a push application added to a receiver.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>
#include <sippush/sippush-version.h>
#include <sippush/sippush-types.h>
#include <sippush/sippush-delivery.h>
#include <sippush/sippush-file-offer.h>

G_BEGIN_DECLS

#define SIPPUSH_TYPE_APP (sippush_app_get_type ())
SIPPUSH_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipPushApp, sippush_app, SIPPUSH, APP, GObject)

/**
 * SipPushApp:
 *
 * A push application: what sippush_receiver_add_app() returns. It names the ARI pushes
 * must carry to reach it (none for the catch-all application), the content types it
 * takes, and the callbacks that get its pushes and decide on the files offered to it.
 *
 * The receiver owns the application until sippush_receiver_remove_app() (or the
 * receiver's end); take a reference with g_object_ref() to use it longer. An application
 * removed from its receiver gets no new pushes, but a push already routed to it (a file
 * still streaming in) still reaches its #SipPushAppFunc. Its callbacks' destroy notifies
 * run when the application is finalized: once it is removed and the last reference,
 * yours or that of a push in flight, is gone.
 *
 * An application is used only in its receiver's #GMainContext thread.
 */

/**
 * SipPushAppFunc:
 * @receiver: the receiver
 * @delivery: the push; answer it with sippush_delivery_accept() or
 *   sippush_delivery_reject(), now or later (then keep a reference)
 * @user_data: the data given to sippush_receiver_add_app()
 *
 * Called in the receiver's main context for every push routed to an application.
 * The callback may add or remove applications and may stop the receiver.
 */
typedef void (*SipPushAppFunc) (SipPushReceiver *receiver, SipPushDelivery *delivery,
                                gpointer user_data);

/**
 * SipPushFileOfferFunc:
 * @receiver: the receiver
 * @offer: one offered file; decide with sippush_file_offer_accept() or
 *   sippush_file_offer_refuse() before returning
 * @user_data: the data given to sippush_app_set_file_offer_func()
 *
 * Called in the receiver's main context for each file of an INVITE routed to the
 * application, before the INVITE is answered (R-INV-4). Must not stop the receiver.
 */
typedef void (*SipPushFileOfferFunc) (SipPushReceiver *receiver, SipPushFileOffer *offer,
                                      gpointer user_data);

/**
 * sippush_app_get_id:
 * @app: a #SipPushApp
 *
 * Gets the application's canonical ARI (the id given to sippush_receiver_add_app() in any
 * form, canonicalised by sippush_ari_from_app_id()), or %NULL for the catch-all
 * application. It belongs to @app and lives as long as @app.
 *
 * Returns: (transfer none) (nullable): the application's canonical ARI (the id given to
 *   sippush_receiver_add_app() in any form, canonicalised by sippush_ari_from_app_id()),
 *   or %NULL for the catch-all application
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_app_get_id (SipPushApp *app);

/**
 * sippush_app_set_accept_types:
 * @app: a #SipPushApp
 * @types: (array zero-terminated=1) (nullable): MIME types (`type/subtype`, `type/ *`
 *   or `*` written without the space) the application takes, or %NULL for any
 *
 * Limits the content types the application takes. A MESSAGE for it with another type is
 * refused `415 Unsupported Media Type` with an Accept header; an MSRP offer of another
 * type is refused; a NOTIFY goes to the first application whose types list its type. The
 * types are copied. A push subscription already made keeps the Accept header it was made
 * with until the application set changes.
 */
SIPPUSH_AVAILABLE_IN_ALL
void sippush_app_set_accept_types (SipPushApp *app, const gchar *const *types);

/**
 * sippush_app_get_accept_types:
 * @app: a #SipPushApp
 *
 * Gets the content types the application takes, or %NULL when it takes any. The array
 * belongs to @app and stays valid until the types are set again.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the content types the
 *   application takes, or %NULL when it takes any
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *const *sippush_app_get_accept_types (SipPushApp *app);

/**
 * sippush_app_set_file_offer_func:
 * @app: a #SipPushApp
 * @func: (scope notified) (closure user_data) (destroy destroy) (nullable): decides on
 *   each offered file, or %NULL to remove the handler
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the handler is replaced or the application
 *   finalized
 *
 * Lets the application decide, file by file, what an MSRP push may send it and where the
 * file is stored. Without a handler the application takes every offered file whose type
 * it accepts (sippush_app_set_accept_types()) into #SipPushReceiver:file-directory, and
 * refuses all files when that property is unset. Replacing a handler destroys the old
 * one's @user_data at once.
 *
 * The finished file then reaches the application's #SipPushAppFunc as a delivery of
 * method %SIPPUSH_METHOD_MSRP (sippush_delivery_get_file()); a transfer that fails is
 * reported by #SipPushReceiver::transfer-failed, and progress by
 * #SipPushReceiver::transfer-progress.
 */
SIPPUSH_AVAILABLE_IN_ALL
void sippush_app_set_file_offer_func (SipPushApp *app, SipPushFileOfferFunc func,
                                      gpointer user_data, GDestroyNotify destroy);

G_END_DECLS
