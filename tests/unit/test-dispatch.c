/* Unit tests for the application registry and routing (R-DSP-1, R-MSG-2, R-MSG-3, R-REG-1). */
#include "check-main.h"
#include <stdlib.h>

#include "core/dispatch.h"

static void
noop_cb (SipPushReceiver *r, SipPushDelivery *d, gpointer data)
{
}

static void
count_destroy (gpointer data)
{
  (*(int *) data)++;
}

static SipPushDispatch *
dispatch_with (const char *const *aris)
{
  SipPushDispatch *d = sippush_dispatch_new ();
  for (; *aris; aris++)
    ck_assert (sippush_dispatch_add (d, *aris, noop_cb, NULL, NULL, NULL));
  return d;
}

/* R-REG-1: the Contact tag lists every application, in order, strictly formatted. */
START_TEST (test_feature_tag_lists_apps)
{
  static const char *const aris[] = { "mms.ua", "push.syncml", NULL };
  SipPushDispatch *d = dispatch_with (aris);
  gchar *tag = sippush_dispatch_dup_feature_tag (d);
  ck_assert_str_eq (tag, "+g.oma.pusheventappp=\"mms.ua,push.syncml\"");
  g_free (tag);
  ck_assert (sippush_dispatch_remove (d, sippush_dispatch_lookup (d, "mms.ua"), NULL));
  tag = sippush_dispatch_dup_feature_tag (d);
  ck_assert_str_eq (tag, "+g.oma.pusheventappp=\"push.syncml\"");
  g_free (tag);
  ck_assert (sippush_dispatch_remove (d, sippush_dispatch_lookup (d, "push.syncml"), NULL));
  ck_assert_ptr_null (sippush_dispatch_dup_feature_tag (d));
  sippush_dispatch_free (d);
}
END_TEST

/* R-MSG-1: the first served ARI of the push wins. */
START_TEST (test_route_by_ari)
{
  static const char *const aris[] = { "mms.ua", "push.syncml", NULL };
  SipPushDispatch *d = dispatch_with (aris);
  SipPushApp *app = NULL;
  const char *ari = NULL;
  const char *const named[] = { "loc.ua", "push.syncml", "mms.ua", NULL };
  ck_assert_int_eq (sippush_dispatch_route (d, named, &app, &ari), SIPPUSH_ROUTE_FOUND);
  ck_assert_str_eq (app->ari, "push.syncml");
  ck_assert_str_eq (ari, "push.syncml");
  g_object_unref (app);
  sippush_dispatch_free (d);
}
END_TEST

/* R-MSG-3: a push naming only unserved ARIs never reaches an application, not even the
 * default or the catch-all. */
START_TEST (test_route_unserved)
{
  static const char *const aris[] = { "mms.ua", NULL };
  SipPushDispatch *d = dispatch_with (aris);
  ck_assert (sippush_dispatch_add (d, NULL, noop_cb, NULL, NULL, NULL));
  ck_assert (sippush_dispatch_set_default (d, sippush_dispatch_lookup (d, "mms.ua"), NULL));
  SipPushApp *app = NULL;
  const char *ari = NULL;
  const char *const named[] = { "loc.ua", NULL };
  ck_assert_int_eq (sippush_dispatch_route (d, named, &app, &ari), SIPPUSH_ROUTE_UNSERVED);
  ck_assert_ptr_null (app);
  sippush_dispatch_free (d);
}
END_TEST

