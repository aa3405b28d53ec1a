/* sip/refer-to.h — decoding the Refer-To URI of a REFER that asks for a SUBSCRIBE (R-REF-3,
 * R-REF-5, R-SEC-1 trap B2). Pure: (pointer, length) in, never NUL-terminated input, and
 * never sofia's sip_url_query_as_taglist(), which over-reads the heap and passes any
 * header (Call-ID, Via, body) into the request.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

/* Longest Refer-To URI decoded; longer ones are refused. */
#define SIPPUSH_REFER_TO_MAX 4096
/* Most `name=value` header components after the `?`. */
#define SIPPUSH_REFER_TO_MAX_HEADERS 8

/* What R-REF-5 refuses in a Refer-To that parses (SIPPUSH_REFER_TO_ERROR codes). */
#define SIPPUSH_REFER_TO_ERROR (sippush_refer_to_error_quark ())
typedef enum
{
  SIPPUSH_REFER_TO_ERROR_NOT_SUBSCRIBE,      /* method= absent (INVITE) or another method */
  SIPPUSH_REFER_TO_ERROR_HEADER_NOT_ALLOWED, /* an embedded header outside Event, Accept, Expires */
  SIPPUSH_REFER_TO_ERROR_OTHER_EVENT,        /* the embedded Event names another package */
} SipPushReferToError;

GQuark sippush_refer_to_error_quark (void);

/* A decoded Refer-To: every string is GLib memory, NULL when absent. */
typedef struct
{
  gchar *target;  /* the URI without `method=` and without `?headers`: Request-URI and To */
  gchar *event;   /* the embedded Event, URL-decoded, as it came */
  gchar *accept;  /* the embedded Accept, URL-decoded */
  gchar *expires; /* the embedded Expires: decimal digits, fits 32 bits */
} SipPushReferTo;

/* Decodes @uri (the Refer-To URI without its `<>`), filling @out when OK. Otherwise @out
 * is left cleared and @error says why, for a log line and the reason phrase: TOO_LARGE
 * (over SIPPUSH_REFER_TO_MAX, or more than SIPPUSH_REFER_TO_MAX_HEADERS embedded headers),
 * MALFORMED with SIPPUSH_PARSE_ERROR (not a sip:/sips: URI, bad escape, control
 * characters) or with SIPPUSH_REFER_TO_ERROR (what R-REF-5 refuses). The checks run in this
 * order: the URI's form, the method (R-REF-5), then each embedded header: `token=value`
 * with the name in the allow-list (Event, `o`, Accept, Expires, case-insensitive, each at
 * most once), the value URL-decoded with no control character, the Event's package
 * `ua-profile`. */
SipPushParseResult sippush_refer_to_decode (const char *uri, gsize len, SipPushReferTo *out,
                                            GError **error);

void sippush_refer_to_clear (SipPushReferTo *refer_to);

/* The SIP status a REFER is declined with after @result and its @error: 603 (not
 * SUBSCRIBE), 489 (another event package), 400 (anything else); 202 for OK. */
guint sippush_refer_to_status (SipPushParseResult result, const GError *error);
