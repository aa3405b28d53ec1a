/* Library-level tests of SipPushReceiver over loopback UDP: what goes on the wire for each
 * delivery outcome (R-MSG-1, R-MSG-2, R-MSG-3, R-DSP-1, R-DSP-4, R-SEC-2), and the life
 * cycle. A raw UDP socket plays the push sender so the test sees the exact status codes. */
#include "check-main.h"
#include "loopback.h"
#include "recorder.h"
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include <sippush/sippush.h>

typedef struct
{
  SipPushReceiver *receiver;
  GSocket *client;
  guint16 port;
  GQueue responses;       /* gchar* first lines of final responses */
  Recorder rec;           /* the signals and the deliveries */
  GQueue requests;        /* gchar* whole requests the receiver sent to the client */
  SipPushDelivery *held;  /* a delivery the test answers later */
  SipPushDelivery *held2; /* and a second one */
  guint reject_with;      /* the app's answer: 0 accept, >0 reject, G_MAXUINT hold */
  gboolean remove_self;
} Fixture;

static Fixture fx;

static gboolean
on_client_readable (GSocket *socket, GIOCondition cond, gpointer data)
{
  char buf[65536];
  gssize n;
  while ((n = g_socket_receive (socket, buf, sizeof buf - 1, NULL, NULL)) > 0)
    {
      buf[n] = '\0';
      /* Provisional responses are not what the tests wait for; the receiver's own
       * requests (a SUBSCRIBE, the NOTIFY a REFER makes the stack send) go apart. */
      if (!g_str_has_prefix (buf, "SIP/2.0 "))
        {
          g_queue_push_tail (&fx.requests, g_strdup (buf));
          continue;
        }
      char *eol = strstr (buf, "\r\n");
      if (eol)
        *eol = '\0';
      if (g_str_has_prefix (buf, "SIP/2.0 1"))
        continue;
      g_queue_push_tail (&fx.responses, g_strdup (buf));
    }
  return G_SOURCE_CONTINUE;
}

static void
on_push (SipPushReceiver *r, SipPushDelivery *d, gpointer data)
{
  recorder_record_delivery (&fx.rec, d);

  if (fx.remove_self)
    ck_assert (sippush_receiver_remove_app (
        r, sippush_receiver_lookup_app (r, sippush_delivery_get_app_id (d)), NULL));
  if (fx.reject_with == G_MAXUINT && fx.held)
    fx.held2 = g_object_ref (d);
  else if (fx.reject_with == G_MAXUINT)
    fx.held = g_object_ref (d);
  else if (fx.reject_with)
    {
      /* A reason the application frees at once: the wire must still carry it. */
      g_autofree gchar *reason = g_strdup ("App says no");
      ck_assert (sippush_delivery_reject (d, fx.reject_with, reason, NULL));
    }
  else
    ck_assert (sippush_delivery_accept (d, NULL));
}

typedef struct
{
  gboolean done;
  GError *error;
} Started;

static void
started (GObject *source, GAsyncResult *res, gpointer data)
{
  Started *s = data;
  sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), res, &s->error);
  s->done = TRUE;
}

/* Starts @receiver and waits for the outcome; the error, if any (owned). */
static GError *
start (SipPushReceiver *receiver)
{
  Started s = { FALSE, NULL };
  sippush_receiver_start_async (receiver, NULL, started, &s);
  SIPPUSH_TEST_WAIT_UNTIL (s.done, 5000);
  return s.error;
}

/* Runs the loop until a final response arrives (or @ms pass); returns it (owned). */
static gchar *
wait_response (guint ms)
{
  gint64 end = sippush_test_deadline (ms);
  while (g_queue_is_empty (&fx.responses) && g_get_monotonic_time () < end)
    sippush_test_iterate_until (end);
  return g_queue_pop_head (&fx.responses);
}

static void
setup (void)
{
  memset (&fx, 0, sizeof fx);
  fx.port = sippush_test_free_port ();
  fx.receiver = sippush_receiver_new ("sip:alice@example.org", NULL);
  ck_assert_ptr_nonnull (fx.receiver);
  g_autofree gchar *bind = g_strdup_printf ("sip:127.0.0.1:%u", fx.port);
  g_object_set (fx.receiver, "bind-uri", bind, "delivery-timeout", 1, NULL);
  recorder_init (&fx.rec, fx.receiver);
  ck_assert (sippush_receiver_add_app (fx.receiver, "mms.ua", on_push, NULL, NULL, NULL));
  ck_assert (sippush_receiver_add_app (fx.receiver, "x-wap-application:push.syncml", on_push, NULL,
                                       NULL, NULL));

  g_autoptr (GError) error = start (fx.receiver);
  ck_assert_msg (error == NULL, "start: %s", error ? error->message : "");

  fx.client = sippush_test_udp_client (fx.port);
  GSource *src = g_socket_create_source (fx.client, G_IO_IN, NULL);
  g_source_set_callback (src, (GSourceFunc) (void (*) (void)) on_client_readable, NULL, NULL);
  g_source_attach (src, NULL);
  g_source_unref (src);
}

