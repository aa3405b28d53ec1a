/* receiver-properties.c — SipPushReceiver's configuration: one table of its settings
 * (type, field, limits, check, documentation) behind both its GObject properties and its
 * typed accessors (receiver-settings.c). SPDX-License-Identifier: LGPL-2.1-or-later */
#include "receiver-object.h"

#include "core/backoff.h"
#include "receiver-settings-private.h"
#include "sip/event-header.h"
#include "sip/uri.h"

typedef enum
{
  KIND_STRING,
  KIND_UINT,
  KIND_UINT64,
  KIND_BOOLEAN,
} Kind;

typedef enum
{
  CHECK_NONE,
  CHECK_SIP_URI,      /* a sip: or sips: URI (NULL allowed) */
  CHECK_BIND_URI,     /* the same with a port; NULL = the default */
  CHECK_DEVICE_PARAM, /* fits a quoted Event parameter (NULL allowed) */
} Check;

typedef struct
{
  const char *name;
  const char *blurb; /* also the setting's name in error messages */
  Kind kind;
  gsize offset; /* of the field in SipPushReceiver */
  Check check;
  /* Read at run time, so it may change on a running receiver; every other setting is
   * read when the receiver starts and is fixed while it runs. */
  gboolean live;
  gboolean construct_only;
  guint64 min, max, def; /* numbers and booleans */
  const char *def_str;
} Setting;

#define FIELD(f) G_STRUCT_OFFSET (SipPushReceiver, f)
#define STRING(n, b, f, c)                                                                         \
  .name = n, .blurb = b, .kind = KIND_STRING, .offset = FIELD (f), .check = c
#define UINT(n, b, f, lo, hi, d)                                                                   \
  .name = n, .blurb = b, .kind = KIND_UINT, .offset = FIELD (f), .min = lo, .max = hi, .def = d
#define BOOLEAN(n, b, f, d)                                                                        \
  .name = n, .blurb = b, .kind = KIND_BOOLEAN, .offset = FIELD (f), .max = TRUE, .def = d

