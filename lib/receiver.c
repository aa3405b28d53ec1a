/* receiver.c — SipPushReceiver, the public object: applications, life cycle, and the
 * signals that the stack's events become (its properties are in receiver-properties.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "receiver-object.h"

#include "rejection-private.h"
#include "sip/headers.h"
#include "sip/uri.h"
#include "store/temp-file.h"

enum
{
  SIGNAL_REGISTERED,
  SIGNAL_REGISTRATION_FAILED,
  SIGNAL_PUSH_REJECTED,
  SIGNAL_TRANSFER_FAILED,
  SIGNAL_TRANSFER_PROGRESS,
  /* subscriptions and REFER */
  SIGNAL_SUBSCRIBED,
  SIGNAL_SUBSCRIPTION_FAILED,
  SIGNAL_SUBSCRIPTION_TERMINATED,
  SIGNAL_REFER_REQUESTED,
  SIGNAL_REFER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SipPushReceiver, sippush_receiver, G_TYPE_OBJECT)

static void
sippush_receiver_finalize (GObject *object)
{
  SipPushReceiver *self = SIPPUSH_RECEIVER (object);

  /* A running receiver holds a reference to itself, so the stack is down by now and
   * nothing is left to send. */
  g_warn_if_fail (self->stack == NULL);
  sippush_dispatch_free (self->dispatch);
  g_hash_table_destroy (self->trusted);
  g_main_context_unref (self->context);
  g_free (self->aor);
  g_free (self->bind_uri);
  g_free (self->registrar);
  g_free (self->proxy);
  g_free (self->username);
  g_free (self->password);
  g_free (self->file_directory);
  g_free (self->msrp_bind);
  g_free (self->msrp_relay);
  /* subscriptions and REFER */
  g_free (self->subscribe_uri);
  g_free (self->preferred_identity);
  g_free (self->device_vendor);
  g_free (self->device_model);
  g_free (self->device_version);
  g_free (self->device_uaprof);
  g_free (self->tls_certificate);
  g_free (self->tls_key);
  g_free (self->tls_ca);
  G_OBJECT_CLASS (sippush_receiver_parent_class)->finalize (object);
}

/* Without a handler of its own, a REFER gets the accept-refers answer. */
static gboolean
refer_requested_default (SipPushReceiver *self, SipPushRefer *refer)
{
  (void) refer;
  return self->accept_refers;
}