static void
stopped (GObject *source, GAsyncResult *res, gpointer data)
{
  *(gboolean *) data = sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), res, NULL);
}

static void
stop_receiver (void)
{
  gboolean ok = FALSE;
  sippush_receiver_stop_async (fx.receiver, NULL, stopped, &ok);
  SIPPUSH_TEST_WAIT_UNTIL (ok, 5000);
}

/* The settings are fixed while the receiver runs: a test that changes one stops the
 * receiver, sets it, and starts it again with this. */
static void
start_receiver (void)
{
  g_autoptr (GError) error = start (fx.receiver);
  ck_assert_msg (error == NULL, "start: %s", error ? error->message : "");
}

/* A blocking TCP connection to the receiver (the client side of one test). */
static GSocket *
connect_tcp (void)
{
  GSocket *tcp
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) server = g_inet_socket_address_new (lo, fx.port);
  ck_assert (g_socket_connect (tcp, server, NULL, NULL));
  return tcp;
}

static void
teardown (void)
{
  if (fx.receiver)
    {
      stop_receiver ();
      g_clear_object (&fx.receiver);
    }
  g_clear_object (&fx.held);
  g_clear_object (&fx.held2);
  GSource *s;
  while ((s = g_main_context_find_source_by_user_data (NULL, NULL)))
    g_source_destroy (s);
  g_socket_close (fx.client, NULL);
  g_clear_object (&fx.client);
  g_queue_clear_full (&fx.responses, g_free);
  g_queue_clear_full (&fx.requests, g_free);
  recorder_clear (&fx.rec);
}

static guint call_seq;

static gchar *
format_request (const char *method, const char *headers, const char *body)
{
  call_seq++;
  return g_strdup_printf ("%s sip:alice@127.0.0.1:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 127.0.0.1:9;rport;branch=z9hG4bK-t%u\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: \"Sender\" <sip:push@operator.example>;tag=f%u\r\n"
                          "To: <sip:alice@example.org>\r\n"
                          "Call-ID: test-%u@127.0.0.1\r\n"
                          "CSeq: 1 %s\r\n"
                          "%s"
                          "Content-Type: text/plain\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          method, fx.port, call_seq, call_seq, call_seq, method, headers,
                          strlen (body), body);
}

static gchar *
format_message (const char *headers, const char *body)
{
  return format_request ("MESSAGE", headers, body);
}

static void
send_request (const char *method, const char *headers, const char *body)
{
  g_autofree gchar *text = format_request (method, headers, body);
  ck_assert_int_eq (g_socket_send (fx.client, text, strlen (text), NULL, NULL),
                    (gssize) strlen (text));
}

static void
send_message (const char *headers, const char *body)
{
  send_request ("MESSAGE", headers, body);
}

#define AC_MMS "Accept-Contact: *;+g.oma.pusheventappp=\"mms.ua\"\r\n"

/* R-MSG-1, R-DSP-1: routed by ARI; the app sees body, sender, ARI and CSI (R-ARI-5). */
START_TEST (test_message_routed_and_accepted)
{
  send_message (AC_MMS "P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.oma.push\r\n",
                "hello mms");
  g_autofree gchar *resp = wait_response (2000);
  ck_assert_str_eq (resp, "SIP/2.0 200 OK");
  ck_assert_uint_eq (fx.rec.deliveries, 1);
  ck_assert_str_eq (fx.rec.ari, "mms.ua");
  ck_assert_str_eq (fx.rec.app_id, "mms.ua");
  ck_assert_str_eq (fx.rec.body, "hello mms");
  ck_assert_str_eq (fx.rec.sender, "sip:push@operator.example");
  ck_assert_str_eq (fx.rec.service_id, "urn:urn-7:3gpp-service.ims.icsi.oma.push");

  /* The URN-registered app answers to its ARI. */
  send_message ("Accept-Contact: *;+g.oma.pusheventappp=\"push.syncml\"\r\n", "sync");
  g_autofree gchar *resp2 = wait_response (2000);
  ck_assert_str_eq (resp2, "SIP/2.0 200 OK");
  ck_assert_str_eq (fx.rec.app_id, "push.syncml");
}
END_TEST

