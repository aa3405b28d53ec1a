/* test-msrp-parser.c — unit tests for the incremental MSRP parser (R-MSRP-1, R-MSRP-3,
 * R-SEC-1, R-SEC-2). Every vector is fed whole, split at every point and byte by byte,
 * and must give the same events and the same body every time.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "check-main.h"
#include <string.h>
#include <sys/mman.h>

#include "msrp/parser.h"

#define TO_PATH "To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\n"
#define FROM_PATH "From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\r\n"
#define PATHS TO_PATH FROM_PATH

/* A vector: the bytes (may hold NULs) and the trace they must give. */
typedef struct
{
  const char *name;
  const char *data;
  gsize len;
  const char *trace;
} Vector;

#define VEC(name, data, trace)                                                                     \
  {                                                                                                \
    name, data, sizeof (data) - 1, trace                                                           \
  }

static void
append_escaped (GString *out, const char *p, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (p[i] == '\r')
        g_string_append (out, "\\r");
      else if (p[i] == '\n')
        g_string_append (out, "\\n");
      else if (p[i] == '\0')
        g_string_append (out, "\\0");
      else
        g_string_append_c (out, p[i]);
    }
}

/* The events of one run as text: "M <method|status> <tid>[ body]", the whole body of a
 * message as "B <body>" at its END, "E <flag>", "X" for an error; an unfinished body
 * ends the trace as "B <body>…". */
typedef struct
{
  SipPushMsrpParser *parser;
  GString *trace;
  GString *body;
  gboolean failed;
  const char *error;
  gsize error_at; /* stream offset after the feed call that failed */
  gsize fed;
} Run;

static void
run_init (Run *run, gsize max_header_block)
{
  run->parser = sippush_msrp_parser_new (max_header_block);
  run->trace = g_string_new (NULL);
  run->body = g_string_new (NULL);
  run->failed = FALSE;
  run->error = NULL;
  run->error_at = 0;
  run->fed = 0;
}

static gchar *
run_finish (Run *run)
{
  if (run->body->len > 0)
    {
      g_string_append (run->trace, "B ");
      append_escaped (run->trace, run->body->str, run->body->len);
      g_string_append (run->trace, "…\n");
    }
  sippush_msrp_parser_free (run->parser);
  g_string_free (run->body, TRUE);
  return g_string_free (run->trace, FALSE);
}

/* The parser's answer folded into one value for the tables below: the event of an OK,
 * EV_NEED_MORE or EV_ERROR; checks the contract on the way (core/parse.h). */
#define EV_NEED_MORE (-1)
#define EV_ERROR (-2)

static int
feed (SipPushMsrpParser *parser, const guint8 *data, gsize len, gsize *consumed,
      SipPushMsrpEvent *ev)
{
  SipPushParseResult r = sippush_msrp_parser_feed (parser, data, len, consumed, ev);
  switch (r)
    {
    case SIPPUSH_PARSE_OK:
      return (int) ev->type;
    case SIPPUSH_PARSE_NEED_MORE:
      return EV_NEED_MORE;
    case SIPPUSH_PARSE_TOO_LARGE:
      ck_assert_str_eq (ev->error, "header block too large");
      return EV_ERROR;
    case SIPPUSH_PARSE_MALFORMED:
      ck_assert_ptr_nonnull (ev->error);
      ck_assert_str_ne (ev->error, "header block too large");
      return EV_ERROR;
    }
  ck_abort ();
  return EV_ERROR;
}

