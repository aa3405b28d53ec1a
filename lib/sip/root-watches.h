/* sip/root-watches.h — SipPushWatches carried by the stack's sofia-sip root: its
 * descriptors polled and its timers kept by the root's own GSource, so the library adds
 * no GSource of its own to the context.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sofia-sip/su_wait.h>

#include "core/watches.h"

/* @root must outlive the watches. */
SipPushWatches *sippush_root_watches_new (su_root_t *root);
