/* sippush-file-offer.h — a file a Push Sender offers over MSRP, before it is sent.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>
#include <sippush/sippush-version.h>

G_BEGIN_DECLS

#define SIPPUSH_TYPE_FILE_OFFER (sippush_file_offer_get_type ())
SIPPUSH_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipPushFileOffer, sippush_file_offer, SIPPUSH, FILE_OFFER, GObject)

/**
 * SipPushFileOffer:
 *
 * One file of an INVITE's MSRP offer (one `m=message` line with its `a=file-selector`),
 * handed to the application's #SipPushFileOfferFunc before the INVITE is answered
 * (R-INV-4). The application decides in the callback, with sippush_file_offer_accept() or
 * sippush_file_offer_refuse(); a file left undecided is refused. A refused file gets port 0
 * in the SDP answer. The decision cannot be taken after the callback has returned.
 *
 * All accessors return data owned by the offer.
 */

/**
 * sippush_file_offer_get_name:
 * @offer: a #SipPushFileOffer
 *
 * Gets the file name as offered (unsanitised; it may hold `/`, `..` or control characters,
 * so never use it as a path), or %NULL. It belongs to @offer and lives as long as @offer.
 *
 * Returns: (transfer none) (nullable): the file name as offered (unsanitised; it may hold
 *   `/`, `..` or control characters, so never use it as a path), or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_name (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_content_type:
 * @offer: a #SipPushFileOffer
 *
 * Gets the file-selector's type, or %NULL. It belongs to @offer and lives as long as
 * @offer.
 *
 * Returns: (transfer none) (nullable): the file-selector's type, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_content_type (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_size:
 * @offer: a #SipPushFileOffer
 *
 * Gets the announced size in bytes, or -1 when the offer announced none.
 *
 * Returns: the announced size in bytes, or -1 when the offer announced none
 */
SIPPUSH_AVAILABLE_IN_ALL
gint64 sippush_file_offer_get_size (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_sha1:
 * @offer: a #SipPushFileOffer
 *
 * Gets the announced SHA-1 as 40 lower-case hex digits, or %NULL when the offer announced
 * none. It belongs to @offer and lives as long as @offer.
 *
 * Returns: (transfer none) (nullable): the announced SHA-1 as 40 lower-case hex digits,
 *   or %NULL when the offer announced none
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_sha1 (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_ari:
 * @offer: a #SipPushFileOffer
 *
 * Gets the ARI the INVITE named, or %NULL. It belongs to @offer and lives as long as
 * @offer.
 *
 * Returns: (transfer none) (nullable): the ARI the INVITE named, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_ari (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_app_id:
 * @offer: a #SipPushFileOffer
 *
 * Gets the ARI of the application the INVITE was routed to, %NULL for the catch-all
 * application. It belongs to @offer and lives as long as @offer.
 *
 * Returns: (transfer none) (nullable): the ARI of the application the INVITE was routed
 *   to, %NULL for the catch-all application
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_app_id (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_sender:
 * @offer: a #SipPushFileOffer
 *
 * Gets the sender's URI (P-Asserted-Identity, else From). It belongs to @offer and lives as
 * long as @offer.
 *
 * Returns: (transfer none): the sender's URI (P-Asserted-Identity, else From)
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_sender (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_description:
 * @offer: a #SipPushFileOffer
 *
 * The file's description, the `i=` line of its `m=` line (RFC 5547 §5; R-INV-8).
 *
 * Returns: (transfer none) (nullable): the description as sent, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_description (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_disposition:
 * @offer: a #SipPushFileOffer
 *
 * How the sender wants the file treated: `a=file-disposition` (RFC 5547 §6, e.g. `render`
 * or `attachment`), or `a=disposition` as the OMA seed writes it (e.g. `not-render`).
 *
 * Returns: (transfer none) (nullable): the disposition, blanks trimmed, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_disposition (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_creation_date:
 * @offer: a #SipPushFileOffer
 *
 * The `creation:` date of `a=file-date` (RFC 5547 §6), in the time zone the sender wrote.
 * An `a=file-date` that does not parse gives no dates.
 *
 * Returns: (transfer none) (nullable): the creation date, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
GDateTime *sippush_file_offer_get_creation_date (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_modification_date:
 * @offer: a #SipPushFileOffer
 *
 * The `modification:` date of `a=file-date` (RFC 5547 §6), in the time zone the sender
 * wrote.
 *
 * Returns: (transfer none) (nullable): the `modification:` date of `a=file-date`, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
GDateTime *sippush_file_offer_get_modification_date (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_read_date:
 * @offer: a #SipPushFileOffer
 *
 * The `read:` date of `a=file-date` (RFC 5547 §6), in the time zone the sender wrote.
 *
 * Returns: (transfer none) (nullable): the `read:` date of `a=file-date`, or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
GDateTime *sippush_file_offer_get_read_date (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_file_transfer_id:
 * @offer: a #SipPushFileOffer
 *
 * The sender's identifier of this file transfer, `a=file-transfer-id` (RFC 5547 §6); the
 * answer echoes it.
 *
 * Returns: (transfer none) (nullable): the `a=file-transfer-id` (RFC 5547 §6), or %NULL
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_file_transfer_id (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_icon_type:
 * @offer: a #SipPushFileOffer
 *
 * The content type of the file's icon: the body part of a multipart INVITE whose
 * Content-ID the `a=icon:cid:` attribute names (RFC 5547 §9; R-INV-7). An icon larger than
 * #SipPushReceiver:max-icon-size is left out.
 *
 * Returns: (transfer none) (nullable): the icon's content type, or %NULL when no icon came
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_file_offer_get_icon_type (SipPushFileOffer *offer);

/**
 * sippush_file_offer_get_icon:
 * @offer: a #SipPushFileOffer
 *
 * The file's icon as it came in the multipart INVITE (see
 * sippush_file_offer_get_icon_type()), at most #SipPushReceiver:max-icon-size bytes.
 *
 * Returns: (transfer none) (nullable): the icon's bytes (transfer encoding undone), or
 *   %NULL when no icon came
 */
SIPPUSH_AVAILABLE_IN_ALL
GBytes *sippush_file_offer_get_icon (SipPushFileOffer *offer);

/**
 * sippush_file_offer_accept:
 * @offer: a #SipPushFileOffer
 * @directory: (nullable) (type filename): an existing directory to store the file in, or
 *   %NULL for #SipPushReceiver:file-directory
 *
 * Takes the file. It is streamed to a hidden temporary file in @directory and renamed to
 * its sanitised name there once complete and verified (R-DSP-2, R-DSP-3). Accepting
 * without a directory when #SipPushReceiver:file-directory is unset refuses the file.
 */
SIPPUSH_AVAILABLE_IN_ALL
void sippush_file_offer_accept (SipPushFileOffer *offer, const gchar *directory);

/**
 * sippush_file_offer_refuse:
 * @offer: a #SipPushFileOffer
 *
 * Declines the file: its `m=` line is answered with port 0.
 */
SIPPUSH_AVAILABLE_IN_ALL
void sippush_file_offer_refuse (SipPushFileOffer *offer);

G_END_DECLS
