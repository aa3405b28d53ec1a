/* sippush-types.h — the public object types, declared ahead so that headers which only
 * pass them around need not include each other (as libsoup's soup-types.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>
#include <sippush/sippush-version.h>

G_BEGIN_DECLS

typedef struct _SipPushApp SipPushApp;
typedef struct _SipPushDelivery SipPushDelivery;
typedef struct _SipPushFileOffer SipPushFileOffer;
typedef struct _SipPushReceiver SipPushReceiver;
typedef struct _SipPushRefer SipPushRefer;
typedef struct _SipPushRejection SipPushRejection;
typedef struct _SipPushTransfer SipPushTransfer;

G_END_DECLS