/* Feeds one chunk, looping until the parser wants more; checks progress (R-SEC-1). */
static void
run_feed (Run *run, const char *data, gsize len)
{
  gsize idle = 0;

  while (!run->failed)
    {
      SipPushMsrpEvent ev;
      gsize consumed = 12345;
      int type = feed (run->parser, (const guint8 *) data, len, &consumed, &ev);
      ck_assert_uint_le (consumed, len);
      idle = consumed ? 0 : idle + 1;
      ck_assert_uint_le (idle, 2);
      data += consumed;
      len -= consumed;
      run->fed += consumed;
      switch (type)
        {
        case EV_NEED_MORE:
          ck_assert_uint_eq (len, 0);
          return;
        case SIPPUSH_MSRP_MESSAGE:
          {
            const SipPushMsrpMessage *m = ev.message;
            g_string_append (run->trace, "M ");
            if (m->is_request)
              g_string_append_len (run->trace, m->method.p, (gssize) m->method.len);
            else
              g_string_append_printf (run->trace, "%03u", m->status);
            g_string_append_c (run->trace, ' ');
            g_string_append_len (run->trace, m->tid.p, (gssize) m->tid.len);
            g_string_append (run->trace, m->has_body ? " body\n" : "\n");
            break;
          }
        case SIPPUSH_MSRP_BODY:
          ck_assert_ptr_nonnull (ev.message);
          ck_assert_uint_gt (ev.body.len, 0);
          g_string_append_len (run->body, ev.body.p, (gssize) ev.body.len);
          break;
        case SIPPUSH_MSRP_END:
          ck_assert_ptr_nonnull (ev.message);
          ck_assert_uint_ge (ev.message->tid.len, 4); /* still valid at END */
          if (run->body->len > 0)
            {
              g_string_append (run->trace, "B ");
              append_escaped (run->trace, run->body->str, run->body->len);
              g_string_append_c (run->trace, '\n');
              g_string_truncate (run->body, 0);
            }
          g_string_append_printf (run->trace, "E %c\n", ev.flag);
          break;
        case EV_ERROR:
        default:
          ck_assert_ptr_nonnull (ev.error);
          g_string_append (run->trace, "X\n");
          run->failed = TRUE;
          run->error = ev.error;
          run->error_at = run->fed;
          /* The parser stays in error. */
          ck_assert_int_eq (feed (run->parser, (const guint8 *) data, len, &consumed, &ev),
                            EV_ERROR);
          ck_assert_uint_eq (consumed, 0);
          return;
        }
    }
}

static gchar *
trace_split (const char *data, gsize len, gsize split, gsize max_header_block)
{
  Run run;
  run_init (&run, max_header_block);
  run_feed (&run, data, split);
  run_feed (&run, data + split, len - split);
  return run_finish (&run);
}

static gchar *
trace_bytes (const char *data, gsize len, gsize max_header_block)
{
  Run run;
  run_init (&run, max_header_block);
  for (gsize i = 0; i < len; i++)
    run_feed (&run, data + i, 1);
  return run_finish (&run);
}

/* Whole, at every split point, byte by byte: one trace, the expected one. */
static void
check_vector (const Vector *v)
{
  g_autofree gchar *whole = trace_split (v->data, v->len, v->len, 0);
  if (g_strcmp0 (whole, v->trace) != 0)
    ck_abort_msg ("%s: trace\n%s\nexpected\n%s", v->name, whole, v->trace);
  for (gsize split = 0; split < v->len; split++)
    {
      g_autofree gchar *t = trace_split (v->data, v->len, split, 0);
      if (g_strcmp0 (t, whole) != 0)
        ck_abort_msg ("%s: split at %" G_GSIZE_FORMAT ":\n%s\nwhole:\n%s", v->name, split, t,
                      whole);
    }
  g_autofree gchar *bytes = trace_bytes (v->data, v->len, 0);
  if (g_strcmp0 (bytes, whole) != 0)
    ck_abort_msg ("%s: byte by byte:\n%s\nwhole:\n%s", v->name, bytes, whole);
}

#define SEND_BODY                                                                                  \
  "MSRP a786hjs2 SEND\r\n" PATHS "Message-ID: 87652491\r\n"                                        \
  "Byte-Range: 1-16/16\r\n"                                                                        \
  "Content-Type: text/plain\r\n"                                                                   \
  "\r\n"                                                                                           \
  "Hi, I'm Alice!\r\n"                                                                             \
  "\r\n-------a786hjs2$\r\n"

#define SEND_NO_BODY                                                                               \
  "MSRP dkei38sd SEND\r\n" PATHS "Message-ID: 4564dpWd\r\n"                                        \
  "Byte-Range: 1-0/0\r\n"                                                                          \
  "-------dkei38sd$\r\n"

#define OK_200 "MSRP a786hjs2 200 OK\r\n" PATHS "-------a786hjs2$\r\n"

