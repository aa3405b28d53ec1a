/* Unit tests for what an MSRP relay answers to AUTH (msrp/relay-auth.c; R-MSRP-7, RFC 4976
 * §5): the 401's digest challenge, the 200's Use-Path and Expires, and the Authorization
 * that answers a challenge (RFC 2617 §3.2.2, checked against the RFC's own example and
 * against values computed independently). Every input is parsed from an exact-length copy
 * without a NUL, whole and at every prefix, so AddressSanitizer reports a read past it. */
#include "check-main.h"
#include <string.h>

#include "msrp/relay-auth.h"

static SipPushParseResult
challenge_exact (const char *text, gsize len, SipPushMsrpDigestChallenge *out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *copy = g_memdup2 (text, len ? len : 1);
  SipPushParseResult r = sippush_msrp_digest_challenge_parse (copy, len, out, &error);
  ck_assert ((r == SIPPUSH_PARSE_OK) == (error == NULL));
  ck_assert (r != SIPPUSH_PARSE_NEED_MORE);
  if (error)
    {
      ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r));
      ck_assert_ptr_null (out->realm);
      ck_assert_ptr_null (out->nonce);
      ck_assert_ptr_null (out->opaque);
    }
  return r;
}

typedef struct
{
  const char *value;
  SipPushParseResult result;
  const char *realm, *nonce, *opaque;
  gboolean qop_auth, stale;
} ChallengeRow;

static const ChallengeRow challenges[] = {
  /* What Kamailio's auth module sends (tests/kamailio/msrp-relay.cfg). */
  { "Digest realm=\"sippush\", nonce=\"ZfZ1hWX2dFkL2Hn0ZRo8Yv1b\", qop=\"auth\"", SIPPUSH_PARSE_OK,
    "sippush", "ZfZ1hWX2dFkL2Hn0ZRo8Yv1b", NULL, TRUE, FALSE },
  /* RFC 2617 §3.5. */
  { "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
    SIPPUSH_PARSE_OK, "testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
    "5ccc069c403ebaf9f0171e9517f40e41", TRUE, FALSE },
  /* No qop (RFC 2069 style), tokens unquoted, case, blanks, unknown parameters skipped. */
  { "  digest  realm = r ,nonce=n,\tALGORITHM=md5 , domain=\"msrp://x\", stale=TRUE, x=y",
    SIPPUSH_PARSE_OK, "r", "n", NULL, FALSE, TRUE },
  /* Escapes in a quoted-string. */
  { "Digest realm=\"a\\\"b\\\\c\", nonce=\"\"", SIPPUSH_PARSE_OK, "a\"b\\c", "", NULL, FALSE,
    FALSE },
  /* Hostile and unsupported. */
  { "", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest ", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Basic realm=\"x\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digestrealm=\"x\", nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest realm=\"x\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest realm=\"x\", nonce=\"y\", algorithm=MD5-sess", SIPPUSH_PARSE_MALFORMED, NULL, NULL,
    NULL, FALSE, FALSE },
  { "Digest realm=\"x\", nonce=\"y\", algorithm=SHA-256", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL,
    FALSE, FALSE },
  { "Digest realm=\"x\", nonce=\"y\", qop=\"auth-int\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL,
    FALSE, FALSE },
  { "Digest realm=\"x\", realm=\"z\", nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL,
    FALSE, FALSE },
  { "Digest realm=\"x, nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest realm=\"x\" nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest realm=\"x\",, nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest realm=\"x\", nonce=\"y\",", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest realm=, nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest =\"x\", nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
  { "Digest realm=\"x\r\nInjected: 1\", nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL,
    FALSE, FALSE },
  { "Digest realm=\"x\\\r\", nonce=\"y\"", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE,
    FALSE },
  { "Digest realm=\"x\\", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, FALSE, FALSE },
};

/* Tested whole, and every strict prefix of a good one must not parse as something else
 * that reads past it. */
START_TEST (test_challenge_rows_r_msrp_7)
{
  const ChallengeRow *row = &challenges[_i];
  g_auto (SipPushMsrpDigestChallenge) c = { 0 };
  SipPushParseResult r = challenge_exact (row->value, strlen (row->value), &c);
  ck_assert_msg (r == row->result, "%s: %s", row->value, sippush_parse_result_to_string (r));
  if (r != SIPPUSH_PARSE_OK)
    return;
  ck_assert_str_eq (c.realm, row->realm);
  ck_assert_str_eq (c.nonce, row->nonce);
  ck_assert_pstr_eq (c.opaque, row->opaque);
  ck_assert_int_eq (c.qop_auth, row->qop_auth);
  ck_assert_int_eq (c.stale, row->stale);
  for (gsize len = 0; len < strlen (row->value); len++)
    {
      g_auto (SipPushMsrpDigestChallenge) p = { 0 };
      challenge_exact (row->value, len, &p);
    }
}
END_TEST

/* R-SEC-2: values and parameter counts are bounded. */
START_TEST (test_challenge_limits_r_msrp_7)
{
  g_autofree gchar *big_value = g_strnfill (SIPPUSH_MSRP_DIGEST_VALUE_MAX + 1, 'n');
  g_autofree gchar *v1 = g_strdup_printf ("Digest realm=\"r\", nonce=\"%s\"", big_value);
  g_autofree gchar *v2 = g_strdup_printf ("Digest realm=\"r\", nonce=%s", big_value);
  GString *many = g_string_new ("Digest realm=\"r\", nonce=\"n\"");
  for (int i = 0; i < SIPPUSH_MSRP_DIGEST_PARAMS_MAX; i++)
    g_string_append_printf (many, ", x%d=y", i);
  g_autofree gchar *v3 = g_string_free (many, FALSE);
  const char *values[] = { v1, v2, v3 };
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_auto (SipPushMsrpDigestChallenge) c = { 0 };
      ck_assert_int_eq (challenge_exact (values[i], strlen (values[i]), &c),
                        SIPPUSH_PARSE_TOO_LARGE);
    }
}
END_TEST

