/* sdp/fingerprint.c — a=fingerprint values (RFC 4572, RFC 8122): parse, format, compute.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sdp/fingerprint.h"

#include <string.h>

#include "core/scan.h"

static const struct
{
  const char *name;
  SipPushFingerprintHash hash;
  gsize len;
  GChecksumType checksum;
} hashes[] = {
  { "sha-256", SIPPUSH_FINGERPRINT_SHA256, 32, G_CHECKSUM_SHA256 },
  { "sha-384", SIPPUSH_FINGERPRINT_SHA384, 48, G_CHECKSUM_SHA384 },
  { "sha-512", SIPPUSH_FINGERPRINT_SHA512, 64, G_CHECKSUM_SHA512 },
};

SipPushParseResult
sippush_fingerprint_parse (const char *text, gsize len, SipPushFingerprint *out, GError **error)
{
  memset (out, 0, sizeof *out);
  if (len > SIPPUSH_FINGERPRINT_MAX_TEXT)
    return sippush_parse_fail (error, SIPPUSH_PARSE_TOO_LARGE, "fingerprint: longer than %u bytes",
                               SIPPUSH_FINGERPRINT_MAX_TEXT);
  gsize i = 0;
  sippush_scan_skip_blanks (text, len, &i);
  gsize end = sippush_scan_trim_blanks_end (text, i, len);
  gsize name_at = i;
  gsize name_len = sippush_scan_token (text, end, &i);
  if (name_len == 0)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED, "fingerprint: no hash function");
  gsize h = 0;
  while (h < G_N_ELEMENTS (hashes)
         && !sippush_scan_name_is (text + name_at, name_len, hashes[h].name))
    h++;
  if (h == G_N_ELEMENTS (hashes))
    /* sha-1, md5, md2, sha-224 and unknown tokens: none identifies a peer well enough. */
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                               "fingerprint: hash function %.*s not taken",
                               (int) MIN (name_len, 16), text + name_at);
  gsize blanks = i;
  sippush_scan_skip_blanks (text, end, &i);
  if (i == blanks)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                               "fingerprint: no space after the hash function");
  SipPushFingerprint fp = { hashes[h].hash, hashes[h].len, { 0 } };
  for (gsize n = 0; n < fp.len; n++)
    {
      if (n > 0)
        {
          if (i >= end || text[i] != ':')
            return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                       "fingerprint: %s needs %" G_GSIZE_FORMAT
                                       " colon-separated hex pairs",
                                       hashes[h].name, fp.len);
          i++;
        }
      if (!sippush_scan_hex_byte (text, end, i, &fp.digest[n]))
        return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                                   "fingerprint: %s needs %" G_GSIZE_FORMAT " hex pairs",
                                   hashes[h].name, fp.len);
      i += 2;
    }
  if (i != end)
    return sippush_parse_fail (error, SIPPUSH_PARSE_MALFORMED,
                               "fingerprint: more than %" G_GSIZE_FORMAT " bytes for %s", fp.len,
                               hashes[h].name);
  *out = fp;
  return SIPPUSH_PARSE_OK;
}

static gsize
hash_index (SipPushFingerprintHash hash)
{
  for (gsize h = 0; h < G_N_ELEMENTS (hashes); h++)
    if (hashes[h].hash == hash)
      return h;
  g_return_val_if_reached (0);
}

gchar *
sippush_fingerprint_format (const SipPushFingerprint *fingerprint)
{
  GString *s = g_string_new (hashes[hash_index (fingerprint->hash)].name);
  for (gsize n = 0; n < fingerprint->len; n++)
    g_string_append_printf (s, "%c%02X", n ? ':' : ' ', fingerprint->digest[n]);
  return g_string_free (s, FALSE);
}

void
sippush_fingerprint_of_der (SipPushFingerprintHash hash, const guint8 *der, gsize len,
                            SipPushFingerprint *out)
{
  gsize h = hash_index (hash);
  memset (out, 0, sizeof *out);
  out->hash = hash;
  out->len = hashes[h].len;
  g_autoptr (GChecksum) checksum = g_checksum_new (hashes[h].checksum);
  g_checksum_update (checksum, der, (gssize) len);
  gsize digest_len = sizeof out->digest;
  g_checksum_get_digest (checksum, out->digest, &digest_len);
}

gboolean
sippush_fingerprint_equal (const SipPushFingerprint *a, const SipPushFingerprint *b)
{
  if (a->hash != b->hash || a->len != b->len || a->len > SIPPUSH_FINGERPRINT_MAX_LEN)
    return FALSE;
  guint8 diff = 0;
  for (gsize n = 0; n < a->len; n++)
    diff |= a->digest[n] ^ b->digest[n];
  return diff == 0;
}
