/* msrp/connection.c — one MSRP connection (TCP, or TLS over it: RFC 4975 §14) read and written
 * without blocking in the receiver's context: read, parse, route by To-Path, answer, close
 * through one funnel.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/connection.h"

#include <string.h>

#include "msrp/uri.h"
#include "msrp/writer.h"

/* One read buffer per thread, lent to a connection for one on_readable: its bytes do not
 * outlive the read (bodies go to the file sinks, header blocks and held end-line bytes are
 * copied by the parser). Memory per connection is the parser's header block, whatever the
 * chunk size (R-DSP-2), and reads can be as large as the floor's. */
#define READ_BUFFER_SIZE (256 * 1024)
/* Per wake-up before other sources get their turn: at most this many bytes and reads (a
 * TLS read returns one record: 16 of them stay 16 reads, as with the 64 KiB buffer). */
#define BYTES_PER_DISPATCH (1024 * 1024)
#define READS_PER_DISPATCH 16
/* Responses queued for a peer that does not read them: beyond this it is cut off. */
#define MAX_QUEUED_OUTPUT (1024 * 1024)
/* Responses gathered while reading are sent when this much is queued, or after the reads. */
#define OUTPUT_BATCH (16 * 1024)

struct _SipPushMsrpConnection
{
  gint ref_count;
  GMainContext *context;
  GIOStream *stream;
  GPollableInputStream *input;
  GPollableOutputStream *output;
  /* TLS decrypts a record at a time: a short read does not mean the socket is drained. */
  gboolean tls;
  GSource *in_source;
  GSource *out_source;
  GSource *idle_source;
  guint idle_timeout_s;
  GSource *bind_source; /* until a SEND names a live session (R-SEC-4) */
  gboolean bound;
  gint64 opened;
  gboolean saw_valid_send;
  SipPushMsrpParser *parser;
  GByteArray *out;
  gsize out_offset;
  gboolean in_read; /* inside on_readable: responses are gathered (OUTPUT_BATCH) */
  gboolean closed;

  const SipPushMsrpSessionOps *ops;
  SipPushMsrpLookupFunc lookup;
  SipPushMsrpClosedFunc closed_cb;
  gpointer data;
  const SipPushMsrpConnectionObserver *observer;
  gpointer observer_data;

  GPtrArray *sessions; /* sessions that had chunks here (refs), told when it closes */
  /* The last SEND's route: a sender names the same To-Path hop in every chunk, so the hop's
   * bytes find the session again without parsing and looking it up per chunk. The hub
   * forgets it whenever its sessions change (sippush_msrp_connection_forget_route). */
  gchar *route_hop;
  gsize route_hop_len;
  gpointer route; /* a session (ref) */
  /* the request being parsed */
  gpointer current; /* a session (ref), NULL when not routed to one */
  guint status;
  const char *phrase;
  gboolean respond;
};

static gboolean on_readable (GObject *stream, gpointer data);
static gboolean on_writable (GObject *stream, gpointer data);
static gboolean on_idle_timeout (gpointer data);
static gboolean on_bind_timeout (gpointer data);

