/* recorder.c — see recorder.h. The signal handlers below are the only test code that
 * knows the signals' signatures.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "recorder.h"

#include <string.h>

static void
replace (gchar **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* ---- signal handlers ----------------------------------------------------------------- */

static void
on_registered (SipPushReceiver *r, guint status, guint expires, gpointer data)
{
  Recorder *rec = data;
  rec->registered++;
  rec->registered_status = status;
  rec->registered_expires = expires;
}

static void
on_registration_failed (SipPushReceiver *r, guint status, const char *reason, gpointer data)
{
  Recorder *rec = data;
  rec->registration_failed++;
  rec->registration_failed_status = status;
  replace (&rec->registration_failed_reason, reason);
}

static void
on_push_rejected (SipPushReceiver *r, SipPushRejection *rejection, gpointer data)
{
  Recorder *rec = data;
  RecordedRejection *e = g_new0 (RecordedRejection, 1);
  e->method = sippush_rejection_get_method (rejection);
  e->status = sippush_rejection_get_status (rejection);
  e->reason = g_strdup (sippush_rejection_get_reason (rejection));
  e->sender = g_strdup (sippush_rejection_get_sender (rejection));
  e->ari = g_strdup (sippush_rejection_get_ari (rejection));
  rec->rejected++;
  g_queue_push_tail (&rec->rejections, e);
  if (rec->after_rejection)
    rec->after_rejection (rec, rec->after_rejection_data);
}

static void
on_transfer_failed (SipPushReceiver *r, SipPushTransfer *transfer, gpointer data)
{
  Recorder *rec = data;
  RecordedFailure *e = g_new0 (RecordedFailure, 1);
  e->app_id = g_strdup (sippush_transfer_get_app_id (transfer));
  e->name = g_strdup (sippush_transfer_get_file_name (transfer));
  e->reason = g_strdup (sippush_transfer_get_reason (transfer));
  e->size = sippush_transfer_get_size (transfer);
  e->received = sippush_transfer_get_received (transfer);
  e->same_as_progress = transfer == rec->progress_transfer;
  rec->failed++;
  g_queue_push_tail (&rec->failures, e);
}

static void
on_transfer_progress (SipPushReceiver *r, SipPushTransfer *transfer, gpointer data)
{
  Recorder *rec = data;
  rec->progress++;
  if (rec->progress_transfer != transfer)
    {
      rec->progress_transfers++;
      g_set_object (&rec->progress_transfer, transfer);
    }
  replace (&rec->progress_app_id, sippush_transfer_get_app_id (transfer));
  replace (&rec->progress_name, sippush_transfer_get_file_name (transfer));
  rec->last_received = sippush_transfer_get_received (transfer);
  rec->last_total = sippush_transfer_get_size (transfer);
}

static void
on_subscribed (SipPushReceiver *r, const char *target, guint status, gpointer data)
{
  Recorder *rec = data;
  rec->subscribed++;
  replace (&rec->subscribed_target, target);
  rec->subscribed_status = status;
}

static void
on_subscription_failed (SipPushReceiver *r, const char *target, guint status, const char *reason,
                        gpointer data)
{
  Recorder *rec = data;
  RecordedSubscriptionFailure *e = g_new0 (RecordedSubscriptionFailure, 1);
  e->target = g_strdup (target);
  e->status = status;
  e->reason = g_strdup (reason);
  rec->subscription_failed++;
  g_queue_push_tail (&rec->subscription_failures, e);
}

static void
on_subscription_terminated (SipPushReceiver *r, const char *target, const char *reason,
                            gpointer data)
{
  Recorder *rec = data;
  rec->subscription_terminated++;
  replace (&rec->terminated_target, target);
  replace (&rec->terminated_reason, reason);
}

static void
on_refer (SipPushReceiver *r, SipPushRefer *refer, gpointer data)
{
  Recorder *rec = data;
  rec->refers++;
  replace (&rec->refer_target, sippush_refer_get_target (refer));
  replace (&rec->refer_sender, sippush_refer_get_sender (refer));
  rec->refer_accepted = sippush_refer_get_accepted (refer);
}

static gboolean
on_refer_requested (SipPushReceiver *r, SipPushRefer *refer, gpointer data)
{
  Recorder *rec = data;
  rec->refers_requested++;
  replace (&rec->requested_target, sippush_refer_get_target (refer));
  return rec->refer_answer;
}

void
recorder_decide_refers (Recorder *rec, gboolean accept)
{
  rec->refer_answer = accept;
  if (rec->refer_requested_handler == 0)
    rec->refer_requested_handler
        = g_signal_connect (rec->receiver, "refer-requested", G_CALLBACK (on_refer_requested), rec);
}

void
recorder_init (Recorder *rec, SipPushReceiver *receiver)
{
  static const struct
  {
    const char *name;
    GCallback handler;
  } signals[] = {
    { "registered", G_CALLBACK (on_registered) },
    { "registration-failed", G_CALLBACK (on_registration_failed) },
    { "push-rejected", G_CALLBACK (on_push_rejected) },
    { "transfer-failed", G_CALLBACK (on_transfer_failed) },
    { "transfer-progress", G_CALLBACK (on_transfer_progress) },
    { "subscribed", G_CALLBACK (on_subscribed) },
    { "subscription-failed", G_CALLBACK (on_subscription_failed) },
    { "subscription-terminated", G_CALLBACK (on_subscription_terminated) },
    { "refer", G_CALLBACK (on_refer) },
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (signals) == G_N_ELEMENTS (((Recorder *) NULL)->handlers));
  memset (rec, 0, sizeof *rec);
  rec->receiver = receiver;
  g_object_add_weak_pointer (G_OBJECT (receiver), (gpointer *) &rec->receiver);
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    rec->handlers[i] = g_signal_connect (receiver, signals[i].name, signals[i].handler, rec);
}

