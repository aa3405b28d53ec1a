/* sdp/multipart.h — multipart INVITE bodies (RFC 2046 §5.1, RFC 5621): the SDP offer and
 * the parts it refers to, such as a file's icon (RFC 5547 §9; R-INV-7). Pure: bytes and a
 * length in, slices of them out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"
#include "core/scan.h"

/* More body parts than this is TOO_LARGE: an INVITE carries its offer and a few icons. */
#define SIPPUSH_MULTIPART_MAX_PARTS 8
/* RFC 2046 §5.1.1: a boundary is 1 to 70 characters. */
#define SIPPUSH_MULTIPART_BOUNDARY_MAX 70
/* The header block of one part; a longer one is TOO_LARGE. */
#define SIPPUSH_MULTIPART_HEADERS_MAX 4096

/* One body part. Every slice points into the parsed body; an absent header has .p == NULL.
 * @content_type is the media type alone (parameters cut off, blanks trimmed);
 * @content_id the Content-ID without its angle brackets; @encoding the
 * Content-Transfer-Encoding; @body the part's content as sent (not decoded). */
typedef struct
{
  SipPushSlice content_type;
  SipPushSlice content_id;
  SipPushSlice encoding;
  SipPushSlice body;
} SipPushMultipartPart;

typedef struct
{
  guint n_parts;
  SipPushMultipartPart parts[SIPPUSH_MULTIPART_MAX_PARTS];
} SipPushMultipart;

/* The `boundary` parameter value of a multipart Content-Type as sofia-sip hands it
 * (`boundary=value` or `boundary="value"`, @len bytes from @param, the name included):
 * OK sets *@boundary to the value without quotes (a slice of @param); MALFORMED when it is
 * not `boundary=`, empty, over 70 characters, holds a character outside RFC 2046 bchars
 * or ends in a space. */
SipPushParseResult sippush_multipart_boundary (const char *param, gsize len, SipPushSlice *boundary,
                                               GError **error);

/* Splits @len bytes of @body at @boundary (RFC 2046 §5.1.1): the preamble before the first
 * delimiter and the epilogue after the close delimiter are ignored; lines end in CRLF or LF;
 * part headers may be folded. OK fills @out; MALFORMED when there is no delimiter, a part is
 * not terminated (no close delimiter), or a part header is not `name: value`; TOO_LARGE
 * over SIPPUSH_MULTIPART_MAX_PARTS parts or a header block over
 * SIPPUSH_MULTIPART_HEADERS_MAX bytes. @out is cleared unless OK. */
SipPushParseResult sippush_multipart_parse (SipPushSlice boundary, const char *body, gsize len,
                                            SipPushMultipart *out, GError **error);

/* How many parts of @mp have content type @type (case-insensitive); *@first is the index
 * of the first (untouched when none). */
guint sippush_multipart_count_type (const SipPushMultipart *mp, const char *type, guint *first);

/* The part whose Content-ID is the one an `a=icon:cid:` value names (@cid, with or without
 * the `cid:` scheme; RFC 2392 percent-escapes are not decoded); blanks are ignored on both
 * sides (the seed writes `id2@ push-sender-agent.example.com`). NULL when none matches. */
const SipPushMultipartPart *sippush_multipart_find_cid (const SipPushMultipart *mp, const char *cid,
                                                        gsize len);

/* The content of @part with its Content-Transfer-Encoding undone (identity encodings and
 * base64), as new bytes; NULL when the encoding is another one or the base64 is bad. */
GBytes *sippush_multipart_part_decode (const SipPushMultipartPart *part);
