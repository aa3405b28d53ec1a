/* rejection-private.h — how the receiver makes the object push-rejected reports.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

/* Every string is copied; @reason, @sender and @ari may be NULL (unknown). */
SipPushRejection *sippush_rejection_new (SipPushMethod method, guint status, const char *reason,
                                         const char *sender, const char *ari);
