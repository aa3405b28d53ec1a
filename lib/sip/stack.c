/* sip/stack.c — the running stack: su_root + nua_t, the MSRP listener, the job modules, and
 * the one switch over NUA events, which dispatches on each handle's kind tag.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/stack.h"

#include <errno.h>
#include <string.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_glib.h>
#include <sofia-sip/su_tag.h>
#include <sofia-sip/tport_tag.h>

#include "core/watches.h"
#include "msrp/hub.h"
#include "msrp/uri.h"
#include "sip/admission.h"
#include "sip/governor.h"
#include "sip/overload.h"
#include "sip/handle.h"
#include "sip/invite.h"
#include "sip/message.h"
#include "sip/refer.h"
#include "sip/registration.h"
#include "sip/sofia-glue.h"
#include "sip/subscription.h"
#include "sip/tls.h"
#include "sip/uri.h"

#define MSRP_MAX_HEADER_BLOCK (16 * 1024)
#define SHUTDOWN_RETRY_AFTER_S 30
#define TLS_VERIFY_DEPTH 8 /* certificates in a peer's chain, at most */

struct _SipPushStack
{
  SipPushShared shared; /* what the modules borrow */
  SipPushEvents events; /* the receiver's */
  su_root_t *root;
  SipPushWatches *watches; /* the library's own descriptors and timers: one GSource */
  SipPushMsrpHub *msrp;
  SipPushRegistration *registration;
  SipPushMessages *messages;
  SipPushInvites *invites;
  SipPushSubscriptions *subscriptions;
  SipPushRefers *refers;
  SipPushTls *tls; /* NULL without TLS */
  guint tls_port;  /* where sofia listens for TLS, 0 for none */
  gchar *bind_uri;
  SipPushSipGovernor *governor; /* R-SEC-4: sofia's stream connections */
  SipPushOverload *overload;    /* R-SEC-4: transaction lifetime by load */
  gboolean subscribe;
  gboolean stopping;
  GSource *shut_down; /* the idle source that reports the end of the shutdown */
};

/* ---- the NUA event switch ------------------------------------------------------------ */

/* A request that came while stopping: 503, reported like every refusal. */
static void
refuse_stopping (SipPushStack *self, nua_handle_t *nh, SipPushMethod method, gboolean in_dialog)
{
  SipPushRefusal refusal = { .status = 503,
                             .reason = "Receiver shutting down",
                             .retry_after_s = SHUTDOWN_RETRY_AFTER_S };
  sippush_refuse (&self->shared, nh, method, in_dialog, &refusal, NULL);
}

/* A push request inside a dialog some module owns (a MESSAGE in an INVITE session, a
 * REFER in a subscription, …): pushes come out of dialog. Refused without touching the
 * handle, which stays its owner's. */
static void
refuse_in_dialog (SipPushStack *self, nua_handle_t *nh, SipPushMethod method)
{
  SipPushRefusal refusal = { .status = 403, .reason = "Request inside a dialog" };
  sippush_refuse (&self->shared, nh, method, TRUE, &refusal, NULL);
}

static gboolean
shut_down_idle (gpointer data)
{
  SipPushStack *self = data;
  g_clear_pointer (&self->shut_down, g_source_unref);
  /* nua_destroy() must not run inside the NUA callback, hence this idle. */
  self->events.shut_down (self->events.owner);
  return G_SOURCE_REMOVE;
}

/* The events that each stand for one incoming request kept as a server transaction:
 * nua_i_state, nua_i_active, … follow the same request, and an ACK keeps nothing. Counting
 * those too made a burst of INVITEs look three times its rate (R-SEC-4). */
