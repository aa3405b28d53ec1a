/* Unit tests for the pending set: deliveries waiting for their application, one timer for
 * all of them (R-SEC-2: a delivery not answered in time is answered by the library;
 * R-MSG-1: each delivery is answered exactly once). */
#include "check-main.h"

#include "core/pending.h"
#include "delivery-private.h"

typedef struct
{
  SipPushPendingSet *set;
  GPtrArray *done;  /* the deliveries in the order their answer went out */
  GArray *statuses; /* guint, the same order */
} Fixture;

static void
on_done (SipPushDelivery *delivery, guint status, const char *reason, gpointer data)
{
  Fixture *fx = data;
  (void) reason;
  g_ptr_array_add (fx->done, delivery);
  g_array_append_val (fx->statuses, status);
  sippush_pending_set_remove (fx->set, delivery); /* as message.c does */
}

static SipPushDelivery *
new_delivery (Fixture *fx)
{
  SipPushDeliveryInfo info = {
    .method = SIPPUSH_METHOD_MESSAGE,
    .app_id = "mms.ua",
    .sender = g_strdup ("sip:sender@example.net"),
  };
  return sippush_delivery_new (&info, on_done, fx);
}

static Fixture *
fixture_new (GMainContext *context, guint timeout_s)
{
  Fixture *fx = g_new0 (Fixture, 1);
  fx->set = sippush_pending_set_new (context, timeout_s, 500, "Application did not answer");
  fx->done = g_ptr_array_new ();
  fx->statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  return fx;
}

static void
fixture_free (Fixture *fx)
{
  sippush_pending_set_free (fx->set);
  g_ptr_array_unref (fx->done);
  g_array_unref (fx->statuses);
  g_free (fx);
}

/* Three waiting, the middle one answered: the other two time out, oldest first, not before
 * their timeout, each once; the answered one is not answered again. */
START_TEST (test_pending_timeout_order)
{
  GMainContext *context = g_main_context_new ();
  Fixture *fx = fixture_new (context, 1);
  SipPushDelivery *d[3];
  gint64 start = g_get_monotonic_time ();
  for (int i = 0; i < 3; i++)
    {
      d[i] = new_delivery (fx);
      sippush_pending_set_add (fx->set, d[i]);
    }
  ck_assert_uint_eq (sippush_pending_set_size (fx->set), 3);
  ck_assert (sippush_delivery_complete (d[1], 200, NULL));
  ck_assert_uint_eq (sippush_pending_set_size (fx->set), 2);

  gint64 deadline = start + 10 * G_USEC_PER_SEC; /* the timeout is 1 s: wide margin for load */
  while (fx->done->len < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  ck_assert_uint_eq (fx->done->len, 3);
  ck_assert (g_get_monotonic_time () - start >= G_USEC_PER_SEC);
  ck_assert_ptr_eq (g_ptr_array_index (fx->done, 0), d[1]);
  ck_assert_uint_eq (g_array_index (fx->statuses, guint, 0), 200);
  ck_assert_ptr_eq (g_ptr_array_index (fx->done, 1), d[0]);
  ck_assert_uint_eq (g_array_index (fx->statuses, guint, 1), 500);
  ck_assert_ptr_eq (g_ptr_array_index (fx->done, 2), d[2]);
  ck_assert_uint_eq (g_array_index (fx->statuses, guint, 2), 500);
  ck_assert_uint_eq (sippush_pending_set_size (fx->set), 0);
  /* A late answer from the application finds the delivery complete. */
  ck_assert (!sippush_delivery_complete (d[0], 200, NULL));

  /* Once idle the set's timer stops, and a new delivery arms it again. */
  for (int i = 0; i < 3; i++)
    g_main_context_iteration (context, FALSE);
  SipPushDelivery *later = new_delivery (fx);
  sippush_pending_set_add (fx->set, later);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (fx->done->len < 4 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  ck_assert_uint_eq (fx->done->len, 4);
  ck_assert_ptr_eq (g_ptr_array_index (fx->done, 3), later);
  ck_assert_uint_eq (g_array_index (fx->statuses, guint, 3), 500);

  g_object_unref (later);
  for (int i = 0; i < 3; i++)
    g_object_unref (d[i]);
  fixture_free (fx);
  g_main_context_unref (context);
}
END_TEST

/* Freeing the set answers what still waits with 503, and each delivery only once. */
START_TEST (test_pending_free_completes)
{
  GMainContext *context = g_main_context_new ();
  Fixture *fx = fixture_new (context, 60);
  SipPushDelivery *a = new_delivery (fx), *b = new_delivery (fx);
  sippush_pending_set_add (fx->set, a);
  sippush_pending_set_add (fx->set, b);
  sippush_pending_set_add (fx->set, a); /* held once */
  ck_assert_uint_eq (sippush_pending_set_size (fx->set), 2);
  GPtrArray *done = g_ptr_array_ref (fx->done);
  GArray *statuses = g_array_ref (fx->statuses);
  fixture_free (fx);
  ck_assert_uint_eq (done->len, 2);
  ck_assert_uint_eq (g_array_index (statuses, guint, 0), 503);
  ck_assert_uint_eq (g_array_index (statuses, guint, 1), 503);
  ck_assert_ptr_ne (g_ptr_array_index (done, 0), g_ptr_array_index (done, 1));
  g_ptr_array_unref (done);
  g_array_unref (statuses);
  g_object_unref (a);
  g_object_unref (b);
  g_main_context_unref (context);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("pending");
  TCase *tc = tcase_create ("core");
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_pending_timeout_order);
  tcase_add_test (tc, test_pending_free_completes);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
