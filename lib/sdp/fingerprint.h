/* sdp/fingerprint.h — the SDP a=fingerprint value (RFC 4572, RFC 8122) of a self-signed MSRP
 * over TLS peer (RFC 4975 §14.1, R-SEC-3): parsed, formatted, and computed from a certificate.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "core/parse.h"

/* The longest digest taken (SHA-512). */
#define SIPPUSH_FINGERPRINT_MAX_LEN 64
/* The longest value text read: "sha-512 " and 64 colon-separated hex pairs, with room for
 * blanks. Anything longer is TOO_LARGE before it is scanned. */
#define SIPPUSH_FINGERPRINT_MAX_TEXT 256

/* The hash functions taken. SHA-1 and MD5 are named in RFC 4572 but too weak to identify
 * a peer: an offer with only those is treated as having no fingerprint. */
typedef enum
{
  SIPPUSH_FINGERPRINT_SHA256,
  SIPPUSH_FINGERPRINT_SHA384,
  SIPPUSH_FINGERPRINT_SHA512,
} SipPushFingerprintHash;

typedef struct
{
  SipPushFingerprintHash hash;
  gsize len; /* bytes in @digest: 32, 48 or 64 */
  guint8 digest[SIPPUSH_FINGERPRINT_MAX_LEN];
} SipPushFingerprint;

/* Parses the value of an a=fingerprint attribute, `hash-func SP 2HEX *(":" 2HEX)`
 * (RFC 8122 §5; the hash name is case-insensitive, hex digits of either case; blanks
 * around the value and a run of blanks between its parts are taken). OK fills *@out;
 * MALFORMED for an unknown or weak hash function, a digest not exactly the hash's length,
 * or any other character; TOO_LARGE over SIPPUSH_FINGERPRINT_MAX_TEXT. Pure. */
SipPushParseResult sippush_fingerprint_parse (const char *text, gsize len, SipPushFingerprint *out,
                                              GError **error);

/* The value text for an a=fingerprint line ("sha-256 AB:CD:…", upper-case hex).
 * Free with g_free(). */
gchar *sippush_fingerprint_format (const SipPushFingerprint *fingerprint);

/* The fingerprint of a certificate: @hash of its DER encoding (RFC 8122 §5). */
void sippush_fingerprint_of_der (SipPushFingerprintHash hash, const guint8 *der, gsize len,
                                 SipPushFingerprint *out);

/* Whether @a and @b are the same hash function and digest (constant time over the digest). */
gboolean sippush_fingerprint_equal (const SipPushFingerprint *a, const SipPushFingerprint *b);
