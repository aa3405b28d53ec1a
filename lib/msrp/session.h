/* msrp/session.h — one MSRP session of a file push: one `m=` line, one file (RFC 5547). It takes
 * SEND chunks from any connection, streams them to a file sink, verifies, and reports.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "msrp/connection.h"
#include "msrp/parser.h"

typedef struct _SipPushMsrpSession SipPushMsrpSession;

/* What a session tells its owner. Always emitted from an idle source in the session's
 * context, never from inside the connection's read loop, so an owner may free anything. */
typedef struct
{
  /* The file is complete, verified and durable at @path. The owner answers with
   * sippush_msrp_session_report(). @content_type: the (unwrapped) type. */
  void (*delivered) (gpointer owner, SipPushMsrpSession *session, const char *path, guint64 size,
                     const char *sha1_hex, gboolean hash_verified, const char *content_type);
  /* Nothing was stored (R-MSRP-6). */
  void (*failed) (gpointer owner, SipPushMsrpSession *session, const char *reason);
  void (*progress) (gpointer owner, SipPushMsrpSession *session, guint64 received, guint64 total);
} SipPushMsrpSessionEvents;

typedef struct
{
  const char *local_uri;             /* our a=path URI; its session id routes SENDs */
  const gchar *const *accept_types;  /* outer types taken (the answer's accept-types) */
  const gchar *const *wrapped_types; /* types taken inside message/cpim; NULL = any */
  guint64 max_size;                  /* 0 = no limit; counts the MSRP message (R-SEC-2) */
  const char *directory;             /* where the file is stored */
  const char *offered_name;          /* the file-selector name, or NULL */
  gboolean has_size;                 /* file-selector size (unwrapped content) */
  guint64 size;
  const guint8 *sha1;        /* file-selector sha-1, or NULL */
  gboolean hash_unannounced; /* compute the SHA-1 even when none was announced */
} SipPushMsrpSessionConfig;

SipPushMsrpSession *sippush_msrp_session_new (const SipPushMsrpSessionConfig *config,
                                              GMainContext *context,
                                              const SipPushMsrpSessionEvents *events,
                                              gpointer owner);
SipPushMsrpSession *sippush_msrp_session_ref (SipPushMsrpSession *session);
void sippush_msrp_session_unref (SipPushMsrpSession *session);

/* Ends the session (BYE, m= line set to port 0, session-timer expiry, shutdown): a
 * transfer in progress is dropped with its temp file; no event reaches the owner after
 * this. Returns TRUE when a transfer was cut short, or its outcome (delivered or failed)
 * had not reached the owner yet (then a verified file is removed): the owner reports it. */
gboolean sippush_msrp_session_close (SipPushMsrpSession *session, const char *reason);

const char *sippush_msrp_session_get_id (SipPushMsrpSession *session);
const char *sippush_msrp_session_get_offered_name (SipPushMsrpSession *session);
const char *sippush_msrp_session_get_local_uri (SipPushMsrpSession *session);

/* Where the session's file stands, for its owner's deadlines (R-SEC-4). */
typedef enum
{
  SIPPUSH_MSRP_SESSION_WAITING,   /* no message in progress: the sender has not begun (again) */
  SIPPUSH_MSRP_SESSION_RECEIVING, /* chunks are coming in; *@received bytes stored so far */
  SIPPUSH_MSRP_SESSION_FINISHED,  /* stored or closed: nothing more is awaited */
} SipPushMsrpSessionPhase;
SipPushMsrpSessionPhase sippush_msrp_session_get_phase (SipPushMsrpSession *session,
                                                        guint64 *received);

/* Our connect-out to the sender failed (RFC 6135 active side): the transfer fails. */
void sippush_msrp_session_connect_failed (SipPushMsrpSession *session, const char *reason);

/* The owner's answer to delivered(): 200 → success REPORT (when asked for); another
 * status → the file is deleted and a failure REPORT goes out (when asked for). */
void sippush_msrp_session_report (SipPushMsrpSession *session, guint status, const char *reason);

/* The connection side: what connection.c calls through, given to it by the hub. */
extern const SipPushMsrpSessionOps sippush_msrp_session_ops;

/* Per chunk of a SEND routed to this session (sippush_msrp_session_ops).
 * begin returns the chunk's status so far (200 or an MSRP error code); data and end
 * update it. The connection answers with the status end returns. */
guint sippush_msrp_session_chunk_begin (SipPushMsrpSession *session,
                                        SipPushMsrpConnection *connection,
                                        const SipPushMsrpMessage *message);
void sippush_msrp_session_chunk_data (SipPushMsrpSession *session, const guint8 *data, gsize len);
guint sippush_msrp_session_chunk_end (SipPushMsrpSession *session, char flag, const char **phrase);

/* Whether a chunk of this session is in flight on another connection: its cursor is the
 * session's, so a second connection's SEND must wait (the connection answers it 403). */
gboolean sippush_msrp_session_chunk_busy (SipPushMsrpSession *session,
                                          SipPushMsrpConnection *connection);

/* @connection closed: a message it was carrying fails (R-MSRP-6). */
void sippush_msrp_session_connection_lost (SipPushMsrpSession *session,
                                           SipPushMsrpConnection *connection);
