/* msrp/parser.h — incremental MSRP (RFC 4975) parser: bytes in, events out, no I/O (R-MSRP-1,
 * R-MSRP-3, R-SEC-1, R-SEC-2).
 *
 * Memory per parser is bounded whatever the input: only the start line and the header
 * block are buffered (up to the limit given at creation), bodies are handed out as slices
 * of the caller's input, and at most the few bytes that may start an end-line
 * (CRLF "-------" transact-id flag CRLF) are held back between feed calls.
 *
 * Framing only: the parser checks the syntax it needs (start line, header lines,
 * Byte-Range, end-line) and exposes the known headers as raw slices. Whether a request
 * carries the headers RFC 4975 requires (To-Path, From-Path, Message-ID, …) is for the
 * caller to decide.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"
#include "core/scan.h"

/* R-SEC-2: the default bound on start line + header block (+ the end-line of a message
 * without a body). */
#define SIPPUSH_MSRP_MAX_HEADER_BLOCK (16 * 1024)

/* transact-id: 4 to 32 characters (RFC 4975 §9). */
#define SIPPUSH_MSRP_TID_MIN 4
#define SIPPUSH_MSRP_TID_MAX 32

/* What an OK from sippush_msrp_parser_feed() carries. */
typedef enum
{
  SIPPUSH_MSRP_MESSAGE, /* start line + headers parsed: ev->message valid until this message's END
                         */
  SIPPUSH_MSRP_BODY,    /* ev->body: a piece of body, valid until the next feed call */
  SIPPUSH_MSRP_END,     /* end-line seen: ev->flag is '$', '+' or '#' */
} SipPushMsrpEventType;

/* A parsed start line and header block. The slices point into the parser's buffer and
 * stay valid until the END event of this message (included). */
typedef struct
{
  gboolean is_request;
  SipPushSlice tid, method; /* method: requests only */
  guint status;             /* responses only: 3 digits */
  SipPushSlice comment;     /* responses only; .p == NULL without a comment */
  SipPushSlice to_path, from_path, message_id, content_type, success_report, failure_report,
      status_header; /* .p == NULL when absent; values without surrounding blanks */
  SipPushSlice www_authenticate, use_path, expires; /* AUTH responses (RFC 4976 §5) */
  gboolean has_byte_range;
  guint64 range_start, range_end, range_total;
  gboolean range_end_unknown, range_total_unknown; /* `*` */
  gboolean has_body; /* an empty line ended the headers (the body may still be empty) */
} SipPushMsrpMessage;

typedef struct
{
  SipPushMsrpEventType type;         /* with OK */
  const SipPushMsrpMessage *message; /* MESSAGE, BODY and END: the current message */
  SipPushSlice body;
  char flag;
  const char *error; /* with MALFORMED and TOO_LARGE: a static reason */
} SipPushMsrpEvent;

typedef struct _SipPushMsrpParser SipPushMsrpParser;

/* @max_header_block: the bound on the buffered start line + header block; 0 = the default
 * SIPPUSH_MSRP_MAX_HEADER_BLOCK. Free with sippush_msrp_parser_free(). */
SipPushMsrpParser *sippush_msrp_parser_new (gsize max_header_block);
void sippush_msrp_parser_free (SipPushMsrpParser *parser);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipPushMsrpParser, sippush_msrp_parser_free)

/* Consumes a prefix of @data (*@consumed bytes, 0 only when returning an event that needs
 * no input) and answers by the parse contract (core/parse.h):
 *   OK        — one event, in *@ev (ev->type: MESSAGE, BODY or END);
 *   NEED_MORE — all of @data was consumed, no event yet;
 *   MALFORMED — bad framing; TOO_LARGE — the header block is over its bound. ev->error is a
 *               static reason (no allocation on the read path); the parser stays in error,
 *               *@consumed means nothing and every later call answers the same.
 * Callers loop on the rest until NEED_MORE or an error (after which they close the
 * connection). A BODY slice may point into @data or into the parser (held-back bytes that
 * were not an end-line). Never reads past @len; @data need not be NUL-terminated and may be
 * NULL when @len is 0. */
SipPushParseResult sippush_msrp_parser_feed (SipPushMsrpParser *parser, const guint8 *data,
                                             gsize len, gsize *consumed, SipPushMsrpEvent *ev);
