/* Unit tests for the Refer-To decoding of REFER-triggered subscriptions (R-REF-3,
 * R-REF-5, R-SEC-1 trap B2). Inputs are copied without a NUL after them. */
#include "check-main.h"
#include <string.h>

#include "sip/refer-to.h"

static SipPushReferToResult
decode (const char *uri, SipPushReferTo *out, gchar **why)
{
  gsize len = strlen (uri);
  g_autofree char *copy = g_memdup2 (uri, len ? len : 1);
  return sippush_refer_to_decode (copy, len, out, why);
}

/* R-REF-3: method= and the ?headers are stripped from the target; the embedded headers
 * are URL-decoded and kept as they came. */
START_TEST (test_refer_to_subscribe)
{
  SipPushReferTo rt;
  g_autofree gchar *why = NULL;
  ck_assert_int_eq (
      decode ("sip:ps@127.0.0.1:5062;method=SUBSCRIBE?Event=ua-profile%3bprofile-type%3doma-app"
              "%3bevent-app-id%3d%22push.syncml%22&Accept=application%2Fvnd.syncml.ds.notification"
              "&Expires=600",
              &rt, &why),
      SIPPUSH_REFER_TO_OK);
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
                    SIPPUSH_REFER_TO_OK);
  ck_assert_str_eq (rt.target, "sips:a;b@h.example;transport=tcp;lr");
  ck_assert_ptr_null (rt.event);
  ck_assert_ptr_null (rt.accept);
  ck_assert_ptr_null (rt.expires);
  sippush_refer_to_clear (&rt);

  /* '?' in the user part is not the header separator; 'o' is Event's compact form. */
  ck_assert_int_eq (decode ("sip:u?x@h;method=SUBSCRIBE?o=ua-profile", &rt, NULL),
                    SIPPUSH_REFER_TO_OK);
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
      g_autofree gchar *why = NULL;
      ck_assert_int_eq (decode (uris[i], &rt, &why), SIPPUSH_REFER_TO_NOT_SUBSCRIBE);
      ck_assert_ptr_nonnull (why);
      ck_assert_ptr_null (rt.target);
    }
  ck_assert_uint_eq (sippush_refer_to_status (SIPPUSH_REFER_TO_NOT_SUBSCRIBE), 603);
}
END_TEST

/* R-SEC-1 (B2): hostile embedded headers are refused before anything parses them. */
START_TEST (test_refer_to_hostile_headers)
{
  static const struct
  {
    const char *uri;
    SipPushReferToResult want;
  } rows[] = {
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile&Foo", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?A&B", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=x&Foo", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Call-ID=x", SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED },
    { "sip:p@h;method=SUBSCRIBE?Via=SIP/2.0/UDP%20evil", SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED },
    { "sip:p@h;method=SUBSCRIBE?body=zzz", SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED },
    { "sip:p@h;method=SUBSCRIBE?Route=%3csip:evil%3e", SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%0d%0aVia:%20x", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%00", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%4", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile%zz", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile&Event=ua-profile", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile&", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?%45vent=ua-profile", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Expires=-1", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Expires=99999999999", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Expires=4294967296", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=presence", SIPPUSH_REFER_TO_OTHER_EVENT },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profilex", SIPPUSH_REFER_TO_OTHER_EVENT },
    { "sip:p@h;method=SUBSCRIBE?Event=%3bx", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua-profile&Accept=b&Expires=1&X=1",
      SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED },
    { "tel:+123;method=SUBSCRIBE", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:u@;method=SUBSCRIBE", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE;method=SUBSCRIBE", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;;method=SUBSCRIBE", SIPPUSH_REFER_TO_MALFORMED },
    { "sip:p@h;method=SUBSCRIBE?Event=ua profile", SIPPUSH_REFER_TO_MALFORMED },
    { "<sip:p@h;method=SUBSCRIBE>", SIPPUSH_REFER_TO_MALFORMED },
    { "", SIPPUSH_REFER_TO_MALFORMED },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      SipPushReferTo rt;
      g_autofree gchar *why = NULL;
      SipPushReferToResult r = decode (rows[i].uri, &rt, &why);
      ck_assert_msg (r == rows[i].want, "%s: got %d want %d (%s)", rows[i].uri, r, rows[i].want,
                     why ? why : "");
      ck_assert_ptr_nonnull (why);
      ck_assert_ptr_null (rt.target);
      ck_assert_ptr_null (rt.event);
    }
  ck_assert_uint_eq (sippush_refer_to_status (SIPPUSH_REFER_TO_HEADER_NOT_ALLOWED), 400);
  ck_assert_uint_eq (sippush_refer_to_status (SIPPUSH_REFER_TO_MALFORMED), 400);
  ck_assert_uint_eq (sippush_refer_to_status (SIPPUSH_REFER_TO_OTHER_EVENT), 489);

  g_autofree gchar *huge = g_strnfill (SIPPUSH_REFER_TO_MAX + 1, 'a');
  memcpy (huge, "sip:h;method=SUBSCRIBE", 22);
  SipPushReferTo rt;
  ck_assert_int_eq (sippush_refer_to_decode (huge, strlen (huge), &rt, NULL),
                    SIPPUSH_REFER_TO_MALFORMED);
}
END_TEST

/* The length bounds every read: a valid prefix of a longer hostile buffer decodes. */
START_TEST (test_refer_to_length_bounds)
{
  const char *buf = "sip:p@h;method=SUBSCRIBE?Expires=60&Call-ID=x";
  SipPushReferTo rt;
  ck_assert_int_eq (
      sippush_refer_to_decode (buf, strlen ("sip:p@h;method=SUBSCRIBE?Expires=60"), &rt, NULL),
      SIPPUSH_REFER_TO_OK);
  ck_assert_str_eq (rt.expires, "60");
  sippush_refer_to_clear (&rt);
  /* A bare '?' embeds nothing. */
  ck_assert_int_eq (decode ("sip:p@h;method=SUBSCRIBE?", &rt, NULL), SIPPUSH_REFER_TO_OK);
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
