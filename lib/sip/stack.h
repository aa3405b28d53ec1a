/* sip/stack.h — the running stack: sofia-sip's su_root and nua_t in the receiver's main
 * context, the MSRP listener, the SIP job modules, and the one switch over NUA events.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "sip/event-header.h"
#include "sip/shared.h"
#include "sip/tls.h"

typedef struct _SipPushStack SipPushStack;

/* Everything the stack reads at start; copied where kept. Checked by
 * sippush_stack_new(). */
typedef struct
{
  const char *aor;
  const char *bind_uri;
  const char *registrar; /* NULL: no REGISTER */
  const char *proxy;
  const char *username, *password;
  guint expires;
  guint delivery_timeout_s;
  guint max_pending;
  guint max_message_size;
  guint idle_timeout_s;
  guint message_timeout_s;   /* a begun message on a stream connection: complete by then */
  guint max_sip_connections; /* stream connections overall */
  guint max_sip_connections_per_source;
  guint64 max_sip_buffered;     /* bytes of begun messages, all connections together */
  guint transaction_lifetime_s; /* sofia's 64 × T1: Timer J over UDP, and F/B */
  guint retry_min_s, retry_max_s;
  /* file push */
  const char *file_directory;
  const char *msrp_bind;  /* HOST:PORT, NULL: the bind URI's host, any port */
  const char *msrp_relay; /* our own MSRP relay (RFC 4976), or NULL */
  guint64 max_file_size;
  guint max_sessions;
  guint max_msrp_connections;
  guint msrp_idle_timeout_s;
  guint msrp_bind_timeout_s;
  guint msrp_connect_timeout_s;
  guint msrp_stall_timeout_s;
  guint session_expires_s;
  gboolean msrp_connect_out;
  gboolean hash_files;
  guint max_icon_size;
  /* subscriptions */
  gboolean subscribe;
  const char *subscribe_uri;
  guint subscribe_expires;
  const char *preferred_identity;
  SipPushDeviceInfo device;
  /* TLS (R-SEC-3) */
  SipPushTlsConfig tls;
} SipPushStackConfig;

/* Checks @config, opens the MSRP listener and the SIP listeners and starts registering
 * (and subscribing). @receiver is passed to application callbacks only; @dispatch and
 * @trusted are the receiver's and outlive the stack; @events is copied. NULL with
 * SIPPUSH_ERROR_INVALID_URI or SIPPUSH_ERROR_BIND (nothing is left open then). */
SipPushStack *sippush_stack_new (const SipPushStackConfig *config, SipPushReceiver *receiver,
                                 SipPushDispatch *dispatch, GHashTable *trusted,
                                 GMainContext *context, const SipPushEvents *events,
                                 GError **error);

/* The application set changed: re-REGISTER (R-REG-2) and renew the subscription
 * (R-SUB-1). */
void sippush_stack_apps_changed (SipPushStack *stack);

/* Where SIP over TLS is listened for (`sips:127.0.0.1:5061`), or NULL without TLS: the
 * bind URI's port for a sips: (or `;transport=tls`) bind URI, else the next port up,
 * when a certificate is set or the registrar or proxy is reached over TLS. */
gchar *sippush_stack_dup_tls_contact (SipPushStack *stack);

/* Where MSRP is listened for (`msrp://127.0.0.1:40123`). */
gchar *sippush_stack_dup_msrp_uri (SipPushStack *stack);

/* Begins the shutdown: no retries, waiting deliveries answered 503, transfers failed,
 * then nua_shutdown() de-REGISTERs and ends the dialogs. The events' shut_down follows
 * once the stack is down; only then may it be freed. */
void sippush_stack_shutdown (SipPushStack *stack);

/* Frees a stack that has shut down (or never started a shutdown: sends nothing). */
void sippush_stack_free (SipPushStack *stack);
