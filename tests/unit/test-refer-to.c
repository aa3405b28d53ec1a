/* Unit tests for the Refer-To decoding of REFER-triggered subscriptions (R-REF-3,
 * R-REF-5, R-SEC-1 trap B2). Inputs are copied without a NUL after them. */
#include "check-main.h"
#include <string.h>

#include "sip/refer-to.h"

/* The answer of the decoder as one value: OK, a parse failure, or what R-REF-5 refuses. */
typedef enum
{
  WANT_OK,
  WANT_MALFORMED,
  WANT_TOO_LARGE,
  WANT_NOT_SUBSCRIBE,
  WANT_HEADER_NOT_ALLOWED,
  WANT_OTHER_EVENT,
} Want;

static Want
verdict (SipPushParseResult r, const GError *error)
{
  if (r == SIPPUSH_PARSE_OK)
    {
      ck_assert_ptr_null (error);
      return WANT_OK;
    }
  ck_assert_ptr_nonnull (error);
  if (error->domain == SIPPUSH_REFER_TO_ERROR)
    {
      ck_assert_int_eq (r, SIPPUSH_PARSE_MALFORMED);
      return WANT_NOT_SUBSCRIBE + error->code;
    }
  ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r));
  return r == SIPPUSH_PARSE_TOO_LARGE ? WANT_TOO_LARGE : WANT_MALFORMED;
}

static Want
decode (const char *uri, SipPushReferTo *out, GError **why)
{
  gsize len = strlen (uri);
  g_autofree char *copy = g_memdup2 (uri, len ? len : 1);
  GError *local = NULL;
  SipPushParseResult r = sippush_refer_to_decode (copy, len, out, &local);
  Want w = verdict (r, local);
  if (why)
    *why = local;
  else
    g_clear_error (&local);
  return w;
}

/* R-REF-3: method= and the ?headers are stripped from the target; the embedded headers
 * are URL-decoded and kept as they came. */
START_TEST (test_refer_to_subscribe)
{
  SipPushReferTo rt;
  g_autoptr (GError) why = NULL;
  ck_assert_int_eq (
      decode ("sip:ps@127.0.0.1:5062;method=SUBSCRIBE?Event=ua-profile%3bprofile-type%3doma-app"
              "%3bevent-app-id%3d%22push.syncml%22&Accept=application%2Fvnd.syncml.ds.notification"
              "&Expires=600",
              &rt, &why),
      WANT_OK);
  ck_assert_ptr_null (why);
  ck_assert_str_eq (rt.target, "sip:ps@127.0.0.1:5062");
  ck_assert_str_eq (rt.event, "ua-profile;profile-type=oma-app;event-app-id=\"push.syncml\"");
  ck_assert_str_eq (rt.accept, "application/vnd.syncml.ds.notification");
  ck_assert_str_eq (rt.expires, "600");
  sippush_refer_to_clear (&rt);
  ck_assert_ptr_null (rt.target);
}
END_TEST

START_TEST (test_refer_to_params_kept)
{
  SipPushReferTo rt;
  ck_assert_int_eq (decode ("sips:a;b@h.example;transport=tcp;METHOD=subscribe;lr", &rt, NULL),
                    WANT_OK);
  ck_assert_str_eq (rt.target, "sips:a;b@h.example;transport=tcp;lr");
  ck_assert_ptr_null (rt.event);
  ck_assert_ptr_null (rt.accept);
  ck_assert_ptr_null (rt.expires);
  sippush_refer_to_clear (&rt);

  /* '?' in the user part is not the header separator; 'o' is Event's compact form. */
  ck_assert_int_eq (decode ("sip:u?x@h;method=SUBSCRIBE?o=ua-profile", &rt, NULL), WANT_OK);
  ck_assert_str_eq (rt.target, "sip:u?x@h");
  ck_assert_str_eq (rt.event, "ua-profile");
  sippush_refer_to_clear (&rt);
}
END_TEST

/* R-REF-5: anything but method=SUBSCRIBE is declined 603. */
START_TEST (test_refer_to_not_subscribe)
{
  static const char *uris[] = {
    "sip:bob@h",
    "sip:bob@h;method=INVITE",
    "sip:bob@h;method=MESSAGE?Event=ua-profile",
    "sip:bob@h;method=SUBSCRIBEX",
    "sip:bob@h;method=",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      SipPushReferTo rt;
      g_autoptr (GError) why = NULL;
      ck_assert_int_eq (decode (uris[i], &rt, &why), WANT_NOT_SUBSCRIBE);
      ck_assert_ptr_nonnull (why);
      ck_assert_ptr_null (rt.target);
    }
  g_autoptr (GError) why = NULL;
  SipPushReferTo rt;
  ck_assert_int_eq (sippush_refer_to_decode ("sip:b@h", 7, &rt, &why), SIPPUSH_PARSE_MALFORMED);
  ck_assert_uint_eq (sippush_refer_to_status (SIPPUSH_PARSE_MALFORMED, why), 603);
}
END_TEST