/* R-MSRP-1: well-formed framing, pipelined and interrupted chunks. */
static const Vector good_vectors[] = {
  VEC ("send with body", SEND_BODY, "M SEND a786hjs2 body\nB Hi, I'm Alice!\\r\\n\nE $\n"),
  VEC ("send without body", SEND_NO_BODY, "M SEND dkei38sd\nE $\n"),
  VEC ("pipelined", SEND_BODY SEND_NO_BODY OK_200 SEND_BODY,
       "M SEND a786hjs2 body\nB Hi, I'm Alice!\\r\\n\nE $\n"
       "M SEND dkei38sd\nE $\n"
       "M 200 a786hjs2\nE $\n"
       "M SEND a786hjs2 body\nB Hi, I'm Alice!\\r\\n\nE $\n"),
  VEC ("interrupted then continued",
       "MSRP tid1abcd SEND\r\n" PATHS "Message-ID: m1\r\nByte-Range: 1-*/*\r\n"
       "Content-Type: text/plain\r\n\r\nfirst part\r\n-------tid1abcd+\r\n"
       "MSRP tid2abcd SEND\r\n" PATHS "Message-ID: m1\r\nByte-Range: 11-21/21\r\n"
       "Content-Type: text/plain\r\n\r\nsecond part\r\n-------tid2abcd$\r\n",
       "M SEND tid1abcd body\nB first part\nE +\nM SEND tid2abcd body\nB second part\nE $\n"),
  VEC ("aborted",
       "MSRP abort123 SEND\r\n" PATHS "Message-ID: m2\r\nByte-Range: 1-*/100\r\n"
       "Content-Type: text/plain\r\n\r\nsome\r\n-------abort123#\r\n",
       "M SEND abort123 body\nB some\nE #\n"),
  VEC ("body with end-line look-alikes",
       "MSRP a786hjs2 SEND\r\n" PATHS "Content-Type: text/plain\r\n\r\n"
       "a-------b\r\n-------othertid$\r\n"
       "\r\n-------a786hjs2\r\nX-------a786hjs2$\r\n"
       "\r\n-------a786hjs2x$\r\n"
       "\r\n-------a786hjs2$x\r\n"
       "\r\n-------a786hjs2$\rX"
       "\r\n-------a786hjs\r\n-------a786hjs2%\r\n"
       "\r\r\n\r\n-------a786hjs2$\r\n",
       "M SEND a786hjs2 body\n"
       "B a-------b\\r\\n-------othertid$\\r\\n"
       "\\r\\n-------a786hjs2\\r\\nX-------a786hjs2$\\r\\n"
       "\\r\\n-------a786hjs2x$\\r\\n"
       "\\r\\n-------a786hjs2$x\\r\\n"
       "\\r\\n-------a786hjs2$\\rX"
       "\\r\\n-------a786hjs\\r\\n-------a786hjs2%\\r\\n"
       "\\r\\r\\n\n"
       "E $\n"),
  VEC ("body that is a CR", "MSRP a786hjs2 SEND\r\n" PATHS "\r\n\r\r\n-------a786hjs2$\r\n",
       "M SEND a786hjs2 body\nB \\r\nE $\n"),
  VEC ("empty body", "MSRP a786hjs2 SEND\r\n" PATHS "\r\n\r\n-------a786hjs2$\r\n",
       "M SEND a786hjs2 body\nE $\n"),
  /* headers CRLF end-line: the empty line's CRLF doubles as the end-line's */
  VEC ("empty body, short form", "MSRP a786hjs2 SEND\r\n" PATHS "\r\n-------a786hjs2$\r\n",
       "M SEND a786hjs2 body\nE $\n"),
  VEC ("body starting like an end-line",
       "MSRP a786hjs2 SEND\r\n" PATHS "\r\n-------a786hjs2 x\r\n-------a786hjs2$\r\n",
       "M SEND a786hjs2 body\nB -------a786hjs2 x\nE $\n"),
  VEC ("response", OK_200, "M 200 a786hjs2\nE $\n"),
  VEC ("response without comment", "MSRP a786hjs2 481\r\n-------a786hjs2$\r\n",
       "M 481 a786hjs2\nE $\n"),
  VEC ("report",
       "MSRP dkei38sd REPORT\r\n" PATHS "Message-ID: 12339sdqwer\r\n"
       "Byte-Range: 1-106/106\r\nStatus: 000 200 OK\r\n-------dkei38sd$\r\n",
       "M REPORT dkei38sd\nE $\n"),
  VEC ("unknown method, unknown headers, odd tid",
       "MSRP A.-+%=9z NICKNAME\r\n" PATHS "X-Foo:bar\r\nuse-nickname: \"x\"\r\n"
       "-------A.-+%=9z$\r\n",
       "M NICKNAME A.-+%=9z\nE $\n"),
  VEC ("unfinished body", "MSRP a786hjs2 SEND\r\n" PATHS "\r\nhello\r\n-------a786hjs2$\r",
       "M SEND a786hjs2 body\nB hello…\n"),
  VEC ("byte-range stars",
       "MSRP a786hjs2 SEND\r\n" PATHS "Byte-Range: 1-*/*\r\n\r\nx\r\n-------a786hjs2+\r\n"
       "MSRP b786hjs2 SEND\r\n" PATHS "Byte-Range: 2-2/*\r\n\r\ny\r\n-------b786hjs2+\r\n"
       "MSRP c786hjs2 SEND\r\n" PATHS "Byte-Range: 3-*/3\r\n\r\nz\r\n-------c786hjs2$\r\n",
       "M SEND a786hjs2 body\nB x\nE +\nM SEND b786hjs2 body\nB y\nE +\n"
       "M SEND c786hjs2 body\nB z\nE $\n"),
};

