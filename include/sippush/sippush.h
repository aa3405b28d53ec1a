/* sippush.h — the one header an application includes.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#define SIPPUSH_INSIDE
#include <sippush/sippush-export.h>
#include <sippush/sippush-version.h>
#include <sippush/sippush-error.h>
#include <sippush/sippush-ari.h>
#include <sippush/sippush-delivery.h>
#include <sippush/sippush-file-offer.h>
#include <sippush/sippush-receiver.h>
#undef SIPPUSH_INSIDE
