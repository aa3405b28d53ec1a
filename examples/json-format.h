/* json-format.h — the --json formatter: one JSON object per event, one per line.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "event.h"

/* Appends @s as a JSON string (quoted, escaped; bytes that are not UTF-8 replaced by
 * U+FFFD), or null when @s is NULL. */
void json_append_string (GString *out, const char *s);

/* Prints each event as {"event":NAME,"key":value,…} and a newline on stdout, and
 * flushes; text-only fields are left out. Shows no progress. */
extern const EventFormatter json_formatter;
