/* receiver-properties.c — SipPushReceiver's configuration: its properties, their
 * defaults and limits, and their documentation. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "receiver-object.h"

#include "core/backoff.h"

enum
{
  PROP_0,
  PROP_AOR,
  PROP_BIND_URI,
  PROP_REGISTRAR,
  PROP_PROXY,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_EXPIRES,
  PROP_DELIVERY_TIMEOUT,
  PROP_MAX_PENDING_DELIVERIES,
  PROP_MAX_MESSAGE_SIZE,
  PROP_IDLE_TIMEOUT,
  PROP_RETRY_INTERVAL_MIN,
  PROP_RETRY_INTERVAL_MAX,
  PROP_FILE_DIRECTORY,
  PROP_MSRP_BIND,
  PROP_MAX_FILE_SIZE,
  PROP_MAX_SESSIONS,
  PROP_MAX_MSRP_CONNECTIONS,
  PROP_MSRP_IDLE_TIMEOUT,
  PROP_SESSION_EXPIRES,
  PROP_MSRP_CONNECT_OUT,
  PROP_HASH_FILES,
  /* subscriptions and REFER */
  PROP_SUBSCRIBE,
  PROP_SUBSCRIBE_URI,
  PROP_SUBSCRIBE_EXPIRES,
  PROP_PREFERRED_IDENTITY,
  PROP_DEVICE_VENDOR,
  PROP_DEVICE_MODEL,
  PROP_DEVICE_VERSION,
  PROP_DEVICE_UAPROF,
  PROP_ACCEPT_REFERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sippush_receiver_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  SipPushReceiver *self = SIPPUSH_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_AOR:
      g_free (self->aor);
      self->aor = g_value_dup_string (value);
      break;
    case PROP_BIND_URI:
      g_free (self->bind_uri);
      self->bind_uri = g_value_dup_string (value);
      if (self->bind_uri == NULL)
        self->bind_uri = g_strdup (DEFAULT_BIND_URI);
      break;
    case PROP_REGISTRAR:
      g_free (self->registrar);
      self->registrar = g_value_dup_string (value);
      break;
    case PROP_PROXY:
      g_free (self->proxy);
      self->proxy = g_value_dup_string (value);
      break;
    case PROP_USERNAME:
      g_free (self->username);
      self->username = g_value_dup_string (value);
      break;
    case PROP_PASSWORD:
      g_free (self->password);
      self->password = g_value_dup_string (value);
      break;
    case PROP_EXPIRES:
      self->expires = g_value_get_uint (value);
      break;
    case PROP_DELIVERY_TIMEOUT:
      self->delivery_timeout = g_value_get_uint (value);
      break;
    case PROP_MAX_PENDING_DELIVERIES:
      self->max_pending = g_value_get_uint (value);
      break;
    case PROP_MAX_MESSAGE_SIZE:
      self->max_message_size = g_value_get_uint (value);
      break;
    case PROP_IDLE_TIMEOUT:
      self->idle_timeout = g_value_get_uint (value);
      break;
    case PROP_RETRY_INTERVAL_MIN:
      self->retry_min = g_value_get_uint (value);
      break;
    case PROP_RETRY_INTERVAL_MAX:
      self->retry_max = g_value_get_uint (value);
      break;
    case PROP_FILE_DIRECTORY:
      g_free (self->file_directory);
      self->file_directory = g_value_dup_string (value);
      break;
    case PROP_MSRP_BIND:
      g_free (self->msrp_bind);
      self->msrp_bind = g_value_dup_string (value);
      break;
    case PROP_MAX_FILE_SIZE:
      self->max_file_size = g_value_get_uint64 (value);
      break;
    case PROP_MAX_SESSIONS:
      self->max_sessions = g_value_get_uint (value);
      break;
    case PROP_MAX_MSRP_CONNECTIONS:
      self->max_msrp_connections = g_value_get_uint (value);
      break;
    case PROP_MSRP_IDLE_TIMEOUT:
      self->msrp_idle_timeout = g_value_get_uint (value);
      break;
    case PROP_SESSION_EXPIRES:
      self->session_expires = g_value_get_uint (value);
      break;
    case PROP_MSRP_CONNECT_OUT:
      self->msrp_connect_out = g_value_get_boolean (value);
      break;
    case PROP_HASH_FILES:
      self->hash_files = g_value_get_boolean (value);
      break;
    /* subscriptions and REFER */
    case PROP_SUBSCRIBE:
      self->subscribe = g_value_get_boolean (value);
      break;
    case PROP_SUBSCRIBE_URI:
      g_free (self->subscribe_uri);
      self->subscribe_uri = g_value_dup_string (value);
      break;
    case PROP_SUBSCRIBE_EXPIRES:
      self->subscribe_expires = g_value_get_uint (value);
      break;
    case PROP_PREFERRED_IDENTITY:
      g_free (self->preferred_identity);
      self->preferred_identity = g_value_dup_string (value);
      break;
    case PROP_DEVICE_VENDOR:
      g_free (self->device_vendor);
      self->device_vendor = g_value_dup_string (value);
      break;
    case PROP_DEVICE_MODEL:
      g_free (self->device_model);
      self->device_model = g_value_dup_string (value);
      break;
    case PROP_DEVICE_VERSION:
      g_free (self->device_version);
      self->device_version = g_value_dup_string (value);
      break;
    case PROP_DEVICE_UAPROF:
      g_free (self->device_uaprof);
      self->device_uaprof = g_value_dup_string (value);
      break;
    case PROP_ACCEPT_REFERS:
      self->accept_refers = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sippush_receiver_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SipPushReceiver *self = SIPPUSH_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_AOR:
      g_value_set_string (value, self->aor);
      break;
    case PROP_BIND_URI:
      g_value_set_string (value, self->bind_uri);
      break;
    case PROP_REGISTRAR:
      g_value_set_string (value, self->registrar);
      break;
    case PROP_PROXY:
      g_value_set_string (value, self->proxy);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_PASSWORD:
      g_value_set_string (value, self->password);
      break;
    case PROP_EXPIRES:
      g_value_set_uint (value, self->expires);
      break;
    case PROP_DELIVERY_TIMEOUT:
      g_value_set_uint (value, self->delivery_timeout);
      break;
    case PROP_MAX_PENDING_DELIVERIES:
      g_value_set_uint (value, self->max_pending);
      break;
    case PROP_MAX_MESSAGE_SIZE:
      g_value_set_uint (value, self->max_message_size);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    case PROP_RETRY_INTERVAL_MIN:
      g_value_set_uint (value, self->retry_min);
      break;
    case PROP_RETRY_INTERVAL_MAX:
      g_value_set_uint (value, self->retry_max);
      break;
    case PROP_FILE_DIRECTORY:
      g_value_set_string (value, self->file_directory);
      break;
    case PROP_MSRP_BIND:
      g_value_set_string (value, self->msrp_bind);
      break;
    case PROP_MAX_FILE_SIZE:
      g_value_set_uint64 (value, self->max_file_size);
      break;
    case PROP_MAX_SESSIONS:
      g_value_set_uint (value, self->max_sessions);
      break;
    case PROP_MAX_MSRP_CONNECTIONS:
      g_value_set_uint (value, self->max_msrp_connections);
      break;
    case PROP_MSRP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->msrp_idle_timeout);
      break;
    case PROP_SESSION_EXPIRES:
      g_value_set_uint (value, self->session_expires);
      break;
    case PROP_MSRP_CONNECT_OUT:
      g_value_set_boolean (value, self->msrp_connect_out);
      break;
    case PROP_HASH_FILES:
      g_value_set_boolean (value, self->hash_files);
      break;
    /* subscriptions and REFER */
    case PROP_SUBSCRIBE:
      g_value_set_boolean (value, self->subscribe);
      break;
    case PROP_SUBSCRIBE_URI:
      g_value_set_string (value, self->subscribe_uri);
      break;
    case PROP_SUBSCRIBE_EXPIRES:
      g_value_set_uint (value, self->subscribe_expires);
      break;
    case PROP_PREFERRED_IDENTITY:
      g_value_set_string (value, self->preferred_identity);
      break;
    case PROP_DEVICE_VENDOR:
      g_value_set_string (value, self->device_vendor);
      break;
    case PROP_DEVICE_MODEL:
      g_value_set_string (value, self->device_model);
      break;
    case PROP_DEVICE_VERSION:
      g_value_set_string (value, self->device_version);
      break;
    case PROP_DEVICE_UAPROF:
      g_value_set_string (value, self->device_uaprof);
      break;
    case PROP_ACCEPT_REFERS:
      g_value_set_boolean (value, self->accept_refers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name, const char *blurb, GParamFlags extra)
{
  return g_param_spec_string (name, NULL, blurb, NULL,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | extra);
}