static gboolean
opens_transaction (nua_event_t event)
{
  switch (event)
    {
    case nua_i_invite:
    case nua_i_cancel:
    case nua_i_bye:
    case nua_i_options:
    case nua_i_refer:
    case nua_i_publish:
    case nua_i_prack:
    case nua_i_info:
    case nua_i_update:
    case nua_i_message:
    case nua_i_chat:
    case nua_i_subscribe:
    case nua_i_notify:
    case nua_i_method:
    case nua_i_register:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
nua_callback (nua_event_t event, int status, char const *phrase, nua_t *nua, nua_magic_t *magic,
              nua_handle_t *nh, nua_hmagic_t *hmagic, sip_t const *sip, tagi_t tags[])
{
  SipPushStack *self = magic;
  SipPushHandleKind kind = sippush_handle_kind (hmagic);
  gboolean running = !self->stopping;

  /* A complete message came over a stream connection: it has no begun message left. */
  msg_t *current = nua_current_request (nua);
  if (current && self->overload && opens_transaction (event))
    sippush_overload_count (self->overload);
  su_addrinfo_t *ai = current && self->governor ? msg_addrinfo (current) : NULL;
  if (ai && ai->ai_protocol != IPPROTO_UDP)
    sippush_sip_governor_message_done (self->governor, (const struct sockaddr *) ai->ai_addr,
                                       (socklen_t) ai->ai_addrlen);

  switch (event)
    {
    case nua_r_register:
    case nua_r_unregister:
      /* While stopping, nua_shutdown() owns the binding: its answers change nothing. */
      if (running && kind == SIPPUSH_HANDLE_REGISTRATION)
        sippush_registration_handle_response ((SipPushRegistration *) hmagic,
                                              event == nua_r_unregister, status, phrase, sip);
      break;

    case nua_i_message:
      if (kind != SIPPUSH_HANDLE_NONE)
        refuse_in_dialog (self, nh, SIPPUSH_METHOD_MESSAGE);
      else if (running)
        sippush_messages_handle (self->messages, nh, sip);
      else
        refuse_stopping (self, nh, SIPPUSH_METHOD_MESSAGE, FALSE);
      break;

    case nua_i_invite:
      if (kind != SIPPUSH_HANDLE_NONE && kind != SIPPUSH_HANDLE_INVITE)
        refuse_in_dialog (self, nh, SIPPUSH_METHOD_INVITE);
      else if (running)
        sippush_invites_handle_invite (self->invites, nh, (SipPushInviteDialog *) hmagic, sip);
      else
        refuse_stopping (self, nh, SIPPUSH_METHOD_INVITE, kind != SIPPUSH_HANDLE_NONE);
      break;

    case nua_i_update:
      sippush_invites_handle_update (
          self->invites, nh, kind == SIPPUSH_HANDLE_INVITE ? (SipPushInviteDialog *) hmagic : NULL,
          sip);
      break;

    case nua_i_state:
      if (kind == SIPPUSH_HANDLE_INVITE)
        sippush_invite_dialog_handle_state ((SipPushInviteDialog *) hmagic, tags);
      break;

    /* ---- subscriptions and REFER (R-SUB-*, R-NOT-1, R-REF-*) ---- */
    case nua_r_subscribe:
    case nua_r_unsubscribe:
      if (running && kind == SIPPUSH_HANDLE_SUBSCRIPTION)
        sippush_subscription_handle_response (
            (SipPushSubscription *) hmagic, event == nua_r_unsubscribe, status, phrase, sip, tags);
      break;

    case nua_i_notify:
      if (running && kind == SIPPUSH_HANDLE_SUBSCRIPTION)
        sippush_subscription_handle_notify ((SipPushSubscription *) hmagic, status, phrase, sip,
                                            tags);
      else if (!running && sip && sip->sip_payload && sip->sip_payload->pl_len > 0)
        refuse_stopping (self, nh, SIPPUSH_METHOD_NOTIFY, TRUE);
      else if (kind == SIPPUSH_HANDLE_NONE && nh)
        nua_handle_destroy (nh); /* unsolicited: the stack answered 481 */
      break;

    case nua_i_refer:
      if (kind != SIPPUSH_HANDLE_NONE)
        refuse_in_dialog (self, nh, SIPPUSH_METHOD_REFER);
      else if (running)
        sippush_refers_handle (self->refers, nh, sip, tags);
      else
        refuse_stopping (self, nh, SIPPUSH_METHOD_REFER, FALSE);
      break;

    case nua_r_notify:
      if (running && kind == SIPPUSH_HANDLE_REFER)
        sippush_refer_dialog_handle_notify_response ((SipPushReferDialog *) hmagic, status, tags);
      break;

    case nua_i_terminated:
      if (kind == SIPPUSH_HANDLE_INVITE)
        sippush_invite_dialog_handle_terminated ((SipPushInviteDialog *) hmagic);
      else if (kind == SIPPUSH_HANDLE_NONE && nh)
        nua_handle_destroy (nh); /* the stack's handle of a request it answered */
      break;

    case nua_i_options:
      if (kind == SIPPUSH_HANDLE_NONE && nh)
        nua_handle_destroy (nh);
      break;

    case nua_r_shutdown:
      if (status >= 200 && self->stopping && self->shut_down == NULL)
        {
          self->shut_down = g_idle_source_new ();
          g_source_set_callback (self->shut_down, shut_down_idle, self, NULL);
          g_source_attach (self->shut_down, self->shared.context);
        }
      break;

    default:
      g_debug ("NUA event %s %d %s ignored", nua_event_name (event), status, phrase ? phrase : "");
      break;
    }
}

/* R-SUB-1: subscribe after the initial registration (once: later calls do nothing). */
static void
on_bound (gpointer data)
{
  SipPushStack *self = data;
  g_autoptr (GError) error = NULL;
  if (self->subscribe && !sippush_subscriptions_start (self->subscriptions, &error))
    g_warning ("cannot subscribe: %s", error->message);
}

/* ---- start ---------------------------------------------------------------------------- */

/* The device parameters must fit the Event header; checked at start, not on each
 * SUBSCRIBE. */
static gboolean
config_check (const SipPushStackConfig *c, GError **error)
{
  const struct
  {
    const char *value, *what;
  } params[] = {
    { c->device.vendor, "vendor" },
    { c->device.model, "model" },
    { c->device.version, "version" },
    { c->device.uaprof, "UAProf link" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (params); i++)
    if (params[i].value && !sippush_device_param_check (params[i].value, params[i].what, error))
      return FALSE;
  /* The AOR is checked here too: a receiver made with g_object_new() has none. */
  return sippush_sip_uri_check (c->aor, "AOR", error)
         && sippush_sip_uri_check (c->bind_uri, "bind URI", error)
         && (c->registrar == NULL || sippush_sip_uri_check (c->registrar, "registrar", error))
         && (c->proxy == NULL || sippush_sip_uri_check (c->proxy, "proxy", error))
         && (c->subscribe_uri == NULL
             || sippush_sip_uri_check (c->subscribe_uri, "subscription URI", error))
         && (c->preferred_identity == NULL
             || sippush_sip_uri_check (c->preferred_identity, "P-Preferred-Identity", error));
}

/* R-SEC-3: TLS is on when a certificate is set or TLS is asked for (a sips: bind URI,
 * registrar or proxy). A TLS bind URI listens for TLS on its port (and for nothing else:
 * TCP could not share it); a plain one listens for UDP and TCP on its port, and for TLS
 * on the next. Without a certificate a TLS listener could only fail every handshake, so
 * a TLS bind URI needs one; a sips: registrar or proxy alone makes TLS client-only. */
static gboolean
tls_plan (SipPushStack *self, const SipPushStackConfig *c, GError **error)
{
  gboolean tls_bind = sippush_sip_uri_is_tls (c->bind_uri);
  gboolean tls_out = (c->registrar && sippush_sip_uri_is_tls (c->registrar))
                     || (c->proxy && sippush_sip_uri_is_tls (c->proxy));
  guint port = sippush_sip_uri_port (c->bind_uri);
  if (tls_bind && c->tls.certificate == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE,
                   "bind URI %s listens for TLS, which needs a certificate (tls-certificate)",
                   c->bind_uri);
      return FALSE;
    }
  if (!tls_bind && c->tls.certificate == NULL && !tls_out)
    return sippush_bind_uri_check (c->bind_uri, 0, error);
  self->tls_port = tls_bind ? port : port + 1;
  if (self->tls_port > 65535)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_URI,
                   "bind URI %s leaves no port for TLS (the next port up)", c->bind_uri);
      return FALSE;
    }
  if (!sippush_bind_uri_check (c->bind_uri, tls_bind ? 0 : self->tls_port, error))
    return FALSE;
  self->tls = sippush_tls_new (&c->tls, error);
  return self->tls != NULL;
}