SipPushMsrpConnection *
sippush_msrp_connection_new (GIOStream *stream, GMainContext *context,
                             const SipPushMsrpConnectionLimits *limits,
                             const SipPushMsrpSessionOps *ops, SipPushMsrpLookupFunc lookup,
                             SipPushMsrpClosedFunc closed, gpointer data)
{
  SipPushMsrpConnection *self = g_new0 (SipPushMsrpConnection, 1);
  self->ref_count = 1;
  self->context = g_main_context_ref (context);
  self->stream = g_object_ref (stream);
  self->input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream));
  self->output = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream));
  self->tls = G_IS_TLS_CONNECTION (stream);
  self->parser = sippush_msrp_parser_new (limits->max_header_block);
  self->out = g_byte_array_new ();
  self->ops = ops;
  self->lookup = lookup;
  self->closed_cb = closed;
  self->data = data;
  self->sessions = g_ptr_array_new_with_free_func (ops->unref);
  self->idle_timeout_s = limits->idle_timeout_s;

  self->in_source = g_pollable_input_stream_create_source (self->input, NULL);
  g_source_set_callback (self->in_source, G_SOURCE_FUNC (on_readable), self, NULL);
  g_source_attach (self->in_source, context);
  if (self->idle_timeout_s)
    {
      /* R-SEC-2: a connection that never carries a valid SEND is dropped. */
      self->idle_source = g_timeout_source_new_seconds (self->idle_timeout_s);
      g_source_set_callback (self->idle_source, on_idle_timeout, self, NULL);
      g_source_attach (self->idle_source, context);
    }
  self->opened = g_get_monotonic_time ();
  self->bound = limits->bind_timeout_s == 0;
  if (!self->bound)
    {
      /* A deadline that traffic does not move: a squatter that keeps talking, without ever
       * naming a session, goes as surely as a silent one. */
      self->bind_source = g_timeout_source_new_seconds (limits->bind_timeout_s);
      g_source_set_callback (self->bind_source, on_bind_timeout, self, NULL);
      g_source_attach (self->bind_source, context);
    }
  return self;
}

SipPushMsrpConnection *
sippush_msrp_connection_ref (SipPushMsrpConnection *self)
{
  self->ref_count++;
  return self;
}

void
sippush_msrp_connection_unref (SipPushMsrpConnection *self)
{
  if (--self->ref_count > 0)
    return;
  g_assert (self->closed || self->in_source == NULL);
  g_clear_pointer (&self->current, self->ops->unref);
  sippush_msrp_connection_forget_route (self);
  g_ptr_array_unref (self->sessions);
  sippush_msrp_parser_free (self->parser);
  g_byte_array_unref (self->out);
  g_object_unref (self->stream);
  g_main_context_unref (self->context);
  g_free (self);
}

static void
destroy_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_source_unref (*source);
      *source = NULL;
    }
}

void
sippush_msrp_connection_close (SipPushMsrpConnection *self, const char *reason)
{
  if (self->closed)
    return;
  sippush_msrp_connection_ref (self);
  self->closed = TRUE;
  g_debug ("MSRP connection closed: %s", reason);
  /* Responses held back for the read batch (OUTPUT_BATCH) go out as they would have
   * one by one before the close: one non-blocking send, best effort. */
  if (self->in_read && self->out->len > self->out_offset)
    g_pollable_output_stream_write_nonblocking (self->output, self->out->data + self->out_offset,
                                                self->out->len - self->out_offset, NULL, NULL);
  destroy_source (&self->in_source);
  destroy_source (&self->out_source);
  destroy_source (&self->idle_source);
  destroy_source (&self->bind_source);
  g_clear_pointer (&self->current, self->ops->unref);
  sippush_msrp_connection_forget_route (self);
  g_autoptr (GPtrArray) sessions = g_steal_pointer (&self->sessions);
  self->sessions = g_ptr_array_new_with_free_func (self->ops->unref);
  for (guint i = 0; i < sessions->len; i++)
    self->ops->connection_lost (sessions->pdata[i], self);
  if (self->observer)
    self->observer->closed (self->observer_data, self);
  if (self->tls)
    {
      /* No close_notify: a peer that does not read would block the loop on it. */
      g_autoptr (GIOStream) base = NULL;
      g_object_get (self->stream, "base-io-stream", &base, NULL);
      g_io_stream_close (base, NULL, NULL);
    }
  g_io_stream_close (self->stream, NULL, NULL);
  if (self->closed_cb)
    self->closed_cb (self->data, self);
  sippush_msrp_connection_unref (self);
}

GIOStream *
sippush_msrp_connection_get_stream (SipPushMsrpConnection *self)
{
  return self->stream;
}

gboolean
sippush_msrp_connection_is_bound (SipPushMsrpConnection *self)
{
  return self->bound;
}

