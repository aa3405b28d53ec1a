/* Unit tests for reading routing data out of SIP requests (R-ARI-4, R-ARI-5, R-DSP-1,
 * R-DSP-4). Messages go through sofia's real parser with sippush's parser class. */
#include "check-main.h"
#include <stdlib.h>
#include <string.h>
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_protos.h>

#include "core/parse.h"
#include "sip/headers.h"
#include "sip/sofia-glue.h"
#include <sippush/sippush.h>

static msg_t *
parse (const char *extra_headers)
{
  g_autofree gchar *text
      = g_strdup_printf ("MESSAGE sip:alice@127.0.0.1:5070 SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
                         "From: \"Push Sender\" <sip:pushsender@example.net>;tag=1\r\n"
                         "To: <sip:alice@example.org>\r\n"
                         "Call-ID: 1@127.0.0.1\r\n"
                         "CSeq: 1 MESSAGE\r\n"
                         "%s"
                         "Content-Length: 0\r\n\r\n",
                         extra_headers);
  msg_t *msg = msg_make (sippush_sofia_mclass (), 0, text, (isize_t) strlen (text));
  ck_assert_ptr_nonnull (msg);
  ck_assert_ptr_nonnull (sip_object (msg));
  return msg;
}

static void
assert_aris (const char *headers, const char *expected_joined)
{
  msg_t *msg = parse (headers);
  GError *error = NULL;
  gchar **aris = sippush_sip_dup_aris (sip_object (msg), &error);
  ck_assert_ptr_null (error);
  if (expected_joined == NULL)
    ck_assert_ptr_null (aris);
  else
    {
      ck_assert_ptr_nonnull (aris);
      gchar *joined = g_strjoinv ("|", aris);
      ck_assert_str_eq (joined, expected_joined);
      g_free (joined);
    }
  g_strfreev (aris);
  msg_destroy (msg);
}

