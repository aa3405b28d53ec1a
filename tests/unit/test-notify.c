/* Unit tests for NOTIFY push dispatch (R-NOT-1, R-DSP-1, R-DSP-4): the routing order
 * documented in notify.h, and every way a NOTIFY is not delivered (reported as
 * push-rejected, method NOTIFY). Requests go through sofia's real parser. */
#include "check-main.h"
#include <string.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_protos.h>

#include "core/dispatch.h"
#include "sip/notify.h"
#include "sip/headers.h"
#include "sip/sofia-glue.h"

static struct
{
  GString *log; /* "app:ari;" per delivery, "rejected:status;" per rejection */
  gboolean no_answer, refuse;
  SipPushRepeats *repeats; /* kept across run()s; else each run has its own */
} fx;

static void
on_push (SipPushReceiver *r, SipPushDelivery *d, gpointer data)
{
  const char *ari = sippush_delivery_get_ari (d);
  g_string_append_printf (fx.log, "%s:%s;", (const char *) data, ari ? ari : "-");
  ck_assert_int_eq (sippush_delivery_get_method (d), SIPPUSH_METHOD_NOTIFY);
  if (fx.refuse)
    sippush_delivery_reject (d, 500, "Disk full", NULL);
  else if (!fx.no_answer)
    sippush_delivery_accept (d, NULL);
}

static void
on_rejected (gpointer owner, const SipPushRejectionInfo *info)
{
  ck_assert_int_eq (info->method, SIPPUSH_METHOD_NOTIFY);
  g_string_append_printf (fx.log, "rejected:%u;", info->status);
}

static const char *
run (const char *headers, const char *ctype, const gchar *const *sub_aris, gboolean trusted_only)
{
  g_autofree gchar *text = g_strdup_printf ("NOTIFY sip:alice@127.0.0.1:5070 SIP/2.0\r\n"
                                            "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                                            "From: <sip:ps@example.net>;tag=1\r\n"
                                            "To: <sip:alice@example.org>;tag=2\r\n"
                                            "Call-ID: 1@127.0.0.1\r\n"
                                            "CSeq: 2 NOTIFY\r\n"
                                            "Subscription-State: active\r\n"
                                            "%s"
                                            "Content-Type: %s\r\n"
                                            "Content-Length: 4\r\n\r\nbody",
                                            headers, ctype);
  msg_t *msg = msg_make (sippush_sofia_mclass (), 0, text, (isize_t) strlen (text));
  ck_assert_ptr_nonnull (msg);

  SipPushReceiver *receiver = sippush_receiver_new ("sip:alice@example.org", NULL);
  SipPushEvents events = { .rejected = on_rejected };
  SipPushDispatch *d = sippush_dispatch_new ();
  ck_assert (sippush_dispatch_add (d, "mms.ua", on_push, "mms", NULL, NULL));
  ck_assert (sippush_dispatch_add (d, "push.syncml", on_push, "sync", NULL, NULL));
  ck_assert (sippush_dispatch_add (d, "other.app", on_push, "other", NULL, NULL));
  const gchar *mms[] = { "application/vnd.wap.mms-message", NULL };
  sippush_app_set_accept_types (sippush_dispatch_lookup (d, "mms.ua"), mms);
  ck_assert (sippush_dispatch_set_default (d, sippush_dispatch_lookup (d, "other.app"), NULL));
  GHashTable *trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (trusted_only)
    g_hash_table_add (trusted, sippush_uri_key ("sip:someone@else.example"));

  g_string_truncate (fx.log, 0);
  SipPushRepeats *repeats = fx.repeats ? fx.repeats : sippush_repeats_new ();
  SipPushShared shared = {
    .receiver = receiver, .dispatch = d, .trusted = trusted, .events = &events, .repeats = repeats
  };
  sippush_notify_dispatch (&shared, sip_object (msg), sub_aris);
  if (repeats != fx.repeats)
    sippush_repeats_free (repeats);

  g_hash_table_destroy (trusted);
  sippush_dispatch_free (d);
  g_object_unref (receiver);
  msg_destroy (msg);
  return fx.log->str;
}

#define AC(ari) "Accept-Contact: *;+g.oma.pusheventappp=\"" ari "\"\r\n"
#define EV(ari) "Event: ua-profile;profile-type=oma-app;event-app-id=\"" ari "\"\r\n"
#define TEXT "text/plain"

