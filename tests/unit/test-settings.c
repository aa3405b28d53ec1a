/* Unit tests for the receiver's typed setters: valid values are stored and notified,
 * invalid ones refused with the documented error and nothing changed, and a running
 * receiver refuses every start-time setting (the typed setter with WRONG_STATE,
 * g_object_set() with a warning) while accept-refers stays live. */
#include "check-main.h"
#include "loopback.h"

#include <sippush/sippush.h>

typedef gboolean (*SetString) (SipPushReceiver *, const gchar *, GError **);
typedef const gchar *(*GetString) (SipPushReceiver *);
typedef gboolean (*SetUint) (SipPushReceiver *, guint, GError **);
typedef guint (*GetUint) (SipPushReceiver *);
typedef gboolean (*SetBool) (SipPushReceiver *, gboolean, GError **);
typedef gboolean (*GetBool) (SipPushReceiver *);

static const struct
{
  const char *property;
  SetString set;
  GetString get;
  const char *valid;
  const char *invalid; /* NULL: anything goes */
  gint error;
} strings[] = {
  { "bind-uri", sippush_receiver_set_bind_uri, sippush_receiver_get_bind_uri, "sip:127.0.0.1:5070",
    "sip:127.0.0.1:0", SIPPUSH_ERROR_INVALID_URI },
  { "registrar", sippush_receiver_set_registrar, sippush_receiver_get_registrar,
    "sip:ims.example.org;transport=tcp", "http://example.org/", SIPPUSH_ERROR_INVALID_URI },
  { "proxy", sippush_receiver_set_proxy, sippush_receiver_get_proxy, "sips:proxy.example.org",
    "not a uri", SIPPUSH_ERROR_INVALID_URI },
  { "username", sippush_receiver_set_username, sippush_receiver_get_username, "alice", NULL, 0 },
  { "password", sippush_receiver_set_password, sippush_receiver_get_password, "secret", NULL, 0 },
  { "file-directory", sippush_receiver_set_file_directory, sippush_receiver_get_file_directory,
    "/tmp", NULL, 0 },
  { "msrp-bind", sippush_receiver_set_msrp_bind, sippush_receiver_get_msrp_bind, "127.0.0.1:0",
    NULL, 0 },
  { "subscribe-uri", sippush_receiver_set_subscribe_uri, sippush_receiver_get_subscribe_uri,
    "sip:push@sender.example", "tel:+123", SIPPUSH_ERROR_INVALID_URI },
  { "preferred-identity", sippush_receiver_set_preferred_identity,
    sippush_receiver_get_preferred_identity, "sip:alice@example.org", "",
    SIPPUSH_ERROR_INVALID_URI },
  { "device-vendor", sippush_receiver_set_device_vendor, sippush_receiver_get_device_vendor, "ACME",
    "a\"b", SIPPUSH_ERROR_INVALID_VALUE },
  { "device-model", sippush_receiver_set_device_model, sippush_receiver_get_device_model, "Phone 1",
    "", SIPPUSH_ERROR_INVALID_VALUE },
  { "device-version", sippush_receiver_set_device_version, sippush_receiver_get_device_version,
    "1.0", "back\\slash", SIPPUSH_ERROR_INVALID_VALUE },
  { "device-uaprof", sippush_receiver_set_device_uaprof, sippush_receiver_get_device_uaprof,
    "http://example.org/uaprof.xml", "line\nbreak", SIPPUSH_ERROR_INVALID_VALUE },
};

static const struct
{
  const char *property;
  SetUint set;
  GetUint get;
  guint min, max;
} uints[] = {
  { "expires", sippush_receiver_set_expires, sippush_receiver_get_expires, 1, G_MAXINT32 },
  { "delivery-timeout", sippush_receiver_set_delivery_timeout,
    sippush_receiver_get_delivery_timeout, 1, 3600 },
  { "max-pending-deliveries", sippush_receiver_set_max_pending_deliveries,
    sippush_receiver_get_max_pending_deliveries, 1, 1u << 20 },
  { "max-message-size", sippush_receiver_set_max_message_size,
    sippush_receiver_get_max_message_size, 65536, 64u << 20 },
  { "idle-timeout", sippush_receiver_set_idle_timeout, sippush_receiver_get_idle_timeout, 1,
    86400 },
  { "retry-interval-min", sippush_receiver_set_retry_interval_min,
    sippush_receiver_get_retry_interval_min, 1, 86400 },
  { "retry-interval-max", sippush_receiver_set_retry_interval_max,
    sippush_receiver_get_retry_interval_max, 1, 86400 },
  { "max-sessions", sippush_receiver_set_max_sessions, sippush_receiver_get_max_sessions, 1,
    100000 },
  { "max-msrp-connections", sippush_receiver_set_max_msrp_connections,
    sippush_receiver_get_max_msrp_connections, 1, 100000 },
  { "msrp-idle-timeout", sippush_receiver_set_msrp_idle_timeout,
    sippush_receiver_get_msrp_idle_timeout, 1, 86400 },
  { "msrp-bind-timeout", sippush_receiver_set_msrp_bind_timeout,
    sippush_receiver_get_msrp_bind_timeout, 1, 3600 },
  { "msrp-connect-timeout", sippush_receiver_set_msrp_connect_timeout,
    sippush_receiver_get_msrp_connect_timeout, 1, 86400 },
  { "msrp-stall-timeout", sippush_receiver_set_msrp_stall_timeout,
    sippush_receiver_get_msrp_stall_timeout, 1, 86400 },
  { "session-expires", sippush_receiver_set_session_expires, sippush_receiver_get_session_expires,
    90, 86400 },
  { "subscribe-expires", sippush_receiver_set_subscribe_expires,
    sippush_receiver_get_subscribe_expires, 1, G_MAXINT32 },
};

