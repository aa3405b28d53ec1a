/* store/file-name.h — file names from the network made safe to create (R-DSP-3).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A file name from the network made safe to create in a directory (R-DSP-3): the last
 * component after `/` and `\`, control characters and invalid UTF-8 as `_`, a leading `.`
 * prefixed with `_`, empty or only dots → "file", at most SIPPUSH_FILE_NAME_MAX bytes
 * (cut on a character boundary, a short extension kept). @name may be NULL. Never NULL. */
#define SIPPUSH_FILE_NAME_MAX 200
gchar *sippush_file_name_sanitize (const char *name);

G_END_DECLS
