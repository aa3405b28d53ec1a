/* msrp/uri.h — the one MSRP URI parser (RFC 4975 §6, §9), the To-Path/From-Path splitters
 * and the `HOST:PORT` of the msrp-bind setting. Pure: (pointer, length) in, slices out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"
#include "core/scan.h"

/* Longest MSRP URI parsed; longer ones are TOO_LARGE. */
#define SIPPUSH_MSRP_URI_MAX 4096

/* The pieces of `msrp[s]://[userinfo@]host[:port][/session-id][;transport *(;param)]`.
 * Every slice points into the parsed text; an absent piece has .p == NULL and .len == 0. */
typedef struct
{
  gboolean secure;        /* msrps: */
  SipPushSlice userinfo;  /* before the last '@' of the authority */
  SipPushSlice host;      /* an IPv6 literal without its brackets */
  SipPushSlice host_port; /* host[:port] as written (brackets kept): for GSocketClient */
  gboolean has_port;
  guint16 port;
  SipPushSlice session_id; /* 1*( unreserved / "+" / "=" / "/" ) */
  SipPushSlice transport;  /* 1*alphanum, e.g. "tcp" */
} SipPushMsrpUri;

/* Parses @len bytes of @uri. The scheme is case-insensitive; the authority may only hold
 * RFC 3986 unreserved, sub-delims, ':', '@', '%' and the brackets of an IPv6 literal; the
 * host must not be empty; a port is 1 to 5 digits up to 65535; a session-id, when there is
 * a '/', must not be empty; after it only `;transport` and `;param`s of visible ASCII.
 * OK fills @out; MALFORMED / TOO_LARGE (over SIPPUSH_MSRP_URI_MAX) set @error and zero @out.
 * Whether a session-id or a transport must be there is the caller's rule. */
SipPushParseResult sippush_msrp_uri_parse (const char *uri, gsize len, SipPushMsrpUri *out,
                                           GError **error);

/* The first / last URI of a To-Path or From-Path value (URIs separated by blanks), a
 * slice of @path. FALSE when @path holds no URI. */
gboolean sippush_msrp_path_first (SipPushSlice path, SipPushSlice *uri);
gboolean sippush_msrp_path_last (SipPushSlice path, SipPushSlice *uri);

/* The whole of a To-Path or From-Path value, every hop, without the blanks around it
 * (R-MSRP-7: responses and REPORTs go back along the SEND's whole From-Path, RFC 4975
 * §7.1.2, RFC 4976). FALSE when @path holds no URI. */
gboolean sippush_msrp_path_whole (SipPushSlice path, SipPushSlice *hops);

/* `HOST:PORT` (the msrp-bind setting): split at the last ':', an IPv6 host in brackets
 * (the brackets are removed), a decimal port 0..65535 (0: ephemeral). OK sets *@host
 * (newly allocated) and *@port; MALFORMED sets @error and touches neither. */
SipPushParseResult sippush_msrp_parse_host_port (const char *text, gchar **host, guint16 *port,
                                                 GError **error);
