/* sip/event-header.h — the ua-profile Event header of a push subscription (R-SUB-1, seed
 * Appendix A), built and read. Pure: no I/O, no sofia; inputs are (pointer, length).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

/* Longest device parameter value (vendor, model, version, UAProf link). */
#define SIPPUSH_DEVICE_PARAM_MAX 256
/* Longest Event header value read by sippush_event_header_dup_aris(). */
#define SIPPUSH_EVENT_HEADER_MAX 4096

/* The device parameters of RFC 6080 §4, each NULL when not configured. The UAProf link
 * goes into `model` (seed 9.2.1.1 item 2: "the model parameter to the UAProf reference")
 * and so replaces @model when both are set. */
typedef struct
{
  const char *vendor;
  const char *model;
  const char *version;
  const char *uaprof;
} SipPushDeviceInfo;

/* Whether @value can be a device parameter: at most SIPPUSH_DEVICE_PARAM_MAX bytes of
 * printable UTF-8 without `"`, `\` or control characters, so that it is carried as a
 * quoted string as it is (SIPPUSH_ERROR_FAILED naming @what otherwise). */
gboolean sippush_device_param_check (const char *value, const char *what, GError **error);

/* `ua-profile;profile-type=oma-app;event-app-id="a,b"` followed by `;vendor="…"`,
 * `;model="…"`, `;version="…"` for each configured device parameter (R-SUB-1). @aris
 * may be NULL or empty: the event-app-id parameter is then left out (Appendix A: MAY).
 * Returns NULL with an error when an ARI or a device parameter cannot be carried. */
gchar *sippush_event_header_build (const gchar *const *aris, const SipPushDeviceInfo *device,
                                   GError **error);

/* The event package of an Event header value: its first token (`ua-profile`), as a
 * (pointer, length) slice of @value; FALSE when there is none. */
gboolean sippush_event_header_package (const char *value, gsize len, const char **package,
                                       gsize *package_len);

/* The ARIs of the `event-app-id` parameter of an Event header value (quoted list or a
 * single token). OK sets *@aris, NULL when there is no such parameter; MALFORMED or
 * TOO_LARGE (over SIPPUSH_EVENT_HEADER_MAX, or the list over its bound) leave it NULL with
 * the reason in SIPPUSH_PARSE_ERROR. */
SipPushParseResult sippush_event_header_dup_aris (const char *value, gsize len, gchar ***aris,
                                                  GError **error);