static void
sippush_receiver_class_init (SipPushReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sippush_receiver_finalize;

  sippush_receiver_install_properties (object_class);

  /**
   * SipPushReceiver::registered:
   * @receiver: the receiver
   * @status: the registrar's 2xx status
   * @expires: the expiry in seconds the registrar granted
   *
   * Emitted after every successful REGISTER: the first, each refresh, and each
   * re-REGISTER for a changed application set.
   */
  signals[SIGNAL_REGISTERED]
      = g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * SipPushReceiver::registration-failed:
   * @receiver: the receiver
   * @status: the final status (408 for a timeout, 401/403 for refused credentials)
   * @reason: the reason phrase
   *
   * Emitted when a REGISTER fails. The receiver retries by itself with back-off.
   */
  signals[SIGNAL_REGISTRATION_FAILED]
      = g_signal_new ("registration-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * SipPushReceiver::push-rejected:
   * @receiver: the receiver
   * @rejection: what was refused, how and why
   *
   * Emitted for every push that was not delivered: unserved ARI (480, R-MSG-3), sender
   * not allowed (403, R-DSP-4), content type not taken (415), refused by its application,
   * timed out, or aborted by stop.
   *
   * For %SIPPUSH_METHOD_NOTIFY the stack had already answered `200` (sofia-sip answers
   * in-dialog NOTIFYs itself): the status is the one the push would have got, and the
   * content is lost. For %SIPPUSH_METHOD_REFER it is a REFER that was declined before
   * reaching #SipPushReceiver::refer-requested (missing or bad Refer-To, another method or
   * event package, headers not allowed, sender not allowed, too many), with the status
   * sent.
   */
  signals[SIGNAL_PUSH_REJECTED]
      = g_signal_new ("push-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, SIPPUSH_TYPE_REJECTION);
  /**
   * SipPushReceiver::transfer-failed:
   * @receiver: the receiver
   * @transfer: the file; #SipPushTransfer:reason says why it failed: a size or SHA-1
   *   mismatch, an abort by the sender, a lost connection, the session's end, the
   *   receiver's stop, or a refusal by the application
   *
   * Emitted when an accepted file does not make it: nothing of it is kept and nothing
   * partial is reported complete (R-MSRP-5, R-MSRP-6).
   */
  signals[SIGNAL_TRANSFER_FAILED]
      = g_signal_new ("transfer-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, SIPPUSH_TYPE_TRANSFER);
  /**
   * SipPushReceiver::transfer-progress:
   * @receiver: the receiver
   * @transfer: the file, with the bytes received so far and its size (0 while unknown)
   *
   * Emitted as a file comes in, about every MiB. Every signal about one file carries the
   * same #SipPushTransfer, so a handler may keep it and watch its properties.
   */
  signals[SIGNAL_TRANSFER_PROGRESS]
      = g_signal_new ("transfer-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, SIPPUSH_TYPE_TRANSFER);

  /* ---- subscriptions and REFER ---- */
  /**
   * SipPushReceiver::subscribed:
   * @receiver: the receiver
   * @target: the subscription's Request-URI
   * @status: the SUBSCRIBE's 2xx status
   *
   * Emitted when a push subscription becomes active: its first NOTIFY with
   * `Subscription-State: active` (R-NOT-1), usually the initial empty one. Refreshes do
   * not emit it again; a subscription made anew (after a timeout, a deactivation, an
   * application change) does.
   */
  signals[SIGNAL_SUBSCRIBED]
      = g_signal_new ("subscribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /**
   * SipPushReceiver::subscription-failed:
   * @receiver: the receiver
   * @target: the subscription's Request-URI
   * @status: the final status (489 Bad Event, 403, 408 for a timeout, …)
   * @reason: the reason phrase
   *
   * Emitted when a SUBSCRIBE or its refresh fails, or the stack ends the subscription
   * (no NOTIFY in time). 408, 423, 480, 5xx and the stack's own errors are retried with
   * back-off; other failures end the subscription (R-SUB-3).
   */
  signals[SIGNAL_SUBSCRIPTION_FAILED]
      = g_signal_new ("subscription-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * SipPushReceiver::subscription-terminated:
   * @receiver: the receiver
   * @target: the subscription's Request-URI
   * @reason: the `reason` of `Subscription-State: terminated`, or "" without one
   *
   * Emitted when the notifier ends a subscription (RFC 6665 §4.1.3): after `timeout` the
   * receiver re-subscribes at once, after `rejected`, `noresource` or `giveup` it gives
   * up, without or with another reason it retries with back-off. (`deactivated` and
   * `probation` are not terminations here: the stack re-subscribes by itself.)
   */
  signals[SIGNAL_SUBSCRIPTION_TERMINATED]
      = g_signal_new ("subscription-terminated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * SipPushReceiver::refer-requested:
   * @receiver: the receiver
   * @refer: the REFER: the target the device would subscribe to and its sender
   *
   * Asks, synchronously, whether the receiver follows a REFER asking it to subscribe
   * (seed D.4, R-REF-1). Only REFERs that passed every check are asked about: `method=SUBSCRIBE`,
   * package `ua-profile`, embedded headers only Event, Accept and Expires, sender on the
   * allow-list. The first handler connected that returns decides; without one the
   * #SipPushReceiver:accept-refers setting does. #SipPushReceiver::refer then reports the
   * decision.
   *
   * REFER handling in brief: the stack sends the implicit subscription's first NOTIFY
   * (`SIP/2.0 100 Trying`) by itself as soon as the REFER arrives, before the 202 or 603
   * (sofia-sip 1.12.11). After a 202 the receiver SUBSCRIBEs to the Refer-To URI as a new
   * dialog, with the embedded Event/Accept/Expires headers as they came (R-REF-3; without
   * an embedded Event, the receiver's own oma-app Event); on that subscription's first
   * NOTIFY it sends the final NOTIFY `SIP/2.0 200 OK` with
   * `Subscription-State: terminated;reason=noresource`, or the SUBSCRIBE's failure status
   * line (R-REF-4). The new subscription then lives like the receiver's own. REFERs that
   * fail a check are declined and reported as #SipPushReceiver::push-rejected with method
   * REFER: no or a bad Refer-To `400`, a method other than SUBSCRIBE `603` (R-REF-5),
   * another event package `489`, an embedded header outside Event/Accept/Expires or not
   * `name=value` `400` (R-SEC-1), a sender outside the allow-list `403` (R-DSP-4).
   *
   * Returns: %TRUE to answer `202 Accepted` and subscribe, %FALSE to answer `603 Decline`
   */
  signals[SIGNAL_REFER_REQUESTED] = g_signal_new_class_handler (
      "refer-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
      G_CALLBACK (refer_requested_default), g_signal_accumulator_first_wins, NULL, NULL,
      G_TYPE_BOOLEAN, 1, SIPPUSH_TYPE_REFER);
  /**
   * SipPushReceiver::refer:
   * @receiver: the receiver
   * @refer: the REFER, with #SipPushRefer:accepted telling the decision
   *
   * Emitted after the decision on a REFER asking the device to subscribe (R-REF-1): `202`
   * or `603 Decline` went out.
   */
  signals[SIGNAL_REFER] = g_signal_new ("refer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, SIPPUSH_TYPE_REFER);
}

static void
sippush_receiver_init (SipPushReceiver *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->dispatch = sippush_dispatch_new ();
  self->trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

SipPushReceiver *
sippush_receiver_new (const gchar *aor, GError **error)
{
  if (!sippush_sip_uri_check (aor, "AOR", error))
    return NULL;
  return g_object_new (SIPPUSH_TYPE_RECEIVER, "aor", aor, NULL);
}

/* ---- applications -------------------------------------------------------------------- */

/* The canonical ARI of @app_id (NULL stays NULL: the catch-all). */
static gboolean
canonical_ari (const char *app_id, gchar **ari, GError **error)
{
  *ari = app_id ? sippush_ari_from_app_id (app_id, error) : NULL;
  return app_id == NULL || *ari != NULL;
}

/* R-REG-2: a changed application set goes to the registrar at once; the push
 * subscription is made anew with the new list (R-SUB-1). */
static void
apps_changed (SipPushReceiver *self)
{
  if (self->stack)
    sippush_stack_apps_changed (self->stack);
}

SipPushApp *
sippush_receiver_add_app (SipPushReceiver *self, const gchar *app_id, SipPushAppFunc callback,
                          gpointer user_data, GDestroyNotify destroy, GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);
  g_return_val_if_fail (callback != NULL, NULL);

  g_autofree gchar *ari = NULL;
  if (!canonical_ari (app_id, &ari, error))
    return NULL;
  SipPushApp *app = sippush_dispatch_add (self->dispatch, ari, callback, user_data, destroy, error);
  if (app && ari)
    apps_changed (self);
  return app;
}

gboolean
sippush_receiver_remove_app (SipPushReceiver *self, SipPushApp *app, GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), FALSE);
  g_return_val_if_fail (SIPPUSH_IS_APP (app), FALSE);

  gboolean named = app->ari != NULL; /* read first: removing may finalize @app */
  if (!sippush_dispatch_remove (self->dispatch, app, error))
    return FALSE;
  if (named)
    apps_changed (self);
  return TRUE;
}

SipPushApp *
sippush_receiver_lookup_app (SipPushReceiver *self, const gchar *app_id)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);

  g_autofree gchar *ari = NULL;
  if (!canonical_ari (app_id, &ari, NULL))
    return NULL;
  return sippush_dispatch_lookup (self->dispatch, ari);
}

gboolean
sippush_receiver_set_default_app (SipPushReceiver *self, SipPushApp *app, GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), FALSE);
  g_return_val_if_fail (app == NULL || SIPPUSH_IS_APP (app), FALSE);
  return sippush_dispatch_set_default (self->dispatch, app, error);
}

gchar **
sippush_receiver_dup_app_ids (SipPushReceiver *self)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);
  return sippush_dispatch_dup_aris (self->dispatch);
}

