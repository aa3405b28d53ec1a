/* msrp/relay-auth.h — what an MSRP relay answers to AUTH (RFC 4976 §5): the digest challenge of a
 * 401 (WWW-Authenticate, RFC 2617 §3.2.1), the Use-Path and Expires of a 200, and the
 * Authorization that answers a challenge (R-MSRP-7). Pure: (pointer, length) in, by the parse
 * contract (core/parse.h); never a NUL-terminated assumption on network data.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

/* The longest realm, nonce or opaque value taken (unescaped), and the most parameters one
 * challenge may carry: beyond either, TOO_LARGE. */
#define SIPPUSH_MSRP_DIGEST_VALUE_MAX 512
#define SIPPUSH_MSRP_DIGEST_PARAMS_MAX 16
/* The most URIs a Use-Path may hold (TOO_LARGE beyond). */
#define SIPPUSH_MSRP_USE_PATH_MAX_HOPS 8

/* A digest challenge sippush can answer: MD5, with or without qop=auth. */
typedef struct
{
  gchar *realm;
  gchar *nonce;
  gchar *opaque;     /* NULL when absent */
  gboolean qop_auth; /* the challenge offers qop "auth": the answer uses it */
  gboolean stale;
} SipPushMsrpDigestChallenge;

void sippush_msrp_digest_challenge_clear (SipPushMsrpDigestChallenge *challenge);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SipPushMsrpDigestChallenge, sippush_msrp_digest_challenge_clear)

/* Parses a WWW-Authenticate value: `Digest` then comma-separated `name=value` parameters
 * (a token or a quoted-string with backslash escapes; blanks around '=' and ','). realm and
 * nonce are required; algorithm, when present, must be MD5; qop, when present, must offer
 * "auth". Unknown parameters are skipped; a repeated one is MALFORMED. OK fills @out
 * (clear it with sippush_msrp_digest_challenge_clear()); otherwise @out is zeroed. */
SipPushParseResult sippush_msrp_digest_challenge_parse (const char *value, gsize len,
                                                        SipPushMsrpDigestChallenge *out,
                                                        GError **error);

/* Parses a Use-Path value: 1 to SIPPUSH_MSRP_USE_PATH_MAX_HOPS MSRP URIs (msrp/uri.c)
 * separated by blanks, each with a session id. OK sets *@path to the hops joined by one
 * space (g_free); otherwise it is NULL. */
SipPushParseResult sippush_msrp_use_path_parse (const char *value, gsize len, gchar **path,
                                                GError **error);

/* Parses an Expires value: 1 to 10 decimal digits, at most G_MAXUINT32 seconds. */
SipPushParseResult sippush_msrp_expires_parse (const char *value, gsize len, guint32 *seconds,
                                               GError **error);

/* The Authorization value answering @challenge for `AUTH` to @uri (RFC 2617 §3.2.2: MD5,
 * and qop=auth with @cnonce and nonce count 00000001 when the challenge offers it). Quotes
 * and backslashes in @user and @uri are escaped. */
gchar *sippush_msrp_digest_authorization (const SipPushMsrpDigestChallenge *challenge,
                                          const char *user, const char *password, const char *uri,
                                          const char *cnonce);