/* RFC 2617 §3.5's own example, with the method AUTH (RFC 4976 §5) instead of GET: the
 * response is recomputed here with GChecksum, step by step as the RFC writes it. */
START_TEST (test_authorization_rfc2617_r_msrp_7)
{
  static const char challenge[] = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                                  "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                                  "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
  g_auto (SipPushMsrpDigestChallenge) c = { 0 };
  ck_assert_int_eq (challenge_exact (challenge, strlen (challenge), &c), SIPPUSH_PARSE_OK);
  g_autofree gchar *auth = sippush_msrp_digest_authorization (
      &c, "Mufasa", "Circle Of Life", "msrp://relay.example:2855;tcp", "0a4f113b");
  /* HA1 = MD5(Mufasa:testrealm@host.com:Circle Of Life) = 939e7578ed9e3c518a452acee763bce9
   * (RFC 2617 §3.5); HA2 = MD5(AUTH:msrp://relay.example:2855;tcp). */
  g_autofree gchar *ha2
      = g_compute_checksum_for_string (G_CHECKSUM_MD5, "AUTH:msrp://relay.example:2855;tcp", -1);
  g_autofree gchar *data = g_strdup_printf (
      "939e7578ed9e3c518a452acee763bce9:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:"
      "auth:%s",
      ha2);
  g_autofree gchar *response = g_compute_checksum_for_string (G_CHECKSUM_MD5, data, -1);
  g_autofree gchar *expected = g_strdup_printf (
      "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"msrp://relay.example:2855;tcp\", "
      "qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"%s\", algorithm=MD5, "
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
      response);
  ck_assert_str_eq (auth, expected);
}
END_TEST

/* Without qop the response is MD5(HA1:nonce:HA2); quotes in the user name are escaped. */
START_TEST (test_authorization_no_qop_r_msrp_7)
{
  SipPushMsrpDigestChallenge c = { .realm = "r", .nonce = "n" };
  g_autofree gchar *auth
      = sippush_msrp_digest_authorization (&c, "a\"b", "pw", "msrp://h:1;tcp", "unused");
  g_autofree gchar *ha1 = g_compute_checksum_for_string (G_CHECKSUM_MD5, "a\"b:r:pw", -1);
  g_autofree gchar *ha2 = g_compute_checksum_for_string (G_CHECKSUM_MD5, "AUTH:msrp://h:1;tcp", -1);
  g_autofree gchar *data = g_strdup_printf ("%s:n:%s", ha1, ha2);
  g_autofree gchar *response = g_compute_checksum_for_string (G_CHECKSUM_MD5, data, -1);
  g_autofree gchar *expected
      = g_strdup_printf ("Digest username=\"a\\\"b\", realm=\"r\", nonce=\"n\", "
                         "uri=\"msrp://h:1;tcp\", response=\"%s\", algorithm=MD5",
                         response);
  ck_assert_str_eq (auth, expected);
}
END_TEST

