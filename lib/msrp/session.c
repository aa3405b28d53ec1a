/* msrp/session.c — one file transfer over MSRP: chunks in, a verified durable file out, then the
 * REPORT (R-MSRP-1…6). SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/session.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/dispatch.h"
#include "core/hex-id.h"
#include "msrp/cpim.h"
#include "msrp/uri.h"
#include "msrp/writer.h"
#include "store/file-sink.h"

/* Progress is reported at most every this many bytes (and at the end). */
#define PROGRESS_STEP (1024 * 1024)

typedef enum
{
  IDLE,      /* no message yet, or the last one failed: a new one (a new Message-ID) may start */
  RECEIVING, /* chunks are coming in */
  VERIFIED,  /* stored; waiting for the owner's answer */
  DONE,      /* reported; the session takes no more messages */
  CLOSED,
} State;

typedef enum
{
  REPORT_YES,
  REPORT_NO,
  REPORT_PARTIAL,
} ReportMode;

struct _SipPushMsrpSession
{
  gint ref_count;
  GMainContext *context;
  const SipPushMsrpSessionEvents *events;
  gpointer owner;

  gchar *id;
  gchar *local_uri;
  gchar **accept_types;
  gchar **wrapped_types;
  guint64 max_size;
  gchar *directory;
  gchar *offered_name;
  gboolean has_size;
  guint64 size;
  gboolean has_sha1;
  gboolean hash_unannounced;
  guint8 sha1[20];

  State state;
  /* the message in progress */
  gchar *message_id;
  gchar *peer_uri;
  gboolean success_report;
  ReportMode failure_report;
  gboolean cpim;
  gchar *inner_type;
  gchar *chunk_type; /* the Content-Type its first chunk was accepted with */
  gboolean inner_type_refused;
  SipPushFileSink *sink;
  gboolean final_seen;
  gboolean total_known;
  guint64 total;
  guint64 last_progress;
  SipPushMsrpConnection *connection; /* the last one that carried a chunk (ref) */
  gchar *stored_path;
  /* delivered/failed events queued but not dispatched yet: close() drops them, so it
   * reports them itself (R-MSRP-6) */
  guint outcomes_queued;
  /* the last message the receiver refused: its later chunks get the same answer and
   * nothing else (R-MSRP-8) */
  gchar *refused_id;
  guint refused_status;
  const char *refused_phrase;

  /* the chunk in progress */
  guint chunk_status;
  const char *chunk_phrase;
  guint64 chunk_offset;
  guint64 chunk_end; /* 0 = unknown */
  gboolean chunk_bodiless;
  SipPushMsrpConnection *chunk_open; /* the connection whose chunk is in flight (borrowed) */
};

static void
clear_message (SipPushMsrpSession *self)
{
  g_clear_pointer (&self->sink, sippush_file_sink_free); /* removes an unfinished temp file */
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->peer_uri, g_free);
  g_clear_pointer (&self->inner_type, g_free);
  g_clear_pointer (&self->chunk_type, g_free);
  g_clear_pointer (&self->stored_path, g_free);
  self->inner_type_refused = FALSE;
  self->final_seen = FALSE;
  self->total_known = FALSE;
  self->total = 0;
  self->last_progress = 0;
}