/* R-ARI-1, R-ARI-3, R-INV-3: an Accept-Contact tag naming the application by its OMNA URN or
 * its numeric id routes as the ARI, as sippush_receiver_add_app() takes those forms. */
START_TEST (test_message_ari_forms_canonicalised)
{
  static const struct
  {
    const char *tag;
    const char *app_id;
  } forms[] = {
    { "\"x-wap-application:mms.ua\"", "mms.ua" },
    { "\"0x04\"", "mms.ua" },
    { "\"4\"", "mms.ua" },
    { "\"x-wap-application:push.syncml\"", "push.syncml" },
    { "\"0x05\"", "push.syncml" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree gchar *ac
          = g_strdup_printf ("Accept-Contact: *;+g.oma.pusheventappp=%s\r\n", forms[i].tag);
      send_message (ac, "form");
      g_autofree gchar *resp = wait_response (2000);
      ck_assert_msg (g_strcmp0 (resp, "SIP/2.0 200 OK") == 0, "%s: %s", forms[i].tag, resp);
      ck_assert_uint_eq (fx.rec.deliveries, i + 1);
      ck_assert_str_eq (fx.rec.app_id, forms[i].app_id);
    }
  /* An id the OMNA table does not know names no application (R-MSG-3), not a bad header. */
  send_message ("Accept-Contact: *;+g.oma.pusheventappp=\"0x7FFF\"\r\n", "x");
  g_autofree gchar *resp = wait_response (2000);
  ck_assert_msg (g_str_has_prefix (resp, "SIP/2.0 480 "), "got %s", resp);
}
END_TEST

/* R-MSG-1: the 200 waits for the application's answer. */
START_TEST (test_message_200_only_after_accept)
{
  fx.reject_with = G_MAXUINT; /* hold */
  send_message (AC_MMS, "later");
  g_autofree gchar *early = wait_response (300);
  ck_assert_ptr_null (early);
  ck_assert_ptr_nonnull (fx.held);
  ck_assert (!sippush_delivery_is_completed (fx.held));
  ck_assert (sippush_delivery_accept (fx.held, NULL));
  g_autofree gchar *resp = wait_response (2000);
  ck_assert_str_eq (resp, "SIP/2.0 200 OK");
  GError *error = NULL;
  ck_assert (!sippush_delivery_accept (fx.held, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_ALREADY_COMPLETED));
  g_error_free (error);
}
END_TEST

/* The application's own status goes on the wire and is reported. */
START_TEST (test_message_app_reject_passthrough)
{
  fx.reject_with = 486;
  send_message (AC_MMS, "no");
  g_autofree gchar *resp = wait_response (2000);
  ck_assert_str_eq (resp, "SIP/2.0 486 App says no");
  g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
  ck_assert_str_eq (ev, "MESSAGE 486 App says no");
}
END_TEST

/* R-MSG-3: unserved ARI → 480 and an event; the app never runs. */
START_TEST (test_message_unserved_ari)
{
  send_message ("Accept-Contact: *;+g.oma.pusheventappp=\"loc.ua\"\r\n", "x");
  g_autofree gchar *resp = wait_response (2000);
  ck_assert (g_str_has_prefix (resp, "SIP/2.0 480 "));
  ck_assert_uint_eq (fx.rec.deliveries, 0);
  /* The SipPushRejection names the sender and the ARI the push asked for. */
  const RecordedRejection *rejection = g_queue_peek_head (&fx.rec.rejections);
  ck_assert_ptr_nonnull (rejection);
  ck_assert_str_eq (rejection->sender, "sip:push@operator.example");
  ck_assert_str_eq (rejection->ari, "loc.ua");
  g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
  ck_assert (g_str_has_prefix (ev, "MESSAGE 480 "));
}
END_TEST

/* R-MSG-2: no ARI → the default app; without one and without a catch-all → 480. */
START_TEST (test_message_default_app)
{
  send_message ("", "nobody named");
  g_autofree gchar *r1 = wait_response (2000);
  ck_assert (g_str_has_prefix (r1, "SIP/2.0 480 "));
  ck_assert_uint_eq (fx.rec.deliveries, 0);

  ck_assert (sippush_receiver_set_default_app (
      fx.receiver, sippush_receiver_lookup_app (fx.receiver, "0x05"), NULL));
  send_message ("", "to default");
  g_autofree gchar *r2 = wait_response (2000);
  ck_assert_str_eq (r2, "SIP/2.0 200 OK");
  ck_assert_ptr_null (fx.rec.ari);
  ck_assert_str_eq (fx.rec.app_id, "push.syncml");
}
END_TEST

/* R-DSP-4: with an allow-list, other senders get 403; PAI is what counts. */
START_TEST (test_message_allow_list)
{
  ck_assert (
      sippush_receiver_add_trusted_sender (fx.receiver, "sip:trusted@operator.example", NULL));
  send_message (AC_MMS, "spam");
  g_autofree gchar *r1 = wait_response (2000);
  ck_assert (g_str_has_prefix (r1, "SIP/2.0 403 "));
  ck_assert_uint_eq (fx.rec.deliveries, 0);

  send_message (AC_MMS "P-Asserted-Identity: <sip:trusted@OPERATOR.example>\r\n", "ok");
  g_autofree gchar *r2 = wait_response (2000);
  ck_assert_str_eq (r2, "SIP/2.0 200 OK");
  ck_assert_str_eq (fx.rec.sender, "sip:trusted@OPERATOR.example");
}
END_TEST

START_TEST (test_message_unsupported_type)
{
  const char *const types[] = { "application/vnd.wap.mms-message", NULL };
  sippush_app_set_accept_types (sippush_receiver_lookup_app (fx.receiver, "mms.ua"), types);
  send_message (AC_MMS, "text is not mms");
  g_autofree gchar *resp = wait_response (2000);
  ck_assert (g_str_has_prefix (resp, "SIP/2.0 415 "));
  ck_assert_uint_eq (fx.rec.deliveries, 0);
}
END_TEST

/* An app that never answers: 500 after delivery-timeout, and its late accept fails. */
START_TEST (test_message_delivery_timeout)
{
  fx.reject_with = G_MAXUINT;
  send_message (AC_MMS, "forgotten");
  g_autofree gchar *resp = wait_response (3000);
  ck_assert (g_str_has_prefix (resp, "SIP/2.0 500 "));
  ck_assert (sippush_delivery_is_completed (fx.held));
  ck_assert (!sippush_delivery_accept (fx.held, NULL));
}
END_TEST

/* R-SEC-2: deliveries waiting beyond the limit get 503. */
START_TEST (test_message_pending_limit)
{
  stop_receiver ();
  g_object_set (fx.receiver, "max-pending-deliveries", 1, NULL);
  start_receiver ();

  fx.reject_with = G_MAXUINT;
  send_message (AC_MMS, "one");
  SIPPUSH_TEST_WAIT_UNTIL (fx.held != NULL, 2000);
  SipPushDelivery *first = g_steal_pointer (&fx.held);
  send_message (AC_MMS, "two");
  g_autofree gchar *resp = wait_response (2000);
  ck_assert (g_str_has_prefix (resp, "SIP/2.0 503 "));
  ck_assert (sippush_delivery_accept (first, NULL));
  g_autofree gchar *resp1 = wait_response (2000);
  ck_assert_str_eq (resp1, "SIP/2.0 200 OK");
  g_object_unref (first);
}
END_TEST

/* R-SEC-2: a message over max-message-size is refused before any application sees it. */
START_TEST (test_message_too_large)
{
  stop_receiver ();
  g_object_set (fx.receiver, "max-message-size", 65536, NULL);
  start_receiver ();

  /* Over TCP: a UDP datagram cannot be larger than the smallest allowed limit. */
  gchar *big = g_strnfill (100000, 'x');
  g_autofree gchar *text = format_message (AC_MMS, big);
  g_free (big);
  GSocket *tcp = connect_tcp ();
  g_socket_set_blocking (tcp, FALSE);
  GSource *src = g_socket_create_source (tcp, G_IO_IN, NULL);
  g_source_set_callback (src, (GSourceFunc) (void (*) (void)) on_client_readable, NULL, NULL);
  g_source_attach (src, NULL);
  gsize sent = 0;
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (sent < strlen (text) && g_get_monotonic_time () < end)
    {
      gssize n = g_socket_send (tcp, text + sent, strlen (text) - sent, NULL, NULL);
      if (n > 0)
        sent += (gsize) n;
      sippush_test_iterate_until (end); /* the receiver reads what was sent */
    }
  g_autofree gchar *resp = wait_response (2000);
  g_source_destroy (src);
  g_source_unref (src);
  g_socket_close (tcp, NULL);
  g_object_unref (tcp);
  ck_assert_msg (resp && g_str_has_prefix (resp, "SIP/2.0 413 "), "got %s", resp);
  ck_assert_uint_eq (fx.rec.deliveries, 0);

  send_message (AC_MMS, "small is fine");
  g_autofree gchar *ok = wait_response (2000);
  ck_assert_str_eq (ok, "SIP/2.0 200 OK");
}
END_TEST

/* R-SEC-2: a TCP peer that starts a message and never finishes it loses the connection
 * after idle-timeout instead of holding it (and its buffer) for good. */
START_TEST (test_tcp_partial_message_dropped)
{
  stop_receiver ();
  g_object_set (fx.receiver, "idle-timeout", 1, NULL);
  start_receiver ();

  GSocket *tcp = connect_tcp ();
  const char partial[] = "MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9\r\n";
  ck_assert_int_eq (g_socket_send (tcp, partial, sizeof partial - 1, NULL, NULL),
                    (gssize) sizeof partial - 1);
  g_socket_set_blocking (tcp, FALSE);
  gboolean closed = FALSE;
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!closed && g_get_monotonic_time () < end)
    {
      char buf[512];
      g_autoptr (GError) rerr = NULL;
      gssize n = g_socket_receive (tcp, buf, sizeof buf, NULL, &rerr);
      closed = n == 0 || (n < 0 && !g_error_matches (rerr, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK));
      if (!closed)
        sippush_test_socket_wait_readable (tcp,
                                           (guint) MAX (0, (end - g_get_monotonic_time ()) / 1000));
    }
  ck_assert_msg (closed, "the partial message's connection was not closed");
  g_socket_close (tcp, NULL);
  g_object_unref (tcp);

  send_message (AC_MMS, "UDP still fine");
  g_autofree gchar *ok = wait_response (2000);
  ck_assert_str_eq (ok, "SIP/2.0 200 OK");
}
END_TEST

