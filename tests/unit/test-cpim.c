/* Unit tests for the message/cpim head parser (R-MSRP-4). */
#include "check-main.h"
#include <string.h>

#include "msrp/cpim.h"

/* The D.5 CPIM wrapper (the seed shows it without line ends and indented; here CRLF). */
static const char d5_cpim[] = "To: Bob <sip:bob@example.com>\r\n"
                              "From:  <sip:bob@push-sender-agent.example.com>\r\n"
                              "DateTime: 2006-05-15T15:02:31-03:00\r\n"
                              "\r\n"
                              "Content-Disposition: not-render; filename=\"My cool picture.jpg\"; "
                              "creation-date=\"Mon, 15 May 2006 15:01:31 +03:00\"; size=4092\r\n"
                              "Content-Type: image/jpeg\r\n"
                              "\r\n"
                              "\xff\xd8\xff\xe0 first bytes of the JPEG\r\n\r\n\x00\x01";

static SipPushParseResult
parse (const char *data, gsize len, gsize *head_len, gchar **content_type)
{
  GError *error = NULL;
  /* A copy of exactly @len bytes, so that ASan sees any read past the prefix. */
  guint8 *copy = g_memdup2 (data, len ? len : 1);
  SipPushParseResult r = sippush_cpim_parse_head (copy, len, head_len, content_type, &error);

  gboolean failed = r == SIPPUSH_PARSE_MALFORMED || r == SIPPUSH_PARSE_TOO_LARGE;
  ck_assert (failed == (error != NULL));
  ck_assert (!failed || g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r));
  if (r != SIPPUSH_PARSE_OK)
    {
      ck_assert_uint_eq (*head_len, 0);
      ck_assert_ptr_null (*content_type);
    }
  g_clear_error (&error);
  g_free (copy);
  return r;
}

/* Every prefix shorter than the head needs more; every longer one is DONE the same way. */
static void
check_prefixes (const char *data, gsize len, gsize want_head, const char *want_type)
{
  for (gsize n = 0; n <= len; n++)
    {
      gsize head_len = 99;
      gchar *ctype = (gchar *) "junk";
      SipPushParseResult r = parse (data, n, &head_len, &ctype);

      if (n < want_head)
        ck_assert_msg (r == SIPPUSH_PARSE_NEED_MORE, "prefix %zu: %d", n, r);
      else
        {
          ck_assert_msg (r == SIPPUSH_PARSE_OK, "prefix %zu: %d", n, r);
          ck_assert_uint_eq (head_len, want_head);
          if (want_type == NULL)
            ck_assert_ptr_null (ctype);
          else
            ck_assert_str_eq (ctype, want_type);
          g_free (ctype);
        }
    }
}

/* R-MSRP-4: the D.5 wrapper, at every prefix length. */
START_TEST (test_cpim_d5_every_prefix)
{
  const char *body = strstr (d5_cpim, "\xff\xd8");

  check_prefixes (d5_cpim, sizeof d5_cpim - 1, (gsize) (body - d5_cpim), "image/jpeg");
}
END_TEST

START_TEST (test_cpim_lf_only)
{
  static const char text[] = "From: <sip:a@example.com>\n"
                             "To: <sip:b@example.com>\n"
                             "NS: MyFeatures <mid:MessageFeatures@id.foo.com>\n"
                             "Subject;lang=fr: bonjour\n"
                             "\n"
                             "Content-Type:   text/plain;\n"
                             "  charset=utf-8  \r\n"
                             "Content-ID: <1234567890@foo.com>\n"
                             "\n"
                             "hello";

  check_prefixes (text, sizeof text - 1, sizeof text - 1 - strlen ("hello"),
                  "text/plain;   charset=utf-8");
}
END_TEST

START_TEST (test_cpim_no_content_type)
{
  static const char text[] = "From: <sip:a@example.com>\r\n\r\nContent-Length: 5\r\n\r\nhello";
  static const char empty_blocks[] = "\r\n\r\nbody";

  check_prefixes (text, sizeof text - 1, sizeof text - 1 - 5, NULL);
  check_prefixes (empty_blocks, sizeof empty_blocks - 1, 4, NULL);
}
END_TEST

