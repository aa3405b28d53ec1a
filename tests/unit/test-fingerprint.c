/* Unit tests for SDP a=fingerprint values (RFC 4572, RFC 8122; R-SEC-3): every vector fed
 * without a NUL terminator, and every prefix of the good ones refused. */
#include "check-main.h"
#include <string.h>

#include "sdp/fingerprint.h"

#define SHA256_TEXT                                                                                \
  "sha-256 "                                                                                       \
  "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:C2:"           \
  "86:57:4D:E6"

static SipPushParseResult
parse (const char *text, gsize len, SipPushFingerprint *fp)
{
  GError *error = NULL;
  /* Copied without a NUL terminator so that ASan catches a read past the end. */
  char *copy = g_memdup2 (text, len ? len : 1);
  SipPushParseResult r = sippush_fingerprint_parse (copy, len, fp, &error);
  ck_assert ((r == SIPPUSH_PARSE_OK) == (error == NULL));
  ck_assert (r == SIPPUSH_PARSE_OK || g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r));
  ck_assert (r != SIPPUSH_PARSE_NEED_MORE);
  if (r != SIPPUSH_PARSE_OK)
    ck_assert_uint_eq (fp->len, 0);
  g_clear_error (&error);
  g_free (copy);
  return r;
}

START_TEST (test_fingerprint_good)
{
  static const struct
  {
    const char *in;
    SipPushFingerprintHash hash;
    gsize len;
  } rows[] = {
    { SHA256_TEXT, SIPPUSH_FINGERPRINT_SHA256, 32 },
    { "SHA-256 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab:3c:80:2c:67:29:44:"
      "6b:c2:86:57:4d:e6",
      SIPPUSH_FINGERPRINT_SHA256, 32 },
    { "  sha-256\t\t4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:"
      "44:6B:C2:86:57:4D:E6 \t",
      SIPPUSH_FINGERPRINT_SHA256, 32 },
    { "sha-384 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:"
      "1A:1B:1C:1D:1E:1F:20:21:22:23:24:25:26:27:28:29:2A:2B:2C:2D:2E:2F",
      SIPPUSH_FINGERPRINT_SHA384, 48 },
    { "sha-512 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:"
      "1A:1B:1C:1D:1E:1F:20:21:22:23:24:25:26:27:28:29:2A:2B:2C:2D:2E:2F:30:31:32:33:34:35:36:"
      "37:38:39:3A:3B:3C:3D:3E:3F",
      SIPPUSH_FINGERPRINT_SHA512, 64 },
  };
  for (gsize r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      SipPushFingerprint fp;
      gsize len = strlen (rows[r].in);
      ck_assert_msg (parse (rows[r].in, len, &fp) == SIPPUSH_PARSE_OK, "%s", rows[r].in);
      ck_assert_int_eq (fp.hash, rows[r].hash);
      ck_assert_uint_eq (fp.len, rows[r].len);
      /* Formatting gives the canonical text back, which parses to the same value. */
      g_autofree gchar *text = sippush_fingerprint_format (&fp);
      SipPushFingerprint again;
      ck_assert (parse (text, strlen (text), &again) == SIPPUSH_PARSE_OK);
      ck_assert (sippush_fingerprint_equal (&fp, &again));
      /* Every proper prefix that cuts into the digest is refused (none is "need more"). */
      for (gsize cut = 0; cut < len; cut++)
        {
          SipPushFingerprint part;
          gsize end = len;
          while (end > 0 && (rows[r].in[end - 1] == ' ' || rows[r].in[end - 1] == '\t'))
            end--;
          if (cut < end)
            ck_assert_msg (parse (rows[r].in, cut, &part) == SIPPUSH_PARSE_MALFORMED, "%s [%zu]",
                           rows[r].in, cut);
        }
    }
  SipPushFingerprint fp;
  ck_assert (parse (SHA256_TEXT, strlen (SHA256_TEXT), &fp) == SIPPUSH_PARSE_OK);
  ck_assert_uint_eq (fp.digest[0], 0x4A);
  ck_assert_uint_eq (fp.digest[31], 0xE6);
  g_autofree gchar *text = sippush_fingerprint_format (&fp);
  ck_assert_str_eq (text, SHA256_TEXT);
}
END_TEST

/* Hostile and weak values: each refused, none read past its length. */
START_TEST (test_fingerprint_bad)
{
  static const char *const rows[] = {
    "",
    " ",
    "sha-256",
    "sha-256 ",
    "sha-256:4A:AD",
    "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB",
    "md5 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B",
    "sha-224 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29",
    "sha-2560 4A:AD",
    "nothash 4A:AD",
    /* one pair short, one pair long, a trailing colon */
    "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57:4D",
    "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57:4D:E6:00",
    "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57:4D:E6:",
    /* no colons, single digits, a non-hex digit, a sign, a space inside */
    "sha-256 4AADB9B13F82183B540212DF3E5D496B19E57CAB3C802C6729446BC286574DE6",
    "sha-256 4:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57:4D:E6",
    "sha-256 4G:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57:4D:E6",
    "sha-256 +4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57:4D:E6",
    "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57 :4D:E6",
    "sha-256 4A::AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57:4D:E6",
    /* a second fingerprint on the same line, CR LF inside */
    SHA256_TEXT " " SHA256_TEXT,
    "sha-256\r\n4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3C:80:2C:67:29:44:6B:"
    "C2:86:57:4D:E6",
  };
  for (gsize r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      SipPushFingerprint fp;
      ck_assert_msg (parse (rows[r], strlen (rows[r]), &fp) == SIPPUSH_PARSE_MALFORMED, "%s",
                     rows[r]);
    }
  /* A NUL inside */
  static const char nul[] = "sha-256 4A\0AD";
  SipPushFingerprint fp;
  ck_assert (parse (nul, sizeof nul - 1, &fp) == SIPPUSH_PARSE_MALFORMED);
  /* Over the limit: too large before anything is read. */
  g_autofree gchar *huge = g_strnfill (SIPPUSH_FINGERPRINT_MAX_TEXT + 1, ' ');
  ck_assert (parse (huge, strlen (huge), &fp) == SIPPUSH_PARSE_TOO_LARGE);
}
END_TEST

/* The fingerprint of a DER blob is its hash; equal compares hash function and digest. */
START_TEST (test_fingerprint_of_der)
{
  static const guint8 der[] = "abc";
  SipPushFingerprint a, b;
  sippush_fingerprint_of_der (SIPPUSH_FINGERPRINT_SHA256, der, 3, &a);
  g_autofree gchar *text = sippush_fingerprint_format (&a);
  /* SHA-256("abc"), FIPS 180-2 B.1 */
  ck_assert_str_eq (text, "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:"
                          "96:17:7A:9C:B4:10:FF:61:F2:00:15:AD");
  ck_assert (parse (text, strlen (text), &b) == SIPPUSH_PARSE_OK);
  ck_assert (sippush_fingerprint_equal (&a, &b));
  b.digest[31] ^= 1;
  ck_assert (!sippush_fingerprint_equal (&a, &b));
  sippush_fingerprint_of_der (SIPPUSH_FINGERPRINT_SHA512, der, 3, &b);
  ck_assert_uint_eq (b.len, 64);
  ck_assert (!sippush_fingerprint_equal (&a, &b));
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("fingerprint");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_fingerprint_good);
  tcase_add_test (tc, test_fingerprint_bad);
  tcase_add_test (tc, test_fingerprint_of_der);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