static const Setting settings[N_SETTINGS] = {
  /**
   * SipPushReceiver:aor: (getter get_aor)
   *
   * The user's address of record: From and To of the REGISTER. Set at construction
   * (sippush_receiver_new()).
   */
  [SETTING_AOR]
  = { STRING ("aor", "Address of record", aor, CHECK_SIP_URI), .construct_only = TRUE },
  /**
   * SipPushReceiver:bind-uri: (getter get_bind_uri)
   *
   * Where to listen for SIP, UDP and TCP on the same port (default `sip:0.0.0.0:5060`).
   */
  [SETTING_BIND_URI] = { STRING ("bind-uri", "SIP listen URI", bind_uri, CHECK_BIND_URI),
                         .def_str = DEFAULT_BIND_URI },
  /**
   * SipPushReceiver:registrar: (getter get_registrar)
   *
   * The registrar's URI (`sip:ims.example.org;transport=tcp`); %NULL (default) means the
   * receiver does not REGISTER.
   */
  [SETTING_REGISTRAR] = { STRING ("registrar", "Registrar URI", registrar, CHECK_SIP_URI) },
  /**
   * SipPushReceiver:proxy: (getter get_proxy)
   *
   * An outbound proxy every request is sent through, or %NULL.
   */
  [SETTING_PROXY] = { STRING ("proxy", "Outbound proxy URI", proxy, CHECK_SIP_URI) },
  /**
   * SipPushReceiver:username: (getter get_username)
   *
   * The digest user name answering 401/407 challenges.
   */
  [SETTING_USERNAME] = { STRING ("username", "Digest user name", username, CHECK_NONE) },
  /**
   * SipPushReceiver:password: (getter get_password)
   *
   * The digest password.
   */
  [SETTING_PASSWORD] = { STRING ("password", "Digest password", password, CHECK_NONE) },
  /**
   * SipPushReceiver:expires: (getter get_expires)
   *
   * The registration expiry to ask for, in seconds (1 to 2147483647). The stack
   * refreshes at half the granted time and follows 423 Min-Expires by itself.
   */
  [SETTING_EXPIRES] = { UINT ("expires", "Requested registration expiry (s)", expires, 1,
                              G_MAXINT32, DEFAULT_EXPIRES) },
  /**
   * SipPushReceiver:delivery-timeout: (getter get_delivery_timeout)
   *
   * Seconds (1 to 3600) an application has to answer a MESSAGE delivery before the
   * receiver answers `500` for it.
   */
  [SETTING_DELIVERY_TIMEOUT] = { UINT ("delivery-timeout", "Seconds to answer a delivery",
                                       delivery_timeout, 1, 3600, DEFAULT_DELIVERY_TIMEOUT_S) },
  /**
   * SipPushReceiver:max-pending-deliveries: (getter get_max_pending_deliveries)
   *
   * How many deliveries (1 to 1048576) may wait for their applications at once; more are
   * refused `503` with Retry-After (R-SEC-2).
   */
  [SETTING_MAX_PENDING_DELIVERIES] = { UINT ("max-pending-deliveries", "Deliveries waiting at most",
                                             max_pending, 1, 1u << 20, DEFAULT_MAX_PENDING) },
  /**
   * SipPushReceiver:max-message-size: (getter get_max_message_size)
   *
   * The largest SIP message accepted, headers and body, in bytes (65536, the largest UDP
   * datagram, to 64 MiB); larger ones over TCP are refused `413` before they reach an
   * application (R-SEC-2).
   */
  [SETTING_MAX_MESSAGE_SIZE]
  = { UINT ("max-message-size", "Largest SIP message (bytes)", max_message_size,
            MIN_MAX_MESSAGE_SIZE, 64u << 20, DEFAULT_MAX_MESSAGE_SIZE) },
  /**
   * SipPushReceiver:idle-timeout: (getter get_idle_timeout)
   *
   * Seconds (1 to 86400) after which a SIP connection over TCP that carries nothing is
   * closed, also one that never sent a byte (R-SEC-4). A message begun on it has
   * #SipPushReceiver:sip-message-timeout to complete.
   */
  [SETTING_IDLE_TIMEOUT] = { UINT ("idle-timeout", "TCP idle timeout (s)", idle_timeout, 1, 86400,
                                   DEFAULT_IDLE_TIMEOUT_S) },
  /**
   * SipPushReceiver:sip-message-timeout: (getter get_sip_message_timeout)
   *
   * Seconds (1 to 3600) a SIP message begun on a TCP connection has to arrive whole, however
   * slowly its bytes trickle; then the connection is closed (R-SEC-4).
   */
  [SETTING_SIP_MESSAGE_TIMEOUT]
  = { UINT ("sip-message-timeout", "Time to complete a SIP message (s)", sip_message_timeout, 1,
            3600, DEFAULT_SIP_MESSAGE_TIMEOUT_S) },
  /**
   * SipPushReceiver:max-sip-connections: (getter get_max_sip_connections)
   *
   * How many SIP connections over TCP (1 to 100000) may be open at once, accepted or
   * opened by the receiver. At the limit the connection idle the longest is closed for a
   * new one; when none is idle, accepting waits. Accepting also waits while fewer than 64
   * descriptors are left under the process limit, so that the inbox and the MSRP listener
   * never run out (R-SEC-4).
   */
  [SETTING_MAX_SIP_CONNECTIONS]
  = { UINT ("max-sip-connections", "Concurrent SIP connections", max_sip_connections, 1, 100000,
            DEFAULT_MAX_SIP_CONNECTIONS) },
  /**
   * SipPushReceiver:max-sip-connections-per-source: (getter get_max_sip_connections_per_source)
   *
   * How many SIP connections over TCP (1 to 100000) one IP address may hold; a new one over
   * the limit replaces that address's connection idle the longest, or is closed when none
   * is idle (R-SEC-4).
   */
  [SETTING_MAX_SIP_CONNECTIONS_PER_SOURCE]
  = { UINT ("max-sip-connections-per-source", "SIP connections per source address",
            max_sip_connections_per_source, 1, 100000, DEFAULT_MAX_SIP_CONNECTIONS_PER_SOURCE) },
  /**
   * SipPushReceiver:max-sip-buffered: (getter get_max_sip_buffered)
   *
   * How many bytes of begun, incomplete SIP messages (65536 to 1 GiB) all TCP connections
   * together may hold; over it the connections holding the most are closed. One
   * connection holds at most #SipPushReceiver:max-message-size (R-SEC-4).
   */
  [SETTING_MAX_SIP_BUFFERED]
  = { UINT ("max-sip-buffered", "Bytes of begun SIP messages held", max_sip_buffered, 65536,
            1u << 30, DEFAULT_MAX_SIP_BUFFERED) },
  /**
   * SipPushReceiver:sip-transaction-lifetime: (getter get_sip_transaction_lifetime)
   *
   * Seconds (1 to 32) a SIP transaction is kept after its final response while the
   * receiver is under load (more than 100 requests a second, until 40 s below that):
   * sofia's 64 × T1, which is also the longest wait for an answer to a request the
   * receiver sends. Without load RFC 3261's 32 s apply. Each kept transaction costs about
   * 11 KB over UDP, so this bounds memory under a flood (R-SEC-4): above 500 requests a
   * second it is shortened to keep about 1000 transactions (200 ms at 5000/s, not below
   * 100 ms). It is also how long a 200 to an INVITE waits for its ACK before the session is
   * ended. While loaded, a retransmission that comes later than this after a lost final
   * response is a new request to sofia; a push acknowledged in the last 32 s is recognised
   * and answered again without a second delivery.
   */
  [SETTING_SIP_TRANSACTION_LIFETIME]
  = { UINT ("sip-transaction-lifetime", "SIP transaction lifetime (s)", sip_transaction_lifetime, 1,
            32, DEFAULT_SIP_TRANSACTION_LIFETIME_S) },
  /**
   * SipPushReceiver:retry-interval-min: (getter get_retry_interval_min)
   *
   * Seconds (1 to 86400) before the first retry of a failed REGISTER or SUBSCRIBE; the
   * wait doubles per failure (with jitter) up to #SipPushReceiver:retry-interval-max. A
   * Retry-After from the registrar replaces it.
   */
  [SETTING_RETRY_INTERVAL_MIN] = { UINT ("retry-interval-min", "First retry delay (s)", retry_min,
                                         1, 86400, SIPPUSH_BACKOFF_MIN_S) },
  /**
   * SipPushReceiver:retry-interval-max: (getter get_retry_interval_max)
   *
   * The longest wait between retries, in seconds (1 to 86400).
   */
  [SETTING_RETRY_INTERVAL_MAX] = { UINT ("retry-interval-max", "Longest retry delay (s)", retry_max,
                                         1, 86400, SIPPUSH_BACKOFF_MAX_S) },
  /**
   * SipPushReceiver:file-directory: (getter get_file_directory)
   *
   * Where files pushed over MSRP are stored when the application has no file handler or
   * its handler accepts without naming a directory. %NULL (default): such files are
   * refused.
   */
  [SETTING_FILE_DIRECTORY]
  = { STRING ("file-directory", "Directory for pushed files", file_directory, CHECK_NONE) },
  /**
   * SipPushReceiver:msrp-bind: (getter get_msrp_bind)
   *
   * Where to listen for MSRP over TCP, `HOST:PORT` (`[v6]:PORT` for IPv6; port 0 picks
   * a free one). HOST must be an IP address, not a name. %NULL (default): the
   * #SipPushReceiver:bind-uri host, port 0, so a bind URI with a host name needs this
   * set (to the address the name stands for). Checked when the receiver starts
   * (%SIPPUSH_ERROR_BIND).
   */
  [SETTING_MSRP_BIND] = { STRING ("msrp-bind", "MSRP listen address", msrp_bind, CHECK_NONE) },
  /**
   * SipPushReceiver:msrp-relay: (getter get_msrp_relay)
   *
   * The receiver's own MSRP relay (RFC 4976), `msrp://HOST:PORT`, for a receiver behind a
   * NAT or a firewall: it connects there, sends `AUTH` (answering a digest challenge with
   * #SipPushReceiver:username and #SipPushReceiver:password, the same credentials as for
   * the registrar), advertises the relay's `Use-Path` before its own URI in every `a=path`
   * and refreshes it before it expires; files then arrive over that connection. An INVITE
   * that comes before the relay has granted a path is refused `503`. `msrps:` is refused
   * (MSRP over TLS is not supported yet). %NULL (default): no relay. Checked when the
   * receiver starts (%SIPPUSH_ERROR_BIND).
   */
  [SETTING_MSRP_RELAY] = { STRING ("msrp-relay", "Own MSRP relay URI", msrp_relay, CHECK_NONE) },
  /**
   * SipPushReceiver:max-file-size: (getter get_max_file_size)
   *
   * The largest MSRP message taken, in bytes (0, the default, means no limit). It is
   * advertised as `a=max-size`, offers of larger files are refused and larger messages
   * are answered `413` (R-SEC-2).
   */
  [SETTING_MAX_FILE_SIZE] = { .name = "max-file-size",
                              .blurb = "Largest MSRP message (bytes)",
                              .kind = KIND_UINT64,
                              .offset = FIELD (max_file_size),
                              .max = G_MAXUINT64 },
  /**
   * SipPushReceiver:max-sessions: (getter get_max_sessions)
   *
   * How many INVITE sessions (1 to 100000) may be open at once; more are refused `486`
   * (R-INV-2).
   */
  [SETTING_MAX_SESSIONS] = { UINT ("max-sessions", "Concurrent INVITE sessions", max_sessions, 1,
                                   100000, DEFAULT_MAX_SESSIONS) },
  /**
   * SipPushReceiver:max-msrp-connections: (getter get_max_msrp_connections)
   *
   * How many MSRP connections (1 to 100000) may be open at once. At the limit the oldest
   * connection that has not yet named a live session
   * (#SipPushReceiver:msrp-bind-timeout) is closed to make room; when every connection
   * carries a session, a new one is closed at once (R-SEC-2, R-SEC-4).
   */
  [SETTING_MAX_MSRP_CONNECTIONS]
  = { UINT ("max-msrp-connections", "Concurrent MSRP connections", max_msrp_connections, 1, 100000,
            DEFAULT_MAX_MSRP_CONNECTIONS) },
  /**
   * SipPushReceiver:msrp-idle-timeout: (getter get_msrp_idle_timeout)
   *
   * Seconds (1 to 86400) an MSRP connection may go without a valid SEND before it is
   * closed (R-SEC-2).
   */
  [SETTING_MSRP_IDLE_TIMEOUT] = { UINT ("msrp-idle-timeout", "MSRP idle timeout (s)",
                                        msrp_idle_timeout, 1, 86400, DEFAULT_MSRP_IDLE_TIMEOUT_S) },
  /**
   * SipPushReceiver:msrp-bind-timeout: (getter get_msrp_bind_timeout)
   *
   * Seconds (1 to 3600) an accepted MSRP connection has, from its opening, to send a SEND
   * that names a live session; then it is closed, whatever else it sent (R-SEC-4).
   */
  [SETTING_MSRP_BIND_TIMEOUT]
  = { UINT ("msrp-bind-timeout", "Time for an MSRP connection to name a session (s)",
            msrp_bind_timeout, 1, 3600, DEFAULT_MSRP_BIND_TIMEOUT_S) },
  /**
   * SipPushReceiver:msrp-connect-timeout: (getter get_msrp_connect_timeout)
   *
   * Seconds (1 to 86400) the sender of an accepted file has, from the 200 OK, to begin
   * sending it; then the file fails (#SipPushReceiver::transfer-failed) and its `m=` line
   * is closed: by BYE when it was the dialog's last live one (R-SEC-4).
   */
  [SETTING_MSRP_CONNECT_TIMEOUT]
  = { UINT ("msrp-connect-timeout", "Time for a sender to begin a file (s)", msrp_connect_timeout,
            1, 86400, DEFAULT_MSRP_CONNECT_TIMEOUT_S) },
  /**
   * SipPushReceiver:msrp-stall-timeout: (getter get_msrp_stall_timeout)
   *
   * Seconds (1 to 86400) a file in progress may go without a byte of it arriving; then it
   * fails and its `m=` line is closed as with #SipPushReceiver:msrp-connect-timeout
   * (R-SEC-4).
   */
  [SETTING_MSRP_STALL_TIMEOUT]
  = { UINT ("msrp-stall-timeout", "Time a file in progress may stall (s)", msrp_stall_timeout, 1,
            86400, DEFAULT_MSRP_STALL_TIMEOUT_S) },
  /**
   * SipPushReceiver:session-expires: (getter get_session_expires)
   *
   * The session-timer interval (RFC 4028) put in the 200 OK to an INVITE, in seconds (90
   * to 86400); the sender refreshes, and a session not refreshed in time is torn down
   * (R-INV-6).
   */
  [SETTING_SESSION_EXPIRES] = { UINT ("session-expires", "Session-Expires (s)", session_expires, 90,
                                      86400, DEFAULT_SESSION_EXPIRES_S) },
  /**
   * SipPushReceiver:msrp-connect-out: (getter get_msrp_connect_out)
   *
   * Whether to open the MSRP connection ourselves when an offer leaves the choice to us
   * (`a=setup:actpass`, RFC 6135), e.g. behind a NAT. Offers with `a=setup:passive` are
   * always connected out; offers without `a=setup` never are.
   */
  [SETTING_MSRP_CONNECT_OUT]
  = { BOOLEAN ("msrp-connect-out", "Connect out for actpass offers", msrp_connect_out, FALSE) },
  /**
   * SipPushReceiver:hash-files: (getter get_hash_files)
   *
   * Whether the SHA-1 of every received file is computed (sippush_delivery_get_sha1()),
   * default %TRUE. With %FALSE a file whose offer announced no hash is not hashed and its
   * delivery has no SHA-1; announced hashes are always checked (R-MSRP-5).
   */
  [SETTING_HASH_FILES] = { BOOLEAN ("hash-files", "SHA-1 of every file", hash_files, TRUE) },
  /**
   * SipPushReceiver:max-icon-size: (getter get_max_icon_size)
   *
   * The largest file icon (RFC 5547 §9: a body part of a multipart INVITE that an
   * `a=icon:cid:` names) handed to the application, in bytes, 0 to 16 MiB (default 64 KiB).
   * A larger icon is left out; the file itself is still offered (R-INV-7).
   */
  [SETTING_MAX_ICON_SIZE] = { UINT ("max-icon-size", "Largest file icon (bytes)", max_icon_size, 0,
                                    16 * 1024 * 1024, DEFAULT_MAX_ICON_SIZE) },

  /* ---- subscriptions and REFER (R-SUB-*, R-REF-*) ---- */
  /**
   * SipPushReceiver:subscribe: (getter get_subscribe)
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
   * receiver un-SUBSCRIBEs (`Expires: 0`).
   */
  [SETTING_SUBSCRIBE] = { BOOLEAN ("subscribe", "Subscribe to push events", subscribe, FALSE) },
  /**
   * SipPushReceiver:subscribe-uri: (getter get_subscribe_uri)
   *
   * The Request-URI (and To) of the push subscription: a Push Sender's URI, or %NULL
   * (default) for the user's own #SipPushReceiver:aor (seed 9.2.1.1 item 1).
   */
  [SETTING_SUBSCRIBE_URI]
  = { STRING ("subscribe-uri", "Subscription URI", subscribe_uri, CHECK_SIP_URI) },
  /**
   * SipPushReceiver:subscribe-expires: (getter get_subscribe_expires)
   *
   * The subscription expiry to ask for, in seconds (1 to 2147483647) (R-SUB-2).
   */
  [SETTING_SUBSCRIBE_EXPIRES] = { UINT ("subscribe-expires", "Requested subscription expiry (s)",
                                        subscribe_expires, 1, G_MAXINT32, DEFAULT_EXPIRES) },
  /**
   * SipPushReceiver:preferred-identity: (getter get_preferred_identity)
   *
   * A SIP URI sent as `P-Preferred-Identity` in the SUBSCRIBE (R-SUB-2), or %NULL.
   */
  [SETTING_PREFERRED_IDENTITY] = { STRING ("preferred-identity", "P-Preferred-Identity URI",
                                           preferred_identity, CHECK_SIP_URI) },
  /**
   * SipPushReceiver:device-vendor: (getter get_device_vendor)
   *
   * The `vendor` Event parameter of the subscription (RFC 6080), or %NULL.
   */
  [SETTING_DEVICE_VENDOR]
  = { STRING ("device-vendor", "Device vendor", device_vendor, CHECK_DEVICE_PARAM) },
  /**
   * SipPushReceiver:device-model: (getter get_device_model)
   *
   * The `model` Event parameter, or %NULL.
   */
  [SETTING_DEVICE_MODEL]
  = { STRING ("device-model", "Device model", device_model, CHECK_DEVICE_PARAM) },
  /**
   * SipPushReceiver:device-version: (getter get_device_version)
   *
   * The `version` Event parameter, or %NULL.
   */
  [SETTING_DEVICE_VERSION]
  = { STRING ("device-version", "Device version", device_version, CHECK_DEVICE_PARAM) },
  /**
   * SipPushReceiver:device-uaprof: (getter get_device_uaprof)
   *
   * The device's UAProf link; when set it is sent as the `model` Event parameter (seed
   * 9.2.1.1 item 2) in place of #SipPushReceiver:device-model.
   */
  [SETTING_DEVICE_UAPROF]
  = { STRING ("device-uaprof", "UAProf URL", device_uaprof, CHECK_DEVICE_PARAM) },
  /**
   * SipPushReceiver:accept-refers: (getter get_accept_refers) (setter set_accept_refers)
   *
   * The decision for REFERs asking the device to subscribe when no handler of
   * #SipPushReceiver::refer-requested decides: %TRUE (default) answers `202` and subscribes,
   * %FALSE answers `603 Decline` (R-REF-1). Unlike the other settings it may change while
   * the receiver runs: the next REFER gets the new answer.
   */
  [SETTING_ACCEPT_REFERS]
  = { BOOLEAN ("accept-refers", "Follow REFERs to subscribe", accept_refers, TRUE), .live = TRUE },

  /* ---- TLS (R-SEC-3) ---- */
  /**
   * SipPushReceiver:tls-certificate: (getter get_tls_certificate)
   *
   * A PEM file with the receiver's certificate chain, its own certificate first, for SIP
   * over TLS and MSRP over TLS; it may hold the private key too. %NULL (default): no TLS
   * listener, and TLS only as a client (a `sips:` registrar or proxy). A `sips:`
   * #SipPushReceiver:bind-uri needs it: without one the receiver does not start.
   * The files are read when the receiver starts; sofia-sip gets a copy in a private
   * temporary directory (never `$HOME/.sip`).
   */
  [SETTING_TLS_CERTIFICATE]
  = { STRING ("tls-certificate", "TLS certificate chain (PEM file)", tls_certificate, CHECK_NONE) },
  /**
   * SipPushReceiver:tls-key: (getter get_tls_key)
   *
   * A PEM file with the private key of #SipPushReceiver:tls-certificate (unencrypted),
   * or %NULL (default) when the certificate file holds it.
   */
  [SETTING_TLS_KEY] = { STRING ("tls-key", "TLS private key (PEM file)", tls_key, CHECK_NONE) },
  /**
   * SipPushReceiver:tls-ca: (getter get_tls_ca)
   *
   * The certificate authorities that TLS peers are verified against: a PEM file, or a
   * directory whose PEM files are all read. %NULL (default): the system's trust store.
   */
  [SETTING_TLS_CA]
  = { STRING ("tls-ca", "TLS trust anchors (PEM file or directory)", tls_ca, CHECK_NONE) },
  /**
   * SipPushReceiver:tls-verify: (getter get_tls_verify)
   *
   * Whether TLS peers are verified (default %TRUE, R-SEC-3): every TLS connection the
   * receiver opens (registrar, proxy, dialogs, MSRP connect-out) must present a
   * certificate chain that #SipPushReceiver:tls-ca trusts for the name connected to, and
   * an MSRP peer must match the offer's `a=fingerprint` or the trust store. %FALSE turns
   * every check off: only for tests; the CLI warns loudly when it is used.
   */
  [SETTING_TLS_VERIFY] = { BOOLEAN ("tls-verify", "Verify TLS peers", tls_verify, TRUE) },
};