static GParamSpec *
uint_property (const char *name, const char *blurb, guint min, guint max, guint def)
{
  return g_param_spec_uint (name, NULL, blurb, min, max, def,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_CONSTRUCT);
}

void
sippush_receiver_install_properties (GObjectClass *object_class)
{
  object_class->set_property = sippush_receiver_set_property;
  object_class->get_property = sippush_receiver_get_property;

  /**
   * SipPushReceiver:aor:
   *
   * The user's address of record: From and To of the REGISTER.
   */
  properties[PROP_AOR] = string_property ("aor", "Address of record", G_PARAM_CONSTRUCT_ONLY);
  /**
   * SipPushReceiver:bind-uri:
   *
   * Where to listen for SIP, UDP and TCP on the same port (default `sip:0.0.0.0:5060`).
   * Read when the receiver starts.
   */
  properties[PROP_BIND_URI]
      = g_param_spec_string ("bind-uri", NULL, "SIP listen URI", DEFAULT_BIND_URI,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_CONSTRUCT);
  /**
   * SipPushReceiver:registrar:
   *
   * The registrar's URI (`sip:ims.example.org;transport=tcp`); %NULL (default) means the
   * receiver does not REGISTER. Read when the receiver starts.
   */
  properties[PROP_REGISTRAR] = string_property ("registrar", "Registrar URI", 0);
  /**
   * SipPushReceiver:proxy:
   *
   * An outbound proxy every request is sent through, or %NULL.
   */
  properties[PROP_PROXY] = string_property ("proxy", "Outbound proxy URI", 0);
  /**
   * SipPushReceiver:username:
   *
   * The digest user name answering 401/407 challenges.
   */
  properties[PROP_USERNAME] = string_property ("username", "Digest user name", 0);
  /**
   * SipPushReceiver:password:
   *
   * The digest password.
   */
  properties[PROP_PASSWORD] = string_property ("password", "Digest password", 0);
  /**
   * SipPushReceiver:expires:
   *
   * The registration expiry to ask for, in seconds. The stack refreshes at half the
   * granted time and follows 423 Min-Expires by itself.
   */
  properties[PROP_EXPIRES] = uint_property ("expires", "Requested registration expiry (s)", 1,
                                            G_MAXINT32, DEFAULT_EXPIRES);
  /**
   * SipPushReceiver:delivery-timeout:
   *
   * Seconds an application has to answer a MESSAGE delivery before the receiver answers
   * `500` for it.
   */
  properties[PROP_DELIVERY_TIMEOUT] = uint_property (
      "delivery-timeout", "Seconds to answer a delivery", 1, 3600, DEFAULT_DELIVERY_TIMEOUT_S);
  /**
   * SipPushReceiver:max-pending-deliveries:
   *
   * How many deliveries may wait for their applications at once; more are refused `503`
   * with Retry-After (R-SEC-2).
   */
  properties[PROP_MAX_PENDING_DELIVERIES] = uint_property (
      "max-pending-deliveries", "Deliveries waiting at most", 1, 1u << 20, DEFAULT_MAX_PENDING);
  /**
   * SipPushReceiver:max-message-size:
   *
   * The largest SIP message accepted, headers and body, in bytes (at least 65536, the
   * largest UDP datagram); larger ones over TCP are refused `413` before they reach an
   * application (R-SEC-2). Read when the receiver starts.
   */
  properties[PROP_MAX_MESSAGE_SIZE]
      = uint_property ("max-message-size", "Largest SIP message (bytes)", MIN_MAX_MESSAGE_SIZE,
                       64u << 20, DEFAULT_MAX_MESSAGE_SIZE);
  /**
   * SipPushReceiver:idle-timeout:
   *
   * Seconds after which a TCP connection that carries nothing is closed; a SIP message
   * begun on one must be complete within this time (32 s at most) or the connection is
   * dropped (R-SEC-2). Read when the receiver starts.
   */
  properties[PROP_IDLE_TIMEOUT]
      = uint_property ("idle-timeout", "TCP idle timeout (s)", 1, 86400, DEFAULT_IDLE_TIMEOUT_S);
  /**
   * SipPushReceiver:retry-interval-min:
   *
   * Seconds before the first retry of a failed REGISTER; the wait doubles per failure
   * (with jitter) up to #SipPushReceiver:retry-interval-max. A Retry-After from the
   * registrar replaces it.
   */
  properties[PROP_RETRY_INTERVAL_MIN] = uint_property (
      "retry-interval-min", "First retry delay (s)", 1, 86400, SIPPUSH_BACKOFF_MIN_S);
  /**
   * SipPushReceiver:retry-interval-max:
   *
   * The longest wait between REGISTER retries, in seconds.
   */
  properties[PROP_RETRY_INTERVAL_MAX] = uint_property (
      "retry-interval-max", "Longest retry delay (s)", 1, 86400, SIPPUSH_BACKOFF_MAX_S);
  /**
   * SipPushReceiver:file-directory:
   *
   * Where files pushed over MSRP are stored when the application has no file handler or
   * its handler accepts without naming a directory. %NULL (default): such files are
   * refused.
   */
  properties[PROP_FILE_DIRECTORY]
      = g_param_spec_string ("file-directory", NULL, "Directory for pushed files", NULL,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * SipPushReceiver:msrp-bind:
   *
   * Where to listen for MSRP over TCP, `HOST:PORT` (`[v6]:PORT` for IPv6; port 0 picks
   * a free one). %NULL (default): the #SipPushReceiver:bind-uri host, port 0. Read when
   * the receiver starts.
   */
  properties[PROP_MSRP_BIND] = string_property ("msrp-bind", "MSRP listen address", 0);
  /**
   * SipPushReceiver:max-file-size:
   *
   * The largest MSRP message taken, in bytes (0, the default, means no limit). It is
   * advertised as `a=max-size`, offers of larger files are refused and larger messages
   * are answered `413` (R-SEC-2).
   */
  properties[PROP_MAX_FILE_SIZE]
      = g_param_spec_uint64 ("max-file-size", NULL, "Largest MSRP message (bytes)", 0, G_MAXUINT64,
                             0, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * SipPushReceiver:max-sessions:
   *
   * How many INVITE sessions may be open at once; more are refused `486` (R-INV-2).
   */
  properties[PROP_MAX_SESSIONS] = uint_property ("max-sessions", "Concurrent INVITE sessions", 1,
                                                 100000, DEFAULT_MAX_SESSIONS);
  /**
   * SipPushReceiver:max-msrp-connections:
   *
   * How many MSRP connections may be open at once; more are closed at once (R-SEC-2).
   * Read when the receiver starts.
   */
  properties[PROP_MAX_MSRP_CONNECTIONS]
      = uint_property ("max-msrp-connections", "Concurrent MSRP connections", 1, 100000,
                       DEFAULT_MAX_MSRP_CONNECTIONS);
  /**
   * SipPushReceiver:msrp-idle-timeout:
   *
   * Seconds an MSRP connection may go without a valid SEND before it is closed (R-SEC-2).
   * Read when the receiver starts.
   */
  properties[PROP_MSRP_IDLE_TIMEOUT] = uint_property ("msrp-idle-timeout", "MSRP idle timeout (s)",
                                                      1, 86400, DEFAULT_MSRP_IDLE_TIMEOUT_S);
  /**
   * SipPushReceiver:session-expires:
   *
   * The session-timer interval (RFC 4028) put in the 200 OK to an INVITE, in seconds;
   * the sender refreshes, and a session not refreshed in time is torn down (R-INV-6).
   */
  properties[PROP_SESSION_EXPIRES] = uint_property ("session-expires", "Session-Expires (s)", 90,
                                                    86400, DEFAULT_SESSION_EXPIRES_S);
  /**
   * SipPushReceiver:msrp-connect-out:
   *
   * Whether to open the MSRP connection ourselves when an offer leaves the choice to us
   * (`a=setup:actpass`, RFC 6135), e.g. behind a NAT. Offers with `a=setup:passive` are
   * always connected out; offers without `a=setup` never are.
   */
  /**
   * SipPushReceiver:hash-files:
   *
   * Whether the SHA-1 of every received file is computed (sippush_delivery_get_sha1()),
   * default %TRUE. With %FALSE a file whose offer announced no hash is not hashed and its
   * delivery has no SHA-1; announced hashes are always checked (R-MSRP-5).
   */
  properties[PROP_HASH_FILES]
      = g_param_spec_boolean ("hash-files", NULL, "SHA-1 of every file", TRUE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_CONSTRUCT);
  properties[PROP_MSRP_CONNECT_OUT]
      = g_param_spec_boolean ("msrp-connect-out", NULL, "Connect out for actpass offers", FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /* ---- subscriptions and REFER (R-SUB-*, R-REF-*) ---- */
  /**
   * SipPushReceiver:subscribe:
   *
   * Whether the receiver subscribes to push events (R-SUB-1): after the first successful
   * REGISTER, or at start when no registrar is set, it SUBSCRIBEs to
   * #SipPushReceiver:subscribe-uri with `Event: ua-profile;profile-type=oma-app;
   * event-app-id="<the ARIs of the added applications>"` (plus the device parameters
   * when configured), an Accept listing the content types the applications take, the
   * expiry #SipPushReceiver:subscribe-expires and #SipPushReceiver:preferred-identity.
   * The stack refreshes at half the granted time; a changed application set ends the
   * subscription and makes it anew with the new list. Failures and terminations are
   * signalled (#SipPushReceiver::subscription-failed,
   * #SipPushReceiver::subscription-terminated); 408, 480, 5xx and timeouts are retried
   * with the registration's back-off, `reason=timeout` re-subscribes at once,
   * `deactivated` and `probation` are re-subscribed by the stack itself, `rejected`,
   * `noresource`, `giveup` and refusals such as 489 or 403 end it for good. Stopping the
   * receiver un-SUBSCRIBEs (`Expires: 0`). Read when the receiver starts.
   */
  properties[PROP_SUBSCRIBE]
      = g_param_spec_boolean ("subscribe", NULL, "Subscribe to push events", FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * SipPushReceiver:subscribe-uri:
   *
   * The Request-URI (and To) of the push subscription: a Push Sender's URI, or %NULL
   * (default) for the user's own #SipPushReceiver:aor (seed 9.2.1.1 item 1).
   */
  properties[PROP_SUBSCRIBE_URI] = string_property ("subscribe-uri", "Subscription URI", 0);
  /**
   * SipPushReceiver:subscribe-expires:
   *
   * The subscription expiry to ask for, in seconds (R-SUB-2).
   */
  properties[PROP_SUBSCRIBE_EXPIRES] = uint_property (
      "subscribe-expires", "Requested subscription expiry (s)", 1, G_MAXINT32, DEFAULT_EXPIRES);
  /**
   * SipPushReceiver:preferred-identity:
   *
   * A SIP URI sent as `P-Preferred-Identity` in the SUBSCRIBE (R-SUB-2), or %NULL.
   */
  properties[PROP_PREFERRED_IDENTITY]
      = string_property ("preferred-identity", "P-Preferred-Identity URI", 0);
  /**
   * SipPushReceiver:device-vendor:
   *
   * The `vendor` Event parameter of the subscription (RFC 6080), or %NULL.
   */
  properties[PROP_DEVICE_VENDOR] = string_property ("device-vendor", "Device vendor", 0);
  /**
   * SipPushReceiver:device-model:
   *
   * The `model` Event parameter, or %NULL.
   */
  properties[PROP_DEVICE_MODEL] = string_property ("device-model", "Device model", 0);
  /**
   * SipPushReceiver:device-version:
   *
   * The `version` Event parameter, or %NULL.
   */
  properties[PROP_DEVICE_VERSION] = string_property ("device-version", "Device version", 0);
  /**
   * SipPushReceiver:device-uaprof:
   *
   * The device's UAProf link; when set it is sent as the `model` Event parameter (seed
   * 9.2.1.1 item 2) in place of #SipPushReceiver:device-model.
   */
  properties[PROP_DEVICE_UAPROF] = string_property ("device-uaprof", "UAProf URL", 0);
  /**
   * SipPushReceiver:accept-refers:
   *
   * The decision for REFERs asking the device to subscribe when no hook is set with
   * sippush_receiver_set_refer_func(): %TRUE (default) answers `202` and subscribes,
   * %FALSE answers `603 Decline` (R-REF-1).
   */
  properties[PROP_ACCEPT_REFERS]
      = g_param_spec_boolean ("accept-refers", NULL, "Follow REFERs to subscribe", TRUE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_CONSTRUCT);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}
