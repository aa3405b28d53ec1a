/* Unit tests for the small public objects: SipPushApp (through the receiver's application
 * registry), SipPushRejection, SipPushTransfer, SipPushRefer, and the version API. */
#include "check-main.h"

#include "app-private.h"
#include "refer-private.h"
#include "rejection-private.h"
#include "transfer-private.h"

static void
noop_push (SipPushReceiver *r, SipPushDelivery *d, gpointer data)
{
}

static void
noop_offer (SipPushReceiver *r, SipPushFileOffer *o, gpointer data)
{
}

static void
count (gpointer data)
{
  (*(int *) data)++;
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(int *) data)++;
}

static SipPushReceiver *
new_receiver (void)
{
  SipPushReceiver *r = sippush_receiver_new ("sip:alice@example.org", NULL);
  ck_assert_ptr_nonnull (r);
  return r;
}

/* add_app returns the application, owned by the receiver, with its canonical id. */
START_TEST (test_app_add_and_lookup)
{
  SipPushReceiver *r = new_receiver ();
  SipPushApp *mms
      = sippush_receiver_add_app (r, "x-wap-application:mms.ua", noop_push, NULL, NULL, NULL);
  ck_assert_ptr_nonnull (mms);
  ck_assert_str_eq (sippush_app_get_id (mms), "mms.ua");
  g_autofree gchar *id = NULL;
  g_object_get (mms, "id", &id, NULL);
  ck_assert_str_eq (id, "mms.ua");

  /* Any form of the id finds it; an invalid one finds nothing. */
  ck_assert_ptr_eq (sippush_receiver_lookup_app (r, "mms.ua"), mms);
  ck_assert_ptr_eq (sippush_receiver_lookup_app (r, "0x04"), mms);
  ck_assert_ptr_eq (sippush_receiver_lookup_app (r, "x-wap-application:mms.ua"), mms);
  ck_assert_ptr_null (sippush_receiver_lookup_app (r, "push.syncml"));
  ck_assert_ptr_null (sippush_receiver_lookup_app (r, "bad id"));
  ck_assert_ptr_null (sippush_receiver_lookup_app (r, NULL));

  SipPushApp *any = sippush_receiver_add_app (r, NULL, noop_push, NULL, NULL, NULL);
  ck_assert_ptr_nonnull (any);
  ck_assert_ptr_null (sippush_app_get_id (any));
  ck_assert_ptr_eq (sippush_receiver_lookup_app (r, NULL), any);

  /* Same errors as before, and then nothing is returned or destroyed. */
  int destroyed = 0;
  GError *error = NULL;
  ck_assert_ptr_null (sippush_receiver_add_app (r, "0x04", noop_push, &destroyed, count, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_APP_EXISTS));
  g_clear_error (&error);
  ck_assert_ptr_null (sippush_receiver_add_app (r, "bad id", noop_push, &destroyed, count, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID));
  g_clear_error (&error);
  ck_assert_ptr_null (sippush_receiver_add_app (r, "0x7fff", noop_push, &destroyed, count, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_UNKNOWN_APP_ID));
  g_clear_error (&error);
  ck_assert_int_eq (destroyed, 0);

  g_auto (GStrv) ids = sippush_receiver_dup_app_ids (r);
  ck_assert_uint_eq (g_strv_length (ids), 1);
  ck_assert_str_eq (ids[0], "mms.ua");
  g_object_unref (r);
}
END_TEST

/* remove_app takes only an application of this receiver, once; the push callback's data
 * is destroyed when the application is finalized, not before. */
