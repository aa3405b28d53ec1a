/* sdp/file-selector.h — RFC 5547 a=file-selector values and SHA-1 hash texts (R-INV-4, R-MSRP-5).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

#define SIPPUSH_SHA1_LEN 20

/* A parsed file-selector. Every field is optional: @name is NULL, @type is NULL, or the
 * has_ flag is FALSE when the selector was absent (or, for the hash, used an algorithm other
 * than sha-1). @name is percent-decoded and raw: it may hold any byte but NUL, including '/',
 * control characters and invalid UTF-8; whoever makes a file name of it must sanitise it.
 * @type is the whole value of `type:`, parameters included. */
typedef struct
{
  gchar *name;
  gchar *type;
  gboolean has_size;
  guint64 size;
  gboolean has_sha1;
  guint8 sha1[SIPPUSH_SHA1_LEN];
} SipPushFileSelector;

/* Parses the value of an a=file-selector attribute (the text after "file-selector:"), @len
 * bytes, no NUL terminator needed. Selectors are separated by one or more spaces and come in
 * any order; unknown selectors and unknown hash algorithms are ignored; a selector given twice
 * (the same hash algorithm twice) is MALFORMED. @out is zeroed first; unless OK it is left
 * cleared and @error (SIPPUSH_PARSE_ERROR) says why. Free the result with
 * sippush_file_selector_clear(). */
SipPushParseResult sippush_file_selector_parse (const char *value, gsize len,
                                                SipPushFileSelector *out, GError **error);

/* Frees what @fs holds and zeroes it; @fs itself is the caller's. */
void sippush_file_selector_clear (SipPushFileSelector *fs);

/* Parses a SHA-1 as text, @len bytes: the RFC 5547 colon form (`72:24:5F:…`, 20 hex pairs
 * separated by colons) or 40 bare hex digits. Hex digits are case-insensitive. Writes @out only
 * on success. */
gboolean sippush_sha1_text_parse (const char *text, gsize len, guint8 out[SIPPUSH_SHA1_LEN]);
