/* json-line.h — one JSON object per line on stdout, for --json.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Appends @s as a JSON string (quoted, escaped), or null when @s is NULL. */
void json_append_string (GString *out, const char *s);

/* Builds {"k":v,…} from pairs: key, then a type char ('s' string or NULL, 'u' guint,
 * 'U' guint64, 'b' gboolean, 'T' gboolean printed true or null), then the value; ends with NULL. Prints it with a newline on stdout and
 * flushes. */
void json_line_print (const char *first_key, ...) G_GNUC_NULL_TERMINATED;