/* R-SEC-1: requests not served are refused before anything is set up: a REFER without
 * Refer-To gets 400 (trap B3), one for another method 603 (R-REF-5), one with hostile
 * embedded headers 400 (trap B2), one for another event package 489; a SUBSCRIBE to us
 * 489 (no package is served), an unsolicited NOTIFY 481, an UPDATE outside a dialog 481;
 * an INVITE with a non-SIP Contact (trap B1) 400, one without an SDP offer 488: never a
 * dialog. The receiver keeps serving. */
START_TEST (test_unserved_methods_refused)
{
  static const struct
  {
    const char *method, *headers, *status;
  } rows[] = {
    { "REFER", "Refer-To: <sip:ps@127.0.0.1:9;method=INVITE>\r\nContact: <sip:ps@127.0.0.1:9>\r\n",
      "SIP/2.0 603 " },
    { "REFER", "Contact: <sip:ps@127.0.0.1:9>\r\n", "SIP/2.0 400 " },
    { "REFER",
      "Refer-To: <sip:ps@127.0.0.1:9;method=SUBSCRIBE?Event=ua-profile&Foo>\r\n"
      "Contact: <sip:ps@127.0.0.1:9>\r\n",
      "SIP/2.0 400 " },
    { "REFER",
      "Refer-To: <sip:ps@127.0.0.1:9;method=SUBSCRIBE?Event=presence>\r\n"
      "Contact: <sip:ps@127.0.0.1:9>\r\n",
      "SIP/2.0 489 " },
    { "SUBSCRIBE", "Event: ua-profile\r\nContact: <sip:ps@127.0.0.1:9>\r\n", "SIP/2.0 489 " },
    { "NOTIFY", "Event: ua-profile\r\nSubscription-State: active\r\n", "SIP/2.0 481 " },
    { "UPDATE", "Contact: <tel:+123>\r\n", "SIP/2.0 481 " },
    { "INVITE", "Contact: <tel:+123>\r\n", "SIP/2.0 400 " },
    { "INVITE",
      "Contact: <sip:ps@127.0.0.1:9>\r\nAccept-Contact: *;+g.oma.pusheventappp=\"mms.ua\"\r\n",
      "SIP/2.0 488 " },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      send_request (rows[i].method, rows[i].headers, "");
      g_autofree gchar *resp = wait_response (2000);
      ck_assert_msg (resp && g_str_has_prefix (resp, rows[i].status), "%s: got %s", rows[i].method,
                     resp);
    }
  ck_assert_uint_eq (fx.rec.deliveries, 0);
  /* Each declined REFER reached the host as push-rejected, method REFER, its status. */
  static const char *refer_rejects[] = { "REFER 603 ", "REFER 400 ", "REFER 400 ", "REFER 489 " };
  for (gsize i = 0; i < G_N_ELEMENTS (refer_rejects); i++)
    {
      g_autofree gchar *ev = recorder_pop_rejection (&fx.rec);
      ck_assert_msg (ev && g_str_has_prefix (ev, refer_rejects[i]), "want %s, got %s",
                     refer_rejects[i], ev);
    }
  send_message (AC_MMS, "still here");
  /* The INVITE answers are retransmitted until ACKed, which this client never does. */
  gchar *resp = NULL;
  while ((resp = wait_response (2000))
         && (g_str_has_prefix (resp, "SIP/2.0 488 ") || g_str_has_prefix (resp, "SIP/2.0 400 ")))
    g_free (resp);
  ck_assert_str_eq (resp, "SIP/2.0 200 OK");
  g_free (resp);
}
END_TEST