typedef struct
{
  const char *value;
  SipPushParseResult result;
  const char *path;
} UsePathRow;

static const UsePathRow use_paths[] = {
  { "msrp://127.0.0.1:2855/u-alice;tcp", SIPPUSH_PARSE_OK, "msrp://127.0.0.1:2855/u-alice;tcp" },
  { " msrp://a.example/s1;tcp \t msrps://b.example:9/s2;tcp ", SIPPUSH_PARSE_OK,
    "msrp://a.example/s1;tcp msrps://b.example:9/s2;tcp" },
  { "", SIPPUSH_PARSE_MALFORMED, NULL },
  { "   ", SIPPUSH_PARSE_MALFORMED, NULL },
  { "msrp://127.0.0.1:2855;tcp", SIPPUSH_PARSE_MALFORMED, NULL }, /* no session id */
  { "sip:alice@example.com", SIPPUSH_PARSE_MALFORMED, NULL },
  { "msrp://a/s;tcp msrp://", SIPPUSH_PARSE_MALFORMED, NULL },
  { "msrp://a/s;tcp\r\nX: y", SIPPUSH_PARSE_MALFORMED, NULL },
  { "msrp://a/1;tcp msrp://a/2;tcp msrp://a/3;tcp msrp://a/4;tcp msrp://a/5;tcp msrp://a/6;tcp "
    "msrp://a/7;tcp msrp://a/8;tcp msrp://a/9;tcp",
    SIPPUSH_PARSE_TOO_LARGE, NULL },
};

START_TEST (test_use_path_rows_r_msrp_7)
{
  const UsePathRow *row = &use_paths[_i];
  gsize len = strlen (row->value);
  for (gsize n = 0; n <= len; n++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *copy = g_memdup2 (row->value, n ? n : 1);
      g_autofree gchar *path = NULL;
      SipPushParseResult r = sippush_msrp_use_path_parse (copy, n, &path, &error);
      ck_assert ((r == SIPPUSH_PARSE_OK) == (path != NULL));
      ck_assert ((r == SIPPUSH_PARSE_OK) == (error == NULL));
      if (n < len)
        continue;
      ck_assert_msg (r == row->result, "%s: %s", row->value, sippush_parse_result_to_string (r));
      if (r == SIPPUSH_PARSE_OK)
        ck_assert_str_eq (path, row->path);
    }
}
END_TEST

START_TEST (test_expires_r_msrp_7)
{
  static const struct
  {
    const char *value;
    gboolean ok;
    guint32 seconds;
  } rows[] = {
    { "600", TRUE, 600 },
    { "0", TRUE, 0 },
    { "4294967295", TRUE, G_MAXUINT32 },
    { "4294967296", FALSE, 0 },
    { "00000000001", FALSE, 0 },
    { "", FALSE, 0 },
    { "-1", FALSE, 0 },
    { "60 ", FALSE, 0 },
    { "1e3", FALSE, 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr (GError) error = NULL;
      gsize len = strlen (rows[i].value);
      g_autofree char *copy = g_memdup2 (rows[i].value, len ? len : 1);
      guint32 s = 7;
      SipPushParseResult r = sippush_msrp_expires_parse (copy, len, &s, &error);
      ck_assert_msg ((r == SIPPUSH_PARSE_OK) == rows[i].ok, "%s", rows[i].value);
      if (rows[i].ok)
        ck_assert_uint_eq (s, rows[i].seconds);
      else
        ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_MALFORMED));
    }
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("msrp-relay-auth");
  TCase *tc = tcase_create ("relay-auth");
  tcase_add_loop_test (tc, test_challenge_rows_r_msrp_7, 0, G_N_ELEMENTS (challenges));
  tcase_add_test (tc, test_challenge_limits_r_msrp_7);
  tcase_add_test (tc, test_authorization_rfc2617_r_msrp_7);
  tcase_add_test (tc, test_authorization_no_qop_r_msrp_7);
  tcase_add_loop_test (tc, test_use_path_rows_r_msrp_7, 0, G_N_ELEMENTS (use_paths));
  tcase_add_test (tc, test_expires_r_msrp_7);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
