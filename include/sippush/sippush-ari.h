/* sippush-ari.h — push application ids and Application Resource Identifiers (ARI).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <sippush/sippush-version.h>

G_BEGIN_DECLS

/**
 * SIPPUSH_ARI_MAX_LEN:
 *
 * The longest ARI sippush accepts, in bytes. Longer ids are refused with
 * %SIPPUSH_ERROR_INVALID_APP_ID rather than truncated.
 */
#define SIPPUSH_ARI_MAX_LEN 256

/**
 * sippush_ari_from_app_id:
 * @app_id: a push application id: an ARI (`mms.ua`), an OMNA URN
 *   (`x-wap-application:mms.ua`, `x-oma-application:…`, or any other registered URN such as
 *   `x-wap-microsoft:localcontent.ua`), or a numeric OMNA id (`0x04`, `0x9002`; a bare
 *   decimal number such as `4` is read as decimal).
 * @error: return location for a #GError, or %NULL
 *
 * Canonicalises a push application id to its ARI (R-ARI-1, R-ARI-3): the well-known
 * prefixes `x-wap-application:` and `x-oma-application:` are removed, any other URN is the
 * ARI in full, numeric ids go through the library's OMNA table.
 *
 * Returns: (transfer full) (nullable): the ARI, or %NULL with @error set
 *   (%SIPPUSH_ERROR_INVALID_APP_ID or %SIPPUSH_ERROR_UNKNOWN_APP_ID).
 */
SIPPUSH_AVAILABLE_IN_ALL
gchar *sippush_ari_from_app_id (const gchar *app_id, GError **error);

/**
 * sippush_ari_is_valid:
 * @ari: (nullable): a string
 *
 * Whether @ari is a syntactically valid ARI: 1 to %SIPPUSH_ARI_MAX_LEN characters from
 * `%x21 / %x23-2B / %x2D-7E` (R-ARI-2).
 *
 * Returns: %TRUE if @ari is valid
 */
SIPPUSH_AVAILABLE_IN_ALL
gboolean sippush_ari_is_valid (const gchar *ari);

/**
 * sippush_ari_lookup_numeric:
 * @id: a numeric OMNA push application id
 *
 * Looks @id up in the library's table of OMNA registered push application ids.
 *
 * Returns: (transfer none) (nullable): the registered URN (for example
 *   `x-wap-application:mms.ua` for 0x04), or %NULL when @id is not registered
 */
SIPPUSH_AVAILABLE_IN_ALL
const gchar *sippush_ari_lookup_numeric (guint32 id);

G_END_DECLS