static GParamSpec *properties[N_SETTINGS];

/* ---- storing and checking ------------------------------------------------------------ */

static gboolean
store_string (SipPushReceiver *self, SipPushSetting id, const char *value)
{
  gchar **field = &G_STRUCT_MEMBER (gchar *, self, settings[id].offset);
  if (value == NULL)
    value = settings[id].def_str;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
store_number (SipPushReceiver *self, SipPushSetting id, guint64 value)
{
  gpointer field = &G_STRUCT_MEMBER (guint8, self, settings[id].offset);
  switch (settings[id].kind)
    {
    case KIND_UINT:
      if (*(guint *) field == value)
        return FALSE;
      *(guint *) field = (guint) value;
      return TRUE;
    case KIND_UINT64:
      if (*(guint64 *) field == value)
        return FALSE;
      *(guint64 *) field = value;
      return TRUE;
    case KIND_BOOLEAN:
      if (*(gboolean *) field == (value != 0))
        return FALSE;
      *(gboolean *) field = value != 0;
      return TRUE;
    case KIND_STRING:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* A running stack was built from the settings: changing one now would not reach it (or
 * would free a string it still points to). */
static gboolean
settable (SipPushReceiver *self, SipPushSetting id)
{
  return settings[id].live || self->stack == NULL;
}

static gboolean
check_settable (SipPushReceiver *self, SipPushSetting id, GError **error)
{
  if (settings[id].construct_only)
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE, "%s is set at construction",
                   settings[id].blurb);
      return FALSE;
    }
  if (!settable (self, id))
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE,
                   "%s cannot change while the receiver runs", settings[id].blurb);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_string (SipPushSetting id, const char *value, GError **error)
{
  const Setting *s = &settings[id];
  if (value == NULL)
    return TRUE; /* unset, or the default */
  switch (s->check)
    {
    case CHECK_SIP_URI:
      return sippush_sip_uri_check (value, s->blurb, error);
    case CHECK_BIND_URI:
      /* Syntax only: whether the port can be bound is for start to find out. */
      if (!sippush_sip_uri_check (value, s->blurb, error))
        return FALSE;
      if (sippush_sip_uri_port (value) == 0)
        {
          g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_URI,
                       "%s \"%s\" needs a port from 1 to 65535", s->blurb, value);
          return FALSE;
        }
      return TRUE;
    case CHECK_DEVICE_PARAM:
      {
        g_autoptr (GError) local = NULL;
        if (sippush_device_param_check (value, s->name, &local))
          return TRUE;
        g_set_error_literal (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE, local->message);
        return FALSE;
      }
    case CHECK_NONE:
    default:
      return TRUE;
    }
}

