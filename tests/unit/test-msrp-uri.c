/* Unit tests for the MSRP URI parser, the path splitters and HOST:PORT (msrp/uri.c):
 * RFC 4975 §9 examples, IPv6 literals, ports, the session-id character set and hostile
 * inputs. Every input is parsed from an exact-length copy without a NUL, so that
 * AddressSanitizer reports any read past the length. */
#include "check-main.h"
#include <string.h>

#include "msrp/uri.h"

static gboolean
slice_is (SipPushSlice s, const char *want)
{
  if (want == NULL)
    return s.p == NULL && s.len == 0;
  return s.p != NULL && s.len == strlen (want) && memcmp (s.p, want, s.len) == 0;
}

static SipPushParseResult
parse_exact (const char *text, gsize len, char **copy, SipPushMsrpUri *out)
{
  g_autoptr (GError) error = NULL;
  *copy = g_memdup2 (text, len ? len : 1);
  SipPushParseResult r = sippush_msrp_uri_parse (*copy, len, out, &error);
  ck_assert ((r == SIPPUSH_PARSE_OK) == (error == NULL));
  ck_assert (r != SIPPUSH_PARSE_NEED_MORE);
  if (error)
    ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r));
  return r;
}

typedef struct
{
  const char *uri;
  SipPushParseResult result;
  const char *host, *session_id, *transport; /* NULL: absent */
  gint port;                                 /* -1: absent */
  gboolean secure;
} UriRow;

