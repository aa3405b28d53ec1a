/* sip/refer-to.h — decoding the Refer-To URI of a REFER that asks for a SUBSCRIBE (R-REF-3,
 * R-REF-5, R-SEC-1 trap B2). Pure: (pointer, length) in, never NUL-terminated input, and
 * never sofia's sip_url_query_as_taglist(), which over-reads the heap and passes any
 * header (Call-ID, Via, body) into the request.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Longest Refer-To URI decoded; longer ones are refused. */
#define SIPPUSH_REFER_TO_MAX 4096
/* Most `name=value` header components after the `?`. */
#define SIPPUSH_REFER_TO_MAX_HEADERS 8

typedef enum
{
  SIPPUSH_REFER_TO_OK,
  SIPPUSH_REFER_TO_MALFORMED,          /* not a sip:/sips: URI, bad escape, control chars */
  SIPPUSH_REFER_TO_NOT_SUBSCRIBE,      /* method= absent (INVITE) or another method (R-REF-5) */
  SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED, /* an embedded header outside Event, Accept, Expires */
  SIPPUSH_REFER_TO_OTHER_EVENT,        /* the embedded Event names another package */
} SipPushReferToResult;

/* A decoded Refer-To: every string is GLib memory, NULL when absent. */
typedef struct
{
  gchar *target;  /* the URI without `method=` and without `?headers`: Request-URI and To */
  gchar *event;   /* the embedded Event, URL-decoded, as it came */
  gchar *accept;  /* the embedded Accept, URL-decoded */
  gchar *expires; /* the embedded Expires: decimal digits, fits 32 bits */
} SipPushReferTo;

/* Decodes @uri (the Refer-To URI without its `<>`), filling @out on success. On failure
 * @out is left cleared and *@why (when not NULL) says what was wrong, for a log line and
 * the reason phrase. The checks run in this order: the URI's form, the method (R-REF-5),
 * then each embedded header: `token=value` with the name in the allow-list (Event, `o`,
 * Accept, Expires, case-insensitive, each at most once), the value URL-decoded with no
 * control character, the Event's package `ua-profile`. */
SipPushReferToResult sippush_refer_to_decode (const char *uri, gsize len, SipPushReferTo *out,
                                              gchar **why);

void sippush_refer_to_clear (SipPushReferTo *refer_to);

/* The SIP status a REFER with this result is declined with: 400 (malformed, header not
 * allowed), 603 (not SUBSCRIBE), 489 (another event package); 202 for OK. */
guint sippush_refer_to_status (SipPushReferToResult result);