START_TEST (test_app_remove)
{
  SipPushReceiver *r = new_receiver ();
  SipPushReceiver *other = new_receiver ();
  int destroyed = 0;
  SipPushApp *app = sippush_receiver_add_app (r, "mms.ua", noop_push, &destroyed, count, NULL);
  SipPushApp *foreign = sippush_receiver_add_app (other, "mms.ua", noop_push, NULL, NULL, NULL);
  GError *error = NULL;
  ck_assert (!sippush_receiver_remove_app (r, foreign, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_NO_SUCH_APP));
  g_clear_error (&error);

  g_object_ref (app); /* kept past its removal */
  ck_assert (sippush_receiver_remove_app (r, app, NULL));
  ck_assert_ptr_null (sippush_receiver_lookup_app (r, "mms.ua"));
  ck_assert_int_eq (destroyed, 0);
  ck_assert (!sippush_receiver_remove_app (r, app, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_NO_SUCH_APP));
  g_clear_error (&error);
  /* Added again with the same id, it is a new application: the old one stays foreign. */
  SipPushApp *again = sippush_receiver_add_app (r, "mms.ua", noop_push, NULL, NULL, NULL);
  ck_assert_ptr_ne (again, app);
  ck_assert (!sippush_receiver_remove_app (r, app, NULL));
  g_object_unref (app);
  ck_assert_int_eq (destroyed, 1);

  /* Without an extra reference, removal finalizes; so does the receiver's end. */
  int destroyed2 = 0;
  SipPushApp *two
      = sippush_receiver_add_app (r, "push.syncml", noop_push, &destroyed2, count, NULL);
  ck_assert (sippush_receiver_remove_app (r, two, NULL));
  ck_assert_int_eq (destroyed2, 1);
  int destroyed3 = 0;
  sippush_receiver_add_app (r, NULL, noop_push, &destroyed3, count, NULL);
  g_object_unref (r);
  ck_assert_int_eq (destroyed3, 1);
  g_object_unref (other);
}
END_TEST

START_TEST (test_app_default)
{
  SipPushReceiver *r = new_receiver ();
  SipPushReceiver *other = new_receiver ();
  SipPushApp *mms = sippush_receiver_add_app (r, "mms.ua", noop_push, NULL, NULL, NULL);
  SipPushApp *foreign = sippush_receiver_add_app (other, "mms.ua", noop_push, NULL, NULL, NULL);
  GError *error = NULL;
  ck_assert (sippush_receiver_set_default_app (r, mms, NULL));
  ck_assert (!sippush_receiver_set_default_app (r, foreign, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_NO_SUCH_APP));
  g_clear_error (&error);
  ck_assert (sippush_receiver_set_default_app (r, NULL, NULL));
  g_object_unref (other);
  g_object_unref (r);
}
END_TEST

START_TEST (test_app_accept_types)
{
  SipPushReceiver *r = new_receiver ();
  SipPushApp *app = sippush_receiver_add_app (r, "mms.ua", noop_push, NULL, NULL, NULL);
  int notified = 0;
  g_signal_connect (app, "notify::accept-types", G_CALLBACK (count_notify), &notified);
  ck_assert_ptr_null (sippush_app_get_accept_types (app));

  const gchar *types[] = { "application/vnd.wap.mms-message", "text/*", NULL };
  sippush_app_set_accept_types (app, types);
  ck_assert_int_eq (notified, 1);
  const gchar *const *got = sippush_app_get_accept_types (app);
  ck_assert_ptr_ne (got, types); /* copied */
  ck_assert (g_strv_equal (got, types));
  sippush_app_set_accept_types (app, types); /* unchanged: no notify */
  ck_assert_int_eq (notified, 1);

  g_auto (GStrv) prop = NULL;
  g_object_get (app, "accept-types", &prop, NULL);
  ck_assert (g_strv_equal ((const gchar *const *) prop, types));
  const gchar *one[] = { "*", NULL };
  g_object_set (app, "accept-types", one, NULL);
  ck_assert_int_eq (notified, 2);
  ck_assert_str_eq (sippush_app_get_accept_types (app)[0], "*");

  sippush_app_set_accept_types (app, NULL);
  ck_assert_ptr_null (sippush_app_get_accept_types (app));
  ck_assert_int_eq (notified, 3);
  g_object_unref (r);
}
END_TEST

/* The file-offer callback has its own destroy notify: run on replacement and at the
 * application's end, independently of the push callback's. */
