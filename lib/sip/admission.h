/* sip/admission.h — who may push what: one path that every push request (MESSAGE, INVITE,
 * NOTIFY, REFER) goes through before anything is set up, and one way to refuse
 * (R-DSP-1, R-DSP-4, R-MSG-2, R-MSG-3, R-SEC-1).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "delivery-private.h"
#include "sip/shared.h"

/* The facts of an admitted request. Clear with sippush_admission_clear(). */
typedef struct
{
  SipPushApp *app;     /* the application it goes to (a reference); NULL for REFER */
  gchar *ari;          /* the ARI the push named, or NULL */
  gchar *sender;       /* P-Asserted-Identity, else From, as a bare URI */
  gchar *content_type; /* as it came, or NULL */
} SipPushAdmission;

/* Why a request is refused. */
typedef struct
{
  guint status;
  const char *reason;  /* a static string */
  gchar *accept;       /* 415: the Accept header value, or NULL */
  guint retry_after_s; /* 503: when to come back, or 0 */
} SipPushRefusal;

void sippush_admission_clear (SipPushAdmission *admission);
void sippush_refusal_clear (SipPushRefusal *refusal);

/* Checks a request in this order, stopping at the first refusal: INVITE's Contact (trap
 * B1), the sender and the allow-list, then (not for REFER) the application by the ARIs of
 * Accept-Contact — for NOTIFY also the Event's event-app-id, @subscription_aris when
 * they name one, and the content type —, and (MESSAGE, NOTIFY) the content type against
 * the application's accept types. On FALSE @refusal says why and @admission holds
 * whatever was learnt (the sender, say); clear both either way. */
gboolean sippush_admit (const SipPushShared *shared, SipPushMethod method, const sip_t *sip,
                        const gchar *const *subscription_aris, SipPushAdmission *admission,
                        SipPushRefusal *refusal);

/* Trap B1 inside a dialog: whether a re-INVITE's or UPDATE's Contact is one usable sip: or
 * sips: URI (an UPDATE need not carry one: @required FALSE). If not, it is refused 400 and,
 * @in_dialog, the dialog is ended with a BYE. */
gboolean sippush_admit_refresh_contact (const SipPushShared *shared, nua_handle_t *nh,
                                        gboolean in_dialog, const sip_t *sip, gboolean required);

/* Sends the refusal for a request that came in the current NUA event (none for NOTIFY:
 * the stack has answered it) with the standard phrase and the reason in a Warning, then
 * emits the rejection. Out of a dialog the stack's handle of a MESSAGE or REFER is
 * destroyed; inside one (@in_dialog) the handle stays its owner's. */
void sippush_refuse (const SipPushShared *shared, nua_handle_t *nh, SipPushMethod method,
                     gboolean in_dialog, const SipPushRefusal *refusal,
                     const SipPushAdmission *admission);

/* Only the response of sippush_refuse(): for a decline that is reported otherwise. */
void sippush_refusal_respond (const SipPushShared *shared, nua_handle_t *nh,
                              const SipPushRefusal *refusal);

/* The delivery of an admitted MESSAGE or NOTIFY carrying @body: the ARI and application
 * are borrowed from @admission, its sender and content type moved out of it (the
 * delivery takes them), the CSI read from @sip (owned by the delivery too). */
SipPushDeliveryInfo sippush_admission_delivery_info (SipPushAdmission *admission,
                                                     SipPushMethod method, const sip_t *sip,
                                                     GBytes *body);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SipPushAdmission, sippush_admission_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SipPushRefusal, sippush_refusal_clear)
