/* sip/tls.h — the receiver's TLS credentials (R-SEC-3): its certificate and key, the
 * trust anchors peers are verified against, the directory sofia-sip's tport reads them
 * from, and a probe that says why a TLS peer's certificate is refused.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

typedef struct
{
  const char *certificate; /* PEM chain, own certificate first (may hold the key); NULL: none */
  const char *key;         /* PEM key; NULL: in @certificate */
  const char *ca;          /* PEM file or directory; NULL: the system's trust store */
  gboolean verify;         /* FALSE: peers are not verified (tests only) */
} SipPushTlsConfig;

typedef struct _SipPushTls SipPushTls;

/* Loads the certificate and key (SIPPUSH_ERROR_INVALID_VALUE when they do not load or do
 * not match), the trust anchors (SIPPUSH_ERROR_INVALID_VALUE when there are none to be
 * had and @config verifies), and writes what sofia-sip's tport reads — `agent.pem` (the
 * key and the chain) and `cafile.pem` (the anchors, plus the chain's intermediates so
 * that OpenSSL sends them) — into a fresh private (0700) temporary directory. */
SipPushTls *sippush_tls_new (const SipPushTlsConfig *config, GError **error);

/* The directory for TPTAG_CERTIFICATE. */
const char *sippush_tls_get_sofia_dir (SipPushTls *tls);
/* Removes the key and chain: sofia-sip reads them once, when its TLS transport is made.
 * (The anchors GIO reads stay until sippush_tls_free() removes the directory.) */
void sippush_tls_forget_sofia_files (SipPushTls *tls);

/* The receiver's certificate (with its chain and key), or NULL without one. */
GTlsCertificate *sippush_tls_get_certificate (SipPushTls *tls);
/* The trust anchors. */
GTlsDatabase *sippush_tls_get_database (SipPushTls *tls);
gboolean sippush_tls_get_verify (SipPushTls *tls);

/* Connects to @host:@port, shakes hands as sofia-sip's tport would and checks the peer's
 * certificate the way it does (a chain to the anchors, in date, @host among its DNS
 * names, or its common name when it has none). The result says why sofia-sip would drop
 * the connection, which it never reports: it only times the request out. Runs in the
 * thread-default context. */
void sippush_tls_probe_async (SipPushTls *tls, const char *host, guint16 port,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer data);
/* TRUE when the peer would be accepted (or verification is off); FALSE with
 * G_TLS_ERROR_BAD_CERTIFICATE and the reason when its certificate is refused, or with
 * the error that kept the handshake from finishing. */
gboolean sippush_tls_probe_finish (GAsyncResult *result, GError **error);

/* What @errors say about a certificate presented as @name, in words ("expired, not issued
 * for example.org"). */
gchar *sippush_tls_describe_errors (GTlsCertificateFlags errors, const char *name);

void sippush_tls_free (SipPushTls *tls);