/* R-MSG-2: no ARI → the default application, else the catch-all, else nobody. */
START_TEST (test_route_default)
{
  static const char *const aris[] = { "mms.ua", "push.syncml", NULL };
  SipPushDispatch *d = dispatch_with (aris);
  SipPushApp *app = NULL;
  const char *ari = NULL;
  ck_assert_int_eq (sippush_dispatch_route (d, NULL, &app, &ari), SIPPUSH_ROUTE_NO_DEFAULT);

  ck_assert (sippush_dispatch_add (d, NULL, noop_cb, NULL, NULL, NULL));
  ck_assert_int_eq (sippush_dispatch_route (d, NULL, &app, &ari), SIPPUSH_ROUTE_FOUND);
  ck_assert_ptr_null (app->ari);
  ck_assert_ptr_null (ari);
  g_object_unref (app);

  ck_assert (sippush_dispatch_set_default (d, sippush_dispatch_lookup (d, "push.syncml"), NULL));
  const char *const none[] = { NULL };
  ck_assert_int_eq (sippush_dispatch_route (d, none, &app, &ari), SIPPUSH_ROUTE_FOUND);
  ck_assert_str_eq (app->ari, "push.syncml");
  g_object_unref (app);

  /* Removing the default falls back to the catch-all. */
  ck_assert (sippush_dispatch_remove (d, sippush_dispatch_lookup (d, "push.syncml"), NULL));
  ck_assert_int_eq (sippush_dispatch_route (d, NULL, &app, &ari), SIPPUSH_ROUTE_FOUND);
  ck_assert_ptr_null (app->ari);
  g_object_unref (app);
  sippush_dispatch_free (d);
}
END_TEST

START_TEST (test_add_remove_errors_and_destroy)
{
  int destroyed = 0;
  SipPushDispatch *d = sippush_dispatch_new ();
  GError *error = NULL;
  ck_assert (sippush_dispatch_add (d, "mms.ua", noop_cb, &destroyed, count_destroy, NULL));
  ck_assert (!sippush_dispatch_add (d, "mms.ua", noop_cb, &destroyed, count_destroy, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_APP_EXISTS));
  g_clear_error (&error);
  ck_assert_int_eq (destroyed, 0); /* a refused add does not take ownership */
  /* An application that is not this dispatch's: never added here, or removed. */
  SipPushDispatch *other = sippush_dispatch_new ();
  SipPushApp *foreign = sippush_dispatch_add (other, "mms.ua", noop_cb, NULL, NULL, NULL);
  ck_assert (!sippush_dispatch_remove (d, foreign, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_NO_SUCH_APP));
  g_clear_error (&error);
  ck_assert (!sippush_dispatch_set_default (d, foreign, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_NO_SUCH_APP));
  g_clear_error (&error);
  sippush_dispatch_free (other);
  /* R-REG-1: an ARI the feature tag cannot carry is refused up front. */
  ck_assert (!sippush_dispatch_add (d, "a\\b", noop_cb, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID));
  g_clear_error (&error);

  /* An app removed while routed stays alive until its last reference goes. */
  SipPushApp *app = NULL;
  const char *ari = NULL;
  const char *const named[] = { "mms.ua", NULL };
  ck_assert_int_eq (sippush_dispatch_route (d, named, &app, &ari), SIPPUSH_ROUTE_FOUND);
  ck_assert (sippush_dispatch_remove (d, app, NULL));
  ck_assert_int_eq (destroyed, 0);
  ck_assert_str_eq (app->ari, "mms.ua");
  ck_assert (!sippush_dispatch_remove (d, app, &error)); /* removed already */
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_NO_SUCH_APP));
  g_clear_error (&error);
  g_object_unref (app);
  ck_assert_int_eq (destroyed, 1);
  sippush_dispatch_free (d);
}
END_TEST

START_TEST (test_accept_types)
{
  static const char *const aris[] = { "mms.ua", NULL };
  SipPushDispatch *d = dispatch_with (aris);
  SipPushApp *app = NULL;
  const char *ari = NULL;
  ck_assert_int_eq (sippush_dispatch_route (d, aris, &app, &ari), SIPPUSH_ROUTE_FOUND);
  ck_assert (sippush_app_accepts (app, NULL));
  ck_assert (sippush_app_accepts (app, "anything/at-all"));

  const char *const types[] = { "application/vnd.wap.mms-message", "text/*", NULL };
  sippush_app_set_accept_types (sippush_dispatch_lookup (d, "mms.ua"), types);
  ck_assert (sippush_app_accepts (app, "application/vnd.wap.mms-message"));
  ck_assert (sippush_app_accepts (app, "APPLICATION/vnd.wap.MMS-message ; x=1"));
  ck_assert (sippush_app_accepts (app, "text/plain;charset=utf-8"));
  ck_assert (!sippush_app_accepts (app, "text/"));
  ck_assert (!sippush_app_accepts (app, "text"));
  ck_assert (!sippush_app_accepts (app, "image/jpeg"));
  ck_assert (!sippush_app_accepts (app, "application/vnd.wap.mms-messagex"));
  ck_assert (!sippush_app_accepts (app, NULL));
  ck_assert (!sippush_app_accepts (app, ""));

  const char *const any[] = { "*/*", NULL };
  sippush_app_set_accept_types (sippush_dispatch_lookup (d, "mms.ua"), any);
  ck_assert (sippush_app_accepts (app, NULL));
  g_object_unref (app);
  sippush_dispatch_free (d);
}
END_TEST

