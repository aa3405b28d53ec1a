/* fuzz-msrp-parser.c — libFuzzer target for the incremental MSRP parser (R-MSRP-1,
 * R-MSRP-3, R-SEC-1). The input (after its first byte) is fed whole, in two pieces split
 * at a point the first byte picks, and byte by byte: every call must consume no more than
 * it was given and make progress, and the three runs must give the same events and the
 * same body bytes. The URI helpers run on every path header.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msrp/parser.h"
#include "msrp/uri.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Small enough that the fuzzer reaches the limit. */
#define FUZZ_MAX_HEADER_BLOCK 512

static gboolean
slice_within (SipPushSlice inner, SipPushSlice outer)
{
  return inner.p >= outer.p && inner.len <= outer.len
         && (gsize) (inner.p - outer.p) <= outer.len - inner.len;
}

static void
check_uri (SipPushSlice uri)
{
  SipPushMsrpUri u;
  GError *error = NULL;
  SipPushParseResult r = sippush_msrp_uri_parse (uri.p, uri.len, &u, &error);
  if ((r == SIPPUSH_PARSE_OK) != (error == NULL) || r == SIPPUSH_PARSE_NEED_MORE)
    abort ();
  if (r == SIPPUSH_PARSE_OK)
    {
      if (u.host.len == 0 || !slice_within (u.host, uri))
        abort ();
      if (u.session_id.p && (u.session_id.len == 0 || !slice_within (u.session_id, uri)))
        abort ();
    }
  else if (u.host.p != NULL || u.session_id.p != NULL)
    abort ();
  g_clear_error (&error);
}

static void
check_path (SipPushSlice path)
{
  SipPushSlice uri;
  if (path.p == NULL)
    return;
  if (sippush_msrp_path_first (path, &uri))
    {
      if (uri.len == 0 || !slice_within (uri, path))
        abort ();
      check_uri (uri);
    }
  if (sippush_msrp_path_last (path, &uri))
    {
      if (uri.len == 0 || !slice_within (uri, path))
        abort ();
      check_uri (uri);
    }
}

static void
check_message (const SipPushMsrpMessage *m)
{
  if (m->tid.len < SIPPUSH_MSRP_TID_MIN || m->tid.len > SIPPUSH_MSRP_TID_MAX)
    abort ();
  if (m->is_request ? m->method.len == 0 : m->status > 999)
    abort ();
  if (m->has_byte_range)
    {
      if (m->range_start < 1)
        abort ();
      if (!m->range_end_unknown && m->range_end < m->range_start - 1)
        abort ();
      if (!m->range_end_unknown && !m->range_total_unknown && m->range_total < m->range_end)
        abort ();
    }
  check_path (m->to_path);
  check_path (m->from_path);
}

/* One run: the events as text, each message's body (however it came in pieces) written
 * with its length before the next event. */
typedef struct
{
  SipPushMsrpParser *parser;
  GString *trace;
  GString *body;
  gboolean failed;
} Run;

static void
flush_body (Run *run)
{
  if (run->body->len == 0)
    return;
  g_string_append_printf (run->trace, "B%" G_GSIZE_FORMAT ":", run->body->len);
  g_string_append_len (run->trace, run->body->str, (gssize) run->body->len);
  g_string_truncate (run->body, 0);
}

static void
run_feed (Run *run, const uint8_t *data, size_t len)
{
  guint idle = 0;

  while (!run->failed)
    {
      SipPushMsrpEvent ev;
      gsize consumed = G_MAXSIZE;
      SipPushParseResult r = sippush_msrp_parser_feed (run->parser, data, len, &consumed, &ev);
      /* One value per answer: the event of an OK, else the result (events are 0..2). */
      int type = r == SIPPUSH_PARSE_OK ? (int) ev.type : -1 - (int) r;
      if (consumed > len)
        abort ();
      /* Progress: an event that takes no input is never repeated without end. */
      idle = consumed ? 0 : idle + 1;
      if (idle > 2)
        abort ();
      data += consumed;
      len -= consumed;
      if (type != SIPPUSH_MSRP_BODY && r != SIPPUSH_PARSE_NEED_MORE)
        flush_body (run);
      switch (type)
        {
        case -1 - SIPPUSH_PARSE_NEED_MORE:
          if (len != 0)
            abort ();
          return;
        case SIPPUSH_MSRP_MESSAGE:
          check_message (ev.message);
          g_string_append_printf (run->trace, "\nM%d %u %u ", ev.message->is_request,
                                  ev.message->status, ev.message->has_body);
          g_string_append_len (run->trace, ev.message->tid.p, (gssize) ev.message->tid.len);
          g_string_append_c (run->trace, '\n');
          break;
        case SIPPUSH_MSRP_BODY:
          if (ev.message == NULL || ev.body.p == NULL || ev.body.len == 0)
            abort ();
          g_string_append_len (run->body, ev.body.p, (gssize) ev.body.len);
          break;
        case SIPPUSH_MSRP_END:
          if (ev.message == NULL || (ev.flag != '$' && ev.flag != '+' && ev.flag != '#'))
            abort ();
          check_message (ev.message); /* still valid */
          g_string_append_printf (run->trace, "\nE%c\n", ev.flag);
          break;
        default:
          if (ev.error == NULL || (r != SIPPUSH_PARSE_MALFORMED && r != SIPPUSH_PARSE_TOO_LARGE))
            abort ();
          g_string_append (run->trace, "\nX\n");
          run->failed = TRUE;
          if (sippush_msrp_parser_feed (run->parser, data, len, &consumed, &ev) != r)
            abort ();
          return;
        }
    }
}

static gchar *
trace_pieces (const uint8_t *data, size_t size, size_t split, gboolean byte_by_byte)
{
  Run run = { sippush_msrp_parser_new (FUZZ_MAX_HEADER_BLOCK), g_string_new (NULL),
              g_string_new (NULL), FALSE };
  if (byte_by_byte)
    for (size_t i = 0; i < size; i++)
      run_feed (&run, data + i, 1);
  else
    {
      run_feed (&run, data, split);
      run_feed (&run, data + split, size - split);
    }
  flush_body (&run);
  g_string_free (run.body, TRUE);
  sippush_msrp_parser_free (run.parser);
  return g_string_free (run.trace, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1 || size > 65536)
    return 0;
  size_t split = (size_t) data[0] * (size - 1) / 255;
  data++;
  size--;

  gchar *whole = trace_pieces (data, size, size, FALSE);
  gchar *two = trace_pieces (data, size, split, FALSE);
  gchar *bytes = trace_pieces (data, size, 0, TRUE);
  if (strcmp (whole, two) != 0 || strcmp (whole, bytes) != 0)
    abort ();
  g_free (whole);
  g_free (two);
  g_free (bytes);

  /* The helpers on raw input too. */
  SipPushSlice raw = { (const char *) data, size };
  check_uri (raw);
  check_path (raw);
  return 0;
}
