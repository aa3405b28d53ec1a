/* recorder.h — one recorder of everything a SipPushReceiver tells its host, shared by the
 * tests: each signal's handler (all in recorder.c, the only code that knows the signals'
 * signatures) copies what the signal carried into plain fields — counters, the last value,
 * copied strings, queues of plain records. The tests read the fields, never a signal.
 * The app callbacks stay the tests' own (they decide), but record through
 * recorder_record_offer () and recorder_record_delivery ().
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

typedef struct
{
  SipPushMethod method;
  guint status;
  gchar *reason;
  gchar *sender; /* NULL when unknown */
  gchar *ari;    /* NULL when the push named none */
} RecordedRejection;

typedef struct
{
  gchar *app_id;
  gchar *name;
  gchar *reason;
  guint64 size, received;
  gboolean same_as_progress; /* the object the last transfer-progress carried */
} RecordedFailure;

typedef struct
{
  gchar *target;
  guint status;
  gchar *reason;
} RecordedSubscriptionFailure;

typedef struct _Recorder Recorder;
typedef void (*RecorderHook) (Recorder *rec, gpointer data);

struct _Recorder
{
  SipPushReceiver *receiver; /* not owned */
  gulong handlers[9];

  /* registered */
  guint registered;
  guint registered_status, registered_expires;
  /* registration-failed */
  guint registration_failed;
  guint registration_failed_status;
  gchar *registration_failed_reason;
  /* push-rejected: RecordedRejection*, oldest first (pop to consume) */
  guint rejected;
  GQueue rejections;
  RecorderHook after_rejection; /* run after a push-rejected is recorded */
  gpointer after_rejection_data;
  /* transfer-failed: RecordedFailure*, oldest first */
  guint failed;
  GQueue failures;
  /* transfer-progress */
  guint progress;
  guint progress_transfers;           /* distinct SipPushTransfer objects seen */
  SipPushTransfer *progress_transfer; /* the last one (a reference) */
  gchar *progress_app_id, *progress_name;
  guint64 last_received, last_total;
  /* subscribed */
  guint subscribed;
  gchar *subscribed_target;
  guint subscribed_status;
  /* subscription-failed: RecordedSubscriptionFailure*, oldest first */
  guint subscription_failed;
  GQueue subscription_failures;
  /* subscription-terminated */
  guint subscription_terminated;
  gchar *terminated_target, *terminated_reason;
  /* refer */
  guint refers;
  gchar *refer_target, *refer_sender;
  gboolean refer_accepted;
  /* refer-requested, once recorder_decide_refers () connected it */
  gulong refer_requested_handler;
  gboolean refer_answer;
  guint refers_requested;
  gchar *requested_target;

  /* file offers, through recorder_record_offer () */
  guint offers;
  gchar *offer_name, *offer_type, *offer_sha1, *offer_ari, *offer_app, *offer_sender;
  gint64 offer_size;
  /* deliveries, through recorder_record_delivery () */
  guint deliveries;
  SipPushMethod method;
  gchar *sender, *ari, *app_id, *service_id;
  gchar *body; /* in-memory content, NUL-terminated */
  gchar *file_path, *file_name, *file_sha1;
  gboolean hash_verified;
  guint64 file_size;
  gchar *file_content; /* the delivered file as it was when delivered */
  gsize file_content_len;
};

/* Zeroes @rec and connects it to every signal of @receiver. */
void recorder_init (Recorder *rec, SipPushReceiver *receiver);
/* Disconnects (if the receiver is still alive) and frees everything recorded. */
void recorder_clear (Recorder *rec);

/* Decides every REFER from now on with @accept, through refer-requested (without it the
 * receiver's accept-refers setting decides). */
void recorder_decide_refers (Recorder *rec, gboolean accept);

void recorder_record_offer (Recorder *rec, SipPushFileOffer *offer);
/* Copies what the delivery carries, and reads its file now (a reject deletes it). */
void recorder_record_delivery (Recorder *rec, SipPushDelivery *delivery);

/* The oldest unconsumed record, formatted, removed from its queue (owned), or NULL:
 * "METHOD status reason", "name|reason", "status target". */
gchar *recorder_pop_rejection (Recorder *rec);
gchar *recorder_pop_failure (Recorder *rec);
gchar *recorder_pop_subscription_failure (Recorder *rec);
