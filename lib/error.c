/* error.c — the SIPPUSH_ERROR quark. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

GQuark
sippush_error_quark (void)
{
  /* Spelled out rather than G_DEFINE_QUARK, whose token argument formatters mangle. */
  return g_quark_from_static_string ("sippush-error-quark");
}
