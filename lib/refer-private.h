/* refer-private.h — how the receiver makes the object a REFER is decided and reported
 * with. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

/* @target (not NULL) and @sender (NULL when unknown) are copied; undecided (not
 * accepted) until sippush_refer_set_accepted(). */
SipPushRefer *sippush_refer_new (const char *target, const char *sender);

/* Records the decision; notifies SipPushRefer:accepted when it changes. */
void sippush_refer_set_accepted (SipPushRefer *refer, gboolean accepted);
