/* Unit tests for multipart INVITE bodies (R-INV-7) and RFC 5547 a=file-date (R-INV-8):
 * the seed's D.5 body, hostile bodies as a table, every prefix of the good ones. */
#include "check-main.h"
#include <string.h>

#include "sdp/file-date.h"
#include "sdp/multipart.h"

/* The seed's D.5 body (unfolded, CRLF), its a=icon and Content-ID with the seed's space. */
static const char d5_body[] = "--boundary71\r\n"
                              "Content-Type: application/sdp\r\n"
                              "Content-Length: 120\r\n"
                              "\r\n"
                              "v=0\r\n"
                              "m=message 7654 TCP/MSRP *\r\n"
                              "i=This is my latest picture\r\n"
                              "a=icon:cid:id2@ push-sender-agent.example.com\r\n"
                              "\r\n"
                              "--boundary71\r\n"
                              "Content-Type: image/jpeg\r\n"
                              "Content-Transfer-Encoding: binary\r\n"
                              "Content-ID: <id2@ push-sender-agent.example.com>\r\n"
                              "Content-Length: 7\r\n"
                              "Content-Disposition: icon\r\n"
                              "\r\n"
                              "\xff\xd8icon\xff\r\n"
                              "--boundary71--\r\n";

static const SipPushSlice b71 = { "boundary71", 10 };

/* Parses a copy without a NUL (ASan catches a read past the end); checks the contract. */
static SipPushParseResult
parse (SipPushSlice boundary, const char *body, gsize len, SipPushMultipart *mp)
{
  GError *error = NULL;
  char *copy = g_memdup2 (body, len ? len : 1);
  SipPushParseResult r = sippush_multipart_parse (boundary, copy, len, mp, &error);

  ck_assert (r != SIPPUSH_PARSE_NEED_MORE);
  ck_assert ((r == SIPPUSH_PARSE_OK) == (error == NULL));
  if (error)
    {
      ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r));
      ck_assert_uint_eq (mp->n_parts, 0);
    }
  for (guint i = 0; r == SIPPUSH_PARSE_OK && i < mp->n_parts; i++)
    {
      const SipPushSlice *s = &mp->parts[i].body;
      ck_assert (s->p >= copy && s->p + s->len <= copy + len);
    }
  g_clear_error (&error);
  /* The slices point into the copy: the test only reads positions from here on. */
  for (guint i = 0; r == SIPPUSH_PARSE_OK && i < mp->n_parts; i++)
    {
      SipPushMultipartPart *p = &mp->parts[i];
      p->body.p = body + (p->body.p - copy);
      if (p->content_type.p)
        p->content_type.p = body + (p->content_type.p - copy);
      if (p->content_id.p)
        p->content_id.p = body + (p->content_id.p - copy);
      if (p->encoding.p)
        p->encoding.p = body + (p->encoding.p - copy);
    }
  g_free (copy);
  return r;
}

static gboolean
slice_is (SipPushSlice s, const char *text)
{
  return s.len == strlen (text) && memcmp (s.p, text, s.len) == 0;
}

/* R-INV-7: the seed's D.5 body: the SDP part, the icon part found by its cid. */
START_TEST (test_multipart_d5)
{
  SipPushMultipart mp;
  guint first = 99;

  ck_assert_int_eq (parse (b71, d5_body, sizeof d5_body - 1, &mp), SIPPUSH_PARSE_OK);
  ck_assert_uint_eq (mp.n_parts, 2);
  ck_assert (slice_is (mp.parts[0].content_type, "application/sdp"));
  ck_assert_uint_eq (sippush_multipart_count_type (&mp, "application/SDP", &first), 1);
  ck_assert_uint_eq (first, 0);
  ck_assert (mp.parts[0].body.len > 0 && mp.parts[0].body.p[0] == 'v');
  /* The line break before the delimiter is the delimiter's. */
  ck_assert (mp.parts[0].body.p[mp.parts[0].body.len - 1] == '\n');
  ck_assert (slice_is (mp.parts[1].content_type, "image/jpeg"));
  ck_assert (slice_is (mp.parts[1].content_id, "id2@ push-sender-agent.example.com"));
  ck_assert (slice_is (mp.parts[1].body, "\xff\xd8icon\xff"));

  const char *cid = "cid:id2@ push-sender-agent.example.com";
  ck_assert_ptr_eq (sippush_multipart_find_cid (&mp, cid, strlen (cid)), &mp.parts[1]);
  cid = "cid:id2@push-sender-agent.example.com"; /* blanks are ignored */
  ck_assert_ptr_eq (sippush_multipart_find_cid (&mp, cid, strlen (cid)), &mp.parts[1]);
  cid = "cid:id3@push-sender-agent.example.com";
  ck_assert_ptr_null (sippush_multipart_find_cid (&mp, cid, strlen (cid)));
  ck_assert_ptr_null (sippush_multipart_find_cid (&mp, "cid:", 4));

  GBytes *icon = sippush_multipart_part_decode (&mp.parts[1]);
  ck_assert_uint_eq (g_bytes_get_size (icon), 7);
  g_bytes_unref (icon);

  /* Every prefix is refused, never read past (no close delimiter yet). */
  for (gsize n = 0; n < sizeof d5_body - 1 - strlen ("--\r\n"); n++)
    ck_assert_int_ne (parse (b71, d5_body, n, &mp), SIPPUSH_PARSE_OK);
}
END_TEST