START_TEST (test_app_file_offer_func)
{
  SipPushReceiver *r = new_receiver ();
  int push_destroyed = 0, first = 0, second = 0;
  SipPushApp *app = sippush_receiver_add_app (r, "mms.ua", noop_push, &push_destroyed, count, NULL);
  sippush_app_set_file_offer_func (app, noop_offer, &first, count);
  ck_assert (app->file_offer == noop_offer);
  ck_assert_ptr_eq (app->file_offer_data, &first);
  sippush_app_set_file_offer_func (app, noop_offer, &second, count);
  ck_assert_int_eq (first, 1);
  ck_assert_int_eq (second, 0);
  ck_assert_int_eq (push_destroyed, 0);
  sippush_app_set_file_offer_func (app, NULL, NULL, NULL);
  ck_assert_int_eq (second, 1);
  ck_assert (app->file_offer == NULL);

  sippush_app_set_file_offer_func (app, noop_offer, &first, count);
  g_object_unref (r);
  ck_assert_int_eq (first, 2);
  ck_assert_int_eq (push_destroyed, 1);
}
END_TEST

START_TEST (test_rejection)
{
  g_autoptr (SipPushRejection) full = sippush_rejection_new (
      SIPPUSH_METHOD_INVITE, 415, "Unsupported Media Type", "sip:bob@example.org", "mms.ua");
  ck_assert_int_eq (sippush_rejection_get_method (full), SIPPUSH_METHOD_INVITE);
  ck_assert_uint_eq (sippush_rejection_get_status (full), 415);
  ck_assert_str_eq (sippush_rejection_get_reason (full), "Unsupported Media Type");
  ck_assert_str_eq (sippush_rejection_get_sender (full), "sip:bob@example.org");
  ck_assert_str_eq (sippush_rejection_get_ari (full), "mms.ua");

  SipPushMethod method;
  guint status;
  g_autofree gchar *reason = NULL, *sender = NULL, *ari = NULL;
  g_object_get (full, "method", &method, "status", &status, "reason", &reason, "sender", &sender,
                "ari", &ari, NULL);
  ck_assert_int_eq (method, SIPPUSH_METHOD_INVITE);
  ck_assert_uint_eq (status, 415);
  ck_assert_str_eq (reason, "Unsupported Media Type");
  ck_assert_str_eq (sender, "sip:bob@example.org");
  ck_assert_str_eq (ari, "mms.ua");

  /* Unknown fields stay NULL. */
  g_autoptr (SipPushRejection) bare
      = sippush_rejection_new (SIPPUSH_METHOD_REFER, 503, NULL, NULL, NULL);
  ck_assert_int_eq (sippush_rejection_get_method (bare), SIPPUSH_METHOD_REFER);
  ck_assert_ptr_null (sippush_rejection_get_reason (bare));
  ck_assert_ptr_null (sippush_rejection_get_sender (bare));
  ck_assert_ptr_null (sippush_rejection_get_ari (bare));
}
END_TEST

START_TEST (test_transfer)
{
  g_autoptr (SipPushTransfer) t = sippush_transfer_new ("mms.ua", "../photo.jpg", 0);
  ck_assert_str_eq (sippush_transfer_get_app_id (t), "mms.ua");
  ck_assert_str_eq (sippush_transfer_get_file_name (t), "../photo.jpg"); /* as offered */
  ck_assert_uint_eq (sippush_transfer_get_size (t), 0);
  ck_assert_uint_eq (sippush_transfer_get_received (t), 0);
  ck_assert_ptr_null (sippush_transfer_get_reason (t));

  int received = 0, size = 0, reason = 0;
  g_signal_connect (t, "notify::received", G_CALLBACK (count_notify), &received);
  g_signal_connect (t, "notify::size", G_CALLBACK (count_notify), &size);
  g_signal_connect (t, "notify::reason", G_CALLBACK (count_notify), &reason);
  sippush_transfer_set_size (t, 4096);
  sippush_transfer_set_received (t, 1024);
  sippush_transfer_set_received (t, 1024); /* unchanged: no notify */
  sippush_transfer_set_received (t, 2048);
  ck_assert_int_eq (size, 1);
  ck_assert_int_eq (received, 2);
  ck_assert_uint_eq (sippush_transfer_get_size (t), 4096);
  guint64 got = 0;
  g_object_get (t, "received", &got, NULL);
  ck_assert_uint_eq (got, 2048);

  sippush_transfer_set_failed (t, "size mismatch");
  ck_assert_int_eq (reason, 1);
  ck_assert_str_eq (sippush_transfer_get_reason (t), "size mismatch");

  g_autoptr (SipPushTransfer) anon = sippush_transfer_new (NULL, NULL, 10);
  ck_assert_ptr_null (sippush_transfer_get_app_id (anon));
  ck_assert_ptr_null (sippush_transfer_get_file_name (anon));
  ck_assert_uint_eq (sippush_transfer_get_size (anon), 10);
}
END_TEST