gint64
sippush_msrp_connection_get_opened (SipPushMsrpConnection *self)
{
  return self->opened;
}

/* A SEND named a live session: the connection has a reason to be here. */
static void
bind_to_session (SipPushMsrpConnection *self)
{
  if (self->bound)
    return;
  self->bound = TRUE;
  destroy_source (&self->bind_source);
}

void
sippush_msrp_connection_set_observer (SipPushMsrpConnection *self,
                                      const SipPushMsrpConnectionObserver *observer, gpointer data)
{
  self->observer = observer;
  self->observer_data = data;
}

/* ---- output ------------------------------------------------------------------------ */

static gboolean
flush_output (SipPushMsrpConnection *self)
{
  while (self->out_offset < self->out->len)
    {
      g_autoptr (GError) error = NULL;
      gssize n = g_pollable_output_stream_write_nonblocking (
          self->output, self->out->data + self->out_offset, self->out->len - self->out_offset, NULL,
          &error);
      if (n < 0)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return TRUE;
          sippush_msrp_connection_close (self, error->message);
          return FALSE;
        }
      self->out_offset += n;
    }
  g_byte_array_set_size (self->out, 0);
  self->out_offset = 0;
  return TRUE;
}

static gboolean
on_writable (GObject *stream, gpointer data)
{
  SipPushMsrpConnection *self = data;
  if (!flush_output (self))
    return G_SOURCE_REMOVE;
  if (self->out->len > 0)
    return G_SOURCE_CONTINUE;
  g_source_unref (self->out_source);
  self->out_source = NULL;
  return G_SOURCE_REMOVE;
}

/* Sends what is queued, waiting for room when the socket is full. */
static void
schedule_output (SipPushMsrpConnection *self)
{
  if (self->out_source == NULL && !flush_output (self))
    return;
  if (self->out->len - self->out_offset > MAX_QUEUED_OUTPUT)
    {
      sippush_msrp_connection_close (self, "the peer does not read its responses");
      return;
    }
  if (self->out->len > 0 && self->out_source == NULL)
    {
      self->out_source = g_pollable_output_stream_create_source (self->output, NULL);
      g_source_set_callback (self->out_source, G_SOURCE_FUNC (on_writable), self, NULL);
      g_source_attach (self->out_source, self->context);
    }
}

/* Bytes were appended to the output queue. */
static void
output_queued (SipPushMsrpConnection *self)
{
  /* Responses to the chunks of one read batch go out together (a 2 KiB-chunk stream
   * would otherwise cost a send per chunk); on_readable flushes the rest at its end. */
  if (self->in_read && self->out->len - self->out_offset < OUTPUT_BATCH)
    return;
  schedule_output (self);
}

void
sippush_msrp_connection_send (SipPushMsrpConnection *self, const char *data, gsize len)
{
  if (self->closed)
    return;
  g_byte_array_append (self->out, (const guint8 *) data, len);
  output_queued (self);
}

/* ---- requests ---------------------------------------------------------------------- */

static void
track_session (SipPushMsrpConnection *self, gpointer session)
{
  for (guint i = 0; i < self->sessions->len; i++)
    if (self->sessions->pdata[i] == session)
      return;
  /* A long-lived connection forgets its oldest sessions rather than growing. */
  if (self->sessions->len >= 64)
    g_ptr_array_remove_index (self->sessions, 0);
  g_ptr_array_add (self->sessions, self->ops->ref (session));
}

void
sippush_msrp_connection_forget_route (SipPushMsrpConnection *self)
{
  g_clear_pointer (&self->route, self->ops->unref);
  g_clear_pointer (&self->route_hop, g_free);
  self->route_hop_len = 0;
}

