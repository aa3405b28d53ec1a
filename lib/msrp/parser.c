/* msrp/parser.c — incremental MSRP (RFC 4975) parser: bytes in, events out, no I/O.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/parser.h"

#include <string.h>

#include "core/scan.h"

#define ENDLINE_DASHES "-------"
#define N_DASHES 7
/* CRLF "-------" transact-id flag CRLF: the most the body scan ever holds back. */
#define ENDLINE_MAX (2 + N_DASHES + SIPPUSH_MSRP_TID_MAX + 1 + 2)
#define INITIAL_BUFFER 1024
#define STATUS_DIGITS 3
#define MAX_NUMBER_DIGITS 20 /* G_MAXUINT64 has 20 digits */

typedef enum
{
  STATE_HEAD,        /* buffering the start line and header lines */
  STATE_BODY,        /* scanning the body for this message's end-line */
  STATE_END_PENDING, /* a message without body: END goes out on the next call */
  STATE_DONE,        /* END went out: reset on the next call */
  STATE_ERROR,
} State;

/* Header-block pieces, kept as offsets while the buffer may still move. */
typedef enum
{
  FIELD_TID,
  FIELD_METHOD,
  FIELD_COMMENT,
  FIELD_TO_PATH,
  FIELD_FROM_PATH,
  FIELD_MESSAGE_ID,
  FIELD_BYTE_RANGE,
  FIELD_CONTENT_TYPE,
  FIELD_SUCCESS_REPORT,
  FIELD_FAILURE_REPORT,
  FIELD_STATUS,
  FIELD_WWW_AUTHENTICATE,
  FIELD_USE_PATH,
  FIELD_EXPIRES,
  N_FIELDS
} Field;

typedef struct
{
  gsize off, len;
  gboolean set;
} Span;

struct _SipPushMsrpParser
{
  gsize max_header_block;
  State state;
  const char *error;
  SipPushParseResult error_result;

  guint8 *buf; /* start line + header block of the current message */
  gsize buf_len, buf_cap;
  gsize line_start; /* offset of the line being received */
  Span fields[N_FIELDS];
  SipPushMsrpMessage message;
  char pending_flag;

  /* "\r\n-------" tid, then flag CRLF: the pattern that ends the body. The first @held
   * bytes are input held back as a possible end-line (they equal the pattern, the flag
   * position holds the flag seen); @virtual_held of them are the CRLF of the empty line,
   * which is never body. */
  char endline[ENDLINE_MAX];
  gsize flag_at; /* = length of "\r\n-------" tid */
  gsize endline_len;
  gsize held, virtual_held;
};

#define KNOWN(name, field)                                                                         \
  {                                                                                                \
    name, sizeof name - 1, field                                                                   \
  }
static const struct
{
  const char *name;
  gsize len;
  Field field;
} known_headers[] = {
  KNOWN ("To-Path", FIELD_TO_PATH),
  KNOWN ("From-Path", FIELD_FROM_PATH),
  KNOWN ("Message-ID", FIELD_MESSAGE_ID),
  KNOWN ("Byte-Range", FIELD_BYTE_RANGE),
  KNOWN ("Content-Type", FIELD_CONTENT_TYPE),
  KNOWN ("Success-Report", FIELD_SUCCESS_REPORT),
  KNOWN ("Failure-Report", FIELD_FAILURE_REPORT),
  KNOWN ("Status", FIELD_STATUS),
  KNOWN ("WWW-Authenticate", FIELD_WWW_AUTHENTICATE),
  KNOWN ("Use-Path", FIELD_USE_PATH),
  KNOWN ("Expires", FIELD_EXPIRES),
};
#undef KNOWN

SipPushMsrpParser *
sippush_msrp_parser_new (gsize max_header_block)
{
  SipPushMsrpParser *parser = g_new0 (SipPushMsrpParser, 1);
  parser->max_header_block = max_header_block ? max_header_block : SIPPUSH_MSRP_MAX_HEADER_BLOCK;
  parser->state = STATE_HEAD;
  return parser;
}

