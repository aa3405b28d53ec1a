/* text-format.h — the default, human formatter: one line per event, and a progress bar
 * per transfer on a terminal. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "event.h"

/* Prints `NAME: key=value key=value …` and a newline on stdout, and flushes; the name's
 * `_` read as spaces. A string with spaces, quotes or control characters (they come from
 * the network) is quoted and escaped as in JSON; null reads `(none)`, booleans `yes`/`no`. */
void text_print_event (const Event *event);

/* Redraws the progress line of a transfer (@total 0: size unknown), when stdout is a
 * terminal; the next event starts on a new line. */
void text_print_progress (const char *name, guint64 received, guint64 total);