/* Bodies as real senders write them: LF only, preamble and epilogue, padding, folding,
 * base64, no headers at all. */
START_TEST (test_multipart_forms)
{
  static const struct
  {
    const char *body;
    guint n_parts;
    const char *type0;
    const char *body0;
  } good[] = {
    { "--b\nContent-Type: application/sdp\n\nv=0\n--b--", 1, "application/sdp", "v=0" },
    { "preamble\r\n--b  \t\r\nContent-type:  application/sdp ; charset=x \r\n\r\nv=0\r\n--b--"
      "epilogue",
      1, "application/sdp", "v=0" },
    { "--b\r\nContent-Type:\r\n  application/sdp\r\n\r\nv=0\r\n--b--\r\n", 1, "application/sdp",
      "v=0" },
    { "--b\r\n\r\nplain\r\n--b\r\n\r\n\r\n--b--", 2, NULL, "plain" },
    { "--b\r\n--b\r\n--b--", 2, NULL, "" },
    /* a line starting with the boundary but longer is content */
    { "--b\r\nContent-Type: a/b\r\n\r\n--bb\r\n--b-x\r\n--b--", 1, "a/b", "--bb\r\n--b-x" },
  };
  static const SipPushSlice b = { "b", 1 };
  SipPushMultipart mp;

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      ck_assert_msg (parse (b, good[i].body, strlen (good[i].body), &mp) == SIPPUSH_PARSE_OK,
                     "good[%zu]", i);
      ck_assert_uint_eq (mp.n_parts, good[i].n_parts);
      if (good[i].type0)
        ck_assert_msg (slice_is (mp.parts[0].content_type, good[i].type0), "good[%zu]", i);
      else
        ck_assert_ptr_null (mp.parts[0].content_type.p);
      ck_assert_msg (slice_is (mp.parts[0].body, good[i].body0), "good[%zu] body", i);
    }

  const char *b64 = "--b\r\nContent-Transfer-Encoding: base64\r\n\r\naWNv\r\nbg==\r\n--b--";
  ck_assert_int_eq (parse (b, b64, strlen (b64), &mp), SIPPUSH_PARSE_OK);
  GBytes *icon = sippush_multipart_part_decode (&mp.parts[0]);
  ck_assert_uint_eq (g_bytes_get_size (icon), 4);
  ck_assert_mem_eq (g_bytes_get_data (icon, NULL), "icon", 4);
  g_bytes_unref (icon);
  const char *qp = "--b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nx\r\n--b--";
  ck_assert_int_eq (parse (b, qp, strlen (qp), &mp), SIPPUSH_PARSE_OK);
  ck_assert_ptr_null (sippush_multipart_part_decode (&mp.parts[0]));
  const char *bad64 = "--b\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!\r\n--b--";
  ck_assert_int_eq (parse (b, bad64, strlen (bad64), &mp), SIPPUSH_PARSE_OK);
  ck_assert_ptr_null (sippush_multipart_part_decode (&mp.parts[0]));
}
END_TEST

