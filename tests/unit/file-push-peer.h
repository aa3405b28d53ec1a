/* file-push-peer.h — the push sender side of the file-push suite: a raw SIP client over
 * UDP, a raw MSRP sender over TCP, and the receiver fixture they drive.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <check.h>
#include <gio/gio.h>

#include <sippush/sippush.h>

#include "loopback.h"
#include "recorder.h"

#define AOR "sip:alice@example.org"
#define SENDER "sip:push@operator.example"
#define FROM_PATH "msrp://127.0.0.1:9/abc;tcp"

/* One MSRP connection of the test's sender. */
typedef struct
{
  GSocket *socket;
  GString *in;
  GQueue messages; /* gchar*: complete MSRP requests and responses from the receiver */
  gboolean eof;
} Msrp;

/* One INVITE dialog of the test's sender. */
typedef struct
{
  guint seq;
  gchar *call_id;
  gchar *from_tag;
  gchar *to; /* the To header of the final response, with its tag */
  guint status;
  gchar *response;
  gchar *paths[4]; /* our a=path per m= line of the answer, NULL when refused */
  guint ports[4];
  guint n_media;
  gchar *max_size; /* a=max-size of the first m= line */
} Call;

typedef struct
{
  const char *name;
  const char *type;
  gsize size;
  const char *sha1_hex;     /* lower-case 40 hex, or NULL for no hash */
  const char *accept_types; /* a=accept-types, NULL: the type */
} FileSpec;

typedef struct
{
  SipPushReceiver *receiver;
  gboolean stopped;
  guint16 port;
  GSocket *client;
  guint16 client_port;
  GQueue responses; /* gchar*: final SIP responses, whole */
  GQueue requests;  /* gchar*: SIP requests the receiver sent us, whole (answered 200) */
  gboolean silent;  /* record the receiver's requests without answering them */
  Recorder rec;     /* the signals, the offers and the deliveries */
  GPtrArray *msrps;
  gchar *base; /* a temp dir; base/x/y is where the app stores files */
  gchar *dir;
  gchar *other_dir; /* file-directory: nothing may land there */
  /* the app */
  gboolean refuse_all;
  guint app_answer; /* 0 accept, G_MAXUINT hold, otherwise reject with it */
  SipPushDelivery *held;
  /* the offer: a=path port of the sender and extra attribute lines per m= line */
  guint16 offer_port;
  const char *offer_extra;
  gboolean stop_in_callback; /* the app stops the receiver from its callback */
  gboolean stop_done;
  gboolean offer_bare_hash; /* hash:sha-1 as 40 hex instead of RFC 5547 pairs */
} Fixture;

extern Fixture fx;
extern guint fp_tid_seq;

/* Runs the loop (and reads the MSRP sockets) until @cond holds; fails the test, naming
 * @cond, when @ms pass first. */
#define WAIT_UNTIL(cond, ms) SIPPUSH_TEST_WAIT_UNTIL_WITH (cond, ms, fp_pump_until)

/* The fixture: a started receiver with app "mms.ua" (on_push, on_offer into fx.dir), a
 * UDP client for SIP, signal queues, a temp directory tree. */
void fp_setup (void);
void fp_teardown (void);
void fp_stopped_cb (GObject *source, GAsyncResult *res, gpointer data);
void fp_stop_receiver (void);
void fp_start_receiver (void); /* after fp_stop_receiver (): settings are fixed while it runs */

/* The main context once (waiting at most until @deadline for it or an MSRP socket), then
 * the MSRP sockets; and for @ms milliseconds, only to prove something does not happen. */
void fp_pump_until (gint64 deadline);
void fp_pump_ms (guint ms);

/* SIP: an INVITE offering @files (waits for the final response, ACKs it, parses the SDP
 * answer), a BYE (its status, 0 for none), other in-dialog requests. */
Call *fp_invite (const FileSpec *files, guint n);
Call *fp_invite_with (const FileSpec *files, guint n, const char *contact);
void fp_call_free (Call *c);
guint fp_bye (Call *c);
void fp_bye_now (Call *c); /* without waiting */
gchar *fp_in_dialog (Call *c, const char *method, guint cseq, const char *headers,
                     const char *content_type, const char *body);
gchar *fp_wait_response (const Call *c, const char *method, guint ms);
gchar *fp_offer_sdp_closing (const FileSpec *files, guint n, guint closed);
gchar *fp_header_value (const char *msg, const char *name);
guint fp_status_of (const char *msg);

/* MSRP: a connection to an a=path, SEND chunks (1-based inclusive ranges; they return the
 * transaction id), waiting for a message or a response line (owned, NULL on timeout). */
Msrp *fp_msrp_connect (const char *path);
/* The same from @source (an IPv4 address of the loopback, e.g. 127.0.0.2), or NULL. */
Msrp *fp_msrp_connect_from (const char *path, const char *source);
void fp_msrp_close (Msrp *m);
void fp_msrp_write (Msrp *m, const char *data, gsize len);
gchar *fp_msrp_send_chunk_full (Msrp *m, const char *to_path, const char *content_type,
                                const char *message_id, const char *data, gsize start, gsize end,
                                gsize total, char flag);
gchar *fp_msrp_send_chunk (Msrp *m, const char *to_path, const char *data, gsize start, gsize end,
                           gsize total, char flag);
gchar *fp_msrp_wait (Msrp *m, const char *needle, guint ms);
gchar *fp_msrp_response (Msrp *m, const char *tid, guint ms);
gchar *fp_report_status (const char *report);
void fp_send_whole (Msrp *m, const char *to_path, const char *data, gsize size);

/* Content, directories, and the shared steps of the mid-transfer cases. */
gchar *fp_make_content (gsize size, guint seed);
gchar *fp_sha1_of (const char *data, gsize len);
guint fp_count_entries (const char *dir);
Msrp *fp_start_partial (Call **call, const char *name);
void fp_assert_failed_and_empty (const char *name);

/* The one test case of a file-push suite (fixture fp_setup/fp_teardown), and running
 * @name with it as main ()'s exit status. */
TCase *fp_tcase_new (void);
int fp_run_suite (const char *name, TCase *tc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, fp_call_free)
