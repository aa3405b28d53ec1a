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

/* A piece of memory that the parser does not own; not NUL-terminated. */
typedef struct
{
  const char *p;
  gsize len;
} SipPushSlice;

/* R-SEC-2: the default bound on start line + header block (+ the end-line of a message
 * without a body). */
#define SIPPUSH_MSRP_MAX_HEADER_BLOCK (16 * 1024)

/* transact-id: 4 to 32 characters (RFC 4975 §9). */
#define SIPPUSH_MSRP_TID_MIN 4
#define SIPPUSH_MSRP_TID_MAX 32

typedef enum
{
  SIPPUSH_MSRP_NEED_MORE, /* input consumed, no event yet */
  SIPPUSH_MSRP_MESSAGE,   /* start line + headers parsed: ev->message valid until this message's END
                           */
  SIPPUSH_MSRP_BODY,      /* ev->body: a piece of body, valid until the next feed call */
  SIPPUSH_MSRP_END,       /* end-line seen: ev->flag is '$', '+' or '#' */
  SIPPUSH_MSRP_ERROR, /* malformed or over a limit: ev->error is a static reason; the parser stays
                         in error (the caller closes the connection) */
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
  gboolean has_byte_range;
  guint64 range_start, range_end, range_total;
  gboolean range_end_unknown, range_total_unknown; /* `*` */
  gboolean has_body; /* an empty line ended the headers (the body may still be empty) */
} SipPushMsrpMessage;

typedef struct
{
  SipPushMsrpEventType type;
  const SipPushMsrpMessage *message; /* MESSAGE, BODY and END: the current message */
  SipPushSlice body;
  char flag;
  const char *error;
} SipPushMsrpEvent;

typedef struct _SipPushMsrpParser SipPushMsrpParser;

/* @max_header_block: the bound on the buffered start line + header block; 0 = the default
 * SIPPUSH_MSRP_MAX_HEADER_BLOCK. Free with sippush_msrp_parser_free(). */
SipPushMsrpParser *sippush_msrp_parser_new (gsize max_header_block);
void sippush_msrp_parser_free (SipPushMsrpParser *parser);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipPushMsrpParser, sippush_msrp_parser_free)

/* Consumes a prefix of @data (*@consumed bytes, 0 only when returning an event that needs
 * no input) and returns at most one event, also stored in *@ev. NEED_MORE means all of
 * @data was consumed. Callers loop on the rest until NEED_MORE (or ERROR, after which
 * *@consumed means nothing and every call answers ERROR again). A BODY slice may point
 * into @data or into the parser (held-back bytes that were not an end-line). Never reads
 * past @len; @data need not be NUL-terminated and may be NULL when @len is 0. */
SipPushMsrpEventType sippush_msrp_parser_feed (SipPushMsrpParser *parser, const guint8 *data,
                                               gsize len, gsize *consumed, SipPushMsrpEvent *ev);

/* The session-id of an MSRP URI (RFC 4975 §6): `msrp[s]://[userinfo@]host[:port]/ID;tcp`
 * → `ID`, a slice of @uri. FALSE when @uri is not such a URI or has no session-id. */
gboolean sippush_msrp_uri_session_id (const char *uri, gsize len, SipPushSlice *session_id);

/* The first / last URI of a To-Path or From-Path value (URIs separated by blanks), a
 * slice of @path. FALSE when @path holds no URI. */
gboolean sippush_msrp_path_first (SipPushSlice path, SipPushSlice *uri);
gboolean sippush_msrp_path_last (SipPushSlice path, SipPushSlice *uri);