#define REFER_SUBSCRIBE                                                                            \
  "Refer-To: <sip:ps@127.0.0.1:9;method=SUBSCRIBE?Event=ua-profile>\r\n"                           \
  "Contact: <sip:ps@127.0.0.1:9>\r\n"

/* R-REF-1: a REFER that passed every check is decided by refer-requested, the first
 * handler's answer winning over accept-refers; without a handler accept-refers decides.
 * refer reports the decision with the target and the sender. */
START_TEST (test_refer_requested_decides)
{
  /* No handler: the setting answers (it may change while running). */
  sippush_receiver_set_accept_refers (fx.receiver, FALSE);
  send_request ("REFER", REFER_SUBSCRIBE, "");
  g_autofree gchar *declined = wait_response (2000);
  ck_assert_msg (declined && g_str_has_prefix (declined, "SIP/2.0 603 "), "got %s", declined);
  ck_assert_uint_eq (fx.rec.refers_requested, 0);
  ck_assert_uint_eq (fx.rec.refers, 1);
  ck_assert (!fx.rec.refer_accepted);

  /* A handler saying yes wins over accept-refers = FALSE. */
  recorder_decide_refers (&fx.rec, TRUE);
  send_request ("REFER", REFER_SUBSCRIBE, "");
  g_autofree gchar *accepted = wait_response (2000);
  ck_assert_msg (accepted && g_str_has_prefix (accepted, "SIP/2.0 202 "), "got %s", accepted);
  ck_assert_uint_eq (fx.rec.refers_requested, 1);
  ck_assert_str_eq (fx.rec.requested_target, "sip:ps@127.0.0.1:9");
  ck_assert_uint_eq (fx.rec.refers, 2);
  ck_assert (fx.rec.refer_accepted);

  /* And a handler saying no wins over accept-refers = TRUE. */
  sippush_receiver_set_accept_refers (fx.receiver, TRUE);
  recorder_decide_refers (&fx.rec, FALSE);
  send_request ("REFER", REFER_SUBSCRIBE, "");
  g_autofree gchar *refused = wait_response (2000);
  ck_assert_msg (refused && g_str_has_prefix (refused, "SIP/2.0 603 "), "got %s", refused);
  ck_assert_uint_eq (fx.rec.refers_requested, 2);
  ck_assert_uint_eq (fx.rec.refers, 3);
  ck_assert (!fx.rec.refer_accepted);
  ck_assert_str_eq (fx.rec.refer_target, "sip:ps@127.0.0.1:9");
  ck_assert_str_eq (fx.rec.refer_sender, "sip:push@operator.example");
  /* A decided REFER is not a rejected push. */
  ck_assert_uint_eq (fx.rec.rejected, 0);
}
END_TEST