/* ---- the app's callbacks record through these ------------------------------------------ */

void
recorder_record_offer (Recorder *rec, SipPushFileOffer *offer)
{
  rec->offers++;
  replace (&rec->offer_name, sippush_file_offer_get_name (offer));
  replace (&rec->offer_type, sippush_file_offer_get_content_type (offer));
  replace (&rec->offer_sha1, sippush_file_offer_get_sha1 (offer));
  replace (&rec->offer_ari, sippush_file_offer_get_ari (offer));
  replace (&rec->offer_app, sippush_file_offer_get_app_id (offer));
  replace (&rec->offer_sender, sippush_file_offer_get_sender (offer));
  rec->offer_size = sippush_file_offer_get_size (offer);
}

void
recorder_record_delivery (Recorder *rec, SipPushDelivery *d)
{
  rec->deliveries++;
  rec->method = sippush_delivery_get_method (d);
  replace (&rec->sender, sippush_delivery_get_sender (d));
  replace (&rec->ari, sippush_delivery_get_ari (d));
  replace (&rec->app_id, sippush_delivery_get_app_id (d));
  replace (&rec->service_id, sippush_delivery_get_service_id (d));
  g_clear_pointer (&rec->body, g_free);
  GBytes *body = sippush_delivery_get_body (d);
  if (body)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (body, &len);
      rec->body = g_strndup (data, len);
    }
  GFile *file = sippush_delivery_get_file (d);
  g_free (rec->file_path);
  rec->file_path = file ? g_file_get_path (file) : NULL;
  replace (&rec->file_name, sippush_delivery_get_file_name (d));
  replace (&rec->file_sha1, sippush_delivery_get_sha1 (d));
  rec->hash_verified = sippush_delivery_get_hash_verified (d);
  rec->file_size = sippush_delivery_get_size (d);
  g_clear_pointer (&rec->file_content, g_free);
  rec->file_content_len = 0;
  /* Read now: the file is the application's from here, and a reject deletes it. */
  if (file)
    g_file_load_contents (file, NULL, &rec->file_content, &rec->file_content_len, NULL, NULL);
}

/* ---- reading ------------------------------------------------------------------------- */

gchar *
recorder_pop_rejection (Recorder *rec)
{
  RecordedRejection *e = g_queue_pop_head (&rec->rejections);
  if (e == NULL)
    return NULL;
  gchar *line = g_strdup_printf ("%s %u %s", sippush_method_to_string (e->method), e->status,
                                 e->reason ? e->reason : "");
  g_free (e->reason);
  g_free (e->sender);
  g_free (e->ari);
  g_free (e);
  return line;
}

gchar *
recorder_pop_failure (Recorder *rec)
{
  RecordedFailure *e = g_queue_pop_head (&rec->failures);
  if (e == NULL)
    return NULL;
  gchar *line = g_strdup_printf ("%s|%s", e->name ? e->name : "", e->reason ? e->reason : "");
  g_free (e->app_id);
  g_free (e->name);
  g_free (e->reason);
  g_free (e);
  return line;
}

gchar *
recorder_pop_subscription_failure (Recorder *rec)
{
  RecordedSubscriptionFailure *e = g_queue_pop_head (&rec->subscription_failures);
  if (e == NULL)
    return NULL;
  gchar *line = g_strdup_printf ("%u %s", e->status, e->target ? e->target : "");
  g_free (e->target);
  g_free (e->reason);
  g_free (e);
  return line;
}

void
recorder_clear (Recorder *rec)
{
  if (rec->receiver)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (rec->handlers); i++)
        g_signal_handler_disconnect (rec->receiver, rec->handlers[i]);
      if (rec->refer_requested_handler)
        g_signal_handler_disconnect (rec->receiver, rec->refer_requested_handler);
      g_object_remove_weak_pointer (G_OBJECT (rec->receiver), (gpointer *) &rec->receiver);
    }
  g_free (rec->registration_failed_reason);
  while (!g_queue_is_empty (&rec->rejections))
    g_free (recorder_pop_rejection (rec));
  while (!g_queue_is_empty (&rec->failures))
    g_free (recorder_pop_failure (rec));
  while (!g_queue_is_empty (&rec->subscription_failures))
    g_free (recorder_pop_subscription_failure (rec));
  g_free (rec->progress_app_id);
  g_free (rec->progress_name);
  g_free (rec->subscribed_target);
  g_free (rec->terminated_target);
  g_free (rec->terminated_reason);
  g_free (rec->refer_target);
  g_free (rec->refer_sender);
  g_free (rec->requested_target);
  g_clear_object (&rec->progress_transfer);
  g_free (rec->offer_name);
  g_free (rec->offer_type);
  g_free (rec->offer_sha1);
  g_free (rec->offer_ari);
  g_free (rec->offer_app);
  g_free (rec->offer_sender);
  g_free (rec->sender);
  g_free (rec->ari);
  g_free (rec->app_id);
  g_free (rec->service_id);
  g_free (rec->body);
  g_free (rec->file_path);
  g_free (rec->file_name);
  g_free (rec->file_sha1);
  g_free (rec->file_content);
  memset (rec, 0, sizeof *rec);
}
