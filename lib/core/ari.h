/* core/ari.h — feature-tag list parsing and formatting (R-ARI-2, R-ARI-4).
 * Pure functions: no I/O, no global state; inputs are (pointer, length), never
 * assumed NUL-terminated. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

/* The most ARIs one feature-tag list may carry; longer lists are refused, not cut. */
#define SIPPUSH_ARI_LIST_MAX 64

/* Parses a `+g.oma.pusheventappp` value as it appears in a header parameter, quotes
 * included: `"mms.ua, push.syncml"`. Whitespace (SP/HTAB) around commas and just inside
 * the quotes is tolerated; empty elements, unbalanced quotes, escapes, and characters
 * outside R-ARI-2 are MALFORMED, more than SIPPUSH_ARI_LIST_MAX elements TOO_LARGE (the
 * reason in SIPPUSH_PARSE_ERROR). An element in URN or numeric form is canonicalised as by
 * sippush_ari_from_app_id() (R-ARI-1, R-ARI-3); a numeric id the OMNA table does not know
 * is kept as written. OK sets *@aris to a NULL-terminated array of ARIs (g_strfreev), in
 * order; otherwise it is NULL. */
SipPushParseResult sippush_ari_list_parse (const char *value, gsize len, gchar ***aris,
                                           GError **error);

/* Formats ARIs as the strict quoted list `"a,b,c"` (no whitespace). Every element must
 * be a valid ARI and there must be at least one (SIPPUSH_ERROR_INVALID_LIST). */
gchar *sippush_ari_list_format (const gchar *const *aris, GError **error);

/* Parses a `+g.3gpp.iari-ref` value, quotes included: a quoted, comma-separated list of
 * percent-encoded IARIs (`"urn%3Aurn-7%3A3gpp-application.ims.iari.rcse.ft"`). Each is
 * percent-decoded; an OMNA URN maps by R-ARI-1 (prefix removed), any other URN is the ARI
 * in full. Answers like sippush_ari_list_parse(); a decoded IARI over its bound is TOO_LARGE. */
SipPushParseResult sippush_ari_list_parse_iari (const char *value, gsize len, gchar ***aris,
                                                GError **error);

/* Canonicalises (value, len) like sippush_ari_from_app_id(). */
gchar *sippush_ari_from_app_id_len (const char *app_id, gsize len, GError **error);

/* One row of the OMNA Push Application ID registry. */
typedef struct
{
  guint32 id;
  const char *urn;
} SipPushOmnaEntry;

/* The table, sorted by id; *n_entries receives its length. */
const SipPushOmnaEntry *sippush_omna_table (gsize *n_entries);