SipPushMsrpSession *
sippush_msrp_session_new (const SipPushMsrpSessionConfig *config, GMainContext *context,
                          const SipPushMsrpSessionEvents *events, gpointer owner)
{
  SipPushMsrpSession *self = g_new0 (SipPushMsrpSession, 1);
  self->ref_count = 1;
  self->context = g_main_context_ref (context);
  self->events = events;
  self->owner = owner;
  self->local_uri = g_strdup (config->local_uri);
  SipPushMsrpUri uri;
  if (sippush_msrp_uri_parse (config->local_uri, strlen (config->local_uri), &uri, NULL)
      == SIPPUSH_PARSE_OK)
    self->id = g_strndup (uri.session_id.p, uri.session_id.len);
  else
    self->id = g_strdup ("");
  self->accept_types = g_strdupv ((gchar **) config->accept_types);
  self->wrapped_types = config->wrapped_types ? g_strdupv ((gchar **) config->wrapped_types) : NULL;
  self->hash_unannounced = config->hash_unannounced;
  self->max_size = config->max_size;
  self->directory = g_strdup (config->directory);
  self->offered_name = g_strdup (config->offered_name);
  self->has_size = config->has_size;
  self->size = config->size;
  if (config->sha1)
    {
      self->has_sha1 = TRUE;
      memcpy (self->sha1, config->sha1, sizeof self->sha1);
    }
  return self;
}

