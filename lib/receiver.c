/* receiver.c — SipPushReceiver: life cycle, signals, applications, and the one switch over
 * NUA events that hands each to its module (its properties are in receiver-properties.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "receiver-object.h"

#include <errno.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/tport_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_glib.h>
#include <sofia-sip/su_tag.h>

#include "receiver-private.h"
#include "sip/headers.h"
#include "sip/uri.h"
#include "sip/sofia-glue.h"

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
  g_warn_if_fail (self->state == STATE_STOPPED);
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
  /* subscriptions and REFER */
  g_free (self->subscribe_uri);
  g_free (self->preferred_identity);
  g_free (self->device_vendor);
  g_free (self->device_model);
  g_free (self->device_version);
  g_free (self->device_uaprof);
  if (self->refer_destroy)
    self->refer_destroy (self->refer_data);
  G_OBJECT_CLASS (sippush_receiver_parent_class)->finalize (object);
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
   * @method: how the push came
   * @status: the final status sent on the wire
   * @reason: why
   *
   * Emitted for every push that was not delivered: unserved ARI (480, R-MSG-3), sender
   * not allowed (403, R-DSP-4), content type not taken (415), refused by its application,
   * timed out, or aborted by stop.
   *
   * For %SIPPUSH_METHOD_NOTIFY the stack had already answered `200` (sofia-sip answers
   * in-dialog NOTIFYs itself): @status is the one the push would have got, and the
   * content is lost. For %SIPPUSH_METHOD_REFER it is a REFER that was declined before
   * reaching the approval hook (missing or bad Refer-To, another method or event
   * package, headers not allowed, sender not allowed, too many), with the status sent.
   */
  signals[SIGNAL_PUSH_REJECTED]
      = g_signal_new ("push-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 3, SIPPUSH_TYPE_METHOD, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * SipPushReceiver::transfer-failed:
   * @receiver: the receiver
   * @app_id: (nullable): the application the file was for
   * @name: (nullable): the offered file name (unsanitised)
   * @reason: why: a size or SHA-1 mismatch, an abort by the sender, a lost connection,
   *   the session's end, the receiver's stop, or a refusal by the application
   *
   * Emitted when an accepted file does not make it: nothing of it is kept and nothing
   * partial is reported complete (R-MSRP-5, R-MSRP-6).
   */
  signals[SIGNAL_TRANSFER_FAILED]
      = g_signal_new ("transfer-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * SipPushReceiver::transfer-progress:
   * @receiver: the receiver
   * @app_id: (nullable): the application the file is for
   * @name: (nullable): the offered file name (unsanitised)
   * @received: bytes of the MSRP message received so far
   * @total: the message's size, or 0 while unknown
   *
   * Emitted as a file comes in, about every MiB.
   */
  signals[SIGNAL_TRANSFER_PROGRESS] = g_signal_new (
      "transfer-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);

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
   * SipPushReceiver::refer:
   * @receiver: the receiver
   * @target: the Refer-To URI without `method=` and the embedded headers
   * @accepted: whether the REFER was accepted (`202`) or declined (`603`)
   *
   * Emitted after the host's decision on a REFER asking the device to subscribe (R-REF-1).
   */
  signals[SIGNAL_REFER]
      = g_signal_new ("refer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
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

void
sippush_receiver_emit_transfer_failed (SipPushReceiver *self, const char *app_id, const char *name,
                                       const char *reason)
{
  g_signal_emit (self, signals[SIGNAL_TRANSFER_FAILED], 0, app_id, name, reason);
}

void
sippush_receiver_emit_transfer_progress (SipPushReceiver *self, const char *app_id,
                                         const char *name, guint64 received, guint64 total)
{
  g_signal_emit (self, signals[SIGNAL_TRANSFER_PROGRESS], 0, app_id, name, received, total);
}

void
sippush_receiver_emit_rejected (SipPushReceiver *self, SipPushMethod method, guint status,
                                const char *reason)
{
  g_signal_emit (self, signals[SIGNAL_PUSH_REJECTED], 0, method, status, reason);
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
  if (self->registration)
    {
      g_autofree gchar *tag = sippush_dispatch_dup_feature_tag (self->dispatch);
      sippush_registration_set_feature_tag (self->registration, tag);
    }
  if (self->subscriptions && self->state == STATE_RUNNING)
    sippush_subscriptions_apps_changed (self->subscriptions);
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

/* ---- registration events ------------------------------------------------------------- */

static void
on_registered (gpointer owner, guint status, guint expires)
{
  SipPushReceiver *self = owner;
  /* R-SUB-1: subscribe after the initial registration (once: later calls do nothing). */
  if (self->subscribe && self->subscriptions)
    {
      g_autoptr (GError) error = NULL;
      if (!sippush_subscriptions_start (self->subscriptions, &error))
        g_warning ("cannot subscribe: %s", error->message);
    }
  g_signal_emit (owner, signals[SIGNAL_REGISTERED], 0, status, expires);
}

static void
on_registration_failed (gpointer owner, guint status, const char *reason)
{
  g_signal_emit (owner, signals[SIGNAL_REGISTRATION_FAILED], 0, status, reason);
}

/* ---- subscription and REFER events ---------------------------------------------------- */

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
on_refer_approve (gpointer owner, const char *target, const char *sender)
{
  SipPushReceiver *self = owner;
  if (self->refer_func)
    return self->refer_func (self, target, sender, self->refer_data);
  return self->accept_refers;
}

static void
on_refer (gpointer owner, const char *target, gboolean accepted)
{
  g_signal_emit (owner, signals[SIGNAL_REFER], 0, target, accepted);
}

void
sippush_receiver_set_refer_func (SipPushReceiver *self, SipPushReferFunc func, gpointer user_data,
                                 GDestroyNotify destroy)
{
  g_return_if_fail (SIPPUSH_IS_RECEIVER (self));
  if (self->refer_destroy)
    self->refer_destroy (self->refer_data);
  self->refer_func = func;
  self->refer_data = user_data;
  self->refer_destroy = destroy;
}

/* ---- the NUA event switch ------------------------------------------------------------ */

static void teardown_stack (SipPushReceiver *self);

static gboolean
teardown_idle (gpointer data)
{
  SipPushReceiver *self = data;
  GTask *task = g_steal_pointer (&self->stop_task);

  /* nua_destroy() must not run inside the NUA callback, hence this idle. */
  teardown_stack (self);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  g_object_unref (self); /* the reference taken by start */
  return G_SOURCE_REMOVE;
}

/* A push request inside a dialog some module owns (a MESSAGE in an INVITE session, a
 * REFER in a subscription, …): pushes come out of dialog. Refused without touching the
 * handle, which stays its owner's. */
static void
refuse_in_dialog (SipPushReceiver *self, nua_t *nua, nua_handle_t *nh, SipPushMethod method)
{
  nua_respond (nh, 403, sip_403_Forbidden, NUTAG_WITH_THIS (nua),
               SIPTAG_WARNING_STR ("399 sippush \"pushes are not taken inside a dialog\""),
               TAG_END ());
  sippush_receiver_emit_rejected (self, method, 403, "Request inside a dialog");
}

static void
nua_callback (nua_event_t event, int status, char const *phrase, nua_t *nua, nua_magic_t *magic,
              nua_handle_t *nh, nua_hmagic_t *hmagic, sip_t const *sip, tagi_t tags[])
{
  SipPushReceiver *self = magic;

  switch (event)
    {
    case nua_r_register:
    case nua_r_unregister:
      /* While stopping, nua_shutdown() owns the binding: its answers change nothing. */
      if (self->state == STATE_RUNNING && sippush_registration_owns (self->registration, nh))
        sippush_registration_handle_response (self->registration, event == nua_r_unregister, status,
                                              phrase, sip);
      break;

    case nua_i_message:
      if (hmagic)
        refuse_in_dialog (self, nua, nh, SIPPUSH_METHOD_MESSAGE);
      else if (self->state == STATE_RUNNING)
        sippush_messages_handle (self->messages, nua, nh, sip);
      else
        {
          nua_respond (nh, 503, sip_503_Service_unavailable, NUTAG_WITH_THIS (nua), TAG_END ());
          nua_handle_destroy (nh);
          sippush_receiver_emit_rejected (self, SIPPUSH_METHOD_MESSAGE, 503,
                                          "Receiver shutting down");
        }
      break;

    case nua_i_invite:
      if (hmagic && !sippush_invites_owns (self->invites, hmagic))
        refuse_in_dialog (self, nua, nh, SIPPUSH_METHOD_INVITE);
      else if (self->state == STATE_RUNNING)
        sippush_invites_handle_invite (self->invites, nua, nh, hmagic, sip);
      else
        nua_respond (nh, 503, sip_503_Service_unavailable, NUTAG_WITH_THIS (nua), TAG_END ());
      break;

    case nua_i_update:
      sippush_invites_handle_update (self->invites, nua, nh, sip);
      break;

    case nua_i_state:
      sippush_invites_handle_state (self->invites, nh, hmagic, tags);
      break;

    /* ---- subscriptions and REFER (R-SUB-*, R-NOT-1, R-REF-*) ---- */
    case nua_r_subscribe:
    case nua_r_unsubscribe:
      if (self->state == STATE_RUNNING && sippush_subscriptions_owns (self->subscriptions, nh))
        sippush_subscriptions_handle_response (self->subscriptions, nh, event == nua_r_unsubscribe,
                                               status, phrase, sip, tags);
      break;

    case nua_i_notify:
      if (self->state == STATE_RUNNING && sippush_subscriptions_owns (self->subscriptions, nh))
        sippush_subscriptions_handle_notify (self->subscriptions, nh, status, phrase, sip, tags);
      else if (self->state != STATE_RUNNING && sip && sip->sip_payload
               && sip->sip_payload->pl_len > 0)
        sippush_receiver_emit_rejected (self, SIPPUSH_METHOD_NOTIFY, 503, "Receiver shutting down");
      else if (hmagic == NULL && nh)
        nua_handle_destroy (nh); /* unsolicited: the stack answered 481 */
      break;

    case nua_i_refer:
      if (hmagic)
        refuse_in_dialog (self, nua, nh, SIPPUSH_METHOD_REFER);
      else if (self->state == STATE_RUNNING)
        sippush_refers_handle (self->refers, nua, nh, sip, tags);
      else
        {
          nua_respond (nh, 503, sip_503_Service_unavailable, NUTAG_WITH_THIS (nua), TAG_END ());
          nua_handle_destroy (nh);
          sippush_receiver_emit_rejected (self, SIPPUSH_METHOD_REFER, 503,
                                          "Receiver shutting down");
        }
      break;

    case nua_r_notify:
      if (self->state == STATE_RUNNING && sippush_refers_owns (self->refers, nh))
        sippush_refers_handle_notify_response (self->refers, nh, status, tags);
      break;

    case nua_i_terminated:
      if (sippush_invites_owns (self->invites, hmagic))
        {
          sippush_invites_handle_terminated (self->invites, nh, hmagic);
          break;
        }
      /* fall through */
    case nua_i_options:
      /* Handles the stack made for requests it answered itself are ours to free. */
      if (hmagic == NULL && nh)
        nua_handle_destroy (nh);
      break;

    case nua_r_shutdown:
      if (status >= 200 && self->stop_task)
        {
          GSource *idle = g_idle_source_new ();
          g_source_set_callback (idle, teardown_idle, self, NULL);
          g_source_attach (idle, self->context);
          g_source_unref (idle);
        }
      break;

    default:
      g_debug ("NUA event %s %d %s ignored", nua_event_name (event), status, phrase ? phrase : "");
      break;
    }
}

/* ---- start / stop -------------------------------------------------------------------- */

static void
teardown_stack (SipPushReceiver *self)
{
  g_clear_pointer (&self->messages, sippush_messages_free);
  g_clear_pointer (&self->invites, sippush_invites_free);
  g_clear_pointer (&self->msrp, sippush_msrp_hub_free);
  g_clear_pointer (&self->registration, sippush_registration_free);
  /* The REFERs first: they point into the subscriptions. */
  g_clear_pointer (&self->refers, sippush_refers_free);
  g_clear_pointer (&self->subscriptions, sippush_subscriptions_free);
  if (self->nua)
    nua_destroy (g_steal_pointer (&self->nua));
  if (self->root)
    {
      /* The GSource is borrowed from the root: detach it, never unref it. */
      g_source_destroy (su_glib_root_gsource (self->root));
      su_root_destroy (g_steal_pointer (&self->root));
    }
  self->state = STATE_STOPPED;
}

static gboolean
open_stack (SipPushReceiver *self, GError **error)
{
  sippush_sofia_init ();
  self->root = su_glib_root_create (self);
  if (self->root == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED, "su_glib_root_create failed");
      return FALSE;
    }
  g_source_attach (su_glib_root_gsource (self->root), self->context);
  su_root_threading (self->root, 0); /* keep NUA in this thread, before nua_create */

  guint idle_ms = self->idle_timeout * 1000;
  errno = 0;
  self->nua = nua_create (
      self->root, nua_callback, self, NUTAG_URL (self->bind_uri),
      NUTAG_SIP_PARSER (sippush_sofia_mclass ()), NTATAG_MAXSIZE (self->max_message_size),
      /* sofia waits forever for the rest of a partial TCP message and
       * keeps idle connections: a peer could hold sockets for good. */
      TPTAG_TIMEOUT (MIN (MAX_PARTIAL_MESSAGE_MS, idle_ms)), TPTAG_IDLE (idle_ms), TAG_END ());
  if (self->nua == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND, "cannot listen on %s: %s",
                   self->bind_uri, saved_errno ? g_strerror (saved_errno) : "unusable address");
      g_source_destroy (su_glib_root_gsource (self->root));
      su_root_destroy (g_steal_pointer (&self->root));
      return FALSE;
    }
  /* NUTAG_MAX_RETRY_AFTER(0): sofia would otherwise resend a request answered 5xx with a
   * short Retry-After by itself, without limit and without telling us; registration.c
   * retries with back-off and reports each failure instead. */
  nua_set_params (self->nua, NUTAG_APPL_METHOD ("MESSAGE"), NUTAG_ENABLEMESSAGE (1),
                  /* UPDATE is ours so its Contact is checked first (trap B1). */
                  NUTAG_APPL_METHOD ("UPDATE"), NUTAG_SESSION_TIMER (self->session_expires),
                  NUTAG_SESSION_REFRESHER (nua_remote_refresher), NUTAG_MIN_SE (90),
                  NUTAG_MAX_RETRY_AFTER (0), NUTAG_OUTBOUND ("no-validate"), NUTAG_MEDIA_ENABLE (0),
                  /* Only what is served: the stack answers 405 to the rest instead of
                   * accepting it on our behalf. */
                  SIPTAG_ALLOW_STR ("INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, UPDATE, "
                                    "SUBSCRIBE, NOTIFY, REFER"),
                  TAG_IF (self->proxy, NUTAG_PROXY (self->proxy)), SIPTAG_FROM_STR (self->aor),
                  TAG_END ());
  /* ---- subscriptions and REFER ----
   * B3/B4: REFER is ours to answer (400 without Refer-To, 603 declined); the stack adds
   * it to its application methods (it merges NUTAG_APPL_METHOD with the earlier ones). */
  nua_set_params (self->nua, NUTAG_APPL_METHOD ("REFER"), TAG_END ());
  return TRUE;
}

/* The MSRP listener opens first: when it cannot, nothing else has started. */
static gboolean
open_msrp (SipPushReceiver *self, GError **error)
{
  g_autofree gchar *host = NULL;
  guint port = 0;
  if (self->msrp_bind)
    {
      const char *colon = strrchr (self->msrp_bind, ':');
      char *end = NULL;
      guint64 p = colon ? g_ascii_strtoull (colon + 1, &end, 10) : G_MAXUINT64;
      if (colon == NULL || colon == self->msrp_bind || end == colon + 1 || *end || p > 65535)
        {
          g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND,
                       "MSRP bind address %s is not HOST:PORT", self->msrp_bind);
          return FALSE;
        }
      host = g_strndup (self->msrp_bind, colon - self->msrp_bind);
      if (host[0] == '[' && host[strlen (host) - 1] == ']')
        {
          gchar *inner = g_strndup (host + 1, strlen (host) - 2);
          g_free (host);
          host = inner;
        }
      port = (guint) p;
    }
  else
    host = sippush_sip_uri_host (self->bind_uri);
  SipPushMsrpHubLimits limits
      = { self->max_msrp_connections, MSRP_MAX_HEADER_BLOCK, self->msrp_idle_timeout };
  g_autoptr (GError) local = NULL;
  self->msrp = host ? sippush_msrp_hub_new (self->context, host, port, &limits, &local) : NULL;
  if (self->msrp == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND, "cannot listen for MSRP on %s: %s",
                   self->msrp_bind ? self->msrp_bind : (host ? host : self->bind_uri),
                   local ? local->message : "no host");
      return FALSE;
    }
  return TRUE;
}

/* The device parameters must fit the Event header; checked at start, not on each
 * SUBSCRIBE. */
static gboolean
device_params_check (SipPushReceiver *self, GError **error)
{
  const struct
  {
    const char *value, *what;
  } params[] = {
    { self->device_vendor, "vendor" },
    { self->device_model, "model" },
    { self->device_version, "version" },
    { self->device_uaprof, "UAProf link" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (params); i++)
    if (params[i].value && !sippush_device_param_check (params[i].value, params[i].what, error))
      return FALSE;
  return TRUE;
}

/* The subscription and REFER modules exist whenever the stack runs: a REFER may come
 * without the host subscribing itself. */
static void
start_subscriptions (SipPushReceiver *self)
{
  SipPushSubscriptionConfig config = {
    .aor = self->aor,
    .target = self->subscribe_uri,
    .preferred_identity = self->preferred_identity,
    .expires = self->subscribe_expires,
    .retry_min_s = self->retry_min,
    .retry_max_s = self->retry_max,
    .device
    = { self->device_vendor, self->device_model, self->device_version, self->device_uaprof },
  };
  static const SipPushSubscriptionEvents sub_events
      = { on_subscribed, on_subscription_failed, on_subscription_terminated };
  self->subscriptions = sippush_subscriptions_new (self->nua, self, self->dispatch, self->trusted,
                                                   self->context, &config, &sub_events, self);
  static const SipPushReferEvents refer_events = { on_refer_approve, on_refer };
  self->refers = sippush_refers_new (self, self->subscriptions, self->trusted, &refer_events, self);
}

void
sippush_receiver_start_async (SipPushReceiver *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SIPPUSH_IS_RECEIVER (self));

  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sippush_receiver_start_async);
  GError *error = NULL;

  if (self->state != STATE_STOPPED)
    {
      g_task_return_new_error (task, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE,
                               "the receiver is already started");
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  /* The AOR is checked here too: a receiver made with g_object_new() has none. */
  if (!sippush_sip_uri_check (self->aor, "AOR", &error)
      || !sippush_bind_uri_check (self->bind_uri, &error)
      || (self->registrar && !sippush_sip_uri_check (self->registrar, "registrar", &error))
      || (self->proxy && !sippush_sip_uri_check (self->proxy, "proxy", &error))
      || (self->subscribe_uri
          && !sippush_sip_uri_check (self->subscribe_uri, "subscription URI", &error))
      || (self->preferred_identity
          && !sippush_sip_uri_check (self->preferred_identity, "P-Preferred-Identity", &error))
      || !device_params_check (self, &error) || !open_msrp (self, &error)
      || !open_stack (self, &error))
    {
      g_clear_pointer (&self->msrp, sippush_msrp_hub_free);
      g_task_return_error (task, error);
      return;
    }

  self->state = STATE_RUNNING;
  g_object_ref (self); /* dropped when stop has torn the stack down */

  SipPushMessageLimits limits = { self->delivery_timeout, self->max_pending };
  self->messages
      = sippush_messages_new (self, self->dispatch, self->trusted, self->context, &limits);
  SipPushInviteConfig invite_config = {
    .max_sessions = self->max_sessions,
    .max_size = self->max_file_size,
    .session_expires_s = self->session_expires,
    .connect_out = self->msrp_connect_out,
    .delivery_timeout_s = self->delivery_timeout,
    .file_directory = self->file_directory,
    .hash_files = self->hash_files,
  };
  self->invites = sippush_invites_new (self, self->dispatch, self->trusted, self->msrp,
                                       self->context, &invite_config);
  start_subscriptions (self);
  if (self->registrar)
    {
      SipPushRegistrationConfig config = {
        .aor = self->aor,
        .registrar = self->registrar,
        .username = self->username,
        .password = self->password,
        .contact_port = sippush_sip_uri_port (self->bind_uri),
        .expires = self->expires,
        .retry_min_s = self->retry_min,
        .retry_max_s = self->retry_max,
      };
      static const SipPushRegistrationEvents events = { on_registered, on_registration_failed };
      self->registration
          = sippush_registration_new (self->nua, &config, self->context, &events, self);
      g_autofree gchar *tag = sippush_dispatch_dup_feature_tag (self->dispatch);
      sippush_registration_start (self->registration, tag);
    }
  else if (self->subscribe)
    sippush_subscriptions_start (self->subscriptions, NULL); /* R-SUB-1: no registrar */
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

  if (self->state != STATE_RUNNING)
    {
      g_task_return_new_error (task, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE,
                               self->state == STATE_STOPPING ? "the receiver is stopping"
                                                             : "the receiver is not started");
      g_object_unref (task);
      return;
    }
  self->state = STATE_STOPPING;
  self->stop_task = task;
  if (self->registration)
    sippush_registration_cancel_retry (self->registration);
  sippush_subscriptions_stop (self->subscriptions);
  sippush_messages_abort_all (self->messages);
  sippush_invites_abort_all (self->invites);
  /* nua_shutdown() de-REGISTERs (Expires: 0) and ends every dialog by itself. */
  nua_shutdown (self->nua);
}

gboolean
sippush_receiver_stop_finish (SipPushReceiver *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gchar *
sippush_receiver_dup_contact_uri (SipPushReceiver *self)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);
  return self->state == STATE_RUNNING ? sippush_bind_uri_contact (self->bind_uri) : NULL;
}

gchar *
sippush_receiver_dup_msrp_uri (SipPushReceiver *self)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);
  if (self->state != STATE_RUNNING || self->msrp == NULL)
    return NULL;
  const char *host = sippush_msrp_hub_get_host (self->msrp);
  return g_strdup_printf (strchr (host, ':') ? "msrp://[%s]:%u" : "msrp://%s:%u", host,
                          sippush_msrp_hub_get_port (self->msrp));
}
