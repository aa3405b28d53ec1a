/* error.c — the SIPPUSH_ERROR quark. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

G_DEFINE_QUARK (sippush - error - quark, sippush_error)