/* R-MSG-1, R-ARI-4: both feature tags, several headers, compact form, list whitespace. */
START_TEST (test_aris_from_accept_contact)
{
  assert_aris ("Accept-Contact: *;+g.oma.pusheventappp=\"mms.ua\"\r\n", "mms.ua");
  assert_aris ("Accept-Contact: *;+g.oma.pusheventappp=\"mms.ua\";require;explicit\r\n", "mms.ua");
  assert_aris ("a: *;+G.OMA.PushEventAppP=\"mms.ua, push.syncml\"\r\n", "mms.ua|push.syncml");
  assert_aris (
      "Accept-Contact: *;+g.3gpp.iari-ref=\"urn%3Aurn-7%3A3gpp-application.ims.iari.rcse.ft\"\r\n",
      "urn:urn-7:3gpp-application.ims.iari.rcse.ft");
  assert_aris ("Accept-Contact: *;+g.3gpp.iari-ref=\"x-wap-application%3Amms.ua\"\r\n", "mms.ua");
  assert_aris ("Accept-Contact: *;+g.oma.pusheventappp=\"loc.ua\"\r\n"
               "Accept-Contact: *;+g.oma.pusheventappp=\"mms.ua\"\r\n",
               "loc.ua|mms.ua");
  /* No tag, or only a service tag: no ARI (R-MSG-2), and CSI never routes (R-ARI-5). */
  assert_aris ("", NULL);
  assert_aris (
      "Accept-Contact: *;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"\r\n", NULL);
}
END_TEST

START_TEST (test_aris_malformed)
{
  static const char *const bad[] = {
    "Accept-Contact: *;+g.oma.pusheventappp=mms.ua\r\n",
    "Accept-Contact: *;+g.oma.pusheventappp=\"\"\r\n",
    "Accept-Contact: *;+g.oma.pusheventappp=\"a,,b\"\r\n",
    "Accept-Contact: *;+g.3gpp.iari-ref=\"bad%zz\"\r\n",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      msg_t *msg = parse (bad[i]);
      GError *error = NULL;
      gchar **aris = sippush_sip_dup_aris (sip_object (msg), &error);
      ck_assert_msg (aris == NULL && error != NULL, "accepted: %s", bad[i]);
      /* Internal parsers answer in the parse domain (core/parse.h). */
      ck_assert (g_error_matches (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_MALFORMED)
                 || g_error_matches (error, SIPPUSH_PARSE_ERROR, SIPPUSH_PARSE_ERROR_TOO_LARGE));
      g_error_free (error);
      msg_destroy (msg);
    }
}
END_TEST

/* R-DSP-1: P-Asserted-Identity, else From; a bare URI either way. */
START_TEST (test_sender)
{
  msg_t *msg = parse ("");
  gchar *sender = sippush_sip_dup_sender (sip_object (msg));
  ck_assert_str_eq (sender, "sip:pushsender@example.net");
  g_free (sender);
  msg_destroy (msg);

  msg = parse ("P-Asserted-Identity: \"Operator\" <sip:push@operator.example;user=phone>\r\n"
               "P-Asserted-Identity: <tel:+15551234567>\r\n");
  sender = sippush_sip_dup_sender (sip_object (msg));
  ck_assert_str_eq (sender, "sip:push@operator.example;user=phone");
  g_free (sender);
  msg_destroy (msg);

  msg = parse ("P-Asserted-Identity: <tel:+15551234567>\r\n");
  sender = sippush_sip_dup_sender (sip_object (msg));
  ck_assert_str_eq (sender, "tel:+15551234567");
  g_free (sender);
  msg_destroy (msg);
}
END_TEST

/* R-ARI-5: the CSI is passed on as it came. */
START_TEST (test_service_id)
{
  msg_t *msg = parse (
      "Accept-Contact: *;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.push\"\r\n");
  gchar *csi = sippush_sip_dup_service_id (sip_object (msg));
  ck_assert_str_eq (csi, "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.push\"");
  g_free (csi);
  msg_destroy (msg);

  msg = parse ("P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.oma.push\r\n");
  csi = sippush_sip_dup_service_id (sip_object (msg));
  ck_assert_str_eq (csi, "urn:urn-7:3gpp-service.ims.icsi.oma.push");
  g_free (csi);
  msg_destroy (msg);

  msg = parse ("");
  ck_assert_ptr_null (sippush_sip_dup_service_id (sip_object (msg)));
  msg_destroy (msg);
}
END_TEST

START_TEST (test_content_type)
{
  msg_t *msg = parse ("Content-Type: text/plain;charset=UTF-8\r\n");
  gchar *ct = sippush_sip_dup_content_type (sip_object (msg));
  ck_assert_str_eq (ct, "text/plain;charset=UTF-8");
  g_free (ct);
  msg_destroy (msg);
  msg = parse ("");
  ck_assert_ptr_null (sippush_sip_dup_content_type (sip_object (msg)));
  msg_destroy (msg);
}
END_TEST

/* R-DSP-4: allow-list keys ignore parameters, host case and the default port. */
START_TEST (test_uri_key)
{
  static const struct
  {
    const char *a, *b;
    gboolean same;
  } rows[] = {
    { "sip:push@Example.NET", "sip:push@example.net:5060;transport=tcp", TRUE },
    { "sip:push@example.net", "sip:Push@example.net", FALSE },
    { "sip:push@example.net", "sips:push@example.net", FALSE },
    { "sip:push@example.net:5070", "sip:push@example.net", FALSE },
    { "tel:+15551234567", "tel:+15551234567", TRUE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gchar *ka = sippush_uri_key (rows[i].a), *kb = sippush_uri_key (rows[i].b);
      ck_assert_ptr_nonnull (ka);
      ck_assert_ptr_nonnull (kb);
      ck_assert_msg ((strcmp (ka, kb) == 0) == rows[i].same, "%s vs %s", ka, kb);
      g_free (ka);
      g_free (kb);
    }
  ck_assert_ptr_null (sippush_uri_key ("not a uri"));
  ck_assert_ptr_null (sippush_uri_key (""));
  ck_assert_ptr_null (sippush_uri_key ("http://example.net/"));
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("sip-headers");
  TCase *tc = tcase_create ("core");
  tcase_add_test (tc, test_aris_from_accept_contact);
  tcase_add_test (tc, test_aris_malformed);
  tcase_add_test (tc, test_sender);
  tcase_add_test (tc, test_service_id);
  tcase_add_test (tc, test_content_type);
  tcase_add_test (tc, test_uri_key);
  suite_add_tcase (s, tc);
  return sippush_test_run (s);
}
