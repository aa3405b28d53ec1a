/* receiver-signals.h — the receiver's signals as events: registration, refusals, failed
 * transfers and progress, subscriptions, REFERs. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

#include "event.h"

/* Connects every signal of @receiver but the pushes' (the applications' callbacks) to
 * @formatter, which must outlive the receiver. */
void receiver_signals_connect (SipPushReceiver *receiver, const EventFormatter *formatter);
