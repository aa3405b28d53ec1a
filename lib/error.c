/* error.c — the SIPPUSH_ERROR quark. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

GQuark
sippush_error_quark (void)
{
  /* Spelled out rather than G_DEFINE_QUARK, whose token argument formatters mangle;
   * looked up once, as it does: the lookup takes a lock. */
  static GQuark quark;
  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("sippush-error-quark");
  return quark;
}
