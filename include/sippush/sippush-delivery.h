/* sippush-delivery.h — one piece of push content on its way to an application.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <sippush/sippush-file-offer.h>
#include <sippush/sippush-version.h>

G_BEGIN_DECLS

/**
 * SipPushMethod:
 * @SIPPUSH_METHOD_MESSAGE: the content came in a SIP MESSAGE (R-MSG-*).
 * @SIPPUSH_METHOD_NOTIFY: the content came in a SIP NOTIFY of a push subscription.
 * @SIPPUSH_METHOD_MSRP: the content came over MSRP in a session set up by INVITE.
 * @SIPPUSH_METHOD_INVITE: an INVITE offering MSRP content (only in
 *   #SipPushReceiver::push-rejected: content itself arrives as %SIPPUSH_METHOD_MSRP).
 * @SIPPUSH_METHOD_REFER: a REFER asking for a push subscription (only in
 *   #SipPushReceiver::push-rejected).
 *
 * How a push (or a request about pushes) reached the device.
 */
typedef enum
{
  SIPPUSH_METHOD_MESSAGE,
  SIPPUSH_METHOD_NOTIFY,
  SIPPUSH_METHOD_MSRP,
  SIPPUSH_METHOD_INVITE,
  SIPPUSH_METHOD_REFER,
} SipPushMethod;

SIPPUSH_AVAILABLE_IN_ALL
GType sippush_method_get_type (void);
#define SIPPUSH_TYPE_METHOD (sippush_method_get_type ())

/**
 * sippush_method_to_string:
 * @method: a #SipPushMethod
 *
 * Names a method, as the CLI's events and log lines do.
 *
 * Returns: (transfer none): the SIP method name (`"MESSAGE"`, `"NOTIFY"`, `"INVITE"`,
 *   `"REFER"`) or `"MSRP"`
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_method_to_string (SipPushMethod method);

#define SIPPUSH_TYPE_DELIVERY (sippush_delivery_get_type ())
SIPPUSH_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipPushDelivery, sippush_delivery, SIPPUSH, DELIVERY, GObject)

/**
 * SipPushDelivery:
 *
 * A push handed to an application's #SipPushAppFunc. The application answers it exactly
 * once, with sippush_delivery_accept() or sippush_delivery_reject(), either inside the
 * callback or later (take a reference with g_object_ref() to answer after the callback has
 * returned). For MESSAGE the SIP response waits for that answer: accept only once the
 * content is safely stored (R-MSG-1). A delivery that is not answered within the receiver's
 * #SipPushReceiver:delivery-timeout is answered `500` by the receiver, and a later accept
 * fails with %SIPPUSH_ERROR_ALREADY_COMPLETED.
 *
 * NOTIFY is different (R-NOT-1): sofia-sip answers an in-dialog NOTIFY `200 OK` by itself
 * before the receiver sees it, so nothing can be refused on the wire. A NOTIFY delivery
 * must be stored durably and accepted **inside** the callback; one still unanswered when
 * the callback returns is lost and reported as #SipPushReceiver::push-rejected (method
 * NOTIFY, status 500), and so is one the application rejects.
 *
 * All accessors return data owned by the delivery, valid as long as the delivery lives.
 * A delivery is only used in the receiver's #GMainContext thread.
 */

/**
 * sippush_delivery_get_method:
 * @delivery: a #SipPushDelivery
 *
 * Gets how the push arrived.
 *
 * Returns: how the push arrived
 */