/* A callback may remove its own application; the next push for it is refused. */
START_TEST (test_message_callback_removes_app)
{
  fx.remove_self = TRUE;
  send_message (AC_MMS, "last one");
  g_autofree gchar *r1 = wait_response (2000);
  ck_assert_str_eq (r1, "SIP/2.0 200 OK");
  fx.remove_self = FALSE;
  send_message (AC_MMS, "too late");
  g_autofree gchar *r2 = wait_response (2000);
  ck_assert (g_str_has_prefix (r2, "SIP/2.0 480 "));
  g_auto (GStrv) ids = sippush_receiver_dup_app_ids (fx.receiver);
  ck_assert_uint_eq (g_strv_length (ids), 1);
  ck_assert_str_eq (ids[0], "push.syncml");
}
END_TEST

/* Stopping answers a waiting delivery 503 rather than leaving the sender hanging. */
START_TEST (test_stop_answers_pending)
{
  fx.reject_with = G_MAXUINT;
  send_message (AC_MMS, "in flight");
  SIPPUSH_TEST_WAIT_UNTIL (fx.held != NULL, 2000);
  ck_assert_ptr_nonnull (fx.held);
  stop_receiver ();
  g_autofree gchar *resp = wait_response (1000);
  ck_assert (g_str_has_prefix (resp, "SIP/2.0 503 "));
  ck_assert (!sippush_delivery_accept (fx.held, NULL));
  g_clear_object (&fx.receiver);
}
END_TEST