/* The MSRP listener opens first: when it cannot, nothing else has started. */
static gboolean
open_msrp (SipPushStack *self, const SipPushStackConfig *c, GError **error)
{
  g_autofree gchar *host = NULL;
  guint16 port = 0;
  if (c->msrp_bind
      && sippush_msrp_parse_host_port (c->msrp_bind, &host, &port, NULL) != SIPPUSH_PARSE_OK)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND,
                   "MSRP bind address %s is not HOST:PORT", c->msrp_bind);
      return FALSE;
    }
  if (c->msrp_bind == NULL)
    host = sippush_sip_uri_host (c->bind_uri);
  SipPushMsrpHubLimits limits = { c->max_msrp_connections, MSRP_MAX_HEADER_BLOCK,
                                  c->msrp_idle_timeout_s, c->msrp_bind_timeout_s };
  g_autoptr (GError) local = NULL;
  self->msrp = host ? sippush_msrp_hub_new (self->shared.context, self->watches, host, port,
                                            &limits, &local)
                    : NULL;
  if (self->msrp == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND, "cannot listen for MSRP on %s: %s",
                   c->msrp_bind ? c->msrp_bind : (host ? host : c->bind_uri),
                   local ? local->message : "no host");
      return FALSE;
    }
  /* R-SEC-3: MSRP over TLS with the same certificate and trust anchors as SIP. */
  if (self->tls && sippush_tls_get_certificate (self->tls))
    sippush_msrp_hub_set_tls (self->msrp, sippush_tls_get_certificate (self->tls),
                              sippush_tls_get_database (self->tls),
                              sippush_tls_get_verify (self->tls));
  /* R-MSRP-7: behind our own relay, with the registrar's credentials. */
  SipPushMsrpRelayConfig relay = { c->msrp_relay, c->username, c->password, NULL };
  if (c->msrp_relay && !sippush_msrp_hub_use_relay (self->msrp, &relay, &local))
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

