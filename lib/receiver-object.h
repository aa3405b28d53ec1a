/* receiver-object.h — the SipPushReceiver instance, shared by receiver.c (life cycle,
 * the NUA switch) and receiver-properties.c (configuration). Nothing else includes it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

#include "core/dispatch.h"
#include "sip/stack.h"

#define DEFAULT_BIND_URI "sip:0.0.0.0:5060"
#define DEFAULT_EXPIRES 3600
#define DEFAULT_DELIVERY_TIMEOUT_S 30
#define DEFAULT_MAX_PENDING 256
#define DEFAULT_MAX_MESSAGE_SIZE (256 * 1024)
/* sofia-sip 1.12.11 aborts (tport_recv_dgram: assertion `self->tp_msg == NULL') on a UDP
 * datagram larger than its maximum message size: the limit never goes below the largest
 * datagram, so only TCP can exceed it, and that gets a clean 413. */
#define MIN_MAX_MESSAGE_SIZE 65536
#define DEFAULT_IDLE_TIMEOUT_S 120
#define DEFAULT_SIP_MESSAGE_TIMEOUT_S 32 /* 64 × T1, as long as a transaction may take */
#define DEFAULT_MAX_SIP_CONNECTIONS 128
#define DEFAULT_MAX_SIP_CONNECTIONS_PER_SOURCE 32
#define DEFAULT_MAX_SIP_BUFFERED (4u << 20)
#define DEFAULT_SIP_TRANSACTION_LIFETIME_S 2
#define DEFAULT_MAX_SESSIONS 16
#define DEFAULT_MAX_MSRP_CONNECTIONS 64
#define DEFAULT_MSRP_IDLE_TIMEOUT_S 30
#define DEFAULT_MSRP_BIND_TIMEOUT_S 5 /* a real sender SENDs at once: squatters go quickly */
#define DEFAULT_MSRP_CONNECT_TIMEOUT_S 30
#define DEFAULT_MSRP_STALL_TIMEOUT_S 60
#define DEFAULT_SESSION_EXPIRES_S 1800 /* RFC 4028's recommended interval */
#define DEFAULT_MAX_ICON_SIZE (64 * 1024)

struct _SipPushReceiver
{
  GObject parent_instance;

  /* configuration */
  gchar *aor;
  gchar *bind_uri;
  gchar *registrar;
  gchar *proxy;
  gchar *username;
  gchar *password;
  guint expires;
  guint delivery_timeout;
  guint max_pending;
  guint max_message_size;
  guint idle_timeout;
  guint sip_message_timeout;
  guint max_sip_connections;
  guint max_sip_connections_per_source;
  guint max_sip_buffered;
  guint sip_transaction_lifetime;
  guint retry_min;
  guint retry_max;
  gchar *file_directory;
  gchar *msrp_bind;
  gchar *msrp_relay;
  guint64 max_file_size;
  guint max_sessions;
  guint max_msrp_connections;
  guint msrp_idle_timeout;
  guint msrp_bind_timeout;
  guint msrp_connect_timeout;
  guint msrp_stall_timeout;
  guint session_expires;
  gboolean msrp_connect_out;
  gboolean hash_files;
  guint max_icon_size;

  /* subscriptions and REFER (R-SUB-*, R-REF-*) */
  gboolean subscribe;
  gchar *subscribe_uri;
  guint subscribe_expires;
  gchar *preferred_identity;
  gchar *device_vendor, *device_model, *device_version, *device_uaprof;
  gboolean accept_refers;

  /* TLS (R-SEC-3) */
  gchar *tls_certificate, *tls_key, *tls_ca;
  gboolean tls_verify;

  GMainContext *context;
  SipPushDispatch *dispatch;
  GHashTable *trusted; /* sender keys */

  /* the running stack: NULL when stopped; stop_task set while stopping */
  SipPushStack *stack;
  GTask *stop_task;
};

/* Sets the class's property accessors and installs its properties. */
void sippush_receiver_install_properties (GObjectClass *object_class);