/* ---- subscriptions (R-SUB-3) ---- */

static gchar *
wait_request (guint ms)
{
  gint64 end = sippush_test_deadline (ms);
  while (g_queue_is_empty (&fx.requests) && g_get_monotonic_time () < end)
    sippush_test_iterate_until (end);
  return g_queue_pop_head (&fx.requests);
}

/* The value of header @name in a raw message (first occurrence), owned. */
static gchar *
header_of (const char *raw, const char *name)
{
  g_auto (GStrv) lines = g_strsplit (raw, "\r\n", -1);
  for (gchar **l = lines + 1; *l && **l; l++)
    if (g_ascii_strncasecmp (*l, name, strlen (name)) == 0 && (*l)[strlen (name)] == ':')
      return g_strstrip (g_strdup (*l + strlen (name) + 1));
  return NULL;
}

/* Answers a request of the receiver from the client socket. */
static void
answer_request (const char *raw, const char *status_line)
{
  g_autofree gchar *via = header_of (raw, "Via"), *from = header_of (raw, "From"),
                   *to = header_of (raw, "To"), *cid = header_of (raw, "Call-ID"),
                   *cseq = header_of (raw, "CSeq");
  g_autofree gchar *text = g_strdup_printf ("%s\r\nVia: %s\r\nFrom: %s\r\nTo: %s;tag=ps1\r\n"
                                            "Call-ID: %s\r\nCSeq: %s\r\nContent-Length: 0\r\n\r\n",
                                            status_line, via, from, to, cid, cseq);
  ck_assert_int_eq (g_socket_send (fx.client, text, strlen (text), NULL, NULL),
                    (gssize) strlen (text));
}

/* R-SUB-3: a 503 is reported and retried after the back-off (here 0.5-1 s); a 489 is
 * reported and never retried. */
START_TEST (test_subscription_retry)
{
  g_autoptr (GSocketAddress) local = g_socket_get_local_address (fx.client, NULL);
  guint port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_autofree gchar *uri = g_strdup_printf ("sip:ps@127.0.0.1:%u", port);
  stop_receiver ();
  g_object_set (fx.receiver, "subscribe", TRUE, "subscribe-uri", uri, "retry-interval-min", 1,
                "retry-interval-max", 1, NULL);
  start_receiver ();

  g_autofree gchar *first = wait_request (2000);
  ck_assert_msg (first && g_str_has_prefix (first, "SUBSCRIBE "), "got %s", first);
  g_autofree gchar *event = header_of (first, "Event");
  ck_assert_str_eq (event, "ua-profile;profile-type=oma-app;event-app-id=\"mms.ua,push.syncml\"");
  gint64 t0 = g_get_monotonic_time ();
  answer_request (first, "SIP/2.0 503 Service Unavailable");

  g_autofree gchar *second = wait_request (3000);
  ck_assert_msg (second && g_str_has_prefix (second, "SUBSCRIBE "), "no retry: %s", second);
  gint64 waited_ms = (g_get_monotonic_time () - t0) / 1000;
  ck_assert_msg (waited_ms >= 400 && waited_ms <= 1600, "retried after %" G_GINT64_FORMAT " ms",
                 waited_ms);
  g_autofree gchar *failed = recorder_pop_subscription_failure (&fx.rec);
  g_autofree gchar *want = g_strdup_printf ("503 %s", uri);
  ck_assert_str_eq (failed, want);

  answer_request (second, "SIP/2.0 489 Bad Event");
  SIPPUSH_TEST_WAIT_UNTIL (!g_queue_is_empty (&fx.rec.subscription_failures), 2000);
  g_autofree gchar *failed2 = recorder_pop_subscription_failure (&fx.rec);
  g_autofree gchar *want2 = g_strdup_printf ("489 %s", uri);
  ck_assert_str_eq (failed2, want2);
  /* No retry after 489, not even after the back-off (1 s here) has passed twice. */
  g_autofree gchar *retry = wait_request (2500);
  ck_assert_msg (retry == NULL, "retried after 489: %s", retry);
}
END_TEST

/* A push-rejected handler may answer other waiting deliveries while stop refuses them. */
static void
on_rejected_answer_held (Recorder *rec, gpointer data)
{
  if (fx.held)
    sippush_delivery_accept (fx.held, NULL);
  if (fx.held2)
    sippush_delivery_accept (fx.held2, NULL);
}