gboolean
sippush_receiver_add_trusted_sender (SipPushReceiver *self, const gchar *uri, GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), FALSE);

  gchar *key = sippush_uri_key (uri);
  if (key == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_URI,
                   "trusted sender \"%s\" is not a sip:, sips: or tel: URI", uri ? uri : "(null)");
      return FALSE;
    }
  g_hash_table_add (self->trusted, key);
  return TRUE;
}

/* ---- the stack's events, as signals ------------------------------------------------- */

static void
on_registered (gpointer owner, guint status, guint expires)
{
  g_signal_emit (owner, signals[SIGNAL_REGISTERED], 0, status, expires);
}

static void
on_registration_failed (gpointer owner, guint status, const char *reason)
{
  g_signal_emit (owner, signals[SIGNAL_REGISTRATION_FAILED], 0, status, reason);
}

static void
on_rejected (gpointer owner, const SipPushRejectionInfo *info)
{
  g_autoptr (SipPushRejection) rejection
      = sippush_rejection_new (info->method, info->status, info->reason, info->sender, info->ari);
  g_signal_emit (owner, signals[SIGNAL_PUSH_REJECTED], 0, rejection);
}

static void
on_transfer_progress (gpointer owner, SipPushTransfer *transfer)
{
  g_signal_emit (owner, signals[SIGNAL_TRANSFER_PROGRESS], 0, transfer);
}

