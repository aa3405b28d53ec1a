/* sip/response.h — what sippush reads out of the responses to its REGISTER and SUBSCRIBE and
 * out of a NOTIFY's Subscription-State: the decisions, as pure functions over sofia's sip_t
 * (R-REG-1…3, R-SUB-3), so that they are tested and fuzzed without a stack.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <sofia-sip/sip.h>

/* The expiry the registrar granted our binding: the expires parameter of the Contact it
 * echoes for us (user @user and port @contact_port, 5060 when none: the AOR may have other
 * devices' bindings), else its Expires header, else @requested. Values beyond G_MAXUINT
 * are G_MAXUINT. */
guint sippush_sip_granted_expires (const sip_t *sip, const char *user, guint contact_port,
                                   guint requested);

/* The credentials for nua_authenticate() (NUTAG_AUTH: `scheme:"realm":user:password`) that
 * answer the WWW-Authenticate (else Proxy-Authenticate) challenge of @sip, or NULL when it
 * has none. A challenge without a realm is answered for the empty realm. */
gchar *sippush_sip_auth_credentials (const sip_t *sip, const char *username, const char *password);

/* What a terminated subscription's reason allows (RFC 6665 §4.1.3). */
typedef enum
{
  SIPPUSH_TERMINATED_RETRY_LATER, /* no reason or one we do not know: with back-off */
  SIPPUSH_TERMINATED_RESUBSCRIBE, /* "timeout": at once, on a new dialog */
  SIPPUSH_TERMINATED_GIVE_UP,     /* rejected, noresource, giveup, or one a REFER asked for */
} SipPushTerminatedAction;

/* @reason as sent ("" when none); @referred: a subscription a REFER asked for, which is
 * never made again. */
SipPushTerminatedAction sippush_subscription_terminated_action (const char *reason,
                                                                gboolean referred);