START_TEST (test_stop_with_handler_answering_others)
{
  fx.reject_with = G_MAXUINT;
  send_message (AC_MMS, "one");
  send_message (AC_MMS, "two");
  SIPPUSH_TEST_WAIT_UNTIL (fx.held != NULL && fx.held2 != NULL, 2000);
  ck_assert_ptr_nonnull (fx.held);
  ck_assert_ptr_nonnull (fx.held2);
  fx.rec.after_rejection = on_rejected_answer_held;
  stop_receiver ();
  /* One got the 503; the other was accepted by the handler before its turn came. */
  g_autofree gchar *r1 = wait_response (1000);
  g_autofree gchar *r2 = wait_response (1000);
  ck_assert_ptr_nonnull (r1);
  ck_assert_ptr_nonnull (r2);
  ck_assert ((g_str_has_prefix (r1, "SIP/2.0 503 ") && g_str_equal (r2, "SIP/2.0 200 OK"))
             || (g_str_has_prefix (r2, "SIP/2.0 503 ") && g_str_equal (r1, "SIP/2.0 200 OK")));
  ck_assert (sippush_delivery_is_completed (fx.held));
  ck_assert (sippush_delivery_is_completed (fx.held2));
  g_clear_object (&fx.receiver);
}
END_TEST

START_TEST (test_lifecycle_errors)
{
  GError *error = start (fx.receiver);
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_WRONG_STATE));
  g_clear_error (&error);

  /* A second receiver on the same port cannot bind. */
  SipPushReceiver *other = sippush_receiver_new ("sip:bob@example.org", NULL);
  g_autofree gchar *bind = g_strdup_printf ("sip:127.0.0.1:%u", fx.port);
  g_object_set (other, "bind-uri", bind, NULL);
  error = start (other);
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND));
  g_clear_error (&error);
  g_object_unref (other);

  /* R-MSRP-7: an MSRP relay over TLS is refused until MSRP over TLS exists; so is a URI
   * that is not MSRP. */
  static const char *const bad_relays[] = { "msrps://127.0.0.1:2855", "sip:127.0.0.1:2855" };
  for (guint i = 0; i < G_N_ELEMENTS (bad_relays); i++)
    {
      other = sippush_receiver_new ("sip:bob@example.org", NULL);
      g_autofree gchar *free_bind = g_strdup_printf ("sip:127.0.0.1:%u", sippush_test_free_port ());
      g_object_set (other, "bind-uri", free_bind, "msrp-relay", bad_relays[i], NULL);
      ck_assert_str_eq (sippush_receiver_get_msrp_relay (other), bad_relays[i]);
      error = start (other);
      ck_assert_msg (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_BIND), "%s: %s",
                     bad_relays[i], error ? error->message : "started");
      ck_assert_msg (strstr (error->message, i == 0 ? "TLS" : "MSRP relay"), "%s", error->message);
      g_clear_error (&error);
      g_object_unref (other);
    }

  ck_assert_ptr_null (sippush_receiver_new ("http://example.org", &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_URI));
  g_clear_error (&error);
  ck_assert (!sippush_receiver_add_app (fx.receiver, "bad app", on_push, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_INVALID_APP_ID));
  g_clear_error (&error);
  ck_assert (!sippush_receiver_add_app (fx.receiver, "0x04", on_push, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SIPPUSH_ERROR, SIPPUSH_ERROR_APP_EXISTS));
  g_clear_error (&error);
  g_autofree gchar *contact = sippush_receiver_dup_contact_uri (fx.receiver);
  ck_assert_str_eq (contact, bind);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("receiver");
  TCase *tc = tcase_create ("message");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 20);
  tcase_add_test (tc, test_message_routed_and_accepted);
  tcase_add_test (tc, test_message_ari_forms_canonicalised);
  tcase_add_test (tc, test_message_200_only_after_accept);
  tcase_add_test (tc, test_message_app_reject_passthrough);
  tcase_add_test (tc, test_message_unserved_ari);
  tcase_add_test (tc, test_message_default_app);
  tcase_add_test (tc, test_message_allow_list);
  tcase_add_test (tc, test_message_unsupported_type);
  tcase_add_test (tc, test_message_delivery_timeout);
  tcase_add_test (tc, test_message_pending_limit);
  tcase_add_test (tc, test_message_too_large);
  tcase_add_test (tc, test_message_callback_removes_app);
  tcase_add_test (tc, test_unserved_methods_refused);
  tcase_add_test (tc, test_refer_requested_decides);
  tcase_add_test (tc, test_tcp_partial_message_dropped);
  tcase_add_test (tc, test_stop_answers_pending);
  tcase_add_test (tc, test_stop_with_handler_answering_others);
  tcase_add_test (tc, test_lifecycle_errors);
  tcase_add_test (tc, test_subscription_retry);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
