/* notify.h — service manager readiness: the sd_notify protocol, without libsystemd.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Sends @state ("READY=1", "STOPPING=1", "STATUS=…", newline-separated) to the datagram
 * socket named by $NOTIFY_SOCKET (a path, or `@` for the abstract namespace). Without
 * $NOTIFY_SOCKET (not started by systemd with Type=notify) it does nothing and returns
 * FALSE; a failure is logged. */
gboolean notify_send (const char *state);
