/* receiver-config.h — a receiver set up from the command line's network flags, the same
 * for sippush-receiver and sippushd. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

#include "options.h"

/* A new receiver with every network setting of @options (bind, registrar, proxy,
 * credentials, expiry, MSRP, TLS, limits, trusted senders); the applications are the
 * caller's, and so is --set (options_apply_settings()), applied last. NULL with @error
 * when a value is refused. */
SipPushReceiver *receiver_config_new (const Options *options, GError **error);

/* Process-wide allocator settings for a receiver facing hostile traffic; call once, early
 * in main(). */
void receiver_config_tune_malloc (void);