SIPPUSH_AVAILABLE_IN_ALL
SipPushMethod sippush_delivery_get_method (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_ari:
 * @delivery: a #SipPushDelivery
 *
 * The ARI the push sender named (Accept-Contact `+g.oma.pusheventappp` or
 * `+g.3gpp.iari-ref`).
 *
 * Returns: (transfer none) (nullable): the ARI, or %NULL when the push named none and
 *   went to the default application (R-MSG-2)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_delivery_get_ari (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_app_id:
 * @delivery: a #SipPushDelivery
 *
 * The ARI of the application this delivery was routed to: equal to
 * sippush_delivery_get_ari() when the push named one, the default application's ARI
 * otherwise.
 *
 * Returns: (transfer none) (nullable): the application's ARI, or %NULL for the catch-all
 *   application added with a %NULL id
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_delivery_get_app_id (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_sender:
 * @delivery: a #SipPushDelivery
 *
 * Gets the sender's bare URI (no display name, no `<>`): the P-Asserted-Identity when
 * present, the From URI otherwise. It belongs to @delivery and lives as long as @delivery.
 *
 * Returns: (transfer none): the sender's bare URI (no display name, no `<>`): the
 *   P-Asserted-Identity when present, the From URI otherwise
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_delivery_get_sender (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_content_type:
 * @delivery: a #SipPushDelivery
 *
 * Gets the content type with its parameters as it came (`text/plain;charset=UTF-8`), or
 * %NULL when the request had none. It belongs to @delivery and lives as long as @delivery.
 *
 * Returns: (transfer none) (nullable): the content type with its parameters as it came
 *   (`text/plain;charset=UTF-8`), or %NULL when the request had none
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_delivery_get_content_type (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_body:
 * @delivery: a #SipPushDelivery
 *
 * Gets the body, byte-exact (possibly empty, never %NULL). It belongs to @delivery and
 * lives as long as @delivery.
 *
 * Returns: (transfer none): the body, byte-exact (possibly empty, never %NULL)
 */
SIPPUSH_AVAILABLE_IN_ALL
GBytes *sippush_delivery_get_body (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_service_id:
 * @delivery: a #SipPushDelivery
 *
 * The communication service identifier (ICSI from `+g.3gpp.icsi-ref`, or the
 * P-Preferred-Service header) as it came. It is information only and never used to
 * route (R-ARI-5).
 *
 * Returns: (transfer none) (nullable): the raw CSI, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_delivery_get_service_id (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_size:
 * @delivery: a #SipPushDelivery
 *
 * Gets the size of the content: for MESSAGE and NOTIFY the body's, for
 * %SIPPUSH_METHOD_MSRP the stored file's.
 *
 * Returns: the content's size in bytes: the body's, or the stored file's for MSRP
 */
SIPPUSH_AVAILABLE_IN_ALL
guint64 sippush_delivery_get_size (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_file:
 * @delivery: a #SipPushDelivery
 *
 * Gets, for %SIPPUSH_METHOD_MSRP, the file the content was streamed to (R-DSP-2). It is complete,
 * its size and SHA-1 checked against the offer, and durable (fsynced and renamed into
 * place) before the application sees it. The file belongs to the application from then on;
 * rejecting the delivery deletes it. The #GFile object belongs to @delivery and lives as
 * long as it does.
 *
 * Returns: (transfer none) (nullable): the stored file, or %NULL when the content is in
 *   the body (MESSAGE, NOTIFY)
 */
SIPPUSH_AVAILABLE_IN_ALL
GFile *sippush_delivery_get_file (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_file_name:
 * @delivery: a #SipPushDelivery
 *
 * Gets the file name the sender offered, as it came (it may hold anything but NUL; never
 * use it as a path: the stored file's name, from sippush_delivery_get_file(), is
 * sanitised). The string belongs to @delivery and lives as long as it does.
 *
 * Returns: (transfer none) (nullable): the offered name, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_delivery_get_file_name (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_sha1:
 * @delivery: a #SipPushDelivery
 *
 * Gets the SHA-1 of a stored file, computed while it streamed in. The string belongs to
 * @delivery and lives as long as it does.
 *
 * Returns: (transfer none) (nullable): the SHA-1 of the stored file as 40 lower-case hex
 *   digits, or %NULL when there is no file (or #SipPushReceiver:hash-files is off and the
 *   offer announced no hash)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_delivery_get_sha1 (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_hash_verified:
 * @delivery: a #SipPushDelivery
 *
 * Tells whether a stored file was checked against a hash its sender announced.
 *
 * Returns: %TRUE when the sender announced a SHA-1 (file-selector) and the stored file
 *   matches it; %FALSE when none was announced (a mismatch is never delivered)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_delivery_get_hash_verified (SipPushDelivery *delivery);

/**
 * sippush_delivery_get_file_offer:
 * @delivery: a #SipPushDelivery
 *
 * The offer the delivered file came from, with its RFC 5547 metadata (description,
 * disposition, dates, file-transfer-id, icon; R-INV-8): the same object the application's
 * #SipPushFileOfferFunc saw, decision taken.
 *
 * Returns: (transfer none) (nullable): the file's offer, or %NULL when the content is in
 *   the body (MESSAGE, NOTIFY)
 */
SIPPUSH_AVAILABLE_IN_ALL
SipPushFileOffer *sippush_delivery_get_file_offer (SipPushDelivery *delivery);

/**
 * sippush_delivery_accept:
 * @delivery: a #SipPushDelivery
 * @error: return location for a #GError, or %NULL
 *
 * Tells the receiver the application has the content: for MESSAGE, `200 OK` goes out now;
 * for MSRP, the success REPORT (R-MSRP-2).
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_ALREADY_COMPLETED when the delivery was
 *   already answered (or timed out)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_delivery_accept (SipPushDelivery *delivery, GError **error);

/**
 * sippush_delivery_reject:
 * @delivery: a #SipPushDelivery
 * @status: a SIP final status code from 300 to 699
 * @reason: (nullable): the reason phrase, or %NULL for the standard one
 * @error: return location for a #GError, or %NULL
 *
 * Refuses the push with @status, which goes on the wire as it is (R-MSG-1). For MSRP the
 * stored file is deleted and a failure REPORT carries @status.
 *
 * Returns: %TRUE, or %FALSE with %SIPPUSH_ERROR_ALREADY_COMPLETED (answered already)
 *   or %SIPPUSH_ERROR_FAILED (@status out of range)
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_delivery_reject (SipPushDelivery *delivery, guint status, const gchar *reason,
                                  GError **error);

/**
 * sippush_delivery_is_completed:
 * @delivery: a #SipPushDelivery
 *
 * Tells whether the delivery has been answered: once it is, sippush_delivery_accept() and
 * sippush_delivery_reject() fail with %SIPPUSH_ERROR_ALREADY_COMPLETED.
 *
 * Returns: %TRUE once the delivery has been accepted, rejected or timed out
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_delivery_is_completed (SipPushDelivery *delivery);

G_END_DECLS