gboolean
sippush_receiver_set_string_setting (SipPushReceiver *self, SipPushSetting id, const char *value,
                                     GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), FALSE);
  g_return_val_if_fail (id > 0 && id < N_SETTINGS && settings[id].kind == KIND_STRING, FALSE);
  if (!check_settable (self, id, error) || !check_string (id, value, error))
    return FALSE;
  if (store_string (self, id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[id]);
  return TRUE;
}

gboolean
sippush_receiver_set_number_setting (SipPushReceiver *self, SipPushSetting id, guint64 value,
                                     GError **error)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), FALSE);
  g_return_val_if_fail (id > 0 && id < N_SETTINGS && settings[id].kind != KIND_STRING, FALSE);
  const Setting *s = &settings[id];
  if (!check_settable (self, id, error))
    return FALSE;
  if (s->kind != KIND_BOOLEAN && (value < s->min || value > s->max))
    {
      g_set_error (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE,
                   "%s %" G_GUINT64_FORMAT " is out of range (%" G_GUINT64_FORMAT
                   " to %" G_GUINT64_FORMAT ")",
                   s->blurb, value, s->min, s->max);
      return FALSE;
    }
  if (store_number (self, id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[id]);
  return TRUE;
}

const char *
sippush_receiver_get_string_setting (SipPushReceiver *self, SipPushSetting id)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), NULL);
  g_return_val_if_fail (id > 0 && id < N_SETTINGS && settings[id].kind == KIND_STRING, NULL);
  return G_STRUCT_MEMBER (const char *, self, settings[id].offset);
}