void
sippush_msrp_parser_free (SipPushMsrpParser *parser)
{
  if (parser == NULL)
    return;
  g_free (parser->buf);
  g_free (parser);
}

static gboolean
is_alnum (char c)
{
  return g_ascii_isalnum (c);
}

/* RFC 4975 ident-char */
static gboolean
is_tid_char (char c)
{
  return is_alnum (c) || c == '.' || c == '-' || c == '+' || c == '%' || c == '=';
}

static gboolean
is_flag (char c)
{
  return c == '$' || c == '+' || c == '#';
}

/* g_ascii_tolower() is an out-of-line call; this runs for every header name byte. */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

/* Case-insensitive comparison of @n bytes that does not stop at a NUL. */
static gboolean
ascii_case_equal (const char *a, const char *b, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (ascii_lower (a[i]) != ascii_lower (b[i]))
      return FALSE;
  return TRUE;
}

static void
set_field (SipPushMsrpParser *parser, Field field, const char *p, gsize len)
{
  parser->fields[field].off = (gsize) ((const guint8 *) p - parser->buf);
  parser->fields[field].len = len;
  parser->fields[field].set = TRUE;
}

static SipPushParseResult
fail (SipPushMsrpParser *parser, SipPushMsrpEvent *ev, SipPushParseResult result,
      const char *reason)
{
  parser->state = STATE_ERROR;
  parser->error = reason;
  parser->error_result = result;
  ev->error = reason;
  return result;
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* 1 to 20 digits into @value, overflow-checked; advances *@i. The three Byte-Range numbers
 * of every chunk come here: 19 digits stay below 10^19 < 2^64, only a 20th is checked. */
static gboolean
parse_number (const char *s, gsize len, gsize *i, guint64 *value)
{
  gsize k = *i, end = MIN (len, *i + MAX_NUMBER_DIGITS);
  guint64 v = 0;
  for (; k < end && is_digit (s[k]); k++)
    {
      guint64 d = (guint64) (s[k] - '0');
      if (k - *i < MAX_NUMBER_DIGITS - 1)
        v = v * 10 + d;
      else if (!g_uint64_checked_mul (&v, v, 10) || !g_uint64_checked_add (&v, v, d))
        return FALSE;
    }
  if (k == *i || (k < len && is_digit (s[k])))
    return FALSE; /* no digit, or more than MAX_NUMBER_DIGITS */
  *i = k;
  *value = v;
  return TRUE;
}

/* A number or `*` (*@unknown). */
static gboolean
parse_number_or_star (const char *s, gsize len, gsize *i, guint64 *value, gboolean *unknown)
{
  if (*i < len && s[*i] == '*')
    {
      (*i)++;
      *value = 0;
      *unknown = TRUE;
      return TRUE;
    }
  *unknown = FALSE;
  return parse_number (s, len, i, value);
}

/* Byte-Range: range-start "-" range-end "/" total (RFC 4975 §9), R-MSRP-3. */
static const char *
parse_byte_range (SipPushMsrpMessage *m, const char *s, gsize len)
{
  gsize i = 0;

  if (!parse_number (s, len, &i, &m->range_start) || i >= len || s[i++] != '-'
      || !parse_number_or_star (s, len, &i, &m->range_end, &m->range_end_unknown) || i >= len
      || s[i++] != '/'
      || !parse_number_or_star (s, len, &i, &m->range_total, &m->range_total_unknown) || i != len)
    return "malformed Byte-Range";
  if (m->range_start < 1)
    return "Byte-Range starts before 1";
  /* end = start - 1 is an empty chunk */
  if (!m->range_end_unknown && m->range_end < m->range_start - 1)
    return "Byte-Range ends before it starts";
  if (!m->range_total_unknown && !m->range_end_unknown && m->range_total < m->range_end)
    return "Byte-Range ends past its total";
  if (!m->range_total_unknown && m->range_start - 1 > m->range_total)
    return "Byte-Range starts past its total";
  m->has_byte_range = TRUE;
  return NULL;
}

/* "MSRP" SP transact-id SP (method / status-code [SP comment]) — without the CRLF. */
static const char *
parse_start_line (SipPushMsrpParser *parser, const char *line, gsize len)
{
  SipPushMsrpMessage *m = &parser->message;
  gsize i = 5, tid_start = 5;

  if (len < 5 || memcmp (line, "MSRP ", 5) != 0)
    return "not an MSRP start line";
  if (i < len && is_alnum (line[i]))
    while (i < len && is_tid_char (line[i]))
      i++;
  gsize tid_len = i - tid_start;
  if (tid_len < SIPPUSH_MSRP_TID_MIN || tid_len > SIPPUSH_MSRP_TID_MAX)
    return "bad transact-id";
  set_field (parser, FIELD_TID, line + tid_start, tid_len);
  if (i >= len || line[i] != ' ' || i + 1 >= len)
    return "bad start line";
  i++;

  if (g_ascii_isdigit (line[i]))
    {
      guint64 status = 0;
      gsize digits = i;
      if (!sippush_scan_decimal (line, len, &i, STATUS_DIGITS, 999, &status)
          || i - digits != STATUS_DIGITS)
        return "bad status code";
      if (i < len)
        {
          if (line[i] != ' ')
            return "bad status code";
          set_field (parser, FIELD_COMMENT, line + i + 1, len - i - 1);
        }
      m->is_request = FALSE;
      m->status = (guint) status;
    }
  else
    {
      gsize method_start = i;
      while (i < len && g_ascii_isupper (line[i]))
        i++;
      if (i == method_start || i != len)
        return "bad method";
      set_field (parser, FIELD_METHOD, line + method_start, len - method_start);
      m->is_request = TRUE;
    }

  /* The pattern that ends this message's body. */
  memcpy (parser->endline, "\r\n" ENDLINE_DASHES, 2 + N_DASHES);
  memcpy (parser->endline + 2 + N_DASHES, line + tid_start, tid_len);
  parser->flag_at = 2 + N_DASHES + tid_len;
  parser->endline[parser->flag_at] = '$';
  parser->endline[parser->flag_at + 1] = '\r';
  parser->endline[parser->flag_at + 2] = '\n';
  parser->endline_len = parser->flag_at + 3;
  return NULL;
}

/* Name ":" *WSP value *WSP — without the CRLF. Unknown headers are ignored. */
static const char *
parse_header_line (SipPushMsrpParser *parser, const char *line, gsize len)
{
  /* The name ends at the first colon; a known name is a token, any other is checked. */
  const char *colon = memchr (line, ':', len);
  gsize name_len = colon ? (gsize) (colon - line) : 0;
  gsize k = 0;
  /* Every header of every chunk comes here: the length rules most names out. */
  while (k < G_N_ELEMENTS (known_headers)
         && (known_headers[k].len != name_len
             || !ascii_case_equal (line, known_headers[k].name, name_len)))
    k++;
  gsize i = 0;
  if (name_len == 0
      || (k == G_N_ELEMENTS (known_headers) && sippush_scan_token (line, len, &i) != name_len))
    return "malformed header line";
  i = name_len + 1;
  sippush_scan_skip_blanks (line, len, &i);
  gsize end = sippush_scan_trim_blanks_end (line, i, len);

  if (k < G_N_ELEMENTS (known_headers))
    {
      Field field = known_headers[k].field;
      if (parser->fields[field].set)
        return "duplicate header";
      if ((field == FIELD_TO_PATH || field == FIELD_FROM_PATH) && end == i)
        return "empty path header";
      set_field (parser, field, line + i, end - i);
      if (field == FIELD_BYTE_RANGE)
        return parse_byte_range (&parser->message, line + i, end - i);
      return NULL;
    }
  return NULL;
}

typedef enum
{
  LINE_HEADER,
  LINE_BODY_FOLLOWS,
  LINE_END_NO_BODY,
} LineKind;

/* One complete line of the header block at @line_start, CRLF included. */
static const char *
head_line (SipPushMsrpParser *parser, LineKind *kind)
{
  const char *line = (const char *) parser->buf + parser->line_start;
  gsize len = parser->buf_len - parser->line_start;

  *kind = LINE_HEADER;
  if (len < 2 || line[len - 2] != '\r' || memchr (line, '\r', len - 2) != NULL)
    return "bare CR or LF in header block";
  len -= 2;
  if (parser->line_start == 0)
    return parse_start_line (parser, line, len);
  if (len == 0)
    {
      if (!parser->message.is_request)
        return "response with a body";
      *kind = LINE_BODY_FOLLOWS;
      return NULL;
    }
  if (len >= N_DASHES && memcmp (line, ENDLINE_DASHES, N_DASHES) == 0)
    {
      /* Headers then the end-line directly: a message without body. */
      gsize tid_len = parser->flag_at - 2 - N_DASHES;
      if (len != N_DASHES + tid_len + 1
          || memcmp (line + N_DASHES, parser->endline + 2 + N_DASHES, tid_len) != 0
          || !is_flag (line[len - 1]))
        return "bad end-line";
      parser->pending_flag = line[len - 1];
      *kind = LINE_END_NO_BODY;
      return NULL;
    }
  return parse_header_line (parser, line, len);
}

static void
append (SipPushMsrpParser *parser, const guint8 *data, gsize len)
{
  gsize need = parser->buf_len + len;
  if (need > parser->buf_cap)
    {
      gsize cap = MAX (parser->buf_cap * 2, INITIAL_BUFFER);
      cap = MIN (MAX (cap, need), parser->max_header_block);
      parser->buf = g_realloc (parser->buf, cap);
      parser->buf_cap = cap;
    }
  memcpy (parser->buf + parser->buf_len, data, len);
  parser->buf_len = need;
}

static SipPushSlice
field_slice (SipPushMsrpParser *parser, Field field)
{
  SipPushSlice s = { NULL, 0 };
  if (parser->fields[field].set)
    {
      s.p = (const char *) parser->buf + parser->fields[field].off;
      s.len = parser->fields[field].len;
    }
  return s;
}

/* The buffer no longer moves: offsets become slices. */
static void
finish_message (SipPushMsrpParser *parser, gboolean has_body)
{
  SipPushMsrpMessage *m = &parser->message;
  m->tid = field_slice (parser, FIELD_TID);
  m->method = field_slice (parser, FIELD_METHOD);
  m->comment = field_slice (parser, FIELD_COMMENT);
  m->to_path = field_slice (parser, FIELD_TO_PATH);
  m->from_path = field_slice (parser, FIELD_FROM_PATH);
  m->message_id = field_slice (parser, FIELD_MESSAGE_ID);
  m->content_type = field_slice (parser, FIELD_CONTENT_TYPE);
  m->success_report = field_slice (parser, FIELD_SUCCESS_REPORT);
  m->failure_report = field_slice (parser, FIELD_FAILURE_REPORT);
  m->status_header = field_slice (parser, FIELD_STATUS);
  m->www_authenticate = field_slice (parser, FIELD_WWW_AUTHENTICATE);
  m->use_path = field_slice (parser, FIELD_USE_PATH);
  m->expires = field_slice (parser, FIELD_EXPIRES);
  m->has_body = has_body;
}

static SipPushParseResult
feed_head (SipPushMsrpParser *parser, const guint8 *data, gsize len, gsize *consumed,
           SipPushMsrpEvent *ev)
{
  gsize i = 0;

  for (;;)
    {
      if (i == len)
        return SIPPUSH_PARSE_NEED_MORE;
      /* R-SEC-2: never look further than the limit allows, whatever the chunk size. */
      gsize room = parser->max_header_block - parser->buf_len;
      gsize scan = MIN (len - i, room);
      const guint8 *lf = memchr (data + i, '\n', scan);
      gsize take = lf ? (gsize) (lf - (data + i)) + 1 : scan;

      if (lf == NULL && len - i > room)
        return fail (parser, ev, SIPPUSH_PARSE_TOO_LARGE, "header block too large");
      if (memchr (data + i, '\0', take) != NULL)
        return fail (parser, ev, SIPPUSH_PARSE_MALFORMED, "NUL in header block");
      append (parser, data + i, take);
      i += take;
      *consumed = i;
      /* Refuse a stream that is not MSRP without waiting for a whole line. */
      if (parser->line_start == 0 && memcmp (parser->buf, "MSRP ", MIN (parser->buf_len, 5)) != 0)
        return fail (parser, ev, SIPPUSH_PARSE_MALFORMED, "not an MSRP start line");
      if (lf == NULL)
        return SIPPUSH_PARSE_NEED_MORE; /* all taken */

      LineKind kind;
      const char *error = head_line (parser, &kind);
      if (error)
        return fail (parser, ev, SIPPUSH_PARSE_MALFORMED, error);
      parser->line_start = parser->buf_len;
      if (kind == LINE_HEADER)
        continue;

      finish_message (parser, kind == LINE_BODY_FOLLOWS);
      if (kind == LINE_BODY_FOLLOWS)
        {
          /* The empty line's CRLF may double as the CRLF before the end-line: an empty
           * body sent as headers CRLF end-line. */
          parser->state = STATE_BODY;
          parser->held = parser->virtual_held = 2;
        }
      else
        parser->state = STATE_END_PENDING;
      ev->type = SIPPUSH_MSRP_MESSAGE;
      ev->message = &parser->message;
      return SIPPUSH_PARSE_OK;
    }
}

/* Whether @c can be byte @k of this message's end-line. */
static gboolean
endline_byte_ok (const SipPushMsrpParser *parser, gsize k, char c)
{
  return k == parser->flag_at ? is_flag (c) : c == parser->endline[k];
}

/* Whether @s[0..@n) can continue an end-line candidate from byte @from. */
static gboolean
endline_prefix_ok (const SipPushMsrpParser *parser, const char *s, gsize from, gsize n)
{
  for (gsize k = from; k < n; k++)
    if (!endline_byte_ok (parser, k, s[k]))
      return FALSE;
  return TRUE;
}

static SipPushParseResult
emit_body (SipPushMsrpParser *parser, SipPushMsrpEvent *ev, const char *p, gsize len)
{
  ev->type = SIPPUSH_MSRP_BODY;
  ev->message = &parser->message;
  ev->body.p = p;
  ev->body.len = len;
  return SIPPUSH_PARSE_OK;
}

static SipPushParseResult
emit_end (SipPushMsrpParser *parser, SipPushMsrpEvent *ev, char flag)
{
  parser->state = STATE_DONE;
  ev->type = SIPPUSH_MSRP_END;
  ev->message = &parser->message;
  ev->flag = flag;
  return SIPPUSH_PARSE_OK;
}

/* Where a candidate end-line starts in @d[0..@len): a complete one (*@complete), or one
 * cut by the end of @d; @len when there is none. */
static gsize
find_endline (const SipPushMsrpParser *parser, const char *d, gsize len, gboolean *complete)
{
  gsize needle_len = parser->flag_at; /* "\r\n-------" tid: fixed, so memmem does the work */
  gsize pos = 0;

  *complete = FALSE;
  while (pos < len)
    {
      const char *q = memmem (d + pos, len - pos, parser->endline, needle_len);
      if (q == NULL)
        break;
      gsize at = (gsize) (q - d);
      gsize avail = MIN (len - at, parser->endline_len);
      if (endline_prefix_ok (parser, q, needle_len, avail))
        {
          *complete = avail == parser->endline_len;
          return at;
        }
      pos = at + 1;
    }

  /* No full needle from @pos on: the data may end with a prefix of it. */
  gsize from = len >= needle_len ? len - needle_len + 1 : 0;
  from = MAX (from, pos);
  while (from < len)
    {
      const char *r = memchr (d + from, '\r', len - from);
      if (r == NULL)
        break;
      gsize at = (gsize) (r - d);
      if (endline_prefix_ok (parser, r, 0, len - at))
        return at;
      from = at + 1;
    }
  return len;
}

/* R-MSRP-1: bodies are slices of the input; only a possible end-line start is held. */
static SipPushParseResult
feed_body (SipPushMsrpParser *parser, const guint8 *data, gsize len, gsize *consumed,
           SipPushMsrpEvent *ev)
{
  const char *d = (const char *) data;
  gsize off = 0;

  if (len == 0)
    return SIPPUSH_PARSE_NEED_MORE;
  if (parser->held > 0)
    {
      /* Continue the candidate byte by byte: at most ENDLINE_MAX bytes. */
      while (off < len && parser->held < parser->endline_len
             && endline_byte_ok (parser, parser->held, d[off]))
        parser->endline[parser->held++] = d[off++];
      *consumed = off;
      if (parser->held == parser->endline_len)
        {
          parser->held = parser->virtual_held = 0;
          return emit_end (parser, ev, parser->endline[parser->flag_at]);
        }
      if (off == len)
        return SIPPUSH_PARSE_NEED_MORE;

      /* Not an end-line after all: what was held is body. A new candidate cannot start
       * inside it (CR appears in the pattern only at its start and before the last LF). */
      gsize from = parser->virtual_held, to = parser->held;
      parser->held = parser->virtual_held = 0;
      if (to > from)
        return emit_body (parser, ev, parser->endline + from, to - from);
    }

  gboolean complete;
  gsize at = find_endline (parser, d + off, len - off, &complete);
  if (complete)
    {
      if (at > 0)
        {
          *consumed = off + at;
          return emit_body (parser, ev, d + off, at);
        }
      *consumed = off + parser->endline_len;
      return emit_end (parser, ev, d[off + parser->flag_at]);
    }

  /* Hold back a candidate cut by the end of the input. */
  gsize held = len - off - at;
  memcpy (parser->endline, d + off + at, held);
  parser->held = held;
  *consumed = len;
  if (at > 0)
    return emit_body (parser, ev, d + off, at);
  return SIPPUSH_PARSE_NEED_MORE;
}

static void
reset_message (SipPushMsrpParser *parser)
{
  parser->buf_len = 0;
  parser->line_start = 0;
  memset (parser->fields, 0, sizeof parser->fields);
  memset (&parser->message, 0, sizeof parser->message);
  parser->held = parser->virtual_held = 0;
  parser->state = STATE_HEAD;
}

SipPushParseResult
sippush_msrp_parser_feed (SipPushMsrpParser *parser, const guint8 *data, gsize len, gsize *consumed,
                          SipPushMsrpEvent *ev)
{
  g_return_val_if_fail (parser != NULL && consumed != NULL && ev != NULL, SIPPUSH_PARSE_MALFORMED);
  g_return_val_if_fail (data != NULL || len == 0, SIPPUSH_PARSE_MALFORMED);

  memset (ev, 0, sizeof *ev);
  *consumed = 0;
  switch (parser->state)
    {
    case STATE_ERROR:
      ev->error = parser->error;
      return parser->error_result;
    case STATE_END_PENDING:
      return emit_end (parser, ev, parser->pending_flag);
    case STATE_BODY:
      return feed_body (parser, data, len, consumed, ev);
    case STATE_DONE:
      reset_message (parser);
      return feed_head (parser, data, len, consumed, ev);
    case STATE_HEAD:
    default:
      return feed_head (parser, data, len, consumed, ev);
    }
}