static const struct
{
  const char *property;
  SetBool set;
  GetBool get;
} bools[] = {
  { "msrp-connect-out", sippush_receiver_set_msrp_connect_out,
    sippush_receiver_get_msrp_connect_out },
  { "hash-files", sippush_receiver_set_hash_files, sippush_receiver_get_hash_files },
  { "subscribe", sippush_receiver_set_subscribe, sippush_receiver_get_subscribe },
};

static int warnings;

static void
count_warning (const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
  warnings++;
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

/* Each string setter stores a valid value (notifying once), refuses an invalid one
 * without changing anything, and unsets with NULL. */
START_TEST (test_string_setters)
{
  SipPushReceiver *r = new_receiver ();
  int notified = 0;
  g_autofree gchar *signal = g_strdup_printf ("notify::%s", strings[_i].property);
  g_signal_connect (r, signal, G_CALLBACK (count_notify), &notified);

  GError *error = NULL;
  ck_assert (strings[_i].set (r, strings[_i].valid, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (strings[_i].get (r), strings[_i].valid);
  ck_assert_int_eq (notified, 1);
  ck_assert (strings[_i].set (r, strings[_i].valid, NULL)); /* unchanged: no notify */
  ck_assert_int_eq (notified, 1);
  g_autofree gchar *prop = NULL;
  g_object_get (r, strings[_i].property, &prop, NULL);
  ck_assert_str_eq (prop, strings[_i].valid);

  if (strings[_i].invalid)
    {
      ck_assert (!strings[_i].set (r, strings[_i].invalid, &error));
      ck_assert_msg (g_error_matches (error, SIPPUSH_ERROR, strings[_i].error), "%s: %s",
                     strings[_i].property, error ? error->message : "no error");
      g_clear_error (&error);
      ck_assert_str_eq (strings[_i].get (r), strings[_i].valid);
      ck_assert_int_eq (notified, 1);
    }

  ck_assert (strings[_i].set (r, NULL, NULL));
  if (g_str_equal (strings[_i].property, "bind-uri"))
    ck_assert_str_eq (strings[_i].get (r), "sip:0.0.0.0:5060"); /* NULL: the default */
  else
    ck_assert_ptr_null (strings[_i].get (r));
  g_object_unref (r);
}
END_TEST

/* Each number setter takes its range's ends and refuses one past them with INVALID_VALUE. */
START_TEST (test_uint_setters)
{
  SipPushReceiver *r = new_receiver ();
  GError *error = NULL;
  guint def = uints[_i].get (r);
  ck_assert (uints[_i].set (r, uints[_i].min, NULL));
  ck_assert_uint_eq (uints[_i].get (r), uints[_i].min);
  ck_assert (uints[_i].set (r, uints[_i].max, NULL));
  ck_assert_uint_eq (uints[_i].get (r), uints[_i].max);
  guint prop = 0;
  g_object_get (r, uints[_i].property, &prop, NULL);
  ck_assert_uint_eq (prop, uints[_i].max);
  ck_assert (uints[_i].set (r, def, NULL));

  ck_assert (!uints[_i].set (r, uints[_i].min - 1, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE));
  g_clear_error (&error);
  if (uints[_i].max < G_MAXUINT)
    {
      ck_assert (!uints[_i].set (r, uints[_i].max + 1, &error));
      ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_VALUE));
      g_clear_error (&error);
    }
  ck_assert_uint_eq (uints[_i].get (r), def);
  g_object_unref (r);
}
END_TEST

START_TEST (test_other_setters)
{
  SipPushReceiver *r = new_receiver ();
  ck_assert_str_eq (sippush_receiver_get_aor (r), "sip:alice@example.org");

  for (gsize i = 0; i < G_N_ELEMENTS (bools); i++)
    {
      gboolean def = bools[i].get (r);
      ck_assert (bools[i].set (r, !def, NULL));
      ck_assert_int_eq (bools[i].get (r), !def);
      gboolean prop = def;
      g_object_get (r, bools[i].property, &prop, NULL);
      ck_assert_int_eq (prop, !def);
    }
  ck_assert (sippush_receiver_get_hash_files (r) == FALSE); /* default TRUE, flipped */

  ck_assert_uint_eq (sippush_receiver_get_max_file_size (r), 0);
  ck_assert (sippush_receiver_set_max_file_size (r, G_MAXUINT64, NULL));
  ck_assert_uint_eq (sippush_receiver_get_max_file_size (r), G_MAXUINT64);

  ck_assert (sippush_receiver_get_accept_refers (r));
  sippush_receiver_set_accept_refers (r, FALSE);
  ck_assert (!sippush_receiver_get_accept_refers (r));
  g_object_unref (r);
}
END_TEST

static void
started (GObject *source, GAsyncResult *res, gpointer data)
{
  GError *error = NULL;
  ck_assert_msg (sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), res, &error), "%s",
                 error ? error->message : "");
  *(gboolean *) data = TRUE;
}