/* R-SEC-1 (B2): hostile embedded headers are refused before anything parses them. */
START_TEST (test_refer_to_hostile_headers)
{
  static const struct
  {
    const char *uri;
    Want want;
  } rows[] = {
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile&Foo", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?A&B", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=x&Foo", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Call-ID=x", WANT_HEADER_NOT_ALLOWED },
    { "sip:p@h;method=SUBSCRIBE?Via=SIP/2.0/UDP%20evil", WANT_HEADER_NOT_ALLOWED },
    { "sip:p@h;method=SUBSCRIBE?body=zzz", WANT_HEADER_NOT_ALLOWED },
    { "sip:p@h;method=SUBSCRIBE?Route=%3csip:evil%3e", WANT_HEADER_NOT_ALLOWED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%0d%0aVia:%20x", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%00", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%4", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%zz", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile&Event=ua-profile", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile&", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?%45vent=ua-profile", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Expires=-1", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Expires=99999999999", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Expires=4294967296", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=presence", WANT_OTHER_EVENT },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profilex", WANT_OTHER_EVENT },
    { "sip:p@h;method=SUBSCRIBE?Event=%3bx", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile&Accept=b&Expires=1&X=1", WANT_HEADER_NOT_ALLOWED },
    { "tel:+123;method=SUBSCRIBE", WANT_MALFORMED },
    { "sip:", WANT_MALFORMED },
    { "sip:u@;method=SUBSCRIBE", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE;method=SUBSCRIBE", WANT_MALFORMED },
    { "sip:p@h;;method=SUBSCRIBE", WANT_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua profile", WANT_MALFORMED },
    { "<sip:p@h;method=SUBSCRIBE>", WANT_MALFORMED },
    { "", WANT_MALFORMED },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      SipPushReferTo rt;
      g_autoptr (GError) why = NULL;
      Want r = decode (rows[i].uri, &rt, &why);
      ck_assert_msg (r == rows[i].want, "%s: got %d want %d (%s)", rows[i].uri, r, rows[i].want,
                     why ? why->message : "");
      ck_assert_ptr_nonnull (why);
      ck_assert_ptr_null (rt.target);
      ck_assert_ptr_null (rt.event);
    }
  static const struct
  {
    const char *uri;
    guint status;
  } statuses[] = {
    { "sip:p@h;method=SUBSCRIBE?Call-ID=x", 400 },
    { "sip:p@h;method=SUBSCRIBE?Event", 400 },
    { "sip:p@h;method=SUBSCRIBE?Event=presence", 489 },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile", 202 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr (GError) error = NULL;
      SipPushReferTo rt;
      SipPushParseResult r
          = sippush_refer_to_decode (statuses[i].uri, strlen (statuses[i].uri), &rt, &error);
      ck_assert_uint_eq (sippush_refer_to_status (r, error), statuses[i].status);
      sippush_refer_to_clear (&rt);
    }
  ck_assert_uint_eq (sippush_refer_to_status (SIPPUSH_PARSE_TOO_LARGE, NULL), 400);

  g_autofree gchar *huge = g_strnfill (SIPPUSH_REFER_TO_MAX + 1, 'a');
  memcpy (huge, "sip:h;method=SUBSCRIBE", 22);
  SipPushReferTo rt;
  ck_assert_int_eq (sippush_refer_to_decode (huge, strlen (huge), &rt, NULL),
                    SIPPUSH_PARSE_TOO_LARGE);
}
END_TEST

/* The length bounds every read: a valid prefix of a longer hostile buffer decodes. */
START_TEST (test_refer_to_length_bounds)
{
  const char *buf = "sip:p@h;method=SUBSCRIBE?Expires=60&Call-ID=x";
  SipPushReferTo rt;
  ck_assert_int_eq (
      sippush_refer_to_decode (buf, strlen ("sip:p@h;method=SUBSCRIBE?Expires=60"), &rt, NULL),
      SIPPUSH_PARSE_OK);
  ck_assert_str_eq (rt.expires, "60");
  sippush_refer_to_clear (&rt);
  /* A bare '?' embeds nothing. */
  ck_assert_int_eq (decode ("sip:p@h;method=SUBSCRIBE?", &rt, NULL), WANT_OK);
  ck_assert_str_eq (rt.target, "sip:p@h");
  sippush_refer_to_clear (&rt);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("refer-to");
  TCase *tc = tcase_create ("refer-to");
  tcase_add_test (tc, test_refer_to_subscribe);
  tcase_add_test (tc, test_refer_to_params_kept);
  tcase_add_test (tc, test_refer_to_not_subscribe);
  tcase_add_test (tc, test_refer_to_hostile_headers);
  tcase_add_test (tc, test_refer_to_length_bounds);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
