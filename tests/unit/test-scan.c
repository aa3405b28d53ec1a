/* Unit tests for the shared scanners (core/scan.c) and the parse result contract
 * (core/parse.h). Inputs are copied into exact-length buffers without a NUL, so that
 * AddressSanitizer reports any read past the length. */
#include "check-main.h"
#include <string.h>

#include "core/parse.h"
#include "core/scan.h"

static char *
exact_copy (const char *s, gsize len)
{
  char *buf = g_malloc (MAX (len, 1));
  memcpy (buf, s, len);
  return buf;
}

typedef struct
{
  const char *in;
  gsize start;
  guint max_digits;
  guint64 max;
  gboolean ok;
  guint64 value;
  gsize end; /* the cursor after the scan (= start on failure) */
} NumberRow;

static const NumberRow decimal_rows[] = {
  { "0", 0, 0, G_MAXUINT64, TRUE, 0, 1 },
  { "42", 0, 0, G_MAXUINT64, TRUE, 42, 2 },
  { "42abc", 0, 0, G_MAXUINT64, TRUE, 42, 2 },
  { "x42", 1, 0, G_MAXUINT64, TRUE, 42, 3 },
  { "", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  { "abc", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  { "-1", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  { "+1", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  { " 1", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  /* limits of guint64 */
  { "18446744073709551615", 0, 20, G_MAXUINT64, TRUE, G_MAXUINT64, 20 },
  { "18446744073709551616", 0, 20, G_MAXUINT64, FALSE, 0, 0 },
  { "18446744073709551620", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  { "99999999999999999999999", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  /* digit bound: leading zeros count */
  { "000000000000000000001", 0, 20, G_MAXUINT64, FALSE, 0, 0 },
  { "000000000000000000001", 0, 0, G_MAXUINT64, TRUE, 1, 21 },
  { "1234567890", 0, 10, G_MAXUINT32, TRUE, 1234567890, 10 },
  { "12345678901", 0, 10, G_MAXUINT64, FALSE, 0, 0 },
  /* value bound */
  { "4294967295", 0, 0, G_MAXUINT32, TRUE, G_MAXUINT32, 10 },
  { "4294967296", 0, 0, G_MAXUINT32, FALSE, 0, 0 },
  { "65535", 0, 5, 65535, TRUE, 65535, 5 },
  { "65536", 0, 5, 65535, FALSE, 0, 0 },
  { "9", 0, 0, 5, FALSE, 0, 0 },
  { "5", 0, 0, 5, TRUE, 5, 1 },
  /* a bound that is not a multiple of ten: max / 10 and the last digit both decide */
  { "59", 0, 0, 59, TRUE, 59, 2 },
  { "60", 0, 0, 59, FALSE, 0, 0 },
  { "57", 0, 0, 56, FALSE, 0, 0 },
  { "0", 0, 0, 0, TRUE, 0, 1 },
  { "1", 0, 0, 0, FALSE, 0, 0 },
};

START_TEST (test_scan_decimal)
{
  const NumberRow *r = &decimal_rows[_i];
  gsize len = strlen (r->in);
  g_autofree char *buf = exact_copy (r->in, len);
  gsize i = r->start;
  guint64 v = 12345;

  gboolean ok = sippush_scan_decimal (buf, len, &i, r->max_digits, r->max, &v);
  ck_assert_msg (ok == r->ok, "%s", r->in);
  ck_assert_uint_eq (i, r->end);
  if (ok)
    ck_assert_uint_eq (v, r->value);
  else
    ck_assert_uint_eq (v, 12345); /* untouched */
}
END_TEST

static const NumberRow hex_rows[] = {
  { "ff", 0, 0, G_MAXUINT64, TRUE, 0xff, 2 },
  { "DEADbeef", 0, 8, G_MAXUINT32, TRUE, 0xdeadbeef, 8 },
  { "ffffffffffffffff", 0, 0, G_MAXUINT64, TRUE, G_MAXUINT64, 16 },
  { "10000000000000000", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  { "100000000", 0, 8, G_MAXUINT64, FALSE, 0, 0 },
  { "100000000", 0, 0, G_MAXUINT32, FALSE, 0, 0 },
  { "0x1", 0, 0, G_MAXUINT64, TRUE, 0, 1 },
  { "g", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
  { "", 0, 0, G_MAXUINT64, FALSE, 0, 0 },
};

START_TEST (test_scan_hex)
{
  const NumberRow *r = &hex_rows[_i];
  gsize len = strlen (r->in);
  g_autofree char *buf = exact_copy (r->in, len);
  gsize i = r->start;
  guint64 v = 0;

  gboolean ok = sippush_scan_hex (buf, len, &i, r->max_digits, r->max, &v);
  ck_assert_msg (ok == r->ok, "%s", r->in);
  ck_assert_uint_eq (i, r->end);
  if (ok)
    ck_assert_uint_eq (v, r->value);
}
END_TEST

/* Every prefix of every vector, from an exact buffer: never a read past the length. */
START_TEST (test_scan_decimal_every_prefix)
{
  for (gsize k = 0; k < G_N_ELEMENTS (decimal_rows); k++)
    {
      const char *in = decimal_rows[k].in;
      for (gsize len = 0; len <= strlen (in); len++)
        {
          g_autofree char *buf = exact_copy (in, len);
          gsize i = 0;
          guint64 v;
          if (sippush_scan_decimal (buf, len, &i, 0, G_MAXUINT64, &v))
            ck_assert_uint_le (i, len);
          else
            ck_assert_uint_eq (i, 0);
          i = 0;
          sippush_scan_hex (buf, len, &i, 0, G_MAXUINT64, &v);
          ck_assert_uint_le (i, len);
        }
    }
}
END_TEST

START_TEST (test_scan_decimal_all)
{
  guint64 v = 0;
  ck_assert (sippush_scan_decimal_all ("123", 3, 0, G_MAXUINT64, &v));
  ck_assert_uint_eq (v, 123);
  ck_assert (!sippush_scan_decimal_all ("123 ", 4, 0, G_MAXUINT64, &v));
  ck_assert (!sippush_scan_decimal_all ("", 0, 0, G_MAXUINT64, &v));
  ck_assert (!sippush_scan_decimal_all (NULL, 0, 0, G_MAXUINT64, &v));
  /* the length bounds the scan, not a NUL */
  ck_assert (sippush_scan_decimal_all ("12x", 2, 0, G_MAXUINT64, &v));
  ck_assert_uint_eq (v, 12);
}
END_TEST

typedef struct
{
  SipPushCharClass cls;
  const char *in;
  gsize span;
} SpanRow;

static const SpanRow span_rows[] = {
  { SIPPUSH_CHARS_SIP_TOKEN, "ua-profile;x", 10 },
  { SIPPUSH_CHARS_SIP_TOKEN, "a.b!c%d*e_f+g`h'i~j k", 19 },
  { SIPPUSH_CHARS_SIP_TOKEN, "\"q\"", 0 },
  { SIPPUSH_CHARS_SIP_TOKEN, "", 0 },
  { SIPPUSH_CHARS_MIME_TOKEN, "text/plain", 4 },
  { SIPPUSH_CHARS_MIME_TOKEN, "x-a#b$c=d", 7 },
  { SIPPUSH_CHARS_MIME_TOKEN, "\x7f", 0 },
  { SIPPUSH_CHARS_SDP_TOKEN, "TCP/MSRP", 3 },
  { SIPPUSH_CHARS_SDP_TOKEN, "a#b{c}|d^e (", 10 },
  { SIPPUSH_CHARS_DIGIT, "0123456789a", 10 },
  { SIPPUSH_CHARS_HEX, "09afAFg", 6 },
  { SIPPUSH_CHARS_BLANK, " \t \r\n", 3 },
};

START_TEST (test_scan_span)
{
  const SpanRow *r = &span_rows[_i];
  gsize len = strlen (r->in);
  g_autofree char *buf = exact_copy (r->in, len);
  gsize i = 0;
  ck_assert_uint_eq (sippush_scan_span (buf, len, &i, r->cls), r->span);
  ck_assert_uint_eq (i, r->span);
  /* A NUL is in no class. */
  ck_assert (!sippush_scan_is (r->cls, '\0'));
}
END_TEST

START_TEST (test_scan_token_and_blanks)
{
  const char *s = "  Event : ua-profile \t";
  gsize len = strlen (s), i = 0;
  sippush_scan_skip_blanks (s, len, &i);
  ck_assert_uint_eq (i, 2);
  ck_assert_uint_eq (sippush_scan_token (s, len, &i), 5);
  ck_assert_uint_eq (i, 7);
  ck_assert_uint_eq (sippush_scan_token (s, len, &i), 0);
  ck_assert_uint_eq (sippush_scan_trim_blanks_end (s, 10, len), 20);
  ck_assert_uint_eq (sippush_scan_trim_blanks_end ("   ", 0, 3), 0);
  i = len;
  sippush_scan_skip_blanks (s, len, &i);
  ck_assert_uint_eq (i, len);
}
END_TEST

START_TEST (test_scan_hex_byte_and_percent)
{
  guint8 b = 0;
  gsize i = 0;
  ck_assert (sippush_scan_hex_byte ("7f", 2, 0, &b));
  ck_assert_uint_eq (b, 0x7f);
  ck_assert (sippush_scan_hex_byte ("xA0", 3, 1, &b));
  ck_assert_uint_eq (b, 0xa0);
  ck_assert (!sippush_scan_hex_byte ("7", 1, 0, &b));
  ck_assert (!sippush_scan_hex_byte ("7f", 2, 1, &b));
  ck_assert (!sippush_scan_hex_byte ("7f", 2, 2, &b));
  ck_assert (!sippush_scan_hex_byte ("g0", 2, 0, &b));

  ck_assert (sippush_scan_percent ("%41x", 4, &i, &b));
  ck_assert_uint_eq (b, 'A');
  ck_assert_uint_eq (i, 3);
  static const char *const bad[] = { "%", "%4", "%4g", "%%41", "41", "" };
  for (gsize k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      gsize len = strlen (bad[k]);
      g_autofree char *buf = exact_copy (bad[k], len);
      i = 0;
      ck_assert_msg (!sippush_scan_percent (buf, len, &i, &b), "%s", bad[k]);
      ck_assert_uint_eq (i, 0);
    }
}
END_TEST

START_TEST (test_scan_names)
{
  ck_assert (sippush_scan_name_is ("EVENT", 5, "event"));
  ck_assert (!sippush_scan_name_is ("EVENTS", 6, "event"));
  ck_assert (!sippush_scan_name_is ("EVEN", 4, "event"));
  ck_assert (!sippush_scan_name_is ("ev\0nt", 5, "event"));
  ck_assert (sippush_scan_has_prefix_nocase ("MSRP://h", 8, "msrp://"));
  ck_assert (!sippush_scan_has_prefix_nocase ("msrp:/", 6, "msrp://"));
}
END_TEST

START_TEST (test_parse_fail)
{
  g_autoptr (GError) error = NULL;
  ck_assert_int_eq (sippush_parse_fail (&error, SIPPUSH_PARSE_TOO_LARGE, "over %d", 7),
                    SIPPUSH_PARSE_TOO_LARGE);
  ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_TOO_LARGE));
  ck_assert_str_eq (error->message, "over 7");
  ck_assert_int_eq (sippush_parse_fail (NULL, SIPPUSH_PARSE_MALFORMED, "x"),
                    SIPPUSH_PARSE_MALFORMED);
  ck_assert_str_eq (sippush_parse_result_to_string (SIPPUSH_PARSE_NEED_MORE), "need more");
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("scan");
  TCase *tc = tcase_create ("scan");
  tcase_add_loop_test (tc, test_scan_decimal, 0, G_N_ELEMENTS (decimal_rows));
  tcase_add_loop_test (tc, test_scan_hex, 0, G_N_ELEMENTS (hex_rows));
  tcase_add_test (tc, test_scan_decimal_every_prefix);
  tcase_add_test (tc, test_scan_decimal_all);
  tcase_add_loop_test (tc, test_scan_span, 0, G_N_ELEMENTS (span_rows));
  tcase_add_test (tc, test_scan_token_and_blanks);
  tcase_add_test (tc, test_scan_hex_byte_and_percent);
  tcase_add_test (tc, test_scan_names);
  tcase_add_test (tc, test_parse_fail);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