guint64
sippush_receiver_get_number_setting (SipPushReceiver *self, SipPushSetting id)
{
  g_return_val_if_fail (SIPPUSH_IS_RECEIVER (self), 0);
  g_return_val_if_fail (id > 0 && id < N_SETTINGS && settings[id].kind != KIND_STRING, 0);
  gpointer field = &G_STRUCT_MEMBER (guint8, self, settings[id].offset);
  switch (settings[id].kind)
    {
    case KIND_UINT:
      return *(guint *) field;
    case KIND_UINT64:
      return *(guint64 *) field;
    case KIND_BOOLEAN:
      return *(gboolean *) field;
    case KIND_STRING:
    default:
      g_return_val_if_reached (0);
    }
}

/* ---- the GObject properties ---------------------------------------------------------- */

/* g_object_set() keeps its old contract: values are stored as given and checked when the
 * receiver starts (GObject itself refuses numbers out of range). Only a running receiver
 * is different: like the typed setters it refuses, with a warning, to change a setting
 * its stack was built from. */
static void
sippush_receiver_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  SipPushReceiver *self = SIPPUSH_RECEIVER (object);
  if (prop_id == 0 || prop_id >= N_SETTINGS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (!settable (self, prop_id))
    {
      g_warning ("SipPushReceiver:%s is not changed: the receiver is running", pspec->name);
      return;
    }
  gboolean changed = FALSE;
  switch (settings[prop_id].kind)
    {
    case KIND_STRING:
      changed = store_string (self, prop_id, g_value_get_string (value));
      break;
    case KIND_UINT:
      changed = store_number (self, prop_id, g_value_get_uint (value));
      break;
    case KIND_UINT64:
      changed = store_number (self, prop_id, g_value_get_uint64 (value));
      break;
    case KIND_BOOLEAN:
      changed = store_number (self, prop_id, g_value_get_boolean (value));
      break;
    }
  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
sippush_receiver_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SipPushReceiver *self = SIPPUSH_RECEIVER (object);
  if (prop_id == 0 || prop_id >= N_SETTINGS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  switch (settings[prop_id].kind)
    {
    case KIND_STRING:
      g_value_set_string (value, sippush_receiver_get_string_setting (self, prop_id));
      break;
    case KIND_UINT:
      g_value_set_uint (value, (guint) sippush_receiver_get_number_setting (self, prop_id));
      break;
    case KIND_UINT64:
      g_value_set_uint64 (value, sippush_receiver_get_number_setting (self, prop_id));
      break;
    case KIND_BOOLEAN:
      g_value_set_boolean (value, (gboolean) sippush_receiver_get_number_setting (self, prop_id));
      break;
    }
}

void
sippush_receiver_install_properties (GObjectClass *object_class)
{
  object_class->set_property = sippush_receiver_set_property;
  object_class->get_property = sippush_receiver_get_property;

  for (guint id = 1; id < N_SETTINGS; id++)
    {
      const Setting *s = &settings[id];
      /* Every setting is set at construction, so the defaults are in place. */
      GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY
                          | (s->construct_only ? G_PARAM_CONSTRUCT_ONLY : G_PARAM_CONSTRUCT);
      switch (s->kind)
        {
        case KIND_STRING:
          properties[id] = g_param_spec_string (s->name, NULL, s->blurb, s->def_str, flags);
          break;
        case KIND_UINT:
          properties[id] = g_param_spec_uint (s->name, NULL, s->blurb, (guint) s->min,
                                              (guint) s->max, (guint) s->def, flags);
          break;
        case KIND_UINT64:
          properties[id]
              = g_param_spec_uint64 (s->name, NULL, s->blurb, s->min, s->max, s->def, flags);
          break;
        case KIND_BOOLEAN:
          properties[id] = g_param_spec_boolean (s->name, NULL, s->blurb, s->def != 0, flags);
          break;
        }
    }
  g_object_class_install_properties (object_class, N_SETTINGS, properties);
}
