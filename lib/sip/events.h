/* sip/events.h — the one way the SIP and MSRP side reports upward. The receiver implements
 * it (each event becomes a signal); no module calls into the receiver.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

/* A push that was not delivered. Strings are borrowed for the call. */
typedef struct
{
  SipPushMethod method;
  guint status;       /* as sent on the wire (for NOTIFY: the one it would have got) */
  const char *reason; /* why */
  const char *sender; /* the request's sender, or NULL when unknown */
  const char *ari;    /* the ARI the push named, or NULL */
} SipPushRejectionInfo;

typedef struct
{
  gpointer owner; /* the first argument of every call */

  void (*registered) (gpointer owner, guint status, guint expires);
  void (*registration_failed) (gpointer owner, guint status, const char *reason);

  void (*rejected) (gpointer owner, const SipPushRejectionInfo *info);
  /* One SipPushTransfer per accepted file, updated before each call. */
  void (*transfer_progress) (gpointer owner, SipPushTransfer *transfer);
  void (*transfer_failed) (gpointer owner, SipPushTransfer *transfer);

  void (*subscribed) (gpointer owner, const char *target, guint status);
  void (*subscription_failed) (gpointer owner, const char *target, guint status,
                               const char *reason);
  void (*subscription_terminated) (gpointer owner, const char *target, const char *reason);

  /* R-REF-1: the host's decision on a REFER that passed every check, synchronous. */
  gboolean (*refer_requested) (gpointer owner, SipPushRefer *refer);
  /* After the decision (recorded in @refer): 202 or 603 went out. */
  void (*referred) (gpointer owner, SipPushRefer *refer);

  /* The stack has shut down after sippush_stack_shutdown(); called from an idle source,
   * outside sofia's callback, so the stack may be freed here. */
  void (*shut_down) (gpointer owner);
} SipPushEvents;