static const UriRow rows[] = {
  /* RFC 4975 §9 and its examples (§7.1.2, §12) */
  { "msrp://alice.example.com:7394/2s93i9ek2a;tcp", SIPPUSH_PARSE_OK, "alice.example.com",
    "2s93i9ek2a", "tcp", 7394, FALSE },
  { "msrp://bob.example.com:8493/si438dsaodes;tcp", SIPPUSH_PARSE_OK, "bob.example.com",
    "si438dsaodes", "tcp", 8493, FALSE },
  { "msrps://bob.example.com:8888/9di4eae923wzd;tcp", SIPPUSH_PARSE_OK, "bob.example.com",
    "9di4eae923wzd", "tcp", 8888, TRUE },
  { "msrp://relay.example.net:2855;tcp", SIPPUSH_PARSE_OK, "relay.example.net", NULL, "tcp", 2855,
    FALSE },
  { "MSRP://host/abc;tcp", SIPPUSH_PARSE_OK, "host", "abc", "tcp", -1, FALSE },
  { "msrp://user@host:1/a+b=c/d-e.f_g~h;tcp;x=y", SIPPUSH_PARSE_OK, "host", "a+b=c/d-e.f_g~h",
    "tcp", 1, FALSE },
  { "msrp://10.0.0.1:2855/s2", SIPPUSH_PARSE_OK, "10.0.0.1", "s2", NULL, 2855, FALSE },
  /* IPv6 */
  { "msrp://[2001:db8::1]:2855/s1;tcp", SIPPUSH_PARSE_OK, "2001:db8::1", "s1", "tcp", 2855, FALSE },
  { "msrp://[::1]/s;tcp", SIPPUSH_PARSE_OK, "::1", "s", "tcp", -1, FALSE },
  { "msrp://[::ffff:10.0.0.1]:9/s;tcp", SIPPUSH_PARSE_OK, "::ffff:10.0.0.1", "s", "tcp", 9, FALSE },
  { "msrp://[2001:db8::1/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://[]:2855/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://[zz::1]:2855/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://[::1]x/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://h[::1]/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  /* ports */
  { "msrp://h:65535/s;tcp", SIPPUSH_PARSE_OK, "h", "s", "tcp", 65535, FALSE },
  { "msrp://h:0/s;tcp", SIPPUSH_PARSE_OK, "h", "s", "tcp", 0, FALSE },
  { "msrp://h:65536/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://h:99999999999999999999999/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1,
    FALSE },
  { "msrp://h:/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://h:-1/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://h:8o/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://h:1:2/s;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://:2855/abc;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  /* the session-id character set */
  { "msrp://host:2855/;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/ab c;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/ab?c;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/ab%41;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/ab\"c;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/a/b/;tcp", SIPPUSH_PARSE_OK, "host", "a/b/", "tcp", -1, FALSE },
  /* authority and shape */
  { "msrp:///abc;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://user@/abc;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://ho st/abc;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://ho#st/abc;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/abc;", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/abc;t-p", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/abc;tcp;a b", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "sip://host/abc;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp:/host/abc;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  /* hostile */
  { "msrp://host/abc;tcp\r\nTo-Path: x", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://host/abc\x01;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
  { "msrp://ho\x80st/abc;tcp", SIPPUSH_PARSE_MALFORMED, NULL, NULL, NULL, -1, FALSE },
};

START_TEST (test_uri_table)
{
  const UriRow *row = &rows[_i];
  SipPushMsrpUri u;
  char *copy;
  SipPushParseResult r = parse_exact (row->uri, strlen (row->uri), &copy, &u);
  ck_assert_msg (r == row->result, "%s: %d", row->uri, r);
  if (r == SIPPUSH_PARSE_OK)
    {
      ck_assert_msg (slice_is (u.host, row->host), "%s: host", row->uri);
      ck_assert_msg (slice_is (u.session_id, row->session_id), "%s: session-id", row->uri);
      ck_assert_msg (slice_is (u.transport, row->transport), "%s: transport", row->uri);
      ck_assert_int_eq (u.has_port, row->port >= 0);
      if (row->port >= 0)
        ck_assert_int_eq (u.port, row->port);
      ck_assert_int_eq (u.secure, row->secure);
    }
  else
    ck_assert (u.host.p == NULL && u.session_id.p == NULL && !u.has_port);
  g_free (copy);
}
END_TEST

/* Every prefix of every row: an answer, and never a read past the length. */
START_TEST (test_uri_every_prefix)
{
  for (gsize k = 0; k < G_N_ELEMENTS (rows); k++)
    for (gsize len = 0; len <= strlen (rows[k].uri); len++)
      {
        SipPushMsrpUri u;
        char *copy;
        parse_exact (rows[k].uri, len, &copy, &u);
        g_free (copy);
      }
}
END_TEST

START_TEST (test_uri_pieces)
{
  SipPushMsrpUri u;
  const char *s = "msrps://alice%40x@[2001:db8::1]:2855/id;tcp";
  ck_assert_int_eq (sippush_msrp_uri_parse (s, strlen (s), &u, NULL), SIPPUSH_PARSE_OK);
  ck_assert (slice_is (u.userinfo, "alice%40x"));
  ck_assert (slice_is (u.host_port, "[2001:db8::1]:2855"));
  /* The length bounds the URI. */
  ck_assert_int_eq (sippush_msrp_uri_parse ("msrp://h/abcdef;tcp", 12, &u, NULL), SIPPUSH_PARSE_OK);
  ck_assert (slice_is (u.session_id, "abc"));
  ck_assert_int_eq (sippush_msrp_uri_parse ("msrp://h/abc;tcp", 6, &u, NULL),
                    SIPPUSH_PARSE_MALFORMED);
  ck_assert_int_eq (sippush_msrp_uri_parse (NULL, 0, &u, NULL), SIPPUSH_PARSE_MALFORMED);
  /* Over the limit: too large, whatever it holds. */
  GString *big = g_string_new ("msrp://h/");
  while (big->len <= SIPPUSH_MSRP_URI_MAX)
    g_string_append_c (big, 'a');
  g_autoptr (GError) error = NULL;
  ck_assert_int_eq (sippush_msrp_uri_parse (big->str, big->len, &u, &error),
                    SIPPUSH_PARSE_TOO_LARGE);
  ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_TOO_LARGE));
  g_string_free (big, TRUE);
}
END_TEST

/* R-MSRP-7: the first hop, our own URI (the last), and every hop of a relayed path. */
START_TEST (test_path_first_last)
{
  static const struct
  {
    const char *path, *first, *last, *whole; /* NULL: no URI */
  } paths[] = {
    { "msrp://a/1;tcp", "msrp://a/1;tcp", "msrp://a/1;tcp", "msrp://a/1;tcp" },
    { "msrp://a/1;tcp msrp://b/2;tcp msrp://c/3;tcp", "msrp://a/1;tcp", "msrp://c/3;tcp",
      "msrp://a/1;tcp msrp://b/2;tcp msrp://c/3;tcp" },
    { "  msrp://a/1;tcp\tmsrp://b/2;tcp  ", "msrp://a/1;tcp", "msrp://b/2;tcp",
      "msrp://a/1;tcp\tmsrp://b/2;tcp" },
    /* the last blank decides, whichever kind it is */
    { "msrp://a/1;tcp msrp://b/2;tcp\tmsrp://c/3;tcp", "msrp://a/1;tcp", "msrp://c/3;tcp",
      "msrp://a/1;tcp msrp://b/2;tcp\tmsrp://c/3;tcp" },
    { "msrp://a/1;tcp\tmsrp://b/2;tcp msrp://c/3;tcp \t", "msrp://a/1;tcp", "msrp://c/3;tcp",
      "msrp://a/1;tcp\tmsrp://b/2;tcp msrp://c/3;tcp" },
    { "", NULL, NULL, NULL },
    { " \t ", NULL, NULL, NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      SipPushSlice path = { paths[i].path, strlen (paths[i].path) }, uri;
      gboolean ok = sippush_msrp_path_first (path, &uri);
      ck_assert (paths[i].first ? ok && slice_is (uri, paths[i].first) : !ok && !uri.p);
      ok = sippush_msrp_path_last (path, &uri);
      ck_assert (paths[i].last ? ok && slice_is (uri, paths[i].last) : !ok && !uri.p);
      ok = sippush_msrp_path_whole (path, &uri);
      ck_assert (paths[i].whole ? ok && slice_is (uri, paths[i].whole) : !ok && !uri.p);
    }
  SipPushSlice none = { NULL, 0 }, uri;
  ck_assert (!sippush_msrp_path_whole (none, &uri));
  ck_assert (!sippush_msrp_path_first (none, &uri));
  ck_assert (!sippush_msrp_path_last (none, &uri));
}
END_TEST

START_TEST (test_host_port)
{
  static const struct
  {
    const char *text, *host; /* host NULL: refused */
    guint16 port;
  } hp[] = {
    { "127.0.0.1:2855", "127.0.0.1", 2855 },
    { "0.0.0.0:0", "0.0.0.0", 0 },
    { "[::1]:2855", "::1", 2855 },
    { "::1:2855", "::1", 2855 }, /* the last ':' splits */
    { "localhost:65535", "localhost", 65535 },
    { "localhost:65536", NULL, 0 },
    { "localhost:", NULL, 0 },
    { ":2855", NULL, 0 },
    { "localhost", NULL, 0 },
    { "localhost:28x", NULL, 0 },
    { "localhost:-1", NULL, 0 },
    { "localhost: 80", NULL, 0 },
    { "h:99999999999999999999999", NULL, 0 },
    { "", NULL, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (hp); i++)
    {
      gchar *host = NULL;
      guint16 port = 1;
      g_autoptr (GError) error = NULL;
      SipPushParseResult r = sippush_msrp_parse_host_port (hp[i].text, &host, &port, &error);
      if (hp[i].host)
        {
          ck_assert_msg (r == SIPPUSH_PARSE_OK, "%s", hp[i].text);
          ck_assert_str_eq (host, hp[i].host);
          ck_assert_uint_eq (port, hp[i].port);
        }
      else
        {
          ck_assert_msg (r == SIPPUSH_PARSE_MALFORMED && error != NULL, "%s", hp[i].text);
          ck_assert_ptr_null (host);
          ck_assert_uint_eq (port, 1);
        }
      g_free (host);
    }
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("msrp-uri");
  TCase *tc = tcase_create ("msrp-uri");
  tcase_add_loop_test (tc, test_uri_table, 0, G_N_ELEMENTS (rows));
  tcase_add_test (tc, test_uri_every_prefix);
  tcase_add_test (tc, test_uri_pieces);
  tcase_add_test (tc, test_path_first_last);
  tcase_add_test (tc, test_host_port);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