/* The live session our own URI @hop names, or NULL (R-MSRP-7). */
static gpointer
route (SipPushMsrpConnection *self, SipPushSlice hop)
{
  if (self->route && hop.len == self->route_hop_len
      && memcmp (hop.p, self->route_hop, hop.len) == 0)
    return self->route;
  SipPushMsrpUri parsed;
  gpointer session = NULL;
  if (sippush_msrp_uri_parse (hop.p, hop.len, &parsed, NULL) == SIPPUSH_PARSE_OK
      && parsed.session_id.len > 0)
    session = self->lookup (self->data, self, parsed.session_id);
  if (session)
    {
      sippush_msrp_connection_forget_route (self);
      self->route = self->ops->ref (session);
      self->route_hop = g_strndup (hop.p, hop.len);
      self->route_hop_len = hop.len;
    }
  return session;
}

/* A request's start: route it (R-MSRP-1) and decide its status so far. */
static gboolean
begin_request (SipPushMsrpConnection *self, const SipPushMsrpMessage *msg)
{
  self->respond = FALSE;
  if (!msg->is_request)
    {
      /* A response to a REPORT or to our bodiless SEND: nothing to do; to an AUTH: the
       * relay client's (RFC 4976 §5). */
      if (self->observer)
        self->observer->response (self->observer_data, self, msg);
      return !self->closed;
    }
  gboolean is_send = msg->method.len == 4 && memcmp (msg->method.p, "SEND", 4) == 0;
  gboolean is_report = msg->method.len == 6 && memcmp (msg->method.p, "REPORT", 6) == 0;
  if (is_report)
    return TRUE; /* REPORTs get no response (RFC 4975 §7.1.2) */
  if (msg->to_path.p == NULL || msg->from_path.p == NULL)
    {
      sippush_msrp_connection_close (self, "request without To-Path or From-Path");
      return FALSE;
    }
  self->respond = TRUE;
  if (!is_send)
    {
      self->status = 501;
      self->phrase = "Not implemented";
      return TRUE;
    }

  SipPushSlice uri;
  gpointer session = NULL;
  /* R-MSRP-7: our own URI is the last hop of the To-Path, whoever sent the SEND (the
   * sender or a relay, RFC 4976): the session id there finds the session. */
  if (sippush_msrp_path_last (msg->to_path, &uri))
    session = route (self, uri);
  if (session == NULL)
    {
      self->status = 481; /* R-MSRP-3 */
      self->phrase = "No such session";
      return TRUE;
    }
  bind_to_session (self);
  if (self->ops->chunk_busy (session, self))
    {
      self->status = 403;
      self->phrase = "A chunk of this session is in flight on another connection";
      return TRUE;
    }
  self->saw_valid_send = TRUE;
  self->current = self->ops->ref (session);
  track_session (self, session);
  self->status = self->ops->chunk_begin (session, self, msg);
  return TRUE;
}

static void
end_request (SipPushMsrpConnection *self, const SipPushMsrpMessage *msg, char flag)
{
  if (self->current)
    {
      self->status = self->ops->chunk_end (self->current, flag, &self->phrase);
      g_clear_pointer (&self->current, self->ops->unref);
    }
  if (!self->respond || self->closed)
    return;
  /* Failure-Report: no → no response at all; partial → errors only (RFC 4975 §7.1.1). */
  SipPushSlice fr = msg->failure_report;
  if (fr.p && fr.len == 2 && g_ascii_strncasecmp (fr.p, "no", 2) == 0)
    return;
  if (fr.p && fr.len == 7 && g_ascii_strncasecmp (fr.p, "partial", 7) == 0 && self->status == 200)
    return;

  /* R-MSRP-7: back along every hop the SEND came through (a relay forwards the response
   * on, RFC 4976), from our own URI. */
  SipPushSlice to, from;
  if (!sippush_msrp_path_whole (msg->from_path, &to)
      || !sippush_msrp_path_last (msg->to_path, &from))
    return;
  /* Written straight into the output queue. */
  sippush_msrp_write_response (self->out, msg->tid, self->status, self->phrase, to, from);
  output_queued (self);
}