SipPushMsrpSession *
sippush_msrp_session_ref (SipPushMsrpSession *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
sippush_msrp_session_unref (SipPushMsrpSession *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  clear_message (self);
  g_free (self->refused_id);
  g_clear_pointer (&self->connection, sippush_msrp_connection_unref);
  g_main_context_unref (self->context);
  g_free (self->id);
  g_free (self->local_uri);
  g_strfreev (self->accept_types);
  g_strfreev (self->wrapped_types);
  g_free (self->directory);
  g_free (self->offered_name);
  g_free (self);
}

const char *
sippush_msrp_session_get_id (SipPushMsrpSession *self)
{
  return self->id;
}

const char *
sippush_msrp_session_get_offered_name (SipPushMsrpSession *self)
{
  return self->offered_name;
}

const char *
sippush_msrp_session_get_local_uri (SipPushMsrpSession *self)
{
  return self->local_uri;
}

/* ---- events to the owner, always from an idle --------------------------------------- */

typedef enum
{
  EVENT_DELIVERED,
  EVENT_FAILED,
  EVENT_PROGRESS,
} EventKind;

typedef struct
{
  SipPushMsrpSession *session;
  EventKind kind;
  gchar *text; /* path or reason */
  gchar *sha1_hex;
  gchar *content_type;
  guint64 a, b;
  gboolean hash_verified;
  /* a failure REPORT sent when the event is dispatched: after the response to the chunk
   * that failed, which the connection queues once the chunk has been read */
  SipPushMsrpConnection *report_connection;
  GByteArray *report;
} Event;

static void
event_free (gpointer data)
{
  Event *ev = data;
  sippush_msrp_session_unref (ev->session);
  g_free (ev->text);
  g_free (ev->sha1_hex);
  g_free (ev->content_type);
  g_clear_pointer (&ev->report_connection, sippush_msrp_connection_unref);
  g_clear_pointer (&ev->report, g_byte_array_unref);
  g_free (ev);
}

static gboolean
event_dispatch (gpointer data)
{
  Event *ev = data;
  SipPushMsrpSession *self = ev->session;
  if (ev->kind != EVENT_PROGRESS)
    self->outcomes_queued--;
  if (ev->report)
    sippush_msrp_connection_send (ev->report_connection, (const char *) ev->report->data,
                                  ev->report->len);
  if (self->state == CLOSED)
    return G_SOURCE_REMOVE;
  switch (ev->kind)
    {
    case EVENT_DELIVERED:
      self->events->delivered (self->owner, self, ev->text, ev->a, ev->sha1_hex, ev->hash_verified,
                               ev->content_type);
      break;
    case EVENT_FAILED:
      self->events->failed (self->owner, self, ev->text);
      break;
    case EVENT_PROGRESS:
      self->events->progress (self->owner, self, ev->a, ev->b);
      break;
    }
  return G_SOURCE_REMOVE;
}

static Event *
queue_event (SipPushMsrpSession *self, EventKind kind, const char *text)
{
  Event *ev = g_new0 (Event, 1);
  ev->session = sippush_msrp_session_ref (self);
  ev->kind = kind;
  ev->text = g_strdup (text);
  if (kind != EVENT_PROGRESS)
    self->outcomes_queued++;
  GSource *idle = g_idle_source_new ();
  /* A delivered file (and progress) reaches the owner before the next I/O is read: a BYE
   * the sender sends once the last chunk is answered 200 must not find the outcome still
   * queued and cut a stored file (R-MSRP-6), however slow the loop. A failure waits
   * for idle: its REPORT follows the response to the chunk, queued once that is read. */
  if (kind != EVENT_FAILED)
    g_source_set_priority (idle, G_PRIORITY_HIGH);
  g_source_set_callback (idle, event_dispatch, ev, event_free);
  g_source_attach (idle, self->context);
  g_source_unref (idle);
  return ev;
}

/* ---- REPORTs ------------------------------------------------------------------------- */

/* A REPORT about the message in progress, or NULL when there is nobody to send it to. */
static GByteArray *
make_report (SipPushMsrpSession *self, guint status, const char *phrase)
{
  if (self->connection == NULL || self->peer_uri == NULL || self->message_id == NULL)
    return NULL;
  GByteArray *report = g_byte_array_new ();
  sippush_msrp_write_report (report, self->peer_uri, self->local_uri, self->message_id, self->total,
                             status, phrase);
  return report;
}

static void
send_report (SipPushMsrpSession *self, guint status, const char *phrase)
{
  g_autoptr (GByteArray) report = make_report (self, status, phrase);
  if (report)
    sippush_msrp_connection_send (self->connection, (const char *) report->data, report->len);
}

/* The message failed: nothing is kept (R-MSRP-5, R-MSRP-6), the host hears why, once
 * (R-MSRP-8). A failure REPORT (@report_status, unless 0 or Failure-Report: no) follows
 * the response to the chunk being read. */
static void
fail (SipPushMsrpSession *self, guint report_status, const char *report_phrase, const char *reason)
{
  g_debug ("MSRP session %s: transfer of %s failed: %s", self->id,
           self->offered_name ? self->offered_name : "(unnamed)", reason);
  GByteArray *report = NULL;
  if (report_status && self->failure_report != REPORT_NO)
    report = make_report (self, report_status, report_phrase);
  if (self->stored_path)
    g_unlink (self->stored_path);
  Event *ev = queue_event (self, EVENT_FAILED, reason);
  if (report)
    {
      ev->report = report;
      ev->report_connection = sippush_msrp_connection_ref (self->connection);
    }
  clear_message (self);
  self->state = IDLE;
}

void
sippush_msrp_session_report (SipPushMsrpSession *self, guint status, const char *reason)
{
  if (self->state != VERIFIED)
    return;
  if (status == 200)
    {
      if (self->success_report)
        send_report (self, 200, "OK");
      self->state = DONE;
      g_clear_pointer (&self->stored_path, g_free); /* the application's now */
      return;
    }
  /* The application refused the stored file: it goes, and the sender hears so. */
  if (self->failure_report != REPORT_NO)
    send_report (self, status, reason ? reason : "Refused");
  if (self->stored_path)
    g_unlink (self->stored_path);
  self->state = DONE;
}

gboolean
sippush_msrp_session_close (SipPushMsrpSession *self, const char *reason)
{
  if (self->state == CLOSED)
    return FALSE;
  /* An outcome still queued would be dropped by the close: the owner reports it as cut
   * short instead, so the host hears of every accepted file exactly once (R-MSRP-6). */
  gboolean cut = self->state == RECEIVING || self->outcomes_queued > 0;
  if (cut)
    g_debug ("MSRP session %s: closed mid-transfer: %s", self->id, reason);
  /* A verified file waiting for its application stays: it is complete and durable, the
   * owner's delivery still refers to it. One the owner has not heard of yet goes. */
  if (self->state == VERIFIED && self->outcomes_queued > 0 && self->stored_path)
    g_unlink (self->stored_path);
  if (self->state == VERIFIED)
    g_clear_pointer (&self->stored_path, g_free);
  clear_message (self);
  g_clear_pointer (&self->connection, sippush_msrp_connection_unref);
  self->state = CLOSED;
  /* A chunk in flight must not be answered 200: its bytes were dropped. */
  self->chunk_status = 481;
  self->chunk_phrase = "Session closed";
  return cut;
}

/* ---- chunks ------------------------------------------------------------------------- */

static gboolean
type_listed (const gchar *const *types, const char *type)
{
  for (; types && *types; types++)
    if (sippush_content_type_matches (*types, type))
      return TRUE;
  return FALSE;
}

/* message/cpim head parser for the file sink: learns the inner type and checks it. */
static SipPushParseResult
cpim_head (const guint8 *data, gsize len, gsize *head_len, gpointer user_data)
{
  SipPushMsrpSession *self = user_data;
  gchar *type = NULL;
  SipPushParseResult r = sippush_cpim_parse_head (data, len, head_len, &type, NULL);
  if (r != SIPPUSH_PARSE_OK)
    return r;
  g_free (self->inner_type);
  self->inner_type = type;
  if (self->wrapped_types && !type_listed ((const gchar *const *) self->wrapped_types, type))
    {
      self->inner_type_refused = TRUE; /* R-MSRP-3: 415 */
      return SIPPUSH_PARSE_MALFORMED;
    }
  return SIPPUSH_PARSE_OK;
}

static ReportMode
parse_report_mode (SipPushSlice value, ReportMode absent)
{
  if (value.p == NULL)
    return absent;
  if (value.len == 2 && g_ascii_strncasecmp (value.p, "no", 2) == 0)
    return REPORT_NO;
  if (value.len == 7 && g_ascii_strncasecmp (value.p, "partial", 7) == 0)
    return REPORT_PARTIAL;
  return REPORT_YES;
}

static guint
refuse_chunk (SipPushMsrpSession *self, guint status, const char *phrase)
{
  self->chunk_status = status;
  self->chunk_phrase = phrase;
  return status;
}

/* R-MSRP-8: the receiver refuses the message in progress: it is over. This chunk and every
 * later one of the same Message-ID get @status, the sender one failure REPORT (when
 * Failure-Report asks), the host one transfer-failed. */
static guint
refuse_message (SipPushMsrpSession *self, guint status, const char *phrase, const char *reason)
{
  g_free (self->refused_id);
  self->refused_id = g_strdup (self->message_id);
  self->refused_status = status;
  self->refused_phrase = phrase;
  fail (self, status, phrase, reason);
  return refuse_chunk (self, status, phrase);
}

static gboolean
slice_equal (SipPushSlice s, const char *str)
{
  return str && s.p && strlen (str) == s.len && memcmp (s.p, str, s.len) == 0;
}

/* The most a message may carry: max-size, and the announced size (plus a CPIM head at
 * most) so that a sender cannot write more than the free-space check allowed for. 0 = no
 * limit. */
static guint64
size_limit (SipPushMsrpSession *self, gboolean cpim)
{
  guint64 limit = self->max_size;
  if (self->has_size)
    {
      guint64 announced = self->size + (cpim ? SIPPUSH_CPIM_MAX_HEAD : 0);
      if (limit == 0 || announced < limit)
        limit = announced;
    }
  return limit;
}

/* What every chunk of the message in progress says about it: where REPORTs go, which
 * ones are wanted, the connection it came on (the latest one carries the REPORTs). */
static void
take_chunk_headers (SipPushMsrpSession *self, SipPushMsrpConnection *connection,
                    const SipPushMsrpMessage *msg)
{
  if (self->state == IDLE)
    {
      g_free (self->message_id);
      self->message_id = g_strndup (msg->message_id.p, msg->message_id.len);
    }
  SipPushSlice peer;
  /* R-MSRP-7: the REPORT's To-Path is the SEND's whole From-Path (RFC 4975 §7.1.2); the
   * same in every chunk as a rule, so copied only when it changes. */
  gboolean has_peer = sippush_msrp_path_whole (msg->from_path, &peer);
  if (!has_peer || !slice_equal (peer, self->peer_uri))
    {
      g_free (self->peer_uri);
      self->peer_uri = has_peer ? g_strndup (peer.p, peer.len) : NULL;
    }
  self->success_report = parse_report_mode (msg->success_report, REPORT_NO) == REPORT_YES;
  self->failure_report = parse_report_mode (msg->failure_report, REPORT_YES);
  if (self->connection != connection)
    {
      g_clear_pointer (&self->connection, sippush_msrp_connection_unref);
      self->connection = sippush_msrp_connection_ref (connection);
    }
  if (!self->total_known && msg->has_byte_range && !msg->range_total_unknown)
    self->total = msg->range_total; /* for a failure REPORT before the sink exists */
}

guint
sippush_msrp_session_chunk_begin (SipPushMsrpSession *self, SipPushMsrpConnection *connection,
                                  const SipPushMsrpMessage *msg)
{
  self->chunk_status = 200;
  self->chunk_phrase = "OK";
  self->chunk_offset = msg->has_byte_range ? msg->range_start - 1 : 0;
  self->chunk_end = msg->has_byte_range && !msg->range_end_unknown ? msg->range_end : 0;

  self->chunk_bodiless = !msg->has_body;
  self->chunk_open = connection;
  if (self->state == CLOSED)
    return refuse_chunk (self, 481, "Session closed");
  if (!msg->has_body)
    return 200; /* a bodiless SEND opens or keeps the connection (RFC 4975 §7.1.1) */
  if (msg->message_id.p == NULL)
    return refuse_chunk (self, 400, "Message-ID missing");
  if (self->state == VERIFIED || self->state == DONE)
    return refuse_chunk (self, 403, "File already received");
  if (self->state == RECEIVING && !slice_equal (msg->message_id, self->message_id))
    return refuse_chunk (self, 403, "Another message is in progress");
  /* R-MSRP-8: a refused message stays refused, quietly: no second event or REPORT. */
  if (self->state == IDLE && slice_equal (msg->message_id, self->refused_id))
    return refuse_chunk (self, self->refused_status, self->refused_phrase);

  take_chunk_headers (self, connection, msg);
  /* The later chunks of a message name its type in the same bytes, as a rule: the first
   * one's is checked, theirs compared with it. */
  g_autofree gchar *type = NULL;
  gboolean cpim = self->cpim;
  if (self->state != RECEIVING || !slice_equal (msg->content_type, self->chunk_type))
    {
      type = msg->content_type.p ? g_strndup (msg->content_type.p, msg->content_type.len) : NULL;
      cpim = type && sippush_content_type_matches ("message/cpim", type);
      if (type == NULL || !type_listed ((const gchar *const *) self->accept_types, type))
        return refuse_message (self, 415, "Unsupported media type", /* R-MSRP-3 */
                               "content type not accepted");
    }
  /* R-SEC-2: the limit counts the MSRP message as sent. The file the host accepted will
   * not come: it hears so. */
  guint64 limit = size_limit (self, cpim);
  if (limit && msg->has_byte_range && !msg->range_total_unknown && msg->range_total > limit)
    return refuse_message (self, 413, "Message too large", "over max-size or the announced size");

  if (self->state == IDLE)
    {
      g_autoptr (GError) error = NULL;
      self->cpim = cpim;
      self->sink = sippush_file_sink_new (self->directory, self->offered_name,
                                          cpim ? cpim_head : NULL, self, &error);
      if (self->sink == NULL)
        {
          g_warning ("MSRP session %s: %s", self->id, error->message);
          return refuse_message (self, 400, "Cannot store the file", error->message);
        }
      /* Hashing is the costliest per-byte work: skipped when nothing needs it. */
      if (!self->has_sha1 && !self->hash_unannounced)
        sippush_file_sink_set_hashing (self->sink, FALSE);
      self->chunk_type = g_strdup (type);
      if (!cpim)
        self->inner_type = g_steal_pointer (&type);
      self->state = RECEIVING;
    }
  else if (cpim != self->cpim)
    return refuse_message (self, 400, "Content-Type changed",
                           "content type changed between chunks");

  if (msg->has_byte_range && !msg->range_total_unknown)
    {
      if (self->total_known && self->total != msg->range_total)
        return refuse_message (self, 400, "Byte-Range total changed", "Byte-Range totals disagree");
      self->total_known = TRUE;
      self->total = msg->range_total;
      sippush_file_sink_set_total (self->sink, self->total);
    }
  return 200;
}

void
sippush_msrp_session_chunk_data (SipPushMsrpSession *self, const guint8 *data, gsize len)
{
  if (self->chunk_status != 200 || self->state != RECEIVING || len == 0)
    return;
  guint64 end = self->chunk_offset + len;
  if (end < self->chunk_offset || (self->chunk_end && end > self->chunk_end)
      || (self->total_known && end > self->total))
    {
      refuse_message (self, 400, "Body beyond Byte-Range", "chunk larger than its Byte-Range");
      return;
    }
  guint64 limit = size_limit (self, self->cpim);
  if (limit && end > limit)
    {
      refuse_message (self, 413, "Message too large", "over max-size or the announced size");
      return;
    }
  g_autoptr (GError) error = NULL;
  if (!sippush_file_sink_write (self->sink, self->chunk_offset, data, len, &error))
    {
      if (self->inner_type_refused)
        {
          g_autofree gchar *reason
              = g_strdup_printf ("unsupported content type %s", self->inner_type);
          refuse_message (self, 415, "Unsupported media type", reason);
        }
      else
        refuse_message (self, 400, "Cannot store the chunk", error->message);
      return;
    }
  self->chunk_offset = end;

  guint64 received = sippush_file_sink_get_received (self->sink);
  if (received - self->last_progress >= PROGRESS_STEP)
    {
      self->last_progress = received;
      Event *ev = queue_event (self, EVENT_PROGRESS, NULL);
      ev->a = received;
      ev->b = self->total_known ? self->total : 0;
    }
}

static void
complete (SipPushMsrpSession *self)
{
  g_autoptr (GError) error = NULL;
  gchar *path = NULL;
  guint64 size = 0;
  guint8 sha1[20];
  /* Size and hash count the unwrapped content (R-MSRP-5); commit makes it durable
   * (R-DSP-2) before anybody hears of it. */
  if (!sippush_file_sink_commit (self->sink, self->has_size, self->size,
                                 self->has_sha1 ? self->sha1 : NULL, &path, &size, sha1, &error))
    {
      g_clear_pointer (&self->sink, sippush_file_sink_free);
      /* R-MSRP-8: a resent chunk of it would start the message over. */
      g_free (self->refused_id);
      self->refused_id = g_strdup (self->message_id);
      self->refused_status = 400;
      self->refused_phrase = "Message failed verification";
      fail (self, 400, error->message, error->message);
      return;
    }
  g_clear_pointer (&self->sink, sippush_file_sink_free);
  self->stored_path = path;
  self->state = VERIFIED;

  gchar hex[41];
  sippush_hex_encode (sha1, sizeof sha1, hex);
  Event *ev = queue_event (self, EVENT_DELIVERED, path);
  ev->a = size;
  ev->sha1_hex = self->has_sha1 || self->hash_unannounced ? g_strdup (hex) : NULL;
  ev->hash_verified = self->has_sha1;
  ev->content_type = g_strdup (self->inner_type); /* NULL: the owner uses the offer's type */
}

guint
sippush_msrp_session_chunk_end (SipPushMsrpSession *self, char flag, const char **phrase)
{
  self->chunk_open = NULL;
  /* A bodiless SEND's end-line says nothing about the message in progress. */
  if (self->chunk_status == 200 && self->state == RECEIVING && !self->chunk_bodiless)
    {
      if (flag == '#')
        {
          fail (self, 0, NULL, "aborted by the sender");
        }
      else if (flag == '$')
        {
          /* '$' ends the message: without a total, this chunk's end is it. */
          self->final_seen = TRUE;
          if (!self->total_known)
            {
              self->total_known = TRUE;
              self->total = self->chunk_offset;
              sippush_file_sink_set_total (self->sink, self->total);
            }
        }
      if (self->state == RECEIVING && self->final_seen
          && sippush_file_sink_is_complete (self->sink))
        complete (self);
    }
  *phrase = self->chunk_phrase;
  return self->chunk_status;
}

SipPushMsrpSessionPhase
sippush_msrp_session_get_phase (SipPushMsrpSession *self, guint64 *received)
{
  *received = self->sink ? sippush_file_sink_get_received (self->sink) : 0;
  switch (self->state)
    {
    case IDLE:
      return SIPPUSH_MSRP_SESSION_WAITING;
    case RECEIVING:
      return SIPPUSH_MSRP_SESSION_RECEIVING;
    case VERIFIED:
    case DONE:
    case CLOSED:
      break;
    }
  return SIPPUSH_MSRP_SESSION_FINISHED;
}

void
sippush_msrp_session_connect_failed (SipPushMsrpSession *self, const char *reason)
{
  g_autofree gchar *why = g_strdup_printf ("cannot connect to the sender: %s", reason);
  if (self->state == RECEIVING)
    fail (self, 0, NULL, why);
  else if (self->state == IDLE)
    queue_event (self, EVENT_FAILED, why);
}

gboolean
sippush_msrp_session_chunk_busy (SipPushMsrpSession *self, SipPushMsrpConnection *connection)
{
  return self->chunk_open != NULL && self->chunk_open != connection;
}

void
sippush_msrp_session_connection_lost (SipPushMsrpSession *self, SipPushMsrpConnection *connection)
{
  if (self->chunk_open == connection)
    self->chunk_open = NULL;
  if (self->connection != connection)
    return;
  if (self->state == RECEIVING)
    fail (self, 0, NULL, "connection lost");
  g_clear_pointer (&self->connection, sippush_msrp_connection_unref);
}

/* ---- the ops a connection calls through (connection.h) ----------------------------- */

static gpointer
ops_ref (gpointer session)
{
  return sippush_msrp_session_ref (session);
}

static void
ops_unref (gpointer session)
{
  sippush_msrp_session_unref (session);
}

static guint
ops_chunk_begin (gpointer session, SipPushMsrpConnection *connection,
                 const SipPushMsrpMessage *message)
{
  return sippush_msrp_session_chunk_begin (session, connection, message);
}

static void
ops_chunk_data (gpointer session, const guint8 *data, gsize len)
{
  sippush_msrp_session_chunk_data (session, data, len);
}

static guint
ops_chunk_end (gpointer session, char flag, const char **phrase)
{
  return sippush_msrp_session_chunk_end (session, flag, phrase);
}

static gboolean
ops_chunk_busy (gpointer session, SipPushMsrpConnection *connection)
{
  return sippush_msrp_session_chunk_busy (session, connection);
}

static void
ops_connection_lost (gpointer session, SipPushMsrpConnection *connection)
{
  sippush_msrp_session_connection_lost (session, connection);
}

const SipPushMsrpSessionOps sippush_msrp_session_ops = {
  .ref = ops_ref,
  .unref = ops_unref,
  .chunk_begin = ops_chunk_begin,
  .chunk_data = ops_chunk_data,
  .chunk_end = ops_chunk_end,
  .chunk_busy = ops_chunk_busy,
  .connection_lost = ops_connection_lost,
};
