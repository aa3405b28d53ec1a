/* core/parse.h — the one result contract of every parser in lib/ (and its error domain).
 *
 * A parser takes bytes and a length (never a NUL-terminated assumption on network data)
 * and answers one of four outcomes:
 *   OK         — the input (or the prefix it needs) parsed; the outputs are set;
 *   NEED_MORE  — the input is a valid prefix: call again with more (incremental parsers);
 *   MALFORMED  — the input can never parse;
 *   TOO_LARGE  — the input is over a named limit (a length, a count, a number of digits).
 * On MALFORMED and TOO_LARGE the reason goes into a GError of the SIPPUSH_PARSE_ERROR
 * domain, whose code is the result; the outputs are left cleared.
 *
 * SIPPUSH_PARSE_ERROR is internal: public API functions convert it into their documented
 * SIPPUSH_ERROR codes at the boundary; SIPPUSH_ERROR is never used as a channel inside.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

typedef enum
{
  SIPPUSH_PARSE_OK,
  SIPPUSH_PARSE_NEED_MORE,
  SIPPUSH_PARSE_MALFORMED,
  SIPPUSH_PARSE_TOO_LARGE,
} SipPushParseResult;

#define SIPPUSH_PARSE_ERROR (sippush_parse_error_quark ())

/* The codes of SIPPUSH_PARSE_ERROR are the failing results themselves. */
typedef enum
{
  SIPPUSH_PARSE_ERROR_MALFORMED = SIPPUSH_PARSE_MALFORMED,
  SIPPUSH_PARSE_ERROR_TOO_LARGE = SIPPUSH_PARSE_TOO_LARGE,
} SipPushParseError;

GQuark sippush_parse_error_quark (void);

/* Sets @error (when not NULL) to @result with the formatted reason and returns @result:
 * `return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "bad %s", what);` */
SipPushParseResult sippush_parse_fail (GError **error, SipPushParseResult result,
                                       const char *format, ...) G_GNUC_PRINTF (3, 4);

/* A short name of @result, for log lines. */
const char *sippush_parse_result_to_string (SipPushParseResult result);