/* The loop's two sources: sofia's root, then ours. In this order: when a SIP listener is
 * readable, sofia accepts in the same turn before the governor counts it. */
static gboolean
open_loop (SipPushStack *self, GError **error)
{
  sippush_sofia_init ();
  self->root = su_glib_root_create (self);
  if (self->root == NULL)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED, "su_glib_root_create failed");
      return FALSE;
    }
  g_source_attach (su_glib_root_gsource (self->root), self->shared.context);
  su_root_threading (self->root, 0); /* keep NUA in this thread, before nua_create */
  self->watches = sippush_watches_new (self->shared.context);
  return TRUE;
}

static gboolean
open_sip (SipPushStack *self, const SipPushStackConfig *c, GError **error)
{
  guint idle_ms = c->idle_timeout_s * 1000;
  /* sofia takes TLS from a sips: URL only: NUTAG_URL for a TLS bind URI, NUTAG_SIPS_URL
   * next to a plain one. */
  g_autofree gchar *host = sippush_sip_uri_host (c->bind_uri);
  g_autofree gchar *tls_url
      = self->tls ? g_strdup_printf (strchr (host, ':') ? "sips:[%s]:%u" : "sips:%s:%u", host,
                                     self->tls_port)
                  : NULL;
  gboolean tls_bind = sippush_sip_uri_is_tls (c->bind_uri);
  SipPushSipGovernorLimits limits = {
    .max_connections = c->max_sip_connections,
    .max_per_source = c->max_sip_connections_per_source,
    .idle_timeout_s = c->idle_timeout_s,
    .message_timeout_s = c->message_timeout_s,
    .max_buffered = c->max_message_size,
    .max_buffered_total = c->max_sip_buffered,
  };
  self->governor = sippush_sip_governor_new (self->watches, &limits);
  errno = 0;
  nua_t *nua = nua_create (
      self->root, nua_callback, self, NUTAG_URL (tls_bind ? tls_url : c->bind_uri),
      TAG_IF (self->tls && !tls_bind, NUTAG_SIPS_URL (tls_url)),
      NUTAG_SIP_PARSER (sippush_sofia_mclass ()), NTATAG_MAXSIZE (c->max_message_size),
      /* sofia's own timers, kept as a second line: the governor enforces these (sofia
       * never closes a connection that sent nothing and restarts TPTAG_TIMEOUT on each
       * byte). */
      TPTAG_TIMEOUT (MIN (c->message_timeout_s * 1000, idle_ms)), TPTAG_IDLE (idle_ms),
      /* R-SEC-3: our own directory, never $HOME/.sip/auth; any TLS version OpenSSL
       * offers (sofia's default is TLS 1.0 alone); every connection sofia opens must
       * present a chain the anchors trust, in date, for the name connected to. sofia
       * verifies no client: incoming TLS is like an HTTPS server's. */
      TAG_IF (self->tls,
              TPTAG_CERTIFICATE (self->tls ? sippush_tls_get_sofia_dir (self->tls) : NULL)),
      TAG_IF (self->tls, TPTAG_TLS_VERSION (0)),
      TAG_IF (self->tls, TPTAG_TLS_VERIFY_POLICY (self->tls && sippush_tls_get_verify (self->tls)
                                                      ? TPTLS_VERIFY_SUBJECTS_OUT
                                                      : TPTLS_VERIFY_NONE)),
      TAG_IF (self->tls, TPTAG_TLS_VERIFY_DEPTH (TLS_VERIFY_DEPTH)),
      TAG_IF (self->tls, TPTAG_TLS_VERIFY_DATE (1)), TAG_END ());
  /* sofia has read the key: it need not stay on disk. */
  if (self->tls)
    sippush_tls_forget_sofia_files (self->tls);
  if (nua == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND, "cannot listen on %s%s%s: %s",
                   c->bind_uri, tls_url && !tls_bind ? " and " : "",
                   tls_url && !tls_bind ? tls_url : "",
                   saved_errno ? g_strerror (saved_errno) : "unusable address");
      return FALSE;
    }
  self->shared.nua = nua;
  self->overload = sippush_overload_new (self->root, nua, c->transaction_lifetime_s * 1000);
  if (!sippush_sip_governor_start (self->governor))
    g_clear_pointer (&self->governor, sippush_sip_governor_free);
  /* NUTAG_MAX_RETRY_AFTER(0): sofia would otherwise resend a request answered 5xx with a
   * short Retry-After by itself, without limit and without telling us; registration.c
   * retries with back-off and reports each failure instead. */
  nua_set_params (nua, NUTAG_APPL_METHOD ("MESSAGE"), NUTAG_ENABLEMESSAGE (1),
                  /* UPDATE is ours so its Contact is checked first (trap B1). */
                  NUTAG_APPL_METHOD ("UPDATE"), NUTAG_SESSION_TIMER (c->session_expires_s),
                  NUTAG_SESSION_REFRESHER (nua_remote_refresher), NUTAG_MIN_SE (90),
                  NUTAG_MAX_RETRY_AFTER (0), NUTAG_OUTBOUND ("no-validate"), NUTAG_MEDIA_ENABLE (0),
                  /* Only what is served: the stack answers 405 to the rest instead of
                   * accepting it on our behalf. */
                  SIPTAG_ALLOW_STR ("INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, UPDATE, "
                                    "SUBSCRIBE, NOTIFY, REFER"),
                  TAG_IF (c->proxy, NUTAG_PROXY (c->proxy)), SIPTAG_FROM_STR (c->aor), TAG_END ());
  /* B3/B4: REFER is ours to answer (400 without Refer-To, 603 declined); the stack adds
   * it to its application methods (it merges NUTAG_APPL_METHOD with the earlier ones). */
  nua_set_params (nua, NUTAG_APPL_METHOD ("REFER"), TAG_END ());
  return TRUE;
}