/* R-MSRP-3: malformed framing is an error (the caller closes the connection). */
static const Vector bad_vectors[] = {
  VEC ("not msrp", "HTTP/1.1 200 OK\r\n\r\n", "X\n"),
  VEC ("lower-case MSRP", "msrp a786hjs2 SEND\r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("empty line first", "\r\nMSRP a786hjs2 SEND\r\n", "X\n"),
  VEC ("tid too short", "MSRP abc SEND\r\n-------abc$\r\n", "X\n"),
  VEC ("tid too long",
       "MSRP 0123456789abcdef0123456789abcdefX SEND\r\n"
       "-------0123456789abcdef0123456789abcdefX$\r\n",
       "X\n"),
  VEC ("tid starting with a dot", "MSRP .786hjs2 SEND\r\n-------.786hjs2$\r\n", "X\n"),
  VEC ("tid with a bad char", "MSRP a786/js2 SEND\r\n-------a786/js2$\r\n", "X\n"),
  VEC ("no method", "MSRP a786hjs2\r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("lower-case method", "MSRP a786hjs2 send\r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("method then blank", "MSRP a786hjs2 SEND \r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("two-digit status", "MSRP a786hjs2 20\r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("status glued to comment", "MSRP a786hjs2 200OK\r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("missing CR", "MSRP a786hjs2 SEND\n" PATHS "-------a786hjs2$\r\n", "X\n"),
  VEC ("bare CR in header", "MSRP a786hjs2 SEND\r\nTo-Path: a\rb\r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("folded header", "MSRP a786hjs2 SEND\r\nTo-Path: a\r\n b\r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("NUL in header", "MSRP a786hjs2 SEND\r\n" PATHS "Message-ID: a\0b\r\n-------a786hjs2$\r\n",
       "X\n"),
  VEC ("NUL in start line", "MSRP a786hjs2 SE\0ND\r\n", "X\n"),
  VEC ("header without colon", "MSRP a786hjs2 SEND\r\nTo-Path msrp://a/b;tcp\r\n", "X\n"),
  VEC ("header with empty name", "MSRP a786hjs2 SEND\r\n: x\r\n", "X\n"),
  VEC ("known header name then a blank", "MSRP a786hjs2 SEND\r\nTo-Path : a\r\n", "X\n"),
  VEC ("header name not a token", "MSRP a786hjs2 SEND\r\nX(y): z\r\n", "X\n"),
  VEC ("known header name with a non-token byte", "MSRP a786hjs2 SEND\r\nTo-P@th: a\r\n", "X\n"),
  VEC ("empty To-Path", "MSRP a786hjs2 SEND\r\nTo-Path:  \r\n", "X\n"),
  VEC ("duplicate To-Path", "MSRP a786hjs2 SEND\r\n" PATHS TO_PATH "-------a786hjs2$\r\n", "X\n"),
  VEC ("duplicate From-Path, other case",
       "MSRP a786hjs2 SEND\r\n" PATHS "from-path: msrp://x/y;tcp\r\n-------a786hjs2$\r\n", "X\n"),
  VEC ("duplicate Content-Type", "MSRP a786hjs2 SEND\r\nContent-Type: a/b\r\nContent-Type: a/b\r\n",
       "X\n"),
  VEC ("duplicate Byte-Range", "MSRP a786hjs2 SEND\r\nByte-Range: 1-1/1\r\nByte-Range: 1-1/1\r\n",
       "X\n"),
  VEC ("byte-range starting at 0", "MSRP a786hjs2 SEND\r\nByte-Range: 0-5/5\r\n", "X\n"),
  VEC ("byte-range overflow", "MSRP a786hjs2 SEND\r\nByte-Range: 99999999999999999999999-1/2\r\n",
       "X\n"),
  VEC ("byte-range overflow by one",
       "MSRP a786hjs2 SEND\r\nByte-Range: 1-18446744073709551616/*\r\n", "X\n"),
  VEC ("byte-range end before start", "MSRP a786hjs2 SEND\r\nByte-Range: 5-3/10\r\n", "X\n"),
  VEC ("byte-range end past total", "MSRP a786hjs2 SEND\r\nByte-Range: 1-10/5\r\n", "X\n"),
  VEC ("byte-range start past total", "MSRP a786hjs2 SEND\r\nByte-Range: 7-*/5\r\n", "X\n"),
  VEC ("byte-range without total", "MSRP a786hjs2 SEND\r\nByte-Range: 1-2\r\n", "X\n"),
  VEC ("byte-range with junk", "MSRP a786hjs2 SEND\r\nByte-Range: 1-2/3x\r\n", "X\n"),
  VEC ("byte-range star start", "MSRP a786hjs2 SEND\r\nByte-Range: *-2/3\r\n", "X\n"),
  VEC ("end-line of another tid", "MSRP a786hjs2 SEND\r\n" PATHS "-------b786hjs2$\r\n", "X\n"),
  VEC ("end-line without flag", "MSRP a786hjs2 SEND\r\n" PATHS "-------a786hjs2\r\n", "X\n"),
  VEC ("end-line with a bad flag", "MSRP a786hjs2 SEND\r\n" PATHS "-------a786hjs2!\r\n", "X\n"),
  VEC ("response with a body", "MSRP a786hjs2 200 OK\r\n" PATHS "\r\nx\r\n-------a786hjs2$\r\n",
       "X\n"),
  VEC ("garbage after a good message", SEND_NO_BODY "GET / HTTP/1.1\r\n",
       "M SEND dkei38sd\nE $\nX\n"),
};

START_TEST (test_msrp_good_vectors)
{
  check_vector (&good_vectors[_i]);
}
END_TEST

START_TEST (test_msrp_bad_vectors)
{
  check_vector (&bad_vectors[_i]);
}
END_TEST

/* Feeds @data whole and returns the MESSAGE event's message copied out. */
static SipPushMsrpMessage
first_message (SipPushMsrpParser *parser, const char *data, gsize len)
{
  SipPushMsrpEvent ev;
  gsize consumed;
  ck_assert_int_eq (feed (parser, (const guint8 *) data, len, &consumed, &ev),
                    SIPPUSH_MSRP_MESSAGE);
  return *ev.message;
}

static gboolean
slice_is (SipPushSlice s, const char *text)
{
  return s.p != NULL && s.len == strlen (text) && memcmp (s.p, text, s.len) == 0;
}

/* R-MSRP-1: the known headers come out as slices, trimmed; absent ones are NULL. */
START_TEST (test_msrp_message_fields)
{
  g_autoptr (SipPushMsrpParser) parser = sippush_msrp_parser_new (0);
  static const char data[] = SEND_BODY;
  SipPushMsrpMessage m = first_message (parser, data, sizeof data - 1);

  ck_assert (m.is_request);
  ck_assert (slice_is (m.tid, "a786hjs2"));
  ck_assert (slice_is (m.method, "SEND"));
  ck_assert (slice_is (m.to_path, "msrp://bob.example.com:8888/9di4eae923wzd;tcp"));
  ck_assert (slice_is (m.from_path, "msrp://alicepc.example.com:7777/iau39soe2843z;tcp"));
  ck_assert (slice_is (m.message_id, "87652491"));
  ck_assert (slice_is (m.content_type, "text/plain"));
  ck_assert (m.has_byte_range);
  ck_assert_uint_eq (m.range_start, 1);
  ck_assert_uint_eq (m.range_end, 16);
  ck_assert_uint_eq (m.range_total, 16);
  ck_assert (!m.range_end_unknown && !m.range_total_unknown);
  ck_assert (m.has_body);
  ck_assert_ptr_null (m.success_report.p);
  ck_assert_ptr_null (m.failure_report.p);
  ck_assert_ptr_null (m.status_header.p);
  ck_assert_ptr_null (m.comment.p);
}
END_TEST

START_TEST (test_msrp_report_fields)
{
  g_autoptr (SipPushMsrpParser) parser = sippush_msrp_parser_new (0);
  static const char data[] = "MSRP dkei38sd REPORT\r\n" PATHS "message-id:12339sdqwer\r\n"
                             "BYTE-RANGE: 1-*/*\r\nStatus:   000 200 OK  \r\n"
                             "Success-Report: yes\r\nFailure-Report: no\r\n-------dkei38sd$\r\n";
  SipPushMsrpMessage m = first_message (parser, data, sizeof data - 1);

  ck_assert (slice_is (m.method, "REPORT"));
  ck_assert (slice_is (m.message_id, "12339sdqwer"));
  ck_assert (slice_is (m.status_header, "000 200 OK"));
  ck_assert (slice_is (m.success_report, "yes"));
  ck_assert (slice_is (m.failure_report, "no"));
  ck_assert (m.has_byte_range && m.range_end_unknown && m.range_total_unknown);
  ck_assert_uint_eq (m.range_start, 1);
  ck_assert (!m.has_body);
  ck_assert_ptr_null (m.content_type.p);
}
END_TEST

START_TEST (test_msrp_response_fields)
{
  g_autoptr (SipPushMsrpParser) parser = sippush_msrp_parser_new (0);
  static const char data[] = "MSRP a786hjs2 413 Too big, sorry\r\n" PATHS "-------a786hjs2#\r\n";
  SipPushMsrpMessage m = first_message (parser, data, sizeof data - 1);
  SipPushMsrpEvent ev;
  gsize consumed;

  ck_assert (!m.is_request);
  ck_assert_uint_eq (m.status, 413);
  ck_assert (slice_is (m.comment, "Too big, sorry"));
  ck_assert_ptr_null (m.method.p);
  /* END needs no more input. */
  ck_assert_int_eq (feed (parser, NULL, 0, &consumed, &ev), SIPPUSH_MSRP_END);
  ck_assert_uint_eq (consumed, 0);
  ck_assert_int_eq (ev.flag, '#');
  ck_assert_int_eq (feed (parser, NULL, 0, &consumed, &ev), EV_NEED_MORE);
}
END_TEST

START_TEST (test_msrp_byte_range_limits)
{
  static const struct
  {
    const char *value;
    gboolean ok;
    guint64 start, end, total;
  } rows[] = {
    { "1-0/0", TRUE, 1, 0, 0 },
    { "18446744073709551615-18446744073709551615/18446744073709551615", TRUE, G_MAXUINT64,
      G_MAXUINT64, G_MAXUINT64 },
    { "00000000000000000001-2/3", TRUE, 1, 2, 3 },
    { "000000000000000000001-2/3", FALSE, 0, 0, 0 }, /* 21 digits */
    { "18446744073709551616-1/1", FALSE, 0, 0, 0 },
    { "99999999999999999999999-1/2", FALSE, 0, 0, 0 },
    { "1--1/2", FALSE, 0, 0, 0 },
    { "1-2/", FALSE, 0, 0, 0 },
    { "-2/3", FALSE, 0, 0, 0 },
    { "1- 2/3", FALSE, 0, 0, 0 },
    { "", FALSE, 0, 0, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr (SipPushMsrpParser) parser = sippush_msrp_parser_new (0);
      g_autofree gchar *data
          = g_strdup_printf ("MSRP a786hjs2 SEND\r\nByte-Range: %s\r\n\r\n", rows[i].value);
      SipPushMsrpEvent ev;
      gsize consumed;
      int type = feed (parser, (const guint8 *) data, strlen (data), &consumed, &ev);
      ck_assert_msg (type == (rows[i].ok ? SIPPUSH_MSRP_MESSAGE : EV_ERROR), "%s", rows[i].value);
      if (rows[i].ok)
        {
          ck_assert_uint_eq (ev.message->range_start, rows[i].start);
          ck_assert_uint_eq (ev.message->range_end, rows[i].end);
          ck_assert_uint_eq (ev.message->range_total, rows[i].total);
        }
    }
}
END_TEST

/* R-SEC-2: a header block exactly at the limit passes, one byte more fails. */
START_TEST (test_msrp_header_limit_exact)
{
  static const char data[] = SEND_NO_BODY;
  gsize len = sizeof data - 1;

  g_autofree gchar *at_limit = trace_split (data, len, len, len);
  ck_assert_str_eq (at_limit, "M SEND dkei38sd\nE $\n");
  g_autofree gchar *below = trace_split (data, len, len, len - 1);
  ck_assert_str_eq (below, "X\n");
  g_autofree gchar *bytes = trace_bytes (data, len, len - 1);
  ck_assert_str_eq (bytes, "X\n");
}
END_TEST

/* R-SEC-2: a 1 MiB header line is refused as soon as the limit is passed, whole or in
 * pieces; nothing past the limit is taken in. */
START_TEST (test_msrp_huge_header_line)
{
  const gsize big = 1024 * 1024;
  gchar *data = g_malloc (big);
  static const char start[] = "MSRP a786hjs2 SEND\r\nX-Big: ";
  memcpy (data, start, sizeof start - 1);
  memset (data + sizeof start - 1, 'a', big - (sizeof start - 1));

  static const gsize limits[] = { 64, 1000, SIPPUSH_MSRP_MAX_HEADER_BLOCK };
  for (gsize k = 0; k < G_N_ELEMENTS (limits); k++)
    {
      Run run;
      run_init (&run, limits[k]);
      run_feed (&run, data, big);
      ck_assert (run.failed);
      ck_assert_str_eq (run.error, "header block too large");
      g_free (run_finish (&run));

      /* In 1000-byte reads: the error comes with the read that passes the limit. */
      run_init (&run, limits[k]);
      for (gsize i = 0; i < big && !run.failed; i += 1000)
        run_feed (&run, data + i, MIN (1000, big - i));
      ck_assert (run.failed);
      ck_assert_uint_le (run.error_at, limits[k]);
      ck_assert_uint_gt (run.error_at + 1000, limits[k]);
      g_free (run_finish (&run));
    }
  /* The default limit applies when 0 is given. */
  Run run;
  run_init (&run, 0);
  for (gsize i = 0; i < big && !run.failed; i++)
    run_feed (&run, data + i, 1);
  ck_assert (run.failed);
  ck_assert_uint_eq (run.error_at, SIPPUSH_MSRP_MAX_HEADER_BLOCK);
  g_free (run_finish (&run));
  g_free (data);
}
END_TEST

/* Where the first end-line of @tid starts in @s, or -1: the plain definition. */
static gssize
find_endline (const char *s, gsize n, const char *tid)
{
  g_autofree gchar *head = g_strconcat ("\r\n-------", tid, NULL);
  gsize h = strlen (head);
  for (gsize i = 0; i + h + 3 <= n; i++)
    if (memcmp (s + i, head, h) == 0 && strchr ("$+#", s[i + h]) && s[i + h] != '\0'
        && s[i + h + 1] == '\r' && s[i + h + 2] == '\n')
      return (gssize) i;
  return -1;
}

/* R-MSRP-1: random bodies full of near end-lines, in random reads, come out intact. */
START_TEST (test_msrp_random_bodies)
{
  static const char *const pieces[] = {
    "\r",
    "\n",
    "\r\n",
    "-------",
    "\r\n-------",
    "\r\n-------rnd12345",
    "-------rnd12345$",
    "\r\n-------rnd1234",
    "\r\n-------rnd12345?\r\n",
    "\r\n-------rnd123456$\r\n",
    "\r\n-------rnd12345$\r",
    "x",
    "hello world ",
  };
  GRand *rand = g_rand_new_with_seed (4975);

  for (guint round = 0; round < 40; round++)
    {
      /* The body as the sender must make it: no end-line of its own inside (counting the
       * empty line's CRLF before it and the end-line's CRLF after it). */
      GString *body = g_string_new ("\r\n");
      guint n = g_rand_int_range (rand, 0, 2000);
      for (guint i = 0; i < n; i++)
        {
          gsize before = body->len;
          g_string_append (body, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          if (find_endline (body->str, body->len, "rnd12345") >= 0)
            g_string_truncate (body, before);
        }
      gsize body_end = body->len;
      g_string_append (body, "\r\n-------rnd12345$\r\n");
      if (find_endline (body->str, body->len, "rnd12345") != (gssize) body_end)
        {
          g_string_truncate (body, body_end);
          g_string_append (body, "x\r\n-------rnd12345$\r\n");
        }
      GString *stream = g_string_new ("MSRP rnd12345 SEND\r\n" PATHS);
      g_string_append_len (stream, body->str, (gssize) body->len);
      g_string_erase (body, 0, 2);
      g_string_truncate (body, body->len - strlen ("\r\n-------rnd12345$\r\n"));

      Run run;
      run_init (&run, 0);
      for (gsize i = 0; i < stream->len;)
        {
          gsize chunk = (gsize) g_rand_int_range (rand, 1, 64);
          chunk = MIN (chunk, stream->len - i);
          run_feed (&run, stream->str + i, chunk);
          i += chunk;
        }
      g_autofree gchar *trace = run_finish (&run);
      GString *expected = g_string_new ("M SEND rnd12345 body\n");
      if (body->len > 0)
        {
          g_string_append (expected, "B ");
          append_escaped (expected, body->str, body->len);
          g_string_append_c (expected, '\n');
        }
      g_string_append (expected, "E $\n");
      if (strcmp (trace, expected->str) != 0)
        {
          gsize d = 0;
          while (trace[d] == expected->str[d])
            d++;
          ck_abort_msg ("round %u: traces differ at %" G_GSIZE_FORMAT ": …%.60s… / …%.60s…", round,
                        d, trace + (d > 20 ? d - 20 : 0), expected->str + (d > 20 ? d - 20 : 0));
        }
      g_string_free (expected, TRUE);
      g_string_free (stream, TRUE);
      g_string_free (body, TRUE);
    }
  g_rand_free (rand);
}
END_TEST

/* R-MSRP-1, R-SEC-2: a 1 GiB body in one chunk is handed out without copies. */
START_TEST (test_msrp_gigabyte_body_one_chunk)
{
  static const char head[]
      = "MSRP big12345 SEND\r\n" PATHS "Byte-Range: 1-1073741824/1073741824\r\n"
        "Content-Type: application/octet-stream\r\n\r\n";
  static const char tail[] = "\r\n-------big12345$\r\n";
  const gsize body_len = (gsize) 1 << 30;
  const gsize len = sizeof head - 1 + body_len + sizeof tail - 1;
  /* Untouched anonymous pages read as zeros without using memory. */
  char *data = mmap (NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                     -1, 0);
  if (data == MAP_FAILED)
    return; /* no address space for it here: nothing to test */
  memcpy (data, head, sizeof head - 1);
  memcpy (data + len - (sizeof tail - 1), tail, sizeof tail - 1);

  g_autoptr (SipPushMsrpParser) parser = sippush_msrp_parser_new (0);
  SipPushMsrpEvent ev;
  gsize consumed, off = 0, got = 0;
  guint bodies = 0;
  int type;
  while ((type = feed (parser, (const guint8 *) data + off, len - off, &consumed, &ev))
         != EV_NEED_MORE)
    {
      ck_assert_int_ne (type, EV_ERROR);
      if (type == SIPPUSH_MSRP_BODY)
        {
          ck_assert_ptr_eq (ev.body.p, data + off); /* a slice of the input */
          got += ev.body.len;
          bodies++;
        }
      off += consumed;
      if (type == SIPPUSH_MSRP_END)
        ck_assert_int_eq (ev.flag, '$');
    }
  ck_assert_uint_eq (got, body_len);
  ck_assert_uint_eq (bodies, 1);
  ck_assert_uint_eq (off, len);
  munmap (data, len);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("msrp-parser");
  TCase *tc = tcase_create ("core");
  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, test_msrp_good_vectors, 0, G_N_ELEMENTS (good_vectors));
  tcase_add_loop_test (tc, test_msrp_bad_vectors, 0, G_N_ELEMENTS (bad_vectors));
  tcase_add_test (tc, test_msrp_message_fields);
  tcase_add_test (tc, test_msrp_report_fields);
  tcase_add_test (tc, test_msrp_response_fields);
  tcase_add_test (tc, test_msrp_byte_range_limits);
  tcase_add_test (tc, test_msrp_header_limit_exact);
  tcase_add_test (tc, test_msrp_huge_header_line);
  tcase_add_test (tc, test_msrp_random_bodies);
  tcase_add_test (tc, test_msrp_gigabyte_body_one_chunk);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