START_TEST (test_refer)
{
  g_autoptr (SipPushRefer) refer
      = sippush_refer_new ("sip:push@sender.example", "sip:bob@example.org");
  ck_assert_str_eq (sippush_refer_get_target (refer), "sip:push@sender.example");
  ck_assert_str_eq (sippush_refer_get_sender (refer), "sip:bob@example.org");
  ck_assert (!sippush_refer_get_accepted (refer)); /* undecided */

  int notified = 0;
  g_signal_connect (refer, "notify::accepted", G_CALLBACK (count_notify), &notified);
  sippush_refer_set_accepted (refer, TRUE);
  sippush_refer_set_accepted (refer, 42); /* still TRUE */
  ck_assert_int_eq (notified, 1);
  gboolean accepted = FALSE;
  g_object_get (refer, "accepted", &accepted, NULL);
  ck_assert_int_eq (accepted, TRUE);
  sippush_refer_set_accepted (refer, FALSE);
  ck_assert (!sippush_refer_get_accepted (refer));

  g_autoptr (SipPushRefer) anon = sippush_refer_new ("sip:push@sender.example", NULL);
  ck_assert_ptr_null (sippush_refer_get_sender (anon));
}
END_TEST

START_TEST (test_version)
{
  ck_assert_uint_eq (sippush_get_major_version (), SIPPUSH_MAJOR_VERSION);
  ck_assert_uint_eq (sippush_get_minor_version (), SIPPUSH_MINOR_VERSION);
  ck_assert_uint_eq (sippush_get_micro_version (), SIPPUSH_MICRO_VERSION);
  g_autofree gchar *s
      = g_strdup_printf ("%u.%u.%u", sippush_get_major_version (), sippush_get_minor_version (),
                         sippush_get_micro_version ());
  ck_assert_str_eq (s, SIPPUSH_VERSION_STRING);

  guint major = SIPPUSH_MAJOR_VERSION, minor = SIPPUSH_MINOR_VERSION;
  guint micro = SIPPUSH_MICRO_VERSION;
  ck_assert (sippush_check_version (major, minor, micro));
  ck_assert (sippush_check_version (0, 0, 0));
  ck_assert (!sippush_check_version (major, minor, micro + 1));
  ck_assert (!sippush_check_version (major, minor + 1, 0));
  ck_assert (!sippush_check_version (major + 1, 0, 0));
  if (micro > 0)
    ck_assert (sippush_check_version (major, minor, micro - 1));
  if (minor > 0)
    ck_assert (sippush_check_version (major, minor - 1, 99));

  ck_assert (SIPPUSH_CHECK_VERSION (0, 1, 0));
  ck_assert (!SIPPUSH_CHECK_VERSION (SIPPUSH_MAJOR_VERSION + 1, 0, 0));
  ck_assert (SIPPUSH_VERSION_MIN_REQUIRED <= SIPPUSH_VERSION_MAX_ALLOWED);
  ck_assert_int_eq (SIPPUSH_VERSION_0_1, 0x100);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("objects");
  TCase *app = tcase_create ("app");
  tcase_add_test (app, test_app_add_and_lookup);
  tcase_add_test (app, test_app_remove);
  tcase_add_test (app, test_app_default);
  tcase_add_test (app, test_app_accept_types);
  tcase_add_test (app, test_app_file_offer_func);
  suite_add_tcase (s, app);
  TCase *reports = tcase_create ("reports");
  tcase_add_test (reports, test_rejection);
  tcase_add_test (reports, test_transfer);
  tcase_add_test (reports, test_refer);
  suite_add_tcase (s, reports);
  TCase *version = tcase_create ("version");
  tcase_add_test (version, test_version);
  suite_add_tcase (s, version);
  return sippush_test_run (s);
}