/* The job modules. The subscription and REFER modules exist whenever the stack runs: a
 * REFER may come without the host subscribing itself. */
static void
open_modules (SipPushStack *self, const SipPushStackConfig *c)
{
  SipPushMessageLimits limits = { c->delivery_timeout_s, c->max_pending };
  self->messages = sippush_messages_new (&self->shared, &limits);
  SipPushInviteConfig invite_config = {
    .max_sessions = c->max_sessions,
    .max_size = c->max_file_size,
    .session_expires_s = c->session_expires_s,
    .connect_out = c->msrp_connect_out,
    .delivery_timeout_s = c->delivery_timeout_s,
    .connect_timeout_s = c->msrp_connect_timeout_s,
    .stall_timeout_s = c->msrp_stall_timeout_s,
    .file_directory = c->file_directory,
    .hash_files = c->hash_files,
    .max_icon_size = c->max_icon_size,
  };
  self->invites = sippush_invites_new (&self->shared, self->msrp, &invite_config);
  SipPushSubscriptionConfig sub_config = {
    .aor = c->aor,
    .target = c->subscribe_uri,
    .preferred_identity = c->preferred_identity,
    .expires = c->subscribe_expires,
    .retry_min_s = c->retry_min_s,
    .retry_max_s = c->retry_max_s,
    .device = c->device,
  };
  self->subscriptions = sippush_subscriptions_new (&self->shared, &sub_config);
  self->refers = sippush_refers_new (&self->shared, self->subscriptions);
  if (c->registrar)
    {
      const char *hop = c->proxy ? c->proxy : c->registrar;
      gboolean hop_tls = self->tls && sippush_sip_uri_is_tls (hop);
      g_autofree gchar *hop_host = hop_tls ? sippush_sip_uri_host (hop) : NULL;
      SipPushRegistrationConfig reg_config = {
        .aor = c->aor,
        .registrar = c->registrar,
        .username = c->username,
        .password = c->password,
        .contact_port = hop_tls ? self->tls_port : sippush_sip_uri_port (c->bind_uri),
        .expires = c->expires,
        .retry_min_s = c->retry_min_s,
        .retry_max_s = c->retry_max_s,
        .tls = hop_tls ? self->tls : NULL,
        .tls_host = hop_host,
        .tls_port = hop_tls ? (guint16) sippush_sip_uri_port (hop) : 0,
        .on_bound = on_bound,
        .on_bound_data = self,
      };
      self->registration = sippush_registration_new (&self->shared, &reg_config);
    }
}

