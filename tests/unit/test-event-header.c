/* Unit tests for the ua-profile Event header builder and reader (R-SUB-1, seed
 * Appendix A, R-SEC-1). */
#include "check-main.h"
#include <string.h>

#include <sippush/sippush.h>

#include "sip/event-header.h"

/* R-SUB-1: the oma-app profile with the current ARI list, quoted, no spaces. */
START_TEST (test_event_build_oma_app)
{
  const gchar *aris[] = { "mms.ua", "push.syncml", NULL };
  g_autofree gchar *e = sippush_event_header_build (aris, NULL, NULL);
  ck_assert_str_eq (e, "ua-profile;profile-type=oma-app;event-app-id=\"mms.ua,push.syncml\"");

  g_autofree gchar *none = sippush_event_header_build (NULL, NULL, NULL);
  ck_assert_str_eq (none, "ua-profile;profile-type=oma-app");
  const gchar *empty[] = { NULL };
  g_autofree gchar *none2 = sippush_event_header_build (empty, NULL, NULL);
  ck_assert_str_eq (none2, "ua-profile;profile-type=oma-app");
}
END_TEST

/* R-SUB-1: device parameters when configured (seed D.3 / Appendix A). */
START_TEST (test_event_build_device)
{
  const gchar *aris[] = { "push.syncml", NULL };
  SipPushDeviceInfo dev = { .vendor = "example.com", .model = "xxx", .version = "1.2.3" };
  g_autofree gchar *e = sippush_event_header_build (aris, &dev, NULL);
  ck_assert_str_eq (e, "ua-profile;profile-type=oma-app;event-app-id=\"push.syncml\""
                       ";vendor=\"example.com\";model=\"xxx\";version=\"1.2.3\"");

  /* The UAProf link is the model parameter (seed 9.2.1.1 item 2). */
  SipPushDeviceInfo prof = { .uaprof = "http://example.com/uaprof.xml", .model = "ignored" };
  g_autofree gchar *p = sippush_event_header_build (aris, &prof, NULL);
  ck_assert_str_eq (p, "ua-profile;profile-type=oma-app;event-app-id=\"push.syncml\""
                       ";model=\"http://example.com/uaprof.xml\"");

  SipPushDeviceInfo only_version = { .version = "2" };
  g_autofree gchar *v = sippush_event_header_build (NULL, &only_version, NULL);
  ck_assert_str_eq (v, "ua-profile;profile-type=oma-app;version=\"2\"");
}
END_TEST

/* A device value that would break the quoted string is refused, never emitted. */
START_TEST (test_event_build_rejects_bad_values)
{
  static const char *bad[] = { "", "a\"b", "a\\b", "a\r\nEvent: x", "tab\there", "\x7f" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      SipPushDeviceInfo dev = { .vendor = bad[i] };
      g_autoptr (GError) error = NULL;
      gchar *e = sippush_event_header_build (NULL, &dev, &error);
      ck_assert_ptr_null (e);
      ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_FAILED));
    }
  g_autofree gchar *big = g_strnfill (SIPPUSH_DEVICE_PARAM_MAX + 1, 'a');
  ck_assert (!sippush_device_param_check (big, "model", NULL));
  ck_assert (sippush_device_param_check ("Nokia 3310 (rev. 2)", "model", NULL));

  const gchar *aris[] = { "bad ari", NULL };
  g_autoptr (GError) error = NULL;
  ck_assert_ptr_null (sippush_event_header_build (aris, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_LIST));
}
END_TEST

/* NOTIFY routing step 2: the ARIs named in the Event header's event-app-id. */
START_TEST (test_event_dup_aris)
{
  static const struct
  {
    const char *value;
    const char *want; /* joined with ',', NULL = none */
  } rows[] = {
    { "ua-profile;profile-type=oma-app;event-app-id=\"mms.ua,push.syncml\"", "mms.ua,push.syncml" },
    { "ua-profile ; profile-type = oma-app ; event-app-id = \"push.syncml\"", "push.syncml" },
    { "ua-profile;event-app-id=mms.ua", "mms.ua" },
    { "ua-profile;EVENT-APP-ID=\"a, b\";vendor=\"x;y\"", "a,b" },
    { "ua-profile;vendor=\"q\\\"uoted\";event-app-id=z", "z" },
    { "ua-profile", NULL },
    { "ua-profile;profile-type=oma-app", NULL },
    { "refer;id=1", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) aris = NULL;
      ck_assert_int_eq (
          sippush_event_header_dup_aris (rows[i].value, strlen (rows[i].value), &aris, &error),
          SIPPUSH_PARSE_OK);
      ck_assert_msg (error == NULL, "%s: %s", rows[i].value, error ? error->message : "");
      if (rows[i].want == NULL)
        ck_assert_ptr_null (aris);
      else
        {
          g_autofree gchar *joined = g_strjoinv (",", aris);
          ck_assert_str_eq (joined, rows[i].want);
        }
    }
}
END_TEST

/* R-SEC-1: malformed values are errors, stored without a NUL, read within their length. */
START_TEST (test_event_dup_aris_malformed)
{
  static const char *bad[] = {
    "",
    ";event-app-id=a",
    "ua-profile;event-app-id=\"a",
    "ua-profile;event-app-id=\"a\\",
    "ua-profile;event-app-id",
    "ua-profile;event-app-id=",
    "ua-profile;=x",
    "ua-profile;event-app-id=\"\"",
    "ua-profile;event-app-id=\"a,,b\"",
    "ua-profile x",
    "ua-profile;a=b c",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gsize len = strlen (bad[i]);
      g_autofree char *copy = g_memdup2 (bad[i], len ? len : 1); /* no NUL after the data */
      g_autoptr (GError) error = NULL;
      gchar **aris = NULL;
      SipPushParseResult r = sippush_event_header_dup_aris (copy, len, &aris, &error);
      ck_assert_msg (r != SIPPUSH_PARSE_OK && aris == NULL && error != NULL, "accepted: %s",
                     bad[i]);
      ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, (gint) r));
    }
  /* The length bounds the read: a valid prefix of a longer buffer. */
  const char *v = "ua-profile;event-app-id=mms.ua;garbage\"";
  g_auto (GStrv) aris = NULL;
  ck_assert_int_eq (
      sippush_event_header_dup_aris (v, strlen ("ua-profile;event-app-id=mms.ua"), &aris, NULL),
      SIPPUSH_PARSE_OK);
  ck_assert_ptr_nonnull (aris);
  ck_assert_str_eq (aris[0], "mms.ua");
}
END_TEST

START_TEST (test_event_package)
{
  const char *pkg;
  gsize len;
  ck_assert (sippush_event_header_package (" ua-profile;x=y", 15, &pkg, &len));
  ck_assert_uint_eq (len, 10);
  ck_assert (strncmp (pkg, "ua-profile", len) == 0);
  ck_assert (!sippush_event_header_package (";x", 2, &pkg, &len));
  ck_assert (!sippush_event_header_package ("", 0, &pkg, &len));
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("event-header");
  TCase *tc = tcase_create ("event-header");
  tcase_add_test (tc, test_event_build_oma_app);
  tcase_add_test (tc, test_event_build_device);
  tcase_add_test (tc, test_event_build_rejects_bad_values);
  tcase_add_test (tc, test_event_dup_aris);
  tcase_add_test (tc, test_event_dup_aris_malformed);
  tcase_add_test (tc, test_event_package);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
