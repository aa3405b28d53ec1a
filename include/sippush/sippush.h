/* sippush.h — the one header an application includes.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#define SIPPUSH_INSIDE
#include <sippush/sippush-export.h>
#include <sippush/sippush-version.h>
#include <sippush/sippush-types.h>
#include <sippush/sippush-error.h>
#include <sippush/sippush-ari.h>
#include <sippush/sippush-delivery.h>
#include <sippush/sippush-file-offer.h>
#include <sippush/sippush-app.h>
#include <sippush/sippush-rejection.h>
#include <sippush/sippush-transfer.h>
#include <sippush/sippush-refer.h>
#include <sippush/sippush-receiver.h>
#include <sippush/sippush-receiver-settings.h>
#include <sippush/sippush-store.h>
#undef SIPPUSH_INSIDE