SipPushStack *
sippush_stack_new (const SipPushStackConfig *config, SipPushReceiver *receiver,
                   SipPushDispatch *dispatch, GHashTable *trusted, GMainContext *context,
                   const SipPushEvents *events, GError **error)
{
  if (!config_check (config, error))
    return NULL;
  SipPushStack *self = g_new0 (SipPushStack, 1);
  self->events = *events;
  self->shared = (SipPushShared){ .receiver = receiver,
                                  .dispatch = dispatch,
                                  .trusted = trusted,
                                  .context = context,
                                  .events = &self->events,
                                  .repeats = sippush_repeats_new () };
  self->subscribe = config->subscribe;
  self->bind_uri = g_strdup (config->bind_uri);
  if (!tls_plan (self, config, error) || !open_loop (self, error)
      || !open_msrp (self, config, error) || !open_sip (self, config, error))
    {
      sippush_stack_free (self);
      return NULL;
    }
  open_modules (self, config);
  if (self->registration)
    {
      g_autofree gchar *tag = sippush_dispatch_dup_feature_tag (dispatch);
      sippush_registration_start (self->registration, tag);
    }
  else if (self->subscribe)
    sippush_subscriptions_start (self->subscriptions, NULL); /* R-SUB-1: no registrar */
  return self;
}