static void
on_transfer_failed (gpointer owner, SipPushTransfer *transfer)
{
  g_signal_emit (owner, signals[SIGNAL_TRANSFER_FAILED], 0, transfer);
}

static void
on_subscribed (gpointer owner, const char *target, guint status)
{
  g_signal_emit (owner, signals[SIGNAL_SUBSCRIBED], 0, target, status);
}

static void
on_subscription_failed (gpointer owner, const char *target, guint status, const char *reason)
{
  g_signal_emit (owner, signals[SIGNAL_SUBSCRIPTION_FAILED], 0, target, status, reason);
}

static void
on_subscription_terminated (gpointer owner, const char *target, const char *reason)
{
  g_signal_emit (owner, signals[SIGNAL_SUBSCRIPTION_TERMINATED], 0, target, reason);
}

static gboolean
on_refer_requested (gpointer owner, SipPushRefer *refer)
{
  gboolean accepted = FALSE;
  g_signal_emit (owner, signals[SIGNAL_REFER_REQUESTED], 0, refer, &accepted);
  return accepted;
}

static void
on_referred (gpointer owner, SipPushRefer *refer)
{
  g_signal_emit (owner, signals[SIGNAL_REFER], 0, refer);
}

static void
on_shut_down (gpointer owner)
{
  SipPushReceiver *self = owner;
  GTask *task = g_steal_pointer (&self->stop_task);
  g_clear_pointer (&self->stack, sippush_stack_free);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  g_object_unref (self); /* the reference taken by start */
}

static const SipPushEvents stack_events = {
  .registered = on_registered,
  .registration_failed = on_registration_failed,
  .rejected = on_rejected,
  .transfer_progress = on_transfer_progress,
  .transfer_failed = on_transfer_failed,
  .subscribed = on_subscribed,
  .subscription_failed = on_subscription_failed,
  .subscription_terminated = on_subscription_terminated,
  .refer_requested = on_refer_requested,
  .referred = on_referred,
  .shut_down = on_shut_down,
};

/* ---- start / stop -------------------------------------------------------------------- */

