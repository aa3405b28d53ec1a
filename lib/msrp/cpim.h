/* msrp/cpim.h — the head of a message/cpim body (RFC 3862), to unwrap MSRP content (R-MSRP-4).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

/* The CPIM and MIME header blocks together may not be longer than this. */
#define SIPPUSH_CPIM_MAX_HEAD (16 * 1024)

/* Parses the head of a message/cpim body from its first @len bytes: the CPIM header block
 * (`Name: value` lines, e.g. From, To, DateTime, NS, Subject) up to an empty line, then the
 * MIME header block (Content-Type, Content-ID, Content-Disposition, …) up to an empty line.
 * Lines end in CRLF or bare LF; MIME header lines may be folded. A call with a longer prefix
 * of the same data never turns a DONE into something else, nor changes *@head_len.
 *
 * Returns NEED_MORE when the head is not complete yet (call again with more data); MALFORMED
 * (a line without a colon, a NUL, a bare CR, two Content-Types) or TOO_LARGE (longer than
 * SIPPUSH_CPIM_MAX_HEAD) with @error set; OK with *@head_len the offset of the inner body and
 * *@content_type the inner Content-Type, trimmed and newly allocated (NULL when the MIME
 * block has none). Both outputs are set to 0 / NULL unless OK. */
SipPushParseResult sippush_cpim_parse_head (const guint8 *data, gsize len, gsize *head_len,
                                            gchar **content_type, GError **error);