/* Hostile bodies: each refused with the right outcome, never read past its end. */
START_TEST (test_multipart_hostile)
{
  static const struct
  {
    const char *body;
    SipPushParseResult result;
  } bad[] = {
    { "", SIPPUSH_PARSE_MALFORMED },
    { "v=0\r\n", SIPPUSH_PARSE_MALFORMED },                           /* no delimiter */
    { "--b--\r\n", SIPPUSH_PARSE_MALFORMED },                         /* only the close delimiter */
    { "--b\r\nContent-Type: a/b\r\n\r\nx", SIPPUSH_PARSE_MALFORMED }, /* unterminated */
    { "--b\r\n\r\nx\r\n--b\r\n", SIPPUSH_PARSE_MALFORMED },           /* no close delimiter */
    { "--b\r\nno colon here\r\n\r\nx\r\n--b--", SIPPUSH_PARSE_MALFORMED },
    { "--b\r\n: empty name\r\n\r\nx\r\n--b--", SIPPUSH_PARSE_MALFORMED },
    { "--b\r\nContent-Type\r\n\r\n--b--", SIPPUSH_PARSE_MALFORMED },
    { "--bb\r\n\r\nx\r\n--b--", SIPPUSH_PARSE_MALFORMED }, /* no delimiter opens a part */
    { "x--b\r\n\r\n--b--", SIPPUSH_PARSE_MALFORMED },      /* not at the start of a line */
    { "--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b\r\n\r\n3\r\n--b\r\n\r\n4\r\n--b\r\n\r\n5\r\n"
      "--b\r\n\r\n6\r\n--b\r\n\r\n7\r\n--b\r\n\r\n8\r\n--b\r\n\r\n9\r\n--b--",
      SIPPUSH_PARSE_TOO_LARGE }, /* nine parts */
  };
  static const SipPushSlice b = { "b", 1 };
  SipPushMultipart mp;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    ck_assert_msg (parse (b, bad[i].body, strlen (bad[i].body), &mp) == bad[i].result, "bad[%zu]",
                   i);

  /* Eight parts are the limit, not over it. */
  const char *eight = "--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b\r\n\r\n3\r\n--b\r\n\r\n4\r\n--b\r\n"
                      "\r\n5\r\n--b\r\n\r\n6\r\n--b\r\n\r\n7\r\n--b\r\n\r\n8\r\n--b--";
  ck_assert_int_eq (parse (b, eight, strlen (eight), &mp), SIPPUSH_PARSE_OK);
  ck_assert_uint_eq (mp.n_parts, SIPPUSH_MULTIPART_MAX_PARTS);

  /* A header block over the limit. */
  GString *big = g_string_new ("--b\r\nX-Pad: ");
  for (guint i = 0; i < SIPPUSH_MULTIPART_HEADERS_MAX; i++)
    g_string_append_c (big, 'p');
  g_string_append (big, "\r\n\r\nx\r\n--b--");
  ck_assert_int_eq (parse (b, big->str, big->len, &mp), SIPPUSH_PARSE_TOO_LARGE);
  g_string_free (big, TRUE);

  /* NUL bytes and binary are content like any other. */
  static const char nul[] = "--b\r\n\r\n\0\0\xff\r\n--b--";
  ck_assert_int_eq (parse (b, nul, sizeof nul - 1, &mp), SIPPUSH_PARSE_OK);
  ck_assert_uint_eq (mp.parts[0].body.len, 3);
}
END_TEST

/* The boundary parameter (RFC 2046 §5.1.1). */
START_TEST (test_multipart_boundary)
{
  static const struct
  {
    const char *param;
    const char *boundary; /* NULL: MALFORMED */
  } cases[] = {
    { "boundary=boundary71", "boundary71" },
    { "BOUNDARY=\"a b'()+_,-./:=?\"", "a b'()+_,-./:=?" },
    { "boundary=", NULL },
    { "boundary=\"\"", NULL },
    { "boundary=\"ends in space \"", NULL },
    { "boundary=semi;colon", NULL },
    { "boundary=\"quote\"inside\"", NULL },
    { "charset=utf-8", NULL },
    { "boundary=0123456789012345678901234567890123456789012345678901234567890123456789", /* 70 */
      "0123456789012345678901234567890123456789012345678901234567890123456789" },
    { "boundary=01234567890123456789012345678901234567890123456789012345678901234567890", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SipPushSlice b;
      GError *error = NULL;
      gsize len = strlen (cases[i].param);
      char *copy = g_memdup2 (cases[i].param, len);
      SipPushParseResult r = sippush_multipart_boundary (copy, len, &b, &error);
      if (cases[i].boundary)
        {
          ck_assert_msg (r == SIPPUSH_PARSE_OK, "cases[%zu]", i);
          ck_assert_uint_eq (b.len, strlen (cases[i].boundary));
          ck_assert_mem_eq (b.p, cases[i].boundary, b.len);
        }
      else
        {
          ck_assert_msg (r == SIPPUSH_PARSE_MALFORMED, "cases[%zu]", i);
          ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED));
          ck_assert_ptr_null (b.p);
        }
      g_clear_error (&error);
      g_free (copy);
    }
}
END_TEST

static gchar *
iso (GDateTime *dt)
{
  return dt ? g_date_time_format_iso8601 (dt) : NULL;
}

