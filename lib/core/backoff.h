/* core/backoff.h — how long to wait before retrying a failed REGISTER (R-REG-3).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#define SIPPUSH_BACKOFF_MIN_S 30
#define SIPPUSH_BACKOFF_MAX_S 1800

/* The delay in milliseconds before retry number @failures (1 for the first failure):
 * min_s doubling per failure, capped at max_s, then scaled by a jitter factor in
 * [50 %, 100 %] taken from @random (any 32-bit value) so that a fleet of devices that
 * failed together does not retry together. A Retry-After from the server replaces that:
 * @retry_after_s is used as it is (0 = none), capped at max_s. Pure: the caller supplies
 * the randomness. */
guint sippush_backoff_delay_ms (guint failures, guint min_s, guint max_s, guint retry_after_s,
                                guint32 random);
