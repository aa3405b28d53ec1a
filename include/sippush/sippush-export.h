/* sippush-export.h — symbol visibility for the public API.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(SIPPUSH_INSIDE) && !defined(SIPPUSH_COMPILATION)
#error "Only <sippush/sippush.h> can be included directly."
#endif

/* Everything in the library is built with hidden visibility; only what carries this macro
 * is exported from libsippush.so. */
#if defined(SIPPUSH_COMPILATION) && defined(__GNUC__)
#define SIPPUSH_EXPORT __attribute__ ((visibility ("default"))) extern
#else
#define SIPPUSH_EXPORT extern
#endif