/* R-INV-8: a=file-date, the seed's form (+03:00) and RFC 5322's. */
START_TEST (test_file_date)
{
  static const struct
  {
    const char *value;
    const char *creation, *modification, *read; /* ISO 8601, NULL: absent */
  } good[] = {
    { "creation:\"Mon, 15 May 2006 15:01:31 +03:00\"", "2006-05-15T15:01:31+03", NULL, NULL },
    { "creation:\"Mon, 15 May 2006 15:01:31 +0300\"", "2006-05-15T15:01:31+03", NULL, NULL },
    { "modification:\"1 Jan 99 00:00 GMT\"  read:\"Tue, 29 Feb 2000 23:59:60 -0130\"", NULL,
      "1999-01-01T00:00:00Z", "2000-02-29T23:59:59-01:30" },
    { " read:\"31 Dec 2024 10:00:00 UT\" creation:\"01 Jan 2024 00:00:00 Z\" ",
      "2024-01-01T00:00:00Z", NULL, "2024-12-31T10:00:00Z" },
  };
  static const char *const bad[] = {
    "",
    "creation:",
    "creation:\"Mon, 15 May 2006 15:01:31 +03:00",  /* no closing quote */
    "creation:\"Mon, 15 May 2006 15:01:31\"",       /* no zone */
    "creation:\"Mon 15 May 2006 15:01:31 +0300\"",  /* no comma */
    "creation:\"Fun, 15 May 2006 15:01:31 +0300\"", /* no such day name */
    "creation:\"15 Mai 2006 15:01:31 +0300\"",      /* no such month */
    "creation:\"31 Feb 2006 15:01:31 +0300\"",      /* no such day */
    "creation:\"15 May 2006 24:01:31 +0300\"",
    "creation:\"15 May 2006 15:01:31 +2500\"",
    "creation:\"15 May 2006 15:01:31 EST\"",
    "creation:\"15 May 2006 15:01:31 +0300 x\"",
    "creation:\"15 May 99999 15:01:31 +0300\"",
    "creation:\"1 Jan 2000 00:00 Z\" creation:\"1 Jan 2000 00:00 Z\"", /* twice */
    "creation:\"1 Jan 2000 00:00 Z\"read:\"1 Jan 2000 00:00 Z\"",      /* no space */
    "birth:\"1 Jan 2000 00:00 Z\"",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      SipPushFileDates d;
      gsize len = strlen (good[i].value);
      char *copy = g_memdup2 (good[i].value, len);
      ck_assert_msg (sippush_file_date_parse (copy, len, &d, NULL) == SIPPUSH_PARSE_OK, "good[%zu]",
                     i);
      g_autofree gchar *c = iso (d.creation), *m = iso (d.modification), *r = iso (d.read);
      /* GLib writes "+03" or "+03:00" depending on its version: compare the prefix. */
      if (good[i].creation)
        ck_assert_msg (c && g_str_has_prefix (c, good[i].creation), "good[%zu]: %s", i, c);
      else
        ck_assert_ptr_null (c);
      if (good[i].modification)
        ck_assert_msg (m && g_str_has_prefix (m, good[i].modification), "good[%zu]: %s", i, m);
      else
        ck_assert_ptr_null (m);
      if (good[i].read)
        ck_assert_msg (r && g_str_has_prefix (r, good[i].read), "good[%zu]: %s", i, r);
      else
        ck_assert_ptr_null (r);
      sippush_file_dates_clear (&d);
      g_free (copy);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      SipPushFileDates d;
      GError *error = NULL;
      gsize len = strlen (bad[i]);
      char *copy = g_memdup2 (bad[i], len ? len : 1);
      ck_assert_msg (sippush_file_date_parse (copy, len, &d, &error) == SIPPUSH_PARSE_MALFORMED,
                     "bad[%zu]", i);
      ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED));
      ck_assert (d.creation == NULL && d.modification == NULL && d.read == NULL);
      g_clear_error (&error);
      g_free (copy);
    }
  gchar *long_value = g_strnfill (SIPPUSH_FILE_DATE_MAX_LEN + 1, ' ');
  SipPushFileDates d;
  ck_assert_int_eq (sippush_file_date_parse (long_value, strlen (long_value), &d, NULL),
                    SIPPUSH_PARSE_TOO_LARGE);
  g_free (long_value);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("multipart");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_multipart_d5);
  tcase_add_test (tc, test_multipart_forms);
  tcase_add_test (tc, test_multipart_hostile);
  tcase_add_test (tc, test_multipart_boundary);
  tcase_add_test (tc, test_file_date);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
