/* sdp/file-date.h — RFC 5547 §6 `a=file-date:` (creation, modification and read dates,
 * each an RFC 5322 date-time in double quotes; R-INV-8). Pure.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

/* Longest a=file-date value parsed; a longer one is TOO_LARGE. */
#define SIPPUSH_FILE_DATE_MAX_LEN 256

typedef struct
{
  GDateTime *creation; /* NULL when not given */
  GDateTime *modification;
  GDateTime *read;
} SipPushFileDates;

/* An RFC 5322 §3.3 date-time: `[day-name ","] day month year hh:mm[:ss] zone`, the zone
 * `+hhmm` / `-hhmm`, or `+hh:mm` (the seed writes `+03:00`), or one of the obsolete names
 * UT, GMT, Z; a two-digit year is 19xx/20xx as RFC 5322 §4.3 says. OK sets *@out (unref it);
 * MALFORMED otherwise. */
SipPushParseResult sippush_rfc5322_date_parse (const char *s, gsize len, GDateTime **out,
                                               GError **error);

/* `creation:"…" modification:"…" read:"…"` in any order, each at most once, separated by
 * blanks (@len bytes of @s). OK fills @out (clear it with sippush_file_dates_clear());
 * MALFORMED for an unknown or repeated name, a missing quote or a bad date; TOO_LARGE over
 * SIPPUSH_FILE_DATE_MAX_LEN. @out is cleared unless OK. */
SipPushParseResult sippush_file_date_parse (const char *s, gsize len, SipPushFileDates *out,
                                            GError **error);

void sippush_file_dates_clear (SipPushFileDates *dates);
