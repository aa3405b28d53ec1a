/* sip/invite.h — file pushes by INVITE: admission, per-file decisions, the SDP answer,
 * session timers, and the MSRP sessions of each dialog (R-INV-1…6, R-MSRP-6).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "msrp/hub.h"
#include "sip/shared.h"

typedef struct _SipPushInvites SipPushInvites;
/* One accepted INVITE dialog: the magic of its handle. */
typedef struct _SipPushInviteDialog SipPushInviteDialog;

typedef struct
{
  guint max_sessions;         /* concurrent INVITE sessions; beyond → 486 (R-SEC-2) */
  guint64 max_size;           /* per MSRP message, 0 = none; advertised as a=max-size */
  guint session_expires_s;    /* RFC 4028 interval we ask for */
  gboolean connect_out;       /* actpass offers: we connect (behind NAT) */
  guint delivery_timeout_s;   /* a file the application does not answer gets a failure REPORT */
  guint connect_timeout_s;    /* a file not begun this long after the 200 fails (R-SEC-4) */
  guint stall_timeout_s;      /* a file in progress without a byte this long fails */
  const char *file_directory; /* default directory for accepted files, or NULL */
  gboolean hash_files;        /* SHA-1 of every file, announced or not */
  guint max_icon_size;        /* larger icons are left out (R-INV-7) */
} SipPushInviteConfig;

/* Reports through @shared's events (rejected, transfer_progress, transfer_failed).
 * @shared and @hub are the stack's and outlive this object. */
SipPushInvites *sippush_invites_new (const SipPushShared *shared, SipPushMsrpHub *hub,
                                     const SipPushInviteConfig *config);

/* nua_i_invite: a new INVITE (@dialog NULL) or a re-INVITE in one of our dialogs. */
void sippush_invites_handle_invite (SipPushInvites *invites, nua_handle_t *nh,
                                    SipPushInviteDialog *dialog, const sip_t *sip);
/* nua_i_update (an application method so the Contact can be checked first: trap B1);
 * @dialog NULL when the handle is not one of our dialogs. */
void sippush_invites_handle_update (SipPushInvites *invites, nua_handle_t *nh,
                                    SipPushInviteDialog *dialog, const sip_t *sip);
/* nua_i_state: a terminated call state ends the dialog's MSRP sessions (R-MSRP-6). */
void sippush_invite_dialog_handle_state (SipPushInviteDialog *dialog, tagi_t const *tags);
/* nua_i_terminated: the dialog and its handle go. */
void sippush_invite_dialog_handle_terminated (SipPushInviteDialog *dialog);

/* Every transfer in progress fails (with an event), pending files are answered 503. */
void sippush_invites_abort_all (SipPushInvites *invites);
/* Stopping: sippush_invites_abort_all(), then each dialog is sent its BYE and let go
 * without waiting for the answer. */
void sippush_invites_stop (SipPushInvites *invites);
void sippush_invites_free (SipPushInvites *invites);