/* R-SUB-2: the SUBSCRIBE's Accept lists every type the applications take, once each,
 * with * / * (no spaces) when one takes anything; none without applications. */
START_TEST (test_subscribe_accept)
{
  SipPushDispatch *d = sippush_dispatch_new ();
  ck_assert_ptr_null (sippush_dispatch_dup_accept (d));
  ck_assert (sippush_dispatch_add (d, "mms.ua", noop_cb, NULL, NULL, NULL));
  ck_assert (sippush_dispatch_add (d, "push.syncml", noop_cb, NULL, NULL, NULL));
  const gchar *mms[] = { "application/vnd.wap.mms-message", "text/plain", NULL };
  const gchar *sync[] = { "application/vnd.syncml.ds.notification", "text/plain", NULL };
  sippush_app_set_accept_types (sippush_dispatch_lookup (d, "mms.ua"), mms);
  sippush_app_set_accept_types (sippush_dispatch_lookup (d, "push.syncml"), sync);
  g_autofree gchar *a = sippush_dispatch_dup_accept (d);
  ck_assert_str_eq (a, "application/vnd.wap.mms-message, text/plain, "
                       "application/vnd.syncml.ds.notification");
  sippush_app_set_accept_types (sippush_dispatch_lookup (d, "push.syncml"), NULL);
  g_autofree gchar *any = sippush_dispatch_dup_accept (d);
  ck_assert_str_eq (any, "application/vnd.wap.mms-message, text/plain, */*");
  sippush_dispatch_free (d);
}
END_TEST

/* NOTIFY routing step 4: the first application whose own accept types list the type;
 * an application that takes anything is not chosen by type (the default is, later). */
START_TEST (test_route_by_type)
{
  SipPushDispatch *d = sippush_dispatch_new ();
  ck_assert (sippush_dispatch_add (d, "any.app", noop_cb, NULL, NULL, NULL));
  ck_assert (sippush_dispatch_add (d, "mms.ua", noop_cb, NULL, NULL, NULL));
  ck_assert (sippush_dispatch_add (d, "push.syncml", noop_cb, NULL, NULL, NULL));
  const gchar *mms[] = { "application/vnd.wap.mms-message", NULL };
  const gchar *sync[] = { "application/vnd.syncml.ds.notification", NULL };
  sippush_app_set_accept_types (sippush_dispatch_lookup (d, "mms.ua"), mms);
  sippush_app_set_accept_types (sippush_dispatch_lookup (d, "push.syncml"), sync);
  SipPushApp *app = NULL;
  ck_assert (sippush_dispatch_route_by_type (d, "application/vnd.syncml.ds.notification", &app));
  ck_assert_str_eq (app->ari, "push.syncml");
  g_object_unref (app);
  ck_assert (sippush_dispatch_route_by_type (d, "application/vnd.wap.mms-message;x=1", &app));
  ck_assert_str_eq (app->ari, "mms.ua");
  g_object_unref (app);
  app = NULL;
  ck_assert (!sippush_dispatch_route_by_type (d, "text/plain", &app));
  ck_assert (!sippush_dispatch_route_by_type (d, NULL, &app));
  ck_assert_ptr_null (app);
  sippush_dispatch_free (d);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("dispatch");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_feature_tag_lists_apps);
  tcase_add_test (tc, test_route_by_ari);
  tcase_add_test (tc, test_route_unserved);
  tcase_add_test (tc, test_route_default);
  tcase_add_test (tc, test_add_remove_errors_and_destroy);
  tcase_add_test (tc, test_accept_types);
  tcase_add_test (tc, test_subscribe_accept);
  tcase_add_test (tc, test_route_by_type);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