/* The routing order: Accept-Contact, then the Event's event-app-id, then the
 * subscription's own single ARI, then the content type, then the default application. */
START_TEST (test_notify_routing_order)
{
  const gchar *one[] = { "push.syncml", NULL };
  const gchar *two[] = { "push.syncml", "mms.ua", NULL };
  ck_assert_str_eq (run (AC ("other.app") EV ("push.syncml"), TEXT, one, FALSE),
                    "other:other.app;");
  ck_assert_str_eq (run ("Accept-Contact: *;+g.3gpp.iari-ref=\"urn%3Aurn-7%3A3gpp-application.ims."
                         "iari.x\"\r\n",
                         TEXT, one, FALSE),
                    "rejected:480;"); /* an IARI nobody serves: not routed further */
  ck_assert_str_eq (run (EV ("push.syncml"), TEXT, NULL, FALSE), "sync:push.syncml;");
  ck_assert_str_eq (run ("Event: ua-profile;event-app-id=mms.ua\r\n",
                         "application/vnd.wap.mms-message", one, FALSE),
                    "mms:mms.ua;");
  ck_assert_str_eq (run ("Event: ua-profile\r\n", TEXT, one, FALSE), "sync:push.syncml;");
  /* A subscription naming two ARIs does not choose: the content type does. */
  ck_assert_str_eq (run ("Event: ua-profile\r\n", "application/vnd.wap.mms-message", two, FALSE),
                    "mms:-;");
  ck_assert_str_eq (run ("Event: ua-profile\r\n", TEXT, two, FALSE), "other:-;");
  ck_assert_str_eq (run ("", TEXT, NULL, FALSE), "other:-;");
}
END_TEST

/* Not delivered: each is reported as push-rejected with method NOTIFY (the wire had 200). */
START_TEST (test_notify_rejections)
{
  ck_assert_str_eq (run (AC ("nobody.app"), TEXT, NULL, FALSE), "rejected:480;");
  ck_assert_str_eq (run (AC ("mms.ua"), TEXT, NULL, FALSE), "rejected:415;");
  ck_assert_str_eq (run ("Accept-Contact: *;+g.oma.pusheventappp=\"a b\"\r\n", TEXT, NULL, FALSE),
                    "rejected:400;");
  ck_assert_str_eq (run (EV ("push.syncml"), TEXT, NULL, TRUE), "rejected:403;"); /* R-DSP-4 */
  fx.no_answer = TRUE; /* B5: not taken inside the callback = lost, and said so */
  ck_assert_str_eq (run (EV ("push.syncml"), TEXT, NULL, FALSE), "sync:push.syncml;rejected:500;");
  fx.no_answer = FALSE;
  fx.refuse = TRUE;
  ck_assert_str_eq (run (EV ("push.syncml"), TEXT, NULL, FALSE), "sync:push.syncml;rejected:500;");
  fx.refuse = FALSE;
}
END_TEST

/* R-NOT-1, R-SEC-1: a late retransmission of a NOTIFY already delivered (its transaction
 * gone under load, sip/overload.c) is not delivered again; one that was refused still is. */
START_TEST (test_notify_late_retransmission)
{
  fx.repeats = sippush_repeats_new ();
  ck_assert_str_eq (run (EV ("push.syncml"), TEXT, NULL, FALSE), "sync:push.syncml;");
  ck_assert_str_eq (run (EV ("push.syncml"), TEXT, NULL, FALSE), "");
  sippush_repeats_free (fx.repeats);
  fx.repeats = sippush_repeats_new ();
  ck_assert_str_eq (run (AC ("nobody.app"), TEXT, NULL, FALSE), "rejected:480;");
  ck_assert_str_eq (run (AC ("nobody.app"), TEXT, NULL, FALSE), "rejected:480;");
  sippush_repeats_free (fx.repeats);
  fx.repeats = NULL;
}
END_TEST

int
main (void)
{
  sippush_sofia_init ();
  fx.log = g_string_new (NULL);
  Suite *s = suite_create ("notify");
  TCase *tc = tcase_create ("notify");
  tcase_add_test (tc, test_notify_routing_order);
  tcase_add_test (tc, test_notify_rejections);
  tcase_add_test (tc, test_notify_late_retransmission);
  suite_add_tcase (s, tc);
  int rc = sippush_test_run (s);
  g_string_free (fx.log, TRUE);
  return rc;
}