void
sippush_receiver_start_async (SipPushReceiver *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SIPPUSH_IS_RECEIVER (self));

  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sippush_receiver_start_async);

  if (self->stack)
    {
      g_task_return_new_error (task, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE,
                               "the receiver is already started");
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  SipPushStackConfig config = {
    .aor = self->aor,
    .bind_uri = self->bind_uri,
    .registrar = self->registrar,
    .proxy = self->proxy,
    .username = self->username,
    .password = self->password,
    .expires = self->expires,
    .delivery_timeout_s = self->delivery_timeout,
    .max_pending = self->max_pending,
    .max_message_size = self->max_message_size,
    .idle_timeout_s = self->idle_timeout,
    .message_timeout_s = self->sip_message_timeout,
    .max_sip_connections = self->max_sip_connections,
    .max_sip_connections_per_source = self->max_sip_connections_per_source,
    .max_sip_buffered = self->max_sip_buffered,
    .transaction_lifetime_s = self->sip_transaction_lifetime,
    .retry_min_s = self->retry_min,
    .retry_max_s = self->retry_max,
    .file_directory = self->file_directory,
    .msrp_bind = self->msrp_bind,
    .msrp_relay = self->msrp_relay,
    .max_file_size = self->max_file_size,
    .max_sessions = self->max_sessions,
    .max_msrp_connections = self->max_msrp_connections,
    .msrp_idle_timeout_s = self->msrp_idle_timeout,
    .msrp_bind_timeout_s = self->msrp_bind_timeout,
    .msrp_connect_timeout_s = self->msrp_connect_timeout,
    .msrp_stall_timeout_s = self->msrp_stall_timeout,
    .session_expires_s = self->session_expires,
    .msrp_connect_out = self->msrp_connect_out,
    .hash_files = self->hash_files,
    .max_icon_size = self->max_icon_size,
    .subscribe = self->subscribe,
    .subscribe_uri = self->subscribe_uri,
    .subscribe_expires = self->subscribe_expires,
    .preferred_identity = self->preferred_identity,
    .device
    = { self->device_vendor, self->device_model, self->device_version, self->device_uaprof },
    .tls = { self->tls_certificate, self->tls_key, self->tls_ca, self->tls_verify },
  };
  /* R-SEC-5: the temp files an earlier process left in the file directory go first (a
   * directory a file-offer handler names is swept before its first file). */
  if (self->file_directory != NULL)
    sippush_temp_file_sweep_once (self->file_directory);
  SipPushEvents events = stack_events;
  events.owner = self;
  GError *error = NULL;
  self->stack = sippush_stack_new (&config, self, self->dispatch, self->trusted, self->context,
                                   &events, &error);
  if (self->stack == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_ref (self); /* dropped when stop has torn the stack down */
  /* GTask defers the callback to the next main loop iteration. */
  g_task_return_boolean (task, TRUE);
}

gboolean
sippush_receiver_start_finish (SipPushReceiver *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sippush_receiver_stop_async (SipPushReceiver *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SIPPUSH_IS_RECEIVER (self));

  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sippush_receiver_stop_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->stack == NULL || self->stop_task)
    {
      g_task_return_new_error (task, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE,
                               self->stop_task ? "the receiver is stopping"
                                               : "the receiver is not started");
      g_object_unref (task);
      return;
    }
  self->stop_task = task;
  sippush_stack_shutdown (self->stack);
}

gboolean
sippush_receiver_stop_finish (SipPushReceiver *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Running: started and not stopping. */
static gboolean
running (SipPushReceiver *self)
{
  return self->stack && self->stop_task == NULL;
}

gchar *
sippush_receiver_dup_contact_uri (SipPushReceiver *self)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);
  return running (self) ? sippush_bind_uri_contact (self->bind_uri) : NULL;
}

gchar *
sippush_receiver_dup_tls_contact_uri (SipPushReceiver *self)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);
  return running (self) ? sippush_stack_dup_tls_contact (self->stack) : NULL;
}

gchar *
sippush_receiver_dup_msrp_uri (SipPushReceiver *self)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);
  return running (self) ? sippush_stack_dup_msrp_uri (self->stack) : NULL;
}
