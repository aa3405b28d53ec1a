/* version.c — the version of the library in use. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

guint
sippush_get_major_version (void)
{
  return SIPPUSH_MAJOR_VERSION;
}

guint
sippush_get_minor_version (void)
{
  return SIPPUSH_MINOR_VERSION;
}

guint
sippush_get_micro_version (void)
{
  return SIPPUSH_MICRO_VERSION;
}

gboolean
sippush_check_version (guint major, guint minor, guint micro)
{
  /* Not SIPPUSH_CHECK_VERSION(): its constants against unsigned arguments would warn. */
  guint lib_major = SIPPUSH_MAJOR_VERSION, lib_minor = SIPPUSH_MINOR_VERSION;
  guint lib_micro = SIPPUSH_MICRO_VERSION;
  return lib_major > major
         || (lib_major == major
             && (lib_minor > minor || (lib_minor == minor && lib_micro >= micro)));
}
