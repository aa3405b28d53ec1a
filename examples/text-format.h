/* text-format.h — the default, human formatter: one line per event, and a progress bar
 * per transfer on a terminal. SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "event.h"

/* Prints each event as `NAME: key=value key=value …` and a newline on stdout, and
 * flushes; the name's `_` read as spaces. A string with spaces, quotes or control
 * characters (they come from the network) is quoted and escaped as in JSON; null reads
 * `(none)`, booleans `yes`/`no`. When stdout is a terminal, a transfer's progress is one
 * line redrawn in place, and the next event starts on a new line. */
extern const EventFormatter text_formatter;
