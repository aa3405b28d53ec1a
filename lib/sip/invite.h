/* sip/invite.h — file pushes by INVITE: Contact check, routing, per-file decisions, the SDP
 * answer, session timers, and the MSRP sessions of each dialog (R-INV-1…6, R-MSRP-6).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sofia-sip/nua.h>
#include <sippush/sippush.h>

#include "core/dispatch.h"
#include "msrp/hub.h"

typedef struct _SipPushInvites SipPushInvites;

typedef struct
{
  guint max_sessions;         /* concurrent INVITE sessions; beyond → 486 (R-SEC-2) */
  guint64 max_size;           /* per MSRP message, 0 = none; advertised as a=max-size */
  guint session_expires_s;    /* RFC 4028 interval we ask for */
  gboolean connect_out;       /* actpass offers: we connect (behind NAT) */
  guint delivery_timeout_s;   /* a file the application does not answer gets a failure REPORT */
  const char *file_directory; /* default directory for accepted files, or NULL */
  gboolean hash_files;         /* SHA-1 of every file, announced or not */
} SipPushInviteConfig;

/* @dispatch, @trusted and @hub are borrowed from the receiver and outlive this object. */
SipPushInvites *sippush_invites_new (SipPushReceiver *receiver, SipPushDispatch *dispatch,
                                     GHashTable *trusted, SipPushMsrpHub *hub,
                                     GMainContext *context, const SipPushInviteConfig *config);

/* nua_i_invite: @dialog is the handle's magic (NULL for a new INVITE). */
void sippush_invites_handle_invite (SipPushInvites *invites, nua_t *nua, nua_handle_t *nh,
                                    gpointer dialog, const sip_t *sip);
/* nua_i_update (an application method so the Contact can be checked first: trap B1). */
void sippush_invites_handle_update (SipPushInvites *invites, nua_t *nua, nua_handle_t *nh,
                                    const sip_t *sip);
/* nua_i_state: a terminated call state ends the dialog's MSRP sessions (R-MSRP-6). */
void sippush_invites_handle_state (SipPushInvites *invites, nua_handle_t *nh, gpointer dialog,
                                   tagi_t const *tags);
/* nua_i_terminated for a handle bound to a dialog: the handle goes. */
void sippush_invites_handle_terminated (SipPushInvites *invites, nua_handle_t *nh, gpointer dialog);
/* Whether @magic is one of our dialogs. */
gboolean sippush_invites_owns (SipPushInvites *invites, gpointer magic);

/* Shutdown: every transfer in progress fails (with an event), pending files are
 * answered 503. The stack's shutdown sends the BYEs. */
void sippush_invites_abort_all (SipPushInvites *invites);
void sippush_invites_free (SipPushInvites *invites);
