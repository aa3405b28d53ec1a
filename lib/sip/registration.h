/* sip/registration.h — REGISTER with the feature tag, refresh, auth, back-off (R-REG-1…3).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "sip/shared.h"
#include "sip/tls.h"

typedef struct _SipPushRegistration SipPushRegistration;

/* Copied by sippush_registration_new(); nothing is borrowed. */
typedef struct
{
  const char *aor;       /* From/To of the REGISTER */
  const char *registrar; /* Request-URI */
  const char *username;  /* digest credentials, or NULL */
  const char *password;
  guint contact_port; /* our listening port: finds our binding in the 200 */
  guint expires;      /* requested expiry in seconds */
  guint retry_min_s;  /* back-off bounds */
  guint retry_max_s;
  /* When the first hop (proxy, else registrar) is reached over TLS: the stack's
   * credentials (borrowed: they outlive the registration) and the hop, probed before
   * each new binding so that a refused certificate is reported as such (R-SEC-3). */
  SipPushTls *tls;
  const char *tls_host;
  guint16 tls_port;
  /* The stack's hook, run on every successful REGISTER before it is reported. */
  void (*on_bound) (gpointer data);
  gpointer on_bound_data;
} SipPushRegistrationConfig;

/* Reports through @shared's events (registered, registration_failed); @shared is the
 * stack's and outlives this object. The handle's magic is the registration. */
SipPushRegistration *sippush_registration_new (const SipPushShared *shared,
                                               const SipPushRegistrationConfig *config);

/* Sends the first REGISTER with @feature_tag (`+g.oma.pusheventappp="…"`, or NULL). */
void sippush_registration_start (SipPushRegistration *reg, const char *feature_tag);

/* The application set changed: re-REGISTER with the new tag (R-REG-2). When the tag goes
 * away altogether the binding is removed first and made anew without it, since sofia
 * keeps a handle's last Contact features. */
void sippush_registration_set_feature_tag (SipPushRegistration *reg, const char *feature_tag);

/* A nua_r_register (or, with @unregister, nua_r_unregister) event of our handle. */
void sippush_registration_handle_response (SipPushRegistration *reg, gboolean unregister,
                                           int status, const char *phrase, const sip_t *sip);

/* Final failures that retrying cannot mend — 403, 404, 416, 603, 604, and a TLS
 * certificate that fails verification — are reported and not retried: the next attempt
 * is the next change of the application set. Every other failure is retried with
 * back-off. */

/* Stops retrying (stop_async); nua_shutdown() then sends the de-REGISTER. */
void sippush_registration_cancel_retry (SipPushRegistration *reg);

/* Frees; call before nua_destroy(). Sends nothing. */
void sippush_registration_free (SipPushRegistration *reg);