static void
stopped (GObject *source, GAsyncResult *res, gpointer data)
{
  ck_assert (sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), res, NULL));
  *(gboolean *) data = TRUE;
}

static void
run_until (gboolean *flag)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!*flag && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  ck_assert (*flag);
}

/* A running receiver refuses every start-time setting, typed or by property, and keeps
 * the value its stack was built with; accept-refers may still change. */
START_TEST (test_running_receiver)
{
  SipPushReceiver *r = new_receiver ();
  g_autofree gchar *bind = g_strdup_printf ("sip:127.0.0.1:%u", sippush_test_free_port ());
  ck_assert (sippush_receiver_set_bind_uri (r, bind, NULL));
  ck_assert (sippush_receiver_set_msrp_bind (r, "127.0.0.1:0", NULL));
  gboolean done = FALSE;
  sippush_receiver_start_async (r, NULL, started, &done);
  run_until (&done);

  GError *error = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree gchar *before = g_strdup (strings[i].get (r));
      ck_assert (!strings[i].set (r, strings[i].valid, &error));
      ck_assert_msg (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE), "%s",
                     strings[i].property);
      g_clear_error (&error);
      ck_assert_str_eq (before ? before : "(null)",
                        strings[i].get (r) ? strings[i].get (r) : "(null)");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (uints); i++)
    {
      guint before = uints[i].get (r);
      ck_assert (!uints[i].set (r, uints[i].min, &error));
      ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE));
      g_clear_error (&error);
      ck_assert_uint_eq (uints[i].get (r), before);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bools); i++)
    {
      ck_assert (!bools[i].set (r, !bools[i].get (r), &error));
      ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE));
      g_clear_error (&error);
    }
  ck_assert (!sippush_receiver_set_max_file_size (r, 1, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE));
  g_clear_error (&error);

  /* g_object_set() warns and changes nothing. */
  warnings = 0;
  guint handler = g_log_set_handler ("sippush", G_LOG_LEVEL_WARNING, count_warning, NULL);
  g_object_set (r, "registrar", "sip:ims.example.org", "delivery-timeout", 7, NULL);
  g_log_remove_handler ("sippush", handler);
  ck_assert_int_eq (warnings, 2);
  ck_assert_ptr_null (sippush_receiver_get_registrar (r));
  ck_assert_uint_eq (sippush_receiver_get_delivery_timeout (r), 30);

  /* accept-refers is read for each REFER: it stays live, typed and by property. */
  sippush_receiver_set_accept_refers (r, FALSE);
  ck_assert (!sippush_receiver_get_accept_refers (r));
  g_object_set (r, "accept-refers", TRUE, NULL);
  ck_assert (sippush_receiver_get_accept_refers (r));

  done = FALSE;
  sippush_receiver_stop_async (r, NULL, stopped, &done);
  run_until (&done);
  /* Stopped, the settings are free again. */
  ck_assert (sippush_receiver_set_registrar (r, "sip:ims.example.org", NULL));
  g_object_unref (r);
}
END_TEST

/* g_object_set() on a stopped receiver keeps its old contract: the value is stored as
 * given and checked when the receiver starts. */
START_TEST (test_property_checked_at_start)
{
  SipPushReceiver *r = new_receiver ();
  g_object_set (r, "registrar", "not a uri", NULL);
  ck_assert_str_eq (sippush_receiver_get_registrar (r), "not a uri");
  g_object_unref (r);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("settings");
  TCase *tc = tcase_create ("setters");
  tcase_add_loop_test (tc, test_string_setters, 0, G_N_ELEMENTS (strings));
  tcase_add_loop_test (tc, test_uint_setters, 0, G_N_ELEMENTS (uints));
  tcase_add_test (tc, test_other_setters);
  tcase_add_test (tc, test_property_checked_at_start);
  suite_add_tcase (s, tc);
  TCase *running = tcase_create ("running");
  tcase_set_timeout (running, 20);
  tcase_add_test (running, test_running_receiver);
  suite_add_tcase (s, running);
  return sippush_test_run (s);
}