static void
process (SipPushMsrpConnection *self, const guint8 *data, gsize len)
{
  SipPushParseResult result;
  do
    {
      gsize used = 0;
      SipPushMsrpEvent ev;
      result = sippush_msrp_parser_feed (self->parser, data, len, &used, &ev);
      data += used;
      len -= used;
      if (result == SIPPUSH_PARSE_MALFORMED || result == SIPPUSH_PARSE_TOO_LARGE)
        {
          /* R-MSRP-3: bad framing closes the connection; the close fails whatever
           * message it carried, so nothing partial is delivered. */
          sippush_msrp_connection_close (self, ev.error);
          return;
        }
      if (result == SIPPUSH_PARSE_NEED_MORE)
        break;
      switch (ev.type)
        {
        case SIPPUSH_MSRP_MESSAGE:
          if (!begin_request (self, ev.message))
            return;
          break;
        case SIPPUSH_MSRP_BODY:
          /* Body bytes of a routed chunk count as activity: a long single chunk is not
           * idle (R-SEC-2). */
          if (self->current)
            {
              self->saw_valid_send = TRUE;
              self->ops->chunk_data (self->current, (const guint8 *) ev.body.p, ev.body.len);
            }
          break;
        case SIPPUSH_MSRP_END:
          end_request (self, ev.message, ev.flag);
          break;
        }
    }
  while (!self->closed);
}

static GPrivate read_buffer = G_PRIVATE_INIT (g_free);
static GPrivate read_buffer_lent;

static guint8 *
borrow_read_buffer (void)
{
  guint8 *buffer = g_private_get (&read_buffer);
  if (buffer == NULL)
    {
      buffer = g_malloc (READ_BUFFER_SIZE);
      g_private_set (&read_buffer, buffer);
    }
  /* A read nested in another one's callbacks (none is known) gets a buffer of its own. */
  if (g_private_get (&read_buffer_lent))
    return g_malloc (READ_BUFFER_SIZE);
  g_private_set (&read_buffer_lent, buffer);
  return buffer;
}

static void
return_read_buffer (guint8 *buffer)
{
  if (buffer == g_private_get (&read_buffer))
    g_private_set (&read_buffer_lent, NULL);
  else
    g_free (buffer);
}

static gboolean
on_readable (GObject *stream, gpointer data)
{
  SipPushMsrpConnection *self = data;
  sippush_msrp_connection_ref (self);
  guint8 *buffer = borrow_read_buffer ();
  self->saw_valid_send = FALSE;
  self->in_read = TRUE;
  gsize taken = 0;
  for (guint i = 0; i < READS_PER_DISPATCH && taken < BYTES_PER_DISPATCH && !self->closed; i++)
    {
      g_autoptr (GError) error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (self->input, buffer, READ_BUFFER_SIZE,
                                                           NULL, &error);
      if (n < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            sippush_msrp_connection_close (self, error->message);
          break;
        }
      if (n == 0)
        {
          sippush_msrp_connection_close (self, "closed by the peer");
          break;
        }
      process (self, buffer, n);
      taken += (gsize) n;
      if (n < READ_BUFFER_SIZE && !self->tls)
        break; /* drained for now */
    }
  self->in_read = FALSE;
  return_read_buffer (buffer);
  if (!self->closed && self->out->len > 0)
    schedule_output (self);
  if (self->saw_valid_send && self->idle_source)
    g_source_set_ready_time (self->idle_source,
                             g_source_get_time (self->idle_source)
                                 + (gint64) self->idle_timeout_s * G_USEC_PER_SEC);
  gboolean keep = !self->closed;
  sippush_msrp_connection_unref (self);
  return keep ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
on_bind_timeout (gpointer data)
{
  SipPushMsrpConnection *self = data;
  sippush_msrp_connection_close (self, "no SEND for a live session in time");
  return G_SOURCE_REMOVE;
}

static gboolean
on_idle_timeout (gpointer data)
{
  SipPushMsrpConnection *self = data;
  sippush_msrp_connection_close (self, "idle: no valid SEND");
  return G_SOURCE_REMOVE;
}