/* ---- running -------------------------------------------------------------------------- */

void
sippush_stack_apps_changed (SipPushStack *self)
{
  if (self->stopping)
    return;
  if (self->registration)
    {
      g_autofree gchar *tag = sippush_dispatch_dup_feature_tag (self->shared.dispatch);
      sippush_registration_set_feature_tag (self->registration, tag);
    }
  sippush_subscriptions_apps_changed (self->subscriptions);
}

gchar *
sippush_stack_dup_tls_contact (SipPushStack *self)
{
  if (self->tls_port == 0 || self->tls == NULL)
    return NULL;
  g_autofree gchar *contact = sippush_bind_uri_contact (self->bind_uri);
  g_autofree gchar *host = sippush_sip_uri_host (contact);
  return g_strdup_printf (strchr (host, ':') ? "sips:[%s]:%u" : "sips:%s:%u", host, self->tls_port);
}

gchar *
sippush_stack_dup_msrp_uri (SipPushStack *self)
{
  const char *host = sippush_msrp_hub_get_host (self->msrp);
  return g_strdup_printf (strchr (host, ':') ? "msrp://[%s]:%u" : "msrp://%s:%u", host,
                          sippush_msrp_hub_get_port (self->msrp));
}

/* ---- stop ----------------------------------------------------------------------------- */

void
sippush_stack_shutdown (SipPushStack *self)
{
  g_return_if_fail (!self->stopping);
  self->stopping = TRUE;
  if (self->registration)
    sippush_registration_cancel_retry (self->registration);
  sippush_subscriptions_stop (self->subscriptions);
  sippush_refers_stop (self->refers);
  sippush_messages_abort_all (self->messages);
  sippush_invites_stop (self->invites);
  /* nua_shutdown() de-REGISTERs (Expires: 0) and ends the dialogs left. */
  nua_shutdown (self->shared.nua);
}

void
sippush_stack_free (SipPushStack *self)
{
  if (self->shut_down)
    {
      g_source_destroy (self->shut_down);
      g_source_unref (self->shut_down);
    }
  g_clear_pointer (&self->messages, sippush_messages_free);
  g_clear_pointer (&self->invites, sippush_invites_free);
  g_clear_pointer (&self->msrp, sippush_msrp_hub_free);
  g_clear_pointer (&self->registration, sippush_registration_free);
  /* The REFERs first: they point into the subscriptions. */
  g_clear_pointer (&self->refers, sippush_refers_free);
  g_clear_pointer (&self->subscriptions, sippush_subscriptions_free);
  g_clear_pointer (&self->shared.repeats, sippush_repeats_free);
  /* Before nua_destroy(): it closes the listening descriptors the governor swaps. */
  g_clear_pointer (&self->governor, sippush_sip_governor_free);
  g_clear_pointer (&self->overload, sippush_overload_free);
  g_clear_pointer (&self->watches, sippush_watches_free);
  if (self->shared.nua)
    nua_destroy (self->shared.nua);
  sippush_tls_free (self->tls);
  g_free (self->bind_uri);
  if (self->root)
    {
      /* The GSource is borrowed from the root: detach it, never unref it. */
      g_source_destroy (su_glib_root_gsource (self->root));
      su_root_destroy (self->root);
    }
  g_free (self);
}