START_TEST (test_cpim_bad)
{
  static const struct
  {
    const char *data;
    gsize len;
  } rows[] = {
#define ROW(s) { s, sizeof s - 1 }
    ROW ("From <sip:a@example.com>\r\n\r\nContent-Type: text/plain\r\n\r\n"),
    ROW ("From: a\r\n\r\nContent-Type text/plain\r\n\r\n"),
    ROW (": no name\r\n\r\n\r\n"),
    ROW ("From: a\r\n\r\nContent-Type: text/plain\r\ncontent-type: text/html\r\n\r\n"),
    ROW ("From: a\r\n\r\nContent-Type:  \r\n\r\nbody"),
    ROW ("From: a\r\n\r\nContent-Type: text/\x01plain\r\n\r\nbody"),
    ROW ("From: a\0b\r\n\r\nContent-Type: text/plain\r\n\r\n"),
    ROW ("From: a\r\n\r\nContent-Type: text/plain\0\r\n\r\n"),
    ROW ("From: a\rb\r\n\r\n\r\n"),
    ROW (" folded: first\r\n\r\n\r\n"),
    ROW ("From: a\r\n folded\r\n\r\n\r\n"),
    ROW ("From: a\r\n\r\n continuation without a header\r\n\r\n"),
    /* an error in a line not finished yet is seen at once */
    ROW ("From: a\0"),
#undef ROW
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gsize head_len;
      gchar *ctype;
      ck_assert_msg (parse (rows[i].data, rows[i].len, &head_len, &ctype)
                         == SIPPUSH_PARSE_MALFORMED,
                     "row %zu", i);
    }
}
END_TEST

/* The head is bounded: 16 KiB without its end is an error, not a wait for more. */
START_TEST (test_cpim_max_head)
{
  GString *text = g_string_new ("From: <sip:a@example.com>\r\n");
  gsize head_len;
  gchar *ctype;

  while (text->len < SIPPUSH_CPIM_MAX_HEAD)
    g_string_append (text, "X-Padding: 0123456789abcdef0123456789abcdef\r\n");
  ck_assert (parse (text->str, SIPPUSH_CPIM_MAX_HEAD, &head_len, &ctype)
             == SIPPUSH_PARSE_NEED_MORE);
  g_string_append (text, "\r\nContent-Type: text/plain\r\n\r\nbody");
  ck_assert (parse (text->str, text->len, &head_len, &ctype) == SIPPUSH_PARSE_TOO_LARGE);

  /* One long line without an end. */
  g_string_truncate (text, 0);
  g_string_append (text, "From: ");
  while (text->len <= SIPPUSH_CPIM_MAX_HEAD)
    g_string_append_c (text, 'a');
  ck_assert (parse (text->str, text->len, &head_len, &ctype) == SIPPUSH_PARSE_TOO_LARGE);

  /* A head of exactly the limit is fine. */
  g_string_truncate (text, 0);
  g_string_append (text, "From: ");
  const char *tail = "\r\n\r\nContent-Type: a/b\r\n\r\n";
  while (text->len < SIPPUSH_CPIM_MAX_HEAD - strlen (tail))
    g_string_append_c (text, 'a');
  g_string_append (text, tail);
  ck_assert_uint_eq (text->len, SIPPUSH_CPIM_MAX_HEAD);
  g_string_append (text, "body");
  ck_assert (parse (text->str, text->len, &head_len, &ctype) == SIPPUSH_PARSE_OK);
  ck_assert_uint_eq (head_len, SIPPUSH_CPIM_MAX_HEAD);
  ck_assert_str_eq (ctype, "a/b");
  g_free (ctype);
  g_string_free (text, TRUE);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("cpim");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_cpim_d5_every_prefix);
  tcase_add_test (tc, test_cpim_lf_only);
  tcase_add_test (tc, test_cpim_no_content_type);
  tcase_add_test (tc, test_cpim_bad);
  tcase_add_test (tc, test_cpim_max_head);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
