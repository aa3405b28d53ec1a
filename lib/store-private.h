/* store-private.h — what the tests may change in a SipPushStore.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

#include "store/durable-batch.h"

/* Replaces the two flushes (NULL: syncfs and fsync again) from the next batch on; @ops
 * must outlive the store's use of it. */
void sippush_store_set_ops (SipPushStore *store, const SipPushDurableOps *ops);
